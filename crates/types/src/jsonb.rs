//! The jsonb type (and the functions/operators of json and jsonb). A jsonb datum is
//! `Datum::Bytea` holding PostgreSQL's on-disk jsonb payload (see `jsonb::binary`), decoded into
//! a `JsonbValue` tree for every operation. The json type itself (input validation, storage as
//! text) lives in `text`; its functions live here (`jsonb::jsonfn`).
//!
//! Set-returning functions (json_each, jsonb_array_elements, ...) are registered with
//! `retset: true`; the executor obtains their rows from [`srf_rows`] and their result columns
//! from [`srf_columns`].
//!
//! Ordering/hashing: the generic `compare::compare` sees jsonb as bytea; use
//! [`compare_datums`] / [`hash_datum`] for PostgreSQL's jsonb order (ORDER BY, DISTINCT, GROUP BY).

pub mod binary;
pub mod conv;
pub mod jsonfn;
pub mod ops;
pub mod parse;
pub mod value;

#[cfg(test)]
mod tests;

use crate::oids::*;
use crate::registry::{CastDef, FuncCtx, OperDef, ProcDef};
use crate::{Datum, SessionEnv};
use common::{pg_err, Oid, PgError, PgResult};
use jsonfn::Json;
use ops::PathOp;
use parse::Kind;
use std::cmp::Ordering;
pub use value::JsonbValue;

// ---------------------------------------------------------------------------------------------
// Datum conversion helpers.

/// Parse JSON text into a normalised jsonb value (jsonb_in).
pub fn parse_jsonb(s: &str) -> PgResult<JsonbValue> {
    JsonbValue::from_node(parse::parse(s)?)
}

/// The jsonb value of a jsonb datum (Bytea payload; Text is parsed as a fallback).
pub fn value_of(d: &Datum) -> PgResult<JsonbValue> {
    match d {
        // Binary encoding; values a version that stored jsonb as text left behind still read.
        Datum::Bytea(b) => binary::decode(b).or_else(|e| match std::str::from_utf8(b) {
            Ok(s) => parse_jsonb(s).map_err(|_| e),
            Err(_) => Err(e),
        }),
        Datum::Text(s) => parse_jsonb(s),
        other => Err(PgError::internal(format!(
            "jsonb datum expected, got {other:?}"
        ))),
    }
}

/// Encode a jsonb value as a datum.
pub fn datum_of(v: &JsonbValue) -> PgResult<Datum> {
    Ok(Datum::Bytea(binary::encode(v)?))
}

/// PostgreSQL's jsonb ordering of two jsonb datums (undecodable ones compare bytewise).
pub fn compare_datums(a: &Datum, b: &Datum) -> Ordering {
    match (value_of(a), value_of(b)) {
        (Ok(x), Ok(y)) => value::compare(&x, &y),
        _ => crate::compare::compare(a, b),
    }
}

/// Hash of a jsonb datum consistent with [`compare_datums`] equality.
pub fn hash_datum<H: std::hash::Hasher>(d: &Datum, h: &mut H) {
    match value_of(d) {
        Ok(v) => value::hash_value(&v, h),
        Err(_) => crate::compare::hash_datum(d, h),
    }
}

fn json_arg(d: &Datum) -> PgResult<Json> {
    match d {
        Datum::Text(s) => Json::parse(s),
        other => Err(PgError::internal(format!(
            "json datum expected, got {other:?}"
        ))),
    }
}

fn text_arg(d: &Datum, cx: &FuncCtx, i: usize) -> PgResult<String> {
    match d {
        Datum::Text(s) => Ok(s.clone()),
        other => crate::text::any_to_text(other, cx.arg_types.get(i).copied().unwrap_or(0), cx.env),
    }
}

fn int_arg(d: &Datum) -> i64 {
    d.as_i64().unwrap_or(0)
}

fn bool_arg(d: &Datum) -> bool {
    d.as_bool().unwrap_or(false)
}

fn opt_text(s: Option<String>) -> Datum {
    s.map(Datum::Text).unwrap_or(Datum::Null)
}

/// A text[] argument as path elements (NULL elements kept as None); must be one-dimensional.
fn text_array(d: &Datum) -> PgResult<Vec<Option<String>>> {
    match d {
        Datum::Array(a) => {
            if a.dims.len() > 1 {
                return Err(pg_err!(
                    ARRAY_SUBSCRIPT_ERROR,
                    "wrong number of array subscripts"
                ));
            }
            Ok(a.elems
                .iter()
                .map(|e| match e {
                    Datum::Text(s) => Some(s.clone()),
                    _ => None,
                })
                .collect())
        }
        Datum::Text(s) => Ok(vec![Some(s.clone())]),
        _ => Ok(vec![None]),
    }
}

/// Path arguments of a (possibly variadic) text[] parameter starting at `args[from]`.
fn path_args(args: &[Datum], from: usize) -> PgResult<Vec<Option<String>>> {
    match args.get(from) {
        Some(d @ Datum::Array(_)) if args.len() == from + 1 => text_array(d),
        _ => Ok(args[from.min(args.len())..]
            .iter()
            .map(|d| d.as_str().map(str::to_string))
            .collect()),
    }
}

fn jsonb_text(v: &JsonbValue) -> Option<String> {
    match v {
        JsonbValue::Null => None,
        JsonbValue::String(s) => Some(s.clone()),
        other => Some(other.to_text()),
    }
}

fn jd(v: &JsonbValue) -> PgResult<Datum> {
    datum_of(v)
}

fn opt_jd(v: Option<&JsonbValue>) -> PgResult<Datum> {
    match v {
        Some(v) => jd(v),
        None => Ok(Datum::Null),
    }
}

// ---------------------------------------------------------------------------------------------
// Type hooks.

pub fn input(typ: Oid, _typmod: i32, s: &str, _env: &SessionEnv) -> Option<PgResult<Datum>> {
    if typ != JSONB {
        return None;
    }
    Some(parse_jsonb(s).and_then(|v| datum_of(&v)))
}

pub fn output(typ: Oid, d: &Datum, _env: &SessionEnv, out: &mut String) -> PgResult<bool> {
    if typ != JSONB {
        return Ok(false);
    }
    value_of(d)?.write(out);
    Ok(true)
}

pub fn receive(typ: Oid, _typmod: i32, b: &[u8], _env: &SessionEnv) -> Option<PgResult<Datum>> {
    if typ != JSONB {
        return None;
    }
    Some((|| {
        let (ver, body) = b.split_first().ok_or_else(|| {
            pg_err!(
                INVALID_BINARY_REPRESENTATION,
                "insufficient data left in message"
            )
        })?;
        if *ver != 1 {
            return Err(pg_err!(
                INVALID_BINARY_REPRESENTATION,
                "unsupported jsonb version number {}",
                ver
            ));
        }
        let s = std::str::from_utf8(body).map_err(|_| {
            pg_err!(
                CHARACTER_NOT_IN_REPERTOIRE,
                "invalid byte sequence for encoding \"UTF8\""
            )
        })?;
        datum_of(&parse_jsonb(s)?)
    })())
}

pub fn send(typ: Oid, d: &Datum, _env: &SessionEnv, out: &mut Vec<u8>) -> PgResult<bool> {
    if typ != JSONB {
        return Ok(false);
    }
    out.push(1);
    out.extend_from_slice(value_of(d)?.to_text().as_bytes());
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
// jsonb functions.

fn cmp2(a: &[Datum]) -> PgResult<Ordering> {
    Ok(value::compare(&value_of(&a[0])?, &value_of(&a[1])?))
}
fn jsonb_eq(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(Datum::Bool(cmp2(a)? == Ordering::Equal))
}
fn jsonb_ne(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(Datum::Bool(cmp2(a)? != Ordering::Equal))
}
fn jsonb_lt(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(Datum::Bool(cmp2(a)? == Ordering::Less))
}
fn jsonb_le(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(Datum::Bool(cmp2(a)? != Ordering::Greater))
}
fn jsonb_gt(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(Datum::Bool(cmp2(a)? == Ordering::Greater))
}
fn jsonb_ge(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(Datum::Bool(cmp2(a)? != Ordering::Less))
}
fn jsonb_cmp(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(Datum::Int4(cmp2(a)? as i32))
}
fn jsonb_hash(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    use std::hash::Hasher;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    value::hash_value(&value_of(&a[0])?, &mut h);
    Ok(Datum::Int4(h.finish() as i32))
}

fn jsonb_object_field(a: &[Datum], cx: &FuncCtx) -> PgResult<Datum> {
    let v = value_of(&a[0])?;
    opt_jd(v.get(&text_arg(&a[1], cx, 1)?))
}
fn jsonb_object_field_text(a: &[Datum], cx: &FuncCtx) -> PgResult<Datum> {
    let v = value_of(&a[0])?;
    Ok(opt_text(
        v.get(&text_arg(&a[1], cx, 1)?).and_then(jsonb_text),
    ))
}
fn jsonb_elem(v: &JsonbValue, i: i64) -> Option<&JsonbValue> {
    match v {
        JsonbValue::Array(e) => e.get(ops::resolve_index(i, e.len())?),
        _ => None,
    }
}
fn jsonb_array_element(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let v = value_of(&a[0])?;
    opt_jd(jsonb_elem(&v, int_arg(&a[1])))
}
fn jsonb_array_element_text(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let v = value_of(&a[0])?;
    Ok(opt_text(
        jsonb_elem(&v, int_arg(&a[1])).and_then(jsonb_text),
    ))
}
fn jsonb_extract_path(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let v = value_of(&a[0])?;
    let p = path_args(a, 1)?;
    opt_jd(ops::get_path(&v, &p))
}
fn jsonb_extract_path_text(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let v = value_of(&a[0])?;
    let p = path_args(a, 1)?;
    Ok(opt_text(ops::get_path(&v, &p).and_then(jsonb_text)))
}

fn jsonb_contains(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(Datum::Bool(ops::contains(
        &value_of(&a[0])?,
        &value_of(&a[1])?,
    )))
}
fn jsonb_contained(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(Datum::Bool(ops::contains(
        &value_of(&a[1])?,
        &value_of(&a[0])?,
    )))
}
fn jsonb_exists(a: &[Datum], cx: &FuncCtx) -> PgResult<Datum> {
    Ok(Datum::Bool(ops::exists(
        &value_of(&a[0])?,
        &text_arg(&a[1], cx, 1)?,
    )))
}
fn jsonb_exists_any(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let v = value_of(&a[0])?;
    let keys = text_array(&a[1])?;
    Ok(Datum::Bool(
        keys.iter().flatten().any(|k| ops::exists(&v, k)),
    ))
}
fn jsonb_exists_all(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let v = value_of(&a[0])?;
    let keys = text_array(&a[1])?;
    Ok(Datum::Bool(
        keys.iter().flatten().all(|k| ops::exists(&v, k)),
    ))
}
fn jsonb_concat(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    jd(&ops::concat(value_of(&a[0])?, value_of(&a[1])?)?)
}
fn jsonb_delete(a: &[Datum], cx: &FuncCtx) -> PgResult<Datum> {
    let k = text_arg(&a[1], cx, 1)?;
    jd(&ops::delete_keys(value_of(&a[0])?, &[k.as_str()])?)
}
fn jsonb_delete_array(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let v = value_of(&a[0])?;
    let keys = path_args(a, 1)?;
    if keys.is_empty() {
        return jd(&v);
    }
    let ks: Vec<&str> = keys.iter().flatten().map(String::as_str).collect();
    jd(&ops::delete_keys(v, &ks)?)
}
fn jsonb_delete_idx(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    jd(&ops::delete_index(value_of(&a[0])?, int_arg(&a[1]))?)
}
fn jsonb_delete_path(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let v = value_of(&a[0])?;
    let p = text_array(&a[1])?;
    if v.is_scalar() {
        return Err(pg_err!(
            INVALID_PARAMETER_VALUE,
            "cannot delete path in scalar"
        ));
    }
    let empty = matches!(&v, JsonbValue::Array(e) if e.is_empty())
        || matches!(&v, JsonbValue::Object(e) if e.is_empty());
    if p.is_empty() || empty {
        return jd(&v);
    }
    jd(&ops::set_path(v, &p, 0, &JsonbValue::Null, PathOp::Delete)?)
}
fn set_common(a: &[Datum], op: PathOp) -> PgResult<Datum> {
    let v = value_of(&a[0])?;
    let p = text_array(&a[1])?;
    let nv = value_of(&a[2])?;
    if v.is_scalar() {
        return Err(pg_err!(
            INVALID_PARAMETER_VALUE,
            "cannot set path in scalar"
        ));
    }
    if p.is_empty() {
        return jd(&v);
    }
    jd(&ops::set_path(v, &p, 0, &nv, op)?)
}
fn jsonb_set(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let create = a.get(3).map(bool_arg).unwrap_or(true);
    set_common(
        a,
        if create {
            PathOp::Create
        } else {
            PathOp::Replace
        },
    )
}
fn jsonb_insert(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let after = a.get(3).map(bool_arg).unwrap_or(false);
    set_common(
        a,
        if after {
            PathOp::InsertAfter
        } else {
            PathOp::InsertBefore
        },
    )
}
fn jsonb_strip_nulls(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    jd(&ops::strip_nulls(value_of(&a[0])?))
}
fn jsonb_pretty(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(Datum::Text(value_of(&a[0])?.to_pretty()))
}
fn jsonb_typeof(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(Datum::text(value_of(&a[0])?.type_name()))
}
fn jsonb_array_length(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    match value_of(&a[0])? {
        JsonbValue::Array(e) => Ok(Datum::Int4(e.len() as i32)),
        JsonbValue::Object(_) => Err(pg_err!(
            INVALID_PARAMETER_VALUE,
            "cannot get array length of a non-array"
        )),
        _ => Err(pg_err!(
            INVALID_PARAMETER_VALUE,
            "cannot get array length of a scalar"
        )),
    }
}
fn to_jsonb(a: &[Datum], cx: &FuncCtx) -> PgResult<Datum> {
    let t = cx.arg_types.first().copied().unwrap_or(0);
    jd(&conv::datum_to_jsonb(&a[0], t, cx.env, false)?)
}
fn jsonb_build_array(a: &[Datum], cx: &FuncCtx) -> PgResult<Datum> {
    let mut v = Vec::with_capacity(a.len());
    for (i, d) in a.iter().enumerate() {
        let t = cx.arg_types.get(i).copied().unwrap_or(0);
        v.push(conv::datum_to_jsonb(d, t, cx.env, false)?);
    }
    jd(&JsonbValue::Array(v))
}
fn odd_args(f: &str) -> PgError {
    pg_err!(
        INVALID_PARAMETER_VALUE,
        "argument list must have even number of elements"
    )
    .with_hint(format!(
        "The arguments of {f}() must consist of alternating keys and values."
    ))
}
fn jsonb_build_object(a: &[Datum], cx: &FuncCtx) -> PgResult<Datum> {
    if !a.len().is_multiple_of(2) {
        return Err(odd_args("jsonb_build_object"));
    }
    let mut pairs = Vec::with_capacity(a.len() / 2);
    for i in (0..a.len()).step_by(2) {
        if a[i].is_null() {
            return Err(pg_err!(
                INVALID_PARAMETER_VALUE,
                "argument {}: key must not be null",
                i + 1
            ));
        }
        let kt = cx.arg_types.get(i).copied().unwrap_or(0);
        let vt = cx.arg_types.get(i + 1).copied().unwrap_or(0);
        let k = match conv::datum_to_jsonb(&a[i], kt, cx.env, true)? {
            JsonbValue::String(s) => s,
            other => other.to_text(),
        };
        pairs.push((k, conv::datum_to_jsonb(&a[i + 1], vt, cx.env, false)?));
    }
    jd(&JsonbValue::object(pairs))
}

/// Key/value pairs of json_object / jsonb_object (one text[] of pairs, or keys and values).
fn object_pairs(a: &[Datum]) -> PgResult<Vec<(String, Option<String>)>> {
    let arr = |d: &Datum| -> Option<crate::Array> {
        match d {
            Datum::Array(x) => Some((**x).clone()),
            _ => None,
        }
    };
    let null_key = || {
        pg_err!(
            NULL_VALUE_NOT_ALLOWED,
            "null value not allowed for object key"
        )
    };
    let s = |d: &Datum| d.as_str().map(str::to_string);
    let mut out = Vec::new();
    if a.len() == 1 {
        let x = arr(&a[0]).unwrap_or_else(|| crate::Array::from_vec(TEXT, Vec::new()));
        match x.dims.len() {
            0 => {}
            1 => {
                if !x.elems.len().is_multiple_of(2) {
                    return Err(pg_err!(
                        ARRAY_SUBSCRIPT_ERROR,
                        "array must have even number of elements"
                    ));
                }
            }
            2 => {
                if x.dims[1].0 != 2 {
                    return Err(pg_err!(
                        ARRAY_SUBSCRIPT_ERROR,
                        "array must have two columns"
                    ));
                }
            }
            _ => {
                return Err(pg_err!(
                    ARRAY_SUBSCRIPT_ERROR,
                    "wrong number of array subscripts"
                ))
            }
        }
        for p in x.elems.chunks(2) {
            let k = s(&p[0]).ok_or_else(null_key)?;
            out.push((k, p.get(1).and_then(s)));
        }
    } else {
        let k = arr(&a[0]).unwrap_or_else(|| crate::Array::from_vec(TEXT, Vec::new()));
        let v = arr(&a[1]).unwrap_or_else(|| crate::Array::from_vec(TEXT, Vec::new()));
        if k.dims.len() > 1 || v.dims.len() > 1 {
            return Err(pg_err!(
                ARRAY_SUBSCRIPT_ERROR,
                "wrong number of array subscripts"
            ));
        }
        if k.elems.len() != v.elems.len() {
            return Err(pg_err!(
                ARRAY_SUBSCRIPT_ERROR,
                "mismatched array dimensions"
            ));
        }
        for (kk, vv) in k.elems.iter().zip(v.elems.iter()) {
            out.push((s(kk).ok_or_else(null_key)?, s(vv)));
        }
    }
    Ok(out)
}
fn jsonb_object(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let pairs = object_pairs(a)?
        .into_iter()
        .map(|(k, v)| (k, v.map(JsonbValue::String).unwrap_or(JsonbValue::Null)))
        .collect();
    jd(&JsonbValue::object(pairs))
}
fn json_object(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let mut out = String::from("{");
    for (i, (k, v)) in object_pairs(a)?.into_iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        parse::escape_json(&mut out, &k);
        out.push_str(" : ");
        match v {
            Some(v) => parse::escape_json(&mut out, &v),
            None => out.push_str("null"),
        }
    }
    out.push('}');
    Ok(Datum::Text(out))
}

fn srf_direct(_: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Err(pg_err!(
        FEATURE_NOT_SUPPORTED,
        "set-valued function called in context that cannot accept a set"
    ))
}

// ---------------------------------------------------------------------------------------------
// json functions.

fn json_object_field(a: &[Datum], cx: &FuncCtx) -> PgResult<Datum> {
    let j = json_arg(&a[0])?;
    let k = text_arg(&a[1], cx, 1)?;
    Ok(opt_text(jsonfn::field(&j.root, &k).map(|n| j.raw(n))))
}
fn json_object_field_text(a: &[Datum], cx: &FuncCtx) -> PgResult<Datum> {
    let j = json_arg(&a[0])?;
    let k = text_arg(&a[1], cx, 1)?;
    Ok(opt_text(
        jsonfn::field(&j.root, &k).and_then(|n| j.text_of(n)),
    ))
}
fn json_array_element(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let j = json_arg(&a[0])?;
    Ok(opt_text(
        jsonfn::element(&j.root, int_arg(&a[1])).map(|n| j.raw(n)),
    ))
}
fn json_array_element_text(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let j = json_arg(&a[0])?;
    Ok(opt_text(
        jsonfn::element(&j.root, int_arg(&a[1])).and_then(|n| j.text_of(n)),
    ))
}
fn json_extract_path(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let j = json_arg(&a[0])?;
    let p = path_args(a, 1)?;
    Ok(opt_text(jsonfn::path(&j.root, &p).map(|n| j.raw(n))))
}
fn json_extract_path_text(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let j = json_arg(&a[0])?;
    let p = path_args(a, 1)?;
    Ok(opt_text(
        jsonfn::path(&j.root, &p).and_then(|n| j.text_of(n)),
    ))
}
fn json_typeof(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let j = json_arg(&a[0])?;
    Ok(Datum::text(jsonfn::type_name(&j.root)))
}
fn json_array_length(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let j = json_arg(&a[0])?;
    Ok(Datum::Int4(jsonfn::array_length(&j.root)?))
}
fn json_strip_nulls(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let j = json_arg(&a[0])?;
    let mut out = String::new();
    jsonfn::strip_nulls(&j, &j.root, &mut out);
    Ok(Datum::Text(out))
}
fn to_json(a: &[Datum], cx: &FuncCtx) -> PgResult<Datum> {
    let t = cx.arg_types.first().copied().unwrap_or(0);
    let mut out = String::new();
    conv::datum_to_json(&a[0], t, cx.env, false, &mut out)?;
    Ok(Datum::Text(out))
}
fn array_to_json(a: &[Datum], cx: &FuncCtx) -> PgResult<Datum> {
    let pretty = a.get(1).map(bool_arg).unwrap_or(false);
    let t = cx.arg_types.first().copied().unwrap_or(0);
    let mut out = String::new();
    match &a[0] {
        Datum::Array(arr) => {
            let elem = if arr.elem_type != 0 {
                arr.elem_type
            } else {
                crate::typeinfo::type_info(t).map(|i| i.elem).unwrap_or(0)
            };
            conv::array_to_json(arr, elem, cx.env, pretty, &mut out)?
        }
        other => conv::datum_to_json(other, t, cx.env, false, &mut out)?,
    }
    Ok(Datum::Text(out))
}
fn json_build_array(a: &[Datum], cx: &FuncCtx) -> PgResult<Datum> {
    let mut out = String::from("[");
    for (i, d) in a.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let t = cx.arg_types.get(i).copied().unwrap_or(0);
        conv::datum_to_json(d, t, cx.env, false, &mut out)?;
    }
    out.push(']');
    Ok(Datum::Text(out))
}
fn json_build_object(a: &[Datum], cx: &FuncCtx) -> PgResult<Datum> {
    if !a.len().is_multiple_of(2) {
        return Err(odd_args("json_build_object"));
    }
    let mut out = String::from("{");
    for i in (0..a.len()).step_by(2) {
        if i > 0 {
            out.push_str(", ");
        }
        if a[i].is_null() {
            return Err(
                pg_err!(INVALID_PARAMETER_VALUE, "argument {} cannot be null", i + 1)
                    .with_hint("Object keys should be text."),
            );
        }
        let kt = cx.arg_types.get(i).copied().unwrap_or(0);
        let vt = cx.arg_types.get(i + 1).copied().unwrap_or(0);
        let mut k = String::new();
        conv::datum_to_json(&a[i], kt, cx.env, true, &mut k)?;
        if !k.starts_with('"') {
            parse::escape_json(&mut out, &k);
        } else {
            out.push_str(&k);
        }
        out.push_str(" : ");
        conv::datum_to_json(&a[i + 1], vt, cx.env, false, &mut out)?;
    }
    out.push('}');
    Ok(Datum::Text(out))
}

// ---------------------------------------------------------------------------------------------
// Set-returning functions.

/// Result columns (name, type) of the json/jsonb set-returning functions.
pub fn srf_columns(proc_name: &str) -> Option<&'static [(&'static str, Oid)]> {
    Some(match proc_name {
        "json_each" => &[("key", TEXT), ("value", JSON)],
        "jsonb_each" => &[("key", TEXT), ("value", JSONB)],
        "json_each_text" | "jsonb_each_text" => &[("key", TEXT), ("value", TEXT)],
        "json_array_elements" => &[("value", JSON)],
        "jsonb_array_elements" => &[("value", JSONB)],
        "json_array_elements_text" | "jsonb_array_elements_text" => &[("value", TEXT)],
        "json_object_keys" => &[("json_object_keys", TEXT)],
        "jsonb_object_keys" => &[("jsonb_object_keys", TEXT)],
        _ => return None,
    })
}

/// All rows of a json/jsonb set-returning function (None if `proc_name` is not one of them).
/// A NULL first argument yields no rows.
pub fn srf_rows(
    proc_name: &str,
    args: &[Datum],
    _arg_types: &[Oid],
) -> Option<PgResult<Vec<Vec<Datum>>>> {
    srf_columns(proc_name)?;
    let d = args.first().unwrap_or(&Datum::Null);
    if d.is_null() {
        return Some(Ok(Vec::new()));
    }
    Some(if proc_name.starts_with("jsonb") {
        jsonb_srf(proc_name, d)
    } else {
        json_srf(proc_name, d)
    })
}

fn bad_param(m: String) -> PgError {
    PgError::new(common::sqlstate::INVALID_PARAMETER_VALUE, m)
}

fn jsonb_srf(name: &str, d: &Datum) -> PgResult<Vec<Vec<Datum>>> {
    let v = value_of(d)?;
    let text = name.ends_with("_text");
    match name {
        "jsonb_each" | "jsonb_each_text" => match v {
            JsonbValue::Object(p) => p
                .iter()
                .map(|(k, x)| {
                    let val = if text {
                        opt_text(jsonb_text(x))
                    } else {
                        jd(x)?
                    };
                    Ok(vec![Datum::Text(k.clone()), val])
                })
                .collect(),
            _ => Err(bad_param(format!("cannot call {name} on a non-object"))),
        },
        "jsonb_array_elements" | "jsonb_array_elements_text" => match v {
            JsonbValue::Array(e) => e
                .iter()
                .map(|x| {
                    Ok(vec![if text {
                        opt_text(jsonb_text(x))
                    } else {
                        jd(x)?
                    }])
                })
                .collect(),
            JsonbValue::Object(_) => {
                Err(bad_param("cannot extract elements from an object".into()))
            }
            _ => Err(bad_param("cannot extract elements from a scalar".into())),
        },
        _ => match v {
            JsonbValue::Object(p) => Ok(p.into_iter().map(|(k, _)| vec![Datum::Text(k)]).collect()),
            JsonbValue::Array(_) => Err(bad_param(format!("cannot call {name} on an array"))),
            _ => Err(bad_param(format!("cannot call {name} on a scalar"))),
        },
    }
}

fn json_srf(name: &str, d: &Datum) -> PgResult<Vec<Vec<Datum>>> {
    let j = json_arg(d)?;
    let text = name.ends_with("_text");
    let val = |n: &parse::Node| {
        if text {
            opt_text(j.text_of(n))
        } else {
            Datum::Text(j.raw(n))
        }
    };
    match (name, &j.root.kind) {
        ("json_each" | "json_each_text", Kind::Object(f)) => Ok(f
            .iter()
            .map(|(k, n)| vec![Datum::Text(k.clone()), val(n)])
            .collect()),
        ("json_each" | "json_each_text", Kind::Array(_)) => {
            Err(bad_param("cannot deconstruct an array as an object".into()))
        }
        ("json_each" | "json_each_text", _) => Err(bad_param("cannot deconstruct a scalar".into())),
        ("json_array_elements" | "json_array_elements_text", Kind::Array(e)) => {
            Ok(e.iter().map(|n| vec![val(n)]).collect())
        }
        ("json_array_elements" | "json_array_elements_text", Kind::Object(_)) => {
            Err(bad_param("cannot extract elements from an object".into()))
        }
        ("json_array_elements" | "json_array_elements_text", _) => {
            Err(bad_param("cannot extract elements from a scalar".into()))
        }
        (_, Kind::Object(f)) => Ok(f
            .iter()
            .map(|(k, _)| vec![Datum::Text(k.clone())])
            .collect()),
        (_, Kind::Array(_)) => Err(bad_param(format!("cannot call {name} on an array"))),
        _ => Err(bad_param(format!("cannot call {name} on a scalar"))),
    }
}

// ---------------------------------------------------------------------------------------------
// Catalog entries.

fn p(
    oid: Oid,
    name: &'static str,
    args: &'static [Oid],
    ret: Oid,
    func: crate::registry::BuiltinFn,
) -> ProcDef {
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
fn stable(d: ProcDef) -> ProcDef {
    ProcDef {
        volatility: b's',
        ..d
    }
}
fn nonstrict(d: ProcDef) -> ProcDef {
    ProcDef { strict: false, ..d }
}
fn variadic(d: ProcDef, elem: Oid) -> ProcDef {
    ProcDef {
        variadic: elem,
        ..d
    }
}
fn srf(oid: Oid, name: &'static str, arg: Oid, ret: Oid) -> ProcDef {
    ProcDef {
        retset: true,
        ..p(
            oid,
            name,
            if arg == JSON { &[JSON] } else { &[JSONB] },
            ret,
            srf_direct,
        )
    }
}

pub fn procs() -> Vec<ProcDef> {
    vec![
        // jsonb comparison
        p(4043, "jsonb_eq", &[JSONB, JSONB], BOOL, jsonb_eq),
        p(4038, "jsonb_ne", &[JSONB, JSONB], BOOL, jsonb_ne),
        p(4039, "jsonb_lt", &[JSONB, JSONB], BOOL, jsonb_lt),
        p(4040, "jsonb_gt", &[JSONB, JSONB], BOOL, jsonb_gt),
        p(4041, "jsonb_le", &[JSONB, JSONB], BOOL, jsonb_le),
        p(4042, "jsonb_ge", &[JSONB, JSONB], BOOL, jsonb_ge),
        p(4044, "jsonb_cmp", &[JSONB, JSONB], INT4, jsonb_cmp),
        p(4045, "jsonb_hash", &[JSONB], INT4, jsonb_hash),
        // jsonb access
        p(
            3478,
            "jsonb_object_field",
            &[JSONB, TEXT],
            JSONB,
            jsonb_object_field,
        ),
        p(
            3214,
            "jsonb_object_field_text",
            &[JSONB, TEXT],
            TEXT,
            jsonb_object_field_text,
        ),
        p(
            3215,
            "jsonb_array_element",
            &[JSONB, INT4],
            JSONB,
            jsonb_array_element,
        ),
        p(
            3216,
            "jsonb_array_element_text",
            &[JSONB, INT4],
            TEXT,
            jsonb_array_element_text,
        ),
        variadic(
            p(
                3217,
                "jsonb_extract_path",
                &[JSONB, TEXT_ARRAY],
                JSONB,
                jsonb_extract_path,
            ),
            TEXT,
        ),
        variadic(
            p(
                3940,
                "jsonb_extract_path_text",
                &[JSONB, TEXT_ARRAY],
                TEXT,
                jsonb_extract_path_text,
            ),
            TEXT,
        ),
        p(
            4046,
            "jsonb_contains",
            &[JSONB, JSONB],
            BOOL,
            jsonb_contains,
        ),
        p(
            4050,
            "jsonb_contained",
            &[JSONB, JSONB],
            BOOL,
            jsonb_contained,
        ),
        p(4047, "jsonb_exists", &[JSONB, TEXT], BOOL, jsonb_exists),
        p(
            4048,
            "jsonb_exists_any",
            &[JSONB, TEXT_ARRAY],
            BOOL,
            jsonb_exists_any,
        ),
        p(
            4049,
            "jsonb_exists_all",
            &[JSONB, TEXT_ARRAY],
            BOOL,
            jsonb_exists_all,
        ),
        // jsonb modification
        p(3301, "jsonb_concat", &[JSONB, JSONB], JSONB, jsonb_concat),
        p(3302, "jsonb_delete", &[JSONB, TEXT], JSONB, jsonb_delete),
        p(
            3303,
            "jsonb_delete",
            &[JSONB, INT4],
            JSONB,
            jsonb_delete_idx,
        ),
        variadic(
            p(
                3343,
                "jsonb_delete",
                &[JSONB, TEXT_ARRAY],
                JSONB,
                jsonb_delete_array,
            ),
            TEXT,
        ),
        p(
            3304,
            "jsonb_delete_path",
            &[JSONB, TEXT_ARRAY],
            JSONB,
            jsonb_delete_path,
        ),
        p(
            3305,
            "jsonb_set",
            &[JSONB, TEXT_ARRAY, JSONB, BOOL],
            JSONB,
            jsonb_set,
        ),
        p(
            3579,
            "jsonb_insert",
            &[JSONB, TEXT_ARRAY, JSONB, BOOL],
            JSONB,
            jsonb_insert,
        ),
        p(
            3262,
            "jsonb_strip_nulls",
            &[JSONB],
            JSONB,
            jsonb_strip_nulls,
        ),
        p(3306, "jsonb_pretty", &[JSONB], TEXT, jsonb_pretty),
        p(3210, "jsonb_typeof", &[JSONB], TEXT, jsonb_typeof),
        p(
            3207,
            "jsonb_array_length",
            &[JSONB],
            INT4,
            jsonb_array_length,
        ),
        // jsonb construction
        stable(p(3787, "to_jsonb", &[ANYELEMENT], JSONB, to_jsonb)),
        stable(nonstrict(variadic(
            p(3271, "jsonb_build_array", &[ANY], JSONB, jsonb_build_array),
            ANY,
        ))),
        stable(p(3272, "jsonb_build_array", &[], JSONB, jsonb_build_array)),
        stable(nonstrict(variadic(
            p(
                3273,
                "jsonb_build_object",
                &[ANY],
                JSONB,
                jsonb_build_object,
            ),
            ANY,
        ))),
        stable(p(
            3274,
            "jsonb_build_object",
            &[],
            JSONB,
            jsonb_build_object,
        )),
        p(3263, "jsonb_object", &[TEXT_ARRAY], JSONB, jsonb_object),
        p(
            3264,
            "jsonb_object",
            &[TEXT_ARRAY, TEXT_ARRAY],
            JSONB,
            jsonb_object,
        ),
        // jsonb set-returning functions
        srf(3208, "jsonb_each", JSONB, RECORD),
        srf(3932, "jsonb_each_text", JSONB, RECORD),
        srf(3219, "jsonb_array_elements", JSONB, JSONB),
        srf(3465, "jsonb_array_elements_text", JSONB, TEXT),
        srf(3931, "jsonb_object_keys", JSONB, TEXT),
        // json access
        p(
            3947,
            "json_object_field",
            &[JSON, TEXT],
            JSON,
            json_object_field,
        ),
        p(
            3948,
            "json_object_field_text",
            &[JSON, TEXT],
            TEXT,
            json_object_field_text,
        ),
        p(
            3949,
            "json_array_element",
            &[JSON, INT4],
            JSON,
            json_array_element,
        ),
        p(
            3950,
            "json_array_element_text",
            &[JSON, INT4],
            TEXT,
            json_array_element_text,
        ),
        variadic(
            p(
                3951,
                "json_extract_path",
                &[JSON, TEXT_ARRAY],
                JSON,
                json_extract_path,
            ),
            TEXT,
        ),
        variadic(
            p(
                3953,
                "json_extract_path_text",
                &[JSON, TEXT_ARRAY],
                TEXT,
                json_extract_path_text,
            ),
            TEXT,
        ),
        p(3968, "json_typeof", &[JSON], TEXT, json_typeof),
        p(3956, "json_array_length", &[JSON], INT4, json_array_length),
        p(3261, "json_strip_nulls", &[JSON], JSON, json_strip_nulls),
        // json construction
        stable(p(3176, "to_json", &[ANYELEMENT], JSON, to_json)),
        stable(p(3153, "array_to_json", &[ANYARRAY], JSON, array_to_json)),
        stable(p(
            3154,
            "array_to_json",
            &[ANYARRAY, BOOL],
            JSON,
            array_to_json,
        )),
        stable(nonstrict(variadic(
            p(3198, "json_build_array", &[ANY], JSON, json_build_array),
            ANY,
        ))),
        stable(p(3199, "json_build_array", &[], JSON, json_build_array)),
        stable(nonstrict(variadic(
            p(3200, "json_build_object", &[ANY], JSON, json_build_object),
            ANY,
        ))),
        stable(p(3201, "json_build_object", &[], JSON, json_build_object)),
        p(3202, "json_object", &[TEXT_ARRAY], JSON, json_object),
        p(
            3203,
            "json_object",
            &[TEXT_ARRAY, TEXT_ARRAY],
            JSON,
            json_object,
        ),
        // json set-returning functions
        srf(3958, "json_each", JSON, RECORD),
        srf(3959, "json_each_text", JSON, RECORD),
        srf(3955, "json_array_elements", JSON, JSON),
        srf(3969, "json_array_elements_text", JSON, TEXT),
        srf(3957, "json_object_keys", JSON, TEXT),
    ]
}

#[allow(clippy::too_many_arguments)]
fn op(
    oid: Oid,
    name: &'static str,
    l: Oid,
    r: Oid,
    res: Oid,
    proc_oid: Oid,
    com: Oid,
    neg: Oid,
) -> OperDef {
    OperDef {
        oid,
        name,
        left: l,
        right: r,
        result: res,
        proc_oid,
        commutator: com,
        negator: neg,
    }
}

pub fn opers() -> Vec<OperDef> {
    vec![
        op(3240, "=", JSONB, JSONB, BOOL, 4043, 3240, 3241),
        op(3241, "<>", JSONB, JSONB, BOOL, 4038, 3241, 3240),
        op(3242, "<", JSONB, JSONB, BOOL, 4039, 3243, 3245),
        op(3243, ">", JSONB, JSONB, BOOL, 4040, 3242, 3244),
        op(3244, "<=", JSONB, JSONB, BOOL, 4041, 3245, 3243),
        op(3245, ">=", JSONB, JSONB, BOOL, 4042, 3244, 3242),
        op(3211, "->", JSONB, TEXT, JSONB, 3478, 0, 0),
        op(3477, "->>", JSONB, TEXT, TEXT, 3214, 0, 0),
        op(3212, "->", JSONB, INT4, JSONB, 3215, 0, 0),
        op(3481, "->>", JSONB, INT4, TEXT, 3216, 0, 0),
        op(3213, "#>", JSONB, TEXT_ARRAY, JSONB, 3217, 0, 0),
        op(3206, "#>>", JSONB, TEXT_ARRAY, TEXT, 3940, 0, 0),
        op(3246, "@>", JSONB, JSONB, BOOL, 4046, 3250, 0),
        op(3250, "<@", JSONB, JSONB, BOOL, 4050, 3246, 0),
        op(3247, "?", JSONB, TEXT, BOOL, 4047, 0, 0),
        op(3248, "?|", JSONB, TEXT_ARRAY, BOOL, 4048, 0, 0),
        op(3249, "?&", JSONB, TEXT_ARRAY, BOOL, 4049, 0, 0),
        op(3284, "||", JSONB, JSONB, JSONB, 3301, 0, 0),
        op(3285, "-", JSONB, TEXT, JSONB, 3302, 0, 0),
        op(3398, "-", JSONB, TEXT_ARRAY, JSONB, 3343, 0, 0),
        op(3286, "-", JSONB, INT4, JSONB, 3303, 0, 0),
        op(3287, "#-", JSONB, TEXT_ARRAY, JSONB, 3304, 0, 0),
        op(3962, "->", JSON, TEXT, JSON, 3947, 0, 0),
        op(3963, "->>", JSON, TEXT, TEXT, 3948, 0, 0),
        op(3964, "->", JSON, INT4, JSON, 3949, 0, 0),
        op(3965, "->>", JSON, INT4, TEXT, 3950, 0, 0),
        op(3966, "#>", JSON, TEXT_ARRAY, JSON, 3951, 0, 0),
        op(3967, "#>>", JSON, TEXT_ARRAY, TEXT, 3953, 0, 0),
    ]
}

pub fn casts() -> Vec<CastDef> {
    vec![
        CastDef {
            source: JSON,
            target: JSONB,
            func_oid: 0,
            context: b'a',
            method: b'i',
        },
        CastDef {
            source: JSONB,
            target: JSON,
            func_oid: 0,
            context: b'a',
            method: b'i',
        },
    ]
}
