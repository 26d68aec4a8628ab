//! The heap access method: insert, update, delete and fetch of heap tuples on 8 KB pages, the
//! sequential scan, and vacuum. MVCC visibility follows PostgreSQL's HeapTupleSatisfiesMVCC
//! (including the own-transaction command-id rules); hint bits (XMIN_COMMITTED, XMIN_INVALID,
//! XMAX_COMMITTED, XMAX_INVALID) are set as scans learn transaction outcomes. Combo command ids
//! (a tuple inserted and deleted by the same transaction) are kept by the transaction manager.
//! Updates never create HOT chains yet (no HEAP_HOT_UPDATED/HEAP_ONLY_TUPLE bits).

use crate::tuple::*;
use crate::{HeapTuple, ItemPointer, ModifyResult, TupleDesc, WriteCtx};
use common::{pg_err, CommandId, PgResult, Xid};
use std::sync::Arc;
use storage::page::*;
use storage::{BlockNumber, RelFileNode, Storage};
use txn::rowlock::{RowKey, RowLockMode};
use txn::{Snapshot, TransactionManager, XidStatus, INVALID_XID};
use types::Datum;

/// Reject tuples that cannot fit on a page (no TOAST).
pub(crate) fn check_tuple_size(len: usize) -> PgResult<()> {
    if len > MAX_HEAP_TUPLE_SIZE {
        return Err(pg_err!(
            PROGRAM_LIMIT_EXCEEDED,
            "row is too big: size {}, maximum size {}",
            len,
            MAX_HEAP_TUPLE_SIZE
        ));
    }
    Ok(())
}

/// cmin of a tuple inserted by the current transaction `my_xid`.
fn tuple_cmin(h: &TupleHeader, my_xid: Xid, tm: &TransactionManager) -> CommandId {
    if h.infomask & HEAP_COMBOCID != 0 {
        tm.combo_cid_lookup(my_xid, h.cid).map_or(h.cid, |c| c.0)
    } else {
        h.cid
    }
}

/// cmax of a tuple deleted by the current transaction `my_xid`.
fn tuple_cmax(h: &TupleHeader, my_xid: Xid, tm: &TransactionManager) -> CommandId {
    if h.infomask & HEAP_COMBOCID != 0 {
        tm.combo_cid_lookup(my_xid, h.cid).map_or(h.cid, |c| c.1)
    } else {
        h.cid
    }
}

/// TransactionIdIsCurrentTransactionId for a writer: is `x` the writing xid `w.xid` or another
/// live xid (top-level or subtransaction) of the same transaction?
#[inline]
fn is_mine(x: Xid, w: &WriteCtx) -> bool {
    w.tm.same_transaction(x, w.xid)
}

/// HeapTupleSatisfiesMVCC. Returns visibility and the hint bits that may be set on the tuple
/// (given that its xmin/xmax are still the ones in `h`).
pub fn satisfies_mvcc(h: &TupleHeader, snap: &Snapshot, tm: &TransactionManager) -> (bool, u16) {
    let mine = |x: Xid| snap.is_own(x);
    let mut hint = 0u16;
    if h.infomask & HEAP_XMIN_COMMITTED == 0 {
        if h.infomask & HEAP_XMIN_INVALID != 0 {
            return (false, 0);
        }
        if mine(h.xmin) {
            if tuple_cmin(h, snap.my_xid, tm) >= snap.curcid {
                return (false, 0); // inserted after the scan started
            }
            if h.xmax_is_invalid_or_lock() {
                return (true, 0);
            }
            if !mine(h.xmax) {
                return (true, 0); // deleter (a subtransaction) must have aborted
            }
            return (tuple_cmax(h, snap.my_xid, tm) >= snap.curcid, 0);
        }
        if snap.xid_in_progress(h.xmin) {
            return (false, 0);
        }
        match tm.status(h.xmin) {
            XidStatus::Committed => hint |= HEAP_XMIN_COMMITTED,
            XidStatus::Aborted => return (false, HEAP_XMIN_INVALID),
            XidStatus::InProgress => return (false, 0),
        }
    } else if h.infomask & HEAP_XMIN_FROZEN != HEAP_XMIN_FROZEN && snap.xid_in_progress(h.xmin) {
        return (false, 0);
    }
    // The inserter committed and is visible to the snapshot.
    if h.xmax_is_invalid_or_lock() {
        return (true, hint);
    }
    if h.infomask & HEAP_XMAX_COMMITTED == 0 {
        if mine(h.xmax) {
            return (tuple_cmax(h, snap.my_xid, tm) >= snap.curcid, hint);
        }
        if snap.xid_in_progress(h.xmax) {
            return (true, hint);
        }
        match tm.status(h.xmax) {
            XidStatus::Committed => hint |= HEAP_XMAX_COMMITTED,
            XidStatus::Aborted => return (true, hint | HEAP_XMAX_INVALID),
            XidStatus::InProgress => return (true, hint),
        }
    } else if snap.xid_in_progress(h.xmax) {
        return (true, hint);
    }
    (false, hint)
}

/// Visibility of a tuple header to a snapshot (no hint bits).
pub fn tuple_visible(h: &TupleHeader, snap: &Snapshot, tm: &TransactionManager) -> bool {
    satisfies_mvcc(h, snap, tm).0
}

/// Set hint bits on the item at `off` if its xmin/xmax are still as observed.
fn apply_hint(page: &mut [u8], off: u16, seen: &TupleHeader, hint: u16) {
    if let Some(item) = get_item_mut(page, off) {
        if let Some(mut h) = TupleHeader::read(item) {
            if h.xmin == seen.xmin
                && h.xmax == seen.xmax
                && h.infomask & HEAP_XMAX_BITS == seen.infomask & HEAP_XMAX_BITS
            {
                h.infomask |= hint;
                h.write(item);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Insert.

/// Try to put tuple `t` on block `blk`; sets its ctid. None if it does not fit.
fn try_put(
    storage: &Storage,
    rel: RelFileNode,
    blk: BlockNumber,
    t: &mut [u8],
) -> PgResult<Option<ItemPointer>> {
    let need = maxalign(t.len());
    let buf = storage.read_buffer(rel, blk)?;
    {
        let g = buf.read();
        if !page_is_new(&g[..]) && page_heap_free_space(&g[..]) < need {
            let free = page_heap_free_space(&g[..]);
            drop(g);
            storage.fsm_record(rel, blk, free);
            return Ok(None);
        }
    }
    let mut g = buf.write();
    if page_is_new(&g[..]) {
        page_init(&mut g[..], 0);
    }
    if page_heap_free_space(&g[..]) < need {
        let free = page_heap_free_space(&g[..]);
        drop(g);
        storage.fsm_record(rel, blk, free);
        return Ok(None);
    }
    let Some(off) = page_add_item(&mut g[..], t, MAX_HEAP_TUPLES_PER_PAGE) else {
        return Ok(None);
    };
    let tid = ItemPointer {
        block: blk,
        offset: off,
    };
    if let Some(item) = get_item_mut(&mut g[..], off) {
        if let Some(mut h) = TupleHeader::read(item) {
            h.ctid = tid;
            h.write(item);
            h.write(t);
        }
    }
    let free = page_heap_free_space(&g[..]);
    drop(g);
    storage.fsm_record(rel, blk, free);
    Ok(Some(tid))
}

/// Find room for tuple `t` (free-space hint, then the last block, then a new block), store it
/// and return its tid. `avoid` is a block known to be full.
fn place_tuple(
    storage: &Storage,
    rel: RelFileNode,
    t: &mut [u8],
    avoid: Option<BlockNumber>,
) -> PgResult<ItemPointer> {
    let need = maxalign(t.len());
    let mut tried = avoid;
    // A few attempts through the free-space hints.
    for _ in 0..4 {
        match storage.fsm_search(rel, need) {
            Some(b) if Some(b) != tried => {
                if let Some(tid) = try_put(storage, rel, b, t)? {
                    return Ok(tid);
                }
                tried = Some(b);
            }
            _ => break,
        }
    }
    let n = storage.nblocks(rel)?;
    if n > 0 && Some(n - 1) != tried && Some(n - 1) != avoid {
        if let Some(tid) = try_put(storage, rel, n - 1, t)? {
            return Ok(tid);
        }
    }
    for _ in 0..8 {
        let buf = storage.extend_relation(rel)?;
        let blk = buf.block();
        let mut g = buf.write();
        if let Some(off) = page_add_item(&mut g[..], t, MAX_HEAP_TUPLES_PER_PAGE) {
            let tid = ItemPointer {
                block: blk,
                offset: off,
            };
            if let Some(item) = get_item_mut(&mut g[..], off) {
                if let Some(mut h) = TupleHeader::read(item) {
                    h.ctid = tid;
                    h.write(item);
                    h.write(t);
                }
            }
            let free = page_heap_free_space(&g[..]);
            drop(g);
            storage.fsm_record(rel, blk, free);
            return Ok(tid);
        }
    }
    Err(pg_err!(
        INTERNAL_ERROR,
        "could not find free space for a tuple of {} bytes",
        t.len()
    ))
}

/// Insert a row; returns its tid.
pub fn heap_insert(
    storage: &Storage,
    rel: RelFileNode,
    desc: &TupleDesc,
    values: &[Datum],
    w: &WriteCtx,
) -> PgResult<ItemPointer> {
    let _xid = storage::wal::XidScope::new(w.xid);
    let mut t = form_tuple(desc, values)?;
    check_tuple_size(t.len())?;
    let mut h = TupleHeader::read(&t).ok_or_else(|| pg_err!(INTERNAL_ERROR, "bad tuple"))?;
    h.xmin = w.xid;
    h.xmax = INVALID_XID;
    h.cid = w.cid;
    h.infomask |= HEAP_XMAX_INVALID;
    h.write(&mut t);
    let tid = place_tuple(storage, rel, &mut t, None)?;
    crate::visibility_map::clear(storage, rel, tid.block);
    Ok(tid)
}

// ---------------------------------------------------------------------------------------------
// Update / delete.

enum Check {
    Proceed,
    Done(ModifyResult),
    Wait(Xid),
}

/// HeapTupleSatisfiesUpdate, mapped onto `ModifyResult`.
fn check_modify(h: &TupleHeader, tid: ItemPointer, w: &WriteCtx) -> Check {
    if h.infomask & HEAP_XMIN_FROZEN == HEAP_XMIN_INVALID {
        return Check::Done(ModifyResult::Invisible);
    }
    if h.infomask & HEAP_XMIN_COMMITTED == 0 {
        if is_mine(h.xmin, w) {
            if tuple_cmin(h, w.xid, w.tm) >= w.cid {
                return Check::Done(ModifyResult::Invisible);
            }
        } else if w.tm.status(h.xmin) != XidStatus::Committed {
            return Check::Done(ModifyResult::Invisible);
        }
    }
    if h.xmax_is_invalid_or_lock() {
        return Check::Proceed;
    }
    let next = if h.ctid != tid { Some(h.ctid) } else { None };
    if is_mine(h.xmax, w) {
        return if tuple_cmax(h, w.xid, w.tm) >= w.cid {
            Check::Done(ModifyResult::Invisible)
        } else {
            Check::Done(ModifyResult::SelfModified)
        };
    }
    if h.infomask & HEAP_XMAX_COMMITTED != 0 {
        return Check::Done(ModifyResult::Updated { next });
    }
    match w.tm.status(h.xmax) {
        XidStatus::InProgress => Check::Wait(h.xmax),
        XidStatus::Committed => Check::Done(ModifyResult::Updated { next }),
        XidStatus::Aborted => Check::Proceed,
    }
}

/// Make `w.xid` the deleter of the tuple (xmax, cmax or combo cid, cleared xmax hints).
fn set_deleter(h: &mut TupleHeader, w: &WriteCtx) -> PgResult<()> {
    if h.infomask & HEAP_XMIN_COMMITTED == 0 && is_mine(h.xmin, w) {
        let cmin = tuple_cmin(h, w.xid, w.tm);
        h.cid = w.tm.combo_cid(w.xid, cmin, w.cid)?;
        h.infomask |= HEAP_COMBOCID;
    } else {
        h.cid = w.cid;
        h.infomask &= !HEAP_COMBOCID;
    }
    h.xmax = w.xid;
    h.infomask &= !HEAP_XMAX_BITS;
    h.infomask2 &= !(HEAP_HOT_UPDATED | HEAP_KEYS_UPDATED);
    Ok(())
}

/// PageSetPrunable: remember the oldest xid that deleted something on the page.
fn set_prunable(page: &mut [u8], xid: Xid) {
    let p = page_prune_xid(page);
    if p == INVALID_XID || xid < p {
        set_page_prune_xid(page, xid);
    }
}

fn tid_exists(storage: &Storage, rel: RelFileNode, tid: ItemPointer) -> PgResult<bool> {
    Ok(tid.offset != 0 && tid.block < storage.nblocks(rel)?)
}

/// Delete the row at `tid` (sets xmax), waiting for a concurrent writer of the same row.
pub fn heap_delete(
    storage: &Storage,
    rel: RelFileNode,
    tid: ItemPointer,
    w: &WriteCtx,
) -> PgResult<ModifyResult> {
    let _xid = storage::wal::XidScope::new(w.xid);
    if !tid_exists(storage, rel, tid)? {
        return Ok(ModifyResult::Invisible);
    }
    loop {
        let buf = storage.read_buffer(rel, tid.block)?;
        let mut g = buf.write();
        let Some(item) = get_item_mut(&mut g[..], tid.offset) else {
            return Ok(ModifyResult::Invisible);
        };
        let Some(mut h) = TupleHeader::read(item) else {
            return Ok(ModifyResult::Invisible);
        };
        match check_modify(&h, tid, w) {
            Check::Done(r) => return Ok(r),
            Check::Wait(x) => {
                drop(g);
                drop(buf);
                w.tm.wait_for_as(w.xid, x, w.interrupts)?;
                continue;
            }
            Check::Proceed => {
                if let Some(holder) = row_lock_holder(rel, tid, w, RowLockMode::Update) {
                    drop(g);
                    drop(buf);
                    w.tm.wait_for_as(w.xid, holder, w.interrupts)?;
                    continue;
                }
                set_deleter(&mut h, w)?;
                crate::visibility_map::clear(storage, rel, tid.block);
                h.infomask2 |= HEAP_KEYS_UPDATED;
                h.write(item);
                set_prunable(&mut g[..], w.xid);
                return Ok(ModifyResult::Ok(None));
            }
        }
    }
}

/// Replace the row at `tid` with a new version holding `values`.
pub fn heap_update(
    storage: &Storage,
    rel: RelFileNode,
    desc: &TupleDesc,
    tid: ItemPointer,
    values: &[Datum],
    w: &WriteCtx,
) -> PgResult<ModifyResult> {
    let _xid = storage::wal::XidScope::new(w.xid);
    let mut newt = form_tuple(desc, values)?;
    check_tuple_size(newt.len())?;
    let mut nh = TupleHeader::read(&newt).ok_or_else(|| pg_err!(INTERNAL_ERROR, "bad tuple"))?;
    nh.xmin = w.xid;
    nh.xmax = INVALID_XID;
    nh.cid = w.cid;
    nh.infomask |= HEAP_XMAX_INVALID | HEAP_UPDATED;
    nh.write(&mut newt);
    if !tid_exists(storage, rel, tid)? {
        return Ok(ModifyResult::Invisible);
    }
    loop {
        let buf = storage.read_buffer(rel, tid.block)?;
        let mut g = buf.write();
        let Some(item) = get_item_mut(&mut g[..], tid.offset) else {
            return Ok(ModifyResult::Invisible);
        };
        let Some(mut h) = TupleHeader::read(item) else {
            return Ok(ModifyResult::Invisible);
        };
        match check_modify(&h, tid, w) {
            Check::Done(r) => return Ok(r),
            Check::Wait(x) => {
                drop(g);
                drop(buf);
                w.tm.wait_for_as(w.xid, x, w.interrupts)?;
                continue;
            }
            Check::Proceed => {}
        }
        if let Some(holder) = row_lock_holder(rel, tid, w, RowLockMode::NoKeyUpdate) {
            drop(g);
            drop(buf);
            w.tm.wait_for_as(w.xid, holder, w.interrupts)?;
            continue;
        }
        set_deleter(&mut h, w)?;
        crate::visibility_map::clear(storage, rel, tid.block);
        set_prunable(&mut g[..], w.xid);
        // Same page if it fits.
        if page_heap_free_space(&g[..]) >= maxalign(newt.len()) {
            if let Some(off) = page_add_item(&mut g[..], &newt, MAX_HEAP_TUPLES_PER_PAGE) {
                let new_tid = ItemPointer {
                    block: tid.block,
                    offset: off,
                };
                if let Some(ni) = get_item_mut(&mut g[..], off) {
                    nh.ctid = new_tid;
                    nh.write(ni);
                }
                h.ctid = new_tid;
                if let Some(item) = get_item_mut(&mut g[..], tid.offset) {
                    h.write(item);
                }
                let free = page_heap_free_space(&g[..]);
                drop(g);
                storage.fsm_record(rel, tid.block, free);
                return Ok(ModifyResult::Ok(Some(new_tid)));
            }
        }
        // Another page: mark the old version deleted by us first (concurrent writers now wait
        // for our xid), store the new version, then link the old one to it.
        if let Some(item) = get_item_mut(&mut g[..], tid.offset) {
            h.write(item);
        }
        let free = page_heap_free_space(&g[..]);
        drop(g);
        storage.fsm_record(rel, tid.block, free);
        let new_tid = place_tuple(storage, rel, &mut newt, Some(tid.block))?;
        crate::visibility_map::clear(storage, rel, new_tid.block);
        let mut g = buf.write();
        if let Some(item) = get_item_mut(&mut g[..], tid.offset) {
            if let Some(mut h2) = TupleHeader::read(item) {
                h2.ctid = new_tid;
                h2.write(item);
            }
        }
        return Ok(ModifyResult::Ok(Some(new_tid)));
    }
}

// ---------------------------------------------------------------------------------------------
// Row locks (SELECT ... FOR UPDATE / SHARE).

fn row_key(rel: RelFileNode, tid: ItemPointer) -> RowKey {
    RowKey {
        db: rel.db_node,
        rel: rel.rel_node,
        block: tid.block,
        offset: tid.offset,
    }
}

/// Another transaction's running row lock on `tid` that conflicts with `mode`.
fn row_lock_holder(
    rel: RelFileNode,
    tid: ItemPointer,
    w: &WriteCtx,
    mode: RowLockMode,
) -> Option<Xid> {
    w.tm.row_locks
        .conflicting_holder(w.tm, row_key(rel, tid), w.xid, mode)
}

/// What locking a row found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LockTupleResult {
    Locked,
    /// Another transaction holds a conflicting lock or is changing the row, and the caller
    /// asked not to wait (NOWAIT / SKIP LOCKED).
    WouldBlock,
    /// The row was updated (next version at `next`) or deleted (`None`) by a transaction that
    /// committed after the snapshot.
    Updated {
        next: Option<ItemPointer>,
    },
    /// The row version is not visible (deleted or updated by this very command).
    Invisible,
}

/// Lock the row version at `tid` in `mode` for `w.xid`, waiting for conflicting holders and
/// in-progress writers unless `wait` is false.
pub fn heap_lock_tuple(
    storage: &Storage,
    rel: RelFileNode,
    tid: ItemPointer,
    mode: RowLockMode,
    wait: bool,
    w: &WriteCtx,
) -> PgResult<LockTupleResult> {
    if !tid_exists(storage, rel, tid)? {
        return Ok(LockTupleResult::Invisible);
    }
    loop {
        let buf = storage.read_buffer(rel, tid.block)?;
        // The buffer's write lock orders lockers and writers of the page.
        let g = buf.write();
        let Some(item) = get_item(&g[..], tid.offset) else {
            return Ok(LockTupleResult::Invisible);
        };
        let Some(h) = TupleHeader::read(item) else {
            return Ok(LockTupleResult::Invisible);
        };
        let blocker = match check_modify(&h, tid, w) {
            Check::Done(ModifyResult::Updated { next }) => {
                return Ok(LockTupleResult::Updated { next })
            }
            Check::Done(ModifyResult::SelfModified) => return Ok(LockTupleResult::Locked),
            Check::Done(_) => return Ok(LockTupleResult::Invisible),
            Check::Wait(x) => x,
            Check::Proceed => match row_lock_holder(rel, tid, w, mode) {
                Some(holder) => holder,
                None => {
                    if w.tm.row_locks.add(w.tm, row_key(rel, tid), w.xid, mode) {
                        return Ok(LockTupleResult::Locked);
                    }
                    continue;
                }
            },
        };
        drop(g);
        drop(buf);
        if !wait {
            return Ok(LockTupleResult::WouldBlock);
        }
        w.tm.wait_for_as(w.xid, blocker, w.interrupts)?;
    }
}

// ---------------------------------------------------------------------------------------------
// Fetch.

/// The header of the tuple at `tid` regardless of visibility (None if there is none).
pub fn heap_get_header(
    storage: &Storage,
    rel: RelFileNode,
    tid: ItemPointer,
) -> PgResult<Option<TupleHeader>> {
    if !tid_exists(storage, rel, tid)? {
        return Ok(None);
    }
    let buf = storage.read_buffer(rel, tid.block)?;
    let g = buf.read();
    Ok(get_item(&g[..], tid.offset).and_then(TupleHeader::read))
}

/// True if the tuple at `tid` is dead to every transaction: inserted by an aborted
/// transaction, or deleted/updated by one that committed before `horizon` (the oldest running
/// snapshot's xmin). Index scans use it to drop index entries of dead row versions.
pub fn heap_dead_to_all(
    storage: &Storage,
    rel: RelFileNode,
    tid: ItemPointer,
    tm: &TransactionManager,
    horizon: Xid,
) -> PgResult<bool> {
    if !tid_exists(storage, rel, tid)? {
        return Ok(false);
    }
    let buf = storage.read_buffer(rel, tid.block)?;
    let g = buf.read();
    let Some(h) = get_item(&g[..], tid.offset).and_then(TupleHeader::read) else {
        return Ok(false);
    };
    let inserter_aborted = h.infomask & HEAP_XMIN_COMMITTED == 0
        && h.infomask & HEAP_XMIN_FROZEN != HEAP_XMIN_FROZEN
        && tm.status(h.xmin) == XidStatus::Aborted;
    let deleted_long_ago = !h.xmax_is_invalid_or_lock()
        && h.xmax < horizon
        && (h.infomask & HEAP_XMAX_COMMITTED != 0 || tm.status(h.xmax) == XidStatus::Committed);
    Ok(inserter_aborted || deleted_long_ago)
}

/// Fetch the version at `tid` if visible to `snapshot`.
pub fn heap_fetch(
    storage: &Storage,
    rel: RelFileNode,
    desc: &TupleDesc,
    tid: ItemPointer,
    snapshot: &Snapshot,
    tm: &TransactionManager,
) -> PgResult<Option<HeapTuple>> {
    if !tid_exists(storage, rel, tid)? {
        return Ok(None);
    }
    let buf = storage.read_buffer(rel, tid.block)?;
    let copy = {
        let g = buf.read();
        let Some(item) = get_item(&g[..], tid.offset) else {
            return Ok(None);
        };
        let Some(h) = TupleHeader::read(item) else {
            return Ok(None);
        };
        if !tuple_visible(&h, snapshot, tm) {
            return Ok(None);
        }
        item.to_vec()
    };
    let h = TupleHeader::read(&copy).ok_or_else(|| pg_err!(INTERNAL_ERROR, "bad tuple"))?;
    Ok(Some(HeapTuple {
        tid,
        xmin: h.xmin,
        xmax: if h.xmax_is_invalid_or_lock() {
            INVALID_XID
        } else {
            h.xmax
        },
        values: deform_tuple(desc, &copy)?,
    }))
}

/// Follow the update chain from `tid` to the latest committed version of the row, waiting for
/// in-progress updaters (EvalPlanQual's fetch, with SnapshotDirty-like rules). Returns None if
/// the row was deleted, the chain is broken (the next version's xmin differs from the previous
/// xmax) or the latest version was already modified by `w.xid`. Use it after
/// `ModifyResult::Updated { next: Some(n) }`: re-check the row, then update/delete its `tid`.
pub fn heap_fetch_latest(
    storage: &Storage,
    rel: RelFileNode,
    desc: &TupleDesc,
    tid: ItemPointer,
    w: &WriteCtx,
) -> PgResult<Option<HeapTuple>> {
    let mut tid = tid;
    let mut prior_xmax: Option<Xid> = None;
    for _ in 0..100_000 {
        w.interrupts.check()?;
        if !tid_exists(storage, rel, tid)? {
            return Ok(None);
        }
        let buf = storage.read_buffer(rel, tid.block)?;
        let (h, copy) = {
            let g = buf.read();
            let Some(item) = get_item(&g[..], tid.offset) else {
                return Ok(None);
            };
            let Some(h) = TupleHeader::read(item) else {
                return Ok(None);
            };
            (h, item.to_vec())
        };
        drop(buf);
        if prior_xmax.is_some_and(|px| px != h.xmin) {
            return Ok(None);
        }
        if h.infomask & HEAP_XMIN_FROZEN == HEAP_XMIN_INVALID {
            return Ok(None);
        }
        if h.infomask & HEAP_XMIN_COMMITTED == 0 && !is_mine(h.xmin, w) {
            match w.tm.status(h.xmin) {
                XidStatus::InProgress => {
                    w.tm.wait_for_as(w.xid, h.xmin, w.interrupts)?;
                    continue;
                }
                XidStatus::Aborted => return Ok(None),
                XidStatus::Committed => {}
            }
        }
        let latest = |copy: &[u8]| -> PgResult<Option<HeapTuple>> {
            Ok(Some(HeapTuple {
                tid,
                xmin: h.xmin,
                xmax: INVALID_XID,
                values: deform_tuple(desc, copy)?,
            }))
        };
        if h.xmax_is_invalid_or_lock() {
            return latest(&copy);
        }
        if is_mine(h.xmax, w) {
            return Ok(None);
        }
        let status = if h.infomask & HEAP_XMAX_COMMITTED != 0 {
            XidStatus::Committed
        } else {
            w.tm.status(h.xmax)
        };
        match status {
            XidStatus::InProgress => {
                w.tm.wait_for_as(w.xid, h.xmax, w.interrupts)?;
            }
            XidStatus::Aborted => return latest(&copy),
            XidStatus::Committed => {
                if h.ctid == tid {
                    return Ok(None);
                }
                prior_xmax = Some(h.xmax);
                tid = h.ctid;
            }
        }
    }
    Err(pg_err!(INTERNAL_ERROR, "update chain too long"))
}

// ---------------------------------------------------------------------------------------------
// Sequential scan.

/// A sequential scan returning the tuples visible to a snapshot, in physical order. Each page is
/// pinned once: its visible tuples are copied out under the share lock, then decoded one at a
/// time by `next_tuple`.
pub struct HeapScan {
    storage: Arc<Storage>,
    rel: RelFileNode,
    desc: Arc<TupleDesc>,
    snapshot: Snapshot,
    tm: Arc<TransactionManager>,
    nblocks: Option<BlockNumber>,
    next_block: BlockNumber,
    /// (tid, xmin, xmax, start, end) of the current page's visible tuples within `data`.
    items: Vec<(ItemPointer, Xid, Xid, usize, usize)>,
    data: Vec<u8>,
    pos: usize,
    hints: Vec<(u16, TupleHeader, u16)>,
    /// Columns decoded per tuple (the rest read as NULL); usize::MAX = all.
    attr_limit: usize,
    /// Line pointers in use (LP_NORMAL) on the current page, visible or not.
    normal_items: usize,
}

impl HeapScan {
    /// Decode only the first `n` columns of each tuple (later ones read as NULL).
    pub fn set_attr_limit(&mut self, n: usize) {
        self.attr_limit = n;
    }

    pub fn new(
        storage: Arc<Storage>,
        rel: RelFileNode,
        desc: Arc<TupleDesc>,
        snapshot: Snapshot,
        tm: Arc<TransactionManager>,
    ) -> HeapScan {
        HeapScan {
            storage,
            rel,
            desc,
            snapshot,
            tm,
            nblocks: None,
            next_block: 0,
            items: Vec::new(),
            data: Vec::new(),
            pos: 0,
            hints: Vec::new(),
            attr_limit: usize::MAX,
            normal_items: 0,
        }
    }

    /// Page-at-a-time access (ANALYZE's sampling): load the next page and return its block
    /// number, how many tuples on it are visible to the snapshot, and how many line pointers
    /// are in use; None after the last page. Visible tuples are decoded on demand with
    /// `decode_visible`, so unsampled rows cost no decoding.
    pub fn next_page(&mut self) -> PgResult<Option<(BlockNumber, usize, usize)>> {
        let n = match self.nblocks {
            Some(n) => n,
            None => {
                let n = self.storage.nblocks(self.rel)?;
                self.nblocks = Some(n);
                n
            }
        };
        if self.next_block >= n {
            self.items.clear();
            self.pos = 0;
            return Ok(None);
        }
        let blk = self.next_block;
        self.next_block += 1;
        self.load_page(blk)?;
        // The page's tuples are handed out by decode_visible, not next_tuple.
        self.pos = self.items.len();
        Ok(Some((blk, self.items.len(), self.normal_items)))
    }

    /// Decode visible tuple `i` (0-based) of the page loaded by `next_page`.
    pub fn decode_visible(&self, i: usize) -> PgResult<Option<Vec<types::Datum>>> {
        match self.items.get(i) {
            Some(&(_, _, _, s, e)) => Ok(Some(deform_tuple_prefix(
                &self.desc,
                &self.data[s..e],
                self.attr_limit,
            )?)),
            None => Ok(None),
        }
    }

    /// The stored bytes of visible tuple `i` (0-based) of the page loaded by `next_page`,
    /// for callers that keep a few tuples and decode them later (`deform_tuple`).
    pub fn visible_bytes(&self, i: usize) -> Option<&[u8]> {
        self.items.get(i).map(|&(_, _, _, s, e)| &self.data[s..e])
    }

    /// Restart from the first block.
    pub fn rescan(&mut self) {
        self.nblocks = None;
        self.next_block = 0;
        self.items.clear();
        self.data.clear();
        self.pos = 0;
    }

    fn load_page(&mut self, blk: BlockNumber) -> PgResult<()> {
        self.items.clear();
        self.data.clear();
        self.pos = 0;
        self.hints.clear();
        self.normal_items = 0;
        let buf = self.storage.read_buffer(self.rel, blk)?;
        {
            let g = buf.read();
            let page = &g[..];
            if page_is_new(page) {
                return Ok(());
            }
            for off in 1..=max_offset_number(page) {
                let Some(id) = item_id(page, off) else {
                    continue;
                };
                if !id.is_normal() {
                    continue;
                }
                self.normal_items += 1;
                let Some(item) = get_item(page, off) else {
                    continue;
                };
                let Some(h) = TupleHeader::read(item) else {
                    continue;
                };
                let (vis, hint) = satisfies_mvcc(&h, &self.snapshot, &self.tm);
                if hint != 0 {
                    self.hints.push((off, h, hint));
                }
                if vis {
                    let start = self.data.len();
                    self.data.extend_from_slice(item);
                    let xmax = if h.xmax_is_invalid_or_lock() {
                        INVALID_XID
                    } else {
                        h.xmax
                    };
                    self.items.push((
                        ItemPointer {
                            block: blk,
                            offset: off,
                        },
                        h.xmin,
                        xmax,
                        start,
                        self.data.len(),
                    ));
                }
            }
        }
        if !self.hints.is_empty() {
            // Hint bits are not WAL-logged (losing them is harmless).
            let mut g = buf.write_unlogged();
            for (off, h, hint) in &self.hints {
                apply_hint(&mut g[..], *off, h, *hint);
            }
        }
        Ok(())
    }

    /// The next visible tuple, or None at the end.
    pub fn next_tuple(&mut self) -> PgResult<Option<HeapTuple>> {
        loop {
            if let Some(&(tid, xmin, xmax, s, e)) = self.items.get(self.pos) {
                self.pos += 1;
                let values = deform_tuple_prefix(&self.desc, &self.data[s..e], self.attr_limit)?;
                return Ok(Some(HeapTuple {
                    tid,
                    xmin,
                    xmax,
                    values,
                }));
            }
            let n = match self.nblocks {
                Some(n) => n,
                None => {
                    let n = self.storage.nblocks(self.rel)?;
                    self.nblocks = Some(n);
                    n
                }
            };
            if self.next_block >= n {
                self.items.clear();
                self.pos = 0;
                return Ok(None);
            }
            let blk = self.next_block;
            self.next_block += 1;
            self.load_page(blk)?;
        }
    }
}

impl Iterator for HeapScan {
    type Item = PgResult<HeapTuple>;
    fn next(&mut self) -> Option<Self::Item> {
        self.next_tuple().transpose()
    }
}

// ---------------------------------------------------------------------------------------------
// Vacuum.

/// What `heap_vacuum` did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct VacuumStats {
    pub pages: BlockNumber,
    pub removed: u64,
    pub remaining: u64,
}

/// HeapTupleSatisfiesVacuum, simplified: dead to every transaction?
fn tuple_is_dead(h: &TupleHeader, oldest_xmin: Xid, tm: &TransactionManager) -> bool {
    if h.infomask & HEAP_XMIN_FROZEN == HEAP_XMIN_INVALID {
        return true;
    }
    if h.infomask & HEAP_XMIN_COMMITTED == 0 {
        match tm.status(h.xmin) {
            XidStatus::Aborted => return true,
            XidStatus::InProgress => return false,
            XidStatus::Committed => {}
        }
    }
    if h.xmax_is_invalid_or_lock() {
        return false;
    }
    let committed =
        h.infomask & HEAP_XMAX_COMMITTED != 0 || tm.status(h.xmax) == XidStatus::Committed;
    committed && h.xmax < oldest_xmin
}

/// Remove dead tuples (deleted by transactions that committed before `oldest_xmin`, or
/// inserted by aborted ones) from every page of `rel`, compact the pages and record their free
/// space. Line pointers of removed tuples become LP_UNUSED (there are no indexes yet).
pub fn heap_vacuum(
    storage: &Storage,
    rel: RelFileNode,
    oldest_xmin: Xid,
    tm: &TransactionManager,
) -> PgResult<VacuumStats> {
    let n = storage.nblocks(rel)?;
    let mut stats = VacuumStats {
        pages: n,
        ..VacuumStats::default()
    };
    let mut xids = crate::heap_vacuum_scan::XidCache::default();
    for blk in 0..n {
        let buf = storage.read_buffer(rel, blk)?;
        {
            // Most pages need nothing: look under the share lock first.
            let g = buf.read();
            if let Some(live) = crate::heap_vacuum_scan::page_unchanged_by_vacuum(
                &g[..],
                oldest_xmin,
                tm,
                &mut xids,
            ) {
                stats.remaining += live;
                crate::visibility_map::vacuum_page(storage, rel, blk, &g[..], oldest_xmin, tm);
                let free = page_heap_free_space(&g[..]);
                drop(g);
                storage.fsm_record(rel, blk, free);
                continue;
            }
        }
        let mut g = buf.write();
        if page_is_new(&g[..]) {
            page_init(&mut g[..], 0);
            let free = page_heap_free_space(&g[..]);
            drop(g);
            storage.fsm_record(rel, blk, free);
            continue;
        }
        let mut removed = 0;
        for off in 1..=max_offset_number(&g[..]) {
            let Some(id) = item_id(&g[..], off) else {
                continue;
            };
            match id.flags {
                LP_NORMAL => {
                    let dead = get_item(&g[..], off)
                        .and_then(TupleHeader::read)
                        .is_none_or(|h| tuple_is_dead(&h, oldest_xmin, tm));
                    if dead {
                        set_item_unused(&mut g[..], off);
                        removed += 1;
                    } else {
                        stats.remaining += 1;
                    }
                }
                LP_DEAD | LP_REDIRECT => {
                    set_item_unused(&mut g[..], off);
                }
                _ => {}
            }
        }
        if removed > 0 || page_flags(&g[..]) & PD_HAS_FREE_LINES != 0 {
            page_repair_fragmentation(&mut g[..]);
        }
        stats.removed += removed;
        crate::visibility_map::vacuum_page(storage, rel, blk, &g[..], oldest_xmin, tm);
        let free = page_heap_free_space(&g[..]);
        drop(g);
        storage.fsm_record(rel, blk, free);
    }
    Ok(stats)
}

/// Number of blocks of the relation.
pub fn relation_size_blocks(storage: &Storage, rel: RelFileNode) -> PgResult<BlockNumber> {
    storage.nblocks(rel)
}
