//! WITH RECURSIVE over the wire: UNION ALL and UNION (duplicate elimination ending the
//! recursion), tree walks joining the working table, LIMIT ending an unbounded recursion,
//! CTEs referring to earlier WITH items, and PostgreSQL's errors for malformed recursion.

mod support;

use support::TestServer;

fn rows(c: &mut postgres::Client, sql: &str) -> Vec<String> {
    c.simple_query(sql)
        .expect(sql)
        .into_iter()
        .filter_map(|m| match m {
            postgres::SimpleQueryMessage::Row(r) => Some(
                (0..r.len())
                    .map(|i| r.get(i).unwrap_or("null").to_string())
                    .collect::<Vec<_>>()
                    .join("|"),
            ),
            _ => None,
        })
        .collect()
}

fn error(c: &mut postgres::Client, sql: &str) -> (String, String) {
    let e = c.simple_query(sql).expect_err(sql);
    let db = e.as_db_error().expect("server error");
    (db.code().code().to_string(), db.message().to_string())
}

#[test]
fn recursive_ctes() {
    let srv = TestServer::start();
    let mut c = srv.client();
    assert_eq!(
        rows(
            &mut c,
            "with recursive t(n) as (values (1) union all select n + 1 from t where n < 100)
             select sum(n), count(*) from t"
        ),
        vec!["5050|100"]
    );
    // UNION stops once a round adds nothing new.
    assert_eq!(
        rows(
            &mut c,
            "with recursive t(n) as (select 1 union select (n % 3) + 1 from t)
             select n from t order by n"
        ),
        vec!["1", "2", "3"]
    );
    // An unbounded recursion is fine under LIMIT: rows stream out.
    assert_eq!(
        rows(
            &mut c,
            "with recursive t(n) as (select 1 union all select n + 1 from t) select n from t limit 3"
        ),
        vec!["1", "2", "3"]
    );
    c.batch_execute(
        "create table tree (id int, parent int);
         insert into tree values (1, null), (2, 1), (3, 1), (4, 2), (5, 4);",
    )
    .expect("tree");
    assert_eq!(
        rows(
            &mut c,
            "with recursive sub(id, depth, path) as (
                 select id, 0, id::text from tree where parent is null
                 union all
                 select t.id, s.depth + 1, s.path || '>' || t.id
                 from tree t join sub s on t.parent = s.id)
             select id, depth, path from sub order by path"
        ),
        vec!["1|0|1", "2|1|1>2", "4|2|1>2>4", "5|3|1>2>4>5", "3|1|1>3"]
    );
    // A later WITH item reads an earlier (recursive) one.
    assert_eq!(
        rows(
            &mut c,
            "with recursive t(n) as (values (1) union all select n + 1 from t where n < 4),
                  doubled as (select n * 2 as d from t)
             select string_agg(d::text, ',' order by d) from doubled"
        ),
        vec!["2,4,6,8"]
    );
    assert_eq!(
        error(
            &mut c,
            "with recursive x(n) as (select n from x union all select 1) select * from x"
        ),
        (
            "42P19".into(),
            "recursive reference to query \"x\" must not appear within its non-recursive term"
                .into()
        )
    );
    assert_eq!(
        error(
            &mut c,
            "with recursive x(n) as (select 1 union all
                 select x.n + 1 from tree left join x on x.n = tree.id where n < 10)
             select * from x"
        ),
        (
            "42P19".into(),
            "recursive reference to query \"x\" must not appear within an outer join".into()
        )
    );
    // A recursive CTE used on the nullable side of an outer join is fine.
    assert_eq!(
        rows(
            &mut c,
            "with recursive x(n) as (select 1 union all select n + 1 from x where n < 3)
             select count(*) from tree left join x on x.n = tree.id"
        ),
        vec!["5"]
    );
    assert_eq!(
        error(&mut c, "with recursive x(n) as (select n from x) select * from x"),
        (
            "42P19".into(),
            "recursive query \"x\" does not have the form non-recursive-term UNION [ALL] recursive-term"
                .into()
        )
    );
    assert_eq!(
        error(
            &mut c,
            "with recursive x(n) as (select 1 union all select count(*) from x) select * from x"
        ),
        (
            "42P19".into(),
            "aggregate functions are not allowed in a recursive query's recursive term".into()
        )
    );
    assert_eq!(
        error(
            &mut c,
            "with recursive foo(i) as (select i from (values (1), (2)) t(i)
                 union all select (i + 1)::numeric(10,0) from foo where i < 10)
             select * from foo"
        ),
        (
            "42804".into(),
            "recursive query \"foo\" column 1 has type integer in non-recursive term but type numeric overall"
                .into()
        )
    );
}
