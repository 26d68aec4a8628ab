//! Shared helpers for end-to-end tests: a real `initdb` + `postgres` in a temp dir on a free
//! port, psql invocations, and a `postgres` crate client.
#![allow(dead_code)]

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub fn bin(name: &str) -> PathBuf {
    match name {
        "postgres" => PathBuf::from(env!("CARGO_BIN_EXE_postgres")),
        "initdb" => PathBuf::from(env!("CARGO_BIN_EXE_initdb")),
        "pg_ctl" => PathBuf::from(env!("CARGO_BIN_EXE_pg_ctl")),
        _ => panic!("unknown binary {name}"),
    }
}

/// A port that was free a moment ago (below 32768 when the kernel offers one there).
pub fn free_port() -> u16 {
    for _ in 0..50 {
        let l = TcpListener::bind("127.0.0.1:0").expect("bind");
        let p = l.local_addr().expect("addr").port();
        if p < 32768 {
            return p;
        }
    }
    // Fall back to a pseudo-random low port.
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    20000 + (t % 10000) as u16
}

/// A PostgreSQL client program (psql, pg_dump, ...) from `pg_config --bindir`, or from PATH.
pub fn client_bin(name: &str) -> PathBuf {
    let out = Command::new("pg_config").arg("--bindir").output();
    if let Ok(o) = out {
        let dir = String::from_utf8_lossy(&o.stdout).trim().to_string();
        if !dir.is_empty() {
            return Path::new(&dir).join(name);
        }
    }
    PathBuf::from(name)
}

pub fn psql_bin() -> PathBuf {
    client_bin("psql")
}

/// A running Tusk server in a temporary data directory.
pub struct TestServer {
    pub dir: tempfile::TempDir,
    pub port: u16,
    pub child: Option<Child>,
}

impl TestServer {
    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }
    pub fn socket_dir(&self) -> PathBuf {
        self.dir.path().to_path_buf()
    }

    /// initdb a fresh cluster and start the server.
    pub fn start() -> TestServer {
        Self::start_with(&[])
    }

    pub fn start_with(extra: &[&str]) -> TestServer {
        let dir = tempfile::tempdir().expect("tempdir");
        let data = dir.path().join("data");
        let out = Command::new(bin("initdb"))
            .arg("-D")
            .arg(&data)
            .args(["-U", "postgres", "--no-sync"])
            .output()
            .expect("run initdb");
        assert!(
            out.status.success(),
            "initdb failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let mut s = TestServer {
            dir,
            port: free_port(),
            child: None,
        };
        s.launch(extra);
        s
    }

    /// Start (or restart) the postmaster on the existing data directory.
    pub fn launch(&mut self, extra: &[&str]) {
        let log = std::fs::File::create(self.dir.path().join("server.log")).expect("log");
        let child = Command::new(bin("postgres"))
            .arg("-D")
            .arg(self.data_dir())
            .arg("-p")
            .arg(self.port.to_string())
            .arg("-k")
            .arg(self.socket_dir())
            .args(["-c", "listen_addresses=127.0.0.1"])
            .args(extra)
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("spawn postgres");
        self.child = Some(child);
        self.wait_ready();
    }

    pub fn wait_ready(&self) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if postgres::Client::connect(&self.conn_str(), postgres::NoTls).is_ok() {
                return;
            }
            if Instant::now() > deadline {
                panic!("server did not start:\n{}", self.log());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("server.log")).unwrap_or_default()
    }

    pub fn conn_str(&self) -> String {
        format!(
            "host=127.0.0.1 port={} user=postgres dbname=postgres connect_timeout=5",
            self.port
        )
    }

    pub fn client(&self) -> postgres::Client {
        postgres::Client::connect(&self.conn_str(), postgres::NoTls).expect("connect")
    }

    /// Run psql with `-c sql` over TCP, returning (success, stdout, stderr).
    pub fn psql(&self, sql: &str) -> (bool, String, String) {
        self.psql_args(&["-X", "-c", sql])
    }

    /// Run client program `prog` (pg_dump, pg_restore, ...) against this server as postgres;
    /// returns its stdout, panicking with its output and the server log on failure.
    #[allow(dead_code)]
    pub fn run_client(&self, prog: &str, args: &[&str]) -> String {
        let port = self.port.to_string();
        let out = Command::new(client_bin(prog))
            .args(["-h", "127.0.0.1", "-p", &port, "-U", "postgres"])
            .args(args)
            .env("PGCONNECT_TIMEOUT", "5")
            .output()
            .expect("run client program");
        assert!(
            out.status.success(),
            "{prog} {args:?} failed: {}\n{}\nserver log:\n{}",
            String::from_utf8_lossy(&out.stderr),
            String::from_utf8_lossy(&out.stdout),
            self.log()
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn psql_args(&self, args: &[&str]) -> (bool, String, String) {
        let out = Command::new(psql_bin())
            .args([
                "-h",
                "127.0.0.1",
                "-p",
                &self.port.to_string(),
                "-U",
                "postgres",
            ])
            .args(["-d", "postgres"])
            .args(args)
            .env("PGCONNECT_TIMEOUT", "5")
            .output()
            .expect("run psql");
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    /// Send a signal to the postmaster and wait for it to exit.
    pub fn stop_with(&mut self, signal: i32) {
        if let Some(mut c) = self.child.take() {
            unsafe {
                libc::kill(c.id() as i32, signal);
            }
            let deadline = Instant::now() + Duration::from_secs(30);
            loop {
                if let Ok(Some(_)) = c.try_wait() {
                    break;
                }
                if Instant::now() > deadline {
                    let _ = c.kill();
                    let _ = c.wait();
                    panic!("server did not stop on signal {signal}:\n{}", self.log());
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        }
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(mut c) = self.child.take() {
            unsafe {
                libc::kill(c.id() as i32, libc::SIGINT);
            }
            let deadline = Instant::now() + Duration::from_secs(10);
            while Instant::now() < deadline {
                if let Ok(Some(_)) = c.try_wait() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}
