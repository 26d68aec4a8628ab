//! CREATE TABLE ... (LIKE source [{INCLUDING | EXCLUDING} {DEFAULTS | CONSTRAINTS | INDEXES |
//! STORAGE | COMMENTS | IDENTITY | STATISTICS | ALL}] ...): the source's columns (name, type,
//! NOT NULL) are copied into the new table's definition; with the options also its defaults,
//! CHECK constraints, indexes (PRIMARY KEY / UNIQUE constraints and plain indexes, named for
//! the new table), column storage modes and comments. WITH OIDS follows the source.

use crate::constraint_cmd::CheckSpec;
use crate::index_cmd::IndexColSpec;
use crate::session::Session;
use catalog::{schema, NewColumn, RelationInfo};
use common::{pg_err, Oid, PgError, PgResult};
use parser::ast::{self, QualifiedName};
use std::sync::Arc;
use types::Datum;

const OPT_DEFAULTS: u32 = 1;
const OPT_CONSTRAINTS: u32 = 2;
const OPT_INDEXES: u32 = 4;
const OPT_STORAGE: u32 = 8;
const OPT_COMMENTS: u32 = 16;
const OPT_ALL: u32 = 0xff;

/// The option bits of a LIKE clause's `including x` / `excluding x` words, in order.
fn like_options(options: &[String]) -> PgResult<u32> {
    let mut bits = 0u32;
    for o in options {
        let mut it = o.split_whitespace();
        let (Some(verb), Some(what)) = (it.next(), it.next()) else {
            continue;
        };
        let bit = match what.to_ascii_lowercase().as_str() {
            "defaults" => OPT_DEFAULTS,
            "constraints" => OPT_CONSTRAINTS,
            "indexes" => OPT_INDEXES,
            "storage" => OPT_STORAGE,
            "comments" => OPT_COMMENTS,
            "identity" | "statistics" => 0,
            "all" => OPT_ALL,
            other => {
                return Err(pg_err!(
                    SYNTAX_ERROR,
                    "syntax error at or near \"{}\"",
                    other
                ))
            }
        };
        if verb.eq_ignore_ascii_case("including") {
            bits |= bit;
        } else {
            bits &= !bit;
        }
    }
    Ok(bits)
}

/// A plain (non-constraint) index of the source to re-create on the new table.
pub(crate) struct LikeIndex {
    cols: Vec<IndexColSpec>,
    unique: bool,
    am: Oid,
    pred: Option<ast::Expr>,
    comment: Option<String>,
}

/// What one LIKE clause contributes to CREATE TABLE.
#[derive(Default)]
pub(crate) struct LikeParts {
    pub columns: Vec<NewColumn>,
    pub checks: Vec<CheckSpec>,
    /// PRIMARY KEY / UNIQUE constraints: (primary, columns, (deferrable, deferred), comment).
    #[allow(clippy::type_complexity)]
    pub keys: Vec<(bool, Vec<String>, (bool, bool))>,
    /// Work done once the table exists.
    pub after: LikeAfter,
    pub with_oids: bool,
}

/// LIKE work done after the new table exists.
#[derive(Default)]
pub(crate) struct LikeAfter {
    indexes: Vec<LikeIndex>,
    storage: Vec<(String, u8)>,
    column_comments: Vec<(String, String)>,
    check_comments: Vec<(String, String)>,
    key_comments: Vec<(bool, Vec<String>, String)>,
}

impl LikeAfter {
    pub(crate) fn extend(&mut self, o: LikeAfter) {
        self.indexes.extend(o.indexes);
        self.storage.extend(o.storage);
        self.column_comments.extend(o.column_comments);
        self.check_comments.extend(o.check_comments);
        self.key_comments.extend(o.key_comments);
    }
}

/// Parse a list of SQL expressions (`a, (b || c)`) into AST expressions.
fn parse_exprs(text: &str) -> PgResult<Vec<ast::Expr>> {
    let q = format!("SELECT {text}");
    let parsed = parser::parse(&q)?;
    let Some(ast::Statement::Select(sel)) = parsed.into_iter().next().map(|s| s.stmt) else {
        return Err(PgError::internal("bad expression text"));
    };
    match sel.body {
        ast::SetExpr::Select(core) => Ok(core
            .targets
            .into_iter()
            .filter_map(|t| match t {
                ast::SelectTarget::Expr { expr, .. } => Some(expr),
                _ => None,
            })
            .collect()),
        _ => Err(PgError::internal("bad expression text")),
    }
}

/// The name PostgreSQL gives an index column: the column, the function name, or "expr".
fn index_column_label(col: &IndexColSpec) -> String {
    match (&col.column, &col.expr) {
        (Some(n), _) => n.clone(),
        (None, Some(ast::Expr::Func(f))) => f.name.name.clone(),
        _ => "expr".to_string(),
    }
}

impl Session {
    /// Resolve a LIKE clause of CREATE TABLE into the parts it contributes.
    pub(crate) fn like_parts(
        &mut self,
        table: &QualifiedName,
        options: &[String],
        sql: &str,
    ) -> PgResult<LikeParts> {
        let bits = like_options(options)?;
        let loc = table.location.max(0) as usize;
        let src = self.lookup_relation(table)?.ok_or_else(|| {
            pg_err!(
                UNDEFINED_TABLE,
                "relation \"{}\" does not exist",
                table.name
            )
            .at_byte_offset(sql, loc)
        })?;
        if !matches!(src.relkind, b'r' | b'v' | b'm' | b'c' | b'f' | b'p') {
            return Err(pg_err!(
                WRONG_OBJECT_TYPE,
                "\"{}\" is not a table, view, materialized view, composite type, or foreign table",
                src.name
            )
            .at_byte_offset(sql, loc));
        }
        let mut parts = LikeParts {
            with_oids: src.has_oids(),
            ..Default::default()
        };
        let comments = if bits & OPT_COMMENTS != 0 {
            self.descriptions_of(src.oid)?
        } else {
            Vec::new()
        };
        for c in src.columns.iter().filter(|c| !c.dropped) {
            parts.columns.push(NewColumn {
                name: c.name.clone(),
                type_oid: c.type_oid,
                typmod: c.typmod,
                not_null: c.not_null,
                default_expr: if bits & OPT_DEFAULTS != 0 {
                    c.default_expr.clone()
                } else {
                    None
                },
            });
            if let Some(d) = comments
                .iter()
                .find(|d| d.0 == schema::PG_CLASS && d.1 == src.oid && d.2 == c.attnum as i32)
            {
                parts
                    .after
                    .column_comments
                    .push((c.name.clone(), d.3.clone()));
            }
        }
        if bits & OPT_STORAGE != 0 {
            self.like_storage(&src, &mut parts.after)?;
        }
        if bits & OPT_CONSTRAINTS != 0 && src.relkind != b'v' {
            let oid = src.oid;
            let checks = self.with_catalog(false, |cat, cx| cat.check_constraints(cx, oid))?;
            let con_comments = if bits & OPT_COMMENTS != 0 {
                self.constraint_descriptions(oid)?
            } else {
                Vec::new()
            };
            for c in checks.iter() {
                if let Some(d) = con_comments.iter().find(|d| d.0 == c.oid) {
                    parts
                        .after
                        .check_comments
                        .push((c.name.clone(), d.1.clone()));
                }
                parts.checks.push(CheckSpec {
                    name: Some(c.name.clone()),
                    src: c.src.clone(),
                    offset: None,
                    no_inherit: c.no_inherit,
                    not_valid: false,
                });
            }
        }
        if bits & OPT_INDEXES != 0 && matches!(src.relkind, b'r' | b'm' | b'p') {
            self.like_indexes(&src, &mut parts, &comments)?;
        }
        Ok(parts)
    }

    /// pg_description rows (classoid, objoid, objsubid, description) of object `oid` and of
    /// the indexes of table `oid`.
    fn descriptions_of(&mut self, oid: Oid) -> PgResult<Vec<(Oid, Oid, i32, String)>> {
        let indexes = self.with_catalog(false, |cat, cx| cat.relation_indexes(cx, oid))?;
        let mut wanted: Vec<Oid> = indexes.iter().map(|d| d.oid).collect();
        wanted.push(oid);
        let rows = self.with_catalog(false, |cat, cx| {
            cat.catalog_rows(cx, schema::PG_DESCRIPTION, |r| {
                r.oid("classoid").unwrap_or(0) == schema::PG_CLASS
                    && wanted.contains(&r.oid("objoid").unwrap_or(0))
            })
        })?;
        let mut out = Vec::new();
        for r in rows {
            out.push((
                r.oid("classoid")?,
                r.oid("objoid")?,
                r.int("objsubid")? as i32,
                r.text("description")?,
            ));
        }
        Ok(out)
    }

    /// (constraint oid, description) of the constraints of table `oid`.
    fn constraint_descriptions(&mut self, oid: Oid) -> PgResult<Vec<(Oid, String)>> {
        let cons = self.with_catalog(false, |cat, cx| {
            cat.catalog_rows(cx, schema::PG_CONSTRAINT, |r| {
                r.oid("conrelid").unwrap_or(0) == oid
            })
        })?;
        let con_oids: Vec<Oid> = cons.iter().map(|r| r.row_oid()).collect();
        if con_oids.is_empty() {
            return Ok(Vec::new());
        }
        let rows = self.with_catalog(false, |cat, cx| {
            cat.catalog_rows(cx, schema::PG_DESCRIPTION, |r| {
                r.oid("classoid").unwrap_or(0) == schema::PG_CONSTRAINT
                    && con_oids.contains(&r.oid("objoid").unwrap_or(0))
            })
        })?;
        let mut out = Vec::new();
        for r in rows {
            out.push((r.oid("objoid")?, r.text("description")?));
        }
        Ok(out)
    }

    /// INCLUDING STORAGE: the source columns' attstorage.
    fn like_storage(&mut self, src: &RelationInfo, after: &mut LikeAfter) -> PgResult<()> {
        let oid = src.oid;
        let rows = self.with_catalog(false, |cat, cx| {
            cat.catalog_rows(cx, schema::PG_ATTRIBUTE, |r| {
                r.oid("attrelid").unwrap_or(0) == oid && r.int("attnum").unwrap_or(0) > 0
            })
        })?;
        for r in rows {
            if r.bool("attisdropped")? {
                continue;
            }
            after
                .storage
                .push((r.text("attname")?, r.ch("attstorage")?));
        }
        Ok(())
    }

    /// INCLUDING INDEXES: PRIMARY KEY / UNIQUE constraints become constraints of the new
    /// table, other indexes are re-created on it.
    fn like_indexes(
        &mut self,
        src: &RelationInfo,
        parts: &mut LikeParts,
        comments: &[(Oid, Oid, i32, String)],
    ) -> PgResult<()> {
        let oid = src.oid;
        let indexes = self.with_catalog(false, |cat, cx| cat.relation_indexes(cx, oid))?;
        let cons = self.with_catalog(false, |cat, cx| {
            cat.catalog_rows(cx, schema::PG_CONSTRAINT, |r| {
                r.oid("conrelid").unwrap_or(0) == oid
            })
        })?;
        for d in indexes {
            let comment = comments
                .iter()
                .find(|c| c.1 == d.oid && c.2 == 0)
                .map(|c| c.3.clone());
            let con = cons
                .iter()
                .find(|r| r.oid("conindid").unwrap_or(0) == d.oid)
                .filter(|r| matches!(r.ch("contype").unwrap_or(0), b'p' | b'u'));
            let colname = |k: i16| -> Option<String> {
                src.columns.get(k as usize - 1).map(|c| c.name.clone())
            };
            if let Some(con) = con {
                if d.plain() && d.pred.is_none() {
                    let cols: Vec<String> = d.keys.iter().filter_map(|&k| colname(k)).collect();
                    let deferrable = (
                        con.bool("condeferrable").unwrap_or(false),
                        con.bool("condeferred").unwrap_or(false),
                    );
                    if let Some(c) = comment {
                        parts.after.key_comments.push((d.primary, cols.clone(), c));
                    }
                    parts.keys.push((d.primary, cols, deferrable));
                    continue;
                }
            }
            let exprs = match &d.exprs {
                Some(t) => parse_exprs(t)?,
                None => Vec::new(),
            };
            let mut exprs = exprs.into_iter();
            let mut cols = Vec::new();
            for (i, &k) in d.keys.iter().enumerate() {
                let (column, expr) = if k > 0 {
                    (colname(k), None)
                } else {
                    (None, exprs.next())
                };
                cols.push(IndexColSpec {
                    column,
                    expr,
                    desc: d.descending(i),
                    nulls_first: d.nulls_first(i),
                });
            }
            let pred = match &d.pred {
                Some(p) => parse_exprs(p)?.into_iter().next(),
                None => None,
            };
            parts.after.indexes.push(LikeIndex {
                cols,
                unique: d.unique,
                am: d.am,
                pred,
                comment,
            });
        }
        Ok(())
    }

    /// A relation name in namespace `ns` built from `base`, unused (base, base1, base2, ...).
    fn free_relation_name(&mut self, ns: Oid, base: &str) -> PgResult<String> {
        for i in 0..10_000u32 {
            let cand = if i == 0 {
                truncate_name(base, "")
            } else {
                truncate_name(base, &i.to_string())
            };
            let c = cand.clone();
            if self
                .with_catalog(false, |cat, cx| cat.relation_oid(cx, ns, &c))?
                .is_none()
            {
                return Ok(cand);
            }
        }
        Err(pg_err!(
            DUPLICATE_TABLE,
            "could not choose a name for relation \"{}\"",
            base
        ))
    }

    /// After CREATE TABLE made `table_oid`: the LIKE indexes, storage modes and comments.
    pub(crate) fn apply_like_after(&mut self, table_oid: Oid, after: LikeAfter) -> PgResult<()> {
        self.command_counter_increment();
        let rel: Arc<RelationInfo> = self.fresh_relation(table_oid)?;
        for ix in &after.indexes {
            let mut base = rel.name.clone();
            for c in &ix.cols {
                base.push('_');
                base.push_str(&index_column_label(c));
            }
            let name = self.free_relation_name(rel.namespace_oid, &format!("{base}_idx"))?;
            let idx = self.define_index(
                &rel,
                &name,
                &ix.cols,
                (ix.unique, false, ix.am),
                ix.pred.as_ref(),
                None,
            )?;
            self.command_counter_increment();
            if let Some(c) = &ix.comment {
                self.set_description(schema::PG_CLASS, idx, 0, c)?;
            }
        }
        for (col, code) in &after.storage {
            if let Some(c) = rel.column(col) {
                let attnum = c.attnum;
                let code = *code;
                self.with_catalog(true, |cat, cx| {
                    cat.set_attribute_value(cx, table_oid, attnum, "attstorage", Datum::Char(code))
                })?;
            }
        }
        for (col, text) in &after.column_comments {
            if let Some(c) = rel.column(col) {
                self.set_description(schema::PG_CLASS, table_oid, c.attnum as i32, text)?;
            }
        }
        if !after.check_comments.is_empty() || !after.key_comments.is_empty() {
            let cons = self.with_catalog(false, |cat, cx| {
                cat.catalog_rows(cx, schema::PG_CONSTRAINT, |r| {
                    r.oid("conrelid").unwrap_or(0) == table_oid
                })
            })?;
            for (name, text) in &after.check_comments {
                if let Some(r) = cons.iter().find(|r| r.is("conname", name).unwrap_or(false)) {
                    self.set_description(schema::PG_CONSTRAINT, r.row_oid(), 0, text)?;
                }
            }
            let indexes =
                self.with_catalog(false, |cat, cx| cat.relation_indexes(cx, table_oid))?;
            for (primary, cols, text) in &after.key_comments {
                let keys: Vec<i16> = cols
                    .iter()
                    .filter_map(|c| rel.column(c).map(|c| c.attnum))
                    .collect();
                if let Some(d) = indexes
                    .iter()
                    .find(|d| d.primary == *primary && d.keys == keys && d.unique)
                {
                    self.set_description(schema::PG_CLASS, d.oid, 0, text)?;
                }
            }
        }
        self.command_counter_increment();
        Ok(())
    }

    /// Insert a pg_description row.
    fn set_description(
        &mut self,
        classoid: Oid,
        objoid: Oid,
        sub: i32,
        text: &str,
    ) -> PgResult<()> {
        let def = schema::by_oid(schema::PG_DESCRIPTION)
            .ok_or_else(|| PgError::internal("pg_description missing"))?;
        let values = catalog::rows::RowBuilder::new(def)
            .oid("objoid", objoid)
            .oid("classoid", classoid)
            .i32("objsubid", sub)
            .text("description", text)
            .build();
        self.with_catalog(true, |cat, cx| {
            cat.insert_catalog_row(cx, schema::PG_DESCRIPTION, &values)
                .map(|_| ())
        })
    }
}

/// `base` + `suffix` within NAMEDATALEN - 1 bytes (the base is shortened, on a character
/// boundary).
fn truncate_name(base: &str, suffix: &str) -> String {
    let max = 63usize.saturating_sub(suffix.len());
    let mut end = base.len().min(max);
    while end > 0 && !base.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}{}", &base[..end], suffix)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_in_order() {
        let o = |v: &[&str]| like_options(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(o(&[]).ok(), Some(0));
        assert_eq!(o(&["including defaults"]).ok(), Some(OPT_DEFAULTS));
        assert_eq!(
            o(&["INCLUDING ALL", "EXCLUDING INDEXES"]).ok(),
            Some(OPT_ALL & !OPT_INDEXES)
        );
        assert_eq!(
            o(&["including constraints", "including comments"]).ok(),
            Some(OPT_CONSTRAINTS | OPT_COMMENTS)
        );
    }

    #[test]
    fn parses_index_expressions() {
        let v = parse_exprs("(a || b), lower(c)").unwrap_or_default();
        assert_eq!(v.len(), 2);
        let col = IndexColSpec {
            column: None,
            expr: v.get(1).cloned(),
            desc: false,
            nulls_first: false,
        };
        assert_eq!(index_column_label(&col), "lower");
        let col = IndexColSpec {
            column: None,
            expr: v.first().cloned(),
            desc: false,
            nulls_first: false,
        };
        assert_eq!(index_column_label(&col), "expr");
    }

    #[test]
    fn names_fit() {
        assert_eq!(truncate_name("abc", "1"), "abc1");
        assert_eq!(truncate_name(&"x".repeat(70), "12").len(), 63);
    }
}
