//! REINDEX forms, ADD PRIMARY KEY USING INDEX, indexes on system columns, TRUNCATE ...
//! RESTART IDENTITY (rolled back with the transaction), pending deferred foreign-key events
//! blocking ALTER TABLE DROP CONSTRAINT, text pattern operators and the RI trigger functions
//! in pg_proc (expectations from PostgreSQL 10.2).

mod support;

use support::TestServer;

fn rows(c: &mut postgres::Client, sql: &str) -> Vec<Vec<Option<String>>> {
    c.simple_query(sql)
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .iter()
        .filter_map(|m| match m {
            postgres::SimpleQueryMessage::Row(r) => {
                Some((0..r.len()).map(|i| r.get(i).map(str::to_string)).collect())
            }
            _ => None,
        })
        .collect()
}

fn err(c: &mut postgres::Client, sql: &str) -> (String, String) {
    let e = c.batch_execute(sql).expect_err(sql);
    let d = e.as_db_error().cloned().expect("database error");
    (d.code().code().to_string(), d.message().to_string())
}

fn one(c: &mut postgres::Client, sql: &str) -> String {
    rows(c, sql)[0][0].clone().unwrap_or_default()
}

#[test]
fn reindex_forms_and_errors() {
    let s = TestServer::start();
    let mut c = s.client();
    c.batch_execute(
        "CREATE TABLE r1 (id int PRIMARY KEY, v text);
         CREATE INDEX r1_v ON r1 (v);
         INSERT INTO r1 SELECT g, 'v' || g FROM generate_series(1, 500) g;",
    )
    .unwrap();
    let before = one(
        &mut c,
        "SELECT relfilenode FROM pg_class WHERE relname = 'r1_pkey'",
    );
    c.batch_execute("REINDEX TABLE r1").unwrap();
    let after = one(
        &mut c,
        "SELECT relfilenode FROM pg_class WHERE relname = 'r1_pkey'",
    );
    assert_ne!(before, after);
    c.batch_execute("REINDEX INDEX r1_v; REINDEX (VERBOSE) TABLE r1; REINDEX SCHEMA public")
        .unwrap();
    c.batch_execute("SET enable_seqscan = off").unwrap();
    assert_eq!(one(&mut c, "SELECT v FROM r1 WHERE id = 321"), "v321");
    assert_eq!(
        err(&mut c, "REINDEX SCHEMA nosuch"),
        ("3F000".into(), "schema \"nosuch\" does not exist".into())
    );
    assert_eq!(
        err(&mut c, "REINDEX INDEX r1"),
        ("42809".into(), "\"r1\" is not an index".into())
    );
    assert_eq!(
        err(&mut c, "REINDEX DATABASE otherdb"),
        (
            "0A000".into(),
            "can only reindex the currently open database".into()
        )
    );
    c.batch_execute("BEGIN").unwrap();
    assert_eq!(
        err(&mut c, "REINDEX SCHEMA public"),
        (
            "25001".into(),
            "REINDEX SCHEMA cannot run inside a transaction block".into()
        )
    );
    c.batch_execute("ROLLBACK").unwrap();
    // A failed rebuild (duplicates) leaves the old index usable.
    c.batch_execute(
        "CREATE TABLE r2 (a int); INSERT INTO r2 VALUES (1), (2);
         CREATE UNIQUE INDEX r2_a ON r2 (a);",
    )
    .unwrap();
    c.batch_execute("REINDEX TABLE r2").unwrap();
    assert_eq!(one(&mut c, "SELECT count(*) FROM r2 WHERE a = 2"), "1");
}

#[test]
fn primary_key_using_index() {
    let s = TestServer::start();
    let mut c = s.client();
    c.batch_execute(
        "CREATE TABLE cwi (a int, b varchar(10), c char);
         INSERT INTO cwi VALUES (1, 2), (3, 4);
         CREATE UNIQUE INDEX cwi_uniq_idx ON cwi (a, b);
         ALTER TABLE cwi ADD PRIMARY KEY USING INDEX cwi_uniq_idx;",
    )
    .unwrap();
    let r = rows(
        &mut c,
        "SELECT i.indisprimary::text, co.contype::text FROM pg_index i
           JOIN pg_constraint co ON co.conindid = i.indexrelid
          WHERE i.indexrelid = 'cwi_uniq_idx'::regclass",
    );
    assert_eq!(r, vec![vec![Some("true".into()), Some("p".into())]]);
    assert_eq!(
        one(
            &mut c,
            "SELECT attnotnull::text FROM pg_attribute WHERE attrelid = 'cwi'::regclass AND attname = 'b'"
        ),
        "true"
    );
    c.batch_execute(
        "CREATE UNIQUE INDEX cwi_uniq2_idx ON cwi (b, a);
         ALTER TABLE cwi DROP CONSTRAINT cwi_uniq_idx,
           ADD CONSTRAINT cwi_replaced_pkey PRIMARY KEY USING INDEX cwi_uniq2_idx;",
    )
    .unwrap();
    assert_eq!(
        one(
            &mut c,
            "SELECT count(*) FROM pg_class WHERE relname = 'cwi_replaced_pkey'"
        ),
        "1"
    );
    assert_eq!(
        err(&mut c, "DROP INDEX cwi_replaced_pkey").1,
        "cannot drop index cwi_replaced_pkey because constraint cwi_replaced_pkey on table cwi requires it"
    );
    c.batch_execute("CREATE INDEX cwi_plain ON cwi (c)")
        .unwrap();
    assert_eq!(
        err(&mut c, "ALTER TABLE cwi ADD UNIQUE USING INDEX cwi_plain"),
        ("42809".into(), "\"cwi_plain\" is not a unique index".into())
    );
    assert_eq!(
        err(&mut c, "ALTER TABLE cwi ADD UNIQUE USING INDEX nosuch"),
        ("42704".into(), "index \"nosuch\" does not exist".into())
    );
}

#[test]
fn system_columns_and_oid_columns() {
    let s = TestServer::start();
    let mut c = s.client();
    c.batch_execute("CREATE TABLE sc (a int)").unwrap();
    let msg = "index creation on system columns is not supported".to_string();
    assert_eq!(
        err(&mut c, "CREATE INDEX ON sc (ctid)"),
        ("0A000".into(), msg.clone())
    );
    assert_eq!(
        err(&mut c, "CREATE INDEX ON sc (a) WHERE xmin <> '0'"),
        ("0A000".into(), msg)
    );
    // "oid" is an ordinary column name in a table without OIDs.
    c.batch_execute("CREATE TABLE has_oid_col AS SELECT oid, relname FROM pg_class LIMIT 1")
        .unwrap();
    assert_eq!(
        err(&mut c, "CREATE TABLE bad_oid (oid int) WITH OIDS"),
        (
            "42701".into(),
            "column name \"oid\" conflicts with a system column name".into()
        )
    );
    assert_eq!(
        err(&mut c, "CREATE TABLE bad_ctid (ctid int)").1,
        "column name \"ctid\" conflicts with a system column name"
    );
}

#[test]
fn truncate_restart_identity() {
    let s = TestServer::start();
    let mut c = s.client();
    c.batch_execute(
        "CREATE TABLE ta (id serial PRIMARY KEY, v int);
         INSERT INTO ta (v) VALUES (1), (2);
         TRUNCATE ta RESTART IDENTITY;
         INSERT INTO ta (v) VALUES (3);",
    )
    .unwrap();
    assert_eq!(one(&mut c, "SELECT id FROM ta"), "1");
    c.batch_execute(
        "BEGIN; TRUNCATE ta RESTART IDENTITY; INSERT INTO ta (v) VALUES (4); ROLLBACK;
         INSERT INTO ta (v) VALUES (5);",
    )
    .unwrap();
    assert_eq!(one(&mut c, "SELECT max(id) FROM ta"), "2");
    c.batch_execute("TRUNCATE ta; INSERT INTO ta (v) VALUES (6)")
        .unwrap();
    assert_eq!(one(&mut c, "SELECT id FROM ta"), "3");
}

#[test]
fn pending_fk_events_block_drop_constraint() {
    let s = TestServer::start();
    let mut c = s.client();
    c.batch_execute(
        "CREATE TABLE pk2 (f1 int PRIMARY KEY);
         CREATE TABLE fk2 (f1 int REFERENCES pk2 DEFERRABLE INITIALLY DEFERRED);
         INSERT INTO pk2 VALUES (1); INSERT INTO fk2 VALUES (1);",
    )
    .unwrap();
    c.batch_execute("BEGIN; INSERT INTO fk2 VALUES (2)")
        .unwrap();
    assert_eq!(
        err(&mut c, "ALTER TABLE fk2 DROP CONSTRAINT fk2_f1_fkey"),
        (
            "55006".into(),
            "cannot ALTER TABLE \"fk2\" because it has pending trigger events".into()
        )
    );
    c.batch_execute("ROLLBACK; BEGIN; DELETE FROM pk2 WHERE f1 = 1")
        .unwrap();
    assert_eq!(
        err(&mut c, "ALTER TABLE fk2 DROP CONSTRAINT fk2_f1_fkey").1,
        "cannot ALTER TABLE \"pk2\" because it has pending trigger events"
    );
    c.batch_execute("ROLLBACK; ALTER TABLE fk2 DROP CONSTRAINT fk2_f1_fkey")
        .unwrap();
}

#[test]
fn pattern_operators_and_ri_functions() {
    let s = TestServer::start();
    let mut c = s.client();
    assert_eq!(
        rows(
            &mut c,
            "SELECT ('abc' ~<~ 'abd')::text, ('b' ~>=~ 'a')::text, ('ab'::bpchar ~<=~ 'ab  '::bpchar)::text"
        ),
        vec![vec![
            Some("true".into()),
            Some("true".into()),
            Some("true".into())
        ]]
    );
    let r = rows(
        &mut c,
        r"SELECT proname FROM pg_proc WHERE proname LIKE E'RI\\_FKey%del' ORDER BY 1",
    );
    let names: Vec<String> = r.into_iter().filter_map(|mut v| v.remove(0)).collect();
    assert_eq!(
        names,
        [
            "RI_FKey_cascade_del",
            "RI_FKey_noaction_del",
            "RI_FKey_restrict_del",
            "RI_FKey_setdefault_del",
            "RI_FKey_setnull_del"
        ]
    );
}
