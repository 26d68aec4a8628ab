//! COMMENT ON object IS 'text' | NULL: resolves the named object to (objoid, classoid,
//! objsubid) as PostgreSQL's get_object_address does and stores or removes its row in
//! pg_description (pg_shdescription for the shared objects: databases, roles, tablespaces).
//! An empty string removes the comment, like NULL.

use crate::session::Session;
use catalog::rows::RowBuilder;
use catalog::schema;
use common::{pg_err, sqlstate, Oid, PgResult};
use parser::ast::{CommentStmt, ObjectKind, QualifiedName};

/// What a COMMENT ON names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Target {
    objoid: Oid,
    classoid: Oid,
    objsubid: i32,
    shared: bool,
}

impl Target {
    fn local(classoid: Oid, objoid: Oid, objsubid: i32) -> Target {
        Target {
            objoid,
            classoid,
            objsubid,
            shared: false,
        }
    }
    fn shared(classoid: Oid, objoid: Oid) -> Target {
        Target {
            objoid,
            classoid,
            objsubid: 0,
            shared: true,
        }
    }
}

/// `a.b.c` split into a qualified relation name (schema, relation) from name parts.
fn qualified(parts: &[String]) -> PgResult<QualifiedName> {
    let mut q = QualifiedName::simple(parts.last().cloned().unwrap_or_default());
    match parts.len() {
        1 => {}
        2 => q.schema = Some(parts[0].clone()),
        3 => {
            q.catalog = Some(parts[0].clone());
            q.schema = Some(parts[1].clone());
        }
        _ => {
            return Err(pg_err!(
                SYNTAX_ERROR,
                "improper qualified name (too many dotted names): {}",
                parts.join(".")
            ))
        }
    }
    Ok(q)
}

fn display_name(q: &QualifiedName) -> String {
    match &q.schema {
        Some(s) => format!("{}.{}", s, q.name),
        None => q.name.clone(),
    }
}

/// The `"x" is not a ...` check of PostgreSQL's relation lookup for a COMMENT target kind.
fn check_relkind(kind: ObjectKind, name: &str, relkind: u8) -> PgResult<()> {
    let (ok, what) = match kind {
        ObjectKind::Index => (relkind == b'i', "an index"),
        ObjectKind::Sequence => (relkind == b'S', "a sequence"),
        ObjectKind::Table => (matches!(relkind, b'r' | b'p'), "a table"),
        ObjectKind::View => (relkind == b'v', "a view"),
        ObjectKind::MaterializedView => (relkind == b'm', "a materialized view"),
        ObjectKind::ForeignTable => (relkind == b'f', "a foreign table"),
        _ => (true, ""),
    };
    if ok {
        Ok(())
    } else {
        Err(pg_err!(WRONG_OBJECT_TYPE, "\"{}\" is not {}", name, what))
    }
}

impl Session {
    /// COMMENT ON ...: command tag `COMMENT`.
    pub(crate) fn exec_comment(&mut self, c: &CommentStmt) -> PgResult<String> {
        let Some(target) = self.comment_target(c)? else {
            return Ok("COMMENT".into());
        };
        let text = c.comment.clone().filter(|s| !s.is_empty());
        self.with_catalog(true, |cat, cx| {
            if target.shared {
                cat.delete_catalog_rows(cx, schema::PG_SHDESCRIPTION, |r| {
                    r.oid("objoid").unwrap_or(0) == target.objoid
                        && r.oid("classoid").unwrap_or(0) == target.classoid
                })?;
            } else {
                cat.delete_catalog_rows(cx, schema::PG_DESCRIPTION, |r| {
                    r.oid("objoid").unwrap_or(0) == target.objoid
                        && r.oid("classoid").unwrap_or(0) == target.classoid
                        && r.int("objsubid").unwrap_or(-1) == target.objsubid as i64
                })?;
            }
            let Some(text) = text else {
                return Ok(());
            };
            let catoid = if target.shared {
                schema::PG_SHDESCRIPTION
            } else {
                schema::PG_DESCRIPTION
            };
            let def = schema::by_oid(catoid)
                .ok_or_else(|| common::PgError::internal("pg_description is not defined"))?;
            let mut b = RowBuilder::new(def)
                .oid("objoid", target.objoid)
                .oid("classoid", target.classoid)
                .text("description", &text);
            if !target.shared {
                b = b.i32("objsubid", target.objsubid);
            }
            cat.insert_catalog_row(cx, catoid, &b.build())?;
            Ok(())
        })?;
        Ok("COMMENT".into())
    }

    /// Resolve the object a COMMENT names; None when there is nothing to do (a missing
    /// database only draws a WARNING, as in PostgreSQL).
    fn comment_target(&mut self, c: &CommentStmt) -> PgResult<Option<Target>> {
        let parts = &c.name;
        let first = parts.first().cloned().unwrap_or_default();
        Ok(Some(match c.kind {
            ObjectKind::Table
            | ObjectKind::Index
            | ObjectKind::Sequence
            | ObjectKind::View
            | ObjectKind::MaterializedView
            | ObjectKind::ForeignTable => {
                let q = qualified(parts)?;
                let rel = self.relation_for_comment(&q)?;
                check_relkind(c.kind, &rel.name, rel.relkind)?;
                Target::local(schema::PG_CLASS, rel.oid, 0)
            }
            ObjectKind::Column => {
                if parts.len() < 2 {
                    return Err(pg_err!(SYNTAX_ERROR, "column name must be qualified"));
                }
                let col = parts[parts.len() - 1].clone();
                let q = qualified(&parts[..parts.len() - 1])?;
                let rel = self.relation_for_comment(&q)?;
                if !matches!(rel.relkind, b'r' | b'v' | b'm' | b'c' | b'f' | b'p') {
                    return Err(pg_err!(
                        WRONG_OBJECT_TYPE,
                        "\"{}\" is not a table, view, materialized view, composite type, or foreign table",
                        rel.name
                    ));
                }
                let Some(ci) = rel.column(&col) else {
                    return Err(pg_err!(
                        UNDEFINED_COLUMN,
                        "column \"{}\" of relation \"{}\" does not exist",
                        col,
                        rel.name
                    ));
                };
                Target::local(schema::PG_CLASS, rel.oid, ci.attnum as i32)
            }
            ObjectKind::Constraint
            | ObjectKind::Trigger
            | ObjectKind::Rule
            | ObjectKind::Policy => {
                // name ON table: the first part names the object, the rest the table.
                if parts.len() < 2 {
                    return Err(pg_err!(SYNTAX_ERROR, "syntax error at or near \"IS\""));
                }
                let q = qualified(&parts[1..])?;
                let rel = self.relation_for_comment(&q)?;
                let (catoid, relcol, namecol, what, of) = match c.kind {
                    ObjectKind::Constraint => (
                        schema::PG_CONSTRAINT,
                        "conrelid",
                        "conname",
                        "constraint",
                        "table",
                    ),
                    ObjectKind::Trigger => {
                        (schema::PG_TRIGGER, "tgrelid", "tgname", "trigger", "table")
                    }
                    ObjectKind::Rule => (
                        schema::PG_REWRITE,
                        "ev_class",
                        "rulename",
                        "rule",
                        "relation",
                    ),
                    _ => (schema::PG_POLICY, "polrelid", "polname", "policy", "table"),
                };
                let relid = rel.oid;
                let rows = self.with_catalog(false, |cat, cx| {
                    cat.catalog_rows(cx, catoid, |r| {
                        r.oid(relcol).unwrap_or(0) == relid
                            && r.is(namecol, &first).unwrap_or(false)
                    })
                })?;
                let Some(row) = rows.first() else {
                    return Err(pg_err!(
                        UNDEFINED_OBJECT,
                        "{} \"{}\" for {} \"{}\" does not exist",
                        what,
                        first,
                        of,
                        rel.name
                    ));
                };
                Target::local(catoid, row.row_oid(), 0)
            }
            ObjectKind::Schema => {
                let n = first.clone();
                let oid = self.with_catalog(false, |cat, cx| cat.namespace_oid(cx, &n))?;
                let Some(oid) = oid else {
                    return Err(pg_err!(
                        INVALID_SCHEMA_NAME,
                        "schema \"{}\" does not exist",
                        first
                    ));
                };
                Target::local(schema::PG_NAMESPACE, oid, 0)
            }
            ObjectKind::Database => {
                let n = first.clone();
                let db = self.with_catalog(false, |cat, cx| cat.database_by_name(cx, &n))?;
                let Some(db) = db else {
                    self.warn(
                        sqlstate::INVALID_CATALOG_NAME,
                        &format!("database \"{}\" does not exist", first),
                    );
                    return Ok(None);
                };
                Target::shared(schema::PG_DATABASE, db.oid)
            }
            ObjectKind::Role => {
                let n = first.clone();
                let role = self.with_catalog(false, |cat, cx| cat.role_by_name(cx, &n))?;
                let Some(role) = role else {
                    return Err(pg_err!(
                        UNDEFINED_OBJECT,
                        "role \"{}\" does not exist",
                        first
                    ));
                };
                Target::shared(schema::PG_AUTHID, role.oid)
            }
            ObjectKind::Tablespace => {
                let oid = self.named_row(schema::PG_TABLESPACE, "spcname", None, &first)?;
                let Some(oid) = oid else {
                    return Err(pg_err!(
                        UNDEFINED_OBJECT,
                        "tablespace \"{}\" does not exist",
                        first
                    ));
                };
                Target::shared(schema::PG_TABLESPACE, oid)
            }
            ObjectKind::Type | ObjectKind::Domain => {
                let q = qualified(parts)?;
                let tn = parser::ast::TypeName {
                    name: q.clone(),
                    modifiers: Vec::new(),
                    interval_fields: Vec::new(),
                    array_bounds: Vec::new(),
                    setof: false,
                    pct_type: false,
                    location: -1,
                };
                let found = self.with_analyzer("", |a| Ok(a.resolve_type_name(&tn).ok()))?;
                let Some((oid, _)) = found else {
                    return Err(pg_err!(
                        UNDEFINED_OBJECT,
                        "type \"{}\" does not exist",
                        display_name(&q)
                    ));
                };
                Target::local(schema::PG_TYPE, oid, 0)
            }
            ObjectKind::Function | ObjectKind::Aggregate => {
                let q = qualified(parts)?;
                let ns = self.comment_namespace(&q)?;
                let name = q.name.clone();
                let rows = self.with_catalog(false, |cat, cx| {
                    cat.catalog_rows(cx, schema::PG_PROC, |r| {
                        r.is("proname", &name).unwrap_or(false)
                            && ns.is_none_or(|n| r.oid("pronamespace").unwrap_or(0) == n)
                    })
                })?;
                match rows.len() {
                    0 => {
                        return Err(pg_err!(
                            UNDEFINED_FUNCTION,
                            "could not find a function named \"{}\"",
                            display_name(&q)
                        ))
                    }
                    1 => Target::local(schema::PG_PROC, rows[0].row_oid(), 0),
                    _ => {
                        return Err(pg_err!(
                            AMBIGUOUS_FUNCTION,
                            "function name \"{}\" is not unique",
                            display_name(&q)
                        )
                        .with_hint(
                            "Specify the argument list to select the function unambiguously.",
                        ))
                    }
                }
            }
            ObjectKind::Extension => {
                let oid = self.named_row(schema::PG_EXTENSION, "extname", None, &first)?;
                let Some(oid) = oid else {
                    return Err(pg_err!(
                        UNDEFINED_OBJECT,
                        "extension \"{}\" does not exist",
                        first
                    ));
                };
                Target::local(schema::PG_EXTENSION, oid, 0)
            }
            ObjectKind::Language => {
                let oid = self.named_row(schema::PG_LANGUAGE, "lanname", None, &first)?;
                let Some(oid) = oid else {
                    return Err(pg_err!(
                        UNDEFINED_OBJECT,
                        "language \"{}\" does not exist",
                        first
                    ));
                };
                Target::local(schema::PG_LANGUAGE, oid, 0)
            }
            ObjectKind::AccessMethod => {
                let oid = self.named_row(schema::PG_AM, "amname", None, &first)?;
                let Some(oid) = oid else {
                    return Err(pg_err!(
                        UNDEFINED_OBJECT,
                        "access method \"{}\" does not exist",
                        first
                    ));
                };
                Target::local(schema::PG_AM, oid, 0)
            }
            ObjectKind::Collation => {
                let q = qualified(parts)?;
                let ns = self.comment_namespace(&q)?;
                let oid = self.named_row(schema::PG_COLLATION, "collname", ns, &q.name)?;
                let Some(oid) = oid else {
                    return Err(pg_err!(
                        UNDEFINED_OBJECT,
                        "collation \"{}\" for encoding \"UTF8\" does not exist",
                        display_name(&q)
                    ));
                };
                Target::local(schema::PG_COLLATION, oid, 0)
            }
            other => {
                return Err(pg_err!(
                    FEATURE_NOT_SUPPORTED,
                    "COMMENT ON {} is not supported yet",
                    format!("{other:?}").to_uppercase()
                ))
            }
        }))
    }

    /// A relation named by a COMMENT (42P01 `relation "x" does not exist`).
    fn relation_for_comment(
        &mut self,
        q: &QualifiedName,
    ) -> PgResult<std::sync::Arc<catalog::RelationInfo>> {
        match self.lookup_relation(q)? {
            Some(r) => Ok(r),
            None => Err(pg_err!(
                UNDEFINED_TABLE,
                "relation \"{}\" does not exist",
                display_name(q)
            )),
        }
    }

    /// The schema an explicitly qualified name refers to (None when unqualified).
    fn comment_namespace(&mut self, q: &QualifiedName) -> PgResult<Option<Oid>> {
        let Some(s) = q.schema.clone() else {
            return Ok(None);
        };
        let oid = self.with_catalog(false, |cat, cx| cat.namespace_oid(cx, &s))?;
        match oid {
            Some(o) => Ok(Some(o)),
            None => Err(pg_err!(
                INVALID_SCHEMA_NAME,
                "schema \"{}\" does not exist",
                s
            )),
        }
    }

    /// The row OID of the catalog row whose `namecol` is `name` (and whose namespace is `ns`
    /// when given, for catalogs with a `...namespace` column).
    fn named_row(
        &mut self,
        catoid: Oid,
        namecol: &str,
        ns: Option<Oid>,
        name: &str,
    ) -> PgResult<Option<Oid>> {
        let Some(def) = schema::by_oid(catoid) else {
            return Ok(None);
        };
        let nscol = def
            .columns
            .iter()
            .map(|c| c.name)
            .find(|n| n.ends_with("namespace"));
        let rows = self.with_catalog(false, |cat, cx| {
            cat.catalog_rows(cx, catoid, |r| {
                r.is(namecol, name).unwrap_or(false)
                    && match (ns, nscol) {
                        (Some(n), Some(col)) => r.oid(col).unwrap_or(0) == n,
                        _ => true,
                    }
            })
        })?;
        Ok(rows.first().map(|r| r.row_oid()))
    }
}

/// Remove the comments on shared object `objoid` of catalog `classoid` (DROP ROLE/DATABASE).
pub(crate) fn delete_shared_comments(
    cat: &catalog::Catalog,
    cx: &catalog::CatalogCx,
    classoid: Oid,
    objoid: Oid,
) -> PgResult<()> {
    cat.delete_catalog_rows(cx, schema::PG_SHDESCRIPTION, |r| {
        r.oid("objoid").unwrap_or(0) == objoid && r.oid("classoid").unwrap_or(0) == classoid
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qualified_names() {
        let q = qualified(&["s".into(), "t".into()]).unwrap_or_else(|_| QualifiedName::simple(""));
        assert_eq!(q.schema.as_deref(), Some("s"));
        assert_eq!(q.name, "t");
        assert!(qualified(&["a".into(), "b".into(), "c".into(), "d".into()]).is_err());
        assert_eq!(display_name(&QualifiedName::simple("x")), "x");
    }

    #[test]
    fn relkind_checks() {
        assert!(check_relkind(ObjectKind::Table, "t", b'r').is_ok());
        let e = check_relkind(ObjectKind::Sequence, "t", b'r').err();
        assert_eq!(
            e.map(|e| e.message),
            Some("\"t\" is not a sequence".to_string())
        );
        let e = check_relkind(ObjectKind::Index, "t", b'r').err();
        assert_eq!(
            e.map(|e| e.message),
            Some("\"t\" is not an index".to_string())
        );
    }
}
