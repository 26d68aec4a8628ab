//! Operations on `JsonbValue` trees behind the jsonb operators and functions: path lookup,
//! containment (@>), existence (?), concatenation (||), deletion (-, #-), jsonb_set /
//! jsonb_insert (PostgreSQL's setPath semantics) and jsonb_strip_nulls.

use super::value::{compare, JsonbValue};
use common::{pg_err, PgResult};
use std::cmp::Ordering;

/// Parse an array subscript as C's strtol would accept it (whole string, optional sign).
pub fn parse_index(s: &str) -> Option<i64> {
    let t = s.trim_start_matches([' ', '\t', '\n', '\r', '\x0b', '\x0c']);
    let v: i64 = t.parse().ok()?;
    if v > i32::MAX as i64 || v < i32::MIN as i64 {
        return None;
    }
    Some(v)
}

/// Resolve an index (negative counts from the end) into an array of `n` elements.
pub fn resolve_index(i: i64, n: usize) -> Option<usize> {
    let n = n as i64;
    let j = if i < 0 { n + i } else { i };
    if j < 0 || j >= n {
        None
    } else {
        Some(j as usize)
    }
}

/// `#>`: follow a path of keys / array subscripts; None when any step is missing.
pub fn get_path<'a>(v: &'a JsonbValue, path: &[Option<String>]) -> Option<&'a JsonbValue> {
    let mut cur = v;
    for p in path {
        let p = p.as_deref()?;
        cur = match cur {
            JsonbValue::Object(_) => cur.get(p)?,
            JsonbValue::Array(e) => &e[resolve_index(parse_index(p)?, e.len())?],
            _ => return None,
        };
    }
    Some(cur)
}

fn scalar_eq(a: &JsonbValue, b: &JsonbValue) -> bool {
    compare_scalar(a, b) == Ordering::Equal
}

fn compare_scalar(a: &JsonbValue, b: &JsonbValue) -> Ordering {
    compare(a, b)
}

/// `a @> b` (JsonbDeepContains at the top level, where scalars are one-element raw arrays).
pub fn contains(a: &JsonbValue, b: &JsonbValue) -> bool {
    match (a, b) {
        (JsonbValue::Object(_), JsonbValue::Object(_)) => deep_contains(a, b),
        (JsonbValue::Object(_), _) | (_, JsonbValue::Object(_)) => false,
        (JsonbValue::Array(_), JsonbValue::Array(_)) => deep_contains(a, b),
        (JsonbValue::Array(_), s) => deep_contains(a, &JsonbValue::Array(vec![s.clone()])),
        // A raw scalar cannot contain an array.
        (_, JsonbValue::Array(_)) => false,
        (x, y) => scalar_eq(x, y),
    }
}

fn deep_contains(a: &JsonbValue, b: &JsonbValue) -> bool {
    match (a, b) {
        (JsonbValue::Object(pa), JsonbValue::Object(pb)) => {
            if pb.len() > pa.len() {
                return false;
            }
            pb.iter().all(|(k, vb)| match a.get(k) {
                None => false,
                Some(va) => match (va.is_scalar(), vb.is_scalar()) {
                    (true, true) => scalar_eq(va, vb),
                    (false, false) => {
                        std::mem::discriminant(va) == std::mem::discriminant(vb)
                            && deep_contains(va, vb)
                    }
                    _ => false,
                },
            })
        }
        (JsonbValue::Array(ea), JsonbValue::Array(eb)) => eb.iter().all(|vb| {
            if vb.is_scalar() {
                ea.iter().any(|va| va.is_scalar() && scalar_eq(va, vb))
            } else {
                ea.iter().any(|va| {
                    std::mem::discriminant(va) == std::mem::discriminant(vb)
                        && deep_contains(va, vb)
                })
            }
        }),
        _ => false,
    }
}

/// `v ? key`: an object key, or a string element of an array (or a string raw scalar).
pub fn exists(v: &JsonbValue, key: &str) -> bool {
    match v {
        JsonbValue::Object(_) => v.get(key).is_some(),
        JsonbValue::Array(e) => e
            .iter()
            .any(|x| matches!(x, JsonbValue::String(s) if s == key)),
        JsonbValue::String(s) => s == key,
        _ => false,
    }
}

fn as_array(v: JsonbValue) -> Vec<JsonbValue> {
    match v {
        JsonbValue::Array(e) => e,
        s => vec![s],
    }
}

/// `a || b`.
pub fn concat(a: JsonbValue, b: JsonbValue) -> PgResult<JsonbValue> {
    let bad = || {
        pg_err!(
            INVALID_PARAMETER_VALUE,
            "invalid concatenation of jsonb objects"
        )
    };
    Ok(match (a, b) {
        (JsonbValue::Object(mut pa), JsonbValue::Object(pb)) => {
            pa.extend(pb);
            JsonbValue::object(pa)
        }
        (o @ JsonbValue::Object(_), JsonbValue::Array(mut e)) => {
            e.insert(0, o);
            JsonbValue::Array(e)
        }
        (JsonbValue::Array(mut e), o @ JsonbValue::Object(_)) => {
            e.push(o);
            JsonbValue::Array(e)
        }
        (JsonbValue::Object(_), _) | (_, JsonbValue::Object(_)) => return Err(bad()),
        (x, y) => {
            let mut e = as_array(x);
            e.extend(as_array(y));
            JsonbValue::Array(e)
        }
    })
}

fn delete_scalar_err() -> common::PgError {
    pg_err!(INVALID_PARAMETER_VALUE, "cannot delete from scalar")
}

/// `v - key` for a set of keys (text and text[] forms).
pub fn delete_keys(v: JsonbValue, keys: &[&str]) -> PgResult<JsonbValue> {
    Ok(match v {
        JsonbValue::Object(p) => JsonbValue::Object(
            p.into_iter()
                .filter(|(k, _)| !keys.contains(&k.as_str()))
                .collect(),
        ),
        JsonbValue::Array(e) => JsonbValue::Array(
            e.into_iter()
                .filter(|x| !matches!(x, JsonbValue::String(s) if keys.contains(&s.as_str())))
                .collect(),
        ),
        _ => return Err(delete_scalar_err()),
    })
}

/// `v - index`.
pub fn delete_index(v: JsonbValue, idx: i64) -> PgResult<JsonbValue> {
    match v {
        JsonbValue::Object(_) => Err(pg_err!(
            INVALID_PARAMETER_VALUE,
            "cannot delete from object using integer index"
        )),
        JsonbValue::Array(mut e) => {
            if let Some(i) = resolve_index(idx, e.len()) {
                e.remove(i);
            }
            Ok(JsonbValue::Array(e))
        }
        _ => Err(delete_scalar_err()),
    }
}

/// What setPath does at the end of the path.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum PathOp {
    /// jsonb_set with create_missing.
    Create,
    /// jsonb_set without create_missing.
    Replace,
    Delete,
    InsertBefore,
    InsertAfter,
}

impl PathOp {
    fn creates(self) -> bool {
        matches!(
            self,
            PathOp::Create | PathOp::InsertBefore | PathOp::InsertAfter
        )
    }
}

/// jsonb_set / jsonb_insert / #- on a container (callers reject scalars first).
pub fn set_path(
    v: JsonbValue,
    path: &[Option<String>],
    level: usize,
    newval: &JsonbValue,
    op: PathOp,
) -> PgResult<JsonbValue> {
    if level >= path.len() {
        return Ok(v);
    }
    let last = level == path.len() - 1;
    match v {
        JsonbValue::Object(mut pairs) => {
            let key = match &path[level] {
                Some(k) => k,
                None => {
                    return Err(pg_err!(
                        NULL_VALUE_NOT_ALLOWED,
                        "path element at position {} is null",
                        level + 1
                    ))
                }
            };
            match pairs.iter().position(|(k, _)| k == key) {
                Some(i) => {
                    if last {
                        match op {
                            PathOp::InsertBefore | PathOp::InsertAfter => {
                                return Err(pg_err!(
                                    INVALID_PARAMETER_VALUE,
                                    "cannot replace existing key"
                                )
                                .with_hint(
                                    "Try using the function jsonb_set to replace key value.",
                                ))
                            }
                            PathOp::Delete => {
                                pairs.remove(i);
                            }
                            _ => pairs[i].1 = newval.clone(),
                        }
                    } else {
                        let child = std::mem::replace(&mut pairs[i].1, JsonbValue::Null);
                        pairs[i].1 = set_path(child, path, level + 1, newval, op)?;
                    }
                    Ok(JsonbValue::Object(pairs))
                }
                None => {
                    if last && op.creates() {
                        pairs.push((key.clone(), newval.clone()));
                        Ok(JsonbValue::object(pairs))
                    } else {
                        Ok(JsonbValue::Object(pairs))
                    }
                }
            }
        }
        JsonbValue::Array(mut elems) => {
            let n = elems.len() as i64;
            let mut idx = match &path[level] {
                Some(s) => parse_index(s).ok_or_else(|| {
                    pg_err!(
                        INVALID_TEXT_REPRESENTATION,
                        "path element at position {} is not an integer: \"{}\"",
                        level + 1,
                        s
                    )
                })?,
                None => n,
            };
            let mut prepend = false;
            if idx < 0 {
                if -idx > n {
                    prepend = true;
                    idx = i64::MIN;
                } else {
                    idx += n;
                }
            }
            if idx > n {
                idx = n;
            }
            if last && op.creates() && (prepend || n == 0) {
                elems.insert(0, newval.clone());
                return Ok(JsonbValue::Array(elems));
            }
            if idx >= 0 && idx < n {
                let i = idx as usize;
                if last {
                    match op {
                        PathOp::Delete => {
                            elems.remove(i);
                        }
                        PathOp::Create | PathOp::Replace => elems[i] = newval.clone(),
                        PathOp::InsertBefore => elems.insert(i, newval.clone()),
                        PathOp::InsertAfter => elems.insert(i + 1, newval.clone()),
                    }
                } else {
                    let child = std::mem::replace(&mut elems[i], JsonbValue::Null);
                    elems[i] = set_path(child, path, level + 1, newval, op)?;
                }
            } else if last && op.creates() && idx == n {
                elems.push(newval.clone());
            }
            Ok(JsonbValue::Array(elems))
        }
        scalar => Ok(scalar),
    }
}

/// jsonb_strip_nulls: drop object fields whose value is null, recursively.
pub fn strip_nulls(v: JsonbValue) -> JsonbValue {
    match v {
        JsonbValue::Object(p) => JsonbValue::Object(
            p.into_iter()
                .filter(|(_, v)| !matches!(v, JsonbValue::Null))
                .map(|(k, v)| (k, strip_nulls(v)))
                .collect(),
        ),
        JsonbValue::Array(e) => JsonbValue::Array(e.into_iter().map(strip_nulls).collect()),
        s => s,
    }
}
