//! Transactions: xid assignment, the commit log (pg_xact), the set of running transactions,
//! MVCC snapshots, waiting for another transaction to finish, and combo command ids; with the
//! WAL attached (`recovery::startup`), commit and abort records (commit waits for its record
//! to be flushed when synchronous_commit is on), checkpoints and crash recovery (`recovery`).
//!
//! Xids are never reused, even after a crash: global/tusk_xid holds an upper bound on every xid
//! handed out, advanced (and fsynced) in chunks of `XID_CHUNK` before xids beyond it are used.
//! Xids that were in progress when the server stopped read as aborted afterwards (their clog
//! status is "in progress" but they are not running).

// PgError is deliberately rich (all ErrorResponse fields); results carry it by value.
#![allow(clippy::result_large_err)]

pub mod clog;
pub mod recovery;

use clog::*;
use common::{pg_err, CommandId, PgError, PgResult, Xid};
use std::collections::{BTreeMap, HashMap};
use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock};
use std::time::Duration;
use storage::wal::{Wal, RM_XACT, XLOG_XACT_ABORT, XLOG_XACT_COMMIT};

pub const INVALID_XID: Xid = 0;
pub const BOOTSTRAP_XID: Xid = 1;
pub const FROZEN_XID: Xid = 2;
pub const FIRST_NORMAL_XID: Xid = 3;

/// Xids reserved (persisted) at a time.
pub const XID_CHUNK: Xid = 1024;
/// Xid assignment stops before this (no wraparound support).
const XID_STOP_LIMIT: Xid = 0x7fff_0000;
/// How often a waiter re-checks its interrupts.
const WAIT_POLL: Duration = Duration::from_millis(50);

/// Commit status of a transaction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum XidStatus {
    InProgress,
    Committed,
    Aborted,
}

/// An MVCC snapshot: transactions < xmin are finished; >= xmax had not started; `xip` were
/// running when it was taken. `my_xid`/`curcid` let a transaction see its own earlier commands.
///
/// `xip` is sorted ascending and never contains `my_xid`. A snapshot with `xmax ==
/// INVALID_XID` (e.g. `Snapshot::default()`) sees the latest committed state: every committed
/// xid is visible, every running one invisible.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snapshot {
    pub xmin: Xid,
    pub xmax: Xid,
    pub xip: Vec<Xid>,
    pub my_xid: Xid,
    pub curcid: CommandId,
}

impl Snapshot {
    /// XidInMVCCSnapshot: was `xid` still running (or not yet started) as of this snapshot?
    /// Does not consider `my_xid` specially.
    #[inline]
    pub fn xid_in_progress(&self, xid: Xid) -> bool {
        if self.xmax == INVALID_XID {
            return false;
        }
        if xid < self.xmin {
            return false;
        }
        if xid >= self.xmax {
            return true;
        }
        self.xip.binary_search(&xid).is_ok()
    }

    /// True if `xid`'s effects are visible to this snapshot: it committed and was not in
    /// progress when the snapshot was taken. `my_xid` counts as visible (callers apply the
    /// command-id rules for their own transaction).
    pub fn xid_visible(&self, xid: Xid, tm: &TransactionManager) -> bool {
        if xid == BOOTSTRAP_XID || xid == FROZEN_XID {
            return true;
        }
        if xid == INVALID_XID {
            return false;
        }
        if xid == self.my_xid {
            return true;
        }
        !self.xid_in_progress(xid) && tm.status(xid) == XidStatus::Committed
    }
}

struct Running {
    /// Conservative xmin of this transaction's snapshots (for oldest_xmin).
    xmin: Xid,
}

struct ProcState {
    next_xid: Xid,
    /// Every xid < reserved may have been handed out (persisted bound).
    reserved: Xid,
    running: BTreeMap<Xid, Running>,
    /// Xid each waiting transaction waits for (deadlock detection).
    waits: HashMap<Xid, Xid>,
    /// Snapshot xmins registered by sessions without an xid.
    backend_xmins: HashMap<i64, Xid>,
}

#[derive(Default)]
struct ComboCids {
    list: Vec<(CommandId, CommandId)>,
    map: HashMap<(CommandId, CommandId), CommandId>,
}

/// The cluster's transaction manager.
pub struct TransactionManager {
    xid_file: PathBuf,
    state: Mutex<ProcState>,
    cv: Condvar,
    clog: Clog,
    combo: Mutex<HashMap<Xid, ComboCids>>,
    /// Commit/abort records go here once attached (`recovery::startup`).
    wal: OnceLock<Arc<Wal>>,
}

/// An I/O error as strerror text (%m), without Rust's " (os error N)" suffix.
pub(crate) fn io_msg(e: &std::io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn read_xid_file(path: &Path) -> PgResult<Option<Xid>> {
    match std::fs::read(path) {
        Ok(b) if b.len() >= 4 => Ok(Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))),
        Ok(_) => Err(pg_err!(
            DATA_CORRUPTED,
            "invalid contents in file \"global/tusk_xid\""
        )),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(pg_err!(
            IO_ERROR,
            "could not read file \"global/tusk_xid\": {}",
            io_msg(&e)
        )),
    }
}

fn write_xid_file(path: &Path, bound: Xid) -> PgResult<()> {
    let err = |e: std::io::Error| {
        pg_err!(
            IO_ERROR,
            "could not write file \"global/tusk_xid\": {}",
            io_msg(&e)
        )
    };
    let mut f = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .map_err(err)?;
    f.write_all(&bound.to_le_bytes()).map_err(err)?;
    f.sync_all().map_err(err)?;
    Ok(())
}

impl TransactionManager {
    /// Load the commit log and xid counter from `data_dir` (pg_xact/, global/).
    pub fn open(data_dir: &Path) -> PgResult<Arc<TransactionManager>> {
        let global = data_dir.join("global");
        std::fs::create_dir_all(&global).map_err(|e| {
            pg_err!(
                IO_ERROR,
                "could not create directory \"{}\": {}",
                global.display(),
                io_msg(&e)
            )
        })?;
        let xid_file = global.join("tusk_xid");
        let bound = read_xid_file(&xid_file)?.unwrap_or(FIRST_NORMAL_XID);
        let next = bound.max(FIRST_NORMAL_XID);
        Ok(Arc::new(TransactionManager {
            xid_file,
            state: Mutex::new(ProcState {
                next_xid: next,
                reserved: next,
                running: BTreeMap::new(),
                waits: HashMap::new(),
                backend_xmins: HashMap::new(),
            }),
            cv: Condvar::new(),
            clog: Clog::open(data_dir)?,
            combo: Mutex::new(HashMap::new()),
            wal: OnceLock::new(),
        }))
    }

    /// Assign a new xid and register it as running.
    pub fn begin(&self) -> PgResult<Xid> {
        let mut st = lock(&self.state);
        if st.next_xid >= XID_STOP_LIMIT {
            return Err(pg_err!(
                PROGRAM_LIMIT_EXCEEDED,
                "database is not accepting commands to avoid wraparound data loss in database \"postgres\""
            ));
        }
        if st.next_xid >= st.reserved {
            let bound = st.next_xid + XID_CHUNK;
            write_xid_file(&self.xid_file, bound)?;
            st.reserved = bound;
        }
        let xid = st.next_xid;
        st.next_xid += 1;
        let xmin = st.running.keys().next().copied().unwrap_or(xid).min(xid);
        st.running.insert(xid, Running { xmin });
        Ok(xid)
    }

    fn finish(&self, xid: Xid) {
        let mut st = lock(&self.state);
        st.running.remove(&xid);
        st.waits.remove(&xid);
        drop(st);
        self.cv.notify_all();
        lock(&self.combo).remove(&xid);
    }

    /// Attach the WAL: commits and aborts write commit/abort records from now on.
    pub fn attach_wal(&self, wal: Arc<Wal>) {
        let _ = self.wal.set(wal);
    }

    /// The attached WAL, if any.
    pub fn wal(&self) -> Option<&Arc<Wal>> {
        self.wal.get()
    }

    /// Make sure xids below `next` are never handed out again (recovery).
    pub fn advance_next_xid(&self, next: Xid) -> PgResult<()> {
        let mut st = lock(&self.state);
        if st.next_xid < next {
            st.next_xid = next;
        }
        if st.reserved < st.next_xid {
            let bound = st.next_xid + XID_CHUNK;
            write_xid_file(&self.xid_file, bound)?;
            st.reserved = bound;
        }
        Ok(())
    }

    /// Mark committed (durably in the commit log) and no longer running. With WAL attached, a
    /// commit record is written first and, with synchronous_commit=on, flushed before the
    /// commit log is updated (so nobody sees the commit before it is durable).
    pub fn commit(&self, xid: Xid) -> PgResult<()> {
        self.commit_with(xid, None)
    }

    /// `commit` with a per-transaction synchronous_commit (None: the server setting).
    pub fn commit_with(&self, xid: Xid, synchronous: Option<bool>) -> PgResult<()> {
        if xid < FIRST_NORMAL_XID {
            return Ok(());
        }
        if !self.is_running(xid) {
            return Err(pg_err!(
                INTERNAL_ERROR,
                "cannot commit transaction {}, it was not running",
                xid
            ));
        }
        if let Some(wal) = self.wal.get() {
            let now = storage::wal::now_secs();
            let (_, end) = wal.insert(xid, RM_XACT, XLOG_XACT_COMMIT, &now.to_le_bytes());
            // synchronous_commit=off still hands the WAL to the OS before the commit log
            // (which is written through) says "committed", so a server crash cannot leave a
            // committed transaction with part of its changes lost; only an OS crash can lose
            // the last commits (PostgreSQL's documented behaviour).
            let r = if synchronous.unwrap_or_else(|| wal.synchronous_commit()) {
                wal.flush(end)
            } else {
                wal.write_out()
            };
            if let Err(e) = r {
                // The commit record could not be made durable: report the failure and treat
                // the transaction as aborted in this run.
                let _ = self.clog.set(xid, TRANSACTION_STATUS_ABORTED);
                self.finish(xid);
                return Err(e);
            }
        }
        let r = self.clog.set(xid, TRANSACTION_STATUS_COMMITTED);
        if r.is_err() {
            // Could not record the commit: it must read as aborted.
            let _ = self.clog.set(xid, TRANSACTION_STATUS_ABORTED);
        }
        self.finish(xid);
        r
    }

    /// Mark aborted and no longer running.
    pub fn abort(&self, xid: Xid) -> PgResult<()> {
        if xid < FIRST_NORMAL_XID {
            return Ok(());
        }
        if self.clog.get(xid) == TRANSACTION_STATUS_COMMITTED {
            return Err(pg_err!(
                INTERNAL_ERROR,
                "cannot abort transaction {}, it was already committed",
                xid
            ));
        }
        if let Some(wal) = self.wal.get() {
            let now = storage::wal::now_secs();
            wal.insert(xid, RM_XACT, XLOG_XACT_ABORT, &now.to_le_bytes());
        }
        // Even if the write fails, a non-running in-progress xid reads as aborted.
        let r = self.clog.set(xid, TRANSACTION_STATUS_ABORTED);
        self.finish(xid);
        r
    }

    /// A snapshot for a transaction whose xid is `my_xid` (INVALID_XID if it has none yet).
    pub fn snapshot(&self, my_xid: Xid, curcid: CommandId) -> Snapshot {
        let mut st = lock(&self.state);
        let xmax = st.next_xid;
        let mut xmin = xmax;
        let mut xip = Vec::with_capacity(st.running.len());
        for &x in st.running.keys() {
            xmin = xmin.min(x);
            if x != my_xid {
                xip.push(x);
            }
        }
        if let Some(r) = st.running.get_mut(&my_xid) {
            r.xmin = r.xmin.min(xmin);
        }
        Snapshot {
            xmin,
            xmax,
            xip,
            my_xid,
            curcid,
        }
    }

    /// Commit status of `xid` (BOOTSTRAP/FROZEN count as committed; INVALID as aborted).
    pub fn status(&self, xid: Xid) -> XidStatus {
        match xid {
            INVALID_XID => return XidStatus::Aborted,
            BOOTSTRAP_XID | FROZEN_XID => return XidStatus::Committed,
            _ => {}
        }
        match self.clog.get(xid) {
            TRANSACTION_STATUS_COMMITTED => XidStatus::Committed,
            TRANSACTION_STATUS_ABORTED => XidStatus::Aborted,
            _ => {
                if self.is_running(xid) {
                    return XidStatus::InProgress;
                }
                // It may have finished between the two looks.
                match self.clog.get(xid) {
                    TRANSACTION_STATUS_COMMITTED => XidStatus::Committed,
                    _ => XidStatus::Aborted,
                }
            }
        }
    }

    /// True while `xid` is running.
    pub fn is_running(&self, xid: Xid) -> bool {
        lock(&self.state).running.contains_key(&xid)
    }

    /// The next xid to be assigned.
    pub fn next_xid(&self) -> Xid {
        lock(&self.state).next_xid
    }

    /// Xids currently running, ascending.
    pub fn running_xids(&self) -> Vec<Xid> {
        lock(&self.state).running.keys().copied().collect()
    }

    /// Block until `xid` is no longer running (or `interrupts` fires).
    pub fn wait_for(&self, xid: Xid, interrupts: &common::Interrupts) -> PgResult<()> {
        self.wait_for_as(INVALID_XID, xid, interrupts)
    }

    /// Like `wait_for`, on behalf of running transaction `waiter`: fails with "deadlock
    /// detected" (40P01) if `xid` is (transitively) waiting for `waiter`.
    pub fn wait_for_as(
        &self,
        waiter: Xid,
        xid: Xid,
        interrupts: &common::Interrupts,
    ) -> PgResult<()> {
        if xid == waiter {
            return Ok(());
        }
        let mut st = lock(&self.state);
        if waiter != INVALID_XID {
            let mut cur = xid;
            let mut steps = 0;
            while let Some(&next) = st.waits.get(&cur) {
                if next == waiter {
                    return Err(pg_err!(DEADLOCK_DETECTED, "deadlock detected").with_detail(
                        format!(
                            "Transaction {waiter} waits for ShareLock on transaction {xid}; \
                             transaction {xid} waits for transaction {cur_next}.",
                            cur_next = next
                        ),
                    ));
                }
                cur = next;
                steps += 1;
                if steps > 10_000 {
                    break;
                }
            }
            st.waits.insert(waiter, xid);
        }
        let mut result = Ok(());
        while st.running.contains_key(&xid) {
            if let Err(e) = interrupts.check() {
                result = Err(e);
                break;
            }
            st = self
                .cv
                .wait_timeout(st, WAIT_POLL)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        if waiter != INVALID_XID {
            st.waits.remove(&waiter);
        }
        result
    }

    /// Register (Some) or clear (None) the snapshot xmin of a session, identified by any
    /// caller-chosen id (e.g. backend pid), so vacuum keeps rows its snapshots still see even
    /// when the session has no xid.
    pub fn set_backend_xmin(&self, backend: i64, xmin: Option<Xid>) {
        let mut st = lock(&self.state);
        match xmin {
            Some(x) => {
                st.backend_xmins.insert(backend, x);
            }
            None => {
                st.backend_xmins.remove(&backend);
            }
        }
    }

    /// Oldest xmin of any running transaction's snapshot (for vacuum): rows deleted by
    /// transactions that committed before it are invisible to everyone.
    pub fn oldest_xmin(&self) -> Xid {
        let st = lock(&self.state);
        let mut m = st.next_xid;
        for (&x, r) in &st.running {
            m = m.min(x).min(r.xmin);
        }
        for &x in st.backend_xmins.values() {
            if x >= FIRST_NORMAL_XID {
                m = m.min(x);
            }
        }
        m
    }

    /// Combo command id for a tuple inserted (cmin) and deleted (cmax) by running transaction
    /// `xid` (PostgreSQL's combo cids: t_cid holds it with HEAP_COMBOCID set).
    pub fn combo_cid(&self, xid: Xid, cmin: CommandId, cmax: CommandId) -> PgResult<CommandId> {
        let mut combo = lock(&self.combo);
        let c = combo.entry(xid).or_default();
        if let Some(&id) = c.map.get(&(cmin, cmax)) {
            return Ok(id);
        }
        let id = c.list.len() as CommandId;
        if id == CommandId::MAX {
            return Err(PgError::new(
                common::sqlstate::PROGRAM_LIMIT_EXCEEDED,
                "cannot have more than 2^32-1 combocids in a transaction",
            ));
        }
        c.list.push((cmin, cmax));
        c.map.insert((cmin, cmax), id);
        Ok(id)
    }

    /// (cmin, cmax) of combo command id `combo` of running transaction `xid`.
    pub fn combo_cid_lookup(&self, xid: Xid, combo: CommandId) -> Option<(CommandId, CommandId)> {
        lock(&self.combo)
            .get(&xid)
            .and_then(|c| c.list.get(combo as usize).copied())
    }

    /// Persist the commit log and counters (checkpoint / shutdown).
    pub fn flush(&self) -> PgResult<()> {
        self.clog.sync()?;
        let st = lock(&self.state);
        write_xid_file(&self.xid_file, st.reserved.max(st.next_xid))
    }
}

#[cfg(test)]
mod tests;
