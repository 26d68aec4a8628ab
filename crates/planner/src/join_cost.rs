//! Cost and row estimates of (sub)plans for the join/aggregation strategy pass: PostgreSQL's
//! cost formulas (planner::cost) over table sizes from pg_class and selectivities from
//! pg_statistic (scan restrictions via cost::scan_selectivity, equality joins via eqjoinsel,
//! group counts via estimate_num_groups), so alternatives can be compared by total cost.

use crate::cost::{self, CostEnv, Est};
use crate::join_paths::SizeSource;
use crate::selectivity;
use crate::Plan;
use analyzer::expr::{Expr, ExprKind};
use catalog::stats::ColumnStats;
use catalog::RelationInfo;
use parser::ast::JoinKind;
use std::sync::Arc;

/// Estimates plans with the session's cost settings and the catalog's statistics.
pub struct Estimator<'a> {
    pub env: CostEnv,
    pub sizes: &'a mut dyn SizeSource,
}

fn conjuncts(e: &Expr) -> Vec<&Expr> {
    match &e.kind {
        ExprKind::And(v) => v.iter().flat_map(conjuncts).collect(),
        _ => vec![e],
    }
}

/// The base table and attribute number a flat-row slot of `p`'s output comes from.
pub fn slot_source(p: &Plan, slot: usize) -> Option<(Arc<RelationInfo>, i16)> {
    match p {
        Plan::SeqScan { rel, offset, .. }
        | Plan::IndexScan { rel, offset, .. }
        | Plan::IndexOnlyScan { rel, offset, .. }
        | Plan::BitmapHeapScan { rel, offset, .. } => {
            let i = slot.checked_sub(*offset)?;
            rel.columns.get(i)?;
            Some((rel.clone(), i16::try_from(i + 1).ok()?))
        }
        Plan::NestLoop { left, right, .. }
        | Plan::HashJoin { left, right, .. }
        | Plan::MergeJoin { left, right, .. }
        | Plan::IndexNestLoop { left, right, .. } => {
            slot_source(left, slot).or_else(|| slot_source(right, slot))
        }
        Plan::Filter { input, .. }
        | Plan::Sort { input, .. }
        | Plan::ExprSort { input, .. }
        | Plan::Materialize { input }
        | Plan::Limit { input, .. }
        | Plan::LockRows { input, .. } => slot_source(input, slot),
        _ => None,
    }
}

fn width_of(rel: &RelationInfo) -> i64 {
    cost::rel_data_width(rel)
}

impl Estimator<'_> {
    fn p(&self) -> cost::CostParams {
        self.env.p
    }

    /// pg_statistic row of a key expression that is a plain column of a base table, and
    /// that table's row count.
    fn key_stats(&mut self, p: &Plan, e: &Expr) -> (Option<Arc<ColumnStats>>, f64) {
        if let ExprKind::Column {
            level: 0, index, ..
        } = &e.kind
        {
            if let Some((rel, attnum)) = slot_source(p, *index) {
                let (_, tuples) = self.sizes.size(&rel);
                return (self.sizes.column_stats(&rel, attnum), tuples);
            }
        }
        (None, 0.0)
    }

    /// Selectivity of equality join keys (eqjoinsel per key pair, multiplied).
    pub fn join_selectivity(
        &mut self,
        left: &Plan,
        right: &Plan,
        left_keys: &[Expr],
        right_keys: &[Expr],
        lrows: f64,
        rrows: f64,
    ) -> f64 {
        let mut sel = 1.0;
        for (l, r) in left_keys.iter().zip(right_keys) {
            let (s1, t1) = self.key_stats(left, l);
            let (s2, t2) = self.key_stats(right, r);
            let t1 = if s1.is_some() || t1 > 0.0 { t1 } else { lrows };
            let t2 = if s2.is_some() || t2 > 0.0 { t2 } else { rrows };
            let t1 = if s1.is_none() {
                t1.min(lrows.max(1.0))
            } else {
                t1
            };
            let t2 = if s2.is_none() {
                t2.min(rrows.max(1.0))
            } else {
                t2
            };
            sel *= selectivity::eqjoin_selectivity(s1.as_deref(), t1, s2.as_deref(), t2);
        }
        sel
    }

    /// Selectivity and per-row cost of a scan's qual over `rel`'s columns at `offset`.
    fn scan_qual(
        &mut self,
        rel: &RelationInfo,
        offset: usize,
        tuples: f64,
        qual: &Option<Expr>,
    ) -> (f64, f64) {
        let Some(q) = qual else {
            return (1.0, 0.0);
        };
        let cs = conjuncts(q);
        let qcost: f64 = cs.iter().map(|c| cost::expr_cost(&self.p(), c)).sum();
        let mut cache: Vec<(i16, Option<Arc<ColumnStats>>)> = Vec::new();
        let mut used = Vec::new();
        q.columns_used(&mut used);
        for slot in used {
            let Some(i) = slot.checked_sub(offset) else {
                continue;
            };
            if rel.columns.get(i).is_none() {
                continue;
            }
            let Ok(attnum) = i16::try_from(i + 1) else {
                continue;
            };
            if !cache.iter().any(|(a, _)| *a == attnum) {
                cache.push((attnum, self.sizes.column_stats(rel, attnum)));
            }
        }
        let any_stats = cache.iter().any(|(_, s)| s.is_some());
        let sel = if any_stats {
            let lookup = |slot: usize| -> Option<(Option<Arc<ColumnStats>>, f64)> {
                let i = slot.checked_sub(offset)?;
                let attnum = i16::try_from(i + 1).ok()?;
                let st = cache.iter().find(|(a, _)| *a == attnum)?.1.clone();
                Some((st, tuples))
            };
            cost::scan_selectivity(&cs, &lookup)
        } else {
            cost::conjuncts_selectivity(&cs)
        };
        (sel, qcost)
    }

    fn qual_sel_cost(q: &Option<Expr>, p: &cost::CostParams) -> (f64, f64) {
        match q {
            Some(q) => {
                let cs = conjuncts(q);
                (
                    cost::conjuncts_selectivity(&cs),
                    cs.iter().map(|c| cost::expr_cost(p, c)).sum(),
                )
            }
            None => (1.0, 0.0),
        }
    }

    /// Number of groups of `input` on `keys`: estimate_num_groups when every key is a
    /// column of one table, PostgreSQL's default otherwise.
    pub fn num_groups(&mut self, input: &Plan, keys: &[Expr], in_rows: f64) -> f64 {
        if keys.is_empty() {
            return 1.0;
        }
        let mut srcs = Vec::new();
        for k in keys {
            match &k.kind {
                ExprKind::Column {
                    level: 0, index, ..
                } => match slot_source(input, *index) {
                    Some(s) => srcs.push(s),
                    None => return cost::num_groups(in_rows, keys.len()),
                },
                _ => return cost::num_groups(in_rows, keys.len()),
            }
        }
        let rel = srcs[0].0.clone();
        if srcs.iter().any(|(r, _)| r.oid != rel.oid) {
            return cost::num_groups(in_rows, keys.len());
        }
        let (_, tuples) = self.sizes.size(&rel);
        let stats: Vec<Option<Arc<ColumnStats>>> = srcs
            .iter()
            .map(|(r, a)| self.sizes.column_stats(r, *a))
            .collect();
        let cols: Vec<selectivity::GroupColumn> = stats
            .iter()
            .map(|s| selectivity::GroupColumn {
                stats: s.as_deref(),
            })
            .collect();
        selectivity::estimate_num_groups(&cols, tuples, in_rows)
    }

    /// Cost of re-running `p` for another outer row (cost_rescan): buffering nodes replay
    /// their rows, everything else runs again.
    pub fn rescan_cost(&self, p: &Plan, e: &Est) -> f64 {
        match p {
            Plan::Materialize { .. } => cost::material(&self.env, e).2.min(e.total),
            Plan::Sort { .. } | Plan::ExprSort { .. } => self.p().cpu_operator_cost * e.rows,
            Plan::Agg { keys, .. } if !keys.is_empty() => self.p().cpu_tuple_cost * e.rows,
            _ => e.total,
        }
    }

    /// Estimate of a plan: startup and total cost, rows, width.
    pub fn est(&mut self, p: &Plan) -> Est {
        let pc = self.p();
        match p {
            Plan::Result { .. } => Est {
                startup: 0.0,
                total: pc.cpu_tuple_cost,
                rows: 1.0,
                width: 0,
            },
            Plan::SeqScan {
                rel, offset, qual, ..
            } => {
                let (pages, tuples) = self.sizes.size(rel);
                let (sel, qcost) = self.scan_qual(rel, *offset, tuples, qual);
                let (s, t) = cost::seq_scan(&pc, pages, tuples, qcost);
                Est {
                    startup: s,
                    total: t,
                    rows: cost::clamp_rows(tuples * sel),
                    width: width_of(rel),
                }
            }
            Plan::BitmapHeapScan {
                rel, offset, qual, ..
            }
            | Plan::IndexScan {
                rel, offset, qual, ..
            }
            | Plan::IndexOnlyScan {
                rel, offset, qual, ..
            } => {
                let (pages, tuples) = self.sizes.size(rel);
                let (mut sel, qcost) = self.scan_qual(rel, *offset, tuples, qual);
                let mut nconds = 0;
                if let Plan::IndexScan { index, bounds, .. }
                | Plan::IndexOnlyScan { index, bounds, .. } = p
                {
                    nconds = bounds.eq.len();
                    if index.unique && !bounds.eq.is_empty() && bounds.eq.len() >= index.keys.len()
                    {
                        sel = sel.min(1.0 / tuples.max(1.0));
                    }
                }
                let (s, t) = cost::index_scan(&pc, pages, tuples, sel, nconds, qcost, 1.0);
                Est {
                    startup: s,
                    total: t,
                    rows: cost::clamp_rows(tuples * sel),
                    width: width_of(rel),
                }
            }
            Plan::Values { rows, qual, .. } => {
                let (sel, qcost) = Self::qual_sel_cost(qual, &pc);
                let n = rows.len() as f64;
                let w = rows
                    .first()
                    .map(|r| r.iter().map(|e| cost::type_width(e.typ, e.typmod)).sum())
                    .unwrap_or(0);
                Est {
                    startup: 0.0,
                    total: n * (pc.cpu_operator_cost + qcost),
                    rows: cost::clamp_rows(n * sel),
                    width: w,
                }
            }
            Plan::FunctionScan { qual, .. } => {
                let (sel, qcost) = Self::qual_sel_cost(qual, &pc);
                Est {
                    startup: 0.0,
                    total: 1000.0 * (pc.cpu_operator_cost + qcost) + 10.0,
                    rows: cost::clamp_rows(1000.0 * sel),
                    width: 32,
                }
            }
            Plan::SubqueryScan { plan, qual, .. } => {
                let e = self.est(plan);
                let (sel, qcost) = Self::qual_sel_cost(qual, &pc);
                Est {
                    total: e.total + e.rows * (pc.cpu_tuple_cost + qcost),
                    rows: cost::clamp_rows(e.rows * sel),
                    ..e
                }
            }
            Plan::Filter { input, qual } => {
                let e = self.est(input);
                let q = Some(qual.clone());
                let (sel, qcost) = match &**input {
                    Plan::SeqScan { rel, offset, .. } => {
                        let (_, tuples) = self.sizes.size(rel);
                        self.scan_qual(rel, *offset, tuples, &q)
                    }
                    _ => Self::qual_sel_cost(&q, &pc),
                };
                Est {
                    total: e.total + e.rows * qcost,
                    rows: cost::clamp_rows(e.rows * sel),
                    ..e
                }
            }
            Plan::NestLoop {
                kind,
                left,
                right,
                qual,
                ..
            } => {
                let l = self.est(left);
                let r = self.est(right);
                let (sel, qcost) = Self::qual_sel_cost(qual, &pc);
                let rows = join_rows(*kind, l.rows * r.rows * sel, l.rows, r.rows);
                let rescan = self.rescan_cost(right, &r);
                let (s, t) = cost::nestloop(&pc, &l, &r, rescan, qcost);
                Est {
                    startup: s,
                    total: t,
                    rows: cost::clamp_rows(rows),
                    width: l.width + r.width,
                }
            }
            Plan::IndexNestLoop {
                kind,
                left,
                right,
                qual,
                left_keys,
                right_keys,
                ..
            } => {
                let l = self.est(left);
                let r = self.est(right);
                let (_, tuples) = match slot_source_rel(right) {
                    Some(rel) => self.sizes.size(&rel),
                    None => (0.0, r.rows),
                };
                let jsel =
                    self.join_selectivity(left, right, left_keys, right_keys, l.rows, tuples);
                let (sel, _) = Self::qual_sel_cost(qual, &pc);
                let per_probe = cost::clamp_rows(tuples * jsel);
                let rows = join_rows(*kind, l.rows * per_probe * sel, l.rows, r.rows);
                let probe = (pc.random_page_cost + pc.cpu_index_tuple_cost) * per_probe
                    + pc.cpu_operator_cost * 50.0;
                Est {
                    startup: l.startup,
                    total: l.total + l.rows * probe + pc.cpu_tuple_cost * rows,
                    rows: cost::clamp_rows(rows),
                    width: l.width + r.width,
                }
            }
            Plan::HashJoin {
                kind,
                left,
                right,
                left_keys,
                right_keys,
                qual,
                ..
            }
            | Plan::MergeJoin {
                kind,
                left,
                right,
                left_keys,
                right_keys,
                qual,
                ..
            } => {
                let l = self.est(left);
                let r = self.est(right);
                let jsel =
                    self.join_selectivity(left, right, left_keys, right_keys, l.rows, r.rows);
                let (sel, qcost) = Self::qual_sel_cost(qual, &pc);
                let rows = join_rows(*kind, l.rows * r.rows * jsel * sel, l.rows, r.rows);
                let (s, t) = if matches!(p, Plan::HashJoin { .. }) {
                    cost::hashjoin(&self.env, &l, &r, left_keys.len(), jsel, qcost, rows)
                } else {
                    cost::mergejoin(&pc, &l, &r, left_keys.len(), qcost, rows)
                };
                Est {
                    startup: s,
                    total: t,
                    rows: cost::clamp_rows(rows),
                    width: l.width + r.width,
                }
            }
            Plan::Agg { input, keys, aggs } | Plan::GroupAgg { input, keys, aggs } => {
                let e = self.est(input);
                let groups = self.num_groups(input, keys, e.rows);
                let agg_cost = agg_cost(&pc, aggs, e.rows);
                let width = agg_width(keys, aggs);
                let (s, t) = if keys.is_empty() {
                    let s = e.total + agg_cost;
                    (s, s + pc.cpu_tuple_cost)
                } else if matches!(p, Plan::Agg { .. }) {
                    cost::agg_hashed(&self.env, &e, keys.len(), agg_cost, groups, width, 0)
                        .unwrap_or_else(|| {
                            let s = e.total + agg_cost;
                            (
                                s + cost::DISABLE_COST,
                                s + cost::DISABLE_COST + groups * 0.01,
                            )
                        })
                } else {
                    cost::agg_sorted(&pc, &e, keys.len(), agg_cost, groups)
                };
                Est {
                    startup: s,
                    total: t,
                    rows: groups,
                    width,
                }
            }
            Plan::Distinct { input, ncols } => {
                let e = self.est(input);
                let groups = cost::num_groups(e.rows, *ncols);
                let s = e.total + pc.cpu_operator_cost * *ncols as f64 * e.rows;
                Est {
                    startup: s,
                    total: s + groups * pc.cpu_tuple_cost,
                    rows: groups,
                    ..e
                }
            }
            Plan::DistinctOn { input, cols } => {
                let e = self.est(input);
                let groups = cost::num_groups(e.rows, cols.len());
                Est {
                    total: e.total + pc.cpu_operator_cost * cols.len() as f64 * e.rows,
                    rows: groups,
                    ..e
                }
            }
            Plan::Sort { input, .. } | Plan::ExprSort { input, .. } => {
                let e = self.est(input);
                let (s, t) = cost::sort_ex(&self.env, e.total, e.rows, e.width);
                Est {
                    startup: s,
                    total: t,
                    ..e
                }
            }
            Plan::Materialize { input } => {
                let e = self.est(input);
                let (s, t, _) = cost::material(&self.env, &e);
                Est {
                    startup: s,
                    total: t,
                    ..e
                }
            }
            Plan::Project { input, .. }
            | Plan::ProjectSet { input, .. }
            | Plan::WindowAgg { input, .. }
            | Plan::Limit { input, .. }
            | Plan::LockRows { input, .. } => self.est(input),
            Plan::SemiJoin { input, inner, .. } => {
                let e = self.est(input);
                let i = self.est(inner);
                Est {
                    total: e.total + i.total,
                    ..e
                }
            }
            Plan::Append { inputs } => {
                let mut acc = Est::default();
                for i in inputs {
                    let e = self.est(i);
                    acc.total += e.total;
                    acc.rows += e.rows;
                    acc.width = acc.width.max(e.width);
                }
                acc
            }
            Plan::SetOp { left, right, .. } => {
                let l = self.est(left);
                let r = self.est(right);
                Est {
                    startup: l.total + r.total,
                    total: l.total + r.total,
                    rows: l.rows.max(r.rows),
                    width: l.width,
                }
            }
            _ => Est {
                startup: 0.0,
                total: 10.0,
                rows: 1000.0,
                width: 32,
            },
        }
    }
}

fn slot_source_rel(p: &Plan) -> Option<Arc<RelationInfo>> {
    match p {
        Plan::SeqScan { rel, .. }
        | Plan::IndexScan { rel, .. }
        | Plan::IndexOnlyScan { rel, .. }
        | Plan::BitmapHeapScan { rel, .. } => Some(rel.clone()),
        Plan::Filter { input, .. } | Plan::Materialize { input } => slot_source_rel(input),
        _ => None,
    }
}

/// Output rows of a join given the matched pairs (outer joins keep unmatched rows).
pub fn join_rows(k: JoinKind, rows: f64, l: f64, r: f64) -> f64 {
    match k {
        JoinKind::Left => rows.max(l),
        JoinKind::Right => rows.max(r),
        JoinKind::Full => rows.max(l).max(r),
        _ => rows,
    }
}

/// Per-input-row cost of the aggregates' transition functions and arguments.
pub fn agg_cost(pc: &cost::CostParams, aggs: &[analyzer::expr::AggCall], in_rows: f64) -> f64 {
    aggs.len() as f64 * pc.cpu_operator_cost * in_rows
        + aggs
            .iter()
            .flat_map(|a| a.args.iter())
            .map(|e| cost::expr_cost(pc, e) * in_rows)
            .sum::<f64>()
}

/// Output width of an aggregation: its keys and results.
pub fn agg_width(keys: &[Expr], aggs: &[analyzer::expr::AggCall]) -> i64 {
    keys.iter()
        .map(|k| cost::type_width(k.typ, k.typmod))
        .chain(aggs.iter().map(|a| cost::type_width(a.result_type, -1)))
        .sum()
}
