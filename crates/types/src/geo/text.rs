//! Text input (every syntax PostgreSQL 10 accepts) and output of the geometric types, and their
//! binary send/recv formats.

use super::types::*;
use crate::float::float8_out;
use crate::SessionEnv;
use common::{pg_err, PgError, PgResult};

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c')
}

/// Parser state over one input string; `ty` names the type in error messages.
struct Scanner<'a> {
    s: &'a [u8],
    pos: usize,
    ty: &'static str,
    orig: &'a str,
}

impl<'a> Scanner<'a> {
    fn new(orig: &'a str, ty: &'static str) -> Self {
        Scanner {
            s: orig.as_bytes(),
            pos: 0,
            ty,
            orig,
        }
    }
    fn bad(&self) -> PgError {
        pg_err!(
            INVALID_TEXT_REPRESENTATION,
            "invalid input syntax for type {}: \"{}\"",
            self.ty,
            self.orig
        )
    }
    fn peek(&self) -> u8 {
        self.s.get(self.pos).copied().unwrap_or(0)
    }
    fn at(&self, i: usize) -> u8 {
        self.s.get(i).copied().unwrap_or(0)
    }
    fn skip_ws(&mut self) {
        while self.pos < self.s.len() && is_space(self.s[self.pos]) {
            self.pos += 1;
        }
    }
    fn skip_ws_from(&self, mut i: usize) -> usize {
        while i < self.s.len() && is_space(self.s[i]) {
            i += 1;
        }
        i
    }
    /// Whether the last '(' at or after the current position is the current character.
    fn only_paren_here(&self) -> bool {
        self.s[self.pos..].iter().rposition(|&c| c == b'(') == Some(0)
    }

    /// float8in_internal with an end pointer: leading/trailing whitespace skipped.
    fn number(&mut self) -> PgResult<f64> {
        self.skip_ws();
        let start = self.pos;
        if start >= self.s.len() {
            return Err(self.bad());
        }
        let (v, len, erange) = strtod(&self.s[start..]).ok_or_else(|| self.bad())?;
        if erange {
            let txt = String::from_utf8_lossy(&self.s[start..start + len]);
            return Err(pg_err!(
                NUMERIC_VALUE_OUT_OF_RANGE,
                "\"{}\" is out of range for type double precision",
                txt
            ));
        }
        self.pos = start + len;
        self.skip_ws();
        Ok(v)
    }

    /// pair_decode with an end pointer.
    fn pair(&mut self) -> PgResult<Point> {
        self.skip_ws();
        let delim = self.peek() == b'(';
        if delim {
            self.pos += 1;
        }
        let x = self.number()?;
        if self.peek() != b',' {
            return Err(self.bad());
        }
        self.pos += 1;
        let y = self.number()?;
        if delim {
            if self.peek() != b')' {
                return Err(self.bad());
            }
            self.pos += 1;
            self.skip_ws();
        }
        Ok(Point::new(x, y))
    }

    /// path_decode: returns the points and whether the path was written open (`[...]`).
    fn path(&mut self, opentype: bool, npts: usize) -> PgResult<(Vec<Point>, bool)> {
        let mut depth = 0;
        self.skip_ws();
        let isopen = self.peek() == b'[';
        if isopen {
            if !opentype {
                return Err(self.bad());
            }
            depth += 1;
            self.pos += 1;
        } else if self.peek() == b'(' {
            let cp = self.skip_ws_from(self.pos + 1);
            if self.at(cp) == b'(' || self.only_paren_here() {
                depth += 1;
                self.pos = cp;
            }
        }
        let mut pts = Vec::with_capacity(npts.min(1024));
        for _ in 0..npts {
            pts.push(self.pair()?);
            if self.peek() == b',' {
                self.pos += 1;
            }
        }
        while depth > 0 {
            let c = self.peek();
            if c == b')' || (c == b']' && isopen && depth == 1) {
                depth -= 1;
                self.pos += 1;
                self.skip_ws();
            } else {
                return Err(self.bad());
            }
        }
        Ok((pts, isopen))
    }

    fn end(&self) -> PgResult<()> {
        if self.pos != self.s.len() {
            return Err(self.bad());
        }
        Ok(())
    }
}

/// strtod on a prefix: (value, bytes consumed, ERANGE-with-zero-or-infinite-result).
fn strtod(b: &[u8]) -> Option<(f64, usize, bool)> {
    let mut i = 0;
    let neg = match b.first() {
        Some(b'-') => {
            i = 1;
            true
        }
        Some(b'+') => {
            i = 1;
            false
        }
        _ => false,
    };
    let rest = &b[i..];
    let lower: Vec<u8> = rest
        .iter()
        .take(8)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if lower.starts_with(b"infinity") || lower.starts_with(b"inf") {
        let len = if lower.starts_with(b"infinity") { 8 } else { 3 };
        let v = if neg {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        };
        return Some((v, i + len, false));
    }
    if lower.starts_with(b"nan") {
        return Some((f64::NAN, i + 3, false));
    }
    let mut k = i;
    let mut nd = 0;
    let mut nonzero = false;
    while k < b.len() && b[k].is_ascii_digit() {
        nonzero |= b[k] != b'0';
        k += 1;
        nd += 1;
    }
    if k < b.len() && b[k] == b'.' {
        k += 1;
        while k < b.len() && b[k].is_ascii_digit() {
            nonzero |= b[k] != b'0';
            k += 1;
            nd += 1;
        }
    }
    if nd == 0 {
        return None;
    }
    if k < b.len() && (b[k] == b'e' || b[k] == b'E') {
        let mut m = k + 1;
        if m < b.len() && (b[m] == b'+' || b[m] == b'-') {
            m += 1;
        }
        if m < b.len() && b[m].is_ascii_digit() {
            while m < b.len() && b[m].is_ascii_digit() {
                m += 1;
            }
            k = m;
        }
    }
    let text = std::str::from_utf8(&b[i..k]).ok()?;
    let mut v: f64 = text.parse().ok()?;
    if neg {
        v = -v;
    }
    let erange = v.is_infinite() || (v == 0.0 && nonzero);
    Some((v, k, erange))
}

/// Number of points a comma-separated list describes (pair_count), or None if odd.
fn pair_count(s: &str) -> Option<usize> {
    let n = s.bytes().filter(|&c| c == b',').count();
    if n % 2 == 1 {
        Some(n.div_ceil(2))
    } else {
        None
    }
}

pub fn point_in(s: &str) -> PgResult<Point> {
    let mut sc = Scanner::new(s, "point");
    let p = sc.pair()?;
    sc.end()?;
    Ok(p)
}

pub fn lseg_in(s: &str) -> PgResult<Lseg> {
    let mut sc = Scanner::new(s, "lseg");
    let (p, _) = sc.path(true, 2)?;
    sc.end()?;
    Ok(Lseg::new(p[0], p[1]))
}

pub fn box_in(s: &str) -> PgResult<GBox> {
    let mut sc = Scanner::new(s, "box");
    let (p, _) = sc.path(false, 2)?;
    sc.end()?;
    Ok(GBox {
        high: p[0],
        low: p[1],
    }
    .normalized())
}

pub fn path_in(s: &str) -> PgResult<Path> {
    let mut sc = Scanner::new(s, "path");
    let npts = match pair_count(s) {
        Some(n) if n > 0 => n,
        _ => return Err(sc.bad()),
    };
    if npts > MAX_POINTS {
        return Err(pg_err!(PROGRAM_LIMIT_EXCEEDED, "too many points requested"));
    }
    let mut depth = 0;
    sc.skip_ws();
    if sc.peek() == b'(' && sc.only_paren_here() {
        sc.pos += 1;
        depth += 1;
    }
    let (p, isopen) = sc.path(true, npts)?;
    if depth >= 1 {
        if sc.peek() != b')' {
            return Err(sc.bad());
        }
        sc.pos += 1;
        sc.skip_ws();
    }
    sc.end()?;
    Ok(Path { closed: !isopen, p })
}

pub fn poly_in(s: &str) -> PgResult<Polygon> {
    let mut sc = Scanner::new(s, "polygon");
    let npts = match pair_count(s) {
        Some(n) if n > 0 => n,
        _ => return Err(sc.bad()),
    };
    if npts > MAX_POINTS {
        return Err(pg_err!(PROGRAM_LIMIT_EXCEEDED, "too many points requested"));
    }
    let (p, _) = sc.path(false, npts)?;
    sc.end()?;
    Polygon::new(p)
}

pub fn circle_in(s: &str) -> PgResult<Circle> {
    let mut sc = Scanner::new(s, "circle");
    let mut depth = 0;
    sc.skip_ws();
    if sc.peek() == b'<' || sc.peek() == b'(' {
        depth += 1;
        let cp = sc.skip_ws_from(sc.pos + 1);
        if sc.at(cp) == b'(' {
            sc.pos = cp;
        }
    }
    let center = sc.pair()?;
    if sc.peek() == b',' {
        sc.pos += 1;
    }
    let radius = sc.number()?;
    // NaN radius is rejected too (PostgreSQL tests "radius < 0" on NaN-aware floats).
    if radius < 0.0 {
        return Err(sc.bad());
    }
    while depth > 0 {
        let c = sc.peek();
        if c == b')' || (c == b'>' && depth == 1) {
            depth -= 1;
            sc.pos += 1;
            sc.skip_ws();
        } else {
            return Err(sc.bad());
        }
    }
    sc.end()?;
    Ok(Circle { center, radius })
}

pub fn line_in(s: &str) -> PgResult<Line> {
    let mut sc = Scanner::new(s, "line");
    sc.skip_ws();
    if sc.peek() == b'{' {
        sc.pos += 1;
        let a = sc.number()?;
        if sc.peek() != b',' {
            return Err(sc.bad());
        }
        sc.pos += 1;
        let b = sc.number()?;
        if sc.peek() != b',' {
            return Err(sc.bad());
        }
        sc.pos += 1;
        let c = sc.number()?;
        if sc.peek() != b'}' {
            return Err(sc.bad());
        }
        sc.pos += 1;
        sc.skip_ws();
        sc.end()?;
        if fp_zero(a) && fp_zero(b) {
            return Err(pg_err!(
                INVALID_PARAMETER_VALUE,
                "invalid line specification: A and B cannot both be zero"
            ));
        }
        Ok(Line { a, b, c })
    } else {
        let (p, _) = sc.path(true, 2)?;
        sc.end()?;
        if fp_eq(p[0].x, p[1].x) && fp_eq(p[0].y, p[1].y) {
            return Err(pg_err!(
                INVALID_PARAMETER_VALUE,
                "invalid line specification: must be two distinct points"
            ));
        }
        Ok(super::ops::line_construct_pts(&p[0], &p[1]))
    }
}

// ---------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------

fn pair_out(p: &Point, env: &SessionEnv, out: &mut String) {
    out.push('(');
    out.push_str(&float8_out(p.x, env));
    out.push(',');
    out.push_str(&float8_out(p.y, env));
    out.push(')');
}

fn points_out(p: &[Point], env: &SessionEnv, out: &mut String) {
    for (i, q) in p.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        pair_out(q, env, out);
    }
}

pub fn point_out(p: &Point, env: &SessionEnv, out: &mut String) {
    pair_out(p, env, out);
}

pub fn lseg_out(l: &Lseg, env: &SessionEnv, out: &mut String) {
    out.push('[');
    points_out(&l.p, env, out);
    out.push(']');
}

pub fn box_out(b: &GBox, env: &SessionEnv, out: &mut String) {
    points_out(&[b.high, b.low], env, out);
}

pub fn path_out(p: &Path, env: &SessionEnv, out: &mut String) {
    out.push(if p.closed { '(' } else { '[' });
    points_out(&p.p, env, out);
    out.push(if p.closed { ')' } else { ']' });
}

pub fn poly_out(p: &Polygon, env: &SessionEnv, out: &mut String) {
    out.push('(');
    points_out(&p.p, env, out);
    out.push(')');
}

pub fn line_out(l: &Line, env: &SessionEnv, out: &mut String) {
    out.push('{');
    out.push_str(&float8_out(l.a, env));
    out.push(',');
    out.push_str(&float8_out(l.b, env));
    out.push(',');
    out.push_str(&float8_out(l.c, env));
    out.push('}');
}

pub fn circle_out(c: &Circle, env: &SessionEnv, out: &mut String) {
    out.push('<');
    pair_out(&c.center, env, out);
    out.push(',');
    out.push_str(&float8_out(c.radius, env));
    out.push('>');
}

// ---------------------------------------------------------------------------------------------
// Binary format (network byte order)
// ---------------------------------------------------------------------------------------------

/// Reader over a binary message body with PostgreSQL's pq_getmsg* errors.
pub struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub fn new(b: &'a [u8]) -> Self {
        Reader { b, pos: 0 }
    }
    fn take(&mut self, n: usize) -> PgResult<&'a [u8]> {
        match self.b.get(self.pos..self.pos + n) {
            Some(s) => {
                self.pos += n;
                Ok(s)
            }
            None => Err(pg_err!(
                PROTOCOL_VIOLATION,
                "insufficient data left in message"
            )),
        }
    }
    pub fn f64(&mut self) -> PgResult<f64> {
        let mut a = [0u8; 8];
        a.copy_from_slice(self.take(8)?);
        Ok(f64::from_be_bytes(a))
    }
    pub fn i32(&mut self) -> PgResult<i32> {
        let mut a = [0u8; 4];
        a.copy_from_slice(self.take(4)?);
        Ok(i32::from_be_bytes(a))
    }
    pub fn u8(&mut self) -> PgResult<u8> {
        Ok(self.take(1)?[0])
    }
    pub fn point(&mut self) -> PgResult<Point> {
        Ok(Point::new(self.f64()?, self.f64()?))
    }
    pub fn remaining(&self) -> usize {
        self.b.len() - self.pos
    }
    pub fn finish(&self) -> PgResult<()> {
        if self.pos != self.b.len() {
            return Err(pg_err!(
                INVALID_BINARY_REPRESENTATION,
                "incorrect binary data format"
            ));
        }
        Ok(())
    }
}

pub fn put_f64(out: &mut Vec<u8>, v: f64) {
    out.extend_from_slice(&v.to_be_bytes());
}

pub fn put_point(out: &mut Vec<u8>, p: &Point) {
    put_f64(out, p.x);
    put_f64(out, p.y);
}

/// Reads a point count for path/polygon recv, checking it against the message size.
pub fn recv_npts(r: &mut Reader, ty: &str) -> PgResult<usize> {
    let n = r.i32()?;
    if n <= 0 || n as usize > MAX_POINTS {
        return Err(pg_err!(
            INVALID_BINARY_REPRESENTATION,
            "invalid number of points in external \"{}\" value",
            ty
        ));
    }
    if n as usize * 16 > r.remaining() {
        return Err(pg_err!(
            PROTOCOL_VIOLATION,
            "insufficient data left in message"
        ));
    }
    Ok(n as usize)
}
