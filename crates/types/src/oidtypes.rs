//! oid, xid, cid, tid, int2vector and oidvector: text and binary I/O, comparisons, and the
//! casts between oid (and the reg* alias types) and the integer types.
//!
//! Storage: oid/xid/cid and the reg* types are `Datum::Oid`. A tid is `Datum::Int8` holding
//! `(block << 16) | offset` (block number in the high 32 bits, offset in the low 16).
//! int2vector/oidvector are one-dimensional `Datum::Array`s (lower bound 0) of Int2/Oid.

use crate::datum::Array;
use crate::oids::*;
use crate::registry::{CastDef, FuncCtx, OperDef, ProcDef};
use crate::{Datum, SessionEnv};
use common::{pg_err, Oid, PgError, PgResult};
use std::cmp::Ordering;

/// The OID-alias types stored like oid (reg*).
pub const OID_ALIASES: [Oid; 10] = [
    REGPROC,
    REGPROCEDURE,
    REGOPER,
    REGOPERATOR,
    REGCLASS,
    REGTYPE,
    REGCONFIG,
    REGDICTIONARY,
    REGNAMESPACE,
    REGROLE,
];

/// True for oid and its alias types (all stored as `Datum::Oid`).
pub fn is_oid_type(t: Oid) -> bool {
    t == OID || OID_ALIASES.contains(&t)
}

/// Re-tag a value for a binary-coercible cast (int4 ↔ oid/reg*): PostgreSQL reinterprets the
/// bits, Tusk changes the Datum variant.
pub fn coerce_binary(d: Datum, target: Oid) -> Datum {
    match (d, target) {
        (Datum::Int4(v), t) if is_oid_type(t) => Datum::Oid(v as u32),
        (Datum::Oid(v), INT4) => Datum::Int4(v as i32),
        (d, _) => d,
    }
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c')
}

/// oidin: strtoul-like, accepting negative values that fit in int32.
pub fn parse_oid(s: &str) -> PgResult<Oid> {
    let syntax = || {
        pg_err!(
            INVALID_TEXT_REPRESENTATION,
            "invalid input syntax for type oid: \"{}\"",
            s
        )
    };
    let range = || {
        pg_err!(
            NUMERIC_VALUE_OUT_OF_RANGE,
            "value \"{}\" is out of range for type oid",
            s
        )
    };
    let b = s.as_bytes();
    if b.is_empty() {
        return Err(syntax());
    }
    let mut i = 0;
    while i < b.len() && is_space(b[i]) {
        i += 1;
    }
    let mut neg = false;
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        neg = b[i] == b'-';
        i += 1;
    }
    let start = i;
    let mut v: u128 = 0;
    let mut over = false;
    while i < b.len() && b[i].is_ascii_digit() {
        if !over {
            v = v * 10 + (b[i] - b'0') as u128;
            if v > u64::MAX as u128 {
                over = true;
            }
        }
        i += 1;
    }
    if i == start {
        return Err(syntax());
    }
    if over {
        return Err(range());
    }
    while i < b.len() && is_space(b[i]) {
        i += 1;
    }
    if i != b.len() {
        return Err(syntax());
    }
    let cvt: u64 = if neg {
        (v as u64).wrapping_neg()
    } else {
        v as u64
    };
    let result = cvt as u32;
    if cvt != result as u64 && cvt != result as i32 as i64 as u64 {
        return Err(range());
    }
    Ok(result)
}

/// xidin/cidin: strtoul(s, NULL, 0) with no error checking.
pub fn parse_xid(s: &str) -> u32 {
    let t = s.trim_start_matches(|c: char| c.is_ascii() && is_space(c as u8));
    let (neg, t) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let (radix, digits) = if t.len() > 2 && (t.starts_with("0x") || t.starts_with("0X")) {
        (16, &t[2..])
    } else if t.starts_with('0') {
        (8, t)
    } else {
        (10, t)
    };
    let mut v: u64 = 0;
    for c in digits.chars() {
        match c.to_digit(radix) {
            Some(d) => v = v.saturating_mul(radix as u64).saturating_add(d as u64),
            None => break,
        }
    }
    let v = if neg { v.wrapping_neg() } else { v };
    v as u32
}

/// tidin: "(block,offset)".
pub fn parse_tid(s: &str) -> PgResult<i64> {
    let syntax = || {
        pg_err!(
            INVALID_TEXT_REPRESENTATION,
            "invalid input syntax for type tid: \"{}\"",
            s
        )
    };
    let b = s.as_bytes();
    let mut coord: Vec<usize> = Vec::new();
    let mut p = 0;
    while p < b.len() && coord.len() < 2 && b[p] != b')' {
        if b[p] == b',' || (b[p] == b'(' && coord.is_empty()) {
            coord.push(p + 1);
        }
        p += 1;
    }
    if coord.len() < 2 {
        return Err(syntax());
    }
    let num = |from: usize, signed: bool| -> Option<(i128, usize)> {
        let mut i = from;
        while i < b.len() && is_space(b[i]) {
            i += 1;
        }
        let mut neg = false;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            neg = b[i] == b'-';
            i += 1;
        }
        let st = i;
        let mut v: i128 = 0;
        while i < b.len() && b[i].is_ascii_digit() {
            v = (v * 10 + (b[i] - b'0') as i128).min(1 << 70);
            i += 1;
        }
        if i == st {
            return None;
        }
        if neg {
            if !signed {
                v = (u64::MAX as i128 + 1 - v).rem_euclid(1 << 64);
            } else {
                v = -v;
            }
        }
        Some((v, i))
    };
    let (blk, end) = num(coord[0], false).ok_or_else(syntax)?;
    if blk > u64::MAX as i128 || b.get(end) != Some(&b',') {
        return Err(syntax());
    }
    let (off, end) = num(coord[1], true).ok_or_else(syntax)?;
    if b.get(end) != Some(&b')') || !(0..=65535).contains(&off) {
        return Err(syntax());
    }
    Ok((((blk as u64) as u32 as i64) << 16) | off as i64)
}

pub fn tid_text(v: i64) -> String {
    format!("({},{})", (v >> 16) as u32, (v & 0xFFFF) as u16)
}

fn vector_in(s: &str, typ: Oid) -> PgResult<Datum> {
    let mut elems = Vec::new();
    for tok in s
        .split(|c: char| c.is_ascii() && is_space(c as u8))
        .filter(|t| !t.is_empty())
    {
        if elems.len() >= 100 {
            return Err(pg_err!(
                INVALID_PARAMETER_VALUE,
                "{} has too many elements",
                if typ == INT2VECTOR {
                    "int2vector"
                } else {
                    "oidvector"
                }
            ));
        }
        elems.push(if typ == INT2VECTOR {
            Datum::Int2(crate::int::parse_int2(tok)?)
        } else {
            Datum::Oid(parse_oid(tok)?)
        });
    }
    Ok(vector_datum(
        if typ == INT2VECTOR { INT2 } else { OID },
        elems,
    ))
}

fn vector_datum(elem_type: Oid, elems: Vec<Datum>) -> Datum {
    let dims = if elems.is_empty() {
        Vec::new()
    } else {
        vec![(elems.len() as i32, 0)]
    };
    Datum::Array(Box::new(Array {
        elem_type,
        dims,
        elems,
    }))
}

fn vec_elems(d: &Datum) -> PgResult<&[Datum]> {
    match d {
        Datum::Array(a) => Ok(&a.elems),
        _ => Err(PgError::internal("expected a vector value")),
    }
}

fn elem_u32(d: &Datum) -> i64 {
    match d {
        Datum::Oid(v) => *v as i64,
        Datum::Int2(v) => *v as i64,
        _ => d.as_i64().unwrap_or(0),
    }
}

fn vec_cmp(a: &Datum, b: &Datum) -> PgResult<Ordering> {
    let (x, y) = (vec_elems(a)?, vec_elems(b)?);
    Ok(x.len()
        .cmp(&y.len())
        .then_with(|| x.iter().map(elem_u32).cmp(y.iter().map(elem_u32))))
}

fn oidv(d: &Datum) -> PgResult<u32> {
    match d {
        Datum::Oid(v) => Ok(*v),
        Datum::Int4(v) => Ok(*v as u32),
        _ => Err(PgError::internal("expected an oid argument")),
    }
}

fn tidv(d: &Datum) -> PgResult<i64> {
    match d {
        Datum::Int8(v) => Ok(*v),
        _ => Err(PgError::internal("expected a tid argument")),
    }
}

fn cmpo(a: &[Datum], f: fn(Ordering) -> bool) -> PgResult<Datum> {
    Ok(Datum::Bool(f(oidv(&a[0])?.cmp(&oidv(&a[1])?))))
}
fn cmpt(a: &[Datum], f: fn(Ordering) -> bool) -> PgResult<Datum> {
    Ok(Datum::Bool(f(tidv(&a[0])?.cmp(&tidv(&a[1])?))))
}
fn cmpv(a: &[Datum], f: fn(Ordering) -> bool) -> PgResult<Datum> {
    Ok(Datum::Bool(f(vec_cmp(&a[0], &a[1])?)))
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
    const O: Oid = OID;
    const OV: Oid = OIDVECTOR;
    vec![
        proc(184, "oideq", &[O, O], BOOL, |a, _| cmpo(a, Ordering::is_eq)),
        proc(185, "oidne", &[O, O], BOOL, |a, _| cmpo(a, Ordering::is_ne)),
        proc(716, "oidlt", &[O, O], BOOL, |a, _| cmpo(a, Ordering::is_lt)),
        proc(717, "oidle", &[O, O], BOOL, |a, _| cmpo(a, Ordering::is_le)),
        proc(1638, "oidgt", &[O, O], BOOL, |a, _| {
            cmpo(a, Ordering::is_gt)
        }),
        proc(1639, "oidge", &[O, O], BOOL, |a, _| {
            cmpo(a, Ordering::is_ge)
        }),
        proc(1965, "oidlarger", &[O, O], O, |a, _| {
            Ok(Datum::Oid(oidv(&a[0])?.max(oidv(&a[1])?)))
        }),
        proc(1966, "oidsmaller", &[O, O], O, |a, _| {
            Ok(Datum::Oid(oidv(&a[0])?.min(oidv(&a[1])?)))
        }),
        proc(356, "btoidcmp", &[O, O], INT4, |a, _| {
            Ok(Datum::Int4(oidv(&a[0])?.cmp(&oidv(&a[1])?) as i32))
        }),
        proc(68, "xideq", &[XID, XID], BOOL, |a, _| {
            cmpo(a, Ordering::is_eq)
        }),
        proc(1319, "xideqint4", &[XID, INT4], BOOL, |a, _| {
            cmpo(a, Ordering::is_eq)
        }),
        proc(3308, "xidneq", &[XID, XID], BOOL, |a, _| {
            cmpo(a, Ordering::is_ne)
        }),
        proc(3309, "xidneqint4", &[XID, INT4], BOOL, |a, _| {
            cmpo(a, Ordering::is_ne)
        }),
        proc(69, "cideq", &[CID, CID], BOOL, |a, _| {
            cmpo(a, Ordering::is_eq)
        }),
        proc(1292, "tideq", &[TID, TID], BOOL, |a, _| {
            cmpt(a, Ordering::is_eq)
        }),
        proc(1265, "tidne", &[TID, TID], BOOL, |a, _| {
            cmpt(a, Ordering::is_ne)
        }),
        proc(2790, "tidgt", &[TID, TID], BOOL, |a, _| {
            cmpt(a, Ordering::is_gt)
        }),
        proc(2791, "tidlt", &[TID, TID], BOOL, |a, _| {
            cmpt(a, Ordering::is_lt)
        }),
        proc(2792, "tidge", &[TID, TID], BOOL, |a, _| {
            cmpt(a, Ordering::is_ge)
        }),
        proc(2793, "tidle", &[TID, TID], BOOL, |a, _| {
            cmpt(a, Ordering::is_le)
        }),
        proc(2794, "bttidcmp", &[TID, TID], INT4, |a, _| {
            Ok(Datum::Int4(tidv(&a[0])?.cmp(&tidv(&a[1])?) as i32))
        }),
        proc(2795, "tidlarger", &[TID, TID], TID, |a, _| {
            Ok(Datum::Int8(tidv(&a[0])?.max(tidv(&a[1])?)))
        }),
        proc(2796, "tidsmaller", &[TID, TID], TID, |a, _| {
            Ok(Datum::Int8(tidv(&a[0])?.min(tidv(&a[1])?)))
        }),
        proc(679, "oidvectoreq", &[OV, OV], BOOL, |a, _| {
            cmpv(a, Ordering::is_eq)
        }),
        proc(619, "oidvectorne", &[OV, OV], BOOL, |a, _| {
            cmpv(a, Ordering::is_ne)
        }),
        proc(677, "oidvectorlt", &[OV, OV], BOOL, |a, _| {
            cmpv(a, Ordering::is_lt)
        }),
        proc(678, "oidvectorle", &[OV, OV], BOOL, |a, _| {
            cmpv(a, Ordering::is_le)
        }),
        proc(680, "oidvectorge", &[OV, OV], BOOL, |a, _| {
            cmpv(a, Ordering::is_ge)
        }),
        proc(681, "oidvectorgt", &[OV, OV], BOOL, |a, _| {
            cmpv(a, Ordering::is_gt)
        }),
        proc(404, "btoidvectorcmp", &[OV, OV], INT4, |a, _| {
            Ok(Datum::Int4(vec_cmp(&a[0], &a[1])? as i32))
        }),
        proc(
            315,
            "int2vectoreq",
            &[INT2VECTOR, INT2VECTOR],
            BOOL,
            |a, _| cmpv(a, Ordering::is_eq),
        ),
    ]
}

pub fn opers() -> Vec<OperDef> {
    use crate::int::op;
    const O: Oid = OID;
    const OV: Oid = OIDVECTOR;
    let mut v = vec![
        op(607, "=", O, O, BOOL, 184),
        op(608, "<>", O, O, BOOL, 185),
        op(609, "<", O, O, BOOL, 716),
        op(610, ">", O, O, BOOL, 1638),
        op(611, "<=", O, O, BOOL, 717),
        op(612, ">=", O, O, BOOL, 1639),
        op(352, "=", XID, XID, BOOL, 68),
        op(353, "=", XID, INT4, BOOL, 1319),
        op(3315, "<>", XID, XID, BOOL, 3308),
        op(3316, "<>", XID, INT4, BOOL, 3309),
        op(385, "=", CID, CID, BOOL, 69),
        op(387, "=", TID, TID, BOOL, 1292),
        op(402, "<>", TID, TID, BOOL, 1265),
        op(2799, "<", TID, TID, BOOL, 2791),
        op(2800, ">", TID, TID, BOOL, 2790),
        op(2801, "<=", TID, TID, BOOL, 2793),
        op(2802, ">=", TID, TID, BOOL, 2792),
        op(649, "=", OV, OV, BOOL, 679),
        op(644, "<>", OV, OV, BOOL, 619),
        op(645, "<", OV, OV, BOOL, 677),
        op(646, ">", OV, OV, BOOL, 681),
        op(647, "<=", OV, OV, BOOL, 678),
        op(648, ">=", OV, OV, BOOL, 680),
        op(386, "=", INT2VECTOR, INT2VECTOR, BOOL, 315),
    ];
    crate::int::link_opers(&mut v);
    v
}

/// Casts between the reg* alias types and oid/integers (int ↔ oid casts are in int.rs).
pub fn casts() -> Vec<CastDef> {
    let c = |source, target, func_oid, context, method| CastDef {
        source,
        target,
        func_oid,
        context,
        method,
    };
    let mut v = Vec::new();
    for t in OID_ALIASES {
        v.push(c(OID, t, 0, b'i', b'b'));
        v.push(c(t, OID, 0, b'i', b'b'));
        v.push(c(INT8, t, 1287, b'i', b'f'));
        v.push(c(INT2, t, 313, b'i', b'f'));
        v.push(c(INT4, t, 0, b'i', b'b'));
        v.push(c(t, INT8, 1288, b'a', b'f'));
        v.push(c(t, INT4, 0, b'a', b'b'));
    }
    v.push(c(REGPROC, REGPROCEDURE, 0, b'i', b'b'));
    v.push(c(REGPROCEDURE, REGPROC, 0, b'i', b'b'));
    v.push(c(REGOPER, REGOPERATOR, 0, b'i', b'b'));
    v.push(c(REGOPERATOR, REGOPER, 0, b'i', b'b'));
    v
}

pub fn input(typ: Oid, _typmod: i32, s: &str, _env: &SessionEnv) -> Option<PgResult<Datum>> {
    Some(match typ {
        OID => parse_oid(s).map(Datum::Oid),
        XID | CID => Ok(Datum::Oid(parse_xid(s))),
        TID => parse_tid(s).map(Datum::Int8),
        INT2VECTOR | OIDVECTOR => vector_in(s, typ),
        _ => return None,
    })
}

pub fn output(typ: Oid, d: &Datum, _env: &SessionEnv, out: &mut String) -> PgResult<bool> {
    match typ {
        OID | XID | CID => out.push_str(&oidv(d)?.to_string()),
        TID => out.push_str(&tid_text(tidv(d)?)),
        INT2VECTOR | OIDVECTOR => {
            let parts: Vec<String> = vec_elems(d)?
                .iter()
                .map(|e| elem_u32(e).to_string())
                .collect();
            out.push_str(&parts.join(" "));
        }
        _ => return Ok(false),
    }
    Ok(true)
}

fn vector_recv(b: &[u8], typ: Oid) -> PgResult<Datum> {
    let bad = || {
        pg_err!(
            INVALID_BINARY_REPRESENTATION,
            "invalid {} data",
            if typ == INT2VECTOR {
                "int2vector"
            } else {
                "oidvector"
            }
        )
    };
    let rd = |i: usize| -> PgResult<i32> {
        b.get(i..i + 4)
            .map(|s| i32::from_be_bytes([s[0], s[1], s[2], s[3]]))
            .ok_or_else(|| pg_err!(PROTOCOL_VIOLATION, "insufficient data left in message"))
    };
    let ndim = rd(0)?;
    let flags = rd(4)?;
    let elem = rd(8)? as u32;
    let want = if typ == INT2VECTOR { INT2 } else { OID };
    if elem != want || flags != 0 || !(0..=1).contains(&ndim) {
        return Err(bad());
    }
    let mut elems = Vec::new();
    if ndim == 1 {
        let n = rd(12)?;
        let lb = rd(16)?;
        if lb != 0 || !(0..=100).contains(&n) {
            return Err(bad());
        }
        let mut pos = 20;
        for _ in 0..n {
            let len = rd(pos)?;
            pos += 4;
            let size = if typ == INT2VECTOR { 2 } else { 4 };
            if len != size {
                return Err(bad());
            }
            let s = b
                .get(pos..pos + size as usize)
                .ok_or_else(|| pg_err!(PROTOCOL_VIOLATION, "insufficient data left in message"))?;
            elems.push(if typ == INT2VECTOR {
                Datum::Int2(i16::from_be_bytes([s[0], s[1]]))
            } else {
                Datum::Oid(u32::from_be_bytes([s[0], s[1], s[2], s[3]]))
            });
            pos += size as usize;
        }
        if pos != b.len() {
            return Err(pg_err!(
                INVALID_BINARY_REPRESENTATION,
                "incorrect binary data format"
            ));
        }
    }
    Ok(vector_datum(want, elems))
}

pub fn receive(typ: Oid, _typmod: i32, b: &[u8], _env: &SessionEnv) -> Option<PgResult<Datum>> {
    use crate::int::recv_fixed;
    Some(match typ {
        OID | XID | CID => recv_fixed::<4>(b).map(|a| Datum::Oid(u32::from_be_bytes(a))),
        TID => recv_fixed::<6>(b).map(|a| {
            let blk = u32::from_be_bytes([a[0], a[1], a[2], a[3]]);
            let off = u16::from_be_bytes([a[4], a[5]]);
            Datum::Int8(((blk as i64) << 16) | off as i64)
        }),
        INT2VECTOR | OIDVECTOR => vector_recv(b, typ),
        _ => return None,
    })
}

pub fn send(typ: Oid, d: &Datum, _env: &SessionEnv, out: &mut Vec<u8>) -> PgResult<bool> {
    match typ {
        OID | XID | CID => out.extend_from_slice(&oidv(d)?.to_be_bytes()),
        TID => {
            let v = tidv(d)?;
            out.extend_from_slice(&((v >> 16) as u32).to_be_bytes());
            out.extend_from_slice(&((v & 0xFFFF) as u16).to_be_bytes());
        }
        INT2VECTOR | OIDVECTOR => {
            let elems = vec_elems(d)?;
            let elem = if typ == INT2VECTOR { INT2 } else { OID };
            out.extend_from_slice(&(if elems.is_empty() { 0i32 } else { 1 }).to_be_bytes());
            out.extend_from_slice(&0i32.to_be_bytes());
            out.extend_from_slice(&elem.to_be_bytes());
            if !elems.is_empty() {
                out.extend_from_slice(&(elems.len() as i32).to_be_bytes());
                out.extend_from_slice(&0i32.to_be_bytes());
                for e in elems {
                    if typ == INT2VECTOR {
                        out.extend_from_slice(&2i32.to_be_bytes());
                        out.extend_from_slice(&(elem_u32(e) as i16).to_be_bytes());
                    } else {
                        out.extend_from_slice(&4i32.to_be_bytes());
                        out.extend_from_slice(&(elem_u32(e) as u32).to_be_bytes());
                    }
                }
            }
        }
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
    use super::*;

    #[test]
    fn oid_input() {
        assert_eq!(parse_oid("1234").ok(), Some(1234));
        assert_eq!(parse_oid("  5  ").ok(), Some(5));
        assert_eq!(parse_oid("-1040").ok(), Some(4294966256));
        assert_eq!(parse_oid("4294967295").ok(), Some(u32::MAX));
        assert!(parse_oid("4294967296").is_err());
        assert!(parse_oid("-2147483649").is_err());
        assert_eq!(
            parse_oid("5    d").unwrap_err().message,
            "invalid input syntax for type oid: \"5    d\""
        );
        assert_eq!(
            parse_oid("").unwrap_err().message,
            "invalid input syntax for type oid: \"\""
        );
        assert_eq!(
            parse_oid("-23582358720398502385").unwrap_err().message,
            "value \"-23582358720398502385\" is out of range for type oid"
        );
    }

    #[test]
    fn tid_and_vectors() {
        let t = parse_tid("(0,1)").unwrap_or(-1);
        assert_eq!(tid_text(t), "(0,1)");
        assert_eq!(
            tid_text(parse_tid("(4294967295,65535)").unwrap_or(-1)),
            "(4294967295,65535)"
        );
        assert!(parse_tid("(1,65536)").is_err());
        assert!(parse_tid("1,2").is_err());
        let env = SessionEnv::default();
        let v = vector_in(" 1 2  3 ", OIDVECTOR).unwrap_or_default();
        let mut s = String::new();
        assert!(output(OIDVECTOR, &v, &env, &mut s).unwrap_or(false));
        assert_eq!(s, "1 2 3");
        let mut b = Vec::new();
        assert!(send(OIDVECTOR, &v, &env, &mut b).unwrap_or(false));
        assert_eq!(vector_recv(&b, OIDVECTOR).ok(), Some(v));
        assert_eq!(parse_xid("0x10"), 16);
    }
}
