//! Built-in functions that need engine or session state (version(), current_setting(),
//! pg_sleep(), now(), pg_typeof(), ...) and the set-returning functions (generate_series,
//! unnest, generate_subscripts).

use crate::Runtime;
use analyzer::expr::{SessFn, SrfFn};
use common::{pg_err, Oid, PgResult};
use types::oids::*;
use types::registry::FuncCtx;
use types::Datum;

pub const VERSION: &str =
    "PostgreSQL 10.2 on x86_64-pc-linux-musl, compiled by gcc (Alpine 6.4.0) 6.4.0, 64-bit";

fn text_arg(v: &Datum) -> Option<&str> {
    v.as_str()
}

pub fn call_session(
    rt: &mut Runtime,
    f: SessFn,
    args: &[Datum],
    arg_types: &[Oid],
    _ret: Oid,
) -> PgResult<Datum> {
    use SessFn::*;
    let strict_null = matches!(
        f,
        CurrentSetting
            | CurrentSchemas
            | SetConfig
            | PgSleep
            | FormatType
            | SetSeed
            | PgTableIsVisible
            | CancelBackend
            | TerminateBackend
    ) && args.first().map(|a| a.is_null()).unwrap_or(false);
    if strict_null && f != FormatType {
        return Ok(Datum::Null);
    }
    Ok(match f {
        Version => Datum::text(VERSION),
        CurrentDatabase => Datum::text(rt.cx.db_name),
        CurrentUser | SessionUser => Datum::text(rt.cx.user_name),
        CurrentSchema => {
            let sp = rt.search_path()?;
            let ccx = rt.catalog_cx();
            let mut r = Datum::Null;
            for ns in sp {
                if ns == catalog::oids::PG_CATALOG_NAMESPACE && !rt.explicit_pg_catalog()? {
                    continue;
                }
                if let Some(n) = rt.cx.catalog.namespace_name(&ccx, ns)? {
                    r = Datum::text(n);
                    break;
                }
            }
            r
        }
        CurrentSchemas => {
            let implicit = args[0].as_bool().unwrap_or(false);
            let sp = rt.search_path()?;
            let explicit_cat = rt.explicit_pg_catalog()?;
            let ccx = rt.catalog_cx();
            let mut names = Vec::new();
            for ns in sp {
                if ns == catalog::oids::PG_CATALOG_NAMESPACE && !explicit_cat && !implicit {
                    continue;
                }
                if let Some(n) = rt.cx.catalog.namespace_name(&ccx, ns)? {
                    names.push(Datum::text(n));
                }
            }
            Datum::Array(Box::new(types::Array::from_vec(NAME, names)))
        }
        BackendPid => Datum::Int4(rt.cx.backend_pid),
        IsInRecovery => Datum::Bool(false),
        CancelBackend | TerminateBackend => {
            let Some(pid) = args.first().and_then(|a| a.as_i64()) else {
                return Ok(Datum::Null);
            };
            let terminate = f == TerminateBackend;
            let found = rt
                .cx
                .session_relations
                .and_then(|s| s.signal_backend(pid as i32, terminate));
            if found.is_none() {
                let mut w = common::PgError::warning(format!(
                    "PID {pid} is not a PostgreSQL server process"
                ));
                w.code = common::sqlstate::WARNING;
                rt.cx.notices.push(w);
            }
            Datum::Bool(found.is_some())
        }
        CurrentSetting | CurrentSettingMissingOk => {
            let name = text_arg(&args[0]).unwrap_or("");
            let missing_ok = f == CurrentSettingMissingOk
                && args.get(1).and_then(|b| b.as_bool()).unwrap_or(false);
            match rt.cx.gucs.get(name) {
                Ok(v) => Datum::text(v),
                Err(e) => {
                    if missing_ok {
                        Datum::Null
                    } else {
                        return Err(e);
                    }
                }
            }
        }
        SetConfig => {
            let name = text_arg(&args[0]).unwrap_or("").to_string();
            let value = match args.get(1) {
                Some(Datum::Text(s)) => s.clone(),
                _ => String::new(),
            };
            let is_local = args.get(2).and_then(|b| b.as_bool()).unwrap_or(false);
            let _ = is_local;
            rt.cx
                .gucs
                .set(&name, &value, guc::Context::User, guc::Source::Session)?;
            Datum::text(rt.cx.gucs.get(&name)?)
        }
        PgSleep => {
            let secs = args[0].as_f64().unwrap_or(0.0);
            if secs > 0.0 {
                let end =
                    std::time::Instant::now() + std::time::Duration::from_secs_f64(secs.min(1.0e7));
                loop {
                    rt.cx.interrupts.check()?;
                    let now = std::time::Instant::now();
                    if now >= end {
                        break;
                    }
                    let left = end - now;
                    std::thread::sleep(left.min(std::time::Duration::from_millis(10)));
                }
            }
            Datum::Null
        }
        Now => Datum::TimestampTz(rt.cx.env.transaction_timestamp),
        StatementTimestamp => Datum::TimestampTz(rt.cx.env.statement_timestamp),
        ClockTimestamp => Datum::TimestampTz(types::env::now_pg_micros()),
        TimeOfDay => {
            let ts = Datum::TimestampTz(types::env::now_pg_micros());
            Datum::text(types::io::output(TIMESTAMPTZ, &ts, rt.cx.env)?)
        }
        PgTypeof => Datum::Oid(arg_types.first().copied().unwrap_or(UNKNOWN)),
        FormatType => {
            let oid = match &args[0] {
                Datum::Null => return Ok(Datum::Null),
                d => d.as_i64().unwrap_or(0) as u32,
            };
            let typmod = match args.get(1) {
                Some(Datum::Int4(m)) => *m,
                _ => -1,
            };
            if types::type_info(oid).is_none() {
                Datum::text("???")
            } else {
                Datum::text(types::typeinfo::format_type(oid, typmod))
            }
        }
        TxidCurrent => {
            // The top-level transaction's id, even inside a savepoint.
            rt.cx.txn.assign_xid(rt.cx.tm)?;
            Datum::Int8(rt.cx.txn.top_xid() as i64)
        }
        Random => Datum::Float8(rt.random()),
        SetSeed => {
            let s = args[0].as_f64().unwrap_or(0.0);
            if !(-1.0..=1.0).contains(&s) {
                return Err(pg_err!(
                    INVALID_PARAMETER_VALUE,
                    "setseed parameter {} out of range [-1,1]",
                    s
                ));
            }
            rt.set_seed(s);
            Datum::Null
        }
        PgTableIsVisible => Datum::Bool(true),
        ObjDescription | ColDescription => Datum::Null,
        Catalog(c) => return crate::catalog_funcs::call(rt, c, args),
        Advisory(a) => return crate::advisory::call(rt, a, args),
        Nextval | Currval | Setval | Lastval | PgGetSerialSequence => {
            return crate::sequence::call(rt, f, args)
        }
    })
}

/// The rows of a set-returning function call, produced lazily where that matters.
pub enum SrfRows {
    List(std::vec::IntoIter<Datum>),
    IntRange {
        cur: i64,
        stop: i64,
        step: i64,
        int4: bool,
        done: bool,
    },
}

impl SrfRows {
    pub fn next_value(&mut self) -> Option<Datum> {
        match self {
            SrfRows::List(it) => it.next(),
            SrfRows::IntRange {
                cur,
                stop,
                step,
                int4,
                done,
            } => {
                if *done || (*step > 0 && *cur > *stop) || (*step < 0 && *cur < *stop) {
                    return None;
                }
                let v = *cur;
                match cur.checked_add(*step) {
                    Some(n) => *cur = n,
                    None => *done = true,
                }
                Some(if *int4 {
                    Datum::Int4(v as i32)
                } else {
                    Datum::Int8(v)
                })
            }
        }
    }
}

/// Start a set-returning function call.
pub fn call_srf(
    rt: &mut Runtime,
    f: &SrfFn,
    args: &[Datum],
    types_in: &[Oid],
) -> PgResult<SrfRows> {
    if let SrfFn::GenerateSeries = f {
        let t = types_in.first().copied().unwrap_or(INT4);
        if (t == INT4 || t == INT8) && !args.iter().any(|a| a.is_null()) {
            let step = args.get(2).and_then(|d| d.as_i64()).unwrap_or(1);
            if step == 0 {
                return Err(pg_err!(
                    INVALID_PARAMETER_VALUE,
                    "step size cannot equal zero"
                ));
            }
            return Ok(SrfRows::IntRange {
                cur: args[0].as_i64().unwrap_or(0),
                stop: args[1].as_i64().unwrap_or(0),
                step,
                int4: t == INT4,
                done: false,
            });
        }
    }
    Ok(SrfRows::List(
        call_srf_list(rt, f, args, types_in)?.into_iter(),
    ))
}

/// Evaluate a set-returning function into its rows (single-column values).
pub fn call_srf_list(
    rt: &mut Runtime,
    f: &SrfFn,
    args: &[Datum],
    types_in: &[Oid],
) -> PgResult<Vec<Datum>> {
    match f {
        SrfFn::GenerateSeries => generate_series(rt, args, types_in),
        SrfFn::Unnest => match args.first() {
            Some(Datum::Array(a)) => Ok(a.elems.clone()),
            _ => Ok(Vec::new()),
        },
        SrfFn::GenerateSubscripts => {
            let (a, dim) = match (args.first(), args.get(1)) {
                (Some(Datum::Array(a)), Some(d)) => (a, d.as_i64().unwrap_or(0)),
                _ => return Ok(Vec::new()),
            };
            if dim < 1 || dim as usize > a.dims.len() {
                return Ok(Vec::new());
            }
            let (len, lb) = a.dims[dim as usize - 1];
            Ok((lb..lb + len).map(Datum::Int4).collect())
        }
        SrfFn::Proc(func) => {
            if func.strict && args.iter().any(|a| a.is_null()) {
                return Ok(Vec::new());
            }
            let fcx = FuncCtx {
                env: rt.cx.env,
                result_type: 0,
                arg_types: types_in,
            };
            match (func.f)(args, &fcx)? {
                Datum::Array(a) => Ok(a.elems),
                Datum::Null => Ok(Vec::new()),
                d => Ok(vec![d]),
            }
        }
    }
}

/// Rows produced before a set-returning function gives up (guards memory).
const MAX_SRF_ROWS: usize = 10_000_000;

fn generate_series(rt: &mut Runtime, args: &[Datum], types_in: &[Oid]) -> PgResult<Vec<Datum>> {
    if args.iter().any(|a| a.is_null()) {
        return Ok(Vec::new());
    }
    let t = types_in.first().copied().unwrap_or(INT4);
    match t {
        INT4 | INT8 => {
            let start = args[0].as_i64().unwrap_or(0);
            let stop = args[1].as_i64().unwrap_or(0);
            let step = args.get(2).and_then(|d| d.as_i64()).unwrap_or(1);
            if step == 0 {
                return Err(pg_err!(
                    INVALID_PARAMETER_VALUE,
                    "step size cannot equal zero"
                ));
            }
            let mut out = Vec::new();
            let mut i = start;
            while (step > 0 && i <= stop) || (step < 0 && i >= stop) {
                if out.len() % 4096 == 0 {
                    rt.cx.interrupts.check()?;
                }
                if out.len() >= MAX_SRF_ROWS {
                    return Err(pg_err!(
                        PROGRAM_LIMIT_EXCEEDED,
                        "set-returning function result too large"
                    ));
                }
                out.push(if t == INT4 {
                    Datum::Int4(i as i32)
                } else {
                    Datum::Int8(i)
                });
                i = match i.checked_add(step) {
                    Some(n) => n,
                    None => break,
                };
                if t == INT4 && (i > i32::MAX as i64 || i < i32::MIN as i64) {
                    break;
                }
            }
            Ok(out)
        }
        _ => {
            // numeric / timestamp: use the type's + and comparison operators.
            let step_t = types_in.get(2).copied().unwrap_or(t);
            let step = match args.get(2) {
                Some(s) => s.clone(),
                None => types::io::input(t, -1, "1", rt.cx.env)?,
            };
            let reg = analyzer::registry();
            let plus = reg
                .oper_exact("+", t, step_t)
                .map(|o| o.func)
                .ok_or_else(|| {
                    pg_err!(
                        UNDEFINED_FUNCTION,
                        "generate_series is not supported for this type"
                    )
                })?;
            let zero = if step_t == INTERVAL {
                Datum::Interval(types::Interval::default())
            } else {
                types::io::input(step_t, -1, "0", rt.cx.env)?
            };
            let dir = types::compare::compare(&step, &zero);
            if dir == std::cmp::Ordering::Equal {
                return Err(pg_err!(
                    INVALID_PARAMETER_VALUE,
                    "step size cannot equal zero"
                ));
            }
            let stop = args[1].clone();
            let mut cur = args[0].clone();
            let mut out = Vec::new();
            loop {
                let c = types::compare::compare(&cur, &stop);
                let go = match dir {
                    std::cmp::Ordering::Greater => c != std::cmp::Ordering::Greater,
                    _ => c != std::cmp::Ordering::Less,
                };
                if !go {
                    break;
                }
                if out.len() % 4096 == 0 {
                    rt.cx.interrupts.check()?;
                }
                if out.len() >= MAX_SRF_ROWS {
                    return Err(pg_err!(
                        PROGRAM_LIMIT_EXCEEDED,
                        "set-returning function result too large"
                    ));
                }
                out.push(cur.clone());
                let at = [t, step_t];
                let fcx = FuncCtx {
                    env: rt.cx.env,
                    result_type: t,
                    arg_types: &at,
                };
                cur = (plus.f)(&[cur, step.clone()], &fcx)?;
            }
            Ok(out)
        }
    }
}
