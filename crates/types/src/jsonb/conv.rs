//! Conversion of SQL values to json text and jsonb trees (PostgreSQL's datum_to_json /
//! datum_to_jsonb): numbers unquoted when valid JSON numbers, booleans as true/false, dates and
//! timestamps in XSD (ISO "T") form, json/jsonb embedded, arrays as nested JSON arrays, every
//! other type as its output text in a JSON string.

use super::parse::escape_json;
use super::value::JsonbValue;
use crate::oids::*;
use crate::{Datum, SessionEnv};
use common::{pg_err, Oid, PgError, PgResult};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Cat {
    Null,
    Bool,
    Numeric,
    Date,
    Timestamp,
    TimestampTz,
    Json,
    Jsonb,
    Array,
    Composite,
    Other,
}

fn category(d: &Datum, typ: Oid) -> Cat {
    let typ = if matches!(typ, 0 | ANY | ANYELEMENT | ANYNONARRAY | ANYARRAY | UNKNOWN) {
        crate::text::guess_type(d)
    } else {
        typ
    };
    match typ {
        BOOL => Cat::Bool,
        INT2 | INT4 | INT8 | FLOAT4 | FLOAT8 | NUMERIC => Cat::Numeric,
        DATE => Cat::Date,
        TIMESTAMP => Cat::Timestamp,
        TIMESTAMPTZ => Cat::TimestampTz,
        JSON => Cat::Json,
        JSONB => Cat::Jsonb,
        RECORD => Cat::Composite,
        UNKNOWN => Cat::Other,
        _ => match d {
            Datum::Array(_) => Cat::Array,
            Datum::Record(_) => Cat::Composite,
            Datum::Null => Cat::Null,
            _ => Cat::Other,
        },
    }
}

fn key_err() -> PgError {
    pg_err!(
        INVALID_PARAMETER_VALUE,
        "key value must be scalar, not array, composite, or json"
    )
}

/// Is `s` a JSON number (PostgreSQL's IsValidJsonNumber)?
pub fn is_json_number(s: &str) -> bool {
    let b = s.as_bytes();
    let mut p = 0;
    if b.first() == Some(&b'-') {
        p += 1;
    }
    let ds = p;
    while p < b.len() && b[p].is_ascii_digit() {
        p += 1;
    }
    if p == ds || (b[ds] == b'0' && p - ds > 1) {
        return false;
    }
    if p < b.len() && b[p] == b'.' {
        p += 1;
        let f = p;
        while p < b.len() && b[p].is_ascii_digit() {
            p += 1;
        }
        if p == f {
            return false;
        }
    }
    if p < b.len() && (b[p] == b'e' || b[p] == b'E') {
        p += 1;
        if p < b.len() && (b[p] == b'+' || b[p] == b'-') {
            p += 1;
        }
        let e = p;
        while p < b.len() && b[p].is_ascii_digit() {
            p += 1;
        }
        if p == e {
            return false;
        }
    }
    p == b.len()
}

fn elem_type(a: &crate::Array, typ: Oid) -> Oid {
    if a.elem_type != 0 {
        a.elem_type
    } else {
        crate::typeinfo::type_info(typ).map(|t| t.elem).unwrap_or(0)
    }
}

/// Date/timestamp text in XSD style (ISO with "T" and a ±HH:MM zone).
fn xsd_datetime(d: &Datum, typ: Oid, env: &SessionEnv) -> PgResult<String> {
    let mut e = env.clone();
    e.date_style = crate::env::DateStyle::Iso;
    let mut s = crate::io::output(typ, d, &e)?;
    if typ == DATE || !s.as_bytes().first().is_some_and(|c| c.is_ascii_digit()) {
        return Ok(s);
    }
    if let Some(i) = s.find(' ') {
        s.replace_range(i..i + 1, "T");
    }
    if typ == TIMESTAMPTZ {
        if let Some(t) = s.find('T') {
            if let Some(z) = s[t..].rfind(['+', '-']).map(|z| z + t) {
                if s.len() - z == 3 {
                    s.push_str(":00");
                }
            }
        }
    }
    Ok(s)
}

/// Append the json text of a value (datum_to_json). `key` requires a scalar and quotes numbers.
pub fn datum_to_json(
    d: &Datum,
    typ: Oid,
    env: &SessionEnv,
    key: bool,
    out: &mut String,
) -> PgResult<()> {
    if d.is_null() {
        out.push_str("null");
        return Ok(());
    }
    let cat = category(d, typ);
    if key && matches!(cat, Cat::Array | Cat::Composite | Cat::Json | Cat::Jsonb) {
        return Err(key_err());
    }
    match cat {
        Cat::Null => out.push_str("null"),
        Cat::Bool => match d {
            Datum::Bool(b) if !key => out.push_str(if *b { "true" } else { "false" }),
            Datum::Bool(b) => out.push_str(if *b { "\"true\"" } else { "\"false\"" }),
            _ => escape_json(out, &crate::text::any_to_text(d, typ, env)?),
        },
        Cat::Numeric => {
            let s = crate::text::any_to_text(d, typ, env)?;
            if !key && is_json_number(&s) {
                out.push_str(&s);
            } else {
                escape_json(out, &s);
            }
        }
        Cat::Date | Cat::Timestamp | Cat::TimestampTz => {
            let t = match cat {
                Cat::Date => DATE,
                Cat::Timestamp => TIMESTAMP,
                _ => TIMESTAMPTZ,
            };
            escape_json(out, &xsd_datetime(d, t, env)?)
        }
        Cat::Json => out.push_str(d.as_str().unwrap_or("null")),
        Cat::Jsonb => super::value_of(d)?.write(out),
        Cat::Array => {
            if let Datum::Array(a) = d {
                array_to_json(a, elem_type(a, typ), env, false, out)?;
            }
        }
        Cat::Composite => {
            return Err(pg_err!(
                FEATURE_NOT_SUPPORTED,
                "conversion of records to json is not supported yet"
            ))
        }
        Cat::Other => escape_json(out, &crate::text::any_to_text(d, typ, env)?),
    }
    Ok(())
}

/// array_to_json: nested JSON arrays following the dimensions (",\n " between top-level
/// elements when `pretty`).
pub fn array_to_json(
    a: &crate::Array,
    elem: Oid,
    env: &SessionEnv,
    pretty: bool,
    out: &mut String,
) -> PgResult<()> {
    if a.dims.is_empty() {
        out.push_str("[]");
        return Ok(());
    }
    let mut idx = 0usize;
    dim_to_json(a, elem, env, 0, &mut idx, pretty, out)
}

fn dim_to_json(
    a: &crate::Array,
    elem: Oid,
    env: &SessionEnv,
    dim: usize,
    idx: &mut usize,
    pretty: bool,
    out: &mut String,
) -> PgResult<()> {
    let n = a.dims.get(dim).map(|d| d.0.max(0) as usize).unwrap_or(0);
    let sep = if pretty && dim == 0 { ",\n " } else { "," };
    out.push('[');
    for i in 0..n {
        if i > 0 {
            out.push_str(sep);
        }
        if dim + 1 == a.dims.len() {
            let e = a.elems.get(*idx).unwrap_or(&Datum::Null);
            *idx += 1;
            datum_to_json(e, elem, env, false, out)?;
        } else {
            dim_to_json(a, elem, env, dim + 1, idx, pretty, out)?;
        }
    }
    out.push(']');
    Ok(())
}

/// datum_to_jsonb: the jsonb value of a SQL value. `key` requires a scalar and yields a string.
pub fn datum_to_jsonb(d: &Datum, typ: Oid, env: &SessionEnv, key: bool) -> PgResult<JsonbValue> {
    if d.is_null() {
        return Ok(JsonbValue::Null);
    }
    let cat = category(d, typ);
    if key && matches!(cat, Cat::Array | Cat::Composite | Cat::Json | Cat::Jsonb) {
        return Err(key_err());
    }
    Ok(match cat {
        Cat::Null => JsonbValue::Null,
        Cat::Bool if !key => JsonbValue::Bool(d.as_bool().unwrap_or(false)),
        Cat::Numeric if !key => {
            let s = crate::text::any_to_text(d, typ, env)?;
            if is_json_number(&s) {
                JsonbValue::Numeric(crate::Numeric::parse(&s)?)
            } else {
                JsonbValue::String(s)
            }
        }
        Cat::Date => JsonbValue::String(xsd_datetime(d, DATE, env)?),
        Cat::Timestamp => JsonbValue::String(xsd_datetime(d, TIMESTAMP, env)?),
        Cat::TimestampTz => JsonbValue::String(xsd_datetime(d, TIMESTAMPTZ, env)?),
        Cat::Json => super::parse_jsonb(d.as_str().unwrap_or("null"))?,
        Cat::Jsonb => super::value_of(d)?,
        Cat::Array => match d {
            Datum::Array(a) => {
                let elem = elem_type(a, typ);
                if a.dims.is_empty() {
                    JsonbValue::Array(Vec::new())
                } else {
                    let mut idx = 0;
                    dim_to_jsonb(a, elem, env, 0, &mut idx)?
                }
            }
            _ => JsonbValue::Null,
        },
        Cat::Composite => {
            return Err(pg_err!(
                FEATURE_NOT_SUPPORTED,
                "conversion of records to jsonb is not supported yet"
            ))
        }
        _ => JsonbValue::String(crate::text::any_to_text(d, typ, env)?),
    })
}

fn dim_to_jsonb(
    a: &crate::Array,
    elem: Oid,
    env: &SessionEnv,
    dim: usize,
    idx: &mut usize,
) -> PgResult<JsonbValue> {
    let n = a.dims.get(dim).map(|d| d.0.max(0) as usize).unwrap_or(0);
    let mut v = Vec::with_capacity(n.min(a.elems.len()));
    for _ in 0..n {
        if dim + 1 == a.dims.len() {
            let e = a.elems.get(*idx).unwrap_or(&Datum::Null);
            *idx += 1;
            v.push(datum_to_jsonb(e, elem, env, false)?);
        } else {
            v.push(dim_to_jsonb(a, elem, env, dim + 1, idx)?);
        }
    }
    Ok(JsonbValue::Array(v))
}
