//! INSERT ... ON CONFLICT analysis: arbiter index inference (columns/expressions plus the
//! partial-index predicate, or ON CONSTRAINT), the DO UPDATE SET list and WHERE clause over
//! the existing row (target alias) and the `excluded` pseudo-relation, and PostgreSQL's
//! errors for unsupported or unmatched specifications. The executor side is
//! executor/src/on_conflict.rs.

use super::*;

/// Split `e` at top-level ANDs.
fn conjuncts(e: &Expr, out: &mut Vec<Expr>) {
    if let ExprKind::And(args) = &e.kind {
        for a in args {
            conjuncts(a, out);
        }
    } else {
        out.push(e.clone());
    }
}

/// Internal alias of a target named "excluded" while analysing DO UPDATE.
const AMBIGUOUS_EXCLUDED: &str = "\u{0}excluded";

/// Analysed conflict target, before arbiter matching.
struct InferenceSpec {
    /// Plain column attnums.
    attrs: Vec<i16>,
    exprs: Vec<Expr>,
    /// Conjuncts of the target's WHERE.
    spec_where: Vec<Expr>,
    /// ON CONSTRAINT: (name, contype, conindid).
    constraint: Option<(String, u8, Oid)>,
}

/// Location of the `ON CONFLICT` clause in the query text (for error cursors).
fn on_conflict_location(query: &str) -> i32 {
    let lower = query.to_ascii_lowercase();
    let mut best = None;
    let mut from = 0;
    while let Some(i) = lower[from..].find("on") {
        let at = from + i;
        let rest = lower[at + 2..].trim_start();
        if rest.starts_with("conflict") {
            best = Some(at);
        }
        from = at + 2;
    }
    best.map_or(-1, |b| b as i32)
}

impl<'a> Analyzer<'a> {
    /// A level holding the target relation under its alias (offset 0), optionally followed
    /// by the `excluded` pseudo-relation.
    fn on_conflict_level(
        &self,
        rel: &Arc<RelationInfo>,
        alias: &str,
        with_excluded: bool,
    ) -> PgResult<(Level<'static>, usize)> {
        let mut lv = Level::new(None);
        // A target aliased "excluded" makes every `excluded.x` ambiguous: such references
        // find no entry (see `excluded_error`).
        let target_alias = if with_excluded && alias == "excluded" {
            AMBIGUOUS_EXCLUDED
        } else {
            alias
        };
        let (_, items) = self.rel_item(&mut lv, rel, Some(target_alias.to_string()))?;
        lv.ns.extend(items);
        let mut xoff = lv.width;
        if with_excluded {
            let (xi, mut items) = self.rel_item(&mut lv, rel, Some("excluded".into()))?;
            xoff = lv.rtable[xi].offset;
            for it in &mut items {
                it.sys_oid = None;
                it.schema = None;
                it.cols_visible = false;
                it.table_oid = 0;
            }
            if alias != "excluded" {
                lv.ns.extend(items);
            }
        }
        Ok((lv, xoff))
    }

    /// Analyse an index's expression columns (pg_index.indexprs text) over `lv`.
    fn index_exprs(&self, lv: &Level, text: &str) -> PgResult<Vec<Expr>> {
        let sql = format!("SELECT {}", text);
        let stmts = parser::parse(&sql)?;
        let mut out = Vec::new();
        if let Some(ast::Statement::Select(s)) = stmts.first().map(|s| &s.stmt) {
            if let ast::SetExpr::Select(core) = &s.body {
                for t in &core.targets {
                    if let ast::SelectTarget::Expr { expr, .. } = t {
                        out.push(self.with_query(&sql).expr(lv, expr, Clause::Other)?);
                    }
                }
            }
        }
        Ok(out)
    }

    /// This analyzer reading `query` (expressions parsed from catalog text).
    fn with_query<'q>(&'q self, query: &'q str) -> Analyzer<'q> {
        Analyzer {
            catalog: self.catalog,
            ccx: self.ccx,
            env: self.env,
            reg: self.reg,
            query,
            search_path: self.search_path.clone(),
            param_types: vec![],
            session_relations: self.session_relations,
        }
    }

    /// Analyse a partial-index predicate text over `lv`.
    fn index_pred(&self, lv: &Level, text: &str) -> PgResult<Expr> {
        let e = parser::parse_expr(text)?;
        self.with_query(text).expr(lv, &e, Clause::Other)
    }

    /// RETURNING of an INSERT ... ON CONFLICT cannot see `excluded`; the target's real name
    /// is hidden by an alias.
    pub(super) fn on_conflict_returning_error(&self, s: &ast::InsertStmt, e: PgError) -> PgError {
        self.hidden_table_error(
            s,
            e,
            s.on_conflict.as_ref().is_some_and(|o| o.update.is_some()),
        )
    }

    fn hidden_table_error(&self, s: &ast::InsertStmt, e: PgError, excluded: bool) -> PgError {
        if e.code != common::sqlstate::UNDEFINED_TABLE {
            return e;
        }
        let name = |t: &str| format!("missing FROM-clause entry for table \"{}\"", t);
        let target_excluded = s.alias.as_deref().unwrap_or(&s.table.name) == "excluded";
        if !excluded && target_excluded && e.message == name("excluded") {
            let mut n = pg_err!(AMBIGUOUS_ALIAS, "table reference \"excluded\" is ambiguous");
            n.position = e.position;
            return n;
        }
        if excluded && !target_excluded && e.message == name("excluded") {
            let mut n = pg_err!(
                UNDEFINED_TABLE,
                "invalid reference to FROM-clause entry for table \"excluded\""
            )
            .with_hint(
                "There is an entry for table \"excluded\", but it cannot be referenced from this part of the query.",
            );
            n.position = e.position;
            return n;
        }
        if let Some(alias) = &s.alias {
            if e.message == name(&s.table.name) {
                let mut n = pg_err!(
                    UNDEFINED_TABLE,
                    "invalid reference to FROM-clause entry for table \"{}\"",
                    s.table.name
                )
                .with_hint(format!(
                    "Perhaps you meant to reference the table alias \"{}\".",
                    alias
                ));
                n.position = e.position;
                return n;
            }
        }
        e
    }

    /// Analyse the ON CONFLICT clause of `s` (target `rel`).
    pub(super) fn on_conflict(
        &self,
        rel: &Arc<RelationInfo>,
        s: &ast::InsertStmt,
        oc: &ast::OnConflict,
    ) -> PgResult<OnConflictInfo> {
        let alias = s.alias.clone().unwrap_or_else(|| rel.name.clone());
        let update = oc.update.is_some();
        if update && oc.target.is_empty() && oc.constraint.is_none() {
            return Err(self.err_at(
                pg_err!(
                    SYNTAX_ERROR,
                    "ON CONFLICT DO UPDATE requires inference specification or constraint name"
                )
                .with_hint("For example, ON CONFLICT (column_name)."),
                on_conflict_location(self.query),
            ));
        }
        let spec = self.inference_spec(rel, &alias, oc)?;
        let mut info = OnConflictInfo {
            update,
            arbiters: Vec::new(),
            set: Vec::new(),
            where_qual: None,
            excluded_offset: 0,
            width: 0,
            alias: alias.clone(),
        };
        if let Some((set, where_clause)) = &oc.update {
            self.on_conflict_update(rel, s, &alias, set, where_clause.as_ref(), &mut info)?;
        }
        info.arbiters = self.match_arbiters(rel, oc, spec)?;
        Ok(info)
    }

    fn on_conflict_update(
        &self,
        rel: &Arc<RelationInfo>,
        s: &ast::InsertStmt,
        alias: &str,
        set: &[ast::SetClause],
        where_clause: Option<&ast::Expr>,
        info: &mut OnConflictInfo,
    ) -> PgResult<()> {
        let (lv, xoff) = self.on_conflict_level(rel, alias, true)?;
        let mut new_row: Vec<Option<Expr>> = vec![None; rel.columns.len()];
        for sc in set {
            match sc {
                ast::SetClause::Single { column, value } => {
                    self.on_conflict_set(s, rel, &lv, &mut new_row, column, value)?;
                }
                ast::SetClause::Multi { columns, value } => match strip_nested(value) {
                    ast::Expr::Row(items, loc) => {
                        if items.len() != columns.len() {
                            return Err(self.err_at(
                                pg_err!(
                                    SYNTAX_ERROR,
                                    "number of columns does not match number of values"
                                ),
                                *loc,
                            ));
                        }
                        for (c, v) in columns.iter().zip(items) {
                            self.on_conflict_set(s, rel, &lv, &mut new_row, c, v)?;
                        }
                    }
                    other if columns.len() == 1 => {
                        self.on_conflict_set(s, rel, &lv, &mut new_row, &columns[0], other)?;
                    }
                    other => {
                        return Err(self.err_at(
                            pg_err!(
                                FEATURE_NOT_SUPPORTED,
                                "multiple-column UPDATE from a sub-SELECT is not supported yet"
                            ),
                            other.location(),
                        ));
                    }
                },
            }
        }
        info.set = new_row
            .into_iter()
            .enumerate()
            .map(|(i, e)| {
                e.unwrap_or_else(|| Expr::column(i, rel.columns[i].type_oid, rel.columns[i].typmod))
            })
            .collect();
        if let Some(w) = where_clause {
            let q = self
                .bool_expr(&lv, w, "WHERE", Clause::Where)
                .map_err(|e| self.hidden_table_error(s, e, false))?;
            info.where_qual = Some(q);
        }
        info.excluded_offset = xoff;
        info.width = lv.width;
        Ok(())
    }

    fn on_conflict_set(
        &self,
        s: &ast::InsertStmt,
        rel: &RelationInfo,
        lv: &Level,
        new_row: &mut [Option<Expr>],
        col: &ast::InsertColumn,
        e: &ast::Expr,
    ) -> PgResult<()> {
        if !col.indirection.is_empty() {
            return Err(self.err_at(
                pg_err!(
                    FEATURE_NOT_SUPPORTED,
                    "UPDATE of subscripted or field columns is not supported yet"
                ),
                col.location,
            ));
        }
        let ci = self.column_index(rel, &col.name, col.location)?;
        if new_row[ci].is_some() {
            return Err(self.err_at(
                pg_err!(
                    SYNTAX_ERROR,
                    "multiple assignments to same column \"{}\"",
                    col.name
                ),
                col.location,
            ));
        }
        let x = self
            .expr(lv, e, Clause::Values)
            .map_err(|er| self.hidden_table_error(s, er, false))?;
        if x.contains_agg() {
            return Err(self.err_at(
                pg_err!(
                    GROUPING_ERROR,
                    "aggregate functions are not allowed in UPDATE"
                ),
                e.location(),
            ));
        }
        new_row[ci] = Some(self.assign(rel, ci, x, e.location())?);
        Ok(())
    }

    /// Analyse the conflict target: inference columns/expressions and WHERE over the target,
    /// or the ON CONSTRAINT name (42704 when the table has no such constraint).
    fn inference_spec(
        &self,
        rel: &Arc<RelationInfo>,
        alias: &str,
        oc: &ast::OnConflict,
    ) -> PgResult<InferenceSpec> {
        let mut spec = InferenceSpec {
            attrs: Vec::new(),
            exprs: Vec::new(),
            spec_where: Vec::new(),
            constraint: None,
        };
        if let Some(cname) = &oc.constraint {
            let cons = self.catalog.relation_constraints(self.ccx, rel.oid)?;
            let Some((_, name, contype, indid)) = cons.into_iter().find(|c| &c.1 == cname) else {
                return Err(pg_err!(
                    UNDEFINED_OBJECT,
                    "constraint \"{}\" for table \"{}\" does not exist",
                    cname,
                    rel.name
                ));
            };
            spec.constraint = Some((name, contype, indid));
            return Ok(spec);
        }
        let (lv, _) = self.on_conflict_level(rel, alias, false)?;
        for t in &oc.target {
            let x = self.expr(&lv, t, Clause::Other)?;
            match &x.kind {
                ExprKind::Column {
                    level: 0, index, ..
                } if *index < rel.columns.len() => {
                    let a = *index as i16 + 1;
                    if !spec.attrs.contains(&a) {
                        spec.attrs.push(a);
                    }
                }
                _ => spec.exprs.push(x),
            }
        }
        if let Some(w) = &oc.target_where {
            let q = self.bool_expr(&lv, w, "WHERE", Clause::Where)?;
            conjuncts(&q, &mut spec.spec_where);
        }
        Ok(spec)
    }

    /// The arbiter indexes (OID, name) of the conflict target (the planner's part in
    /// PostgreSQL: 42P10 when no unique index matches); empty for DO NOTHING without a
    /// target (every unique index arbitrates).
    fn match_arbiters(
        &self,
        rel: &Arc<RelationInfo>,
        oc: &ast::OnConflict,
        spec: InferenceSpec,
    ) -> PgResult<Vec<(Oid, String)>> {
        let deferrable = || {
            pg_err!(
                FEATURE_NOT_SUPPORTED,
                "ON CONFLICT does not support deferrable unique constraints/exclusion constraints as arbiters"
            )
            .with_table(&rel.namespace_name, &rel.name)
        };
        let indexes = self.catalog.relation_indexes(self.ccx, rel.oid)?;
        if let Some((name, contype, indid)) = spec.constraint {
            if contype == b'x' && oc.update.is_some() {
                return Err(pg_err!(
                    FEATURE_NOT_SUPPORTED,
                    "ON CONFLICT DO UPDATE not supported with exclusion constraints"
                ));
            }
            if !matches!(contype, b'p' | b'u' | b'x') || indid == 0 {
                return Err(pg_err!(
                    WRONG_OBJECT_TYPE,
                    "constraint in ON CONFLICT clause has no associated index"
                ));
            }
            if let Some(d) = indexes.iter().find(|d| d.oid == indid) {
                if !d.immediate {
                    return Err(deferrable());
                }
                return Ok(vec![(d.oid, d.name.clone())]);
            }
            return Ok(vec![(indid, name)]);
        }
        if oc.target.is_empty() {
            return Ok(Vec::new());
        }
        let (lv, _) = self.on_conflict_level(rel, &rel.name, false)?;
        let mut want = spec.attrs.clone();
        want.sort_unstable();
        let mut out = Vec::new();
        for d in &indexes {
            if !d.unique {
                continue;
            }
            let mut idx_attrs: Vec<i16> = d.keys.iter().copied().filter(|&k| k > 0).collect();
            idx_attrs.sort_unstable();
            idx_attrs.dedup();
            if idx_attrs != want {
                continue;
            }
            let idx_exprs = match &d.exprs {
                Some(t) => match self.index_exprs(&lv, t) {
                    Ok(v) => v,
                    Err(_) => continue,
                },
                None => Vec::new(),
            };
            // Every inferred expression is an index expression and vice versa.
            if !spec
                .exprs
                .iter()
                .all(|e| idx_exprs.iter().any(|i| same_expr(e, i)))
                || !idx_exprs
                    .iter()
                    .all(|i| spec.exprs.iter().any(|e| same_expr(e, i)))
            {
                continue;
            }
            if let Some(p) = &d.pred {
                let Ok(pe) = self.index_pred(&lv, p) else {
                    continue;
                };
                let mut need = Vec::new();
                conjuncts(&pe, &mut need);
                if !need
                    .iter()
                    .all(|n| spec.spec_where.iter().any(|w| implies(w, n)))
                {
                    continue;
                }
            }
            if !d.immediate {
                return Err(deferrable());
            }
            out.push((d.oid, d.name.clone()));
        }
        if out.is_empty() {
            return Err(pg_err!(
                INVALID_COLUMN_REFERENCE,
                "there is no unique or exclusion constraint matching the ON CONFLICT specification"
            ));
        }
        Ok(out)
    }
}

/// Does clause `w` imply clause `n`? Equal clauses, or `x > c1` / `x >= c1` implying
/// `x > c2` / `x >= c2` for integer constants (the common partial-index shapes).
fn implies(w: &Expr, n: &Expr) -> bool {
    if same_expr(w, n) {
        return true;
    }
    let (Some((wf, wx, wc)), Some((nf, nx, nc))) = (int_bound(w), int_bound(n)) else {
        return false;
    };
    if !same_expr(wx, nx) {
        return false;
    }
    match (wf, nf) {
        // w: x > wc  (x >= wc + 1)
        ("gt", "gt") | ("ge", "ge") => wc >= nc,
        ("gt", "ge") => wc >= nc - 1,
        ("ge", "gt") => wc > nc,
        ("lt", "lt") | ("le", "le") => wc <= nc,
        ("lt", "le") => wc <= nc + 1,
        ("le", "lt") => wc < nc,
        _ => false,
    }
}

/// `expr OP integer-constant` with OP one of < <= > >= (by the function name's suffix).
fn int_bound(e: &Expr) -> Option<(&'static str, &Expr, i64)> {
    let ExprKind::Func { func, args, .. } = &e.kind else {
        return None;
    };
    let op = ["gt", "ge", "lt", "le"]
        .into_iter()
        .find(|s| func.name.ends_with(s) && func.name.starts_with("int"))?;
    let [x, c] = args.as_slice() else {
        return None;
    };
    let v = match &c.kind {
        ExprKind::Const(Datum::Int2(v)) => i64::from(*v),
        ExprKind::Const(Datum::Int4(v)) => i64::from(*v),
        ExprKind::Const(Datum::Int8(v)) => *v,
        _ => return None,
    };
    Some((op, x, v))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `col0 OP c` over int4 through the real pg_proc entry (int4gt = 147, int4ge = 150,
    /// int4lt = 66, int4le = 149).
    fn cmp(proc_oid: Oid, c: i32) -> Expr {
        let p = crate::registry()
            .proc_by_oid(proc_oid)
            .map(Func::from_proc)
            .expect("builtin");
        Expr::new(
            ExprKind::Func {
                func: p,
                args: vec![Expr::column(0, INT4, -1), Expr::konst(Datum::Int4(c), INT4)],
                arg_types: vec![INT4, INT4],
            },
            BOOL,
        )
    }

    #[test]
    fn predicate_implication() {
        // a > 1 implies a > 0 and a >= 2, not a > 5.
        assert!(implies(&cmp(147, 1), &cmp(147, 0)));
        assert!(implies(&cmp(147, 1), &cmp(150, 2)));
        assert!(!implies(&cmp(147, 1), &cmp(147, 5)));
        // a <= 3 implies a < 4, not a < 3.
        assert!(implies(&cmp(149, 3), &cmp(66, 4)));
        assert!(!implies(&cmp(149, 3), &cmp(66, 3)));
        // Identical clauses.
        assert!(implies(&cmp(66, 7), &cmp(66, 7)));
        let mut parts = Vec::new();
        conjuncts(
            &Expr::new(ExprKind::And(vec![cmp(147, 1), cmp(66, 9)]), BOOL),
            &mut parts,
        );
        assert_eq!(parts.len(), 2);
    }

    #[test]
    fn finds_on_conflict_clause() {
        let q = "insert into t values (1, 'on') on  conflict do update set a = 1";
        assert_eq!(on_conflict_location(q), 31);
        assert_eq!(on_conflict_location("select 1"), -1);
    }
}
