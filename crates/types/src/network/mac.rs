//! macaddr and macaddr8 text parsing and formatting, following PostgreSQL's macaddr_in (seven
//! sscanf patterns) and macaddr8_in (pairs of hex digits with one consistent separator).

use common::{pg_err, PgResult};

#[derive(Clone, Copy)]
enum Tok {
    /// `%x` (None) or `%2x`.
    Hex(Option<usize>),
    Lit(u8),
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c')
}

/// One scanf `%x` conversion: skips white space, optional sign, hex digits (at most `width`
/// characters including the sign). Returns the value as C's unsigned int would hold it.
fn scan_hex(s: &[u8], i: &mut usize, width: Option<usize>) -> Option<u64> {
    while *i < s.len() && is_space(s[*i]) {
        *i += 1;
    }
    let max = width.unwrap_or(usize::MAX);
    let mut used = 0usize;
    let mut neg = false;
    if used < max && matches!(s.get(*i), Some(b'+') | Some(b'-')) {
        neg = s[*i] == b'-';
        *i += 1;
        used += 1;
    }
    // optional 0x prefix, only when a hex digit follows within the width
    if used + 2 < max
        && s.get(*i) == Some(&b'0')
        && matches!(s.get(*i + 1), Some(b'x') | Some(b'X'))
        && s.get(*i + 2).is_some_and(|c| c.is_ascii_hexdigit())
    {
        *i += 2;
        used += 2;
    }
    let mut v: u64 = 0;
    let mut nd = 0;
    while used < max {
        let Some(d) = s.get(*i).and_then(|c| (*c as char).to_digit(16)) else {
            break;
        };
        v = v.saturating_mul(16).saturating_add(d as u64);
        *i += 1;
        used += 1;
        nd += 1;
    }
    if nd == 0 {
        return None;
    }
    let v = (v.min(u32::MAX as u64)) as u32;
    Some(if neg { v.wrapping_neg() } else { v } as u64)
}

/// Run one pattern; Some(octets) if exactly six conversions matched and only white space follows.
fn scan(s: &[u8], pat: &[Tok]) -> Option<[u64; 6]> {
    let mut out = [0u64; 6];
    let mut k = 0;
    let mut i = 0;
    for t in pat {
        match *t {
            Tok::Lit(c) => {
                if s.get(i) != Some(&c) {
                    return None;
                }
                i += 1;
            }
            Tok::Hex(w) => {
                out[k] = scan_hex(s, &mut i, w)?;
                k += 1;
            }
        }
    }
    while i < s.len() && is_space(s[i]) {
        i += 1;
    }
    (i == s.len()).then_some(out)
}

/// macaddr_in.
pub fn parse_macaddr(s: &str) -> PgResult<[u8; 6]> {
    use Tok::*;
    const X: Tok = Hex(None);
    const X2: Tok = Hex(Some(2));
    let pats: [&[Tok]; 7] = [
        &[
            X,
            Lit(b':'),
            X,
            Lit(b':'),
            X,
            Lit(b':'),
            X,
            Lit(b':'),
            X,
            Lit(b':'),
            X,
        ],
        &[
            X,
            Lit(b'-'),
            X,
            Lit(b'-'),
            X,
            Lit(b'-'),
            X,
            Lit(b'-'),
            X,
            Lit(b'-'),
            X,
        ],
        &[X2, X2, X2, Lit(b':'), X2, X2, X2],
        &[X2, X2, X2, Lit(b'-'), X2, X2, X2],
        &[X2, X2, Lit(b'.'), X2, X2, Lit(b'.'), X2, X2],
        &[X2, X2, Lit(b'-'), X2, X2, Lit(b'-'), X2, X2],
        &[X2, X2, X2, X2, X2, X2],
    ];
    let b = s.as_bytes();
    let vals = pats.iter().find_map(|p| scan(b, p)).ok_or_else(|| {
        pg_err!(
            INVALID_TEXT_REPRESENTATION,
            "invalid input syntax for type macaddr: \"{}\"",
            s
        )
    })?;
    let mut out = [0u8; 6];
    for (slot, v) in out.iter_mut().zip(vals) {
        if v > 255 {
            return Err(pg_err!(
                NUMERIC_VALUE_OUT_OF_RANGE,
                "invalid octet value in \"macaddr\" value: \"{}\"",
                s
            ));
        }
        *slot = v as u8;
    }
    Ok(out)
}

/// macaddr8_in: 6-byte input is widened with FF:FE in the middle.
pub fn parse_macaddr8(s: &str) -> PgResult<[u8; 8]> {
    let bad = || {
        pg_err!(
            INVALID_TEXT_REPRESENTATION,
            "invalid input syntax for type macaddr8: \"{}\"",
            s
        )
    };
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() && is_space(b[i]) {
        i += 1;
    }
    let mut bytes = [0u8; 8];
    let mut count = 0usize;
    let mut spacer: Option<u8> = None;
    while i + 1 < b.len() {
        let hi = (b[i] as char).to_digit(16).ok_or_else(bad)?;
        let lo = (b[i + 1] as char).to_digit(16).ok_or_else(bad)?;
        i += 2;
        count += 1;
        if count > 8 {
            return Err(bad());
        }
        bytes[count - 1] = (hi * 16 + lo) as u8;
        if let Some(&c) = b.get(i) {
            if c == b':' || c == b'-' || c == b'.' {
                match spacer {
                    None => spacer = Some(c),
                    Some(sp) if sp != c => return Err(bad()),
                    _ => {}
                }
                i += 1;
            }
        }
        if (count == 6 || count == 8) && b.get(i).is_some_and(|c| is_space(*c)) {
            while i < b.len() && is_space(b[i]) {
                i += 1;
            }
            if i < b.len() {
                return Err(bad());
            }
        }
    }
    match count {
        6 => Ok([
            bytes[0], bytes[1], bytes[2], 0xFF, 0xFE, bytes[3], bytes[4], bytes[5],
        ]),
        8 => Ok(bytes),
        _ => Err(bad()),
    }
}

/// `08:00:2b:01:02:03` style output.
pub fn format_mac(b: &[u8]) -> String {
    b.iter()
        .map(|x| format!("{x:02x}"))
        .collect::<Vec<_>>()
        .join(":")
}
