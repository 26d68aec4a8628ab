//! The data directory: validation (PG_VERSION, permissions), the postmaster.pid lock file in
//! PostgreSQL 10's line format, socket lock files, and postmaster.opts.

use common::{PgError, PgResult, Severity};
use std::fs;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// postmaster.pid status values (padded to 8 characters as PostgreSQL does).
pub const PM_STATUS_STARTING: &str = "starting";
pub const PM_STATUS_STOPPING: &str = "stopping";
pub const PM_STATUS_READY: &str = "ready   ";

fn fatal(msg: String) -> PgError {
    PgError::new(common::sqlstate::OBJECT_NOT_IN_PREREQUISITE_STATE, msg)
        .with_severity(Severity::Fatal)
}

/// Check that `dir` is a usable PostgreSQL 10 data directory (PostgreSQL's checkDataDir and
/// ValidatePgVersion messages).
pub fn validate_data_dir(dir: &Path) -> PgResult<()> {
    let shown = dir.display().to_string();
    let meta = match fs::metadata(dir) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(fatal(format!("data directory \"{shown}\" does not exist")))
        }
        Err(e) => {
            return Err(fatal(format!(
                "could not read permissions of directory \"{shown}\": {}",
                guc::io_error_text(&e)
            )))
        }
    };
    if !meta.is_dir() {
        return Err(fatal(format!(
            "specified data directory \"{shown}\" is not a directory"
        )));
    }
    if meta.permissions().mode() & 0o077 != 0 {
        return Err(fatal(format!(
            "data directory \"{shown}\" has group or world access"
        ))
        .with_detail("Permissions should be u=rwx (0700)."));
    }
    let vfile = dir.join("PG_VERSION");
    let version = match fs::read_to_string(&vfile) {
        Ok(v) => v,
        Err(_) => {
            return Err(fatal(format!("\"{shown}\" is not a valid data directory"))
                .with_detail(format!("File \"{}\" is missing.", vfile.display())))
        }
    };
    let v = version.trim();
    if v != crate::PG_MAJORVERSION {
        return Err(fatal("database files are incompatible with server".to_string()).with_detail(
            format!(
                "The data directory was initialized by PostgreSQL version {v}, which is not compatible with this version 10.2."
            ),
        ));
    }
    Ok(())
}

/// Parsed postmaster.pid.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PidFile {
    pub pid: i32,
    pub data_dir: String,
    pub start_time: i64,
    pub port: u16,
    pub socket_dir: String,
    pub listen_addr: String,
    pub shmem_key: String,
    pub status: String,
}

impl PidFile {
    /// PostgreSQL 10's exact layout, one value per line.
    pub fn render(&self) -> String {
        format!(
            "{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n",
            self.pid,
            self.data_dir,
            self.start_time,
            self.port,
            self.socket_dir,
            self.listen_addr,
            self.shmem_key,
            self.status
        )
    }

    pub fn parse(text: &str) -> Option<PidFile> {
        let lines: Vec<&str> = text.lines().collect();
        let get = |i: usize| lines.get(i).copied().unwrap_or("").to_string();
        Some(PidFile {
            pid: lines.first()?.trim().parse().ok()?,
            data_dir: get(1),
            start_time: get(2).trim().parse().unwrap_or(0),
            port: get(3).trim().parse().unwrap_or(0),
            socket_dir: get(4),
            listen_addr: get(5),
            shmem_key: get(6),
            status: get(7),
        })
    }

    /// Read `<data_dir>/postmaster.pid`.
    pub fn read(data_dir: &Path) -> Option<PidFile> {
        let text = fs::read_to_string(data_dir.join("postmaster.pid")).ok()?;
        PidFile::parse(&text)
    }
}

/// Is process `pid` alive (or owned by someone else)?
pub fn process_alive(pid: i32) -> bool {
    if pid <= 0 {
        return false;
    }
    // SAFETY: kill with signal 0 only checks for existence/permission.
    let r = unsafe { libc::kill(pid, 0) };
    r == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

fn write_atomic(path: &Path, text: &str, mode: u32) -> std::io::Result<()> {
    let tmp = path.with_extension("tmp");
    {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
    }
    fs::set_permissions(&tmp, fs::Permissions::from_mode(mode))?;
    fs::rename(&tmp, path)
}

/// Create a lock file (postmaster.pid or a socket lock), refusing when it names a live
/// process other than us. `what` decides the HINT.
pub fn create_lock_file(
    path: &Path,
    contents: &str,
    socket: Option<&Path>,
    data_dir: &Path,
) -> PgResult<()> {
    if let Ok(old) = fs::read_to_string(path) {
        let other: i32 = old
            .lines()
            .next()
            .and_then(|l| l.trim().parse().ok())
            .unwrap_or(0);
        let me = std::process::id() as i32;
        // SAFETY: getppid has no preconditions.
        let parent = unsafe { libc::getppid() };
        if other != me && other != parent && process_alive(other) {
            let name = if socket.is_some() {
                path.display().to_string()
            } else {
                path.file_name()
                    .map(|n| n.to_string_lossy().to_string())
                    .unwrap_or_default()
            };
            let hint = match socket {
                Some(s) => format!(
                    "Is another postmaster (PID {other}) using socket file \"{}\"?",
                    s.display()
                ),
                None => format!(
                    "Is another postmaster (PID {other}) running in data directory \"{}\"?",
                    data_dir.display()
                ),
            };
            return Err(fatal(format!("lock file \"{name}\" already exists")).with_hint(hint));
        }
        let _ = fs::remove_file(path);
    }
    write_atomic(path, contents, 0o600).map_err(|e| {
        fatal(format!(
            "could not create lock file \"{}\": {}",
            path.display(),
            guc::io_error_text(&e)
        ))
    })
}

/// Rewrite postmaster.pid with a new status line.
pub fn set_pid_status(data_dir: &Path, pf: &mut PidFile, status: &str) {
    pf.status = status.to_string();
    let _ = write_atomic(&data_dir.join("postmaster.pid"), &pf.render(), 0o600);
}

/// Write postmaster.opts: the executable and each argument double-quoted, like PostgreSQL.
pub fn write_opts(data_dir: &Path, exe: &str, args: &[String]) -> std::io::Result<()> {
    let mut s = exe.to_string();
    for a in args {
        s.push_str(&format!(" \"{a}\""));
    }
    s.push('\n');
    fs::write(data_dir.join("postmaster.opts"), s)
}

/// Parse postmaster.opts back into (executable, arguments).
pub fn read_opts(data_dir: &Path) -> Option<(String, Vec<String>)> {
    let text = fs::read_to_string(data_dir.join("postmaster.opts")).ok()?;
    let text = text.trim_end_matches('\n');
    let (exe, rest) = match text.find(" \"") {
        Some(i) => (&text[..i], &text[i + 1..]),
        None => (text, ""),
    };
    let mut args = Vec::new();
    let mut cur = String::new();
    let mut inq = false;
    for c in rest.chars() {
        match c {
            '"' if inq => {
                args.push(std::mem::take(&mut cur));
                inq = false;
            }
            '"' => inq = true,
            c if inq => cur.push(c),
            _ => {}
        }
    }
    Some((exe.to_string(), args))
}

/// Absolute form of a path without resolving symlinks.
pub fn absolute(p: &Path) -> PathBuf {
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(p))
            .unwrap_or_else(|_| p.to_path_buf())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pid_file_roundtrip() {
        let pf = PidFile {
            pid: 12,
            data_dir: "/data".into(),
            start_time: 1_700_000_000,
            port: 5432,
            socket_dir: "/tmp".into(),
            listen_addr: "*".into(),
            shmem_key: "  5432001         0".into(),
            status: PM_STATUS_READY.into(),
        };
        let text = pf.render();
        assert_eq!(
            text,
            "12\n/data\n1700000000\n5432\n/tmp\n*\n  5432001         0\nready   \n"
        );
        assert_eq!(PidFile::parse(&text), Some(pf));
    }

    #[test]
    fn opts_roundtrip() {
        let d = tempfile::tempdir().unwrap();
        write_opts(
            d.path(),
            "/usr/bin/postgres",
            &["-D".into(), "/da ta".into()],
        )
        .unwrap();
        assert_eq!(
            fs::read_to_string(d.path().join("postmaster.opts")).unwrap(),
            "/usr/bin/postgres \"-D\" \"/da ta\"\n"
        );
        assert_eq!(
            read_opts(d.path()),
            Some((
                "/usr/bin/postgres".into(),
                vec!["-D".into(), "/da ta".into()]
            ))
        );
    }

    #[test]
    fn validation_messages() {
        let d = tempfile::tempdir().unwrap();
        fs::set_permissions(d.path(), fs::Permissions::from_mode(0o700)).unwrap();
        let e = validate_data_dir(d.path()).unwrap_err();
        assert_eq!(
            e.message,
            format!("\"{}\" is not a valid data directory", d.path().display())
        );
        fs::write(d.path().join("PG_VERSION"), "9.6\n").unwrap();
        let e = validate_data_dir(d.path()).unwrap_err();
        assert_eq!(e.message, "database files are incompatible with server");
        fs::write(d.path().join("PG_VERSION"), "10\n").unwrap();
        validate_data_dir(d.path()).unwrap();
        fs::set_permissions(d.path(), fs::Permissions::from_mode(0o755)).unwrap();
        assert!(validate_data_dir(d.path()).is_err());
        let e = validate_data_dir(&d.path().join("nope")).unwrap_err();
        assert!(e.message.ends_with("does not exist"));
    }
}
