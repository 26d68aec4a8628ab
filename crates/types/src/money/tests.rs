//! Unit tests for money, with expectations from PostgreSQL 10's money.out.

use super::*;

fn show(s: &str) -> String {
    let mut o = String::new();
    format_money(parse_money(s).unwrap(), &mut o);
    o
}

fn call(f: fn(&[Datum], &FuncCtx) -> PgResult<Datum>, args: &[Datum]) -> PgResult<Datum> {
    let env = SessionEnv::default();
    let cx = FuncCtx {
        env: &env,
        result_type: MONEY,
        arg_types: &[],
    };
    f(args, &cx)
}

#[test]
fn input_output() {
    assert_eq!(show("123"), "$123.00");
    assert_eq!(show("$123.45"), "$123.45");
    assert_eq!(show("$123.451"), "$123.45");
    assert_eq!(show("$123.454"), "$123.45");
    assert_eq!(show("$123.455"), "$123.46");
    assert_eq!(show("$123.459"), "$123.46");
    assert_eq!(show("1234567890"), "$1,234,567,890.00");
    assert_eq!(show("12345678901234567"), "$12,345,678,901,234,567.00");
    assert_eq!(show("-12345"), "-$12,345.00");
    assert_eq!(show("-12345678901234567"), "-$12,345,678,901,234,567.00");
    assert_eq!(show("(1)"), "-$1.00");
    assert_eq!(show("($123,456.78)"), "-$123,456.78");
    assert_eq!(show("-92233720368547758.08"), "-$92,233,720,368,547,758.08");
    assert_eq!(show("92233720368547758.07"), "$92,233,720,368,547,758.07");
    assert_eq!(show("$1,000.00"), "$1,000.00");
    assert_eq!(show("-$1.23"), "-$1.23");
    assert_eq!(show("12,345.67"), "$12,345.67");
    assert_eq!(show("-123.45"), "-$123.45");
    assert_eq!(show("0.45"), "$0.45");
}

#[test]
fn input_errors() {
    for s in [
        "123456789012345678",
        "9223372036854775807",
        "-123456789012345678",
        "-9223372036854775808",
        "-92233720368547758.09",
        "92233720368547758.08",
        "-92233720368547758.085",
        "92233720368547758.075",
    ] {
        let e = parse_money(s).unwrap_err();
        assert_eq!(
            e.message,
            format!("value \"{s}\" is out of range for type money")
        );
        assert_eq!(e.code.as_str(), "22003");
    }
    let e = parse_money("x").unwrap_err();
    assert_eq!(e.message, "invalid input syntax for type money: \"x\"");
    assert_eq!(e.code.as_str(), "22P02");
}

#[test]
fn arithmetic() {
    let m = Datum::Int8(12300);
    assert_eq!(
        call(cash_div_cash, &[m.clone(), Datum::Int8(200)]).unwrap(),
        Datum::Float8(61.5)
    );
    assert_eq!(
        call(cash_div_int, &[m.clone(), Datum::Int4(2)]).unwrap(),
        Datum::Int8(6150)
    );
    let x = Datum::Int8(87808);
    assert_eq!(
        call(cash_div_flt, &[x.clone(), Datum::Float8(11.0)]).unwrap(),
        Datum::Int8(7983)
    );
    assert_eq!(
        call(cash_div_flt, &[x.clone(), Datum::Float4(11.0)]).unwrap(),
        Datum::Int8(7983)
    );
    assert_eq!(
        call(cash_div_int, &[x.clone(), Datum::Int8(11)]).unwrap(),
        Datum::Int8(7982)
    );
    assert_eq!(
        call(
            cash_div_int,
            &[Datum::Int8(9000000000000009900), Datum::Int2(10)]
        )
        .unwrap(),
        Datum::Int8(900000000000000990)
    );
    assert_eq!(
        call(flt_mul_cash, &[Datum::Float4(2.0), m.clone()]).unwrap(),
        Datum::Int8(24600)
    );
    let e = call(cash_div_int, &[m, Datum::Int4(0)]).unwrap_err();
    assert_eq!(e.message, "division by zero");
}

#[test]
fn words() {
    assert_eq!(
        cash_words(12300),
        "One hundred twenty three dollars and zero cents"
    );
    assert_eq!(
        cash_words(12423),
        "One hundred twenty four dollars and twenty three cents"
    );
    assert_eq!(cash_words(101), "One dollar and one cent");
    assert_eq!(cash_words(0), "Zero dollars and zero cents");
    assert_eq!(cash_words(-150), "Minus one dollar and fifty cents");
    assert_eq!(
        cash_words(10_000_000),
        "One hundred thousand  dollars and zero cents"
    );
}

#[test]
fn numeric_casts() {
    let n = cash_to_numeric(1234567890123456700).unwrap();
    assert_eq!(n.to_text(), "12345678901234567.00");
    let n = cash_to_numeric(-1234567890123456700).unwrap();
    assert_eq!(n.to_text(), "-12345678901234567.00");
    let n = numeric::parse("12345678901234567").unwrap();
    assert_eq!(numeric_to_cash(&n).unwrap(), 1234567890123456700);
    let n = numeric::parse("1.005").unwrap();
    assert_eq!(numeric_to_cash(&n).unwrap(), 101);
    assert_eq!(
        call(int_cash, &[Datum::Int4(-1234567890)]).unwrap(),
        Datum::Int8(-123456789000)
    );
}
