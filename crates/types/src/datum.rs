//! `Datum`: one SQL value in memory. The variant says how the value is stored; the SQL type
//! (OID and typmod) travels separately, with the expression or column that produced it.

use crate::numeric::Numeric;
use common::Oid;

/// An interval: months, days and microseconds kept apart, as PostgreSQL does.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Interval {
    pub months: i32,
    pub days: i32,
    pub micros: i64,
}

/// An array value (any number of dimensions).
#[derive(Clone, Debug, PartialEq)]
pub struct Array {
    pub elem_type: Oid,
    /// (length, lower bound) per dimension; empty for an empty array.
    pub dims: Vec<(i32, i32)>,
    /// Elements in row-major order; `Datum::Null` for NULL elements.
    pub elems: Vec<Datum>,
}

impl Array {
    /// A one-dimensional array with lower bound 1.
    pub fn from_vec(elem_type: Oid, elems: Vec<Datum>) -> Array {
        let dims = if elems.is_empty() {
            Vec::new()
        } else {
            vec![(elems.len() as i32, 1)]
        };
        Array {
            elem_type,
            dims,
            elems,
        }
    }
}

/// One SQL value.
///
/// Storage variants by type: bool → Bool; int2/int4/int8 → Int2/Int4/Int8; float4/float8 →
/// Float4/Float8; oid, regproc, regclass, regtype, xid, cid → Oid; numeric → Numeric;
/// text, varchar, bpchar, name, json, xml, unknown-literal text, refcursor → Text;
/// "char" → Char; bytea → Bytea; date → Date (days since 2000-01-01); time → Time (µs since
/// midnight); timetz → TimeTz; timestamp/timestamptz → Timestamp/TimestampTz (µs since
/// 2000-01-01 00:00 UTC; i64::MIN/i64::MAX are -infinity/infinity); interval → Interval;
/// uuid → Uuid; arrays → Array; composite values → Record.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum Datum {
    #[default]
    Null,
    Bool(bool),
    Int2(i16),
    Int4(i32),
    Int8(i64),
    Float4(f32),
    Float8(f64),
    Oid(Oid),
    Numeric(Box<Numeric>),
    Text(String),
    Char(u8),
    Bytea(Vec<u8>),
    Date(i32),
    Time(i64),
    /// Time of day in µs and the zone's offset in seconds *west* of UTC (PostgreSQL's sign).
    TimeTz(i64, i32),
    Timestamp(i64),
    TimestampTz(i64),
    Interval(Interval),
    Uuid([u8; 16]),
    Array(Box<Array>),
    Record(Box<Vec<Datum>>),
}

impl Datum {
    #[inline]
    pub fn is_null(&self) -> bool {
        matches!(self, Datum::Null)
    }

    /// The boolean value; `None` for NULL or a non-boolean.
    #[inline]
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Datum::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// Integer value of any integer-like variant (int2/int4/int8/oid).
    #[inline]
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Datum::Int2(v) => Some(*v as i64),
            Datum::Int4(v) => Some(*v as i64),
            Datum::Int8(v) => Some(*v),
            Datum::Oid(v) => Some(*v as i64),
            _ => None,
        }
    }

    #[inline]
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Datum::Float4(v) => Some(*v as f64),
            Datum::Float8(v) => Some(*v),
            _ => None,
        }
    }

    /// Text content of Text variants.
    #[inline]
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Datum::Text(s) => Some(s),
            _ => None,
        }
    }

    pub fn text(s: impl Into<String>) -> Datum {
        Datum::Text(s.into())
    }

    pub fn numeric(n: Numeric) -> Datum {
        Datum::Numeric(Box::new(n))
    }
}
