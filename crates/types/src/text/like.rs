//! LIKE / ILIKE pattern matching (`%`, `_`, backslash escape) over characters or bytes, and
//! `like_escape()` which rewrites a pattern written with another escape character.

use super::simple_lower;
use common::{pg_err, PgResult};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Tok<T> {
    Lit(T),
    One,
    Many,
}

fn compile<T: Copy + PartialEq>(pat: &[T], pct: T, under: T, esc: T) -> PgResult<Vec<Tok<T>>> {
    let mut out = Vec::with_capacity(pat.len());
    let mut i = 0;
    while i < pat.len() {
        let c = pat[i];
        if c == esc {
            i += 1;
            match pat.get(i) {
                Some(&n) => out.push(Tok::Lit(n)),
                None => {
                    return Err(pg_err!(
                        INVALID_ESCAPE_SEQUENCE,
                        "LIKE pattern must not end with escape character"
                    ))
                }
            }
        } else if c == pct {
            if out.last() != Some(&Tok::Many) {
                out.push(Tok::Many);
            }
        } else if c == under {
            out.push(Tok::One);
        } else {
            out.push(Tok::Lit(c));
        }
        i += 1;
    }
    Ok(out)
}

/// Match with single-star backtracking (linear memory, O(n*m) worst case).
fn matches<T: Copy + PartialEq>(s: &[T], p: &[Tok<T>]) -> bool {
    let (mut si, mut pi) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while si < s.len() {
        match p.get(pi) {
            Some(Tok::Lit(c)) if *c == s[si] => {
                si += 1;
                pi += 1;
            }
            Some(Tok::One) => {
                si += 1;
                pi += 1;
            }
            Some(Tok::Many) => {
                star = Some((pi, si));
                pi += 1;
            }
            _ => match star {
                Some((sp, ss)) => {
                    pi = sp + 1;
                    si = ss + 1;
                    star = Some((sp, ss + 1));
                }
                None => return false,
            },
        }
    }
    p[pi..].iter().all(|t| *t == Tok::Many)
}

/// `s LIKE pat` (or ILIKE when `fold`), backslash as the escape character.
pub fn text_like(s: &str, pat: &str, fold: bool) -> PgResult<bool> {
    let conv = |x: &str| -> Vec<char> {
        if fold {
            x.chars().map(simple_lower).collect()
        } else {
            x.chars().collect()
        }
    };
    let sc = conv(s);
    // The escape and wildcards are recognised before folding (they are ASCII anyway).
    let pc: Vec<char> = pat.chars().collect();
    let toks = compile(&pc, '%', '_', '\\')?;
    let toks: Vec<Tok<char>> = if fold {
        toks.into_iter()
            .map(|t| match t {
                Tok::Lit(c) => Tok::Lit(simple_lower(c)),
                o => o,
            })
            .collect()
    } else {
        toks
    };
    Ok(matches(&sc, &toks))
}

/// `bytea LIKE bytea`.
pub fn bytes_like(s: &[u8], pat: &[u8]) -> PgResult<bool> {
    let toks = compile(pat, b'%', b'_', b'\\')?;
    Ok(matches(s, &toks))
}

/// Rewrite `pat`, written with escape character `esc` (empty = no escape), to use backslash.
pub fn like_escape(pat: &str, esc: &str) -> PgResult<String> {
    let mut ec = esc.chars();
    let e = match (ec.next(), ec.next()) {
        (None, _) => None,
        (Some(c), None) => Some(c),
        _ => {
            return Err(pg_err!(INVALID_ESCAPE_SEQUENCE, "invalid escape string")
                .with_hint("Escape string must be empty or one character."))
        }
    };
    let mut out = String::with_capacity(pat.len() + 4);
    match e {
        None => {
            for c in pat.chars() {
                if c == '\\' {
                    out.push('\\');
                }
                out.push(c);
            }
        }
        Some('\\') => out.push_str(pat),
        Some(e) => {
            let mut after = false;
            for c in pat.chars() {
                if after {
                    out.push('\\');
                    out.push(c);
                    after = false;
                } else if c == e {
                    after = true;
                } else if c == '\\' {
                    out.push_str("\\\\");
                } else {
                    out.push(c);
                }
            }
            if after {
                out.push('\\');
            }
        }
    }
    Ok(out)
}

/// Bytea flavour of like_escape.
pub fn like_escape_bytes(pat: &[u8], esc: &[u8]) -> PgResult<Vec<u8>> {
    if esc.len() > 1 {
        return Err(pg_err!(INVALID_ESCAPE_SEQUENCE, "invalid escape string")
            .with_hint("Escape string must be empty or one character."));
    }
    let mut out = Vec::with_capacity(pat.len() + 4);
    match esc.first() {
        None => {
            for &c in pat {
                if c == b'\\' {
                    out.push(b'\\');
                }
                out.push(c);
            }
        }
        Some(b'\\') => out.extend_from_slice(pat),
        Some(&e) => {
            let mut after = false;
            for &c in pat {
                if after {
                    out.push(b'\\');
                    out.push(c);
                    after = false;
                } else if c == e {
                    after = true;
                } else if c == b'\\' {
                    out.extend_from_slice(b"\\\\");
                } else {
                    out.push(c);
                }
            }
            if after {
                out.push(b'\\');
            }
        }
    }
    Ok(out)
}
