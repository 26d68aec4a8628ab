//! Tests of the char(n)/varchar(n) length fast paths: `fit_length` (ASCII shortcut, bulk
//! padding) and `typmod_is_noop` must agree with the straightforward character-walking
//! definition on many values, ASCII and multibyte.

use super::*;

/// The character-by-character definition `fit_length` must match.
fn fit_ref(s: &str, max: usize, explicit: bool, bpchar: bool) -> Result<String, String> {
    let cut = s.char_indices().nth(max).map(|(i, _)| i).unwrap_or(s.len());
    if cut < s.len() && !explicit && s[cut..].chars().any(|c| c != ' ') {
        return Err(if bpchar {
            format!("value too long for type character({max})")
        } else {
            format!("value too long for type character varying({max})")
        });
    }
    let mut out = s[..cut].to_string();
    if bpchar {
        let n = out.chars().count();
        for _ in n..max {
            out.push(' ');
        }
    }
    Ok(out)
}

fn samples() -> Vec<String> {
    let mut v: Vec<String> = [
        "",
        " ",
        "a",
        "ab",
        "abc",
        "abc ",
        "abc  ",
        "a  b",
        "  ",
        "é",
        "éé",
        "aé ",
        "日本語",
        "日本語 ",
        "日本語x",
        "x日本",
        "   é",
        "ab\u{1F600}",
        "\u{1F600} ",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    v.push("x".repeat(84));
    v.push(format!("{}   ", "y".repeat(100)));
    v.push("é".repeat(90));
    v
}

#[test]
fn fit_length_matches_reference() {
    for s in samples() {
        for max in [0usize, 1, 2, 3, 4, 5, 10, 84, 90, 100, 200] {
            for explicit in [false, true] {
                for bpchar in [false, true] {
                    let got = fit_length(&s, max, explicit, bpchar).map_err(|e| e.message);
                    let want = fit_ref(&s, max, explicit, bpchar);
                    assert_eq!(
                        got, want,
                        "{s:?} max {max} explicit {explicit} bpchar {bpchar}"
                    );
                }
            }
        }
    }
}

#[test]
fn typmod_noop_only_when_unchanged() {
    for s in samples() {
        for max in [0usize, 1, 2, 3, 4, 5, 10, 84, 90, 100, 200] {
            for typ in [VARCHAR, BPCHAR] {
                let d = Datum::Text(s.clone());
                let typmod = max as i32 + 4;
                if typmod_is_noop(typ, &d, typmod) {
                    let r = fit_length(&s, max, false, typ == BPCHAR);
                    assert_eq!(r.ok().as_deref(), Some(s.as_str()), "{s:?} {max} {typ}");
                } else if let Ok(r) = fit_length(&s, max, false, typ == BPCHAR) {
                    assert_ne!(r, s, "{s:?} {max} {typ} is a no-op but not detected");
                }
            }
        }
    }
    assert!(!typmod_is_noop(TEXT, &Datum::Text("a".into()), 10));
    assert!(typmod_is_noop(VARCHAR, &Datum::Text("abc".into()), -1));
}

#[test]
fn apply_typmod_pads_and_checks() {
    let v = crate::io::apply_typmod(BPCHAR, Datum::Text("ab".into()), 8, false).unwrap();
    assert_eq!(v, Datum::Text("ab  ".into()));
    let v = crate::io::apply_typmod(BPCHAR, Datum::Text("abcd".into()), 8, false).unwrap();
    assert_eq!(v, Datum::Text("abcd".into()));
    let e = crate::io::apply_typmod(VARCHAR, Datum::Text("abcde".into()), 8, false).unwrap_err();
    assert_eq!(e.message, "value too long for type character varying(4)");
    let v = crate::io::apply_typmod(VARCHAR, Datum::Text("abcde".into()), 8, true).unwrap();
    assert_eq!(v, Datum::Text("abcd".into()));
}
