//! JSON text parsing into a span-annotated tree (`Node`): used by jsonb input (which then
//! normalises the tree into a `JsonbValue`) and by the json-type functions, which need the source
//! text of sub-values. Syntax errors come from `text::json::validate` (PostgreSQL's texts); this
//! module adds the string de-escaping errors (surrogates, `\u0000`).

use common::{pg_err, PgError, PgResult};

/// One parsed JSON value with its byte span in the source text.
#[derive(Debug, Clone)]
pub struct Node {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
}

#[derive(Debug, Clone)]
pub enum Kind {
    Null,
    Bool(bool),
    /// The number's source text.
    Num(String),
    /// De-escaped string.
    Str(String),
    Array(Vec<Node>),
    /// Fields in source order (duplicates kept).
    Object(Vec<(String, Node)>),
}

struct Parser<'a> {
    s: &'a [u8],
    src: &'a str,
    pos: usize,
    line: usize,
    line_start: usize,
    prev_end: usize,
}

fn malformed() -> PgError {
    pg_err!(
        INVALID_TEXT_REPRESENTATION,
        "invalid input syntax for type json"
    )
}

/// Parse JSON text. Syntax errors are reported exactly as PostgreSQL does.
pub fn parse(src: &str) -> PgResult<Node> {
    crate::text::json::validate(src)?;
    let mut p = Parser {
        s: src.as_bytes(),
        src,
        pos: 0,
        line: 1,
        line_start: 0,
        prev_end: 0,
    };
    p.ws();
    let n = p.value()?;
    Ok(n)
}

impl<'a> Parser<'a> {
    fn ws(&mut self) {
        while self.pos < self.s.len() && matches!(self.s[self.pos], b' ' | b'\t' | b'\n' | b'\r') {
            if self.s[self.pos] == b'\n' {
                self.line += 1;
                self.line_start = self.pos + 1;
            }
            self.pos += 1;
        }
    }

    fn peek(&self) -> u8 {
        self.s.get(self.pos).copied().unwrap_or(0)
    }

    fn context(&self) -> String {
        let end = self.prev_end.min(self.s.len());
        let mut start = self.line_start.min(end);
        let mut prefix = "";
        if end - start >= 50 {
            start = end - 50;
            while start < end && (self.s[start] & 0xc0) == 0x80 {
                start += 1;
            }
            prefix = "...";
        }
        let txt = self.src.get(start..end).unwrap_or("");
        let suffix = if end < self.s.len() && self.s[end] != b'\n' && self.s[end] != b'\r' {
            "..."
        } else {
            ""
        };
        format!("JSON data, line {}: {}{}{}", self.line, prefix, txt, suffix)
    }

    fn esc_err(&self, detail: &str) -> PgError {
        malformed().with_detail(detail).add_context(self.context())
    }

    fn value(&mut self) -> PgResult<Node> {
        let start = self.pos;
        let kind = match self.peek() {
            b'{' => {
                self.pos += 1;
                self.prev_end = self.pos;
                let mut fields = Vec::new();
                self.ws();
                if self.peek() == b'}' {
                    self.pos += 1;
                } else {
                    loop {
                        self.ws();
                        let k = self.string()?;
                        self.ws();
                        if self.peek() != b':' {
                            return Err(malformed());
                        }
                        self.pos += 1;
                        self.prev_end = self.pos;
                        self.ws();
                        let v = self.value()?;
                        fields.push((k, v));
                        self.ws();
                        match self.peek() {
                            b',' => {
                                self.pos += 1;
                                self.prev_end = self.pos;
                            }
                            b'}' => {
                                self.pos += 1;
                                break;
                            }
                            _ => return Err(malformed()),
                        }
                    }
                }
                Kind::Object(fields)
            }
            b'[' => {
                self.pos += 1;
                self.prev_end = self.pos;
                let mut elems = Vec::new();
                self.ws();
                if self.peek() == b']' {
                    self.pos += 1;
                } else {
                    loop {
                        self.ws();
                        elems.push(self.value()?);
                        self.ws();
                        match self.peek() {
                            b',' => {
                                self.pos += 1;
                                self.prev_end = self.pos;
                            }
                            b']' => {
                                self.pos += 1;
                                break;
                            }
                            _ => return Err(malformed()),
                        }
                    }
                }
                Kind::Array(elems)
            }
            b'"' => Kind::Str(self.string()?),
            b't' if self.s[self.pos..].starts_with(b"true") => {
                self.pos += 4;
                Kind::Bool(true)
            }
            b'f' if self.s[self.pos..].starts_with(b"false") => {
                self.pos += 5;
                Kind::Bool(false)
            }
            b'n' if self.s[self.pos..].starts_with(b"null") => {
                self.pos += 4;
                Kind::Null
            }
            b'-' | b'0'..=b'9' => {
                let mut p = self.pos + 1;
                while p < self.s.len()
                    && matches!(self.s[p], b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-')
                {
                    p += 1;
                }
                let t = self.src.get(self.pos..p).ok_or_else(malformed)?.to_string();
                self.pos = p;
                Kind::Num(t)
            }
            _ => return Err(malformed()),
        };
        self.prev_end = self.pos;
        Ok(Node {
            start,
            end: self.pos,
            kind,
        })
    }

    fn hex4(&self, at: usize) -> PgResult<u32> {
        let h = self.s.get(at..at + 4).ok_or_else(malformed)?;
        let h = std::str::from_utf8(h).map_err(|_| malformed())?;
        u32::from_str_radix(h, 16).map_err(|_| malformed())
    }

    /// A string token starting at the current position (which must be `"`).
    fn string(&mut self) -> PgResult<String> {
        if self.peek() != b'"' {
            return Err(malformed());
        }
        let mut p = self.pos + 1;
        let mut out = String::new();
        let mut hi: Option<u32> = None;
        let low_err = "Unicode low surrogate must follow a high surrogate.";
        loop {
            let c = *self.s.get(p).ok_or_else(malformed)?;
            if c == b'"' {
                if hi.is_some() {
                    return Err(self.esc_err(low_err));
                }
                break;
            }
            if c == b'\\' {
                let e = *self.s.get(p + 1).ok_or_else(malformed)?;
                if e == b'u' {
                    let ch = self.hex4(p + 2)?;
                    p += 6;
                    if (0xD800..=0xDBFF).contains(&ch) {
                        if hi.is_some() {
                            return Err(self.esc_err(
                                "Unicode high surrogate must not follow a high surrogate.",
                            ));
                        }
                        hi = Some((ch & 0x3FF) << 10);
                        continue;
                    }
                    let code = if (0xDC00..=0xDFFF).contains(&ch) {
                        match hi.take() {
                            None => return Err(self.esc_err(low_err)),
                            Some(h) => h + (ch & 0x3FF) + 0x10000,
                        }
                    } else {
                        if hi.is_some() {
                            return Err(self.esc_err(low_err));
                        }
                        ch
                    };
                    if code == 0 {
                        return Err(pg_err!(
                            UNTRANSLATABLE_CHARACTER,
                            "unsupported Unicode escape sequence"
                        )
                        .with_detail("\\u0000 cannot be converted to text.")
                        .add_context(self.context()));
                    }
                    out.push(char::from_u32(code).ok_or_else(malformed)?);
                    continue;
                }
                if hi.is_some() {
                    return Err(self.esc_err(low_err));
                }
                out.push(match e {
                    b'b' => '\u{8}',
                    b'f' => '\u{c}',
                    b'n' => '\n',
                    b'r' => '\r',
                    b't' => '\t',
                    b'"' => '"',
                    b'\\' => '\\',
                    b'/' => '/',
                    _ => return Err(malformed()),
                });
                p += 2;
                continue;
            }
            if hi.is_some() {
                return Err(self.esc_err(low_err));
            }
            // Copy a run of plain characters.
            let mut q = p;
            while q < self.s.len() && self.s[q] != b'"' && self.s[q] != b'\\' {
                q += 1;
            }
            out.push_str(self.src.get(p..q).ok_or_else(malformed)?);
            p = q;
        }
        self.pos = p + 1;
        self.prev_end = self.pos;
        Ok(out)
    }
}

/// Escape a string as a JSON string literal (PostgreSQL's escape_json).
pub fn escape_json(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}
