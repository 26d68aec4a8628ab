//! money: an int8 count of cents (`Datum::Int8`), with text I/O following lc_monetary "C"
//! (`$1,000.00`, `-$1.23`, `(1.23)` input), binary I/O, comparisons, arithmetic with int2/int4/
//! int8/float4/float8, money/money → float8, cash_words, cashlarger/cashsmaller, and casts
//! numeric/int4/int8 → money and money → numeric.

use crate::numeric::{self, Numeric};
use crate::oids::*;
use crate::registry::{CastDef, FuncCtx, OperDef, ProcDef};
use crate::text::{cmp_fns, cmp_opers, op, p};
use crate::{Datum, SessionEnv};
use common::{pg_err, Oid, PgError, PgResult};
use std::cmp::Ordering;

/// Fractional digits of the C locale's money format.
const FPOINT: u32 = 2;
const SCALE: i64 = 100;

fn out_of_range(s: &str) -> PgError {
    pg_err!(
        NUMERIC_VALUE_OUT_OF_RANGE,
        "value \"{}\" is out of range for type money",
        s
    )
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c')
}

/// Parse money text as PostgreSQL's cash_in does under lc_monetary=C.
pub fn parse_money(s: &str) -> PgResult<i64> {
    let b = s.as_bytes();
    let mut i = 0;
    let skip_ws = |i: &mut usize| {
        while *i < b.len() && is_space(b[*i]) {
            *i += 1;
        }
    };
    let skip_sym = |i: &mut usize| {
        if b.get(*i) == Some(&b'$') {
            *i += 1;
        }
    };
    skip_ws(&mut i);
    skip_sym(&mut i);
    skip_ws(&mut i);
    let mut negative = false;
    match b.get(i) {
        Some(b'-') => {
            negative = true;
            i += 1;
        }
        Some(b'(') => {
            negative = true;
            i += 1;
        }
        Some(b'+') => i += 1,
        _ => {}
    }
    skip_ws(&mut i);
    skip_sym(&mut i);
    skip_ws(&mut i);

    // Build the value in the negative, as PostgreSQL does, to reach i64::MIN.
    let mut value: i64 = 0;
    let mut seen_dot = false;
    let mut dec = 0u32;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_digit() && (!seen_dot || dec < FPOINT) {
            value = value
                .checked_mul(10)
                .and_then(|v| v.checked_sub((c - b'0') as i64))
                .ok_or_else(|| out_of_range(s))?;
            if seen_dot {
                dec += 1;
            }
        } else if c == b'.' && !seen_dot {
            seen_dot = true;
        } else if c == b',' {
            // thousands separator: ignored
        } else {
            break;
        }
        i += 1;
    }
    if i < b.len() && b[i].is_ascii_digit() && b[i] >= b'5' {
        value = value.checked_sub(1).ok_or_else(|| out_of_range(s))?;
    }
    while dec < FPOINT {
        value = value.checked_mul(10).ok_or_else(|| out_of_range(s))?;
        dec += 1;
    }
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    while i < b.len() {
        match b[i] {
            c if is_space(c) || c == b')' => i += 1,
            b'-' => {
                negative = true;
                i += 1;
            }
            b'+' | b'$' => i += 1,
            _ => {
                return Err(pg_err!(
                    INVALID_TEXT_REPRESENTATION,
                    "invalid input syntax for type money: \"{}\"",
                    s
                ))
            }
        }
    }
    if negative {
        Ok(value)
    } else {
        value.checked_neg().ok_or_else(|| out_of_range(s))
    }
}

/// Format cents as PostgreSQL's cash_out does under lc_monetary=C: `-$1,234.56`.
pub fn format_money(v: i64, out: &mut String) {
    let u = v.unsigned_abs();
    let int_part = (u / SCALE as u64).to_string();
    let frac = u % SCALE as u64;
    if v < 0 {
        out.push('-');
    }
    out.push('$');
    let n = int_part.len();
    for (k, ch) in int_part.chars().enumerate() {
        if k > 0 && (n - k).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out.push('.');
    out.push_str(&format!("{frac:02}"));
}

fn num_word(v: u64) -> String {
    const SMALL: [&str; 28] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
        "thirty",
        "forty",
        "fifty",
        "sixty",
        "seventy",
        "eighty",
        "ninety",
    ];
    let big = |k: u64| SMALL[(18 + k) as usize];
    let small = |k: u64| SMALL[k as usize];
    let tu = v % 100;
    if v <= 20 {
        return small(v).to_string();
    }
    if tu == 0 {
        return format!("{} hundred", small(v / 100));
    }
    if v > 99 {
        if v.is_multiple_of(10) && tu > 10 {
            format!("{} hundred {}", small(v / 100), big(tu / 10))
        } else if tu < 20 {
            format!("{} hundred and {}", small(v / 100), small(tu))
        } else {
            format!(
                "{} hundred {} {}",
                small(v / 100),
                big(tu / 10),
                small(tu % 10)
            )
        }
    } else if v.is_multiple_of(10) && tu > 10 {
        big(tu / 10).to_string()
    } else if tu < 20 {
        small(tu).to_string()
    } else {
        format!("{} {}", big(tu / 10), small(tu % 10))
    }
}

/// PostgreSQL's cash_words.
pub fn cash_words(v: i64) -> String {
    let mut buf = String::new();
    if v < 0 {
        buf.push_str("minus ");
    }
    let prefix = buf.len();
    let val = v.unsigned_abs();
    let m0 = val % 100;
    let m1 = (val / 100) % 1000;
    let groups = [
        ((val / 100_000_000_000_000_000) % 1000, " quadrillion "),
        ((val / 100_000_000_000_000) % 1000, " trillion "),
        ((val / 100_000_000_000) % 1000, " billion "),
        ((val / 100_000_000) % 1000, " million "),
        ((val / 100_000) % 1000, " thousand "),
    ];
    for (m, word) in groups {
        if m != 0 {
            buf.push_str(&num_word(m));
            buf.push_str(word);
        }
    }
    if m1 != 0 {
        buf.push_str(&num_word(m1));
    }
    if buf.len() == prefix {
        buf.push_str("zero");
    }
    buf.push_str(if val / 100 == 1 {
        " dollar and "
    } else {
        " dollars and "
    });
    buf.push_str(&num_word(m0));
    buf.push_str(if m0 == 1 { " cent" } else { " cents" });
    let mut cs = buf.chars();
    match cs.next() {
        Some(c) => c.to_ascii_uppercase().to_string() + cs.as_str(),
        None => buf,
    }
}

fn arg_cash(d: &Datum) -> PgResult<i64> {
    match d {
        Datum::Int8(v) => Ok(*v),
        other => Err(PgError::internal(format!(
            "expected a money value, got {other:?}"
        ))),
    }
}

fn arg_int(d: &Datum) -> PgResult<i64> {
    d.as_i64()
        .ok_or_else(|| PgError::internal(format!("expected an integer value, got {d:?}")))
}

fn arg_float(d: &Datum) -> PgResult<f64> {
    d.as_f64()
        .ok_or_else(|| PgError::internal(format!("expected a float value, got {d:?}")))
}

pub fn input(typ: Oid, _typmod: i32, s: &str, _env: &SessionEnv) -> Option<PgResult<Datum>> {
    if typ != MONEY {
        return None;
    }
    Some(parse_money(s).map(Datum::Int8))
}

pub fn output(typ: Oid, d: &Datum, _env: &SessionEnv, out: &mut String) -> PgResult<bool> {
    if typ != MONEY {
        return Ok(false);
    }
    format_money(arg_cash(d)?, out);
    Ok(true)
}

pub fn receive(typ: Oid, _typmod: i32, b: &[u8], _env: &SessionEnv) -> Option<PgResult<Datum>> {
    if typ != MONEY {
        return None;
    }
    Some(match <[u8; 8]>::try_from(b) {
        Ok(a) => Ok(Datum::Int8(i64::from_be_bytes(a))),
        Err(_) if b.len() < 8 => Err(pg_err!(
            PROTOCOL_VIOLATION,
            "insufficient data left in message"
        )),
        Err(_) => Err(pg_err!(
            INVALID_BINARY_REPRESENTATION,
            "incorrect binary data format"
        )),
    })
}

pub fn send(typ: Oid, d: &Datum, _env: &SessionEnv, out: &mut Vec<u8>) -> PgResult<bool> {
    if typ != MONEY {
        return Ok(false);
    }
    out.extend_from_slice(&arg_cash(d)?.to_be_bytes());
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

fn cmp_cash(a: &Datum, b: &Datum) -> PgResult<Ordering> {
    Ok(arg_cash(a)?.cmp(&arg_cash(b)?))
}
cmp_fns!(cmp_cash: cash_eq cash_ne cash_lt cash_le cash_gt cash_ge cash_cmp);

fn div_zero() -> PgError {
    pg_err!(DIVISION_BY_ZERO, "division by zero")
}

fn cash_pl(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(Datum::Int8(arg_cash(&a[0])?.wrapping_add(arg_cash(&a[1])?)))
}
fn cash_mi(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(Datum::Int8(arg_cash(&a[0])?.wrapping_sub(arg_cash(&a[1])?)))
}
fn cash_div_cash(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let x = arg_cash(&a[0])?;
    let y = arg_cash(&a[1])?;
    if y == 0 {
        return Err(div_zero());
    }
    Ok(Datum::Float8(x as f64 / y as f64))
}

/// PostgreSQL rounds float products/quotients with rint (half to even).
fn rint_cash(v: f64) -> i64 {
    v.round_ties_even() as i64
}

fn cash_mul_flt(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let c = arg_cash(&a[0])?;
    let f = arg_float(&a[1])?;
    Ok(Datum::Int8(rint_cash(c as f64 * f)))
}
fn flt_mul_cash(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let f = arg_float(&a[0])?;
    let c = arg_cash(&a[1])?;
    Ok(Datum::Int8(rint_cash(f * c as f64)))
}
fn cash_div_flt(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let c = arg_cash(&a[0])?;
    let f = arg_float(&a[1])?;
    if f == 0.0 {
        return Err(div_zero());
    }
    Ok(Datum::Int8(rint_cash(c as f64 / f)))
}
fn cash_mul_int(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(Datum::Int8(arg_cash(&a[0])?.wrapping_mul(arg_int(&a[1])?)))
}
fn int_mul_cash(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(Datum::Int8(arg_int(&a[0])?.wrapping_mul(arg_cash(&a[1])?)))
}
fn cash_div_int(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let c = arg_cash(&a[0])?;
    let i = arg_int(&a[1])?;
    if i == 0 {
        return Err(div_zero());
    }
    Ok(Datum::Int8(c.wrapping_div(i)))
}
fn cashlarger(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(Datum::Int8(arg_cash(&a[0])?.max(arg_cash(&a[1])?)))
}
fn cashsmaller(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(Datum::Int8(arg_cash(&a[0])?.min(arg_cash(&a[1])?)))
}
fn cash_words_fn(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(Datum::Text(cash_words(arg_cash(&a[0])?)))
}

/// money → numeric with two decimal places.
pub fn cash_to_numeric(v: i64) -> PgResult<Numeric> {
    let u = v.unsigned_abs();
    let s = format!(
        "{}{}.{:02}",
        if v < 0 { "-" } else { "" },
        u / SCALE as u64,
        u % SCALE as u64
    );
    numeric::parse(&s)
}

/// numeric → money: scale by 100, round, convert to int8.
pub fn numeric_to_cash(n: &Numeric) -> PgResult<i64> {
    let q = numeric::mul(n, &Numeric::from_i64(SCALE));
    numeric::to_int(&q, i64::MIN, i64::MAX, "bigint")
}

fn cash_numeric(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(Datum::numeric(cash_to_numeric(arg_cash(&a[0])?)?))
}
fn numeric_cash(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    match &a[0] {
        Datum::Numeric(n) => Ok(Datum::Int8(numeric_to_cash(n)?)),
        other => Err(PgError::internal(format!(
            "expected a numeric value, got {other:?}"
        ))),
    }
}
fn int_cash(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let v = arg_int(&a[0])?;
    v.checked_mul(SCALE)
        .map(Datum::Int8)
        .ok_or_else(|| pg_err!(NUMERIC_VALUE_OUT_OF_RANGE, "bigint out of range"))
}

pub fn procs() -> Vec<ProcDef> {
    let stable = |mut p: ProcDef| {
        p.volatility = b's';
        p
    };
    vec![
        p!(888, "cash_eq", [MONEY, MONEY], BOOL, cash_eq),
        p!(889, "cash_ne", [MONEY, MONEY], BOOL, cash_ne),
        p!(890, "cash_lt", [MONEY, MONEY], BOOL, cash_lt),
        p!(891, "cash_le", [MONEY, MONEY], BOOL, cash_le),
        p!(892, "cash_gt", [MONEY, MONEY], BOOL, cash_gt),
        p!(893, "cash_ge", [MONEY, MONEY], BOOL, cash_ge),
        p!(377, "cash_cmp", [MONEY, MONEY], INT4, cash_cmp),
        p!(894, "cash_pl", [MONEY, MONEY], MONEY, cash_pl),
        p!(895, "cash_mi", [MONEY, MONEY], MONEY, cash_mi),
        p!(896, "cash_mul_flt8", [MONEY, FLOAT8], MONEY, cash_mul_flt),
        p!(897, "cash_div_flt8", [MONEY, FLOAT8], MONEY, cash_div_flt),
        p!(919, "flt8_mul_cash", [FLOAT8, MONEY], MONEY, flt_mul_cash),
        p!(846, "cash_mul_flt4", [MONEY, FLOAT4], MONEY, cash_mul_flt),
        p!(847, "cash_div_flt4", [MONEY, FLOAT4], MONEY, cash_div_flt),
        p!(848, "flt4_mul_cash", [FLOAT4, MONEY], MONEY, flt_mul_cash),
        p!(3344, "cash_mul_int8", [MONEY, INT8], MONEY, cash_mul_int),
        p!(3345, "cash_div_int8", [MONEY, INT8], MONEY, cash_div_int),
        p!(3399, "int8_mul_cash", [INT8, MONEY], MONEY, int_mul_cash),
        p!(864, "cash_mul_int4", [MONEY, INT4], MONEY, cash_mul_int),
        p!(865, "cash_div_int4", [MONEY, INT4], MONEY, cash_div_int),
        p!(862, "int4_mul_cash", [INT4, MONEY], MONEY, int_mul_cash),
        p!(866, "cash_mul_int2", [MONEY, INT2], MONEY, cash_mul_int),
        p!(867, "cash_div_int2", [MONEY, INT2], MONEY, cash_div_int),
        p!(863, "int2_mul_cash", [INT2, MONEY], MONEY, int_mul_cash),
        p!(3822, "cash_div_cash", [MONEY, MONEY], FLOAT8, cash_div_cash),
        p!(898, "cashlarger", [MONEY, MONEY], MONEY, cashlarger),
        p!(899, "cashsmaller", [MONEY, MONEY], MONEY, cashsmaller),
        p!(935, "cash_words", [MONEY], TEXT, cash_words_fn),
        stable(p!(3823, "numeric", [MONEY], NUMERIC, cash_numeric)),
        stable(p!(3824, "money", [NUMERIC], MONEY, numeric_cash)),
        stable(p!(3811, "money", [INT4], MONEY, int_cash)),
        stable(p!(3812, "money", [INT8], MONEY, int_cash)),
    ]
}

pub fn opers() -> Vec<OperDef> {
    let mut v = cmp_opers(
        MONEY,
        MONEY,
        [900, 901, 902, 904, 903, 905],
        [888, 889, 890, 891, 892, 893],
    );
    v.extend([
        op(906, "+", MONEY, MONEY, MONEY, 894, 906, 0),
        op(907, "-", MONEY, MONEY, MONEY, 895, 0, 0),
        op(908, "*", MONEY, FLOAT8, MONEY, 896, 916, 0),
        op(909, "/", MONEY, FLOAT8, MONEY, 897, 0, 0),
        op(916, "*", FLOAT8, MONEY, MONEY, 919, 908, 0),
        op(843, "*", MONEY, FLOAT4, MONEY, 846, 845, 0),
        op(844, "/", MONEY, FLOAT4, MONEY, 847, 0, 0),
        op(845, "*", FLOAT4, MONEY, MONEY, 848, 843, 0),
        op(3346, "*", MONEY, INT8, MONEY, 3344, 3349, 0),
        op(3347, "/", MONEY, INT8, MONEY, 3345, 0, 0),
        op(3349, "*", INT8, MONEY, MONEY, 3399, 3346, 0),
        op(912, "*", MONEY, INT4, MONEY, 864, 917, 0),
        op(913, "/", MONEY, INT4, MONEY, 865, 0, 0),
        op(917, "*", INT4, MONEY, MONEY, 862, 912, 0),
        op(914, "*", MONEY, INT2, MONEY, 866, 918, 0),
        op(915, "/", MONEY, INT2, MONEY, 867, 0, 0),
        op(918, "*", INT2, MONEY, MONEY, 863, 914, 0),
        op(3825, "/", MONEY, MONEY, FLOAT8, 3822, 0, 0),
    ]);
    v
}

pub fn casts() -> Vec<CastDef> {
    let c = |source, target, func_oid| CastDef {
        source,
        target,
        func_oid,
        context: b'a',
        method: b'f',
    };
    vec![
        c(MONEY, NUMERIC, 3823),
        c(NUMERIC, MONEY, 3824),
        c(INT4, MONEY, 3811),
        c(INT8, MONEY, 3812),
    ]
}

#[cfg(test)]
mod tests;
