//! Row-level locks (SELECT ... FOR UPDATE / FOR NO KEY UPDATE / FOR SHARE / FOR KEY SHARE):
//! an in-memory table of locked row versions and their holders. A holder is the xid of the
//! (sub)transaction that took the lock, and the lock lasts as long as that xid is running, so
//! commit, abort and ROLLBACK TO release locks with no bookkeeping. Several transactions may
//! share a row (what PostgreSQL's multixacts record); writers check the table before changing a
//! row and wait for conflicting holders.

use crate::{TransactionManager, Xid, XidStatus};
use std::collections::HashMap;
use std::sync::Mutex;

/// A row version: relation file number, block and line pointer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RowKey {
    pub db: u32,
    pub rel: u32,
    pub block: u32,
    pub offset: u16,
}

/// Row lock strengths, weakest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum RowLockMode {
    KeyShare,
    Share,
    NoKeyUpdate,
    Update,
}

impl RowLockMode {
    /// PostgreSQL's row-lock conflict table.
    pub fn conflicts_with(self, other: RowLockMode) -> bool {
        use RowLockMode::*;
        match (self, other) {
            (Update, _) | (_, Update) => true,
            (NoKeyUpdate, KeyShare) | (KeyShare, NoKeyUpdate) => false,
            (NoKeyUpdate, _) | (_, NoKeyUpdate) => true,
            (Share, Share) | (Share, KeyShare) | (KeyShare, Share) | (KeyShare, KeyShare) => false,
        }
    }
}

/// The table of row locks.
#[derive(Default)]
pub struct RowLocks {
    rows: Mutex<HashMap<RowKey, Vec<(Xid, RowLockMode)>>>,
}

/// Purge entries of finished holders when the table grows past this many rows.
const PURGE_AT: usize = 4096;

impl RowLocks {
    fn rows(&self) -> std::sync::MutexGuard<'_, HashMap<RowKey, Vec<(Xid, RowLockMode)>>> {
        self.rows.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A running holder (of another transaction than `me`) whose lock on `key` conflicts with
    /// `mode`.
    pub fn conflicting_holder(
        &self,
        tm: &TransactionManager,
        key: RowKey,
        me: Xid,
        mode: RowLockMode,
    ) -> Option<Xid> {
        let rows = self.rows();
        let holders = rows.get(&key)?;
        holders
            .iter()
            .find(|(x, m)| {
                m.conflicts_with(mode)
                    && !tm.same_transaction(*x, me)
                    && tm.status(*x) == XidStatus::InProgress
            })
            .map(|(x, _)| *x)
    }

    /// Record that `me` holds `mode` on `key` (the caller checked for conflicts). Returns false
    /// if a conflicting holder appeared meanwhile.
    pub fn add(&self, tm: &TransactionManager, key: RowKey, me: Xid, mode: RowLockMode) -> bool {
        let mut rows = self.rows();
        if rows.len() >= PURGE_AT {
            rows.retain(|_, hs| {
                hs.retain(|(x, _)| tm.status(*x) == XidStatus::InProgress);
                !hs.is_empty()
            });
        }
        let holders = rows.entry(key).or_default();
        holders.retain(|(x, _)| tm.status(*x) == XidStatus::InProgress);
        if holders
            .iter()
            .any(|(x, m)| m.conflicts_with(mode) && !tm.same_transaction(*x, me))
        {
            return false;
        }
        match holders.iter_mut().find(|(x, _)| *x == me) {
            Some(h) => h.1 = h.1.max(mode),
            None => holders.push((me, mode)),
        }
        true
    }

    /// Every running holder of a lock, for pg_locks-style reporting: (key, xid, mode).
    pub fn holders(&self, tm: &TransactionManager) -> Vec<(RowKey, Xid, RowLockMode)> {
        let rows = self.rows();
        let mut out = Vec::new();
        for (k, hs) in rows.iter() {
            for (x, m) in hs {
                if tm.status(*x) == XidStatus::InProgress {
                    out.push((*k, *x, *m));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::RowLockMode::*;

    #[test]
    fn conflict_table_matches_postgresql() {
        // Rows: requested; columns: held (KeyShare, Share, NoKeyUpdate, Update).
        let expect = [
            (KeyShare, [false, false, false, true]),
            (Share, [false, false, true, true]),
            (NoKeyUpdate, [false, true, true, true]),
            (Update, [true, true, true, true]),
        ];
        for (req, row) in expect {
            for (held, want) in [KeyShare, Share, NoKeyUpdate, Update].into_iter().zip(row) {
                assert_eq!(req.conflicts_with(held), want, "{req:?} vs {held:?}");
            }
        }
    }
}
