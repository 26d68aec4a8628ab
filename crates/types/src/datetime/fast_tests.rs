//! The ISO timestamp fast path must agree with the general parser on every string it accepts,
//! in several session time zones, and decline everything outside its narrow form.

use super::*;

fn envs() -> Vec<SessionEnv> {
    ["UTC", "PST8PDT", "Asia/Kolkata", "Europe/Berlin"]
        .iter()
        .map(|z| SessionEnv {
            timezone: jiff::tz::TimeZone::get(z).unwrap(),
            timezone_name: z.to_string(),
            ..Default::default()
        })
        .collect()
}

fn samples() -> Vec<String> {
    let mut v = Vec::new();
    let dates = [
        "2020-01-01",
        "2020-02-29",
        "2019-02-28",
        "1999-12-31",
        "0001-01-01",
        "1000-06-15",
        "9999-12-31",
        "2000-01-01",
        "1970-01-01",
        "2024-07-04",
        "1900-03-01",
    ];
    let times = ["00:00:00", "23:59:59", "12:34:56", "00:00:26", "07:08:09"];
    let fracs = ["", ".5", ".123456", ".000001", ".9", ".12"];
    let zones = [
        "", "+00", "+00:00", "-08", "+05:30", "-0330", "+14", "-12:45", "+0100",
    ];
    for (i, d) in dates.iter().enumerate() {
        for (j, t) in times.iter().enumerate() {
            let f = fracs[(i + j) % fracs.len()];
            for z in zones {
                v.push(format!("{d} {t}{f}{z}"));
                v.push(format!("{d}T{t}{f}{z}"));
            }
        }
    }
    // Declined by the fast path (the general parser decides).
    for s in [
        "2020-02-30 00:00:00+00",
        "2019-02-29 00:00:00",
        "2020-13-01 00:00:00",
        "0000-01-01 00:00:00",
        "2020-01-01 24:00:00",
        "2020-01-01 23:59:60+00",
        "2020-01-01 00:00:00.1234567+00",
        "2020-01-01 00:00:00+15",
        "2020-01-01 00:00:00 +00",
        "2020-01-01 00:00:00Z",
        "2020-01-01 00:00:00+5",
        "2020-01-01 00:00:00.+00",
        "2020-1-01 00:00:00",
        "20200101 000000",
        "2020-01-01 00:00",
        "2020-01-01",
        "epoch",
        "infinity",
        "2020-01-01 00:00:00 PST",
        "2020-01-01 00:00:00+00:",
        "2020-01-01 00:00:00+0:00",
        "2020-01-01 00:00:00 ",
        "2020-01-01 00:00:0x",
        "２０２０-01-01 00:00:00",
    ] {
        v.push(s.to_string());
    }
    v
}

#[test]
fn fast_path_agrees_with_general_parser() {
    let mut taken = 0;
    for env in envs() {
        for s in samples() {
            for with_tz in [false, true] {
                let tn = if with_tz {
                    "timestamp with time zone"
                } else {
                    "timestamp"
                };
                let general = timestamp_in_general(&s, -1, &env, with_tz, tn);
                if let Some(v) = fast::iso_timestamp(&s, with_tz) {
                    taken += 1;
                    assert_eq!(
                        general.as_ref().ok(),
                        Some(&v),
                        "{s:?} with_tz {with_tz} in {}",
                        env.timezone_name
                    );
                }
                // The public entry point gives the general parser's answer either way.
                let public = timestamp_in_common(&s, -1, &env, with_tz);
                assert_eq!(
                    public.map_err(|e| e.message),
                    general.map_err(|e| e.message),
                    "{s:?}"
                );
            }
        }
    }
    assert!(taken > 500, "fast path taken only {taken} times");
}

#[test]
fn fast_path_declines_zone_dependent_input() {
    assert_eq!(fast::iso_timestamp("2020-01-01 00:00:00", true), None);
    assert_eq!(fast::iso_timestamp("2020-01-01 00:00:00+00", false), None);
    assert_eq!(fast::iso_timestamp("2000-01-01 00:00:00+00", true), Some(0));
    assert_eq!(fast::iso_timestamp("2000-01-01 01:00:00+01", true), Some(0));
    assert_eq!(
        fast::iso_timestamp("2000-01-02 00:00:00.25", false),
        Some(86_400_000_000 + 250_000)
    );
}
