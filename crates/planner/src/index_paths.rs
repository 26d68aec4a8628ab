//! Index paths: a pass over a finished plan that replaces sequential scans by B-tree index
//! scans where a WHERE conjunct restricts a leading index column (`col = v`, `<`, `<=`, `>`,
//! `>=`, BETWEEN, `IS NULL`, multi-column equality prefixes; `v` a constant, parameter or
//! outer reference) and the simple cost model below says it is cheaper, and removes sorts
//! (ORDER BY indexed columns [DESC] with LIMIT) by scanning the index in order. The scan keeps
//! the full qual and re-checks it on every fetched row, so bounds only need to be loose.
//! Costs follow PostgreSQL's default parameters (seq_page_cost 1, random_page_cost 4,
//! cpu_tuple_cost 0.01, cpu_index_tuple_cost 0.005, cpu_operator_cost 0.0025) and default
//! selectivities (0.005 for equality, 1/ntuples for a unique full-key equality, 1/3 for a
//! one-sided range, 0.005 for a two-sided one).

use crate::{and_parts, Plan, PlannedStmt};
use analyzer::expr::{Expr, ExprKind};
use analyzer::query::SortKey;
use catalog::index::IndexDesc;
use catalog::RelationInfo;
use common::Oid;
use parser::ast::JoinKind;
use std::collections::HashMap;
use std::sync::Arc;
use types::oids as t;

/// What the pass needs from the catalog and storage.
pub trait IndexCatalog {
    /// The indexes of a table.
    fn indexes(&mut self, rel: &RelationInfo) -> Vec<Arc<IndexDesc>>;
    /// The table's size in pages and estimated tuples.
    fn size(&mut self, rel: &RelationInfo) -> (f64, f64);
    /// ANALYZE statistics of a column (by attnum).
    fn column_stats(
        &mut self,
        _rel: &RelationInfo,
        _attnum: i16,
    ) -> Option<Arc<catalog::stats::ColumnStats>> {
        None
    }
    /// Fraction of the table's pages the visibility map marks all-visible.
    fn all_visible_frac(&mut self, _rel: &RelationInfo) -> f64 {
        0.0
    }
    /// Size of an index in pages.
    fn index_pages(&mut self, idx: &IndexDesc, tuples: f64) -> f64 {
        crate::scan_paths::estimate_index_pages(idx, tuples)
    }
}

/// Planner switches (enable_* GUCs).
#[derive(Clone, Copy, Debug)]
pub struct IndexSettings {
    pub enable_indexscan: bool,
    pub enable_seqscan: bool,
    pub enable_sort: bool,
    pub enable_nestloop: bool,
    pub enable_hashjoin: bool,
    pub enable_indexonlyscan: bool,
    pub enable_bitmapscan: bool,
}

/// A comparison operator kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Eq,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Op {
    fn commute(self) -> Op {
        match self {
            Op::Lt => Op::Gt,
            Op::Le => Op::Ge,
            Op::Gt => Op::Lt,
            Op::Ge => Op::Le,
            Op::Eq => Op::Eq,
        }
    }
}

fn op_procs() -> &'static HashMap<Oid, Op> {
    static M: std::sync::OnceLock<HashMap<Oid, Op>> = std::sync::OnceLock::new();
    M.get_or_init(|| {
        let reg = analyzer::registry();
        let mut m = HashMap::new();
        for (name, op) in [
            ("=", Op::Eq),
            ("<", Op::Lt),
            ("<=", Op::Le),
            (">", Op::Gt),
            (">=", Op::Ge),
        ] {
            if let Some(list) = reg.opers.get(name) {
                for o in list {
                    m.insert(o.func.oid, op);
                }
            }
        }
        m
    })
}

/// Type families whose values the B-tree compares across widths.
fn family(typ: Oid) -> Oid {
    match typ {
        t::INT2 | t::INT4 | t::INT8 => t::INT8,
        t::FLOAT4 | t::FLOAT8 => t::FLOAT8,
        t::VARCHAR | t::TEXT => t::TEXT,
        o => o,
    }
}

/// A restriction of one index column found in the qual.
#[derive(Clone, Debug)]
enum Restr {
    Cmp(Op, Expr),
    IsNull,
    /// `col = ANY (array)`: the array.
    Any(Expr),
}

/// If `e` is (a binary-coercible relabel of) column slot `slot`, true.
fn is_column(e: &Expr, slot: usize) -> bool {
    match &e.kind {
        ExprKind::Column {
            level: 0, index, ..
        } => *index == slot,
        ExprKind::Cast {
            arg,
            how: analyzer::expr::CastHow::Relabel,
            ..
        } => is_column(arg, slot),
        _ => false,
    }
}

/// A value usable as a scan bound: computed once per scan.
fn pseudo_constant(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Const(_) | ExprKind::Param(_) => true,
        ExprKind::Column { level, .. } => *level > 0,
        ExprKind::Cast { arg, .. } | ExprKind::Typmod { arg, .. } => pseudo_constant(arg),
        _ => false,
    }
}

/// Restrictions on table column `slot` (of type `typ`) found in conjunct `c`.
fn restriction(c: &Expr, slot: usize, typ: Oid) -> Option<Restr> {
    match &c.kind {
        ExprKind::Func { func, args, .. } if args.len() == 2 => {
            let op = *op_procs().get(&func.oid)?;
            let (op, v) = if is_column(&args[0], slot) && pseudo_constant(&args[1]) {
                (op, &args[1])
            } else if is_column(&args[1], slot) && pseudo_constant(&args[0]) {
                (op.commute(), &args[0])
            } else {
                return None;
            };
            if family(v.typ) != family(typ) {
                return None;
            }
            Some(Restr::Cmp(op, v.clone()))
        }
        ExprKind::IsNull {
            arg,
            negated: false,
        } if is_column(arg, slot) => Some(Restr::IsNull),
        // A boolean column as a condition: `col = true`; `NOT col`: `col = false`.
        ExprKind::Column { .. } if typ == t::BOOL && is_column(c, slot) => Some(Restr::Cmp(
            Op::Eq,
            Expr::new(ExprKind::Const(types::Datum::Bool(true)), t::BOOL),
        )),
        ExprKind::Not(a) if typ == t::BOOL && is_column(a, slot) => Some(Restr::Cmp(
            Op::Eq,
            Expr::new(ExprKind::Const(types::Datum::Bool(false)), t::BOOL),
        )),
        ExprKind::ArrayCmp {
            left,
            cmp,
            all: false,
            array,
        } if is_column(left, slot) && pseudo_constant(array) => {
            let ExprKind::Func {
                func, arg_types, ..
            } = &cmp.kind
            else {
                return None;
            };
            if op_procs().get(&func.oid) != Some(&Op::Eq)
                || arg_types.get(1).map(|&t| family(t)) != Some(family(typ))
            {
                return None;
            }
            Some(Restr::Any((**array).clone()))
        }
        _ => None,
    }
}

/// Whether conjunct `c` restricts column `slot` (of index key type `typ`) in a way a B-tree
/// scan can use.
pub fn clause_matches(c: &Expr, slot: usize, typ: Oid) -> bool {
    restriction(c, slot, typ).is_some()
}

/// Whether `c` is an equality (`=` or `= ANY`) clause.
pub fn is_equality(c: &Expr) -> bool {
    match &c.kind {
        ExprKind::Func { func, .. } => op_procs().get(&func.oid) == Some(&Op::Eq),
        ExprKind::ArrayCmp { all: false, .. } => true,
        _ => false,
    }
}

/// Scan bounds of `idx` from the conjuncts `conj` (see `bounds_for`).
pub fn bounds_from(
    idx: &IndexDesc,
    rel: &RelationInfo,
    offset: usize,
    conj: &[Expr],
) -> ScanBounds {
    bounds_for(idx, rel, offset, conj)
}

/// Bounds for an index scan, in value terms of the key columns.
#[derive(Clone, Debug, Default)]
pub struct ScanBounds {
    /// Values of the leading key columns (equality).
    pub eq: Vec<Expr>,
    /// The next column: `col > / >= value` (inclusive flag).
    pub lower: Option<(Expr, bool)>,
    /// The next column: `col < / <= value`.
    pub upper: Option<(Expr, bool)>,
    /// The next column IS NULL.
    pub is_null: bool,
    /// The next column `= ANY (array)`: one range per distinct element (index-only and
    /// bitmap scans; a plain index scan only uses the `eq` prefix and re-checks).
    pub any: Option<Expr>,
}

impl ScanBounds {
    pub fn is_empty(&self) -> bool {
        self.eq.is_empty()
            && self.lower.is_none()
            && self.upper.is_none()
            && !self.is_null
            && self.any.is_none()
    }

    /// Apply `f` to every bound expression.
    pub fn for_each_expr_mut(
        &mut self,
        f: &mut dyn FnMut(&mut Expr) -> common::PgResult<()>,
    ) -> common::PgResult<()> {
        for e in self.eq.iter_mut() {
            f(e)?;
        }
        if let Some((e, _)) = &mut self.lower {
            f(e)?;
        }
        if let Some((e, _)) = &mut self.upper {
            f(e)?;
        }
        if let Some(e) = &mut self.any {
            f(e)?;
        }
        Ok(())
    }

    /// Every bound expression.
    pub fn exprs(&self) -> Vec<&Expr> {
        let mut v: Vec<&Expr> = self.eq.iter().collect();
        v.extend(self.lower.iter().map(|(e, _)| e));
        v.extend(self.upper.iter().map(|(e, _)| e));
        v.extend(self.any.iter());
        v
    }
}

fn bounds_for(idx: &IndexDesc, rel: &RelationInfo, offset: usize, conj: &[Expr]) -> ScanBounds {
    let mut b = ScanBounds::default();
    for (i, &k) in idx.keys.iter().enumerate() {
        if k <= 0 {
            break;
        }
        let Some(col) = rel.columns.get(k as usize - 1) else {
            break;
        };
        let typ = idx.key_types.get(i).copied().unwrap_or(col.type_oid);
        let slot = offset + k as usize - 1;
        let rs: Vec<Restr> = conj
            .iter()
            .filter_map(|c| restriction(c, slot, typ))
            .collect();
        if let Some(Restr::Cmp(_, v)) = rs.iter().find(|r| matches!(r, Restr::Cmp(Op::Eq, _))) {
            b.eq.push(v.clone());
            continue;
        }
        if let Some(Restr::Any(a)) = rs.iter().find(|r| matches!(r, Restr::Any(_))) {
            b.any = Some(a.clone());
            break;
        }
        if rs.iter().any(|r| matches!(r, Restr::IsNull)) {
            b.is_null = true;
            break;
        }
        for r in rs {
            if let Restr::Cmp(op, v) = r {
                match op {
                    Op::Gt | Op::Ge if b.lower.is_none() => b.lower = Some((v, op == Op::Ge)),
                    Op::Lt | Op::Le if b.upper.is_none() => b.upper = Some((v, op == Op::Le)),
                    _ => {}
                }
            }
        }
        break;
    }
    b
}

/// Estimated cost and rows of a sequential scan and of an index scan with bounds `b`.
fn costs(idx: &IndexDesc, b: &ScanBounds, pages: f64, tuples: f64, nquals: usize) -> (f64, f64) {
    let seq = pages + tuples * (0.01 + 0.0025 * nquals as f64);
    let mut sel = 1.0;
    if idx.unique && b.eq.len() == idx.keys.len() {
        sel = 1.0 / tuples.max(1.0);
    } else {
        for _ in &b.eq {
            sel *= 0.005;
        }
        if b.is_null {
            sel *= 0.005;
        }
        match (&b.lower, &b.upper) {
            (Some(_), Some(_)) => sel *= 0.005,
            (Some(_), None) | (None, Some(_)) => sel *= 1.0 / 3.0,
            _ => {}
        }
    }
    let rows = (sel * tuples).max(1.0);
    let heap_pages = rows.min(pages.max(1.0));
    let index = 4.0 + heap_pages * 4.0 + rows * (0.01 + 0.005 + 0.0025 * nquals as f64);
    (seq, index)
}

struct Pass<'a> {
    cat: &'a mut dyn IndexCatalog,
    s: IndexSettings,
    /// Slots the statement reads, when index-only and bitmap scans may be used (SELECT).
    used: Option<std::collections::HashSet<usize>>,
}

impl Pass<'_> {
    /// The cheapest scan for a sequential scan by cost (scan_paths.rs), if not the seq scan.
    fn costed_scan(&mut self, p: &Plan) -> Option<Plan> {
        let Plan::SeqScan {
            rel, offset, qual, ..
        } = p
        else {
            return None;
        };
        if rel.relkind != b'r' {
            return None;
        }
        let indexes = self.cat.indexes(rel);
        if indexes.is_empty() {
            return None;
        }
        let mut conj = Vec::new();
        if let Some(q) = qual {
            and_parts(q.clone(), &mut conj);
        }
        let set = crate::scan_paths::ScanSettings {
            seqscan: self.s.enable_seqscan,
            indexscan: self.s.enable_indexscan,
            indexonlyscan: self.s.enable_indexonlyscan && self.used.is_some(),
            bitmapscan: self.s.enable_bitmapscan && self.used.is_some(),
        };
        let (choice, _) = self.with_input(rel, *offset, &conj, &indexes, |inp| {
            crate::scan_paths::choose(inp, set)
        });
        self.choice_plan(p, choice)
    }

    /// Run `f` over the cost inputs of a scan of `rel`.
    fn with_input<R>(
        &mut self,
        rel: &RelationInfo,
        offset: usize,
        conj: &[Expr],
        indexes: &[Arc<IndexDesc>],
        f: impl FnOnce(&crate::scan_paths::ScanInput) -> R,
    ) -> R {
        let (pages, tuples) = self.cat.size(rel);
        // Statistics only of the columns the conditions mention.
        let mut mentioned = Vec::new();
        for c in conj {
            c.columns_used(&mut mentioned);
        }
        let stats: Vec<Option<Arc<catalog::stats::ColumnStats>>> = (1..=rel.columns.len())
            .map(|a| {
                if !mentioned.contains(&(offset + a - 1)) {
                    return None;
                }
                i16::try_from(a)
                    .ok()
                    .and_then(|a| self.cat.column_stats(rel, a))
            })
            .collect();
        let ipages: HashMap<Oid, f64> = indexes
            .iter()
            .map(|i| (i.oid, self.cat.index_pages(i, tuples)))
            .collect();
        // The visible fraction only matters for index-only scans: ask only when some index
        // covers every column the query uses.
        let covered = self.used.as_ref().is_some_and(|used| {
            indexes
                .iter()
                .any(|i| crate::scan_paths::covers(i, rel, offset, used))
        });
        let allvis = if covered {
            self.cat.all_visible_frac(rel)
        } else {
            0.0
        };
        let stats_fn = |a: i16| -> Option<Arc<catalog::stats::ColumnStats>> {
            stats.get(usize::try_from(a).ok()?.checked_sub(1)?)?.clone()
        };
        let ipages_fn = |i: &IndexDesc| -> f64 {
            ipages
                .get(&i.oid)
                .copied()
                .unwrap_or_else(|| crate::scan_paths::estimate_index_pages(i, tuples))
        };
        let inp = crate::scan_paths::ScanInput {
            rel,
            offset,
            conj,
            indexes,
            pages,
            tuples,
            allvisfrac: allvis,
            stats: &stats_fn,
            index_pages: &ipages_fn,
            used: self.used.as_ref(),
        };
        f(&inp)
    }

    /// The plan for a scan choice over the sequential scan `p`.
    fn choice_plan(&self, p: &Plan, choice: crate::scan_paths::ScanChoice) -> Option<Plan> {
        let Plan::SeqScan {
            rel,
            offset,
            width,
            qual,
            names,
        } = p
        else {
            return None;
        };
        match choice {
            crate::scan_paths::ScanChoice::Seq => None,
            crate::scan_paths::ScanChoice::Index {
                index,
                bounds,
                only,
            } if only && self.used.is_some() => Some(Plan::IndexOnlyScan {
                rel: rel.clone(),
                index,
                offset: *offset,
                width: *width,
                qual: qual.clone(),
                bounds,
                backward: false,
                names: names.clone(),
            }),
            crate::scan_paths::ScanChoice::Index { index, bounds, .. } => Some(Plan::IndexScan {
                rel: rel.clone(),
                index,
                offset: *offset,
                width: *width,
                qual: qual.clone(),
                bounds,
                backward: false,
                names: names.clone(),
            }),
            crate::scan_paths::ScanChoice::Bitmap { .. } if self.used.is_none() => None,
            crate::scan_paths::ScanChoice::Bitmap { bitmap, filter } => {
                Some(Plan::BitmapHeapScan {
                    rel: rel.clone(),
                    offset: *offset,
                    width: *width,
                    qual: qual.clone(),
                    filter,
                    bitmap,
                    names: names.clone(),
                })
            }
        }
    }

    /// An ordered index scan becomes index-only when the index covers the columns read.
    fn maybe_index_only(&self, p: Plan) -> Plan {
        let Some(used) = &self.used else {
            return p;
        };
        if !self.s.enable_indexonlyscan {
            return p;
        }
        match p {
            Plan::IndexScan {
                rel,
                index,
                offset,
                width,
                qual,
                bounds,
                backward,
                names,
            } if crate::scan_paths::covers(&index, &rel, offset, used) => Plan::IndexOnlyScan {
                rel,
                index,
                offset,
                width,
                qual,
                bounds,
                backward,
                names,
            },
            p => p,
        }
    }

    /// Best index scan for a sequential scan, if cheaper (or seq scans are disabled).
    fn scan(&mut self, p: &Plan, order: Option<(&[SortCol], bool)>) -> Option<Plan> {
        if order.is_none() {
            return self.costed_scan(p);
        }
        let found = self.ordered_scan(p, order);
        found.map(|p| self.maybe_index_only(p))
    }

    /// Best ordered index scan for a sequential scan.
    fn ordered_scan(&mut self, p: &Plan, order: Option<(&[SortCol], bool)>) -> Option<Plan> {
        let Plan::SeqScan {
            rel,
            offset,
            width,
            qual,
            names,
        } = p
        else {
            return None;
        };
        if !self.s.enable_indexscan || rel.relkind != b'r' {
            return None;
        }
        let indexes = self.cat.indexes(rel);
        if indexes.is_empty() {
            return None;
        }
        let mut conj = Vec::new();
        if let Some(q) = qual {
            and_parts(q.clone(), &mut conj);
        }
        let (pages, tuples) = self.cat.size(rel);
        let mut best: Option<(f64, Plan)> = None;
        for idx in indexes {
            if idx.pred.is_some() {
                continue;
            }
            let b = bounds_for(&idx, rel, *offset, &conj);
            let backward = match order {
                Some((keys, _)) => {
                    match (0..=b.eq.len())
                        .find_map(|st| index_order_matches_from(&idx, *offset, keys, st))
                    {
                        Some(bw) => Some(bw),
                        None => continue,
                    }
                }
                None => None,
            };
            if b.is_empty() && backward.is_none() {
                continue;
            }
            let (seq, mut cost) = costs(&idx, &b, pages, tuples, conj.len());
            let mut cheaper = cost < seq;
            if let Some((_, false)) = order {
                // Without LIMIT: the ordered path against the cheapest unordered one plus a
                // sort of its rows (PostgreSQL's cost formulas).
                let set = crate::scan_paths::ScanSettings {
                    seqscan: self.s.enable_seqscan,
                    indexscan: self.s.enable_indexscan,
                    indexonlyscan: self.s.enable_indexonlyscan && self.used.is_some(),
                    bitmapscan: self.s.enable_bitmapscan && self.used.is_some(),
                };
                let one = [idx.clone()];
                let all = self.cat.indexes(rel);
                let (ordered, unordered) = self.with_input(rel, *offset, &conj, &all, |inp| {
                    let u = crate::scan_paths::choose(inp, set);
                    let o = crate::scan_paths::ordered_cost(inp, &one[0], set);
                    (o, u.1 + crate::scan_paths::sort_cost(inp))
                });
                cheaper = ordered < unordered;
                cost = ordered;
            }
            if let Some((_, limited)) = order {
                // An ordered scan saves the sort; with LIMIT it stops early.
                if limited || !self.s.enable_sort {
                    cheaper = true;
                    cost = cost.min(seq) * 0.5;
                }
            }
            if !cheaper && self.s.enable_seqscan {
                continue;
            }
            if best.as_ref().is_none_or(|(c, _)| cost < *c) {
                best = Some((
                    cost,
                    Plan::IndexScan {
                        rel: rel.clone(),
                        index: idx.clone(),
                        offset: *offset,
                        width: *width,
                        qual: qual.clone(),
                        bounds: b,
                        backward: backward.unwrap_or(false),
                        names: names.clone(),
                    },
                ));
            }
        }
        best.map(|(_, p)| p)
    }

    fn walk(&mut self, p: &mut Plan) {
        // ORDER BY on an index: Sort over Project over a scan.
        if let Some(new) = self.ordered(p, false) {
            *p = new;
        }
        match p {
            Plan::Limit { input, .. } => {
                if let Some(new) = self.ordered(input, true) {
                    **input = new;
                }
            }
            Plan::SeqScan { .. } => {
                if let Some(new) = self.scan(p, None) {
                    *p = new;
                }
                return;
            }
            _ => {}
        }
        if let Some(new) = self.index_join(p) {
            *p = new;
        }
        for child in children(p) {
            self.walk(child);
        }
    }

    /// Estimated rows a plan produces (crude: default selectivities, no statistics).
    fn est_rows(&mut self, p: &Plan) -> f64 {
        match p {
            Plan::Result { .. } => 1.0,
            Plan::SeqScan { rel, qual, .. } => {
                let (_, tuples) = self.cat.size(rel);
                let mut conj = Vec::new();
                if let Some(q) = qual {
                    and_parts(q.clone(), &mut conj);
                }
                let mut sel = 1.0;
                for c in &conj {
                    sel *= match &c.kind {
                        ExprKind::Func { func, .. } => match op_procs().get(&func.oid) {
                            Some(Op::Eq) => 0.005,
                            Some(_) => 1.0 / 3.0,
                            None => 0.5,
                        },
                        _ => 0.5,
                    };
                }
                (tuples * sel).max(1.0)
            }
            Plan::BitmapHeapScan { rel, .. } => {
                let (_, tuples) = self.cat.size(rel);
                (tuples * 0.005).max(1.0)
            }
            Plan::IndexScan {
                rel, index, bounds, ..
            }
            | Plan::IndexOnlyScan {
                rel, index, bounds, ..
            } => {
                let (pages, tuples) = self.cat.size(rel);
                let (_, cost) = costs(index, bounds, pages, tuples, 0);
                (cost / 4.0).max(1.0)
            }
            Plan::Values { rows, .. } => rows.len().max(1) as f64,
            Plan::Filter { input, .. } => self.est_rows(input) * 0.5,
            Plan::Agg { input, keys, .. } => {
                if keys.is_empty() {
                    1.0
                } else {
                    (self.est_rows(input) * 0.1).max(1.0)
                }
            }
            Plan::Limit { input, limit, .. } => {
                let n = self.est_rows(input);
                match limit.as_ref().map(|l| &l.kind) {
                    Some(ExprKind::Const(d)) => d.as_i64().map_or(n, |l| n.min(l as f64)),
                    _ => n,
                }
            }
            Plan::SubqueryScan { plan, .. } => self.est_rows(plan),
            Plan::Project { input, .. }
            | Plan::ProjectSet { input, .. }
            | Plan::WindowAgg { input, .. }
            | Plan::Sort { input, .. }
            | Plan::Distinct { input, .. }
            | Plan::DistinctOn { input, .. }
            | Plan::LockRows { input, .. }
            | Plan::SemiJoin { input, .. } => self.est_rows(input),
            Plan::NestLoop { left, right, .. }
            | Plan::HashJoin { left, right, .. }
            | Plan::IndexNestLoop { left, right, .. } => {
                let l = self.est_rows(left);
                let r = self.est_rows(right);
                l.max(r)
            }
            _ => 1000.0,
        }
    }

    /// Replace a hash join whose inner side is a sequential scan of a table with an index on
    /// the join keys by a nested loop probing that index, when the outer side is small.
    fn index_join(&mut self, p: &Plan) -> Option<Plan> {
        let Plan::HashJoin {
            kind,
            left,
            right,
            left_keys,
            right_keys,
            qual,
            right_slots,
        } = p
        else {
            return None;
        };
        if !matches!(kind, JoinKind::Inner | JoinKind::Left)
            || !self.s.enable_indexscan
            || !self.s.enable_nestloop
        {
            return None;
        }
        let Plan::SeqScan {
            rel,
            offset,
            width,
            qual: rqual,
            names,
        } = &**right
        else {
            return None;
        };
        if rel.relkind != b'r' {
            return None;
        }
        let indexes = self.cat.indexes(rel);
        let (pages, tuples) = self.cat.size(rel);
        let mut best: Option<(f64, Arc<IndexDesc>, Vec<Expr>)> = None;
        for idx in indexes {
            if idx.pred.is_some() {
                continue;
            }
            let mut eq = Vec::new();
            for (i, &k) in idx.keys.iter().enumerate() {
                if k <= 0 {
                    break;
                }
                let slot = offset + k as usize - 1;
                let typ = idx.key_types.get(i).copied().unwrap_or(0);
                let found = right_keys.iter().zip(left_keys.iter()).find(|(r, l)| {
                    is_column(r, slot) && family(l.typ) == family(typ) && !l.is_volatile()
                });
                match found {
                    Some((_, l)) => eq.push(l.clone()),
                    None => break,
                }
            }
            if eq.is_empty() {
                continue;
            }
            let per_probe = if idx.unique && eq.len() == idx.keys.len() {
                1.0
            } else {
                (0.005f64.powi(eq.len() as i32) * tuples).max(1.0)
            };
            if best.as_ref().is_none_or(|(pp, _, e)| {
                per_probe < *pp || (per_probe == *pp && eq.len() > e.len())
            }) {
                best = Some((per_probe, idx.clone(), eq));
            }
        }
        let (per_probe, idx, eq) = best?;
        let left_rows = self.est_rows(left);
        let nl = left_rows * (4.0 + per_probe.min(pages.max(1.0)) * 4.0 * 0.25);
        let hash = pages + tuples * 0.0125 + left_rows * 0.01;
        if nl >= hash && self.s.enable_hashjoin {
            return None;
        }
        Some(Plan::IndexNestLoop {
            kind: *kind,
            left: left.clone(),
            right: Box::new(Plan::IndexScan {
                rel: rel.clone(),
                index: idx,
                offset: *offset,
                width: *width,
                qual: rqual.clone(),
                bounds: ScanBounds {
                    eq,
                    ..ScanBounds::default()
                },
                backward: false,
                names: names.clone(),
            }),
            left_keys: left_keys.clone(),
            right_keys: right_keys.clone(),
            qual: qual.clone(),
            right_slots: right_slots.clone(),
        })
    }

    /// Replace `Sort { Project { SeqScan } }` by `Project { IndexScan }` when an index
    /// delivers the order.
    fn ordered(&mut self, p: &Plan, limited: bool) -> Option<Plan> {
        let Plan::Sort { input, keys } = p else {
            return None;
        };
        let Plan::Project { input: scan, exprs } = &**input else {
            return None;
        };
        if !matches!(**scan, Plan::SeqScan { .. }) {
            return None;
        }
        let cols = sort_columns(keys, exprs)?;
        let new_scan = self.scan(scan, Some((&cols, limited)))?;
        Some(Plan::Project {
            input: Box::new(new_scan),
            exprs: exprs.clone(),
        })
    }
}

/// A sort key on a column: (flat slot, desc, nulls_first).
type SortCol = (usize, bool, bool);

/// Sort keys as (flat slot, desc, nulls_first) when every key is a plain column.
fn sort_columns(keys: &[SortKey], exprs: &[Expr]) -> Option<Vec<SortCol>> {
    let mut out = Vec::new();
    for k in keys {
        match &exprs.get(k.col)?.kind {
            ExprKind::Column {
                level: 0, index, ..
            } => out.push((*index, k.desc, k.nulls_first)),
            _ => return None,
        }
    }
    Some(out)
}

/// Some(backward) if scanning `idx` forward (false) or backward (true) yields `keys`' order.
#[cfg(test)]
fn index_order_matches(idx: &IndexDesc, offset: usize, keys: &[SortCol]) -> Option<bool> {
    index_order_matches_from(idx, offset, keys, 0)
}

/// As `index_order_matches`, the keys matching index columns from `start` on (the columns
/// before it being fixed by equality conditions).
fn index_order_matches_from(
    idx: &IndexDesc,
    offset: usize,
    keys: &[SortCol],
    start: usize,
) -> Option<bool> {
    if keys.is_empty() || keys.len() + start > idx.keys.len() {
        return None;
    }
    let mut dir: Option<bool> = None;
    for (j, &(slot, desc, nf)) in keys.iter().enumerate() {
        let i = j + start;
        let k = idx.keys[i];
        if k <= 0 || offset + k as usize - 1 != slot {
            return None;
        }
        let (idesc, inf) = (idx.descending(i), idx.nulls_first(i));
        let bw = if desc == idesc && nf == inf {
            false
        } else if desc != idesc && nf != inf {
            true
        } else {
            return None;
        };
        if dir.is_some_and(|d| d != bw) {
            return None;
        }
        dir = Some(bw);
    }
    dir
}

/// The direct inputs of a plan node.
pub fn children(p: &mut Plan) -> Vec<&mut Plan> {
    match p {
        Plan::Result { .. }
        | Plan::SeqScan { .. }
        | Plan::IndexScan { .. }
        | Plan::IndexOnlyScan { .. }
        | Plan::BitmapHeapScan { .. }
        | Plan::Values { .. }
        | Plan::FunctionScan { .. } => Vec::new(),
        Plan::SubqueryScan { plan, .. } => vec![&mut **plan],
        Plan::NestLoop { left, right, .. }
        | Plan::HashJoin { left, right, .. }
        | Plan::IndexNestLoop { left, right, .. }
        | Plan::MergeJoin { left, right, .. }
        | Plan::SetOp { left, right, .. } => vec![&mut **left, &mut **right],
        Plan::RecursiveUnion { init, rec, .. } => vec![&mut **init, &mut **rec],
        Plan::WorkTableScan { .. } => Vec::new(),
        Plan::Filter { input, .. }
        | Plan::Project { input, .. }
        | Plan::ProjectSet { input, .. }
        | Plan::WindowAgg { input, .. }
        | Plan::Agg { input, .. }
        | Plan::Sort { input, .. }
        | Plan::Distinct { input, .. }
        | Plan::DistinctOn { input, .. }
        | Plan::Limit { input, .. }
        | Plan::LockRows { input, .. }
        | Plan::Materialize { input }
        | Plan::GroupAgg { input, .. }
        | Plan::ExprSort { input, .. } => vec![&mut **input],
        Plan::Append { inputs } => inputs.iter_mut().collect(),
        Plan::SemiJoin { input, inner, .. } => vec![&mut **input, &mut **inner],
    }
}

/// Replace sequential scans of `p` (and its sub-plans) by index scans where worthwhile.
pub fn use_indexes(p: &mut PlannedStmt, cat: &mut dyn IndexCatalog, s: IndexSettings) {
    fn locks(p: &mut Plan) -> bool {
        matches!(p, Plan::LockRows { .. }) || children(p).into_iter().any(locks)
    }
    let plain_select = p.command == analyzer::query::CmdType::Select
        && p.modify.is_none()
        && !locks(&mut p.plan)
        && !p.subplans.iter_mut().any(locks);
    let used = if plain_select {
        Some(crate::scan_paths::used_slots(p))
    } else {
        None
    };
    let mut pass = Pass { cat, s, used };
    pass.walk(&mut p.plan);
    for sp in p.subplans.iter_mut() {
        pass.walk(sp);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn desc(keys: Vec<i16>, options: Vec<i16>, unique: bool) -> IndexDesc {
        IndexDesc {
            oid: 1,
            name: "i".into(),
            namespace_oid: 2200,
            table_oid: 2,
            file: catalog::index::index_file(1, 1),
            unique,
            primary: false,
            immediate: true,
            am: catalog::index::BTREE_AM_OID,
            key_types: vec![t::INT4; keys.len()],
            keys,
            options,
            exprs: None,
            pred: None,
        }
    }

    #[test]
    fn index_order_directions() {
        let d = desc(vec![1, 2], vec![0, 0], false);
        assert_eq!(
            index_order_matches(&d, 0, &[(0, false, false)]),
            Some(false)
        );
        assert_eq!(index_order_matches(&d, 0, &[(0, true, true)]), Some(true));
        assert_eq!(
            index_order_matches(&d, 0, &[(0, true, true), (1, true, true)]),
            Some(true)
        );
        // Mixed directions, wrong NULLS placement, or a non-leading column: no.
        assert_eq!(
            index_order_matches(&d, 0, &[(0, false, false), (1, true, true)]),
            None
        );
        assert_eq!(index_order_matches(&d, 0, &[(0, false, true)]), None);
        assert_eq!(index_order_matches(&d, 0, &[(1, false, false)]), None);
        let dd = desc(
            vec![1],
            vec![catalog::index::INDOPTION_DESC | catalog::index::INDOPTION_NULLS_FIRST],
            false,
        );
        assert_eq!(index_order_matches(&dd, 0, &[(0, true, true)]), Some(false));
        assert_eq!(
            index_order_matches(&dd, 0, &[(0, false, false)]),
            Some(true)
        );
    }

    #[test]
    fn cost_rules() {
        let u = desc(vec![1], vec![0], true);
        let eq = ScanBounds {
            eq: vec![Expr {
                kind: ExprKind::Const(types::Datum::Int4(1)),
                typ: t::INT4,
                typmod: -1,
            }],
            ..ScanBounds::default()
        };
        // Unique equality on a big table: the index wins; on a one-page table: seq scan.
        let (seq, idx) = costs(&u, &eq, 1000.0, 100_000.0, 1);
        assert!(idx < seq);
        let (seq, idx) = costs(&u, &eq, 1.0, 100.0, 1);
        assert!(idx > seq);
        // A one-sided range (1/3 of the rows) on a big table: seq scan.
        let range = ScanBounds {
            lower: eq.eq.first().cloned().map(|e| (e, true)),
            ..ScanBounds::default()
        };
        let (seq, idx) = costs(&u, &range, 1000.0, 100_000.0, 1);
        assert!(idx > seq);
    }
}
