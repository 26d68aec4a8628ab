//! Views end to end: CREATE [OR REPLACE] VIEW, selecting through views (WHERE, joins, nested
//! views, column aliases), DROP VIEW, wrong-kind errors, transactional CREATE VIEW, DML on a
//! view refused, ALTER VIEW RENAME, and persistence across a restart.

mod support;

use support::TestServer;

/// (SQLSTATE, message, hint) of a failed statement.
fn err(c: &mut postgres::Client, sql: &str) -> (String, String, String) {
    let e = c.batch_execute(sql).expect_err(sql);
    let db = e.as_db_error().expect("db error");
    (
        db.code().code().to_string(),
        db.message().to_string(),
        db.hint().unwrap_or("").to_string(),
    )
}

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

fn ints(c: &mut postgres::Client, sql: &str) -> Vec<i32> {
    col0(c, sql)
        .iter()
        .map(|s| s.parse().unwrap_or(-1))
        .collect()
}

#[test]
fn views_end_to_end() {
    let mut srv = TestServer::start();
    let mut c = srv.client();
    c.batch_execute(
        "CREATE TABLE t (a int, b text);
         INSERT INTO t VALUES (1, 'one'), (2, 'two'), (3, 'three');
         CREATE TABLE u (a int, c int);
         INSERT INTO u VALUES (1, 10), (3, 30);
         CREATE VIEW v AS SELECT a, b FROM t WHERE a > 1;",
    )
    .unwrap();

    // Select through the view, with WHERE, ORDER BY and a join.
    assert_eq!(ints(&mut c, "SELECT a FROM v ORDER BY a"), vec![2, 3]);
    assert_eq!(ints(&mut c, "SELECT a FROM v WHERE b = 'three'"), vec![3]);
    assert_eq!(
        ints(&mut c, "SELECT u.c FROM v JOIN u ON u.a = v.a ORDER BY 1"),
        vec![30]
    );
    assert_eq!(
        ints(&mut c, "SELECT x FROM v AS w(x) ORDER BY x"),
        vec![2, 3]
    );
    assert_eq!(
        ints(&mut c, "SELECT public.v.a FROM public.v ORDER BY 1"),
        vec![2, 3]
    );
    assert_eq!(col0(&mut c, "SELECT b FROM v WHERE a = 2"), vec!["two"]);

    // Column names list, nested views, the catalog rows.
    c.batch_execute("CREATE VIEW v2 (x, y) AS SELECT a * 10, b FROM v")
        .unwrap();
    assert_eq!(ints(&mut c, "SELECT x FROM v2 ORDER BY x"), vec![20, 30]);
    assert_eq!(
        col0(&mut c, "SELECT relkind FROM pg_class WHERE relname = 'v2'"),
        vec!["v"]
    );
    assert_eq!(
        col0(
            &mut c,
            "SELECT count(*) FROM pg_rewrite r \
             WHERE r.ev_class = (SELECT oid FROM pg_class WHERE relname = 'v') \
             AND r.rulename = '_RETURN' AND r.ev_type = '1'",
        ),
        vec!["1"]
    );
    // The base table's new rows show through.
    c.batch_execute("INSERT INTO t VALUES (4, 'four')").unwrap();
    assert_eq!(
        ints(&mut c, "SELECT x FROM v2 ORDER BY x"),
        vec![20, 30, 40]
    );

    // Errors.
    assert_eq!(
        err(&mut c, "CREATE VIEW v AS SELECT 1"),
        (
            "42P07".into(),
            "relation \"v\" already exists".into(),
            String::new()
        )
    );
    assert_eq!(
        err(&mut c, "DROP VIEW t"),
        (
            "42809".into(),
            "\"t\" is not a view".into(),
            "Use DROP TABLE to remove a table.".into()
        )
    );
    assert_eq!(
        err(&mut c, "DROP TABLE v"),
        (
            "42809".into(),
            "\"v\" is not a table".into(),
            "Use DROP VIEW to remove a view.".into()
        )
    );
    assert_eq!(
        err(&mut c, "DROP VIEW nosuch"),
        (
            "42P01".into(),
            "view \"nosuch\" does not exist".into(),
            String::new()
        )
    );
    assert_eq!(
        err(&mut c, "CREATE OR REPLACE VIEW v AS SELECT a FROM t"),
        (
            "42P16".into(),
            "cannot drop columns from view".into(),
            String::new()
        )
    );
    assert_eq!(
        err(
            &mut c,
            "CREATE OR REPLACE VIEW v AS SELECT a, b AS z FROM t"
        ),
        (
            "42P16".into(),
            "cannot change name of view column \"b\" to \"z\"".into(),
            String::new()
        )
    );
    assert_eq!(
        err(&mut c, "CREATE OR REPLACE VIEW t AS SELECT 1"),
        ("42809".into(), "\"t\" is not a view".into(), String::new())
    );
    assert!(c.batch_execute("INSERT INTO v VALUES (9, 'nine')").is_err());
    assert!(c.batch_execute("DELETE FROM v").is_err());

    // CREATE OR REPLACE: new definition, appended column.
    c.batch_execute("CREATE OR REPLACE VIEW v AS SELECT a, b, a + 100 AS c FROM t WHERE a < 3")
        .unwrap();
    assert_eq!(ints(&mut c, "SELECT c FROM v ORDER BY c"), vec![101, 102]);

    // DROP VIEW IF EXISTS, rollback of CREATE VIEW and of DROP VIEW.
    c.batch_execute("DROP VIEW IF EXISTS nosuch").unwrap();
    c.batch_execute("BEGIN; CREATE VIEW rv AS SELECT 1 AS one; ROLLBACK")
        .unwrap();
    assert_eq!(err(&mut c, "SELECT * FROM rv").0, "42P01");
    c.batch_execute("BEGIN; DROP VIEW v2; ROLLBACK").unwrap();
    assert_eq!(ints(&mut c, "SELECT x FROM v2 ORDER BY x"), vec![10, 20]);

    // ALTER VIEW ... RENAME.
    c.batch_execute("CREATE VIEW tmpv AS SELECT a FROM t; ALTER VIEW tmpv RENAME TO renamed")
        .unwrap();
    assert_eq!(ints(&mut c, "SELECT count(*)::int FROM renamed"), vec![4]);
    c.batch_execute("DROP VIEW renamed").unwrap();
    assert_eq!(err(&mut c, "SELECT * FROM renamed").0, "42P01");

    // Views survive a restart.
    drop(c);
    srv.stop_with(libc::SIGINT);
    srv.launch(&[]);
    let mut c = srv.client();
    assert_eq!(ints(&mut c, "SELECT a FROM v ORDER BY a"), vec![1, 2]);
    assert_eq!(ints(&mut c, "SELECT x FROM v2 ORDER BY x"), vec![10, 20]);
    c.batch_execute("DROP VIEW v2, v").unwrap();
    assert_eq!(err(&mut c, "SELECT * FROM v").0, "42P01");
    assert_eq!(ints(&mut c, "SELECT count(*)::int FROM t"), vec![4]);
}
