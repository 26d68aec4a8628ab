//! int2, int4, int8: text and binary I/O, arithmetic with overflow checks, bitwise operators,
//! all same- and cross-type comparison and arithmetic operators, and casts among the integer
//! types and to/from bool, "char" and oid. Also shared helpers for building operator tables
//! (`op`, `link_opers`) and for fixed-size binary receive (`recv_fixed`).

use crate::oids::*;
use crate::registry::{CastDef, FuncCtx, OperDef, ProcDef};
use crate::{Datum, SessionEnv};
use common::{pg_err, Oid, PgError, PgResult};
use std::cmp::Ordering;

/// Build an operator entry (commutator/negator filled in by `link_opers`).
pub fn op(
    oid: Oid,
    name: &'static str,
    left: Oid,
    right: Oid,
    result: Oid,
    proc_oid: Oid,
) -> OperDef {
    OperDef {
        oid,
        name,
        left,
        right,
        result,
        proc_oid,
        commutator: 0,
        negator: 0,
    }
}

/// Fill in commutator and negator links among the operators of one table.
pub fn link_opers(v: &mut [OperDef]) {
    let commute = |n: &str| -> Option<&'static str> {
        Some(match n {
            "=" => "=",
            "<>" => "<>",
            "<" => ">",
            ">" => "<",
            "<=" => ">=",
            ">=" => "<=",
            "+" => "+",
            "*" => "*",
            "&" => "&",
            "|" => "|",
            "#" => "#",
            _ => return None,
        })
    };
    let negate = |n: &str| -> Option<&'static str> {
        Some(match n {
            "=" => "<>",
            "<>" => "=",
            "<" => ">=",
            ">=" => "<",
            ">" => "<=",
            "<=" => ">",
            _ => return None,
        })
    };
    let snapshot: Vec<OperDef> = v.to_vec();
    for o in v.iter_mut() {
        if o.left == 0 {
            continue;
        }
        if let Some(c) = commute(o.name) {
            if let Some(m) = snapshot.iter().find(|x| {
                x.name == c && x.left == o.right && x.right == o.left && x.result == o.result
            }) {
                o.commutator = m.oid;
            }
        }
        if let Some(c) = negate(o.name) {
            if let Some(m) = snapshot
                .iter()
                .find(|x| x.name == c && x.left == o.left && x.right == o.right)
            {
                o.negator = m.oid;
            }
        }
    }
}

/// Check that a binary value has exactly `n` bytes.
pub fn recv_fixed<const N: usize>(b: &[u8]) -> PgResult<[u8; N]> {
    if b.len() < N {
        return Err(pg_err!(
            PROTOCOL_VIOLATION,
            "insufficient data left in message"
        ));
    }
    if b.len() > N {
        return Err(pg_err!(
            INVALID_BINARY_REPRESENTATION,
            "incorrect binary data format"
        ));
    }
    let mut a = [0u8; N];
    a.copy_from_slice(b);
    Ok(a)
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c')
}

fn int_syntax(s: &str) -> PgError {
    pg_err!(
        INVALID_TEXT_REPRESENTATION,
        "invalid input syntax for integer: \"{}\"",
        s
    )
}

/// int2in/int4in (pg_atoi): strtol-like, range checked before trailing junk.
fn parse_atoi(s: &str, min: i64, max: i64, tname: &str) -> PgResult<i64> {
    let b = s.as_bytes();
    if b.is_empty() {
        return Err(int_syntax(s));
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
    let mut v: i128 = 0;
    let mut overflow = false;
    while i < b.len() && b[i].is_ascii_digit() {
        if !overflow {
            v = v * 10 + (b[i] - b'0') as i128;
            if v > i64::MAX as i128 + 1 {
                overflow = true;
            }
        }
        i += 1;
    }
    if i == start {
        return Err(int_syntax(s));
    }
    if neg {
        v = -v;
    }
    if overflow || v < min as i128 || v > max as i128 {
        return Err(pg_err!(
            NUMERIC_VALUE_OUT_OF_RANGE,
            "value \"{}\" is out of range for type {}",
            s,
            tname
        ));
    }
    while i < b.len() && is_space(b[i]) {
        i += 1;
    }
    if i != b.len() {
        return Err(int_syntax(s));
    }
    Ok(v as i64)
}

/// int8in (scanint8).
pub fn parse_int8(s: &str) -> PgResult<i64> {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() && is_space(b[i]) {
        i += 1;
    }
    let mut neg = false;
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        neg = b[i] == b'-';
        i += 1;
    }
    if i >= b.len() || !b[i].is_ascii_digit() {
        return Err(int_syntax(s));
    }
    let mut v: i128 = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        v = v * 10 + (b[i] - b'0') as i128;
        if v > i64::MAX as i128 + 1 || (!neg && v > i64::MAX as i128) {
            return Err(pg_err!(
                NUMERIC_VALUE_OUT_OF_RANGE,
                "value \"{}\" is out of range for type bigint",
                s
            ));
        }
        i += 1;
    }
    while i < b.len() && is_space(b[i]) {
        i += 1;
    }
    if i != b.len() {
        return Err(int_syntax(s));
    }
    Ok(if neg { -v } else { v } as i64)
}

pub fn parse_int2(s: &str) -> PgResult<i16> {
    parse_atoi(s, i16::MIN as i64, i16::MAX as i64, "smallint").map(|v| v as i16)
}

pub fn parse_int4(s: &str) -> PgResult<i32> {
    parse_atoi(s, i32::MIN as i64, i32::MAX as i64, "integer").map(|v| v as i32)
}

// ---------------------------------------------------------------------------------------------
// Function implementations

#[derive(Clone, Copy, PartialEq, Eq)]
enum It {
    I2,
    I4,
    I8,
}

fn range_err(t: It) -> PgError {
    match t {
        It::I2 => pg_err!(NUMERIC_VALUE_OUT_OF_RANGE, "smallint out of range"),
        It::I4 => pg_err!(NUMERIC_VALUE_OUT_OF_RANGE, "integer out of range"),
        It::I8 => pg_err!(NUMERIC_VALUE_OUT_OF_RANGE, "bigint out of range"),
    }
}

fn mk(t: It, v: i128) -> PgResult<Datum> {
    match t {
        It::I2 => i16::try_from(v).map(Datum::Int2).map_err(|_| range_err(t)),
        It::I4 => i32::try_from(v).map(Datum::Int4).map_err(|_| range_err(t)),
        It::I8 => i64::try_from(v).map(Datum::Int8).map_err(|_| range_err(t)),
    }
}

fn iv(d: &Datum) -> PgResult<i128> {
    match d {
        Datum::Bool(b) => Ok(*b as i128),
        Datum::Char(c) => Ok(*c as i8 as i128),
        _ => d
            .as_i64()
            .map(|v| v as i128)
            .ok_or_else(|| PgError::internal("expected an integer argument")),
    }
}

fn arith(a: &[Datum], t: It, k: u8) -> PgResult<Datum> {
    let x = iv(&a[0])?;
    let y = iv(&a[1])?;
    let r = match k {
        b'+' => x + y,
        b'-' => x - y,
        b'*' => x * y,
        b'/' => {
            if y == 0 {
                return Err(pg_err!(DIVISION_BY_ZERO, "division by zero"));
            }
            x / y
        }
        _ => {
            if y == 0 {
                return Err(pg_err!(DIVISION_BY_ZERO, "division by zero"));
            }
            if y == -1 {
                0
            } else {
                x % y
            }
        }
    };
    mk(t, r)
}

fn cmpi(a: &[Datum], f: fn(Ordering) -> bool) -> PgResult<Datum> {
    Ok(Datum::Bool(f(iv(&a[0])?.cmp(&iv(&a[1])?))))
}

fn bt(a: &[Datum]) -> PgResult<Datum> {
    Ok(Datum::Int4(iv(&a[0])?.cmp(&iv(&a[1])?) as i32))
}

fn shift(a: &[Datum], t: It, left: bool) -> PgResult<Datum> {
    let x = iv(&a[0])?;
    let s = iv(&a[1])? as i32 as u32;
    Ok(match t {
        It::I2 | It::I4 => {
            let x = x as i32;
            let r = if left {
                x.wrapping_shl(s)
            } else {
                x.wrapping_shr(s)
            };
            if t == It::I2 {
                Datum::Int2(r as i16)
            } else {
                Datum::Int4(r)
            }
        }
        It::I8 => {
            let x = x as i64;
            Datum::Int8(if left {
                x.wrapping_shl(s)
            } else {
                x.wrapping_shr(s)
            })
        }
    })
}

fn bitop(a: &[Datum], t: It, k: u8) -> PgResult<Datum> {
    let x = iv(&a[0])? as i64;
    let y = if a.len() > 1 { iv(&a[1])? as i64 } else { 0 };
    let r = match k {
        b'&' => x & y,
        b'|' => x | y,
        b'#' => x ^ y,
        _ => !x,
    };
    mk(t, r as i128)
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
    ($v:ident, $pfx:literal, $args:expr, [$eq:expr, $ne:expr, $lt:expr, $gt:expr, $le:expr, $ge:expr]) => {
        $v.push(proc($eq, concat!($pfx, "eq"), $args, BOOL, |a, _| {
            cmpi(a, Ordering::is_eq)
        }));
        $v.push(proc($ne, concat!($pfx, "ne"), $args, BOOL, |a, _| {
            cmpi(a, Ordering::is_ne)
        }));
        $v.push(proc($lt, concat!($pfx, "lt"), $args, BOOL, |a, _| {
            cmpi(a, Ordering::is_lt)
        }));
        $v.push(proc($gt, concat!($pfx, "gt"), $args, BOOL, |a, _| {
            cmpi(a, Ordering::is_gt)
        }));
        $v.push(proc($le, concat!($pfx, "le"), $args, BOOL, |a, _| {
            cmpi(a, Ordering::is_le)
        }));
        $v.push(proc($ge, concat!($pfx, "ge"), $args, BOOL, |a, _| {
            cmpi(a, Ordering::is_ge)
        }));
    };
}

macro_rules! arith4 {
    ($v:ident, $pfx:literal, $args:expr, $ret:expr, $t:expr, [$pl:expr, $mi:expr, $mul:expr, $div:expr]) => {
        $v.push(proc($pl, concat!($pfx, "pl"), $args, $ret, |a, _| {
            arith(a, $t, b'+')
        }));
        $v.push(proc($mi, concat!($pfx, "mi"), $args, $ret, |a, _| {
            arith(a, $t, b'-')
        }));
        $v.push(proc($mul, concat!($pfx, "mul"), $args, $ret, |a, _| {
            arith(a, $t, b'*')
        }));
        $v.push(proc($div, concat!($pfx, "div"), $args, $ret, |a, _| {
            arith(a, $t, b'/')
        }));
    };
}

macro_rules! bits {
    ($v:ident, $pfx:literal, $ty:expr, $t:expr, [$and:expr, $or:expr, $xor:expr, $not:expr, $shl:expr, $shr:expr]) => {
        $v.push(proc(
            $and,
            concat!($pfx, "and"),
            &[$ty, $ty],
            $ty,
            |a, _| bitop(a, $t, b'&'),
        ));
        $v.push(proc($or, concat!($pfx, "or"), &[$ty, $ty], $ty, |a, _| {
            bitop(a, $t, b'|')
        }));
        $v.push(proc(
            $xor,
            concat!($pfx, "xor"),
            &[$ty, $ty],
            $ty,
            |a, _| bitop(a, $t, b'#'),
        ));
        $v.push(proc($not, concat!($pfx, "not"), &[$ty], $ty, |a, _| {
            bitop(a, $t, b'~')
        }));
        $v.push(proc(
            $shl,
            concat!($pfx, "shl"),
            &[$ty, INT4],
            $ty,
            |a, _| shift(a, $t, true),
        ));
        $v.push(proc(
            $shr,
            concat!($pfx, "shr"),
            &[$ty, INT4],
            $ty,
            |a, _| shift(a, $t, false),
        ));
    };
}

fn neg(a: &[Datum], t: It) -> PgResult<Datum> {
    mk(t, -iv(&a[0])?)
}
fn absv(a: &[Datum], t: It) -> PgResult<Datum> {
    mk(t, iv(&a[0])?.abs())
}
fn larger(a: &[Datum], t: It, big: bool) -> PgResult<Datum> {
    let (x, y) = (iv(&a[0])?, iv(&a[1])?);
    mk(t, if big { x.max(y) } else { x.min(y) })
}

/// int2 → int4 (also used for the int2 → oid cast, PostgreSQL's proc 313).
fn i2toi4(a: &[Datum], cx: &FuncCtx) -> PgResult<Datum> {
    let v = iv(&a[0])?;
    if crate::oidtypes::is_oid_type(cx.result_type) {
        return Ok(Datum::Oid(v as i32 as u32));
    }
    mk(It::I4, v)
}

fn io_in(a: &[Datum], cx: &FuncCtx) -> PgResult<Datum> {
    let s = a[0]
        .as_str()
        .ok_or_else(|| PgError::internal("expected a cstring argument"))?;
    let typmod = a.get(2).and_then(|d| d.as_i64()).unwrap_or(-1) as i32;
    crate::io::input(cx.result_type, typmod, s, cx.env)
}

fn io_out(a: &[Datum], cx: &FuncCtx) -> PgResult<Datum> {
    let t = cx.arg_types.first().copied().unwrap_or(0);
    crate::io::output(t, &a[0], cx.env).map(Datum::Text)
}

/// The text I/O functions (typinput/typoutput) of the types in int.rs, float.rs, numeric.rs,
/// boolean.rs and oidtypes.rs, callable from SQL (they dispatch through `io`).
fn io_procs() -> Vec<ProcDef> {
    let rows: [(Oid, Oid, &'static str, Oid, &'static str); 13] = [
        (BOOL, 1242, "boolin", 1243, "boolout"),
        (INT2, 38, "int2in", 39, "int2out"),
        (INT4, 42, "int4in", 43, "int4out"),
        (INT8, 460, "int8in", 461, "int8out"),
        (FLOAT4, 200, "float4in", 201, "float4out"),
        (FLOAT8, 214, "float8in", 215, "float8out"),
        (OID, 1798, "oidin", 1799, "oidout"),
        (TID, 48, "tidin", 49, "tidout"),
        (XID, 50, "xidin", 51, "xidout"),
        (CID, 52, "cidin", 53, "cidout"),
        (INT2VECTOR, 40, "int2vectorin", 41, "int2vectorout"),
        (OIDVECTOR, 54, "oidvectorin", 55, "oidvectorout"),
        (NUMERIC, 1701, "numeric_in", 1702, "numeric_out"),
    ];
    let mut v = Vec::new();
    for (t, ioid, iname, ooid, oname) in rows {
        let args: &'static [Oid] = if t == NUMERIC {
            &[CSTRING, OID, INT4]
        } else {
            &[CSTRING]
        };
        v.push(proc(ioid, iname, args, t, io_in));
        let oargs: &'static [Oid] = match t {
            BOOL => &[BOOL],
            INT2 => &[INT2],
            INT4 => &[INT4],
            INT8 => &[INT8],
            FLOAT4 => &[FLOAT4],
            FLOAT8 => &[FLOAT8],
            OID => &[OID],
            TID => &[TID],
            XID => &[XID],
            CID => &[CID],
            INT2VECTOR => &[INT2VECTOR],
            OIDVECTOR => &[OIDVECTOR],
            _ => &[NUMERIC],
        };
        v.push(proc(ooid, oname, oargs, CSTRING, io_out));
    }
    v
}

pub fn procs() -> Vec<ProcDef> {
    let mut v = io_procs();
    const I2: Oid = INT2;
    const I4: Oid = INT4;
    const I8: Oid = INT8;
    cmp6!(v, "int2", &[I2, I2], [63, 145, 64, 146, 148, 151]);
    cmp6!(v, "int4", &[I4, I4], [65, 144, 66, 147, 149, 150]);
    cmp6!(v, "int24", &[I2, I4], [158, 164, 160, 162, 166, 168]);
    cmp6!(v, "int42", &[I4, I2], [159, 165, 161, 163, 167, 169]);
    cmp6!(v, "int8", &[I8, I8], [467, 468, 469, 470, 471, 472]);
    cmp6!(v, "int84", &[I8, I4], [474, 475, 476, 477, 478, 479]);
    cmp6!(v, "int48", &[I4, I8], [852, 853, 854, 855, 856, 857]);
    cmp6!(v, "int28", &[I2, I8], [1850, 1851, 1852, 1853, 1854, 1855]);
    cmp6!(v, "int82", &[I8, I2], [1856, 1857, 1858, 1859, 1860, 1861]);
    arith4!(v, "int2", &[I2, I2], I2, It::I2, [176, 180, 152, 153]);
    arith4!(v, "int4", &[I4, I4], I4, It::I4, [177, 181, 141, 154]);
    arith4!(v, "int24", &[I2, I4], I4, It::I4, [178, 182, 170, 172]);
    arith4!(v, "int42", &[I4, I2], I4, It::I4, [179, 183, 171, 173]);
    arith4!(v, "int8", &[I8, I8], I8, It::I8, [463, 464, 465, 466]);
    arith4!(v, "int84", &[I8, I4], I8, It::I8, [1274, 1275, 1276, 1277]);
    arith4!(v, "int48", &[I4, I8], I8, It::I8, [1278, 1279, 1280, 1281]);
    arith4!(v, "int82", &[I8, I2], I8, It::I8, [837, 838, 839, 840]);
    arith4!(v, "int28", &[I2, I8], I8, It::I8, [841, 942, 943, 948]);
    bits!(v, "int2", I2, It::I2, [1892, 1893, 1894, 1895, 1896, 1897]);
    bits!(v, "int4", I4, It::I4, [1898, 1899, 1900, 1901, 1902, 1903]);
    bits!(v, "int8", I8, It::I8, [1904, 1905, 1906, 1907, 1908, 1909]);
    v.extend([
        proc(155, "int2mod", &[I2, I2], I2, |a, _| arith(a, It::I2, b'%')),
        proc(156, "int4mod", &[I4, I4], I4, |a, _| arith(a, It::I4, b'%')),
        proc(945, "int8mod", &[I8, I8], I8, |a, _| arith(a, It::I8, b'%')),
        proc(940, "mod", &[I2, I2], I2, |a, _| arith(a, It::I2, b'%')),
        proc(941, "mod", &[I4, I4], I4, |a, _| arith(a, It::I4, b'%')),
        proc(947, "mod", &[I8, I8], I8, |a, _| arith(a, It::I8, b'%')),
        proc(213, "int2um", &[I2], I2, |a, _| neg(a, It::I2)),
        proc(212, "int4um", &[I4], I4, |a, _| neg(a, It::I4)),
        proc(462, "int8um", &[I8], I8, |a, _| neg(a, It::I8)),
        proc(1911, "int2up", &[I2], I2, |a, _| Ok(a[0].clone())),
        proc(1912, "int4up", &[I4], I4, |a, _| Ok(a[0].clone())),
        proc(1910, "int8up", &[I8], I8, |a, _| Ok(a[0].clone())),
        proc(1253, "int2abs", &[I2], I2, |a, _| absv(a, It::I2)),
        proc(1251, "int4abs", &[I4], I4, |a, _| absv(a, It::I4)),
        proc(1230, "int8abs", &[I8], I8, |a, _| absv(a, It::I8)),
        proc(1398, "abs", &[I2], I2, |a, _| absv(a, It::I2)),
        proc(1397, "abs", &[I4], I4, |a, _| absv(a, It::I4)),
        proc(1396, "abs", &[I8], I8, |a, _| absv(a, It::I8)),
        proc(770, "int2larger", &[I2, I2], I2, |a, _| {
            larger(a, It::I2, true)
        }),
        proc(771, "int2smaller", &[I2, I2], I2, |a, _| {
            larger(a, It::I2, false)
        }),
        proc(768, "int4larger", &[I4, I4], I4, |a, _| {
            larger(a, It::I4, true)
        }),
        proc(769, "int4smaller", &[I4, I4], I4, |a, _| {
            larger(a, It::I4, false)
        }),
        proc(1236, "int8larger", &[I8, I8], I8, |a, _| {
            larger(a, It::I8, true)
        }),
        proc(1237, "int8smaller", &[I8, I8], I8, |a, _| {
            larger(a, It::I8, false)
        }),
        proc(766, "int4inc", &[I4], I4, |a, _| mk(It::I4, iv(&a[0])? + 1)),
        proc(1219, "int8inc", &[I8], I8, |a, _| {
            mk(It::I8, iv(&a[0])? + 1)
        }),
        proc(350, "btint2cmp", &[I2, I2], I4, |a, _| bt(a)),
        proc(351, "btint4cmp", &[I4, I4], I4, |a, _| bt(a)),
        proc(842, "btint8cmp", &[I8, I8], I4, |a, _| bt(a)),
        proc(2190, "btint24cmp", &[I2, I4], I4, |a, _| bt(a)),
        proc(2191, "btint42cmp", &[I4, I2], I4, |a, _| bt(a)),
        proc(2188, "btint48cmp", &[I4, I8], I4, |a, _| bt(a)),
        proc(2189, "btint84cmp", &[I8, I4], I4, |a, _| bt(a)),
        proc(2192, "btint28cmp", &[I2, I8], I4, |a, _| bt(a)),
        proc(2193, "btint82cmp", &[I8, I2], I4, |a, _| bt(a)),
        // Casts.
        proc(313, "int4", &[I2], I4, i2toi4),
        proc(314, "int2", &[I4], I2, |a, _| mk(It::I2, iv(&a[0])?)),
        proc(480, "int4", &[I8], I4, |a, _| mk(It::I4, iv(&a[0])?)),
        proc(481, "int8", &[I4], I8, |a, _| mk(It::I8, iv(&a[0])?)),
        proc(714, "int2", &[I8], I2, |a, _| mk(It::I2, iv(&a[0])?)),
        proc(754, "int8", &[I2], I8, |a, _| mk(It::I8, iv(&a[0])?)),
        proc(2557, "bool", &[I4], BOOL, |a, _| {
            Ok(Datum::Bool(iv(&a[0])? != 0))
        }),
        proc(2558, "int4", &[BOOL], I4, |a, _| mk(It::I4, iv(&a[0])?)),
        proc(77, "int4", &[CHAR], I4, |a, _| mk(It::I4, iv(&a[0])?)),
        proc(78, "char", &[I4], CHAR, |a, _| {
            let v = iv(&a[0])?;
            if !(-128..=127).contains(&v) {
                return Err(pg_err!(NUMERIC_VALUE_OUT_OF_RANGE, "\"char\" out of range"));
            }
            Ok(Datum::Char(v as i8 as u8))
        }),
        proc(1287, "oid", &[I8], OID, |a, _| {
            let v = iv(&a[0])?;
            if !(0..=u32::MAX as i128).contains(&v) {
                return Err(pg_err!(NUMERIC_VALUE_OUT_OF_RANGE, "OID out of range"));
            }
            Ok(Datum::Oid(v as u32))
        }),
        proc(1288, "int8", &[OID], I8, |a, _| mk(It::I8, iv(&a[0])?)),
    ]);
    v
}

pub fn opers() -> Vec<OperDef> {
    const I2: Oid = INT2;
    const I4: Oid = INT4;
    const I8: Oid = INT8;
    let mut v = Vec::new();
    let cmps: [(Oid, Oid, [Oid; 6], [Oid; 6]); 9] = [
        (
            I2,
            I2,
            [94, 519, 95, 520, 522, 524],
            [63, 145, 64, 146, 148, 151],
        ),
        (
            I4,
            I4,
            [96, 518, 97, 521, 523, 525],
            [65, 144, 66, 147, 149, 150],
        ),
        (
            I2,
            I4,
            [532, 538, 534, 536, 540, 542],
            [158, 164, 160, 162, 166, 168],
        ),
        (
            I4,
            I2,
            [533, 539, 535, 537, 541, 543],
            [159, 165, 161, 163, 167, 169],
        ),
        (
            I8,
            I8,
            [410, 411, 412, 413, 414, 415],
            [467, 468, 469, 470, 471, 472],
        ),
        (
            I8,
            I4,
            [416, 417, 418, 419, 420, 430],
            [474, 475, 476, 477, 478, 479],
        ),
        (
            I4,
            I8,
            [15, 36, 37, 76, 80, 82],
            [852, 853, 854, 855, 856, 857],
        ),
        (
            I2,
            I8,
            [1862, 1863, 1864, 1865, 1866, 1867],
            [1850, 1851, 1852, 1853, 1854, 1855],
        ),
        (
            I8,
            I2,
            [1868, 1869, 1870, 1871, 1872, 1873],
            [1856, 1857, 1858, 1859, 1860, 1861],
        ),
    ];
    let names = ["=", "<>", "<", ">", "<=", ">="];
    for (l, r, ops, procs) in cmps {
        for i in 0..6 {
            v.push(op(ops[i], names[i], l, r, BOOL, procs[i]));
        }
    }
    let ariths: [ArithRow; 9] = [
        (I2, I2, I2, [550, 554, 526, 527], [176, 180, 152, 153]),
        (I4, I4, I4, [551, 555, 514, 528], [177, 181, 141, 154]),
        (I2, I4, I4, [552, 556, 544, 546], [178, 182, 170, 172]),
        (I4, I2, I4, [553, 557, 545, 547], [179, 183, 171, 173]),
        (I8, I8, I8, [684, 685, 686, 687], [463, 464, 465, 466]),
        (I8, I4, I8, [688, 689, 690, 691], [1274, 1275, 1276, 1277]),
        (I4, I8, I8, [692, 693, 694, 695], [1278, 1279, 1280, 1281]),
        (I8, I2, I8, [818, 819, 820, 821], [837, 838, 839, 840]),
        (I2, I8, I8, [822, 823, 824, 825], [841, 942, 943, 948]),
    ];
    let anames = ["+", "-", "*", "/"];
    for (l, r, res, ops, procs) in ariths {
        for i in 0..4 {
            v.push(op(ops[i], anames[i], l, r, res, procs[i]));
        }
    }
    let bnames = ["&", "|", "#", "~", "<<", ">>"];
    for (t, ops, procs) in [
        (
            I2,
            [1874, 1875, 1876, 1877, 1878, 1879],
            [1892, 1893, 1894, 1895, 1896, 1897],
        ),
        (
            I4,
            [1880, 1881, 1882, 1883, 1884, 1885],
            [1898, 1899, 1900, 1901, 1902, 1903],
        ),
        (
            I8,
            [1886, 1887, 1888, 1889, 1890, 1891],
            [1904, 1905, 1906, 1907, 1908, 1909],
        ),
    ] {
        for i in 0..6 {
            let (l, r) = match i {
                3 => (0, t),
                4 | 5 => (t, I4),
                _ => (t, t),
            };
            v.push(op(ops[i], bnames[i], l, r, t, procs[i]));
        }
    }
    v.extend([
        op(529, "%", I2, I2, I2, 155),
        op(530, "%", I4, I4, I4, 156),
        op(439, "%", I8, I8, I8, 945),
        op(559, "-", 0, I2, I2, 213),
        op(558, "-", 0, I4, I4, 212),
        op(484, "-", 0, I8, I8, 462),
        op(1917, "+", 0, I2, I2, 1911),
        op(1918, "+", 0, I4, I4, 1912),
        op(1916, "+", 0, I8, I8, 1910),
        op(682, "@", 0, I2, I2, 1253),
        op(773, "@", 0, I4, I4, 1251),
        op(473, "@", 0, I8, I8, 1230),
    ]);
    link_opers(&mut v);
    v
}

pub fn casts() -> Vec<CastDef> {
    let c = |source, target, func_oid, context, method| CastDef {
        source,
        target,
        func_oid,
        context,
        method,
    };
    vec![
        c(INT8, INT2, 714, b'a', b'f'),
        c(INT8, INT4, 480, b'a', b'f'),
        c(INT2, INT8, 754, b'i', b'f'),
        c(INT2, INT4, 313, b'i', b'f'),
        c(INT4, INT8, 481, b'i', b'f'),
        c(INT4, INT2, 314, b'a', b'f'),
        c(INT4, BOOL, 2557, b'e', b'f'),
        c(BOOL, INT4, 2558, b'e', b'f'),
        c(INT4, CHAR, 78, b'e', b'f'),
        c(CHAR, INT4, 77, b'e', b'f'),
        c(INT8, OID, 1287, b'i', b'f'),
        c(INT2, OID, 313, b'i', b'f'),
        c(INT4, OID, 0, b'i', b'b'),
        c(OID, INT8, 1288, b'a', b'f'),
        c(OID, INT4, 0, b'a', b'b'),
    ]
}

pub fn input(typ: Oid, _typmod: i32, s: &str, _env: &SessionEnv) -> Option<PgResult<Datum>> {
    Some(match typ {
        INT2 => parse_int2(s).map(Datum::Int2),
        INT4 => parse_int4(s).map(Datum::Int4),
        INT8 => parse_int8(s).map(Datum::Int8),
        _ => return None,
    })
}

pub fn output(typ: Oid, d: &Datum, _env: &SessionEnv, out: &mut String) -> PgResult<bool> {
    if !matches!(typ, INT2 | INT4 | INT8) {
        return Ok(false);
    }
    let v = d
        .as_i64()
        .ok_or_else(|| PgError::internal("integer output of a non-integer datum"))?;
    out.push_str(&v.to_string());
    Ok(true)
}

pub fn receive(typ: Oid, _typmod: i32, b: &[u8], _env: &SessionEnv) -> Option<PgResult<Datum>> {
    Some(match typ {
        INT2 => recv_fixed::<2>(b).map(|a| Datum::Int2(i16::from_be_bytes(a))),
        INT4 => recv_fixed::<4>(b).map(|a| Datum::Int4(i32::from_be_bytes(a))),
        INT8 => recv_fixed::<8>(b).map(|a| Datum::Int8(i64::from_be_bytes(a))),
        _ => return None,
    })
}

pub fn send(typ: Oid, d: &Datum, _env: &SessionEnv, out: &mut Vec<u8>) -> PgResult<bool> {
    if !matches!(typ, INT2 | INT4 | INT8) {
        return Ok(false);
    }
    let v = d
        .as_i64()
        .ok_or_else(|| PgError::internal("integer send of a non-integer datum"))?;
    match typ {
        INT2 => out.extend_from_slice(&(v as i16).to_be_bytes()),
        INT4 => out.extend_from_slice(&(v as i32).to_be_bytes()),
        _ => out.extend_from_slice(&v.to_be_bytes()),
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

    fn call(name: &str, args: &[Datum]) -> PgResult<Datum> {
        let types: Vec<Oid> = args
            .iter()
            .map(|d| match d {
                Datum::Int2(_) => INT2,
                Datum::Int4(_) => INT4,
                _ => INT8,
            })
            .collect();
        let p = procs()
            .into_iter()
            .find(|p| p.name == name && p.arg_types == types.as_slice())
            .ok_or_else(|| PgError::internal("no such proc"))?;
        let env = SessionEnv::default();
        let cx = FuncCtx {
            env: &env,
            result_type: p.ret_type,
            arg_types: &types,
        };
        (p.func)(args, &cx)
    }

    #[test]
    fn input_errors() {
        assert_eq!(parse_int2(" 34 ").ok(), Some(34));
        assert_eq!(
            parse_int2("100000").unwrap_err().message,
            "value \"100000\" is out of range for type smallint"
        );
        assert_eq!(
            parse_int2("34.5").unwrap_err().message,
            "invalid input syntax for integer: \"34.5\""
        );
        assert_eq!(
            parse_int2("").unwrap_err().message,
            "invalid input syntax for integer: \"\""
        );
        assert_eq!(
            parse_int4("- 1234").unwrap_err().message,
            "invalid input syntax for integer: \"- 1234\""
        );
        assert_eq!(
            parse_int4("1000000000000").unwrap_err().message,
            "value \"1000000000000\" is out of range for type integer"
        );
        assert_eq!(parse_int8("-9223372036854775808").ok(), Some(i64::MIN));
        assert_eq!(
            parse_int8("9223372036854775808").unwrap_err().message,
            "value \"9223372036854775808\" is out of range for type bigint"
        );
        assert!(parse_int8("  +123  ").is_ok());
    }

    #[test]
    fn arithmetic() {
        assert_eq!(
            call("int4pl", &[Datum::Int4(i32::MAX), Datum::Int4(1)])
                .unwrap_err()
                .message,
            "integer out of range"
        );
        assert_eq!(
            call("int2mul", &[Datum::Int2(200), Datum::Int2(200)])
                .unwrap_err()
                .message,
            "smallint out of range"
        );
        assert_eq!(
            call("int8div", &[Datum::Int8(1), Datum::Int8(0)])
                .unwrap_err()
                .message,
            "division by zero"
        );
        assert_eq!(
            call("int8div", &[Datum::Int8(i64::MIN), Datum::Int8(-1)])
                .unwrap_err()
                .message,
            "bigint out of range"
        );
        assert_eq!(
            call("int4mod", &[Datum::Int4(i32::MIN), Datum::Int4(-1)]).ok(),
            Some(Datum::Int4(0))
        );
        assert_eq!(
            call("int4mod", &[Datum::Int4(-7), Datum::Int4(3)]).ok(),
            Some(Datum::Int4(-1))
        );
        assert_eq!(
            call("int24pl", &[Datum::Int2(1), Datum::Int4(2)]).ok(),
            Some(Datum::Int4(3))
        );
        assert_eq!(
            call("int48lt", &[Datum::Int4(1), Datum::Int8(2)]).ok(),
            Some(Datum::Bool(true))
        );
        assert_eq!(
            call("int4shl", &[Datum::Int4(1), Datum::Int4(33)]).ok(),
            Some(Datum::Int4(2))
        );
        assert_eq!(
            call("int2um", &[Datum::Int2(i16::MIN)])
                .unwrap_err()
                .message,
            "smallint out of range"
        );
    }

    #[test]
    fn catalog_entries_are_consistent() {
        use std::collections::HashSet;
        let mut procs_all = Vec::new();
        let mut opers_all = Vec::new();
        procs_all.extend(procs());
        procs_all.extend(crate::float::procs());
        procs_all.extend(crate::numeric::procs());
        procs_all.extend(crate::boolean::procs());
        procs_all.extend(crate::oidtypes::procs());
        opers_all.extend(opers());
        opers_all.extend(crate::float::opers());
        opers_all.extend(crate::numeric::opers());
        opers_all.extend(crate::boolean::opers());
        opers_all.extend(crate::oidtypes::opers());
        let mut seen = HashSet::new();
        for p in &procs_all {
            assert!(
                seen.insert(p.oid),
                "duplicate proc oid {} ({})",
                p.oid,
                p.name
            );
        }
        let mut seen_ops = HashSet::new();
        for o in &opers_all {
            assert!(seen_ops.insert(o.oid), "duplicate operator oid {}", o.oid);
            let p = procs_all.iter().find(|p| p.oid == o.proc_oid);
            let p = p.unwrap_or_else(|| panic!("operator {} has no proc {}", o.oid, o.proc_oid));
            let args: Vec<Oid> = [o.left, o.right].into_iter().filter(|&t| t != 0).collect();
            assert_eq!(p.arg_types, args.as_slice(), "operator {} args", o.oid);
            assert_eq!(p.ret_type, o.result, "operator {} result", o.oid);
        }
        let mut casts_all = casts();
        casts_all.extend(crate::float::casts());
        casts_all.extend(crate::numeric::casts());
        casts_all.extend(crate::oidtypes::casts());
        let mut seen_casts = HashSet::new();
        for c in &casts_all {
            assert!(
                seen_casts.insert((c.source, c.target)),
                "duplicate cast {}->{}",
                c.source,
                c.target
            );
            if c.func_oid != 0 {
                assert!(
                    procs_all.iter().any(|p| p.oid == c.func_oid),
                    "cast func {}",
                    c.func_oid
                );
            }
        }
    }

    #[test]
    fn operators_are_linked() {
        let ops = opers();
        let lt = ops
            .iter()
            .find(|o| o.oid == 97)
            .map(|o| (o.commutator, o.negator));
        assert_eq!(lt, Some((521, 525)));
        let o = ops.iter().find(|o| o.oid == 37).map(|o| o.commutator);
        assert_eq!(o, Some(419));
    }
}
