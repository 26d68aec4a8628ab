//! PostgreSQL's on-disk jsonb format (the varlena payload, without the 4-byte varlena header):
//! a container header word (count | JB_FSCALAR/JB_FOBJECT/JB_FARRAY), one JEntry per child
//! (type bits and length, or end offset every 32nd entry), then the children's data; numerics are
//! embedded as 4-byte-header numeric varlenas and numerics/containers are 4-byte aligned.
//! Little-endian, as on x86-64/aarch64.

use super::value::JsonbValue;
use crate::Numeric;
use common::{pg_err, PgError, PgResult};

const JB_CMASK: u32 = 0x0FFF_FFFF;
const JB_FSCALAR: u32 = 0x1000_0000;
const JB_FOBJECT: u32 = 0x2000_0000;
const JB_FARRAY: u32 = 0x4000_0000;

const JENTRY_OFFLENMASK: u32 = 0x0FFF_FFFF;
const JENTRY_TYPEMASK: u32 = 0x7000_0000;
const JENTRY_HAS_OFF: u32 = 0x8000_0000;
const JENTRY_ISSTRING: u32 = 0x0000_0000;
const JENTRY_ISNUMERIC: u32 = 0x1000_0000;
const JENTRY_ISBOOL_FALSE: u32 = 0x2000_0000;
const JENTRY_ISBOOL_TRUE: u32 = 0x3000_0000;
const JENTRY_ISNULL: u32 = 0x4000_0000;
const JENTRY_ISCONTAINER: u32 = 0x5000_0000;
const JB_OFFSET_STRIDE: usize = 32;

/// Payloads are stored after a 4-byte varlena header, so offset 0 here is 4-byte aligned.
fn pad(buf: &mut Vec<u8>) -> u32 {
    let p = (4 - buf.len() % 4) % 4;
    buf.extend(std::iter::repeat_n(0u8, p));
    p as u32
}

fn put(buf: &mut [u8], at: usize, v: u32) {
    buf[at..at + 4].copy_from_slice(&v.to_le_bytes());
}

fn too_big(what: &str) -> PgError {
    pg_err!(
        PROGRAM_LIMIT_EXCEEDED,
        "total size of jsonb {} elements exceeds the maximum of {} bytes",
        what,
        JENTRY_OFFLENMASK
    )
}

/// Encode a value (top-level scalars become raw-scalar pseudo arrays).
pub fn encode(v: &JsonbValue) -> PgResult<Vec<u8>> {
    let mut buf = Vec::new();
    match v {
        JsonbValue::Array(e) => array(&mut buf, e, false)?,
        JsonbValue::Object(p) => object(&mut buf, p)?,
        s => array(&mut buf, std::slice::from_ref(s), true)?,
    };
    Ok(buf)
}

fn value(buf: &mut Vec<u8>, v: &JsonbValue) -> PgResult<u32> {
    Ok(match v {
        JsonbValue::Null => JENTRY_ISNULL,
        JsonbValue::Bool(true) => JENTRY_ISBOOL_TRUE,
        JsonbValue::Bool(false) => JENTRY_ISBOOL_FALSE,
        JsonbValue::String(s) => {
            buf.extend_from_slice(s.as_bytes());
            if s.len() > JENTRY_OFFLENMASK as usize {
                return Err(pg_err!(
                    PROGRAM_LIMIT_EXCEEDED,
                    "string too long to represent as jsonb string"
                ));
            }
            JENTRY_ISSTRING | s.len() as u32
        }
        JsonbValue::Numeric(n) => {
            let p = pad(buf);
            let d = n.to_disk();
            let len = d.len() as u32 + 4;
            buf.extend_from_slice(&(len << 2).to_le_bytes());
            buf.extend_from_slice(&d);
            JENTRY_ISNUMERIC | (p + len)
        }
        JsonbValue::Array(e) => JENTRY_ISCONTAINER | array(buf, e, false)?,
        JsonbValue::Object(p) => JENTRY_ISCONTAINER | object(buf, p)?,
    })
}

fn children<'a>(
    buf: &mut Vec<u8>,
    base: usize,
    header: u32,
    items: impl Iterator<Item = ChildRef<'a>>,
    n: usize,
    what: &str,
) -> PgResult<u32> {
    buf.extend_from_slice(&header.to_le_bytes());
    let mut jentry_at = buf.len();
    buf.extend(std::iter::repeat_n(0u8, 4 * n));
    let mut total: u64 = 0;
    for (i, item) in items.enumerate() {
        let meta = match item {
            ChildRef::Key(k) => {
                buf.extend_from_slice(k.as_bytes());
                JENTRY_ISSTRING | (k.len() as u32 & JENTRY_OFFLENMASK)
            }
            ChildRef::Val(v) => value(buf, v)?,
        };
        total += (meta & JENTRY_OFFLENMASK) as u64;
        if total > JENTRY_OFFLENMASK as u64 {
            return Err(too_big(what));
        }
        let meta = if i % JB_OFFSET_STRIDE == 0 {
            (meta & JENTRY_TYPEMASK) | total as u32 | JENTRY_HAS_OFF
        } else {
            meta
        };
        put(buf, jentry_at, meta);
        jentry_at += 4;
    }
    let len = buf.len() - base;
    if len > JENTRY_OFFLENMASK as usize {
        return Err(too_big(what));
    }
    Ok(len as u32)
}

enum ChildRef<'a> {
    Key(&'a str),
    Val(&'a JsonbValue),
}

fn array(buf: &mut Vec<u8>, e: &[JsonbValue], scalar: bool) -> PgResult<u32> {
    let base = buf.len();
    pad(buf);
    let n = e.len();
    let header = (n as u32 & JB_CMASK) | JB_FARRAY | if scalar { JB_FSCALAR } else { 0 };
    children(buf, base, header, e.iter().map(ChildRef::Val), n, "array")
}

fn object(buf: &mut Vec<u8>, p: &[(String, JsonbValue)]) -> PgResult<u32> {
    let base = buf.len();
    pad(buf);
    let n = p.len();
    let header = (n as u32 & JB_CMASK) | JB_FOBJECT;
    let items = p
        .iter()
        .map(|(k, _)| ChildRef::Key(k))
        .chain(p.iter().map(|(_, v)| ChildRef::Val(v)));
    children(buf, base, header, items, 2 * n, "object")
}

fn corrupt() -> PgError {
    PgError::internal("invalid jsonb binary data")
}

fn word(b: &[u8], at: usize) -> PgResult<u32> {
    let s = b.get(at..at + 4).ok_or_else(corrupt)?;
    Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

/// Decode a payload produced by `encode` (or by PostgreSQL).
pub fn decode(b: &[u8]) -> PgResult<JsonbValue> {
    let v = container(b, 0, 0)?;
    match v {
        (JsonbValue::Array(mut e), true) if e.len() == 1 => Ok(e.pop().unwrap_or(JsonbValue::Null)),
        (v, _) => Ok(v),
    }
}

/// Decode the container starting at byte `at` (4-byte aligned). Returns (value, is_raw_scalar).
fn container(b: &[u8], at: usize, depth: usize) -> PgResult<(JsonbValue, bool)> {
    if depth > 10_000 {
        return Err(corrupt());
    }
    let header = word(b, at)?;
    let count = (header & JB_CMASK) as usize;
    let is_obj = header & JB_FOBJECT != 0;
    let nchildren = if is_obj {
        count.checked_mul(2).ok_or_else(corrupt)?
    } else {
        count
    };
    let jentries = at + 4;
    let data = jentries
        .checked_add(nchildren.checked_mul(4).ok_or_else(corrupt)?)
        .ok_or_else(corrupt)?;
    if data > b.len() {
        return Err(corrupt());
    }
    let mut vals = Vec::with_capacity(nchildren);
    let mut prev_end = 0usize;
    for i in 0..nchildren {
        let je = word(b, jentries + 4 * i)?;
        let ol = (je & JENTRY_OFFLENMASK) as usize;
        let end = if je & JENTRY_HAS_OFF != 0 {
            ol
        } else {
            prev_end + ol
        };
        let (start, stop) = (data + prev_end, data + end);
        if stop > b.len() || start > stop {
            return Err(corrupt());
        }
        let aligned = data + ((prev_end + 3) & !3);
        let v = match je & JENTRY_TYPEMASK {
            JENTRY_ISSTRING => JsonbValue::String(
                String::from_utf8(b[start..stop].to_vec()).map_err(|_| corrupt())?,
            ),
            JENTRY_ISNUMERIC => {
                let s = b.get(aligned..stop).ok_or_else(corrupt)?;
                let body = match s.first() {
                    Some(h) if h & 1 == 1 => s.get(1..(*h >> 1) as usize),
                    Some(_) => s.get(4..(word(s, 0)? >> 2) as usize),
                    None => None,
                };
                JsonbValue::Numeric(Numeric::from_disk(body.ok_or_else(corrupt)?)?)
            }
            JENTRY_ISBOOL_FALSE => JsonbValue::Bool(false),
            JENTRY_ISBOOL_TRUE => JsonbValue::Bool(true),
            JENTRY_ISNULL => JsonbValue::Null,
            JENTRY_ISCONTAINER => container(&b[..stop], aligned, depth + 1)?.0,
            _ => return Err(corrupt()),
        };
        vals.push(v);
        prev_end = end;
    }
    if is_obj {
        let v = vals.split_off(count);
        let pairs = vals
            .into_iter()
            .zip(v)
            .map(|(k, v)| match k {
                JsonbValue::String(k) => Ok((k, v)),
                _ => Err(corrupt()),
            })
            .collect::<PgResult<Vec<_>>>()?;
        Ok((JsonbValue::Object(pairs), false))
    } else {
        Ok((JsonbValue::Array(vals), header & JB_FSCALAR != 0))
    }
}
