//! `Session`: one client connection's state, startup checks, and the simple-query loop with
//! PostgreSQL's rules for statements in one query string (implicit transaction, stop at the
//! first error, failed transaction blocks).

use crate::engine::Engine;
use crate::extended::SessionObjects;
use crate::results::RowSink;
use crate::xact::{Block, XactState};
use crate::Output;
use catalog::{CatalogCx, DatabaseInfo, RoleInfo};
use common::{pg_err, Interrupts, PgError, PgResult, Severity, SqlState};
use parser::ast::{RawStmt, Statement};
use std::sync::Arc;
use types::SessionEnv;

/// What a client sent in its StartupMessage (and what the server derived from it).
#[derive(Clone, Debug, Default)]
pub struct StartupParams {
    pub user: String,
    pub database: String,
    /// GUC settings from the startup packet: `options` (-c name=value / --name=value) already
    /// split, plus parameters such as application_name, client_encoding, DateStyle, TimeZone.
    pub settings: Vec<(String, String)>,
}

/// One client session.
pub struct Session {
    pub(crate) engine: Arc<Engine>,
    pub(crate) db: DatabaseInfo,
    pub(crate) role: RoleInfo,
    pub(crate) gucs: guc::Settings,
    pub(crate) env: SessionEnv,
    pub(crate) interrupts: Interrupts,
    pub(crate) backend_pid: i32,
    pub(crate) xact: XactState,
    /// NOTICEs/WARNINGs waiting to be sent.
    pub(crate) notices: Vec<PgError>,
    /// ParameterStatus messages waiting to be sent.
    pub(crate) pending_reports: Vec<(String, String)>,
    /// Temporary tables created by this session, dropped when it ends.
    pub(crate) temp_relations: Vec<common::Oid>,
    /// Prepared statements and portals.
    pub(crate) objects: SessionObjects,
    /// This session's entry in the engine's activity registry (pg_stat_activity).
    pub(crate) status: crate::activity::StatusHandle,
}

fn fatal(code: SqlState, msg: String) -> PgError {
    PgError::new(code, msg).with_severity(Severity::Fatal)
}

impl Session {
    /// Session start: checks that the role and database exist (FATAL 28000
    /// `role "x" does not exist`, FATAL 3D000 `database "x" does not exist`) and applies the
    /// startup settings. `interrupts` is the handle the server uses to cancel statements.
    pub fn new(
        engine: Arc<Engine>,
        params: &StartupParams,
        interrupts: Interrupts,
    ) -> PgResult<Session> {
        Session::open(engine, params, interrupts, false)
    }

    /// A maintenance session (initdb's post-bootstrap VACUUM ANALYZE) that may also enter a
    /// database not accepting connections (template0).
    pub fn new_maintenance(engine: Arc<Engine>, params: &StartupParams) -> PgResult<Session> {
        Session::open(engine, params, Interrupts::new(), true)
    }

    fn open(
        engine: Arc<Engine>,
        params: &StartupParams,
        interrupts: Interrupts,
        any_database: bool,
    ) -> PgResult<Session> {
        let snapshot = engine.tm.snapshot(txn::INVALID_XID, 0);
        let (role, db, stored) = {
            let cx = CatalogCx {
                storage: &engine.storage,
                tm: &engine.tm,
                db_oid: 0,
                snapshot: &snapshot,
                xid: txn::INVALID_XID,
                cid: 0,
                interrupts: &interrupts,
            };
            let role = engine
                .catalog
                .role_by_name(&cx, &params.user)?
                .ok_or_else(|| {
                    fatal(
                        common::sqlstate::INVALID_AUTHORIZATION_SPECIFICATION,
                        format!("role \"{}\" does not exist", params.user),
                    )
                })?;
            let dbname = if params.database.is_empty() {
                &params.user
            } else {
                &params.database
            };
            let db = engine
                .catalog
                .database_by_name(&cx, dbname)?
                .ok_or_else(|| {
                    fatal(
                        common::sqlstate::INVALID_CATALOG_NAME,
                        format!("database \"{dbname}\" does not exist"),
                    )
                })?;
            let stored =
                crate::role_setting::session_settings(&engine.catalog, &cx, db.oid, role.oid)
                    .unwrap_or_default();
            (role, db, stored)
        };
        if !db.allow_connections && !any_database {
            return Err(fatal(
                common::sqlstate::OBJECT_NOT_IN_PREREQUISITE_STATE,
                format!(
                    "database \"{}\" is not currently accepting connections",
                    db.name
                ),
            ));
        }
        if !role.can_login {
            return Err(fatal(
                common::sqlstate::INVALID_AUTHORIZATION_SPECIFICATION,
                format!("role \"{}\" is not permitted to log in", role.name),
            ));
        }
        let mut gucs = engine
            .base_settings
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        for (name, value) in &stored {
            let _ = gucs.set(name, value, guc::Context::Backend, guc::Source::CommandLine);
        }
        for (name, value) in &params.settings {
            gucs.set(name, value, guc::Context::Backend, guc::Source::Client)
                .map_err(|e| e.with_severity(Severity::Fatal))?;
        }
        let _ = gucs.set_internal("session_authorization", &role.name);
        let _ = gucs.set_internal("is_superuser", if role.superuser { "on" } else { "off" });
        gucs.mark_session_start();
        let mut env = SessionEnv::default();
        crate::env::refresh_env(&mut env, &gucs);
        let backend_pid = engine.new_backend_id();
        let now = types::env::now_pg_micros();
        let status = Arc::new(std::sync::Mutex::new(crate::activity::BackendStatus {
            pid: backend_pid,
            datid: db.oid,
            datname: db.name.clone(),
            usesysid: role.oid,
            usename: role.name.clone(),
            application_name: gucs.get("application_name").unwrap_or_default(),
            backend_start: now,
            xact_start: None,
            query_start: None,
            state_change: now,
            state: "idle",
            query: String::new(),
            backend_xid: txn::INVALID_XID,
            interrupts: interrupts.clone(),
        }));
        engine.register_session(backend_pid, status.clone());
        let objects = SessionObjects {
            engine: Some(engine.clone()),
            ..SessionObjects::default()
        };
        Ok(Session {
            engine,
            db,
            role,
            gucs,
            env,
            interrupts,
            backend_pid,
            xact: XactState::new(),
            notices: Vec::new(),
            pending_reports: Vec::new(),
            temp_relations: Vec::new(),
            objects,
            status,
        })
    }

    /// The ParameterStatus values to send after authentication, in PostgreSQL 10.2's order.
    pub fn reported_parameters(&mut self) -> Vec<(String, String)> {
        self.gucs.report_all()
    }

    /// The identifier the server reports in BackendKeyData (and pg_backend_pid()).
    pub fn backend_pid(&self) -> i32 {
        self.backend_pid
    }

    /// Run a simple-protocol Query message (possibly several statements). Everything, including
    /// errors, goes to `out`; the caller then sends ReadyForQuery with `transaction_status()`.
    pub fn simple_query(&mut self, sql: &str, out: &mut dyn Output) {
        self.interrupts.clear();
        self.report_active(sql);
        // A simple query replaces the unnamed statement and portal.
        self.objects.prepared.remove("");
        self.objects.portals.remove("");
        let stmts = match self.parse_sql(sql) {
            Ok(s) => s,
            Err(e) => {
                self.fail(e, out);
                return;
            }
        };
        if stmts.is_empty() {
            let _ = out.empty_query();
            return;
        }
        for raw in &stmts {
            let result = self.run_statement(raw, sql, out);
            self.flush_messages(out);
            match result {
                Ok(Some(tag)) => {
                    if out.command_complete(&tag).is_err() {
                        break;
                    }
                }
                Ok(None) => {}
                Err(e) => {
                    self.fail(e, out);
                    return;
                }
            }
        }
        // The implicit transaction of this query string ends with it.
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

    /// pg_stat_activity: a statement starts.
    pub(crate) fn report_active(&mut self, query: &str) {
        let now = types::env::now_pg_micros();
        let mut s = crate::activity::lock(&self.status);
        s.state = "active";
        s.query = query.to_string();
        s.query_start = Some(now);
        s.state_change = now;
        s.xact_start = Some(if self.xact.active {
            self.env.transaction_timestamp
        } else {
            now
        });
        s.backend_xid = self.xact.txn.top_xid();
    }

    /// pg_stat_activity: the session waits for the client.
    pub(crate) fn report_idle(&mut self) {
        let mut s = crate::activity::lock(&self.status);
        s.state = match self.xact.block {
            Block::None if !self.xact.active => "idle",
            Block::Failed => "idle in transaction (aborted)",
            _ => "idle in transaction",
        };
        s.state_change = types::env::now_pg_micros();
        s.xact_start = self.xact.active.then_some(self.env.transaction_timestamp);
        s.backend_xid = self.xact.txn.top_xid();
        if let Ok(name) = self.gucs.get("application_name") {
            s.application_name = name;
        }
    }

    /// Split a query string into statements with the session's lexer settings.
    pub(crate) fn parse_sql(&mut self, sql: &str) -> PgResult<Vec<RawStmt>> {
        let opts = parser::ParseOptions {
            standard_conforming_strings: self
                .gucs
                .get_bool("standard_conforming_strings")
                .unwrap_or(true),
            escape_string_warning: self.gucs.get_bool("escape_string_warning").unwrap_or(true),
        };
        let (stmts, notices) = parser::parse_with_options(sql, opts)?;
        self.notices.extend(notices);
        Ok(stmts)
    }

    /// Report an error and put the transaction in the right state.
    pub(crate) fn fail(&mut self, e: PgError, out: &mut dyn Output) {
        if self.xact.active {
            self.objects.xact_aborted = true;
        }
        self.abort_after_error();
        self.flush_messages(out);
        let _ = out.error(&e);
    }

    pub(crate) fn flush_messages(&mut self, out: &mut dyn Output) {
        for n in std::mem::take(&mut self.notices) {
            let _ = out.notice(&n);
        }
        self.pending_reports.extend(self.gucs.take_reports());
        for (name, value) in std::mem::take(&mut self.pending_reports) {
            let _ = out.parameter_status(&name, &value);
        }
    }

    /// Queue a WARNING with the given SQLSTATE.
    pub(crate) fn warn(&mut self, code: SqlState, msg: &str) {
        let mut w = PgError::warning(msg);
        w.code = code;
        self.notices.push(w);
    }

    /// Queue a NOTICE with the given SQLSTATE.
    pub(crate) fn notice(&mut self, code: SqlState, msg: &str) {
        let mut n = PgError::notice(msg);
        n.code = code;
        self.notices.push(n);
    }

    /// Execute one statement; returns its command tag (None when nothing is to be reported).
    pub(crate) fn run_statement(
        &mut self,
        raw: &RawStmt,
        sql: &str,
        out: &mut dyn Output,
    ) -> PgResult<Option<String>> {
        self.interrupts.check()?;
        let stmt = &raw.stmt;
        if self.xact.block == Block::Failed && !allowed_in_failed_block(stmt) {
            return Err(pg_err!(
                IN_FAILED_SQL_TRANSACTION,
                "current transaction is aborted, commands ignored until end of transaction block"
            ));
        }
        if let Statement::Transaction(t) = stmt {
            if matches!(t, parser::ast::TransactionStmt::Rollback { .. }) {
                self.objects.xact_aborted = true;
            }
            let tag = self.exec_transaction(t);
            self.drop_portals_after_transaction();
            return tag.map(Some);
        }
        // The statement's snapshot is its own (may be refreshed after a lock wait).
        let fresh_snapshot = !self.xact.active
            || !self.xact.snapshot_taken
            || self.xact.isolation == crate::xact::Isolation::ReadCommitted;
        let _timer = self.statement_prologue();
        if self.xact.read_only {
            if let Some(what) = crate::readonly::write_command(stmt) {
                return Err(pg_err!(
                    READ_ONLY_SQL_TRANSACTION,
                    "cannot execute {} in a read-only transaction",
                    what
                ));
            }
        }
        self.lock_for_utility(stmt, fresh_snapshot)?;
        let tag = match stmt {
            Statement::Lock(l) => self.exec_lock(l, fresh_snapshot)?,
            Statement::VariableSet(s) => self.exec_set(s)?,
            Statement::VariableShow(s) => self.exec_show(s, out)?,
            Statement::CreateTable(c) => {
                let tag = self.exec_create_table(c, sql)?;
                self.record_default_deps(&c.name)?;
                tag
            }
            Statement::CreateSchema(c) => self.exec_create_schema(c, sql)?,
            Statement::Drop(d) if d.kind == parser::ast::ObjectKind::Database => {
                self.exec_drop_database(d)?
            }
            Statement::Drop(d) if d.kind == parser::ast::ObjectKind::Index => {
                self.exec_drop_index(d)?
            }
            Statement::CreateView(c) => self.exec_create_view(c, sql)?,
            Statement::Drop(d) if d.kind == parser::ast::ObjectKind::View => {
                self.exec_drop_view(d)?
            }
            Statement::Rename(r) if r.kind == parser::ast::ObjectKind::View => {
                self.exec_rename_view(r)?
            }
            Statement::Rename(r)
                if matches!(
                    r.kind,
                    parser::ast::ObjectKind::Sequence | parser::ast::ObjectKind::Index
                ) =>
            {
                self.exec_rename_relation(r)?
            }
            Statement::Drop(d) if d.kind == parser::ast::ObjectKind::Sequence => {
                self.exec_drop_sequence(d)?
            }
            Statement::CreateSequence(c) => {
                let text = sql.get(raw.location..raw.location + raw.len).unwrap_or("");
                self.exec_create_sequence(c, sql, text)?
            }
            Statement::AlterSequence(a) => self.exec_alter_sequence(a, sql)?,
            Statement::Drop(d) if d.kind == parser::ast::ObjectKind::Role => {
                self.exec_drop_role(d)?
            }
            Statement::CreateRole(c) => self.exec_create_role(c)?,
            Statement::AlterRole(a) => self.exec_alter_role(a)?,
            Statement::AlterDatabase(a) => self.exec_alter_database(a)?,
            Statement::Grant(g) if g.object_kind == parser::ast::ObjectKind::Role => {
                self.exec_grant_role(g)?
            }
            Statement::Comment(c) => self.exec_comment(c)?,
            Statement::Drop(d) => self.exec_drop(d)?,
            Statement::CreateIndex(c) => self.exec_create_index(c)?,
            Statement::CreateDatabase(c) => self.exec_create_database(c)?,
            Statement::CreateTableAs(c) if !c.materialized => self.exec_create_table_as(
                &c.name,
                &c.columns,
                &c.query,
                c.temporary,
                c.if_not_exists,
                c.with_data,
                sql,
            )?,
            Statement::Select(sel) if Self::split_select_into(sel).is_some() => {
                let Some((query, target, temporary)) = Self::split_select_into(sel) else {
                    return Err(PgError::internal("SELECT INTO target vanished"));
                };
                self.exec_create_table_as(&target, &[], &query, temporary, false, true, sql)?
            }
            Statement::AlterTable(a) => {
                let tag = self.exec_alter_table(a, sql)?;
                if a.object_kind == parser::ast::ObjectKind::Table {
                    self.record_default_deps(&a.table)?;
                }
                tag
            }
            Statement::Truncate(t) => self.exec_truncate(t)?,
            Statement::Vacuum(v) => self.exec_vacuum_stmt(v, false)?,
            Statement::Analyze(v) => self.exec_vacuum_stmt(v, true)?,
            Statement::Copy(c) => {
                let tag = self.exec_copy(c, sql, out)?;
                self.pgstat_count_statement(stmt, &tag);
                tag
            }
            Statement::Prepare(p) => self.exec_prepare(p, sql)?,
            Statement::Execute(e) => return self.exec_execute(e, sql, out),
            Statement::Explain(e) => self.exec_explain(e, sql, out)?,
            Statement::Deallocate(d) => self.exec_deallocate(d)?,
            Statement::DeclareCursor(d) => self.exec_declare(d, sql)?,
            Statement::Fetch(f) => self.exec_fetch(f, out)?,
            Statement::ClosePortal(c) => self.exec_close_cursor(c)?,
            Statement::Checkpoint => {
                self.engine.checkpoint()?;
                "CHECKPOINT".to_string()
            }
            Statement::Discard(parser::ast::DiscardStmt::Sequences) => {
                executor::sequence::session_ended(&self.engine.storage, self.backend_pid);
                "DISCARD SEQUENCES".to_string()
            }
            Statement::Discard(_) => {
                executor::sequence::session_ended(&self.engine.storage, self.backend_pid);
                self.gucs.reset_all();
                crate::env::refresh_env(&mut self.env, &self.gucs);
                "DISCARD ALL".to_string()
            }
            Statement::Unsupported { tag, .. } if tag == "SET CONSTRAINTS" => {
                let text = sql.get(raw.location..raw.location + raw.len).unwrap_or("");
                self.exec_set_constraints(text)?
            }
            Statement::Grant(g) if crate::grant_cmd::handles(g) => self.exec_grant(g)?,
            Statement::Unsupported { tag, .. } if tag == "ALTER SCHEMA" => {
                let text = sql.get(raw.location..raw.location + raw.len).unwrap_or("");
                self.exec_alter_schema_owner(text)?
            }
            Statement::Unsupported { tag, .. } if tag == "REINDEX" => {
                let text = sql.get(raw.location..raw.location + raw.len).unwrap_or("");
                self.exec_reindex(text)?
            }
            Statement::Unsupported { what, .. } => {
                return Err(pg_err!(
                    FEATURE_NOT_SUPPORTED,
                    "{what} is not supported yet"
                ));
            }
            _ => self.exec_query(stmt, sql, out)?,
        };
        Ok(Some(tag))
    }

    /// Start a statement: open a transaction if needed, take its snapshot and arm
    /// statement_timeout (the returned guard disarms it when dropped).
    pub(crate) fn statement_prologue(&mut self) -> Option<crate::timeout::TimerGuard> {
        self.ensure_transaction();
        self.lock_prologue();
        self.env.statement_timestamp = types::env::now_pg_micros();
        self.begin_statement();
        match self.gucs.get_int("statement_timeout") {
            Ok(ms) if ms > 0 => Some(self.engine.timers.arm(
                std::time::Duration::from_millis(ms as u64),
                self.interrupts.clone(),
            )),
            _ => None,
        }
    }

    /// Run a statement through the executor, streaming rows to `out`.
    fn exec_query(
        &mut self,
        stmt: &Statement,
        sql: &str,
        out: &mut dyn Output,
    ) -> PgResult<String> {
        let env = self.env.clone();
        let mut sink = RowSink::new(out, &env);
        let mut notices = Vec::new();
        let result = {
            let mut parts = self.exec_context_parts();
            let mut cx = parts.build(&mut notices);
            executor::table_locks::execute_locked(stmt, sql, &mut cx, &mut sink)
        };
        self.notices.extend(notices);
        if let Ok(tag) = &result {
            self.pgstat_count_statement(stmt, tag);
        }
        result
    }

    /// Borrow what an `executor::ExecContext` needs from the session.
    pub(crate) fn exec_context_parts(&mut self) -> ExecParts<'_> {
        ExecParts { s: self }
    }

    /// A catalog context for the current transaction (assigning an xid when `write` is set).
    pub(crate) fn with_catalog<T>(
        &mut self,
        write: bool,
        f: impl FnOnce(&catalog::Catalog, &CatalogCx) -> PgResult<T>,
    ) -> PgResult<T> {
        if write {
            self.xact.txn.assign_xid(&self.engine.tm)?;
            self.xact.txn.catalog_modified = true;
            self.xact.txn.wrote = true;
        }
        let engine = self.engine.clone();
        let cx = CatalogCx {
            storage: &engine.storage,
            tm: &engine.tm,
            db_oid: self.db.oid,
            snapshot: &self.xact.txn.snapshot,
            xid: self.xact.txn.xid,
            cid: self.xact.txn.cid,
            interrupts: &self.interrupts,
        };
        f(&engine.catalog, &cx)
    }

    /// idle_in_transaction_session_timeout while a transaction block is open (None otherwise
    /// or when it is 0).
    pub fn idle_in_transaction_timeout(&self) -> Option<std::time::Duration> {
        if self.xact.block == Block::None {
            return None;
        }
        match self.gucs.get_int("idle_in_transaction_session_timeout") {
            Ok(ms) if ms > 0 => Some(std::time::Duration::from_millis(ms as u64)),
            _ => None,
        }
    }

    /// 'I' idle, 'T' in a transaction block, 'E' in a failed transaction block.
    pub fn transaction_status(&self) -> u8 {
        match self.xact.block {
            Block::None => b'I',
            Block::InProgress => b'T',
            Block::Failed => b'E',
        }
    }

    /// The connection is closing: abort any open transaction and release resources.
    pub fn terminate(&mut self) {
        let _ = self.finish_transaction(false);
        self.drop_temp_relations();
    }

    /// Drop the session's temporary tables (those that still exist) in one transaction.
    fn drop_temp_relations(&mut self) {
        let oids = std::mem::take(&mut self.temp_relations);
        if oids.is_empty() {
            return;
        }
        self.ensure_transaction();
        self.begin_statement();
        let mut result = Ok(());
        for oid in oids {
            let exists = self.with_catalog(false, |cat, cx| cat.relation_by_oid(cx, oid));
            if let Ok(Some(_)) = exists {
                result = self.with_catalog(true, |cat, cx| cat.drop_relation(cx, oid));
                if result.is_err() {
                    break;
                }
                self.command_counter_increment();
            }
        }
        let _ = self.finish_transaction(result.is_ok());
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if self.xact.active {
            let _ = self.finish_transaction(false);
        }
        self.drop_temp_relations();
        self.engine.tm.locks.release_backend(self.backend_pid);
        self.engine.unregister_session(self.backend_pid);
        executor::sequence::session_ended(&self.engine.storage, self.backend_pid);
    }
}

/// The session borrowed for building an executor context.
pub(crate) struct ExecParts<'a> {
    s: &'a mut Session,
}

impl ExecParts<'_> {
    pub(crate) fn build<'b>(
        &'b mut self,
        notices: &'b mut Vec<PgError>,
    ) -> executor::ExecContext<'b> {
        let s = &mut *self.s;
        executor::ExecContext {
            storage: &s.engine.storage,
            tm: &s.engine.tm,
            catalog: &s.engine.catalog,
            db_oid: s.db.oid,
            db_name: &s.db.name,
            user_oid: s.role.oid,
            user_name: &s.role.name,
            txn: &mut s.xact.txn,
            env: &s.env,
            gucs: &mut s.gucs,
            interrupts: &s.interrupts,
            notices,
            backend_pid: s.backend_pid,
            params: &[],
            session_relations: Some(&s.objects),
        }
    }
}

/// Statements accepted in a failed transaction block.
fn allowed_in_failed_block(stmt: &Statement) -> bool {
    use parser::ast::TransactionStmt as T;
    matches!(
        stmt,
        Statement::Transaction(T::Commit { .. })
            | Statement::Transaction(T::Rollback { .. })
            | Statement::Transaction(T::RollbackTo(_))
    )
}
