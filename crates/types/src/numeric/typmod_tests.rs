//! `apply_numeric_typmod`'s no-arithmetic shortcut must give exactly what rounding through
//! `Dec` gives (same sign, weight, digits and display scale) whenever it applies.

use super::*;

fn slow(n: &Numeric, typmod: i32) -> Option<Numeric> {
    let precision = ((typmod - 4) >> 16) & 0xffff;
    let scale = (typmod - 4) & 0xffff;
    let r = Numeric::from_dec(&n.to_dec().round(scale), scale);
    if let Some(w) = r.to_dec().dweight() {
        if w + 1 > precision - scale {
            return None;
        }
    }
    Some(r)
}

fn same(a: &Numeric, b: &Numeric) -> bool {
    a.nan == b.nan && a.neg == b.neg && a.dscale == b.dscale && a.digits == b.digits && {
        a.digits.is_empty() || a.weight == b.weight
    }
}

#[test]
fn shortcut_matches_rounding() {
    let env = SessionEnv::default();
    let mut values: Vec<String> = [
        "0",
        "-0",
        "0.00",
        "1",
        "-1",
        "12.5",
        "12.50",
        "12.345",
        "99999.99",
        "-99999.995",
        "88358041.15",
        "-49337.78",
        "0.01",
        "0.001",
        "0.005",
        "1234567890.12",
        "10000",
        "10000.0001",
        "9999.9999",
        "1e10",
        "123456789012",
        "0.10",
        "5.5000",
        "100",
        "0.0001",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for i in 0..400i64 {
        let cents = (i * 7_919_993 + 13) % 20_000_000_001 - 10_000_000_000;
        values.push(format!("{}.{:02}", cents / 100, (cents % 100).abs()));
        values.push(format!("{}.{:03}", i * 37, i % 1000));
    }
    let typmods: Vec<i32> = [
        (12, 2),
        (10, 0),
        (5, 2),
        (20, 4),
        (3, 3),
        (14, 2),
        (8, 1),
        (30, 10),
    ]
    .iter()
    .map(|&(p, s)| ((p << 16) | s) + 4)
    .collect();
    let mut shortcuts = 0;
    for s in &values {
        let n = match input(NUMERIC, -1, s, &env) {
            Some(Ok(Datum::Numeric(n))) => *n,
            other => panic!("{s}: {other:?}"),
        };
        for &tm in &typmods {
            let precision = ((tm - 4) >> 16) & 0xffff;
            let scale = (tm - 4) & 0xffff;
            let want = slow(&n, tm);
            if let Some(got) = typmod_noop(&n, scale, precision - scale) {
                shortcuts += 1;
                let w = want
                    .as_ref()
                    .unwrap_or_else(|| panic!("{s} {tm}: shortcut on overflow"));
                assert!(same(&got, w), "{s} typmod {tm}: {got:?} vs {w:?}");
            }
            let public = apply_numeric_typmod(&n, tm).ok();
            match (&public, &want) {
                (Some(a), Some(b)) => assert!(same(a, b), "{s} {tm}"),
                (None, None) => {}
                _ => panic!("{s} {tm}: {public:?} vs {want:?}"),
            }
        }
    }
    assert!(shortcuts > 500, "shortcut taken {shortcuts} times");
}

/// `parse`'s general path, bypassing the plain-decimal shortcut.
fn parse_general(s: &str) -> PgResult<Numeric> {
    let n = parse_plain(s);
    assert!(n.is_some() || s.is_empty() || !s.bytes().all(|c| c.is_ascii_digit()));
    // Re-run with a trailing space, which the shortcut declines and the general path ignores.
    parse(&format!("{s} "))
}

#[test]
fn plain_parse_matches_general() {
    let mut inputs: Vec<String> = [
        "0",
        "-0",
        "+0",
        "00",
        "0.0",
        "0.000",
        ".5",
        "5.",
        "-.5",
        "+.25",
        "1",
        "-1",
        "10000",
        "9999",
        "10001",
        "123456789",
        "0.0001",
        "0.00001",
        "000123.4500",
        "-49337.78",
        "88358041.15",
        "1000000000000000000000000",
        "0.000000000000000000001",
        "12345.6789012",
        "99999999.99",
        "-0.00",
        "1.0000",
        "00000.00001",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for i in 0..300u64 {
        let v = i.wrapping_mul(2_654_435_761) % 100_000_000_000;
        inputs.push(format!("{}.{:02}", v / 100, v % 100));
        inputs.push(format!("-{}.{}", v % 1000, v));
        inputs.push(format!("{}", v * 10_000));
        inputs.push(format!("0.{:0>12}", v));
    }
    let mut taken = 0;
    for s in &inputs {
        let general = parse_general(s).map_err(|e| e.message);
        if let Some(n) = parse_plain(s) {
            taken += 1;
            let g = general.as_ref().unwrap_or_else(|e| panic!("{s}: {e}"));
            assert!(same(&n, g), "{s}: {n:?} vs {g:?}");
            assert_eq!(n.to_text(), g.to_text(), "{s}");
            assert_eq!(n.to_disk(), g.to_disk(), "{s}");
        }
    }
    assert_eq!(taken, inputs.len());
    for s in [
        "", "-", ".", "1e5", " 1", "1 ", "1.2.3", "abc", "NaN", "1,5", "--1", "+-1",
    ] {
        assert!(parse_plain(s).is_none(), "{s:?}");
    }
}
