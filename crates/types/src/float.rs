//! float4 and float8: strtod-like input, `%.*g` output honouring extra_float_digits, binary I/O,
//! arithmetic with PostgreSQL's overflow/underflow checks, same- and cross-type comparisons, the
//! math functions (sqrt, cbrt, exp, ln, log, power, trig, rounding...) and the casts between the
//! float types and from/to the integer types.

use crate::oids::*;
use crate::registry::{CastDef, FuncCtx, OperDef, ProcDef};
use crate::{Datum, SessionEnv};
use common::{pg_err, Oid, PgError, PgResult};
use std::cmp::Ordering;

/// C's `printf("%.*g", prec, v)`.
pub fn format_g(v: f64, prec: usize) -> String {
    format_g_with(v, prec, true)
}

/// `format_g`, optionally without the shortest-digits shortcut (tests compare the two).
fn format_g_with(v: f64, prec: usize, allow_shortest: bool) -> String {
    if v.is_nan() {
        return "nan".to_string();
    }
    if v.is_infinite() {
        return if v > 0.0 { "inf".into() } else { "-inf".into() };
    }
    let p = prec.max(1);
    if v == 0.0 {
        return if v.is_sign_negative() {
            "-0".into()
        } else {
            "0".into()
        };
    }
    // The shortest round-trip digits are what %.{p}g prints whenever there are at most p of
    // them and p <= 15 (the value is then within half a unit of the p-th digit of them);
    // they are much cheaper than exact formatting. (Not for subnormals, whose spacing is
    // coarser than their digits suggest.)
    let shortest = if allow_shortest && p <= 15 && v.is_normal() {
        let s = format!("{v:e}");
        let ndigits = s
            .split('e')
            .next()
            .map_or(usize::MAX, |m| m.bytes().filter(u8::is_ascii_digit).count());
        (ndigits <= p).then_some(s)
    } else {
        None
    };
    let s = shortest.unwrap_or_else(|| format!("{:.*e}", p - 1, v));
    let (mant, exp) = match s.split_once('e') {
        Some((m, e)) => (m, e.parse::<i32>().unwrap_or(0)),
        None => (s.as_str(), 0),
    };
    let neg = mant.starts_with('-');
    let mut digits: String = mant.chars().filter(|c| c.is_ascii_digit()).collect();
    while digits.len() < p {
        digits.push('0');
    }
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    if exp < -4 || exp >= p as i32 {
        // Exponential form.
        let d = digits.trim_end_matches('0');
        let d = if d.is_empty() { "0" } else { d };
        out.push_str(&d[..1]);
        if d.len() > 1 {
            out.push('.');
            out.push_str(&d[1..]);
        }
        out.push('e');
        out.push(if exp < 0 { '-' } else { '+' });
        out.push_str(&format!("{:02}", exp.abs()));
    } else if exp >= 0 {
        let int_len = (exp + 1) as usize;
        let (ip, fp) = digits.split_at(int_len.min(digits.len()));
        out.push_str(ip);
        let fp = fp.trim_end_matches('0');
        if !fp.is_empty() {
            out.push('.');
            out.push_str(fp);
        }
    } else {
        out.push_str("0.");
        for _ in 0..(-exp - 1) {
            out.push('0');
        }
        out.push_str(digits.trim_end_matches('0'));
    }
    out
}

/// float8out / float4out text for a value with `ndig` significant digits.
fn float_text(v: f64, ndig: i32) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    if v.is_infinite() {
        return if v > 0.0 {
            "Infinity".into()
        } else {
            "-Infinity".into()
        };
    }
    format_g(v, ndig.max(1) as usize)
}

pub fn float8_out(v: f64, env: &SessionEnv) -> String {
    float_text(v, 15 + env.extra_float_digits)
}

pub fn float4_out(v: f32, env: &SessionEnv) -> String {
    float_text(v as f64, 6 + env.extra_float_digits)
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c')
}

enum Scan {
    Bad,
    /// value, and whether strtod would have reported ERANGE (overflow or underflow to zero)
    Ok(f64, bool),
}

/// strtod-like scan of the whole string (leading/trailing whitespace allowed).
fn scan(s: &str) -> Scan {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() && is_space(b[i]) {
        i += 1;
    }
    let start = i;
    let mut j = i;
    if j < b.len() && (b[j] == b'+' || b[j] == b'-') {
        j += 1;
    }
    let rest = &b[j..];
    let lower: Vec<u8> = rest
        .iter()
        .take(8)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let (val, end, range) =
        if lower.starts_with(b"infinity") || lower.starts_with(b"inf") || lower.starts_with(b"nan")
        {
            let len = if lower.starts_with(b"infinity") { 8 } else { 3 };
            let v = if lower.starts_with(b"nan") {
                f64::NAN
            } else if b[start] == b'-' {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            };
            (v, j + len, false)
        } else {
            let mut k = j;
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
                return Scan::Bad;
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
            let text = &s[start..k];
            let v: f64 = match text.parse() {
                Ok(v) => v,
                Err(_) => return Scan::Bad,
            };
            let range = v.is_infinite() || (v == 0.0 && nonzero);
            (v, k, range)
        };
    let mut e = end;
    while e < b.len() && is_space(b[e]) {
        e += 1;
    }
    if e != b.len() {
        return Scan::Bad;
    }
    Scan::Ok(val, range)
}

/// float8in.
pub fn parse_float8(s: &str) -> PgResult<f64> {
    match scan(s) {
        Scan::Bad => Err(pg_err!(
            INVALID_TEXT_REPRESENTATION,
            "invalid input syntax for type double precision: \"{}\"",
            s
        )),
        Scan::Ok(_, true) => Err(pg_err!(
            NUMERIC_VALUE_OUT_OF_RANGE,
            "\"{}\" is out of range for type double precision",
            s
        )),
        Scan::Ok(v, false) => Ok(v),
    }
}

/// float4in.
pub fn parse_float4(s: &str) -> PgResult<f32> {
    match scan(s) {
        Scan::Bad => Err(pg_err!(
            INVALID_TEXT_REPRESENTATION,
            "invalid input syntax for type real: \"{}\"",
            s
        )),
        Scan::Ok(_, true) => Err(pg_err!(
            NUMERIC_VALUE_OUT_OF_RANGE,
            "\"{}\" is out of range for type real",
            s
        )),
        Scan::Ok(v, false) => {
            let f = v as f32;
            check4(f, v.is_infinite(), v == 0.0)?;
            Ok(f)
        }
    }
}

fn overflow() -> PgError {
    pg_err!(NUMERIC_VALUE_OUT_OF_RANGE, "value out of range: overflow")
}
fn underflow() -> PgError {
    pg_err!(NUMERIC_VALUE_OUT_OF_RANGE, "value out of range: underflow")
}

/// PostgreSQL's CHECKFLOATVAL.
fn check(v: f64, inf_ok: bool, zero_ok: bool) -> PgResult<f64> {
    if v.is_infinite() && !inf_ok {
        return Err(overflow());
    }
    if v == 0.0 && !zero_ok {
        return Err(underflow());
    }
    Ok(v)
}

fn check4(v: f32, inf_ok: bool, zero_ok: bool) -> PgResult<f32> {
    if v.is_infinite() && !inf_ok {
        return Err(overflow());
    }
    if v == 0.0 && !zero_ok {
        return Err(underflow());
    }
    Ok(v)
}

/// PostgreSQL's float comparison: NaN equals NaN and sorts above everything.
pub fn float_cmp(x: f64, y: f64) -> Ordering {
    match (x.is_nan(), y.is_nan()) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Greater,
        (false, true) => Ordering::Less,
        _ => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
    }
}

fn f8(d: &Datum) -> PgResult<f64> {
    match d {
        Datum::Float8(v) => Ok(*v),
        Datum::Float4(v) => Ok(*v as f64),
        _ => d
            .as_i64()
            .map(|v| v as f64)
            .ok_or_else(|| PgError::internal("expected a float argument")),
    }
}

fn f4(d: &Datum) -> PgResult<f32> {
    match d {
        Datum::Float4(v) => Ok(*v),
        Datum::Float8(v) => Ok(*v as f32),
        _ => Err(PgError::internal("expected a float4 argument")),
    }
}

fn zero_div() -> PgError {
    pg_err!(DIVISION_BY_ZERO, "division by zero")
}

/// Binary arithmetic in double precision (float8 and mixed float4/float8 operators).
fn arith8(a: &[Datum], k: u8) -> PgResult<Datum> {
    let x = f8(&a[0])?;
    let y = f8(&a[1])?;
    let inf = x.is_infinite() || y.is_infinite();
    let r = match k {
        b'+' => check(x + y, inf, true)?,
        b'-' => check(x - y, inf, true)?,
        b'*' => check(x * y, inf, x == 0.0 || y == 0.0)?,
        _ => {
            if y == 0.0 {
                return Err(zero_div());
            }
            check(x / y, inf, x == 0.0)?
        }
    };
    Ok(Datum::Float8(r))
}

/// Binary arithmetic in single precision (float4 op float4).
fn arith4(a: &[Datum], k: u8) -> PgResult<Datum> {
    let x = f4(&a[0])?;
    let y = f4(&a[1])?;
    let inf = x.is_infinite() || y.is_infinite();
    let r = match k {
        b'+' => check4(x + y, inf, true)?,
        b'-' => check4(x - y, inf, true)?,
        b'*' => check4(x * y, inf, x == 0.0 || y == 0.0)?,
        _ => {
            if y == 0.0 {
                return Err(zero_div());
            }
            check4(x / y, inf, x == 0.0)?
        }
    };
    Ok(Datum::Float4(r))
}

fn cmpf(a: &[Datum], f: fn(Ordering) -> bool) -> PgResult<Datum> {
    Ok(Datum::Bool(f(float_cmp(f8(&a[0])?, f8(&a[1])?))))
}

fn un8(a: &[Datum], f: fn(f64) -> PgResult<f64>) -> PgResult<Datum> {
    Ok(Datum::Float8(f(f8(&a[0])?)?))
}

fn dsqrt(x: f64) -> PgResult<f64> {
    if x < 0.0 {
        return Err(pg_err!(
            INVALID_ARGUMENT_FOR_POWER_FUNCTION,
            "cannot take square root of a negative number"
        ));
    }
    check(x.sqrt(), x.is_infinite(), x == 0.0)
}

fn dcbrt(x: f64) -> PgResult<f64> {
    check(x.cbrt(), x.is_infinite(), x == 0.0)
}

fn dexp(x: f64) -> PgResult<f64> {
    check(x.exp(), x.is_infinite(), false)
}

fn log_check(x: f64) -> PgResult<()> {
    if x == 0.0 {
        return Err(pg_err!(
            INVALID_ARGUMENT_FOR_LOGARITHM,
            "cannot take logarithm of zero"
        ));
    }
    if x < 0.0 {
        return Err(pg_err!(
            INVALID_ARGUMENT_FOR_LOGARITHM,
            "cannot take logarithm of a negative number"
        ));
    }
    Ok(())
}

fn dln(x: f64) -> PgResult<f64> {
    log_check(x)?;
    check(x.ln(), x.is_infinite(), x == 1.0)
}

fn dlog10(x: f64) -> PgResult<f64> {
    log_check(x)?;
    check(x.log10(), x.is_infinite(), x == 1.0)
}

/// dpow.
pub fn dpow(x: f64, y: f64) -> PgResult<f64> {
    if x == 0.0 && y < 0.0 {
        return Err(pg_err!(
            INVALID_ARGUMENT_FOR_POWER_FUNCTION,
            "zero raised to a negative power is undefined"
        ));
    }
    if x < 0.0 && y.floor() != y {
        return Err(pg_err!(
            INVALID_ARGUMENT_FOR_POWER_FUNCTION,
            "a negative number raised to a non-integer power yields a complex result"
        ));
    }
    let r = x.powf(y);
    check(r, x.is_infinite() || y.is_infinite(), x == 0.0)
}

fn out_of_range_input() -> PgError {
    pg_err!(NUMERIC_VALUE_OUT_OF_RANGE, "input is out of range")
}

fn trig(x: f64, f: fn(f64) -> f64) -> PgResult<f64> {
    if x.is_nan() {
        return Ok(x);
    }
    if x.is_infinite() {
        return Err(out_of_range_input());
    }
    Ok(f(x))
}

fn dasin(x: f64) -> PgResult<f64> {
    if x.is_nan() {
        return Ok(x);
    }
    if !(-1.0..=1.0).contains(&x) {
        return Err(out_of_range_input());
    }
    Ok(x.asin())
}

fn dacos(x: f64) -> PgResult<f64> {
    if x.is_nan() {
        return Ok(x);
    }
    if !(-1.0..=1.0).contains(&x) {
        return Err(out_of_range_input());
    }
    Ok(x.acos())
}

const RADIANS_PER_DEGREE: f64 = 0.017_453_292_519_943_295;

// Degree-based trigonometry, exact at the "nice" angles as PostgreSQL arranges it.

fn sind_0_to_30(x: f64) -> f64 {
    let sin_30 = (30.0 * RADIANS_PER_DEGREE).sin();
    ((x * RADIANS_PER_DEGREE).sin() / sin_30) / 2.0
}

fn cosd_0_to_60(x: f64) -> f64 {
    let one_minus_cos_60 = 1.0 - (60.0 * RADIANS_PER_DEGREE).cos();
    1.0 - ((1.0 - (x * RADIANS_PER_DEGREE).cos()) / one_minus_cos_60) / 2.0
}

fn sind_q1(x: f64) -> f64 {
    if x <= 30.0 {
        sind_0_to_30(x)
    } else {
        cosd_0_to_60(90.0 - x)
    }
}

fn cosd_q1(x: f64) -> f64 {
    if x <= 60.0 {
        cosd_0_to_60(x)
    } else {
        sind_0_to_30(90.0 - x)
    }
}

fn asind_q1(x: f64) -> f64 {
    if x <= 0.5 {
        (x.asin() / 0.5f64.asin()) * 30.0
    } else {
        90.0 - (x.acos() / 0.5f64.acos()) * 60.0
    }
}

fn acosd_q1(x: f64) -> f64 {
    if x <= 0.5 {
        90.0 - (x.asin() / 0.5f64.asin()) * 30.0
    } else {
        (x.acos() / 0.5f64.acos()) * 60.0
    }
}

fn deg_arg(x: f64) -> PgResult<Option<f64>> {
    if x.is_nan() {
        return Ok(None);
    }
    if x.is_infinite() {
        return Err(out_of_range_input());
    }
    Ok(Some(x % 360.0))
}

fn dsind(x: f64) -> PgResult<f64> {
    let Some(mut a) = deg_arg(x)? else {
        return Ok(x);
    };
    let mut sign = 1.0;
    if a < 0.0 {
        a = -a;
        sign = -sign;
    }
    if a > 180.0 {
        a = 360.0 - a;
        sign = -sign;
    }
    if a > 90.0 {
        a = 180.0 - a;
    }
    check(sign * sind_q1(a), false, true)
}

fn dcosd(x: f64) -> PgResult<f64> {
    let Some(mut a) = deg_arg(x)? else {
        return Ok(x);
    };
    let mut sign = 1.0;
    if a < 0.0 {
        a = -a;
    }
    if a > 180.0 {
        a = 360.0 - a;
    }
    if a > 90.0 {
        a = 180.0 - a;
        sign = -sign;
    }
    check(sign * cosd_q1(a), false, true)
}

fn tan_like(x: f64, cot: bool) -> PgResult<f64> {
    let Some(mut a) = deg_arg(x)? else {
        return Ok(x);
    };
    let mut sign = 1.0;
    if a < 0.0 {
        a = -a;
        sign = -sign;
    }
    if a > 180.0 {
        a = 360.0 - a;
        sign = -sign;
    }
    if a > 90.0 {
        a = 180.0 - a;
        sign = -sign;
    }
    let (v, unit) = if cot {
        (cosd_q1(a) / sind_q1(a), cosd_q1(45.0) / sind_q1(45.0))
    } else {
        (sind_q1(a) / cosd_q1(a), sind_q1(45.0) / cosd_q1(45.0))
    };
    let mut r = sign * (v / unit);
    if r == 0.0 {
        r = 0.0;
    }
    check(r, true, true)
}

fn dasind(x: f64) -> PgResult<f64> {
    if x.is_nan() {
        return Ok(x);
    }
    if !(-1.0..=1.0).contains(&x) {
        return Err(out_of_range_input());
    }
    let r = if x >= 0.0 { asind_q1(x) } else { -asind_q1(-x) };
    check(r, false, true)
}

fn dacosd(x: f64) -> PgResult<f64> {
    if x.is_nan() {
        return Ok(x);
    }
    if !(-1.0..=1.0).contains(&x) {
        return Err(out_of_range_input());
    }
    let r = if x >= 0.0 {
        acosd_q1(x)
    } else {
        90.0 + asind_q1(-x)
    };
    check(r, false, true)
}

fn datand(x: f64) -> PgResult<f64> {
    if x.is_nan() {
        return Ok(x);
    }
    check((x.atan() / 1.0f64.atan()) * 45.0, false, true)
}

fn datan2d(y: f64, x: f64) -> PgResult<f64> {
    if x.is_nan() || y.is_nan() {
        return Ok(f64::NAN);
    }
    check((y.atan2(x) / 1.0f64.atan()) * 45.0, false, true)
}

/// rint(): round half to even.
pub fn rint(x: f64) -> f64 {
    x.round_ties_even()
}

fn dsign(x: f64) -> PgResult<f64> {
    Ok(if x > 0.0 {
        1.0
    } else if x < 0.0 {
        -1.0
    } else {
        0.0
    })
}

/// float8 → int with PostgreSQL's checks (dtoi2/dtoi4 check before rounding, dtoi8 after).
fn to_int(x: f64, t: u8) -> PgResult<Datum> {
    match t {
        2 => {
            if x.is_nan() || x < i16::MIN as f64 || x > i16::MAX as f64 {
                return Err(pg_err!(NUMERIC_VALUE_OUT_OF_RANGE, "smallint out of range"));
            }
            Ok(Datum::Int2(rint(x) as i16))
        }
        4 => {
            if x.is_nan() || x < i32::MIN as f64 || x > i32::MAX as f64 {
                return Err(pg_err!(NUMERIC_VALUE_OUT_OF_RANGE, "integer out of range"));
            }
            Ok(Datum::Int4(rint(x) as i32))
        }
        _ => {
            let r = rint(x);
            if r.is_nan()
                || !(-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&r)
            {
                return Err(pg_err!(NUMERIC_VALUE_OUT_OF_RANGE, "bigint out of range"));
            }
            Ok(Datum::Int8(r as i64))
        }
    }
}

fn f4_to_int(x: f32, t: u8) -> PgResult<Datum> {
    match t {
        2 => {
            if x.is_nan() || x < i16::MIN as f32 || x > i16::MAX as f32 {
                return Err(pg_err!(NUMERIC_VALUE_OUT_OF_RANGE, "smallint out of range"));
            }
            Ok(Datum::Int2(x.round_ties_even() as i16))
        }
        4 => {
            // (float4) INT_MAX rounds up to 2^31, so compare in double as C's promotion does.
            if x.is_nan() || (x as f64) < i32::MIN as f64 || (x as f64) > i32::MAX as f64 {
                return Err(pg_err!(NUMERIC_VALUE_OUT_OF_RANGE, "integer out of range"));
            }
            Ok(Datum::Int4(x.round_ties_even() as i32))
        }
        _ => to_int(x as f64, 8),
    }
}

type F = fn(&[Datum], &FuncCtx) -> PgResult<Datum>;

/// (left, right, result, operator oids, proc oids)
type ArithRow = (Oid, Oid, Oid, [Oid; 4], [Oid; 4]);

fn proc(oid: Oid, name: &'static str, args: &'static [Oid], ret: Oid, func: F) -> ProcDef {
    ProcDef {
        oid,
        name,
        arg_types: args,
        ret_type: ret,
        strict: true,
        volatility: b'i',
        variadic: 0,
        retset: false,
        func,
    }
}

macro_rules! cmp6 {
    ($v:ident, $pfx:literal, $args:expr, [$eq:expr, $ne:expr, $lt:expr, $le:expr, $gt:expr, $ge:expr]) => {
        $v.push(proc($eq, concat!($pfx, "eq"), $args, BOOL, |a, _| {
            cmpf(a, Ordering::is_eq)
        }));
        $v.push(proc($ne, concat!($pfx, "ne"), $args, BOOL, |a, _| {
            cmpf(a, Ordering::is_ne)
        }));
        $v.push(proc($lt, concat!($pfx, "lt"), $args, BOOL, |a, _| {
            cmpf(a, Ordering::is_lt)
        }));
        $v.push(proc($le, concat!($pfx, "le"), $args, BOOL, |a, _| {
            cmpf(a, Ordering::is_le)
        }));
        $v.push(proc($gt, concat!($pfx, "gt"), $args, BOOL, |a, _| {
            cmpf(a, Ordering::is_gt)
        }));
        $v.push(proc($ge, concat!($pfx, "ge"), $args, BOOL, |a, _| {
            cmpf(a, Ordering::is_ge)
        }));
    };
}

macro_rules! ar4 {
    ($v:ident, $pfx:literal, $args:expr, $ret:expr, $f:ident, [$mul:expr, $div:expr, $pl:expr, $mi:expr]) => {
        $v.push(proc($mul, concat!($pfx, "mul"), $args, $ret, |a, _| {
            $f(a, b'*')
        }));
        $v.push(proc($div, concat!($pfx, "div"), $args, $ret, |a, _| {
            $f(a, b'/')
        }));
        $v.push(proc($pl, concat!($pfx, "pl"), $args, $ret, |a, _| {
            $f(a, b'+')
        }));
        $v.push(proc($mi, concat!($pfx, "mi"), $args, $ret, |a, _| {
            $f(a, b'-')
        }));
    };
}

fn width_bucket_f8(a: &[Datum]) -> PgResult<Datum> {
    use common::sqlstate::INVALID_ARGUMENT_FOR_WIDTH_BUCKET_FUNCTION as WB;
    let (op, b1, b2) = (f8(&a[0])?, f8(&a[1])?, f8(&a[2])?);
    let count = a[3].as_i64().unwrap_or(0) as i32;
    if count <= 0 {
        return Err(PgError::new(WB, "count must be greater than zero"));
    }
    if op.is_nan() || b1.is_nan() || b2.is_nan() {
        return Err(PgError::new(
            WB,
            "operand, lower bound, and upper bound cannot be NaN",
        ));
    }
    if b1.is_infinite() || b2.is_infinite() {
        return Err(PgError::new(WB, "lower and upper bounds must be finite"));
    }
    let over = || pg_err!(NUMERIC_VALUE_OUT_OF_RANGE, "integer out of range");
    let r = if b1 < b2 {
        if op < b1 {
            0
        } else if op >= b2 {
            count.checked_add(1).ok_or_else(over)?
        } else {
            ((count as f64 * ((op - b1) / (b2 - b1))) as i32) + 1
        }
    } else if b1 > b2 {
        if op > b1 {
            0
        } else if op <= b2 {
            count.checked_add(1).ok_or_else(over)?
        } else {
            ((count as f64 * ((b1 - op) / (b1 - b2))) as i32) + 1
        }
    } else {
        return Err(PgError::new(WB, "lower bound cannot equal upper bound"));
    };
    Ok(Datum::Int4(r))
}

pub fn procs() -> Vec<ProcDef> {
    const F4: Oid = FLOAT4;
    const F8: Oid = FLOAT8;
    let mut v = Vec::new();
    cmp6!(v, "float4", &[F4, F4], [287, 288, 289, 290, 291, 292]);
    cmp6!(v, "float8", &[F8, F8], [293, 294, 295, 296, 297, 298]);
    cmp6!(v, "float48", &[F4, F8], [299, 300, 301, 302, 303, 304]);
    cmp6!(v, "float84", &[F8, F4], [305, 306, 307, 308, 309, 310]);
    ar4!(v, "float4", &[F4, F4], F4, arith4, [202, 203, 204, 205]);
    ar4!(v, "float8", &[F8, F8], F8, arith8, [216, 217, 218, 219]);
    ar4!(v, "float48", &[F4, F8], F8, arith8, [279, 280, 281, 282]);
    ar4!(v, "float84", &[F8, F4], F8, arith8, [283, 284, 285, 286]);
    v.extend([
        proc(206, "float4um", &[F4], F4, |a, _| {
            Ok(Datum::Float4(-f4(&a[0])?))
        }),
        proc(220, "float8um", &[F8], F8, |a, _| {
            Ok(Datum::Float8(-f8(&a[0])?))
        }),
        proc(1913, "float4up", &[F4], F4, |a, _| Ok(a[0].clone())),
        proc(1914, "float8up", &[F8], F8, |a, _| Ok(a[0].clone())),
        proc(207, "float4abs", &[F4], F4, |a, _| {
            Ok(Datum::Float4(f4(&a[0])?.abs()))
        }),
        proc(221, "float8abs", &[F8], F8, |a, _| {
            Ok(Datum::Float8(f8(&a[0])?.abs()))
        }),
        proc(1394, "abs", &[F4], F4, |a, _| {
            Ok(Datum::Float4(f4(&a[0])?.abs()))
        }),
        proc(1395, "abs", &[F8], F8, |a, _| {
            Ok(Datum::Float8(f8(&a[0])?.abs()))
        }),
        proc(209, "float4larger", &[F4, F4], F4, |a, _| {
            Ok(if float_cmp(f8(&a[0])?, f8(&a[1])?).is_gt() {
                a[0].clone()
            } else {
                a[1].clone()
            })
        }),
        proc(211, "float4smaller", &[F4, F4], F4, |a, _| {
            Ok(if float_cmp(f8(&a[0])?, f8(&a[1])?).is_lt() {
                a[0].clone()
            } else {
                a[1].clone()
            })
        }),
        proc(223, "float8larger", &[F8, F8], F8, |a, _| {
            Ok(if float_cmp(f8(&a[0])?, f8(&a[1])?).is_gt() {
                a[0].clone()
            } else {
                a[1].clone()
            })
        }),
        proc(224, "float8smaller", &[F8, F8], F8, |a, _| {
            Ok(if float_cmp(f8(&a[0])?, f8(&a[1])?).is_lt() {
                a[0].clone()
            } else {
                a[1].clone()
            })
        }),
        proc(354, "btfloat4cmp", &[F4, F4], INT4, |a, _| {
            Ok(Datum::Int4(float_cmp(f8(&a[0])?, f8(&a[1])?) as i32))
        }),
        proc(355, "btfloat8cmp", &[F8, F8], INT4, |a, _| {
            Ok(Datum::Int4(float_cmp(f8(&a[0])?, f8(&a[1])?) as i32))
        }),
        proc(2194, "btfloat48cmp", &[F4, F8], INT4, |a, _| {
            Ok(Datum::Int4(float_cmp(f8(&a[0])?, f8(&a[1])?) as i32))
        }),
        proc(2195, "btfloat84cmp", &[F8, F4], INT4, |a, _| {
            Ok(Datum::Int4(float_cmp(f8(&a[0])?, f8(&a[1])?) as i32))
        }),
        // Math.
        proc(228, "dround", &[F8], F8, |a, _| {
            Ok(Datum::Float8(rint(f8(&a[0])?)))
        }),
        proc(1342, "round", &[F8], F8, |a, _| {
            Ok(Datum::Float8(rint(f8(&a[0])?)))
        }),
        proc(229, "dtrunc", &[F8], F8, |a, _| {
            Ok(Datum::Float8(f8(&a[0])?.trunc()))
        }),
        proc(1343, "trunc", &[F8], F8, |a, _| {
            Ok(Datum::Float8(f8(&a[0])?.trunc()))
        }),
        proc(2308, "ceil", &[F8], F8, |a, _| {
            Ok(Datum::Float8(f8(&a[0])?.ceil()))
        }),
        proc(2320, "ceiling", &[F8], F8, |a, _| {
            Ok(Datum::Float8(f8(&a[0])?.ceil()))
        }),
        proc(2309, "floor", &[F8], F8, |a, _| {
            Ok(Datum::Float8(f8(&a[0])?.floor()))
        }),
        proc(2310, "sign", &[F8], F8, |a, _| un8(a, dsign)),
        proc(230, "dsqrt", &[F8], F8, |a, _| un8(a, dsqrt)),
        proc(1344, "sqrt", &[F8], F8, |a, _| un8(a, dsqrt)),
        proc(231, "dcbrt", &[F8], F8, |a, _| un8(a, dcbrt)),
        proc(1345, "cbrt", &[F8], F8, |a, _| un8(a, dcbrt)),
        proc(232, "dpow", &[F8, F8], F8, |a, _| {
            Ok(Datum::Float8(dpow(f8(&a[0])?, f8(&a[1])?)?))
        }),
        proc(1346, "pow", &[F8, F8], F8, |a, _| {
            Ok(Datum::Float8(dpow(f8(&a[0])?, f8(&a[1])?)?))
        }),
        proc(1368, "power", &[F8, F8], F8, |a, _| {
            Ok(Datum::Float8(dpow(f8(&a[0])?, f8(&a[1])?)?))
        }),
        proc(233, "dexp", &[F8], F8, |a, _| un8(a, dexp)),
        proc(1347, "exp", &[F8], F8, |a, _| un8(a, dexp)),
        proc(234, "dlog1", &[F8], F8, |a, _| un8(a, dln)),
        proc(1341, "ln", &[F8], F8, |a, _| un8(a, dln)),
        proc(1339, "dlog10", &[F8], F8, |a, _| un8(a, dlog10)),
        proc(1194, "log10", &[F8], F8, |a, _| un8(a, dlog10)),
        proc(1340, "log", &[F8], F8, |a, _| un8(a, dlog10)),
        proc(1600, "asin", &[F8], F8, |a, _| un8(a, dasin)),
        proc(1601, "acos", &[F8], F8, |a, _| un8(a, dacos)),
        proc(1602, "atan", &[F8], F8, |a, _| un8(a, |x| Ok(x.atan()))),
        proc(1603, "atan2", &[F8, F8], F8, |a, _| {
            Ok(Datum::Float8(f8(&a[0])?.atan2(f8(&a[1])?)))
        }),
        proc(1604, "sin", &[F8], F8, |a, _| un8(a, |x| trig(x, f64::sin))),
        proc(1605, "cos", &[F8], F8, |a, _| un8(a, |x| trig(x, f64::cos))),
        proc(1606, "tan", &[F8], F8, |a, _| un8(a, |x| trig(x, f64::tan))),
        proc(1607, "cot", &[F8], F8, |a, _| {
            un8(a, |x| trig(x, |y| 1.0 / y.tan()))
        }),
        proc(2731, "asind", &[F8], F8, |a, _| un8(a, dasind)),
        proc(2732, "acosd", &[F8], F8, |a, _| un8(a, dacosd)),
        proc(2733, "atand", &[F8], F8, |a, _| un8(a, datand)),
        proc(2734, "atan2d", &[F8, F8], F8, |a, _| {
            Ok(Datum::Float8(datan2d(f8(&a[0])?, f8(&a[1])?)?))
        }),
        proc(2735, "sind", &[F8], F8, |a, _| un8(a, dsind)),
        proc(2736, "cosd", &[F8], F8, |a, _| un8(a, dcosd)),
        proc(2737, "tand", &[F8], F8, |a, _| {
            un8(a, |x| tan_like(x, false))
        }),
        proc(2738, "cotd", &[F8], F8, |a, _| {
            un8(a, |x| tan_like(x, true))
        }),
        proc(1608, "degrees", &[F8], F8, |a, _| {
            un8(a, |x| {
                check(x / RADIANS_PER_DEGREE, x.is_infinite(), x == 0.0)
            })
        }),
        proc(1609, "radians", &[F8], F8, |a, _| {
            un8(a, |x| {
                check(x * RADIANS_PER_DEGREE, x.is_infinite(), x == 0.0)
            })
        }),
        proc(1610, "pi", &[], F8, |_, _| {
            Ok(Datum::Float8(std::f64::consts::PI))
        }),
        proc(320, "width_bucket", &[F8, F8, F8, INT4], INT4, |a, _| {
            width_bucket_f8(a)
        }),
        // Casts.
        proc(311, "float8", &[F4], F8, |a, _| {
            Ok(Datum::Float8(f8(&a[0])?))
        }),
        proc(312, "float4", &[F8], F4, |a, _| {
            let x = f8(&a[0])?;
            Ok(Datum::Float4(check4(x as f32, x.is_infinite(), x == 0.0)?))
        }),
        proc(235, "float8", &[INT2], F8, |a, _| {
            Ok(Datum::Float8(f8(&a[0])?))
        }),
        proc(316, "float8", &[INT4], F8, |a, _| {
            Ok(Datum::Float8(f8(&a[0])?))
        }),
        proc(482, "float8", &[INT8], F8, |a, _| {
            Ok(Datum::Float8(f8(&a[0])?))
        }),
        proc(236, "float4", &[INT2], F4, |a, _| {
            Ok(Datum::Float4(a[0].as_i64().unwrap_or(0) as f32))
        }),
        proc(318, "float4", &[INT4], F4, |a, _| {
            Ok(Datum::Float4(a[0].as_i64().unwrap_or(0) as f32))
        }),
        proc(652, "float4", &[INT8], F4, |a, _| {
            Ok(Datum::Float4(a[0].as_i64().unwrap_or(0) as f32))
        }),
        proc(237, "int2", &[F8], INT2, |a, _| to_int(f8(&a[0])?, 2)),
        proc(317, "int4", &[F8], INT4, |a, _| to_int(f8(&a[0])?, 4)),
        proc(483, "int8", &[F8], INT8, |a, _| to_int(f8(&a[0])?, 8)),
        proc(238, "int2", &[F4], INT2, |a, _| f4_to_int(f4(&a[0])?, 2)),
        proc(319, "int4", &[F4], INT4, |a, _| f4_to_int(f4(&a[0])?, 4)),
        proc(653, "int8", &[F4], INT8, |a, _| f4_to_int(f4(&a[0])?, 8)),
    ]);
    v
}

pub fn opers() -> Vec<OperDef> {
    use crate::int::op;
    const F4: Oid = FLOAT4;
    const F8: Oid = FLOAT8;
    let mut v = Vec::new();
    let names = ["=", "<>", "<", "<=", ">", ">="];
    // (left, right, operator oids in names order, proc oids)
    let cmps: [(Oid, Oid, [Oid; 6], [Oid; 6]); 4] = [
        (
            F4,
            F4,
            [620, 621, 622, 624, 623, 625],
            [287, 288, 289, 290, 291, 292],
        ),
        (
            F8,
            F8,
            [670, 671, 672, 673, 674, 675],
            [293, 294, 295, 296, 297, 298],
        ),
        (
            F4,
            F8,
            [1120, 1121, 1122, 1124, 1123, 1125],
            [299, 300, 301, 302, 303, 304],
        ),
        (
            F8,
            F4,
            [1130, 1131, 1132, 1134, 1133, 1135],
            [305, 306, 307, 308, 309, 310],
        ),
    ];
    for (l, r, ops, procs) in cmps {
        for i in 0..6 {
            v.push(op(ops[i], names[i], l, r, BOOL, procs[i]));
        }
    }
    let anames = ["*", "/", "+", "-"];
    let ariths: [ArithRow; 4] = [
        (F4, F4, F4, [589, 588, 586, 587], [202, 203, 204, 205]),
        (F8, F8, F8, [594, 593, 591, 592], [216, 217, 218, 219]),
        (F4, F8, F8, [1119, 1118, 1116, 1117], [279, 280, 281, 282]),
        (F8, F4, F8, [1129, 1128, 1126, 1127], [283, 284, 285, 286]),
    ];
    for (l, r, res, ops, procs) in ariths {
        for i in 0..4 {
            v.push(op(ops[i], anames[i], l, r, res, procs[i]));
        }
    }
    v.extend([
        op(584, "-", 0, F4, F4, 206),
        op(585, "-", 0, F8, F8, 220),
        op(1919, "+", 0, F4, F4, 1913),
        op(1920, "+", 0, F8, F8, 1914),
        op(590, "@", 0, F4, F4, 207),
        op(595, "@", 0, F8, F8, 221),
        op(596, "|/", 0, F8, F8, 230),
        op(597, "||/", 0, F8, F8, 231),
        op(965, "^", F8, F8, F8, 232),
    ]);
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
        c(INT8, FLOAT4, 652, b'i'),
        c(INT8, FLOAT8, 482, b'i'),
        c(INT2, FLOAT4, 236, b'i'),
        c(INT2, FLOAT8, 235, b'i'),
        c(INT4, FLOAT4, 318, b'i'),
        c(INT4, FLOAT8, 316, b'i'),
        c(FLOAT4, INT8, 653, b'a'),
        c(FLOAT4, INT2, 238, b'a'),
        c(FLOAT4, INT4, 319, b'a'),
        c(FLOAT4, FLOAT8, 311, b'i'),
        c(FLOAT8, INT8, 483, b'a'),
        c(FLOAT8, INT2, 237, b'a'),
        c(FLOAT8, INT4, 317, b'a'),
        c(FLOAT8, FLOAT4, 312, b'a'),
    ]
}

pub fn input(typ: Oid, _typmod: i32, s: &str, _env: &SessionEnv) -> Option<PgResult<Datum>> {
    Some(match typ {
        FLOAT4 => parse_float4(s).map(Datum::Float4),
        FLOAT8 => parse_float8(s).map(Datum::Float8),
        _ => return None,
    })
}

pub fn output(typ: Oid, d: &Datum, env: &SessionEnv, out: &mut String) -> PgResult<bool> {
    match typ {
        FLOAT4 => out.push_str(&float4_out(f4(d)?, env)),
        FLOAT8 => out.push_str(&float8_out(f8(d)?, env)),
        _ => return Ok(false),
    }
    Ok(true)
}

pub fn receive(typ: Oid, _typmod: i32, b: &[u8], _env: &SessionEnv) -> Option<PgResult<Datum>> {
    use crate::int::recv_fixed;
    Some(match typ {
        FLOAT4 => recv_fixed::<4>(b).map(|a| Datum::Float4(f32::from_be_bytes(a))),
        FLOAT8 => recv_fixed::<8>(b).map(|a| Datum::Float8(f64::from_be_bytes(a))),
        _ => return None,
    })
}

pub fn send(typ: Oid, d: &Datum, _env: &SessionEnv, out: &mut Vec<u8>) -> PgResult<bool> {
    match typ {
        FLOAT4 => out.extend_from_slice(&f4(d)?.to_be_bytes()),
        FLOAT8 => out.extend_from_slice(&f8(d)?.to_be_bytes()),
        _ => return Ok(false),
    }
    Ok(true)
}

pub fn apply_typmod(
    _typ: Oid,
    _d: &Datum,
    _typmod: i32,
    _explicit: bool,
) -> Option<PgResult<Datum>> {
    None
}

#[cfg(test)]
mod tests {
    #[test]
    fn shortest_digits_shortcut_matches_exact_formatting() {
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut values = vec![
            0.1,
            100.0,
            1e20,
            1e-5,
            123456789012345.0,
            0.5,
            2.5e-300,
            1.0 / 3.0,
        ];
        for _ in 0..20000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let v = f64::from_bits(x);
            if v.is_finite() {
                values.push(v);
            }
            values.push((x % 1_000_000) as f64 / 8.0);
            values.push((x % 10_000) as f64 / 100.0);
        }
        for v in values {
            for p in [1, 2, 6, 10, 14, 15] {
                assert_eq!(
                    format_g_with(v, p, true),
                    format_g_with(v, p, false),
                    "{v:e} {p}"
                );
            }
        }
    }

    use super::*;

    fn env(extra: i32) -> SessionEnv {
        SessionEnv {
            extra_float_digits: extra,
            ..Default::default()
        }
    }

    #[test]
    fn output_formats() {
        let e = env(0);
        assert_eq!(float8_out(1e100, &e), "1e+100");
        assert_eq!(float8_out(0.1, &e), "0.1");
        assert_eq!(float8_out(-0.0, &e), "-0");
        assert_eq!(float8_out(1.2345678901234e-5, &e), "1.2345678901234e-05");
        assert_eq!(float8_out(123456789012345.0, &e), "123456789012345");
        assert_eq!(float8_out(1234567890123456.0, &e), "1.23456789012346e+15");
        assert_eq!(float8_out(f64::NAN, &e), "NaN");
        assert_eq!(float8_out(f64::NEG_INFINITY, &e), "-Infinity");
        assert_eq!(float4_out(0.1, &e), "0.1");
        assert_eq!(float4_out(1.234_567_9e-5, &e), "1.23457e-05");
        assert_eq!(float4_out(0.1, &env(3)), "0.100000001");
        assert_eq!(float8_out(0.1, &env(3)), "0.100000000000000006");
        assert_eq!(float4_out(1004.3, &e), "1004.3");
        assert_eq!(float4_out(1.234_567_9e20, &e), "1.23457e+20");
        assert_eq!(float8_out(0.0001, &e), "0.0001");
    }

    #[test]
    fn input() {
        assert_eq!(parse_float8("  -Infinity ").ok(), Some(f64::NEG_INFINITY));
        assert!(parse_float8("nan").map(|v| v.is_nan()).unwrap_or(false));
        assert_eq!(parse_float8("inf").ok(), Some(f64::INFINITY));
        assert_eq!(parse_float8("1e5").ok(), Some(1e5));
        assert_eq!(
            parse_float8("10e400").unwrap_err().message,
            "\"10e400\" is out of range for type double precision"
        );
        assert_eq!(
            parse_float8("10e-400").unwrap_err().message,
            "\"10e-400\" is out of range for type double precision"
        );
        assert_eq!(
            parse_float8("5.   0").unwrap_err().message,
            "invalid input syntax for type double precision: \"5.   0\""
        );
        assert_eq!(
            parse_float4("10e70").unwrap_err().message,
            "value out of range: overflow"
        );
        assert_eq!(
            parse_float4("10e-70").unwrap_err().message,
            "value out of range: underflow"
        );
        assert_eq!(
            parse_float4(" INFINITY    x").unwrap_err().message,
            "invalid input syntax for type real: \" INFINITY    x\""
        );
        assert_eq!(
            parse_float4("       ").unwrap_err().message,
            "invalid input syntax for type real: \"       \""
        );
        assert_eq!(parse_float4("1.").ok(), Some(1.0));
    }

    #[test]
    fn degree_trig_is_exact() {
        for (x, want) in [
            (0.0, 0.0),
            (30.0, 0.5),
            (90.0, 1.0),
            (150.0, 0.5),
            (210.0, -0.5),
            (270.0, -1.0),
            (330.0, -0.5),
        ] {
            assert_eq!(dsind(x).ok(), Some(want), "sind({x})");
        }
        for (x, want) in [
            (60.0, 0.5),
            (90.0, 0.0),
            (120.0, -0.5),
            (180.0, -1.0),
            (240.0, -0.5),
            (300.0, 0.5),
        ] {
            assert_eq!(dcosd(x).ok(), Some(want), "cosd({x})");
        }
        assert_eq!(tan_like(45.0, false).ok(), Some(1.0));
        assert_eq!(tan_like(90.0, false).ok(), Some(f64::INFINITY));
        assert_eq!(tan_like(270.0, true).ok(), Some(0.0));
        assert_eq!(tan_like(180.0, true).ok(), Some(f64::NEG_INFINITY));
        assert_eq!(dasind(0.5).ok(), Some(30.0));
        assert_eq!(dacosd(-0.5).ok(), Some(120.0));
        assert_eq!(datand(1.0).ok(), Some(45.0));
        assert_eq!(datan2d(-10.0, 0.0).ok(), Some(-90.0));
    }

    #[test]
    fn casts_round_half_even() {
        assert_eq!(to_int(2.5, 4).ok(), Some(Datum::Int4(2)));
        assert_eq!(to_int(-2.5, 2).ok(), Some(Datum::Int2(-2)));
        assert!(to_int(32767.6, 2).is_err());
        assert!(to_int(9.3e18, 8).is_err());
        assert_eq!(dpow(2.0, 0.5).ok(), Some(std::f64::consts::SQRT_2));
        assert!(dexp(-1000.0).is_err());
    }
}
