//! SQL-level prepared statements: PREPARE name [(types)] AS statement, EXECUTE name(args)
//! and DEALLOCATE [PREPARE] name | ALL. They share the session's prepared statements (and
//! plan cache) with the protocol-level Parse/Bind/Execute.

use crate::results::RowSink;
use crate::session::Session;
use crate::Output;
use common::{pg_err, PgResult};
use parser::ast::{DeallocateStmt, ExecuteStmt, PrepareStmt, RawStmt};
use std::sync::Arc;

impl Session {
    /// PREPARE name [(types)] AS statement.
    pub(crate) fn exec_prepare(&mut self, p: &PrepareStmt, sql: &str) -> PgResult<String> {
        if self.objects.prepared.contains_key(&p.name) {
            return Err(pg_err!(
                DUPLICATE_PREPARED_STATEMENT,
                "prepared statement \"{}\" already exists",
                p.name
            ));
        }
        let mut declared = Vec::with_capacity(p.arg_types.len());
        for tn in &p.arg_types {
            let mut notices = Vec::new();
            let t = {
                let mut parts = self.exec_context_parts();
                let cx = parts.build(&mut notices);
                executor::resolve_type_name(&cx, tn, sql)
            };
            self.notices.extend(notices);
            declared.push(t?.0);
        }
        let raw = RawStmt {
            stmt: p.statement.clone(),
            location: 0,
            len: sql.len(),
        };
        let stmt = self.prepare_statement(Arc::from(sql), Some(raw), &declared, true)?;
        self.objects.prepared.insert(p.name.clone(), stmt);
        Ok("PREPARE".into())
    }

    /// EXECUTE name [(args)]: runs the prepared statement, sending its rows like a query.
    pub(crate) fn exec_execute(
        &mut self,
        e: &ExecuteStmt,
        sql: &str,
        out: &mut dyn Output,
    ) -> PgResult<Option<String>> {
        let (planned, params) = self.execute_plan_and_params(e, sql)?;
        let env = self.env.clone();
        let mut sink = RowSink::new(out, &env);
        let mut notices = Vec::new();
        let result = {
            let mut parts = self.exec_context_parts();
            let mut cx = parts.build(&mut notices);
            cx.params = &params;
            executor::run_planned(&planned, &mut cx, &mut sink)
        };
        self.notices.extend(notices);
        result.map(Some)
    }

    /// The plan of EXECUTE's statement and its evaluated arguments (EXECUTE, and CREATE TABLE
    /// AS EXECUTE).
    pub(crate) fn execute_plan_and_params(
        &mut self,
        e: &ExecuteStmt,
        sql: &str,
    ) -> PgResult<(Arc<planner::PlannedStmt>, Vec<types::Datum>)> {
        let param_types = match self.objects.prepared.get(&e.name) {
            Some(s) => s.param_types.clone(),
            None => {
                return Err(pg_err!(
                    INVALID_SQL_STATEMENT_NAME,
                    "prepared statement \"{}\" does not exist",
                    e.name
                ))
            }
        };
        if param_types.len() != e.params.len() {
            return Err(pg_err!(
                SYNTAX_ERROR,
                "wrong number of parameters for prepared statement \"{}\"",
                e.name
            )
            .with_detail(format!(
                "Expected {} parameters but got {}.",
                param_types.len(),
                e.params.len()
            )));
        }
        let Some(planned) = self.current_plan(&e.name)? else {
            return Err(pg_err!(
                FEATURE_NOT_SUPPORTED,
                "prepared statement \"{}\" cannot be executed with EXECUTE",
                e.name
            ));
        };
        let mut notices = Vec::new();
        let params = {
            let mut parts = self.exec_context_parts();
            let mut cx = parts.build(&mut notices);
            executor::params::eval_execute_params(&mut cx, &e.params, &param_types, sql)
        };
        self.notices.extend(notices);
        Ok((planned, params?))
    }

    /// DEALLOCATE [PREPARE] name | ALL.
    pub(crate) fn exec_deallocate(&mut self, d: &DeallocateStmt) -> PgResult<String> {
        match &d.name {
            None => {
                self.objects.prepared.clear();
                Ok("DEALLOCATE ALL".into())
            }
            Some(name) => {
                if self.objects.prepared.remove(name).is_none() {
                    return Err(pg_err!(
                        INVALID_SQL_STATEMENT_NAME,
                        "prepared statement \"{}\" does not exist",
                        name
                    ));
                }
                Ok("DEALLOCATE".into())
            }
        }
    }
}
