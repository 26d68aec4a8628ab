//! Date/time text output for every DateStyle and IntervalStyle (PostgreSQL's EncodeDateOnly,
//! EncodeTimeOnly, EncodeDateTime, EncodeInterval).

use super::calc::*;
use crate::env::{DateOrder, DateStyle, IntervalStyle};
use crate::Interval;
use std::fmt::Write;

fn year_out(y: i32) -> i32 {
    if y > 0 {
        y
    } else {
        -(y - 1)
    }
}

/// Seconds with fractional part trimmed of trailing zeros (AppendSeconds).
pub fn append_seconds(out: &mut String, sec: i32, fsec: i64, fill: bool) {
    let s = sec.unsigned_abs();
    if fill {
        let _ = write!(out, "{s:02}");
    } else {
        let _ = write!(out, "{s}");
    }
    if fsec != 0 {
        let f = format!("{:06}", fsec.unsigned_abs());
        out.push('.');
        out.push_str(f.trim_end_matches('0'));
    }
}

/// EncodeTimezone: "+hh[:mm[:ss]]" for a zone `tz` seconds west.
pub fn encode_timezone(out: &mut String, tz: i32) {
    let a = tz.unsigned_abs();
    let sec = a % 60;
    let min = (a / 60) % 60;
    let hour = a / 3600;
    out.push(if tz <= 0 { '+' } else { '-' });
    if sec != 0 {
        let _ = write!(out, "{hour:02}:{min:02}:{sec:02}");
    } else if min != 0 {
        let _ = write!(out, "{hour:02}:{min:02}");
    } else {
        let _ = write!(out, "{hour:02}");
    }
}

pub fn encode_date_only(out: &mut String, tm: &Tm, style: DateStyle, order: DateOrder) {
    let y = year_out(tm.year);
    match style {
        DateStyle::Iso => {
            let _ = write!(out, "{:04}-{:02}-{:02}", y, tm.mon, tm.mday);
        }
        DateStyle::Sql => {
            if order == DateOrder::Dmy {
                let _ = write!(out, "{:02}/{:02}", tm.mday, tm.mon);
            } else {
                let _ = write!(out, "{:02}/{:02}", tm.mon, tm.mday);
            }
            let _ = write!(out, "/{y:04}");
        }
        DateStyle::German => {
            let _ = write!(out, "{:02}.{:02}.{:04}", tm.mday, tm.mon, y);
        }
        DateStyle::Postgres => {
            if order == DateOrder::Dmy {
                let _ = write!(out, "{:02}-{:02}", tm.mday, tm.mon);
            } else {
                let _ = write!(out, "{:02}-{:02}", tm.mon, tm.mday);
            }
            let _ = write!(out, "-{y:04}");
        }
    }
    if tm.year <= 0 {
        out.push_str(" BC");
    }
}

pub fn encode_time_only(out: &mut String, tm: &Tm, tz: Option<i32>) {
    let _ = write!(out, "{:02}:{:02}:", tm.hour, tm.min);
    append_seconds(out, tm.sec, tm.fsec, true);
    if let Some(tz) = tz {
        encode_timezone(out, tz);
    }
}

/// EncodeDateTime. `tz` is Some((offset seconds west, abbreviation)) for timestamptz.
pub fn encode_date_time(
    out: &mut String,
    tm: &Tm,
    tz: Option<(i32, Option<&str>)>,
    style: DateStyle,
    order: DateOrder,
) {
    let y = year_out(tm.year);
    let mon_idx = (tm.mon.clamp(1, 12) - 1) as usize;
    match style {
        DateStyle::Iso => {
            let _ = write!(
                out,
                "{:04}-{:02}-{:02} {:02}:{:02}:",
                y, tm.mon, tm.mday, tm.hour, tm.min
            );
            append_seconds(out, tm.sec, tm.fsec, true);
            if let Some((off, _)) = tz {
                encode_timezone(out, off);
            }
        }
        DateStyle::Sql | DateStyle::German => {
            if style == DateStyle::German {
                let _ = write!(out, "{:02}.{:02}.{:04}", tm.mday, tm.mon, y);
            } else if order == DateOrder::Dmy {
                let _ = write!(out, "{:02}/{:02}/{:04}", tm.mday, tm.mon, y);
            } else {
                let _ = write!(out, "{:02}/{:02}/{:04}", tm.mon, tm.mday, y);
            }
            let _ = write!(out, " {:02}:{:02}:", tm.hour, tm.min);
            append_seconds(out, tm.sec, tm.fsec, true);
            if let Some((off, abbr)) = tz {
                match abbr {
                    Some(a) => {
                        out.push(' ');
                        out.push_str(a);
                    }
                    None => encode_timezone(out, off),
                }
            }
        }
        DateStyle::Postgres => {
            let wd = j2day(date2j(tm.year, tm.mon, tm.mday)) as usize;
            out.push_str(DAY_NAMES[wd]);
            out.push(' ');
            if order == DateOrder::Dmy {
                let _ = write!(out, "{:02} {}", tm.mday, MONTH_NAMES[mon_idx]);
            } else {
                let _ = write!(out, "{} {:02}", MONTH_NAMES[mon_idx], tm.mday);
            }
            let _ = write!(out, " {:02}:{:02}:", tm.hour, tm.min);
            append_seconds(out, tm.sec, tm.fsec, true);
            let _ = write!(out, " {y:04}");
            if let Some((off, abbr)) = tz {
                out.push(' ');
                match abbr {
                    Some(a) => out.push_str(a),
                    None => encode_timezone(out, off),
                }
            }
        }
    }
    if tm.year <= 0 {
        out.push_str(" BC");
    }
}

/// interval2tm: split an interval into its display components.
pub fn interval2tm(iv: &Interval) -> Tm {
    let mut t = iv.micros;
    let hour = t / USECS_PER_HOUR;
    t -= hour * USECS_PER_HOUR;
    let min = t / USECS_PER_MINUTE;
    t -= min * USECS_PER_MINUTE;
    let sec = t / USECS_PER_SEC;
    Tm {
        year: iv.months / 12,
        mon: iv.months % 12,
        mday: iv.days,
        hour: hour as i32,
        min: min as i32,
        sec: sec as i32,
        fsec: t - sec * USECS_PER_SEC,
        ..Default::default()
    }
}

/// EncodeInterval. Hours may exceed i32 for huge intervals, so they are kept as i64.
pub fn encode_interval(out: &mut String, iv: &Interval, style: IntervalStyle) {
    let tm = interval2tm(iv);
    let (year, mon, mday) = (tm.year as i64, tm.mon as i64, tm.mday as i64);
    let hour = iv.micros / USECS_PER_HOUR;
    let (min, sec, fsec) = (tm.min as i64, tm.sec as i64, tm.fsec);
    match style {
        IntervalStyle::SqlStandard => {
            let has_neg =
                year < 0 || mon < 0 || mday < 0 || hour < 0 || min < 0 || sec < 0 || fsec < 0;
            let has_pos =
                year > 0 || mon > 0 || mday > 0 || hour > 0 || min > 0 || sec > 0 || fsec > 0;
            let has_ym = year != 0 || mon != 0;
            let has_dt = mday != 0 || hour != 0 || min != 0 || sec != 0 || fsec != 0;
            let has_day = mday != 0;
            let mixed_sign = has_neg && has_pos;
            let mixed_kind = has_ym && has_dt;
            let sql_value = !mixed_sign && !mixed_kind;
            let (mut year, mut mon, mut mday, mut hour, mut min, mut sec, mut fsec) =
                (year, mon, mday, hour, min, sec, fsec);
            if has_neg && sql_value {
                out.push('-');
                year = -year;
                mon = -mon;
                mday = -mday;
                hour = -hour;
                min = -min;
                sec = -sec;
                fsec = -fsec;
            }
            if !has_neg && !has_pos {
                out.push('0');
            } else if !sql_value {
                let ys = if year < 0 || mon < 0 { '-' } else { '+' };
                let ds = if mday < 0 { '-' } else { '+' };
                let ss = if hour < 0 || min < 0 || sec < 0 || fsec < 0 {
                    '-'
                } else {
                    '+'
                };
                let _ = write!(
                    out,
                    "{}{}-{} {}{} {}{}:{:02}:",
                    ys,
                    year.abs(),
                    mon.abs(),
                    ds,
                    mday.abs(),
                    ss,
                    hour.abs(),
                    min.abs()
                );
                append_seconds(out, sec as i32, fsec, true);
            } else if has_ym {
                let _ = write!(out, "{year}-{mon}");
            } else if has_day {
                let _ = write!(out, "{mday} {hour}:{min:02}:");
                append_seconds(out, sec as i32, fsec, true);
            } else {
                let _ = write!(out, "{hour}:{min:02}:");
                append_seconds(out, sec as i32, fsec, true);
            }
        }
        IntervalStyle::Iso8601 => {
            if year == 0 && mon == 0 && mday == 0 && hour == 0 && min == 0 && sec == 0 && fsec == 0
            {
                out.push_str("PT0S");
                return;
            }
            out.push('P');
            let part = |out: &mut String, v: i64, u: char| {
                if v != 0 {
                    let _ = write!(out, "{v}{u}");
                }
            };
            part(out, year, 'Y');
            part(out, mon, 'M');
            part(out, mday, 'D');
            if hour != 0 || min != 0 || sec != 0 || fsec != 0 {
                out.push('T');
            }
            part(out, hour, 'H');
            part(out, min, 'M');
            if sec != 0 || fsec != 0 {
                if sec < 0 || fsec < 0 {
                    out.push('-');
                }
                append_seconds(out, sec as i32, fsec, false);
                out.push('S');
            }
        }
        IntervalStyle::Postgres => {
            let mut is_zero = true;
            let mut is_before = false;
            let mut part = |out: &mut String, v: i64, unit: &str| {
                if v == 0 {
                    return;
                }
                let _ = write!(
                    out,
                    "{}{}{} {}{}",
                    if !is_zero { " " } else { "" },
                    if is_before && v > 0 { "+" } else { "" },
                    v,
                    unit,
                    if v != 1 { "s" } else { "" }
                );
                is_before = v < 0;
                is_zero = false;
            };
            part(out, year, "year");
            part(out, mon, "mon");
            part(out, mday, "day");
            if is_zero || hour != 0 || min != 0 || sec != 0 || fsec != 0 {
                let minus = hour < 0 || min < 0 || sec < 0 || fsec < 0;
                let _ = write!(
                    out,
                    "{}{}{:02}:{:02}:",
                    if is_zero { "" } else { " " },
                    if minus {
                        "-"
                    } else if is_before {
                        "+"
                    } else {
                        ""
                    },
                    hour.abs(),
                    min.abs()
                );
                append_seconds(out, sec as i32, fsec, true);
            }
        }
        IntervalStyle::PostgresVerbose => {
            out.push('@');
            let mut is_zero = true;
            let mut is_before = false;
            let mut part = |out: &mut String, v: i64, unit: &str| {
                if v == 0 {
                    return;
                }
                let mut v = v;
                if is_zero {
                    is_before = v < 0;
                    v = v.abs();
                } else if is_before {
                    v = -v;
                }
                let _ = write!(out, " {} {}{}", v, unit, if v == 1 { "" } else { "s" });
                is_zero = false;
            };
            part(out, year, "year");
            part(out, mon, "mon");
            part(out, mday, "day");
            part(out, hour, "hour");
            part(out, min, "min");
            if sec != 0 || fsec != 0 {
                out.push(' ');
                if sec < 0 || (sec == 0 && fsec < 0) {
                    if is_zero {
                        is_before = true;
                    } else if !is_before {
                        out.push('-');
                    }
                } else if is_before {
                    out.push('-');
                }
                append_seconds(out, sec as i32, fsec, false);
                let _ = write!(
                    out,
                    " sec{}",
                    if sec.abs() != 1 || fsec != 0 { "s" } else { "" }
                );
                is_zero = false;
            }
            if is_zero {
                out.push_str(" 0");
            }
            if is_before {
                out.push_str(" ago");
            }
        }
    }
}
