//! Input side of COPY FROM: a buffered byte source (the client's CopyData stream, a file or a
//! program's output), line splitting with PostgreSQL's end-of-line and `\.` end-marker rules,
//! and the fixed-size reads binary format needs.

use crate::Output;
use common::{pg_err, PgError, PgResult};
use std::io::Read;

/// Where COPY FROM data comes from.
pub(crate) enum Source<'a> {
    /// CopyData messages pulled from the client.
    Client(&'a mut dyn Output),
    /// A server-side file or a program's standard output.
    Stream(Box<dyn Read + 'a>),
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Eol {
    Nl,
    Cr,
    CrNl,
}

const CHUNK: usize = 65536;

/// A buffered reader over a `Source`.
pub(crate) struct CopyReader<'a> {
    src: Source<'a>,
    buf: Vec<u8>,
    pos: usize,
    eof: bool,
    eol: Option<Eol>,
    /// The last line read (without its end of line).
    pub line: Vec<u8>,
}

fn io_err(e: std::io::Error) -> PgError {
    pg_err!(IO_ERROR, "could not read from COPY file: {}", e)
}

impl<'a> CopyReader<'a> {
    pub(crate) fn new(src: Source<'a>) -> Self {
        CopyReader {
            src,
            buf: Vec::new(),
            pos: 0,
            eof: false,
            eol: None,
            line: Vec::new(),
        }
    }

    /// Read more data into the buffer; false at the end of the input.
    fn fill(&mut self) -> PgResult<bool> {
        if self.eof {
            return Ok(false);
        }
        if self.pos > 0 {
            self.buf.drain(..self.pos);
            self.pos = 0;
        }
        match &mut self.src {
            Source::Client(out) => loop {
                match out.copy_in_next()? {
                    Some(d) if d.is_empty() => continue,
                    Some(d) => {
                        if self.buf.is_empty() {
                            // Everything before was consumed: take the message as it is.
                            self.buf = d;
                        } else {
                            self.buf.extend_from_slice(&d);
                        }
                        return Ok(true);
                    }
                    None => {
                        self.eof = true;
                        return Ok(false);
                    }
                }
            },
            Source::Stream(r) => {
                let old = self.buf.len();
                self.buf.resize(old + CHUNK, 0);
                let n = loop {
                    match r.read(&mut self.buf[old..]) {
                        Ok(n) => break n,
                        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                        Err(e) => {
                            self.buf.truncate(old);
                            return Err(io_err(e));
                        }
                    }
                };
                self.buf.truncate(old + n);
                if n == 0 {
                    self.eof = true;
                    return Ok(false);
                }
                Ok(true)
            }
        }
    }

    fn peek(&mut self) -> PgResult<Option<u8>> {
        while self.pos >= self.buf.len() {
            if !self.fill()? {
                return Ok(None);
            }
        }
        Ok(Some(self.buf[self.pos]))
    }

    fn next(&mut self) -> PgResult<Option<u8>> {
        let c = self.peek()?;
        if c.is_some() {
            self.pos += 1;
        }
        Ok(c)
    }

    /// Read one line into `self.line`. Returns false when no line follows (end of input or
    /// the `\.` end marker); `self.line` may then still hold a last, unterminated line.
    pub(crate) fn read_line(&mut self, csv: bool, quote: u8, escape: u8) -> PgResult<bool> {
        self.line.clear();
        let mut in_quote = false;
        let mut last_was_esc = false;
        // An escape equal to the quote character is just a toggle.
        let escape = if escape == quote { None } else { Some(escape) };
        let quote = Some(quote);
        loop {
            // Copy the run of bytes that need no per-byte handling at once.
            if self.pos < self.buf.len() {
                let rest = &self.buf[self.pos..];
                let run = rest
                    .iter()
                    .position(|&b| {
                        b == b'\n'
                            || b == b'\r'
                            || b == b'\\'
                            || (csv && (Some(b) == quote || Some(b) == escape))
                    })
                    .unwrap_or(rest.len());
                if run > 0 {
                    self.line.extend_from_slice(&rest[..run]);
                    self.pos += run;
                    // In CSV, a plain byte ends an escape sequence.
                    last_was_esc = false;
                    continue;
                }
            }
            let first = self.line.is_empty();
            let Some(c) = self.next()? else {
                return Ok(false);
            };
            if csv {
                if in_quote && Some(c) == escape {
                    last_was_esc = !last_was_esc;
                }
                if Some(c) == quote && !last_was_esc {
                    in_quote = !in_quote;
                }
                if Some(c) != escape {
                    last_was_esc = false;
                }
                if in_quote && (c == b'\n' || c == b'\r') {
                    self.line.push(c);
                    continue;
                }
            }
            if c == b'\r' {
                match self.eol {
                    None => {
                        if self.peek()? == Some(b'\n') {
                            self.pos += 1;
                            self.eol = Some(Eol::CrNl);
                        } else {
                            self.eol = Some(Eol::Cr);
                        }
                        return Ok(true);
                    }
                    Some(Eol::Cr) => return Ok(true),
                    Some(Eol::CrNl) => {
                        if self.peek()? == Some(b'\n') {
                            self.pos += 1;
                            return Ok(true);
                        }
                        return Err(cr_error(csv));
                    }
                    Some(Eol::Nl) => return Err(cr_error(csv)),
                }
            }
            if c == b'\n' {
                match self.eol {
                    None => {
                        self.eol = Some(Eol::Nl);
                        return Ok(true);
                    }
                    Some(Eol::Nl) => return Ok(true),
                    Some(_) => return Err(nl_error(csv)),
                }
            }
            if c == b'\\' && (!csv || first) {
                match self.peek()? {
                    Some(b'.') => {
                        self.pos += 1;
                        match self.peek()? {
                            None => return Ok(false),
                            Some(b'\n') | Some(b'\r') => {
                                let c2 = self.next()?.unwrap_or(b'\n');
                                let c3 = if c2 == b'\r' && self.peek()? == Some(b'\n') {
                                    self.pos += 1;
                                    Some(Eol::CrNl)
                                } else if c2 == b'\r' {
                                    Some(Eol::Cr)
                                } else {
                                    Some(Eol::Nl)
                                };
                                if self.eol.is_some() && self.eol != c3 {
                                    return Err(pg_err!(
                                        BAD_COPY_FILE_FORMAT,
                                        "end-of-copy marker does not match previous newline style"
                                    ));
                                }
                                return Ok(false);
                            }
                            Some(_) if csv => {
                                // Just data in CSV mode.
                                self.line.extend_from_slice(b"\\.");
                                continue;
                            }
                            Some(_) => {
                                return Err(pg_err!(
                                    BAD_COPY_FILE_FORMAT,
                                    "end-of-copy marker corrupt"
                                ))
                            }
                        }
                    }
                    Some(c2) if !csv => {
                        // A backslash quotes the next character, even a newline.
                        self.pos += 1;
                        self.line.push(c);
                        self.line.push(c2);
                        continue;
                    }
                    _ => {}
                }
            }
            self.line.push(c);
        }
    }

    /// Read exactly `n` bytes into `out` (appended); Ok(false) if the input ended first.
    pub(crate) fn read_exact(&mut self, n: usize, out: &mut Vec<u8>) -> PgResult<bool> {
        let mut left = n;
        while left > 0 {
            if self.pos >= self.buf.len() && !self.fill()? {
                return Ok(false);
            }
            let take = left.min(self.buf.len() - self.pos);
            out.extend_from_slice(&self.buf[self.pos..self.pos + take]);
            self.pos += take;
            left -= take;
        }
        Ok(true)
    }

    /// Read up to `n` bytes; returns how many were available before the end of input.
    pub(crate) fn read_upto(&mut self, n: usize, out: &mut Vec<u8>) -> PgResult<usize> {
        let before = out.len();
        let _ = self.read_exact(n, out)?;
        Ok(out.len() - before)
    }

    /// True if more input follows.
    pub(crate) fn has_more(&mut self) -> PgResult<bool> {
        Ok(self.peek()?.is_some())
    }

    /// Consume whatever the client still sends, up to CopyDone.
    pub(crate) fn drain(&mut self) -> PgResult<()> {
        if matches!(self.src, Source::Client(_)) {
            self.buf.clear();
            self.pos = 0;
            while self.fill()? {
                self.buf.clear();
            }
        }
        Ok(())
    }
}

fn cr_error(csv: bool) -> PgError {
    if csv {
        pg_err!(
            BAD_COPY_FILE_FORMAT,
            "unquoted carriage return found in data"
        )
        .with_hint("Use quoted CSV field to represent carriage return.")
    } else {
        pg_err!(
            BAD_COPY_FILE_FORMAT,
            "literal carriage return found in data"
        )
        .with_hint("Use \"\\r\" to represent carriage return.")
    }
}

fn nl_error(csv: bool) -> PgError {
    if csv {
        pg_err!(BAD_COPY_FILE_FORMAT, "unquoted newline found in data")
            .with_hint("Use quoted CSV field to represent newline.")
    } else {
        pg_err!(BAD_COPY_FILE_FORMAT, "literal newline found in data")
            .with_hint("Use \"\\n\" to represent newline.")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(data: &[u8], csv: bool) -> PgResult<Vec<String>> {
        let mut r = CopyReader::new(Source::Stream(Box::new(data)));
        let mut v = Vec::new();
        loop {
            let more = r.read_line(csv, b'"', b'"')?;
            if !more && r.line.is_empty() {
                break;
            }
            v.push(String::from_utf8_lossy(&r.line).into_owned());
            if !more {
                break;
            }
        }
        Ok(v)
    }

    #[test]
    fn splits_lines() {
        assert_eq!(lines(b"a\nb\n", false).unwrap(), ["a", "b"]);
        assert_eq!(lines(b"a\r\nb\r\n", false).unwrap(), ["a", "b"]);
        assert_eq!(lines(b"a\rb", false).unwrap(), ["a", "b"]);
        assert_eq!(lines(b"a\n\nb", false).unwrap(), ["a", "", "b"]);
        assert_eq!(lines(b"a\\\nb\n", false).unwrap(), ["a\\\nb"]);
        assert_eq!(lines(b"a\n\\.\nignored\n", false).unwrap(), ["a"]);
        assert_eq!(lines(b"a\nxy\\.\n", false).unwrap(), ["a", "xy"]);
        assert_eq!(
            lines(b"\"x\ny\",1\nz\n", true).unwrap(),
            ["\"x\ny\",1", "z"]
        );
        assert_eq!(lines(b"a\n\\.\n", true).unwrap(), ["a"]);
        assert_eq!(lines(b"a\\.b\n", true).unwrap(), ["a\\.b"]);
    }

    #[test]
    fn long_lines_across_chunks() {
        let a = "a".repeat(CHUNK + 17);
        let b = "b".repeat(2 * CHUNK + 3);
        let data = format!("{a}\n{b}\\\n{a}\n\"{a}\n{b}\",1\n");
        assert_eq!(
            lines(data.as_bytes(), false).unwrap(),
            [
                a.clone(),
                format!("{b}\\\n{a}"),
                format!("\"{a}"),
                format!("{b}\",1")
            ]
        );
        assert_eq!(
            lines(format!("{a}\n\"{a}\n{b}\",1\n").as_bytes(), true).unwrap(),
            [a.clone(), format!("\"{a}\n{b}\",1")]
        );
        // Doubled quotes inside a quoted field keep the field open across the newline.
        assert_eq!(
            lines(b"\"x\"\"\ny\",2\nz\n", true).unwrap(),
            ["\"x\"\"\ny\",2", "z"]
        );
    }

    #[test]
    fn eol_errors() {
        let e = lines(b"a\nb\rc\n", false).unwrap_err();
        assert_eq!(e.message, "literal carriage return found in data");
        let e = lines(b"a\r\nb\nc", false).unwrap_err();
        assert_eq!(e.message, "literal newline found in data");
        let e = lines(b"a\n\\.x\n", false).unwrap_err();
        assert_eq!(e.message, "end-of-copy marker corrupt");
    }
}
