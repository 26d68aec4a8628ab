//! Fast path of timestamp input for the spelling bulk loads use most: ISO
//! `YYYY-MM-DD HH:MM:SS[.ffffff]` (or `T` between date and time), with a numeric zone
//! `+HH`, `+HHMM` or `+HH:MM` for timestamptz and without one for timestamp. Anything else
//! (other spellings, out-of-range fields, a timestamptz without a zone, which needs the session
//! time zone) returns None and goes through the general parser, which the result always agrees
//! with.

use super::calc::{date2j, days_in_month, POSTGRES_EPOCH_JDATE, USECS_PER_DAY, USECS_PER_SEC};

#[inline]
fn digits(b: &[u8]) -> Option<i64> {
    let mut v = 0i64;
    for &c in b {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + i64::from(c - b'0');
    }
    Some(v)
}

/// The timestamp (microseconds since 2000-01-01, UTC for `with_tz`) for `s`, or None when
/// `s` is not in the fast-path form.
pub fn iso_timestamp(s: &str, with_tz: bool) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || !(b[10] == b' ' || b[10] == b'T') {
        return None;
    }
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let year = digits(&b[0..4])?;
    let mon = digits(&b[5..7])?;
    let day = digits(&b[8..10])?;
    let hour = digits(&b[11..13])?;
    let min = digits(&b[14..16])?;
    let sec = digits(&b[17..19])?;
    if year < 1 || !(1..=12).contains(&mon) || day < 1 || hour > 23 || min > 59 || sec > 59 {
        return None;
    }
    if day > i64::from(days_in_month(year as i32, mon as i32)) {
        return None;
    }
    let mut pos = 19;
    let mut fsec = 0i64;
    if b.get(pos) == Some(&b'.') {
        let start = pos + 1;
        let mut end = start;
        while end < b.len() && b[end].is_ascii_digit() {
            end += 1;
        }
        // More than 6 digits would need rounding: leave that to the general parser.
        if end == start || end - start > 6 {
            return None;
        }
        fsec = digits(&b[start..end])? * 10i64.pow((6 - (end - start)) as u32);
        pos = end;
    }
    let mut offset_secs = 0i64;
    if with_tz {
        let sign = match b.get(pos) {
            Some(b'+') => 1,
            Some(b'-') => -1,
            _ => return None,
        };
        let z = &b[pos + 1..];
        let (hh, mm) = match z.len() {
            2 => (digits(z)?, 0),
            4 => (digits(&z[..2])?, digits(&z[2..])?),
            5 if z[2] == b':' => (digits(&z[..2])?, digits(&z[3..])?),
            _ => return None,
        };
        if hh > 14 || mm > 59 {
            return None;
        }
        offset_secs = sign * (hh * 3600 + mm * 60);
    } else if pos != b.len() {
        return None;
    }
    let days = date2j(year as i32, mon as i32, day as i32) - i64::from(POSTGRES_EPOCH_JDATE);
    let secs = (hour * 60 + min) * 60 + sec - offset_secs;
    Some(days * USECS_PER_DAY + secs * USECS_PER_SEC + fsec)
}
