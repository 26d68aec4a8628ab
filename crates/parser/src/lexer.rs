//! The SQL lexer: PostgreSQL 10's scan.l token rules (identifiers with case folding and
//! truncation, keywords, all string-literal forms, numbers, parameters, operators and
//! punctuation, comments) producing a token vector with byte offsets.

use crate::keywords::{self, KwCat};
use common::{PgError, PgResult};

/// Maximum identifier length in bytes (NAMEDATALEN - 1).
pub const MAX_IDENT_LEN: usize = 63;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokKind {
    /// Unquoted identifier or keyword (lower-cased; `kw` set for keywords).
    Ident,
    /// Quoted identifier ("Foo").
    QIdent,
    /// String constant (any form), value already unescaped.
    Str,
    /// B'...' / X'...' constant; value is the prefix letter followed by the body.
    BitStr,
    /// Integer constant (digits only).
    Int,
    /// Other numeric constant.
    Num,
    /// `$n`.
    Param,
    /// Operator or single-character punctuation (`(`, `,`, `+`, `<=`, ...); `!=` is `<>`.
    Op,
    /// `::`.
    Typecast,
    /// `:=`.
    ColonEquals,
    /// `=>`.
    EqualsGreater,
    /// `..`.
    DotDot,
    Eof,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    pub kind: TokKind,
    pub val: String,
    pub start: usize,
    pub end: usize,
    pub kw: Option<KwCat>,
}

fn syntax_err(msg: &str, sql: &str, at: usize) -> PgError {
    let rest = &sql[at.min(sql.len())..];
    let m = if rest.is_empty() {
        format!("{msg} at end of input")
    } else {
        format!("{msg} at or near \"{rest}\"")
    };
    PgError::new(common::sqlstate::SYNTAX_ERROR, m).at_byte_offset(sql, at)
}

/// A syntax error whose "at or near" text is `sql[at..end]`.
fn err_near(msg: &str, sql: &str, at: usize, end: usize) -> PgError {
    let near = sql.get(at..end.max(at)).unwrap_or("");
    PgError::new(
        common::sqlstate::SYNTAX_ERROR,
        format!("{msg} at or near \"{near}\""),
    )
    .at_byte_offset(sql, at)
}

fn is_ident_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_' || c >= 0x80
}
fn is_ident_cont(c: u8) -> bool {
    is_ident_start(c) || c.is_ascii_digit() || c == b'$'
}
fn is_op_char(c: u8) -> bool {
    b"~!@#^&|`?+-*/%<>=".contains(&c)
}
fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// Truncate an identifier to 63 bytes (at a character boundary), recording a NOTICE.
pub fn truncate_ident(s: String, notices: &mut Vec<PgError>) -> String {
    if s.len() <= MAX_IDENT_LEN {
        return s;
    }
    let mut cut = MAX_IDENT_LEN;
    while cut > 0 && !s.is_char_boundary(cut) {
        cut -= 1;
    }
    let t = s[..cut].to_string();
    let mut n = PgError::notice(format!("identifier \"{s}\" will be truncated to \"{t}\""));
    n.code = common::sqlstate::NAME_TOO_LONG;
    notices.push(n);
    t
}

/// Lower-case ASCII letters only, as PostgreSQL does for UTF8 identifiers.
pub fn downcase(s: &str) -> String {
    s.chars().map(|c| c.to_ascii_lowercase()).collect()
}

/// Session settings that change how the lexer reads string literals.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LexOptions {
    /// standard_conforming_strings (default on): when off, '...' treats backslashes as
    /// escapes and U&'...' is rejected.
    pub standard_conforming_strings: bool,
    /// escape_string_warning (default on): WARN about backslashes in '...' when
    /// standard_conforming_strings is off.
    pub escape_string_warning: bool,
}

impl Default for LexOptions {
    fn default() -> Self {
        LexOptions {
            standard_conforming_strings: true,
            escape_string_warning: true,
        }
    }
}

struct Lexer<'a> {
    sql: &'a str,
    b: &'a [u8],
    pos: usize,
    toks: Vec<Token>,
    notices: Vec<PgError>,
    opts: LexOptions,
    /// Warn about the first backslash escape of the current literal (non-standard strings).
    warn_escape: bool,
}

/// Tokenize `sql`, returning the tokens (ending with Eof) and any notices.
pub fn lex(sql: &str) -> PgResult<(Vec<Token>, Vec<PgError>)> {
    lex_with_options(sql, LexOptions::default())
}

/// Tokenize with explicit session settings.
pub fn lex_with_options(sql: &str, opts: LexOptions) -> PgResult<(Vec<Token>, Vec<PgError>)> {
    let mut lx = Lexer {
        sql,
        b: sql.as_bytes(),
        pos: 0,
        toks: Vec::new(),
        notices: Vec::new(),
        opts,
        warn_escape: false,
    };
    lx.run()?;
    Ok((lx.toks, lx.notices))
}

impl<'a> Lexer<'a> {
    fn peek(&self, off: usize) -> u8 {
        self.b.get(self.pos + off).copied().unwrap_or(0)
    }

    fn push(&mut self, kind: TokKind, val: String, start: usize) {
        self.toks.push(Token {
            kind,
            val,
            start,
            end: self.pos,
            kw: None,
        });
    }

    /// Skip whitespace and comments. Returns whether a newline was seen.
    fn skip_ws(&mut self) -> PgResult<bool> {
        let mut newline = false;
        loop {
            let c = self.peek(0);
            if is_space(c) {
                if c == b'\n' || c == b'\r' {
                    newline = true;
                }
                self.pos += 1;
            } else if c == b'-' && self.peek(1) == b'-' {
                while self.pos < self.b.len()
                    && self.b[self.pos] != b'\n'
                    && self.b[self.pos] != b'\r'
                {
                    self.pos += 1;
                }
            } else if c == b'/' && self.peek(1) == b'*' {
                let start = self.pos;
                self.pos += 2;
                let mut depth = 1;
                while depth > 0 {
                    if self.pos >= self.b.len() {
                        return Err(syntax_err("unterminated /* comment", self.sql, start));
                    }
                    if self.peek(0) == b'/' && self.peek(1) == b'*' {
                        depth += 1;
                        self.pos += 2;
                    } else if self.peek(0) == b'*' && self.peek(1) == b'/' {
                        depth -= 1;
                        self.pos += 2;
                    } else {
                        self.pos += 1;
                    }
                }
            } else {
                return Ok(newline);
            }
        }
    }

    fn run(&mut self) -> PgResult<()> {
        loop {
            self.skip_ws()?;
            let start = self.pos;
            if self.pos >= self.b.len() {
                self.push(TokKind::Eof, String::new(), start);
                return Ok(());
            }
            let c = self.peek(0);
            let c1 = self.peek(1);
            match c {
                b'\'' => {
                    let scs = self.opts.standard_conforming_strings;
                    self.warn_escape = !scs && self.opts.escape_string_warning;
                    let s = self.quoted_string(start, !scs);
                    self.warn_escape = false;
                    let s = s?;
                    self.push(TokKind::Str, s, start);
                }
                b'e' | b'E' if c1 == b'\'' => {
                    self.pos += 1;
                    let s = self.quoted_string(start, true)?;
                    self.push(TokKind::Str, s, start);
                }
                b'b' | b'B' | b'x' | b'X' if c1 == b'\'' => {
                    self.pos += 2;
                    let body_start = self.pos;
                    while self.pos < self.b.len() && self.b[self.pos] != b'\'' {
                        self.pos += 1;
                    }
                    if self.pos >= self.b.len() {
                        let what = if c == b'b' || c == b'B' {
                            "unterminated bit string literal"
                        } else {
                            "unterminated hexadecimal string literal"
                        };
                        return Err(syntax_err(what, self.sql, start));
                    }
                    let body = self.sql[body_start..self.pos].to_string();
                    self.pos += 1;
                    let prefix = if c == b'b' || c == b'B' { 'b' } else { 'x' };
                    if prefix == 'b' && !body.bytes().all(|d| d == b'0' || d == b'1') {
                        return Err(PgError::new(
                            common::sqlstate::SYNTAX_ERROR,
                            format!(
                                "\"{}\" is not a valid binary digit",
                                body.chars().find(|d| *d != '0' && *d != '1').unwrap_or('?')
                            ),
                        )
                        .at_byte_offset(self.sql, start));
                    }
                    if prefix == 'x' && !body.bytes().all(|d| d.is_ascii_hexdigit()) {
                        return Err(PgError::new(
                            common::sqlstate::SYNTAX_ERROR,
                            format!(
                                "\"{}\" is not a valid hexadecimal digit",
                                body.chars().find(|d| !d.is_ascii_hexdigit()).unwrap_or('?')
                            ),
                        )
                        .at_byte_offset(self.sql, start));
                    }
                    self.push(TokKind::BitStr, format!("{prefix}{body}"), start);
                }
                b'n' | b'N' if c1 == b'\'' => {
                    // National character literal: the keyword NCHAR followed by the string.
                    self.pos += 1;
                    self.toks.push(Token {
                        kind: TokKind::Ident,
                        val: "nchar".into(),
                        start,
                        end: start + 1,
                        kw: Some(KwCat::ColName),
                    });
                    let s = self.quoted_string(start + 1, false)?;
                    self.push(TokKind::Str, s, start + 1);
                }
                b'u' | b'U'
                    if c1 == b'&'
                        && self.peek(2) == b'\''
                        && !self.opts.standard_conforming_strings =>
                {
                    return Err(PgError::new(
                        common::sqlstate::FEATURE_NOT_SUPPORTED,
                        "unsafe use of string constant with Unicode escapes",
                    )
                    .with_detail("String constants with Unicode escapes cannot be used when standard_conforming_strings is off.")
                    .at_byte_offset(self.sql, start));
                }
                b'u' | b'U' if c1 == b'&' && (self.peek(2) == b'\'' || self.peek(2) == b'"') => {
                    self.pos += 2;
                    if self.peek(0) == b'\'' {
                        let raw = self.quoted_string(start, false)?;
                        let lit_end = self.pos;
                        let esc = self.uescape()?;
                        let s = unicode_unescape(&raw, esc)
                            .map_err(|(m, i)| err_near(m, self.sql, start + 3 + i, lit_end))?;
                        self.push(TokKind::Str, s, start);
                    } else {
                        let raw = self.quoted_ident(start)?;
                        let lit_end = self.pos;
                        let esc = self.uescape()?;
                        let s = unicode_unescape(&raw, esc)
                            .map_err(|(m, i)| err_near(m, self.sql, start + 3 + i, lit_end))?;
                        if s.is_empty() {
                            return Err(syntax_err(
                                "zero-length delimited identifier",
                                self.sql,
                                start,
                            ));
                        }
                        let s = truncate_ident(s, &mut self.notices);
                        self.push(TokKind::QIdent, s, start);
                    }
                }
                b'"' => {
                    let s = self.quoted_ident(start)?;
                    if s.is_empty() {
                        return Err(syntax_err(
                            "zero-length delimited identifier",
                            self.sql,
                            start,
                        ));
                    }
                    let s = truncate_ident(s, &mut self.notices);
                    self.push(TokKind::QIdent, s, start);
                }
                b'$' => {
                    if c1.is_ascii_digit() {
                        self.pos += 1;
                        while self.peek(0).is_ascii_digit() {
                            self.pos += 1;
                        }
                        let txt = &self.sql[start + 1..self.pos];
                        let n: u32 = txt.parse().unwrap_or(u32::MAX);
                        if n == 0 || n > i32::MAX as u32 {
                            // PostgreSQL accepts the token; the analyzer reports bad numbers.
                        }
                        self.push(TokKind::Param, n.to_string(), start);
                    } else if let Some(s) = self.dollar_quote(start)? {
                        self.push(TokKind::Str, s, start);
                    } else {
                        self.pos += 1;
                        self.push(TokKind::Op, "$".into(), start);
                    }
                }
                b'0'..=b'9' => self.number(start),
                b'.' if c1.is_ascii_digit() => self.number(start),
                b'.' if c1 == b'.' => {
                    self.pos += 2;
                    self.push(TokKind::DotDot, "..".into(), start);
                }
                b':' if c1 == b':' => {
                    self.pos += 2;
                    self.push(TokKind::Typecast, "::".into(), start);
                }
                b':' if c1 == b'=' => {
                    self.pos += 2;
                    self.push(TokKind::ColonEquals, ":=".into(), start);
                }
                b'(' | b')' | b',' | b';' | b'[' | b']' | b'.' | b':' => {
                    self.pos += 1;
                    self.push(TokKind::Op, (c as char).to_string(), start);
                }
                _ if is_op_char(c) => self.operator(start),
                _ if is_ident_start(c) => {
                    while self.pos < self.b.len() && is_ident_cont(self.b[self.pos]) {
                        self.pos += 1;
                    }
                    let word = downcase(&self.sql[start..self.pos]);
                    let kw = keywords::lookup(&word);
                    let word = if kw.is_none() {
                        truncate_ident(word, &mut self.notices)
                    } else {
                        word
                    };
                    self.toks.push(Token {
                        kind: TokKind::Ident,
                        val: word,
                        start,
                        end: self.pos,
                        kw,
                    });
                }
                _ => {
                    // Any other character is returned as a one-character token that the
                    // grammar rejects.
                    let ch = self.sql[start..].chars().next().unwrap_or('?');
                    self.pos += ch.len_utf8();
                    self.push(TokKind::Op, ch.to_string(), start);
                }
            }
        }
    }

    fn uescape(&mut self) -> PgResult<char> {
        let save = self.pos;
        self.skip_ws()?;
        let w = self.pos;
        if self.b.len() >= w + 7
            && self.sql.is_char_boundary(w + 7)
            && self.sql[w..w + 7].eq_ignore_ascii_case("uescape")
        {
            self.pos = w + 7;
            self.skip_ws()?;
            let q = self.pos;
            if self.peek(0) == b'\'' && self.peek(2) == b'\'' && self.peek(1) < 0x80 {
                let ch = self.peek(1);
                self.pos += 3;
                if ch.is_ascii_hexdigit() || ch == b'+' || ch == b'\'' || ch == b'"' || is_space(ch)
                {
                    return Err(err_near(
                        "invalid Unicode escape character",
                        self.sql,
                        q + 1,
                        q + 3,
                    ));
                }
                return Ok(ch as char);
            }
            return Err(syntax_err("invalid Unicode escape character", self.sql, q));
        }
        self.pos = save;
        Ok('\\')
    }

    fn quoted_ident(&mut self, start: usize) -> PgResult<String> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            let Some(rel) = self.sql[self.pos..].find('"') else {
                return Err(syntax_err(
                    "unterminated quoted identifier",
                    self.sql,
                    start,
                ));
            };
            out.push_str(&self.sql[self.pos..self.pos + rel]);
            self.pos += rel + 1;
            if self.peek(0) == b'"' {
                out.push('"');
                self.pos += 1;
            } else {
                return Ok(out);
            }
        }
    }

    /// A '...' string (self.pos at the quote), with continuation across newlines.
    fn quoted_string(&mut self, start: usize, escapes: bool) -> PgResult<String> {
        let mut bytes: Vec<u8> = Vec::new();
        self.pos += 1;
        loop {
            if self.pos >= self.b.len() {
                return Err(syntax_err("unterminated quoted string", self.sql, start));
            }
            let c = self.b[self.pos];
            if c == b'\'' {
                if self.peek(1) == b'\'' {
                    bytes.push(b'\'');
                    self.pos += 2;
                    continue;
                }
                self.pos += 1;
                // Continuation: whitespace including a newline, then another quote.
                let save = self.pos;
                let nl = self.skip_ws_simple();
                if nl && self.peek(0) == b'\'' {
                    self.pos += 1;
                    continue;
                }
                self.pos = save;
                break;
            } else if c == b'\\' && escapes {
                let at = self.pos;
                if self.warn_escape {
                    self.warn_escape = false;
                    let (msg, hint) = match self.peek(1) {
                        b'\'' => ("nonstandard use of \\' in a string literal", "Use '' to write quotes in strings, or use the escape string syntax (E'...')."),
                        b'\\' => ("nonstandard use of \\\\ in a string literal", "Use the escape string syntax for backslashes, e.g., E'\\\\'."),
                        _ => ("nonstandard use of escape in a string literal", "Use the escape string syntax for escapes, e.g., E'\\r\\n'."),
                    };
                    let mut w = PgError::warning(msg)
                        .with_hint(hint)
                        .at_byte_offset(self.sql, start);
                    w.code = common::sqlstate::NONSTANDARD_USE_OF_ESCAPE_CHARACTER;
                    self.notices.push(w);
                }
                self.pos += 1;
                let e = self.peek(0);
                if self.pos >= self.b.len() {
                    return Err(syntax_err("unterminated quoted string", self.sql, start));
                }
                match e {
                    b'b' => {
                        bytes.push(8);
                        self.pos += 1
                    }
                    b'f' => {
                        bytes.push(12);
                        self.pos += 1
                    }
                    b'n' => {
                        bytes.push(b'\n');
                        self.pos += 1
                    }
                    b'r' => {
                        bytes.push(b'\r');
                        self.pos += 1
                    }
                    b't' => {
                        bytes.push(b'\t');
                        self.pos += 1
                    }
                    b'0'..=b'7' => {
                        let mut v: u32 = 0;
                        let mut n = 0;
                        while n < 3 && (b'0'..=b'7').contains(&self.peek(0)) {
                            v = v * 8 + (self.peek(0) - b'0') as u32;
                            self.pos += 1;
                            n += 1;
                        }
                        bytes.push((v & 0xff) as u8);
                    }
                    b'x' if self.peek(1).is_ascii_hexdigit() => {
                        self.pos += 1;
                        let mut v: u32 = 0;
                        let mut n = 0;
                        while n < 2 && self.peek(0).is_ascii_hexdigit() {
                            v = v * 16 + (self.peek(0) as char).to_digit(16).unwrap_or(0);
                            self.pos += 1;
                            n += 1;
                        }
                        bytes.push(v as u8);
                    }
                    b'u' | b'U' => {
                        let len = if e == b'u' { 4 } else { 8 };
                        let hex = self.b.get(self.pos + 1..self.pos + 1 + len);
                        let Some(hex) = hex.filter(|h| h.iter().all(|d| d.is_ascii_hexdigit()))
                        else {
                            return Err(PgError::new(
                                common::sqlstate::INVALID_ESCAPE_SEQUENCE,
                                "invalid Unicode escape",
                            )
                            .with_hint("Unicode escapes must be \\uXXXX or \\UXXXXXXXX.")
                            .at_byte_offset(self.sql, at));
                        };
                        let v = u32::from_str_radix(std::str::from_utf8(hex).unwrap_or("0"), 16)
                            .unwrap_or(0);
                        self.pos += 1 + len;
                        let v = if (0xD800..0xDC00).contains(&v) {
                            // Surrogate pair: the low half must follow.
                            if self.peek(0) == b'\\' && self.peek(1) == b'u' {
                                let lo = self
                                    .b
                                    .get(self.pos + 2..self.pos + 6)
                                    .and_then(|h| std::str::from_utf8(h).ok())
                                    .and_then(|h| u32::from_str_radix(h, 16).ok());
                                match lo {
                                    Some(lo) if (0xDC00..0xE000).contains(&lo) => {
                                        self.pos += 6;
                                        0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00)
                                    }
                                    _ => {
                                        return Err(PgError::new(
                                            common::sqlstate::SYNTAX_ERROR,
                                            "invalid Unicode surrogate pair",
                                        )
                                        .at_byte_offset(self.sql, at))
                                    }
                                }
                            } else {
                                return Err(PgError::new(
                                    common::sqlstate::SYNTAX_ERROR,
                                    "invalid Unicode surrogate pair",
                                )
                                .at_byte_offset(self.sql, at));
                            }
                        } else {
                            v
                        };
                        match char::from_u32(v) {
                            Some(ch) if v != 0 => {
                                let mut buf = [0u8; 4];
                                bytes.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                            }
                            _ => {
                                return Err(PgError::new(
                                    common::sqlstate::SYNTAX_ERROR,
                                    "invalid Unicode escape value",
                                )
                                .at_byte_offset(self.sql, at))
                            }
                        }
                    }
                    _ => {
                        // Any other escaped character stands for itself (whole UTF-8 char).
                        let ch = self.sql[self.pos..].chars().next().unwrap_or('\\');
                        let mut buf = [0u8; 4];
                        bytes.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                        self.pos += ch.len_utf8();
                    }
                }
            } else {
                bytes.push(c);
                self.pos += 1;
            }
        }
        match String::from_utf8(bytes) {
            Ok(s) => {
                if s.contains('\0') {
                    return Err(PgError::new(
                        common::sqlstate::CHARACTER_NOT_IN_REPERTOIRE,
                        "invalid byte sequence for encoding \"UTF8\": 0x00",
                    ));
                }
                Ok(s)
            }
            Err(e) => {
                let b = e.as_bytes();
                let i = e.utf8_error().valid_up_to();
                let bad: Vec<String> = b[i..]
                    .iter()
                    .take(2)
                    .map(|x| format!("0x{x:02x}"))
                    .collect();
                Err(PgError::new(
                    common::sqlstate::CHARACTER_NOT_IN_REPERTOIRE,
                    format!(
                        "invalid byte sequence for encoding \"UTF8\": {}",
                        bad.join(" ")
                    ),
                ))
            }
        }
    }

    /// Whitespace/comment skipping for string continuation (no errors; `/*` is not allowed
    /// between continued strings in PostgreSQL, only `--` comments).
    fn skip_ws_simple(&mut self) -> bool {
        let mut nl = false;
        loop {
            let c = self.peek(0);
            if is_space(c) {
                if c == b'\n' || c == b'\r' {
                    nl = true;
                }
                self.pos += 1;
            } else if c == b'-' && self.peek(1) == b'-' && nl {
                while self.pos < self.b.len()
                    && self.b[self.pos] != b'\n'
                    && self.b[self.pos] != b'\r'
                {
                    self.pos += 1;
                }
            } else {
                return nl;
            }
        }
    }

    fn dollar_quote(&mut self, start: usize) -> PgResult<Option<String>> {
        let mut p = start + 1;
        if p < self.b.len() && is_ident_start(self.b[p]) {
            p += 1;
            while p < self.b.len() && is_ident_cont(self.b[p]) && self.b[p] != b'$' {
                p += 1;
            }
        }
        if p >= self.b.len() || self.b[p] != b'$' {
            return Ok(None);
        }
        let delim = &self.sql[start..=p];
        let body_start = p + 1;
        match self.sql[body_start..].find(delim) {
            Some(rel) => {
                let s = self.sql[body_start..body_start + rel].to_string();
                self.pos = body_start + rel + delim.len();
                Ok(Some(s))
            }
            None => Err(syntax_err(
                "unterminated dollar-quoted string",
                self.sql,
                start,
            )),
        }
    }

    fn number(&mut self, start: usize) {
        let mut is_int = true;
        while self.peek(0).is_ascii_digit() {
            self.pos += 1;
        }
        if self.peek(0) == b'.' && self.peek(1) != b'.' {
            is_int = false;
            self.pos += 1;
            while self.peek(0).is_ascii_digit() {
                self.pos += 1;
            }
        }
        if matches!(self.peek(0), b'e' | b'E') {
            let save = self.pos;
            self.pos += 1;
            if matches!(self.peek(0), b'+' | b'-') {
                self.pos += 1;
            }
            if self.peek(0).is_ascii_digit() {
                is_int = false;
                while self.peek(0).is_ascii_digit() {
                    self.pos += 1;
                }
            } else {
                self.pos = save;
                is_int = false;
            }
        }
        let txt = self.sql[start..self.pos].to_string();
        self.push(if is_int { TokKind::Int } else { TokKind::Num }, txt, start);
    }

    fn operator(&mut self, start: usize) {
        let mut end = start;
        while end < self.b.len() && is_op_char(self.b[end]) {
            end += 1;
        }
        let mut op = &self.sql[start..end];
        // A comment start inside an operator ends it.
        if let Some(i) = [op.find("/*"), op.find("--")].into_iter().flatten().min() {
            op = &op[..i];
        }
        let mut n = op.len();
        if n > 1 && (op.ends_with('+') || op.ends_with('-')) {
            let special = op.bytes().any(|c| b"~!@#^&|`?%".contains(&c));
            if !special {
                while n > 1 {
                    let c = op.as_bytes()[n - 1];
                    if c == b'+' || c == b'-' {
                        n -= 1;
                    } else {
                        break;
                    }
                }
            }
        }
        let op = &op[..n];
        self.pos = start + n;
        let (kind, val) = match op {
            "=>" => (TokKind::EqualsGreater, "=>"),
            "!=" => (TokKind::Op, "<>"),
            _ => (TokKind::Op, op),
        };
        self.push(kind, val.to_string(), start);
    }
}

/// Process U&'...' escapes with escape character `esc`.
fn unicode_unescape(s: &str, esc: char) -> Result<String, (&'static str, usize)> {
    let mut out = String::new();
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut i = 0;
    let bad = "invalid Unicode escape value";
    let pair = "invalid Unicode surrogate pair";
    let mut pending_hi: Option<(u32, usize)> = None;
    while i < chars.len() {
        let (at, c) = chars[i];
        if c == esc {
            if chars.get(i + 1).map(|x| x.1) == Some(esc) {
                out.push(esc);
                i += 2;
                continue;
            }
            let (len, skip) = if chars.get(i + 1).map(|x| x.1) == Some('+') {
                (6, 2)
            } else {
                (4, 1)
            };
            let hex: String = chars.iter().skip(i + skip).take(len).map(|x| x.1).collect();
            if hex.len() != len || !hex.chars().all(|d| d.is_ascii_hexdigit()) {
                return Err((bad, at));
            }
            let v = u32::from_str_radix(&hex, 16).map_err(|_| (bad, at))?;
            i += skip + len;
            if let Some((hi, _)) = pending_hi.take() {
                if !(0xDC00..0xE000).contains(&v) {
                    return Err((pair, at));
                }
                let cp = 0x10000 + ((hi - 0xD800) << 10) + (v - 0xDC00);
                out.push(char::from_u32(cp).ok_or((bad, at))?);
                continue;
            }
            if (0xD800..0xDC00).contains(&v) {
                pending_hi = Some((v, at));
                continue;
            }
            if v == 0 || (0xDC00..0xE000).contains(&v) {
                return Err((bad, at));
            }
            out.push(char::from_u32(v).ok_or((bad, at))?);
        } else {
            if pending_hi.is_some() {
                return Err((pair, at));
            }
            out.push(c);
            i += 1;
        }
    }
    if let Some((_, at)) = pending_hi {
        return Err((pair, at));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(s: &str) -> Vec<(TokKind, String)> {
        lex(s)
            .unwrap()
            .0
            .into_iter()
            .map(|t| (t.kind, t.val))
            .collect()
    }

    #[test]
    fn basics() {
        let t = kinds("SELECT Foo, \"Bar\"\"x\" FROM t -- c\n/* a /* b */ */ WHERE a<=b");
        let v: Vec<&str> = t.iter().map(|x| x.1.as_str()).collect();
        assert_eq!(
            v,
            ["select", "foo", ",", "Bar\"x", "from", "t", "where", "a", "<=", "b", ""]
        );
    }

    #[test]
    fn strings() {
        assert_eq!(kinds("'a''b'")[0].1, "a'b");
        assert_eq!(kinds("'a'\n 'b'")[0].1, "ab");
        assert_eq!(kinds("'a' 'b'").len(), 3);
        assert_eq!(kinds(r"E'a\nb\\\'\101\x41\u0041'")[0].1, "a\nb\\'AAA");
        assert_eq!(kinds("U&'d\\0061t\\+000061'")[0].1, "data");
        assert_eq!(kinds("U&'d!0061t!+000061' UESCAPE '!'")[0].1, "data");
        assert_eq!(kinds("$$a'b$$")[0].1, "a'b");
        assert_eq!(kinds("$x$a$$b$x$")[0].1, "a$$b");
        assert_eq!(kinds("B'0101'")[0], (TokKind::BitStr, "b0101".into()));
        assert_eq!(kinds("X'1F'")[0], (TokKind::BitStr, "x1F".into()));
    }

    #[test]
    fn numbers_and_ops() {
        let t = kinds("123abc 1.5 .5 5. 1e10 1..2 $1 a::int -+ @- *- !=");
        let v: Vec<&str> = t.iter().map(|x| x.1.as_str()).collect();
        assert_eq!(
            v,
            [
                "123",
                "abc",
                "1.5",
                ".5",
                "5.",
                "1e10",
                "1",
                "..",
                "2",
                "$1".trim_start_matches('$'),
                "a",
                "::",
                "int",
                "-",
                "+",
                "@-",
                "*",
                "-",
                "<>",
                ""
            ]
        );
    }

    #[test]
    fn errors() {
        let e = lex("SELECT 'abc").unwrap_err();
        assert_eq!(e.message, "unterminated quoted string at or near \"'abc\"");
        assert_eq!(e.position, Some(8));
        let e = lex("SELECT /* x").unwrap_err();
        assert_eq!(e.message, "unterminated /* comment at or near \"/* x\"");
        let e = lex("SELECT \"\"").unwrap_err();
        assert_eq!(
            e.message,
            "zero-length delimited identifier at or near \"\"\"\""
        );
        let e = lex("SELECT \"ab").unwrap_err();
        assert_eq!(
            e.message,
            "unterminated quoted identifier at or near \"\"ab\""
        );
    }

    #[test]
    fn truncation_notice() {
        let long = "a".repeat(70);
        let (t, n) = lex(&long).unwrap();
        assert_eq!(t[0].val.len(), 63);
        assert_eq!(n.len(), 1);
        assert!(n[0].message.starts_with("identifier \"aaaa"));
    }
}
