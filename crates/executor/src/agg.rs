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
use types::oids::*;
use types::registry::FuncCtx;
use types::{Array, Datum};

#[derive(Default)]
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
}

/// The states of all aggregates of one group.
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
    }
    Ok(())
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
