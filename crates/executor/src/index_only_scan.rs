//! The IndexOnlyScan plan node, and the B-tree key ranges of scan bounds shared with bitmap
//! index scans (`key_ranges`: the equality prefix, an optional `= ANY (array)` column — one
//! range per distinct element, in index order — and a range or IS NULL on the next column).
//! An index-only scan builds each row from the index entry's key values; the heap tuple is
//! only fetched (to check its visibility to the snapshot) when the visibility map does not
//! mark its page all-visible ("Heap Fetches" in EXPLAIN ANALYZE).

use crate::nodes::{Node, Row};
use crate::Runtime;
use access::btree::BTreeScan;
use analyzer::expr::Expr;
use catalog::index::IndexDesc;
use catalog::RelationInfo;
use common::PgResult;
use planner::index_paths::ScanBounds;
use std::ops::Bound;
use std::sync::Arc;
use types::Datum;

/// One column's statistics out of a relation's cached list, shared (per thread) so that
/// planning does not copy histograms and MCV lists on every statement.
pub fn shared_column_stats(
    all: &Arc<Vec<catalog::stats::ColumnStats>>,
    attnum: i16,
) -> Option<Arc<catalog::stats::ColumnStats>> {
    type Stats = catalog::stats::ColumnStats;
    // The list itself is kept in the entry, so its address can't be reused while cached.
    type Cache = std::collections::HashMap<(usize, i16), (Arc<Vec<Stats>>, Arc<Stats>)>;
    thread_local! {
        static CACHE: std::cell::RefCell<Cache> = Default::default();
    }
    let list = Arc::as_ptr(all) as usize;
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if let Some((_, s)) = c.get(&(list, attnum)) {
            return Some(s.clone());
        }
        let s = Arc::new(
            all.iter()
                .find(|s| s.attnum == attnum && !s.inherited)?
                .clone(),
        );
        // Bounded: the cached lists change with ANALYZE; start over now and then.
        if c.len() >= 256 {
            c.clear();
        }
        c.insert((list, attnum), (all.clone(), s.clone()));
        Some(s)
    })
}

/// A key range of a B-tree scan, in index order.
pub type KeyRange = (Bound<Vec<Datum>>, Bound<Vec<Datum>>);

/// The key ranges `b` selects in `index` (evaluated against `param_row`); empty when a bound
/// value is NULL (nothing can match).
pub fn key_ranges(
    rt: &mut Runtime,
    index: &IndexDesc,
    b: &ScanBounds,
    param_row: &Row,
) -> PgResult<Vec<KeyRange>> {
    let mut prefix = Vec::with_capacity(b.eq.len() + 1);
    for e in &b.eq {
        let v = rt.eval(e, param_row)?;
        if v.is_null() {
            return Ok(Vec::new());
        }
        prefix.push(v);
    }
    if let Some(a) = &b.any {
        let arr = match rt.eval(a, param_row)? {
            Datum::Array(a) => a,
            _ => return Ok(Vec::new()),
        };
        let mut elems: Vec<Datum> = arr.elems.iter().filter(|d| !d.is_null()).cloned().collect();
        elems.sort_by(types::compare::compare);
        elems.dedup_by(|x, y| types::compare::compare(x, y) == std::cmp::Ordering::Equal);
        if index.descending(prefix.len()) {
            elems.reverse();
        }
        let mut out = Vec::with_capacity(elems.len());
        for el in elems {
            let mut k = prefix.clone();
            k.push(el);
            out.push((Bound::Included(k.clone()), Bound::Included(k)));
        }
        return Ok(out);
    }
    let eval_bound =
        |rt: &mut Runtime, x: &Option<(Expr, bool)>| -> PgResult<Option<Option<(Datum, bool)>>> {
            match x {
                None => Ok(Some(None)),
                Some((e, incl)) => {
                    let v = rt.eval(e, param_row)?;
                    if v.is_null() {
                        Ok(None)
                    } else {
                        Ok(Some(Some((v, *incl))))
                    }
                }
            }
        };
    let Some(vlo) = eval_bound(rt, &b.lower)? else {
        return Ok(Vec::new());
    };
    let Some(vhi) = eval_bound(rt, &b.upper)? else {
        return Ok(Vec::new());
    };
    let m = prefix.len();
    let (lo, hi) = if b.is_null {
        (Some((Datum::Null, true)), Some((Datum::Null, true)))
    } else if index.descending(m) {
        (vhi, vlo)
    } else {
        (vlo, vhi)
    };
    let mk = |x: Option<(Datum, bool)>| -> Bound<Vec<Datum>> {
        match x {
            Some((v, incl)) => {
                let mut k = prefix.clone();
                k.push(v);
                if incl {
                    Bound::Included(k)
                } else {
                    Bound::Excluded(k)
                }
            }
            None if prefix.is_empty() => Bound::Unbounded,
            None => Bound::Included(prefix.clone()),
        }
    };
    Ok(vec![(mk(lo), mk(hi))])
}

/// Start a B-tree scan of one key range.
pub fn scan_range(
    rt: &mut Runtime,
    index: &IndexDesc,
    r: &KeyRange,
    backward: bool,
) -> PgResult<BTreeScan> {
    let tree = crate::index_maint::open_btree(rt.cx.storage, index);
    tree.scan(bound_ref(&r.0), bound_ref(&r.1), backward)
}

fn bound_ref(b: &Bound<Vec<Datum>>) -> Bound<&[Datum]> {
    match b {
        Bound::Included(k) => Bound::Included(k.as_slice()),
        Bound::Excluded(k) => Bound::Excluded(k.as_slice()),
        Bound::Unbounded => Bound::Unbounded,
    }
}

/// Index-only scan (also serves plain index scans with `= ANY` bounds when `only` is false).
pub struct IndexOnlyScanNode<'p> {
    pub plan: &'p planner::Plan,
    pub rel: &'p RelationInfo,
    pub index: &'p Arc<IndexDesc>,
    pub offset: usize,
    pub width: usize,
    pub qual: Option<&'p Expr>,
    pub bounds: &'p ScanBounds,
    pub backward: bool,
    /// Build rows from the index keys on all-visible pages.
    pub only: bool,
    started: bool,
    ranges: Vec<KeyRange>,
    next_range: usize,
    cur: Option<BTreeScan>,
    fallback: Option<access::HeapScan>,
}

impl<'p> IndexOnlyScanNode<'p> {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        plan: &'p planner::Plan,
        rel: &'p RelationInfo,
        index: &'p Arc<IndexDesc>,
        offset: usize,
        width: usize,
        qual: Option<&'p Expr>,
        bounds: &'p ScanBounds,
        backward: bool,
        only: bool,
    ) -> Self {
        IndexOnlyScanNode {
            plan,
            rel,
            index,
            offset,
            width,
            qual,
            bounds,
            backward,
            only,
            started: false,
            ranges: Vec::new(),
            next_range: 0,
            cur: None,
            fallback: None,
        }
    }

    fn start(&mut self, rt: &mut Runtime) -> PgResult<()> {
        self.started = true;
        let st = rt.cx.storage;
        if !st.relation_exists(self.index.file) {
            self.fallback = Some(access::HeapScan::new(
                st.clone(),
                self.rel.file,
                self.rel.tuple_desc.clone(),
                rt.cx.txn.snapshot.clone(),
                rt.cx.tm.clone(),
            ));
            return Ok(());
        }
        self.ranges = key_ranges(rt, self.index, self.bounds, &Vec::new())?;
        if self.backward {
            self.ranges.reverse();
        }
        Ok(())
    }

    /// The flat row from the heap tuple's values.
    fn heap_row(&self, values: Vec<Datum>, tid: access::ItemPointer) -> Row {
        let n = self.rel.columns.len();
        let mut row = vec![Datum::Null; self.width];
        for (i, v) in values.into_iter().enumerate().take(n) {
            if let Some(s) = row.get_mut(self.offset + i) {
                *s = v;
            }
        }
        if let Some(slot) = row.get_mut(self.offset + n) {
            *slot = analyzer::analyze::tid_to_datum(tid.block, tid.offset);
        }
        row
    }

    /// The flat row from the index entry's key values.
    fn key_row(&self, key: Vec<Datum>) -> Row {
        let mut row = vec![Datum::Null; self.width];
        for (i, v) in key.into_iter().enumerate() {
            let Some(&k) = self.index.keys.get(i) else {
                break;
            };
            if k > 0 {
                if let Some(s) = row.get_mut(self.offset + k as usize - 1) {
                    *s = v;
                }
            }
        }
        row
    }

    fn next_entry(
        &mut self,
        rt: &mut Runtime,
    ) -> PgResult<Option<(Vec<Datum>, access::ItemPointer)>> {
        loop {
            if let Some(s) = &mut self.cur {
                if let Some(e) = s.next()? {
                    return Ok(Some(e));
                }
                self.cur = None;
            }
            let Some(r) = self.ranges.get(self.next_range) else {
                return Ok(None);
            };
            let r = r.clone();
            self.next_range += 1;
            self.cur = Some(scan_range(rt, self.index, &r, self.backward)?);
        }
    }
}

impl Node for IndexOnlyScanNode<'_> {
    fn next(&mut self, rt: &mut Runtime) -> PgResult<Option<Row>> {
        if !self.started {
            self.start(rt)?;
        }
        loop {
            rt.cx.interrupts.check()?;
            let row = if let Some(h) = &mut self.fallback {
                match h.next_tuple()? {
                    Some(t) => self.heap_row(t.values, t.tid),
                    None => return Ok(None),
                }
            } else {
                let Some((key, tid)) = self.next_entry(rt)? else {
                    return Ok(None);
                };
                let visible_page = self.only
                    && access::visibility_map::is_all_visible(
                        rt.cx.storage,
                        self.rel.file,
                        tid.block,
                    );
                if visible_page {
                    self.key_row(key)
                } else {
                    if self.only && crate::instrument::is_active() {
                        planner::scan_stats::add(planner::scan_stats::key(self.plan), |c| {
                            c.heap_fetches += 1
                        });
                    }
                    match access::heap_fetch(
                        rt.cx.storage,
                        self.rel.file,
                        &self.rel.tuple_desc,
                        tid,
                        &rt.cx.txn.snapshot,
                        rt.cx.tm,
                    )? {
                        Some(t) if self.only => {
                            let _ = t;
                            self.key_row(key)
                        }
                        Some(t) => self.heap_row(t.values, tid),
                        None => continue,
                    }
                }
            };
            let ok = match self.qual {
                None => true,
                Some(q) => rt.eval_bool(q, &row)?,
            };
            if ok {
                return Ok(Some(row));
            }
        }
    }
}
