//! End-to-end tests: bootstrap a cluster, create tables through the catalog, and run SQL
//! through `execute_statement` with a collecting sink.

use catalog::{BootstrapOptions, Catalog, CatalogCx, NewColumn};
use common::{Interrupts, Oid, PgError, PgResult};
use executor::{execute_statement, ExecContext, ResultColumn, ResultSink, TxnState};
use std::sync::Arc;
use storage::Storage;
use txn::TransactionManager;
use types::oids::*;
use types::{Datum, SessionEnv};

struct Sink {
    cols: Vec<ResultColumn>,
    rows: Vec<Vec<Datum>>,
}

impl ResultSink for Sink {
    fn describe(&mut self, columns: &[ResultColumn]) -> PgResult<()> {
        self.cols = columns.to_vec();
        Ok(())
    }
    fn row(&mut self, values: &[Datum]) -> PgResult<()> {
        self.rows.push(values.to_vec());
        Ok(())
    }
}

struct Env {
    _dir: tempfile::TempDir,
    storage: Arc<Storage>,
    tm: Arc<TransactionManager>,
    cat: Arc<Catalog>,
    intr: Interrupts,
    gucs: guc::Settings,
    env: SessionEnv,
}

#[derive(Debug)]
struct Out {
    names: Vec<String>,
    types: Vec<Oid>,
    rows: Vec<Vec<String>>,
    tag: String,
}

fn setup() -> Env {
    let dir = tempfile::tempdir().unwrap();
    catalog::bootstrap_cluster(
        dir.path(),
        &BootstrapOptions {
            superuser: "postgres".into(),
            superuser_password: None,
            encoding: "UTF8".into(),
            lc_collate: "C".into(),
            lc_ctype: "C".into(),
        },
    )
    .unwrap();
    let storage = Storage::open(dir.path(), 256).unwrap();
    let tm = TransactionManager::open(dir.path()).unwrap();
    let cat = Catalog::new(storage.clone(), tm.clone());
    Env {
        _dir: dir,
        storage,
        tm,
        cat,
        intr: Interrupts::new(),
        gucs: guc::Settings::new(),
        env: SessionEnv::default(),
    }
}

impl Env {
    fn create_table(&self, name: &str, cols: &[(&str, Oid, i32, bool, Option<&str>)]) {
        let xid = self.tm.begin().unwrap();
        let snap = self.tm.snapshot(xid, 0);
        let cx = CatalogCx {
            storage: &self.storage,
            tm: &self.tm,
            db_oid: catalog::oids::POSTGRES_DB,
            snapshot: &snap,
            xid,
            cid: 0,
            interrupts: &self.intr,
        };
        let cols: Vec<NewColumn> = cols
            .iter()
            .map(|(n, t, m, nn, d)| NewColumn {
                name: n.to_string(),
                type_oid: *t,
                typmod: *m,
                not_null: *nn,
                default_expr: d.map(|s| s.to_string()),
            })
            .collect();
        if let Err(er) =
            self.cat
                .create_table(&cx, catalog::oids::PUBLIC_NAMESPACE, name, &cols, b'p')
        {
            println!("create_table {name}: {}", er.message);
        }
        self.tm.commit(xid).unwrap();
        self.cat.at_commit(xid);
    }

    fn run(&mut self, sql: &str) -> Result<Out, PgError> {
        let stmts = parser::parse(sql)?;
        let mut last = None;
        for s in stmts {
            let mut txn = TxnState {
                snapshot: self.tm.snapshot(txn::INVALID_XID, 0),
                ..TxnState::default()
            };
            let mut notices = Vec::new();
            let mut sink = Sink {
                cols: vec![],
                rows: vec![],
            };
            let r = {
                let mut cx = ExecContext {
                    storage: &self.storage,
                    tm: &self.tm,
                    catalog: &self.cat,
                    db_oid: catalog::oids::POSTGRES_DB,
                    db_name: "postgres",
                    user_oid: 10,
                    user_name: "postgres",
                    txn: &mut txn,
                    env: &self.env,
                    gucs: &mut self.gucs,
                    interrupts: &self.intr,
                    notices: &mut notices,
                    backend_pid: 42,
                    params: &[],
                    session_relations: None,
                };
                execute_statement(&s.stmt, sql, &mut cx, &mut sink)
            };
            if txn.xid != txn::INVALID_XID {
                if r.is_ok() {
                    self.tm.commit(txn.xid).unwrap();
                    self.cat.at_commit(txn.xid);
                } else {
                    self.tm.abort(txn.xid).unwrap();
                    self.cat.at_abort(txn.xid);
                }
            }
            let tag = r?;
            let rows = sink
                .rows
                .iter()
                .map(|r| {
                    r.iter()
                        .zip(sink.cols.iter())
                        .map(|(d, c)| match d {
                            Datum::Null => "NULL".to_string(),
                            d => types::io::output(c.type_oid, d, &self.env)
                                .unwrap_or_else(|e| format!("<{}>", e.message)),
                        })
                        .collect()
                })
                .collect();
            last = Some(Out {
                names: sink.cols.iter().map(|c| c.name.clone()).collect(),
                types: sink.cols.iter().map(|c| c.type_oid).collect(),
                rows,
                tag,
            });
        }
        last.ok_or_else(|| PgError::internal("no statement"))
    }

    fn rows(&mut self, sql: &str) -> Vec<Vec<String>> {
        match self.run(sql) {
            Ok(o) => o.rows,
            Err(e) => panic!("{sql}: {} ({:?})", e.message, e),
        }
    }

    fn one(&mut self, sql: &str) -> String {
        let r = self.rows(sql);
        assert_eq!(r.len(), 1, "{sql}: {r:?}");
        r[0].join("|")
    }

    fn err(&mut self, sql: &str) -> PgError {
        match self.run(sql) {
            Ok(o) => panic!("{sql}: expected an error, got {o:?}"),
            Err(e) => e,
        }
    }
}

fn flat(rows: Vec<Vec<String>>) -> Vec<String> {
    rows.into_iter().map(|r| r.join("|")).collect()
}

#[test]
fn select_without_from() {
    let mut e = setup();
    let o = e
        .run("SELECT 1 + 2 AS three, 'abc', 1.5, NULL::int, 2147483648")
        .unwrap();
    assert_eq!(
        o.names,
        vec!["three", "?column?", "?column?", "int4", "?column?"]
    );
    assert_eq!(o.types, vec![INT4, TEXT, NUMERIC, INT4, INT8]);
    assert_eq!(o.rows, vec![vec!["3", "abc", "1.5", "NULL", "2147483648"]]);
    assert_eq!(o.tag, "SELECT 1");
    assert_eq!(e.one("SELECT 10 / 3, 10 % 3, -5, 2 ^ 3"), "3|1|-5|8");
    assert_eq!(
        e.one("SELECT 1 < 2, 'a' = 'a', 1 = 1 AND NULL, 1 = 2 AND NULL"),
        "t|t|NULL|f"
    );
    assert_eq!(e.one("SELECT CASE WHEN 1 > 2 THEN 'x' ELSE 'y' END"), "y");
    assert_eq!(
        e.one("SELECT CASE 2 WHEN 1 THEN 'one' WHEN 2 THEN 'two' END"),
        "two"
    );
    assert_eq!(
        e.one("SELECT coalesce(NULL, 2, 3), nullif(1, 1), greatest(1, 5, 3)"),
        "2|NULL|5"
    );
    assert_eq!(e.one("SELECT 'ab' || 'cd', length('hello')"), "abcd|5");
    assert_eq!(
        e.one("SELECT 1 IN (1, 2), 3 NOT IN (1, 2), 2 BETWEEN 1 AND 3"),
        "t|t|t"
    );
    assert_eq!(e.one("SELECT 'abc' LIKE 'a%', 'abc' ILIKE 'A_C'"), "t|t");
    assert_eq!(
        e.one("SELECT NULL IS NULL, 1 IS DISTINCT FROM NULL, true IS TRUE"),
        "t|t|t"
    );
    assert_eq!(
        e.one("SELECT '12'::int + 1, CAST('3.5' AS numeric)"),
        "13|3.5"
    );
    assert_eq!(e.one("SELECT ARRAY[1,2,3], (ARRAY[1,2,3])[2]"), "{1,2,3}|2");
    assert_eq!(e.one("SELECT version()"), executor::funcs::VERSION);
    let o = e
        .run("SELECT pg_typeof(1), current_database(), current_user")
        .unwrap();
    assert_eq!(o.types[0], REGTYPE);
    assert_eq!(
        o.rows[0][1..],
        ["postgres".to_string(), "postgres".to_string()]
    );
}

#[test]
fn expression_errors() {
    let mut e = setup();
    let er = e.err("SELECT 1 + 'a'::text");
    assert_eq!(er.message, "operator does not exist: integer + text");
    assert_eq!(er.position, Some(10));
    assert!(er.hint.unwrap().starts_with("No operator matches"));
    let er = e.err("SELECT foo(1)");
    assert_eq!(er.message, "function foo(integer) does not exist");
    let er = e.err("SELECT 'abc'::int");
    assert_eq!(er.message, "invalid input syntax for integer: \"abc\"");
    assert_eq!(er.position, Some(8));
    let er = e.err("SELECT 1/0");
    assert_eq!(er.message, "division by zero");
    let er = e.err("SELECT x");
    assert_eq!(er.message, "column \"x\" does not exist");
    assert_eq!(er.position, Some(8));
    let er = e.err("SELECT 1 UNION SELECT 'a'::text");
    assert_eq!(er.message, "UNION types integer and text cannot be matched");
    let er = e.err("SELECT * FROM nosuch");
    assert_eq!(er.message, "relation \"nosuch\" does not exist");
    assert_eq!(er.position, Some(15));
}

#[test]
fn set_ops_values_series() {
    let mut e = setup();
    assert_eq!(
        flat(e.rows("SELECT 1 UNION SELECT 2 UNION SELECT 1 ORDER BY 1")),
        vec!["1", "2"]
    );
    assert_eq!(flat(e.rows("SELECT 1 UNION ALL SELECT 1")), vec!["1", "1"]);
    assert_eq!(flat(e.rows("SELECT 1 INTERSECT SELECT 1")), vec!["1"]);
    assert_eq!(
        flat(e.rows("SELECT 1 EXCEPT SELECT 1")),
        Vec::<String>::new()
    );
    assert_eq!(
        flat(e.rows("VALUES (1, 'a'), (2, 'b') ORDER BY 1 DESC")),
        vec!["2|b", "1|a"]
    );
    assert_eq!(
        flat(e.rows("SELECT * FROM generate_series(1, 3) AS g(x) WHERE x > 1")),
        vec!["2", "3"]
    );
    assert_eq!(
        flat(e.rows("SELECT generate_series(1, 3)")),
        vec!["1", "2", "3"]
    );
    assert_eq!(
        flat(e.rows("SELECT x, count(*) FROM (VALUES (1), (1), (2)) v(x) GROUP BY x ORDER BY x")),
        vec!["1|2", "2|1"]
    );
    assert_eq!(
        flat(
            e.rows("SELECT sum(x), avg(x), min(x), max(x), count(x) FROM generate_series(1, 4) x")
        ),
        vec!["10|2.5000000000000000|1|4|4"]
    );
    assert_eq!(flat(e.rows("SELECT 1 LIMIT 0")), Vec::<String>::new());
    assert_eq!(
        flat(e.rows("SELECT x FROM generate_series(1, 10) x ORDER BY x DESC LIMIT 2 OFFSET 1")),
        vec!["9", "8"]
    );
}

#[test]
fn table_dml_roundtrip() {
    let mut e = setup();
    e.create_table(
        "t",
        &[
            ("a", INT4, -1, true, None),
            ("b", TEXT, -1, false, Some("'dflt'")),
            ("c", VARCHAR, 3 + 4, false, None),
        ],
    );
    let o = e
        .run("INSERT INTO t VALUES (1, 'one', 'x'), (2, 'two', 'y')")
        .unwrap();
    assert_eq!(o.tag, "INSERT 0 2");
    assert_eq!(
        e.run("INSERT INTO t (a) VALUES (3)").unwrap().tag,
        "INSERT 0 1"
    );
    assert_eq!(
        flat(e.rows("SELECT a, b, c FROM t ORDER BY a")),
        vec!["1|one|x", "2|two|y", "3|dflt|NULL"]
    );
    let er = e.err("INSERT INTO t (a, c) VALUES (4, 'abcd')");
    assert_eq!(er.message, "value too long for type character varying(3)");
    let er = e.err("INSERT INTO t (b) VALUES ('x')");
    assert_eq!(
        er.message,
        "null value in column \"a\" violates not-null constraint"
    );
    assert_eq!(
        er.detail.as_deref(),
        Some("Failing row contains (null, x, null).")
    );
    let er = e.err("INSERT INTO t VALUES (1, 'a', 'b', 4)");
    assert_eq!(
        er.message,
        "INSERT has more expressions than target columns"
    );
    let er = e.err("INSERT INTO t (zz) VALUES (1)");
    assert_eq!(er.message, "column \"zz\" of relation \"t\" does not exist");
    let o = e
        .run("UPDATE t SET b = b || '!' WHERE a >= 2 RETURNING a, b")
        .unwrap();
    assert_eq!(o.tag, "UPDATE 2");
    assert_eq!(flat(o.rows), vec!["2|two!", "3|dflt!"]);
    assert_eq!(e.run("DELETE FROM t WHERE a = 1").unwrap().tag, "DELETE 1");
    assert_eq!(flat(e.rows("SELECT a FROM t ORDER BY a")), vec!["2", "3"]);
    assert_eq!(e.one("SELECT count(*) FROM t"), "2");
    // Joins.
    e.create_table(
        "u",
        &[("a", INT4, -1, false, None), ("d", TEXT, -1, false, None)],
    );
    e.run("INSERT INTO u VALUES (2, 'u2'), (4, 'u4')").unwrap();
    assert_eq!(
        flat(e.rows("SELECT t.a, u.d FROM t JOIN u ON t.a = u.a")),
        vec!["2|u2"]
    );
    assert_eq!(
        flat(e.rows("SELECT a, d FROM t LEFT JOIN u USING (a) ORDER BY a")),
        vec!["2|u2", "3|NULL"]
    );
    assert_eq!(
        flat(e.rows("SELECT * FROM t NATURAL FULL JOIN u ORDER BY a")).len(),
        3
    );
    let er = e.err("SELECT a FROM t, u");
    assert_eq!(er.message, "column reference \"a\" is ambiguous");
    let er = e.err("SELECT a, count(*) FROM t GROUP BY b");
    assert_eq!(
        er.message,
        "column \"t.a\" must appear in the GROUP BY clause or be used in an aggregate function"
    );
    assert_eq!(
        flat(e.rows("SELECT a FROM t WHERE a IN (SELECT a FROM u) ")),
        vec!["2"]
    );
    assert_eq!(
        flat(e.rows("SELECT a, (SELECT d FROM u WHERE u.a = t.a) FROM t ORDER BY 1")),
        vec!["2|u2", "3|NULL"]
    );
    assert_eq!(
        flat(e.rows("SELECT a FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.a = t.a)")),
        vec!["2"]
    );
    assert_eq!(
        flat(e.rows("SELECT a FROM t WHERE NOT EXISTS (SELECT 1 FROM u WHERE u.a = t.a)")),
        vec!["3"]
    );
    assert_eq!(
        flat(e.rows("SELECT a FROM t WHERE a IN (SELECT a FROM u WHERE d = 'u2')")),
        vec!["2"]
    );
    assert_eq!(
        flat(e.rows(
            "SELECT count(*) FILTER (WHERE a > 2), string_agg(b, ',' ORDER BY a DESC) FROM t"
        )),
        vec!["1|dflt!,two!"]
    );
    assert_eq!(
        flat(e.rows(
            "SELECT DISTINCT ON (x % 2) x FROM generate_series(1, 6) x ORDER BY x % 2, x DESC"
        )),
        vec!["6", "5"]
    );
    let er = e.err("SELECT * FROM t WHERE a");
    assert_eq!(
        er.message,
        "argument of WHERE must be type boolean, not type integer"
    );
    assert_eq!(
        e.run("INSERT INTO u SELECT a + 10, b FROM t").unwrap().tag,
        "INSERT 0 2"
    );
    assert_eq!(e.one("SELECT count(*), sum(a) FROM u"), "4|31");
    assert_eq!(
        e.run("UPDATE u SET d = t.b FROM t WHERE u.a = t.a")
            .unwrap()
            .tag,
        "UPDATE 1"
    );
    assert_eq!(
        e.run("DELETE FROM u USING t WHERE u.a = t.a + 10")
            .unwrap()
            .tag,
        "DELETE 2"
    );
}

/// Run a regression-suite file's statements, emulating simple CREATE TABLE, and print every
/// error (for manual comparison with expected/*.out). `REGRESS_FILE=... cargo test -- --ignored`.
#[test]
#[ignore]
fn regress_smoke() {
    let paths = match std::env::var("REGRESS_FILE") {
        Ok(p) => p,
        Err(_) => return,
    };
    let mut e = setup();
    let quiet: Vec<String> = std::env::var("REGRESS_QUIET")
        .unwrap_or_default()
        .split(',')
        .map(|s| s.to_string())
        .collect();
    for path in paths.split(',') {
        if path == "LOAD" {
            for (table, file) in [
                ("onek", "onek.data"),
                ("tenk1", "tenk.data"),
                ("tenk2", "tenk.data"),
            ] {
                let data = std::fs::read_to_string(format!("/work/shared/pg-regress/data/{file}"))
                    .unwrap_or_default();
                let lines: Vec<&str> = data.lines().collect();
                for chunk in lines.chunks(500) {
                    let rows: Vec<String> = chunk
                        .iter()
                        .map(|l| {
                            let vals: Vec<String> = l
                                .split('\t')
                                .map(|v| {
                                    if v == "\\N" {
                                        "NULL".to_string()
                                    } else {
                                        format!("'{}'", v.replace('\'', "''"))
                                    }
                                })
                                .collect();
                            format!("({})", vals.join(","))
                        })
                        .collect();
                    if let Err(er) =
                        e.run(&format!("INSERT INTO {table} VALUES {}", rows.join(",")))
                    {
                        println!("load {table}: {}", er.message);
                        break;
                    }
                }
            }
            continue;
        }
        let quiet = quiet
            .iter()
            .any(|q| !q.is_empty() && path.contains(q.as_str()));
        let text: String = std::fs::read_to_string(path)
            .unwrap()
            .lines()
            .map(|l| if l.starts_with('\\') { "" } else { l })
            .collect::<Vec<_>>()
            .join("\n");
        let expected =
            std::fs::read_to_string(path.replace("/sql/", "/expected/").replace(".sql", ".out"))
                .unwrap_or_default();
        let mut cursor = 0usize;
        let mut mismatches = 0;
        // Split into statements naively (a line ending in ';'), parsing each separately.
        let mut chunks: Vec<(usize, usize)> = Vec::new();
        let mut start = 0;
        let mut pos = 0;
        for line in text.split_inclusive('\n') {
            pos += line.len();
            if line.trim_end().ends_with(';') && !line.trim_start().starts_with("--") {
                chunks.push((start, pos));
                start = pos;
            }
        }
        let mut stmts = Vec::new();
        for (a, b) in chunks {
            match parser::parse(&text[a..b]) {
                Ok(v) => {
                    for mut st in v {
                        st.location += a;
                        stmts.push(st);
                    }
                }
                Err(er) => println!("-- PARSE ERROR {}: {}", er.message, text[a..b].trim()),
            }
        }
        for s in stmts {
            let src = &text[s.location..s.location + s.len];
            if let parser::ast::Statement::Drop(d) = &s.stmt {
                for n in &d.names {
                    let xid = e.tm.begin().unwrap();
                    let snap = e.tm.snapshot(xid, 0);
                    let cx = CatalogCx {
                        storage: &e.storage,
                        tm: &e.tm,
                        db_oid: catalog::oids::POSTGRES_DB,
                        snapshot: &snap,
                        xid,
                        cid: 0,
                        interrupts: &e.intr,
                    };
                    if let Ok(Some(r)) =
                        e.cat
                            .relation_by_name(&cx, catalog::oids::PUBLIC_NAMESPACE, &n.name)
                    {
                        let _ = e.cat.drop_relation(&cx, r.oid);
                    }
                    e.tm.commit(xid).unwrap();
                    e.cat.at_commit(xid);
                }
                let _ = expected_block(&expected, &mut cursor, src);
                continue;
            }
            if let parser::ast::Statement::CreateTable(ct) = &s.stmt {
                let mut cols = Vec::new();
                for el in &ct.elements {
                    if let parser::ast::TableElement::Column(c) = el {
                        let (t, m) = {
                            let mut txn = TxnState::default();
                            let mut notices = Vec::new();
                            let cx = ExecContext {
                                storage: &e.storage,
                                tm: &e.tm,
                                catalog: &e.cat,
                                db_oid: catalog::oids::POSTGRES_DB,
                                db_name: "postgres",
                                user_oid: 10,
                                user_name: "postgres",
                                txn: &mut txn,
                                env: &e.env,
                                gucs: &mut e.gucs,
                                interrupts: &e.intr,
                                notices: &mut notices,
                                backend_pid: 42,
                                params: &[],
                                session_relations: None,
                            };
                            match executor::resolve_type_name(&cx, &c.type_name, &text) {
                                Ok(x) => x,
                                Err(er) => {
                                    println!("-- {src}\nERROR: {}", er.message);
                                    break;
                                }
                            }
                        };
                        let nn = c.constraints.iter().any(|k| {
                            matches!(
                                k.kind,
                                parser::ast::ColumnConstraintKind::NotNull
                                    | parser::ast::ColumnConstraintKind::PrimaryKey { .. }
                            )
                        });
                        cols.push((c.name.clone(), t, m, nn));
                    }
                }
                let cols: Vec<(&str, Oid, i32, bool, Option<&str>)> = cols
                    .iter()
                    .map(|(n, t, m, nn)| (n.as_str(), *t, *m, *nn, None))
                    .collect();
                e.create_table(&ct.name.name, &cols);
                let _ = expected_block(&expected, &mut cursor, src);
                continue;
            }
            if std::env::var("REGRESS_TRACE").is_ok() {
                eprintln!("TRACE {}", src.chars().take(200).collect::<String>());
            }
            let mine = match e.run(src) {
                Ok(o) => format_table(&o),
                Err(er) => format!("ERROR:  {}", er.message),
            };
            // The expected block: text after this statement up to the next statement's echo.
            let got = normalize(&mine);
            let want = match expected_block(&expected, &mut cursor, src) {
                Some(b) => normalize(&b),
                None => continue,
            };
            if got != want {
                mismatches += 1;
                if !quiet {
                    println!("==== {src}\n---- expected\n{want}\n---- got\n{got}");
                }
            }
        }
        println!("{path}: mismatches: {mismatches}");
    }
}

fn normalize(s: &str) -> String {
    s.lines()
        .map(|l| l.trim_end())
        .filter(|l| {
            !l.is_empty()
                && !l.starts_with("--")
                && !l.starts_with("LINE ")
                && !l.trim_start().starts_with('^')
                && !l.starts_with("DETAIL:")
                && !l.starts_with("HINT:")
                && !l.starts_with("CONTEXT:")
                && !l.starts_with("NOTICE:")
                && !l.starts_with("WARNING:")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn expected_block(expected: &str, cursor: &mut usize, src: &str) -> Option<String> {
    let rest = &expected[*cursor..];
    let i = rest.find(src)?;
    let start = *cursor + i + src.len();
    // Skip the terminating semicolon.
    let body_start = expected[start..]
        .find('\n')
        .map(|x| start + x + 1)
        .unwrap_or(start);
    // The block ends where the next statement echo begins: find a line that is not output.
    let mut end = body_start;
    let mut in_table = false;
    for line in expected[body_start..].split_inclusive('\n') {
        let t = line.trim_end();
        let is_output = t.starts_with("ERROR:")
            || t.starts_with("LINE ")
            || t.starts_with("DETAIL:")
            || t.starts_with("HINT:")
            || t.starts_with("NOTICE:")
            || t.starts_with("WARNING:")
            || t.starts_with("CONTEXT:")
            || t.starts_with(' ')
            || (!t.is_empty() && t.chars().all(|c| c == '-' || c == '+'))
            || t.starts_with('(') && t.ends_with(")") && (t.contains(" row"))
            || in_table && !t.is_empty() && t.contains('|')
            || t.is_empty() && in_table;
        if t.starts_with(' ') || (!t.is_empty() && t.chars().all(|c| c == '-' || c == '+')) {
            in_table = true;
        }
        if t.starts_with('(') && t.contains(" row") {
            in_table = false;
        }
        if !is_output && !t.is_empty() {
            break;
        }
        end += line.len();
    }
    *cursor = end;
    Some(expected[body_start..end].to_string())
}

fn format_table(o: &Out) -> String {
    if o.names.is_empty() {
        return String::new();
    }
    let numeric = |t: Oid| {
        matches!(
            t,
            INT2 | INT4 | INT8 | FLOAT4 | FLOAT8 | NUMERIC | OID | MONEY
        )
    };
    let cells: Vec<Vec<String>> = o
        .rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|c| {
                    if c == "NULL" {
                        String::new()
                    } else {
                        c.clone()
                    }
                })
                .collect()
        })
        .collect();
    let mut w: Vec<usize> = o.names.iter().map(|n| n.chars().count()).collect();
    for r in &cells {
        for (i, c) in r.iter().enumerate() {
            w[i] = w[i].max(c.chars().count());
        }
    }
    let mut out = String::new();
    let hdr: Vec<String> = o
        .names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let pad = w[i] - n.chars().count();
            let l = pad / 2;
            format!("{}{}{}", " ".repeat(l), n, " ".repeat(pad - l))
        })
        .collect();
    out.push_str(&format!(" {} \n", hdr.join(" | ")));
    let sep: Vec<String> = w.iter().map(|&x| "-".repeat(x + 2)).collect();
    out.push_str(&format!("{}\n", sep.join("+")));
    for r in &cells {
        let line: Vec<String> = r
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let pad = w[i] - c.chars().count();
                if numeric(o.types[i]) {
                    format!("{}{}", " ".repeat(pad), c)
                } else {
                    format!("{}{}", c, " ".repeat(pad))
                }
            })
            .collect();
        out.push_str(&format!(" {} \n", line.join(" | ")));
    }
    let n = cells.len();
    out.push_str(&format!(
        "({} {})\n",
        n,
        if n == 1 { "row" } else { "rows" }
    ));
    out
}
