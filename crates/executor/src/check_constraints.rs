//! CHECK constraint enforcement: a table's checks compiled once per statement (`CheckSet`,
//! from the SQL text stored in pg_constraint, re-analyzed against the table), evaluated on
//! every new row version (a NULL result passes; false raises 23514 with the failing row),
//! plus what DDL needs: analysing a new CHECK expression (boolean, no subqueries, aggregates
//! or system columns) and validating existing rows, and the `CHECK (...)` text of
//! pg_get_constraintdef.

use crate::{ExecContext, Runtime};
use analyzer::expr::{Expr, ExprKind};
use catalog::check_constraint::CheckConstraint;
use catalog::RelationInfo;
use common::{pg_err, Oid, PgError, PgResult};
use types::Datum;

struct Compiled {
    name: String,
    expr: Expr,
}

/// The CHECK constraints of one table, compiled for a statement.
pub struct CheckSet {
    checks: Vec<Compiled>,
    /// Width of the scan row the expressions read (columns, then ctid, ...).
    width: usize,
}

/// `SELECT ... FROM ONLY schema.table` text for expressions over `rel`'s columns.
fn select_sql(rel: &RelationInfo, exprs: &str, where_clause: Option<&str>) -> String {
    format!(
        "SELECT {} FROM ONLY {}.{}{}",
        exprs,
        catalog::ddl::quote_identifier(&rel.namespace_name),
        catalog::ddl::quote_identifier(&rel.name),
        match where_clause {
            Some(w) => format!(" WHERE {w}"),
            None => String::new(),
        }
    )
}

fn scan_width(p: &planner::Plan) -> Option<usize> {
    use planner::Plan;
    match p {
        Plan::SeqScan { width, .. } | Plan::IndexScan { width, .. } => Some(*width),
        Plan::Filter { input, .. } | Plan::Project { input, .. } => scan_width(input),
        _ => None,
    }
}

impl CheckSet {
    /// An empty set (no checks).
    pub fn empty() -> CheckSet {
        CheckSet {
            checks: Vec::new(),
            width: 0,
        }
    }

    /// Compile the CHECK constraints of `rel` (none for relations other than tables).
    pub fn open(rt: &Runtime, rel: &RelationInfo) -> PgResult<CheckSet> {
        Self::open_cx(rt.cx, rel)
    }

    /// Like `open`, from an execution context.
    pub fn open_cx(cx: &ExecContext, rel: &RelationInfo) -> PgResult<CheckSet> {
        if !matches!(rel.relkind, b'r' | b'p' | b'f') {
            return Ok(Self::empty());
        }
        let checks = {
            let ccx = crate::catalog_cx(cx);
            cx.catalog.check_constraints(&ccx, rel.oid)?
        };
        if checks.is_empty() {
            return Ok(Self::empty());
        }
        let list: Vec<String> = checks
            .iter()
            .map(|c| format!("({})", with_tableoid(rel, &c.src)))
            .collect();
        let sql = select_sql(rel, &list.join(", "), None);
        let parsed = parser::parse(&sql)?;
        let first = parsed
            .first()
            .ok_or_else(|| PgError::internal("bad check constraint expression"))?;
        let p = crate::plan_statement(&first.stmt, &sql, cx)?;
        let width = scan_width(&p.plan)
            .ok_or_else(|| PgError::internal("unexpected plan for check constraints"))?;
        let exprs = match &p.plan {
            planner::Plan::Project { exprs, .. } => exprs.clone(),
            _ => return Err(PgError::internal("unexpected plan for check constraints")),
        };
        let compiled = checks
            .iter()
            .zip(exprs)
            .map(|(c, expr)| Compiled {
                name: c.name.clone(),
                expr,
            })
            .collect();
        Ok(CheckSet {
            checks: compiled,
            width,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.checks.is_empty()
    }

    /// Check the new row version `values` (the table's columns in order) of `rel`: 23514
    /// for the first constraint (by name) that evaluates to false.
    pub fn check_row(
        &self,
        rt: &mut Runtime,
        rel: &RelationInfo,
        values: &[Datum],
    ) -> PgResult<()> {
        if self.checks.is_empty() {
            return Ok(());
        }
        let mut row = Vec::with_capacity(self.width.max(values.len() + 1));
        row.extend_from_slice(values);
        row.resize(self.width.max(values.len() + 1), Datum::Null);
        for c in &self.checks {
            if let Datum::Bool(false) = rt.eval(&c.expr, &row)? {
                return Err(violation(rt.cx, rel, &c.name, values));
            }
        }
        Ok(())
    }
}

/// `Failing row contains (...)` rendering of a row (dropped columns skipped, NULL as null).
pub fn failing_row(cx: &ExecContext, rel: &RelationInfo, values: &[Datum]) -> String {
    let mut parts = Vec::new();
    for (c, v) in rel.columns.iter().zip(values) {
        if c.dropped {
            continue;
        }
        parts.push(match v {
            Datum::Null => "null".to_string(),
            v => types::io::output(c.type_oid, v, cx.env).unwrap_or_else(|_| "?".into()),
        });
    }
    format!("Failing row contains ({}).", parts.join(", "))
}

fn violation(cx: &ExecContext, rel: &RelationInfo, name: &str, values: &[Datum]) -> PgError {
    pg_err!(
        CHECK_VIOLATION,
        "new row for relation \"{}\" violates check constraint \"{}\"",
        rel.name,
        name
    )
    .with_detail(failing_row(cx, rel, values))
    .with_table(&rel.namespace_name, &rel.name)
    .with_constraint(name)
}

/// What analysing a new CHECK expression found.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckAnalysis {
    /// Distinct referenced columns (attnums) in order of first appearance.
    pub columns: Vec<i16>,
    /// True if the expression also reads the tableoid system column (which, like a column,
    /// counts when PostgreSQL names the constraint).
    pub uses_tableoid: bool,
}

/// The byte offset in `analyze_check`'s query text where the expression starts (for mapping
/// error positions back to the statement the user typed).
pub fn check_sql_prefix_len() -> usize {
    "SELECT (".len()
}

/// Analyse CHECK expression `src` over `rel`'s columns as PostgreSQL does when a constraint is
/// created: it must be boolean (42804) without subqueries (0A000), aggregates (42803) or
/// references to system columns (42P10). Errors carry positions into
/// `SELECT (<src>) FROM ONLY ...` (see `check_sql_prefix_len`).
pub fn analyze_check(cx: &ExecContext, rel: &RelationInfo, src: &str) -> PgResult<CheckAnalysis> {
    let uses_tableoid =
        rel.column("tableoid").is_none() && column_tokens(src).iter().any(|t| t.val == "tableoid");
    if let Some(name) = system_column_ref(rel, src) {
        return Err(pg_err!(
            INVALID_COLUMN_REFERENCE,
            "system column \"{}\" reference in check constraint is invalid",
            name
        ));
    }
    let src = &with_tableoid(rel, src);
    let sql = select_sql(rel, &format!("({src})"), None);
    let parsed = parser::parse(&sql)?;
    let first = parsed
        .first()
        .ok_or_else(|| PgError::internal("bad check constraint expression"))?;
    let q = crate::with_analyzer(cx, &sql, |an| an.analyze(&first.stmt))?;
    let target = q
        .targets
        .first()
        .ok_or_else(|| PgError::internal("bad check constraint expression"))?;
    let e = &target.expr;
    if e.contains_sublink() {
        return Err(pg_err!(
            FEATURE_NOT_SUPPORTED,
            "cannot use subquery in check constraint"
        ));
    }
    if e.contains_agg() || !q.aggs.is_empty() {
        return Err(pg_err!(
            GROUPING_ERROR,
            "aggregate functions are not allowed in check constraints"
        ));
    }
    if e.contains_srf() {
        return Err(pg_err!(
            FEATURE_NOT_SUPPORTED,
            "set-returning functions are not allowed in check constraints"
        ));
    }
    let ncols = rel.columns.len();
    let mut cols: Vec<usize> = Vec::new();
    collect_columns(e, &mut cols);
    if let Some(idx) = first_system(&cols, ncols) {
        let name = if idx == ncols { "ctid" } else { "oid" };
        return Err(pg_err!(
            INVALID_COLUMN_REFERENCE,
            "system column \"{}\" reference in check constraint is invalid",
            name
        ));
    }
    if e.typ != types::oids::BOOL {
        let tname = types::typeinfo::format_type(e.typ, -1);
        return Err(pg_err!(
            DATATYPE_MISMATCH,
            "argument of CHECK must be type boolean, not type {}",
            tname
        ));
    }
    let columns = cols
        .into_iter()
        .filter(|&i| i < ncols)
        .map(|i| (i + 1) as i16)
        .collect();
    Ok(CheckAnalysis {
        columns,
        uses_tableoid,
    })
}

fn collect_columns(e: &Expr, cols: &mut Vec<usize>) {
    let found = std::cell::RefCell::new(Vec::new());
    e.any(&|x| {
        if let ExprKind::Column {
            level: 0, index, ..
        } = &x.kind
        {
            found.borrow_mut().push(*index);
        }
        false
    });
    for i in found.into_inner() {
        if !cols.contains(&i) {
            cols.push(i);
        }
    }
}

/// The first reference past the table's columns (ctid, oid).
fn first_system(cols: &[usize], ncols: usize) -> Option<usize> {
    cols.iter().copied().find(|&i| i >= ncols)
}

/// Identifier tokens of `src` that name a column (not a function, type or qualified part).
fn column_tokens(src: &str) -> Vec<parser::lexer::Token> {
    use parser::lexer::TokKind;
    let Ok((toks, _)) = parser::lexer::lex(src) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        let keyword = matches!(
            t.kind,
            TokKind::Ident if matches!(
                t.kw,
                Some(parser::keywords::KwCat::Reserved | parser::keywords::KwCat::TypeFuncName)
            )
        );
        if !matches!(t.kind, TokKind::Ident | TokKind::QIdent) || keyword {
            continue;
        }
        let prev = i.checked_sub(1).and_then(|j| toks.get(j));
        let next = toks.get(i + 1);
        if prev
            .is_some_and(|p| p.kind == TokKind::Typecast || (p.kind == TokKind::Op && p.val == "."))
            || next.is_some_and(|n| n.kind == TokKind::Op && n.val == "(")
        {
            continue;
        }
        out.push(t.clone());
    }
    out
}

/// A system column other than tableoid referenced by `src` (PostgreSQL refuses those).
fn system_column_ref(rel: &RelationInfo, src: &str) -> Option<String> {
    column_tokens(src).into_iter().find_map(|t| {
        let sys = matches!(t.val.as_str(), "ctid" | "xmin" | "xmax" | "cmin" | "cmax")
            || (t.val == "oid" && rel.has_oids());
        (sys && rel.column(&t.val).is_none()).then_some(t.val)
    })
}

/// `src` with references to the tableoid system column replaced by the table's OID.
fn with_tableoid(rel: &RelationInfo, src: &str) -> String {
    if !src.contains("tableoid") || rel.column("tableoid").is_some() {
        return src.to_string();
    }
    let mut out = src.to_string();
    for t in column_tokens(src).into_iter().rev() {
        if t.val == "tableoid" {
            out.replace_range(t.start..t.end, &format!("({}::oid)", rel.oid));
        }
    }
    out
}

/// ALTER TABLE ADD CONSTRAINT (without NOT VALID) / VALIDATE CONSTRAINT: 23514 `check
/// constraint "x" is violated by some row` if a visible row makes `check` false.
pub fn validate_existing(
    cx: &mut ExecContext,
    rel: &RelationInfo,
    name: &str,
    src: &str,
) -> PgResult<()> {
    let sql = select_sql(
        rel,
        "1",
        Some(&format!("NOT ({})", with_tableoid(rel, src))),
    );
    let parsed = parser::parse(&sql)?;
    let first = parsed
        .first()
        .ok_or_else(|| PgError::internal("bad check constraint expression"))?;
    let p = crate::plan_statement(&first.stmt, &sql, cx)?;
    let mut rt = Runtime::new(cx, &p.subplans);
    let mut node = crate::nodes::build(&p.plan, &mut rt)?;
    if node.next(&mut rt)?.is_some() {
        return Err(pg_err!(
            CHECK_VIOLATION,
            "check constraint \"{}\" is violated by some row",
            name
        )
        .with_table(&rel.namespace_name, &rel.name)
        .with_constraint(name));
    }
    Ok(())
}

/// pg_get_constraintdef for a CHECK constraint row: `CHECK (<expr>)` (pretty) or
/// `CHECK ((<expr>))`, with ` NOT VALID` for unvalidated constraints.
pub fn constraint_def_text(c: &CheckConstraint, pretty: bool) -> String {
    constraint_def_with(c, c.src.trim(), pretty)
}

fn constraint_def_with(c: &CheckConstraint, src: &str, pretty: bool) -> String {
    let mut s = if pretty {
        format!("CHECK ({})", src)
    } else {
        format!("CHECK (({}))", src)
    };
    if c.no_inherit {
        s.push_str(" NO INHERIT");
    }
    if !c.validated {
        s.push_str(" NOT VALID");
    }
    s
}

/// Hook for `catalog_funcs`' pg_get_constraintdef: Some(text) if `args[0]` is a CHECK
/// constraint, else None (other constraint kinds are deparsed there).
pub fn check_def(rt: &mut Runtime, args: &[Datum]) -> PgResult<Option<Datum>> {
    let oid: Oid = match args.first() {
        Some(Datum::Oid(o)) => *o,
        Some(d) => match d.as_i64() {
            Some(v) => v as Oid,
            None => return Ok(None),
        },
        None => return Ok(None),
    };
    let pretty = matches!(args.get(1), Some(Datum::Bool(true)));
    let ccx = rt.catalog_cx();
    let rows = rt
        .cx
        .catalog
        .catalog_rows(&ccx, catalog::schema::PG_CONSTRAINT, |r| r.row_oid() == oid)?;
    let Some(r) = rows.first() else {
        return Ok(None);
    };
    if r.ch("contype")? != b'c' {
        return Ok(None);
    }
    let table = r.oid("conrelid")?;
    let checks = rt.cx.catalog.check_constraints(&ccx, table)?;
    let Some(c) = checks.iter().find(|c| c.oid == oid) else {
        return Ok(None);
    };
    let rel = rt.cx.catalog.relation_by_oid(&ccx, table)?;
    let src = match &rel {
        Some(rel) => display_src(rel, c.src.trim()),
        None => c.src.trim().to_string(),
    };
    Ok(Some(Datum::text(constraint_def_with(c, &src, pretty))))
}

/// The stored expression text as PostgreSQL's deparser shows the common cases: AND / OR /
/// NOT / IS / NULL in upper case, and string literals compared with a text, date or
/// timestamp column carrying the column type's cast (`b <> ''::text`).
fn display_src(rel: &RelationInfo, src: &str) -> String {
    use parser::lexer::TokKind;
    let Ok((toks, _)) = parser::lexer::lex(src) else {
        return src.to_string();
    };
    let col_type = |t: &parser::lexer::Token| -> Option<Oid> {
        if !matches!(t.kind, TokKind::Ident | TokKind::QIdent) {
            return None;
        }
        rel.column(&t.val).map(|c| c.type_oid)
    };
    let is_cmp = |t: &parser::lexer::Token| {
        t.kind == TokKind::Op && matches!(t.val.as_str(), "=" | "<>" | "<" | ">" | "<=" | ">=")
    };
    let mut out = String::with_capacity(src.len() + 16);
    let mut last = 0;
    for (i, t) in toks.iter().enumerate() {
        if t.kind == TokKind::Eof {
            break;
        }
        let replacement = match t.kind {
            TokKind::Ident
                if matches!(
                    t.val.as_str(),
                    "and" | "or" | "not" | "is" | "null" | "between" | "like" | "ilike"
                ) && src
                    .get(t.start..t.end)
                    .is_some_and(|w| w.eq_ignore_ascii_case(&t.val)) =>
            {
                Some(t.val.to_ascii_uppercase())
            }
            TokKind::Str => {
                let before = i
                    .checked_sub(2)
                    .and_then(|j| Some((toks.get(j)?, toks.get(j + 1)?)));
                let after = toks.get(i + 1).zip(toks.get(i + 2));
                let typ = match (before, after) {
                    (Some((c, op)), _) if is_cmp(op) => col_type(c),
                    (_, Some((op, c))) if is_cmp(op) => col_type(c),
                    _ => None,
                };
                let cast_follows = toks.get(i + 1).is_some_and(|n| n.kind == TokKind::Typecast);
                match typ {
                    Some(ty)
                        if !cast_follows
                            && matches!(
                                ty,
                                types::oids::TEXT
                                    | types::oids::DATE
                                    | types::oids::TIMESTAMP
                                    | types::oids::TIMESTAMPTZ
                            ) =>
                    {
                        src.get(t.start..t.end)
                            .map(|lit| format!("{lit}::{}", types::typeinfo::format_type(ty, -1)))
                    }
                    _ => None,
                }
            }
            _ => None,
        };
        if let Some(r) = replacement {
            if let Some(prefix) = src.get(last..t.start) {
                out.push_str(prefix);
            }
            out.push_str(&r);
            last = t.end;
        }
    }
    out.push_str(src.get(last..).unwrap_or(""));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constraintdef_formats() {
        let mut c = CheckConstraint {
            oid: 1,
            name: "t_a_check".into(),
            namespace_oid: 2200,
            table_oid: 16384,
            conkey: vec![1],
            src: "a > 0".into(),
            validated: true,
            no_inherit: false,
        };
        assert_eq!(constraint_def_text(&c, false), "CHECK ((a > 0))");
        assert_eq!(constraint_def_text(&c, true), "CHECK (a > 0)");
        c.validated = false;
        c.no_inherit = true;
        assert_eq!(
            constraint_def_text(&c, true),
            "CHECK (a > 0) NO INHERIT NOT VALID"
        );
    }

    #[test]
    fn column_tokens_skip_functions_types_and_qualifiers() {
        let names: Vec<String> = column_tokens("abs(x) > t.y AND z::int4 > 0 AND \"Q\" IS NULL")
            .into_iter()
            .map(|t| t.val)
            .collect();
        assert_eq!(names, ["x", "t", "z", "Q"]);
    }
}
