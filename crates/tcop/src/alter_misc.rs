//! The smaller ALTER TABLE subcommands the parser keeps as text (`AlterTableAction::Other`):
//! ALTER COLUMN SET STATISTICS / SET STORAGE / SET (...) / RESET (...), ALTER CONSTRAINT
//! deferrability, CLUSTER ON / SET WITHOUT CLUSTER, SET LOGGED / SET UNLOGGED; plus RENAME
//! CONSTRAINT. Each checks what PostgreSQL checks and raises its errors.

use crate::session::Session;
use catalog::{schema, RelationInfo};
use common::{pg_err, sqlstate, Oid, PgError, PgResult};
use parser::lexer::{TokKind, Token};
use types::Datum;

/// A subcommand's words: identifiers lower-cased (quoted ones as written), numbers and
/// punctuation as text.
fn words(text: &str) -> PgResult<Vec<Token>> {
    let (toks, _) = parser::lexer::lex(text)?;
    Ok(toks
        .into_iter()
        .filter(|t| t.kind != TokKind::Eof)
        .collect())
}

fn is_kw(t: Option<&Token>, w: &str) -> bool {
    t.is_some_and(|t| t.kind == TokKind::Ident && t.val == w)
}

fn is_name(t: Option<&Token>) -> bool {
    t.is_some_and(|t| matches!(t.kind, TokKind::Ident | TokKind::QIdent))
}

/// PostgreSQL's storage mode letter for a SET STORAGE word.
fn storage_code(word: &str) -> Option<u8> {
    match word.to_ascii_lowercase().as_str() {
        "plain" => Some(b'p'),
        "external" => Some(b'e'),
        "extended" => Some(b'x'),
        "main" => Some(b'm'),
        _ => None,
    }
}

/// Deferrability of ALTER CONSTRAINT's attribute list: (deferrable, initially deferred).
fn parse_deferrability(toks: &[Token]) -> PgResult<(bool, bool)> {
    let (mut deferrable, mut deferred) = (None::<bool>, None::<bool>);
    let mut i = 0;
    while i < toks.len() {
        let t = toks.get(i);
        if is_kw(t, "not") && is_kw(toks.get(i + 1), "deferrable") {
            deferrable = Some(false);
            i += 2;
        } else if is_kw(t, "deferrable") {
            deferrable = Some(true);
            i += 1;
        } else if is_kw(t, "initially") && is_kw(toks.get(i + 1), "deferred") {
            deferred = Some(true);
            i += 2;
        } else if is_kw(t, "initially") && is_kw(toks.get(i + 1), "immediate") {
            deferred = Some(false);
            i += 2;
        } else {
            let near = toks.get(i).map(|t| t.val.clone()).unwrap_or_default();
            return Err(pg_err!(
                SYNTAX_ERROR,
                "syntax error at or near \"{}\"",
                near
            ));
        }
    }
    let deferred = deferred.unwrap_or(false);
    if deferred && deferrable == Some(false) {
        return Err(pg_err!(
            SYNTAX_ERROR,
            "constraint declared INITIALLY DEFERRED must be DEFERRABLE"
        ));
    }
    Ok((deferrable.unwrap_or(deferred), deferred))
}

impl Session {
    /// Run one text-kept ALTER TABLE subcommand on `rel`; Ok(false) if it is not one of
    /// those handled here.
    pub(crate) fn alter_table_other(&mut self, rel: &RelationInfo, text: &str) -> PgResult<bool> {
        let toks = words(text)?;
        let t = |i: usize| toks.get(i);
        if is_kw(t(0), "alter") && is_kw(t(1), "constraint") && is_name(t(2)) {
            let name = toks[2].val.clone();
            let (deferrable, deferred) = parse_deferrability(&toks[3..])?;
            self.alter_constraint(rel, &name, deferrable, deferred)?;
            return Ok(true);
        }
        if is_kw(t(0), "alter") {
            let mut i = 1;
            if is_kw(t(1), "column") && is_name(t(2)) {
                i = 2;
            }
            if !is_name(t(i)) {
                return Ok(false);
            }
            let col = toks[i].val.clone();
            let rest = &toks[i + 1..];
            let r = |k: usize| rest.get(k);
            if is_kw(r(0), "set") && is_kw(r(1), "statistics") {
                let (neg, at) = match r(2) {
                    Some(x) if x.kind == TokKind::Op && x.val == "-" => (true, 3),
                    _ => (false, 2),
                };
                let Some(n) = r(at).filter(|x| x.kind == TokKind::Int) else {
                    return Ok(false);
                };
                let v: i64 = n.val.parse().unwrap_or(i64::MAX);
                let v = if neg { -v } else { v };
                self.set_column_statistics(rel, &col, v)?;
                return Ok(true);
            }
            if is_kw(r(0), "set") && is_kw(r(1), "storage") && is_name(r(2)) {
                let word = rest[2].val.clone();
                self.set_column_storage(rel, &col, &word)?;
                return Ok(true);
            }
            if (is_kw(r(0), "set") || is_kw(r(0), "reset"))
                && r(1).is_some_and(|x| x.kind == TokKind::Op && x.val == "(")
            {
                self.alter_column_number(rel, &col)?;
                return Ok(true);
            }
            return Ok(false);
        }
        if is_kw(t(0), "cluster") && is_kw(t(1), "on") && is_name(t(2)) {
            let idx = toks[2].val.clone();
            self.set_cluster_index(rel, Some(&idx))?;
            return Ok(true);
        }
        if is_kw(t(0), "set") && is_kw(t(1), "without") && is_kw(t(2), "cluster") {
            self.set_cluster_index(rel, None)?;
            return Ok(true);
        }
        if is_kw(t(0), "set")
            && (is_kw(t(1), "with") || is_kw(t(1), "without"))
            && is_kw(t(2), "oids")
        {
            self.alter_set_oids(rel.oid, is_kw(t(1), "with"))?;
            return Ok(true);
        }
        if is_kw(t(0), "set") && (is_kw(t(1), "logged") || is_kw(t(1), "unlogged")) {
            self.set_persistence(rel, is_kw(t(1), "logged"))?;
            return Ok(true);
        }
        Ok(false)
    }

    /// The attnum of user column `name` of `rel` (42703 if missing or dropped).
    fn alter_column_number(&mut self, rel: &RelationInfo, name: &str) -> PgResult<i16> {
        if let Some(c) = rel.column(name) {
            return Ok(c.attnum);
        }
        if matches!(
            name,
            "ctid" | "oid" | "xmin" | "xmax" | "cmin" | "cmax" | "tableoid"
        ) {
            return Err(pg_err!(
                FEATURE_NOT_SUPPORTED,
                "cannot alter system column \"{}\"",
                name
            ));
        }
        Err(pg_err!(
            UNDEFINED_COLUMN,
            "column \"{}\" of relation \"{}\" does not exist",
            name,
            rel.name
        ))
    }

    /// ALTER COLUMN SET STATISTICS n (pg_attribute.attstattarget).
    fn set_column_statistics(&mut self, rel: &RelationInfo, col: &str, v: i64) -> PgResult<()> {
        if !matches!(rel.relkind, b'r' | b'm' | b'f' | b'p') {
            return Err(pg_err!(
                WRONG_OBJECT_TYPE,
                "\"{}\" is not a table, materialized view, or foreign table",
                rel.name
            ));
        }
        let attnum = self.alter_column_number(rel, col)?;
        let mut target = v;
        if target < -1 {
            return Err(pg_err!(
                INVALID_PARAMETER_VALUE,
                "statistics target {} is too low",
                target
            ));
        }
        if target > 10000 {
            target = 10000;
            let mut w = PgError::warning("lowering statistics target to 10000");
            w.code = sqlstate::INVALID_PARAMETER_VALUE;
            self.notices.push(w);
        }
        let relid = rel.oid;
        self.with_catalog(true, |cat, cx| {
            cat.set_attribute_value(
                cx,
                relid,
                attnum,
                "attstattarget",
                Datum::Int4(target as i32),
            )
        })?;
        Ok(())
    }

    /// ALTER COLUMN SET STORAGE {PLAIN | EXTERNAL | EXTENDED | MAIN}.
    fn set_column_storage(&mut self, rel: &RelationInfo, col: &str, word: &str) -> PgResult<()> {
        let Some(code) = storage_code(word) else {
            return Err(pg_err!(
                INVALID_PARAMETER_VALUE,
                "invalid storage type \"{}\"",
                word
            ));
        };
        let attnum = self.alter_column_number(rel, col)?;
        let Some(c) = rel.columns.get(attnum as usize - 1) else {
            return Err(PgError::internal("column vanished"));
        };
        let typ = c.type_oid;
        let toastable = match types::type_info(typ) {
            Some(_) => schema::type_phys(typ).3 != b'p',
            None => self
                .with_catalog(false, |cat, cx| cat.type_by_oid(cx, typ))?
                .is_some_and(|t| t.len == -1),
        };
        if code != b'p' && !toastable {
            return Err(pg_err!(
                FEATURE_NOT_SUPPORTED,
                "column data type {} can only have storage PLAIN",
                types::typeinfo::format_type(typ, -1)
            ));
        }
        let relid = rel.oid;
        let indexes = self.with_catalog(false, |cat, cx| cat.relation_indexes(cx, relid))?;
        self.with_catalog(true, |cat, cx| {
            cat.set_attribute_value(cx, relid, attnum, "attstorage", Datum::Char(code))?;
            for ix in &indexes {
                for (i, &k) in ix.keys.iter().enumerate() {
                    if k == attnum {
                        cat.set_attribute_value(
                            cx,
                            ix.oid,
                            (i + 1) as i16,
                            "attstorage",
                            Datum::Char(code),
                        )?;
                    }
                }
            }
            Ok(())
        })
    }

    /// CLUSTER ON index (Some) / SET WITHOUT CLUSTER (None): pg_index.indisclustered.
    fn set_cluster_index(&mut self, rel: &RelationInfo, index: Option<&str>) -> PgResult<()> {
        let relid = rel.oid;
        let indexes = self.with_catalog(false, |cat, cx| cat.relation_indexes(cx, relid))?;
        let target: Option<Oid> = match index {
            Some(name) => match indexes.iter().find(|d| d.name == name) {
                Some(d) => Some(d.oid),
                None => {
                    return Err(pg_err!(
                        UNDEFINED_OBJECT,
                        "index \"{}\" for table \"{}\" does not exist",
                        name,
                        rel.name
                    ))
                }
            },
            None => None,
        };
        let oids: Vec<Oid> = indexes.iter().map(|d| d.oid).collect();
        self.with_catalog(true, |cat, cx| {
            let def = schema::by_oid(schema::PG_INDEX)
                .ok_or_else(|| PgError::internal("pg_index missing"))?;
            let slot = def
                .col("indisclustered")
                .ok_or_else(|| PgError::internal("pg_index has no indisclustered"))?;
            cat.update_catalog_rows(
                cx,
                schema::PG_INDEX,
                |r| {
                    let oid = r.oid("indexrelid").unwrap_or(0);
                    oids.contains(&oid)
                        && r.bool("indisclustered").unwrap_or(false) != (Some(oid) == target)
                },
                |r| {
                    let mut v = r.values.clone();
                    let oid = r.oid("indexrelid").unwrap_or(0);
                    if let Some(s) = v.get_mut(slot) {
                        *s = Datum::Bool(Some(oid) == target);
                    }
                    v
                },
            )
            .map(|_| ())
        })
    }

    /// SET LOGGED (`logged`) / SET UNLOGGED: pg_class.relpersistence of the table and its
    /// indexes, refused when a foreign key would link a permanent and an unlogged table.
    fn set_persistence(&mut self, rel: &RelationInfo, logged: bool) -> PgResult<()> {
        if rel.persistence == b't' {
            return Err(pg_err!(
                INVALID_TABLE_DEFINITION,
                "cannot change logged status of table \"{}\" because it is temporary",
                rel.name
            ));
        }
        let want = if logged { b'p' } else { b'u' };
        if rel.persistence == want {
            return Ok(());
        }
        let relid = rel.oid;
        let fks = self.with_catalog(false, |cat, cx| cat.relation_foreign_keys(cx, relid))?;
        // SET LOGGED: every table this one references must be permanent; SET UNLOGGED: no
        // permanent table may reference this one. Self-references do not count.
        let others: Vec<Oid> = if logged {
            fks.outgoing
                .iter()
                .map(|f| f.confrelid)
                .filter(|&o| o != relid)
                .collect()
        } else {
            fks.incoming
                .iter()
                .map(|f| f.conrelid)
                .filter(|&o| o != relid)
                .collect()
        };
        for o in others {
            let Some(other) = self.with_catalog(false, |cat, cx| cat.relation_by_oid(cx, o))?
            else {
                continue;
            };
            if logged && other.persistence != b'p' {
                return Err(pg_err!(
                    INVALID_TABLE_DEFINITION,
                    "could not change table \"{}\" to logged because it references unlogged table \"{}\"",
                    rel.name,
                    other.name
                ));
            }
            if !logged && other.persistence == b'p' {
                return Err(pg_err!(
                    INVALID_TABLE_DEFINITION,
                    "could not change table \"{}\" to unlogged because it references logged table \"{}\"",
                    rel.name,
                    other.name
                ));
            }
        }
        let indexes = self.with_catalog(false, |cat, cx| cat.relation_indexes(cx, relid))?;
        self.with_catalog(true, |cat, cx| {
            cat.set_class_value(cx, relid, "relpersistence", Datum::Char(want))?;
            for ix in &indexes {
                cat.set_class_value(cx, ix.oid, "relpersistence", Datum::Char(want))?;
            }
            Ok(())
        })
    }

    /// ALTER CONSTRAINT name [NOT] DEFERRABLE [INITIALLY {DEFERRED | IMMEDIATE}] (foreign
    /// keys only, as in PostgreSQL 10).
    fn alter_constraint(
        &mut self,
        rel: &RelationInfo,
        name: &str,
        deferrable: bool,
        deferred: bool,
    ) -> PgResult<()> {
        let relid = rel.oid;
        let rows = self.with_catalog(false, |cat, cx| {
            cat.catalog_rows(cx, schema::PG_CONSTRAINT, |r| {
                r.oid("conrelid").unwrap_or(0) == relid && r.is("conname", name).unwrap_or(false)
            })
        })?;
        let Some(row) = rows.first() else {
            return Err(pg_err!(
                UNDEFINED_OBJECT,
                "constraint \"{}\" of relation \"{}\" does not exist",
                name,
                rel.name
            ));
        };
        if row.ch("contype")? != b'f' {
            return Err(pg_err!(
                WRONG_OBJECT_TYPE,
                "constraint \"{}\" of relation \"{}\" is not a foreign key constraint",
                name,
                rel.name
            ));
        }
        let conoid = row.row_oid();
        self.with_catalog(true, |cat, cx| {
            cat.update_catalog_rows(
                cx,
                schema::PG_CONSTRAINT,
                |r| r.row_oid() == conoid,
                |r| {
                    let mut v = r.values.clone();
                    for (col, val) in [("condeferrable", deferrable), ("condeferred", deferred)] {
                        if let Some(s) = r.def.col(col).and_then(|i| v.get_mut(i)) {
                            *s = Datum::Bool(val);
                        }
                    }
                    v
                },
            )
            .map(|_| ())
        })
    }

    /// ALTER TABLE ... SET SCHEMA s: the relation, its indexes, its row type and its
    /// constraints move to schema `s` (a no-op when already there).
    pub(crate) fn set_relation_schema(
        &mut self,
        rel: &RelationInfo,
        schema_name: &str,
    ) -> PgResult<()> {
        let n = schema_name.to_string();
        let ns = self
            .with_catalog(false, |cat, cx| cat.namespace_oid(cx, &n))?
            .ok_or_else(|| {
                pg_err!(
                    INVALID_SCHEMA_NAME,
                    "schema \"{}\" does not exist",
                    schema_name
                )
            })?;
        if ns == rel.namespace_oid {
            return Ok(());
        }
        let is_temp = |name: &str| name.starts_with("pg_temp") || name.starts_with("pg_toast_temp");
        if is_temp(schema_name) || is_temp(&rel.namespace_name) || rel.persistence == b't' {
            return Err(pg_err!(
                FEATURE_NOT_SUPPORTED,
                "cannot move objects into or out of temporary schemas"
            ));
        }
        if schema_name == "pg_toast" {
            return Err(pg_err!(
                FEATURE_NOT_SUPPORTED,
                "cannot move objects into or out of TOAST schema"
            ));
        }
        let relid = rel.oid;
        let indexes = self.with_catalog(false, |cat, cx| cat.relation_indexes(cx, relid))?;
        let mut moving: Vec<(Oid, String)> = vec![(relid, rel.name.clone())];
        moving.extend(indexes.iter().map(|d| (d.oid, d.name.clone())));
        for (_, name) in &moving {
            let nm = name.clone();
            if self
                .with_catalog(false, |cat, cx| cat.relation_oid(cx, ns, &nm))?
                .is_some()
            {
                return Err(pg_err!(
                    DUPLICATE_TABLE,
                    "relation \"{}\" already exists in schema \"{}\"",
                    name,
                    schema_name
                ));
            }
        }
        let row_type = rel.row_type;
        self.with_catalog(true, |cat, cx| {
            for (oid, _) in &moving {
                cat.set_class_value(cx, *oid, "relnamespace", Datum::Oid(ns))?;
            }
            let array_of_row: Vec<Oid> = cat
                .catalog_rows(cx, schema::PG_TYPE, |r| {
                    row_type != 0 && r.oid("typelem").unwrap_or(0) == row_type
                })?
                .iter()
                .map(|r| r.row_oid())
                .collect();
            let set_ns = |r: &catalog::rows::Row, col: &str| {
                let mut v = r.values.clone();
                if let Some(s) = r.def.col(col).and_then(|i| v.get_mut(i)) {
                    *s = Datum::Oid(ns);
                }
                v
            };
            cat.update_catalog_rows(
                cx,
                schema::PG_TYPE,
                |r| {
                    row_type != 0
                        && (r.row_oid() == row_type || array_of_row.contains(&r.row_oid()))
                },
                |r| set_ns(r, "typnamespace"),
            )?;
            cat.update_catalog_rows(
                cx,
                schema::PG_CONSTRAINT,
                |r| r.oid("conrelid").unwrap_or(0) == relid,
                |r| set_ns(r, "connamespace"),
            )?;
            Ok(())
        })
    }

    /// ALTER TABLE RENAME CONSTRAINT old TO new (an index-backed constraint's index is
    /// renamed too).
    pub(crate) fn rename_table_constraint(
        &mut self,
        rel: &RelationInfo,
        old: &str,
        new: &str,
    ) -> PgResult<()> {
        let relid = rel.oid;
        let relname = rel.name.clone();
        let cons = self.with_catalog(false, |cat, cx| {
            cat.catalog_rows(cx, schema::PG_CONSTRAINT, |r| {
                r.oid("conrelid").unwrap_or(0) == relid && r.is("conname", old).unwrap_or(false)
            })
        })?;
        if let Some(c) = cons.first() {
            if matches!(c.ch("contype")?, b'p' | b'u' | b'x') {
                let ns = rel.namespace_oid;
                let n = new.to_string();
                if self
                    .with_catalog(false, |cat, cx| cat.relation_oid(cx, ns, &n))?
                    .is_some()
                {
                    return Err(pg_err!(
                        DUPLICATE_TABLE,
                        "relation \"{}\" already exists",
                        new
                    ));
                }
            }
        }
        self.with_catalog(true, |cat, cx| {
            cat.rename_constraint(cx, relid, &relname, old, new)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deferrability_clauses() {
        let w = |s: &str| words(s).unwrap_or_default();
        assert_eq!(
            parse_deferrability(&w("NOT DEFERRABLE")).ok(),
            Some((false, false))
        );
        assert_eq!(
            parse_deferrability(&w("DEFERRABLE INITIALLY DEFERRED")).ok(),
            Some((true, true))
        );
        assert_eq!(
            parse_deferrability(&w("DEFERRABLE INITIALLY IMMEDIATE")).ok(),
            Some((true, false))
        );
        assert_eq!(
            parse_deferrability(&w("INITIALLY DEFERRED")).ok(),
            Some((true, true))
        );
        assert!(parse_deferrability(&w("NOT DEFERRABLE INITIALLY DEFERRED")).is_err());
    }

    #[test]
    fn storage_words() {
        assert_eq!(storage_code("PLAIN"), Some(b'p'));
        assert_eq!(storage_code("extended"), Some(b'x'));
        assert_eq!(storage_code("main"), Some(b'm'));
        assert_eq!(storage_code("external"), Some(b'e'));
        assert_eq!(storage_code("toast"), None);
    }
}
