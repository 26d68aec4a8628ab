use super::*;
use crate::env::{DateOrder, DateStyle, IntervalStyle};

fn env_utc_iso() -> SessionEnv {
    SessionEnv::default()
}

fn env_pg() -> SessionEnv {
    SessionEnv {
        date_style: DateStyle::Postgres,
        date_order: DateOrder::Mdy,
        interval_style: IntervalStyle::PostgresVerbose,
        timezone: jiff::tz::TimeZone::get("PST8PDT").unwrap(),
        timezone_name: "PST8PDT".into(),
        ..Default::default()
    }
}

fn io(typ: Oid, s: &str, env: &SessionEnv) -> String {
    let d = match input(typ, -1, s, env).unwrap() {
        Ok(d) => d,
        Err(e) => return format!("ERROR: {}", e.message),
    };
    let mut out = String::new();
    assert!(output(typ, &d, env, &mut out).unwrap());
    out
}

#[test]
fn basic_iso_utc() {
    let e = env_utc_iso();
    assert_eq!(
        io(oids::TIMESTAMPTZ, "2001-02-03 04:05:06.789", &e),
        "2001-02-03 04:05:06.789+00"
    );
    assert_eq!(io(oids::INTERVAL, "1 day 2 hours", &e), "1 day 02:00:00");
    assert_eq!(io(oids::DATE, "1997-02-10", &e), "1997-02-10");
    assert_eq!(io(oids::TIME, "17:32:01.5", &e), "17:32:01.5");
    assert_eq!(io(oids::TIMETZ, "17:32:01-08", &e), "17:32:01-08");
    assert_eq!(
        io(oids::TIMESTAMP, "1997-02-10T17:32:01", &e),
        "1997-02-10 17:32:01"
    );
}

/// Checks input/output pairs extracted from the regression suite's expected files
/// (a TSV at $DT_PAIRS: oid, typmod, style, order, intervalstyle, tz, input, expected, out order).
#[test]
#[ignore]
fn regress_pairs() {
    let Ok(path) = std::env::var("DT_PAIRS") else {
        return;
    };
    let data = std::fs::read_to_string(path).unwrap();
    let mut fails = 0;
    let mut total = 0;
    for line in data.lines() {
        let c: Vec<&str> = line.split('\t').collect();
        if c.len() < 9 {
            continue;
        }
        total += 1;
        let oid: Oid = c[0].parse().unwrap();
        let typmod: i32 = c[1].parse().unwrap();
        let style = match c[2] {
            "iso" => DateStyle::Iso,
            "sql" => DateStyle::Sql,
            "german" => DateStyle::German,
            _ => DateStyle::Postgres,
        };
        let ord = |s: &str| match s {
            "dmy" => DateOrder::Dmy,
            "ymd" => DateOrder::Ymd,
            _ => DateOrder::Mdy,
        };
        let istyle = match c[4] {
            "postgres" => IntervalStyle::Postgres,
            "sql_standard" => IntervalStyle::SqlStandard,
            "iso_8601" => IntervalStyle::Iso8601,
            _ => IntervalStyle::PostgresVerbose,
        };
        let tz = jiff::tz::TimeZone::get(c[5]).unwrap_or(jiff::tz::TimeZone::UTC);
        let mut env = SessionEnv {
            date_style: style,
            date_order: ord(c[3]),
            interval_style: istyle,
            timezone: tz,
            timezone_name: c[5].into(),
            transaction_timestamp: 0,
            ..Default::default()
        };
        let got = match input(oid, typmod, c[6], &env).unwrap() {
            Err(e) => format!("ERROR:  {}", e.message),
            Ok(d) => {
                env.date_order = ord(c[8]);
                let mut out = String::new();
                match output(oid, &d, &env, &mut out) {
                    Ok(_) => out,
                    Err(e) => format!("ERROR:  {}", e.message),
                }
            }
        };
        if got != c[7] {
            fails += 1;
            println!(
                "FAIL {} [{}] {:?}: got {:?} want {:?}",
                oid, c[2], c[6], got, c[7]
            );
        }
    }
    println!("{fails} of {total} failed");
}

#[test]
fn fixed_zone_abbrev() {
    let mut e = env_pg();
    e.timezone = jiff::tz::TimeZone::fixed(jiff::tz::Offset::from_seconds(-5400).unwrap());
    assert_eq!(
        io(oids::TIMESTAMPTZ, "2012-12-12 12:00", &e),
        "Wed Dec 12 12:00:00 2012 -01:30"
    );
}

fn val(typ: Oid, s: &str, env: &SessionEnv) -> Datum {
    input(typ, -1, s, env).unwrap().unwrap()
}

fn show(typ: Oid, d: &Datum, env: &SessionEnv) -> String {
    let mut out = String::new();
    output(typ, d, env, &mut out).unwrap();
    out
}

fn call(oid: Oid, args: &[Datum], env: &SessionEnv) -> Datum {
    funcs::call(oid, args, env).unwrap()
}

#[test]
fn timestamp_interval_arith() {
    let e = env_pg();
    let ts = val(oids::TIMESTAMP, "1996-03-01", &e);
    let iv = val(oids::INTERVAL, "1 second", &e);
    assert_eq!(
        show(oids::TIMESTAMP, &call(2033, &[ts, iv], &e), &e),
        "Thu Feb 29 23:59:59 1996"
    );
    let ts = val(oids::TIMESTAMP, "1999-12-01", &e);
    let iv = val(oids::INTERVAL, "1 month - 1 second", &e);
    assert_eq!(
        show(oids::TIMESTAMP, &call(2032, &[ts, iv], &e), &e),
        "Fri Dec 31 23:59:59 1999"
    );
    // DST: adding a day keeps the wall clock, 24 hours does not.
    let mut c = env_pg();
    c.timezone = calc::lookup_zone("MST7MDT").unwrap();
    let t = val(oids::TIMESTAMPTZ, "2005-04-02 12:00-07", &c);
    let d1 = val(oids::INTERVAL, "1 day", &c);
    let h24 = val(oids::INTERVAL, "24 hours", &c);
    assert_eq!(
        show(oids::TIMESTAMPTZ, &call(1189, &[t.clone(), d1], &c), &c),
        "Sun Apr 03 12:00:00 2005 MDT"
    );
    assert_eq!(
        show(oids::TIMESTAMPTZ, &call(1189, &[t, h24], &c), &c),
        "Sun Apr 03 13:00:00 2005 MDT"
    );
    let t = val(oids::TIMESTAMPTZ, "2005-04-03 12:00-06", &c);
    let d1 = val(oids::INTERVAL, "1 day", &c);
    assert_eq!(
        show(oids::TIMESTAMPTZ, &call(1190, &[t, d1], &c), &c),
        "Sat Apr 02 12:00:00 2005 MST"
    );
}

#[test]
fn date_arith_and_parts() {
    let e = env_utc_iso();
    let a = val(oids::DATE, "1997-02-10", &e);
    let b = val(oids::DATE, "1997-01-01", &e);
    assert_eq!(call(1140, &[a.clone(), b], &e), Datum::Int4(40));
    assert_eq!(
        show(
            oids::DATE,
            &call(1141, &[a.clone(), Datum::Int4(30)], &e),
            &e
        ),
        "1997-03-12"
    );
    let ts = val(oids::TIMESTAMP, "2004-02-29 15:44:17.71393", &e);
    let wk = call(2020, &[Datum::text("week"), ts.clone()], &e);
    assert_eq!(show(oids::TIMESTAMP, &wk, &e), "2004-02-23 00:00:00");
    assert_eq!(
        call(2021, &[Datum::text("dow"), ts.clone()], &e),
        Datum::Float8(0.0)
    );
    assert_eq!(
        call(2021, &[Datum::text("week"), ts.clone()], &e),
        Datum::Float8(9.0)
    );
    assert_eq!(
        call(2021, &[Datum::text("second"), ts.clone()], &e),
        Datum::Float8(17.71393)
    );
    assert_eq!(
        call(2021, &[Datum::text("doy"), ts.clone()], &e),
        Datum::Float8(60.0)
    );
    assert_eq!(
        call(2021, &[Datum::text("century"), ts.clone()], &e),
        Datum::Float8(21.0)
    );
    assert_eq!(
        call(2021, &[Datum::text("quarter"), ts.clone()], &e),
        Datum::Float8(1.0)
    );
    let ep = val(oids::TIMESTAMPTZ, "2001-02-16 20:38:40.12-08", &e);
    assert_eq!(
        call(1171, &[Datum::text("epoch"), ep], &e),
        Datum::Float8(982384720.12)
    );
    let err = funcs::call(2021, &[Datum::text("foo"), ts], &e).unwrap_err();
    assert_eq!(err.message, "timestamp units \"foo\" not recognized");
    let iv = val(oids::INTERVAL, "1 year 2 months 3 days 04:05:06", &e);
    assert_eq!(
        call(1172, &[Datum::text("month"), iv.clone()], &e),
        Datum::Float8(2.0)
    );
    assert_eq!(
        call(1172, &[Datum::text("hour"), iv], &e),
        Datum::Float8(4.0)
    );
}

#[test]
fn interval_functions() {
    let e = SessionEnv {
        interval_style: IntervalStyle::Postgres,
        ..env_utc_iso()
    };
    let iv = |s: &str| val(oids::INTERVAL, s, &e);
    let s = |d: Datum| show(oids::INTERVAL, &d, &e);
    assert_eq!(
        s(call(
            1175,
            &[iv("6 months 3 days 52 hours 3 minutes 2 seconds")],
            &e
        )),
        "6 mons 5 days 04:03:02"
    );
    assert_eq!(
        s(call(
            1295,
            &[iv("6 months 36 days 5 hours 4 minutes 3 seconds")],
            &e
        )),
        "7 mons 6 days 05:04:03"
    );
    assert_eq!(
        s(call(2711, &[iv("1 month -1 hour")], &e)),
        "29 days 23:00:00"
    );
    assert_eq!(
        s(call(1618, &[iv("1 day 2 hours"), Datum::Float8(0.3)], &e)),
        "07:48:00"
    );
    assert_eq!(
        s(call(1326, &[iv("1 mon"), Datum::Float8(10.0)], &e)),
        "3 days"
    );
    assert_eq!(
        s(call(1168, &[iv("1 day -02:00")], &e)),
        "-1 days +02:00:00"
    );
    let a = val(oids::TIMESTAMP, "2001-04-10", &e);
    let b = val(oids::TIMESTAMP, "1957-06-13", &e);
    assert_eq!(s(call(2058, &[a, b], &e)), "43 years 9 mons 27 days");
    let x = val(oids::TIMESTAMP, "1997-02-10 17:32:01", &e);
    let y = val(oids::TIMESTAMP, "1997-01-02", &e);
    assert_eq!(s(call(2031, &[x, y], &e)), "39 days 17:32:01");
}

#[test]
fn interval_styles() {
    let iv = Interval {
        months: 14,
        days: 3,
        micros: 14_706_000_000,
    };
    let mut o = String::new();
    encode::encode_interval(&mut o, &iv, IntervalStyle::Iso8601);
    assert_eq!(o, "P1Y2M3DT4H5M6S");
    o.clear();
    encode::encode_interval(&mut o, &iv, IntervalStyle::SqlStandard);
    assert_eq!(o, "+1-2 +3 +4:05:06");
    o.clear();
    encode::encode_interval(&mut o, &iv, IntervalStyle::PostgresVerbose);
    assert_eq!(o, "@ 1 year 2 mons 3 days 4 hours 5 mins 6 secs");
    let neg = Interval {
        months: -14,
        days: -3,
        micros: -14_706_000_000,
    };
    o.clear();
    encode::encode_interval(&mut o, &neg, IntervalStyle::PostgresVerbose);
    assert_eq!(o, "@ 1 year 2 mons 3 days 4 hours 5 mins 6 secs ago");
    let e = env_utc_iso();
    assert_eq!(io(oids::INTERVAL, "P1Y2M", &e), "1 year 2 mons");
    assert_eq!(io(oids::INTERVAL, "@ 1 minute ago", &e), "-00:01:00");
    assert_eq!(io(oids::INTERVAL, "-1 day +02:03", &e), "-1 days +02:03:00");
    assert_eq!(io(oids::INTERVAL, "1.5 weeks", &e), "10 days 12:00:00");
    assert_eq!(io(oids::INTERVAL, "PT1.5H", &e), "01:30:00");
}

#[test]
fn datestyles_output() {
    let mut e = env_pg();
    let t = val(oids::TIMESTAMPTZ, "1997-02-10 17:32:01-08", &e);
    e.date_style = DateStyle::Iso;
    assert_eq!(show(oids::TIMESTAMPTZ, &t, &e), "1997-02-10 17:32:01-08");
    e.date_style = DateStyle::Sql;
    assert_eq!(show(oids::TIMESTAMPTZ, &t, &e), "02/10/1997 17:32:01 PST");
    e.date_style = DateStyle::German;
    assert_eq!(show(oids::TIMESTAMPTZ, &t, &e), "10.02.1997 17:32:01 PST");
    e.date_style = DateStyle::Postgres;
    e.date_order = DateOrder::Dmy;
    assert_eq!(
        show(oids::TIMESTAMPTZ, &t, &e),
        "Mon 10 Feb 17:32:01 1997 PST"
    );
    e.date_style = DateStyle::Iso;
    assert_eq!(io(oids::DATE, "0097-02-10 BC", &e), "0097-02-10 BC");
    assert_eq!(io(oids::TIMESTAMP, "epoch", &e), "1970-01-01 00:00:00");
    assert_eq!(io(oids::DATE, "infinity", &e), "infinity");
    assert_eq!(io(oids::TIME, "allballs", &e), "00:00:00");
}

#[test]
fn typmods_and_binary() {
    let e = env_utc_iso();
    let t = input(oids::TIMESTAMP, 2, "2001-02-03 04:05:06.789", &e)
        .unwrap()
        .unwrap();
    assert_eq!(show(oids::TIMESTAMP, &t, &e), "2001-02-03 04:05:06.79");
    let tm = interval_typmod(&["year", "month"], None).unwrap();
    let iv = input(oids::INTERVAL, tm, "1 year 2 months 3 days", &e)
        .unwrap()
        .unwrap();
    assert_eq!(show(oids::INTERVAL, &iv, &e), "1 year 2 mons");
    let tm = interval_typmod(&["day", "second"], Some(1)).unwrap();
    let iv = input(oids::INTERVAL, tm, "1 2:03:04.5678", &e)
        .unwrap()
        .unwrap();
    assert_eq!(show(oids::INTERVAL, &iv, &e), "1 day 02:03:04.6");
    let mut b = Vec::new();
    assert!(send(oids::INTERVAL, &iv, &e, &mut b).unwrap());
    assert_eq!(b.len(), 16);
    assert_eq!(receive(oids::INTERVAL, -1, &b, &e).unwrap().unwrap(), iv);
    let d = val(oids::DATE, "2000-01-02", &e);
    let mut b = Vec::new();
    send(oids::DATE, &d, &e, &mut b).unwrap();
    assert_eq!(b, vec![0, 0, 0, 1]);
}

#[test]
fn errors() {
    let e = env_pg();
    let err = input(oids::DATE, -1, "1/18/1999x", &e)
        .unwrap()
        .unwrap_err();
    assert_eq!(err.code, common::sqlstate::INVALID_DATETIME_FORMAT);
    let err = input(oids::DATE, -1, "18/1/1999", &e).unwrap().unwrap_err();
    assert_eq!(
        err.message,
        "date/time field value out of range: \"18/1/1999\""
    );
    assert!(err.hint.is_some());
    let err = input(oids::TIMESTAMPTZ, -1, "2001-01-01 Nehwon/Lankhmar", &e)
        .unwrap()
        .unwrap_err();
    assert_eq!(err.message, "time zone \"nehwon/lankhmar\" not recognized");
    let err = input(oids::INTERVAL, -1, "1 day 1 day", &e)
        .unwrap()
        .unwrap_err();
    assert_eq!(
        err.message,
        "invalid input syntax for type interval: \"1 day 1 day\""
    );
}

#[test]
fn to_char_basic() {
    let e = env_pg();
    let t = val(oids::TIMESTAMP, "1997-02-10 17:32:01", &e);
    let r = funcs::call(
        2049,
        &[
            t.clone(),
            Datum::text("DAY Day day DY Dy dy MONTH Month month RM MON Mon mon"),
        ],
        &e,
    )
    .unwrap();
    assert_eq!(r, Datum::text("MONDAY    Monday    monday    MON Mon mon FEBRUARY  February  february  II   FEB Feb feb"));
    let r = funcs::call(
        2049,
        &[t.clone(), Datum::text("YYYY-MM-DD HH24:MI:SS FMDDth")],
        &e,
    )
    .unwrap();
    assert_eq!(r, Datum::text("1997-02-10 17:32:01 10th"));
    let r = funcs::call(2049, &[t, Datum::text("HH HH12 HH24 MI SS SSSS")], &e).unwrap();
    assert_eq!(r, Datum::text("05 05 17 32 01 63121"));
    let r = funcs::call(
        1780,
        &[Datum::text("05 Dec 2000"), Datum::text("DD Mon YYYY")],
        &e,
    )
    .unwrap();
    assert_eq!(show(oids::DATE, &r, &SessionEnv::default()), "2000-12-05");
}

/// Function checks extracted from the regression files (TSV at $DT_FNS: kind, oid, value as
/// printed in Postgres style, field or template, expected).
#[test]
#[ignore]
fn regress_functions() {
    let Ok(path) = std::env::var("DT_FNS") else {
        return;
    };
    let data = std::fs::read_to_string(path).unwrap();
    let e = env_pg();
    let (mut fails, mut total) = (0, 0);
    for line in data.lines() {
        let c: Vec<&str> = line.split('\t').collect();
        if c.len() < 5 {
            continue;
        }
        total += 1;
        let oid: Oid = c[1].parse().unwrap();
        let v = match input(oid, -1, c[2], &e).unwrap() {
            Ok(v) => v,
            Err(err) => {
                fails += 1;
                println!("FAIL input {:?}: {}", c[2], err.message);
                continue;
            }
        };
        let ok = match c[0] {
            "part" => {
                let p = if oid == oids::TIMESTAMP { 2021 } else { 1171 };
                match funcs::call(p, &[Datum::text(c[3]), v], &e) {
                    Ok(Datum::Float8(x)) => {
                        let want: f64 = c[4].parse().unwrap_or(f64::NAN);
                        let good = (x - want).abs() <= 1e-9 * want.abs().max(1.0);
                        if !good {
                            println!("FAIL part {} {:?}: got {x} want {}", c[3], c[2], c[4]);
                        }
                        good
                    }
                    other => {
                        println!("FAIL part {} {:?}: got {:?}", c[3], c[2], other);
                        false
                    }
                }
            }
            _ => {
                let p = if oid == oids::TIMESTAMP { 2049 } else { 1770 };
                let got = match funcs::call(p, &[v, Datum::text(c[3])], &e) {
                    Ok(Datum::Text(s)) => s,
                    Ok(Datum::Null) => String::new(),
                    other => format!("{other:?}"),
                };
                let good = got.trim_end() == c[4].trim_end();
                if !good {
                    println!(
                        "FAIL to_char {:?} {:?}:\n  got  {:?}\n  want {:?}",
                        c[3], c[2], got, c[4]
                    );
                }
                good
            }
        };
        if !ok {
            fails += 1;
        }
    }
    println!("{fails} of {total} failed");
}

/// to_timestamp/to_date checks from horology (TSV at $DT_TOTS: kind, input, template, expected).
#[test]
#[ignore]
fn regress_to_timestamp() {
    let Ok(path) = std::env::var("DT_TOTS") else {
        return;
    };
    let data = std::fs::read_to_string(path).unwrap();
    let e = env_pg();
    let (mut fails, mut total) = (0, 0);
    for line in data.lines() {
        let c: Vec<&str> = line.split('\t').collect();
        if c.len() < 4 {
            continue;
        }
        total += 1;
        let (p, t) = if c[0] == "date" {
            (1780, oids::DATE)
        } else {
            (1778, oids::TIMESTAMPTZ)
        };
        let got = match funcs::call(p, &[Datum::text(c[1]), Datum::text(c[2])], &e) {
            Ok(d) => show(t, &d, &e),
            Err(err) => format!("ERROR:  {}", err.message),
        };
        if got != c[3] {
            fails += 1;
            println!("FAIL {:?} {:?}: got {:?} want {:?}", c[1], c[2], got, c[3]);
        }
    }
    println!("{fails} of {total} failed");
}

#[test]
fn interval_sql_and_iso_styles() {
    let with = |st: IntervalStyle| SessionEnv {
        interval_style: st,
        ..env_utc_iso()
    };
    let sql = with(IntervalStyle::SqlStandard);
    let pg = with(IntervalStyle::Postgres);
    let iso = with(IntervalStyle::Iso8601);
    for (s, want) in [
        ("0", "0"),
        ("1 day -1 hours", "+0-0 +1 -1:00:00"),
        ("-1 days +1 hours", "+0-0 -1 +1:00:00"),
        (
            "1 years 2 months -3 days 4 hours 5 minutes 6.789 seconds",
            "+1-2 -3 +4:05:06.789",
        ),
        ("P0Y", "0"),
        ("P1W", "7 0:00:00"),
        ("P1DT2H3M4S", "1 2:03:04"),
        ("P-1Y-2M-3DT-4H-5M-6.7S", "-1-2 -3 -4:05:06.7"),
        ("PT-0.1S", "-0:00:00.1"),
    ] {
        assert_eq!(io(oids::INTERVAL, s, &sql), want, "{s}");
    }
    for (s, want) in [
        ("+1 -1:00:00", "1 day -01:00:00"),
        ("-1 +1:00:00", "-1 days +01:00:00"),
        (
            "+1-2 -3 +4:05:06.789",
            "1 year 2 mons -3 days +04:05:06.789",
        ),
        (
            "-1-2 +3 -4:05:06.789",
            "-1 years -2 mons +3 days -04:05:06.789",
        ),
        ("P00021015T103020", "2 years 10 mons 15 days 10:30:20"),
        ("P0002-10-15T10:30:20", "2 years 10 mons 15 days 10:30:20"),
        ("P0002", "2 years"),
        ("P0002-10", "2 years 10 mons"),
        ("P0002-10-15", "2 years 10 mons 15 days"),
        ("P0002T1S", "2 years 00:00:01"),
        ("P0002-10T1S", "2 years 10 mons 00:00:01"),
        ("P0002-10-15T1S", "2 years 10 mons 15 days 00:00:01"),
        ("PT10", "10:00:00"),
        ("PT10:30", "10:30:00"),
    ] {
        assert_eq!(io(oids::INTERVAL, s, &pg), want, "{s}");
    }
    for (s, want) in [
        ("0", "PT0S"),
        ("1-2", "P1Y2M"),
        ("1 2:03:04", "P1DT2H3M4S"),
        ("2:03:04.45679", "PT2H3M4.45679S"),
    ] {
        assert_eq!(io(oids::INTERVAL, s, &iso), want, "{s}");
    }
    let v = with(IntervalStyle::PostgresVerbose);
    assert_eq!(
        io(oids::INTERVAL, "-10 mons -3 days +03:55:06.70", &v),
        "@ 10 mons 3 days -3 hours -55 mins -6.7 secs ago"
    );
}

#[test]
fn hostile_inputs_do_not_panic() {
    let e = env_pg();
    let inputs = [
        "",
        " ",
        "é",
        "P€",
        "P1Y€",
        "99999999999999999999",
        "-99999999999 days",
        "J99999999999",
        "2147483647-12-31",
        "1e308 seconds",
        "1.7976931348623157e308 years",
        "@ ago",
        "24:00:01",
        "99999:99:99",
        "P999999999999Y",
        "T",
        "j",
        "now-",
        "+",
        "-",
        "allballs+5",
        "0097.999 BC",
        "Feb 30 12:00 2001",
        "2001-02-03 04:05:06 +99",
        "2001-02-03 04:05:06 Mars/Olympus",
        "ゼロ",
        "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27",
        "2147483647 millennium",
        "-2147483648 weeks",
        "5874897-12-31",
        "294277-01-01",
    ];
    for s in inputs {
        for t in [
            oids::DATE,
            oids::TIME,
            oids::TIMETZ,
            oids::TIMESTAMP,
            oids::TIMESTAMPTZ,
            oids::INTERVAL,
        ] {
            if let Some(Ok(d)) = input(t, -1, s, &e) {
                let mut out = String::new();
                let _ = output(t, &d, &e, &mut out);
            }
        }
        for f in ["YYYY-MM-DD", "FMDDth", "Y,YYY", "€", "HH12", "SSSS", "J"] {
            let _ = funcs::call(1778, &[Datum::text(s), Datum::text(f)], &e);
            let _ = funcs::call(2049, &[Datum::Timestamp(i64::MAX - 1), Datum::text(f)], &e);
        }
    }
    let big = Datum::Interval(Interval {
        months: i32::MAX,
        days: i32::MIN,
        micros: i64::MIN,
    });
    for st in [
        IntervalStyle::Postgres,
        IntervalStyle::PostgresVerbose,
        IntervalStyle::SqlStandard,
        IntervalStyle::Iso8601,
    ] {
        let env = SessionEnv {
            interval_style: st,
            ..env_pg()
        };
        let mut out = String::new();
        output(oids::INTERVAL, &big, &env, &mut out).unwrap();
    }
    let _ = funcs::call(1618, &[big.clone(), Datum::Float8(1e300)], &e);
    let _ = funcs::call(1326, &[big.clone(), Datum::Float8(1e-300)], &e);
    let _ = funcs::call(1168, std::slice::from_ref(&big), &e);
    let _ = funcs::call(2711, std::slice::from_ref(&big), &e);
    let _ = funcs::call(1172, &[Datum::text("epoch"), big.clone()], &e);
    let _ = funcs::call(1218, &[Datum::text("hour"), big.clone()], &e);
    let _ = funcs::call(
        2032,
        &[Datum::Timestamp(-211_813_488_000_000_000), big.clone()],
        &e,
    );
    let _ = funcs::call(
        1189,
        &[Datum::TimestampTz(9_223_371_331_199_999_999), big],
        &e,
    );
    let _ = funcs::call(
        3464,
        &[
            Datum::Int4(i32::MAX),
            Datum::Int4(i32::MAX),
            Datum::Int4(i32::MAX),
            Datum::Int4(i32::MAX),
            Datum::Int4(i32::MAX),
            Datum::Int4(i32::MAX),
            Datum::Float8(1e300),
        ],
        &e,
    );
    let _ = funcs::call(1158, &[Datum::Float8(1e300)], &e);
    let _ = funcs::call(
        2058,
        &[
            Datum::Timestamp(9_223_371_331_199_999_999),
            Datum::Timestamp(-211_813_488_000_000_000),
        ],
        &e,
    );
}

#[test]
fn at_time_zone() {
    let e = env_pg();
    let t = val(oids::TIMESTAMPTZ, "19970210 173201", &e);
    let r = call(1159, &[Datum::text("America/New_York"), t.clone()], &e);
    assert_eq!(show(oids::TIMESTAMP, &r, &e), "Mon Feb 10 20:32:01 1997");
    let r = call(1159, &[Datum::text("EST"), t.clone()], &e);
    assert_eq!(show(oids::TIMESTAMP, &r, &e), "Mon Feb 10 20:32:01 1997");
    let iv = val(oids::INTERVAL, "-05:00", &e);
    let r = call(1026, &[iv, t], &e);
    assert_eq!(show(oids::TIMESTAMP, &r, &e), "Mon Feb 10 20:32:01 1997");
    let ts = val(oids::TIMESTAMP, "1997-02-10 20:32:01", &e);
    let r = call(2069, &[Datum::text("America/New_York"), ts], &e);
    assert_eq!(
        show(oids::TIMESTAMPTZ, &r, &e),
        "Mon Feb 10 17:32:01 1997 PST"
    );
    let err = funcs::call(
        1159,
        &[Datum::text("Nehwon/Lankhmar"), Datum::TimestampTz(0)],
        &e,
    )
    .unwrap_err();
    assert_eq!(err.message, "time zone \"Nehwon/Lankhmar\" not recognized");
    let tz = call(
        3463,
        &[
            Datum::Int4(1973),
            Datum::Int4(7),
            Datum::Int4(15),
            Datum::Int4(8),
            Datum::Int4(15),
            Datum::Float8(55.33),
            Datum::text("+2"),
        ],
        &e,
    );
    assert_eq!(
        show(oids::TIMESTAMPTZ, &tz, &e),
        "Sat Jul 14 23:15:55.33 1973 PDT"
    );
    let err = funcs::call(
        3463,
        &[
            Datum::Int4(1973),
            Datum::Int4(7),
            Datum::Int4(15),
            Datum::Int4(8),
            Datum::Int4(15),
            Datum::Float8(55.33),
            Datum::text("2"),
        ],
        &e,
    )
    .unwrap_err();
    assert_eq!(
        err.message,
        "invalid input syntax for numeric time zone: \"2\""
    );
    let mt = call(
        3461,
        &[
            Datum::Int4(2014),
            Datum::Int4(12),
            Datum::Int4(28),
            Datum::Int4(6),
            Datum::Int4(30),
            Datum::Float8(45.887),
        ],
        &e,
    );
    assert_eq!(
        show(oids::TIMESTAMP, &mt, &e),
        "Sun Dec 28 06:30:45.887 2014"
    );
}

#[test]
fn make_timestamptz_zones() {
    let mut e = env_pg();
    e.timezone = jiff::tz::TimeZone::get("America/New_York").unwrap();
    let mk = |tz: &str| {
        let args = [
            Datum::Int4(2010),
            Datum::Int4(2),
            Datum::Int4(27),
            Datum::Int4(3),
            Datum::Int4(45),
            Datum::Float8(0.0),
            Datum::text(tz),
        ];
        show(oids::TIMESTAMPTZ, &call(3463, &args, &e), &e)
    };
    for (tz, want) in [
        ("+1", "Fri Feb 26 21:45:00 2010 EST"),
        ("+1:", "Fri Feb 26 21:45:00 2010 EST"),
        ("+100", "Fri Feb 26 21:45:00 2010 EST"),
        ("+1000", "Fri Feb 26 12:45:00 2010 EST"),
        ("+10:00:", "Fri Feb 26 12:45:00 2010 EST"),
        ("+10:00:1", "Fri Feb 26 12:44:59 2010 EST"),
        ("+10:00:10", "Fri Feb 26 12:44:50 2010 EST"),
    ] {
        assert_eq!(mk(tz), want, "{tz}");
    }
    let r = call(
        3463,
        &[
            Datum::Int4(2008),
            Datum::Int4(12),
            Datum::Int4(10),
            Datum::Int4(10),
            Datum::Int4(10),
            Datum::Float8(10.0),
            Datum::text("EDT"),
        ],
        &e,
    );
    assert_eq!(
        show(oids::TIMESTAMPTZ, &r, &e),
        "Wed Dec 10 09:10:10 2008 EST"
    );
    let err = funcs::call(
        3463,
        &[
            Datum::Int4(2014),
            Datum::Int4(12),
            Datum::Int4(10),
            Datum::Int4(10),
            Datum::Int4(10),
            Datum::Float8(10.0),
            Datum::text("+16"),
        ],
        &e,
    )
    .unwrap_err();
    assert_eq!(err.message, "numeric time zone \"+16\" out of range");
}

#[test]
fn interval_hash_matches_equality() {
    let e = env_utc_iso();
    let h = |s: &str| call(1697, &[val(oids::INTERVAL, s, &e)], &e);
    assert_eq!(h("30 days"), h("1 month"));
    assert_eq!(h("1 day"), h("24 hours"));
    assert_ne!(h("1 day"), h("25 hours"));
}

#[test]
fn infinite_timestamp_timezone_units_are_null() {
    let e = env_utc_iso();
    let inf = match val(oids::TIMESTAMP, "infinity", &e) {
        Datum::Timestamp(t) => t,
        _ => unreachable!(),
    };
    assert_eq!(
        funcs::timestamp_part("timezone", inf, None).unwrap(),
        Datum::Null
    );
    assert_eq!(
        funcs::timestamp_part("year", inf, None).unwrap(),
        Datum::Float8(f64::INFINITY)
    );
}
