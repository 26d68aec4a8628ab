//! DDL statements: CREATE TABLE/INDEX/SCHEMA/SEQUENCE/VIEW/FUNCTION/DATABASE/ROLE, CREATE
//! TABLE AS, ALTER TABLE and friends, DROP, TRUNCATE, COMMENT, GRANT/REVOKE, and the
//! skip-to-end handling of recognised but unmodelled commands.

use super::{Parser, R};
use crate::ast::*;
use crate::lexer::TokKind;

impl<'a> Parser<'a> {
    fn unsupported(&mut self, tag: String) -> R<Statement> {
        self.skip_statement()?;
        Ok(Statement::Unsupported {
            what: tag.clone(),
            tag,
        })
    }

    /// Words naming an object type after CREATE/ALTER/DROP/COMMENT ON, consumed; returns
    /// the upper-case tag words and the kind.
    fn object_type_words(&mut self) -> Option<(String, ObjectKind)> {
        let pairs: &[(&[&str], ObjectKind)] = &[
            (
                &["foreign", "data", "wrapper"],
                ObjectKind::ForeignDataWrapper,
            ),
            (&["foreign", "table"], ObjectKind::ForeignTable),
            (&["foreign", "server"], ObjectKind::Server),
            (&["transform"], ObjectKind::Cast),
            (&["materialized", "view"], ObjectKind::MaterializedView),
            (&["event", "trigger"], ObjectKind::EventTrigger),
            (
                &["text", "search", "configuration"],
                ObjectKind::TextSearchConfiguration,
            ),
            (
                &["text", "search", "dictionary"],
                ObjectKind::TextSearchDictionary,
            ),
            (
                &["text", "search", "parser"],
                ObjectKind::TextSearchConfiguration,
            ),
            (
                &["text", "search", "template"],
                ObjectKind::TextSearchConfiguration,
            ),
            (&["operator", "class"], ObjectKind::OperatorClass),
            (&["operator", "family"], ObjectKind::OperatorFamily),
            (&["access", "method"], ObjectKind::AccessMethod),
            (&["user", "mapping"], ObjectKind::Server),
            (&["large", "object"], ObjectKind::LargeObject),
            (&["procedural", "language"], ObjectKind::Language),
            (&["table"], ObjectKind::Table),
            (&["index"], ObjectKind::Index),
            (&["sequence"], ObjectKind::Sequence),
            (&["view"], ObjectKind::View),
            (&["schema"], ObjectKind::Schema),
            (&["function"], ObjectKind::Function),
            (&["aggregate"], ObjectKind::Aggregate),
            (&["type"], ObjectKind::Type),
            (&["domain"], ObjectKind::Domain),
            (&["database"], ObjectKind::Database),
            (&["role"], ObjectKind::Role),
            (&["user"], ObjectKind::Role),
            (&["group"], ObjectKind::Role),
            (&["extension"], ObjectKind::Extension),
            (&["trigger"], ObjectKind::Trigger),
            (&["rule"], ObjectKind::Rule),
            (&["operator"], ObjectKind::Operator),
            (&["cast"], ObjectKind::Cast),
            (&["collation"], ObjectKind::Collation),
            (&["conversion"], ObjectKind::Conversion),
            (&["language"], ObjectKind::Language),
            (&["server"], ObjectKind::Server),
            (&["tablespace"], ObjectKind::Tablespace),
            (&["policy"], ObjectKind::Policy),
            (&["publication"], ObjectKind::Publication),
            (&["subscription"], ObjectKind::Subscription),
            (&["statistics"], ObjectKind::Statistics),
            (&["column"], ObjectKind::Column),
            (&["constraint"], ObjectKind::Constraint),
        ];
        for (words, kind) in pairs {
            if words.iter().enumerate().all(|(i, w)| self.is_kw_at(i, w)) {
                for _ in words.iter() {
                    self.advance();
                }
                return Some((words.join(" ").to_uppercase(), *kind));
            }
        }
        None
    }

    fn if_not_exists(&mut self) -> bool {
        self.eat_kws(&["if", "not", "exists"])
    }
    fn if_exists(&mut self) -> bool {
        self.eat_kws(&["if", "exists"])
    }
    fn drop_behavior(&mut self) -> DropBehavior {
        if self.eat_kw("cascade") {
            DropBehavior::Cascade
        } else {
            self.eat_kw("restrict");
            DropBehavior::Restrict
        }
    }

    pub fn create_stmt(&mut self) -> R<Statement> {
        self.expect_kw("create")?;
        let or_replace = self.eat_kws(&["or", "replace"]);
        let mut temporary = false;
        let mut unlogged = false;
        if self.eat_kw("temp") || self.eat_kw("temporary") {
            temporary = true;
        } else if (self.is_kw("local") || self.is_kw("global"))
            && (self.is_kw_at(1, "temp") || self.is_kw_at(1, "temporary"))
        {
            self.advance();
            self.advance();
            temporary = true;
        } else if self.eat_kw("unlogged") {
            unlogged = true;
        }
        if self.is_kw("table") {
            return self.create_table(temporary, unlogged);
        }
        if self.is_kw("unique") || self.is_kw("index") {
            return self.create_index();
        }
        if self.is_kw("schema") {
            return self.create_schema();
        }
        if self.is_kw("sequence") {
            self.advance();
            let if_not_exists = self.if_not_exists();
            let name = self.qualified_name()?;
            let options = self.seq_options()?;
            return Ok(Statement::CreateSequence(CreateSequenceStmt {
                name,
                temporary,
                if_not_exists,
                options,
            }));
        }
        if self.is_kw("view") || (self.is_kw("recursive") && self.is_kw_at(1, "view")) {
            return self.create_view(or_replace, temporary);
        }
        if self.is_kw("materialized") && self.is_kw_at(1, "view") {
            self.advance();
            self.advance();
            let if_not_exists = self.if_not_exists();
            let name = self.qualified_name()?;
            let columns = if self.is_op("(") {
                self.paren_name_list()?
            } else {
                vec![]
            };
            self.table_options_skip()?;
            self.expect_kw("as")?;
            let q = self.select_stmt()?;
            let with_data = self.opt_with_data()?;
            return Ok(Statement::CreateTableAs(Box::new(CreateTableAsStmt {
                name,
                columns,
                query: Box::new(Statement::Select(Box::new(q))),
                temporary,
                if_not_exists,
                with_data,
                materialized: true,
            })));
        }
        if self.is_kw("function") {
            return self.create_function(or_replace);
        }
        if self.is_kw("database") {
            self.advance();
            let name = self.col_id()?;
            self.eat_kw("with");
            let options = self.generic_options()?;
            return Ok(Statement::CreateDatabase(CreateDatabaseStmt {
                name,
                options,
            }));
        }
        if (self.is_kw("role") || self.is_kw("user") || self.is_kw("group"))
            && !self.is_kw_at(1, "mapping")
        {
            let kind = self.advance().val.to_uppercase();
            let name = self.role_spec()?;
            self.eat_kw("with");
            let options = self.role_options()?;
            return Ok(Statement::CreateRole(CreateRoleStmt {
                kind,
                name,
                options,
            }));
        }
        // Recognised but not modelled: keep PostgreSQL's command tag.
        let save = self.pos;
        for w in ["trusted", "procedural", "default", "constraint"] {
            if self.is_kw(w) && !self.is_kw_at(1, "(") {
                self.eat_kw(w);
            }
        }
        match self.object_type_words() {
            Some((_, ObjectKind::Column | ObjectKind::Constraint | ObjectKind::LargeObject)) => {
                self.pos = save;
                Err(self.error())
            }
            Some((words, kind)) => {
                if kind == ObjectKind::Operator {
                    while self.is_col_id() && self.is_op_at(1, ".") {
                        self.advance();
                        self.advance();
                    }
                    if !Parser::is_any_operator_tok(self.peek()) {
                        return Err(self.error());
                    }
                }
                if kind == ObjectKind::Role
                    && !(self.is_kw("current_user")
                        || self.is_kw("session_user")
                        || self.is_nonreserved_word())
                {
                    return Err(self.error());
                }
                let tag = match words.as_str() {
                    "PROCEDURAL LANGUAGE" => "CREATE LANGUAGE".to_string(),
                    "TEXT SEARCH PARSER"
                    | "TEXT SEARCH TEMPLATE"
                    | "TEXT SEARCH CONFIGURATION"
                    | "TEXT SEARCH DICTIONARY" => format!("CREATE {words}"),
                    "GROUP" | "USER" => format!("CREATE {words}"),
                    w => format!("CREATE {w}"),
                };
                let tag = if tag == "CREATE CONSTRAINT" {
                    "CREATE TRIGGER".into()
                } else {
                    tag
                };
                self.unsupported(tag)
            }
            None => {
                self.pos = save;
                Err(self.error())
            }
        }
    }

    fn opt_with_data(&mut self) -> R<bool> {
        if self.is_kw("with")
            && (self.is_kw_at(1, "data") || (self.is_kw_at(1, "no") && self.is_kw_at(2, "data")))
        {
            self.advance();
            let no = self.eat_kw("no");
            self.expect_kw("data")?;
            return Ok(!no);
        }
        Ok(true)
    }

    /// [WITH (...)|WITH OIDS|WITHOUT OIDS] [ON COMMIT ...] [TABLESPACE x], ignoring values.
    fn table_options_skip(&mut self) -> R<()> {
        let mut dummy = CreateTableStmt {
            name: QualifiedName::simple(""),
            if_not_exists: false,
            temporary: false,
            unlogged: false,
            elements: vec![],
            inherits: vec![],
            partition_by: None,
            partition_of: None,
            of_type: None,
            options: vec![],
            with_oids: None,
            on_commit: None,
            tablespace: None,
        };
        self.table_options(&mut dummy)
    }

    fn table_options(&mut self, t: &mut CreateTableStmt) -> R<()> {
        if self.is_kw("with") && self.is_op_at(1, "(") {
            self.advance();
            t.options = self.reloptions()?;
        } else if self.is_kw("with") && self.is_kw_at(1, "oids") {
            self.advance();
            self.advance();
            t.with_oids = Some(true);
        } else if self.is_kw("without") && self.is_kw_at(1, "oids") {
            self.advance();
            self.advance();
            t.with_oids = Some(false);
        }
        if self.is_kw("on") && self.is_kw_at(1, "commit") {
            self.advance();
            self.advance();
            t.on_commit = Some(if self.eat_kw("drop") {
                OnCommit::Drop
            } else if self.eat_kw("delete") {
                self.expect_kw("rows")?;
                OnCommit::DeleteRows
            } else {
                self.expect_kw("preserve")?;
                self.expect_kw("rows")?;
                OnCommit::PreserveRows
            });
        }
        if self.eat_kw("tablespace") {
            t.tablespace = Some(self.col_id()?);
        }
        Ok(())
    }

    /// '(' name [= value], ... ')' for reloptions.
    pub fn reloptions(&mut self) -> R<Vec<(String, Option<String>)>> {
        self.expect_op("(")?;
        let mut v = vec![];
        loop {
            let mut name = self.col_label()?;
            if self.eat_op(".") {
                name = format!("{name}.{}", self.col_label()?);
            }
            let val = if self.eat_op("=") {
                Some(self.def_arg()?)
            } else {
                None
            };
            v.push((name, val));
            if !self.eat_op(",") {
                break;
            }
        }
        self.expect_op(")")?;
        Ok(v)
    }

    /// def_arg as text: a word, string, number (with sign), or operator.
    fn def_arg(&mut self) -> R<String> {
        let t = self.peek().clone();
        match t.kind {
            TokKind::Ident | TokKind::QIdent | TokKind::Str | TokKind::Int | TokKind::Num => {
                self.advance();
                Ok(t.val)
            }
            TokKind::Op if t.val == "-" || t.val == "+" => {
                self.advance();
                let n = self.peek().clone();
                if matches!(n.kind, TokKind::Int | TokKind::Num) {
                    self.advance();
                    Ok(if t.val == "-" {
                        format!("-{}", n.val)
                    } else {
                        n.val
                    })
                } else {
                    Ok(t.val)
                }
            }
            TokKind::Op if Parser::is_any_operator_tok(&t) => {
                self.advance();
                Ok(t.val)
            }
            _ => Err(self.error()),
        }
    }

    fn create_table(&mut self, temporary: bool, unlogged: bool) -> R<Statement> {
        self.expect_kw("table")?;
        let if_not_exists = self.if_not_exists();
        let name = self.qualified_name()?;
        // CREATE TABLE ... AS
        if self.is_kw("as")
            || self.is_kw("with")
            || self.is_kw("on")
            || self.is_kw("tablespace")
            || self.is_kw("without")
        {
            if let Some(s) =
                self.attempt(|p| p.ctas_rest(name.clone(), vec![], temporary, if_not_exists))
            {
                return Ok(s);
            }
        }
        if self.is_op("(") {
            let save = self.pos;
            if let Some(cols) = self.attempt(|p| {
                let c = p.paren_name_list()?;
                if p.is_kw("as")
                    || p.is_kw("with")
                    || p.is_kw("on")
                    || p.is_kw("tablespace")
                    || p.is_kw("without")
                {
                    Ok(c)
                } else {
                    Err(p.error())
                }
            }) {
                if let Some(s) =
                    self.attempt(|p| p.ctas_rest(name.clone(), cols, temporary, if_not_exists))
                {
                    return Ok(s);
                }
                self.pos = save;
            }
        }
        let mut t = CreateTableStmt {
            name,
            if_not_exists,
            temporary,
            unlogged,
            elements: vec![],
            inherits: vec![],
            partition_by: None,
            partition_of: None,
            of_type: None,
            options: vec![],
            with_oids: None,
            on_commit: None,
            tablespace: None,
        };
        if self.is_kw("partition") && self.is_kw_at(1, "of") {
            self.advance();
            self.advance();
            t.partition_of = Some(self.qualified_name()?);
            if self.is_op("(") {
                self.skip_parens()?;
            }
            self.expect_kw("for")?;
            self.expect_kw("values")?;
            let bound_list = |p: &mut Self| -> R<()> {
                p.expect_op("(")?;
                loop {
                    let t = p.peek().clone();
                    match t.kind {
                        TokKind::Str | TokKind::Int | TokKind::Num => {
                            p.advance();
                        }
                        TokKind::Op if t.val == "-" || t.val == "+" => {
                            p.numeric_only()?;
                        }
                        TokKind::Ident
                            if ["true", "false", "null", "minvalue", "maxvalue", "unbounded"]
                                .iter()
                                .any(|k| p.is_kw(k)) =>
                        {
                            p.advance();
                        }
                        _ => return Err(p.error()),
                    }
                    if !p.eat_op(",") {
                        break;
                    }
                }
                p.expect_op(")")
            };
            if self.eat_kw("in") {
                bound_list(self)?;
            } else {
                self.expect_kw("from")?;
                bound_list(self)?;
                self.expect_kw("to")?;
                bound_list(self)?;
            }
            self.skip_statement()?;
            return Ok(Statement::CreateTable(Box::new(t)));
        }
        if self.eat_kw("of") {
            let tl = self.loc();
            let n = self.qualified_name()?;
            t.of_type = Some(TypeName {
                name: n,
                modifiers: vec![],
                interval_fields: vec![],
                array_bounds: vec![],
                setof: false,
                pct_type: false,
                location: tl,
            });
            if self.is_op("(") {
                self.skip_parens()?;
            }
        } else {
            self.expect_op("(")?;
            if !self.is_op(")") {
                loop {
                    t.elements.push(self.table_element()?);
                    if !self.eat_op(",") {
                        break;
                    }
                }
            }
            self.expect_op(")")?;
        }
        if self.eat_kw("inherits") {
            self.expect_op("(")?;
            t.inherits = self.qualified_name_list()?;
            self.expect_op(")")?;
        }
        if self.is_kw("partition") && self.is_kw_at(1, "by") {
            let start = self.peek().start;
            self.advance();
            self.advance();
            self.col_id()?;
            self.skip_parens()?;
            t.partition_by = Some(self.text(start, self.prev_end()));
        }
        self.table_options(&mut t)?;
        Ok(Statement::CreateTable(Box::new(t)))
    }

    /// Skip a balanced parenthesised group starting at '('.
    pub fn skip_parens(&mut self) -> R<()> {
        self.expect_op("(")?;
        let mut depth = 1;
        while depth > 0 {
            if self.at_eof() {
                return Err(self.error());
            }
            if self.is_op("(") {
                depth += 1;
            } else if self.is_op(")") {
                depth -= 1;
            }
            self.advance();
        }
        Ok(())
    }

    fn ctas_rest(
        &mut self,
        name: QualifiedName,
        columns: Vec<String>,
        temporary: bool,
        if_not_exists: bool,
    ) -> R<Statement> {
        self.table_options_skip()?;
        self.expect_kw("as")?;
        let q = if self.is_kw("execute") {
            self.execute_stmt()?
        } else {
            Statement::Select(Box::new(self.select_stmt()?))
        };
        let with_data = self.opt_with_data()?;
        if !(self.is_op(";") || self.at_eof() || self.is_op(")")) {
            return Err(self.error());
        }
        Ok(Statement::CreateTableAs(Box::new(CreateTableAsStmt {
            name,
            columns,
            query: Box::new(q),
            temporary,
            if_not_exists,
            with_data,
            materialized: false,
        })))
    }

    fn table_element(&mut self) -> R<TableElement> {
        if self.is_kw("like") {
            self.advance();
            let table = self.qualified_name()?;
            let mut options = vec![];
            while self.is_kw("including") || self.is_kw("excluding") {
                let w = self.advance().val;
                let o = self.col_label()?;
                options.push(format!("{w} {o}"));
            }
            return Ok(TableElement::Like { table, options });
        }
        if self.is_kw("constraint")
            || self.is_kw("check")
            || self.is_kw("unique")
            || self.is_kw("primary")
            || self.is_kw("foreign")
            || (self.is_kw("exclude") && (self.is_kw_at(1, "using") || self.is_op_at(1, "(")))
        {
            return Ok(TableElement::Constraint(self.table_constraint()?));
        }
        Ok(TableElement::Column(self.column_def()?))
    }

    pub fn column_def(&mut self) -> R<ColumnDef> {
        let loc = self.loc();
        let name = self.col_id()?;
        let type_name = self.type_name()?;
        let mut c = ColumnDef {
            name,
            type_name,
            constraints: vec![],
            collation: None,
            location: loc,
        };
        loop {
            if self.eat_kw("collate") {
                c.collation = Some(self.qualified_name()?);
                continue;
            }
            if self.is_kw("options") && self.is_op_at(1, "(") {
                self.advance();
                self.skip_parens()?;
                continue;
            }
            if self.is_kw("deferrable")
                || (self.is_kw("not") && self.is_kw_at(1, "deferrable"))
                || self.is_kw("initially")
            {
                let Some(last) = c.constraints.last_mut() else {
                    return Err(self.error());
                };
                if self.eat_kw("deferrable") {
                    last.deferrable = Some(true);
                } else if self.eat_kws(&["not", "deferrable"]) {
                    last.deferrable = Some(false);
                } else {
                    self.advance();
                    if self.eat_kw("deferred") {
                        last.initially_deferred = Some(true);
                    } else {
                        self.expect_kw("immediate")?;
                        last.initially_deferred = Some(false);
                    }
                }
                continue;
            }
            let cloc = self.loc();
            let cname = if self.eat_kw("constraint") {
                Some(self.col_id()?)
            } else {
                None
            };
            let kind = if self.is_kw("not") {
                self.advance();
                self.expect_kw("null")?;
                ColumnConstraintKind::NotNull
            } else if self.eat_kw("null") {
                ColumnConstraintKind::Null
            } else if self.eat_kw("default") {
                ColumnConstraintKind::Default(self.b_expr()?)
            } else if self.eat_kw("check") {
                self.expect_op("(")?;
                let expr = self.a_expr()?;
                self.expect_op(")")?;
                let no_inherit = self.eat_kws(&["no", "inherit"]);
                ColumnConstraintKind::Check { expr, no_inherit }
            } else if self.eat_kw("unique") {
                ColumnConstraintKind::Unique {
                    options: self.index_options()?,
                }
            } else if self.eat_kws(&["primary", "key"]) {
                ColumnConstraintKind::PrimaryKey {
                    options: self.index_options()?,
                }
            } else if self.eat_kw("references") {
                ColumnConstraintKind::References(self.fk_ref()?)
            } else if self.eat_kw("generated") {
                let always = if self.eat_kw("always") {
                    true
                } else {
                    self.expect_kw("by")?;
                    self.expect_kw("default")?;
                    false
                };
                self.expect_kw("as")?;
                self.expect_kw("identity")?;
                let options = if self.eat_op("(") {
                    let o = self.seq_options()?;
                    self.expect_op(")")?;
                    o
                } else {
                    vec![]
                };
                ColumnConstraintKind::Identity { always, options }
            } else {
                if cname.is_some() {
                    return Err(self.error());
                }
                break;
            };
            c.constraints.push(ColumnConstraint {
                name: cname,
                kind,
                deferrable: None,
                initially_deferred: None,
                location: cloc,
            });
        }
        Ok(c)
    }

    fn index_options(&mut self) -> R<IndexOptions> {
        let mut o = IndexOptions::default();
        if self.is_kw("with") && self.is_op_at(1, "(") {
            self.advance();
            o.with = self.reloptions()?;
        }
        if self.eat_kws(&["using", "index", "tablespace"]) {
            o.tablespace = Some(self.col_id()?);
        }
        Ok(o)
    }

    fn ref_action(&mut self) -> R<ReferentialAction> {
        if self.eat_kws(&["no", "action"]) {
            Ok(ReferentialAction::NoAction)
        } else if self.eat_kw("restrict") {
            Ok(ReferentialAction::Restrict)
        } else if self.eat_kw("cascade") {
            Ok(ReferentialAction::Cascade)
        } else if self.eat_kws(&["set", "null"]) {
            Ok(ReferentialAction::SetNull)
        } else if self.eat_kws(&["set", "default"]) {
            Ok(ReferentialAction::SetDefault)
        } else {
            Err(self.error())
        }
    }

    fn fk_ref(&mut self) -> R<ForeignKeyRef> {
        let table = self.qualified_name()?;
        let columns = if self.is_op("(") {
            self.paren_name_list()?
        } else {
            vec![]
        };
        let mut r = ForeignKeyRef {
            table,
            columns,
            match_type: b's',
            on_delete: ReferentialAction::NoAction,
            on_update: ReferentialAction::NoAction,
        };
        loop {
            if self.eat_kw("match") {
                r.match_type = if self.eat_kw("full") {
                    b'f'
                } else if self.eat_kw("partial") {
                    b'p'
                } else {
                    self.expect_kw("simple")?;
                    b's'
                };
            } else if self.is_kw("on") && self.is_kw_at(1, "delete") {
                self.advance();
                self.advance();
                r.on_delete = self.ref_action()?;
            } else if self.is_kw("on") && self.is_kw_at(1, "update") {
                self.advance();
                self.advance();
                r.on_update = self.ref_action()?;
            } else {
                return Ok(r);
            }
        }
    }

    pub fn table_constraint(&mut self) -> R<TableConstraint> {
        let loc = self.loc();
        let name = if self.eat_kw("constraint") {
            Some(self.col_id()?)
        } else {
            None
        };
        let kind = if self.eat_kw("check") {
            self.expect_op("(")?;
            let expr = self.a_expr()?;
            self.expect_op(")")?;
            TableConstraintKind::Check {
                expr,
                no_inherit: false,
            }
        } else if self.eat_kw("unique") {
            if self.eat_kws(&["using", "index"]) {
                let idx = self.col_id()?;
                TableConstraintKind::Unique {
                    columns: vec![],
                    options: IndexOptions {
                        with: vec![("using_index".into(), Some(idx))],
                        tablespace: None,
                    },
                }
            } else {
                let columns = self.paren_name_list()?;
                TableConstraintKind::Unique {
                    columns,
                    options: self.index_options()?,
                }
            }
        } else if self.eat_kws(&["primary", "key"]) {
            if self.eat_kws(&["using", "index"]) {
                let idx = self.col_id()?;
                TableConstraintKind::PrimaryKey {
                    columns: vec![],
                    options: IndexOptions {
                        with: vec![("using_index".into(), Some(idx))],
                        tablespace: None,
                    },
                }
            } else {
                let columns = self.paren_name_list()?;
                TableConstraintKind::PrimaryKey {
                    columns,
                    options: self.index_options()?,
                }
            }
        } else if self.eat_kws(&["foreign", "key"]) {
            let columns = self.paren_name_list()?;
            self.expect_kw("references")?;
            TableConstraintKind::ForeignKey {
                columns,
                reference: self.fk_ref()?,
            }
        } else if self.is_kw("exclude") {
            let start = self.peek().start;
            self.advance();
            if self.eat_kw("using") {
                self.col_id()?;
            }
            self.skip_parens()?;
            let _ = self.index_options()?;
            if self.eat_kw("where") {
                self.skip_parens()?;
            }
            TableConstraintKind::Exclude {
                raw: self.text(start, self.prev_end()),
            }
        } else {
            return Err(self.error());
        };
        let mut c = TableConstraint {
            name,
            kind,
            deferrable: None,
            initially_deferred: None,
            not_valid: false,
            location: loc,
        };
        loop {
            if self.eat_kw("deferrable") {
                c.deferrable = Some(true);
            } else if self.eat_kws(&["not", "deferrable"]) {
                c.deferrable = Some(false);
            } else if self.eat_kws(&["initially", "deferred"]) {
                c.initially_deferred = Some(true);
            } else if self.eat_kws(&["initially", "immediate"]) {
                c.initially_deferred = Some(false);
            } else if self.eat_kws(&["not", "valid"]) {
                c.not_valid = true;
            } else if self.eat_kws(&["no", "inherit"]) {
                if let TableConstraintKind::Check { no_inherit, .. } = &mut c.kind {
                    *no_inherit = true;
                }
            } else {
                return Ok(c);
            }
        }
    }

    pub fn index_elem(&mut self) -> R<IndexElem> {
        let mut e = IndexElem {
            column: None,
            expr: None,
            collation: None,
            opclass: None,
            direction: SortDirection::Default,
            nulls: NullsOrder::Default,
        };
        if self.is_op("(") {
            self.advance();
            e.expr = Some(self.a_expr()?);
            self.expect_op(")")?;
        } else if self.is_col_id() && !self.is_op_at(1, "(") && !self.is_op_at(1, ".") {
            e.column = Some(self.col_id()?);
        } else {
            e.expr = Some(self.expr_bp(16)?);
        }
        if self.eat_kw("collate") {
            e.collation = Some(self.qualified_name()?);
        }
        if self.is_col_id() && !self.is_kw("nulls") && !(self.is_kw("with")) {
            e.opclass = Some(self.qualified_name()?);
        }
        if self.eat_kw("asc") {
            e.direction = SortDirection::Asc;
        } else if self.eat_kw("desc") {
            e.direction = SortDirection::Desc;
        }
        if self.is_kw("nulls") && (self.is_kw_at(1, "first") || self.is_kw_at(1, "last")) {
            self.advance();
            e.nulls = if self.advance().val == "first" {
                NullsOrder::First
            } else {
                NullsOrder::Last
            };
        }
        Ok(e)
    }

    fn create_index(&mut self) -> R<Statement> {
        let unique = self.eat_kw("unique");
        self.expect_kw("index")?;
        let concurrently = self.eat_kw("concurrently");
        let if_not_exists = self.if_not_exists();
        let name = if self.is_kw("on") {
            None
        } else {
            Some(self.col_id()?)
        };
        if if_not_exists && name.is_none() {
            return Err(self.error());
        }
        self.expect_kw("on")?;
        let TableRef::Table { name: table, .. } = self.relation_expr()? else {
            return Err(self.error());
        };
        let method = if self.eat_kw("using") {
            Some(self.col_id()?)
        } else {
            None
        };
        self.expect_op("(")?;
        let mut columns = vec![];
        loop {
            columns.push(self.index_elem()?);
            if !self.eat_op(",") {
                break;
            }
        }
        self.expect_op(")")?;
        let mut options = IndexOptions::default();
        if self.is_kw("with") && self.is_op_at(1, "(") {
            self.advance();
            options.with = self.reloptions()?;
        }
        if self.eat_kw("tablespace") {
            options.tablespace = Some(self.col_id()?);
        }
        let where_clause = if self.eat_kw("where") {
            Some(self.a_expr()?)
        } else {
            None
        };
        Ok(Statement::CreateIndex(Box::new(CreateIndexStmt {
            name,
            table,
            unique,
            concurrently,
            if_not_exists,
            method,
            columns,
            where_clause,
            options,
        })))
    }

    fn create_schema(&mut self) -> R<Statement> {
        self.expect_kw("schema")?;
        let if_not_exists = self.if_not_exists();
        let mut name = None;
        let mut authorization = None;
        if self.eat_kw("authorization") {
            authorization = Some(self.role_spec()?);
        } else {
            name = Some(self.col_id()?);
            if self.eat_kw("authorization") {
                authorization = Some(self.role_spec()?);
            }
        }
        let mut elements = vec![];
        while self.is_kw("create") || self.is_kw("grant") {
            elements.push(self.statement()?);
        }
        Ok(Statement::CreateSchema(CreateSchemaStmt {
            name,
            authorization,
            if_not_exists,
            elements,
        }))
    }

    fn numeric_only(&mut self) -> R<Expr> {
        let loc = self.loc();
        let neg = self.eat_op("-");
        if !neg {
            self.eat_op("+");
        }
        let t = self.peek().clone();
        let v = match t.kind {
            TokKind::Int => match t.val.parse::<i64>() {
                Ok(i) => Literal::Integer(if neg { -i } else { i }),
                Err(_) => Literal::Numeric(if neg {
                    format!("-{}", t.val)
                } else {
                    t.val.clone()
                }),
            },
            TokKind::Num => Literal::Numeric(if neg {
                format!("-{}", t.val)
            } else {
                t.val.clone()
            }),
            _ => return Err(self.error()),
        };
        self.advance();
        Ok(Expr::Literal {
            value: v,
            location: loc,
        })
    }

    pub fn seq_options(&mut self) -> R<Vec<SequenceOption>> {
        let mut v = vec![];
        loop {
            if self.eat_kw("as") {
                v.push(SequenceOption::As(self.simple_type_name(false)?));
            } else if self.eat_kw("cache") {
                v.push(SequenceOption::Cache(self.numeric_only()?));
            } else if self.eat_kw("cycle") {
                v.push(SequenceOption::Cycle(true));
            } else if self.eat_kws(&["no", "cycle"]) {
                v.push(SequenceOption::Cycle(false));
            } else if self.eat_kw("increment") {
                self.eat_kw("by");
                v.push(SequenceOption::IncrementBy(self.numeric_only()?));
            } else if self.eat_kw("maxvalue") {
                v.push(SequenceOption::MaxValue(Some(self.numeric_only()?)));
            } else if self.eat_kw("minvalue") {
                v.push(SequenceOption::MinValue(Some(self.numeric_only()?)));
            } else if self.eat_kws(&["no", "maxvalue"]) {
                v.push(SequenceOption::MaxValue(None));
            } else if self.eat_kws(&["no", "minvalue"]) {
                v.push(SequenceOption::MinValue(None));
            } else if self.eat_kws(&["owned", "by"]) {
                let n = self.any_name()?;
                v.push(SequenceOption::OwnedBy(if n.len() == 1 && n[0] == "none" {
                    None
                } else {
                    Some(n)
                }));
            } else if self.eat_kw("start") {
                self.eat_kw("with");
                v.push(SequenceOption::Start(self.numeric_only()?));
            } else if self.eat_kw("restart") {
                if self.eat_kw("with")
                    || matches!(self.peek().kind, TokKind::Int | TokKind::Num)
                    || self.is_op("-")
                    || self.is_op("+")
                {
                    v.push(SequenceOption::Restart(Some(self.numeric_only()?)));
                } else {
                    v.push(SequenceOption::Restart(None));
                }
            } else if self.eat_kws(&["sequence", "name"]) {
                self.any_name()?;
            } else {
                return Ok(v);
            }
        }
    }

    fn create_view(&mut self, or_replace: bool, temporary: bool) -> R<Statement> {
        let recursive = self.eat_kw("recursive");
        self.expect_kw("view")?;
        let name = self.qualified_name()?;
        let columns = if self.is_op("(") {
            self.paren_name_list()?
        } else {
            vec![]
        };
        let options = if self.is_kw("with") && self.is_op_at(1, "(") {
            self.advance();
            self.reloptions()?
        } else {
            vec![]
        };
        self.expect_kw("as")?;
        let start = self.peek().start;
        let query = self.select_stmt()?;
        let query_text = self.text(start, self.prev_end());
        let mut check_option = None;
        if self.is_kw("with")
            && (self.is_kw_at(1, "check")
                || self.is_kw_at(1, "cascaded")
                || self.is_kw_at(1, "local"))
        {
            self.advance();
            let kind = if self.eat_kw("local") {
                "local"
            } else {
                self.eat_kw("cascaded");
                "cascaded"
            };
            self.expect_kw("check")?;
            self.expect_kw("option")?;
            check_option = Some(kind.to_string());
        }
        Ok(Statement::CreateView(Box::new(CreateViewStmt {
            name,
            columns,
            query: Box::new(query),
            query_text,
            or_replace,
            temporary,
            recursive,
            check_option,
            options,
        })))
    }

    fn is_type_start_at(&self, n: usize) -> bool {
        let t = self.peek_at(n);
        match t.kind {
            TokKind::QIdent => true,
            TokKind::Ident => match t.kw {
                None => true,
                Some(crate::keywords::KwCat::Unreserved)
                | Some(crate::keywords::KwCat::TypeFuncName) => true,
                Some(crate::keywords::KwCat::ColName) => matches!(
                    t.val.as_str(),
                    "int"
                        | "integer"
                        | "smallint"
                        | "bigint"
                        | "real"
                        | "float"
                        | "decimal"
                        | "dec"
                        | "numeric"
                        | "boolean"
                        | "bit"
                        | "char"
                        | "character"
                        | "varchar"
                        | "nchar"
                        | "national"
                        | "time"
                        | "timestamp"
                        | "interval"
                        | "setof"
                ),
                _ => false,
            },
            _ => false,
        }
    }

    /// func_arg: [mode] [name] type, returning (mode, name, type).
    pub fn func_arg(&mut self) -> R<FunctionArg> {
        let mut mode = b'i';
        let mode_word = |p: &mut Self| -> Option<u8> {
            if p.is_kw("in") {
                p.advance();
                if p.eat_kw("out") {
                    return Some(b'b');
                }
                return Some(b'i');
            }
            if p.eat_kw("out") {
                return Some(b'o');
            }
            if p.eat_kw("inout") {
                return Some(b'b');
            }
            if p.eat_kw("variadic") {
                return Some(b'v');
            }
            None
        };
        if let Some(m) = mode_word(self) {
            mode = m;
        }
        let mut name = None;
        if self.is_type_func_name()
            && !self.is_op_at(1, ".")
            && !self.is_op_at(1, "%")
            && !self.is_op_at(1, "(")
            && !self.is_op_at(1, "[")
            && (self.is_type_start_at(1)
                || ["in", "out", "inout", "variadic"]
                    .iter()
                    .any(|k| self.is_kw_at(1, k)))
            && !(self.is_kw("double") && self.is_kw_at(1, "precision"))
        {
            name = Some(self.advance().val);
            if let Some(m) = mode_word(self) {
                mode = m;
            }
        }
        let type_name = self.type_name()?;
        let default = if self.eat_kw("default") || self.eat_op("=") {
            Some(self.a_expr()?)
        } else {
            None
        };
        Ok(FunctionArg {
            name,
            type_name,
            mode,
            default,
        })
    }

    pub fn func_args(&mut self) -> R<Vec<FunctionArg>> {
        self.expect_op("(")?;
        let mut v = vec![];
        if !self.is_op(")") {
            loop {
                v.push(self.func_arg()?);
                if !self.eat_op(",") {
                    break;
                }
            }
        }
        self.expect_op(")")?;
        Ok(v)
    }

    fn create_function(&mut self, or_replace: bool) -> R<Statement> {
        self.expect_kw("function")?;
        let name = self.qualified_name()?;
        let args = self.func_args()?;
        let mut f = CreateFunctionStmt {
            name,
            or_replace,
            args,
            returns: None,
            returns_table: vec![],
            language: None,
            body: vec![],
            options: vec![],
            is_aggregate: false,
        };
        if self.eat_kw("returns") {
            if self.eat_kw("table") {
                self.expect_op("(")?;
                loop {
                    let n = self.type_func_name()?;
                    let t = self.type_name()?;
                    f.returns_table.push((n, t));
                    if !self.eat_op(",") {
                        break;
                    }
                }
                self.expect_op(")")?;
            } else {
                f.returns = Some(self.type_name()?);
            }
        }
        loop {
            if self.eat_kw("as") {
                f.body.push(self.sconst()?);
                if self.eat_op(",") {
                    f.body.push(self.sconst()?);
                }
            } else if self.eat_kw("language") {
                f.language = Some(if self.is_sconst() {
                    self.sconst()?
                } else {
                    self.nonreserved_word()?
                });
            } else if self.eat_kw("window") {
                f.options.push(("window".into(), None));
            } else if self.eat_kws(&["called", "on", "null", "input"]) {
                f.options.push(("strict".into(), Some("false".into())));
            } else if self.eat_kws(&["returns", "null", "on", "null", "input"])
                || self.eat_kw("strict")
            {
                f.options.push(("strict".into(), Some("true".into())));
            } else if self.is_kw("immutable") || self.is_kw("stable") || self.is_kw("volatile") {
                let v = self.advance().val;
                f.options.push(("volatility".into(), Some(v)));
            } else if self.eat_kw("external") || self.is_kw("security") {
                self.expect_kw("security")?;
                let v = if self.eat_kw("definer") {
                    "definer"
                } else {
                    self.expect_kw("invoker")?;
                    "invoker"
                };
                f.options.push(("security".into(), Some(v.into())));
            } else if self.eat_kw("leakproof") {
                f.options.push(("leakproof".into(), Some("true".into())));
            } else if self.eat_kws(&["not", "leakproof"]) {
                f.options.push(("leakproof".into(), Some("false".into())));
            } else if self.is_kw("cost") || self.is_kw("rows") {
                let w = self.advance().val;
                let n = self.numeric_only()?;
                let s = match n {
                    Expr::Literal {
                        value: Literal::Integer(i),
                        ..
                    } => i.to_string(),
                    Expr::Literal {
                        value: Literal::Numeric(s),
                        ..
                    } => s,
                    _ => String::new(),
                };
                f.options.push((w, Some(s)));
            } else if self.eat_kw("parallel") {
                let v = self.col_id()?;
                f.options.push(("parallel".into(), Some(v)));
            } else if self.is_kw("set") && self.is_kw_at(2, "from") && self.is_kw_at(3, "current") {
                let start = self.peek().start;
                for _ in 0..4 {
                    self.advance();
                }
                f.options
                    .push(("set".into(), Some(self.text(start, self.prev_end()))));
            } else if self.is_kw("set") || self.is_kw("reset") {
                let start = self.peek().start;
                let st = if self.is_kw("set") {
                    self.set_stmt()?
                } else {
                    self.reset_stmt()?
                };
                let _ = st;
                f.options
                    .push(("set".into(), Some(self.text(start, self.prev_end()))));
            } else if self.eat_kw("transform") {
                loop {
                    self.expect_kw("for")?;
                    self.expect_kw("type")?;
                    self.type_name()?;
                    if !self.eat_op(",") {
                        break;
                    }
                }
            } else if self.is_kw("with") && self.is_op_at(1, "(") {
                self.advance();
                for (n, v) in self.reloptions()? {
                    f.options.push((n, v));
                }
            } else {
                break;
            }
        }
        Ok(Statement::CreateFunction(Box::new(f)))
    }

    /// Generic `name [=] value` option list (CREATE DATABASE).
    fn generic_options(&mut self) -> R<Vec<(String, Option<String>)>> {
        let mut v = vec![];
        while self.is_col_label() {
            let mut name = self.advance().val;
            if name == "connection" && self.eat_kw("limit") {
                name = "connection_limit".into();
            }
            self.eat_op("=");
            let val = if self.eat_kw("default") {
                None
            } else {
                Some(self.def_arg()?)
            };
            v.push((name, val));
        }
        Ok(v)
    }

    pub fn role_spec(&mut self) -> R<String> {
        if self.is_kw("current_user") || self.is_kw("session_user") {
            return Ok(self.advance().val);
        }
        self.nonreserved_word()
    }

    fn role_list(&mut self) -> R<Vec<String>> {
        let mut v = vec![self.role_spec()?];
        while self.eat_op(",") {
            v.push(self.role_spec()?);
        }
        Ok(v)
    }

    fn role_options(&mut self) -> R<Vec<(String, Option<Expr>)>> {
        let mut v = vec![];
        loop {
            let loc = self.loc();
            let s = |x: String| {
                Some(Expr::Literal {
                    value: Literal::String(x),
                    location: loc,
                })
            };
            if self.eat_kw("password")
                || self.eat_kws(&["encrypted", "password"])
                || self.eat_kws(&["unencrypted", "password"])
            {
                if self.eat_kw("null") {
                    v.push(("password".into(), None));
                } else {
                    let p = self.sconst()?;
                    v.push(("password".into(), s(p)));
                }
            } else if self.eat_kws(&["connection", "limit"]) {
                v.push(("connection_limit".into(), Some(self.numeric_only()?)));
            } else if self.eat_kws(&["valid", "until"]) {
                let p = self.sconst()?;
                v.push(("valid_until".into(), s(p)));
            } else if self.eat_kws(&["in", "role"]) || self.eat_kws(&["in", "group"]) {
                let l = self.role_list()?;
                v.push((
                    "in_role".into(),
                    Some(Expr::Row(
                        l.into_iter()
                            .map(|r| Expr::Literal {
                                value: Literal::String(r),
                                location: loc,
                            })
                            .collect(),
                        loc,
                    )),
                ));
            } else if self.is_kw("role") || self.is_kw("admin") || self.is_kw("user") {
                let w = self.advance().val;
                let l = self.role_list()?;
                v.push((
                    if w == "user" { "role".into() } else { w },
                    Some(Expr::Row(
                        l.into_iter()
                            .map(|r| Expr::Literal {
                                value: Literal::String(r),
                                location: loc,
                            })
                            .collect(),
                        loc,
                    )),
                ));
            } else if self.eat_kw("sysid") {
                v.push(("sysid".into(), Some(self.numeric_only()?)));
            } else if self.eat_kw("inherit") {
                v.push(("inherit".into(), None));
            } else if self.is_plain_ident() && self.peek().kind == TokKind::Ident {
                let w = self.peek().val.clone();
                let known = [
                    "superuser",
                    "nosuperuser",
                    "createdb",
                    "nocreatedb",
                    "createrole",
                    "nocreaterole",
                    "login",
                    "nologin",
                    "replication",
                    "noreplication",
                    "bypassrls",
                    "nobypassrls",
                    "noinherit",
                    "createuser",
                    "nocreateuser",
                ];
                if !known.contains(&w.as_str()) {
                    return Err(self.err_at(
                        common::sqlstate::SYNTAX_ERROR,
                        format!("unrecognized role option \"{w}\""),
                        loc,
                    ));
                }
                self.advance();
                v.push((w, None));
            } else {
                return Ok(v);
            }
        }
    }

    pub fn alter_stmt(&mut self) -> R<Statement> {
        self.expect_kw("alter")?;
        if self.is_kw("table")
            || self.is_kw("index")
            || self.is_kw("view")
            || (self.is_kw("materialized") && self.is_kw_at(1, "view"))
            || (self.is_kw("foreign") && self.is_kw_at(1, "table"))
        {
            let Some((words, kind)) = self.object_type_words() else {
                return Err(self.error());
            };
            if self.eat_kw("all") {
                let _ = words;
                return self.unsupported(format!("ALTER {words}"));
            }
            return self.alter_table(kind);
        }
        if self.is_kw("sequence") {
            self.advance();
            let if_exists = self.if_exists();
            let name = self.qualified_name()?;
            if self.eat_kw("rename") {
                self.expect_kw("to")?;
                let new_name = self.col_id()?;
                return Ok(Statement::Rename(RenameStmt {
                    kind: ObjectKind::Sequence,
                    name,
                    new_name,
                    if_exists,
                }));
            }
            if self.is_kw("owner")
                || (self.is_kw("set")
                    && (self.is_kw_at(1, "schema")
                        || self.is_kw_at(1, "logged")
                        || self.is_kw_at(1, "unlogged")))
                || self.is_kw("reset")
            {
                let actions = self.alter_table_actions()?;
                return Ok(Statement::AlterTable(Box::new(AlterTableStmt {
                    table: name,
                    if_exists,
                    only: false,
                    object_kind: ObjectKind::Sequence,
                    actions,
                })));
            }
            let options = self.seq_options()?;
            if options.is_empty() {
                return Err(self.error());
            }
            return Ok(Statement::AlterSequence(AlterSequenceStmt {
                name,
                if_exists,
                options,
            }));
        }
        if self.is_kw("default") && self.is_kw_at(1, "privileges") {
            return self.unsupported("ALTER DEFAULT PRIVILEGES".into());
        }
        if self.is_kw("system") {
            return self.unsupported("ALTER SYSTEM".into());
        }
        if (self.is_kw("role") || self.is_kw("user") || self.is_kw("group"))
            && !self.is_kw_at(1, "mapping")
        {
            if let Some(s) = self.attempt(|p| p.alter_role_stmt()) {
                return Ok(s);
            }
        }
        if self.is_kw("database") {
            if let Some(s) = self.attempt(|p| p.alter_database_stmt()) {
                return Ok(s);
            }
        }
        self.eat_kw("procedural");
        let Some((words, kind)) = self.object_type_words() else {
            return Err(self.error());
        };
        let words = if words == "PROCEDURAL LANGUAGE" {
            "LANGUAGE".to_string()
        } else {
            words
        };
        let words = if words == "USER" || words == "GROUP" {
            "ROLE".to_string()
        } else {
            words
        };
        // Simple `ALTER kind name RENAME TO new`.
        if matches!(
            kind,
            ObjectKind::Schema
                | ObjectKind::Type
                | ObjectKind::Domain
                | ObjectKind::Database
                | ObjectKind::Role
                | ObjectKind::Extension
                | ObjectKind::Collation
                | ObjectKind::Conversion
                | ObjectKind::Language
                | ObjectKind::Server
                | ObjectKind::Tablespace
                | ObjectKind::Publication
                | ObjectKind::Subscription
                | ObjectKind::EventTrigger
                | ObjectKind::Statistics
        ) {
            let save = self.pos;
            if let Some(r) = self.attempt(|p| {
                let name = p.qualified_name()?;
                p.expect_kw("rename")?;
                p.expect_kw("to")?;
                let new_name = p.col_id()?;
                if !(p.is_op(";") || p.at_eof()) {
                    return Err(p.error());
                }
                Ok(RenameStmt {
                    kind,
                    name,
                    new_name,
                    if_exists: false,
                })
            }) {
                return Ok(Statement::Rename(r));
            }
            self.pos = save;
        }
        if kind == ObjectKind::Role
            && !(self.is_kw("current_user")
                || self.is_kw("session_user")
                || self.is_kw("all")
                || self.is_nonreserved_word())
        {
            return Err(self.error());
        }
        // Every ALTER needs at least a name and an action.
        for i in 0..2 {
            let t = self.peek_at(i);
            if t.kind == TokKind::Eof || (t.kind == TokKind::Op && t.val == ";") {
                return Err(self.error_at_tok(self.pos + i));
            }
        }
        self.unsupported(format!("ALTER {words}"))
    }

    /// The statement must end here (`;` or end of input).
    fn expect_stmt_end(&mut self) -> R<()> {
        if self.is_op(";") || self.at_eof() {
            Ok(())
        } else {
            Err(self.error())
        }
    }

    /// A `SET ...` / `RESET ...` clause of ALTER ROLE / ALTER DATABASE.
    fn set_reset_clause(&mut self) -> R<Option<VariableSetStmt>> {
        let st = if self.is_kw("set") {
            self.set_stmt()?
        } else if self.is_kw("reset") {
            self.reset_stmt()?
        } else {
            return Ok(None);
        };
        match st {
            Statement::VariableSet(v) => Ok(Some(v)),
            _ => Err(self.error()),
        }
    }

    /// ALTER ROLE/USER/GROUP (the keyword is next): attributes or SET/RESET.
    fn alter_role_stmt(&mut self) -> R<Statement> {
        self.advance();
        let name = if self.eat_kw("all") {
            "all".to_string()
        } else {
            self.role_spec()?
        };
        let database = if self.eat_kws(&["in", "database"]) {
            Some(self.col_id()?)
        } else {
            None
        };
        let set = self.set_reset_clause()?;
        let mut options = vec![];
        if set.is_none() {
            if database.is_some() || name == "all" {
                return Err(self.error());
            }
            self.eat_kw("with");
            options = self.role_options()?;
        }
        self.expect_stmt_end()?;
        Ok(Statement::AlterRole(AlterRoleStmt {
            name,
            options,
            database,
            set,
        }))
    }

    /// ALTER DATABASE (the keyword is next): OWNER TO, SET/RESET or options.
    fn alter_database_stmt(&mut self) -> R<Statement> {
        self.advance();
        let name = self.col_id()?;
        let action = if self.eat_kws(&["owner", "to"]) {
            AlterDatabaseAction::Owner(self.role_spec()?)
        } else if let Some(v) = self.set_reset_clause()? {
            AlterDatabaseAction::Set(v)
        } else {
            self.eat_kw("with");
            let options = self.generic_options()?;
            if options.is_empty() {
                return Err(self.error());
            }
            AlterDatabaseAction::Options(options)
        };
        self.expect_stmt_end()?;
        Ok(Statement::AlterDatabase(AlterDatabaseStmt { name, action }))
    }

    fn alter_table(&mut self, kind: ObjectKind) -> R<Statement> {
        let if_exists = self.if_exists();
        let only = self.eat_kw("only");
        let table = self.qualified_name()?;
        self.eat_op("*");
        if self.is_kw("rename") && self.is_kw_at(1, "to") && kind != ObjectKind::Table {
            self.advance();
            self.advance();
            let new_name = self.col_id()?;
            return Ok(Statement::Rename(RenameStmt {
                kind,
                name: table,
                new_name,
                if_exists,
            }));
        }
        let actions = self.alter_table_actions()?;
        Ok(Statement::AlterTable(Box::new(AlterTableStmt {
            table,
            if_exists,
            only,
            object_kind: kind,
            actions,
        })))
    }

    fn alter_table_actions(&mut self) -> R<Vec<AlterTableAction>> {
        let mut v = vec![];
        loop {
            v.push(self.alter_table_action()?);
            if !self.eat_op(",") {
                return Ok(v);
            }
        }
    }

    fn skip_action(&mut self, start: usize) -> R<AlterTableAction> {
        let mut depth = 0;
        loop {
            if self.at_eof() || (depth == 0 && (self.is_op(";") || self.is_op(","))) {
                break;
            }
            if self.is_op("(") {
                depth += 1;
            } else if self.is_op(")") {
                if depth == 0 {
                    return Err(self.error());
                }
                depth -= 1;
            }
            self.advance();
        }
        Ok(AlterTableAction::Other(self.text(start, self.prev_end())))
    }

    fn alter_table_action(&mut self) -> R<AlterTableAction> {
        let start = self.peek().start;
        if self.eat_kw("add") {
            if self.is_kw("constraint")
                || self.is_kw("check")
                || self.is_kw("unique")
                || self.is_kw("primary")
                || self.is_kw("foreign")
                || (self.is_kw("exclude") && (self.is_kw_at(1, "using") || self.is_op_at(1, "(")))
            {
                return Ok(AlterTableAction::AddConstraint(self.table_constraint()?));
            }
            self.eat_kw("column");
            let if_not_exists = self.if_not_exists();
            return Ok(AlterTableAction::AddColumn {
                column: self.column_def()?,
                if_not_exists,
            });
        }
        if self.eat_kw("drop") {
            if self.eat_kw("constraint") {
                let if_exists = self.if_exists();
                let name = self.col_id()?;
                let behavior = self.drop_behavior();
                return Ok(AlterTableAction::DropConstraint {
                    name,
                    if_exists,
                    behavior,
                });
            }
            self.eat_kw("column");
            let if_exists = self.if_exists();
            let name = self.col_id()?;
            let behavior = self.drop_behavior();
            return Ok(AlterTableAction::DropColumn {
                name,
                if_exists,
                behavior,
            });
        }
        if self.eat_kw("alter") {
            if self.is_kw("constraint") {
                return self.skip_action(start);
            }
            self.eat_kw("column");
            let col = self.col_id()?;
            if self.eat_kws(&["set", "data", "type"]) || self.eat_kw("type") {
                let type_name = self.type_name()?;
                if self.eat_kw("collate") {
                    self.qualified_name()?;
                }
                let using = if self.eat_kw("using") {
                    Some(self.a_expr()?)
                } else {
                    None
                };
                return Ok(AlterTableAction::AlterColumnType {
                    name: col,
                    type_name,
                    using,
                });
            }
            if self.eat_kws(&["set", "default"]) {
                return Ok(AlterTableAction::SetDefault {
                    column: col,
                    default: Some(self.a_expr()?),
                });
            }
            if self.eat_kws(&["drop", "default"]) {
                return Ok(AlterTableAction::SetDefault {
                    column: col,
                    default: None,
                });
            }
            if self.eat_kws(&["set", "not", "null"]) {
                return Ok(AlterTableAction::SetNotNull(col));
            }
            if self.eat_kws(&["drop", "not", "null"]) {
                return Ok(AlterTableAction::DropNotNull(col));
            }
            return self.skip_action(start);
        }
        if self.eat_kws(&["validate", "constraint"]) {
            return Ok(AlterTableAction::ValidateConstraint(self.col_id()?));
        }
        if self.eat_kw("rename") {
            if self.eat_kw("to") {
                return Ok(AlterTableAction::RenameTable(self.col_id()?));
            }
            if self.eat_kw("constraint") {
                let old = self.col_id()?;
                self.expect_kw("to")?;
                let new = self.col_id()?;
                return Ok(AlterTableAction::RenameConstraint { old, new });
            }
            self.eat_kw("column");
            let old = self.col_id()?;
            self.expect_kw("to")?;
            let new = self.col_id()?;
            return Ok(AlterTableAction::RenameColumn { old, new });
        }
        if self.eat_kws(&["set", "schema"]) {
            return Ok(AlterTableAction::SetSchema(self.col_id()?));
        }
        if self.eat_kws(&["owner", "to"]) {
            return Ok(AlterTableAction::OwnerTo(self.role_spec()?));
        }
        if self.is_kw("set") && self.is_op_at(1, "(") {
            self.advance();
            return Ok(AlterTableAction::SetOptions(self.reloptions()?));
        }
        if self.is_kw("reset") && self.is_op_at(1, "(") {
            self.advance();
            return Ok(AlterTableAction::ResetOptions(
                self.reloptions()?.into_iter().map(|(n, _)| n).collect(),
            ));
        }
        if self.at_eof() || self.is_op(";") || self.is_op(",") {
            return Err(self.error());
        }
        let known = [
            "enable", "disable", "cluster", "set", "reset", "inherit", "no", "of", "not", "owner",
            "replica", "attach", "detach", "force", "options",
        ];
        if !known.iter().any(|k| self.is_kw(k)) {
            return Err(self.error());
        }
        self.skip_action(start)
    }

    pub fn drop_stmt(&mut self) -> R<Statement> {
        self.expect_kw("drop")?;
        if self.is_kw("owned") {
            return self.unsupported("DROP OWNED".into());
        }
        self.eat_kw("procedural");
        let Some((words, kind)) = self.object_type_words() else {
            return Err(self.error());
        };
        let concurrently = kind == ObjectKind::Index && self.eat_kw("concurrently");
        let if_exists = self.if_exists();
        let mut d = DropStmt {
            kind,
            names: vec![],
            arg_types: vec![],
            if_exists,
            behavior: DropBehavior::Restrict,
            concurrently,
        };
        match kind {
            ObjectKind::Function | ObjectKind::Aggregate => loop {
                let n = self.qualified_name()?;
                if kind == ObjectKind::Aggregate && !self.is_op("(") {
                    return Err(self.error());
                }
                let args = if self.is_op("(") {
                    if kind == ObjectKind::Aggregate && self.is_op_at(1, "*") {
                        self.advance();
                        self.advance();
                        self.expect_op(")")?;
                        Some(vec![])
                    } else {
                        Some(
                            self.func_args()?
                                .into_iter()
                                .filter(|a| a.mode != b'o')
                                .map(|a| a.type_name)
                                .collect(),
                        )
                    }
                } else {
                    None
                };
                d.names.push(n);
                d.arg_types.push(args);
                if !self.eat_op(",") {
                    break;
                }
            },
            ObjectKind::Trigger | ObjectKind::Rule | ObjectKind::Policy => {
                let n = self.col_id()?;
                self.expect_kw("on")?;
                let t = self.qualified_name()?;
                d.names.push(QualifiedName::simple(n));
                d.names.push(t);
            }
            ObjectKind::Operator => {
                loop {
                    let l = self.loc();
                    let mut parts = vec![];
                    while self.is_col_id() && self.is_op_at(1, ".") {
                        parts.push(self.col_id()?);
                        self.advance();
                    }
                    let t = self.peek().clone();
                    if !Parser::is_any_operator_tok(&t) {
                        if self.is_col_id() {
                            self.advance();
                        }
                        return Err(self.error());
                    }
                    self.advance();
                    parts.push(t.val);
                    d.names.push(self.make_qualified(parts, l)?);
                    self.expect_op("(")?;
                    let mut types = vec![];
                    for i in 0..2 {
                        if self.eat_kw("none") {
                            types.push(super::expr::sys_type("none", -1));
                        } else {
                            types.push(self.type_name()?);
                        }
                        if i == 0 {
                            if self.is_op(")") {
                                return Err(self
                                .err_at(common::sqlstate::SYNTAX_ERROR, "missing argument", self.loc())
                                .with_hint("Use NONE to denote the missing argument of a unary operator."));
                            }
                            self.expect_op(",")?;
                        }
                    }
                    self.expect_op(")")?;
                    d.arg_types.push(Some(types));
                    if !self.eat_op(",") {
                        break;
                    }
                }
            }
            ObjectKind::Cast
            | ObjectKind::OperatorClass
            | ObjectKind::OperatorFamily
            | ObjectKind::Server
            | ObjectKind::AccessMethod => {
                return self.unsupported(format!("DROP {words}"));
            }
            ObjectKind::Role
            | ObjectKind::Database
            | ObjectKind::Tablespace
            | ObjectKind::Language
            | ObjectKind::EventTrigger
            | ObjectKind::Publication
            | ObjectKind::Subscription => loop {
                let l = self.loc();
                let n = self.nonreserved_word()?;
                d.names.push(QualifiedName {
                    location: l,
                    ..QualifiedName::simple(n)
                });
                if !self.eat_op(",") {
                    break;
                }
            },
            ObjectKind::Type | ObjectKind::Domain => loop {
                let t = self.type_name()?;
                d.names.push(t.name);
                if !self.eat_op(",") {
                    break;
                }
            },
            _ => {
                d.names = self.qualified_name_list()?;
            }
        }
        d.behavior = self.drop_behavior();
        if d.arg_types.is_empty() {
            d.arg_types = vec![None; d.names.len()];
        }
        Ok(Statement::Drop(d))
    }

    pub fn truncate_stmt(&mut self) -> R<Statement> {
        self.expect_kw("truncate")?;
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
        let restart_identity = if self.eat_kws(&["restart", "identity"]) {
            true
        } else {
            self.eat_kws(&["continue", "identity"]);
            false
        };
        let behavior = self.drop_behavior();
        Ok(Statement::Truncate(TruncateStmt {
            tables,
            restart_identity,
            behavior,
        }))
    }

    pub fn comment_stmt(&mut self) -> R<Statement> {
        self.expect_kw("comment")?;
        self.expect_kw("on")?;
        self.eat_kw("procedural");
        let Some((_, kind)) = self.object_type_words() else {
            return Err(self.error());
        };
        let mut name = vec![];
        if kind == ObjectKind::Cast {
            self.skip_parens()?;
        } else if kind == ObjectKind::LargeObject {
            self.numeric_only()?;
        } else if matches!(kind, ObjectKind::Type | ObjectKind::Domain) {
            let t = self.type_name()?;
            if let Some(s) = t.name.schema {
                name.push(s);
            }
            name.push(t.name.name);
        } else if kind == ObjectKind::Operator {
            let t = self.peek().clone();
            if Parser::is_any_operator_tok(&t) {
                self.advance();
                name.push(t.val);
            } else {
                name = self.any_name()?;
                self.expect_op(".")?;
                name.push(self.advance().val);
            }
            self.skip_parens()?;
        } else {
            name = self.any_name()?;
            if self.is_op("(") {
                self.skip_parens()?;
            }
            if self.eat_kw("on") {
                self.eat_kw("domain");
                name.extend(self.any_name()?);
            }
            if self.eat_kw("using") {
                self.col_id()?;
            }
        }
        self.expect_kw("is")?;
        let comment = if self.eat_kw("null") {
            None
        } else {
            Some(self.sconst()?)
        };
        Ok(Statement::Comment(CommentStmt {
            kind,
            name,
            comment,
        }))
    }

    pub fn grant_stmt(&mut self) -> R<Statement> {
        let is_grant = self.advance().val == "grant";
        let mut with_option = false;
        if !is_grant {
            with_option = self.eat_kws(&["grant", "option", "for"])
                || self.eat_kws(&["admin", "option", "for"]);
        }
        let mut privileges = vec![];
        if self.eat_kw("all") {
            self.eat_kw("privileges");
            if self.is_op("(") {
                let cols = self.paren_name_list()?;
                privileges.push(format!("all({})", cols.join(",")));
            } else {
                privileges.push("all".into());
            }
        } else {
            loop {
                let p = self.col_label()?;
                if self.is_op("(") {
                    let cols = self.paren_name_list()?;
                    privileges.push(format!("{p}({})", cols.join(",")));
                } else {
                    privileges.push(p);
                }
                if !self.eat_op(",") {
                    break;
                }
            }
        }
        let mut object_kind = ObjectKind::Table;
        let mut objects = vec![];
        if self.eat_kw("on") {
            if self.eat_kw("all") {
                let w = self.advance().val;
                object_kind = match w.as_str() {
                    "sequences" => ObjectKind::Sequence,
                    "functions" => ObjectKind::Function,
                    _ => ObjectKind::Table,
                };
                self.expect_kw("in")?;
                self.expect_kw("schema")?;
                // ALL TABLES/SEQUENCES/FUNCTIONS IN SCHEMA s: objects are `s.*`.
                for n in self.name_list()? {
                    objects.push(QualifiedName {
                        catalog: None,
                        schema: Some(n),
                        name: "*".into(),
                        location: -1,
                    });
                }
            } else {
                if let Some((_, k)) = self.object_type_words() {
                    object_kind = k;
                }
                loop {
                    match object_kind {
                        ObjectKind::Function | ObjectKind::Aggregate => {
                            objects.push(self.qualified_name()?);
                            if self.is_op("(") {
                                self.func_args()?;
                            }
                        }
                        ObjectKind::Database
                        | ObjectKind::Schema
                        | ObjectKind::Language
                        | ObjectKind::Tablespace => {
                            objects.push(QualifiedName::simple(self.nonreserved_word()?));
                        }
                        ObjectKind::Type | ObjectKind::Domain => {
                            objects.push(self.type_name()?.name)
                        }
                        ObjectKind::LargeObject => {
                            let n = self.numeric_only()?;
                            let s = match n {
                                Expr::Literal {
                                    value: Literal::Integer(i),
                                    ..
                                } => i.to_string(),
                                _ => String::new(),
                            };
                            objects.push(QualifiedName::simple(s));
                        }
                        _ => objects.push(self.qualified_name()?),
                    }
                    if !self.eat_op(",") {
                        break;
                    }
                }
            }
        } else {
            object_kind = ObjectKind::Role;
        }
        if is_grant {
            self.expect_kw("to")?;
        } else {
            self.expect_kw("from")?;
        }
        let mut grantees = vec![];
        loop {
            self.eat_kw("group");
            grantees.push(self.role_spec()?);
            if !self.eat_op(",") {
                break;
            }
        }
        if is_grant {
            with_option = self.eat_kws(&["with", "grant", "option"])
                || self.eat_kws(&["with", "admin", "option"]);
        }
        let mut grantor = None;
        if self.eat_kw("granted") {
            self.expect_kw("by")?;
            grantor = Some(self.role_spec()?);
        }
        if !is_grant {
            self.drop_behavior();
        }
        Ok(Statement::Grant(GrantStmt {
            is_grant,
            privileges,
            object_kind,
            objects,
            grantees,
            with_option,
            grantor,
        }))
    }
}
