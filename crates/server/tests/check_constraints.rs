//! CHECK constraints, deferred constraints and SET CONSTRAINTS end to end: naming, enforcement
//! in INSERT / UPDATE / COPY (23514 with PostgreSQL's message, DETAIL and error fields), NULL
//! passing, DDL errors, ALTER TABLE ADD [NOT VALID] / VALIDATE / DROP CONSTRAINT, DROP and
//! RENAME COLUMN, psql's \d "Check constraints:" section, deferrable unique constraints checked
//! at COMMIT, SET CONSTRAINTS ALL / name DEFERRED / IMMEDIATE and its errors.

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

/// (SQLSTATE, message, detail, constraint) of the error `sql` raises.
fn err(c: &mut postgres::Client, sql: &str) -> (String, String, String, String) {
    let e = c.batch_execute(sql).expect_err(sql);
    let db = e.as_db_error().expect("server error");
    (
        db.code().code().to_string(),
        db.message().to_string(),
        db.detail().unwrap_or("").to_string(),
        db.constraint().unwrap_or("").to_string(),
    )
}

#[test]
fn check_constraints_enforced_and_managed() {
    let s = TestServer::start();
    let mut c = s.client();
    c.batch_execute(
        "CREATE TABLE t (a int CHECK (a > 0), b text, c int, \
         CHECK (b <> 'bad' AND c < 10), CONSTRAINT named_ck CHECK (c > -100))",
    )
    .unwrap();
    assert_eq!(
        col(
            &mut c,
            "SELECT conname || ' ' || contype || ' ' || conkey::text FROM pg_constraint \
             WHERE conrelid = 't'::regclass ORDER BY 1"
        ),
        ["named_ck c {3}", "t_a_check c {1}", "t_check c {2,3}"]
    );
    c.batch_execute("INSERT INTO t VALUES (1, 'x', 1)").unwrap();
    // NULL passes.
    c.batch_execute("INSERT INTO t VALUES (NULL, 'x', NULL)")
        .unwrap();
    let e = err(&mut c, "INSERT INTO t VALUES (0, 'x', 1)");
    assert_eq!(e.0, "23514");
    assert_eq!(
        e.1,
        "new row for relation \"t\" violates check constraint \"t_a_check\""
    );
    assert_eq!(e.2, "Failing row contains (0, x, 1).");
    assert_eq!(e.3, "t_a_check");
    let e = err(&mut c, "INSERT INTO t VALUES (2, 'bad', NULL)");
    assert_eq!(e.2, "Failing row contains (2, bad, null).");
    assert_eq!(e.3, "t_check");
    let e = err(&mut c, "UPDATE t SET c = -200 WHERE a = 1");
    assert_eq!(e.3, "named_ck");
    // Checked in name order: both named_ck and t_a_check fail, named_ck is reported.
    let e = err(&mut c, "INSERT INTO t VALUES (-1, 'x', -200)");
    assert_eq!(e.3, "named_ck");
    // INSERT ... SELECT goes through the same path.
    let e = err(&mut c, "INSERT INTO t SELECT -a, b, c FROM t WHERE a = 1");
    assert_eq!(e.3, "t_a_check");

    // DDL errors.
    let e = err(&mut c, "CREATE TABLE bad (a int CHECK (a + 1))");
    assert_eq!(
        (e.0.as_str(), e.1.as_str()),
        (
            "42804",
            "argument of CHECK must be type boolean, not type integer"
        )
    );
    let e = err(&mut c, "CREATE TABLE bad (a int CHECK (a > (SELECT 1)))");
    assert_eq!(
        (e.0.as_str(), e.1.as_str()),
        ("0A000", "cannot use subquery in check constraint")
    );
    let e = err(&mut c, "CREATE TABLE bad (a int CHECK (sum(a) > 0))");
    assert_eq!(
        (e.0.as_str(), e.1.as_str()),
        (
            "42803",
            "aggregate functions are not allowed in check constraints"
        )
    );
    let e = err(
        &mut c,
        "CREATE TABLE bad (a int, CHECK (ctid::text <> 'x'))",
    );
    assert_eq!(
        (e.0.as_str(), e.1.as_str()),
        (
            "42P10",
            "system column \"ctid\" reference in check constraint is invalid"
        )
    );
    // tableoid is allowed.
    c.batch_execute(
        "CREATE TABLE sys_t (x bool, CHECK (NOT (x AND tableoid::regclass::text = 'sys_t')))",
    )
    .unwrap();
    c.batch_execute("INSERT INTO sys_t VALUES (false)").unwrap();
    assert_eq!(err(&mut c, "INSERT INTO sys_t VALUES (true)").0, "23514");

    // ALTER TABLE ADD / NOT VALID / VALIDATE / DROP.
    c.batch_execute("ALTER TABLE t ADD CONSTRAINT ck2 CHECK (a < 100)")
        .unwrap();
    let e = err(&mut c, "ALTER TABLE t ADD CHECK (a < 0)");
    assert_eq!(
        (e.0.as_str(), e.1.as_str()),
        (
            "23514",
            "check constraint \"t_a_check1\" is violated by some row"
        )
    );
    c.batch_execute("ALTER TABLE t ADD CHECK (a < 0) NOT VALID")
        .unwrap();
    assert_eq!(
        col(
            &mut c,
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 't_a_check1'"
        ),
        ["CHECK ((a < 0)) NOT VALID"]
    );
    assert_eq!(
        err(&mut c, "INSERT INTO t VALUES (5, 'y', 1)").3,
        "t_a_check1"
    );
    let e = err(&mut c, "ALTER TABLE t VALIDATE CONSTRAINT t_a_check1");
    assert_eq!(
        e.1,
        "check constraint \"t_a_check1\" is violated by some row"
    );
    c.batch_execute("DELETE FROM t WHERE a IS NOT NULL")
        .unwrap();
    c.batch_execute("ALTER TABLE t VALIDATE CONSTRAINT t_a_check1")
        .unwrap();
    assert_eq!(
        col(
            &mut c,
            "SELECT convalidated::text FROM pg_constraint WHERE conname = 't_a_check1'"
        ),
        ["true"]
    );
    c.batch_execute("ALTER TABLE t DROP CONSTRAINT t_a_check1")
        .unwrap();
    let e = err(&mut c, "ALTER TABLE t DROP CONSTRAINT nope");
    assert_eq!(
        (e.0.as_str(), e.1.as_str()),
        (
            "42704",
            "constraint \"nope\" of relation \"t\" does not exist"
        )
    );
    let e = err(&mut c, "ALTER TABLE t ADD CONSTRAINT ck2 CHECK (a < 5)");
    assert_eq!(
        (e.0.as_str(), e.1.as_str()),
        (
            "42710",
            "constraint \"ck2\" for relation \"t\" already exists"
        )
    );

    // psql \d.
    let (ok, out, _) = s.psql("\\d t");
    assert!(ok);
    assert!(
        out.contains(
            "Check constraints:\n    \"ck2\" CHECK (a < 100)\n    \"named_ck\" CHECK (c > -100)\n    \"t_a_check\" CHECK (a > 0)\n    \"t_check\" CHECK (b <> 'bad'::text AND c < 10)\n"
        ),
        "{out}"
    );

    // RENAME COLUMN keeps the checks working; DROP COLUMN drops the checks using it.
    c.batch_execute("ALTER TABLE t RENAME COLUMN a TO aa")
        .unwrap();
    assert_eq!(
        err(&mut c, "INSERT INTO t VALUES (-5, 'y', 1)").3,
        "t_a_check"
    );
    assert_eq!(
        col(
            &mut c,
            "SELECT pg_get_constraintdef(oid, true) FROM pg_constraint WHERE conname = 't_a_check'"
        ),
        ["CHECK (aa > 0)"]
    );
    c.batch_execute("ALTER TABLE t DROP COLUMN c").unwrap();
    assert_eq!(
        col(
            &mut c,
            "SELECT conname FROM pg_constraint WHERE conrelid = 't'::regclass ORDER BY 1"
        ),
        ["ck2", "t_a_check"]
    );
    assert_eq!(
        col(
            &mut c,
            "SELECT relchecks::text FROM pg_class WHERE relname = 't'"
        ),
        ["2"]
    );

    // Name collisions get numeric suffixes.
    c.batch_execute("CREATE TABLE n (a int CHECK (a > 0), CHECK (a < 10), CHECK (a <> 5))")
        .unwrap();
    assert_eq!(
        col(
            &mut c,
            "SELECT conname FROM pg_constraint WHERE conrelid = 'n'::regclass ORDER BY 1"
        ),
        ["n_a_check", "n_a_check1", "n_a_check2"]
    );
    // ADD COLUMN with a column CHECK; existing rows are validated.
    c.batch_execute("INSERT INTO n VALUES (1)").unwrap();
    c.batch_execute("ALTER TABLE n ADD COLUMN d int CHECK (d > 0)")
        .unwrap();
    assert_eq!(err(&mut c, "INSERT INTO n VALUES (1, 0)").3, "n_d_check");
    let e = err(
        &mut c,
        "ALTER TABLE n ADD COLUMN e int DEFAULT 0 CHECK (e > 0)",
    );
    assert_eq!(
        e.1,
        "check constraint \"n_e_check\" is violated by some row"
    );
}

#[test]
fn copy_from_checks_rows() {
    let s = TestServer::start();
    let mut c = s.client();
    c.batch_execute("CREATE TABLE cp (a int CHECK (a > 0), b text)")
        .unwrap();
    let mut w = c.copy_in("COPY cp FROM STDIN").unwrap();
    std::io::Write::write_all(&mut w, b"1\tx\n\\N\ty\n").unwrap();
    w.finish().unwrap();
    let mut w = c.copy_in("COPY cp FROM STDIN").unwrap();
    std::io::Write::write_all(&mut w, b"2\tx\n-3\ty\n").unwrap();
    let e = w.finish().expect_err("check violation");
    let db = e.as_db_error().expect("server error");
    assert_eq!(db.code().code(), "23514");
    assert_eq!(
        db.message(),
        "new row for relation \"cp\" violates check constraint \"cp_a_check\""
    );
    assert_eq!(db.detail(), Some("Failing row contains (-3, y)."));
    assert_eq!(db.where_(), Some("COPY cp, line 2: \"-3\ty\""));
    assert_eq!(col(&mut c, "SELECT count(*) FROM cp"), ["2"]);
}

#[test]
fn deferred_unique_and_set_constraints() {
    let s = TestServer::start();
    let mut c = s.client();
    c.batch_execute(
        "CREATE TABLE u (i int UNIQUE DEFERRABLE, t text); \
         INSERT INTO u VALUES (1, 'a'), (2, 'b'); \
         UPDATE u SET i = i + 1",
    )
    .unwrap();
    // Deferred: the duplicate is only reported at COMMIT, which rolls back.
    c.batch_execute("BEGIN; SET CONSTRAINTS u_i_key DEFERRED; INSERT INTO u VALUES (2, 'dup')")
        .unwrap();
    let e = err(&mut c, "COMMIT");
    assert_eq!(e.0, "23505");
    assert_eq!(
        e.1,
        "duplicate key value violates unique constraint \"u_i_key\""
    );
    assert_eq!(e.2, "Key (i)=(2) already exists.");
    assert_eq!(col(&mut c, "SELECT count(*) FROM u"), ["2"]);
    // Fixed before COMMIT: succeeds.
    c.batch_execute(
        "BEGIN; SET CONSTRAINTS ALL DEFERRED; INSERT INTO u VALUES (2, 'dup'); \
         DELETE FROM u WHERE t = 'dup'; COMMIT",
    )
    .unwrap();
    // Not deferred: checked at statement end.
    let e = err(&mut c, "BEGIN; INSERT INTO u VALUES (2, 'dup')");
    assert_eq!(e.0, "23505");
    c.batch_execute("ROLLBACK").unwrap();

    // INITIALLY DEFERRED; SET CONSTRAINTS ... IMMEDIATE runs the pending checks now.
    c.batch_execute("CREATE TABLE ud (i int UNIQUE DEFERRABLE INITIALLY DEFERRED)")
        .unwrap();
    c.batch_execute("BEGIN; INSERT INTO ud VALUES (1), (1)")
        .unwrap();
    let e = err(&mut c, "SET CONSTRAINTS ALL IMMEDIATE");
    assert_eq!(e.0, "23505");
    c.batch_execute("ROLLBACK").unwrap();
    c.batch_execute("BEGIN; INSERT INTO ud VALUES (1), (1)")
        .unwrap();
    let e = err(&mut c, "SET CONSTRAINTS ud_i_key IMMEDIATE");
    assert_eq!(
        e.1,
        "duplicate key value violates unique constraint \"ud_i_key\""
    );
    c.batch_execute("ROLLBACK").unwrap();
    // Implicit transaction: checked at its commit.
    let e = err(&mut c, "INSERT INTO ud VALUES (3), (3)");
    assert_eq!(e.0, "23505");
    // ROLLBACK TO SAVEPOINT drops the checks queued after it.
    c.batch_execute(
        "BEGIN; SAVEPOINT s; INSERT INTO ud VALUES (5), (5); ROLLBACK TO s; \
         INSERT INTO ud VALUES (6); COMMIT",
    )
    .unwrap();
    assert_eq!(col(&mut c, "SELECT i FROM ud"), ["6"]);

    // SET CONSTRAINTS errors.
    c.batch_execute("CREATE TABLE ck (a int CONSTRAINT ck_pos CHECK (a > 0))")
        .unwrap();
    c.batch_execute("BEGIN").unwrap();
    let e = err(&mut c, "SET CONSTRAINTS nope DEFERRED");
    assert_eq!(
        (e.0.as_str(), e.1.as_str()),
        ("42704", "constraint \"nope\" does not exist")
    );
    c.batch_execute("ROLLBACK; BEGIN").unwrap();
    let e = err(&mut c, "SET CONSTRAINTS ck_pos DEFERRED");
    assert_eq!(
        (e.0.as_str(), e.1.as_str()),
        ("55000", "constraint \"ck_pos\" is not deferrable")
    );
    c.batch_execute("ROLLBACK").unwrap();
    c.batch_execute("BEGIN; SET CONSTRAINTS public.u_i_key, ud_i_key IMMEDIATE; COMMIT")
        .unwrap();
}
