//! Number formatting: `to_char(int4/int8/float4/float8/numeric, text)` and
//! `to_number(text, text)` with PostgreSQL's numeric template patterns.

use crate::numeric::{self as nm, Numeric};
use crate::oids::{FLOAT4, FLOAT8, INT4, INT8, NUMERIC, TEXT};
use crate::registry::{CastDef, FuncCtx, OperDef, ProcDef};
use crate::{Datum, SessionEnv};
use common::{Oid, PgResult};

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    D9,
    D0,
    Dec,
    Group,
    Pr,
    S,
    L,
    Mi,
    Pl,
    Sg,
    Rn,
    Th(bool),
    V,
    Eeee,
    Lit(char),
}

struct Fmt {
    toks: Vec<Tok>,
    fill: bool,
    pre: usize,
    post: usize,
    /// Index (among integer digit positions) of the first `0`.
    zero_start: Option<usize>,
    /// Number of fraction digits forced by `0` patterns.
    zero_end: usize,
    multi: usize,
    has_sign: bool,
    pr: bool,
    eeee: bool,
    roman: bool,
}

fn parse_fmt(f: &str) -> PgResult<Fmt> {
    let c: Vec<char> = f.chars().collect();
    let mut toks = Vec::new();
    let mut fill = false;
    let mut i = 0;
    let kw = |i: usize, k: &str| -> bool {
        let n = k.chars().count();
        i + n <= c.len() && c[i..i + n].iter().collect::<String>().to_ascii_uppercase() == k
    };
    while i < c.len() {
        let ch = c[i];
        if kw(i, "FM") {
            fill = true;
            i += 2;
        } else if kw(i, "EEEE") {
            toks.push(Tok::Eeee);
            i += 4;
        } else if kw(i, "PR") {
            toks.push(Tok::Pr);
            i += 2;
        } else if kw(i, "MI") {
            toks.push(Tok::Mi);
            i += 2;
        } else if kw(i, "PL") {
            toks.push(Tok::Pl);
            i += 2;
        } else if kw(i, "SG") {
            toks.push(Tok::Sg);
            i += 2;
        } else if kw(i, "RN") {
            toks.push(Tok::Rn);
            i += 2;
        } else if kw(i, "TH") {
            toks.push(Tok::Th(ch == 'T'));
            i += 2;
        } else {
            match ch {
                '9' => toks.push(Tok::D9),
                '0' => toks.push(Tok::D0),
                '.' | 'D' | 'd' => toks.push(Tok::Dec),
                ',' | 'G' | 'g' => toks.push(Tok::Group),
                'S' | 's' => toks.push(Tok::S),
                'L' | 'l' => toks.push(Tok::L),
                'V' | 'v' => toks.push(Tok::V),
                '"' => {
                    i += 1;
                    while i < c.len() && c[i] != '"' {
                        if c[i] == '\\' && i + 1 < c.len() {
                            i += 1;
                        }
                        toks.push(Tok::Lit(c[i]));
                        i += 1;
                    }
                }
                '\\' if i + 1 < c.len() => {
                    i += 1;
                    toks.push(Tok::Lit(c[i]));
                }
                _ => toks.push(Tok::Lit(ch)),
            }
            i += 1;
        }
    }
    let mut fm = Fmt {
        toks,
        fill,
        pre: 0,
        post: 0,
        zero_start: None,
        zero_end: 0,
        multi: 0,
        has_sign: false,
        pr: false,
        eeee: false,
        roman: false,
    };
    let mut seen_dec = false;
    let mut seen_v = false;
    for t in &fm.toks {
        match t {
            Tok::D9 | Tok::D0 => {
                if seen_dec {
                    fm.post += 1;
                    if *t == Tok::D0 {
                        fm.zero_end = fm.post;
                    }
                } else {
                    if *t == Tok::D0 && fm.zero_start.is_none() {
                        fm.zero_start = Some(fm.pre);
                    }
                    fm.pre += 1;
                    if seen_v {
                        fm.multi += 1;
                    }
                }
            }
            Tok::Dec => {
                if seen_dec {
                    return Err(common::pg_err!(SYNTAX_ERROR, "multiple decimal points"));
                }
                if seen_v {
                    return Err(common::pg_err!(
                        SYNTAX_ERROR,
                        "cannot use \"V\" and decimal point together"
                    ));
                }
                seen_dec = true;
            }
            Tok::V => {
                if seen_dec {
                    return Err(common::pg_err!(
                        SYNTAX_ERROR,
                        "cannot use \"V\" and decimal point together"
                    ));
                }
                seen_v = true;
            }
            Tok::S | Tok::Mi | Tok::Pl | Tok::Sg => fm.has_sign = true,
            Tok::Pr => fm.pr = true,
            Tok::Eeee => fm.eeee = true,
            Tok::Rn => fm.roman = true,
            _ => {}
        }
    }
    Ok(fm)
}

fn roman(n: i64) -> String {
    const T: [(i64, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut n = n;
    let mut s = String::new();
    for (v, r) in T {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

fn ordinal(int: &str, upper: bool) -> &'static str {
    let b = int.as_bytes();
    let last = b.last().copied().unwrap_or(b'0');
    let tens = if b.len() >= 2 { b[b.len() - 2] } else { b'0' };
    let s = if tens == b'1' {
        "th"
    } else {
        match last {
            b'1' => "st",
            b'2' => "nd",
            b'3' => "rd",
            _ => "th",
        }
    };
    if upper {
        match s {
            "st" => "ST",
            "nd" => "ND",
            "rd" => "RD",
            _ => "TH",
        }
    } else {
        s
    }
}

fn pow10(n: usize) -> Numeric {
    let mut s = String::from("1");
    for _ in 0..n.min(1000) {
        s.push('0');
    }
    Numeric::parse(&s).unwrap_or_else(|_| Numeric::zero())
}

/// Formats a numeric value with a numeric template (the core of every `to_char` variant).
pub fn to_char_numeric(val: &Numeric, fmt: &str) -> PgResult<String> {
    let f = parse_fmt(fmt)?;
    if f.roman {
        let r = val.round(0);
        let n = if r.is_nan() {
            0
        } else {
            nm::to_int(&r, i64::MIN, i64::MAX, "bigint").unwrap_or(0)
        };
        let s = if !(1..=3999).contains(&n) {
            "#".repeat(15)
        } else {
            roman(n)
        };
        return Ok(if f.fill { s } else { format!("{:>15}", s) });
    }
    if f.eeee {
        return Ok(to_char_eeee(val, &f));
    }
    let mut v = val.clone();
    if f.multi > 0 {
        v = nm::mul(&v, &pow10(f.multi));
    }
    let neg = v.is_negative() && !v.round(f.post as i32).is_zero();
    let txt = if v.is_nan() {
        String::new()
    } else {
        nm::abs(&v).round(f.post as i32).to_text()
    };
    let (mut int, mut frac) = match txt.split_once('.') {
        Some((a, b)) => (a.to_string(), b.to_string()),
        None => (txt.clone(), String::new()),
    };
    while frac.len() < f.post {
        frac.push('0');
    }
    if f.fill {
        while frac.len() > f.zero_end && frac.ends_with('0') {
            frac.pop();
        }
    }
    if int == "0" && f.zero_start.is_none() && !frac.is_empty() {
        int.clear();
    }
    let overflow = int.len() > f.pre || v.is_nan();
    let pad = f.pre.saturating_sub(int.len());
    let int_b: Vec<char> = int.chars().collect();
    let frac_b: Vec<char> = frac.chars().collect();
    // Where the floating sign (default, leading S, PR) goes: before the first digit.
    let first_digit = f
        .toks
        .iter()
        .position(|t| matches!(t, Tok::D9 | Tok::D0 | Tok::Dec));
    let float_sign = if f.pr {
        Some(if neg {
            "<"
        } else if f.fill {
            ""
        } else {
            " "
        })
    } else if let Some(sp) = f.toks.iter().position(|t| *t == Tok::S) {
        if first_digit.is_some_and(|d| sp < d) {
            Some(if neg { "-" } else { "+" })
        } else {
            None
        }
    } else if !f.has_sign {
        Some(if neg {
            "-"
        } else if f.fill {
            ""
        } else {
            " "
        })
    } else {
        None
    };
    let mut out = String::new();
    let mut sign_done = float_sign.is_none();
    let mut started = false;
    let mut after_dec = false;
    let mut ii = 0usize;
    let mut fi = 0usize;
    let blank = |out: &mut String| {
        if !f.fill {
            out.push(' ')
        }
    };
    for t in &f.toks {
        match t {
            Tok::D9 | Tok::D0 if !after_dec => {
                if overflow {
                    if !sign_done {
                        out.push_str(float_sign.unwrap_or(""));
                        sign_done = true;
                    }
                    out.push('#');
                } else if ii < pad && f.zero_start.is_none_or(|z| z > ii) {
                    blank(&mut out);
                } else {
                    if !sign_done {
                        out.push_str(float_sign.unwrap_or(""));
                        sign_done = true;
                    }
                    started = true;
                    out.push(if ii < pad { '0' } else { int_b[ii - pad] });
                }
                ii += 1;
            }
            Tok::D9 | Tok::D0 => {
                if overflow {
                    out.push('#');
                } else if fi < frac_b.len() {
                    out.push(frac_b[fi]);
                }
                fi += 1;
            }
            Tok::Dec => {
                after_dec = true;
                if !sign_done && !overflow {
                    out.push_str(float_sign.unwrap_or(""));
                    sign_done = true;
                }
                started = true;
                if !f.fill || f.post != 0 {
                    out.push('.');
                }
            }
            Tok::Group => {
                if overflow || started {
                    out.push(',');
                } else {
                    blank(&mut out);
                }
            }
            Tok::S => {
                if float_sign.is_none() {
                    out.push(if neg { '-' } else { '+' });
                }
            }
            Tok::Sg => out.push(if neg { '-' } else { '+' }),
            Tok::Mi => {
                if neg {
                    out.push('-')
                } else {
                    blank(&mut out)
                }
            }
            Tok::Pl => {
                if !neg {
                    out.push('+')
                } else {
                    blank(&mut out)
                }
            }
            Tok::Pr => {
                if neg {
                    out.push('>')
                } else {
                    blank(&mut out)
                }
            }
            Tok::L => out.push(' '),
            Tok::Th(up) => {
                if !neg && !overflow && !f.toks.contains(&Tok::Dec) {
                    let i = if int.is_empty() { "0" } else { int.as_str() };
                    out.push_str(ordinal(i, *up));
                }
            }
            Tok::V | Tok::Eeee | Tok::Rn => {}
            Tok::Lit(c) => out.push(*c),
        }
    }
    if !sign_done && !overflow {
        out.push_str(float_sign.unwrap_or(""));
    }
    Ok(out)
}

fn to_char_eeee(val: &Numeric, f: &Fmt) -> String {
    if val.is_nan() {
        let mut s = String::from(" ");
        s.push_str(&"#".repeat(f.pre));
        if f.post > 0 || f.toks.contains(&Tok::Dec) {
            s.push('.');
        }
        s.push_str(&"#".repeat(f.post));
        s.push_str("####");
        return s;
    }
    let a = nm::abs(val);
    let mut exp: i32 = 0;
    let mut m = a.clone();
    if !a.is_zero() {
        let t = a.to_text();
        let (ip, fp) = t.split_once('.').unwrap_or((t.as_str(), ""));
        let ip = ip.trim_start_matches('0');
        exp = if !ip.is_empty() {
            ip.len() as i32 - 1
        } else {
            -(fp.chars().take_while(|c| *c == '0').count() as i32 + 1)
        };
        m = shift(&a, -exp);
        let r = m.round(f.post as i32);
        if r.to_text().split('.').next().map(|s| s.len()).unwrap_or(0) > 1 {
            exp += 1;
            m = shift(&a, -exp);
        }
    }
    let mut s = String::new();
    s.push(if val.is_negative() && !a.is_zero() {
        '-'
    } else {
        ' '
    });
    s.push_str(&m.round(f.post as i32).to_text());
    s.push_str(&format!(
        "e{}{:02}",
        if exp < 0 { '-' } else { '+' },
        exp.abs()
    ));
    s
}

fn shift(a: &Numeric, by: i32) -> Numeric {
    if by >= 0 {
        nm::mul(a, &pow10(by as usize))
    } else {
        nm::div_with_scale(a, &pow10((-by) as usize), 40 + (-by)).unwrap_or_else(|_| a.clone())
    }
}

/// `to_number(text, text)`: pulls digits, decimal point and sign out of `s` guided by `fmt`.
pub fn to_number(s: &str, fmt: &str) -> PgResult<Numeric> {
    let f = parse_fmt(fmt)?;
    let mut digits = String::new();
    let mut neg = false;
    let mut seen_dec = false;
    let mut frac_n = 0usize;
    for ch in s.chars() {
        match ch {
            '0'..='9' => {
                digits.push(ch);
                if seen_dec {
                    frac_n += 1;
                }
            }
            '.' if !seen_dec && (f.post > 0 || f.toks.contains(&Tok::Dec)) => {
                seen_dec = true;
                digits.push('.');
            }
            '-' | '<' => neg = true,
            _ => {}
        }
    }
    if f.post > 0 && frac_n > f.post {
        // PostgreSQL stops reading after the template's fraction digits.
        if let Some(p) = digits.find('.') {
            digits.truncate(p + 1 + f.post);
        }
    }
    if digits.is_empty() || digits == "." {
        digits = "0".into();
    }
    let mut txt = String::new();
    if neg {
        txt.push('-');
    }
    txt.push_str(&digits);
    let mut n = Numeric::parse(&txt)?;
    if f.multi > 0 {
        n = nm::div_with_scale(&n, &pow10(f.multi), n.dscale().max(0) + f.multi as i32)?;
    }
    Ok(n)
}

fn text_arg(d: &Datum) -> PgResult<&str> {
    match d {
        Datum::Text(s) => Ok(s.as_str()),
        _ => Err(common::pg_err!(DATATYPE_MISMATCH, "expected text argument")),
    }
}

fn num_arg(d: &Datum) -> PgResult<Numeric> {
    Ok(match d {
        Datum::Numeric(n) => (**n).clone(),
        Datum::Int2(v) => Numeric::from_i64(*v as i64),
        Datum::Int4(v) => Numeric::from_i64(*v as i64),
        Datum::Int8(v) => Numeric::from_i64(*v),
        Datum::Float4(v) => float_num(*v as f64, 6)?,
        Datum::Float8(v) => float_num(*v, 15)?,
        _ => {
            return Err(common::pg_err!(
                DATATYPE_MISMATCH,
                "expected numeric argument"
            ))
        }
    })
}

fn float_num(v: f64, digits: usize) -> PgResult<Numeric> {
    if v.is_nan() || v.is_infinite() {
        return Ok(Numeric::nan());
    }
    let s = format!("{:.*e}", digits.saturating_sub(1), v);
    let back: f64 = s.parse().unwrap_or(v);
    nm::from_f64(back)
}

fn f_to_char(a: &[Datum], _cx: &FuncCtx) -> PgResult<Datum> {
    let fmt = text_arg(&a[1])?;
    if fmt.is_empty() {
        return Ok(Datum::Text(String::new()));
    }
    Ok(Datum::Text(to_char_numeric(&num_arg(&a[0])?, fmt)?))
}

fn f_to_number(a: &[Datum], _cx: &FuncCtx) -> PgResult<Datum> {
    if text_arg(&a[1])?.is_empty() {
        return Ok(Datum::Null);
    }
    Ok(Datum::Numeric(Box::new(to_number(
        text_arg(&a[0])?,
        text_arg(&a[1])?,
    )?)))
}

fn pd(
    oid: Oid,
    name: &'static str,
    args: &'static [Oid],
    ret: Oid,
    func: crate::registry::BuiltinFn,
) -> ProcDef {
    ProcDef {
        oid,
        name,
        arg_types: args,
        ret_type: ret,
        strict: true,
        volatility: b's',
        variadic: 0,
        retset: false,
        func,
    }
}

pub fn procs() -> Vec<ProcDef> {
    vec![
        pd(1772, "to_char", &[NUMERIC, TEXT], TEXT, f_to_char),
        pd(1773, "to_char", &[INT4, TEXT], TEXT, f_to_char),
        pd(1774, "to_char", &[INT8, TEXT], TEXT, f_to_char),
        pd(1775, "to_char", &[FLOAT4, TEXT], TEXT, f_to_char),
        pd(1776, "to_char", &[FLOAT8, TEXT], TEXT, f_to_char),
        pd(1777, "to_number", &[TEXT, TEXT], NUMERIC, f_to_number),
    ]
}
pub fn opers() -> Vec<OperDef> {
    Vec::new()
}
pub fn casts() -> Vec<CastDef> {
    Vec::new()
}
pub fn input(_typ: Oid, _typmod: i32, _s: &str, _env: &SessionEnv) -> Option<PgResult<Datum>> {
    None
}
pub fn output(_typ: Oid, _d: &Datum, _env: &SessionEnv, _out: &mut String) -> PgResult<bool> {
    Ok(false)
}
pub fn receive(_typ: Oid, _typmod: i32, _b: &[u8], _env: &SessionEnv) -> Option<PgResult<Datum>> {
    None
}
pub fn send(_typ: Oid, _d: &Datum, _env: &SessionEnv, _out: &mut Vec<u8>) -> PgResult<bool> {
    Ok(false)
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
mod tests;
