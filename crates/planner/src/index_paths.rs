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
}

/// Planner switches (enable_* GUCs).
#[derive(Clone, Copy, Debug)]
pub struct IndexSettings {
    pub enable_indexscan: bool,
    pub enable_seqscan: bool,
    pub enable_sort: bool,
    pub enable_nestloop: bool,
    pub enable_hashjoin: bool,
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
        _ => None,
    }
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
}

impl ScanBounds {
    fn is_empty(&self) -> bool {
        self.eq.is_empty() && self.lower.is_none() && self.upper.is_none() && !self.is_null
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
}

impl Pass<'_> {
    /// Best index scan for a sequential scan, if cheaper (or seq scans are disabled).
    fn scan(&mut self, p: &Plan, order: Option<(&[SortCol], bool)>) -> Option<Plan> {
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
                Some((keys, _)) => match index_order_matches(&idx, *offset, keys) {
                    Some(bw) => Some(bw),
                    None => continue,
                },
                None => None,
            };
            if b.is_empty() && backward.is_none() {
                continue;
            }
            let (seq, mut cost) = costs(&idx, &b, pages, tuples, conj.len());
            let mut cheaper = cost < seq;
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
            Plan::IndexScan {
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
fn index_order_matches(idx: &IndexDesc, offset: usize, keys: &[SortCol]) -> Option<bool> {
    if keys.is_empty() || keys.len() > idx.keys.len() {
        return None;
    }
    let mut dir: Option<bool> = None;
    for (i, &(slot, desc, nf)) in keys.iter().enumerate() {
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

fn children(p: &mut Plan) -> Vec<&mut Plan> {
    match p {
        Plan::Result { .. }
        | Plan::SeqScan { .. }
        | Plan::IndexScan { .. }
        | Plan::Values { .. }
        | Plan::FunctionScan { .. } => Vec::new(),
        Plan::SubqueryScan { plan, .. } => vec![&mut **plan],
        Plan::NestLoop { left, right, .. }
        | Plan::HashJoin { left, right, .. }
        | Plan::IndexNestLoop { left, right, .. }
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
        | Plan::LockRows { input, .. } => vec![&mut **input],
        Plan::Append { inputs } => inputs.iter_mut().collect(),
        Plan::SemiJoin { input, inner, .. } => vec![&mut **input, &mut **inner],
    }
}

/// Replace sequential scans of `p` (and its sub-plans) by index scans where worthwhile.
pub fn use_indexes(p: &mut PlannedStmt, cat: &mut dyn IndexCatalog, s: IndexSettings) {
    let mut pass = Pass { cat, s };
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
