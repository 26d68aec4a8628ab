//! Cost estimates for EXPLAIN: PostgreSQL's cost formulas (seq/index scans, joins, sorts,
//! aggregation, limits) over the cost GUCs, table sizes estimated the way PostgreSQL does for
//! tables without statistics, and default selectivities (`clause_selectivity` is the one
//! function to replace when column statistics become available).

use analyzer::expr::{Expr, ExprKind};
use catalog::RelationInfo;
use common::Oid;
use types::oids;

/// The planner cost parameters (GUCs).
#[derive(Clone, Copy, Debug)]
pub struct CostParams {
    pub seq_page_cost: f64,
    pub random_page_cost: f64,
    pub cpu_tuple_cost: f64,
    pub cpu_index_tuple_cost: f64,
    pub cpu_operator_cost: f64,
}

impl Default for CostParams {
    fn default() -> Self {
        CostParams {
            seq_page_cost: 1.0,
            random_page_cost: 4.0,
            cpu_tuple_cost: 0.01,
            cpu_index_tuple_cost: 0.005,
            cpu_operator_cost: 0.0025,
        }
    }
}

/// A node's estimate: startup and total cost, rows, average row width.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Est {
    pub startup: f64,
    pub total: f64,
    pub rows: f64,
    pub width: i64,
}

pub const DEFAULT_EQ_SEL: f64 = 0.005;
pub const DEFAULT_INEQ_SEL: f64 = 1.0 / 3.0;
pub const DEFAULT_MATCH_SEL: f64 = 0.005;
pub const DEFAULT_NUM_DISTINCT: f64 = 200.0;

/// clamp_row_est: at least one row, rounded.
pub fn clamp_rows(r: f64) -> f64 {
    if r.is_nan() || r <= 1.0 {
        1.0
    } else {
        r.round()
    }
}

/// Average width of a value of type `typ` (get_typavgwidth without statistics).
pub fn type_width(typ: Oid, typmod: i32) -> i64 {
    if let Some(t) = types::type_info(typ) {
        if t.len > 0 {
            return t.len as i64;
        }
    }
    if typmod > 0 {
        let max = match typ {
            oids::BPCHAR | oids::VARCHAR => Some((typmod as i64 - 4) * 4 + 4),
            _ => None,
        };
        if let Some(m) = max {
            if typ == oids::BPCHAR || m <= 32 {
                return m;
            }
            return if m < 1000 {
                32 + (m - 32) / 2
            } else {
                32 + (1000 - 32) / 2
            };
        }
    }
    32
}

/// Sum of the table's column widths (estimate_rel_size's tuple width, before overhead).
pub fn rel_data_width(rel: &RelationInfo) -> i64 {
    rel.columns
        .iter()
        .filter(|c| !c.dropped)
        .map(|c| type_width(c.type_oid, c.typmod))
        .sum()
}

/// (pages, tuples) of a table from its current size in blocks, as PostgreSQL estimates them
/// for a table never vacuumed: an empty table counts as 10 pages, tuples from the density
/// implied by the column widths.
pub fn rel_size(rel: &RelationInfo, curpages: f64) -> (f64, f64) {
    let pages = if curpages < 1.0 { 10.0 } else { curpages };
    let tuple_width = rel_data_width(rel) + 24 + 4;
    let density = ((8192 - 24) / tuple_width.max(1)) as f64;
    (pages, (density * pages).round())
}

/// Per-tuple cost of evaluating `e` (cpu_operator_cost per operator or function call).
pub fn expr_cost(p: &CostParams, e: &Expr) -> f64 {
    let mut n = 0usize;
    fn walk(e: &Expr, n: &mut usize) {
        match &e.kind {
            ExprKind::Func { .. }
            | ExprKind::Session { .. }
            | ExprKind::Distinct { .. }
            | ExprKind::NullIf { .. }
            | ExprKind::ArrayCmp { .. }
            | ExprKind::SubLink { .. } => *n += 1,
            ExprKind::Cast {
                how: analyzer::expr::CastHow::Func(..) | analyzer::expr::CastHow::Io { .. },
                ..
            } => *n += 1,
            _ => {}
        }
        for c in e.children() {
            walk(c, n);
        }
    }
    walk(e, &mut n);
    n as f64 * p.cpu_operator_cost
}

fn comparison_name(e: &Expr) -> Option<&'static str> {
    if let ExprKind::Func { func, args, .. } = &e.kind {
        if args.len() == 2 {
            if let Some((op, _)) = crate::explain::deparse::operator_names().get(&func.oid) {
                return Some(match op.as_str() {
                    "=" => "=",
                    "<>" => "<>",
                    "<" | "<=" | ">" | ">=" => "<",
                    "~~" | "~~*" | "~" | "~*" => "~~",
                    "!~~" | "!~~*" | "!~" | "!~*" => "!~~",
                    _ => "?",
                });
            }
        }
    }
    None
}

/// Statistics of the column at a flat-row slot of the scanned table, and the table's row
/// count: what `scan_selectivity` asks about each column a clause compares.
pub type SlotStats<'a> =
    &'a dyn Fn(usize) -> Option<(Option<std::sync::Arc<catalog::stats::ColumnStats>>, f64)>;

/// Selectivity of a scan's conjuncts using ANALYZE statistics where a clause compares one
/// column of the table with a constant (`col op const`, `const op col`, `col IS [NOT] NULL`),
/// PostgreSQL's defaults otherwise.
pub fn scan_selectivity(conj: &[&Expr], stats: SlotStats) -> f64 {
    let mut sel = 1.0;
    for c in conj {
        sel *= stats_clause_selectivity(c, stats).unwrap_or_else(|| clause_selectivity(c));
    }
    sel.clamp(0.0, 1.0)
}

fn stats_clause_selectivity(e: &Expr, stats: SlotStats) -> Option<f64> {
    use crate::selectivity::{restriction_selectivity, CmpOp, Restriction};
    let column = |x: &Expr| match &x.kind {
        ExprKind::Column {
            level: 0, index, ..
        } => Some(*index),
        _ => None,
    };
    match &e.kind {
        ExprKind::IsNull { arg, negated } => {
            let (st, tuples) = stats(column(arg)?)?;
            let r = if *negated {
                Restriction::IsNotNull
            } else {
                Restriction::IsNull
            };
            Some(restriction_selectivity(st.as_deref(), r, tuples))
        }
        ExprKind::Func { func, args, .. } if args.len() == 2 => {
            let (op, _) = crate::explain::deparse::operator_names()
                .get(&func.oid)?
                .clone();
            let (slot, konst, flipped) = match (&args[0].kind, &args[1].kind) {
                (ExprKind::Column { .. }, ExprKind::Const(d)) => (column(&args[0])?, d, false),
                (ExprKind::Const(d), ExprKind::Column { .. }) => (column(&args[1])?, d, true),
                _ => return None,
            };
            let op = match (op.as_str(), flipped) {
                ("=", _) => CmpOp::Eq,
                ("<>", _) => CmpOp::Ne,
                ("<", false) | (">", true) => CmpOp::Lt,
                ("<=", false) | (">=", true) => CmpOp::Le,
                (">", false) | ("<", true) => CmpOp::Gt,
                (">=", false) | ("<=", true) => CmpOp::Ge,
                _ => return None,
            };
            let (st, tuples) = stats(slot)?;
            // Without statistics the defaults below are PostgreSQL's as well.
            st.as_ref()?;
            Some(restriction_selectivity(
                st.as_deref(),
                Restriction::Cmp(op, konst),
                tuples,
            ))
        }
        _ => None,
    }
}

/// Default selectivity of a WHERE clause (no statistics): PostgreSQL's DEFAULT_EQ_SEL for
/// equality, DEFAULT_INEQ_SEL for inequalities, products for AND, etc.
pub fn clause_selectivity(e: &Expr) -> f64 {
    match &e.kind {
        ExprKind::And(v) => v.iter().map(clause_selectivity).product(),
        ExprKind::Or(v) => v.iter().fold(0.0, |s, x| {
            let s2 = clause_selectivity(x);
            s + s2 - s * s2
        }),
        ExprKind::Not(a) => 1.0 - clause_selectivity(a),
        ExprKind::IsNull { negated, .. } => {
            if *negated {
                0.995
            } else {
                0.005
            }
        }
        ExprKind::Const(d) => match d.as_bool() {
            Some(true) => 1.0,
            _ => 0.0,
        },
        ExprKind::Column { .. } => 0.5,
        ExprKind::ArrayCmp { array, all, .. } => {
            let n = match &array.kind {
                ExprKind::Const(types::Datum::Array(a)) => a.elems.len().max(1),
                ExprKind::Array { elems, .. } => elems.len().max(1),
                _ => 10,
            } as f64;
            if *all {
                DEFAULT_EQ_SEL.powf(n)
            } else {
                (1.0 - (1.0 - DEFAULT_EQ_SEL).powf(n)).min(1.0)
            }
        }
        _ => match comparison_name(e) {
            Some("=") => DEFAULT_EQ_SEL,
            Some("<>") => 1.0 - DEFAULT_EQ_SEL,
            Some("<") => DEFAULT_INEQ_SEL,
            Some("~~") => DEFAULT_MATCH_SEL,
            Some("!~~") => 1.0 - DEFAULT_MATCH_SEL,
            _ => DEFAULT_INEQ_SEL,
        },
    }
}

/// Selectivity of a conjunct list, with PostgreSQL's range-pair rule (`a > x AND a < y`
/// counts as DEFAULT_RANGE_INEQ_SEL 0.005 rather than 1/9).
pub fn conjuncts_selectivity(conj: &[&Expr]) -> f64 {
    let mut sel = 1.0;
    let mut ineq = 0usize;
    for c in conj {
        if comparison_name(c) == Some("<") {
            ineq += 1;
        } else {
            sel *= clause_selectivity(c);
        }
    }
    match ineq {
        0 => sel,
        1 => sel * DEFAULT_INEQ_SEL,
        2 => sel * 0.005,
        n => sel * 0.005 * DEFAULT_INEQ_SEL.powi(n as i32 - 2),
    }
}

/// Sequential scan: pages × seq_page_cost + tuples × (cpu_tuple_cost + qual cost).
pub fn seq_scan(p: &CostParams, pages: f64, tuples: f64, qual_cost: f64) -> (f64, f64) {
    (
        0.0,
        pages * p.seq_page_cost + tuples * (p.cpu_tuple_cost + qual_cost),
    )
}

/// B-tree index scan fetching `sel` of the table (no correlation statistics).
pub fn index_scan(
    p: &CostParams,
    pages: f64,
    tuples: f64,
    sel: f64,
    nconds: usize,
    qual_cost: f64,
    loops: f64,
) -> (f64, f64) {
    let ntup = (sel * tuples).max(1.0).round();
    let index_pages = (tuples / 300.0).ceil().max(1.0);
    let height = if index_pages <= 1.0 { 0.0 } else { 1.0 };
    let startup = ((tuples.max(2.0)).log2().ceil() + (height + 1.0) * 50.0) * p.cpu_operator_cost;
    let idx_pages_fetched = (ntup * index_pages / tuples.max(1.0)).ceil().max(1.0);
    let mut run = idx_pages_fetched * p.random_page_cost
        + ntup * (p.cpu_index_tuple_cost + nconds as f64 * p.cpu_operator_cost);
    let heap_pages = if loops > 1.0 {
        ntup.min(pages)
    } else {
        // Mackert-Lohman approximation of distinct heap pages fetched.
        let t = pages.max(1.0);
        let n = ntup;
        ((2.0 * t * n) / (2.0 * t + n)).min(t).ceil()
    };
    run += heap_pages * p.random_page_cost + ntup * (p.cpu_tuple_cost + qual_cost);
    (startup, startup + run)
}

/// Sort of `rows` rows on top of an input costing `input_total`.
pub fn sort(p: &CostParams, input_total: f64, rows: f64) -> (f64, f64) {
    let n = rows.max(2.0);
    let startup = input_total + 2.0 * p.cpu_operator_cost * n * n.log2();
    (startup, startup + p.cpu_operator_cost * rows)
}

/// Number of groups of `rows` input rows on `nkeys` keys (no statistics).
pub fn num_groups(rows: f64, nkeys: usize) -> f64 {
    if nkeys == 0 {
        return 1.0;
    }
    let nd = DEFAULT_NUM_DISTINCT.powi(nkeys as i32);
    clamp_rows(nd.min(rows))
}

/// Equality join selectivity without statistics: 1 / max(nd(outer), nd(inner)).
pub fn eqjoin_selectivity(outer_rows: f64, inner_rows: f64) -> f64 {
    let nd1 = outer_rows.clamp(1.0, DEFAULT_NUM_DISTINCT);
    let nd2 = inner_rows.clamp(1.0, DEFAULT_NUM_DISTINCT);
    1.0 / nd1.max(nd2)
}

/// PostgreSQL's disable_cost: added to a path whose method an enable_* switch turned off, so
/// it is chosen only when nothing else can do the job.
pub const DISABLE_COST: f64 = 1.0e10;

/// Planner settings beyond [`CostParams`] that the join/aggregation costs read.
#[derive(Clone, Copy, Debug)]
pub struct CostEnv {
    pub p: CostParams,
    /// work_mem in kB (sort spills, hash batches, hash aggregation limit).
    pub work_mem_kb: f64,
    /// effective_cache_size in pages.
    pub effective_cache_size: f64,
}

impl Default for CostEnv {
    fn default() -> Self {
        CostEnv {
            p: CostParams::default(),
            work_mem_kb: 4096.0,
            effective_cache_size: 524288.0,
        }
    }
}

const BLCKSZ: f64 = 8192.0;

fn maxalign(w: f64) -> f64 {
    (w / 8.0).ceil() * 8.0
}

/// relation_byte_size: bytes of `rows` tuples of average width `width` in memory.
pub fn relation_byte_size(rows: f64, width: i64) -> f64 {
    rows * (maxalign(width.max(0) as f64) + 24.0)
}

/// page_size: disk pages of `rows` tuples of `width`.
pub fn page_size(rows: f64, width: i64) -> f64 {
    (relation_byte_size(rows, width) / BLCKSZ).ceil()
}

/// cost_sort (unbounded): comparisons 2 × cpu_operator_cost × N log2 N, plus the external
/// merge's page traffic when the input exceeds work_mem. Returns (startup, total).
pub fn sort_ex(e: &CostEnv, input_total: f64, rows: f64, width: i64) -> (f64, f64) {
    let p = &e.p;
    let tuples = rows.max(2.0);
    let cmp = 2.0 * p.cpu_operator_cost;
    let input_bytes = relation_byte_size(tuples, width);
    let sort_mem = e.work_mem_kb * 1024.0;
    let mut startup = input_total + cmp * tuples * tuples.log2();
    if input_bytes > sort_mem {
        let npages = (input_bytes / BLCKSZ).ceil();
        let nruns = input_bytes / sort_mem;
        // tuplesort_merge_order: tapes fitting in memory, between 6 and 500.
        let order = ((sort_mem - BLCKSZ) / (BLCKSZ * 32.0 + BLCKSZ))
            .floor()
            .clamp(6.0, 500.0);
        let log_runs = if nruns > order {
            (nruns.ln() / order.ln()).ceil()
        } else {
            1.0
        };
        startup += 2.0 * npages * log_runs * (p.seq_page_cost * 0.75 + p.random_page_cost * 0.25);
    }
    (startup, startup + p.cpu_operator_cost * tuples)
}

/// cost_material: (startup, total, rescan total) of buffering an input's rows.
pub fn material(e: &CostEnv, input: &Est) -> (f64, f64, f64) {
    let p = &e.p;
    let tuples = input.rows.max(1.0);
    let mut run = input.total - input.startup + 2.0 * p.cpu_operator_cost * tuples;
    let mut rescan = p.cpu_operator_cost * tuples;
    if relation_byte_size(tuples, input.width) > e.work_mem_kb * 1024.0 {
        let pages = page_size(tuples, input.width);
        run += p.seq_page_cost * pages;
        rescan += p.seq_page_cost * pages;
    }
    (input.startup, input.startup + run, rescan)
}

/// cost_nestloop: the outer side once, the inner once plus `outer_rows - 1` rescans (at
/// `inner_rescan` each), a tuple and the join filter per row pair. Returns (startup, total).
pub fn nestloop(
    p: &CostParams,
    outer: &Est,
    inner: &Est,
    inner_rescan: f64,
    qual_cost: f64,
) -> (f64, f64) {
    let startup = outer.startup + inner.startup;
    let loops = outer.rows.max(1.0);
    let total = outer.total
        + inner.total
        + (loops - 1.0) * inner_rescan
        + loops * inner.rows * (p.cpu_tuple_cost + qual_cost);
    (startup, total)
}

/// cost_hashjoin: build the inner side's table (in batches written to disk when it exceeds
/// work_mem), probe with each outer row, check the hash clauses on the bucket's share of
/// matches (`jsel`), a tuple per output row.
#[allow(clippy::too_many_arguments)]
pub fn hashjoin(
    e: &CostEnv,
    outer: &Est,
    inner: &Est,
    nkeys: usize,
    jsel: f64,
    qual_cost: f64,
    out_rows: f64,
) -> (f64, f64) {
    let p = &e.p;
    let nk = nkeys.max(1) as f64;
    let cpu_op = p.cpu_operator_cost;
    let mut startup = inner.total + (cpu_op * nk + p.cpu_tuple_cost) * inner.rows;
    let mut run = outer.total - outer.startup + cpu_op * nk * outer.rows;
    // ExecChooseHashTableSize: tuples of the hash table (overhead 16 + minimal header 16).
    let inner_bytes = inner.rows.max(1.0) * (16.0 + 16.0 + maxalign(inner.width as f64));
    if inner_bytes > e.work_mem_kb * 1024.0 {
        let inner_pages = page_size(inner.rows, inner.width);
        let outer_pages = page_size(outer.rows, outer.width);
        startup += p.seq_page_cost * inner_pages;
        run += p.seq_page_cost * (inner_pages + 2.0 * outer_pages);
    }
    run += (cpu_op * nk + qual_cost) * outer.rows * inner.rows * jsel * 0.5
        + p.cpu_tuple_cost * out_rows;
    (startup + outer.startup, startup + outer.startup + run)
}

/// cost_mergejoin over inputs already sorted: both read once, one comparison per key per
/// input row, a tuple and the join filter per output row.
pub fn mergejoin(
    p: &CostParams,
    outer: &Est,
    inner: &Est,
    nkeys: usize,
    qual_cost: f64,
    out_rows: f64,
) -> (f64, f64) {
    let nk = nkeys.max(1) as f64;
    let cmp = p.cpu_operator_cost * nk * (outer.rows + inner.rows);
    let startup = outer.startup + inner.startup;
    let total =
        outer.total + inner.total + cmp + (p.cpu_tuple_cost + qual_cost) * out_rows.max(1.0);
    (startup, total)
}

/// cost_agg AGG_HASHED: (startup, total); None when PostgreSQL 10 would refuse because the
/// estimated hash table exceeds work_mem.
pub fn agg_hashed(
    e: &CostEnv,
    input: &Est,
    nkeys: usize,
    agg_cost: f64,
    groups: f64,
    width: i64,
    naggs: usize,
) -> Option<(f64, f64)> {
    let entry = maxalign(width as f64) + 16.0 + 24.0 + naggs as f64 * 16.0;
    if entry * groups > e.work_mem_kb * 1024.0 {
        return None;
    }
    let p = &e.p;
    let startup = input.total + p.cpu_operator_cost * nkeys as f64 * input.rows + agg_cost;
    Some((startup, startup + groups * p.cpu_tuple_cost))
}

/// cost_agg AGG_SORTED over sorted input: a comparison per key per input row, a tuple per
/// group. Returns (startup, total).
pub fn agg_sorted(
    p: &CostParams,
    input: &Est,
    nkeys: usize,
    agg_cost: f64,
    groups: f64,
) -> (f64, f64) {
    let total = input.total
        + agg_cost
        + p.cpu_operator_cost * nkeys as f64 * input.rows
        + groups * p.cpu_tuple_cost;
    (input.startup, total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_int_table_matches_postgres() {
        // CREATE TABLE t (a int): 10 pages × 255 tuples, cost 0.00..35.50.
        let p = CostParams::default();
        let density = ((8192 - 24) / (4 + 24 + 4)) as f64;
        assert_eq!(density * 10.0, 2550.0);
        let (s, t) = seq_scan(&p, 10.0, 2550.0, 0.0);
        assert_eq!(format!("{s:.2}..{t:.2}"), "0.00..35.50");
        // WHERE a = 1: filter cost 0.0025 per row, rows 13.
        let (_, t) = seq_scan(&p, 10.0, 2550.0, p.cpu_operator_cost);
        assert_eq!(format!("{t:.2}"), "41.88");
        assert_eq!(clamp_rows(2550.0 * DEFAULT_EQ_SEL), 13.0);
    }

    #[test]
    fn widths() {
        assert_eq!(type_width(oids::INT4, -1), 4);
        assert_eq!(type_width(oids::TEXT, -1), 32);
        assert_eq!(type_width(oids::VARCHAR, 14), 38);
        assert_eq!(type_width(oids::BPCHAR, 14), 44);
    }
    #[test]
    fn sort_of_analyzed_tenk1_unique1() {
        // PostgreSQL: Sort (cost=1109.39..1134.39 rows=10000 width=4) over
        // Seq Scan on tenk1 (cost=0.00..445.00 rows=10000 width=4).
        let e = CostEnv::default();
        let (s, t) = sort_ex(&e, 445.0, 10000.0, 4);
        assert_eq!(format!("{s:.2}..{t:.2}"), "1109.39..1134.39");
    }

    #[test]
    fn external_sort_costs_pages() {
        let e = CostEnv {
            work_mem_kb: 64.0,
            ..CostEnv::default()
        };
        let (s_small, _) = sort_ex(&CostEnv::default(), 0.0, 10000.0, 4);
        let (s_spill, _) = sort_ex(&e, 0.0, 10000.0, 4);
        assert!(s_spill > s_small);
    }

    #[test]
    fn material_rescans_cheaply() {
        let e = CostEnv::default();
        let input = Est {
            startup: 0.0,
            total: 35.5,
            rows: 2550.0,
            width: 4,
        };
        let (s, t, r) = material(&e, &input);
        assert_eq!(format!("{s:.2}..{t:.2}"), "0.00..48.25");
        assert!((r - 6.375).abs() < 1e-9);
    }

    #[test]
    fn hashagg_refused_over_work_mem() {
        let e = CostEnv {
            work_mem_kb: 64.0,
            ..CostEnv::default()
        };
        let input = Est {
            startup: 0.0,
            total: 445.0,
            rows: 10000.0,
            width: 4,
        };
        assert!(agg_hashed(&e, &input, 1, 0.0, 10000.0, 4, 0).is_none());
        assert!(agg_hashed(&CostEnv::default(), &input, 1, 0.0, 10000.0, 4, 0).is_some());
    }
}
