//! Hook running the planner's join/aggregation strategy pass (planner::join_paths) on a
//! freshly planned statement, with the session's enable_* and cost settings, table sizes
//! (pg_class relpages/reltuples scaled to the current file size, as EXPLAIN estimates them)
//! and ANALYZE column statistics.

use catalog::stats::ColumnStats;
use catalog::RelationInfo;
use common::Oid;
use std::collections::HashMap;
use std::sync::Arc;

struct Sizes<'x, 'a> {
    cx: &'x crate::ExecContext<'a>,
    env: planner::cost::CostEnv,
    sizes: HashMap<Oid, (f64, f64)>,
    stats: HashMap<Oid, Arc<Vec<ColumnStats>>>,
}

impl Sizes<'_, '_> {
    /// pg_class.relpages and reltuples of a table.
    fn class_size(&self, relid: Oid) -> Option<(f64, f64)> {
        let def = catalog::schema::by_oid(catalog::schema::PG_CLASS)?;
        let (pi, ti) = (def.col("relpages")?, def.col("reltuples")?);
        let ccx = crate::catalog_cx(self.cx);
        let rows = self
            .cx
            .catalog
            .catalog_rows(&ccx, catalog::schema::PG_CLASS, |r| r.row_oid() == relid)
            .ok()?;
        let r = rows.into_iter().next()?;
        let pages = r.values.get(pi).and_then(|d| d.as_i64()).unwrap_or(0) as f64;
        let tuples = r.values.get(ti).and_then(|d| d.as_f64()).unwrap_or(0.0);
        Some((pages, tuples))
    }
}

impl planner::join_paths::SizeSource for Sizes<'_, '_> {
    fn size(&mut self, rel: &RelationInfo) -> (f64, f64) {
        if let Some(s) = self.sizes.get(&rel.oid) {
            return *s;
        }
        let cur = self.cx.storage.nblocks(rel.file).unwrap_or(0) as f64;
        let s = match self.class_size(rel.oid) {
            Some((relpages, reltuples)) if relpages > 0.0 => {
                let pages = cur.max(1.0);
                (pages, (reltuples / relpages * pages).round())
            }
            _ => planner::cost::rel_size(rel, cur),
        };
        self.sizes.insert(rel.oid, s);
        s
    }

    fn column_stats(&mut self, rel: &RelationInfo, attnum: i16) -> Option<Arc<ColumnStats>> {
        if !self.stats.contains_key(&rel.oid) {
            let ccx = crate::catalog_cx(self.cx);
            let all = self
                .cx
                .catalog
                .relation_stats(&ccx, rel.oid)
                .unwrap_or_default();
            self.stats.insert(rel.oid, all);
        }
        self.stats
            .get(&rel.oid)?
            .iter()
            .find(|s| s.attnum == attnum && !s.inherited)
            .map(|s| Arc::new(s.clone()))
    }

    fn cost_env(&self) -> planner::cost::CostEnv {
        self.env
    }
}

fn on(cx: &crate::ExecContext, name: &str) -> bool {
    cx.gucs.get_bool(name).unwrap_or(true)
}

fn num(cx: &crate::ExecContext, name: &str, default: f64) -> f64 {
    cx.gucs
        .get_real(name)
        .ok()
        .filter(|v| v.is_finite() && *v >= 0.0)
        .unwrap_or(default)
}

/// A memory/size GUC whose unit is `unit_kb` kilobytes, in kilobytes.
fn mem_kb(cx: &crate::ExecContext, name: &str, unit_kb: f64, default_kb: f64) -> f64 {
    match cx.gucs.get_int(name) {
        Ok(v) if v > 0 => v as f64 * unit_kb,
        _ => default_kb,
    }
}

/// The session's planner switches.
pub fn settings(cx: &crate::ExecContext) -> planner::join_paths::StrategySettings {
    planner::join_paths::StrategySettings {
        enable_hashjoin: on(cx, "enable_hashjoin"),
        enable_mergejoin: on(cx, "enable_mergejoin"),
        enable_nestloop: on(cx, "enable_nestloop"),
        enable_material: on(cx, "enable_material"),
        enable_hashagg: on(cx, "enable_hashagg"),
        enable_sort: on(cx, "enable_sort"),
    }
}

/// The session's cost parameters, work_mem and effective_cache_size.
pub fn cost_env(cx: &crate::ExecContext) -> planner::cost::CostEnv {
    let d = planner::cost::CostParams::default();
    planner::cost::CostEnv {
        p: planner::cost::CostParams {
            seq_page_cost: num(cx, "seq_page_cost", d.seq_page_cost),
            random_page_cost: num(cx, "random_page_cost", d.random_page_cost),
            cpu_tuple_cost: num(cx, "cpu_tuple_cost", d.cpu_tuple_cost),
            cpu_index_tuple_cost: num(cx, "cpu_index_tuple_cost", d.cpu_index_tuple_cost),
            cpu_operator_cost: num(cx, "cpu_operator_cost", d.cpu_operator_cost),
        },
        work_mem_kb: mem_kb(cx, "work_mem", 1.0, 4096.0),
        effective_cache_size: mem_kb(cx, "effective_cache_size", 8.0, 4.0 * 1024.0 * 1024.0) / 8.0,
    }
}

/// Choose join and aggregation strategies for a planned statement.
pub fn plan_strategies(p: &mut planner::PlannedStmt, cx: &crate::ExecContext) {
    // Most statements (single-table lookups and DML) have no join, aggregation, sort or
    // set operation to decide: skip reading a dozen settings for them.
    let mut needed = false;
    let mut stack: Vec<&mut planner::Plan> = vec![&mut p.plan];
    stack.extend(p.subplans.iter_mut());
    while let Some(node) = stack.pop() {
        use planner::Plan as P;
        if matches!(
            node,
            P::NestLoop { .. }
                | P::HashJoin { .. }
                | P::IndexNestLoop { .. }
                | P::MergeJoin { .. }
                | P::Agg { .. }
                | P::GroupAgg { .. }
                | P::Distinct { .. }
                | P::DistinctOn { .. }
                | P::SetOp { .. }
                | P::Sort { .. }
                | P::SemiJoin { .. }
                | P::WindowAgg { .. }
        ) {
            needed = true;
            break;
        }
        stack.extend(planner::index_paths::children(node));
    }
    if !needed {
        return;
    }
    let s = settings(cx);
    let mut sizes = Sizes {
        cx,
        env: cost_env(cx),
        sizes: HashMap::new(),
        stats: HashMap::new(),
    };
    planner::join_paths::choose_strategies(p, &s, &mut sizes);
}
