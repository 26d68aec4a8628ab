//! to_char / to_date / to_timestamp(text, text): PostgreSQL's formatting templates for
//! date/time values (the DCH_* keywords with FM/TH/th/FX modifiers and quoted literals).

use super::calc::*;
use super::funcs::iso_week;
use crate::{Datum, Interval, SessionEnv};
use common::{PgError, PgResult};
use std::fmt::Write;

/// Template keywords, longest first within each family so prefixes don't shadow them.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[allow(clippy::upper_case_acronyms)]
enum K {
    AmDot,
    Am,
    PmDot,
    Pm,
    AdDot,
    Ad,
    BcDot,
    Bc,
    YCommaYYY,
    YYYY,
    YYY,
    YY,
    Y,
    IYYY,
    IYY,
    IY,
    I,
    Month,
    Mon,
    MM,
    MI,
    MS,
    Day,
    Dy,
    DDD,
    DD,
    D,
    IDDD,
    ID,
    IW,
    HH24,
    HH12,
    HH,
    SSSS,
    SS,
    US,
    WW,
    W,
    CC,
    J,
    Q,
    RM,
    TZ,
    OF,
}

/// Case of a text keyword: UPPER, Capitalized, lower.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Case {
    Upper,
    Cap,
    Lower,
}

struct Node {
    kw: Option<(K, Case)>,
    lit: String,
    fm: bool,
    th: Option<bool>, // Some(true) = TH (upper), Some(false) = th
}

const KEYWORDS: &[(&str, K)] = &[
    ("A.M.", K::AmDot),
    ("AM", K::Am),
    ("P.M.", K::PmDot),
    ("PM", K::Pm),
    ("A.D.", K::AdDot),
    ("AD", K::Ad),
    ("B.C.", K::BcDot),
    ("BC", K::Bc),
    ("Y,YYY", K::YCommaYYY),
    ("YYYY", K::YYYY),
    ("YYY", K::YYY),
    ("YY", K::YY),
    ("Y", K::Y),
    ("IYYY", K::IYYY),
    ("IYY", K::IYY),
    ("IY", K::IY),
    ("IDDD", K::IDDD),
    ("ID", K::ID),
    ("IW", K::IW),
    ("I", K::I),
    ("MONTH", K::Month),
    ("MON", K::Mon),
    ("MM", K::MM),
    ("MI", K::MI),
    ("MS", K::MS),
    ("DAY", K::Day),
    ("DY", K::Dy),
    ("DDD", K::DDD),
    ("DD", K::DD),
    ("D", K::D),
    ("HH24", K::HH24),
    ("HH12", K::HH12),
    ("HH", K::HH),
    ("SSSS", K::SSSS),
    ("SS", K::SS),
    ("US", K::US),
    ("WW", K::WW),
    ("W", K::W),
    ("CC", K::CC),
    ("J", K::J),
    ("Q", K::Q),
    ("RM", K::RM),
    ("TZ", K::TZ),
    ("OF", K::OF),
];

/// Keywords whose letter case matters for output (text fields).
fn is_text_kw(k: K) -> bool {
    matches!(
        k,
        K::Month
            | K::Mon
            | K::Day
            | K::Dy
            | K::RM
            | K::TZ
            | K::Am
            | K::AmDot
            | K::Pm
            | K::PmDot
            | K::Ad
            | K::AdDot
            | K::Bc
            | K::BcDot
    )
}

fn match_kw(s: &str) -> Option<(K, Case, usize)> {
    for (name, k) in KEYWORDS {
        let n = name.len();
        if s.len() < n || !s.is_char_boundary(n) {
            continue;
        }
        let cand = &s[..n];
        if cand.eq_ignore_ascii_case(name) {
            let case = if cand == *name {
                Case::Upper
            } else if cand == name.to_ascii_lowercase() {
                Case::Lower
            } else {
                let mut cap = name.to_ascii_lowercase();
                cap[..1].make_ascii_uppercase();
                if cand == cap {
                    Case::Cap
                } else if !is_text_kw(*k) {
                    Case::Upper
                } else {
                    continue;
                }
            };
            // Text keywords in PostgreSQL exist in UPPER, Capitalized and lower forms only for
            // names; AM/BC/TZ/RM have no Capitalized form.
            if case == Case::Cap && matches!(k, K::RM | K::TZ | K::OF) {
                continue;
            }
            return Some((*k, case, n));
        }
    }
    None
}

fn parse_format(fmt: &str) -> Vec<Node> {
    let mut nodes = Vec::new();
    let b = fmt.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let mut fm = false;
        let mut j = i;
        loop {
            if fmt
                .get(j..j + 2)
                .is_some_and(|x| x.eq_ignore_ascii_case("FM"))
            {
                fm = true;
                j += 2;
            } else if fmt
                .get(j..j + 2)
                .is_some_and(|x| x.eq_ignore_ascii_case("FX"))
            {
                j += 2;
            } else {
                break;
            }
        }
        if let Some((k, case, n)) = match_kw(&fmt[j..]) {
            let mut e = j + n;
            let mut th = None;
            if fmt[e..].starts_with("TH") {
                th = Some(true);
                e += 2;
            } else if fmt[e..].starts_with("th") {
                th = Some(false);
                e += 2;
            }
            if fmt
                .get(e..e + 2)
                .is_some_and(|x| x.eq_ignore_ascii_case("SP"))
            {
                e += 2;
            }
            nodes.push(Node {
                kw: Some((k, case)),
                lit: String::new(),
                fm,
                th,
            });
            i = e;
            continue;
        }
        // literal text
        let c = fmt[i..].chars().next().unwrap_or(' ');
        if c == '"' {
            let mut lit = String::new();
            let mut it = fmt[i + 1..].char_indices();
            let mut end = fmt.len();
            while let Some((k, ch)) = it.next() {
                if ch == '"' {
                    end = i + 1 + k + 1;
                    break;
                }
                if ch == '\\' {
                    if let Some((_, nx)) = it.next() {
                        lit.push(nx);
                        continue;
                    }
                }
                lit.push(ch);
            }
            nodes.push(Node {
                kw: None,
                lit,
                fm: false,
                th: None,
            });
            i = end;
        } else if c == '\\' && fmt[i + 1..].starts_with('"') {
            nodes.push(Node {
                kw: None,
                lit: "\"".into(),
                fm: false,
                th: None,
            });
            i += 2;
        } else {
            nodes.push(Node {
                kw: None,
                lit: c.to_string(),
                fm: false,
                th: None,
            });
            i += c.len_utf8();
        }
    }
    nodes
}

fn ordinal(s: &str, upper: bool) -> &'static str {
    let b = s.as_bytes();
    let last = b.last().copied().unwrap_or(b'0');
    let prev = if b.len() >= 2 { b[b.len() - 2] } else { b'0' };
    let suf = if prev == b'1' {
        "th"
    } else {
        match last {
            b'1' => "st",
            b'2' => "nd",
            b'3' => "rd",
            _ => "th",
        }
    };
    if upper {
        match suf {
            "st" => "ST",
            "nd" => "ND",
            "rd" => "RD",
            _ => "TH",
        }
    } else {
        suf
    }
}

fn apply_case(s: &str, case: Case) -> String {
    match case {
        Case::Upper => s.to_ascii_uppercase(),
        Case::Lower => s.to_ascii_lowercase(),
        Case::Cap => s.to_string(),
    }
}

const ROMAN: [&str; 12] = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
];

struct Ctx<'a> {
    tm: &'a Tm,
    is_interval: bool,
    /// seconds east of UTC and abbreviation, for timestamptz
    tz: Option<(i32, &'a str)>,
    hours: i64,
}

fn num(out: &mut String, v: i64, width: usize, node: &Node) {
    let s = if node.fm {
        format!("{v}")
    } else if v < 0 {
        format!("-{:0w$}", -v, w = width)
    } else {
        format!("{:0w$}", v, w = width)
    };
    out.push_str(&s);
    if let Some(up) = node.th {
        out.push_str(ordinal(&s, up));
    }
}

fn interval_invalid() -> PgError {
    common::pg_err!(
        INVALID_DATETIME_FORMAT,
        "invalid format specification for an interval value"
    )
    .with_hint("Intervals are not tied to specific calendar dates.")
}

fn dch_to_char(nodes: &[Node], cx: &Ctx) -> PgResult<String> {
    let tm = cx.tm;
    let mut out = String::new();
    let adj_year = |y: i32| -> i64 {
        if cx.is_interval || y > 0 {
            y as i64
        } else {
            -(y as i64 - 1)
        }
    };
    for n in nodes {
        let Some((k, case)) = n.kw else {
            out.push_str(&n.lit);
            continue;
        };
        let hour = cx.hours;
        match k {
            K::Am | K::Pm | K::AmDot | K::PmDot => {
                let pm = hour % 24 >= 12;
                let s = match (k, pm) {
                    (K::Am | K::Pm, false) => "AM",
                    (K::Am | K::Pm, true) => "PM",
                    (_, false) => "A.M.",
                    (_, true) => "P.M.",
                };
                out.push_str(&apply_case(s, case));
            }
            K::Ad | K::Bc | K::AdDot | K::BcDot => {
                let bc = tm.year <= 0;
                let s = match (k, bc) {
                    (K::Ad | K::Bc, false) => "AD",
                    (K::Ad | K::Bc, true) => "BC",
                    (_, false) => "A.D.",
                    (_, true) => "B.C.",
                };
                out.push_str(&apply_case(s, case));
            }
            K::HH | K::HH12 => {
                let h = if hour % 12 == 0 { 12 } else { hour % 12 };
                num(&mut out, h, 2, n);
            }
            K::HH24 => num(&mut out, hour, 2, n),
            K::MI => num(&mut out, tm.min as i64, 2, n),
            K::SS => num(&mut out, tm.sec as i64, 2, n),
            K::MS => num(&mut out, tm.fsec / 1000, 3, n),
            K::US => num(&mut out, tm.fsec, 6, n),
            K::SSSS => num(
                &mut out,
                hour * 3600 + tm.min as i64 * 60 + tm.sec as i64,
                0,
                n,
            ),
            K::TZ => {
                if cx.is_interval {
                    return Err(interval_invalid());
                }
                if let Some((_, abbr)) = cx.tz {
                    out.push_str(&apply_case(abbr, case));
                }
            }
            K::OF => {
                if cx.is_interval {
                    return Err(interval_invalid());
                }
                if let Some((off, _)) = cx.tz {
                    let a = off.unsigned_abs();
                    out.push(if off >= 0 { '+' } else { '-' });
                    if n.fm {
                        let _ = write!(out, "{}", a / 3600);
                    } else {
                        let _ = write!(out, "{:02}", a / 3600);
                    }
                    if a % 3600 != 0 {
                        let _ = write!(out, ":{:02}", (a % 3600) / 60);
                    }
                }
            }
            K::YCommaYYY => {
                let y = adj_year(tm.year);
                let s = format!("{},{:03}", y / 1000, y % 1000);
                out.push_str(&s);
                if let Some(up) = n.th {
                    out.push_str(ordinal(&s, up));
                }
            }
            K::YYYY => num(&mut out, adj_year(tm.year), 4, n),
            K::YYY => num(&mut out, adj_year(tm.year) % 1000, 3, n),
            K::YY => num(&mut out, adj_year(tm.year) % 100, 2, n),
            K::Y => num(&mut out, adj_year(tm.year) % 10, 1, n),
            K::IYYY | K::IYY | K::IY | K::I => {
                if cx.is_interval {
                    return Err(interval_invalid());
                }
                let iy = adj_year(iso_week(tm.year, tm.mon, tm.mday).1);
                match k {
                    K::IYYY => num(&mut out, iy, 4, n),
                    K::IYY => num(&mut out, iy % 1000, 3, n),
                    K::IY => num(&mut out, iy % 100, 2, n),
                    _ => num(&mut out, iy % 10, 1, n),
                }
            }
            K::Month | K::Mon => {
                if cx.is_interval && tm.mon == 0 {
                    continue;
                }
                let idx = (tm.mon.clamp(1, 12) - 1) as usize;
                let name = if k == K::Month {
                    FULL_MONTH_NAMES[idx]
                } else {
                    MONTH_NAMES[idx]
                };
                let s = apply_case(name, case);
                if k == K::Month && !n.fm {
                    let _ = write!(out, "{s:<9}");
                } else {
                    out.push_str(&s);
                }
            }
            K::MM => num(&mut out, tm.mon as i64, 2, n),
            K::Day | K::Dy | K::D | K::ID => {
                if cx.is_interval {
                    return Err(interval_invalid());
                }
                let wd = j2day(date2j(tm.year, tm.mon, tm.mday)) as usize;
                match k {
                    K::Day => {
                        let s = apply_case(FULL_DAY_NAMES[wd], case);
                        if n.fm {
                            out.push_str(&s);
                        } else {
                            let _ = write!(out, "{s:<9}");
                        }
                    }
                    K::Dy => out.push_str(&apply_case(DAY_NAMES[wd], case)),
                    K::D => num(&mut out, wd as i64 + 1, 1, n),
                    _ => num(&mut out, if wd == 0 { 7 } else { wd as i64 }, 1, n),
                }
            }
            K::DDD | K::IDDD | K::WW | K::W | K::IW | K::J | K::Q
                if cx.is_interval && !matches!(k, K::Q) =>
            {
                return Err(interval_invalid());
            }
            K::DDD => {
                let doy = date2j(tm.year, tm.mon, tm.mday) - date2j(tm.year, 1, 1) + 1;
                num(&mut out, doy, 3, n);
            }
            K::IDDD => {
                let (w, _) = iso_week(tm.year, tm.mon, tm.mday);
                let wd = j2day(date2j(tm.year, tm.mon, tm.mday));
                let isodow = if wd == 0 { 7 } else { wd };
                num(&mut out, ((w - 1) * 7 + isodow) as i64, 3, n);
            }
            K::DD => num(&mut out, tm.mday as i64, 2, n),
            K::W => num(&mut out, ((tm.mday - 1) / 7 + 1) as i64, 1, n),
            K::WW => {
                let doy = date2j(tm.year, tm.mon, tm.mday) - date2j(tm.year, 1, 1) + 1;
                num(&mut out, (doy - 1) / 7 + 1, 2, n);
            }
            K::IW => num(&mut out, iso_week(tm.year, tm.mon, tm.mday).0 as i64, 2, n),
            K::J => num(&mut out, date2j(tm.year, tm.mon, tm.mday), 0, n),
            K::Q => {
                if cx.is_interval && tm.mon == 0 {
                    continue;
                }
                num(&mut out, ((tm.mon - 1) / 3 + 1) as i64, 1, n)
            }
            K::CC => {
                let cc = if cx.is_interval {
                    tm.year as i64 / 100
                } else if tm.year > 0 {
                    (tm.year as i64 + 99) / 100
                } else {
                    -((99 - (tm.year as i64 - 1)) / 100)
                };
                num(&mut out, cc, 2, n);
            }
            K::RM => {
                if tm.mon < 1 {
                    continue;
                }
                let r = ROMAN[(tm.mon.clamp(1, 12) - 1) as usize];
                let r = if case == Case::Lower {
                    r.to_ascii_lowercase()
                } else {
                    r.to_string()
                };
                if n.fm {
                    out.push_str(&r);
                } else {
                    let _ = write!(out, "{r:<4}");
                }
            }
        }
    }
    Ok(out)
}

pub fn to_char_timestamp(
    t: i64,
    fmt: &str,
    tz: Option<&SessionEnv>,
    _env: &SessionEnv,
) -> PgResult<Datum> {
    if fmt.is_empty() || t == i64::MIN || t == i64::MAX {
        return Ok(Datum::Null);
    }
    let (tm, off) = ts_ok(timestamp2tm(t, tz.map(|e| &e.timezone)))?;
    let abbr = tm.zone.clone().unwrap_or_default();
    let nodes = parse_format(fmt);
    let cx = Ctx {
        tm: &tm,
        is_interval: false,
        tz: tz.map(|_| (-off, abbr.as_str())),
        hours: tm.hour as i64,
    };
    Ok(Datum::Text(dch_to_char(&nodes, &cx)?))
}

pub fn to_char_interval(iv: Interval, fmt: &str, _env: &SessionEnv) -> PgResult<Datum> {
    if fmt.is_empty() {
        return Ok(Datum::Null);
    }
    let tm = super::encode::interval2tm(&iv);
    let nodes = parse_format(fmt);
    let cx = Ctx {
        tm: &tm,
        is_interval: true,
        tz: None,
        hours: iv.micros / USECS_PER_HOUR,
    };
    Ok(Datum::Text(dch_to_char(&nodes, &cx)?))
}

// ---------------------------------------------------------------------------------------------
// to_timestamp / to_date

/// Fields collected by to_timestamp/to_date (PostgreSQL's TmFromChar); 0 = not given.
#[derive(Default)]
struct Parsed {
    year: i32,
    yysz: usize,
    bc: bool,
    cc: i32,
    mm: i32,
    dd: i32,
    ddd: i32,
    d: i32,
    w: i32,
    ww: i32,
    hh: i32,
    mi: i32,
    ss: i32,
    ssss: i32,
    ms: i32,
    us: i32,
    j: i32,
    pm: bool,
    clock12: bool,
    /// 0 none, 1 Gregorian, 2 ISO week
    mode: u8,
}

fn parse_err(msg: String) -> PgError {
    PgError::new(common::sqlstate::INVALID_DATETIME_FORMAT, msg)
}

fn kw_name(n: &Node) -> String {
    match n.kw {
        Some((k, case)) => {
            let base = KEYWORDS
                .iter()
                .find(|(_, kk)| *kk == k)
                .map(|(s, _)| s.to_string())
                .unwrap_or_default();
            match case {
                Case::Upper => base,
                Case::Lower => base.to_ascii_lowercase(),
                Case::Cap => {
                    let mut c = base.to_ascii_lowercase();
                    c[..1].make_ascii_uppercase();
                    c
                }
            }
        }
        None => String::new(),
    }
}

fn is_digit_kw(k: K) -> bool {
    !is_text_kw(k)
}

/// PostgreSQL's is_next_separator.
fn next_is_separator(nodes: &[Node], idx: usize) -> bool {
    let n = &nodes[idx];
    if n.th.is_some() {
        return true;
    }
    match nodes.get(idx + 1) {
        None => true,
        Some(nx) => match nx.kw {
            Some((k, _)) => !is_digit_kw(k),
            None => !nx.lit.starts_with(|c: char| c.is_ascii_digit()),
        },
    }
}

fn take_chars(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// from_char_parse_int_len: returns (value, chars used) and advances `s`.
fn parse_int(s: &mut &str, len: usize, nodes: &[Node], idx: usize) -> PgResult<(i32, usize)> {
    let n = &nodes[idx];
    let name = kw_name(n);
    let src = *s;
    let (text, fixed) = if n.fm || next_is_separator(nodes, idx) {
        (src, false)
    } else {
        let avail = src.chars().count();
        if avail < len {
            return Err(parse_err(format!(
                "source string too short for \"{name}\" formatting field"
            ))
            .with_detail(format!(
                "Field requires {len} characters, but only {avail} remain."
            ))
            .with_hint(
                "If your source string is not fixed-width, try using the \"FM\" modifier.",
            ));
        }
        (take_chars(src, len), true)
    };
    // strtol: optional leading spaces and sign, then digits.
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    let neg = i < b.len() && b[i] == b'-';
    if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
        i += 1;
    }
    let ds = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    if i == ds {
        return Err(parse_err(format!(
            "invalid value \"{}\" for \"{}\"",
            take_chars(src, len.max(1)),
            name
        ))
        .with_detail("Value must be an integer."));
    }
    if fixed && i < text.len() {
        return Err(
            parse_err(format!("invalid value \"{text}\" for \"{name}\""))
                .with_detail(format!(
                    "Field requires {len} characters, but only {i} could be parsed."
                ))
                .with_hint(
                    "If your source string is not fixed-width, try using the \"FM\" modifier.",
                ),
        );
    }
    let digits = &text[ds..i];
    let v: Option<i64> = digits.parse::<i64>().ok().map(|v| if neg { -v } else { v });
    let v = match v.and_then(|v| i32::try_from(v).ok()) {
        Some(v) => v,
        None => {
            return Err(common::pg_err!(
                DATETIME_FIELD_OVERFLOW,
                "value for \"{}\" in source string is out of range",
                name
            )
            .with_detail("Value must be in the range -2147483648 to 2147483647."))
        }
    };
    *s = &src[i..];
    Ok((v, i - ds))
}

fn set_field(dest: &mut i32, v: i32, n: &Node) -> PgResult<()> {
    if *dest != 0 && *dest != v {
        return Err(parse_err(format!(
            "conflicting values for \"{}\" field in formatting string",
            kw_name(n)
        ))
        .with_detail("This value contradicts a previous setting for the same field type."));
    }
    *dest = v;
    Ok(())
}

fn set_mode(p: &mut Parsed, mode: u8) -> PgResult<()> {
    if mode == 0 {
        return Ok(());
    }
    if p.mode == 0 {
        p.mode = mode;
    } else if p.mode != mode {
        return Err(
            parse_err("invalid combination of date conventions".into()).with_hint(
                "Do not mix Gregorian and ISO week date conventions in a formatting template.",
            ),
        );
    }
    Ok(())
}

/// Match one of `names` case-insensitively at the start of `s`; returns the index.
fn seq_search(s: &mut &str, names: &[&str], n: &Node) -> PgResult<usize> {
    let src = *s;
    for (i, nm) in names.iter().enumerate() {
        if src.len() >= nm.len()
            && src.is_char_boundary(nm.len())
            && src[..nm.len()].eq_ignore_ascii_case(nm)
        {
            *s = &src[nm.len()..];
            return Ok(i);
        }
    }
    let name = kw_name(n);
    Err(parse_err(format!(
        "invalid value \"{}\" for \"{}\"",
        take_chars(src, name.len()),
        name
    ))
    .with_detail("The given value did not match any of the allowed values for this field."))
}

fn adjust_partial_year(y: i32) -> i32 {
    if y < 70 {
        y + 2000
    } else if y < 100 {
        y + 1900
    } else if y < 520 {
        y + 2000
    } else if y < 1000 {
        y + 1000
    } else {
        y
    }
}

fn dch_from_char(nodes: &[Node], input: &str) -> PgResult<Parsed> {
    let mut p = Parsed::default();
    let mut s = input;
    for (idx, n) in nodes.iter().enumerate() {
        if s.is_empty() {
            break;
        }
        let Some((k, _)) = n.kw else {
            // Each template character consumes one input character, whatever it is.
            for _ in n.lit.chars() {
                if let Some(c) = s.chars().next() {
                    s = &s[c.len_utf8()..];
                }
            }
            continue;
        };
        s = s.trim_start_matches(|c: char| c.is_ascii_whitespace());
        let greg = 1u8;
        let iso = 2u8;
        match k {
            K::Am | K::Pm | K::AmDot | K::PmDot => {
                let names: &[&str] = if matches!(k, K::AmDot | K::PmDot) {
                    &["a.m.", "p.m."]
                } else {
                    &["am", "pm"]
                };
                let i = seq_search(&mut s, names, n)?;
                p.pm = i == 1;
                p.clock12 = true;
            }
            K::Ad | K::Bc | K::AdDot | K::BcDot => {
                let names: &[&str] = if matches!(k, K::AdDot | K::BcDot) {
                    &["a.d.", "b.c."]
                } else {
                    &["ad", "bc"]
                };
                p.bc = seq_search(&mut s, names, n)? == 1;
            }
            K::Month | K::Mon => {
                set_mode(&mut p, greg)?;
                let names: &[&str] = if k == K::Month {
                    &FULL_MONTH_NAMES
                } else {
                    &MONTH_NAMES
                };
                let i = seq_search(&mut s, names, n)?;
                set_field(&mut p.mm, i as i32 + 1, n)?;
            }
            K::Day | K::Dy => {
                let names: &[&str] = if k == K::Day {
                    &FULL_DAY_NAMES
                } else {
                    &DAY_NAMES
                };
                let i = seq_search(&mut s, names, n)?;
                set_field(&mut p.d, i as i32 + 1, n)?;
            }
            K::RM => {
                let romans = [
                    "XII", "XI", "X", "IX", "VIII", "VII", "VI", "V", "IV", "III", "II", "I",
                ];
                let i = seq_search(&mut s, &romans, n)?;
                set_field(&mut p.mm, 12 - i as i32, n)?;
            }
            K::TZ | K::OF => {
                return Err(common::pg_err!(
                    FEATURE_NOT_SUPPORTED,
                    "formatting field \"{}\" is only supported in to_char",
                    kw_name(n)
                ))
            }
            K::YCommaYYY => {
                let b = s.as_bytes();
                let mut i = 0;
                while i < b.len() && b[i].is_ascii_digit() {
                    i += 1;
                }
                let mil: i32 = s[..i].parse().unwrap_or(0);
                if i == 0 || i >= b.len() || b[i] != b',' {
                    return Err(parse_err("invalid input string for \"Y,YYY\"".into()));
                }
                let st = i + 1;
                let mut j = st;
                while j < b.len() && b[j].is_ascii_digit() && j - st < 3 {
                    j += 1;
                }
                let yrs: i32 = s[st..j].parse().unwrap_or(0);
                set_field(&mut p.year, mil.saturating_mul(1000).saturating_add(yrs), n)?;
                p.yysz = 4;
                s = &s[j..];
                if n.th.is_some() {
                    s = s.get(2..).unwrap_or("");
                }
            }
            _ => {
                let (len, mode) = match k {
                    K::YYYY => (4, greg),
                    K::IYYY => (4, iso),
                    K::YYY => (3, greg),
                    K::IYY => (3, iso),
                    K::YY => (2, greg),
                    K::IY => (2, iso),
                    K::Y => (1, greg),
                    K::I => (1, iso),
                    K::DDD => (3, greg),
                    K::IDDD => (3, iso),
                    K::MS => (3, 0),
                    K::US => (6, 0),
                    K::SSSS => (4, 0),
                    K::D | K::W | K::Q => (1, greg),
                    K::ID => (1, iso),
                    K::J | K::CC => (if k == K::J { 1 } else { 2 }, 0),
                    K::MM | K::DD | K::WW => (2, greg),
                    K::IW => (2, iso),
                    _ => (2, 0),
                };
                set_mode(&mut p, mode)?;
                let (v, used) = parse_int(&mut s, len, nodes, idx)?;
                match k {
                    K::YYYY | K::IYYY => {
                        set_field(&mut p.year, v, n)?;
                        p.yysz = 4;
                    }
                    K::YYY | K::IYY | K::YY | K::IY | K::Y | K::I => {
                        set_field(&mut p.year, adjust_partial_year(v), n)?;
                        p.yysz = len;
                    }
                    K::MM => set_field(&mut p.mm, v, n)?,
                    K::DD => set_field(&mut p.dd, v, n)?,
                    K::DDD | K::IDDD => set_field(&mut p.ddd, v, n)?,
                    K::D => set_field(&mut p.d, v, n)?,
                    K::ID => set_field(&mut p.d, if v == 7 { 1 } else { v + 1 }, n)?,
                    K::W => set_field(&mut p.w, v, n)?,
                    K::WW | K::IW => set_field(&mut p.ww, v, n)?,
                    K::Q => {}
                    K::HH | K::HH12 => {
                        set_field(&mut p.hh, v, n)?;
                        p.clock12 = true;
                    }
                    K::HH24 => set_field(&mut p.hh, v, n)?,
                    K::MI => set_field(&mut p.mi, v, n)?,
                    K::SS => set_field(&mut p.ss, v, n)?,
                    K::SSSS => set_field(&mut p.ssss, v, n)?,
                    K::MS => {
                        let scale = match used {
                            1 => 100,
                            2 => 10,
                            _ => 1,
                        };
                        set_field(&mut p.ms, v.saturating_mul(scale), n)?;
                    }
                    K::US => {
                        let mut f = v;
                        for _ in used..6 {
                            f = f.saturating_mul(10);
                        }
                        set_field(&mut p.us, f, n)?;
                    }
                    K::J => set_field(&mut p.j, v, n)?,
                    K::CC => set_field(&mut p.cc, v, n)?,
                    _ => {}
                }
                if n.th.is_some() {
                    let low = s.get(..2).map(|x| x.to_ascii_lowercase());
                    if matches!(low.as_deref(), Some("st" | "nd" | "rd" | "th")) {
                        s = &s[2..];
                    }
                }
            }
        }
    }
    Ok(p)
}

/// do_to_timestamp: assemble the parsed fields into a broken-down time.
fn finish(p: &mut Parsed, input: &str) -> PgResult<Tm> {
    let mut tm = Tm {
        mon: 1,
        mday: 1,
        ..Default::default()
    };
    let overflow = || {
        common::pg_err!(
            DATETIME_FIELD_OVERFLOW,
            "date/time field value out of range: \"{}\"",
            input
        )
    };
    if p.ssss != 0 {
        let x = p.ssss;
        tm.hour = x / 3600;
        tm.min = (x % 3600) / 60;
        tm.sec = x % 60;
    }
    if p.ss != 0 {
        tm.sec = p.ss;
    }
    if p.mi != 0 {
        tm.min = p.mi;
    }
    if p.hh != 0 {
        tm.hour = p.hh;
    }
    if p.clock12 {
        if tm.hour < 1 || tm.hour > 12 {
            return Err(parse_err(format!(
                "hour \"{}\" is invalid for the 12-hour clock",
                tm.hour
            ))
            .with_hint("Use the 24-hour clock, or give an hour between 1 and 12."));
        }
        if p.pm && tm.hour < 12 {
            tm.hour += 12;
        } else if !p.pm && tm.hour == 12 {
            tm.hour = 0;
        }
    }
    let mut fmask = 0u32;
    use super::parse::{m, DATE_M, DAY, MONTH, YEAR};
    if p.year != 0 {
        if p.cc != 0 && p.yysz <= 2 {
            if p.bc {
                p.cc = -p.cc;
            }
            tm.year = p.year % 100;
            if tm.year != 0 {
                if p.cc >= 0 {
                    tm.year += (p.cc - 1) * 100;
                } else {
                    tm.year = (p.cc + 1) * 100 - tm.year + 1;
                }
            } else {
                tm.year = p.cc * 100 + if p.cc >= 0 { 0 } else { 1 };
            }
        } else {
            tm.year = p.year;
            if p.bc && tm.year > 0 {
                tm.year = -(tm.year - 1);
            }
        }
        fmask |= m(YEAR);
    } else if p.cc != 0 {
        if p.bc {
            p.cc = -p.cc;
        }
        tm.year = if p.cc >= 0 {
            (p.cc - 1) * 100 + 1
        } else {
            p.cc * 100 + 1
        };
        fmask |= m(YEAR);
    }
    if p.j != 0 {
        let (y, mo, d) = j2date(p.j as i64);
        tm.year = y;
        tm.mon = mo;
        tm.mday = d;
        fmask |= DATE_M;
    }
    if p.ww != 0 {
        if p.mode == 2 {
            let wk1 = isoweek2j(tm.year, p.ww);
            let j = if p.d != 0 {
                // d is 1 = Sunday .. 7 = Saturday; ISO weeks start on Monday.
                let isodow = if p.d == 1 { 7 } else { p.d - 1 };
                wk1 + isodow as i64 - 1
            } else {
                wk1
            };
            let (y, mo, d) = j2date(j);
            tm.year = y;
            tm.mon = mo;
            tm.mday = d;
            fmask |= DATE_M;
        } else {
            p.ddd = (p.ww - 1) * 7 + 1;
        }
    }
    if p.w != 0 {
        p.dd = (p.w - 1) * 7 + 1;
    }
    if p.dd != 0 {
        tm.mday = p.dd;
        fmask |= m(DAY);
    }
    if p.mm != 0 {
        tm.mon = p.mm;
        fmask |= m(MONTH);
    }
    if p.ddd != 0 && (tm.mon <= 1 || tm.mday <= 1) {
        if tm.year == 0 && !p.bc {
            return Err(parse_err(
                "cannot calculate day of year without year information".into(),
            ));
        }
        if p.mode == 2 {
            let j0 = isoweek2j(tm.year, 1) - 1;
            let (y, mo, d) = j2date(j0 + p.ddd as i64);
            tm.year = y;
            tm.mon = mo;
            tm.mday = d;
            fmask |= DATE_M;
        } else {
            let mut i = 1;
            let mut cum = 0;
            while i <= 12 {
                let dim = days_in_month(tm.year, i);
                if p.ddd <= cum + dim {
                    break;
                }
                cum += dim;
                i += 1;
            }
            if tm.mon <= 1 {
                tm.mon = i;
            }
            if tm.mday <= 1 {
                tm.mday = p.ddd - cum;
            }
            fmask |= m(MONTH) | m(DAY);
        }
    }
    tm.fsec = p.ms as i64 * 1000 + p.us as i64;
    if fmask != 0 {
        if fmask & m(MONTH) != 0 && !(1..=12).contains(&tm.mon) {
            return Err(overflow());
        }
        if fmask & m(DAY) != 0 && !(1..=31).contains(&tm.mday) {
            return Err(overflow());
        }
        if fmask & DATE_M == DATE_M && tm.mday > days_in_month(tm.year, tm.mon) {
            return Err(overflow());
        }
    }
    if !(0..24).contains(&tm.hour)
        || !(0..60).contains(&tm.min)
        || !(0..60).contains(&tm.sec)
        || !(0..USECS_PER_SEC).contains(&tm.fsec)
    {
        return Err(overflow());
    }
    Ok(tm)
}

fn isoweek2j(year: i32, week: i32) -> i64 {
    let day4 = date2j(year, 1, 4);
    let day0 = j2day(day4 - 1) as i64;
    (week as i64 - 1) * 7 + (day4 - day0)
}

pub fn to_timestamp_text(s: &str, fmt: &str, env: &SessionEnv) -> PgResult<i64> {
    let nodes = parse_format(fmt);
    let mut p = dch_from_char(&nodes, s)?;
    let mut tm = finish(&mut p, s)?;
    let tz = determine_tz_offset(&mut tm, &env.timezone);
    ts_ok(tm2timestamp(&tm, Some(tz)))
}

pub fn to_date_text(s: &str, fmt: &str, _env: &SessionEnv) -> PgResult<i32> {
    let nodes = parse_format(fmt);
    let mut p = dch_from_char(&nodes, s)?;
    let tm = finish(&mut p, s)?;
    let oor = || common::pg_err!(DATETIME_FIELD_OVERFLOW, "date out of range: \"{}\"", s);
    if !valid_julian(tm.year, tm.mon, tm.mday) {
        return Err(oor());
    }
    let d = date2j(tm.year, tm.mon, tm.mday) - POSTGRES_EPOCH_JDATE as i64;
    if !valid_date(d) {
        return Err(oor());
    }
    Ok(d as i32)
}
