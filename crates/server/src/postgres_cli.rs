//! The `postgres` program: command-line parsing (-D, -p, -h, -k, -c, --name=value, -C, -V...),
//! loading postgresql.conf / postgresql.auto.conf / command-line settings, data-directory
//! validation, postmaster.opts, then the postmaster.

use crate::datadir;
use crate::log::{self, log_error, LogCtx};
use crate::postmaster::{self, PostmasterConfig};
use common::{PgError, Severity};
use guc::{Context, Settings, Source};
use std::path::PathBuf;

/// What the command line asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    Version,
    Help,
    Run(ServerArgs),
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServerArgs {
    pub data_dir: Option<String>,
    /// `-C name`: print the setting and exit.
    pub show: Option<String>,
    /// Settings from the command line, in order.
    pub settings: Vec<(String, String)>,
}

fn usage_error(msg: String) -> String {
    format!("{msg}\nTry \"postgres --help\" for more information.\n")
}

/// Parse the arguments (without the program name).
pub fn parse_args(args: &[String]) -> Result<Action, String> {
    if let Some(first) = args.first() {
        match first.as_str() {
            "--help" | "-?" => return Ok(Action::Help),
            "--version" | "-V" => return Ok(Action::Version),
            _ => {}
        }
    }
    let mut out = ServerArgs::default();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        i += 1;
        if let Some(long) = a.strip_prefix("--") {
            match long {
                "help" => return Ok(Action::Help),
                "version" => return Ok(Action::Version),
                "single" | "boot" | "describe-config" => {
                    return Err(usage_error(format!("postgres: --{long} is not supported")))
                }
                _ => {}
            }
            let Some((k, v)) = long.split_once('=') else {
                return Err(format!("postgres: --{long} requires a value\n"));
            };
            out.settings.push((k.replace('-', "_"), v.to_string()));
            continue;
        }
        let Some(opt) = a.strip_prefix('-').and_then(|r| r.chars().next()) else {
            return Err(usage_error(format!("postgres: invalid argument: \"{a}\"")));
        };
        let attached = &a[1 + opt.len_utf8()..];
        let takes_arg = "BcCDdhkNpSo".contains(opt);
        let val = if takes_arg {
            if !attached.is_empty() {
                attached.to_string()
            } else if i < args.len() {
                i += 1;
                args[i - 1].clone()
            } else {
                return Err(usage_error(format!(
                    "postgres: option requires an argument -- '{opt}'"
                )));
            }
        } else {
            if !attached.is_empty() {
                return Err(usage_error(format!(
                    "postgres: invalid option -- '{}'",
                    attached.chars().next().unwrap_or(opt)
                )));
            }
            String::new()
        };
        let mut set = |k: &str, v: String| out.settings.push((k.to_string(), v));
        match opt {
            'B' => set("shared_buffers", val),
            'c' => match val.split_once('=') {
                Some((k, v)) => set(&k.replace('-', "_"), v.to_string()),
                None => return Err(format!("postgres: -c {val} requires a value\n")),
            },
            'C' => out.show = Some(val),
            'D' => out.data_dir = Some(val),
            'd' => {
                let n: i32 = val.parse().unwrap_or(0);
                let level = if n <= 0 {
                    "notice".to_string()
                } else {
                    format!("debug{}", n.min(5))
                };
                set("log_min_messages", level)
            }
            'F' => set("fsync", "off".into()),
            'h' => set("listen_addresses", val),
            'i' => set("listen_addresses", "*".into()),
            'k' => set("unix_socket_directories", val),
            'l' => set("ssl", "on".into()),
            'N' => set("max_connections", val),
            'p' => set("port", val),
            'S' => set("work_mem", val),
            'o' => {
                // Old-style extra options: parsed like a command line.
                let words = guc::split_options(&val);
                if let Action::Run(more) = parse_args(&words)? {
                    out.settings.extend(more.settings);
                }
            }
            _ => return Err(usage_error(format!("postgres: invalid option -- '{opt}'"))),
        }
    }
    Ok(Action::Run(out))
}

const HELP: &str = "postgres is the PostgreSQL server.

Usage:
  postgres [OPTION]...

Options:
  -B NBUFFERS        number of shared buffers
  -c NAME=VALUE      set run-time parameter
  -C NAME            print value of run-time parameter, then exit
  -d 1-5             debugging level
  -D DATADIR         database directory
  -F                 turn fsync off
  -h HOSTNAME        host name or IP address to listen on
  -i                 enable TCP/IP connections
  -k DIRECTORY       Unix-domain socket location
  -l                 enable SSL connections
  -N MAX-CONNECT     maximum number of allowed connections
  -p PORT            port number to listen on
  -S WORK-MEM        set amount of memory for sorts (in kB)
  -V, --version      output version information, then exit
  --NAME=VALUE       set run-time parameter
  -?, --help         show this help, then exit

Please read the documentation for the complete list of run-time
configuration settings and how to set them on the command line or in
the configuration file.

Report bugs to <pgsql-bugs@postgresql.org>.
";

fn fatal(e: PgError) -> i32 {
    log_error(&LogCtx::postmaster(), &e.with_severity(Severity::Fatal));
    1
}

/// Entry point of the `postgres` binary; returns the exit code.
pub fn main(argv: Vec<String>) -> i32 {
    // SAFETY: umask only changes this process's file-creation mask.
    unsafe {
        libc::umask(0o077);
    }
    let args = &argv[1.min(argv.len())..];
    let parsed = match parse_args(args) {
        Ok(a) => a,
        Err(msg) => {
            eprint!("{msg}");
            return 1;
        }
    };
    let sa = match parsed {
        Action::Version => {
            println!("postgres {}", crate::PG_VERSION_STR);
            return 0;
        }
        Action::Help => {
            print!("{HELP}");
            return 0;
        }
        Action::Run(sa) => sa,
    };

    let mut settings = Settings::new();
    // Environment defaults PostgreSQL honors (below the files and the command line).
    for (var, name) in [
        ("PGPORT", "port"),
        ("PGDATESTYLE", "DateStyle"),
        ("PGCLIENTENCODING", "client_encoding"),
    ] {
        if let Ok(v) = std::env::var(var) {
            if !v.is_empty() {
                if let Err(e) = settings.set(name, &v, Context::Postmaster, Source::EnvVar) {
                    return fatal(e);
                }
            }
        }
    }
    for (k, v) in &sa.settings {
        if let Err(e) = settings.set(k, v, Context::Postmaster, Source::CommandLine) {
            return fatal(e);
        }
    }
    let data_dir = sa
        .data_dir
        .clone()
        .or_else(|| {
            settings
                .get("data_directory")
                .ok()
                .filter(|s| !s.is_empty())
        })
        .or_else(|| std::env::var("PGDATA").ok().filter(|s| !s.is_empty()));
    let explicit_conf = settings.get("config_file").ok().filter(|s| !s.is_empty());
    let Some(data_dir) = data_dir.or_else(|| {
        explicit_conf
            .as_ref()
            .and_then(|c| PathBuf::from(c).parent().map(|p| p.display().to_string()))
    }) else {
        eprint!(
            "postgres does not know where to find the server configuration file.\n\
             You must specify the --config-file or -D invocation option or set the PGDATA environment variable.\n"
        );
        return 2;
    };
    let data_dir = datadir::absolute(&PathBuf::from(data_dir));
    let config_file = explicit_conf
        .map(PathBuf::from)
        .unwrap_or_else(|| data_dir.join("postgresql.conf"));
    if let Err(e) = std::fs::metadata(&config_file) {
        eprintln!(
            "postgres: could not access the server configuration file \"{}\": {}",
            config_file.display(),
            guc::io_error_text(&e)
        );
        return 2;
    }
    let dd = data_dir.display().to_string();
    for (name, val) in [
        ("data_directory", dd.clone()),
        ("config_file", config_file.display().to_string()),
        ("hba_file", format!("{dd}/pg_hba.conf")),
        ("ident_file", format!("{dd}/pg_ident.conf")),
    ] {
        if settings.get(name).map(|v| v.is_empty()).unwrap_or(true) {
            let _ = settings.set_internal(name, &val);
        }
    }
    let auto = data_dir.join("postgresql.auto.conf");
    if let Err(errs) = settings.load_config_files(&config_file, Some(&auto), Context::Postmaster) {
        let n = errs.len();
        for (i, e) in errs.into_iter().enumerate() {
            let sev = if i + 1 == n {
                Severity::Fatal
            } else {
                Severity::Log
            };
            log_error(&LogCtx::postmaster(), &e.with_severity(sev));
        }
        return 1;
    }
    if let Ok(p) = settings.get("log_line_prefix") {
        log::set_prefix(&p);
    }
    if let Some(name) = &sa.show {
        return match settings.get(name) {
            Ok(v) => {
                println!("{v}");
                0
            }
            Err(e) => fatal(e),
        };
    }
    if let Err(e) = datadir::validate_data_dir(&data_dir) {
        return fatal(e);
    }
    let exe = std::env::current_exe()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|_| argv.first().cloned().unwrap_or_else(|| "postgres".into()));
    let _ = datadir::write_opts(&data_dir, &exe, args);
    postmaster::run(PostmasterConfig {
        data_dir,
        config_file,
        settings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn args() {
        let Action::Run(r) = parse_args(&v(&[
            "-D",
            "/d",
            "-p5433",
            "-c",
            "work_mem=8MB",
            "--shared-buffers=1GB",
            "-k",
            "/tmp",
            "-i",
        ]))
        .unwrap() else {
            panic!()
        };
        assert_eq!(r.data_dir.as_deref(), Some("/d"));
        assert_eq!(
            r.settings,
            vec![
                ("port".to_string(), "5433".to_string()),
                ("work_mem".to_string(), "8MB".to_string()),
                ("shared_buffers".to_string(), "1GB".to_string()),
                ("unix_socket_directories".to_string(), "/tmp".to_string()),
                ("listen_addresses".to_string(), "*".to_string()),
            ]
        );
        assert_eq!(parse_args(&v(&["-V"])).unwrap(), Action::Version);
        assert!(parse_args(&v(&["-x"]))
            .unwrap_err()
            .contains("invalid option -- 'x'"));
        assert!(parse_args(&v(&["-p"])).is_err());
        let Action::Run(r) = parse_args(&v(&["-C", "port", "-D", "x"])).unwrap() else {
            panic!()
        };
        assert_eq!(r.show.as_deref(), Some("port"));
    }
}
