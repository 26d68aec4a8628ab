//! The `pg_ctl` program: start (spawns `postgres` detached, waits for postmaster.pid to say
//! ready), stop (signals by mode, waits for postmaster.pid to go away), restart, status,
//! reload and kill, with PostgreSQL 10's messages and exit codes.

use crate::datadir::{self, PidFile};
use std::io::Write;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const PROG: &str = "pg_ctl";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Smart,
    Fast,
    Immediate,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command_ {
    Start,
    Stop,
    Restart,
    Reload,
    Status,
    Kill(String, i32),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CtlOptions {
    pub command: Option<Command_>,
    pub pgdata: Option<String>,
    pub log_file: Option<String>,
    pub mode: Mode,
    pub wait: bool,
    pub timeout: u64,
    pub post_opts: Option<String>,
    pub postgres_path: Option<String>,
    pub silent: bool,
    pub version: bool,
    pub help: bool,
}

fn try_help() -> String {
    format!("Try \"{PROG} --help\" for more information.\n")
}

fn parse_mode(m: &str) -> Result<Mode, String> {
    match m {
        "s" | "smart" => Ok(Mode::Smart),
        "f" | "fast" => Ok(Mode::Fast),
        "i" | "immediate" => Ok(Mode::Immediate),
        _ => Err(format!(
            "{PROG}: unrecognized shutdown mode \"{m}\"\n{}",
            try_help()
        )),
    }
}

/// Parse pg_ctl's arguments (without the program name).
pub fn parse_args(args: &[String]) -> Result<CtlOptions, String> {
    let mut o = CtlOptions {
        command: None,
        pgdata: None,
        log_file: None,
        mode: Mode::Fast,
        wait: true,
        timeout: 60,
        post_opts: None,
        postgres_path: None,
        silent: false,
        version: false,
        help: false,
    };
    let mut i = 0;
    let mut positional: Vec<String> = Vec::new();
    while i < args.len() {
        let a = args[i].clone();
        i += 1;
        let (name, inline) = if let Some(l) = a.strip_prefix("--") {
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
        match name.as_str() {
            "-D" | "--pgdata" => o.pgdata = Some(val()?),
            "-l" | "--log" => o.log_file = Some(val()?),
            "-m" | "--mode" => o.mode = parse_mode(&val()?)?,
            "-o" | "--options" => {
                let v = val()?;
                o.post_opts = Some(match o.post_opts.take() {
                    Some(p) => format!("{p} {v}"),
                    None => v,
                });
            }
            "-p" => o.postgres_path = Some(val()?),
            "-t" | "--timeout" => {
                let v = val()?;
                o.timeout = v.parse().map_err(|_| {
                    format!("{PROG}: invalid value for -t: \"{v}\"\n{}", try_help())
                })?;
            }
            "-N" | "-U" | "-P" | "-e" => {
                val()?;
            }
            "-w" | "--wait" => o.wait = true,
            "-W" | "--no-wait" => o.wait = false,
            "-s" | "--silent" => o.silent = true,
            "-c" | "--core-files" => {}
            "-V" | "--version" => o.version = true,
            "-?" | "--help" => o.help = true,
            s if s.starts_with('-') => {
                return Err(format!(
                    "{PROG}: invalid option -- '{}'\n{}",
                    s.trim_start_matches('-'),
                    try_help()
                ))
            }
            _ => positional.push(a),
        }
    }
    let mut pos = positional.into_iter();
    if let Some(cmd) = pos.next() {
        o.command = Some(match cmd.as_str() {
            "start" => Command_::Start,
            "stop" => Command_::Stop,
            "restart" => Command_::Restart,
            "reload" => Command_::Reload,
            "status" => Command_::Status,
            "kill" => {
                let sig = pos.next().ok_or_else(|| {
                    format!("{PROG}: missing arguments for kill mode\n{}", try_help())
                })?;
                let pid = pos.next().and_then(|p| p.parse().ok()).ok_or_else(|| {
                    format!("{PROG}: missing arguments for kill mode\n{}", try_help())
                })?;
                Command_::Kill(sig, pid)
            }
            other => {
                return Err(format!(
                    "{PROG}: unrecognized operation mode \"{other}\"\n{}",
                    try_help()
                ))
            }
        });
    }
    if let Some(extra) = pos.next() {
        return Err(format!(
            "{PROG}: too many command-line arguments (first is \"{extra}\")\n{}",
            try_help()
        ));
    }
    Ok(o)
}

const HELP: &str = "pg_ctl is a utility to initialize, start, stop, or control a PostgreSQL server.

Usage:
  pg_ctl start    [-D DATADIR] [-l FILENAME] [-W] [-t SECS] [-s] [-o OPTIONS]
  pg_ctl stop     [-D DATADIR] [-m SHUTDOWN-MODE] [-W] [-t SECS] [-s]
  pg_ctl restart  [-D DATADIR] [-m SHUTDOWN-MODE] [-W] [-t SECS] [-s] [-o OPTIONS]
  pg_ctl reload   [-D DATADIR] [-s]
  pg_ctl status   [-D DATADIR]
  pg_ctl kill     SIGNALNAME PID

Common options:
  -D, --pgdata=DATADIR   location of the database storage area
  -s, --silent           only print errors, no informational messages
  -t, --timeout=SECS     seconds to wait when using -w option
  -V, --version          output version information, then exit
  -w, --wait             wait until operation completes (default)
  -W, --no-wait          do not wait until operation completes
  -?, --help             show this help, then exit

If the -D option is omitted, the environment variable PGDATA is used.

Options for start or restart:
  -l, --log=FILENAME     write (or append) server log to FILENAME
  -o, --options=OPTIONS  command line options to pass to postgres
  -p PATH-TO-POSTGRES    normally not necessary

Options for stop or restart:
  -m, --mode=MODE        MODE can be \"smart\", \"fast\", or \"immediate\"

Shutdown modes are:
  smart       quit after all clients have disconnected
  fast        quit directly, with proper shutdown (default)
  immediate   quit without complete shutdown; will lead to recovery on restart

Allowed signal names for kill:
  ABRT HUP INT QUIT TERM USR1 USR2

Report bugs to <pgsql-bugs@postgresql.org>.
";

struct Ctl {
    o: CtlOptions,
    pgdata: PathBuf,
}

impl Ctl {
    fn say(&self, s: &str) {
        if !self.o.silent {
            print!("{s}");
            let _ = std::io::stdout().flush();
        }
    }

    fn pid_path(&self) -> PathBuf {
        self.pgdata.join("postmaster.pid")
    }

    /// PID of a running postmaster, if the pid file names a live process.
    fn running_pid(&self) -> Option<i32> {
        let pf = PidFile::read(&self.pgdata)?;
        datadir::process_alive(pf.pid).then_some(pf.pid)
    }

    fn no_pid_file(&self) {
        eprintln!(
            "{PROG}: PID file \"{}\" does not exist\nIs server running?",
            self.pid_path().display()
        );
    }

    fn postgres_exe(&self) -> PathBuf {
        if let Some(p) = &self.o.postgres_path {
            return PathBuf::from(p);
        }
        std::env::current_exe()
            .ok()
            .and_then(|p| p.parent().map(|d| d.join("postgres")))
            .unwrap_or_else(|| PathBuf::from("postgres"))
    }

    fn start(&self, args_override: Option<Vec<String>>) -> i32 {
        if let Some(pf) = PidFile::read(&self.pgdata) {
            if datadir::process_alive(pf.pid) {
                eprintln!("{PROG}: another server might be running; trying to start server anyway");
            }
        }
        let args = match args_override {
            Some(a) => a,
            None => {
                let mut a = vec!["-D".to_string(), self.pgdata.display().to_string()];
                if let Some(opts) = &self.o.post_opts {
                    a.extend(shell_split(opts));
                }
                a
            }
        };
        let exe = self.postgres_exe();
        let mut cmd = Command::new(&exe);
        cmd.args(&args).stdin(Stdio::null());
        match &self.o.log_file {
            Some(l) => {
                let f = std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(l);
                match f {
                    Ok(f) => {
                        let f2 = match f.try_clone() {
                            Ok(f2) => f2,
                            Err(e) => {
                                eprintln!("{PROG}: could not open log file \"{l}\": {e}");
                                return 1;
                            }
                        };
                        cmd.stdout(f).stderr(f2);
                    }
                    Err(e) => {
                        eprintln!(
                            "{PROG}: could not open log file \"{l}\": {}",
                            guc::io_error_text(&e)
                        );
                        return 1;
                    }
                }
            }
            None => {
                cmd.stdout(Stdio::inherit()).stderr(Stdio::inherit());
            }
        }
        // SAFETY: setsid is async-signal-safe and is the only call made in the child.
        unsafe {
            cmd.pre_exec(|| {
                libc::setsid();
                Ok(())
            });
        }
        let mut child = match cmd.spawn() {
            Ok(c) => c,
            Err(e) => {
                eprintln!("{PROG}: could not start server: {}", guc::io_error_text(&e));
                return 1;
            }
        };
        if !self.o.wait {
            self.say("server starting\n");
            return 0;
        }
        self.say("waiting for server to start....");
        let deadline = Instant::now() + Duration::from_secs(self.o.timeout);
        let child_pid = child.id() as i32;
        let mut last_dot = Instant::now();
        loop {
            if let Some(pf) = PidFile::read(&self.pgdata) {
                if pf.pid == child_pid && pf.status.trim() == "ready" {
                    self.say(" done\nserver started\n");
                    return 0;
                }
            }
            if let Ok(Some(_)) = child.try_wait() {
                self.say(" stopped waiting\n");
                eprintln!("{PROG}: could not start server\nExamine the log output.");
                return 1;
            }
            if Instant::now() >= deadline {
                self.say(" stopped waiting\n");
                eprintln!("{PROG}: server did not start in time");
                return 1;
            }
            std::thread::sleep(Duration::from_millis(100));
            if last_dot.elapsed() >= Duration::from_secs(1) {
                self.say(".");
                last_dot = Instant::now();
            }
        }
    }

    /// Signal the server and wait for the pid file to disappear. Ok(()) when stopped.
    fn stop(&self, restarting: bool) -> Result<(), i32> {
        let Some(pf) = PidFile::read(&self.pgdata) else {
            self.no_pid_file();
            if restarting {
                eprintln!("trying to start server anyway");
                return Ok(());
            }
            return Err(1);
        };
        let sig = match self.o.mode {
            Mode::Smart => libc::SIGTERM,
            Mode::Fast => libc::SIGINT,
            Mode::Immediate => libc::SIGQUIT,
        };
        // SAFETY: sending a signal to a pid read from the pid file.
        if unsafe { libc::kill(pf.pid, sig) } != 0 {
            let e = std::io::Error::last_os_error();
            if restarting && e.raw_os_error() == Some(libc::ESRCH) {
                eprintln!(
                    "{PROG}: old server process (PID: {}) seems to be gone",
                    pf.pid
                );
                eprintln!("starting server anyway");
                let _ = std::fs::remove_file(self.pid_path());
                return Ok(());
            }
            eprintln!(
                "{PROG}: could not send stop signal (PID: {}): {}",
                pf.pid,
                guc::io_error_text(&e)
            );
            return Err(1);
        }
        if !self.o.wait {
            self.say("server shutting down\n");
            return Ok(());
        }
        self.say("waiting for server to shut down....");
        let deadline = Instant::now() + Duration::from_secs(self.o.timeout);
        let mut last_dot = Instant::now();
        loop {
            if !self.pid_path().exists() || !datadir::process_alive(pf.pid) {
                self.say(" done\nserver stopped\n");
                return Ok(());
            }
            if Instant::now() >= deadline {
                self.say(" failed\n");
                eprintln!("{PROG}: server does not shut down");
                if self.o.mode == Mode::Smart {
                    eprintln!("HINT: The \"-m fast\" option immediately disconnects sessions rather than\nwaiting for session-initiated disconnection.");
                }
                return Err(1);
            }
            std::thread::sleep(Duration::from_millis(100));
            if last_dot.elapsed() >= Duration::from_secs(1) {
                self.say(".");
                last_dot = Instant::now();
            }
        }
    }
}

/// Split `-o` options the way the shell PostgreSQL's pg_ctl runs them through would:
/// whitespace separates words; single quotes, double quotes and backslashes quote.
pub fn shell_split(s: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut have = false;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                have = true;
                for c in chars.by_ref() {
                    if c == '\'' {
                        break;
                    }
                    cur.push(c);
                }
            }
            '"' => {
                have = true;
                while let Some(c) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => {
                            if let Some(n) = chars.next() {
                                if !matches!(n, '"' | '\\' | '$' | '`') {
                                    cur.push('\\');
                                }
                                cur.push(n);
                            }
                        }
                        c => cur.push(c),
                    }
                }
            }
            '\\' => {
                have = true;
                if let Some(n) = chars.next() {
                    cur.push(n);
                }
            }
            c if c.is_whitespace() => {
                if have {
                    words.push(std::mem::take(&mut cur));
                    have = false;
                }
            }
            c => {
                have = true;
                cur.push(c);
            }
        }
    }
    if have {
        words.push(cur);
    }
    words
}

fn signal_by_name(name: &str) -> Option<i32> {
    Some(match name {
        "ABRT" => libc::SIGABRT,
        "HUP" => libc::SIGHUP,
        "INT" => libc::SIGINT,
        "KILL" => libc::SIGKILL,
        "QUIT" => libc::SIGQUIT,
        "TERM" => libc::SIGTERM,
        "USR1" => libc::SIGUSR1,
        "USR2" => libc::SIGUSR2,
        _ => return None,
    })
}

/// Entry point of the `pg_ctl` binary; returns the exit code.
pub fn main(argv: Vec<String>) -> i32 {
    let args = &argv[1.min(argv.len())..];
    let o = match parse_args(args) {
        Ok(o) => o,
        Err(e) => {
            eprint!("{e}");
            return 1;
        }
    };
    if o.help {
        print!("{HELP}");
        return 0;
    }
    if o.version {
        println!("pg_ctl {}", crate::PG_VERSION_STR);
        return 0;
    }
    let Some(cmd) = o.command.clone() else {
        eprint!("{PROG}: no operation specified\n{}", try_help());
        return 1;
    };
    if let Command_::Kill(sig, pid) = &cmd {
        let Some(s) = signal_by_name(sig) else {
            eprint!("{PROG}: unrecognized signal name \"{sig}\"\n{}", try_help());
            return 1;
        };
        // SAFETY: plain kill(2) on the given pid.
        if unsafe { libc::kill(*pid, s) } != 0 {
            eprintln!(
                "{PROG}: could not send signal {s} (PID: {pid}): {}",
                guc::io_error_text(&std::io::Error::last_os_error())
            );
            return 1;
        }
        return 0;
    }
    let Some(pgdata) = o
        .pgdata
        .clone()
        .or_else(|| std::env::var("PGDATA").ok().filter(|s| !s.is_empty()))
    else {
        eprint!(
            "{PROG}: no database directory specified and environment variable PGDATA unset\n{}",
            try_help()
        );
        return 1;
    };
    let ctl = Ctl {
        pgdata: datadir::absolute(Path::new(&pgdata)),
        o,
    };
    match cmd {
        Command_::Start => ctl.start(None),
        Command_::Stop => match ctl.stop(false) {
            Ok(()) => 0,
            Err(c) => c,
        },
        Command_::Restart => {
            // Reuse the previous command line unless -o was given.
            let saved = if ctl.o.post_opts.is_none() {
                datadir::read_opts(&ctl.pgdata).map(|(_, a)| a)
            } else {
                None
            };
            let running = ctl.running_pid().is_some();
            if !running && PidFile::read(&ctl.pgdata).is_none() {
                ctl.no_pid_file();
                eprintln!("trying to start server anyway");
            } else if let Err(c) = ctl.stop(true) {
                return c;
            }
            let args = saved.map(|mut a| {
                if !a.iter().any(|x| x == "-D" || x.starts_with("-D")) {
                    a.splice(0..0, ["-D".to_string(), ctl.pgdata.display().to_string()]);
                }
                a
            });
            ctl.start(args)
        }
        Command_::Reload => {
            let Some(pf) = PidFile::read(&ctl.pgdata) else {
                ctl.no_pid_file();
                return 1;
            };
            // SAFETY: sending SIGHUP to the pid from the pid file.
            if unsafe { libc::kill(pf.pid, libc::SIGHUP) } != 0 {
                eprintln!(
                    "{PROG}: could not send reload signal (PID: {}): {}",
                    pf.pid,
                    guc::io_error_text(&std::io::Error::last_os_error())
                );
                return 1;
            }
            ctl.say("server signaled\n");
            0
        }
        Command_::Status => {
            if !ctl.pgdata.is_dir() {
                eprintln!(
                    "{PROG}: directory \"{}\" does not exist",
                    ctl.pgdata.display()
                );
                return 4;
            }
            if !ctl.pgdata.join("PG_VERSION").exists() {
                eprintln!(
                    "{PROG}: directory \"{}\" is not a database cluster directory",
                    ctl.pgdata.display()
                );
                return 4;
            }
            match ctl.running_pid() {
                Some(pid) => {
                    println!("{PROG}: server is running (PID: {pid})");
                    if let Ok(opts) = std::fs::read_to_string(ctl.pgdata.join("postmaster.opts")) {
                        print!("{opts}");
                    }
                    0
                }
                None => {
                    println!("{PROG}: no server running");
                    3
                }
            }
        }
        Command_::Kill(..) => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn args() {
        let o = parse_args(&v(&["-D", "/d", "-l", "log", "-m", "i", "stop", "-t", "5"])).unwrap();
        assert_eq!(o.command, Some(Command_::Stop));
        assert_eq!(o.mode, Mode::Immediate);
        assert_eq!(o.timeout, 5);
        assert_eq!(o.log_file.as_deref(), Some("log"));
        let o = parse_args(&v(&["start", "-o", "-p 5433", "-W"])).unwrap();
        assert_eq!(o.post_opts.as_deref(), Some("-p 5433"));
        assert!(!o.wait);
        assert!(parse_args(&v(&["frobnicate"])).is_err());
        assert_eq!(
            shell_split("-c listen_addresses='' -p 5432 -c \"search_path=a b\" x\\ y"),
            v(&[
                "-c",
                "listen_addresses=",
                "-p",
                "5432",
                "-c",
                "search_path=a b",
                "x y"
            ])
        );
        assert!(parse_args(&v(&["-m", "x", "stop"])).is_err());
    }
}
