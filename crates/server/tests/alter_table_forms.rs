//! ALTER TABLE forms end to end: ALTER COLUMN TYPE (table rewrite, USING, several columns in
//! one statement, indexes rebuilt, defaults and CHECK constraints re-checked, foreign key type
//! compatibility, rollback), RENAME CONSTRAINT, ALTER CONSTRAINT deferrability, SET
//! STATISTICS / STORAGE, CLUSTER ON, SET LOGGED / UNLOGGED, SET SCHEMA, and CREATE TABLE
//! ... (LIKE ...) with its INCLUDING options; errors as PostgreSQL 10 words them.

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

/// (SQLSTATE, message, hint or detail) of the error `sql` raises.
fn err(c: &mut postgres::Client, sql: &str) -> (String, String, String) {
    let e = c.batch_execute(sql).expect_err(sql);
    let db = e.as_db_error().expect("server error");
    (
        db.code().code().to_string(),
        db.message().to_string(),
        db.hint().or(db.detail()).unwrap_or("").to_string(),
    )
}

#[test]
fn alter_column_type() {
    let s = TestServer::start();
    let mut c = s.client();
    c.batch_execute(
        "CREATE TABLE anothertab (atcol1 serial8, atcol2 boolean, \
           CONSTRAINT anothertab_chk CHECK (atcol1 <= 3)); \
         INSERT INTO anothertab (atcol2) VALUES (true), (false);",
    )
    .unwrap();
    assert_eq!(
        err(
            &mut c,
            "ALTER TABLE anothertab ALTER COLUMN atcol1 TYPE boolean"
        ),
        (
            "42804".into(),
            "column \"atcol1\" cannot be cast automatically to type boolean".into(),
            "You might need to specify \"USING atcol1::boolean\".".into()
        )
    );
    assert_eq!(
        err(
            &mut c,
            "ALTER TABLE anothertab ALTER COLUMN atcol1 TYPE boolean USING atcol1::int"
        ),
        (
            "42804".into(),
            "result of USING clause for column \"atcol1\" cannot be cast automatically to type boolean"
                .into(),
            "You might need to add an explicit cast.".into()
        )
    );
    c.batch_execute("ALTER TABLE anothertab ALTER COLUMN atcol1 TYPE integer")
        .unwrap();
    assert_eq!(
        col(
            &mut c,
            "SELECT format_type(atttypid, atttypmod) FROM pg_attribute \
             WHERE attrelid = 'anothertab'::regclass AND attnum = 1"
        ),
        ["integer"]
    );
    // The CHECK constraint still holds on the new type.
    assert_eq!(
        err(&mut c, "INSERT INTO anothertab VALUES (45, null)").0,
        "23514"
    );
    c.batch_execute(
        "ALTER TABLE anothertab ALTER COLUMN atcol2 TYPE text USING \
           CASE WHEN atcol2 IS TRUE THEN 'IT WAS TRUE' WHEN atcol2 IS FALSE THEN 'IT WAS FALSE' \
           ELSE 'IT WAS NULL!' END",
    )
    .unwrap();
    assert_eq!(
        col(&mut c, "SELECT atcol2 FROM anothertab ORDER BY atcol1"),
        ["IT WAS TRUE", "IT WAS FALSE"]
    );
    let using_bool = "ALTER TABLE anothertab ALTER COLUMN atcol1 TYPE boolean \
                      USING CASE WHEN atcol1 % 2 = 0 THEN true ELSE false END";
    assert_eq!(
        err(&mut c, using_bool).1,
        "default for column \"atcol1\" cannot be cast automatically to type boolean"
    );
    c.batch_execute("ALTER TABLE anothertab ALTER COLUMN atcol1 DROP DEFAULT")
        .unwrap();
    assert_eq!(
        err(&mut c, using_bool).1,
        "operator does not exist: boolean <= integer"
    );
    c.batch_execute("ALTER TABLE anothertab DROP CONSTRAINT anothertab_chk")
        .unwrap();
    c.batch_execute(using_bool).unwrap();
    assert_eq!(
        col(
            &mut c,
            "SELECT atcol1::text FROM anothertab ORDER BY atcol2 DESC"
        ),
        ["false", "true"]
    );

    // Several columns in one statement, USING reading the old row; the index is rebuilt.
    c.batch_execute(
        "CREATE TABLE another (f1 int PRIMARY KEY, f2 text); \
         INSERT INTO another VALUES (1, 'one'), (2, 'two'), (3, 'three'); \
         ALTER TABLE another ALTER f1 TYPE text USING f2 || ' more', \
                             ALTER f2 TYPE bigint USING f1 * 10;",
    )
    .unwrap();
    assert_eq!(
        col(&mut c, "SELECT f1 || '|' || f2 FROM another ORDER BY f2"),
        ["one more|10", "two more|20", "three more|30"]
    );
    c.batch_execute("SET enable_seqscan = off").unwrap();
    assert_eq!(
        col(&mut c, "SELECT f2::text FROM another WHERE f1 = 'two more'"),
        ["20"]
    );
    c.batch_execute("RESET enable_seqscan").unwrap();
    assert_eq!(
        err(&mut c, "INSERT INTO another VALUES ('one more', 1)").0,
        "23505"
    );
    // Rolled back: the old type and rows come back.
    c.batch_execute("BEGIN; ALTER TABLE another ALTER f2 TYPE int; ROLLBACK")
        .unwrap();
    assert_eq!(
        col(
            &mut c,
            "SELECT format_type(atttypid, atttypmod) FROM pg_attribute \
             WHERE attrelid = 'another'::regclass AND attname = 'f2'"
        ),
        ["bigint"]
    );
    assert_eq!(col(&mut c, "SELECT count(*) FROM another"), ["3"]);
    // Conversion errors and NOT NULL violations abort the statement.
    c.batch_execute("CREATE TABLE conv (a text NOT NULL); INSERT INTO conv VALUES ('1'), ('x')")
        .unwrap();
    assert_eq!(
        err(&mut c, "ALTER TABLE conv ALTER a TYPE int USING a::int").1,
        "invalid input syntax for integer: \"x\""
    );
    assert_eq!(
        err(&mut c, "ALTER TABLE conv ALTER a TYPE int USING NULL").1,
        "column \"a\" contains null values"
    );
    // varchar(n) assignment checks the length.
    c.batch_execute("INSERT INTO conv VALUES ('long')").unwrap();
    assert_eq!(
        err(&mut c, "ALTER TABLE conv ALTER a TYPE varchar(2)").1,
        "value too long for type character varying(2)"
    );
    c.batch_execute("DELETE FROM conv WHERE a = 'long'")
        .unwrap();
    c.batch_execute("DELETE FROM conv WHERE a = 'x'; ALTER TABLE conv ALTER a TYPE varchar(1)")
        .unwrap();
    assert_eq!(
        err(&mut c, "INSERT INTO conv VALUES ('ab')").1,
        "value too long for type character varying(1)"
    );
    // A table's row type used elsewhere.
    c.batch_execute("CREATE TABLE tab1 (a int, b text); CREATE TABLE tab2 (x int, y tab1)")
        .unwrap();
    assert_eq!(
        err(&mut c, "ALTER TABLE tab1 ALTER COLUMN b TYPE varchar").1,
        "cannot alter table \"tab1\" because column \"tab2.y\" uses its row type"
    );
    assert_eq!(
        err(&mut c, "ALTER TABLE tab1 ADD COLUMN c tab1").1,
        "composite type tab1 cannot be made a member of itself"
    );
    // Foreign keys: compatible types stay, incompatible ones are refused.
    c.batch_execute(
        "CREATE TABLE pk (id int PRIMARY KEY); ALTER TABLE pk ALTER id TYPE text; \
         CREATE TABLE fk (id text REFERENCES pk); ALTER TABLE pk ALTER id TYPE varchar;",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let e = err(&mut c, "ALTER TABLE pk ALTER id TYPE int USING id::integer");
    assert_eq!(
        (e.0.as_str(), e.1.as_str(), e.2.as_str()),
        (
            "42804",
            "foreign key constraint \"fk_id_fkey\" cannot be implemented",
            "Key columns \"id\" and \"id\" are of incompatible types: text and integer."
        )
    );
    c.batch_execute("INSERT INTO pk VALUES ('k'); INSERT INTO fk VALUES ('k')")
        .unwrap();
    assert_eq!(err(&mut c, "INSERT INTO fk VALUES ('z')").0, "23503");
}

#[test]
fn smaller_subcommands() {
    let s = TestServer::start();
    let mut c = s.client();
    c.batch_execute(
        "CREATE TABLE onek (unique1 int, b text); \
         ALTER TABLE onek ADD CONSTRAINT onek_check_constraint CHECK (unique1 >= 0); \
         ALTER TABLE onek RENAME CONSTRAINT onek_check_constraint TO onek_check_constraint_foo; \
         ALTER TABLE onek ADD CONSTRAINT onek_unique1_constraint UNIQUE (unique1); \
         ALTER TABLE onek RENAME CONSTRAINT onek_unique1_constraint TO onek_unique1_constraint_foo;",
    )
    .unwrap();
    assert_eq!(
        col(
            &mut c,
            "SELECT conname FROM pg_constraint WHERE conrelid = 'onek'::regclass ORDER BY 1"
        ),
        ["onek_check_constraint_foo", "onek_unique1_constraint_foo"]
    );
    assert_eq!(
        col(
            &mut c,
            "SELECT indexrelid::regclass::text FROM pg_index WHERE indrelid = 'onek'::regclass"
        ),
        ["onek_unique1_constraint_foo"]
    );
    assert_eq!(
        err(&mut c, "ALTER TABLE onek RENAME CONSTRAINT nope TO x").1,
        "constraint \"nope\" for table \"onek\" does not exist"
    );
    // SET STATISTICS / STORAGE.
    c.batch_execute(
        "ALTER TABLE onek ALTER COLUMN b SET STATISTICS 150; \
         ALTER TABLE onek ALTER b SET STORAGE main;",
    )
    .unwrap();
    assert_eq!(
        col(
            &mut c,
            "SELECT attstattarget || attstorage::text FROM pg_attribute \
             WHERE attrelid = 'onek'::regclass AND attname = 'b'"
        ),
        ["150m"]
    );
    assert_eq!(
        err(
            &mut c,
            "ALTER TABLE onek ALTER unique1 SET STORAGE external"
        )
        .1,
        "column data type integer can only have storage PLAIN"
    );
    assert_eq!(
        err(&mut c, "ALTER TABLE onek ALTER b SET STATISTICS -5").1,
        "statistics target -5 is too low"
    );
    assert_eq!(
        err(&mut c, "ALTER TABLE onek ALTER oid SET NOT NULL").1,
        "cannot alter system column \"oid\""
    );
    assert_eq!(
        err(&mut c, "ALTER TABLE onek ADD COLUMN xmin int").1,
        "column name \"xmin\" conflicts with a system column name"
    );
    // CLUSTER ON / SET WITHOUT CLUSTER.
    c.batch_execute("ALTER TABLE onek CLUSTER ON onek_unique1_constraint_foo")
        .unwrap();
    assert_eq!(
        col(
            &mut c,
            "SELECT indisclustered::text FROM pg_index WHERE indrelid = 'onek'::regclass"
        ),
        ["true"]
    );
    c.batch_execute("ALTER TABLE onek SET WITHOUT CLUSTER")
        .unwrap();
    assert_eq!(
        col(
            &mut c,
            "SELECT indisclustered::text FROM pg_index WHERE indrelid = 'onek'::regclass"
        ),
        ["false"]
    );
    assert_eq!(
        err(&mut c, "ALTER TABLE onek CLUSTER ON nope").1,
        "index \"nope\" for table \"onek\" does not exist"
    );
    // DROP NOT NULL on a primary key column.
    c.batch_execute("CREATE TABLE pkt (test int PRIMARY KEY)")
        .unwrap();
    assert_eq!(
        err(&mut c, "ALTER TABLE pkt ALTER COLUMN test DROP NOT NULL").1,
        "column \"test\" is in a primary key"
    );
    // SET DEFAULT checks the value.
    assert_eq!(
        err(
            &mut c,
            "ALTER TABLE pkt ALTER COLUMN test SET DEFAULT 'wrong_datatype'"
        )
        .1,
        "invalid input syntax for integer: \"wrong_datatype\""
    );
    // ALTER CONSTRAINT deferrability (foreign keys only).
    c.batch_execute(
        "CREATE TABLE fkt (f int); \
         ALTER TABLE fkt ADD CONSTRAINT fkd FOREIGN KEY (f) REFERENCES pkt; \
         ALTER TABLE fkt ALTER CONSTRAINT fkd DEFERRABLE INITIALLY DEFERRED;",
    )
    .unwrap();
    assert_eq!(
        col(&mut c, "SELECT condeferrable::text || condeferred::text FROM pg_constraint WHERE conname = 'fkd'"),
        ["truetrue"]
    );
    // Deferred now: the violation shows at COMMIT.
    c.batch_execute("BEGIN; INSERT INTO fkt VALUES (7)")
        .unwrap();
    assert_eq!(err(&mut c, "COMMIT").0, "23503");
    assert_eq!(
        err(
            &mut c,
            "ALTER TABLE pkt ALTER CONSTRAINT pkt_pkey NOT DEFERRABLE"
        )
        .1,
        "constraint \"pkt_pkey\" of relation \"pkt\" is not a foreign key constraint"
    );
    // SET LOGGED / UNLOGGED.
    c.batch_execute("ALTER TABLE onek SET UNLOGGED").unwrap();
    assert_eq!(
        col(
            &mut c,
            "SELECT relpersistence::text FROM pg_class WHERE relname LIKE 'onek%' ORDER BY relname"
        ),
        ["u", "u"]
    );
    assert_eq!(
        err(&mut c, "ALTER TABLE pkt SET UNLOGGED").1,
        "could not change table \"pkt\" to unlogged because it references logged table \"fkt\""
    );
    // SET SCHEMA.
    c.batch_execute(
        "CREATE SCHEMA alter2; ALTER TABLE onek SET SCHEMA alter2; \
         INSERT INTO alter2.onek VALUES (5, 'x');",
    )
    .unwrap();
    assert_eq!(col(&mut c, "SELECT b FROM alter2.onek"), ["x"]);
    assert_eq!(
        col(
            &mut c,
            "SELECT count(*) FROM pg_class WHERE relnamespace = 'alter2'::regnamespace"
        ),
        ["2"]
    );
}

#[test]
fn create_table_like() {
    let s = TestServer::start();
    let mut c = s.client();
    c.batch_execute(
        "CREATE TABLE inhx (xx text DEFAULT 'text'); \
         CREATE TABLE inhf (LIKE inhx INCLUDING DEFAULTS INCLUDING CONSTRAINTS); \
         INSERT INTO inhf DEFAULT VALUES;",
    )
    .unwrap();
    assert_eq!(col(&mut c, "SELECT xx FROM inhf"), ["text"]);
    assert_eq!(
        err(&mut c, "CREATE TABLE inhf2 (LIKE inhx, LIKE inhx)").1,
        "column \"xx\" specified more than once"
    );
    assert_eq!(
        err(&mut c, "CREATE TABLE foo (LIKE nonexistent)").1,
        "relation \"nonexistent\" does not exist"
    );
    c.batch_execute(
        "ALTER TABLE inhx ADD CONSTRAINT foo CHECK (xx = 'text'); \
         ALTER TABLE inhx ADD PRIMARY KEY (xx); \
         CREATE TABLE inhg (LIKE inhx); INSERT INTO inhg VALUES ('foo'); DROP TABLE inhg; \
         CREATE TABLE inhg (x text, LIKE inhx INCLUDING CONSTRAINTS, y text); \
         INSERT INTO inhg VALUES ('x', 'text', 'y'), ('x', 'text', 'y');",
    )
    .unwrap();
    assert_eq!(
        err(&mut c, "INSERT INTO inhg VALUES ('x', 'foo', 'y')").1,
        "new row for relation \"inhg\" violates check constraint \"foo\""
    );
    c.batch_execute(
        "DROP TABLE inhg; CREATE TABLE inhg (x text, LIKE inhx INCLUDING INDEXES, y text); \
         INSERT INTO inhg VALUES (5, 10);",
    )
    .unwrap();
    assert_eq!(
        err(&mut c, "INSERT INTO inhg VALUES (20, 10)").1,
        "duplicate key value violates unique constraint \"inhg_pkey\""
    );
    assert_eq!(
        err(
            &mut c,
            "CREATE TABLE inhg2 (x text, LIKE inhx INCLUDING INDEXES, PRIMARY KEY(x))"
        )
        .1,
        "multiple primary keys for table \"inhg2\" are not allowed"
    );
    c.batch_execute(
        "CREATE TABLE ctlt1 (a text CHECK (length(a) > 2) PRIMARY KEY, b text); \
         CREATE INDEX ctlt1_b_key ON ctlt1 (b); \
         CREATE INDEX ctlt1_fnidx ON ctlt1 ((a || b)); \
         COMMENT ON COLUMN ctlt1.a IS 'A'; \
         ALTER TABLE ctlt1 ALTER COLUMN a SET STORAGE MAIN; \
         CREATE TABLE ctlt_all (LIKE ctlt1 INCLUDING ALL);",
    )
    .unwrap();
    assert_eq!(
        col(
            &mut c,
            "SELECT indexrelid::regclass::text FROM pg_index \
             WHERE indrelid = 'ctlt_all'::regclass ORDER BY 1"
        ),
        ["ctlt_all_b_idx", "ctlt_all_expr_idx", "ctlt_all_pkey"]
    );
    assert_eq!(
        col(
            &mut c,
            "SELECT conname FROM pg_constraint WHERE conrelid = 'ctlt_all'::regclass ORDER BY 1"
        ),
        ["ctlt1_a_check", "ctlt_all_pkey"]
    );
    assert_eq!(
        col(&mut c, "SELECT col_description('ctlt_all'::regclass, 1)"),
        ["A"]
    );
    assert_eq!(
        col(
            &mut c,
            "SELECT attstorage::text FROM pg_attribute WHERE attrelid = 'ctlt_all'::regclass AND attnum = 1"
        ),
        ["m"]
    );
    c.batch_execute("CREATE SEQUENCE ctlseq1").unwrap();
    assert_eq!(
        err(&mut c, "CREATE TABLE ctlt10 (LIKE ctlseq1)").1,
        "\"ctlseq1\" is not a table, view, materialized view, composite type, or foreign table"
    );
    c.batch_execute(
        "CREATE TABLE has_oid (x int) WITH OIDS; CREATE TABLE like_test (z int, LIKE has_oid)",
    )
    .unwrap();
    assert_eq!(col(&mut c, "SELECT count(oid) FROM like_test"), ["0"]);
}
