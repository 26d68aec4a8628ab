//! Scan choice end to end: Bitmap Heap Scans (single index, BitmapOr, BitmapAnd, `= ANY`
//! through the index), Index Only Scans backed by the visibility map (VACUUM sets the bits,
//! any insert/update/delete clears them, "Heap Fetches" counts the heap visits,
//! pg_class.relallvisible), the enable_* switches, and that every plan returns the same
//! rows as a sequential scan.

mod support;

use support::TestServer;

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

fn plan(c: &mut postgres::Client, sql: &str) -> String {
    col(c, &format!("explain (costs off) {sql}")).join("\n")
}

fn setup(c: &mut postgres::Client) {
    c.batch_execute(
        "create table t(a int, b int, c text);
         insert into t select g, g % 100, 'x' || g from generate_series(1, 20000) g;
         create unique index t_a on t(a);
         create index t_b on t(b);",
    )
    .unwrap();
}

#[test]
fn bitmap_scans() {
    let s = TestServer::start();
    let mut c = s.client();
    setup(&mut c);
    // 0.5% of the rows (no statistics yet): a bitmap heap scan.
    assert_eq!(
        plan(&mut c, "select * from t where b = 42"),
        "Bitmap Heap Scan on t\n  Recheck Cond: (b = 42)\n  ->  Bitmap Index Scan on t_b\n        Index Cond: (b = 42)"
    );
    assert_eq!(col(&mut c, "select count(*) from t where b = 42"), ["200"]);
    // OR of indexable conditions.
    let p = plan(&mut c, "select * from t where a = 1 or a = 3");
    assert!(p.contains("BitmapOr"), "{p}");
    assert_eq!(
        col(
            &mut c,
            "select c from t where a = 1 or a = 3 or a = 99999 order by c"
        ),
        ["x1", "x3"]
    );
    // AND of a bitmap and a BitmapOr (a non-unique index, so each arm is not one row).
    c.batch_execute(
        "create table u as select * from t; create index u_a on u(a); create index u_b on u(b)",
    )
    .unwrap();
    let p = plan(
        &mut c,
        "select count(*) from u where b = 42 and (a = 42 or a = 142)",
    );
    assert!(p.contains("BitmapAnd") && p.contains("BitmapOr"), "{p}");
    assert_eq!(
        col(
            &mut c,
            "select count(*) from u where b = 42 and (a = 42 or a = 142 or a = 143)"
        ),
        ["2"]
    );
    assert_eq!(
        col(
            &mut c,
            "select count(*) from t where b = 42 and (a = 42 or a = 142 or a = 143)"
        ),
        ["2"]
    );
    // = ANY through the index.
    assert_eq!(
        col(
            &mut c,
            "select count(*) from t where b = any('{1,2,2,300}'::int[])"
        ),
        ["400"]
    );
    // EXPLAIN ANALYZE reports the heap blocks visited.
    let a = col(&mut c, "explain analyze select * from t where b = 42").join("\n");
    assert!(a.contains("Heap Blocks: exact="), "{a}");
    // Rows deleted after planning the bitmap are not returned.
    c.batch_execute("delete from t where a = 142").unwrap();
    assert_eq!(
        col(
            &mut c,
            "select count(*) from t where b = 42 and (a = 42 or a = 142)"
        ),
        ["1"]
    );
    // The switches.
    c.batch_execute("set enable_bitmapscan = off").unwrap();
    assert!(plan(&mut c, "select * from t where b = 42").starts_with("Index Scan using t_b"));
    c.batch_execute("set enable_indexscan = off").unwrap();
    assert!(plan(&mut c, "select * from t where b = 42").starts_with("Seq Scan on t"));
    // Unique equality (pgbench's lookup) stays a plain index scan.
    c.batch_execute("reset enable_bitmapscan; reset enable_indexscan")
        .unwrap();
    assert!(plan(&mut c, "select c from t where a = 5").starts_with("Index Scan using t_a"));
}

#[test]
fn index_only_scans_and_visibility_map() {
    let s = TestServer::start();
    let mut c = s.client();
    setup(&mut c);
    c.batch_execute("vacuum t").unwrap();
    let vis = col(
        &mut c,
        "select relallvisible = relpages and relpages > 0 from pg_class where relname = 't'",
    );
    assert_eq!(vis, ["t"]);
    assert_eq!(
        plan(&mut c, "select a from t where a < 100"),
        "Index Only Scan using t_a on t\n  Index Cond: (a < 100)"
    );
    let a = col(&mut c, "explain analyze select a from t where a < 100").join("\n");
    assert!(a.contains("Heap Fetches: 0"), "{a}");
    assert_eq!(col(&mut c, "select count(a) from t where a < 100"), ["99"]);
    // An insert clears its page's bit: the new row is checked in the heap and returned.
    c.batch_execute("insert into t values (0, 0, 'new')")
        .unwrap();
    assert_eq!(col(&mut c, "select count(a) from t where a < 100"), ["100"]);
    let a = col(&mut c, "explain analyze select a from t where a < 100").join("\n");
    assert!(a.contains("Heap Fetches: 1"), "{a}");
    // A delete clears it too: the deleted row is not returned.
    c.batch_execute("delete from t where a = 50").unwrap();
    assert_eq!(col(&mut c, "select count(a) from t where a < 100"), ["99"]);
    // A rolled-back insert is not visible either.
    c.batch_execute("begin; insert into t values (-1, 0, 'gone'); rollback")
        .unwrap();
    assert_eq!(col(&mut c, "select count(a) from t where a < 100"), ["99"]);
    // After VACUUM, the pages are all-visible again.
    c.batch_execute("vacuum t").unwrap();
    let a = col(&mut c, "explain analyze select a from t where a < 100").join("\n");
    assert!(a.contains("Heap Fetches: 0"), "{a}");
    assert_eq!(col(&mut c, "select count(a) from t where a < 100"), ["99"]);
    // An update of a row moves it: the old version disappears from index-only results.
    c.batch_execute("update t set a = 100000 where a = 10")
        .unwrap();
    assert_eq!(col(&mut c, "select count(a) from t where a < 100"), ["98"]);
    // Another session's uncommitted insert is not seen.
    let mut c2 = s.client();
    c2.batch_execute("begin; insert into t values (-5, 1, 'uncommitted')")
        .unwrap();
    assert_eq!(col(&mut c, "select count(a) from t where a < 100"), ["98"]);
    c2.batch_execute("commit").unwrap();
    assert_eq!(col(&mut c, "select count(a) from t where a < 100"), ["99"]);
    // enable_indexonlyscan = off: a plain index scan.
    c.batch_execute("set enable_indexonlyscan = off").unwrap();
    let p = plan(&mut c, "select a from t where a < 100");
    assert!(!p.contains("Index Only Scan"), "{p}");
    assert_eq!(col(&mut c, "select count(a) from t where a < 100"), ["99"]);
    // FOR UPDATE never uses an index-only scan (it needs the row's ctid).
    c.batch_execute("reset enable_indexonlyscan").unwrap();
    assert_eq!(col(&mut c, "select a from t where a = 5 for update"), ["5"]);
}
