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
    TimeZone::UTC
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
}
