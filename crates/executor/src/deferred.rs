//! Deferred constraint checks of a transaction: the per-transaction `DeferredQueue` (checks
//! queued for COMMIT or for `SET CONSTRAINTS ... IMMEDIATE`), the `SET CONSTRAINTS` state
//! (ALL / per-constraint DEFERRED or IMMEDIATE) that decides whether a DEFERRABLE constraint's
//! check is deferred, and running queued checks.
//!
//! Users (deferrable unique indexes, foreign keys) ask `is_deferred` when a check would be due
//! at statement end; if it says yes they `push` a `DeferredCheck` instead of checking now.

use crate::{ExecContext, Runtime};
use access::btree::Tid;
use catalog::index::IndexDesc;
use common::{Oid, PgResult};
use std::collections::HashMap;
use std::sync::Arc;
use types::Datum;

/// One queued constraint check, run at COMMIT (or by SET CONSTRAINTS ... IMMEDIATE).
pub trait DeferredCheck: Send + Sync + std::fmt::Debug {
    /// The pg_constraint OID of the constraint this check belongs to.
    fn constraint_oid(&self) -> Oid;
    /// Run the check in the transaction (its snapshot is refreshed first); an error fails the
    /// COMMIT (the transaction is rolled back) or the SET CONSTRAINTS statement.
    fn run(&self, rt: &mut Runtime) -> PgResult<()>;
    /// The table this pending event belongs to (PostgreSQL's trigger event relation), 0 if
    /// unknown: ALTER TABLE refuses tables with pending events.
    fn event_relation(&self) -> Oid {
        0
    }
}

#[derive(Clone, Debug)]
struct Entry {
    check: Arc<dyn DeferredCheck>,
    /// Subtransaction depth when queued (0 = top level).
    depth: usize,
}

/// The transaction's deferred checks and SET CONSTRAINTS state (part of `TxnState`, reset with
/// it at transaction start/end).
#[derive(Clone, Debug, Default)]
pub struct DeferredQueue {
    entries: Vec<Entry>,
    /// SET CONSTRAINTS ALL: Some(true) = DEFERRED, Some(false) = IMMEDIATE.
    all: Option<bool>,
    /// SET CONSTRAINTS name: per constraint OID, true = DEFERRED.
    named: HashMap<Oid, bool>,
}

impl DeferredQueue {
    /// True if constraint `constraint_oid`'s check is deferred to commit now: only DEFERRABLE
    /// constraints can be; SET CONSTRAINTS (by name, then ALL) overrides INITIALLY DEFERRED.
    pub fn is_deferred(
        &self,
        constraint_oid: Oid,
        deferrable: bool,
        initially_deferred: bool,
    ) -> bool {
        if !deferrable {
            return false;
        }
        if let Some(&d) = self.named.get(&constraint_oid) {
            return d;
        }
        self.all.unwrap_or(initially_deferred)
    }

    /// Queue a check for COMMIT (at top-level depth; use `push_at` inside savepoints).
    pub fn push(&mut self, check: Box<dyn DeferredCheck>) {
        self.push_at(check, 0);
    }

    /// Queue a check made at subtransaction depth `depth` (`TxnState::subxacts.depth()`), so
    /// that ROLLBACK TO SAVEPOINT drops it.
    pub fn push_at(&mut self, check: Box<dyn DeferredCheck>, depth: usize) {
        self.entries.push(Entry {
            check: Arc::from(check),
            depth,
        });
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// True if a queued check's event belongs to table `relid` (see `event_relation`).
    pub fn has_events_for(&self, relid: Oid) -> bool {
        self.entries
            .iter()
            .any(|e| e.check.event_relation() == relid)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// SET CONSTRAINTS ALL { DEFERRED | IMMEDIATE }: forgets per-name settings.
    pub fn set_all(&mut self, deferred: bool) {
        self.all = Some(deferred);
        self.named.clear();
    }

    /// SET CONSTRAINTS name { DEFERRED | IMMEDIATE } for one (deferrable) constraint.
    pub fn set_named(&mut self, constraint_oid: Oid, deferred: bool) {
        self.named.insert(constraint_oid, deferred);
    }

    /// Remove and return every queued check (COMMIT).
    pub fn take_all(&mut self) -> Vec<Arc<dyn DeferredCheck>> {
        std::mem::take(&mut self.entries)
            .into_iter()
            .map(|e| e.check)
            .collect()
    }

    /// Remove and return the queued checks of constraints `pred` accepts (SET CONSTRAINTS
    /// ... IMMEDIATE), keeping the others queued.
    pub fn take_matching(&mut self, pred: impl Fn(Oid) -> bool) -> Vec<Arc<dyn DeferredCheck>> {
        let (hit, keep): (Vec<Entry>, Vec<Entry>) = std::mem::take(&mut self.entries)
            .into_iter()
            .partition(|e| pred(e.check.constraint_oid()));
        self.entries = keep;
        hit.into_iter().map(|e| e.check).collect()
    }

    /// ROLLBACK TO SAVEPOINT at subtransaction level `level` (0 = outermost savepoint): drop
    /// checks queued inside the discarded levels.
    pub fn rollback_to_level(&mut self, level: usize) {
        self.entries.retain(|e| e.depth <= level);
    }

    /// RELEASE SAVEPOINT at level `level`: checks of the released levels now belong to the
    /// enclosing level.
    pub fn release_level(&mut self, level: usize) {
        for e in &mut self.entries {
            if e.depth > level {
                e.depth = level;
            }
        }
    }
}

/// Run `checks` in the transaction of `cx`, with a fresh snapshot so they see every change the
/// transaction made (and everything committed) up to now; the first failure is returned.
pub fn run_checks(cx: &mut ExecContext, checks: &[Arc<dyn DeferredCheck>]) -> PgResult<()> {
    if checks.is_empty() {
        return Ok(());
    }
    let saved = cx.txn.snapshot.clone();
    let mut snap = cx.tm.snapshot(cx.txn.xid, cx.txn.cid);
    snap.own_xids = saved.own_xids.clone();
    cx.txn.snapshot = snap;
    let result = {
        let mut rt = Runtime::new(cx, &[]);
        let mut r = Ok(());
        for c in checks {
            if let Err(e) = rt.cx.interrupts.check().and_then(|_| c.run(&mut rt)) {
                r = Err(e);
                break;
            }
        }
        r
    };
    cx.txn.snapshot = saved;
    result
}

/// Queue (or, when not deferred, run nothing and return false) helper: true if the check was
/// queued for commit.
pub fn defer_if_needed(
    cx: &mut ExecContext,
    constraint_oid: Oid,
    deferrable: bool,
    initially_deferred: bool,
    make: impl FnOnce() -> Box<dyn DeferredCheck>,
) -> bool {
    if cx
        .txn
        .deferred
        .is_deferred(constraint_oid, deferrable, initially_deferred)
    {
        let depth = cx.txn.subxacts.depth();
        cx.txn.deferred.push_at(make(), depth);
        true
    } else {
        false
    }
}

/// Per statement: the owning constraint (OID, condeferrable, condeferred) of each deferrable
/// unique index seen, looked up once.
#[derive(Default)]
pub struct ConstraintFlags {
    by_index: HashMap<Oid, Option<(Oid, bool, bool)>>,
}

fn index_constraint_flags(
    rt: &Runtime,
    flags: &mut ConstraintFlags,
    index_oid: Oid,
) -> PgResult<Option<(Oid, bool, bool)>> {
    if let Some(f) = flags.by_index.get(&index_oid) {
        return Ok(*f);
    }
    let ccx = rt.catalog_cx();
    let rows = rt
        .cx
        .catalog
        .catalog_rows(&ccx, catalog::schema::PG_CONSTRAINT, |r| {
            r.oid("conindid").unwrap_or(0) == index_oid
                && matches!(r.ch("contype").unwrap_or(0), b'p' | b'u' | b'x')
        })?;
    let f = match rows.first() {
        Some(r) => Some((
            r.row_oid(),
            r.bool("condeferrable")?,
            r.bool("condeferred")?,
        )),
        None => None,
    };
    flags.by_index.insert(index_oid, f);
    Ok(f)
}

/// A deferred uniqueness check of one entry of a deferrable unique index.
#[derive(Debug)]
struct DeferredUnique {
    constraint_oid: Oid,
    table_oid: Oid,
    index_oid: Oid,
    key: Vec<Datum>,
    tid: Tid,
}

impl DeferredCheck for DeferredUnique {
    fn constraint_oid(&self) -> Oid {
        self.constraint_oid
    }

    fn run(&self, rt: &mut Runtime) -> PgResult<()> {
        let table = {
            let ccx = rt.catalog_cx();
            rt.cx.catalog.relation_by_oid(&ccx, self.table_oid)?
        };
        let Some(table) = table else {
            return Ok(());
        };
        let set = crate::index_maint::IndexSet::open_cx(rt.cx, &table)?;
        let Some(i) = set
            .indexes
            .iter()
            .position(|x| x.desc.oid == self.index_oid)
        else {
            return Ok(());
        };
        set.check_entry(rt, i, &self.key, self.tid)
    }
}

/// End of statement, for an entry of deferrable unique index `desc`: if its constraint is
/// deferred now, queue the check for commit and return true.
pub fn defer_unique(
    rt: &mut Runtime,
    desc: &IndexDesc,
    key: &[Datum],
    tid: Tid,
    flags: &mut ConstraintFlags,
) -> PgResult<bool> {
    let Some((conoid, deferrable, initially)) = index_constraint_flags(rt, flags, desc.oid)? else {
        return Ok(false);
    };
    if !rt
        .cx
        .txn
        .deferred
        .is_deferred(conoid, deferrable, initially)
    {
        return Ok(false);
    }
    let depth = rt.cx.txn.subxacts.depth();
    rt.cx.txn.deferred.push_at(
        Box::new(DeferredUnique {
            constraint_oid: conoid,
            table_oid: desc.table_oid,
            index_oid: desc.oid,
            key: key.to_vec(),
            tid,
        }),
        depth,
    );
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Dummy(Oid);
    impl DeferredCheck for Dummy {
        fn constraint_oid(&self) -> Oid {
            self.0
        }
        fn run(&self, _rt: &mut Runtime) -> PgResult<()> {
            Ok(())
        }
    }

    #[test]
    fn deferral_rules() {
        let mut q = DeferredQueue::default();
        assert!(!q.is_deferred(1, false, false));
        assert!(q.is_deferred(1, true, true));
        assert!(!q.is_deferred(1, true, false));
        q.set_all(true);
        assert!(q.is_deferred(1, true, false));
        assert!(!q.is_deferred(1, false, false));
        q.set_named(1, false);
        assert!(!q.is_deferred(1, true, true));
        assert!(q.is_deferred(2, true, false));
        q.set_all(false);
        assert!(!q.is_deferred(2, true, true));
    }

    #[test]
    fn queue_ops() {
        let mut q = DeferredQueue::default();
        q.push(Box::new(Dummy(1)));
        q.push_at(Box::new(Dummy(2)), 1);
        q.push_at(Box::new(Dummy(3)), 2);
        q.rollback_to_level(1);
        assert_eq!(q.len(), 2);
        let hit = q.take_matching(|o| o == 2);
        assert_eq!(hit.len(), 1);
        assert_eq!(q.take_all().len(), 1);
        assert!(q.is_empty());
    }
}
