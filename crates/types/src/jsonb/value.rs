//! The in-memory jsonb tree (`JsonbValue`): normalisation from parsed JSON (keys sorted by
//! length then bytes, last duplicate wins), jsonb_out / jsonb_pretty rendering, PostgreSQL's
//! jsonb ordering (compareJsonbContainers) and a hash consistent with it.

use super::parse::{escape_json, Kind, Node};
use crate::Numeric;
use common::PgResult;
use std::cmp::Ordering;
use std::hash::{Hash, Hasher};

/// A jsonb value. Objects keep their pairs sorted by (key length, key bytes) with unique keys.
#[derive(Debug, Clone, PartialEq)]
pub enum JsonbValue {
    Null,
    Bool(bool),
    Numeric(Numeric),
    String(String),
    Array(Vec<JsonbValue>),
    Object(Vec<(String, JsonbValue)>),
}

/// PostgreSQL's key order inside a jsonb object.
pub fn key_cmp(a: &str, b: &str) -> Ordering {
    a.len()
        .cmp(&b.len())
        .then_with(|| a.as_bytes().cmp(b.as_bytes()))
}

impl JsonbValue {
    /// Build from a parsed JSON tree (numbers become numerics with their scale).
    pub fn from_node(n: Node) -> PgResult<JsonbValue> {
        Ok(match n.kind {
            Kind::Null => JsonbValue::Null,
            Kind::Bool(b) => JsonbValue::Bool(b),
            Kind::Num(t) => JsonbValue::Numeric(Numeric::parse(&t)?),
            Kind::Str(s) => JsonbValue::String(s),
            Kind::Array(v) => JsonbValue::Array(
                v.into_iter()
                    .map(JsonbValue::from_node)
                    .collect::<PgResult<_>>()?,
            ),
            Kind::Object(f) => {
                let pairs = f
                    .into_iter()
                    .map(|(k, v)| Ok((k, JsonbValue::from_node(v)?)))
                    .collect::<PgResult<Vec<_>>>()?;
                JsonbValue::object(pairs)
            }
        })
    }

    /// An object from pairs in any order: sorted, duplicates resolved (the last one wins).
    pub fn object(mut pairs: Vec<(String, JsonbValue)>) -> JsonbValue {
        // Stable sort keeps source order among equal keys, so the last of a run wins.
        pairs.sort_by(|a, b| key_cmp(&a.0, &b.0));
        let mut out: Vec<(String, JsonbValue)> = Vec::with_capacity(pairs.len());
        for (k, v) in pairs {
            match out.last_mut() {
                Some(last) if last.0 == k => last.1 = v,
                _ => out.push((k, v)),
            }
        }
        JsonbValue::Object(out)
    }

    pub fn is_scalar(&self) -> bool {
        !matches!(self, JsonbValue::Array(_) | JsonbValue::Object(_))
    }

    /// jsonb_typeof's name.
    pub fn type_name(&self) -> &'static str {
        match self {
            JsonbValue::Null => "null",
            JsonbValue::Bool(_) => "boolean",
            JsonbValue::Numeric(_) => "number",
            JsonbValue::String(_) => "string",
            JsonbValue::Array(_) => "array",
            JsonbValue::Object(_) => "object",
        }
    }

    /// Look up an object key.
    pub fn get(&self, key: &str) -> Option<&JsonbValue> {
        match self {
            JsonbValue::Object(p) => p
                .binary_search_by(|(k, _)| key_cmp(k, key))
                .ok()
                .map(|i| &p[i].1),
            _ => None,
        }
    }

    /// jsonb_out text.
    pub fn to_text(&self) -> String {
        let mut s = String::new();
        self.write(&mut s);
        s
    }

    pub fn write(&self, out: &mut String) {
        match self {
            JsonbValue::Null => out.push_str("null"),
            JsonbValue::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            JsonbValue::Numeric(n) => out.push_str(&n.to_text()),
            JsonbValue::String(s) => escape_json(out, s),
            JsonbValue::Array(v) => {
                out.push('[');
                for (i, e) in v.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    e.write(out);
                }
                out.push(']');
            }
            JsonbValue::Object(p) => {
                out.push('{');
                for (i, (k, v)) in p.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    escape_json(out, k);
                    out.push_str(": ");
                    v.write(out);
                }
                out.push('}');
            }
        }
    }

    /// jsonb_pretty text (4-space indentation).
    pub fn to_pretty(&self) -> String {
        let mut s = String::new();
        self.write_pretty(&mut s, 0);
        s
    }

    fn write_pretty(&self, out: &mut String, level: usize) {
        let indent = |out: &mut String, l: usize| {
            for _ in 0..l {
                out.push_str("    ");
            }
        };
        match self {
            JsonbValue::Array(v) if !v.is_empty() => {
                out.push('[');
                for (i, e) in v.iter().enumerate() {
                    out.push_str(if i > 0 { ",\n" } else { "\n" });
                    indent(out, level + 1);
                    e.write_pretty(out, level + 1);
                }
                out.push('\n');
                indent(out, level);
                out.push(']');
            }
            JsonbValue::Object(p) if !p.is_empty() => {
                out.push('{');
                for (i, (k, v)) in p.iter().enumerate() {
                    out.push_str(if i > 0 { ",\n" } else { "\n" });
                    indent(out, level + 1);
                    escape_json(out, k);
                    out.push_str(": ");
                    v.write_pretty(out, level + 1);
                }
                out.push('\n');
                indent(out, level);
                out.push('}');
            }
            other => other.write(out),
        }
    }
}

/// Type rank in PostgreSQL's enum order: null < string < numeric < bool < array < object.
fn rank(v: &JsonbValue) -> u8 {
    match v {
        JsonbValue::Null => 0,
        JsonbValue::String(_) => 1,
        JsonbValue::Numeric(_) => 2,
        JsonbValue::Bool(_) => 3,
        JsonbValue::Array(_) => 4,
        JsonbValue::Object(_) => 5,
    }
}

/// PostgreSQL's total order on jsonb values (top level: scalars act as one-element "raw scalar"
/// arrays, so an empty array sorts below every scalar).
pub fn compare(a: &JsonbValue, b: &JsonbValue) -> Ordering {
    let info = |v: &JsonbValue| -> (u8, usize, bool) {
        match v {
            JsonbValue::Object(p) => (5, p.len(), false),
            JsonbValue::Array(e) => (4, e.len(), false),
            _ => (4, 1, true),
        }
    };
    let (ra, na, sa) = info(a);
    let (rb, nb, sb) = info(b);
    if ra != rb {
        return ra.cmp(&rb);
    }
    if na != nb {
        return na.cmp(&nb);
    }
    if sa != sb {
        return if sa {
            Ordering::Less
        } else {
            Ordering::Greater
        };
    }
    if sa {
        return compare_inner(a, b);
    }
    compare_contents(a, b)
}

fn compare_contents(a: &JsonbValue, b: &JsonbValue) -> Ordering {
    match (a, b) {
        (JsonbValue::Array(x), JsonbValue::Array(y)) => {
            for (ea, eb) in x.iter().zip(y.iter()) {
                let o = compare_inner(ea, eb);
                if o != Ordering::Equal {
                    return o;
                }
            }
            Ordering::Equal
        }
        (JsonbValue::Object(x), JsonbValue::Object(y)) => {
            for ((ka, va), (kb, vb)) in x.iter().zip(y.iter()) {
                let o = ka
                    .as_bytes()
                    .cmp(kb.as_bytes())
                    .then_with(|| compare_inner(va, vb));
                if o != Ordering::Equal {
                    return o;
                }
            }
            Ordering::Equal
        }
        _ => Ordering::Equal,
    }
}

fn compare_inner(a: &JsonbValue, b: &JsonbValue) -> Ordering {
    let (ra, rb) = (rank(a), rank(b));
    if ra != rb {
        return ra.cmp(&rb);
    }
    match (a, b) {
        (JsonbValue::Bool(x), JsonbValue::Bool(y)) => x.cmp(y),
        (JsonbValue::Numeric(x), JsonbValue::Numeric(y)) => x.cmp(y),
        (JsonbValue::String(x), JsonbValue::String(y)) => x.as_bytes().cmp(y.as_bytes()),
        (JsonbValue::Array(x), JsonbValue::Array(y)) => {
            x.len().cmp(&y.len()).then_with(|| compare_contents(a, b))
        }
        (JsonbValue::Object(x), JsonbValue::Object(y)) => {
            x.len().cmp(&y.len()).then_with(|| compare_contents(a, b))
        }
        _ => Ordering::Equal,
    }
}

/// Hash consistent with `compare(a, b) == Equal` (numerics hash by value, not scale).
pub fn hash_value<H: Hasher>(v: &JsonbValue, h: &mut H) {
    match v {
        JsonbValue::Null => 0u8.hash(h),
        JsonbValue::Bool(b) => (1u8, *b).hash(h),
        JsonbValue::Numeric(n) => {
            2u8.hash(h);
            n.hash(h)
        }
        JsonbValue::String(s) => (3u8, s).hash(h),
        JsonbValue::Array(e) => {
            (4u8, e.len()).hash(h);
            for x in e {
                hash_value(x, h);
            }
        }
        JsonbValue::Object(p) => {
            (5u8, p.len()).hash(h);
            for (k, x) in p {
                k.hash(h);
                hash_value(x, h);
            }
        }
    }
}
