//! Derives the `types::SessionEnv` (what type I/O and functions read) from the session's GUCs.

use jiff::tz::TimeZone;
use types::env::{DateOrder, DateStyle, IntervalStyle};
use types::SessionEnv;

/// Refresh `env` from the current settings.
pub fn refresh_env(env: &mut SessionEnv, gucs: &guc::Settings) {
    if let Ok(ds) = gucs.get("DateStyle") {
        let (style, order) = parse_datestyle(&ds);
        env.date_style = style;
        env.date_order = order;
    }
    if let Ok(is) = gucs.get("IntervalStyle") {
        env.interval_style = match is.to_ascii_lowercase().as_str() {
            "postgres_verbose" => IntervalStyle::PostgresVerbose,
            "sql_standard" => IntervalStyle::SqlStandard,
            "iso_8601" => IntervalStyle::Iso8601,
            _ => IntervalStyle::Postgres,
        };
    }
    if let Ok(tz) = gucs.get("TimeZone") {
        if tz != env.timezone_name {
            env.timezone = resolve_timezone(&tz);
            env.timezone_name = tz;
        }
    }
    if let Ok(v) = gucs.get_int("extra_float_digits") {
        env.extra_float_digits = v as i32;
    }
    if let Ok(v) = gucs.get("bytea_output") {
        env.bytea_output_hex = !v.eq_ignore_ascii_case("escape");
    }
    if let Ok(v) = gucs.get_bool("standard_conforming_strings") {
        env.standard_conforming_strings = v;
    }
}

/// Split a canonical DateStyle value ("ISO, MDY") into style and field order.
pub fn parse_datestyle(value: &str) -> (DateStyle, DateOrder) {
    let mut style = DateStyle::Iso;
    let mut order = DateOrder::Mdy;
    for part in value.split(',') {
        match part.trim().to_ascii_lowercase().as_str() {
            "iso" => style = DateStyle::Iso,
            "postgres" => style = DateStyle::Postgres,
            "sql" => style = DateStyle::Sql,
            "german" => style = DateStyle::German,
            "mdy" | "us" | "noneuropean" => order = DateOrder::Mdy,
            "dmy" | "euro" | "european" => order = DateOrder::Dmy,
            "ymd" => order = DateOrder::Ymd,
            _ => {}
        }
    }
    (style, order)
}

/// Resolve a TimeZone setting: a zone from the system database, UTC/GMT, or a POSIX TZ string.
pub fn resolve_timezone(name: &str) -> TimeZone {
    if name.eq_ignore_ascii_case("utc") || name.eq_ignore_ascii_case("gmt") {
        return TimeZone::UTC;
    }
    if let Ok(tz) = TimeZone::get(name) {
        return tz;
    }
    if let Ok(tz) = TimeZone::posix(name) {
        return tz;
    }
    if let Some(secs) = posix_offset_secs(name) {
        if let Ok(off) = jiff::tz::Offset::from_seconds(-secs) {
            return TimeZone::fixed(off);
        }
    }
    TimeZone::UTC
}

/// A bare POSIX-style offset without abbreviation ("+02:00", "-00:30", "00:00"), in
/// seconds west of Greenwich (POSIX sign convention: "+02:00" is UTC-2).
pub fn posix_offset_secs(name: &str) -> Option<i32> {
    let (sign, rest) = match name.as_bytes().first()? {
        b'+' => (1, &name[1..]),
        b'-' => (-1, &name[1..]),
        _ => (1, name),
    };
    let mut total = 0i32;
    let mut parts = 0;
    for (i, p) in rest.split(':').enumerate() {
        if i > 2 || p.is_empty() || p.len() > 3 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let v: i32 = p.parse().ok()?;
        total = total * 60 + v;
        parts = i + 1;
    }
    for _ in parts..3 {
        total *= 60;
    }
    (total <= 167 * 3600 + 59 * 60 + 59).then_some(sign * total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datestyle_parts() {
        assert_eq!(
            parse_datestyle("Postgres, MDY"),
            (DateStyle::Postgres, DateOrder::Mdy)
        );
        assert_eq!(
            parse_datestyle("ISO, DMY"),
            (DateStyle::Iso, DateOrder::Dmy)
        );
    }

    #[test]
    fn posix_offsets() {
        assert_eq!(posix_offset_secs("+02:00"), Some(7200));
        assert_eq!(posix_offset_secs("-00:30"), Some(-1800));
        assert_eq!(posix_offset_secs("00:00"), Some(0));
        assert_eq!(posix_offset_secs("Europe/Paris"), None);
        let tz = resolve_timezone("+02:00");
        assert_eq!(tz.to_offset(jiff::Timestamp::UNIX_EPOCH).seconds(), -7200);
    }
}
