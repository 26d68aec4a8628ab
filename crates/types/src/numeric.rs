//! numeric: arbitrary-precision decimal arithmetic with PostgreSQL's representation (base-10000
//! digits, weight, sign, display scale) and display-scale rules; text, binary and on-disk
//! formats; numeric(p,s) typmods; and the numeric functions, operators and casts.

pub mod mag;
mod pg_cases;
pub mod transcend;

use crate::oids::*;
use crate::registry::{CastDef, FuncCtx, OperDef, ProcDef};
use crate::{Datum, SessionEnv};
use common::{pg_err, Oid, PgError, PgResult};
use mag::Dec;
use std::cmp::Ordering;
use std::hash::{Hash, Hasher};

pub const NUMERIC_MAX_PRECISION: i32 = 1000;
pub const NUMERIC_MAX_DISPLAY_SCALE: i32 = 1000;
pub const NUMERIC_MIN_SIG_DIGITS: i32 = 16;
pub const NUMERIC_MAX_RESULT_SCALE: i32 = 2000;
const DSCALE_MAX: i32 = 0x3FFF;
/// log10(e) as PostgreSQL spells it (its rounding decides result scales).
#[allow(clippy::approx_constant)]
const PG_LOG10_E: f64 = 0.434294481903252;

/// An arbitrary-precision decimal (or NaN), stored like PostgreSQL's NumericVar: base-10000
/// `digits` (most significant first, no leading or trailing zero digits), `weight` = exponent
/// (in base 10000) of the first digit, sign, and `dscale` = decimal digits shown after the point.
/// Zero has no digits and weight 0 and is never negative.
#[derive(Clone, Debug, Default)]
pub struct Numeric {
    nan: bool,
    neg: bool,
    weight: i32,
    dscale: i32,
    digits: Vec<u16>,
}

impl PartialEq for Numeric {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Numeric {}
impl PartialOrd for Numeric {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Numeric {
    fn cmp(&self, other: &Self) -> Ordering {
        cmp(self, other)
    }
}
impl Hash for Numeric {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.nan.hash(state);
        if !self.nan {
            self.neg.hash(state);
            self.weight.hash(state);
            self.digits.hash(state);
        }
    }
}

impl std::fmt::Display for Numeric {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_text())
    }
}

fn overflow_err() -> PgError {
    pg_err!(NUMERIC_VALUE_OUT_OF_RANGE, "value overflows numeric format")
}

impl Numeric {
    pub fn nan() -> Numeric {
        Numeric {
            nan: true,
            ..Default::default()
        }
    }

    pub fn zero() -> Numeric {
        Numeric::default()
    }

    pub fn is_nan(&self) -> bool {
        self.nan
    }

    pub fn is_zero(&self) -> bool {
        !self.nan && self.digits.is_empty()
    }

    pub fn is_negative(&self) -> bool {
        self.neg
    }

    /// Display scale (digits after the decimal point).
    pub fn dscale(&self) -> i32 {
        self.dscale
    }

    /// Weight of the first base-10000 digit.
    pub fn weight(&self) -> i32 {
        self.weight
    }

    /// Base-10000 digits, most significant first.
    pub fn digits(&self) -> &[u16] {
        &self.digits
    }

    /// Exact decimal value (NaN maps to zero; check `is_nan` first).
    pub fn to_dec(&self) -> Dec {
        let mag: mag::Mag = self.digits.iter().rev().map(|&d| d as u32).collect();
        Dec {
            neg: self.neg && !mag.is_empty(),
            exp: 4 * (self.weight - self.digits.len() as i32 + 1),
            mag,
        }
    }

    /// Build from a decimal value, rounding (half away from zero) to `dscale` places.
    pub fn from_dec(d: &Dec, dscale: i32) -> Numeric {
        let dscale = dscale.max(0);
        let r = d.round(dscale);
        let mut m = r.mag;
        let mut e = r.exp;
        let rem = e.rem_euclid(4);
        if rem != 0 {
            m = mag::shl10(&m, rem as u32);
            e -= rem;
        }
        if m.is_empty() {
            return Numeric {
                dscale,
                ..Default::default()
            };
        }
        let mut low = 0;
        while low < m.len() && m[low] == 0 {
            low += 1;
        }
        let weight = m.len() as i32 - 1 + e / 4;
        let digits: Vec<u16> = m[low..].iter().rev().map(|&x| x as u16).collect();
        Numeric {
            nan: false,
            neg: r.neg,
            weight,
            dscale,
            digits,
        }
    }

    /// Error unless the value fits PostgreSQL's storage format.
    pub fn check(self) -> PgResult<Numeric> {
        if self.nan {
            return Ok(self);
        }
        if self.dscale > DSCALE_MAX
            || (!self.digits.is_empty()
                && (self.weight > i16::MAX as i32 || self.weight < i16::MIN as i32))
        {
            return Err(overflow_err());
        }
        Ok(self)
    }

    pub fn from_i64(v: i64) -> Numeric {
        Numeric::from_dec(&Dec::from_i128(v as i128), 0)
    }

    pub fn from_i128(v: i128) -> Numeric {
        Numeric::from_dec(&Dec::from_i128(v), 0)
    }

    /// Parse numeric_in's syntax (no typmod).
    pub fn parse(s: &str) -> PgResult<Numeric> {
        parse(s)
    }

    /// numeric_out.
    pub fn to_text(&self) -> String {
        if self.nan {
            return "NaN".to_string();
        }
        let mut out = String::new();
        if self.neg && !self.digits.is_empty() {
            out.push('-');
        }
        let digit = |w: i32| -> u16 {
            let idx = self.weight - w;
            if idx < 0 {
                return 0;
            }
            self.digits.get(idx as usize).copied().unwrap_or(0)
        };
        if self.weight < 0 || self.digits.is_empty() {
            out.push('0');
        } else {
            let mut first = true;
            for w in (0..=self.weight).rev() {
                let d = digit(w);
                if first {
                    out.push_str(&d.to_string());
                    first = false;
                } else {
                    out.push_str(&format!("{:04}", d));
                }
            }
        }
        if self.dscale > 0 {
            out.push('.');
            let mut left = self.dscale;
            let mut w = -1;
            while left > 0 {
                let s = format!("{:04}", digit(w));
                let take = left.min(4) as usize;
                out.push_str(&s[..take]);
                left -= take as i32;
                w -= 1;
            }
        }
        out
    }

    /// Round to `scale` places (negative rounds left of the point); dscale becomes max(scale, 0).
    pub fn round(&self, scale: i32) -> Numeric {
        if self.nan {
            return self.clone();
        }
        let scale = scale.clamp(-NUMERIC_MAX_RESULT_SCALE, NUMERIC_MAX_RESULT_SCALE);
        let d = self.to_dec().round(scale);
        Numeric::from_dec(&d, scale.max(0))
    }

    pub fn trunc(&self, scale: i32) -> Numeric {
        if self.nan {
            return self.clone();
        }
        let scale = scale.clamp(-NUMERIC_MAX_RESULT_SCALE, NUMERIC_MAX_RESULT_SCALE);
        let d = self.to_dec().trunc(scale);
        Numeric::from_dec(&d, scale.max(0))
    }

    pub fn to_f64(&self) -> f64 {
        to_f64(self)
    }

    /// PostgreSQL's on-disk numeric payload (after the varlena header), little-endian.
    pub fn to_disk(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(4 + 2 * self.digits.len());
        if self.nan {
            out.extend_from_slice(&0xC000u16.to_le_bytes());
            return out;
        }
        let weight = if self.digits.is_empty() {
            0
        } else {
            self.weight
        };
        if self.dscale <= 63 && (-64..=63).contains(&weight) {
            let mut h: u16 = 0x8000;
            if self.neg {
                h |= 0x2000;
            }
            h |= ((self.dscale as u16) << 7) & 0x1F80;
            if weight < 0 {
                h |= 0x0040;
            }
            h |= (weight as u16) & 0x003F;
            out.extend_from_slice(&h.to_le_bytes());
        } else {
            let sd: u16 = (if self.neg { 0x4000 } else { 0 }) | (self.dscale as u16 & 0x3FFF);
            out.extend_from_slice(&sd.to_le_bytes());
            out.extend_from_slice(&(weight as i16).to_le_bytes());
        }
        for d in &self.digits {
            out.extend_from_slice(&d.to_le_bytes());
        }
        out
    }

    /// Decode PostgreSQL's on-disk numeric payload.
    pub fn from_disk(b: &[u8]) -> PgResult<Numeric> {
        let bad = || PgError::internal("invalid numeric on-disk format");
        if b.len() < 2 {
            return Err(bad());
        }
        let h = u16::from_le_bytes([b[0], b[1]]);
        let (neg, weight, dscale, rest) = match h & 0xC000 {
            0xC000 => return Ok(Numeric::nan()),
            0x8000 => {
                let neg = h & 0x2000 != 0;
                let dscale = ((h & 0x1F80) >> 7) as i32;
                let w = (h & 0x3F) as i32;
                let weight = if h & 0x40 != 0 { w - 64 } else { w };
                (neg, weight, dscale, &b[2..])
            }
            s => {
                if b.len() < 4 {
                    return Err(bad());
                }
                let weight = i16::from_le_bytes([b[2], b[3]]) as i32;
                (s == 0x4000, weight, (h & 0x3FFF) as i32, &b[4..])
            }
        };
        if rest.len() % 2 != 0 {
            return Err(bad());
        }
        let raw: Vec<u16> = rest
            .chunks(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        if raw.iter().any(|&d| d >= 10000) {
            return Err(bad());
        }
        Ok(normalize(neg, weight, dscale, raw))
    }

    /// PostgreSQL's binary send format.
    pub fn to_send(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(8 + 2 * self.digits.len());
        let (sign, weight): (u16, i16) = if self.nan {
            (0xC000, 0)
        } else {
            (
                if self.neg { 0x4000 } else { 0 },
                if self.digits.is_empty() {
                    0
                } else {
                    self.weight as i16
                },
            )
        };
        let nd = if self.nan {
            0
        } else {
            self.digits.len() as i16
        };
        out.extend_from_slice(&nd.to_be_bytes());
        out.extend_from_slice(&weight.to_be_bytes());
        out.extend_from_slice(&sign.to_be_bytes());
        out.extend_from_slice(&(if self.nan { 0 } else { self.dscale as i16 }).to_be_bytes());
        if !self.nan {
            for d in &self.digits {
                out.extend_from_slice(&(*d as i16).to_be_bytes());
            }
        }
        out
    }

    /// Decode PostgreSQL's binary (recv) format.
    pub fn from_send(b: &[u8]) -> PgResult<Numeric> {
        let short = || {
            pg_err!(
                INVALID_BINARY_REPRESENTATION,
                "insufficient data left in message"
            )
        };
        if b.len() < 8 {
            return Err(short());
        }
        let rd = |i: usize| i16::from_be_bytes([b[i], b[i + 1]]);
        let nd = rd(0);
        if nd < 0 || nd as i32 > NUMERIC_MAX_PRECISION + NUMERIC_MAX_RESULT_SCALE {
            return Err(pg_err!(
                INVALID_BINARY_REPRESENTATION,
                "invalid length in external \"numeric\" value"
            ));
        }
        let weight = rd(2) as i32;
        let sign = rd(4) as u16;
        if sign != 0 && sign != 0x4000 && sign != 0xC000 {
            return Err(pg_err!(
                INVALID_BINARY_REPRESENTATION,
                "invalid sign in external \"numeric\" value"
            ));
        }
        let dscale = rd(6) as u16;
        if dscale as i32 > DSCALE_MAX {
            return Err(pg_err!(
                INVALID_BINARY_REPRESENTATION,
                "invalid scale in external \"numeric\" value"
            ));
        }
        if b.len() < 8 + 2 * nd as usize {
            return Err(short());
        }
        if b.len() > 8 + 2 * nd as usize {
            return Err(pg_err!(
                INVALID_BINARY_REPRESENTATION,
                "incorrect binary data format"
            ));
        }
        let mut raw = Vec::with_capacity(nd as usize);
        for i in 0..nd as usize {
            let d = rd(8 + 2 * i);
            if !(0..10000).contains(&d) {
                return Err(pg_err!(
                    INVALID_BINARY_REPRESENTATION,
                    "invalid digit in external \"numeric\" value"
                ));
            }
            raw.push(d as u16);
        }
        if sign == 0xC000 {
            return Ok(Numeric::nan());
        }
        // Digits hidden by dscale are truncated away, as numeric_recv does.
        let n = normalize(sign == 0x4000, weight, dscale as i32, raw);
        let d = n.to_dec().trunc(dscale as i32);
        Numeric::from_dec(&d, dscale as i32).check()
    }
}

fn normalize(neg: bool, mut weight: i32, dscale: i32, mut raw: Vec<u16>) -> Numeric {
    let lead = raw.iter().take_while(|&&d| d == 0).count();
    raw.drain(..lead);
    weight -= lead as i32;
    while raw.last() == Some(&0) {
        raw.pop();
    }
    if raw.is_empty() {
        return Numeric {
            dscale,
            ..Default::default()
        };
    }
    Numeric {
        nan: false,
        neg,
        weight,
        dscale,
        digits: raw,
    }
}

// ---------------------------------------------------------------------------------------------
// Public arithmetic API

pub fn cmp(a: &Numeric, b: &Numeric) -> Ordering {
    match (a.nan, b.nan) {
        (true, true) => return Ordering::Equal,
        (true, false) => return Ordering::Greater,
        (false, true) => return Ordering::Less,
        _ => {}
    }
    let sa = if a.digits.is_empty() {
        0
    } else if a.neg {
        -1
    } else {
        1
    };
    let sb = if b.digits.is_empty() {
        0
    } else if b.neg {
        -1
    } else {
        1
    };
    if sa != sb {
        return sa.cmp(&sb);
    }
    if sa == 0 {
        return Ordering::Equal;
    }
    let abs = a
        .weight
        .cmp(&b.weight)
        .then_with(|| a.digits.cmp(&b.digits));
    if sa < 0 {
        abs.reverse()
    } else {
        abs
    }
}

pub fn is_nan(a: &Numeric) -> bool {
    a.nan
}

pub fn add(a: &Numeric, b: &Numeric) -> Numeric {
    if a.nan || b.nan {
        return Numeric::nan();
    }
    Numeric::from_dec(&a.to_dec().add(&b.to_dec()), a.dscale.max(b.dscale))
}

pub fn sub(a: &Numeric, b: &Numeric) -> Numeric {
    if a.nan || b.nan {
        return Numeric::nan();
    }
    Numeric::from_dec(&a.to_dec().sub(&b.to_dec()), a.dscale.max(b.dscale))
}

pub fn mul(a: &Numeric, b: &Numeric) -> Numeric {
    if a.nan || b.nan {
        return Numeric::nan();
    }
    Numeric::from_dec(&a.to_dec().mul(&b.to_dec()), a.dscale + b.dscale)
}

/// PostgreSQL's select_div_scale.
pub fn select_div_scale(a: &Numeric, b: &Numeric) -> i32 {
    let (w1, f1) = match a.digits.first() {
        Some(&d) => (a.weight, d),
        None => (0, 0),
    };
    let (w2, f2) = match b.digits.first() {
        Some(&d) => (b.weight, d),
        None => (0, 0),
    };
    let mut qweight = w1 - w2;
    if f1 <= f2 {
        qweight -= 1;
    }
    let rscale = NUMERIC_MIN_SIG_DIGITS - qweight * 4;
    rscale
        .max(a.dscale)
        .max(b.dscale)
        .clamp(0, NUMERIC_MAX_DISPLAY_SCALE)
}

fn div_zero() -> PgError {
    pg_err!(DIVISION_BY_ZERO, "division by zero")
}

/// a / b with PostgreSQL's result scale.
pub fn div(a: &Numeric, b: &Numeric) -> PgResult<Numeric> {
    if a.nan || b.nan {
        return Ok(Numeric::nan());
    }
    let rscale = select_div_scale(a, b);
    div_with_scale(a, b, rscale)
}

/// a / b rounded to `rscale` places.
pub fn div_with_scale(a: &Numeric, b: &Numeric, rscale: i32) -> PgResult<Numeric> {
    if a.nan || b.nan {
        return Ok(Numeric::nan());
    }
    if b.is_zero() {
        return Err(div_zero());
    }
    let q = a.to_dec().div(&b.to_dec(), rscale, true);
    Numeric::from_dec(&q, rscale).check()
}

/// Truncated integer quotient (numeric div()).
pub fn div_trunc(a: &Numeric, b: &Numeric) -> PgResult<Numeric> {
    if a.nan || b.nan {
        return Ok(Numeric::nan());
    }
    if b.is_zero() {
        return Err(div_zero());
    }
    let q = a.to_dec().div(&b.to_dec(), 0, false);
    Numeric::from_dec(&q, 0).check()
}

/// a % b (sign of a), scale max of the inputs.
pub fn modulo(a: &Numeric, b: &Numeric) -> PgResult<Numeric> {
    if a.nan || b.nan {
        return Ok(Numeric::nan());
    }
    if b.is_zero() {
        return Err(div_zero());
    }
    let ad = a.to_dec();
    let bd = b.to_dec();
    let q = ad.div(&bd, 0, false);
    let r = ad.sub(&bd.mul(&q));
    Ok(Numeric::from_dec(&r, a.dscale.max(b.dscale)))
}

pub fn neg(a: &Numeric) -> Numeric {
    let mut r = a.clone();
    if !r.nan && !r.digits.is_empty() {
        r.neg = !r.neg;
    }
    r
}

pub fn abs(a: &Numeric) -> Numeric {
    let mut r = a.clone();
    r.neg = false;
    r
}

pub fn round(a: &Numeric, scale: i32) -> Numeric {
    a.round(scale)
}

pub fn from_i64(v: i64) -> Numeric {
    Numeric::from_i64(v)
}

pub fn from_i128(v: i128) -> Numeric {
    Numeric::from_i128(v)
}

/// numeric → float8 as PostgreSQL does (through the decimal text; NaN → NaN, overflow → ±inf).
pub fn to_f64(a: &Numeric) -> f64 {
    if a.nan {
        return f64::NAN;
    }
    a.to_text().parse::<f64>().unwrap_or(0.0)
}

/// float8 → numeric (PostgreSQL formats with 15 significant digits first).
pub fn from_f64(v: f64) -> PgResult<Numeric> {
    from_float_digits(v, 15)
}

fn from_float_digits(v: f64, digits: usize) -> PgResult<Numeric> {
    if v.is_nan() {
        return Ok(Numeric::nan());
    }
    if v.is_infinite() {
        return Err(pg_err!(
            FEATURE_NOT_SUPPORTED,
            "cannot convert infinity to numeric"
        ));
    }
    let s = crate::float::format_g(v, digits);
    parse(&s)
}

/// What avg() returns: sum / count with numeric division's scale.
pub fn avg_result(sum: &Numeric, count: i64) -> PgResult<Numeric> {
    div(sum, &Numeric::from_i64(count))
}

/// var_samp/var_pop/stddev_samp/stddev_pop from N, sum(X), sum(X*X), as PostgreSQL's
/// numeric_stddev_internal computes them. Returns None where the SQL result is NULL.
pub fn variance_result(
    n: &Numeric,
    sumx: &Numeric,
    sumx2: &Numeric,
    variance: bool,
    sample: bool,
) -> PgResult<Option<Numeric>> {
    if n.is_zero() {
        return Ok(None);
    }
    if n.nan || sumx.nan || sumx2.nan {
        return Ok(Some(Numeric::nan()));
    }
    let one = Numeric::from_i64(1);
    let nminus1 = sub(n, &one);
    if sample && nminus1.is_zero() {
        return Ok(None);
    }
    let rscale = sumx.dscale * 2;
    let sx2 = Numeric::from_dec(&sumx.to_dec().mul(&sumx.to_dec()), rscale);
    let nsx2 = Numeric::from_dec(&n.to_dec().mul(&sumx2.to_dec()), rscale);
    let num = sub(&nsx2, &sx2);
    if cmp(&num, &Numeric::zero()) != Ordering::Greater {
        return Ok(Some(Numeric::zero()));
    }
    let den = if sample {
        Numeric::from_dec(&n.to_dec().mul(&nminus1.to_dec()), 0)
    } else {
        Numeric::from_dec(&n.to_dec().mul(&n.to_dec()), 0)
    };
    let rscale = select_div_scale(&num, &den);
    let v = div_with_scale(&num, &den, rscale)?;
    if variance {
        Ok(Some(v))
    } else {
        let r = transcend::sqrt(&v.to_dec(), rscale);
        Ok(Some(Numeric::from_dec(&r, rscale)))
    }
}

// ---------------------------------------------------------------------------------------------
// Text input

fn syntax_err(s: &str) -> PgError {
    pg_err!(
        INVALID_TEXT_REPRESENTATION,
        "invalid input syntax for type numeric: \"{}\"",
        s
    )
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c')
}

/// numeric_in without typmod.
pub fn parse(s: &str) -> PgResult<Numeric> {
    if let Some(n) = parse_plain(s) {
        return n.check();
    }
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() && is_space(b[i]) {
        i += 1;
    }
    if b.len() >= i + 3 && b[i..i + 3].eq_ignore_ascii_case(b"nan") {
        let mut j = i + 3;
        while j < b.len() && is_space(b[j]) {
            j += 1;
        }
        if j != b.len() {
            return Err(syntax_err(s));
        }
        return Ok(Numeric::nan());
    }
    let mut neg = false;
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        neg = b[i] == b'-';
        i += 1;
    }
    let mut digits: Vec<u8> = Vec::new();
    let mut have_dp = false;
    let mut frac = 0i64;
    let mut any = false;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_digit() {
            digits.push(c - b'0');
            any = true;
            if have_dp {
                frac += 1;
            }
        } else if c == b'.' && !have_dp {
            have_dp = true;
        } else {
            break;
        }
        i += 1;
    }
    if !any {
        return Err(syntax_err(s));
    }
    let mut exponent: i64 = 0;
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        let mut eneg = false;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            eneg = b[i] == b'-';
            i += 1;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            exponent = (exponent * 10 + (b[i] - b'0') as i64).min(1_000_000_000);
            i += 1;
        }
        if i == start {
            return Err(syntax_err(s));
        }
        if eneg {
            exponent = -exponent;
        }
        if exponent > NUMERIC_MAX_PRECISION as i64 || exponent < -(NUMERIC_MAX_PRECISION as i64) {
            return Err(syntax_err(s));
        }
    }
    while i < b.len() && is_space(b[i]) {
        i += 1;
    }
    if i != b.len() {
        return Err(syntax_err(s));
    }
    let dscale = (frac - exponent).max(0);
    if dscale > DSCALE_MAX as i64 || digits.len() > 200_000 {
        return Err(overflow_err());
    }
    // Coefficient as base-10000 limbs.
    let exp10 = exponent - frac;
    let mut m: mag::Mag = Vec::with_capacity(digits.len() / 4 + 1);
    let mut end = digits.len();
    while end > 0 {
        let start = end.saturating_sub(4);
        let mut v = 0u32;
        for &d in &digits[start..end] {
            v = v * 10 + d as u32;
        }
        m.push(v);
        end = start;
    }
    mag::trim(&mut m);
    let d = Dec {
        neg: neg && !m.is_empty(),
        mag: m,
        exp: exp10 as i32,
    };
    Numeric::from_dec(&d, dscale as i32).check()
}

/// Fast path of `parse` for plain decimals (`[-+]digits[.digits]`, no spaces or exponent, at
/// most 1000 digits): groups the digits into base-10000 limbs directly. None = use `parse`'s
/// general path (which gives the same result for these strings).
fn parse_plain(s: &str) -> Option<Numeric> {
    let b = s.as_bytes();
    let (neg, body) = match b.first()? {
        b'-' => (true, &b[1..]),
        b'+' => (false, &b[1..]),
        _ => (false, b),
    };
    if body.is_empty() || body.len() > 1000 {
        return None;
    }
    let (int, frac) = match body.iter().position(|&c| c == b'.') {
        Some(p) => (&body[..p], &body[p + 1..]),
        None => (body, &body[..0]),
    };
    if (int.is_empty() && frac.is_empty())
        || !int.iter().all(u8::is_ascii_digit)
        || !frac.iter().all(u8::is_ascii_digit)
    {
        return None;
    }
    let int = &int[int.iter().position(|&c| c != b'0').unwrap_or(int.len())..];
    let group = |g: &[u8]| g.iter().fold(0u16, |v, &c| v * 10 + u16::from(c - b'0'));
    let nint = int.len().div_ceil(4);
    let mut digits: Vec<u16> = Vec::with_capacity(nint + frac.len().div_ceil(4));
    // Integer limbs: the first may be short.
    let head = int.len() - (nint.saturating_sub(1)) * 4;
    if nint > 0 {
        digits.push(group(&int[..head]));
        for g in int[head..].chunks(4) {
            digits.push(group(g));
        }
    }
    // Fraction limbs, the last padded with zeros on the right.
    for g in frac.chunks(4) {
        let mut v = group(g);
        for _ in g.len()..4 {
            v *= 10;
        }
        digits.push(v);
    }
    let mut weight = nint as i32 - 1;
    let lead = digits.iter().position(|&d| d != 0).unwrap_or(digits.len());
    digits.drain(..lead);
    weight -= lead as i32;
    while digits.last() == Some(&0) {
        digits.pop();
    }
    let dscale = frac.len() as i32;
    if digits.is_empty() {
        return Some(Numeric {
            dscale,
            ..Default::default()
        });
    }
    Some(Numeric {
        nan: false,
        neg,
        weight,
        dscale,
        digits,
    })
}

// ---------------------------------------------------------------------------------------------
// typmod

/// typmod for numeric(p, s) (validating like numerictypmodin).
pub fn make_typmod(precision: i32, scale: i32) -> PgResult<i32> {
    if !(1..=NUMERIC_MAX_PRECISION).contains(&precision) {
        return Err(pg_err!(
            INVALID_PARAMETER_VALUE,
            "NUMERIC precision {} must be between 1 and {}",
            precision,
            NUMERIC_MAX_PRECISION
        ));
    }
    if scale < 0 || scale > precision {
        return Err(pg_err!(
            INVALID_PARAMETER_VALUE,
            "NUMERIC scale {} must be between 0 and precision {}",
            scale,
            precision
        ));
    }
    Ok(((precision << 16) | scale) + 4)
}

/// Apply numeric(p,s) to a value: round to s and check the precision.
pub fn apply_numeric_typmod(n: &Numeric, typmod: i32) -> PgResult<Numeric> {
    if n.nan || typmod < 4 {
        return Ok(n.clone());
    }
    let precision = ((typmod - 4) >> 16) & 0xffff;
    let scale = (typmod - 4) & 0xffff;
    let maxdigits = precision - scale;
    if let Some(r) = typmod_noop(n, scale, maxdigits) {
        return Ok(r);
    }
    let r = Numeric::from_dec(&n.to_dec().round(scale), scale);
    if let Some(w) = r.to_dec().dweight() {
        if w + 1 > maxdigits {
            let lim = if maxdigits > 0 {
                format!("10^{}", maxdigits)
            } else {
                "1".to_string()
            };
            return Err(
                pg_err!(NUMERIC_VALUE_OUT_OF_RANGE, "numeric field overflow").with_detail(format!(
                "A field with precision {}, scale {} must round to an absolute value less than {}.",
                precision, scale, lim
            )),
            );
        }
    }
    Ok(r)
}

/// `apply_numeric_typmod` without arithmetic when rounding to `scale` places changes nothing
/// and the value fits `maxdigits` integer digits: the same value with display scale `scale`.
/// None when the general path is needed (rounding, overflow error, unnormalised digits).
fn typmod_noop(n: &Numeric, scale: i32, maxdigits: i32) -> Option<Numeric> {
    if n.nan || scale < 0 {
        return None;
    }
    let (first, last) = match (n.digits.first(), n.digits.last()) {
        (Some(&f), Some(&l)) => (f, l),
        _ => {
            return Some(Numeric {
                dscale: scale,
                ..Default::default()
            })
        }
    };
    if first == 0 || last == 0 || first > 9999 || last > 9999 {
        return None;
    }
    // Decimal exponent of the last base-10000 digit's lowest decimal place.
    let exp = 4 * (n.weight - n.digits.len() as i32 + 1);
    if exp < -scale {
        let k = -scale - exp;
        if k > 3 || last % 10u16.pow(k as u32) != 0 {
            return None;
        }
    }
    let lead = if first >= 1000 {
        4
    } else if first >= 100 {
        3
    } else if first >= 10 {
        2
    } else {
        1
    };
    if 4 * n.weight + lead > maxdigits {
        return None;
    }
    Some(Numeric {
        dscale: scale,
        ..n.clone()
    })
}

// ---------------------------------------------------------------------------------------------
// Functions

fn num(d: &Datum) -> PgResult<&Numeric> {
    match d {
        Datum::Numeric(n) => Ok(n),
        _ => Err(PgError::internal("expected a numeric argument")),
    }
}

fn nd(n: Numeric) -> Datum {
    Datum::Numeric(Box::new(n))
}

fn i4arg(d: &Datum) -> PgResult<i32> {
    match d {
        Datum::Int4(v) => Ok(*v),
        _ => d
            .as_i64()
            .map(|v| v as i32)
            .ok_or_else(|| PgError::internal("expected an integer argument")),
    }
}

pub fn sqrt(a: &Numeric) -> PgResult<Numeric> {
    if a.nan {
        return Ok(Numeric::nan());
    }
    if a.neg && !a.is_zero() {
        return Err(pg_err!(
            INVALID_ARGUMENT_FOR_POWER_FUNCTION,
            "cannot take square root of a negative number"
        ));
    }
    let weight = if a.digits.is_empty() { 0 } else { a.weight };
    let sweight = (weight + 1) * 4 / 2 - 1;
    let rscale = (NUMERIC_MIN_SIG_DIGITS - sweight)
        .max(a.dscale)
        .clamp(0, NUMERIC_MAX_DISPLAY_SCALE);
    Ok(Numeric::from_dec(
        &transcend::sqrt(&a.to_dec(), rscale),
        rscale,
    ))
}

pub fn exp(a: &Numeric) -> PgResult<Numeric> {
    if a.nan {
        return Ok(Numeric::nan());
    }
    let d = a.to_dec();
    let val = (d.to_f64() * PG_LOG10_E).clamp(
        -(NUMERIC_MAX_RESULT_SCALE as f64),
        NUMERIC_MAX_RESULT_SCALE as f64,
    );
    let rscale = (NUMERIC_MIN_SIG_DIGITS - val as i32)
        .max(a.dscale)
        .clamp(0, NUMERIC_MAX_DISPLAY_SCALE);
    let r = transcend::exp(&d, rscale)?;
    Numeric::from_dec(&r, rscale).check()
}

fn check_log_arg(a: &Numeric) -> PgResult<()> {
    if a.is_zero() {
        return Err(pg_err!(
            INVALID_ARGUMENT_FOR_LOGARITHM,
            "cannot take logarithm of zero"
        ));
    }
    if a.neg {
        return Err(pg_err!(
            INVALID_ARGUMENT_FOR_LOGARITHM,
            "cannot take logarithm of a negative number"
        ));
    }
    Ok(())
}

pub fn ln(a: &Numeric) -> PgResult<Numeric> {
    if a.nan {
        return Ok(Numeric::nan());
    }
    check_log_arg(a)?;
    let d = a.to_dec();
    let w = transcend::estimate_ln_dweight(&d);
    let rscale = (NUMERIC_MIN_SIG_DIGITS - w)
        .max(a.dscale)
        .clamp(0, NUMERIC_MAX_DISPLAY_SCALE);
    Ok(Numeric::from_dec(
        &transcend::ln_rounded(&d, rscale),
        rscale,
    ))
}

/// log(base, x).
pub fn log(base: &Numeric, x: &Numeric) -> PgResult<Numeric> {
    if base.nan || x.nan {
        return Ok(Numeric::nan());
    }
    check_log_arg(base)?;
    check_log_arg(x)?;
    let bd = base.to_dec();
    let xd = x.to_dec();
    let wb = transcend::estimate_ln_dweight(&bd);
    let wx = transcend::estimate_ln_dweight(&xd);
    let rw = wx - wb;
    let rscale = (NUMERIC_MIN_SIG_DIGITS - rw)
        .max(base.dscale)
        .max(x.dscale)
        .clamp(0, NUMERIC_MAX_DISPLAY_SCALE);
    let lb = transcend::ln(&bd, rscale + rw.max(0) - wb + 10);
    let lx = transcend::ln(&xd, rscale + rw.max(0) - wx.min(wb) + 10);
    if lb.is_zero() {
        return Err(div_zero());
    }
    let r = lx.div(&lb, rscale, true);
    Ok(Numeric::from_dec(&r, rscale))
}

pub fn power(a: &Numeric, b: &Numeric) -> PgResult<Numeric> {
    if a.nan || b.nan {
        return Ok(Numeric::nan());
    }
    let ad = a.to_dec();
    let bd = b.to_dec();
    if a.is_zero() && bd.neg {
        return Err(pg_err!(
            INVALID_ARGUMENT_FOR_POWER_FUNCTION,
            "zero raised to a negative power is undefined"
        ));
    }
    let b_is_int = !bd.has_fraction();
    if ad.neg && !b_is_int {
        return Err(pg_err!(
            INVALID_ARGUMENT_FOR_POWER_FUNCTION,
            "a negative number raised to a non-integer power yields a complex result"
        ));
    }
    if b_is_int {
        if let Some(e) = bd.to_i128_trunc() {
            if let Ok(e) = i32::try_from(e) {
                let rscale = NUMERIC_MIN_SIG_DIGITS
                    .max(a.dscale)
                    .clamp(0, NUMERIC_MAX_DISPLAY_SCALE);
                let r = transcend::power_int(&ad, e as i64, rscale)?;
                return Numeric::from_dec(&r, rscale).check();
            }
        }
    }
    if a.is_zero() {
        return Ok(Numeric::from_dec(&Dec::zero(), NUMERIC_MIN_SIG_DIGITS));
    }
    if ad.neg {
        return Err(pg_err!(
            INVALID_ARGUMENT_FOR_LOGARITHM,
            "cannot take logarithm of a negative number"
        ));
    }
    let ln_dweight = transcend::estimate_ln_dweight(&ad);
    let local = (8 - ln_dweight).clamp(0, NUMERIC_MAX_DISPLAY_SCALE);
    let lnb = transcend::ln_rounded(&ad, local);
    let lnnum = lnb.mul(&bd).round(local);
    let mut val = lnnum.to_f64();
    if val.abs() > NUMERIC_MAX_RESULT_SCALE as f64 * 3.01 {
        return Err(overflow_err());
    }
    val *= PG_LOG10_E;
    let rscale = (NUMERIC_MIN_SIG_DIGITS - val as i32)
        .max(a.dscale)
        .max(b.dscale)
        .clamp(0, NUMERIC_MAX_DISPLAY_SCALE);
    let bw = bd.dweight().unwrap_or(0).max(0);
    let work = (rscale + val as i32 + 10).max(10) + bw;
    let x = transcend::ln(&ad, work).mul(&bd).round(work);
    let r = transcend::exp(&x, rscale)?;
    Numeric::from_dec(&r, rscale).check()
}

pub fn ceil(a: &Numeric) -> Numeric {
    if a.nan {
        return a.clone();
    }
    let d = a.to_dec();
    let t = d.trunc(0);
    let r = if !d.neg && d.has_fraction() {
        t.add(&Dec::from_i128(1))
    } else {
        t
    };
    Numeric::from_dec(&r, 0)
}

pub fn floor(a: &Numeric) -> Numeric {
    if a.nan {
        return a.clone();
    }
    let d = a.to_dec();
    let t = d.trunc(0);
    let r = if d.neg && d.has_fraction() {
        t.sub(&Dec::from_i128(1))
    } else {
        t
    };
    Numeric::from_dec(&r, 0)
}

pub fn sign(a: &Numeric) -> Numeric {
    if a.nan {
        return a.clone();
    }
    if a.is_zero() {
        Numeric::zero()
    } else {
        Numeric::from_i64(if a.neg { -1 } else { 1 })
    }
}

/// width_bucket(operand, b1, b2, count).
pub fn width_bucket(op: &Numeric, b1: &Numeric, b2: &Numeric, count: i32) -> PgResult<i32> {
    use common::sqlstate::INVALID_ARGUMENT_FOR_WIDTH_BUCKET_FUNCTION as WB;
    if count <= 0 {
        return Err(PgError::new(WB, "count must be greater than zero"));
    }
    if op.nan || b1.nan || b2.nan {
        return Err(PgError::new(
            WB,
            "operand, lower bound, and upper bound cannot be NaN",
        ));
    }
    let (o, l, h) = (op.to_dec(), b1.to_dec(), b2.to_dec());
    let over = || pg_err!(NUMERIC_VALUE_OUT_OF_RANGE, "integer out of range");
    let bucket = |num: Dec, den: Dec| -> i32 {
        let q = num.mul(&Dec::from_i128(count as i128)).div(&den, 0, false);
        q.to_i128_trunc().unwrap_or(0) as i32 + 1
    };
    match l.cmp_val(&h) {
        Ordering::Equal => Err(PgError::new(WB, "lower bound cannot equal upper bound")),
        Ordering::Less => {
            if o.cmp_val(&l) == Ordering::Less {
                Ok(0)
            } else if o.cmp_val(&h) != Ordering::Less {
                count.checked_add(1).ok_or_else(over)
            } else {
                Ok(bucket(o.sub(&l), h.sub(&l)))
            }
        }
        Ordering::Greater => {
            if o.cmp_val(&l) == Ordering::Greater {
                Ok(0)
            } else if o.cmp_val(&h) != Ordering::Greater {
                count.checked_add(1).ok_or_else(over)
            } else {
                Ok(bucket(l.sub(&o), l.sub(&h)))
            }
        }
    }
}

/// numeric → integer, rounding half away from zero; `max`/`min` bound the target type.
pub fn to_int(a: &Numeric, min: i64, max: i64, tname: &str) -> PgResult<i64> {
    if a.nan {
        return Err(pg_err!(
            FEATURE_NOT_SUPPORTED,
            "cannot convert NaN to {}",
            tname
        ));
    }
    let r = a.to_dec().round(0);
    match r.to_i128_trunc() {
        Some(v) if v >= min as i128 && v <= max as i128 => Ok(v as i64),
        _ => Err(pg_err!(
            NUMERIC_VALUE_OUT_OF_RANGE,
            "{} out of range",
            tname
        )),
    }
}

/// factorial (numeric_fac).
pub fn factorial(n: i64) -> PgResult<Numeric> {
    if n <= 1 {
        return Ok(Numeric::from_i64(1));
    }
    if n > 32177 {
        return Err(overflow_err());
    }
    let mut acc = vec![1u32];
    for k in 2..=n {
        acc = mag::mul_small(&acc, k as u32);
    }
    Numeric::from_dec(
        &Dec {
            neg: false,
            mag: acc,
            exp: 0,
        },
        0,
    )
    .check()
}

fn float_to_numeric_f4(v: f32) -> PgResult<Numeric> {
    from_float_digits(v as f64, 6)
}

/// numeric → float4 via float4in semantics.
pub fn to_f32(a: &Numeric) -> PgResult<f32> {
    if a.nan {
        return Ok(f32::NAN);
    }
    crate::float::parse_float4(&a.to_text())
}

/// numeric → float8 via float8in semantics.
pub fn to_f64_checked(a: &Numeric) -> PgResult<f64> {
    if a.nan {
        return Ok(f64::NAN);
    }
    crate::float::parse_float8(&a.to_text())
}

macro_rules! p {
    ($oid:expr, $name:expr, [$($a:expr),*], $ret:expr, $f:expr) => {
        ProcDef {
            oid: $oid,
            name: $name,
            arg_types: &[$($a),*],
            ret_type: $ret,
            strict: true,
            volatility: b'i',
            variadic: 0,
            retset: false,
            func: $f,
        }
    };
}

fn bin(a: &[Datum], f: fn(&Numeric, &Numeric) -> Numeric) -> PgResult<Datum> {
    Ok(nd(f(num(&a[0])?, num(&a[1])?)))
}
fn bin_r(a: &[Datum], f: fn(&Numeric, &Numeric) -> PgResult<Numeric>) -> PgResult<Datum> {
    Ok(nd(f(num(&a[0])?, num(&a[1])?)?))
}
fn un_r(a: &[Datum], f: fn(&Numeric) -> PgResult<Numeric>) -> PgResult<Datum> {
    Ok(nd(f(num(&a[0])?)?))
}
fn un(a: &[Datum], f: fn(&Numeric) -> Numeric) -> PgResult<Datum> {
    Ok(nd(f(num(&a[0])?)))
}
fn cmpd(a: &[Datum], f: fn(Ordering) -> bool) -> PgResult<Datum> {
    Ok(Datum::Bool(f(cmp(num(&a[0])?, num(&a[1])?))))
}
fn add_r(a: &Numeric, b: &Numeric) -> PgResult<Numeric> {
    add(a, b).check()
}
fn sub_r(a: &Numeric, b: &Numeric) -> PgResult<Numeric> {
    sub(a, b).check()
}
fn mul_r(a: &Numeric, b: &Numeric) -> PgResult<Numeric> {
    mul(a, b).check()
}

type F = fn(&[Datum], &FuncCtx) -> PgResult<Datum>;

pub fn procs() -> Vec<ProcDef> {
    const N: Oid = NUMERIC;
    let f_round: F = |a, _| Ok(nd(num(&a[0])?.round(i4arg(&a[1])?)));
    let f_trunc: F = |a, _| Ok(nd(num(&a[0])?.trunc(i4arg(&a[1])?)));
    let f_log10: F = |a, _| {
        log(&Numeric::from_i64(10), num(&a[0])?)
            .map(nd)
            .map_err(|e| e.add_context("SQL function \"log\" statement 1"))
    };
    vec![
        p!(1703, "numeric", [N, INT4], N, |a, _| Ok(nd(
            apply_numeric_typmod(num(&a[0])?, i4arg(&a[1])?)?
        ))),
        p!(1704, "numeric_abs", [N], N, |a, _| un(a, abs)),
        p!(1705, "abs", [N], N, |a, _| un(a, abs)),
        p!(1706, "sign", [N], N, |a, _| un(a, sign)),
        p!(1707, "round", [N, INT4], N, f_round),
        p!(1708, "round", [N], N, |a, _| Ok(nd(num(&a[0])?.round(0)))),
        p!(1709, "trunc", [N, INT4], N, f_trunc),
        p!(1710, "trunc", [N], N, |a, _| Ok(nd(num(&a[0])?.trunc(0)))),
        p!(1711, "ceil", [N], N, |a, _| un(a, ceil)),
        p!(2167, "ceiling", [N], N, |a, _| un(a, ceil)),
        p!(1712, "floor", [N], N, |a, _| un(a, floor)),
        p!(1718, "numeric_eq", [N, N], BOOL, |a, _| cmpd(
            a,
            Ordering::is_eq
        )),
        p!(1719, "numeric_ne", [N, N], BOOL, |a, _| cmpd(
            a,
            Ordering::is_ne
        )),
        p!(1720, "numeric_gt", [N, N], BOOL, |a, _| cmpd(
            a,
            Ordering::is_gt
        )),
        p!(1721, "numeric_ge", [N, N], BOOL, |a, _| cmpd(
            a,
            Ordering::is_ge
        )),
        p!(1722, "numeric_lt", [N, N], BOOL, |a, _| cmpd(
            a,
            Ordering::is_lt
        )),
        p!(1723, "numeric_le", [N, N], BOOL, |a, _| cmpd(
            a,
            Ordering::is_le
        )),
        p!(1769, "numeric_cmp", [N, N], INT4, |a, _| Ok(Datum::Int4(
            cmp(num(&a[0])?, num(&a[1])?) as i32
        ))),
        p!(1724, "numeric_add", [N, N], N, |a, _| bin_r(a, add_r)),
        p!(1725, "numeric_sub", [N, N], N, |a, _| bin_r(a, sub_r)),
        p!(1726, "numeric_mul", [N, N], N, |a, _| bin_r(a, mul_r)),
        p!(1727, "numeric_div", [N, N], N, |a, _| bin_r(a, div)),
        p!(1728, "mod", [N, N], N, |a, _| bin_r(a, modulo)),
        p!(1729, "numeric_mod", [N, N], N, |a, _| bin_r(a, modulo)),
        p!(1730, "sqrt", [N], N, |a, _| un_r(a, sqrt)),
        p!(1731, "numeric_sqrt", [N], N, |a, _| un_r(a, sqrt)),
        p!(1732, "exp", [N], N, |a, _| un_r(a, exp)),
        p!(1733, "numeric_exp", [N], N, |a, _| un_r(a, exp)),
        p!(1734, "ln", [N], N, |a, _| un_r(a, ln)),
        p!(1735, "numeric_ln", [N], N, |a, _| un_r(a, ln)),
        p!(1736, "log", [N, N], N, |a, _| bin_r(a, log)),
        p!(1737, "numeric_log", [N, N], N, |a, _| bin_r(a, log)),
        p!(1741, "log", [N], N, f_log10),
        p!(1738, "pow", [N, N], N, |a, _| bin_r(a, power)),
        p!(1739, "numeric_power", [N, N], N, |a, _| bin_r(a, power)),
        p!(2169, "power", [N, N], N, |a, _| bin_r(a, power)),
        p!(1771, "numeric_uminus", [N], N, |a, _| un(a, neg)),
        p!(1915, "numeric_uplus", [N], N, |a, _| Ok(a[0].clone())),
        p!(1764, "numeric_inc", [N], N, |a, _| Ok(nd(add(
            num(&a[0])?,
            &Numeric::from_i64(1)
        )
        .check()?))),
        p!(1766, "numeric_smaller", [N, N], N, |a, _| bin(a, |x, y| {
            if cmp(x, y).is_lt() {
                x.clone()
            } else {
                y.clone()
            }
        })),
        p!(1767, "numeric_larger", [N, N], N, |a, _| bin(a, |x, y| {
            if cmp(x, y).is_gt() {
                x.clone()
            } else {
                y.clone()
            }
        })),
        p!(1973, "div", [N, N], N, |a, _| bin_r(a, div_trunc)),
        p!(1980, "numeric_div_trunc", [N, N], N, |a, _| bin_r(
            a, div_trunc
        )),
        p!(2170, "width_bucket", [N, N, N, INT4], INT4, |a, _| Ok(
            Datum::Int4(width_bucket(
                num(&a[0])?,
                num(&a[1])?,
                num(&a[2])?,
                i4arg(&a[3])?
            )?)
        )),
        p!(3281, "scale", [N], INT4, |a, _| {
            let x = num(&a[0])?;
            Ok(if x.nan {
                Datum::Null
            } else {
                Datum::Int4(x.dscale)
            })
        }),
        p!(1376, "factorial", [INT8], N, |a, _| Ok(nd(factorial(
            a[0].as_i64().unwrap_or(0)
        )?))),
        p!(111, "numeric_fac", [INT8], N, |a, _| Ok(nd(factorial(
            a[0].as_i64().unwrap_or(0)
        )?))),
        // Conversions.
        p!(1740, "numeric", [INT4], N, |a, _| Ok(nd(
            Numeric::from_i64(a[0].as_i64().unwrap_or(0))
        ))),
        p!(1781, "numeric", [INT8], N, |a, _| Ok(nd(
            Numeric::from_i64(a[0].as_i64().unwrap_or(0))
        ))),
        p!(1782, "numeric", [INT2], N, |a, _| Ok(nd(
            Numeric::from_i64(a[0].as_i64().unwrap_or(0))
        ))),
        p!(1742, "numeric", [FLOAT4], N, |a, _| match &a[0] {
            Datum::Float4(v) => Ok(nd(float_to_numeric_f4(*v)?)),
            _ => Err(PgError::internal("expected float4")),
        }),
        p!(1743, "numeric", [FLOAT8], N, |a, _| Ok(nd(from_f64(
            a[0].as_f64().unwrap_or(0.0)
        )?))),
        p!(1744, "int4", [N], INT4, |a, _| Ok(Datum::Int4(to_int(
            num(&a[0])?,
            i32::MIN as i64,
            i32::MAX as i64,
            "integer"
        )?
            as i32))),
        p!(1779, "int8", [N], INT8, |a, _| Ok(Datum::Int8(to_int(
            num(&a[0])?,
            i64::MIN,
            i64::MAX,
            "bigint"
        )?))),
        p!(1783, "int2", [N], INT2, |a, _| Ok(Datum::Int2(to_int(
            num(&a[0])?,
            i16::MIN as i64,
            i16::MAX as i64,
            "smallint"
        )?
            as i16))),
        p!(1745, "float4", [N], FLOAT4, |a, _| Ok(Datum::Float4(
            to_f32(num(&a[0])?)?
        ))),
        p!(1746, "float8", [N], FLOAT8, |a, _| Ok(Datum::Float8(
            to_f64_checked(num(&a[0])?)?
        ))),
    ]
}

pub fn opers() -> Vec<OperDef> {
    const N: Oid = NUMERIC;
    let o = crate::int::op;
    let mut v = vec![
        o(1752, "=", N, N, BOOL, 1718),
        o(1753, "<>", N, N, BOOL, 1719),
        o(1754, "<", N, N, BOOL, 1722),
        o(1755, "<=", N, N, BOOL, 1723),
        o(1756, ">", N, N, BOOL, 1720),
        o(1757, ">=", N, N, BOOL, 1721),
        o(1758, "+", N, N, N, 1724),
        o(1759, "-", N, N, N, 1725),
        o(1760, "*", N, N, N, 1726),
        o(1761, "/", N, N, N, 1727),
        o(1762, "%", N, N, N, 1729),
        o(1038, "^", N, N, N, 1739),
        o(1751, "-", 0, N, N, 1771),
        o(1921, "+", 0, N, N, 1915),
        o(1763, "@", 0, N, N, 1704),
        o(388, "!", INT8, 0, N, 111),
        o(389, "!!", 0, INT8, N, 111),
    ];
    crate::int::link_opers(&mut v);
    v
}

pub fn casts() -> Vec<CastDef> {
    let c = |source, target, func_oid, context| CastDef {
        source,
        target,
        func_oid,
        context,
        method: b'f',
    };
    vec![
        c(INT8, NUMERIC, 1781, b'i'),
        c(INT2, NUMERIC, 1782, b'i'),
        c(INT4, NUMERIC, 1740, b'i'),
        c(FLOAT4, NUMERIC, 1742, b'a'),
        c(FLOAT8, NUMERIC, 1743, b'a'),
        c(NUMERIC, INT8, 1779, b'a'),
        c(NUMERIC, INT2, 1783, b'a'),
        c(NUMERIC, INT4, 1744, b'a'),
        c(NUMERIC, FLOAT4, 1745, b'i'),
        c(NUMERIC, FLOAT8, 1746, b'i'),
        c(NUMERIC, NUMERIC, 1703, b'i'),
    ]
}

pub fn input(typ: Oid, typmod: i32, s: &str, _env: &SessionEnv) -> Option<PgResult<Datum>> {
    if typ != NUMERIC {
        return None;
    }
    Some(
        parse(s)
            .and_then(|n| apply_numeric_typmod(&n, typmod))
            .map(nd),
    )
}

pub fn output(typ: Oid, d: &Datum, _env: &SessionEnv, out: &mut String) -> PgResult<bool> {
    if typ != NUMERIC {
        return Ok(false);
    }
    out.push_str(&num(d)?.to_text());
    Ok(true)
}

pub fn receive(typ: Oid, typmod: i32, b: &[u8], _env: &SessionEnv) -> Option<PgResult<Datum>> {
    if typ != NUMERIC {
        return None;
    }
    Some(
        Numeric::from_send(b)
            .and_then(|n| apply_numeric_typmod(&n, typmod))
            .map(nd),
    )
}

pub fn send(typ: Oid, d: &Datum, _env: &SessionEnv, out: &mut Vec<u8>) -> PgResult<bool> {
    if typ != NUMERIC {
        return Ok(false);
    }
    out.extend_from_slice(&num(d)?.to_send());
    Ok(true)
}

pub fn apply_typmod(typ: Oid, d: &Datum, typmod: i32, _explicit: bool) -> Option<PgResult<Datum>> {
    if typ != NUMERIC {
        return None;
    }
    Some(num(d).and_then(|n| apply_numeric_typmod(n, typmod)).map(nd))
}

#[cfg(test)]
mod typmod_tests;
#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> Numeric {
        parse(s).unwrap_or_else(|e| panic!("{s}: {e:?}"))
    }
    fn t(x: PgResult<Numeric>) -> String {
        x.map(|v| v.to_string())
            .unwrap_or_else(|e| format!("ERR {}", e.message))
    }

    #[test]
    fn io() {
        assert_eq!(n("  -001.2300  ").to_string(), "-1.2300");
        assert_eq!(n("1e3").to_string(), "1000");
        assert_eq!(n("1.5e-3").to_string(), "0.0015");
        assert_eq!(n("-0.00").to_string(), "0.00");
        assert_eq!(n(" nAn ").to_string(), "NaN");
        assert_eq!(n(".5").to_string(), "0.5");
        assert_eq!(n("5.").to_string(), "5");
        assert_eq!(n("123456789.000000001").to_string(), "123456789.000000001");
        assert!(parse("5 . 0").is_err());
        assert!(parse("").is_err());
        assert!(parse(" N aN ").is_err());
        assert_eq!(
            parse("xyz").unwrap_err().message,
            "invalid input syntax for type numeric: \"xyz\""
        );
    }

    #[test]
    fn equality_ignores_scale() {
        use std::collections::hash_map::DefaultHasher;
        assert_eq!(n("1.0"), n("1.00"));
        let h = |x: &Numeric| {
            let mut s = DefaultHasher::new();
            x.hash(&mut s);
            s.finish()
        };
        assert_eq!(h(&n("1.0")), h(&n("1.00")));
        assert!(n("NaN") > n("1e1000"));
        assert!(n("-2") < n("-1.5"));
    }

    #[test]
    fn arithmetic_scales() {
        assert_eq!(t(div(&n("1.0"), &n("3"))), "0.33333333333333333333");
        assert_eq!(t(div(&n("1"), &n("3"))), "0.33333333333333333333");
        assert_eq!(t(div(&n("10"), &n("4"))), "2.5000000000000000");
        assert_eq!(add(&n("1.5"), &n("2.25")).to_string(), "3.75");
        assert_eq!(mul(&n("1.5"), &n("2.25")).to_string(), "3.375");
        assert_eq!(t(modulo(&n("-7.5"), &n("2"))), "-1.5");
        assert_eq!(t(div(&n("1"), &n("0"))), "ERR division by zero");
        assert_eq!(t(avg_result(&n("10"), 4)), "2.5000000000000000");
        assert_eq!(n("2.5").round(0).to_string(), "3");
        assert_eq!(n("-2.5").round(0).to_string(), "-3");
        assert_eq!(n("1234.5678").round(-2).to_string(), "1200");
        assert_eq!(n("1.5").round(3).to_string(), "1.500");
        assert_eq!(n("1.99").trunc(1).to_string(), "1.9");
        assert_eq!(ceil(&n("-1.5")).to_string(), "-1");
        assert_eq!(floor(&n("-1.5")).to_string(), "-2");
    }

    #[test]
    fn transcendental() {
        assert_eq!(t(sqrt(&n("2"))), "1.414213562373095");
        assert_eq!(t(power(&n("2"), &n("0.5"))), "1.4142135623730950");
        assert_eq!(t(power(&n("2"), &n("2"))), "4.0000000000000000");
        assert_eq!(t(power(&n("2"), &n("-2"))), "0.2500000000000000");
        assert_eq!(t(exp(&n("1"))), "2.7182818284590452");
        assert_eq!(t(ln(&n("10"))), "2.3025850929940457");
        assert_eq!(t(log(&n("10"), &n("1000"))), "3.0000000000000000");
        assert_eq!(t(ln(&n("0"))), "ERR cannot take logarithm of zero");
    }

    #[test]
    fn typmod() {
        let tm = make_typmod(4, 4).unwrap_or(0);
        let e = apply_numeric_typmod(&n("1"), tm).unwrap_err();
        assert_eq!(e.message, "numeric field overflow");
        assert_eq!(
            e.detail.as_deref(),
            Some("A field with precision 4, scale 4 must round to an absolute value less than 1.")
        );
        assert_eq!(t(apply_numeric_typmod(&n("0.99994"), tm)), "0.9999");
        assert!(apply_numeric_typmod(&n("0.99995"), tm).is_err());
        let tm = make_typmod(10, 2).unwrap_or(0);
        assert_eq!(
            t(apply_numeric_typmod(&n("99999999.995"), tm)),
            "ERR numeric field overflow"
        );
        assert_eq!(t(apply_numeric_typmod(&n("1234567.994"), tm)), "1234567.99");
    }

    #[test]
    fn formats() {
        for s in [
            "0",
            "1.5",
            "-12345.678",
            "NaN",
            "1e100",
            "0.000001",
            "123456789012345678901234567890.5",
        ] {
            let x = n(s);
            assert_eq!(Numeric::from_disk(&x.to_disk()).ok(), Some(x.clone()));
            assert_eq!(
                Numeric::from_disk(&x.to_disk()).map(|v| v.dscale()).ok(),
                Some(x.dscale())
            );
            assert_eq!(
                Numeric::from_send(&x.to_send()).map(|v| v.to_string()).ok(),
                Some(x.to_string())
            );
        }
        // 1.5: short header, dscale 1, weight 0; digits 1, 5000.
        assert_eq!(n("1.5").to_disk(), vec![0x80, 0x80, 1, 0, 0x88, 0x13]);
        assert_eq!(
            n("-1.5").to_send(),
            vec![0, 2, 0, 0, 0x40, 0, 0, 1, 0, 1, 0x13, 0x88]
        );
    }

    #[test]
    fn conversions() {
        assert_eq!(t(from_f64(0.1)), "0.1");
        assert_eq!(
            t(from_f64(f64::INFINITY)),
            "ERR cannot convert infinity to numeric"
        );
        assert_eq!(
            to_int(&n("2.5"), i16::MIN as i64, i16::MAX as i64, "smallint").ok(),
            Some(3)
        );
        assert!(to_int(&n("32767.5"), i16::MIN as i64, i16::MAX as i64, "smallint").is_err());
        assert_eq!(to_f64(&n("1.5")), 1.5);
        assert_eq!(t(factorial(20)), "2432902008176640000");
    }
}
