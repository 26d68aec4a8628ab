//! SELECT (set operations, simple selects, VALUES, TABLE, FROM items and joins, GROUP BY,
//! WINDOW, ORDER BY/LIMIT/locking), WITH clauses, and INSERT/UPDATE/DELETE.

use super::{Parser, R};
use crate::ast::*;
use crate::lexer::TokKind;
use common::sqlstate;

impl<'a> Parser<'a> {
    /// select_no_parens or select_with_parens, with trailing ORDER BY/LIMIT/locking.
    pub fn select_stmt(&mut self) -> R<SelectStmt> {
        self.enter()?;
        let r = self.select_stmt_inner();
        self.leave();
        r
    }

    fn select_stmt_inner(&mut self) -> R<SelectStmt> {
        let with = if self.is_kw("with") {
            Some(self.with_clause()?)
        } else {
            None
        };
        let body = self.set_expr(0)?;
        let mut s = SelectStmt {
            with,
            body,
            order_by: vec![],
            limit: None,
            offset: None,
            locking: vec![],
        };
        if self.is_kw("order") {
            self.advance();
            self.expect_kw("by")?;
            s.order_by = self.sort_list()?;
        }
        let mut seen_limit = false;
        let mut seen_lock = false;
        loop {
            if !seen_limit && (self.is_kw("limit") || self.is_kw("offset") || self.is_kw("fetch")) {
                seen_limit = true;
                self.limit_clauses(&mut s)?;
            } else if !seen_lock && self.is_kw("for") {
                seen_lock = true;
                self.locking_clauses(&mut s)?;
            } else {
                break;
            }
        }
        // A lone parenthesised select with its own clauses: unwrap.
        if s.with.is_none()
            && s.order_by.is_empty()
            && s.limit.is_none()
            && s.offset.is_none()
            && s.locking.is_empty()
            && !seen_limit
        {
            if let SetExpr::Nested(inner) = s.body {
                return Ok(*inner);
            }
        }
        Ok(s)
    }

    pub fn select_with_parens(&mut self) -> R<SelectStmt> {
        self.expect_op("(")?;
        let s = self.select_stmt()?;
        self.expect_op(")")?;
        Ok(s)
    }

    fn limit_clauses(&mut self, s: &mut SelectStmt) -> R<()> {
        let mut got_limit = false;
        let mut got_offset = false;
        loop {
            if !got_limit && self.is_kw("limit") {
                self.advance();
                got_limit = true;
                if self.eat_kw("all") {
                    s.limit = None;
                } else {
                    s.limit = Some(self.a_expr()?);
                }
                if self.is_op(",") {
                    let l = self.toks[self.pos].start as Loc;
                    let _ = l;
                    let lim_loc = s.limit.as_ref().map(|e| e.location()).unwrap_or(-1);
                    return Err(self
                        .err_at(
                            sqlstate::SYNTAX_ERROR,
                            "LIMIT #,# syntax is not supported",
                            lim_loc,
                        )
                        .with_hint("Use separate LIMIT and OFFSET clauses."));
                }
            } else if !got_limit && self.is_kw("fetch") {
                self.advance();
                got_limit = true;
                if !(self.eat_kw("first") || self.eat_kw("next")) {
                    return Err(self.error());
                }
                if self.is_kw("row") || self.is_kw("rows") {
                    s.limit = Some(super::expr::int_lit(1, -1));
                } else {
                    s.limit = Some(self.expr_bp(16)?);
                }
                if !(self.eat_kw("row") || self.eat_kw("rows")) {
                    return Err(self.error());
                }
                self.expect_kw("only")?;
            } else if !got_offset && self.is_kw("offset") {
                self.advance();
                got_offset = true;
                s.offset = Some(self.a_expr()?);
                if !self.eat_kw("row") {
                    self.eat_kw("rows");
                }
            } else {
                return Ok(());
            }
        }
    }

    fn locking_clauses(&mut self, s: &mut SelectStmt) -> R<()> {
        while self.is_kw("for") {
            self.advance();
            if self.eat_kw("read") {
                self.expect_kw("only")?;
                continue;
            }
            let strength = if self.eat_kw("update") {
                LockStrength::Update
            } else if self.eat_kw("share") {
                LockStrength::Share
            } else if self.eat_kws(&["no", "key", "update"]) {
                LockStrength::NoKeyUpdate
            } else if self.eat_kws(&["key", "share"]) {
                LockStrength::KeyShare
            } else {
                return Err(self.error());
            };
            let tables = if self.eat_kw("of") {
                self.qualified_name_list()?
            } else {
                vec![]
            };
            let wait = if self.eat_kw("nowait") {
                LockWait::NoWait
            } else if self.eat_kws(&["skip", "locked"]) {
                LockWait::SkipLocked
            } else {
                LockWait::Block
            };
            s.locking.push(LockingClause {
                strength,
                tables,
                wait,
            });
        }
        Ok(())
    }

    pub fn with_clause(&mut self) -> R<WithClause> {
        self.expect_kw("with")?;
        let recursive = self.eat_kw("recursive");
        let mut ctes = vec![];
        loop {
            let loc = self.loc();
            let name = self.col_id()?;
            let columns = if self.is_op("(") {
                self.paren_name_list()?
            } else {
                vec![]
            };
            self.expect_kw("as")?;
            self.expect_op("(")?;
            let q = self.preparable_stmt()?;
            self.expect_op(")")?;
            ctes.push(CommonTableExpr {
                name,
                columns,
                query: Box::new(q),
                location: loc,
            });
            if !self.eat_op(",") {
                break;
            }
        }
        Ok(WithClause { recursive, ctes })
    }

    fn set_expr(&mut self, min: u8) -> R<SetExpr> {
        let mut left = self.set_primary()?;
        let mut chain = 0usize;
        loop {
            chain += 1;
            if chain + self.depth > super::MAX_CHAIN {
                return Err(self.err_at(
                    sqlstate::STATEMENT_TOO_COMPLEX,
                    "stack depth limit exceeded",
                    -1,
                ));
            }
            let (prec, op) = if self.is_kw("union") {
                (1, SetOpKind::Union)
            } else if self.is_kw("except") {
                (1, SetOpKind::Except)
            } else if self.is_kw("intersect") {
                (2, SetOpKind::Intersect)
            } else {
                break;
            };
            if prec < min {
                break;
            }
            self.advance();
            let all = if self.eat_kw("all") {
                true
            } else {
                self.eat_kw("distinct");
                false
            };
            let right = self.set_expr(prec + 1)?;
            left = SetExpr::SetOp {
                op,
                all,
                left: Box::new(left),
                right: Box::new(right),
            };
        }
        Ok(left)
    }

    fn set_primary(&mut self) -> R<SetExpr> {
        if self.is_op("(") {
            let s = self.select_with_parens()?;
            if s.with.is_none()
                && s.order_by.is_empty()
                && s.limit.is_none()
                && s.offset.is_none()
                && s.locking.is_empty()
            {
                return Ok(s.body);
            }
            return Ok(SetExpr::Nested(Box::new(s)));
        }
        if self.eat_kw("values") {
            let mut rows = vec![];
            loop {
                self.expect_op("(")?;
                rows.push(self.expr_list()?);
                self.expect_op(")")?;
                if !self.eat_op(",") {
                    break;
                }
            }
            return Ok(SetExpr::Values(rows));
        }
        if self.is_kw("table") {
            let loc = self.loc();
            self.advance();
            let rel = self.relation_expr()?;
            let core = SelectCore {
                distinct: None,
                targets: vec![SelectTarget::Star { location: loc }],
                into: None,
                from: vec![rel],
                where_clause: None,
                group_by: vec![],
                having: None,
                windows: vec![],
            };
            return Ok(SetExpr::Select(Box::new(core)));
        }
        self.expect_kw("select")?;
        self.simple_select()
    }

    fn target_list_ends(&self) -> bool {
        let t = self.peek();
        if t.kind == TokKind::Eof {
            return true;
        }
        if t.kind == TokKind::Op && (t.val == ")" || t.val == ";") {
            return true;
        }
        t.kind == TokKind::Ident
            && t.kw.is_some()
            && matches!(
                t.val.as_str(),
                "from"
                    | "where"
                    | "group"
                    | "having"
                    | "window"
                    | "into"
                    | "order"
                    | "limit"
                    | "offset"
                    | "fetch"
                    | "for"
                    | "union"
                    | "intersect"
                    | "except"
            )
    }

    fn simple_select(&mut self) -> R<SetExpr> {
        let mut core = SelectCore {
            distinct: None,
            targets: vec![],
            into: None,
            from: vec![],
            where_clause: None,
            group_by: vec![],
            having: None,
            windows: vec![],
        };
        if self.eat_kw("distinct") {
            if self.eat_kw("on") {
                self.expect_op("(")?;
                core.distinct = Some(self.expr_list()?);
                self.expect_op(")")?;
            } else {
                core.distinct = Some(vec![]);
            }
            core.targets = self.target_list()?;
        } else {
            self.eat_kw("all");
            if !self.target_list_ends() {
                core.targets = self.target_list()?;
            }
        }
        if self.eat_kw("into") {
            core.into = Some(self.parse_into_target()?);
        }
        if self.eat_kw("from") {
            core.from = self.parse_from_list()?;
        }
        if self.eat_kw("where") {
            core.where_clause = Some(self.a_expr()?);
        }
        if self.is_kw("group") {
            self.advance();
            self.expect_kw("by")?;
            loop {
                core.group_by.push(self.group_item()?);
                if !self.eat_op(",") {
                    break;
                }
            }
        }
        if self.eat_kw("having") {
            core.having = Some(self.a_expr()?);
        }
        if self.eat_kw("window") {
            loop {
                let name = self.col_id()?;
                self.expect_kw("as")?;
                core.windows.push(self.window_spec(Some(name))?);
                if !self.eat_op(",") {
                    break;
                }
            }
        }
        Ok(SetExpr::Select(Box::new(core)))
    }

    pub fn parse_into_target(&mut self) -> R<IntoClause> {
        let mut temporary = false;
        let mut unlogged = false;
        if self.eat_kw("temporary") || self.eat_kw("temp") {
            temporary = true;
            self.eat_kw("table");
        } else if (self.is_kw("local") || self.is_kw("global"))
            && (self.is_kw_at(1, "temp") || self.is_kw_at(1, "temporary"))
        {
            self.advance();
            self.advance();
            temporary = true;
            self.eat_kw("table");
        } else if self.eat_kw("unlogged") {
            unlogged = true;
            self.eat_kw("table");
        } else {
            self.eat_kw("table");
        }
        let table = self.qualified_name()?;
        Ok(IntoClause {
            table,
            temporary,
            unlogged,
        })
    }

    fn group_item(&mut self) -> R<GroupingItem> {
        self.enter()?;
        let r = self.group_item_inner();
        self.leave();
        r
    }

    fn group_item_inner(&mut self) -> R<GroupingItem> {
        if self.is_op("(") && self.is_op_at(1, ")") {
            self.advance();
            self.advance();
            return Ok(GroupingItem::Empty);
        }
        if (self.is_kw("cube") || self.is_kw("rollup")) && self.is_op_at(1, "(") {
            let cube = self.advance().val == "cube";
            self.advance();
            let list = self.expr_list()?;
            self.expect_op(")")?;
            let sets: Vec<Vec<Expr>> = list
                .into_iter()
                .map(|e| match e {
                    Expr::Row(v, _) => v,
                    e => vec![e],
                })
                .collect();
            return Ok(if cube {
                GroupingItem::Cube(sets)
            } else {
                GroupingItem::Rollup(sets)
            });
        }
        if self.is_kw("grouping") && self.is_kw_at(1, "sets") {
            self.advance();
            self.advance();
            self.expect_op("(")?;
            let mut items = vec![];
            loop {
                items.push(self.group_item()?);
                if !self.eat_op(",") {
                    break;
                }
            }
            self.expect_op(")")?;
            return Ok(GroupingItem::GroupingSets(items));
        }
        Ok(GroupingItem::Expr(self.a_expr()?))
    }

    pub fn target_list(&mut self) -> R<Vec<SelectTarget>> {
        let mut v = vec![];
        loop {
            v.push(self.target_el()?);
            if !self.eat_op(",") {
                return Ok(v);
            }
        }
    }

    fn target_el(&mut self) -> R<SelectTarget> {
        let loc = self.loc();
        if self.is_op("*") {
            self.advance();
            return Ok(SelectTarget::Star { location: loc });
        }
        let expr = self.a_expr()?;
        let alias = if self.eat_kw("as") {
            Some(self.col_label()?)
        } else if self.is_plain_ident() {
            Some(self.advance().val)
        } else {
            None
        };
        if alias.is_none() {
            if let Expr::ColumnRef { fields, .. } = &expr {
                if fields.last().map(|f| f == "*").unwrap_or(false) {
                    let mut q = fields.clone();
                    q.pop();
                    return Ok(SelectTarget::QualifiedStar {
                        qualifier: q,
                        location: loc,
                    });
                }
            }
        }
        Ok(SelectTarget::Expr {
            expr,
            alias,
            location: loc,
        })
    }

    pub fn parse_from_list(&mut self) -> R<Vec<TableRef>> {
        let mut v = vec![];
        loop {
            v.push(self.table_ref()?);
            if !self.eat_op(",") {
                return Ok(v);
            }
        }
    }

    fn is_join_start(&self) -> bool {
        ["cross", "natural", "join", "inner", "left", "right", "full"]
            .iter()
            .any(|k| self.is_kw(k))
    }

    /// table_ref with any joins.
    pub fn table_ref(&mut self) -> R<TableRef> {
        self.enter()?;
        let r = (|| {
            let mut left = self.table_primary()?;
            while self.is_join_start() {
                left = self.join(left)?;
            }
            Ok(left)
        })();
        self.leave();
        r
    }

    fn join(&mut self, left: TableRef) -> R<TableRef> {
        self.enter()?;
        let r = self.join_inner(left);
        self.leave();
        r
    }

    fn join_inner(&mut self, left: TableRef) -> R<TableRef> {
        let loc = self.loc();
        if self.eat_kw("cross") {
            self.expect_kw("join")?;
            let right = self.table_primary()?;
            return Ok(TableRef::Join(Box::new(JoinExpr {
                kind: JoinKind::Cross,
                natural: false,
                left,
                right,
                condition: JoinCondition::None,
                alias: None,
                location: loc,
            })));
        }
        let natural = self.eat_kw("natural");
        let kind = if self.eat_kw("inner") {
            JoinKind::Inner
        } else if self.eat_kw("left") {
            self.eat_kw("outer");
            JoinKind::Left
        } else if self.eat_kw("right") {
            self.eat_kw("outer");
            JoinKind::Right
        } else if self.eat_kw("full") {
            self.eat_kw("outer");
            JoinKind::Full
        } else {
            JoinKind::Inner
        };
        self.expect_kw("join")?;
        if natural {
            let right = self.table_primary()?;
            return Ok(TableRef::Join(Box::new(JoinExpr {
                kind,
                natural,
                left,
                right,
                condition: JoinCondition::None,
                alias: None,
                location: loc,
            })));
        }
        let mut right = self.table_primary()?;
        while self.is_join_start() {
            right = self.join(right)?;
        }
        let condition = if self.eat_kw("on") {
            JoinCondition::On(self.a_expr()?)
        } else if self.eat_kw("using") {
            JoinCondition::Using(self.paren_name_list()?)
        } else {
            return Err(self.error());
        };
        Ok(TableRef::Join(Box::new(JoinExpr {
            kind,
            natural,
            left,
            right,
            condition,
            alias: None,
            location: loc,
        })))
    }

    pub fn relation_expr(&mut self) -> R<TableRef> {
        let loc = self.loc();
        let only = self.eat_kw("only");
        let name = if only && self.eat_op("(") {
            let n = self.qualified_name()?;
            self.expect_op(")")?;
            n
        } else {
            self.qualified_name()?
        };
        if !only {
            self.eat_op("*");
        }
        Ok(TableRef::Table {
            name,
            only,
            alias: None,
            location: loc,
        })
    }

    /// opt_alias_clause: [AS] ColId ['(' name_list ')'].
    pub fn opt_alias(&mut self) -> R<Option<Alias>> {
        if self.eat_kw("as") {
            let name = self.col_id()?;
            let columns = if self.is_op("(") {
                self.paren_name_list()?
            } else {
                vec![]
            };
            return Ok(Some(Alias { name, columns }));
        }
        if self.is_col_id() {
            let name = self.col_id()?;
            let columns = if self.is_op("(") {
                self.paren_name_list()?
            } else {
                vec![]
            };
            return Ok(Some(Alias { name, columns }));
        }
        Ok(None)
    }

    fn is_func_table_start(&self) -> bool {
        let mut i = 0;
        if !(self.is_col_id() || self.is_type_func_name()) {
            return false;
        }
        loop {
            i += 1;
            if self.is_op_at(i, ".")
                && matches!(self.peek_at(i + 1).kind, TokKind::Ident | TokKind::QIdent)
            {
                i += 1;
                continue;
            }
            return self.is_op_at(i, "(");
        }
    }

    fn table_primary(&mut self) -> R<TableRef> {
        let loc = self.loc();
        let lateral = self.eat_kw("lateral");
        if self.is_op("(") {
            if let Some(sub) = self.try_select_with_parens() {
                let alias = self.opt_alias()?;
                return Ok(TableRef::Subquery {
                    lateral,
                    query: Box::new(sub),
                    alias,
                    location: loc,
                });
            }
            if lateral {
                return Err(self.error());
            }
            self.expect_op("(")?;
            let inner = self.table_ref()?;
            self.expect_op(")")?;
            let TableRef::Join(mut j) = inner else {
                return Err(self.error_at_tok(self.pos - 1));
            };
            if let Some(a) = self.opt_alias()? {
                j.alias = Some(a);
            }
            return Ok(TableRef::Join(j));
        }
        if self.is_kw("rows") && self.is_kw_at(1, "from") {
            self.advance();
            self.advance();
            self.expect_op("(")?;
            let mut calls = vec![];
            loop {
                calls.push(self.func_expr_windowless()?);
                if self.eat_kw("as") {
                    self.expect_op("(")?;
                    self.coldef_list()?;
                }
                if !self.eat_op(",") {
                    break;
                }
            }
            self.expect_op(")")?;
            let call = if calls.len() == 1 {
                calls.remove(0)
            } else {
                Expr::Row(calls, loc)
            };
            return self.func_table_tail(lateral, call, loc);
        }
        let special = [
            "coalesce",
            "greatest",
            "least",
            "nullif",
            "extract",
            "overlay",
            "position",
            "substring",
            "trim",
            "cast",
        ]
        .iter()
        .any(|k| self.is_kw(k))
            && self.is_op_at(1, "(");
        let sqlvf = [
            "current_date",
            "current_time",
            "current_timestamp",
            "localtime",
            "localtimestamp",
            "current_user",
            "session_user",
            "user",
            "current_role",
            "current_catalog",
        ]
        .iter()
        .any(|k| self.is_kw(k));
        let collation_for = self.is_kw("collation") && self.is_kw_at(1, "for");
        if special || sqlvf || collation_for || self.is_func_table_start() {
            let call = self.func_expr_windowless()?;
            return self.func_table_tail(lateral, call, loc);
        }
        if lateral {
            return Err(self.error());
        }
        let rel = self.relation_expr()?;
        let alias = self.opt_alias()?;
        if self.is_kw("tablesample") {
            let tl = self.loc();
            self.advance();
            self.qualified_name()?;
            self.expect_op("(")?;
            self.expr_list()?;
            self.expect_op(")")?;
            if self.eat_kw("repeatable") {
                self.expect_op("(")?;
                self.a_expr()?;
                self.expect_op(")")?;
            }
            // Not modelled in the AST: refuse rather than silently scanning everything.
            return Err(self.err_at(
                sqlstate::FEATURE_NOT_SUPPORTED,
                "TABLESAMPLE is not supported",
                tl,
            ));
        }
        if let TableRef::Table {
            name,
            only,
            location,
            ..
        } = rel
        {
            return Ok(TableRef::Table {
                name,
                only,
                alias,
                location,
            });
        }
        Ok(rel)
    }

    fn func_expr_windowless(&mut self) -> R<Expr> {
        // Parse a primary expression; only function-like forms are meaningful here.
        let old = std::mem::replace(&mut self.no_window, true);
        let r = self.expr_bp(16);
        self.no_window = old;
        r
    }

    fn coldef_list(&mut self) -> R<Vec<ColumnDef>> {
        let mut v = vec![];
        loop {
            let loc = self.loc();
            let name = self.col_id()?;
            let type_name = self.type_name()?;
            let collation = if self.eat_kw("collate") {
                Some(self.qualified_name()?)
            } else {
                None
            };
            v.push(ColumnDef {
                name,
                type_name,
                constraints: vec![],
                collation,
                location: loc,
            });
            if !self.eat_op(",") {
                break;
            }
        }
        self.expect_op(")")?;
        Ok(v)
    }

    fn func_table_tail(&mut self, lateral: bool, call: Expr, loc: Loc) -> R<TableRef> {
        let with_ordinality = self.eat_kws(&["with", "ordinality"]);
        let mut alias = None;
        let mut column_defs = vec![];
        let has_as = self.eat_kw("as");
        if has_as && self.is_op("(") {
            self.advance();
            column_defs = self.coldef_list()?;
        } else if has_as || self.is_col_id() {
            let name = self.col_id()?;
            let mut columns = vec![];
            if self.is_op("(") {
                let is_names =
                    self.is_col_id_at(1) && (self.is_op_at(2, ",") || self.is_op_at(2, ")"));
                self.advance();
                if is_names {
                    columns = self.name_list()?;
                    self.expect_op(")")?;
                } else {
                    column_defs = self.coldef_list()?;
                }
            }
            alias = Some(Alias { name, columns });
        }
        Ok(TableRef::Function {
            lateral,
            call,
            alias,
            column_defs,
            with_ordinality,
            location: loc,
        })
    }

    // ------------------------------------------------------------ DML

    fn insert_column_item(&mut self) -> R<InsertColumn> {
        let loc = self.loc();
        let name = self.col_id()?;
        let mut indirection = vec![];
        loop {
            if self.eat_op(".") {
                if self.eat_op("*") {
                    indirection.push(IndirectionItem::Star);
                } else {
                    indirection.push(IndirectionItem::Field(self.col_label()?));
                }
            } else if self.eat_op("[") {
                let lo = if self.is_op(":") {
                    None
                } else {
                    Some(Box::new(self.a_expr()?))
                };
                if self.eat_op(":") {
                    let hi = if self.is_op("]") {
                        None
                    } else {
                        Some(Box::new(self.a_expr()?))
                    };
                    indirection.push(IndirectionItem::Slice(lo, hi));
                } else if let Some(lo) = lo {
                    indirection.push(IndirectionItem::Index(lo));
                } else {
                    return Err(self.error());
                }
                self.expect_op("]")?;
            } else {
                break;
            }
        }
        Ok(InsertColumn {
            name,
            indirection,
            location: loc,
        })
    }

    pub fn set_clause_list(&mut self) -> R<Vec<SetClause>> {
        let mut v = vec![];
        loop {
            if self.eat_op("(") {
                let mut columns = vec![self.insert_column_item()?];
                while self.eat_op(",") {
                    columns.push(self.insert_column_item()?);
                }
                self.expect_op(")")?;
                self.expect_op("=")?;
                let value = self.a_expr()?;
                v.push(SetClause::Multi { columns, value });
            } else {
                let column = self.insert_column_item()?;
                self.expect_op("=")?;
                let value = self.a_expr()?;
                v.push(SetClause::Single { column, value });
            }
            if !self.eat_op(",") {
                return Ok(v);
            }
        }
    }

    fn returning(&mut self) -> R<Vec<SelectTarget>> {
        if self.eat_kw("returning") {
            self.target_list()
        } else {
            Ok(vec![])
        }
    }

    pub fn insert_stmt(&mut self, with: Option<WithClause>) -> R<InsertStmt> {
        self.expect_kw("insert")?;
        self.expect_kw("into")?;
        let table = self.qualified_name()?;
        let alias = if self.eat_kw("as") {
            Some(self.col_id()?)
        } else {
            None
        };
        let mut columns = vec![];
        if self.is_op("(") {
            let mut i = 1;
            while self.is_op_at(i, "(") {
                i += 1;
            }
            let t = self.peek_at(i);
            let is_select = ["select", "values", "with", "table"]
                .iter()
                .any(|k| Parser::tok_is_kw(t, k));
            if !is_select {
                self.advance();
                columns.push(self.insert_column_item()?);
                while self.eat_op(",") {
                    columns.push(self.insert_column_item()?);
                }
                self.expect_op(")")?;
            }
        }
        let mut overriding = None;
        if self.eat_kw("overriding") {
            let w = if self.eat_kw("user") {
                "user"
            } else {
                self.expect_kw("system")?;
                "system"
            };
            self.expect_kw("value")?;
            overriding = Some(w.to_string());
        }
        let source = if self.is_kw("default") && self.is_kw_at(1, "values") {
            self.advance();
            self.advance();
            InsertSource::DefaultValues
        } else {
            InsertSource::Query(Box::new(self.select_stmt()?))
        };
        let mut on_conflict = None;
        if self.is_kw("on") && self.is_kw_at(1, "conflict") {
            self.advance();
            self.advance();
            let mut oc = OnConflict {
                target: vec![],
                constraint: None,
                target_where: None,
                update: None,
            };
            // PostgreSQL reports inference column errors at the target list's "(".
            let at = self.loc();
            if self.eat_op("(") {
                loop {
                    let e = self.index_elem()?;
                    oc.target.push(match (e.column, e.expr) {
                        (Some(c), _) => Expr::ColumnRef {
                            fields: vec![c],
                            location: at,
                        },
                        (None, Some(x)) => x,
                        _ => return Err(self.error()),
                    });
                    if !self.eat_op(",") {
                        break;
                    }
                }
                self.expect_op(")")?;
                if self.eat_kw("where") {
                    oc.target_where = Some(self.a_expr()?);
                }
            } else if self.is_kw("on") && self.is_kw_at(1, "constraint") {
                self.advance();
                self.advance();
                oc.constraint = Some(self.col_id()?);
            }
            self.expect_kw("do")?;
            if !self.eat_kw("nothing") {
                self.expect_kw("update")?;
                self.expect_kw("set")?;
                let set = self.set_clause_list()?;
                let w = if self.eat_kw("where") {
                    Some(self.a_expr()?)
                } else {
                    None
                };
                oc.update = Some((set, w));
            }
            on_conflict = Some(oc);
        }
        let returning = self.returning()?;
        Ok(InsertStmt {
            with,
            table,
            alias,
            columns,
            source,
            on_conflict,
            returning,
            overriding,
        })
    }

    fn relation_opt_alias(&mut self, before_set: bool) -> R<(QualifiedName, bool, Option<String>)> {
        let TableRef::Table { name, only, .. } = self.relation_expr()? else {
            return Err(self.error());
        };
        let alias = if self.eat_kw("as") || (self.is_col_id() && !(before_set && self.is_kw("set")))
        {
            Some(self.col_id()?)
        } else {
            None
        };
        Ok((name, only, alias))
    }

    fn where_or_current(&mut self) -> R<(Option<Expr>, Option<String>)> {
        if self.eat_kw("where") {
            if self.is_kw("current") && self.is_kw_at(1, "of") {
                self.advance();
                self.advance();
                return Ok((None, Some(self.col_id()?)));
            }
            return Ok((Some(self.a_expr()?), None));
        }
        Ok((None, None))
    }

    pub fn update_stmt(&mut self, with: Option<WithClause>) -> R<UpdateStmt> {
        self.expect_kw("update")?;
        let (table, only, alias) = self.relation_opt_alias(true)?;
        self.expect_kw("set")?;
        let set = self.set_clause_list()?;
        let from = if self.eat_kw("from") {
            self.parse_from_list()?
        } else {
            vec![]
        };
        let (where_clause, current_of) = self.where_or_current()?;
        let returning = self.returning()?;
        Ok(UpdateStmt {
            with,
            table,
            only,
            alias,
            set,
            from,
            where_clause,
            current_of,
            returning,
        })
    }

    pub fn delete_stmt(&mut self, with: Option<WithClause>) -> R<DeleteStmt> {
        self.expect_kw("delete")?;
        self.expect_kw("from")?;
        let (table, only, alias) = self.relation_opt_alias(false)?;
        let using = if self.eat_kw("using") {
            self.parse_from_list()?
        } else {
            vec![]
        };
        let (where_clause, current_of) = self.where_or_current()?;
        let returning = self.returning()?;
        Ok(DeleteStmt {
            with,
            table,
            only,
            alias,
            using,
            where_clause,
            current_of,
            returning,
        })
    }
}
