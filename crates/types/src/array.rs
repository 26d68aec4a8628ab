//! Arrays of any element type: text I/O (`{1,2}`, `{{"a b",NULL}}`, `[0:2]={1,2,3}`) with
//! PostgreSQL's `malformed array literal` errors, the binary array format, comparison,
//! containment, and the array functions (array_cat/append/prepend, array_length/lower/upper/
//! dims/ndims, cardinality, array_position(s), array_remove/replace, array_to_string,
//! string_to_array, array_fill, width_bucket).
//!
//! Element I/O goes through `crate::io` with the element type of the array type
//! (`typeinfo::element_type_of`). Polymorphic functions take the concrete array/element types
//! from `FuncCtx.result_type` / `FuncCtx.arg_types`, falling back to `Array::elem_type`.
//! Callers with element types unknown to `typeinfo` (enums, composites) can use
//! [`parse_array_literal`] and [`format_array`] with their own element I/O.

pub mod subscript;

use crate::compare::compare;
use crate::oids::*;
use crate::registry::{CastDef, FuncCtx, OperDef, ProcDef};
use crate::text::{any_to_text, arg_i32, arg_str, cmp_opers, op, p};
use crate::typeinfo::element_type_of;
use crate::{Array, Datum, SessionEnv};
use common::{pg_err, Oid, PgError, PgResult};
use std::cmp::Ordering;

/// Maximum number of dimensions (MAXDIM).
pub const MAXDIM: usize = 6;
/// Largest number of elements (MaxArraySize).
pub const MAX_ARRAY_SIZE: i64 = 0x3fff_ffff / 16;

fn array_isspace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{b}' | '\u{c}')
}

fn too_many_dims(n: usize) -> PgError {
    pg_err!(
        PROGRAM_LIMIT_EXCEEDED,
        "number of array dimensions ({}) exceeds the maximum allowed ({})",
        n,
        MAXDIM
    )
}

/// The element type of array type `typ`, for types this module does I/O for.
pub fn array_elem_type(typ: Oid) -> Option<Oid> {
    if typ == INT2VECTOR || typ == OIDVECTOR {
        return None;
    }
    element_type_of(typ)
}

fn delim_of(elem: Oid) -> char {
    crate::typeinfo::type_info(elem)
        .map(|t| t.delim as char)
        .unwrap_or(',')
}

// ---------------------------------------------------------------------------------------------
// Text input.

/// The structure of an array literal: (length, lower bound) per dimension and the raw element
/// strings in row-major order (`None` for unquoted NULL).
pub struct ParsedArray {
    pub dims: Vec<(i32, i32)>,
    pub elems: Vec<Option<String>>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum St {
    NoLevel,
    LevelStarted,
    ElemStarted,
    QuotedElemStarted,
    QuotedElemCompleted,
    ElemDelimited,
    LevelCompleted,
    LevelDelimited,
}

fn parse_int(b: &[char], i: &mut usize) -> Option<i64> {
    let start = *i;
    if *i < b.len() && (b[*i] == '-' || b[*i] == '+') {
        *i += 1;
    }
    let ds = *i;
    let mut v: i64 = 0;
    while *i < b.len() && b[*i].is_ascii_digit() {
        v = (v * 10 + (b[*i] as i64 - '0' as i64)).min(1 << 40);
        *i += 1;
    }
    if *i == ds {
        *i = start;
        return None;
    }
    Some(if b[start] == '-' { -v } else { v })
}

/// Parse the structure of an array literal (PostgreSQL's array_in rules).
pub fn parse_array_literal(s: &str, delim: char) -> PgResult<ParsedArray> {
    let malformed = |detail: &str| {
        pg_err!(
            INVALID_TEXT_REPRESENTATION,
            "malformed array literal: \"{}\"",
            s
        )
        .with_detail(detail.to_string())
    };
    let b: Vec<char> = s.chars().collect();
    let mut i = 0;
    // Optional dimension decoration.
    let mut given: Vec<(i32, i32)> = Vec::new();
    loop {
        while i < b.len() && array_isspace(b[i]) {
            i += 1;
        }
        if i >= b.len() || b[i] != '[' {
            break;
        }
        i += 1;
        if given.len() >= MAXDIM {
            return Err(too_many_dims(given.len() + 1));
        }
        let first =
            parse_int(&b, &mut i).ok_or_else(|| malformed("Missing array dimension value."))?;
        let (lb, ub) = if i < b.len() && b[i] == ':' {
            i += 1;
            let ub =
                parse_int(&b, &mut i).ok_or_else(|| malformed("Missing array dimension value."))?;
            (first, ub)
        } else {
            (1, first)
        };
        if i >= b.len() || b[i] != ']' {
            return Err(malformed("Missing \"]\" after array dimensions."));
        }
        i += 1;
        if ub < lb {
            return Err(pg_err!(
                ARRAY_SUBSCRIPT_ERROR,
                "upper bound cannot be less than lower bound"
            ));
        }
        let (lb32, len) = (i32::try_from(lb), i32::try_from(ub - lb + 1));
        match (lb32, len) {
            (Ok(l), Ok(n)) if l.checked_add(n).is_some() => given.push((n, l)),
            _ => return Err(pg_err!(NUMERIC_VALUE_OUT_OF_RANGE, "integer out of range")),
        }
    }
    if given.is_empty() {
        if i >= b.len() || b[i] != '{' {
            return Err(malformed(
                "Array value must start with \"{\" or dimension information.",
            ));
        }
    } else {
        if i >= b.len() || b[i] != '=' {
            return Err(malformed("Missing \"=\" after array dimensions."));
        }
        i += 1;
        while i < b.len() && array_isspace(b[i]) {
            i += 1;
        }
        if i >= b.len() || b[i] != '{' {
            return Err(malformed("Array contents must start with \"{\"."));
        }
    }

    // Structure and elements in one pass.
    let mut st = St::NoLevel;
    let mut nest = 0usize;
    let mut ndim = 0usize;
    let mut nelems = [1i64; MAXDIM];
    let mut nelems_last = [0i64; MAXDIM];
    let mut in_quotes = false;
    let mut empty = true;
    let mut elems: Vec<Option<String>> = Vec::new();
    let mut depths: Vec<usize> = Vec::new();
    let mut cur = String::new();
    let mut sig = 0usize; // significant length of `cur` (trailing unquoted spaces trimmed)
    let mut literal = false; // quoted or escaped: never NULL
    let mut done = false;
    let unexpected = |c: char| malformed(&format!("Unexpected \"{c}\" character."));
    while i < b.len() {
        let c = b[i];
        if st == St::ElemStarted || st == St::QuotedElemStarted {
            empty = false;
        }
        if c == '\\' {
            if !matches!(
                st,
                St::LevelStarted | St::ElemStarted | St::QuotedElemStarted | St::ElemDelimited
            ) {
                return Err(unexpected('\\'));
            }
            if st != St::QuotedElemStarted {
                st = St::ElemStarted;
            }
            empty = false;
            i += 1;
            if i >= b.len() {
                return Err(malformed("Unexpected end of input."));
            }
            cur.push(b[i]);
            sig = cur.len();
            literal = true;
        } else if c == '"' {
            if !matches!(
                st,
                St::LevelStarted | St::QuotedElemStarted | St::ElemDelimited
            ) {
                return Err(malformed("Unexpected array element."));
            }
            in_quotes = !in_quotes;
            st = if in_quotes {
                St::QuotedElemStarted
            } else {
                St::QuotedElemCompleted
            };
            literal = true;
            sig = cur.len();
        } else if in_quotes {
            cur.push(c);
            sig = cur.len();
        } else if c == '{' {
            if !matches!(st, St::NoLevel | St::LevelStarted | St::LevelDelimited) {
                return Err(unexpected('{'));
            }
            st = St::LevelStarted;
            if nest >= MAXDIM {
                return Err(too_many_dims(nest + 1));
            }
            nest += 1;
            ndim = ndim.max(nest);
        } else if c == '}' {
            if !(matches!(
                st,
                St::ElemStarted | St::QuotedElemCompleted | St::LevelCompleted
            ) || (nest == 1 && st == St::LevelStarted))
            {
                return Err(unexpected('}'));
            }
            if matches!(st, St::ElemStarted | St::QuotedElemCompleted) {
                cur.truncate(sig);
                let is_null = !literal && cur.eq_ignore_ascii_case("NULL");
                elems.push(if is_null {
                    None
                } else {
                    Some(std::mem::take(&mut cur))
                });
                depths.push(nest);
                cur.clear();
                sig = 0;
                literal = false;
            }
            st = St::LevelCompleted;
            if nest == 0 {
                return Err(unexpected('}'));
            }
            nest -= 1;
            if nelems_last[nest] != 0 && nelems[nest] != nelems_last[nest] {
                return Err(malformed(
                    "Multidimensional arrays must have sub-arrays with matching dimensions.",
                ));
            }
            nelems_last[nest] = nelems[nest];
            nelems[nest] = 1;
            if nest == 0 {
                done = true;
                i += 1;
                break;
            }
        } else if c == delim {
            if !matches!(
                st,
                St::ElemStarted | St::QuotedElemCompleted | St::LevelCompleted
            ) {
                return Err(unexpected(c));
            }
            if st == St::LevelCompleted {
                st = St::LevelDelimited;
            } else {
                cur.truncate(sig);
                let is_null = !literal && cur.eq_ignore_ascii_case("NULL");
                elems.push(if is_null {
                    None
                } else {
                    Some(std::mem::take(&mut cur))
                });
                depths.push(nest);
                cur.clear();
                sig = 0;
                literal = false;
                st = St::ElemDelimited;
            }
            if nest == 0 {
                return Err(unexpected(c));
            }
            nelems[nest - 1] += 1;
        } else if array_isspace(c) {
            if st == St::ElemStarted {
                cur.push(c);
            }
        } else {
            if !matches!(st, St::LevelStarted | St::ElemStarted | St::ElemDelimited) {
                return Err(malformed("Unexpected array element."));
            }
            st = St::ElemStarted;
            empty = false;
            cur.push(c);
            sig = cur.len();
        }
        i += 1;
    }
    if !done {
        return Err(malformed("Unexpected end of input."));
    }
    while i < b.len() {
        if !array_isspace(b[i]) {
            return Err(malformed("Junk after closing right brace."));
        }
        i += 1;
    }
    if empty {
        if !given.is_empty() {
            return Err(malformed(
                "Specified array dimensions do not match array contents.",
            ));
        }
        return Ok(ParsedArray {
            dims: Vec::new(),
            elems: Vec::new(),
        });
    }
    if depths.iter().any(|&d| d != ndim) {
        return Err(malformed(
            "Multidimensional arrays must have sub-arrays with matching dimensions.",
        ));
    }
    let counted: Vec<i64> = nelems_last[..ndim].to_vec();
    let total = counted.iter().try_fold(1i64, |acc, &n| {
        let t = acc.checked_mul(n)?;
        (t <= MAX_ARRAY_SIZE).then_some(t)
    });
    if total != Some(elems.len() as i64) {
        return Err(malformed(
            "Multidimensional arrays must have sub-arrays with matching dimensions.",
        ));
    }
    let dims = if given.is_empty() {
        counted.iter().map(|&n| (n as i32, 1)).collect()
    } else {
        if given.len() != ndim || given.iter().zip(&counted).any(|(g, &n)| g.0 as i64 != n) {
            return Err(malformed(
                "Specified array dimensions do not match array contents.",
            ));
        }
        given
    };
    Ok(ParsedArray { dims, elems })
}

/// array_in for element type `elem` (typmod applies to each element).
pub fn array_in(s: &str, elem: Oid, typmod: i32, env: &SessionEnv) -> PgResult<Array> {
    let parsed = parse_array_literal(s, delim_of(elem))?;
    let mut elems = Vec::with_capacity(parsed.elems.len());
    for e in parsed.elems {
        elems.push(match e {
            None => Datum::Null,
            Some(t) => crate::io::input(elem, typmod, &t, env)?,
        });
    }
    Ok(Array {
        elem_type: elem,
        dims: parsed.dims,
        elems,
    })
}

// ---------------------------------------------------------------------------------------------
// Text output.

fn needs_quotes(s: &str, delim: char) -> bool {
    s.is_empty()
        || s.eq_ignore_ascii_case("NULL")
        || s.chars().any(|c| {
            c == '"' || c == '\\' || c == '{' || c == '}' || c == delim || array_isspace(c)
        })
}

/// Render an array as PostgreSQL's array_out does, with `out_elem` producing each non-NULL
/// element's text.
pub fn format_array(
    a: &Array,
    delim: char,
    mut out_elem: impl FnMut(&Datum) -> PgResult<String>,
) -> PgResult<String> {
    if a.dims.is_empty() || a.elems.is_empty() {
        return Ok("{}".to_string());
    }
    let mut out = String::new();
    if a.dims.iter().any(|&(_, lb)| lb != 1) {
        for &(n, lb) in &a.dims {
            out.push_str(&format!("[{}:{}]", lb, lb as i64 + n as i64 - 1));
        }
        out.push('=');
    }
    let nd = a.dims.len();
    // Counters per dimension.
    let mut idx = vec![0i32; nd];
    for _ in 0..nd {
        out.push('{');
    }
    for (k, e) in a.elems.iter().enumerate() {
        if k > 0 {
            // Close and reopen levels as the counters roll over.
            let mut level = nd - 1;
            idx[level] += 1;
            let mut closed = 0;
            while idx[level] >= a.dims[level].0 && level > 0 {
                idx[level] = 0;
                level -= 1;
                idx[level] += 1;
                closed += 1;
            }
            for _ in 0..closed {
                out.push('}');
            }
            out.push(delim);
            for _ in 0..closed {
                out.push('{');
            }
        }
        match e {
            Datum::Null => out.push_str("NULL"),
            d => {
                let s = out_elem(d)?;
                if needs_quotes(&s, delim) {
                    out.push('"');
                    for c in s.chars() {
                        if c == '"' || c == '\\' {
                            out.push('\\');
                        }
                        out.push(c);
                    }
                    out.push('"');
                } else {
                    out.push_str(&s);
                }
            }
        }
    }
    for _ in 0..nd {
        out.push('}');
    }
    Ok(out)
}

fn arg_arr(d: &Datum) -> PgResult<&Array> {
    match d {
        Datum::Array(a) => Ok(a),
        other => Err(PgError::internal(format!(
            "expected an array value, got {other:?}"
        ))),
    }
}

fn elem_text(d: &Datum, elem: Oid, env: &SessionEnv) -> PgResult<String> {
    any_to_text(d, elem, env)
}

pub fn input(typ: Oid, typmod: i32, s: &str, env: &SessionEnv) -> Option<PgResult<Datum>> {
    let elem = array_elem_type(typ)?;
    Some(array_in(s, elem, typmod, env).map(|a| Datum::Array(Box::new(a))))
}

pub fn output(typ: Oid, d: &Datum, env: &SessionEnv, out: &mut String) -> PgResult<bool> {
    // anyarray (pg_statistic.stavalues): the value carries its element type.
    let Some(elem) = array_elem_type(typ).or((typ == ANYARRAY).then_some(0)) else {
        return Ok(false);
    };
    let a = arg_arr(d)?;
    let et = if a.elem_type != 0 { a.elem_type } else { elem };
    out.push_str(&format_array(a, delim_of(et), |e| elem_text(e, et, env))?);
    Ok(true)
}

// ---------------------------------------------------------------------------------------------
// Binary I/O.

fn short() -> PgError {
    pg_err!(PROTOCOL_VIOLATION, "insufficient data left in message")
}

fn get_i32(b: &[u8], pos: &mut usize) -> PgResult<i32> {
    let s = b.get(*pos..*pos + 4).ok_or_else(short)?;
    *pos += 4;
    Ok(i32::from_be_bytes([s[0], s[1], s[2], s[3]]))
}

/// array_recv for element type `elem`.
pub fn array_recv(b: &[u8], elem: Oid, typmod: i32, env: &SessionEnv) -> PgResult<Array> {
    let mut pos = 0;
    let ndim = get_i32(b, &mut pos)?;
    if ndim < 0 {
        return Err(pg_err!(
            INVALID_BINARY_REPRESENTATION,
            "invalid number of dimensions: {}",
            ndim
        ));
    }
    if ndim as usize > MAXDIM {
        return Err(too_many_dims(ndim as usize));
    }
    let flags = get_i32(b, &mut pos)?;
    if flags != 0 && flags != 1 {
        return Err(pg_err!(
            INVALID_BINARY_REPRESENTATION,
            "invalid array flags"
        ));
    }
    let et = get_i32(b, &mut pos)? as u32;
    if et != elem {
        return Err(pg_err!(DATATYPE_MISMATCH, "wrong element type"));
    }
    let mut dims = Vec::with_capacity(ndim as usize);
    let mut total: i64 = 1;
    for _ in 0..ndim {
        let n = get_i32(b, &mut pos)?;
        let lb = get_i32(b, &mut pos)?;
        if n < 0 {
            return Err(pg_err!(
                PROGRAM_LIMIT_EXCEEDED,
                "array size exceeds the maximum allowed ({})",
                MAX_ARRAY_SIZE
            ));
        }
        if lb.checked_add(n).is_none() {
            return Err(pg_err!(NUMERIC_VALUE_OUT_OF_RANGE, "integer out of range"));
        }
        total = total.saturating_mul(n as i64);
        if total > MAX_ARRAY_SIZE {
            return Err(pg_err!(
                PROGRAM_LIMIT_EXCEEDED,
                "array size exceeds the maximum allowed ({})",
                MAX_ARRAY_SIZE
            ));
        }
        dims.push((n, lb));
    }
    if ndim == 0 || total == 0 {
        return Ok(Array {
            elem_type: elem,
            dims: Vec::new(),
            elems: Vec::new(),
        });
    }
    // Every element needs at least its 4-byte length word.
    if total as usize > (b.len() - pos) / 4 {
        return Err(short());
    }
    let mut elems = Vec::with_capacity(total as usize);
    for _ in 0..total {
        let len = get_i32(b, &mut pos)?;
        if len == -1 {
            elems.push(Datum::Null);
            continue;
        }
        if len < -1 {
            return Err(short());
        }
        let body = b.get(pos..pos + len as usize).ok_or_else(short)?;
        pos += len as usize;
        elems.push(crate::io::receive(elem, typmod, body, env)?);
    }
    Ok(Array {
        elem_type: elem,
        dims,
        elems,
    })
}

/// array_send.
pub fn array_send(a: &Array, elem: Oid, env: &SessionEnv, out: &mut Vec<u8>) -> PgResult<()> {
    let empty = a.dims.is_empty() || a.elems.is_empty();
    let nd = if empty { 0 } else { a.dims.len() as i32 };
    out.extend_from_slice(&nd.to_be_bytes());
    let has_null = a.elems.iter().any(|e| e.is_null());
    out.extend_from_slice(&(has_null as i32).to_be_bytes());
    out.extend_from_slice(&elem.to_be_bytes());
    if empty {
        return Ok(());
    }
    for &(n, lb) in &a.dims {
        out.extend_from_slice(&n.to_be_bytes());
        out.extend_from_slice(&lb.to_be_bytes());
    }
    for e in &a.elems {
        if e.is_null() {
            out.extend_from_slice(&(-1i32).to_be_bytes());
        } else {
            let body = crate::io::send(elem, e, env)?;
            out.extend_from_slice(&(body.len() as i32).to_be_bytes());
            out.extend_from_slice(&body);
        }
    }
    Ok(())
}

pub fn receive(typ: Oid, typmod: i32, b: &[u8], env: &SessionEnv) -> Option<PgResult<Datum>> {
    let elem = array_elem_type(typ)?;
    Some(array_recv(b, elem, typmod, env).map(|a| Datum::Array(Box::new(a))))
}

pub fn send(typ: Oid, d: &Datum, env: &SessionEnv, out: &mut Vec<u8>) -> PgResult<bool> {
    let Some(elem) = array_elem_type(typ).or((typ == ANYARRAY).then_some(0)) else {
        return Ok(false);
    };
    let a = arg_arr(d)?;
    let elem = if elem == 0 { a.elem_type } else { elem };
    array_send(a, elem, env, out)?;
    Ok(true)
}

/// Typmods of array types apply to each element (varchar(5)[]).
pub fn apply_typmod(typ: Oid, d: &Datum, typmod: i32, explicit: bool) -> Option<PgResult<Datum>> {
    let elem = array_elem_type(typ)?;
    let Datum::Array(a) = d else {
        return None;
    };
    let mut out = Vec::with_capacity(a.elems.len());
    for e in &a.elems {
        match crate::io::apply_typmod(elem, e.clone(), typmod, explicit) {
            Ok(v) => out.push(v),
            Err(err) => return Some(Err(err)),
        }
    }
    Some(Ok(Datum::Array(Box::new(Array {
        elem_type: a.elem_type,
        dims: a.dims.clone(),
        elems: out,
    }))))
}

// ---------------------------------------------------------------------------------------------
// Comparison.

fn elem_cmp(x: &Datum, y: &Datum) -> Ordering {
    match (x, y) {
        (Datum::Null, Datum::Null) => Ordering::Equal,
        (Datum::Null, _) => Ordering::Greater,
        (_, Datum::Null) => Ordering::Less,
        _ => compare(x, y),
    }
}

/// btree ordering of two arrays (PostgreSQL's array_cmp).
pub fn array_cmp(a: &Array, b: &Array) -> Ordering {
    for (x, y) in a.elems.iter().zip(&b.elems) {
        let o = elem_cmp(x, y);
        if o != Ordering::Equal {
            return o;
        }
    }
    a.elems
        .len()
        .cmp(&b.elems.len())
        .then(a.dims.len().cmp(&b.dims.len()))
        .then_with(|| {
            for (da, db) in a.dims.iter().zip(&b.dims) {
                let o = da.0.cmp(&db.0);
                if o != Ordering::Equal {
                    return o;
                }
            }
            for (da, db) in a.dims.iter().zip(&b.dims) {
                let o = da.1.cmp(&db.1);
                if o != Ordering::Equal {
                    return o;
                }
            }
            Ordering::Equal
        })
}

fn norm_dims(a: &Array) -> &[(i32, i32)] {
    if a.elems.is_empty() {
        &[]
    } else {
        &a.dims
    }
}

/// array_eq: same dimensions and bounds, elements equal (NULL equals NULL here).
pub fn array_equal(a: &Array, b: &Array) -> bool {
    norm_dims(a) == norm_dims(b)
        && a.elems.len() == b.elems.len()
        && a.elems
            .iter()
            .zip(&b.elems)
            .all(|(x, y)| elem_cmp(x, y) == Ordering::Equal)
}

fn cmp2(a: &[Datum]) -> PgResult<Ordering> {
    Ok(array_cmp(arg_arr(&a[0])?, arg_arr(&a[1])?))
}
fn a_eq(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(Datum::Bool(array_equal(arg_arr(&a[0])?, arg_arr(&a[1])?)))
}
fn a_ne(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(Datum::Bool(!array_equal(arg_arr(&a[0])?, arg_arr(&a[1])?)))
}
fn a_lt(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(Datum::Bool(cmp2(a)? == Ordering::Less))
}
fn a_le(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(Datum::Bool(cmp2(a)? != Ordering::Greater))
}
fn a_gt(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(Datum::Bool(cmp2(a)? == Ordering::Greater))
}
fn a_ge(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(Datum::Bool(cmp2(a)? != Ordering::Less))
}
fn a_cmp(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(Datum::Int4(match cmp2(a)? {
        Ordering::Less => -1,
        Ordering::Equal => 0,
        Ordering::Greater => 1,
    }))
}
fn a_larger(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(if cmp2(a)? == Ordering::Less {
        a[1].clone()
    } else {
        a[0].clone()
    })
}
fn a_smaller(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(if cmp2(a)? == Ordering::Greater {
        a[1].clone()
    } else {
        a[0].clone()
    })
}

/// Does every non-NULL element of `inner` appear in `outer` (`matchall`), or does any (overlap)?
fn contain_compare(inner: &Array, outer: &Array, matchall: bool) -> bool {
    for x in &inner.elems {
        if x.is_null() {
            if matchall {
                return false;
            }
            continue;
        }
        let found = outer
            .elems
            .iter()
            .any(|y| !y.is_null() && compare(x, y) == Ordering::Equal);
        if found && !matchall {
            return true;
        }
        if !found && matchall {
            return false;
        }
    }
    matchall
}
fn a_overlap(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(Datum::Bool(contain_compare(
        arg_arr(&a[0])?,
        arg_arr(&a[1])?,
        false,
    )))
}
fn a_contains(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(Datum::Bool(contain_compare(
        arg_arr(&a[1])?,
        arg_arr(&a[0])?,
        true,
    )))
}
fn a_contained(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(Datum::Bool(contain_compare(
        arg_arr(&a[0])?,
        arg_arr(&a[1])?,
        true,
    )))
}

// ---------------------------------------------------------------------------------------------
// Functions.

fn arr(a: Array) -> PgResult<Datum> {
    Ok(Datum::Array(Box::new(a)))
}

fn is_empty(a: &Array) -> bool {
    a.dims.is_empty() || a.elems.is_empty()
}

/// Element type for a polymorphic result: from the resolved result type, else `fallback`.
fn result_elem(cx: &FuncCtx, fallback: Oid) -> Oid {
    element_type_of(cx.result_type)
        .filter(|&e| e != 0)
        .unwrap_or(fallback)
}

fn array_ndims(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let x = arg_arr(&a[0])?;
    Ok(if is_empty(x) {
        Datum::Null
    } else {
        Datum::Int4(x.dims.len() as i32)
    })
}
fn array_dims(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let x = arg_arr(&a[0])?;
    if is_empty(x) {
        return Ok(Datum::Null);
    }
    let mut s = String::new();
    for &(n, lb) in &x.dims {
        s.push_str(&format!("[{}:{}]", lb, lb as i64 + n as i64 - 1));
    }
    Ok(Datum::Text(s))
}
fn dim_of(a: &[Datum]) -> PgResult<Option<(i32, i32)>> {
    let x = arg_arr(&a[0])?;
    let d = arg_i32(&a[1])?;
    if is_empty(x) || d < 1 || d as usize > x.dims.len() {
        return Ok(None);
    }
    Ok(Some(x.dims[d as usize - 1]))
}
fn array_lower(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(dim_of(a)?
        .map(|(_, lb)| Datum::Int4(lb))
        .unwrap_or(Datum::Null))
}
fn array_upper(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(dim_of(a)?
        .map(|(n, lb)| Datum::Int4(lb.wrapping_add(n).wrapping_sub(1)))
        .unwrap_or(Datum::Null))
}
fn array_length(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(dim_of(a)?
        .map(|(n, _)| Datum::Int4(n))
        .unwrap_or(Datum::Null))
}
fn cardinality(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let x = arg_arr(&a[0])?;
    Ok(Datum::Int4(if is_empty(x) {
        0
    } else {
        x.elems.len() as i32
    }))
}

fn check_size(n: usize) -> PgResult<()> {
    if n as i64 > MAX_ARRAY_SIZE {
        return Err(pg_err!(
            PROGRAM_LIMIT_EXCEEDED,
            "array size exceeds the maximum allowed ({})",
            MAX_ARRAY_SIZE
        ));
    }
    Ok(())
}

fn array_append(a: &[Datum], cx: &FuncCtx) -> PgResult<Datum> {
    let fallback = match &a[0] {
        Datum::Array(x) => x.elem_type,
        _ => cx.arg_types.get(1).copied().unwrap_or(0),
    };
    let et = result_elem(cx, fallback);
    let mut x = match &a[0] {
        Datum::Null => Array {
            elem_type: et,
            dims: Vec::new(),
            elems: Vec::new(),
        },
        d => arg_arr(d)?.clone(),
    };
    if is_empty(&x) {
        x.dims = vec![(1, 1)];
        x.elems = vec![a[1].clone()];
        return arr(x);
    }
    if x.dims.len() != 1 {
        return Err(pg_err!(
            DATA_EXCEPTION,
            "argument must be empty or one-dimensional array"
        ));
    }
    let (n, lb) = x.dims[0];
    if lb.checked_add(n).is_none() {
        return Err(pg_err!(NUMERIC_VALUE_OUT_OF_RANGE, "integer out of range"));
    }
    check_size(x.elems.len() + 1)?;
    x.elems.push(a[1].clone());
    x.dims[0].0 += 1;
    arr(x)
}

fn array_prepend(a: &[Datum], cx: &FuncCtx) -> PgResult<Datum> {
    let fallback = match &a[1] {
        Datum::Array(x) => x.elem_type,
        _ => cx.arg_types.first().copied().unwrap_or(0),
    };
    let et = result_elem(cx, fallback);
    let mut x = match &a[1] {
        Datum::Null => Array {
            elem_type: et,
            dims: Vec::new(),
            elems: Vec::new(),
        },
        d => arg_arr(d)?.clone(),
    };
    if is_empty(&x) {
        x.dims = vec![(1, 1)];
        x.elems = vec![a[0].clone()];
        return arr(x);
    }
    if x.dims.len() != 1 {
        return Err(pg_err!(
            DATA_EXCEPTION,
            "argument must be empty or one-dimensional array"
        ));
    }
    if x.dims[0].1.checked_sub(1).is_none() {
        return Err(pg_err!(NUMERIC_VALUE_OUT_OF_RANGE, "integer out of range"));
    }
    check_size(x.elems.len() + 1)?;
    x.elems.insert(0, a[0].clone());
    x.dims[0].0 += 1;
    arr(x)
}

fn incompatible(detail: String) -> PgError {
    pg_err!(
        ARRAY_SUBSCRIPT_ERROR,
        "cannot concatenate incompatible arrays"
    )
    .with_detail(detail)
}

/// array_cat with PostgreSQL's dimension rules.
pub fn array_cat_values(x: &Array, y: &Array) -> PgResult<Array> {
    if is_empty(x) {
        return Ok(y.clone());
    }
    if is_empty(y) {
        return Ok(x.clone());
    }
    let (n1, n2) = (x.dims.len(), y.dims.len());
    let mut out = Array {
        elem_type: x.elem_type,
        dims: Vec::new(),
        elems: Vec::new(),
    };
    if n1 == n2 {
        if x.dims[1..]
            .iter()
            .map(|d| d.0)
            .ne(y.dims[1..].iter().map(|d| d.0))
        {
            return Err(incompatible(
                "Arrays with differing element dimensions are not compatible for concatenation."
                    .into(),
            ));
        }
        out.dims = x.dims.clone();
        out.dims[0].0 = x.dims[0]
            .0
            .checked_add(y.dims[0].0)
            .ok_or_else(|| pg_err!(NUMERIC_VALUE_OUT_OF_RANGE, "integer out of range"))?;
    } else if n1 + 1 == n2 {
        if x.dims
            .iter()
            .map(|d| d.0)
            .ne(y.dims[1..].iter().map(|d| d.0))
        {
            return Err(incompatible(
                "Arrays with differing dimensions are not compatible for concatenation.".into(),
            ));
        }
        out.dims = y.dims.clone();
        out.dims[0].0 += 1;
    } else if n1 == n2 + 1 {
        if y.dims
            .iter()
            .map(|d| d.0)
            .ne(x.dims[1..].iter().map(|d| d.0))
        {
            return Err(incompatible(
                "Arrays with differing dimensions are not compatible for concatenation.".into(),
            ));
        }
        out.dims = x.dims.clone();
        out.dims[0].0 += 1;
    } else {
        return Err(incompatible(format!(
            "Arrays of {n1} and {n2} dimensions are not compatible for concatenation."
        )));
    }
    check_size(x.elems.len() + y.elems.len())?;
    out.elems.reserve(x.elems.len() + y.elems.len());
    out.elems.extend(x.elems.iter().cloned());
    out.elems.extend(y.elems.iter().cloned());
    Ok(out)
}

fn array_cat(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    match (&a[0], &a[1]) {
        (Datum::Null, Datum::Null) => Ok(Datum::Null),
        (Datum::Null, y) => Ok(y.clone()),
        (x, Datum::Null) => Ok(x.clone()),
        (x, y) => arr(array_cat_values(arg_arr(x)?, arg_arr(y)?)?),
    }
}

fn elem_matches(x: &Datum, target: &Datum) -> bool {
    match (x, target) {
        (Datum::Null, Datum::Null) => true,
        (Datum::Null, _) | (_, Datum::Null) => false,
        _ => compare(x, target) == Ordering::Equal,
    }
}

fn search_1d(x: &Array) -> PgResult<()> {
    if x.dims.len() > 1 {
        return Err(pg_err!(
            FEATURE_NOT_SUPPORTED,
            "searching for elements in multidimensional arrays is not supported"
        ));
    }
    Ok(())
}

fn array_position(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let x = match &a[0] {
        Datum::Null => return Ok(Datum::Null),
        d => arg_arr(d)?,
    };
    search_1d(x)?;
    if is_empty(x) {
        return Ok(Datum::Null);
    }
    let lb = x.dims[0].1;
    let mut start = 0usize;
    if a.len() > 2 {
        let s = match &a[2] {
            Datum::Null => {
                return Err(pg_err!(
                    NULL_VALUE_NOT_ALLOWED,
                    "initial position must not be null"
                ))
            }
            d => arg_i32(d)?,
        };
        start = (s as i64 - lb as i64).max(0) as usize;
    }
    for (k, e) in x.elems.iter().enumerate().skip(start) {
        if elem_matches(e, &a[1]) {
            return Ok(Datum::Int4(lb + k as i32));
        }
    }
    Ok(Datum::Null)
}

fn array_positions(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let x = match &a[0] {
        Datum::Null => return Ok(Datum::Null),
        d => arg_arr(d)?,
    };
    search_1d(x)?;
    let lb = x.dims.first().map(|d| d.1).unwrap_or(1);
    let hits: Vec<Datum> = x
        .elems
        .iter()
        .enumerate()
        .filter(|(_, e)| elem_matches(e, &a[1]))
        .map(|(k, _)| Datum::Int4(lb + k as i32))
        .collect();
    arr(Array::from_vec(INT4, hits))
}

fn array_remove(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let x = match &a[0] {
        Datum::Null => return Ok(Datum::Null),
        d => arg_arr(d)?,
    };
    if x.dims.len() > 1 {
        return Err(pg_err!(
            FEATURE_NOT_SUPPORTED,
            "removing elements from multidimensional arrays is not supported"
        ));
    }
    if is_empty(x) {
        return Ok(a[0].clone());
    }
    let elems: Vec<Datum> = x
        .elems
        .iter()
        .filter(|e| !elem_matches(e, &a[1]))
        .cloned()
        .collect();
    if elems.len() == x.elems.len() {
        return Ok(a[0].clone());
    }
    let dims = if elems.is_empty() {
        Vec::new()
    } else {
        vec![(elems.len() as i32, x.dims[0].1)]
    };
    arr(Array {
        elem_type: x.elem_type,
        dims,
        elems,
    })
}

fn array_replace(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let x = match &a[0] {
        Datum::Null => return Ok(Datum::Null),
        d => arg_arr(d)?,
    };
    let mut y = x.clone();
    for e in y.elems.iter_mut() {
        if elem_matches(e, &a[1]) {
            *e = a[2].clone();
        }
    }
    arr(y)
}

fn array_to_string(a: &[Datum], cx: &FuncCtx) -> PgResult<Datum> {
    let (x, delim) = match (&a[0], &a[1]) {
        (Datum::Null, _) | (_, Datum::Null) => return Ok(Datum::Null),
        (x, d) => (arg_arr(x)?, arg_str(d)?),
    };
    let null_str = match a.get(2) {
        Some(Datum::Null) | None => None,
        Some(d) => Some(arg_str(d)?),
    };
    let et = if x.elem_type != 0 {
        x.elem_type
    } else {
        cx.arg_types
            .first()
            .and_then(|&t| element_type_of(t))
            .unwrap_or(0)
    };
    let mut out = String::new();
    let mut first = true;
    for e in &x.elems {
        let piece = match e {
            Datum::Null => match null_str {
                Some(n) => n.to_string(),
                None => continue,
            },
            d => elem_text(d, et, cx.env)?,
        };
        if !first {
            out.push_str(delim);
        }
        first = false;
        out.push_str(&piece);
        if out.len() > crate::text::MAX_ALLOC {
            return Err(pg_err!(
                PROGRAM_LIMIT_EXCEEDED,
                "requested length too large"
            ));
        }
    }
    Ok(Datum::Text(out))
}

fn string_to_array(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let s = match &a[0] {
        Datum::Null => return Ok(Datum::Null),
        d => arg_str(d)?,
    };
    let delim = match &a[1] {
        Datum::Null => None,
        d => Some(arg_str(d)?),
    };
    let null_str = match a.get(2) {
        Some(Datum::Null) | None => None,
        Some(d) => Some(arg_str(d)?),
    };
    if s.is_empty() {
        return arr(Array::from_vec(TEXT, Vec::new()));
    }
    let fields: Vec<&str> = match delim {
        None => s
            .char_indices()
            .map(|(i, c)| &s[i..i + c.len_utf8()])
            .collect(),
        Some("") => vec![s],
        Some(d) => s.split(d).collect(),
    };
    check_size(fields.len())?;
    let elems = fields
        .into_iter()
        .map(|f| {
            if Some(f) == null_str {
                Datum::Null
            } else {
                Datum::text(f)
            }
        })
        .collect();
    arr(Array::from_vec(TEXT, elems))
}

fn int_array(d: &Datum) -> PgResult<&Array> {
    arg_arr(d)
}

fn array_fill(a: &[Datum], cx: &FuncCtx) -> PgResult<Datum> {
    let null_dims = || {
        pg_err!(
            NULL_VALUE_NOT_ALLOWED,
            "dimension array or low bound array cannot be null"
        )
    };
    if a[1].is_null() || (a.len() > 2 && a[2].is_null()) {
        return Err(null_dims());
    }
    let dims_arr = int_array(&a[1])?;
    let wrong = |d: &str| {
        pg_err!(ARRAY_SUBSCRIPT_ERROR, "wrong number of array subscripts")
            .with_detail(d.to_string())
    };
    if dims_arr.dims.len() > 1 {
        return Err(wrong("Dimension array must be one dimensional."));
    }
    let mut lens = Vec::new();
    for e in &dims_arr.elems {
        match e {
            Datum::Null => {
                return Err(pg_err!(
                    NULL_VALUE_NOT_ALLOWED,
                    "dimension values cannot be null"
                ))
            }
            d => lens.push(arg_i32(d)?),
        }
    }
    let lbs: Vec<i32> = if a.len() > 2 {
        let l = int_array(&a[2])?;
        if l.dims.len() > 1 {
            return Err(wrong("Dimension array must be one dimensional."));
        }
        if l.elems.len() != lens.len() {
            return Err(wrong(
                "Low bound array has different size than dimensions array.",
            ));
        }
        let mut v = Vec::new();
        for e in &l.elems {
            match e {
                Datum::Null => {
                    return Err(pg_err!(
                        NULL_VALUE_NOT_ALLOWED,
                        "dimension values cannot be null"
                    ))
                }
                d => v.push(arg_i32(d)?),
            }
        }
        v
    } else {
        vec![1; lens.len()]
    };
    if lens.len() > MAXDIM {
        return Err(too_many_dims(lens.len()));
    }
    let et = result_elem(cx, cx.arg_types.first().copied().unwrap_or(0));
    let mut total: i64 = 1;
    for &n in &lens {
        if n < 0 {
            return Err(pg_err!(
                PROGRAM_LIMIT_EXCEEDED,
                "array size exceeds the maximum allowed ({})",
                MAX_ARRAY_SIZE
            ));
        }
        total = total.saturating_mul(n as i64);
        if total > MAX_ARRAY_SIZE {
            return Err(pg_err!(
                PROGRAM_LIMIT_EXCEEDED,
                "array size exceeds the maximum allowed ({})",
                MAX_ARRAY_SIZE
            ));
        }
    }
    if lens.is_empty() || total == 0 {
        return arr(Array {
            elem_type: et,
            dims: Vec::new(),
            elems: Vec::new(),
        });
    }
    let dims = lens.into_iter().zip(lbs).collect();
    arr(Array {
        elem_type: et,
        dims,
        elems: vec![a[0].clone(); total as usize],
    })
}

fn width_bucket(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let x = arg_arr(&a[1])?;
    if x.dims.len() > 1 {
        return Err(pg_err!(
            ARRAY_SUBSCRIPT_ERROR,
            "thresholds must be one-dimensional array"
        ));
    }
    if x.elems.iter().any(|e| e.is_null()) {
        return Err(pg_err!(
            NULL_VALUE_NOT_ALLOWED,
            "thresholds array must not contain NULLs"
        ));
    }
    // Binary search for the first threshold greater than the operand.
    let (mut lo, mut hi) = (0usize, x.elems.len());
    while lo < hi {
        let mid = (lo + hi) / 2;
        if compare(&a[0], &x.elems[mid]) == Ordering::Less {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    Ok(Datum::Int4(lo as i32))
}

pub fn procs() -> Vec<ProcDef> {
    let ns = |mut p: ProcDef| {
        p.strict = false;
        p
    };
    let stable = |mut p: ProcDef| {
        p.volatility = b's';
        p
    };
    vec![
        p!(744, "array_eq", [ANYARRAY, ANYARRAY], BOOL, a_eq),
        p!(390, "array_ne", [ANYARRAY, ANYARRAY], BOOL, a_ne),
        p!(391, "array_lt", [ANYARRAY, ANYARRAY], BOOL, a_lt),
        p!(392, "array_gt", [ANYARRAY, ANYARRAY], BOOL, a_gt),
        p!(393, "array_le", [ANYARRAY, ANYARRAY], BOOL, a_le),
        p!(396, "array_ge", [ANYARRAY, ANYARRAY], BOOL, a_ge),
        p!(382, "btarraycmp", [ANYARRAY, ANYARRAY], INT4, a_cmp),
        p!(
            515,
            "array_larger",
            [ANYARRAY, ANYARRAY],
            ANYARRAY,
            a_larger
        ),
        p!(
            516,
            "array_smaller",
            [ANYARRAY, ANYARRAY],
            ANYARRAY,
            a_smaller
        ),
        p!(2747, "arrayoverlap", [ANYARRAY, ANYARRAY], BOOL, a_overlap),
        p!(
            2748,
            "arraycontains",
            [ANYARRAY, ANYARRAY],
            BOOL,
            a_contains
        ),
        p!(
            2749,
            "arraycontained",
            [ANYARRAY, ANYARRAY],
            BOOL,
            a_contained
        ),
        p!(748, "array_ndims", [ANYARRAY], INT4, array_ndims),
        p!(747, "array_dims", [ANYARRAY], TEXT, array_dims),
        p!(2091, "array_lower", [ANYARRAY, INT4], INT4, array_lower),
        p!(2092, "array_upper", [ANYARRAY, INT4], INT4, array_upper),
        p!(2176, "array_length", [ANYARRAY, INT4], INT4, array_length),
        p!(3179, "cardinality", [ANYARRAY], INT4, cardinality),
        ns(p!(
            378,
            "array_append",
            [ANYARRAY, ANYELEMENT],
            ANYARRAY,
            array_append
        )),
        ns(p!(
            379,
            "array_prepend",
            [ANYELEMENT, ANYARRAY],
            ANYARRAY,
            array_prepend
        )),
        ns(p!(
            383,
            "array_cat",
            [ANYARRAY, ANYARRAY],
            ANYARRAY,
            array_cat
        )),
        ns(p!(
            3277,
            "array_position",
            [ANYARRAY, ANYELEMENT],
            INT4,
            array_position
        )),
        ns(p!(
            3278,
            "array_position",
            [ANYARRAY, ANYELEMENT, INT4],
            INT4,
            array_position
        )),
        ns(p!(
            3279,
            "array_positions",
            [ANYARRAY, ANYELEMENT],
            INT4_ARRAY,
            array_positions
        )),
        ns(p!(
            3167,
            "array_remove",
            [ANYARRAY, ANYELEMENT],
            ANYARRAY,
            array_remove
        )),
        ns(p!(
            3168,
            "array_replace",
            [ANYARRAY, ANYELEMENT, ANYELEMENT],
            ANYARRAY,
            array_replace
        )),
        stable(p!(
            395,
            "array_to_string",
            [ANYARRAY, TEXT],
            TEXT,
            array_to_string
        )),
        stable(ns(p!(
            384,
            "array_to_string",
            [ANYARRAY, TEXT, TEXT],
            TEXT,
            array_to_string
        ))),
        ns(p!(
            394,
            "string_to_array",
            [TEXT, TEXT],
            TEXT_ARRAY,
            string_to_array
        )),
        ns(p!(
            376,
            "string_to_array",
            [TEXT, TEXT, TEXT],
            TEXT_ARRAY,
            string_to_array
        )),
        ns(p!(
            1193,
            "array_fill",
            [ANYELEMENT, INT4_ARRAY],
            ANYARRAY,
            array_fill
        )),
        ns(p!(
            1286,
            "array_fill",
            [ANYELEMENT, INT4_ARRAY, INT4_ARRAY],
            ANYARRAY,
            array_fill
        )),
        p!(
            3218,
            "width_bucket",
            [ANYELEMENT, ANYARRAY],
            INT4,
            width_bucket
        ),
    ]
}

pub fn opers() -> Vec<OperDef> {
    let mut v = cmp_opers(
        ANYARRAY,
        ANYARRAY,
        [1070, 1071, 1072, 1074, 1073, 1075],
        [744, 390, 391, 393, 392, 396],
    );
    v.extend([
        op(349, "||", ANYARRAY, ANYELEMENT, ANYARRAY, 378, 0, 0),
        op(374, "||", ANYELEMENT, ANYARRAY, ANYARRAY, 379, 0, 0),
        op(375, "||", ANYARRAY, ANYARRAY, ANYARRAY, 383, 0, 0),
        op(2750, "&&", ANYARRAY, ANYARRAY, BOOL, 2747, 2750, 0),
        op(2751, "@>", ANYARRAY, ANYARRAY, BOOL, 2748, 2752, 0),
        op(2752, "<@", ANYARRAY, ANYARRAY, BOOL, 2749, 2751, 0),
    ]);
    v
}

pub fn casts() -> Vec<CastDef> {
    Vec::new()
}

#[cfg(test)]
mod tests;
