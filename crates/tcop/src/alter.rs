//! ALTER TABLE (columns, defaults, NOT NULL, renames), TRUNCATE, and VACUUM/ANALYZE, built on
//! the catalog's DDL primitives. Each subcommand is a separate catalog step, with a command
//! counter increment between steps so later steps see earlier ones.

use crate::session::Session;
use catalog::{NewColumn, RelationInfo};
use common::{pg_err, sqlstate, PgResult};
use executor::{ResultColumn, ResultSink};
use parser::ast::{
    AlterTableAction, AlterTableStmt, ColumnConstraintKind, ObjectKind, TableConstraintKind,
    TruncateStmt,
};
use std::sync::Arc;
use types::Datum;

/// Collects the single value of a one-row query.
struct OneValue(Option<Datum>);

impl ResultSink for OneValue {
    fn describe(&mut self, _columns: &[ResultColumn]) -> PgResult<()> {
        Ok(())
    }
    fn row(&mut self, values: &[Datum]) -> PgResult<()> {
        self.0 = values.first().cloned();
        Ok(())
    }
}

impl Session {
    fn relation_for_alter(
        &mut self,
        stmt_name: &parser::ast::QualifiedName,
        if_exists: bool,
    ) -> PgResult<Option<Arc<RelationInfo>>> {
        match self.lookup_relation(stmt_name)? {
            Some(r) => Ok(Some(r)),
            None if if_exists => {
                self.notice(
                    sqlstate::SUCCESSFUL_COMPLETION,
                    &format!("relation \"{}\" does not exist, skipping", stmt_name.name),
                );
                Ok(None)
            }
            None => Err(pg_err!(
                UNDEFINED_TABLE,
                "relation \"{}\" does not exist",
                stmt_name.name
            )),
        }
    }

    pub(crate) fn fresh_relation(&mut self, oid: common::Oid) -> PgResult<Arc<RelationInfo>> {
        self.with_catalog(false, |cat, cx| cat.relation_by_oid(cx, oid))?
            .ok_or_else(|| {
                common::PgError::internal(format!("cache lookup failed for relation {oid}"))
            })
    }

    /// Evaluate a constant default expression (SQL text) as a value of the column's type.
    fn eval_default(
        &mut self,
        expr_sql: &str,
        type_oid: common::Oid,
        typmod: i32,
    ) -> PgResult<Datum> {
        let sql = format!(
            "SELECT CAST(({expr_sql}) AS {})",
            types::typeinfo::format_type(type_oid, typmod)
        );
        let stmts = parser::parse(&sql)?;
        let Some(raw) = stmts.first() else {
            return Ok(Datum::Null);
        };
        let mut sink = OneValue(None);
        let mut notices = Vec::new();
        {
            let mut parts = self.exec_context_parts();
            let mut cx = parts.build(&mut notices);
            executor::execute_statement(&raw.stmt, &sql, &mut cx, &mut sink)?;
        }
        Ok(sink.0.unwrap_or(Datum::Null))
    }

    /// Give every existing row of `rel` the value `value` in column `attnum` (1-based).
    fn fill_column(&mut self, rel: &RelationInfo, attnum: i16, value: &Datum) -> PgResult<()> {
        let xid = self.xact.txn.assign_xid(&self.engine.tm)?;
        self.xact.txn.wrote = true;
        let snapshot = self.engine.tm.snapshot(xid, self.xact.txn.cid);
        let mut scan = access::HeapScan::new(
            self.engine.storage.clone(),
            rel.file,
            rel.tuple_desc.clone(),
            snapshot.clone(),
            self.engine.tm.clone(),
        );
        let mut rows = Vec::new();
        while let Some(t) = scan.next_tuple()? {
            self.interrupts.check()?;
            rows.push(t);
        }
        let w = access::WriteCtx {
            tm: &self.engine.tm,
            xid,
            cid: self.xact.txn.cid,
            snapshot: &snapshot,
            interrupts: &self.interrupts,
        };
        let idx = (attnum - 1) as usize;
        for t in rows {
            let mut values = t.values;
            values.resize(rel.tuple_desc.attrs.len(), Datum::Null);
            values[idx] = value.clone();
            access::heap_update(
                &self.engine.storage,
                rel.file,
                &rel.tuple_desc,
                t.tid,
                &values,
                &w,
            )?;
        }
        Ok(())
    }

    pub(crate) fn exec_alter_table(&mut self, a: &AlterTableStmt, sql: &str) -> PgResult<String> {
        let tag = match a.object_kind {
            ObjectKind::Index => "ALTER INDEX",
            ObjectKind::View => "ALTER VIEW",
            ObjectKind::Sequence => "ALTER SEQUENCE",
            _ => "ALTER TABLE",
        };
        let Some(rel) = self.relation_for_alter(&a.table, a.if_exists)? else {
            return Ok(tag.into());
        };
        if rel.namespace_oid == catalog::oids::PG_CATALOG_NAMESPACE {
            return Err(pg_err!(
                INSUFFICIENT_PRIVILEGE,
                "permission denied: \"{}\" is a system catalog",
                rel.name
            ));
        }
        let relid = rel.oid;
        // All ALTER COLUMN TYPE subcommands run together, first, with one table rewrite.
        let type_changes: Vec<crate::alter_type::TypeChangeReq> = a
            .actions
            .iter()
            .filter_map(|act| match act {
                AlterTableAction::AlterColumnType {
                    name,
                    type_name,
                    using,
                } => Some(crate::alter_type::TypeChangeReq {
                    name,
                    type_name,
                    using: using.as_ref(),
                }),
                _ => None,
            })
            .collect();
        if !type_changes.is_empty() {
            self.alter_column_types(relid, &type_changes, sql)?;
        }
        for action in &a.actions {
            if matches!(action, AlterTableAction::AlterColumnType { .. }) {
                continue;
            }
            self.command_counter_increment();
            let rel = self.fresh_relation(relid)?;
            let column = |name: &str| -> PgResult<i16> {
                rel.column(name).map(|c| c.attnum).ok_or_else(|| {
                    if is_system_column(name) {
                        return pg_err!(
                            FEATURE_NOT_SUPPORTED,
                            "cannot alter system column \"{}\"",
                            name
                        );
                    }
                    pg_err!(
                        UNDEFINED_COLUMN,
                        "column \"{}\" of relation \"{}\" does not exist",
                        name,
                        rel.name
                    )
                })
            };
            match action {
                AlterTableAction::AddColumn {
                    column: cd,
                    if_not_exists,
                } => {
                    if rel.column(&cd.name).is_some() {
                        if *if_not_exists {
                            self.notice(
                                sqlstate::DUPLICATE_COLUMN,
                                &format!(
                                    "column \"{}\" of relation \"{}\" already exists, skipping",
                                    cd.name, rel.name
                                ),
                            );
                            continue;
                        }
                        return Err(pg_err!(
                            DUPLICATE_COLUMN,
                            "column \"{}\" of relation \"{}\" already exists",
                            cd.name,
                            rel.name
                        ));
                    }
                    if is_system_column(&cd.name) {
                        return Err(pg_err!(
                            DUPLICATE_COLUMN,
                            "column name \"{}\" conflicts with a system column name",
                            cd.name
                        ));
                    }
                    let (type_oid, typmod) = self.resolve_column_type(&cd.type_name, sql)?;
                    self.check_not_member_of_itself(&rel, type_oid)?;
                    let mut col = NewColumn {
                        name: cd.name.clone(),
                        type_oid,
                        typmod,
                        not_null: false,
                        default_expr: None,
                    };
                    for c in &cd.constraints {
                        match &c.kind {
                            ColumnConstraintKind::NotNull
                            | ColumnConstraintKind::PrimaryKey { .. } => col.not_null = true,
                            ColumnConstraintKind::Default(e) => {
                                col.default_expr =
                                    Some(crate::deparse::expr_sql(e, "DEFAULT expression")?)
                            }
                            _ => {}
                        }
                    }
                    let default = col.default_expr.clone();
                    let not_null = col.not_null;
                    let attnum =
                        self.with_catalog(true, |cat, cx| cat.add_column(cx, relid, &col))?;
                    let value = match &default {
                        Some(d) => self.eval_default(d, type_oid, typmod)?,
                        None => Datum::Null,
                    };
                    self.command_counter_increment();
                    let rel = self.fresh_relation(relid)?;
                    if !value.is_null() {
                        self.fill_column(&rel, attnum, &value)?;
                        self.command_counter_increment();
                        self.reindex_relation(&rel)?;
                    } else if not_null && self.relation_has_rows(&rel)? {
                        return Err(pg_err!(
                            NOT_NULL_VIOLATION,
                            "column \"{}\" contains null values",
                            cd.name
                        ));
                    }
                    let specs = crate::constraint_cmd::column_check_specs(cd, sql)?;
                    self.add_check_constraints(relid, &specs, sql, true)?;
                }
                AlterTableAction::DropColumn {
                    name, if_exists, ..
                } => {
                    if !matches!(rel.relkind, b'r' | b'p' | b'f') {
                        return Err(pg_err!(
                            WRONG_OBJECT_TYPE,
                            "\"{}\" is not a table, composite type, or foreign table",
                            rel.name
                        ));
                    }
                    if name == "oid" && rel.has_oids() && rel.column(name).is_none() {
                        self.alter_set_oids(relid, false)?;
                        continue;
                    }
                    if is_system_column(name) && rel.column(name).is_none() {
                        return Err(pg_err!(
                            FEATURE_NOT_SUPPORTED,
                            "cannot drop system column \"{}\"",
                            name
                        ));
                    }
                    let Some(col) = rel.column(name) else {
                        if *if_exists {
                            self.notice(
                                sqlstate::SUCCESSFUL_COMPLETION,
                                &format!(
                                    "column \"{}\" of relation \"{}\" does not exist, skipping",
                                    name, rel.name
                                ),
                            );
                            continue;
                        }
                        return Err(pg_err!(
                            UNDEFINED_COLUMN,
                            "column \"{}\" of relation \"{}\" does not exist",
                            name,
                            rel.name
                        ));
                    };
                    let attnum = col.attnum;
                    self.drop_column_checks(relid, attnum)?;
                    self.with_catalog(true, |cat, cx| cat.drop_column(cx, relid, attnum))?;
                }
                AlterTableAction::SetDefault {
                    column: name,
                    default,
                } => {
                    let attnum = column(name)?;
                    if let (Some(e), Some(c)) = (default, rel.column(name)) {
                        let (t, tm) = (c.type_oid, c.typmod);
                        self.with_analyzer(sql, |a| a.check_default_expr(e, name, t, tm))
                            .map_err(|mut e| {
                                e.position = None;
                                e
                            })?;
                    }
                    let text = default
                        .as_ref()
                        .map(|e| crate::deparse::expr_sql(e, "DEFAULT expression"))
                        .transpose()?;
                    self.with_catalog(true, |cat, cx| {
                        cat.set_column_default(cx, relid, attnum, text.as_deref())
                    })?;
                }
                AlterTableAction::SetNotNull(name) => {
                    not_table_or_foreign(&rel)?;
                    let attnum = column(name)?;
                    if self.column_has_nulls(&rel, attnum)? {
                        return Err(pg_err!(
                            NOT_NULL_VIOLATION,
                            "column \"{}\" contains null values",
                            name
                        ));
                    }
                    self.with_catalog(true, |cat, cx| cat.set_not_null(cx, relid, attnum, true))?;
                }
                AlterTableAction::DropNotNull(name) => {
                    not_table_or_foreign(&rel)?;
                    let attnum = column(name)?;
                    let in_pk = self
                        .with_catalog(false, |cat, cx| cat.relation_indexes(cx, relid))?
                        .iter()
                        .any(|d| d.primary && d.keys.contains(&attnum));
                    if in_pk {
                        return Err(pg_err!(
                            INVALID_TABLE_DEFINITION,
                            "column \"{}\" is in a primary key",
                            name
                        ));
                    }
                    self.with_catalog(true, |cat, cx| cat.set_not_null(cx, relid, attnum, false))?;
                }
                AlterTableAction::RenameColumn { old, new } => {
                    let attnum = column(old)?;
                    if rel.column(new).is_some() {
                        return Err(pg_err!(
                            DUPLICATE_COLUMN,
                            "column \"{}\" of relation \"{}\" already exists",
                            new,
                            rel.name
                        ));
                    }
                    let new = new.clone();
                    self.with_catalog(true, |cat, cx| cat.rename_column(cx, relid, attnum, &new))?;
                    self.rename_column_checks(relid, attnum, old, &new)?;
                }
                AlterTableAction::RenameTable(new) => {
                    let new = new.clone();
                    self.with_catalog(true, |cat, cx| cat.rename_relation(cx, relid, &new))?;
                    self.after_relation_rename(&rel, &new)?;
                }
                AlterTableAction::AddConstraint(tc) => match &tc.kind {
                    TableConstraintKind::PrimaryKey { columns, options } => self
                        .add_key_constraint_opts(
                            options,
                            relid,
                            tc.name.as_deref(),
                            true,
                            columns,
                            (
                                tc.deferrable.unwrap_or(false),
                                tc.initially_deferred.unwrap_or(false),
                            ),
                        )?,
                    TableConstraintKind::Check { expr, no_inherit } => {
                        let spec = crate::constraint_cmd::CheckSpec::new(
                            tc.name.as_deref(),
                            expr,
                            tc.location,
                            sql,
                            *no_inherit,
                            tc.not_valid,
                        )?;
                        self.add_check_constraints(relid, &[spec], sql, true)?
                    }
                    TableConstraintKind::Unique { columns, options } => self
                        .add_key_constraint_opts(
                            options,
                            relid,
                            tc.name.as_deref(),
                            false,
                            columns,
                            (
                                tc.deferrable.unwrap_or(false),
                                tc.initially_deferred.unwrap_or(false),
                            ),
                        )?,
                    TableConstraintKind::ForeignKey { columns, reference } => {
                        let spec = crate::fk_cmd::FkSpec {
                            name: tc.name.as_deref(),
                            columns: columns.clone(),
                            reference,
                            deferrable: tc.deferrable,
                            initially_deferred: tc.initially_deferred,
                            not_valid: tc.not_valid,
                        };
                        self.add_foreign_key(relid, &spec, true)?;
                    }
                    other => {
                        return Err(pg_err!(
                            FEATURE_NOT_SUPPORTED,
                            "ALTER TABLE ADD CONSTRAINT {} is not supported yet",
                            match other {
                                TableConstraintKind::Check { .. } => "CHECK",
                                TableConstraintKind::ForeignKey { .. } => "FOREIGN KEY",
                                _ => "EXCLUDE",
                            }
                        ))
                    }
                },
                AlterTableAction::DropConstraint {
                    name,
                    if_exists,
                    behavior,
                } => {
                    let cascade = *behavior == parser::ast::DropBehavior::Cascade;
                    self.fk_before_drop_key(relid, name, cascade)?;
                    if !self.drop_check_constraint(relid, name)?
                        && !self.drop_key_constraint(relid, name)?
                    {
                        if *if_exists {
                            self.notice(
                                sqlstate::SUCCESSFUL_COMPLETION,
                                &format!(
                                    "constraint \"{}\" of relation \"{}\" does not exist, skipping",
                                    name, rel.name
                                ),
                            );
                            continue;
                        }
                        return Err(pg_err!(
                            UNDEFINED_OBJECT,
                            "constraint \"{}\" of relation \"{}\" does not exist",
                            name,
                            rel.name
                        ));
                    }
                }
                AlterTableAction::ValidateConstraint(name) => {
                    if !self.validate_foreign_key(relid, name)? {
                        self.validate_constraint(relid, name)?
                    }
                }
                AlterTableAction::RenameConstraint { old, new } => {
                    self.rename_table_constraint(&rel, old, new)?;
                }
                AlterTableAction::SetSchema(schema) => {
                    self.set_relation_schema(&rel, schema)?;
                }
                AlterTableAction::Other(text) if self.alter_table_other(&rel, text)? => {}
                AlterTableAction::OwnerTo(_)
                | AlterTableAction::SetOptions(_)
                | AlterTableAction::ResetOptions(_) => {}
                other => {
                    return Err(pg_err!(
                        FEATURE_NOT_SUPPORTED,
                        "ALTER TABLE {} is not supported yet",
                        alter_action_name(other)
                    ))
                }
            }
        }
        Ok(tag.into())
    }

    fn resolve_column_type(
        &mut self,
        tn: &parser::ast::TypeName,
        sql: &str,
    ) -> PgResult<(common::Oid, i32)> {
        self.with_analyzer(sql, |a| a.resolve_type_name(tn))
    }

    fn relation_has_rows(&mut self, rel: &RelationInfo) -> PgResult<bool> {
        let snapshot = self.xact.txn.snapshot.clone();
        let mut scan = access::HeapScan::new(
            self.engine.storage.clone(),
            rel.file,
            rel.tuple_desc.clone(),
            snapshot,
            self.engine.tm.clone(),
        );
        Ok(scan.next_tuple()?.is_some())
    }

    fn column_has_nulls(&mut self, rel: &RelationInfo, attnum: i16) -> PgResult<bool> {
        let snapshot = self.xact.txn.snapshot.clone();
        let mut scan = access::HeapScan::new(
            self.engine.storage.clone(),
            rel.file,
            rel.tuple_desc.clone(),
            snapshot,
            self.engine.tm.clone(),
        );
        let idx = (attnum - 1) as usize;
        while let Some(t) = scan.next_tuple()? {
            if t.values.get(idx).is_none_or(|v| v.is_null()) {
                return Ok(true);
            }
        }
        Ok(false)
    }

    pub(crate) fn exec_truncate(&mut self, t: &TruncateStmt) -> PgResult<String> {
        let mut rels = Vec::new();
        for (name, _) in &t.tables {
            let rel = self.lookup_relation(name)?.ok_or_else(|| {
                pg_err!(UNDEFINED_TABLE, "relation \"{}\" does not exist", name.name)
            })?;
            if rel.relkind != b'r' {
                return Err(pg_err!(
                    WRONG_OBJECT_TYPE,
                    "\"{}\" is not a table",
                    rel.name
                ));
            }
            rels.push(rel.oid);
        }
        let cascade = t.behavior == parser::ast::DropBehavior::Cascade;
        self.fk_truncate_targets(&mut rels, cascade)?;
        if t.restart_identity {
            self.restart_owned_sequences(&rels)?;
        }
        for oid in rels {
            self.with_catalog(true, |cat, cx| cat.new_relfilenode(cx, oid).map(|_| ()))?;
            self.truncate_indexes(oid)?;
            self.command_counter_increment();
        }
        Ok("TRUNCATE TABLE".into())
    }
}

/// True for the names of system columns (which user columns cannot take).
fn is_system_column(name: &str) -> bool {
    matches!(
        name,
        "ctid" | "oid" | "xmin" | "cmin" | "xmax" | "cmax" | "tableoid"
    )
}

/// 42809 unless `rel` is a table (SET/DROP NOT NULL).
fn not_table_or_foreign(rel: &RelationInfo) -> PgResult<()> {
    if matches!(rel.relkind, b'r' | b'p' | b'f') {
        return Ok(());
    }
    Err(pg_err!(
        WRONG_OBJECT_TYPE,
        "\"{}\" is not a table or foreign table",
        rel.name
    ))
}

fn alter_action_name(a: &AlterTableAction) -> &'static str {
    match a {
        AlterTableAction::AlterColumnType { .. } => "ALTER COLUMN TYPE",
        AlterTableAction::AddConstraint(_) => "ADD CONSTRAINT",
        AlterTableAction::DropConstraint { .. } => "DROP CONSTRAINT",
        AlterTableAction::ValidateConstraint(_) => "VALIDATE CONSTRAINT",
        AlterTableAction::RenameConstraint { .. } => "RENAME CONSTRAINT",
        AlterTableAction::SetSchema(_) => "SET SCHEMA",
        _ => "subcommand",
    }
}
