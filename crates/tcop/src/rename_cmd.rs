//! ALTER SEQUENCE / ALTER INDEX ... RENAME TO (an index's constraint is renamed with it), and
//! keeping column defaults that name a renamed sequence working. PostgreSQL stores `nextval('seq'::regclass)` as an OID constant,
//! so a rename is followed automatically; Tusk stores default expressions as SQL text, so the
//! regclass literals naming the old relation are rewritten to the new name.

use crate::session::Session;
use catalog::{schema, RelationInfo};
use common::{pg_err, sqlstate, PgResult};
use parser::ast::{ObjectKind, RenameStmt};
use types::Datum;

/// An identifier as it appears inside a regclass literal (quoted if needed, `'` doubled).
fn literal_name(name: &str) -> String {
    catalog::ddl::quote_identifier(name).replace('\'', "''")
}

/// `text` with the regclass literals naming `ns.old` (qualified or not) replaced by `new`;
/// None when nothing references it.
pub(crate) fn rewrite_regclass_text(text: &str, ns: &str, old: &str, new: &str) -> Option<String> {
    let (old_l, new_l, ns_l) = (literal_name(old), literal_name(new), literal_name(ns));
    let pairs = [
        (
            format!("'{ns_l}.{old_l}'::regclass"),
            format!("'{ns_l}.{new_l}'::regclass"),
        ),
        (
            format!("'{old_l}'::regclass"),
            format!("'{new_l}'::regclass"),
        ),
        (
            format!("nextval('{ns_l}.{old_l}')"),
            format!("nextval('{ns_l}.{new_l}')"),
        ),
        (format!("nextval('{old_l}')"), format!("nextval('{new_l}')")),
    ];
    let mut out = text.to_string();
    for (from, to) in &pairs {
        if out.contains(from.as_str()) {
            out = out.replace(from.as_str(), to);
        }
    }
    (out != text).then_some(out)
}

/// A name cut to 63 bytes (NAMEDATALEN - 1) at a character boundary.
fn truncate_name(s: &str) -> String {
    let mut end = s.len().min(63);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s[..end].to_string()
}

impl Session {
    /// ALTER SEQUENCE name RENAME TO new / ALTER INDEX name RENAME TO new.
    pub(crate) fn exec_rename_relation(&mut self, r: &RenameStmt) -> PgResult<String> {
        let tag = match r.kind {
            ObjectKind::Sequence => "ALTER SEQUENCE",
            ObjectKind::Index => "ALTER INDEX",
            _ => "ALTER TABLE",
        };
        let Some(rel) = self.lookup_relation(&r.name)? else {
            if r.if_exists {
                self.notice(
                    sqlstate::SUCCESSFUL_COMPLETION,
                    &format!("relation \"{}\" does not exist, skipping", r.name.name),
                );
                return Ok(tag.into());
            }
            return Err(pg_err!(
                UNDEFINED_TABLE,
                "relation \"{}\" does not exist",
                r.name.name
            ));
        };
        if r.kind == ObjectKind::Sequence && rel.relkind != b'S' {
            return Err(pg_err!(
                WRONG_OBJECT_TYPE,
                "\"{}\" is not a sequence",
                r.name.name
            ));
        }
        if rel.relkind == b'c' {
            return Err(
                pg_err!(WRONG_OBJECT_TYPE, "\"{}\" is a composite type", r.name.name)
                    .with_hint("Use ALTER TYPE instead."),
            );
        }
        let (oid, new) = (rel.oid, r.new_name.clone());
        self.with_catalog(true, |cat, cx| cat.rename_relation(cx, oid, &new))?;
        self.after_relation_rename(&rel, &r.new_name)?;
        Ok(tag.into())
    }

    /// After `rel` was renamed to `new`: the constraint an index implements takes the new
    /// name, and a sequence's name in column default texts follows.
    pub(crate) fn after_relation_rename(&mut self, rel: &RelationInfo, new: &str) -> PgResult<()> {
        if rel.relkind == b'i' {
            let (oid, new) = (rel.oid, truncate_name(new));
            return self.with_catalog(true, |cat, cx| {
                let def = schema::by_oid(schema::PG_CONSTRAINT)
                    .ok_or_else(|| common::PgError::internal("pg_constraint is not defined"))?;
                let Some(namecol) = def.col("conname") else {
                    return Ok(());
                };
                cat.update_catalog_rows(
                    cx,
                    schema::PG_CONSTRAINT,
                    |r| {
                        r.oid("conindid").unwrap_or(0) == oid
                            && matches!(r.ch("contype").unwrap_or(0), b'p' | b'u' | b'x')
                    },
                    |r| {
                        let mut v = r.values.clone();
                        if let Some(slot) = v.get_mut(namecol) {
                            *slot = Datum::Text(new.clone());
                        }
                        v
                    },
                )?;
                Ok(())
            });
        }
        if rel.relkind != b'S' {
            return Ok(());
        }
        let (ns, old) = (rel.namespace_name.clone(), rel.name.clone());
        let new = truncate_name(new);
        self.with_catalog(true, |cat, cx| {
            let def = schema::by_oid(schema::PG_ATTRDEF)
                .ok_or_else(|| common::PgError::internal("pg_attrdef is not defined"))?;
            let cols: Vec<usize> = ["adbin", "adsrc"]
                .iter()
                .filter_map(|c| def.col(c))
                .collect();
            let touches = |r: &catalog::rows::Row| {
                cols.iter().any(|&i| match r.values.get(i) {
                    Some(Datum::Text(t)) => rewrite_regclass_text(t, &ns, &old, &new).is_some(),
                    _ => false,
                })
            };
            cat.update_catalog_rows(cx, schema::PG_ATTRDEF, touches, |r| {
                let mut v = r.values.clone();
                for &i in &cols {
                    if let Some(slot) = v.get_mut(i) {
                        if let Datum::Text(t) = slot {
                            if let Some(n) = rewrite_regclass_text(t, &ns, &old, &new) {
                                *slot = Datum::Text(n);
                            }
                        }
                    }
                }
                v
            })?;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_serial_defaults() {
        assert_eq!(
            rewrite_regclass_text(
                "nextval('serialtest1_f2_seq'::regclass)",
                "public",
                "serialtest1_f2_seq",
                "serialtest1_f2_foo"
            )
            .as_deref(),
            Some("nextval('serialtest1_f2_foo'::regclass)")
        );
        assert_eq!(
            rewrite_regclass_text("nextval('s.q'::regclass)", "s", "q", "Q2").as_deref(),
            Some("nextval('s.\"Q2\"'::regclass)")
        );
        assert_eq!(
            rewrite_regclass_text("nextval('other'::regclass)", "public", "q", "r"),
            None
        );
        // A longer name that merely starts with the old one is left alone.
        assert_eq!(
            rewrite_regclass_text("nextval('q2'::regclass)", "public", "q", "r"),
            None
        );
    }
}
