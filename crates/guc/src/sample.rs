//! Rendering of a postgresql.conf in the layout of PostgreSQL 10's postgresql.conf.sample:
//! every parameter listed commented out at its default, grouped by section; initdb uncomments
//! the values it chooses.

use crate::settings::{format_int, format_real};
use crate::table::{Context, Kind, ParamDef, Section, NOT_IN_SAMPLE, OCTAL, PARAMS};

/// Sample-file section of a parameter (mostly its category).
fn headers(p: &ParamDef) -> (&'static str, Option<&'static str>) {
    use Section::*;
    match p.section {
        ClientPreload if p.name == "shared_preload_libraries" => {
            ("RESOURCE USAGE (except WAL)", Some("Kernel Resource Usage"))
        }
        ClientPreload => ("CLIENT CONNECTION DEFAULTS", Some("Other Defaults")),
        FileLocations => ("FILE LOCATIONS", None),
        ConnSettings => (
            "CONNECTIONS AND AUTHENTICATION",
            Some("Connection Settings"),
        ),
        ConnAuth => (
            "CONNECTIONS AND AUTHENTICATION",
            Some("Security and Authentication"),
        ),
        TcpKeepalives => ("CONNECTIONS AND AUTHENTICATION", Some("TCP Keepalives")),
        ResMem => ("RESOURCE USAGE (except WAL)", Some("Memory")),
        ResDisk => ("RESOURCE USAGE (except WAL)", Some("Disk")),
        ResKernel => ("RESOURCE USAGE (except WAL)", Some("Kernel Resource Usage")),
        ResVacuumDelay => (
            "RESOURCE USAGE (except WAL)",
            Some("Cost-Based Vacuum Delay"),
        ),
        ResBgwriter => ("RESOURCE USAGE (except WAL)", Some("Background Writer")),
        ResAsync => ("RESOURCE USAGE (except WAL)", Some("Asynchronous Behavior")),
        WalSettings => ("WRITE AHEAD LOG", Some("Settings")),
        WalCheckpoints => ("WRITE AHEAD LOG", Some("Checkpoints")),
        WalArchiving => ("WRITE AHEAD LOG", Some("Archiving")),
        ReplSending => ("REPLICATION", Some("Sending Server(s)")),
        ReplMaster => ("REPLICATION", Some("Master Server")),
        ReplStandby => ("REPLICATION", Some("Standby Servers")),
        ReplSubscribers => ("REPLICATION", Some("Subscribers")),
        QueryMethod => ("QUERY TUNING", Some("Planner Method Configuration")),
        QueryCost => ("QUERY TUNING", Some("Planner Cost Constants")),
        QueryGeqo => ("QUERY TUNING", Some("Genetic Query Optimizer")),
        QueryOther => ("QUERY TUNING", Some("Other Planner Options")),
        LogWhere => ("ERROR REPORTING AND LOGGING", Some("Where to Log")),
        LogWhen => ("ERROR REPORTING AND LOGGING", Some("When to Log")),
        LogWhat => ("ERROR REPORTING AND LOGGING", Some("What to Log")),
        ProcessTitle => ("PROCESS TITLE", None),
        StatsCollector => (
            "RUNTIME STATISTICS",
            Some("Query/Index Statistics Collector"),
        ),
        StatsMonitoring => ("RUNTIME STATISTICS", Some("Statistics Monitoring")),
        Autovacuum => ("AUTOVACUUM PARAMETERS", None),
        ClientStatement => ("CLIENT CONNECTION DEFAULTS", Some("Statement Behavior")),
        ClientLocale => ("CLIENT CONNECTION DEFAULTS", Some("Locale and Formatting")),
        ClientOther => ("CLIENT CONNECTION DEFAULTS", Some("Other Defaults")),
        LockManagement => ("LOCK MANAGEMENT", None),
        CompatPrevious => (
            "VERSION/PLATFORM COMPATIBILITY",
            Some("Previous PostgreSQL Versions"),
        ),
        CompatOther => (
            "VERSION/PLATFORM COMPATIBILITY",
            Some("Other Platforms and Clients"),
        ),
        ErrorHandling => ("ERROR HANDLING", None),
        Preset | Developer => ("DEVELOPER OPTIONS", None),
    }
}

fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn default_text(kind: &Kind, octal: bool) -> String {
    match kind {
        Kind::Bool(b) => if *b { "on" } else { "off" }.to_string(),
        Kind::Int { boot, unit, .. } => format_int(*boot, *unit, octal),
        Kind::Real { boot, .. } => format_real(*boot),
        Kind::Str(s) => quote(s),
        Kind::Enum { boot, .. } => boot.to_string(),
    }
}

fn rule(out: &mut String) {
    out.push('#');
    out.push_str(&"-".repeat(78));
    out.push('\n');
}

fn setting_line(out: &mut String, line: &str, comment: Option<&str>) {
    out.push_str(line);
    if let Some(c) = comment {
        // Align comments at column 40 with tabs, like the sample file.
        let mut col = line.len();
        loop {
            out.push('\t');
            col = (col / 8 + 1) * 8;
            if col >= 40 {
                break;
            }
        }
        out.push_str(c);
    }
    out.push('\n');
}

/// The postgresql.conf text with every parameter commented out at its default, except those
/// in `set`, which appear uncommented with the given (already quoted where needed) values.
pub fn render_config(set: &[(&str, String)]) -> String {
    let mut out = String::new();
    out.push_str(
        "# -----------------------------\n\
         # PostgreSQL configuration file\n\
         # -----------------------------\n\
         #\n\
         # One parameter per line: \"name = value\" (the \"=\" is optional). Lines starting\n\
         # with \"#\" are comments; a parameter that is commented out keeps its default,\n\
         # which is the value shown. Memory units: kB, MB, GB, TB. Time units: ms, s,\n\
         # min, h, d. Parameters marked \"(change requires restart)\" take effect only\n\
         # after a server restart; the others are re-read on SIGHUP (pg_ctl reload).\n\n\n",
    );
    let mut top: Option<&str> = None;
    let mut sub: Option<&str> = None;
    for p in PARAMS.iter().filter(|p| p.flags & NOT_IN_SAMPLE == 0) {
        let (t, s) = headers(p);
        if top != Some(t) {
            rule(&mut out);
            out.push_str(&format!("# {t}\n"));
            rule(&mut out);
            out.push('\n');
            top = Some(t);
            sub = None;
        }
        if s.is_some() && sub != s {
            if let Some(s) = s {
                out.push_str(&format!("# - {s} -\n\n"));
            }
            sub = s;
        }
        let comment = (p.context == Context::Postmaster).then_some("# (change requires restart)");
        match set.iter().find(|(n, _)| n.eq_ignore_ascii_case(p.name)) {
            Some((_, v)) => setting_line(
                &mut out,
                &format!("{} = {v}", p.name.to_ascii_lowercase()),
                comment,
            ),
            None => setting_line(
                &mut out,
                &format!(
                    "#{} = {}",
                    p.name.to_ascii_lowercase(),
                    default_text(&p.kind, p.flags & OCTAL != 0)
                ),
                comment,
            ),
        }
        // blank line after each sub-section's last parameter is added lazily below
        if let Some(next) = next_in_sample(p.name) {
            if headers(next) != (t, s) {
                out.push('\n');
            }
        } else {
            out.push('\n');
        }
    }
    rule(&mut out);
    out.push_str("# CONFIG FILE INCLUDES\n");
    rule(&mut out);
    out.push_str(
        "\n# These options allow settings to be loaded from files other than the\n\
         # default postgresql.conf.\n\n",
    );
    setting_line(
        &mut out,
        "#include_dir = 'conf.d'",
        Some("# include files ending in '.conf' from"),
    );
    out.push_str("\t\t\t\t\t# directory 'conf.d'\n");
    setting_line(
        &mut out,
        "#include_if_exists = 'exists.conf'",
        Some("# include file only if it exists"),
    );
    setting_line(
        &mut out,
        "#include = 'special.conf'",
        Some("# include file"),
    );
    out.push('\n');
    rule(&mut out);
    out.push_str("# CUSTOMIZED OPTIONS\n");
    rule(&mut out);
    out.push_str("\n# Add settings for extensions here\n");
    out
}

fn next_in_sample(name: &str) -> Option<&'static crate::table::ParamDef> {
    let mut it = PARAMS.iter().filter(|p| p.flags & NOT_IN_SAMPLE == 0);
    it.by_ref().find(|p| p.name == name)?;
    it.next()
}

/// The postgresql.conf initdb writes: listen_addresses = '*' (as the postgres Docker image
/// does) and the values initdb chooses, for a cluster whose messages/formatting locale is
/// `locale` and whose text search configuration is `ts_config` (e.g. "english").
pub fn initdb_config(locale: &str, ts_config: &str) -> String {
    let q = quote(locale);
    render_config(&[
        ("listen_addresses", "'*'".to_string()),
        ("max_connections", "100".to_string()),
        ("shared_buffers", "128MB".to_string()),
        ("dynamic_shared_memory_type", "posix".to_string()),
        ("log_timezone", "'UTC'".to_string()),
        ("datestyle", "'iso, mdy'".to_string()),
        ("timezone", "'UTC'".to_string()),
        ("lc_messages", q.clone()),
        ("lc_monetary", q.clone()),
        ("lc_numeric", q.clone()),
        ("lc_time", q),
        (
            "default_text_search_config",
            quote(&format!("pg_catalog.{ts_config}")),
        ),
    ])
}
