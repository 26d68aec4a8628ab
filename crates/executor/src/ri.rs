//! Referential integrity (FOREIGN KEY enforcement), implementing the semantics of
//! PostgreSQL's RI triggers directly.
//!
//! DML (`run_modify`, COPY FROM) records row events in an `RiQueue` while it writes: new
//! referencing rows to check, and referenced rows deleted or whose key changed. At the end of
//! the statement (PostgreSQL's AFTER ROW triggers fire then) `RiQueue::finish` processes them:
//! referencing rows must find their key in the referenced table's unique index (the row found
//! is locked FOR KEY SHARE, so a concurrent DELETE of it waits); NO ACTION / RESTRICT fail if
//! a referencing row remains (23503); CASCADE / SET NULL / SET DEFAULT change the referencing
//! rows, whose own constraints are then enforced the same way (chains). Checks of DEFERRABLE
//! constraints that are deferred go to the transaction's `DeferredQueue` and run at COMMIT.
//! Checks read with a fresh snapshot that sees the statement's own changes (the command
//! counter is advanced first) and everything committed.

use crate::deferred::DeferredCheck;
use crate::{ExecContext, Runtime};
use access::btree::{KeyColumn, KeyOrder};
use access::{ItemPointer, LockTupleResult, ModifyResult};
use analyzer::coerce::{find_pathway, Ctx};
use analyzer::CastHow;
use catalog::foreign_key::{
    ForeignKey, RelationForeignKeys, FKCONSTR_ACTION_CASCADE, FKCONSTR_ACTION_NOACTION,
    FKCONSTR_ACTION_RESTRICT, FKCONSTR_ACTION_SETDEFAULT, FKCONSTR_ACTION_SETNULL,
    FKCONSTR_MATCH_FULL,
};
use catalog::RelationInfo;
use common::{pg_err, Oid, PgError, PgResult};
use std::cmp::Ordering;
use std::collections::{HashMap, VecDeque};
use std::sync::Arc;
use txn::rowlock::RowLockMode;
use txn::Snapshot;
use types::Datum;

/// Bound on update-chain / concurrent-change retries of one lookup.
const MAX_RETRIES: usize = 10_000;

/// One pending RI event.
#[derive(Clone, Debug)]
enum Event {
    /// A new row version of a referencing table: its key must exist in the referenced table.
    Check {
        fk: Arc<ForeignKey>,
        tid: ItemPointer,
        key: Vec<Datum>,
    },
    /// A referenced row was deleted (`new_key` None) or its key changed to `new_key`.
    Parent {
        fk: Arc<ForeignKey>,
        old_key: Vec<Datum>,
        new_key: Option<Vec<Datum>>,
    },
}

/// The RI events of one statement on one table (plus the cascaded changes they cause).
pub struct RiQueue {
    fks: Arc<RelationForeignKeys>,
    events: VecDeque<Event>,
}

/// Row-level DML kind for `RiQueue::row_changed`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowOp {
    Insert,
    Update,
    Delete,
}

fn fresh_snapshot(cx: &ExecContext) -> Snapshot {
    let mut snap = cx.tm.snapshot(cx.txn.xid, cx.txn.cid);
    snap.own_xids = cx.txn.snapshot.own_xids.clone();
    snap
}

/// Advance the command counter inside the statement, so that later reads and writes see the
/// changes made so far (PostgreSQL runs RI queries after CommandCounterIncrement).
fn next_command(cx: &mut ExecContext) {
    cx.txn.cid = cx.txn.cid.saturating_add(1);
    cx.txn.snapshot.curcid = cx.txn.cid;
    cx.txn.wrote = true;
}

fn key_of(values: &[Datum], attnums: &[i16]) -> Vec<Datum> {
    attnums
        .iter()
        .map(|&a| {
            values
                .get((a as usize).wrapping_sub(1))
                .cloned()
                .unwrap_or(Datum::Null)
        })
        .collect()
}

fn keys_equal(a: &[Datum], b: &[Datum]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| match (x, y) {
            (Datum::Null, Datum::Null) => true,
            (Datum::Null, _) | (_, Datum::Null) => false,
            _ => types::compare::equal(x, y),
        })
}

impl RiQueue {
    /// The queue for DML on `rel`; None when no foreign key touches the table (no overhead).
    pub fn open(cx: &ExecContext, rel: &RelationInfo) -> PgResult<Option<RiQueue>> {
        if rel.relkind != b'r' {
            return Ok(None);
        }
        let fks = {
            let ccx = crate::catalog_cx(cx);
            cx.catalog.relation_foreign_keys(&ccx, rel.oid)?
        };
        if fks.is_empty() {
            return Ok(None);
        }
        Ok(Some(RiQueue {
            fks,
            events: VecDeque::new(),
        }))
    }

    /// Record one written row: `old` is the previous version's column values (UPDATE and
    /// DELETE), `new` the new version's (INSERT and UPDATE) stored at `tid`.
    pub fn row_changed(&mut self, op: RowOp, old: &[Datum], new: &[Datum], tid: ItemPointer) {
        record_row(&self.fks, &mut self.events, op, old, new, tid);
    }

    /// End of statement: run the checks and actions of the recorded events.
    pub fn finish(self, rt: &mut Runtime) -> PgResult<()> {
        if self.events.is_empty() {
            return Ok(());
        }
        process(rt.cx, self.events)
    }
}

fn record_row(
    fks: &RelationForeignKeys,
    events: &mut VecDeque<Event>,
    op: RowOp,
    old: &[Datum],
    new: &[Datum],
    tid: ItemPointer,
) {
    if op != RowOp::Delete {
        for fk in &fks.outgoing {
            let key = key_of(new, &fk.conkey);
            if op == RowOp::Update && keys_equal(&key, &key_of(old, &fk.conkey)) {
                continue;
            }
            if fk.match_type != FKCONSTR_MATCH_FULL && key.iter().any(|d| d.is_null()) {
                continue;
            }
            if key.iter().all(|d| d.is_null()) {
                continue;
            }
            events.push_back(Event::Check {
                fk: fk.clone(),
                tid,
                key,
            });
        }
    }
    if op != RowOp::Insert {
        for fk in &fks.incoming {
            let old_key = key_of(old, &fk.confkey);
            if old_key.iter().any(|d| d.is_null()) {
                continue;
            }
            let new_key = if op == RowOp::Update {
                let nk = key_of(new, &fk.confkey);
                if keys_equal(&nk, &old_key) {
                    continue;
                }
                Some(nk)
            } else {
                None
            };
            events.push_back(Event::Parent {
                fk: fk.clone(),
                old_key,
                new_key,
            });
        }
    }
}

/// Is constraint `fk`'s check deferred to COMMIT now (DEFERRABLE + INITIALLY DEFERRED or
/// SET CONSTRAINTS ... DEFERRED)?
fn is_deferred(cx: &ExecContext, fk: &ForeignKey) -> bool {
    cx.txn
        .deferred
        .is_deferred(fk.oid, fk.deferrable, fk.deferred)
}

fn defer(cx: &mut ExecContext, check: Box<dyn DeferredCheck>) {
    let depth = cx.txn.subxacts.depth();
    cx.txn.deferred.push_at(check, depth);
}

/// Per-processing caches: relations by OID and opened index sets for cascaded writes.
#[derive(Default)]
struct Cache {
    rels: HashMap<Oid, Arc<RelationInfo>>,
    fks: HashMap<Oid, Arc<RelationForeignKeys>>,
    index_sets: HashMap<Oid, crate::index_maint::IndexSet>,
}

impl Cache {
    fn rel(&mut self, cx: &ExecContext, oid: Oid) -> PgResult<Arc<RelationInfo>> {
        if let Some(r) = self.rels.get(&oid) {
            return Ok(r.clone());
        }
        let ccx = crate::catalog_cx(cx);
        let r = cx
            .catalog
            .relation_by_oid(&ccx, oid)?
            .ok_or_else(|| PgError::internal(format!("cache lookup failed for relation {oid}")))?;
        self.rels.insert(oid, r.clone());
        Ok(r)
    }

    fn fks(&mut self, cx: &ExecContext, oid: Oid) -> PgResult<Arc<RelationForeignKeys>> {
        if let Some(r) = self.fks.get(&oid) {
            return Ok(r.clone());
        }
        let ccx = crate::catalog_cx(cx);
        let r = cx.catalog.relation_foreign_keys(&ccx, oid)?;
        self.fks.insert(oid, r.clone());
        Ok(r)
    }
}

fn process(cx: &mut ExecContext, mut events: VecDeque<Event>) -> PgResult<()> {
    next_command(cx);
    let mut cache = Cache::default();
    let mut steps: u64 = 0;
    while let Some(ev) = events.pop_front() {
        steps += 1;
        if steps.is_multiple_of(64) {
            cx.interrupts.check()?;
        }
        match ev {
            Event::Check { fk, tid, key } => {
                if is_deferred(cx, &fk) {
                    defer(cx, Box::new(DeferredChildCheck { fk, tid, key }));
                    continue;
                }
                check_child_row(cx, &mut cache, &fk, tid, &key)?;
            }
            Event::Parent {
                fk,
                old_key,
                new_key,
            } => {
                let action = if new_key.is_some() {
                    fk.upd_type
                } else {
                    fk.del_type
                };
                match action {
                    FKCONSTR_ACTION_RESTRICT => {
                        check_still_referenced(cx, &mut cache, &fk, &old_key, false)?
                    }
                    FKCONSTR_ACTION_CASCADE
                    | FKCONSTR_ACTION_SETNULL
                    | FKCONSTR_ACTION_SETDEFAULT => {
                        let changed = cascade(
                            cx,
                            &mut cache,
                            &fk,
                            action,
                            &old_key,
                            new_key.as_deref(),
                            &mut events,
                        )?;
                        if changed > 0 {
                            // Later events must see (and may change again) these rows.
                            next_command(cx);
                        }
                        if action == FKCONSTR_ACTION_SETDEFAULT && new_key.is_none() {
                            // A default equal to the deleted key leaves the rows referencing
                            // it unchanged (so unchecked): look again, as PostgreSQL does.
                            check_still_referenced(cx, &mut cache, &fk, &old_key, true)?;
                        }
                    }
                    _ => {
                        if is_deferred(cx, &fk) {
                            defer(cx, Box::new(DeferredParentCheck { fk, old_key }));
                            continue;
                        }
                        check_still_referenced(cx, &mut cache, &fk, &old_key, true)?;
                    }
                }
            }
        }
    }
    for (_, set) in cache.index_sets.drain() {
        let mut rt = Runtime::new(cx, &[]);
        set.check_deferred(&mut rt)?;
    }
    Ok(())
}

/// Output text of key values for error details.
fn key_text(cx: &ExecContext, rel: &RelationInfo, attnums: &[i16], key: &[Datum]) -> String {
    let mut names = Vec::with_capacity(attnums.len());
    let mut vals = Vec::with_capacity(attnums.len());
    for (&a, v) in attnums.iter().zip(key) {
        let col = rel.columns.get((a as usize).wrapping_sub(1));
        names.push(col.map(|c| c.name.clone()).unwrap_or_default());
        vals.push(match v {
            Datum::Null => "null".to_string(),
            v => {
                let t = col.map(|c| c.type_oid).unwrap_or(types::oids::TEXT);
                types::io::output(t, v, cx.env).unwrap_or_else(|_| "?".into())
            }
        });
    }
    format!("({})=({})", names.join(", "), vals.join(", "))
}

fn child_violation(
    cx: &ExecContext,
    fk: &ForeignKey,
    child: &RelationInfo,
    parent: &RelationInfo,
    key: &[Datum],
) -> PgError {
    pg_err!(
        FOREIGN_KEY_VIOLATION,
        "insert or update on table \"{}\" violates foreign key constraint \"{}\"",
        child.name,
        fk.name
    )
    .with_detail(format!(
        "Key {} is not present in table \"{}\".",
        key_text(cx, child, &fk.conkey, key),
        parent.name
    ))
    .with_table(&child.namespace_name, &child.name)
    .with_constraint(&fk.name)
}

fn match_full_violation(fk: &ForeignKey, child: &RelationInfo) -> PgError {
    pg_err!(
        FOREIGN_KEY_VIOLATION,
        "insert or update on table \"{}\" violates foreign key constraint \"{}\"",
        child.name,
        fk.name
    )
    .with_detail("MATCH FULL does not allow mixing of null and nonnull key values.")
    .with_table(&child.namespace_name, &child.name)
    .with_constraint(&fk.name)
}

/// Is the row version at `tid` of `rel` still live as of `snap`?
fn version_live(
    cx: &ExecContext,
    rel: &RelationInfo,
    tid: ItemPointer,
    snap: &Snapshot,
) -> PgResult<bool> {
    Ok(match access::heap_get_header(cx.storage, rel.file, tid)? {
        Some(h) => access::tuple_visible(&h, snap, cx.tm),
        None => false,
    })
}

/// Check one referencing row version (at `tid`, key `key` in the referencing columns'
/// types): skipped if the version is no longer live; 23503 if the key is missing.
fn check_child_row(
    cx: &mut ExecContext,
    cache: &mut Cache,
    fk: &ForeignKey,
    tid: ItemPointer,
    key: &[Datum],
) -> PgResult<()> {
    let child = cache.rel(cx, fk.conrelid)?;
    let snap = fresh_snapshot(cx);
    if version_live(cx, &child, tid, &snap)? {
        return check_key_present(cx, cache, fk, &child, key, true);
    }
    // Updated later by this transaction (e.g. a non-key UPDATE after a deferred INSERT):
    // the pending check applies to the row's current version.
    let mut cur = tid;
    for _ in 0..MAX_RETRIES {
        let Some(h) = access::heap_get_header(cx.storage, child.file, cur)? else {
            return Ok(());
        };
        if h.xmax_is_invalid_or_lock()
            || h.ctid == cur
            || !cx.tm.same_transaction(h.xmax, cx.txn.xid)
        {
            return Ok(());
        }
        cur = h.ctid;
        if let Some(t) =
            access::heap_fetch(cx.storage, child.file, &child.tuple_desc, cur, &snap, cx.tm)?
        {
            let k = key_of(&t.values, &fk.conkey);
            return check_key_present(cx, cache, fk, &child, &k, true);
        }
    }
    Ok(())
}

/// The referencing key `key` must be all-NULL/partly-NULL per the match type or present in
/// the referenced table (locked FOR KEY SHARE when `lock`).
fn check_key_present(
    cx: &mut ExecContext,
    cache: &mut Cache,
    fk: &ForeignKey,
    child: &RelationInfo,
    key: &[Datum],
    lock: bool,
) -> PgResult<()> {
    let nulls = key.iter().filter(|d| d.is_null()).count();
    if nulls == key.len() {
        return Ok(());
    }
    if nulls > 0 {
        if fk.match_type == FKCONSTR_MATCH_FULL {
            return Err(match_full_violation(fk, child));
        }
        return Ok(());
    }
    let parent = cache.rel(cx, fk.confrelid)?;
    let pk_key = match to_parent_types(cx, fk, child, &parent, key)? {
        Some(k) => k,
        None => return Err(child_violation(cx, fk, child, &parent, key)),
    };
    if find_parent(cx, fk, &parent, &pk_key, lock)? {
        Ok(())
    } else {
        Err(child_violation(cx, fk, child, &parent, key))
    }
}

fn same_family(a: Oid, b: Oid) -> bool {
    use types::oids::*;
    let fam = |t: Oid| match t {
        INT2 | INT4 | INT8 => 1,
        FLOAT4 | FLOAT8 => 2,
        TEXT | VARCHAR | BPCHAR | NAME => 3,
        _ => 0,
    };
    a == b || (fam(a) != 0 && fam(a) == fam(b))
}

/// Convert a referencing key to the referenced columns' types (None: a value that cannot be
/// represented there, so it cannot be present).
fn to_parent_types(
    cx: &mut ExecContext,
    fk: &ForeignKey,
    child: &RelationInfo,
    parent: &RelationInfo,
    key: &[Datum],
) -> PgResult<Option<Vec<Datum>>> {
    let mut out = Vec::with_capacity(key.len());
    for (i, v) in key.iter().enumerate() {
        let ft = col_type(child, fk.conkey.get(i).copied().unwrap_or(0));
        let pt = col_type(parent, fk.confkey.get(i).copied().unwrap_or(0));
        if v.is_null() || same_family(ft, pt) {
            out.push(v.clone());
            continue;
        }
        let Some(how) = find_pathway(analyzer::registry(), ft, pt, Ctx::Implicit) else {
            out.push(v.clone());
            continue;
        };
        let mut rt = Runtime::new(cx, &[]);
        match rt.cast(v.clone(), &how, ft, pt, false) {
            Ok(c) => out.push(c),
            Err(_) => return Ok(None),
        }
    }
    Ok(Some(out))
}

fn col_type(rel: &RelationInfo, attnum: i16) -> Oid {
    rel.columns
        .get((attnum as usize).wrapping_sub(1))
        .map(|c| c.type_oid)
        .unwrap_or(types::oids::TEXT)
}

/// Key order of the referenced columns (for comparing keys in the referenced types).
fn parent_key_order(fk: &ForeignKey, parent: &RelationInfo) -> KeyOrder {
    KeyOrder::new(
        fk.confkey
            .iter()
            .map(|&a| KeyColumn {
                type_oid: col_type(parent, a),
                descending: false,
                nulls_first: false,
            })
            .collect(),
    )
}

/// Find a live row of the referenced table with key `pk_key` (referenced columns' order and
/// types), through the constraint's unique index; lock it FOR KEY SHARE when `lock`.
fn find_parent(
    cx: &mut ExecContext,
    fk: &ForeignKey,
    parent: &RelationInfo,
    pk_key: &[Datum],
    lock: bool,
) -> PgResult<bool> {
    let ccx = crate::catalog_cx(cx);
    let index = cx.catalog.index_by_oid(&ccx, fk.index_oid)?;
    // The index key in index column order.
    let index_key = index.as_ref().and_then(|d| {
        if !d.plain() || d.keys.len() != fk.confkey.len() {
            return None;
        }
        let mut k = Vec::with_capacity(d.keys.len());
        for a in &d.keys {
            let pos = fk.confkey.iter().position(|c| c == a)?;
            k.push(pk_key.get(pos)?.clone());
        }
        Some(k)
    });
    let order = parent_key_order(fk, parent);
    for _ in 0..MAX_RETRIES {
        cx.interrupts.check()?;
        let snap = fresh_snapshot(cx);
        let candidates: Vec<ItemPointer> = match (&index, &index_key) {
            (Some(d), Some(k)) => crate::index_maint::open_btree(cx.storage, d)
                .with_interrupts(cx.interrupts)
                .find_equal(k)?,
            _ => {
                let mut scan = access::HeapScan::new(
                    cx.storage.clone(),
                    parent.file,
                    parent.tuple_desc.clone(),
                    snap.clone(),
                    cx.tm.clone(),
                );
                let mut v = Vec::new();
                while let Some(t) = scan.next_tuple()? {
                    if order.compare_keys(&key_of(&t.values, &fk.confkey), pk_key)
                        == Ordering::Equal
                    {
                        v.push(t.tid);
                    }
                }
                v
            }
        };
        let mut retry = false;
        for tid in candidates {
            let Some(t) = access::heap_fetch(
                cx.storage,
                parent.file,
                &parent.tuple_desc,
                tid,
                &snap,
                cx.tm,
            )?
            else {
                continue;
            };
            if order.compare_keys(&key_of(&t.values, &fk.confkey), pk_key) != Ordering::Equal {
                continue;
            }
            if !lock {
                return Ok(true);
            }
            let xid = cx.txn.assign_xid(cx.tm)?;
            let w = access::WriteCtx {
                tm: cx.tm,
                xid,
                cid: cx.txn.cid,
                snapshot: &snap,
                interrupts: cx.interrupts,
            };
            match access::heap_lock_tuple(
                cx.storage,
                parent.file,
                tid,
                RowLockMode::KeyShare,
                true,
                &w,
            )? {
                LockTupleResult::Locked => return Ok(true),
                LockTupleResult::Invisible | LockTupleResult::WouldBlock => {}
                LockTupleResult::Updated { .. } => {
                    if cx.txn.transaction_snapshot {
                        return Err(pg_err!(
                            SERIALIZATION_FAILURE,
                            "could not serialize access due to concurrent update"
                        ));
                    }
                    retry = true;
                    break;
                }
            }
        }
        if !retry {
            return Ok(false);
        }
    }
    Err(PgError::internal("foreign key lookup retried too often"))
}

/// The live rows of the referencing table whose key equals the referenced key `pk_key`.
fn find_children(
    cx: &mut ExecContext,
    fk: &ForeignKey,
    child: &RelationInfo,
    parent: &RelationInfo,
    pk_key: &[Datum],
    snap: &Snapshot,
    limit: Option<usize>,
) -> PgResult<Vec<access::HeapTuple>> {
    let order = parent_key_order(fk, parent);
    let mut out = Vec::new();
    let matches = |cx: &mut ExecContext, vals: &[Datum]| -> PgResult<bool> {
        let k = key_of(vals, &fk.conkey);
        if k.iter().any(|d| d.is_null()) {
            return Ok(false);
        }
        let Some(pk) = to_parent_types(cx, fk, child, parent, &k)? else {
            return Ok(false);
        };
        Ok(order.compare_keys(&pk, pk_key) == Ordering::Equal)
    };
    // An index whose leading columns are exactly the referencing columns, when the key types
    // match (the common case): probe it instead of scanning the table.
    let same_types = fk
        .conkey
        .iter()
        .zip(&fk.confkey)
        .all(|(&c, &p)| same_family(col_type(child, c), col_type(parent, p)));
    let index = if same_types {
        let ccx = crate::catalog_cx(cx);
        cx.catalog
            .relation_indexes(&ccx, child.oid)?
            .into_iter()
            .find(|d| {
                d.am == catalog::index::BTREE_AM_OID
                    && d.pred.is_none()
                    && d.keys.len() >= fk.conkey.len()
                    && d.keys[..fk.conkey.len()] == fk.conkey[..]
                    && d.keys[..fk.conkey.len()].iter().all(|&k| k > 0)
            })
    } else {
        None
    };
    if let Some(d) = index {
        let tree = crate::index_maint::open_btree(cx.storage, &d).with_interrupts(cx.interrupts);
        let mut scan = tree.scan(
            std::ops::Bound::Included(pk_key),
            std::ops::Bound::Included(pk_key),
            false,
        )?;
        let mut tids = Vec::new();
        while let Some((_, tid)) = scan.next()? {
            tids.push(tid);
        }
        tids.sort();
        tids.dedup();
        for tid in tids {
            if let Some(t) =
                access::heap_fetch(cx.storage, child.file, &child.tuple_desc, tid, snap, cx.tm)?
            {
                if matches(cx, &t.values)? {
                    out.push(t);
                    if limit.is_some_and(|l| out.len() >= l) {
                        break;
                    }
                }
            }
        }
        return Ok(out);
    }
    let mut scan = access::HeapScan::new(
        cx.storage.clone(),
        child.file,
        child.tuple_desc.clone(),
        snap.clone(),
        cx.tm.clone(),
    );
    let mut n: u64 = 0;
    while let Some(t) = scan.next_tuple()? {
        n += 1;
        if n.is_multiple_of(1024) {
            cx.interrupts.check()?;
        }
        if matches(cx, &t.values)? {
            out.try_reserve(1)
                .map_err(|_| pg_err!(OUT_OF_MEMORY, "out of memory"))?;
            out.push(t);
            if limit.is_some_and(|l| out.len() >= l) {
                break;
            }
        }
    }
    Ok(out)
}

/// NO ACTION (`recheck_pk`: a replacement referenced row with the old key satisfies it) and
/// RESTRICT: 23503 if a referencing row with the old key remains.
fn check_still_referenced(
    cx: &mut ExecContext,
    cache: &mut Cache,
    fk: &ForeignKey,
    old_key: &[Datum],
    recheck_pk: bool,
) -> PgResult<()> {
    let parent = cache.rel(cx, fk.confrelid)?;
    if recheck_pk && find_parent(cx, fk, &parent, old_key, false)? {
        return Ok(());
    }
    let child = cache.rel(cx, fk.conrelid)?;
    let snap = fresh_snapshot(cx);
    let found = find_children(cx, fk, &child, &parent, old_key, &snap, Some(1))?;
    if found.is_empty() {
        return Ok(());
    }
    Err(pg_err!(
        FOREIGN_KEY_VIOLATION,
        "update or delete on table \"{}\" violates foreign key constraint \"{}\" on table \"{}\"",
        parent.name,
        fk.name,
        child.name
    )
    .with_detail(format!(
        "Key {} is still referenced from table \"{}\".",
        key_text(cx, &parent, &fk.confkey, old_key),
        child.name
    ))
    .with_table(&child.namespace_name, &child.name)
    .with_constraint(&fk.name))
}

/// The values SET DEFAULT stores in the referencing columns.
fn default_values(
    cx: &mut ExecContext,
    child: &RelationInfo,
    fk: &ForeignKey,
) -> PgResult<Vec<Datum>> {
    let mut exprs = Vec::with_capacity(fk.conkey.len());
    for &a in &fk.conkey {
        let Some(c) = child.columns.get((a as usize).wrapping_sub(1)) else {
            exprs.push("NULL".to_string());
            continue;
        };
        exprs.push(match &c.default_expr {
            Some(d) => format!(
                "CAST(({d}) AS {})",
                types::typeinfo::format_type(c.type_oid, c.typmod)
            ),
            None => "NULL".to_string(),
        });
    }
    let sql = format!("SELECT {}", exprs.join(", "));
    let parsed = parser::parse(&sql)?;
    let first = parsed
        .first()
        .ok_or_else(|| PgError::internal("bad default expression"))?;
    let planned = crate::plan_statement(&first.stmt, &sql, cx)?;
    let mut rt = Runtime::new(cx, &planned.subplans);
    let mut node = crate::nodes::build(&planned.plan, &mut rt)?;
    let row = node.next(&mut rt)?.unwrap_or_default();
    Ok((0..fk.conkey.len())
        .map(|i| row.get(i).cloned().unwrap_or(Datum::Null))
        .collect())
}

/// Convert referenced-key values to the referencing columns' types (for CASCADE updates).
fn to_child_types(
    cx: &mut ExecContext,
    fk: &ForeignKey,
    child: &RelationInfo,
    parent: &RelationInfo,
    key: &[Datum],
) -> PgResult<Vec<Datum>> {
    let mut out = Vec::with_capacity(key.len());
    for (i, v) in key.iter().enumerate() {
        let ft = col_type(child, fk.conkey.get(i).copied().unwrap_or(0));
        let pt = col_type(parent, fk.confkey.get(i).copied().unwrap_or(0));
        if v.is_null() || ft == pt {
            out.push(v.clone());
            continue;
        }
        let how = find_pathway(analyzer::registry(), pt, ft, Ctx::Assignment)
            .unwrap_or(CastHow::Io { source: pt });
        let mut rt = Runtime::new(cx, &[]);
        out.push(rt.cast(v.clone(), &how, pt, ft, false)?);
    }
    Ok(out)
}

fn not_null_violation(cx: &ExecContext, rel: &RelationInfo, col: &str, vals: &[Datum]) -> PgError {
    let mut parts = Vec::new();
    for (c, v) in rel.columns.iter().zip(vals) {
        if c.dropped {
            continue;
        }
        parts.push(match v {
            Datum::Null => "null".to_string(),
            v => types::io::output(c.type_oid, v, cx.env).unwrap_or_else(|_| "?".into()),
        });
    }
    pg_err!(
        NOT_NULL_VIOLATION,
        "null value in column \"{}\" violates not-null constraint",
        col
    )
    .with_detail(format!("Failing row contains ({}).", parts.join(", ")))
    .with_table(&rel.namespace_name, &rel.name)
    .with_column(col)
}

/// ON DELETE/UPDATE CASCADE, SET NULL, SET DEFAULT: change the referencing rows of `old_key`,
/// queueing the events of those changes; returns the number of rows changed.
fn cascade(
    cx: &mut ExecContext,
    cache: &mut Cache,
    fk: &Arc<ForeignKey>,
    action: u8,
    old_key: &[Datum],
    new_key: Option<&[Datum]>,
    events: &mut VecDeque<Event>,
) -> PgResult<u64> {
    let parent = cache.rel(cx, fk.confrelid)?;
    let child = cache.rel(cx, fk.conrelid)?;
    let snap = fresh_snapshot(cx);
    let rows = find_children(cx, fk, &child, &parent, old_key, &snap, None)?;
    if rows.is_empty() {
        return Ok(0);
    }
    let mut changed: u64 = 0;
    let delete = action == FKCONSTR_ACTION_CASCADE && new_key.is_none();
    let set_vals: Vec<Datum> = match action {
        FKCONSTR_ACTION_CASCADE => match new_key {
            Some(nk) => to_child_types(cx, fk, &child, &parent, nk)?,
            None => Vec::new(),
        },
        FKCONSTR_ACTION_SETNULL => vec![Datum::Null; fk.conkey.len()],
        _ => default_values(cx, &child, fk)?,
    };
    let child_fks = cache.fks(cx, child.oid)?;
    if !delete && !cache.index_sets.contains_key(&child.oid) {
        let set = crate::index_maint::IndexSet::open_cx(cx, &child)?;
        cache.index_sets.insert(child.oid, set);
    }
    let xid = cx.txn.assign_xid(cx.tm)?;
    let ncols = child.columns.len();
    for row in rows {
        cx.interrupts.check()?;
        let mut tid = row.tid;
        let mut old_vals = row.values;
        let mut done = None;
        for _ in 0..MAX_RETRIES {
            let mut new_vals = Vec::new();
            if !delete {
                new_vals = old_vals[..ncols.min(old_vals.len())].to_vec();
                for (&a, v) in fk.conkey.iter().zip(&set_vals) {
                    if let Some(s) = new_vals.get_mut((a as usize).wrapping_sub(1)) {
                        *s = v.clone();
                    }
                }
                for (c, v) in child.columns.iter().zip(&new_vals) {
                    if c.not_null && !c.dropped && v.is_null() {
                        return Err(not_null_violation(cx, &child, &c.name, &new_vals));
                    }
                }
            }
            let w = access::WriteCtx {
                tm: cx.tm,
                xid,
                cid: cx.txn.cid,
                snapshot: &snap,
                interrupts: cx.interrupts,
            };
            let r = if delete {
                access::heap_delete(cx.storage, child.file, tid, &w)?
            } else {
                // Keep a WITH OIDS row's OID.
                let stored;
                let vals = if child.has_oids() {
                    let oid = old_vals.get(ncols).cloned().unwrap_or(Datum::Null);
                    stored = [new_vals.as_slice(), std::slice::from_ref(&oid)].concat();
                    &stored
                } else {
                    &new_vals
                };
                access::heap_update(cx.storage, child.file, &child.tuple_desc, tid, vals, &w)?
            };
            match r {
                ModifyResult::Ok(t) => {
                    done = Some((t.unwrap_or(tid), new_vals));
                    break;
                }
                ModifyResult::Invisible | ModifyResult::SelfModified => break,
                ModifyResult::Updated { next } => {
                    if cx.txn.transaction_snapshot {
                        return Err(pg_err!(
                            SERIALIZATION_FAILURE,
                            "could not serialize access due to concurrent update"
                        ));
                    }
                    let Some(next) = next else { break };
                    let Some(latest) = access::heap_fetch_latest(
                        cx.storage,
                        child.file,
                        &child.tuple_desc,
                        next,
                        &w,
                    )?
                    else {
                        break;
                    };
                    // Still referencing the old key?
                    let k = key_of(&latest.values, &fk.conkey);
                    let pk = to_parent_types(cx, fk, &child, &parent, &k)?;
                    let order = parent_key_order(fk, &parent);
                    if pk.is_none_or(|pk| order.compare_keys(&pk, old_key) != Ordering::Equal)
                        || k.iter().any(|d| d.is_null())
                    {
                        break;
                    }
                    tid = latest.tid;
                    old_vals = latest.values;
                }
            }
        }
        let Some((new_tid, new_vals)) = done else {
            continue;
        };
        cx.txn.wrote = true;
        changed += 1;
        let old_cols = &old_vals[..ncols.min(old_vals.len())];
        if delete {
            record_row(&child_fks, events, RowOp::Delete, old_cols, &[], new_tid);
        } else {
            if let Some(set) = cache.index_sets.get(&child.oid) {
                let mut rt = Runtime::new(cx, &[]);
                set.insert_entries(&mut rt, &new_vals, new_tid)?;
            }
            record_row(
                &child_fks,
                events,
                RowOp::Update,
                old_cols,
                &new_vals,
                new_tid,
            );
        }
    }
    Ok(changed)
}

/// A deferred check of a referencing row version.
#[derive(Debug)]
struct DeferredChildCheck {
    fk: Arc<ForeignKey>,
    tid: ItemPointer,
    key: Vec<Datum>,
}

impl DeferredCheck for DeferredChildCheck {
    fn constraint_oid(&self) -> Oid {
        self.fk.oid
    }
    fn event_relation(&self) -> Oid {
        self.fk.conrelid
    }
    fn run(&self, rt: &mut Runtime) -> PgResult<()> {
        // See the whole transaction's work, the last statement's included.
        next_command(rt.cx);
        let mut cache = Cache::default();
        check_child_row(rt.cx, &mut cache, &self.fk, self.tid, &self.key)
    }
}

/// A deferred NO ACTION check of a deleted / changed referenced key.
#[derive(Debug)]
struct DeferredParentCheck {
    fk: Arc<ForeignKey>,
    old_key: Vec<Datum>,
}

impl DeferredCheck for DeferredParentCheck {
    fn constraint_oid(&self) -> Oid {
        self.fk.oid
    }
    fn event_relation(&self) -> Oid {
        self.fk.confrelid
    }
    fn run(&self, rt: &mut Runtime) -> PgResult<()> {
        next_command(rt.cx);
        let mut cache = Cache::default();
        check_still_referenced(rt.cx, &mut cache, &self.fk, &self.old_key, true)
    }
}

/// COPY FROM: enforce the foreign keys of `rel` for the rows it stored at `tids` (run once,
/// after the last row, like AFTER ROW triggers at the end of the statement).
pub fn after_copy(cx: &mut ExecContext, rel: &RelationInfo, tids: &[ItemPointer]) -> PgResult<()> {
    let Some(mut q) = RiQueue::open(cx, rel)? else {
        return Ok(());
    };
    if q.fks.outgoing.is_empty() {
        return Ok(());
    }
    next_command(cx);
    let snap = fresh_snapshot(cx);
    let ncols = rel.columns.len();
    for &tid in tids {
        if let Some(t) =
            access::heap_fetch(cx.storage, rel.file, &rel.tuple_desc, tid, &snap, cx.tm)?
        {
            q.row_changed(
                RowOp::Insert,
                &[],
                &t.values[..ncols.min(t.values.len())],
                tid,
            );
        }
    }
    if q.events.is_empty() {
        return Ok(());
    }
    process(cx, q.events)
}

/// Does `rel` have foreign keys where it is the referencing side (COPY collects row ids only
/// then)?
pub fn has_outgoing(cx: &ExecContext, rel: &RelationInfo) -> PgResult<bool> {
    if rel.relkind != b'r' {
        return Ok(false);
    }
    let ccx = crate::catalog_cx(cx);
    Ok(!cx
        .catalog
        .relation_foreign_keys(&ccx, rel.oid)?
        .outgoing
        .is_empty())
}

/// ADD FOREIGN KEY / VALIDATE CONSTRAINT: check every existing row of the referencing table
/// (23503 for the first one whose key is missing).
pub fn validate_existing_rows(cx: &mut ExecContext, fk: &ForeignKey) -> PgResult<()> {
    let mut cache = Cache::default();
    let child = cache.rel(cx, fk.conrelid)?;
    let snap = fresh_snapshot(cx);
    let mut scan = access::HeapScan::new(
        cx.storage.clone(),
        child.file,
        child.tuple_desc.clone(),
        snap,
        cx.tm.clone(),
    );
    let mut n: u64 = 0;
    while let Some(t) = scan.next_tuple()? {
        n += 1;
        if n.is_multiple_of(256) {
            cx.interrupts.check()?;
        }
        let key = key_of(&t.values, &fk.conkey);
        check_key_present(cx, &mut cache, fk, &child, &key, false)?;
    }
    Ok(())
}

/// The no-action constant, re-exported for callers building constraints.
pub const NO_ACTION: u8 = FKCONSTR_ACTION_NOACTION;

#[cfg(test)]
mod tests {
    use super::*;

    fn fk(conkey: Vec<i16>, confkey: Vec<i16>, match_type: u8) -> Arc<ForeignKey> {
        Arc::new(ForeignKey {
            oid: 1,
            name: "f".into(),
            namespace_oid: 2200,
            conrelid: 10,
            conkey,
            confrelid: 11,
            confkey,
            pf_eq_ops: vec![],
            pp_eq_ops: vec![],
            ff_eq_ops: vec![],
            upd_type: b'a',
            del_type: b'a',
            match_type,
            deferrable: false,
            deferred: false,
            validated: true,
            index_oid: 0,
        })
    }

    fn tid() -> ItemPointer {
        ItemPointer {
            block: 0,
            offset: 1,
        }
    }

    #[test]
    fn referencing_events() {
        let fks = RelationForeignKeys {
            outgoing: vec![fk(vec![1, 2], vec![1, 2], b's')],
            incoming: vec![],
        };
        let mut ev = VecDeque::new();
        // NULL in a MATCH SIMPLE key: no check.
        record_row(
            &fks,
            &mut ev,
            RowOp::Insert,
            &[],
            &[Datum::Int4(1), Datum::Null],
            tid(),
        );
        assert!(ev.is_empty());
        record_row(
            &fks,
            &mut ev,
            RowOp::Insert,
            &[],
            &[Datum::Int4(1), Datum::Int4(2)],
            tid(),
        );
        assert_eq!(ev.len(), 1);
        // UPDATE keeping the key: no check.
        let row = [Datum::Int4(1), Datum::Int4(2)];
        record_row(&fks, &mut ev, RowOp::Update, &row, &row, tid());
        assert_eq!(ev.len(), 1);
        let full = RelationForeignKeys {
            outgoing: vec![fk(vec![1, 2], vec![1, 2], b'f')],
            incoming: vec![],
        };
        record_row(
            &full,
            &mut ev,
            RowOp::Insert,
            &[],
            &[Datum::Int4(1), Datum::Null],
            tid(),
        );
        assert_eq!(ev.len(), 2);
        record_row(
            &full,
            &mut ev,
            RowOp::Insert,
            &[],
            &[Datum::Null, Datum::Null],
            tid(),
        );
        assert_eq!(ev.len(), 2);
    }

    #[test]
    fn referenced_events() {
        let fks = RelationForeignKeys {
            outgoing: vec![],
            incoming: vec![fk(vec![1], vec![2], b's')],
        };
        let mut ev = VecDeque::new();
        let old = [Datum::Int4(9), Datum::Int4(5)];
        record_row(
            &fks,
            &mut ev,
            RowOp::Update,
            &old,
            &[Datum::Int4(8), Datum::Int4(5)],
            tid(),
        );
        assert!(ev.is_empty());
        record_row(
            &fks,
            &mut ev,
            RowOp::Update,
            &old,
            &[Datum::Int4(9), Datum::Int4(6)],
            tid(),
        );
        assert_eq!(ev.len(), 1);
        record_row(&fks, &mut ev, RowOp::Delete, &old, &[], tid());
        assert_eq!(ev.len(), 2);
        record_row(
            &fks,
            &mut ev,
            RowOp::Delete,
            &[Datum::Int4(1), Datum::Null],
            &[],
            tid(),
        );
        assert_eq!(ev.len(), 2);
    }

    #[test]
    fn type_families() {
        use types::oids::*;
        assert!(same_family(INT4, INT8));
        assert!(same_family(TEXT, VARCHAR));
        assert!(!same_family(INT4, NUMERIC));
        assert!(keys_equal(&[Datum::Int4(1)], &[Datum::Int4(1)]));
        assert!(!keys_equal(&[Datum::Null], &[Datum::Int4(1)]));
    }
}

/// The row operation of a DML command.
pub fn row_op(cmd: analyzer::CmdType) -> RowOp {
    match cmd {
        analyzer::CmdType::Insert => RowOp::Insert,
        analyzer::CmdType::Update => RowOp::Update,
        _ => RowOp::Delete,
    }
}

/// The options pg_get_constraintdef prints after a foreign key's column lists, in
/// PostgreSQL's order: MATCH FULL, ON UPDATE, ON DELETE, DEFERRABLE, INITIALLY DEFERRED,
/// NOT VALID (`flags` = condeferrable, condeferred, convalidated).
pub fn constraintdef_options(
    match_type: u8,
    upd: u8,
    del: u8,
    flags: (bool, bool, bool),
) -> String {
    let action = |a: u8| match a {
        FKCONSTR_ACTION_RESTRICT => Some("RESTRICT"),
        FKCONSTR_ACTION_CASCADE => Some("CASCADE"),
        FKCONSTR_ACTION_SETNULL => Some("SET NULL"),
        FKCONSTR_ACTION_SETDEFAULT => Some("SET DEFAULT"),
        _ => None,
    };
    let mut s = String::new();
    if match_type == FKCONSTR_MATCH_FULL {
        s.push_str(" MATCH FULL");
    }
    if let Some(a) = action(upd) {
        s.push_str(" ON UPDATE ");
        s.push_str(a);
    }
    if let Some(a) = action(del) {
        s.push_str(" ON DELETE ");
        s.push_str(a);
    }
    if flags.0 {
        s.push_str(" DEFERRABLE");
    }
    if flags.1 {
        s.push_str(" INITIALLY DEFERRED");
    }
    if !flags.2 {
        s.push_str(" NOT VALID");
    }
    s
}

#[cfg(test)]
mod def_tests {
    use super::*;

    #[test]
    fn constraintdef_clauses() {
        assert_eq!(
            constraintdef_options(b's', b'a', b'a', (false, false, true)),
            ""
        );
        assert_eq!(
            constraintdef_options(b'f', b'c', b'n', (true, true, false)),
            " MATCH FULL ON UPDATE CASCADE ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED NOT VALID"
        );
    }
}
