//! CREATE TABLE ... AS query and SELECT ... INTO table: plan the query, create a table with its
//! result columns, and insert every result row, all in the current transaction.

use crate::session::Session;
use catalog::NewColumn;
use common::{pg_err, sqlstate, Oid, PgResult};
use executor::{ResultColumn, ResultSink};
use parser::ast::{QualifiedName, SelectStmt, SetExpr, Statement};
use std::sync::Arc;
use types::Datum;

/// Inserts every result row into the new table.
struct InsertSink<'a> {
    storage: &'a Arc<storage::Storage>,
    rel: &'a catalog::RelationInfo,
    w: access::WriteCtx<'a>,
    rows: u64,
}

impl ResultSink for InsertSink<'_> {
    fn describe(&mut self, _columns: &[ResultColumn]) -> PgResult<()> {
        Ok(())
    }
    fn row(&mut self, values: &[Datum]) -> PgResult<()> {
        access::heap_insert(
            self.storage,
            self.rel.file,
            &self.rel.tuple_desc,
            values,
            &self.w,
        )?;
        self.rows += 1;
        Ok(())
    }
}

impl Session {
    /// SELECT ... INTO: the statement without its INTO clause, and the target.
    pub(crate) fn split_select_into(s: &SelectStmt) -> Option<(Statement, QualifiedName, bool)> {
        let SetExpr::Select(core) = &s.body else {
            return None;
        };
        let into = core.into.as_ref()?;
        let mut stripped = s.clone();
        if let SetExpr::Select(c) = &mut stripped.body {
            c.into = None;
        }
        Some((
            Statement::Select(Box::new(stripped)),
            into.table.clone(),
            into.temporary,
        ))
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn exec_create_table_as(
        &mut self,
        name: &QualifiedName,
        column_names: &[String],
        query: &Statement,
        temporary: bool,
        if_not_exists: bool,
        with_data: bool,
        sql: &str,
    ) -> PgResult<String> {
        let ns = self.creation_namespace_for(name)?;
        let exists = {
            let n = name.name.clone();
            self.with_catalog(false, |cat, cx| cat.relation_oid(cx, ns, &n))?
        };
        if exists.is_some() {
            if if_not_exists {
                self.notice(
                    sqlstate::DUPLICATE_TABLE,
                    &format!("relation \"{}\" already exists, skipping", name.name),
                );
                return Ok("CREATE TABLE AS".into());
            }
            return Err(pg_err!(
                DUPLICATE_TABLE,
                "relation \"{}\" already exists",
                name.name
            ));
        }
        let (planned, params) = match query {
            Statement::Execute(e) => self.execute_plan_and_params(e, sql)?,
            _ => {
                let mut parts = self.exec_context_parts();
                let mut notices = Vec::new();
                let cx = parts.build(&mut notices);
                (
                    std::sync::Arc::new(executor::plan_statement(query, sql, &cx)?),
                    Vec::new(),
                )
            }
        };
        if column_names.len() > planned.columns.len() {
            return Err(pg_err!(
                SYNTAX_ERROR,
                "too many column names were specified"
            ));
        }
        let columns: Vec<NewColumn> = planned
            .columns
            .iter()
            .enumerate()
            .map(|(i, (n, t, m, _, _))| NewColumn {
                name: column_names.get(i).cloned().unwrap_or_else(|| n.clone()),
                type_oid: if *t == types::oids::UNKNOWN {
                    types::oids::TEXT
                } else {
                    *t
                },
                typmod: *m,
                not_null: false,
                default_expr: None,
            })
            .collect();
        let persistence = if temporary { b't' } else { b'p' };
        let tname = name.name.clone();
        let relid: Oid = self.with_catalog(true, |cat, cx| {
            cat.create_table(cx, ns, &tname, &columns, persistence)
        })?;
        self.command_counter_increment();
        if !with_data {
            return Ok("CREATE TABLE AS".into());
        }
        let rel = self
            .with_catalog(false, |cat, cx| cat.relation_by_oid(cx, relid))?
            .ok_or_else(|| common::PgError::internal("new table vanished"))?;
        let xid = self.xact.txn.assign_xid(&self.engine.tm)?;
        self.xact.txn.wrote = true;
        let snapshot = self.xact.txn.snapshot.clone();
        let engine = self.engine.clone();
        let interrupts = self.interrupts.clone();
        let mut sink = InsertSink {
            storage: &engine.storage,
            rel: &rel,
            w: access::WriteCtx {
                tm: &engine.tm,
                xid,
                cid: self.xact.txn.cid,
                snapshot: &snapshot,
                interrupts: &interrupts,
            },
            rows: 0,
        };
        {
            let mut parts = self.exec_context_parts();
            let mut notices = Vec::new();
            let mut cx = parts.build(&mut notices);
            cx.params = &params;
            executor::run_planned(&planned, &mut cx, &mut sink)?;
        }
        Ok(format!("SELECT {}", sink.rows))
    }
}
