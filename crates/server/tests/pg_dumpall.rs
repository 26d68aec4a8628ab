//! PostgreSQL 15's pg_dumpall against Tusk: roles with passwords, attributes, CONNECTION
//! LIMIT / VALID UNTIL, role membership (WITH ADMIN OPTION, GRANTED BY), per-role and
//! per-database settings, and two databases owned by non-superusers holding tables are dumped,
//! restored with `psql -v ON_ERROR_STOP=1` into a fresh server, and dumped again identically.

mod support;

use std::process::Command;
use support::TestServer;

fn run(s: &TestServer, prog: &str, args: &[&str]) -> String {
    s.run_client(prog, args)
}

/// Run a psql script file with ON_ERROR_STOP.
fn run_script(s: &TestServer, script: &str) -> String {
    let path = s.dir.path().join("script.sql");
    std::fs::write(&path, script).expect("write script");
    let p = path.to_string_lossy().into_owned();
    run(
        s,
        "psql",
        &["-X", "-v", "ON_ERROR_STOP=1", "-d", "postgres", "-f", &p],
    )
}

/// The dump without comment lines and the random `\restrict` / `\unrestrict` keys.
fn stable(dump: &str) -> String {
    dump.lines()
        .filter(|l| {
            !l.starts_with("--") && !l.starts_with("\\restrict") && !l.starts_with("\\unrestrict")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// pg_dumpall always writes CREATE ROLE for the superuser it connects as, which already
/// exists in a fresh cluster (PostgreSQL reports `role "postgres" already exists` there too);
/// the ALTER ROLE that follows it still applies the attributes.
fn restorable(dump: &str) -> String {
    dump.lines()
        .filter(|l| *l != "CREATE ROLE postgres;")
        .collect::<Vec<_>>()
        .join("\n")
}

const SETUP: &str = r#"
CREATE ROLE alice LOGIN PASSWORD 'secret' CREATEDB;
CREATE ROLE bob NOLOGIN;
CREATE ROLE carol LOGIN PASSWORD 'x' CONNECTION LIMIT 5 VALID UNTIL '2030-01-01 00:00:00+00';
CREATE ROLE dave WITH SUPERUSER NOINHERIT REPLICATION;
ALTER ROLE dave WITH NOSUPERUSER CREATEROLE PASSWORD 'SCRAM-SHA-256$4096:c2FsdA==$a2V5:c2VydmVy';
GRANT bob TO alice;
GRANT bob TO carol WITH ADMIN OPTION GRANTED BY alice;
CREATE DATABASE db1 OWNER alice;
CREATE DATABASE db2 CONNECTION LIMIT 7;
CREATE DATABASE db3 IS_TEMPLATE true ALLOW_CONNECTIONS false;
ALTER DATABASE db3 WITH ALLOW_CONNECTIONS true;
ALTER DATABASE db2 OWNER TO carol;
ALTER ROLE alice SET search_path = public, pg_catalog;
ALTER ROLE alice IN DATABASE db1 SET work_mem = '4MB';
ALTER DATABASE db1 SET work_mem = '8MB';
\connect db1 alice
CREATE TABLE t1 (a int PRIMARY KEY, b text);
INSERT INTO t1 VALUES (1, 'x'), (2, 'y');
\connect db2 carol
CREATE TABLE t2 (c int);
INSERT INTO t2 VALUES (42);
"#;

fn query(s: &TestServer, db: &str, sql: &str) -> String {
    run(s, "psql", &["-X", "-At", "-d", db, "-c", sql])
}

#[test]
fn dumpall_round_trip() {
    let src = TestServer::start();
    run_script(&src, SETUP);
    let first = run(&src, "pg_dumpall", &[]);
    for want in [
        "ALTER ROLE alice WITH NOSUPERUSER INHERIT NOCREATEROLE CREATEDB LOGIN NOREPLICATION NOBYPASSRLS PASSWORD 'md5",
        "CONNECTION LIMIT 5 PASSWORD 'md5ff39f79a23ad50a3b4e61d0f62e7cb3d' VALID UNTIL '2030-01-01 00:00:00+00';",
        "ALTER ROLE dave WITH NOSUPERUSER NOINHERIT CREATEROLE NOCREATEDB NOLOGIN REPLICATION NOBYPASSRLS PASSWORD 'SCRAM-SHA-256$4096:c2FsdA==$a2V5:c2VydmVy';",
        "ALTER ROLE postgres WITH SUPERUSER INHERIT CREATEROLE CREATEDB LOGIN REPLICATION BYPASSRLS;",
        "ALTER ROLE alice SET search_path TO 'public', 'pg_catalog';",
        "GRANT bob TO alice GRANTED BY postgres;",
        "GRANT bob TO carol WITH ADMIN OPTION GRANTED BY alice;",
        "ALTER DATABASE db1 OWNER TO alice;",
        "ALTER DATABASE db2 OWNER TO carol;",
        "ALTER DATABASE db1 SET work_mem TO '8MB';",
        "ALTER DATABASE db2 CONNECTION LIMIT = 7;",
        "ALTER DATABASE db3 IS_TEMPLATE = true;",
        "ALTER ROLE alice IN DATABASE db1 SET work_mem TO '4MB';",
        "COPY public.t1 (a, b) FROM stdin;",
        "COPY public.t2 (c) FROM stdin;",
    ] {
        assert!(first.contains(want), "missing {want:?} in\n{first}");
    }

    let dst = TestServer::start();
    run_script(&dst, &restorable(&first));
    let second = run(&dst, "pg_dumpall", &[]);
    assert_eq!(stable(&first), stable(&second));

    // The restored settings apply when alice connects to db1.
    let port = dst.port.to_string();
    let out = Command::new(support::psql_bin())
        .args(["-h", "127.0.0.1", "-p", &port, "-U", "alice", "-d", "db1"])
        .args(["-X", "-At", "-c", "SHOW work_mem", "-c", "SHOW search_path"])
        .output()
        .expect("psql");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "4MB\npublic, pg_catalog\n"
    );
    assert_eq!(
        query(&dst, "db2", "SELECT c FROM t2"),
        "42\n",
        "restored data"
    );
}

#[test]
fn role_and_database_errors() {
    let s = TestServer::start();
    run_script(&s, "CREATE ROLE r1; CREATE ROLE r2; GRANT r1 TO r2;");
    for (sql, err) in [
        (
            "ALTER ROLE nobody WITH LOGIN",
            "role \"nobody\" does not exist",
        ),
        ("GRANT r2 TO r1", "role \"r2\" is a member of role \"r1\""),
        ("GRANT r1 TO r1", "role \"r1\" is a member of role \"r1\""),
        ("GRANT nobody TO r1", "role \"nobody\" does not exist"),
        (
            "ALTER DATABASE nodb OWNER TO r1",
            "database \"nodb\" does not exist",
        ),
        (
            "ALTER DATABASE postgres OWNER TO nobody",
            "role \"nobody\" does not exist",
        ),
        (
            "ALTER DATABASE postgres SET work_mem = 'abc'",
            "invalid value for parameter \"work_mem\": \"abc\"",
        ),
        (
            "ALTER ROLE r1 SET no_such_param = 1",
            "unrecognized configuration parameter \"no_such_param\"",
        ),
        (
            "CREATE DATABASE d9 OWNER nobody",
            "role \"nobody\" does not exist",
        ),
        (
            "ALTER DATABASE postgres ALLOW_CONNECTIONS false",
            "cannot disallow connections for current database",
        ),
        (
            "ALTER DATABASE postgres CONNECTION LIMIT -2",
            "invalid connection limit: -2",
        ),
        (
            "CREATE DATABASE d9 WITH BOGUS = 1",
            "option \"bogus\" not recognized",
        ),
    ] {
        let (ok, _, stderr) = s.psql(sql);
        assert!(!ok, "{sql} should fail");
        assert!(stderr.contains(err), "{sql}: {stderr}");
    }
    let (_, _, stderr) = s.psql("GRANT r1 TO r2");
    assert!(
        stderr.contains("NOTICE:  role \"r2\" is already a member of role \"r1\""),
        "{stderr}"
    );
    let (ok, out, stderr) = s.psql_args(&[
        "-X",
        "-At",
        "-c",
        "REVOKE r1 FROM r2",
        "-c",
        "REVOKE r1 FROM r2",
        "-c",
        "SELECT count(*) FROM pg_auth_members WHERE member = 'r2'::regrole",
    ]);
    assert!(ok, "{stderr}");
    assert!(
        stderr.contains("WARNING:  role \"r2\" is not a member of role \"r1\""),
        "{stderr}"
    );
    assert!(out.ends_with("0\n"), "{out}");
    let (ok, out, stderr) = s.psql_args(&[
        "-X",
        "-At",
        "-c",
        "ALTER ROLE r1 WITH LOGIN CONNECTION LIMIT 3 VALID UNTIL 'infinity'",
        "-c",
        "ALTER ROLE r1 SET work_mem = '2MB'",
        "-c",
        "ALTER ROLE r1 RESET work_mem",
        "-c",
        "SELECT rolcanlogin, rolconnlimit, rolvaliduntil FROM pg_roles WHERE rolname = 'r1'",
        "-c",
        "SELECT count(*) FROM pg_db_role_setting",
        "-c",
        "DROP ROLE r1",
        "-c",
        "SELECT count(*) FROM pg_auth_members WHERE roleid > 16000",
    ]);
    assert!(ok, "{stderr}");
    assert!(
        out.ends_with("ALTER ROLE\nALTER ROLE\nALTER ROLE\nt|3|infinity\n0\nDROP ROLE\n0\n"),
        "{out}"
    );
}
