//! Transactions: xid assignment, the commit log (pg_xact), the set of running transactions,
//! MVCC snapshots, waiting for another transaction to finish, and combo command ids; with the
//! WAL attached (`recovery::startup`), commit and abort records (commit waits for its record
//! to be flushed when synchronous_commit is on), checkpoints and crash recovery (`recovery`).
//!
//! Xids are never reused, even after a crash: global/tusk_xid holds an upper bound on every xid
//! handed out, advanced (and fsynced) in chunks of `XID_CHUNK` before xids beyond it are used.
//! Xids that were in progress when the server stopped read as aborted afterwards (their clog
//! status is "in progress" but they are not running).
//!
//! Subtransactions (savepoints) get their own xids (`begin_sub`), registered as running with
//! their top-level xid (an in-memory pg_subtrans). A snapshot treats every running xid of its
//! own transaction as "own" (`Snapshot::own_xids`) and every other transaction's subxids as in
//! progress. Committing the top-level xid commits all of its still-running subxids with one
//! commit record listing them; `abort_subxacts` aborts rolled-back subtransactions at once.

// PgError is deliberately rich (all ErrorResponse fields); results carry it by value.
#![allow(clippy::result_large_err)]

pub mod clog;
pub mod lockmgr;
pub mod recovery;
pub mod rowlock;
pub mod ssi;
pub mod subxact;

use clog::*;
use common::fasthash::FastMap;
use common::{pg_err, CommandId, PgError, PgResult, Xid};
use std::collections::BTreeMap;
use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
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
    /// Every live xid of the snapshot's own transaction (its top-level xid and the xids of its
    /// open or released subtransactions, `my_xid` included), ascending, when it has
    /// subtransactions; empty otherwise (then `my_xid` alone is its own). Never in `xip`.
    pub own_xids: Vec<Xid>,
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

    /// TransactionIdIsCurrentTransactionId: is `xid` one of the snapshot's own transaction's
    /// live xids (`my_xid` or a live xid in `own_xids`)?
    #[inline]
    pub fn is_own(&self, xid: Xid) -> bool {
        xid != INVALID_XID
            && (xid == self.my_xid
                || (!self.own_xids.is_empty() && self.own_xids.binary_search(&xid).is_ok()))
    }

    /// True if `xid`'s effects are visible to this snapshot: it committed and was not in
    /// progress when the snapshot was taken. Own xids count as visible (callers apply the
    /// command-id rules for their own transaction).
    pub fn xid_visible(&self, xid: Xid, tm: &TransactionManager) -> bool {
        if xid == BOOTSTRAP_XID || xid == FROZEN_XID {
            return true;
        }
        if xid == INVALID_XID {
            return false;
        }
        if self.is_own(xid) {
            return true;
        }
        !self.xid_in_progress(xid) && tm.status(xid) == XidStatus::Committed
    }
}

struct Running {
    /// Conservative xmin of this transaction's snapshots (for oldest_xmin).
    xmin: Xid,
    /// The top-level xid (itself for a top-level transaction; the parent's top for a subxid).
    top: Xid,
}

struct ProcState {
    next_xid: Xid,
    /// Every xid < reserved may have been handed out (persisted bound).
    reserved: Xid,
    running: BTreeMap<Xid, Running>,
    /// Xid each waiting transaction waits for (deadlock detection).
    waits: FastMap<Xid, Xid>,
    /// Snapshot xmins registered by sessions without an xid.
    backend_xmins: FastMap<i64, Xid>,
}

impl ProcState {
    /// The top-level xid of running `xid` (`xid` itself if it is top-level or not running).
    fn top_of(&self, xid: Xid) -> Xid {
        self.running.get(&xid).map_or(xid, |r| r.top)
    }

    /// Running subxids of top-level `top`, ascending.
    fn children(&self, top: Xid) -> Vec<Xid> {
        self.running
            .range(top.saturating_add(1)..)
            .filter(|(_, r)| r.top == top)
            .map(|(&x, _)| x)
            .collect()
    }
}

#[derive(Default)]
struct ComboCids {
    list: Vec<(CommandId, CommandId)>,
    map: FastMap<(CommandId, CommandId), CommandId>,
}

/// The cluster's transaction manager.
pub struct TransactionManager {
    xid_file: PathBuf,
    state: Mutex<ProcState>,
    cv: Condvar,
    clog: Clog,
    combo: Mutex<FastMap<Xid, ComboCids>>,
    /// Commit/abort records go here once attached (`recovery::startup`).
    wal: OnceLock<Arc<Wal>>,
    /// Number of running subxids (changed under the state lock): 0 keeps the fast paths.
    nsub: AtomicUsize,
    /// Distinguishes managers (one per server; tests make many) for per-thread caches.
    instance: u64,
    /// Table-level and advisory locks (heavyweight lock manager).
    pub locks: lockmgr::LockManager,
    /// Row locks (SELECT ... FOR UPDATE/SHARE).
    pub row_locks: rowlock::RowLocks,
    /// SERIALIZABLE conflict tracking.
    pub ssi: ssi::Ssi,
}

/// Payload of a commit or abort record: the time, then (when there are any) the count and the
/// list of subtransaction xids that share the record's outcome.
pub fn encode_xact_payload(now: i64, subxids: &[Xid]) -> Vec<u8> {
    let mut v = Vec::with_capacity(12 + 4 * subxids.len());
    v.extend_from_slice(&now.to_le_bytes());
    if !subxids.is_empty() {
        v.extend_from_slice(&(subxids.len() as u32).to_le_bytes());
        for x in subxids {
            v.extend_from_slice(&x.to_le_bytes());
        }
    }
    v
}

/// The subtransaction xids listed in a commit or abort record's payload (none for records
/// without a list or with a malformed one).
pub fn decode_xact_subxids(data: &[u8]) -> Vec<Xid> {
    let Some(n) = data.get(8..12) else {
        return Vec::new();
    };
    let n = u32::from_le_bytes([n[0], n[1], n[2], n[3]]) as usize;
    let Some(list) = data.get(12..) else {
        return Vec::new();
    };
    if list.len() / 4 < n {
        return Vec::new();
    }
    list.chunks_exact(4)
        .take(n)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect()
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
                waits: FastMap::default(),
                backend_xmins: FastMap::default(),
            }),
            cv: Condvar::new(),
            clog: Clog::open(data_dir)?,
            combo: Mutex::new(FastMap::default()),
            wal: OnceLock::new(),
            nsub: AtomicUsize::new(0),
            instance: {
                static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
                NEXT.fetch_add(1, Ordering::Relaxed)
            },
            locks: lockmgr::LockManager::default(),
            row_locks: rowlock::RowLocks::default(),
            ssi: ssi::Ssi::default(),
        }))
    }

    /// True if some transaction has running subtransactions.
    #[inline]
    fn has_subxacts(&self) -> bool {
        self.nsub.load(Ordering::Acquire) != 0
    }

    /// Assign a new xid and register it as running.
    pub fn begin(&self) -> PgResult<Xid> {
        let mut st = lock(&self.state);
        let xid = self.alloc_xid(&mut st)?;
        let xmin = st.running.keys().next().copied().unwrap_or(xid).min(xid);
        st.running.insert(xid, Running { xmin, top: xid });
        drop(st);
        self.locks.xid_started(xid, xid);
        Ok(xid)
    }

    /// Assign an xid to a subtransaction of running transaction `parent` (a top-level xid or
    /// one of its subxids) and register it as running under the same top-level xid.
    pub fn begin_sub(&self, parent: Xid) -> PgResult<Xid> {
        let mut st = lock(&self.state);
        let Some((top, xmin)) = st.running.get(&parent).map(|r| (r.top, r.xmin)) else {
            return Err(pg_err!(
                INTERNAL_ERROR,
                "cannot start a subtransaction of transaction {}, it is not running",
                parent
            ));
        };
        let xid = self.alloc_xid(&mut st)?;
        st.running.insert(xid, Running { xmin, top });
        self.nsub.fetch_add(1, Ordering::AcqRel);
        drop(st);
        self.locks.xid_started(xid, top);
        Ok(xid)
    }

    /// The top-level xid of running `xid` (`xid` itself when top-level or not running).
    pub fn top_xid(&self, xid: Xid) -> Xid {
        if !self.has_subxacts() {
            return xid;
        }
        lock(&self.state).top_of(xid)
    }

    /// TransactionIdIsCurrentTransactionId from the writer's side: are `a` and `b` live xids
    /// of the same transaction (equal, or running subxids/top of the same top-level xid)?
    pub fn same_transaction(&self, a: Xid, b: Xid) -> bool {
        if a == b {
            return a != INVALID_XID;
        }
        if a == INVALID_XID || b == INVALID_XID || !self.has_subxacts() {
            return false;
        }
        let st = lock(&self.state);
        match (st.running.get(&a), st.running.get(&b)) {
            (Some(ra), Some(rb)) => ra.top == rb.top,
            _ => false,
        }
    }

    /// Running subxids of top-level transaction `top`, ascending.
    pub fn running_subxids(&self, top: Xid) -> Vec<Xid> {
        if !self.has_subxacts() {
            return Vec::new();
        }
        lock(&self.state).children(top)
    }

    fn alloc_xid(&self, st: &mut ProcState) -> PgResult<Xid> {
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
        Ok(xid)
    }

    /// Remove `xids` from the running set at once (a top-level xid and its subxids become
    /// finished together); drops the combo cids of finished top-level xids.
    fn finish_many(&self, xids: &[Xid]) {
        let mut tops = Vec::new();
        let mut st = lock(&self.state);
        for &x in xids {
            if let Some(r) = st.running.remove(&x) {
                if r.top == x {
                    tops.push(x);
                } else {
                    self.nsub.fetch_sub(1, Ordering::AcqRel);
                }
            }
            st.waits.remove(&x);
        }
        drop(st);
        self.locks.xids_finished(xids);
        self.cv.notify_all();
        let mut combo = lock(&self.combo);
        for x in tops {
            combo.remove(&x);
        }
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
        // The still-running subxids commit with it (rolled-back ones were already aborted).
        let subs = self.running_subxids(xid);
        let mut all = subs.clone();
        all.push(xid);
        if let Some(wal) = self.wal.get() {
            let now = storage::wal::now_secs();
            let payload = encode_xact_payload(now, &subs);
            let (_, end) = wal.insert(xid, RM_XACT, XLOG_XACT_COMMIT, &payload);
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
                for &x in &all {
                    let _ = self.clog.set(x, TRANSACTION_STATUS_ABORTED);
                }
                self.finish_many(&all);
                return Err(e);
            }
        }
        // Subxids first: until the top-level xid is marked, the whole tree is still running
        // for every snapshot (all of its xids stay in the running set until `finish_many`).
        let mut r = Ok(());
        for &x in &all {
            r = self.clog.set(x, TRANSACTION_STATUS_COMMITTED);
            if r.is_err() {
                break;
            }
        }
        if r.is_err() {
            // Could not record the commit: it must read as aborted.
            for &x in &all {
                let _ = self.clog.set(x, TRANSACTION_STATUS_ABORTED);
            }
        }
        self.finish_many(&all);
        r
    }

    /// Mark aborted and no longer running (a top-level xid together with its running
    /// subxids).
    pub fn abort(&self, xid: Xid) -> PgResult<()> {
        if xid < FIRST_NORMAL_XID {
            return Ok(());
        }
        let subs = if self.top_xid(xid) == xid {
            self.running_subxids(xid)
        } else {
            Vec::new()
        };
        let mut all = vec![xid];
        all.extend(subs);
        self.abort_list(&all)
    }

    /// ROLLBACK TO: abort the subtransaction xids `xids` (of one running transaction) now,
    /// with one abort record; their effects become invisible to everyone, the transaction
    /// itself included.
    pub fn abort_subxacts(&self, xids: &[Xid]) -> PgResult<()> {
        let xids: Vec<Xid> = xids
            .iter()
            .copied()
            .filter(|&x| x >= FIRST_NORMAL_XID)
            .collect();
        if xids.is_empty() {
            return Ok(());
        }
        self.abort_list(&xids)
    }

    /// One abort record for `all[0]` listing `all[1..]`, then the commit log and running set.
    fn abort_list(&self, all: &[Xid]) -> PgResult<()> {
        for &x in all {
            if self.clog.get(x) == TRANSACTION_STATUS_COMMITTED {
                return Err(pg_err!(
                    INTERNAL_ERROR,
                    "cannot abort transaction {}, it was already committed",
                    x
                ));
            }
        }
        if let Some(wal) = self.wal.get() {
            let now = storage::wal::now_secs();
            let payload = encode_xact_payload(now, &all[1..]);
            wal.insert(all[0], RM_XACT, XLOG_XACT_ABORT, &payload);
        }
        // Even if the write fails, a non-running in-progress xid reads as aborted.
        let mut r = Ok(());
        for &x in all {
            let r1 = self.clog.set(x, TRANSACTION_STATUS_ABORTED);
            if r.is_ok() {
                r = r1;
            }
        }
        self.finish_many(all);
        r
    }

    /// A snapshot for a transaction whose xid is `my_xid` (INVALID_XID if it has none yet).
    /// With subtransactions, every live xid of `my_xid`'s transaction is its own.
    pub fn snapshot(&self, my_xid: Xid, curcid: CommandId) -> Snapshot {
        let mut st = lock(&self.state);
        let xmax = st.next_xid;
        let mut xmin = xmax;
        let mut xip = Vec::with_capacity(st.running.len());
        let subs = self.has_subxacts() && my_xid != INVALID_XID;
        let my_top = if subs { st.top_of(my_xid) } else { my_xid };
        let mut own_xids = Vec::new();
        for (&x, r) in st.running.iter() {
            xmin = xmin.min(x);
            if x == my_xid || (subs && r.top == my_top) {
                if subs {
                    own_xids.push(x);
                }
                continue;
            }
            xip.push(x);
        }
        if own_xids.len() <= 1 {
            own_xids.clear();
        }
        for x in [my_xid, my_top] {
            if let Some(r) = st.running.get_mut(&x) {
                r.xmin = r.xmin.min(xmin);
            }
        }
        Snapshot {
            xmin,
            xmax,
            xip,
            my_xid,
            curcid,
            own_xids,
        }
    }

    /// Commit status of `xid` (BOOTSTRAP/FROZEN count as committed; INVALID as aborted).
    pub fn status(&self, xid: Xid) -> XidStatus {
        match xid {
            INVALID_XID => return XidStatus::Aborted,
            BOOTSTRAP_XID | FROZEN_XID => return XidStatus::Committed,
            _ => {}
        }
        // A finished xid's status never changes: remember the last one this thread looked up
        // (PostgreSQL's cachedFetchXid), since scans meet the same xmin row after row.
        thread_local! {
            static LAST_FINISHED: std::cell::Cell<(Xid, u64, bool)> =
                const { std::cell::Cell::new((INVALID_XID, 0, false)) };
        }
        let me = self.instance;
        let (cached, owner, committed) = LAST_FINISHED.with(|c| c.get());
        if cached == xid && owner == me {
            return if committed {
                XidStatus::Committed
            } else {
                XidStatus::Aborted
            };
        }
        match self.clog.get(xid) {
            TRANSACTION_STATUS_COMMITTED => {
                LAST_FINISHED.with(|c| c.set((xid, me, true)));
                XidStatus::Committed
            }
            TRANSACTION_STATUS_ABORTED => {
                LAST_FINISHED.with(|c| c.set((xid, me, false)));
                XidStatus::Aborted
            }
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
        // Waits are between top-level transactions; never wait for one's own subxids.
        let (waiter, xid_top) = if waiter != INVALID_XID && self.has_subxacts() {
            (st.top_of(waiter), st.top_of(xid))
        } else {
            (waiter, xid)
        };
        if waiter != INVALID_XID && waiter == xid_top {
            return Ok(());
        }
        if waiter != INVALID_XID {
            let mut cur = xid_top;
            let mut steps = 0;
            // The cycle's edges (waiting xid, awaited xid), for PostgreSQL's DETAIL lines.
            let mut chain = vec![(waiter, xid)];
            while let Some(&next) = st.waits.get(&cur) {
                chain.push((cur, next));
                if next == waiter {
                    let detail = self.locks.xid_cycle_detail(&chain).unwrap_or_else(|| {
                        format!(
                            "Transaction {waiter} waits for ShareLock on transaction {xid}; \
                             transaction {xid} waits for transaction {cur_next}.",
                            cur_next = next
                        )
                    });
                    return Err(pg_err!(DEADLOCK_DETECTED, "deadlock detected")
                        .with_detail(detail)
                        .with_hint("See server log for query details."));
                }
                cur = next;
                steps += 1;
                if steps > 10_000 {
                    break;
                }
            }
            st.waits.insert(waiter, xid_top);
        }
        let mut result = Ok(());
        interrupts.set_waiting(true);
        // The session's backend and timeouts (lock manager): lock_timeout applies, and a
        // deadlock check over table-lock and xid waits runs once after deadlock_timeout.
        let cfg = lockmgr::current();
        if let Some(c) = cfg {
            self.locks.set_xid_wait(c.backend, Some(xid));
        }
        let start = std::time::Instant::now();
        let mut checked = false;
        while st.running.contains_key(&xid) {
            if let Err(e) = interrupts.check() {
                result = Err(e);
                break;
            }
            let mut poll = WAIT_POLL;
            if let Some(c) = cfg {
                let elapsed = start.elapsed();
                if c.lock_timeout.is_some_and(|t| elapsed >= t) {
                    result = Err(lockmgr::lock_timeout_error());
                    break;
                }
                if !checked && elapsed >= c.deadlock_timeout {
                    checked = true;
                    drop(st);
                    let r = self.locks.check_deadlock(c.backend);
                    st = lock(&self.state);
                    if let Err(e) = r {
                        result = Err(e);
                        break;
                    }
                    continue;
                }
                if !checked {
                    poll = poll.min(c.deadlock_timeout.saturating_sub(elapsed));
                }
                if let Some(t) = c.lock_timeout {
                    poll = poll.min(t.saturating_sub(elapsed));
                }
            }
            st = self
                .cv
                .wait_timeout(st, poll.max(Duration::from_millis(1)))
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        if let Some(c) = cfg {
            self.locks.set_xid_wait(c.backend, None);
        }
        interrupts.set_waiting(false);
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
    /// Combo cids belong to the top-level transaction (`xid` may be any of its subxids).
    pub fn combo_cid(&self, xid: Xid, cmin: CommandId, cmax: CommandId) -> PgResult<CommandId> {
        let xid = self.top_xid(xid);
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
        let xid = self.top_xid(xid);
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
