//! Cost-based choice of a table's scan: Seq Scan, Index Scan, Index Only Scan or Bitmap Heap
//! Scan (over one index, or a BitmapAnd / BitmapOr tree), with PostgreSQL's cost formulas
//! (cost_seqscan; btcostestimate + cost_index with the Mackert-Lohman page-fetch estimate and
//! the index correlation; cost_bitmap_heap_scan) over selectivities from ANALYZE statistics,
//! and the enable_* switches as PostgreSQL applies them (disable_cost added, not removed).

use crate::bitmap::BitmapQual;
use crate::cost::{self, CostParams};
use crate::index_paths::ScanBounds;
use analyzer::expr::{Expr, ExprKind};
use catalog::index::IndexDesc;
use catalog::stats::ColumnStats;
use catalog::RelationInfo;
use std::collections::HashSet;
use std::sync::Arc;

/// PostgreSQL's disable_cost.
pub const DISABLE_COST: f64 = 1.0e10;

/// effective_cache_size default (4GB) in pages.
const EFFECTIVE_CACHE_PAGES: f64 = 524_288.0;

/// The enable_* switches that matter for a scan.
#[derive(Clone, Copy, Debug)]
pub struct ScanSettings {
    pub seqscan: bool,
    pub indexscan: bool,
    pub indexonlyscan: bool,
    pub bitmapscan: bool,
}

impl Default for ScanSettings {
    fn default() -> Self {
        ScanSettings {
            seqscan: true,
            indexscan: true,
            indexonlyscan: true,
            bitmapscan: true,
        }
    }
}

/// What the choice needs to know about one table scan.
pub struct ScanInput<'a> {
    pub rel: &'a RelationInfo,
    pub offset: usize,
    /// The scan's qual, split into conjuncts.
    pub conj: &'a [Expr],
    pub indexes: &'a [Arc<IndexDesc>],
    /// Heap pages and tuples (estimated).
    pub pages: f64,
    pub tuples: f64,
    /// Fraction of heap pages the visibility map marks all-visible (relallvisible/relpages).
    pub allvisfrac: f64,
    /// ANALYZE statistics of a column (by attnum).
    pub stats: &'a dyn Fn(i16) -> Option<Arc<ColumnStats>>,
    /// Size of an index in pages (estimated when unknown).
    pub index_pages: &'a dyn Fn(&IndexDesc) -> f64,
    /// Flat-row slots of this table the query reads, if index-only scans are allowed.
    pub used: Option<&'a HashSet<usize>>,
}

/// A chosen scan.
#[derive(Clone, Debug)]
pub enum ScanChoice {
    Seq,
    Index {
        index: Arc<IndexDesc>,
        bounds: ScanBounds,
        only: bool,
    },
    Bitmap {
        bitmap: BitmapQual,
        filter: Vec<Expr>,
    },
}

/// A candidate bitmap source with its estimates.
#[derive(Clone, Debug)]
struct BitmapCand {
    q: BitmapQual,
    /// Index cost (PostgreSQL's bitmap tree node cost).
    cost: f64,
    sel: f64,
    /// Indices of the top-level conjuncts this source implies.
    covers: Vec<usize>,
}

/// `index_pages` default: PostgreSQL-like B-tree size from the tuple count and key widths.
pub fn estimate_index_pages(idx: &IndexDesc, tuples: f64) -> f64 {
    let w: i64 = idx
        .key_types
        .iter()
        .map(|&t| cost::type_width(t, -1))
        .sum::<i64>()
        + 16;
    let per_page = ((8192.0 - 24.0) * 0.9 / w as f64).floor().max(1.0);
    (tuples / per_page).ceil().max(1.0)
}

/// index_pages_fetched with loop_count 1 (Mackert-Lohman).
pub fn ml_pages_fetched(tuples_fetched: f64, pages: f64) -> f64 {
    let t = pages.max(1.0);
    let n = tuples_fetched;
    let b = EFFECTIVE_CACHE_PAGES;
    let p = if t <= b {
        let p = (2.0 * t * n) / (2.0 * t + n);
        p.min(t)
    } else {
        let lim = (2.0 * t * b) / (2.0 * t - b);
        if n <= lim {
            (2.0 * t * n) / (2.0 * t + n)
        } else {
            b + (n - lim) * (t - b) / t
        }
    };
    p.ceil()
}

struct Ctx<'a, 'b> {
    inp: &'b ScanInput<'a>,
    pc: CostParams,
}

impl Ctx<'_, '_> {
    fn slot_stats(&self, slot: usize) -> Option<(Option<Arc<ColumnStats>>, f64)> {
        let i = slot.checked_sub(self.inp.offset)?;
        self.inp.rel.columns.get(i)?;
        let attnum = i16::try_from(i + 1).ok()?;
        Some(((self.inp.stats)(attnum), self.inp.tuples))
    }

    /// `col = value` on a column with a one-column unique index and no statistics:
    /// 1/ntuples (PostgreSQL's get_variable_numdistinct for unique columns).
    fn unique_eq(&self, c: &Expr) -> bool {
        let ExprKind::Func { args, .. } = &c.kind else {
            return false;
        };
        if !crate::index_paths::is_equality(c) || args.len() != 2 {
            return false;
        }
        let slot = args.iter().find_map(|a| match &a.kind {
            ExprKind::Column {
                level: 0, index, ..
            } => Some(*index),
            _ => None,
        });
        let Some(slot) = slot else {
            return false;
        };
        let Some(i) = slot.checked_sub(self.inp.offset) else {
            return false;
        };
        if self.slot_stats(slot).and_then(|x| x.0).is_some() {
            return false;
        }
        self.inp.indexes.iter().any(|x| {
            x.unique && x.keys.len() == 1 && x.keys[0] as usize == i + 1 && x.pred.is_none()
        })
    }

    fn sel(&self, cl: &[&Expr]) -> f64 {
        let f = |s: usize| self.slot_stats(s);
        let mut sel = 1.0;
        let uniq: Vec<&Expr> = cl.iter().copied().filter(|c| self.unique_eq(c)).collect();
        if !uniq.is_empty() {
            let rest: Vec<&Expr> = cl.iter().copied().filter(|c| !self.unique_eq(c)).collect();
            let one = 1.0 / self.inp.tuples.max(1.0);
            return (one.powi(uniq.len() as i32)
                * if rest.is_empty() {
                    1.0
                } else {
                    self.sel(&rest)
                })
            .clamp(0.0, 1.0);
        }
        for c in cl {
            sel *= match &c.kind {
                // ANY over a constant array: the sum of the elements' equality selectivities.
                ExprKind::ArrayCmp {
                    left,
                    all: false,
                    array,
                    cmp,
                } => match (&left.kind, &array.kind) {
                    (
                        ExprKind::Column {
                            level: 0, index, ..
                        },
                        ExprKind::Const(types::Datum::Array(a)),
                    ) => {
                        let st = f(*index).and_then(|x| x.0);
                        let mut s = 0.0;
                        for el in a.elems.iter() {
                            s += crate::selectivity::restriction_selectivity(
                                st.as_deref(),
                                crate::selectivity::Restriction::Cmp(
                                    crate::selectivity::CmpOp::Eq,
                                    el,
                                ),
                                self.inp.tuples,
                            );
                        }
                        let _ = cmp;
                        s.clamp(0.0, 1.0)
                    }
                    _ => cost::scan_selectivity(&[c], &f),
                },
                _ => cost::scan_selectivity(&[c], &f),
            };
        }
        // PostgreSQL's range pairing (a > x AND a < y) for default estimates.
        if cl.len() > 1 && cl.iter().all(|c| self.no_stats(c)) {
            return cost::conjuncts_selectivity(cl);
        }
        sel.clamp(0.0, 1.0)
    }

    fn no_stats(&self, c: &Expr) -> bool {
        let mut cols = Vec::new();
        c.columns_used(&mut cols);
        cols.iter()
            .all(|&s| self.slot_stats(s).and_then(|x| x.0).is_none())
    }

    fn qual_cost(&self, cl: &[&Expr]) -> f64 {
        cl.iter().map(|c| cost::expr_cost(&self.pc, c)).sum()
    }

    fn seq_cost(&self, s: ScanSettings) -> f64 {
        let all: Vec<&Expr> = self.inp.conj.iter().collect();
        let (_, t) = cost::seq_scan(
            &self.pc,
            self.inp.pages,
            self.inp.tuples,
            self.qual_cost(&all),
        );
        t + if s.seqscan { 0.0 } else { DISABLE_COST }
    }

    /// Clauses of `conj` usable as index conditions on `idx`, by index column.
    fn index_clauses(&self, idx: &IndexDesc, conj: &[&Expr]) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for (ci, c) in conj.iter().enumerate() {
            for (i, &k) in idx.keys.iter().enumerate() {
                if k <= 0 {
                    continue;
                }
                let Some(col) = self.inp.rel.columns.get(k as usize - 1) else {
                    continue;
                };
                let typ = idx.key_types.get(i).copied().unwrap_or(col.type_oid);
                let slot = self.inp.offset + k as usize - 1;
                if crate::index_paths::clause_matches(c, slot, typ) {
                    out.push((i, ci));
                    break;
                }
            }
        }
        out
    }

    /// btcostestimate: (index total cost, index selectivity, boundary selectivity, number of
    /// index conditions) for `idx` with conditions `conds` (by column).
    fn index_cost(&self, idx: &IndexDesc, conds: &[(usize, &Expr)]) -> (f64, f64) {
        let pc = &self.pc;
        let tuples = self.inp.tuples.max(1.0);
        let all: Vec<&Expr> = conds.iter().map(|c| c.1).collect();
        let isel = self.sel(&all);
        // Boundary quals: columns from the first, while each has an equality.
        let mut bound: Vec<&Expr> = Vec::new();
        let mut eq_cols = 0usize;
        let mut sa_scans = 1.0f64;
        for col in 0..idx.keys.len() {
            let here: Vec<&Expr> = conds.iter().filter(|c| c.0 == col).map(|c| c.1).collect();
            if here.is_empty() {
                break;
            }
            bound.extend(here.iter().copied());
            let mut has_eq = false;
            for c in &here {
                if crate::index_paths::is_equality(c) {
                    has_eq = true;
                }
                if let ExprKind::ArrayCmp { array, .. } = &c.kind {
                    if let ExprKind::Const(types::Datum::Array(a)) = &array.kind {
                        sa_scans *= a.elems.len().max(1) as f64;
                    }
                }
            }
            if !has_eq {
                break;
            }
            eq_cols += 1;
        }
        let mut num_tuples = if idx.unique && eq_cols == idx.keys.len() && sa_scans <= 1.0 {
            1.0
        } else {
            cost::clamp_rows(self.sel(&bound) * tuples)
        };
        num_tuples = num_tuples.max(1.0);
        let ipages = (self.inp.index_pages)(idx).max(1.0);
        let num_pages = (num_tuples * ipages / tuples).ceil().max(1.0);
        let qual_op = pc.cpu_operator_cost * conds.len() as f64;
        let mut total =
            num_pages * pc.random_page_cost + num_tuples * (pc.cpu_index_tuple_cost + qual_op);
        let height = if ipages <= 1.0 {
            0.0
        } else {
            (ipages.ln() / 256f64.ln()).ceil().max(1.0)
        };
        if tuples > 1.0 {
            total += tuples.log2().ceil() * pc.cpu_operator_cost * sa_scans;
        }
        total += (height + 1.0) * 50.0 * pc.cpu_operator_cost * sa_scans;
        (total, isel)
    }

    fn correlation(&self, idx: &IndexDesc) -> f64 {
        let Some(&k) = idx.keys.first() else {
            return 0.0;
        };
        if k <= 0 {
            return 0.0;
        }
        let c = (self.inp.stats)(k)
            .and_then(|s| s.correlation)
            .unwrap_or(0.0);
        if idx.keys.len() > 1 {
            c * 0.75
        } else {
            c
        }
    }

    /// cost_index for a plain or index-only scan.
    fn index_scan_cost(
        &self,
        idx: &IndexDesc,
        conds: &[(usize, &Expr)],
        filter: &[&Expr],
        only: bool,
    ) -> f64 {
        let pc = &self.pc;
        let (itotal, isel) = self.index_cost(idx, conds);
        let pages = self.inp.pages.max(1.0);
        let tuples_fetched = cost::clamp_rows(isel * self.inp.tuples);
        let vis = if only {
            1.0 - self.inp.allvisfrac.clamp(0.0, 1.0)
        } else {
            1.0
        };
        let max_pages = (ml_pages_fetched(tuples_fetched, pages) * vis).ceil();
        let max_io = max_pages * pc.random_page_cost;
        let min_pages = ((isel * pages).ceil() * vis).ceil();
        let min_io = if min_pages > 0.0 {
            pc.random_page_cost + (min_pages - 1.0) * pc.seq_page_cost
        } else {
            0.0
        };
        let c2 = self.correlation(idx).powi(2);
        let io = max_io + c2 * (min_io - max_io);
        let cpu = tuples_fetched * (pc.cpu_tuple_cost + self.qual_cost(filter));
        itotal + io + cpu
    }

    /// cost_bitmap_heap_scan over a bitmap of index cost `icost` and selectivity `sel`.
    fn bitmap_heap_cost(&self, icost: f64, sel: f64) -> f64 {
        let pc = &self.pc;
        let t = self.inp.pages.max(1.0);
        let tuples_fetched = cost::clamp_rows(sel * self.inp.tuples);
        let mut pages_fetched = (2.0 * t * tuples_fetched) / (2.0 * t + tuples_fetched);
        if pages_fetched >= t {
            pages_fetched = t;
        } else {
            pages_fetched = pages_fetched.ceil();
        }
        let per_page = if pages_fetched >= 2.0 {
            pc.random_page_cost
                - (pc.random_page_cost - pc.seq_page_cost) * (pages_fetched / t).sqrt()
        } else {
            pc.random_page_cost
        };
        let all: Vec<&Expr> = self.inp.conj.iter().collect();
        icost
            + pages_fetched * per_page
            + tuples_fetched * (pc.cpu_tuple_cost + self.qual_cost(&all))
    }

    /// A single-index bitmap source for the clauses `conj` (restricted to those matching).
    fn bitmap_index(
        &self,
        idx: &Arc<IndexDesc>,
        conj: &[&Expr],
    ) -> Option<(BitmapQual, f64, f64, Vec<usize>)> {
        let m = self.index_clauses(idx, conj);
        // The first index column must be restricted.
        if !m.iter().any(|(c, _)| *c == 0) {
            return None;
        }
        let conds: Vec<(usize, &Expr)> = m.iter().map(|&(c, i)| (c, conj[i])).collect();
        let (icost, sel) = self.index_cost(idx, &conds);
        let exprs: Vec<Expr> = {
            let mut v: Vec<(usize, usize)> = m.clone();
            v.sort();
            v.iter().map(|&(_, i)| conj[i].clone()).collect()
        };
        let bounds = crate::index_paths::bounds_from(idx, self.inp.rel, self.inp.offset, &exprs);
        let icost = icost + 0.1 * self.pc.cpu_operator_cost * sel * self.inp.tuples;
        Some((
            BitmapQual::Index {
                index: idx.clone(),
                bounds,
                conds: exprs,
            },
            icost,
            sel,
            m.iter().map(|x| x.1).collect(),
        ))
    }

    /// Bitmap candidates: one per usable index, and one BitmapOr per OR conjunct whose every
    /// arm has an index source (the other conjuncts available to each arm).
    fn bitmap_candidates(&self) -> Vec<BitmapCand> {
        let conj: Vec<&Expr> = self.inp.conj.iter().collect();
        let mut out = Vec::new();
        for idx in self.inp.indexes {
            if let Some((q, cost, sel, covers)) = self.bitmap_index(idx, &conj) {
                out.push(BitmapCand {
                    q,
                    cost,
                    sel,
                    covers,
                });
            }
        }
        for (oi, c) in conj.iter().enumerate() {
            let ExprKind::Or(arms) = &c.kind else {
                continue;
            };
            let mut kids = Vec::new();
            let mut cost = 0.0;
            let mut sel = 0.0;
            let mut ok = true;
            for (n, arm) in arms.iter().enumerate() {
                let mut parts = Vec::new();
                crate::and_parts(arm.clone(), &mut parts);
                let nparts = parts.len();
                let mut avail: Vec<&Expr> = parts.iter().collect();
                for (j, o) in conj.iter().enumerate() {
                    if j != oi && !matches!(o.kind, ExprKind::Or(_)) {
                        avail.push(o);
                    }
                }
                // The arm's own clauses must take part (indices below nparts).
                let mut best: Option<(BitmapQual, f64, f64, Vec<usize>)> = None;
                for idx in self.inp.indexes {
                    if let Some(b) = self.bitmap_index(idx, &avail) {
                        if !b.3.iter().any(|&i| i < nparts) {
                            continue;
                        }
                        let better = best.as_ref().is_none_or(|x| {
                            self.bitmap_heap_cost(b.1, b.2) < self.bitmap_heap_cost(x.1, x.2)
                        });
                        if better {
                            best = Some(b);
                        }
                    }
                }
                let Some((q, c, s, _)) = best else {
                    ok = false;
                    break;
                };
                cost += c + if n > 0 {
                    100.0 * self.pc.cpu_operator_cost
                } else {
                    0.0
                };
                sel += s;
                kids.push(q);
            }
            if ok && !kids.is_empty() {
                // Conjuncts every arm's index conditions include are implied as well.
                let mut covers = vec![oi];
                for (j, o) in conj.iter().enumerate() {
                    let in_all = kids.iter().all(|k| match k {
                        BitmapQual::Index { conds, .. } => conds.iter().any(|c| c == *o),
                        _ => false,
                    });
                    if j != oi && in_all {
                        covers.push(j);
                    }
                }
                out.push(BitmapCand {
                    q: BitmapQual::Or(kids),
                    cost,
                    sel: sel.min(1.0),
                    covers,
                });
            }
        }
        out
    }

    /// choose_bitmap_and: the cheapest candidate, AND-ed with others while that lowers the
    /// heap scan's cost and they imply different conjuncts.
    fn best_bitmap(&self) -> Option<(BitmapCand, f64)> {
        let mut cands = self.bitmap_candidates();
        if cands.is_empty() {
            return None;
        }
        // PostgreSQL's path_usage_comparator: by index cost, then selectivity.
        cands.sort_by(|a, b| a.cost.total_cmp(&b.cost).then(a.sel.total_cmp(&b.sel)));
        let mut best: Option<(BitmapCand, f64)> = None;
        for start in 0..cands.len() {
            let first = &cands[start];
            let mut parts = vec![first.clone()];
            let mut covers: HashSet<usize> = first.covers.iter().copied().collect();
            let mut cost = first.cost;
            let mut sel = first.sel;
            let mut total = self.bitmap_heap_cost(cost, sel);
            for (j, c) in cands.iter().enumerate() {
                if j <= start || c.covers.iter().any(|i| covers.contains(i)) {
                    continue;
                }
                let ncost = cost + c.cost + 100.0 * self.pc.cpu_operator_cost;
                let nsel = sel * c.sel;
                let nt = self.bitmap_heap_cost(ncost, nsel);
                if nt < total {
                    covers.extend(c.covers.iter().copied());
                    parts.push(c.clone());
                    cost = ncost;
                    sel = nsel;
                    total = nt;
                }
            }
            if best.as_ref().is_none_or(|(_, t)| total < *t) {
                let q = if parts.len() == 1 {
                    parts.remove(0)
                } else {
                    let mut cv: Vec<usize> = covers.iter().copied().collect();
                    cv.sort_unstable();
                    BitmapCand {
                        q: BitmapQual::And(parts.into_iter().map(|p| p.q).collect()),
                        cost,
                        sel,
                        covers: cv,
                    }
                };
                best = Some((q, total));
            }
        }
        best
    }
}

/// Whether all `used` slots of the table are key columns of `idx` (ctid never is).
pub fn covers(idx: &IndexDesc, rel: &RelationInfo, offset: usize, used: &HashSet<usize>) -> bool {
    if idx.exprs.is_some() || idx.keys.iter().any(|&k| k <= 0) {
        return false;
    }
    let n = rel.columns.len();
    (0..n + 2).all(|i| {
        !used.contains(&(offset + i)) || (i < n && idx.keys.iter().any(|&k| k as usize == i + 1))
    })
}

/// Choose the cheapest scan for `inp`. `ordered`: Some(backward) per index when the caller
/// needs that index's order (then only plain/index-only scans of such indexes count, and
/// the sort they save is credited by the caller).
pub fn choose(inp: &ScanInput, s: ScanSettings) -> (ScanChoice, f64) {
    let cx = Ctx {
        inp,
        pc: CostParams::default(),
    };
    let mut best = (ScanChoice::Seq, cx.seq_cost(s));
    let conj: Vec<&Expr> = inp.conj.iter().collect();
    for idx in inp.indexes {
        if idx.pred.is_some() {
            continue;
        }
        let m = cx.index_clauses(idx, &conj);
        let only = s.indexonlyscan
            && inp
                .used
                .is_some_and(|u| covers(idx, inp.rel, inp.offset, u));
        let has_first = m.iter().any(|(c, _)| *c == 0);
        if !has_first && !only {
            continue;
        }
        let conds: Vec<(usize, &Expr)> = if has_first {
            m.iter().map(|&(c, i)| (c, conj[i])).collect()
        } else {
            Vec::new()
        };
        let used_idx: HashSet<usize> = if has_first {
            m.iter().map(|x| x.1).collect()
        } else {
            HashSet::new()
        };
        let filter: Vec<&Expr> = conj
            .iter()
            .enumerate()
            .filter(|(i, _)| !used_idx.contains(i))
            .map(|(_, c)| *c)
            .collect();
        let mut c = cx.index_scan_cost(idx, &conds, &filter, only);
        if !s.indexscan {
            c += DISABLE_COST;
        }
        if c < best.1 {
            let exprs: Vec<Expr> = conds.iter().map(|x| x.1.clone()).collect();
            let bounds = crate::index_paths::bounds_from(idx, inp.rel, inp.offset, &exprs);
            best = (
                ScanChoice::Index {
                    index: idx.clone(),
                    bounds,
                    only,
                },
                c,
            );
        }
    }
    let usable: Vec<Arc<IndexDesc>> = inp
        .indexes
        .iter()
        .filter(|i| i.pred.is_none())
        .cloned()
        .collect();
    let inp2 = ScanInput {
        rel: inp.rel,
        offset: inp.offset,
        conj: inp.conj,
        indexes: &usable,
        pages: inp.pages,
        tuples: inp.tuples,
        allvisfrac: inp.allvisfrac,
        stats: inp.stats,
        index_pages: inp.index_pages,
        used: inp.used,
    };
    let cx2 = Ctx {
        inp: &inp2,
        pc: CostParams::default(),
    };
    if let Some((b, mut c)) = cx2.best_bitmap() {
        if !s.bitmapscan {
            c += DISABLE_COST;
        }
        if c < best.1 {
            let filter: Vec<Expr> = inp
                .conj
                .iter()
                .enumerate()
                .filter(|(i, _)| !b.covers.contains(i))
                .map(|(_, c)| c.clone())
                .collect();
            best = (
                ScanChoice::Bitmap {
                    bitmap: b.q,
                    filter,
                },
                c,
            );
        }
    }
    best
}

/// Cost of a plain (or, when it covers the columns read, index-only) scan of `idx` with the
/// usable conditions of `inp` — the candidate that delivers the index's order.
pub fn ordered_cost(inp: &ScanInput, idx: &Arc<IndexDesc>, s: ScanSettings) -> f64 {
    let cx = Ctx {
        inp,
        pc: CostParams::default(),
    };
    let conj: Vec<&Expr> = inp.conj.iter().collect();
    let m = cx.index_clauses(idx, &conj);
    let has_first = m.iter().any(|(c, _)| *c == 0);
    let conds: Vec<(usize, &Expr)> = if has_first {
        m.iter().map(|&(c, i)| (c, conj[i])).collect()
    } else {
        Vec::new()
    };
    let used: HashSet<usize> = if has_first {
        m.iter().map(|x| x.1).collect()
    } else {
        HashSet::new()
    };
    let filter: Vec<&Expr> = conj
        .iter()
        .enumerate()
        .filter(|(i, _)| !used.contains(i))
        .map(|(_, c)| *c)
        .collect();
    let only = s.indexonlyscan
        && inp
            .used
            .is_some_and(|u| covers(idx, inp.rel, inp.offset, u));
    let c = cx.index_scan_cost(idx, &conds, &filter, only);
    c + if s.indexscan { 0.0 } else { DISABLE_COST }
}

/// Cost of sorting the rows the scan returns (cost_sort in memory).
pub fn sort_cost(inp: &ScanInput) -> f64 {
    let cx = Ctx {
        inp,
        pc: CostParams::default(),
    };
    let conj: Vec<&Expr> = inp.conj.iter().collect();
    let rows = cost::clamp_rows(cx.sel(&conj) * inp.tuples);
    let (st, total) = cost::sort(&cx.pc, 0.0, rows);
    let _ = st;
    total
}

/// Every column slot any expression of the statement references (at any level): an
/// over-approximation of the columns a scan must produce.
pub fn used_slots(stmt: &mut crate::PlannedStmt) -> HashSet<usize> {
    let mut out = HashSet::new();
    fn walk(e: &Expr, out: &mut HashSet<usize>) {
        match &e.kind {
            ExprKind::Column { index, .. } => {
                out.insert(*index);
            }
            ExprKind::SubLink { query, .. } => {
                let mut v = Vec::new();
                for lv in 1..8 {
                    query.outer_columns_used(lv, &mut v);
                }
                out.extend(v);
            }
            _ => {}
        }
        for c in e.children() {
            walk(c, out);
        }
    }
    let mut f = |e: &mut Expr| -> common::PgResult<()> {
        walk(e, &mut out);
        Ok(())
    };
    let _ = stmt.plan.for_each_expr_mut(&mut f);
    for sp in stmt.subplans.iter_mut() {
        let _ = sp.for_each_expr_mut(&mut f);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mackert_lohman() {
        // Fetching as many tuples as pages touches about 2/3 of the pages.
        assert_eq!(ml_pages_fetched(100.0, 100.0), 67.0);
        // Never more pages than the table has.
        assert_eq!(ml_pages_fetched(1e6, 100.0), 100.0);
        assert_eq!(ml_pages_fetched(1.0, 1000.0), 1.0);
    }

    fn idx(oid: u32, key: i16, unique: bool) -> Arc<IndexDesc> {
        Arc::new(IndexDesc {
            oid,
            name: format!("i{oid}"),
            namespace_oid: 2200,
            table_oid: 2,
            file: catalog::index::index_file(1, oid),
            unique,
            primary: false,
            immediate: true,
            am: catalog::index::BTREE_AM_OID,
            key_types: vec![types::oids::INT4],
            keys: vec![key],
            options: vec![0],
            exprs: None,
            pred: None,
        })
    }

    fn rel() -> RelationInfo {
        let col = |n: i16, name: &str| catalog::ColumnInfo {
            attnum: n,
            name: name.into(),
            type_oid: types::oids::INT4,
            typmod: -1,
            not_null: false,
            default_expr: None,
            dropped: false,
        };
        RelationInfo {
            oid: 2,
            name: "t".into(),
            namespace_oid: 2200,
            namespace_name: "public".into(),
            relkind: b'r',
            persistence: b'p',
            file: catalog::index::index_file(1, 2),
            columns: vec![col(1, "a"), col(2, "b")],
            tuple_desc: Arc::new(access::TupleDesc { attrs: Vec::new() }),
            row_type: 0,
            owner: 10,
        }
    }

    /// `col = k` on int4 column slot `slot`.
    fn eq(slot: usize, k: i32) -> Expr {
        let reg = analyzer::registry();
        let o = reg
            .opers
            .get("=")
            .and_then(|v| {
                v.iter()
                    .find(|o| o.left == types::oids::INT4 && o.right == types::oids::INT4)
            })
            .map(|o| o.func);
        let Some(func) = o else {
            panic!("no int4 = int4");
        };
        Expr::new(
            ExprKind::Func {
                func,
                args: vec![
                    Expr::new(
                        ExprKind::Column {
                            level: 0,
                            index: slot,
                            loc: -1,
                        },
                        types::oids::INT4,
                    ),
                    Expr::new(ExprKind::Const(types::Datum::Int4(k)), types::oids::INT4),
                ],
                arg_types: vec![types::oids::INT4, types::oids::INT4],
            },
            types::oids::BOOL,
        )
    }

    fn run(
        conj: &[Expr],
        used: Option<&HashSet<usize>>,
        allvis: f64,
        s: ScanSettings,
    ) -> ScanChoice {
        let r = rel();
        let indexes = vec![idx(10, 1, true), idx(11, 2, false)];
        let stats = |_: i16| None;
        let ip = |i: &IndexDesc| estimate_index_pages(i, 100_000.0);
        let inp = ScanInput {
            rel: &r,
            offset: 0,
            conj,
            indexes: &indexes,
            pages: 443.0,
            tuples: 100_000.0,
            allvisfrac: allvis,
            stats: &stats,
            index_pages: &ip,
            used,
        };
        choose(&inp, s).0
    }

    #[test]
    fn choices_follow_costs() {
        let all = ScanSettings::default();
        // Unique equality: a plain index scan (pgbench's `WHERE aid = $1`).
        match run(&[eq(0, 5)], None, 0.0, all) {
            ScanChoice::Index { index, only, .. } => {
                assert_eq!(index.oid, 10);
                assert!(!only);
            }
            c => panic!("{c:?}"),
        }
        // Non-unique equality (0.5% of 100000 rows): a bitmap heap scan.
        assert!(matches!(
            run(&[eq(1, 5)], None, 0.0, all),
            ScanChoice::Bitmap { .. }
        ));
        // OR of indexable equalities: BitmapOr.
        let or = Expr::new(ExprKind::Or(vec![eq(0, 1), eq(0, 3)]), types::oids::BOOL);
        match run(&[or], None, 0.0, all) {
            ScanChoice::Bitmap {
                bitmap: BitmapQual::Or(v),
                filter,
            } => {
                assert_eq!(v.len(), 2);
                assert!(filter.is_empty());
            }
            c => panic!("{c:?}"),
        }
        // No usable clause: seq scan, even when disabled.
        let off = ScanSettings {
            seqscan: false,
            ..all
        };
        assert!(matches!(run(&[], None, 0.0, off), ScanChoice::Seq));
        // An index covering every column read, all pages visible: index-only.
        let mut used = HashSet::new();
        used.insert(0usize);
        match run(&[eq(0, 5)], Some(&used), 1.0, all) {
            ScanChoice::Index { only, .. } => assert!(only),
            c => panic!("{c:?}"),
        }
        // enable_bitmapscan = off: the index scan instead.
        let nobm = ScanSettings {
            bitmapscan: false,
            ..all
        };
        assert!(matches!(
            run(&[eq(1, 5)], None, 0.0, nobm),
            ScanChoice::Index { .. }
        ));
    }

    #[test]
    fn index_size_estimate() {
        let d = idx(1, 1, true);
        // tenk1_unique1 is 30 pages in PostgreSQL; the estimate is close.
        let p = estimate_index_pages(&d, 10_000.0);
        assert!((20.0..=40.0).contains(&p), "{p}");
    }
}
