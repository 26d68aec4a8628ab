//! Parses every statement of PostgreSQL's regression inputs (split the way psql does) and
//! checks that statements PostgreSQL accepts do not raise syntax errors here, and that the
//! ones it rejects with a syntax error are rejected too.
#![allow(clippy::result_large_err)]

use std::path::Path;

const DIR: &str = "/work/shared/pg-regress";

/// Split a psql script into statements: `;` at paren depth 0 outside quotes/comments ends a
/// statement; backslash meta-commands are dropped (`\g`-style ones end the statement);
/// COPY ... FROM STDIN data is skipped up to `\.`.
fn split_psql(src: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut buf = String::new();
    let mut lines = src.lines();
    while let Some(line) = lines.next() {
        let b = line.as_bytes();
        let mut i = 0;
        let mut seg_start = 0;
        while i < b.len() {
            let c = b[i];
            match STATE.with(|s| s.get()) {
                St::Norm => {
                    if c == b'\'' {
                        STATE.with(|s| s.set(St::Quote));
                    } else if c == b'"' {
                        STATE.with(|s| s.set(St::DQuote));
                    } else if c == b'-' && b.get(i + 1) == Some(&b'-') {
                        // comment to end of line: keep text
                        i = b.len();
                        continue;
                    } else if c == b'/' && b.get(i + 1) == Some(&b'*') {
                        DEPTH.with(|d| d.set(1));
                        STATE.with(|s| s.set(St::Comment));
                        i += 2;
                        continue;
                    } else if c == b'$' {
                        // dollar quote?
                        let rest = &line[i + 1..];
                        let tag_len = rest
                            .bytes()
                            .take_while(|x| x.is_ascii_alphanumeric() || *x == b'_' || *x >= 0x80)
                            .count();
                        let prev_ident =
                            i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_');
                        if !prev_ident
                            && rest.as_bytes().get(tag_len) == Some(&b'$')
                            && !rest
                                .as_bytes()
                                .first()
                                .map(|x| x.is_ascii_digit())
                                .unwrap_or(false)
                        {
                            let tag = format!("${}$", &rest[..tag_len]);
                            TAG.with(|t| *t.borrow_mut() = tag.clone());
                            STATE.with(|s| s.set(St::Dollar));
                            i += tag.len();
                            continue;
                        }
                    } else if c == b'(' {
                        PAREN.with(|p| p.set(p.get() + 1));
                    } else if c == b')' {
                        PAREN.with(|p| p.set(p.get().saturating_sub(1)));
                    } else if c == b';' && PAREN.with(|p| p.get()) == 0 {
                        buf.push_str(&line[seg_start..=i]);
                        let stmt = std::mem::take(&mut buf);
                        seg_start = i + 1;
                        let s = stmt.trim().to_string();
                        if is_copy_from_stdin(&s) {
                            COPY.with(|c| c.set(true));
                        }
                        out.push(s);
                    } else if c == b'\\' {
                        // meta-command: rest of line
                        let cmd = &line[i..];
                        buf.push_str(&line[seg_start..i]);
                        seg_start = b.len();
                        if cmd.starts_with("\\g") && !buf.trim().is_empty() {
                            let stmt = std::mem::take(&mut buf);
                            out.push(stmt.trim().to_string());
                        }
                        i = b.len();
                        continue;
                    }
                    i += 1;
                }
                St::Quote => {
                    if c == b'\'' {
                        STATE.with(|s| s.set(St::Norm));
                    }
                    i += 1;
                }
                St::DQuote => {
                    if c == b'"' {
                        STATE.with(|s| s.set(St::Norm));
                    }
                    i += 1;
                }
                St::Comment => {
                    if c == b'/' && b.get(i + 1) == Some(&b'*') {
                        DEPTH.with(|d| d.set(d.get() + 1));
                        i += 2;
                    } else if c == b'*' && b.get(i + 1) == Some(&b'/') {
                        DEPTH.with(|d| d.set(d.get() - 1));
                        if DEPTH.with(|d| d.get()) == 0 {
                            STATE.with(|s| s.set(St::Norm));
                        }
                        i += 2;
                    } else {
                        i += 1;
                    }
                }
                St::Dollar => {
                    let tag = TAG.with(|t| t.borrow().clone());
                    if line[i..].starts_with(&tag) {
                        STATE.with(|s| s.set(St::Norm));
                        i += tag.len();
                    } else {
                        i += 1;
                    }
                }
            }
        }
        if seg_start < b.len() {
            buf.push_str(&line[seg_start..]);
        }
        buf.push('\n');
        if COPY.with(|c| c.get()) {
            COPY.with(|c| c.set(false));
            buf.clear();
            for l in lines.by_ref() {
                if l == "\\." {
                    break;
                }
            }
        }
        if buf.trim().is_empty() && STATE.with(|s| s.get()) == St::Norm {
            buf.clear();
        }
    }
    STATE.with(|s| s.set(St::Norm));
    PAREN.with(|p| p.set(0));
    out
}

#[derive(Clone, Copy, PartialEq)]
enum St {
    Norm,
    Quote,
    DQuote,
    Comment,
    Dollar,
}

thread_local! {
    static STATE: std::cell::Cell<St> = const { std::cell::Cell::new(St::Norm) };
    static DEPTH: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
    static PAREN: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
    static COPY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    static TAG: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

fn is_copy_from_stdin(s: &str) -> bool {
    let l: String = s
        .lines()
        .filter(|l| !l.trim_start().starts_with("--"))
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_lowercase();
    let l: String = l.split_whitespace().collect::<Vec<_>>().join(" ");
    l.starts_with("copy") && l.contains("from stdin")
}

fn strip_leading_comments(s: &str) -> &str {
    let mut t = s.trim_start();
    while t.starts_with("--") {
        match t.find('\n') {
            Some(i) => t = t[i + 1..].trim_start(),
            None => return t,
        }
    }
    t
}

fn uses_psql_vars(s: &str) -> bool {
    let b = s.as_bytes();
    (0..b.len()).any(|i| {
        b[i] == b':'
            && (i == 0 || b[i - 1] != b':')
            && b.get(i + 1)
                .map(|c| c.is_ascii_alphabetic() || *c == b'\'' || *c == b'"')
                .unwrap_or(false)
    })
}

#[derive(Default)]
struct Stats {
    total: usize,
    ok: usize,
    false_reject: Vec<String>,
    false_accept: Vec<String>,
    correct_reject: usize,
    msg_mismatch: Vec<String>,
    caret_checked: usize,
    caret_mismatch: Vec<String>,
}

/// Compare our error position with psql's `LINE n: ...` / caret display in `region`.
/// Returns a description when they disagree (only checked for plain ASCII lines that psql
/// did not abbreviate).
fn caret_mismatch(sent: &str, pos: u32, region: &str) -> Option<String> {
    let lines: Vec<&str> = region.lines().collect();
    let i = lines.iter().position(|l| l.starts_with("LINE "))?;
    let shown = lines[i];
    let caret = lines.get(i + 1)?;
    let colon = shown.find(": ")? + 2;
    let text = &shown[colon..];
    if text.starts_with("...") || text.ends_with("...") || !sent.is_ascii() || sent.contains('\t') {
        return None;
    }
    let want_line: usize = shown[5..colon - 2].parse().ok()?;
    let want_col = caret.find('^')?.checked_sub(colon)?;
    let off = (pos as usize).saturating_sub(1).min(sent.len());
    let before = &sent[..off];
    let line = before.matches('\n').count() + 1;
    let col = off - before.rfind('\n').map(|x| x + 1).unwrap_or(0);
    if (line, col) != (want_line, want_col) {
        Some(format!(
            "ours line {line} col {col}, pg line {want_line} col {want_col}"
        ))
    } else {
        None
    }
}

fn run_file(name: &str, st: &mut Stats) {
    let sql_path = format!("{DIR}/sql/{name}.sql");
    let out_path = format!("{DIR}/expected/{name}.out");
    let Ok(src) = std::fs::read(&sql_path) else {
        return;
    };
    let src = String::from_utf8_lossy(&src).to_string();
    let out = std::fs::read(&out_path)
        .map(|b| String::from_utf8_lossy(&b).to_string())
        .unwrap_or_default();
    let stmts = split_psql(&src);
    // Locate each statement's echo in the expected output.
    let mut cursor = 0;
    let mut positions = vec![];
    for s in &stmts {
        let key = strip_leading_comments(s);
        match out[cursor..].find(key) {
            Some(p) => {
                positions.push(Some((cursor + p, cursor + p + key.len())));
                cursor += p + key.len();
            }
            None => positions.push(None),
        }
    }
    let mut opts = parser::ParseOptions::default();
    for (i, s) in stmts.iter().enumerate() {
        let low = strip_leading_comments(s).to_ascii_lowercase();
        if low.starts_with("set standard_conforming_strings") {
            opts.standard_conforming_strings = !low.contains("off");
        } else if low.starts_with("reset standard_conforming_strings") {
            opts.standard_conforming_strings = true;
        }
        if uses_psql_vars(s) {
            continue;
        }
        st.total += 1;
        let region = positions[i].map(|(_, end)| {
            let next = positions[i + 1..]
                .iter()
                .flatten()
                .next()
                .map(|(b, _)| *b)
                .unwrap_or(out.len());
            &out[end..next.max(end)]
        });
        let pg_syntax = region
            .map(|r| {
                r.lines().find(|l| {
                    l.starts_with("ERROR:  syntax error")
                        || l.starts_with("ERROR:  unterminated")
                        || l.starts_with("ERROR:  zero-length")
                        || l.starts_with("ERROR:  invalid Unicode")
                        || l.starts_with("ERROR:  unsafe use of string constant")
                        || l.starts_with("ERROR:  LIMIT #,#")
                        || l.contains("is not a valid binary digit")
                        || l.contains("is not a valid hexadecimal digit")
                        || l.starts_with("ERROR:  improper qualified name")
                })
            })
            .unwrap_or(None);
        // psql drops leading whitespace and `--` comments before sending a query.
        let sent = strip_leading_comments(s);
        let res = std::panic::catch_unwind(|| parser::parse_with_options(sent, opts));
        let res = match res {
            Ok(r) => r,
            Err(_) => {
                st.false_reject.push(format!("{name}: PANIC: {s}"));
                continue;
            }
        };
        match (res, pg_syntax) {
            (Ok(_), None) => st.ok += 1,
            (Ok(_), Some(l)) => st.false_accept.push(format!("{name}: {l} <= {s}")),
            (Err(e), None) => {
                let is_syntax = e.code == common::sqlstate::SYNTAX_ERROR;
                let pg_err_same = region
                    .map(|r| r.contains(&format!("ERROR:  {}", e.message)))
                    .unwrap_or(false);
                if pg_err_same
                    || !is_syntax && region.map(|r| r.contains("ERROR:")).unwrap_or(false)
                {
                    st.correct_reject += 1;
                } else {
                    st.false_reject.push(format!(
                        "{name}: {} (pos {:?}) <= {s}",
                        e.message, e.position
                    ));
                }
            }
            (Err(e), Some(l)) => {
                st.correct_reject += 1;
                if l != format!("ERROR:  {}", e.message) {
                    st.msg_mismatch
                        .push(format!("{name}: ours `{}` pg `{l}` <= {s}", e.message));
                } else if let (Some(r), Some(p)) = (region, e.position) {
                    st.caret_checked += 1;
                    if let Some(m) = caret_mismatch(sent, p, r) {
                        st.caret_mismatch.push(format!("{name}: {m} <= {sent}"));
                    }
                }
            }
        }
    }
}

fn all_files() -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(format!("{DIR}/sql"))
        .map(|d| {
            d.flatten()
                .filter_map(|e| {
                    e.file_name()
                        .to_str()
                        .and_then(|n| n.strip_suffix(".sql"))
                        .map(String::from)
                })
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn splitter_basics() {
    let v = split_psql(
        "select 1; select ';' as x;\n\\d t\ncopy t from stdin;\n1\t2\n\\.\nselect $$a;b$$;\n",
    );
    assert_eq!(
        v,
        [
            "select 1;",
            "select ';' as x;",
            "copy t from stdin;",
            "select $$a;b$$;"
        ]
    );
}

#[test]
fn sample_files_have_no_false_syntax_errors() {
    if !Path::new(DIR).exists() {
        return;
    }
    let mut st = Stats::default();
    for f in [
        "boolean",
        "int4",
        "int8",
        "select",
        "insert",
        "strings",
        "create_table",
        "update",
        "delete",
        "case",
        "join",
        "union",
        "subselect",
        "aggregates",
        "with",
    ] {
        run_file(f, &mut st);
    }
    for l in &st.false_reject {
        eprintln!("FALSE REJECT {l}");
    }
    assert!(
        st.false_reject.len() * 100 <= st.total,
        "{} false rejects of {}",
        st.false_reject.len(),
        st.total
    );
}

#[test]
fn all_regression_files_report() {
    if !Path::new(DIR).exists() {
        return;
    }
    let mut st = Stats::default();
    for f in all_files() {
        run_file(&f, &mut st);
    }
    let verbose = std::env::var("REGRESS_VERBOSE").is_ok();
    if verbose {
        for l in &st.false_reject {
            eprintln!("FALSE REJECT {l}");
        }
        for l in &st.false_accept {
            eprintln!("FALSE ACCEPT {l}");
        }
        for l in &st.msg_mismatch {
            eprintln!("MSG MISMATCH {l}");
        }
        for l in &st.caret_mismatch {
            eprintln!("CARET MISMATCH {l}");
        }
    }
    let pass = st.ok + st.correct_reject;
    eprintln!(
        "error positions: {} checked, {} differ from PostgreSQL",
        st.caret_checked,
        st.caret_mismatch.len()
    );
    eprintln!(
        "regression statements: {} total, {} pass ({:.2}%), {} false rejects, {} false accepts, {} message mismatches",
        st.total,
        pass,
        100.0 * pass as f64 / st.total.max(1) as f64,
        st.false_reject.len(),
        st.false_accept.len(),
        st.msg_mismatch.len()
    );
}
