//! Built-in date/time functions, operators and casts with PostgreSQL 10's pg_proc /
//! pg_operator / pg_cast OIDs: comparisons (including date/timestamp/timestamptz cross-type),
//! arithmetic with intervals (month/day steps in the session time zone, as PostgreSQL),
//! date_part/extract, date_trunc, age, justify_*, make_*, to_timestamp, AT TIME ZONE,
//! isfinite, overlaps, now() and friends, and the conversions between all the types.

use super::calc::*;
use super::parse::{decode_timezone, decode_units, dyn_abbrev, tz_abbrev, Unit};
use super::{adjust_interval, adjust_time, adjust_timestamp};
use crate::oids::*;
use crate::registry::{BuiltinFn, CastDef, FuncCtx, OperDef, ProcDef};
use crate::{Datum, Interval, SessionEnv};
use common::{Oid, PgError, PgResult};
use std::cmp::Ordering;

// ---------------------------------------------------------------------------------------------
// Argument helpers

fn bad_arg(what: &str) -> PgError {
    PgError::internal(format!("unexpected argument for {what}"))
}

fn a_date(d: &Datum) -> PgResult<i32> {
    match d {
        Datum::Date(v) => Ok(*v),
        _ => Err(bad_arg("date")),
    }
}
fn a_time(d: &Datum) -> PgResult<i64> {
    match d {
        Datum::Time(v) => Ok(*v),
        _ => Err(bad_arg("time")),
    }
}
fn a_timetz(d: &Datum) -> PgResult<(i64, i32)> {
    match d {
        Datum::TimeTz(t, z) => Ok((*t, *z)),
        _ => Err(bad_arg("timetz")),
    }
}
fn a_ts(d: &Datum) -> PgResult<i64> {
    match d {
        Datum::Timestamp(v) | Datum::TimestampTz(v) => Ok(*v),
        _ => Err(bad_arg("timestamp")),
    }
}
fn a_iv(d: &Datum) -> PgResult<Interval> {
    match d {
        Datum::Interval(v) => Ok(*v),
        _ => Err(bad_arg("interval")),
    }
}
fn a_text(d: &Datum) -> PgResult<&str> {
    d.as_str().ok_or_else(|| bad_arg("text"))
}
fn a_i32(d: &Datum) -> PgResult<i32> {
    d.as_i64()
        .and_then(|v| i32::try_from(v).ok())
        .ok_or_else(|| bad_arg("integer"))
}
fn a_f64(d: &Datum) -> PgResult<f64> {
    match d {
        Datum::Float8(v) => Ok(*v),
        Datum::Float4(v) => Ok(*v as f64),
        Datum::Int2(v) => Ok(*v as f64),
        Datum::Int4(v) => Ok(*v as f64),
        Datum::Int8(v) => Ok(*v as f64),
        _ => Err(bad_arg("double precision")),
    }
}

fn is_finite_ts(t: i64) -> bool {
    t != TIMESTAMP_NOBEGIN && t != TIMESTAMP_NOEND
}
fn is_finite_date(d: i32) -> bool {
    d != DATE_NOBEGIN && d != DATE_NOEND
}

fn date_oor_ts() -> PgError {
    common::pg_err!(DATETIME_FIELD_OVERFLOW, "date out of range for timestamp")
}

// ---------------------------------------------------------------------------------------------
// Conversions

pub fn date2timestamp(d: i32) -> PgResult<i64> {
    if d == DATE_NOBEGIN {
        return Ok(TIMESTAMP_NOBEGIN);
    }
    if d == DATE_NOEND {
        return Ok(TIMESTAMP_NOEND);
    }
    if d as i64 >= 109_203_528 - POSTGRES_EPOCH_JDATE as i64 {
        return Err(date_oor_ts());
    }
    Ok(d as i64 * USECS_PER_DAY)
}

pub fn date2timestamptz(d: i32, env: &SessionEnv) -> PgResult<i64> {
    if !is_finite_date(d) {
        return date2timestamp(d);
    }
    if d as i64 >= 109_203_528 - POSTGRES_EPOCH_JDATE as i64 {
        return Err(date_oor_ts());
    }
    let (y, m, dd) = j2date(d as i64 + POSTGRES_EPOCH_JDATE as i64);
    let mut tm = Tm {
        year: y,
        mon: m,
        mday: dd,
        ..Default::default()
    };
    let tz = determine_tz_offset(&mut tm, &env.timezone);
    let r = d as i64 * USECS_PER_DAY + tz as i64 * USECS_PER_SEC;
    if !valid_timestamp(r) {
        return Err(date_oor_ts());
    }
    Ok(r)
}

pub fn timestamp2timestamptz(t: i64, env: &SessionEnv) -> PgResult<i64> {
    if !is_finite_ts(t) {
        return Ok(t);
    }
    let (mut tm, _) = ts_ok(timestamp2tm(t, None))?;
    let tz = determine_tz_offset(&mut tm, &env.timezone);
    ts_ok(tm2timestamp(&tm, Some(tz)))
}

pub fn timestamptz2timestamp(t: i64, env: &SessionEnv) -> PgResult<i64> {
    if !is_finite_ts(t) {
        return Ok(t);
    }
    let (tm, _) = ts_ok(timestamp2tm(t, Some(&env.timezone)))?;
    ts_ok(tm2timestamp(&tm, None))
}

fn tm_date(tm: &Tm) -> i32 {
    (date2j(tm.year, tm.mon, tm.mday) - POSTGRES_EPOCH_JDATE as i64) as i32
}

fn timestamp2date(t: i64, tz: Option<&SessionEnv>) -> PgResult<i32> {
    if t == TIMESTAMP_NOBEGIN {
        return Ok(DATE_NOBEGIN);
    }
    if t == TIMESTAMP_NOEND {
        return Ok(DATE_NOEND);
    }
    let (tm, _) = ts_ok(timestamp2tm(t, tz.map(|e| &e.timezone)))?;
    Ok(tm_date(&tm))
}

fn tm_time(tm: &Tm) -> i64 {
    time2t(tm.hour, tm.min, tm.sec, tm.fsec)
}

/// Offset (seconds west) of the session zone for a time of day on the current date.
fn session_offset_today(t: i64, env: &SessionEnv) -> i32 {
    let (mut tm, _) = current_tm(env);
    let (h, m, s, _) = dt2time(t);
    tm.hour = h;
    tm.min = m;
    tm.sec = s;
    determine_tz_offset(&mut tm, &env.timezone)
}

// ---------------------------------------------------------------------------------------------
// Comparisons

/// Comparison families: which pair of types is compared.
const F_DATE: u8 = 0;
const F_TIME: u8 = 1;
const F_TIMETZ: u8 = 2;
const F_TS: u8 = 3;
const F_TSTZ: u8 = 4;
const F_IV: u8 = 5;
const F_DATE_TS: u8 = 6;
const F_DATE_TSTZ: u8 = 7;
const F_TS_DATE: u8 = 8;
const F_TSTZ_DATE: u8 = 9;
const F_TS_TSTZ: u8 = 10;
const F_TSTZ_TS: u8 = 11;

fn iv_key(i: &Interval) -> i128 {
    i.micros as i128
        + i.days as i128 * USECS_PER_DAY as i128
        + i.months as i128 * 30 * USECS_PER_DAY as i128
}

fn family_cmp(fam: u8, a: &Datum, b: &Datum, env: &SessionEnv) -> PgResult<Ordering> {
    Ok(match fam {
        F_DATE => a_date(a)?.cmp(&a_date(b)?),
        F_TIME => a_time(a)?.cmp(&a_time(b)?),
        F_TIMETZ => {
            let (t1, z1) = a_timetz(a)?;
            let (t2, z2) = a_timetz(b)?;
            (t1 + z1 as i64 * USECS_PER_SEC)
                .cmp(&(t2 + z2 as i64 * USECS_PER_SEC))
                .then(z1.cmp(&z2))
        }
        F_TS | F_TSTZ => a_ts(a)?.cmp(&a_ts(b)?),
        F_IV => iv_key(&a_iv(a)?).cmp(&iv_key(&a_iv(b)?)),
        F_DATE_TS => date2timestamp(a_date(a)?)?.cmp(&a_ts(b)?),
        F_TS_DATE => a_ts(a)?.cmp(&date2timestamp(a_date(b)?)?),
        F_DATE_TSTZ => date2timestamptz(a_date(a)?, env)?.cmp(&a_ts(b)?),
        F_TSTZ_DATE => a_ts(a)?.cmp(&date2timestamptz(a_date(b)?, env)?),
        F_TS_TSTZ => timestamp2timestamptz(a_ts(a)?, env)?.cmp(&a_ts(b)?),
        F_TSTZ_TS => a_ts(a)?.cmp(&timestamp2timestamptz(a_ts(b)?, env)?),
        _ => return Err(PgError::internal("bad comparison family")),
    })
}

const OP_EQ: u8 = 0;
const OP_NE: u8 = 1;
const OP_LT: u8 = 2;
const OP_LE: u8 = 3;
const OP_GT: u8 = 4;
const OP_GE: u8 = 5;
const OP_CMP: u8 = 6;
const OP_LARGER: u8 = 7;
const OP_SMALLER: u8 = 8;

fn cmp_fn<const FAM: u8, const OP: u8>(a: &[Datum], cx: &FuncCtx) -> PgResult<Datum> {
    let o = family_cmp(FAM, &a[0], &a[1], cx.env)?;
    Ok(match OP {
        OP_EQ => Datum::Bool(o == Ordering::Equal),
        OP_NE => Datum::Bool(o != Ordering::Equal),
        OP_LT => Datum::Bool(o == Ordering::Less),
        OP_LE => Datum::Bool(o != Ordering::Greater),
        OP_GT => Datum::Bool(o == Ordering::Greater),
        OP_GE => Datum::Bool(o != Ordering::Less),
        OP_CMP => Datum::Int4(match o {
            Ordering::Less => -1,
            Ordering::Equal => 0,
            Ordering::Greater => 1,
        }),
        OP_LARGER => {
            if o == Ordering::Less {
                a[1].clone()
            } else {
                a[0].clone()
            }
        }
        _ => {
            if o == Ordering::Greater {
                a[1].clone()
            } else {
                a[0].clone()
            }
        }
    })
}

struct CmpFamily {
    left: Oid,
    right: Oid,
    prefix: &'static str,
    /// proc OIDs: eq, ne, lt, le, gt, ge, cmp
    procs: [Oid; 7],
    /// operator OIDs: eq, ne, lt, le, gt, ge
    opers: [Oid; 6],
    /// larger/smaller proc OIDs (same-type families only)
    minmax: Option<(Oid, Oid)>,
    fns: [BuiltinFn; 9],
}

macro_rules! fam_fns {
    ($f:expr) => {
        [
            cmp_fn::<{ $f }, OP_EQ>,
            cmp_fn::<{ $f }, OP_NE>,
            cmp_fn::<{ $f }, OP_LT>,
            cmp_fn::<{ $f }, OP_LE>,
            cmp_fn::<{ $f }, OP_GT>,
            cmp_fn::<{ $f }, OP_GE>,
            cmp_fn::<{ $f }, OP_CMP>,
            cmp_fn::<{ $f }, OP_LARGER>,
            cmp_fn::<{ $f }, OP_SMALLER>,
        ]
    };
}

fn families() -> Vec<CmpFamily> {
    vec![
        CmpFamily {
            left: DATE,
            right: DATE,
            prefix: "date",
            procs: [1086, 1091, 1087, 1088, 1089, 1090, 1092],
            opers: [1093, 1094, 1095, 1096, 1097, 1098],
            minmax: Some((1138, 1139)),
            fns: fam_fns!(F_DATE),
        },
        CmpFamily {
            left: TIME,
            right: TIME,
            prefix: "time",
            procs: [1145, 1106, 1102, 1103, 1104, 1105, 1107],
            opers: [1108, 1109, 1110, 1111, 1112, 1113],
            minmax: Some((1377, 1378)),
            fns: fam_fns!(F_TIME),
        },
        CmpFamily {
            left: TIMETZ,
            right: TIMETZ,
            prefix: "timetz",
            procs: [1352, 1353, 1354, 1355, 1357, 1356, 1358],
            opers: [1550, 1551, 1552, 1553, 1554, 1555],
            minmax: Some((1379, 1380)),
            fns: fam_fns!(F_TIMETZ),
        },
        CmpFamily {
            left: TIMESTAMP,
            right: TIMESTAMP,
            prefix: "timestamp",
            procs: [2052, 2053, 2054, 2055, 2057, 2056, 2045],
            opers: [2060, 2061, 2062, 2063, 2064, 2065],
            minmax: Some((2036, 2035)),
            fns: fam_fns!(F_TS),
        },
        CmpFamily {
            left: TIMESTAMPTZ,
            right: TIMESTAMPTZ,
            prefix: "timestamptz",
            procs: [1152, 1153, 1154, 1155, 1157, 1156, 1314],
            opers: [1320, 1321, 1322, 1323, 1324, 1325],
            minmax: Some((1196, 1195)),
            fns: fam_fns!(F_TSTZ),
        },
        CmpFamily {
            left: INTERVAL,
            right: INTERVAL,
            prefix: "interval",
            procs: [1162, 1163, 1164, 1165, 1167, 1166, 1315],
            opers: [1330, 1331, 1332, 1333, 1334, 1335],
            minmax: Some((1198, 1197)),
            fns: fam_fns!(F_IV),
        },
        CmpFamily {
            left: DATE,
            right: TIMESTAMP,
            prefix: "date_%_timestamp",
            procs: [2340, 2343, 2338, 2339, 2341, 2342, 2344],
            opers: [2347, 2350, 2345, 2346, 2349, 2348],
            minmax: None,
            fns: fam_fns!(F_DATE_TS),
        },
        CmpFamily {
            left: DATE,
            right: TIMESTAMPTZ,
            prefix: "date_%_timestamptz",
            procs: [2353, 2356, 2351, 2352, 2354, 2355, 2357],
            opers: [2360, 2363, 2358, 2359, 2362, 2361],
            minmax: None,
            fns: fam_fns!(F_DATE_TSTZ),
        },
        CmpFamily {
            left: TIMESTAMP,
            right: DATE,
            prefix: "timestamp_%_date",
            procs: [2366, 2369, 2364, 2365, 2367, 2368, 2370],
            opers: [2373, 2376, 2371, 2372, 2375, 2374],
            minmax: None,
            fns: fam_fns!(F_TS_DATE),
        },
        CmpFamily {
            left: TIMESTAMPTZ,
            right: DATE,
            prefix: "timestamptz_%_date",
            procs: [2379, 2382, 2377, 2378, 2380, 2381, 2383],
            opers: [2386, 2389, 2384, 2385, 2388, 2387],
            minmax: None,
            fns: fam_fns!(F_TSTZ_DATE),
        },
        CmpFamily {
            left: TIMESTAMP,
            right: TIMESTAMPTZ,
            prefix: "timestamp_%_timestamptz",
            procs: [2522, 2525, 2520, 2521, 2523, 2524, 2526],
            opers: [2536, 2539, 2534, 2535, 2538, 2537],
            minmax: None,
            fns: fam_fns!(F_TS_TSTZ),
        },
        CmpFamily {
            left: TIMESTAMPTZ,
            right: TIMESTAMP,
            prefix: "timestamptz_%_timestamp",
            procs: [2529, 2532, 2527, 2528, 2530, 2531, 2533],
            opers: [2542, 2545, 2540, 2541, 2544, 2543],
            minmax: None,
            fns: fam_fns!(F_TSTZ_TS),
        },
    ]
}

const CMP_SUFFIX: [&str; 7] = ["eq", "ne", "lt", "le", "gt", "ge", "cmp"];
const CMP_OPNAME: [&str; 6] = ["=", "<>", "<", "<=", ">", ">="];

fn leak_name(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

fn type_pair(l: Oid, r: Oid) -> &'static [Oid] {
    match (l, r) {
        (DATE, DATE) => &[DATE, DATE],
        (TIME, TIME) => &[TIME, TIME],
        (TIMETZ, TIMETZ) => &[TIMETZ, TIMETZ],
        (TIMESTAMP, TIMESTAMP) => &[TIMESTAMP, TIMESTAMP],
        (TIMESTAMPTZ, TIMESTAMPTZ) => &[TIMESTAMPTZ, TIMESTAMPTZ],
        (INTERVAL, INTERVAL) => &[INTERVAL, INTERVAL],
        (DATE, TIMESTAMP) => &[DATE, TIMESTAMP],
        (DATE, TIMESTAMPTZ) => &[DATE, TIMESTAMPTZ],
        (TIMESTAMP, DATE) => &[TIMESTAMP, DATE],
        (TIMESTAMPTZ, DATE) => &[TIMESTAMPTZ, DATE],
        (TIMESTAMP, TIMESTAMPTZ) => &[TIMESTAMP, TIMESTAMPTZ],
        (TIMESTAMPTZ, TIMESTAMP) => &[TIMESTAMPTZ, TIMESTAMP],
        _ => &[],
    }
}

// ---------------------------------------------------------------------------------------------
// Interval arithmetic

fn iv_err() -> PgError {
    interval_out_of_range()
}

pub fn interval_um(a: Interval) -> PgResult<Interval> {
    Ok(Interval {
        months: a.months.checked_neg().ok_or_else(iv_err)?,
        days: a.days.checked_neg().ok_or_else(iv_err)?,
        micros: a.micros.checked_neg().ok_or_else(iv_err)?,
    })
}

pub fn interval_pl(a: Interval, b: Interval) -> PgResult<Interval> {
    Ok(Interval {
        months: a.months.checked_add(b.months).ok_or_else(iv_err)?,
        days: a.days.checked_add(b.days).ok_or_else(iv_err)?,
        micros: a.micros.checked_add(b.micros).ok_or_else(iv_err)?,
    })
}

pub fn interval_mi(a: Interval, b: Interval) -> PgResult<Interval> {
    Ok(Interval {
        months: a.months.checked_sub(b.months).ok_or_else(iv_err)?,
        days: a.days.checked_sub(b.days).ok_or_else(iv_err)?,
        micros: a.micros.checked_sub(b.micros).ok_or_else(iv_err)?,
    })
}

fn tsround(x: f64) -> f64 {
    (x * 1_000_000.0).round_ties_even() / 1_000_000.0
}

fn f2i32(x: f64) -> PgResult<i32> {
    if x.is_nan() || x < i32::MIN as f64 || x > i32::MAX as f64 {
        return Err(iv_err());
    }
    Ok(x as i32)
}

/// interval * float8, cascading fractional months and days down as PostgreSQL does.
pub fn interval_mul(span: Interval, factor: f64) -> PgResult<Interval> {
    let months = f2i32(span.months as f64 * factor)?;
    let mut days = f2i32(span.days as f64 * factor)?;
    let month_rem_days =
        tsround((span.months as f64 * factor - months as f64) * DAYS_PER_MONTH as f64);
    let mut sec_rem = tsround(
        (span.days as f64 * factor - days as f64 + month_rem_days - (month_rem_days as i32) as f64)
            * SECS_PER_DAY as f64,
    );
    if sec_rem.abs() >= SECS_PER_DAY as f64 {
        let d = (sec_rem / SECS_PER_DAY as f64) as i32;
        days = days.checked_add(d).ok_or_else(iv_err)?;
        sec_rem -= d as f64 * SECS_PER_DAY as f64;
    }
    days = days.checked_add(month_rem_days as i32).ok_or_else(iv_err)?;
    let t = (span.micros as f64 * factor + sec_rem * USECS_PER_SEC as f64).round_ties_even();
    if t.is_nan() || t >= i64::MAX as f64 || t < i64::MIN as f64 {
        return Err(iv_err());
    }
    Ok(Interval {
        months,
        days,
        micros: t as i64,
    })
}

pub fn interval_div(span: Interval, factor: f64) -> PgResult<Interval> {
    if factor == 0.0 {
        return Err(common::pg_err!(DIVISION_BY_ZERO, "division by zero"));
    }
    let months = f2i32(span.months as f64 / factor)?;
    let mut days = f2i32(span.days as f64 / factor)?;
    let month_rem_days =
        tsround((span.months as f64 / factor - months as f64) * DAYS_PER_MONTH as f64);
    let mut sec_rem = tsround(
        (span.days as f64 / factor - days as f64 + month_rem_days - (month_rem_days as i32) as f64)
            * SECS_PER_DAY as f64,
    );
    if sec_rem.abs() >= SECS_PER_DAY as f64 {
        let d = (sec_rem / SECS_PER_DAY as f64) as i32;
        days = days.checked_add(d).ok_or_else(iv_err)?;
        sec_rem -= d as f64 * SECS_PER_DAY as f64;
    }
    days = days.checked_add(month_rem_days as i32).ok_or_else(iv_err)?;
    let t = (span.micros as f64 / factor + sec_rem * USECS_PER_SEC as f64).round_ties_even();
    if t.is_nan() || t >= i64::MAX as f64 || t < i64::MIN as f64 {
        return Err(iv_err());
    }
    Ok(Interval {
        months,
        days,
        micros: t as i64,
    })
}

pub fn justify_hours(mut r: Interval) -> PgResult<Interval> {
    let whole = r.micros / USECS_PER_DAY;
    r.micros -= whole * USECS_PER_DAY;
    r.days = i32::try_from(r.days as i64 + whole).map_err(|_| iv_err())?;
    if r.days > 0 && r.micros < 0 {
        r.micros += USECS_PER_DAY;
        r.days -= 1;
    } else if r.days < 0 && r.micros > 0 {
        r.micros -= USECS_PER_DAY;
        r.days += 1;
    }
    Ok(r)
}

pub fn justify_days(mut r: Interval) -> PgResult<Interval> {
    let wm = r.days / DAYS_PER_MONTH as i32;
    r.days -= wm * DAYS_PER_MONTH as i32;
    r.months = r.months.checked_add(wm).ok_or_else(iv_err)?;
    if r.months > 0 && r.days < 0 {
        r.days += DAYS_PER_MONTH as i32;
        r.months -= 1;
    } else if r.months < 0 && r.days > 0 {
        r.days -= DAYS_PER_MONTH as i32;
        r.months += 1;
    }
    Ok(r)
}

pub fn justify_interval(mut r: Interval) -> PgResult<Interval> {
    let whole = r.micros / USECS_PER_DAY;
    r.micros -= whole * USECS_PER_DAY;
    r.days = i32::try_from(r.days as i64 + whole).map_err(|_| iv_err())?;
    let wm = r.days / DAYS_PER_MONTH as i32;
    r.days -= wm * DAYS_PER_MONTH as i32;
    r.months = r.months.checked_add(wm).ok_or_else(iv_err)?;
    if r.months > 0 && (r.days < 0 || (r.days == 0 && r.micros < 0)) {
        r.days += DAYS_PER_MONTH as i32;
        r.months -= 1;
    } else if r.months < 0 && (r.days > 0 || (r.days == 0 && r.micros > 0)) {
        r.days -= DAYS_PER_MONTH as i32;
        r.months += 1;
    }
    if r.days > 0 && r.micros < 0 {
        r.micros += USECS_PER_DAY;
        r.days -= 1;
    } else if r.days < 0 && r.micros > 0 {
        r.micros -= USECS_PER_DAY;
        r.days += 1;
    }
    Ok(r)
}

// ---------------------------------------------------------------------------------------------
// Timestamp arithmetic

fn add_months(tm: &mut Tm, months: i32) -> PgResult<()> {
    let total = tm.mon as i64 + months as i64;
    let m0 = total - 1;
    tm.year = i32::try_from(tm.year as i64 + m0.div_euclid(12)).map_err(|_| ts_out_of_range())?;
    tm.mon = (m0.rem_euclid(12) + 1) as i32;
    let dim = days_in_month(tm.year, tm.mon);
    if tm.mday > dim {
        tm.mday = dim;
    }
    Ok(())
}

/// timestamp(tz) + interval. With `env` the month/day steps happen in the session time zone.
pub fn ts_pl_interval(t: i64, span: Interval, env: Option<&SessionEnv>) -> PgResult<i64> {
    if !is_finite_ts(t) {
        return Ok(t);
    }
    let zone = env.map(|e| &e.timezone);
    let mut t = t;
    if span.months != 0 {
        let (mut tm, _) = ts_ok(timestamp2tm(t, zone))?;
        add_months(&mut tm, span.months)?;
        let tz = zone.map(|z| determine_tz_offset(&mut tm, z));
        t = ts_ok(tm2timestamp(&tm, tz))?;
    }
    if span.days != 0 {
        let (mut tm, _) = ts_ok(timestamp2tm(t, zone))?;
        let j = date2j(tm.year, tm.mon, tm.mday) + span.days as i64;
        if !(0..=i32::MAX as i64).contains(&j) {
            return Err(ts_out_of_range());
        }
        let (y, m, d) = j2date(j);
        tm.year = y;
        tm.mon = m;
        tm.mday = d;
        let tz = zone.map(|z| determine_tz_offset(&mut tm, z));
        t = ts_ok(tm2timestamp(&tm, tz))?;
    }
    let t = t.checked_add(span.micros).ok_or_else(ts_out_of_range)?;
    if !valid_timestamp(t) {
        return Err(ts_out_of_range());
    }
    Ok(t)
}

pub fn ts_mi(a: i64, b: i64) -> PgResult<Interval> {
    if !is_finite_ts(a) || !is_finite_ts(b) {
        return Err(common::pg_err!(
            DATETIME_FIELD_OVERFLOW,
            "cannot subtract infinite timestamps"
        ));
    }
    let micros = a.checked_sub(b).ok_or_else(iv_err)?;
    justify_hours(Interval {
        months: 0,
        days: 0,
        micros,
    })
}

fn time_wrap(t: i64) -> i64 {
    t.rem_euclid(USECS_PER_DAY)
}

/// age(): symbolic difference of two timestamps, in the session zone when `env` is given.
pub fn ts_age(dt1: i64, dt2: i64, env: Option<&SessionEnv>) -> PgResult<Interval> {
    let zone = env.map(|e| &e.timezone);
    let (tm1, _) = ts_ok(timestamp2tm(dt1, zone))?;
    let (tm2, _) = ts_ok(timestamp2tm(dt2, zone))?;
    let mut fsec = tm1.fsec - tm2.fsec;
    let mut sec = tm1.sec - tm2.sec;
    let mut min = tm1.min - tm2.min;
    let mut hour = tm1.hour - tm2.hour;
    let mut mday = tm1.mday - tm2.mday;
    let mut mon = tm1.mon - tm2.mon;
    let mut year = tm1.year - tm2.year;
    let neg = dt1 < dt2;
    if neg {
        fsec = -fsec;
        sec = -sec;
        min = -min;
        hour = -hour;
        mday = -mday;
        mon = -mon;
        year = -year;
    }
    while fsec < 0 {
        fsec += USECS_PER_SEC;
        sec -= 1;
    }
    while sec < 0 {
        sec += 60;
        min -= 1;
    }
    while min < 0 {
        min += 60;
        hour -= 1;
    }
    while hour < 0 {
        hour += 24;
        mday -= 1;
    }
    while mday < 0 {
        let base = if neg { &tm1 } else { &tm2 };
        mday += days_in_month(base.year, base.mon);
        mon -= 1;
    }
    while mon < 0 {
        mon += 12;
        year -= 1;
    }
    if neg {
        fsec = -fsec;
        sec = -sec;
        min = -min;
        hour = -hour;
        mday = -mday;
        mon = -mon;
        year = -year;
    }
    let tm = Tm {
        year,
        mon,
        mday,
        hour,
        min,
        sec,
        fsec,
        ..Default::default()
    };
    super::tm2interval(&tm).ok_or_else(iv_err)
}

// ---------------------------------------------------------------------------------------------
// date_part / date_trunc

fn units_err(kind: &str, s: &str, recognized: bool) -> PgError {
    if recognized {
        common::pg_err!(
            FEATURE_NOT_SUPPORTED,
            "{} units \"{}\" not supported",
            kind,
            s.to_lowercase()
        )
    } else {
        common::pg_err!(
            INVALID_PARAMETER_VALUE,
            "{} units \"{}\" not recognized",
            kind,
            s.to_lowercase()
        )
    }
}

/// ISO week number and ISO year of a date.
pub fn iso_week(y: i32, m: i32, d: i32) -> (i32, i32) {
    let j = date2j(y, m, d);
    let isodow = match j2day(j) {
        0 => 7,
        x => x,
    } as i64;
    let thursday = j + (4 - isodow);
    let (ty, _, _) = j2date(thursday);
    let week = (thursday - date2j(ty, 1, 1)) / 7 + 1;
    (week as i32, ty)
}

fn isoweek2j(year: i32, week: i32) -> i64 {
    let day4 = date2j(year, 1, 4);
    let day0 = j2day(day4 - 1) as i64;
    (week as i64 - 1) * 7 + (day4 - day0)
}

/// Value of a date/time field of a broken-down time (shared by timestamp/timestamptz).
fn tm_part(u: Unit, tm: &Tm) -> Option<f64> {
    let y = tm.year;
    Some(match u {
        Unit::Microsec => tm.sec as f64 * 1_000_000.0 + tm.fsec as f64,
        Unit::Millisec => tm.sec as f64 * 1000.0 + tm.fsec as f64 / 1000.0,
        Unit::Second => tm.sec as f64 + tm.fsec as f64 / 1_000_000.0,
        Unit::Minute => tm.min as f64,
        Unit::Hour => tm.hour as f64,
        Unit::Day => tm.mday as f64,
        Unit::Month => tm.mon as f64,
        Unit::Quarter => ((tm.mon - 1) / 3 + 1) as f64,
        Unit::Week => iso_week(y, tm.mon, tm.mday).0 as f64,
        Unit::Year => {
            if y > 0 {
                y as f64
            } else {
                (y - 1) as f64
            }
        }
        Unit::Decade => {
            if y >= 0 {
                (y / 10) as f64
            } else {
                (-((8 - (y - 1)) / 10)) as f64
            }
        }
        Unit::Century => {
            if y > 0 {
                ((y + 99) / 100) as f64
            } else {
                (-((99 - (y - 1)) / 100)) as f64
            }
        }
        Unit::Millennium => {
            if y > 0 {
                ((y + 999) / 1000) as f64
            } else {
                (-((999 - (y - 1)) / 1000)) as f64
            }
        }
        Unit::Julian => {
            date2j(y, tm.mon, tm.mday) as f64
                + (((tm.hour * 60 + tm.min) * 60 + tm.sec) as f64 + tm.fsec as f64 / 1_000_000.0)
                    / SECS_PER_DAY as f64
        }
        Unit::IsoYear => iso_week(y, tm.mon, tm.mday).1 as f64,
        Unit::Dow => j2day(date2j(y, tm.mon, tm.mday)) as f64,
        Unit::IsoDow => match j2day(date2j(y, tm.mon, tm.mday)) {
            0 => 7.0,
            x => x as f64,
        },
        Unit::Doy => (date2j(y, tm.mon, tm.mday) - date2j(y, 1, 1) + 1) as f64,
        _ => return None,
    })
}

fn nonfinite_part(u: Unit, neg: bool) -> Option<f64> {
    match u {
        Unit::Year
        | Unit::Decade
        | Unit::Century
        | Unit::Millennium
        | Unit::Julian
        | Unit::IsoYear
        | Unit::Epoch => Some(if neg {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        }),
        _ => None,
    }
}

pub fn timestamp_part(units: &str, t: i64, env: Option<&SessionEnv>) -> PgResult<Datum> {
    let kind = if env.is_some() {
        "timestamp with time zone"
    } else {
        "timestamp"
    };
    let Some(u) = decode_units(units) else {
        return Err(units_err(kind, units, false));
    };
    if !is_finite_ts(t) {
        // Every known unit of an infinite timestamp is NULL except the monotonic ones
        // (PostgreSQL 10 also answers NULL for the time zone units of plain timestamps).
        return Ok(match nonfinite_part(u, t == TIMESTAMP_NOBEGIN) {
            Some(v) => Datum::Float8(v),
            None => Datum::Null,
        });
    }
    if u == Unit::Epoch {
        let epoch = -EPOCH_DIFF_SECS * USECS_PER_SEC;
        return Ok(Datum::Float8((t - epoch) as f64 / 1_000_000.0));
    }
    let (tm, tz) = ts_ok(timestamp2tm(t, env.map(|e| &e.timezone)))?;
    if env.is_some() {
        match u {
            Unit::Timezone => return Ok(Datum::Float8(-tz as f64)),
            Unit::TimezoneMinute => return Ok(Datum::Float8(((-tz / 60) % 60) as f64)),
            Unit::TimezoneHour => return Ok(Datum::Float8((-tz / 3600) as f64)),
            _ => {}
        }
    }
    match tm_part(u, &tm) {
        Some(v) => Ok(Datum::Float8(v)),
        None => Err(units_err(kind, units, true)),
    }
}

fn time_part(units: &str, t: i64, zone: Option<i32>) -> PgResult<Datum> {
    let kind = if zone.is_some() {
        "\"time with time zone\""
    } else {
        "\"time\""
    };
    let nr = |known: bool| {
        if known {
            common::pg_err!(
                FEATURE_NOT_SUPPORTED,
                "{} units \"{}\" not recognized",
                kind,
                units.to_lowercase()
            )
        } else {
            common::pg_err!(
                INVALID_PARAMETER_VALUE,
                "{} units \"{}\" not recognized",
                kind,
                units.to_lowercase()
            )
        }
    };
    let Some(u) = decode_units(units) else {
        return Err(nr(false));
    };
    let (h, m, s, f) = dt2time(t);
    let v = match (u, zone) {
        (Unit::Microsec, _) => s as f64 * 1_000_000.0 + f as f64,
        (Unit::Millisec, _) => s as f64 * 1000.0 + f as f64 / 1000.0,
        (Unit::Second, _) => s as f64 + f as f64 / 1_000_000.0,
        (Unit::Minute, _) => m as f64,
        (Unit::Hour, _) => h as f64,
        (Unit::Epoch, None) => t as f64 / 1_000_000.0,
        (Unit::Epoch, Some(z)) => t as f64 / 1_000_000.0 + z as f64,
        (Unit::Timezone, Some(z)) => -z as f64,
        (Unit::TimezoneMinute, Some(z)) => ((-z / 60) % 60) as f64,
        (Unit::TimezoneHour, Some(z)) => (-z / 3600) as f64,
        _ => return Err(nr(true)),
    };
    Ok(Datum::Float8(v))
}

pub fn interval_part(units: &str, iv: Interval) -> PgResult<Datum> {
    let Some(u) = decode_units(units) else {
        return Err(units_err("interval", units, false));
    };
    let tm = super::encode::interval2tm(&iv);
    let hours = iv.micros / USECS_PER_HOUR;
    let v = match u {
        Unit::Microsec => tm.sec as f64 * 1_000_000.0 + tm.fsec as f64,
        Unit::Millisec => tm.sec as f64 * 1000.0 + tm.fsec as f64 / 1000.0,
        Unit::Second => tm.sec as f64 + tm.fsec as f64 / 1_000_000.0,
        Unit::Minute => tm.min as f64,
        Unit::Hour => hours as f64,
        Unit::Day => tm.mday as f64,
        Unit::Month => tm.mon as f64,
        Unit::Quarter => (tm.mon / 3 + 1) as f64,
        Unit::Year => tm.year as f64,
        Unit::Decade => (tm.year / 10) as f64,
        Unit::Century => (tm.year / 100) as f64,
        Unit::Millennium => (tm.year / 1000) as f64,
        Unit::Epoch => {
            iv.micros as f64 / 1_000_000.0
                + 365.25 * SECS_PER_DAY as f64 * (iv.months / 12) as f64
                + DAYS_PER_MONTH as f64 * SECS_PER_DAY as f64 * (iv.months % 12) as f64
                + SECS_PER_DAY as f64 * iv.days as f64
        }
        _ => return Err(units_err("interval", units, true)),
    };
    Ok(Datum::Float8(v))
}

/// date_trunc on a broken-down time; returns whether the zone must be recomputed.
fn trunc_tm(u: Unit, tm: &mut Tm) -> Option<bool> {
    let lvl = match u {
        Unit::Millennium => 9,
        Unit::Century => 8,
        Unit::Decade => 7,
        Unit::Year => 6,
        Unit::Quarter => 5,
        Unit::Month => 4,
        Unit::Day => 3,
        Unit::Hour => 2,
        Unit::Minute => 1,
        Unit::Second => 0,
        Unit::Millisec => {
            tm.fsec = (tm.fsec / 1000) * 1000;
            return Some(false);
        }
        Unit::Microsec => return Some(false),
        Unit::Week => {
            let (woy, _) = iso_week(tm.year, tm.mon, tm.mday);
            if woy >= 52 && tm.mon == 1 {
                tm.year -= 1;
            }
            if woy <= 1 && tm.mon == 12 {
                tm.year += 1;
            }
            let (y, m, d) = j2date(isoweek2j(tm.year, woy));
            tm.year = y;
            tm.mon = m;
            tm.mday = d;
            tm.hour = 0;
            tm.min = 0;
            tm.sec = 0;
            tm.fsec = 0;
            return Some(true);
        }
        _ => return None,
    };
    let y = tm.year;
    if lvl == 9 {
        tm.year = if y > 0 {
            ((y + 999) / 1000) * 1000 - 999
        } else {
            -((999 - (y - 1)) / 1000) * 1000 + 1
        };
    } else if lvl == 8 {
        tm.year = if y > 0 {
            ((y + 99) / 100) * 100 - 99
        } else {
            -((99 - (y - 1)) / 100) * 100 + 1
        };
    } else if lvl == 7 {
        tm.year = if y > 0 {
            (y / 10) * 10
        } else {
            -((8 - (y - 1)) / 10) * 10
        };
    }
    if lvl >= 6 {
        tm.mon = 1;
    }
    if lvl >= 5 {
        tm.mon = 3 * ((tm.mon - 1) / 3) + 1;
    }
    if lvl >= 4 {
        tm.mday = 1;
    }
    if lvl >= 3 {
        tm.hour = 0;
    }
    if lvl >= 2 {
        tm.min = 0;
    }
    if lvl >= 1 {
        tm.sec = 0;
    }
    tm.fsec = 0;
    Some(lvl >= 3)
}

pub fn timestamp_trunc(units: &str, t: i64, env: Option<&SessionEnv>) -> PgResult<i64> {
    let kind = if env.is_some() {
        "timestamp with time zone"
    } else {
        "timestamp"
    };
    if !is_finite_ts(t) {
        return Ok(t);
    }
    let Some(u) = decode_units(units) else {
        return Err(units_err(kind, units, false));
    };
    let zone = env.map(|e| &e.timezone);
    let (mut tm, tz) = ts_ok(timestamp2tm(t, zone))?;
    let Some(redo) = trunc_tm(u, &mut tm) else {
        return Err(units_err(kind, units, true));
    };
    let tz = match zone {
        Some(z) if redo => Some(determine_tz_offset(&mut tm, z)),
        Some(_) => Some(tz),
        None => None,
    };
    ts_ok(tm2timestamp(&tm, tz))
}

pub fn interval_trunc(units: &str, iv: Interval) -> PgResult<Interval> {
    let Some(u) = decode_units(units) else {
        return Err(units_err("interval", units, false));
    };
    let mut months = iv.months;
    let mut days = iv.days;
    let mut micros = iv.micros;
    let mut years = months / 12;
    let mut mon = months % 12;
    let lvl = match u {
        Unit::Millennium => 9,
        Unit::Century => 8,
        Unit::Decade => 7,
        Unit::Year => 6,
        Unit::Quarter => 5,
        Unit::Month => 4,
        Unit::Day => 3,
        Unit::Hour => 2,
        Unit::Minute => 1,
        Unit::Second => 0,
        Unit::Millisec => -1,
        Unit::Microsec => -2,
        Unit::Week => {
            return Err(common::pg_err!(
                FEATURE_NOT_SUPPORTED,
                "interval units \"{}\" not supported because months usually have fractional weeks",
                units.to_lowercase()
            ))
        }
        _ => return Err(units_err("interval", units, true)),
    };
    if lvl == 9 {
        years = (years / 1000) * 1000;
    }
    if lvl == 8 {
        years = (years / 100) * 100;
    }
    if lvl == 7 {
        years = (years / 10) * 10;
    }
    if lvl >= 6 {
        mon = 0;
    }
    if lvl >= 5 {
        mon = 3 * (mon / 3);
    }
    if lvl >= 4 {
        days = 0;
    }
    let unit = match lvl {
        l if l >= 3 => USECS_PER_DAY,
        2 => USECS_PER_HOUR,
        1 => USECS_PER_MINUTE,
        0 => USECS_PER_SEC,
        -1 => 1000,
        _ => 1,
    };
    if lvl >= 3 {
        micros = 0;
    } else {
        micros = (micros / unit) * unit;
    }
    months = years * 12 + mon;
    Ok(Interval {
        months,
        days,
        micros,
    })
}

// ---------------------------------------------------------------------------------------------
// Time zones for AT TIME ZONE

enum ZoneSpec {
    Fixed(i32),
    Named(jiff::tz::TimeZone),
    Dyn(String, jiff::tz::TimeZone),
}

fn zone_spec(name: &str) -> PgResult<ZoneSpec> {
    if let Some(z) = dyn_abbrev(name).and_then(lookup_zone) {
        return Ok(ZoneSpec::Dyn(name.to_string(), z));
    }
    if let Some((off, _)) = tz_abbrev(name) {
        return Ok(ZoneSpec::Fixed(-off));
    }
    match lookup_zone(name) {
        Some(z) => Ok(ZoneSpec::Named(z)),
        None => Err(common::pg_err!(
            INVALID_PARAMETER_VALUE,
            "time zone \"{}\" not recognized",
            name
        )),
    }
}

/// timezone(text, timestamptz) → timestamp.
pub fn timestamptz_zone(zone: &str, t: i64) -> PgResult<i64> {
    if !is_finite_ts(t) {
        return Ok(t);
    }
    match zone_spec(zone)? {
        ZoneSpec::Fixed(tz) => t
            .checked_sub(tz as i64 * USECS_PER_SEC)
            .ok_or_else(ts_out_of_range),
        ZoneSpec::Dyn(ab, z) => {
            let unix = t.div_euclid(USECS_PER_SEC) + EPOCH_DIFF_SECS;
            let off = abbrev_offset_at(&z, &ab, unix)
                .map(|x| x.0)
                .unwrap_or_else(|| tz_info_at(&z, unix).0);
            t.checked_add(off as i64 * USECS_PER_SEC)
                .ok_or_else(ts_out_of_range)
        }
        ZoneSpec::Named(z) => {
            let (tm, _) = ts_ok(timestamp2tm(t, Some(&z)))?;
            ts_ok(tm2timestamp(&tm, None))
        }
    }
}

/// timezone(text, timestamp) → timestamptz.
pub fn timestamp_zone(zone: &str, t: i64) -> PgResult<i64> {
    if !is_finite_ts(t) {
        return Ok(t);
    }
    match zone_spec(zone)? {
        ZoneSpec::Fixed(tz) => t
            .checked_add(tz as i64 * USECS_PER_SEC)
            .ok_or_else(ts_out_of_range),
        ZoneSpec::Dyn(ab, z) => {
            let (mut tm, _) = ts_ok(timestamp2tm(t, None))?;
            let tz = determine_abbrev_offset(&mut tm, &ab, &z);
            ts_ok(tm2timestamp(&tm, Some(tz)))
        }
        ZoneSpec::Named(z) => {
            let (mut tm, _) = ts_ok(timestamp2tm(t, None))?;
            let tz = determine_tz_offset(&mut tm, &z);
            ts_ok(tm2timestamp(&tm, Some(tz)))
        }
    }
}

fn izone_secs(zone: Interval) -> PgResult<i64> {
    if zone.months != 0 || zone.days != 0 {
        let mut s = String::new();
        super::encode::encode_interval(&mut s, &zone, crate::env::IntervalStyle::Postgres);
        return Err(common::pg_err!(
            INVALID_PARAMETER_VALUE,
            "interval time zone \"{}\" must not include months or days",
            s
        ));
    }
    Ok(zone.micros / USECS_PER_SEC)
}

/// parse_sane_timezone (make_timestamptz's zone argument): seconds west.
fn parse_sane_timezone(tm: &mut Tm, name: &str) -> PgResult<i32> {
    if name.as_bytes().first().is_some_and(|c| c.is_ascii_digit()) {
        return Err(common::pg_err!(
            INVALID_PARAMETER_VALUE,
            "invalid input syntax for numeric time zone: \"{}\"",
            name
        )
        .with_hint("Numeric time zones must have \"-\" or \"+\" as first character."));
    }
    match decode_timezone(name) {
        Ok(tz) => Ok(tz),
        Err(DtErr::TzDispOverflow) => Err(common::pg_err!(
            INVALID_PARAMETER_VALUE,
            "numeric time zone \"{}\" out of range",
            name
        )),
        Err(DtErr::BadFormat) => {
            if let Some(z) = dyn_abbrev(name).and_then(lookup_zone) {
                return Ok(determine_abbrev_offset(tm, name, &z));
            }
            if let Some((off, _)) = tz_abbrev(name) {
                return Ok(-off);
            }
            match lookup_zone(name) {
                Some(z) => Ok(determine_tz_offset(tm, &z)),
                None => Err(common::pg_err!(
                    INVALID_PARAMETER_VALUE,
                    "time zone \"{}\" not recognized",
                    name
                )),
            }
        }
        Err(_) => Err(common::pg_err!(
            INVALID_PARAMETER_VALUE,
            "time zone \"{}\" not recognized",
            name
        )),
    }
}

// ---------------------------------------------------------------------------------------------
// make_* and to_timestamp

/// C's "%02g".
fn fmt_g02(x: f64) -> String {
    let s = if x == x.trunc() && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        let mut s = format!(
            "{:.*}",
            5usize.saturating_sub(x.abs().log10().floor().max(0.0) as usize),
            x
        );
        if s.contains('.') {
            s = s.trim_end_matches('0').trim_end_matches('.').to_string();
        }
        s
    };
    if s.len() < 2 {
        format!("0{s}")
    } else {
        s
    }
}

fn make_date_impl(year: i32, month: i32, day: i32) -> PgResult<i32> {
    let mut y = year;
    let bc = y < 0;
    if bc {
        y = -y;
    }
    let bad = || {
        common::pg_err!(
            DATETIME_FIELD_OVERFLOW,
            "date field value out of range: {}-{:02}-{:02}",
            year,
            month,
            day
        )
    };
    if y == 0
        || !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(if bc { -(y - 1) } else { y }, month)
    {
        return Err(bad());
    }
    let y = if bc { -(y - 1) } else { y };
    let oor = || {
        common::pg_err!(
            DATETIME_FIELD_OVERFLOW,
            "date out of range: {}-{:02}-{:02}",
            year,
            month,
            day
        )
    };
    if !valid_julian(y, month, day) {
        return Err(oor());
    }
    let d = date2j(y, month, day) - POSTGRES_EPOCH_JDATE as i64;
    if !valid_date(d) {
        return Err(oor());
    }
    Ok(d as i32)
}

fn make_time_impl(h: i32, m: i32, sec: f64) -> PgResult<i64> {
    if !(0..=24).contains(&h)
        || !(0..=59).contains(&m)
        || sec.is_nan()
        || !(0.0..=60.0).contains(&sec)
        || (h == 24 && (m > 0 || sec > 0.0))
    {
        return Err(common::pg_err!(
            DATETIME_FIELD_OVERFLOW,
            "time field value out of range: {}:{:02}:{}",
            h,
            m,
            fmt_g02(sec)
        ));
    }
    Ok(((h as i64 * 60 + m as i64) * 60) * USECS_PER_SEC + (sec * 1e6).round_ties_even() as i64)
}

fn make_timestamp_impl(year: i32, month: i32, day: i32, h: i32, m: i32, sec: f64) -> PgResult<i64> {
    if year <= 0 || !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return Err(common::pg_err!(
            DATETIME_FIELD_OVERFLOW,
            "date field value out of range: {}-{:02}-{:02}",
            year,
            month,
            day
        ));
    }
    if !valid_julian(year, month, day) {
        return Err(common::pg_err!(
            DATETIME_FIELD_OVERFLOW,
            "date out of range: {}-{:02}-{:02}",
            year,
            month,
            day
        ));
    }
    let date = date2j(year, month, day) - POSTGRES_EPOCH_JDATE as i64;
    let time = make_time_impl(h, m, sec)?;
    let r = date
        .checked_mul(USECS_PER_DAY)
        .and_then(|v| v.checked_add(time));
    match r {
        Some(r) if !((r < 0 && date > 0) || (r > 0 && date < -1)) && valid_timestamp(r) => Ok(r),
        _ => Err(common::pg_err!(
            DATETIME_FIELD_OVERFLOW,
            "timestamp out of range: {}-{:02}-{:02} {}:{:02}:{}",
            year,
            month,
            day,
            h,
            m,
            fmt_g02(sec)
        )),
    }
}

pub fn to_timestamp_f64(s: f64) -> PgResult<i64> {
    if s.is_nan() {
        return Err(common::pg_err!(
            DATETIME_FIELD_OVERFLOW,
            "timestamp cannot be NaN"
        ));
    }
    if s.is_infinite() {
        return Ok(if s < 0.0 {
            TIMESTAMP_NOBEGIN
        } else {
            TIMESTAMP_NOEND
        });
    }
    let lo = SECS_PER_DAY as f64 * (0 - UNIX_EPOCH_JDATE as i64) as f64;
    let hi = SECS_PER_DAY as f64 * (109_203_528 - UNIX_EPOCH_JDATE as i64) as f64;
    let oor = || {
        common::pg_err!(
            DATETIME_FIELD_OVERFLOW,
            "timestamp out of range: \"{}\"",
            fmt_g(s)
        )
    };
    if s < lo || s >= hi {
        return Err(oor());
    }
    let v = ((s - EPOCH_DIFF_SECS as f64) * 1e6).round_ties_even() as i64;
    if !valid_timestamp(v) {
        return Err(oor());
    }
    Ok(v)
}

/// C's "%g" (6 significant digits).
fn fmt_g(x: f64) -> String {
    if x == 0.0 {
        return "0".into();
    }
    let exp = x.abs().log10().floor() as i32;
    if !(-5..6).contains(&exp) {
        let s = format!("{:.5e}", x);
        // Rust: 1.23450e6 → C: 1.2345e+06
        if let Some((mant, e)) = s.split_once('e') {
            let mant = if mant.contains('.') {
                mant.trim_end_matches('0').trim_end_matches('.')
            } else {
                mant
            };
            let ev: i32 = e.parse().unwrap_or(0);
            return format!("{}e{}{:02}", mant, if ev < 0 { '-' } else { '+' }, ev.abs());
        }
        return s;
    }
    let dec = (5 - exp).max(0) as usize;
    let s = format!("{:.*}", dec, x);
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

fn timeofday(env: &SessionEnv) -> String {
    let now = crate::env::now_pg_micros();
    let (tm, tz) = timestamp2tm(now, Some(&env.timezone)).unwrap_or_default();
    let wd = j2day(date2j(tm.year, tm.mon, tm.mday)) as usize;
    let mut s = format!(
        "{} {} {:02} {:02}:{:02}:{:02}.{:06} {}",
        DAY_NAMES[wd],
        MONTH_NAMES[(tm.mon.clamp(1, 12) - 1) as usize],
        tm.mday,
        tm.hour,
        tm.min,
        tm.sec,
        tm.fsec,
        tm.year
    );
    s.push(' ');
    match &tm.zone {
        Some(z) => s.push_str(z),
        None => super::encode::encode_timezone(&mut s, tz),
    }
    s
}

// ---------------------------------------------------------------------------------------------
// overlaps (non-strict)

fn overlaps_keys(
    ts1: Option<i128>,
    te1: Option<i128>,
    ts2: Option<i128>,
    te2: Option<i128>,
) -> Datum {
    let (mut ts1, mut te1, mut ts2, mut te2) = (ts1, te1, ts2, te2);
    if ts1.is_none() {
        if te1.is_none() {
            return Datum::Null;
        }
        ts1 = te1;
        te1 = None;
    } else if let (Some(a), Some(b)) = (ts1, te1) {
        if a > b {
            ts1 = Some(b);
            te1 = Some(a);
        }
    }
    if ts2.is_none() {
        if te2.is_none() {
            return Datum::Null;
        }
        ts2 = te2;
        te2 = None;
    } else if let (Some(a), Some(b)) = (ts2, te2) {
        if a > b {
            ts2 = Some(b);
            te2 = Some(a);
        }
    }
    let (Some(s1), Some(s2)) = (ts1, ts2) else {
        return Datum::Null;
    };
    if s1 > s2 {
        let Some(e2) = te2 else { return Datum::Null };
        if s1 < e2 {
            return Datum::Bool(true);
        }
        if te1.is_none() {
            return Datum::Null;
        }
        Datum::Bool(false)
    } else if s1 < s2 {
        let Some(e1) = te1 else { return Datum::Null };
        if s2 < e1 {
            return Datum::Bool(true);
        }
        if te2.is_none() {
            return Datum::Null;
        }
        Datum::Bool(false)
    } else {
        if te1.is_none() || te2.is_none() {
            return Datum::Null;
        }
        Datum::Bool(true)
    }
}

/// Key of a point argument for overlaps, or of start + interval.
fn ov_key(d: &Datum, start: &Datum, cx: &FuncCtx) -> PgResult<Option<i128>> {
    Ok(match d {
        Datum::Null => None,
        Datum::Timestamp(v) | Datum::TimestampTz(v) => Some(*v as i128),
        Datum::Time(v) => Some(*v as i128),
        Datum::TimeTz(t, z) => Some((*t + *z as i64 * USECS_PER_SEC) as i128),
        Datum::Interval(iv) => match start {
            Datum::Null => None,
            Datum::Timestamp(v) => Some(ts_pl_interval(*v, *iv, None)? as i128),
            Datum::TimestampTz(v) => Some(ts_pl_interval(*v, *iv, Some(cx.env))? as i128),
            Datum::Time(v) => Some(time_wrap(v.wrapping_add(iv.micros)) as i128),
            _ => return Err(bad_arg("overlaps")),
        },
        _ => return Err(bad_arg("overlaps")),
    })
}

fn f_overlaps(a: &[Datum], cx: &FuncCtx) -> PgResult<Datum> {
    if a.len() != 4 {
        return Err(bad_arg("overlaps"));
    }
    let s1 = ov_key(&a[0], &Datum::Null, cx)?;
    let e1 = ov_key(&a[1], &a[0], cx)?;
    let s2 = ov_key(&a[2], &Datum::Null, cx)?;
    let e2 = ov_key(&a[3], &a[2], cx)?;
    Ok(overlaps_keys(s1, e1, s2, e2))
}

// ---------------------------------------------------------------------------------------------
// Function bodies

type R = PgResult<Datum>;

fn f_date_mi(a: &[Datum], _: &FuncCtx) -> R {
    let (x, y) = (a_date(&a[0])?, a_date(&a[1])?);
    if !is_finite_date(x) || !is_finite_date(y) {
        return Err(common::pg_err!(
            DATETIME_FIELD_OVERFLOW,
            "cannot subtract infinite dates"
        ));
    }
    Ok(Datum::Int4(x.wrapping_sub(y)))
}
fn date_add_days(d: i32, n: i64) -> PgResult<Datum> {
    if !is_finite_date(d) {
        return Ok(Datum::Date(d));
    }
    let r = d as i64 + n;
    if !valid_date(r) {
        return Err(date_out_of_range());
    }
    Ok(Datum::Date(r as i32))
}
fn f_date_pli(a: &[Datum], _: &FuncCtx) -> R {
    date_add_days(a_date(&a[0])?, a_i32(&a[1])? as i64)
}
fn f_int_pl_date(a: &[Datum], _: &FuncCtx) -> R {
    date_add_days(a_date(&a[1])?, a_i32(&a[0])? as i64)
}
fn f_date_mii(a: &[Datum], _: &FuncCtx) -> R {
    date_add_days(a_date(&a[0])?, -(a_i32(&a[1])? as i64))
}
fn f_date_pl_interval(a: &[Datum], _: &FuncCtx) -> R {
    let t = date2timestamp(a_date(&a[0])?)?;
    Ok(Datum::Timestamp(ts_pl_interval(t, a_iv(&a[1])?, None)?))
}
fn f_interval_pl_date(a: &[Datum], _: &FuncCtx) -> R {
    let t = date2timestamp(a_date(&a[1])?)?;
    Ok(Datum::Timestamp(ts_pl_interval(t, a_iv(&a[0])?, None)?))
}
fn f_date_mi_interval(a: &[Datum], _: &FuncCtx) -> R {
    let t = date2timestamp(a_date(&a[0])?)?;
    Ok(Datum::Timestamp(ts_pl_interval(
        t,
        interval_um(a_iv(&a[1])?)?,
        None,
    )?))
}
fn datetime_pl(d: i32, t: i64) -> PgResult<Datum> {
    let mut r = date2timestamp(d)?;
    if is_finite_ts(r) {
        r += t;
        if !valid_timestamp(r) {
            return Err(ts_out_of_range());
        }
    }
    Ok(Datum::Timestamp(r))
}
fn f_datetime_pl(a: &[Datum], _: &FuncCtx) -> R {
    datetime_pl(a_date(&a[0])?, a_time(&a[1])?)
}
fn f_timedate_pl(a: &[Datum], _: &FuncCtx) -> R {
    datetime_pl(a_date(&a[1])?, a_time(&a[0])?)
}
fn datetimetz_pl(d: i32, t: i64, z: i32) -> PgResult<Datum> {
    let mut r = date2timestamp(d)?;
    if is_finite_ts(r) {
        r = r + t + z as i64 * USECS_PER_SEC;
        if !valid_timestamp(r) {
            return Err(date_oor_ts());
        }
    }
    Ok(Datum::TimestampTz(r))
}
fn f_datetimetz_pl(a: &[Datum], _: &FuncCtx) -> R {
    let (t, z) = a_timetz(&a[1])?;
    datetimetz_pl(a_date(&a[0])?, t, z)
}
fn f_timetzdate_pl(a: &[Datum], _: &FuncCtx) -> R {
    let (t, z) = a_timetz(&a[0])?;
    datetimetz_pl(a_date(&a[1])?, t, z)
}
fn f_ts_pl_interval(a: &[Datum], _: &FuncCtx) -> R {
    Ok(Datum::Timestamp(ts_pl_interval(
        a_ts(&a[0])?,
        a_iv(&a[1])?,
        None,
    )?))
}
fn f_interval_pl_ts(a: &[Datum], _: &FuncCtx) -> R {
    Ok(Datum::Timestamp(ts_pl_interval(
        a_ts(&a[1])?,
        a_iv(&a[0])?,
        None,
    )?))
}
fn f_ts_mi_interval(a: &[Datum], _: &FuncCtx) -> R {
    Ok(Datum::Timestamp(ts_pl_interval(
        a_ts(&a[0])?,
        interval_um(a_iv(&a[1])?)?,
        None,
    )?))
}
fn f_tstz_pl_interval(a: &[Datum], cx: &FuncCtx) -> R {
    Ok(Datum::TimestampTz(ts_pl_interval(
        a_ts(&a[0])?,
        a_iv(&a[1])?,
        Some(cx.env),
    )?))
}
fn f_interval_pl_tstz(a: &[Datum], cx: &FuncCtx) -> R {
    Ok(Datum::TimestampTz(ts_pl_interval(
        a_ts(&a[1])?,
        a_iv(&a[0])?,
        Some(cx.env),
    )?))
}
fn f_tstz_mi_interval(a: &[Datum], cx: &FuncCtx) -> R {
    Ok(Datum::TimestampTz(ts_pl_interval(
        a_ts(&a[0])?,
        interval_um(a_iv(&a[1])?)?,
        Some(cx.env),
    )?))
}
fn f_ts_mi(a: &[Datum], _: &FuncCtx) -> R {
    Ok(Datum::Interval(ts_mi(a_ts(&a[0])?, a_ts(&a[1])?)?))
}
fn f_time_mi_time(a: &[Datum], _: &FuncCtx) -> R {
    Ok(Datum::Interval(Interval {
        months: 0,
        days: 0,
        micros: a_time(&a[0])? - a_time(&a[1])?,
    }))
}
fn f_time_pl_interval(a: &[Datum], _: &FuncCtx) -> R {
    Ok(Datum::Time(time_wrap(
        a_time(&a[0])?.wrapping_add(a_iv(&a[1])?.micros),
    )))
}
fn f_interval_pl_time(a: &[Datum], _: &FuncCtx) -> R {
    Ok(Datum::Time(time_wrap(
        a_time(&a[1])?.wrapping_add(a_iv(&a[0])?.micros),
    )))
}
fn f_time_mi_interval(a: &[Datum], _: &FuncCtx) -> R {
    Ok(Datum::Time(time_wrap(
        a_time(&a[0])?.wrapping_sub(a_iv(&a[1])?.micros),
    )))
}
fn f_timetz_pl_interval(a: &[Datum], _: &FuncCtx) -> R {
    let (t, z) = a_timetz(&a[0])?;
    Ok(Datum::TimeTz(
        time_wrap(t.wrapping_add(a_iv(&a[1])?.micros)),
        z,
    ))
}
fn f_interval_pl_timetz(a: &[Datum], _: &FuncCtx) -> R {
    let (t, z) = a_timetz(&a[1])?;
    Ok(Datum::TimeTz(
        time_wrap(t.wrapping_add(a_iv(&a[0])?.micros)),
        z,
    ))
}
fn f_timetz_mi_interval(a: &[Datum], _: &FuncCtx) -> R {
    let (t, z) = a_timetz(&a[0])?;
    Ok(Datum::TimeTz(
        time_wrap(t.wrapping_sub(a_iv(&a[1])?.micros)),
        z,
    ))
}
fn f_interval_um(a: &[Datum], _: &FuncCtx) -> R {
    Ok(Datum::Interval(interval_um(a_iv(&a[0])?)?))
}
fn f_interval_pl(a: &[Datum], _: &FuncCtx) -> R {
    Ok(Datum::Interval(interval_pl(a_iv(&a[0])?, a_iv(&a[1])?)?))
}
fn f_interval_mi(a: &[Datum], _: &FuncCtx) -> R {
    Ok(Datum::Interval(interval_mi(a_iv(&a[0])?, a_iv(&a[1])?)?))
}
fn f_interval_mul(a: &[Datum], _: &FuncCtx) -> R {
    Ok(Datum::Interval(interval_mul(a_iv(&a[0])?, a_f64(&a[1])?)?))
}
fn f_mul_d_interval(a: &[Datum], _: &FuncCtx) -> R {
    Ok(Datum::Interval(interval_mul(a_iv(&a[1])?, a_f64(&a[0])?)?))
}
fn f_interval_div(a: &[Datum], _: &FuncCtx) -> R {
    Ok(Datum::Interval(interval_div(a_iv(&a[0])?, a_f64(&a[1])?)?))
}
fn f_justify_hours(a: &[Datum], _: &FuncCtx) -> R {
    Ok(Datum::Interval(justify_hours(a_iv(&a[0])?)?))
}
fn f_justify_days(a: &[Datum], _: &FuncCtx) -> R {
    Ok(Datum::Interval(justify_days(a_iv(&a[0])?)?))
}
fn f_justify_interval(a: &[Datum], _: &FuncCtx) -> R {
    Ok(Datum::Interval(justify_interval(a_iv(&a[0])?)?))
}

fn f_now(_: &[Datum], cx: &FuncCtx) -> R {
    Ok(Datum::TimestampTz(cx.env.transaction_timestamp))
}
fn f_statement_timestamp(_: &[Datum], cx: &FuncCtx) -> R {
    Ok(Datum::TimestampTz(cx.env.statement_timestamp))
}
fn f_clock_timestamp(_: &[Datum], _: &FuncCtx) -> R {
    Ok(Datum::TimestampTz(crate::env::now_pg_micros()))
}
fn f_timeofday(_: &[Datum], cx: &FuncCtx) -> R {
    Ok(Datum::Text(timeofday(cx.env)))
}

fn f_ts_part(a: &[Datum], _: &FuncCtx) -> R {
    timestamp_part(a_text(&a[0])?, a_ts(&a[1])?, None)
}
fn f_tstz_part(a: &[Datum], cx: &FuncCtx) -> R {
    timestamp_part(a_text(&a[0])?, a_ts(&a[1])?, Some(cx.env))
}
fn f_date_part_date(a: &[Datum], _: &FuncCtx) -> R {
    timestamp_part(a_text(&a[0])?, date2timestamp(a_date(&a[1])?)?, None)
}
fn f_time_part(a: &[Datum], _: &FuncCtx) -> R {
    time_part(a_text(&a[0])?, a_time(&a[1])?, None)
}
fn f_timetz_part(a: &[Datum], _: &FuncCtx) -> R {
    let (t, z) = a_timetz(&a[1])?;
    time_part(a_text(&a[0])?, t, Some(z))
}
fn f_interval_part(a: &[Datum], _: &FuncCtx) -> R {
    interval_part(a_text(&a[0])?, a_iv(&a[1])?)
}
fn f_ts_trunc(a: &[Datum], _: &FuncCtx) -> R {
    Ok(Datum::Timestamp(timestamp_trunc(
        a_text(&a[0])?,
        a_ts(&a[1])?,
        None,
    )?))
}
fn f_tstz_trunc(a: &[Datum], cx: &FuncCtx) -> R {
    Ok(Datum::TimestampTz(timestamp_trunc(
        a_text(&a[0])?,
        a_ts(&a[1])?,
        Some(cx.env),
    )?))
}
fn f_interval_trunc(a: &[Datum], _: &FuncCtx) -> R {
    Ok(Datum::Interval(interval_trunc(
        a_text(&a[0])?,
        a_iv(&a[1])?,
    )?))
}

fn f_age_ts(a: &[Datum], _: &FuncCtx) -> R {
    Ok(Datum::Interval(ts_age(a_ts(&a[0])?, a_ts(&a[1])?, None)?))
}
fn f_age_tstz(a: &[Datum], cx: &FuncCtx) -> R {
    Ok(Datum::Interval(ts_age(
        a_ts(&a[0])?,
        a_ts(&a[1])?,
        Some(cx.env),
    )?))
}
fn current_date(env: &SessionEnv) -> i32 {
    let (tm, _) = current_tm(env);
    tm_date(&tm)
}
fn f_age1_ts(a: &[Datum], cx: &FuncCtx) -> R {
    let today = date2timestamp(current_date(cx.env))?;
    Ok(Datum::Interval(ts_age(today, a_ts(&a[0])?, None)?))
}
fn f_age1_tstz(a: &[Datum], cx: &FuncCtx) -> R {
    let today = date2timestamptz(current_date(cx.env), cx.env)?;
    Ok(Datum::Interval(ts_age(today, a_ts(&a[0])?, Some(cx.env))?))
}

fn f_isfinite_date(a: &[Datum], _: &FuncCtx) -> R {
    Ok(Datum::Bool(is_finite_date(a_date(&a[0])?)))
}
fn f_isfinite_ts(a: &[Datum], _: &FuncCtx) -> R {
    Ok(Datum::Bool(is_finite_ts(a_ts(&a[0])?)))
}
fn f_isfinite_iv(_: &[Datum], _: &FuncCtx) -> R {
    Ok(Datum::Bool(true))
}

fn f_make_date(a: &[Datum], _: &FuncCtx) -> R {
    Ok(Datum::Date(make_date_impl(
        a_i32(&a[0])?,
        a_i32(&a[1])?,
        a_i32(&a[2])?,
    )?))
}
fn f_make_time(a: &[Datum], _: &FuncCtx) -> R {
    Ok(Datum::Time(make_time_impl(
        a_i32(&a[0])?,
        a_i32(&a[1])?,
        a_f64(&a[2])?,
    )?))
}
fn make_ts_args(a: &[Datum]) -> PgResult<i64> {
    make_timestamp_impl(
        a_i32(&a[0])?,
        a_i32(&a[1])?,
        a_i32(&a[2])?,
        a_i32(&a[3])?,
        a_i32(&a[4])?,
        a_f64(&a[5])?,
    )
}
fn f_make_timestamp(a: &[Datum], _: &FuncCtx) -> R {
    Ok(Datum::Timestamp(make_ts_args(a)?))
}
fn f_make_timestamptz(a: &[Datum], cx: &FuncCtx) -> R {
    let t = make_ts_args(a)?;
    Ok(Datum::TimestampTz(timestamp2timestamptz(t, cx.env)?))
}
fn f_make_timestamptz_tz(a: &[Datum], _: &FuncCtx) -> R {
    let t = make_ts_args(a)?;
    let (mut tm, _) = ts_ok(timestamp2tm(t, None))?;
    let tz = parse_sane_timezone(&mut tm, a_text(&a[6])?)?;
    let r = t
        .checked_add(tz as i64 * USECS_PER_SEC)
        .ok_or_else(ts_out_of_range)?;
    Ok(Datum::TimestampTz(r))
}
fn f_make_interval(a: &[Datum], _: &FuncCtx) -> R {
    let secs = a_f64(&a[6])?;
    if secs.is_nan() || secs.is_infinite() {
        return Err(iv_err());
    }
    let months = a_i32(&a[0])?.wrapping_mul(12).wrapping_add(a_i32(&a[1])?);
    let days = a_i32(&a[2])?.wrapping_mul(7).wrapping_add(a_i32(&a[3])?);
    let micros = (a_i32(&a[4])? as i64)
        .wrapping_mul(USECS_PER_HOUR)
        .wrapping_add((a_i32(&a[5])? as i64).wrapping_mul(USECS_PER_MINUTE))
        .wrapping_add((secs * 1e6).round_ties_even() as i64);
    Ok(Datum::Interval(Interval {
        months,
        days,
        micros,
    }))
}
fn f_to_timestamp(a: &[Datum], _: &FuncCtx) -> R {
    Ok(Datum::TimestampTz(to_timestamp_f64(a_f64(&a[0])?)?))
}

fn f_tstz_zone(a: &[Datum], _: &FuncCtx) -> R {
    Ok(Datum::Timestamp(timestamptz_zone(
        a_text(&a[0])?,
        a_ts(&a[1])?,
    )?))
}
fn f_ts_zone(a: &[Datum], _: &FuncCtx) -> R {
    Ok(Datum::TimestampTz(timestamp_zone(
        a_text(&a[0])?,
        a_ts(&a[1])?,
    )?))
}
fn f_tstz_izone(a: &[Datum], _: &FuncCtx) -> R {
    let t = a_ts(&a[1])?;
    let tz = izone_secs(a_iv(&a[0])?)?;
    if !is_finite_ts(t) {
        return Ok(Datum::Timestamp(t));
    }
    let r = t
        .checked_add(tz * USECS_PER_SEC)
        .ok_or_else(ts_out_of_range)?;
    Ok(Datum::Timestamp(r))
}
fn f_ts_izone(a: &[Datum], _: &FuncCtx) -> R {
    let t = a_ts(&a[1])?;
    let tz = izone_secs(a_iv(&a[0])?)?;
    if !is_finite_ts(t) {
        return Ok(Datum::TimestampTz(t));
    }
    let r = t
        .checked_sub(tz * USECS_PER_SEC)
        .ok_or_else(ts_out_of_range)?;
    Ok(Datum::TimestampTz(r))
}
fn timetz_to_zone(t: i64, z: i32, tz: i32) -> Datum {
    Datum::TimeTz(time_wrap(t + (z as i64 - tz as i64) * USECS_PER_SEC), tz)
}
fn f_timetz_zone(a: &[Datum], cx: &FuncCtx) -> R {
    let (t, z) = a_timetz(&a[1])?;
    let tz = match zone_spec(a_text(&a[0])?)? {
        ZoneSpec::Fixed(tz) => tz,
        ZoneSpec::Named(zone) | ZoneSpec::Dyn(_, zone) => {
            let now = crate::env::now_pg_micros();
            let _ = cx;
            -tz_info_at(&zone, now.div_euclid(USECS_PER_SEC) + EPOCH_DIFF_SECS).0
        }
    };
    Ok(timetz_to_zone(t, z, tz))
}
fn f_timetz_izone(a: &[Datum], _: &FuncCtx) -> R {
    let (t, z) = a_timetz(&a[1])?;
    let tz = -(izone_secs(a_iv(&a[0])?)? as i32);
    Ok(timetz_to_zone(t, z, tz))
}

// Casts
fn f_date_timestamp(a: &[Datum], _: &FuncCtx) -> R {
    Ok(Datum::Timestamp(date2timestamp(a_date(&a[0])?)?))
}
fn f_date_timestamptz(a: &[Datum], cx: &FuncCtx) -> R {
    Ok(Datum::TimestampTz(date2timestamptz(
        a_date(&a[0])?,
        cx.env,
    )?))
}
fn f_timestamp_date(a: &[Datum], _: &FuncCtx) -> R {
    Ok(Datum::Date(timestamp2date(a_ts(&a[0])?, None)?))
}
fn f_timestamptz_date(a: &[Datum], cx: &FuncCtx) -> R {
    Ok(Datum::Date(timestamp2date(a_ts(&a[0])?, Some(cx.env))?))
}
fn f_timestamp_time(a: &[Datum], _: &FuncCtx) -> R {
    let t = a_ts(&a[0])?;
    if !is_finite_ts(t) {
        return Ok(Datum::Null);
    }
    let (tm, _) = ts_ok(timestamp2tm(t, None))?;
    Ok(Datum::Time(tm_time(&tm)))
}
fn f_timestamptz_time(a: &[Datum], cx: &FuncCtx) -> R {
    let t = a_ts(&a[0])?;
    if !is_finite_ts(t) {
        return Ok(Datum::Null);
    }
    let (tm, _) = ts_ok(timestamp2tm(t, Some(&cx.env.timezone)))?;
    Ok(Datum::Time(tm_time(&tm)))
}
fn f_timestamptz_timetz(a: &[Datum], cx: &FuncCtx) -> R {
    let t = a_ts(&a[0])?;
    if !is_finite_ts(t) {
        return Ok(Datum::Null);
    }
    let (tm, tz) = ts_ok(timestamp2tm(t, Some(&cx.env.timezone)))?;
    Ok(Datum::TimeTz(tm_time(&tm), tz))
}
fn f_timestamp_timestamptz(a: &[Datum], cx: &FuncCtx) -> R {
    Ok(Datum::TimestampTz(timestamp2timestamptz(
        a_ts(&a[0])?,
        cx.env,
    )?))
}
fn f_timestamptz_timestamp(a: &[Datum], cx: &FuncCtx) -> R {
    Ok(Datum::Timestamp(timestamptz2timestamp(
        a_ts(&a[0])?,
        cx.env,
    )?))
}
fn f_time_interval(a: &[Datum], _: &FuncCtx) -> R {
    Ok(Datum::Interval(Interval {
        months: 0,
        days: 0,
        micros: a_time(&a[0])?,
    }))
}
fn f_interval_time(a: &[Datum], _: &FuncCtx) -> R {
    Ok(Datum::Time(time_wrap(a_iv(&a[0])?.micros % USECS_PER_DAY)))
}
fn f_time_timetz(a: &[Datum], cx: &FuncCtx) -> R {
    let t = a_time(&a[0])?;
    Ok(Datum::TimeTz(t, session_offset_today(t, cx.env)))
}
fn f_timetz_time(a: &[Datum], _: &FuncCtx) -> R {
    Ok(Datum::Time(a_timetz(&a[0])?.0))
}
fn f_date_time_tstz(a: &[Datum], cx: &FuncCtx) -> R {
    let d = a_date(&a[0])?;
    let t = a_time(&a[1])?;
    let Datum::Timestamp(ts) = datetime_pl(d, t)? else {
        return Err(bad_arg("timestamptz"));
    };
    Ok(Datum::TimestampTz(timestamp2timestamptz(ts, cx.env)?))
}
fn typmod_arg(a: &[Datum]) -> PgResult<i32> {
    a_i32(&a[1])
}
fn f_timestamp_scale(a: &[Datum], _: &FuncCtx) -> R {
    Ok(Datum::Timestamp(adjust_timestamp(
        a_ts(&a[0])?,
        typmod_arg(a)?,
    )))
}
fn f_timestamptz_scale(a: &[Datum], _: &FuncCtx) -> R {
    Ok(Datum::TimestampTz(adjust_timestamp(
        a_ts(&a[0])?,
        typmod_arg(a)?,
    )))
}
fn f_time_scale(a: &[Datum], _: &FuncCtx) -> R {
    Ok(Datum::Time(adjust_time(a_time(&a[0])?, typmod_arg(a)?)))
}
fn f_timetz_scale(a: &[Datum], _: &FuncCtx) -> R {
    let (t, z) = a_timetz(&a[0])?;
    Ok(Datum::TimeTz(adjust_time(t, typmod_arg(a)?), z))
}
fn f_interval_scale(a: &[Datum], _: &FuncCtx) -> R {
    Ok(Datum::Interval(adjust_interval(
        a_iv(&a[0])?,
        typmod_arg(a)?,
    )?))
}

fn in_fn<const T: u32>(a: &[Datum], cx: &FuncCtx) -> R {
    let s = a_text(&a[0])?;
    super::input(T, -1, s, cx.env).unwrap_or_else(|| Err(bad_arg("input")))
}
fn out_fn<const T: u32>(a: &[Datum], cx: &FuncCtx) -> R {
    let mut s = String::new();
    super::output(T, &a[0], cx.env, &mut s)?;
    Ok(Datum::Text(s))
}

fn f_to_char_ts(a: &[Datum], cx: &FuncCtx) -> R {
    super::tochar::to_char_timestamp(a_ts(&a[0])?, a_text(&a[1])?, None, cx.env)
}
fn f_to_char_tstz(a: &[Datum], cx: &FuncCtx) -> R {
    super::tochar::to_char_timestamp(a_ts(&a[0])?, a_text(&a[1])?, Some(cx.env), cx.env)
}
/// interval_hash: a hash consistent with interval equality (a month counts as 30 days and a
/// day as 24 hours, like interval_cmp). The value itself is not PostgreSQL's hash_any output.
fn f_interval_hash(a: &[Datum], _cx: &FuncCtx) -> R {
    let iv = a_iv(&a[0])?;
    const DAY: i128 = 86_400_000_000;
    let k = iv.micros as i128 + iv.days as i128 * DAY + iv.months as i128 * 30 * DAY;
    let u = k as u128;
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in u.to_le_bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    Ok(Datum::Int4((h ^ (h >> 32)) as u32 as i32))
}
fn f_to_char_interval(a: &[Datum], cx: &FuncCtx) -> R {
    super::tochar::to_char_interval(a_iv(&a[0])?, a_text(&a[1])?, cx.env)
}
fn f_to_timestamp_text(a: &[Datum], cx: &FuncCtx) -> R {
    super::tochar::to_timestamp_text(a_text(&a[0])?, a_text(&a[1])?, cx.env).map(Datum::TimestampTz)
}
fn f_to_date_text(a: &[Datum], cx: &FuncCtx) -> R {
    super::tochar::to_date_text(a_text(&a[0])?, a_text(&a[1])?, cx.env).map(Datum::Date)
}

// ---------------------------------------------------------------------------------------------
// Catalog tables

fn pd(
    oid: Oid,
    name: &'static str,
    args: &'static [Oid],
    ret: Oid,
    vol: u8,
    func: BuiltinFn,
) -> ProcDef {
    ProcDef {
        oid,
        name,
        arg_types: args,
        ret_type: ret,
        strict: true,
        volatility: vol,
        variadic: 0,
        retset: false,
        func,
    }
}

pub fn procs() -> Vec<ProcDef> {
    static CACHE: std::sync::OnceLock<Vec<ProcDef>> = std::sync::OnceLock::new();
    CACHE.get_or_init(build_procs).clone()
}

fn build_procs() -> Vec<ProcDef> {
    let mut v = Vec::new();
    for f in families() {
        let args = type_pair(f.left, f.right);
        for (k, oid) in f.procs.iter().enumerate() {
            let name = if f.prefix.contains('%') {
                leak_name(f.prefix.replace('%', CMP_SUFFIX[k]))
            } else {
                leak_name(format!("{}_{}", f.prefix, CMP_SUFFIX[k]))
            };
            let ret = if k == 6 { INT4 } else { BOOL };
            let vol = if f.left != f.right && (f.left == TIMESTAMPTZ || f.right == TIMESTAMPTZ) {
                b's'
            } else {
                b'i'
            };
            v.push(pd(*oid, name, args, ret, vol, f.fns[k]));
        }
        if let Some((larger, smaller)) = f.minmax {
            v.push(pd(
                larger,
                leak_name(format!("{}_larger", f.prefix)),
                args,
                f.left,
                b'i',
                f.fns[7],
            ));
            v.push(pd(
                smaller,
                leak_name(format!("{}_smaller", f.prefix)),
                args,
                f.left,
                b'i',
                f.fns[8],
            ));
        }
    }
    const I: u8 = b'i';
    const S: u8 = b's';
    const V: u8 = b'v';
    v.extend([
        // I/O
        pd(1084, "date_in", &[CSTRING], DATE, S, in_fn::<DATE>),
        pd(1085, "date_out", &[DATE], CSTRING, S, out_fn::<DATE>),
        pd(1143, "time_in", &[CSTRING], TIME, I, in_fn::<TIME>),
        pd(1144, "time_out", &[TIME], CSTRING, I, out_fn::<TIME>),
        pd(1350, "timetz_in", &[CSTRING], TIMETZ, S, in_fn::<TIMETZ>),
        pd(1351, "timetz_out", &[TIMETZ], CSTRING, I, out_fn::<TIMETZ>),
        pd(
            1312,
            "timestamp_in",
            &[CSTRING],
            TIMESTAMP,
            S,
            in_fn::<TIMESTAMP>,
        ),
        pd(
            1313,
            "timestamp_out",
            &[TIMESTAMP],
            CSTRING,
            S,
            out_fn::<TIMESTAMP>,
        ),
        pd(
            1150,
            "timestamptz_in",
            &[CSTRING],
            TIMESTAMPTZ,
            S,
            in_fn::<TIMESTAMPTZ>,
        ),
        pd(
            1151,
            "timestamptz_out",
            &[TIMESTAMPTZ],
            CSTRING,
            S,
            out_fn::<TIMESTAMPTZ>,
        ),
        pd(
            1160,
            "interval_in",
            &[CSTRING],
            INTERVAL,
            S,
            in_fn::<INTERVAL>,
        ),
        pd(
            1161,
            "interval_out",
            &[INTERVAL],
            CSTRING,
            I,
            out_fn::<INTERVAL>,
        ),
        // date arithmetic
        pd(1140, "date_mi", &[DATE, DATE], INT4, I, f_date_mi),
        pd(1141, "date_pli", &[DATE, INT4], DATE, I, f_date_pli),
        pd(1142, "date_mii", &[DATE, INT4], DATE, I, f_date_mii),
        pd(
            2550,
            "integer_pl_date",
            &[INT4, DATE],
            DATE,
            I,
            f_int_pl_date,
        ),
        pd(
            2071,
            "date_pl_interval",
            &[DATE, INTERVAL],
            TIMESTAMP,
            I,
            f_date_pl_interval,
        ),
        pd(
            2072,
            "date_mi_interval",
            &[DATE, INTERVAL],
            TIMESTAMP,
            I,
            f_date_mi_interval,
        ),
        pd(
            2546,
            "interval_pl_date",
            &[INTERVAL, DATE],
            TIMESTAMP,
            I,
            f_interval_pl_date,
        ),
        pd(
            1272,
            "datetime_pl",
            &[DATE, TIME],
            TIMESTAMP,
            I,
            f_datetime_pl,
        ),
        pd(
            1296,
            "timedate_pl",
            &[TIME, DATE],
            TIMESTAMP,
            I,
            f_timedate_pl,
        ),
        pd(
            1297,
            "datetimetz_pl",
            &[DATE, TIMETZ],
            TIMESTAMPTZ,
            I,
            f_datetimetz_pl,
        ),
        pd(
            1298,
            "timetzdate_pl",
            &[TIMETZ, DATE],
            TIMESTAMPTZ,
            I,
            f_timetzdate_pl,
        ),
        // timestamp arithmetic
        pd(
            2031,
            "timestamp_mi",
            &[TIMESTAMP, TIMESTAMP],
            INTERVAL,
            I,
            f_ts_mi,
        ),
        pd(
            2032,
            "timestamp_pl_interval",
            &[TIMESTAMP, INTERVAL],
            TIMESTAMP,
            I,
            f_ts_pl_interval,
        ),
        pd(
            2033,
            "timestamp_mi_interval",
            &[TIMESTAMP, INTERVAL],
            TIMESTAMP,
            I,
            f_ts_mi_interval,
        ),
        pd(
            2548,
            "interval_pl_timestamp",
            &[INTERVAL, TIMESTAMP],
            TIMESTAMP,
            I,
            f_interval_pl_ts,
        ),
        pd(
            1188,
            "timestamptz_mi",
            &[TIMESTAMPTZ, TIMESTAMPTZ],
            INTERVAL,
            I,
            f_ts_mi,
        ),
        pd(
            1189,
            "timestamptz_pl_interval",
            &[TIMESTAMPTZ, INTERVAL],
            TIMESTAMPTZ,
            S,
            f_tstz_pl_interval,
        ),
        pd(
            1190,
            "timestamptz_mi_interval",
            &[TIMESTAMPTZ, INTERVAL],
            TIMESTAMPTZ,
            S,
            f_tstz_mi_interval,
        ),
        pd(
            2549,
            "interval_pl_timestamptz",
            &[INTERVAL, TIMESTAMPTZ],
            TIMESTAMPTZ,
            S,
            f_interval_pl_tstz,
        ),
        // time arithmetic
        pd(
            1690,
            "time_mi_time",
            &[TIME, TIME],
            INTERVAL,
            I,
            f_time_mi_time,
        ),
        pd(
            1747,
            "time_pl_interval",
            &[TIME, INTERVAL],
            TIME,
            I,
            f_time_pl_interval,
        ),
        pd(
            1748,
            "time_mi_interval",
            &[TIME, INTERVAL],
            TIME,
            I,
            f_time_mi_interval,
        ),
        pd(
            1849,
            "interval_pl_time",
            &[INTERVAL, TIME],
            TIME,
            I,
            f_interval_pl_time,
        ),
        pd(
            1749,
            "timetz_pl_interval",
            &[TIMETZ, INTERVAL],
            TIMETZ,
            I,
            f_timetz_pl_interval,
        ),
        pd(
            1750,
            "timetz_mi_interval",
            &[TIMETZ, INTERVAL],
            TIMETZ,
            I,
            f_timetz_mi_interval,
        ),
        pd(
            2547,
            "interval_pl_timetz",
            &[INTERVAL, TIMETZ],
            TIMETZ,
            I,
            f_interval_pl_timetz,
        ),
        // interval arithmetic
        pd(1168, "interval_um", &[INTERVAL], INTERVAL, I, f_interval_um),
        pd(1697, "interval_hash", &[INTERVAL], INT4, I, f_interval_hash),
        pd(
            1169,
            "interval_pl",
            &[INTERVAL, INTERVAL],
            INTERVAL,
            I,
            f_interval_pl,
        ),
        pd(
            1170,
            "interval_mi",
            &[INTERVAL, INTERVAL],
            INTERVAL,
            I,
            f_interval_mi,
        ),
        pd(
            1618,
            "interval_mul",
            &[INTERVAL, FLOAT8],
            INTERVAL,
            I,
            f_interval_mul,
        ),
        pd(
            1624,
            "mul_d_interval",
            &[FLOAT8, INTERVAL],
            INTERVAL,
            I,
            f_mul_d_interval,
        ),
        pd(
            1326,
            "interval_div",
            &[INTERVAL, FLOAT8],
            INTERVAL,
            I,
            f_interval_div,
        ),
        pd(
            1175,
            "justify_hours",
            &[INTERVAL],
            INTERVAL,
            I,
            f_justify_hours,
        ),
        pd(
            1295,
            "justify_days",
            &[INTERVAL],
            INTERVAL,
            I,
            f_justify_days,
        ),
        pd(
            2711,
            "justify_interval",
            &[INTERVAL],
            INTERVAL,
            I,
            f_justify_interval,
        ),
        // current time
        pd(1299, "now", &[], TIMESTAMPTZ, S, f_now),
        pd(2647, "transaction_timestamp", &[], TIMESTAMPTZ, S, f_now),
        pd(
            2648,
            "statement_timestamp",
            &[],
            TIMESTAMPTZ,
            S,
            f_statement_timestamp,
        ),
        pd(
            2649,
            "clock_timestamp",
            &[],
            TIMESTAMPTZ,
            V,
            f_clock_timestamp,
        ),
        pd(274, "timeofday", &[], TEXT, V, f_timeofday),
        // date_part / date_trunc
        pd(2021, "date_part", &[TEXT, TIMESTAMP], FLOAT8, I, f_ts_part),
        pd(
            1171,
            "date_part",
            &[TEXT, TIMESTAMPTZ],
            FLOAT8,
            S,
            f_tstz_part,
        ),
        pd(
            1384,
            "date_part",
            &[TEXT, DATE],
            FLOAT8,
            I,
            f_date_part_date,
        ),
        pd(1385, "date_part", &[TEXT, TIME], FLOAT8, I, f_time_part),
        pd(1273, "date_part", &[TEXT, TIMETZ], FLOAT8, I, f_timetz_part),
        pd(
            1172,
            "date_part",
            &[TEXT, INTERVAL],
            FLOAT8,
            I,
            f_interval_part,
        ),
        pd(
            2020,
            "date_trunc",
            &[TEXT, TIMESTAMP],
            TIMESTAMP,
            I,
            f_ts_trunc,
        ),
        pd(
            1217,
            "date_trunc",
            &[TEXT, TIMESTAMPTZ],
            TIMESTAMPTZ,
            S,
            f_tstz_trunc,
        ),
        pd(
            1218,
            "date_trunc",
            &[TEXT, INTERVAL],
            INTERVAL,
            I,
            f_interval_trunc,
        ),
        // age
        pd(2058, "age", &[TIMESTAMP, TIMESTAMP], INTERVAL, I, f_age_ts),
        pd(
            1199,
            "age",
            &[TIMESTAMPTZ, TIMESTAMPTZ],
            INTERVAL,
            S,
            f_age_tstz,
        ),
        pd(2059, "age", &[TIMESTAMP], INTERVAL, S, f_age1_ts),
        pd(1386, "age", &[TIMESTAMPTZ], INTERVAL, S, f_age1_tstz),
        // isfinite
        pd(1373, "isfinite", &[DATE], BOOL, I, f_isfinite_date),
        pd(2048, "isfinite", &[TIMESTAMP], BOOL, I, f_isfinite_ts),
        pd(1389, "isfinite", &[TIMESTAMPTZ], BOOL, I, f_isfinite_ts),
        pd(1390, "isfinite", &[INTERVAL], BOOL, I, f_isfinite_iv),
        // constructors
        pd(3846, "make_date", &[INT4, INT4, INT4], DATE, I, f_make_date),
        pd(
            3847,
            "make_time",
            &[INT4, INT4, FLOAT8],
            TIME,
            I,
            f_make_time,
        ),
        pd(
            3461,
            "make_timestamp",
            &[INT4, INT4, INT4, INT4, INT4, FLOAT8],
            TIMESTAMP,
            I,
            f_make_timestamp,
        ),
        pd(
            3462,
            "make_timestamptz",
            &[INT4, INT4, INT4, INT4, INT4, FLOAT8],
            TIMESTAMPTZ,
            S,
            f_make_timestamptz,
        ),
        pd(
            3463,
            "make_timestamptz",
            &[INT4, INT4, INT4, INT4, INT4, FLOAT8, TEXT],
            TIMESTAMPTZ,
            S,
            f_make_timestamptz_tz,
        ),
        pd(
            3464,
            "make_interval",
            &[INT4, INT4, INT4, INT4, INT4, INT4, FLOAT8],
            INTERVAL,
            I,
            f_make_interval,
        ),
        pd(
            1158,
            "to_timestamp",
            &[FLOAT8],
            TIMESTAMPTZ,
            I,
            f_to_timestamp,
        ),
        // AT TIME ZONE
        pd(
            1159,
            "timezone",
            &[TEXT, TIMESTAMPTZ],
            TIMESTAMP,
            I,
            f_tstz_zone,
        ),
        pd(
            1026,
            "timezone",
            &[INTERVAL, TIMESTAMPTZ],
            TIMESTAMP,
            I,
            f_tstz_izone,
        ),
        pd(
            2069,
            "timezone",
            &[TEXT, TIMESTAMP],
            TIMESTAMPTZ,
            I,
            f_ts_zone,
        ),
        pd(
            2070,
            "timezone",
            &[INTERVAL, TIMESTAMP],
            TIMESTAMPTZ,
            I,
            f_ts_izone,
        ),
        pd(2037, "timezone", &[TEXT, TIMETZ], TIMETZ, V, f_timetz_zone),
        pd(
            2038,
            "timezone",
            &[INTERVAL, TIMETZ],
            TIMETZ,
            I,
            f_timetz_izone,
        ),
        // conversions
        pd(2024, "timestamp", &[DATE], TIMESTAMP, I, f_date_timestamp),
        pd(
            2025,
            "timestamp",
            &[DATE, TIME],
            TIMESTAMP,
            I,
            f_datetime_pl,
        ),
        pd(
            2027,
            "timestamp",
            &[TIMESTAMPTZ],
            TIMESTAMP,
            S,
            f_timestamptz_timestamp,
        ),
        pd(
            2028,
            "timestamptz",
            &[TIMESTAMP],
            TIMESTAMPTZ,
            S,
            f_timestamp_timestamptz,
        ),
        pd(
            1174,
            "timestamptz",
            &[DATE],
            TIMESTAMPTZ,
            S,
            f_date_timestamptz,
        ),
        pd(
            1176,
            "timestamptz",
            &[DATE, TIME],
            TIMESTAMPTZ,
            S,
            f_date_time_tstz,
        ),
        pd(
            1359,
            "timestamptz",
            &[DATE, TIMETZ],
            TIMESTAMPTZ,
            I,
            f_datetimetz_pl,
        ),
        pd(2029, "date", &[TIMESTAMP], DATE, I, f_timestamp_date),
        pd(1178, "date", &[TIMESTAMPTZ], DATE, S, f_timestamptz_date),
        pd(1316, "time", &[TIMESTAMP], TIME, I, f_timestamp_time),
        pd(2019, "time", &[TIMESTAMPTZ], TIME, S, f_timestamptz_time),
        pd(1419, "time", &[INTERVAL], TIME, I, f_interval_time),
        pd(2046, "time", &[TIMETZ], TIME, I, f_timetz_time),
        pd(2047, "timetz", &[TIME], TIMETZ, S, f_time_timetz),
        pd(
            1388,
            "timetz",
            &[TIMESTAMPTZ],
            TIMETZ,
            S,
            f_timestamptz_timetz,
        ),
        pd(1370, "interval", &[TIME], INTERVAL, I, f_time_interval),
        // typmod coercions
        pd(
            1961,
            "timestamp",
            &[TIMESTAMP, INT4],
            TIMESTAMP,
            I,
            f_timestamp_scale,
        ),
        pd(
            1967,
            "timestamptz",
            &[TIMESTAMPTZ, INT4],
            TIMESTAMPTZ,
            I,
            f_timestamptz_scale,
        ),
        pd(1968, "time", &[TIME, INT4], TIME, I, f_time_scale),
        pd(1969, "timetz", &[TIMETZ, INT4], TIMETZ, I, f_timetz_scale),
        pd(
            1200,
            "interval",
            &[INTERVAL, INT4],
            INTERVAL,
            I,
            f_interval_scale,
        ),
        // formatting
        pd(2049, "to_char", &[TIMESTAMP, TEXT], TEXT, S, f_to_char_ts),
        pd(
            1770,
            "to_char",
            &[TIMESTAMPTZ, TEXT],
            TEXT,
            S,
            f_to_char_tstz,
        ),
        pd(
            1768,
            "to_char",
            &[INTERVAL, TEXT],
            TEXT,
            S,
            f_to_char_interval,
        ),
        pd(
            1778,
            "to_timestamp",
            &[TEXT, TEXT],
            TIMESTAMPTZ,
            S,
            f_to_timestamp_text,
        ),
        pd(1780, "to_date", &[TEXT, TEXT], DATE, S, f_to_date_text),
    ]);
    // overlaps: non-strict (NULL endpoints have special meaning).
    let ov: &[(Oid, &'static [Oid], u8)] = &[
        (
            1304,
            &[TIMESTAMPTZ, TIMESTAMPTZ, TIMESTAMPTZ, TIMESTAMPTZ],
            I,
        ),
        (1305, &[TIMESTAMPTZ, INTERVAL, TIMESTAMPTZ, INTERVAL], S),
        (1306, &[TIMESTAMPTZ, TIMESTAMPTZ, TIMESTAMPTZ, INTERVAL], S),
        (1307, &[TIMESTAMPTZ, INTERVAL, TIMESTAMPTZ, TIMESTAMPTZ], S),
        (1308, &[TIME, TIME, TIME, TIME], I),
        (1309, &[TIME, INTERVAL, TIME, INTERVAL], I),
        (1310, &[TIME, TIME, TIME, INTERVAL], I),
        (1311, &[TIME, INTERVAL, TIME, TIME], I),
        (1271, &[TIMETZ, TIMETZ, TIMETZ, TIMETZ], I),
        (2041, &[TIMESTAMP, TIMESTAMP, TIMESTAMP, TIMESTAMP], I),
        (2042, &[TIMESTAMP, INTERVAL, TIMESTAMP, INTERVAL], I),
        (2043, &[TIMESTAMP, TIMESTAMP, TIMESTAMP, INTERVAL], I),
        (2044, &[TIMESTAMP, INTERVAL, TIMESTAMP, TIMESTAMP], I),
    ];
    for (oid, args, vol) in ov {
        let mut p = pd(*oid, "overlaps", args, BOOL, *vol, f_overlaps);
        p.strict = false;
        v.push(p);
    }
    v
}

fn od(oid: Oid, name: &'static str, left: Oid, right: Oid, result: Oid, proc_oid: Oid) -> OperDef {
    OperDef {
        oid,
        name,
        left,
        right,
        result,
        proc_oid,
        commutator: 0,
        negator: 0,
    }
}

pub fn opers() -> Vec<OperDef> {
    let mut v = Vec::new();
    for f in families() {
        for (k, opname) in CMP_OPNAME.iter().enumerate() {
            v.push(od(f.opers[k], opname, f.left, f.right, BOOL, f.procs[k]));
        }
    }
    // commutators and negators of the comparison operators
    let flip = |n: &str| match n {
        "<" => ">",
        ">" => "<",
        "<=" => ">=",
        ">=" => "<=",
        x => {
            if x == "=" {
                "="
            } else {
                "<>"
            }
        }
    };
    let neg = |n: &str| match n {
        "<" => ">=",
        ">=" => "<",
        ">" => "<=",
        "<=" => ">",
        "=" => "<>",
        _ => "=",
    };
    let snapshot = v.clone();
    for o in v.iter_mut() {
        o.commutator = snapshot
            .iter()
            .find(|c| c.name == flip(o.name) && c.left == o.right && c.right == o.left)
            .map_or(0, |c| c.oid);
        o.negator = snapshot
            .iter()
            .find(|c| c.name == neg(o.name) && c.left == o.left && c.right == o.right)
            .map_or(0, |c| c.oid);
    }
    v.extend([
        od(1099, "-", DATE, DATE, INT4, 1140),
        od(1100, "+", DATE, INT4, DATE, 1141),
        od(1101, "-", DATE, INT4, DATE, 1142),
        od(2555, "+", INT4, DATE, DATE, 2550),
        od(1076, "+", DATE, INTERVAL, TIMESTAMP, 2071),
        od(1077, "-", DATE, INTERVAL, TIMESTAMP, 2072),
        od(2551, "+", INTERVAL, DATE, TIMESTAMP, 2546),
        od(1360, "+", DATE, TIME, TIMESTAMP, 1272),
        od(1361, "+", DATE, TIMETZ, TIMESTAMPTZ, 1297),
        od(1363, "+", TIME, DATE, TIMESTAMP, 1296),
        od(1366, "+", TIMETZ, DATE, TIMESTAMPTZ, 1298),
        od(2066, "+", TIMESTAMP, INTERVAL, TIMESTAMP, 2032),
        od(2067, "-", TIMESTAMP, TIMESTAMP, INTERVAL, 2031),
        od(2068, "-", TIMESTAMP, INTERVAL, TIMESTAMP, 2033),
        od(2553, "+", INTERVAL, TIMESTAMP, TIMESTAMP, 2548),
        od(1327, "+", TIMESTAMPTZ, INTERVAL, TIMESTAMPTZ, 1189),
        od(1328, "-", TIMESTAMPTZ, TIMESTAMPTZ, INTERVAL, 1188),
        od(1329, "-", TIMESTAMPTZ, INTERVAL, TIMESTAMPTZ, 1190),
        od(2554, "+", INTERVAL, TIMESTAMPTZ, TIMESTAMPTZ, 2549),
        od(1399, "-", TIME, TIME, INTERVAL, 1690),
        od(1800, "+", TIME, INTERVAL, TIME, 1747),
        od(1801, "-", TIME, INTERVAL, TIME, 1748),
        od(1849, "+", INTERVAL, TIME, TIME, 1849),
        od(1802, "+", TIMETZ, INTERVAL, TIMETZ, 1749),
        od(1803, "-", TIMETZ, INTERVAL, TIMETZ, 1750),
        od(2552, "+", INTERVAL, TIMETZ, TIMETZ, 2547),
        od(1336, "-", 0, INTERVAL, INTERVAL, 1168),
        od(1337, "+", INTERVAL, INTERVAL, INTERVAL, 1169),
        od(1338, "-", INTERVAL, INTERVAL, INTERVAL, 1170),
        od(1583, "*", INTERVAL, FLOAT8, INTERVAL, 1618),
        od(1584, "*", FLOAT8, INTERVAL, INTERVAL, 1624),
        od(1585, "/", INTERVAL, FLOAT8, INTERVAL, 1326),
    ]);
    v
}

pub fn casts() -> Vec<CastDef> {
    let c = |source: Oid, target: Oid, func_oid: Oid, context: u8| CastDef {
        source,
        target,
        func_oid,
        context,
        method: b'f',
    };
    vec![
        c(DATE, TIMESTAMP, 2024, b'i'),
        c(DATE, TIMESTAMPTZ, 1174, b'i'),
        c(TIME, INTERVAL, 1370, b'i'),
        c(TIME, TIMETZ, 2047, b'i'),
        c(TIME, TIME, 1968, b'i'),
        c(TIMESTAMP, DATE, 2029, b'a'),
        c(TIMESTAMP, TIME, 1316, b'a'),
        c(TIMESTAMP, TIMESTAMPTZ, 2028, b'i'),
        c(TIMESTAMP, TIMESTAMP, 1961, b'i'),
        c(TIMESTAMPTZ, DATE, 1178, b'a'),
        c(TIMESTAMPTZ, TIME, 2019, b'a'),
        c(TIMESTAMPTZ, TIMESTAMP, 2027, b'a'),
        c(TIMESTAMPTZ, TIMETZ, 1388, b'a'),
        c(TIMESTAMPTZ, TIMESTAMPTZ, 1967, b'i'),
        c(INTERVAL, TIME, 1419, b'a'),
        c(INTERVAL, INTERVAL, 1200, b'i'),
        c(TIMETZ, TIME, 2046, b'a'),
        c(TIMETZ, TIMETZ, 1969, b'i'),
    ]
}

#[cfg(test)]
pub(crate) fn call(oid: Oid, args: &[Datum], env: &SessionEnv) -> PgResult<Datum> {
    let p = procs()
        .into_iter()
        .find(|p| p.oid == oid)
        .ok_or_else(|| PgError::internal("no proc"))?;
    let cx = FuncCtx {
        env,
        result_type: p.ret_type,
        arg_types: p.arg_types,
    };
    (p.func)(args, &cx)
}
