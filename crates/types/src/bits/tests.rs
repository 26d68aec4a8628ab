//! Unit tests for bit/varbit, with expectations from PostgreSQL 10's bit.out.

use super::*;

fn b(s: &str) -> Bits {
    parse_bits(VARBIT, s, -1).unwrap()
}

fn cx_call(f: fn(&[Datum], &FuncCtx) -> PgResult<Datum>, args: &[Datum]) -> PgResult<Datum> {
    let env = SessionEnv::default();
    let cx = FuncCtx {
        env: &env,
        result_type: BIT,
        arg_types: &[],
    };
    f(args, &cx)
}

fn d(s: &str) -> Datum {
    b(s).into_datum()
}

fn text_of(r: PgResult<Datum>) -> String {
    arg_bits(&r.unwrap()).unwrap().to_text()
}

#[test]
fn input_forms() {
    assert_eq!(b("0101").to_text(), "0101");
    assert_eq!(b("B0101").to_text(), "0101");
    assert_eq!(b("x1F").to_text(), "00011111");
    assert_eq!(b("XaB").to_text(), "10101011");
    assert_eq!(b("").len, 0);
    let e = parse_bits(BIT, "102", -1).unwrap_err();
    assert_eq!(e.message, "\"2\" is not a valid binary digit");
    let e = parse_bits(BIT, "xG", -1).unwrap_err();
    assert_eq!(e.message, "\"G\" is not a valid hexadecimal digit");
    let e = parse_bits(BIT, "10", 11).unwrap_err();
    assert_eq!(e.message, "bit string length 2 does not match type bit(11)");
    assert_eq!(e.code.as_str(), "22026");
    let e = parse_bits(VARBIT, "101011111010", 11).unwrap_err();
    assert_eq!(e.message, "bit string too long for type bit varying(11)");
    assert_eq!(e.code.as_str(), "22001");
}

#[test]
fn payload_format() {
    let v = b("101");
    assert_eq!(v.to_payload(), vec![3, 0, 0, 0, 0b1010_0000]);
    assert_eq!(Bits::from_payload(&v.to_payload()).unwrap(), v);
}

#[test]
fn typmod_coercion() {
    let e = coerce_bit(b("10"), 11, false).unwrap_err();
    assert_eq!(e.message, "bit string length 2 does not match type bit(11)");
    assert_eq!(coerce_bit(b("10"), 4, true).unwrap().to_text(), "1000");
    assert_eq!(coerce_bit(b("10110"), 3, true).unwrap().to_text(), "101");
    let e = coerce_varbit(b("101011111010"), 11, false).unwrap_err();
    assert_eq!(e.message, "bit string too long for type bit varying(11)");
    assert_eq!(
        coerce_varbit(b("0101010"), 6, true).unwrap().to_text(),
        "010101"
    );
    assert_eq!(coerce_varbit(b("01"), 6, false).unwrap().to_text(), "01");
}

#[test]
fn bitwise_ops() {
    let a = d("0001001000110100");
    let c = d("1111111111110101");
    assert_eq!(
        text_of(cx_call(bit_not, std::slice::from_ref(&a))),
        "1110110111001011"
    );
    assert_eq!(
        text_of(cx_call(bit_and, &[a.clone(), c.clone()])),
        "0001001000110100"
    );
    assert_eq!(
        text_of(cx_call(bit_or, &[a.clone(), c.clone()])),
        "1111111111110101"
    );
    assert_eq!(
        text_of(cx_call(bit_xor, &[a.clone(), c])),
        "1110110111000001"
    );
    assert_eq!(
        text_of(cx_call(bit_shl, &[a.clone(), Datum::Int4(4)])),
        "0010001101000000"
    );
    assert_eq!(
        text_of(cx_call(bit_shr, &[d("1111111111110101"), Datum::Int4(2)])),
        "0011111111111101"
    );
    assert_eq!(text_of(cx_call(bit_not, &[d("10001111")])), "01110000");
    let e = cx_call(bit_and, &[d("001"), d("10")]).unwrap_err();
    assert_eq!(e.message, "cannot AND bit strings of different sizes");
    let e = cx_call(bit_or, &[d("0111"), d("011")]).unwrap_err();
    assert_eq!(e.message, "cannot OR bit strings of different sizes");
    let e = cx_call(bit_xor, &[d("0010"), d("011101")]).unwrap_err();
    assert_eq!(e.message, "cannot XOR bit strings of different sizes");
}

#[test]
fn comparisons() {
    assert_eq!(bit_cmp(&b("00001111"), &b("00010000")), Ordering::Less);
    assert_eq!(bit_cmp(&b("10001111"), &b("00000100")), Ordering::Greater);
    assert_eq!(bit_cmp(&b("0"), &b("00")), Ordering::Less);
    assert_eq!(bit_cmp(&b(""), &b("0")), Ordering::Less);
    assert_eq!(bit_cmp(&b("0101"), &b("0101")), Ordering::Equal);
}

#[test]
fn concat_and_substring() {
    assert_eq!(
        b("010101").concat(&b("00000000000")).to_text(),
        "01010100000000000"
    );
    let x = b("11011000000");
    assert_eq!(substring(&x, 2, Some(4)).unwrap().to_text(), "1011");
    assert_eq!(substring(&x, 7, Some(13)).unwrap().to_text(), "00000");
    assert_eq!(substring(&x, 6, None).unwrap().to_text(), "000000");
    assert_eq!(substring(&b("010101"), 7, Some(13)).unwrap().to_text(), "");
    assert_eq!(substring(&b("010101"), 6, None).unwrap().to_text(), "1");
    assert_eq!(substring(&b("0"), 2, Some(4)).unwrap().to_text(), "");
    let e = substring(&x, 1, Some(-1)).unwrap_err();
    assert_eq!(e.message, "negative substring length not allowed");
}

#[test]
fn positions() {
    let cases = [
        ("1010", "0000101", 0),
        ("1010", "00001010", 5),
        ("1010", "00000101", 0),
        ("1010", "000001010", 6),
        ("", "00001010", 1),
        ("0", "", 0),
        ("", "", 0),
        ("101101", "001011011011011000", 3),
        ("10110110", "001011011011010", 3),
        ("1011011011011", "001011011011011", 3),
        ("1011011011011", "00001011011011011", 5),
        ("111010110", "0000011101011111010110", 14),
        ("111010110", "000000000011101011111010110", 19),
        (
            "0000000000011101011111010110",
            "000000000011101011111010110",
            0,
        ),
    ];
    for (sub, s, want) in cases {
        assert_eq!(position(&b(s), &b(sub)), want, "{sub} in {s}");
    }
}

#[test]
fn get_set_overlay() {
    let r = cx_call(bit_get_bit, &[d("0101011000100"), Datum::Int4(10)]).unwrap();
    assert_eq!(r, Datum::Int4(1));
    let r = cx_call(
        bit_set_bit,
        &[d("0101011000100100"), Datum::Int4(15), Datum::Int4(1)],
    );
    assert_eq!(text_of(r), "0101011000100101");
    let e = cx_call(
        bit_set_bit,
        &[d("0101011000100100"), Datum::Int4(16), Datum::Int4(1)],
    )
    .unwrap_err();
    assert_eq!(e.message, "bit index 16 out of valid range (0..15)");
    assert_eq!(e.code.as_str(), "2202E");
    let t = b("0101011100");
    assert_eq!(
        overlay(&t, &b("001"), 2, 3).unwrap().to_text(),
        "0001011100"
    );
    assert_eq!(
        overlay(&t, &b("101"), 6, 3).unwrap().to_text(),
        "0101010100"
    );
    assert_eq!(
        overlay(&t, &b("001"), 11, 3).unwrap().to_text(),
        "0101011100001"
    );
    assert_eq!(
        overlay(&t, &b("001"), 20, 3).unwrap().to_text(),
        "0101011100001"
    );
}

#[test]
fn int_casts() {
    assert_eq!(bits_from_int(5, 32, 8).to_text(), "00000101");
    assert_eq!(bits_from_int(-1, 32, 40).to_text(), "1".repeat(40));
    assert_eq!(bits_from_int(5, 32, -1).to_text(), "1");
    let r = cx_call(bit_to_int4, &[d("11111111111111111111111111111111")]).unwrap();
    assert_eq!(r, Datum::Int4(-1));
    let r = cx_call(bit_to_int4, &[d("0101")]).unwrap();
    assert_eq!(r, Datum::Int4(5));
    let e = cx_call(bit_to_int4, &[d(&"1".repeat(33))]).unwrap_err();
    assert_eq!(e.message, "integer out of range");
    let r = cx_call(bit_to_int8, &[d("x0000000100000000")]).unwrap();
    assert_eq!(r, Datum::Int8(1 << 32));
}

#[test]
fn binary_io() {
    let env = SessionEnv::default();
    let mut out = Vec::new();
    assert!(send(BIT, &d("101"), &env, &mut out).unwrap());
    assert_eq!(out, vec![0, 0, 0, 3, 0b1010_0000]);
    let back = receive(VARBIT, -1, &[0, 0, 0, 3, 0xFF], &env)
        .unwrap()
        .unwrap();
    assert_eq!(arg_bits(&back).unwrap().to_text(), "111");
    let e = receive(BIT, 4, &out, &env).unwrap().unwrap_err();
    assert_eq!(e.message, "bit string length 3 does not match type bit(4)");
}
