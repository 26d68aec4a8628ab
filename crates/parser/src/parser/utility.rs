//! Utility statements: transactions, SET/RESET/SHOW, EXPLAIN, COPY, PREPARE/EXECUTE/
//! DEALLOCATE, cursors (DECLARE/FETCH/MOVE/CLOSE), VACUUM/ANALYZE, DISCARD, LOCK, DO.

use super::{Parser, R};
use crate::ast::*;
use crate::lexer::TokKind;

impl<'a> Parser<'a> {
    fn transaction_modes(&mut self) -> R<Vec<TransactionMode>> {
        let mut v = vec![];
        loop {
            if self.eat_kws(&["isolation", "level"]) {
                let lvl = if self.eat_kw("serializable") {
                    "serializable"
                } else if self.eat_kws(&["repeatable", "read"]) {
                    "repeatable read"
                } else if self.eat_kws(&["read", "committed"]) {
                    "read committed"
                } else if self.eat_kws(&["read", "uncommitted"]) {
                    "read uncommitted"
                } else {
                    return Err(self.error());
                };
                v.push(TransactionMode::IsolationLevel(lvl.into()));
            } else if self.eat_kws(&["read", "only"]) {
                v.push(TransactionMode::ReadOnly);
            } else if self.eat_kws(&["read", "write"]) {
                v.push(TransactionMode::ReadWrite);
            } else if self.eat_kw("deferrable") {
                v.push(TransactionMode::Deferrable);
            } else if self.eat_kws(&["not", "deferrable"]) {
                v.push(TransactionMode::NotDeferrable);
            } else {
                if !v.is_empty() && self.toks[self.pos - 1].val == "," {
                    return Err(self.error());
                }
                return Ok(v);
            }
            if !self.eat_op(",") && !self.is_col_label() {
                return Ok(v);
            }
        }
    }

    fn opt_transaction(&mut self) {
        if !self.eat_kw("work") {
            self.eat_kw("transaction");
        }
    }

    pub fn transaction_stmt(&mut self) -> R<Statement> {
        let w = self.advance().val;
        let t = match w.as_str() {
            "begin" => {
                self.opt_transaction();
                TransactionStmt::Begin(self.transaction_modes()?)
            }
            "start" => {
                self.expect_kw("transaction")?;
                TransactionStmt::Begin(self.transaction_modes()?)
            }
            "commit" if self.is_kw("prepared") => {
                self.advance();
                TransactionStmt::CommitPrepared(self.sconst()?)
            }
            "commit" | "end" => {
                self.opt_transaction();
                TransactionStmt::Commit { chain: false }
            }
            "rollback" if self.is_kw("prepared") => {
                self.advance();
                TransactionStmt::RollbackPrepared(self.sconst()?)
            }
            "rollback" | "abort" => {
                self.opt_transaction();
                if w == "rollback" && self.eat_kw("to") {
                    self.eat_kw("savepoint");
                    TransactionStmt::RollbackTo(self.col_id()?)
                } else {
                    TransactionStmt::Rollback { chain: false }
                }
            }
            "savepoint" => TransactionStmt::Savepoint(self.col_id()?),
            "release" => {
                self.eat_kw("savepoint");
                TransactionStmt::Release(self.col_id()?)
            }
            _ => return Err(self.error_at_tok(self.pos - 1)),
        };
        Ok(Statement::Transaction(t))
    }

    pub fn prepare_stmt(&mut self) -> R<Statement> {
        self.expect_kw("prepare")?;
        if self.eat_kw("transaction") {
            return Ok(Statement::Transaction(TransactionStmt::PrepareTransaction(
                self.sconst()?,
            )));
        }
        let name = self.col_id()?;
        let mut arg_types = vec![];
        if self.eat_op("(") {
            loop {
                arg_types.push(self.type_name()?);
                if !self.eat_op(",") {
                    break;
                }
            }
            self.expect_op(")")?;
        }
        self.expect_kw("as")?;
        let start = self.peek().start;
        let statement = self.preparable_stmt()?;
        let statement_text = self.text(start, self.prev_end());
        Ok(Statement::Prepare(Box::new(PrepareStmt {
            name,
            arg_types,
            statement,
            statement_text,
        })))
    }

    pub fn execute_stmt(&mut self) -> R<Statement> {
        self.expect_kw("execute")?;
        let name = self.col_id()?;
        let params = if self.eat_op("(") {
            let v = self.expr_list()?;
            self.expect_op(")")?;
            v
        } else {
            vec![]
        };
        Ok(Statement::Execute(ExecuteStmt { name, params }))
    }

    pub fn deallocate_stmt(&mut self) -> R<Statement> {
        self.expect_kw("deallocate")?;
        self.eat_kw("prepare");
        if self.eat_kw("all") {
            return Ok(Statement::Deallocate(DeallocateStmt { name: None }));
        }
        Ok(Statement::Deallocate(DeallocateStmt {
            name: Some(self.col_id()?),
        }))
    }

    pub fn declare_stmt(&mut self) -> R<Statement> {
        self.expect_kw("declare")?;
        let name = self.col_id()?;
        let mut binary = false;
        let mut scroll = None;
        loop {
            if self.eat_kw("binary") {
                binary = true;
            } else if self.eat_kw("insensitive") {
            } else if self.eat_kws(&["no", "scroll"]) {
                scroll = Some(false);
            } else if self.eat_kw("scroll") {
                scroll = Some(true);
            } else {
                break;
            }
        }
        self.expect_kw("cursor")?;
        let hold = if self.eat_kws(&["with", "hold"]) {
            true
        } else {
            self.eat_kws(&["without", "hold"]);
            false
        };
        self.expect_kw("for")?;
        let query = Statement::Select(Box::new(self.select_stmt()?));
        Ok(Statement::DeclareCursor(Box::new(DeclareCursorStmt {
            name,
            binary,
            scroll,
            hold,
            query,
        })))
    }

    pub fn fetch_stmt(&mut self) -> R<Statement> {
        let is_move = self.advance().val == "move";
        // A direction word only counts when a cursor name follows.
        let followed = |p: &Self, n: usize| {
            let t = p.peek_at(n);
            !(t.kind == TokKind::Eof || (t.kind == TokKind::Op && t.val == ";"))
        };
        let mut direction = FetchDirection::Forward(Some(1));
        let t = self.peek().clone();
        if t.kind == TokKind::Int || self.is_op("-") || self.is_op("+") {
            direction = FetchDirection::Forward(Some(self.signed_iconst()?));
        } else if t.kind == TokKind::Ident && t.kw.is_some() && followed(self, 1) {
            match t.val.as_str() {
                "next" => {
                    self.advance();
                }
                "prior" => {
                    self.advance();
                    direction = FetchDirection::Prior;
                }
                "first" => {
                    self.advance();
                    direction = FetchDirection::First;
                }
                "last" => {
                    self.advance();
                    direction = FetchDirection::Last;
                }
                "absolute" => {
                    self.advance();
                    direction = FetchDirection::Absolute(self.signed_iconst()?);
                }
                "relative" => {
                    self.advance();
                    direction = FetchDirection::Relative(self.signed_iconst()?);
                }
                "all" => {
                    self.advance();
                    direction = FetchDirection::Forward(None);
                }
                "forward" | "backward" => {
                    self.advance();
                    let n = if self.eat_kw("all") {
                        None
                    } else if self.peek().kind == TokKind::Int || self.is_op("-") || self.is_op("+")
                    {
                        Some(self.signed_iconst()?)
                    } else {
                        Some(1)
                    };
                    direction = if t.val == "forward" {
                        FetchDirection::Forward(n)
                    } else {
                        FetchDirection::Backward(n)
                    };
                }
                _ => {}
            }
        }
        if !self.eat_kw("from") {
            self.eat_kw("in");
        }
        let cursor = self.col_id()?;
        Ok(Statement::Fetch(FetchStmt {
            cursor,
            direction,
            is_move,
        }))
    }

    pub fn close_stmt(&mut self) -> R<Statement> {
        self.expect_kw("close")?;
        if self.eat_kw("all") {
            return Ok(Statement::ClosePortal(ClosePortalStmt { name: None }));
        }
        Ok(Statement::ClosePortal(ClosePortalStmt {
            name: Some(self.col_id()?),
        }))
    }

    fn var_name(&mut self) -> R<String> {
        let mut n = self.col_id()?;
        while self.eat_op(".") {
            n.push('.');
            n.push_str(&self.col_id()?);
        }
        Ok(n)
    }

    /// var_value: opt_boolean_or_string | NumericOnly.
    fn var_value(&mut self) -> R<SetValue> {
        let t = self.peek().clone();
        match t.kind {
            TokKind::Str => {
                self.advance();
                Ok(SetValue::String(t.val))
            }
            TokKind::Int | TokKind::Num => {
                self.advance();
                Ok(SetValue::Number(t.val))
            }
            TokKind::Op if t.val == "-" || t.val == "+" => {
                self.advance();
                let n = self.peek().clone();
                if !matches!(n.kind, TokKind::Int | TokKind::Num) {
                    return Err(self.error());
                }
                self.advance();
                Ok(SetValue::Number(if t.val == "-" {
                    format!("-{}", n.val)
                } else {
                    n.val
                }))
            }
            _ => {
                if self.is_kw("true") || self.is_kw("false") || self.is_kw("on") {
                    return Ok(SetValue::String(self.advance().val));
                }
                Ok(SetValue::String(self.nonreserved_word()?))
            }
        }
    }

    pub fn set_stmt(&mut self) -> R<Statement> {
        let loc = self.loc();
        self.expect_kw("set")?;
        if self.is_kw("constraints") && !self.is_kw_at(1, "to") && !self.is_op_at(1, "=") {
            self.advance();
            if !self.eat_kw("all") {
                self.qualified_name_list()?;
            }
            if !self.eat_kw("deferred") {
                self.expect_kw("immediate")?;
            }
            return Ok(Statement::Unsupported {
                tag: "SET CONSTRAINTS".into(),
                what: "SET CONSTRAINTS".into(),
            });
        }
        if self.is_kw("session") && self.is_kw_at(1, "characteristics") {
            self.advance();
            self.advance();
            self.expect_kw("as")?;
            self.expect_kw("transaction")?;
            let modes = self.transaction_modes()?;
            return Ok(Statement::Transaction(TransactionStmt::SetTransaction {
                modes,
                session: true,
            }));
        }
        let mut local = false;
        if self.is_kw("local") && !self.is_kw_at(1, "to") && !self.is_op_at(1, "=") {
            self.advance();
            local = true;
        } else if self.is_kw("session")
            && !self.is_kw_at(1, "to")
            && !self.is_op_at(1, "=")
            && !self.is_kw_at(1, "authorization")
        {
            self.advance();
        }
        let set = |name: &str, values: Option<Vec<SetValue>>| {
            Statement::VariableSet(VariableSetStmt::Set {
                name: name.into(),
                values,
                local,
                location: loc,
            })
        };
        if self.is_kw("transaction") && !self.is_kw_at(1, "to") && !self.is_op_at(1, "=") {
            self.advance();
            if self.eat_kw("snapshot") {
                let s = self.sconst()?;
                return Ok(set("transaction_snapshot", Some(vec![SetValue::String(s)])));
            }
            let modes = self.transaction_modes()?;
            return Ok(Statement::Transaction(TransactionStmt::SetTransaction {
                modes,
                session: false,
            }));
        }
        if self.is_kw("time") && self.is_kw_at(1, "zone") {
            self.advance();
            self.advance();
            if self.eat_kw("default") {
                return Ok(set("timezone", None));
            }
            if self.eat_kw("local") {
                return Ok(set("timezone", Some(vec![SetValue::Local])));
            }
            if self.is_kw("interval") {
                self.advance();
                let mut tn = super::expr::sys_type("interval", -1);
                if self.eat_op("(") {
                    self.iconst()?;
                    self.expect_op(")")?;
                }
                let s = self.sconst()?;
                self.opt_interval(&mut tn)?;
                return Ok(set(
                    "timezone",
                    Some(vec![SetValue::Interval(s, tn.interval_fields)]),
                ));
            }
            let v = self.var_value()?;
            return Ok(set("timezone", Some(vec![v])));
        }
        if self.is_kw("catalog") && self.peek_at(1).kind == TokKind::Str {
            self.advance();
            let s = self.sconst()?;
            return Ok(set("catalog", Some(vec![SetValue::String(s)])));
        }
        if self.is_kw("schema") && self.peek_at(1).kind == TokKind::Str {
            self.advance();
            let s = self.sconst()?;
            return Ok(set("search_path", Some(vec![SetValue::String(s)])));
        }
        if self.is_kw("names") && !self.is_kw_at(1, "to") && !self.is_op_at(1, "=") {
            self.advance();
            if self.eat_kw("default") {
                return Ok(set("client_encoding", None));
            }
            if self.is_op(";") || self.at_eof() {
                return Ok(set("client_encoding", None));
            }
            let v = if self.is_sconst() {
                self.sconst()?
            } else {
                self.nonreserved_word()?
            };
            return Ok(set("client_encoding", Some(vec![SetValue::String(v)])));
        }
        if self.is_kw("role") && !self.is_kw_at(1, "to") && !self.is_op_at(1, "=") {
            self.advance();
            let v = if self.is_sconst() {
                self.sconst()?
            } else {
                self.nonreserved_word()?
            };
            return Ok(set("role", Some(vec![SetValue::String(v)])));
        }
        if self.is_kw("session") && self.is_kw_at(1, "authorization") {
            self.advance();
            self.advance();
            if self.eat_kw("default") {
                return Ok(set("session_authorization", None));
            }
            let v = if self.is_sconst() {
                self.sconst()?
            } else {
                self.nonreserved_word()?
            };
            return Ok(set(
                "session_authorization",
                Some(vec![SetValue::String(v)]),
            ));
        }
        if self.is_kw("xml") && self.is_kw_at(1, "option") {
            self.advance();
            self.advance();
            let v = if self.eat_kw("document") {
                "document"
            } else {
                self.expect_kw("content")?;
                "content"
            };
            return Ok(set("xmloption", Some(vec![SetValue::String(v.into())])));
        }
        let name = self.var_name()?;
        if !self.eat_kw("to") && !self.eat_op("=") {
            return Err(self.error());
        }
        if self.eat_kw("default") {
            return Ok(set(&name, None));
        }
        let mut values = vec![self.var_value()?];
        while self.eat_op(",") {
            values.push(self.var_value()?);
        }
        Ok(set(&name, Some(values)))
    }

    fn special_var_name(&mut self) -> R<Option<String>> {
        if self.eat_kws(&["time", "zone"]) {
            return Ok(Some("timezone".into()));
        }
        if self.eat_kws(&["transaction", "isolation", "level"]) {
            return Ok(Some("transaction_isolation".into()));
        }
        if self.eat_kws(&["session", "authorization"]) {
            return Ok(Some("session_authorization".into()));
        }
        if self.eat_kw("all") {
            return Ok(None);
        }
        Ok(Some(self.var_name()?))
    }

    pub fn reset_stmt(&mut self) -> R<Statement> {
        self.expect_kw("reset")?;
        Ok(Statement::VariableSet(match self.special_var_name()? {
            Some(name) => VariableSetStmt::Reset { name },
            None => VariableSetStmt::ResetAll,
        }))
    }

    pub fn show_stmt(&mut self) -> R<Statement> {
        self.expect_kw("show")?;
        Ok(Statement::VariableShow(match self.special_var_name()? {
            Some(name) => VariableShowStmt::Name(name),
            None => VariableShowStmt::All,
        }))
    }

    fn explainable_stmt(&mut self) -> R<Statement> {
        if self.is_kw("declare") {
            return self.declare_stmt();
        }
        if self.is_kw("execute") {
            return self.execute_stmt();
        }
        if self.is_kw("create") || self.is_kw("refresh") {
            return self.statement();
        }
        self.preparable_stmt()
    }

    pub fn explain_stmt(&mut self) -> R<Statement> {
        self.expect_kw("explain")?;
        let mut options = vec![];
        if self.is_op("(")
            && !self.is_kw_at(1, "select")
            && !self.is_kw_at(1, "values")
            && !self.is_kw_at(1, "with")
            && !self.is_op_at(1, "(")
        {
            self.advance();
            loop {
                let name = if self.is_kw("analyze") || self.is_kw("analyse") {
                    self.advance();
                    "analyze".to_string()
                } else {
                    self.nonreserved_word()?
                };
                let val = if self.is_op(",") || self.is_op(")") {
                    None
                } else {
                    Some(self.var_value_text()?)
                };
                options.push((name, val));
                if !self.eat_op(",") {
                    break;
                }
            }
            self.expect_op(")")?;
        } else {
            if self.eat_kw("analyze") || self.eat_kw("analyse") {
                options.push(("analyze".into(), None));
            }
            if self.eat_kw("verbose") {
                options.push(("verbose".into(), None));
            }
        }
        let statement = self.explainable_stmt()?;
        Ok(Statement::Explain(Box::new(ExplainStmt {
            statement,
            options,
        })))
    }

    fn var_value_text(&mut self) -> R<String> {
        Ok(match self.var_value()? {
            SetValue::String(s) | SetValue::Number(s) => s,
            _ => String::new(),
        })
    }

    pub fn copy_stmt(&mut self) -> R<Statement> {
        self.expect_kw("copy")?;
        let mut c = CopyStmt {
            table: None,
            columns: vec![],
            query: None,
            is_from: false,
            filename: None,
            program: false,
            options: vec![],
            where_clause: None,
        };
        if self.is_op("(") {
            self.advance();
            c.query = Some(Box::new(self.preparable_stmt()?));
            self.expect_op(")")?;
        } else {
            if self.eat_kw("binary") {
                c.options.push(("format".into(), Some("binary".into())));
            }
            c.table = Some(self.qualified_name()?);
            if self.is_op("(") {
                c.columns = self.paren_name_list()?;
            }
            if self.eat_kws(&["with", "oids"]) {
                c.options.push(("oids".into(), Some("true".into())));
            }
        }
        if self.eat_kw("from") {
            c.is_from = true;
        } else {
            self.expect_kw("to")?;
        }
        if c.query.is_some() && c.is_from {
            return Err(self.error_at_tok(self.pos - 1));
        }
        c.program = self.eat_kw("program");
        if self.eat_kw("stdin") || self.eat_kw("stdout") {
            if c.program {
                return Err(self.error_at_tok(self.pos - 1));
            }
        } else {
            c.filename = Some(self.sconst()?);
        }
        if self.eat_kws(&["using", "delimiters"]) {
            let d = self.sconst()?;
            c.options.push(("delimiter".into(), Some(d)));
        }
        let with = self.eat_kw("with");
        if self.is_op("(") {
            self.advance();
            loop {
                let name = self.col_label()?;
                let val = if self.is_op(",") || self.is_op(")") {
                    None
                } else if self.eat_op("*") {
                    Some("*".to_string())
                } else if self.is_op("(") {
                    let l = self.paren_name_list()?;
                    Some(l.join(","))
                } else {
                    Some(self.var_value_text()?)
                };
                c.options.push((name, val));
                if !self.eat_op(",") {
                    break;
                }
            }
            self.expect_op(")")?;
        } else {
            let _ = with;
            loop {
                if self.eat_kw("binary") {
                    c.options.push(("format".into(), Some("binary".into())));
                } else if self.eat_kw("oids") {
                    c.options.push(("oids".into(), Some("true".into())));
                } else if self.eat_kw("freeze") {
                    c.options.push(("freeze".into(), Some("true".into())));
                } else if self.eat_kw("csv") {
                    c.options.push(("format".into(), Some("csv".into())));
                } else if self.eat_kw("header") {
                    c.options.push(("header".into(), Some("true".into())));
                } else if self.is_kw("delimiter")
                    || self.is_kw("null")
                    || self.is_kw("quote")
                    || self.is_kw("escape")
                    || self.is_kw("encoding")
                {
                    let n = self.advance().val;
                    self.eat_kw("as");
                    let v = self.sconst()?;
                    c.options.push((n, Some(v)));
                } else if self.eat_kw("force") {
                    if self.eat_kw("quote") {
                        let v = if self.eat_op("*") {
                            "*".to_string()
                        } else {
                            self.name_list()?.join(",")
                        };
                        c.options.push(("force_quote".into(), Some(v)));
                    } else if self.eat_kws(&["not", "null"]) {
                        c.options
                            .push(("force_not_null".into(), Some(self.name_list()?.join(","))));
                    } else {
                        self.expect_kw("null")?;
                        c.options
                            .push(("force_null".into(), Some(self.name_list()?.join(","))));
                    }
                } else {
                    break;
                }
            }
        }
        Ok(Statement::Copy(Box::new(c)))
    }

    fn vacuum_target(&mut self, v: &mut VacuumStmt) -> R<()> {
        if self.is_col_id() {
            let name = self.qualified_name()?;
            let cols = if self.is_op("(") {
                self.paren_name_list()?
            } else {
                vec![]
            };
            v.tables.push((name, cols));
        }
        Ok(())
    }

    pub fn vacuum_stmt(&mut self) -> R<Statement> {
        self.expect_kw("vacuum")?;
        let mut v = VacuumStmt {
            full: false,
            freeze: false,
            verbose: false,
            analyze: false,
            tables: vec![],
        };
        if self.eat_op("(") {
            loop {
                let w = if self.is_kw("analyze") || self.is_kw("analyse") {
                    self.advance();
                    "analyze".to_string()
                } else {
                    self.col_label()?
                };
                match w.as_str() {
                    "full" => v.full = true,
                    "freeze" => v.freeze = true,
                    "verbose" => v.verbose = true,
                    "analyze" => v.analyze = true,
                    "disable_page_skipping" => {}
                    _ => {
                        return Err(self.err_at(
                            common::sqlstate::SYNTAX_ERROR,
                            format!("unrecognized VACUUM option \"{w}\""),
                            self.toks[self.pos - 1].start as Loc,
                        ));
                    }
                }
                if !self.eat_op(",") {
                    break;
                }
            }
            self.expect_op(")")?;
            self.vacuum_target(&mut v)?;
            return Ok(Statement::Vacuum(v));
        }
        v.full = self.eat_kw("full");
        v.freeze = self.eat_kw("freeze");
        v.verbose = self.eat_kw("verbose");
        if self.eat_kw("analyze") || self.eat_kw("analyse") {
            v.analyze = true;
            if self.eat_kw("verbose") {
                v.verbose = true;
            }
            self.vacuum_target(&mut v)?;
        } else if self.is_col_id() {
            let name = self.qualified_name()?;
            v.tables.push((name, vec![]));
        }
        Ok(Statement::Vacuum(v))
    }

    pub fn analyze_stmt(&mut self) -> R<Statement> {
        self.advance();
        let mut v = VacuumStmt {
            full: false,
            freeze: false,
            verbose: false,
            analyze: true,
            tables: vec![],
        };
        v.verbose = self.eat_kw("verbose");
        self.vacuum_target(&mut v)?;
        Ok(Statement::Analyze(v))
    }

    pub fn discard_stmt(&mut self) -> R<Statement> {
        self.expect_kw("discard")?;
        let d = if self.eat_kw("all") {
            DiscardStmt::All
        } else if self.eat_kw("plans") {
            DiscardStmt::Plans
        } else if self.eat_kw("sequences") {
            DiscardStmt::Sequences
        } else if self.eat_kw("temp") || self.eat_kw("temporary") {
            DiscardStmt::Temp
        } else {
            return Err(self.error());
        };
        Ok(Statement::Discard(d))
    }

    pub fn lock_stmt(&mut self) -> R<Statement> {
        self.expect_kw("lock")?;
        self.eat_kw("table");
        let mut tables = vec![];
        loop {
            let TableRef::Table { name, only, .. } = self.relation_expr()? else {
                return Err(self.error());
            };
            tables.push((name, only));
            if !self.eat_op(",") {
                break;
            }
        }
        let mut mode = "ACCESS EXCLUSIVE".to_string();
        if self.eat_kw("in") {
            let modes: &[&[&str]] = &[
                &["access", "share"],
                &["row", "share"],
                &["row", "exclusive"],
                &["share", "update", "exclusive"],
                &["share", "row", "exclusive"],
                &["share"],
                &["exclusive"],
                &["access", "exclusive"],
            ];
            let mut found = false;
            for m in modes {
                if self.eat_kws(m) {
                    mode = m.join(" ").to_uppercase();
                    found = true;
                    break;
                }
            }
            if !found {
                return Err(self.error());
            }
            self.expect_kw("mode")?;
        }
        let nowait = self.eat_kw("nowait");
        Ok(Statement::Lock(LockStmt {
            tables,
            mode,
            nowait,
        }))
    }

    pub fn do_stmt(&mut self) -> R<Statement> {
        self.expect_kw("do")?;
        let mut language = None;
        let mut body = None;
        loop {
            if self.eat_kw("language") {
                language = Some(if self.is_sconst() {
                    self.sconst()?
                } else {
                    self.nonreserved_word()?
                });
            } else if self.is_sconst() && body.is_none() {
                body = Some(self.sconst()?);
            } else {
                break;
            }
        }
        match body {
            Some(body) => Ok(Statement::Do(DoStmt { body, language })),
            None => Err(self.error()),
        }
    }
}
