//! Array subscripting with PostgreSQL's semantics, for the executor: element fetch `a[i][j]`,
//! slice fetch `a[1:2]` (bounds optional), element assignment (1-D arrays grow, NULL-filled)
//! and slice assignment. NULL subscripts are the caller's business (fetch yields NULL,
//! assignment raises `array subscript in assignment must not be null`); a NULL array being
//! assigned into should be passed as an empty `Array`.

use super::{check_size, MAXDIM};
use crate::{Array, Datum};
use common::{pg_err, PgError, PgResult};

fn is_empty(a: &Array) -> bool {
    a.dims.is_empty() || a.elems.is_empty()
}

fn wrong_count() -> PgError {
    pg_err!(ARRAY_SUBSCRIPT_ERROR, "wrong number of array subscripts")
}

fn out_of_range() -> PgError {
    pg_err!(ARRAY_SUBSCRIPT_ERROR, "array subscript out of range")
}

/// Row-major offset of the element at 0-based per-dimension positions.
fn offset(dims: &[(i32, i32)], pos: &[usize]) -> usize {
    let mut off = 0usize;
    for (k, &(n, _)) in dims.iter().enumerate() {
        off = off * n as usize + pos[k];
    }
    off
}

/// `a[subs...]`: NULL when the number of subscripts differs from the array's dimensionality or
/// any subscript is out of range.
pub fn get_element(a: &Array, subs: &[i32]) -> Datum {
    if is_empty(a) || subs.len() != a.dims.len() {
        return Datum::Null;
    }
    let mut pos = Vec::with_capacity(subs.len());
    for (k, &s) in subs.iter().enumerate() {
        let (n, lb) = a.dims[k];
        let p = s as i64 - lb as i64;
        if p < 0 || p >= n as i64 {
            return Datum::Null;
        }
        pos.push(p as usize);
    }
    a.elems
        .get(offset(&a.dims, &pos))
        .cloned()
        .unwrap_or(Datum::Null)
}

/// Iterate over all 0-based positions of a box `[lo[k], lo[k]+len[k])` in row-major order.
fn for_each_pos(lo: &[usize], len: &[usize], mut f: impl FnMut(&[usize])) {
    if len.contains(&0) {
        return;
    }
    let mut cur: Vec<usize> = lo.to_vec();
    loop {
        f(&cur);
        let mut k = cur.len();
        loop {
            if k == 0 {
                return;
            }
            k -= 1;
            cur[k] += 1;
            if cur[k] < lo[k] + len[k] {
                break;
            }
            cur[k] = lo[k];
        }
    }
}

/// `a[l1:u1][l2:u2]...` (missing bounds default to the array's). The result has lower bounds 1;
/// empty when out of range.
pub fn get_slice(a: &Array, lower: &[Option<i32>], upper: &[Option<i32>]) -> Array {
    let empty = Array {
        elem_type: a.elem_type,
        dims: Vec::new(),
        elems: Vec::new(),
    };
    let nsub = lower.len().max(upper.len());
    if is_empty(a) || nsub > a.dims.len() {
        return empty;
    }
    let mut lo = Vec::new();
    let mut len = Vec::new();
    for (k, &(n, lb)) in a.dims.iter().enumerate() {
        let ub = lb as i64 + n as i64 - 1;
        let (mut l, mut u) = (lb as i64, ub);
        if k < nsub {
            if let Some(Some(x)) = lower.get(k) {
                l = (*x as i64).max(lb as i64);
            }
            if let Some(Some(x)) = upper.get(k) {
                u = (*x as i64).min(ub);
            }
        }
        if l > u {
            return empty;
        }
        lo.push((l - lb as i64) as usize);
        len.push((u - l + 1) as usize);
    }
    let mut elems = Vec::with_capacity(len.iter().product());
    for_each_pos(&lo, &len, |p| {
        elems.push(
            a.elems
                .get(offset(&a.dims, p))
                .cloned()
                .unwrap_or(Datum::Null),
        );
    });
    Array {
        elem_type: a.elem_type,
        dims: len.iter().map(|&n| (n as i32, 1)).collect(),
        elems,
    }
}

/// `a[subs...] := v`.
pub fn set_element(a: &Array, subs: &[i32], v: Datum) -> PgResult<Array> {
    if subs.len() > MAXDIM {
        return Err(pg_err!(
            PROGRAM_LIMIT_EXCEEDED,
            "number of array dimensions ({}) exceeds the maximum allowed ({})",
            subs.len(),
            MAXDIM
        ));
    }
    if is_empty(a) {
        return Ok(Array {
            elem_type: a.elem_type,
            dims: subs.iter().map(|&s| (1, s)).collect(),
            elems: vec![v],
        });
    }
    if subs.len() != a.dims.len() {
        return Err(wrong_count());
    }
    if a.dims.len() == 1 {
        let (n, lb) = a.dims[0];
        let s = subs[0] as i64;
        let (lb64, ub64) = (lb as i64, lb as i64 + n as i64 - 1);
        let mut out = a.clone();
        if s < lb64 {
            let add = (lb64 - s) as usize;
            check_size(a.elems.len() + add)?;
            let mut elems = Vec::with_capacity(a.elems.len() + add);
            elems.push(v);
            elems.extend(std::iter::repeat_n(Datum::Null, add - 1));
            elems.extend(a.elems.iter().cloned());
            out.elems = elems;
            out.dims[0] = (out.elems.len() as i32, subs[0]);
        } else if s > ub64 {
            let add = (s - ub64) as usize;
            check_size(a.elems.len() + add)?;
            out.elems.extend(std::iter::repeat_n(Datum::Null, add - 1));
            out.elems.push(v);
            out.dims[0].0 = out.elems.len() as i32;
        } else {
            out.elems[(s - lb64) as usize] = v;
        }
        return Ok(out);
    }
    let mut pos = Vec::with_capacity(subs.len());
    for (k, &s) in subs.iter().enumerate() {
        let (n, lb) = a.dims[k];
        let p = s as i64 - lb as i64;
        if p < 0 || p >= n as i64 {
            return Err(out_of_range());
        }
        pos.push(p as usize);
    }
    let mut out = a.clone();
    let off = offset(&a.dims, &pos);
    match out.elems.get_mut(off) {
        Some(slot) => *slot = v,
        None => return Err(out_of_range()),
    }
    Ok(out)
}

/// `a[l1:u1]... := src`: takes elements from `src` in row-major order.
pub fn set_slice(
    a: &Array,
    lower: &[Option<i32>],
    upper: &[Option<i32>],
    src: &Array,
) -> PgResult<Array> {
    let nsub = lower.len().max(upper.len());
    let too_small = || pg_err!(ARRAY_SUBSCRIPT_ERROR, "source array too small");
    let bad_bounds = || {
        pg_err!(
            ARRAY_SUBSCRIPT_ERROR,
            "upper bound cannot be less than lower bound"
        )
    };
    if nsub > MAXDIM {
        return Err(pg_err!(
            PROGRAM_LIMIT_EXCEEDED,
            "number of array dimensions ({}) exceeds the maximum allowed ({})",
            nsub,
            MAXDIM
        ));
    }
    if is_empty(a) {
        let mut dims = Vec::with_capacity(nsub);
        for k in 0..nsub {
            let (l, u) = match (lower.get(k).copied().flatten(), upper.get(k).copied().flatten()) {
                (Some(l), Some(u)) => (l, u),
                _ => {
                    return Err(pg_err!(
                        ARRAY_SUBSCRIPT_ERROR,
                        "array slice subscript must provide both boundaries"
                    )
                    .with_detail(
                        "When assigning to a slice of an empty array value, slice boundaries must be fully specified.",
                    ))
                }
            };
            if u < l {
                return Err(bad_bounds());
            }
            let n = u as i64 - l as i64 + 1;
            let n = i32::try_from(n)
                .map_err(|_| pg_err!(NUMERIC_VALUE_OUT_OF_RANGE, "integer out of range"))?;
            dims.push((n, l));
        }
        let total = dims
            .iter()
            .try_fold(1usize, |acc, d| acc.checked_mul(d.0 as usize));
        let total = total.ok_or_else(|| {
            pg_err!(
                PROGRAM_LIMIT_EXCEEDED,
                "array size exceeds the maximum allowed ({})",
                super::MAX_ARRAY_SIZE
            )
        })?;
        check_size(total)?;
        if src.elems.len() < total {
            return Err(too_small());
        }
        return Ok(Array {
            elem_type: a.elem_type,
            dims,
            elems: src.elems[..total].to_vec(),
        });
    }
    if nsub > a.dims.len() || nsub == 0 {
        return Err(wrong_count());
    }
    if a.dims.len() == 1 {
        let (n, lb) = a.dims[0];
        let ub = lb as i64 + n as i64 - 1;
        let l = lower
            .first()
            .copied()
            .flatten()
            .map(|x| x as i64)
            .unwrap_or(lb as i64);
        let u = upper
            .first()
            .copied()
            .flatten()
            .map(|x| x as i64)
            .unwrap_or(ub);
        if u < l {
            return Err(bad_bounds());
        }
        let count = (u - l + 1) as usize;
        check_size(count)?;
        if src.elems.len() < count {
            return Err(too_small());
        }
        let new_lb = l.min(lb as i64);
        let new_ub = u.max(ub);
        let total = (new_ub - new_lb + 1) as usize;
        check_size(total)?;
        let mut elems = vec![Datum::Null; total];
        for (k, e) in a.elems.iter().enumerate() {
            elems[(lb as i64 - new_lb) as usize + k] = e.clone();
        }
        for k in 0..count {
            elems[(l - new_lb) as usize + k] = src.elems[k].clone();
        }
        let new_lb = i32::try_from(new_lb)
            .map_err(|_| pg_err!(NUMERIC_VALUE_OUT_OF_RANGE, "integer out of range"))?;
        return Ok(Array {
            elem_type: a.elem_type,
            dims: vec![(total as i32, new_lb)],
            elems,
        });
    }
    let mut lo = Vec::new();
    let mut len = Vec::new();
    for (k, &(n, lb)) in a.dims.iter().enumerate() {
        let ub = lb as i64 + n as i64 - 1;
        let (mut l, mut u) = (lb as i64, ub);
        if k < nsub {
            if let Some(Some(x)) = lower.get(k) {
                l = *x as i64;
            }
            if let Some(Some(x)) = upper.get(k) {
                u = *x as i64;
            }
        }
        if u < l {
            return Err(bad_bounds());
        }
        if l < lb as i64 || u > ub {
            return Err(out_of_range());
        }
        lo.push((l - lb as i64) as usize);
        len.push((u - l + 1) as usize);
    }
    let count: usize = len.iter().product();
    if src.elems.len() < count {
        return Err(too_small());
    }
    let mut out = a.clone();
    let mut k = 0;
    for_each_pos(&lo, &len, |p| {
        let off = offset(&a.dims, p);
        if let Some(slot) = out.elems.get_mut(off) {
            *slot = src.elems[k].clone();
        }
        k += 1;
    });
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oids::TEXT;

    fn arr(dims: &[(i32, i32)], v: &[&str]) -> Array {
        Array {
            elem_type: TEXT,
            dims: dims.to_vec(),
            elems: v
                .iter()
                .map(|s| {
                    if *s == "N" {
                        Datum::Null
                    } else {
                        Datum::text(*s)
                    }
                })
                .collect(),
        }
    }

    #[test]
    fn fetch() {
        let a = arr(&[(2, 1), (3, 1)], &["a", "b", "c", "d", "e", "f"]);
        assert_eq!(get_element(&a, &[2, 3]), Datum::text("f"));
        assert_eq!(get_element(&a, &[3, 1]), Datum::Null);
        assert_eq!(get_element(&a, &[1]), Datum::Null);
        let s = get_slice(&a, &[Some(1), Some(2)], &[Some(2), None]);
        assert_eq!(s, arr(&[(2, 1), (2, 1)], &["b", "c", "e", "f"]));
        let s = get_slice(&a, &[Some(2)], &[Some(9)]);
        assert_eq!(s, arr(&[(1, 1), (3, 1)], &["d", "e", "f"]));
        assert!(get_slice(&a, &[Some(3)], &[Some(4)]).elems.is_empty());
    }

    #[test]
    fn assign() {
        let a = arr(&[(2, 1)], &["a", "b"]);
        assert_eq!(
            set_element(&a, &[4], Datum::text("x")).unwrap(),
            arr(&[(4, 1)], &["a", "b", "N", "x"])
        );
        assert_eq!(
            set_element(&a, &[-1], Datum::text("x")).unwrap(),
            arr(&[(4, -1)], &["x", "N", "a", "b"])
        );
        let e = arr(&[], &[]);
        assert_eq!(
            set_element(&e, &[0, 3], Datum::text("x")).unwrap(),
            arr(&[(1, 0), (1, 3)], &["x"])
        );
        let m = arr(&[(2, 1), (2, 1)], &["a", "b", "c", "d"]);
        assert_eq!(
            set_element(&m, &[3, 1], Datum::Null).unwrap_err().message,
            "array subscript out of range"
        );
        assert_eq!(
            set_element(&m, &[1], Datum::Null).unwrap_err().message,
            "wrong number of array subscripts"
        );
        let src = arr(&[(3, 1)], &["x", "y", "z"]);
        assert_eq!(
            set_slice(&a, &[Some(2)], &[Some(4)], &src).unwrap(),
            arr(&[(4, 1)], &["a", "x", "y", "z"])
        );
        assert_eq!(
            set_slice(&a, &[None], &[None], &arr(&[(1, 1)], &["q"]))
                .unwrap_err()
                .message,
            "source array too small"
        );
        let err = set_slice(&e, &[None], &[None], &src).unwrap_err();
        assert_eq!(
            err.message,
            "array slice subscript must provide both boundaries"
        );
        assert_eq!(
            set_slice(&e, &[Some(1)], &[Some(2)], &src).unwrap(),
            arr(&[(2, 1)], &["x", "y"])
        );
        assert_eq!(
            set_slice(&m, &[Some(1), Some(2)], &[Some(2), Some(2)], &src).unwrap(),
            arr(&[(2, 1), (2, 1)], &["a", "x", "c", "y"])
        );
    }
}
