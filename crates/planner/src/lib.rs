//! Planning: turns analyzed queries into executable plan trees. Rows flowing between scan and
//! join nodes are "flat": as wide as the query's whole FROM clause, each range-table entry
//! filling its own slots, so expressions never need column remapping. WHERE conjuncts are
//! pushed down to scans and inner joins (never into the nullable side of an outer join);
//! equality conjuncts between the two sides of a join become hash-join keys.

// PgError (the project-wide error type) is large by design; results carry it everywhere.
#![allow(clippy::result_large_err)]

pub mod bitmap;
pub mod cost;
pub mod explain;
pub mod index_paths;
pub mod join_cost;
pub mod join_paths;
pub mod scan_paths;
pub mod scan_stats;
pub mod selectivity;

use analyzer::expr::{AggCall, Expr, ExprKind, SrfFn};
use analyzer::query::*;
use catalog::RelationInfo;
use common::{Oid, PgResult};
use parser::ast::{JoinKind, SetOpKind};
use std::collections::HashSet;
use std::sync::Arc;

/// One relation locked by LockRows: its ctid is column `col` of the input row.
#[derive(Clone, Debug)]
pub struct LockMark {
    pub rel: Arc<RelationInfo>,
    pub col: usize,
    pub strength: parser::ast::LockStrength,
    pub wait: parser::ast::LockWait,
}

/// How to rebuild a locked row from a newer version of it (READ COMMITTED, single-table
/// queries): the flat row is that table's columns, its ctid at `ctid_slot`; `quals` must
/// still hold and `exprs` compute the output row.
#[derive(Clone, Debug)]
pub struct LockRecheck {
    pub width: usize,
    pub ctid_slot: usize,
    pub quals: Vec<Expr>,
    pub exprs: Vec<Expr>,
}

/// What EXPLAIN prints for a scan: the range-table alias and its column names.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ScanNames {
    pub alias: String,
    pub colnames: Vec<String>,
}

/// A plan tree.
#[derive(Clone, Debug)]
pub enum Plan {
    /// One row of `width` NULLs (SELECT without FROM).
    Result {
        width: usize,
    },
    SeqScan {
        rel: Arc<RelationInfo>,
        offset: usize,
        width: usize,
        qual: Option<Expr>,
        names: Arc<ScanNames>,
    },
    /// B-tree index scan: heap rows whose index keys fall within `bounds` (in index order,
    /// reversed if `backward`), re-checked against the full `qual`.
    IndexScan {
        rel: Arc<RelationInfo>,
        index: Arc<catalog::index::IndexDesc>,
        offset: usize,
        width: usize,
        qual: Option<Expr>,
        bounds: index_paths::ScanBounds,
        backward: bool,
        names: Arc<ScanNames>,
    },
    Values {
        rows: Vec<Vec<Expr>>,
        offset: usize,
        width: usize,
        qual: Option<Expr>,
        names: Arc<ScanNames>,
    },
    FunctionScan {
        f: SrfFn,
        args: Vec<Expr>,
        scalar: Option<Expr>,
        ordinality: bool,
        offset: usize,
        width: usize,
        qual: Option<Expr>,
        names: Arc<ScanNames>,
    },
    /// Runs a sub-plan and places its first `ncols` output columns at `offset`.
    SubqueryScan {
        plan: Box<Plan>,
        ncols: usize,
        offset: usize,
        width: usize,
        qual: Option<Expr>,
        names: Arc<ScanNames>,
    },
    NestLoop {
        kind: JoinKind,
        left: Box<Plan>,
        right: Box<Plan>,
        qual: Option<Expr>,
        /// Slot ranges the right side fills.
        right_slots: Vec<(usize, usize)>,
    },
    HashJoin {
        kind: JoinKind,
        left: Box<Plan>,
        right: Box<Plan>,
        left_keys: Vec<Expr>,
        right_keys: Vec<Expr>,
        qual: Option<Expr>,
        right_slots: Vec<(usize, usize)>,
    },
    /// Nested loop whose inner side is an index scan (`right`, a `Plan::IndexScan`) whose
    /// equality bounds are evaluated against each left row; `left_keys`/`right_keys` are
    /// the join's equality keys, all re-checked on the combined row (INNER and LEFT joins).
    IndexNestLoop {
        kind: JoinKind,
        left: Box<Plan>,
        right: Box<Plan>,
        left_keys: Vec<Expr>,
        right_keys: Vec<Expr>,
        qual: Option<Expr>,
        right_slots: Vec<(usize, usize)>,
    },
    Filter {
        input: Box<Plan>,
        qual: Expr,
    },
    Project {
        input: Box<Plan>,
        exprs: Vec<Expr>,
    },
    /// Projection with set-returning functions (PostgreSQL 10's ProjectSet).
    ProjectSet {
        input: Box<Plan>,
        srfs: Vec<(SrfFn, Vec<Expr>, Oid)>,
        exprs: Vec<Expr>,
    },
    /// WITH RECURSIVE: emits `init`'s rows, then runs `rec` again and again (its
    /// WorkTableScan `id` reading the rows the previous round produced) until a round
    /// produces no rows; without `all`, rows already produced are dropped.
    RecursiveUnion {
        init: Box<Plan>,
        rec: Box<Plan>,
        all: bool,
        id: usize,
        ncols: usize,
    },
    /// The working table of RecursiveUnion `id` (rows of `ncols` columns).
    WorkTableScan {
        id: usize,
        ncols: usize,
    },
    /// Window functions: output row = the input row's first `width` slots ++ one value per
    /// call in `funcs` (each an aggregate or window function with its OVER spec).
    WindowAgg {
        input: Box<Plan>,
        width: usize,
        funcs: Vec<AggCall>,
    },
    /// Hash aggregation: output row = group keys ++ aggregate results.
    Agg {
        input: Box<Plan>,
        keys: Vec<Expr>,
        aggs: Vec<AggCall>,
    },
    Sort {
        input: Box<Plan>,
        keys: Vec<SortKey>,
    },
    /// Remove duplicates on the first `ncols` columns (keeping the first row of each).
    Distinct {
        input: Box<Plan>,
        ncols: usize,
    },
    /// DISTINCT ON: keep the first row of each run of equal `cols` (input is sorted).
    DistinctOn {
        input: Box<Plan>,
        cols: Vec<usize>,
    },
    Limit {
        input: Box<Plan>,
        limit: Option<Expr>,
        offset: Option<Expr>,
    },
    /// SELECT ... FOR UPDATE/SHARE: lock each row's versions of the marked relations before
    /// passing it on (rows that can't be locked are skipped or re-checked, see executor).
    LockRows {
        input: Box<Plan>,
        marks: Vec<LockMark>,
        recheck: Option<LockRecheck>,
    },
    Append {
        inputs: Vec<Plan>,
    },
    SetOp {
        op: SetOpKind,
        all: bool,
        left: Box<Plan>,
        right: Box<Plan>,
    },
    /// Hashed semi-join (EXISTS / IN pulled up from WHERE) or anti-join (NOT EXISTS): `inner`
    /// produces key rows; an input row passes when its `outer_keys` (non-NULL) match one.
    SemiJoin {
        input: Box<Plan>,
        inner: Box<Plan>,
        outer_keys: Vec<Expr>,
        anti: bool,
    },
    /// Index-only scan (index_paths/scan_paths): like IndexScan, but on heap pages the
    /// visibility map marks all-visible the row is built from the index keys alone.
    IndexOnlyScan {
        rel: Arc<RelationInfo>,
        index: Arc<catalog::index::IndexDesc>,
        offset: usize,
        width: usize,
        qual: Option<Expr>,
        bounds: index_paths::ScanBounds,
        backward: bool,
        names: Arc<ScanNames>,
    },
    /// Bitmap heap scan: the heap tuples at the TIDs `bitmap` collects, in physical order,
    /// each re-checked against the full `qual`; `filter` is the part of `qual` the bitmap
    /// does not imply (EXPLAIN's "Filter").
    BitmapHeapScan {
        rel: Arc<RelationInfo>,
        offset: usize,
        width: usize,
        qual: Option<Expr>,
        filter: Vec<Expr>,
        bitmap: bitmap::BitmapQual,
        names: Arc<ScanNames>,
    },
    /// Merge join: both inputs arrive ordered ascending (NULLs last) on their keys
    /// (`left_keys[i] = right_keys[i]`); `qual` is re-checked on each key-matched pair.
    MergeJoin {
        kind: JoinKind,
        left: Box<Plan>,
        right: Box<Plan>,
        left_keys: Vec<Expr>,
        right_keys: Vec<Expr>,
        qual: Option<Expr>,
        right_slots: Vec<(usize, usize)>,
    },
    /// Materialize: buffers its input (the re-scanned inner side of a nested loop).
    Materialize {
        input: Box<Plan>,
    },
    /// Sorted aggregation over input ordered on `keys` (PostgreSQL's GroupAggregate, or its
    /// Group node when `aggs` is empty): output row = group keys ++ aggregate results.
    GroupAgg {
        input: Box<Plan>,
        keys: Vec<Expr>,
        aggs: Vec<AggCall>,
    },
    /// Sort on computed keys (inputs of merge joins and sorted aggregation keyed by
    /// expressions): (expression, descending, nulls_first).
    ExprSort {
        input: Box<Plan>,
        keys: Vec<(Expr, bool, bool)>,
    },
}

impl Plan {
    /// Every table this plan reads (scans of any kind), for SERIALIZABLE conflict tracking.
    pub fn relations_read(&self, out: &mut Vec<Arc<RelationInfo>>) {
        let mut stack = vec![self];
        while let Some(p) = stack.pop() {
            match p {
                Plan::SeqScan { rel, .. }
                | Plan::IndexScan { rel, .. }
                | Plan::IndexOnlyScan { rel, .. }
                | Plan::BitmapHeapScan { rel, .. } => out.push(rel.clone()),
                Plan::Result { .. } | Plan::Values { .. } | Plan::FunctionScan { .. } => {}
                Plan::SubqueryScan { plan, .. } => stack.push(plan),
                Plan::NestLoop { left, right, .. }
                | Plan::HashJoin { left, right, .. }
                | Plan::IndexNestLoop { left, right, .. }
                | Plan::SetOp { left, right, .. } => {
                    stack.push(left);
                    stack.push(right);
                }
                Plan::RecursiveUnion { init, rec, .. } => {
                    stack.push(init);
                    stack.push(rec);
                }
                Plan::WorkTableScan { .. } => {}
                Plan::Filter { input, .. }
                | Plan::Project { input, .. }
                | Plan::ProjectSet { input, .. }
                | Plan::WindowAgg { input, .. }
                | Plan::Agg { input, .. }
                | Plan::Sort { input, .. }
                | Plan::Distinct { input, .. }
                | Plan::DistinctOn { input, .. }
                | Plan::Limit { input, .. }
                | Plan::LockRows { input, .. } => stack.push(input),
                Plan::Append { inputs } => stack.extend(inputs.iter()),
                Plan::SemiJoin { input, inner, .. } => {
                    stack.push(input);
                    stack.push(inner);
                }
                Plan::MergeJoin { left, right, .. } => {
                    stack.push(left);
                    stack.push(right);
                }
                Plan::Materialize { input }
                | Plan::GroupAgg { input, .. }
                | Plan::ExprSort { input, .. } => stack.push(input),
            }
        }
    }
    /// Apply `f` to every expression of this plan node and its inputs (not sub-plans).
    pub fn for_each_expr_mut(
        &mut self,
        f: &mut dyn FnMut(&mut Expr) -> PgResult<()>,
    ) -> PgResult<()> {
        let opt = |q: &mut Option<Expr>, f: &mut dyn FnMut(&mut Expr) -> PgResult<()>| {
            if let Some(e) = q {
                f(e)
            } else {
                Ok(())
            }
        };
        match self {
            Plan::Result { .. } => Ok(()),
            Plan::SeqScan { qual, .. } => opt(qual, f),
            Plan::IndexScan { qual, bounds, .. } | Plan::IndexOnlyScan { qual, bounds, .. } => {
                bounds.for_each_expr_mut(f)?;
                opt(qual, f)
            }
            Plan::BitmapHeapScan {
                qual,
                filter,
                bitmap,
                ..
            } => {
                bitmap.for_each_expr_mut(f)?;
                for e in filter.iter_mut() {
                    f(e)?;
                }
                opt(qual, f)
            }
            Plan::Values { rows, qual, .. } => {
                for r in rows.iter_mut() {
                    for e in r.iter_mut() {
                        f(e)?;
                    }
                }
                opt(qual, f)
            }
            Plan::FunctionScan {
                args, scalar, qual, ..
            } => {
                for a in args.iter_mut() {
                    f(a)?;
                }
                opt(scalar, f)?;
                opt(qual, f)
            }
            Plan::SubqueryScan { plan, qual, .. } => {
                plan.for_each_expr_mut(f)?;
                opt(qual, f)
            }
            Plan::NestLoop {
                left, right, qual, ..
            } => {
                left.for_each_expr_mut(f)?;
                right.for_each_expr_mut(f)?;
                opt(qual, f)
            }
            Plan::HashJoin {
                left,
                right,
                left_keys,
                right_keys,
                qual,
                ..
            } => {
                left.for_each_expr_mut(f)?;
                right.for_each_expr_mut(f)?;
                for k in left_keys.iter_mut().chain(right_keys.iter_mut()) {
                    f(k)?;
                }
                opt(qual, f)
            }
            Plan::IndexNestLoop {
                left,
                right,
                left_keys,
                right_keys,
                qual,
                ..
            }
            | Plan::MergeJoin {
                left,
                right,
                left_keys,
                right_keys,
                qual,
                ..
            } => {
                left.for_each_expr_mut(f)?;
                right.for_each_expr_mut(f)?;
                for k in left_keys.iter_mut().chain(right_keys.iter_mut()) {
                    f(k)?;
                }
                opt(qual, f)
            }
            Plan::Filter { input, qual } => {
                input.for_each_expr_mut(f)?;
                f(qual)
            }
            Plan::Project { input, exprs } => {
                input.for_each_expr_mut(f)?;
                for e in exprs.iter_mut() {
                    f(e)?;
                }
                Ok(())
            }
            Plan::ProjectSet { input, srfs, exprs } => {
                input.for_each_expr_mut(f)?;
                for (_, args, _) in srfs.iter_mut() {
                    for a in args.iter_mut() {
                        f(a)?;
                    }
                }
                for e in exprs.iter_mut() {
                    f(e)?;
                }
                Ok(())
            }
            Plan::WindowAgg { input, funcs, .. } => {
                input.for_each_expr_mut(f)?;
                for a in funcs.iter_mut() {
                    for x in a.args.iter_mut() {
                        f(x)?;
                    }
                    if let Some(fl) = &mut a.filter {
                        f(fl)?;
                    }
                    if let Some(w) = &mut a.over {
                        for x in w.exprs_mut() {
                            f(x)?;
                        }
                    }
                }
                Ok(())
            }
            Plan::Agg { input, keys, aggs } | Plan::GroupAgg { input, keys, aggs } => {
                input.for_each_expr_mut(f)?;
                for k in keys.iter_mut() {
                    f(k)?;
                }
                for a in aggs.iter_mut() {
                    for x in a.args.iter_mut() {
                        f(x)?;
                    }
                    if let Some(fl) = &mut a.filter {
                        f(fl)?;
                    }
                    for (e, _, _) in a.order_by.iter_mut() {
                        f(e)?;
                    }
                }
                Ok(())
            }
            Plan::Sort { input, .. }
            | Plan::Distinct { input, .. }
            | Plan::DistinctOn { input, .. }
            | Plan::Materialize { input } => input.for_each_expr_mut(f),
            Plan::ExprSort { input, keys } => {
                input.for_each_expr_mut(f)?;
                for (e, _, _) in keys.iter_mut() {
                    f(e)?;
                }
                Ok(())
            }
            Plan::Limit {
                input,
                limit,
                offset,
            } => {
                input.for_each_expr_mut(f)?;
                opt(limit, f)?;
                opt(offset, f)
            }
            Plan::LockRows { input, recheck, .. } => {
                input.for_each_expr_mut(f)?;
                if let Some(r) = recheck {
                    for e in r.quals.iter_mut().chain(r.exprs.iter_mut()) {
                        f(e)?;
                    }
                }
                Ok(())
            }
            Plan::Append { inputs } => {
                for p in inputs.iter_mut() {
                    p.for_each_expr_mut(f)?;
                }
                Ok(())
            }
            Plan::SetOp { left, right, .. } => {
                left.for_each_expr_mut(f)?;
                right.for_each_expr_mut(f)
            }
            Plan::RecursiveUnion { init, rec, .. } => {
                init.for_each_expr_mut(f)?;
                rec.for_each_expr_mut(f)
            }
            Plan::WorkTableScan { .. } => Ok(()),
            Plan::SemiJoin {
                input,
                inner,
                outer_keys,
                ..
            } => {
                input.for_each_expr_mut(f)?;
                inner.for_each_expr_mut(f)?;
                for k in outer_keys.iter_mut() {
                    f(k)?;
                }
                Ok(())
            }
        }
    }
}

impl PlannedStmt {
    /// Apply `f` to every expression of the statement (plan, sub-plans, DML expressions).
    pub fn for_each_expr_mut(
        &mut self,
        f: &mut dyn FnMut(&mut Expr) -> PgResult<()>,
    ) -> PgResult<()> {
        self.plan.for_each_expr_mut(f)?;
        for p in self.subplans.iter_mut() {
            p.for_each_expr_mut(f)?;
        }
        if let Some(m) = &mut self.modify {
            for e in m.new_row.iter_mut() {
                f(e)?;
            }
            for t in m.returning.iter_mut() {
                f(&mut t.expr)?;
            }
            if let Some(oc) = &mut m.on_conflict {
                for e in oc.set.iter_mut().chain(oc.where_qual.iter_mut()) {
                    f(e)?;
                }
            }
        }
        Ok(())
    }
}

/// A planned statement.
#[derive(Clone, Debug)]
pub struct PlannedStmt {
    pub command: CmdType,
    /// For SELECT: produces result rows (visible columns first, then junk).
    /// For DML: produces source rows (flat rows for UPDATE/DELETE, VALUES/SELECT rows for INSERT).
    pub plan: Plan,
    pub subplans: Vec<Plan>,
    /// Visible result columns: (name, type, typmod, table oid, attnum).
    pub columns: Vec<(String, Oid, i32, Oid, i16)>,
    pub modify: Option<ModifyInfo>,
}

struct Planner {
    subplans: Vec<Plan>,
    eq_procs: &'static HashSet<Oid>,
    /// Cross-type integer equalities (int2/int4/int8 mixes): hash/merge join keys too (the
    /// executor compares join keys of the integer family as int8).
    int_eq_procs: &'static HashSet<Oid>,
}

/// The functions of the built-in `=` operators: same-type ones, and the cross-type integer
/// ones. Built once; the operator registry never changes.
fn equality_procs() -> &'static (HashSet<Oid>, HashSet<Oid>) {
    static PROCS: std::sync::OnceLock<(HashSet<Oid>, HashSet<Oid>)> = std::sync::OnceLock::new();
    PROCS.get_or_init(|| {
        let reg = analyzer::registry();
        let mut eq_procs = HashSet::new();
        let mut int_eq_procs = HashSet::new();
        let int_family =
            |t: Oid| matches!(t, types::oids::INT2 | types::oids::INT4 | types::oids::INT8);
        if let Some(list) = reg.opers.get("=") {
            for o in list {
                if o.left == o.right {
                    eq_procs.insert(o.func.oid);
                } else if int_family(o.left) && int_family(o.right) {
                    int_eq_procs.insert(o.func.oid);
                }
            }
        }
        (eq_procs, int_eq_procs)
    })
}

/// Plan an analyzed query.
pub fn plan_query(mut q: Query) -> PgResult<PlannedStmt> {
    let (eq_procs, int_eq_procs) = equality_procs();
    let mut p = Planner {
        subplans: Vec::new(),
        eq_procs,
        int_eq_procs,
    };
    let modify = q.modify.take();
    let command = q.command;
    let columns = q
        .visible_targets()
        .map(|t| {
            (
                t.name.clone(),
                t.expr.typ,
                t.expr.typmod,
                t.table_oid,
                t.attnum,
            )
        })
        .collect();
    let mut modify = modify;
    if let Some(m) = &mut modify {
        for e in m.new_row.iter_mut() {
            p.sublinks(e)?;
        }
        for t in m.returning.iter_mut() {
            p.sublinks(&mut t.expr)?;
        }
        if let Some(oc) = &mut m.on_conflict {
            for e in oc.set.iter_mut().chain(oc.where_qual.iter_mut()) {
                p.sublinks(e)?;
            }
        }
    }
    let plan = match command {
        CmdType::Select => p.plan(q)?,
        _ => p.plan_from_where(&mut q)?,
    };
    Ok(PlannedStmt {
        command,
        plan,
        subplans: p.subplans,
        columns,
        modify,
    })
}

fn and_parts(e: Expr, out: &mut Vec<Expr>) {
    match e.kind {
        ExprKind::And(v) => {
            for x in v {
                and_parts(x, out);
            }
        }
        _ => out.push(e),
    }
}

fn make_and(mut v: Vec<Expr>) -> Option<Expr> {
    match v.len() {
        0 => None,
        1 => v.pop(),
        _ => Some(Expr::new(ExprKind::And(v), types::oids::BOOL)),
    }
}

fn add_qual(slot: &mut Option<Expr>, e: Expr) {
    *slot = match slot.take() {
        None => Some(e),
        Some(old) => {
            let mut v = Vec::new();
            and_parts(old, &mut v);
            v.push(e);
            make_and(v)
        }
    };
}

/// A join-tree node under construction: the plan and the RTEs it covers.
struct Rel {
    plan: Plan,
    rtes: Vec<usize>,
}

impl Planner {
    /// Replace sub-link queries inside `e` by planned sub-plans.
    fn sublinks(&mut self, e: &mut Expr) -> PgResult<()> {
        if let ExprKind::SubLink { query, plan, .. } = &mut e.kind {
            if plan.is_none() {
                let q = (**query).clone();
                let sp = self.plan(q)?;
                self.subplans.push(sp);
                *plan = Some(self.subplans.len() - 1);
            }
        }
        for c in e.children_mut() {
            self.sublinks(c)?;
        }
        Ok(())
    }

    fn plan(&mut self, mut q: Query) -> PgResult<Plan> {
        let row_marks = std::mem::take(&mut q.row_marks);
        let lock_where = if row_marks.is_empty() {
            None
        } else {
            Some(q.where_qual.clone())
        };
        let single_relation = q.rtable.len() == 1;
        // Width of the rows the target list is computed from (window results go after it).
        let mut window_base = q.width;
        let mut plan = if let Some(tree) = q.setop.take() {
            self.plan_setop(tree)?
        } else {
            let mut input = self.plan_from_where(&mut q)?;
            window_base = q.width;
            if q.grouped && q.group_by.is_empty() && q.aggs.is_empty() {
                // Degenerate grouping (HAVING without aggregates): one group, input not read.
                input = Plan::Result { width: q.width };
            }
            if q.grouped {
                let mut keys = std::mem::take(&mut q.group_by);
                for k in keys.iter_mut() {
                    self.sublinks(k)?;
                }
                let mut aggs = std::mem::take(&mut q.aggs);
                for a in aggs.iter_mut() {
                    for x in a.args.iter_mut() {
                        self.sublinks(x)?;
                    }
                    if let Some(f) = &mut a.filter {
                        self.sublinks(f)?;
                    }
                    for (x, _, _) in a.order_by.iter_mut() {
                        self.sublinks(x)?;
                    }
                }
                window_base = keys.len() + aggs.len();
                input = Plan::Agg {
                    input: Box::new(input),
                    keys,
                    aggs,
                };
                if let Some(mut h) = q.having.take() {
                    self.sublinks(&mut h)?;
                    input = Plan::Filter {
                        input: Box::new(input),
                        qual: h,
                    };
                }
            }
            input
        };
        // Projection: visible targets first, then junk ones, in original order otherwise.
        let mut order: Vec<usize> = (0..q.targets.len())
            .filter(|&i| !q.targets[i].junk)
            .collect();
        let nvis = order.len();
        order.extend((0..q.targets.len()).filter(|&i| q.targets[i].junk));
        let mut pos = vec![0usize; q.targets.len()];
        for (p, &i) in order.iter().enumerate() {
            pos[i] = p;
        }
        let mut exprs = Vec::new();
        for &i in &order {
            let mut e = q.targets[i].expr.clone();
            self.sublinks(&mut e)?;
            exprs.push(e);
        }
        if exprs.iter().any(|e| e.contains_window()) {
            let mut funcs = Vec::new();
            for e in exprs.iter_mut() {
                extract_window_calls(e, window_base, &mut funcs);
            }
            plan = Plan::WindowAgg {
                input: Box::new(plan),
                width: window_base,
                funcs,
            };
        }
        if exprs.iter().any(|e| e.contains_srf()) {
            let mut srfs = Vec::new();
            for e in exprs.iter_mut() {
                extract_srfs(e, &mut srfs);
            }
            plan = Plan::ProjectSet {
                input: Box::new(plan),
                srfs,
                exprs,
            };
        } else {
            plan = Plan::Project {
                input: Box::new(plan),
                exprs,
            };
        }
        let project_exprs: Vec<Expr> = match (&plan, row_marks.is_empty()) {
            (Plan::Project { exprs, .. }, false) => exprs.clone(),
            _ => Vec::new(),
        };
        let sort: Vec<SortKey> = q
            .sort
            .iter()
            .map(|k| SortKey {
                col: pos[k.col],
                desc: k.desc,
                nulls_first: k.nulls_first,
            })
            .collect();
        match &q.distinct {
            Distinct::None => {
                if !sort.is_empty() {
                    plan = Plan::Sort {
                        input: Box::new(plan),
                        keys: sort,
                    };
                }
            }
            Distinct::All => {
                plan = Plan::Distinct {
                    input: Box::new(plan),
                    ncols: nvis,
                };
                if !sort.is_empty() {
                    plan = Plan::Sort {
                        input: Box::new(plan),
                        keys: sort,
                    };
                }
            }
            Distinct::On(cols) => {
                let cols: Vec<usize> = cols.iter().map(|&c| pos[c]).collect();
                let mut keys = sort.clone();
                for &c in &cols {
                    if !keys.iter().any(|k| k.col == c) {
                        keys.push(SortKey {
                            col: c,
                            desc: false,
                            nulls_first: false,
                        });
                    }
                }
                plan = Plan::Sort {
                    input: Box::new(plan),
                    keys,
                };
                plan = Plan::DistinctOn {
                    input: Box::new(plan),
                    cols,
                };
            }
        }
        if !row_marks.is_empty() {
            let marks = row_marks
                .iter()
                .map(|m| LockMark {
                    rel: m.rel.clone(),
                    col: pos[m.ctid_target],
                    strength: m.strength,
                    wait: m.wait,
                })
                .collect();
            // Re-checking a newer row version is possible for a one-table query without
            // sub-links: rebuild its flat row, re-test WHERE, re-compute the output.
            let recheck = match (single_relation, lock_where.flatten(), row_marks.first()) {
                (true, quals, Some(m))
                    if !quals.as_ref().is_some_and(|w| w.contains_sublink())
                        && !project_exprs.iter().any(|e| e.contains_sublink()) =>
                {
                    Some(LockRecheck {
                        width: q.width,
                        ctid_slot: match q.targets[m.ctid_target].expr.kind {
                            ExprKind::Column { index, .. } => index,
                            _ => m.offset + m.rel.columns.len(),
                        },
                        quals: quals.into_iter().collect(),
                        exprs: project_exprs.clone(),
                    })
                }
                _ => None,
            };
            plan = Plan::LockRows {
                input: Box::new(plan),
                marks,
                recheck,
            };
        }
        if q.limit.is_some() || q.offset.is_some() {
            let mut limit = q.limit.take();
            let mut offset = q.offset.take();
            if let Some(l) = &mut limit {
                self.sublinks(l)?;
            }
            if let Some(o) = &mut offset {
                self.sublinks(o)?;
            }
            plan = Plan::Limit {
                input: Box::new(plan),
                limit,
                offset,
            };
        }
        Ok(plan)
    }

    fn plan_setop(&mut self, t: SetOpTree) -> PgResult<Plan> {
        match t {
            SetOpTree::Leaf(q) => {
                let n = q.visible_targets().count();
                let has_junk = q.targets.iter().any(|t| t.junk);
                let p = self.plan(*q)?;
                if has_junk {
                    let exprs = (0..n)
                        .map(|i| Expr::column(i, types::oids::UNKNOWN, -1))
                        .collect();
                    Ok(Plan::Project {
                        input: Box::new(p),
                        exprs,
                    })
                } else {
                    Ok(p)
                }
            }
            SetOpTree::Op {
                op,
                all,
                left,
                right,
                types,
                recursive,
            } => {
                let l = self.plan_setop(*left)?;
                let r = self.plan_setop(*right)?;
                if let Some(id) = recursive {
                    return Ok(Plan::RecursiveUnion {
                        init: Box::new(l),
                        rec: Box::new(r),
                        all,
                        id,
                        ncols: types.len(),
                    });
                }
                Ok(match op {
                    SetOpKind::Union => {
                        let mut inputs = Vec::new();
                        for p in [l, r] {
                            match p {
                                Plan::Append { inputs: inner } if all => inputs.extend(inner),
                                p => inputs.push(p),
                            }
                        }
                        let app = Plan::Append { inputs };
                        if all {
                            app
                        } else {
                            Plan::Distinct {
                                input: Box::new(app),
                                ncols: types.len(),
                            }
                        }
                    }
                    _ => Plan::SetOp {
                        op,
                        all,
                        left: Box::new(l),
                        right: Box::new(r),
                    },
                })
            }
        }
    }

    fn rte_of(q: &Query, index: usize) -> Option<usize> {
        q.rtable
            .iter()
            .position(|r| index >= r.offset && index < r.offset + r.width())
    }

    fn rtes_used(q: &Query, e: &Expr) -> Vec<usize> {
        let mut cols = Vec::new();
        e.columns_used(&mut cols);
        let mut out: Vec<usize> = cols.iter().filter_map(|&c| Self::rte_of(q, c)).collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    fn scan(&mut self, q: &mut Query, idx: usize) -> PgResult<Plan> {
        let width = q.width;
        let r = &mut q.rtable[idx];
        let offset = r.offset;
        // Keep a relation RTE in place: its width (hidden ctid/oid slots) is still needed for
        // the join's right_slots after the scan is built.
        let placeholder = match &r.kind {
            RteKind::Relation(rel) => RteKind::Relation(rel.clone()),
            _ => RteKind::Values(vec![]),
        };
        let kind = std::mem::replace(&mut r.kind, placeholder);
        let names = Arc::new(ScanNames {
            alias: r.alias.clone(),
            colnames: r.colnames.clone(),
        });
        Ok(match kind {
            RteKind::Relation(rel) => Plan::SeqScan {
                rel,
                offset,
                width,
                qual: None,
                names,
            },
            RteKind::Subquery(sq) => {
                let ncols = sq.visible_targets().count();
                Plan::SubqueryScan {
                    plan: Box::new(self.plan(*sq)?),
                    ncols,
                    offset,
                    width,
                    qual: None,
                    names,
                }
            }
            RteKind::WorkTable { id, types } => Plan::SubqueryScan {
                plan: Box::new(Plan::WorkTableScan {
                    id,
                    ncols: types.len(),
                }),
                ncols: types.len(),
                offset,
                width,
                qual: None,
                names,
            },
            RteKind::Values(mut rows) => {
                for row in rows.iter_mut() {
                    for e in row.iter_mut() {
                        self.sublinks(e)?;
                    }
                }
                Plan::Values {
                    rows,
                    offset,
                    width,
                    qual: None,
                    names,
                }
            }
            RteKind::Function {
                f,
                mut args,
                ordinality,
                mut scalar,
                ..
            } => {
                for a in args.iter_mut() {
                    self.sublinks(a)?;
                }
                if let Some(s) = &mut scalar {
                    self.sublinks(s)?;
                }
                Plan::FunctionScan {
                    f,
                    args,
                    scalar,
                    ordinality,
                    offset,
                    width,
                    qual: None,
                    names,
                }
            }
        })
    }

    fn slots(q: &Query, rtes: &[usize]) -> Vec<(usize, usize)> {
        rtes.iter()
            .map(|&i| (q.rtable[i].offset, q.rtable[i].offset + q.rtable[i].width()))
            .collect()
    }

    /// Build the join tree for a FROM item, pushing `quals` (conjuncts safe to push) down.
    fn plan_from_item(
        &mut self,
        q: &mut Query,
        f: FromItem,
        mut quals: Vec<Expr>,
    ) -> PgResult<Rel> {
        match f {
            FromItem::Rte(i) => {
                let mut plan = self.scan(q, i)?;
                let mut qual = None;
                for c in quals.drain(..) {
                    add_qual(&mut qual, c);
                }
                if let Some(qe) = qual {
                    match &mut plan {
                        Plan::SeqScan { qual, .. }
                        | Plan::Values { qual, .. }
                        | Plan::FunctionScan { qual, .. }
                        | Plan::SubqueryScan { qual, .. } => *qual = Some(qe),
                        _ => {
                            plan = Plan::Filter {
                                input: Box::new(plan),
                                qual: qe,
                            }
                        }
                    }
                }
                Ok(Rel {
                    plan,
                    rtes: vec![i],
                })
            }
            FromItem::Join {
                kind,
                left,
                right,
                quals: jq,
            } => {
                let mut lrtes = Vec::new();
                left.rtes(&mut lrtes);
                let mut rrtes = Vec::new();
                right.rtes(&mut rrtes);
                let mut lq = Vec::new();
                let mut rq = Vec::new();
                let mut here = Vec::new();
                let mut above = Vec::new();
                for c in quals {
                    let used = Self::rtes_used(q, &c);
                    let in_l = !used.is_empty() && used.iter().all(|u| lrtes.contains(u));
                    let in_r = !used.is_empty() && used.iter().all(|u| rrtes.contains(u));
                    match kind {
                        JoinKind::Inner | JoinKind::Cross => {
                            if in_l {
                                lq.push(c)
                            } else if in_r {
                                rq.push(c)
                            } else {
                                here.push(c)
                            }
                        }
                        JoinKind::Left => {
                            if in_l {
                                lq.push(c)
                            } else {
                                above.push(c)
                            }
                        }
                        JoinKind::Right => {
                            if in_r {
                                rq.push(c)
                            } else {
                                above.push(c)
                            }
                        }
                        JoinKind::Full => above.push(c),
                    }
                }
                // The join's own ON conjuncts: push into the non-nullable... only for inner joins.
                let mut on_parts = Vec::new();
                if let Some(mut j) = jq {
                    self.sublinks(&mut j)?;
                    and_parts(j, &mut on_parts);
                }
                for c in on_parts {
                    let used = Self::rtes_used(q, &c);
                    let pushable = !c.contains_sublink() && !c.is_volatile();
                    let in_l = !used.is_empty() && used.iter().all(|u| lrtes.contains(u));
                    let in_r = !used.is_empty() && used.iter().all(|u| rrtes.contains(u));
                    match kind {
                        JoinKind::Inner | JoinKind::Cross if pushable && in_l => lq.push(c),
                        JoinKind::Inner | JoinKind::Cross if pushable && in_r => rq.push(c),
                        JoinKind::Left if pushable && in_r => rq.push(c),
                        JoinKind::Right if pushable && in_l => lq.push(c),
                        _ => here.push(c),
                    }
                }
                let l = self.plan_from_item(q, *left, lq)?;
                let r = self.plan_from_item(q, *right, rq)?;
                let mut rel = self.join(q, kind, l, r, here);
                if let Some(a) = make_and(above) {
                    rel.plan = Plan::Filter {
                        input: Box::new(rel.plan),
                        qual: a,
                    };
                }
                Ok(rel)
            }
        }
    }

    fn join(&mut self, q: &Query, kind: JoinKind, l: Rel, r: Rel, quals: Vec<Expr>) -> Rel {
        let right_slots = Self::slots(q, &r.rtes);
        let mut lkeys = Vec::new();
        let mut rkeys = Vec::new();
        let mut rest = Vec::new();
        for c in quals {
            let mut used_as_key = false;
            if let ExprKind::Func { func, args, .. } = &c.kind {
                let is_eq =
                    self.eq_procs.contains(&func.oid) || self.int_eq_procs.contains(&func.oid);
                if args.len() == 2 && is_eq && !c.is_volatile() {
                    let a = Self::rtes_used(q, &args[0]);
                    let b = Self::rtes_used(q, &args[1]);
                    let sub = |x: &[usize], set: &[usize]| {
                        !x.is_empty() && x.iter().all(|u| set.contains(u))
                    };
                    if sub(&a, &l.rtes) && sub(&b, &r.rtes) {
                        lkeys.push(args[0].clone());
                        rkeys.push(args[1].clone());
                        used_as_key = true;
                    } else if sub(&a, &r.rtes) && sub(&b, &l.rtes) {
                        lkeys.push(args[1].clone());
                        rkeys.push(args[0].clone());
                        used_as_key = true;
                    }
                }
            }
            if !used_as_key {
                rest.push(c);
            }
        }
        let mut rtes = l.rtes.clone();
        rtes.extend(r.rtes.iter().copied());
        let plan = if lkeys.is_empty() {
            Plan::NestLoop {
                kind,
                left: Box::new(l.plan),
                right: Box::new(r.plan),
                qual: make_and(rest),
                right_slots,
            }
        } else {
            Plan::HashJoin {
                kind,
                left: Box::new(l.plan),
                right: Box::new(r.plan),
                left_keys: lkeys,
                right_keys: rkeys,
                qual: make_and(rest),
                right_slots,
            }
        };
        Rel { plan, rtes }
    }

    /// FROM + WHERE: the flat-row producing plan.
    fn plan_from_where(&mut self, q: &mut Query) -> PgResult<Plan> {
        let mut conj = Vec::new();
        let mut semis = Vec::new();
        if let Some(w) = q.where_qual.take() {
            let mut parts = Vec::new();
            and_parts(w, &mut parts);
            for c in parts {
                match self.try_semijoin(&c)? {
                    Some(sj) => semis.push(sj),
                    None => {
                        let mut c = c;
                        self.sublinks(&mut c)?;
                        conj.push(c);
                    }
                }
            }
        }
        let plan = self.plan_from_where_inner(q, conj)?;
        Ok(semis
            .into_iter()
            .fold(plan, |p, (inner, outer_keys, anti)| Plan::SemiJoin {
                input: Box::new(p),
                inner: Box::new(inner),
                outer_keys,
                anti,
            }))
    }

    /// Pull `EXISTS (...)`, `NOT EXISTS (...)` and `x IN (SELECT ...)` WHERE conjuncts whose
    /// correlation is by equality into hashed semi/anti joins.
    fn try_semijoin(&mut self, c: &Expr) -> PgResult<Option<(Plan, Vec<Expr>, bool)>> {
        let (sl, anti) = match &c.kind {
            ExprKind::Not(inner) => match &inner.kind {
                ExprKind::SubLink {
                    kind: analyzer::SubLinkKind::Exists,
                    ..
                } => (&**inner, true),
                _ => return Ok(None),
            },
            ExprKind::SubLink { .. } => (c, false),
            _ => return Ok(None),
        };
        let (kind, test, query) = match &sl.kind {
            ExprKind::SubLink {
                kind, test, query, ..
            } => (*kind, test, query),
            _ => return Ok(None),
        };
        let q: &Query = query;
        if q.setop.is_some()
            || q.grouped
            || q.limit.is_some()
            || q.offset.is_some()
            || q.distinct != Distinct::None
            || q.from.is_empty()
            || q.has_volatile()
            || q.targets.iter().any(|t| t.expr.contains_srf())
        {
            return Ok(None);
        }
        let mut deep = Vec::new();
        q.outer_columns_used(2, &mut deep);
        if !deep.is_empty() {
            return Ok(None);
        }
        let mut inner_q = q.clone();
        let mut outer_keys = Vec::new();
        let mut inner_keys = Vec::new();
        match kind {
            analyzer::SubLinkKind::Exists => {}
            analyzer::SubLinkKind::Any if !anti => {
                // x = ANY (SELECT y ...): test must be eq(outer, SubValue(0)).
                let t = match test {
                    Some(t) => t,
                    None => return Ok(None),
                };
                match &t.kind {
                    ExprKind::Func { func, args, .. }
                        if args.len() == 2
                            && self.eq_procs.contains(&func.oid)
                            && matches!(args[1].kind, ExprKind::SubValue(0))
                            && !args[0].contains_sublink()
                            && !args[0].is_volatile()
                            && inner_q.visible_targets().count() == 1 =>
                    {
                        outer_keys.push(args[0].clone());
                        let ti = (0..inner_q.targets.len())
                            .find(|&i| !inner_q.targets[i].junk)
                            .unwrap_or(0);
                        let te = inner_q.targets[ti].expr.clone();
                        if te.typ != args[1].typ || te.contains_srf() {
                            return Ok(None);
                        }
                        inner_keys.push(te);
                    }
                    _ => return Ok(None),
                }
            }
            _ => return Ok(None),
        }
        // Split the sub-query's WHERE into correlation keys and local quals.
        let mut local = Vec::new();
        if let Some(w) = inner_q.where_qual.take() {
            let mut parts = Vec::new();
            and_parts(w, &mut parts);
            for p in parts {
                let mut o = Vec::new();
                let pq = Query {
                    where_qual: Some(p.clone()),
                    ..Query::empty(CmdType::Select)
                };
                pq.outer_columns_used(1, &mut o);
                if o.is_empty() {
                    local.push(p);
                    continue;
                }
                let key = match &p.kind {
                    ExprKind::Func { func, args, .. }
                        if args.len() == 2 && self.eq_procs.contains(&func.oid) =>
                    {
                        let lv = |e: &Expr| -> (bool, bool) {
                            let mut has0 = false;
                            let mut has1 = false;
                            fn walk(e: &Expr, h0: &mut bool, h1: &mut bool) {
                                if let ExprKind::Column { level, .. } = e.kind {
                                    if level == 0 {
                                        *h0 = true;
                                    } else {
                                        *h1 = true;
                                    }
                                }
                                if let ExprKind::SubLink { .. } = e.kind {
                                    *h0 = true;
                                    *h1 = true;
                                }
                                for c in e.children() {
                                    walk(c, h0, h1);
                                }
                            }
                            walk(e, &mut has0, &mut has1);
                            (has0, has1)
                        };
                        let (a0, a1) = lv(&args[0]);
                        let (b0, b1) = lv(&args[1]);
                        if a0 && !a1 && b1 && !b0 {
                            Some((args[0].clone(), args[1].clone()))
                        } else if b0 && !b1 && a1 && !a0 {
                            Some((args[1].clone(), args[0].clone()))
                        } else {
                            None
                        }
                    }
                    _ => None,
                };
                match key {
                    Some((i, mut o)) => {
                        if p.is_volatile() {
                            return Ok(None);
                        }
                        o.map_columns(1, &mut |x| x);
                        lower_level(&mut o);
                        inner_keys.push(i);
                        outer_keys.push(o);
                    }
                    None => return Ok(None),
                }
            }
        }
        if outer_keys.is_empty() {
            return Ok(None);
        }
        // Remaining references to the outer query (e.g. in the select list of EXISTS) block it.
        inner_q.where_qual = make_and(local);
        inner_q.targets = inner_keys
            .into_iter()
            .map(|e| analyzer::Target {
                expr: e,
                name: String::new(),
                junk: false,
                table_oid: 0,
                attnum: 0,
            })
            .collect();
        inner_q.sort.clear();
        let mut chk = Vec::new();
        inner_q.outer_columns_used(1, &mut chk);
        if !chk.is_empty() {
            return Ok(None);
        }
        inner_q.has_outer_refs = false;
        let mut okeys = outer_keys;
        for k in okeys.iter_mut() {
            self.sublinks(k)?;
        }
        let plan = self.plan(inner_q)?;
        Ok(Some((plan, okeys, anti)))
    }

    fn plan_from_where_inner(&mut self, q: &mut Query, conj: Vec<Expr>) -> PgResult<Plan> {
        let from = std::mem::take(&mut q.from);
        if from.is_empty() {
            let p = Plan::Result { width: q.width };
            return Ok(match make_and(conj) {
                Some(c) => Plan::Filter {
                    input: Box::new(p),
                    qual: c,
                },
                None => p,
            });
        }
        // Classify conjuncts.
        let mut top = Vec::new();
        let mut pushable = Vec::new();
        for c in conj {
            let used = Self::rtes_used(q, &c);
            if used.is_empty() || c.contains_sublink() || c.is_volatile() {
                top.push(c);
            } else {
                pushable.push((used, c));
            }
        }
        let item_rtes: Vec<Vec<usize>> = from
            .iter()
            .map(|f| {
                let mut v = Vec::new();
                f.rtes(&mut v);
                v
            })
            .collect();
        let mut per_item: Vec<Vec<Expr>> = vec![Vec::new(); from.len()];
        let mut per_level: Vec<Vec<Expr>> = vec![Vec::new(); from.len()];
        for (used, c) in pushable {
            if let Some(i) = item_rtes
                .iter()
                .position(|r| used.iter().all(|u| r.contains(u)))
            {
                per_item[i].push(c);
            } else {
                // Lowest left-deep level covering everything used.
                let mut lvl = 0;
                for (k, r) in item_rtes.iter().enumerate() {
                    if used.iter().any(|u| r.contains(u)) {
                        lvl = k;
                    }
                }
                per_level[lvl].push(c);
            }
        }
        let mut acc: Option<Rel> = None;
        for (k, (f, quals)) in from.into_iter().zip(per_item).enumerate() {
            let rel = self.plan_from_item(q, f, quals)?;
            let lq = std::mem::take(&mut per_level[k]);
            acc = Some(match acc {
                None => {
                    let mut rel = rel;
                    if let Some(c) = make_and(lq) {
                        rel.plan = Plan::Filter {
                            input: Box::new(rel.plan),
                            qual: c,
                        };
                    }
                    rel
                }
                Some(prev) => self.join(q, JoinKind::Inner, prev, rel, lq),
            });
        }
        let mut plan = match acc {
            Some(r) => r.plan,
            None => Plan::Result { width: q.width },
        };
        if let Some(c) = make_and(top) {
            plan = Plan::Filter {
                input: Box::new(plan),
                qual: c,
            };
        }
        Ok(plan)
    }
}

/// Turn level-1 column references into level-0 ones (pulling an expression up one level).
/// Replace each window function call in `e` by a reference to its result column
/// (`base` + its index in `funcs`, identical calls sharing one column).
fn extract_window_calls(e: &mut Expr, base: usize, funcs: &mut Vec<AggCall>) {
    if let ExprKind::Agg(a) = &e.kind {
        if a.over.is_some() {
            let i = match funcs.iter().position(|f| f == &**a) {
                Some(i) => i,
                None => {
                    funcs.push((**a).clone());
                    funcs.len() - 1
                }
            };
            *e = Expr::column(base + i, e.typ, e.typmod);
            return;
        }
    }
    for c in e.children_mut() {
        extract_window_calls(c, base, funcs);
    }
}

fn lower_level(e: &mut Expr) {
    if let ExprKind::Column { level, .. } = &mut e.kind {
        if *level > 0 {
            *level -= 1;
        }
    }
    for c in e.children_mut() {
        lower_level(c);
    }
}

fn extract_srfs(e: &mut Expr, out: &mut Vec<(SrfFn, Vec<Expr>, Oid)>) {
    for c in e.children_mut() {
        extract_srfs(c, out);
    }
    if let ExprKind::SrfCall { f, args } = &e.kind {
        out.push((f.clone(), args.clone(), e.typ));
        e.kind = ExprKind::SrfValue(out.len() - 1);
    }
}
