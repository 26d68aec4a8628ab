//! The WindowAgg node: window functions (row_number, rank, dense_rank, percent_rank,
//! cume_dist, ntile, lag, lead, first_value, last_value, nth_value) and aggregates used with
//! OVER. The input is materialised; for each distinct window specification the rows are
//! sorted by PARTITION BY then ORDER BY keys, split into partitions and peer groups, and every
//! call over that specification is computed per row with PostgreSQL's frame rules (RANGE
//! UNBOUNDED PRECEDING .. CURRENT ROW by default, ROWS n PRECEDING/FOLLOWING). Rows come out
//! in the order of the last specification's sort, each extended by one column per call.

use crate::agg::AggGroup;
use crate::nodes::{Node, Row};
use crate::Runtime;
use analyzer::expr::{AggCall, AggKind, FrameBound, WindowSpec};
use common::{pg_err, PgResult};
use std::cmp::Ordering;
use types::Datum;

pub struct WindowNode<'p> {
    input: Option<Box<dyn Node + 'p>>,
    width: usize,
    funcs: &'p [AggCall],
    out: Vec<Row>,
    pos: usize,
}

impl<'p> WindowNode<'p> {
    pub fn new(input: Box<dyn Node + 'p>, width: usize, funcs: &'p [AggCall]) -> WindowNode<'p> {
        WindowNode {
            input: Some(input),
            width,
            funcs,
            out: Vec::new(),
            pos: 0,
        }
    }
}

impl Node for WindowNode<'_> {
    fn next(&mut self, rt: &mut Runtime) -> PgResult<Option<Row>> {
        if let Some(mut input) = self.input.take() {
            let mut rows: Vec<Row> = Vec::new();
            while let Some(mut r) = input.next(rt)? {
                rt.cx.interrupts.check()?;
                r.resize(self.width, Datum::Null);
                rows.push(r);
            }
            let n = rows.len();
            let mut results: Vec<Vec<Datum>> = vec![vec![Datum::Null; self.funcs.len()]; n];
            let mut order: Vec<usize> = (0..n).collect();
            // Calls sharing one specification are computed over one sort.
            let mut done = vec![false; self.funcs.len()];
            for i in 0..self.funcs.len() {
                if done[i] {
                    continue;
                }
                let Some(spec) = self.funcs[i].over.as_deref() else {
                    continue;
                };
                let members: Vec<usize> = (i..self.funcs.len())
                    .filter(|&j| self.funcs[j].over.as_deref() == Some(spec))
                    .collect();
                for &j in &members {
                    done[j] = true;
                }
                order = sorted_order(rt, &rows, spec)?;
                compute_spec(rt, &rows, &order, spec, self.funcs, &members, &mut results)?;
            }
            let mut out = Vec::with_capacity(n);
            let mut rows: Vec<Option<Row>> = rows.into_iter().map(Some).collect();
            for idx in order {
                if let Some(mut r) = rows[idx].take() {
                    r.append(&mut results[idx]);
                    out.push(r);
                }
            }
            self.out = out;
        }
        if self.pos < self.out.len() {
            let r = std::mem::take(&mut self.out[self.pos]);
            self.pos += 1;
            Ok(Some(r))
        } else {
            Ok(None)
        }
    }
}

/// Per-row sort keys of one specification.
struct Keys {
    part: Vec<Datum>,
    ord: Vec<Datum>,
}

fn cmp_datum(a: &Datum, b: &Datum, desc: bool, nulls_first: bool) -> Ordering {
    match (a.is_null(), b.is_null()) {
        (true, true) => Ordering::Equal,
        (true, false) => {
            if nulls_first {
                Ordering::Less
            } else {
                Ordering::Greater
            }
        }
        (false, true) => {
            if nulls_first {
                Ordering::Greater
            } else {
                Ordering::Less
            }
        }
        _ => {
            let o = types::compare::compare(a, b);
            if desc {
                o.reverse()
            } else {
                o
            }
        }
    }
}

fn same(a: &[Datum], b: &[Datum]) -> bool {
    a.iter()
        .zip(b)
        .all(|(x, y)| cmp_datum(x, y, false, false) == Ordering::Equal)
}

fn keys_of(rt: &mut Runtime, rows: &[Row], spec: &WindowSpec) -> PgResult<Vec<Keys>> {
    let mut keys = Vec::with_capacity(rows.len());
    for r in rows {
        let mut part = Vec::with_capacity(spec.partition.len());
        for e in &spec.partition {
            part.push(rt.eval(e, r)?);
        }
        let mut ord = Vec::with_capacity(spec.order.len());
        for (e, _, _) in &spec.order {
            ord.push(rt.eval(e, r)?);
        }
        keys.push(Keys { part, ord });
    }
    Ok(keys)
}

/// Row indices sorted by the specification's partition and order keys (stable).
fn sorted_order(rt: &mut Runtime, rows: &[Row], spec: &WindowSpec) -> PgResult<Vec<usize>> {
    let keys = keys_of(rt, rows, spec)?;
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by(|&a, &b| {
        let (ka, kb) = (&keys[a], &keys[b]);
        for (x, y) in ka.part.iter().zip(&kb.part) {
            let o = cmp_datum(x, y, false, false);
            if o != Ordering::Equal {
                return o;
            }
        }
        for (i, (_, desc, nf)) in spec.order.iter().enumerate() {
            let o = cmp_datum(&ka.ord[i], &kb.ord[i], *desc, *nf);
            if o != Ordering::Equal {
                return o;
            }
        }
        Ordering::Equal
    });
    Ok(order)
}

/// Evaluate a ROWS frame offset: a non-NULL, non-negative bigint.
fn frame_offset(
    rt: &mut Runtime,
    e: &analyzer::expr::Expr,
    row: &Row,
    start: bool,
) -> PgResult<usize> {
    let which = if start { "starting" } else { "ending" };
    match rt.eval(e, row)? {
        Datum::Null => Err(pg_err!(
            NULL_VALUE_NOT_ALLOWED,
            "frame {} offset must not be null",
            which
        )),
        d => {
            let v = d.as_i64().unwrap_or(0);
            if v < 0 {
                // 22013 invalid_preceding_or_following_size
                return Err(common::PgError::new(
                    common::sqlstate::SqlState(*b"22013"),
                    format!("frame {} offset must not be negative", which),
                ));
            }
            Ok(usize::try_from(v).unwrap_or(usize::MAX))
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn compute_spec(
    rt: &mut Runtime,
    rows: &[Row],
    order: &[usize],
    spec: &WindowSpec,
    funcs: &[AggCall],
    members: &[usize],
    results: &mut [Vec<Datum>],
) -> PgResult<()> {
    let keys = keys_of(rt, rows, spec)?;
    let n = order.len();
    let mut ps = 0;
    while ps < n {
        // Partition [ps, pe) in sorted positions.
        let mut pe = ps + 1;
        while pe < n && same(&keys[order[pe]].part, &keys[order[ps]].part) {
            pe += 1;
        }
        // Peer groups: peer_start[i], peer_end[i], dense rank.
        let len = pe - ps;
        let mut peer_start = vec![0usize; len];
        let mut peer_end = vec![0usize; len];
        let mut dense = vec![0i64; len];
        let mut g = ps;
        let mut rank_no = 0i64;
        while g < pe {
            let mut h = g + 1;
            while h < pe && same(&keys[order[h]].ord, &keys[order[g]].ord) {
                h += 1;
            }
            rank_no += 1;
            for k in g..h {
                peer_start[k - ps] = g;
                peer_end[k - ps] = h;
                dense[k - ps] = rank_no;
            }
            g = h;
        }
        // Frame bounds per row (sorted positions, end exclusive).
        let mut frames = Vec::with_capacity(len);
        for i in ps..pe {
            rt.cx.interrupts.check()?;
            let row = &rows[order[i]];
            let start = match &spec.start {
                FrameBound::UnboundedPreceding => ps,
                FrameBound::CurrentRow if spec.rows => i,
                FrameBound::CurrentRow => peer_start[i - ps],
                FrameBound::Preceding(e) => {
                    let off = frame_offset(rt, e, row, true)?;
                    i.saturating_sub(off).max(ps)
                }
                FrameBound::Following(e) => {
                    let off = frame_offset(rt, e, row, true)?;
                    i.saturating_add(off).min(pe)
                }
                FrameBound::UnboundedFollowing => pe,
            };
            let end = match &spec.end {
                FrameBound::UnboundedFollowing => pe,
                FrameBound::CurrentRow if spec.rows => i + 1,
                FrameBound::CurrentRow => peer_end[i - ps],
                FrameBound::Following(e) => {
                    let off = frame_offset(rt, e, row, false)?;
                    i.saturating_add(off).saturating_add(1).min(pe)
                }
                FrameBound::Preceding(e) => {
                    let off = frame_offset(rt, e, row, false)?;
                    (i + 1).saturating_sub(off).max(ps)
                }
                FrameBound::UnboundedPreceding => ps,
            };
            frames.push((start, end.max(start)));
        }
        for &fi in members {
            let f = &funcs[fi];
            if f.kind.is_window_only() {
                window_function(
                    rt,
                    rows,
                    order,
                    f,
                    ps,
                    pe,
                    &peer_start,
                    &peer_end,
                    &dense,
                    &frames,
                    fi,
                    results,
                )?;
            } else {
                aggregate_over_frames(rt, rows, order, f, ps, pe, &frames, fi, results)?;
            }
        }
        ps = pe;
    }
    Ok(())
}

/// An aggregate over each row's frame. Frames that only grow at the end (the default frame,
/// ROWS UNBOUNDED PRECEDING ...) are computed incrementally; others from scratch, reusing the
/// previous value when the frame is unchanged.
#[allow(clippy::too_many_arguments)]
fn aggregate_over_frames(
    rt: &mut Runtime,
    rows: &[Row],
    order: &[usize],
    f: &AggCall,
    ps: usize,
    pe: usize,
    frames: &[(usize, usize)],
    fi: usize,
    results: &mut [Vec<Datum>],
) -> PgResult<()> {
    let calls = std::slice::from_ref(f);
    let incremental =
        frames.iter().all(|&(s, _)| s == ps) && frames.windows(2).all(|w| w[0].1 <= w[1].1);
    let mut last: Option<((usize, usize), Datum)> = None;
    let mut running = AggGroup::new(calls);
    let mut fed = ps;
    for i in ps..pe {
        let frame = frames[i - ps];
        let value = match &last {
            Some((fr, v)) if *fr == frame => v.clone(),
            _ => {
                let v = if incremental {
                    while fed < frame.1 {
                        running.advance(rt, calls, &rows[order[fed]])?;
                        fed += 1;
                    }
                    running.clone().finish(rt, calls)?
                } else {
                    let mut g = AggGroup::new(calls);
                    for k in frame.0..frame.1 {
                        rt.cx.interrupts.check()?;
                        g.advance(rt, calls, &rows[order[k]])?;
                    }
                    g.finish(rt, calls)?
                };
                v.into_iter().next().unwrap_or(Datum::Null)
            }
        };
        last = Some((frame, value.clone()));
        results[order[i]][fi] = value;
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn window_function(
    rt: &mut Runtime,
    rows: &[Row],
    order: &[usize],
    f: &AggCall,
    ps: usize,
    pe: usize,
    peer_start: &[usize],
    peer_end: &[usize],
    dense: &[i64],
    frames: &[(usize, usize)],
    fi: usize,
    results: &mut [Vec<Datum>],
) -> PgResult<()> {
    let len = (pe - ps) as i64;
    // ntile's bucket count is taken from the partition's first row.
    let ntile = if f.kind == AggKind::Ntile {
        match f.args.first() {
            Some(e) => match rt.eval(e, &rows[order[ps]])? {
                Datum::Null => None,
                d => {
                    let k = d.as_i64().unwrap_or(0);
                    if k <= 0 {
                        return Err(pg_err!(
                            INVALID_ARGUMENT_FOR_NTILE_FUNCTION,
                            "argument of ntile must be greater than zero"
                        ));
                    }
                    Some(k)
                }
            },
            None => None,
        }
    } else {
        None
    };
    for i in ps..pe {
        let row = &rows[order[i]];
        let pos = (i - ps) as i64;
        let rank = (peer_start[i - ps] - ps) as i64 + 1;
        let (fs, fe) = frames[i - ps];
        let value = match f.kind {
            AggKind::RowNumber => Datum::Int8(pos + 1),
            AggKind::Rank => Datum::Int8(rank),
            AggKind::DenseRank => Datum::Int8(dense[i - ps]),
            AggKind::PercentRank => Datum::Float8(if len > 1 {
                (rank - 1) as f64 / (len - 1) as f64
            } else {
                0.0
            }),
            AggKind::CumeDist => Datum::Float8((peer_end[i - ps] - ps) as f64 / len as f64),
            AggKind::Ntile => match ntile {
                None => Datum::Null,
                Some(k) => Datum::Int4(ntile_bucket(pos, len, k) as i32),
            },
            AggKind::Lag | AggKind::Lead => {
                let off = match f.args.get(1) {
                    Some(e) => match rt.eval(e, row)? {
                        Datum::Null => {
                            results[order[i]][fi] = Datum::Null;
                            continue;
                        }
                        d => d.as_i64().unwrap_or(0),
                    },
                    None => 1,
                };
                // Offsets can be any bigint: out of range (or overflowing) means the default.
                let target = if f.kind == AggKind::Lag {
                    (i as i64).checked_sub(off)
                } else {
                    (i as i64).checked_add(off)
                }
                .unwrap_or(-1);
                if target >= ps as i64 && target < pe as i64 {
                    match f.args.first() {
                        Some(e) => rt.eval(e, &rows[order[target as usize]])?,
                        None => Datum::Null,
                    }
                } else {
                    match f.args.get(2) {
                        Some(d) => rt.eval(d, row)?,
                        None => Datum::Null,
                    }
                }
            }
            AggKind::FirstValue | AggKind::LastValue => {
                if fs >= fe {
                    Datum::Null
                } else {
                    let at = if f.kind == AggKind::FirstValue {
                        fs
                    } else {
                        fe - 1
                    };
                    match f.args.first() {
                        Some(e) => rt.eval(e, &rows[order[at]])?,
                        None => Datum::Null,
                    }
                }
            }
            AggKind::NthValue => {
                let nth = match f.args.get(1) {
                    Some(e) => rt.eval(e, row)?,
                    None => Datum::Null,
                };
                match nth {
                    Datum::Null => Datum::Null,
                    d => {
                        let k = d.as_i64().unwrap_or(0);
                        if k <= 0 {
                            return Err(pg_err!(
                                INVALID_ARGUMENT_FOR_NTH_VALUE_FUNCTION,
                                "argument of nth_value must be greater than zero"
                            ));
                        }
                        let at = (fs as i64).saturating_add(k - 1);
                        if at < fe as i64 {
                            match f.args.first() {
                                Some(e) => rt.eval(e, &rows[order[at as usize]])?,
                                None => Datum::Null,
                            }
                        } else {
                            Datum::Null
                        }
                    }
                }
            }
            _ => Datum::Null,
        };
        results[order[i]][fi] = value;
    }
    Ok(())
}

/// ntile(k) for 0-based position `pos` in a partition of `len` rows: the first `len % k`
/// buckets hold one row more than the others.
fn ntile_bucket(pos: i64, len: i64, k: i64) -> i64 {
    let per = len / k;
    let extra = len % k;
    let big = extra * (per + 1);
    if pos < big {
        pos / (per + 1) + 1
    } else if per == 0 {
        extra + 1
    } else {
        extra + (pos - big) / per + 1
    }
}

#[cfg(test)]
mod tests {
    use super::ntile_bucket;

    #[test]
    fn ntile_buckets() {
        // 10 rows into 3 buckets: 4, 3, 3.
        let b: Vec<i64> = (0..10).map(|p| ntile_bucket(p, 10, 3)).collect();
        assert_eq!(b, vec![1, 1, 1, 1, 2, 2, 2, 3, 3, 3]);
        // More buckets than rows: one row each.
        let b: Vec<i64> = (0..3).map(|p| ntile_bucket(p, 3, 5)).collect();
        assert_eq!(b, vec![1, 2, 3]);
    }
}
