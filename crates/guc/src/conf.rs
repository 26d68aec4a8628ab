//! postgresql.conf parsing (PostgreSQL's syntax: `name = value` or `name value`, `#` comments,
//! quoted strings with '' and backslash escapes, include/include_if_exists/include_dir) and
//! loading of postgresql.conf + postgresql.auto.conf + command-line settings into `Settings`.

use crate::settings::{lookup, Settings, Source};
use crate::table::{Context, DISALLOW_IN_FILE};
use common::{PgError, PgResult, Severity};
use std::path::{Path, PathBuf};

/// One `name = value` line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigItem {
    pub name: String,
    pub value: String,
    pub file: PathBuf,
    pub line: u32,
}

fn config_error(msg: String) -> PgError {
    PgError::new(common::sqlstate::CONFIG_FILE_ERROR, msg)
}

const MAX_DEPTH: u32 = 10;

/// Parse a configuration file and everything it includes.
pub fn parse_config_file(path: &Path) -> PgResult<Vec<ConfigItem>> {
    let mut out = Vec::new();
    parse_file(path, false, 0, &mut out)?;
    Ok(out)
}

fn parse_file(
    path: &Path,
    missing_ok: bool,
    depth: u32,
    out: &mut Vec<ConfigItem>,
) -> PgResult<()> {
    if depth > MAX_DEPTH {
        return Err(config_error(format!(
            "could not open configuration file \"{}\": maximum nesting depth exceeded",
            path.display()
        )));
    }
    let text = match std::fs::read(path) {
        Ok(t) => String::from_utf8_lossy(&t).into_owned(),
        Err(e) if missing_ok && e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => {
            return Err(config_error(format!(
                "could not open configuration file \"{}\": {}",
                path.display(),
                crate::io_error_text(&e)
            )))
        }
    };
    parse_text(&text, path, depth, out)
}

/// Parse configuration text that came from `path` (used for error messages and includes).
pub fn parse_text(text: &str, path: &Path, depth: u32, out: &mut Vec<ConfigItem>) -> PgResult<()> {
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    for (n, raw) in text.lines().enumerate() {
        let lineno = n as u32 + 1;
        let syntax = |near: Option<&str>| {
            config_error(match near {
                Some(t) => format!(
                    "syntax error in file \"{}\" line {lineno}, near token \"{t}\"",
                    path.display()
                ),
                None => format!(
                    "syntax error in file \"{}\" line {lineno}, near end of line",
                    path.display()
                ),
            })
        };
        let line = raw.trim_start();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        // name: identifier, possibly qualified (a.b)
        let name_end = line
            .char_indices()
            .find(|(_, c)| !(c.is_alphanumeric() || *c == '_' || *c == '$' || *c == '.'))
            .map(|(i, _)| i)
            .unwrap_or(line.len());
        let name = &line[..name_end];
        if name.is_empty() || !name.starts_with(|c: char| c.is_alphabetic() || c == '_') {
            let tok: String = line.chars().take_while(|c| !c.is_whitespace()).collect();
            return Err(syntax(Some(&tok)));
        }
        let mut rest = line[name_end..].trim_start();
        if let Some(r) = rest.strip_prefix('=') {
            rest = r.trim_start();
        }
        let (value, after) = if let Some(r) = rest.strip_prefix('\'') {
            let (v, used) = parse_quoted(r).ok_or_else(|| syntax(None))?;
            (v, &r[used..])
        } else {
            let end = rest
                .char_indices()
                .find(|(_, c)| c.is_whitespace() || *c == '#')
                .map(|(i, _)| i)
                .unwrap_or(rest.len());
            if end == 0 {
                return Err(syntax(None));
            }
            (rest[..end].to_string(), &rest[end..])
        };
        let after = after.trim_start();
        if !after.is_empty() && !after.starts_with('#') {
            let tok: String = after.chars().take_while(|c| !c.is_whitespace()).collect();
            return Err(syntax(Some(&tok)));
        }
        let resolve = |v: &str| {
            let p = Path::new(v);
            if p.is_absolute() {
                p.to_path_buf()
            } else {
                dir.join(p)
            }
        };
        match name.to_ascii_lowercase().as_str() {
            "include" => parse_file(&resolve(&value), false, depth + 1, out)?,
            "include_if_exists" => parse_file(&resolve(&value), true, depth + 1, out)?,
            "include_dir" => {
                let d = resolve(&value);
                let entries = std::fs::read_dir(&d).map_err(|e| {
                    config_error(format!(
                        "could not open configuration directory \"{}\": {}",
                        d.display(),
                        crate::io_error_text(&e)
                    ))
                })?;
                let mut files: Vec<PathBuf> = entries
                    .flatten()
                    .map(|e| e.path())
                    .filter(|p| {
                        let n = p.file_name().map(|n| n.to_string_lossy().to_string());
                        n.is_some_and(|n| !n.starts_with('.') && n.ends_with(".conf"))
                            && p.is_file()
                    })
                    .collect();
                files.sort();
                for f in files {
                    parse_file(&f, false, depth + 1, out)?;
                }
            }
            _ => out.push(ConfigItem {
                name: name.to_string(),
                value,
                file: path.to_path_buf(),
                line: lineno,
            }),
        }
    }
    Ok(())
}

/// Parse the inside of a single-quoted string; returns the value and bytes consumed including
/// the closing quote.
fn parse_quoted(s: &str) -> Option<(String, usize)> {
    let mut out = String::new();
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\'' => {
                if let Some((_, '\'')) = chars.peek() {
                    chars.next();
                    out.push('\'');
                } else {
                    return Some((out, i + 1));
                }
            }
            '\\' => {
                let (_, e) = chars.next()?;
                match e {
                    'b' => out.push('\u{8}'),
                    'f' => out.push('\u{c}'),
                    'n' => out.push('\n'),
                    'r' => out.push('\r'),
                    't' => out.push('\t'),
                    '0'..='7' => {
                        let mut v = e.to_digit(8).unwrap_or(0);
                        for _ in 0..2 {
                            match chars.peek() {
                                Some((_, d)) if d.is_digit(8) => {
                                    v = v * 8 + d.to_digit(8).unwrap_or(0);
                                    chars.next();
                                }
                                _ => break,
                            }
                        }
                        out.push(char::from_u32(v).unwrap_or('?'));
                    }
                    other => out.push(other),
                }
            }
            '\n' => return None,
            c => out.push(c),
        }
    }
    None
}

/// Split an `options` string / command line into words, honoring backslash-escaped spaces.
pub fn split_options(s: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut chars = s.chars();
    let mut have = false;
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(n) = chars.next() {
                cur.push(n);
                have = true;
            }
        } else if c.is_whitespace() {
            if have {
                words.push(std::mem::take(&mut cur));
                have = false;
            }
        } else {
            cur.push(c);
            have = true;
        }
    }
    if have {
        words.push(cur);
    }
    words
}

/// Parse `-c name=value` / `--name=value` words (the `options` startup parameter) into pairs.
/// Dashes in names become underscores, as PostgreSQL does.
pub fn parse_option_words(words: &[String]) -> PgResult<Vec<(String, String)>> {
    let mut out = Vec::new();
    let mut it = words.iter();
    let bad = |w: &str| {
        PgError::new(
            common::sqlstate::SYNTAX_ERROR,
            format!("invalid command-line argument for server process: {w}"),
        )
        .with_hint("Try \"postgres --help\" for more information.")
    };
    while let Some(w) = it.next() {
        let kv = if w == "-c" {
            it.next().ok_or_else(|| bad(w))?.as_str()
        } else if let Some(r) = w.strip_prefix("-c") {
            r
        } else if let Some(r) = w.strip_prefix("--") {
            r
        } else {
            return Err(bad(w));
        };
        let Some((k, v)) = kv.split_once('=') else {
            return Err(PgError::new(
                common::sqlstate::SYNTAX_ERROR,
                format!("parameter \"{}\" requires a value", kv.replace('-', "_")),
            ));
        };
        out.push((k.replace('-', "_"), v.to_string()));
    }
    Ok(out)
}

/// Outcome of loading configuration files.
#[derive(Debug, Default)]
pub struct LoadReport {
    /// Messages to write to the server log (LOG level), e.g. ignored restart-only changes.
    pub log: Vec<PgError>,
}

impl Settings {
    /// Load postgresql.conf (with includes) and then `auto_conf` (postgresql.auto.conf, if it
    /// exists). At server start `ctx` is `Postmaster`: any error is returned (the caller logs it
    /// and exits). On reload `ctx` is `Sighup`: an invalid file changes nothing and the errors
    /// come back as `Err`; restart-only parameters that changed are reported in the log and
    /// left alone; parameters removed from the files go back to their defaults.
    pub fn load_config_files(
        &mut self,
        config_file: &Path,
        auto_conf: Option<&Path>,
        ctx: Context,
    ) -> Result<LoadReport, Vec<PgError>> {
        let mut items = match parse_config_file(config_file) {
            Ok(i) => i,
            Err(e) => return Err(vec![e]),
        };
        if let Some(a) = auto_conf {
            let mut more = Vec::new();
            match parse_file(a, true, 0, &mut more) {
                Ok(()) => items.extend(more),
                Err(e) => return Err(vec![e]),
            }
        }
        // Validate everything first.
        let mut errors = Vec::new();
        for it in &items {
            let loc = format!("in file \"{}\" line {}", it.file.display(), it.line);
            match lookup(&it.name) {
                None if !it.name.contains('.') => errors.push(config_error(format!(
                    "unrecognized configuration parameter \"{}\" {loc}",
                    it.name
                ))),
                Some(p) if p.has(DISALLOW_IN_FILE) => errors.push(PgError::new(
                    common::sqlstate::CANT_CHANGE_RUNTIME_PARAM,
                    format!("parameter \"{}\" cannot be changed", p.name),
                )),
                _ => {
                    if let Err(mut e) = self.validate(&it.name, &it.value) {
                        e.message = format!("{} {loc}", e.message);
                        errors.push(e);
                    }
                }
            }
        }
        if !errors.is_empty() {
            let what = if ctx == Context::Postmaster {
                format!(
                    "configuration file \"{}\" contains errors",
                    config_file.display()
                )
            } else {
                format!(
                    "configuration file \"{}\" contains errors; no changes were applied",
                    config_file.display()
                )
            };
            errors.push(config_error(what));
            return Err(errors);
        }
        let mut report = LoadReport::default();
        // Later lines win: keep the last occurrence of each name.
        let mut last: Vec<&ConfigItem> = Vec::new();
        for it in items.iter().rev() {
            if !last.iter().any(|x| x.name.eq_ignore_ascii_case(&it.name)) {
                last.push(it);
            }
        }
        last.reverse();
        if ctx == Context::Sighup {
            for name in self.names_with_source(Source::File) {
                if !last.iter().any(|x| x.name.eq_ignore_ascii_case(name)) {
                    let Some(p) = lookup(name) else { continue };
                    if p.context == Context::Postmaster {
                        continue;
                    }
                    if self.reset_to_boot(name).is_ok() {
                        report.log.push(log_msg(format!(
                            "parameter \"{name}\" removed from configuration file, reset to default"
                        )));
                    }
                }
            }
        }
        for it in last {
            let restart_only = lookup(&it.name).is_some_and(|p| p.context == Context::Postmaster);
            if ctx == Context::Sighup && restart_only {
                if self.differs(&it.name, &it.value).unwrap_or(false) {
                    let mut e = PgError::new(
                        common::sqlstate::CANT_CHANGE_RUNTIME_PARAM,
                        format!(
                            "parameter \"{}\" cannot be changed without restarting the server",
                            lookup(&it.name).map(|p| p.name).unwrap_or(&it.name)
                        ),
                    );
                    e.severity = Severity::Log;
                    report.log.push(e);
                }
                continue;
            }
            let before = self.get(&it.name).ok();
            match self.set(&it.name, &it.value, ctx, Source::File) {
                Ok(()) => {
                    let after = self.get(&it.name).ok();
                    if ctx == Context::Sighup && before != after {
                        if let Ok(n) = self.canonical_name(&it.name) {
                            report.log.push(log_msg(format!(
                                "parameter \"{n}\" changed to \"{}\"",
                                after.unwrap_or_default()
                            )));
                        }
                    }
                }
                Err(mut e) => {
                    e.severity = Severity::Log;
                    report.log.push(e);
                }
            }
        }
        Ok(report)
    }

    /// Apply command-line settings (`-c name=value`, `-p`, ...): highest priority at startup.
    pub fn apply_command_line(&mut self, settings: &[(String, String)]) -> PgResult<()> {
        for (k, v) in settings {
            self.set(k, v, Context::Postmaster, Source::CommandLine)?;
        }
        Ok(())
    }
}

fn log_msg(m: String) -> PgError {
    PgError::new(common::sqlstate::SUCCESSFUL_COMPLETION, m).with_severity(Severity::Log)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> PgResult<Vec<ConfigItem>> {
        let mut out = Vec::new();
        parse_text(text, Path::new("/tmp/x/postgresql.conf"), 0, &mut out)?;
        Ok(out)
    }

    #[test]
    fn syntax() {
        let items = parse(
            "# comment\n\nport = 5433\nwork_mem 8MB   # trailing\nsearch_path = '\"$user\", public'\n\
             listen_addresses='it''s\\n'\nmy.custom = x\n",
        )
        .unwrap();
        let pairs: Vec<(&str, &str)> = items
            .iter()
            .map(|i| (i.name.as_str(), i.value.as_str()))
            .collect();
        assert_eq!(
            pairs,
            vec![
                ("port", "5433"),
                ("work_mem", "8MB"),
                ("search_path", "\"$user\", public"),
                ("listen_addresses", "it's\n"),
                ("my.custom", "x")
            ]
        );
        assert_eq!(items[1].line, 4);
        let e = parse("port = 1 2\n").unwrap_err();
        assert_eq!(
            e.message,
            "syntax error in file \"/tmp/x/postgresql.conf\" line 1, near token \"2\""
        );
        let e = parse("port = 'abc\n").unwrap_err();
        assert!(e.message.contains("near end of line"), "{}", e.message);
        assert!(parse("port =\n").is_err());
    }

    #[test]
    fn includes_and_loading() {
        let d = std::env::temp_dir().join(format!("guc-test-{}", std::process::id()));
        std::fs::create_dir_all(d.join("conf.d")).unwrap();
        std::fs::write(
            d.join("postgresql.conf"),
            "port = 5433\ninclude 'other.conf'\ninclude_if_exists 'missing.conf'\ninclude_dir 'conf.d'\nwork_mem = 1MB\n",
        )
        .unwrap();
        std::fs::write(
            d.join("other.conf"),
            "work_mem = 2MB\nstatement_timeout = 5s\n",
        )
        .unwrap();
        std::fs::write(d.join("conf.d/a.conf"), "lock_timeout = 1min\n").unwrap();
        std::fs::write(d.join("postgresql.auto.conf"), "lock_timeout = '2min'\n").unwrap();
        let mut s = Settings::new();
        s.load_config_files(
            &d.join("postgresql.conf"),
            Some(&d.join("postgresql.auto.conf")),
            Context::Postmaster,
        )
        .unwrap();
        assert_eq!(s.get("port").unwrap(), "5433");
        assert_eq!(s.get("work_mem").unwrap(), "1MB");
        assert_eq!(s.get("statement_timeout").unwrap(), "5s");
        assert_eq!(s.get("lock_timeout").unwrap(), "2min");
        s.apply_command_line(&[("port".into(), "6000".into())])
            .unwrap();
        assert_eq!(s.get("port").unwrap(), "6000");

        // Reload: a restart-only change is logged and ignored; removed lines reset.
        std::fs::write(
            d.join("postgresql.conf"),
            "port = 7000\nmax_connections = 5\n",
        )
        .unwrap();
        std::fs::remove_file(d.join("postgresql.auto.conf")).unwrap();
        let r = s
            .load_config_files(
                &d.join("postgresql.conf"),
                Some(&d.join("postgresql.auto.conf")),
                Context::Sighup,
            )
            .unwrap();
        assert_eq!(s.get("port").unwrap(), "6000");
        assert_eq!(s.get("work_mem").unwrap(), "4MB");
        assert!(r.log.iter().any(|e| e.message
            == "parameter \"max_connections\" cannot be changed without restarting the server"));

        // Unknown names are errors naming file and line.
        std::fs::write(d.join("postgresql.conf"), "\nbogus = 1\n").unwrap();
        let errs = s
            .load_config_files(&d.join("postgresql.conf"), None, Context::Postmaster)
            .unwrap_err();
        assert_eq!(
            errs[0].message,
            format!(
                "unrecognized configuration parameter \"bogus\" in file \"{}\" line 2",
                d.join("postgresql.conf").display()
            )
        );
        std::fs::remove_dir_all(&d).unwrap();
    }

    #[test]
    fn options_words() {
        let w = split_options("-c search_path=a\\ b --work-mem=8MB -cgeqo=off");
        assert_eq!(
            w,
            vec!["-c", "search_path=a b", "--work-mem=8MB", "-cgeqo=off"]
        );
        let kv = parse_option_words(&w).unwrap();
        assert_eq!(
            kv,
            vec![
                ("search_path".to_string(), "a b".to_string()),
                ("work_mem".to_string(), "8MB".to_string()),
                ("geqo".to_string(), "off".to_string())
            ]
        );
        assert!(parse_option_words(&["x".to_string()]).is_err());
    }
}
