//! The extended query protocol end to end: the `postgres` crate (Parse/Describe/Bind/Execute
//! with binary results and parameters), portals with row limits, byte-exact binary formats,
//! protocol errors sent as raw messages, SQL PREPARE/EXECUTE through psql, plan
//! invalidation, and pgbench's extended and prepared modes.

mod support;

use postgres::types::{FromSql, IsNull, ToSql, Type};
use std::io::{Read, Write};
use std::net::TcpStream;
use support::TestServer;

/// Any value's raw binary representation.
#[derive(Debug, PartialEq)]
struct Raw(Vec<u8>);

impl<'a> FromSql<'a> for Raw {
    fn from_sql(_: &Type, raw: &'a [u8]) -> Result<Self, Box<dyn std::error::Error + Sync + Send>> {
        Ok(Raw(raw.to_vec()))
    }
    fn accepts(_: &Type) -> bool {
        true
    }
}

/// A parameter sent as the given raw binary bytes.
#[derive(Debug)]
struct RawParam(Vec<u8>);

impl ToSql for RawParam {
    fn to_sql(
        &self,
        _: &Type,
        out: &mut postgres::types::private::BytesMut,
    ) -> Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        out.extend_from_slice(&self.0);
        Ok(IsNull::No)
    }
    fn accepts(_: &Type) -> bool {
        true
    }
    postgres::types::to_sql_checked!();
}

#[test]
fn parameters_and_binary_results_round_trip() {
    let srv = TestServer::start();
    let mut c = srv.client();
    c.batch_execute("CREATE TABLE t (a int4, b text, c float8, d int8, e bool, f bytea)")
        .unwrap();
    let n = c
        .execute(
            "INSERT INTO t VALUES ($1, $2, $3, $4, $5, $6)",
            &[
                &7i32,
                &"seven",
                &7.5f64,
                &(1i64 << 40),
                &true,
                &vec![0u8, 1, 255],
            ],
        )
        .unwrap();
    assert_eq!(n, 1);
    c.execute(
        "INSERT INTO t VALUES ($1, $2, NULL, NULL, NULL, NULL)",
        &[&8i32, &Option::<String>::None],
    )
    .unwrap();
    let rows = c
        .query("SELECT a, b, c, d, e, f FROM t WHERE a = $1", &[&7i32])
        .unwrap();
    assert_eq!(rows.len(), 1);
    let r = &rows[0];
    assert_eq!(r.get::<_, i32>(0), 7);
    assert_eq!(r.get::<_, String>(1), "seven");
    assert_eq!(r.get::<_, f64>(2), 7.5);
    assert_eq!(r.get::<_, i64>(3), 1i64 << 40);
    assert!(r.get::<_, bool>(4));
    assert_eq!(r.get::<_, Vec<u8>>(5), vec![0u8, 1, 255]);
    let r = c
        .query_one("SELECT b, c FROM t WHERE a = $1", &[&8i32])
        .unwrap();
    assert_eq!(r.get::<_, Option<String>>(0), None);
    assert_eq!(r.get::<_, Option<f64>>(1), None);

    // Parameter types are inferred from context, and reported by Describe.
    let stmt = c
        .prepare("SELECT a FROM t WHERE b = $1 AND a > $2 AND $3::int8 > 0")
        .unwrap();
    let types: Vec<Type> = stmt.params().to_vec();
    assert_eq!(types, vec![Type::TEXT, Type::INT4, Type::INT8]);
    assert_eq!(stmt.columns()[0].type_(), &Type::INT4);
    let rows = c.query(&stmt, &[&"seven", &1i32, &5i64]).unwrap();
    assert_eq!(rows.len(), 1);
    // A bare `$1` in the select list is text, as in PostgreSQL 10.
    let stmt = c.prepare("SELECT $1").unwrap();
    assert_eq!(stmt.params(), &[Type::TEXT]);

    // Arrays and smaller types.
    let r = c
        .query_one(
            "SELECT $1::int4[], $2::text[], $3::int2, $4::float4, $5::oid",
            &[&vec![1i32, 2, 3], &vec!["a", "b"], &5i16, &1.25f32, &26u32],
        )
        .unwrap();
    assert_eq!(r.get::<_, Vec<i32>>(0), vec![1, 2, 3]);
    assert_eq!(r.get::<_, Vec<String>>(1), vec!["a", "b"]);
    assert_eq!(r.get::<_, i16>(2), 5);
    assert_eq!(r.get::<_, f32>(3), 1.25);
    assert_eq!(r.get::<_, u32>(4), 26);
    // DML with RETURNING through the extended protocol.
    let r = c
        .query_one(
            "UPDATE t SET a = a + $1 WHERE a = 7 RETURNING a, b",
            &[&100i32],
        )
        .unwrap();
    assert_eq!(r.get::<_, i32>(0), 107);
}

#[test]
fn binary_formats_are_byte_exact() {
    let srv = TestServer::start();
    let mut c = srv.client();
    let cases: &[(&str, &[u8])] = &[
        ("SELECT '2000-01-02'::date", &[0, 0, 0, 1]),
        (
            "SELECT '2000-01-01 00:00:01'::timestamp",
            &[0, 0, 0, 0, 0, 0x0f, 0x42, 0x40],
        ),
        (
            "SELECT '2000-01-01 00:00:01+00'::timestamptz",
            &[0, 0, 0, 0, 0, 0x0f, 0x42, 0x40],
        ),
        (
            "SELECT '00:00:01'::time",
            &[0, 0, 0, 0, 0, 0x0f, 0x42, 0x40],
        ),
        // numeric 12.5: ndigits 2, weight 0, sign +, dscale 1, digits 12 and 5000.
        (
            "SELECT 12.5::numeric",
            &[0, 2, 0, 0, 0, 0, 0, 1, 0, 12, 0x13, 0x88],
        ),
        (
            "SELECT '-0.01'::numeric",
            &[0, 1, 0xff, 0xff, 0x40, 0, 0, 2, 0, 100],
        ),
        // interval: microseconds, days, months.
        (
            "SELECT '1 mon 2 days 00:00:03'::interval",
            &[0, 0, 0, 0, 0, 0x2d, 0xc6, 0xc0, 0, 0, 0, 2, 0, 0, 0, 1],
        ),
        (
            "SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid",
            &[
                0xa0, 0xee, 0xbc, 0x99, 0x9c, 0x0b, 0x4e, 0xf8, 0xbb, 0x6d, 0x6b, 0xb9, 0xbd, 0x38,
                0x0a, 0x11,
            ],
        ),
        ("SELECT 'ab'::varchar(5)", b"ab"),
        ("SELECT 'x'::char(3)", b"x  "),
        ("SELECT true", &[1]),
        // jsonb: version byte 1, then the text.
        ("SELECT '{\"a\": 1}'::jsonb", b"\x01{\"a\": 1}"),
        // int4[] {1,2}: ndim 1, no nulls, elem oid 23, dim 2, lbound 1, then (len, value)s.
        (
            "SELECT '{1,2}'::int4[]",
            &[
                0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 23, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 4, 0, 0, 0,
                1, 0, 0, 0, 4, 0, 0, 0, 2,
            ],
        ),
    ];
    for (sql, want) in cases {
        let got: Raw = c.query_one(*sql, &[]).unwrap().get(0);
        assert_eq!(&got.0[..], *want, "{sql}");
    }
    // Binary parameters decode to the same values.
    let r = c
        .query_one(
            "SELECT $1::date::text, $2::numeric::text, $3::interval::text, $4::uuid::text",
            &[
                &RawParam(vec![0, 0, 0, 1]),
                &RawParam(vec![0, 2, 0, 0, 0, 0, 0, 1, 0, 12, 0x13, 0x88]),
                &RawParam(vec![
                    0, 0, 0, 0, 0, 0x2d, 0xc6, 0xc0, 0, 0, 0, 2, 0, 0, 0, 1,
                ]),
                &RawParam(vec![0xa0; 16]),
            ],
        )
        .unwrap();
    assert_eq!(r.get::<_, String>(0), "2000-01-02");
    assert_eq!(r.get::<_, String>(1), "12.5");
    assert_eq!(r.get::<_, String>(2), "1 mon 2 days 00:00:03");
    assert_eq!(
        r.get::<_, String>(3),
        "a0a0a0a0-a0a0-a0a0-a0a0-a0a0a0a0a0a0"
    );
    // Trailing bytes are 22P03, too few bytes 08P01 (as PostgreSQL), and the session
    // stays usable.
    let e = c
        .query_one("SELECT $1::int4", &[&RawParam(vec![0, 0, 0, 1, 2])])
        .unwrap_err();
    assert_eq!(e.code().map(|c| c.code()), Some("22P03"));
    let e = c
        .query_one("SELECT $1::int4", &[&RawParam(vec![1, 2])])
        .unwrap_err();
    assert_eq!(e.code().map(|c| c.code()), Some("08P01"));
    assert_eq!(c.query_one("SELECT 1", &[]).unwrap().get::<_, i32>(0), 1);
}

#[test]
fn portals_with_row_limits_resume() {
    let srv = TestServer::start();
    let mut c = srv.client();
    let mut tx = c.transaction().unwrap();
    let portal = tx
        .bind(
            "SELECT g FROM generate_series(1, 10) g WHERE g > $1",
            &[&0i32],
        )
        .unwrap();
    let mut seen = Vec::new();
    let mut batches = Vec::new();
    loop {
        let rows = tx.query_portal(&portal, 3).unwrap();
        batches.push(rows.len());
        if rows.is_empty() {
            break;
        }
        seen.extend(rows.iter().map(|r| r.get::<_, i32>(0)));
    }
    assert_eq!(seen, (1..=10).collect::<Vec<_>>());
    assert_eq!(batches, vec![3, 3, 3, 1, 0]);
    tx.commit().unwrap();
}

#[test]
fn transactions_span_extended_messages() {
    let srv = TestServer::start();
    let mut c = srv.client();
    c.batch_execute("CREATE TABLE acct (id int, bal int)")
        .unwrap();
    let mut tx = c.transaction().unwrap();
    tx.execute("INSERT INTO acct VALUES ($1, $2)", &[&1i32, &100i32])
        .unwrap();
    tx.rollback().unwrap();
    let n: i64 = c
        .query_one("SELECT count(*) FROM acct", &[])
        .unwrap()
        .get(0);
    assert_eq!(n, 0);
    // An error aborts only the implicit transaction of its Sync.
    let e = c.execute("INSERT INTO acct VALUES ($1, 1/0)", &[&1i32]);
    assert_eq!(e.unwrap_err().code().map(|c| c.code()), Some("22012"));
    c.execute("INSERT INTO acct VALUES ($1, $2)", &[&2i32, &5i32])
        .unwrap();
    let n: i64 = c
        .query_one("SELECT count(*) FROM acct", &[])
        .unwrap()
        .get(0);
    assert_eq!(n, 1);
    // Errors at Parse carry their SQLSTATE.
    let e = c.prepare("SELECT nope FROM acct").unwrap_err();
    assert_eq!(e.code().map(|c| c.code()), Some("42703"));
    let e = c.prepare("SELECT 1; SELECT 2").unwrap_err();
    assert_eq!(e.code().map(|c| c.code()), Some("42601"));
    let e = c.prepare("SELECT $1 IS NULL").unwrap_err();
    assert_eq!(e.code().map(|c| c.code()), Some("42P18"));
    // A parameter number no Bind could supply is refused, not allocated for.
    let e = c.prepare("SELECT $4000000000::int").unwrap_err();
    assert_eq!(e.code().map(|c| c.code()), Some("42P02"));
    let e = c
        .batch_execute("PREPARE big AS SELECT $99999::int")
        .unwrap_err();
    assert_eq!(e.code().map(|c| c.code()), Some("42P02"));
}

#[test]
fn cached_plans_follow_ddl() {
    let srv = TestServer::start();
    let mut c = srv.client();
    c.batch_execute("CREATE TABLE p (a int); INSERT INTO p VALUES (1), (2)")
        .unwrap();
    let stmt = c.prepare("SELECT a FROM p ORDER BY a").unwrap();
    assert_eq!(c.query(&stmt, &[]).unwrap().len(), 2);
    // Re-created table: the cached plan is re-made against the new one.
    c.batch_execute("DROP TABLE p; CREATE TABLE p (a int); INSERT INTO p VALUES (5)")
        .unwrap();
    let rows = c.query(&stmt, &[]).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].get::<_, i32>(0), 5);
    let star = c.prepare("SELECT * FROM p").unwrap();
    c.batch_execute("ALTER TABLE p ADD COLUMN b int").unwrap();
    let e = c.query(&star, &[]).unwrap_err();
    assert_eq!(e.code().map(|c| c.code()), Some("0A000"));
    assert_eq!(
        e.as_db_error().map(|d| d.message().to_string()),
        Some("cached plan must not change result type".to_string())
    );
}

#[test]
fn sql_prepare_execute_deallocate() {
    let srv = TestServer::start();
    let (ok, out, err) = srv.psql_args(&[
        "-X",
        "-A",
        "-t",
        "-c",
        "CREATE TABLE q (a int, b text)",
        "-c",
        "PREPARE ins(int, text) AS INSERT INTO q VALUES ($1, $2)",
        "-c",
        "EXECUTE ins(1, 'one')",
        "-c",
        "EXECUTE ins(2, 'two')",
        "-c",
        "PREPARE sel AS SELECT b FROM q WHERE a = $1",
        "-c",
        "EXECUTE sel(2)",
        "-c",
        "DEALLOCATE sel",
    ]);
    assert!(ok, "{err}");
    assert!(out.contains("INSERT 0 1"), "{out}");
    assert!(out.contains("two"), "{out}");
    let (_, _, err) = srv.psql_args(&["-X", "-c", "EXECUTE nothing"]);
    assert!(
        err.contains("prepared statement \"nothing\" does not exist"),
        "{err}"
    );
    let (_, _, err) = srv.psql_args(&[
        "-X",
        "-c",
        "PREPARE x(int) AS SELECT $1",
        "-c",
        "EXECUTE x(1, 2)",
    ]);
    assert!(
        err.contains("wrong number of parameters for prepared statement \"x\""),
        "{err}"
    );
}

// --- raw protocol helpers ---

fn msg(tag: u8, body: &[u8]) -> Vec<u8> {
    let mut m = vec![tag];
    m.extend_from_slice(&((body.len() + 4) as i32).to_be_bytes());
    m.extend_from_slice(body);
    m
}

fn cstr(s: &str) -> Vec<u8> {
    let mut v = s.as_bytes().to_vec();
    v.push(0);
    v
}

/// Read messages until ReadyForQuery; returns (tag, body) pairs.
fn read_until_ready(s: &mut TcpStream) -> Vec<(u8, Vec<u8>)> {
    let mut out = Vec::new();
    loop {
        let mut head = [0u8; 5];
        s.read_exact(&mut head).unwrap();
        let len = i32::from_be_bytes([head[1], head[2], head[3], head[4]]) as usize;
        let mut body = vec![0u8; len - 4];
        s.read_exact(&mut body).unwrap();
        let tag = head[0];
        out.push((tag, body));
        if tag == b'Z' {
            return out;
        }
    }
}

fn connect_raw(srv: &TestServer) -> TcpStream {
    let mut s = TcpStream::connect(("127.0.0.1", srv.port)).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(20)))
        .unwrap();
    let mut body = Vec::new();
    body.extend_from_slice(&196608i32.to_be_bytes());
    for kv in ["user", "postgres", "database", "postgres"] {
        body.extend(cstr(kv));
    }
    body.push(0);
    let mut pkt = ((body.len() + 4) as i32).to_be_bytes().to_vec();
    pkt.extend(body);
    s.write_all(&pkt).unwrap();
    read_until_ready(&mut s);
    s
}

fn sqlstate(body: &[u8]) -> String {
    let mut i = 0;
    while i < body.len() && body[i] != 0 {
        let field = body[i];
        let end = i + 1 + body[i + 1..].iter().position(|&b| b == 0).unwrap();
        if field == b'C' {
            return String::from_utf8_lossy(&body[i + 1..end]).into_owned();
        }
        i = end + 1;
    }
    String::new()
}

fn parse(name: &str, sql: &str) -> Vec<u8> {
    let mut b = cstr(name);
    b.extend(cstr(sql));
    b.extend_from_slice(&0i16.to_be_bytes());
    msg(b'P', &b)
}

fn bind(portal: &str, stmt: &str, params: &[&[u8]], formats: &[i16]) -> Vec<u8> {
    let mut b = cstr(portal);
    b.extend(cstr(stmt));
    b.extend_from_slice(&(formats.len() as i16).to_be_bytes());
    for f in formats {
        b.extend_from_slice(&f.to_be_bytes());
    }
    b.extend_from_slice(&(params.len() as i16).to_be_bytes());
    for p in params {
        b.extend_from_slice(&(p.len() as i32).to_be_bytes());
        b.extend_from_slice(p);
    }
    b.extend_from_slice(&0i16.to_be_bytes());
    msg(b'B', &b)
}

fn execute(portal: &str, max_rows: i32) -> Vec<u8> {
    let mut b = cstr(portal);
    b.extend_from_slice(&max_rows.to_be_bytes());
    msg(b'E', &b)
}

fn sync() -> Vec<u8> {
    msg(b'S', &[])
}

fn tags(reply: &[(u8, Vec<u8>)]) -> String {
    reply.iter().map(|(t, _)| *t as char).collect()
}

fn error_code(reply: &[(u8, Vec<u8>)]) -> String {
    reply
        .iter()
        .find(|(t, _)| *t == b'E')
        .map(|(_, b)| sqlstate(b))
        .unwrap_or_default()
}

#[test]
fn protocol_errors_then_recovery() {
    let srv = TestServer::start();
    let mut s = connect_raw(&srv);
    // Parse + Bind with too few parameters: 08P01, the rest is skipped until Sync.
    let mut batch = parse("s1", "SELECT $1::int4 + 1");
    batch.extend(bind("", "s1", &[], &[]));
    batch.extend(execute("", 0));
    batch.extend(sync());
    s.write_all(&batch).unwrap();
    let reply = read_until_ready(&mut s);
    assert_eq!(tags(&reply), "1EZ");
    assert_eq!(error_code(&reply), "08P01");
    // The named statement survives; reusing its name is 42P05.
    s.write_all(&[parse("s1", "SELECT 2"), sync()].concat())
        .unwrap();
    let reply = read_until_ready(&mut s);
    assert_eq!(error_code(&reply), "42P05");
    // A format code that is neither 0 nor 1.
    s.write_all(&[bind("", "s1", &[b"41"], &[7]), sync()].concat())
        .unwrap();
    assert_eq!(error_code(&read_until_ready(&mut s)), "22023");
    // Unknown portal and unknown statement.
    s.write_all(&[execute("nope", 0), sync()].concat()).unwrap();
    assert_eq!(error_code(&read_until_ready(&mut s)), "34000");
    s.write_all(&[bind("", "nope", &[], &[]), sync()].concat())
        .unwrap();
    assert_eq!(error_code(&read_until_ready(&mut s)), "26000");
    // Invalid text input for a parameter.
    s.write_all(&[bind("", "s1", &[b"abc"], &[]), sync()].concat())
        .unwrap();
    assert_eq!(error_code(&read_until_ready(&mut s)), "22P02");
    // And the statement still works: 41 + 1, in text.
    s.write_all(&[bind("", "s1", &[b"41"], &[]), execute("", 0), sync()].concat())
        .unwrap();
    let reply = read_until_ready(&mut s);
    assert_eq!(tags(&reply), "2DCZ");
    assert!(reply[1].1.ends_with(b"42"), "{:?}", reply[1]);
    // Execute with a row limit suspends, then finishes.
    let q = parse("", "SELECT g FROM generate_series(1,5) g");
    s.write_all(
        &[
            q,
            bind("c", "", &[], &[]),
            execute("c", 2),
            execute("c", 2),
            execute("c", 0),
            sync(),
        ]
        .concat(),
    )
    .unwrap();
    let reply = read_until_ready(&mut s);
    assert_eq!(tags(&reply), "12DDsDDsDCZ");
    // Empty query string: EmptyQueryResponse.
    s.write_all(
        &[
            parse("", ""),
            bind("", "", &[], &[]),
            execute("", 0),
            sync(),
        ]
        .concat(),
    )
    .unwrap();
    assert_eq!(tags(&read_until_ready(&mut s)), "12IZ");
    // Describe of a statement: ParameterDescription then RowDescription.
    let mut d = vec![b'S'];
    d.extend(cstr("s1"));
    s.write_all(&[msg(b'D', &d), sync()].concat()).unwrap();
    assert_eq!(tags(&read_until_ready(&mut s)), "tTZ");
}

#[test]
fn pgbench_extended_and_prepared_modes() {
    let srv = TestServer::start();
    let mut c = srv.client();
    c.batch_execute(
        "CREATE TABLE kv (k int, v int); INSERT INTO kv SELECT g, 0 FROM generate_series(1, 20) g",
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("s.sql");
    std::fs::write(
        &script,
        "\\set k random(1, 20)\nSELECT v FROM kv WHERE k = :k;\nUPDATE kv SET v = v + 1 WHERE k = :k;\n",
    )
    .unwrap();
    let pgbench = support::psql_bin().with_file_name("pgbench");
    for mode in ["extended", "prepared"] {
        let out = std::process::Command::new(&pgbench)
            .args(["-n", "-M", mode, "-t", "50", "-c", "1", "-f"])
            .arg(&script)
            .args([
                "-h",
                "127.0.0.1",
                "-p",
                &srv.port.to_string(),
                "-U",
                "postgres",
            ])
            .arg("postgres")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{mode}: {stdout} {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            stdout.contains("number of transactions actually processed: 50/50"),
            "{mode}: {stdout}"
        );
    }
    let total: i64 = c.query_one("SELECT sum(v) FROM kv", &[]).unwrap().get(0);
    assert_eq!(total, 100);
}

#[test]
fn sql_cursors_scroll_and_hold() {
    let srv = TestServer::start();
    let mut c = srv.client();
    let fetch = |c: &mut postgres::Client, q: &str| -> Vec<i32> {
        c.simple_query(q)
            .unwrap()
            .into_iter()
            .filter_map(|m| match m {
                postgres::SimpleQueryMessage::Row(r) => r.get(0).map(|v| v.parse().unwrap()),
                _ => None,
            })
            .collect()
    };
    let e = c
        .batch_execute("DECLARE x CURSOR FOR SELECT 1")
        .unwrap_err();
    assert_eq!(e.code().map(|c| c.code()), Some("25P01"));
    c.batch_execute("BEGIN; DECLARE c SCROLL CURSOR FOR SELECT g FROM generate_series(1, 10) g")
        .unwrap();
    assert_eq!(fetch(&mut c, "FETCH 3 FROM c"), vec![1, 2, 3]);
    assert_eq!(fetch(&mut c, "FETCH BACKWARD 2 FROM c"), vec![2, 1]);
    assert_eq!(fetch(&mut c, "FETCH ABSOLUTE -1 FROM c"), vec![10]);
    assert_eq!(fetch(&mut c, "FETCH RELATIVE -3 FROM c"), vec![7]);
    assert_eq!(fetch(&mut c, "FETCH FIRST FROM c"), vec![1]);
    assert_eq!(fetch(&mut c, "FETCH FORWARD ALL FROM c").len(), 9);
    assert_eq!(fetch(&mut c, "FETCH NEXT FROM c"), Vec::<i32>::new());
    assert_eq!(fetch(&mut c, "FETCH PRIOR FROM c"), vec![10]);
    let tags: Vec<u64> = c
        .simple_query("MOVE BACKWARD ALL IN c")
        .unwrap()
        .into_iter()
        .filter_map(|m| match m {
            postgres::SimpleQueryMessage::CommandComplete(n) => Some(n),
            _ => None,
        })
        .collect();
    assert_eq!(tags, vec![9]);
    let names = c
        .query_one("SELECT string_agg(name, ',') FROM pg_cursors", &[])
        .unwrap()
        .get::<_, String>(0);
    assert_eq!(names, "c");
    c.batch_execute("DECLARE n NO SCROLL CURSOR FOR SELECT 1")
        .unwrap();
    let e = c.batch_execute("FETCH BACKWARD 1 FROM n").unwrap_err();
    assert_eq!(e.code().map(|c| c.code()), Some("55000"));
    c.batch_execute("ROLLBACK").unwrap();
    // WITH HOLD survives its transaction's commit, not its rollback.
    c.batch_execute(
        "BEGIN; DECLARE h CURSOR WITH HOLD FOR SELECT g FROM generate_series(1, 3) g; COMMIT",
    )
    .unwrap();
    c.batch_execute("BEGIN; DECLARE gone CURSOR WITH HOLD FOR SELECT 1; ROLLBACK")
        .unwrap();
    assert_eq!(fetch(&mut c, "FETCH ALL FROM h"), vec![1, 2, 3]);
    let e = c.batch_execute("FETCH ALL FROM gone").unwrap_err();
    assert_eq!(e.code().map(|c| c.code()), Some("34000"));
    c.batch_execute("CLOSE h").unwrap();
    let e = c.batch_execute("CLOSE h").unwrap_err();
    assert_eq!(e.code().map(|c| c.code()), Some("34000"));
    // The query runs at the first FETCH: errors surface there, and the cursor is dead after.
    c.batch_execute(
        "BEGIN; DECLARE z CURSOR FOR SELECT 1 / (g - 2) FROM generate_series(1, 3) g; SAVEPOINT s",
    )
    .unwrap();
    let e = c.batch_execute("FETCH 1 FROM z").unwrap_err();
    assert_eq!(e.code().map(|c| c.code()), Some("22012"));
    c.batch_execute("ROLLBACK TO SAVEPOINT s").unwrap();
    let e = c.batch_execute("FETCH 1 FROM z").unwrap_err();
    assert_eq!(e.code().map(|c| c.code()), Some("55000"));
    assert_eq!(
        e.as_db_error().map(|d| d.message().to_string()),
        Some("portal \"z\" cannot be run".to_string())
    );
    c.batch_execute("ROLLBACK").unwrap();
}

#[test]
fn pg_prepared_statements_lists_named_statements() {
    let srv = TestServer::start();
    let mut c = srv.client();
    c.batch_execute("PREPARE q(int, float8) AS SELECT $1 + $2")
        .unwrap();
    let rows = c
        .simple_query(
            "SELECT name, statement, parameter_types, from_sql \
             FROM pg_prepared_statements WHERE from_sql",
        )
        .unwrap();
    let row = rows
        .iter()
        .find_map(|m| match m {
            postgres::SimpleQueryMessage::Row(r) => Some(r),
            _ => None,
        })
        .expect("one row");
    assert_eq!(row.get(0), Some("q"));
    assert_eq!(row.get(1), Some("PREPARE q(int, float8) AS SELECT $1 + $2"));
    assert_eq!(row.get(2), Some("{integer,\"double precision\"}"));
    assert_eq!(row.get(3), Some("t"));
    // The client's named protocol-level statements are listed too, with from_sql false.
    let kept = c.prepare("SELECT 1").unwrap();
    let n: i64 = c
        .query_one(
            "SELECT count(*) FROM pg_prepared_statements WHERE NOT from_sql",
            &[],
        )
        .unwrap()
        .get(0);
    assert!(n >= 1, "{n}");
    drop(kept);
    c.batch_execute("DEALLOCATE ALL").unwrap();
    let n: i64 = c
        .query_one(
            "SELECT count(*) FROM pg_prepared_statements WHERE from_sql",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(n, 0);
}
