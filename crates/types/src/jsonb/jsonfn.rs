//! Functions of the json type (stored as its input text): field/element/path extraction keeping
//! the source text of sub-values, json_typeof, json_array_length, json_strip_nulls and the rows
//! of the json set-returning functions.

use super::ops::{parse_index, resolve_index};
use super::parse::{escape_json, parse, Kind, Node};
use common::{pg_err, PgResult};

/// A parsed json value together with its source text.
pub struct Json {
    pub src: String,
    pub root: Node,
}

impl Json {
    pub fn parse(src: &str) -> PgResult<Json> {
        Ok(Json {
            root: parse(src)?,
            src: src.to_string(),
        })
    }

    /// Source text of a node.
    pub fn raw(&self, n: &Node) -> String {
        self.src.get(n.start..n.end).unwrap_or("").to_string()
    }

    /// `->>` semantics: strings de-escaped, null as SQL NULL, others as source text.
    pub fn text_of(&self, n: &Node) -> Option<String> {
        match &n.kind {
            Kind::Str(s) => Some(s.clone()),
            Kind::Null => None,
            _ => Some(self.raw(n)),
        }
    }
}

/// Object field (the last one of duplicates).
pub fn field<'a>(n: &'a Node, key: &str) -> Option<&'a Node> {
    match &n.kind {
        Kind::Object(f) => f.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
        _ => None,
    }
}

/// Array element (negative counts from the end).
pub fn element(n: &Node, i: i64) -> Option<&Node> {
    match &n.kind {
        Kind::Array(e) => e.get(resolve_index(i, e.len())?),
        _ => None,
    }
}

/// Follow a path of keys / subscripts.
pub fn path<'a>(n: &'a Node, p: &[Option<String>]) -> Option<&'a Node> {
    let mut cur = n;
    for s in p {
        let s = s.as_deref()?;
        cur = match &cur.kind {
            Kind::Object(_) => field(cur, s)?,
            Kind::Array(_) => element(cur, parse_index(s)?)?,
            _ => return None,
        };
    }
    Some(cur)
}

pub fn type_name(n: &Node) -> &'static str {
    match n.kind {
        Kind::Null => "null",
        Kind::Bool(_) => "boolean",
        Kind::Num(_) => "number",
        Kind::Str(_) => "string",
        Kind::Array(_) => "array",
        Kind::Object(_) => "object",
    }
}

pub fn array_length(n: &Node) -> PgResult<i32> {
    match &n.kind {
        Kind::Array(e) => Ok(e.len() as i32),
        Kind::Object(_) => Err(pg_err!(
            INVALID_PARAMETER_VALUE,
            "cannot get array length of a non-array"
        )),
        _ => Err(pg_err!(
            INVALID_PARAMETER_VALUE,
            "cannot get array length of a scalar"
        )),
    }
}

/// json_strip_nulls: re-serialised without whitespace, null-valued fields dropped.
pub fn strip_nulls(j: &Json, n: &Node, out: &mut String) {
    match &n.kind {
        Kind::Object(f) => {
            out.push('{');
            let mut first = true;
            for (k, v) in f {
                if matches!(v.kind, Kind::Null) {
                    continue;
                }
                if !first {
                    out.push(',');
                }
                first = false;
                escape_json(out, k);
                out.push(':');
                strip_nulls(j, v, out);
            }
            out.push('}');
        }
        Kind::Array(e) => {
            out.push('[');
            for (i, v) in e.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                strip_nulls(j, v, out);
            }
            out.push(']');
        }
        Kind::Str(s) => escape_json(out, s),
        _ => out.push_str(&j.raw(n)),
    }
}
