//! COPY end to end: text/CSV/binary round trips through FROM STDIN / TO STDOUT (psql and a
//! raw protocol client), server-side files, psql's \copy, error CONTEXT lines, CopyFail, and
//! failed COPYs leaving no rows.

mod support;

use std::io::{Read, Write};
use std::net::TcpStream;
use support::TestServer;

/// A minimal simple-query protocol client, so the COPY sub-protocol can be driven directly.
struct Raw {
    s: TcpStream,
}

#[derive(Debug, Default)]
struct Reply {
    /// CopyData payloads received.
    copy_data: Vec<Vec<u8>>,
    tags: Vec<String>,
    /// (SQLSTATE, message, context)
    errors: Vec<(String, String, String)>,
    copy_in_formats: Option<(u8, Vec<i16>)>,
    copy_out_formats: Option<(u8, Vec<i16>)>,
}

impl Raw {
    fn connect(port: u16) -> Raw {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        let mut body = Vec::new();
        body.extend_from_slice(&196608i32.to_be_bytes());
        for kv in ["user", "postgres", "database", "postgres"] {
            body.extend_from_slice(kv.as_bytes());
            body.push(0);
        }
        body.push(0);
        let mut pkt = ((body.len() + 4) as i32).to_be_bytes().to_vec();
        pkt.extend_from_slice(&body);
        s.write_all(&pkt).unwrap();
        let mut r = Raw { s };
        loop {
            let (t, _) = r.read_msg();
            if t == b'Z' {
                break;
            }
            assert_ne!(t, b'E', "connection refused");
        }
        r
    }

    fn read_msg(&mut self) -> (u8, Vec<u8>) {
        let mut h = [0u8; 5];
        self.s.read_exact(&mut h).unwrap();
        let len = i32::from_be_bytes([h[1], h[2], h[3], h[4]]) as usize - 4;
        let mut b = vec![0u8; len];
        self.s.read_exact(&mut b).unwrap();
        (h[0], b)
    }

    fn send(&mut self, tag: u8, body: &[u8]) {
        let mut m = vec![tag];
        m.extend_from_slice(&((body.len() + 4) as i32).to_be_bytes());
        m.extend_from_slice(body);
        self.s.write_all(&m).unwrap();
    }

    fn query(&mut self, sql: &str) {
        let mut b = sql.as_bytes().to_vec();
        b.push(0);
        self.send(b'Q', &b);
    }

    fn copy_data(&mut self, d: &[u8]) {
        self.send(b'd', d);
    }

    /// Read until ReadyForQuery; `on_copy_in` is called each time the server asks for data.
    fn run(&mut self, mut on_copy_in: impl FnMut(&mut Raw)) -> Reply {
        let mut r = Reply::default();
        loop {
            let (t, b) = self.read_msg();
            match t {
                b'Z' => return r,
                b'C' => r
                    .tags
                    .push(String::from_utf8_lossy(&b[..b.len() - 1]).into_owned()),
                b'd' => r.copy_data.push(b),
                b'G' | b'H' => {
                    let n = i16::from_be_bytes([b[1], b[2]]) as usize;
                    let f = (0..n)
                        .map(|i| i16::from_be_bytes([b[3 + 2 * i], b[4 + 2 * i]]))
                        .collect();
                    if t == b'G' {
                        r.copy_in_formats = Some((b[0], f));
                        on_copy_in(self);
                    } else {
                        r.copy_out_formats = Some((b[0], f));
                    }
                }
                b'E' => {
                    let (mut code, mut msg, mut ctx) =
                        (String::new(), String::new(), String::new());
                    for f in b.split(|&x| x == 0).filter(|f| !f.is_empty()) {
                        let v = String::from_utf8_lossy(&f[1..]).into_owned();
                        match f[0] {
                            b'C' => code = v,
                            b'M' => msg = v,
                            b'W' => ctx = v,
                            _ => {}
                        }
                    }
                    r.errors.push((code, msg, ctx));
                }
                _ => {}
            }
        }
    }

    fn simple(&mut self, sql: &str) -> Reply {
        self.query(sql);
        self.run(|_| panic!("unexpected CopyInResponse"))
    }

    /// COPY ... FROM STDIN sending `data` in chunks of `chunk` bytes.
    fn copy_in(&mut self, sql: &str, data: &[u8], chunk: usize) -> Reply {
        self.query(sql);
        self.run(|c| {
            for part in data.chunks(chunk.max(1)) {
                c.copy_data(part);
            }
            c.send(b'c', &[]);
        })
    }

    fn copy_out(&mut self, sql: &str) -> (Vec<u8>, Reply) {
        let r = self.simple(sql);
        (r.copy_data.concat(), r)
    }
}

fn rows(s: &TestServer, sql: &str) -> String {
    let (ok, out, err) = s.psql_args(&["-X", "-A", "-t", "-c", sql]);
    assert!(ok, "{sql}: {err}");
    out
}

#[test]
fn text_round_trip_and_streaming() {
    let s = TestServer::start();
    let mut c = Raw::connect(s.port);
    assert!(c
        .simple("CREATE TABLE t (a int4, b text, c numeric)")
        .errors
        .is_empty());
    let data =
        b"1\thello\t1.5\n2\t\\N\t\\N\n3\ttab\\there\\\\back\\nnl\t-2\n4\t\\101\\x42\t0\n\\.\n";
    let r = c.copy_in("COPY t FROM STDIN", data, 7);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.tags, ["COPY 4"]);
    assert_eq!(r.copy_in_formats, Some((0, vec![0, 0, 0])));
    let (out, r) = c.copy_out("COPY t TO STDOUT");
    assert_eq!(r.tags, ["COPY 4"]);
    assert_eq!(r.copy_out_formats, Some((0, vec![0, 0, 0])));
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "1\thello\t1.5\n2\t\\N\t\\N\n3\ttab\\there\\\\back\\nnl\t-2\n4\tAB\t0\n"
    );
    // Column lists and a custom delimiter/NULL.
    let (out, _) = c.copy_out("COPY t (c, a) TO STDOUT WITH (DELIMITER '|', NULL 'nil')");
    assert_eq!(String::from_utf8(out).unwrap(), "1.5|1\nnil|2\n-2|3\n0|4\n");
    // A big table streams one CopyData per row.
    assert!(c
        .simple("CREATE TABLE big (i int4, s text)")
        .errors
        .is_empty());
    let mut big = Vec::new();
    for i in 0..20000 {
        big.extend_from_slice(format!("{i}\trow number {i}\n").as_bytes());
    }
    let r = c.copy_in("COPY big FROM STDIN", &big, 65536);
    assert_eq!(r.tags, ["COPY 20000"], "{:?}", r.errors);
    let (out, r) = c.copy_out("COPY big TO STDOUT");
    assert_eq!(r.tags, ["COPY 20000"]);
    assert_eq!(r.copy_data.len(), 20000);
    assert_eq!(out, big);
}

#[test]
fn statements_after_copy_in_same_query_string() {
    let s = TestServer::start();
    let mut c = Raw::connect(s.port);
    c.simple("CREATE TABLE t (a int4, b text)");
    let r = c.copy_in(
        "COPY t FROM STDIN; INSERT INTO t VALUES (9, 'after'); COPY t TO STDOUT",
        b"1\tx\n",
        100,
    );
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.tags, ["COPY 1", "INSERT 0 1", "COPY 2"]);
    assert_eq!(r.copy_data.concat(), b"1\tx\n9\tafter\n");
}

#[test]
fn csv_round_trip() {
    let s = TestServer::start();
    let mut c = Raw::connect(s.port);
    c.simple("CREATE TABLE t (a int4, b text, c text)");
    let data = b"a,b,c\n1,\"x,y\",\"\"\n2,,\"say \"\"hi\"\"\"\n3,\"multi\nline\",plain\n";
    let r = c.copy_in("COPY t FROM STDIN WITH (FORMAT csv, HEADER)", data, 5);
    assert_eq!(r.tags, ["COPY 3"], "{:?}", r.errors);
    assert_eq!(
        rows(&s, "SELECT a, b IS NULL, c = '' FROM t WHERE a = 2"),
        "2|t|f\n"
    );
    assert_eq!(rows(&s, "SELECT c = '' FROM t WHERE a = 1"), "t\n");
    let (out, _) = c.copy_out("COPY t TO STDOUT WITH CSV HEADER");
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "a,b,c\n1,\"x,y\",\"\"\n2,,\"say \"\"hi\"\"\"\n3,\"multi\nline\",plain\n"
    );
    let (out, _) = c.copy_out("COPY t TO STDOUT WITH CSV FORCE QUOTE *");
    assert!(String::from_utf8(out)
        .unwrap()
        .starts_with("\"1\",\"x,y\",\"\"\n\"2\",,"));
    let (out, _) =
        c.copy_out("COPY t (a, c) TO STDOUT (FORMAT csv, FORCE_QUOTE (c), DELIMITER ';')");
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "1;\"\"\n2;\"say \"\"hi\"\"\"\n3;\"plain\"\n"
    );
    // FORCE_NOT_NULL / FORCE_NULL.
    c.simple("CREATE TABLE f (a int4, b text, c text)");
    let r = c.copy_in(
        "COPY f FROM STDIN (FORMAT csv, FORCE_NOT_NULL (b), FORCE_NULL (c))",
        b"1,,\"\"\n",
        100,
    );
    assert_eq!(r.tags, ["COPY 1"], "{:?}", r.errors);
    assert_eq!(rows(&s, "SELECT b = '', c IS NULL FROM f"), "t|t\n");
}

#[test]
fn binary_round_trip() {
    let s = TestServer::start();
    let mut c = Raw::connect(s.port);
    let r = c.simple("CREATE TABLE t (a int4, b text, c float8, d bool, e int8)");
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let r = c.simple("INSERT INTO t VALUES (1, 'one', 1.5, true, 10), (NULL, NULL, NULL, NULL, NULL), (-7, 'é', -0.25, false, 9000000000)");
    assert_eq!(r.tags, ["INSERT 0 3"], "{:?}", r.errors);
    let (bin, r) = c.copy_out("COPY t TO STDOUT (FORMAT binary)");
    assert_eq!(r.tags, ["COPY 3"]);
    assert_eq!(r.copy_out_formats, Some((1, vec![1; 5])));
    assert!(bin.starts_with(b"PGCOPY\n\xff\r\n\0\0\0\0\0\0\0\0\0\0\x05"));
    assert!(bin.ends_with(b"\xff\xff"));
    c.simple("CREATE TABLE t2 (a int4, b text, c float8, d bool, e int8)");
    let r = c.copy_in("COPY t2 FROM STDIN WITH BINARY", &bin, 13);
    assert_eq!(r.tags, ["COPY 3"], "{:?}", r.errors);
    let (a, _) = c.copy_out("COPY t TO STDOUT");
    let (b, _) = c.copy_out("COPY t2 TO STDOUT");
    assert_eq!(a, b);
    // A bad signature.
    let r = c.copy_in(
        "COPY t2 FROM STDIN (FORMAT binary)",
        b"NOTCOPY\n\xff\r\n\0",
        100,
    );
    assert_eq!(r.errors[0].1, "COPY file signature not recognized");
}

#[test]
fn query_copy_and_files() {
    let s = TestServer::start();
    let dir = s.dir.path().to_path_buf();
    let mut c = Raw::connect(s.port);
    c.simple("CREATE TABLE t (a int4, b text)");
    c.simple("INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, NULL)");
    let (out, r) = c.copy_out(
        "COPY (SELECT a * 10 AS x, b FROM t WHERE a > 1 ORDER BY a) TO STDOUT WITH CSV HEADER",
    );
    assert_eq!(r.tags, ["COPY 2"]);
    assert_eq!(String::from_utf8(out).unwrap(), "x,b\n20,b\n30,\n");
    let file = dir.join("t.dat");
    let f = file.to_str().unwrap();
    let r = c.simple(&format!("COPY t TO '{f}'"));
    assert_eq!(r.tags, ["COPY 3"], "{:?}", r.errors);
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "1\ta\n2\tb\n3\t\\N\n"
    );
    let r = c.simple(&format!("COPY t FROM '{f}'"));
    assert_eq!(r.tags, ["COPY 3"], "{:?}", r.errors);
    assert_eq!(rows(&s, "SELECT count(*) FROM t"), "6\n");
    let r = c.simple(&format!("COPY (SELECT 1) TO '{f}x' (FORMAT csv)"));
    assert_eq!(r.tags, ["COPY 1"], "{:?}", r.errors);
    let r = c.simple("COPY t TO 'relative.txt'");
    assert_eq!(r.errors[0].1, "relative path not allowed for COPY to file");
    let r = c.simple("COPY t FROM '/nonexistent/x'");
    assert_eq!(r.errors[0].0, "58P01");
    assert_eq!(
        r.errors[0].1,
        "could not open file \"/nonexistent/x\" for reading: No such file or directory"
    );
}

#[test]
fn errors_name_the_line() {
    let s = TestServer::start();
    let mut c = Raw::connect(s.port);
    c.simple("CREATE TABLE t (a int4, b int4 NOT NULL, c text)");
    let r = c.copy_in("COPY t FROM STDIN", b"1\t2\tx\n2\t3\ty\n3\tabc\tz\n", 4);
    assert_eq!(r.errors.len(), 1);
    assert_eq!(r.errors[0].0, "22P02");
    assert_eq!(r.errors[0].1, "invalid input syntax for integer: \"abc\"");
    assert_eq!(r.errors[0].2, "COPY t, line 3, column b: \"abc\"");
    let r = c.copy_in("COPY t FROM STDIN", b"1\t2\tx\n2\t3\n", 100);
    assert_eq!(r.errors[0].0, "22P04");
    assert_eq!(r.errors[0].1, "missing data for column \"c\"");
    assert_eq!(r.errors[0].2, "COPY t, line 2: \"2\t3\"");
    let r = c.copy_in("COPY t FROM STDIN", b"1\t2\tx\textra\n", 100);
    assert_eq!(r.errors[0].1, "extra data after last expected column");
    assert_eq!(r.errors[0].2, "COPY t, line 1: \"1\t2\tx\textra\"");
    let r = c.copy_in("COPY t FROM STDIN (FORMAT csv)", b"5,,x\n", 100);
    assert_eq!(r.errors[0].0, "23502");
    assert_eq!(
        r.errors[0].1,
        "null value in column \"b\" violates not-null constraint"
    );
    assert_eq!(r.errors[0].2, "COPY t, line 1: \"5,,x\"");
    // Nothing was left behind by the failed COPYs.
    assert_eq!(rows(&s, "SELECT count(*) FROM t"), "0\n");
    // Option and column errors.
    let r = c.simple("COPY t (a, zz) FROM STDIN");
    assert_eq!(
        r.errors[0].1,
        "column \"zz\" of relation \"t\" does not exist"
    );
    let r = c.simple("COPY t FROM STDIN (DELIMITER 'ab')");
    assert_eq!(
        r.errors[0].1,
        "COPY delimiter must be a single one-byte character"
    );
    let r = c.simple("COPY t TO STDOUT (HEADER)");
    assert_eq!(r.errors[0].1, "COPY HEADER available only in CSV mode");
    let r = c.simple("COPY t TO STDOUT (FORMAT binary, DELIMITER ',')");
    assert_eq!(r.errors[0].1, "cannot specify DELIMITER in BINARY mode");
    // The session is still usable.
    let r = c.copy_in("COPY t FROM STDIN", b"1\t2\tok\n", 100);
    assert_eq!(r.tags, ["COPY 1"], "{:?}", r.errors);
}

#[test]
fn copy_fail_and_transaction_abort() {
    let s = TestServer::start();
    let mut c = Raw::connect(s.port);
    c.simple("CREATE TABLE t (a int4)");
    c.query("COPY t FROM STDIN");
    let r = c.run(|c| {
        c.copy_data(b"1\n2\n");
        let mut m = b"client gave up".to_vec();
        m.push(0);
        c.send(b'f', &m);
    });
    assert_eq!(r.errors[0].0, "57014");
    assert_eq!(r.errors[0].1, "COPY from stdin failed: client gave up");
    assert_eq!(rows(&s, "SELECT count(*) FROM t"), "0\n");
    // Inside a transaction block, a failed COPY aborts the block.
    c.simple("BEGIN");
    let r = c.copy_in("COPY t FROM STDIN", b"1\nx\n", 100);
    assert_eq!(r.errors[0].2, "COPY t, line 2, column a: \"x\"");
    let r = c.simple("SELECT 1");
    assert_eq!(r.errors[0].0, "25P02");
    c.simple("ROLLBACK");
    assert_eq!(rows(&s, "SELECT count(*) FROM t"), "0\n");
}

#[test]
fn defaults_for_missing_columns() {
    let s = TestServer::start();
    let mut c = Raw::connect(s.port);
    c.simple("CREATE TABLE t (a int4, b text DEFAULT 'dflt', c int4 DEFAULT 1 + 2, d text)");
    let r = c.copy_in("COPY t (a, d) FROM STDIN", b"1\tx\n2\ty\n", 100);
    assert_eq!(r.tags, ["COPY 2"], "{:?}", r.errors);
    assert_eq!(
        rows(&s, "SELECT a, b, c, d FROM t ORDER BY a"),
        "1|dflt|3|x\n2|dflt|3|y\n"
    );
}

#[test]
fn psql_copy_both_ways() {
    let s = TestServer::start();
    let dir = s.dir.path();
    let input = dir.join("in.csv");
    std::fs::write(&input, "1,alpha\n2,\"be,ta\"\n").unwrap();
    let output = dir.join("out.txt");
    let (ok, out, err) = s.psql("CREATE TABLE t (a int4, b text);");
    assert!(ok, "{out}{err}");
    let (ok, out, err) = s.psql_args(&[
        "-X",
        "-c",
        &format!("\\copy t from '{}' with csv", input.display()),
    ]);
    assert!(ok, "{err}");
    assert_eq!(out, "COPY 2\n");
    let (ok, _, err) = s.psql_args(&["-X", "-c", &format!("\\copy t to '{}'", output.display())]);
    assert!(ok, "{err}");
    assert_eq!(
        std::fs::read_to_string(&output).unwrap(),
        "1\talpha\n2\tbe,ta\n"
    );
    // Inline data in a script, and COPY TO STDOUT printed by psql.
    let script = dir.join("s.sql");
    std::fs::write(
        &script,
        "COPY t FROM STDIN;\n3\tgamma\n\\.\nCOPY t TO STDOUT WITH CSV;\n",
    )
    .unwrap();
    let (ok, out, err) = s.psql_args(&["-X", "-q", "-f", script.to_str().unwrap()]);
    assert!(ok, "{err}");
    assert_eq!(out, "1,alpha\n2,\"be,ta\"\n3,gamma\n");
    // An error shows PostgreSQL's CONTEXT line.
    std::fs::write(&script, "COPY t FROM STDIN;\n4\tdelta\nfive\tx\n\\.\n").unwrap();
    let (_, _, err) = s.psql_args(&["-X", "-q", "-f", script.to_str().unwrap()]);
    assert!(
        err.contains("invalid input syntax for integer: \"five\""),
        "{err}"
    );
    assert!(
        err.contains("CONTEXT:  COPY t, line 2, column a: \"five\""),
        "{err}"
    );
    assert_eq!(rows(&s, "SELECT count(*) FROM t"), "3\n");
}

#[test]
fn unique_checks_across_batches_and_deferrable_keys() {
    let s = TestServer::start();
    let mut c = Raw::connect(s.port);
    assert!(c
        .simple("CREATE TABLE u (a int4 PRIMARY KEY); CREATE TABLE d (a int4 UNIQUE DEFERRABLE)")
        .errors
        .is_empty());
    // A duplicate 2,500 rows apart: the index set opened for the first batch still sees it.
    let mut data: Vec<u8> = (1..=3000)
        .flat_map(|i| format!("{i}\n").into_bytes())
        .collect();
    data.extend_from_slice(b"17\n");
    let r = c.copy_in("COPY u FROM STDIN", &data, 4096);
    assert_eq!(r.errors.len(), 1, "{:?}", r.errors);
    assert_eq!(r.errors[0].0, "23505");
    assert_eq!(rows(&s, "SELECT count(*) FROM u"), "0\n");
    // A deferrable unique key is checked when the COPY ends.
    let r = c.copy_in("COPY d FROM STDIN", b"1\n2\n1\n", 64);
    assert_eq!(r.errors.len(), 1, "{:?}", r.errors);
    assert_eq!(
        (r.errors[0].0.as_str(), r.errors[0].1.as_str()),
        (
            "23505",
            "duplicate key value violates unique constraint \"d_a_key\""
        )
    );
    let r = c.copy_in("COPY d FROM STDIN", b"1\n2\n3\n", 64);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(
        rows(&s, "SELECT string_agg(a::text, ',' ORDER BY a) FROM d"),
        "1,2,3\n"
    );
}
