//! The `initdb` program: option parsing, the data directory skeleton of PostgreSQL 10
//! (subdirectories, PG_VERSION, postgresql.conf, postgresql.auto.conf, pg_hba.conf,
//! pg_ident.conf), then `tcop::bootstrap_cluster` for the catalogs; cleans up on failure.

use std::fs;
use std::io::{BufRead, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

const PROG: &str = "initdb";

/// Parsed initdb options.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InitdbOptions {
    pub pgdata: Option<String>,
    pub username: Option<String>,
    pub auth: Option<String>,
    pub auth_host: Option<String>,
    pub auth_local: Option<String>,
    pub encoding: Option<String>,
    pub locale: Option<String>,
    pub lc_collate: Option<String>,
    pub lc_ctype: Option<String>,
    pub lc_messages: Option<String>,
    pub lc_monetary: Option<String>,
    pub lc_numeric: Option<String>,
    pub lc_time: Option<String>,
    pub text_search_config: Option<String>,
    pub pwfile: Option<String>,
    pub pwprompt: bool,
    pub waldir: Option<String>,
    pub no_sync: bool,
    pub sync_only: bool,
    pub no_clean: bool,
    pub data_checksums: bool,
    pub show_version: bool,
    pub show_help: bool,
}

fn try_help() -> String {
    format!("Try \"{PROG} --help\" for more information.\n")
}

/// Parse initdb's arguments (without the program name).
pub fn parse_args(args: &[String]) -> Result<InitdbOptions, String> {
    let mut o = InitdbOptions::default();
    let mut i = 0;
    while i < args.len() {
        let a = args[i].clone();
        i += 1;
        let (name, inline): (String, Option<String>) = if let Some(l) = a.strip_prefix("--") {
            match l.split_once('=') {
                Some((k, v)) => (format!("--{k}"), Some(v.to_string())),
                None => (a.clone(), None),
            }
        } else if a.starts_with('-') && a.chars().count() > 2 {
            let split = a.char_indices().nth(2).map(|(i, _)| i).unwrap_or(a.len());
            (a[..split].to_string(), Some(a[split..].to_string()))
        } else {
            (a.clone(), None)
        };
        let needs = [
            "-D",
            "--pgdata",
            "-U",
            "--username",
            "-A",
            "--auth",
            "--auth-host",
            "--auth-local",
            "-E",
            "--encoding",
            "--locale",
            "--lc-collate",
            "--lc-ctype",
            "--lc-messages",
            "--lc-monetary",
            "--lc-numeric",
            "--lc-time",
            "--pwfile",
            "-X",
            "--waldir",
            "--xlogdir",
            "-T",
            "--text-search-config",
            "-L",
        ];
        let mut val = || -> Result<String, String> {
            if let Some(v) = inline.clone() {
                return Ok(v);
            }
            if i < args.len() {
                i += 1;
                return Ok(args[i - 1].clone());
            }
            Err(format!(
                "{PROG}: option requires an argument -- '{}'\n{}",
                name.trim_start_matches('-'),
                try_help()
            ))
        };
        if !needs.contains(&name.as_str()) && inline.is_some() && !name.starts_with("--") {
            return Err(format!(
                "{PROG}: invalid option -- '{}'\n{}",
                a.chars().nth(1).unwrap_or('?'),
                try_help()
            ));
        }
        match name.as_str() {
            "-D" | "--pgdata" => o.pgdata = Some(val()?),
            "-U" | "--username" => o.username = Some(val()?),
            "-A" | "--auth" => o.auth = Some(val()?),
            "--auth-host" => o.auth_host = Some(val()?),
            "--auth-local" => o.auth_local = Some(val()?),
            "-E" | "--encoding" => o.encoding = Some(val()?),
            "--locale" => o.locale = Some(val()?),
            "--lc-collate" => o.lc_collate = Some(val()?),
            "--lc-ctype" => o.lc_ctype = Some(val()?),
            "--lc-messages" => o.lc_messages = Some(val()?),
            "--lc-monetary" => o.lc_monetary = Some(val()?),
            "--lc-numeric" => o.lc_numeric = Some(val()?),
            "--lc-time" => o.lc_time = Some(val()?),
            "-T" | "--text-search-config" => o.text_search_config = Some(val()?),
            "--pwfile" => o.pwfile = Some(val()?),
            "-X" | "--waldir" | "--xlogdir" => o.waldir = Some(val()?),
            "-L" => {
                val()?;
            }
            "-W" | "--pwprompt" => o.pwprompt = true,
            "-N" | "--no-sync" | "--nosync" => o.no_sync = true,
            "-S" | "--sync-only" => o.sync_only = true,
            "-n" | "--no-clean" | "--noclean" => o.no_clean = true,
            "-k" | "--data-checksums" => o.data_checksums = true,
            "-d" | "--debug" | "-s" | "--show" | "--no-locale" => {
                if name == "--no-locale" {
                    o.locale = Some("C".into());
                }
            }
            "-V" | "--version" => o.show_version = true,
            "-?" | "--help" => o.show_help = true,
            s if !s.starts_with('-') => {
                if o.pgdata.is_some() {
                    return Err(format!(
                        "{PROG}: too many command-line arguments (first is \"{s}\")\n{}",
                        try_help()
                    ));
                }
                o.pgdata = Some(s.to_string());
            }
            s if s.starts_with("--") => {
                return Err(format!("{PROG}: unrecognized option '{s}'\n{}", try_help()))
            }
            s => {
                return Err(format!(
                    "{PROG}: invalid option -- '{}'\n{}",
                    s.trim_start_matches('-'),
                    try_help()
                ))
            }
        }
    }
    Ok(o)
}

const HELP: &str = "initdb initializes a PostgreSQL database cluster.

Usage:
  initdb [OPTION]... [DATADIR]

Options:
  -A, --auth=METHOD         default authentication method for local connections
      --auth-host=METHOD    default authentication method for local TCP/IP connections
      --auth-local=METHOD   default authentication method for local-socket connections
 [-D, --pgdata=]DATADIR     location for this database cluster
  -E, --encoding=ENCODING   set default encoding for new databases
      --locale=LOCALE       set default locale for new databases
      --lc-collate=, --lc-ctype=, --lc-messages=LOCALE
      --lc-monetary=, --lc-numeric=, --lc-time=LOCALE
                            set default locale in the respective category for
                            new databases (default taken from environment)
      --no-locale           equivalent to --locale=C
      --pwfile=FILE         read password for the new superuser from file
  -T, --text-search-config=CFG
                            default text search configuration
  -U, --username=NAME       database superuser name
  -W, --pwprompt            prompt for a password for the new superuser
  -X, --waldir=WALDIR       location for the write-ahead log directory

Less commonly used options:
  -d, --debug               generate lots of debugging output
  -k, --data-checksums      use data page checksums
  -L DIRECTORY              where to find the input files
  -n, --no-clean            do not clean up after errors
  -N, --no-sync             do not wait for changes to be written safely to disk
  -s, --show                show internal settings
  -S, --sync-only           only sync data directory

Other options:
  -V, --version             output version information, then exit
  -?, --help                show this help, then exit

If the data directory is not specified, the environment variable PGDATA
is used.

Report bugs to <pgsql-bugs@postgresql.org>.
";

/// The subdirectories of a PostgreSQL 10 data directory.
pub const SUBDIRS: &[&str] = &[
    "global",
    "pg_wal/archive_status",
    "pg_commit_ts",
    "pg_dynshmem",
    "pg_notify",
    "pg_serial",
    "pg_snapshots",
    "pg_subtrans",
    "pg_twophase",
    "pg_multixact/members",
    "pg_multixact/offsets",
    "base",
    "pg_replslot",
    "pg_tblspc",
    "pg_stat",
    "pg_stat_tmp",
    "pg_xact",
    "pg_logical/snapshots",
    "pg_logical/mappings",
];

/// The OS user running initdb ($USER, else the password database).
pub fn os_user_name() -> String {
    // SAFETY: getpwuid returns a pointer to static storage or null; we copy the name at once.
    unsafe {
        let pw = libc::getpwuid(libc::geteuid());
        if !pw.is_null() && !(*pw).pw_name.is_null() {
            if let Ok(s) = std::ffi::CStr::from_ptr((*pw).pw_name).to_str() {
                return s.to_string();
            }
        }
    }
    std::env::var("USER").unwrap_or_else(|_| "postgres".to_string())
}

fn env_locale(category: &str) -> String {
    for var in ["LC_ALL", category, "LANG"] {
        if let Ok(v) = std::env::var(var) {
            if !v.is_empty() {
                return v;
            }
        }
    }
    "C".to_string()
}

/// Text search configuration for a locale, as initdb picks it.
pub fn ts_config_for_locale(locale: &str) -> Option<&'static str> {
    let lang = locale
        .split(['_', '.', '@'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    Some(match lang.as_str() {
        "c" | "posix" | "en" | "english" => "english",
        "da" => "danish",
        "nl" => "dutch",
        "fi" => "finnish",
        "fr" => "french",
        "de" => "german",
        "hu" => "hungarian",
        "it" => "italian",
        "nb" | "no" | "nn" => "norwegian",
        "pt" => "portuguese",
        "ro" => "romanian",
        "ru" => "russian",
        "es" => "spanish",
        "sv" => "swedish",
        "tr" => "turkish",
        _ => return None,
    })
}

fn hba_conf(local: &str, host: &str) -> String {
    let mut s = String::from(
        "# PostgreSQL Client Authentication Configuration File\n\
         # ===================================================\n\
         #\n\
         # Each line says which hosts may connect, to which databases, as which\n\
         # users, and how they must authenticate:\n\
         #\n\
         # local      DATABASE  USER  METHOD  [OPTIONS]\n\
         # host       DATABASE  USER  ADDRESS  METHOD  [OPTIONS]\n\
         # hostssl    DATABASE  USER  ADDRESS  METHOD  [OPTIONS]\n\
         # hostnossl  DATABASE  USER  ADDRESS  METHOD  [OPTIONS]\n\
         #\n\
         # \"local\" lines match Unix-domain socket connections, \"host\" lines match\n\
         # TCP/IP connections. DATABASE may be \"all\", \"sameuser\", \"samerole\",\n\
         # \"replication\" or a comma-separated list of names; USER may be \"all\", a\n\
         # user name, or a group name prefixed with \"+\". ADDRESS is a CIDR address\n\
         # (e.g. 192.168.0.0/16), \"all\", \"samehost\" or \"samenet\". METHOD is one of\n\
         # \"trust\", \"reject\", \"md5\", \"password\", \"scram-sha-256\", \"peer\" or \"ident\".\n\
         #\n\
         # The first line matching a connection decides; if none matches, the\n\
         # connection is refused. The file is re-read on SIGHUP (\"pg_ctl reload\").\n\n\n\n",
    );
    let row = |t: &str, d: &str, u: &str, a: &str, m: &str| {
        format!("{:<8}{:<16}{:<16}{:<24}{}\n", t, d, u, a, m)
    };
    s.push_str("# TYPE  DATABASE        USER            ADDRESS                 METHOD\n\n");
    s.push_str("# \"local\" is for Unix domain socket connections only\n");
    s.push_str(&row("local", "all", "all", "", local));
    s.push_str("# IPv4 local connections:\n");
    s.push_str(&row("host", "all", "all", "127.0.0.1/32", host));
    s.push_str("# IPv6 local connections:\n");
    s.push_str(&row("host", "all", "all", "::1/128", host));
    s.push_str("# Allow replication connections from localhost, by a user with the\n# replication privilege.\n");
    s.push_str(&row("local", "replication", "all", "", local));
    s.push_str(&row("host", "replication", "all", "127.0.0.1/32", host));
    s.push_str(&row("host", "replication", "all", "::1/128", host));
    s
}

const IDENT_CONF: &str = "# PostgreSQL User Name Maps\n\
# =========================\n\
#\n\
# Maps operating-system user names to database user names for the \"ident\"\n\
# and \"peer\" authentication methods (option map=MAPNAME in pg_hba.conf).\n\
# Each line is: MAPNAME SYSTEM-USERNAME PG-USERNAME\n\
#\n\
# The file is re-read on SIGHUP (\"pg_ctl reload\").\n\n\
# Put your actual configuration here\n\
# ----------------------------------\n\n\
# MAPNAME       SYSTEM-USERNAME         PG-USERNAME\n";

const AUTO_CONF: &str =
    "# Do not edit this file manually!\n# It will be overwritten by the ALTER SYSTEM command.\n";

/// pg_check_dir: 0 missing, 1 empty, 2 only dot files, 3 lost+found, 4 not empty.
fn check_dir(p: &Path) -> std::io::Result<u8> {
    let rd = match fs::read_dir(p) {
        Ok(r) => r,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(e),
    };
    let mut result = 1;
    for e in rd {
        let n = e?.file_name().to_string_lossy().to_string();
        if n.starts_with('.') {
            result = 2;
        } else if n == "lost+found" {
            result = 3;
        } else {
            return Ok(4);
        }
    }
    Ok(result)
}

fn mkdir_mode(p: &Path) -> std::io::Result<()> {
    fs::create_dir_all(p)?;
    fs::set_permissions(p, fs::Permissions::from_mode(0o700))
}

fn write_file(p: &Path, text: &str) -> std::io::Result<()> {
    fs::write(p, text)?;
    fs::set_permissions(p, fs::Permissions::from_mode(0o600))
}

/// fsync every file and directory under `p`.
pub fn sync_tree(p: &Path) {
    let Ok(meta) = fs::symlink_metadata(p) else {
        return;
    };
    if meta.file_type().is_symlink() {
        if let Ok(target) = fs::read_link(p) {
            let t = if target.is_absolute() {
                target
            } else {
                p.parent().map(|d| d.join(&target)).unwrap_or(target)
            };
            sync_tree(&t);
        }
        return;
    }
    if meta.is_dir() {
        if let Ok(rd) = fs::read_dir(p) {
            for e in rd.flatten() {
                sync_tree(&e.path());
            }
        }
    }
    if let Ok(f) = fs::File::open(p) {
        let _ = f.sync_all();
    }
}

fn read_password_prompt(prompt: &str) -> Option<String> {
    use std::os::fd::AsRawFd;
    let tty = fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty");
    match tty {
        Ok(mut t) => {
            let _ = write!(t, "{prompt}");
            let _ = t.flush();
            let fd = t.as_raw_fd();
            // SAFETY: termios calls on an open terminal descriptor with a zeroed struct.
            let saved = unsafe {
                let mut tio: libc::termios = std::mem::zeroed();
                if libc::tcgetattr(fd, &mut tio) == 0 {
                    let old = tio;
                    tio.c_lflag &= !libc::ECHO;
                    libc::tcsetattr(fd, libc::TCSAFLUSH, &tio);
                    Some(old)
                } else {
                    None
                }
            };
            let mut line = String::new();
            let r = std::io::BufReader::new(&t).read_line(&mut line);
            if let Some(old) = saved {
                // SAFETY: restoring the attributes saved above.
                unsafe {
                    libc::tcsetattr(fd, libc::TCSAFLUSH, &old);
                }
            }
            let _ = writeln!(t);
            r.ok()?;
            Some(line.trim_end_matches(['\n', '\r']).to_string())
        }
        Err(_) => {
            eprint!("{prompt}");
            let mut line = String::new();
            std::io::stdin().lock().read_line(&mut line).ok()?;
            Some(line.trim_end_matches(['\n', '\r']).to_string())
        }
    }
}

/// What was created, for cleanup.
struct Created {
    pgdata: PathBuf,
    made_pgdata: bool,
    waldir: Option<PathBuf>,
    made_waldir: bool,
}

fn remove_contents(p: &Path) {
    if let Ok(rd) = fs::read_dir(p) {
        for e in rd.flatten() {
            let path = e.path();
            let is_dir = e.file_type().map(|t| t.is_dir()).unwrap_or(false);
            let _ = if is_dir {
                fs::remove_dir_all(&path)
            } else {
                fs::remove_file(&path)
            };
        }
    }
}

fn cleanup(c: &Created, no_clean: bool) {
    let d = c.pgdata.display();
    if no_clean {
        eprintln!("{PROG}: data directory \"{d}\" not removed at user's request");
        return;
    }
    if c.made_pgdata {
        eprintln!("{PROG}: removing data directory \"{d}\"");
        let _ = fs::remove_dir_all(&c.pgdata);
    } else {
        eprintln!("{PROG}: removing contents of data directory \"{d}\"");
        remove_contents(&c.pgdata);
    }
    if let Some(w) = &c.waldir {
        if c.made_waldir {
            eprintln!("{PROG}: removing WAL directory \"{}\"", w.display());
            let _ = fs::remove_dir_all(w);
        } else {
            eprintln!(
                "{PROG}: removing contents of WAL directory \"{}\"",
                w.display()
            );
            remove_contents(w);
        }
    }
}

fn check_auth(method: &str, conntype: &str) -> Result<(), String> {
    let ok: &[&str] = if conntype == "local" {
        &[
            "trust",
            "reject",
            "md5",
            "password",
            "scram-sha-256",
            "peer",
            "ident",
        ]
    } else {
        &[
            "trust",
            "reject",
            "md5",
            "password",
            "scram-sha-256",
            "ident",
        ]
    };
    if ok.contains(&method) {
        Ok(())
    } else {
        Err(format!(
            "{PROG}: invalid authentication method \"{method}\" for \"{conntype}\" connections\n"
        ))
    }
}

/// Entry point of the `initdb` binary; returns the exit code.
pub fn main(argv: Vec<String>) -> i32 {
    // Files and directories are private to the owner, as PostgreSQL's are.
    // SAFETY: umask only changes this process's file-creation mask.
    unsafe {
        libc::umask(0o077);
    }
    let args = &argv[1.min(argv.len())..];
    let o = match parse_args(args) {
        Ok(o) => o,
        Err(e) => {
            eprint!("{e}");
            return 1;
        }
    };
    if o.show_help {
        print!("{HELP}");
        return 0;
    }
    if o.show_version {
        println!("initdb {}", crate::PG_VERSION_STR);
        return 0;
    }
    let Some(pgdata) = o
        .pgdata
        .clone()
        .or_else(|| std::env::var("PGDATA").ok().filter(|s| !s.is_empty()))
    else {
        eprint!(
            "{PROG}: no data directory specified\n\
             You must identify the directory where the data for this database system\n\
             will reside.  Do this with either the invocation option -D or the\n\
             environment variable PGDATA.\n"
        );
        return 1;
    };
    let pgdata_path = crate::datadir::absolute(Path::new(&pgdata));
    if o.sync_only {
        print!("syncing data to disk ... ");
        let _ = std::io::stdout().flush();
        sync_tree(&pgdata_path);
        println!("ok");
        return 0;
    }

    // Authentication methods.
    let local_auth = o
        .auth_local
        .clone()
        .or_else(|| o.auth.clone())
        .unwrap_or_else(|| "trust".into());
    let host_auth = o
        .auth_host
        .clone()
        .or_else(|| o.auth.clone())
        .unwrap_or_else(|| "trust".into());
    for (m, t) in [(&local_auth, "local"), (&host_auth, "host")] {
        if let Err(e) = check_auth(m, t) {
            eprint!("{e}");
            return 1;
        }
    }
    let needs_pw = |m: &str| matches!(m, "md5" | "password" | "scram-sha-256");
    if o.pwfile.is_some() && o.pwprompt {
        eprintln!("{PROG}: password prompt and password file cannot be specified together");
        return 1;
    }
    let superuser = o.username.clone().unwrap_or_else(os_user_name);
    if superuser.starts_with("pg_") {
        eprintln!(
            "{PROG}: superuser name \"{superuser}\" is disallowed; role names cannot begin with \"pg_\""
        );
        return 1;
    }
    let mut password = None;
    if let Some(f) = &o.pwfile {
        match fs::read_to_string(f) {
            Ok(t) => password = Some(t.lines().next().unwrap_or("").to_string()),
            Err(e) => {
                eprintln!(
                    "{PROG}: could not open file \"{f}\" for reading: {}",
                    guc::io_error_text(&e)
                );
                return 1;
            }
        }
    } else if o.pwprompt {
        let a = read_password_prompt("Enter new superuser password: ").unwrap_or_default();
        let b = read_password_prompt("Enter it again: ").unwrap_or_default();
        if a != b {
            eprintln!("Passwords didn't match.");
            return 1;
        }
        password = Some(a);
    }
    for m in [&local_auth, &host_auth] {
        if needs_pw(m) && password.is_none() {
            eprintln!(
                "{PROG}: must specify a password for the superuser to enable {m} authentication"
            );
            return 1;
        }
    }

    // Locale and encoding.
    let base_locale = o.locale.clone();
    let cat = |explicit: &Option<String>, envname: &str| {
        explicit
            .clone()
            .or_else(|| base_locale.clone())
            .unwrap_or_else(|| env_locale(envname))
    };
    let lc_collate = cat(&o.lc_collate, "LC_COLLATE");
    let lc_ctype = cat(&o.lc_ctype, "LC_CTYPE");
    let lc_messages = cat(&o.lc_messages, "LC_MESSAGES");
    let lc_monetary = cat(&o.lc_monetary, "LC_MONETARY");
    let lc_numeric = cat(&o.lc_numeric, "LC_NUMERIC");
    let lc_time = cat(&o.lc_time, "LC_TIME");
    for l in [
        &lc_collate,
        &lc_ctype,
        &lc_messages,
        &lc_monetary,
        &lc_numeric,
        &lc_time,
    ] {
        if !guc::special::check_locale(l) {
            eprintln!("{PROG}: invalid locale name \"{l}\"");
            return 1;
        }
    }
    let encoding = match &o.encoding {
        Some(e) => match guc::special::canonical_encoding(e) {
            Some(c) => c.to_string(),
            None => {
                eprintln!("{PROG}: \"{e}\" is not a valid server encoding name");
                return 1;
            }
        },
        None => "UTF8".to_string(),
    };
    let ts_config = match &o.text_search_config {
        Some(t) => t.trim_start_matches("pg_catalog.").to_string(),
        None => match ts_config_for_locale(&lc_ctype) {
            Some(t) => t.to_string(),
            None => {
                eprintln!(
                    "{PROG}: could not find suitable text search configuration for locale \"{lc_ctype}\""
                );
                "simple".to_string()
            }
        },
    };

    let os_user = os_user_name();
    println!("The files belonging to this database system will be owned by user \"{os_user}\".");
    println!("This user must also own the server process.\n");
    let all_same = [&lc_ctype, &lc_messages, &lc_monetary, &lc_numeric, &lc_time]
        .iter()
        .all(|l| **l == lc_collate);
    if all_same {
        println!("The database cluster will be initialized with locale \"{lc_collate}\".");
    } else {
        println!("The database cluster will be initialized with locales");
        println!("  COLLATE:  {lc_collate}");
        println!("  CTYPE:    {lc_ctype}");
        println!("  MESSAGES: {lc_messages}");
        println!("  MONETARY: {lc_monetary}");
        println!("  NUMERIC:  {lc_numeric}");
        println!("  TIME:     {lc_time}");
    }
    println!("The default database encoding has accordingly been set to \"{encoding}\".");
    println!("The default text search configuration will be set to \"{ts_config}\".\n");
    println!(
        "Data page checksums are {}.\n",
        if o.data_checksums {
            "enabled"
        } else {
            "disabled"
        }
    );

    // The data directory itself.
    let shown = pgdata_path.display().to_string();
    let state = match check_dir(&pgdata_path) {
        Ok(s) => s,
        Err(e) => {
            eprintln!(
                "{PROG}: could not access directory \"{shown}\": {}",
                guc::io_error_text(&e)
            );
            return 1;
        }
    };
    let mut created = Created {
        pgdata: pgdata_path.clone(),
        made_pgdata: false,
        waldir: None,
        made_waldir: false,
    };
    match state {
        0 => {
            print!("creating directory {shown} ... ");
            let _ = std::io::stdout().flush();
            if let Err(e) = mkdir_mode(&pgdata_path) {
                println!();
                eprintln!(
                    "{PROG}: could not create directory \"{shown}\": {}",
                    guc::io_error_text(&e)
                );
                return 1;
            }
            println!("ok");
            created.made_pgdata = true;
        }
        1 => {
            print!("fixing permissions on existing directory {shown} ... ");
            let _ = std::io::stdout().flush();
            if let Err(e) = fs::set_permissions(&pgdata_path, fs::Permissions::from_mode(0o700)) {
                println!();
                eprintln!(
                    "{PROG}: could not change permissions of directory \"{shown}\": {}",
                    guc::io_error_text(&e)
                );
                return 1;
            }
            println!("ok");
        }
        n => {
            eprintln!("{PROG}: directory \"{shown}\" exists but is not empty");
            match n {
                2 => eprint!(
                    "It contains a dot-prefixed/invisible file, perhaps due to it being a mount point.\n\
                     Using a mount point directly as the data directory is not recommended.\n\
                     Create a subdirectory under the mount point.\n"
                ),
                3 => eprint!(
                    "It contains a lost+found directory, perhaps due to it being a mount point.\n\
                     Using a mount point directly as the data directory is not recommended.\n\
                     Create a subdirectory under the mount point.\n"
                ),
                _ => eprint!(
                    "If you want to create a new database system, either remove or empty\n\
                     the directory \"{shown}\" or run {PROG}\n\
                     with an argument other than \"{shown}\".\n"
                ),
            }
            return 1;
        }
    }

    // Separate WAL directory.
    if let Some(w) = &o.waldir {
        let wp = PathBuf::from(w);
        if !wp.is_absolute() {
            eprintln!("{PROG}: WAL directory location must be an absolute path");
            cleanup(&created, o.no_clean);
            return 1;
        }
        let ws = wp.display().to_string();
        created.waldir = Some(wp.clone());
        match check_dir(&wp) {
            Ok(0) => {
                print!("creating directory {ws} ... ");
                if let Err(e) = mkdir_mode(&wp) {
                    println!();
                    eprintln!(
                        "{PROG}: could not create directory \"{ws}\": {}",
                        guc::io_error_text(&e)
                    );
                    created.waldir = None;
                    cleanup(&created, o.no_clean);
                    return 1;
                }
                created.made_waldir = true;
                println!("ok");
            }
            Ok(1) => {
                print!("fixing permissions on existing directory {ws} ... ");
                let _ = fs::set_permissions(&wp, fs::Permissions::from_mode(0o700));
                println!("ok");
            }
            Ok(_) => {
                eprintln!("{PROG}: directory \"{ws}\" exists but is not empty");
                eprint!(
                    "If you want to store the WAL there, either remove or empty the directory\n\"{ws}\".\n"
                );
                created.waldir = None;
                cleanup(&created, o.no_clean);
                return 1;
            }
            Err(e) => {
                eprintln!(
                    "{PROG}: could not access directory \"{ws}\": {}",
                    guc::io_error_text(&e)
                );
                created.waldir = None;
                cleanup(&created, o.no_clean);
                return 1;
            }
        }
        if let Err(e) = std::os::unix::fs::symlink(&wp, pgdata_path.join("pg_wal")) {
            eprintln!(
                "{PROG}: could not create symbolic link \"{}\": {}",
                pgdata_path.join("pg_wal").display(),
                guc::io_error_text(&e)
            );
            cleanup(&created, o.no_clean);
            return 1;
        }
    }

    print!("creating subdirectories ... ");
    let _ = std::io::stdout().flush();
    for sub in SUBDIRS {
        if let Err(e) = mkdir_mode(&pgdata_path.join(sub)) {
            println!();
            eprintln!(
                "{PROG}: could not create directory \"{}\": {}",
                pgdata_path.join(sub).display(),
                guc::io_error_text(&e)
            );
            cleanup(&created, o.no_clean);
            return 1;
        }
    }
    println!("ok");
    println!("selecting default max_connections ... 100");
    println!("selecting default shared_buffers ... 128MB");
    println!("selecting dynamic shared memory implementation ... posix");
    print!("creating configuration files ... ");
    let _ = std::io::stdout().flush();
    let files: [(&str, String); 5] = [
        ("PG_VERSION", format!("{}\n", crate::PG_MAJORVERSION)),
        (
            "postgresql.conf",
            guc::initdb_config(&lc_messages, &ts_config),
        ),
        ("postgresql.auto.conf", AUTO_CONF.to_string()),
        ("pg_hba.conf", hba_conf(&local_auth, &host_auth)),
        ("pg_ident.conf", IDENT_CONF.to_string()),
    ];
    for (name, text) in &files {
        if let Err(e) = write_file(&pgdata_path.join(name), text) {
            println!();
            eprintln!(
                "{PROG}: could not write file \"{}\": {}",
                pgdata_path.join(name).display(),
                guc::io_error_text(&e)
            );
            cleanup(&created, o.no_clean);
            return 1;
        }
    }
    println!("ok");
    print!("running bootstrap script ... ");
    let _ = std::io::stdout().flush();
    let opts = tcop::BootstrapOptions {
        superuser: superuser.clone(),
        superuser_password: password,
        encoding: encoding.clone(),
        lc_collate: lc_collate.clone(),
        lc_ctype: lc_ctype.clone(),
    };
    if let Err(e) = tcop::bootstrap_cluster(&pgdata_path, &opts) {
        println!();
        eprintln!("{}:  {}", e.severity.as_str(), e.message);
        if let Some(d) = &e.detail {
            eprintln!("DETAIL:  {d}");
        }
        cleanup(&created, o.no_clean);
        return 1;
    }
    println!("ok");
    print!("performing post-bootstrap initialization ... ");
    let _ = std::io::stdout().flush();
    if let Err(e) = tcop::analyze_new_cluster(&pgdata_path, &superuser) {
        println!();
        eprintln!("{}:  {}", e.severity.as_str(), e.message);
        cleanup(&created, o.no_clean);
        return 1;
    }
    println!("ok");
    if o.no_sync {
        println!("\nSync to disk skipped.\nThe data directory might become corrupt if the operating system crashes.");
    } else {
        print!("syncing data to disk ... ");
        let _ = std::io::stdout().flush();
        sync_tree(&pgdata_path);
        println!("ok");
    }
    if o.auth.is_none() && o.auth_local.is_none() && o.auth_host.is_none() {
        print!(
            "\nWARNING: enabling \"trust\" authentication for local connections\n\
             You can change this by editing pg_hba.conf or using the option -A, or\n\
             --auth-local and --auth-host, the next time you run initdb.\n"
        );
    }
    print!(
        "\nSuccess. You can now start the database server using:\n\n    pg_ctl -D {} -l logfile start\n\n",
        shell_quote(&shown)
    );
    0
}

fn shell_quote(s: &str) -> String {
    if s.chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-+:@".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn args() {
        let o = parse_args(&[
            "-D".into(),
            "/d".into(),
            "--auth-host=md5".into(),
            "-Upostgres".into(),
            "-E".into(),
            "UTF8".into(),
            "--no-sync".into(),
            "-k".into(),
        ])
        .unwrap();
        assert_eq!(o.pgdata.as_deref(), Some("/d"));
        assert_eq!(o.auth_host.as_deref(), Some("md5"));
        assert_eq!(o.username.as_deref(), Some("postgres"));
        assert!(o.no_sync && o.data_checksums);
        assert!(parse_args(&["--bogus".into()]).is_err());
        assert!(parse_args(&["-D".into()]).is_err());
    }

    #[test]
    fn hba_template_parses() {
        let t = hba_conf("trust", "md5");
        let lines = crate::hba::parse_hba(&t, Path::new("pg_hba.conf")).unwrap();
        assert_eq!(lines.len(), 6);
        assert!(t.contains("host    all             all             127.0.0.1/32            md5\n"));
    }
}
