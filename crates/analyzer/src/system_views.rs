//! Virtual system views (pg_roles, pg_user, pg_tables, pg_views, pg_indexes): PostgreSQL
//! defines them in system_views.sql; Tusk has no stored rows for them, so a FROM item naming
//! one (unqualified or `pg_catalog.`) that resolves to no real relation is replaced by its
//! defining SELECT, analyzed as a subquery in FROM.

use crate::analyze::Analyzer;
use crate::query::Query;
use common::PgResult;
use parser::ast;

/// The defining SELECT of system view `name`, if Tusk provides it.
pub fn definition(name: &str) -> Option<&'static str> {
    Some(match name {
        "pg_roles" => {
            "SELECT a.rolname, a.rolsuper, a.rolinherit, a.rolcreaterole, a.rolcreatedb, \
             a.rolcanlogin, a.rolreplication, a.rolconnlimit, '********'::text AS rolpassword, \
             a.rolvaliduntil, a.rolbypassrls, NULL::text[] AS rolconfig, a.oid \
             FROM pg_catalog.pg_authid a"
        }
        "pg_user" => {
            "SELECT a.rolname AS usename, a.oid AS usesysid, a.rolcreatedb AS usecreatedb, \
             a.rolsuper AS usesuper, a.rolreplication AS userepl, a.rolbypassrls AS usebypassrls, \
             '********'::text AS passwd, a.rolvaliduntil AS valuntil, NULL::text[] AS useconfig \
             FROM pg_catalog.pg_authid a WHERE a.rolcanlogin"
        }
        "pg_tables" => {
            "SELECT n.nspname AS schemaname, c.relname AS tablename, \
             pg_catalog.pg_get_userbyid(c.relowner) AS tableowner, t.spcname AS tablespace, \
             c.relhasindex AS hasindexes, c.relhasrules AS hasrules, \
             c.relhastriggers AS hastriggers, c.relrowsecurity AS rowsecurity \
             FROM pg_catalog.pg_class c \
             LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
             LEFT JOIN pg_catalog.pg_tablespace t ON t.oid = c.reltablespace \
             WHERE c.relkind IN ('r', 'p')"
        }
        "pg_views" => {
            "SELECT n.nspname AS schemaname, c.relname AS viewname, \
             pg_catalog.pg_get_userbyid(c.relowner) AS viewowner, \
             pg_catalog.pg_get_viewdef(c.oid) AS definition \
             FROM pg_catalog.pg_class c \
             LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
             WHERE c.relkind = 'v'"
        }
        "pg_indexes" => {
            "SELECT n.nspname AS schemaname, c.relname AS tablename, i.relname AS indexname, \
             t.spcname AS tablespace, pg_catalog.pg_get_indexdef(i.oid) AS indexdef \
             FROM pg_catalog.pg_index x \
             JOIN pg_catalog.pg_class c ON c.oid = x.indrelid \
             JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid \
             LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
             LEFT JOIN pg_catalog.pg_tablespace t ON t.oid = i.reltablespace \
             WHERE c.relkind IN ('r', 'm') AND i.relkind = 'i'"
        }
        // Two-phase commit is disabled (max_prepared_transactions = 0): always empty.
        "pg_prepared_xacts" => {
            "SELECT NULL::pg_catalog.xid AS transaction, NULL::pg_catalog.text AS gid, \
             NULL::pg_catalog.timestamptz AS prepared, NULL::pg_catalog.name AS owner, \
             NULL::pg_catalog.name AS database WHERE false"
        }
        _ => return None,
    })
}

/// Analyze system view `name` (unqualified or in pg_catalog) as a standalone query, or None
/// when `name` is not a virtual system view.
pub fn expand(analyzer: &Analyzer, name: &ast::QualifiedName) -> PgResult<Option<Query>> {
    if !matches!(name.schema.as_deref(), None | Some("pg_catalog")) {
        return Ok(None);
    }
    let session_text = analyzer
        .session_relations
        .and_then(|s| s.definition(&name.name));
    let Some(text) = session_text.as_deref().or_else(|| definition(&name.name)) else {
        return Ok(None);
    };
    let stmt = crate::views::parse_view_query(text)?;
    let inner = Analyzer {
        catalog: analyzer.catalog,
        ccx: analyzer.ccx,
        env: analyzer.env,
        reg: analyzer.reg,
        query: text,
        search_path: analyzer.search_path.clone(),
        param_types: Vec::new(),
        session_relations: None,
    };
    inner.analyze(&stmt).map(Some).map_err(|mut e| {
        e.position = None;
        e
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn definitions_parse() {
        for n in [
            "pg_roles",
            "pg_user",
            "pg_tables",
            "pg_views",
            "pg_indexes",
            "pg_prepared_xacts",
        ] {
            let text = definition(n).unwrap_or("");
            assert!(crate::views::parse_view_query(text).is_ok(), "{}", n);
        }
        assert!(definition("pg_class").is_none());
    }
}
