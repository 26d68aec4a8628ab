//! GRANT / REVOKE of object privileges on schemas, tables, views and sequences: edits the
//! ACL column (pg_namespace.nspacl, pg_class.relacl) as PostgreSQL 10 does — a NULL ACL
//! starts from the object kind's default (acldefault), the object's owner is the grantor,
//! a new grantee's item goes at the end, an item left with no privileges is removed.
//! Privileges are recorded (pg_dump restores them), not yet enforced.

use crate::session::Session;
use catalog::schema;
use common::{pg_err, Oid, PgResult};
use parser::ast::{GrantStmt, ObjectKind};
use types::acl::{self, AclItem};
use types::{Array, Datum};

/// True for the GRANT / REVOKE forms this module executes.
pub(crate) fn handles(g: &GrantStmt) -> bool {
    matches!(
        g.object_kind,
        ObjectKind::Schema | ObjectKind::Table | ObjectKind::Sequence | ObjectKind::View
    ) && !g.objects.iter().any(|o| o.name == "*")
}

/// Privilege keyword → aclitem letter.
fn letter(p: &str) -> Option<char> {
    Some(match p {
        "select" => 'r',
        "insert" => 'a',
        "update" => 'w',
        "delete" => 'd',
        "truncate" => 'D',
        "references" => 'x',
        "trigger" => 't',
        "execute" => 'X',
        "usage" => 'U',
        "create" => 'C',
        "temporary" | "temp" => 'T',
        "connect" => 'c',
        _ => return None,
    })
}

/// The letters of `privileges` for an object whose full privilege set is `all`
/// (`kind` names it in errors: "table", "schema", "sequence").
pub(crate) fn privilege_letters(privileges: &[String], all: &str, kind: &str) -> PgResult<String> {
    let mut out = String::new();
    for p in privileges {
        let lp = p.to_ascii_lowercase();
        if lp == "all" {
            out.push_str(all);
            continue;
        }
        if lp.contains('(') {
            return Err(pg_err!(
                FEATURE_NOT_SUPPORTED,
                "column privileges are not supported yet"
            ));
        }
        let Some(c) = letter(&lp) else {
            return Err(pg_err!(
                SYNTAX_ERROR,
                "unrecognized privilege type \"{}\"",
                lp
            ));
        };
        if !all.contains(c) {
            return Err(pg_err!(
                INVALID_GRANT_OPERATION,
                "invalid privilege type {} for {}",
                lp.to_ascii_uppercase(),
                kind
            ));
        }
        if !out.contains(c) {
            out.push(c);
        }
    }
    Ok(out)
}

/// Apply a grant (or revoke) of `letters` to `grantees` by `grantor` on ACL `items`.
pub(crate) fn edit_acl(
    items: &mut Vec<AclItem>,
    is_grant: bool,
    letters: &str,
    grantees: &[String],
    grantor: &str,
) -> PgResult<()> {
    let bits = acl::parse(&format!("={letters}"))?.privs;
    for g in grantees {
        match items
            .iter_mut()
            .position(|it| &it.grantee == g && it.grantor == grantor)
        {
            Some(i) => {
                if is_grant {
                    items[i].privs |= bits;
                } else {
                    items[i].privs &= !bits;
                    items[i].grant_opts &= !bits;
                    if items[i].privs == 0 {
                        items.remove(i);
                    }
                }
            }
            None if is_grant && bits != 0 => items.push(AclItem {
                grantee: g.clone(),
                grantor: grantor.to_string(),
                privs: bits,
                grant_opts: 0,
            }),
            None => {}
        }
    }
    Ok(())
}

fn acl_items(d: &Datum, objtype: u8, owner: &str) -> PgResult<Vec<AclItem>> {
    let texts: Vec<String> = match d {
        Datum::Array(a) => a
            .elems
            .iter()
            .filter_map(|e| match e {
                Datum::Text(s) => Some(s.clone()),
                _ => None,
            })
            .collect(),
        _ => acl::acl_default(objtype, owner)?,
    };
    texts.iter().map(|t| acl::parse(t)).collect()
}

fn acl_datum(items: &[AclItem]) -> Datum {
    Datum::Array(Box::new(Array::from_vec(
        types::oids::ACLITEM,
        items.iter().map(|i| Datum::Text(acl::format(i))).collect(),
    )))
}

/// The catalog row whose ACL column a GRANT edits.
struct AclTarget {
    catoid: Oid,
    oid: Oid,
    owner_col: &'static str,
    acl_col: &'static str,
    /// acldefault's object kind letter.
    objtype: u8,
}

impl Session {
    /// GRANT / REVOKE privileges ON SCHEMA / TABLE / SEQUENCE objects TO / FROM roles.
    pub(crate) fn exec_grant(&mut self, g: &GrantStmt) -> PgResult<String> {
        let tag = if g.is_grant { "GRANT" } else { "REVOKE" };
        // Grantees: PUBLIC is the empty name; roles must exist.
        let mut grantees = Vec::new();
        for r in &g.grantees {
            let name = match r.as_str() {
                "public" => {
                    grantees.push(String::new());
                    continue;
                }
                "current_user" | "session_user" => self.role.name.clone(),
                other => other.to_string(),
            };
            let n = name.clone();
            if self
                .with_catalog(false, |cat, cx| cat.role_by_name(cx, &n))?
                .is_none()
            {
                return Err(pg_err!(
                    UNDEFINED_OBJECT,
                    "role \"{}\" does not exist",
                    name
                ));
            }
            grantees.push(name);
        }
        self.command_counter_increment();
        for obj in &g.objects {
            match g.object_kind {
                ObjectKind::Schema => {
                    let nsname = obj.name.clone();
                    let ns = self
                        .with_catalog(false, |cat, cx| cat.namespace_oid(cx, &nsname))?
                        .ok_or_else(|| {
                            pg_err!(INVALID_SCHEMA_NAME, "schema \"{}\" does not exist", nsname)
                        })?;
                    let letters = privilege_letters(&g.privileges, "UC", "schema")?;
                    let target = AclTarget {
                        catoid: schema::PG_NAMESPACE,
                        oid: ns,
                        owner_col: "nspowner",
                        acl_col: "nspacl",
                        objtype: b'n',
                    };
                    self.update_acl(&target, &letters, g.is_grant, &grantees)?;
                }
                _ => {
                    let rel = self
                        .lookup_relation(obj)?
                        .ok_or_else(|| match &obj.schema {
                            Some(s) => pg_err!(
                                UNDEFINED_TABLE,
                                "relation \"{}.{}\" does not exist",
                                s,
                                obj.name
                            ),
                            None => {
                                pg_err!(UNDEFINED_TABLE, "relation \"{}\" does not exist", obj.name)
                            }
                        })?;
                    let is_seq = rel.relkind == b'S';
                    if g.object_kind == ObjectKind::Sequence && !is_seq {
                        return Err(pg_err!(
                            WRONG_OBJECT_TYPE,
                            "\"{}\" is not a sequence",
                            rel.name
                        ));
                    }
                    let (all, kind, objtype) = if is_seq {
                        ("rwU", "sequence", b's')
                    } else {
                        ("arwdDxt", "table", b'r')
                    };
                    let letters = privilege_letters(&g.privileges, all, kind)?;
                    let target = AclTarget {
                        catoid: schema::PG_CLASS,
                        oid: rel.oid,
                        owner_col: "relowner",
                        acl_col: "relacl",
                        objtype,
                    };
                    self.update_acl(&target, &letters, g.is_grant, &grantees)?;
                }
            }
        }
        Ok(tag.to_string())
    }

    fn update_acl(
        &mut self,
        t: &AclTarget,
        letters: &str,
        is_grant: bool,
        grantees: &[String],
    ) -> PgResult<()> {
        let (catoid, oid, objtype) = (t.catoid, t.oid, t.objtype);
        let (owner_col, acl_col) = (t.owner_col, t.acl_col);
        let row = self
            .with_catalog(false, |cat, cx| {
                cat.catalog_rows(cx, catoid, |r| r.row_oid() == oid)
            })?
            .into_iter()
            .next();
        let Some(row) = row else {
            return Ok(());
        };
        let owner = row.oid(owner_col)?;
        let owner_name = self
            .with_catalog(false, |cat, cx| cat.role_by_oid(cx, owner))?
            .map(|r| r.name)
            .unwrap_or_else(|| owner.to_string());
        let slot = row
            .def
            .col(acl_col)
            .ok_or_else(|| common::PgError::internal("ACL column missing"))?;
        let mut items = acl_items(&row.values[slot], objtype, &owner_name)?;
        edit_acl(&mut items, is_grant, letters, grantees, &owner_name)?;
        let new = acl_datum(&items);
        self.with_catalog(true, |cat, cx| {
            cat.update_catalog_rows(
                cx,
                catoid,
                |r| r.row_oid() == oid,
                |r| {
                    let mut v = r.values.clone();
                    v[slot] = new.clone();
                    v
                },
            )
        })?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(items: &[AclItem]) -> Vec<String> {
        items.iter().map(acl::format).collect()
    }

    #[test]
    fn grant_and_revoke_edit_items_like_postgres() {
        let mut items: Vec<AclItem> = ["postgres=UC/postgres", "=UC/postgres"]
            .iter()
            .filter_map(|t| acl::parse(t).ok())
            .collect();
        // pg_dump 15's output for PostgreSQL 10's public schema.
        assert!(edit_acl(&mut items, false, "U", &[String::new()], "postgres").is_ok());
        assert_eq!(texts(&items), ["postgres=UC/postgres", "=C/postgres"]);
        assert!(edit_acl(&mut items, true, "UC", &[String::new()], "postgres").is_ok());
        assert_eq!(texts(&items), ["postgres=UC/postgres", "=UC/postgres"]);
        assert!(edit_acl(&mut items, true, "r", &["bob".into()], "postgres").is_ok());
        assert_eq!(texts(&items)[2], "bob=r/postgres");
        assert!(edit_acl(&mut items, false, "r", &["bob".into()], "postgres").is_ok());
        assert_eq!(items.len(), 2);
    }

    #[test]
    fn privilege_names() {
        let p = |v: &[&str], all: &str, k: &str| {
            privilege_letters(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>(), all, k)
        };
        assert_eq!(p(&["all"], "UC", "schema").ok().as_deref(), Some("UC"));
        assert_eq!(
            p(&["select", "update"], "arwdDxt", "table").ok().as_deref(),
            Some("rw")
        );
        assert_eq!(
            p(&["usage"], "arwdDxt", "table").err().map(|e| e.message),
            Some("invalid privilege type USAGE for table".to_string())
        );
    }
}
