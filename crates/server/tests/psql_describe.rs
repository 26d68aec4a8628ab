//! psql 15's describe commands against Tusk: \d, \dt, \d table (columns, defaults, indexes),
//! \d index, \dn, \l, \du, \di, \ds, \dv, \df, \dt+; plus the catalog functions and reg*
//! casts they rely on (regclass/regtype literals and output, pg_get_userbyid,
//! pg_table_is_visible, pg_get_indexdef, system views pg_roles/pg_tables/pg_user).

mod support;

use support::TestServer;

/// Run one psql meta-command; panics (with stderr) when psql fails.
fn describe(s: &TestServer, cmd: &str) -> String {
    let (ok, out, err) = s.psql(cmd);
    assert!(ok && err.is_empty(), "{cmd}: {err}");
    out
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

#[test]
fn psql_describe_commands() {
    let s = TestServer::start();
    let mut c = s.client();
    c.batch_execute(
        "CREATE TABLE items (id int NOT NULL, name text DEFAULT 'x', code varchar(10), \
         price numeric(10,2)); \
         CREATE UNIQUE INDEX items_id_idx ON items (id); \
         CREATE INDEX items_code_name ON items (code, name); \
         CREATE SCHEMA other; \
         CREATE TABLE other.hidden (a int);",
    )
    .unwrap();

    let d = describe(&s, "\\d items");
    let expected = "                       Table \"public.items\"
 Column |         Type          | Collation | Nullable |  Default  
--------+-----------------------+-----------+----------+-----------
 id     | integer               |           | not null | 
 name   | text                  |           |          | 'x'::text
 code   | character varying(10) |           |          | 
 price  | numeric(10,2)         |           |          | 
Indexes:
    \"items_code_name\" btree (code, name)
    \"items_id_idx\" UNIQUE, btree (id)

";
    assert_eq!(d, expected);

    let dt = describe(&s, "\\dt");
    assert_eq!(
        dt,
        "         List of relations
 Schema | Name  | Type  |  Owner   
--------+-------+-------+----------
 public | items | table | postgres
(1 row)

"
    );
    // \d lists the same; the not-visible other.hidden only when named.
    assert!(describe(&s, "\\d").contains(" public | items | table | postgres"));
    assert!(describe(&s, "\\dt other.*").contains(" other  | hidden | table | postgres"));

    let dn = describe(&s, "\\dn");
    assert!(dn.contains(" other  | postgres"), "{dn}");
    assert!(dn.contains(" public | postgres"), "{dn}");
    assert!(dn.contains("(2 rows)"), "{dn}");

    let l = describe(&s, "\\l");
    assert!(l.contains("List of databases"), "{l}");
    for db in ["postgres ", "template0", "template1"] {
        assert!(l.contains(&format!(" {db} | postgres | UTF8 ")), "{l}");
    }

    let du = describe(&s, "\\du");
    assert!(
        du.contains(" postgres  | Superuser, Create role, Create DB, Replication, Bypass RLS | {}"),
        "{du}"
    );

    let di = describe(&s, "\\di");
    assert!(
        di.contains(" public | items_id_idx    | index | postgres | items"),
        "{di}"
    );

    let idx = describe(&s, "\\d items_code_name");
    assert!(idx.contains("Index \"public.items_code_name\""), "{idx}");
    assert!(idx.contains("btree, for table \"public.items\""), "{idx}");

    c.batch_execute("CREATE VIEW items_v AS SELECT id FROM items")
        .unwrap();
    assert!(describe(&s, "\\dv").contains(" public | items_v | view | postgres"));
    let (ok, _, err) = s.psql("\\ds");
    assert!(ok && err.contains("Did not find any relations."), "{err}");
    assert!(describe(&s, "\\df").contains("List of functions"));
    assert!(describe(&s, "\\dt+").contains(" public | items | table | postgres | permanent"));
}

#[test]
fn reg_casts_and_catalog_functions() {
    let s = TestServer::start();
    let mut c = s.client();
    c.batch_execute("CREATE TABLE t (a int); CREATE SCHEMA s2; CREATE TABLE s2.u (b int)")
        .unwrap();
    assert_eq!(col0(&mut c, "SELECT 't'::regclass"), ["t"]);
    assert_eq!(col0(&mut c, "SELECT 's2.u'::regclass::text"), ["s2.u"]);
    assert_eq!(col0(&mut c, "SELECT 'int4'::regtype"), ["integer"]);
    assert_eq!(
        col0(&mut c, "SELECT 'varchar'::regtype::text"),
        ["character varying"]
    );
    assert_eq!(col0(&mut c, "SELECT 23::regtype"), ["integer"]);
    assert_eq!(col0(&mut c, "SELECT 0::regclass"), ["-"]);
    assert_eq!(col0(&mut c, "SELECT 'public'::regnamespace"), ["public"]);
    assert_eq!(col0(&mut c, "SELECT 'postgres'::regrole"), ["postgres"]);
    assert_eq!(
        col0(
            &mut c,
            "SELECT oid::regclass FROM pg_class WHERE relname = 'u'"
        ),
        ["s2.u"]
    );
    assert_eq!(
        col0(
            &mut c,
            "SELECT 't'::regclass = (SELECT oid FROM pg_class WHERE relname = 't')"
        ),
        ["t"]
    );
    let e = c.simple_query("SELECT 'nosuch'::regclass").unwrap_err();
    let db = e.as_db_error().unwrap();
    assert_eq!(db.code().code(), "42P01");
    assert_eq!(db.message(), "relation \"nosuch\" does not exist");

    assert_eq!(col0(&mut c, "SELECT pg_get_userbyid(10)"), ["postgres"]);
    assert_eq!(col0(&mut c, "SELECT pg_encoding_to_char(6)"), ["UTF8"]);
    assert_eq!(
        col0(
            &mut c,
            "SELECT relname || ':' || pg_table_is_visible(oid) FROM pg_class \
             WHERE relname IN ('t', 'u') ORDER BY 1"
        ),
        // `||` casts the boolean to text: true/false, as in PostgreSQL.
        ["t:true", "u:false"]
    );
    assert_eq!(
        col0(
            &mut c,
            "SELECT rolname FROM pg_roles WHERE rolname = 'postgres'"
        ),
        ["postgres"]
    );
    assert_eq!(
        col0(
            &mut c,
            "SELECT tablename FROM pg_tables WHERE schemaname = 's2'"
        ),
        ["u"]
    );
    assert_eq!(
        col0(&mut c, "SELECT usename FROM pg_catalog.pg_user"),
        ["postgres"]
    );
    c.batch_execute("CREATE INDEX t_a ON t (a)").unwrap();
    assert_eq!(
        col0(&mut c, "SELECT pg_get_indexdef('t_a'::regclass)"),
        ["CREATE INDEX t_a ON t USING btree (a)"]
    );
    assert_eq!(
        col0(
            &mut c,
            "SELECT indexdef FROM pg_indexes WHERE tablename = 't'"
        ),
        ["CREATE INDEX t_a ON t USING btree (a)"]
    );
    assert_eq!(
        col0(&mut c, "SELECT pg_size_pretty(10240::int8)"),
        ["10 kB"]
    );
    assert_eq!(col0(&mut c, "SELECT '{0}'::oid[] = '{0}'"), ["t"]);
}
