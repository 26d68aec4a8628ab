//! Date/time text input, following PostgreSQL's ParseDateTime / DecodeDateTime /
//! DecodeTimeOnly / DecodeInterval / DecodeISO8601Interval: the string is split into typed
//! fields, then each field is interpreted by what has been seen so far.

use super::calc::*;
use crate::env::{DateOrder, IntervalStyle};
use crate::SessionEnv;
use jiff::tz::TimeZone;

/// Field types produced by `parse_fields`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ft {
    Number,
    String,
    Date,
    Time,
    Tz,
    Special,
}

// Field-mask bits (PostgreSQL's DTK_M(...) categories).
pub const RESERV: u32 = 0;
pub const MONTH: u32 = 1;
pub const YEAR: u32 = 2;
pub const DAY: u32 = 3;
pub const TZ: u32 = 5;
pub const DTZ: u32 = 6;
pub const DYNTZ: u32 = 7;
pub const AMPM: u32 = 9;
pub const HOUR: u32 = 10;
pub const MINUTE: u32 = 11;
pub const SECOND: u32 = 12;
pub const MILLISECOND: u32 = 13;
pub const MICROSECOND: u32 = 14;
pub const DOY: u32 = 15;
pub const DOW: u32 = 16;
pub const ADBC: u32 = 18;
pub const WEEK: u32 = 24;
pub const DECADE: u32 = 25;
pub const CENTURY: u32 = 26;
pub const MILLENNIUM: u32 = 27;
pub const DTZMOD: u32 = 28;

pub const fn m(bit: u32) -> u32 {
    1 << bit
}
pub const DATE_M: u32 = m(YEAR) | m(MONTH) | m(DAY);
pub const TIME_M: u32 = m(HOUR) | m(MINUTE) | m(SECOND) | m(MILLISECOND) | m(MICROSECOND);
pub const ALL_SECS_M: u32 = m(SECOND) | m(MILLISECOND) | m(MICROSECOND);

/// Units (PostgreSQL's DTK_* unit codes), used for labelled fields, intervals and date_part.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Microsec,
    Millisec,
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Quarter,
    Year,
    Decade,
    Century,
    Millennium,
    Julian,
    Doy,
    Dow,
    IsoDow,
    IsoYear,
    Epoch,
    Timezone,
    TimezoneHour,
    TimezoneMinute,
    Time,
    Tz,
}

/// Reserved words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reserv {
    Epoch,
    Late,
    Early,
    Now,
    Today,
    Tomorrow,
    Yesterday,
    Zulu,
    Current,
    Invalid,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tok {
    Reserv(Reserv),
    Month(i32),
    Dow(i32),
    /// 0 = AM, 1 = PM.
    AmPm(i32),
    /// true = BC.
    AdBc(bool),
    Units(Unit),
    IsoTime,
    Ignore,
    DtzMod(i32),
    Ago,
}

const TOKMAXLEN: usize = 10;

static DATE_TOKENS: &[(&str, Tok)] = &[
    ("-infinity", Tok::Reserv(Reserv::Early)),
    ("ad", Tok::AdBc(false)),
    ("allballs", Tok::Reserv(Reserv::Zulu)),
    ("am", Tok::AmPm(0)),
    ("apr", Tok::Month(4)),
    ("april", Tok::Month(4)),
    ("at", Tok::Ignore),
    ("aug", Tok::Month(8)),
    ("august", Tok::Month(8)),
    ("bc", Tok::AdBc(true)),
    ("current", Tok::Reserv(Reserv::Current)),
    ("d", Tok::Units(Unit::Day)),
    ("dec", Tok::Month(12)),
    ("december", Tok::Month(12)),
    ("dow", Tok::Units(Unit::Dow)),
    ("doy", Tok::Units(Unit::Doy)),
    ("dst", Tok::DtzMod(3600)),
    ("epoch", Tok::Reserv(Reserv::Epoch)),
    ("feb", Tok::Month(2)),
    ("february", Tok::Month(2)),
    ("fri", Tok::Dow(5)),
    ("friday", Tok::Dow(5)),
    ("h", Tok::Units(Unit::Hour)),
    ("infinity", Tok::Reserv(Reserv::Late)),
    ("invalid", Tok::Reserv(Reserv::Invalid)),
    ("isodow", Tok::Units(Unit::IsoDow)),
    ("isoyear", Tok::Units(Unit::IsoYear)),
    ("j", Tok::Units(Unit::Julian)),
    ("jan", Tok::Month(1)),
    ("january", Tok::Month(1)),
    ("jd", Tok::Units(Unit::Julian)),
    ("jul", Tok::Month(7)),
    ("julian", Tok::Units(Unit::Julian)),
    ("july", Tok::Month(7)),
    ("jun", Tok::Month(6)),
    ("june", Tok::Month(6)),
    ("m", Tok::Units(Unit::Month)),
    ("mar", Tok::Month(3)),
    ("march", Tok::Month(3)),
    ("may", Tok::Month(5)),
    ("mm", Tok::Units(Unit::Minute)),
    ("mon", Tok::Dow(1)),
    ("monday", Tok::Dow(1)),
    ("nov", Tok::Month(11)),
    ("november", Tok::Month(11)),
    ("now", Tok::Reserv(Reserv::Now)),
    ("oct", Tok::Month(10)),
    ("october", Tok::Month(10)),
    ("on", Tok::Ignore),
    ("pm", Tok::AmPm(1)),
    ("s", Tok::Units(Unit::Second)),
    ("sat", Tok::Dow(6)),
    ("saturday", Tok::Dow(6)),
    ("sep", Tok::Month(9)),
    ("sept", Tok::Month(9)),
    ("september", Tok::Month(9)),
    ("sun", Tok::Dow(0)),
    ("sunday", Tok::Dow(0)),
    ("t", Tok::IsoTime),
    ("thu", Tok::Dow(4)),
    ("thur", Tok::Dow(4)),
    ("thurs", Tok::Dow(4)),
    ("thursday", Tok::Dow(4)),
    ("today", Tok::Reserv(Reserv::Today)),
    ("tomorrow", Tok::Reserv(Reserv::Tomorrow)),
    ("tue", Tok::Dow(2)),
    ("tues", Tok::Dow(2)),
    ("tuesday", Tok::Dow(2)),
    ("undefined", Tok::Reserv(Reserv::Invalid)),
    ("wed", Tok::Dow(3)),
    ("wednesday", Tok::Dow(3)),
    ("weds", Tok::Dow(3)),
    ("y", Tok::Units(Unit::Year)),
    ("yesterday", Tok::Reserv(Reserv::Yesterday)),
];

static DELTA_TOKENS: &[(&str, Tok)] = &[
    ("@", Tok::Ignore),
    ("ago", Tok::Ago),
    ("c", Tok::Units(Unit::Century)),
    ("cent", Tok::Units(Unit::Century)),
    ("centuries", Tok::Units(Unit::Century)),
    ("century", Tok::Units(Unit::Century)),
    ("d", Tok::Units(Unit::Day)),
    ("day", Tok::Units(Unit::Day)),
    ("days", Tok::Units(Unit::Day)),
    ("dec", Tok::Units(Unit::Decade)),
    ("decade", Tok::Units(Unit::Decade)),
    ("decades", Tok::Units(Unit::Decade)),
    ("decs", Tok::Units(Unit::Decade)),
    ("h", Tok::Units(Unit::Hour)),
    ("hour", Tok::Units(Unit::Hour)),
    ("hours", Tok::Units(Unit::Hour)),
    ("hr", Tok::Units(Unit::Hour)),
    ("hrs", Tok::Units(Unit::Hour)),
    ("invalid", Tok::Reserv(Reserv::Invalid)),
    ("m", Tok::Units(Unit::Minute)),
    ("microsecon", Tok::Units(Unit::Microsec)),
    ("mil", Tok::Units(Unit::Millennium)),
    ("millennia", Tok::Units(Unit::Millennium)),
    ("millennium", Tok::Units(Unit::Millennium)),
    ("millisecon", Tok::Units(Unit::Millisec)),
    ("mils", Tok::Units(Unit::Millennium)),
    ("min", Tok::Units(Unit::Minute)),
    ("mins", Tok::Units(Unit::Minute)),
    ("minute", Tok::Units(Unit::Minute)),
    ("minutes", Tok::Units(Unit::Minute)),
    ("mon", Tok::Units(Unit::Month)),
    ("mons", Tok::Units(Unit::Month)),
    ("month", Tok::Units(Unit::Month)),
    ("months", Tok::Units(Unit::Month)),
    ("ms", Tok::Units(Unit::Millisec)),
    ("msec", Tok::Units(Unit::Millisec)),
    ("msecond", Tok::Units(Unit::Millisec)),
    ("mseconds", Tok::Units(Unit::Millisec)),
    ("msecs", Tok::Units(Unit::Millisec)),
    ("qtr", Tok::Units(Unit::Quarter)),
    ("quarter", Tok::Units(Unit::Quarter)),
    ("reltime", Tok::Ignore),
    ("s", Tok::Units(Unit::Second)),
    ("sec", Tok::Units(Unit::Second)),
    ("second", Tok::Units(Unit::Second)),
    ("seconds", Tok::Units(Unit::Second)),
    ("secs", Tok::Units(Unit::Second)),
    ("timezone", Tok::Units(Unit::Timezone)),
    ("timezone_h", Tok::Units(Unit::TimezoneHour)),
    ("timezone_m", Tok::Units(Unit::TimezoneMinute)),
    ("undefined", Tok::Reserv(Reserv::Invalid)),
    ("us", Tok::Units(Unit::Microsec)),
    ("usec", Tok::Units(Unit::Microsec)),
    ("usecond", Tok::Units(Unit::Microsec)),
    ("useconds", Tok::Units(Unit::Microsec)),
    ("usecs", Tok::Units(Unit::Microsec)),
    ("w", Tok::Units(Unit::Week)),
    ("week", Tok::Units(Unit::Week)),
    ("weeks", Tok::Units(Unit::Week)),
    ("y", Tok::Units(Unit::Year)),
    ("year", Tok::Units(Unit::Year)),
    ("years", Tok::Units(Unit::Year)),
    ("yr", Tok::Units(Unit::Year)),
    ("yrs", Tok::Units(Unit::Year)),
];

/// Time zone abbreviations of PostgreSQL's "Default" timezone_abbreviations set:
/// (abbreviation, offset seconds east of UTC, is daylight time).
static TZ_ABBREVS: &[(&str, i32, bool)] = &[
    ("acdt", 37800, true),
    ("acsst", 37800, true),
    ("acst", 34200, false),
    ("act", -18000, false),
    ("adt", -10800, true),
    ("aedt", 39600, true),
    ("aesst", 39600, true),
    ("aest", 36000, false),
    ("aft", 16200, false),
    ("akdt", -28800, true),
    ("akst", -32400, false),
    ("almst", 25200, true),
    ("almt", 21600, false),
    ("art", -10800, false),
    ("ast", -14400, false),
    ("awsst", 32400, true),
    ("awst", 28800, false),
    ("azost", 0, true),
    ("azot", -3600, false),
    ("azt", 14400, false),
    ("bdst", 7200, true),
    ("bdt", 21600, false),
    ("bnt", 28800, false),
    ("bort", 28800, false),
    ("bot", -14400, false),
    ("bra", -10800, false),
    ("brst", -7200, true),
    ("brt", -10800, false),
    ("bst", 3600, true),
    ("btt", 21600, false),
    ("cadt", 37800, true),
    ("cast", 34200, false),
    ("cct", 28800, false),
    ("cdt", -18000, true),
    ("cest", 7200, true),
    ("cet", 3600, false),
    ("cetdst", 7200, true),
    ("chadt", 49500, true),
    ("chast", 45900, false),
    ("chut", 36000, false),
    ("ckt", -36000, false),
    ("clst", -10800, true),
    ("clt", -14400, false),
    ("cot", -18000, false),
    ("cst", -21600, false),
    ("cxt", 25200, false),
    ("davt", 25200, false),
    ("ddut", 36000, false),
    ("easst", -18000, true),
    ("east", -21600, false),
    ("eat", 10800, false),
    ("edt", -14400, true),
    ("eest", 10800, true),
    ("eet", 7200, false),
    ("eetdst", 10800, true),
    ("egst", 0, true),
    ("egt", -3600, false),
    ("est", -18000, false),
    ("fjst", 46800, true),
    ("fjt", 43200, false),
    ("fkst", -10800, false),
    ("fkt", -14400, false),
    ("fnst", -3600, true),
    ("fnt", -7200, false),
    ("galt", -21600, false),
    ("gamt", -32400, false),
    ("gest", 14400, true),
    ("get", 14400, false),
    ("gft", -10800, false),
    ("gilt", 43200, false),
    ("gmt", 0, false),
    ("gyt", -14400, false),
    ("hkt", 28800, false),
    ("hst", -36000, false),
    ("ict", 25200, false),
    ("idt", 10800, true),
    ("iot", 21600, false),
    ("irt", 12600, false),
    ("ist", 7200, false),
    ("jayt", 32400, false),
    ("jst", 32400, false),
    ("kdt", 36000, true),
    ("kgst", 21600, true),
    ("kgt", 21600, false),
    ("kost", 39600, false),
    ("krat", 25200, false),
    ("kst", 32400, false),
    ("lhdt", 39600, true),
    ("lhst", 37800, false),
    ("ligt", 36000, false),
    ("lint", 50400, false),
    ("lkt", 21600, false),
    ("magt", 39600, false),
    ("mart", -34200, false),
    ("mawt", 18000, false),
    ("mdt", -21600, true),
    ("mest", 7200, true),
    ("mesz", 7200, true),
    ("met", 3600, false),
    ("metdst", 7200, true),
    ("mez", 3600, false),
    ("mht", 43200, false),
    ("mmt", 23400, false),
    ("mpt", 36000, false),
    ("msd", 14400, true),
    ("msk", 10800, false),
    ("mst", -25200, false),
    ("must", 18000, true),
    ("mut", 14400, false),
    ("mvt", 18000, false),
    ("myt", 28800, false),
    ("ndt", -9000, true),
    ("nft", -41400, false),
    ("novt", 25200, false),
    ("npt", 20700, false),
    ("nst", -12600, false),
    ("nut", -39600, false),
    ("nzdt", 46800, true),
    ("nzst", 43200, false),
    ("nzt", 43200, false),
    ("omst", 21600, false),
    ("pdt", -25200, true),
    ("pet", -18000, false),
    ("pett", 43200, false),
    ("pgt", 36000, false),
    ("phot", 46800, false),
    ("pht", 28800, false),
    ("pkst", 21600, true),
    ("pkt", 18000, false),
    ("pmdt", -7200, true),
    ("pmst", -10800, false),
    ("pont", 39600, false),
    ("pst", -28800, false),
    ("pwt", 32400, false),
    ("pyst", -10800, true),
    ("pyt", -14400, false),
    ("ret", 14400, false),
    ("sadt", 37800, true),
    ("sast", 7200, false),
    ("sct", 14400, false),
    ("sgt", 28800, false),
    ("taht", -36000, false),
    ("tft", 18000, false),
    ("tjt", 18000, false),
    ("tkt", 46800, false),
    ("tmt", 18000, false),
    ("tot", 46800, false),
    ("trut", 36000, false),
    ("tvt", 43200, false),
    ("uct", 0, false),
    ("ulast", 32400, true),
    ("ulat", 28800, false),
    ("ut", 0, false),
    ("utc", 0, false),
    ("uyst", -7200, true),
    ("uyt", -10800, false),
    ("uzst", 21600, true),
    ("uzt", 18000, false),
    ("vet", -14400, false),
    ("vlat", 36000, false),
    ("volt", 14400, false),
    ("vut", 39600, false),
    ("wadt", 28800, true),
    ("wakt", 43200, false),
    ("wast", 7200, true),
    ("wat", 3600, false),
    ("wdt", 32400, true),
    ("wet", 0, false),
    ("wetdst", 3600, true),
    ("wft", 43200, false),
    ("wgst", -7200, true),
    ("wgt", -10800, false),
    ("xjt", 21600, false),
    ("yakt", 32400, false),
    ("yapt", 36000, false),
    ("yekst", 21600, true),
    ("yekt", 18000, false),
    ("z", 0, false),
    ("zulu", 0, false),
];

fn table_lookup(tbl: &[(&str, Tok)], key: &str) -> Option<Tok> {
    let k = &key[..key.len().min(TOKMAXLEN)];
    tbl.iter().find(|(t, _)| *t == k).map(|(_, v)| *v)
}

pub fn date_token(key: &str) -> Option<Tok> {
    table_lookup(DATE_TOKENS, key)
}

pub fn delta_token(key: &str) -> Option<Tok> {
    table_lookup(DELTA_TOKENS, key)
}

/// Abbreviations whose meaning changed over time ("dynamic" in PostgreSQL's Default set):
/// resolved against the named zone's history.
static DYN_ABBREVS: &[(&str, &str)] = &[
    ("irkt", "Asia/Irkutsk"),
    ("krat", "Asia/Krasnoyarsk"),
    ("magt", "Asia/Magadan"),
    ("msd", "Europe/Moscow"),
    ("msk", "Europe/Moscow"),
    ("novt", "Asia/Novosibirsk"),
    ("omst", "Asia/Omsk"),
    ("pett", "Asia/Kamchatka"),
    ("samt", "Europe/Samara"),
    ("sgt", "Asia/Singapore"),
    ("vet", "America/Caracas"),
    ("vlat", "Asia/Vladivostok"),
    ("volt", "Europe/Volgograd"),
    ("yakt", "Asia/Yakutsk"),
    ("yekt", "Asia/Yekaterinburg"),
];

/// The zone a dynamic abbreviation refers to.
pub fn dyn_abbrev(key: &str) -> Option<&'static str> {
    let k = key.to_ascii_lowercase();
    DYN_ABBREVS.iter().find(|(a, _)| *a == k).map(|(_, z)| *z)
}

/// Look up a time-zone abbreviation: (seconds east of UTC, is_dst).
pub fn tz_abbrev(key: &str) -> Option<(i32, bool)> {
    let k = key.to_ascii_lowercase();
    TZ_ABBREVS
        .iter()
        .find(|(t, _, _)| *t == k)
        .map(|(_, o, d)| (*o, *d))
}

/// Units for date_part/date_trunc/extract: PostgreSQL's DecodeUnits then DecodeSpecial.
pub fn decode_units(s: &str) -> Option<Unit> {
    let l = s.to_ascii_lowercase();
    match delta_token(&l).or_else(|| date_token(&l)) {
        Some(Tok::Units(u)) => Some(u),
        Some(Tok::Reserv(Reserv::Epoch)) => Some(Unit::Epoch),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// Field splitting

const MAXDATEFIELDS: usize = 25;
const MAXFIELDCHARS: usize = 256;

/// PostgreSQL's ParseDateTime: split into lower-cased, typed fields.
pub fn parse_fields(s: &str) -> DtResult<Vec<(String, Ft)>> {
    let b = s.as_bytes();
    let n = b.len();
    let mut i = 0;
    let mut out: Vec<(String, Ft)> = Vec::new();
    let mut total = 0usize;
    let at = |i: usize| -> u8 {
        if i < n {
            b[i]
        } else {
            0
        }
    };
    while i < n {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let mut f = String::new();
        let ft;
        if c.is_ascii_digit() {
            while at(i).is_ascii_digit() {
                f.push(b[i] as char);
                i += 1;
            }
            if at(i) == b':' {
                ft = Ft::Time;
                f.push(':');
                i += 1;
                while at(i).is_ascii_digit() || at(i) == b':' || at(i) == b'.' {
                    f.push(b[i] as char);
                    i += 1;
                }
            } else if matches!(at(i), b'-' | b'/' | b'.') {
                let delim = b[i];
                f.push(delim as char);
                i += 1;
                if at(i).is_ascii_digit() {
                    let mut t = if delim == b'.' { Ft::Number } else { Ft::Date };
                    while at(i).is_ascii_digit() {
                        f.push(b[i] as char);
                        i += 1;
                    }
                    if at(i) == delim {
                        t = Ft::Date;
                        f.push(delim as char);
                        i += 1;
                        while at(i).is_ascii_digit() || at(i) == delim {
                            f.push(b[i] as char);
                            i += 1;
                        }
                    }
                    ft = t;
                } else {
                    ft = Ft::Date;
                    while at(i).is_ascii_alphanumeric() || at(i) == delim {
                        f.push(b[i].to_ascii_lowercase() as char);
                        i += 1;
                    }
                }
            } else {
                ft = Ft::Number;
            }
        } else if c == b'.' {
            f.push('.');
            i += 1;
            while at(i).is_ascii_digit() {
                f.push(b[i] as char);
                i += 1;
            }
            ft = Ft::Number;
        } else if c.is_ascii_alphabetic() {
            let mut t = Ft::String;
            while at(i).is_ascii_alphabetic() {
                f.push(b[i].to_ascii_lowercase() as char);
                i += 1;
            }
            let nx = at(i);
            let is_date = if matches!(nx, b'-' | b'/' | b'.') {
                true
            } else if nx == b'+' || nx.is_ascii_digit() {
                date_token(&f).is_none()
            } else {
                false
            };
            if is_date {
                t = Ft::Date;
                loop {
                    f.push(b[i].to_ascii_lowercase() as char);
                    i += 1;
                    let c2 = at(i);
                    if !(matches!(c2, b'+' | b'-' | b'/' | b'_' | b'.' | b':')
                        || c2.is_ascii_alphanumeric())
                    {
                        break;
                    }
                }
            }
            ft = t;
        } else if c == b'+' || c == b'-' {
            f.push(c as char);
            i += 1;
            while at(i).is_ascii_whitespace() {
                i += 1;
            }
            if at(i).is_ascii_digit() {
                ft = Ft::Tz;
                f.push(b[i] as char);
                i += 1;
                while at(i).is_ascii_digit() || matches!(at(i), b':' | b'.' | b'-') {
                    f.push(b[i] as char);
                    i += 1;
                }
            } else if at(i).is_ascii_alphabetic() {
                ft = Ft::Special;
                while at(i).is_ascii_alphabetic() {
                    f.push(b[i].to_ascii_lowercase() as char);
                    i += 1;
                }
            } else {
                return Err(DtErr::BadFormat);
            }
        } else if c.is_ascii_punctuation() {
            i += 1;
            continue;
        } else {
            return Err(DtErr::BadFormat);
        }
        total += f.len() + 1;
        if out.len() >= MAXDATEFIELDS || total > MAXFIELDCHARS {
            return Err(DtErr::BadFormat);
        }
        out.push((f, ft));
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// Small C-like number scanners

/// strtol-like: (value, rest); Err(FieldOverflow) on overflow of i32. `None` when no digits.
fn strtoint(s: &str) -> DtResult<(i32, &str, bool)> {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    let mut neg = false;
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        neg = b[i] == b'-';
        i += 1;
    }
    let start = i;
    let mut v: i64 = 0;
    let mut overflow = false;
    while i < b.len() && b[i].is_ascii_digit() {
        v = v * 10 + (b[i] - b'0') as i64;
        if v > i32::MAX as i64 + 1 {
            overflow = true;
            v = i32::MAX as i64 + 1;
        }
        i += 1;
    }
    if i == start {
        return Ok((0, s, false));
    }
    let v = if neg { -v } else { v };
    if overflow || v > i32::MAX as i64 || v < i32::MIN as i64 {
        return Err(DtErr::FieldOverflow);
    }
    Ok((v as i32, &s[i..], true))
}

/// strtod-like: (value, rest). Accepts [sign] digits [. digits] [e [sign] digits].
pub fn strtod(s: &str) -> (f64, &str, bool) {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    let st = i;
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        i += 1;
    }
    let mut digits = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
        digits += 1;
    }
    if i < b.len() && b[i] == b'.' {
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
            digits += 1;
        }
    }
    if digits == 0 {
        return (0.0, s, false);
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        let mut j = i + 1;
        if j < b.len() && (b[j] == b'+' || b[j] == b'-') {
            j += 1;
        }
        let ds = j;
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        if j > ds {
            i = j;
        }
    }
    let v = s[st..i].parse::<f64>().unwrap_or(0.0);
    (v, &s[i..], true)
}

/// ParseFractionalSecond: ".123" → µs.
fn parse_frac_second(s: &str) -> DtResult<i64> {
    let (v, rest, _) = strtod(s);
    if !rest.is_empty() {
        return Err(DtErr::BadFormat);
    }
    Ok((v * 1_000_000.0).round_ties_even() as i64)
}

// ---------------------------------------------------------------------------------------------
// Field decoders

/// DecodeTime: "hh:mm[:ss[.fff]]" (or "mm:ss.fff"). Returns tmask.
fn decode_time(s: &str, range: i32, tm: &mut Tm) -> DtResult<u32> {
    let (h, rest, _) = strtoint(s)?;
    if !rest.starts_with(':') {
        return Err(DtErr::BadFormat);
    }
    let (mi, rest, _) = strtoint(&rest[1..])?;
    tm.hour = h;
    tm.min = mi;
    if rest.is_empty() {
        tm.sec = 0;
        tm.fsec = 0;
        if range == (imask(MINUTE) | imask(SECOND)) {
            tm.sec = tm.min;
            tm.min = tm.hour;
            tm.hour = 0;
        }
    } else if rest.starts_with('.') {
        tm.fsec = parse_frac_second(rest)?;
        tm.sec = tm.min;
        tm.min = tm.hour;
        tm.hour = 0;
    } else if let Some(r) = rest.strip_prefix(':') {
        let (sec, rest, _) = strtoint(r)?;
        tm.sec = sec;
        if rest.is_empty() {
            tm.fsec = 0;
        } else if rest.starts_with('.') {
            tm.fsec = parse_frac_second(rest)?;
        } else {
            return Err(DtErr::BadFormat);
        }
    } else {
        return Err(DtErr::BadFormat);
    }
    if tm.hour < 0
        || tm.min < 0
        || tm.min > 59
        || tm.sec < 0
        || tm.sec > 60
        || tm.fsec < 0
        || tm.fsec > USECS_PER_SEC
    {
        return Err(DtErr::FieldOverflow);
    }
    Ok(TIME_M)
}

/// DecodeTimezone: "+hh[:mm[:ss]]" / "-hhmm" → seconds west.
pub fn decode_timezone(s: &str) -> DtResult<i32> {
    let sign = s.as_bytes().first().copied();
    if sign != Some(b'+') && sign != Some(b'-') {
        return Err(DtErr::BadFormat);
    }
    let body = &s[1..];
    let (mut hr, mut rest, _) = strtoint(body).map_err(|_| DtErr::TzDispOverflow)?;
    let mut min = 0;
    let mut sec = 0;
    if let Some(r) = rest.strip_prefix(':') {
        let (mm, r2, _) = strtoint(r).map_err(|_| DtErr::TzDispOverflow)?;
        min = mm;
        rest = r2;
        if let Some(r3) = rest.strip_prefix(':') {
            let (ss, r4, _) = strtoint(r3).map_err(|_| DtErr::TzDispOverflow)?;
            sec = ss;
            rest = r4;
        }
    } else if rest.is_empty() && s.len() > 3 {
        min = hr % 100;
        hr /= 100;
    }
    if !(0..=15).contains(&hr) || !(0..60).contains(&min) || !(0..60).contains(&sec) {
        return Err(DtErr::TzDispOverflow);
    }
    let mut tz = (hr * 60 + min) * 60 + sec;
    if sign == Some(b'-') {
        tz = -tz;
    }
    if !rest.is_empty() {
        return Err(DtErr::BadFormat);
    }
    Ok(-tz)
}

struct Ctx {
    date_order: DateOrder,
}

/// DecodeNumberField: run-together "yyyymmdd", "hhmmss", "hhmm", with optional fraction.
/// Returns (tmask, is_date).
fn decode_number_field(
    s: &str,
    fmask: u32,
    tm: &mut Tm,
    is2digits: &mut bool,
) -> DtResult<(u32, bool)> {
    let mut str = s;
    if let Some(dot) = s.find('.') {
        let (frac, _, _) = strtod(&s[dot..]);
        tm.fsec = (frac * 1_000_000.0).round_ties_even() as i64;
        str = &s[..dot];
    } else if fmask & DATE_M != DATE_M && str.len() >= 6 {
        let len = str.len();
        if !str.bytes().all(|c| c.is_ascii_digit()) {
            return Err(DtErr::BadFormat);
        }
        tm.mday = atoi(&str[len - 2..]);
        tm.mon = atoi(&str[len - 4..len - 2]);
        tm.year = atoi(&str[..len - 4]);
        if len - 4 == 2 {
            *is2digits = true;
        }
        return Ok((DATE_M, true));
    }
    if fmask & TIME_M != TIME_M {
        let len = str.len();
        if !str.bytes().all(|c| c.is_ascii_digit()) {
            return Err(DtErr::BadFormat);
        }
        if len == 6 {
            tm.sec = atoi(&str[4..]);
            tm.min = atoi(&str[2..4]);
            tm.hour = atoi(&str[..2]);
            return Ok((TIME_M, false));
        } else if len == 4 {
            tm.sec = 0;
            tm.min = atoi(&str[2..]);
            tm.hour = atoi(&str[..2]);
            return Ok((TIME_M, false));
        }
    }
    Err(DtErr::BadFormat)
}

fn atoi(s: &str) -> i32 {
    let mut v: i64 = 0;
    for c in s.bytes() {
        if !c.is_ascii_digit() {
            break;
        }
        v = (v * 10 + (c - b'0') as i64).min(i32::MAX as i64);
    }
    v as i32
}

/// DecodeNumber: one numeric field interpreted by what has been seen so far. Returns tmask.
#[allow(clippy::too_many_arguments)]
fn decode_number(
    cx: &Ctx,
    s: &str,
    have_text_month: bool,
    fmask: u32,
    tm: &mut Tm,
    is2digits: &mut bool,
) -> DtResult<u32> {
    let flen = s.len();
    let (val, rest, any) = strtoint(s)?;
    if !any {
        return Err(DtErr::BadFormat);
    }
    if rest.starts_with('.') {
        let digits_before = s.len() - rest.len();
        if digits_before > 2 {
            let (tmask, _) = decode_number_field(s, fmask | DATE_M, tm, is2digits)?;
            return Ok(tmask);
        }
        tm.fsec = parse_frac_second(rest)?;
    } else if !rest.is_empty() {
        return Err(DtErr::BadFormat);
    }
    if flen == 3 && fmask & DATE_M == m(YEAR) && (1..=366).contains(&val) {
        tm.yday = val;
        return Ok(m(DOY) | m(MONTH) | m(DAY));
    }
    let tmask;
    match fmask & DATE_M {
        0 => {
            if flen >= 3 || cx.date_order == DateOrder::Ymd {
                tmask = m(YEAR);
                tm.year = val;
            } else if cx.date_order == DateOrder::Dmy {
                tmask = m(DAY);
                tm.mday = val;
            } else {
                tmask = m(MONTH);
                tm.mon = val;
            }
        }
        x if x == m(YEAR) => {
            tmask = m(MONTH);
            tm.mon = val;
        }
        x if x == m(MONTH) => {
            if have_text_month {
                if flen >= 3 || cx.date_order == DateOrder::Ymd {
                    tmask = m(YEAR);
                    tm.year = val;
                } else {
                    tmask = m(DAY);
                    tm.mday = val;
                }
            } else {
                tmask = m(DAY);
                tm.mday = val;
            }
        }
        x if x == m(YEAR) | m(MONTH) => {
            if have_text_month && flen >= 3 && *is2digits {
                tmask = m(DAY);
                tm.mday = tm.year;
                tm.year = val;
                *is2digits = false;
            } else {
                tmask = m(DAY);
                tm.mday = val;
            }
        }
        x if x == m(DAY) => {
            tmask = m(MONTH);
            tm.mon = val;
        }
        x if x == m(MONTH) | m(DAY) => {
            tmask = m(YEAR);
            tm.year = val;
        }
        x if x == DATE_M => {
            let (tmask, _) = decode_number_field(s, fmask, tm, is2digits)?;
            return Ok(tmask);
        }
        _ => return Err(DtErr::BadFormat),
    }
    if tmask == m(YEAR) {
        *is2digits = flen <= 2;
    }
    Ok(tmask)
}

/// DecodeDate: a date field with separators ("1997-02-10", "feb-10-1997", "1997.041").
fn decode_date(
    cx: &Ctx,
    s: &str,
    mut fmask: u32,
    is2digits: &mut bool,
    tm: &mut Tm,
) -> DtResult<u32> {
    let mut tmask = 0;
    let b = s.as_bytes();
    let mut fields: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        while i < b.len() && !b[i].is_ascii_alphanumeric() {
            i += 1;
        }
        if i >= b.len() {
            return Err(DtErr::BadFormat);
        }
        let st = i;
        if b[i].is_ascii_digit() {
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
        } else {
            while i < b.len() && b[i].is_ascii_alphabetic() {
                i += 1;
            }
        }
        fields.push(&s[st..i]);
        if i < b.len() {
            i += 1;
        }
        if fields.len() > MAXDATEFIELDS {
            return Err(DtErr::BadFormat);
        }
    }
    let mut have_text_month = false;
    let mut done = vec![false; fields.len()];
    for (k, f) in fields.iter().enumerate() {
        if f.as_bytes()[0].is_ascii_alphabetic() {
            let lf = f.to_ascii_lowercase();
            match date_token(&lf) {
                Some(Tok::Ignore) => {
                    done[k] = true;
                    continue;
                }
                Some(Tok::Month(mo)) => {
                    tm.mon = mo;
                    have_text_month = true;
                    if fmask & m(MONTH) != 0 {
                        return Err(DtErr::BadFormat);
                    }
                    fmask |= m(MONTH);
                    tmask |= m(MONTH);
                    done[k] = true;
                }
                _ => return Err(DtErr::BadFormat),
            }
        }
    }
    for (k, f) in fields.iter().enumerate() {
        if done[k] {
            continue;
        }
        if f.is_empty() {
            return Err(DtErr::BadFormat);
        }
        let dmask = decode_number(cx, f, have_text_month, fmask, tm, is2digits)?;
        if fmask & dmask != 0 {
            return Err(DtErr::BadFormat);
        }
        fmask |= dmask;
        tmask |= dmask;
    }
    if fmask & !(m(DOY) | m(TZ)) != DATE_M {
        return Err(DtErr::BadFormat);
    }
    Ok(tmask)
}

/// ValidateDate: year adjustments (BC, two-digit years), day-of-year, range checks.
fn validate_date(
    fmask: u32,
    isjulian: bool,
    is2digits: bool,
    bc: bool,
    tm: &mut Tm,
) -> DtResult<()> {
    if fmask & m(YEAR) != 0 {
        if isjulian {
        } else if bc {
            if tm.year <= 0 {
                return Err(DtErr::FieldOverflow);
            }
            tm.year = -(tm.year - 1);
        } else if is2digits {
            if tm.year < 0 {
                return Err(DtErr::FieldOverflow);
            }
            if tm.year < 70 {
                tm.year += 2000;
            } else if tm.year < 100 {
                tm.year += 1900;
            }
        } else if tm.year <= 0 {
            return Err(DtErr::FieldOverflow);
        }
    }
    if fmask & m(DOY) != 0 {
        let (y, mo, d) = j2date(date2j(tm.year, 1, 1) + tm.yday as i64 - 1);
        tm.year = y;
        tm.mon = mo;
        tm.mday = d;
    }
    if fmask & m(MONTH) != 0 && !(1..=12).contains(&tm.mon) {
        return Err(DtErr::MdFieldOverflow);
    }
    if fmask & m(DAY) != 0 && !(1..=31).contains(&tm.mday) {
        return Err(DtErr::MdFieldOverflow);
    }
    if fmask & DATE_M == DATE_M && tm.mday > days_in_month(tm.year, tm.mon) {
        return Err(DtErr::FieldOverflow);
    }
    Ok(())
}

/// What DecodeDateTime found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DType {
    Date,
    Time,
    Epoch,
    Late,
    Early,
    Invalid,
    Delta,
}

/// DecodeDateTime (for date, timestamp, timestamptz). `want_tz` corresponds to a non-NULL tzp.
/// Returns (dtype, tm, tz seconds west).
pub fn decode_date_time(
    fields: &[(String, Ft)],
    env: &SessionEnv,
    want_tz: bool,
) -> DtResult<(DType, Tm, i32)> {
    let cx = Ctx {
        date_order: env.date_order,
    };
    let mut tm = Tm {
        isdst: -1,
        ..Default::default()
    };
    let mut tz: i32 = 0;
    let mut dtype = DType::Date;
    let mut fmask: u32 = 0;
    let mut have_text_month = false;
    let mut isjulian = false;
    let mut is2digits = false;
    let mut bc = false;
    let mut ptype: Option<Unit> = None;
    let mut mer: i32 = 2;
    let mut named_tz: Option<TimeZone> = None;
    let mut abbrev_tz: Option<(String, TimeZone)> = None;
    let nf = fields.len();
    for i in 0..nf {
        let (ref f, ft) = fields[i];
        let mut tmask: u32;
        match ft {
            Ft::Date => {
                if ptype == Some(Unit::Julian) {
                    if !want_tz {
                        return Err(DtErr::BadFormat);
                    }
                    let (val, rest, _) = strtoint(f)?;
                    if val < 0 {
                        return Err(DtErr::FieldOverflow);
                    }
                    let (y, mo, d) = j2date(val as i64);
                    tm.year = y;
                    tm.mon = mo;
                    tm.mday = d;
                    isjulian = true;
                    tz = decode_timezone(rest)?;
                    tmask = DATE_M | TIME_M | m(TZ);
                    ptype = None;
                } else if ptype.is_some() || fmask & (m(MONTH) | m(DAY)) == m(MONTH) | m(DAY) {
                    if !want_tz {
                        return Err(DtErr::BadFormat);
                    }
                    if f.as_bytes()[0].is_ascii_digit() || ptype.is_some() {
                        if ptype.is_some() {
                            if ptype != Some(Unit::Time) {
                                return Err(DtErr::BadFormat);
                            }
                            ptype = None;
                        }
                        if fmask & TIME_M == TIME_M {
                            return Err(DtErr::BadFormat);
                        }
                        let Some(dash) = f.find('-') else {
                            return Err(DtErr::BadFormat);
                        };
                        tz = decode_timezone(&f[dash..])?;
                        let (tm2, _) =
                            decode_number_field(&f[..dash], fmask, &mut tm, &mut is2digits)?;
                        tmask = tm2 | m(TZ);
                    } else {
                        let Some(z) = lookup_zone(f) else {
                            return Err(DtErr::Pg(common::pg_err!(
                                INVALID_PARAMETER_VALUE,
                                "time zone \"{}\" not recognized",
                                f
                            )));
                        };
                        named_tz = Some(z);
                        tmask = m(TZ);
                    }
                } else {
                    tmask = decode_date(&cx, f, fmask, &mut is2digits, &mut tm)?;
                }
            }
            Ft::Time => {
                if ptype.is_some() {
                    if ptype != Some(Unit::Time) {
                        return Err(DtErr::BadFormat);
                    }
                    ptype = None;
                }
                tmask = decode_time(f, INTERVAL_FULL_RANGE, &mut tm)?;
                if tm.hour > 24 || (tm.hour == 24 && (tm.min > 0 || tm.sec > 0 || tm.fsec > 0)) {
                    return Err(DtErr::FieldOverflow);
                }
            }
            Ft::Tz => {
                if !want_tz {
                    return Err(DtErr::BadFormat);
                }
                tz = decode_timezone(f)?;
                tmask = m(TZ);
            }
            Ft::Number => {
                if let Some(pt) = ptype {
                    let (val, rest, _) = strtoint(f)?;
                    if rest.starts_with('.') {
                        if !matches!(pt, Unit::Julian | Unit::Time | Unit::Second) {
                            return Err(DtErr::BadFormat);
                        }
                    } else if !rest.is_empty() {
                        return Err(DtErr::BadFormat);
                    }
                    match pt {
                        Unit::Year => {
                            tm.year = val;
                            tmask = m(YEAR);
                        }
                        Unit::Month => {
                            if fmask & m(MONTH) != 0 && fmask & m(HOUR) != 0 {
                                tm.min = val;
                                tmask = m(MINUTE);
                            } else {
                                tm.mon = val;
                                tmask = m(MONTH);
                            }
                        }
                        Unit::Day => {
                            tm.mday = val;
                            tmask = m(DAY);
                        }
                        Unit::Hour => {
                            tm.hour = val;
                            tmask = m(HOUR);
                        }
                        Unit::Minute => {
                            tm.min = val;
                            tmask = m(MINUTE);
                        }
                        Unit::Second => {
                            tm.sec = val;
                            tmask = m(SECOND);
                            if rest.starts_with('.') {
                                tm.fsec = parse_frac_second(rest)?;
                                tmask = ALL_SECS_M;
                            }
                        }
                        Unit::Julian => {
                            if val < 0 {
                                return Err(DtErr::FieldOverflow);
                            }
                            tmask = DATE_M;
                            let (y, mo, d) = j2date(val as i64);
                            tm.year = y;
                            tm.mon = mo;
                            tm.mday = d;
                            isjulian = true;
                            if rest.starts_with('.') {
                                let (fr, _, _) = strtod(rest);
                                let t = (fr * USECS_PER_DAY as f64) as i64;
                                let (h, mi, s, fs) = dt2time(t);
                                tm.hour = h;
                                tm.min = mi;
                                tm.sec = s;
                                tm.fsec = fs;
                                tmask |= TIME_M;
                            }
                        }
                        Unit::Time => {
                            let (tm2, _) =
                                decode_number_field(f, fmask | DATE_M, &mut tm, &mut is2digits)?;
                            tmask = tm2;
                            if tmask != TIME_M {
                                return Err(DtErr::BadFormat);
                            }
                        }
                        _ => return Err(DtErr::BadFormat),
                    }
                    ptype = None;
                    dtype = DType::Date;
                } else {
                    let flen = f.len();
                    let dot = f.find('.');
                    if dot.is_some() && fmask & DATE_M == 0 {
                        tmask = decode_date(&cx, f, fmask, &mut is2digits, &mut tm)?;
                    } else if dot.is_some_and(|d| d > 2)
                        || (flen >= 6 && (fmask & DATE_M == 0 || fmask & TIME_M == 0))
                    {
                        tmask = decode_number_field(f, fmask, &mut tm, &mut is2digits)?.0;
                    } else {
                        tmask =
                            decode_number(&cx, f, have_text_month, fmask, &mut tm, &mut is2digits)?;
                    }
                }
            }
            Ft::String | Ft::Special => {
                if let Some(zname) = dyn_abbrev(f) {
                    if !want_tz {
                        return Err(DtErr::BadFormat);
                    }
                    tmask = m(DYNTZ) | m(TZ);
                    abbrev_tz = lookup_zone(zname).map(|z| (f.clone(), z));
                } else if let Some((off, dst)) = tz_abbrev(f) {
                    if !want_tz {
                        return Err(DtErr::BadFormat);
                    }
                    tmask = m(TZ);
                    if dst {
                        tmask |= m(DTZ);
                    }
                    tm.isdst = dst as i32;
                    tz = -off;
                } else {
                    let tok = date_token(f);
                    match tok {
                        Some(Tok::Ignore) => continue,
                        Some(Tok::Reserv(r)) => {
                            tmask = m(RESERV);
                            match r {
                                Reserv::Current => {
                                    return Err(DtErr::Pg(common::pg_err!(
                                        FEATURE_NOT_SUPPORTED,
                                        "date/time value \"current\" is no longer supported"
                                    )))
                                }
                                Reserv::Now => {
                                    tmask = DATE_M | TIME_M | m(TZ);
                                    dtype = DType::Date;
                                    let (t, z) = current_tm(env);
                                    tm = t;
                                    tz = z;
                                }
                                Reserv::Yesterday | Reserv::Today | Reserv::Tomorrow => {
                                    tmask = DATE_M;
                                    dtype = DType::Date;
                                    let (cur, _) = current_tm(env);
                                    let delta = match r {
                                        Reserv::Yesterday => -1,
                                        Reserv::Tomorrow => 1,
                                        _ => 0,
                                    };
                                    let (y, mo, d) =
                                        j2date(date2j(cur.year, cur.mon, cur.mday) + delta);
                                    tm.year = y;
                                    tm.mon = mo;
                                    tm.mday = d;
                                }
                                Reserv::Zulu => {
                                    tmask = TIME_M | m(TZ);
                                    dtype = DType::Date;
                                    tm.hour = 0;
                                    tm.min = 0;
                                    tm.sec = 0;
                                    tz = 0;
                                }
                                Reserv::Epoch => dtype = DType::Epoch,
                                Reserv::Late => dtype = DType::Late,
                                Reserv::Early => dtype = DType::Early,
                                Reserv::Invalid => dtype = DType::Invalid,
                            }
                        }
                        Some(Tok::Month(mo)) => {
                            tmask = m(MONTH);
                            if fmask & m(MONTH) != 0
                                && !have_text_month
                                && fmask & m(DAY) == 0
                                && (1..=31).contains(&tm.mon)
                            {
                                tm.mday = tm.mon;
                                tmask = m(DAY);
                            }
                            have_text_month = true;
                            tm.mon = mo;
                        }
                        Some(Tok::DtzMod(v)) => {
                            tmask = m(DTZMOD) | m(DTZ);
                            tm.isdst = 1;
                            if !want_tz {
                                return Err(DtErr::BadFormat);
                            }
                            tz -= v;
                        }
                        Some(Tok::AmPm(v)) => {
                            tmask = m(AMPM);
                            mer = v;
                        }
                        Some(Tok::AdBc(v)) => {
                            tmask = m(ADBC);
                            bc = v;
                        }
                        Some(Tok::Dow(_)) => tmask = m(DOW),
                        Some(Tok::Units(u)) => {
                            tmask = 0;
                            ptype = Some(u);
                        }
                        Some(Tok::IsoTime) => {
                            tmask = 0;
                            if fmask & DATE_M != DATE_M {
                                return Err(DtErr::BadFormat);
                            }
                            if i + 1 >= nf
                                || !matches!(fields[i + 1].1, Ft::Number | Ft::Time | Ft::Date)
                            {
                                return Err(DtErr::BadFormat);
                            }
                            ptype = Some(Unit::Time);
                        }
                        Some(Tok::Ago) => return Err(DtErr::BadFormat),
                        None => {
                            let Some(z) = lookup_zone(f) else {
                                return Err(DtErr::BadFormat);
                            };
                            named_tz = Some(z);
                            tmask = m(TZ);
                        }
                    }
                }
            }
        }
        if tmask & fmask != 0 {
            return Err(DtErr::BadFormat);
        }
        fmask |= tmask;
    }
    validate_date(fmask, isjulian, is2digits, bc, &mut tm)?;
    if mer != 2 && tm.hour > 12 {
        return Err(DtErr::FieldOverflow);
    }
    if mer == 0 && tm.hour == 12 {
        tm.hour = 0;
    } else if mer == 1 && tm.hour != 12 {
        tm.hour += 12;
    }
    if dtype == DType::Date {
        if fmask & DATE_M != DATE_M {
            return Err(DtErr::BadFormat);
        }
        if let Some(z) = named_tz {
            if fmask & m(DTZMOD) != 0 {
                return Err(DtErr::BadFormat);
            }
            tz = determine_tz_offset(&mut tm, &z);
        }
        if let Some((ab, z)) = abbrev_tz {
            if fmask & m(DTZMOD) != 0 {
                return Err(DtErr::BadFormat);
            }
            tz = determine_abbrev_offset(&mut tm, &ab, &z);
        }
        if want_tz && fmask & m(TZ) == 0 {
            if fmask & m(DTZMOD) != 0 {
                return Err(DtErr::BadFormat);
            }
            tz = determine_tz_offset(&mut tm, &env.timezone);
        }
    }
    Ok((dtype, tm, tz))
}

/// DecodeTimeOnly (for time and timetz). Returns (tm, tz seconds west).
pub fn decode_time_only(fields: &[(String, Ft)], env: &SessionEnv) -> DtResult<(Tm, i32)> {
    let cx = Ctx {
        date_order: env.date_order,
    };
    let mut tm = Tm {
        isdst: -1,
        ..Default::default()
    };
    let mut tz: i32 = 0;
    let mut fmask: u32 = 0;
    let mut isjulian = false;
    let mut is2digits = false;
    let mut bc = false;
    let mut ptype: Option<Unit> = None;
    let mut mer: i32 = 2;
    let mut named_tz: Option<TimeZone> = None;
    let nf = fields.len();
    for i in 0..nf {
        let (ref f, ft) = fields[i];
        let tmask: u32;
        match ft {
            Ft::Date => {
                if i == 0 && nf >= 2 && (fields[nf - 1].1 == Ft::Date || fields[1].1 == Ft::Time) {
                    tmask = decode_date(&cx, f, fmask, &mut is2digits, &mut tm)?;
                } else if f.as_bytes()[0].is_ascii_digit() {
                    if fmask & TIME_M == TIME_M {
                        return Err(DtErr::BadFormat);
                    }
                    let Some(dash) = f.find('-') else {
                        return Err(DtErr::BadFormat);
                    };
                    tz = decode_timezone(&f[dash..])?;
                    let (t2, _) =
                        decode_number_field(&f[..dash], fmask | DATE_M, &mut tm, &mut is2digits)?;
                    tmask = t2 | m(TZ);
                } else {
                    let Some(z) = lookup_zone(f) else {
                        return Err(DtErr::Pg(common::pg_err!(
                            INVALID_PARAMETER_VALUE,
                            "time zone \"{}\" not recognized",
                            f
                        )));
                    };
                    named_tz = Some(z);
                    tmask = m(TZ);
                }
            }
            Ft::Time => {
                if ptype.is_some() {
                    if ptype != Some(Unit::Time) {
                        return Err(DtErr::BadFormat);
                    }
                    ptype = None;
                }
                tmask = decode_time(f, INTERVAL_FULL_RANGE, &mut tm)?;
            }
            Ft::Tz => {
                tz = decode_timezone(f)?;
                tmask = m(TZ);
            }
            Ft::Number => {
                if let Some(pt) = ptype {
                    let (val, rest, _) = strtoint(f)?;
                    if rest.starts_with('.') {
                        if !matches!(pt, Unit::Julian | Unit::Time | Unit::Second) {
                            return Err(DtErr::BadFormat);
                        }
                    } else if !rest.is_empty() {
                        return Err(DtErr::BadFormat);
                    }
                    match pt {
                        Unit::Year => {
                            tm.year = val;
                            tmask = m(YEAR);
                        }
                        Unit::Month => {
                            if fmask & m(MONTH) != 0 && fmask & m(HOUR) != 0 {
                                tm.min = val;
                                tmask = m(MINUTE);
                            } else {
                                tm.mon = val;
                                tmask = m(MONTH);
                            }
                        }
                        Unit::Day => {
                            tm.mday = val;
                            tmask = m(DAY);
                        }
                        Unit::Hour => {
                            tm.hour = val;
                            tmask = m(HOUR);
                        }
                        Unit::Minute => {
                            tm.min = val;
                            tmask = m(MINUTE);
                        }
                        Unit::Second => {
                            tm.sec = val;
                            let mut t = m(SECOND);
                            if rest.starts_with('.') {
                                tm.fsec = parse_frac_second(rest)?;
                                t = ALL_SECS_M;
                            }
                            tmask = t;
                        }
                        Unit::Julian => {
                            if val < 0 {
                                return Err(DtErr::FieldOverflow);
                            }
                            let (y, mo, d) = j2date(val as i64);
                            tm.year = y;
                            tm.mon = mo;
                            tm.mday = d;
                            isjulian = true;
                            let mut t = DATE_M;
                            if rest.starts_with('.') {
                                let (fr, _, _) = strtod(rest);
                                let tt = (fr * USECS_PER_DAY as f64) as i64;
                                let (h, mi, s, fs) = dt2time(tt);
                                tm.hour = h;
                                tm.min = mi;
                                tm.sec = s;
                                tm.fsec = fs;
                                t |= TIME_M;
                            }
                            tmask = t;
                        }
                        Unit::Time => {
                            let (t2, _) =
                                decode_number_field(f, fmask | DATE_M, &mut tm, &mut is2digits)?;
                            if t2 != TIME_M {
                                return Err(DtErr::BadFormat);
                            }
                            tmask = t2;
                        }
                        _ => return Err(DtErr::BadFormat),
                    }
                    ptype = None;
                } else {
                    let flen = f.len();
                    if let Some(dot) = f.find('.') {
                        if i == 0 && nf >= 2 && fields[nf - 1].1 == Ft::Date {
                            tmask = decode_date(&cx, f, fmask, &mut is2digits, &mut tm)?;
                        } else if dot > 2 {
                            tmask =
                                decode_number_field(f, fmask | DATE_M, &mut tm, &mut is2digits)?.0;
                        } else {
                            return Err(DtErr::BadFormat);
                        }
                    } else if flen > 4 {
                        tmask = decode_number_field(f, fmask | DATE_M, &mut tm, &mut is2digits)?.0;
                    } else {
                        tmask =
                            decode_number(&cx, f, false, fmask | DATE_M, &mut tm, &mut is2digits)?;
                    }
                }
            }
            Ft::String | Ft::Special => {
                if let Some((off, dst)) = tz_abbrev(f) {
                    let mut t = m(TZ);
                    if dst {
                        t |= m(DTZ);
                    }
                    tm.isdst = dst as i32;
                    tz = -off;
                    tmask = t;
                } else {
                    match date_token(f) {
                        Some(Tok::Ignore) => continue,
                        Some(Tok::Reserv(Reserv::Now)) => {
                            tmask = TIME_M;
                            let (t, _) = current_tm(env);
                            tm.hour = t.hour;
                            tm.min = t.min;
                            tm.sec = t.sec;
                            tm.fsec = t.fsec;
                        }
                        Some(Tok::Reserv(Reserv::Zulu)) => {
                            tmask = TIME_M | m(TZ);
                            tm.hour = 0;
                            tm.min = 0;
                            tm.sec = 0;
                            tm.fsec = 0;
                            tm.isdst = 0;
                            tz = 0;
                        }
                        Some(Tok::Reserv(Reserv::Current)) => {
                            return Err(DtErr::Pg(common::pg_err!(
                                FEATURE_NOT_SUPPORTED,
                                "date/time value \"current\" is no longer supported"
                            )))
                        }
                        Some(Tok::DtzMod(v)) => {
                            tmask = m(DTZMOD) | m(DTZ);
                            tm.isdst = 1;
                            tz -= v;
                        }
                        Some(Tok::AmPm(v)) => {
                            tmask = m(AMPM);
                            mer = v;
                        }
                        Some(Tok::AdBc(v)) => {
                            tmask = m(ADBC);
                            bc = v;
                        }
                        Some(Tok::Units(u)) => {
                            tmask = 0;
                            ptype = Some(u);
                        }
                        Some(Tok::IsoTime) => {
                            tmask = 0;
                            if i + 1 >= nf
                                || !matches!(fields[i + 1].1, Ft::Number | Ft::Time | Ft::Date)
                            {
                                return Err(DtErr::BadFormat);
                            }
                            ptype = Some(Unit::Time);
                        }
                        None => {
                            let Some(z) = lookup_zone(f) else {
                                return Err(DtErr::BadFormat);
                            };
                            named_tz = Some(z);
                            tmask = m(TZ);
                        }
                        _ => return Err(DtErr::BadFormat),
                    }
                }
            }
        }
        if tmask & fmask != 0 {
            return Err(DtErr::BadFormat);
        }
        fmask |= tmask;
    }
    validate_date(fmask, isjulian, is2digits, bc, &mut tm)?;
    if mer != 2 && tm.hour > 12 {
        return Err(DtErr::FieldOverflow);
    }
    if mer == 0 && tm.hour == 12 {
        tm.hour = 0;
    } else if mer == 1 && tm.hour != 12 {
        tm.hour += 12;
    }
    if tm.hour < 0
        || tm.min < 0
        || tm.min > 59
        || tm.sec < 0
        || tm.sec > 60
        || tm.fsec < 0
        || tm.fsec > USECS_PER_SEC
        || time2t(tm.hour, tm.min, tm.sec, tm.fsec) > USECS_PER_DAY
    {
        return Err(DtErr::FieldOverflow);
    }
    if fmask & TIME_M == 0 {
        return Err(DtErr::BadFormat);
    }
    let zone = match named_tz {
        Some(z) => {
            if fmask & m(DTZMOD) != 0 {
                return Err(DtErr::BadFormat);
            }
            if let Ok(off) = z.to_fixed_offset() {
                tz = -off.seconds();
                None
            } else {
                if fmask & DATE_M != DATE_M {
                    return Err(DtErr::BadFormat);
                }
                Some(z)
            }
        }
        None if fmask & m(TZ) == 0 => {
            if fmask & m(DTZMOD) != 0 {
                return Err(DtErr::BadFormat);
            }
            Some(env.timezone.clone())
        }
        None => None,
    };
    if let Some(z) = zone {
        let mut tmp = if fmask & DATE_M == 0 {
            current_tm(env).0
        } else {
            Tm {
                year: tm.year,
                mon: tm.mon,
                mday: tm.mday,
                ..Default::default()
            }
        };
        tmp.hour = tm.hour;
        tmp.min = tm.min;
        tmp.sec = tm.sec;
        tz = determine_tz_offset(&mut tmp, &z);
        tm.isdst = tmp.isdst;
    }
    Ok((tm, tz))
}

// ---------------------------------------------------------------------------------------------
// Intervals

/// Interval typmod range bits (PostgreSQL's INTERVAL_MASK).
pub const fn imask(bit: u32) -> i32 {
    1 << bit
}
pub const INTERVAL_FULL_RANGE: i32 = 0x7FFF;

fn adjust_fract_seconds(frac: f64, tm: &mut Tm, scale: f64) {
    if frac == 0.0 {
        return;
    }
    let frac = frac * scale;
    let sec = frac as i32;
    tm.sec = tm.sec.wrapping_add(sec);
    let frac = frac - sec as f64;
    tm.fsec = tm
        .fsec
        .saturating_add((frac * 1_000_000.0).round_ties_even() as i64);
}

fn adjust_fract_days(frac: f64, tm: &mut Tm, scale: f64) {
    if frac == 0.0 {
        return;
    }
    let frac = frac * scale;
    let days = frac as i32;
    tm.mday = tm.mday.wrapping_add(days);
    adjust_fract_seconds(frac - days as f64, tm, SECS_PER_DAY as f64);
}

/// DecodeInterval for PostgreSQL / SQL-standard style input. Returns (dtype, tm) where tm holds
/// the interval components (year, mon, mday, hour, min, sec, fsec).
pub fn decode_interval(
    fields: &[(String, Ft)],
    range: i32,
    style: IntervalStyle,
) -> DtResult<(DType, Tm)> {
    let mut tm = Tm::default();
    let mut dtype = DType::Delta;
    let mut fmask: u32 = 0;
    let mut is_before = false;
    let mut typ: Option<Unit> = None;
    let nf = fields.len();
    for i in (0..nf).rev() {
        let (ref f, ft) = fields[i];
        let mut tmask: u32 = 0;
        let mut numeric = false;
        match ft {
            Ft::Time => {
                tmask = decode_time(f, range, &mut tm)?;
                typ = Some(Unit::Day);
            }
            Ft::Tz => {
                let mut t2 = tm.clone();
                if f[1..].contains(':') && decode_time(&f[1..], range, &mut t2).is_ok() {
                    tm = t2;
                    tmask = TIME_M;
                    if f.starts_with('-') {
                        tm.hour = -tm.hour;
                        tm.min = -tm.min;
                        tm.sec = -tm.sec;
                        tm.fsec = -tm.fsec;
                    }
                    typ = Some(Unit::Day);
                } else {
                    numeric = true;
                }
            }
            Ft::Date | Ft::Number => numeric = true,
            Ft::String | Ft::Special => match delta_token(f) {
                Some(Tok::Ignore) => continue,
                Some(Tok::Units(u)) => typ = Some(u),
                Some(Tok::Ago) => {
                    is_before = true;
                    // PostgreSQL sets type to the AGO token's value (DTK_AGO), which is no unit.
                    typ = None;
                }
                Some(Tok::Reserv(_)) => {
                    tmask = DATE_M | TIME_M;
                    dtype = DType::Invalid;
                }
                _ => return Err(DtErr::BadFormat),
            },
        }
        if numeric {
            let t = match typ {
                Some(t) => t,
                None => {
                    if is_before && i + 1 < nf && delta_token(&fields[i + 1].0) == Some(Tok::Ago) {
                        // "N ago" with no unit: PostgreSQL's DTK_AGO type is rejected.
                        return Err(DtErr::BadFormat);
                    }
                    match range {
                        r if r == imask(YEAR) => Unit::Year,
                        r if r == imask(MONTH) || r == imask(YEAR) | imask(MONTH) => Unit::Month,
                        r if r == imask(DAY) => Unit::Day,
                        r if r == imask(HOUR) || r == imask(DAY) | imask(HOUR) => Unit::Hour,
                        r if r == imask(MINUTE)
                            || r == imask(HOUR) | imask(MINUTE)
                            || r == imask(DAY) | imask(HOUR) | imask(MINUTE) =>
                        {
                            Unit::Minute
                        }
                        _ => Unit::Second,
                    }
                }
            };
            let mut t = t;
            let (mut val, rest, _) = strtoint(f)?;
            let fval: f64;
            if let Some(r) = rest.strip_prefix('-') {
                let (val2, rest2, _) = strtoint(r)?;
                if !(0..12).contains(&val2) {
                    return Err(DtErr::FieldOverflow);
                }
                if !rest2.is_empty() {
                    return Err(DtErr::BadFormat);
                }
                t = Unit::Month;
                let val2 = if f.starts_with('-') { -val2 } else { val2 };
                let total = val as f64 * 12.0 + val2 as f64;
                if total > i32::MAX as f64 || total < i32::MIN as f64 {
                    return Err(DtErr::FieldOverflow);
                }
                val = val * 12 + val2;
                fval = 0.0;
            } else if rest.starts_with('.') {
                let (fv, r2, ok) = strtod(rest);
                if !r2.is_empty() || !ok {
                    return Err(DtErr::BadFormat);
                }
                fval = if f.starts_with('-') { -fv } else { fv };
            } else if rest.is_empty() {
                fval = 0.0;
            } else {
                return Err(DtErr::BadFormat);
            }
            let v64 = val as i64;
            match t {
                Unit::Microsec => {
                    tm.fsec = tm
                        .fsec
                        .saturating_add((val as f64 + fval).round_ties_even() as i64);
                    tmask = m(MICROSECOND);
                }
                Unit::Millisec => {
                    tm.sec = tm.sec.wrapping_add(val / 1000);
                    let v = val - (val / 1000) * 1000;
                    tm.fsec = tm
                        .fsec
                        .saturating_add(((v as f64 + fval) * 1000.0).round_ties_even() as i64);
                    tmask = m(MILLISECOND);
                }
                Unit::Second => {
                    tm.sec = tm.sec.wrapping_add(val);
                    tm.fsec = tm
                        .fsec
                        .saturating_add((fval * 1_000_000.0).round_ties_even() as i64);
                    tmask = if fval == 0.0 { m(SECOND) } else { ALL_SECS_M };
                }
                Unit::Minute => {
                    tm.min = tm.min.wrapping_add(val);
                    adjust_fract_seconds(fval, &mut tm, 60.0);
                    tmask = m(MINUTE);
                }
                Unit::Hour => {
                    tm.hour = tm.hour.wrapping_add(val);
                    adjust_fract_seconds(fval, &mut tm, 3600.0);
                    tmask = m(HOUR);
                    typ = Some(Unit::Day);
                }
                Unit::Day => {
                    tm.mday = tm.mday.wrapping_add(val);
                    adjust_fract_seconds(fval, &mut tm, SECS_PER_DAY as f64);
                    tmask = m(DAY);
                }
                Unit::Week => {
                    tm.mday = ck32(tm.mday as i64 + v64 * 7)?;
                    adjust_fract_days(fval, &mut tm, 7.0);
                    tmask = m(WEEK);
                }
                Unit::Month => {
                    tm.mon = tm.mon.wrapping_add(val);
                    adjust_fract_days(fval, &mut tm, DAYS_PER_MONTH as f64);
                    tmask = m(MONTH);
                }
                Unit::Year | Unit::Decade | Unit::Century | Unit::Millennium => {
                    let mult: i64 = match t {
                        Unit::Year => 1,
                        Unit::Decade => 10,
                        Unit::Century => 100,
                        _ => 1000,
                    };
                    tm.year = ck32(tm.year as i64 + v64 * mult)?;
                    if fval != 0.0 {
                        tm.mon = (tm.mon as f64 + fval * 12.0 * mult as f64) as i32;
                    }
                    tmask = m(match t {
                        Unit::Year => YEAR,
                        Unit::Decade => DECADE,
                        Unit::Century => CENTURY,
                        _ => MILLENNIUM,
                    });
                }
                _ => return Err(DtErr::BadFormat),
            }
        }
        if tmask & fmask != 0 {
            return Err(DtErr::BadFormat);
        }
        fmask |= tmask;
    }
    if fmask == 0 {
        return Err(DtErr::BadFormat);
    }
    if tm.fsec != 0 {
        let sec = tm.fsec / USECS_PER_SEC;
        tm.fsec -= sec * USECS_PER_SEC;
        tm.sec = ck32(tm.sec as i64 + sec)?;
    }
    if style == IntervalStyle::SqlStandard && fields.first().is_some_and(|f| f.0.starts_with('-')) {
        let more = fields[1..]
            .iter()
            .any(|f| f.0.starts_with('-') || f.0.starts_with('+'));
        if !more {
            tm.fsec = -tm.fsec.abs();
            tm.sec = -tm.sec.abs();
            tm.min = -tm.min.abs();
            tm.hour = -tm.hour.abs();
            tm.mday = -tm.mday.abs();
            tm.mon = -tm.mon.abs();
            tm.year = -tm.year.abs();
        }
    }
    if is_before {
        tm.fsec = -tm.fsec;
        tm.sec = tm.sec.wrapping_neg();
        tm.min = tm.min.wrapping_neg();
        tm.hour = tm.hour.wrapping_neg();
        tm.mday = tm.mday.wrapping_neg();
        tm.mon = tm.mon.wrapping_neg();
        tm.year = tm.year.wrapping_neg();
    }
    Ok((dtype, tm))
}

fn ck32(v: i64) -> DtResult<i32> {
    i32::try_from(v).map_err(|_| DtErr::FieldOverflow)
}

/// DecodeISO8601Interval: "P1Y2M3DT4H5M6S", "P0001-02-03T04:05:06", "PT1.5H" ...
pub fn decode_iso8601_interval(s: &str) -> DtResult<Tm> {
    let mut tm = Tm::default();
    let b = s.as_bytes();
    if b.len() < 2 || b[0] != b'P' || !s.is_ascii() {
        return Err(DtErr::BadFormat);
    }
    let mut i = 1;
    let mut datepart = true;
    let mut havefield = false;
    // Reads a signed number with optional fraction: (int part, fraction, next index).
    let read = |i: usize| -> DtResult<(i32, f64, usize)> {
        let rest = &s[i..];
        let (v, r, ok) = strtoint(rest)?;
        let mut fval = 0.0;
        let mut r = r;
        if r.starts_with('.') {
            let (fv, r2, _) = strtod(r);
            fval = if rest.starts_with('-') { -fv } else { fv };
            r = r2;
        } else if !ok {
            return Err(DtErr::BadFormat);
        }
        if !ok && fval == 0.0 && !rest.starts_with('.') {
            return Err(DtErr::BadFormat);
        }
        Ok((v, fval, s.len() - r.len()))
    };
    while i < b.len() {
        if b[i] == b'T' {
            datepart = false;
            havefield = false;
            i += 1;
            continue;
        }
        let start = i;
        let (val, fval, ni) = read(i)?;
        i = ni;
        let unit = if i < b.len() { b[i] } else { 0 };
        if i < b.len() {
            i += 1;
        }
        if datepart {
            match unit {
                b'Y' => {
                    tm.year = tm.year.wrapping_add(val);
                    tm.mon = (tm.mon as f64 + fval * 12.0) as i32;
                }
                b'M' => {
                    tm.mon = tm.mon.wrapping_add(val);
                    adjust_fract_days(fval, &mut tm, DAYS_PER_MONTH as f64);
                }
                b'W' => {
                    tm.mday = ck32(tm.mday as i64 + val as i64 * 7)?;
                    adjust_fract_days(fval, &mut tm, 7.0);
                }
                b'D' => {
                    tm.mday = tm.mday.wrapping_add(val);
                    adjust_fract_seconds(fval, &mut tm, SECS_PER_DAY as f64);
                }
                b'T' | 0 => {
                    // Alternative format: YYYY-MM-DD or YYYYMMDD.
                    if unit == b'T' {
                        i -= 1;
                    }
                    if havefield {
                        return Err(DtErr::BadFormat);
                    }
                    let txt = &s[start..ni];
                    if !txt.contains('-') && txt.len() >= 8 && fval == 0.0 {
                        // YYYYMMDD
                        tm.year += val / 10000;
                        tm.mon += (val / 100) % 100;
                        tm.mday += val % 100;
                    } else {
                        tm.year = tm.year.wrapping_add(val);
                        adjust_fract_days(fval, &mut tm, 365.0);
                    }
                }
                b'-' => {
                    if havefield {
                        return Err(DtErr::BadFormat);
                    }
                    tm.year = tm.year.wrapping_add(val);
                    tm.mon = (tm.mon as f64 + fval * 12.0) as i32;
                    let (v2, f2, n2) = read(i)?;
                    i = n2;
                    tm.mon = tm.mon.wrapping_add(v2);
                    adjust_fract_days(f2, &mut tm, DAYS_PER_MONTH as f64);
                    if i < b.len() && b[i] == b'-' {
                        i += 1;
                        let (v3, f3, n3) = read(i)?;
                        i = n3;
                        tm.mday = tm.mday.wrapping_add(v3);
                        adjust_fract_seconds(f3, &mut tm, SECS_PER_DAY as f64);
                    }
                    if i < b.len() && b[i] != b'T' {
                        return Err(DtErr::BadFormat);
                    }
                }
                _ => return Err(DtErr::BadFormat),
            }
        } else {
            match unit {
                b'H' => {
                    tm.hour = tm.hour.wrapping_add(val);
                    adjust_fract_seconds(fval, &mut tm, 3600.0);
                }
                b'M' => {
                    tm.min = tm.min.wrapping_add(val);
                    adjust_fract_seconds(fval, &mut tm, 60.0);
                }
                b'S' => {
                    tm.sec = tm.sec.wrapping_add(val);
                    adjust_fract_seconds(fval, &mut tm, 1.0);
                }
                0 if s[start..ni].trim_start_matches(['-', '+']).len() <= 2 => {
                    if havefield {
                        return Err(DtErr::BadFormat);
                    }
                    // Extended format with the hour only.
                    tm.hour = tm.hour.wrapping_add(val);
                    adjust_fract_seconds(fval, &mut tm, 3600.0);
                }
                0 => {
                    if havefield {
                        return Err(DtErr::BadFormat);
                    }
                    // hhmmss
                    tm.hour += val / 10000;
                    tm.min += (val / 100) % 100;
                    tm.sec += val % 100;
                    adjust_fract_seconds(fval, &mut tm, 1.0);
                }
                b':' => {
                    if havefield {
                        return Err(DtErr::BadFormat);
                    }
                    tm.hour = tm.hour.wrapping_add(val);
                    adjust_fract_seconds(fval, &mut tm, 3600.0);
                    let (v2, f2, n2) = read(i)?;
                    i = n2;
                    tm.min = tm.min.wrapping_add(v2);
                    adjust_fract_seconds(f2, &mut tm, 60.0);
                    if i < b.len() && b[i] == b':' {
                        i += 1;
                        let (v3, f3, n3) = read(i)?;
                        i = n3;
                        tm.sec = tm.sec.wrapping_add(v3);
                        adjust_fract_seconds(f3, &mut tm, 1.0);
                    }
                    if i < b.len() {
                        return Err(DtErr::BadFormat);
                    }
                }
                _ => return Err(DtErr::BadFormat),
            }
        }
        havefield = true;
    }
    if tm.fsec != 0 {
        let sec = tm.fsec / USECS_PER_SEC;
        tm.fsec -= sec * USECS_PER_SEC;
        tm.sec = tm.sec.wrapping_add(sec as i32);
    }
    Ok(tm)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_split() {
        let f = parse_fields("1997-02-10 17:32:01-08").unwrap();
        assert_eq!(f.len(), 3);
        assert_eq!(f[0].1, Ft::Date);
        assert_eq!(f[1].1, Ft::Time);
        assert_eq!(f[2], ("-08".to_string(), Ft::Tz));
        let f = parse_fields("19970210 173201 America/New_York").unwrap();
        assert_eq!(f[2], ("america/new_york".to_string(), Ft::Date));
        let f = parse_fields("J2452271").unwrap();
        assert_eq!(f[0], ("j".to_string(), Ft::String));
    }
}
