//! B-tree indexes end to end: PRIMARY KEY / UNIQUE enforcement with PostgreSQL's messages,
//! concurrent inserts of the same key (the second waits for the first), index scans returning
//! the same rows as sequential scans, ORDER BY ... LIMIT through an index, DROP INDEX,
//! TRUNCATE, VACUUM, COPY, and index contents surviving kill -9.

mod support;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::TestServer;

fn rows(c: &mut postgres::Client, sql: &str) -> Vec<Vec<Option<String>>> {
    c.simple_query(sql)
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .iter()
        .filter_map(|m| match m {
            postgres::SimpleQueryMessage::Row(r) => {
                Some((0..r.len()).map(|i| r.get(i).map(str::to_string)).collect())
            }
            _ => None,
        })
        .collect()
}

fn db_error(e: postgres::Error) -> postgres::error::DbError {
    e.as_db_error().cloned().expect("database error")
}

#[test]
fn unique_and_primary_key_violations() {
    let s = TestServer::start();
    let mut c = s.client();
    c.batch_execute(
        "CREATE TABLE t (id int PRIMARY KEY, a text UNIQUE, b int, c int, UNIQUE (b, c));
         INSERT INTO t VALUES (1, 'x', 1, 1), (2, 'y', 1, 2), (3, NULL, NULL, 1), (4, NULL, NULL, 1);",
    )
    .unwrap();
    let e = db_error(
        c.batch_execute("INSERT INTO t VALUES (1, 'z', 5, 5)")
            .unwrap_err(),
    );
    assert_eq!(e.code().code(), "23505");
    assert_eq!(
        e.message(),
        "duplicate key value violates unique constraint \"t_pkey\""
    );
    assert_eq!(e.detail(), Some("Key (id)=(1) already exists."));
    assert_eq!(e.constraint(), Some("t_pkey"));
    assert_eq!(e.table(), Some("t"));
    assert_eq!(e.schema(), Some("public"));
    let e = db_error(
        c.batch_execute("INSERT INTO t VALUES (9, 'x', 5, 5)")
            .unwrap_err(),
    );
    assert_eq!(
        e.message(),
        "duplicate key value violates unique constraint \"t_a_key\""
    );
    assert_eq!(e.detail(), Some("Key (a)=(x) already exists."));
    let e = db_error(
        c.batch_execute("INSERT INTO t VALUES (9, 'q', 1, 2)")
            .unwrap_err(),
    );
    assert_eq!(
        e.message(),
        "duplicate key value violates unique constraint \"t_b_c_key\""
    );
    assert_eq!(e.detail(), Some("Key (b, c)=(1, 2) already exists."));
    // The same key twice in one statement; UPDATE onto an existing key.
    let e = db_error(
        c.batch_execute("INSERT INTO t VALUES (10, 'p', 7, 7), (10, 'o', 8, 8)")
            .unwrap_err(),
    );
    assert_eq!(e.detail(), Some("Key (id)=(10) already exists."));
    let e = db_error(
        c.batch_execute("UPDATE t SET id = 2 WHERE id = 1")
            .unwrap_err(),
    );
    assert_eq!(e.detail(), Some("Key (id)=(2) already exists."));
    // Updating a row without changing its key, deleting then reinserting a key.
    c.batch_execute("UPDATE t SET b = 42 WHERE id = 1").unwrap();
    c.batch_execute("DELETE FROM t WHERE id = 2; INSERT INTO t VALUES (2, 'y', 1, 2)")
        .unwrap();
    // NOT NULL from PRIMARY KEY.
    let e = db_error(
        c.batch_execute("INSERT INTO t (id) VALUES (NULL)")
            .unwrap_err(),
    );
    assert_eq!(e.code().code(), "23502");
    // A failed statement leaves no trace.
    assert_eq!(
        rows(&mut c, "SELECT count(*) FROM t")[0][0].as_deref(),
        Some("4")
    );
    // Unique index build over duplicates.
    c.batch_execute("CREATE TABLE d (x int); INSERT INTO d VALUES (1), (2), (2)")
        .unwrap();
    let e = db_error(
        c.batch_execute("CREATE UNIQUE INDEX d_x ON d (x)")
            .unwrap_err(),
    );
    assert_eq!(e.message(), "could not create unique index \"d_x\"");
    assert_eq!(e.detail(), Some("Key (x)=(2) is duplicated."));
    let e = db_error(
        c.batch_execute("ALTER TABLE d ADD PRIMARY KEY (x)")
            .unwrap_err(),
    );
    assert_eq!(e.message(), "could not create unique index \"d_pkey\"");
    c.batch_execute("DELETE FROM d WHERE x = 2; ALTER TABLE d ADD PRIMARY KEY (x)")
        .unwrap();
    let e = db_error(c.batch_execute("INSERT INTO d VALUES (1)").unwrap_err());
    assert_eq!(
        e.message(),
        "duplicate key value violates unique constraint \"d_pkey\""
    );
    let e = db_error(c.batch_execute("DROP INDEX d_pkey").unwrap_err());
    assert_eq!(
        e.message(),
        "cannot drop index d_pkey because constraint d_pkey on table d requires it"
    );
    c.batch_execute("ALTER TABLE d DROP CONSTRAINT d_pkey; INSERT INTO d VALUES (1)")
        .unwrap();
    let e = db_error(
        c.batch_execute("CREATE TABLE m (a int PRIMARY KEY, b int PRIMARY KEY)")
            .unwrap_err(),
    );
    assert_eq!(
        e.message(),
        "multiple primary keys for table \"m\" are not allowed"
    );
    // Index names with collisions get a number.
    c.batch_execute("CREATE TABLE n (a int); CREATE INDEX ON n (a); CREATE INDEX ON n (a)")
        .unwrap();
    let names = rows(
        &mut c,
        "SELECT relname FROM pg_class WHERE relname LIKE 'n_a_idx%' ORDER BY 1",
    );
    assert_eq!(
        names,
        vec![
            vec![Some("n_a_idx".to_string())],
            vec![Some("n_a_idx1".to_string())]
        ]
    );
}

/// Session B inserts a key session A inserted but has not committed: B must wait, then fail
/// (A commits) or succeed (A rolls back).
#[test]
fn concurrent_insert_of_same_key_waits() {
    let s = TestServer::start();
    let mut a = s.client();
    a.batch_execute("CREATE TABLE c (id int PRIMARY KEY)")
        .unwrap();
    for commit in [true, false] {
        let key = if commit { 1 } else { 2 };
        a.batch_execute(&format!("BEGIN; INSERT INTO c VALUES ({key})"))
            .unwrap();
        let done = Arc::new(AtomicBool::new(false));
        let d2 = done.clone();
        let mut b = s.client();
        let h = std::thread::spawn(move || {
            let r = b.batch_execute(&format!("INSERT INTO c VALUES ({key})"));
            d2.store(true, Ordering::SeqCst);
            r.map_err(|e| e.as_db_error().map(|d| d.code().code().to_string()))
        });
        // B must still be waiting after a bounded observation window.
        let start = Instant::now();
        while start.elapsed() < Duration::from_millis(300) {
            assert!(!done.load(Ordering::SeqCst), "second insert did not wait");
            std::thread::sleep(Duration::from_millis(10));
        }
        a.batch_execute(if commit { "COMMIT" } else { "ROLLBACK" })
            .unwrap();
        let r = h.join().unwrap();
        if commit {
            assert_eq!(r, Err(Some("23505".to_string())));
        } else {
            assert_eq!(r, Ok(()));
        }
    }
    assert_eq!(
        rows(&mut a, "SELECT id FROM c ORDER BY id"),
        vec![vec![Some("1".to_string())], vec![Some("2".to_string())]]
    );
}

#[test]
fn index_scans_match_seq_scans() {
    let s = TestServer::start();
    let mut c = s.client();
    c.batch_execute(
        "CREATE TABLE big (id int PRIMARY KEY, v int, s text, f float8);
         INSERT INTO big SELECT g, g % 100, 'r' || (g % 1000), g / 7.0 FROM generate_series(1, 50000) g;
         INSERT INTO big VALUES (50001, NULL, NULL, NULL), (50002, NULL, 'x', 1);
         CREATE INDEX big_v ON big (v);
         CREATE INDEX big_s_desc ON big (s DESC, v);
         CREATE INDEX big_f ON big (f);
         UPDATE big SET v = v + 1000 WHERE id % 997 = 0;
         DELETE FROM big WHERE id % 1009 = 0;",
    )
    .unwrap();
    let queries = [
        "SELECT * FROM big WHERE id = 4242",
        "SELECT * FROM big WHERE id = 1009",
        "SELECT id FROM big WHERE v = 7",
        "SELECT id FROM big WHERE v > 1000",
        "SELECT id FROM big WHERE v >= 5 AND v < 7",
        "SELECT id FROM big WHERE v BETWEEN 98 AND 1003",
        "SELECT id FROM big WHERE v IS NULL",
        "SELECT id FROM big WHERE s = 'r12'",
        "SELECT id FROM big WHERE s = 'r12' AND v = 12",
        "SELECT id FROM big WHERE s > 'r998'",
        "SELECT id FROM big WHERE s < 'r100' AND s >= 'r1'",
        "SELECT id FROM big WHERE f < 3",
        "SELECT id FROM big WHERE f = 1",
        "SELECT id FROM big WHERE id < 20 AND v = 3",
        "SELECT id FROM big WHERE id = 5::int8",
        "SELECT id FROM big WHERE 10 > id",
    ];
    for q in queries {
        c.batch_execute("SET enable_indexscan = on; SET enable_seqscan = off")
            .unwrap();
        let mut with = rows(&mut c, q);
        c.batch_execute("SET enable_indexscan = off; SET enable_seqscan = on")
            .unwrap();
        let mut without = rows(&mut c, q);
        with.sort();
        without.sort();
        assert_eq!(with, without, "{q}");
    }
    c.batch_execute("RESET enable_indexscan; RESET enable_seqscan")
        .unwrap();
    let got = rows(&mut c, "SELECT id FROM big ORDER BY id DESC LIMIT 3");
    assert_eq!(
        got,
        vec![
            vec![Some("50002".into())],
            vec![Some("50001".into())],
            vec![Some("50000".into())]
        ]
    );
    let got = rows(
        &mut c,
        "SELECT id FROM big WHERE id > 100 ORDER BY id LIMIT 2",
    );
    assert_eq!(
        got,
        vec![vec![Some("101".into())], vec![Some("102".into())]]
    );
    let got = rows(&mut c, "SELECT s FROM big ORDER BY s DESC LIMIT 2");
    assert_eq!(got, vec![vec![None], vec![Some("x".into())]]);
    // A prepared statement with a parameter.
    let st = c.prepare("SELECT s FROM big WHERE id = $1").unwrap();
    let r = c.query(&st, &[&4242i32]).unwrap();
    assert_eq!(r[0].get::<_, String>(0), "r242");
    // DROP INDEX: queries still work.
    let before = rows(&mut c, "SELECT count(*) FROM big WHERE v = 7");
    c.batch_execute("DROP INDEX big_v").unwrap();
    assert_eq!(rows(&mut c, "SELECT count(*) FROM big WHERE v = 7"), before);
    // VACUUM removes dead entries; lookups still find live rows.
    c.batch_execute("DELETE FROM big WHERE id <= 1000; VACUUM big")
        .unwrap();
    c.batch_execute("INSERT INTO big VALUES (1, 1, 'again', 0)")
        .unwrap();
    assert_eq!(
        rows(&mut c, "SELECT s FROM big WHERE id = 1")[0][0].as_deref(),
        Some("again")
    );
    // TRUNCATE empties the indexes too.
    c.batch_execute("TRUNCATE big; INSERT INTO big VALUES (1, 1, 'a', 0)")
        .unwrap();
    assert_eq!(rows(&mut c, "SELECT id FROM big WHERE id = 1").len(), 1);
    assert_eq!(rows(&mut c, "SELECT id FROM big WHERE s = 'r12'").len(), 0);
}

#[test]
fn expression_and_partial_indexes_and_copy() {
    let s = TestServer::start();
    let mut c = s.client();
    c.batch_execute(
        "CREATE TABLE e (id int, name text, active bool);
         CREATE UNIQUE INDEX e_lower ON e (lower(name));
         CREATE UNIQUE INDEX e_active ON e (id) WHERE active;
         INSERT INTO e VALUES (1, 'Ann', true), (1, 'Bob', false);",
    )
    .unwrap();
    let e = db_error(
        c.batch_execute("INSERT INTO e VALUES (2, 'ANN', false)")
            .unwrap_err(),
    );
    assert_eq!(
        e.message(),
        "duplicate key value violates unique constraint \"e_lower\""
    );
    assert_eq!(e.detail(), Some("Key (lower(name))=(ann) already exists."));
    let e = db_error(
        c.batch_execute("INSERT INTO e VALUES (1, 'Cy', true)")
            .unwrap_err(),
    );
    assert_eq!(e.detail(), Some("Key (id)=(1) already exists."));
    c.batch_execute("INSERT INTO e VALUES (1, 'Dee', false)")
        .unwrap();
    // COPY maintains indexes and enforces uniqueness.
    c.batch_execute("CREATE TABLE k (id int PRIMARY KEY, v text)")
        .unwrap();
    {
        use std::io::Write;
        let mut w = c.copy_in("COPY k FROM STDIN").unwrap();
        w.write_all(b"1\ta\n2\tb\n").unwrap();
        w.finish().unwrap();
    }
    assert_eq!(
        rows(&mut c, "SELECT v FROM k WHERE id = 2")[0][0].as_deref(),
        Some("b")
    );
    let r = {
        use std::io::Write;
        let mut w = c.copy_in("COPY k FROM STDIN").unwrap();
        w.write_all(b"3\tc\n1\tz\n").unwrap();
        w.finish()
    };
    assert_eq!(db_error(r.unwrap_err()).code().code(), "23505");
}

#[test]
fn index_survives_kill9() {
    let mut s = TestServer::start();
    {
        let mut c = s.client();
        c.batch_execute(
            "CREATE TABLE r (id int PRIMARY KEY, v int);
             INSERT INTO r SELECT g, g FROM generate_series(1, 20000) g;
             CREATE INDEX r_v ON r (v);",
        )
        .unwrap();
        for i in 0..50 {
            c.batch_execute(&format!("INSERT INTO r VALUES ({}, {})", 30000 + i, i))
                .unwrap();
        }
        c.batch_execute("BEGIN; INSERT INTO r VALUES (99999, 1)")
            .unwrap();
        s.stop_with(libc::SIGKILL);
    }
    s.launch(&[]);
    let mut c = s.client();
    c.batch_execute("SET enable_seqscan = off").unwrap();
    for id in [1, 777, 20000, 30000, 30049] {
        assert_eq!(
            rows(&mut c, &format!("SELECT v FROM r WHERE id = {id}")).len(),
            1,
            "id {id}"
        );
    }
    assert_eq!(rows(&mut c, "SELECT id FROM r WHERE id = 99999").len(), 0);
    assert_eq!(rows(&mut c, "SELECT id FROM r WHERE v = 1").len(), 2);
    let e = db_error(
        c.batch_execute("INSERT INTO r VALUES (30049, 0)")
            .unwrap_err(),
    );
    assert_eq!(e.code().code(), "23505");
    c.batch_execute("INSERT INTO r VALUES (99999, 1)").unwrap();
}

/// Joins probing an index of the inner table (index nested loop) return the same rows as
/// hash joins.
#[test]
fn index_nested_loop_joins_match_hash_joins() {
    let s = TestServer::start();
    let mut c = s.client();
    c.batch_execute(
        "CREATE TABLE a (id int PRIMARY KEY, bid int, k int8, x text);
         CREATE TABLE b (id int PRIMARY KEY, grp int, v text);
         CREATE INDEX b_grp ON b (grp);
         INSERT INTO b SELECT g, g % 50, 'b' || g FROM generate_series(1, 20000) g;
         INSERT INTO a SELECT g, g * 3, g % 7, 'a' || g FROM generate_series(1, 30) g;
         INSERT INTO a VALUES (31, NULL, NULL, 'nul'), (32, 999999, 3, 'missing');",
    )
    .unwrap();
    let queries = [
        "SELECT a.id, b.v FROM a JOIN b ON b.id = a.bid",
        "SELECT a.id, b.v FROM a LEFT JOIN b ON b.id = a.bid",
        "SELECT a.id, b.v FROM a JOIN b ON b.id = a.bid WHERE a.id < 5",
        "SELECT a.id, b.id FROM a JOIN b ON b.grp = a.k AND b.id < 200",
        "SELECT a.id, b.id FROM a LEFT JOIN b ON b.grp = a.k AND b.v = 'b57'",
        "SELECT a.id, b.id FROM a JOIN b ON b.id = a.k",
        "SELECT a.id FROM a WHERE EXISTS (SELECT 1 FROM b WHERE b.id = a.bid)",
    ];
    for q in queries {
        c.batch_execute("SET enable_nestloop = on; SET enable_hashjoin = off")
            .unwrap();
        let mut nl = rows(&mut c, q);
        c.batch_execute("SET enable_nestloop = off; SET enable_hashjoin = on")
            .unwrap();
        let mut hash = rows(&mut c, q);
        nl.sort();
        hash.sort();
        assert_eq!(nl, hash, "{q}");
    }
}

/// psql's \d lists indexes and constraints as PostgreSQL 10 reports them.
#[test]
fn psql_describe_shows_indexes() {
    let s = TestServer::start();
    let mut c = s.client();
    c.batch_execute(
        "CREATE TABLE t (id int PRIMARY KEY, a text UNIQUE, b int, c int, UNIQUE (b, c));
         CREATE INDEX t_b_desc ON t (b DESC NULLS LAST);
         CREATE INDEX t_lower ON t (lower(a)) WHERE b > 0;
         CREATE INDEX t_sum ON t ((b + c));",
    )
    .unwrap();
    let (ok, out, err) = s.psql("\\d t");
    assert!(ok, "{err}");
    let idx = out
        .split("Indexes:\n")
        .nth(1)
        .unwrap_or_else(|| panic!("no Indexes section in:\n{out}"));
    assert_eq!(
        idx.trim_end(),
        [
            "    \"t_pkey\" PRIMARY KEY, btree (id)",
            "    \"t_a_key\" UNIQUE CONSTRAINT, btree (a)",
            "    \"t_b_c_key\" UNIQUE CONSTRAINT, btree (b, c)",
            "    \"t_b_desc\" btree (b DESC NULLS LAST)",
            "    \"t_lower\" btree (lower(a)) WHERE b > 0",
            "    \"t_sum\" btree ((b + c))",
        ]
        .join("\n")
    );
    assert_eq!(
        rows(
            &mut c,
            "SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint \
             WHERE conrelid = 't'::regclass ORDER BY conname"
        ),
        vec![
            vec![
                Some("t_a_key".into()),
                Some("u".into()),
                Some("UNIQUE (a)".into())
            ],
            vec![
                Some("t_b_c_key".into()),
                Some("u".into()),
                Some("UNIQUE (b, c)".into())
            ],
            vec![
                Some("t_pkey".into()),
                Some("p".into()),
                Some("PRIMARY KEY (id)".into())
            ],
        ]
    );
    assert_eq!(
        rows(
            &mut c,
            "SELECT relhasindex FROM pg_class WHERE relname = 't'"
        ),
        vec![vec![Some("t".into())]]
    );
    c.batch_execute("CREATE TABLE u (x int); CREATE INDEX u_x ON u (x); DROP INDEX u_x;")
        .unwrap();
    assert_eq!(
        rows(
            &mut c,
            "SELECT relhasindex FROM pg_class WHERE relname = 'u'"
        ),
        vec![vec![Some("f".into())]]
    );
}
