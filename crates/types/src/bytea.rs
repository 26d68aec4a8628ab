//! bytea: hex and escape text formats (bytea_output), binary I/O, comparison, `||`, LIKE,
//! substring/position/overlay/btrim, get/set_byte/bit, encode/decode (hex, base64, escape),
//! md5, and the octet/bit lengths.

use crate::oids::*;
use crate::registry::{CastDef, FuncCtx, OperDef, ProcDef};
use crate::text::{arg_i32, cmp_fns, cmp_opers, like, md5, op, p, substring_range, MAX_ALLOC};
use crate::{Datum, SessionEnv};
use common::{pg_err, Oid, PgError, PgResult};
use std::cmp::Ordering;

fn arg_bytes(d: &Datum) -> PgResult<&[u8]> {
    match d {
        Datum::Bytea(b) => Ok(b),
        other => Err(PgError::internal(format!(
            "expected a bytea value, got {other:?}"
        ))),
    }
}

fn hex_val(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

fn bad_hex_digit(s: &[u8], i: usize) -> PgError {
    let end = (i + crate::text::utf8_char_len(s[i])).min(s.len());
    pg_err!(
        INVALID_PARAMETER_VALUE,
        "invalid hexadecimal digit: \"{}\"",
        String::from_utf8_lossy(&s[i..end])
    )
}

/// Decode hex digits (whitespace between pairs allowed).
pub fn hex_decode(s: &[u8]) -> PgResult<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() / 2);
    let mut i = 0;
    while i < s.len() {
        let c = s[i];
        if matches!(c, b' ' | b'\n' | b'\t' | b'\r') {
            i += 1;
            continue;
        }
        let hi = hex_val(c).ok_or_else(|| bad_hex_digit(s, i))?;
        i += 1;
        if i >= s.len() {
            return Err(pg_err!(
                INVALID_PARAMETER_VALUE,
                "invalid hexadecimal data: odd number of digits"
            ));
        }
        let lo = hex_val(s[i]).ok_or_else(|| bad_hex_digit(s, i))?;
        i += 1;
        out.push(hi << 4 | lo);
    }
    Ok(out)
}

fn bytea_syntax() -> PgError {
    pg_err!(
        INVALID_TEXT_REPRESENTATION,
        "invalid input syntax for type bytea"
    )
}

/// Decode the escape format (`\\` and `\ooo`).
pub fn escape_decode(s: &[u8]) -> PgResult<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        if s[i] != b'\\' {
            out.push(s[i]);
            i += 1;
        } else if i + 1 < s.len() && s[i + 1] == b'\\' {
            out.push(b'\\');
            i += 2;
        } else if i + 3 < s.len()
            && (b'0'..=b'3').contains(&s[i + 1])
            && (b'0'..=b'7').contains(&s[i + 2])
            && (b'0'..=b'7').contains(&s[i + 3])
        {
            out.push((s[i + 1] - b'0') * 64 + (s[i + 2] - b'0') * 8 + (s[i + 3] - b'0'));
            i += 4;
        } else {
            return Err(bytea_syntax());
        }
    }
    Ok(out)
}

/// byteain.
pub fn bytea_in(s: &str) -> PgResult<Vec<u8>> {
    let b = s.as_bytes();
    if b.len() >= 2 && b[0] == b'\\' && b[1] == b'x' {
        hex_decode(&b[2..])
    } else {
        escape_decode(b)
    }
}

/// byteaout in the given format.
pub fn bytea_out(b: &[u8], hex: bool, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    if hex {
        out.reserve(2 + b.len() * 2);
        out.push_str("\\x");
        for &c in b {
            out.push(HEX[(c >> 4) as usize] as char);
            out.push(HEX[(c & 15) as usize] as char);
        }
    } else {
        for &c in b {
            if c == b'\\' {
                out.push_str("\\\\");
            } else if !(0x20..=0x7e).contains(&c) {
                out.push('\\');
                out.push((b'0' + (c >> 6)) as char);
                out.push((b'0' + ((c >> 3) & 7)) as char);
                out.push((b'0' + (c & 7)) as char);
            } else {
                out.push(c as char);
            }
        }
    }
}

pub fn input(typ: Oid, _typmod: i32, s: &str, _env: &SessionEnv) -> Option<PgResult<Datum>> {
    if typ != BYTEA {
        return None;
    }
    Some(bytea_in(s).map(Datum::Bytea))
}

pub fn output(typ: Oid, d: &Datum, env: &SessionEnv, out: &mut String) -> PgResult<bool> {
    if typ != BYTEA {
        return Ok(false);
    }
    bytea_out(arg_bytes(d)?, env.bytea_output_hex, out);
    Ok(true)
}

pub fn receive(typ: Oid, _typmod: i32, b: &[u8], _env: &SessionEnv) -> Option<PgResult<Datum>> {
    if typ != BYTEA {
        return None;
    }
    Some(Ok(Datum::Bytea(b.to_vec())))
}

pub fn send(typ: Oid, d: &Datum, _env: &SessionEnv, out: &mut Vec<u8>) -> PgResult<bool> {
    if typ != BYTEA {
        return Ok(false);
    }
    out.extend_from_slice(arg_bytes(d)?);
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

// ---------------------------------------------------------------------------------------------
// Functions.

fn cmp_bytea(a: &Datum, b: &Datum) -> PgResult<Ordering> {
    Ok(arg_bytes(a)?.cmp(arg_bytes(b)?))
}
cmp_fns!(cmp_bytea: b_eq b_ne b_lt b_le b_gt b_ge b_cmp);

fn by(v: Vec<u8>) -> PgResult<Datum> {
    Ok(Datum::Bytea(v))
}

fn too_long() -> PgError {
    pg_err!(PROGRAM_LIMIT_EXCEEDED, "requested length too large")
}

fn cat(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let (x, y) = (arg_bytes(&a[0])?, arg_bytes(&a[1])?);
    if x.len() + y.len() > MAX_ALLOC {
        return Err(too_long());
    }
    let mut v = Vec::with_capacity(x.len() + y.len());
    v.extend_from_slice(x);
    v.extend_from_slice(y);
    by(v)
}

fn octet_length(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(Datum::Int4(arg_bytes(&a[0])?.len() as i32))
}
fn bit_length(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(Datum::Int4(
        (arg_bytes(&a[0])?.len() as i32).saturating_mul(8),
    ))
}

fn substr_impl(b: &[u8], start: i32, len: Option<i32>) -> PgResult<Vec<u8>> {
    let (f, t) = substring_range(b.len(), start, len)?;
    Ok(b[f..t].to_vec())
}
fn substr3(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    by(substr_impl(
        arg_bytes(&a[0])?,
        arg_i32(&a[1])?,
        Some(arg_i32(&a[2])?),
    )?)
}
fn substr2(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    by(substr_impl(arg_bytes(&a[0])?, arg_i32(&a[1])?, None)?)
}

fn position(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let (h, n) = (arg_bytes(&a[0])?, arg_bytes(&a[1])?);
    let pos = if n.is_empty() {
        1
    } else {
        h.windows(n.len())
            .position(|w| w == n)
            .map(|p| p as i32 + 1)
            .unwrap_or(0)
    };
    Ok(Datum::Int4(pos))
}

fn overlay_impl(s: &[u8], r: &[u8], from: i32, count: i32) -> PgResult<Vec<u8>> {
    let end = from
        .checked_add(count)
        .ok_or_else(|| pg_err!(NUMERIC_VALUE_OUT_OF_RANGE, "integer out of range"))?;
    let mut v = substr_impl(s, 1, Some(from.saturating_sub(1)))?;
    v.extend_from_slice(r);
    v.extend(substr_impl(s, end, None)?);
    Ok(v)
}
fn overlay4(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    by(overlay_impl(
        arg_bytes(&a[0])?,
        arg_bytes(&a[1])?,
        arg_i32(&a[2])?,
        arg_i32(&a[3])?,
    )?)
}
fn overlay3(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let r = arg_bytes(&a[1])?;
    by(overlay_impl(
        arg_bytes(&a[0])?,
        r,
        arg_i32(&a[2])?,
        r.len() as i32,
    )?)
}

fn btrim(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let (s, set) = (arg_bytes(&a[0])?, arg_bytes(&a[1])?);
    let start = s.iter().position(|c| !set.contains(c)).unwrap_or(s.len());
    let end = s
        .iter()
        .rposition(|c| !set.contains(c))
        .map(|p| p + 1)
        .unwrap_or(start);
    by(s[start..end.max(start)].to_vec())
}

fn range_err(n: i64, max: i64) -> PgError {
    pg_err!(
        ARRAY_SUBSCRIPT_ERROR,
        "index {} out of valid range, 0..{}",
        n,
        max
    )
}

fn get_byte(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let b = arg_bytes(&a[0])?;
    let n = arg_i32(&a[1])?;
    if n < 0 || n as usize >= b.len() {
        return Err(range_err(n as i64, b.len() as i64 - 1));
    }
    Ok(Datum::Int4(b[n as usize] as i32))
}
fn set_byte(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let mut b = arg_bytes(&a[0])?.to_vec();
    let n = arg_i32(&a[1])?;
    let v = arg_i32(&a[2])?;
    if n < 0 || n as usize >= b.len() {
        return Err(range_err(n as i64, b.len() as i64 - 1));
    }
    b[n as usize] = v as u8;
    by(b)
}
fn get_bit(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let b = arg_bytes(&a[0])?;
    let n = arg_i32(&a[1])?;
    let nbits = b.len() as i64 * 8;
    if n < 0 || n as i64 >= nbits {
        return Err(range_err(n as i64, nbits - 1));
    }
    let (byte, bit) = (n as usize / 8, n as usize % 8);
    Ok(Datum::Int4(((b[byte] >> bit) & 1) as i32))
}
fn set_bit(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let mut b = arg_bytes(&a[0])?.to_vec();
    let n = arg_i32(&a[1])?;
    let v = arg_i32(&a[2])?;
    let nbits = b.len() as i64 * 8;
    if n < 0 || n as i64 >= nbits {
        return Err(range_err(n as i64, nbits - 1));
    }
    if v != 0 && v != 1 {
        return Err(pg_err!(INVALID_PARAMETER_VALUE, "new bit must be 0 or 1"));
    }
    let (byte, bit) = (n as usize / 8, n as usize % 8);
    if v == 1 {
        b[byte] |= 1 << bit;
    } else {
        b[byte] &= !(1 << bit);
    }
    by(b)
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// base64 with a newline every 76 output characters (PostgreSQL's encode()).
pub fn base64_encode(b: &[u8]) -> String {
    let mut out = String::with_capacity(b.len() * 4 / 3 + b.len() / 57 + 4);
    let mut line = 0;
    for chunk in b.chunks(3) {
        let n = chunk.len();
        let v = (chunk[0] as u32) << 16
            | (if n > 1 { chunk[1] as u32 } else { 0 }) << 8
            | if n > 2 { chunk[2] as u32 } else { 0 };
        if line >= 76 {
            out.push('\n');
            line = 0;
        }
        out.push(B64[(v >> 18) as usize & 63] as char);
        out.push(B64[(v >> 12) as usize & 63] as char);
        out.push(if n > 1 {
            B64[(v >> 6) as usize & 63] as char
        } else {
            '='
        });
        out.push(if n > 2 {
            B64[v as usize & 63] as char
        } else {
            '='
        });
        line += 4;
    }
    out
}

pub fn base64_decode(s: &[u8]) -> PgResult<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut n = 0;
    let mut pad = 0;
    for (i, &c) in s.iter().enumerate() {
        if matches!(c, b' ' | b'\t' | b'\n' | b'\r') {
            continue;
        }
        let v = if c == b'=' {
            if pad == 0 {
                // '=' is only valid in the last group, after two or three symbols.
                if n == 2 || n == 3 {
                    pad = if n == 2 { 2 } else { 1 };
                } else {
                    return Err(pg_err!(
                        INVALID_PARAMETER_VALUE,
                        "unexpected \"=\" while decoding base64 sequence"
                    ));
                }
            }
            0
        } else {
            if pad > 0 {
                return Err(pg_err!(
                    INVALID_PARAMETER_VALUE,
                    "unexpected \"=\" while decoding base64 sequence"
                ));
            }
            match B64.iter().position(|&x| x == c) {
                Some(p) => p as u32,
                None => {
                    let end = (i + crate::text::utf8_char_len(c)).min(s.len());
                    return Err(pg_err!(
                        INVALID_PARAMETER_VALUE,
                        "invalid symbol \"{}\" while decoding base64 sequence",
                        String::from_utf8_lossy(&s[i..end])
                    ));
                }
            }
        };
        acc = acc << 6 | v;
        n += 1;
        if n == 4 {
            out.push((acc >> 16) as u8);
            if pad < 2 {
                out.push((acc >> 8) as u8);
            }
            if pad < 1 {
                out.push(acc as u8);
            }
            acc = 0;
            n = 0;
        }
    }
    if n != 0 {
        return Err(
            pg_err!(INVALID_PARAMETER_VALUE, "invalid base64 end sequence").with_hint(
                "Input data is missing padding, is truncated, or is otherwise corrupted.",
            ),
        );
    }
    Ok(out)
}

/// encode(..., 'escape'): NUL and high-bit bytes as \ooo, backslash doubled.
pub fn escape_encode(b: &[u8]) -> String {
    let mut out = String::with_capacity(b.len());
    for &c in b {
        if c == 0 || c >= 0x80 {
            out.push_str(&format!("\\{:03o}", c));
        } else if c == b'\\' {
            out.push_str("\\\\");
        } else {
            out.push(c as char);
        }
    }
    out
}

fn unknown_encoding(e: &str) -> PgError {
    pg_err!(INVALID_PARAMETER_VALUE, "unrecognized encoding: \"{}\"", e)
}

fn encode(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let b = arg_bytes(&a[0])?;
    let fmt = crate::text::arg_str(&a[1])?;
    let s = match fmt.to_ascii_lowercase().as_str() {
        "hex" => {
            let mut s = String::new();
            bytea_out(b, true, &mut s);
            s.split_off(2)
        }
        "base64" => base64_encode(b),
        "escape" => escape_encode(b),
        _ => return Err(unknown_encoding(fmt)),
    };
    Ok(Datum::Text(s))
}

fn decode(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let s = crate::text::arg_str(&a[0])?.as_bytes();
    let fmt = crate::text::arg_str(&a[1])?;
    by(match fmt.to_ascii_lowercase().as_str() {
        "hex" => hex_decode(s)?,
        "base64" => base64_decode(s)?,
        "escape" => escape_decode(s)?,
        _ => return Err(unknown_encoding(fmt)),
    })
}

fn md5_bytea(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(Datum::Text(md5::md5_hex(arg_bytes(&a[0])?)))
}

fn like_b(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(Datum::Bool(like::bytes_like(
        arg_bytes(&a[0])?,
        arg_bytes(&a[1])?,
    )?))
}
fn nlike_b(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(Datum::Bool(!like::bytes_like(
        arg_bytes(&a[0])?,
        arg_bytes(&a[1])?,
    )?))
}
fn like_escape_b(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    by(like::like_escape_bytes(
        arg_bytes(&a[0])?,
        arg_bytes(&a[1])?,
    )?)
}

fn convert_from(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    check_encoding(crate::text::arg_str(&a[1])?)?;
    Ok(Datum::Text(crate::text::utf8_from_bytes(arg_bytes(
        &a[0],
    )?)?))
}
fn convert_to(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    check_encoding(crate::text::arg_str(&a[1])?)?;
    by(crate::text::arg_str(&a[0])?.as_bytes().to_vec())
}
fn check_encoding(e: &str) -> PgResult<()> {
    let n: String = e
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    if n == "utf8" || n == "unicode" || n == "sqlascii" {
        Ok(())
    } else {
        Err(pg_err!(
            INVALID_PARAMETER_VALUE,
            "invalid destination encoding name \"{}\"",
            e
        ))
    }
}

pub fn procs() -> Vec<ProcDef> {
    vec![
        p!(1948, "byteaeq", [BYTEA, BYTEA], BOOL, b_eq),
        p!(1953, "byteane", [BYTEA, BYTEA], BOOL, b_ne),
        p!(1949, "bytealt", [BYTEA, BYTEA], BOOL, b_lt),
        p!(1950, "byteale", [BYTEA, BYTEA], BOOL, b_le),
        p!(1951, "byteagt", [BYTEA, BYTEA], BOOL, b_gt),
        p!(1952, "byteage", [BYTEA, BYTEA], BOOL, b_ge),
        p!(1954, "byteacmp", [BYTEA, BYTEA], INT4, b_cmp),
        p!(2011, "byteacat", [BYTEA, BYTEA], BYTEA, cat),
        p!(720, "octet_length", [BYTEA], INT4, octet_length),
        p!(2010, "length", [BYTEA], INT4, octet_length),
        p!(1810, "bit_length", [BYTEA], INT4, bit_length),
        p!(2012, "substring", [BYTEA, INT4, INT4], BYTEA, substr3),
        p!(2013, "substring", [BYTEA, INT4], BYTEA, substr2),
        p!(2085, "substr", [BYTEA, INT4, INT4], BYTEA, substr3),
        p!(2086, "substr", [BYTEA, INT4], BYTEA, substr2),
        p!(2014, "position", [BYTEA, BYTEA], INT4, position),
        p!(2015, "btrim", [BYTEA, BYTEA], BYTEA, btrim),
        p!(749, "overlay", [BYTEA, BYTEA, INT4, INT4], BYTEA, overlay4),
        p!(752, "overlay", [BYTEA, BYTEA, INT4], BYTEA, overlay3),
        p!(721, "get_byte", [BYTEA, INT4], INT4, get_byte),
        p!(722, "set_byte", [BYTEA, INT4, INT4], BYTEA, set_byte),
        p!(723, "get_bit", [BYTEA, INT4], INT4, get_bit),
        p!(724, "set_bit", [BYTEA, INT4, INT4], BYTEA, set_bit),
        p!(1946, "encode", [BYTEA, TEXT], TEXT, encode),
        p!(1947, "decode", [TEXT, TEXT], BYTEA, decode),
        p!(2321, "md5", [BYTEA], TEXT, md5_bytea),
        p!(2005, "bytealike", [BYTEA, BYTEA], BOOL, like_b),
        p!(2006, "byteanlike", [BYTEA, BYTEA], BOOL, nlike_b),
        p!(2007, "like", [BYTEA, BYTEA], BOOL, like_b),
        p!(2008, "notlike", [BYTEA, BYTEA], BOOL, nlike_b),
        p!(2009, "like_escape", [BYTEA, BYTEA], BYTEA, like_escape_b),
        ProcDef {
            volatility: b's',
            ..p!(1714, "convert_from", [BYTEA, NAME], TEXT, convert_from)
        },
        ProcDef {
            volatility: b's',
            ..p!(1717, "convert_to", [TEXT, NAME], BYTEA, convert_to)
        },
    ]
}

pub fn opers() -> Vec<OperDef> {
    let mut v = cmp_opers(
        BYTEA,
        BYTEA,
        [1955, 1956, 1957, 1958, 1959, 1960],
        [1948, 1953, 1949, 1950, 1951, 1952],
    );
    v.extend([
        op(2018, "||", BYTEA, BYTEA, BYTEA, 2011, 0, 0),
        op(2016, "~~", BYTEA, BYTEA, BOOL, 2005, 0, 2017),
        op(2017, "!~~", BYTEA, BYTEA, BOOL, 2006, 0, 2016),
    ]);
    v
}

pub fn casts() -> Vec<CastDef> {
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(hex: bool) -> SessionEnv {
        SessionEnv {
            bytea_output_hex: hex,
            ..SessionEnv::default()
        }
    }
    fn out(b: &[u8], hex: bool) -> String {
        crate::io::output(BYTEA, &Datum::Bytea(b.to_vec()), &env(hex)).unwrap()
    }
    fn inp(s: &str) -> PgResult<Vec<u8>> {
        bytea_in(s)
    }
    fn call(f: crate::registry::BuiltinFn, args: &[Datum]) -> PgResult<Datum> {
        let e = SessionEnv::default();
        f(
            args,
            &FuncCtx {
                env: &e,
                result_type: BYTEA,
                arg_types: &[],
            },
        )
    }
    fn b(x: &[u8]) -> Datum {
        Datum::Bytea(x.to_vec())
    }

    #[test]
    fn io() {
        assert_eq!(inp("\\x0102ff").unwrap(), vec![1, 2, 255]);
        assert_eq!(inp("\\x01 02").unwrap(), vec![1, 2]);
        assert_eq!(
            inp("\\xABC").unwrap_err().message,
            "invalid hexadecimal data: odd number of digits"
        );
        assert_eq!(
            inp("\\x0x").unwrap_err().message,
            "invalid hexadecimal digit: \"x\""
        );
        assert_eq!(inp("a\\\\b\\001").unwrap(), b"a\\b\x01".to_vec());
        assert_eq!(
            inp("a\\b").unwrap_err().message,
            "invalid input syntax for type bytea"
        );
        assert_eq!(
            inp("\\").unwrap_err().message,
            "invalid input syntax for type bytea"
        );
        assert_eq!(out(&[1, 2, 0xab], true), "\\x0102ab");
        assert_eq!(out(b"a\\b\x01\xff ~", false), "a\\\\b\\001\\377 ~");
        assert_eq!(out(b"", true), "\\x");
    }

    #[test]
    fn functions() {
        assert_eq!(
            call(substr3, &[b(b"Th\x00omas"), Datum::Int4(2), Datum::Int4(3)]).unwrap(),
            b(b"h\x00o")
        );
        assert_eq!(
            call(position, &[b(b"Th\x00omas"), b(b"om")]).unwrap(),
            Datum::Int4(4)
        );
        assert_eq!(
            call(get_bit, &[b(b"Th\x00omas"), Datum::Int4(45)]).unwrap(),
            Datum::Int4(1)
        );
        assert_eq!(
            call(
                set_bit,
                &[b(b"Th\x00omas"), Datum::Int4(45), Datum::Int4(0)]
            )
            .unwrap(),
            b(b"Th\x00omAs")
        );
        assert_eq!(
            call(get_byte, &[b(b"Th\x00omas"), Datum::Int4(4)]).unwrap(),
            Datum::Int4(109)
        );
        assert_eq!(
            call(get_byte, &[b(b"ab"), Datum::Int4(2)])
                .unwrap_err()
                .message,
            "index 2 out of valid range, 0..1"
        );
        assert_eq!(
            call(btrim, &[b(b"\x00trim\x00"), b(b"\x00")]).unwrap(),
            b(b"trim")
        );
        assert_eq!(
            call(
                overlay4,
                &[b(b"Th\x00omas"), b(b"Th"), Datum::Int4(2), Datum::Int4(3)]
            )
            .unwrap(),
            b(b"TThmas")
        );
        assert_eq!(
            call(encode, &[b(b"123\x00\xde\xad"), Datum::text("escape")]).unwrap(),
            Datum::text("123\\000\\336\\255")
        );
        assert_eq!(
            call(encode, &[b(b"hello"), Datum::text("base64")]).unwrap(),
            Datum::text("aGVsbG8=")
        );
        assert_eq!(
            call(decode, &[Datum::text("aGVsbG8="), Datum::text("base64")]).unwrap(),
            b(b"hello")
        );
        assert_eq!(
            call(decode, &[Datum::text("aGVsbA=="), Datum::text("base64")]).unwrap(),
            b(b"hell")
        );
        assert_eq!(
            call(encode, &[b(b"\x01\xff"), Datum::text("hex")]).unwrap(),
            Datum::text("01ff")
        );
        assert!(call(decode, &[Datum::text("aGVsbG8"), Datum::text("base64")]).is_err());
        let long = base64_encode(&[0u8; 100]);
        assert_eq!(long.find('\n'), Some(76));
        assert_eq!(base64_decode(long.as_bytes()).unwrap(), vec![0u8; 100]);
        assert_eq!(
            call(md5_bytea, &[b(b"abc")]).unwrap(),
            Datum::text("900150983cd24fb0d6963f7d28e17f72")
        );
        assert_eq!(
            call(like_b, &[b(b"abc"), b(b"a%")]).unwrap(),
            Datum::Bool(true)
        );
    }
}
