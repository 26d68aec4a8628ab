//! INSERT ... ON CONFLICT execution (called per proposed row by `run_modify`): probe the
//! arbiter unique indexes and insert atomically (`IndexSet::insert_unless_conflict`, which
//! waits for in-progress inserters/deleters of an equal key); on a conflict either skip the
//! row (DO NOTHING) or lock the existing row like FOR UPDATE and update it with the SET list
//! and WHERE over the existing row and `excluded` (DO UPDATE). READ COMMITTED goes on with
//! the row's latest version (re-running the arbiter probe when it was concurrently updated
//! or deleted); REPEATABLE READ / SERIALIZABLE raise 40001 when the conflicting row is not
//! visible to the transaction snapshot. A row proposed twice in one command fails with
//! 21000 under DO UPDATE.

use crate::check_constraints::CheckSet;
use crate::index_maint::{ArbiterProbe, IndexSet};
use crate::{ri, ResultSink, Runtime};
use access::{ItemPointer, LockTupleResult, ModifyResult};
use analyzer::{ModifyInfo, OnConflictInfo, Target};
use common::{pg_err, PgError, PgResult};
use txn::rowlock::RowLockMode;
use types::Datum;

fn serialization_failure() -> PgError {
    pg_err!(
        SERIALIZATION_FAILURE,
        "could not serialize access due to concurrent update"
    )
}

fn affect_twice() -> PgError {
    pg_err!(
        CARDINALITY_VIOLATION,
        "ON CONFLICT DO UPDATE command cannot affect row a second time"
    )
    .with_hint(
        "Ensure that no rows proposed for insertion within the same command have duplicate constrained values.",
    )
}

/// The index numbers (in `index_set`) of the arbiter indexes.
fn arbiter_indexes(
    index_set: &IndexSet,
    m: &ModifyInfo,
    oc: &OnConflictInfo,
) -> PgResult<Vec<usize>> {
    let mut out = Vec::new();
    for (i, ix) in index_set.indexes.iter().enumerate() {
        let chosen = if oc.arbiters.is_empty() {
            ix.desc.unique
        } else {
            oc.arbiters.iter().any(|a| a.0 == ix.desc.oid)
        };
        if !chosen {
            continue;
        }
        if !ix.desc.immediate {
            return Err(pg_err!(
                FEATURE_NOT_SUPPORTED,
                "ON CONFLICT does not support deferrable unique constraints/exclusion constraints as arbiters"
            )
            .with_table(&m.rel.namespace_name, &m.rel.name)
            .with_constraint(&ix.desc.name));
        }
        out.push(i);
    }
    Ok(out)
}

/// What happened to one proposed row.
enum Outcome {
    /// Inserted or updated: this row (the stored values and tid) counts and is returned.
    Stored(Vec<Datum>, ItemPointer, Option<Datum>),
    Skipped,
    /// The conflicting row changed under us (READ COMMITTED): probe again.
    Retry,
}

/// Handle one proposed row `new_vals` (NOT NULL and CHECK constraints already verified) of
/// an INSERT with an ON CONFLICT clause. Returns true if a row was inserted or updated.
#[allow(clippy::too_many_arguments)]
pub fn insert_row(
    rt: &mut Runtime,
    m: &ModifyInfo,
    oc: &OnConflictInfo,
    index_set: &IndexSet,
    ri_queue: &mut Option<ri::RiQueue>,
    check_set: &CheckSet,
    new_vals: Vec<Datum>,
    returning: &[&Target],
    sink: &mut dyn ResultSink,
) -> PgResult<bool> {
    let rel = &m.rel;
    let arbiters = arbiter_indexes(index_set, m, oc)?;
    // The proposed row's key in each arbiter index (NULL keys never conflict; rows outside
    // a partial index's predicate are not constrained by it).
    let dummy = ItemPointer {
        block: 0,
        offset: 0,
    };
    let mut keys = Vec::with_capacity(arbiters.len());
    for &i in &arbiters {
        let Some(ix) = index_set.indexes.get(i) else {
            continue;
        };
        if let Some(k) = ix.key_of(rt, &new_vals, dummy)? {
            if !k.iter().any(|d| d.is_null()) {
                keys.push((i, k));
            }
        }
    }
    let skip: Vec<usize> = keys.iter().map(|k| k.0).collect();
    loop {
        rt.cx.interrupts.check()?;
        let mut row_oid = None;
        let probe = {
            let vals = &new_vals;
            let oid_slot = &mut row_oid;
            let mut insert = |rt: &mut Runtime| -> PgResult<ItemPointer> {
                let w = access::WriteCtx {
                    tm: rt.cx.tm,
                    xid: rt.cx.txn.xid,
                    cid: rt.cx.txn.cid,
                    snapshot: &rt.cx.txn.snapshot,
                    interrupts: rt.cx.interrupts,
                };
                let stored;
                let tuple_vals = if rel.has_oids() {
                    let o = Datum::Oid(rt.cx.catalog.next_oid()?);
                    *oid_slot = Some(o.clone());
                    stored = [vals.as_slice(), std::slice::from_ref(&o)].concat();
                    &stored
                } else {
                    vals
                };
                access::heap_insert(rt.cx.storage, rel.file, &rel.tuple_desc, tuple_vals, &w)
            };
            index_set.insert_unless_conflict(rt, &keys, &mut insert)?
        };
        let outcome = match probe {
            ArbiterProbe::Inserted(tid) => {
                index_set.insert_entries_except(rt, &new_vals, tid, &skip)?;
                if let Some(q) = ri_queue.as_mut() {
                    q.row_changed(ri::RowOp::Insert, &[], &new_vals, tid);
                }
                Outcome::Stored(new_vals.clone(), tid, row_oid)
            }
            ArbiterProbe::Conflict { tid, .. } => {
                if oc.update {
                    do_update(rt, m, oc, index_set, ri_queue, check_set, &new_vals, tid)?
                } else {
                    check_visible(rt, m, tid)?;
                    Outcome::Skipped
                }
            }
        };
        match outcome {
            Outcome::Retry => continue,
            Outcome::Skipped => return Ok(false),
            Outcome::Stored(vals, tid, oid) => {
                rt.cx.txn.wrote = true;
                if !returning.is_empty() {
                    let mut r = vals;
                    r.push(analyzer::analyze::tid_to_datum(tid.block, tid.offset));
                    if let Some(o) = oid {
                        r.push(o);
                    }
                    let mut out = Vec::with_capacity(returning.len());
                    for t in returning {
                        out.push(rt.eval(&t.expr, &r)?);
                    }
                    sink.row(&out)?;
                }
                return Ok(true);
            }
        }
    }
}

/// REPEATABLE READ / SERIALIZABLE: the conflicting row must be visible to the transaction
/// snapshot (unless this transaction inserted it).
fn check_visible(rt: &mut Runtime, m: &ModifyInfo, tid: ItemPointer) -> PgResult<()> {
    if !rt.cx.txn.transaction_snapshot {
        return Ok(());
    }
    let Some(h) = access::heap_get_header(rt.cx.storage, m.rel.file, tid)? else {
        return Ok(());
    };
    if rt.cx.tm.same_transaction(h.xmin, rt.cx.txn.xid) {
        return Ok(());
    }
    if access::tuple_visible(&h, &rt.cx.txn.snapshot, rt.cx.tm) {
        Ok(())
    } else {
        Err(serialization_failure())
    }
}

/// DO UPDATE on the conflicting row at `tid`.
#[allow(clippy::too_many_arguments)]
fn do_update(
    rt: &mut Runtime,
    m: &ModifyInfo,
    oc: &OnConflictInfo,
    index_set: &IndexSet,
    ri_queue: &mut Option<ri::RiQueue>,
    check_set: &CheckSet,
    excluded: &[Datum],
    tid: ItemPointer,
) -> PgResult<Outcome> {
    let rel = &m.rel;
    let ncols = rel.columns.len();
    let xid = rt.cx.txn.xid;
    let locked = {
        let w = access::WriteCtx {
            tm: rt.cx.tm,
            xid,
            cid: rt.cx.txn.cid,
            snapshot: &rt.cx.txn.snapshot,
            interrupts: rt.cx.interrupts,
        };
        access::heap_lock_tuple(rt.cx.storage, rel.file, tid, RowLockMode::Update, true, &w)?
    };
    match locked {
        LockTupleResult::Locked => {}
        LockTupleResult::Invisible => {
            // Inserted or already updated by this very command.
            return match access::heap_get_header(rt.cx.storage, rel.file, tid)? {
                Some(h) if rt.cx.tm.same_transaction(h.xmin, xid) => Err(affect_twice()),
                _ => Ok(Outcome::Retry),
            };
        }
        LockTupleResult::Updated { .. } => {
            if rt.cx.txn.transaction_snapshot {
                return Err(serialization_failure());
            }
            return Ok(Outcome::Retry);
        }
        LockTupleResult::WouldBlock => return Ok(Outcome::Retry),
    }
    check_visible(rt, m, tid)?;
    // The locked version, as it is now.
    let latest = {
        let w = access::WriteCtx {
            tm: rt.cx.tm,
            xid,
            cid: rt.cx.txn.cid,
            snapshot: &rt.cx.txn.snapshot,
            interrupts: rt.cx.interrupts,
        };
        access::heap_fetch_latest(rt.cx.storage, rel.file, &rel.tuple_desc, tid, &w)?
    };
    let Some(existing) = latest else {
        return Ok(Outcome::Retry);
    };
    if existing.tid != tid {
        return Ok(Outcome::Retry);
    }
    let old_vals: Vec<Datum> = existing.values.iter().take(ncols).cloned().collect();
    let old_oid = if rel.has_oids() {
        existing.values.get(ncols).cloned()
    } else {
        None
    };
    let mut flat = vec![Datum::Null; oc.width.max(ncols + 2)];
    for (i, v) in old_vals.iter().enumerate() {
        flat[i] = v.clone();
    }
    flat[ncols] = analyzer::analyze::tid_to_datum(tid.block, tid.offset);
    if let (Some(o), Some(slot)) = (&old_oid, flat.get_mut(ncols + 1)) {
        *slot = o.clone();
    }
    for (i, v) in excluded.iter().enumerate() {
        if let Some(slot) = flat.get_mut(oc.excluded_offset + i) {
            *slot = v.clone();
        }
    }
    if let Some(q) = &oc.where_qual {
        if !matches!(rt.eval(q, &flat)?, Datum::Bool(true)) {
            return Ok(Outcome::Skipped);
        }
    }
    let mut new_vals = Vec::with_capacity(ncols);
    for e in &oc.set {
        new_vals.push(rt.eval(e, &flat)?);
    }
    for (c, v) in rel.columns.iter().zip(&new_vals) {
        if c.not_null && !c.dropped && v.is_null() {
            return Err(crate::not_null_error(rt, rel, &c.name, &new_vals));
        }
    }
    check_set.check_row(rt, rel, &new_vals)?;
    let stored;
    let tuple_vals = match &old_oid {
        Some(o) => {
            stored = [new_vals.as_slice(), std::slice::from_ref(o)].concat();
            &stored
        }
        None => &new_vals,
    };
    let w = access::WriteCtx {
        tm: rt.cx.tm,
        xid,
        cid: rt.cx.txn.cid,
        snapshot: &rt.cx.txn.snapshot,
        interrupts: rt.cx.interrupts,
    };
    let r = access::heap_update(
        rt.cx.storage,
        rel.file,
        &rel.tuple_desc,
        tid,
        tuple_vals,
        &w,
    )?;
    let new_tid = match r {
        ModifyResult::Ok(t) => t.unwrap_or(tid),
        ModifyResult::Invisible => return Err(affect_twice()),
        ModifyResult::SelfModified => return Ok(Outcome::Skipped),
        ModifyResult::Updated { .. } => {
            if rt.cx.txn.transaction_snapshot {
                return Err(serialization_failure());
            }
            return Ok(Outcome::Retry);
        }
    };
    index_set.insert_entries(rt, &new_vals, new_tid)?;
    if let Some(q) = ri_queue.as_mut() {
        q.row_changed(ri::RowOp::Update, &old_vals, &new_vals, new_tid);
    }
    Ok(Outcome::Stored(new_vals, new_tid, old_oid))
}
