//! Concurrent writers: READ COMMITTED re-checks a concurrently updated row in its latest
//! version (no lost updates, no spurious errors), REPEATABLE READ reports 40001 instead, and
//! READ ONLY transactions refuse writes.

mod support;

use std::sync::{Arc, Barrier};
use support::TestServer;

#[test]
fn bank_transfers_keep_the_total_under_read_committed() {
    let srv = TestServer::start();
    let mut c = srv.client();
    c.batch_execute(
        "CREATE TABLE acct (id int, bal int); \
         INSERT INTO acct SELECT g, 1000 FROM generate_series(1, 10) g",
    )
    .unwrap();
    let threads = 16;
    let transfers = 100;
    let barrier = Arc::new(Barrier::new(threads));
    let conn = srv.conn_str();
    let handles: Vec<_> = (0..threads)
        .map(|t| {
            let barrier = barrier.clone();
            let conn = conn.clone();
            std::thread::spawn(move || {
                let mut c = postgres::Client::connect(&conn, postgres::NoTls).unwrap();
                barrier.wait();
                let mut seed = 12345u64 + t as u64;
                for _ in 0..transfers {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    let from = (seed >> 33) % 10 + 1;
                    let to = (seed >> 40) % 10 + 1;
                    let amount = ((seed >> 50) % 50) as i32;
                    let mut tx = c.transaction().unwrap();
                    tx.execute(
                        "UPDATE acct SET bal = bal - $1 WHERE id = $2",
                        &[&amount, &(from as i32)],
                    )
                    .unwrap();
                    tx.execute(
                        "UPDATE acct SET bal = bal + $1 WHERE id = $2",
                        &[&amount, &(to as i32)],
                    )
                    .unwrap_or_else(|e| {
                        // Opposite transfers can deadlock; PostgreSQL aborts one of them.
                        assert_eq!(e.code().map(|c| c.code()), Some("40P01"), "{e}");
                        0
                    });
                    let _ = tx.commit();
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    let total: i64 = c
        .query_one("SELECT sum(bal) FROM acct", &[])
        .unwrap()
        .get(0);
    assert_eq!(total, 10_000);
    let rows: i64 = c
        .query_one("SELECT count(*) FROM acct", &[])
        .unwrap()
        .get(0);
    assert_eq!(rows, 10);
}

#[test]
fn concurrent_increments_are_not_lost() {
    let srv = TestServer::start();
    let mut c = srv.client();
    c.batch_execute("CREATE TABLE counter (n int); INSERT INTO counter VALUES (0)")
        .unwrap();
    let threads = 6;
    let each = 100;
    let conn = srv.conn_str();
    let handles: Vec<_> = (0..threads)
        .map(|_| {
            let conn = conn.clone();
            std::thread::spawn(move || {
                let mut c = postgres::Client::connect(&conn, postgres::NoTls).unwrap();
                for _ in 0..each {
                    // Every statement succeeds: READ COMMITTED waits and re-checks.
                    c.execute("UPDATE counter SET n = n + 1 WHERE n >= 0", &[])
                        .unwrap();
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    let n: i32 = c.query_one("SELECT n FROM counter", &[]).unwrap().get(0);
    assert_eq!(n, threads * each);
}

#[test]
fn read_committed_recheck_skips_rows_that_no_longer_match() {
    let srv = TestServer::start();
    let mut a = srv.client();
    let mut b = srv.client();
    a.batch_execute("CREATE TABLE r (id int, v int); INSERT INTO r VALUES (1, 0), (2, 0)")
        .unwrap();
    a.batch_execute("BEGIN; UPDATE r SET v = 10 WHERE id = 1")
        .unwrap();
    // b's UPDATE waits for a; after a commits, row 1 has v = 10 and no longer matches v = 0.
    let conn = srv.conn_str();
    let waiter = std::thread::spawn(move || {
        let mut c = postgres::Client::connect(&conn, postgres::NoTls).unwrap();
        c.execute("UPDATE r SET v = v + 1 WHERE v = 0", &[])
            .unwrap()
    });
    // Wait until the other session is blocked (it has started its statement), then commit.
    wait_for_active_update(&mut b);
    a.batch_execute("COMMIT").unwrap();
    let updated = waiter.join().unwrap();
    assert_eq!(updated, 1);
    let rows: Vec<(i32, i32)> = b
        .query("SELECT id, v FROM r ORDER BY id", &[])
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    assert_eq!(rows, vec![(1, 10), (2, 1)]);
}

/// Wait until another session is blocked on a lock, as pg_stat_activity shows it.
fn wait_for_active_update(c: &mut postgres::Client) {
    for _ in 0..1000 {
        let n: i64 = c
            .query_one(
                "SELECT count(*) FROM pg_stat_activity \
                 WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid()",
                &[],
            )
            .unwrap()
            .get(0);
        if n > 0 {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("the other session never started waiting");
}

#[test]
fn pg_stat_activity_and_backend_signals() {
    let srv = TestServer::start();
    let mut a = srv.client();
    let mut b = srv.client();
    a.batch_execute("CREATE TABLE s (v int); INSERT INTO s VALUES (0)")
        .unwrap();
    a.batch_execute("BEGIN; UPDATE s SET v = 1").unwrap();
    let a_pid: i32 = a.query_one("SELECT pg_backend_pid()", &[]).unwrap().get(0);
    let conn = srv.conn_str();
    let waiter = std::thread::spawn(move || {
        let mut c = postgres::Client::connect(&conn, postgres::NoTls).unwrap();
        c.batch_execute("UPDATE s SET v = 2")
    });
    wait_for_active_update(&mut b);
    let row = b
        .query_one(
            "SELECT state, usename::text, datname::text FROM pg_stat_activity WHERE pid = $1",
            &[&a_pid],
        )
        .unwrap();
    assert_eq!(row.get::<_, String>(0), "idle in transaction");
    assert_eq!(row.get::<_, String>(1), "postgres");
    assert_eq!(row.get::<_, String>(2), "postgres");
    // Cancel the waiting session's statement: 57014 for it, true for us.
    let waiting_pid: i32 = b
        .query_one(
            "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock'",
            &[],
        )
        .unwrap()
        .get(0);
    let ok: bool = b
        .query_one("SELECT pg_cancel_backend($1)", &[&waiting_pid])
        .unwrap()
        .get(0);
    assert!(ok);
    let e = waiter.join().unwrap().unwrap_err();
    assert_eq!(e.code().map(|c| c.code()), Some("57014"));
    // Terminate the idle-in-transaction session: its transaction is rolled back.
    let ok: bool = b
        .query_one("SELECT pg_terminate_backend($1)", &[&a_pid])
        .unwrap()
        .get(0);
    assert!(ok);
    let mut gone = false;
    for _ in 0..500 {
        let n: i64 = b
            .query_one(
                "SELECT count(*) FROM pg_stat_activity WHERE pid = $1",
                &[&a_pid],
            )
            .unwrap()
            .get(0);
        if n == 0 {
            gone = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert!(gone, "terminated session still listed");
    let v: i32 = b.query_one("SELECT v FROM s", &[]).unwrap().get(0);
    assert_eq!(v, 0);
    assert!(a.batch_execute("SELECT 1").is_err());
}

#[test]
fn repeatable_read_reports_concurrent_updates() {
    let srv = TestServer::start();
    let mut a = srv.client();
    let mut b = srv.client();
    a.batch_execute("CREATE TABLE rr (id int, v int); INSERT INTO rr VALUES (1, 0)")
        .unwrap();
    b.batch_execute("BEGIN ISOLATION LEVEL REPEATABLE READ; SELECT * FROM rr")
        .unwrap();
    a.batch_execute("UPDATE rr SET v = 1 WHERE id = 1").unwrap();
    let e = b
        .batch_execute("UPDATE rr SET v = 2 WHERE id = 1")
        .unwrap_err();
    assert_eq!(e.code().map(|c| c.code()), Some("40001"));
    assert_eq!(
        e.as_db_error().map(|d| d.message().to_string()),
        Some("could not serialize access due to concurrent update".to_string())
    );
    b.batch_execute("ROLLBACK").unwrap();
}

#[test]
fn read_only_transactions_refuse_writes() {
    let srv = TestServer::start();
    let mut c = srv.client();
    c.batch_execute("CREATE TABLE w (a int); CREATE SEQUENCE s; CREATE TEMP TABLE tt (a int)")
        .unwrap();
    let cases = [
        (
            "INSERT INTO w VALUES (1)",
            "cannot execute INSERT in a read-only transaction",
        ),
        (
            "UPDATE w SET a = 1",
            "cannot execute UPDATE in a read-only transaction",
        ),
        (
            "DELETE FROM w",
            "cannot execute DELETE in a read-only transaction",
        ),
        (
            "DROP TABLE w",
            "cannot execute DROP TABLE in a read-only transaction",
        ),
        (
            "CREATE TABLE x (a int)",
            "cannot execute CREATE TABLE in a read-only transaction",
        ),
        (
            "CREATE TABLE y AS SELECT 1",
            "cannot execute CREATE TABLE AS in a read-only transaction",
        ),
        (
            "SELECT nextval('s')",
            "cannot execute nextval() in a read-only transaction",
        ),
    ];
    for (sql, msg) in cases {
        c.batch_execute("BEGIN READ ONLY").unwrap();
        let e = c.batch_execute(sql).unwrap_err();
        assert_eq!(e.code().map(|c| c.code()), Some("25006"), "{sql}");
        assert_eq!(
            e.as_db_error().map(|d| d.message().to_string()),
            Some(msg.to_string()),
            "{sql}"
        );
        c.batch_execute("ROLLBACK").unwrap();
    }
    // Temporary tables may be written, and reads work.
    c.batch_execute("BEGIN READ ONLY; INSERT INTO tt VALUES (1); SELECT * FROM w; COMMIT")
        .unwrap();
    // The session default applies to new transactions.
    c.batch_execute("SET default_transaction_read_only = on")
        .unwrap();
    let e = c.batch_execute("INSERT INTO w VALUES (2)").unwrap_err();
    assert_eq!(e.code().map(|c| c.code()), Some("25006"));
}

#[test]
fn select_for_update_row_locks() {
    let srv = TestServer::start();
    let mut a = srv.client();
    let mut b = srv.client();
    a.batch_execute(
        "CREATE TABLE jobs (id int, state text); \
         INSERT INTO jobs SELECT g, 'new' FROM generate_series(1, 5) g",
    )
    .unwrap();
    a.batch_execute("BEGIN").unwrap();
    let locked: Vec<i32> = a
        .query("SELECT id FROM jobs ORDER BY id LIMIT 2 FOR UPDATE", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(locked, vec![1, 2]);
    // SKIP LOCKED hands out the next free rows; NOWAIT fails at once.
    let free: Vec<i32> = b
        .query(
            "SELECT id FROM jobs ORDER BY id LIMIT 2 FOR UPDATE SKIP LOCKED",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(free, vec![3, 4]);
    let e = b
        .query("SELECT id FROM jobs WHERE id = 1 FOR UPDATE NOWAIT", &[])
        .unwrap_err();
    assert_eq!(e.code().map(|c| c.code()), Some("55P03"));
    assert_eq!(
        e.as_db_error().map(|d| d.message().to_string()),
        Some("could not obtain lock on row in relation \"jobs\"".to_string())
    );
    // Shared locks don't conflict with each other, but do with FOR UPDATE.
    b.batch_execute("BEGIN").unwrap();
    b.query("SELECT id FROM jobs WHERE id = 5 FOR SHARE", &[])
        .unwrap();
    a.query("SELECT id FROM jobs WHERE id = 5 FOR SHARE NOWAIT", &[])
        .unwrap();
    let e = b
        .query("SELECT id FROM jobs WHERE id = 1 FOR SHARE NOWAIT", &[])
        .unwrap_err();
    assert_eq!(e.code().map(|c| c.code()), Some("55P03"));
    b.batch_execute("ROLLBACK").unwrap();
    // An UPDATE of a locked row waits for the lock holder; under READ COMMITTED a waiting
    // FOR UPDATE sees the row as the holder left it.
    let conn = srv.conn_str();
    let waiter = std::thread::spawn(move || {
        let mut c = postgres::Client::connect(&conn, postgres::NoTls).unwrap();
        c.query(
            "SELECT id, state FROM jobs WHERE state = 'new' AND id <= 2 ORDER BY id FOR UPDATE",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get::<_, i32>(0), r.get::<_, String>(1)))
        .collect::<Vec<_>>()
    });
    wait_for_active_update(&mut b);
    a.batch_execute("UPDATE jobs SET state = 'taken' WHERE id = 1; COMMIT")
        .unwrap();
    assert_eq!(waiter.join().unwrap(), vec![(2, "new".to_string())]);
}

#[test]
fn idle_in_transaction_sessions_are_terminated() {
    let srv = TestServer::start();
    let mut a = srv.client();
    let mut b = srv.client();
    a.batch_execute("CREATE TABLE idle (v int); INSERT INTO idle VALUES (1)")
        .unwrap();
    a.batch_execute("SET idle_in_transaction_session_timeout = 300; BEGIN; UPDATE idle SET v = 2")
        .unwrap();
    // The timeout itself is what is tested here: stay idle for longer than it.
    std::thread::sleep(std::time::Duration::from_millis(900));
    let e = a.batch_execute("SELECT 1").unwrap_err();
    assert!(
        e.is_closed() || e.code().map(|c| c.code()) == Some("25P03"),
        "{e}"
    );
    // Its transaction was rolled back, so its row lock is gone.
    b.batch_execute("UPDATE idle SET v = 3").unwrap();
    let v: i32 = b.query_one("SELECT v FROM idle", &[]).unwrap().get(0);
    assert_eq!(v, 3);
    // Outside a transaction block the session may idle as long as it likes.
    b.batch_execute("SET idle_in_transaction_session_timeout = 100")
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    b.batch_execute("SELECT 1").unwrap();
}
