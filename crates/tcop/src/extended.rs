//! The extended query protocol: prepared statements (Parse), portals (Bind), Describe,
//! Execute with a row limit (PortalSuspended, then resume), Close and Sync, with PostgreSQL's
//! rules for unnamed statements and portals, implicit transactions ending at Sync, and errors.
//! Prepared statements keep their plan (a generic plan over `$n` parameters) and re-plan it
//! when the catalogs or search_path changed since it was made.

use crate::activity::literal as sql_literal;
use crate::results::{resolve_formats, CollectSink, RowSink};
use crate::session::Session;
use crate::xact::Block;
use crate::{ColumnDesc, Output};
use common::{pg_err, Oid, PgError, PgResult};
use executor::ResultColumn;
use parser::ast::{RawStmt, Statement};
use std::collections::{HashMap, VecDeque};
use std::sync::Arc;
use types::Datum;

/// Orders prepared statements by creation (pg_prepared_statements lists them that way).
static PREPARE_SEQ: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// What a cached plan was made under; a different token means re-plan.
#[derive(Clone, Debug, PartialEq, Eq)]
struct PlanToken {
    catalog_version: u64,
    search_path: String,
}

/// A prepared statement (Parse, or SQL PREPARE).
pub(crate) struct PreparedStatement {
    /// The whole query string it came from (error positions refer to it).
    pub(crate) sql: Arc<str>,
    /// The statement; None for an empty query string.
    pub(crate) raw: Option<Arc<RawStmt>>,
    pub(crate) param_types: Vec<Oid>,
    /// Result columns of a plannable statement (None: no rows, or a utility statement).
    pub(crate) columns: Option<Vec<ResultColumn>>,
    /// The cached generic plan (plannable statements only).
    plan: Option<(Arc<planner::PlannedStmt>, PlanToken)>,
    /// Created by SQL PREPARE (pg_prepared_statements.from_sql).
    pub(crate) from_sql: bool,
    /// When it was prepared (PostgreSQL microseconds).
    pub(crate) prepare_time: i64,
    /// Creation order within the session.
    seq: u64,
}

/// The session's prepared statements and portals.
#[derive(Default)]
pub(crate) struct SessionObjects {
    /// Prepared statements by name ("" = the unnamed statement).
    pub(crate) prepared: HashMap<String, PreparedStatement>,
    /// Open portals by name ("" = the unnamed portal); they end with their transaction.
    pub(crate) portals: HashMap<String, Portal>,
    /// The engine (for pg_stat_activity and signalling other backends).
    pub(crate) engine: Option<Arc<crate::engine::Engine>>,
    /// SQL cursors (DECLARE) by name.
    pub(crate) cursors: HashMap<String, crate::cursor::Cursor>,
    /// The open transaction has aborted (its WITH HOLD cursors must not survive it).
    pub(crate) xact_aborted: bool,
}

impl SessionObjects {
    /// pg_cursors: the session's SQL cursors.
    fn cursors_view(&self) -> String {
        let rows: Vec<String> = self
            .cursors
            .iter()
            .map(|(name, c)| {
                format!(
                    "({}::pg_catalog.text, {}::pg_catalog.text, {}, {}, {}, {})",
                    sql_literal(name),
                    sql_literal(&c.statement),
                    c.hold,
                    c.binary,
                    c.scroll != Some(false),
                    crate::activity::timestamp(Some(c.creation_time))
                )
            })
            .collect();
        if rows.is_empty() {
            return "SELECT NULL::pg_catalog.text AS name, NULL::pg_catalog.text AS statement, \
                    NULL::pg_catalog.bool AS is_holdable, NULL::pg_catalog.bool AS is_binary, \
                    NULL::pg_catalog.bool AS is_scrollable, \
                    NULL::pg_catalog.timestamptz AS creation_time WHERE false"
                .to_string();
        }
        format!(
            "SELECT * FROM (VALUES {}) AS c(name, statement, is_holdable, is_binary, \
             is_scrollable, creation_time)",
            rows.join(", ")
        )
    }
}

impl analyzer::SessionRelations for SessionObjects {
    fn signal_backend(&self, pid: i32, terminate: bool) -> Option<()> {
        self.engine.as_ref()?.signal_backend(pid, terminate)
    }

    fn definition(&self, name: &str) -> Option<String> {
        if name == "pg_cursors" {
            return Some(self.cursors_view());
        }
        if name == "pg_locks" {
            return Some(crate::lock_cmd::pg_locks_query(self.engine.as_ref()?));
        }
        if let Some(q) = crate::pgstat::view_definition(self.engine.as_ref()?, name) {
            return Some(q);
        }
        if name == "pg_stat_activity" {
            let engine = self.engine.as_ref()?;
            let statuses = engine.session_statuses();
            return Some(crate::activity::stat_activity_query(
                &statuses,
                &engine.tm.locks,
            ));
        }
        if name != "pg_prepared_statements" {
            return None;
        }
        let mut rows: Vec<String> = Vec::new();
        // Listed in the order they were prepared.
        let mut named: Vec<(&String, &PreparedStatement)> = self
            .prepared
            .iter()
            .filter(|(n, _)| !n.is_empty())
            .collect();
        named.sort_by_key(|(_, s)| s.seq);
        for (name, stmt) in named {
            let types = if stmt.param_types.is_empty() {
                "'{}'::pg_catalog.regtype[]".to_string()
            } else {
                let items: Vec<String> = stmt
                    .param_types
                    .iter()
                    .map(|t| format!("{t}::pg_catalog.oid::pg_catalog.regtype"))
                    .collect();
                format!("ARRAY[{}]", items.join(", "))
            };
            rows.push(format!(
                "({}::pg_catalog.text, {}::pg_catalog.text, {}, {}, {})",
                sql_literal(name),
                sql_literal(&stmt.sql),
                crate::activity::timestamp(Some(stmt.prepare_time)),
                types,
                stmt.from_sql
            ));
        }
        if rows.is_empty() {
            return Some(
                "SELECT NULL::pg_catalog.text AS name, NULL::pg_catalog.text AS statement, \
                 NULL::pg_catalog.timestamptz AS prepare_time, \
                 NULL::pg_catalog.regtype[] AS parameter_types, \
                 NULL::pg_catalog.bool AS from_sql WHERE false"
                    .to_string(),
            );
        }
        Some(format!(
            "SELECT * FROM (VALUES {}) AS s(name, statement, prepare_time, parameter_types, \
             from_sql)",
            rows.join(", ")
        ))
    }
}

/// Where a portal's execution stands.
enum PortalState {
    /// Not run yet.
    Ready,
    /// Run to completion with a row limit; rows are handed out in batches.
    Buffered {
        rows: VecDeque<Vec<Datum>>,
        /// The final command tag for DML with RETURNING (SELECT counts per Execute).
        tag: Option<String>,
    },
    /// Finished.
    Done,
}

/// A portal: a prepared statement bound to parameter values and result formats.
pub(crate) struct Portal {
    sql: Arc<str>,
    raw: Option<Arc<RawStmt>>,
    planned: Option<Arc<planner::PlannedStmt>>,
    columns: Option<Vec<ResultColumn>>,
    params: Vec<Datum>,
    formats: Vec<i16>,
    state: PortalState,
}

/// Statements that run through the planner (and so can take parameters).
pub(crate) fn is_plannable(stmt: &Statement) -> bool {
    match stmt {
        Statement::Select(s) => Session::split_select_into(s).is_none(),
        Statement::Insert(_) | Statement::Update(_) | Statement::Delete(_) => true,
        _ => false,
    }
}

/// COMMIT/ROLLBACK/ROLLBACK TO: what may run in a failed transaction block.
fn is_transaction_exit(raw: Option<&Arc<RawStmt>>) -> bool {
    use parser::ast::TransactionStmt as T;
    matches!(
        raw.map(|r| &r.stmt),
        Some(Statement::Transaction(
            T::Commit { .. } | T::Rollback { .. } | T::RollbackTo(_)
        ))
    )
}

fn failed_block_error() -> PgError {
    pg_err!(
        IN_FAILED_SQL_TRANSACTION,
        "current transaction is aborted, commands ignored until end of transaction block"
    )
}

fn statement_missing(name: &str) -> PgError {
    if name.is_empty() {
        pg_err!(
            INVALID_SQL_STATEMENT_NAME,
            "unnamed prepared statement does not exist"
        )
    } else {
        pg_err!(
            INVALID_SQL_STATEMENT_NAME,
            "prepared statement \"{}\" does not exist",
            name
        )
    }
}

/// An `Output` for running a utility statement inside Execute: RowDescription is not sent
/// (Describe reports it), everything else passes through.
struct NoDescription<'a> {
    inner: &'a mut dyn Output,
}

impl Output for NoDescription<'_> {
    fn row_description(&mut self, _columns: &[ColumnDesc]) -> PgResult<()> {
        Ok(())
    }
    fn data_row(&mut self, values: &[Option<&[u8]>]) -> PgResult<()> {
        self.inner.data_row(values)
    }
    fn command_complete(&mut self, tag: &str) -> PgResult<()> {
        self.inner.command_complete(tag)
    }
    fn empty_query(&mut self) -> PgResult<()> {
        self.inner.empty_query()
    }
    fn error(&mut self, error: &PgError) -> PgResult<()> {
        self.inner.error(error)
    }
    fn notice(&mut self, notice: &PgError) -> PgResult<()> {
        self.inner.notice(notice)
    }
    fn parameter_status(&mut self, name: &str, value: &str) -> PgResult<()> {
        self.inner.parameter_status(name, value)
    }
    fn copy_in_begin(&mut self, format: i8, column_formats: &[i16]) -> PgResult<()> {
        self.inner.copy_in_begin(format, column_formats)
    }
    fn copy_in_next(&mut self) -> PgResult<Option<Vec<u8>>> {
        self.inner.copy_in_next()
    }
    fn copy_out_begin(&mut self, format: i8, column_formats: &[i16]) -> PgResult<()> {
        self.inner.copy_out_begin(format, column_formats)
    }
    fn copy_out_data(&mut self, data: &[u8]) -> PgResult<()> {
        self.inner.copy_out_data(data)
    }
    fn copy_out_end(&mut self) -> PgResult<()> {
        self.inner.copy_out_end()
    }
}

impl Session {
    fn plan_token(&self) -> PlanToken {
        PlanToken {
            catalog_version: self.engine.catalog.version(),
            search_path: self.gucs.get("search_path").unwrap_or_default(),
        }
    }

    /// Analyze and plan `raw` with parameter types `declared` (0 = infer).
    fn plan_raw(
        &mut self,
        raw: &RawStmt,
        sql: &str,
        declared: &[Oid],
    ) -> PgResult<(planner::PlannedStmt, Vec<Oid>)> {
        let mut notices = Vec::new();
        let result = {
            let mut parts = self.exec_context_parts();
            let cx = parts.build(&mut notices);
            executor::plan_statement_with_params(&raw.stmt, sql, &cx, declared)
        };
        self.notices.extend(notices);
        result
    }

    /// Make a prepared statement from one statement of `sql` (Parse and SQL PREPARE).
    pub(crate) fn prepare_statement(
        &mut self,
        sql: Arc<str>,
        raw: Option<RawStmt>,
        declared: &[Oid],
        from_sql: bool,
    ) -> PgResult<PreparedStatement> {
        let raw = raw.map(Arc::new);
        let mut stmt = PreparedStatement {
            sql: sql.clone(),
            raw: raw.clone(),
            param_types: declared.to_vec(),
            columns: None,
            plan: None,
            from_sql,
            prepare_time: types::env::now_pg_micros(),
            seq: PREPARE_SEQ.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        };
        if let Some(raw) = raw.as_deref().filter(|r| is_plannable(&r.stmt)) {
            self.ensure_transaction();
            self.begin_statement();
            let token = self.plan_token();
            let (planned, param_types) = self.plan_raw(raw, &sql, declared)?;
            stmt.columns = executor::result_description(&planned);
            stmt.param_types = param_types;
            stmt.plan = Some((Arc::new(planned), token));
        } else if let Some(i) = declared.iter().position(|&t| t == 0) {
            // Utility statements take no parameters whose type could be deduced.
            return Err(pg_err!(
                INDETERMINATE_DATATYPE,
                "could not determine data type of parameter ${}",
                i + 1
            ));
        }
        Ok(stmt)
    }

    /// The statement's plan, re-made if the catalogs or search_path changed since it was
    /// planned (0A000 `cached plan must not change result type` when its columns changed).
    pub(crate) fn current_plan(
        &mut self,
        name: &str,
    ) -> PgResult<Option<Arc<planner::PlannedStmt>>> {
        let token = self.plan_token();
        let (raw, sql, params, columns) = {
            let stmt = self
                .objects
                .prepared
                .get(name)
                .ok_or_else(|| statement_missing(name))?;
            match &stmt.plan {
                None => return Ok(None),
                Some((p, t)) if *t == token && !self.xact.txn.catalog_modified => {
                    return Ok(Some(p.clone()))
                }
                Some(_) => {}
            }
            let Some(raw) = stmt.raw.clone() else {
                return Ok(None);
            };
            (
                raw,
                stmt.sql.clone(),
                stmt.param_types.clone(),
                stmt.columns.clone(),
            )
        };
        let (planned, _) = self.plan_raw(&raw, &sql, &params)?;
        let new_columns = executor::result_description(&planned);
        let shape = |c: &Option<Vec<ResultColumn>>| {
            c.as_ref()
                .map(|v| v.iter().map(|c| (c.type_oid, c.typmod)).collect::<Vec<_>>())
        };
        if shape(&new_columns) != shape(&columns) {
            return Err(pg_err!(
                FEATURE_NOT_SUPPORTED,
                "cached plan must not change result type"
            ));
        }
        let planned = Arc::new(planned);
        if let Some(stmt) = self.objects.prepared.get_mut(name) {
            stmt.plan = Some((planned.clone(), token));
            stmt.columns = new_columns;
        }
        Ok(Some(planned))
    }

    /// Parse message. Returns false after reporting an error.
    pub fn parse_message(
        &mut self,
        name: &str,
        sql: &str,
        param_types: &[Oid],
        out: &mut dyn Output,
    ) -> bool {
        self.interrupts.clear();
        let result = self.parse_message_inner(name, sql, param_types);
        self.finish_message(result, out, |o| o.parse_complete())
    }

    fn parse_message_inner(&mut self, name: &str, sql: &str, declared: &[Oid]) -> PgResult<()> {
        let mut stmts = self.parse_sql(sql)?;
        if stmts.len() > 1 {
            return Err(pg_err!(
                SYNTAX_ERROR,
                "cannot insert multiple commands into a prepared statement"
            ));
        }
        if !name.is_empty() && self.objects.prepared.contains_key(name) {
            return Err(pg_err!(
                DUPLICATE_PREPARED_STATEMENT,
                "prepared statement \"{}\" already exists",
                name
            ));
        }
        if name.is_empty() {
            self.objects.prepared.remove("");
        }
        let raw = stmts.pop();
        if self.xact.block == Block::Failed
            && !is_transaction_exit(raw.clone().map(Arc::new).as_ref())
        {
            return Err(failed_block_error());
        }
        let stmt = self.prepare_statement(Arc::from(sql), raw, declared, false)?;
        self.objects.prepared.insert(name.to_string(), stmt);
        Ok(())
    }

    /// Bind message. Returns false after reporting an error.
    pub fn bind_message(
        &mut self,
        portal: &str,
        statement: &str,
        param_formats: &[i16],
        params: &[Option<Vec<u8>>],
        result_formats: &[i16],
        out: &mut dyn Output,
    ) -> bool {
        self.interrupts.clear();
        let result = self.bind_inner(portal, statement, param_formats, params, result_formats);
        self.finish_message(result, out, |o| o.bind_complete())
    }

    fn bind_inner(
        &mut self,
        portal_name: &str,
        statement: &str,
        param_formats: &[i16],
        params: &[Option<Vec<u8>>],
        result_formats: &[i16],
    ) -> PgResult<()> {
        let (raw, sql, param_types) = {
            let stmt = self
                .objects
                .prepared
                .get(statement)
                .ok_or_else(|| statement_missing(statement))?;
            (stmt.raw.clone(), stmt.sql.clone(), stmt.param_types.clone())
        };
        if param_formats.len() > 1 && param_formats.len() != params.len() {
            return Err(pg_err!(
                PROTOCOL_VIOLATION,
                "bind message has {} parameter formats but {} parameters",
                param_formats.len(),
                params.len()
            ));
        }
        if params.len() != param_types.len() {
            return Err(pg_err!(
                PROTOCOL_VIOLATION,
                "bind message supplies {} parameters, but prepared statement \"{}\" requires {}",
                params.len(),
                statement,
                param_types.len()
            ));
        }
        if self.xact.block == Block::Failed && !is_transaction_exit(raw.as_ref()) {
            return Err(failed_block_error());
        }
        let values = self.decode_params(&param_types, param_formats, params)?;
        self.bind_values(portal_name, statement, raw, sql, values, result_formats)
    }

    /// Create portal `portal_name` over prepared statement `statement` with parameter values.
    pub(crate) fn bind_values(
        &mut self,
        portal_name: &str,
        statement: &str,
        raw: Option<Arc<RawStmt>>,
        sql: Arc<str>,
        values: Vec<Datum>,
        result_formats: &[i16],
    ) -> PgResult<()> {
        if !portal_name.is_empty() && self.objects.portals.contains_key(portal_name) {
            return Err(pg_err!(
                DUPLICATE_CURSOR,
                "cursor \"{}\" already exists",
                portal_name
            ));
        }
        self.objects.portals.remove(portal_name);
        let plannable = raw.as_deref().is_some_and(|r| is_plannable(&r.stmt));
        let planned = if plannable {
            self.ensure_transaction();
            self.current_plan(statement)?
        } else {
            None
        };
        let columns = planned.as_deref().and_then(executor::result_description);
        let ncols = columns.as_ref().map_or(0, |c| c.len());
        let formats = if columns.is_some() {
            resolve_formats(result_formats, ncols)?
        } else {
            resolve_formats(result_formats, result_formats.len())?
        };
        self.objects.portals.insert(
            portal_name.to_string(),
            Portal {
                sql,
                raw,
                planned,
                columns,
                params: values,
                formats,
                state: PortalState::Ready,
            },
        );
        Ok(())
    }

    fn decode_params(
        &mut self,
        param_types: &[Oid],
        formats: &[i16],
        params: &[Option<Vec<u8>>],
    ) -> PgResult<Vec<Datum>> {
        let mut values = Vec::with_capacity(params.len());
        for (i, (p, &typ)) in params.iter().zip(param_types).enumerate() {
            let format = match formats.len() {
                0 => 0,
                1 => formats[0],
                _ => formats[i],
            };
            let Some(bytes) = p else {
                values.push(Datum::Null);
                continue;
            };
            let value = match format {
                0 => {
                    let text = std::str::from_utf8(bytes).map_err(|e| {
                        let at = e.valid_up_to();
                        let bad: Vec<String> = bytes[at..]
                            .iter()
                            .take(2)
                            .map(|b| format!("0x{b:02x}"))
                            .collect();
                        pg_err!(
                            CHARACTER_NOT_IN_REPERTOIRE,
                            "invalid byte sequence for encoding \"UTF8\": {}",
                            bad.join(" ")
                        )
                    })?;
                    self.input_param(typ, text)?
                }
                1 => types::io::receive(typ, -1, bytes, &self.env).map_err(|e| {
                    if e.code == common::sqlstate::INVALID_BINARY_REPRESENTATION {
                        pg_err!(
                            INVALID_BINARY_REPRESENTATION,
                            "incorrect binary data format in bind parameter {}",
                            i + 1
                        )
                    } else {
                        e
                    }
                })?,
                other => {
                    return Err(pg_err!(
                        INVALID_PARAMETER_VALUE,
                        "unsupported format code: {}",
                        other
                    ))
                }
            };
            values.push(value);
        }
        Ok(values)
    }

    /// Text input of one parameter value (reg* types look names up in the catalogs).
    fn input_param(&mut self, typ: Oid, text: &str) -> PgResult<Datum> {
        if analyzer::reg_io::is_catalog_reg_type(typ) {
            let mut notices = Vec::new();
            let result = {
                let mut parts = self.exec_context_parts();
                let mut cx = parts.build(&mut notices);
                let mut rt = executor::Runtime::new(&mut cx, &[]);
                executor::catalog_funcs::reg_input(&mut rt, typ, text)
            };
            self.notices.extend(notices);
            return result;
        }
        types::io::input(typ, -1, text, &self.env)
    }

    /// Describe message for a statement ('S') or portal ('P').
    pub fn describe_message(&mut self, kind: u8, name: &str, out: &mut dyn Output) -> bool {
        let result = self.describe_inner(kind, name, out);
        self.finish_message(result, out, |_| Ok(()))
    }

    fn describe_inner(&mut self, kind: u8, name: &str, out: &mut dyn Output) -> PgResult<()> {
        if kind == b'S' {
            let (param_types, raw) = {
                let stmt = self
                    .objects
                    .prepared
                    .get(name)
                    .ok_or_else(|| statement_missing(name))?;
                (stmt.param_types.clone(), stmt.raw.clone())
            };
            if self.xact.block == Block::Failed && !is_transaction_exit(raw.as_ref()) {
                return Err(failed_block_error());
            }
            let columns = if raw.as_deref().is_some_and(|r| is_plannable(&r.stmt)) {
                self.ensure_transaction();
                let planned = self.current_plan(name)?;
                let described: Option<Vec<ResultColumn>> =
                    planned.as_deref().and_then(executor::result_description);
                described.map(|c| describe_columns(&c, &[]))
            } else {
                self.utility_columns(raw.as_deref())?
            };
            out.parameter_description(&param_types)?;
            return match columns {
                Some(c) => out.row_description(&c),
                None => out.no_data(),
            };
        }
        let portal =
            self.objects.portals.get(name).ok_or_else(|| {
                pg_err!(INVALID_CURSOR_NAME, "portal \"{}\" does not exist", name)
            })?;
        let columns = match &portal.columns {
            Some(c) => Some(describe_columns(c, &portal.formats)),
            None if portal.planned.is_some() => None,
            None => {
                let raw = portal.raw.clone();
                self.utility_columns(raw.as_deref())?
            }
        };
        match columns {
            Some(c) => out.row_description(&c),
            None => out.no_data(),
        }
    }

    /// Result columns of a utility statement that returns rows (SHOW).
    fn utility_columns(&mut self, raw: Option<&RawStmt>) -> PgResult<Option<Vec<ColumnDesc>>> {
        match raw.map(|r| &r.stmt) {
            Some(Statement::VariableShow(s)) => Ok(Some(self.show_columns(s)?)),
            Some(Statement::Explain(_)) => Ok(Some(vec![crate::explain_cmd::query_plan_column()])),
            Some(Statement::Fetch(f)) if !f.is_move => {
                Ok(self.cursor_columns(&f.cursor).map(|cols| {
                    let formats: Vec<i16> = Vec::new();
                    describe_columns(cols, &formats)
                }))
            }
            _ => Ok(None),
        }
    }

    /// Execute message: run the portal, at most `max_rows` rows (0 = all).
    pub fn execute_message(&mut self, portal: &str, max_rows: i32, out: &mut dyn Output) -> bool {
        self.interrupts.clear();
        let result = self.execute_inner(portal, max_rows, out);
        self.flush_messages(out);
        let ok = match result {
            Ok(()) => true,
            Err(e) => {
                self.fail(e, out);
                false
            }
        };
        self.drop_portals_after_transaction();
        ok
    }

    fn execute_inner(&mut self, name: &str, max_rows: i32, out: &mut dyn Output) -> PgResult<()> {
        if let Some(sql) = self.objects.portals.get(name).map(|p| p.sql.clone()) {
            self.report_active(&sql);
        }
        let Some(portal) = self.objects.portals.get_mut(name) else {
            return Err(pg_err!(
                INVALID_CURSOR_NAME,
                "portal \"{}\" does not exist",
                name
            ));
        };
        let limit = if max_rows <= 0 {
            usize::MAX
        } else {
            max_rows as usize
        };
        match &mut portal.state {
            PortalState::Done => {
                // Running a finished portal again fetches nothing more.
                if portal.planned.as_ref().map(|p| p.command) == Some(analyzer::CmdType::Select) {
                    return out.command_complete("SELECT 0");
                }
                return Err(pg_err!(
                    OBJECT_NOT_IN_PREREQUISITE_STATE,
                    "portal \"{}\" cannot be run",
                    name
                ));
            }
            PortalState::Buffered { .. } => {
                let env = self.env.clone();
                return emit_buffered(portal, limit, &env, out);
            }
            PortalState::Ready => {}
        }
        let Some(raw) = portal.raw.clone() else {
            portal.state = PortalState::Done;
            return out.empty_query();
        };
        if self.xact.block == Block::Failed && !is_transaction_exit(Some(&raw)) {
            return Err(failed_block_error());
        }
        let sql = portal.sql.clone();
        let Some(planned) = portal.planned.clone() else {
            // Utility statements run as in the simple protocol, without RowDescription.
            portal.state = PortalState::Done;
            let mut filtered = NoDescription { inner: out };
            let tag = self.run_statement(&raw, &sql, &mut filtered)?;
            self.flush_messages(out);
            if let Some(tag) = tag {
                out.command_complete(&tag)?;
            }
            return Ok(());
        };
        let params = std::mem::take(&mut portal.params);
        let formats = portal.formats.clone();
        let types: Vec<Oid> = portal
            .columns
            .as_ref()
            .map(|c| c.iter().map(|c| c.type_oid).collect())
            .unwrap_or_default();
        self.interrupts.check()?;
        let _timer = self.statement_prologue();
        let env = self.env.clone();
        let mut notices = Vec::new();
        if limit == usize::MAX {
            let mut sink = RowSink::for_portal(out, &env, types, formats);
            let result = {
                let mut parts = self.exec_context_parts();
                let mut cx = parts.build(&mut notices);
                cx.params = &params;
                executor::run_planned(&planned, &mut cx, &mut sink)
            };
            self.notices.extend(notices);
            if let Some(p) = self.objects.portals.get_mut(name) {
                p.state = PortalState::Done;
            }
            let tag = result?;
            self.pgstat_count_statement(&raw.stmt, &tag);
            self.flush_messages(out);
            return out.command_complete(&tag);
        }
        let mut sink = CollectSink::new(!formats.contains(&1));
        let result = {
            let mut parts = self.exec_context_parts();
            let mut cx = parts.build(&mut notices);
            cx.params = &params;
            executor::run_planned(&planned, &mut cx, &mut sink)
        };
        self.notices.extend(notices);
        let tag = result?;
        self.flush_messages(out);
        let is_select = planned.command == analyzer::CmdType::Select;
        let Some(portal) = self.objects.portals.get_mut(name) else {
            return Ok(());
        };
        portal.state = PortalState::Buffered {
            rows: sink.rows,
            tag: if is_select { None } else { Some(tag) },
        };
        emit_buffered(portal, limit, &env, out)
    }

    /// Close message for a statement ('S') or portal ('P'); closing what doesn't exist is
    /// not an error.
    pub fn close_message(&mut self, kind: u8, name: &str, out: &mut dyn Output) -> bool {
        if kind == b'S' {
            self.objects.prepared.remove(name);
        } else {
            self.objects.portals.remove(name);
        }
        self.finish_message(Ok(()), out, |o| o.close_complete())
    }

    /// Sync: end the implicit transaction (commit, or abort after an error). The caller
    /// sends ReadyForQuery with `transaction_status()`.
    pub fn sync_message(&mut self, out: &mut dyn Output) {
        if self.xact.active && self.xact.block == Block::None {
            if let Err(e) = self.finish_transaction(true) {
                self.flush_messages(out);
                let _ = out.error(&e);
            }
        }
        self.flush_messages(out);
        self.drop_portals_after_transaction();
        self.report_idle();
    }

    /// Portals and cursors live until their transaction ends (WITH HOLD cursors of a
    /// committed transaction stay).
    pub(crate) fn drop_portals_after_transaction(&mut self) {
        if !self.xact.active {
            self.objects.portals.clear();
            if !self.objects.cursors.is_empty() {
                let committed = !self.objects.xact_aborted;
                self.end_transaction_cursors(committed);
            }
            self.objects.xact_aborted = false;
        }
    }

    /// Report a message's outcome: `complete` on success, the error (aborting the
    /// transaction as PostgreSQL does) on failure.
    fn finish_message(
        &mut self,
        result: PgResult<()>,
        out: &mut dyn Output,
        complete: impl FnOnce(&mut dyn Output) -> PgResult<()>,
    ) -> bool {
        self.flush_messages(out);
        match result {
            Ok(()) => {
                let _ = complete(out);
                true
            }
            Err(e) => {
                self.fail(e, out);
                self.drop_portals_after_transaction();
                false
            }
        }
    }
}

/// RowDescription entries with the portal's formats (none = text).
fn describe_columns(columns: &[ResultColumn], formats: &[i16]) -> Vec<ColumnDesc> {
    columns
        .iter()
        .enumerate()
        .map(|(i, c)| crate::results::column_desc_format(c, formats.get(i).copied().unwrap_or(0)))
        .collect()
}

/// Send up to `limit` buffered rows; PortalSuspended if rows remain, else CommandComplete.
fn emit_buffered(
    portal: &mut Portal,
    limit: usize,
    env: &types::SessionEnv,
    out: &mut dyn Output,
) -> PgResult<()> {
    let types: Vec<Oid> = portal
        .columns
        .as_ref()
        .map(|c| c.iter().map(|c| c.type_oid).collect())
        .unwrap_or_default();
    let PortalState::Buffered { rows, tag } = &mut portal.state else {
        return Ok(());
    };
    let mut sink = RowSink::for_portal(out, env, types, portal.formats.clone());
    let mut sent = 0usize;
    while sent < limit {
        let Some(row) = rows.pop_front() else { break };
        executor::ResultSink::row(&mut sink, &row)?;
        sent += 1;
    }
    if !rows.is_empty() {
        return out.portal_suspended();
    }
    let tag = tag.take().unwrap_or_else(|| format!("SELECT {sent}"));
    portal.state = PortalState::Done;
    out.command_complete(&tag)
}
