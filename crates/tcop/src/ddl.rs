//! Data definition commands handled by the session: CREATE TABLE, CREATE SCHEMA, DROP TABLE
//! and DROP SCHEMA, with PostgreSQL's messages (IF [NOT] EXISTS notices, 42P07, 42P01, ...).

use crate::session::Session;
use catalog::{NewColumn, RelationInfo};
use common::{pg_err, sqlstate, Oid, PgResult};
use parser::ast::{
    ColumnConstraintKind, CreateSchemaStmt, CreateTableStmt, DropBehavior, DropStmt, ObjectKind,
    QualifiedName, TableConstraintKind, TableElement,
};
use std::sync::Arc;

impl Session {
    /// The schemas of search_path that exist, in order ("$user" expanded), without the
    /// implicit pg_catalog.
    pub(crate) fn search_path_oids(&mut self) -> PgResult<Vec<Oid>> {
        let path = self.gucs.get("search_path").unwrap_or_default();
        let user = self.role.name.clone();
        let names: Vec<String> = split_search_path(&path)
            .into_iter()
            .map(|n| if n == "$user" { user.clone() } else { n })
            .collect();
        self.with_catalog(false, |cat, cx| {
            let mut oids = Vec::new();
            for n in &names {
                if let Some(oid) = cat.namespace_oid(cx, n)? {
                    oids.push(oid);
                }
            }
            Ok(oids)
        })
    }

    /// Find a relation by possibly-qualified name using search_path (pg_catalog first).
    pub(crate) fn lookup_relation(
        &mut self,
        name: &QualifiedName,
    ) -> PgResult<Option<Arc<RelationInfo>>> {
        let schemas = match &name.schema {
            Some(s) => {
                let s = s.clone();
                let oid = self.with_catalog(false, |cat, cx| cat.namespace_oid(cx, &s))?;
                match oid {
                    Some(o) => vec![o],
                    None => {
                        return Err(pg_err!(
                            INVALID_SCHEMA_NAME,
                            "schema \"{}\" does not exist",
                            s
                        ))
                    }
                }
            }
            None => {
                let mut v = vec![catalog::oids::PG_CATALOG_NAMESPACE];
                v.extend(self.search_path_oids()?);
                v
            }
        };
        let rel = name.name.clone();
        self.with_catalog(false, |cat, cx| {
            for ns in schemas {
                if let Some(r) = cat.relation_by_name(cx, ns, &rel)? {
                    return Ok(Some(r));
                }
            }
            Ok(None)
        })
    }

    /// The schema a new object named `name` goes into.
    pub(crate) fn creation_namespace_for(&mut self, name: &QualifiedName) -> PgResult<Oid> {
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

    /// Run `f` with an analyzer for the current transaction (type names, default expressions).
    pub(crate) fn with_analyzer<T>(
        &mut self,
        sql: &str,
        f: impl FnOnce(&analyzer::Analyzer) -> PgResult<T>,
    ) -> PgResult<T> {
        let mut search = vec![catalog::oids::PG_CATALOG_NAMESPACE];
        search.extend(self.search_path_oids()?);
        let env = self.env.clone();
        self.with_catalog(false, |cat, cx| {
            let a = analyzer::Analyzer {
                catalog: cat,
                ccx: cx,
                env: &env,
                reg: analyzer::registry(),
                query: sql,
                search_path: search,
                param_types: Vec::new(),
                session_relations: None,
            };
            f(&a)
        })
    }

    pub(crate) fn exec_create_table(&mut self, c: &CreateTableStmt, sql: &str) -> PgResult<String> {
        if c.partition_by.is_some() || c.partition_of.is_some() {
            return Err(pg_err!(
                FEATURE_NOT_SUPPORTED,
                "partitioned tables are not supported yet"
            ));
        }
        if !c.inherits.is_empty() {
            return Err(pg_err!(
                FEATURE_NOT_SUPPORTED,
                "table inheritance is not supported yet"
            ));
        }
        if c.of_type.is_some() {
            return Err(pg_err!(
                FEATURE_NOT_SUPPORTED,
                "typed tables are not supported yet"
            ));
        }
        let ns = self.creation_namespace_for(&c.name)?;
        let exists = {
            let n = c.name.name.clone();
            self.with_catalog(false, |cat, cx| cat.relation_by_name(cx, ns, &n))?
        };
        if exists.is_some() {
            if c.if_not_exists {
                self.notice(
                    sqlstate::DUPLICATE_TABLE,
                    &format!("relation \"{}\" already exists, skipping", c.name.name),
                );
                return Ok("CREATE TABLE".into());
            }
            return Err(pg_err!(
                DUPLICATE_TABLE,
                "relation \"{}\" already exists",
                c.name.name
            ));
        }
        let mut columns: Vec<NewColumn> = Vec::new();
        let mut pk_columns: Vec<String> = Vec::new();
        let mut check_specs: Vec<crate::constraint_cmd::CheckSpec> = Vec::new();
        // PRIMARY KEY / UNIQUE constraints: (name, primary, columns), created after the table.
        #[allow(clippy::type_complexity)]
        let mut key_constraints: Vec<(Option<String>, bool, Vec<String>, (bool, bool))> =
            Vec::new();
        let mut serials: Vec<(String, String, Oid)> = Vec::new();
        let mut like_after = crate::create_like::LikeAfter::default();
        let mut like_oids = false;
        for el in &c.elements {
            match el {
                TableElement::Column(cd) => {
                    if columns.iter().any(|x| x.name == cd.name) {
                        return Err(pg_err!(
                            DUPLICATE_COLUMN,
                            "column \"{}\" specified more than once",
                            cd.name
                        ));
                    }
                    let serial = crate::sequence_cmd::serial_type(&cd.type_name);
                    let (type_oid, typmod) = match serial {
                        Some(t) => (t, -1),
                        None => self
                            .with_analyzer(sql, |a| a.resolve_type_name(&cd.type_name))
                            .map_err(|e| {
                                e.at_byte_offset(sql, cd.type_name.location.max(0) as usize)
                            })?,
                    };
                    let mut col = NewColumn {
                        name: cd.name.clone(),
                        type_oid,
                        typmod,
                        not_null: false,
                        default_expr: None,
                    };
                    if let Some(t) = serial {
                        let taken: Vec<String> = serials.iter().map(|s| s.1.clone()).collect();
                        let seq = self.choose_serial_name(ns, &c.name.name, &cd.name, &taken)?;
                        col.not_null = true;
                        col.default_expr = Some(self.serial_default(ns, &seq)?);
                        serials.push((cd.name.clone(), seq, t));
                    }
                    for cons in &cd.constraints {
                        match &cons.kind {
                            ColumnConstraintKind::NotNull => col.not_null = true,
                            ColumnConstraintKind::Null => {}
                            ColumnConstraintKind::PrimaryKey { .. } => {
                                col.not_null = true;
                                key_constraints.push((
                                    cons.name.clone(),
                                    true,
                                    vec![cd.name.clone()],
                                    (
                                        cons.deferrable.unwrap_or(false),
                                        cons.initially_deferred.unwrap_or(false),
                                    ),
                                ));
                            }
                            ColumnConstraintKind::Unique { .. } => key_constraints.push((
                                cons.name.clone(),
                                false,
                                vec![cd.name.clone()],
                                (
                                    cons.deferrable.unwrap_or(false),
                                    cons.initially_deferred.unwrap_or(false),
                                ),
                            )),
                            ColumnConstraintKind::Default(e) => {
                                let name = cd.name.clone();
                                self.with_analyzer(sql, |a| {
                                    a.check_default_expr(e, &name, type_oid, typmod)
                                })?;
                                col.default_expr =
                                    Some(crate::deparse::expr_sql(e, "DEFAULT expression")?);
                            }
                            // Enforced once constraints land (B-tree/constraints issue).
                            ColumnConstraintKind::Check { expr, no_inherit } => {
                                check_specs.push(crate::constraint_cmd::CheckSpec::new(
                                    cons.name.as_deref(),
                                    expr,
                                    cons.location,
                                    sql,
                                    *no_inherit,
                                    false,
                                )?)
                            }
                            ColumnConstraintKind::References(_) => {}
                            ColumnConstraintKind::Identity { .. } => {
                                return Err(pg_err!(
                                    FEATURE_NOT_SUPPORTED,
                                    "identity columns are not supported yet"
                                ))
                            }
                        }
                    }
                    columns.push(col);
                }
                TableElement::Constraint(tc) => match &tc.kind {
                    TableConstraintKind::Check { expr, no_inherit } => {
                        check_specs.push(crate::constraint_cmd::CheckSpec::new(
                            tc.name.as_deref(),
                            expr,
                            tc.location,
                            sql,
                            *no_inherit,
                            // CREATE TABLE validates NOT VALID checks anyway (no rows yet).
                            false,
                        )?)
                    }
                    TableConstraintKind::PrimaryKey { columns: cols, .. } => {
                        pk_columns.extend(cols.iter().cloned());
                        key_constraints.push((
                            tc.name.clone(),
                            true,
                            cols.clone(),
                            (
                                tc.deferrable.unwrap_or(false),
                                tc.initially_deferred.unwrap_or(false),
                            ),
                        ));
                    }
                    TableConstraintKind::Unique { columns: cols, .. } => {
                        key_constraints.push((
                            tc.name.clone(),
                            false,
                            cols.clone(),
                            (
                                tc.deferrable.unwrap_or(false),
                                tc.initially_deferred.unwrap_or(false),
                            ),
                        ));
                    }
                    _ => {}
                },
                TableElement::Like { table, options } => {
                    let parts = self.like_parts(table, options, sql)?;
                    for col in parts.columns {
                        if columns.iter().any(|x| x.name == col.name) {
                            return Err(pg_err!(
                                DUPLICATE_COLUMN,
                                "column \"{}\" specified more than once",
                                col.name
                            ));
                        }
                        columns.push(col);
                    }
                    check_specs.extend(parts.checks);
                    for (primary, cols, deferrable) in parts.keys {
                        key_constraints.push((None, primary, cols, deferrable));
                    }
                    like_after.extend(parts.after);
                    like_oids |= parts.with_oids;
                }
            }
        }
        for pk in &pk_columns {
            match columns.iter_mut().find(|c| &c.name == pk) {
                Some(col) => col.not_null = true,
                None => {
                    return Err(pg_err!(
                        UNDEFINED_COLUMN,
                        "column \"{}\" named in key does not exist",
                        pk
                    ))
                }
            }
        }
        let persistence = if c.temporary {
            b't'
        } else if c.unlogged {
            b'u'
        } else {
            b'p'
        };
        let name = c.name.name.clone();
        let table_oid = self.with_catalog(true, |cat, cx| {
            cat.create_table(cx, ns, &name, &columns, persistence)
        })?;
        let with_oids = match c.with_oids {
            Some(w) => w,
            None => like_oids || self.gucs.get_bool("default_with_oids").unwrap_or(false),
        };
        if with_oids {
            self.command_counter_increment();
            self.with_catalog(true, |cat, cx| cat.set_relation_has_oids(cx, table_oid))?;
            self.command_counter_increment();
        }
        self.create_serial_sequences(table_oid, ns, persistence, &serials)?;
        if key_constraints.iter().filter(|k| k.1).count() > 1 {
            return Err(pg_err!(
                INVALID_TABLE_DEFINITION,
                "multiple primary keys for table \"{}\" are not allowed",
                c.name.name
            ));
        }
        self.add_check_constraints(table_oid, &check_specs, sql, false)?;
        for (cname, primary, cols, deferrable) in &key_constraints {
            self.command_counter_increment();
            self.add_key_constraint(table_oid, cname.as_deref(), *primary, cols, *deferrable)?;
        }
        self.create_table_foreign_keys(table_oid, c)?;
        self.apply_like_after(table_oid, like_after)?;
        if c.temporary {
            self.temp_relations.push(table_oid);
        }
        Ok("CREATE TABLE".into())
    }

    pub(crate) fn exec_create_schema(
        &mut self,
        c: &CreateSchemaStmt,
        _sql: &str,
    ) -> PgResult<String> {
        let name = match (&c.name, &c.authorization) {
            (Some(n), _) => n.clone(),
            (None, Some(a)) => a.clone(),
            (None, None) => return Err(pg_err!(SYNTAX_ERROR, "syntax error at or near \";\"")),
        };
        if name.starts_with("pg_") {
            return Err(
                pg_err!(RESERVED_NAME, "unacceptable schema name \"{}\"", name)
                    .with_detail("The prefix \"pg_\" is reserved for system schemas."),
            );
        }
        let exists = {
            let n = name.clone();
            self.with_catalog(false, |cat, cx| cat.namespace_oid(cx, &n))?
        };
        if exists.is_some() {
            if c.if_not_exists {
                self.notice(
                    sqlstate::DUPLICATE_SCHEMA,
                    &format!("schema \"{name}\" already exists, skipping"),
                );
                return Ok("CREATE SCHEMA".into());
            }
            return Err(pg_err!(
                DUPLICATE_SCHEMA,
                "schema \"{}\" already exists",
                name
            ));
        }
        let owner = self.role.oid;
        self.with_catalog(true, |cat, cx| cat.create_namespace(cx, &name, owner))?;
        if !c.elements.is_empty() {
            self.command_counter_increment();
            self.create_schema_elements(&name, &c.elements, _sql)?;
        }
        Ok("CREATE SCHEMA".into())
    }

    /// CREATE SCHEMA's elements: each object is created in the new schema, which comes first
    /// in the search path while they run.
    fn create_schema_elements(
        &mut self,
        schema: &str,
        elements: &[parser::ast::Statement],
        sql: &str,
    ) -> PgResult<()> {
        use parser::ast::Statement as S;
        let saved = self.gucs.get("search_path")?;
        let quoted = format!("\"{}\"", schema.replace('"', "\"\""));
        self.gucs.set(
            "search_path",
            &format!("{quoted}, {saved}"),
            guc::Context::Superuser,
            guc::Source::Session,
        )?;
        let result = (|| -> PgResult<()> {
            for el in elements {
                let mut el = el.clone();
                let target = match &mut el {
                    S::CreateTable(t) => Some(&mut t.name),
                    S::CreateView(v) => Some(&mut v.name),
                    S::CreateSequence(q) => Some(&mut q.name),
                    S::CreateIndex(_) | S::Grant(_) => None,
                    _ => {
                        return Err(pg_err!(
                            FEATURE_NOT_SUPPORTED,
                            "this kind of CREATE SCHEMA element is not supported yet"
                        ))
                    }
                };
                if let Some(qn) = target {
                    match &qn.schema {
                        Some(s) if s != schema => {
                            return Err(pg_err!(
                                INVALID_SCHEMA_DEFINITION,
                                "CREATE specifies a schema ({}) different from the one being \
                                 created ({})",
                                s,
                                schema
                            ))
                        }
                        _ => qn.schema = Some(schema.to_string()),
                    }
                }
                let raw = parser::ast::RawStmt {
                    stmt: el,
                    location: 0,
                    len: sql.len(),
                };
                let mut sink = crate::results::NullOutput;
                self.run_statement(&raw, sql, &mut sink)?;
                self.command_counter_increment();
            }
            Ok(())
        })();
        let restored = self.gucs.set(
            "search_path",
            &saved,
            guc::Context::Superuser,
            guc::Source::Session,
        );
        result?;
        restored
    }

    pub(crate) fn exec_drop(&mut self, d: &DropStmt) -> PgResult<String> {
        match d.kind {
            ObjectKind::Table => {
                for name in &d.names {
                    let Some(rel) = self.lookup_relation(name)? else {
                        if d.if_exists {
                            self.notice(
                                sqlstate::SUCCESSFUL_COMPLETION,
                                &format!("table \"{}\" does not exist, skipping", name.name),
                            );
                            continue;
                        }
                        return Err(pg_err!(
                            UNDEFINED_TABLE,
                            "table \"{}\" does not exist",
                            name.name
                        ));
                    };
                    if rel.relkind != b'r' {
                        return Err(wrong_kind(&rel.name, rel.relkind));
                    }
                    if rel.namespace_oid == catalog::oids::PG_CATALOG_NAMESPACE {
                        return Err(pg_err!(
                            INSUFFICIENT_PRIVILEGE,
                            "permission denied: \"{}\" is a system catalog",
                            rel.name
                        ));
                    }
                    let oid = rel.oid;
                    self.fk_before_drop_table(oid, &d.names, d.behavior == DropBehavior::Cascade)?;
                    self.with_catalog(true, |cat, cx| cat.drop_relation(cx, oid))?;
                }
                Ok("DROP TABLE".into())
            }
            ObjectKind::Schema => {
                for name in &d.names {
                    let n = name.name.clone();
                    let oid = self.with_catalog(false, |cat, cx| cat.namespace_oid(cx, &n))?;
                    let Some(oid) = oid else {
                        if d.if_exists {
                            self.notice(
                                sqlstate::SUCCESSFUL_COMPLETION,
                                &format!("schema \"{n}\" does not exist, skipping"),
                            );
                            continue;
                        }
                        return Err(pg_err!(
                            INVALID_SCHEMA_NAME,
                            "schema \"{}\" does not exist",
                            n
                        ));
                    };
                    let cascade = d.behavior == DropBehavior::Cascade;
                    let notices =
                        self.with_catalog(true, |cat, cx| cat.drop_namespace(cx, oid, cascade))?;
                    for msg in notices {
                        self.notice(sqlstate::SUCCESSFUL_COMPLETION, &msg);
                    }
                }
                Ok("DROP SCHEMA".into())
            }
            ObjectKind::Type
            | ObjectKind::Domain
            | ObjectKind::Function
            | ObjectKind::Aggregate
            | ObjectKind::Operator
                if self.drop_missing_types(d)? =>
            {
                Ok(format!("DROP {}", format!("{:?}", d.kind).to_uppercase()))
            }
            other => Err(pg_err!(
                FEATURE_NOT_SUPPORTED,
                "DROP {} is not supported yet",
                format!("{other:?}").to_uppercase()
            )),
        }
    }
}

impl Session {
    /// Resolve the types a DROP TYPE/DOMAIN names, or the argument types of a DROP
    /// FUNCTION/AGGREGATE/OPERATOR, failing with PostgreSQL's "type ... does not exist" (no
    /// position) for a missing one. With IF EXISTS on DROP TYPE/DOMAIN a missing type is a
    /// NOTICE; returns true when every named object was skipped that way.
    fn drop_missing_types(&mut self, d: &DropStmt) -> PgResult<bool> {
        let what = "type";
        let mut all_skipped = true;
        if matches!(d.kind, ObjectKind::Type | ObjectKind::Domain) {
            for name in &d.names {
                let tn = parser::ast::TypeName {
                    name: name.clone(),
                    modifiers: Vec::new(),
                    interval_fields: Vec::new(),
                    array_bounds: Vec::new(),
                    setof: false,
                    pct_type: false,
                    location: -1,
                };
                let found = self.with_analyzer("", |a| Ok(a.resolve_type_name(&tn).is_ok()))?;
                if found {
                    all_skipped = false;
                    continue;
                }
                let shown = match &name.schema {
                    Some(s) => format!("{s}.{}", name.name),
                    None => name.name.clone(),
                };
                if d.if_exists {
                    self.notice(
                        sqlstate::SUCCESSFUL_COMPLETION,
                        &format!("{what} \"{shown}\" does not exist, skipping"),
                    );
                    continue;
                }
                return Err(pg_err!(
                    UNDEFINED_OBJECT,
                    "{} \"{}\" does not exist",
                    what,
                    shown
                ));
            }
            return Ok(all_skipped);
        }
        let mut missing = Vec::new();
        for (i, args) in d.arg_types.iter().enumerate() {
            let Some(args) = args else { continue };
            let mut oids = Vec::new();
            for tn in args {
                // The parser writes an operator's NONE side as pg_catalog.none.
                if d.kind == ObjectKind::Operator
                    && tn.name.name == "none"
                    && tn.name.schema.as_deref() == Some("pg_catalog")
                {
                    oids.push(0);
                    continue;
                }
                let mut tn = tn.clone();
                tn.location = -1;
                oids.push(self.with_analyzer("", |a| a.resolve_type_name(&tn))?.0);
            }
            if let (ObjectKind::Operator, Some(name), [l, r]) =
                (d.kind, d.names.get(i), oids.as_slice())
            {
                let (l, r) = (*l, *r);
                let known = l == 0
                    || r == 0
                    || self
                        .with_analyzer("", |a| Ok(a.reg.oper_exact(&name.name, l, r).is_some()))?;
                if !known && !d.if_exists {
                    return Err(pg_err!(
                        UNDEFINED_FUNCTION,
                        "operator does not exist: {} {} {}",
                        types::typeinfo::format_type(l, -1),
                        name.name,
                        types::typeinfo::format_type(r, -1)
                    ));
                }
            }
            // Only built-in functions exist, so an unknown name cannot be dropped.
            if let (ObjectKind::Function | ObjectKind::Aggregate, Some(name)) =
                (d.kind, d.names.get(i))
            {
                let lname = name.name.to_lowercase();
                let known = self.with_analyzer("", |a| Ok(a.reg.funcs.contains_key(&lname)))?;
                if !known {
                    let shown: Vec<String> = oids
                        .iter()
                        .map(|&o| types::typeinfo::format_type(o, -1))
                        .collect();
                    missing.push(format!("{}({})", name.name, shown.join(", ")));
                }
            }
        }
        if missing.is_empty() {
            return Ok(false);
        }
        let what = if d.kind == ObjectKind::Aggregate {
            "aggregate"
        } else {
            "function"
        };
        if !d.if_exists || missing.len() < d.names.len() {
            if !d.if_exists {
                return Err(pg_err!(
                    UNDEFINED_FUNCTION,
                    "{} {} does not exist",
                    what,
                    missing[0]
                ));
            }
            return Ok(false);
        }
        for m in missing {
            self.notice(
                sqlstate::SUCCESSFUL_COMPLETION,
                &format!("{what} {m} does not exist, skipping"),
            );
        }
        Ok(true)
    }
}

fn wrong_kind(name: &str, relkind: u8) -> common::PgError {
    let (what, hint) = match relkind {
        b'i' => ("index", "Use DROP INDEX to remove an index."),
        b'v' => ("view", "Use DROP VIEW to remove a view."),
        b'S' => ("sequence", "Use DROP SEQUENCE to remove a sequence."),
        b'm' => (
            "materialized view",
            "Use DROP MATERIALIZED VIEW to remove a materialized view.",
        ),
        b'c' => ("type", "Use DROP TYPE to remove a type."),
        _ => ("relation", ""),
    };
    let e = pg_err!(WRONG_OBJECT_TYPE, "\"{}\" is not a table", name);
    let _ = what;
    if hint.is_empty() {
        e
    } else {
        e.with_hint(hint)
    }
}

/// Split a search_path value into schema names (quotes removed, unquoted names lower-cased).
pub(crate) fn split_search_path(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in path.split(',') {
        let p = part.trim();
        if p.is_empty() {
            continue;
        }
        if p.len() >= 2 && p.starts_with('"') && p.ends_with('"') {
            out.push(p[1..p.len() - 1].replace("\"\"", "\""));
        } else {
            out.push(p.to_ascii_lowercase());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_path_split() {
        assert_eq!(
            split_search_path("\"$user\", public, \"My Schema\""),
            vec!["$user", "public", "My Schema"]
        );
    }
}
