//! The postmaster: writes postmaster.pid, opens TCP and Unix-domain listeners, opens the engine,
//! accepts connections (one thread each, panics contained), and handles SIGTERM (smart),
//! SIGINT (fast), SIGQUIT (immediate) shutdown and SIGHUP (reload).

use crate::backend::{self, SessionFactory, Shared};
use crate::datadir::{self, PidFile, PM_STATUS_READY, PM_STATUS_STARTING, PM_STATUS_STOPPING};
use crate::hba;
use crate::log::{self, log_error, LogCtx};
use crate::net::{self, Listener};
use crate::signals;
use common::{PgError, Severity};
use guc::{Context, Settings};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;
use tcop::ShutdownMode;

/// The engine as the postmaster uses it: creates sessions, and shuts down.
pub trait EngineHandle: SessionFactory {
    fn shutdown(&self, mode: ShutdownMode) -> common::PgResult<()>;
    /// The configuration files were re-read (SIGHUP): new sessions should start from
    /// `settings`.
    fn reload(&self, settings: &Settings);
}

impl EngineHandle for Arc<tcop::Engine> {
    fn shutdown(&self, mode: ShutdownMode) -> common::PgResult<()> {
        tcop::Engine::shutdown(self, mode)
    }
    fn reload(&self, settings: &Settings) {
        tcop::Engine::reload(self, settings)
    }
}

/// Opens the engine once the listeners are up.
pub type EngineOpener =
    Box<dyn FnOnce(&Path, &Settings) -> common::PgResult<Arc<dyn EngineHandle>>>;

/// What the postmaster needs to run.
pub struct PostmasterConfig {
    pub data_dir: PathBuf,
    pub config_file: PathBuf,
    pub settings: Settings,
}

fn fatal_exit(e: PgError) -> i32 {
    log_error(&LogCtx::postmaster(), &e.with_severity(Severity::Fatal));
    1
}

fn fatal_msg(msg: impl Into<String>) -> PgError {
    PgError::internal(msg).with_severity(Severity::Fatal)
}

fn now_epoch() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// Files to remove at exit.
#[derive(Default)]
struct Cleanup {
    files: Vec<PathBuf>,
}

impl Cleanup {
    fn run(&mut self) {
        for f in self.files.drain(..).rev() {
            let _ = std::fs::remove_file(f);
        }
    }
}

fn list(setting: &str) -> Vec<String> {
    setting
        .split(',')
        .map(|s| s.trim().trim_matches('"').to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn open_tcp(listen: &[String], port: u16, backlog: i32) -> Result<Vec<Listener>, PgError> {
    let mut out = Vec::new();
    for entry in listen {
        let addrs = match net::resolve_listen_address(entry, port) {
            Ok(a) => a,
            Err(e) => {
                log::log(&format!(
                    "could not translate host name \"{entry}\", service \"{port}\" to address: {}",
                    guc::io_error_text(&e)
                ));
                Vec::new()
            }
        };
        let mut any = false;
        for a in addrs {
            let fam = if a.is_ipv4() { "IPv4" } else { "IPv6" };
            match net::bind_tcp(a, backlog) {
                Ok(l) => {
                    log::log(&format!(
                        "listening on {fam} address \"{}\", port {port}",
                        a.ip()
                    ));
                    out.push(Listener::Tcp(l));
                    any = true;
                }
                Err((stage, e)) => {
                    let text = guc::io_error_text(&e);
                    let msg = match stage {
                        net::BindStage::Socket => format!(
                            "could not create {fam} socket for address \"{}\": {text}",
                            a.ip()
                        ),
                        net::BindStage::Bind => {
                            format!("could not bind {fam} address \"{}\": {text}", a.ip())
                        }
                        net::BindStage::Listen => {
                            format!("could not listen on {fam} address \"{}\": {text}", a.ip())
                        }
                    };
                    let mut err = PgError::internal(msg).with_severity(Severity::Log);
                    if e.kind() == std::io::ErrorKind::AddrInUse {
                        err = err.with_hint(format!(
                            "Is another postmaster already running on port {port}? If not, wait a few seconds and retry."
                        ));
                    }
                    log_error(&LogCtx::postmaster(), &err);
                }
            }
        }
        if !any {
            log::log_as(
                &LogCtx::postmaster(),
                "WARNING",
                &format!("could not create listen socket for \"{entry}\""),
            );
        }
    }
    if !listen.is_empty() && out.is_empty() {
        return Err(fatal_msg("could not create any TCP/IP sockets"));
    }
    Ok(out)
}

fn open_unix(
    dirs: &[String],
    port: u16,
    perms: u32,
    data_dir: &Path,
    lock_head: &str,
    cleanup: &mut Cleanup,
) -> Result<Vec<Listener>, PgError> {
    let mut out = Vec::new();
    for dir in dirs {
        let d = Path::new(dir);
        let _ = std::fs::create_dir_all(d);
        let path = d.join(format!(".s.PGSQL.{port}"));
        if path.as_os_str().len() > 107 {
            log_error(
                &LogCtx::postmaster(),
                &PgError::internal(format!(
                    "Unix-domain socket path \"{}\" is too long (maximum 107 bytes)",
                    path.display()
                ))
                .with_severity(Severity::Log),
            );
            continue;
        }
        let lock = d.join(format!(".s.PGSQL.{port}.lock"));
        datadir::create_lock_file(&lock, &format!("{lock_head}{dir}\n"), Some(&path), data_dir)?;
        cleanup.files.push(lock);
        let _ = std::fs::remove_file(&path);
        match std::os::unix::net::UnixListener::bind(&path) {
            Ok(l) => {
                let _ = l.set_nonblocking(true);
                let _ = std::fs::set_permissions(&path, std::fs::Permissions::from_mode(perms));
                log::log(&format!("listening on Unix socket \"{}\"", path.display()));
                cleanup.files.push(path.clone());
                out.push(Listener::Unix(l, path));
            }
            Err(e) => {
                log::log(&format!(
                    "could not bind Unix address \"{}\": {}",
                    path.display(),
                    guc::io_error_text(&e)
                ));
                log::log_as(
                    &LogCtx::postmaster(),
                    "WARNING",
                    &format!("could not create Unix-domain socket in directory \"{dir}\""),
                );
            }
        }
    }
    if !dirs.is_empty() && out.is_empty() {
        return Err(fatal_msg("could not create any Unix-domain sockets"));
    }
    Ok(out)
}

fn reload(cfg: &mut PostmasterConfig, shared: &Shared, engine: &dyn EngineHandle) {
    log::log("received SIGHUP, reloading configuration files");
    let pm = LogCtx::postmaster();
    let auto = cfg.data_dir.join("postgresql.auto.conf");
    match cfg
        .settings
        .load_config_files(&cfg.config_file, Some(&auto), Context::Sighup)
    {
        Ok(r) => {
            for e in r.log {
                log_error(&pm, &e.with_severity(Severity::Log));
            }
        }
        Err(errs) => {
            for e in errs {
                log_error(&pm, &e.with_severity(Severity::Log));
            }
        }
    }
    if let Ok(p) = cfg.settings.get("log_line_prefix") {
        log::set_prefix(&p);
    }
    engine.reload(&cfg.settings);
    let hba_path = PathBuf::from(cfg.settings.get("hba_file").unwrap_or_default());
    match hba::load_hba(&hba_path) {
        Ok(lines) => {
            if let Ok(mut h) = shared.hba.write() {
                *h = lines;
            }
        }
        Err(errs) => {
            for e in errs {
                log_error(&pm, &e);
            }
            log::log("pg_hba.conf was not reloaded");
        }
    }
}

/// Run the server on the real engine until shutdown; returns the process exit code.
pub fn run(cfg: PostmasterConfig) -> i32 {
    run_with(
        cfg,
        Box::new(|dir: &Path, settings: &Settings| {
            let e = tcop::Engine::open(dir, settings)?;
            crate::autovacuum::start(&e);
            Ok(Arc::new(e) as Arc<dyn EngineHandle>)
        }),
    )
}

/// Run the server with the engine `open` returns (tests pass a fake one).
pub fn run_with(mut cfg: PostmasterConfig, open: EngineOpener) -> i32 {
    let pm = LogCtx::postmaster();
    let s = &cfg.settings;
    let port = s.get_int("port").unwrap_or(5432) as u16;
    let listen = list(&s.get("listen_addresses").unwrap_or_default());
    let sockdirs = list(&s.get("unix_socket_directories").unwrap_or_default());
    let perms = s.get_int("unix_socket_permissions").unwrap_or(0o777) as u32;
    let max_connections = s.get_int("max_connections").unwrap_or(100).max(1) as usize;
    let auth_timeout =
        Duration::from_secs(s.get_int("authentication_timeout").unwrap_or(60).max(1) as u64);
    let data_dir = cfg.data_dir.clone();
    let start = now_epoch();
    let mut cleanup = Cleanup::default();

    let mut pidfile = PidFile {
        pid: std::process::id() as i32,
        data_dir: data_dir.display().to_string(),
        start_time: start,
        port,
        socket_dir: sockdirs.first().cloned().unwrap_or_default(),
        listen_addr: listen.first().cloned().unwrap_or_default(),
        shmem_key: format!("{:>9} {:>9}", port as u64 * 1000 + 1, 0),
        status: PM_STATUS_STARTING.to_string(),
    };
    let pid_path = data_dir.join("postmaster.pid");
    if let Err(e) = datadir::create_lock_file(&pid_path, &pidfile.render(), None, &data_dir) {
        return fatal_exit(e);
    }
    cleanup.files.push(pid_path.clone());
    let ext_pid = s.get("external_pid_file").unwrap_or_default();
    if !ext_pid.is_empty() && std::fs::write(&ext_pid, format!("{}\n", pidfile.pid)).is_ok() {
        cleanup.files.push(PathBuf::from(&ext_pid));
    }

    let sig_fd = match signals::install() {
        Ok(fd) => fd,
        Err(e) => {
            cleanup.run();
            return fatal_exit(fatal_msg(format!("could not set up signal handlers: {e}")));
        }
    };

    let hba_path = PathBuf::from(s.get("hba_file").unwrap_or_default());
    let hba_lines = match hba::load_hba(&hba_path) {
        Ok(l) => l,
        Err(errs) => {
            for e in errs {
                log_error(&pm, &e);
            }
            cleanup.run();
            return fatal_exit(fatal_msg("could not load pg_hba.conf"));
        }
    };

    let backlog = (max_connections * 2).clamp(64, 10000) as i32;
    let mut listeners = match open_tcp(&listen, port, backlog) {
        Ok(l) => l,
        Err(e) => {
            cleanup.run();
            return fatal_exit(e);
        }
    };
    let lock_head = format!(
        "{}\n{}\n{}\n{}\n",
        pidfile.pid, pidfile.data_dir, start, port
    );
    match open_unix(&sockdirs, port, perms, &data_dir, &lock_head, &mut cleanup) {
        Ok(mut l) => listeners.append(&mut l),
        Err(e) => {
            cleanup.run();
            return fatal_exit(e);
        }
    }
    if listeners.is_empty() {
        cleanup.run();
        return fatal_exit(fatal_msg("no socket created for listening"));
    }

    let engine = match open(&data_dir, &cfg.settings) {
        Ok(e) => e,
        Err(e) => {
            cleanup.run();
            return fatal_exit(e);
        }
    };
    let factory: Arc<dyn SessionFactory> = engine.clone();
    let shared = Arc::new(Shared::new(factory, hba_lines, max_connections));

    datadir::set_pid_status(&data_dir, &mut pidfile, PM_STATUS_READY);
    log::log("database system is ready to accept connections");

    let mut mode: Option<ShutdownMode> = None;
    let mut fds: Vec<i32> = listeners.iter().map(|l| l.fd()).collect();
    fds.push(sig_fd);
    loop {
        let ready = net::poll_readable(&fds, 500);
        signals::drain();
        let p = signals::take();
        if p.immediate {
            log::log("received immediate shutdown request");
            datadir::set_pid_status(&data_dir, &mut pidfile, PM_STATUS_STOPPING);
            drop(listeners);
            cleanup.run();
            log::log("database system is shut down");
            return 0;
        }
        if p.fast && mode != Some(ShutdownMode::Fast) {
            log::log("received fast shutdown request");
            if mode.is_none() {
                datadir::set_pid_status(&data_dir, &mut pidfile, PM_STATUS_STOPPING);
            }
            mode = Some(ShutdownMode::Fast);
            shared.shutting_down.store(true, Ordering::SeqCst);
            log::log("aborting any active transactions");
        }
        if p.smart && mode.is_none() {
            log::log("received smart shutdown request");
            datadir::set_pid_status(&data_dir, &mut pidfile, PM_STATUS_STOPPING);
            mode = Some(ShutdownMode::Smart);
            shared.shutting_down.store(true, Ordering::SeqCst);
        }
        if p.reload && mode.is_none() {
            reload(&mut cfg, &shared, engine.as_ref());
        }
        if mode == Some(ShutdownMode::Fast) {
            shared.interrupt_all();
        }
        for l in &listeners {
            if !ready.contains(&l.fd()) {
                continue;
            }
            loop {
                match l.accept() {
                    Ok(stream) => spawn_backend(&shared, stream, auth_timeout),
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => break,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(e) => {
                        log::log(&format!(
                            "could not accept new connection: {}",
                            guc::io_error_text(&e)
                        ));
                        break;
                    }
                }
            }
        }
        if let Some(m) = mode {
            if shared.session_count() == 0 {
                drop(listeners);
                log::log("shutting down");
                if let Err(e) = engine.shutdown(m) {
                    log_error(&pm, &e.with_severity(Severity::Log));
                }
                cleanup.run();
                log::log("database system is shut down");
                return 0;
            }
        }
    }
}

fn spawn_backend(shared: &Arc<Shared>, stream: net::Stream, auth_timeout: Duration) {
    let sh = Arc::clone(shared);
    let r = std::thread::Builder::new()
        .name("backend".into())
        .stack_size(16 << 20)
        .spawn(move || {
            let res = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                backend::serve(&sh, stream, auth_timeout)
            }));
            if let Err(p) = res {
                let msg = p
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| p.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "unknown panic".into());
                log::log(&format!("server process panicked: {msg}"));
            }
        });
    if let Err(e) = r {
        log::log(&format!("could not fork new process for connection: {e}"));
    }
}
