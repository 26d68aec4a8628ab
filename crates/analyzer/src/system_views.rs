//! Virtual system views (pg_roles, pg_user, pg_tables, pg_views, pg_indexes): PostgreSQL
//! defines them in system_views.sql; Tusk has no stored rows for them, so a FROM item naming
//! one (unqualified or `pg_catalog.`) that resolves to no real relation is replaced by its
//! defining SELECT, analyzed as a subquery in FROM. The information_schema views
//! (crate::information_schema) expand the same way.

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
        "pg_sequences" => {
            "SELECT n.nspname AS schemaname, c.relname AS sequencename, \
             pg_catalog.pg_get_userbyid(c.relowner) AS sequenceowner, \
             s.seqtypid::pg_catalog.regtype AS data_type, s.seqstart AS start_value, \
             s.seqmin AS min_value, s.seqmax AS max_value, s.seqincrement AS increment_by, \
             s.seqcycle AS cycle, s.seqcache AS cache_size, \
             pg_catalog.pg_sequence_last_value(c.oid::pg_catalog.regclass) AS last_value \
             FROM pg_catalog.pg_sequence s \
             JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid \
             LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
             WHERE NOT pg_catalog.pg_is_other_temp_schema(n.oid) AND c.relkind = 'S'"
        }
        // PostgreSQL's definition, without the privilege / row-security filters.
        "pg_stats" => {
            "SELECT n.nspname AS schemaname, c.relname AS tablename, a.attname AS attname, \
             s.stainherit AS inherited, s.stanullfrac AS null_frac, s.stawidth AS avg_width, \
             s.stadistinct AS n_distinct, \
             CASE WHEN s.stakind1 = 1 THEN s.stavalues1 \
             WHEN s.stakind2 = 1 THEN s.stavalues2 \
             WHEN s.stakind3 = 1 THEN s.stavalues3 \
             WHEN s.stakind4 = 1 THEN s.stavalues4 \
             WHEN s.stakind5 = 1 THEN s.stavalues5 \
             END AS most_common_vals, \
             CASE WHEN s.stakind1 = 1 THEN s.stanumbers1 \
             WHEN s.stakind2 = 1 THEN s.stanumbers2 \
             WHEN s.stakind3 = 1 THEN s.stanumbers3 \
             WHEN s.stakind4 = 1 THEN s.stanumbers4 \
             WHEN s.stakind5 = 1 THEN s.stanumbers5 \
             END AS most_common_freqs, \
             CASE WHEN s.stakind1 = 2 THEN s.stavalues1 \
             WHEN s.stakind2 = 2 THEN s.stavalues2 \
             WHEN s.stakind3 = 2 THEN s.stavalues3 \
             WHEN s.stakind4 = 2 THEN s.stavalues4 \
             WHEN s.stakind5 = 2 THEN s.stavalues5 \
             END AS histogram_bounds, \
             CASE WHEN s.stakind1 = 3 THEN s.stanumbers1[1] \
             WHEN s.stakind2 = 3 THEN s.stanumbers2[1] \
             WHEN s.stakind3 = 3 THEN s.stanumbers3[1] \
             WHEN s.stakind4 = 3 THEN s.stanumbers4[1] \
             WHEN s.stakind5 = 3 THEN s.stanumbers5[1] \
             END AS correlation, \
             CASE WHEN s.stakind1 = 4 THEN s.stavalues1 \
             WHEN s.stakind2 = 4 THEN s.stavalues2 \
             WHEN s.stakind3 = 4 THEN s.stavalues3 \
             WHEN s.stakind4 = 4 THEN s.stavalues4 \
             WHEN s.stakind5 = 4 THEN s.stavalues5 \
             END AS most_common_elems, \
             CASE WHEN s.stakind1 = 4 THEN s.stanumbers1 \
             WHEN s.stakind2 = 4 THEN s.stanumbers2 \
             WHEN s.stakind3 = 4 THEN s.stanumbers3 \
             WHEN s.stakind4 = 4 THEN s.stanumbers4 \
             WHEN s.stakind5 = 4 THEN s.stanumbers5 \
             END AS most_common_elem_freqs, \
             CASE WHEN s.stakind1 = 5 THEN s.stanumbers1 \
             WHEN s.stakind2 = 5 THEN s.stanumbers2 \
             WHEN s.stakind3 = 5 THEN s.stanumbers3 \
             WHEN s.stakind4 = 5 THEN s.stanumbers4 \
             WHEN s.stakind5 = 5 THEN s.stanumbers5 \
             END AS elem_count_histogram \
             FROM pg_catalog.pg_statistic s \
             JOIN pg_catalog.pg_class c ON c.oid = s.starelid \
             JOIN pg_catalog.pg_attribute a ON c.oid = a.attrelid AND a.attnum = s.staattnum \
             LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
             WHERE NOT a.attisdropped"
        }
        // Tusk has no label providers, so no object carries a security label: PostgreSQL's
        // view (a union over pg_seclabel / pg_shseclabel) is empty.
        "pg_seclabels" => {
            "SELECT NULL::pg_catalog.oid AS objoid, NULL::pg_catalog.oid AS classoid, \
             NULL::pg_catalog.int4 AS objsubid, NULL::pg_catalog.text AS objtype, \
             NULL::pg_catalog.oid AS objnamespace, NULL::pg_catalog.text AS objname, \
             NULL::pg_catalog.text AS provider, NULL::pg_catalog.text AS label WHERE false"
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
    if information_schema_view(analyzer, name) {
        let Some(text) = crate::information_schema::definition(&name.name) else {
            return Ok(None);
        };
        return analyze_definition(analyzer, text);
    }
    if !matches!(name.schema.as_deref(), None | Some("pg_catalog")) {
        return Ok(None);
    }
    let session_text = analyzer
        .session_relations
        .and_then(|s| s.definition(&name.name));
    let Some(text) = session_text.as_deref().or_else(|| definition(&name.name)) else {
        return Ok(None);
    };
    analyze_definition(analyzer, text)
}

/// True when `name` resolves to an information_schema view (crate::information_schema):
/// qualified with information_schema, or unqualified with information_schema in search_path
/// and no pg_catalog view of that name.
fn information_schema_view(analyzer: &Analyzer, name: &ast::QualifiedName) -> bool {
    match name.schema.as_deref() {
        Some(s) => s == crate::information_schema::SCHEMA,
        None => {
            definition(&name.name).is_none()
                && analyzer
                    .search_path
                    .contains(&catalog::oids::INFORMATION_SCHEMA_NAMESPACE)
                && crate::information_schema::definition(&name.name).is_some()
        }
    }
}

/// The schema a virtual view named `name` belongs to (for qualified column references).
pub fn view_schema(analyzer: &Analyzer, name: &ast::QualifiedName) -> &'static str {
    if information_schema_view(analyzer, name) {
        crate::information_schema::SCHEMA
    } else {
        "pg_catalog"
    }
}

fn analyze_definition(analyzer: &Analyzer, text: &str) -> PgResult<Option<Query>> {
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

/// Record-returning catalog functions used in FROM, rewritten into a SELECT over the catalogs
/// with the call's argument spliced in: `pg_sequence_parameters(seq)` (start_value,
/// minimum_value, maximum_value, increment, cycle_option, cache_size, data_type).
pub fn function_in_from(call: &ast::Expr) -> PgResult<Option<ast::SelectStmt>> {
    let ast::Expr::Func(f) = call else {
        return Ok(None);
    };
    if !matches!(f.name.schema.as_deref(), None | Some("pg_catalog"))
        || f.args.len() != 1
        || f.star
        || f.over.is_some()
    {
        return Ok(None);
    }
    if f.name.name == "pg_options_to_table" {
        return options_to_table(f.args[0].clone());
    }
    if f.name.name != "pg_sequence_parameters" || f.args.len() != 1 || f.star || f.over.is_some() {
        return Ok(None);
    }
    let text = "SELECT s.seqstart AS start_value, s.seqmin AS minimum_value, \
                s.seqmax AS maximum_value, s.seqincrement AS increment, \
                s.seqcycle AS cycle_option, s.seqcache AS cache_size, \
                s.seqtypid AS data_type FROM pg_catalog.pg_sequence s \
                WHERE s.seqrelid = CAST(NULL AS pg_catalog.regclass)";
    let ast::Statement::Select(mut sel) = crate::views::parse_view_query(text)? else {
        return Ok(None);
    };
    let arg = f.args[0].clone();
    if let ast::SetExpr::Select(core) = &mut sel.body {
        if let Some(ast::Expr::BinaryOp { right, .. }) = &mut core.where_clause {
            if let ast::Expr::Cast { expr, .. } = right.as_mut() {
                **expr = arg;
                return Ok(Some(*sel));
            }
        }
    }
    Ok(None)
}

/// `pg_options_to_table(text[])`: one row per `name=value` option (option_name,
/// option_value), split at the first `=`; option_value is NULL when there is no `=`.
fn options_to_table(arg: ast::Expr) -> PgResult<Option<ast::SelectStmt>> {
    let text = "SELECT CASE WHEN pg_catalog.strpos(o, '=') > 0 \
                THEN pg_catalog.substr(o, 1, pg_catalog.strpos(o, '=') - 1) ELSE o END \
                AS option_name, \
                CASE WHEN pg_catalog.strpos(o, '=') > 0 \
                THEN pg_catalog.substr(o, pg_catalog.strpos(o, '=') + 1) END AS option_value \
                FROM pg_catalog.unnest(CAST(NULL AS pg_catalog.text[])) AS u(o)";
    let ast::Statement::Select(mut sel) = crate::views::parse_view_query(text)? else {
        return Ok(None);
    };
    if let ast::SetExpr::Select(core) = &mut sel.body {
        if let Some(item) = core.from.first_mut() {
            if let Some(slot) = cast_arg_slot(item) {
                *slot = arg;
                return Ok(Some(*sel));
            }
        }
    }
    Ok(None)
}

/// The CAST(NULL AS ...) argument of the function call in FROM item `item`.
fn cast_arg_slot(item: &mut ast::TableRef) -> Option<&mut ast::Expr> {
    let ast::TableRef::Function {
        call: ast::Expr::Func(f),
        ..
    } = item
    else {
        return None;
    };
    let cast = f.args.first_mut()?;
    match cast {
        ast::Expr::Cast { expr, .. } => Some(expr.as_mut()),
        _ => None,
    }
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
            "pg_sequences",
        ] {
            let text = definition(n).unwrap_or("");
            assert!(crate::views::parse_view_query(text).is_ok(), "{}", n);
        }
        assert!(definition("pg_class").is_none());
        assert!(definition("pg_seclabels").is_some());
    }

    #[test]
    fn options_to_table_rewrites() {
        let Ok(ast::Statement::Select(sel)) =
            crate::views::parse_view_query("SELECT * FROM pg_options_to_table(ARRAY['a=b'])")
        else {
            panic!("parse")
        };
        let ast::SetExpr::Select(core) = &sel.body else {
            panic!("select")
        };
        let ast::TableRef::Function { call, .. } = &core.from[0] else {
            panic!("function")
        };
        let out = function_in_from(call).ok().flatten();
        assert!(out.is_some());
    }
}
