//! Savepoints and subtransactions end to end: SAVEPOINT / ROLLBACK TO / RELEASE (nested, names
//! reused), recovery from an error with ROLLBACK TO, visibility to a concurrent session before
//! and after COMMIT, catalog changes undone by ROLLBACK TO, SET undone by ROLLBACK TO, error
//! messages, and crash recovery of a commit with subtransactions (kill -9).

mod support;

use support::TestServer;

/// The first column of every row of `sql`, as text.
fn col(c: &mut postgres::Client, sql: &str) -> Vec<String> {
    c.simple_query(sql)
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .iter()
        .filter_map(|m| match m {
            postgres::SimpleQueryMessage::Row(r) => r.get(0).map(str::to_string),
            _ => None,
        })
        .collect()
}

fn err(c: &mut postgres::Client, sql: &str) -> (String, String) {
    let e = c.batch_execute(sql).expect_err(sql);
    let db = e.as_db_error().expect("server error");
    (db.code().code().to_string(), db.message().to_string())
}

#[test]
fn rollback_to_release_and_nesting() {
    let s = TestServer::start();
    let mut c = s.client();
    c.batch_execute("CREATE TABLE t (a int)").unwrap();
    c.batch_execute(
        "BEGIN; INSERT INTO t VALUES (1); SAVEPOINT one; INSERT INTO t VALUES (2); \
         ROLLBACK TO one; INSERT INTO t VALUES (3); COMMIT",
    )
    .unwrap();
    assert_eq!(col(&mut c, "SELECT a FROM t ORDER BY a"), ["1", "3"]);

    // Nested: ROLLBACK TO an outer savepoint discards released inner levels too.
    c.batch_execute(
        "BEGIN; SAVEPOINT a; INSERT INTO t VALUES (10); SAVEPOINT b; INSERT INTO t VALUES (11); \
         RELEASE b; SAVEPOINT c; INSERT INTO t VALUES (12); ROLLBACK TO a; \
         INSERT INTO t VALUES (13); COMMIT",
    )
    .unwrap();
    assert_eq!(col(&mut c, "SELECT a FROM t WHERE a >= 10"), ["13"]);

    // ROLLBACK TO keeps the savepoint; the same name twice: the latest wins.
    c.batch_execute(
        "BEGIN; SAVEPOINT s; INSERT INTO t VALUES (20); SAVEPOINT s; INSERT INTO t VALUES (21); \
         ROLLBACK TO s; INSERT INTO t VALUES (22); ROLLBACK TO s; RELEASE s; \
         INSERT INTO t VALUES (23); ROLLBACK TO s; INSERT INTO t VALUES (24); COMMIT",
    )
    .unwrap();
    assert_eq!(
        col(&mut c, "SELECT a FROM t WHERE a >= 20 ORDER BY a"),
        ["24"]
    );

    // The transaction's own view inside: rows of rolled-back levels vanish at once; updates
    // and deletes in a rolled-back level are undone.
    c.batch_execute("BEGIN; SAVEPOINT x; UPDATE t SET a = a + 100; DELETE FROM t WHERE a = 101")
        .unwrap();
    assert_eq!(
        col(&mut c, "SELECT a FROM t ORDER BY a"),
        ["103", "113", "124"]
    );
    c.batch_execute("ROLLBACK TO x").unwrap();
    assert_eq!(
        col(&mut c, "SELECT a FROM t ORDER BY a"),
        ["1", "3", "13", "24"]
    );
    c.batch_execute("UPDATE t SET a = a * 2 WHERE a = 1; COMMIT")
        .unwrap();
    assert_eq!(
        col(&mut c, "SELECT a FROM t ORDER BY a"),
        ["2", "3", "13", "24"]
    );

    // Whole-tree ROLLBACK.
    c.batch_execute("BEGIN; SAVEPOINT a; DELETE FROM t; RELEASE a; SAVEPOINT b; ROLLBACK")
        .unwrap();
    assert_eq!(col(&mut c, "SELECT count(*) FROM t"), ["4"]);

    // Rows inserted before and after RELEASE share an xid; a rolled-back level's do not.
    c.batch_execute(
        "CREATE TABLE x (a int); BEGIN; INSERT INTO x VALUES (6); SAVEPOINT one; \
         INSERT INTO x VALUES (7); RELEASE one; INSERT INTO x VALUES (8); COMMIT",
    )
    .unwrap();
    // (Only checked once the xmin system column exists.)
    if let Ok(rows) = c.simple_query("SELECT xmin::text FROM x ORDER BY a") {
        let xmins: Vec<String> = rows
            .iter()
            .filter_map(|m| match m {
                postgres::SimpleQueryMessage::Row(r) => r.get(0).map(str::to_string),
                _ => None,
            })
            .collect();
        assert_eq!(xmins.len(), 3);
        assert_eq!(xmins[0], xmins[2]);
        assert_ne!(xmins[0], xmins[1]);
    }
}

#[test]
fn errors_and_failed_block_recovery() {
    let s = TestServer::start();
    let mut c = s.client();
    assert_eq!(
        err(&mut c, "SAVEPOINT one"),
        (
            "25P01".into(),
            "SAVEPOINT can only be used in transaction blocks".into()
        )
    );
    assert_eq!(
        err(&mut c, "ROLLBACK TO SAVEPOINT one").1,
        "ROLLBACK TO SAVEPOINT can only be used in transaction blocks"
    );
    assert_eq!(
        err(&mut c, "RELEASE SAVEPOINT one").1,
        "RELEASE SAVEPOINT can only be used in transaction blocks"
    );
    c.batch_execute("CREATE TABLE t (a int); BEGIN; INSERT INTO t VALUES (1); SAVEPOINT one")
        .unwrap();
    assert_eq!(
        err(&mut c, "RELEASE nosuch"),
        ("3B001".into(), "no such savepoint".into())
    );
    // That error failed the block: only ROLLBACK TO works now.
    c.batch_execute("ROLLBACK TO one").unwrap();
    c.batch_execute("INSERT INTO t VALUES (2)").unwrap();
    assert_eq!(err(&mut c, "SELECT 1/0").1, "division by zero");
    assert_eq!(err(&mut c, "SELECT 1").0, "25P02");
    assert_eq!(err(&mut c, "SAVEPOINT two").0, "25P02");
    assert_eq!(err(&mut c, "RELEASE one").0, "25P02");
    assert_eq!(err(&mut c, "ROLLBACK TO nosuch").0, "3B001");
    assert_eq!(err(&mut c, "SELECT 1").0, "25P02");
    c.batch_execute("ROLLBACK TO one").unwrap();
    c.batch_execute("INSERT INTO t VALUES (3); COMMIT").unwrap();
    assert_eq!(col(&mut c, "SELECT a FROM t ORDER BY a"), ["1", "3"]);

    // COMMIT of a block failed inside a subtransaction rolls everything back.
    c.batch_execute("BEGIN; INSERT INTO t VALUES (4); SAVEPOINT one; INSERT INTO t VALUES (5)")
        .unwrap();
    let _ = err(&mut c, "SELECT foo");
    let r = c.simple_query("COMMIT").unwrap();
    assert!(matches!(
        r.last(),
        Some(postgres::SimpleQueryMessage::CommandComplete(_))
    ));
    assert_eq!(col(&mut c, "SELECT count(*) FROM t"), ["2"]);

    // An error without savepoints: ROLLBACK TO finds nothing.
    c.batch_execute("BEGIN").unwrap();
    let _ = err(&mut c, "SELECT 1/0");
    assert_eq!(err(&mut c, "ROLLBACK TO x").1, "no such savepoint");
    c.batch_execute("ROLLBACK").unwrap();
}

#[test]
fn concurrent_session_sees_only_surviving_rows_after_commit() {
    let s = TestServer::start();
    let mut a = s.client();
    let mut b = s.client();
    a.batch_execute("CREATE TABLE t (a int)").unwrap();
    a.batch_execute(
        "BEGIN; INSERT INTO t VALUES (1); SAVEPOINT s1; INSERT INTO t VALUES (2); \
         SAVEPOINT s2; INSERT INTO t VALUES (3); ROLLBACK TO s2; INSERT INTO t VALUES (4); \
         RELEASE s1; SAVEPOINT s3; INSERT INTO t VALUES (5)",
    )
    .unwrap();
    assert_eq!(col(&mut b, "SELECT count(*) FROM t"), ["0"]);
    assert_eq!(
        col(&mut a, "SELECT a FROM t ORDER BY a"),
        ["1", "2", "4", "5"]
    );
    a.batch_execute("COMMIT").unwrap();
    assert_eq!(
        col(&mut b, "SELECT a FROM t ORDER BY a"),
        ["1", "2", "4", "5"]
    );
    // A writer waits for a row locked inside another session's subtransaction, and is
    // released by ROLLBACK TO (the subtransaction's xid ends there).
    a.batch_execute("BEGIN; SAVEPOINT s; UPDATE t SET a = 40 WHERE a = 4")
        .unwrap();
    let conn = s.conn_str();
    let h = std::thread::spawn(move || {
        let mut b = postgres::Client::connect(&conn, postgres::NoTls).unwrap();
        b.batch_execute("UPDATE t SET a = 41 WHERE a = 4").unwrap();
    });
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(
        !h.is_finished(),
        "writer did not wait for the subtransaction"
    );
    a.batch_execute("ROLLBACK TO s").unwrap();
    h.join().unwrap();
    a.batch_execute("COMMIT").unwrap();
    assert_eq!(
        col(&mut b, "SELECT a FROM t ORDER BY a"),
        ["1", "2", "5", "41"]
    );
}

#[test]
fn catalog_changes_and_settings_roll_back_to_savepoint() {
    let s = TestServer::start();
    let mut c = s.client();
    c.batch_execute(
        "CREATE TABLE keep (a int); BEGIN; CREATE TABLE before_sp (a int); SAVEPOINT s; \
         CREATE TABLE gone (a int); INSERT INTO gone VALUES (1); DROP TABLE keep; ROLLBACK TO s; \
         INSERT INTO keep VALUES (1); INSERT INTO before_sp VALUES (2); COMMIT",
    )
    .unwrap();
    assert_eq!(
        col(
            &mut c,
            "SELECT relname FROM pg_class WHERE relname IN ('keep', 'before_sp', 'gone') \
             ORDER BY relname"
        ),
        ["before_sp", "keep"]
    );
    assert_eq!(
        err(&mut c, "SELECT * FROM gone").1,
        "relation \"gone\" does not exist"
    );
    assert_eq!(col(&mut c, "SELECT a FROM keep"), ["1"]);
    // The same name created again after ROLLBACK TO, and again in a released level.
    c.batch_execute(
        "BEGIN; SAVEPOINT s; CREATE TABLE again (a int); ROLLBACK TO s; \
         CREATE TABLE again (b int); SAVEPOINT t; DROP TABLE again; CREATE TABLE again (c int); \
         RELEASE t; INSERT INTO again VALUES (5); COMMIT",
    )
    .unwrap();
    assert_eq!(col(&mut c, "SELECT c FROM again"), ["5"]);
    // Creating a name the enclosing level holds fails instead of waiting for itself.
    c.batch_execute("BEGIN; CREATE TABLE dup (a int); SAVEPOINT s")
        .unwrap();
    assert_eq!(
        err(&mut c, "CREATE TABLE dup (a int)").1,
        "relation \"dup\" already exists"
    );
    c.batch_execute("ROLLBACK TO s; COMMIT").unwrap();
    assert_eq!(col(&mut c, "SELECT count(*) FROM dup"), ["0"]);

    // SET after a savepoint is undone by ROLLBACK TO, kept by RELEASE.
    c.batch_execute(
        "SET extra_float_digits = 1; BEGIN; SAVEPOINT s; SET extra_float_digits = 2; \
         SET LOCAL work_mem = '7MB'; ROLLBACK TO s",
    )
    .unwrap();
    assert_eq!(col(&mut c, "SHOW extra_float_digits"), ["1"]);
    assert_eq!(col(&mut c, "SHOW work_mem"), ["4MB"]);
    c.batch_execute("SAVEPOINT t; SET extra_float_digits = 3; RELEASE t; COMMIT")
        .unwrap();
    assert_eq!(col(&mut c, "SHOW extra_float_digits"), ["3"]);
    // transaction_read_only set in a subtransaction ends with it.
    c.batch_execute("BEGIN; SAVEPOINT x; SET TRANSACTION READ ONLY")
        .unwrap();
    assert_eq!(col(&mut c, "SHOW transaction_read_only"), ["on"]);
    assert_eq!(
        err(&mut c, "SET TRANSACTION READ WRITE").1,
        "cannot set transaction read-write mode inside a read-only transaction"
    );
    c.batch_execute("ROLLBACK TO x").unwrap();
    assert_eq!(col(&mut c, "SHOW transaction_read_only"), ["off"]);
    c.batch_execute("COMMIT").unwrap();
}

#[test]
fn commit_with_subtransactions_survives_kill9() {
    let mut s = TestServer::start();
    {
        let mut c = s.client();
        c.batch_execute("CREATE TABLE t (a int)").unwrap();
        c.batch_execute(
            "BEGIN; INSERT INTO t VALUES (1); SAVEPOINT a; INSERT INTO t VALUES (2); \
             SAVEPOINT b; INSERT INTO t VALUES (3); ROLLBACK TO b; INSERT INTO t VALUES (4); \
             RELEASE a; SAVEPOINT c; INSERT INTO t VALUES (5); COMMIT",
        )
        .unwrap();
        // Left running at the crash: must vanish.
        c.batch_execute("BEGIN; INSERT INTO t VALUES (6); SAVEPOINT d; INSERT INTO t VALUES (7)")
            .unwrap();
        s.stop_with(libc::SIGKILL);
    }
    s.launch(&[]);
    let mut c = s.client();
    assert_eq!(
        col(&mut c, "SELECT a FROM t ORDER BY a"),
        ["1", "2", "4", "5"]
    );
}
