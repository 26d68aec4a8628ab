//! Unit tests for arrays (expectations checked against PostgreSQL 10; text elements, since
//! this module's tests must not depend on other type modules).

use super::*;

fn env() -> SessionEnv {
    SessionEnv::default()
}

fn parse(s: &str) -> PgResult<Datum> {
    crate::io::input(TEXT_ARRAY, -1, s, &env())
}

fn show(d: &Datum) -> String {
    crate::io::output(TEXT_ARRAY, d, &env()).unwrap()
}

fn rt(s: &str) -> String {
    show(&parse(s).unwrap())
}

fn detail(s: &str) -> (String, String) {
    let e = parse(s).unwrap_err();
    (e.message, e.detail.unwrap_or_default())
}

fn call(f: crate::registry::BuiltinFn, args: &[Datum]) -> PgResult<Datum> {
    let e = env();
    f(
        args,
        &FuncCtx {
            env: &e,
            result_type: TEXT_ARRAY,
            arg_types: &[TEXT_ARRAY, TEXT, TEXT],
        },
    )
}

fn ta(s: &str) -> Datum {
    parse(s).unwrap()
}

#[test]
fn input_output() {
    assert_eq!(rt("{a,b,c}"), "{a,b,c}");
    assert_eq!(rt("  { a , b c ,  \"d \"}  "), "{a,\"b c\",\"d \"}");
    assert_eq!(rt("{{a,b},{c,d}}"), "{{a,b},{c,d}}");
    assert_eq!(
        rt("{NULL,null,\"NULL\",\\NULL}"),
        "{NULL,NULL,\"NULL\",\"NULL\"}"
    );
    assert_eq!(
        rt("{\"\",\"a\\\"b\",\"c\\\\d\",\"{x}\"}"),
        "{\"\",\"a\\\"b\",\"c\\\\d\",\"{x}\"}"
    );
    assert_eq!(rt("[0:2]={a,b,c}"), "[0:2]={a,b,c}");
    assert_eq!(rt("[1:2]={a,b}"), "{a,b}");
    assert_eq!(rt("[-1:0][3:4]={{a,b},{c,d}}"), "[-1:0][3:4]={{a,b},{c,d}}");
    assert_eq!(rt("{}"), "{}");
    assert_eq!(rt("{ }"), "{}");
    assert_eq!(rt("{a\\ ,b}"), "{\"a \",b}");
    assert_eq!(rt("{{{a}}}"), "{{{a}}}");
    let d = ta("{{a,b,c},{d,e,f}}");
    if let Datum::Array(a) = &d {
        assert_eq!(a.dims, vec![(2, 1), (3, 1)]);
    }
}

#[test]
fn input_errors() {
    let m = |s: &str| format!("malformed array literal: \"{s}\"");
    assert_eq!(
        detail("{{1,{2}},{2,3}}"),
        (m("{{1,{2}},{2,3}}"), "Unexpected \"{\" character.".into())
    );
    assert_eq!(
        detail("{{},{}}"),
        (m("{{},{}}"), "Unexpected \"}\" character.".into())
    );
    assert_eq!(
        detail("{{1,2},\\{2,3}}"),
        (m("{{1,2},\\{2,3}}"), "Unexpected \"\\\" character.".into())
    );
    assert_eq!(
        detail("{{\"1 2\" x},{3}}"),
        (m("{{\"1 2\" x},{3}}"), "Unexpected array element.".into())
    );
    assert_eq!(
        detail("{}}"),
        (m("{}}"), "Junk after closing right brace.".into())
    );
    assert_eq!(
        detail("{ }}"),
        (m("{ }}"), "Junk after closing right brace.".into())
    );
    assert_eq!(
        detail("abc").1,
        "Array value must start with \"{\" or dimension information."
    );
    assert_eq!(detail("{a,b").1, "Unexpected end of input.");
    assert_eq!(
        detail("{{a},{b,c}}").1,
        "Multidimensional arrays must have sub-arrays with matching dimensions."
    );
    assert_eq!(
        detail("[1:3]={a,b}").1,
        "Specified array dimensions do not match array contents."
    );
    assert_eq!(
        detail("[1:2={a,b}").1,
        "Missing \"]\" after array dimensions."
    );
    assert_eq!(
        detail("[1:2]{a,b}").1,
        "Missing \"=\" after array dimensions."
    );
    assert_eq!(detail("[]={a,b}").1, "Missing array dimension value.");
    assert_eq!(
        detail("{{{{{{{a}}}}}}}").0,
        "number of array dimensions (7) exceeds the maximum allowed (6)"
    );
    assert_eq!(
        detail("[2:1]={}").0,
        "upper bound cannot be less than lower bound"
    );
}

#[test]
fn binary_round_trip() {
    let e = env();
    for s in ["{a,NULL,c}", "[0:1][2:3]={{a,b},{c,d}}", "{}"] {
        let d = ta(s);
        let bytes = crate::io::send(TEXT_ARRAY, &d, &e).unwrap();
        let back = crate::io::receive(TEXT_ARRAY, -1, &bytes, &e).unwrap();
        assert_eq!(back, d, "{s}");
    }
    let bytes = crate::io::send(TEXT_ARRAY, &ta("{a,NULL}"), &e).unwrap();
    assert_eq!(
        bytes,
        vec![
            0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 25, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 1, b'a', 255,
            255, 255, 255
        ]
    );
    assert!(crate::io::receive(TEXT_ARRAY, -1, &bytes[..20], &e).is_err());
    let mut bad = bytes.clone();
    bad[11] = 23;
    assert_eq!(
        crate::io::receive(TEXT_ARRAY, -1, &bad, &e)
            .unwrap_err()
            .message,
        "wrong element type"
    );
}

#[test]
fn typmod_applies_to_elements() {
    let e = env();
    let d = crate::io::input(crate::oids::BPCHAR_ARRAY, 7, "{a,bc}", &e).unwrap();
    assert_eq!(
        crate::io::output(crate::oids::BPCHAR_ARRAY, &d, &e).unwrap(),
        "{\"a  \",\"bc \"}"
    );
}

#[test]
fn functions() {
    assert_eq!(
        call(a_eq, &[ta("{a,b}"), ta("{a,b}")]).unwrap(),
        Datum::Bool(true)
    );
    assert_eq!(
        call(a_eq, &[ta("{a,b}"), ta("[0:1]={a,b}")]).unwrap(),
        Datum::Bool(false)
    );
    assert_eq!(
        call(a_lt, &[ta("{a,b}"), ta("{a,c}")]).unwrap(),
        Datum::Bool(true)
    );
    assert_eq!(
        call(a_lt, &[ta("{a,b}"), ta("{a,b,c}")]).unwrap(),
        Datum::Bool(true)
    );
    assert_eq!(
        call(a_lt, &[ta("{a,NULL}"), ta("{a,b}")]).unwrap(),
        Datum::Bool(false)
    );
    assert_eq!(
        call(array_dims, &[ta("{{a,b},{c,d}}")]).unwrap(),
        Datum::text("[1:2][1:2]")
    );
    assert_eq!(call(array_dims, &[ta("{}")]).unwrap(), Datum::Null);
    assert_eq!(
        call(array_ndims, &[ta("{{a},{b}}")]).unwrap(),
        Datum::Int4(2)
    );
    assert_eq!(
        call(array_length, &[ta("{a,b,c}"), Datum::Int4(1)]).unwrap(),
        Datum::Int4(3)
    );
    assert_eq!(
        call(array_length, &[ta("{a,b,c}"), Datum::Int4(2)]).unwrap(),
        Datum::Null
    );
    assert_eq!(
        call(array_upper, &[ta("[0:2]={a,b,c}"), Datum::Int4(1)]).unwrap(),
        Datum::Int4(2)
    );
    assert_eq!(
        call(cardinality, &[ta("{{a,b},{c,d}}")]).unwrap(),
        Datum::Int4(4)
    );
    assert_eq!(call(cardinality, &[ta("{}")]).unwrap(), Datum::Int4(0));
    let s = |d: PgResult<Datum>| show(&d.unwrap());
    assert_eq!(
        s(call(array_append, &[ta("{a,b}"), Datum::text("c")])),
        "{a,b,c}"
    );
    assert_eq!(
        s(call(array_append, &[Datum::Null, Datum::text("c")])),
        "{c}"
    );
    assert_eq!(
        s(call(array_prepend, &[Datum::text("z"), ta("[0:1]={a,b}")])),
        "[0:2]={z,a,b}"
    );
    assert_eq!(s(call(array_cat, &[ta("{a,b}"), ta("{c}")])), "{a,b,c}");
    assert_eq!(
        s(call(array_cat, &[ta("{{a,b}}"), ta("{c,d}")])),
        "{{a,b},{c,d}}"
    );
    assert_eq!(
        s(call(array_cat, &[ta("{c,d}"), ta("{{a,b}}")])),
        "{{c,d},{a,b}}"
    );
    assert_eq!(
        call(array_cat, &[ta("{{a,b}}"), ta("{c}")])
            .unwrap_err()
            .detail
            .unwrap(),
        "Arrays with differing dimensions are not compatible for concatenation."
    );
    assert_eq!(
        call(array_position, &[ta("{a,b,c,b}"), Datum::text("b")]).unwrap(),
        Datum::Int4(2)
    );
    assert_eq!(
        call(
            array_position,
            &[ta("{a,b,c,b}"), Datum::text("b"), Datum::Int4(3)]
        )
        .unwrap(),
        Datum::Int4(4)
    );
    assert_eq!(
        call(array_position, &[ta("{a,NULL}"), Datum::Null]).unwrap(),
        Datum::Int4(2)
    );
    assert_eq!(
        call(array_position, &[ta("{{a},{b}}"), Datum::text("b")])
            .unwrap_err()
            .message,
        "searching for elements in multidimensional arrays is not supported"
    );
    assert_eq!(
        s(call(array_remove, &[ta("{a,b,a}"), Datum::text("a")])),
        "{b}"
    );
    assert_eq!(
        s(call(
            array_replace,
            &[ta("{a,b,a}"), Datum::text("a"), Datum::Null]
        )),
        "{NULL,b,NULL}"
    );
    assert_eq!(
        call(array_to_string, &[ta("{a,NULL,c}"), Datum::text(",")]).unwrap(),
        Datum::text("a,c")
    );
    assert_eq!(
        call(
            array_to_string,
            &[ta("{a,NULL,c}"), Datum::text(","), Datum::text("*")]
        )
        .unwrap(),
        Datum::text("a,*,c")
    );
    assert_eq!(
        s(call(
            string_to_array,
            &[Datum::text("1|2|3|"), Datum::text("|")]
        )),
        "{1,2,3,\"\"}"
    );
    assert_eq!(
        s(call(
            string_to_array,
            &[Datum::text("1||2|3||"), Datum::text("||")]
        )),
        "{1,2|3,\"\"}"
    );
    assert_eq!(
        s(call(string_to_array, &[Datum::text("1|2"), Datum::Null])),
        "{1,|,2}"
    );
    assert_eq!(
        s(call(string_to_array, &[Datum::text(""), Datum::text("|")])),
        "{}"
    );
    assert_eq!(
        s(call(
            string_to_array,
            &[Datum::text("abc"), Datum::text(""), Datum::text("abc")]
        )),
        "{NULL}"
    );
    assert_eq!(
        s(call(
            string_to_array,
            &[Datum::text("1,2,,6"), Datum::text(","), Datum::text("")]
        )),
        "{1,2,NULL,6}"
    );
    assert_eq!(
        call(a_contains, &[ta("{a,b,c}"), ta("{c,a}")]).unwrap(),
        Datum::Bool(true)
    );
    assert_eq!(
        call(a_contains, &[ta("{a,b,c}"), ta("{c,NULL}")]).unwrap(),
        Datum::Bool(false)
    );
    assert_eq!(
        call(a_contained, &[ta("{}"), ta("{a}")]).unwrap(),
        Datum::Bool(true)
    );
    assert_eq!(
        call(a_overlap, &[ta("{a,b}"), ta("{x,b}")]).unwrap(),
        Datum::Bool(true)
    );
    assert_eq!(
        call(a_overlap, &[ta("{a,b}"), ta("{x}")]).unwrap(),
        Datum::Bool(false)
    );
    assert_eq!(
        call(width_bucket, &[Datum::text("c"), ta("{a,c,e}")]).unwrap(),
        Datum::Int4(2)
    );
}

#[test]
fn fill() {
    let ia = |v: &[i32]| {
        Datum::Array(Box::new(Array::from_vec(
            INT4,
            v.iter().map(|&x| Datum::Int4(x)).collect(),
        )))
    };
    let d = call(array_fill, &[Datum::text("juhu"), ia(&[3, 3]), ia(&[2, 2])]).unwrap();
    assert_eq!(
        show(&d),
        "[2:4][2:4]={{juhu,juhu,juhu},{juhu,juhu,juhu},{juhu,juhu,juhu}}"
    );
    let d = call(array_fill, &[Datum::Null, ia(&[2])]).unwrap();
    assert_eq!(show(&d), "{NULL,NULL}");
    assert_eq!(
        show(&call(array_fill, &[Datum::text("x"), ia(&[0])]).unwrap()),
        "{}"
    );
    let e = call(array_fill, &[Datum::text("x"), ia(&[2, 2]), ia(&[])]).unwrap_err();
    assert_eq!(
        e.detail.unwrap(),
        "Low bound array has different size than dimensions array."
    );
}
