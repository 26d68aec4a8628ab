//! Plan-node iterators (pull model): scans, joins, filter/projection, aggregation, sorting,
//! DISTINCT, LIMIT and set operations. Scan and join rows are flat (see planner docs).

use crate::agg::AggGroup;
use crate::Runtime;
use access::HeapScan;
use analyzer::expr::{Expr, SrfFn};
use analyzer::query::SortKey;
use catalog::RelationInfo;
use common::{pg_err, Oid, PgResult};
use parser::ast::{JoinKind, SetOpKind};
use planner::Plan;
use std::cmp::Ordering;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use types::Datum;

pub type Row = Vec<Datum>;

/// A pull-based plan node.
pub trait Node {
    fn next(&mut self, rt: &mut Runtime<'_, '_>) -> PgResult<Option<Row>>;
}

/// Row key with SQL-datum hashing/equality (NULLs equal each other, as in grouping).
#[derive(Clone, Debug)]
pub struct Key(pub Vec<Datum>);

impl Hash for Key {
    fn hash<H: Hasher>(&self, h: &mut H) {
        for d in &self.0 {
            types::compare::hash_datum(d, h);
        }
    }
}

impl PartialEq for Key {
    fn eq(&self, o: &Self) -> bool {
        self.0.len() == o.0.len()
            && self
                .0
                .iter()
                .zip(o.0.iter())
                .all(|(a, b)| types::compare::compare(a, b) == Ordering::Equal)
    }
}
impl Eq for Key {}

/// Compare two rows by sort keys.
pub fn compare_rows(a: &[Datum], b: &[Datum], keys: &[SortKey]) -> Ordering {
    for k in keys {
        let x = a.get(k.col).unwrap_or(&Datum::Null);
        let y = b.get(k.col).unwrap_or(&Datum::Null);
        let o = match (x.is_null(), y.is_null()) {
            (true, true) => Ordering::Equal,
            (true, false) => {
                if k.nulls_first {
                    Ordering::Less
                } else {
                    Ordering::Greater
                }
            }
            (false, true) => {
                if k.nulls_first {
                    Ordering::Greater
                } else {
                    Ordering::Less
                }
            }
            _ => {
                let o = types::compare::compare(x, y);
                if k.desc {
                    o.reverse()
                } else {
                    o
                }
            }
        };
        if o != Ordering::Equal {
            return o;
        }
    }
    Ordering::Equal
}

/// A join key as compared across the join: integers of any width as int8, so cross-type
/// integer equalities (int4 = int8, ...) can be hash or merge join keys.
pub fn join_key_value(d: Datum) -> Datum {
    match d {
        Datum::Int2(x) => Datum::Int8(x as i64),
        Datum::Int4(x) => Datum::Int8(x as i64),
        d => d,
    }
}

fn place(width: usize, offset: usize, vals: impl IntoIterator<Item = Datum>) -> Row {
    let mut r = vec![Datum::Null; width];
    for (i, v) in vals.into_iter().enumerate() {
        if let Some(slot) = r.get_mut(offset + i) {
            *slot = v;
        }
    }
    r
}

fn passes(rt: &mut Runtime, qual: Option<&Expr>, row: &[Datum]) -> PgResult<bool> {
    match qual {
        None => Ok(true),
        Some(q) => rt.eval_bool(q, row),
    }
}

/// Build the iterator for a plan (wrapped for EXPLAIN ANALYZE when instrumenting).
pub fn build<'p>(plan: &'p Plan, rt: &mut Runtime) -> PgResult<Box<dyn Node + 'p>> {
    let node = build_node(plan, rt)?;
    Ok(crate::instrument::wrap(plan, node))
}

fn build_node<'p>(plan: &'p Plan, rt: &mut Runtime) -> PgResult<Box<dyn Node + 'p>> {
    Ok(match plan {
        Plan::Result { width } => Box::new(ResultNode {
            width: *width,
            done: false,
        }),
        Plan::SeqScan {
            rel,
            offset,
            width,
            qual,
            ..
        } => Box::new(SeqScanNode {
            scan: HeapScan::new(
                rt.cx.storage.clone(),
                rel.file,
                rel.tuple_desc.clone(),
                rt.cx.txn.snapshot.clone(),
                rt.cx.tm.clone(),
            ),
            rel,
            offset: *offset,
            width: *width,
            qual: qual.as_ref(),
        }),
        Plan::IndexNestLoop {
            kind,
            left,
            right,
            left_keys,
            right_keys,
            qual,
            right_slots,
        } => Box::new(crate::index_scan::IndexNestLoopNode {
            kind: *kind,
            left: build(left, rt)?,
            right,
            left_keys,
            right_keys,
            qual: qual.as_ref(),
            right_slots,
            cur: None,
        }),
        Plan::IndexScan {
            rel,
            index,
            offset,
            width,
            qual,
            bounds,
            backward,
            ..
        } if bounds.any.is_some() => Box::new(crate::index_only_scan::IndexOnlyScanNode::new(
            plan,
            rel,
            index,
            *offset,
            *width,
            qual.as_ref(),
            bounds,
            *backward,
            false,
        )),
        Plan::IndexOnlyScan {
            rel,
            index,
            offset,
            width,
            qual,
            bounds,
            backward,
            ..
        } => Box::new(crate::index_only_scan::IndexOnlyScanNode::new(
            plan,
            rel,
            index,
            *offset,
            *width,
            qual.as_ref(),
            bounds,
            *backward,
            true,
        )),
        Plan::BitmapHeapScan {
            rel,
            offset,
            width,
            qual,
            bitmap,
            ..
        } => Box::new(crate::bitmap_scan::BitmapHeapScanNode::new(
            plan,
            rel,
            *offset,
            *width,
            qual.as_ref(),
            bitmap,
        )),
        Plan::IndexScan {
            rel,
            index,
            offset,
            width,
            qual,
            bounds,
            backward,
            ..
        } => Box::new(crate::index_scan::IndexScanNode::new(
            rel,
            index,
            *offset,
            *width,
            qual.as_ref(),
            bounds,
            *backward,
        )),
        Plan::Values {
            rows,
            offset,
            width,
            qual,
            ..
        } => Box::new(ValuesNode {
            rows,
            pos: 0,
            offset: *offset,
            width: *width,
            qual: qual.as_ref(),
        }),
        Plan::FunctionScan {
            f,
            args,
            scalar,
            ordinality,
            offset,
            width,
            qual,
            ..
        } => Box::new(FunctionScanNode {
            f,
            args,
            scalar: scalar.as_ref(),
            ordinality: *ordinality,
            offset: *offset,
            width: *width,
            qual: qual.as_ref(),
            vals: None,
            pos: 0,
        }),
        Plan::SubqueryScan {
            plan,
            ncols,
            offset,
            width,
            qual,
            ..
        } => Box::new(SubqueryScanNode {
            input: build(plan, rt)?,
            ncols: *ncols,
            offset: *offset,
            width: *width,
            qual: qual.as_ref(),
        }),
        Plan::NestLoop {
            kind,
            left,
            right,
            qual,
            right_slots,
        } => Box::new(JoinNode {
            kind: *kind,
            left: build(left, rt)?,
            right: Some(build(right, rt)?),
            left_keys: &[],
            right_keys: &[],
            qual: qual.as_ref(),
            right_slots,
            right_rows: Vec::new(),
            right_matched: Vec::new(),
            table: None,
            cur: None,
            cands: Vec::new(),
            ci: 0,
            cur_matched: false,
            tail: None,
        }),
        Plan::HashJoin {
            kind,
            left,
            right,
            left_keys,
            right_keys,
            qual,
            right_slots,
        } => Box::new(JoinNode {
            kind: *kind,
            left: build(left, rt)?,
            right: Some(build(right, rt)?),
            left_keys,
            right_keys,
            qual: qual.as_ref(),
            right_slots,
            right_rows: Vec::new(),
            right_matched: Vec::new(),
            table: Some(HashMap::new()),
            cur: None,
            cands: Vec::new(),
            ci: 0,
            cur_matched: false,
            tail: None,
        }),
        Plan::Filter { input, qual } => Box::new(FilterNode {
            input: build(input, rt)?,
            qual,
        }),
        Plan::Project { input, exprs } => Box::new(ProjectNode {
            input: build(input, rt)?,
            exprs,
        }),
        Plan::ProjectSet { input, srfs, exprs } => Box::new(ProjectSetNode {
            input: build(input, rt)?,
            srfs,
            exprs,
            pending: Vec::new(),
            cur_row: Vec::new(),
            active: false,
        }),
        Plan::Agg { input, keys, aggs } => Box::new(AggNode {
            input: Some(build(input, rt)?),
            keys,
            aggs,
            out: Vec::new(),
            pos: 0,
        }),
        Plan::RecursiveUnion {
            init,
            rec,
            all,
            id,
            ncols,
        } => Box::new(crate::recursive::RecursiveUnionNode::new(
            rt, init, rec, *all, *id, *ncols,
        )?),
        Plan::WorkTableScan { id, .. } => {
            Box::new(crate::recursive::WorkTableScanNode::new(rt, *id))
        }
        Plan::WindowAgg {
            input,
            width,
            funcs,
        } => Box::new(crate::window::WindowNode::new(
            build(input, rt)?,
            *width,
            funcs,
        )),
        Plan::Sort { input, keys } => Box::new(SortNode {
            input: Some(build(input, rt)?),
            keys,
            rows: Vec::new(),
            pos: 0,
        }),
        Plan::Distinct { input, ncols } => Box::new(DistinctNode {
            input: build(input, rt)?,
            ncols: *ncols,
            seen: std::collections::HashSet::new(),
        }),
        Plan::DistinctOn { input, cols } => Box::new(DistinctOnNode {
            input: build(input, rt)?,
            cols,
            last: None,
        }),
        Plan::LockRows {
            input,
            marks,
            recheck,
        } => {
            let input = build(input, rt)?;
            Box::new(crate::lock_rows::LockRowsNode::new(
                input,
                marks,
                recheck.as_ref(),
                rt,
            )?)
        }
        Plan::Limit {
            input,
            limit,
            offset,
        } => {
            let lim = match limit {
                Some(l) => match rt.eval(l, &[])? {
                    Datum::Null => None,
                    d => {
                        let v = d.as_i64().unwrap_or(0);
                        if v < 0 {
                            return Err(pg_err!(
                                INVALID_ROW_COUNT_IN_LIMIT_CLAUSE,
                                "LIMIT must not be negative"
                            ));
                        }
                        Some(v as u64)
                    }
                },
                None => None,
            };
            let off = match offset {
                Some(o) => match rt.eval(o, &[])? {
                    Datum::Null => 0,
                    d => {
                        let v = d.as_i64().unwrap_or(0);
                        if v < 0 {
                            return Err(pg_err!(
                                INVALID_ROW_COUNT_IN_RESULT_OFFSET_CLAUSE,
                                "OFFSET must not be negative"
                            ));
                        }
                        v as u64
                    }
                },
                None => 0,
            };
            let input_node = match (&**input, lim) {
                // A sort feeding only the first limit + offset rows keeps just those.
                (Plan::Sort { input: sin, keys }, Some(l)) => {
                    let bound = usize::try_from(l.saturating_add(off)).unwrap_or(usize::MAX);
                    let node = crate::topn::TopNSortNode::new(build(sin, rt)?, keys, bound);
                    crate::instrument::wrap(input, Box::new(node))
                }
                _ => build(input, rt)?,
            };
            Box::new(LimitNode {
                input: input_node,
                limit: lim,
                offset: off,
                seen: 0,
                emitted: 0,
            })
        }
        Plan::Append { inputs } => {
            let mut v = Vec::new();
            for p in inputs {
                v.push(build(p, rt)?);
            }
            Box::new(AppendNode { inputs: v, cur: 0 })
        }
        Plan::SemiJoin {
            input,
            inner,
            outer_keys,
            anti,
        } => Box::new(SemiJoinNode {
            input: build(input, rt)?,
            inner: Some(build(inner, rt)?),
            outer_keys,
            anti: *anti,
            set: std::collections::HashSet::new(),
        }),
        Plan::MergeJoin {
            kind,
            left,
            right,
            left_keys,
            right_keys,
            qual,
            right_slots,
        } => Box::new(crate::merge_join::MergeJoinNode::new(
            *kind,
            build(left, rt)?,
            build(right, rt)?,
            left_keys,
            right_keys,
            qual.as_ref(),
            right_slots,
        )),
        Plan::Materialize { input } => Box::new(crate::materialize::MaterializeNode {
            input: build(input, rt)?,
        }),
        Plan::ExprSort { input, keys } => Box::new(crate::materialize::ExprSortNode::new(
            build(input, rt)?,
            keys,
        )),
        Plan::GroupAgg { input, keys, aggs } => Box::new(crate::group_agg::GroupAggNode::new(
            build(input, rt)?,
            keys,
            aggs,
        )),
        Plan::SetOp {
            op,
            all,
            left,
            right,
        } => Box::new(SetOpNode {
            op: *op,
            all: *all,
            left: build(left, rt)?,
            right: Some(build(right, rt)?),
            counts: HashMap::new(),
            emitted: std::collections::HashSet::new(),
        }),
    })
}

struct ResultNode {
    width: usize,
    done: bool,
}

impl Node for ResultNode {
    fn next(&mut self, _rt: &mut Runtime) -> PgResult<Option<Row>> {
        if self.done {
            return Ok(None);
        }
        self.done = true;
        Ok(Some(vec![Datum::Null; self.width]))
    }
}

struct SeqScanNode<'p> {
    scan: HeapScan,
    rel: &'p RelationInfo,
    offset: usize,
    width: usize,
    qual: Option<&'p Expr>,
}

impl Node for SeqScanNode<'_> {
    fn next(&mut self, rt: &mut Runtime) -> PgResult<Option<Row>> {
        loop {
            rt.cx.interrupts.check()?;
            let t = match self.scan.next_tuple()? {
                Some(t) => t,
                None => return Ok(None),
            };
            let n = self.rel.columns.len();
            let mut row = vec![Datum::Null; self.width];
            for (i, v) in t.values.into_iter().enumerate().take(n + 1) {
                // values[n] is the row's OID for tables WITH OIDS (slot after ctid).
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
                *slot = analyzer::analyze::tid_to_datum(t.tid.block, t.tid.offset);
            }
            if passes(rt, self.qual, &row)? {
                return Ok(Some(row));
            }
        }
    }
}

struct ValuesNode<'p> {
    rows: &'p [Vec<Expr>],
    pos: usize,
    offset: usize,
    width: usize,
    qual: Option<&'p Expr>,
}

impl Node for ValuesNode<'_> {
    fn next(&mut self, rt: &mut Runtime) -> PgResult<Option<Row>> {
        while self.pos < self.rows.len() {
            let exprs = &self.rows[self.pos];
            self.pos += 1;
            let mut vals = Vec::with_capacity(exprs.len());
            for e in exprs {
                vals.push(rt.eval(e, &[])?);
            }
            let row = place(self.width, self.offset, vals);
            if passes(rt, self.qual, &row)? {
                return Ok(Some(row));
            }
        }
        Ok(None)
    }
}

struct FunctionScanNode<'p> {
    f: &'p SrfFn,
    args: &'p [Expr],
    scalar: Option<&'p Expr>,
    ordinality: bool,
    offset: usize,
    width: usize,
    qual: Option<&'p Expr>,
    vals: Option<crate::funcs::SrfRows>,
    pos: usize,
}

impl Node for FunctionScanNode<'_> {
    fn next(&mut self, rt: &mut Runtime) -> PgResult<Option<Row>> {
        if self.vals.is_none() {
            let v = match self.scalar {
                Some(s) => crate::funcs::SrfRows::List(vec![rt.eval(s, &[])?].into_iter()),
                None => {
                    let mut a = Vec::new();
                    let mut types = Vec::new();
                    for x in self.args {
                        a.push(rt.eval(x, &[])?);
                        types.push(x.typ);
                    }
                    crate::funcs::call_srf(rt, self.f, &a, &types)?
                }
            };
            self.vals = Some(v);
        }
        loop {
            rt.cx.interrupts.check()?;
            let v = match self.vals.as_mut().and_then(|v| v.next_value()) {
                Some(v) => v,
                None => return Ok(None),
            };
            self.pos += 1;
            let mut vals = vec![v];
            if self.ordinality {
                vals.push(Datum::Int8(self.pos as i64));
            }
            let row = place(self.width, self.offset, vals);
            if passes(rt, self.qual, &row)? {
                return Ok(Some(row));
            }
        }
    }
}

struct SubqueryScanNode<'p> {
    input: Box<dyn Node + 'p>,
    ncols: usize,
    offset: usize,
    width: usize,
    qual: Option<&'p Expr>,
}

impl Node for SubqueryScanNode<'_> {
    fn next(&mut self, rt: &mut Runtime) -> PgResult<Option<Row>> {
        while let Some(r) = self.input.next(rt)? {
            let row = place(self.width, self.offset, r.into_iter().take(self.ncols));
            if passes(rt, self.qual, &row)? {
                return Ok(Some(row));
            }
        }
        Ok(None)
    }
}

/// Nested-loop and hash join (the right side is materialized).
struct JoinNode<'p> {
    kind: JoinKind,
    left: Box<dyn Node + 'p>,
    right: Option<Box<dyn Node + 'p>>,
    left_keys: &'p [Expr],
    right_keys: &'p [Expr],
    qual: Option<&'p Expr>,
    right_slots: &'p [(usize, usize)],
    right_rows: Vec<Row>,
    right_matched: Vec<bool>,
    table: Option<HashMap<Key, Vec<usize>>>,
    cur: Option<Row>,
    cands: Vec<usize>,
    ci: usize,
    cur_matched: bool,
    /// Position in the unmatched-right tail (RIGHT/FULL joins).
    tail: Option<usize>,
}

impl JoinNode<'_> {
    fn combine(&self, l: &Row, r: &Row) -> Row {
        let mut out = l.clone();
        for &(a, b) in self.right_slots {
            if b <= out.len() && b <= r.len() {
                out[a..b].clone_from_slice(&r[a..b]);
            }
        }
        out
    }

    fn keys(rt: &mut Runtime, keys: &[Expr], row: &Row) -> PgResult<Option<Key>> {
        let mut k = Vec::with_capacity(keys.len());
        for e in keys {
            let v = rt.eval(e, row)?;
            if v.is_null() {
                return Ok(None);
            }
            k.push(join_key_value(v));
        }
        Ok(Some(Key(k)))
    }
}

impl Node for JoinNode<'_> {
    fn next(&mut self, rt: &mut Runtime) -> PgResult<Option<Row>> {
        if let Some(mut right) = self.right.take() {
            while let Some(r) = right.next(rt)? {
                rt.cx.interrupts.check()?;
                if let Some(t) = &mut self.table {
                    let rk = &self.right_keys;
                    if let Some(k) = Self::keys(rt, rk, &r)? {
                        t.entry(k).or_default().push(self.right_rows.len());
                    }
                }
                self.right_rows.push(r);
            }
            self.right_matched = vec![false; self.right_rows.len()];
        }
        let outer_right = matches!(self.kind, JoinKind::Right | JoinKind::Full);
        let outer_left = matches!(self.kind, JoinKind::Left | JoinKind::Full);
        loop {
            if let Some(pos) = self.tail {
                // Emit unmatched right rows.
                let mut p = pos;
                while p < self.right_rows.len() {
                    if !self.right_matched[p] {
                        self.tail = Some(p + 1);
                        return Ok(Some(self.right_rows[p].clone()));
                    }
                    p += 1;
                }
                self.tail = Some(p);
                return Ok(None);
            }
            if self.cur.is_none() {
                match self.left.next(rt)? {
                    None => {
                        if outer_right {
                            self.tail = Some(0);
                            continue;
                        }
                        return Ok(None);
                    }
                    Some(l) => {
                        self.cands = match &self.table {
                            Some(t) => match Self::keys(rt, self.left_keys, &l)? {
                                Some(k) => t.get(&k).cloned().unwrap_or_default(),
                                None => Vec::new(),
                            },
                            None => (0..self.right_rows.len()).collect(),
                        };
                        self.cur = Some(l);
                        self.ci = 0;
                        self.cur_matched = false;
                    }
                }
            }
            let l = match &self.cur {
                Some(l) => l.clone(),
                None => continue,
            };
            while self.ci < self.cands.len() {
                let ri = self.cands[self.ci];
                self.ci += 1;
                let row = self.combine(&l, &self.right_rows[ri]);
                if passes(rt, self.qual, &row)? {
                    self.cur_matched = true;
                    if let Some(m) = self.right_matched.get_mut(ri) {
                        *m = true;
                    }
                    return Ok(Some(row));
                }
            }
            let matched = self.cur_matched;
            self.cur = None;
            if outer_left && !matched {
                return Ok(Some(l));
            }
        }
    }
}

struct FilterNode<'p> {
    input: Box<dyn Node + 'p>,
    qual: &'p Expr,
}

impl Node for FilterNode<'_> {
    fn next(&mut self, rt: &mut Runtime) -> PgResult<Option<Row>> {
        while let Some(r) = self.input.next(rt)? {
            if rt.eval_bool(self.qual, &r)? {
                return Ok(Some(r));
            }
        }
        Ok(None)
    }
}

struct ProjectNode<'p> {
    input: Box<dyn Node + 'p>,
    exprs: &'p [Expr],
}

impl Node for ProjectNode<'_> {
    fn next(&mut self, rt: &mut Runtime) -> PgResult<Option<Row>> {
        match self.input.next(rt)? {
            None => Ok(None),
            Some(r) => {
                let mut out = Vec::with_capacity(self.exprs.len());
                for e in self.exprs {
                    out.push(rt.eval(e, &r)?);
                }
                Ok(Some(out))
            }
        }
    }
}

struct ProjectSetNode<'p> {
    input: Box<dyn Node + 'p>,
    srfs: &'p [(SrfFn, Vec<Expr>, Oid)],
    exprs: &'p [Expr],
    pending: Vec<crate::funcs::SrfRows>,
    cur_row: Row,
    active: bool,
}

impl Node for ProjectSetNode<'_> {
    fn next(&mut self, rt: &mut Runtime) -> PgResult<Option<Row>> {
        loop {
            if self.active {
                rt.cx.interrupts.check()?;
                let mut any = false;
                let mut vals = Vec::with_capacity(self.pending.len());
                for p in self.pending.iter_mut() {
                    match p.next_value() {
                        Some(v) => {
                            any = true;
                            vals.push(v);
                        }
                        None => vals.push(Datum::Null),
                    }
                }
                if !any {
                    self.active = false;
                    continue;
                }
                rt.srf_vals = vals;
                let mut out = Vec::with_capacity(self.exprs.len());
                for e in self.exprs {
                    out.push(rt.eval(e, &self.cur_row)?);
                }
                rt.srf_vals.clear();
                return Ok(Some(out));
            }
            let r = match self.input.next(rt)? {
                Some(r) => r,
                None => return Ok(None),
            };
            self.pending.clear();
            for (f, args, _) in self.srfs {
                let mut a = Vec::new();
                let mut types = Vec::new();
                for x in args {
                    a.push(rt.eval(x, &r)?);
                    types.push(x.typ);
                }
                self.pending
                    .push(crate::funcs::call_srf(rt, f, &a, &types)?);
            }
            self.active = true;
            self.cur_row = r;
        }
    }
}

struct AggNode<'p> {
    input: Option<Box<dyn Node + 'p>>,
    keys: &'p [Expr],
    aggs: &'p [analyzer::expr::AggCall],
    out: Vec<Row>,
    pos: usize,
}

impl Node for AggNode<'_> {
    fn next(&mut self, rt: &mut Runtime) -> PgResult<Option<Row>> {
        if let Some(mut input) = self.input.take() {
            let mut index: HashMap<Key, usize> = HashMap::new();
            let mut groups: Vec<(Vec<Datum>, AggGroup)> = Vec::new();
            if self.keys.is_empty() {
                groups.push((Vec::new(), AggGroup::new(self.aggs)));
            }
            let mut n = 0u32;
            while let Some(r) = input.next(rt)? {
                n = n.wrapping_add(1);
                if n.is_multiple_of(1024) {
                    rt.cx.interrupts.check()?;
                }
                let gi = if self.keys.is_empty() {
                    0
                } else {
                    let mut k = Vec::with_capacity(self.keys.len());
                    for e in self.keys {
                        k.push(rt.eval(e, &r)?);
                    }
                    let key = Key(k);
                    match index.get(&key) {
                        Some(&i) => i,
                        None => {
                            groups.push((key.0.clone(), AggGroup::new(self.aggs)));
                            index.insert(key, groups.len() - 1);
                            groups.len() - 1
                        }
                    }
                };
                groups[gi].1.advance(rt, self.aggs, &r)?;
            }
            for (k, g) in groups {
                let mut row = k;
                row.extend(g.finish(rt, self.aggs)?);
                self.out.push(row);
            }
        }
        if self.pos < self.out.len() {
            self.pos += 1;
            Ok(Some(std::mem::take(&mut self.out[self.pos - 1])))
        } else {
            Ok(None)
        }
    }
}

struct SortNode<'p> {
    input: Option<Box<dyn Node + 'p>>,
    keys: &'p [SortKey],
    rows: Vec<Row>,
    pos: usize,
}

impl Node for SortNode<'_> {
    fn next(&mut self, rt: &mut Runtime) -> PgResult<Option<Row>> {
        if let Some(mut input) = self.input.take() {
            let mut n = 0u32;
            while let Some(r) = input.next(rt)? {
                n = n.wrapping_add(1);
                if n.is_multiple_of(1024) {
                    rt.cx.interrupts.check()?;
                }
                self.rows.push(r);
            }
            let keys = self.keys;
            self.rows.sort_by(|a, b| compare_rows(a, b, keys));
        }
        if self.pos < self.rows.len() {
            self.pos += 1;
            Ok(Some(std::mem::take(&mut self.rows[self.pos - 1])))
        } else {
            Ok(None)
        }
    }
}

struct DistinctNode<'p> {
    input: Box<dyn Node + 'p>,
    ncols: usize,
    seen: std::collections::HashSet<Key>,
}

impl Node for DistinctNode<'_> {
    fn next(&mut self, rt: &mut Runtime) -> PgResult<Option<Row>> {
        while let Some(r) = self.input.next(rt)? {
            let k = Key(r.iter().take(self.ncols).cloned().collect());
            if self.seen.insert(k) {
                return Ok(Some(r));
            }
        }
        Ok(None)
    }
}

struct DistinctOnNode<'p> {
    input: Box<dyn Node + 'p>,
    cols: &'p [usize],
    last: Option<Key>,
}

impl Node for DistinctOnNode<'_> {
    fn next(&mut self, rt: &mut Runtime) -> PgResult<Option<Row>> {
        while let Some(r) = self.input.next(rt)? {
            let k = Key(self
                .cols
                .iter()
                .map(|&c| r.get(c).cloned().unwrap_or(Datum::Null))
                .collect());
            if self.last.as_ref() != Some(&k) {
                self.last = Some(k);
                return Ok(Some(r));
            }
        }
        Ok(None)
    }
}

struct LimitNode<'p> {
    input: Box<dyn Node + 'p>,
    limit: Option<u64>,
    offset: u64,
    seen: u64,
    emitted: u64,
}

impl Node for LimitNode<'_> {
    fn next(&mut self, rt: &mut Runtime) -> PgResult<Option<Row>> {
        if let Some(l) = self.limit {
            if self.emitted >= l {
                return Ok(None);
            }
        }
        while let Some(r) = self.input.next(rt)? {
            self.seen += 1;
            if self.seen <= self.offset {
                continue;
            }
            self.emitted += 1;
            return Ok(Some(r));
        }
        Ok(None)
    }
}

struct AppendNode<'p> {
    inputs: Vec<Box<dyn Node + 'p>>,
    cur: usize,
}

impl Node for AppendNode<'_> {
    fn next(&mut self, rt: &mut Runtime) -> PgResult<Option<Row>> {
        while self.cur < self.inputs.len() {
            if let Some(r) = self.inputs[self.cur].next(rt)? {
                return Ok(Some(r));
            }
            self.cur += 1;
        }
        Ok(None)
    }
}

struct SetOpNode<'p> {
    op: SetOpKind,
    all: bool,
    left: Box<dyn Node + 'p>,
    right: Option<Box<dyn Node + 'p>>,
    counts: HashMap<Key, i64>,
    emitted: std::collections::HashSet<Key>,
}

impl Node for SetOpNode<'_> {
    fn next(&mut self, rt: &mut Runtime) -> PgResult<Option<Row>> {
        if let Some(mut right) = self.right.take() {
            while let Some(r) = right.next(rt)? {
                *self.counts.entry(Key(r)).or_insert(0) += 1;
            }
        }
        while let Some(r) = self.left.next(rt)? {
            let k = Key(r);
            let c = self.counts.get(&k).copied().unwrap_or(0);
            let emit = match (self.op, self.all) {
                (SetOpKind::Intersect, true) => {
                    if c > 0 {
                        self.counts.insert(k.clone(), c - 1);
                        true
                    } else {
                        false
                    }
                }
                (SetOpKind::Intersect, false) => c > 0 && self.emitted.insert(k.clone()),
                (SetOpKind::Except, true) => {
                    if c > 0 {
                        self.counts.insert(k.clone(), c - 1);
                        false
                    } else {
                        true
                    }
                }
                (SetOpKind::Except, false) => c == 0 && self.emitted.insert(k.clone()),
                (SetOpKind::Union, _) => true,
            };
            if emit {
                return Ok(Some(k.0));
            }
        }
        Ok(None)
    }
}

struct SemiJoinNode<'p> {
    input: Box<dyn Node + 'p>,
    inner: Option<Box<dyn Node + 'p>>,
    outer_keys: &'p [Expr],
    anti: bool,
    set: std::collections::HashSet<Key>,
}

impl Node for SemiJoinNode<'_> {
    fn next(&mut self, rt: &mut Runtime) -> PgResult<Option<Row>> {
        if let Some(mut inner) = self.inner.take() {
            while let Some(r) = inner.next(rt)? {
                rt.cx.interrupts.check()?;
                let k: Vec<Datum> = r.into_iter().take(self.outer_keys.len()).collect();
                if k.iter().any(|d| d.is_null()) {
                    continue;
                }
                self.set.insert(Key(k));
            }
        }
        while let Some(r) = self.input.next(rt)? {
            let mut k = Vec::with_capacity(self.outer_keys.len());
            let mut null = false;
            for e in self.outer_keys {
                let v = rt.eval(e, &r)?;
                null |= v.is_null();
                k.push(v);
            }
            let matched = !null && self.set.contains(&Key(k));
            if matched != self.anti {
                return Ok(Some(r));
            }
        }
        Ok(None)
    }
}
