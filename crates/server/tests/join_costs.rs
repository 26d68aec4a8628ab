//! Cost-based join and aggregation choices over ANALYZE statistics: join method and sides,
//! Materialize, hashed vs sorted aggregation under work_mem, row estimates from eqjoinsel
//! (plans and numbers as PostgreSQL 10 prints them).

mod support;

use support::TestServer;

fn rows(c: &mut postgres::Client, sql: &str) -> Vec<String> {
    c.simple_query(sql)
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .iter()
        .filter_map(|m| match m {
            postgres::SimpleQueryMessage::Row(r) => r.get(0).map(str::to_string),
            _ => None,
        })
        .collect()
}

fn exec(c: &mut postgres::Client, sql: &str) {
    c.batch_execute(sql)
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

#[test]
fn analyzed_equijoin_costs_and_rows() {
    let s = TestServer::start();
    let mut c = s.client();
    exec(
        &mut c,
        "CREATE TABLE jt (a int); INSERT INTO jt SELECT generate_series(1, 10000); ANALYZE jt;",
    );
    assert_eq!(
        rows(&mut c, "EXPLAIN SELECT * FROM jt a JOIN jt b ON a.a = b.a"),
        vec![
            "Hash Join  (cost=270.00..552.50 rows=10000 width=8)",
            "  Hash Cond: (a.a = b.a)",
            "  ->  Seq Scan on jt a  (cost=0.00..145.00 rows=10000 width=4)",
            "  ->  Hash  (cost=145.00..145.00 rows=10000 width=4)",
            "        ->  Seq Scan on jt b  (cost=0.00..145.00 rows=10000 width=4)",
        ]
    );
    // Hashing off: sorting both sides and merging is next cheapest (disable_cost, not a ban).
    exec(&mut c, "SET enable_hashjoin = off");
    let plan = rows(
        &mut c,
        "EXPLAIN (COSTS OFF) SELECT * FROM jt a JOIN jt b ON a.a = b.a",
    );
    assert_eq!(plan[0], "Merge Join");
    exec(
        &mut c,
        "SET enable_mergejoin = off; SET enable_nestloop = off; SET enable_sort = off",
    );
    let plan = rows(
        &mut c,
        "EXPLAIN (COSTS OFF) SELECT * FROM jt a JOIN jt b ON a.a = b.a",
    );
    assert_eq!(plan[0], "Hash Join");
}

#[test]
fn tiny_tables_nest_with_the_single_row_outer() {
    // join.out: j2 (one row) drives the loop over j1 (two rows), no Materialize.
    let s = TestServer::start();
    let mut c = s.client();
    exec(
        &mut c,
        "create table j1 (id1 int, id2 int, primary key(id1,id2)); \
         create table j2 (id1 int, id2 int, primary key(id1,id2)); \
         insert into j1 values(1,1),(1,2); insert into j2 values(1,1); \
         analyze j1; analyze j2;",
    );
    assert_eq!(
        rows(
            &mut c,
            "explain (costs off) select * from j1 inner join j2 on j1.id1 = j2.id1"
        ),
        vec![
            "Nested Loop",
            "  Join Filter: (j1.id1 = j2.id1)",
            "  ->  Seq Scan on j2",
            "  ->  Seq Scan on j1",
        ]
    );
    let got = rows(
        &mut c,
        "select j1.id1, j1.id2, j2.id2 from j1 join j2 on j1.id1 = j2.id1 order by 2",
    );
    assert_eq!(got, vec!["1", "1"]);
}

#[test]
fn hash_aggregation_refused_beyond_work_mem() {
    let s = TestServer::start();
    let mut c = s.client();
    exec(
        &mut c,
        "CREATE TABLE ga (a int, b int); \
         INSERT INTO ga SELECT g, g % 100 FROM generate_series(1, 10000) g; ANALYZE ga;",
    );
    let q = "EXPLAIN (COSTS OFF) SELECT a, count(*) FROM ga GROUP BY a";
    assert_eq!(rows(&mut c, q)[0], "HashAggregate");
    exec(&mut c, "SET work_mem = '64kB'");
    assert_eq!(
        rows(&mut c, q),
        vec![
            "GroupAggregate",
            "  Group Key: a",
            "  ->  Sort",
            "        Sort Key: a",
            "        ->  Seq Scan on ga",
        ]
    );
    let n = rows(
        &mut c,
        "SELECT count(*) FROM (SELECT a, count(*) FROM ga GROUP BY a) s",
    );
    assert_eq!(n, vec!["10000"]);
}

#[test]
fn inner_join_hashes_the_smaller_side() {
    let s = TestServer::start();
    let mut c = s.client();
    exec(
        &mut c,
        "CREATE TABLE big (a int, b text); \
         INSERT INTO big SELECT g, 'b' || g FROM generate_series(1, 10000) g; \
         CREATE TABLE small (a int); INSERT INTO small VALUES (1), (2), (20000), (NULL); \
         ANALYZE big; ANALYZE small;",
    );
    let q = "SELECT small.a, big.b FROM small JOIN big ON small.a = big.a";
    assert_eq!(
        rows(&mut c, &format!("EXPLAIN (COSTS OFF) {q}")),
        vec![
            "Hash Join",
            "  Hash Cond: (big.a = small.a)",
            "  ->  Seq Scan on big",
            "  ->  Hash",
            "        ->  Seq Scan on small",
        ]
    );
    let got: Vec<String> = c
        .simple_query(&format!("{q} ORDER BY 1"))
        .unwrap_or_else(|e| panic!("{q}: {e}"))
        .iter()
        .filter_map(|m| match m {
            postgres::SimpleQueryMessage::Row(r) => Some(format!(
                "{}|{}",
                r.get(0).unwrap_or("NULL"),
                r.get(1).unwrap_or("NULL")
            )),
            _ => None,
        })
        .collect();
    assert_eq!(got, vec!["1|b1", "2|b2"]);
}
