//! ANALYZE statistics, VACUUM variants and autovacuum end to end: pg_stats rows after ANALYZE
//! (null fraction, width, n_distinct, MCVs, histogram, correlation), pg_class.relpages /
//! reltuples, VACUUM FULL shrinking a table while keeping its rows and indexes, VACUUM
//! VERBOSE's INFO messages, the transaction-block error, pg_stat_user_tables counters, and the
//! autovacuum worker processing a table after enough updates.

mod support;

use std::time::{Duration, Instant};
use support::TestServer;

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

fn exec(c: &mut postgres::Client, sql: &str) {
    c.batch_execute(sql)
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

#[test]
fn analyze_fills_pg_stats_and_pg_class() {
    let s = TestServer::start();
    let mut c = s.client();
    exec(
        &mut c,
        "CREATE TABLE st (a int, b text, c int); \
         INSERT INTO st SELECT i, 'v' || (i % 10), CASE WHEN i % 2 = 0 THEN NULL ELSE i END \
         FROM generate_series(1, 1000) i; \
         ANALYZE st",
    );
    let row = |c: &mut postgres::Client, att: &str, what: &str| {
        one(
            c,
            &format!("SELECT {what} FROM pg_stats WHERE tablename = 'st' AND attname = '{att}'"),
        )
    };
    assert_eq!(row(&mut c, "a", "null_frac"), "0");
    assert_eq!(row(&mut c, "a", "avg_width"), "4");
    assert_eq!(row(&mut c, "a", "n_distinct"), "-1");
    assert_eq!(row(&mut c, "a", "most_common_vals IS NULL"), "t");
    let hist = row(&mut c, "a", "histogram_bounds");
    assert!(hist.starts_with("{1,10,20,30,"), "{hist}");
    assert!(hist.ends_with(",990,1000}"), "{hist}");
    assert_eq!(
        row(
            &mut c,
            "a",
            "array_length(histogram_bounds::text::int[], 1)"
        ),
        "101"
    );
    assert_eq!(row(&mut c, "a", "correlation"), "1");
    assert_eq!(row(&mut c, "b", "n_distinct"), "10");
    assert_eq!(row(&mut c, "b", "avg_width"), "3");
    assert_eq!(
        row(&mut c, "b", "most_common_vals"),
        "{v0,v1,v2,v3,v4,v5,v6,v7,v8,v9}"
    );
    assert_eq!(
        row(&mut c, "b", "most_common_freqs"),
        "{0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1}"
    );
    assert_eq!(row(&mut c, "b", "histogram_bounds IS NULL"), "t");
    assert_eq!(row(&mut c, "c", "null_frac"), "0.5");
    assert_eq!(row(&mut c, "c", "n_distinct"), "-0.5");
    assert_eq!(
        one(
            &mut c,
            "SELECT reltuples FROM pg_class WHERE relname = 'st'"
        ),
        "1000"
    );
    let pages: i64 = one(&mut c, "SELECT relpages FROM pg_class WHERE relname = 'st'")
        .parse()
        .unwrap_or(0);
    assert!(pages > 0);
    // Re-ANALYZE of one column replaces only its row.
    exec(&mut c, "UPDATE st SET b = 'same'; ANALYZE st (b)");
    assert_eq!(row(&mut c, "b", "n_distinct"), "1");
    assert_eq!(row(&mut c, "a", "n_distinct"), "-1");
    assert_eq!(
        one(
            &mut c,
            "SELECT count(*) FROM pg_statistic WHERE starelid = 'st'::regclass"
        ),
        "3"
    );
    // Errors.
    let e = c.batch_execute("ANALYZE st (a, a)").unwrap_err();
    let db = e.as_db_error().map(|d| d.message().to_string());
    assert_eq!(
        db.as_deref(),
        Some("column \"a\" of relation \"st\" appears more than once")
    );
    let e = c.batch_execute("ANALYZE st (zz)").unwrap_err();
    let db = e.as_db_error().map(|d| d.message().to_string());
    assert_eq!(
        db.as_deref(),
        Some("column \"zz\" of relation \"st\" does not exist")
    );
    // ANALYZE is allowed in a transaction block and rolls back with it.
    exec(
        &mut c,
        "BEGIN; DELETE FROM st WHERE a > 10; ANALYZE st; ROLLBACK",
    );
    assert_eq!(
        one(
            &mut c,
            "SELECT reltuples FROM pg_class WHERE relname = 'st'"
        ),
        "1000"
    );
    let counts = one(
        &mut c,
        "SELECT n_tup_ins || ',' || analyze_count || ',' || (last_analyze IS NOT NULL) \
         FROM pg_stat_user_tables WHERE relname = 'st'",
    );
    assert!(counts.starts_with("1000,"), "{counts}");
    assert!(counts.ends_with(",true"), "{counts}");
}

#[test]
fn vacuum_full_and_verbose() {
    let s = TestServer::start();
    let mut c = s.client();
    exec(
        &mut c,
        "CREATE TABLE vf (id int PRIMARY KEY, pad text); \
         INSERT INTO vf SELECT i, repeat('x', 100) FROM generate_series(1, 5000) i; \
         DELETE FROM vf WHERE id > 500",
    );
    let before: i64 = one(&mut c, "SELECT pg_relation_size('vf')")
        .parse()
        .unwrap_or(0);
    exec(&mut c, "VACUUM FULL vf");
    let after: i64 = one(&mut c, "SELECT pg_relation_size('vf')")
        .parse()
        .unwrap_or(0);
    assert!(after > 0 && after * 5 < before, "{before} -> {after}");
    assert_eq!(one(&mut c, "SELECT count(*) FROM vf"), "500");
    assert_eq!(
        one(
            &mut c,
            "SELECT pad = repeat('x', 100) FROM vf WHERE id = 250"
        ),
        "t"
    );
    assert_eq!(one(&mut c, "SELECT count(*) FROM vf WHERE id = 4000"), "0");
    // The rebuilt primary key still enforces uniqueness and finds rows.
    assert!(c.batch_execute("INSERT INTO vf VALUES (7, 'dup')").is_err());
    exec(&mut c, "INSERT INTO vf VALUES (9000, 'new')");
    assert_eq!(one(&mut c, "SELECT pad FROM vf WHERE id = 9000"), "new");
    assert_eq!(
        one(
            &mut c,
            "SELECT reltuples FROM pg_class WHERE relname = 'vf'"
        ),
        "500"
    );

    let e = c
        .batch_execute("BEGIN; VACUUM vf")
        .expect_err("VACUUM in a transaction block");
    let db = e
        .as_db_error()
        .map(|d| (d.code().code().to_string(), d.message().to_string()));
    assert_eq!(
        db,
        Some((
            "25001".to_string(),
            "VACUUM cannot run inside a transaction block".to_string()
        ))
    );
    exec(&mut c, "ROLLBACK");

    exec(
        &mut c,
        "CREATE TABLE vv (a int); INSERT INTO vv VALUES (1), (2), (3)",
    );
    let (ok, _out, err) = s.psql("VACUUM VERBOSE vv");
    assert!(ok, "{err}");
    assert!(err.contains("INFO:  vacuuming \"public.vv\""), "{err}");
    assert!(
        err.contains(
            "INFO:  \"vv\": found 0 removable, 3 nonremovable row versions in 1 out of 1 pages"
        ),
        "{err}"
    );
    assert!(
        err.contains("DETAIL:  0 dead row versions cannot be removed yet"),
        "{err}"
    );
    let (ok, _out, err) = s.psql("ANALYZE VERBOSE vv");
    assert!(ok, "{err}");
    assert!(err.contains("INFO:  analyzing \"public.vv\""), "{err}");
    assert!(
        err.contains(
            "INFO:  \"vv\": scanned 1 of 1 pages, containing 3 live rows and 0 dead rows; \
             3 rows in sample, 3 estimated total rows"
        ),
        "{err}"
    );
    let (ok, _out, err) = s.psql("VACUUM FULL VERBOSE vv");
    assert!(ok, "{err}");
    assert!(
        err.contains("INFO:  \"vv\": found 0 removable, 3 nonremovable row versions in 1 pages"),
        "{err}"
    );
    let counts = one(
        &mut c,
        "SELECT vacuum_count || ',' || (last_vacuum IS NOT NULL) || ',' || n_dead_tup \
         FROM pg_stat_user_tables WHERE relname = 'vv'",
    );
    assert_eq!(counts, "2,true,0");
}

#[test]
fn autovacuum_processes_updated_table() {
    let s = TestServer::start_with(&["-c", "autovacuum_naptime=1"]);
    let mut c = s.client();
    exec(
        &mut c,
        "CREATE TABLE av (a int, b int); \
         INSERT INTO av SELECT i, 0 FROM generate_series(1, 200) i; \
         UPDATE av SET b = b + 1; UPDATE av SET b = b + 1",
    );
    let start = Instant::now();
    loop {
        let r = one(
            &mut c,
            "SELECT (last_autovacuum IS NOT NULL) || ',' || (last_autoanalyze IS NOT NULL) \
             FROM pg_stat_user_tables WHERE relname = 'av'",
        );
        if r == "true,true" {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "autovacuum did not run: {r}\n{}",
            s.log()
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    assert_eq!(
        one(
            &mut c,
            "SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = 'av'"
        ),
        "0"
    );
    assert_eq!(
        one(
            &mut c,
            "SELECT count(*) FROM pg_stats WHERE tablename = 'av'"
        ),
        "2"
    );
    // Turned off: nothing more happens (checked by counts staying put).
    assert_eq!(one(&mut c, "SELECT sum(b) FROM av"), "400");
}
