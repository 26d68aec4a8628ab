//! Command-line behavior of `postgres`, `initdb` and `pg_ctl` that needs no running engine.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output};

fn run(bin: &str, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(bin);
    c.args(args).env_remove("PGDATA");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("run binary")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

const POSTGRES: &str = env!("CARGO_BIN_EXE_postgres");
const INITDB: &str = env!("CARGO_BIN_EXE_initdb");
const PG_CTL: &str = env!("CARGO_BIN_EXE_pg_ctl");

/// A hand-made minimal data directory.
fn minimal_data_dir(root: &Path, conf: &str) -> std::path::PathBuf {
    let d = root.join("data");
    fs::create_dir(&d).unwrap();
    fs::set_permissions(&d, fs::Permissions::from_mode(0o700)).unwrap();
    fs::write(d.join("PG_VERSION"), "10\n").unwrap();
    fs::write(d.join("postgresql.conf"), conf).unwrap();
    d
}

#[test]
fn versions() {
    assert_eq!(
        text(&run(POSTGRES, &["-V"], &[]).stdout),
        "postgres (PostgreSQL) 10.2\n"
    );
    assert_eq!(
        text(&run(POSTGRES, &["--version"], &[]).stdout),
        "postgres (PostgreSQL) 10.2\n"
    );
    assert_eq!(
        text(&run(INITDB, &["-V"], &[]).stdout),
        "initdb (PostgreSQL) 10.2\n"
    );
    assert_eq!(
        text(&run(PG_CTL, &["--version"], &[]).stdout),
        "pg_ctl (PostgreSQL) 10.2\n"
    );
    assert!(text(&run(POSTGRES, &["--help"], &[]).stdout).contains("Usage:"));
}

#[test]
fn postgres_show_config() {
    let t = tempfile::tempdir().unwrap();
    let d = minimal_data_dir(t.path(), "port = 6543\nwork_mem = '8MB'  # comment\n");
    fs::write(d.join("postgresql.auto.conf"), "work_mem = 16MB\n").unwrap();
    let ds = d.to_str().unwrap();
    let o = run(POSTGRES, &["-C", "port", "-D", ds], &[]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(text(&o.stdout), "6543\n");
    assert_eq!(
        text(&run(POSTGRES, &["-C", "work_mem", "-D", ds], &[]).stdout),
        "16MB\n"
    );
    // The files beat PGPORT; PGPORT beats the built-in default.
    let o = run(POSTGRES, &["-C", "port", "-D", ds], &[("PGPORT", "7777")]);
    assert_eq!(text(&o.stdout), "6543\n");
    let o = run(
        POSTGRES,
        &["-C", "DateStyle", "-D", ds],
        &[("PGDATESTYLE", "german")],
    );
    assert_eq!(text(&o.stdout), "German, DMY\n");
    // Command line beats the files; PGDATA works.
    let o = run(POSTGRES, &["-C", "port", "-p", "7000"], &[("PGDATA", ds)]);
    assert_eq!(text(&o.stdout), "7000\n");
    let o = run(
        POSTGRES,
        &["-C", "shared_buffers", "--shared-buffers=1GB", "-D", ds],
        &[],
    );
    assert_eq!(text(&o.stdout), "1GB\n");
    assert_eq!(
        text(&run(POSTGRES, &["-C", "server_version_num", "-D", ds], &[]).stdout),
        "100002\n"
    );
    let o = run(POSTGRES, &["-C", "data_directory", "-D", ds], &[]);
    assert_eq!(text(&o.stdout).trim(), ds);
    // Errors.
    let o = run(POSTGRES, &["-C", "nonexistent", "-D", ds], &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("FATAL:  unrecognized configuration parameter \"nonexistent\""),
        "{}",
        text(&o.stderr)
    );
    let o = run(POSTGRES, &["-C", "port", "-D", ds, "-c", "port=abc"], &[]);
    assert!(text(&o.stderr).contains("invalid value for parameter \"port\": \"abc\""));
}

#[test]
fn postgres_rejects_bad_config_and_data_dirs() {
    let t = tempfile::tempdir().unwrap();
    let d = minimal_data_dir(t.path(), "port = 6543\nbogus_setting = 1\n");
    let o = run(POSTGRES, &["-D", d.to_str().unwrap()], &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(err.contains(&format!(
        "LOG:  unrecognized configuration parameter \"bogus_setting\" in file \"{}/postgresql.conf\" line 2",
        d.display()
    )), "{err}");
    assert!(err.contains("FATAL:  configuration file"), "{err}");

    // No data directory at all.
    let o = run(POSTGRES, &[], &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr)
        .contains("postgres does not know where to find the server configuration file"));

    // Missing configuration file.
    let o = run(
        POSTGRES,
        &["-D", t.path().join("nope").to_str().unwrap()],
        &[],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("could not access the server configuration file"));

    // Not a data directory (no PG_VERSION).
    let nd = t.path().join("nd");
    fs::create_dir(&nd).unwrap();
    fs::set_permissions(&nd, fs::Permissions::from_mode(0o700)).unwrap();
    fs::write(nd.join("postgresql.conf"), "").unwrap();
    let o = run(POSTGRES, &["-D", nd.to_str().unwrap()], &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(
        err.contains(&format!(
            "FATAL:  \"{}\" is not a valid data directory",
            nd.display()
        )),
        "{err}"
    );
    assert!(err.contains("DETAIL:  File"), "{err}");
    // Log lines carry the default prefix: "YYYY-MM-DD HH:MM:SS.mmm UTC [pid] ".
    let first = err.lines().next().unwrap_or("");
    assert!(
        first.len() > 30 && &first[19..20] == "." && first[23..].starts_with(" UTC ["),
        "{first}"
    );

    // Wrong major version.
    fs::write(nd.join("PG_VERSION"), "9.6\n").unwrap();
    let err = text(&run(POSTGRES, &["-D", nd.to_str().unwrap()], &[]).stderr);
    assert!(
        err.contains("FATAL:  database files are incompatible with server"),
        "{err}"
    );
}

#[test]
fn postgres_refuses_live_lock_file() {
    let t = tempfile::tempdir().unwrap();
    let d = minimal_data_dir(t.path(), "port = 6544\n");
    fs::write(d.join("pg_hba.conf"), "local all all trust\n").unwrap();
    // PID 1 is certainly alive (our own pid would count as stale: it is postgres's parent).
    let me = 1;
    fs::write(
        d.join("postmaster.pid"),
        format!("{me}\n{}\n0\n6544\n\n\n\nready   \n", d.display()),
    )
    .unwrap();
    let o = run(
        POSTGRES,
        &["-D", d.to_str().unwrap(), "-k", t.path().to_str().unwrap()],
        &[],
    );
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(
        err.contains("FATAL:  lock file \"postmaster.pid\" already exists"),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "HINT:  Is another postmaster (PID {me}) running in data directory \"{}\"?",
            d.display()
        )),
        "{err}"
    );
    // The file is left alone.
    assert!(d.join("postmaster.pid").exists());
}

#[test]
fn initdb_refuses_non_empty_directory() {
    let t = tempfile::tempdir().unwrap();
    fs::write(t.path().join("somefile"), "x").unwrap();
    let ds = t.path().to_str().unwrap();
    let o = run(INITDB, &["-D", ds], &[]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        text(&o.stderr),
        format!(
            "initdb: directory \"{ds}\" exists but is not empty\n\
             If you want to create a new database system, either remove or empty\n\
             the directory \"{ds}\" or run initdb\n\
             with an argument other than \"{ds}\".\n"
        )
    );
    // The existing content is untouched.
    assert!(t.path().join("somefile").exists());

    let o = run(INITDB, &[], &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).starts_with("initdb: no data directory specified\n"));
}

#[test]
fn initdb_writes_skeleton_or_cleans_up() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path().join("data");
    let ds = d.to_str().unwrap();
    let o = run(
        INITDB,
        &["-D", ds, "-U", "postgres", "--no-sync", "--no-clean"],
        &[("LANG", "C")],
    );
    let out = text(&o.stdout);
    assert!(
        out.starts_with("The files belonging to this database system will be owned by user"),
        "{out}"
    );
    assert!(
        out.contains(&format!("creating directory {ds} ... ok")),
        "{out}"
    );
    if o.status.success() {
        // The real bootstrap is in place.
        assert!(
            out.contains("Success. You can now start the database server using:"),
            "{out}"
        );
    } else {
        assert!(text(&o.stderr).contains("not removed at user's request"));
    }
    assert_eq!(fs::read_to_string(d.join("PG_VERSION")).unwrap(), "10\n");
    for sub in [
        "base",
        "global",
        "pg_wal/archive_status",
        "pg_xact",
        "pg_multixact/members",
        "pg_logical/mappings",
    ] {
        assert!(d.join(sub).is_dir(), "{sub}");
    }
    let conf = fs::read_to_string(d.join("postgresql.conf")).unwrap();
    assert!(conf.contains("\nlisten_addresses = '*'"));
    assert!(conf.contains("\n#work_mem = 4MB"));
    assert!(fs::read_to_string(d.join("postgresql.auto.conf"))
        .unwrap()
        .starts_with("# Do not edit this file manually!"));
    let hba = fs::read_to_string(d.join("pg_hba.conf")).unwrap();
    assert!(
        hba.contains("\nlocal   all             all                                     trust\n"),
        "{hba}"
    );
    assert_eq!(
        fs::metadata(&d).unwrap().permissions().mode() & 0o777,
        0o700
    );
    // The written configuration is accepted by the server.
    let o = run(POSTGRES, &["-C", "listen_addresses", "-D", ds], &[]);
    assert_eq!(text(&o.stdout), "*\n", "{}", text(&o.stderr));
    assert_eq!(
        text(&run(POSTGRES, &["-C", "TimeZone", "-D", ds], &[]).stdout),
        "UTC\n"
    );

    // Without --no-clean a failing bootstrap removes the directory it created.
    let d2 = t.path().join("data2");
    let o = run(INITDB, &["-D", d2.to_str().unwrap(), "--no-sync"], &[]);
    if !o.status.success() {
        assert!(!d2.exists());
        assert!(text(&o.stderr).contains("initdb: removing data directory"));
    }
}

#[test]
fn pg_ctl_without_server() {
    let t = tempfile::tempdir().unwrap();
    let d = minimal_data_dir(t.path(), "");
    let ds = d.to_str().unwrap();
    let o = run(PG_CTL, &["status", "-D", ds], &[]);
    assert_eq!(o.status.code(), Some(3));
    assert_eq!(text(&o.stdout), "pg_ctl: no server running\n");
    let o = run(PG_CTL, &["-D", ds, "stop"], &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains(&format!(
        "pg_ctl: PID file \"{ds}/postmaster.pid\" does not exist\nIs server running?"
    )));
    let o = run(PG_CTL, &["reload"], &[("PGDATA", ds)]);
    assert_eq!(o.status.code(), Some(1));
    let o = run(
        PG_CTL,
        &["status", "-D", t.path().join("missing").to_str().unwrap()],
        &[],
    );
    assert_eq!(o.status.code(), Some(4));
    let o = run(PG_CTL, &["status"], &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("no database directory specified"));
    // A stale pid file (dead process) still means "no server running".
    fs::write(
        d.join("postmaster.pid"),
        format!("999999\n{ds}\n0\n5432\n\n\n\nready   \n"),
    )
    .unwrap();
    assert_eq!(
        run(PG_CTL, &["status", "-D", ds], &[]).status.code(),
        Some(3)
    );
}

#[test]
fn pg_ctl_start_reports_failure() {
    // The server cannot start here (missing pg_hba.conf), so pg_ctl must say so.
    let t = tempfile::tempdir().unwrap();
    let d = minimal_data_dir(t.path(), "port = 6545\n");
    let ds = d.to_str().unwrap();
    let log = t.path().join("log");
    let o = run(
        PG_CTL,
        &[
            "start",
            "-D",
            ds,
            "-l",
            log.to_str().unwrap(),
            "-t",
            "20",
            "-o",
            &format!("-k {}", t.path().display()),
        ],
        &[],
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stdout));
    assert!(text(&o.stdout).starts_with("waiting for server to start...."));
    assert!(text(&o.stderr).contains("pg_ctl: could not start server\nExamine the log output."));
    let logtext = fs::read_to_string(&log).unwrap();
    assert!(
        logtext.contains("FATAL:  could not load pg_hba.conf"),
        "{logtext}"
    );
    assert!(!d.join("postmaster.pid").exists());
    assert!(d.join("postmaster.opts").exists());
}

#[test]
fn pg_ctl_signals_a_running_postmaster() {
    // A stand-in "postmaster": a shell that records SIGHUP and removes the pid file on SIGINT.
    let t = tempfile::tempdir().unwrap();
    let d = minimal_data_dir(t.path(), "");
    let ds = d.to_str().unwrap().to_string();
    let script = format!(
        "trap 'touch {ds}/hup' HUP; trap 'rm -f {ds}/postmaster.pid; exit 0' INT; \
         while true; do sleep 0.05; done"
    );
    let mut child = Command::new("sh").arg("-c").arg(&script).spawn().unwrap();
    let pid = child.id();
    fs::write(
        d.join("postmaster.pid"),
        format!("{pid}\n{ds}\n0\n5432\n\n\n\nready   \n"),
    )
    .unwrap();
    fs::write(
        d.join("postmaster.opts"),
        format!("/usr/bin/postgres \"-D\" \"{ds}\"\n"),
    )
    .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(200));

    let o = run(PG_CTL, &["status", "-D", &ds], &[]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        text(&o.stdout),
        format!("pg_ctl: server is running (PID: {pid})\n/usr/bin/postgres \"-D\" \"{ds}\"\n")
    );

    let o = run(PG_CTL, &["reload", "-D", &ds], &[]);
    assert_eq!(text(&o.stdout), "server signaled\n");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !d.join("hup").exists() {
        assert!(std::time::Instant::now() < deadline, "no SIGHUP received");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }

    let o = run(PG_CTL, &["stop", "-D", &ds, "-m", "fast"], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(
        text(&o.stdout),
        "waiting for server to shut down.... done\nserver stopped\n"
    );
    let _ = child.wait();
    assert!(!d.join("postmaster.pid").exists());
}
