//! `SessionEnv`: the session settings that type I/O and built-in functions depend on
//! (DateStyle, IntervalStyle, TimeZone, extra_float_digits, bytea_output, transaction time).

use jiff::tz::TimeZone;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateStyle {
    Iso,
    Postgres,
    Sql,
    German,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateOrder {
    Mdy,
    Dmy,
    Ymd,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IntervalStyle {
    Postgres,
    PostgresVerbose,
    SqlStandard,
    Iso8601,
}

/// Settings in force for a session; cheap to clone.
#[derive(Clone, Debug)]
pub struct SessionEnv {
    pub date_style: DateStyle,
    pub date_order: DateOrder,
    pub interval_style: IntervalStyle,
    /// The session time zone (TimeZone GUC), resolved from the system tz database.
    pub timezone: TimeZone,
    /// The TimeZone setting as the user wrote it (for SHOW and output of zone names).
    pub timezone_name: String,
    pub extra_float_digits: i32,
    /// bytea_output = hex (true) or escape (false).
    pub bytea_output_hex: bool,
    pub standard_conforming_strings: bool,
    /// Start of the current transaction, µs since 2000-01-01 UTC (now(), 'now').
    pub transaction_timestamp: i64,
    /// Start of the current statement, µs since 2000-01-01 UTC.
    pub statement_timestamp: i64,
}

impl Default for SessionEnv {
    fn default() -> Self {
        SessionEnv {
            date_style: DateStyle::Iso,
            date_order: DateOrder::Mdy,
            interval_style: IntervalStyle::Postgres,
            timezone: TimeZone::UTC,
            timezone_name: "UTC".to_string(),
            extra_float_digits: 0,
            bytea_output_hex: true,
            standard_conforming_strings: true,
            transaction_timestamp: 0,
            statement_timestamp: 0,
        }
    }
}

/// Microseconds between the Unix epoch and PostgreSQL's epoch (2000-01-01 00:00:00 UTC).
pub const PG_EPOCH_OFFSET_MICROS: i64 = 946_684_800_000_000;

/// The current wall-clock time as µs since 2000-01-01 UTC.
pub fn now_pg_micros() -> i64 {
    let d = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    d.as_micros() as i64 - PG_EPOCH_OFFSET_MICROS
}
