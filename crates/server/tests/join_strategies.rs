//! Join and aggregation strategies end to end: merge joins (inner/left/right/full, duplicate
//! keys, NULL keys) when hash joins are disabled, Materialize on a nested loop's inner side,
//! GroupAggregate / Group / Unique when hash aggregation is disabled, and top-N sorts under
//! LIMIT (results and EXPLAIN shapes checked against PostgreSQL 10's).

mod support;

use support::TestServer;

fn rows(c: &mut postgres::Client, sql: &str) -> Vec<String> {
    c.simple_query(sql)
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .iter()
        .filter_map(|m| match m {
            postgres::SimpleQueryMessage::Row(r) => Some(
                (0..r.len())
                    .map(|i| r.get(i).unwrap_or("NULL").to_string())
                    .collect::<Vec<_>>()
                    .join("|"),
            ),
            _ => None,
        })
        .collect()
}

fn exec(c: &mut postgres::Client, sql: &str) {
    c.batch_execute(sql)
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

fn setup(c: &mut postgres::Client) {
    exec(
        c,
        "CREATE TABLE ja (x int, y text); CREATE TABLE jb (x int, z text); \
         INSERT INTO ja VALUES (1,'a1'),(2,'a2'),(2,'a2b'),(3,'a3'),(NULL,'an'); \
         INSERT INTO jb VALUES (2,'b2'),(2,'b2b'),(3,'b3'),(4,'b4'),(NULL,'bn');",
    );
}

#[test]
fn merge_joins_when_hash_join_disabled() {
    let s = TestServer::start();
    let mut c = s.client();
    setup(&mut c);
    exec(&mut c, "SET enable_hashjoin = off");
    assert_eq!(
        rows(
            &mut c,
            "EXPLAIN (COSTS OFF) SELECT * FROM ja FULL JOIN jb ON ja.x = jb.x"
        ),
        vec![
            "Merge Full Join",
            "  Merge Cond: (ja.x = jb.x)",
            "  ->  Sort",
            "        Sort Key: ja.x",
            "        ->  Seq Scan on ja",
            "  ->  Sort",
            "        Sort Key: jb.x",
            "        ->  Seq Scan on jb",
        ]
    );
    assert_eq!(
        rows(&mut c, "SELECT * FROM ja FULL JOIN jb ON ja.x = jb.x"),
        vec![
            "1|a1|NULL|NULL",
            "2|a2|2|b2",
            "2|a2|2|b2b",
            "2|a2b|2|b2",
            "2|a2b|2|b2b",
            "3|a3|3|b3",
            "NULL|an|NULL|NULL",
            "NULL|NULL|4|b4",
            "NULL|NULL|NULL|bn",
        ]
    );
    assert_eq!(
        rows(
            &mut c,
            "SELECT * FROM ja LEFT JOIN jb ON ja.x = jb.x AND jb.z <> 'b2'"
        ),
        vec![
            "1|a1|NULL|NULL",
            "2|a2|2|b2b",
            "2|a2b|2|b2b",
            "3|a3|3|b3",
            "NULL|an|NULL|NULL",
        ]
    );
    assert_eq!(
        rows(
            &mut c,
            "SELECT ja.y, jb.z FROM ja RIGHT JOIN jb ON ja.x = jb.x"
        ),
        vec!["a2|b2", "a2|b2b", "a2b|b2", "a2b|b2b", "a3|b3", "NULL|b4", "NULL|bn"]
    );
    assert_eq!(
        rows(&mut c, "SELECT count(*) FROM ja JOIN jb ON ja.x = jb.x"),
        vec!["5"]
    );
}

#[test]
fn materialize_group_aggregate_unique_and_top_n() {
    let s = TestServer::start();
    let mut c = s.client();
    setup(&mut c);
    assert_eq!(
        rows(
            &mut c,
            "EXPLAIN (COSTS OFF) SELECT * FROM ja, jb WHERE ja.y < jb.z"
        ),
        vec![
            "Nested Loop",
            "  Join Filter: (ja.y < jb.z)",
            "  ->  Seq Scan on ja",
            "  ->  Materialize",
            "        ->  Seq Scan on jb",
        ]
    );
    assert_eq!(
        rows(&mut c, "SELECT count(*) FROM ja, jb WHERE ja.y < jb.z"),
        vec!["25"]
    );
    exec(&mut c, "SET enable_hashagg = off");
    assert_eq!(
        rows(
            &mut c,
            "EXPLAIN (COSTS OFF) SELECT x, count(*) FROM ja GROUP BY x"
        ),
        vec![
            "GroupAggregate",
            "  Group Key: x",
            "  ->  Sort",
            "        Sort Key: x",
            "        ->  Seq Scan on ja",
        ]
    );
    assert_eq!(
        rows(
            &mut c,
            "SELECT x, count(*), string_agg(y, ',' ORDER BY y) FROM ja GROUP BY x"
        ),
        vec!["1|1|a1", "2|2|a2,a2b", "3|1|a3", "NULL|1|an"]
    );
    assert_eq!(
        rows(&mut c, "EXPLAIN (COSTS OFF) SELECT x FROM ja GROUP BY x"),
        vec![
            "Group",
            "  Group Key: x",
            "  ->  Sort",
            "        Sort Key: x",
            "        ->  Seq Scan on ja",
        ]
    );
    assert_eq!(
        rows(&mut c, "EXPLAIN (COSTS OFF) SELECT DISTINCT x FROM ja"),
        vec![
            "Unique",
            "  ->  Sort",
            "        Sort Key: x",
            "        ->  Seq Scan on ja",
        ]
    );
    assert_eq!(
        rows(&mut c, "SELECT DISTINCT x FROM ja ORDER BY x DESC"),
        vec!["NULL", "3", "2", "1"]
    );
    exec(&mut c, "RESET enable_hashagg");
    assert_eq!(
        rows(
            &mut c,
            "SELECT g FROM generate_series(1, 1000) g ORDER BY g DESC LIMIT 3 OFFSET 2"
        ),
        vec!["998", "997", "996"]
    );
    let plan = rows(
        &mut c,
        "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) \
         SELECT g FROM generate_series(1, 1000) g ORDER BY g LIMIT 5",
    );
    assert!(
        plan.iter().any(|l| l
            .trim_start()
            .starts_with("Sort Method: top-N heapsort  Memory: ")),
        "{plan:?}"
    );
}
