//! PostgreSQL's date/time types: date, time, timetz, timestamp, timestamptz and interval — text
//! input (PostgreSQL's DecodeDateTime rules, time zone names and abbreviations), output in every
//! DateStyle/IntervalStyle, binary send/recv, typmods (precision, interval fields), and the
//! built-in operators, functions and casts (in `datetime::funcs`).

pub mod calc;
pub mod encode;
pub mod fast;
pub mod funcs;
pub mod parse;
pub mod tochar;

use self::calc::*;
use self::parse::*;
use crate::oids;
use crate::registry::{CastDef, OperDef, ProcDef};
use crate::{Datum, Interval, SessionEnv};
use common::{Oid, PgError, PgResult};

pub fn procs() -> Vec<ProcDef> {
    funcs::procs()
}
pub fn opers() -> Vec<OperDef> {
    funcs::opers()
}
pub fn casts() -> Vec<CastDef> {
    funcs::casts()
}

pub fn input(typ: Oid, typmod: i32, s: &str, env: &SessionEnv) -> Option<PgResult<Datum>> {
    let r = match typ {
        oids::DATE => date_in(s, env).map(Datum::Date),
        oids::TIME => time_in(s, typmod, env).map(Datum::Time),
        oids::TIMETZ => timetz_in(s, typmod, env).map(|(t, z)| Datum::TimeTz(t, z)),
        oids::TIMESTAMP => timestamp_in(s, typmod, env).map(Datum::Timestamp),
        oids::TIMESTAMPTZ => timestamptz_in(s, typmod, env).map(Datum::TimestampTz),
        oids::INTERVAL => interval_in(s, typmod, env).map(Datum::Interval),
        _ => return None,
    };
    Some(r)
}

pub fn output(typ: Oid, d: &Datum, env: &SessionEnv, out: &mut String) -> PgResult<bool> {
    match (typ, d) {
        (oids::DATE, Datum::Date(v)) => date_out(*v, env, out),
        (oids::TIME, Datum::Time(v)) => time_out(*v, out),
        (oids::TIMETZ, Datum::TimeTz(t, z)) => timetz_out(*t, *z, out),
        (oids::TIMESTAMP, Datum::Timestamp(v)) => timestamp_out(*v, env, out)?,
        (oids::TIMESTAMPTZ, Datum::TimestampTz(v)) => timestamptz_out(*v, env, out)?,
        (oids::INTERVAL, Datum::Interval(iv)) => {
            encode::encode_interval(out, iv, env.interval_style)
        }
        (
            oids::DATE
            | oids::TIME
            | oids::TIMETZ
            | oids::TIMESTAMP
            | oids::TIMESTAMPTZ
            | oids::INTERVAL,
            _,
        ) => {
            return Err(PgError::internal(format!(
                "unexpected datum {d:?} for date/time type {typ}"
            )))
        }
        _ => return Ok(false),
    }
    Ok(true)
}

fn be_i64(b: &[u8]) -> Option<i64> {
    Some(i64::from_be_bytes(b.get(..8)?.try_into().ok()?))
}
fn be_i32(b: &[u8]) -> Option<i32> {
    Some(i32::from_be_bytes(b.get(..4)?.try_into().ok()?))
}

fn insufficient() -> PgError {
    common::pg_err!(
        INVALID_BINARY_REPRESENTATION,
        "insufficient data left in message"
    )
}

pub fn receive(typ: Oid, typmod: i32, b: &[u8], _env: &SessionEnv) -> Option<PgResult<Datum>> {
    let r = match typ {
        oids::DATE => (|| {
            let v = be_i32(b).ok_or_else(insufficient)?;
            if v != DATE_NOBEGIN && v != DATE_NOEND && !valid_date(v as i64) {
                return Err(common::pg_err!(
                    DATETIME_FIELD_OVERFLOW,
                    "date out of range"
                ));
            }
            Ok(Datum::Date(v))
        })(),
        oids::TIME => (|| {
            let v = be_i64(b).ok_or_else(insufficient)?;
            if !(0..=USECS_PER_DAY).contains(&v) {
                return Err(common::pg_err!(
                    DATETIME_FIELD_OVERFLOW,
                    "time out of range"
                ));
            }
            Ok(Datum::Time(adjust_time(v, typmod)))
        })(),
        oids::TIMETZ => (|| {
            let v = be_i64(b).ok_or_else(insufficient)?;
            let z = be_i32(b.get(8..).ok_or_else(insufficient)?).ok_or_else(insufficient)?;
            if !(0..=USECS_PER_DAY).contains(&v) {
                return Err(common::pg_err!(
                    DATETIME_FIELD_OVERFLOW,
                    "time out of range"
                ));
            }
            if !(-MAX_TZDISP..=MAX_TZDISP).contains(&z) {
                return Err(common::pg_err!(
                    INVALID_TIME_ZONE_DISPLACEMENT_VALUE,
                    "time zone displacement out of range"
                ));
            }
            Ok(Datum::TimeTz(adjust_time(v, typmod), z))
        })(),
        oids::TIMESTAMP | oids::TIMESTAMPTZ => (|| {
            let v = be_i64(b).ok_or_else(insufficient)?;
            if v != TIMESTAMP_NOBEGIN && v != TIMESTAMP_NOEND && !valid_timestamp(v) {
                return Err(ts_out_of_range());
            }
            let v = adjust_timestamp(v, typmod);
            Ok(if typ == oids::TIMESTAMP {
                Datum::Timestamp(v)
            } else {
                Datum::TimestampTz(v)
            })
        })(),
        oids::INTERVAL => (|| {
            let t = be_i64(b).ok_or_else(insufficient)?;
            let d = be_i32(b.get(8..).ok_or_else(insufficient)?).ok_or_else(insufficient)?;
            let mo = be_i32(b.get(12..).ok_or_else(insufficient)?).ok_or_else(insufficient)?;
            let iv = Interval {
                months: mo,
                days: d,
                micros: t,
            };
            Ok(Datum::Interval(adjust_interval(iv, typmod)?))
        })(),
        _ => return None,
    };
    Some(r)
}

pub fn send(typ: Oid, d: &Datum, _env: &SessionEnv, out: &mut Vec<u8>) -> PgResult<bool> {
    match (typ, d) {
        (oids::DATE, Datum::Date(v)) => out.extend_from_slice(&v.to_be_bytes()),
        (oids::TIME, Datum::Time(v)) => out.extend_from_slice(&v.to_be_bytes()),
        (oids::TIMETZ, Datum::TimeTz(t, z)) => {
            out.extend_from_slice(&t.to_be_bytes());
            out.extend_from_slice(&z.to_be_bytes());
        }
        (oids::TIMESTAMP, Datum::Timestamp(v)) | (oids::TIMESTAMPTZ, Datum::TimestampTz(v)) => {
            out.extend_from_slice(&v.to_be_bytes())
        }
        (oids::INTERVAL, Datum::Interval(iv)) => {
            out.extend_from_slice(&iv.micros.to_be_bytes());
            out.extend_from_slice(&iv.days.to_be_bytes());
            out.extend_from_slice(&iv.months.to_be_bytes());
        }
        (
            oids::DATE
            | oids::TIME
            | oids::TIMETZ
            | oids::TIMESTAMP
            | oids::TIMESTAMPTZ
            | oids::INTERVAL,
            _,
        ) => {
            return Err(PgError::internal(format!(
                "unexpected datum {d:?} for date/time type {typ}"
            )))
        }
        _ => return Ok(false),
    }
    Ok(true)
}

pub fn apply_typmod(typ: Oid, d: &Datum, typmod: i32, _explicit: bool) -> Option<PgResult<Datum>> {
    let r = match (typ, d) {
        (oids::TIME, Datum::Time(v)) => Ok(Datum::Time(adjust_time(*v, typmod))),
        (oids::TIMETZ, Datum::TimeTz(t, z)) => Ok(Datum::TimeTz(adjust_time(*t, typmod), *z)),
        (oids::TIMESTAMP, Datum::Timestamp(v)) => {
            Ok(Datum::Timestamp(adjust_timestamp(*v, typmod)))
        }
        (oids::TIMESTAMPTZ, Datum::TimestampTz(v)) => {
            Ok(Datum::TimestampTz(adjust_timestamp(*v, typmod)))
        }
        (oids::INTERVAL, Datum::Interval(iv)) => adjust_interval(*iv, typmod).map(Datum::Interval),
        (
            oids::DATE
            | oids::TIME
            | oids::TIMETZ
            | oids::TIMESTAMP
            | oids::TIMESTAMPTZ
            | oids::INTERVAL,
            _,
        ) => Ok(d.clone()),
        _ => return None,
    };
    Some(r)
}

/// Largest time-zone displacement accepted (15:59:59).
pub const MAX_TZDISP: i32 = 15 * 3600 + 59 * 60 + 59;

// ---------------------------------------------------------------------------------------------
// typmods

/// Typmod for time/timetz/timestamp/timestamptz(precision): precision itself, capped at 6.
pub fn time_typmod(precision: i32) -> PgResult<i32> {
    if precision < 0 {
        return Err(common::pg_err!(
            INVALID_PARAMETER_VALUE,
            "TIME({}) precision must not be negative",
            precision
        ));
    }
    Ok(precision.min(6))
}

/// Interval range bits of a field name (PostgreSQL's INTERVAL_MASK).
fn interval_field_mask(f: &str) -> Option<i32> {
    Some(match f.to_ascii_lowercase().as_str() {
        "year" => imask(YEAR),
        "month" => imask(MONTH),
        "day" => imask(DAY),
        "hour" => imask(HOUR),
        "minute" => imask(MINUTE),
        "second" => imask(SECOND),
        _ => return None,
    })
}

/// Typmod of INTERVAL [fields] [(precision)]: `fields` is empty, one field, or [from, to].
pub fn interval_typmod(fields: &[&str], precision: Option<i32>) -> PgResult<i32> {
    let bad = || common::pg_err!(SYNTAX_ERROR, "invalid INTERVAL type modifier");
    let range = match fields {
        [] => INTERVAL_FULL_RANGE,
        [one] => interval_field_mask(one).ok_or_else(bad)?,
        [from, to] => {
            let f = interval_field_mask(from).ok_or_else(bad)?;
            let t = interval_field_mask(to).ok_or_else(bad)?;
            let y = imask(YEAR);
            let mo = imask(MONTH);
            let d = imask(DAY);
            let h = imask(HOUR);
            let mi = imask(MINUTE);
            let s = imask(SECOND);
            match (f, t) {
                (a, b) if a == y && b == mo => y | mo,
                (a, b) if a == d && b == h => d | h,
                (a, b) if a == d && b == mi => d | h | mi,
                (a, b) if a == d && b == s => d | h | mi | s,
                (a, b) if a == h && b == mi => h | mi,
                (a, b) if a == h && b == s => h | mi | s,
                (a, b) if a == mi && b == s => mi | s,
                _ => return Err(bad()),
            }
        }
        _ => return Err(bad()),
    };
    let prec = match precision {
        None => 0xFFFF,
        Some(p) => {
            if range != INTERVAL_FULL_RANGE && range & imask(SECOND) == 0 {
                return Err(bad());
            }
            if p < 0 {
                return Err(common::pg_err!(
                    INVALID_PARAMETER_VALUE,
                    "INTERVAL({}) precision must not be negative",
                    p
                ));
            }
            p.min(6)
        }
    };
    Ok((range << 16) | prec)
}

fn round_to_precision(v: i64, typmod: i32) -> i64 {
    if !(0..6).contains(&typmod) {
        return v;
    }
    let scale = 10i64.pow((6 - typmod) as u32);
    let off = scale / 2;
    if v >= 0 {
        (v.saturating_add(off) / scale) * scale
    } else {
        -((v.saturating_neg().saturating_add(off) / scale) * scale)
    }
}

pub fn adjust_timestamp(v: i64, typmod: i32) -> i64 {
    if v == TIMESTAMP_NOBEGIN || v == TIMESTAMP_NOEND {
        return v;
    }
    round_to_precision(v, typmod)
}

pub fn adjust_time(v: i64, typmod: i32) -> i64 {
    round_to_precision(v, typmod)
}

pub fn adjust_interval(mut iv: Interval, typmod: i32) -> PgResult<Interval> {
    if typmod < 0 {
        return Ok(iv);
    }
    let range = (typmod >> 16) & 0x7FFF;
    let precision = typmod & 0xFFFF;
    let y = imask(YEAR);
    let mo = imask(MONTH);
    let d = imask(DAY);
    let h = imask(HOUR);
    let mi = imask(MINUTE);
    let s = imask(SECOND);
    if range == INTERVAL_FULL_RANGE {
    } else if range == y {
        iv.months = (iv.months / 12) * 12;
        iv.days = 0;
        iv.micros = 0;
    } else if range == mo || range == y | mo {
        iv.days = 0;
        iv.micros = 0;
    } else if range == d {
        iv.micros = 0;
    } else if range == h || range == d | h {
        iv.micros = (iv.micros / USECS_PER_HOUR) * USECS_PER_HOUR;
    } else if range == mi || range == d | h | mi || range == h | mi {
        iv.micros = (iv.micros / USECS_PER_MINUTE) * USECS_PER_MINUTE;
    } else if range == s || range == d | h | mi | s || range == h | mi | s || range == mi | s {
    } else {
        return Err(PgError::internal(format!(
            "unrecognized interval typmod: {typmod}"
        )));
    }
    if precision != 0xFFFF {
        iv.micros = round_to_precision(iv.micros, precision.min(6));
    }
    Ok(iv)
}

// ---------------------------------------------------------------------------------------------
// Text input

fn parse_fields_for(s: &str, typname: &str) -> PgResult<Vec<(String, Ft)>> {
    parse_fields(s).map_err(|e| parse_error(e, s, typname))
}

pub fn date_in(s: &str, env: &SessionEnv) -> PgResult<i32> {
    let fields = parse_fields_for(s, "date")?;
    let (dtype, mut tm, _) =
        decode_date_time(&fields, env, true).map_err(|e| parse_error(e, s, "date"))?;
    match dtype {
        DType::Date => {}
        DType::Epoch => {
            tm = Tm {
                year: 1970,
                mon: 1,
                mday: 1,
                ..Default::default()
            }
        }
        DType::Late => return Ok(DATE_NOEND),
        DType::Early => return Ok(DATE_NOBEGIN),
        DType::Invalid => {
            return Err(common::pg_err!(
                FEATURE_NOT_SUPPORTED,
                "date/time value \"{}\" is no longer supported",
                s
            ))
        }
        _ => return Err(parse_error(DtErr::BadFormat, s, "date")),
    }
    let oor = || common::pg_err!(DATETIME_FIELD_OVERFLOW, "date out of range: \"{}\"", s);
    if !valid_julian(tm.year, tm.mon, tm.mday) {
        return Err(oor());
    }
    let d = date2j(tm.year, tm.mon, tm.mday) - POSTGRES_EPOCH_JDATE as i64;
    if !valid_date(d) {
        return Err(oor());
    }
    Ok(d as i32)
}

pub fn time_in(s: &str, typmod: i32, env: &SessionEnv) -> PgResult<i64> {
    let fields = parse_fields_for(s, "time")?;
    let (tm, _) = decode_time_only(&fields, env).map_err(|e| parse_error(e, s, "time"))?;
    Ok(adjust_time(
        time2t(tm.hour, tm.min, tm.sec, tm.fsec),
        typmod,
    ))
}

pub fn timetz_in(s: &str, typmod: i32, env: &SessionEnv) -> PgResult<(i64, i32)> {
    let tn = "time with time zone";
    let fields = parse_fields_for(s, tn)?;
    let (tm, tz) = decode_time_only(&fields, env).map_err(|e| parse_error(e, s, tn))?;
    Ok((
        adjust_time(time2t(tm.hour, tm.min, tm.sec, tm.fsec), typmod),
        tz,
    ))
}

fn timestamp_in_common(s: &str, typmod: i32, env: &SessionEnv, with_tz: bool) -> PgResult<i64> {
    let tn = if with_tz {
        "timestamp with time zone"
    } else {
        "timestamp"
    };
    if let Some(v) = fast::iso_timestamp(s, with_tz) {
        return Ok(adjust_timestamp(v, typmod));
    }
    timestamp_in_general(s, typmod, env, with_tz, tn)
}

/// Timestamp input through the general date/time parser (every accepted spelling).
fn timestamp_in_general(
    s: &str,
    typmod: i32,
    env: &SessionEnv,
    with_tz: bool,
    tn: &str,
) -> PgResult<i64> {
    let fields = parse_fields_for(s, tn)?;
    let (dtype, tm, tz) =
        decode_date_time(&fields, env, true).map_err(|e| parse_error(e, s, tn))?;
    let v = match dtype {
        DType::Date => tm2timestamp(&tm, if with_tz { Some(tz) } else { None }).map_err(|_| {
            common::pg_err!(DATETIME_FIELD_OVERFLOW, "timestamp out of range: \"{}\"", s)
        })?,
        DType::Epoch => -EPOCH_DIFF_SECS * USECS_PER_SEC,
        DType::Late => TIMESTAMP_NOEND,
        DType::Early => TIMESTAMP_NOBEGIN,
        DType::Invalid => {
            return Err(common::pg_err!(
                FEATURE_NOT_SUPPORTED,
                "date/time value \"{}\" is no longer supported",
                s
            ))
        }
        _ => return Err(parse_error(DtErr::BadFormat, s, tn)),
    };
    Ok(adjust_timestamp(v, typmod))
}

pub fn timestamp_in(s: &str, typmod: i32, env: &SessionEnv) -> PgResult<i64> {
    timestamp_in_common(s, typmod, env, false)
}

pub fn timestamptz_in(s: &str, typmod: i32, env: &SessionEnv) -> PgResult<i64> {
    timestamp_in_common(s, typmod, env, true)
}

/// tm2interval with overflow checking.
pub fn tm2interval(tm: &Tm) -> Option<Interval> {
    let months = (tm.year as i64)
        .checked_mul(12)?
        .checked_add(tm.mon as i64)?;
    let months = i32::try_from(months).ok()?;
    let micros = ((tm.hour as i64 * 60 + tm.min as i64) * 60 + tm.sec as i64)
        .checked_mul(USECS_PER_SEC)?
        .checked_add(tm.fsec)?;
    Some(Interval {
        months,
        days: tm.mday,
        micros,
    })
}

pub fn interval_in(s: &str, typmod: i32, env: &SessionEnv) -> PgResult<Interval> {
    let range = if typmod >= 0 {
        (typmod >> 16) & 0x7FFF
    } else {
        INTERVAL_FULL_RANGE
    };
    let r = parse_fields(s).and_then(|f| decode_interval(&f, range, env.interval_style));
    let r = match r {
        Err(DtErr::BadFormat) => decode_iso8601_interval(s).map(|tm| (DType::Delta, tm)),
        other => other,
    };
    let (dtype, tm) = r.map_err(|e| {
        let e = match e {
            DtErr::FieldOverflow => DtErr::IntervalOverflow,
            e => e,
        };
        parse_error(e, s, "interval")
    })?;
    match dtype {
        DType::Delta => {}
        DType::Invalid => {
            return Err(common::pg_err!(
                FEATURE_NOT_SUPPORTED,
                "date/time value \"{}\" is no longer supported",
                s
            ))
        }
        _ => return Err(parse_error(DtErr::BadFormat, s, "interval")),
    }
    let iv = tm2interval(&tm).ok_or_else(interval_out_of_range)?;
    adjust_interval(iv, typmod)
}

// ---------------------------------------------------------------------------------------------
// Text output

pub fn date_out(d: i32, env: &SessionEnv, out: &mut String) {
    if d == DATE_NOBEGIN {
        out.push_str("-infinity");
        return;
    }
    if d == DATE_NOEND {
        out.push_str("infinity");
        return;
    }
    let (y, m, dd) = j2date(d as i64 + POSTGRES_EPOCH_JDATE as i64);
    let tm = Tm {
        year: y,
        mon: m,
        mday: dd,
        ..Default::default()
    };
    encode::encode_date_only(out, &tm, env.date_style, env.date_order);
}

pub fn time_out(t: i64, out: &mut String) {
    let (h, m, s, f) = dt2time(t);
    let tm = Tm {
        hour: h,
        min: m,
        sec: s,
        fsec: f,
        ..Default::default()
    };
    encode::encode_time_only(out, &tm, None);
}

pub fn timetz_out(t: i64, z: i32, out: &mut String) {
    let (h, m, s, f) = dt2time(t);
    let tm = Tm {
        hour: h,
        min: m,
        sec: s,
        fsec: f,
        ..Default::default()
    };
    encode::encode_time_only(out, &tm, Some(z));
}

pub fn timestamp_out(v: i64, env: &SessionEnv, out: &mut String) -> PgResult<()> {
    if v == TIMESTAMP_NOBEGIN {
        out.push_str("-infinity");
    } else if v == TIMESTAMP_NOEND {
        out.push_str("infinity");
    } else {
        let (tm, _) = ts_ok(timestamp2tm(v, None))?;
        encode::encode_date_time(out, &tm, None, env.date_style, env.date_order);
    }
    Ok(())
}

pub fn timestamptz_out(v: i64, env: &SessionEnv, out: &mut String) -> PgResult<()> {
    if v == TIMESTAMP_NOBEGIN {
        out.push_str("-infinity");
    } else if v == TIMESTAMP_NOEND {
        out.push_str("infinity");
    } else {
        let (tm, tz) = ts_ok(timestamp2tm(v, Some(&env.timezone)))?;
        encode::encode_date_time(
            out,
            &tm,
            Some((tz, tm.zone.as_deref())),
            env.date_style,
            env.date_order,
        );
    }
    Ok(())
}

#[cfg(test)]
mod fast_tests;
#[cfg(test)]
mod tests;
