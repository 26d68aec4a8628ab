//! Transaction block state of a session: implicit vs explicit transactions, the failed-block
//! state (25P02), snapshots per statement, command-counter increments, commit and abort (of
//! the top-level xid with its subtransactions; savepoints themselves are in savepoint.rs), and
//! undoing SET / SET LOCAL when a transaction ends.

use crate::session::Session;
use common::{pg_err, PgResult};
use executor::TxnState;

/// Explicit transaction block status (what ReadyForQuery reports).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Block {
    /// No explicit block (an implicit transaction may be open while a query string runs).
    None,
    /// Inside BEGIN ... COMMIT.
    InProgress,
    /// Inside a block whose transaction failed; only ROLLBACK/COMMIT are accepted.
    Failed,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Isolation {
    ReadCommitted,
    RepeatableRead,
    Serializable,
}

impl Isolation {
    pub(crate) fn parse(s: &str) -> Option<Isolation> {
        match s.to_ascii_lowercase().as_str() {
            "read committed" | "read uncommitted" => Some(Isolation::ReadCommitted),
            "repeatable read" => Some(Isolation::RepeatableRead),
            "serializable" => Some(Isolation::Serializable),
            _ => None,
        }
    }
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Isolation::ReadCommitted => "read committed",
            Isolation::RepeatableRead => "repeatable read",
            Isolation::Serializable => "serializable",
        }
    }
}

/// The session's transaction state.
pub(crate) struct XactState {
    /// A transaction (implicit or explicit) is open.
    pub active: bool,
    pub block: Block,
    pub txn: TxnState,
    pub isolation: Isolation,
    pub read_only: bool,
    /// A snapshot has been taken for this transaction (REPEATABLE READ keeps the first).
    pub snapshot_taken: bool,
    /// Settings as they were when the transaction first changed one (restored on abort).
    pub saved_gucs: Option<guc::Settings>,
    /// Parameters changed with SET LOCAL (restored at commit too).
    pub local_sets: Vec<String>,
    /// Open savepoints, outermost first (one per level of `txn.subxacts`).
    pub savepoints: Vec<crate::savepoint::Savepoint>,
}

impl XactState {
    pub(crate) fn new() -> XactState {
        XactState {
            active: false,
            block: Block::None,
            txn: TxnState::default(),
            isolation: Isolation::ReadCommitted,
            read_only: false,
            snapshot_taken: false,
            saved_gucs: None,
            local_sets: Vec::new(),
            savepoints: Vec::new(),
        }
    }
}

impl Session {
    /// Open a transaction if none is open (the start of an implicit transaction or of BEGIN).
    pub(crate) fn ensure_transaction(&mut self) {
        if self.xact.active {
            return;
        }
        self.xact.active = true;
        self.xact.txn = TxnState::default();
        self.xact.snapshot_taken = false;
        self.xact.isolation = self
            .gucs
            .get("default_transaction_isolation")
            .ok()
            .and_then(|s| Isolation::parse(&s))
            .unwrap_or(Isolation::ReadCommitted);
        self.xact.read_only = self
            .gucs
            .get_bool("default_transaction_read_only")
            .unwrap_or(false);
        let now = types::env::now_pg_micros();
        self.env.transaction_timestamp = now;
        self.env.statement_timestamp = now;
    }

    /// Take the snapshot for the next statement (every statement in READ COMMITTED, the first
    /// one otherwise), after advancing the command counter past earlier writes.
    pub(crate) fn begin_statement(&mut self) {
        self.command_counter_increment();
        self.xact.txn.transaction_snapshot = self.xact.isolation != Isolation::ReadCommitted;
        self.xact.txn.read_only = self.xact.read_only;
        let fresh = !self.xact.snapshot_taken || self.xact.isolation == Isolation::ReadCommitted;
        if !self.xact.snapshot_taken
            && self.xact.isolation == Isolation::Serializable
            && self.xact.txn.ssi.is_none()
        {
            self.xact.txn.ssi = Some(self.engine.tm.ssi.begin());
        }
        if fresh {
            self.xact.txn.snapshot = self
                .engine
                .tm
                .snapshot(self.xact.txn.xid, self.xact.txn.cid);
            self.xact.snapshot_taken = true;
            // VACUUM and index clean-up keep what this snapshot (or an open cursor's) sees.
            let xmin = self
                .oldest_cursor_xmin()
                .map_or(self.xact.txn.snapshot.xmin, |c| {
                    c.min(self.xact.txn.snapshot.xmin)
                });
            self.engine
                .tm
                .set_backend_xmin(self.backend_pid as i64, Some(xmin));
        } else {
            self.xact.txn.snapshot.curcid = self.xact.txn.cid;
            self.xact.txn.sync_snapshot();
        }
    }

    /// Make this transaction's earlier writes visible to its later commands.
    pub(crate) fn command_counter_increment(&mut self) {
        if self.xact.txn.wrote || self.xact.txn.catalog_modified {
            self.xact.txn.cid += 1;
            self.xact.txn.wrote = false;
            self.xact.txn.snapshot.curcid = self.xact.txn.cid;
        }
    }

    /// End the open transaction, committing or aborting it.
    pub(crate) fn finish_transaction(&mut self, commit: bool) -> PgResult<()> {
        if !self.xact.active {
            return Ok(());
        }
        if commit {
            // Deferred constraint checks (constraint_cmd.rs); a failure rolls back.
            if let Err(e) = self.run_deferred_checks() {
                self.objects.xact_aborted = true;
                let _ = self.finish_transaction(false);
                return Err(e);
            }
            // WITH HOLD cursors outlive the transaction: compute their rows now.
            if let Err(e) = self.materialize_held_cursors() {
                self.objects.xact_aborted = true;
                let _ = self.finish_transaction(false);
                return Err(e);
            }
        }
        self.engine
            .tm
            .set_backend_xmin(self.backend_pid as i64, None);
        if let Some(sx) = self.xact.txn.ssi.take() {
            if !commit {
                self.engine.tm.ssi.abort(sx);
            } else if let Err(e) = self.engine.tm.ssi.pre_commit(sx) {
                self.engine.tm.ssi.abort(sx);
                let _ = self.finish_transaction(false);
                return Err(e);
            }
        }
        // The top-level xid; committing or aborting it covers its live subtransactions.
        let xid = self.xact.txn.top_xid();
        let subs = self.xact.txn.subxacts.live_subxids();
        let mut result = Ok(());
        if xid != txn::INVALID_XID {
            if commit {
                let synchronous = self
                    .gucs
                    .get("synchronous_commit")
                    .ok()
                    .map(|v| !v.eq_ignore_ascii_case("off"));
                result = self.engine.tm.commit_with(xid, synchronous);
                if result.is_ok() {
                    for &s in &subs {
                        self.engine.catalog.at_commit(s);
                    }
                    self.engine.catalog.at_commit(xid);
                } else {
                    let _ = self.engine.tm.abort(xid);
                    for &s in &subs {
                        self.engine.catalog.at_abort(s);
                    }
                    self.engine.catalog.at_abort(xid);
                }
            } else {
                let _ = self.engine.tm.abort(xid);
                for &s in &subs {
                    self.engine.catalog.at_abort(s);
                }
                self.engine.catalog.at_abort(xid);
            }
        }
        self.release_transaction_locks();
        self.xact.savepoints.clear();
        let committed = commit && result.is_ok();
        self.end_transaction_settings(committed);
        self.xact.active = false;
        self.xact.block = Block::None;
        self.xact.txn = TxnState::default();
        self.xact.snapshot_taken = false;
        result
    }

    /// Abort the work of a failed transaction now but keep the block open in the failed state
    /// (inside BEGIN), or close it (implicit transaction).
    pub(crate) fn abort_after_error(&mut self) {
        if !self.xact.active {
            return;
        }
        if self.xact.block == Block::InProgress || self.xact.block == Block::Failed {
            if !self.xact.savepoints.is_empty() {
                // The innermost subtransaction failed: ROLLBACK TO a savepoint discards its
                // work and resumes; ROLLBACK / COMMIT abort everything.
                self.xact.block = Block::Failed;
                return;
            }
            let xid = self.xact.txn.top_xid();
            if xid != txn::INVALID_XID {
                let subs = self.xact.txn.subxacts.live_subxids();
                let _ = self.engine.tm.abort(xid);
                for &s in &subs {
                    self.engine.catalog.at_abort(s);
                }
                self.engine.catalog.at_abort(xid);
            }
            if let Some(sx) = self.xact.txn.ssi.take() {
                self.engine.tm.ssi.abort(sx);
            }
            self.release_transaction_locks();
            self.xact.txn = TxnState::default();
            self.xact.block = Block::Failed;
        } else {
            let _ = self.finish_transaction(false);
        }
    }

    /// Remember the settings before the first SET inside a transaction.
    pub(crate) fn note_setting_change(&mut self, local: bool, name: &str) {
        if self.xact.active && self.xact.saved_gucs.is_none() {
            self.xact.saved_gucs = Some(self.gucs.clone());
        }
        if self.xact.active {
            self.note_setting_change_for_savepoints();
        }
        if local && self.xact.active {
            self.xact.local_sets.push(name.to_string());
        }
    }

    fn end_transaction_settings(&mut self, committed: bool) {
        let saved = self.xact.saved_gucs.take();
        let locals = std::mem::take(&mut self.xact.local_sets);
        let Some(saved) = saved else { return };
        if !committed {
            self.restore_settings(saved);
            return;
        }
        for name in locals {
            if let Ok(v) = saved.get(&name) {
                let _ = self
                    .gucs
                    .set(&name, &v, guc::Context::Superuser, guc::Source::Session);
            }
        }
        crate::env::refresh_env(&mut self.env, &self.gucs);
    }

    /// Put back settings saved earlier (transaction or savepoint rollback).
    pub(crate) fn restore_settings(&mut self, saved: guc::Settings) {
        let reports_before: Vec<(String, String)> = self.gucs.report_all();
        self.gucs = saved;
        self.restore_reports(reports_before);
        crate::env::refresh_env(&mut self.env, &self.gucs);
    }

    /// After settings were swapped wholesale, queue ParameterStatus for reported values that
    /// changed.
    fn restore_reports(&mut self, before: Vec<(String, String)>) {
        let after = self.gucs.report_all();
        for ((name, old), (_, new)) in before.into_iter().zip(after) {
            if old != new {
                self.pending_reports.push((name, new));
            }
        }
    }

    /// Handle a transaction-control statement; returns its command tag.
    pub(crate) fn exec_transaction(
        &mut self,
        stmt: &parser::ast::TransactionStmt,
    ) -> PgResult<String> {
        use parser::ast::TransactionStmt as T;
        match stmt {
            T::Begin(modes) => {
                if self.xact.block != Block::None {
                    self.warn(
                        common::sqlstate::ACTIVE_SQL_TRANSACTION,
                        "there is already a transaction in progress",
                    );
                } else {
                    self.ensure_transaction();
                    self.xact.block = Block::InProgress;
                }
                self.apply_transaction_modes(modes)?;
                Ok("BEGIN".into())
            }
            T::Commit { .. } => match self.xact.block {
                Block::None => {
                    self.warn(
                        common::sqlstate::NO_ACTIVE_SQL_TRANSACTION,
                        "there is no transaction in progress",
                    );
                    self.finish_transaction(true)?;
                    Ok("COMMIT".into())
                }
                Block::InProgress => {
                    self.finish_transaction(true)?;
                    Ok("COMMIT".into())
                }
                Block::Failed => {
                    self.finish_transaction(false)?;
                    Ok("ROLLBACK".into())
                }
            },
            T::Rollback { .. } => {
                if self.xact.block == Block::None {
                    self.warn(
                        common::sqlstate::NO_ACTIVE_SQL_TRANSACTION,
                        "there is no transaction in progress",
                    );
                }
                self.finish_transaction(false)?;
                Ok("ROLLBACK".into())
            }
            T::SetTransaction { modes, session } => {
                if *session {
                    for m in modes {
                        self.apply_session_mode(m)?;
                    }
                    return Ok("SET".into());
                }
                if self.xact.block == Block::None {
                    self.warn(
                        common::sqlstate::NO_ACTIVE_SQL_TRANSACTION,
                        "SET TRANSACTION can only be used in transaction blocks",
                    );
                    return Ok("SET".into());
                }
                self.apply_transaction_modes(modes)?;
                Ok("SET".into())
            }
            T::Savepoint(_) | T::Release(_) | T::RollbackTo(_) => self.exec_savepoint(stmt),
            T::PrepareTransaction(_) => {
                // max_prepared_transactions is 0: the transaction ends (rolled back) and the
                // PREPARE fails.
                self.objects.xact_aborted = true;
                let _ = self.finish_transaction(false);
                Err(pg_err!(
                    OBJECT_NOT_IN_PREREQUISITE_STATE,
                    "prepared transactions are disabled"
                )
                .with_hint("Set max_prepared_transactions to a nonzero value."))
            }
            T::CommitPrepared(gid) | T::RollbackPrepared(gid) => {
                if self.xact.block != Block::None {
                    let what = if matches!(stmt, T::CommitPrepared(_)) {
                        "COMMIT PREPARED"
                    } else {
                        "ROLLBACK PREPARED"
                    };
                    return Err(pg_err!(
                        ACTIVE_SQL_TRANSACTION,
                        "{} cannot run inside a transaction block",
                        what
                    ));
                }
                Err(pg_err!(
                    UNDEFINED_OBJECT,
                    "prepared transaction with identifier \"{}\" does not exist",
                    gid
                ))
            }
        }
    }

    fn apply_transaction_modes(&mut self, modes: &[parser::ast::TransactionMode]) -> PgResult<()> {
        use parser::ast::TransactionMode as M;
        for m in modes {
            match m {
                M::IsolationLevel(level) => {
                    let iso = Isolation::parse(level).unwrap_or(Isolation::ReadCommitted);
                    if self.xact.snapshot_taken && iso != self.xact.isolation {
                        return Err(pg_err!(
                            ACTIVE_SQL_TRANSACTION,
                            "SET TRANSACTION ISOLATION LEVEL must be called before any query"
                        ));
                    }
                    if !self.xact.savepoints.is_empty() && iso != self.xact.isolation {
                        return Err(pg_err!(
                            ACTIVE_SQL_TRANSACTION,
                            "SET TRANSACTION ISOLATION LEVEL must not be called in a subtransaction"
                        ));
                    }
                    self.xact.isolation = iso;
                }
                M::ReadOnly => self.xact.read_only = true,
                M::ReadWrite => {
                    if self.xact.read_only && !self.xact.savepoints.is_empty() {
                        return Err(pg_err!(
                            ACTIVE_SQL_TRANSACTION,
                            "cannot set transaction read-write mode inside a read-only transaction"
                        ));
                    }
                    if self.xact.read_only && self.xact.snapshot_taken {
                        return Err(pg_err!(
                            ACTIVE_SQL_TRANSACTION,
                            "transaction read-write mode must be set before any query"
                        ));
                    }
                    self.xact.read_only = false;
                }
                M::Deferrable | M::NotDeferrable => {}
            }
        }
        Ok(())
    }

    fn apply_session_mode(&mut self, m: &parser::ast::TransactionMode) -> PgResult<()> {
        use parser::ast::TransactionMode as M;
        let (name, value) = match m {
            M::IsolationLevel(level) => ("default_transaction_isolation", level.clone()),
            M::ReadOnly => ("default_transaction_read_only", "on".to_string()),
            M::ReadWrite => ("default_transaction_read_only", "off".to_string()),
            M::Deferrable => ("default_transaction_deferrable", "on".to_string()),
            M::NotDeferrable => ("default_transaction_deferrable", "off".to_string()),
        };
        self.note_setting_change(false, name);
        self.gucs
            .set(name, &value, guc::Context::Superuser, guc::Source::Session)
    }
}
