//! `Settings`: the current value of every parameter with its source and reset value; value
//! parsing/validation with PostgreSQL's messages, context checks, and SHOW formatting.

use crate::special;
use crate::table::{self, Context, Kind, ParamDef, Unit, PARAMS};
use common::{pg_err, PgError, PgResult};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// Where a value came from, lowest priority first (pg_settings.source).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Source {
    Default,
    EnvVar,
    File,
    CommandLine,
    /// Startup packet of the connection.
    Client,
    Override,
    /// SET in the session.
    Session,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Default => "default",
            Source::EnvVar => "environment variable",
            Source::File => "configuration file",
            Source::CommandLine => "command line",
            Source::Client => "client",
            Source::Override => "override",
            Source::Session => "session",
        }
    }
}

/// A stored value (ints in the parameter's own unit, enums as their canonical name).
#[derive(Clone, Debug, PartialEq)]
enum Val {
    Bool(bool),
    Int(i64),
    Real(f64),
    Str(String),
}

#[derive(Clone, Debug)]
struct Slot {
    val: Val,
    source: Source,
    reset_val: Val,
    reset_source: Source,
}

#[derive(Clone, Debug)]
struct Custom {
    name: String,
    slot: Slot,
}

/// One row of the pg_settings view (columns not listed are NULL or false: extra_desc,
/// sourcefile, sourceline, pending_restart).
#[derive(Clone, Debug, PartialEq)]
pub struct SettingRow {
    pub name: String,
    pub setting: String,
    pub unit: Option<&'static str>,
    pub category: &'static str,
    pub short_desc: String,
    pub context: &'static str,
    pub vartype: &'static str,
    pub source: &'static str,
    pub min_val: Option<String>,
    pub max_val: Option<String>,
    pub enumvals: Option<Vec<String>>,
    pub boot_val: String,
    pub reset_val: String,
}

/// Current values of all parameters of a server or a session.
#[derive(Clone, Debug)]
pub struct Settings {
    slots: Vec<Slot>,
    custom: BTreeMap<String, Custom>,
    pending_reports: Vec<usize>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings::new()
    }
}

/// Parameter name → index into PARAMS (names are ours, so the fast hasher is safe).
type NameIndex = common::fasthash::FastMap<String, usize>;

fn index() -> &'static NameIndex {
    static IDX: OnceLock<NameIndex> = OnceLock::new();
    IDX.get_or_init(|| {
        PARAMS
            .iter()
            .enumerate()
            .map(|(i, p)| (p.name.to_ascii_lowercase(), i))
            .collect()
    })
}

/// Find a parameter definition by (case-insensitive) name.
pub fn lookup(name: &str) -> Option<&'static ParamDef> {
    find(name).map(|i| &PARAMS[i])
}

fn find(name: &str) -> Option<usize> {
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        index().get(&name.to_ascii_lowercase()).copied()
    } else {
        index().get(name).copied()
    }
}

fn boot_val(p: &ParamDef) -> Val {
    match p.kind {
        Kind::Bool(b) => Val::Bool(b),
        Kind::Int { boot, .. } => Val::Int(boot),
        Kind::Real { boot, .. } => Val::Real(boot),
        Kind::Str(s) => Val::Str(s.to_string()),
        Kind::Enum { boot, .. } => Val::Str(boot.to_string()),
    }
}

fn unrecognized(name: &str) -> PgError {
    pg_err!(
        UNDEFINED_OBJECT,
        "unrecognized configuration parameter \"{name}\""
    )
}

fn invalid_value(name: &str, value: &str) -> PgError {
    pg_err!(
        INVALID_PARAMETER_VALUE,
        "invalid value for parameter \"{name}\": \"{value}\""
    )
}

/// PostgreSQL's parse_bool: on/off/true/false/yes/no/1/0 and unique prefixes, any case.
pub fn parse_bool(value: &str) -> Option<bool> {
    let v = value.to_ascii_lowercase();
    if v.is_empty() {
        return None;
    }
    let prefix_of = |word: &str, min: usize| v.len() >= min && word.starts_with(v.as_str());
    if prefix_of("true", 1) || prefix_of("yes", 1) || v == "1" {
        return Some(true);
    }
    if prefix_of("false", 1) || prefix_of("no", 1) || v == "0" {
        return Some(false);
    }
    if prefix_of("on", 2) {
        return Some(true);
    }
    if prefix_of("off", 2) {
        return Some(false);
    }
    None
}

/// strtol(base 0): decimal, 0x hex or leading-0 octal; returns value and the rest.
fn parse_c_int(s: &str) -> Option<(i128, &str)> {
    let t = s.trim_start();
    let (neg, t) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let (radix, digits) = if let Some(h) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        (16, h)
    } else if t.len() > 1 && t.starts_with('0') && t.as_bytes()[1].is_ascii_digit() {
        (8, &t[1..])
    } else {
        (10, t)
    };
    let end = digits
        .char_indices()
        .find(|(_, c)| !c.is_digit(radix))
        .map(|(i, _)| i)
        .unwrap_or(digits.len());
    if end == 0 {
        return None;
    }
    let mut v: i128 = 0;
    for c in digits[..end].chars() {
        v = v * radix as i128 + c.to_digit(radix)? as i128;
        if v > i64::MAX as i128 {
            v = i64::MAX as i128;
        }
    }
    Some((if neg { -v } else { v }, &digits[end..]))
}

const MEMORY_HINT: &str = "Valid units for this parameter are \"kB\", \"MB\", \"GB\", and \"TB\".";
const TIME_HINT: &str =
    "Valid units for this parameter are \"ms\", \"s\", \"min\", \"h\", and \"d\".";

/// Parse an integer parameter value with optional unit into the parameter's unit.
fn parse_int(p: &ParamDef, value: &str, unit: Unit, min: i64, max: i64) -> PgResult<i64> {
    let Some((num, rest)) = parse_c_int(value) else {
        return Err(invalid_value(p.name, value));
    };
    let rest = rest.trim();
    let mut v = num;
    if !rest.is_empty() {
        if unit == Unit::None {
            return Err(invalid_value(p.name, value));
        }
        // (factor of the given unit in base units)
        let factor: Option<i128> = if unit.is_memory() {
            match rest {
                "kB" => Some(1),
                "MB" => Some(1024),
                "GB" => Some(1024 * 1024),
                "TB" => Some(1024 * 1024 * 1024),
                _ => None,
            }
        } else {
            match rest {
                "ms" => Some(1),
                "s" => Some(1000),
                "min" => Some(60_000),
                "h" => Some(3_600_000),
                "d" => Some(86_400_000),
                _ => None,
            }
        };
        let Some(factor) = factor else {
            return Err(invalid_value(p.name, value).with_hint(if unit.is_memory() {
                MEMORY_HINT
            } else {
                TIME_HINT
            }));
        };
        let base = v * factor;
        v = base / unit.base_factor() as i128;
    }
    if v > i32::MAX as i128 || v < i32::MIN as i128 {
        return Err(invalid_value(p.name, value).with_hint("Value exceeds integer range."));
    }
    let v = v as i64;
    if v < min || v > max {
        return Err(pg_err!(
            INVALID_PARAMETER_VALUE,
            "{v} is outside the valid range for parameter \"{}\" ({min} .. {max})",
            p.name
        ));
    }
    Ok(v)
}

/// Format a real the way printf's %g does for typical values.
pub fn format_real(v: f64) -> String {
    if v == v.trunc() && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else if v.abs() >= 1e-4 && v.abs() < 1e15 {
        let s = format!("{:.6}", v);
        // %g keeps 6 significant digits; trim trailing zeros.
        let s = format!("{}", s.parse::<f64>().unwrap_or(v));
        s
    } else {
        format!("{v:e}")
    }
}

/// SHOW formatting of an integer in `unit` (PostgreSQL picks the largest exact unit).
pub fn format_int(v: i64, unit: Unit, octal: bool) -> String {
    if octal {
        return format!("{v:04o}");
    }
    if unit == Unit::None || v <= 0 {
        return v.to_string();
    }
    let base = v as i128 * unit.base_factor() as i128;
    let table: &[(&str, i128)] = if unit.is_memory() {
        &[
            ("TB", 1024 * 1024 * 1024),
            ("GB", 1024 * 1024),
            ("MB", 1024),
            ("kB", 1),
        ]
    } else {
        &[
            ("d", 86_400_000),
            ("h", 3_600_000),
            ("min", 60_000),
            ("s", 1000),
            ("ms", 1),
        ]
    };
    for (name, f) in table {
        if *f >= unit.base_factor() as i128 && base % f == 0 {
            return format!("{}{}", base / f, name);
        }
    }
    v.to_string()
}

impl Settings {
    /// Every parameter at its boot value.
    pub fn new() -> Settings {
        let slots = PARAMS
            .iter()
            .map(|p| {
                let v = boot_val(p);
                Slot {
                    val: v.clone(),
                    source: Source::Default,
                    reset_val: v,
                    reset_source: Source::Default,
                }
            })
            .collect();
        Settings {
            slots,
            custom: BTreeMap::new(),
            pending_reports: Vec::new(),
        }
    }

    /// SHOW value of a parameter (case-insensitive name).
    pub fn get(&self, name: &str) -> PgResult<String> {
        if let Some(i) = find(name) {
            return Ok(self.show(i));
        }
        if let Some(c) = self.custom.get(&name.to_ascii_lowercase()) {
            if let Val::Str(s) = &c.slot.val {
                return Ok(s.clone());
            }
        }
        Err(unrecognized(name))
    }

    /// The canonical spelling of a parameter name ("datestyle" → "DateStyle").
    pub fn canonical_name(&self, name: &str) -> PgResult<String> {
        if let Some(i) = find(name) {
            return Ok(PARAMS[i].name.to_string());
        }
        if let Some(c) = self.custom.get(&name.to_ascii_lowercase()) {
            return Ok(c.name.clone());
        }
        Err(unrecognized(name))
    }

    /// A boolean parameter's value.
    pub fn get_bool(&self, name: &str) -> PgResult<bool> {
        match find(name).map(|i| &self.slots[i].val) {
            Some(Val::Bool(b)) => Ok(*b),
            Some(_) => Err(PgError::internal(format!(
                "parameter \"{name}\" is not a bool"
            ))),
            None => Err(unrecognized(name)),
        }
    }

    /// An integer parameter's raw value, in the parameter's unit (kB, 8kB blocks, ms, s...).
    pub fn get_int(&self, name: &str) -> PgResult<i64> {
        match find(name).map(|i| &self.slots[i].val) {
            Some(Val::Int(v)) => Ok(*v),
            Some(_) => Err(PgError::internal(format!(
                "parameter \"{name}\" is not an integer"
            ))),
            None => Err(unrecognized(name)),
        }
    }

    /// A real parameter's value.
    pub fn get_real(&self, name: &str) -> PgResult<f64> {
        match find(name).map(|i| &self.slots[i].val) {
            Some(Val::Real(v)) => Ok(*v),
            Some(_) => Err(PgError::internal(format!(
                "parameter \"{name}\" is not a real"
            ))),
            None => Err(unrecognized(name)),
        }
    }

    /// Where the current value came from.
    pub fn source(&self, name: &str) -> PgResult<Source> {
        if let Some(i) = find(name) {
            return Ok(self.slots[i].source);
        }
        match self.custom.get(&name.to_ascii_lowercase()) {
            Some(c) => Ok(c.slot.source),
            None => Err(unrecognized(name)),
        }
    }

    fn show(&self, i: usize) -> String {
        let p = &PARAMS[i];
        match (&self.slots[i].val, p.kind) {
            (Val::Bool(b), _) => if *b { "on" } else { "off" }.to_string(),
            (Val::Int(v), Kind::Int { unit, .. }) => {
                let mut v = *v;
                if p.name == "wal_buffers" && v == -1 {
                    // Auto-tuned: 1/32 of shared_buffers, between 64kB and 16MB.
                    let sb = self.get_int("shared_buffers").unwrap_or(16384);
                    v = (sb / 32).clamp(8, 2048);
                }
                format_int(v, unit, p.has(table::OCTAL))
            }
            (Val::Int(v), _) => v.to_string(),
            (Val::Real(v), _) => format_real(*v),
            (Val::Str(s), _) => {
                if p.name == "archive_command"
                    && self.show(find("archive_mode").unwrap_or(0)) == "off"
                {
                    "(disabled)".to_string()
                } else {
                    s.clone()
                }
            }
        }
    }

    /// Validate `value` for parameter `i` and return the value to store.
    fn parse_value(&self, i: usize, value: &str) -> PgResult<Val> {
        let p = &PARAMS[i];
        match p.kind {
            Kind::Bool(_) => parse_bool(value).map(Val::Bool).ok_or_else(|| {
                pg_err!(
                    INVALID_PARAMETER_VALUE,
                    "parameter \"{}\" requires a Boolean value",
                    p.name
                )
            }),
            Kind::Int { min, max, unit, .. } => parse_int(p, value, unit, min, max).map(Val::Int),
            Kind::Real { min, max, .. } => {
                let t = value.trim();
                let v: f64 = t.parse().map_err(|_| invalid_value(p.name, value))?;
                if !v.is_finite() {
                    return Err(invalid_value(p.name, value));
                }
                if v < min || v > max {
                    return Err(pg_err!(
                        INVALID_PARAMETER_VALUE,
                        "{} is outside the valid range for parameter \"{}\" ({} .. {})",
                        format_real(v),
                        p.name,
                        format_real(min),
                        format_real(max)
                    ));
                }
                Ok(Val::Real(v))
            }
            Kind::Enum { values, hidden, .. } => {
                if let Some(v) = values.iter().find(|v| v.eq_ignore_ascii_case(value)) {
                    return Ok(Val::Str(v.to_string()));
                }
                if let Some((_, v)) = hidden.iter().find(|(a, _)| a.eq_ignore_ascii_case(value)) {
                    return Ok(Val::Str(v.to_string()));
                }
                Err(invalid_value(p.name, value)
                    .with_hint(format!("Available values: {}.", values.join(", "))))
            }
            Kind::Str(boot) => self.check_string(p, value, boot).map(Val::Str),
        }
    }

    fn check_string(&self, p: &ParamDef, value: &str, boot: &str) -> PgResult<String> {
        match p.name {
            "DateStyle" => {
                let cur = match find("DateStyle").map(|i| &self.slots[i].val) {
                    Some(Val::Str(s)) => s.clone(),
                    _ => boot.to_string(),
                };
                special::check_datestyle(value, &cur, boot).ok_or_else(|| {
                    invalid_value(p.name, value)
                        .with_detail("Conflicting \"datestyle\" specifications.")
                        .with_detail_if_unknown(value)
                })
            }
            "TimeZone" | "log_timezone" => {
                special::check_timezone(value).ok_or_else(|| invalid_value(p.name, value))
            }
            "client_encoding" | "server_encoding" => special::canonical_encoding(value)
                .map(str::to_string)
                .ok_or_else(|| invalid_value(p.name, value)),
            "timezone_abbreviations" => {
                special::check_tz_abbreviations(value).ok_or_else(|| invalid_value(p.name, value))
            }
            "lc_messages" | "lc_monetary" | "lc_numeric" | "lc_time" | "lc_collate"
            | "lc_ctype" => {
                if special::check_locale(value) {
                    Ok(value.to_string())
                } else {
                    Err(invalid_value(p.name, value))
                }
            }
            "transaction_isolation" => {
                let v = value.to_ascii_lowercase();
                match v.as_str() {
                    "serializable" | "repeatable read" | "read committed" | "read uncommitted"
                    | "default" => Ok(v),
                    _ => Err(invalid_value(p.name, value)),
                }
            }
            _ => Ok(value.to_string()),
        }
    }

    /// Check whether a parameter with context `pc` may be set by `ctx`.
    fn check_context(p: &ParamDef, ctx: Context) -> PgResult<()> {
        use Context::*;
        let cant = |msg: String| PgError::new(common::sqlstate::CANT_CHANGE_RUNTIME_PARAM, msg);
        match p.context {
            Internal if ctx != Internal => {
                Err(cant(format!("parameter \"{}\" cannot be changed", p.name)))
            }
            Postmaster if ctx > Postmaster => Err(cant(format!(
                "parameter \"{}\" cannot be changed without restarting the server",
                p.name
            ))),
            Sighup if ctx > Sighup => Err(cant(format!(
                "parameter \"{}\" cannot be changed now",
                p.name
            ))),
            SuperuserBackend | Backend if ctx == Superuser || ctx == User => Err(cant(format!(
                "parameter \"{}\" cannot be set after connection start",
                p.name
            ))),
            SuperuserBackend if ctx == Backend => Err(pg_err!(
                INSUFFICIENT_PRIVILEGE,
                "permission denied to set parameter \"{}\"",
                p.name
            )),
            Superuser if ctx == User || ctx == Backend => Err(pg_err!(
                INSUFFICIENT_PRIVILEGE,
                "permission denied to set parameter \"{}\"",
                p.name
            )),
            _ => Ok(()),
        }
    }

    /// Set a parameter. `ctx` says who is setting it: `Postmaster` at server start (config
    /// file, command line), `Sighup` on reload, `Backend`/`SuperuserBackend` from a startup
    /// packet, `User`/`Superuser` for SET. A value from a lower-priority `source` than the
    /// current one only changes the reset value.
    pub fn set(&mut self, name: &str, value: &str, ctx: Context, source: Source) -> PgResult<()> {
        let Some(i) = find(name) else {
            return self.set_custom(name, value, source);
        };
        let p = &PARAMS[i];
        Self::check_context(p, ctx)?;
        let v = self.parse_value(i, value)?;
        self.store(i, v, source);
        Ok(())
    }

    /// Set without context checks (server-internal values: server_encoding, lc_collate,
    /// is_superuser, session_authorization, data_directory, transaction_isolation...).
    pub fn set_internal(&mut self, name: &str, value: &str) -> PgResult<()> {
        let Some(i) = find(name) else {
            return Err(unrecognized(name));
        };
        let v = self.parse_value(i, value)?;
        let slot = &mut self.slots[i];
        let changed = slot.val != v;
        slot.val = v.clone();
        slot.reset_val = v;
        if changed && PARAMS[i].has(table::REPORT) {
            self.note_report(i);
        }
        Ok(())
    }

    fn store(&mut self, i: usize, v: Val, source: Source) {
        let slot = &mut self.slots[i];
        if source != Source::Session && source >= slot.reset_source {
            slot.reset_val = v.clone();
            slot.reset_source = source;
        }
        if source >= slot.source {
            let changed = slot.val != v;
            slot.val = v;
            slot.source = source;
            if changed && PARAMS[i].has(table::REPORT) {
                self.note_report(i);
            }
        }
    }

    fn note_report(&mut self, i: usize) {
        if !self.pending_reports.contains(&i) {
            self.pending_reports.push(i);
        }
    }

    fn set_custom(&mut self, name: &str, value: &str, source: Source) -> PgResult<()> {
        // Only "class.name" placeholders may be invented.
        let valid = name.contains('.')
            && name.split('.').all(|part| {
                !part.is_empty()
                    && part
                        .chars()
                        .all(|c| c.is_alphanumeric() || c == '_' || c == '$')
            });
        if !valid {
            return Err(unrecognized(name));
        }
        let key = name.to_ascii_lowercase();
        let v = Val::Str(value.to_string());
        let entry = self.custom.entry(key).or_insert_with(|| Custom {
            name: name.to_ascii_lowercase(),
            slot: Slot {
                val: Val::Str(String::new()),
                source: Source::Default,
                reset_val: Val::Str(String::new()),
                reset_source: Source::Default,
            },
        });
        if source != Source::Session {
            entry.slot.reset_val = v.clone();
            entry.slot.reset_source = source;
        }
        entry.slot.val = v;
        entry.slot.source = source;
        Ok(())
    }

    /// RESET name / SET name TO DEFAULT: back to the value the session started with.
    pub fn reset(&mut self, name: &str, ctx: Context) -> PgResult<()> {
        let Some(i) = find(name) else {
            let key = name.to_ascii_lowercase();
            return match self.custom.get_mut(&key) {
                Some(c) => {
                    c.slot.val = c.slot.reset_val.clone();
                    c.slot.source = c.slot.reset_source;
                    Ok(())
                }
                None => Err(unrecognized(name)),
            };
        };
        Self::check_context(&PARAMS[i], ctx)?;
        self.reset_slot(i);
        Ok(())
    }

    fn reset_slot(&mut self, i: usize) {
        let slot = &mut self.slots[i];
        let changed = slot.val != slot.reset_val;
        slot.val = slot.reset_val.clone();
        slot.source = slot.reset_source;
        if changed && PARAMS[i].has(table::REPORT) {
            self.note_report(i);
        }
    }

    /// RESET ALL: every user-settable parameter back to its reset value.
    pub fn reset_all(&mut self) {
        for (i, p) in PARAMS.iter().enumerate() {
            if p.has(table::NO_RESET_ALL) || p.context < Context::Superuser {
                continue;
            }
            self.reset_slot(i);
        }
        for c in self.custom.values_mut() {
            c.slot.val = c.slot.reset_val.clone();
            c.slot.source = c.slot.reset_source;
        }
    }

    /// Make the current values the ones RESET returns to (call once the session's startup
    /// settings are applied).
    /// Also forgets pending reports: the handshake sends every reportable value anyway.
    pub fn mark_session_start(&mut self) {
        self.pending_reports.clear();
        for s in &mut self.slots {
            s.reset_val = s.val.clone();
            s.reset_source = s.source;
        }
        for c in self.custom.values_mut() {
            c.slot.reset_val = c.slot.val.clone();
            c.slot.reset_source = c.slot.source;
        }
    }

    /// The parameter is GUC_REPORT (sent with ParameterStatus when it changes).
    pub fn is_reported(name: &str) -> bool {
        lookup(name).is_some_and(|p| p.has(table::REPORT))
    }

    /// Reportable parameters changed since the last call, as (name, SHOW value).
    pub fn take_reports(&mut self) -> Vec<(String, String)> {
        let pending = std::mem::take(&mut self.pending_reports);
        pending
            .into_iter()
            .map(|i| (PARAMS[i].name.to_string(), self.show(i)))
            .collect()
    }

    /// All reportable parameters in the order PostgreSQL 10 sends them after authentication.
    /// (Does not touch the pending reports `take_reports` returns.)
    pub fn report_all(&self) -> Vec<(String, String)> {
        let mut v: Vec<usize> = (0..PARAMS.len())
            .filter(|&i| PARAMS[i].has(table::REPORT))
            .collect();
        v.sort_by_key(|&i| PARAMS[i].name.to_ascii_lowercase());
        v.into_iter()
            .map(|i| (PARAMS[i].name.to_string(), self.show(i)))
            .collect()
    }

    /// Rows of SHOW ALL: (name, setting, description), sorted by name.
    pub fn show_all(&self) -> Vec<(String, String, String)> {
        let mut rows: Vec<(String, String, String)> = (0..PARAMS.len())
            .filter(|&i| !PARAMS[i].has(table::NO_SHOW_ALL))
            .map(|i| {
                (
                    PARAMS[i].name.to_string(),
                    self.show(i),
                    PARAMS[i].desc.to_string(),
                )
            })
            .collect();
        for c in self.custom.values() {
            if let Val::Str(s) = &c.slot.val {
                rows.push((c.name.clone(), s.clone(), String::new()));
            }
        }
        rows.sort_by_key(|r| r.0.to_ascii_lowercase());
        rows
    }

    /// The rows of the pg_settings view, sorted by name: like SHOW ALL, but each value in
    /// the parameter's own unit (`setting` with `unit`) and with its metadata.
    pub fn pg_settings_rows(&self) -> Vec<SettingRow> {
        let raw = |i: usize, v: &Val| -> String {
            match v {
                Val::Bool(b) => if *b { "on" } else { "off" }.to_string(),
                Val::Int(n) if PARAMS[i].has(table::OCTAL) => format!("{n:04o}"),
                Val::Int(n) => n.to_string(),
                Val::Real(r) => format_real(*r),
                Val::Str(s) => s.clone(),
            }
        };
        let mut rows: Vec<SettingRow> = (0..PARAMS.len())
            .filter(|&i| !PARAMS[i].has(table::NO_SHOW_ALL))
            .map(|i| {
                let p = &PARAMS[i];
                let slot = &self.slots[i];
                let (unit, min_val, max_val, enumvals) = match p.kind {
                    Kind::Int { min, max, unit, .. } => (
                        unit.as_str(),
                        Some(min.to_string()),
                        Some(max.to_string()),
                        None,
                    ),
                    Kind::Real { min, max, .. } => {
                        (None, Some(format_real(min)), Some(format_real(max)), None)
                    }
                    Kind::Enum { values, .. } => (
                        None,
                        None,
                        None,
                        Some(values.iter().map(|v| v.to_string()).collect()),
                    ),
                    Kind::Bool(_) | Kind::Str(_) => (None, None, None, None),
                };
                SettingRow {
                    name: p.name.to_string(),
                    setting: if matches!(p.kind, Kind::Int { .. } | Kind::Bool(_)) {
                        raw(i, &slot.val)
                    } else {
                        self.show(i)
                    },
                    unit,
                    category: p.section.category(),
                    short_desc: p.desc.to_string(),
                    context: p.context.as_str(),
                    vartype: p.kind.vartype(),
                    source: slot.source.as_str(),
                    min_val,
                    max_val,
                    enumvals,
                    boot_val: raw(i, &boot_val(p)),
                    reset_val: raw(i, &slot.reset_val),
                }
            })
            .collect();
        for c in self.custom.values() {
            if let Val::Str(v) = &c.slot.val {
                rows.push(SettingRow {
                    name: c.name.clone(),
                    setting: v.clone(),
                    unit: None,
                    category: "Customized Options",
                    short_desc: String::new(),
                    context: Context::User.as_str(),
                    vartype: "string",
                    source: c.slot.source.as_str(),
                    min_val: None,
                    max_val: None,
                    enumvals: None,
                    boot_val: String::new(),
                    reset_val: match &c.slot.reset_val {
                        Val::Str(r) => r.clone(),
                        _ => String::new(),
                    },
                });
            }
        }
        rows.sort_by_key(|r| r.name.to_ascii_lowercase());
        rows
    }

    /// Names of parameters whose current source is `source`.
    pub fn names_with_source(&self, source: Source) -> Vec<&'static str> {
        (0..PARAMS.len())
            .filter(|&i| self.slots[i].source == source)
            .map(|i| PARAMS[i].name)
            .collect()
    }

    /// Put a parameter back to its boot value (used when a line disappears from the
    /// configuration file on reload).
    pub fn reset_to_boot(&mut self, name: &str) -> PgResult<()> {
        let i = find(name).ok_or_else(|| unrecognized(name))?;
        let v = boot_val(&PARAMS[i]);
        let slot = &mut self.slots[i];
        let changed = slot.val != v;
        slot.val = v.clone();
        slot.reset_val = v;
        slot.source = Source::Default;
        slot.reset_source = Source::Default;
        if changed && PARAMS[i].has(table::REPORT) {
            self.note_report(i);
        }
        Ok(())
    }

    /// Would `value` differ from the current value? (validates it too)
    pub fn differs(&self, name: &str, value: &str) -> PgResult<bool> {
        let i = find(name).ok_or_else(|| unrecognized(name))?;
        let v = self.parse_value(i, value)?;
        Ok(self.slots[i].val != v)
    }

    /// Validate a value without storing it (config-file pre-check).
    pub fn validate(&self, name: &str, value: &str) -> PgResult<()> {
        match find(name) {
            Some(i) => self.parse_value(i, value).map(|_| ()),
            None if name.contains('.') => Ok(()),
            None => Err(unrecognized(name)),
        }
    }
}

/// One row of the pg_settings view.
#[derive(Clone, Debug, PartialEq)]
pub struct SettingInfo {
    pub name: String,
    /// The value in the parameter's own unit, without unit suffix (pg_settings.setting).
    pub setting: String,
    pub unit: Option<&'static str>,
    pub category: &'static str,
    pub short_desc: &'static str,
    pub context: &'static str,
    pub vartype: &'static str,
    pub source: &'static str,
    pub min_val: Option<String>,
    pub max_val: Option<String>,
    pub enumvals: Option<Vec<&'static str>>,
    pub boot_val: String,
    pub reset_val: String,
}

fn raw_text(v: &Val, octal: bool) -> String {
    match v {
        Val::Bool(b) => if *b { "on" } else { "off" }.to_string(),
        Val::Int(i) if octal => format!("{i:04o}"),
        Val::Int(i) => i.to_string(),
        Val::Real(r) => format_real(*r),
        Val::Str(s) => s.clone(),
    }
}

impl Settings {
    /// Rows of pg_settings (parameters hidden from SHOW ALL are left out), sorted by name.
    pub fn pg_settings(&self) -> Vec<SettingInfo> {
        let mut rows: Vec<SettingInfo> = PARAMS
            .iter()
            .enumerate()
            .filter(|(_, p)| !p.has(table::NO_SHOW_ALL))
            .map(|(i, p)| {
                let slot = &self.slots[i];
                let octal = p.has(table::OCTAL);
                let (unit, min_val, max_val, enumvals) = match p.kind {
                    Kind::Int { min, max, unit, .. } => (
                        unit.as_str(),
                        Some(min.to_string()),
                        Some(max.to_string()),
                        None,
                    ),
                    Kind::Real { min, max, .. } => {
                        (None, Some(format_real(min)), Some(format_real(max)), None)
                    }
                    Kind::Enum { values, .. } => (None, None, None, Some(values.to_vec())),
                    _ => (None, None, None, None),
                };
                SettingInfo {
                    name: p.name.to_string(),
                    setting: raw_text(&slot.val, octal),
                    unit,
                    category: p.section.category(),
                    short_desc: p.desc,
                    context: p.context.as_str(),
                    vartype: p.kind.vartype(),
                    source: slot.source.as_str(),
                    min_val,
                    max_val,
                    enumvals,
                    boot_val: raw_text(&boot_val(p), octal),
                    reset_val: raw_text(&slot.reset_val, octal),
                }
            })
            .collect();
        rows.sort_by_key(|r| r.name.to_ascii_lowercase());
        rows
    }
}

trait DetailIfUnknown {
    fn with_detail_if_unknown(self, value: &str) -> Self;
}

impl DetailIfUnknown for PgError {
    /// DateStyle: an unknown keyword gives `Unrecognized key word: "x".` instead of the
    /// conflict detail.
    fn with_detail_if_unknown(mut self, value: &str) -> Self {
        let known = [
            "iso",
            "sql",
            "postgres",
            "german",
            "ymd",
            "dmy",
            "euro",
            "european",
            "mdy",
            "us",
            "noneuro",
            "noneuropean",
            "default",
        ];
        if let Some(bad) = value
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|t| !t.is_empty())
            .find(|t| !known.contains(&t.to_ascii_lowercase().as_str()))
        {
            self.detail = Some(format!("Unrecognized key word: \"{bad}\"."));
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use common::sqlstate;

    fn user_set(s: &mut Settings, n: &str, v: &str) -> PgResult<()> {
        s.set(n, v, Context::User, Source::Session)
    }

    #[test]
    fn typed_reads_any_case_and_in_units() {
        let mut s = Settings::new();
        user_set(&mut s, "work_mem", "4MB").unwrap();
        assert_eq!(s.get_int("work_mem").unwrap(), 4096);
        assert_eq!(s.get_int("WORK_MEM").unwrap(), 4096);
        // effective_cache_size is kept in 8kB blocks: 4GB by default.
        assert_eq!(s.get_int("effective_cache_size").unwrap(), 524_288);
        user_set(&mut s, "Random_Page_Cost", "1.5").unwrap();
        assert_eq!(s.get_real("random_page_cost").unwrap(), 1.5);
        user_set(&mut s, "enable_seqscan", "no").unwrap();
        assert!(!s.get_bool("ENABLE_SEQSCAN").unwrap());
        assert!(s.get_int("no_such_setting").is_err());
    }

    #[test]
    fn defaults_show_like_postgres() {
        let s = Settings::new();
        for (n, v) in [
            ("shared_buffers", "128MB"),
            ("work_mem", "4MB"),
            ("maintenance_work_mem", "64MB"),
            ("statement_timeout", "0"),
            ("checkpoint_timeout", "5min"),
            ("effective_cache_size", "4GB"),
            ("max_wal_size", "1GB"),
            ("min_wal_size", "80MB"),
            ("wal_buffers", "4MB"),
            ("segment_size", "1GB"),
            ("wal_segment_size", "16MB"),
            ("datestyle", "ISO, MDY"),
            ("TIMEZONE", "UTC"),
            ("server_version", "10.2"),
            ("server_version_num", "100002"),
            ("block_size", "8192"),
            ("max_identifier_length", "63"),
            ("unix_socket_permissions", "0777"),
            ("log_file_mode", "0600"),
            ("cpu_operator_cost", "0.0025"),
            ("seq_page_cost", "1"),
            ("search_path", "\"$user\", public"),
            ("log_min_duration_statement", "-1"),
            ("autovacuum_naptime", "1min"),
            ("log_rotation_age", "1d"),
            ("deadlock_timeout", "1s"),
            ("archive_command", "(disabled)"),
            ("standard_conforming_strings", "on"),
            ("default_transaction_isolation", "read committed"),
            ("temp_buffers", "8MB"),
            ("max_stack_depth", "2MB"),
            ("bgwriter_delay", "200ms"),
        ] {
            assert_eq!(s.get(n).unwrap(), v, "{n}");
        }
        let e = s.get("nope").unwrap_err();
        assert_eq!(e.code, sqlstate::UNDEFINED_OBJECT);
        assert_eq!(e.message, "unrecognized configuration parameter \"nope\"");
    }

    #[test]
    fn value_validation() {
        let mut s = Settings::new();
        user_set(&mut s, "enable_seqscan", "of").unwrap();
        assert_eq!(s.get("enable_seqscan").unwrap(), "off");
        user_set(&mut s, "enable_seqscan", "TRUE").unwrap();
        assert_eq!(s.get("enable_seqscan").unwrap(), "on");
        let e = user_set(&mut s, "enable_seqscan", "o").unwrap_err();
        assert_eq!(
            e.message,
            "parameter \"enable_seqscan\" requires a Boolean value"
        );
        assert_eq!(e.code, sqlstate::INVALID_PARAMETER_VALUE);

        user_set(&mut s, "work_mem", "1GB").unwrap();
        assert_eq!(s.get("work_mem").unwrap(), "1GB");
        user_set(&mut s, "work_mem", "1000").unwrap();
        assert_eq!(s.get("work_mem").unwrap(), "1000kB");
        let e = user_set(&mut s, "work_mem", "1 XB").unwrap_err();
        assert_eq!(
            e.message,
            "invalid value for parameter \"work_mem\": \"1 XB\""
        );
        assert_eq!(e.hint.as_deref(), Some(MEMORY_HINT));
        let e = user_set(&mut s, "work_mem", "10").unwrap_err();
        assert_eq!(
            e.message,
            "10 is outside the valid range for parameter \"work_mem\" (64 .. 2147483647)"
        );
        user_set(&mut s, "statement_timeout", "90s").unwrap();
        assert_eq!(s.get("statement_timeout").unwrap(), "90s");
        user_set(&mut s, "statement_timeout", "120000").unwrap();
        assert_eq!(s.get("statement_timeout").unwrap(), "2min");
        let e = user_set(&mut s, "statement_timeout", "5 parsecs").unwrap_err();
        assert_eq!(e.hint.as_deref(), Some(TIME_HINT));
        let e = user_set(&mut s, "extra_float_digits", "abc").unwrap_err();
        assert_eq!(
            e.message,
            "invalid value for parameter \"extra_float_digits\": \"abc\""
        );
        user_set(&mut s, "extra_float_digits", "3").unwrap();
        user_set(&mut s, "random_page_cost", "1.5").unwrap();
        assert_eq!(s.get("random_page_cost").unwrap(), "1.5");

        user_set(&mut s, "intervalstyle", "SQL_STANDARD").unwrap();
        assert_eq!(s.get("IntervalStyle").unwrap(), "sql_standard");
        let e = user_set(&mut s, "IntervalStyle", "x").unwrap_err();
        assert_eq!(
            e.hint.as_deref(),
            Some("Available values: postgres, postgres_verbose, sql_standard, iso_8601.")
        );
        user_set(&mut s, "datestyle", "postgres, dmy").unwrap();
        assert_eq!(s.get("DateStyle").unwrap(), "Postgres, DMY");
        let e = user_set(&mut s, "datestyle", "iso, german").unwrap_err();
        assert_eq!(
            e.detail.as_deref(),
            Some("Conflicting \"datestyle\" specifications.")
        );
        let e = user_set(&mut s, "datestyle", "foo").unwrap_err();
        assert_eq!(e.detail.as_deref(), Some("Unrecognized key word: \"foo\"."));
        user_set(&mut s, "client_encoding", "utf-8").unwrap();
        assert_eq!(s.get("client_encoding").unwrap(), "UTF8");
        user_set(&mut s, "client_encoding", "latin1").unwrap();
        assert_eq!(s.get("client_encoding").unwrap(), "LATIN1");
        assert!(user_set(&mut s, "TimeZone", "Nowhere/Special").is_err());
        user_set(&mut s, "application_name", "psql").unwrap();
        user_set(&mut s, "myext.flag", "yes").unwrap();
        assert_eq!(s.get("MYEXT.FLAG").unwrap(), "yes");
        assert!(user_set(&mut s, "noext", "1").is_err());
    }

    #[test]
    fn contexts() {
        let mut s = Settings::new();
        let e = user_set(&mut s, "server_version", "11").unwrap_err();
        assert_eq!(e.message, "parameter \"server_version\" cannot be changed");
        assert_eq!(e.code, sqlstate::CANT_CHANGE_RUNTIME_PARAM);
        let e = user_set(&mut s, "port", "1").unwrap_err();
        assert_eq!(
            e.message,
            "parameter \"port\" cannot be changed without restarting the server"
        );
        let e = user_set(&mut s, "fsync", "off").unwrap_err();
        assert_eq!(e.message, "parameter \"fsync\" cannot be changed now");
        let e = user_set(&mut s, "log_connections", "on").unwrap_err();
        assert_eq!(
            e.message,
            "parameter \"log_connections\" cannot be set after connection start"
        );
        let e = user_set(&mut s, "log_min_messages", "debug1").unwrap_err();
        assert_eq!(e.code, sqlstate::INSUFFICIENT_PRIVILEGE);
        s.set(
            "log_min_messages",
            "debug1",
            Context::Superuser,
            Source::Session,
        )
        .unwrap();
        s.set("port", "5433", Context::Postmaster, Source::CommandLine)
            .unwrap();
        assert_eq!(s.get_int("port").unwrap(), 5433);
        // a lower-priority source does not override the current value
        s.set("port", "5999", Context::Postmaster, Source::File)
            .unwrap();
        assert_eq!(s.get_int("port").unwrap(), 5433);
    }

    #[test]
    fn reset_and_reports() {
        let mut s = Settings::new();
        s.set("DateStyle", "SQL, DMY", Context::Backend, Source::Client)
            .unwrap();
        s.mark_session_start();
        let all = s.report_all();
        let names: Vec<&str> = all.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            vec![
                "application_name",
                "client_encoding",
                "DateStyle",
                "integer_datetimes",
                "IntervalStyle",
                "is_superuser",
                "server_encoding",
                "server_version",
                "session_authorization",
                "standard_conforming_strings",
                "TimeZone"
            ]
        );
        user_set(&mut s, "datestyle", "iso").unwrap();
        user_set(&mut s, "work_mem", "8MB").unwrap();
        assert_eq!(
            s.take_reports(),
            vec![("DateStyle".to_string(), "ISO, DMY".to_string())]
        );
        assert!(s.take_reports().is_empty());
        s.reset("datestyle", Context::User).unwrap();
        assert_eq!(s.get("DateStyle").unwrap(), "SQL, DMY");
        assert_eq!(s.take_reports().len(), 1);
        s.reset_all();
        assert_eq!(s.get("work_mem").unwrap(), "4MB");
        assert!(Settings::is_reported("timezone"));
        assert!(!Settings::is_reported("work_mem"));
        let rows = s.show_all();
        assert!(rows
            .iter()
            .any(|r| r.0 == "work_mem" && r.2.contains("query workspaces")));
        assert!(!rows.iter().any(|r| r.0 == "is_superuser"));
        assert!(rows.len() > 250, "{}", rows.len());
        let info = s.pg_settings();
        let sb = info.iter().find(|r| r.name == "shared_buffers").unwrap();
        assert_eq!(
            (
                sb.setting.as_str(),
                sb.unit,
                sb.context,
                sb.vartype,
                sb.source
            ),
            ("16384", Some("8kB"), "postmaster", "integer", "default")
        );
        let ds = info.iter().find(|r| r.name == "DateStyle").unwrap();
        assert_eq!(
            (ds.setting.as_str(), ds.reset_val.as_str()),
            ("SQL, DMY", "SQL, DMY")
        );
        assert_eq!(
            ds.category,
            "Client Connection Defaults / Locale and Formatting"
        );
    }

    #[test]
    fn sample_lists_everything() {
        let text = crate::sample::initdb_config("en_US.utf8", "english");
        assert!(text.contains("\nlisten_addresses = '*'"));
        assert!(text.contains("\nmax_connections = 100\t"));
        assert!(text.contains("\nshared_buffers = 128MB"));
        assert!(text.contains("\nlc_messages = 'en_US.utf8'"));
        assert!(text.contains("\n#work_mem = 4MB"));
        assert!(text.contains("\n#search_path = '\"$user\", public'"));
        for p in PARAMS.iter().filter(|p| !p.has(table::NOT_IN_SAMPLE)) {
            assert!(
                text.to_ascii_lowercase()
                    .contains(&format!("{} = ", p.name.to_ascii_lowercase())),
                "{}",
                p.name
            );
        }
        // The generated file must load cleanly.
        let mut items = Vec::new();
        crate::conf::parse_text(
            &text,
            std::path::Path::new("/x/postgresql.conf"),
            0,
            &mut items,
        )
        .unwrap();
        let mut s = Settings::new();
        for it in items {
            s.set(&it.name, &it.value, Context::Postmaster, Source::File)
                .unwrap();
        }
        assert_eq!(s.get("listen_addresses").unwrap(), "*");
        assert_eq!(
            s.get("default_text_search_config").unwrap(),
            "pg_catalog.english"
        );
    }
}
