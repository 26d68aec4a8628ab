//! String-like types: text, varchar, bpchar, name, "char", unknown, refcursor and json (stored as
//! validated text). Owns their text/binary I/O, varchar(n)/char(n) typmod coercion, comparison
//! operators, LIKE/ILIKE, the string functions of PostgreSQL 10 (length, substr, trim, lpad,
//! format, quote_ident, md5, ...) and the casts among these types.
//!
//! Conventions for callers (executor):
//! * `anytextcat`/`textanycat` (the `||` operators with a non-text operand), `concat`,
//!   `concat_ws`, `format` and `quote_literal(anyelement)` accept either an already converted
//!   `Datum::Text` or the raw value; raw values are rendered with `crate::io::output` using the
//!   concrete type from `FuncCtx.arg_types` (or a type guessed from the `Datum` variant when the
//!   argument type is a pseudo-type).
//! * Variadic "any" functions (`concat`, `concat_ws`, `format`) receive their arguments spread
//!   out, NULLs as `Datum::Null` (they are not strict).

pub mod format;
pub mod json;
pub mod like;
pub mod md5;

use crate::oids::*;
use crate::registry::{CastDef, FuncCtx, OperDef, ProcDef};
use crate::{Datum, SessionEnv};
use common::{pg_err, Oid, PgError, PgResult};
use std::cmp::Ordering;

/// Maximum bytes of a `name` (NAMEDATALEN - 1).
pub const NAME_MAX_BYTES: usize = 63;
/// Largest value size PostgreSQL can allocate (MaxAllocSize); longer results raise 54000.
pub const MAX_ALLOC: usize = 0x3fff_ffff;

// ---------------------------------------------------------------------------------------------
// Small helpers shared with bytea.rs and array.rs.

/// The string inside a text-like datum (internal error for a wrong variant).
pub fn arg_str(d: &Datum) -> PgResult<&str> {
    match d {
        Datum::Text(s) => Ok(s),
        other => Err(PgError::internal(format!(
            "expected a text value, got {other:?}"
        ))),
    }
}

/// An int4 argument (accepts any integer variant that fits).
pub fn arg_i32(d: &Datum) -> PgResult<i32> {
    match d {
        Datum::Int4(v) => Ok(*v),
        Datum::Int2(v) => Ok(*v as i32),
        Datum::Int8(v) => i32::try_from(*v)
            .map_err(|_| pg_err!(NUMERIC_VALUE_OUT_OF_RANGE, "integer out of range")),
        other => Err(PgError::internal(format!(
            "expected an integer value, got {other:?}"
        ))),
    }
}

/// An int8 argument.
pub fn arg_i64(d: &Datum) -> PgResult<i64> {
    d.as_i64()
        .ok_or_else(|| PgError::internal(format!("expected an integer value, got {d:?}")))
}

pub fn arg_bool(d: &Datum) -> PgResult<bool> {
    d.as_bool()
        .ok_or_else(|| PgError::internal(format!("expected a boolean value, got {d:?}")))
}

fn too_long() -> PgError {
    pg_err!(PROGRAM_LIMIT_EXCEEDED, "requested length too large")
}

/// Byte offset of the `n`th character (or the string's length when it has fewer).
pub fn char_byte_offset(s: &str, n: usize) -> usize {
    s.char_indices().nth(n).map(|(i, _)| i).unwrap_or(s.len())
}

/// PostgreSQL's substring semantics on a sequence of length `len` (1-based start, optional
/// length): the half-open 0-based range selected.
pub fn substring_range(len: usize, start: i32, count: Option<i32>) -> PgResult<(usize, usize)> {
    let start = start as i64;
    let end: i64 = match count {
        Some(c) if c < 0 => {
            return Err(pg_err!(
                SUBSTRING_ERROR,
                "negative substring length not allowed"
            ))
        }
        Some(c) => start + c as i64,
        None => i64::MAX,
    };
    let s1 = start.max(1);
    if end <= s1 {
        return Ok((0, 0));
    }
    let from = ((s1 - 1) as u64).min(len as u64) as usize;
    let to = ((end - 1) as u64).min(len as u64) as usize;
    Ok((from, to.max(from)))
}

/// Text substring by characters.
pub fn text_substr(s: &str, start: i32, count: Option<i32>) -> PgResult<String> {
    let nchars = s.chars().count();
    let (from, to) = substring_range(nchars, start, count)?;
    let b0 = char_byte_offset(s, from);
    let b1 = b0 + char_byte_offset(&s[b0..], to - from);
    Ok(s[b0..b1].to_string())
}

/// Strip trailing spaces (bpchar semantics).
pub fn bpchar_trim(s: &str) -> &str {
    s.trim_end_matches(' ')
}

/// Simple one-to-one lower-casing (as musl's towlower).
pub fn simple_lower(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    if c == '\u{130}' {
        return 'i';
    }
    let mut it = c.to_lowercase();
    match (it.next(), it.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// Simple one-to-one upper-casing (as musl's towupper): 'ß' stays 'ß'.
pub fn simple_upper(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_uppercase();
    }
    let mut it = c.to_uppercase();
    match (it.next(), it.next()) {
        (Some(u), None) => u,
        _ => c,
    }
}

/// Length of the UTF-8 sequence a lead byte starts (1 for invalid leads).
pub fn utf8_char_len(lead: u8) -> usize {
    match lead {
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf7 => 4,
        _ => 1,
    }
}

/// `invalid byte sequence for encoding "UTF8": 0x..` for invalid input bytes (binary input).
pub fn utf8_from_bytes(b: &[u8]) -> PgResult<String> {
    let bad_at = |pos: usize| -> PgError {
        let l = utf8_char_len(b[pos]);
        let end = (pos + l).min(b.len());
        let hex: Vec<String> = b[pos..end].iter().map(|x| format!("0x{x:02x}")).collect();
        pg_err!(
            CHARACTER_NOT_IN_REPERTOIRE,
            "invalid byte sequence for encoding \"UTF8\": {}",
            hex.join(" ")
        )
    };
    match std::str::from_utf8(b) {
        Ok(s) => {
            if let Some(p) = s.bytes().position(|x| x == 0) {
                return Err(bad_at(p));
            }
            Ok(s.to_string())
        }
        Err(e) => Err(bad_at(e.valid_up_to())),
    }
}

/// A reasonable concrete type for a datum whose declared type is a pseudo-type.
pub fn guess_type(d: &Datum) -> Oid {
    match d {
        Datum::Null => UNKNOWN,
        Datum::Bool(_) => BOOL,
        Datum::Int2(_) => INT2,
        Datum::Int4(_) => INT4,
        Datum::Int8(_) => INT8,
        Datum::Float4(_) => FLOAT4,
        Datum::Float8(_) => FLOAT8,
        Datum::Oid(_) => OID,
        Datum::Numeric(_) => NUMERIC,
        Datum::Text(_) => TEXT,
        Datum::Char(_) => CHAR,
        Datum::Bytea(_) => BYTEA,
        Datum::Date(_) => DATE,
        Datum::Time(_) => TIME,
        Datum::TimeTz(..) => TIMETZ,
        Datum::Timestamp(_) => TIMESTAMP,
        Datum::TimestampTz(_) => TIMESTAMPTZ,
        Datum::Interval(_) => INTERVAL,
        Datum::Uuid(_) => UUID,
        Datum::Array(a) => crate::typeinfo::array_type_of(a.elem_type).unwrap_or(ANYARRAY),
        Datum::Record(_) => RECORD,
    }
}

fn is_pseudo(t: Oid) -> bool {
    matches!(
        t,
        0 | ANY | ANYELEMENT | ANYNONARRAY | ANYARRAY | ANYENUM | ANYRANGE | UNKNOWN
    )
}

/// Render a value of (possibly polymorphic) argument type `typ` as text via its output function.
pub fn any_to_text(d: &Datum, typ: Oid, env: &SessionEnv) -> PgResult<String> {
    match d {
        Datum::Text(s) => Ok(s.clone()),
        _ => {
            let t = if is_pseudo(typ) { guess_type(d) } else { typ };
            crate::io::output(t, d, env)
        }
    }
}

fn arg_type(cx: &FuncCtx, i: usize) -> Oid {
    cx.arg_types.get(i).copied().unwrap_or(0)
}

// ---------------------------------------------------------------------------------------------
// Typmod handling.

/// Coerce `s` to varchar(n)/char(n) (`max` characters). Non-explicit coercion raises 22001 unless
/// the excess is only spaces; bpchar pads with spaces.
pub fn fit_length(s: &str, max: usize, explicit: bool, bpchar: bool) -> PgResult<String> {
    // ASCII (the common case): characters are bytes, so no character walk is needed.
    let (cut, nchars) = if s.is_ascii() {
        let c = s.len().min(max);
        (c, c)
    } else {
        let cut = char_byte_offset(s, max);
        (cut, s[..cut].chars().count())
    };
    if cut < s.len() && !explicit && s.as_bytes()[cut..].iter().any(|&b| b != b' ') {
        return Err(if bpchar {
            pg_err!(
                STRING_DATA_RIGHT_TRUNCATION,
                "value too long for type character({})",
                max
            )
        } else {
            pg_err!(
                STRING_DATA_RIGHT_TRUNCATION,
                "value too long for type character varying({})",
                max
            )
        });
    }
    let pad = if bpchar {
        max.saturating_sub(nchars)
    } else {
        0
    };
    let mut out = String::with_capacity(cut + pad);
    out.push_str(&s[..cut]);
    push_spaces(&mut out, pad);
    Ok(out)
}

/// Append `n` spaces.
fn push_spaces(out: &mut String, mut n: usize) {
    const SPACES: &str = "                                                                ";
    while n > 0 {
        let k = n.min(SPACES.len());
        out.push_str(&SPACES[..k]);
        n -= k;
    }
}

/// True if `fit_length` would return `s` unchanged for varchar(max) / char(max): at most
/// `max` characters for varchar, exactly `max` for bpchar.
pub fn fits_length(s: &str, max: usize, bpchar: bool) -> bool {
    if s.is_ascii() {
        return if bpchar {
            s.len() == max
        } else {
            s.len() <= max
        };
    }
    if !bpchar && s.len() <= max {
        return true;
    }
    let n = s.chars().count();
    if bpchar {
        n == max
    } else {
        n <= max
    }
}

/// True if applying `typmod` to `d` (of type `typ`) leaves it unchanged because it already
/// has the length the type modifier asks for (varchar/bpchar only; false otherwise).
pub fn typmod_is_noop(typ: Oid, d: &Datum, typmod: i32) -> bool {
    if typ != VARCHAR && typ != BPCHAR {
        return false;
    }
    if typmod < 4 {
        return true;
    }
    match d {
        Datum::Text(s) => fits_length(s, (typmod - 4) as usize, typ == BPCHAR),
        _ => false,
    }
}

/// Truncate to at most 63 bytes on a character boundary.
pub fn to_name(s: &str) -> String {
    if s.len() <= NAME_MAX_BYTES {
        return s.to_string();
    }
    let mut end = NAME_MAX_BYTES;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s[..end].to_string()
}

pub fn apply_typmod(typ: Oid, d: &Datum, typmod: i32, explicit: bool) -> Option<PgResult<Datum>> {
    if typ != VARCHAR && typ != BPCHAR {
        return None;
    }
    if typmod < 4 {
        return Some(Ok(d.clone()));
    }
    let s = match d {
        Datum::Text(s) => s,
        _ => return Some(Ok(d.clone())),
    };
    Some(fit_length(s, (typmod - 4) as usize, explicit, typ == BPCHAR).map(Datum::Text))
}

// ---------------------------------------------------------------------------------------------
// I/O.

fn handles(typ: Oid) -> bool {
    matches!(
        typ,
        TEXT | VARCHAR | BPCHAR | NAME | CHAR | UNKNOWN | JSON | REFCURSOR | CSTRING | PG_NODE_TREE
    )
}

fn char_in(s: &str) -> u8 {
    let b = s.as_bytes();
    // Accept the \ooo form that charout produces for high-bit bytes.
    if b.len() == 4
        && b[0] == b'\\'
        && (b'0'..=b'3').contains(&b[1])
        && (b'0'..=b'7').contains(&b[2])
        && (b'0'..=b'7').contains(&b[3])
    {
        return (b[1] - b'0') * 64 + (b[2] - b'0') * 8 + (b[3] - b'0');
    }
    b.first().copied().unwrap_or(0)
}

fn char_out(c: u8, out: &mut String) {
    if c == 0 {
    } else if c < 0x80 {
        out.push(c as char);
    } else {
        out.push_str(&format!("\\{:03o}", c));
    }
}

pub fn input(typ: Oid, typmod: i32, s: &str, _env: &SessionEnv) -> Option<PgResult<Datum>> {
    if !handles(typ) {
        return None;
    }
    Some(match typ {
        CHAR => Ok(Datum::Char(char_in(s))),
        NAME => Ok(Datum::Text(to_name(s))),
        JSON => json::validate(s).map(|_| Datum::Text(s.to_string())),
        VARCHAR | BPCHAR if typmod >= 4 => {
            fit_length(s, (typmod - 4) as usize, false, typ == BPCHAR).map(Datum::Text)
        }
        _ => Ok(Datum::Text(s.to_string())),
    })
}

pub fn output(typ: Oid, d: &Datum, _env: &SessionEnv, out: &mut String) -> PgResult<bool> {
    if !handles(typ) {
        return Ok(false);
    }
    match d {
        Datum::Text(s) => out.push_str(s),
        Datum::Char(c) => char_out(*c, out),
        other => {
            return Err(PgError::internal(format!(
                "unexpected value {other:?} for type {typ}"
            )))
        }
    }
    Ok(true)
}

pub fn receive(typ: Oid, typmod: i32, b: &[u8], _env: &SessionEnv) -> Option<PgResult<Datum>> {
    if !handles(typ) {
        return None;
    }
    if typ == CHAR {
        return Some(match b {
            [c] => Ok(Datum::Char(*c)),
            [] => Err(pg_err!(
                PROTOCOL_VIOLATION,
                "insufficient data left in message"
            )),
            _ => Err(pg_err!(
                INVALID_BINARY_REPRESENTATION,
                "incorrect binary data format"
            )),
        });
    }
    let s = match utf8_from_bytes(b) {
        Ok(s) => s,
        Err(e) => return Some(Err(e)),
    };
    if typ == JSON {
        // json_recv takes a version-less text body.
        return Some(json::validate(&s).map(|_| Datum::Text(s)));
    }
    input(typ, typmod, &s, _env)
}

pub fn send(typ: Oid, d: &Datum, _env: &SessionEnv, out: &mut Vec<u8>) -> PgResult<bool> {
    if !handles(typ) {
        return Ok(false);
    }
    match d {
        Datum::Text(s) => out.extend_from_slice(s.as_bytes()),
        Datum::Char(c) => out.push(*c),
        other => {
            return Err(PgError::internal(format!(
                "unexpected value {other:?} for type {typ}"
            )))
        }
    }
    Ok(true)
}

// ---------------------------------------------------------------------------------------------
// Comparison functions.

fn cmp_text(a: &Datum, b: &Datum) -> PgResult<Ordering> {
    Ok(arg_str(a)?.as_bytes().cmp(arg_str(b)?.as_bytes()))
}

fn cmp_bpchar(a: &Datum, b: &Datum) -> PgResult<Ordering> {
    Ok(bpchar_trim(arg_str(a)?)
        .as_bytes()
        .cmp(bpchar_trim(arg_str(b)?).as_bytes()))
}

fn cmp_char(a: &Datum, b: &Datum) -> PgResult<Ordering> {
    match (a, b) {
        (Datum::Char(x), Datum::Char(y)) => Ok(x.cmp(y)),
        _ => Err(PgError::internal("expected \"char\" values")),
    }
}

macro_rules! cmp_fns {
    ($cmp:ident: $eq:ident $ne:ident $lt:ident $le:ident $gt:ident $ge:ident $c:ident) => {
        fn $eq(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
            Ok(Datum::Bool($cmp(&a[0], &a[1])? == Ordering::Equal))
        }
        fn $ne(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
            Ok(Datum::Bool($cmp(&a[0], &a[1])? != Ordering::Equal))
        }
        fn $lt(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
            Ok(Datum::Bool($cmp(&a[0], &a[1])? == Ordering::Less))
        }
        fn $le(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
            Ok(Datum::Bool($cmp(&a[0], &a[1])? != Ordering::Greater))
        }
        fn $gt(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
            Ok(Datum::Bool($cmp(&a[0], &a[1])? == Ordering::Greater))
        }
        fn $ge(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
            Ok(Datum::Bool($cmp(&a[0], &a[1])? != Ordering::Less))
        }
        fn $c(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
            Ok(Datum::Int4(match $cmp(&a[0], &a[1])? {
                Ordering::Less => -1,
                Ordering::Equal => 0,
                Ordering::Greater => 1,
            }))
        }
    };
}
pub(crate) use cmp_fns;

cmp_fns!(cmp_text: text_eq text_ne text_lt text_le text_gt text_ge text_cmp);
cmp_fns!(cmp_bpchar: bpchar_eq bpchar_ne bpchar_lt bpchar_le bpchar_gt bpchar_ge bpchar_cmp);
cmp_fns!(cmp_char: char_eq char_ne char_lt char_le char_gt char_ge char_cmp);

fn text_larger(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(if cmp_text(&a[0], &a[1])? == Ordering::Less {
        a[1].clone()
    } else {
        a[0].clone()
    })
}
fn text_smaller(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(if cmp_text(&a[0], &a[1])? == Ordering::Greater {
        a[1].clone()
    } else {
        a[0].clone()
    })
}
fn bpchar_larger(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(if cmp_bpchar(&a[0], &a[1])? == Ordering::Less {
        a[1].clone()
    } else {
        a[0].clone()
    })
}
fn bpchar_smaller(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(if cmp_bpchar(&a[0], &a[1])? == Ordering::Greater {
        a[1].clone()
    } else {
        a[0].clone()
    })
}

// ---------------------------------------------------------------------------------------------
// String functions.

fn t(s: String) -> PgResult<Datum> {
    Ok(Datum::Text(s))
}

fn textlen(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(Datum::Int4(arg_str(&a[0])?.chars().count() as i32))
}
fn bpcharlen(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(Datum::Int4(
        bpchar_trim(arg_str(&a[0])?).chars().count() as i32
    ))
}
fn octet_len(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(Datum::Int4(arg_str(&a[0])?.len() as i32))
}
fn bit_len(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(Datum::Int4(
        (arg_str(&a[0])?.len() as i32).saturating_mul(8),
    ))
}

fn textcat(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let (x, y) = (arg_str(&a[0])?, arg_str(&a[1])?);
    if x.len() + y.len() > MAX_ALLOC {
        return Err(too_long());
    }
    t(format!("{x}{y}"))
}
/// The operand of `||` as text: PostgreSQL casts it (`$1::text`), which for boolean gives
/// `true`/`false` and for character(n) drops the padding; other types use their output.
fn cast_to_text(d: &Datum, typ: Oid, env: &SessionEnv) -> PgResult<String> {
    match (typ, d) {
        (crate::oids::BOOL, Datum::Bool(b)) => Ok(if *b { "true" } else { "false" }.to_string()),
        (crate::oids::BPCHAR, Datum::Text(s)) => Ok(s.trim_end_matches(' ').to_string()),
        _ => any_to_text(d, typ, env),
    }
}

/// text || anynonarray.
fn textanycat(a: &[Datum], cx: &FuncCtx) -> PgResult<Datum> {
    let x = arg_str(&a[0])?;
    let y = cast_to_text(&a[1], arg_type(cx, 1), cx.env)?;
    t(format!("{x}{y}"))
}
/// anynonarray || text.
fn anytextcat(a: &[Datum], cx: &FuncCtx) -> PgResult<Datum> {
    let x = cast_to_text(&a[0], arg_type(cx, 0), cx.env)?;
    let y = arg_str(&a[1])?;
    t(format!("{x}{y}"))
}

fn lower(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    t(arg_str(&a[0])?.chars().map(simple_lower).collect())
}
fn upper(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    t(arg_str(&a[0])?.chars().map(simple_upper).collect())
}
fn initcap(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let mut out = String::new();
    let mut in_word = false;
    for c in arg_str(&a[0])?.chars() {
        out.push(if in_word {
            simple_lower(c)
        } else {
            simple_upper(c)
        });
        in_word = c.is_alphanumeric();
    }
    t(out)
}

fn substr3(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    t(text_substr(
        arg_str(&a[0])?,
        arg_i32(&a[1])?,
        Some(arg_i32(&a[2])?),
    )?)
}
fn substr2(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    t(text_substr(arg_str(&a[0])?, arg_i32(&a[1])?, None)?)
}

/// 1-based character position of `needle` in `hay` (0 when absent; 1 for an empty needle).
pub fn text_position(hay: &str, needle: &str) -> i32 {
    match hay.find(needle) {
        Some(b) => hay[..b].chars().count() as i32 + 1,
        None => 0,
    }
}
fn strpos(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(Datum::Int4(text_position(arg_str(&a[0])?, arg_str(&a[1])?)))
}

fn overlay_impl(s: &str, repl: &str, from: i32, count: i32) -> PgResult<String> {
    let end = from
        .checked_add(count)
        .ok_or_else(|| pg_err!(NUMERIC_VALUE_OUT_OF_RANGE, "integer out of range"))?;
    let head = text_substr(s, 1, Some(from.saturating_sub(1)))?;
    let tail = text_substr(s, end, None)?;
    Ok(format!("{head}{repl}{tail}"))
}
fn overlay4(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    t(overlay_impl(
        arg_str(&a[0])?,
        arg_str(&a[1])?,
        arg_i32(&a[2])?,
        arg_i32(&a[3])?,
    )?)
}
fn overlay3(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let r = arg_str(&a[1])?;
    t(overlay_impl(
        arg_str(&a[0])?,
        r,
        arg_i32(&a[2])?,
        r.chars().count() as i32,
    )?)
}

fn trim_impl(s: &str, set: &str, left: bool, right: bool) -> String {
    let in_set = |c: char| set.contains(c);
    let mut r = s;
    if left {
        r = r.trim_start_matches(in_set);
    }
    if right {
        r = r.trim_end_matches(in_set);
    }
    r.to_string()
}
fn btrim2(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    t(trim_impl(arg_str(&a[0])?, arg_str(&a[1])?, true, true))
}
fn btrim1(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    t(trim_impl(arg_str(&a[0])?, " ", true, true))
}
fn ltrim2(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    t(trim_impl(arg_str(&a[0])?, arg_str(&a[1])?, true, false))
}
fn ltrim1(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    t(trim_impl(arg_str(&a[0])?, " ", true, false))
}
fn rtrim2(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    t(trim_impl(arg_str(&a[0])?, arg_str(&a[1])?, false, true))
}
fn rtrim1(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    t(trim_impl(arg_str(&a[0])?, " ", false, true))
}

fn pad_impl(s: &str, len: i32, fill: &str, left: bool) -> PgResult<String> {
    let len = len.max(0) as usize;
    let n = s.chars().count();
    if n >= len || fill.is_empty() {
        return Ok(s[..char_byte_offset(s, len)].to_string());
    }
    let need = len - n;
    let max_fill_bytes = fill.chars().map(|c| c.len_utf8()).max().unwrap_or(1);
    if need.saturating_mul(max_fill_bytes).saturating_add(s.len()) > MAX_ALLOC {
        return Err(too_long());
    }
    let padding: String = fill.chars().cycle().take(need).collect();
    Ok(if left {
        format!("{padding}{s}")
    } else {
        format!("{s}{padding}")
    })
}
fn lpad3(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    t(pad_impl(
        arg_str(&a[0])?,
        arg_i32(&a[1])?,
        arg_str(&a[2])?,
        true,
    )?)
}
fn lpad2(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    t(pad_impl(arg_str(&a[0])?, arg_i32(&a[1])?, " ", true)?)
}
fn rpad3(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    t(pad_impl(
        arg_str(&a[0])?,
        arg_i32(&a[1])?,
        arg_str(&a[2])?,
        false,
    )?)
}
fn rpad2(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    t(pad_impl(arg_str(&a[0])?, arg_i32(&a[1])?, " ", false)?)
}

fn repeat(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let s = arg_str(&a[0])?;
    let n = arg_i32(&a[1])?.max(0) as usize;
    match s.len().checked_mul(n) {
        Some(total) if total <= MAX_ALLOC => t(s.repeat(n)),
        _ => Err(too_long()),
    }
}

fn replace(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let (s, from, to) = (arg_str(&a[0])?, arg_str(&a[1])?, arg_str(&a[2])?);
    if from.is_empty() {
        return t(s.to_string());
    }
    let hits = s.matches(from).count();
    if to.len() > from.len()
        && s.len()
            .saturating_add(hits.saturating_mul(to.len() - from.len()))
            > MAX_ALLOC
    {
        return Err(too_long());
    }
    t(s.replace(from, to))
}

fn reverse(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    t(arg_str(&a[0])?.chars().rev().collect())
}

fn left(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let s = arg_str(&a[0])?;
    let n = arg_i32(&a[1])?;
    let k = if n >= 0 {
        n as usize
    } else {
        s.chars().count().saturating_sub(n.unsigned_abs() as usize)
    };
    t(s[..char_byte_offset(s, k)].to_string())
}
fn right(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let s = arg_str(&a[0])?;
    let n = arg_i32(&a[1])?;
    let len = s.chars().count();
    let skip = if n >= 0 {
        len.saturating_sub(n as usize)
    } else {
        (n.unsigned_abs() as usize).min(len)
    };
    t(s[char_byte_offset(s, skip)..].to_string())
}

fn split_part(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let (s, d) = (arg_str(&a[0])?, arg_str(&a[1])?);
    let n = arg_i32(&a[2])?;
    if n <= 0 {
        return Err(pg_err!(
            INVALID_PARAMETER_VALUE,
            "field position must be greater than zero"
        ));
    }
    if s.is_empty() {
        return t(String::new());
    }
    if d.is_empty() {
        return t(if n == 1 { s.to_string() } else { String::new() });
    }
    t(s.split(d).nth(n as usize - 1).unwrap_or("").to_string())
}

fn translate(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let s = arg_str(&a[0])?;
    let from: Vec<char> = arg_str(&a[1])?.chars().collect();
    let to: Vec<char> = arg_str(&a[2])?.chars().collect();
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match from.iter().position(|&f| f == c) {
            Some(i) => {
                if let Some(&r) = to.get(i) {
                    out.push(r);
                }
            }
            None => out.push(c),
        }
    }
    t(out)
}

fn ascii(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(Datum::Int4(
        arg_str(&a[0])?
            .chars()
            .next()
            .map(|c| c as i32)
            .unwrap_or(0),
    ))
}

fn chr(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let v = arg_i32(&a[0])?;
    if v == 0 {
        return Err(pg_err!(
            PROGRAM_LIMIT_EXCEEDED,
            "null character not permitted"
        ));
    }
    let u = v as u32;
    if u > 0x10FFFF {
        return Err(pg_err!(
            PROGRAM_LIMIT_EXCEEDED,
            "requested character too large for encoding: {}",
            v
        ));
    }
    match char::from_u32(u) {
        Some(c) => t(c.to_string()),
        None => Err(pg_err!(
            PROGRAM_LIMIT_EXCEEDED,
            "requested character not valid for encoding: {}",
            v
        )),
    }
}

fn to_hex32(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    t(format!("{:x}", arg_i32(&a[0])? as u32))
}
fn to_hex64(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    t(format!("{:x}", arg_i64(&a[0])? as u64))
}

fn md5_text(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    t(md5::md5_hex(arg_str(&a[0])?.as_bytes()))
}

/// Keywords that quote_ident must quote (every keyword category except unreserved).
const QUOTE_KEYWORDS: &[&str] = &[
    "all",
    "analyse",
    "analyze",
    "and",
    "any",
    "array",
    "as",
    "asc",
    "asymmetric",
    "authorization",
    "between",
    "bigint",
    "binary",
    "bit",
    "boolean",
    "both",
    "case",
    "cast",
    "char",
    "character",
    "check",
    "coalesce",
    "collate",
    "collation",
    "column",
    "concurrently",
    "constraint",
    "create",
    "cross",
    "current_catalog",
    "current_date",
    "current_role",
    "current_schema",
    "current_time",
    "current_timestamp",
    "current_user",
    "dec",
    "decimal",
    "default",
    "deferrable",
    "desc",
    "distinct",
    "do",
    "else",
    "end",
    "except",
    "exists",
    "extract",
    "false",
    "fetch",
    "float",
    "for",
    "foreign",
    "freeze",
    "from",
    "full",
    "grant",
    "greatest",
    "group",
    "grouping",
    "having",
    "ilike",
    "in",
    "initially",
    "inner",
    "inout",
    "int",
    "integer",
    "intersect",
    "interval",
    "into",
    "is",
    "isnull",
    "join",
    "lateral",
    "leading",
    "least",
    "left",
    "like",
    "limit",
    "localtime",
    "localtimestamp",
    "national",
    "natural",
    "nchar",
    "none",
    "not",
    "notnull",
    "null",
    "nullif",
    "numeric",
    "offset",
    "on",
    "only",
    "or",
    "order",
    "out",
    "outer",
    "overlaps",
    "overlay",
    "placing",
    "position",
    "precision",
    "primary",
    "real",
    "references",
    "returning",
    "right",
    "row",
    "select",
    "session_user",
    "setof",
    "similar",
    "smallint",
    "some",
    "substring",
    "symmetric",
    "table",
    "tablesample",
    "then",
    "time",
    "timestamp",
    "to",
    "trailing",
    "treat",
    "trim",
    "true",
    "union",
    "unique",
    "user",
    "using",
    "values",
    "varchar",
    "variadic",
    "verbose",
    "when",
    "where",
    "window",
    "with",
    "xmlattributes",
    "xmlconcat",
    "xmlelement",
    "xmlexists",
    "xmlforest",
    "xmlnamespaces",
    "xmlparse",
    "xmlpi",
    "xmlroot",
    "xmlserialize",
    "xmltable",
];

/// quote_ident: double-quote an identifier when it is not a plain lower-case name or is a
/// (non-unreserved) keyword.
pub fn quote_ident_str(s: &str) -> String {
    let plain = !s.is_empty()
        && s.bytes()
            .next()
            .is_some_and(|b| b.is_ascii_lowercase() || b == b'_')
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && !QUOTE_KEYWORDS.contains(&s);
    if plain {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        if c == '"' {
            out.push('"');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// quote_literal: single-quote, doubling quotes; backslashes are doubled with an E prefix.
pub fn quote_literal_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 3);
    if s.contains('\\') {
        out.push('E');
    }
    out.push('\'');
    for c in s.chars() {
        if c == '\'' || c == '\\' {
            out.push(c);
        }
        out.push(c);
    }
    out.push('\'');
    out
}

fn quote_ident(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    t(quote_ident_str(arg_str(&a[0])?))
}
fn quote_literal(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    t(quote_literal_str(arg_str(&a[0])?))
}
fn quote_literal_any(a: &[Datum], cx: &FuncCtx) -> PgResult<Datum> {
    t(quote_literal_str(&any_to_text(
        &a[0],
        arg_type(cx, 0),
        cx.env,
    )?))
}
fn quote_nullable(a: &[Datum], cx: &FuncCtx) -> PgResult<Datum> {
    if a[0].is_null() {
        return t("NULL".to_string());
    }
    t(quote_literal_str(&any_to_text(
        &a[0],
        arg_type(cx, 0),
        cx.env,
    )?))
}

fn concat(a: &[Datum], cx: &FuncCtx) -> PgResult<Datum> {
    let mut out = String::new();
    for (i, d) in a.iter().enumerate() {
        if !d.is_null() {
            out.push_str(&any_to_text(d, arg_type(cx, i), cx.env)?);
            if out.len() > MAX_ALLOC {
                return Err(too_long());
            }
        }
    }
    t(out)
}
fn concat_ws(a: &[Datum], cx: &FuncCtx) -> PgResult<Datum> {
    let sep = match a.first() {
        None | Some(Datum::Null) => return Ok(Datum::Null),
        Some(d) => any_to_text(d, arg_type(cx, 0), cx.env)?,
    };
    let mut out = String::new();
    let mut first = true;
    for (i, d) in a.iter().enumerate().skip(1) {
        if d.is_null() {
            continue;
        }
        if !first {
            out.push_str(&sep);
        }
        first = false;
        out.push_str(&any_to_text(d, arg_type(cx, i), cx.env)?);
        if out.len() > MAX_ALLOC {
            return Err(too_long());
        }
    }
    t(out)
}

fn format_fn(a: &[Datum], cx: &FuncCtx) -> PgResult<Datum> {
    let fmt = match a.first() {
        None | Some(Datum::Null) => return Ok(Datum::Null),
        Some(d) => arg_str(d)?,
    };
    let mut vals = Vec::with_capacity(a.len().saturating_sub(1));
    for (i, d) in a.iter().enumerate().skip(1) {
        vals.push(if d.is_null() {
            None
        } else {
            Some(any_to_text(d, arg_type(cx, i), cx.env)?)
        });
    }
    t(format::format(fmt, &vals)?)
}

/// parse_ident(text, strict): split a qualified SQL identifier into its parts.
pub fn parse_ident_str(s: &str, strict: bool) -> PgResult<Vec<String>> {
    let bad = |detail: Option<&str>| {
        let e = pg_err!(
            INVALID_PARAMETER_VALUE,
            "string is not a valid identifier: \"{}\"",
            s
        );
        match detail {
            Some(d) => e.with_detail(d.to_string()),
            None => e,
        }
    };
    let b: Vec<char> = s.chars().collect();
    let is_space = |c: char| matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}');
    let is_start = |c: char| c.is_ascii_alphabetic() || c == '_' || !c.is_ascii();
    let is_cont = |c: char| is_start(c) || c.is_ascii_digit() || c == '$';
    let mut i = 0;
    let mut parts = Vec::new();
    let mut after_dot = false;
    while i < b.len() && is_space(b[i]) {
        i += 1;
    }
    loop {
        let mut missing = true;
        if i < b.len() && b[i] == '"' {
            let mut name = String::new();
            i += 1;
            loop {
                if i >= b.len() {
                    return Err(bad(Some("String has unclosed double quotes.")));
                }
                if b[i] == '"' {
                    if i + 1 < b.len() && b[i + 1] == '"' {
                        name.push('"');
                        i += 2;
                        continue;
                    }
                    i += 1;
                    break;
                }
                name.push(b[i]);
                i += 1;
            }
            if name.is_empty() {
                return Err(bad(Some("Quoted identifier must not be empty.")));
            }
            parts.push(name);
            missing = false;
        } else if i < b.len() && is_start(b[i]) {
            let mut name = String::new();
            while i < b.len() && is_cont(b[i]) {
                name.push(b[i].to_ascii_lowercase());
                i += 1;
            }
            parts.push(name);
            missing = false;
        }
        if missing {
            if i < b.len() && b[i] == '.' {
                return Err(bad(Some("No valid identifier before \".\".")));
            } else if after_dot {
                return Err(bad(Some("No valid identifier after \".\".")));
            }
            return Err(bad(None));
        }
        while i < b.len() && is_space(b[i]) {
            i += 1;
        }
        if i < b.len() && b[i] == '.' {
            after_dot = true;
            i += 1;
            while i < b.len() && is_space(b[i]) {
                i += 1;
            }
        } else if i >= b.len() {
            break;
        } else {
            if strict {
                return Err(bad(None));
            }
            break;
        }
    }
    Ok(parts)
}

fn parse_ident(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let strict = match a.get(1) {
        Some(d) => arg_bool(d)?,
        None => true,
    };
    let parts = parse_ident_str(arg_str(&a[0])?, strict)?;
    Ok(Datum::Array(Box::new(crate::Array::from_vec(
        TEXT,
        parts.into_iter().map(Datum::Text).collect(),
    ))))
}

// LIKE family.
fn like_t(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(Datum::Bool(like::text_like(
        arg_str(&a[0])?,
        arg_str(&a[1])?,
        false,
    )?))
}
fn nlike_t(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(Datum::Bool(!like::text_like(
        arg_str(&a[0])?,
        arg_str(&a[1])?,
        false,
    )?))
}
fn ilike_t(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(Datum::Bool(like::text_like(
        arg_str(&a[0])?,
        arg_str(&a[1])?,
        true,
    )?))
}
fn nilike_t(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(Datum::Bool(!like::text_like(
        arg_str(&a[0])?,
        arg_str(&a[1])?,
        true,
    )?))
}
fn like_escape(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    t(like::like_escape(arg_str(&a[0])?, arg_str(&a[1])?)?)
}

// Conversions among the string types.
fn rtrim_cast(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    t(bpchar_trim(arg_str(&a[0])?).to_string())
}
fn same_text(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    t(arg_str(&a[0])?.to_string())
}
fn text_to_name(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    t(to_name(arg_str(&a[0])?))
}
fn bpchar_to_name(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    t(to_name(bpchar_trim(arg_str(&a[0])?)))
}
fn bpchar_typmod(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let m = arg_i32(&a[1])?;
    if m < 4 {
        return Ok(a[0].clone());
    }
    t(fit_length(
        arg_str(&a[0])?,
        (m - 4) as usize,
        arg_bool(&a[2])?,
        true,
    )?)
}
fn varchar_typmod(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let m = arg_i32(&a[1])?;
    if m < 4 {
        return Ok(a[0].clone());
    }
    t(fit_length(
        arg_str(&a[0])?,
        (m - 4) as usize,
        arg_bool(&a[2])?,
        false,
    )?)
}
fn get_char(d: &Datum) -> PgResult<u8> {
    match d {
        Datum::Char(c) => Ok(*c),
        _ => Err(PgError::internal("expected a \"char\" value")),
    }
}
fn char_to_text(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let mut s = String::new();
    char_out(get_char(&a[0])?, &mut s);
    t(s)
}
fn text_to_char(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(Datum::Char(arg_str(&a[0])?.bytes().next().unwrap_or(0)))
}

// ---------------------------------------------------------------------------------------------
// Catalog entries.

macro_rules! p {
    ($oid:expr, $name:expr, [$($a:expr),*], $ret:expr, $f:expr) => {
        ProcDef {
            oid: $oid,
            name: $name,
            arg_types: &[$($a),*],
            ret_type: $ret,
            strict: true,
            volatility: b'i',
            variadic: 0,
            retset: false,
            func: $f,
        }
    };
}
pub(crate) use p;

/// Build the six comparison operators of a type: `ops` = [=, <>, <, <=, >, >=] operator OIDs,
/// `procs` the implementing functions in the same order.
pub(crate) fn cmp_opers(left: Oid, right: Oid, ops: [Oid; 6], procs: [Oid; 6]) -> Vec<OperDef> {
    let names = ["=", "<>", "<", "<=", ">", ">="];
    // commutator index and negator index for each position
    let com = [0, 1, 4, 5, 2, 3];
    let neg = [1, 0, 5, 4, 3, 2];
    (0..6)
        .map(|i| OperDef {
            oid: ops[i],
            name: names[i],
            left,
            right,
            result: BOOL,
            proc_oid: procs[i],
            commutator: ops[com[i]],
            negator: ops[neg[i]],
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn op(
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

pub fn procs() -> Vec<ProcDef> {
    let stable = |mut p: ProcDef| {
        p.volatility = b's';
        p
    };
    let nonstrict = |mut p: ProcDef| {
        p.strict = false;
        p
    };
    vec![
        // text comparison
        p!(67, "texteq", [TEXT, TEXT], BOOL, text_eq),
        p!(157, "textne", [TEXT, TEXT], BOOL, text_ne),
        p!(740, "text_lt", [TEXT, TEXT], BOOL, text_lt),
        p!(741, "text_le", [TEXT, TEXT], BOOL, text_le),
        p!(742, "text_gt", [TEXT, TEXT], BOOL, text_gt),
        p!(743, "text_ge", [TEXT, TEXT], BOOL, text_ge),
        p!(360, "bttextcmp", [TEXT, TEXT], INT4, text_cmp),
        p!(458, "text_larger", [TEXT, TEXT], TEXT, text_larger),
        p!(459, "text_smaller", [TEXT, TEXT], TEXT, text_smaller),
        // text pattern comparison (byte-wise; the same as text comparison under the C collation)
        p!(2160, "text_pattern_lt", [TEXT, TEXT], BOOL, text_lt),
        p!(2161, "text_pattern_le", [TEXT, TEXT], BOOL, text_le),
        p!(2163, "text_pattern_ge", [TEXT, TEXT], BOOL, text_ge),
        p!(2164, "text_pattern_gt", [TEXT, TEXT], BOOL, text_gt),
        p!(2166, "bttext_pattern_cmp", [TEXT, TEXT], INT4, text_cmp),
        // bpchar pattern comparison (trailing blanks ignored, then byte-wise)
        p!(2174, "bpchar_pattern_lt", [BPCHAR, BPCHAR], BOOL, bpchar_lt),
        p!(2175, "bpchar_pattern_le", [BPCHAR, BPCHAR], BOOL, bpchar_le),
        p!(2177, "bpchar_pattern_ge", [BPCHAR, BPCHAR], BOOL, bpchar_ge),
        p!(2178, "bpchar_pattern_gt", [BPCHAR, BPCHAR], BOOL, bpchar_gt),
        p!(
            2180,
            "btbpchar_pattern_cmp",
            [BPCHAR, BPCHAR],
            INT4,
            bpchar_cmp
        ),
        // bpchar comparison
        p!(1048, "bpchareq", [BPCHAR, BPCHAR], BOOL, bpchar_eq),
        p!(1053, "bpcharne", [BPCHAR, BPCHAR], BOOL, bpchar_ne),
        p!(1049, "bpcharlt", [BPCHAR, BPCHAR], BOOL, bpchar_lt),
        p!(1050, "bpcharle", [BPCHAR, BPCHAR], BOOL, bpchar_le),
        p!(1051, "bpchargt", [BPCHAR, BPCHAR], BOOL, bpchar_gt),
        p!(1052, "bpcharge", [BPCHAR, BPCHAR], BOOL, bpchar_ge),
        p!(1078, "bpcharcmp", [BPCHAR, BPCHAR], INT4, bpchar_cmp),
        p!(
            1063,
            "bpchar_larger",
            [BPCHAR, BPCHAR],
            BPCHAR,
            bpchar_larger
        ),
        p!(
            1064,
            "bpchar_smaller",
            [BPCHAR, BPCHAR],
            BPCHAR,
            bpchar_smaller
        ),
        // name comparison (byte-wise, like text)
        p!(62, "nameeq", [NAME, NAME], BOOL, text_eq),
        p!(659, "namene", [NAME, NAME], BOOL, text_ne),
        p!(655, "namelt", [NAME, NAME], BOOL, text_lt),
        p!(656, "namele", [NAME, NAME], BOOL, text_le),
        p!(657, "namegt", [NAME, NAME], BOOL, text_gt),
        p!(658, "namege", [NAME, NAME], BOOL, text_ge),
        p!(359, "btnamecmp", [NAME, NAME], INT4, text_cmp),
        // "char" comparison
        p!(61, "chareq", [CHAR, CHAR], BOOL, char_eq),
        p!(70, "charne", [CHAR, CHAR], BOOL, char_ne),
        p!(1246, "charlt", [CHAR, CHAR], BOOL, char_lt),
        p!(72, "charle", [CHAR, CHAR], BOOL, char_le),
        p!(73, "chargt", [CHAR, CHAR], BOOL, char_gt),
        p!(74, "charge", [CHAR, CHAR], BOOL, char_ge),
        p!(358, "btcharcmp", [CHAR, CHAR], INT4, char_cmp),
        // lengths
        p!(1257, "textlen", [TEXT], INT4, textlen),
        p!(1317, "length", [TEXT], INT4, textlen),
        p!(1381, "char_length", [TEXT], INT4, textlen),
        p!(1369, "character_length", [TEXT], INT4, textlen),
        p!(1374, "octet_length", [TEXT], INT4, octet_len),
        p!(1811, "bit_length", [TEXT], INT4, bit_len),
        p!(1318, "length", [BPCHAR], INT4, bpcharlen),
        p!(1372, "char_length", [BPCHAR], INT4, bpcharlen),
        p!(1367, "character_length", [BPCHAR], INT4, bpcharlen),
        p!(1375, "octet_length", [BPCHAR], INT4, octet_len),
        // concatenation
        p!(1258, "textcat", [TEXT, TEXT], TEXT, textcat),
        stable(p!(
            2003,
            "textanycat",
            [TEXT, ANYNONARRAY],
            TEXT,
            textanycat
        )),
        stable(p!(
            2004,
            "anytextcat",
            [ANYNONARRAY, TEXT],
            TEXT,
            anytextcat
        )),
        // case
        p!(870, "lower", [TEXT], TEXT, lower),
        p!(871, "upper", [TEXT], TEXT, upper),
        p!(872, "initcap", [TEXT], TEXT, initcap),
        // substrings
        p!(877, "substr", [TEXT, INT4, INT4], TEXT, substr3),
        p!(883, "substr", [TEXT, INT4], TEXT, substr2),
        p!(936, "substring", [TEXT, INT4, INT4], TEXT, substr3),
        p!(937, "substring", [TEXT, INT4], TEXT, substr2),
        p!(849, "position", [TEXT, TEXT], INT4, strpos),
        p!(868, "strpos", [TEXT, TEXT], INT4, strpos),
        p!(1404, "overlay", [TEXT, TEXT, INT4, INT4], TEXT, overlay4),
        p!(1405, "overlay", [TEXT, TEXT, INT4], TEXT, overlay3),
        p!(3060, "left", [TEXT, INT4], TEXT, left),
        p!(3061, "right", [TEXT, INT4], TEXT, right),
        p!(2088, "split_part", [TEXT, TEXT, INT4], TEXT, split_part),
        // trimming and padding
        p!(884, "btrim", [TEXT, TEXT], TEXT, btrim2),
        p!(885, "btrim", [TEXT], TEXT, btrim1),
        p!(875, "ltrim", [TEXT, TEXT], TEXT, ltrim2),
        p!(881, "ltrim", [TEXT], TEXT, ltrim1),
        p!(876, "rtrim", [TEXT, TEXT], TEXT, rtrim2),
        p!(882, "rtrim", [TEXT], TEXT, rtrim1),
        p!(873, "lpad", [TEXT, INT4, TEXT], TEXT, lpad3),
        p!(879, "lpad", [TEXT, INT4], TEXT, lpad2),
        p!(874, "rpad", [TEXT, INT4, TEXT], TEXT, rpad3),
        p!(880, "rpad", [TEXT, INT4], TEXT, rpad2),
        // misc
        p!(1622, "repeat", [TEXT, INT4], TEXT, repeat),
        p!(2087, "replace", [TEXT, TEXT, TEXT], TEXT, replace),
        p!(3062, "reverse", [TEXT], TEXT, reverse),
        p!(878, "translate", [TEXT, TEXT, TEXT], TEXT, translate),
        p!(1620, "ascii", [TEXT], INT4, ascii),
        p!(1621, "chr", [INT4], TEXT, chr),
        p!(2089, "to_hex", [INT4], TEXT, to_hex32),
        p!(2090, "to_hex", [INT8], TEXT, to_hex64),
        p!(2311, "md5", [TEXT], TEXT, md5_text),
        p!(1282, "quote_ident", [TEXT], TEXT, quote_ident),
        p!(1283, "quote_literal", [TEXT], TEXT, quote_literal),
        stable(p!(
            1285,
            "quote_literal",
            [ANYELEMENT],
            TEXT,
            quote_literal_any
        )),
        nonstrict(p!(1289, "quote_nullable", [TEXT], TEXT, quote_nullable)),
        stable(nonstrict(p!(
            1290,
            "quote_nullable",
            [ANYELEMENT],
            TEXT,
            quote_nullable
        ))),
        ProcDef {
            variadic: ANY,
            ..stable(nonstrict(p!(3058, "concat", [ANY], TEXT, concat)))
        },
        ProcDef {
            variadic: ANY,
            ..stable(nonstrict(p!(
                3059,
                "concat_ws",
                [TEXT, ANY],
                TEXT,
                concat_ws
            )))
        },
        ProcDef {
            variadic: ANY,
            ..stable(nonstrict(p!(3539, "format", [TEXT, ANY], TEXT, format_fn)))
        },
        stable(nonstrict(p!(3540, "format", [TEXT], TEXT, format_fn))),
        p!(1268, "parse_ident", [TEXT, BOOL], TEXT_ARRAY, parse_ident),
        // LIKE
        p!(850, "textlike", [TEXT, TEXT], BOOL, like_t),
        p!(851, "textnlike", [TEXT, TEXT], BOOL, nlike_t),
        p!(1569, "like", [TEXT, TEXT], BOOL, like_t),
        p!(1570, "notlike", [TEXT, TEXT], BOOL, nlike_t),
        p!(858, "namelike", [NAME, TEXT], BOOL, like_t),
        p!(859, "namenlike", [NAME, TEXT], BOOL, nlike_t),
        p!(1571, "like", [NAME, TEXT], BOOL, like_t),
        p!(1572, "notlike", [NAME, TEXT], BOOL, nlike_t),
        p!(1631, "bpcharlike", [BPCHAR, TEXT], BOOL, like_t),
        p!(1632, "bpcharnlike", [BPCHAR, TEXT], BOOL, nlike_t),
        p!(1633, "texticlike", [TEXT, TEXT], BOOL, ilike_t),
        p!(1634, "texticnlike", [TEXT, TEXT], BOOL, nilike_t),
        p!(1635, "nameiclike", [NAME, TEXT], BOOL, ilike_t),
        p!(1636, "nameicnlike", [NAME, TEXT], BOOL, nilike_t),
        p!(1660, "bpchariclike", [BPCHAR, TEXT], BOOL, ilike_t),
        p!(1661, "bpcharicnlike", [BPCHAR, TEXT], BOOL, nilike_t),
        p!(1637, "like_escape", [TEXT, TEXT], TEXT, like_escape),
        // conversions
        p!(401, "text", [BPCHAR], TEXT, rtrim_cast),
        p!(406, "text", [NAME], TEXT, same_text),
        p!(407, "name", [TEXT], NAME, text_to_name),
        p!(408, "bpchar", [NAME], BPCHAR, same_text),
        p!(409, "name", [BPCHAR], NAME, bpchar_to_name),
        p!(1400, "name", [VARCHAR], NAME, text_to_name),
        p!(1401, "varchar", [NAME], VARCHAR, same_text),
        p!(668, "bpchar", [BPCHAR, INT4, BOOL], BPCHAR, bpchar_typmod),
        p!(
            669,
            "varchar",
            [VARCHAR, INT4, BOOL],
            VARCHAR,
            varchar_typmod
        ),
        p!(944, "char", [TEXT], CHAR, text_to_char),
        p!(946, "text", [CHAR], TEXT, char_to_text),
        p!(860, "bpchar", [CHAR], BPCHAR, char_to_text),
    ]
}

pub fn opers() -> Vec<OperDef> {
    let mut v = Vec::new();
    v.extend(cmp_opers(
        TEXT,
        TEXT,
        [98, 531, 664, 665, 666, 667],
        [67, 157, 740, 741, 742, 743],
    ));
    v.extend(cmp_opers(
        BPCHAR,
        BPCHAR,
        [1054, 1057, 1058, 1059, 1060, 1061],
        [1048, 1053, 1049, 1050, 1051, 1052],
    ));
    v.extend(cmp_opers(
        NAME,
        NAME,
        [93, 643, 660, 661, 662, 663],
        [62, 659, 655, 656, 657, 658],
    ));
    v.extend(cmp_opers(
        CHAR,
        CHAR,
        [92, 630, 631, 632, 633, 634],
        [61, 70, 1246, 72, 73, 74],
    ));
    v.extend([
        op(654, "||", TEXT, TEXT, TEXT, 1258, 0, 0),
        op(2779, "||", ANYNONARRAY, TEXT, TEXT, 2004, 0, 0),
        op(2780, "||", TEXT, ANYNONARRAY, TEXT, 2003, 0, 0),
        op(1209, "~~", TEXT, TEXT, BOOL, 850, 0, 1210),
        op(1210, "!~~", TEXT, TEXT, BOOL, 851, 0, 1209),
        op(1627, "~~*", TEXT, TEXT, BOOL, 1633, 0, 1628),
        op(1628, "!~~*", TEXT, TEXT, BOOL, 1634, 0, 1627),
        op(1211, "~~", BPCHAR, TEXT, BOOL, 1631, 0, 1212),
        op(1212, "!~~", BPCHAR, TEXT, BOOL, 1632, 0, 1211),
        op(1629, "~~*", BPCHAR, TEXT, BOOL, 1660, 0, 1630),
        op(1630, "!~~*", BPCHAR, TEXT, BOOL, 1661, 0, 1629),
        // pattern comparison operators (text_pattern_ops / bpchar_pattern_ops)
        op(2314, "~<~", TEXT, TEXT, BOOL, 2160, 2318, 2317),
        op(2315, "~<=~", TEXT, TEXT, BOOL, 2161, 2317, 2318),
        op(2317, "~>=~", TEXT, TEXT, BOOL, 2163, 2315, 2314),
        op(2318, "~>~", TEXT, TEXT, BOOL, 2164, 2314, 2315),
        op(2326, "~<~", BPCHAR, BPCHAR, BOOL, 2174, 2330, 2329),
        op(2327, "~<=~", BPCHAR, BPCHAR, BOOL, 2175, 2329, 2330),
        op(2329, "~>=~", BPCHAR, BPCHAR, BOOL, 2177, 2327, 2326),
        op(2330, "~>~", BPCHAR, BPCHAR, BOOL, 2178, 2326, 2327),
        op(1207, "~~", NAME, TEXT, BOOL, 858, 0, 1208),
        op(1208, "!~~", NAME, TEXT, BOOL, 859, 0, 1207),
        op(1625, "~~*", NAME, TEXT, BOOL, 1635, 0, 1626),
        op(1626, "!~~*", NAME, TEXT, BOOL, 1636, 0, 1625),
    ]);
    v
}

pub fn casts() -> Vec<CastDef> {
    let c = |source, target, func_oid, context, method| CastDef {
        source,
        target,
        func_oid,
        context,
        method,
    };
    vec![
        c(TEXT, BPCHAR, 0, b'i', b'b'),
        c(TEXT, VARCHAR, 0, b'i', b'b'),
        c(BPCHAR, TEXT, 401, b'i', b'f'),
        c(BPCHAR, VARCHAR, 401, b'i', b'f'),
        c(VARCHAR, TEXT, 0, b'i', b'b'),
        c(VARCHAR, BPCHAR, 0, b'i', b'b'),
        c(CHAR, TEXT, 946, b'i', b'f'),
        c(CHAR, BPCHAR, 860, b'a', b'f'),
        c(CHAR, VARCHAR, 946, b'a', b'f'),
        c(NAME, TEXT, 406, b'i', b'f'),
        c(NAME, BPCHAR, 408, b'a', b'f'),
        c(NAME, VARCHAR, 1401, b'a', b'f'),
        c(TEXT, CHAR, 944, b'a', b'f'),
        c(BPCHAR, CHAR, 944, b'a', b'f'),
        c(VARCHAR, CHAR, 944, b'a', b'f'),
        c(TEXT, NAME, 407, b'i', b'f'),
        c(BPCHAR, NAME, 409, b'i', b'f'),
        c(VARCHAR, NAME, 1400, b'i', b'f'),
        c(BPCHAR, BPCHAR, 668, b'i', b'f'),
        c(VARCHAR, VARCHAR, 669, b'i', b'f'),
    ]
}

#[cfg(test)]
mod fit_tests;
#[cfg(test)]
mod tests;
