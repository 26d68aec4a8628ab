//! Heavyweight locks end to end: LOCK TABLE blocking a conflicting writer until commit, NOWAIT
//! and lock_timeout errors, a two-session deadlock (40P01 with PostgreSQL's DETAIL), advisory
//! locks across sessions (session and transaction level, try_ variants), DROP TABLE waiting
//! for a reader's open transaction, and pg_locks rows. Sessions synchronise by polling
//! pg_locks for a not-granted lock, never by fixed sleeps.

mod support;

use std::time::{Duration, Instant};
use support::TestServer;

/// The first column of every row of `sql`, as text.
fn col(c: &mut postgres::Client, sql: &str) -> Vec<String> {
    c.simple_query(sql)
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .iter()
        .filter_map(|m| match m {
            postgres::SimpleQueryMessage::Row(r) => Some(r.get(0).unwrap_or("NULL").to_string()),
            _ => None,
        })
        .collect()
}

fn one(c: &mut postgres::Client, sql: &str) -> String {
    col(c, sql).into_iter().next().unwrap_or_default()
}

fn db_err(e: &postgres::Error) -> (String, String, Option<String>, Option<String>) {
    let db = e.as_db_error().expect("server error");
    (
        db.code().code().to_string(),
        db.message().to_string(),
        db.detail().map(str::to_string),
        db.hint().map(str::to_string),
    )
}

/// Wait until backend `pid` waits for a lock (a not-granted pg_locks row).
fn wait_until_blocked(c: &mut postgres::Client, pid: &str) {
    let start = Instant::now();
    loop {
        let n = one(
            c,
            &format!("SELECT count(*) FROM pg_locks WHERE NOT granted AND pid = {pid}"),
        );
        if n != "0" {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "backend {pid} never blocked"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn lock_table_blocks_writer_until_commit() {
    let s = TestServer::start();
    let mut a = s.client();
    let mut b = s.client();
    let mut mon = s.client();
    a.batch_execute("CREATE TABLE t (x int); INSERT INTO t VALUES (1)")
        .unwrap();
    let b_pid = one(&mut b, "SELECT pg_backend_pid()");
    a.batch_execute("BEGIN; LOCK TABLE t IN SHARE MODE")
        .unwrap();
    // SHARE allows readers.
    assert_eq!(one(&mut b, "SELECT count(*) FROM t"), "1");
    let writer = std::thread::spawn(move || {
        b.batch_execute("INSERT INTO t VALUES (2)").unwrap();
        b
    });
    wait_until_blocked(&mut mon, &b_pid);
    let rows = col(
        &mut mon,
        &format!(
            "SELECT mode || ':' || granted::text FROM pg_locks \
             WHERE locktype = 'relation' AND relation = 't'::regclass AND pid = {b_pid}"
        ),
    );
    assert_eq!(rows, ["RowExclusiveLock:false"]);
    assert_eq!(
        one(
            &mut mon,
            &format!("SELECT wait_event_type FROM pg_stat_activity WHERE pid = {b_pid}")
        ),
        "Lock"
    );
    a.batch_execute("INSERT INTO t VALUES (3); COMMIT").unwrap();
    let _b = writer.join().unwrap();
    assert_eq!(col(&mut a, "SELECT x FROM t ORDER BY x"), ["1", "2", "3"]);
    assert_eq!(one(&mut mon, "SELECT count(*) FROM pg_locks"), "0");
}

#[test]
fn reader_waits_and_sees_committed_rows() {
    let s = TestServer::start();
    let mut a = s.client();
    let mut b = s.client();
    let mut mon = s.client();
    a.batch_execute("CREATE TABLE t (x int)").unwrap();
    let b_pid = one(&mut b, "SELECT pg_backend_pid()");
    a.batch_execute("BEGIN; LOCK TABLE t; INSERT INTO t VALUES (7)")
        .unwrap();
    let reader = std::thread::spawn(move || col(&mut b, "SELECT x FROM t"));
    wait_until_blocked(&mut mon, &b_pid);
    a.batch_execute("COMMIT").unwrap();
    // The reader's snapshot is taken after the lock is granted.
    assert_eq!(reader.join().unwrap(), ["7"]);
}

#[test]
fn nowait_lock_timeout_and_transaction_block_errors() {
    let s = TestServer::start();
    let mut a = s.client();
    let mut b = s.client();
    a.batch_execute("CREATE TABLE t (x int)").unwrap();
    let e = a.batch_execute("LOCK TABLE t").unwrap_err();
    assert_eq!(
        db_err(&e).1,
        "LOCK TABLE can only be used in transaction blocks"
    );
    assert_eq!(db_err(&e).0, "25P01");
    a.batch_execute("BEGIN; LOCK TABLE t IN ACCESS SHARE MODE")
        .unwrap();
    b.batch_execute("BEGIN").unwrap();
    // Compatible with ACCESS SHARE.
    b.batch_execute("LOCK TABLE t IN EXCLUSIVE MODE NOWAIT")
        .unwrap();
    b.batch_execute("ROLLBACK; BEGIN").unwrap();
    let e = b
        .batch_execute("LOCK TABLE t IN ACCESS EXCLUSIVE MODE NOWAIT")
        .unwrap_err();
    let (code, msg, _, _) = db_err(&e);
    assert_eq!(code, "55P03");
    assert_eq!(msg, "could not obtain lock on relation \"t\"");
    b.batch_execute("ROLLBACK; SET lock_timeout = '100ms'")
        .unwrap();
    let start = Instant::now();
    let e = b.batch_execute("DROP TABLE t").unwrap_err();
    let (code, msg, _, _) = db_err(&e);
    assert_eq!(code, "55P03");
    assert_eq!(msg, "canceling statement due to lock timeout");
    assert!(start.elapsed() < Duration::from_secs(5));
    a.batch_execute("COMMIT").unwrap();
    b.batch_execute("DROP TABLE t").unwrap();
}

#[test]
fn two_session_deadlock() {
    let s = TestServer::start();
    let mut a = s.client();
    let mut b = s.client();
    let mut mon = s.client();
    a.batch_execute("CREATE TABLE t1 (x int); CREATE TABLE t2 (x int)")
        .unwrap();
    let a_pid = one(&mut a, "SELECT pg_backend_pid()");
    let b_pid = one(&mut b, "SELECT pg_backend_pid()");
    let t1 = one(&mut a, "SELECT 't1'::regclass::oid");
    let t2 = one(&mut a, "SELECT 't2'::regclass::oid");
    let db = one(
        &mut a,
        "SELECT oid FROM pg_database WHERE datname = current_database()",
    );
    a.batch_execute("SET deadlock_timeout = '1s'; BEGIN; LOCK t1")
        .unwrap();
    b.batch_execute("SET deadlock_timeout = '10s'; BEGIN; LOCK t2")
        .unwrap();
    let first = std::thread::spawn(move || {
        let r = a.batch_execute("LOCK t2");
        (a, r)
    });
    wait_until_blocked(&mut mon, &a_pid);
    // b closes the cycle; a (waiting first, shorter deadlock_timeout) detects it.
    let second = std::thread::spawn(move || {
        let r = b.batch_execute("LOCK t1");
        (b, r)
    });
    let (mut a, ra) = first.join().unwrap();
    let e = ra.expect_err("a must fail with a deadlock");
    let (code, msg, detail, hint) = db_err(&e);
    assert_eq!(code, "40P01");
    assert_eq!(msg, "deadlock detected");
    assert_eq!(
        detail.as_deref(),
        Some(
            format!(
                "Process {a_pid} waits for AccessExclusiveLock on relation {t2} of database {db}; \
                 blocked by process {b_pid}.\n\
                 Process {b_pid} waits for AccessExclusiveLock on relation {t1} of database {db}; \
                 blocked by process {a_pid}."
            )
            .as_str()
        )
    );
    assert_eq!(hint.as_deref(), Some("See server log for query details."));
    a.batch_execute("ROLLBACK").unwrap();
    let (mut b, rb) = second.join().unwrap();
    rb.unwrap();
    b.batch_execute("COMMIT").unwrap();
}

#[test]
fn advisory_locks_across_sessions() {
    let s = TestServer::start();
    let mut a = s.client();
    let mut b = s.client();
    let mut mon = s.client();
    let b_pid = one(&mut b, "SELECT pg_backend_pid()");
    // Session level.
    a.batch_execute("SELECT pg_advisory_lock(42)").unwrap();
    assert_eq!(one(&mut b, "SELECT pg_try_advisory_lock(42)"), "f");
    assert_eq!(one(&mut b, "SELECT pg_try_advisory_lock_shared(42)"), "f");
    assert_eq!(one(&mut b, "SELECT pg_try_advisory_lock(1, 42)"), "t");
    let waiter = std::thread::spawn(move || {
        b.batch_execute("SELECT pg_advisory_lock(42)").unwrap();
        b
    });
    wait_until_blocked(&mut mon, &b_pid);
    assert_eq!(
        col(
            &mut mon,
            "SELECT classid || '/' || objid || '/' || objsubid || ':' || mode || ':' || granted::text \
             FROM pg_locks WHERE locktype = 'advisory' ORDER BY granted, classid DESC"
        ),
        [
            "0/42/1:ExclusiveLock:false",
            "1/42/2:ExclusiveLock:true",
            "0/42/1:ExclusiveLock:true"
        ]
    );
    assert_eq!(one(&mut a, "SELECT pg_advisory_unlock(42)"), "t");
    let mut b = waiter.join().unwrap();
    assert_eq!(one(&mut a, "SELECT pg_try_advisory_lock(42)"), "f");
    b.batch_execute("SELECT pg_advisory_unlock_all()").unwrap();
    assert_eq!(one(&mut a, "SELECT pg_try_advisory_lock(42)"), "t");
    a.batch_execute("SELECT pg_advisory_unlock_all()").unwrap();

    // Transaction level: shared locks coexist, exclusive waits until commit.
    a.batch_execute("BEGIN; SELECT pg_advisory_xact_lock_shared(7)")
        .unwrap();
    assert_eq!(
        one(&mut b, "SELECT pg_try_advisory_xact_lock_shared(7)"),
        "t"
    );
    assert_eq!(one(&mut b, "SELECT pg_try_advisory_xact_lock(7)"), "f");
    let waiter = std::thread::spawn(move || {
        b.batch_execute("BEGIN; SELECT pg_advisory_xact_lock(7); COMMIT")
            .unwrap();
        b
    });
    wait_until_blocked(&mut mon, &b_pid);
    a.batch_execute("COMMIT").unwrap();
    let _b = waiter.join().unwrap();
    assert_eq!(one(&mut mon, "SELECT count(*) FROM pg_locks"), "0");

    // Session locks go away when the session ends.
    let mut c = s.client();
    c.batch_execute("SELECT pg_advisory_lock(99)").unwrap();
    drop(c);
    let start = Instant::now();
    while one(&mut a, "SELECT pg_try_advisory_lock(99)") != "t" {
        assert!(start.elapsed() < Duration::from_secs(20));
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn drop_table_waits_for_reader_transaction() {
    let s = TestServer::start();
    let mut a = s.client();
    let mut b = s.client();
    let mut mon = s.client();
    a.batch_execute("CREATE TABLE t (x int); INSERT INTO t VALUES (1)")
        .unwrap();
    let b_pid = one(&mut b, "SELECT pg_backend_pid()");
    a.batch_execute("BEGIN").unwrap();
    assert_eq!(one(&mut a, "SELECT count(*) FROM t"), "1");
    let dropper = std::thread::spawn(move || {
        b.batch_execute("DROP TABLE t").unwrap();
        b
    });
    wait_until_blocked(&mut mon, &b_pid);
    assert_eq!(
        col(
            &mut mon,
            &format!("SELECT mode FROM pg_locks WHERE NOT granted AND pid = {b_pid}")
        ),
        ["AccessExclusiveLock"]
    );
    // The reader still sees the table inside its transaction.
    assert_eq!(one(&mut a, "SELECT count(*) FROM t"), "1");
    a.batch_execute("COMMIT").unwrap();
    let _b = dropper.join().unwrap();
    let e = a.batch_execute("SELECT * FROM t").unwrap_err();
    assert_eq!(db_err(&e).1, "relation \"t\" does not exist");
}

#[test]
fn rollback_to_savepoint_releases_later_locks() {
    let s = TestServer::start();
    let mut a = s.client();
    let mut b = s.client();
    a.batch_execute("CREATE TABLE t (x int)").unwrap();
    a.batch_execute("BEGIN; SAVEPOINT s; LOCK TABLE t").unwrap();
    b.batch_execute("BEGIN").unwrap();
    assert!(b
        .batch_execute("LOCK TABLE t IN ACCESS SHARE MODE NOWAIT")
        .is_err());
    b.batch_execute("ROLLBACK").unwrap();
    a.batch_execute("ROLLBACK TO s").unwrap();
    b.batch_execute("BEGIN; LOCK TABLE t IN ACCESS SHARE MODE NOWAIT; COMMIT")
        .unwrap();
    a.batch_execute("COMMIT").unwrap();
}

#[test]
fn deadlock_through_a_row_wait_and_a_table_lock() {
    let s = TestServer::start();
    let mut a = s.client();
    let mut b = s.client();
    let mut mon = s.client();
    a.batch_execute(
        "CREATE TABLE r (id int, v int); INSERT INTO r VALUES (1, 0); CREATE TABLE t2 (x int)",
    )
    .unwrap();
    let a_pid = one(&mut a, "SELECT pg_backend_pid()");
    let b_pid = one(&mut b, "SELECT pg_backend_pid()");
    let t2 = one(&mut a, "SELECT 't2'::regclass::oid");
    let db = one(
        &mut a,
        "SELECT oid FROM pg_database WHERE datname = current_database()",
    );
    a.batch_execute("SET deadlock_timeout = '1s'; BEGIN; UPDATE r SET v = 1 WHERE id = 1")
        .unwrap();
    let a_xid = one(&mut a, "SELECT txid_current()");
    b.batch_execute("SET deadlock_timeout = '10s'; BEGIN; LOCK t2")
        .unwrap();
    let first = std::thread::spawn(move || {
        let r = a.batch_execute("LOCK t2");
        (a, r)
    });
    wait_until_blocked(&mut mon, &a_pid);
    let second = std::thread::spawn(move || {
        let r = b.batch_execute("UPDATE r SET v = 2 WHERE id = 1");
        (b, r)
    });
    let (mut a, ra) = first.join().unwrap();
    let (code, _, detail, _) = db_err(&ra.expect_err("a must fail with a deadlock"));
    assert_eq!(code, "40P01");
    assert_eq!(
        detail.as_deref(),
        Some(
            format!(
                "Process {a_pid} waits for AccessExclusiveLock on relation {t2} of database {db}; \
                 blocked by process {b_pid}.\n\
                 Process {b_pid} waits for ShareLock on transaction {a_xid}; \
                 blocked by process {a_pid}."
            )
            .as_str()
        )
    );
    a.batch_execute("ROLLBACK").unwrap();
    let (mut b, rb) = second.join().unwrap();
    rb.unwrap();
    b.batch_execute("COMMIT").unwrap();
    assert_eq!(one(&mut a, "SELECT v FROM r"), "2");
}

#[test]
fn row_deadlock_reports_processes() {
    let s = TestServer::start();
    let mut a = s.client();
    let mut b = s.client();
    let mut mon = s.client();
    a.batch_execute("CREATE TABLE r (id int, v int); INSERT INTO r VALUES (1, 0), (2, 0)")
        .unwrap();
    let a_pid = one(&mut a, "SELECT pg_backend_pid()");
    a.batch_execute("BEGIN; UPDATE r SET v = 1 WHERE id = 1")
        .unwrap();
    b.batch_execute("BEGIN; UPDATE r SET v = 1 WHERE id = 2")
        .unwrap();
    let first = std::thread::spawn(move || {
        let r = a.batch_execute("UPDATE r SET v = 2 WHERE id = 2");
        (a, r)
    });
    wait_until_blocked(&mut mon, &a_pid);
    let rb = b.batch_execute("UPDATE r SET v = 2 WHERE id = 1");
    // One of the two fails with 40P01 naming both processes; the other proceeds.
    let (mut a, ra) = match rb {
        Err(e) => {
            let (code, _, detail, hint) = db_err(&e);
            assert_eq!(code, "40P01");
            let detail = detail.unwrap_or_default();
            assert_eq!(detail.lines().count(), 2, "{detail}");
            assert!(detail.starts_with("Process "), "{detail}");
            assert!(
                detail.contains("waits for ShareLock on transaction"),
                "{detail}"
            );
            assert_eq!(hint.as_deref(), Some("See server log for query details."));
            b.batch_execute("ROLLBACK").unwrap();
            first.join().unwrap()
        }
        Ok(()) => {
            let (a, ra) = first.join().unwrap();
            assert_eq!(db_err(ra.as_ref().unwrap_err()).0, "40P01");
            b.batch_execute("COMMIT").unwrap();
            (a, Ok(()))
        }
    };
    if ra.is_ok() {
        a.batch_execute("COMMIT").unwrap();
    } else {
        a.batch_execute("ROLLBACK").unwrap();
    }
}

#[test]
fn reader_waiting_behind_alter_table_sees_new_column() {
    let s = TestServer::start();
    let mut a = s.client();
    let mut b = s.client();
    let mut mon = s.client();
    a.batch_execute("CREATE TABLE t (x int); INSERT INTO t VALUES (1)")
        .unwrap();
    let b_pid = one(&mut b, "SELECT pg_backend_pid()");
    a.batch_execute("BEGIN; ALTER TABLE t ADD COLUMN y int DEFAULT 9")
        .unwrap();
    let reader = std::thread::spawn(move || {
        let rows = b.simple_query("SELECT * FROM t").unwrap();
        rows.iter()
            .filter_map(|m| match m {
                postgres::SimpleQueryMessage::Row(r) => Some(r.len()),
                _ => None,
            })
            .collect::<Vec<_>>()
    });
    wait_until_blocked(&mut mon, &b_pid);
    a.batch_execute("COMMIT").unwrap();
    assert_eq!(reader.join().unwrap(), [2]);
}
