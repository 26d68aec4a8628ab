//! In-process end-to-end tests of the postmaster and the connection loop, with a fake engine
//! (the real one lives in tcop): startup, handshake, queries, errors, cancel, limits,
//! pg_hba.conf, protocol errors, panics, fast shutdown.

use crate::backend::{SessionApi, SessionFactory};
use crate::datadir::PidFile;
use crate::postmaster::{run_with, EngineHandle, PostmasterConfig};
use common::{Interrupts, PgError, PgResult, Severity};
use guc::{Context, Settings, Source};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tcop::{ColumnDesc, Output, ShutdownMode, StartupParams};
use wire::{BackendMessage, FrontendMessage, StartupPacket, PROTOCOL_3_0};

struct FakeEngine;

struct FakeSession {
    interrupts: Interrupts,
    status: u8,
    settings: Settings,
    pid: i32,
}

static NEXT: std::sync::atomic::AtomicI32 = std::sync::atomic::AtomicI32::new(1000);

impl SessionFactory for FakeEngine {
    fn new_session(
        &self,
        p: &StartupParams,
        interrupts: Interrupts,
    ) -> PgResult<Box<dyn SessionApi>> {
        if p.user == "nobody" {
            return Err(PgError::new(
                common::sqlstate::INVALID_AUTHORIZATION_SPECIFICATION,
                "role \"nobody\" does not exist",
            )
            .with_severity(Severity::Fatal));
        }
        let mut settings = Settings::new();
        for (k, v) in &p.settings {
            settings
                .set(k, v, Context::Backend, Source::Client)
                .map_err(|e| e.with_severity(Severity::Fatal))?;
        }
        settings.mark_session_start();
        Ok(Box::new(FakeSession {
            interrupts,
            status: b'I',
            settings,
            pid: NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst),
        }))
    }
}

impl EngineHandle for FakeEngine {
    fn shutdown(&self, _mode: ShutdownMode) -> PgResult<()> {
        Ok(())
    }
    fn reload(&self, _settings: &Settings) {}
}

impl SessionApi for FakeSession {
    fn reported_parameters(&mut self) -> Vec<(String, String)> {
        self.settings.report_all()
    }
    fn backend_pid(&self) -> i32 {
        self.pid
    }
    fn simple_query(&mut self, sql: &str, out: &mut dyn Output) {
        let col = ColumnDesc {
            name: "?column?".into(),
            table_oid: 0,
            column_attnum: 0,
            type_oid: 23,
            type_len: 4,
            type_modifier: -1,
            format: 0,
        };
        let _ = match sql {
            "" => out.empty_query(),
            "select 1" => out
                .row_description(std::slice::from_ref(&col))
                .and_then(|_| out.data_row(&[Some(b"1")]))
                .and_then(|_| out.command_complete("SELECT 1")),
            "big" => {
                let r = out.row_description(std::slice::from_ref(&col));
                let mut res = r;
                for _ in 0..20000 {
                    if res.is_err() {
                        break;
                    }
                    res = out.data_row(&[Some(b"12345678")]);
                }
                res.and_then(|_| out.command_complete("SELECT 20000"))
            }
            "begin" => {
                self.status = b'T';
                out.command_complete("BEGIN")
            }
            "set datestyle" => {
                let _ = self
                    .settings
                    .set("DateStyle", "German", Context::User, Source::Session);
                let reports = self.settings.take_reports();
                for (k, v) in reports {
                    let _ = out.parameter_status(&k, &v);
                }
                out.command_complete("SET")
            }
            "sleep" => {
                let start = Instant::now();
                loop {
                    if let Err(e) = self.interrupts.check() {
                        break out.error(&e);
                    }
                    if start.elapsed() > Duration::from_secs(10) {
                        break out.command_complete("SELECT 1");
                    }
                    std::thread::sleep(Duration::from_millis(5));
                }
            }
            "panic" => panic!("fake session panic"),
            _ => out.error(&PgError::new(
                common::sqlstate::SYNTAX_ERROR,
                format!("syntax error at or near \"{sql}\""),
            )),
        };
    }
    fn transaction_status(&self) -> u8 {
        self.status
    }
    fn terminate(&mut self) {}
}

/// A minimal protocol client.
struct Client<S: Read + Write> {
    s: S,
    buf: Vec<u8>,
    pid: i32,
    key: i32,
}

impl<S: Read + Write> Client<S> {
    fn new(s: S) -> Self {
        Client {
            s,
            buf: Vec::new(),
            pid: 0,
            key: 0,
        }
    }
    fn send(&mut self, bytes: &[u8]) {
        self.s.write_all(bytes).unwrap();
    }
    /// Next message, or None at EOF.
    fn recv(&mut self) -> Option<BackendMessage> {
        loop {
            if let Some((m, n)) = BackendMessage::decode(&self.buf).unwrap() {
                self.buf.drain(..n);
                return Some(m);
            }
            let mut tmp = [0u8; 65536];
            match self.s.read(&mut tmp) {
                Ok(0) | Err(_) => return None,
                Ok(n) => self.buf.extend_from_slice(&tmp[..n]),
            }
        }
    }
    /// Messages up to and including ReadyForQuery (or EOF).
    fn until_ready(&mut self) -> Vec<BackendMessage> {
        let mut v = Vec::new();
        while let Some(m) = self.recv() {
            let done = matches!(m, BackendMessage::ReadyForQuery(_));
            if let BackendMessage::BackendKeyData { pid, key } = m {
                self.pid = pid;
                self.key = key;
            }
            v.push(m);
            if done {
                break;
            }
        }
        v
    }
    fn startup(&mut self, params: &[(&str, &str)]) -> Vec<BackendMessage> {
        let p = StartupPacket::Startup {
            version: PROTOCOL_3_0,
            params: params
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        };
        self.send(&p.encode());
        self.until_ready()
    }
    fn query(&mut self, sql: &str) -> Vec<BackendMessage> {
        self.send(&FrontendMessage::Query(sql.into()).encode());
        self.until_ready()
    }
}

fn error_of(msgs: &[BackendMessage]) -> Option<PgError> {
    msgs.iter().find_map(|m| match m {
        BackendMessage::ErrorResponse(f) => Some(wire::backend::fields_to_error(f)),
        _ => None,
    })
}

fn tags(msgs: &[BackendMessage]) -> String {
    msgs.iter()
        .map(|m| match m {
            BackendMessage::AuthenticationOk => 'R',
            BackendMessage::ParameterStatus { .. } => 'S',
            BackendMessage::BackendKeyData { .. } => 'K',
            BackendMessage::ReadyForQuery(_) => 'Z',
            BackendMessage::RowDescription(_) => 'T',
            BackendMessage::DataRow(_) => 'D',
            BackendMessage::CommandComplete(_) => 'C',
            BackendMessage::EmptyQueryResponse => 'I',
            BackendMessage::ErrorResponse(_) => 'E',
            BackendMessage::NoticeResponse(_) => 'N',
            _ => '?',
        })
        .collect()
}

fn wait_for(what: &str, f: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !f() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn postmaster_end_to_end_with_fake_engine() {
    let t = tempfile::tempdir().unwrap();
    let data = t.path().join("data");
    std::fs::create_dir(&data).unwrap();
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o700)).unwrap();
    std::fs::write(data.join("PG_VERSION"), "10\n").unwrap();
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    std::fs::write(
        data.join("postgresql.conf"),
        format!(
            "port = {port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{}'\nmax_connections = 4\n",
            t.path().display()
        ),
    )
    .unwrap();
    std::fs::write(
        data.join("pg_hba.conf"),
        "local all all trust\nhost all evil 127.0.0.1/32 reject\nhost all all 127.0.0.1/32 trust\n",
    )
    .unwrap();
    let mut settings = Settings::new();
    let conf = data.join("postgresql.conf");
    settings
        .load_config_files(&conf, None, Context::Postmaster)
        .unwrap();
    settings
        .set_internal("hba_file", &data.join("pg_hba.conf").display().to_string())
        .unwrap();
    let cfg = PostmasterConfig {
        data_dir: data.clone(),
        config_file: conf,
        settings,
    };
    let server = std::thread::spawn(move || {
        run_with(
            cfg,
            Box::new(|_: &Path, _: &Settings| Ok(Arc::new(FakeEngine) as Arc<dyn EngineHandle>)),
        )
    });
    wait_for("ready", || {
        PidFile::read(&data).is_some_and(|p| p.status == "ready   ")
    });
    let pf = PidFile::read(&data).unwrap();
    assert_eq!(pf.pid, std::process::id() as i32);
    assert_eq!(pf.data_dir, data.display().to_string());
    assert_eq!(pf.port, port);
    assert_eq!(pf.socket_dir, t.path().display().to_string());
    assert_eq!(pf.listen_addr, "127.0.0.1");
    let sock = t.path().join(format!(".s.PGSQL.{port}"));
    assert!(sock.exists());
    assert!(t.path().join(format!(".s.PGSQL.{port}.lock")).exists());

    let tcp = || TcpStream::connect(("127.0.0.1", port)).unwrap();

    // Handshake and simple queries over TCP.
    let mut c = Client::new(tcp());
    let hs = c.startup(&[
        ("user", "alice"),
        ("application_name", "t"),
        ("options", "-c DateStyle=SQL,\\ DMY"),
    ]);
    assert_eq!(tags(&hs), "RSSSSSSSSSSSKZ", "{hs:?}");
    assert!(hs.contains(&BackendMessage::ParameterStatus {
        name: "DateStyle".into(),
        value: "SQL, DMY".into()
    }));
    assert!(c.pid > 0);
    assert_eq!(tags(&c.query("select 1")), "TDCZ");
    assert_eq!(tags(&c.query("")), "IZ");
    let r = c.query("boom");
    assert_eq!(tags(&r), "EZ");
    assert_eq!(
        error_of(&r).unwrap().message,
        "syntax error at or near \"boom\""
    );
    let r = c.query("set datestyle");
    assert_eq!(tags(&r), "SCZ");
    let r = c.query("big");
    assert_eq!(r.len(), 20003);
    let r = c.query("begin");
    assert_eq!(r.last(), Some(&BackendMessage::ReadyForQuery(b'T')));

    // Extended protocol: one error, everything skipped until Sync.
    let mut bytes = FrontendMessage::Parse {
        name: String::new(),
        query: "select 1".into(),
        param_types: vec![],
    }
    .encode();
    bytes.extend(
        FrontendMessage::Bind {
            portal: String::new(),
            statement: String::new(),
            param_formats: vec![],
            params: vec![],
            result_formats: vec![],
        }
        .encode(),
    );
    bytes.extend(
        FrontendMessage::Execute {
            portal: String::new(),
            max_rows: 0,
        }
        .encode(),
    );
    bytes.extend(FrontendMessage::Sync.encode());
    c.send(&bytes);
    let r = c.until_ready();
    assert_eq!(tags(&r), "EZ");
    assert_eq!(
        error_of(&r).unwrap().code,
        common::sqlstate::FEATURE_NOT_SUPPORTED
    );

    // Unix socket, with an SSLRequest first (answered 'N').
    let mut u = std::os::unix::net::UnixStream::connect(&sock).unwrap();
    u.write_all(&StartupPacket::SslRequest.encode()).unwrap();
    let mut n = [0u8; 1];
    u.read_exact(&mut n).unwrap();
    assert_eq!(&n, b"N");
    let mut uc = Client::new(u);
    assert!(tags(&uc.startup(&[("user", "bob"), ("database", "db")])).ends_with("KZ"));

    // GSSENCRequest then SSLRequest (what libpq may send), both refused, then startup.
    let mut g = tcp();
    for pkt in [StartupPacket::GssEncRequest, StartupPacket::SslRequest] {
        g.write_all(&pkt.encode()).unwrap();
        let mut n = [0u8; 1];
        g.read_exact(&mut n).unwrap();
        assert_eq!(&n, b"N");
    }
    let mut gc = Client::new(g);
    assert!(tags(&gc.startup(&[("user", "g")])).ends_with("KZ"));
    gc.send(&FrontendMessage::Terminate.encode());
    assert!(gc.recv().is_none());

    // Cancel a running query from another connection.
    c.send(&FrontendMessage::Query("sleep".into()).encode());
    std::thread::sleep(Duration::from_millis(100));
    let mut cancel = tcp();
    cancel
        .write_all(
            &StartupPacket::Cancel {
                pid: c.pid,
                key: c.key,
            }
            .encode(),
        )
        .unwrap();
    let mut rest = Vec::new();
    let _ = cancel.read_to_end(&mut rest);
    assert!(rest.is_empty());
    let r = c.until_ready();
    let e = error_of(&r).unwrap();
    assert_eq!(e.code, common::sqlstate::QUERY_CANCELED, "{r:?}");
    assert_eq!(e.message, "canceling statement due to user request");

    // Protocol 3.1 with a _pq_ option: NegotiateProtocolVersion, then a normal 3.0 session.
    let mut x = Client::new(tcp());
    x.send(
        &StartupPacket::Startup {
            version: PROTOCOL_3_0 + 1,
            params: vec![
                ("user".into(), "n".into()),
                ("_pq_.frob".into(), "1".into()),
            ],
        }
        .encode(),
    );
    let r = x.until_ready();
    assert_eq!(
        r.first(),
        Some(&BackendMessage::NegotiateProtocolVersion {
            minor: 0,
            unrecognized: vec!["_pq_.frob".into()]
        })
    );
    assert_eq!(r.last(), Some(&BackendMessage::ReadyForQuery(b'I')));
    x.send(&FrontendMessage::Terminate.encode());
    assert!(x.recv().is_none());
    drop(x);

    // Startup errors.
    let mut x = Client::new(tcp());
    let e = error_of(&x.startup(&[("database", "d")])).unwrap();
    assert_eq!(
        e.message,
        "no PostgreSQL user name specified in startup packet"
    );
    assert_eq!(e.severity, Severity::Fatal);
    let mut x = Client::new(tcp());
    x.send(
        &StartupPacket::Startup {
            version: 2 << 16,
            params: vec![],
        }
        .encode(),
    );
    let e = error_of(&x.until_ready()).unwrap();
    assert_eq!(
        e.message,
        "unsupported frontend protocol 2.0: server supports 2.0 to 3.0"
    );
    let mut x = Client::new(tcp());
    let e = error_of(&x.startup(&[("user", "evil")])).unwrap();
    assert_eq!(
        e.message,
        "pg_hba.conf rejects connection for host \"127.0.0.1\", user \"evil\", database \"evil\", SSL off"
    );
    let mut x = Client::new(tcp());
    let e = error_of(&x.startup(&[("user", "nobody")])).unwrap();
    assert_eq!(e.message, "role \"nobody\" does not exist");
    let mut x = Client::new(tcp());
    let e = error_of(&x.startup(&[("user", "u"), ("work_mem", "lots")])).unwrap();
    assert_eq!(e.severity, Severity::Fatal);

    // A panicking session closes only its own connection.
    let mut p = Client::new(tcp());
    p.startup(&[("user", "p")]);
    let r = p.query("panic");
    assert!(r.is_empty(), "{r:?}");
    assert_eq!(tags(&c.query("select 1")), "TDCZ");

    // Unknown message type: FATAL 08P01 and the connection closes.
    let mut x = Client::new(tcp());
    x.startup(&[("user", "x")]);
    x.send(b"Z\0\0\0\x04");
    let r = x.until_ready();
    let e = error_of(&r).unwrap();
    assert_eq!(e.code, common::sqlstate::PROTOCOL_VIOLATION);
    assert_eq!(e.message, "invalid frontend message type 90");
    assert!(x.recv().is_none());

    // max_connections = 4: c and uc are open, two more fit, the next is refused.
    // (Sessions closed above may take a moment to deregister, hence the retries.)
    let connect_ok = |user: &str| -> Client<TcpStream> {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let mut x = Client::new(tcp());
            if error_of(&x.startup(&[("user", user)])).is_none() {
                return x;
            }
            assert!(Instant::now() < deadline, "could not connect {user}");
            std::thread::sleep(Duration::from_millis(20));
        }
    };
    let _extra1 = connect_ok("e1");
    let mut extra2 = connect_ok("e2");
    let mut x = Client::new(tcp());
    let e = error_of(&x.startup(&[("user", "e3")])).unwrap();
    assert_eq!(e.code, common::sqlstate::TOO_MANY_CONNECTIONS);
    assert_eq!(e.message, "sorry, too many clients already");
    extra2.send(&FrontendMessage::Terminate.encode());
    assert!(extra2.recv().is_none());

    // SIGHUP re-reads pg_hba.conf (and postgresql.conf).
    std::fs::write(
        data.join("pg_hba.conf"),
        "local all all trust\nhost all all 127.0.0.1/32 reject\n",
    )
    .unwrap();
    crate::signals::request(crate::signals::Pending {
        reload: true,
        ..Default::default()
    });
    wait_for("reload", || {
        let mut x = Client::new(tcp());
        error_of(&x.startup(&[("user", "after")])).is_some_and(|e| {
            e.message.starts_with(
                "pg_hba.conf rejects connection for host \"127.0.0.1\", user \"after\"",
            )
        })
    });
    // A broken pg_hba.conf is not loaded; the previous rules stay.
    std::fs::write(data.join("pg_hba.conf"), "bogus line\n").unwrap();
    crate::signals::request(crate::signals::Pending {
        reload: true,
        ..Default::default()
    });
    std::thread::sleep(Duration::from_millis(300));
    let mut x = Client::new(tcp());
    assert!(error_of(&x.startup(&[("user", "after2")])).is_some());

    // Fast shutdown: idle sessions get FATAL 57P01, files are removed.
    crate::signals::request(crate::signals::Pending {
        fast: true,
        ..Default::default()
    });
    let r = uc.until_ready();
    let e = error_of(&r).unwrap();
    assert_eq!(e.code, common::sqlstate::ADMIN_SHUTDOWN, "{r:?}");
    assert_eq!(
        e.message,
        "terminating connection due to administrator command"
    );
    assert_eq!(server.join().unwrap(), 0);
    assert!(!data.join("postmaster.pid").exists());
    assert!(!sock.exists());
    assert!(!t.path().join(format!(".s.PGSQL.{port}.lock")).exists());
}
