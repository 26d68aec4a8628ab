//! Compact, self-describing byte encoding of index key datums: one tag byte per value followed
//! by its payload (fixed-width little-endian integers, u32-length-prefixed variable data,
//! recursive arrays and records). Every `Datum` variant round-trips exactly.

use common::{pg_err, PgError, PgResult};
use types::{Array, Datum, Interval};

const T_NULL: u8 = 0;
const T_BOOL: u8 = 1;
const T_INT2: u8 = 2;
const T_INT4: u8 = 3;
const T_INT8: u8 = 4;
const T_FLOAT4: u8 = 5;
const T_FLOAT8: u8 = 6;
const T_OID: u8 = 7;
const T_NUMERIC: u8 = 8;
const T_TEXT: u8 = 9;
const T_CHAR: u8 = 10;
const T_BYTEA: u8 = 11;
const T_DATE: u8 = 12;
const T_TIME: u8 = 13;
const T_TIMETZ: u8 = 14;
const T_TIMESTAMP: u8 = 15;
const T_TIMESTAMPTZ: u8 = 16;
const T_INTERVAL: u8 = 17;
const T_UUID: u8 = 18;
const T_ARRAY: u8 = 19;
const T_RECORD: u8 = 20;

/// Nesting limit for arrays/records inside keys (guards recursion on decode).
const MAX_DEPTH: usize = 64;

fn put_len(out: &mut Vec<u8>, n: usize) -> PgResult<()> {
    let n = u32::try_from(n)
        .map_err(|_| pg_err!(PROGRAM_LIMIT_EXCEEDED, "index key value is too large"))?;
    out.extend_from_slice(&n.to_le_bytes());
    Ok(())
}

/// Append the encoding of `d` to `out`.
pub fn encode_datum(out: &mut Vec<u8>, d: &Datum) -> PgResult<()> {
    encode_inner(out, d, 0)
}

fn encode_inner(out: &mut Vec<u8>, d: &Datum, depth: usize) -> PgResult<()> {
    if depth > MAX_DEPTH {
        return Err(pg_err!(
            PROGRAM_LIMIT_EXCEEDED,
            "index key value is nested too deeply"
        ));
    }
    match d {
        Datum::Null => out.push(T_NULL),
        Datum::Bool(b) => {
            out.push(T_BOOL);
            out.push(*b as u8);
        }
        Datum::Int2(v) => {
            out.push(T_INT2);
            out.extend_from_slice(&v.to_le_bytes());
        }
        Datum::Int4(v) => {
            out.push(T_INT4);
            out.extend_from_slice(&v.to_le_bytes());
        }
        Datum::Int8(v) => {
            out.push(T_INT8);
            out.extend_from_slice(&v.to_le_bytes());
        }
        Datum::Float4(v) => {
            out.push(T_FLOAT4);
            out.extend_from_slice(&v.to_bits().to_le_bytes());
        }
        Datum::Float8(v) => {
            out.push(T_FLOAT8);
            out.extend_from_slice(&v.to_bits().to_le_bytes());
        }
        Datum::Oid(v) => {
            out.push(T_OID);
            out.extend_from_slice(&v.to_le_bytes());
        }
        Datum::Numeric(n) => {
            out.push(T_NUMERIC);
            let b = n.to_disk();
            put_len(out, b.len())?;
            out.extend_from_slice(&b);
        }
        Datum::Text(s) => {
            out.push(T_TEXT);
            put_len(out, s.len())?;
            out.extend_from_slice(s.as_bytes());
        }
        Datum::Char(c) => {
            out.push(T_CHAR);
            out.push(*c);
        }
        Datum::Bytea(b) => {
            out.push(T_BYTEA);
            put_len(out, b.len())?;
            out.extend_from_slice(b);
        }
        Datum::Date(v) => {
            out.push(T_DATE);
            out.extend_from_slice(&v.to_le_bytes());
        }
        Datum::Time(v) => {
            out.push(T_TIME);
            out.extend_from_slice(&v.to_le_bytes());
        }
        Datum::TimeTz(t, z) => {
            out.push(T_TIMETZ);
            out.extend_from_slice(&t.to_le_bytes());
            out.extend_from_slice(&z.to_le_bytes());
        }
        Datum::Timestamp(v) => {
            out.push(T_TIMESTAMP);
            out.extend_from_slice(&v.to_le_bytes());
        }
        Datum::TimestampTz(v) => {
            out.push(T_TIMESTAMPTZ);
            out.extend_from_slice(&v.to_le_bytes());
        }
        Datum::Interval(iv) => {
            out.push(T_INTERVAL);
            out.extend_from_slice(&iv.months.to_le_bytes());
            out.extend_from_slice(&iv.days.to_le_bytes());
            out.extend_from_slice(&iv.micros.to_le_bytes());
        }
        Datum::Uuid(u) => {
            out.push(T_UUID);
            out.extend_from_slice(u);
        }
        Datum::Array(a) => {
            out.push(T_ARRAY);
            out.extend_from_slice(&a.elem_type.to_le_bytes());
            put_len(out, a.dims.len())?;
            for &(len, lb) in &a.dims {
                out.extend_from_slice(&len.to_le_bytes());
                out.extend_from_slice(&lb.to_le_bytes());
            }
            put_len(out, a.elems.len())?;
            for e in &a.elems {
                encode_inner(out, e, depth + 1)?;
            }
        }
        Datum::Record(r) => {
            out.push(T_RECORD);
            put_len(out, r.len())?;
            for e in r.iter() {
                encode_inner(out, e, depth + 1)?;
            }
        }
    }
    Ok(())
}

fn corrupt() -> PgError {
    pg_err!(INDEX_CORRUPTED, "invalid index key encoding")
}

/// Sequential decoder of encoded datums.
pub struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    /// Decode datums from `b` (the key part of an index item).
    pub fn new(b: &'a [u8]) -> Reader<'a> {
        Reader { b, pos: 0 }
    }

    fn take(&mut self, n: usize) -> PgResult<&'a [u8]> {
        let end = self.pos.checked_add(n).ok_or_else(corrupt)?;
        let s = self.b.get(self.pos..end).ok_or_else(corrupt)?;
        self.pos = end;
        Ok(s)
    }
    fn arr<const N: usize>(&mut self) -> PgResult<[u8; N]> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }
    fn len(&mut self) -> PgResult<usize> {
        let n = u32::from_le_bytes(self.arr::<4>()?) as usize;
        // Every encoded element takes at least one byte: bound counts by what remains.
        if n > self.b.len() - self.pos.min(self.b.len()) {
            return Err(corrupt());
        }
        Ok(n)
    }

    /// The next datum, or None at the end of the input.
    /// Compare `key` with the next encoded value without decoding it, for the commonest key
    /// types (integers, OIDs, text; both non-NULL): `Some(key.cmp(value))` in the types' own
    /// order, with the value consumed. `None` (nothing consumed) when the general path must
    /// decode and compare.
    pub fn cmp_next_fast(&mut self, key: &Datum) -> PgResult<Option<std::cmp::Ordering>> {
        let Some(&tag) = self.b.get(self.pos) else {
            return Ok(None);
        };
        let int_key = match key {
            Datum::Int2(v) => Some(i64::from(*v)),
            Datum::Int4(v) => Some(i64::from(*v)),
            Datum::Int8(v) => Some(*v),
            _ => None,
        };
        let start = self.pos;
        self.pos += 1;
        let r = match (tag, key) {
            (T_INT2 | T_INT4 | T_INT8, _) if int_key.is_some() => {
                let v = match tag {
                    T_INT2 => i64::from(i16::from_le_bytes(self.arr()?)),
                    T_INT4 => i64::from(i32::from_le_bytes(self.arr()?)),
                    _ => i64::from_le_bytes(self.arr()?),
                };
                int_key.map(|k| k.cmp(&v))
            }
            (T_OID, Datum::Oid(k)) => Some(k.cmp(&u32::from_le_bytes(self.arr()?))),
            (T_TEXT, Datum::Text(k)) => {
                let n = self.len()?;
                Some(k.as_bytes().cmp(self.take(n)?))
            }
            _ => None,
        };
        if r.is_none() {
            self.pos = start;
        }
        Ok(r)
    }

    pub fn next_datum(&mut self) -> PgResult<Option<Datum>> {
        if self.pos >= self.b.len() {
            return Ok(None);
        }
        self.datum(0).map(Some)
    }

    fn datum(&mut self, depth: usize) -> PgResult<Datum> {
        if depth > MAX_DEPTH {
            return Err(corrupt());
        }
        let tag = self.arr::<1>()?[0];
        Ok(match tag {
            T_NULL => Datum::Null,
            T_BOOL => Datum::Bool(self.arr::<1>()?[0] != 0),
            T_INT2 => Datum::Int2(i16::from_le_bytes(self.arr()?)),
            T_INT4 => Datum::Int4(i32::from_le_bytes(self.arr()?)),
            T_INT8 => Datum::Int8(i64::from_le_bytes(self.arr()?)),
            T_FLOAT4 => Datum::Float4(f32::from_bits(u32::from_le_bytes(self.arr()?))),
            T_FLOAT8 => Datum::Float8(f64::from_bits(u64::from_le_bytes(self.arr()?))),
            T_OID => Datum::Oid(u32::from_le_bytes(self.arr()?)),
            T_NUMERIC => {
                let n = self.len()?;
                let b = self.take(n)?;
                Datum::Numeric(Box::new(types::numeric::Numeric::from_disk(b)?))
            }
            T_TEXT => {
                let n = self.len()?;
                let b = self.take(n)?;
                Datum::Text(std::str::from_utf8(b).map_err(|_| corrupt())?.to_string())
            }
            T_CHAR => Datum::Char(self.arr::<1>()?[0]),
            T_BYTEA => {
                let n = self.len()?;
                Datum::Bytea(self.take(n)?.to_vec())
            }
            T_DATE => Datum::Date(i32::from_le_bytes(self.arr()?)),
            T_TIME => Datum::Time(i64::from_le_bytes(self.arr()?)),
            T_TIMETZ => {
                let t = i64::from_le_bytes(self.arr()?);
                let z = i32::from_le_bytes(self.arr()?);
                Datum::TimeTz(t, z)
            }
            T_TIMESTAMP => Datum::Timestamp(i64::from_le_bytes(self.arr()?)),
            T_TIMESTAMPTZ => Datum::TimestampTz(i64::from_le_bytes(self.arr()?)),
            T_INTERVAL => {
                let months = i32::from_le_bytes(self.arr()?);
                let days = i32::from_le_bytes(self.arr()?);
                let micros = i64::from_le_bytes(self.arr()?);
                Datum::Interval(Interval {
                    months,
                    days,
                    micros,
                })
            }
            T_UUID => Datum::Uuid(self.arr()?),
            T_ARRAY => {
                let elem_type = u32::from_le_bytes(self.arr()?);
                let nd = self.len()?;
                let mut dims = Vec::with_capacity(nd);
                for _ in 0..nd {
                    let len = i32::from_le_bytes(self.arr()?);
                    let lb = i32::from_le_bytes(self.arr()?);
                    dims.push((len, lb));
                }
                let ne = self.len()?;
                let mut elems = Vec::with_capacity(ne);
                for _ in 0..ne {
                    elems.push(self.datum(depth + 1)?);
                }
                Datum::Array(Box::new(Array {
                    elem_type,
                    dims,
                    elems,
                }))
            }
            T_RECORD => {
                let n = self.len()?;
                let mut v = Vec::with_capacity(n);
                for _ in 0..n {
                    v.push(self.datum(depth + 1)?);
                }
                Datum::Record(Box::new(v))
            }
            _ => return Err(corrupt()),
        })
    }
}

/// Decode every datum of an encoded key.
pub fn decode_all(b: &[u8]) -> PgResult<Vec<Datum>> {
    let mut r = Reader::new(b);
    let mut out = Vec::new();
    while let Some(d) = r.next_datum()? {
        out.push(d);
    }
    Ok(out)
}
