//! Regular expressions with PostgreSQL 10's semantics (Henry Spencer's ARE/ERE/BRE flavour, as
//! in documentation §9.7.3): the engine (`regex::parse`, `regex::engine`), the reusable
//! [`Regex`] type with a per-thread cache of compiled patterns, `similar_escape` (SIMILAR TO →
//! ARE), and the SQL surface: `~ !~ ~* !~*` on text/name/bpchar, `substring(text from pat)`,
//! `substring(text from pat for esc)`, `regexp_replace`, `regexp_match`, `regexp_matches`,
//! `regexp_split_to_array`, `regexp_split_to_table`.
//!
//! Set-returning functions (`regexp_matches`, `regexp_split_to_table`) follow the executor's
//! convention for built-in retset procs: `ProcDef.func` returns a `Datum::Array` whose elements
//! are the rows (for `regexp_matches` each row is itself a `Datum::Array` of text).
//! [`regexp_matches_rows`] and [`regexp_split_rows`] give the same rows as a `Vec<Datum>`.
//! The analyzer implements `x SIMILAR TO p [ESCAPE e]` as `x ~ similar_escape(p, e)` (with a
//! NULL escape when there is no ESCAPE clause).

mod engine;
mod parse;
#[cfg(test)]
mod tests;

use crate::oids::*;
use crate::registry::{CastDef, FuncCtx, OperDef, ProcDef};
use crate::{Array, Datum, SessionEnv};
use common::{pg_err, Oid, PgError, PgResult};
use std::cell::RefCell;
use std::sync::Arc;

/// Regular-expression flavour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Syntax {
    /// Advanced RE (PostgreSQL's default).
    #[default]
    Are,
    /// POSIX extended RE.
    Ere,
    /// POSIX basic RE.
    Bre,
    /// The whole pattern is a literal string.
    Quote,
}

/// Compile-time options (PostgreSQL's cflags).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct RegexFlags {
    pub syntax: Syntax,
    /// Case-insensitive matching.
    pub icase: bool,
    /// `.` and negated brackets do not match newline (REG_NLSTOP).
    pub nl_stop: bool,
    /// `^` and `$` also match after/before a newline (REG_NLANCH).
    pub nl_anchor: bool,
    /// Expanded syntax: whitespace and `#` comments ignored (REG_EXPANDED).
    pub expanded: bool,
}

impl RegexFlags {
    /// Plain ARE, case-sensitive (the `~` operator).
    pub fn are() -> RegexFlags {
        RegexFlags::default()
    }
    /// Case-insensitive ARE (the `~*` operator).
    pub fn icase() -> RegexFlags {
        RegexFlags {
            icase: true,
            ..RegexFlags::default()
        }
    }
    /// Parse the flags argument of regexp_replace/regexp_matches/...; returns the flags and
    /// whether `g` (global) was given.
    pub fn parse_sql(opts: &str) -> PgResult<(RegexFlags, bool)> {
        let mut f = RegexFlags::default();
        let mut glob = false;
        for c in opts.chars() {
            match c {
                'g' => glob = true,
                'b' => f.syntax = Syntax::Bre,
                'c' => f.icase = false,
                'e' => f.syntax = Syntax::Ere,
                'i' => f.icase = true,
                'm' | 'n' => {
                    f.nl_stop = true;
                    f.nl_anchor = true;
                }
                'p' => {
                    f.nl_stop = true;
                    f.nl_anchor = false;
                }
                'q' => f.syntax = Syntax::Quote,
                's' => {
                    f.nl_stop = false;
                    f.nl_anchor = false;
                }
                't' => f.expanded = false,
                'w' => {
                    f.nl_stop = false;
                    f.nl_anchor = true;
                }
                'x' => f.expanded = true,
                other => {
                    return Err(pg_err!(
                        INVALID_PARAMETER_VALUE,
                        "invalid regexp option: \"{}\"",
                        other
                    ))
                }
            }
        }
        Ok((f, glob))
    }
}

/// Compile errors (PostgreSQL's regerror codes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ReErr {
    Collate,
    CType,
    Escape,
    SubReg,
    Brack,
    Paren,
    Brace,
    BadBr,
    Range,
    BadRpt,
    BadOpt,
    TooBig,
}

impl ReErr {
    fn text(self) -> &'static str {
        match self {
            ReErr::Collate => "invalid collating element",
            ReErr::CType => "invalid character class",
            ReErr::Escape => "invalid escape \\ sequence",
            ReErr::SubReg => "invalid backreference number",
            ReErr::Brack => "brackets [] not balanced",
            ReErr::Paren => "parentheses () not balanced",
            ReErr::Brace => "braces {} not balanced",
            ReErr::BadBr => "invalid repetition count(s)",
            ReErr::Range => "invalid character range",
            ReErr::BadRpt => "quantifier operand invalid",
            ReErr::BadOpt => "invalid embedded option",
            ReErr::TooBig => "regular expression is too complex",
        }
    }
    fn to_pg(self) -> PgError {
        pg_err!(
            INVALID_REGULAR_EXPRESSION,
            "invalid regular expression: {}",
            self.text()
        )
    }
}

/// Capture spans of one match: index 0 is the whole match, 1.. the parenthesised
/// subexpressions (`None` when a subexpression did not participate).
pub type Captures = Vec<Option<(usize, usize)>>;

/// A compiled regular expression. Cheap to clone.
#[derive(Clone)]
pub struct Regex {
    prog: Arc<engine::Program>,
}

impl std::fmt::Debug for Regex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Regex({} subexpressions)", self.prog.ncap)
    }
}

impl Regex {
    /// Compile `pattern`; errors are 2201B "invalid regular expression: ...".
    pub fn new(pattern: &str, flags: RegexFlags) -> PgResult<Regex> {
        let o = parse::Opts {
            syntax: flags.syntax,
            icase: flags.icase,
            nl_stop: flags.nl_stop,
            nl_anchor: flags.nl_anchor,
            expanded: flags.expanded,
        };
        let parsed = parse::parse(pattern, o).map_err(ReErr::to_pg)?;
        // embedded options may change newline anchoring
        let prog = engine::Program::new(parsed).map_err(ReErr::to_pg)?;
        Ok(Regex {
            prog: Arc::new(prog),
        })
    }

    /// Number of capturing subexpressions.
    pub fn nsubs(&self) -> usize {
        self.prog.ncap
    }

    /// Does the RE match anywhere in `s`?
    pub fn is_match(&self, s: &str) -> PgResult<bool> {
        let chars: Vec<char> = s.chars().collect();
        engine::Exec::new(&self.prog, &chars).matches(0)
    }

    /// First match starting at or after byte offset `start`, as byte offsets. Constraints such
    /// as `^` and `\m` see the characters before `start`.
    pub fn find_at(&self, s: &str, start: usize) -> PgResult<Option<(usize, usize)>> {
        Ok(self
            .captures_at(s, start)?
            .and_then(|c| c.first().copied().flatten()))
    }

    /// Captures (byte offsets) of the first match in `s`.
    pub fn captures(&self, s: &str) -> PgResult<Option<Captures>> {
        self.captures_at(s, 0)
    }

    /// Captures (byte offsets) of the first match starting at or after byte offset `start`.
    pub fn captures_at(&self, s: &str, start: usize) -> PgResult<Option<Captures>> {
        let chars: Vec<char> = s.chars().collect();
        let mut offs: Vec<usize> = s.char_indices().map(|(i, _)| i).collect();
        offs.push(s.len());
        let from = offs.partition_point(|&o| o < start);
        let Some(caps) = self.exec_chars(&chars, from)? else {
            return Ok(None);
        };
        Ok(Some(
            caps.into_iter()
                .map(|c| c.map(|(a, b)| (offs[a], offs[b])))
                .collect(),
        ))
    }

    /// Match against a char slice starting the search at char index `from`; spans are char
    /// indices.
    pub fn exec_chars(&self, chars: &[char], from: usize) -> PgResult<Option<Captures>> {
        let mut ex = engine::Exec::new(&self.prog, chars);
        if ex.exec(from)? {
            Ok(Some(ex.caps))
        } else {
            Ok(None)
        }
    }
}

const CACHE_SIZE: usize = 32;

thread_local! {
    static CACHE: RefCell<Vec<(String, RegexFlags, Regex)>> = const { RefCell::new(Vec::new()) };
}

/// Compile through the per-thread LRU cache of recently used patterns.
pub fn cached(pattern: &str, flags: RegexFlags) -> PgResult<Regex> {
    let hit = CACHE.with(|c| {
        let mut c = c.borrow_mut();
        let pos = c.iter().position(|(p, f, _)| *f == flags && p == pattern)?;
        let e = c.remove(pos);
        let r = e.2.clone();
        c.insert(0, e);
        Some(r)
    });
    if let Some(r) = hit {
        return Ok(r);
    }
    let r = Regex::new(pattern, flags)?;
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= CACHE_SIZE {
            c.pop();
        }
        c.insert(0, (pattern.to_string(), flags, r.clone()));
    });
    Ok(r)
}

// ---------------------------------------------------------------------------------------------
// SQL-level helpers (usable directly by other modules).

/// `s ~ pattern` with the given flags.
pub fn regex_match(s: &str, pattern: &str, flags: RegexFlags) -> PgResult<bool> {
    cached(pattern, flags)?.is_match(s)
}

/// All matches as char-index captures, PostgreSQL's search loop: after a match the next
/// search starts at its end, or one further for an empty match. With `ignore_degenerate`
/// (split functions) empty matches at the string's start/end or right after the previous
/// match are skipped.
fn all_matches(
    re: &Regex,
    chars: &[char],
    glob: bool,
    ignore_degenerate: bool,
) -> PgResult<Vec<Captures>> {
    let mut out = Vec::new();
    let mut start = 0usize;
    let mut prev_end = 0usize;
    let len = chars.len();
    while let Some(caps) = re.exec_chars(chars, start)? {
        let Some((so, eo)) = caps.first().copied().flatten() else {
            break;
        };
        if !ignore_degenerate || (so < len && eo > prev_end) {
            out.push(caps);
        }
        prev_end = eo;
        if !glob {
            break;
        }
        start = eo;
        if so == eo {
            start += 1;
        }
        if start > len {
            break;
        }
    }
    Ok(out)
}

fn span(chars: &[char], sp: Option<(usize, usize)>) -> Datum {
    match sp {
        Some((a, b)) => Datum::Text(chars[a..b].iter().collect()),
        None => Datum::Null,
    }
}

fn match_array(re: &Regex, chars: &[char], caps: &Captures) -> Datum {
    let elems = if re.nsubs() > 0 {
        caps.iter().skip(1).map(|c| span(chars, *c)).collect()
    } else {
        vec![span(chars, caps.first().copied().flatten())]
    };
    Datum::Array(Box::new(Array::from_vec(TEXT, elems)))
}

/// The rows of `regexp_matches(s, pattern, flags)`: each a `Datum::Array` of text.
pub fn regexp_matches_rows(s: &str, pattern: &str, flags: &str) -> PgResult<Vec<Datum>> {
    let (f, glob) = RegexFlags::parse_sql(flags)?;
    let re = cached(pattern, f)?;
    let chars: Vec<char> = s.chars().collect();
    let ms = all_matches(&re, &chars, glob, false)?;
    Ok(ms.iter().map(|c| match_array(&re, &chars, c)).collect())
}

/// `regexp_match(s, pattern, flags)`: the first match's array, or NULL.
pub fn regexp_match(s: &str, pattern: &str, flags: &str) -> PgResult<Datum> {
    let (f, glob) = RegexFlags::parse_sql(flags)?;
    if glob {
        return Err(pg_err!(
            INVALID_PARAMETER_VALUE,
            "regexp_match does not support the global option"
        )
        .with_hint("Use the regexp_matches function instead."));
    }
    let re = cached(pattern, f)?;
    let chars: Vec<char> = s.chars().collect();
    Ok(match re.exec_chars(&chars, 0)? {
        Some(c) => match_array(&re, &chars, &c),
        None => Datum::Null,
    })
}

/// The pieces of `regexp_split_to_table(s, pattern, flags)` as text datums. `fname` names the
/// calling function in the "does not support the global option" error.
pub fn regexp_split_rows(s: &str, pattern: &str, flags: &str, fname: &str) -> PgResult<Vec<Datum>> {
    let (f, glob) = RegexFlags::parse_sql(flags)?;
    if glob {
        return Err(pg_err!(
            INVALID_PARAMETER_VALUE,
            "{} does not support the global option",
            fname
        ));
    }
    let re = cached(pattern, f)?;
    let chars: Vec<char> = s.chars().collect();
    let ms = all_matches(&re, &chars, true, true)?;
    let mut out = Vec::with_capacity(ms.len() + 1);
    let mut prev = 0usize;
    for c in &ms {
        if let Some((so, eo)) = c.first().copied().flatten() {
            out.push(Datum::Text(chars[prev..so.max(prev)].iter().collect()));
            prev = eo;
        }
    }
    out.push(Datum::Text(chars[prev.min(chars.len())..].iter().collect()));
    Ok(out)
}

/// `regexp_replace(source, pattern, replacement, flags)`.
pub fn regexp_replace(s: &str, pattern: &str, repl: &str, flags: &str) -> PgResult<String> {
    let (f, glob) = RegexFlags::parse_sql(flags)?;
    let re = cached(pattern, f)?;
    let chars: Vec<char> = s.chars().collect();
    let rchars: Vec<char> = repl.chars().collect();
    let ms = all_matches(&re, &chars, glob, false)?;
    let mut out = String::with_capacity(s.len());
    let mut pos = 0usize;
    for caps in &ms {
        let Some((so, eo)) = caps.first().copied().flatten() else {
            continue;
        };
        out.extend(&chars[pos..so.max(pos)]);
        let mut i = 0;
        while i < rchars.len() {
            let c = rchars[i];
            i += 1;
            if c != '\\' {
                out.push(c);
                continue;
            }
            let idx = match rchars.get(i) {
                Some(d @ '1'..='9') => {
                    i += 1;
                    *d as usize - '0' as usize
                }
                Some('&') => {
                    i += 1;
                    0
                }
                Some('\\') => {
                    i += 1;
                    out.push('\\');
                    continue;
                }
                _ => {
                    out.push('\\');
                    continue;
                }
            };
            if let Some(Some((a, b))) = caps.get(idx) {
                out.extend(&chars[*a..*b]);
            }
        }
        pos = eo;
        if out.len() > crate::text::MAX_ALLOC {
            return Err(pg_err!(
                PROGRAM_LIMIT_EXCEEDED,
                "requested length too large"
            ));
        }
    }
    out.extend(&chars[pos.min(chars.len())..]);
    Ok(out)
}

/// `substring(s from pattern)`: the first parenthesised subexpression's match, or the whole
/// match when there is none; `None` for no match (or a non-participating subexpression).
pub fn regex_substring(s: &str, pattern: &str) -> PgResult<Option<String>> {
    let re = cached(pattern, RegexFlags::are())?;
    let chars: Vec<char> = s.chars().collect();
    let Some(caps) = re.exec_chars(&chars, 0)? else {
        return Ok(None);
    };
    let sp = if re.nsubs() > 0 {
        caps.get(1).copied().flatten()
    } else {
        caps.first().copied().flatten()
    };
    Ok(sp.map(|(a, b)| chars[a..b].iter().collect()))
}

/// Convert an SQL (SIMILAR TO) pattern to an ARE, as PostgreSQL's `similar_escape`.
/// `escape`: `None` = default backslash; `Some("")` = no escape character.
pub fn similar_escape(pattern: &str, escape: Option<&str>) -> PgResult<String> {
    let esc: Option<char> = match escape {
        None => Some('\\'),
        Some(e) => {
            let mut it = e.chars();
            match (it.next(), it.next()) {
                (None, _) => None,
                (Some(c), None) => Some(c),
                _ => {
                    return Err(pg_err!(INVALID_ESCAPE_SEQUENCE, "invalid escape string")
                        .with_hint("Escape string must be empty or one character."))
                }
            }
        }
    };
    let mut r = String::with_capacity(pattern.len() * 2 + 6);
    r.push_str("^(?:");
    let mut afterescape = false;
    let mut incharclass = false;
    let mut nquotes = 0usize;
    for pc in pattern.chars() {
        if afterescape {
            if pc == '"' && !incharclass {
                r.push(if nquotes.is_multiple_of(2) { '(' } else { ')' });
                nquotes += 1;
            } else {
                r.push('\\');
                r.push(pc);
            }
            afterescape = false;
        } else if esc == Some(pc) {
            afterescape = true;
        } else if incharclass {
            if pc == '\\' {
                r.push('\\');
            }
            r.push(pc);
            if pc == ']' {
                incharclass = false;
            }
        } else if pc == '[' {
            r.push(pc);
            incharclass = true;
        } else if pc == '%' {
            r.push_str(".*");
        } else if pc == '_' {
            r.push('.');
        } else if pc == '(' {
            r.push_str("(?:");
        } else if matches!(pc, '\\' | '.' | '^' | '$') {
            r.push('\\');
            r.push(pc);
        } else {
            r.push(pc);
        }
    }
    r.push_str(")$");
    Ok(r)
}

// ---------------------------------------------------------------------------------------------
// Built-in function implementations.

fn a_str(d: &Datum) -> PgResult<&str> {
    crate::text::arg_str(d)
}

fn re_eq(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(Datum::Bool(regex_match(
        a_str(&a[0])?,
        a_str(&a[1])?,
        RegexFlags::are(),
    )?))
}
fn re_ne(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(Datum::Bool(!regex_match(
        a_str(&a[0])?,
        a_str(&a[1])?,
        RegexFlags::are(),
    )?))
}
fn re_ic_eq(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(Datum::Bool(regex_match(
        a_str(&a[0])?,
        a_str(&a[1])?,
        RegexFlags::icase(),
    )?))
}
fn re_ic_ne(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(Datum::Bool(!regex_match(
        a_str(&a[0])?,
        a_str(&a[1])?,
        RegexFlags::icase(),
    )?))
}

fn substr_re(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(match regex_substring(a_str(&a[0])?, a_str(&a[1])?)? {
        Some(s) => Datum::Text(s),
        None => Datum::Null,
    })
}

fn substr_similar(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let pat = similar_escape(a_str(&a[1])?, Some(a_str(&a[2])?))?;
    Ok(match regex_substring(a_str(&a[0])?, &pat)? {
        Some(s) => Datum::Text(s),
        None => Datum::Null,
    })
}

fn similar_escape_fn(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let Some(p) = a.first().filter(|d| !d.is_null()) else {
        return Ok(Datum::Null);
    };
    let esc = match a.get(1) {
        None | Some(Datum::Null) => None,
        Some(d) => Some(a_str(d)?),
    };
    Ok(Datum::Text(similar_escape(a_str(p)?, esc)?))
}

fn replace3(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(Datum::Text(regexp_replace(
        a_str(&a[0])?,
        a_str(&a[1])?,
        a_str(&a[2])?,
        "",
    )?))
}
fn replace4(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(Datum::Text(regexp_replace(
        a_str(&a[0])?,
        a_str(&a[1])?,
        a_str(&a[2])?,
        a_str(&a[3])?,
    )?))
}

fn flags_arg(a: &[Datum]) -> PgResult<&str> {
    match a.get(2) {
        Some(d) => a_str(d),
        None => Ok(""),
    }
}

fn rows(elem: Oid, v: Vec<Datum>) -> Datum {
    Datum::Array(Box::new(Array::from_vec(elem, v)))
}

fn matches_fn(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(rows(
        TEXT_ARRAY,
        regexp_matches_rows(a_str(&a[0])?, a_str(&a[1])?, flags_arg(a)?)?,
    ))
}

fn match_fn(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    regexp_match(a_str(&a[0])?, a_str(&a[1])?, flags_arg(a)?)
}

fn split_table(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(rows(
        TEXT,
        regexp_split_rows(
            a_str(&a[0])?,
            a_str(&a[1])?,
            flags_arg(a)?,
            "regexp_split_to_table",
        )?,
    ))
}

fn split_array(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(rows(
        TEXT,
        regexp_split_rows(
            a_str(&a[0])?,
            a_str(&a[1])?,
            flags_arg(a)?,
            "regexp_split_to_array",
        )?,
    ))
}

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

fn srf(p: ProcDef) -> ProcDef {
    ProcDef { retset: true, ..p }
}

pub fn procs() -> Vec<ProcDef> {
    vec![
        p!(1254, "textregexeq", [TEXT, TEXT], BOOL, re_eq),
        p!(1256, "textregexne", [TEXT, TEXT], BOOL, re_ne),
        p!(1238, "texticregexeq", [TEXT, TEXT], BOOL, re_ic_eq),
        p!(1239, "texticregexne", [TEXT, TEXT], BOOL, re_ic_ne),
        p!(79, "nameregexeq", [NAME, TEXT], BOOL, re_eq),
        p!(1252, "nameregexne", [NAME, TEXT], BOOL, re_ne),
        p!(1240, "nameicregexeq", [NAME, TEXT], BOOL, re_ic_eq),
        p!(1241, "nameicregexne", [NAME, TEXT], BOOL, re_ic_ne),
        p!(1658, "bpcharregexeq", [BPCHAR, TEXT], BOOL, re_eq),
        p!(1659, "bpcharregexne", [BPCHAR, TEXT], BOOL, re_ne),
        p!(1656, "bpcharicregexeq", [BPCHAR, TEXT], BOOL, re_ic_eq),
        p!(1657, "bpcharicregexne", [BPCHAR, TEXT], BOOL, re_ic_ne),
        p!(2073, "substring", [TEXT, TEXT], TEXT, substr_re),
        p!(2074, "substring", [TEXT, TEXT, TEXT], TEXT, substr_similar),
        ProcDef {
            strict: false,
            ..p!(
                1623,
                "similar_escape",
                [TEXT, TEXT],
                TEXT,
                similar_escape_fn
            )
        },
        p!(2284, "regexp_replace", [TEXT, TEXT, TEXT], TEXT, replace3),
        p!(
            2285,
            "regexp_replace",
            [TEXT, TEXT, TEXT, TEXT],
            TEXT,
            replace4
        ),
        p!(3396, "regexp_match", [TEXT, TEXT], TEXT_ARRAY, match_fn),
        p!(
            3397,
            "regexp_match",
            [TEXT, TEXT, TEXT],
            TEXT_ARRAY,
            match_fn
        ),
        srf(p!(
            2763,
            "regexp_matches",
            [TEXT, TEXT],
            TEXT_ARRAY,
            matches_fn
        )),
        srf(p!(
            2764,
            "regexp_matches",
            [TEXT, TEXT, TEXT],
            TEXT_ARRAY,
            matches_fn
        )),
        srf(p!(
            2765,
            "regexp_split_to_table",
            [TEXT, TEXT],
            TEXT,
            split_table
        )),
        srf(p!(
            2766,
            "regexp_split_to_table",
            [TEXT, TEXT, TEXT],
            TEXT,
            split_table
        )),
        p!(
            2767,
            "regexp_split_to_array",
            [TEXT, TEXT],
            TEXT_ARRAY,
            split_array
        ),
        p!(
            2768,
            "regexp_split_to_array",
            [TEXT, TEXT, TEXT],
            TEXT_ARRAY,
            split_array
        ),
    ]
}

fn op(oid: Oid, name: &'static str, left: Oid, proc_oid: Oid, negator: Oid) -> OperDef {
    OperDef {
        oid,
        name,
        left,
        right: TEXT,
        result: BOOL,
        proc_oid,
        commutator: 0,
        negator,
    }
}

pub fn opers() -> Vec<OperDef> {
    vec![
        op(639, "~", NAME, 79, 640),
        op(640, "!~", NAME, 1252, 639),
        op(641, "~", TEXT, 1254, 642),
        op(642, "!~", TEXT, 1256, 641),
        op(1055, "~", BPCHAR, 1658, 1056),
        op(1056, "!~", BPCHAR, 1659, 1055),
        op(1226, "~*", NAME, 1240, 1227),
        op(1227, "!~*", NAME, 1241, 1226),
        op(1228, "~*", TEXT, 1238, 1229),
        op(1229, "!~*", TEXT, 1239, 1228),
        op(1234, "~*", BPCHAR, 1656, 1235),
        op(1235, "!~*", BPCHAR, 1657, 1234),
    ]
}

pub fn casts() -> Vec<CastDef> {
    Vec::new()
}
pub fn input(_typ: Oid, _typmod: i32, _s: &str, _env: &SessionEnv) -> Option<PgResult<Datum>> {
    None
}
pub fn output(_typ: Oid, _d: &Datum, _env: &SessionEnv, _out: &mut String) -> PgResult<bool> {
    Ok(false)
}
pub fn receive(_typ: Oid, _typmod: i32, _b: &[u8], _env: &SessionEnv) -> Option<PgResult<Datum>> {
    None
}
pub fn send(_typ: Oid, _d: &Datum, _env: &SessionEnv, _out: &mut Vec<u8>) -> PgResult<bool> {
    Ok(false)
}
pub fn apply_typmod(
    _typ: Oid,
    _d: &Datum,
    _typmod: i32,
    _explicit: bool,
) -> Option<PgResult<Datum>> {
    None
}
