//! Per-role and per-database settings (ALTER ROLE ... SET, ALTER DATABASE ... SET): rows of
//! the shared pg_db_role_setting catalog (setdatabase, setrole, setconfig text[] of
//! "name=value"), and the lookup that applies them when a session starts.

use crate::session::Session;
use catalog::{schema, Catalog, CatalogCx};
use common::{Oid, PgResult};
use parser::ast::{SetValue, VariableSetStmt};
use types::{Array, Datum};

/// Parameters whose list values are quoted identifiers joined with ", " (GUC_LIST_QUOTE).
fn is_list_param(name: &str) -> bool {
    matches!(
        name,
        "search_path"
            | "datestyle"
            | "temp_tablespaces"
            | "session_preload_libraries"
            | "shared_preload_libraries"
            | "local_preload_libraries"
    )
}

fn needs_quotes(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c.is_ascii_lowercase() || c == '_' => {}
        _ => return true,
    }
    !chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// The GUC string of SET's value list (flatten_set_variable_args).
pub(crate) fn flatten_value(name: &str, values: &[SetValue]) -> String {
    let quote = name == "search_path" || name == "temp_tablespaces";
    let parts: Vec<String> = values
        .iter()
        .map(|v| match v {
            SetValue::String(s) if quote && needs_quotes(s) => {
                format!("\"{}\"", s.replace('"', "\"\""))
            }
            SetValue::String(s) | SetValue::Number(s) | SetValue::Interval(s, _) => s.clone(),
            SetValue::Local => "default".to_string(),
        })
        .collect();
    if is_list_param(name) {
        parts.join(", ")
    } else {
        parts.join(",")
    }
}

/// How a SET/RESET changes a setconfig array: Some((name, Some(value))) sets, Some((name,
/// None)) removes one entry, None removes all.
fn change_of(stmt: &VariableSetStmt) -> Option<(String, Option<String>)> {
    match stmt {
        VariableSetStmt::Set { name, values, .. } => {
            let name = canonical(name);
            let v = values.as_ref().map(|v| flatten_value(&name, v));
            Some((name, v))
        }
        VariableSetStmt::Reset { name } => Some((canonical(name), None)),
        VariableSetStmt::ResetAll => None,
    }
}

fn canonical(name: &str) -> String {
    match name.to_ascii_lowercase().as_str() {
        "time zone" | "time_zone" => "timezone".into(),
        "names" => "client_encoding".into(),
        "schema" => "search_path".into(),
        n => n.to_string(),
    }
}

/// Apply one change to a "name=value" list; returns the new list.
pub(crate) fn apply_change(
    mut config: Vec<String>,
    change: &Option<(String, Option<String>)>,
) -> Vec<String> {
    let Some((name, value)) = change else {
        return Vec::new();
    };
    let prefix = format!("{name}=");
    let pos = config.iter().position(|e| e.starts_with(&prefix));
    match (value, pos) {
        (Some(v), Some(i)) => config[i] = format!("{name}={v}"),
        (Some(v), None) => config.push(format!("{name}={v}")),
        (None, Some(i)) => {
            config.remove(i);
        }
        (None, None) => {}
    }
    config
}

fn config_of(d: Option<&Datum>) -> Vec<String> {
    match d {
        Some(Datum::Array(a)) => a
            .elems
            .iter()
            .filter_map(|e| match e {
                Datum::Text(s) => Some(s.clone()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The "name=value" entries stored for (database, role) (0 = any).
pub(crate) fn stored_config(
    cat: &Catalog,
    cx: &CatalogCx,
    database: Oid,
    role: Oid,
) -> PgResult<Vec<String>> {
    let rows = cat.catalog_rows(cx, schema::PG_DB_ROLE_SETTING, |r| {
        r.values.first() == Some(&Datum::Oid(database))
            && r.values.get(1) == Some(&Datum::Oid(role))
    })?;
    Ok(rows
        .first()
        .map(|r| config_of(r.values.get(2)))
        .unwrap_or_default())
}

/// The settings a session of `role` in `database` starts with, lowest priority first
/// (all-roles-all-databases, database, role, role-in-database), as (name, value).
pub(crate) fn session_settings(
    cat: &Catalog,
    cx: &CatalogCx,
    database: Oid,
    role: Oid,
) -> PgResult<Vec<(String, String)>> {
    let mut out = Vec::new();
    for (d, r) in [(0, 0), (database, 0), (0, role), (database, role)] {
        for e in stored_config(cat, cx, d, r)? {
            if let Some((n, v)) = e.split_once('=') {
                out.push((n.to_string(), v.to_string()));
            }
        }
    }
    Ok(out)
}

/// Remove every pg_db_role_setting row of a dropped role or database.
pub(crate) fn delete_settings_of(
    cat: &Catalog,
    cx: &CatalogCx,
    database: Option<Oid>,
    role: Option<Oid>,
) -> PgResult<()> {
    cat.delete_catalog_rows(cx, schema::PG_DB_ROLE_SETTING, |r| {
        database.is_some_and(|d| r.values.first() == Some(&Datum::Oid(d)))
            || role.is_some_and(|o| r.values.get(1) == Some(&Datum::Oid(o)))
    })?;
    Ok(())
}

impl Session {
    /// ALTER ROLE/DATABASE ... SET/RESET: validate the value as SET would, then rewrite the
    /// (database, role) row of pg_db_role_setting (removing it when it becomes empty).
    pub(crate) fn alter_setting(
        &mut self,
        database: Oid,
        role: Oid,
        stmt: &VariableSetStmt,
    ) -> PgResult<()> {
        let change = change_of(stmt);
        if let Some((name, value)) = &change {
            let mut probe = self.gucs.clone();
            match value {
                Some(v) => probe.set(name, v, guc::Context::Superuser, guc::Source::Session)?,
                None => probe.reset(name, guc::Context::Superuser)?,
            }
        }
        self.with_catalog(true, |cat, cx| {
            let old = stored_config(cat, cx, database, role)?;
            let new = apply_change(old.clone(), &change);
            if new == old {
                return Ok(());
            }
            cat.delete_catalog_rows(cx, schema::PG_DB_ROLE_SETTING, |r| {
                r.values.first() == Some(&Datum::Oid(database))
                    && r.values.get(1) == Some(&Datum::Oid(role))
            })?;
            if !new.is_empty() {
                let arr = Array::from_vec(
                    types::oids::TEXT,
                    new.into_iter().map(Datum::Text).collect(),
                );
                cat.insert_catalog_row(
                    cx,
                    schema::PG_DB_ROLE_SETTING,
                    &[
                        Datum::Oid(database),
                        Datum::Oid(role),
                        Datum::Array(Box::new(arr)),
                    ],
                )?;
            }
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flattens_like_postgres() {
        let v = |s: &str| SetValue::String(s.into());
        assert_eq!(
            flatten_value("search_path", &[v("public"), v("pg_catalog")]),
            "public, pg_catalog"
        );
        assert_eq!(
            flatten_value("search_path", &[v("$user"), v("public")]),
            "\"$user\", public"
        );
        assert_eq!(flatten_value("work_mem", &[v("8MB")]), "8MB");
        assert_eq!(
            flatten_value("statement_timeout", &[SetValue::Number("10".into())]),
            "10"
        );
    }

    #[test]
    fn changes_config_lists() {
        let set = |n: &str, v: &str| Some((n.to_string(), Some(v.to_string())));
        let c = apply_change(vec![], &set("work_mem", "8MB"));
        assert_eq!(c, vec!["work_mem=8MB"]);
        let c = apply_change(c, &set("search_path", "a, b"));
        let c = apply_change(c, &set("work_mem", "16MB"));
        assert_eq!(c, vec!["work_mem=16MB", "search_path=a, b"]);
        let c = apply_change(c, &Some(("work_mem".into(), None)));
        assert_eq!(c, vec!["search_path=a, b"]);
        assert!(apply_change(c, &None).is_empty());
    }

    fn parse(sql: &str) -> parser::ast::Statement {
        match parser::parse(sql) {
            Ok(mut v) if v.len() == 1 => v.remove(0).stmt,
            other => panic!("{sql}: {other:?}"),
        }
    }

    #[test]
    fn parses_pg_dumpall_statements() {
        use parser::ast::{AlterDatabaseAction, ObjectKind, Statement};
        match parse("ALTER ROLE postgres WITH SUPERUSER INHERIT CREATEROLE CREATEDB LOGIN REPLICATION BYPASSRLS") {
            Statement::AlterRole(a) => {
                assert_eq!(a.name, "postgres");
                assert_eq!(a.options.len(), 7);
                assert!(a.set.is_none());
            }
            o => panic!("{o:?}"),
        }
        match parse("ALTER ROLE alice IN DATABASE db1 SET work_mem TO '4MB'") {
            Statement::AlterRole(a) => {
                assert_eq!(a.database.as_deref(), Some("db1"));
                assert!(matches!(a.set, Some(VariableSetStmt::Set { .. })));
            }
            o => panic!("{o:?}"),
        }
        assert!(matches!(
            parse("ALTER USER alice RESET ALL"),
            Statement::AlterRole(a) if a.set == Some(VariableSetStmt::ResetAll)
        ));
        assert!(matches!(
            parse("ALTER ROLE a RENAME TO b"),
            Statement::Rename(_)
        ));
        assert!(matches!(
            parse("ALTER DATABASE db1 OWNER TO alice"),
            Statement::AlterDatabase(a) if a.action == AlterDatabaseAction::Owner("alice".into())
        ));
        assert!(matches!(
            parse("ALTER DATABASE db1 SET search_path TO 'public', 'pg_catalog'"),
            Statement::AlterDatabase(a) if matches!(a.action, AlterDatabaseAction::Set(_))
        ));
        assert!(matches!(
            parse("ALTER DATABASE db1 CONNECTION LIMIT 3"),
            Statement::AlterDatabase(a) if matches!(a.action, AlterDatabaseAction::Options(_))
        ));
        match parse("GRANT bob TO carol WITH ADMIN OPTION GRANTED BY alice") {
            Statement::Grant(g) => {
                assert_eq!(g.object_kind, ObjectKind::Role);
                assert!(g.with_option);
                assert_eq!(g.grantor.as_deref(), Some("alice"));
            }
            o => panic!("{o:?}"),
        }
        assert!(matches!(
            parse("CREATE DATABASE db1 WITH TEMPLATE = template0 ENCODING = 'UTF8' LOCALE_PROVIDER = libc LOCALE = 'C.UTF-8'"),
            Statement::CreateDatabase(c) if c.options.len() == 4
        ));
    }
}
