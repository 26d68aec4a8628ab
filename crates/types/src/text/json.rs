//! Validation of json input (the json type stores its input text verbatim): a lexer and
//! recursive-descent checker reporting PostgreSQL's `invalid input syntax for type json` errors
//! with the same DETAIL and CONTEXT lines.

use common::{pg_err, PgError, PgResult};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Tok {
    ObjStart,
    ObjEnd,
    ArrStart,
    ArrEnd,
    Comma,
    Colon,
    Str,
    Num,
    True,
    False,
    Null,
    End,
}

struct Lexer<'a> {
    s: &'a [u8],
    pos: usize,
    tok: Tok,
    tok_start: usize,
    tok_end: usize,
    line: usize,
    line_start: usize,
    depth: usize,
}

fn is_alnum(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c >= 0x80
}

fn utf8_len(c: u8) -> usize {
    match c {
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf7 => 4,
        _ => 1,
    }
}

impl<'a> Lexer<'a> {
    fn text(&self, a: usize, b: usize) -> String {
        String::from_utf8_lossy(&self.s[a.min(b)..b.min(self.s.len())]).into_owned()
    }

    fn error(&self, detail: String, end: usize, at_end: bool) -> PgError {
        let end = end.min(self.s.len());
        let mut start = self.line_start.min(end);
        if end - start >= 50 {
            start = end - 50;
            while start < end && (self.s[start] & 0xc0) == 0x80 {
                start += 1;
            }
        }
        let prefix = if start > self.line_start { "..." } else { "" };
        let suffix =
            if !at_end && end < self.s.len() && self.s[end] != b'\n' && self.s[end] != b'\r' {
                "..."
            } else {
                ""
            };
        pg_err!(
            INVALID_TEXT_REPRESENTATION,
            "invalid input syntax for type json"
        )
        .with_detail(detail)
        .add_context(format!(
            "JSON data, line {}: {}{}{}",
            self.line,
            prefix,
            self.text(start, end),
            suffix
        ))
    }

    fn invalid_token(&self, start: usize, end: usize) -> PgError {
        self.error(
            format!("Token \"{}\" is invalid.", self.text(start, end)),
            end,
            false,
        )
    }

    fn advance(&mut self) -> PgResult<()> {
        let s = self.s;
        while self.pos < s.len() && matches!(s[self.pos], b' ' | b'\t' | b'\n' | b'\r') {
            if s[self.pos] == b'\n' {
                self.line += 1;
                self.line_start = self.pos + 1;
            }
            self.pos += 1;
        }
        let start = self.pos;
        self.tok_start = start;
        if start >= s.len() {
            self.tok = Tok::End;
            self.tok_end = start;
            return Ok(());
        }
        let c = s[start];
        let single = match c {
            b'{' => Some(Tok::ObjStart),
            b'}' => Some(Tok::ObjEnd),
            b'[' => Some(Tok::ArrStart),
            b']' => Some(Tok::ArrEnd),
            b',' => Some(Tok::Comma),
            b':' => Some(Tok::Colon),
            _ => None,
        };
        if let Some(t) = single {
            self.tok = t;
            self.pos += 1;
            self.tok_end = self.pos;
            return Ok(());
        }
        if c == b'"' {
            return self.lex_string();
        }
        if c == b'-' || c.is_ascii_digit() {
            return self.lex_number();
        }
        let mut p = start;
        while p < s.len() && is_alnum(s[p]) {
            p += 1;
        }
        if p == start {
            p = (start + utf8_len(c)).min(s.len());
            return Err(self.invalid_token(start, p));
        }
        self.tok = match &s[start..p] {
            b"true" => Tok::True,
            b"false" => Tok::False,
            b"null" => Tok::Null,
            _ => return Err(self.invalid_token(start, p)),
        };
        self.pos = p;
        self.tok_end = p;
        Ok(())
    }

    fn lex_string(&mut self) -> PgResult<()> {
        let s = self.s;
        let start = self.pos;
        let mut p = start + 1;
        loop {
            if p >= s.len() {
                return Err(self.invalid_token(start, s.len()));
            }
            let c = s[p];
            if c == b'"' {
                break;
            }
            if c == b'\\' {
                p += 1;
                if p >= s.len() {
                    return Err(self.invalid_token(start, s.len()));
                }
                match s[p] {
                    b'u' => {
                        for _ in 0..4 {
                            p += 1;
                            if p >= s.len() {
                                return Err(self.invalid_token(start, s.len()));
                            }
                            if !s[p].is_ascii_hexdigit() {
                                let end = (p + utf8_len(s[p])).min(s.len());
                                return Err(self.error(
                                    "\"\\u\" must be followed by four hexadecimal digits."
                                        .to_string(),
                                    end,
                                    false,
                                ));
                            }
                        }
                        p += 1;
                    }
                    b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => p += 1,
                    other => {
                        let end = (p + utf8_len(other)).min(s.len());
                        return Err(self.error(
                            format!("Escape sequence \"\\{}\" is invalid.", self.text(p, end)),
                            end,
                            false,
                        ));
                    }
                }
                continue;
            }
            if c < 0x20 {
                return Err(self.error(
                    format!("Character with value 0x{c:02x} must be escaped."),
                    p,
                    false,
                ));
            }
            p += 1;
        }
        self.pos = p + 1;
        self.tok = Tok::Str;
        self.tok_end = self.pos;
        Ok(())
    }

    fn lex_number(&mut self) -> PgResult<()> {
        let s = self.s;
        let start = self.pos;
        let mut p = start;
        let mut ok = true;
        let digit = |p: usize| p < s.len() && s[p].is_ascii_digit();
        if s[p] == b'-' {
            p += 1;
        }
        if p < s.len() && s[p] == b'0' {
            p += 1;
        } else if digit(p) {
            while digit(p) {
                p += 1;
            }
        } else {
            ok = false;
        }
        if ok && p < s.len() && s[p] == b'.' {
            p += 1;
            if !digit(p) {
                ok = false;
            }
            while digit(p) {
                p += 1;
            }
        }
        if ok && p < s.len() && (s[p] == b'e' || s[p] == b'E') {
            p += 1;
            if p < s.len() && (s[p] == b'+' || s[p] == b'-') {
                p += 1;
            }
            if !digit(p) {
                ok = false;
            }
            while digit(p) {
                p += 1;
            }
        }
        let mut q = p;
        while q < s.len() && is_alnum(s[q]) {
            q += 1;
        }
        if !ok || q > p {
            return Err(self.invalid_token(start, q));
        }
        self.pos = p;
        self.tok = Tok::Num;
        self.tok_end = p;
        Ok(())
    }

    fn parse_error(&self, expected: &str) -> PgError {
        if self.tok == Tok::End {
            return self.error(
                "The input string ended unexpectedly.".to_string(),
                self.tok_end,
                true,
            );
        }
        self.error(
            format!(
                "{}, but found \"{}\".",
                expected,
                self.text(self.tok_start, self.tok_end)
            ),
            self.tok_end,
            false,
        )
    }

    fn expect(&mut self, t: Tok, expected: &str) -> PgResult<()> {
        if self.tok != t {
            return Err(self.parse_error(expected));
        }
        self.advance()
    }

    fn value(&mut self) -> PgResult<()> {
        match self.tok {
            Tok::ObjStart => self.object(),
            Tok::ArrStart => self.array(),
            Tok::Str | Tok::Num | Tok::True | Tok::False | Tok::Null => self.advance(),
            _ => Err(self.parse_error("Expected JSON value")),
        }
    }

    fn enter(&mut self) -> PgResult<()> {
        self.depth += 1;
        if self.depth > 6000 {
            return Err(pg_err!(STATEMENT_TOO_COMPLEX, "stack depth limit exceeded").with_hint(
                "Increase the configuration parameter \"max_stack_depth\" (currently 2048kB), after ensuring the platform's stack depth limit is adequate.",
            ));
        }
        Ok(())
    }

    fn object(&mut self) -> PgResult<()> {
        self.enter()?;
        self.advance()?;
        match self.tok {
            Tok::Str => {
                self.field()?;
                while self.tok == Tok::Comma {
                    self.advance()?;
                    self.field()?;
                }
            }
            Tok::ObjEnd => {}
            _ => return Err(self.parse_error("Expected string or \"}\"")),
        }
        self.expect(Tok::ObjEnd, "Expected \",\" or \"}\"")?;
        self.depth -= 1;
        Ok(())
    }

    fn field(&mut self) -> PgResult<()> {
        self.expect(Tok::Str, "Expected string")?;
        self.expect(Tok::Colon, "Expected \":\"")?;
        self.value()
    }

    fn array(&mut self) -> PgResult<()> {
        self.enter()?;
        self.advance()?;
        if self.tok != Tok::ArrEnd {
            self.value()?;
            while self.tok == Tok::Comma {
                self.advance()?;
                self.value()?;
            }
        }
        self.expect(Tok::ArrEnd, "Expected \",\" or \"]\"")?;
        self.depth -= 1;
        Ok(())
    }
}

/// Check that `s` is valid JSON, with PostgreSQL's error messages.
pub fn validate(s: &str) -> PgResult<()> {
    let mut lx = Lexer {
        s: s.as_bytes(),
        pos: 0,
        tok: Tok::End,
        tok_start: 0,
        tok_end: 0,
        line: 1,
        line_start: 0,
        depth: 0,
    };
    lx.advance()?;
    lx.value()?;
    if lx.tok != Tok::End {
        return Err(lx.parse_error("Expected end of input"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::validate;

    fn err(s: &str) -> (String, String) {
        let e = validate(s).unwrap_err();
        (e.detail.unwrap_or_default(), e.context.unwrap_or_default())
    }

    #[test]
    fn valid() {
        for s in [
            "1",
            "-0.5e+3",
            "\"a\\u00e9\"",
            "[]",
            "{}",
            " {\"a\": [1, true, null, {\"b\": \"c\"}]} ",
        ] {
            assert!(validate(s).is_ok(), "{s}");
        }
    }

    #[test]
    fn errors_like_postgres() {
        assert_eq!(
            err("''"),
            (
                "Token \"'\" is invalid.".into(),
                "JSON data, line 1: '...".into()
            )
        );
        assert_eq!(
            err("\"abc"),
            (
                "Token \"\"abc\" is invalid.".into(),
                "JSON data, line 1: \"abc".into()
            )
        );
        assert_eq!(
            err("\"abc\ndef\""),
            (
                "Character with value 0x0a must be escaped.".into(),
                "JSON data, line 1: \"abc".into()
            )
        );
        assert_eq!(
            err("\"\\v\""),
            (
                "Escape sequence \"\\v\" is invalid.".into(),
                "JSON data, line 1: \"\\v...".into()
            )
        );
        assert_eq!(err("01").0, "Token \"01\" is invalid.");
        assert_eq!(err("1f2").0, "Token \"1f2\" is invalid.");
        assert_eq!(err("0.x1").0, "Token \"0.x1\" is invalid.");
        assert_eq!(err("1.3ex100").0, "Token \"1.3ex100\" is invalid.");
        assert_eq!(
            err("[1,2,]"),
            (
                "Expected JSON value, but found \"]\".".into(),
                "JSON data, line 1: [1,2,]".into()
            )
        );
        for (inp, d, c) in [
            ("{\"abc\"}", "Expected \":\", but found \"}\".", "{\"abc\"}"),
            (
                "{1:\"abc\"}",
                "Expected string or \"}\", but found \"1\".",
                "{1...",
            ),
            (
                "{\"abc\",1}",
                "Expected \":\", but found \",\".",
                "{\"abc\",...",
            ),
            ("{\"abc\"=1}", "Token \"=\" is invalid.", "{\"abc\"=..."),
            (
                "{\"abc\"::1}",
                "Expected JSON value, but found \":\".",
                "{\"abc\"::...",
            ),
            (
                "{\"abc\":1:2}",
                "Expected \",\" or \"}\", but found \":\".",
                "{\"abc\":1:...",
            ),
            (
                "{\"abc\":1,3}",
                "Expected string, but found \"3\".",
                "{\"abc\":1,3...",
            ),
            (
                "true false",
                "Expected end of input, but found \"false\".",
                "true false",
            ),
            (
                "true, false",
                "Expected end of input, but found \",\".",
                "true,...",
            ),
            ("trues", "Token \"trues\" is invalid.", "trues"),
            ("", "The input string ended unexpectedly.", ""),
        ] {
            assert_eq!(
                err(inp),
                (d.to_string(), format!("JSON data, line 1: {c}")),
                "{inp}"
            );
        }
        assert_eq!(
            err("[1,2"),
            (
                "The input string ended unexpectedly.".into(),
                "JSON data, line 1: [1,2".into()
            )
        );
    }
}
