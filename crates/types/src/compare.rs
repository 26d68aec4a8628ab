//! Ordering, equality and hashing of datums of the same type, with PostgreSQL's rules: text
//! compares byte by byte (the image's musl "C"-like collation), NaN sorts above every float,
//! -0 equals 0, numerics equal in value compare equal whatever their scale.

use crate::Datum;
use std::cmp::Ordering;
use std::hash::{Hash, Hasher};

/// Total order of two non-NULL datums of the same SQL type. NULLs sort last (as greater), which
/// callers adjust for NULLS FIRST.
pub fn compare(a: &Datum, b: &Datum) -> Ordering {
    use Datum::*;
    match (a, b) {
        (Null, Null) => Ordering::Equal,
        (Null, _) => Ordering::Greater,
        (_, Null) => Ordering::Less,
        (Bool(x), Bool(y)) => x.cmp(y),
        (Int2(x), Int2(y)) => x.cmp(y),
        (Int4(x), Int4(y)) => x.cmp(y),
        (Int8(x), Int8(y)) => x.cmp(y),
        (Float4(x), Float4(y)) => float_cmp(*x as f64, *y as f64),
        (Float8(x), Float8(y)) => float_cmp(*x, *y),
        (Oid(x), Oid(y)) => x.cmp(y),
        (Numeric(x), Numeric(y)) => x.cmp(y),
        (Text(x), Text(y)) => x.as_bytes().cmp(y.as_bytes()),
        (Char(x), Char(y)) => x.cmp(y),
        (Bytea(x), Bytea(y)) => x.cmp(y),
        (Date(x), Date(y)) => x.cmp(y),
        (Time(x), Time(y)) => x.cmp(y),
        (TimeTz(t1, z1), TimeTz(t2, z2)) => {
            // Compare by UTC instant, then by zone (PostgreSQL's timetz_cmp).
            let u1 = *t1 + *z1 as i64 * 1_000_000;
            let u2 = *t2 + *z2 as i64 * 1_000_000;
            u1.cmp(&u2).then(z1.cmp(z2))
        }
        (Timestamp(x), Timestamp(y)) => x.cmp(y),
        (TimestampTz(x), TimestampTz(y)) => x.cmp(y),
        (Interval(x), Interval(y)) => interval_key(x).cmp(&interval_key(y)),
        (Uuid(x), Uuid(y)) => x.cmp(y),
        (Array(x), Array(y)) => {
            for (ea, eb) in x.elems.iter().zip(y.elems.iter()) {
                let o = compare(ea, eb);
                if o != Ordering::Equal {
                    return o;
                }
            }
            x.elems
                .len()
                .cmp(&y.elems.len())
                .then_with(|| x.dims.cmp(&y.dims))
        }
        (Record(x), Record(y)) => {
            for (ea, eb) in x.iter().zip(y.iter()) {
                let o = compare(ea, eb);
                if o != Ordering::Equal {
                    return o;
                }
            }
            x.len().cmp(&y.len())
        }
        // Mixed variants only arise from analyzer bugs; order them deterministically.
        _ => variant_rank(a).cmp(&variant_rank(b)),
    }
}

/// SQL equality of two non-NULL datums of the same type (consistent with `compare`).
pub fn equal(a: &Datum, b: &Datum) -> bool {
    compare(a, b) == Ordering::Equal
}

/// Hash consistent with `equal` (for hash joins, hash aggregation, DISTINCT).
pub fn hash_datum<H: Hasher>(d: &Datum, h: &mut H) {
    use Datum::*;
    match d {
        Null => 0u8.hash(h),
        Bool(x) => x.hash(h),
        Int2(x) => (*x as i64).hash(h),
        Int4(x) => (*x as i64).hash(h),
        Int8(x) => x.hash(h),
        Float4(x) => float_bits(*x as f64).hash(h),
        Float8(x) => float_bits(*x).hash(h),
        Oid(x) => x.hash(h),
        Numeric(x) => x.hash(h),
        Text(x) => x.hash(h),
        Char(x) => x.hash(h),
        Bytea(x) => x.hash(h),
        Date(x) => x.hash(h),
        Time(x) => x.hash(h),
        TimeTz(t, z) => (t, z).hash(h),
        Timestamp(x) | TimestampTz(x) => x.hash(h),
        Interval(x) => interval_key(x).hash(h),
        Uuid(x) => x.hash(h),
        Array(a) => {
            a.dims.hash(h);
            for e in &a.elems {
                hash_datum(e, h);
            }
        }
        Record(r) => {
            for e in r.iter() {
                hash_datum(e, h);
            }
        }
    }
}

fn float_cmp(x: f64, y: f64) -> Ordering {
    match (x.is_nan(), y.is_nan()) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Greater,
        (false, true) => Ordering::Less,
        _ => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
    }
}

fn float_bits(x: f64) -> u64 {
    if x.is_nan() {
        u64::MAX
    } else if x == 0.0 {
        0
    } else {
        x.to_bits()
    }
}

/// Intervals compare as if a month were 30 days and a day 24 hours (PostgreSQL's interval_cmp).
fn interval_key(i: &crate::Interval) -> i128 {
    const DAY: i128 = 86_400_000_000;
    i.micros as i128 + i.days as i128 * DAY + i.months as i128 * 30 * DAY
}

fn variant_rank(d: &Datum) -> u8 {
    use Datum::*;
    match d {
        Null => 255,
        Bool(_) => 1,
        Int2(_) => 2,
        Int4(_) => 3,
        Int8(_) => 4,
        Float4(_) => 5,
        Float8(_) => 6,
        Oid(_) => 7,
        Numeric(_) => 8,
        Text(_) => 9,
        Char(_) => 10,
        Bytea(_) => 11,
        Date(_) => 12,
        Time(_) => 13,
        TimeTz(..) => 14,
        Timestamp(_) => 15,
        TimestampTz(_) => 16,
        Interval(_) => 17,
        Uuid(_) => 18,
        Array(_) => 19,
        Record(_) => 20,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_bytewise() {
        assert_eq!(
            compare(&Datum::text("a"), &Datum::text("B")),
            Ordering::Greater
        );
    }

    #[test]
    fn nan_sorts_last_and_zeroes_equal() {
        assert_eq!(
            compare(&Datum::Float8(f64::NAN), &Datum::Float8(1e300)),
            Ordering::Greater
        );
        assert!(equal(&Datum::Float8(0.0), &Datum::Float8(-0.0)));
    }
}
