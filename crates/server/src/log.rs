//! Server log output on stderr in PostgreSQL's format: `log_line_prefix` (default `%m [%p] `)
//! then `LEVEL:  message`, with DETAIL/HINT/CONTEXT lines carrying the same prefix.

use common::{PgError, Severity};
use std::io::Write;
use std::sync::RwLock;
use std::time::{SystemTime, UNIX_EPOCH};

static PREFIX: RwLock<String> = RwLock::new(String::new());
static PREFIX_SET: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Set log_line_prefix (from the configuration).
pub fn set_prefix(p: &str) {
    if let Ok(mut g) = PREFIX.write() {
        *g = p.to_string();
        PREFIX_SET.store(true, std::sync::atomic::Ordering::SeqCst);
    }
}

fn prefix_template() -> String {
    if !PREFIX_SET.load(std::sync::atomic::Ordering::SeqCst) {
        return "%m [%p] ".to_string();
    }
    PREFIX.read().map(|g| g.clone()).unwrap_or_default()
}

/// Who a log line is about (empty for the postmaster).
#[derive(Clone, Debug, Default)]
pub struct LogCtx {
    pub pid: i32,
    pub user: String,
    pub database: String,
    pub application: String,
    pub host: String,
    pub port: String,
}

impl LogCtx {
    pub fn postmaster() -> LogCtx {
        LogCtx {
            pid: std::process::id() as i32,
            ..LogCtx::default()
        }
    }
}

/// Civil date (y, m, d) from days since 1970-01-01 (proleptic Gregorian).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// "2026-11-27 01:02:03" (UTC) and milliseconds for a time.
fn format_time(t: SystemTime) -> (String, u32) {
    let d = t.duration_since(UNIX_EPOCH).unwrap_or_default();
    let secs = d.as_secs() as i64;
    let (y, mo, da) = civil_from_days(secs.div_euclid(86_400));
    let rem = secs.rem_euclid(86_400);
    (
        format!(
            "{y:04}-{mo:02}-{da:02} {:02}:{:02}:{:02}",
            rem / 3600,
            rem % 3600 / 60,
            rem % 60
        ),
        d.subsec_millis(),
    )
}

/// Expand log_line_prefix escapes.
pub fn expand_prefix(template: &str, ctx: &LogCtx, now: SystemTime) -> String {
    let mut out = String::new();
    let mut chars = template.chars();
    let (ts, ms) = format_time(now);
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('m') => out.push_str(&format!("{ts}.{ms:03} UTC")),
            Some('t') => out.push_str(&format!("{ts} UTC")),
            Some('n') => {
                let d = now.duration_since(UNIX_EPOCH).unwrap_or_default();
                out.push_str(&format!("{}.{:03}", d.as_secs(), d.subsec_millis()));
            }
            Some('p') => out.push_str(&ctx.pid.to_string()),
            Some('u') => out.push_str(&ctx.user),
            Some('d') => out.push_str(&ctx.database),
            Some('a') => out.push_str(&ctx.application),
            Some('h') => out.push_str(&ctx.host),
            Some('r') => {
                out.push_str(&ctx.host);
                if !ctx.port.is_empty() {
                    out.push_str(&format!("({})", ctx.port));
                }
            }
            Some('q') => {
                if ctx.user.is_empty() {
                    break;
                }
            }
            Some('%') => out.push('%'),
            Some(_) | None => {}
        }
    }
    out
}

fn emit(ctx: &LogCtx, level: &str, text: &str) {
    let prefix = expand_prefix(&prefix_template(), ctx, SystemTime::now());
    let mut line = String::new();
    for (i, l) in text.split('\n').enumerate() {
        if i == 0 {
            line.push_str(&format!("{prefix}{level}:  {l}\n"));
        } else {
            line.push_str(&format!("\t{l}\n"));
        }
    }
    let stderr = std::io::stderr();
    let mut h = stderr.lock();
    let _ = h.write_all(line.as_bytes());
    let _ = h.flush();
}

/// Log a message at `level` ("LOG", "WARNING", "FATAL", ...).
pub fn log_as(ctx: &LogCtx, level: &str, msg: &str) {
    emit(ctx, level, msg);
}

/// `LOG:  msg` from the postmaster.
pub fn log(msg: &str) {
    emit(&LogCtx::postmaster(), "LOG", msg);
}

/// Log an error with its DETAIL and HINT lines.
pub fn log_error(ctx: &LogCtx, e: &PgError) {
    let level = match e.severity {
        Severity::Notice => "NOTICE",
        s => s.as_str(),
    };
    emit(ctx, level, &e.message);
    if let Some(d) = &e.detail {
        emit(ctx, "DETAIL", d);
    }
    if let Some(h) = &e.hint {
        emit(ctx, "HINT", h);
    }
    if let Some(c) = &e.context {
        emit(ctx, "CONTEXT", c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn prefix_format() {
        let t = UNIX_EPOCH + Duration::from_millis(1_795_741_323_456);
        let ctx = LogCtx {
            pid: 42,
            user: "bob".into(),
            ..LogCtx::default()
        };
        assert_eq!(
            expand_prefix("%m [%p] %u@%d %%", &ctx, t),
            "2026-11-27 01:02:03.456 UTC [42] bob@ %"
        );
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
    }
}
