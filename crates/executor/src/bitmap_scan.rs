//! The BitmapHeapScan plan node: evaluates its bitmap tree (Bitmap Index Scans over B-tree
//! key ranges, BitmapAnd = intersection, BitmapOr = union) into an ordered TID set, then
//! fetches those heap tuples in physical order with the snapshot's visibility check and
//! re-checks the full qual on each (bitmaps are exact, but bounds may be looser than the
//! conditions). If an index has been dropped since planning, it scans the heap instead.

use crate::index_only_scan::{key_ranges, scan_range};
use crate::nodes::{Node, Row};
use crate::Runtime;
use access::ItemPointer;
use analyzer::expr::Expr;
use catalog::RelationInfo;
use common::PgResult;
use planner::bitmap::BitmapQual;
use std::collections::BTreeSet;
use types::Datum;

/// Evaluate a bitmap tree to the set of TIDs it selects.
pub fn eval_bitmap(rt: &mut Runtime, b: &BitmapQual) -> PgResult<BTreeSet<ItemPointer>> {
    match b {
        BitmapQual::Index { index, bounds, .. } => {
            let mut out = BTreeSet::new();
            for r in key_ranges(rt, index, bounds, &Vec::new())? {
                let mut s = scan_range(rt, index, &r, false)?;
                while let Some((_, tid)) = s.next()? {
                    rt.cx.interrupts.check()?;
                    out.insert(tid);
                }
            }
            if crate::instrument::is_active() {
                let n = out.len() as u64;
                planner::scan_stats::add(b as *const BitmapQual as usize, |c| c.tids += n);
            }
            Ok(out)
        }
        BitmapQual::And(v) => {
            let mut acc: Option<BTreeSet<ItemPointer>> = None;
            for c in v {
                let s = eval_bitmap(rt, c)?;
                acc = Some(match acc {
                    None => s,
                    Some(a) => a.intersection(&s).copied().collect(),
                });
                if acc.as_ref().is_some_and(|a| a.is_empty()) {
                    break;
                }
            }
            Ok(acc.unwrap_or_default())
        }
        BitmapQual::Or(v) => {
            let mut acc = BTreeSet::new();
            for c in v {
                let mut s = eval_bitmap(rt, c)?;
                acc.append(&mut s);
            }
            Ok(acc)
        }
    }
}

enum State {
    Start,
    Tids(std::collections::btree_set::IntoIter<ItemPointer>),
    Heap(access::HeapScan),
}

pub struct BitmapHeapScanNode<'p> {
    pub plan: &'p planner::Plan,
    pub rel: &'p RelationInfo,
    pub offset: usize,
    pub width: usize,
    pub qual: Option<&'p Expr>,
    pub bitmap: &'p BitmapQual,
    state: State,
    last_block: Option<u32>,
}

impl<'p> BitmapHeapScanNode<'p> {
    pub fn new(
        plan: &'p planner::Plan,
        rel: &'p RelationInfo,
        offset: usize,
        width: usize,
        qual: Option<&'p Expr>,
        bitmap: &'p BitmapQual,
    ) -> Self {
        BitmapHeapScanNode {
            plan,
            rel,
            offset,
            width,
            qual,
            bitmap,
            state: State::Start,
            last_block: None,
        }
    }

    fn row(&self, values: Vec<Datum>, tid: ItemPointer) -> Row {
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

impl Node for BitmapHeapScanNode<'_> {
    fn next(&mut self, rt: &mut Runtime) -> PgResult<Option<Row>> {
        if matches!(self.state, State::Start) {
            let st = rt.cx.storage;
            let all_exist = self
                .bitmap
                .indexes()
                .iter()
                .all(|i| st.relation_exists(i.file));
            self.state = if all_exist {
                State::Tids(eval_bitmap(rt, self.bitmap)?.into_iter())
            } else {
                State::Heap(access::HeapScan::new(
                    st.clone(),
                    self.rel.file,
                    self.rel.tuple_desc.clone(),
                    rt.cx.txn.snapshot.clone(),
                    rt.cx.tm.clone(),
                ))
            };
        }
        loop {
            rt.cx.interrupts.check()?;
            let row = match &mut self.state {
                State::Start => return Ok(None),
                State::Heap(h) => match h.next_tuple()? {
                    Some(t) => self.row(t.values, t.tid),
                    None => return Ok(None),
                },
                State::Tids(it) => {
                    let Some(tid) = it.next() else {
                        return Ok(None);
                    };
                    if self.last_block != Some(tid.block) {
                        self.last_block = Some(tid.block);
                        if crate::instrument::is_active() {
                            planner::scan_stats::add(planner::scan_stats::key(self.plan), |c| {
                                c.exact_blocks += 1
                            });
                        }
                    }
                    match access::heap_fetch(
                        rt.cx.storage,
                        self.rel.file,
                        &self.rel.tuple_desc,
                        tid,
                        &rt.cx.txn.snapshot,
                        rt.cx.tm,
                    )? {
                        Some(t) => self.row(t.values, tid),
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
