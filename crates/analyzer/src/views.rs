//! View expansion: a FROM item naming a view (pg_class relkind 'v') is replaced by its
//! definition, read from pg_rewrite (`_RETURN` rule, `ev_action` holding the defining SELECT's
//! SQL text), parsed and analyzed as a subquery in FROM. Name resolution inside the view body
//! uses the current search_path (PostgreSQL binds names at CREATE VIEW time; this is the
//! documented simplification).

use crate::analyze::Analyzer;
use crate::query::Query;
use catalog::schema;
use catalog::RelationInfo;
use common::{pg_err, PgResult};
use parser::ast;
use std::cell::Cell;

/// How deeply views may nest before expansion is treated as infinite recursion.
const MAX_VIEW_DEPTH: u32 = 64;

thread_local! {
    static DEPTH: Cell<u32> = const { Cell::new(0) };
}

/// The defining SELECT's SQL text of view `view_oid` (its `_RETURN` rule in pg_rewrite), or
/// None when the view has no rule.
pub fn view_definition(analyzer: &Analyzer, view_oid: common::Oid) -> PgResult<Option<String>> {
    let rows = analyzer
        .catalog
        .catalog_rows(analyzer.ccx, schema::PG_REWRITE, |r| {
            r.oid("ev_class").unwrap_or(0) == view_oid
                && r.text("rulename").map(|n| n == "_RETURN").unwrap_or(false)
        })?;
    match rows.first() {
        Some(r) => Ok(r.opt_text("ev_action")?),
        None => Ok(None),
    }
}

/// Resets the nesting depth when a view's expansion ends (also on errors).
struct DepthGuard;

impl Drop for DepthGuard {
    fn drop(&mut self) {
        DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    }
}

/// Parse and analyze view `rel`'s stored definition as a standalone query. Its output columns
/// are the view's query columns (the caller renames them to the view's column names). Errors
/// inside the body carry no cursor position (it would point into the stored text).
pub fn expand_view(analyzer: &Analyzer, rel: &RelationInfo) -> PgResult<Query> {
    let depth = DEPTH.with(|d| {
        let v = d.get() + 1;
        d.set(v);
        v
    });
    let _guard = DepthGuard;
    if depth > MAX_VIEW_DEPTH {
        return Err(pg_err!(
            INVALID_OBJECT_DEFINITION,
            "infinite recursion detected in rules for relation \"{}\"",
            rel.name
        ));
    }
    let Some(text) = view_definition(analyzer, rel.oid)? else {
        return Err(pg_err!(
            INTERNAL_ERROR,
            "could not find _RETURN rule for view \"{}\"",
            rel.name
        ));
    };
    let stmt = parse_view_query(&text)?;
    let inner = Analyzer {
        catalog: analyzer.catalog,
        ccx: analyzer.ccx,
        env: analyzer.env,
        reg: analyzer.reg,
        query: &text,
        search_path: analyzer.search_path.clone(),
        param_types: Vec::new(),
        session_relations: analyzer.session_relations,
    };
    inner.analyze(&stmt).map_err(|mut e| {
        e.position = None;
        e
    })
}

/// Parse a stored view definition: exactly one SELECT statement.
pub fn parse_view_query(text: &str) -> PgResult<ast::Statement> {
    let mut stmts = parser::parse(text)?;
    if stmts.len() != 1 {
        return Err(pg_err!(
            INTERNAL_ERROR,
            "view definition must contain exactly one statement"
        ));
    }
    let raw = stmts.remove(0);
    match raw.stmt {
        s @ ast::Statement::Select(_) => Ok(s),
        _ => Err(pg_err!(
            INTERNAL_ERROR,
            "view definition is not a SELECT statement"
        )),
    }
}

/// The alias a view's FROM item gets: the user's alias name (or the view's name), with the
/// view's column names, overridden by the user's column aliases.
pub fn view_alias(rel: &RelationInfo, alias: Option<&ast::Alias>) -> ast::Alias {
    let mut columns: Vec<String> = rel
        .columns
        .iter()
        .filter(|c| !c.dropped)
        .map(|c| c.name.clone())
        .collect();
    let name = match alias {
        Some(a) => {
            for (i, c) in a.columns.iter().enumerate() {
                match columns.get_mut(i) {
                    Some(slot) => *slot = c.clone(),
                    None => columns.push(c.clone()),
                }
            }
            a.name.clone()
        }
        None => rel.name.clone(),
    };
    ast::Alias { name, columns }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_select_only() {
        assert!(parse_view_query("SELECT 1 AS a").is_ok());
        assert!(parse_view_query("SELECT 1; SELECT 2").is_err());
        assert!(parse_view_query("CREATE TABLE t (a int)").is_err());
    }
}
