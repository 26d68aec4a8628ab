//! Views: CREATE [OR REPLACE] [TEMP] VIEW and DROP VIEW. A view is a pg_class row of relkind
//! 'v' whose columns are the defining query's output columns, plus its `_RETURN` rule in
//! pg_rewrite with `ev_action` holding the defining SELECT's SQL text (the catalog stores
//! pg_node_tree as text). Both are ordinary catalog rows, so views are transactional and
//! survive restarts; the analyzer expands them (analyzer::views).

use crate::session::Session;
use catalog::rows::RowBuilder;
use catalog::{schema, NewColumn, RelationInfo};
use common::{pg_err, sqlstate, Oid, PgError, PgResult};
use parser::ast::{CreateViewStmt, DropStmt, QualifiedName, RenameStmt, Statement};
use std::sync::Arc;
use types::oids::{TEXT, UNKNOWN};

/// One output column of a view's defining query.
#[derive(Clone, Debug, PartialEq)]
struct ViewColumn {
    name: String,
    type_oid: Oid,
    typmod: i32,
}

impl Session {
    /// The schema a new view goes into (explicit schema, else the first search_path schema).
    fn view_namespace(&mut self, name: &QualifiedName) -> PgResult<Oid> {
        match &name.schema {
            Some(s) => {
                let s = s.clone();
                self.with_catalog(false, |cat, cx| cat.namespace_oid(cx, &s))?
                    .ok_or_else(|| pg_err!(INVALID_SCHEMA_NAME, "schema \"{}\" does not exist", s))
            }
            None => self.search_path_oids()?.into_iter().next().ok_or_else(|| {
                pg_err!(
                    INVALID_SCHEMA_NAME,
                    "no schema has been selected to create in"
                )
            }),
        }
    }

    /// CREATE [OR REPLACE] [TEMP] VIEW name [(cols)] AS query.
    pub(crate) fn exec_create_view(&mut self, c: &CreateViewStmt, sql: &str) -> PgResult<String> {
        if c.recursive {
            return Err(pg_err!(
                FEATURE_NOT_SUPPORTED,
                "CREATE RECURSIVE VIEW is not supported yet"
            ));
        }
        if c.check_option.is_some() {
            return Err(pg_err!(
                FEATURE_NOT_SUPPORTED,
                "WITH CHECK OPTION is supported only on automatically updatable views"
            )
            .with_hint("Views that do not select from a single table or view are not automatically updatable."));
        }
        let stmt = Statement::Select(c.query.clone());
        let query = self.with_analyzer(sql, |a| a.analyze(&stmt))?;
        let mut columns: Vec<ViewColumn> = query
            .visible_targets()
            .map(|t| ViewColumn {
                name: t.name.clone(),
                type_oid: if t.expr.typ == UNKNOWN {
                    TEXT
                } else {
                    t.expr.typ
                },
                typmod: t.expr.typmod,
            })
            .collect();
        columns = apply_column_names(columns, &c.columns)?;
        let ns = self.view_namespace(&c.name)?;
        let name = c.name.name.clone();
        let existing = self.with_catalog(false, |cat, cx| cat.relation_by_name(cx, ns, &name))?;
        let text = c.query_text.trim().to_string();
        match existing {
            Some(rel) if c.or_replace => {
                if rel.relkind != b'v' {
                    return Err(pg_err!(WRONG_OBJECT_TYPE, "\"{}\" is not a view", rel.name));
                }
                self.replace_view(&rel, &columns, &text)?;
            }
            Some(_) => {
                return Err(pg_err!(
                    DUPLICATE_TABLE,
                    "relation \"{}\" already exists",
                    name
                ));
            }
            None => {
                let persistence = if c.temporary { b't' } else { b'p' };
                let cols: Vec<NewColumn> = columns.iter().map(new_column).collect();
                self.with_catalog(true, |cat, cx| {
                    let oid = cat.create_relation_ex(cx, ns, &name, &cols, persistence, b'v')?;
                    let row_oid = cat.next_oid()?;
                    let def = rewrite_def()?;
                    let row = RowBuilder::new(def)
                        .text("rulename", "_RETURN")
                        .oid("ev_class", oid)
                        .ch("ev_type", b'1')
                        .ch("ev_enabled", b'O')
                        .bool("is_instead", true)
                        .text("ev_qual", "<>")
                        .text("ev_action", &text)
                        .row_oid(row_oid)
                        .build();
                    cat.insert_catalog_row(cx, schema::PG_REWRITE, &row)?;
                    Ok(())
                })?;
            }
        }
        Ok("CREATE VIEW".into())
    }

    /// CREATE OR REPLACE VIEW over an existing view: the new column list must keep every old
    /// column (same name and type, same position); new columns may be appended.
    fn replace_view(
        &mut self,
        rel: &Arc<RelationInfo>,
        columns: &[ViewColumn],
        text: &str,
    ) -> PgResult<()> {
        let old: Vec<ViewColumn> = rel
            .columns
            .iter()
            .filter(|c| !c.dropped)
            .map(|c| ViewColumn {
                name: c.name.clone(),
                type_oid: c.type_oid,
                typmod: c.typmod,
            })
            .collect();
        check_replacement(&old, columns)?;
        let relid = rel.oid;
        for col in &columns[old.len()..] {
            let nc = new_column(col);
            self.with_catalog(true, |cat, cx| cat.add_column(cx, relid, &nc))?;
            self.command_counter_increment();
        }
        let text = text.to_string();
        self.with_catalog(true, |cat, cx| {
            let def = rewrite_def()?;
            let Some(idx) = def.col("ev_action") else {
                return Err(PgError::internal("pg_rewrite has no ev_action column"));
            };
            let n = cat.update_catalog_rows(
                cx,
                schema::PG_REWRITE,
                |r| {
                    r.oid("ev_class").unwrap_or(0) == relid
                        && r.text("rulename").map(|n| n == "_RETURN").unwrap_or(false)
                },
                |r| {
                    let mut v = r.values.clone();
                    if let Some(slot) = v.get_mut(idx) {
                        *slot = types::Datum::Text(text.clone());
                    }
                    v
                },
            )?;
            if n == 0 {
                return Err(PgError::internal(format!(
                    "could not find _RETURN rule for view {relid}"
                )));
            }
            Ok(())
        })?;
        Ok(())
    }

    /// ALTER VIEW [IF EXISTS] name RENAME TO new_name.
    pub(crate) fn exec_rename_view(&mut self, r: &RenameStmt) -> PgResult<String> {
        let Some(rel) = self.lookup_relation(&r.name)? else {
            if r.if_exists {
                self.notice(
                    sqlstate::SUCCESSFUL_COMPLETION,
                    &format!("relation \"{}\" does not exist, skipping", r.name.name),
                );
                return Ok("ALTER VIEW".into());
            }
            return Err(pg_err!(
                UNDEFINED_TABLE,
                "relation \"{}\" does not exist",
                r.name.name
            ));
        };
        if rel.relkind != b'v' {
            return Err(pg_err!(WRONG_OBJECT_TYPE, "\"{}\" is not a view", rel.name)
                .with_hint("Use ALTER TABLE instead."));
        }
        let (oid, new) = (rel.oid, r.new_name.clone());
        self.with_catalog(true, |cat, cx| cat.rename_relation(cx, oid, &new))?;
        Ok("ALTER VIEW".into())
    }

    /// DROP VIEW [IF EXISTS] name [, ...] [CASCADE | RESTRICT].
    pub(crate) fn exec_drop_view(&mut self, d: &DropStmt) -> PgResult<String> {
        let mut targets: Vec<Oid> = Vec::new();
        for name in &d.names {
            let Some(rel) = self.lookup_relation(name)? else {
                if d.if_exists {
                    self.notice(
                        sqlstate::SUCCESSFUL_COMPLETION,
                        &format!("view \"{}\" does not exist, skipping", name.name),
                    );
                    continue;
                }
                return Err(pg_err!(
                    UNDEFINED_TABLE,
                    "view \"{}\" does not exist",
                    name.name
                ));
            };
            if rel.relkind != b'v' {
                return Err(not_a_view(&rel.name, rel.relkind));
            }
            if rel.namespace_oid == catalog::oids::PG_CATALOG_NAMESPACE {
                return Err(pg_err!(
                    INSUFFICIENT_PRIVILEGE,
                    "permission denied: \"{}\" is a system catalog",
                    rel.name
                ));
            }
            if !targets.contains(&rel.oid) {
                targets.push(rel.oid);
            }
        }
        for oid in targets {
            self.with_catalog(true, |cat, cx| cat.drop_relation(cx, oid))?;
        }
        Ok("DROP VIEW".into())
    }
}

fn rewrite_def() -> PgResult<&'static schema::CatalogDef> {
    schema::by_oid(schema::PG_REWRITE).ok_or_else(|| PgError::internal("no pg_rewrite catalog"))
}

fn new_column(c: &ViewColumn) -> NewColumn {
    NewColumn {
        name: c.name.clone(),
        type_oid: c.type_oid,
        typmod: c.typmod,
        not_null: false,
        default_expr: None,
    }
}

/// Apply CREATE VIEW's column name list to the query's output columns.
fn apply_column_names(mut cols: Vec<ViewColumn>, names: &[String]) -> PgResult<Vec<ViewColumn>> {
    if names.len() > cols.len() {
        return Err(pg_err!(
            SYNTAX_ERROR,
            "CREATE VIEW specifies more column names than columns"
        ));
    }
    for (c, n) in cols.iter_mut().zip(names) {
        c.name = n.clone();
    }
    Ok(cols)
}

/// PostgreSQL's rules for CREATE OR REPLACE VIEW's new column list against the old one.
fn check_replacement(old: &[ViewColumn], new: &[ViewColumn]) -> PgResult<()> {
    if new.len() < old.len() {
        return Err(pg_err!(
            INVALID_TABLE_DEFINITION,
            "cannot drop columns from view"
        ));
    }
    for (o, n) in old.iter().zip(new) {
        if o.name != n.name {
            return Err(pg_err!(
                INVALID_TABLE_DEFINITION,
                "cannot change name of view column \"{}\" to \"{}\"",
                o.name,
                n.name
            ));
        }
        if o.type_oid != n.type_oid || o.typmod != n.typmod {
            return Err(pg_err!(
                INVALID_TABLE_DEFINITION,
                "cannot change data type of view column \"{}\" from {} to {}",
                o.name,
                types::typeinfo::format_type(o.type_oid, o.typmod),
                types::typeinfo::format_type(n.type_oid, n.typmod)
            ));
        }
    }
    Ok(())
}

/// 42809 `"x" is not a view` with the HINT naming the right DROP command.
fn not_a_view(name: &str, relkind: u8) -> PgError {
    let hint = match relkind {
        b'r' | b'p' => "Use DROP TABLE to remove a table.",
        b'i' => "Use DROP INDEX to remove an index.",
        b'S' => "Use DROP SEQUENCE to remove a sequence.",
        b'm' => "Use DROP MATERIALIZED VIEW to remove a materialized view.",
        b'c' => "Use DROP TYPE to remove a type.",
        b'f' => "Use DROP FOREIGN TABLE to remove a foreign table.",
        _ => "",
    };
    let e = pg_err!(WRONG_OBJECT_TYPE, "\"{}\" is not a view", name);
    if hint.is_empty() {
        e
    } else {
        e.with_hint(hint)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use types::oids::INT4;

    fn col(n: &str, t: Oid) -> ViewColumn {
        ViewColumn {
            name: n.into(),
            type_oid: t,
            typmod: -1,
        }
    }

    #[test]
    fn replacement_rules() {
        let old = vec![col("a", INT4), col("b", TEXT)];
        assert!(check_replacement(&old, &[col("a", INT4), col("b", TEXT), col("c", INT4)]).is_ok());
        let e = check_replacement(&old, &[col("a", INT4)]).unwrap_err();
        assert_eq!(e.message, "cannot drop columns from view");
        assert_eq!(e.code, sqlstate::INVALID_TABLE_DEFINITION);
        let e = check_replacement(&old, &[col("a", INT4), col("x", TEXT)]).unwrap_err();
        assert_eq!(
            e.message,
            "cannot change name of view column \"b\" to \"x\""
        );
        let e = check_replacement(&old, &[col("a", TEXT), col("b", TEXT)]).unwrap_err();
        assert_eq!(
            e.message,
            "cannot change data type of view column \"a\" from integer to text"
        );
    }

    #[test]
    fn column_names() {
        let cols = vec![col("a", INT4), col("b", INT4)];
        let r = apply_column_names(cols.clone(), &["x".into()]).unwrap();
        assert_eq!(r[0].name, "x");
        assert_eq!(r[1].name, "b");
        let e = apply_column_names(cols, &["x".into(), "y".into(), "z".into()]).unwrap_err();
        assert_eq!(
            e.message,
            "CREATE VIEW specifies more column names than columns"
        );
    }

    #[test]
    fn wrong_kind_hint() {
        let e = not_a_view("t", b'r');
        assert_eq!(e.message, "\"t\" is not a view");
        assert_eq!(e.hint.as_deref(), Some("Use DROP TABLE to remove a table."));
    }
}
