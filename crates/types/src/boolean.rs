//! bool: input (t/true/y/yes/on/1 and f/false/n/no/off/0, case-insensitive, unique prefixes),
//! output t/f, binary I/O, and the comparison functions and operators.

use crate::oids::*;
use crate::registry::{CastDef, FuncCtx, OperDef, ProcDef};
use crate::{Datum, SessionEnv};
use common::{pg_err, Oid, PgError, PgResult};
use std::cmp::Ordering;

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c')
}

/// PostgreSQL's parse_bool: the value without surrounding whitespace.
pub fn parse_bool_str(v: &str) -> Option<bool> {
    let len = v.len();
    if len == 0 {
        return None;
    }
    let lower = v.to_ascii_lowercase();
    let prefix_of =
        |word: &str, minlen: usize| len >= minlen && len <= word.len() && word.starts_with(&lower);
    match lower.as_bytes()[0] {
        b't' if prefix_of("true", 1) => Some(true),
        b'f' if prefix_of("false", 1) => Some(false),
        b'y' if prefix_of("yes", 1) => Some(true),
        b'n' if prefix_of("no", 1) => Some(false),
        b'o' if prefix_of("on", 2) => Some(true),
        b'o' if prefix_of("off", 2) => Some(false),
        b'1' if len == 1 => Some(true),
        b'0' if len == 1 => Some(false),
        _ => None,
    }
}

/// boolin.
pub fn parse_bool(s: &str) -> PgResult<bool> {
    parse_bool_str(s.trim_matches(is_space)).ok_or_else(|| {
        pg_err!(
            INVALID_TEXT_REPRESENTATION,
            "invalid input syntax for type boolean: \"{}\"",
            s
        )
    })
}

fn b(d: &Datum) -> PgResult<bool> {
    d.as_bool()
        .ok_or_else(|| PgError::internal("expected a boolean argument"))
}

fn cmpb(a: &[Datum], f: fn(Ordering) -> bool) -> PgResult<Datum> {
    Ok(Datum::Bool(f(b(&a[0])?.cmp(&b(&a[1])?))))
}

type F = fn(&[Datum], &FuncCtx) -> PgResult<Datum>;

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

pub fn procs() -> Vec<ProcDef> {
    const B: Oid = BOOL;
    vec![
        proc(60, "booleq", &[B, B], B, |a, _| cmpb(a, Ordering::is_eq)),
        proc(84, "boolne", &[B, B], B, |a, _| cmpb(a, Ordering::is_ne)),
        proc(56, "boollt", &[B, B], B, |a, _| cmpb(a, Ordering::is_lt)),
        proc(57, "boolgt", &[B, B], B, |a, _| cmpb(a, Ordering::is_gt)),
        proc(1691, "boolle", &[B, B], B, |a, _| cmpb(a, Ordering::is_le)),
        proc(1692, "boolge", &[B, B], B, |a, _| cmpb(a, Ordering::is_ge)),
        proc(1693, "btboolcmp", &[B, B], INT4, |a, _| {
            Ok(Datum::Int4(b(&a[0])?.cmp(&b(&a[1])?) as i32))
        }),
        // text(boolean): the explicit/assignment cast to text spells the value out.
        proc(2971, "text", &[B], crate::oids::TEXT, |a, _| {
            Ok(Datum::text(if b(&a[0])? { "true" } else { "false" }))
        }),
    ]
}

pub fn opers() -> Vec<OperDef> {
    use crate::int::op;
    const B: Oid = BOOL;
    let mut v = vec![
        op(91, "=", B, B, B, 60),
        op(85, "<>", B, B, B, 84),
        op(58, "<", B, B, B, 56),
        op(59, ">", B, B, B, 57),
        op(1694, "<=", B, B, B, 1691),
        op(1695, ">=", B, B, B, 1692),
    ];
    crate::int::link_opers(&mut v);
    v
}

/// bool ↔ int4 casts live in int.rs.
pub fn casts() -> Vec<CastDef> {
    use crate::oids::{BPCHAR, TEXT, VARCHAR};
    [TEXT, VARCHAR, BPCHAR]
        .into_iter()
        .map(|target| CastDef {
            source: BOOL,
            target,
            func_oid: 2971,
            context: b'a',
            method: b'f',
        })
        .collect()
}

pub fn input(typ: Oid, _typmod: i32, s: &str, _env: &SessionEnv) -> Option<PgResult<Datum>> {
    if typ != BOOL {
        return None;
    }
    Some(parse_bool(s).map(Datum::Bool))
}

pub fn output(typ: Oid, d: &Datum, _env: &SessionEnv, out: &mut String) -> PgResult<bool> {
    if typ != BOOL {
        return Ok(false);
    }
    out.push(if b(d)? { 't' } else { 'f' });
    Ok(true)
}

pub fn receive(typ: Oid, _typmod: i32, bytes: &[u8], _env: &SessionEnv) -> Option<PgResult<Datum>> {
    if typ != BOOL {
        return None;
    }
    Some(crate::int::recv_fixed::<1>(bytes).map(|a| Datum::Bool(a[0] != 0)))
}

pub fn send(typ: Oid, d: &Datum, _env: &SessionEnv, out: &mut Vec<u8>) -> PgResult<bool> {
    if typ != BOOL {
        return Ok(false);
    }
    out.push(b(d)? as u8);
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
    use super::*;

    #[test]
    fn inputs() {
        for (s, v) in [
            ("t", true),
            ("  True ", true),
            ("tr", true),
            ("y", true),
            ("yes", true),
            ("on", true),
            ("1", true),
            ("f", false),
            ("fAlSe", false),
            ("n", false),
            ("no", false),
            ("of", false),
            ("off", false),
            ("0", false),
        ] {
            assert_eq!(parse_bool(s).ok(), Some(v), "{s}");
        }
        for s in ["o", "on_", "off_", "yeah", "test", "", "11", "truee"] {
            assert_eq!(
                parse_bool(s).unwrap_err().message,
                format!("invalid input syntax for type boolean: \"{s}\"")
            );
        }
    }
}
