use super::*;

fn tc(v: &str, f: &str) -> String {
    to_char_numeric(&Numeric::parse(v).unwrap(), f).unwrap()
}
fn tn(s: &str, f: &str) -> String {
    to_number(s, f).unwrap().to_text()
}

#[test]
fn int8_cases() {
    assert_eq!(
        tc("4567890123456789", "9G999G999G999G999G999"),
        " 4,567,890,123,456,789"
    );
    assert_eq!(
        tc("-4567890123456789", "9,999,999,999,999,999"),
        "-4,567,890,123,456,789"
    );
    assert_eq!(tc("123", "9G999G999G999G999G999"), "                   123");
    assert_eq!(tc("-123", "9999999999999999PR"), "             <123>");
    assert_eq!(
        tc("-456", "9999999999999999.999PR"),
        "             <456.000>"
    );
    assert_eq!(
        tc("4567890123456789", "9999999999999999.999PR"),
        " 4567890123456789.000 "
    );
    assert_eq!(tc("-123", "9999999999999999S"), "             123-");
    assert_eq!(
        tc("4567890123456789", "S9999999999999999"),
        "+4567890123456789"
    );
    assert_eq!(tc("-456", "S9999999999999999"), "             -456");
    assert_eq!(tc("456", "MI9999999999999999"), "              456");
    assert_eq!(tc("456", "FMS9999999999999999"), "+456");
    assert_eq!(tc("456", "FM9999999999999999THPR"), "456TH");
    assert_eq!(tc("123", "FM9999999999999999THPR"), "123RD");
    assert_eq!(
        tc("-4567890123456789", "FM9999999999999999THPR"),
        "<4567890123456789>"
    );
    assert_eq!(tc("456", "SG9999999999999999th"), "+             456th");
    assert_eq!(
        tc("-4567890123456789", "SG9999999999999999th"),
        "-4567890123456789"
    );
    assert_eq!(tc("456", "0999999999999999"), " 0000000000000456");
    assert_eq!(tc("456", "S0999999999999999"), "+0000000000000456");
    assert_eq!(
        tc("-4567890123456789", "FM0999999999999999"),
        "-4567890123456789"
    );
    assert_eq!(tc("456", "FM9999999999999999.000"), "456.000");
    assert_eq!(tc("456", "L9999999999999999.000"), "               456.000");
    assert_eq!(
        tc("-4567890123456789", "L9999999999999999.000"),
        " -4567890123456789.000"
    );
    assert_eq!(tc("456", "FM9999999999999999.999"), "456.");
    assert_eq!(
        tc("456", "S 9 9 9 9 9 9 9 9 9 9 9 9 9 9 9 9 . 9 9 9"),
        "                           +4 5 6 . 0 0 0"
    );
    let f16 = "99999 \"text\" 9999 \"9999\" 999 \"\\\"text between quote marks\\\"\" 9999";
    assert_eq!(
        tc("456", f16),
        "      text      9999     \"text between quote marks\"   456"
    );
    assert_eq!(
        tc("-4567890123456789", f16),
        "-45678 text 9012 9999 345 \"text between quote marks\" 6789"
    );
    assert_eq!(tc("456", "999999SG9999999999"), "      +       456");
    assert_eq!(
        tc("-4567890123456789", "999999SG9999999999"),
        "456789-0123456789"
    );
}

#[test]
fn numeric_cases() {
    assert_eq!(tc("0", "FM9999999999999999.999999999999999"), "0.");
    assert_eq!(tc("0", "FM9999999999999999.099999999999999"), ".0");
    assert_eq!(
        tc("-83028485", "FM9999999999999999.099999999999999"),
        "-83028485.0"
    );
    assert_eq!(tc("0", "FM9999999999990999.990999999999999"), "0000.000");
    assert_eq!(tc("4.31", "FM9999999999990999.990999999999999"), "0004.310");
    assert_eq!(
        tc("0", "L9999999999999999.099999999999999"),
        "                  .000000000000000"
    );
    assert_eq!(
        tc("-34338492.215397047", "FM0999999999999999.999999999999999"),
        "-0000000034338492.215397047"
    );
    assert_eq!(tc("0", "999999SG9999999999"), "      +         0");
    assert_eq!(
        tc("93901.57763026", "999999SG9999999999"),
        "      +     93902"
    );
    assert_eq!(tc("100", "FM999.9"), "100.");
    assert_eq!(tc("100", "FM999."), "100");
    assert_eq!(tc("100", "FM999"), "100");
    assert_eq!(tc("0", "9.999EEEE"), " 0.000e+00");
    assert_eq!(tc("-34338492.215397047", "9.999EEEE"), "-3.434e+07");
    assert_eq!(tc("16397.038491", "9.999EEEE"), " 1.640e+04");
    assert_eq!(tc("4.31", "S 9 9 . 9 9"), "   +4 . 3 1");
    assert_eq!(tc("0", "FMS 9 9 . 9 9"), "  +0 .  ");
    assert_eq!(tc("12", "FMRN"), "XII");
    assert_eq!(tc("12", "RN"), "            XII");
    assert_eq!(tc("12345", "999"), " ###");
    assert_eq!(tc("12", "99V9"), " 120");
}

#[test]
fn to_number_cases() {
    assert_eq!(tn("-34,338,492", "99G999G999"), "-34338492");
    assert_eq!(
        tn("-34,338,492.654,878", "99G999G999D999G999"),
        "-34338492.654878"
    );
    assert_eq!(tn("<564646.654564>", "999999.999999PR"), "-564646.654564");
    assert_eq!(tn("0.00001-", "9.999999S"), "-0.00001");
    assert_eq!(tn("5.01-", "FM9.999999MI"), "-5.01");
    assert_eq!(tn("5 4 4 4 4 8 . 7 8", "9 9 9 9 9 9 . 9 9"), "544448.78");
}

#[test]
fn to_number_more() {
    assert_eq!(tn(".01", "FM9.99"), "0.01");
    assert_eq!(tn(".0", "99999999.99999999"), "0.0");
    assert_eq!(tn("0", "99.99"), "0");
    assert_eq!(tn(".-01", "S99.99"), "-0.01");
    assert_eq!(tn(".01-", "99.99S"), "-0.01");
    assert_eq!(tn(" . 0 1-", " 9 9 . 9 9 S"), "-0.01");
}

#[test]
fn th_ignored_with_decimal() {
    assert_eq!(
        tc("74881", "FM9999999999999999.999999999999999THPR"),
        "74881."
    );
    assert_eq!(
        tc("4.31", "SG9999999999999999.999999999999999th"),
        "+               4.310000000000000"
    );
}

#[test]
fn float_and_int_args() {
    let cx_env = crate::SessionEnv::default();
    let cx = FuncCtx {
        env: &cx_env,
        result_type: TEXT,
        arg_types: &[],
    };
    let r = f_to_char(&[Datum::Float8(0.1), Datum::Text("9.99".into())], &cx).unwrap();
    assert_eq!(r, Datum::Text("  .10".into()));
    let r = f_to_char(&[Datum::Int4(-42), Datum::Text("FM0000".into())], &cx).unwrap();
    assert_eq!(r, Datum::Text("-0042".into()));
    let r = f_to_char(&[Datum::Int4(42), Datum::Text("".into())], &cx).unwrap();
    assert_eq!(r, Datum::Text(String::new()));
}

#[test]
fn docs_examples() {
    assert_eq!(tc("-0.1", "99.99"), "  -.10");
    assert_eq!(tc("-0.1", "FM9.99"), "-.1");
    assert_eq!(tc("0.1", "0.9"), " 0.1");
    assert_eq!(tc("12", "9990999.9"), "    0012.0");
    assert_eq!(tc("485", "999"), " 485");
    assert_eq!(tc("-485", "999"), "-485");
    assert_eq!(tc("1485", "9,999"), " 1,485");
    assert_eq!(tc("3148.5", "9G999D999"), " 3,148.500");
    assert_eq!(tc("-485", "999S"), "485-");
    assert_eq!(tc("-485", "999MI"), "485-");
    assert_eq!(tc("485", "999MI"), "485 ");
    assert_eq!(tc("485", "FM999MI"), "485");
    assert_eq!(tc("485", "PL999"), "+485");
    assert_eq!(tc("-485", "9SG99"), "4-85");
    assert_eq!(tc("-485", "999PR"), "<485>");
    assert_eq!(tc("485", "RN"), "        CDLXXXV");
    assert_eq!(tc("5.2", "FMRN"), "V");
    assert_eq!(tc("482", "999th"), " 482nd");
    assert_eq!(tc("485", "\"Good number:\"999"), "Good number: 485");
    assert_eq!(
        tc("485.8", "\"Pre:\"999\" Post:\" .999"),
        "Pre: 485 Post: .800"
    );
    assert_eq!(tc("12", "99V999"), " 12000");
    assert_eq!(tc("12.45", "99V9"), " 125");
    assert_eq!(tc("0.0004859", "9.99EEEE"), " 4.86e-04");
}
