//! Aggregate transition and final logic with PostgreSQL's semantics: count, sum (int2/int4 in
//! int8, int8 in numeric), avg (numeric results for integer/numeric input, float8 for floats),
//! min/max for every comparable type, bool_and/bool_or/every, bit_and/bit_or, string_agg,
//! array_agg; DISTINCT, ORDER BY and FILTER modifiers.

use crate::nodes::{Key, Row};
use crate::Runtime;
use analyzer::expr::{AggCall, AggKind, Func};
use common::{pg_err, Oid, PgResult};
use std::cmp::Ordering;
use std::collections::HashSet;
use types::numeric::{self, Numeric};
use types::oids::*;
use types::registry::FuncCtx;
use types::{Array, Datum};

#[derive(Default, Clone)]
struct State {
    count: i64,
    isum: i128,
    fsum: f64,
    f4sum: f32,
    any: bool,
    val: Option<Datum>,
    flag: Option<bool>,
    bits: Option<i64>,
    text: Option<String>,
    bytes: Option<Vec<u8>>,
    vals: Vec<Datum>,
    seen: Option<HashSet<Key>>,
    /// Buffered (args, order keys) for ORDER BY / DISTINCT aggregates.
    buffer: Vec<(Row, Row)>,
    /// Moments for the statistical aggregates: float sums (X, X², Y, Y², XY) ...
    moments: [f64; 5],
    /// ... or exact numeric sums (X, X²) for integer and numeric input.
    nsums: Option<(Numeric, Numeric)>,
}

/// The states of all aggregates of one group.
#[derive(Clone)]
pub struct AggGroup {
    states: Vec<State>,
}

fn oper(name: &str, l: Oid, r: Oid) -> PgResult<Func> {
    analyzer::registry()
        .oper_exact(name, l, r)
        .map(|o| o.func)
        .ok_or_else(|| {
            pg_err!(
                UNDEFINED_FUNCTION,
                "operator does not exist: {} {} {}",
                types::typeinfo::display_name(l),
                name,
                types::typeinfo::display_name(r)
            )
        })
}

fn call(rt: &Runtime, f: Func, args: [Datum; 2], types: [Oid; 2], ret: Oid) -> PgResult<Datum> {
    let fcx = FuncCtx {
        env: rt.cx.env,
        result_type: ret,
        arg_types: &types,
    };
    (f.f)(&args, &fcx)
}

fn numeric_of(rt: &Runtime, v: i128) -> PgResult<Datum> {
    types::io::input(NUMERIC, -1, &v.to_string(), rt.cx.env)
}

impl AggGroup {
    pub fn new(aggs: &[AggCall]) -> AggGroup {
        AggGroup {
            states: aggs
                .iter()
                .map(|a| State {
                    seen: if a.distinct && a.order_by.is_empty() {
                        Some(HashSet::new())
                    } else {
                        None
                    },
                    ..State::default()
                })
                .collect(),
        }
    }

    pub fn advance(&mut self, rt: &mut Runtime, aggs: &[AggCall], row: &[Datum]) -> PgResult<()> {
        for (a, st) in aggs.iter().zip(self.states.iter_mut()) {
            if let Some(f) = &a.filter {
                if !rt.eval_bool(f, row)? {
                    continue;
                }
            }
            let mut args = Vec::with_capacity(a.args.len());
            for x in &a.args {
                args.push(rt.eval(x, row)?);
            }
            if !a.order_by.is_empty() {
                let mut keys = Vec::with_capacity(a.order_by.len());
                for (e, _, _) in &a.order_by {
                    keys.push(rt.eval(e, row)?);
                }
                st.buffer.push((args, keys));
                continue;
            }
            if let Some(seen) = &mut st.seen {
                if a.kind != AggKind::ArrayAgg && args.first().map(|d| d.is_null()).unwrap_or(false)
                {
                    continue;
                }
                if !seen.insert(Key(args.clone())) {
                    continue;
                }
            }
            step(rt, a, st, args)?;
        }
        Ok(())
    }

    pub fn finish(mut self, rt: &mut Runtime, aggs: &[AggCall]) -> PgResult<Vec<Datum>> {
        let mut out = Vec::with_capacity(aggs.len());
        for (a, st) in aggs.iter().zip(self.states.iter_mut()) {
            if !st.buffer.is_empty() {
                let mut buf = std::mem::take(&mut st.buffer);
                let ob = &a.order_by;
                buf.sort_by(|x, y| {
                    for (i, (_, desc, nf)) in ob.iter().enumerate() {
                        let (p, q) = (&x.1[i], &y.1[i]);
                        let o = match (p.is_null(), q.is_null()) {
                            (true, true) => Ordering::Equal,
                            (true, false) => {
                                if *nf {
                                    Ordering::Less
                                } else {
                                    Ordering::Greater
                                }
                            }
                            (false, true) => {
                                if *nf {
                                    Ordering::Greater
                                } else {
                                    Ordering::Less
                                }
                            }
                            _ => {
                                let o = types::compare::compare(p, q);
                                if *desc {
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
                });
                let mut seen: HashSet<Key> = HashSet::new();
                for (args, _) in buf {
                    if a.distinct {
                        if a.kind != AggKind::ArrayAgg
                            && args.first().map(|d| d.is_null()).unwrap_or(false)
                        {
                            continue;
                        }
                        if !seen.insert(Key(args.clone())) {
                            continue;
                        }
                    }
                    step(rt, a, st, args)?;
                }
            }
            out.push(final_value(rt, a, st)?);
        }
        Ok(out)
    }
}

fn step(rt: &mut Runtime, a: &AggCall, st: &mut State, mut args: Vec<Datum>) -> PgResult<()> {
    use AggKind::*;
    if a.kind == CountStar {
        st.count += 1;
        return Ok(());
    }
    let v = if args.is_empty() {
        Datum::Null
    } else {
        args.swap_remove(0)
    };
    if v.is_null() && a.kind != ArrayAgg {
        return Ok(());
    }
    match a.kind {
        CountStar => {}
        Count => st.count += 1,
        Sum | Avg => {
            st.count += 1;
            st.any = true;
            match (&v, a.arg_type) {
                (Datum::Int2(_) | Datum::Int4(_) | Datum::Int8(_), _) => {
                    st.isum += v.as_i64().unwrap_or(0) as i128;
                }
                (Datum::Float4(f), _) => {
                    st.f4sum += *f;
                    st.fsum += *f as f64;
                }
                (Datum::Float8(f), _) => st.fsum += *f,
                _ => {
                    st.val = Some(match st.val.take() {
                        None => v,
                        Some(acc) => {
                            let t = a.arg_type;
                            let f = oper("+", t, t)?;
                            call(rt, f, [acc, v], [t, t], t)?
                        }
                    });
                }
            }
        }
        Min | Max => {
            st.val = Some(match st.val.take() {
                None => v,
                Some(acc) => {
                    let o = types::compare::compare(&v, &acc);
                    if (a.kind == Min && o == Ordering::Less)
                        || (a.kind == Max && o == Ordering::Greater)
                    {
                        v
                    } else {
                        acc
                    }
                }
            });
        }
        BoolAnd => {
            let b = v.as_bool().unwrap_or(false);
            st.flag = Some(st.flag.unwrap_or(true) && b);
        }
        BoolOr => {
            let b = v.as_bool().unwrap_or(false);
            st.flag = Some(st.flag.unwrap_or(false) || b);
        }
        BitAnd => {
            let x = v.as_i64().unwrap_or(0);
            st.bits = Some(st.bits.map(|b| b & x).unwrap_or(x));
        }
        BitOr => {
            let x = v.as_i64().unwrap_or(0);
            st.bits = Some(st.bits.map(|b| b | x).unwrap_or(x));
        }
        StringAgg => {
            let delim = args.into_iter().next().unwrap_or(Datum::Null);
            match v {
                Datum::Bytea(b) => {
                    let mut cur = st.bytes.take();
                    match &mut cur {
                        None => cur = Some(b),
                        Some(c) => {
                            if let Datum::Bytea(d) = &delim {
                                c.extend_from_slice(d);
                            }
                            c.extend_from_slice(&b);
                        }
                    }
                    st.bytes = cur;
                }
                Datum::Text(s) => match &mut st.text {
                    None => st.text = Some(s),
                    Some(c) => {
                        if let Datum::Text(d) = &delim {
                            c.push_str(d);
                        }
                        c.push_str(&s);
                    }
                },
                _ => {}
            }
        }
        ArrayAgg => st.vals.push(v),
        Variance { .. } => {
            st.count += 1;
            match &v {
                Datum::Float4(_) | Datum::Float8(_) => {
                    let x = v.as_f64().unwrap_or(0.0);
                    st.moments[0] += x;
                    st.moments[1] += x * x;
                }
                _ => {
                    let x = match &v {
                        Datum::Numeric(n) => (**n).clone(),
                        other => Numeric::from_i64(other.as_i64().unwrap_or(0)),
                    };
                    let sq = numeric::mul(&x, &x);
                    st.nsums = Some(match st.nsums.take() {
                        None => (x, sq),
                        Some((s1, s2)) => (numeric::add(&s1, &x), numeric::add(&s2, &sq)),
                    });
                }
            }
        }
        // Window-only functions are computed by the WindowAgg node, never stepped.
        RowNumber | Rank | DenseRank | PercentRank | CumeDist | Ntile | Lag | Lead | FirstValue
        | LastValue | NthValue => {}
        Regr(_) => {
            let x = match args.first() {
                Some(d) if !d.is_null() => d.as_f64().unwrap_or(0.0),
                _ => return Ok(()),
            };
            let y = v.as_f64().unwrap_or(0.0);
            st.count += 1;
            let m = &mut st.moments;
            m[0] += x;
            m[1] += x * x;
            m[2] += y;
            m[3] += y * y;
            m[4] += x * y;
        }
    }
    Ok(())
}

/// Final value of variance/stddev over float input (PostgreSQL 10's float8_var_* / stddev_*
/// from N, sum(X) and sum(X²)).
fn float_variance(n: i64, sx: f64, sx2: f64, stddev: bool, sample: bool) -> Datum {
    if n == 0 || (sample && n == 1) {
        return Datum::Null;
    }
    let nf = n as f64;
    let num = nf * sx2 - sx * sx;
    if num <= 0.0 {
        return Datum::Float8(0.0);
    }
    let den = if sample { nf * (nf - 1.0) } else { nf * nf };
    let var = num / den;
    Datum::Float8(if stddev { var.sqrt() } else { var })
}

/// Final value of the two-argument statistics (PostgreSQL 10's float8_regr_* / covar / corr).
fn regr_final(k: analyzer::expr::RegrKind, n: i64, m: &[f64; 5]) -> Datum {
    use analyzer::expr::RegrKind as R;
    if k == R::Count {
        return Datum::Int8(n);
    }
    if n == 0 || (k == R::CovarSamp && n < 2) {
        return Datum::Null;
    }
    let nf = n as f64;
    let [sx, sx2, sy, sy2, sxy] = *m;
    let num_x = nf * sx2 - sx * sx;
    let num_y = nf * sy2 - sy * sy;
    let num_xy = nf * sxy - sx * sy;
    let v = match k {
        R::Count => return Datum::Int8(n),
        R::Sxx => num_x.max(0.0) / nf,
        R::Syy => num_y.max(0.0) / nf,
        R::Sxy => num_xy / nf,
        R::AvgX => sx / nf,
        R::AvgY => sy / nf,
        R::CovarPop => num_xy / (nf * nf),
        R::CovarSamp => num_xy / (nf * (nf - 1.0)),
        R::Corr => {
            if num_x <= 0.0 || num_y <= 0.0 {
                return Datum::Null;
            }
            num_xy / (num_x * num_y).sqrt()
        }
        R::R2 => {
            if num_x <= 0.0 {
                return Datum::Null;
            }
            if num_y <= 0.0 {
                1.0
            } else {
                (num_xy * num_xy) / (num_x * num_y)
            }
        }
        R::Slope => {
            if num_x <= 0.0 {
                return Datum::Null;
            }
            num_xy / num_x
        }
        R::Intercept => {
            if num_x <= 0.0 {
                return Datum::Null;
            }
            (sy * sx2 - sx * sxy) / num_x
        }
    };
    Datum::Float8(v)
}

fn final_value(rt: &mut Runtime, a: &AggCall, st: &mut State) -> PgResult<Datum> {
    use AggKind::*;
    Ok(match a.kind {
        CountStar | Count => Datum::Int8(st.count),
        Sum => {
            if !st.any {
                return Ok(Datum::Null);
            }
            match a.arg_type {
                INT2 | INT4 => match i64::try_from(st.isum) {
                    Ok(v) => Datum::Int8(v),
                    Err(_) => {
                        return Err(pg_err!(NUMERIC_VALUE_OUT_OF_RANGE, "bigint out of range"))
                    }
                },
                INT8 => numeric_of(rt, st.isum)?,
                FLOAT4 => Datum::Float4(st.f4sum),
                FLOAT8 => Datum::Float8(st.fsum),
                _ => st.val.take().unwrap_or(Datum::Null),
            }
        }
        Avg => {
            if st.count == 0 {
                return Ok(Datum::Null);
            }
            match a.arg_type {
                INT2 | INT4 | INT8 => {
                    let s = numeric_of(rt, st.isum)?;
                    let c = numeric_of(rt, st.count as i128)?;
                    let f = oper("/", NUMERIC, NUMERIC)?;
                    call(rt, f, [s, c], [NUMERIC, NUMERIC], NUMERIC)?
                }
                FLOAT4 | FLOAT8 => Datum::Float8(st.fsum / st.count as f64),
                NUMERIC => {
                    let s = st.val.take().unwrap_or(Datum::Null);
                    let c = numeric_of(rt, st.count as i128)?;
                    let f = oper("/", NUMERIC, NUMERIC)?;
                    call(rt, f, [s, c], [NUMERIC, NUMERIC], NUMERIC)?
                }
                t => {
                    let s = st.val.take().unwrap_or(Datum::Null);
                    let f = oper("/", t, FLOAT8)?;
                    call(rt, f, [s, Datum::Float8(st.count as f64)], [t, FLOAT8], t)?
                }
            }
        }
        Min | Max => st.val.take().unwrap_or(Datum::Null),
        BoolAnd | BoolOr => st.flag.map(Datum::Bool).unwrap_or(Datum::Null),
        BitAnd | BitOr => match st.bits {
            None => Datum::Null,
            Some(b) => match a.arg_type {
                INT2 => Datum::Int2(b as i16),
                INT4 => Datum::Int4(b as i32),
                _ => Datum::Int8(b),
            },
        },
        StringAgg => {
            if let Some(b) = st.bytes.take() {
                Datum::Bytea(b)
            } else {
                st.text.take().map(Datum::Text).unwrap_or(Datum::Null)
            }
        }
        Variance { stddev, sample } => match st.nsums.take() {
            Some((s1, s2)) => {
                let n = Numeric::from_i64(st.count);
                match numeric::variance_result(&n, &s1, &s2, !stddev, sample)? {
                    Some(r) => Datum::numeric(r),
                    None => Datum::Null,
                }
            }
            None => float_variance(st.count, st.moments[0], st.moments[1], stddev, sample),
        },
        Regr(k) => regr_final(k, st.count, &st.moments),
        RowNumber | Rank | DenseRank | PercentRank | CumeDist | Ntile | Lag | Lead | FirstValue
        | LastValue | NthValue => Datum::Null,
        ArrayAgg => {
            if st.vals.is_empty() {
                Datum::Null
            } else {
                let elem = types::typeinfo::element_type_of(a.result_type).unwrap_or(a.arg_type);
                Datum::Array(Box::new(Array::from_vec(
                    elem,
                    std::mem::take(&mut st.vals),
                )))
            }
        }
    })
}
