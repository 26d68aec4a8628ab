//! FOREIGN KEY constraints end to end: catalog rows and default names, DDL errors with
//! PostgreSQL's messages, enforcement on both sides (every ON DELETE / ON UPDATE action,
//! MATCH FULL, self-references, statement-end timing, cascade chains), deferred checks at
//! COMMIT, a concurrent parent DELETE blocking on a child's FOR KEY SHARE lock, TRUNCATE /
//! DROP behaviour, COPY FROM checks, psql's \d sections, and pgbench --foreign-keys.

mod support;

use std::process::Command;
use std::time::{Duration, Instant};
use support::TestServer;

fn col(c: &mut postgres::Client, sql: &str) -> Vec<String> {
    c.simple_query(sql)
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .iter()
        .filter_map(|m| match m {
            postgres::SimpleQueryMessage::Row(r) => Some(
                (0..r.len())
                    .map(|i| r.get(i).unwrap_or("NULL").to_string())
                    .collect::<Vec<_>>()
                    .join("|"),
            ),
            _ => None,
        })
        .collect()
}

fn one(c: &mut postgres::Client, sql: &str) -> String {
    col(c, sql).into_iter().next().unwrap_or_default()
}

/// (SQLSTATE, message, detail, hint) of a failing statement.
fn err(c: &mut postgres::Client, sql: &str) -> (String, String, Option<String>, Option<String>) {
    let e = c
        .batch_execute(sql)
        .expect_err(&format!("expected failure: {sql}"));
    let db = e.as_db_error().unwrap_or_else(|| panic!("{sql}: {e}"));
    (
        db.code().code().to_string(),
        db.message().to_string(),
        db.detail().map(str::to_string),
        db.hint().map(str::to_string),
    )
}

fn ok(c: &mut postgres::Client, sql: &str) {
    c.batch_execute(sql)
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

#[test]
fn ddl_catalog_and_errors() {
    let s = TestServer::start();
    let mut c = s.client();
    ok(
        &mut c,
        "CREATE TABLE pktable (ptest1 int PRIMARY KEY, ptest2 text);
         CREATE TABLE fktable (ftest1 int REFERENCES pktable, ftest2 int);",
    );
    assert_eq!(
        one(
            &mut c,
            "SELECT conname, contype, conrelid::regclass, confrelid::regclass, conkey::text, \
             confkey::text, confupdtype, confdeltype, confmatchtype, condeferrable, \
             condeferred, convalidated, conindid::regclass, conpfeqop::text \
             FROM pg_constraint WHERE contype = 'f'"
        ),
        "fktable_ftest1_fkey|f|fktable|pktable|{1}|{1}|a|a|s|f|f|t|pktable_pkey|{96}"
    );
    assert_eq!(
        one(
            &mut c,
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'f'"
        ),
        "FOREIGN KEY (ftest1) REFERENCES pktable(ptest1)"
    );
    // Name collision gets a numeric suffix; options are printed in PostgreSQL's order.
    ok(
        &mut c,
        "ALTER TABLE fktable ADD FOREIGN KEY (ftest1) REFERENCES pktable \
         MATCH FULL ON DELETE CASCADE ON UPDATE SET NULL DEFERRABLE INITIALLY DEFERRED",
    );
    assert_eq!(
        one(
            &mut c,
            "SELECT conname || ' ' || pg_get_constraintdef(oid, true) FROM pg_constraint \
             WHERE conname = 'fktable_ftest1_fkey1'"
        ),
        "fktable_ftest1_fkey1 FOREIGN KEY (ftest1) REFERENCES pktable(ptest1) MATCH FULL \
         ON UPDATE SET NULL ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED"
    );
    let e = err(
        &mut c,
        "CREATE TABLE f2 (a int, b int, FOREIGN KEY (a, b) REFERENCES pktable)",
    );
    assert_eq!(
        (e.0.as_str(), e.1.as_str()),
        (
            "42830",
            "number of referencing and referenced columns for foreign key disagree"
        )
    );
    ok(&mut c, "CREATE TABLE pk2 (a int, b int, UNIQUE (a, b))");
    let e = err(&mut c, "CREATE TABLE f2 (x int REFERENCES pk2(a))");
    assert_eq!(
        (e.0.as_str(), e.1.as_str()),
        (
            "42830",
            "there is no unique constraint matching given keys for referenced table \"pk2\""
        )
    );
    let e = err(&mut c, "CREATE TABLE f2 (x inet REFERENCES pktable)");
    assert_eq!(e.0, "42804");
    assert_eq!(
        e.1,
        "foreign key constraint \"f2_x_fkey\" cannot be implemented"
    );
    assert_eq!(
        e.2.as_deref(),
        Some("Key columns \"x\" and \"ptest1\" are of incompatible types: inet and integer.")
    );
    let e = err(
        &mut c,
        "CREATE TABLE f2 (x numeric, CONSTRAINT c1 FOREIGN KEY (x) REFERENCES pktable)",
    );
    assert_eq!(
        e.2.as_deref(),
        Some("Key columns \"x\" and \"ptest1\" are of incompatible types: numeric and integer.")
    );
    let e = err(
        &mut c,
        "CREATE TABLE f2 (x int, CONSTRAINT c FOREIGN KEY (y) REFERENCES pktable)",
    );
    assert_eq!(
        (e.0.as_str(), e.1.as_str()),
        (
            "42703",
            "column \"y\" referenced in foreign key constraint does not exist"
        )
    );
    // int8 referencing int4 and varchar referencing text are fine.
    ok(
        &mut c,
        "CREATE TABLE pk3 (y text PRIMARY KEY);
         CREATE TABLE f3 (x int8 REFERENCES pktable, y varchar REFERENCES pk3);
         INSERT INTO pktable VALUES (1, 'one'); INSERT INTO pk3 VALUES ('a');
         INSERT INTO f3 VALUES (1, 'a');",
    );
    let e = err(&mut c, "INSERT INTO f3 VALUES (1, 'b')");
    assert_eq!(
        e.2.as_deref(),
        Some("Key (y)=(b) is not present in table \"pk3\".")
    );
    let e = err(&mut c, "INSERT INTO f3 VALUES (10000000000, 'a')");
    assert_eq!(
        e.2.as_deref(),
        Some("Key (x)=(10000000000) is not present in table \"pktable\".")
    );
}

#[test]
fn enforcement_and_actions() {
    let s = TestServer::start();
    let mut c = s.client();
    ok(
        &mut c,
        "CREATE TABLE pktable (ptest1 int PRIMARY KEY, ptest2 text);
         CREATE TABLE fktable (ftest1 int REFERENCES pktable, ftest2 int);
         INSERT INTO pktable VALUES (1, 'a'), (2, 'b'), (3, 'c');
         INSERT INTO fktable VALUES (1, 1), (NULL, 2);",
    );
    let e = err(&mut c, "INSERT INTO fktable VALUES (5, 3)");
    assert_eq!(e.0, "23503");
    assert_eq!(
        e.1,
        "insert or update on table \"fktable\" violates foreign key constraint \"fktable_ftest1_fkey\""
    );
    assert_eq!(
        e.2.as_deref(),
        Some("Key (ftest1)=(5) is not present in table \"pktable\".")
    );
    let e = err(&mut c, "UPDATE fktable SET ftest1 = 7 WHERE ftest2 = 1");
    assert_eq!(
        e.2.as_deref(),
        Some("Key (ftest1)=(7) is not present in table \"pktable\".")
    );
    // NO ACTION delete / update of a referenced key.
    let e = err(&mut c, "DELETE FROM pktable WHERE ptest1 = 1");
    assert_eq!(e.0, "23503");
    assert_eq!(
        e.1,
        "update or delete on table \"pktable\" violates foreign key constraint \"fktable_ftest1_fkey\" on table \"fktable\""
    );
    assert_eq!(
        e.2.as_deref(),
        Some("Key (ptest1)=(1) is still referenced from table \"fktable\".")
    );
    let e = err(&mut c, "UPDATE pktable SET ptest1 = 10 WHERE ptest1 = 1");
    assert_eq!(e.0, "23503");
    // Non-key updates and unreferenced deletes are fine.
    ok(&mut c, "UPDATE pktable SET ptest2 = 'z' WHERE ptest1 = 1");
    ok(&mut c, "DELETE FROM pktable WHERE ptest1 = 3");
    // Statement-end timing: deleting parent and children in one statement (self-reference).
    ok(
        &mut c,
        "CREATE TABLE tree (id int PRIMARY KEY, parent int REFERENCES tree);
         INSERT INTO tree VALUES (1, NULL), (2, 1), (3, 2);
         INSERT INTO tree VALUES (5, 4), (4, 1);
         UPDATE tree SET id = id + 100,
             parent = CASE WHEN parent = 1 THEN 1 ELSE parent + 100 END WHERE id > 1;",
    );
    ok(&mut c, "DELETE FROM tree WHERE id > 1");
    assert_eq!(one(&mut c, "SELECT count(*) FROM tree"), "1");

    // ON DELETE CASCADE / ON UPDATE CASCADE with a chain A <- B <- C.
    ok(
        &mut c,
        "CREATE TABLE a (id int PRIMARY KEY);
         CREATE TABLE b (id int PRIMARY KEY, aid int REFERENCES a ON DELETE CASCADE ON UPDATE CASCADE);
         CREATE TABLE cc (id int PRIMARY KEY, bid int REFERENCES b ON DELETE CASCADE);
         INSERT INTO a VALUES (1), (2);
         INSERT INTO b VALUES (10, 1), (20, 2), (30, 1);
         INSERT INTO cc VALUES (100, 10), (200, 20), (300, 30);",
    );
    ok(&mut c, "UPDATE a SET id = 5 WHERE id = 1");
    assert_eq!(
        col(&mut c, "SELECT id, aid FROM b ORDER BY id"),
        ["10|5", "20|2", "30|5"]
    );
    ok(&mut c, "DELETE FROM a WHERE id = 5");
    assert_eq!(col(&mut c, "SELECT id FROM b ORDER BY id"), ["20"]);
    assert_eq!(col(&mut c, "SELECT id FROM cc ORDER BY id"), ["200"]);

    // SET NULL and SET DEFAULT (which must find its default in the parent).
    ok(
        &mut c,
        "CREATE TABLE p (id int PRIMARY KEY);
         INSERT INTO p VALUES (0), (1), (2);
         CREATE TABLE sn (x int REFERENCES p ON DELETE SET NULL ON UPDATE SET NULL);
         CREATE TABLE sd (x int DEFAULT 0 REFERENCES p ON DELETE SET DEFAULT);
         INSERT INTO sn VALUES (1), (2);
         INSERT INTO sd VALUES (1), (2);",
    );
    ok(&mut c, "DELETE FROM p WHERE id = 1");
    assert_eq!(col(&mut c, "SELECT x FROM sd ORDER BY 1"), ["0", "2"]);
    ok(&mut c, "DELETE FROM sd WHERE x = 2");
    ok(&mut c, "UPDATE p SET id = 7 WHERE id = 2");
    assert_eq!(
        col(
            &mut c,
            "SELECT coalesce(x::text, 'null') FROM sn ORDER BY 1"
        ),
        ["null", "null"]
    );
    // The default (0) goes with the parent row: SET DEFAULT cannot satisfy the key.
    let e = err(&mut c, "DELETE FROM p WHERE id = 0");
    assert_eq!(
        (e.0.as_str(), e.1.as_str(), e.2.as_deref()),
        (
            "23503",
            "update or delete on table \"p\" violates foreign key constraint \"sd_x_fkey\" on table \"sd\"",
            Some("Key (id)=(0) is still referenced from table \"sd\".")
        )
    );
    // A default missing from the parent fails the child check.
    ok(
        &mut c,
        "ALTER TABLE sd ALTER COLUMN x SET DEFAULT 9; INSERT INTO sd VALUES (7)",
    );
    let e = err(&mut c, "DELETE FROM p WHERE id = 7");
    assert_eq!(
        (e.1.as_str(), e.2.as_deref()),
        (
            "insert or update on table \"sd\" violates foreign key constraint \"sd_x_fkey\"",
            Some("Key (x)=(9) is not present in table \"p\".")
        )
    );

    // RESTRICT.
    ok(
        &mut c,
        "CREATE TABLE rp (id int PRIMARY KEY);
         CREATE TABLE rc (x int REFERENCES rp ON DELETE RESTRICT);
         INSERT INTO rp VALUES (1); INSERT INTO rc VALUES (1);",
    );
    let e = err(&mut c, "DELETE FROM rp");
    assert_eq!(
        e.2.as_deref(),
        Some("Key (id)=(1) is still referenced from table \"rc\".")
    );

    // MATCH FULL.
    ok(
        &mut c,
        "CREATE TABLE mp (a int, b int, PRIMARY KEY (a, b));
         INSERT INTO mp VALUES (1, 2);
         CREATE TABLE mf (a int, b int, FOREIGN KEY (a, b) REFERENCES mp MATCH FULL);
         INSERT INTO mf VALUES (1, 2), (NULL, NULL);",
    );
    let e = err(&mut c, "INSERT INTO mf VALUES (1, NULL)");
    assert_eq!(
        e.1,
        "insert or update on table \"mf\" violates foreign key constraint \"mf_a_fkey\""
    );
    assert_eq!(
        e.2.as_deref(),
        Some("MATCH FULL does not allow mixing of null and nonnull key values.")
    );
    let e = err(&mut c, "INSERT INTO mf VALUES (1, 3)");
    assert_eq!(
        e.2.as_deref(),
        Some("Key (a, b)=(1, 3) is not present in table \"mp\".")
    );
    // MATCH SIMPLE lets a partly-NULL key through.
    ok(
        &mut c,
        "CREATE TABLE ms (a int, b int, FOREIGN KEY (a, b) REFERENCES mp);
         INSERT INTO ms VALUES (9, NULL);",
    );

    // ADD FOREIGN KEY validates existing rows; NOT VALID skips them until VALIDATE.
    ok(
        &mut c,
        "CREATE TABLE late (x int); INSERT INTO late VALUES (1), (42)",
    );
    let e = err(&mut c, "ALTER TABLE late ADD FOREIGN KEY (x) REFERENCES rp");
    assert_eq!(
        (e.0.as_str(), e.2.as_deref()),
        (
            "23503",
            Some("Key (x)=(42) is not present in table \"rp\".")
        )
    );
    ok(
        &mut c,
        "ALTER TABLE late ADD CONSTRAINT late_fk FOREIGN KEY (x) REFERENCES rp NOT VALID",
    );
    assert_eq!(
        one(
            &mut c,
            "SELECT convalidated, pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'late_fk'"
        ),
        "f|FOREIGN KEY (x) REFERENCES rp(id) NOT VALID"
    );
    let e = err(&mut c, "ALTER TABLE late VALIDATE CONSTRAINT late_fk");
    assert_eq!(e.0, "23503");
    ok(
        &mut c,
        "DELETE FROM late WHERE x = 42; ALTER TABLE late VALIDATE CONSTRAINT late_fk",
    );
    assert_eq!(
        one(
            &mut c,
            "SELECT convalidated FROM pg_constraint WHERE conname = 'late_fk'"
        ),
        "t"
    );
    ok(
        &mut c,
        "ALTER TABLE late DROP CONSTRAINT late_fk; INSERT INTO late VALUES (99)",
    );

    // COPY FROM checks the inserted rows.
    ok(&mut c, "CREATE TABLE cp (x int REFERENCES rp)");
    let mut w = c.copy_in("COPY cp FROM STDIN").unwrap();
    use std::io::Write;
    w.write_all(b"1\n5\n").unwrap();
    let e = w.finish().expect_err("copy must fail");
    let db = e.as_db_error().unwrap();
    assert_eq!(db.code().code(), "23503");
    assert_eq!(
        db.detail(),
        Some("Key (x)=(5) is not present in table \"rp\".")
    );
    assert_eq!(one(&mut c, "SELECT count(*) FROM cp"), "0");
}

#[test]
fn deferred_checks() {
    let s = TestServer::start();
    let mut c = s.client();
    ok(
        &mut c,
        "CREATE TABLE pk (id int PRIMARY KEY);
         CREATE TABLE fk (x int REFERENCES pk DEFERRABLE INITIALLY DEFERRED);
         CREATE TABLE fk2 (x int REFERENCES pk DEFERRABLE);",
    );
    // Child first, parent later in the same transaction.
    ok(
        &mut c,
        "BEGIN; INSERT INTO fk VALUES (1); INSERT INTO pk VALUES (1); COMMIT",
    );
    assert_eq!(one(&mut c, "SELECT count(*) FROM fk"), "1");
    ok(&mut c, "BEGIN; INSERT INTO fk VALUES (2)");
    let e = c.batch_execute("COMMIT").expect_err("commit must fail");
    let db = e.as_db_error().unwrap();
    assert_eq!(db.code().code(), "23503");
    assert_eq!(
        db.detail(),
        Some("Key (x)=(2) is not present in table \"pk\".")
    );
    assert_eq!(one(&mut c, "SELECT count(*) FROM fk"), "1");
    // DEFERRABLE INITIALLY IMMEDIATE: checked at statement end unless SET CONSTRAINTS.
    let e = err(&mut c, "INSERT INTO fk2 VALUES (3)");
    assert_eq!(e.0, "23503");
    ok(
        &mut c,
        "BEGIN; SET CONSTRAINTS ALL DEFERRED; INSERT INTO fk2 VALUES (3); \
         INSERT INTO pk VALUES (3); COMMIT",
    );
    // Deleting a referenced row and re-inserting it before commit is fine when deferred.
    ok(
        &mut c,
        "BEGIN; DELETE FROM pk WHERE id = 1; INSERT INTO pk VALUES (1); COMMIT",
    );
    ok(&mut c, "BEGIN; DELETE FROM pk WHERE id = 1");
    let e = c.batch_execute("COMMIT").expect_err("commit must fail");
    assert_eq!(e.as_db_error().unwrap().code().code(), "23503");
}

#[test]
fn concurrent_parent_delete_waits_for_child_insert() {
    let s = TestServer::start();
    let mut a = s.client();
    let mut b = s.client();
    let mut mon = s.client();
    ok(
        &mut a,
        "CREATE TABLE parent (id int PRIMARY KEY);
         CREATE TABLE child (pid int REFERENCES parent);
         INSERT INTO parent VALUES (1), (2);",
    );
    let b_pid = one(&mut b, "SELECT pg_backend_pid()");
    ok(&mut a, "BEGIN; INSERT INTO child VALUES (1)");
    let deleter = std::thread::spawn(move || {
        let r = b.batch_execute("DELETE FROM parent WHERE id = 1");
        (b, r)
    });
    let start = Instant::now();
    loop {
        let w = one(
            &mut mon,
            &format!("SELECT wait_event_type FROM pg_stat_activity WHERE pid = {b_pid}"),
        );
        if w == "Lock" {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "DELETE never blocked (wait_event_type {w})"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    ok(&mut a, "COMMIT");
    let (mut b, r) = deleter.join().unwrap();
    let e = r.expect_err("delete must fail");
    let db = e.as_db_error().unwrap();
    assert_eq!(db.code().code(), "23503");
    assert_eq!(
        db.detail(),
        Some("Key (id)=(1) is still referenced from table \"child\".")
    );
    // An unreferenced parent row is deleted without waiting.
    ok(&mut b, "DELETE FROM parent WHERE id = 2");
}

#[test]
fn truncate_and_drop() {
    let s = TestServer::start();
    let mut c = s.client();
    ok(
        &mut c,
        "CREATE TABLE pktable (ptest1 int PRIMARY KEY);
         CREATE TABLE fktable (ftest1 int REFERENCES pktable);
         INSERT INTO pktable VALUES (1); INSERT INTO fktable VALUES (1);",
    );
    let e = err(&mut c, "TRUNCATE pktable");
    assert_eq!(
        e,
        (
            "0A000".to_string(),
            "cannot truncate a table referenced in a foreign key constraint".to_string(),
            Some("Table \"fktable\" references \"pktable\".".to_string()),
            Some(
                "Truncate table \"fktable\" at the same time, or use TRUNCATE ... CASCADE."
                    .to_string()
            )
        )
    );
    ok(&mut c, "TRUNCATE pktable, fktable");
    ok(
        &mut c,
        "INSERT INTO pktable VALUES (1); INSERT INTO fktable VALUES (1)",
    );
    let notices = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let n2 = notices.clone();
    let mut cfg: postgres::Config = s.conn_str().parse().unwrap();
    cfg.notice_callback(move |n| n2.lock().unwrap().push(n.message().to_string()));
    let mut c2 = cfg.connect(postgres::NoTls).unwrap();
    ok(&mut c2, "TRUNCATE pktable CASCADE");
    assert_eq!(one(&mut c, "SELECT count(*) FROM fktable"), "0");
    let e = err(&mut c, "DROP TABLE pktable");
    assert_eq!(
        e,
        (
            "2BP01".to_string(),
            "cannot drop table pktable because other objects depend on it".to_string(),
            Some(
                "constraint fktable_ftest1_fkey on table fktable depends on table pktable"
                    .to_string()
            ),
            Some("Use DROP ... CASCADE to drop the dependent objects too.".to_string())
        )
    );
    let e = err(&mut c, "ALTER TABLE pktable DROP CONSTRAINT pktable_pkey");
    assert_eq!(e.0, "2BP01");
    ok(&mut c2, "DROP TABLE pktable CASCADE");
    assert_eq!(
        notices.lock().unwrap().clone(),
        [
            "truncate cascades to table \"fktable\"",
            "drop cascades to constraint fktable_ftest1_fkey on table fktable"
        ]
    );
    assert_eq!(
        one(
            &mut c,
            "SELECT count(*) FROM pg_constraint WHERE contype = 'f'"
        ),
        "0"
    );
    ok(&mut c, "INSERT INTO fktable VALUES (12)");
    // Dropping both sides together needs no CASCADE.
    ok(
        &mut c,
        "CREATE TABLE p2 (id int PRIMARY KEY); CREATE TABLE c2 (x int REFERENCES p2);
         DROP TABLE p2, c2;",
    );
}

#[test]
fn psql_describe_sections() {
    let s = TestServer::start();
    let (okk, out, errs) = s.psql_args(&[
        "-X",
        "-c",
        "CREATE TABLE pktable (ptest1 int PRIMARY KEY);
         CREATE TABLE fktable (ftest1 int REFERENCES pktable ON DELETE CASCADE);",
        "-c",
        "\\d fktable",
        "-c",
        "\\d pktable",
    ]);
    assert!(okk, "{errs}");
    assert!(
        out.contains(
            "Foreign-key constraints:\n    \"fktable_ftest1_fkey\" FOREIGN KEY (ftest1) REFERENCES pktable(ptest1) ON DELETE CASCADE"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "Referenced by:\n    TABLE \"fktable\" CONSTRAINT \"fktable_ftest1_fkey\" FOREIGN KEY (ftest1) REFERENCES pktable(ptest1) ON DELETE CASCADE"
        ),
        "{out}"
    );
}

fn pgbench(srv: &TestServer, args: &[&str]) -> String {
    let bin = support::psql_bin().with_file_name("pgbench");
    let out = Command::new(bin)
        .args([
            "-h",
            "127.0.0.1",
            "-p",
            &srv.port.to_string(),
            "-U",
            "postgres",
        ])
        .args(args)
        .arg("postgres")
        .output()
        .expect("run pgbench");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "pgbench {args:?}: {stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

#[test]
fn pgbench_with_foreign_keys() {
    let srv = TestServer::start();
    pgbench(&srv, &["-i", "-s", "1", "-q", "--foreign-keys"]);
    let mut c = srv.client();
    assert_eq!(
        one(
            &mut c,
            "SELECT count(*) FROM pg_constraint WHERE contype = 'f'"
        ),
        "5"
    );
    let out = pgbench(
        &srv,
        &["-n", "-b", "tpcb-like", "-c", "4", "-j", "2", "-t", "50"],
    );
    assert!(
        out.contains("number of transactions actually processed: 200/200"),
        "{out}"
    );
    let row = one(
        &mut c,
        "SELECT (SELECT sum(abalance) FROM pgbench_accounts) = \
                (SELECT sum(bbalance) FROM pgbench_branches) AND \
                (SELECT sum(tbalance) FROM pgbench_tellers) = \
                (SELECT sum(delta) FROM pgbench_history)",
    );
    assert_eq!(row, "t");
    let e = err(&mut c, "DELETE FROM pgbench_branches WHERE bid = 1");
    assert_eq!(e.0, "23503");
}
