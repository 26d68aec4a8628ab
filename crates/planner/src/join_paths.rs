//! Join and aggregation strategies: a pass over a finished plan (run after index paths) that
//! turns hash joins into merge joins (when hashing is disabled, or both inputs already
//! arrive ordered on the join keys), puts Materialize on the re-scanned inner side of plain
//! nested loops, picks sorted aggregation (GroupAggregate / Group) where hashing is disabled
//! or impossible or the input is already ordered, and Unique-over-Sort for DISTINCT when
//! hash aggregation is disabled. Decisions follow PostgreSQL's enable_* switches and row
//! estimates from table sizes with default selectivities.

use crate::cost::{self, Est, DISABLE_COST};
use crate::index_paths::ScanBounds;
use crate::join_cost::Estimator;
use crate::{and_parts, make_and, Plan, PlannedStmt};
use analyzer::expr::{Expr, ExprKind};
use analyzer::query::SortKey;
use catalog::RelationInfo;
use common::Oid;
use parser::ast::JoinKind;
use std::collections::HashSet;

/// The planner switches this pass honours (PostgreSQL's enable_* GUCs).
#[derive(Clone, Copy, Debug)]
pub struct StrategySettings {
    pub enable_hashjoin: bool,
    pub enable_mergejoin: bool,
    pub enable_nestloop: bool,
    pub enable_material: bool,
    pub enable_hashagg: bool,
    pub enable_sort: bool,
}

impl Default for StrategySettings {
    fn default() -> Self {
        StrategySettings {
            enable_hashjoin: true,
            enable_mergejoin: true,
            enable_nestloop: true,
            enable_material: true,
            enable_hashagg: true,
            enable_sort: true,
        }
    }
}

/// Table sizes, statistics and cost settings for the estimates.
pub trait SizeSource {
    /// (pages, tuples) of a relation.
    fn size(&mut self, rel: &RelationInfo) -> (f64, f64);
    /// ANALYZE statistics of a column (attnum), if collected.
    fn column_stats(
        &mut self,
        _rel: &RelationInfo,
        _attnum: i16,
    ) -> Option<std::sync::Arc<catalog::stats::ColumnStats>> {
        None
    }
    /// The session's cost parameters and work_mem.
    fn cost_env(&self) -> crate::cost::CostEnv {
        crate::cost::CostEnv::default()
    }
}

/// Apply the strategy choices to a planned statement (its plan and sub-plans).
pub fn choose_strategies(stmt: &mut PlannedStmt, s: &StrategySettings, sizes: &mut dyn SizeSource) {
    let mut cx = Cx { s: *s, sizes };
    cx.walk(&mut stmt.plan);
    for p in stmt.subplans.iter_mut() {
        cx.walk(p);
    }
}

struct Cx<'a> {
    s: StrategySettings,
    sizes: &'a mut dyn SizeSource,
}

/// Types with a B-tree ordering whose equality agrees with it (merge-joinable, sortable).
fn sortable(typ: Oid) -> bool {
    static M: std::sync::OnceLock<HashSet<Oid>> = std::sync::OnceLock::new();
    M.get_or_init(|| {
        let mut set = HashSet::new();
        if let Some(list) = analyzer::registry().opers.get("<") {
            for o in list {
                if o.left == o.right {
                    set.insert(o.left);
                }
            }
        }
        set
    })
    .contains(&typ)
}

/// The flat-row slot a key expression reads when it is a plain column of this level.
fn key_col(e: &Expr) -> Option<usize> {
    match &e.kind {
        ExprKind::Column {
            level: 0, index, ..
        } => Some(*index),
        _ => None,
    }
}

fn asc_keys(cols: &[usize]) -> Vec<SortKey> {
    cols.iter()
        .map(|&c| SortKey {
            col: c,
            desc: false,
            nulls_first: false,
        })
        .collect()
}

/// Whether `p` produces rows ordered ascending (NULLs last) on the expressions `keys`.
pub fn ordered_on_exprs(p: &Plan, keys: &[Expr]) -> bool {
    if let Some(cols) = keys.iter().map(key_col).collect::<Option<Vec<usize>>>() {
        if ordered_on(p, &cols) {
            return true;
        }
    }
    match p {
        Plan::ExprSort { keys: sk, .. } => {
            sk.len() >= keys.len()
                && sk
                    .iter()
                    .zip(keys)
                    .all(|((e, desc, nf), k)| e == k && !desc && !nf)
        }
        Plan::Filter { input, .. } | Plan::Materialize { input } => ordered_on_exprs(input, keys),
        _ => false,
    }
}

/// `p` sorted ascending (NULLs last) on `keys` unless already so ordered.
fn sorted_on(p: Box<Plan>, keys: &[Expr]) -> Box<Plan> {
    if ordered_on_exprs(&p, keys) {
        return p;
    }
    match keys.iter().map(key_col).collect::<Option<Vec<usize>>>() {
        Some(cols) => Box::new(Plan::Sort {
            input: p,
            keys: asc_keys(&cols),
        }),
        None => Box::new(Plan::ExprSort {
            input: p,
            keys: keys.iter().map(|k| (k.clone(), false, false)).collect(),
        }),
    }
}

/// Whether `p` produces rows ordered ascending (NULLs last) on the columns `cols`.
pub fn ordered_on(p: &Plan, cols: &[usize]) -> bool {
    match p {
        Plan::IndexScan {
            index,
            offset,
            bounds,
            backward: false,
            ..
        }
        | Plan::IndexOnlyScan {
            index,
            offset,
            bounds,
            backward: false,
            ..
        } => index_ordered(index, *offset, bounds, cols),
        Plan::Sort { keys, .. } => {
            keys.len() >= cols.len()
                && keys
                    .iter()
                    .zip(cols)
                    .all(|(k, &c)| k.col == c && !k.desc && !k.nulls_first)
        }
        Plan::Filter { input, .. } | Plan::Materialize { input } => ordered_on(input, cols),
        Plan::MergeJoin {
            kind: JoinKind::Inner | JoinKind::Cross | JoinKind::Left,
            left,
            ..
        } => ordered_on(left, cols),
        _ => false,
    }
}

fn index_ordered(
    index: &catalog::index::IndexDesc,
    offset: usize,
    bounds: &ScanBounds,
    cols: &[usize],
) -> bool {
    if cols.is_empty() || index.pred.is_some() {
        return false;
    }
    let slot = |i: usize| -> Option<usize> {
        let k = *index.keys.get(i)?;
        if k <= 0 {
            return None;
        }
        Some(offset + k as usize - 1)
    };
    // Leading equality-bound key columns hold one value: they may be skipped.
    for skip in 0..=bounds.eq.len() {
        let ok = cols
            .iter()
            .enumerate()
            .all(|(j, &c)| slot(skip + j) == Some(c) && !index.descending(skip + j));
        if ok {
            return true;
        }
        // A column fixed by equality may also appear among the wanted ones.
        if skip < bounds.eq.len() && cols.first().copied() == slot(skip) {
            continue;
        }
    }
    false
}

/// Whether a plan reads a table (re-running it costs more than replaying its rows).
fn reads_table(p: &Plan) -> bool {
    let mut v = Vec::new();
    p.relations_read(&mut v);
    !v.is_empty()
}

/// References to flat-row slots outside `slots` (a lateral reference of a join's inner side).
fn uses_outside(p: &Plan, slots: &[(usize, usize)]) -> bool {
    let mut c = p.clone();
    let mut used = Vec::new();
    let _ = c.for_each_expr_mut(&mut |e| {
        e.columns_used(&mut used);
        Ok(())
    });
    used.iter()
        .any(|&u| !slots.iter().any(|&(a, b)| u >= a && u < b))
}

impl Cx<'_> {
    /// Cost and row estimate of a plan (PostgreSQL's formulas over statistics).
    fn est(&mut self, p: &Plan) -> Est {
        let env = self.sizes.cost_env();
        Estimator {
            env,
            sizes: &mut *self.sizes,
        }
        .est(p)
    }

    fn estimator(&mut self) -> Estimator<'_> {
        let env = self.sizes.cost_env();
        Estimator {
            env,
            sizes: &mut *self.sizes,
        }
    }

    fn walk(&mut self, p: &mut Plan) {
        // Children first.
        match p {
            Plan::SubqueryScan { plan, .. } => self.walk(plan),
            Plan::NestLoop { left, right, .. }
            | Plan::HashJoin { left, right, .. }
            | Plan::IndexNestLoop { left, right, .. }
            | Plan::MergeJoin { left, right, .. }
            | Plan::SetOp { left, right, .. } => {
                self.walk(left);
                self.walk(right);
            }
            Plan::RecursiveUnion { init, rec, .. } => {
                self.walk(init);
                self.walk(rec);
            }
            Plan::Filter { input, .. }
            | Plan::Project { input, .. }
            | Plan::ProjectSet { input, .. }
            | Plan::WindowAgg { input, .. }
            | Plan::Agg { input, .. }
            | Plan::GroupAgg { input, .. }
            | Plan::Sort { input, .. }
            | Plan::Distinct { input, .. }
            | Plan::DistinctOn { input, .. }
            | Plan::Limit { input, .. }
            | Plan::LockRows { input, .. }
            | Plan::Materialize { input }
            | Plan::ExprSort { input, .. } => self.walk(input),
            Plan::SemiJoin { input, inner, .. } => {
                self.walk(input);
                self.walk(inner);
            }
            Plan::Append { inputs } => {
                for i in inputs.iter_mut() {
                    self.walk(i);
                }
            }
            _ => {}
        }
        let taken = std::mem::replace(p, Plan::Result { width: 0 });
        *p = self.rewrite(taken);
    }

    fn rewrite(&mut self, p: Plan) -> Plan {
        match p {
            Plan::HashJoin {
                kind,
                left,
                right,
                left_keys,
                right_keys,
                qual,
                right_slots,
            } => self.hash_join(kind, left, right, left_keys, right_keys, qual, right_slots),
            Plan::NestLoop {
                kind,
                mut left,
                mut right,
                qual,
                mut right_slots,
            } => {
                let mut material =
                    self.s.enable_material && self.needs_material(&left, &right, &right_slots);
                // An inner join may run with the other side outer when that costs less.
                let plain_inner = matches!(kind, JoinKind::Inner | JoinKind::Cross);
                if let Some(slots) =
                    swappable(kind, &left, &right, &right_slots).filter(|_| plain_inner)
                {
                    let fcost = qual
                        .as_ref()
                        .map(|q| cost::expr_cost(&self.sizes.cost_env().p, q))
                        .unwrap_or(0.0);
                    let (l, r) = (self.est(&left), self.est(&right));
                    let fwd = self.nestloop_cost(&l, &right, &r, material, fcost);
                    let rev_material =
                        self.s.enable_material && self.needs_material(&right, &left, &slots);
                    let rev = self.nestloop_cost(&r, &left, &l, rev_material, fcost);
                    if rev < fwd {
                        std::mem::swap(&mut left, &mut right);
                        right_slots = slots;
                        material = rev_material;
                    }
                }
                if material {
                    right = Box::new(Plan::Materialize { input: right });
                }
                Plan::NestLoop {
                    kind,
                    left,
                    right,
                    qual,
                    right_slots,
                }
            }
            Plan::Agg { input, keys, aggs } => {
                if keys.is_empty() {
                    return Plan::Agg { input, keys, aggs };
                }
                let ordered_aggs = aggs.iter().any(|a| a.distinct || !a.order_by.is_empty());
                let presorted = ordered_on_exprs(&input, &keys);
                let all_sortable = keys
                    .iter()
                    .all(|k| sortable(k.typ) && !k.is_volatile() && !k.contains_sublink());
                if !all_sortable {
                    return Plan::Agg { input, keys, aggs };
                }
                let want =
                    presorted || ordered_aggs || self.sorted_agg_cheaper(&input, &keys, &aggs);
                if !want {
                    return Plan::Agg { input, keys, aggs };
                }
                let input = sorted_on(input, &keys);
                Plan::GroupAgg { input, keys, aggs }
            }
            Plan::Sort { input, keys } => match *input {
                Plan::Distinct {
                    input: inner,
                    ncols,
                } if keys.iter().all(|k| k.col < ncols)
                    && Self::all_cols_sortable(&inner, ncols)
                    && self.sorted_distinct_cheaper(&inner, ncols, true) =>
                {
                    let mut sk = keys.clone();
                    for c in 0..ncols {
                        if !sk.iter().any(|k| k.col == c) {
                            sk.push(SortKey {
                                col: c,
                                desc: false,
                                nulls_first: false,
                            });
                        }
                    }
                    Plan::DistinctOn {
                        input: Box::new(Plan::Sort {
                            input: inner,
                            keys: sk,
                        }),
                        cols: (0..ncols).collect(),
                    }
                }
                other => Plan::Sort {
                    input: Box::new(other),
                    keys,
                },
            },
            Plan::Distinct { input, ncols }
                if Self::all_cols_sortable(&input, ncols)
                    && self.sorted_distinct_cheaper(&input, ncols, false) =>
            {
                let cols: Vec<usize> = (0..ncols).collect();
                let input = if ordered_on(&input, &cols) {
                    input
                } else {
                    Box::new(Plan::Sort {
                        input,
                        keys: asc_keys(&cols),
                    })
                };
                Plan::DistinctOn { input, cols }
            }
            other => other,
        }
    }

    /// cost_agg: whether sorted aggregation (sorting the input unless already ordered)
    /// costs less than hashed, PostgreSQL 10 refusing hashing beyond work_mem.
    fn sorted_agg_cheaper(
        &mut self,
        input: &Plan,
        keys: &[Expr],
        aggs: &[analyzer::expr::AggCall],
    ) -> bool {
        let env = self.sizes.cost_env();
        let s = self.s;
        let e = self.est(input);
        let groups = self.estimator().num_groups(input, keys, e.rows);
        let agg_cost = crate::join_cost::agg_cost(&env.p, aggs, e.rows);
        let width = crate::join_cost::agg_width(keys, aggs);
        let hashed = cost::agg_hashed(&env, &e, keys.len(), agg_cost, groups, width, aggs.len())
            .map(|c| c.1)
            .unwrap_or(DISABLE_COST)
            + if s.enable_hashagg { 0.0 } else { DISABLE_COST };
        let (sorted_in, sort_pen) = if ordered_on_exprs(input, keys) {
            (e, 0.0)
        } else {
            let (st, t) = cost::sort_ex(&env, e.total, e.rows, e.width);
            let pen = if s.enable_sort { 0.0 } else { DISABLE_COST };
            (
                Est {
                    startup: st,
                    total: t,
                    ..e
                },
                pen,
            )
        };
        let sorted =
            cost::agg_sorted(&env.p, &sorted_in, keys.len(), agg_cost, groups).1 + sort_pen;
        sorted < hashed
    }

    /// DISTINCT over the first `ncols` columns of a projection: whether Unique over Sort
    /// costs less than hashing (then sorting the groups when `ordered` output is wanted).
    fn sorted_distinct_cheaper(&mut self, input: &Plan, ncols: usize, ordered: bool) -> bool {
        let env = self.sizes.cost_env();
        let s = self.s;
        let e = self.est(input);
        let groups = match input {
            Plan::Project {
                input: inner,
                exprs,
            } if exprs.len() >= ncols => {
                let keys = exprs[..ncols].to_vec();
                self.estimator().num_groups(inner, &keys, e.rows)
            }
            _ => cost::num_groups(e.rows, ncols),
        };
        let cmp = env.p.cpu_operator_cost * ncols as f64 * e.rows;
        let mut hashed = cost::agg_hashed(&env, &e, ncols, 0.0, groups, e.width, 0)
            .map(|c| c.1)
            .unwrap_or(DISABLE_COST)
            + if s.enable_hashagg { 0.0 } else { DISABLE_COST };
        if ordered {
            let g = Est { rows: groups, ..e };
            hashed = cost::sort_ex(&env, hashed, g.rows, g.width).1
                + if s.enable_sort { 0.0 } else { DISABLE_COST };
        }
        let sorted = cost::sort_ex(&env, e.total, e.rows, e.width).1
            + cmp
            + if s.enable_sort { 0.0 } else { DISABLE_COST };
        sorted < hashed
    }

    /// Whether the first `ncols` output columns of `p` (a projection) have sortable types.
    fn all_cols_sortable(p: &Plan, ncols: usize) -> bool {
        match p {
            Plan::Project { exprs, .. } | Plan::ProjectSet { exprs, .. } => {
                exprs.len() >= ncols && exprs[..ncols].iter().all(|e| sortable(e.typ))
            }
            _ => false,
        }
    }

    /// PostgreSQL materializes a nested loop's inner side when re-scanning it costs more
    /// than reading back a buffered copy: for scans and joins (not for index probes,
    /// function/values scans or nodes that buffer anyway) under an outer side of more than
    /// one row.
    fn needs_material(
        &mut self,
        left: &Plan,
        right: &Plan,
        right_slots: &[(usize, usize)],
    ) -> bool {
        let rescan_costly = match right {
            Plan::SeqScan { .. }
            | Plan::BitmapHeapScan { .. }
            | Plan::NestLoop { .. }
            | Plan::HashJoin { .. }
            | Plan::MergeJoin { .. }
            | Plan::IndexNestLoop { .. }
            | Plan::Agg { .. }
            | Plan::GroupAgg { .. } => true,
            Plan::SubqueryScan { plan, .. } => reads_table(plan),
            Plan::IndexScan { bounds, .. } | Plan::IndexOnlyScan { bounds, .. } => {
                bounds.eq.iter().all(|e| {
                    let mut u = Vec::new();
                    e.columns_used(&mut u);
                    u.is_empty()
                })
            }
            Plan::Filter { input, .. } => !matches!(
                **input,
                Plan::FunctionScan { .. } | Plan::Values { .. } | Plan::Result { .. }
            ),
            _ => false,
        };
        if !rescan_costly || uses_outside(right, right_slots) {
            return false;
        }
        // Materialize when the nested loop costs less with it (cost_material vs rescans).
        let pc = self.sizes.cost_env();
        let l = self.est(left);
        let r = self.est(right);
        let plain = {
            let e = self.estimator();
            let rescan = e.rescan_cost(right, &r);
            cost::nestloop(&pc.p, &l, &r, rescan, 0.0).1
        };
        let (ms, mt, mre) = cost::material(&pc, &r);
        let m = Est {
            startup: ms,
            total: mt,
            ..r
        };
        let mat = cost::nestloop(&pc.p, &l, &m, mre, 0.0).1;
        mat < plain
    }

    /// Costs of joining `left` (outer) to `right` (inner) on equal keys by each method;
    /// methods switched off cost DISABLE_COST more.
    #[allow(clippy::too_many_arguments)]
    fn method_costs(
        &mut self,
        kind: JoinKind,
        left: &Plan,
        right: &Plan,
        left_keys: &[Expr],
        right_keys: &[Expr],
        qual: &Option<Expr>,
        right_slots: &[(usize, usize)],
    ) -> MethodCosts {
        let env = self.sizes.cost_env();
        let pc = env.p;
        let s = self.s;
        let l = self.est(left);
        let r = self.est(right);
        let jsel = self
            .estimator()
            .join_selectivity(left, right, left_keys, right_keys, l.rows, r.rows);
        let (qsel, qcost) = match qual {
            Some(q) => {
                let mut v = Vec::new();
                and_parts(q.clone(), &mut v);
                let refs: Vec<&Expr> = v.iter().collect();
                (
                    cost::conjuncts_selectivity(&refs),
                    v.iter().map(|c| cost::expr_cost(&pc, c)).sum::<f64>(),
                )
            }
            None => (1.0, 0.0),
        };
        let out_rows =
            crate::join_cost::join_rows(kind, l.rows * r.rows * jsel * qsel, l.rows, r.rows);
        let penalty = |on: bool| if on { 0.0 } else { DISABLE_COST };

        let hash = cost::hashjoin(&env, &l, &r, left_keys.len(), jsel, qcost, out_rows).1
            + penalty(s.enable_hashjoin);

        let mergeable = left_keys
            .iter()
            .chain(right_keys.iter())
            .all(|k| sortable(k.typ) && !k.is_volatile() && !k.contains_sublink());
        let merge = if mergeable {
            let side = |p: &Plan, keys: &[Expr], e: &Est| -> (Est, f64) {
                if ordered_on_exprs(p, keys) {
                    (*e, 0.0)
                } else {
                    let (st, t) = cost::sort_ex(&env, e.total, e.rows, e.width);
                    (
                        Est {
                            startup: st,
                            total: t,
                            ..*e
                        },
                        penalty(s.enable_sort),
                    )
                }
            };
            let (ls, lp) = side(left, left_keys, &l);
            let (rs, rp) = side(right, right_keys, &r);
            Some(
                cost::mergejoin(&pc, &ls, &rs, left_keys.len(), qcost, out_rows).1
                    + lp
                    + rp
                    + penalty(s.enable_mergejoin),
            )
        } else {
            None
        };

        let nl_possible = !matches!(kind, JoinKind::Full | JoinKind::Right)
            && left_keys
                .iter()
                .zip(right_keys.iter())
                .all(|(a, b)| eq_expr(a, b).is_some());
        let mut nl_material = false;
        let nestloop = if nl_possible {
            let filter_cost = qcost + pc.cpu_operator_cost * left_keys.len() as f64;
            nl_material = s.enable_material && self.needs_material(left, right, right_slots);
            Some(
                self.nestloop_cost(&l, right, &r, nl_material, filter_cost)
                    + penalty(s.enable_nestloop),
            )
        } else {
            None
        };
        MethodCosts {
            hash,
            merge,
            nestloop,
            nl_material,
        }
    }

    /// cost_nestloop of `l` over the inner plan `right` (estimated `r`), materialized or not.
    fn nestloop_cost(
        &mut self,
        l: &Est,
        right: &Plan,
        r: &Est,
        material: bool,
        filter: f64,
    ) -> f64 {
        let env = self.sizes.cost_env();
        if material {
            let (ms, mt, mre) = cost::material(&env, r);
            let m = Est {
                startup: ms,
                total: mt,
                ..*r
            };
            cost::nestloop(&env.p, l, &m, mre, filter).1
        } else {
            let rescan = self.estimator().rescan_cost(right, r);
            cost::nestloop(&env.p, l, r, rescan, filter).1
        }
    }

    /// Hash, merge or nested loop for an equality join, with either side as the outer one
    /// for inner joins, whichever PostgreSQL's cost formulas find cheapest.
    #[allow(clippy::too_many_arguments)]
    fn hash_join(
        &mut self,
        kind: JoinKind,
        left: Box<Plan>,
        right: Box<Plan>,
        left_keys: Vec<Expr>,
        right_keys: Vec<Expr>,
        qual: Option<Expr>,
        right_slots: Vec<(usize, usize)>,
    ) -> Plan {
        let fwd = self.method_costs(
            kind,
            &left,
            &right,
            &left_keys,
            &right_keys,
            &qual,
            &right_slots,
        );
        // The same join with the sides exchanged (inner joins without lateral references).
        let swapped_slots = swappable(kind, &left, &right, &right_slots);
        let rev_kind = swapped_kind(kind);
        let rev = swapped_slots.as_ref().map(|slots| {
            self.method_costs(
                rev_kind,
                &right,
                &left,
                &right_keys,
                &left_keys,
                &qual,
                slots,
            )
        });
        let (f_method, f_cost) = fwd.best();
        let use_rev = rev.as_ref().is_some_and(|r| r.best().1 < f_cost);
        let kind = if use_rev { rev_kind } else { kind };
        let (method, nl_material, left, right, left_keys, right_keys, right_slots) = if use_rev {
            let r = rev
                .as_ref()
                .map(|r| (r.best().0, r.nl_material))
                .unwrap_or((f_method, false));
            (
                r.0,
                r.1,
                right,
                left,
                right_keys,
                left_keys,
                swapped_slots.unwrap_or(right_slots),
            )
        } else {
            (
                f_method,
                fwd.nl_material,
                left,
                right,
                left_keys,
                right_keys,
                right_slots,
            )
        };
        match method {
            Method::Merge => {
                let left = sorted_on(left, &left_keys);
                let right = sorted_on(right, &right_keys);
                Plan::MergeJoin {
                    kind,
                    left,
                    right,
                    left_keys,
                    right_keys,
                    qual,
                    right_slots,
                }
            }
            Method::NestLoop => {
                // The join filter keeps the clauses' written order (old outer side first).
                let mut parts: Vec<Expr> = left_keys
                    .iter()
                    .zip(right_keys.iter())
                    .filter_map(|(a, b)| {
                        if use_rev {
                            eq_expr(b, a).or_else(|| eq_expr(a, b))
                        } else {
                            eq_expr(a, b)
                        }
                    })
                    .collect();
                if let Some(q) = qual {
                    and_parts(q, &mut parts);
                }
                let right = if nl_material {
                    Box::new(Plan::Materialize { input: right })
                } else {
                    right
                };
                Plan::NestLoop {
                    kind,
                    left,
                    right,
                    qual: make_and(parts),
                    right_slots,
                }
            }
            Method::Hash => Plan::HashJoin {
                kind,
                left,
                right,
                left_keys,
                right_keys,
                qual,
                right_slots,
            },
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Method {
    Hash,
    Merge,
    NestLoop,
}

/// Total cost of each way to run one join orientation.
struct MethodCosts {
    hash: f64,
    merge: Option<f64>,
    nestloop: Option<f64>,
    nl_material: bool,
}

impl MethodCosts {
    /// The cheapest method (hash on ties, then merge).
    fn best(&self) -> (Method, f64) {
        let mut best = (Method::Hash, self.hash);
        if let Some(m) = self.merge {
            if m < best.1 {
                best = (Method::Merge, m);
            }
        }
        if let Some(n) = self.nestloop {
            if n < best.1 {
                best = (Method::NestLoop, n);
            }
        }
        best
    }
}

/// The join kind with the sides exchanged.
fn swapped_kind(kind: JoinKind) -> JoinKind {
    match kind {
        JoinKind::Left => JoinKind::Right,
        JoinKind::Right => JoinKind::Left,
        k => k,
    }
}

/// The flat-row width of the rows a plan produces (its scans' `width`).
fn flat_width(p: &Plan) -> Option<usize> {
    match p {
        Plan::SeqScan { width, .. }
        | Plan::IndexScan { width, .. }
        | Plan::IndexOnlyScan { width, .. }
        | Plan::BitmapHeapScan { width, .. }
        | Plan::Values { width, .. }
        | Plan::FunctionScan { width, .. }
        | Plan::SubqueryScan { width, .. } => Some(*width),
        Plan::NestLoop { left, .. }
        | Plan::HashJoin { left, .. }
        | Plan::MergeJoin { left, .. }
        | Plan::IndexNestLoop { left, .. } => flat_width(left),
        Plan::Filter { input, .. }
        | Plan::Sort { input, .. }
        | Plan::ExprSort { input, .. }
        | Plan::Materialize { input } => flat_width(input),
        _ => None,
    }
}

/// For an inner join whose sides may be exchanged: the slots the new inner (old outer) side
/// supplies — every slot the old inner side did not, so combined rows stay identical.
/// (LEFT joins are not turned into RIGHT ones: without PostgreSQL's hash bucket-size
/// estimates that chose hashing the preserved side where PostgreSQL keeps a nested loop.)
fn swappable(
    kind: JoinKind,
    left: &Plan,
    right: &Plan,
    right_slots: &[(usize, usize)],
) -> Option<Vec<(usize, usize)>> {
    if !matches!(kind, JoinKind::Inner | JoinKind::Cross) {
        return None;
    }
    let w = flat_width(left)?;
    if flat_width(right)? != w || uses_outside(right, right_slots) {
        return None;
    }
    let mut ranges = right_slots.to_vec();
    ranges.sort_unstable();
    let mut out = Vec::new();
    let mut at = 0usize;
    for (a, b) in ranges {
        if a > w || b > w || a < at {
            return None;
        }
        if a > at {
            out.push((at, a));
        }
        at = b;
    }
    if at < w {
        out.push((at, w));
    }
    if uses_outside(left, &out) {
        return None;
    }
    Some(out)
}

/// `l = r` using the type's equality operator.
fn eq_expr(l: &Expr, r: &Expr) -> Option<Expr> {
    let reg = analyzer::registry();
    let op = reg
        .opers
        .get("=")?
        .iter()
        .find(|o| o.left == l.typ && o.right == r.typ)?;
    Some(Expr::new(
        ExprKind::Func {
            func: op.func,
            args: vec![l.clone(), r.clone()],
            arg_types: op.func_args.clone(),
        },
        types::oids::BOOL,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    struct NoSizes;
    impl SizeSource for NoSizes {
        fn size(&mut self, _rel: &RelationInfo) -> (f64, f64) {
            (10.0, 1000.0)
        }
    }

    fn col(i: usize) -> Expr {
        Expr::column(i, types::oids::INT4, -1)
    }

    fn values(offset: usize, n: usize) -> Plan {
        Plan::Values {
            rows: (0..n).map(|_| vec![col(0)]).collect(),
            offset,
            width: 2,
            qual: None,
            names: Default::default(),
        }
    }

    fn stmt(plan: Plan) -> PlannedStmt {
        PlannedStmt {
            command: analyzer::query::CmdType::Select,
            plan,
            subplans: Vec::new(),
            columns: Vec::new(),
            modify: None,
        }
    }

    #[test]
    fn hash_join_becomes_merge_join_when_hashing_disabled() {
        let mut st = stmt(Plan::HashJoin {
            kind: JoinKind::Full,
            left: Box::new(values(0, 3)),
            right: Box::new(values(1, 3)),
            left_keys: vec![col(0)],
            right_keys: vec![col(1)],
            qual: None,
            right_slots: vec![(1, 2)],
        });
        let s = StrategySettings {
            enable_hashjoin: false,
            ..Default::default()
        };
        choose_strategies(&mut st, &s, &mut NoSizes);
        match &st.plan {
            Plan::MergeJoin { left, right, .. } => {
                assert!(matches!(**left, Plan::Sort { .. }));
                assert!(matches!(**right, Plan::Sort { .. }));
            }
            p => panic!("unexpected {p:?}"),
        }
    }

    #[test]
    fn hash_join_kept_by_default() {
        let mut st = stmt(Plan::HashJoin {
            kind: JoinKind::Inner,
            left: Box::new(values(0, 3)),
            right: Box::new(values(1, 3)),
            left_keys: vec![col(0)],
            right_keys: vec![col(1)],
            qual: None,
            right_slots: vec![(1, 2)],
        });
        choose_strategies(&mut st, &StrategySettings::default(), &mut NoSizes);
        assert!(matches!(st.plan, Plan::HashJoin { .. }));
    }

    #[test]
    fn hashagg_disabled_gives_sorted_aggregation() {
        let mut st = stmt(Plan::Agg {
            input: Box::new(values(0, 3)),
            keys: vec![col(0)],
            aggs: Vec::new(),
        });
        let s = StrategySettings {
            enable_hashagg: false,
            ..Default::default()
        };
        choose_strategies(&mut st, &s, &mut NoSizes);
        match &st.plan {
            Plan::GroupAgg { input, .. } => assert!(matches!(**input, Plan::Sort { .. })),
            p => panic!("unexpected {p:?}"),
        }
    }

    #[test]
    fn sort_satisfies_ordering() {
        let p = Plan::Sort {
            input: Box::new(values(0, 2)),
            keys: asc_keys(&[0, 1]),
        };
        assert!(ordered_on(&p, &[0]));
        assert!(ordered_on(&p, &[0, 1]));
        assert!(!ordered_on(&p, &[1]));
    }
    struct TinyWorkMem;
    impl SizeSource for TinyWorkMem {
        fn size(&mut self, _rel: &RelationInfo) -> (f64, f64) {
            (10.0, 1000.0)
        }
        fn cost_env(&self) -> cost::CostEnv {
            cost::CostEnv {
                work_mem_kb: 1.0,
                ..cost::CostEnv::default()
            }
        }
    }

    #[test]
    fn hashagg_over_work_mem_gives_sorted_aggregation() {
        let agg = || {
            stmt(Plan::Agg {
                input: Box::new(values(0, 500)),
                keys: vec![col(0)],
                aggs: Vec::new(),
            })
        };
        let mut st = agg();
        choose_strategies(&mut st, &StrategySettings::default(), &mut NoSizes);
        assert!(matches!(st.plan, Plan::Agg { .. }));
        let mut st = agg();
        choose_strategies(&mut st, &StrategySettings::default(), &mut TinyWorkMem);
        assert!(matches!(st.plan, Plan::GroupAgg { .. }));
    }

    fn three_by_three() -> PlannedStmt {
        stmt(Plan::HashJoin {
            kind: JoinKind::Inner,
            left: Box::new(values(0, 3)),
            right: Box::new(values(1, 3)),
            left_keys: vec![col(0)],
            right_keys: vec![col(1)],
            qual: None,
            right_slots: vec![(1, 2)],
        })
    }

    #[test]
    fn cheapest_alternative_when_hashing_disabled() {
        // Sorting three rows per side (0.12) costs less than 3 × 3 filtered pairs (0.14).
        let mut st = three_by_three();
        let s = StrategySettings {
            enable_hashjoin: false,
            ..Default::default()
        };
        choose_strategies(&mut st, &s, &mut NoSizes);
        assert!(matches!(st.plan, Plan::MergeJoin { .. }));
        // With merge joins off too, a nested loop over the VALUES list (cheap to rescan,
        // so not materialized) with the key equality as join filter.
        let mut st = three_by_three();
        let s = StrategySettings {
            enable_hashjoin: false,
            enable_mergejoin: false,
            ..Default::default()
        };
        choose_strategies(&mut st, &s, &mut NoSizes);
        match &st.plan {
            Plan::NestLoop { right, qual, .. } => {
                assert!(matches!(**right, Plan::Values { .. }));
                assert!(qual.is_some());
            }
            p => panic!("unexpected {p:?}"),
        }
        // Everything disabled: hashing stays (PostgreSQL adds disable_cost, never refuses).
        let mut st = three_by_three();
        let s = StrategySettings {
            enable_hashjoin: false,
            enable_mergejoin: false,
            enable_nestloop: false,
            ..Default::default()
        };
        choose_strategies(&mut st, &s, &mut NoSizes);
        assert!(matches!(st.plan, Plan::HashJoin { .. }));
    }
}
