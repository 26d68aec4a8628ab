//! ALTER TABLE ... ALTER [COLUMN] c [SET DATA] TYPE t [USING expr]: every such subcommand of
//! one statement is applied together with a single table rewrite. The stored rows are read
//! with the old row layout, each changed column converted by the assignment cast of its
//! value (or of its USING expression, evaluated on the old row), and written into a new
//! relfilenode (transactional: the old file goes at commit, the new one at abort); then the
//! indexes are rebuilt, and the column defaults and CHECK constraints are re-checked against
//! the new types, with PostgreSQL's errors.

use crate::session::Session;
use analyzer::coerce::Ctx;
use analyzer::expr::Expr;
use catalog::ddl::quote_identifier;
use catalog::RelationInfo;
use common::{pg_err, Oid, PgError, PgResult};
use parser::ast::{self, TypeName};
use types::Datum;

/// One ALTER COLUMN TYPE subcommand.
pub(crate) struct TypeChangeReq<'a> {
    pub name: &'a str,
    pub type_name: &'a TypeName,
    pub using: Option<&'a ast::Expr>,
}

/// A resolved type change.
struct Change {
    attnum: i16,
    name: String,
    type_oid: Oid,
    typmod: i32,
    has_using: bool,
}

/// The `USING c::t` hint PostgreSQL gives when no assignment cast exists.
fn using_hint(col: &str, type_text: &str) -> String {
    format!(
        "You might need to specify \"USING {}::{}\".",
        quote_identifier(col),
        type_text
    )
}

/// The errors PostgreSQL raises when the (USING) value cannot be assigned to the new type.
fn no_cast_error(col: &str, type_text: &str, has_using: bool) -> PgError {
    if has_using {
        pg_err!(
            DATATYPE_MISMATCH,
            "result of USING clause for column \"{}\" cannot be cast automatically to type {}",
            col,
            type_text
        )
        .with_hint("You might need to add an explicit cast.")
    } else {
        pg_err!(
            DATATYPE_MISMATCH,
            "column \"{}\" cannot be cast automatically to type {}",
            col,
            type_text
        )
        .with_hint(using_hint(col, type_text))
    }
}

impl Session {
    /// Apply the ALTER COLUMN TYPE subcommands `reqs` to table `relid` (one rewrite).
    pub(crate) fn alter_column_types(
        &mut self,
        relid: Oid,
        reqs: &[TypeChangeReq],
        sql: &str,
    ) -> PgResult<()> {
        self.command_counter_increment();
        let rel = self.fresh_relation(relid)?;
        if !matches!(rel.relkind, b'r' | b'p') {
            return Err(pg_err!(
                WRONG_OBJECT_TYPE,
                "\"{}\" is not a table, composite type, or foreign table",
                rel.name
            ));
        }
        let mut changes: Vec<Change> = Vec::new();
        for r in reqs {
            let col = rel.column(r.name).ok_or_else(|| {
                pg_err!(
                    UNDEFINED_COLUMN,
                    "column \"{}\" of relation \"{}\" does not exist",
                    r.name,
                    rel.name
                )
            })?;
            if changes.iter().any(|c| c.attnum == col.attnum) {
                return Err(pg_err!(
                    FEATURE_NOT_SUPPORTED,
                    "cannot alter type of column \"{}\" twice",
                    r.name
                ));
            }
            let (type_oid, typmod) = self
                .with_analyzer(sql, |a| a.resolve_type_name(r.type_name))
                .map_err(|e| e.at_byte_offset(sql, r.type_name.location.max(0) as usize))?;
            self.check_not_member_of_itself(&rel, type_oid)?;
            changes.push(Change {
                attnum: col.attnum,
                name: col.name.clone(),
                type_oid,
                typmod,
                has_using: r.using.is_some(),
            });
        }
        self.check_rowtype_unused(&rel)?;
        let exprs = self.conversion_exprs(&rel, reqs, &changes)?;
        self.check_defaults_convert(&rel, &changes)?;
        // The catalog: the columns' (and their index columns') new types.
        for c in &changes {
            let (attnum, t, tm) = (c.attnum, c.type_oid, c.typmod);
            self.with_catalog(true, |cat, cx| {
                cat.set_column_type(cx, relid, attnum, t, tm)
            })?;
        }
        self.command_counter_increment();
        let new_file = self.with_catalog(true, |cat, cx| cat.new_relfilenode(cx, relid))?;
        self.command_counter_increment();
        let new_rel = self.fresh_relation(relid)?;
        if new_rel.file != new_file {
            return Err(PgError::internal("table rewrite lost its new file"));
        }
        self.rewrite_rows(&rel, &new_rel, &changes, &exprs)?;
        self.command_counter_increment();
        self.truncate_indexes(relid)?;
        self.command_counter_increment();
        let fresh = self.fresh_relation(relid)?;
        self.reindex_relation(&fresh)?;
        self.command_counter_increment();
        self.recheck_constraints(&fresh, &changes)?;
        self.recheck_foreign_keys(relid, &changes)?;
        Ok(())
    }

    /// The foreign keys with a changed column on either side: 42804 if the key columns'
    /// types no longer match, else their equality operators for the new types.
    fn recheck_foreign_keys(&mut self, relid: Oid, changes: &[Change]) -> PgResult<()> {
        let fks = self.with_catalog(false, |cat, cx| cat.relation_foreign_keys(cx, relid))?;
        let changed = |a: &i16| changes.iter().any(|c| c.attnum == *a);
        let mut todo: Vec<std::sync::Arc<catalog::foreign_key::ForeignKey>> = Vec::new();
        for fk in fks.outgoing.iter().filter(|f| f.conkey.iter().any(changed)) {
            todo.push(fk.clone());
        }
        for fk in fks
            .incoming
            .iter()
            .filter(|f| f.confkey.iter().any(changed))
        {
            if !todo.iter().any(|t| t.oid == fk.oid) {
                todo.push(fk.clone());
            }
        }
        for fk in todo {
            let (c, p) = (fk.conrelid, fk.confrelid);
            let child = self.fresh_relation(c)?;
            let parent = self.fresh_relation(p)?;
            let (mut pf, mut pp, mut ff) = (Vec::new(), Vec::new(), Vec::new());
            for (&fa, &pa) in fk.conkey.iter().zip(&fk.confkey) {
                let (Some(fcol), Some(pcol)) = (
                    child.columns.get((fa - 1) as usize),
                    parent.columns.get((pa - 1) as usize),
                ) else {
                    return Err(PgError::internal("foreign key column vanished"));
                };
                let (ft, pt) = (fcol.type_oid, pcol.type_oid);
                let ok = fk_same_family(ft, pt)
                    || analyzer::coerce::can_coerce(
                        analyzer::registry::registry(),
                        ft,
                        fk_opclass_type(pt),
                        Ctx::Implicit,
                    );
                if !ok || fk_eq_op(pt, pt) == 0 {
                    return Err(pg_err!(
                        DATATYPE_MISMATCH,
                        "foreign key constraint \"{}\" cannot be implemented",
                        fk.name
                    )
                    .with_detail(format!(
                        "Key columns \"{}\" and \"{}\" are of incompatible types: {} and {}.",
                        fcol.name,
                        pcol.name,
                        types::typeinfo::format_type(ft, -1),
                        types::typeinfo::format_type(pt, -1)
                    )));
                }
                pf.push(if fk_same_family(ft, pt) {
                    fk_eq_op(pt, ft)
                } else {
                    fk_eq_op(pt, pt)
                });
                pp.push(fk_eq_op(pt, pt));
                ff.push(fk_eq_op(ft, ft));
            }
            let conoid = fk.oid;
            self.with_catalog(true, |cat, cx| {
                cat.set_foreign_key_ops(cx, conoid, (&pf, &pp, &ff))
            })?;
        }
        Ok(())
    }

    /// 42P16 `composite type t cannot be made a member of itself` if a column of type
    /// `type_oid` would contain `rel`'s row type (directly, as an array element, or inside
    /// another composite type).
    pub(crate) fn check_not_member_of_itself(
        &mut self,
        rel: &RelationInfo,
        type_oid: Oid,
    ) -> PgResult<()> {
        let own = rel.row_type;
        if own == 0 {
            return Ok(());
        }
        let mut stack = vec![type_oid];
        let mut seen = std::collections::HashSet::new();
        while let Some(t) = stack.pop() {
            if t == own {
                return Err(pg_err!(
                    INVALID_TABLE_DEFINITION,
                    "composite type {} cannot be made a member of itself",
                    rel.name
                ));
            }
            if !seen.insert(t) || seen.len() > 10_000 || types::type_info(t).is_some() {
                continue;
            }
            let Some(te) = self.with_catalog(false, |cat, cx| cat.type_by_oid(cx, t))? else {
                continue;
            };
            if te.elem != 0 && te.category == b'A' {
                stack.push(te.elem);
            }
            if te.relid != 0 {
                let relid = te.relid;
                if let Some(r) =
                    self.with_catalog(false, |cat, cx| cat.relation_by_oid(cx, relid))?
                {
                    stack.extend(r.columns.iter().filter(|c| !c.dropped).map(|c| c.type_oid));
                }
            }
        }
        Ok(())
    }

    /// ALTER TABLE SET WITH OIDS (`with`) / SET WITHOUT OIDS: the rows are rewritten with
    /// (new) row OIDs or without them; a no-op when the table already is that way.
    pub(crate) fn alter_set_oids(&mut self, relid: Oid, with: bool) -> PgResult<()> {
        self.command_counter_increment();
        let rel = self.fresh_relation(relid)?;
        if !matches!(rel.relkind, b'r' | b'p') {
            return Err(pg_err!(
                WRONG_OBJECT_TYPE,
                "\"{}\" is not a table",
                rel.name
            ));
        }
        if rel.has_oids() == with {
            return Ok(());
        }
        self.with_catalog(true, |cat, cx| {
            if with {
                cat.set_relation_has_oids(cx, relid)
            } else {
                cat.clear_relation_has_oids(cx, relid)
            }
        })?;
        self.command_counter_increment();
        self.with_catalog(true, |cat, cx| cat.new_relfilenode(cx, relid))?;
        self.command_counter_increment();
        let new_rel = self.fresh_relation(relid)?;
        self.rewrite_rows(&rel, &new_rel, &[], &(Vec::new(), 0))?;
        self.command_counter_increment();
        self.truncate_indexes(relid)?;
        self.command_counter_increment();
        let fresh = self.fresh_relation(relid)?;
        self.reindex_relation(&fresh)?;
        self.command_counter_increment();
        Ok(())
    }

    /// 0A000 if another table has a column of `rel`'s row type.
    fn check_rowtype_unused(&mut self, rel: &RelationInfo) -> PgResult<()> {
        let rowtype = rel.row_type;
        if rowtype == 0 {
            return Ok(());
        }
        let users = self.with_catalog(false, |cat, cx| {
            cat.catalog_rows(cx, catalog::schema::PG_ATTRIBUTE, |r| {
                r.oid("atttypid").unwrap_or(0) == rowtype
                    && !r.bool("attisdropped").unwrap_or(false)
            })
        })?;
        for u in users {
            let relid = u.oid("attrelid")?;
            let attname = u.text("attname")?;
            let Some(other) = self.with_catalog(false, |cat, cx| cat.relation_by_oid(cx, relid))?
            else {
                continue;
            };
            if matches!(other.relkind, b'r' | b'p' | b'f' | b'm') {
                return Err(pg_err!(
                    FEATURE_NOT_SUPPORTED,
                    "cannot alter table \"{}\" because column \"{}.{}\" uses its row type",
                    rel.name,
                    other.name,
                    attname
                ));
            }
        }
        Ok(())
    }

    /// The expressions computing each changed column's new value from an old row (the
    /// column, or its USING expression, under the assignment cast to the new type).
    fn conversion_exprs(
        &mut self,
        rel: &RelationInfo,
        reqs: &[TypeChangeReq],
        changes: &[Change],
    ) -> PgResult<(Vec<Expr>, usize)> {
        let mut items: Vec<String> = Vec::new();
        for (r, c) in reqs.iter().zip(changes) {
            items.push(match r.using {
                Some(e) => format!("({})", crate::deparse::expr_sql(e, "transform expression")?),
                None => quote_identifier(&c.name),
            });
        }
        let q = format!(
            "SELECT {} FROM ONLY {}.{}",
            items.join(", "),
            quote_identifier(&rel.namespace_name),
            quote_identifier(&rel.name)
        );
        let parsed = parser::parse(&q)?;
        let first = parsed
            .first()
            .ok_or_else(|| PgError::internal("bad ALTER COLUMN TYPE expression"))?;
        let mut notices = Vec::new();
        let planned = {
            let mut parts = self.exec_context_parts();
            let cx = parts.build(&mut notices);
            executor::plan_statement(&first.stmt, &q, &cx)
        };
        self.notices.extend(notices);
        let planned = planned.map_err(strip_position)?;
        let (exprs, input) = match &planned.plan {
            planner::Plan::Project { exprs, input, .. } => (exprs.clone(), input),
            _ => return Err(PgError::internal("unexpected plan for ALTER COLUMN TYPE")),
        };
        let width = match input.as_ref() {
            planner::Plan::SeqScan { width, .. } => *width,
            _ => return Err(PgError::internal("unexpected scan for ALTER COLUMN TYPE")),
        };
        let reg = analyzer::registry::registry();
        let mut out = Vec::with_capacity(changes.len());
        for (c, e) in changes.iter().zip(exprs) {
            if c.has_using {
                if e.contains_sublink() {
                    return Err(pg_err!(
                        FEATURE_NOT_SUPPORTED,
                        "cannot use subquery in transform expression"
                    ));
                }
                if e.contains_agg() {
                    return Err(pg_err!(
                        GROUPING_ERROR,
                        "aggregate functions are not allowed in transform expressions"
                    ));
                }
            }
            let type_text = types::typeinfo::format_type(c.type_oid, c.typmod);
            let type_text = if types::type_info(c.type_oid).is_some() {
                type_text
            } else {
                self.type_display_name(c.type_oid, c.typmod)?
            };
            // A bare NULL (the select list typed it text) becomes a NULL of the new type.
            let e = if matches!(e.kind, analyzer::expr::ExprKind::Const(Datum::Null)) {
                Expr::null(c.type_oid)
            } else {
                e
            };
            let coerced = analyzer::coerce::coerce(
                reg,
                &self.env,
                e,
                c.type_oid,
                c.typmod,
                Ctx::Assignment,
                false,
            )?;
            match coerced {
                Some(x) => out.push(x),
                None => return Err(no_cast_error(&c.name, &type_text, c.has_using)),
            }
        }
        Ok((out, width))
    }

    /// format_type for a type the catalog defines (domains, composite types, enums).
    fn type_display_name(&mut self, type_oid: Oid, _typmod: i32) -> PgResult<String> {
        let t = self.with_catalog(false, |cat, cx| cat.type_by_oid(cx, type_oid))?;
        Ok(match t {
            Some(t) => quote_identifier(&t.name),
            None => type_oid.to_string(),
        })
    }

    /// 42804 `default for column "c" cannot be cast automatically to type t` when a changed
    /// column's default cannot be assigned to the new type.
    fn check_defaults_convert(&mut self, rel: &RelationInfo, changes: &[Change]) -> PgResult<()> {
        let relid = rel.oid;
        let defaults = self.with_catalog(false, |cat, cx| {
            cat.catalog_rows(cx, catalog::schema::PG_ATTRDEF, |r| {
                r.oid("adrelid").unwrap_or(0) == relid
            })
        })?;
        for c in changes {
            let Some(d) = defaults
                .iter()
                .find(|r| r.int("adnum").unwrap_or(0) == c.attnum as i64)
            else {
                continue;
            };
            let src = d.text("adsrc").or_else(|_| d.text("adbin"))?;
            let q = format!("SELECT {src}");
            let parsed = parser::parse(&q)?;
            let Some(ast::Statement::Select(sel)) = parsed.first().map(|s| &s.stmt) else {
                continue;
            };
            let Some(expr) = first_target(sel) else {
                continue;
            };
            let (name, t, tm) = (c.name.clone(), c.type_oid, c.typmod);
            let r = self.with_analyzer(&q, |a| a.check_default_expr(expr, &name, t, tm));
            if let Err(e) = r {
                if e.code == common::sqlstate::DATATYPE_MISMATCH {
                    let type_text = types::typeinfo::format_type(c.type_oid, c.typmod);
                    return Err(pg_err!(
                        DATATYPE_MISMATCH,
                        "default for column \"{}\" cannot be cast automatically to type {}",
                        c.name,
                        type_text
                    ));
                }
                return Err(strip_position(e));
            }
        }
        Ok(())
    }

    /// Read the rows of `old` (its old layout) and store them converted into `new`'s file.
    fn rewrite_rows(
        &mut self,
        old: &RelationInfo,
        new: &RelationInfo,
        changes: &[Change],
        (exprs, width): &(Vec<Expr>, usize),
    ) -> PgResult<()> {
        let xid = self.xact.txn.assign_xid(&self.engine.tm)?;
        self.xact.txn.wrote = true;
        let cid = self.xact.txn.cid;
        let snapshot = self.engine.tm.snapshot(xid, cid);
        let mut scan = access::HeapScan::new(
            self.engine.storage.clone(),
            old.file,
            old.tuple_desc.clone(),
            snapshot.clone(),
            self.engine.tm.clone(),
        );
        let natts = new.tuple_desc.attrs.len();
        let ncols = new.columns.len();
        let (old_cols, old_oids, new_oids) = (old.columns.len(), old.has_oids(), new.has_oids());
        let not_null: Vec<bool> = changes
            .iter()
            .map(|c| {
                new.columns
                    .get(c.attnum as usize - 1)
                    .is_some_and(|col| col.not_null)
            })
            .collect();
        let mut notices = Vec::new();
        let r = {
            let mut cx = executor::ExecContext {
                storage: &self.engine.storage,
                tm: &self.engine.tm,
                catalog: &self.engine.catalog,
                db_oid: self.db.oid,
                db_name: &self.db.name,
                user_oid: self.role.oid,
                user_name: &self.role.name,
                txn: &mut self.xact.txn,
                env: &self.env,
                gucs: &mut self.gucs,
                interrupts: &self.interrupts,
                notices: &mut notices,
                backend_pid: self.backend_pid,
                params: &[],
                session_relations: None,
            };
            let w = access::WriteCtx {
                tm: &self.engine.tm,
                xid,
                cid,
                snapshot: &snapshot,
                interrupts: &self.interrupts,
            };
            let mut rt = executor::Runtime::new(&mut cx, &[]);
            let mut res = Ok(());
            loop {
                let t = match scan.next_tuple() {
                    Ok(Some(t)) => t,
                    Ok(None) => break,
                    Err(e) => {
                        res = Err(e);
                        break;
                    }
                };
                if let Err(e) = self.interrupts.check() {
                    res = Err(e);
                    break;
                }
                let old_oid = if old_oids {
                    t.values.get(old_cols).cloned()
                } else {
                    None
                };
                let mut row = t.values;
                row.resize((*width).max(natts).max(old_cols + 1), Datum::Null);
                let mut values: Vec<Datum> = row[..ncols].to_vec();
                if new_oids {
                    let oid = match old_oid {
                        Some(o) => o,
                        None => match self.engine.catalog.next_oid() {
                            Ok(o) => Datum::Oid(o),
                            Err(e) => {
                                res = Err(e);
                                break;
                            }
                        },
                    };
                    values.push(oid);
                }
                let mut failed = None;
                for ((c, e), nn) in changes.iter().zip(exprs).zip(&not_null) {
                    match rt.eval(e, &row) {
                        Ok(v) => {
                            if *nn && v.is_null() {
                                failed = Some(
                                    pg_err!(
                                        NOT_NULL_VIOLATION,
                                        "column \"{}\" contains null values",
                                        c.name
                                    )
                                    .with_table(&new.namespace_name, &new.name)
                                    .with_column(&c.name),
                                );
                                break;
                            }
                            if let Some(slot) = values.get_mut(c.attnum as usize - 1) {
                                *slot = v;
                            }
                        }
                        Err(e) => {
                            failed = Some(e);
                            break;
                        }
                    }
                }
                if let Some(e) = failed {
                    res = Err(e);
                    break;
                }
                if let Err(e) = access::heap_insert(
                    &self.engine.storage,
                    new.file,
                    &new.tuple_desc,
                    &values,
                    &w,
                ) {
                    res = Err(e);
                    break;
                }
            }
            res
        };
        self.notices.extend(notices);
        r
    }

    /// Re-analyse and re-validate the CHECK constraints that read a changed column (as
    /// PostgreSQL re-adds them after the type change).
    fn recheck_constraints(&mut self, rel: &RelationInfo, changes: &[Change]) -> PgResult<()> {
        let relid = rel.oid;
        let checks = self.with_catalog(false, |cat, cx| cat.check_constraints(cx, relid))?;
        for c in checks.iter() {
            let touches = changes.iter().any(|ch| c.conkey.contains(&ch.attnum));
            if !touches {
                continue;
            }
            let mut notices = Vec::new();
            let r = {
                let mut parts = self.exec_context_parts();
                let mut cx = parts.build(&mut notices);
                executor::check_constraints::analyze_check(&cx, rel, &c.src).and_then(|_| {
                    if c.validated {
                        executor::check_constraints::validate_existing(
                            &mut cx, rel, &c.name, &c.src,
                        )
                    } else {
                        Ok(())
                    }
                })
            };
            self.notices.extend(notices);
            r.map_err(strip_position)?;
        }
        Ok(())
    }
}

/// The opclass input type of a key column type (varchar keys use text_ops), as for
/// ADD FOREIGN KEY.
fn fk_opclass_type(t: Oid) -> Oid {
    if t == types::oids::VARCHAR {
        types::oids::TEXT
    } else {
        t
    }
}

/// Types whose btree operator family has cross-type equality operators.
fn fk_same_family(a: Oid, b: Oid) -> bool {
    use types::oids::*;
    let fam = |t: Oid| match t {
        INT2 | INT4 | INT8 => 1,
        FLOAT4 | FLOAT8 => 2,
        TEXT | VARCHAR | NAME => 3,
        DATE | TIMESTAMP | TIMESTAMPTZ => 4,
        _ => 0,
    };
    a == b || (fam(a) != 0 && fam(a) == fam(b))
}

/// The `=` operator OID for (left, right), 0 if none.
fn fk_eq_op(left: Oid, right: Oid) -> Oid {
    let reg = analyzer::registry::registry();
    reg.oper_exact("=", left, right)
        .or_else(|| reg.oper_exact("=", fk_opclass_type(left), fk_opclass_type(right)))
        .map(|o| o.oid)
        .unwrap_or(0)
}

/// An error without a cursor position (it would point into internal query text).
fn strip_position(mut e: PgError) -> PgError {
    e.position = None;
    e.internal_position = None;
    e.internal_query = None;
    e
}

/// The first target expression of a `SELECT expr`.
fn first_target(sel: &ast::SelectStmt) -> Option<&ast::Expr> {
    match &sel.body {
        ast::SetExpr::Select(s) => s.targets.first().and_then(|t| match t {
            ast::SelectTarget::Expr { expr, .. } => Some(expr),
            _ => None,
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cast_errors_match_postgres() {
        let e = no_cast_error("f1", "integer", false);
        assert_eq!(
            e.message,
            "column \"f1\" cannot be cast automatically to type integer"
        );
        assert_eq!(
            e.hint.as_deref(),
            Some("You might need to specify \"USING f1::integer\".")
        );
        let e = no_cast_error("atcol1", "boolean", true);
        assert_eq!(
            e.message,
            "result of USING clause for column \"atcol1\" cannot be cast automatically to type boolean"
        );
        assert_eq!(
            e.hint.as_deref(),
            Some("You might need to add an explicit cast.")
        );
        assert_eq!(
            using_hint("Mixed", "text"),
            "You might need to specify \"USING \"Mixed\"::text\"."
        );
    }
}
