//! Window functions over the wire: ranking functions, aggregates with OVER, frames, named
//! windows, lag/lead/first_value/last_value/nth_value/ntile, and PostgreSQL's errors.

mod support;

use support::TestServer;

/// Every row (simple query protocol) as `|`-joined text; NULL prints as "null".
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
fn window_functions() {
    let srv = TestServer::start();
    let mut c = srv.client();
    c.batch_execute(
        "create table empsalary (depname varchar, empno bigint, salary int);
         insert into empsalary values
         ('develop', 10, 5200), ('sales', 1, 5000), ('personnel', 5, 3500),
         ('sales', 4, 4800), ('personnel', 2, 3900), ('develop', 7, 4200),
         ('develop', 9, 4500), ('sales', 3, 4800), ('develop', 8, 6000),
         ('develop', 11, 5200);",
    )
    .expect("setup");
    assert_eq!(
        rows(
            &mut c,
            "select depname, empno, sum(salary) over (partition by depname) from empsalary
             where depname <> 'develop' order by depname, empno"
        ),
        vec![
            "personnel|2|7400",
            "personnel|5|7400",
            "sales|1|14600",
            "sales|3|14600",
            "sales|4|14600"
        ]
    );
    assert_eq!(
        rows(
            &mut c,
            "select empno, rank() over w, dense_rank() over w, row_number() over w,
                    percent_rank() over w, cume_dist() over w
             from empsalary where depname = 'develop'
             window w as (order by salary) order by salary, empno"
        ),
        vec![
            "7|1|1|1|0|0.2",
            "9|2|2|2|0.25|0.4",
            "10|3|3|3|0.5|0.8",
            "11|3|3|4|0.5|0.8",
            "8|5|4|5|1|1"
        ]
    );
    // Running sum with the default frame includes peers; ROWS frames count rows.
    assert_eq!(
        rows(
            &mut c,
            "select empno, sum(salary) over (order by salary),
                    sum(salary) over (order by salary, empno rows between 1 preceding and 1 following)
             from empsalary where depname = 'develop' order by salary, empno"
        ),
        vec![
            "7|4200|8700",
            "9|8700|13900",
            "10|19100|14900",
            "11|19100|16400",
            "8|25100|11200"
        ]
    );
    assert_eq!(
        rows(
            &mut c,
            "select empno, lag(empno) over w, lead(empno, 2, -1::bigint) over w,
                    first_value(empno) over w, last_value(empno) over w,
                    nth_value(empno, 2) over w, ntile(2) over w
             from empsalary where depname = 'sales' window w as (order by empno)"
        ),
        vec!["1|null|4|1|1|null|1", "3|1|-1|1|3|3|1", "4|3|-1|1|4|3|2"]
    );
    // Window functions over a grouped query, and in ORDER BY.
    assert_eq!(
        rows(
            &mut c,
            "select depname, count(*), sum(count(*)) over () from empsalary
             group by depname order by rank() over (order by depname desc)"
        ),
        vec!["sales|3|10", "personnel|2|10", "develop|5|10"]
    );
    // Offsets far outside the partition give the default (or NULL for nth_value).
    assert_eq!(
        rows(
            &mut c,
            "select lag(empno, -2147483648, 0::bigint) over w,
                    lead(empno, 2147483647, 0::bigint) over w,
                    nth_value(empno, 2147483647) over w
             from empsalary where empno = 1 window w as (order by empno)"
        ),
        vec!["0|0|null"]
    );
    assert_eq!(
        error(&mut c, "select rank() from empsalary"),
        (
            "42809".into(),
            "window function rank requires an OVER clause".into()
        )
    );
    assert_eq!(
        error(
            &mut c,
            "select * from empsalary where row_number() over () > 1"
        ),
        (
            "42P20".into(),
            "window functions are not allowed in WHERE".into()
        )
    );
    assert_eq!(
        error(&mut c, "select lower(depname) over () from empsalary"),
        (
            "42809".into(),
            "OVER specified, but lower is not a window function nor an aggregate function".into()
        )
    );
    assert_eq!(
        error(&mut c, "select rank() over w from empsalary"),
        ("42704".into(), "window \"w\" does not exist".into())
    );
    assert_eq!(
        error(&mut c, "select ntile(0) over () from empsalary"),
        (
            "22014".into(),
            "argument of ntile must be greater than zero".into()
        )
    );
}
