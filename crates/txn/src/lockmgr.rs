//! The heavyweight lock manager: table-level locks in PostgreSQL's eight modes and advisory
//! locks, held per backend at transaction scope (released at commit/abort, or by ROLLBACK TO
//! for locks taken after the savepoint) or session scope (advisory locks, released explicitly
//! or at session end). Requests are granted FIFO-fairly (a request conflicting with a queued
//! waiter waits behind it unless the backend already holds a lock on the object); waiters
//! block on a Condvar, honour cancel/statement_timeout and lock_timeout, and run deadlock
//! detection once after deadlock_timeout over the combined wait-for graph of lock waits and
//! the transaction manager's xid waits (xids are mapped to the backends that own them). Also
//! the data behind the pg_locks view.

use crate::Xid;
use common::fasthash::FastMap;
use common::{pg_err, Interrupts, PgError, PgResult};
use std::cell::Cell;
use std::collections::{HashSet, VecDeque};
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// How often a waiter re-checks its interrupts and timeouts.
const WAIT_POLL: Duration = Duration::from_millis(50);

/// Table lock modes, weakest first (PostgreSQL's numbering 1..=8).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LockMode {
    AccessShare = 1,
    RowShare = 2,
    RowExclusive = 3,
    ShareUpdateExclusive = 4,
    Share = 5,
    ShareRowExclusive = 6,
    Exclusive = 7,
    AccessExclusive = 8,
}

/// Every mode, weakest first.
pub const ALL_MODES: [LockMode; 8] = [
    LockMode::AccessShare,
    LockMode::RowShare,
    LockMode::RowExclusive,
    LockMode::ShareUpdateExclusive,
    LockMode::Share,
    LockMode::ShareRowExclusive,
    LockMode::Exclusive,
    LockMode::AccessExclusive,
];

impl LockMode {
    fn bit(self) -> u16 {
        1 << (self as u16)
    }

    /// PostgreSQL's conflict table: the modes this one conflicts with, as a bit set.
    fn conflict_mask(self) -> u16 {
        use LockMode::*;
        let set = |ms: &[LockMode]| ms.iter().fold(0u16, |a, m| a | m.bit());
        match self {
            AccessShare => set(&[AccessExclusive]),
            RowShare => set(&[Exclusive, AccessExclusive]),
            RowExclusive => set(&[Share, ShareRowExclusive, Exclusive, AccessExclusive]),
            ShareUpdateExclusive => set(&[
                ShareUpdateExclusive,
                Share,
                ShareRowExclusive,
                Exclusive,
                AccessExclusive,
            ]),
            Share => set(&[
                RowExclusive,
                ShareUpdateExclusive,
                ShareRowExclusive,
                Exclusive,
                AccessExclusive,
            ]),
            ShareRowExclusive => set(&[
                RowExclusive,
                ShareUpdateExclusive,
                Share,
                ShareRowExclusive,
                Exclusive,
                AccessExclusive,
            ]),
            Exclusive => set(&[
                RowShare,
                RowExclusive,
                ShareUpdateExclusive,
                Share,
                ShareRowExclusive,
                Exclusive,
                AccessExclusive,
            ]),
            AccessExclusive => set(&ALL_MODES),
        }
    }

    /// True if a lock in mode `self` cannot be held together with `other` by another backend.
    pub fn conflicts_with(self, other: LockMode) -> bool {
        self.conflict_mask() & other.bit() != 0
    }

    /// The name pg_locks and error messages use ("AccessExclusiveLock").
    pub fn name(self) -> &'static str {
        use LockMode::*;
        match self {
            AccessShare => "AccessShareLock",
            RowShare => "RowShareLock",
            RowExclusive => "RowExclusiveLock",
            ShareUpdateExclusive => "ShareUpdateExclusiveLock",
            Share => "ShareLock",
            ShareRowExclusive => "ShareRowExclusiveLock",
            Exclusive => "ExclusiveLock",
            AccessExclusive => "AccessExclusiveLock",
        }
    }

    /// The mode as LOCK TABLE spells it ("SHARE ROW EXCLUSIVE", case-insensitive).
    pub fn from_sql(s: &str) -> Option<LockMode> {
        use LockMode::*;
        let norm: Vec<String> = s
            .split_whitespace()
            .map(|w| w.to_ascii_uppercase())
            .collect();
        Some(match norm.join(" ").as_str() {
            "ACCESS SHARE" => AccessShare,
            "ROW SHARE" => RowShare,
            "ROW EXCLUSIVE" => RowExclusive,
            "SHARE UPDATE EXCLUSIVE" => ShareUpdateExclusive,
            "SHARE" => Share,
            "SHARE ROW EXCLUSIVE" => ShareRowExclusive,
            "EXCLUSIVE" => Exclusive,
            "ACCESS EXCLUSIVE" => AccessExclusive,
            _ => return None,
        })
    }
}

/// What is locked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LockTag {
    /// A relation of a database (db 0 for shared catalogs).
    Relation { db: u32, rel: u32 },
    /// An advisory lock with PostgreSQL's key encoding: an int8 key is (high 32 bits, low 32
    /// bits, kind 1); two int4 keys are (key1, key2, kind 2).
    Advisory {
        db: u32,
        key1: u32,
        key2: u32,
        kind: u16,
    },
}

impl LockTag {
    /// The advisory lock tag of `pg_advisory_lock(int8)`.
    pub fn advisory_int8(db: u32, key: i64) -> LockTag {
        let k = key as u64;
        LockTag::Advisory {
            db,
            key1: (k >> 32) as u32,
            key2: k as u32,
            kind: 1,
        }
    }

    /// The advisory lock tag of `pg_advisory_lock(int4, int4)`.
    pub fn advisory_int4(db: u32, key1: i32, key2: i32) -> LockTag {
        LockTag::Advisory {
            db,
            key1: key1 as u32,
            key2: key2 as u32,
            kind: 2,
        }
    }

    /// How deadlock reports name the object ("relation 16384 of database 12994").
    pub fn describe(&self) -> String {
        match self {
            LockTag::Relation { db, rel } => format!("relation {rel} of database {db}"),
            LockTag::Advisory {
                db,
                key1,
                key2,
                kind,
            } => format!("advisory lock [{db},{key1},{key2},{kind}]"),
        }
    }
}

/// How long a backend may wait: its pid and its deadlock_timeout / lock_timeout settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WaitConfig {
    pub backend: i32,
    pub deadlock_timeout: Duration,
    /// None: wait forever (lock_timeout = 0).
    pub lock_timeout: Option<Duration>,
}

impl WaitConfig {
    /// From the settings' millisecond values (lock_timeout 0 = none).
    pub fn from_ms(backend: i32, deadlock_timeout_ms: i64, lock_timeout_ms: i64) -> WaitConfig {
        WaitConfig {
            backend,
            deadlock_timeout: Duration::from_millis(deadlock_timeout_ms.max(1) as u64),
            lock_timeout: (lock_timeout_ms > 0)
                .then(|| Duration::from_millis(lock_timeout_ms as u64)),
        }
    }
}

thread_local! {
    static CURRENT: Cell<Option<WaitConfig>> = const { Cell::new(None) };
}

/// Record the wait settings of the session running on this thread (set at each statement
/// start); xids begun on this thread belong to its backend, and xid waits use its timeouts.
pub fn set_current(cfg: WaitConfig) {
    CURRENT.with(|c| c.set(Some(cfg)));
}

/// The wait settings of the session running on this thread, if one registered.
pub fn current() -> Option<WaitConfig> {
    CURRENT.with(|c| c.get())
}

/// Lock scope: released at transaction end or held by the session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LockScope {
    Transaction,
    Session,
}

/// Outcome of a lock request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Acquired {
    /// Granted without waiting.
    Immediately,
    /// Granted after waiting for other backends.
    AfterWait,
    /// NOWAIT / try: a conflicting lock is held (or queued) by another backend.
    NotAvailable,
}

/// The error of a lock wait that exceeded lock_timeout.
pub fn lock_timeout_error() -> PgError {
    pg_err!(
        LOCK_NOT_AVAILABLE,
        "canceling statement due to lock timeout"
    )
}

fn deadlock_error(detail: String) -> PgError {
    pg_err!(DEADLOCK_DETECTED, "deadlock detected")
        .with_detail(detail)
        .with_hint("See server log for query details.")
}

/// One backend's hold of one mode on one object.
struct Hold {
    backend: i32,
    mode: LockMode,
    /// Session-scope acquisitions.
    session: u32,
    /// Transaction-scope acquisitions per subtransaction depth (ascending depths).
    xact: Vec<(u32, u32)>,
}

impl Hold {
    fn is_empty(&self) -> bool {
        self.session == 0 && self.xact.is_empty()
    }
}

struct Waiter {
    backend: i32,
    mode: LockMode,
}

#[derive(Default)]
struct LockState {
    holds: Vec<Hold>,
    queue: VecDeque<Waiter>,
}

impl LockState {
    /// Another backend holds a mode conflicting with `mode`.
    fn holder_conflict(&self, backend: i32, mode: LockMode) -> bool {
        self.holds
            .iter()
            .any(|h| h.backend != backend && mode.conflicts_with(h.mode))
    }

    fn holds_any(&self, backend: i32) -> bool {
        self.holds.iter().any(|h| h.backend == backend)
    }

    /// Another backend's waiter among the first `ahead` queue entries conflicts with `mode`.
    fn queue_conflict(&self, backend: i32, mode: LockMode, ahead: usize) -> bool {
        self.queue
            .iter()
            .take(ahead)
            .any(|w| w.backend != backend && mode.conflicts_with(w.mode))
    }
}

enum WaitFor {
    Lock(LockTag, LockMode),
    Xid(Xid),
}

#[derive(Default)]
struct Backend {
    /// Current subtransaction depth (number of open savepoints).
    depth: u32,
    /// Objects the backend holds locks on.
    tags: HashSet<LockTag>,
    wait: Option<WaitFor>,
    /// Local transaction counter (pg_locks' virtualtransaction).
    lxid: u32,
}

#[derive(Default)]
struct Inner {
    locks: FastMap<LockTag, LockState>,
    backends: FastMap<i32, Backend>,
    /// Running xids: owning backend and top-level xid.
    xids: FastMap<Xid, (i32, Xid)>,
}

impl Inner {
    fn add_hold(&mut self, tag: LockTag, backend: i32, mode: LockMode, scope: LockScope) {
        let b = self.backends.entry(backend).or_default();
        b.tags.insert(tag);
        let depth = b.depth;
        let st = self.locks.entry(tag).or_default();
        let idx = match st
            .holds
            .iter()
            .position(|h| h.backend == backend && h.mode == mode)
        {
            Some(i) => i,
            None => {
                st.holds.push(Hold {
                    backend,
                    mode,
                    session: 0,
                    xact: Vec::new(),
                });
                st.holds.len() - 1
            }
        };
        let h = &mut st.holds[idx];
        match scope {
            LockScope::Session => h.session = h.session.saturating_add(1),
            LockScope::Transaction => match h.xact.last_mut() {
                Some((d, n)) if *d == depth => *n = n.saturating_add(1),
                _ => h.xact.push((depth, 1)),
            },
        }
    }

    /// Drop empty holds and lock states of `tag`; forget the tag for `backend` when it holds
    /// nothing on it any more.
    fn tidy(&mut self, tag: LockTag, backend: i32) {
        let mut still_held = false;
        let mut remove = false;
        if let Some(st) = self.locks.get_mut(&tag) {
            st.holds.retain(|h| !h.is_empty());
            still_held = st.holds_any(backend);
            remove = st.holds.is_empty() && st.queue.is_empty();
        }
        if remove {
            self.locks.remove(&tag);
        }
        if !still_held {
            if let Some(b) = self.backends.get_mut(&backend) {
                b.tags.remove(&tag);
            }
        }
    }

    /// Apply `f` to every hold of `backend`, then tidy.
    fn for_each_hold(&mut self, backend: i32, mut f: impl FnMut(&LockTag, &mut Hold)) {
        let tags: Vec<LockTag> = match self.backends.get(&backend) {
            Some(b) => b.tags.iter().copied().collect(),
            None => return,
        };
        for tag in tags {
            if let Some(st) = self.locks.get_mut(&tag) {
                for h in st.holds.iter_mut().filter(|h| h.backend == backend) {
                    f(&tag, h);
                }
            }
            self.tidy(tag, backend);
        }
    }

    /// Backends `backend` waits for, each with what it waits for ("ShareLock on transaction
    /// 5").
    fn edges(&self, backend: i32) -> Vec<(i32, String)> {
        let mut out = Vec::new();
        let Some(b) = self.backends.get(&backend) else {
            return out;
        };
        match &b.wait {
            Some(WaitFor::Lock(tag, mode)) => {
                let what = format!("{} on {}", mode.name(), tag.describe());
                if let Some(st) = self.locks.get(tag) {
                    for h in &st.holds {
                        if h.backend != backend && mode.conflicts_with(h.mode) {
                            out.push((h.backend, what.clone()));
                        }
                    }
                    // Conflicting waiters queued ahead (soft edges, treated as hard ones).
                    for w in &st.queue {
                        if w.backend == backend {
                            break;
                        }
                        if mode.conflicts_with(w.mode) {
                            out.push((w.backend, what.clone()));
                        }
                    }
                }
            }
            Some(WaitFor::Xid(x)) => {
                if let Some(&(owner, _)) = self.xids.get(x) {
                    if owner != backend {
                        out.push((owner, format!("ShareLock on transaction {x}")));
                    }
                }
            }
            None => {}
        }
        out.sort_by_key(|e| e.0);
        out.dedup_by_key(|e| e.0);
        out
    }

    /// A wait-for cycle through `me`, as DETAIL lines, if there is one.
    fn find_deadlock(&self, me: i32) -> Option<String> {
        // Depth-first search keeping the current path.
        let mut visited: HashSet<i32> = HashSet::new();
        let mut path: Vec<(i32, String, i32)> = Vec::new();
        let mut stack: Vec<(i32, Vec<(i32, String)>)> = vec![(me, self.edges(me))];
        visited.insert(me);
        while let Some((node, edges)) = stack.last_mut() {
            let node = *node;
            let Some((next, what)) = edges.pop() else {
                stack.pop();
                path.pop();
                continue;
            };
            if next == me {
                path.push((node, what, next));
                let lines: Vec<String> = path
                    .iter()
                    .map(|(a, w, b)| format!("Process {a} waits for {w}; blocked by process {b}."))
                    .collect();
                return Some(lines.join("\n"));
            }
            if visited.insert(next) {
                path.push((node, what, next));
                let e = self.edges(next);
                stack.push((next, e));
            }
        }
        None
    }
}

/// One row of pg_locks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LockRow {
    /// "relation", "advisory" or "transactionid".
    pub locktype: &'static str,
    pub database: Option<u32>,
    pub relation: Option<u32>,
    pub transactionid: Option<Xid>,
    pub classid: Option<u32>,
    pub objid: Option<u32>,
    pub objsubid: Option<u16>,
    pub virtualtransaction: String,
    pub pid: i32,
    pub mode: &'static str,
    pub granted: bool,
    pub fastpath: bool,
}

/// The cluster's lock table.
#[derive(Default)]
pub struct LockManager {
    inner: Mutex<Inner>,
    cv: Condvar,
}

impl LockManager {
    fn inner(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Acquire `mode` on `tag` for `cfg.backend`. Re-entrant (each acquisition is counted).
    /// Waits while another backend holds a conflicting mode, or queued earlier for one,
    /// unless `nowait` (then returns `NotAvailable`). While waiting: cancel/statement_timeout
    /// via `interrupts`, lock_timeout (55P03), and deadlock detection after deadlock_timeout
    /// (40P01).
    pub fn acquire(
        &self,
        tag: LockTag,
        mode: LockMode,
        scope: LockScope,
        nowait: bool,
        cfg: &WaitConfig,
        interrupts: &Interrupts,
    ) -> PgResult<Acquired> {
        let me = cfg.backend;
        let mut g = self.inner();
        let (already, grantable) = match g.locks.get(&tag) {
            Some(st) => {
                let already = st.holds.iter().any(|h| h.backend == me && h.mode == mode);
                let grantable = !st.holder_conflict(me, mode)
                    && (st.holds_any(me) || !st.queue_conflict(me, mode, usize::MAX));
                (already, grantable)
            }
            None => (false, true),
        };
        if already || grantable {
            g.add_hold(tag, me, mode, scope);
            return Ok(Acquired::Immediately);
        }
        if nowait {
            return Ok(Acquired::NotAvailable);
        }
        g.locks
            .entry(tag)
            .or_default()
            .queue
            .push_back(Waiter { backend: me, mode });
        g.backends.entry(me).or_default().wait = Some(WaitFor::Lock(tag, mode));
        interrupts.set_waiting(true);
        let start = Instant::now();
        let mut checked = false;
        let result = loop {
            let granted = match g.locks.get(&tag) {
                Some(st) => {
                    let pos = st
                        .queue
                        .iter()
                        .position(|w| w.backend == me)
                        .unwrap_or(st.queue.len());
                    !st.holder_conflict(me, mode)
                        && (st.holds_any(me) || !st.queue_conflict(me, mode, pos))
                }
                None => true,
            };
            if granted {
                break Ok(Acquired::AfterWait);
            }
            if let Err(e) = interrupts.check() {
                break Err(e);
            }
            let elapsed = start.elapsed();
            if let Some(t) = cfg.lock_timeout {
                if elapsed >= t {
                    break Err(lock_timeout_error());
                }
            }
            if !checked && elapsed >= cfg.deadlock_timeout {
                checked = true;
                if let Some(detail) = g.find_deadlock(me) {
                    break Err(deadlock_error(detail));
                }
            }
            let mut wait = WAIT_POLL;
            if !checked {
                wait = wait.min(cfg.deadlock_timeout.saturating_sub(elapsed));
            }
            if let Some(t) = cfg.lock_timeout {
                wait = wait.min(t.saturating_sub(elapsed));
            }
            g = self
                .cv
                .wait_timeout(g, wait.max(Duration::from_millis(1)))
                .unwrap_or_else(|e| e.into_inner())
                .0;
        };
        if let Some(st) = g.locks.get_mut(&tag) {
            if let Some(pos) = st.queue.iter().position(|w| w.backend == me) {
                st.queue.remove(pos);
            }
        }
        if let Some(b) = g.backends.get_mut(&me) {
            b.wait = None;
        }
        interrupts.set_waiting(false);
        match result {
            Ok(a) => {
                g.add_hold(tag, me, mode, scope);
                Ok(a)
            }
            Err(e) => {
                g.tidy(tag, me);
                drop(g);
                // Waiters queued behind this one may go now.
                self.cv.notify_all();
                Err(e)
            }
        }
    }

    /// Release one session-scope acquisition of `mode` on `tag` (pg_advisory_unlock); false
    /// when `backend` holds none.
    pub fn release_session_lock(&self, tag: LockTag, mode: LockMode, backend: i32) -> bool {
        let mut g = self.inner();
        let Some(st) = g.locks.get_mut(&tag) else {
            return false;
        };
        let Some(h) = st
            .holds
            .iter_mut()
            .find(|h| h.backend == backend && h.mode == mode && h.session > 0)
        else {
            return false;
        };
        h.session -= 1;
        g.tidy(tag, backend);
        drop(g);
        self.cv.notify_all();
        true
    }

    /// Release every session-scope advisory lock of `backend` (pg_advisory_unlock_all).
    pub fn release_session_advisory(&self, backend: i32) {
        let mut g = self.inner();
        g.for_each_hold(backend, |tag, h| {
            if matches!(tag, LockTag::Advisory { .. }) {
                h.session = 0;
            }
        });
        drop(g);
        self.cv.notify_all();
    }

    /// Transaction end: release every transaction-scope lock of `backend`.
    pub fn release_transaction(&self, backend: i32) {
        let mut g = self.inner();
        g.for_each_hold(backend, |_, h| h.xact.clear());
        if let Some(b) = g.backends.get_mut(&backend) {
            b.depth = 0;
            b.lxid = b.lxid.wrapping_add(1);
            if b.tags.is_empty() && b.wait.is_none() {
                g.backends.remove(&backend);
            }
        }
        drop(g);
        self.cv.notify_all();
    }

    /// Session end: release everything `backend` holds.
    pub fn release_backend(&self, backend: i32) {
        let mut g = self.inner();
        g.for_each_hold(backend, |_, h| {
            h.xact.clear();
            h.session = 0;
        });
        g.backends.remove(&backend);
        drop(g);
        self.cv.notify_all();
    }

    /// SAVEPOINT: the backend now has `depth` open savepoints.
    pub fn subxact_begin(&self, backend: i32, depth: u32) {
        self.inner().backends.entry(backend).or_default().depth = depth;
    }

    /// RELEASE SAVEPOINT: `depth` savepoints remain open; locks taken at deeper levels now
    /// belong to that level.
    pub fn subxact_release(&self, backend: i32, depth: u32) {
        let mut g = self.inner();
        g.for_each_hold(backend, |_, h| {
            let mut merged = 0u32;
            h.xact.retain(|&(d, n)| {
                if d > depth {
                    merged = merged.saturating_add(n);
                    false
                } else {
                    true
                }
            });
            if merged > 0 {
                match h.xact.last_mut() {
                    Some((d, n)) if *d == depth => *n = n.saturating_add(merged),
                    _ => h.xact.push((depth, merged)),
                }
            }
        });
        if let Some(b) = g.backends.get_mut(&backend) {
            b.depth = depth;
        }
    }

    /// ROLLBACK TO SAVEPOINT: `depth` savepoints remain open (the named one reopened); locks
    /// taken since it was set (at deeper levels than `depth - 1`) are released.
    pub fn subxact_rollback(&self, backend: i32, depth: u32) {
        let mut g = self.inner();
        let keep_below = depth.max(1);
        g.for_each_hold(backend, |_, h| h.xact.retain(|&(d, _)| d < keep_below));
        if let Some(b) = g.backends.get_mut(&backend) {
            b.depth = depth;
        }
        drop(g);
        self.cv.notify_all();
    }

    /// The transaction manager started `xid` (top-level xid `top`) on this thread's backend.
    pub fn xid_started(&self, xid: Xid, top: Xid) {
        if let Some(cfg) = current() {
            self.inner().xids.insert(xid, (cfg.backend, top));
        }
    }

    /// These xids finished.
    pub fn xids_finished(&self, xids: &[Xid]) {
        let mut g = self.inner();
        if g.xids.is_empty() {
            return;
        }
        for x in xids {
            g.xids.remove(x);
        }
    }

    /// `backend` starts (Some) or stops (None) waiting for transaction `xid` to end.
    pub fn set_xid_wait(&self, backend: i32, xid: Option<Xid>) {
        let mut g = self.inner();
        match xid {
            Some(x) => g.backends.entry(backend).or_default().wait = Some(WaitFor::Xid(x)),
            None => {
                let mut remove = false;
                if let Some(b) = g.backends.get_mut(&backend) {
                    b.wait = None;
                    remove = b.tags.is_empty() && b.lxid == 0 && b.depth == 0;
                }
                if remove {
                    g.backends.remove(&backend);
                }
            }
        }
    }

    /// Deadlock check for waiting `backend`: the 40P01 error when it is on a wait-for cycle.
    pub fn check_deadlock(&self, backend: i32) -> PgResult<()> {
        match self.inner().find_deadlock(backend) {
            Some(detail) => Err(deadlock_error(detail)),
            None => Ok(()),
        }
    }

    /// PostgreSQL's DETAIL lines for a cycle of xid waits given as (waiting xid, awaited
    /// xid) edges, when every xid's backend is known.
    pub fn xid_cycle_detail(&self, chain: &[(Xid, Xid)]) -> Option<String> {
        let g = self.inner();
        let owner = |x: Xid| {
            g.xids
                .get(&x)
                .map(|o| o.0)
                .or_else(|| g.xids.values().find(|o| o.1 == x).map(|o| o.0))
        };
        let mut lines = Vec::with_capacity(chain.len());
        for &(from, to) in chain {
            lines.push(format!(
                "Process {} waits for ShareLock on transaction {to}; blocked by process {}.",
                owner(from)?,
                owner(to)?
            ));
        }
        Some(lines.join("\n"))
    }

    /// pg_stat_activity's wait_event for a backend blocked on a lock ("relation",
    /// "advisory", "transactionid"), None when it is not waiting here.
    pub fn wait_event(&self, backend: i32) -> Option<&'static str> {
        match self.inner().backends.get(&backend)?.wait.as_ref()? {
            WaitFor::Lock(LockTag::Relation { .. }, _) => Some("relation"),
            WaitFor::Lock(LockTag::Advisory { .. }, _) => Some("advisory"),
            WaitFor::Xid(_) => Some("transactionid"),
        }
    }

    /// True if `backend` holds `mode` on `tag` (at any scope).
    pub fn holds(&self, tag: LockTag, mode: LockMode, backend: i32) -> bool {
        self.inner().locks.get(&tag).is_some_and(|st| {
            st.holds
                .iter()
                .any(|h| h.backend == backend && h.mode == mode)
        })
    }

    /// The rows of pg_locks: granted and awaited relation and advisory locks, and
    /// transactionid locks (each running xid holds ExclusiveLock on itself; a backend waiting
    /// for an xid awaits ShareLock on it).
    pub fn status(&self) -> Vec<LockRow> {
        let g = self.inner();
        let vxid = |b: i32| {
            let l = g.backends.get(&b).map_or(0, |x| x.lxid);
            format!("{b}/{}", l.wrapping_add(1))
        };
        let mut rows = Vec::new();
        let mut tags: Vec<&LockTag> = g.locks.keys().collect();
        tags.sort();
        for tag in tags {
            let Some(st) = g.locks.get(tag) else { continue };
            let mut entries: Vec<(i32, LockMode, bool)> = st
                .holds
                .iter()
                .filter(|h| !h.is_empty())
                .map(|h| (h.backend, h.mode, true))
                .collect();
            entries.extend(st.queue.iter().map(|w| (w.backend, w.mode, false)));
            for (backend, mode, granted) in entries {
                let mut row = LockRow {
                    locktype: "relation",
                    database: None,
                    relation: None,
                    transactionid: None,
                    classid: None,
                    objid: None,
                    objsubid: None,
                    virtualtransaction: vxid(backend),
                    pid: backend,
                    mode: mode.name(),
                    granted,
                    fastpath: false,
                };
                match *tag {
                    LockTag::Relation { db, rel } => {
                        row.database = Some(db);
                        row.relation = Some(rel);
                        row.fastpath = granted && mode <= LockMode::RowExclusive && db != 0;
                    }
                    LockTag::Advisory {
                        db,
                        key1,
                        key2,
                        kind,
                    } => {
                        row.locktype = "advisory";
                        row.database = Some(db);
                        row.classid = Some(key1);
                        row.objid = Some(key2);
                        row.objsubid = Some(kind);
                    }
                }
                rows.push(row);
            }
        }
        let mut xids: Vec<(&Xid, &(i32, Xid))> = g.xids.iter().collect();
        xids.sort();
        let tx_row = |xid: Xid, backend: i32, mode: &'static str, granted: bool| LockRow {
            locktype: "transactionid",
            database: None,
            relation: None,
            transactionid: Some(xid),
            classid: None,
            objid: None,
            objsubid: None,
            virtualtransaction: vxid(backend),
            pid: backend,
            mode,
            granted,
            fastpath: false,
        };
        for (&x, &(backend, _)) in xids {
            rows.push(tx_row(x, backend, "ExclusiveLock", true));
        }
        let mut waiting: Vec<(i32, Xid)> = g
            .backends
            .iter()
            .filter_map(|(&b, s)| match s.wait {
                Some(WaitFor::Xid(x)) => Some((b, x)),
                _ => None,
            })
            .collect();
        waiting.sort();
        for (b, x) in waiting {
            rows.push(tx_row(x, b, "ShareLock", false));
        }
        rows
    }
}

#[cfg(test)]
mod tests {
    use super::LockMode::*;
    use super::*;
    use std::sync::Arc;

    fn cfg(backend: i32) -> WaitConfig {
        WaitConfig::from_ms(backend, 100, 0)
    }

    fn rel(r: u32) -> LockTag {
        LockTag::Relation { db: 1, rel: r }
    }

    /// Poll until `f` holds (tests only; bounded).
    fn until(f: impl Fn() -> bool) {
        for _ in 0..500 {
            if f() {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        panic!("condition not reached");
    }

    fn waiting(lm: &LockManager, backend: i32) -> bool {
        lm.status().iter().any(|r| r.pid == backend && !r.granted)
    }

    #[test]
    fn conflict_table_matches_postgresql() {
        // Rows: requested mode; columns: held mode, AccessShare .. AccessExclusive.
        let table: [[u8; 8]; 8] = [
            [0, 0, 0, 0, 0, 0, 0, 1],
            [0, 0, 0, 0, 0, 0, 1, 1],
            [0, 0, 0, 0, 1, 1, 1, 1],
            [0, 0, 0, 1, 1, 1, 1, 1],
            [0, 0, 1, 1, 0, 1, 1, 1],
            [0, 0, 1, 1, 1, 1, 1, 1],
            [0, 1, 1, 1, 1, 1, 1, 1],
            [1, 1, 1, 1, 1, 1, 1, 1],
        ];
        for (i, req) in ALL_MODES.iter().enumerate() {
            for (j, held) in ALL_MODES.iter().enumerate() {
                assert_eq!(
                    req.conflicts_with(*held),
                    table[i][j] == 1,
                    "{req:?} vs {held:?}"
                );
                assert_eq!(req.conflicts_with(*held), held.conflicts_with(*req));
            }
        }
        assert_eq!(
            LockMode::from_sql("share row exclusive"),
            Some(ShareRowExclusive)
        );
        assert_eq!(
            LockMode::from_sql("ACCESS  EXCLUSIVE"),
            Some(AccessExclusive)
        );
        assert_eq!(LockMode::from_sql("bogus"), None);
        assert_eq!(AccessExclusive.name(), "AccessExclusiveLock");
    }

    #[test]
    fn advisory_key_encoding() {
        assert_eq!(
            LockTag::advisory_int8(5, 1),
            LockTag::Advisory {
                db: 5,
                key1: 0,
                key2: 1,
                kind: 1
            }
        );
        assert_eq!(
            LockTag::advisory_int8(5, -1),
            LockTag::Advisory {
                db: 5,
                key1: u32::MAX,
                key2: u32::MAX,
                kind: 1
            }
        );
        assert_eq!(
            LockTag::advisory_int4(5, 2, 2),
            LockTag::Advisory {
                db: 5,
                key1: 2,
                key2: 2,
                kind: 2
            }
        );
    }

    #[test]
    fn reentrant_and_scoped_release() {
        let lm = LockManager::default();
        let i = Interrupts::new();
        let t = rel(10);
        for _ in 0..2 {
            let a = lm.acquire(
                t,
                AccessExclusive,
                LockScope::Transaction,
                true,
                &cfg(1),
                &i,
            );
            assert_eq!(a.unwrap(), Acquired::Immediately);
        }
        let a = lm.acquire(t, AccessShare, LockScope::Transaction, true, &cfg(2), &i);
        assert_eq!(a.unwrap(), Acquired::NotAvailable);
        lm.release_transaction(1);
        let a = lm.acquire(t, AccessShare, LockScope::Transaction, true, &cfg(2), &i);
        assert_eq!(a.unwrap(), Acquired::Immediately);
        // Session and transaction holds of one mode are counted separately.
        let adv = LockTag::advisory_int8(1, 7);
        lm.acquire(adv, Exclusive, LockScope::Transaction, false, &cfg(3), &i)
            .unwrap();
        assert!(!lm.release_session_lock(adv, Exclusive, 3));
        lm.acquire(adv, Exclusive, LockScope::Session, false, &cfg(3), &i)
            .unwrap();
        lm.release_transaction(3);
        assert!(lm.holds(adv, Exclusive, 3));
        assert!(lm.release_session_lock(adv, Exclusive, 3));
        assert!(!lm.holds(adv, Exclusive, 3));
        assert!(!lm.release_session_lock(adv, Exclusive, 3));
    }

    #[test]
    fn savepoint_rollback_releases_later_locks() {
        let lm = LockManager::default();
        let i = Interrupts::new();
        lm.acquire(rel(1), Share, LockScope::Transaction, false, &cfg(1), &i)
            .unwrap();
        lm.subxact_begin(1, 1);
        lm.acquire(rel(2), Share, LockScope::Transaction, false, &cfg(1), &i)
            .unwrap();
        lm.acquire(rel(1), Share, LockScope::Transaction, false, &cfg(1), &i)
            .unwrap();
        lm.subxact_rollback(1, 1);
        assert!(lm.holds(rel(1), Share, 1));
        assert!(!lm.holds(rel(2), Share, 1));
        // RELEASE merges into the parent: a later savepoint's rollback keeps them.
        lm.subxact_begin(1, 2);
        lm.acquire(rel(3), Share, LockScope::Transaction, false, &cfg(1), &i)
            .unwrap();
        lm.subxact_release(1, 1);
        lm.subxact_begin(1, 2);
        lm.subxact_rollback(1, 2);
        assert!(lm.holds(rel(3), Share, 1));
        lm.subxact_rollback(1, 1);
        assert!(!lm.holds(rel(3), Share, 1));
        assert!(lm.holds(rel(1), Share, 1));
    }

    #[test]
    fn waiter_blocks_until_release_and_queue_is_fair() {
        let lm = Arc::new(LockManager::default());
        let i = Interrupts::new();
        let t = rel(5);
        lm.acquire(t, AccessShare, LockScope::Transaction, false, &cfg(1), &i)
            .unwrap();
        let lm2 = lm.clone();
        let h = std::thread::spawn(move || {
            lm2.acquire(
                t,
                AccessExclusive,
                LockScope::Transaction,
                false,
                &cfg(2),
                &Interrupts::new(),
            )
        });
        until(|| waiting(&lm, 2));
        // A new AccessShare request conflicts with the queued AccessExclusive: it queues.
        let a = lm.acquire(t, AccessShare, LockScope::Transaction, true, &cfg(3), &i);
        assert_eq!(a.unwrap(), Acquired::NotAvailable);
        // ... but the holder itself may take more without queueing.
        let a = lm.acquire(t, RowShare, LockScope::Transaction, true, &cfg(1), &i);
        assert_eq!(a.unwrap(), Acquired::Immediately);
        lm.release_transaction(1);
        assert_eq!(h.join().unwrap().unwrap(), Acquired::AfterWait);
        assert!(lm.holds(t, AccessExclusive, 2));
    }

    #[test]
    fn lock_timeout_and_cancel() {
        let lm = LockManager::default();
        let i = Interrupts::new();
        let t = rel(6);
        lm.acquire(
            t,
            AccessExclusive,
            LockScope::Transaction,
            false,
            &cfg(1),
            &i,
        )
        .unwrap();
        let c = WaitConfig::from_ms(2, 1000, 50);
        let e = lm
            .acquire(t, AccessShare, LockScope::Transaction, false, &c, &i)
            .unwrap_err();
        assert_eq!(e.code, common::sqlstate::LOCK_NOT_AVAILABLE);
        assert_eq!(e.message, "canceling statement due to lock timeout");
        assert!(lm.status().iter().all(|r| r.granted));
        i.cancel();
        let e = lm
            .acquire(t, AccessShare, LockScope::Transaction, false, &cfg(2), &i)
            .unwrap_err();
        assert_eq!(e.code, common::sqlstate::QUERY_CANCELED);
    }

    #[test]
    fn deadlock_is_detected_with_postgres_detail() {
        let lm = Arc::new(LockManager::default());
        let i = Interrupts::new();
        lm.acquire(
            rel(1),
            AccessExclusive,
            LockScope::Transaction,
            false,
            &cfg(1),
            &i,
        )
        .unwrap();
        lm.acquire(
            rel(2),
            AccessExclusive,
            LockScope::Transaction,
            false,
            &cfg(2),
            &i,
        )
        .unwrap();
        let lm2 = lm.clone();
        let slow = WaitConfig::from_ms(1, 60_000, 0);
        let h = std::thread::spawn(move || {
            lm2.acquire(
                rel(2),
                AccessExclusive,
                LockScope::Transaction,
                false,
                &slow,
                &Interrupts::new(),
            )
        });
        until(|| waiting(&lm, 1));
        let e = lm
            .acquire(
                rel(1),
                AccessExclusive,
                LockScope::Transaction,
                false,
                &cfg(2),
                &i,
            )
            .unwrap_err();
        assert_eq!(e.code, common::sqlstate::DEADLOCK_DETECTED);
        assert_eq!(
            e.detail.as_deref(),
            Some(
                "Process 2 waits for AccessExclusiveLock on relation 1 of database 1; blocked by process 1.\n\
                 Process 1 waits for AccessExclusiveLock on relation 2 of database 1; blocked by process 2."
            )
        );
        assert_eq!(e.hint.as_deref(), Some("See server log for query details."));
        lm.release_transaction(2);
        assert_eq!(h.join().unwrap().unwrap(), Acquired::AfterWait);
    }

    #[test]
    fn deadlock_through_an_xid_wait() {
        let lm = Arc::new(LockManager::default());
        let i = Interrupts::new();
        set_current(cfg(1));
        lm.xid_started(100, 100);
        lm.acquire(
            rel(1),
            AccessExclusive,
            LockScope::Transaction,
            false,
            &cfg(2),
            &i,
        )
        .unwrap();
        // Backend 2 waits for xid 100 (backend 1's); backend 1 then waits for the table.
        lm.set_xid_wait(2, Some(100));
        let e = lm
            .acquire(
                rel(1),
                AccessShare,
                LockScope::Transaction,
                false,
                &cfg(1),
                &i,
            )
            .unwrap_err();
        assert_eq!(e.code, common::sqlstate::DEADLOCK_DETECTED);
        assert_eq!(
            e.detail.as_deref(),
            Some(
                "Process 1 waits for AccessShareLock on relation 1 of database 1; blocked by process 2.\n\
                 Process 2 waits for ShareLock on transaction 100; blocked by process 1."
            )
        );
        let rows = lm.status();
        assert!(rows.iter().any(|r| r.locktype == "transactionid"
            && r.transactionid == Some(100)
            && r.pid == 1
            && r.granted));
        assert!(rows.iter().any(|r| r.locktype == "transactionid"
            && r.pid == 2
            && r.mode == "ShareLock"
            && !r.granted));
        assert_eq!(lm.wait_event(2), Some("transactionid"));
        assert_eq!(
            lm.xid_cycle_detail(&[(100, 100)]).as_deref(),
            Some("Process 1 waits for ShareLock on transaction 100; blocked by process 1.")
        );
        assert_eq!(lm.xid_cycle_detail(&[(100, 7)]), None);
        lm.set_xid_wait(2, None);
        assert_eq!(lm.wait_event(2), None);
        lm.xids_finished(&[100]);
        assert!(lm.check_deadlock(2).is_ok());
    }

    #[test]
    fn session_end_releases_everything() {
        let lm = LockManager::default();
        let i = Interrupts::new();
        let adv = LockTag::advisory_int4(1, 1, 2);
        lm.acquire(adv, Share, LockScope::Session, false, &cfg(4), &i)
            .unwrap();
        lm.acquire(
            rel(9),
            RowExclusive,
            LockScope::Transaction,
            false,
            &cfg(4),
            &i,
        )
        .unwrap();
        let rows = lm.status();
        assert_eq!(rows.len(), 2);
        assert!(rows.iter().any(|r| r.locktype == "advisory"
            && r.classid == Some(1)
            && r.objid == Some(2)
            && r.objsubid == Some(2)
            && r.mode == "ShareLock"));
        lm.release_session_advisory(4);
        assert_eq!(lm.status().len(), 1);
        lm.release_backend(4);
        assert!(lm.status().is_empty());
    }
}
