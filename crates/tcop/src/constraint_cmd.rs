//! CHECK constraints on the session side (creating them in CREATE TABLE / ALTER TABLE ADD
//! CONSTRAINT with PostgreSQL's naming and validation, VALIDATE CONSTRAINT, DROP CONSTRAINT,
//! DROP COLUMN / RENAME COLUMN upkeep, COPY FROM row checks), SET CONSTRAINTS, and running the
//! transaction's deferred constraint checks at COMMIT.

use crate::session::Session;
use catalog::check_constraint::NewCheck;
use catalog::RelationInfo;
use common::{pg_err, sqlstate, Oid, PgError, PgResult};
use executor::check_constraints::{self as checks, CheckSet};
use parser::ast::Expr;
use parser::lexer::{self, TokKind};
use types::Datum;

/// PostgreSQL's NAMEDATALEN - 1.
const MAX_NAME: usize = 63;

/// A CHECK constraint to create.
#[derive(Clone, Debug)]
pub(crate) struct CheckSpec {
    pub name: Option<String>,
    /// The expression's SQL text.
    pub src: String,
    /// Byte offset of `src` in the statement text (for error positions), if known.
    pub offset: Option<usize>,
    pub no_inherit: bool,
    pub not_valid: bool,
}

impl CheckSpec {
    /// A spec for `CHECK (expr)` of a constraint starting at byte `loc` of `sql`: the
    /// expression text is taken as written (else deparsed).
    pub(crate) fn new(
        name: Option<&str>,
        expr: &Expr,
        loc: i32,
        sql: &str,
        no_inherit: bool,
        not_valid: bool,
    ) -> PgResult<CheckSpec> {
        let (src, offset) = match source_text(sql, loc) {
            Some((s, o)) => (s, Some(o)),
            None => (crate::deparse::expr_sql(expr, "check constraint")?, None),
        };
        Ok(CheckSpec {
            name: name.map(str::to_string),
            src,
            offset,
            no_inherit,
            not_valid,
        })
    }
}

/// The CHECK constraints of a column definition (ALTER TABLE ADD COLUMN).
pub(crate) fn column_check_specs(
    cd: &parser::ast::ColumnDef,
    sql: &str,
) -> PgResult<Vec<CheckSpec>> {
    cd.constraints
        .iter()
        .filter_map(|c| match &c.kind {
            parser::ast::ColumnConstraintKind::Check { expr, no_inherit } => Some(CheckSpec::new(
                c.name.as_deref(),
                expr,
                c.location,
                sql,
                *no_inherit,
                false,
            )),
            _ => None,
        })
        .collect()
}

/// The text between the parentheses of the first `CHECK (...)` at or after byte `loc` of
/// `sql`, and its byte offset.
fn source_text(sql: &str, loc: i32) -> Option<(String, usize)> {
    let start = usize::try_from(loc).ok()?;
    let rest = sql.get(start..)?;
    let (toks, _) = lexer::lex(rest).ok()?;
    let ci = toks
        .iter()
        .position(|t| t.kind == TokKind::Ident && t.val == "check")?;
    let open = toks.get(ci + 1)?;
    if !(open.kind == TokKind::Op && open.val == "(") {
        return None;
    }
    let mut depth = 0i32;
    for t in &toks[ci + 1..] {
        match (t.kind, t.val.as_str()) {
            (TokKind::Op, "(") => depth += 1,
            (TokKind::Op, ")") => {
                depth -= 1;
                if depth == 0 {
                    let raw = rest.get(open.end..t.start)?;
                    let lead = raw.len() - raw.trim_start().len();
                    return Some((raw.trim().to_string(), start + open.end + lead));
                }
            }
            (TokKind::Eof, _) => break,
            _ => {}
        }
    }
    None
}

/// Point an error raised while analysing `SELECT (<src>) ...` at the same place in `sql`.
fn remap_position(mut e: PgError, src: &str, offset: Option<usize>, sql: &str) -> PgError {
    let Some(p) = e.position.take() else {
        return e;
    };
    let prefix = checks::check_sql_prefix_len();
    let (Some(off), Some(ci)) = (offset, (p as usize).checked_sub(1 + prefix)) else {
        return e;
    };
    let byte = src
        .char_indices()
        .nth(ci)
        .map(|(b, _)| b)
        .unwrap_or(src.len());
    e.at_byte_offset(sql, off + byte)
}

/// PostgreSQL's makeObjectName: `name1[_name2]_label`, shortening the longer of the two
/// names until the result fits in 63 bytes.
fn make_object_name(name1: &str, name2: Option<&str>, label: &str) -> String {
    let mut n1: Vec<char> = name1.chars().collect();
    let mut n2: Vec<char> = name2.map(|s| s.chars().collect()).unwrap_or_default();
    let overhead = label.len() + 1 + if name2.is_some() { 1 } else { 0 };
    let bytes = |v: &[char]| v.iter().map(|c| c.len_utf8()).sum::<usize>();
    while bytes(&n1) + bytes(&n2) + overhead > MAX_NAME {
        if bytes(&n1) > bytes(&n2) {
            n1.pop();
        } else if !n2.is_empty() {
            n2.pop();
        } else {
            break;
        }
    }
    let mut s: String = n1.into_iter().collect();
    if name2.is_some() {
        s.push('_');
        s.extend(n2);
    }
    s.push('_');
    s.push_str(label);
    s
}

/// Replace references to column `old` by `new` in CHECK expression text.
fn rename_in_src(src: &str, old: &str, new: &str) -> Option<String> {
    let (toks, _) = lexer::lex(src).ok()?;
    let mut out = src.to_string();
    let quoted = catalog::ddl::quote_identifier(new);
    for (i, t) in toks.iter().enumerate().rev() {
        if !matches!(t.kind, TokKind::Ident | TokKind::QIdent) || t.val != old {
            continue;
        }
        let prev = i.checked_sub(1).and_then(|j| toks.get(j));
        let next = toks.get(i + 1);
        // Not a type name after ::, a qualified name's later part or a function name.
        if prev
            .is_some_and(|p| p.kind == TokKind::Typecast || (p.kind == TokKind::Op && p.val == "."))
            || next.is_some_and(|n| n.kind == TokKind::Op && (n.val == "(" || n.val == "."))
        {
            continue;
        }
        out.replace_range(t.start..t.end, &quoted);
    }
    Some(out)
}

impl Session {
    /// Create CHECK constraints `specs` on table `table_oid` (in order), naming unnamed ones
    /// as PostgreSQL does; `validate` checks the existing rows (ALTER TABLE) unless NOT VALID.
    pub(crate) fn add_check_constraints(
        &mut self,
        table_oid: Oid,
        specs: &[CheckSpec],
        sql: &str,
        validate: bool,
    ) -> PgResult<()> {
        let mut batch: Vec<String> = Vec::new();
        for spec in specs {
            self.command_counter_increment();
            let rel = self
                .with_catalog(false, |cat, cx| cat.relation_by_oid(cx, table_oid))?
                .ok_or_else(|| PgError::internal("relation vanished"))?;
            let analysis = {
                let mut notices = Vec::new();
                let r = {
                    let mut parts = self.exec_context_parts();
                    let cx = parts.build(&mut notices);
                    checks::analyze_check(&cx, &rel, &spec.src)
                };
                self.notices.extend(notices);
                r.map_err(|e| remap_position(e, &spec.src, spec.offset, sql))?
            };
            let existing =
                self.with_catalog(false, |cat, cx| cat.relation_constraints(cx, table_oid))?;
            let name = match &spec.name {
                Some(n) => {
                    if batch.contains(n) {
                        return Err(pg_err!(
                            DUPLICATE_OBJECT,
                            "check constraint \"{}\" already exists",
                            n
                        ));
                    }
                    if existing.iter().any(|c| &c.1 == n) {
                        return Err(pg_err!(
                            DUPLICATE_OBJECT,
                            "constraint \"{}\" for relation \"{}\" already exists",
                            n,
                            rel.name
                        ));
                    }
                    n.clone()
                }
                None => {
                    let col = match analysis.columns.as_slice() {
                        [one] if !analysis.uses_tableoid => {
                            rel.columns.get(*one as usize - 1).map(|c| c.name.clone())
                        }
                        _ => None,
                    };
                    self.choose_check_name(&rel, col.as_deref(), &batch)?
                }
            };
            if validate && !spec.not_valid {
                self.validate_check_rows(&rel, &name, &spec.src)?;
            }
            batch.push(name.clone());
            let mut conkey = analysis.columns.clone();
            conkey.sort_unstable();
            let src = spec.src.clone();
            let no_inherit = spec.no_inherit;
            let validated = !spec.not_valid;
            let ns = rel.namespace_oid;
            self.with_catalog(true, |cat, cx| {
                cat.add_check_constraint(
                    cx,
                    &NewCheck {
                        name: &name,
                        namespace_oid: ns,
                        table_oid,
                        conkey: &conkey,
                        src: &src,
                        validated,
                        no_inherit,
                    },
                )
            })?;
        }
        self.command_counter_increment();
        Ok(())
    }

    /// PostgreSQL's ChooseConstraintName: `<table>[_<column>]_check[N]`, unused in the schema
    /// and in this batch.
    fn choose_check_name(
        &mut self,
        rel: &RelationInfo,
        col: Option<&str>,
        batch: &[String],
    ) -> PgResult<String> {
        let ns = rel.namespace_oid;
        for pass in 0..10_000u32 {
            let label = if pass == 0 {
                "check".to_string()
            } else {
                format!("check{pass}")
            };
            let cand = make_object_name(&rel.name, col, &label);
            if batch.contains(&cand) {
                continue;
            }
            let c = cand.clone();
            let used = self.with_catalog(false, |cat, cx| {
                cat.constraint_name_in_namespace(cx, ns, &c)
            })?;
            if !used {
                return Ok(cand);
            }
        }
        Err(pg_err!(
            DUPLICATE_OBJECT,
            "could not choose a name for a check constraint"
        ))
    }

    /// 23514 `check constraint "x" is violated by some row` if a row of `rel` fails `src`.
    fn validate_check_rows(&mut self, rel: &RelationInfo, name: &str, src: &str) -> PgResult<()> {
        let mut notices = Vec::new();
        let r = {
            let mut parts = self.exec_context_parts();
            let mut cx = parts.build(&mut notices);
            checks::validate_existing(&mut cx, rel, name, src)
        };
        self.notices.extend(notices);
        r
    }

    /// ALTER TABLE ... VALIDATE CONSTRAINT for a CHECK constraint.
    pub(crate) fn validate_constraint(&mut self, table_oid: Oid, name: &str) -> PgResult<()> {
        let rel = self
            .with_catalog(false, |cat, cx| cat.relation_by_oid(cx, table_oid))?
            .ok_or_else(|| PgError::internal("relation vanished"))?;
        let list = self.with_catalog(false, |cat, cx| cat.check_constraints(cx, table_oid))?;
        let Some(c) = list.iter().find(|c| c.name == name).cloned() else {
            let all =
                self.with_catalog(false, |cat, cx| cat.relation_constraints(cx, table_oid))?;
            return Err(match all.iter().find(|c| c.1 == name) {
                Some(_) => pg_err!(
                    WRONG_OBJECT_TYPE,
                    "constraint \"{}\" of relation \"{}\" is not a foreign key or check constraint",
                    name,
                    rel.name
                ),
                None => pg_err!(
                    UNDEFINED_OBJECT,
                    "constraint \"{}\" of relation \"{}\" does not exist",
                    name,
                    rel.name
                ),
            });
        };
        if c.validated {
            return Ok(());
        }
        self.validate_check_rows(&rel, &c.name, &c.src)?;
        self.with_catalog(true, |cat, cx| cat.set_check_validated(cx, c.oid))
    }

    /// ALTER TABLE DROP CONSTRAINT for a CHECK constraint: false if `name` is not one.
    pub(crate) fn drop_check_constraint(&mut self, table_oid: Oid, name: &str) -> PgResult<bool> {
        let list = self.with_catalog(false, |cat, cx| cat.check_constraints(cx, table_oid))?;
        let Some(c) = list.iter().find(|c| c.name == name) else {
            return Ok(false);
        };
        let oid = c.oid;
        self.with_catalog(true, |cat, cx| {
            cat.drop_check_constraint(cx, table_oid, oid)
        })?;
        self.command_counter_increment();
        Ok(true)
    }

    /// ALTER TABLE DROP COLUMN: drop the CHECK constraints that reference the column.
    pub(crate) fn drop_column_checks(&mut self, table_oid: Oid, attnum: i16) -> PgResult<()> {
        let list = self.with_catalog(false, |cat, cx| cat.check_constraints(cx, table_oid))?;
        for c in list.iter().filter(|c| c.conkey.contains(&attnum)) {
            let oid = c.oid;
            self.with_catalog(true, |cat, cx| {
                cat.drop_check_constraint(cx, table_oid, oid)
            })?;
            self.command_counter_increment();
        }
        Ok(())
    }

    /// ALTER TABLE RENAME COLUMN: rewrite the CHECK expressions that reference the column.
    pub(crate) fn rename_column_checks(
        &mut self,
        table_oid: Oid,
        attnum: i16,
        old: &str,
        new: &str,
    ) -> PgResult<()> {
        let list = self.with_catalog(false, |cat, cx| cat.check_constraints(cx, table_oid))?;
        for c in list.iter().filter(|c| c.conkey.contains(&attnum)) {
            let Some(src) = rename_in_src(&c.src, old, new) else {
                continue;
            };
            let oid = c.oid;
            self.with_catalog(true, |cat, cx| cat.set_check_src(cx, oid, &src))?;
            self.command_counter_increment();
        }
        Ok(())
    }

    /// The compiled CHECK constraints of `rel` (COPY FROM).
    pub(crate) fn open_check_set(&mut self, rel: &RelationInfo) -> PgResult<CheckSet> {
        let mut notices = Vec::new();
        let r = {
            let mut parts = self.exec_context_parts();
            let cx = parts.build(&mut notices);
            CheckSet::open_cx(&cx, rel)
        };
        self.notices.extend(notices);
        r
    }

    /// Check one COPY FROM row against `set`.
    pub(crate) fn check_copy_row(
        &mut self,
        set: &CheckSet,
        rel: &RelationInfo,
        values: &[Datum],
    ) -> PgResult<()> {
        if set.is_empty() {
            return Ok(());
        }
        let mut notices = Vec::new();
        let r = {
            let mut parts = self.exec_context_parts();
            let mut cx = parts.build(&mut notices);
            let mut rt = executor::Runtime::new(&mut cx, &[]);
            let n = rel.columns.len().min(values.len());
            set.check_row(&mut rt, rel, &values[..n])
        };
        self.notices.extend(notices);
        r
    }

    /// COMMIT: run the transaction's deferred constraint checks (an error aborts the commit).
    pub(crate) fn run_deferred_checks(&mut self) -> PgResult<()> {
        // Checks may queue further checks; bound the rounds.
        for _ in 0..100 {
            let pending = self.xact.txn.deferred.take_all();
            if pending.is_empty() {
                return Ok(());
            }
            self.run_checks(&pending)?;
        }
        Ok(())
    }

    fn run_checks(
        &mut self,
        pending: &[std::sync::Arc<dyn executor::deferred::DeferredCheck>],
    ) -> PgResult<()> {
        if pending.is_empty() {
            return Ok(());
        }
        let mut notices = Vec::new();
        let r = {
            let mut parts = self.exec_context_parts();
            let mut cx = parts.build(&mut notices);
            executor::deferred::run_checks(&mut cx, pending)
        };
        self.notices.extend(notices);
        r
    }

    /// SET CONSTRAINTS { ALL | name [, ...] } { DEFERRED | IMMEDIATE } (`text` is the
    /// statement).
    pub(crate) fn exec_set_constraints(&mut self, text: &str) -> PgResult<String> {
        let (toks, _) = lexer::lex(text)?;
        let words: Vec<&lexer::Token> = toks.iter().filter(|t| t.kind != TokKind::Eof).collect();
        // set constraints <targets> deferred|immediate
        let Some(last) = words.last() else {
            return Err(pg_err!(SYNTAX_ERROR, "syntax error at end of input"));
        };
        let deferred = last.val == "deferred";
        let body = &words[2.min(words.len())..words.len().saturating_sub(1)];
        let all = body.len() == 1 && body[0].kind == TokKind::Ident && body[0].val == "all";
        let mut names: Vec<(Option<String>, String)> = Vec::new();
        if !all {
            for part in body.split(|t| t.kind == TokKind::Op && t.val == ",") {
                let ids: Vec<String> = part
                    .iter()
                    .filter(|t| matches!(t.kind, TokKind::Ident | TokKind::QIdent))
                    .map(|t| t.val.clone())
                    .collect();
                match ids.as_slice() {
                    [n] => names.push((None, n.clone())),
                    [.., s, n] => names.push((Some(s.clone()), n.clone())),
                    [] => return Err(pg_err!(SYNTAX_ERROR, "syntax error in SET CONSTRAINTS")),
                }
            }
        }
        if self.xact.block == crate::xact::Block::None {
            self.warn(
                sqlstate::NO_ACTIVE_SQL_TRANSACTION,
                "SET CONSTRAINTS can only be used in transaction blocks",
            );
        }
        let mut oids: Vec<Oid> = Vec::new();
        for (schema, name) in &names {
            let spaces: Vec<Oid> = match schema {
                Some(s) => {
                    let s2 = s.clone();
                    match self.with_catalog(false, |cat, cx| cat.namespace_oid(cx, &s2))? {
                        Some(o) => vec![o],
                        None => {
                            return Err(pg_err!(
                                INVALID_SCHEMA_NAME,
                                "schema \"{}\" does not exist",
                                s
                            ))
                        }
                    }
                }
                None => {
                    let mut v = vec![catalog::oids::PG_CATALOG_NAMESPACE];
                    v.extend(self.search_path_oids()?);
                    v
                }
            };
            let mut found = false;
            for ns in spaces {
                let n = name.clone();
                let rows = self.with_catalog(false, |cat, cx| {
                    cat.catalog_rows(cx, catalog::schema::PG_CONSTRAINT, |r| {
                        r.oid("connamespace").unwrap_or(0) == ns
                            && r.is("conname", &n).unwrap_or(false)
                            && r.oid("conrelid").unwrap_or(0) != 0
                    })
                })?;
                for r in &rows {
                    if !r.bool("condeferrable")? {
                        return Err(pg_err!(
                            OBJECT_NOT_IN_PREREQUISITE_STATE,
                            "constraint \"{}\" is not deferrable",
                            name
                        ));
                    }
                    oids.push(r.row_oid());
                    found = true;
                }
                if found {
                    break;
                }
            }
            if !found {
                return Err(pg_err!(
                    UNDEFINED_OBJECT,
                    "constraint \"{}\" does not exist",
                    name
                ));
            }
        }
        if all {
            self.xact.txn.deferred.set_all(deferred);
        } else {
            for &o in &oids {
                self.xact.txn.deferred.set_named(o, deferred);
            }
        }
        if !deferred {
            let pending = if all {
                self.xact.txn.deferred.take_all()
            } else {
                self.xact.txn.deferred.take_matching(|o| oids.contains(&o))
            };
            self.run_checks(&pending)?;
        }
        Ok("SET CONSTRAINTS".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_text_finds_parenthesised_expression() {
        let sql = "CREATE TABLE t (a int CHECK ( (a > 0) AND a < 'x)' ), b int)";
        let loc = sql.find("CHECK").map(|i| i as i32).unwrap_or(0);
        let (s, off) = source_text(sql, loc).unwrap_or_default();
        assert_eq!(s, "(a > 0) AND a < 'x)'");
        assert_eq!(&sql[off..off + 7], "(a > 0)");
        let sql2 = "ALTER TABLE t ADD CONSTRAINT c check(b<>1)";
        assert_eq!(source_text(sql2, 18).map(|x| x.0), Some("b<>1".to_string()));
    }

    #[test]
    fn object_names() {
        assert_eq!(make_object_name("t", Some("a"), "check"), "t_a_check");
        assert_eq!(make_object_name("t", None, "check1"), "t_check1");
        let long = "x".repeat(70);
        let n = make_object_name(&long, Some("col"), "check");
        assert_eq!(n.len(), 63);
        assert!(n.ends_with("_col_check"));
    }

    #[test]
    fn rename_rewrites_column_refs_only() {
        assert_eq!(
            rename_in_src("a > 0 AND abs(a) < t.a AND a::a IS NULL", "a", "b Z").as_deref(),
            Some("\"b Z\" > 0 AND abs(\"b Z\") < t.a AND \"b Z\"::a IS NULL")
        );
    }
}
