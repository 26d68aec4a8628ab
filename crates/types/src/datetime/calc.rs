//! Calendar arithmetic shared by the date/time types: Julian day conversions, the broken-down
//! `Tm` value, conversions between timestamps and `Tm` (with the session or a named time zone,
//! resolved through jiff), and the error kinds of the date/time parser.

use crate::SessionEnv;
use common::{PgError, PgResult};
use jiff::tz::{AmbiguousOffset, TimeZone};

pub const USECS_PER_SEC: i64 = 1_000_000;
pub const USECS_PER_MINUTE: i64 = 60 * USECS_PER_SEC;
pub const USECS_PER_HOUR: i64 = 60 * USECS_PER_MINUTE;
pub const USECS_PER_DAY: i64 = 24 * USECS_PER_HOUR;
pub const SECS_PER_DAY: i64 = 86_400;
pub const DAYS_PER_MONTH: i64 = 30;
pub const POSTGRES_EPOCH_JDATE: i32 = 2_451_545;
pub const UNIX_EPOCH_JDATE: i32 = 2_440_588;
/// Lowest valid timestamp: 4714-11-24 00:00:00 BC (Julian day 0).
pub const MIN_TIMESTAMP: i64 = -211_813_488_000_000_000;
/// First timestamp past the valid range: 294277-01-01 00:00:00.
pub const END_TIMESTAMP: i64 = 9_223_371_331_200_000_000;
pub const DATE_END_JULIAN: i64 = 2_147_483_494;
pub const TIMESTAMP_NOBEGIN: i64 = i64::MIN;
pub const TIMESTAMP_NOEND: i64 = i64::MAX;
pub const DATE_NOBEGIN: i32 = i32::MIN;
pub const DATE_NOEND: i32 = i32::MAX;
/// Offset between the PostgreSQL and Unix epochs in seconds.
pub const EPOCH_DIFF_SECS: i64 = (POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE) as i64 * SECS_PER_DAY;

pub const MONTH_NAMES: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
pub const DAY_NAMES: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
pub const FULL_MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
pub const FULL_DAY_NAMES: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

/// A broken-down date and time. Years are astronomical (1 BC is year 0); months 1..12.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tm {
    pub year: i32,
    pub mon: i32,
    pub mday: i32,
    pub hour: i32,
    pub min: i32,
    pub sec: i32,
    /// Fractional seconds in microseconds.
    pub fsec: i64,
    /// Day of year (1-based), only used while parsing.
    pub yday: i32,
    /// -1 unknown, 0 standard, 1 daylight.
    pub isdst: i32,
    /// Offset in seconds east of UTC (output only).
    pub gmtoff: i32,
    /// Zone abbreviation (output only).
    pub zone: Option<String>,
}

pub fn is_leap(y: i32) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

pub fn days_in_month(y: i32, m: i32) -> i32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 => {
            if is_leap(y) {
                29
            } else {
                28
            }
        }
        _ => 0,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (astronomical years).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Julian day number of a date.
pub fn date2j(y: i32, m: i32, d: i32) -> i64 {
    days_from_civil(y as i64, m as i64, d as i64) + UNIX_EPOCH_JDATE as i64
}

/// Date of a Julian day number.
pub fn j2date(j: i64) -> (i32, i32, i32) {
    let (y, m, d) = civil_from_days(j - UNIX_EPOCH_JDATE as i64);
    (y as i32, m as i32, d as i32)
}

/// Day of week (0 = Sunday) of a Julian day.
pub fn j2day(j: i64) -> i32 {
    (j + 1).rem_euclid(7) as i32
}

/// PostgreSQL's IS_VALID_JULIAN: 4714-11 BC up to 5874898-05.
pub fn valid_julian(y: i32, m: i32, d: i32) -> bool {
    // Like PostgreSQL's IS_VALID_JULIAN, only the month is checked at the low end; the final
    // timestamp/date range checks catch the rest.
    let _ = d;
    (y > -4713 || (y == -4713 && m >= 11)) && (y < 5_874_898 || (y == 5_874_898 && m < 6))
}

pub fn valid_timestamp(t: i64) -> bool {
    (MIN_TIMESTAMP..END_TIMESTAMP).contains(&t)
}

pub fn valid_date(d: i64) -> bool {
    let lo = -(POSTGRES_EPOCH_JDATE as i64);
    let hi = DATE_END_JULIAN - POSTGRES_EPOCH_JDATE as i64;
    (lo..hi).contains(&d)
}

pub fn time2t(h: i32, m: i32, s: i32, fsec: i64) -> i64 {
    ((h as i64 * 60 + m as i64) * 60 + s as i64) * USECS_PER_SEC + fsec
}

/// Split µs-of-day into (hour, min, sec, fsec).
pub fn dt2time(t: i64) -> (i32, i32, i32, i64) {
    let h = t / USECS_PER_HOUR;
    let t = t - h * USECS_PER_HOUR;
    let m = t / USECS_PER_MINUTE;
    let t = t - m * USECS_PER_MINUTE;
    let s = t / USECS_PER_SEC;
    (h as i32, m as i32, s as i32, t - s * USECS_PER_SEC)
}

// ---------------------------------------------------------------------------------------------
// Time zones

/// Seconds in 400 Gregorian years (the calendar repeats exactly).
const SECS_400Y: i64 = 146_097 * SECS_PER_DAY;

/// Offset info (seconds east of UTC, is_dst, abbreviation) of `tz` at Unix second `unix`.
pub fn tz_info_at(tz: &TimeZone, unix: i64) -> (i32, bool, String) {
    // jiff covers years -9999..9999; shift by whole 400-year cycles into range.
    let lo = -377_705_116_800i64 + SECS_PER_DAY * 2; // about -9999-01-03
    let hi = 253_402_207_200i64 - SECS_PER_DAY * 2; // about 9999-12-29
    let mut u = unix;
    if u < lo {
        let k = (lo - u) / SECS_400Y + 1;
        u += k * SECS_400Y;
    } else if u > hi {
        let k = (u - hi) / SECS_400Y + 1;
        u -= k * SECS_400Y;
    }
    match jiff::Timestamp::from_second(u) {
        Ok(ts) => {
            let info = tz.to_offset_info(ts);
            (
                info.offset().seconds(),
                info.dst().is_dst(),
                info.abbreviation().to_string(),
            )
        }
        Err(_) => (0, false, "UTC".to_string()),
    }
}

/// PostgreSQL's DetermineTimeZoneOffset: the zone offset (seconds *west* of UTC, PG's sign) that
/// applies to local time `tm` in `tz`. In a spring-forward gap the earlier offset is used; for a
/// repeated (fall-back) local time the later (standard) one. Sets `tm.isdst`.
pub fn determine_tz_offset(tm: &mut Tm, tz: &TimeZone) -> i32 {
    let mut year = tm.year as i64;
    if year > 9000 {
        year -= ((year - 9000) / 400 + 1) * 400;
    } else if year < -9000 {
        year += ((-9000 - year) / 400 + 1) * 400;
    }
    let civil_secs = days_from_civil(year, tm.mon as i64, 1) * SECS_PER_DAY
        + (tm.mday as i64 - 1) * SECS_PER_DAY
        + tm.hour as i64 * 3600
        + tm.min as i64 * 60
        + tm.sec as i64;
    let Ok(ts) = jiff::Timestamp::from_second(civil_secs) else {
        tm.isdst = 0;
        return 0;
    };
    let dt = jiff::tz::Offset::UTC.to_datetime(ts);
    let off = match tz.to_ambiguous_timestamp(dt).offset() {
        AmbiguousOffset::Unambiguous { offset } => offset,
        AmbiguousOffset::Gap { before, .. } => before,
        AmbiguousOffset::Fold { after, .. } => after,
    };
    let secs = off.seconds();
    let (_, dst, _) = tz_info_at(tz, civil_secs - secs as i64);
    tm.isdst = dst as i32;
    -secs
}

/// Resolve a time-zone name (as PostgreSQL's pg_tzset: IANA names case-insensitively, then
/// POSIX TZ specs such as "PST8PDT" or "GMT+8").
pub fn lookup_zone(name: &str) -> Option<TimeZone> {
    if name.is_empty() || name.len() > 255 {
        return None;
    }
    if let Ok(tz) = TimeZone::get(name) {
        return Some(tz);
    }
    let lower = name.to_ascii_lowercase();
    if lower == "utc" || lower == "gmt" || lower == "z" || lower == "zulu" {
        return Some(TimeZone::UTC);
    }
    // POSIX-style spec: alphabetic abbreviation followed by an offset.
    let first = name.chars().next()?;
    if first.is_ascii_alphabetic() || first == '<' {
        let upper = name.to_ascii_uppercase();
        if upper.bytes().any(|b| b.is_ascii_digit()) {
            // A DST zone without transition rules gets the US rules, as PostgreSQL's
            // "posixrules" default does (e.g. "CST7CDT").
            if !upper.contains(',') && upper.ends_with(|c: char| c.is_ascii_alphabetic()) {
                if let Ok(tz) = TimeZone::posix(&format!("{upper},M3.2.0,M11.1.0")) {
                    return Some(tz);
                }
            }
            if let Ok(tz) = TimeZone::posix(&upper) {
                return Some(tz);
            }
        }
    }
    None
}

/// Offset (seconds west) meant by a zone abbreviation used in zone `tz` around local time `tm`
/// (PostgreSQL's DetermineTimeZoneAbbrevOffset): the meaning at the most recent transition to
/// that abbreviation, else the zone's offset at that time.
pub fn determine_abbrev_offset(tm: &mut Tm, abbrev: &str, tz: &TimeZone) -> i32 {
    let zone_offset = determine_tz_offset(tm, tz);
    let civil = days_from_civil(tm.year as i64, tm.mon as i64, 1) * SECS_PER_DAY
        + (tm.mday as i64 - 1) * SECS_PER_DAY
        + tm.hour as i64 * 3600
        + tm.min as i64 * 60
        + tm.sec as i64;
    match abbrev_offset_at(tz, abbrev, civil + zone_offset as i64) {
        Some((off, dst)) => {
            tm.isdst = dst as i32;
            -off
        }
        None => zone_offset,
    }
}

/// (offset east, is_dst) of the most recent transition at or before Unix second `unix` whose
/// abbreviation is `abbrev`.
pub fn abbrev_offset_at(tz: &TimeZone, abbrev: &str, unix: i64) -> Option<(i32, bool)> {
    let ts = jiff::Timestamp::from_second(unix.saturating_add(1)).ok()?;
    for tr in tz.preceding(ts).take(2000) {
        if tr.abbreviation().eq_ignore_ascii_case(abbrev) {
            return Some((tr.offset().seconds(), tr.dst().is_dst()));
        }
    }
    // Before the first transition (or a zone without transitions): check the current info.
    let (off, dst, ab) = tz_info_at(tz, unix);
    if ab.eq_ignore_ascii_case(abbrev) {
        return Some((off, dst));
    }
    None
}

/// Break a timestamp down; with `tz` given, rotate into that zone first and report the offset
/// (seconds west) and abbreviation in the result. Err(()) when out of the representable range.
#[allow(clippy::result_unit_err)]
pub fn timestamp2tm(dt: i64, tz: Option<&TimeZone>) -> Result<(Tm, i32), ()> {
    // Range check on the UTC date, as PostgreSQL does before rotating into the zone.
    let jd = dt.div_euclid(USECS_PER_DAY) + POSTGRES_EPOCH_JDATE as i64;
    if jd < 0 || jd > i32::MAX as i64 {
        return Err(());
    }
    let mut local = dt;
    let mut offset_west = 0;
    let mut zone = None;
    let mut isdst = -1;
    let mut gmtoff = 0;
    if let Some(tz) = tz {
        let unix = dt.div_euclid(USECS_PER_SEC) + EPOCH_DIFF_SECS;
        let (off, dst, abbr) = tz_info_at(tz, unix);
        offset_west = -off;
        gmtoff = off;
        isdst = dst as i32;
        zone = Some(abbr);
        local = dt.checked_add(off as i64 * USECS_PER_SEC).ok_or(())?;
    }
    let date = local.div_euclid(USECS_PER_DAY);
    let time = local.rem_euclid(USECS_PER_DAY);
    let (y, m, d) = j2date(date + POSTGRES_EPOCH_JDATE as i64);
    let (h, mi, s, f) = dt2time(time);
    Ok((
        Tm {
            year: y,
            mon: m,
            mday: d,
            hour: h,
            min: mi,
            sec: s,
            fsec: f,
            yday: 0,
            isdst,
            gmtoff,
            zone,
        },
        offset_west,
    ))
}

/// Assemble a timestamp from `tm`; with `tz` (seconds west) convert local to UTC.
#[allow(clippy::result_unit_err)]
pub fn tm2timestamp(tm: &Tm, tz: Option<i32>) -> Result<i64, ()> {
    if !valid_julian(tm.year, tm.mon, tm.mday) {
        return Err(());
    }
    let date = date2j(tm.year, tm.mon, tm.mday) - POSTGRES_EPOCH_JDATE as i64;
    let time = time2t(tm.hour, tm.min, tm.sec, tm.fsec);
    let mut r = date
        .checked_mul(USECS_PER_DAY)
        .and_then(|v| v.checked_add(time))
        .ok_or(())?;
    if (r < 0 && date > 0) || (r > 0 && date < -1) {
        return Err(());
    }
    if let Some(tz) = tz {
        r = r.checked_add(tz as i64 * USECS_PER_SEC).ok_or(())?;
    }
    if !valid_timestamp(r) {
        return Err(());
    }
    Ok(r)
}

/// The session's local broken-down time at transaction start.
pub fn current_tm(env: &SessionEnv) -> (Tm, i32) {
    timestamp2tm(env.transaction_timestamp, Some(&env.timezone)).unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// Errors

/// Parser failure kinds (PostgreSQL's DTERR_*), turned into messages by `parse_error`.
#[derive(Debug)]
#[allow(clippy::large_enum_variant)]
pub enum DtErr {
    BadFormat,
    FieldOverflow,
    MdFieldOverflow,
    IntervalOverflow,
    TzDispOverflow,
    Pg(PgError),
}

impl From<PgError> for DtErr {
    fn from(e: PgError) -> Self {
        DtErr::Pg(e)
    }
}

pub type DtResult<T> = Result<T, DtErr>;

/// PostgreSQL's DateTimeParseError.
pub fn parse_error(e: DtErr, s: &str, typname: &str) -> PgError {
    match e {
        DtErr::FieldOverflow => common::pg_err!(
            DATETIME_FIELD_OVERFLOW,
            "date/time field value out of range: \"{}\"",
            s
        ),
        DtErr::MdFieldOverflow => common::pg_err!(
            DATETIME_FIELD_OVERFLOW,
            "date/time field value out of range: \"{}\"",
            s
        )
        .with_hint("Perhaps you need a different \"datestyle\" setting."),
        DtErr::IntervalOverflow => common::pg_err!(
            INTERVAL_FIELD_OVERFLOW,
            "interval field value out of range: \"{}\"",
            s
        ),
        DtErr::TzDispOverflow => common::pg_err!(
            INVALID_TIME_ZONE_DISPLACEMENT_VALUE,
            "time zone displacement out of range: \"{}\"",
            s
        ),
        DtErr::BadFormat => common::pg_err!(
            INVALID_DATETIME_FORMAT,
            "invalid input syntax for type {}: \"{}\"",
            typname,
            s
        ),
        DtErr::Pg(e) => e,
    }
}

pub fn ts_out_of_range() -> PgError {
    common::pg_err!(DATETIME_FIELD_OVERFLOW, "timestamp out of range")
}

pub fn date_out_of_range() -> PgError {
    common::pg_err!(DATETIME_FIELD_OVERFLOW, "date out of range")
}

pub fn interval_out_of_range() -> PgError {
    common::pg_err!(DATETIME_FIELD_OVERFLOW, "interval out of range")
}

/// Checked helper: map a `Result<_, ()>` to "timestamp out of range".
pub fn ts_ok<T>(r: Result<T, ()>) -> PgResult<T> {
    r.map_err(|_| ts_out_of_range())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn julian_roundtrip() {
        assert_eq!(date2j(2000, 1, 1), POSTGRES_EPOCH_JDATE as i64);
        assert_eq!(date2j(1970, 1, 1), UNIX_EPOCH_JDATE as i64);
        assert_eq!(date2j(-4713, 11, 24), 0);
        for j in [0i64, 1, 2451545, 1721426, 5373484, 2147483493] {
            let (y, m, d) = j2date(j);
            assert_eq!(date2j(y, m, d), j);
        }
        assert_eq!(j2day(date2j(1997, 2, 10)), 1);
    }
}
