//! COPY's text and CSV field syntax: splitting a line into fields (backslash escapes, CSV
//! quoting, NULL markers) and rendering values back, byte-for-byte as PostgreSQL 10 does.

use super::options::CopyOptions;
use common::{pg_err, PgResult};

/// One parsed field: `None` is SQL NULL.
pub(crate) type Field = Option<Vec<u8>>;

fn octal(c: u8) -> Option<u8> {
    (b'0'..=b'7').contains(&c).then(|| c - b'0')
}

fn hex(c: u8) -> Option<u8> {
    (c as char).to_digit(16).map(|d| d as u8)
}

/// Length of the prefix of `b` holding neither `x` nor `y` (bytes copied as they are).
#[inline]
fn plain_run(b: &[u8], x: u8, y: u8) -> usize {
    b.iter().position(|&c| c == x || c == y).unwrap_or(b.len())
}

/// Split a text-format line into fields, decoding backslash escapes. A field whose raw text
/// equals `null` is NULL. A decoded NUL byte ends the value (as in PostgreSQL's C strings).
pub(crate) fn split_text(line: &[u8], delim: u8, null: &[u8], fields: &mut Vec<Field>) {
    let mut n = 0;
    let mut pos = 0;
    loop {
        let start = pos;
        let mut out = reuse_buf(fields, n);
        let mut found_delim = false;
        while pos < line.len() {
            // Copy the run of plain bytes up to the next delimiter or backslash at once.
            let run = plain_run(&line[pos..], delim, b'\\');
            if run > 0 {
                out.extend_from_slice(&line[pos..pos + run]);
                pos += run;
                continue;
            }
            let mut c = line[pos];
            pos += 1;
            if c == delim {
                found_delim = true;
                break;
            }
            if c == b'\\' {
                if pos >= line.len() {
                    break;
                }
                c = line[pos];
                pos += 1;
                match c {
                    b'0'..=b'7' => {
                        let mut v = u32::from(c - b'0');
                        for _ in 0..2 {
                            match line.get(pos).and_then(|&d| octal(d)) {
                                Some(d) => {
                                    v = (v << 3) + u32::from(d);
                                    pos += 1;
                                }
                                None => break,
                            }
                        }
                        c = (v & 0o377) as u8;
                    }
                    b'x' => {
                        if let Some(h) = line.get(pos).and_then(|&d| hex(d)) {
                            pos += 1;
                            let mut v = h;
                            if let Some(h2) = line.get(pos).and_then(|&d| hex(d)) {
                                pos += 1;
                                v = (v << 4) + h2;
                            }
                            c = v;
                        }
                    }
                    b'b' => c = 0x08,
                    b'f' => c = 0x0c,
                    b'n' => c = b'\n',
                    b'r' => c = b'\r',
                    b't' => c = b'\t',
                    b'v' => c = 0x0b,
                    _ => {}
                }
            }
            out.push(c);
        }
        let raw_end = if found_delim { pos - 1 } else { pos };
        if &line[start..raw_end] == null {
            store_field(fields, n, None);
        } else {
            if let Some(z) = out.iter().position(|&b| b == 0) {
                out.truncate(z);
            }
            store_field(fields, n, Some(out));
        }
        n += 1;
        if !found_delim {
            break;
        }
    }
    fields.truncate(n);
}

/// A cleared byte buffer for field `n`, reusing the allocation the previous line's field `n`
/// had (`fields` is reused from line to line, so steady-state splitting allocates nothing).
#[inline]
fn reuse_buf(fields: &mut [Field], n: usize) -> Vec<u8> {
    match fields.get_mut(n).and_then(Option::take) {
        Some(mut v) => {
            v.clear();
            v
        }
        None => Vec::new(),
    }
}

/// Set field `n` (fields before it are already set for this line).
#[inline]
fn store_field(fields: &mut Vec<Field>, n: usize, f: Field) {
    match fields.get_mut(n) {
        Some(slot) => *slot = f,
        None => fields.push(f),
    }
}

/// Split a CSV line (which may contain newlines inside quotes) into fields. An unquoted field
/// equal to the NULL string is NULL.
pub(crate) fn split_csv(line: &[u8], o: &CopyOptions, fields: &mut Vec<Field>) -> PgResult<()> {
    let null = o.null.as_bytes();
    let (delim, quote, escape) = (o.delimiter, o.quote, o.escape);
    let mut n = 0;
    let mut pos = 0;
    loop {
        let start = pos;
        let mut out = reuse_buf(fields, n);
        let mut saw_quote = false;
        let mut found_delim = false;
        'field: loop {
            // Unquoted part.
            loop {
                let Some(&c) = line.get(pos) else {
                    break 'field;
                };
                let run = plain_run(&line[pos..], delim, quote);
                if run > 0 {
                    out.extend_from_slice(&line[pos..pos + run]);
                    pos += run;
                    continue;
                }
                pos += 1;
                if c == delim {
                    found_delim = true;
                    break 'field;
                }
                if c == quote {
                    saw_quote = true;
                    break;
                }
                out.push(c);
            }
            // Quoted part.
            loop {
                let Some(&c) = line.get(pos) else {
                    return Err(pg_err!(
                        BAD_COPY_FILE_FORMAT,
                        "unterminated CSV quoted field"
                    ));
                };
                let run = plain_run(&line[pos..], escape, quote);
                if run > 0 {
                    out.extend_from_slice(&line[pos..pos + run]);
                    pos += run;
                    continue;
                }
                pos += 1;
                if c == escape {
                    if let Some(&n) = line.get(pos) {
                        if n == escape || n == quote {
                            out.push(n);
                            pos += 1;
                            continue;
                        }
                    }
                }
                if c == quote {
                    break;
                }
                out.push(c);
            }
        }
        let raw_end = if found_delim { pos - 1 } else { pos };
        if !saw_quote && &line[start..raw_end] == null {
            store_field(fields, n, None);
        } else {
            store_field(fields, n, Some(out));
        }
        n += 1;
        if !found_delim {
            break;
        }
    }
    fields.truncate(n);
    Ok(())
}

/// Append a value in text format, escaping backslashes, the delimiter and control characters.
pub(crate) fn write_text(s: &[u8], delim: u8, out: &mut Vec<u8>) {
    for &c in s {
        if c < 0x20 {
            let esc = match c {
                0x08 => b'b',
                0x0c => b'f',
                b'\n' => b'n',
                b'\r' => b'r',
                b'\t' => b't',
                0x0b => b'v',
                _ if c == delim => c,
                _ => {
                    out.push(c);
                    continue;
                }
            };
            out.push(b'\\');
            out.push(esc);
        } else if c == b'\\' || c == delim {
            out.push(b'\\');
            out.push(c);
        } else {
            out.push(c);
        }
    }
}

/// Append a value in CSV format, quoting it when needed (or when `force`). `single` is true
/// when the row has one column (a lone `\.` must then be quoted).
pub(crate) fn write_csv(s: &[u8], o: &CopyOptions, force: bool, single: bool, out: &mut Vec<u8>) {
    let mut use_quote = force || s == o.null.as_bytes();
    if !use_quote {
        use_quote = if single && s == b"\\." {
            true
        } else {
            s.iter()
                .any(|&c| c == o.delimiter || c == o.quote || c == b'\n' || c == b'\r')
        };
    }
    if !use_quote {
        out.extend_from_slice(s);
        return;
    }
    out.push(o.quote);
    for &c in s {
        if c == o.quote || c == o.escape {
            out.push(o.escape);
        }
        out.push(c);
    }
    out.push(o.quote);
}

/// PostgreSQL's `limit_printout_length`: at most 100 bytes (cut at a character boundary)
/// followed by `...`.
pub(crate) fn limit_printout(s: &str) -> String {
    const MAX: usize = 100;
    if s.len() <= MAX {
        return s.to_string();
    }
    let mut end = MAX;
    while end > 0 && !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}...", &s[..end])
}

/// Validate UTF-8, with PostgreSQL's `invalid byte sequence` error.
pub(crate) fn utf8(bytes: Vec<u8>) -> PgResult<String> {
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) => {
            let b = e.as_bytes();
            let at = e.utf8_error().valid_up_to();
            let want = match b.get(at).copied().unwrap_or(0) {
                0xc0..=0xdf => 2,
                0xe0..=0xef => 3,
                0xf0..=0xf7 => 4,
                _ => 1,
            };
            let shown: Vec<String> = b[at..]
                .iter()
                .take(want)
                .map(|x| format!("0x{x:02x}"))
                .collect();
            Err(pg_err!(
                CHARACTER_NOT_IN_REPERTOIRE,
                "invalid byte sequence for encoding \"UTF8\": {}",
                shown.join(" ")
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::copy::options::process;

    fn text(line: &str) -> Vec<Option<String>> {
        let mut f = Vec::new();
        split_text(line.as_bytes(), b'\t', b"\\N", &mut f);
        f.into_iter()
            .map(|x| x.map(|v| String::from_utf8_lossy(&v).into_owned()))
            .collect()
    }

    fn csv_opts() -> CopyOptions {
        process(&[("format".into(), Some("csv".into()))], true).unwrap()
    }

    fn csv(line: &str) -> Vec<Option<String>> {
        let mut f = Vec::new();
        split_csv(line.as_bytes(), &csv_opts(), &mut f).unwrap();
        f.into_iter()
            .map(|x| x.map(|v| String::from_utf8_lossy(&v).into_owned()))
            .collect()
    }

    /// Reusing one field vector across lines (as COPY does) gives the same fields as a fresh
    /// vector per line, for lines with more, fewer and NULL fields.
    #[test]
    fn reused_field_buffers() {
        let lines = [
            "1\tabc\t\\N\tlong value here",
            "2\t\\N",
            "",
            "3\tx\\ty\tz\t\t",
            "4\ta\tb\tc\td\te",
            "5",
        ];
        let mut f = Vec::new();
        for l in lines {
            split_text(l.as_bytes(), b'\t', b"\\N", &mut f);
            let got: Vec<Option<String>> = f
                .iter()
                .map(|x| x.as_ref().map(|v| String::from_utf8_lossy(v).into_owned()))
                .collect();
            assert_eq!(got, text(l), "line {l:?}");
        }
        let o = csv_opts();
        for l in ["1,\"a,b\",,x", "2", "3,,\"\"", "4,a,b,c,d,e,f"] {
            split_csv(l.as_bytes(), &o, &mut f).unwrap();
            let got: Vec<Option<String>> = f
                .iter()
                .map(|x| x.as_ref().map(|v| String::from_utf8_lossy(v).into_owned()))
                .collect();
            assert_eq!(got, csv(l), "line {l:?}");
        }
    }

    #[test]
    fn text_fields() {
        assert_eq!(
            text("1\tabc\t\\N"),
            [Some("1".into()), Some("abc".into()), None]
        );
        assert_eq!(text(""), [Some(String::new())]);
        assert_eq!(text("a\\tb\\\\c\\nd"), [Some("a\tb\\c\nd".into())]);
        assert_eq!(text("\\101\\x42\\x4a\\q"), [Some("ABJq".into())]);
        assert_eq!(text("a\\\tb"), [Some("a\tb".into())]);
        assert_eq!(text("\\xZ"), [Some("xZ".into())]);
        // The NULL marker is matched on the raw text: an escaped \N is the letter N.
        assert_eq!(text("\\\\N"), [Some("\\N".into())]);
        assert_eq!(text("a\t"), [Some("a".into()), Some(String::new())]);
    }

    #[test]
    fn csv_fields() {
        assert_eq!(
            csv("1,,\"\""),
            [Some("1".into()), None, Some(String::new())]
        );
        assert_eq!(
            csv("\"a,b\",\"x\"\"y\""),
            [Some("a,b".into()), Some("x\"y".into())]
        );
        assert_eq!(
            csv("\"multi\nline\",2"),
            [Some("multi\nline".into()), Some("2".into())]
        );
        assert_eq!(csv("ab\"c d\"e"), [Some("abc de".into())]);
        let mut f = Vec::new();
        let e = split_csv(b"\"abc", &csv_opts(), &mut f).unwrap_err();
        assert_eq!(e.message, "unterminated CSV quoted field");
    }

    #[test]
    fn long_runs_around_escapes() {
        let long = "x".repeat(300);
        // Escaped tab inside a long field, NULL marker, escaped backslash at the end.
        assert_eq!(
            text(&format!("{long}\\t{long}\t\\N\t{long}\\\\")),
            [
                Some(format!("{long}\t{long}")),
                None,
                Some(format!("{long}\\"))
            ]
        );
        // A decoded NUL (\000) ends the value, also after a run of plain bytes.
        assert_eq!(
            text("abc\\000def\tz"),
            [Some("abc".into()), Some("z".into())]
        );
        assert_eq!(
            csv(&format!("{long},\"{long}\"\"q\",,\"\"")),
            [
                Some(long.clone()),
                Some(format!("{long}\"q")),
                None,
                Some(String::new())
            ]
        );
        assert_eq!(
            csv("abc\"d,e\"fg,h"),
            [Some("abcd,efg".into()), Some("h".into())]
        );
    }

    #[test]
    fn csv_escape_char() {
        let o = process(
            &[
                ("format".into(), Some("csv".into())),
                ("escape".into(), Some("\\".into())),
            ],
            true,
        )
        .unwrap();
        let mut f = Vec::new();
        split_csv(b"\"a\\\"b\\\\c\"", &o, &mut f).unwrap();
        assert_eq!(f, [Some(b"a\"b\\c".to_vec())]);
        let mut out = Vec::new();
        write_csv(b"a\"b\\c", &o, false, false, &mut out);
        assert_eq!(out, b"\"a\\\"b\\\\c\"");
    }

    #[test]
    fn text_output() {
        let mut out = Vec::new();
        write_text(b"a\tb\\c\nd\x01", b'\t', &mut out);
        assert_eq!(out, b"a\\tb\\\\c\\nd\x01");
        out.clear();
        write_text(b"a,b", b',', &mut out);
        assert_eq!(out, b"a\\,b");
    }

    #[test]
    fn csv_output() {
        let o = csv_opts();
        let w = |s: &str, force: bool, single: bool| {
            let mut out = Vec::new();
            write_csv(s.as_bytes(), &o, force, single, &mut out);
            String::from_utf8(out).unwrap()
        };
        assert_eq!(w("abc", false, false), "abc");
        assert_eq!(w("", false, false), "\"\"");
        assert_eq!(w("a,b", false, false), "\"a,b\"");
        assert_eq!(w("a\"b", false, false), "\"a\"\"b\"");
        assert_eq!(w("x\ny", false, false), "\"x\ny\"");
        assert_eq!(w("abc", true, false), "\"abc\"");
        assert_eq!(w("\\.", false, true), "\"\\.\"");
        assert_eq!(w("\\.", false, false), "\\.");
    }

    #[test]
    fn printout_and_utf8() {
        assert_eq!(limit_printout("abc"), "abc");
        let long = "é".repeat(60);
        let l = limit_printout(&long);
        assert!(l.ends_with("...") && l.len() == 103);
        assert_eq!(
            utf8(vec![b'a', 0xe9, b' ', b'x']).unwrap_err().message,
            "invalid byte sequence for encoding \"UTF8\": 0xe9 0x20 0x78"
        );
    }
}
