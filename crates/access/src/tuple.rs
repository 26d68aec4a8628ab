//! Heap tuple format, byte-exact with PostgreSQL 10: the 23-byte HeapTupleHeaderData (t_xmin,
//! t_xmax, t_cid, t_ctid, t_infomask2, t_infomask, t_hoff), the null bitmap, and the attribute
//! data laid out by typlen/typalign with PostgreSQL's varlena headers (4-byte, or 1-byte "short"
//! for values of at most 126 bytes in packable types, unaligned). Arrays use PostgreSQL's
//! on-disk array format. `form_tuple` / `deform_tuple` convert between rows of `Datum`s and
//! tuple bytes.

use crate::{AttrDesc, ItemPointer, TupleDesc};
use common::{pg_err, Oid, PgResult, Xid};
use types::oids::*;
use types::{Array, Datum, Interval, Numeric};

/// t_infomask bits.
pub const HEAP_HASNULL: u16 = 0x0001;
pub const HEAP_HASVARWIDTH: u16 = 0x0002;
pub const HEAP_HASEXTERNAL: u16 = 0x0004;
pub const HEAP_HASOID: u16 = 0x0008;
pub const HEAP_XMAX_KEYSHR_LOCK: u16 = 0x0010;
pub const HEAP_COMBOCID: u16 = 0x0020;
pub const HEAP_XMAX_EXCL_LOCK: u16 = 0x0040;
pub const HEAP_XMAX_LOCK_ONLY: u16 = 0x0080;
pub const HEAP_XMIN_COMMITTED: u16 = 0x0100;
pub const HEAP_XMIN_INVALID: u16 = 0x0200;
pub const HEAP_XMIN_FROZEN: u16 = HEAP_XMIN_COMMITTED | HEAP_XMIN_INVALID;
pub const HEAP_XMAX_COMMITTED: u16 = 0x0400;
pub const HEAP_XMAX_INVALID: u16 = 0x0800;
pub const HEAP_XMAX_IS_MULTI: u16 = 0x1000;
pub const HEAP_UPDATED: u16 = 0x2000;
pub const HEAP_MOVED_OFF: u16 = 0x4000;
pub const HEAP_MOVED_IN: u16 = 0x8000;
/// Bits describing xmax (cleared when a new xmax is set).
pub const HEAP_XMAX_BITS: u16 = HEAP_XMAX_COMMITTED
    | HEAP_XMAX_INVALID
    | HEAP_XMAX_IS_MULTI
    | HEAP_XMAX_LOCK_ONLY
    | HEAP_XMAX_EXCL_LOCK
    | HEAP_XMAX_KEYSHR_LOCK;

/// t_infomask2 bits.
pub const HEAP_NATTS_MASK: u16 = 0x07FF;
pub const HEAP_KEYS_UPDATED: u16 = 0x2000;
pub const HEAP_HOT_UPDATED: u16 = 0x4000;
pub const HEAP_ONLY_TUPLE: u16 = 0x8000;

/// offsetof(HeapTupleHeaderData, t_bits).
pub const SIZEOF_HEAP_TUPLE_HEADER: usize = 23;
/// Largest payload that gets a 1-byte varlena header (VARATT_SHORT_MAX - VARHDRSZ_SHORT).
pub const VARATT_SHORT_MAX_DATA: usize = 126;
/// MaxTupleAttributeNumber.
pub const MAX_TUPLE_ATTRIBUTE_NUMBER: usize = 1664;

#[inline]
fn maxalign(n: usize) -> usize {
    (n + 7) & !7
}

#[inline]
fn align_for(align: u8, off: usize) -> usize {
    let a = match align {
        b's' => 2,
        b'i' => 4,
        b'd' => 8,
        _ => 1,
    };
    (off + a - 1) & !(a - 1)
}

fn corrupt(what: &str) -> common::PgError {
    pg_err!(DATA_CORRUPTED, "invalid tuple data: {}", what)
}

/// The fixed header of a heap tuple.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TupleHeader {
    pub xmin: Xid,
    pub xmax: Xid,
    /// t_cid: cmin, cmax or a combo command id (HEAP_COMBOCID).
    pub cid: u32,
    pub ctid: ItemPointer,
    pub infomask2: u16,
    pub infomask: u16,
    pub hoff: u8,
}

#[inline]
fn rd16(b: &[u8], o: usize) -> u16 {
    u16::from_le_bytes([b[o], b[o + 1]])
}
#[inline]
fn rd32(b: &[u8], o: usize) -> u32 {
    u32::from_le_bytes([b[o], b[o + 1], b[o + 2], b[o + 3]])
}

impl TupleHeader {
    /// Decode the header at the start of `t` (None if `t` is too short).
    #[inline]
    pub fn read(t: &[u8]) -> Option<TupleHeader> {
        if t.len() < SIZEOF_HEAP_TUPLE_HEADER {
            return None;
        }
        Some(TupleHeader {
            xmin: rd32(t, 0),
            xmax: rd32(t, 4),
            cid: rd32(t, 8),
            ctid: ItemPointer {
                block: ((rd16(t, 12) as u32) << 16) | rd16(t, 14) as u32,
                offset: rd16(t, 16),
            },
            infomask2: rd16(t, 18),
            infomask: rd16(t, 20),
            hoff: t[22],
        })
    }

    /// Encode into the first 23 bytes of `t`.
    #[inline]
    pub fn write(&self, t: &mut [u8]) {
        if t.len() < SIZEOF_HEAP_TUPLE_HEADER {
            return;
        }
        t[0..4].copy_from_slice(&self.xmin.to_le_bytes());
        t[4..8].copy_from_slice(&self.xmax.to_le_bytes());
        t[8..12].copy_from_slice(&self.cid.to_le_bytes());
        t[12..14].copy_from_slice(&((self.ctid.block >> 16) as u16).to_le_bytes());
        t[14..16].copy_from_slice(&(self.ctid.block as u16).to_le_bytes());
        t[16..18].copy_from_slice(&self.ctid.offset.to_le_bytes());
        t[18..20].copy_from_slice(&self.infomask2.to_le_bytes());
        t[20..22].copy_from_slice(&self.infomask.to_le_bytes());
        t[22] = self.hoff;
    }

    /// Number of attributes stored.
    #[inline]
    pub fn natts(&self) -> usize {
        (self.infomask2 & HEAP_NATTS_MASK) as usize
    }

    /// True if xmax does not denote a deleter (invalid, or only a row lock).
    #[inline]
    pub fn xmax_is_invalid_or_lock(&self) -> bool {
        self.infomask & HEAP_XMAX_INVALID != 0
            || self.xmax == 0
            || self.infomask & HEAP_XMAX_LOCK_ONLY != 0
    }
}

/// Is this varlena type eligible for 1-byte headers (typstorage != 'p')?
#[inline]
fn packable(type_oid: Oid) -> bool {
    !matches!(type_oid, INT2VECTOR | OIDVECTOR | TSQUERY)
}

// ---------------------------------------------------------------------------------------------
// Numeric on-disk form.

fn numeric_to_disk(n: &Numeric) -> PgResult<Vec<u8>> {
    Ok(n.to_disk())
}

fn numeric_from_disk(b: &[u8]) -> PgResult<Numeric> {
    Numeric::from_disk(b)
}

// ---------------------------------------------------------------------------------------------
// Encoding.

/// Append the fixed-length bytes of `d` for a column of length `len`.
fn encode_fixed(out: &mut Vec<u8>, att: &AttrDesc, d: &Datum) -> PgResult<()> {
    let len = att.len as usize;
    let start = out.len();
    let int_val = |v: i64| -> PgResult<Vec<u8>> {
        match len {
            1 => i8::try_from(v).map(|x| x.to_le_bytes().to_vec()).ok(),
            2 => i16::try_from(v).map(|x| x.to_le_bytes().to_vec()).ok(),
            4 => {
                if att.type_oid == INT4 || att.type_oid == DATE {
                    i32::try_from(v).map(|x| x.to_le_bytes().to_vec()).ok()
                } else {
                    u32::try_from(v)
                        .or_else(|_| i32::try_from(v).map(|x| x as u32))
                        .map(|x| x.to_le_bytes().to_vec())
                        .ok()
                }
            }
            8 => Some(v.to_le_bytes().to_vec()),
            _ => None,
        }
        .ok_or_else(|| {
            pg_err!(
                DATATYPE_MISMATCH,
                "cannot store value {} in a column of type {}",
                v,
                types::typeinfo::format_type(att.type_oid, -1)
            )
        })
    };
    match d {
        Datum::Bool(b) if len == 1 => out.push(*b as u8),
        Datum::Char(c) if len == 1 => out.push(*c),
        Datum::Int2(v) if len == 2 => out.extend_from_slice(&v.to_le_bytes()),
        Datum::Int4(v) if len == 4 => out.extend_from_slice(&v.to_le_bytes()),
        Datum::Int8(v) if len == 8 => out.extend_from_slice(&v.to_le_bytes()),
        Datum::Oid(v) if len == 4 => out.extend_from_slice(&v.to_le_bytes()),
        Datum::Float4(v) if len == 4 => out.extend_from_slice(&v.to_le_bytes()),
        Datum::Float8(v) if len == 8 => out.extend_from_slice(&v.to_le_bytes()),
        Datum::Date(v) if len == 4 => out.extend_from_slice(&v.to_le_bytes()),
        Datum::Time(v) | Datum::Timestamp(v) | Datum::TimestampTz(v) if len == 8 => {
            out.extend_from_slice(&v.to_le_bytes())
        }
        Datum::TimeTz(t, z) if len == 12 => {
            out.extend_from_slice(&t.to_le_bytes());
            out.extend_from_slice(&z.to_le_bytes());
        }
        Datum::Interval(Interval {
            months,
            days,
            micros,
        }) if len == 16 => {
            out.extend_from_slice(&micros.to_le_bytes());
            out.extend_from_slice(&days.to_le_bytes());
            out.extend_from_slice(&months.to_le_bytes());
        }
        Datum::Uuid(u) if len == 16 => out.extend_from_slice(u),
        Datum::Text(s) if att.type_oid == NAME || (!att.byval && len > 1) => {
            // name: NUL-padded, at most len-1 bytes (clipped at a character boundary).
            let mut n = s.len().min(len - 1);
            while !s.is_char_boundary(n) {
                n -= 1;
            }
            out.extend_from_slice(&s.as_bytes()[..n]);
            out.resize(start + len, 0);
        }
        Datum::Text(s) if len == 1 => out.push(s.as_bytes().first().copied().unwrap_or(0)),
        Datum::Bytea(b) if b.len() == len => out.extend_from_slice(b),
        Datum::Bool(b) => out.extend(int_val(*b as i64)?),
        Datum::Int2(v) => out.extend(int_val(*v as i64)?),
        Datum::Int4(v) => out.extend(int_val(*v as i64)?),
        Datum::Int8(v) => out.extend(int_val(*v)?),
        Datum::Oid(v) => out.extend(int_val(*v as i64)?),
        Datum::Date(v) => out.extend(int_val(*v as i64)?),
        Datum::Float8(v) if len == 4 => out.extend_from_slice(&(*v as f32).to_le_bytes()),
        Datum::Float4(v) if len == 8 => out.extend_from_slice(&(*v as f64).to_le_bytes()),
        _ => {
            return Err(pg_err!(
                DATATYPE_MISMATCH,
                "cannot store a value of this kind in a column of type {}",
                types::typeinfo::format_type(att.type_oid, -1)
            ))
        }
    }
    if out.len() != start + len {
        out.truncate(start);
        return Err(pg_err!(
            INTERNAL_ERROR,
            "value of type {} has wrong length",
            att.type_oid
        ));
    }
    Ok(())
}

/// The payload (without varlena header) of a varlena value.
fn varlena_payload<'a>(att: &AttrDesc, d: &'a Datum) -> PgResult<std::borrow::Cow<'a, [u8]>> {
    use std::borrow::Cow;
    Ok(match d {
        Datum::Text(s) => Cow::Borrowed(s.as_bytes()),
        Datum::Bytea(b) => Cow::Borrowed(b.as_slice()),
        Datum::Numeric(n) => Cow::Owned(numeric_to_disk(n)?),
        Datum::Array(a) => Cow::Owned(encode_array(a)?),
        _ => {
            return Err(pg_err!(
                DATATYPE_MISMATCH,
                "cannot store a value of this kind in a column of type {}",
                types::typeinfo::format_type(att.type_oid, -1)
            ))
        }
    })
}

/// Append one non-NULL value. `base` is the offset of `out[0]` relative to the alignment origin;
/// `allow_short` permits 1-byte varlena headers (tuples yes, array elements no).
fn encode_value(
    out: &mut Vec<u8>,
    base: usize,
    att: &AttrDesc,
    d: &Datum,
    allow_short: bool,
) -> PgResult<()> {
    if att.len > 0 {
        let pos = align_for(att.align, base + out.len()) - base;
        out.resize(pos, 0);
        encode_fixed(out, att, d)
    } else if att.len == -1 {
        let payload = varlena_payload(att, d)?;
        if allow_short && payload.len() <= VARATT_SHORT_MAX_DATA && packable(att.type_oid) {
            out.push((((payload.len() + 1) << 1) | 1) as u8);
        } else {
            if payload.len() + 4 > 0x3FFF_FFFF {
                return Err(pg_err!(
                    PROGRAM_LIMIT_EXCEEDED,
                    "invalid memory alloc request size {}",
                    payload.len() + 4
                ));
            }
            let pos = align_for(att.align, base + out.len()) - base;
            out.resize(pos, 0);
            out.extend_from_slice(&(((payload.len() + 4) as u32) << 2).to_le_bytes());
        }
        out.extend_from_slice(&payload);
        Ok(())
    } else {
        // cstring
        let payload = varlena_payload(att, d)?;
        out.extend_from_slice(&payload);
        out.push(0);
        Ok(())
    }
}

/// PostgreSQL's on-disk array, without the 4-byte varlena header (offsets inside are relative
/// to the header, i.e. to this payload's start minus 4).
pub fn encode_array(a: &Array) -> PgResult<Vec<u8>> {
    let ndim = a.dims.len();
    if ndim > 6 {
        return Err(pg_err!(
            PROGRAM_LIMIT_EXCEEDED,
            "number of array dimensions ({}) exceeds the maximum allowed (6)",
            ndim
        ));
    }
    let mut nitems: usize = if ndim == 0 { 0 } else { 1 };
    for &(len, _) in &a.dims {
        nitems = nitems.checked_mul(len.max(0) as usize).ok_or_else(|| {
            pg_err!(
                PROGRAM_LIMIT_EXCEEDED,
                "array size exceeds the maximum allowed (134217727)"
            )
        })?;
    }
    if nitems != a.elems.len() {
        return Err(pg_err!(
            INTERNAL_ERROR,
            "array has {} elements but its dimensions imply {}",
            a.elems.len(),
            nitems
        ));
    }
    let hasnull = a.elems.iter().any(|e| e.is_null());
    let mut hdr = 16 + 8 * ndim; // including the 4-byte varlena header
    if hasnull {
        hdr += nitems.div_ceil(8);
    }
    let data_start = maxalign(hdr);
    let mut out = Vec::with_capacity(data_start + nitems * 8);
    out.extend_from_slice(&(ndim as i32).to_le_bytes());
    out.extend_from_slice(&(if hasnull { data_start as i32 } else { 0 }).to_le_bytes());
    out.extend_from_slice(&a.elem_type.to_le_bytes());
    for &(len, _) in &a.dims {
        out.extend_from_slice(&len.to_le_bytes());
    }
    for &(_, lb) in &a.dims {
        out.extend_from_slice(&lb.to_le_bytes());
    }
    if hasnull {
        let mut bits = vec![0u8; nitems.div_ceil(8)];
        for (i, e) in a.elems.iter().enumerate() {
            if !e.is_null() {
                bits[i / 8] |= 1 << (i % 8);
            }
        }
        out.extend_from_slice(&bits);
    }
    out.resize(data_start - 4, 0);
    let eatt = AttrDesc::for_type(a.elem_type, -1);
    for e in &a.elems {
        if !e.is_null() {
            encode_value(&mut out, 4, &eatt, e, false)?;
        }
    }
    Ok(out)
}

/// Build a heap tuple (header with zero xmin/xmax/cid/ctid, null bitmap, data) from a row.
/// `values` shorter than `desc` are padded with NULLs; dropped columns are stored as NULL.
pub fn form_tuple(desc: &TupleDesc, values: &[Datum]) -> PgResult<Vec<u8>> {
    let natts = desc.attrs.len();
    if natts > MAX_TUPLE_ATTRIBUTE_NUMBER || values.len() > natts {
        return Err(pg_err!(
            TOO_MANY_COLUMNS,
            "number of columns ({}) exceeds limit ({})",
            values.len().max(natts),
            MAX_TUPLE_ATTRIBUTE_NUMBER
        ));
    }
    let is_null = |i: usize| desc.attrs[i].dropped || values.get(i).is_none_or(|v| v.is_null());
    let hasnull = (0..natts).any(is_null);
    let bitmap_len = if hasnull { natts.div_ceil(8) } else { 0 };
    let hoff = maxalign(SIZEOF_HEAP_TUPLE_HEADER + bitmap_len);
    // Size the buffer for the whole tuple up front (values plus worst-case alignment).
    let est: usize = desc
        .attrs
        .iter()
        .zip(values)
        .map(|(a, v)| match v {
            Datum::Text(s) => s.len() + 8,
            Datum::Bytea(b) => b.len() + 8,
            _ => a.len.max(8) as usize + 8,
        })
        .sum();
    let mut t = Vec::with_capacity(hoff + est);
    t.resize(hoff, 0);
    let mut infomask = 0u16;
    if hasnull {
        infomask |= HEAP_HASNULL;
    }
    for (i, att) in desc.attrs.iter().enumerate() {
        if is_null(i) {
            continue;
        }
        if hasnull {
            t[SIZEOF_HEAP_TUPLE_HEADER + i / 8] |= 1 << (i % 8);
        }
        if att.len < 0 {
            infomask |= HEAP_HASVARWIDTH;
        }
        encode_value(&mut t, 0, att, &values[i], true)?;
    }
    let hdr = TupleHeader {
        infomask2: natts as u16 & HEAP_NATTS_MASK,
        infomask,
        hoff: hoff as u8,
        ..TupleHeader::default()
    };
    hdr.write(&mut t);
    Ok(t)
}

// ---------------------------------------------------------------------------------------------
// Decoding.

#[inline]
fn bytes_at(b: &[u8], start: usize, len: usize) -> PgResult<&[u8]> {
    b.get(start..start.saturating_add(len))
        .ok_or_else(|| corrupt("value extends past end of tuple"))
}

/// Decode fixed-length bytes of a column of type `att`.
fn decode_fixed(att: &AttrDesc, b: &[u8]) -> Datum {
    let i16v = || i16::from_le_bytes([b[0], b[1]]);
    let i32v = || i32::from_le_bytes([b[0], b[1], b[2], b[3]]);
    let u32v = || u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
    let i64v = |o: usize| {
        let mut x = [0u8; 8];
        x.copy_from_slice(&b[o..o + 8]);
        i64::from_le_bytes(x)
    };
    match (att.type_oid, b.len()) {
        (BOOL, 1) => Datum::Bool(b[0] != 0),
        (CHAR, 1) => Datum::Char(b[0]),
        (INT2, 2) => Datum::Int2(i16v()),
        (INT4, 4) => Datum::Int4(i32v()),
        (INT8 | MONEY, 8) => Datum::Int8(i64v(0)),
        (FLOAT4, 4) => Datum::Float4(f32::from_bits(u32v())),
        (FLOAT8, 8) => Datum::Float8(f64::from_bits(i64v(0) as u64)),
        (DATE, 4) => Datum::Date(i32v()),
        (TIME, 8) => Datum::Time(i64v(0)),
        (TIMESTAMP, 8) => Datum::Timestamp(i64v(0)),
        (TIMESTAMPTZ, 8) => Datum::TimestampTz(i64v(0)),
        (TIMETZ, 12) => Datum::TimeTz(i64v(0), i32::from_le_bytes([b[8], b[9], b[10], b[11]])),
        (INTERVAL, 16) => Datum::Interval(Interval {
            micros: i64v(0),
            days: i32::from_le_bytes([b[8], b[9], b[10], b[11]]),
            months: i32::from_le_bytes([b[12], b[13], b[14], b[15]]),
        }),
        (UUID, 16) => {
            let mut u = [0u8; 16];
            u.copy_from_slice(b);
            Datum::Uuid(u)
        }
        (NAME, _) => {
            let end = b.iter().position(|&c| c == 0).unwrap_or(b.len());
            Datum::Text(String::from_utf8_lossy(&b[..end]).into_owned())
        }
        (_, 4) if att.byval => Datum::Oid(u32v()),
        (_, 2) if att.byval => Datum::Int2(i16v()),
        (_, 8) if att.byval => Datum::Int8(i64v(0)),
        (_, 1) if att.byval => Datum::Char(b[0]),
        _ => Datum::Bytea(b.to_vec()),
    }
}

fn decode_varlena(att: &AttrDesc, p: &[u8]) -> PgResult<Datum> {
    Ok(match att.type_oid {
        TEXT | VARCHAR | BPCHAR | JSON | XML | REFCURSOR | PG_NODE_TREE => {
            Datum::Text(match std::str::from_utf8(p) {
                Ok(s) => s.to_string(),
                Err(_) => String::from_utf8_lossy(p).into_owned(),
            })
        }
        // jsonb values are their binary encoding (types::jsonb), like bytea.
        BYTEA | BIT | VARBIT | PATH | POLYGON | INET | CIDR | JSONB => Datum::Bytea(p.to_vec()),
        NUMERIC => Datum::Numeric(Box::new(numeric_from_disk(p)?)),
        INT2VECTOR | OIDVECTOR => Datum::Array(Box::new(decode_array(p)?)),
        t => {
            if types::typeinfo::element_type_of(t).is_some() || t == types::oids::ANYARRAY {
                Datum::Array(Box::new(decode_array(p)?))
            } else {
                match std::str::from_utf8(p) {
                    Ok(s) => Datum::Text(s.to_string()),
                    Err(_) => Datum::Bytea(p.to_vec()),
                }
            }
        }
    })
}

/// Read one non-NULL value at `*off` of `b` (alignment origin at `b[0] - base`), advancing.
fn decode_value(b: &[u8], off: &mut usize, base: usize, att: &AttrDesc) -> PgResult<Datum> {
    if att.len > 0 {
        let pos = align_for(att.align, base + *off) - base;
        let v = bytes_at(b, pos, att.len as usize)?;
        *off = pos + att.len as usize;
        Ok(decode_fixed(att, v))
    } else if att.len == -1 {
        let first = *b.get(*off).ok_or_else(|| corrupt("truncated varlena"))?;
        let mut pos = *off;
        if first == 0 {
            // Padding before a 4-byte-header value.
            pos = align_for(att.align, base + pos) - base;
        }
        let h = *b.get(pos).ok_or_else(|| corrupt("truncated varlena"))?;
        let (start, total) = if h & 1 == 1 {
            if h == 1 {
                return Err(pg_err!(
                    FEATURE_NOT_SUPPORTED,
                    "TOAST pointers are not supported"
                ));
            }
            (pos + 1, (h >> 1) as usize)
        } else {
            let w = bytes_at(b, pos, 4)?;
            let v = u32::from_le_bytes([w[0], w[1], w[2], w[3]]);
            if v & 3 != 0 {
                return Err(pg_err!(
                    FEATURE_NOT_SUPPORTED,
                    "compressed values are not supported"
                ));
            }
            (pos + 4, (v >> 2) as usize)
        };
        let hdr_len = start - pos;
        if total < hdr_len {
            return Err(corrupt("bad varlena length"));
        }
        let payload = bytes_at(b, start, total - hdr_len)?;
        *off = pos + total;
        decode_varlena(att, payload)
    } else {
        let rest = b.get(*off..).ok_or_else(|| corrupt("truncated cstring"))?;
        let end = rest
            .iter()
            .position(|&c| c == 0)
            .ok_or_else(|| corrupt("unterminated cstring"))?;
        let s = String::from_utf8_lossy(&rest[..end]).into_owned();
        *off += end + 1;
        Ok(Datum::Text(s))
    }
}

/// Decode an on-disk array given its payload (bytes after the varlena header).
pub fn decode_array(p: &[u8]) -> PgResult<Array> {
    let hdr = bytes_at(p, 0, 12)?;
    let ndim = i32::from_le_bytes([hdr[0], hdr[1], hdr[2], hdr[3]]);
    let dataoffset = i32::from_le_bytes([hdr[4], hdr[5], hdr[6], hdr[7]]);
    let elem_type = u32::from_le_bytes([hdr[8], hdr[9], hdr[10], hdr[11]]);
    if !(0..=6).contains(&ndim) {
        return Err(corrupt("bad array dimensions"));
    }
    let ndim = ndim as usize;
    let dl = bytes_at(p, 12, 8 * ndim)?;
    let mut dims = Vec::with_capacity(ndim);
    let mut nitems: usize = if ndim == 0 { 0 } else { 1 };
    for i in 0..ndim {
        let o = 4 * i;
        let len = i32::from_le_bytes([dl[o], dl[o + 1], dl[o + 2], dl[o + 3]]);
        let o = 4 * (ndim + i);
        let lb = i32::from_le_bytes([dl[o], dl[o + 1], dl[o + 2], dl[o + 3]]);
        if len < 0 {
            return Err(corrupt("negative array dimension"));
        }
        nitems = nitems
            .checked_mul(len as usize)
            .filter(|&n| n <= p.len() * 8 + 8)
            .ok_or_else(|| corrupt("array too large"))?;
        dims.push((len, lb));
    }
    let bitmap_at = 12 + 8 * ndim;
    let bitmap = if dataoffset != 0 {
        Some(bytes_at(p, bitmap_at, nitems.div_ceil(8))?)
    } else {
        None
    };
    let data_start = if dataoffset != 0 {
        (dataoffset as usize)
            .checked_sub(4)
            .ok_or_else(|| corrupt("bad array data offset"))?
    } else {
        maxalign(bitmap_at + 4) - 4
    };
    let eatt = AttrDesc::for_type(elem_type, -1);
    let mut elems = Vec::with_capacity(nitems);
    let mut off = data_start;
    for i in 0..nitems {
        let present = bitmap.is_none_or(|bm| bm[i / 8] & (1 << (i % 8)) != 0);
        if present {
            elems.push(decode_value(p, &mut off, 4, &eatt)?);
        } else {
            elems.push(Datum::Null);
        }
    }
    Ok(Array {
        elem_type,
        dims,
        elems,
    })
}

/// Decode a heap tuple into one Datum per attribute of `desc`: attributes the tuple does not
/// have (added later) and dropped columns read as NULL.
pub fn deform_tuple(desc: &TupleDesc, t: &[u8]) -> PgResult<Vec<Datum>> {
    deform_tuple_prefix(desc, t, usize::MAX)
}

/// `deform_tuple` decoding only the first `limit` columns; later columns read as NULL (for
/// callers that need only a leading subset, e.g. an index build's key columns).
pub fn deform_tuple_prefix(desc: &TupleDesc, t: &[u8], limit: usize) -> PgResult<Vec<Datum>> {
    let hdr = TupleHeader::read(t).ok_or_else(|| corrupt("tuple shorter than its header"))?;
    let natts = hdr.natts();
    let hasnull = hdr.infomask & HEAP_HASNULL != 0;
    let hoff = hdr.hoff as usize;
    if hoff > t.len() || (hasnull && SIZEOF_HEAP_TUPLE_HEADER + natts.div_ceil(8) > hoff) {
        return Err(corrupt("bad t_hoff"));
    }
    let mut out = Vec::with_capacity(desc.attrs.len());
    let mut off = hoff;
    for (i, att) in desc.attrs.iter().enumerate() {
        if i >= natts || i >= limit {
            out.push(Datum::Null);
            continue;
        }
        if hasnull && t[SIZEOF_HEAP_TUPLE_HEADER + i / 8] & (1 << (i % 8)) == 0 {
            out.push(Datum::Null);
            continue;
        }
        let v = decode_value(t, &mut off, 0, att)?;
        out.push(if att.dropped { Datum::Null } else { v });
    }
    Ok(out)
}
