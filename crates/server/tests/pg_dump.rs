//! PostgreSQL 15's pg_dump / pg_restore / pg_dumpall against Tusk: a database with serial
//! columns, NOT NULL / DEFAULT / CHECK / PRIMARY KEY / UNIQUE / FOREIGN KEY constraints,
//! expression / partial / DESC indexes, a view, owned and standalone sequences, comments and
//! a second schema is dumped (plain and custom format), restored into fresh databases with
//! psql / pg_restore, and the restored databases hold the same rows and dump identically.

mod support;

use support::TestServer;

fn run(s: &TestServer, prog: &str, args: &[&str]) -> String {
    s.run_client(prog, args)
}

/// The dump without the random `\restrict` / `\unrestrict` keys pg_dump 15.14+ writes.
fn stable(dump: &str) -> String {
    dump.lines()
        .filter(|l| !l.starts_with("\\restrict") && !l.starts_with("\\unrestrict"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn rows(c: &mut postgres::Client, sql: &str) -> Vec<Vec<String>> {
    c.simple_query(sql)
        .expect(sql)
        .into_iter()
        .filter_map(|m| match m {
            postgres::SimpleQueryMessage::Row(r) => Some(
                (0..r.len())
                    .map(|i| r.get(i).unwrap_or("NULL").to_string())
                    .collect(),
            ),
            _ => None,
        })
        .collect()
}

fn connect(s: &TestServer, db: &str) -> postgres::Client {
    let cs = s
        .conn_str()
        .replace("dbname=postgres", &format!("dbname={db}"));
    postgres::Client::connect(&cs, postgres::NoTls).expect("connect")
}

const CHECKS: &[&str] = &[
    "SELECT id, name, qty, code FROM t1 ORDER BY id",
    "SELECT id, t1_id, note FROM s2.t2 ORDER BY id",
    "SELECT * FROM v1 ORDER BY id",
    "SELECT last_value, is_called FROM s2.standalone",
    "SELECT last_value, is_called FROM t1_id_seq",
    "SELECT obj_description('t1'::regclass, 'pg_class'), col_description('t1'::regclass, 2)",
];

#[test]
fn pg_dump_restore_round_trip() {
    let s = TestServer::start();
    let mut c = s.client();
    c.batch_execute(
        "CREATE SCHEMA s2; \
         CREATE TABLE t1 (id serial PRIMARY KEY, name text NOT NULL DEFAULT 'x', \
           qty int CHECK (qty >= 0), code varchar(10) UNIQUE); \
         CREATE TABLE s2.t2 (id bigserial PRIMARY KEY, t1_id int REFERENCES t1(id), note text); \
         CREATE INDEX t1_lower_idx ON t1 (lower(name)); \
         CREATE INDEX t1_qty_partial ON t1 (qty DESC) WHERE qty > 10; \
         CREATE VIEW v1 AS SELECT id, name FROM t1 WHERE qty > 0; \
         CREATE SEQUENCE s2.standalone START 100 INCREMENT 5; \
         SELECT nextval('s2.standalone'); SELECT nextval('s2.standalone'); \
         CREATE TABLE t4 (a int DEFAULT nextval('t1_id_seq'), b numeric(10,2) DEFAULT 0.00 \
           CHECK (b < 100), c text DEFAULT 'q'); \
         COMMENT ON TABLE t1 IS 'first table'; \
         COMMENT ON COLUMN t1.name IS 'the name'; \
         INSERT INTO t1 (name, qty, code) VALUES ('a', 1, 'A'), ('b', 20, 'B'), ('c''d', 30, NULL); \
         INSERT INTO s2.t2 (t1_id, note) VALUES (1, 'n1'), (2, NULL);",
    )
    .expect("setup");

    let dump = run(&s, "pg_dump", &["postgres"]);
    for line in [
        "CREATE SCHEMA s2;",
        "CREATE TABLE public.t1 (",
        "    id integer NOT NULL,",
        "    name text DEFAULT 'x'::text NOT NULL,",
        "    CONSTRAINT t1_qty_check CHECK ((qty >= 0))",
        "CREATE SEQUENCE public.t1_id_seq",
        "    AS integer",
        "ALTER SEQUENCE public.t1_id_seq OWNED BY public.t1.id;",
        "ALTER TABLE ONLY public.t1 ALTER COLUMN id SET DEFAULT nextval('public.t1_id_seq'::regclass);",
        "ALTER TABLE ONLY s2.t2 ALTER COLUMN id SET DEFAULT nextval('s2.t2_id_seq'::regclass);",
        "CREATE SEQUENCE s2.standalone",
        "    START WITH 100",
        "    INCREMENT BY 5",
        " SELECT id, name FROM public.t1 WHERE qty > 0;",
        "COPY public.t1 (id, name, qty, code) FROM stdin;",
        "3\tc'd\t30\t\\N",
        "SELECT pg_catalog.setval('public.t1_id_seq', 3, true);",
        "SELECT pg_catalog.setval('s2.standalone', 105, true);",
        "    ADD CONSTRAINT t1_pkey PRIMARY KEY (id);",
        "    ADD CONSTRAINT t1_code_key UNIQUE (code);",
        "CREATE INDEX t1_lower_idx ON public.t1 USING btree (lower(name));",
        "CREATE INDEX t1_qty_partial ON public.t1 USING btree (qty DESC) WHERE qty > 10;",
        "    ADD CONSTRAINT t2_t1_id_fkey FOREIGN KEY (t1_id) REFERENCES public.t1(id);",
        "COMMENT ON TABLE public.t1 IS 'first table';",
        "COMMENT ON COLUMN public.t1.name IS 'the name';",
        "ALTER SCHEMA s2 OWNER TO postgres;",
        // pg_dump 15 assumes v15's public-schema ACL for older servers.
        "REVOKE USAGE ON SCHEMA public FROM PUBLIC;",
        "GRANT ALL ON SCHEMA public TO PUBLIC;",
    ] {
        assert!(
            dump.lines().any(|l| l == line),
            "missing line {line:?} in dump:\n{dump}"
        );
    }
    // A default naming a sequence in a text literal is shown as PostgreSQL's analyzer made
    // it (a qualified regclass constant) and comes after the sequence it depends on.
    let seq_at = dump
        .find("CREATE SEQUENCE public.t1_id_seq")
        .unwrap_or(usize::MAX);
    let t4_default = "nextval('public.t1_id_seq'::regclass)";
    let t4_at = dump
        .find("CREATE TABLE public.t4")
        .and_then(|t| dump[t..].find(t4_default).map(|d| t + d))
        .or_else(|| {
            dump.find(&format!(
                "ALTER TABLE ONLY public.t4 ALTER COLUMN a SET DEFAULT {t4_default};"
            ))
        })
        .unwrap_or(0);
    assert!(seq_at < t4_at, "{dump}");
    // The system schemas' initial privileges are not dumped.
    assert!(!dump.contains("SCHEMA pg_catalog"), "{dump}");

    // Plain-format restore with psql.
    c.batch_execute("CREATE DATABASE newdb").expect("createdb");
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("dump.sql");
    std::fs::write(&file, &dump).expect("write dump");
    let file_s = file.to_string_lossy().to_string();
    run(
        &s,
        "psql",
        &[
            "-X",
            "-q",
            "-v",
            "ON_ERROR_STOP=1",
            "-d",
            "newdb",
            "-f",
            &file_s,
        ],
    );
    let mut n = connect(&s, "newdb");
    for q in CHECKS {
        assert_eq!(rows(&mut c, q), rows(&mut n, q), "{q}");
    }
    // Sequences continue where they were.
    assert_eq!(
        rows(
            &mut n,
            "SELECT nextval('t1_id_seq'), nextval('s2.standalone')"
        ),
        vec![vec!["4".to_string(), "110".to_string()]]
    );
    n.batch_execute("SELECT setval('t1_id_seq', 3); SELECT setval('s2.standalone', 105)")
        .expect("reset sequences");
    let redump = run(&s, "pg_dump", &["newdb"]);
    assert_eq!(stable(&dump), stable(&redump));

    // Custom format through pg_restore.
    let fc = dir.path().join("dump.fc");
    let fc_s = fc.to_string_lossy().to_string();
    run(&s, "pg_dump", &["-Fc", "-f", &fc_s, "postgres"]);
    c.batch_execute("CREATE DATABASE fcdb").expect("createdb");
    run(&s, "pg_restore", &["--exit-on-error", "-d", "fcdb", &fc_s]);
    let mut f = connect(&s, "fcdb");
    for q in CHECKS {
        assert_eq!(rows(&mut c, q), rows(&mut f, q), "{q}");
    }
    assert_eq!(stable(&dump), stable(&run(&s, "pg_dump", &["fcdb"])));

    // pg_dumpall reads roles and every database.
    let all = run(&s, "pg_dumpall", &["--schema-only"]);
    assert!(all.contains("CREATE ROLE postgres;"), "{all}");
    assert!(all.contains("\\connect newdb"), "{all}");
}

#[test]
fn acl_functions_and_grants() {
    let s = TestServer::start();
    let mut c = s.client();
    let q = |c: &mut postgres::Client, sql: &str| rows(c, sql).remove(0).remove(0);
    assert_eq!(
        q(&mut c, "SELECT acldefault('r', 10)::text"),
        "{postgres=arwdDxt/postgres}"
    );
    assert_eq!(
        q(&mut c, "SELECT acldefault('d', 10)::text"),
        "{=Tc/postgres,postgres=CTc/postgres}"
    );
    assert_eq!(
        q(
            &mut c,
            "SELECT nspacl::text FROM pg_namespace WHERE nspname = 'public'"
        ),
        "{postgres=UC/postgres,=UC/postgres}"
    );
    assert_eq!(
        q(&mut c, "SELECT 'joe=wr*/postgres'::aclitem::text"),
        "joe=r*w/postgres"
    );
    assert_eq!(
        q(
            &mut c,
            "SELECT typname[0] FROM pg_type WHERE oid = 'int4'::regtype"
        ),
        "i"
    );
    c.batch_execute(
        "CREATE TABLE g (a int); GRANT SELECT, UPDATE ON g TO PUBLIC; \
         REVOKE USAGE ON SCHEMA public FROM PUBLIC; CREATE SCHEMA o; \
         ALTER SCHEMA o OWNER TO postgres",
    )
    .expect("grants");
    assert_eq!(
        q(
            &mut c,
            "SELECT relacl::text FROM pg_class WHERE relname = 'g'"
        ),
        "{postgres=arwdDxt/postgres,=rw/postgres}"
    );
    assert_eq!(
        q(
            &mut c,
            "SELECT nspacl::text FROM pg_namespace WHERE nspname = 'public'"
        ),
        "{postgres=UC/postgres,=C/postgres}"
    );
    let err = c
        .batch_execute("GRANT USAGE ON g TO PUBLIC")
        .err()
        .and_then(|e| e.as_db_error().map(|d| d.message().to_string()));
    assert_eq!(
        err.as_deref(),
        Some("invalid privilege type USAGE for table")
    );
    let dump = run(&s, "pg_dump", &["postgres"]);
    assert!(
        dump.contains("GRANT SELECT,UPDATE ON TABLE public.g TO PUBLIC;"),
        "{dump}"
    );
}
