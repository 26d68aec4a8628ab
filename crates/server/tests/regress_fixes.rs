//! Small behaviours found through the regression suite: subscripting point/lseg/box,
//! format() with a NULL VARIADIC array, bare POSIX offsets as TimeZone, interval_hash.

mod support;

use support::TestServer;

/// The first column of every row (simple query protocol), as text.
fn col0(c: &mut postgres::Client, sql: &str) -> Vec<String> {
    c.simple_query(sql)
        .expect(sql)
        .into_iter()
        .filter_map(|m| match m {
            postgres::SimpleQueryMessage::Row(r) => Some(r.get(0).unwrap_or("").to_string()),
            _ => None,
        })
        .collect()
}

#[test]
fn regress_fixes() {
    let srv = TestServer::start();
    let mut c = srv.client();
    // `||` casts a non-text operand to text: booleans read true/false, char(n) loses padding;
    // concat() uses the output function instead.
    assert_eq!(col0(&mut c, "select 'a' || true"), vec!["atrue"]);
    assert_eq!(col0(&mut c, "select 'x'::char(3) || 'y'"), vec!["xy"]);
    assert_eq!(col0(&mut c, "select concat('a', true)"), vec!["at"]);
    assert_eq!(col0(&mut c, "select (point '(1.5,2)')[0]"), vec!["1.5"]);
    assert_eq!(col0(&mut c, "select (point '(1.5,2)')[1]"), vec!["2"]);
    assert_eq!(
        col0(&mut c, "select (point '(1.5,2)')[2] is null"),
        vec!["t"]
    );
    assert_eq!(
        col0(&mut c, "select (lseg '[(1,2),(3,4)]')[1]"),
        vec!["(3,4)"]
    );
    assert_eq!(
        col0(&mut c, "select format('Hello', variadic NULL::int[])"),
        vec!["Hello"]
    );
    assert_eq!(
        col0(&mut c, "select concat(variadic NULL::int[]) is null"),
        vec!["t"]
    );
    c.batch_execute("set timezone = '+02:00'").expect("set tz");
    assert_eq!(
        col0(
            &mut c,
            "select to_char(timestamptz '2020-01-01 00:00+00', 'HH24 OF')"
        ),
        vec!["22 -02"]
    );
    c.batch_execute("set timezone = 'UTC'").expect("reset tz");
    assert_eq!(
        col0(
            &mut c,
            "select interval_hash('30 days'::interval) = interval_hash('1 month'::interval)"
        ),
        vec!["t"]
    );
}

#[test]
fn tables_with_oids() {
    let srv = TestServer::start();
    let mut c = srv.client();
    c.batch_execute("CREATE TABLE wo (a int, b text) WITH OIDS")
        .unwrap();
    assert_eq!(
        col0(
            &mut c,
            "SELECT relhasoids FROM pg_class WHERE relname = 'wo'"
        ),
        vec!["t"]
    );
    c.batch_execute("INSERT INTO wo VALUES (1, 'one'), (2, 'two')")
        .unwrap();
    // COPY ... WITH OIDS reads the OID first.
    let mut w = c.copy_in("COPY wo FROM STDIN WITH OIDS").unwrap();
    std::io::Write::write_all(&mut w, b"777\t3\tthree\n").unwrap();
    w.finish().unwrap();
    assert_eq!(col0(&mut c, "SELECT oid FROM wo WHERE a = 3"), vec!["777"]);
    // Every row has a distinct OID, and UPDATE keeps it.
    assert_eq!(
        col0(&mut c, "SELECT count(DISTINCT oid) FROM wo"),
        vec!["3"]
    );
    let before = col0(&mut c, "SELECT oid FROM wo WHERE a = 1");
    c.batch_execute("UPDATE wo SET b = 'uno' WHERE a = 1")
        .unwrap();
    assert_eq!(col0(&mut c, "SELECT oid FROM wo WHERE a = 1"), before);
    // COPY TO ... WITH OIDS writes it first.
    let mut out = String::new();
    {
        let mut reader = c.copy_out("COPY wo (a) TO STDOUT WITH OIDS").unwrap();
        std::io::Read::read_to_string(&mut reader, &mut out).unwrap();
    }
    assert!(out.contains("777\t3\n"), "{out}");
    // A table without OIDs refuses WITH OIDS.
    c.batch_execute("CREATE TABLE no_oids (a int)").unwrap();
    let e = c
        .batch_execute("COPY no_oids TO STDOUT WITH OIDS")
        .unwrap_err();
    assert_eq!(e.code().map(|c| c.code()), Some("42703"));
}

/// Statistical aggregates (aggtest's rows from the regression suite, PostgreSQL 10's results)
/// and the DISTINCT ON / ORDER BY prefix rule.
#[test]
fn statistical_aggregates_and_distinct_on() {
    let srv = TestServer::start();
    let mut c = srv.client();
    c.batch_execute(
        "create table aggtest (a int2, b float4);
         insert into aggtest values (56, 7.8), (100, 99.097), (0, 0.09561), (42, 324.78);",
    )
    .expect("setup");
    let q = |c: &mut postgres::Client, sql: &str| col0(c, sql).join("|");
    assert_eq!(
        q(&mut c, "select stddev_pop(b) from aggtest"),
        "131.10703231895"
    );
    assert_eq!(
        q(&mut c, "select var_samp(b) from aggtest"),
        "22918.7385646431"
    );
    assert_eq!(
        q(&mut c, "select stddev_pop(b::numeric) from aggtest"),
        "131.107032862199"
    );
    assert_eq!(
        q(&mut c, "select var_samp(b::numeric) from aggtest"),
        "22918.738754573025"
    );
    assert_eq!(
        q(
            &mut c,
            "select var_pop(1.0)::text || ',' || coalesce(var_samp(2.0)::text, 'null')"
        ),
        "0,null"
    );
    assert_eq!(q(&mut c, "select regr_count(b, a) from aggtest"), "4");
    assert_eq!(q(&mut c, "select regr_sxx(b, a) from aggtest"), "5099");
    assert_eq!(
        q(&mut c, "select regr_syy(b, a) from aggtest"),
        "68756.2156939293"
    );
    assert_eq!(
        q(&mut c, "select regr_r2(b, a) from aggtest"),
        "0.0194977982031803"
    );
    assert_eq!(
        q(
            &mut c,
            "select regr_slope(b, a) || ' ' || regr_intercept(b, a) from aggtest"
        ),
        "0.512750700441271 82.5619926012309"
    );
    assert_eq!(
        q(&mut c, "select variance(x) from generate_series(1, 4) x"),
        "1.6666666666666667"
    );
    let err = c
        .simple_query("select distinct on (a, b) a, b from aggtest order by a, 1 + 1, b")
        .expect_err("b after a non-DISTINCT ON key");
    let db = err.as_db_error().expect("db error");
    assert_eq!(db.code().code(), "42P10");
    assert_eq!(
        db.message(),
        "SELECT DISTINCT ON expressions must match initial ORDER BY expressions"
    );
    assert_eq!(
        q(
            &mut c,
            "select distinct on (b < 50) a from aggtest order by b < 50, a desc"
        ),
        "100|56"
    );
}
