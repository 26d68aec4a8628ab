//! READ COMMITTED re-checking of concurrently updated rows (PostgreSQL's EvalPlanQual): when
//! an UPDATE or DELETE finds that its target row was changed by a transaction that committed
//! after the statement's snapshot, it waits for that transaction, follows the row's update
//! chain to its latest version, re-evaluates the statement's conditions on it, and goes on with
//! that version if it still qualifies.

use crate::Runtime;
use analyzer::{Expr, ModifyInfo};
use common::{pg_err, PgResult};
use planner::Plan;
use types::Datum;

/// The scan of the target table inside `plan`: where its columns start in the flat row, and
/// the conditions applied to it. None for plans that combine several sources (joins), which
/// are not re-checked.
fn target_scan(plan: &Plan, target: common::Oid) -> Option<(usize, Vec<&Expr>)> {
    match plan {
        Plan::SeqScan {
            rel, offset, qual, ..
        }
        | Plan::IndexScan {
            rel, offset, qual, ..
        } if rel.oid == target => Some((*offset, qual.iter().collect())),
        Plan::Filter { input, qual } => {
            let (offset, mut quals) = target_scan(input, target)?;
            quals.push(qual);
            Some((offset, quals))
        }
        _ => None,
    }
}

/// The latest version of the row that `row` (a flat row of `plan`) was read from, starting
/// at `next` in its update chain, as a new flat row plus its tid; None if the row was deleted
/// or no longer satisfies the statement's conditions.
pub fn recheck_latest(
    rt: &mut Runtime,
    plan: &Plan,
    m: &ModifyInfo,
    row: &[Datum],
    next: access::ItemPointer,
) -> PgResult<Option<(Vec<Datum>, access::ItemPointer)>> {
    let rel = &m.rel;
    let Some((offset, quals)) = target_scan(plan, rel.oid) else {
        // A join-driven UPDATE/DELETE: re-running the join for one row is not supported, so
        // the conflict is reported as a serialization failure (the client retries).
        return Err(pg_err!(
            SERIALIZATION_FAILURE,
            "could not serialize access due to concurrent update"
        ));
    };
    let w = access::WriteCtx {
        tm: rt.cx.tm,
        xid: rt.cx.txn.xid,
        cid: rt.cx.txn.cid,
        snapshot: &rt.cx.txn.snapshot,
        interrupts: rt.cx.interrupts,
    };
    let Some(latest) =
        access::heap_fetch_latest(rt.cx.storage, rel.file, &rel.tuple_desc, next, &w)?
    else {
        return Ok(None);
    };
    let mut new_row = row.to_vec();
    for (i, v) in latest.values.into_iter().enumerate() {
        if let Some(slot) = new_row.get_mut(offset + i) {
            *slot = v;
        }
    }
    if let Some(slot) = new_row.get_mut(m.ctid_index) {
        *slot = analyzer::analyze::tid_to_datum(latest.tid.block, latest.tid.offset);
    }
    for q in quals {
        if !matches!(rt.eval(q, &new_row)?, Datum::Bool(true)) {
            return Ok(None);
        }
    }
    Ok(Some((new_row, latest.tid)))
}
