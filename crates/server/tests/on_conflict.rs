//! INSERT ... ON CONFLICT end to end: DO NOTHING / DO UPDATE with `excluded` and the target
//! alias, RETURNING, arbiter inference errors, ON CONSTRAINT, partial-index predicates, the
//! 21000 "cannot affect row a second time" error, EXPLAIN's conflict lines, a writer blocked
//! by a concurrent uncommitted insert of the same key, and two sessions racing upserts of
//! the same keys (one row per key, every increment counted).

mod support;

use std::time::{Duration, Instant};
use support::TestServer;

fn col(c: &mut postgres::Client, sql: &str) -> Vec<String> {
    c.simple_query(sql)
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .iter()
        .filter_map(|m| match m {
            postgres::SimpleQueryMessage::Row(r) => {
                let n = r.len();
                Some(
                    (0..n)
                        .map(|i| r.get(i).unwrap_or("NULL").to_string())
                        .collect::<Vec<_>>()
                        .join("|"),
                )
            }
            _ => None,
        })
        .collect()
}

fn err(c: &mut postgres::Client, sql: &str) -> (String, String, Option<String>) {
    let e = c.simple_query(sql).expect_err(sql);
    let db = e.as_db_error().expect("server error");
    (
        db.code().code().to_string(),
        db.message().to_string(),
        db.hint().map(str::to_string),
    )
}

fn tag(c: &mut postgres::Client, sql: &str) -> u64 {
    c.execute(sql, &[]).unwrap_or_else(|e| panic!("{sql}: {e}"))
}

#[test]
fn do_nothing_and_do_update() {
    let s = TestServer::start();
    let mut c = s.client();
    c.batch_execute(
        "create table ict (key int4, fruit text, n int4 default 0);
         create unique index ict_key on ict (key);",
    )
    .unwrap();
    assert_eq!(tag(&mut c, "insert into ict values (1, 'Apple')"), 1);
    assert_eq!(
        tag(
            &mut c,
            "insert into ict values (1, 'Banana') on conflict do nothing"
        ),
        0
    );
    assert_eq!(
        tag(
            &mut c,
            "insert into ict values (1, 'Banana'), (2, 'Cherry') on conflict (key) do nothing"
        ),
        1
    );
    // Duplicates within one command: DO NOTHING keeps the first.
    assert_eq!(
        tag(
            &mut c,
            "insert into ict values (3, 'x'), (3, 'y') on conflict do nothing"
        ),
        1
    );
    assert_eq!(
        col(
            &mut c,
            "insert into ict values (1, 'Banana') on conflict (key) do update \
             set fruit = excluded.fruit, n = ict.n + 1 returning key, fruit, n"
        ),
        vec!["1|Banana|1"]
    );
    assert_eq!(
        col(
            &mut c,
            "insert into ict as i values (1, 'Date'), (4, 'Elder') on conflict (key) do update \
             set fruit = i.fruit || excluded.fruit where i.key > 0 returning *"
        ),
        vec!["1|BananaDate|1", "4|Elder|0"]
    );
    // The WHERE filters the update out: nothing returned, row unchanged.
    assert_eq!(
        col(
            &mut c,
            "insert into ict values (2, 'Fig') on conflict (key) do update set fruit = excluded.fruit \
             where ict.fruit = 'nope' returning *"
        ),
        Vec::<String>::new()
    );
    // DO NOTHING skipped rows return nothing.
    assert_eq!(
        col(
            &mut c,
            "insert into ict values (2, 'Fig'), (5, 'Grape') on conflict do nothing returning key"
        ),
        vec!["5"]
    );
    assert_eq!(
        col(&mut c, "select key, fruit from ict order by key"),
        vec!["1|BananaDate", "2|Cherry", "3|x", "4|Elder", "5|Grape"]
    );
    // Errors.
    let e = err(
        &mut c,
        "insert into ict values (1, 'a') on conflict (fruit) do nothing",
    );
    assert_eq!(e.0, "42P10");
    assert_eq!(
        e.1,
        "there is no unique or exclusion constraint matching the ON CONFLICT specification"
    );
    let e = err(
        &mut c,
        "insert into ict values (1, 'a') on conflict do update set fruit = 'b'",
    );
    assert_eq!(e.0, "42601");
    assert_eq!(
        e.2.as_deref(),
        Some("For example, ON CONFLICT (column_name).")
    );
    let e = err(
        &mut c,
        "insert into ict values (6, 'a'), (6, 'b') on conflict (key) do update set fruit = excluded.fruit",
    );
    assert_eq!(e.0, "21000");
    assert_eq!(
        e.1,
        "ON CONFLICT DO UPDATE command cannot affect row a second time"
    );
    let e = err(
        &mut c,
        "insert into ict values (1, 'a') on conflict (key) do update set fruit = excluded.fruitt",
    );
    assert_eq!(e.1, "column excluded.fruitt does not exist");
    let e = err(
        &mut c,
        "insert into ict values (1, 'a') on conflict (key) do update set fruit = 'z' returning excluded.fruit",
    );
    assert_eq!(
        e.1,
        "invalid reference to FROM-clause entry for table \"excluded\""
    );
    let e = err(
        &mut c,
        "insert into ict as x values (1, 'a') on conflict (key) do update set fruit = ict.fruit",
    );
    assert_eq!(
        e.2.as_deref(),
        Some("Perhaps you meant to reference the table alias \"x\".")
    );
    // NOT NULL on the updated row.
    c.batch_execute("alter table ict alter column fruit set not null")
        .unwrap();
    let e = err(
        &mut c,
        "insert into ict values (1, 'a') on conflict (key) do update set fruit = null",
    );
    assert_eq!(e.0, "23502");
}

#[test]
fn constraints_and_partial_indexes() {
    let s = TestServer::start();
    let mut c = s.client();
    c.batch_execute(
        "create table t (a int primary key, b text unique, c int check (c > 0));
         insert into t values (1, 'one', 1), (2, 'two', 2);",
    )
    .unwrap();
    assert_eq!(
        col(
            &mut c,
            "insert into t values (1, 'uno', 5) on conflict on constraint t_pkey \
             do update set c = excluded.c returning *"
        ),
        vec!["1|one|5"]
    );
    // A conflict in a non-arbiter unique index is an error.
    let e = err(
        &mut c,
        "insert into t values (1, 'two', 1) on conflict (a) do update set b = excluded.b",
    );
    assert_eq!(e.0, "23505");
    // CHECK constraint on the updated row.
    let e = err(
        &mut c,
        "insert into t values (1, 'x', 1) on conflict (a) do update set c = -1",
    );
    assert_eq!(e.0, "23514");
    let e = err(
        &mut c,
        "insert into t values (1, 'x', 1) on conflict on constraint nope do nothing",
    );
    assert_eq!(e.0, "42704");
    assert_eq!(e.1, "constraint \"nope\" for table \"t\" does not exist");
    // DO NOTHING without a target covers every unique index.
    assert_eq!(
        tag(
            &mut c,
            "insert into t values (9, 'two', 1) on conflict do nothing"
        ),
        0
    );
    // Partial and expression indexes.
    c.batch_execute(
        "create table p (k int, f text);
         create unique index p_part on p (k) where f like '%berry';
         create unique index p_expr on p (lower(f));",
    )
    .unwrap();
    let e = err(
        &mut c,
        "insert into p values (1, 'Blueberry') on conflict (k) do nothing",
    );
    assert_eq!(e.0, "42P10");
    assert_eq!(
        tag(
            &mut c,
            "insert into p values (1, 'Blueberry') on conflict (k) where f like '%berry' do nothing"
        ),
        1
    );
    assert_eq!(
        tag(
            &mut c,
            "insert into p values (1, 'Strawberry') on conflict (k) where f like '%berry' and f <> 'x' do nothing"
        ),
        0
    );
    assert_eq!(
        col(
            &mut c,
            "insert into p values (2, 'BLUEBERRY') on conflict (lower(f)) do update set k = excluded.k returning *"
        ),
        vec!["2|Blueberry"]
    );
    // A predicate implied by a stricter bound; a table named "excluded".
    c.batch_execute(
        "create table q (a int, b int);
         create unique index q_b on q (b) where a > 0;
         create table excluded (key int primary key, data text);
         insert into excluded values (1, '1');",
    )
    .unwrap();
    assert_eq!(
        tag(
            &mut c,
            "insert into q values (5, 1) on conflict (b) where a > 1 do nothing"
        ),
        1
    );
    let e = err(
        &mut c,
        "insert into q values (5, 1) on conflict (b) where a > -1 do nothing",
    );
    assert_eq!(e.0, "42P10");
    let e = err(
        &mut c,
        "insert into excluded values (1, '2') on conflict (key) do update set data = excluded.data",
    );
    assert_eq!(e.0, "42P09");
    assert_eq!(e.1, "table reference \"excluded\" is ambiguous");
    assert_eq!(
        col(
            &mut c,
            "insert into excluded as t values (1, '2') on conflict (key) do update \
             set data = excluded.data || t.data returning *"
        ),
        vec!["1|21"]
    );
    assert_eq!(
        col(
            &mut c,
            "insert into excluded values (1, '2') on conflict (key) do update set data = 3 returning excluded.*"
        ),
        vec!["1|3"]
    );
    let plan = col(
        &mut c,
        "explain (costs off) insert into p values (3, 'x') on conflict (lower(f)) do update set k = 0 where p.k > 1",
    );
    assert_eq!(
        plan,
        vec![
            "Insert on p",
            "  Conflict Resolution: UPDATE",
            "  Conflict Arbiter Indexes: p_expr",
            "  Conflict Filter: (p.k > 1)",
            "  ->  Result",
        ]
    );
}

#[test]
fn waits_for_concurrent_inserter() {
    let s = TestServer::start();
    let mut a = s.client();
    let mut b = s.client();
    a.batch_execute("create table w (k int primary key, v int)")
        .unwrap();
    a.batch_execute("begin; insert into w values (1, 10);")
        .unwrap();
    let pid = col(&mut b, "select pg_backend_pid()").remove(0);
    let conn = s.conn_str();
    let h = std::thread::spawn(move || {
        let mut b2 = postgres::Client::connect(&conn, postgres::NoTls).unwrap();
        let _ = pid;
        b2.simple_query("insert into w values (1, 20) on conflict (k) do update set v = w.v + excluded.v returning v")
            .map(|r| {
                r.iter()
                    .filter_map(|m| match m {
                        postgres::SimpleQueryMessage::Row(r) => r.get(0).map(str::to_string),
                        _ => None,
                    })
                    .collect::<Vec<_>>()
            })
    });
    // Give the other session time to find the in-progress row and wait.
    let start = Instant::now();
    while start.elapsed() < Duration::from_millis(300) {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(!h.is_finished(), "upsert must wait for the open insert");
    a.batch_execute("commit").unwrap();
    let got = h.join().unwrap().unwrap();
    assert_eq!(got, vec!["30"]);
    // An aborted inserter leaves nothing to conflict with.
    a.batch_execute("begin; insert into w values (2, 1);")
        .unwrap();
    let conn = s.conn_str();
    let h = std::thread::spawn(move || {
        let mut b2 = postgres::Client::connect(&conn, postgres::NoTls).unwrap();
        b2.execute("insert into w values (2, 5) on conflict do nothing", &[])
    });
    std::thread::sleep(Duration::from_millis(200));
    a.batch_execute("rollback").unwrap();
    assert_eq!(h.join().unwrap().unwrap(), 1);
    assert_eq!(
        col(&mut b, "select k, v from w order by k"),
        vec!["1|30", "2|5"]
    );
    // REPEATABLE READ: a conflicting row committed after the snapshot is a serialization failure.
    b.batch_execute("begin isolation level repeatable read; select 1;")
        .unwrap();
    a.batch_execute("insert into w values (3, 1)").unwrap();
    let e = err(
        &mut b,
        "insert into w values (3, 2) on conflict (k) do update set v = 0",
    );
    assert_eq!(e.0, "40001");
    b.batch_execute("rollback").unwrap();
}

#[test]
fn racing_upserts_keep_one_row_per_key() {
    let s = TestServer::start();
    let mut c = s.client();
    c.batch_execute("create table counters (k int primary key, n int not null)")
        .unwrap();
    const KEYS: i32 = 10;
    const ROUNDS: i32 = 40;
    let mut handles = Vec::new();
    for _ in 0..2 {
        let conn = s.conn_str();
        handles.push(std::thread::spawn(move || {
            let mut cl = postgres::Client::connect(&conn, postgres::NoTls).unwrap();
            for _ in 0..ROUNDS {
                for k in 0..KEYS {
                    cl.execute(
                        "insert into counters values ($1, 1) on conflict (k) do update set n = counters.n + 1",
                        &[&k],
                    )
                    .unwrap();
                }
            }
        }));
    }
    for h in handles {
        h.join().unwrap();
    }
    assert_eq!(
        col(
            &mut c,
            "select count(*), sum(n), min(n), max(n) from counters"
        ),
        vec![format!(
            "{}|{}|{}|{}",
            KEYS,
            KEYS * ROUNDS * 2,
            ROUNDS * 2,
            ROUNDS * 2
        )]
    );
}
