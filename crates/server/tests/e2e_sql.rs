//! End-to-end SQL behaviour through the real binaries: psql and the `postgres` client against a
//! freshly initialised Tusk server.

mod support;

use support::TestServer;

#[test]
fn psql_creates_inserts_queries_updates_deletes() {
    let s = TestServer::start();
    let (ok, out, err) = s.psql(
        "CREATE TABLE t (id int4 NOT NULL, name text, price numeric(10,2), ok bool);\
         INSERT INTO t VALUES (1, 'one', 1.5, true), (2, 'two', 2.25, false), (3, NULL, NULL, NULL);\
         UPDATE t SET price = price * 2 WHERE id = 2;\
         DELETE FROM t WHERE id = 3;",
    );
    assert!(ok, "{out}{err}");
    let (ok, out, err) = s.psql_args(&[
        "-X",
        "-A",
        "-t",
        "-c",
        "SELECT id, name, price, ok FROM t ORDER BY id",
    ]);
    assert!(ok, "{err}");
    assert_eq!(out, "1|one|1.50|t\n2|two|4.50|f\n");
}

#[test]
fn command_tags_and_rows_with_client() {
    let s = TestServer::start();
    let mut c = s.client();
    c.batch_execute("CREATE TABLE items (a int, b text)")
        .unwrap();
    let n = c
        .execute_raw_simple("INSERT INTO items VALUES (1,'x'),(2,'y'),(3,'z')")
        .unwrap();
    assert_eq!(n, 3);
    let rows = c
        .simple_query("SELECT a, b FROM items WHERE a >= 2 ORDER BY a DESC")
        .unwrap();
    let vals: Vec<(String, String)> = rows
        .iter()
        .filter_map(|m| match m {
            postgres::SimpleQueryMessage::Row(r) => {
                Some((r.get(0).unwrap().to_string(), r.get(1).unwrap().to_string()))
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        vals,
        vec![("3".into(), "z".into()), ("2".into(), "y".into())]
    );
}

trait SimpleExec {
    fn execute_raw_simple(&mut self, sql: &str) -> Result<u64, postgres::Error>;
}

impl SimpleExec for postgres::Client {
    fn execute_raw_simple(&mut self, sql: &str) -> Result<u64, postgres::Error> {
        let msgs = self.simple_query(sql)?;
        Ok(msgs
            .iter()
            .filter_map(|m| match m {
                postgres::SimpleQueryMessage::CommandComplete(n) => Some(*n),
                _ => None,
            })
            .sum())
    }
}

#[test]
fn rollback_discards_and_commit_keeps() {
    let s = TestServer::start();
    let mut c = s.client();
    c.batch_execute("CREATE TABLE t (a int)").unwrap();
    c.batch_execute("BEGIN; INSERT INTO t VALUES (1); ROLLBACK")
        .unwrap();
    c.batch_execute("BEGIN; INSERT INTO t VALUES (2); COMMIT")
        .unwrap();
    let (_, out, _) = s.psql_args(&["-X", "-A", "-t", "-c", "SELECT a FROM t"]);
    assert_eq!(out, "2\n");
}

#[test]
fn uncommitted_rows_are_invisible_to_other_sessions() {
    let s = TestServer::start();
    let mut a = s.client();
    let mut b = s.client();
    a.batch_execute("CREATE TABLE t (a int)").unwrap();
    a.batch_execute("BEGIN; INSERT INTO t VALUES (1)").unwrap();
    let count = |c: &mut postgres::Client| -> String {
        let m = c.simple_query("SELECT count(*) FROM t").unwrap();
        match &m[1] {
            postgres::SimpleQueryMessage::Row(r) => r.get(0).unwrap().to_string(),
            other => panic!("unexpected {other:?}"),
        }
    };
    assert_eq!(count(&mut b), "0");
    assert_eq!(count(&mut a), "1");
    a.batch_execute("COMMIT").unwrap();
    assert_eq!(count(&mut b), "1");
}

#[test]
fn rolled_back_ddl_leaves_no_trace() {
    let s = TestServer::start();
    let mut c = s.client();
    c.batch_execute("BEGIN; CREATE TABLE ghost (a int); ROLLBACK")
        .unwrap();
    let err = c.batch_execute("SELECT * FROM ghost").unwrap_err();
    assert_eq!(err.code().unwrap().code(), "42P01");
    let (_, out, _) = s.psql_args(&[
        "-X",
        "-A",
        "-t",
        "-c",
        "SELECT count(*) FROM pg_class WHERE relname = 'ghost'",
    ]);
    assert_eq!(out, "0\n");
}

#[test]
fn errors_carry_sqlstate_and_position_and_session_survives() {
    let s = TestServer::start();
    let (ok, _, err) = s.psql("SELEC 1");
    assert!(!ok);
    assert!(
        err.contains("ERROR:  syntax error at or near \"SELEC\""),
        "{err}"
    );
    assert!(err.contains("LINE 1: SELEC 1"), "{err}");
    let mut c = s.client();
    let e = c
        .batch_execute("SELECT nosuchcol FROM pg_class")
        .unwrap_err();
    assert_eq!(e.code().unwrap().code(), "42703");
    let e = c.batch_execute("SELECT * FROM nosuchtable").unwrap_err();
    assert_eq!(e.code().unwrap().code(), "42P01");
    // The same connection keeps working.
    let rows = c.simple_query("SELECT 1 + 1").unwrap();
    assert!(matches!(&rows[1], postgres::SimpleQueryMessage::Row(r) if r.get(0) == Some("2")));
}

#[test]
fn failed_transaction_block_rejects_commands_until_rollback() {
    let s = TestServer::start();
    let mut c = s.client();
    c.batch_execute("BEGIN").unwrap();
    assert!(c.batch_execute("SELECT 1/0").is_err());
    let e = c.batch_execute("SELECT 1").unwrap_err();
    assert_eq!(e.code().unwrap().code(), "25P02");
    c.batch_execute("ROLLBACK").unwrap();
    c.batch_execute("SELECT 1").unwrap();
}

#[test]
fn data_survives_restart_after_each_shutdown_mode() {
    let mut s = TestServer::start();
    s.psql("CREATE TABLE keep (id int, v text); INSERT INTO keep VALUES (1, 'a')");
    for (i, sig) in [libc::SIGTERM, libc::SIGINT].into_iter().enumerate() {
        s.stop_with(sig);
        s.launch(&[]);
        let (ok, out, err) = s.psql_args(&["-X", "-A", "-t", "-c", "SELECT count(*) FROM keep"]);
        assert!(ok, "{err}");
        assert_eq!(out.trim(), (i + 1).to_string());
        s.psql(&format!("INSERT INTO keep VALUES ({}, 'b')", i + 2));
    }
}

#[test]
fn cancel_request_stops_pg_sleep() {
    let s = TestServer::start();
    let mut c = s.client();
    let token = c.cancel_token();
    let h = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(500));
        token.cancel_query(postgres::NoTls).unwrap();
    });
    let start = std::time::Instant::now();
    let e = c.batch_execute("SELECT pg_sleep(10)").unwrap_err();
    h.join().unwrap();
    assert_eq!(e.code().unwrap().code(), "57014");
    assert!(start.elapsed() < std::time::Duration::from_secs(5));
    c.batch_execute("SELECT 1").unwrap();
}

#[test]
fn multi_statement_query_runs_in_one_implicit_transaction() {
    let s = TestServer::start();
    let mut c = s.client();
    c.batch_execute("CREATE TABLE t (a int)").unwrap();
    // The error in the third statement rolls back the first two.
    assert!(c
        .batch_execute("INSERT INTO t VALUES (1); INSERT INTO t VALUES (2); SELECT 1/0")
        .is_err());
    let (_, out, _) = s.psql_args(&["-X", "-A", "-t", "-c", "SELECT count(*) FROM t"]);
    assert_eq!(out, "0\n");
}

#[test]
fn unix_socket_and_version() {
    let s = TestServer::start();
    let sock = s.socket_dir();
    let out = std::process::Command::new(support::psql_bin())
        .args(["-X", "-A", "-t", "-h"])
        .arg(&sock)
        .args([
            "-p",
            &s.port.to_string(),
            "-U",
            "postgres",
            "-d",
            "postgres",
            "-c",
            "SELECT version()",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("PostgreSQL 10.2"),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn server_is_never_in_recovery() {
    // Clients such as pg_dump ask before anything else.
    let s = TestServer::start();
    let mut c = s.client();
    let row = c
        .query_one("SELECT pg_catalog.pg_is_in_recovery()", &[])
        .unwrap();
    assert!(!row.get::<_, bool>(0));
}

#[test]
fn garbage_on_the_socket_does_not_hurt_other_sessions() {
    use std::io::Write;
    let s = TestServer::start();
    let mut c = s.client();
    for payload in [
        &b"\x00\x00\x00\x08garbage!"[..],
        b"\xff\xff\xff\xff",
        b"GET / HTTP/1.0\r\n\r\n",
    ] {
        let mut sock = std::net::TcpStream::connect(("127.0.0.1", s.port)).unwrap();
        let _ = sock.write_all(payload);
        drop(sock);
    }
    c.batch_execute("SELECT 1").unwrap();
    let mut c2 = s.client();
    c2.batch_execute("SELECT 1").unwrap();
}

/// jsonb values stored in a table read back (text and through operators), survive an
/// index build, an UPDATE and a restart.
#[test]
fn jsonb_column_round_trip() {
    let mut s = TestServer::start();
    let texts = |c: &mut postgres::Client, sql: &str| -> Vec<String> {
        c.simple_query(sql)
            .unwrap()
            .iter()
            .filter_map(|m| match m {
                postgres::SimpleQueryMessage::Row(r) => Some(r.get(0).unwrap_or("").to_string()),
                _ => None,
            })
            .collect()
    };
    {
        let mut c = s.client();
        c.batch_execute(
            "CREATE TABLE docs (id int PRIMARY KEY, doc jsonb NOT NULL);
             INSERT INTO docs VALUES (1, '{\"b\": [1, 2], \"a\": \"x\"}'), (2, '[true, null]');
             CREATE INDEX docs_doc ON docs (doc);
             UPDATE docs SET doc = doc || '{\"c\": 3}' WHERE id = 1;",
        )
        .unwrap();
        assert_eq!(
            texts(&mut c, "SELECT doc::text FROM docs ORDER BY id"),
            ["{\"a\": \"x\", \"b\": [1, 2], \"c\": 3}", "[true, null]"]
        );
        assert_eq!(
            texts(&mut c, "SELECT doc->'b'->>1 FROM docs WHERE doc ? 'a'"),
            ["2"]
        );
    }
    s.stop_with(libc::SIGINT);
    s.launch(&[]);
    let mut c = s.client();
    assert_eq!(
        texts(
            &mut c,
            "SELECT id::text FROM docs WHERE doc @> '{\"c\": 3}'"
        ),
        ["1"]
    );
}
