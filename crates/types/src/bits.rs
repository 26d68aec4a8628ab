//! bit(n) and bit varying(n): text input (binary, `B`-prefixed binary, `X`-prefixed hex), binary
//! output, typmod coercion, send/recv, the bitwise operators, comparisons, concatenation, and the
//! bit-string functions (length, octet_length, substring, overlay, position, get_bit, set_bit) and
//! casts to and from int4/int8.
//!
//! A value is stored as `Datum::Bytea` holding PostgreSQL's varlena payload after the header:
//! the bit length as a little-endian int32, then the bits packed MSB-first with zero padding.

use crate::oids::*;
use crate::registry::{CastDef, FuncCtx, OperDef, ProcDef};
use crate::text::{cmp_fns, cmp_opers, op, p};
use crate::{Datum, SessionEnv};
use common::{pg_err, Oid, PgError, PgResult};
use std::cmp::Ordering;

/// Largest bit length PostgreSQL accepts (VARBITMAXLEN).
pub const MAX_BITS: i64 = i32::MAX as i64 - 8 + 1;

/// An unpacked bit string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bits {
    /// Number of bits.
    pub len: usize,
    /// Packed bits, MSB first, `(len + 7) / 8` bytes, padding bits zero.
    pub data: Vec<u8>,
}

impl Bits {
    pub fn zeros(len: usize) -> Bits {
        Bits {
            len,
            data: vec![0; len.div_ceil(8)],
        }
    }

    pub fn get(&self, i: usize) -> bool {
        self.data
            .get(i / 8)
            .is_some_and(|b| b & (0x80 >> (i % 8)) != 0)
    }

    pub fn set(&mut self, i: usize, v: bool) {
        if let Some(b) = self.data.get_mut(i / 8) {
            if v {
                *b |= 0x80 >> (i % 8);
            } else {
                *b &= !(0x80 >> (i % 8));
            }
        }
    }

    /// Clear the padding bits after `len`.
    fn mask_pad(&mut self) {
        let rem = self.len % 8;
        if rem != 0 {
            if let Some(last) = self.data.last_mut() {
                *last &= 0xFFu8 << (8 - rem);
            }
        }
    }

    /// The bits from `start` (0-based) for `n` bits.
    pub fn slice(&self, start: usize, n: usize) -> Bits {
        let mut r = Bits::zeros(n);
        if start.is_multiple_of(8) {
            let sb = start / 8;
            let nb = n.div_ceil(8);
            r.data.copy_from_slice(&self.data[sb..sb + nb]);
            r.mask_pad();
        } else {
            for i in 0..n {
                if self.get(start + i) {
                    r.set(i, true);
                }
            }
        }
        r
    }

    pub fn concat(&self, other: &Bits) -> Bits {
        let mut r = Bits::zeros(self.len + other.len);
        r.data[..self.data.len()].copy_from_slice(&self.data);
        if self.len.is_multiple_of(8) {
            r.data[self.data.len()..].copy_from_slice(&other.data);
        } else {
            for i in 0..other.len {
                if other.get(i) {
                    r.set(self.len + i, true);
                }
            }
        }
        r
    }

    /// Storage payload: int32 LE bit length, then the bytes.
    pub fn to_payload(&self) -> Vec<u8> {
        let mut v = Vec::with_capacity(4 + self.data.len());
        v.extend_from_slice(&(self.len as i32).to_le_bytes());
        v.extend_from_slice(&self.data);
        v
    }

    pub fn from_payload(b: &[u8]) -> PgResult<Bits> {
        let bad = || PgError::internal("corrupt bit string value");
        let hdr: [u8; 4] = b.get(..4).and_then(|h| h.try_into().ok()).ok_or_else(bad)?;
        let len = i32::from_le_bytes(hdr);
        if len < 0 {
            return Err(bad());
        }
        let len = len as usize;
        let data = b.get(4..).ok_or_else(bad)?;
        if data.len() != len.div_ceil(8) {
            return Err(bad());
        }
        Ok(Bits {
            len,
            data: data.to_vec(),
        })
    }

    pub fn into_datum(self) -> Datum {
        Datum::Bytea(self.to_payload())
    }

    pub fn to_text(&self) -> String {
        (0..self.len)
            .map(|i| if self.get(i) { '1' } else { '0' })
            .collect()
    }
}

/// Ordering of bit strings (PostgreSQL's bit_cmp): bytes of the common length, then length.
pub fn bit_cmp(a: &Bits, b: &Bits) -> Ordering {
    let n = a.data.len().min(b.data.len());
    a.data[..n]
        .cmp(&b.data[..n])
        .then_with(|| a.len.cmp(&b.len))
}

/// Parse bit_in/varbit_in input. `typ` is BIT or VARBIT; `typmod` the declared length or -1.
pub fn parse_bits(typ: Oid, s: &str, typmod: i32) -> PgResult<Bits> {
    let b = s.as_bytes();
    let (hex, body) = match b.first() {
        Some(b'b') | Some(b'B') => (false, &s[1..]),
        Some(b'x') | Some(b'X') => (true, &s[1..]),
        _ => (false, s),
    };
    let slen = body.len() as i64;
    let bitlen = if hex {
        if slen > MAX_BITS / 4 {
            return Err(pg_err!(
                PROGRAM_LIMIT_EXCEEDED,
                "bit string length exceeds the maximum allowed ({})",
                MAX_BITS
            ));
        }
        slen * 4
    } else {
        if slen > MAX_BITS {
            return Err(pg_err!(
                PROGRAM_LIMIT_EXCEEDED,
                "bit string length exceeds the maximum allowed ({})",
                MAX_BITS
            ));
        }
        slen
    };
    if typmod > 0 {
        if typ == BIT && bitlen != typmod as i64 {
            return Err(pg_err!(
                STRING_DATA_LENGTH_MISMATCH,
                "bit string length {} does not match type bit({})",
                bitlen,
                typmod
            ));
        }
        if typ == VARBIT && bitlen > typmod as i64 {
            return Err(pg_err!(
                STRING_DATA_RIGHT_TRUNCATION,
                "bit string too long for type bit varying({})",
                typmod
            ));
        }
    }
    let mut r = Bits::zeros(bitlen as usize);
    if hex {
        for (i, c) in body.chars().enumerate() {
            let d = c.to_digit(16).filter(|_| c.is_ascii()).ok_or_else(|| {
                pg_err!(
                    INVALID_TEXT_REPRESENTATION,
                    "\"{}\" is not a valid hexadecimal digit",
                    c
                )
            })? as u8;
            let byte = i / 2;
            if let Some(slot) = r.data.get_mut(byte) {
                *slot |= if i % 2 == 0 { d << 4 } else { d };
            }
        }
    } else {
        for (i, c) in body.chars().enumerate() {
            match c {
                '1' => r.set(i, true),
                '0' => {}
                _ => {
                    return Err(pg_err!(
                        INVALID_TEXT_REPRESENTATION,
                        "\"{}\" is not a valid binary digit",
                        c
                    ))
                }
            }
        }
    }
    Ok(r)
}

/// The length coercion of bit(n) (PostgreSQL's `bit(bit, int4, bool)`).
pub fn coerce_bit(v: Bits, len: i32, explicit: bool) -> PgResult<Bits> {
    if len <= 0 || len as i64 > MAX_BITS || len as usize == v.len {
        return Ok(v);
    }
    if !explicit {
        return Err(pg_err!(
            STRING_DATA_LENGTH_MISMATCH,
            "bit string length {} does not match type bit({})",
            v.len,
            len
        ));
    }
    let len = len as usize;
    if len < v.len {
        Ok(v.slice(0, len))
    } else {
        Ok(v.concat(&Bits::zeros(len - v.len)))
    }
}

/// The length coercion of bit varying(n) (PostgreSQL's `varbit(varbit, int4, bool)`).
pub fn coerce_varbit(v: Bits, len: i32, explicit: bool) -> PgResult<Bits> {
    if len <= 0 || len as usize >= v.len {
        return Ok(v);
    }
    if !explicit {
        return Err(pg_err!(
            STRING_DATA_RIGHT_TRUNCATION,
            "bit string too long for type bit varying({})",
            len
        ));
    }
    Ok(v.slice(0, len as usize))
}

fn arg_bits(d: &Datum) -> PgResult<Bits> {
    match d {
        Datum::Bytea(b) => Bits::from_payload(b),
        other => Err(PgError::internal(format!(
            "expected a bit string value, got {other:?}"
        ))),
    }
}

fn arg_i32(d: &Datum) -> PgResult<i32> {
    match d {
        Datum::Int4(v) => Ok(*v),
        Datum::Int2(v) => Ok(*v as i32),
        other => Err(PgError::internal(format!(
            "expected an integer value, got {other:?}"
        ))),
    }
}

fn arg_i64(d: &Datum) -> PgResult<i64> {
    d.as_i64()
        .ok_or_else(|| PgError::internal(format!("expected an integer value, got {d:?}")))
}

pub fn input(typ: Oid, typmod: i32, s: &str, _env: &SessionEnv) -> Option<PgResult<Datum>> {
    if typ != BIT && typ != VARBIT {
        return None;
    }
    Some(parse_bits(typ, s, typmod).map(Bits::into_datum))
}

pub fn output(typ: Oid, d: &Datum, _env: &SessionEnv, out: &mut String) -> PgResult<bool> {
    if typ != BIT && typ != VARBIT {
        return Ok(false);
    }
    out.push_str(&arg_bits(d)?.to_text());
    Ok(true)
}

pub fn receive(typ: Oid, typmod: i32, b: &[u8], _env: &SessionEnv) -> Option<PgResult<Datum>> {
    if typ != BIT && typ != VARBIT {
        return None;
    }
    Some(recv_bits(typ, typmod, b))
}

fn recv_bits(typ: Oid, typmod: i32, b: &[u8]) -> PgResult<Datum> {
    let short = || pg_err!(PROTOCOL_VIOLATION, "insufficient data left in message");
    let hdr: [u8; 4] = b
        .get(..4)
        .and_then(|h| h.try_into().ok())
        .ok_or_else(short)?;
    let len = i32::from_be_bytes(hdr);
    if len < 0 || len as i64 > MAX_BITS {
        return Err(pg_err!(
            INVALID_BINARY_REPRESENTATION,
            "invalid length in external bit string"
        ));
    }
    if typmod > 0 {
        if typ == BIT && len != typmod {
            return Err(pg_err!(
                STRING_DATA_LENGTH_MISMATCH,
                "bit string length {} does not match type bit({})",
                len,
                typmod
            ));
        }
        if typ == VARBIT && len > typmod {
            return Err(pg_err!(
                STRING_DATA_RIGHT_TRUNCATION,
                "bit string too long for type bit varying({})",
                typmod
            ));
        }
    }
    let nbytes = (len as usize).div_ceil(8);
    let data = b.get(4..4 + nbytes).ok_or_else(short)?;
    if b.len() > 4 + nbytes {
        return Err(pg_err!(
            INVALID_BINARY_REPRESENTATION,
            "incorrect binary data format"
        ));
    }
    let mut r = Bits {
        len: len as usize,
        data: data.to_vec(),
    };
    r.mask_pad();
    Ok(r.into_datum())
}

pub fn send(typ: Oid, d: &Datum, _env: &SessionEnv, out: &mut Vec<u8>) -> PgResult<bool> {
    if typ != BIT && typ != VARBIT {
        return Ok(false);
    }
    let v = arg_bits(d)?;
    out.extend_from_slice(&(v.len as i32).to_be_bytes());
    out.extend_from_slice(&v.data);
    Ok(true)
}

pub fn apply_typmod(typ: Oid, d: &Datum, typmod: i32, explicit: bool) -> Option<PgResult<Datum>> {
    let f = match typ {
        BIT => coerce_bit,
        VARBIT => coerce_varbit,
        _ => return None,
    };
    Some(
        arg_bits(d)
            .and_then(|v| f(v, typmod, explicit))
            .map(Bits::into_datum),
    )
}

fn cmp_bits(a: &Datum, b: &Datum) -> PgResult<Ordering> {
    Ok(bit_cmp(&arg_bits(a)?, &arg_bits(b)?))
}
cmp_fns!(cmp_bits: bit_eq bit_ne bit_lt bit_le bit_gt bit_ge bit_cmp_fn);

fn binop(a: &[Datum], what: &str, f: fn(u8, u8) -> u8) -> PgResult<Datum> {
    let x = arg_bits(&a[0])?;
    let y = arg_bits(&a[1])?;
    if x.len != y.len {
        return Err(pg_err!(
            STRING_DATA_LENGTH_MISMATCH,
            "cannot {} bit strings of different sizes",
            what
        ));
    }
    let data = x.data.iter().zip(&y.data).map(|(p, q)| f(*p, *q)).collect();
    Ok(Bits { len: x.len, data }.into_datum())
}

fn bit_and(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    binop(a, "AND", |p, q| p & q)
}
fn bit_or(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    binop(a, "OR", |p, q| p | q)
}
fn bit_xor(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    binop(a, "XOR", |p, q| p ^ q)
}
fn bit_not(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let mut x = arg_bits(&a[0])?;
    for b in x.data.iter_mut() {
        *b = !*b;
    }
    x.mask_pad();
    Ok(x.into_datum())
}

/// Shift left by `n` bits (negative shifts right); the length is unchanged.
pub fn shift_left(x: &Bits, n: i64) -> Bits {
    let mut r = Bits::zeros(x.len);
    let len = x.len as i64;
    for i in 0..len {
        let src = i + n;
        if (0..len).contains(&src) && x.get(src as usize) {
            r.set(i as usize, true);
        }
    }
    r
}

fn bit_shl(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let x = arg_bits(&a[0])?;
    let n = arg_i32(&a[1])? as i64;
    Ok(shift_left(&x, n).into_datum())
}
fn bit_shr(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let x = arg_bits(&a[0])?;
    let n = arg_i32(&a[1])? as i64;
    Ok(shift_left(&x, -n).into_datum())
}
fn bit_cat(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let x = arg_bits(&a[0])?;
    let y = arg_bits(&a[1])?;
    if (x.len + y.len) as i64 > MAX_BITS {
        return Err(pg_err!(
            PROGRAM_LIMIT_EXCEEDED,
            "bit string length exceeds the maximum allowed ({})",
            MAX_BITS
        ));
    }
    Ok(x.concat(&y).into_datum())
}

/// PostgreSQL's bitsubstring: 1-based start `s`, optional length `l`.
pub fn substring(x: &Bits, s: i32, l: Option<i32>) -> PgResult<Bits> {
    let bitlen = x.len as i64;
    let s = s as i64;
    let s1 = s.max(1);
    let e1 = match l {
        None => bitlen + 1,
        Some(l) if l < 0 => {
            return Err(pg_err!(
                SUBSTRING_ERROR,
                "negative substring length not allowed"
            ))
        }
        Some(l) => (s + l as i64).min(bitlen + 1),
    };
    if s1 > bitlen || e1 <= s1 {
        return Ok(Bits::zeros(0));
    }
    Ok(x.slice((s1 - 1) as usize, (e1 - s1) as usize))
}

fn bit_substr(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let x = arg_bits(&a[0])?;
    Ok(substring(&x, arg_i32(&a[1])?, Some(arg_i32(&a[2])?))?.into_datum())
}
fn bit_substr_no_len(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let x = arg_bits(&a[0])?;
    Ok(substring(&x, arg_i32(&a[1])?, None)?.into_datum())
}

/// PostgreSQL's bit overlay: replace `sl` bits of `t1` from 1-based `sp` by `t2`.
pub fn overlay(t1: &Bits, t2: &Bits, sp: i32, sl: i32) -> PgResult<Bits> {
    let sp_pl_sl = sp
        .checked_add(sl)
        .ok_or_else(|| pg_err!(NUMERIC_VALUE_OUT_OF_RANGE, "integer out of range"))?;
    let s1 = substring(t1, 1, Some(sp.wrapping_sub(1)))?;
    let s2 = substring(t1, sp_pl_sl, None)?;
    Ok(s1.concat(t2).concat(&s2))
}

fn bit_overlay(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let t1 = arg_bits(&a[0])?;
    let t2 = arg_bits(&a[1])?;
    Ok(overlay(&t1, &t2, arg_i32(&a[2])?, arg_i32(&a[3])?)?.into_datum())
}
fn bit_overlay_no_len(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let t1 = arg_bits(&a[0])?;
    let t2 = arg_bits(&a[1])?;
    let sl = t2.len as i32;
    Ok(overlay(&t1, &t2, arg_i32(&a[2])?, sl)?.into_datum())
}

/// PostgreSQL's bitposition: 1-based position of `sub` in `s`, 0 when absent.
pub fn position(s: &Bits, sub: &Bits) -> i32 {
    if s.len == 0 || sub.len > s.len {
        return 0;
    }
    if sub.len == 0 {
        return 1;
    }
    'outer: for start in 0..=(s.len - sub.len) {
        for j in 0..sub.len {
            if s.get(start + j) != sub.get(j) {
                continue 'outer;
            }
        }
        return start as i32 + 1;
    }
    0
}

fn bit_position(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let s = arg_bits(&a[0])?;
    let sub = arg_bits(&a[1])?;
    Ok(Datum::Int4(position(&s, &sub)))
}

fn bit_length_fn(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(Datum::Int4(arg_bits(&a[0])?.len as i32))
}
fn bit_octet_length(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(Datum::Int4(arg_bits(&a[0])?.len.div_ceil(8) as i32))
}

fn check_index(x: &Bits, n: i32) -> PgResult<usize> {
    if n < 0 || n as usize >= x.len {
        return Err(pg_err!(
            ARRAY_SUBSCRIPT_ERROR,
            "bit index {} out of valid range (0..{})",
            n,
            x.len as i64 - 1
        ));
    }
    Ok(n as usize)
}

fn bit_get_bit(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let x = arg_bits(&a[0])?;
    let i = check_index(&x, arg_i32(&a[1])?)?;
    Ok(Datum::Int4(x.get(i) as i32))
}
fn bit_set_bit(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let mut x = arg_bits(&a[0])?;
    let i = check_index(&x, arg_i32(&a[1])?)?;
    let v = arg_i32(&a[2])?;
    if v != 0 && v != 1 {
        return Err(pg_err!(INVALID_PARAMETER_VALUE, "new bit must be 0 or 1"));
    }
    x.set(i, v == 1);
    Ok(x.into_datum())
}

/// int → bit(len): the low `len` bits of `v`, sign-extended beyond 64 bits.
pub fn bits_from_int(v: i64, width: u32, len: i32) -> Bits {
    let len = if len <= 0 || len as i64 > MAX_BITS {
        1
    } else {
        len as usize
    };
    let fill = if v < 0 { 0xFF } else { 0 };
    let mut r = Bits {
        len,
        data: vec![fill; len.div_ceil(8)],
    };
    r.mask_pad();
    // only the low `width` bits can differ from the sign fill
    for pos in 0..len.min(width as usize) {
        r.set(len - 1 - pos, (v >> pos) & 1 == 1);
    }
    r
}

fn bit_from_int4(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let v = arg_i32(&a[0])? as i64;
    Ok(bits_from_int(v, 32, arg_i32(&a[1])?).into_datum())
}
fn bit_from_int8(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let v = arg_i64(&a[0])?;
    Ok(bits_from_int(v, 64, arg_i32(&a[1])?).into_datum())
}

fn bits_to_u64(x: &Bits) -> u64 {
    (0..x.len).fold(0u64, |acc, i| (acc << 1) | x.get(i) as u64)
}

fn bit_to_int4(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let x = arg_bits(&a[0])?;
    if x.len > 32 {
        return Err(pg_err!(NUMERIC_VALUE_OUT_OF_RANGE, "integer out of range"));
    }
    Ok(Datum::Int4(bits_to_u64(&x) as u32 as i32))
}
fn bit_to_int8(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let x = arg_bits(&a[0])?;
    if x.len > 64 {
        return Err(pg_err!(NUMERIC_VALUE_OUT_OF_RANGE, "bigint out of range"));
    }
    Ok(Datum::Int8(bits_to_u64(&x) as i64))
}

fn bool_arg(d: &Datum) -> bool {
    d.as_bool().unwrap_or(false)
}
fn bit_typmod_fn(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let x = arg_bits(&a[0])?;
    Ok(coerce_bit(x, arg_i32(&a[1])?, bool_arg(&a[2]))?.into_datum())
}
fn varbit_typmod_fn(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let x = arg_bits(&a[0])?;
    Ok(coerce_varbit(x, arg_i32(&a[1])?, bool_arg(&a[2]))?.into_datum())
}

pub fn procs() -> Vec<ProcDef> {
    vec![
        p!(1581, "biteq", [BIT, BIT], BOOL, bit_eq),
        p!(1582, "bitne", [BIT, BIT], BOOL, bit_ne),
        p!(1592, "bitge", [BIT, BIT], BOOL, bit_ge),
        p!(1593, "bitgt", [BIT, BIT], BOOL, bit_gt),
        p!(1594, "bitle", [BIT, BIT], BOOL, bit_le),
        p!(1595, "bitlt", [BIT, BIT], BOOL, bit_lt),
        p!(1596, "bitcmp", [BIT, BIT], INT4, bit_cmp_fn),
        p!(1666, "varbiteq", [VARBIT, VARBIT], BOOL, bit_eq),
        p!(1667, "varbitne", [VARBIT, VARBIT], BOOL, bit_ne),
        p!(1668, "varbitge", [VARBIT, VARBIT], BOOL, bit_ge),
        p!(1669, "varbitgt", [VARBIT, VARBIT], BOOL, bit_gt),
        p!(1670, "varbitle", [VARBIT, VARBIT], BOOL, bit_le),
        p!(1671, "varbitlt", [VARBIT, VARBIT], BOOL, bit_lt),
        p!(1672, "varbitcmp", [VARBIT, VARBIT], INT4, bit_cmp_fn),
        p!(1673, "bitand", [BIT, BIT], BIT, bit_and),
        p!(1674, "bitor", [BIT, BIT], BIT, bit_or),
        p!(1675, "bitxor", [BIT, BIT], BIT, bit_xor),
        p!(1676, "bitnot", [BIT], BIT, bit_not),
        p!(1677, "bitshiftleft", [BIT, INT4], BIT, bit_shl),
        p!(1678, "bitshiftright", [BIT, INT4], BIT, bit_shr),
        p!(1679, "bitcat", [VARBIT, VARBIT], VARBIT, bit_cat),
        p!(1680, "substring", [BIT, INT4, INT4], BIT, bit_substr),
        p!(1699, "substring", [BIT, INT4], BIT, bit_substr_no_len),
        p!(1681, "length", [BIT], INT4, bit_length_fn),
        p!(1682, "octet_length", [BIT], INT4, bit_octet_length),
        p!(1812, "bit_length", [BIT], INT4, bit_length_fn),
        p!(1683, "bit", [INT4, INT4], BIT, bit_from_int4),
        p!(1684, "int4", [BIT], INT4, bit_to_int4),
        p!(2075, "bit", [INT8, INT4], BIT, bit_from_int8),
        p!(2076, "int8", [BIT], INT8, bit_to_int8),
        p!(1685, "bit", [BIT, INT4, BOOL], BIT, bit_typmod_fn),
        p!(
            1687,
            "varbit",
            [VARBIT, INT4, BOOL],
            VARBIT,
            varbit_typmod_fn
        ),
        p!(1698, "position", [BIT, BIT], INT4, bit_position),
        p!(3030, "overlay", [BIT, BIT, INT4, INT4], BIT, bit_overlay),
        p!(3031, "overlay", [BIT, BIT, INT4], BIT, bit_overlay_no_len),
        p!(3032, "get_bit", [BIT, INT4], INT4, bit_get_bit),
        p!(3033, "set_bit", [BIT, INT4, INT4], BIT, bit_set_bit),
    ]
}

pub fn opers() -> Vec<OperDef> {
    let mut v = cmp_opers(
        BIT,
        BIT,
        [1784, 1785, 1786, 1788, 1787, 1789],
        [1581, 1582, 1595, 1594, 1593, 1592],
    );
    v.extend(cmp_opers(
        VARBIT,
        VARBIT,
        [1804, 1805, 1806, 1808, 1807, 1809],
        [1666, 1667, 1671, 1670, 1669, 1668],
    ));
    v.extend([
        op(1791, "&", BIT, BIT, BIT, 1673, 1791, 0),
        op(1792, "|", BIT, BIT, BIT, 1674, 1792, 0),
        op(1793, "#", BIT, BIT, BIT, 1675, 1793, 0),
        op(1794, "~", 0, BIT, BIT, 1676, 0, 0),
        op(1795, "<<", BIT, INT4, BIT, 1677, 0, 0),
        op(1796, ">>", BIT, INT4, BIT, 1678, 0, 0),
        op(1797, "||", VARBIT, VARBIT, VARBIT, 1679, 0, 0),
    ]);
    v
}

fn cast(source: Oid, target: Oid, func_oid: Oid, context: u8, method: u8) -> CastDef {
    CastDef {
        source,
        target,
        func_oid,
        context,
        method,
    }
}

pub fn casts() -> Vec<CastDef> {
    vec![
        cast(BIT, BIT, 1685, b'i', b'f'),
        cast(VARBIT, VARBIT, 1687, b'i', b'f'),
        cast(BIT, VARBIT, 0, b'i', b'b'),
        cast(VARBIT, BIT, 0, b'i', b'b'),
        cast(INT4, BIT, 1683, b'e', b'f'),
        cast(INT8, BIT, 2075, b'e', b'f'),
        cast(BIT, INT4, 1684, b'e', b'f'),
        cast(BIT, INT8, 2076, b'e', b'f'),
    ]
}

#[cfg(test)]
mod tests;
