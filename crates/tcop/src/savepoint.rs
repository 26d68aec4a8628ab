//! SAVEPOINT, RELEASE [SAVEPOINT] and ROLLBACK TO [SAVEPOINT]: the session's savepoint stack
//! (one entry per open subtransaction level of `TxnState::subxacts`), with PostgreSQL's
//! semantics: names may repeat (the latest wins), RELEASE closes the named level and all later
//! ones, ROLLBACK TO aborts their work (rows, catalog changes, SET / SET LOCAL) but keeps the
//! named savepoint, and also leaves the failed-block state.

use crate::session::Session;
use crate::xact::Block;
use common::{pg_err, PgResult};

/// One open savepoint.
pub(crate) struct Savepoint {
    pub name: String,
    /// Settings as they were when the savepoint was set, saved lazily by the first SET after
    /// it (None: nothing changed since).
    pub gucs: Option<guc::Settings>,
    /// Length of the transaction's SET LOCAL list when the savepoint was set.
    pub local_len: usize,
    /// transaction_read_only when the savepoint was set (restored when its level ends, by
    /// RELEASE or ROLLBACK TO, like PostgreSQL's prevXactReadOnly).
    pub read_only: bool,
}

impl Session {
    /// Run SAVEPOINT / RELEASE / ROLLBACK TO; returns the command tag.
    pub(crate) fn exec_savepoint(
        &mut self,
        stmt: &parser::ast::TransactionStmt,
    ) -> PgResult<String> {
        use parser::ast::TransactionStmt as T;
        let (what, name) = match stmt {
            T::Savepoint(n) => ("SAVEPOINT", n),
            T::Release(n) => ("RELEASE SAVEPOINT", n),
            T::RollbackTo(n) => ("ROLLBACK TO SAVEPOINT", n),
            _ => return Err(pg_err!(INTERNAL_ERROR, "not a savepoint statement")),
        };
        if self.xact.block == Block::None || !self.xact.active {
            return Err(pg_err!(
                NO_ACTIVE_SQL_TRANSACTION,
                "{what} can only be used in transaction blocks"
            ));
        }
        match stmt {
            T::Savepoint(_) => {
                self.xact.txn.begin_subxact();
                self.xact.savepoints.push(Savepoint {
                    name: name.clone(),
                    gucs: None,
                    local_len: self.xact.local_sets.len(),
                    read_only: self.xact.read_only,
                });
                let depth = self.xact.savepoints.len() as u32;
                self.engine.tm.locks.subxact_begin(self.backend_pid, depth);
                Ok("SAVEPOINT".into())
            }
            T::Release(_) => {
                let level = self.find_savepoint(name)?;
                self.xact.txn.release_subxacts(level);
                if let Some(sp) = self.xact.savepoints.get(level) {
                    self.xact.read_only = sp.read_only;
                }
                self.xact.savepoints.truncate(level);
                self.engine
                    .tm
                    .locks
                    .subxact_release(self.backend_pid, level as u32);
                Ok("RELEASE".into())
            }
            _ => {
                let level = self.find_savepoint(name)?;
                self.rollback_to_level(level);
                Ok("ROLLBACK".into())
            }
        }
    }

    /// The level of the latest savepoint called `name` (3B001 if there is none).
    fn find_savepoint(&self, name: &str) -> PgResult<usize> {
        self.xact
            .savepoints
            .iter()
            .rposition(|s| s.name == name)
            .ok_or_else(|| pg_err!(INVALID_SAVEPOINT_SPECIFICATION, "no such savepoint"))
    }

    /// Abort the work of subtransaction levels `level..`, keep savepoint `level` (reopened
    /// empty), undo settings changed since it, and leave the failed state.
    fn rollback_to_level(&mut self, level: usize) {
        let doomed = self.xact.txn.rollback_subxacts(level);
        if !doomed.is_empty() {
            let _ = self.engine.tm.abort_subxacts(&doomed);
            for &x in &doomed {
                self.engine.catalog.at_abort(x);
            }
        }
        self.xact.savepoints.truncate(level + 1);
        // Locks taken since the savepoint was set are released (they belonged to the
        // rolled-back subtransactions).
        self.engine
            .tm
            .locks
            .subxact_rollback(self.backend_pid, (level + 1) as u32);
        if let Some(sp) = self.xact.savepoints.get_mut(level) {
            let local_len = sp.local_len;
            self.xact.read_only = sp.read_only;
            if let Some(saved) = sp.gucs.take() {
                self.restore_settings(saved);
            }
            self.xact.local_sets.truncate(local_len);
        }
        self.xact.block = Block::InProgress;
    }

    /// A SET is about to change settings: savepoints set since the last change remember the
    /// settings as they are now.
    pub(crate) fn note_setting_change_for_savepoints(&mut self) {
        for sp in self.xact.savepoints.iter_mut().rev() {
            if sp.gucs.is_some() {
                break;
            }
            sp.gucs = Some(self.gucs.clone());
        }
    }
}
