//! The IndexScan plan node: evaluates the scan's bound values once, walks the B-tree between
//! the bounds (in index order, or reversed), fetches each entry's heap tuple with the
//! statement snapshot's visibility check and re-checks the full qual. If the index has been
//! dropped since the plan was made, it falls back to a sequential scan with the same qual.

use crate::nodes::{Node, Row};
use crate::Runtime;
use access::btree::BTreeScan;
use access::HeapScan;
use analyzer::expr::Expr;
use catalog::index::IndexDesc;
use catalog::RelationInfo;
use common::PgResult;
use planner::index_paths::ScanBounds;
use std::sync::Arc;
use types::Datum;

enum State {
    Start,
    Index(BTreeScan),
    Heap(HeapScan),
    Done,
}

pub struct IndexScanNode<'p> {
    pub rel: &'p RelationInfo,
    pub index: &'p Arc<IndexDesc>,
    pub offset: usize,
    pub width: usize,
    pub qual: Option<&'p Expr>,
    pub bounds: &'p ScanBounds,
    pub backward: bool,
    /// The row bound expressions are evaluated against (the outer row of an index nested
    /// loop; empty for a plain scan).
    pub param_row: Row,
    state: State,
}

impl<'p> IndexScanNode<'p> {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        rel: &'p RelationInfo,
        index: &'p Arc<IndexDesc>,
        offset: usize,
        width: usize,
        qual: Option<&'p Expr>,
        bounds: &'p ScanBounds,
        backward: bool,
    ) -> Self {
        IndexScanNode {
            rel,
            index,
            offset,
            width,
            qual,
            bounds,
            backward,
            param_row: Vec::new(),
            state: State::Start,
        }
    }

    fn start(&mut self, rt: &mut Runtime) -> PgResult<State> {
        let st = rt.cx.storage;
        if !st.relation_exists(self.index.file) {
            return Ok(State::Heap(HeapScan::new(
                st.clone(),
                self.rel.file,
                self.rel.tuple_desc.clone(),
                rt.cx.txn.snapshot.clone(),
                rt.cx.tm.clone(),
            )));
        }
        // Plain bounds give one key range (`= ANY` bounds run through the index-only scan
        // node, which walks several); none when a bound value is NULL.
        let ranges =
            crate::index_only_scan::key_ranges(rt, self.index, self.bounds, &self.param_row)?;
        let Some(range) = ranges.first() else {
            return Ok(State::Done);
        };
        let scan = crate::index_only_scan::scan_range(rt, self.index, range, self.backward)?;
        Ok(State::Index(scan))
    }

    fn make_row(&self, values: Vec<Datum>, tid: access::ItemPointer) -> Row {
        let n = self.rel.columns.len();
        let mut row = vec![Datum::Null; self.width];
        for (i, v) in values.into_iter().enumerate().take(n + 1) {
            let slot = if i < n {
                self.offset + i
            } else {
                self.offset + n + 1
            };
            if let Some(s) = row.get_mut(slot) {
                *s = v;
            }
        }
        if let Some(slot) = row.get_mut(self.offset + n) {
            *slot = analyzer::analyze::tid_to_datum(tid.block, tid.offset);
        }
        row
    }
}

impl Node for IndexScanNode<'_> {
    fn next(&mut self, rt: &mut Runtime) -> PgResult<Option<Row>> {
        if matches!(self.state, State::Start) {
            self.state = self.start(rt)?;
        }
        loop {
            rt.cx.interrupts.check()?;
            let (values, tid) = match &mut self.state {
                State::Start | State::Done => return Ok(None),
                State::Heap(h) => match h.next_tuple()? {
                    Some(t) => (t.values, t.tid),
                    None => return Ok(None),
                },
                State::Index(s) => {
                    let Some((key, tid)) = s.next()? else {
                        self.state = State::Done;
                        return Ok(None);
                    };
                    match access::heap_fetch(
                        rt.cx.storage,
                        self.rel.file,
                        &self.rel.tuple_desc,
                        tid,
                        &rt.cx.txn.snapshot,
                        rt.cx.tm,
                    )? {
                        Some(t) => (t.values, tid),
                        None => {
                            // A row version no one can see any more: drop its index entry so
                            // later scans don't visit it (PostgreSQL's killed index tuples).
                            // Locks: the leaf, then the heap page (VACUUM's order).
                            let tree = s.tree().clone();
                            let horizon = rt.cx.tm.oldest_xmin();
                            let (st, file, tm) = (rt.cx.storage, self.rel.file, rt.cx.tm);
                            tree.remove_entry_if(&key, tid, || {
                                access::heap_dead_to_all(st, file, tid, tm, horizon)
                            })?;
                            continue;
                        }
                    }
                }
            };
            let row = self.make_row(values, tid);
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

/// The planner's view of the catalog and storage for index paths.
struct PlanCatalog<'x, 'a> {
    cx: &'x crate::ExecContext<'a>,
}

impl planner::index_paths::IndexCatalog for PlanCatalog<'_, '_> {
    fn indexes(&mut self, rel: &RelationInfo) -> Vec<Arc<IndexDesc>> {
        let ccx = crate::catalog_cx(self.cx);
        match self.cx.catalog.relation_index_list(&ccx, rel.oid) {
            Ok(v) => v
                .iter()
                .filter(|d| {
                    d.am == catalog::index::BTREE_AM_OID && self.cx.storage.relation_exists(d.file)
                })
                .cloned()
                .collect(),
            Err(_) => Vec::new(),
        }
    }

    fn size(&mut self, rel: &RelationInfo) -> (f64, f64) {
        let pages = self.cx.storage.nblocks(rel.file).unwrap_or(0) as f64;
        // Without statistics, the file's current size (at least one page).
        let pages = pages.max(1.0);
        let width: f64 = rel
            .tuple_desc
            .attrs
            .iter()
            .map(|a| if a.len > 0 { a.len as f64 } else { 32.0 })
            .sum::<f64>()
            + 28.0;
        (pages, (pages * 8168.0 / width).floor())
    }

    fn column_stats(
        &mut self,
        rel: &RelationInfo,
        attnum: i16,
    ) -> Option<Arc<catalog::stats::ColumnStats>> {
        let ccx = crate::catalog_cx(self.cx);
        let all = self.cx.catalog.relation_stats(&ccx, rel.oid).ok()?;
        crate::index_only_scan::shared_column_stats(&all, attnum)
    }

    fn all_visible_frac(&mut self, rel: &RelationInfo) -> f64 {
        let n = self.cx.storage.nblocks(rel.file).unwrap_or(0);
        if n == 0 {
            return 0.0;
        }
        access::visibility_map::count_all_visible(self.cx.storage, rel.file, n) as f64 / n as f64
    }

    fn index_pages(&mut self, idx: &IndexDesc, tuples: f64) -> f64 {
        match self.cx.storage.nblocks(idx.file) {
            Ok(n) if n > 1 => (n - 1) as f64,
            _ => planner::scan_paths::estimate_index_pages(idx, tuples),
        }
    }
}

fn setting_on(cx: &crate::ExecContext, name: &str) -> bool {
    cx.gucs.get_bool(name).unwrap_or(true)
}

/// Use index scans in a freshly planned statement where the cost rules say so.
pub fn plan_indexes(p: &mut planner::PlannedStmt, cx: &crate::ExecContext) {
    let s = planner::index_paths::IndexSettings {
        enable_indexscan: setting_on(cx, "enable_indexscan"),
        enable_seqscan: setting_on(cx, "enable_seqscan"),
        enable_sort: setting_on(cx, "enable_sort"),
        enable_nestloop: setting_on(cx, "enable_nestloop"),
        enable_hashjoin: setting_on(cx, "enable_hashjoin"),
        enable_indexonlyscan: setting_on(cx, "enable_indexonlyscan"),
        enable_bitmapscan: setting_on(cx, "enable_bitmapscan"),
    };
    let mut cat = PlanCatalog { cx };
    planner::index_paths::use_indexes(p, &mut cat, s);
}

/// INNER/LEFT nested loop probing an index of the inner table once per outer row.
pub struct IndexNestLoopNode<'p> {
    pub kind: parser::ast::JoinKind,
    pub left: Box<dyn Node + 'p>,
    pub right: &'p planner::Plan,
    pub left_keys: &'p [Expr],
    pub right_keys: &'p [Expr],
    pub qual: Option<&'p Expr>,
    pub right_slots: &'p [(usize, usize)],
    pub cur: Option<(Row, IndexScanNode<'p>, bool)>,
}

impl<'p> IndexNestLoopNode<'p> {
    fn inner(&self, left: &Row) -> PgResult<IndexScanNode<'p>> {
        match self.right {
            planner::Plan::IndexScan {
                rel,
                index,
                offset,
                width,
                qual,
                bounds,
                backward,
                ..
            } => {
                let mut n = IndexScanNode::new(
                    rel,
                    index,
                    *offset,
                    *width,
                    qual.as_ref(),
                    bounds,
                    *backward,
                );
                n.param_row = left.clone();
                Ok(n)
            }
            _ => Err(common::PgError::internal(
                "index nested loop without index scan",
            )),
        }
    }
}

impl Node for IndexNestLoopNode<'_> {
    fn next(&mut self, rt: &mut Runtime) -> PgResult<Option<Row>> {
        loop {
            rt.cx.interrupts.check()?;
            if self.cur.is_none() {
                let Some(l) = self.left.next(rt)? else {
                    return Ok(None);
                };
                let scan = self.inner(&l)?;
                self.cur = Some((l, scan, false));
            }
            let Some((l, scan, matched)) = &mut self.cur else {
                continue;
            };
            match scan.next(rt)? {
                Some(r) => {
                    let mut row = l.clone();
                    for &(a, b) in self.right_slots {
                        if b <= row.len() && b <= r.len() {
                            row[a..b].clone_from_slice(&r[a..b]);
                        }
                    }
                    let mut ok = true;
                    for (lk, rk) in self.left_keys.iter().zip(self.right_keys) {
                        let a = crate::nodes::join_key_value(rt.eval(lk, &row)?);
                        let b = crate::nodes::join_key_value(rt.eval(rk, &row)?);
                        if a.is_null()
                            || b.is_null()
                            || types::compare::compare(&a, &b) != std::cmp::Ordering::Equal
                        {
                            ok = false;
                            break;
                        }
                    }
                    if ok {
                        if let Some(q) = self.qual {
                            ok = rt.eval_bool(q, &row)?;
                        }
                    }
                    if ok {
                        *matched = true;
                        return Ok(Some(row));
                    }
                }
                None => {
                    let (l, _, matched) = self.cur.take().ok_or_else(|| {
                        common::PgError::internal("index nested loop lost its outer row")
                    })?;
                    if !matched && self.kind == parser::ast::JoinKind::Left {
                        return Ok(Some(l));
                    }
                }
            }
        }
    }
}
