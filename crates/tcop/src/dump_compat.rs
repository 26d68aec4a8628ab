//! Catalog bookkeeping and statements pg_dump relies on: the pg_depend rows recording that a
//! column default depends on the relations its `'name'::regclass` constants name (a serial's
//! `nextval('t_id_seq'::regclass)` → the sequence, which is how pg_dump knows to emit such a
//! default after the sequence), and `ALTER SCHEMA name OWNER TO role`.

use crate::session::Session;
use catalog::rows::RowBuilder;
use catalog::schema;
use common::{pg_err, Oid, PgError, PgResult};
use parser::ast::QualifiedName;
use std::collections::HashSet;

/// The `'...'` literals directly followed by `::regclass` in expression text `text`.
pub(crate) fn regclass_literals(text: &str) -> Vec<String> {
    const SUFFIX: &str = "'::regclass";
    let text = &executor::dump_names::canonical_expr_text(text);
    let mut out = Vec::new();
    let b = text.as_bytes();
    let mut from = 0;
    while let Some(pos) = text[from..].find(SUFFIX) {
        let end = from + pos;
        // Scan back to the opening quote, skipping doubled quotes.
        let mut i = end;
        let mut start = None;
        while i > 0 {
            i -= 1;
            if b[i] == b'\'' {
                if i > 0 && b[i - 1] == b'\'' {
                    i -= 1;
                    continue;
                }
                start = Some(i);
                break;
            }
        }
        if let Some(s) = start {
            out.push(text[s + 1..end].replace("''", "'"));
        }
        from = end + SUFFIX.len();
    }
    out
}

impl Session {
    /// After CREATE TABLE / ALTER TABLE on `table`: give each of its column defaults a
    /// normal ('n') pg_depend row on every relation a `'name'::regclass` constant in it
    /// names (resolved on the current search_path, as when the default was written).
    pub(crate) fn record_default_deps(&mut self, table: &QualifiedName) -> PgResult<()> {
        self.command_counter_increment();
        let Some(rel) = self.lookup_relation(table)? else {
            return Ok(());
        };
        let relid = rel.oid;
        let defaults: Vec<(Oid, String)> = self.with_catalog(false, |cat, cx| {
            Ok(cat
                .catalog_rows(cx, schema::PG_ATTRDEF, |r| {
                    r.oid("adrelid").unwrap_or(0) == relid
                })?
                .iter()
                .filter_map(|r| Some((r.row_oid(), r.text("adsrc").ok()?)))
                .collect())
        })?;
        let mut wanted: Vec<(Oid, Oid)> = Vec::new();
        for (adoid, text) in &defaults {
            for lit in regclass_literals(text) {
                let Ok(parts) = analyzer::regclass::parse_name_list(&lit) else {
                    continue;
                };
                let qn = match parts.as_slice() {
                    [n] => QualifiedName {
                        catalog: None,
                        schema: None,
                        name: n.clone(),
                        location: 0,
                    },
                    [s, n] => QualifiedName {
                        catalog: None,
                        schema: Some(s.clone()),
                        name: n.clone(),
                        location: 0,
                    },
                    _ => continue,
                };
                if let Ok(Some(target)) = self.lookup_relation(&qn) {
                    if target.oid != relid {
                        wanted.push((*adoid, target.oid));
                    }
                }
            }
        }
        if wanted.is_empty() {
            return Ok(());
        }
        let ad_oids: HashSet<Oid> = defaults.iter().map(|d| d.0).collect();
        self.with_catalog(true, |cat, cx| {
            let existing: HashSet<(Oid, Oid)> = cat
                .catalog_rows(cx, schema::PG_DEPEND, |r| {
                    r.oid("classid").unwrap_or(0) == schema::PG_ATTRDEF
                        && ad_oids.contains(&r.oid("objid").unwrap_or(0))
                        && r.oid("refclassid").unwrap_or(0) == schema::PG_CLASS
                        && r.ch("deptype").unwrap_or(0) == b'n'
                })?
                .iter()
                .map(|r| (r.oid("objid").unwrap_or(0), r.oid("refobjid").unwrap_or(0)))
                .collect();
            let def = schema::by_oid(schema::PG_DEPEND)
                .ok_or_else(|| PgError::internal("pg_depend missing"))?;
            let mut done = existing;
            for (adoid, target) in wanted {
                if !done.insert((adoid, target)) {
                    continue;
                }
                let row = RowBuilder::new(def)
                    .oid("classid", schema::PG_ATTRDEF)
                    .oid("objid", adoid)
                    .i32("objsubid", 0)
                    .oid("refclassid", schema::PG_CLASS)
                    .oid("refobjid", target)
                    .i32("refobjsubid", 0)
                    .ch("deptype", b'n')
                    .build();
                cat.insert_catalog_row(cx, schema::PG_DEPEND, &row)?;
            }
            Ok(())
        })
    }

    /// `ALTER SCHEMA name OWNER TO role` (the statement text; the parser leaves it
    /// unmodelled).
    pub(crate) fn exec_alter_schema_owner(&mut self, text: &str) -> PgResult<String> {
        let words = split_words(text)?;
        let lower: Vec<String> = words.iter().map(|w| w.0.to_ascii_lowercase()).collect();
        let is_kw = |i: usize, k: &str| lower.get(i).map(|w| w == k).unwrap_or(false);
        if words.len() != 6
            || !is_kw(0, "alter")
            || !is_kw(1, "schema")
            || !is_kw(3, "owner")
            || !is_kw(4, "to")
        {
            return Err(pg_err!(
                FEATURE_NOT_SUPPORTED,
                "ALTER SCHEMA is not supported yet"
            ));
        }
        let ident = |i: usize| -> String {
            let (w, quoted) = &words[i];
            if *quoted {
                w.clone()
            } else {
                w.to_lowercase()
            }
        };
        let nsname = ident(2);
        let role_name = match (lower[5].as_str(), words[5].1) {
            ("current_user", false) | ("session_user", false) => self.role.name.clone(),
            _ => ident(5),
        };
        let role_oid = self
            .with_catalog(false, |cat, cx| cat.role_by_name(cx, &role_name))?
            .map(|r| r.oid)
            .ok_or_else(|| pg_err!(UNDEFINED_OBJECT, "role \"{}\" does not exist", role_name))?;
        let ns = self
            .with_catalog(false, |cat, cx| cat.namespace_oid(cx, &nsname))?
            .ok_or_else(|| pg_err!(INVALID_SCHEMA_NAME, "schema \"{}\" does not exist", nsname))?;
        self.with_catalog(true, |cat, cx| {
            cat.update_catalog_rows(
                cx,
                schema::PG_NAMESPACE,
                |r| r.row_oid() == ns && r.oid("nspowner").unwrap_or(0) != role_oid,
                |r| {
                    let mut v = r.values.clone();
                    if let Some(i) = r.def.col("nspowner") {
                        v[i] = types::Datum::Oid(role_oid);
                    }
                    v
                },
            )
        })?;
        Ok("ALTER SCHEMA".to_string())
    }
}

/// Split a statement into words (identifiers, keywords), keeping whether each was
/// double-quoted; a trailing `;` is ignored.
fn split_words(text: &str) -> PgResult<Vec<(String, bool)>> {
    let mut out = Vec::new();
    let mut chars = text.trim().trim_end_matches(';').chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c == '"' {
            chars.next();
            let mut w = String::new();
            loop {
                match chars.next() {
                    Some('"') if chars.peek() == Some(&'"') => {
                        chars.next();
                        w.push('"');
                    }
                    Some('"') => break,
                    Some(x) => w.push(x),
                    None => {
                        return Err(pg_err!(
                            SYNTAX_ERROR,
                            "unterminated quoted identifier at or near \"\"\""
                        ))
                    }
                }
            }
            out.push((w, true));
        } else {
            let mut w = String::new();
            while let Some(&x) = chars.peek() {
                if x.is_whitespace() || x == '"' {
                    break;
                }
                w.push(x);
                chars.next();
            }
            out.push((w, false));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_regclass_literals() {
        assert_eq!(
            regclass_literals("nextval('t1_id_seq'::regclass)"),
            ["t1_id_seq"]
        );
        assert_eq!(
            regclass_literals("nextval('s2.\"a''b\"'::regclass) + 1"),
            ["s2.\"a'b\""]
        );
        assert!(regclass_literals("'x'::text").is_empty());
        assert_eq!(regclass_literals("nextval(('s')::regclass)"), ["s"]);
        assert_eq!(regclass_literals("nextval('t')"), ["t"]);
    }

    #[test]
    fn splits_words() {
        let w = split_words("ALTER SCHEMA \"My S\" OWNER TO bob;").unwrap_or_default();
        assert_eq!(w.len(), 6);
        assert_eq!(w[2], ("My S".to_string(), true));
        assert_eq!(w[5], ("bob".to_string(), false));
    }
}
