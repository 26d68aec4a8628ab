//! Client introspection end to end: COMMENT ON (pg_description / pg_shdescription,
//! obj_description, col_description, shobj_description, psql \d+ descriptions, comments
//! removed with their objects), pg_sequences and pg_sequence_parameters(), the
//! information_schema views, and serial defaults that survive a sequence rename.

mod support;

use support::TestServer;

/// (SQLSTATE, message) of a failed statement.
fn err(c: &mut postgres::Client, sql: &str) -> (String, String) {
    let e = c.batch_execute(sql).expect_err(sql);
    let db = e.as_db_error().expect("db error");
    (db.code().code().to_string(), db.message().to_string())
}

/// Every row (simple query protocol), columns joined with '|', NULL shown as empty.
fn rows(c: &mut postgres::Client, sql: &str) -> Vec<String> {
    c.simple_query(sql)
        .expect(sql)
        .into_iter()
        .filter_map(|m| match m {
            postgres::SimpleQueryMessage::Row(r) => Some(
                (0..r.len())
                    .map(|i| r.get(i).unwrap_or("").to_string())
                    .collect::<Vec<_>>()
                    .join("|"),
            ),
            _ => None,
        })
        .collect()
}

fn one(c: &mut postgres::Client, sql: &str) -> String {
    rows(c, sql).into_iter().next().unwrap_or_default()
}

#[test]
fn comments() {
    let srv = TestServer::start();
    let mut c = srv.client();
    c.batch_execute(
        "CREATE TABLE ct (id int PRIMARY KEY, val text);
         CREATE INDEX ct_val_idx ON ct (val);
         CREATE SEQUENCE cs;
         CREATE VIEW cv AS SELECT id FROM ct;
         CREATE SCHEMA csch;
         COMMENT ON TABLE ct IS 'table comment';
         COMMENT ON COLUMN ct.val IS 'Column ''val''';
         COMMENT ON INDEX ct_val_idx IS 'index comment';
         COMMENT ON SEQUENCE cs IS 'sequence comment';
         COMMENT ON VIEW cv IS 'view comment';
         COMMENT ON SCHEMA csch IS 'schema comment';
         COMMENT ON CONSTRAINT ct_pkey ON ct IS 'pk comment';
         COMMENT ON DATABASE postgres IS 'db comment';
         COMMENT ON ROLE postgres IS 'role comment';",
    )
    .unwrap();
    assert_eq!(
        one(&mut c, "SELECT obj_description('ct'::regclass, 'pg_class')"),
        "table comment"
    );
    assert_eq!(
        one(&mut c, "SELECT obj_description('ct'::regclass)"),
        "table comment"
    );
    assert_eq!(
        one(&mut c, "SELECT col_description('ct'::regclass, 2)"),
        "Column 'val'"
    );
    assert_eq!(one(&mut c, "SELECT col_description('ct'::regclass, 1)"), "");
    assert_eq!(
        one(
            &mut c,
            "SELECT obj_description('ct_val_idx'::regclass, 'pg_class')"
        ),
        "index comment"
    );
    assert_eq!(
        one(&mut c, "SELECT obj_description('cs'::regclass, 'pg_class')"),
        "sequence comment"
    );
    assert_eq!(
        one(&mut c, "SELECT obj_description('cv'::regclass, 'pg_class')"),
        "view comment"
    );
    assert_eq!(
        one(
            &mut c,
            "SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace WHERE nspname = 'csch'"
        ),
        "schema comment"
    );
    assert_eq!(
        one(
            &mut c,
            "SELECT obj_description(oid, 'pg_constraint') FROM pg_constraint WHERE conname = 'ct_pkey'"
        ),
        "pk comment"
    );
    assert_eq!(
        one(
            &mut c,
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = 'postgres'"
        ),
        "db comment"
    );
    assert_eq!(
        one(
            &mut c,
            "SELECT shobj_description(oid, 'pg_authid') FROM pg_authid WHERE rolname = 'postgres'"
        ),
        "role comment"
    );

    // Replacing and removing (NULL or '').
    c.batch_execute("COMMENT ON TABLE ct IS 'second'").unwrap();
    assert_eq!(
        one(&mut c, "SELECT obj_description('ct'::regclass)"),
        "second"
    );
    assert_eq!(
        one(
            &mut c,
            "SELECT count(*) FROM pg_description WHERE objoid = 'ct'::regclass AND objsubid = 0"
        ),
        "1"
    );
    c.batch_execute("COMMENT ON TABLE ct IS NULL; COMMENT ON SEQUENCE cs IS ''")
        .unwrap();
    assert_eq!(one(&mut c, "SELECT obj_description('ct'::regclass)"), "");
    assert_eq!(one(&mut c, "SELECT obj_description('cs'::regclass)"), "");

    // Errors as PostgreSQL reports them.
    assert_eq!(
        err(&mut c, "COMMENT ON SEQUENCE asdf IS 'won''t work'"),
        ("42P01".into(), "relation \"asdf\" does not exist".into())
    );
    assert_eq!(
        err(&mut c, "COMMENT ON TABLE tmp_wrong IS 'x'"),
        (
            "42P01".into(),
            "relation \"tmp_wrong\" does not exist".into()
        )
    );
    assert_eq!(
        err(&mut c, "COMMENT ON SEQUENCE ct IS 'x'"),
        ("42809".into(), "\"ct\" is not a sequence".into())
    );
    assert_eq!(
        err(&mut c, "COMMENT ON INDEX ct IS 'x'"),
        ("42809".into(), "\"ct\" is not an index".into())
    );
    assert_eq!(
        err(&mut c, "COMMENT ON COLUMN ct.nope IS 'x'"),
        (
            "42703".into(),
            "column \"nope\" of relation \"ct\" does not exist".into()
        )
    );
    assert_eq!(
        err(&mut c, "COMMENT ON CONSTRAINT no_constraint ON ct IS 'x'"),
        (
            "42704".into(),
            "constraint \"no_constraint\" for table \"ct\" does not exist".into()
        )
    );
    assert_eq!(
        err(&mut c, "COMMENT ON SCHEMA nosuch IS 'x'"),
        ("3F000".into(), "schema \"nosuch\" does not exist".into())
    );
    assert_eq!(
        err(&mut c, "COMMENT ON ROLE nosuch IS 'x'"),
        ("42704".into(), "role \"nosuch\" does not exist".into())
    );

    // psql \d+ / \dt+ show the descriptions.
    c.batch_execute("COMMENT ON TABLE ct IS 'described table'")
        .unwrap();
    let (ok, out, e) = srv.psql("\\d+ ct");
    assert!(ok, "{e}");
    assert!(out.contains("Description"), "{out}");
    assert!(out.contains("Column 'val'"), "{out}");
    let (ok, out, e) = srv.psql("\\dt+ ct");
    assert!(ok, "{e}");
    assert!(out.contains("described table"), "{out}");
    // \dd lists constraint comments (its query reads tableoid).
    let (ok, out, e) = srv.psql("\\dd");
    assert!(ok, "{e}");
    assert!(out.contains("pk comment"), "{out}");
    assert_eq!(
        one(
            &mut c,
            "SELECT c.tableoid::regclass FROM pg_class c LIMIT 1"
        ),
        "pg_class"
    );

    // Dropping an object removes its comments (column, constraint and table ones).
    let oid = one(&mut c, "SELECT 'ct'::regclass::oid");
    c.batch_execute("ALTER TABLE ct DROP COLUMN val").unwrap();
    assert_eq!(
        one(
            &mut c,
            &format!("SELECT count(*) FROM pg_description WHERE objoid = {oid} AND objsubid = 2")
        ),
        "0"
    );
    c.batch_execute("DROP TABLE ct CASCADE").unwrap();
    assert_eq!(
        one(
            &mut c,
            &format!("SELECT count(*) FROM pg_description WHERE objoid = {oid}")
        ),
        "0"
    );
    assert_eq!(
        one(
            &mut c,
            "SELECT count(*) FROM pg_description WHERE classoid = 'pg_constraint'::regclass"
        ),
        "0"
    );
    // Comments are transactional.
    c.batch_execute("BEGIN; COMMENT ON SCHEMA csch IS 'rolled back'; ROLLBACK")
        .unwrap();
    assert_eq!(
        one(
            &mut c,
            "SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace WHERE nspname = 'csch'"
        ),
        "schema comment"
    );
}

#[test]
fn sequences_views() {
    let srv = TestServer::start();
    let mut c = srv.client();
    c.batch_execute(
        "CREATE SEQUENCE s1;
         CREATE SEQUENCE s2 AS smallint INCREMENT BY -1;
         CREATE SEQUENCE s3 START 32 MINVALUE 5 MAXVALUE 36 INCREMENT 4 CYCLE;
         SELECT nextval('s3');",
    )
    .unwrap();
    assert_eq!(
        rows(
            &mut c,
            "SELECT schemaname, sequencename, sequenceowner, data_type, start_value, min_value, \
             max_value, increment_by, cycle, cache_size, last_value FROM pg_sequences \
             ORDER BY sequencename"
        ),
        vec![
            "public|s1|postgres|bigint|1|1|9223372036854775807|1|f|1|",
            "public|s2|postgres|smallint|-1|-32768|-1|-1|f|1|",
            "public|s3|postgres|bigint|32|5|36|4|t|1|32",
        ]
    );
    assert_eq!(
        rows(
            &mut c,
            "SELECT * FROM pg_sequence_parameters('s2'::regclass)"
        ),
        vec!["-1|-32768|-1|-1|f|1|21"]
    );
    assert_eq!(
        rows(
            &mut c,
            "SELECT increment, data_type FROM pg_sequence_parameters('s3') AS p"
        ),
        vec!["4|20"]
    );
    assert_eq!(
        rows(
            &mut c,
            "SELECT * FROM information_schema.sequences ORDER BY sequence_name"
        ),
        vec![
            "postgres|public|s1|bigint|64|2|0|1|1|9223372036854775807|1|NO",
            "postgres|public|s2|smallint|16|2|0|-1|-32768|-1|-1|NO",
            "postgres|public|s3|bigint|64|2|0|32|5|36|4|YES",
        ]
    );
}

#[test]
fn information_schema() {
    let srv = TestServer::start();
    let mut c = srv.client();
    c.batch_execute(
        "CREATE TABLE parent (id serial PRIMARY KEY, code varchar(20) NOT NULL UNIQUE);
         CREATE TABLE child (
             id int,
             parent_id int,
             price numeric(10,2),
             note text,
             created timestamp,
             flag boolean DEFAULT true,
             tags int[],
             PRIMARY KEY (id, parent_id));
         CREATE VIEW pv AS SELECT id, code FROM parent;",
    )
    .unwrap();
    assert_eq!(
        one(
            &mut c,
            "SELECT catalog_name FROM information_schema.information_schema_catalog_name"
        ),
        "postgres"
    );
    assert_eq!(
        rows(
            &mut c,
            "SELECT table_catalog, table_schema, table_name, table_type, is_insertable_into, \
             is_typed FROM information_schema.tables WHERE table_schema = 'public' \
             ORDER BY table_name"
        ),
        vec![
            "postgres|public|child|BASE TABLE|YES|NO",
            "postgres|public|parent|BASE TABLE|YES|NO",
            "postgres|public|pv|VIEW|NO|NO",
        ]
    );
    assert_eq!(
        rows(
            &mut c,
            "SELECT column_name, ordinal_position, column_default, is_nullable, data_type, \
             character_maximum_length, character_octet_length, numeric_precision, \
             numeric_precision_radix, numeric_scale, datetime_precision, udt_name \
             FROM information_schema.columns WHERE table_name IN ('parent', 'child') \
             ORDER BY table_name, ordinal_position"
        ),
        vec![
            "id|1||NO|integer|||32|2|0||int4",
            "parent_id|2||NO|integer|||32|2|0||int4",
            "price|3||YES|numeric|||10|10|2||numeric",
            "note|4||YES|text||1073741824|||||text",
            "created|5||YES|timestamp without time zone||||||6|timestamp",
            "flag|6|true|YES|boolean|||||||bool",
            "tags|7||YES|ARRAY|||||||_int4",
            "id|1|nextval('parent_id_seq'::regclass)|NO|integer|||32|2|0||int4",
            "code|2||NO|character varying|20|80|||||varchar",
        ]
    );
    // The views behave like tables: joins, WHERE, aggregates.
    assert_eq!(
        one(
            &mut c,
            "SELECT count(*) FROM information_schema.columns col \
             JOIN information_schema.tables t USING (table_schema, table_name) \
             WHERE t.table_type = 'VIEW' AND t.table_schema = 'public'"
        ),
        "2"
    );
    assert_eq!(
        rows(
            &mut c,
            "SELECT table_name, view_definition IS NOT NULL, check_option \
             FROM information_schema.views WHERE table_schema = 'public'"
        ),
        vec!["pv|t|NONE"]
    );
    assert_eq!(
        rows(
            &mut c,
            "SELECT constraint_name, table_name, constraint_type, is_deferrable, \
             initially_deferred FROM information_schema.table_constraints \
             WHERE table_schema = 'public' AND constraint_type <> 'CHECK' \
             ORDER BY table_name, constraint_name"
        ),
        vec![
            "child_pkey|child|PRIMARY KEY|NO|NO",
            "parent_code_key|parent|UNIQUE|NO|NO",
            "parent_pkey|parent|PRIMARY KEY|NO|NO",
        ]
    );
    // NOT NULL columns appear as CHECK constraints named <nsoid>_<reloid>_<attnum>_not_null.
    assert_eq!(
        one(
            &mut c,
            "SELECT count(*) FROM information_schema.table_constraints \
             WHERE table_name = 'parent' AND constraint_type = 'CHECK' \
             AND constraint_name LIKE '%\\_not\\_null'"
        ),
        "2"
    );
    assert_eq!(
        rows(
            &mut c,
            "SELECT constraint_name, table_name, column_name, ordinal_position, \
             position_in_unique_constraint FROM information_schema.key_column_usage \
             WHERE table_schema = 'public' ORDER BY constraint_name, ordinal_position"
        ),
        vec![
            "child_pkey|child|id|1|",
            "child_pkey|child|parent_id|2|",
            "parent_code_key|parent|code|1|",
            "parent_pkey|parent|id|1|",
        ]
    );
    assert_eq!(
        rows(
            &mut c,
            "SELECT table_name, column_name, constraint_name \
             FROM information_schema.constraint_column_usage \
             WHERE table_schema = 'public' ORDER BY constraint_name, column_name"
        ),
        vec![
            "child|id|child_pkey",
            "child|parent_id|child_pkey",
            "parent|code|parent_code_key",
            "parent|id|parent_pkey",
        ]
    );
    assert!(rows(
        &mut c,
        "SELECT schema_name FROM information_schema.schemata ORDER BY 1"
    )
    .contains(&"public".to_string()));
    assert_eq!(
        one(
            &mut c,
            "SELECT count(*) > 0 FROM information_schema.check_constraints \
             WHERE check_clause = 'code IS NOT NULL'"
        ),
        "t"
    );
    assert_eq!(
        one(
            &mut c,
            "SELECT character_set_name FROM information_schema.character_sets"
        ),
        "UTF8"
    );
    // Reachable through search_path too.
    assert_eq!(
        one(
            &mut c,
            "SET search_path = information_schema, public; \
             SELECT count(*) FROM tables WHERE table_name = 'parent'"
        ),
        "1"
    );
    c.batch_execute("RESET search_path").unwrap();
    assert_eq!(
        err(&mut c, "SELECT * FROM information_schema.nosuch"),
        (
            "42P01".into(),
            "relation \"information_schema.nosuch\" does not exist".into()
        )
    );
}

#[test]
fn serial_default_follows_rename() {
    let srv = TestServer::start();
    let mut c = srv.client();
    c.batch_execute(
        "CREATE TABLE serialtest1 (f1 text, f2 serial);
         INSERT INTO serialtest1 VALUES ('foo');
         ALTER TABLE serialtest1_f2_seq RENAME TO serialtest1_f2_foo;
         INSERT INTO serialtest1 VALUES ('bar');
         ALTER SEQUENCE serialtest1_f2_foo RENAME TO serialtest1_f2_bar;
         INSERT INTO serialtest1 VALUES ('baz');",
    )
    .unwrap();
    assert_eq!(
        rows(&mut c, "SELECT f1, f2 FROM serialtest1 ORDER BY f2"),
        vec!["foo|1", "bar|2", "baz|3"]
    );
    assert_eq!(
        one(
            &mut c,
            "SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef \
             WHERE adrelid = 'serialtest1'::regclass"
        ),
        "nextval('serialtest1_f2_bar'::regclass)"
    );
    let (ok, out, e) = srv.psql("\\d serialtest1");
    assert!(ok, "{e}");
    assert!(
        out.contains("nextval('serialtest1_f2_bar'::regclass)"),
        "{out}"
    );
    assert_eq!(
        err(&mut c, "ALTER SEQUENCE serialtest1 RENAME TO x"),
        ("42809".into(), "\"serialtest1\" is not a sequence".into())
    );
    // The default still blocks DROP SEQUENCE under its new name.
    assert_eq!(
        err(&mut c, "DROP SEQUENCE serialtest1_f2_bar").0,
        "2BP01".to_string()
    );
}

#[test]
fn pg_settings_view() {
    let srv = TestServer::start();
    let mut c = srv.client();
    c.batch_execute("SET work_mem = '8MB'").unwrap();
    assert_eq!(
        one(
            &mut c,
            "SELECT setting, unit, context, vartype, source, boot_val, reset_val \
             FROM pg_settings WHERE name = 'work_mem'"
        ),
        "8192|kB|user|integer|session|4096|4096"
    );
    assert_eq!(
        one(
            &mut c,
            "SELECT setting, unit, context FROM pg_catalog.pg_settings \
             WHERE name = 'shared_buffers'"
        ),
        "16384|8kB|postmaster"
    );
    // The view answers what current_setting() answers, for every parameter it lists.
    assert_eq!(
        one(
            &mut c,
            "SELECT count(*) FROM pg_settings WHERE vartype NOT IN ('integer', 'bool') \
             AND setting IS DISTINCT FROM current_setting(name)"
        ),
        "0"
    );
    assert_eq!(
        one(
            &mut c,
            "SELECT enumvals::text, min_val, max_val FROM pg_settings WHERE name = 'wal_level'"
        ),
        "{minimal,replica,logical}||"
    );
    assert_eq!(
        one(
            &mut c,
            "SELECT min_val, max_val, category FROM pg_settings WHERE name = 'port'"
        ),
        "1|65535|Connections and Authentication / Connection Settings"
    );
    // pg_dump's first settings query.
    assert_eq!(
        one(
            &mut c,
            "SELECT pg_catalog.count(*) > 200 FROM pg_catalog.pg_settings \
             WHERE name = ANY (ARRAY['DateStyle', 'search_path']) OR true"
        ),
        "t"
    );
}
