//! format(): `%s`, `%I`, `%L`, `%%` with positional arguments (`%2$s`), widths (`%10s`,
//! `%-10s`, `%*s`, `%*1$s`), on arguments already rendered as text (`None` = NULL).

use super::{quote_ident_str, quote_literal_str};
use common::{pg_err, PgError, PgResult};

fn unterminated() -> PgError {
    pg_err!(
        INVALID_PARAMETER_VALUE,
        "unterminated format() type specifier"
    )
    .with_hint("For a single \"%\" use \"%%\".")
}

fn too_few() -> PgError {
    pg_err!(INVALID_PARAMETER_VALUE, "too few arguments for format()")
}

/// Parse a decimal number at `*i`; None when there is no digit.
fn number(b: &[char], i: &mut usize) -> PgResult<Option<i64>> {
    let start = *i;
    let mut v: i64 = 0;
    while *i < b.len() && b[*i].is_ascii_digit() {
        v = v * 10 + (b[*i] as i64 - '0' as i64);
        if v > i32::MAX as i64 {
            return Err(pg_err!(
                NUMERIC_VALUE_OUT_OF_RANGE,
                "number is out of range"
            ));
        }
        *i += 1;
    }
    Ok(if *i > start { Some(v) } else { None })
}

fn check_pos(n: i64) -> PgResult<usize> {
    if n == 0 {
        return Err(pg_err!(
            INVALID_PARAMETER_VALUE,
            "format specifies argument 0, but arguments are numbered from 1"
        ));
    }
    Ok(n as usize)
}

/// Expand `fmt` with `args` (rendered as text; None for NULL).
pub fn format(fmt: &str, args: &[Option<String>]) -> PgResult<String> {
    let b: Vec<char> = fmt.chars().collect();
    let mut out = String::with_capacity(fmt.len());
    let mut next_arg = 0usize; // 0-based index of the next implicit argument
    let mut i = 0usize;
    while i < b.len() {
        if b[i] != '%' {
            out.push(b[i]);
            i += 1;
            continue;
        }
        i += 1;
        if i >= b.len() {
            return Err(unterminated());
        }
        if b[i] == '%' {
            out.push('%');
            i += 1;
            continue;
        }
        // optional argument position
        let mut argpos: Option<usize> = None;
        let save = i;
        if let Some(n) = number(&b, &mut i)? {
            if i < b.len() && b[i] == '$' {
                argpos = Some(check_pos(n)?);
                i += 1;
            } else {
                i = save;
            }
        }
        if i >= b.len() {
            return Err(unterminated());
        }
        let mut left = false;
        while i < b.len() && b[i] == '-' {
            left = true;
            i += 1;
        }
        if i >= b.len() {
            return Err(unterminated());
        }
        // width
        let mut width: i64 = 0;
        if b[i] == '*' {
            i += 1;
            let mut warg = None;
            let save = i;
            if let Some(n) = number(&b, &mut i)? {
                if i < b.len() && b[i] == '$' {
                    warg = Some(check_pos(n)?);
                    i += 1;
                } else {
                    return Err(unterminated_or(&b, i));
                }
            } else {
                i = save;
            }
            let idx = match warg {
                Some(p) => p - 1,
                None => next_arg,
            };
            let w = args.get(idx).ok_or_else(too_few)?;
            next_arg = idx + 1;
            if let Some(w) = w {
                let t = w.trim();
                width = t.parse::<i32>().map_err(|_| {
                    pg_err!(
                        INVALID_TEXT_REPRESENTATION,
                        "invalid input syntax for integer: \"{}\"",
                        w
                    )
                })? as i64;
            }
        } else if let Some(n) = number(&b, &mut i)? {
            width = n;
        }
        if i >= b.len() {
            return Err(unterminated());
        }
        if width < 0 {
            left = true;
            width = -width;
        }
        let conv = b[i];
        i += 1;
        if !matches!(conv, 's' | 'I' | 'L') {
            return Err(pg_err!(
                INVALID_PARAMETER_VALUE,
                "unrecognized format() type specifier \"{}\"",
                conv
            )
            .with_hint("For a single \"%\" use \"%%\"."));
        }
        let idx = match argpos {
            Some(p) => p - 1,
            None => next_arg,
        };
        let val = args.get(idx).ok_or_else(too_few)?;
        next_arg = idx + 1;
        let s = match (conv, val) {
            ('s', Some(v)) => v.clone(),
            ('s', None) => String::new(),
            ('I', Some(v)) => quote_ident_str(v),
            ('I', None) => {
                return Err(pg_err!(
                    NULL_VALUE_NOT_ALLOWED,
                    "null values cannot be formatted as an SQL identifier"
                ))
            }
            (_, Some(v)) => quote_literal_str(v),
            (_, None) => "NULL".to_string(),
        };
        let n = s.chars().count() as i64;
        let pad = (width - n).max(0) as usize;
        if out.len().saturating_add(pad).saturating_add(s.len()) > super::MAX_ALLOC {
            return Err(pg_err!(
                PROGRAM_LIMIT_EXCEEDED,
                "requested length too large"
            ));
        }
        if left {
            out.push_str(&s);
            out.extend(std::iter::repeat_n(' ', pad));
        } else {
            out.extend(std::iter::repeat_n(' ', pad));
            out.push_str(&s);
        }
    }
    Ok(out)
}

fn unterminated_or(b: &[char], i: usize) -> PgError {
    if i >= b.len() {
        unterminated()
    } else {
        pg_err!(
            INVALID_PARAMETER_VALUE,
            "unrecognized format() type specifier \"{}\"",
            b[i]
        )
        .with_hint("For a single \"%\" use \"%%\".")
    }
}
