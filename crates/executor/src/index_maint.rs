//! Index maintenance: computing index keys of heap rows (plain columns, expression columns,
//! partial-index predicates), inserting the entries of every new heap tuple version into the
//! table's B-tree indexes with MVCC-correct unique checks (waiting for in-progress inserters
//! and deleters), bulk builds for CREATE INDEX / REINDEX (failing on duplicates for unique
//! indexes), and removing entries of dead heap tuples before VACUUM reclaims them.

use crate::{ExecContext, Runtime};
use access::btree::{BTree, KeyColumn, KeyOrder, Tid};
use access::tuple::{
    HEAP_XMAX_COMMITTED, HEAP_XMAX_INVALID, HEAP_XMIN_COMMITTED, HEAP_XMIN_INVALID,
};
use analyzer::expr::Expr;
use catalog::index::IndexDesc;
use catalog::RelationInfo;
use common::{pg_err, PgError, PgResult, Xid};
use std::cmp::Ordering;
use std::sync::{Arc, Mutex};
use storage::{RelFileNode, Storage};
use txn::{TransactionManager, XidStatus};
use types::Datum;

/// The B-tree key order of an index.
pub fn key_order(d: &IndexDesc) -> KeyOrder {
    KeyOrder::new(
        d.key_types
            .iter()
            .enumerate()
            .map(|(i, &t)| KeyColumn {
                type_oid: t,
                descending: d.descending(i),
                nulls_first: d.nulls_first(i),
            })
            .collect(),
    )
}

/// A B-tree handle for index `d`.
pub fn open_btree(storage: &Arc<Storage>, d: &IndexDesc) -> BTree {
    BTree::new(storage, d.file, key_order(d), &d.name)
}

/// One index of a table, ready for key computation.
pub struct OpenIndex {
    pub desc: IndexDesc,
    pub tree: BTree,
    /// Compiled expression columns (in key order of the expression columns).
    exprs: Vec<Expr>,
    pred: Option<Expr>,
    /// Width of the flat row the compiled expressions read (0 if none were compiled).
    width: usize,
    /// Key column names for error details.
    key_names: Vec<String>,
}

/// Split indexprs text "(e1), (e2)" into its parenthesised parts.
fn split_exprs(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut cur = String::new();
    let mut in_str = false;
    for ch in s.chars() {
        if in_str {
            cur.push(ch);
            if ch == '\'' {
                in_str = false;
            }
            continue;
        }
        match ch {
            '\'' => {
                in_str = true;
                cur.push(ch);
            }
            '(' => {
                depth += 1;
                cur.push(ch);
            }
            ')' => {
                depth -= 1;
                cur.push(ch);
            }
            ',' if depth == 0 => {
                out.push(cur.trim().to_string());
                cur.clear();
            }
            _ => cur.push(ch),
        }
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim().to_string());
    }
    out
}

/// Strip one level of enclosing parentheses.
fn unparen(s: &str) -> &str {
    let t = s.trim();
    if t.starts_with('(') && t.ends_with(')') {
        &t[1..t.len() - 1]
    } else {
        t
    }
}

fn find_scan(p: &planner::Plan) -> Option<(usize, Option<&Expr>)> {
    use planner::Plan;
    match p {
        Plan::SeqScan { width, qual, .. } => Some((*width, qual.as_ref())),
        Plan::IndexScan { width, qual, .. } => Some((*width, qual.as_ref())),
        Plan::Filter { input, qual } => find_scan(input).map(|(w, q)| (w, q.or(Some(qual)))),
        Plan::Project { input, .. } => find_scan(input),
        _ => None,
    }
}

impl OpenIndex {
    /// Prepare index `desc` of `table` (compiling its expressions and predicate).
    pub fn new(cx: &ExecContext, table: &RelationInfo, desc: IndexDesc) -> PgResult<OpenIndex> {
        let tree = open_btree(cx.storage, &desc).with_interrupts(cx.interrupts);
        let expr_texts = desc.exprs.as_deref().map(split_exprs).unwrap_or_default();
        let mut key_names = Vec::new();
        let mut ei = 0;
        for &k in &desc.keys {
            if k > 0 {
                let name = table
                    .columns
                    .get(k as usize - 1)
                    .map(|c| c.name.clone())
                    .unwrap_or_default();
                key_names.push(name);
            } else {
                key_names.push(
                    expr_texts
                        .get(ei)
                        .map(|s| unparen(s).to_string())
                        .unwrap_or_else(|| "expr".into()),
                );
                ei += 1;
            }
        }
        let mut oi = OpenIndex {
            desc,
            tree,
            exprs: Vec::new(),
            pred: None,
            width: 0,
            key_names,
        };
        if oi.desc.exprs.is_some() || oi.desc.pred.is_some() {
            let sql = format!(
                "SELECT {} FROM ONLY {}.{}{}",
                oi.desc.exprs.as_deref().unwrap_or("1"),
                catalog::ddl::quote_identifier(&table.namespace_name),
                catalog::ddl::quote_identifier(&table.name),
                match &oi.desc.pred {
                    Some(p) => format!(" WHERE {p}"),
                    None => String::new(),
                }
            );
            let parsed = parser::parse(&sql)?;
            let first = parsed
                .first()
                .ok_or_else(|| PgError::internal("bad index expression"))?;
            let p = crate::plan_statement(&first.stmt, &sql, cx)?;
            let Some((width, qual)) = find_scan(&p.plan) else {
                return Err(PgError::internal("unexpected plan for index expressions"));
            };
            oi.width = width;
            oi.pred = qual.cloned();
            if oi.desc.exprs.is_some() {
                if let planner::Plan::Project { exprs, .. } = &p.plan {
                    oi.exprs = exprs.clone();
                }
            }
        }
        Ok(oi)
    }

    /// The index key of a heap row (`values` in the table's column order), or None if the
    /// row does not satisfy a partial index's predicate.
    pub fn key_of(
        &self,
        rt: &mut Runtime,
        values: &[Datum],
        tid: Tid,
    ) -> PgResult<Option<Vec<Datum>>> {
        let flat;
        let row: &[Datum] = if self.width > 0 {
            let mut r = vec![Datum::Null; self.width.max(values.len() + 1)];
            for (i, v) in values.iter().enumerate() {
                r[i] = v.clone();
            }
            r[values.len()] = analyzer::analyze::tid_to_datum(tid.block, tid.offset);
            flat = r;
            &flat
        } else {
            values
        };
        if let Some(p) = &self.pred {
            if !matches!(rt.eval(p, row)?, Datum::Bool(true)) {
                return Ok(None);
            }
        }
        let mut key = Vec::with_capacity(self.desc.keys.len());
        let mut ei = 0;
        for &k in &self.desc.keys {
            if k > 0 {
                key.push(values.get(k as usize - 1).cloned().unwrap_or(Datum::Null));
            } else {
                let e = self
                    .exprs
                    .get(ei)
                    .ok_or_else(|| PgError::internal("missing index expression"))?;
                key.push(rt.eval(e, row)?);
                ei += 1;
            }
        }
        Ok(Some(key))
    }

    fn key_detail(&self, cx: &ExecContext, key: &[Datum]) -> String {
        let vals: Vec<String> = key
            .iter()
            .enumerate()
            .map(|(i, v)| match v {
                Datum::Null => "null".to_string(),
                v => {
                    let t = self.desc.key_types.get(i).copied().unwrap_or(0);
                    types::io::output(t, v, cx.env).unwrap_or_else(|_| "?".into())
                }
            })
            .collect();
        format!("({})=({})", self.key_names.join(", "), vals.join(", "))
    }
}

/// What a unique check learned about one heap tuple with an equal key.
enum Holder {
    /// No conflict (dead, deleted, or our own new tuple).
    None,
    /// A live tuple: duplicate.
    Conflict,
    /// Inserted or deleted by a transaction still running: wait for it and re-check.
    Wait(Xid),
}

fn xid_status(
    tm: &TransactionManager,
    xid: Xid,
    committed_hint: bool,
    invalid_hint: bool,
) -> XidStatus {
    if committed_hint {
        XidStatus::Committed
    } else if invalid_hint {
        XidStatus::Aborted
    } else {
        tm.status(xid)
    }
}

fn check_holder(
    storage: &Storage,
    heap: RelFileNode,
    tid: Tid,
    tm: &TransactionManager,
    my_xid: Xid,
) -> PgResult<Holder> {
    let Some(h) = access::heap_get_header(storage, heap, tid)? else {
        return Ok(Holder::None);
    };
    let mine = |x: Xid| tm.same_transaction(x, my_xid);
    let xs = xid_status(
        tm,
        h.xmin,
        h.infomask & HEAP_XMIN_COMMITTED != 0,
        h.infomask & (HEAP_XMIN_COMMITTED | HEAP_XMIN_INVALID) == HEAP_XMIN_INVALID,
    );
    match xs {
        XidStatus::Aborted => return Ok(Holder::None),
        XidStatus::InProgress if !mine(h.xmin) => return Ok(Holder::Wait(h.xmin)),
        _ => {}
    }
    if h.xmax_is_invalid_or_lock() {
        return Ok(Holder::Conflict);
    }
    match xid_status(
        tm,
        h.xmax,
        h.infomask & HEAP_XMAX_COMMITTED != 0,
        h.infomask & HEAP_XMAX_INVALID != 0,
    ) {
        XidStatus::Committed => Ok(Holder::None),
        XidStatus::Aborted => Ok(Holder::Conflict),
        XidStatus::InProgress => {
            if mine(h.xmax) {
                Ok(Holder::None)
            } else {
                Ok(Holder::Wait(h.xmax))
            }
        }
    }
}

/// Serialises unique check + insert per index (all backends share this process).
static UNIQUE_LOCKS: [Mutex<()>; 64] = [const { Mutex::new(()) }; 64];

fn unique_lock(rel: RelFileNode) -> &'static Mutex<()> {
    &UNIQUE_LOCKS[(rel.rel_node as usize ^ rel.db_node as usize) % UNIQUE_LOCKS.len()]
}

/// The indexes of one table, opened once per statement.
pub struct IndexSet {
    heap: RelFileNode,
    table_schema: String,
    table_name: String,
    pub indexes: Vec<OpenIndex>,
    /// Entries of deferrable unique indexes to check at the end of the statement.
    pending: std::cell::RefCell<Vec<(usize, Vec<Datum>, Tid)>>,
}

impl IndexSet {
    /// Open the indexes of `table` (none for relations other than tables).
    pub fn open(rt: &mut Runtime, table: &RelationInfo) -> PgResult<IndexSet> {
        Self::open_cx(rt.cx, table)
    }

    /// Like `open`, from an execution context.
    pub fn open_cx(cx: &ExecContext, table: &RelationInfo) -> PgResult<IndexSet> {
        let mut set = IndexSet {
            heap: table.file,
            table_schema: table.namespace_name.clone(),
            table_name: table.name.clone(),
            indexes: Vec::new(),
            pending: std::cell::RefCell::new(Vec::new()),
        };
        if !matches!(table.relkind, b'r' | b'm') {
            return Ok(set);
        }
        let descs = {
            let ccx = crate::catalog_cx(cx);
            cx.catalog.relation_index_list(&ccx, table.oid)?
        };
        for d in descs.iter() {
            if d.am == catalog::index::BTREE_AM_OID {
                set.indexes.push(OpenIndex::new(cx, table, (**d).clone())?);
            }
        }
        Ok(set)
    }

    pub fn is_empty(&self) -> bool {
        self.indexes.is_empty()
    }

    /// Add the entries of the new heap tuple `tid` (column values `values`) to every index,
    /// checking unique indexes first (23505 on a live duplicate).
    pub fn insert_entries(&self, rt: &mut Runtime, values: &[Datum], tid: Tid) -> PgResult<()> {
        self.insert_entries_where(rt, values, tid, |_, _| (true, true))
    }

    /// Add the entries of `tid` to the indexes for which `choose(number, index)` returns
    /// `(insert, check)`: skipped when `insert` is false, and a unique index is probed for a
    /// live duplicate first only when `check` is true (deferrable ones queue the check).
    fn insert_entries_where(
        &self,
        rt: &mut Runtime,
        values: &[Datum],
        tid: Tid,
        choose: impl Fn(usize, &OpenIndex) -> (bool, bool),
    ) -> PgResult<()> {
        for (i, ix) in self.indexes.iter().enumerate() {
            let (insert, check) = choose(i, ix);
            if !insert {
                continue;
            }
            let Some(key) = ix.key_of(rt, values, tid)? else {
                continue;
            };
            let has_null = key.iter().any(|d| d.is_null());
            if ix.desc.unique && !ix.desc.immediate && !has_null {
                ix.tree.insert(&key, tid)?;
                self.pending.borrow_mut().push((i, key, tid));
            } else if ix.desc.unique && !has_null && check {
                self.check_unique(rt, ix, &key, tid, true)?;
            } else {
                ix.tree.insert(&key, tid)?;
            }
        }
        Ok(())
    }

    /// End of statement: check the entries of deferrable unique indexes added by it.
    pub fn check_deferred(&self, rt: &mut Runtime) -> PgResult<()> {
        let pending = std::mem::take(&mut *self.pending.borrow_mut());
        let mut flags = crate::deferred::ConstraintFlags::default();
        for (i, key, tid) in pending {
            let Some(ix) = self.indexes.get(i) else {
                continue;
            };
            // INITIALLY DEFERRED / SET CONSTRAINTS ... DEFERRED: checked at commit.
            if crate::deferred::defer_unique(rt, &ix.desc, &key, tid, &mut flags)? {
                continue;
            }
            self.check_entry(rt, i, &key, tid)?;
        }
        Ok(())
    }

    /// Check entry `key` -> `tid` of deferrable unique index number `i` now.
    pub fn check_entry(&self, rt: &mut Runtime, i: usize, key: &[Datum], tid: Tid) -> PgResult<()> {
        let Some(ix) = self.indexes.get(i) else {
            return Ok(());
        };
        // A version this statement already replaced or deleted needs no check.
        if matches!(
            check_holder(rt.cx.storage, self.heap, tid, rt.cx.tm, rt.cx.txn.xid)?,
            Holder::None
        ) {
            return Ok(());
        }
        self.check_unique(rt, ix, key, tid, false)
    }

    /// Check `key` of new heap tuple `tid` against the live entries of unique index `ix`
    /// (waiting for in-progress holders), then insert it if `insert`.
    fn check_unique(
        &self,
        rt: &mut Runtime,
        ix: &OpenIndex,
        key: &[Datum],
        tid: Tid,
        insert: bool,
    ) -> PgResult<()> {
        let my_xid = rt.cx.txn.xid;
        loop {
            rt.cx.interrupts.check()?;
            let mut wait = None;
            {
                let _g = unique_lock(ix.desc.file)
                    .lock()
                    .unwrap_or_else(|e| e.into_inner());
                for other in ix.tree.find_equal(key)? {
                    if other == tid {
                        continue;
                    }
                    match check_holder(rt.cx.storage, self.heap, other, rt.cx.tm, my_xid)? {
                        Holder::None => {}
                        Holder::Conflict => {
                            return Err(pg_err!(
                                UNIQUE_VIOLATION,
                                "duplicate key value violates unique constraint \"{}\"",
                                ix.desc.name
                            )
                            .with_detail(format!(
                                "Key {} already exists.",
                                ix.key_detail(rt.cx, key)
                            ))
                            .with_table(&self.table_schema, &self.table_name)
                            .with_constraint(&ix.desc.name));
                        }
                        Holder::Wait(x) => {
                            wait = Some(x);
                            break;
                        }
                    }
                }
                if wait.is_none() {
                    return if insert {
                        ix.tree.insert(key, tid)
                    } else {
                        Ok(())
                    };
                }
            }
            if let Some(x) = wait {
                rt.cx.tm.wait_for_as(my_xid, x, rt.cx.interrupts)?;
            }
        }
    }
}

/// What ON CONFLICT's arbiter probe found (`IndexSet::insert_unless_conflict`).
pub enum ArbiterProbe {
    /// No conflicting row: the new heap tuple was stored at this tid and its entries were
    /// added to the arbiter indexes.
    Inserted(Tid),
    /// Arbiter index number `index` holds a live row (committed, or this transaction's own)
    /// with an equal key at `tid`.
    Conflict { index: usize, tid: Tid },
}

impl IndexSet {
    /// INSERT ... ON CONFLICT's speculative insertion. PostgreSQL inserts speculatively and
    /// "super-deletes" the tuple when a racing inserter wins; here every backend is a thread
    /// of one process and unique checks already run under the per-index `UNIQUE_LOCKS`, so
    /// the probe of the arbiter indexes (`arbiters`: index number and key of the proposed
    /// row), the heap insertion (`insert`) and the arbiter entries' insertion happen while
    /// holding those locks: no other inserter can add an equal key in between, and no dead
    /// speculative tuple is ever left behind. A holder inserted or deleted by a transaction
    /// still running is waited for (locks released), then the probe starts over.
    pub fn insert_unless_conflict(
        &self,
        rt: &mut Runtime,
        arbiters: &[(usize, Vec<Datum>)],
        insert: &mut dyn FnMut(&mut Runtime) -> PgResult<Tid>,
    ) -> PgResult<ArbiterProbe> {
        let mut buckets: Vec<usize> = arbiters
            .iter()
            .filter_map(|(i, _)| self.indexes.get(*i))
            .map(|ix| unique_lock_slot(ix.desc.file))
            .collect();
        buckets.sort_unstable();
        buckets.dedup();
        loop {
            rt.cx.interrupts.check()?;
            let my_xid = rt.cx.txn.xid;
            let mut wait = None;
            {
                // Taken in slot order; other code holds at most one slot at a time.
                let _guards: Vec<_> = buckets
                    .iter()
                    .map(|&b| UNIQUE_LOCKS[b].lock().unwrap_or_else(|e| e.into_inner()))
                    .collect();
                'probe: for (i, key) in arbiters {
                    let Some(ix) = self.indexes.get(*i) else {
                        continue;
                    };
                    for other in ix.tree.find_equal(key)? {
                        match check_holder(rt.cx.storage, self.heap, other, rt.cx.tm, my_xid)? {
                            Holder::None => {}
                            Holder::Conflict => {
                                return Ok(ArbiterProbe::Conflict {
                                    index: *i,
                                    tid: other,
                                })
                            }
                            Holder::Wait(x) => {
                                wait = Some(x);
                                break 'probe;
                            }
                        }
                    }
                }
                if wait.is_none() {
                    let tid = insert(rt)?;
                    for (i, key) in arbiters {
                        if let Some(ix) = self.indexes.get(*i) {
                            ix.tree.insert(key, tid)?;
                        }
                    }
                    return Ok(ArbiterProbe::Inserted(tid));
                }
            }
            if let Some(x) = wait {
                rt.cx.tm.wait_for_as(my_xid, x, rt.cx.interrupts)?;
            }
        }
    }

    /// `insert_entries` for the new version (`new`, at `tid`) of an updated row whose old
    /// version held `old`. A unique index on plain columns whose key the update left unchanged
    /// needs no uniqueness check: the old version was live and row-locked by this transaction,
    /// so no other live or in-progress row can hold that key.
    pub fn insert_entries_update(
        &self,
        rt: &mut Runtime,
        old: &[Datum],
        new: &[Datum],
        tid: Tid,
    ) -> PgResult<()> {
        self.insert_entries_where(rt, new, tid, |_, ix| {
            let key_unchanged = ix.desc.plain()
                && ix.desc.pred.is_none()
                && ix.desc.keys.iter().all(|&k| {
                    let c = k as usize - 1;
                    matches!((old.get(c), new.get(c)), (Some(a), Some(b)) if a == b)
                });
            (true, !key_unchanged)
        })
    }

    /// `insert_entries` for every index whose number is not in `skip` (ON CONFLICT: the
    /// arbiter entries were added by `insert_unless_conflict`).
    pub fn insert_entries_except(
        &self,
        rt: &mut Runtime,
        values: &[Datum],
        tid: Tid,
        skip: &[usize],
    ) -> PgResult<()> {
        self.insert_entries_where(rt, values, tid, |i, _| (!skip.contains(&i), true))
    }
}

fn unique_lock_slot(rel: RelFileNode) -> usize {
    (rel.rel_node as usize ^ rel.db_node as usize) % UNIQUE_LOCKS.len()
}

/// CREATE INDEX / REINDEX: (re)build index `desc` of `table` from the table's rows visible
/// now to the caller's transaction. Unique indexes fail with 23505 on duplicates.
pub fn build_index(cx: &mut ExecContext, table: &RelationInfo, desc: &IndexDesc) -> PgResult<u64> {
    let ix = OpenIndex::new(cx, table, desc.clone())?;
    let mut snap = cx.tm.snapshot(cx.txn.xid, cx.txn.cid);
    snap.own_xids = cx.txn.snapshot.own_xids.clone();
    let mut scan = access::HeapScan::new(
        cx.storage.clone(),
        table.file,
        table.tuple_desc.clone(),
        snap,
        cx.tm.clone(),
    );
    // Plain column keys without a predicate need only the columns up to the last key column.
    if desc.pred.is_none() && desc.keys.iter().all(|&k| k > 0) {
        let last = desc.keys.iter().map(|&k| k as usize).max().unwrap_or(0);
        scan.set_attr_limit(last);
    }
    let ncols = table.columns.len();
    let mut entries: Vec<(Vec<Datum>, Tid)> = Vec::new();
    // Single integer ASC key (the usual primary key): collect compact (value, TID) pairs and
    // sort those instead of per-row Datum vectors.
    let int_key = IntKey::for_order(ix.tree.order());
    let mut compact = int_key.map(|_| CompactKeys::default());
    {
        let mut rt = Runtime::new(cx, &[]);
        while let Some(t) = scan.next_tuple()? {
            rt.cx.interrupts.check()?;
            let vals = &t.values[..ncols.min(t.values.len())];
            if let Some(k) = ix.key_of(&mut rt, vals, t.tid)? {
                if let (Some(c), Some(ik)) = (compact.as_mut(), int_key) {
                    if c.push(ik, &k, t.tid)? {
                        continue;
                    }
                    // Not a plain integer key after all: fall back to the general path.
                    if let Some(c) = compact.take() {
                        c.into_entries(ik, &mut entries)?;
                    }
                }
                entries
                    .try_reserve(1)
                    .map_err(|_| pg_err!(OUT_OF_MEMORY, "out of memory"))?;
                entries.push((k, t.tid));
            }
        }
    }
    if let (Some(c), Some(ik)) = (compact, int_key) {
        return c.build(cx, &ix, ik, table, desc);
    }
    let order = ix.tree.order().clone();
    entries.sort_by(|a, b| match order.compare_keys(&a.0, &b.0) {
        Ordering::Equal => a.1.cmp(&b.1),
        o => o,
    });
    if desc.unique {
        for w in entries.windows(2) {
            if !w[0].0.iter().any(|d| d.is_null())
                && order.compare_keys(&w[0].0, &w[1].0) == Ordering::Equal
            {
                return Err(pg_err!(
                    UNIQUE_VIOLATION,
                    "could not create unique index \"{}\"",
                    desc.name
                )
                .with_detail(format!("Key {} is duplicated.", ix.key_detail(cx, &w[0].0)))
                .with_table(&table.namespace_name, &table.name)
                .with_constraint(&desc.name));
            }
        }
    }
    ix.tree.build(entries.into_iter().map(Ok))
}

/// The one integer key column of an index eligible for the compact build path.
#[derive(Clone, Copy)]
struct IntKey {
    type_oid: common::Oid,
    nulls_first: bool,
}

impl IntKey {
    fn for_order(order: &KeyOrder) -> Option<IntKey> {
        match order.cols.as_slice() {
            [c] if !c.descending
                && matches!(
                    c.type_oid,
                    types::oids::INT2 | types::oids::INT4 | types::oids::INT8
                ) =>
            {
                Some(IntKey {
                    type_oid: c.type_oid,
                    nulls_first: c.nulls_first,
                })
            }
            _ => None,
        }
    }

    fn value(self, d: &Datum) -> Option<i64> {
        match (self.type_oid, d) {
            (types::oids::INT2, Datum::Int2(v)) => Some(i64::from(*v)),
            (types::oids::INT4, Datum::Int4(v)) => Some(i64::from(*v)),
            (types::oids::INT8, Datum::Int8(v)) => Some(*v),
            _ => None,
        }
    }

    fn datum(self, v: i64) -> Datum {
        // Values came from `value` for this same type, so they fit.
        match self.type_oid {
            types::oids::INT2 => Datum::Int2(v as i16),
            types::oids::INT4 => Datum::Int4(v as i32),
            _ => Datum::Int8(v),
        }
    }
}

/// Index build entries of a single integer key column, kept compact for sorting.
#[derive(Default)]
struct CompactKeys {
    vals: Vec<(i64, Tid)>,
    nulls: Vec<Tid>,
}

impl CompactKeys {
    /// Add an entry; false if `key` is not a single value of the key type.
    fn push(&mut self, ik: IntKey, key: &[Datum], tid: Tid) -> PgResult<bool> {
        let oom = || pg_err!(OUT_OF_MEMORY, "out of memory");
        match key {
            [Datum::Null] => {
                self.nulls.try_reserve(1).map_err(|_| oom())?;
                self.nulls.push(tid);
                Ok(true)
            }
            [d] => match ik.value(d) {
                Some(v) => {
                    self.vals.try_reserve(1).map_err(|_| oom())?;
                    self.vals.push((v, tid));
                    Ok(true)
                }
                None => Ok(false),
            },
            _ => Ok(false),
        }
    }

    fn into_entries(self, ik: IntKey, out: &mut Vec<(Vec<Datum>, Tid)>) -> PgResult<()> {
        out.try_reserve(self.vals.len() + self.nulls.len())
            .map_err(|_| pg_err!(OUT_OF_MEMORY, "out of memory"))?;
        out.extend(self.vals.into_iter().map(|(v, t)| (vec![ik.datum(v)], t)));
        out.extend(self.nulls.into_iter().map(|t| (vec![Datum::Null], t)));
        Ok(())
    }

    /// Sort, check uniqueness and bulk-load the tree.
    fn build(
        mut self,
        cx: &ExecContext,
        ix: &OpenIndex,
        ik: IntKey,
        table: &RelationInfo,
        desc: &IndexDesc,
    ) -> PgResult<u64> {
        cx.interrupts.check()?;
        self.vals.sort_unstable();
        self.nulls.sort_unstable();
        self.vals.dedup();
        self.nulls.dedup();
        if desc.unique {
            if let Some(w) = self.vals.windows(2).find(|w| w[0].0 == w[1].0) {
                let key = [ik.datum(w[0].0)];
                return Err(pg_err!(
                    UNIQUE_VIOLATION,
                    "could not create unique index \"{}\"",
                    desc.name
                )
                .with_detail(format!("Key {} is duplicated.", ix.key_detail(cx, &key)))
                .with_table(&table.namespace_name, &table.name)
                .with_constraint(&desc.name));
            }
        }
        cx.interrupts.check()?;
        let vals = self.vals.into_iter().map(|(v, t)| Ok(([ik.datum(v)], t)));
        let nulls = self.nulls.into_iter().map(|t| Ok(([Datum::Null], t)));
        if ik.nulls_first {
            ix.tree.build_sorted(nulls.chain(vals))
        } else {
            ix.tree.build_sorted(vals.chain(nulls))
        }
    }
}

/// HeapTupleSatisfiesVacuum, simplified (same rules as the heap's vacuum): is the tuple at
/// `tid` gone or dead to every transaction?
fn heap_tuple_dead(
    storage: &Storage,
    heap: RelFileNode,
    tid: Tid,
    oldest_xmin: Xid,
    tm: &TransactionManager,
) -> bool {
    let h = match access::heap_get_header(storage, heap, tid) {
        Ok(Some(h)) => h,
        Ok(None) => return true,
        Err(_) => return false,
    };
    let xmin = xid_status(
        tm,
        h.xmin,
        h.infomask & HEAP_XMIN_COMMITTED != 0,
        h.infomask & (HEAP_XMIN_COMMITTED | HEAP_XMIN_INVALID) == HEAP_XMIN_INVALID,
    );
    match xmin {
        XidStatus::Aborted => return true,
        XidStatus::InProgress => return false,
        XidStatus::Committed => {}
    }
    if h.xmax_is_invalid_or_lock() {
        return false;
    }
    let committed =
        h.infomask & HEAP_XMAX_COMMITTED != 0 || tm.status(h.xmax) == XidStatus::Committed;
    committed && h.xmax < oldest_xmin
}

/// VACUUM: remove the entries of `table`'s indexes that point to heap tuples dead to every
/// transaction (as of `oldest_xmin`); run before the heap's vacuum. Returns entries removed.
pub fn vacuum_indexes(
    storage: &Arc<Storage>,
    tm: &TransactionManager,
    table: &RelationInfo,
    indexes: &[IndexDesc],
    oldest_xmin: Xid,
) -> PgResult<u64> {
    let mut n = 0;
    for d in indexes {
        let tree = open_btree(storage, d);
        let heap = table.file;
        n += tree.bulk_delete(&|tid| heap_tuple_dead(storage, heap, tid, oldest_xmin, tm))?;
    }
    Ok(n)
}

/// pg_get_indexdef's column list and WHERE clause for index `oid`: `cols` (the plain column
/// names the caller computed) are replaced by the index's key columns with expressions,
/// DESC and NULLS FIRST/LAST as PostgreSQL prints them. Returns the inputs unchanged if the
/// index is unknown.
pub fn indexdef_columns(
    rt: &mut Runtime,
    oid: common::Oid,
    cols: Vec<String>,
) -> PgResult<(Vec<String>, Option<String>, &'static str)> {
    let ccx = rt.catalog_cx();
    let Some(d) = rt.cx.catalog.index_by_oid(&ccx, oid)? else {
        return Ok((cols, None, "btree"));
    };
    let table = rt.cx.catalog.relation_by_oid(&ccx, d.table_oid)?;
    let exprs = d.exprs.as_deref().map(split_exprs).unwrap_or_default();
    let mut out = Vec::with_capacity(d.keys.len());
    let mut ei = 0;
    for (i, &k) in d.keys.iter().enumerate() {
        let mut s = if k > 0 {
            table
                .as_ref()
                .and_then(|t| t.columns.get(k as usize - 1))
                .map(|c| catalog::ddl::quote_identifier(&c.name))
                .or_else(|| cols.get(i).cloned())
                .unwrap_or_default()
        } else {
            let e = exprs.get(ei).cloned().unwrap_or_default();
            ei += 1;
            let mut inner = e.trim();
            while inner.starts_with('(') && inner.ends_with(')') && balanced_outer(inner) {
                inner = &inner[1..inner.len() - 1];
            }
            if is_function_call(inner) {
                inner.to_string()
            } else {
                format!("({inner})")
            }
        };
        let (desc, nf) = (d.descending(i), d.nulls_first(i));
        if desc {
            s.push_str(" DESC");
            if !nf {
                s.push_str(" NULLS LAST");
            }
        } else if nf {
            s.push_str(" NULLS FIRST");
        }
        out.push(s);
    }
    // PostgreSQL prints the predicate without enclosing parentheses.
    let pred = d.pred.as_ref().map(|p| {
        let mut p = p.trim();
        while p.starts_with('(') && p.ends_with(')') && balanced_outer(p) {
            p = &p[1..p.len() - 1];
        }
        p.to_string()
    });
    Ok((out, pred, catalog::index::am_name(d.am)))
}

/// True if the whole of `s` is wrapped by one pair of matching parentheses.
fn balanced_outer(s: &str) -> bool {
    let mut depth = 0i32;
    for (i, ch) in s.char_indices() {
        match ch {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 && i + 1 < s.len() {
                    return false;
                }
            }
            _ => {}
        }
    }
    true
}

/// `name(...)` with the parentheses closing at the end.
fn is_function_call(s: &str) -> bool {
    let head: String = s
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '.')
        .collect();
    !head.is_empty()
        && !head.starts_with(|c: char| c.is_ascii_digit())
        && balanced_outer(&s[head.len()..])
        && s[head.len()..].starts_with('(')
        && s.ends_with(')')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_index_expressions() {
        assert_eq!(
            split_exprs("(lower(a)), (b + 1), ('x,y')"),
            vec!["(lower(a))", "(b + 1)", "('x,y')"]
        );
        assert_eq!(unparen("(lower(a))"), "lower(a)");
        assert!(split_exprs("").is_empty());
    }

    #[test]
    fn indexdef_helpers() {
        assert!(is_function_call("lower(a)"));
        assert!(!is_function_call("lower(a) || upper(b)"));
        assert!(!is_function_call("a + 1"));
        assert!(balanced_outer("(a + (b))"));
        assert!(!balanced_outer("(a) + (b)"));
    }
}
