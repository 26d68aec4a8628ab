//! Value checks that need more than the generic type rules: DateStyle normalization, time zone
//! names, encoding names, text-search/abbreviation file names.

use std::path::{Path, PathBuf};

/// Normalize a DateStyle value given the current one ("ISO, MDY"); None if invalid. PostgreSQL
/// keeps the current style/order for any part the new value leaves out.
pub fn check_datestyle(value: &str, current: &str, boot: &str) -> Option<String> {
    let (cur_style, cur_order) = split_datestyle(current).unwrap_or(("ISO", "MDY"));
    let mut style: Option<&str> = None;
    let mut order: Option<&str> = None;
    let mut conflict = false;
    for tok in value
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|t| !t.is_empty())
    {
        let t = tok.to_ascii_lowercase();
        let (s, o): (Option<&str>, Option<&str>) = match t.as_str() {
            "iso" => (Some("ISO"), None),
            "sql" => (Some("SQL"), None),
            "postgres" => (Some("Postgres"), None),
            "german" => (Some("German"), None),
            "ymd" => (None, Some("YMD")),
            "dmy" | "euro" | "european" => (None, Some("DMY")),
            "mdy" | "us" | "noneuro" | "noneuropean" => (None, Some("MDY")),
            "default" => {
                let (bs, bo) = split_datestyle(boot).unwrap_or(("ISO", "MDY"));
                (Some(bs), Some(bo))
            }
            _ => return None,
        };
        if let Some(s) = s {
            if style.is_some_and(|x| x != s) {
                conflict = true;
            }
            style = Some(s);
        }
        if let Some(o) = o {
            if order.is_some_and(|x| x != o) {
                conflict = true;
            }
            order = Some(o);
        }
    }
    if conflict {
        return None;
    }
    let new_style = style.unwrap_or(cur_style);
    let new_order = match order {
        Some(o) => o,
        None if style == Some("German") => "DMY",
        None => cur_order,
    };
    Some(format!("{new_style}, {new_order}"))
}

fn split_datestyle(v: &str) -> Option<(&'static str, &'static str)> {
    let mut parts = v.split(", ");
    let s = match parts.next()? {
        "ISO" => "ISO",
        "SQL" => "SQL",
        "Postgres" => "Postgres",
        "German" => "German",
        _ => return None,
    };
    let o = match parts.next()? {
        "MDY" => "MDY",
        "DMY" => "DMY",
        "YMD" => "YMD",
        _ => return None,
    };
    Some((s, o))
}

const ZONEINFO: &str = "/usr/share/zoneinfo";

/// Canonical spelling of a time zone name, or None if unknown. Accepts UTC/GMT, numeric hour
/// offsets, POSIX-style "<abbr>offset" strings and any zone under /usr/share/zoneinfo (matched
/// case-insensitively).
pub fn check_timezone(value: &str) -> Option<String> {
    let v = value.trim();
    if v.is_empty() {
        return None;
    }
    if v.eq_ignore_ascii_case("utc") {
        return Some("UTC".into());
    }
    if v.eq_ignore_ascii_case("gmt") {
        return Some("GMT".into());
    }
    // A plain number is an hour offset (PostgreSQL shows it as given).
    if v.parse::<f64>().is_ok_and(|h| h.abs() <= 168.0) {
        return Some(v.to_string());
    }
    if v.starts_with('<') && v.contains('>') {
        return Some(v.to_string());
    }
    // A bare POSIX offset such as "+02:00" or "-00:30".
    if v.contains(':')
        && v.trim_start_matches(['+', '-'])
            .split(':')
            .all(|p| !p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit()))
        && v.split(':').count() <= 3
    {
        return Some(v.to_string());
    }
    if v.contains("..") || v.starts_with('/') || v.contains('\0') {
        return None;
    }
    let base = Path::new(ZONEINFO);
    if !base.is_dir() {
        // No tz database on this system: accept plausible Area/City names.
        let ok = v
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/_+-".contains(c));
        return ok.then(|| v.to_string());
    }
    let mut path = PathBuf::from(base);
    let mut canon = Vec::new();
    for comp in v.split('/') {
        if comp.is_empty() {
            return None;
        }
        let direct = path.join(comp);
        let name = if direct.exists() {
            comp.to_string()
        } else {
            let entries = std::fs::read_dir(&path).ok()?;
            let mut found = None;
            for e in entries.flatten() {
                let n = e.file_name().to_string_lossy().to_string();
                if n.eq_ignore_ascii_case(comp) {
                    found = Some(n);
                    break;
                }
            }
            found?
        };
        path.push(&name);
        canon.push(name);
    }
    if !path.is_file() {
        return None;
    }
    // Reject non-zone files that live in the directory.
    let last = canon.last()?;
    if last.contains('.') || canon[0] == "posixrules" && canon.len() == 1 {
        return None;
    }
    Some(canon.join("/"))
}

/// PostgreSQL encodings with their canonical names, indexed by encoding number.
pub const ENCODINGS: &[&str] = &[
    "SQL_ASCII",
    "EUC_JP",
    "EUC_CN",
    "EUC_KR",
    "EUC_TW",
    "EUC_JIS_2004",
    "UTF8",
    "MULE_INTERNAL",
    "LATIN1",
    "LATIN2",
    "LATIN3",
    "LATIN4",
    "LATIN5",
    "LATIN6",
    "LATIN7",
    "LATIN8",
    "LATIN9",
    "LATIN10",
    "WIN1256",
    "WIN1258",
    "WIN866",
    "WIN874",
    "KOI8R",
    "WIN1251",
    "WIN1252",
    "ISO_8859_5",
    "ISO_8859_6",
    "ISO_8859_7",
    "ISO_8859_8",
    "WIN1250",
    "WIN1253",
    "WIN1254",
    "WIN1255",
    "WIN1257",
    "KOI8U",
    "SJIS",
    "BIG5",
    "GBK",
    "UHC",
    "GB18030",
    "JOHAB",
    "SHIFT_JIS_2004",
];

/// Aliases (normalized: lowercase, no punctuation) of the encodings above.
const ENCODING_ALIASES: &[(&str, &str)] = &[
    ("unicode", "UTF8"),
    ("utf8", "UTF8"),
    ("iso88591", "LATIN1"),
    ("iso88592", "LATIN2"),
    ("iso88593", "LATIN3"),
    ("iso88594", "LATIN4"),
    ("iso88599", "LATIN5"),
    ("iso885910", "LATIN6"),
    ("iso885913", "LATIN7"),
    ("iso885914", "LATIN8"),
    ("iso885915", "LATIN9"),
    ("iso885916", "LATIN10"),
    ("iso88595", "ISO_8859_5"),
    ("iso88596", "ISO_8859_6"),
    ("iso88597", "ISO_8859_7"),
    ("iso88598", "ISO_8859_8"),
    ("koi8", "KOI8R"),
    ("alt", "WIN866"),
    ("win", "WIN1251"),
    ("tcvn", "WIN1258"),
    ("tcvn5712", "WIN1258"),
    ("vscii", "WIN1258"),
    ("abc", "WIN1258"),
    ("shiftjis", "SJIS"),
    ("mskanji", "SJIS"),
    ("windows932", "SJIS"),
    ("windows936", "GBK"),
    ("windows949", "UHC"),
    ("windows950", "BIG5"),
    ("cp936", "GBK"),
    ("cp949", "UHC"),
    ("cp932", "SJIS"),
];

fn normalize_encoding(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Canonical PostgreSQL encoding name for `value` ("utf-8" → "UTF8"), or None.
pub fn canonical_encoding(value: &str) -> Option<&'static str> {
    let n = normalize_encoding(value);
    if n.is_empty() {
        return None;
    }
    if let Some((_, c)) = ENCODING_ALIASES.iter().find(|(a, _)| *a == n) {
        return Some(c);
    }
    if let Some(rest) = n.strip_prefix("windows") {
        let w = format!("win{rest}");
        return ENCODINGS
            .iter()
            .copied()
            .find(|e| normalize_encoding(e) == w);
    }
    ENCODINGS
        .iter()
        .copied()
        .find(|e| normalize_encoding(e) == n)
}

/// timezone_abbreviations files shipped with PostgreSQL.
pub fn check_tz_abbreviations(value: &str) -> Option<String> {
    ["Default", "Australia", "India"]
        .iter()
        .find(|f| **f == value)
        .map(|f| f.to_string())
}

/// Locale names: C, POSIX, the empty string (inherit) or something like "en_US.utf8".
pub fn check_locale(value: &str) -> bool {
    value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "_.@-".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datestyle() {
        assert_eq!(
            check_datestyle("postgres, mdy", "ISO, MDY", "ISO, MDY").as_deref(),
            Some("Postgres, MDY")
        );
        assert_eq!(
            check_datestyle("German", "ISO, MDY", "ISO, MDY").as_deref(),
            Some("German, DMY")
        );
        assert_eq!(
            check_datestyle("ymd", "SQL, DMY", "ISO, MDY").as_deref(),
            Some("SQL, YMD")
        );
        assert_eq!(
            check_datestyle("euro", "ISO, MDY", "ISO, MDY").as_deref(),
            Some("ISO, DMY")
        );
        assert_eq!(check_datestyle("iso, sql", "ISO, MDY", "ISO, MDY"), None);
        assert_eq!(check_datestyle("bogus", "ISO, MDY", "ISO, MDY"), None);
    }

    #[test]
    fn encodings() {
        assert_eq!(canonical_encoding("utf-8"), Some("UTF8"));
        assert_eq!(canonical_encoding("UNICODE"), Some("UTF8"));
        assert_eq!(canonical_encoding("sql_ascii"), Some("SQL_ASCII"));
        assert_eq!(canonical_encoding("latin1"), Some("LATIN1"));
        assert_eq!(canonical_encoding("ISO-8859-1"), Some("LATIN1"));
        assert_eq!(canonical_encoding("windows-1252"), Some("WIN1252"));
        assert_eq!(canonical_encoding("euc_jp"), Some("EUC_JP"));
        assert_eq!(canonical_encoding("klingon"), None);
    }

    #[test]
    fn timezones() {
        assert_eq!(check_timezone("utc").as_deref(), Some("UTC"));
        assert_eq!(check_timezone("-8").as_deref(), Some("-8"));
        assert_eq!(check_timezone("../etc/passwd"), None);
        if Path::new(ZONEINFO).join("Europe/Berlin").exists() {
            assert_eq!(check_timezone("Mars/Olympus_Mons"), None);
            assert_eq!(
                check_timezone("europe/berlin").as_deref(),
                Some("Europe/Berlin")
            );
        }
    }
}
