//! Sequences end to end: CREATE/ALTER/DROP SEQUENCE with PostgreSQL's checks, nextval /
//! currval / setval / lastval (session state, non-transactional nextval), serial columns with
//! owned sequences dropped with their table, and sequence state across clean and crash restarts.

mod support;

use support::TestServer;

/// (SQLSTATE, message) of a failed statement.
fn err(c: &mut postgres::Client, sql: &str) -> (String, String) {
    let e = c.batch_execute(sql).expect_err(sql);
    let db = e.as_db_error().expect("db error");
    (db.code().code().to_string(), db.message().to_string())
}

/// Every row of a simple query, all columns as text ("" for NULL).
fn rows(c: &mut postgres::Client, sql: &str) -> Vec<Vec<String>> {
    c.simple_query(sql)
        .expect(sql)
        .into_iter()
        .filter_map(|m| match m {
            postgres::SimpleQueryMessage::Row(r) => Some(
                (0..r.len())
                    .map(|i| r.get(i).unwrap_or("").to_string())
                    .collect(),
            ),
            _ => None,
        })
        .collect()
}

fn one(c: &mut postgres::Client, sql: &str) -> String {
    rows(c, sql)
        .into_iter()
        .next()
        .and_then(|r| r.into_iter().next())
        .unwrap_or_default()
}

#[test]
fn sequence_functions() {
    let srv = TestServer::start();
    let mut c = srv.client();
    c.batch_execute("CREATE SEQUENCE s").unwrap();
    assert_eq!(
        rows(&mut c, "SELECT * FROM s"),
        vec![vec!["1".to_string(), "0".into(), "f".into()]]
    );
    assert_eq!(
        err(&mut c, "SELECT currval('s')"),
        (
            "55000".into(),
            "currval of sequence \"s\" is not yet defined in this session".into()
        )
    );
    assert_eq!(
        err(&mut c, "SELECT lastval()"),
        (
            "55000".into(),
            "lastval is not yet defined in this session".into()
        )
    );
    assert_eq!(
        rows(&mut c, "SELECT nextval('s'), nextval('s'::regclass)"),
        vec![vec!["1".to_string(), "2".into()]]
    );
    assert_eq!(
        rows(&mut c, "SELECT last_value, log_cnt, is_called FROM s"),
        vec![vec!["2".to_string(), "31".into(), "t".into()]]
    );
    assert_eq!(one(&mut c, "SELECT currval('s')"), "2");
    assert_eq!(one(&mut c, "SELECT lastval()"), "2");

    // nextval is not rolled back.
    c.batch_execute("BEGIN").unwrap();
    assert_eq!(one(&mut c, "SELECT nextval('s')"), "3");
    c.batch_execute("ROLLBACK").unwrap();
    assert_eq!(one(&mut c, "SELECT nextval('s')"), "4");

    // setval, with and without is_called.
    assert_eq!(one(&mut c, "SELECT setval('s', 10)"), "10");
    assert_eq!(one(&mut c, "SELECT nextval('s')"), "11");
    assert_eq!(one(&mut c, "SELECT setval('s', 20, false)"), "20");
    assert_eq!(one(&mut c, "SELECT currval('s')"), "11");
    assert_eq!(one(&mut c, "SELECT nextval('s')"), "20");
    assert_eq!(
        err(&mut c, "SELECT setval('s', 0)"),
        (
            "22003".into(),
            "setval: value 0 is out of bounds for sequence \"s\" (1..9223372036854775807)".into()
        )
    );

    // currval state is per session.
    let mut c2 = srv.client();
    assert_eq!(
        err(&mut c2, "SELECT currval('s')").1,
        "currval of sequence \"s\" is not yet defined in this session"
    );
    assert_eq!(one(&mut c2, "SELECT nextval('s')"), "21");
    assert_eq!(one(&mut c, "SELECT currval('s')"), "20");

    // Limits and cycling.
    c.batch_execute("CREATE SEQUENCE small AS smallint MAXVALUE 3 START WITH 2")
        .unwrap();
    assert_eq!(
        rows(&mut c, "SELECT nextval('small'), nextval('small')"),
        vec![vec!["2".to_string(), "3".into()]]
    );
    assert_eq!(
        err(&mut c, "SELECT nextval('small')"),
        (
            "2200H".into(),
            "nextval: reached maximum value of sequence \"small\" (3)".into()
        )
    );
    c.batch_execute("CREATE SEQUENCE big START WITH 9223372036854775807")
        .unwrap();
    assert_eq!(one(&mut c, "SELECT nextval('big')"), "9223372036854775807");
    assert_eq!(
        err(&mut c, "SELECT nextval('big')").1,
        "nextval: reached maximum value of sequence \"big\" (9223372036854775807)"
    );
    c.batch_execute("CREATE SEQUENCE cyc MINVALUE 1 MAXVALUE 2 CYCLE")
        .unwrap();
    assert_eq!(
        rows(
            &mut c,
            "SELECT nextval('cyc'), nextval('cyc'), nextval('cyc')"
        ),
        vec![vec!["1".to_string(), "2".into(), "1".into()]]
    );
    c.batch_execute("CREATE SEQUENCE down INCREMENT BY -1")
        .unwrap();
    assert_eq!(
        rows(&mut c, "SELECT nextval('down'), nextval('down')"),
        vec![vec!["-1".to_string(), "-2".into()]]
    );

    // DISCARD SEQUENCES forgets currval/lastval.
    c.batch_execute("DISCARD SEQUENCES").unwrap();
    assert_eq!(
        err(&mut c, "SELECT lastval()").1,
        "lastval is not yet defined in this session"
    );

    // Missing and wrong-kind relations.
    assert_eq!(
        err(&mut c, "SELECT nextval('nosuch')"),
        ("42P01".into(), "relation \"nosuch\" does not exist".into())
    );
    c.batch_execute("CREATE TABLE plain (a int)").unwrap();
    assert_eq!(
        err(&mut c, "SELECT nextval('plain')"),
        ("42809".into(), "\"plain\" is not a sequence".into())
    );
}

#[test]
fn create_alter_drop_sequence() {
    let srv = TestServer::start();
    let mut c = srv.client();
    assert_eq!(
        err(&mut c, "CREATE SEQUENCE x MINVALUE 10 MAXVALUE 5"),
        (
            "22023".into(),
            "MINVALUE (10) must be less than MAXVALUE (5)".into()
        )
    );
    assert_eq!(
        err(&mut c, "CREATE SEQUENCE x START WITH 0").1,
        "START value (0) cannot be less than MINVALUE (1)"
    );
    assert_eq!(
        err(&mut c, "CREATE SEQUENCE x INCREMENT BY 0").1,
        "INCREMENT must not be zero"
    );
    assert_eq!(
        err(&mut c, "CREATE SEQUENCE x AS smallint MAXVALUE 100000").1,
        "MAXVALUE (100000) is out of range for sequence data type smallint"
    );
    assert_eq!(
        err(&mut c, "CREATE SEQUENCE x AS text").1,
        "sequence type must be smallint, integer, or bigint"
    );
    assert_eq!(
        err(&mut c, "CREATE UNLOGGED SEQUENCE x"),
        (
            "0A000".into(),
            "unlogged sequences are not supported".into()
        )
    );
    c.batch_execute("CREATE SEQUENCE x INCREMENT BY 5 START WITH 3 CACHE 1")
        .unwrap();
    assert_eq!(
        rows(
            &mut c,
            "SELECT seqstart, seqincrement, seqmin, seqmax, seqcache, seqcycle FROM pg_sequence \
             WHERE seqrelid = (SELECT oid FROM pg_class WHERE relname = 'x')"
        ),
        vec![vec![
            "3".to_string(),
            "5".into(),
            "1".into(),
            "9223372036854775807".into(),
            "1".into(),
            "f".into()
        ]]
    );
    assert_eq!(
        one(&mut c, "SELECT relkind FROM pg_class WHERE relname = 'x'"),
        "S"
    );
    // IF NOT EXISTS / duplicates.
    assert_eq!(
        err(&mut c, "CREATE SEQUENCE x"),
        ("42P07".into(), "relation \"x\" already exists".into())
    );
    c.batch_execute("CREATE SEQUENCE IF NOT EXISTS x").unwrap();

    assert_eq!(
        rows(&mut c, "SELECT nextval('x'), nextval('x')"),
        vec![vec!["3".to_string(), "8".into()]]
    );
    c.batch_execute("ALTER SEQUENCE x RESTART WITH 100 INCREMENT BY 1")
        .unwrap();
    assert_eq!(one(&mut c, "SELECT nextval('x')"), "100");
    c.batch_execute("ALTER SEQUENCE x RESTART").unwrap();
    assert_eq!(one(&mut c, "SELECT nextval('x')"), "3");
    assert_eq!(
        err(&mut c, "ALTER SEQUENCE x MAXVALUE 2").1,
        "START value (3) cannot be greater than MAXVALUE (2)"
    );
    assert_eq!(
        err(&mut c, "ALTER SEQUENCE x RESTART WITH 0").1,
        "RESTART value (0) cannot be less than MINVALUE (1)"
    );
    assert_eq!(
        err(&mut c, "ALTER SEQUENCE nosuch RESTART"),
        ("42P01".into(), "relation \"nosuch\" does not exist".into())
    );
    c.batch_execute("ALTER SEQUENCE IF EXISTS nosuch RESTART")
        .unwrap();

    // DROP SEQUENCE.
    c.batch_execute("CREATE TABLE tab (a int)").unwrap();
    assert_eq!(
        err(&mut c, "DROP SEQUENCE tab"),
        ("42809".into(), "\"tab\" is not a sequence".into())
    );
    assert_eq!(
        err(&mut c, "DROP SEQUENCE nosuch"),
        ("42P01".into(), "sequence \"nosuch\" does not exist".into())
    );
    c.batch_execute("DROP SEQUENCE IF EXISTS nosuch").unwrap();
    c.batch_execute("DROP SEQUENCE x").unwrap();
    assert_eq!(one(&mut c, "SELECT count(*) FROM pg_sequence"), "0");
    // Transactional DROP and CREATE.
    c.batch_execute("CREATE SEQUENCE y").unwrap();
    c.batch_execute("BEGIN; DROP SEQUENCE y; ROLLBACK").unwrap();
    assert_eq!(one(&mut c, "SELECT nextval('y')"), "1");
}

#[test]
fn serial_columns() {
    let srv = TestServer::start();
    let mut c = srv.client();
    c.batch_execute("CREATE TABLE t (id serial, b bigserial, s smallserial, x text)")
        .unwrap();
    assert_eq!(
        rows(
            &mut c,
            "SELECT a.attname, a.atttypid, a.attnotnull, d.adsrc FROM pg_attribute a \
             JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum \
             WHERE a.attrelid = (SELECT oid FROM pg_class WHERE relname = 't') ORDER BY a.attnum"
        ),
        vec![
            vec![
                "id".to_string(),
                "23".into(),
                "t".into(),
                "nextval('t_id_seq'::regclass)".into()
            ],
            vec![
                "b".to_string(),
                "20".into(),
                "t".into(),
                "nextval('t_b_seq'::regclass)".into()
            ],
            vec![
                "s".to_string(),
                "21".into(),
                "t".into(),
                "nextval('t_s_seq'::regclass)".into()
            ],
        ]
    );
    assert_eq!(
        one(
            &mut c,
            "SELECT seqmax FROM pg_sequence WHERE seqrelid = \
             (SELECT oid FROM pg_class WHERE relname = 't_s_seq')"
        ),
        "32767"
    );
    c.batch_execute("INSERT INTO t (x) VALUES ('a'), ('b')")
        .unwrap();
    c.batch_execute("BEGIN; INSERT INTO t (x) VALUES ('rolled back'); ROLLBACK")
        .unwrap();
    c.batch_execute("INSERT INTO t (x) VALUES ('c')").unwrap();
    assert_eq!(
        rows(&mut c, "SELECT id, b, s, x FROM t ORDER BY id"),
        vec![
            vec!["1".to_string(), "1".into(), "1".into(), "a".into()],
            vec!["2".to_string(), "2".into(), "2".into(), "b".into()],
            vec!["4".to_string(), "4".into(), "4".into(), "c".into()],
        ]
    );
    assert_eq!(one(&mut c, "SELECT currval('t_id_seq')"), "4");
    assert_eq!(
        one(&mut c, "SELECT pg_get_serial_sequence('T', 'b')"),
        "public.t_b_seq"
    );
    assert_eq!(
        one(&mut c, "SELECT pg_get_serial_sequence('t', 'x') IS NULL"),
        "t"
    );
    assert_eq!(
        err(&mut c, "INSERT INTO t (id, x) VALUES (NULL, 'n')").0,
        "23502"
    );
    // The default blocks DROP SEQUENCE.
    let (code, msg) = err(&mut c, "DROP SEQUENCE t_id_seq");
    assert_eq!(code, "2BP01");
    assert_eq!(
        msg,
        "cannot drop sequence t_id_seq because other objects depend on it"
    );
    // A second table with a clashing sequence name gets a numbered one.
    c.batch_execute("CREATE SEQUENCE u_id_seq; CREATE TABLE u (id serial)")
        .unwrap();
    assert_eq!(
        one(
            &mut c,
            "SELECT adsrc FROM pg_attrdef WHERE adrelid = (SELECT oid FROM pg_class WHERE relname = 'u')"
        ),
        "nextval('u_id_seq1'::regclass)"
    );
    // DROP TABLE drops the owned sequences, not the others.
    c.batch_execute("DROP TABLE t; DROP TABLE u").unwrap();
    assert_eq!(
        rows(
            &mut c,
            "SELECT relname FROM pg_class WHERE relkind = 'S' ORDER BY relname"
        ),
        vec![vec!["u_id_seq".to_string()]]
    );
    // OWNED BY on a plain sequence.
    c.batch_execute("CREATE TABLE w (a int); ALTER SEQUENCE u_id_seq OWNED BY w.a; DROP TABLE w")
        .unwrap();
    assert_eq!(
        one(&mut c, "SELECT count(*) FROM pg_class WHERE relkind = 'S'"),
        "0"
    );
    assert_eq!(
        err(&mut c, "CREATE SEQUENCE z OWNED BY nosuch").1,
        "invalid OWNED BY option"
    );
}

#[test]
fn sequences_survive_restarts() {
    let mut srv = TestServer::start();
    {
        let mut c = srv.client();
        c.batch_execute("CREATE TABLE t (id serial, x int); CREATE SEQUENCE s")
            .unwrap();
        c.batch_execute("INSERT INTO t (x) VALUES (1), (2)")
            .unwrap();
        assert_eq!(one(&mut c, "SELECT nextval('s')"), "1");
        c.batch_execute("ALTER SEQUENCE s RESTART WITH 50").unwrap();
    }
    srv.stop_with(libc::SIGINT);
    srv.launch(&[]);
    {
        let mut c = srv.client();
        assert_eq!(one(&mut c, "SELECT nextval('s')"), "50");
        c.batch_execute("INSERT INTO t (x) VALUES (3)").unwrap();
        assert_eq!(one(&mut c, "SELECT max(id) FROM t"), "3");
    }
    // Crash: values handed out before a committed transaction are not reused.
    {
        let mut c = srv.client();
        assert_eq!(one(&mut c, "SELECT nextval('s')"), "51");
        c.batch_execute("INSERT INTO t (x) VALUES (4)").unwrap();
    }
    srv.stop_with(libc::SIGKILL);
    srv.launch(&[]);
    let mut c = srv.client();
    assert_eq!(one(&mut c, "SELECT nextval('s')"), "52");
    assert_eq!(
        rows(&mut c, "SELECT id FROM t ORDER BY id"),
        vec![
            vec!["1".to_string()],
            vec!["2".into()],
            vec!["3".into()],
            vec!["4".into()]
        ]
    );
    c.batch_execute("INSERT INTO t (x) VALUES (5)").unwrap();
    assert_eq!(one(&mut c, "SELECT max(id) FROM t"), "5");
}
