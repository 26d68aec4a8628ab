//! Unit tests for jsonb/json, with expectations from PostgreSQL 10.2's regression outputs.

use super::*;
use crate::Array;

fn env() -> SessionEnv {
    SessionEnv::default()
}

fn jb(s: &str) -> Datum {
    input(JSONB, -1, s, &env()).unwrap().unwrap()
}

fn out(d: &Datum) -> String {
    let mut s = String::new();
    assert!(output(JSONB, d, &env(), &mut s).unwrap());
    s
}

fn rt(s: &str) -> String {
    out(&jb(s))
}

fn call(f: crate::registry::BuiltinFn, args: &[Datum], types: &[Oid]) -> PgResult<Datum> {
    let e = env();
    let cx = FuncCtx {
        env: &e,
        result_type: 0,
        arg_types: types,
    };
    f(args, &cx)
}

fn proc(name: &str, args: &[Oid]) -> crate::registry::BuiltinFn {
    procs()
        .into_iter()
        .find(|p| p.name == name && p.arg_types == args)
        .unwrap_or_else(|| panic!("no proc {name}"))
        .func
}

fn jcall(name: &str, types: &[Oid], args: &[Datum]) -> String {
    match call(proc(name, types), args, types).unwrap() {
        Datum::Text(s) => s,
        d @ Datum::Bytea(_) => out(&d),
        Datum::Null => "<NULL>".into(),
        other => format!("{other:?}"),
    }
}

fn tarr(v: &[Option<&str>]) -> Datum {
    Datum::Array(Box::new(Array::from_vec(
        TEXT,
        v.iter()
            .map(|x| x.map(Datum::text).unwrap_or(Datum::Null))
            .collect(),
    )))
}

fn t(s: &str) -> Datum {
    Datum::text(s)
}

fn err(r: PgResult<Datum>) -> String {
    r.unwrap_err().message
}

#[test]
fn input_output_normalisation() {
    assert_eq!(
        rt(r#"{"b": 1, "a": 2, "aa": [1, 2.50, "x"]}"#),
        r#"{"a": 2, "b": 1, "aa": [1, 2.50, "x"]}"#
    );
    assert_eq!(rt(r#"{"a":1,"a":2}"#), r#"{"a": 2}"#);
    assert_eq!(rt("  1e3 "), "1000");
    assert_eq!(rt(r#""\u00e9\n""#), "\"é\\n\"");
    assert_eq!(rt("[]"), "[]");
    assert_eq!(rt("{}"), "{}");
    assert_eq!(rt("null"), "null");
    assert_eq!(
        rt(r#"{"ff":{"a":12,"b":16},"qq":123,"x":[1,2],"Y":null}"#),
        r#"{"Y": null, "x": [1, 2], "ff": {"a": 12, "b": 16}, "qq": 123}"#
    );
}

#[test]
fn input_errors() {
    let e = input(JSONB, -1, r#"{"abc"}"#, &env()).unwrap().unwrap_err();
    assert_eq!(e.message, "invalid input syntax for type json");
    assert_eq!(
        e.detail.as_deref(),
        Some("Expected \":\", but found \"}\".")
    );
    let e = input(JSONB, -1, r#""\u0000""#, &env())
        .unwrap()
        .unwrap_err();
    assert_eq!(e.message, "unsupported Unicode escape sequence");
    assert_eq!(
        e.detail.as_deref(),
        Some("\\u0000 cannot be converted to text.")
    );
    assert_eq!(e.context.as_deref(), Some("JSON data, line 1: ..."));
    let e = input(JSONB, -1, r#"{ "a":  "\ud83d\ud83d" }"#, &env())
        .unwrap()
        .unwrap_err();
    assert_eq!(
        e.detail.as_deref(),
        Some("Unicode high surrogate must not follow a high surrogate.")
    );
    assert_eq!(e.context.as_deref(), Some("JSON data, line 1: { \"a\":..."));
    let e = input(JSONB, -1, r#"{ "a":  "\ude04X" }"#, &env())
        .unwrap()
        .unwrap_err();
    assert_eq!(
        e.detail.as_deref(),
        Some("Unicode low surrogate must follow a high surrogate.")
    );
    // surrogate pair: 4 bytes of UTF-8 each, 10 bytes with quotes
    assert_eq!(rt(r#""\ud83d\ude04\ud83d\udc36""#).len(), 10);
}

#[test]
fn binary_format_matches_postgres() {
    // '{"a": 1}' as PostgreSQL stores it (payload after the varlena header).
    let d = jb(r#"{"a": true}"#);
    let Datum::Bytea(b) = &d else { panic!() };
    assert_eq!(
        b,
        &[
            0x01, 0, 0, 0x20, // header: 1 pair, object
            0x01, 0, 0, 0x80, // key JEntry: has-off, end 1
            0, 0, 0, 0x30, // value JEntry: bool true
            b'a'
        ]
    );
    let d = jb("1");
    let Datum::Bytea(b) = &d else { panic!() };
    // raw scalar: 1 element | FSCALAR | FARRAY; JEntry numeric has-off len 8; 4B varlena numeric
    assert_eq!(&b[..8], &[1, 0, 0, 0x50, 8, 0, 0, 0x90]);
    assert_eq!(&b[8..12], &[(8u32 << 2) as u8, 0, 0, 0]);
    for s in [
        r#"{"a": [1, "x", null, false, {"b": 2.5}], "bb": {}}"#,
        "[[],{},1.0,\"s\"]",
        "\"str\"",
        "-12345678901234567890.000123",
    ] {
        let v = parse_jsonb(s).unwrap();
        assert_eq!(binary::decode(&binary::encode(&v).unwrap()).unwrap(), v);
    }
    let big: Vec<String> = (0..100).map(|i| format!("\"k{i}\": {i}")).collect();
    let s = format!("{{{}}}", big.join(","));
    let v = parse_jsonb(&s).unwrap();
    assert_eq!(binary::decode(&binary::encode(&v).unwrap()).unwrap(), v);
    assert!(binary::decode(&[1, 2, 3]).is_err());
    assert!(binary::decode(&[0xff, 0xff, 0xff, 0x2f]).is_err());
}

#[test]
fn send_recv() {
    let mut b = Vec::new();
    assert!(send(JSONB, &jb(r#"{"a":1}"#), &env(), &mut b).unwrap());
    assert_eq!(b, b"\x01{\"a\": 1}");
    let d = receive(JSONB, -1, &b, &env()).unwrap().unwrap();
    assert_eq!(out(&d), r#"{"a": 1}"#);
    assert!(receive(JSONB, -1, b"\x02{}", &env()).unwrap().is_err());
}

#[test]
fn ordering() {
    let c = |a: &str, b: &str| compare_datums(&jb(a), &jb(b));
    assert_eq!(c("1", "1.0"), Ordering::Equal);
    assert_eq!(c("{}", "[]"), Ordering::Greater);
    assert_eq!(c("[]", "null"), Ordering::Less);
    assert_eq!(c("true", "1"), Ordering::Greater);
    assert_eq!(c("1", "\"a\""), Ordering::Greater);
    assert_eq!(c("\"a\"", "null"), Ordering::Greater);
    assert_eq!(c(r#"{"a":1,"b":2}"#, r#"{"c":1}"#), Ordering::Greater);
    assert_eq!(c("[1,2]", "[3]"), Ordering::Greater);
    assert_eq!(c("[1,2]", "[1,3]"), Ordering::Less);
    assert_eq!(c("[1]", "5"), Ordering::Greater);
    use std::hash::{DefaultHasher, Hasher};
    let h = |s: &str| {
        let mut h = DefaultHasher::new();
        hash_datum(&jb(s), &mut h);
        h.finish()
    };
    assert_eq!(h(r#"{"a": [1.0]}"#), h(r#"{"a": [1]}"#));
}

#[test]
fn jsonb_operators() {
    let j = jb(r#"{"a": {"b":{"c": "foo"}}, "x": [1, "2", null]}"#);
    assert_eq!(
        jcall("jsonb_object_field", &[JSONB, TEXT], &[j.clone(), t("a")]),
        r#"{"b": {"c": "foo"}}"#
    );
    assert_eq!(
        jcall(
            "jsonb_object_field_text",
            &[JSONB, TEXT],
            &[j.clone(), t("zz")]
        ),
        "<NULL>"
    );
    let x = jb(r#"[1, "2", null]"#);
    assert_eq!(
        jcall(
            "jsonb_array_element",
            &[JSONB, INT4],
            &[x.clone(), Datum::Int4(-2)]
        ),
        "\"2\""
    );
    assert_eq!(
        jcall(
            "jsonb_array_element_text",
            &[JSONB, INT4],
            &[x.clone(), Datum::Int4(1)]
        ),
        "2"
    );
    assert_eq!(
        jcall(
            "jsonb_array_element_text",
            &[JSONB, INT4],
            &[x, Datum::Int4(2)]
        ),
        "<NULL>"
    );
    assert_eq!(
        jcall(
            "jsonb_array_element",
            &[JSONB, INT4],
            &[jb("\"foo\""), Datum::Int4(1)]
        ),
        "<NULL>"
    );
    let p = |v: &[Option<&str>]| tarr(v);
    assert_eq!(
        jcall(
            "jsonb_extract_path",
            &[JSONB, TEXT_ARRAY],
            &[j.clone(), p(&[Some("a"), Some("b")])]
        ),
        r#"{"c": "foo"}"#
    );
    assert_eq!(
        jcall(
            "jsonb_extract_path_text",
            &[JSONB, TEXT_ARRAY],
            &[j.clone(), p(&[Some("a"), Some("b"), Some("c")])]
        ),
        "foo"
    );
    assert_eq!(
        jcall(
            "jsonb_extract_path",
            &[JSONB, TEXT_ARRAY],
            &[jb("\"foo\""), p(&[])]
        ),
        "\"foo\""
    );
    assert_eq!(
        jcall(
            "jsonb_extract_path_text",
            &[JSONB, TEXT_ARRAY],
            &[jb("\"foo\""), p(&[])]
        ),
        "foo"
    );
    assert_eq!(
        jcall(
            "jsonb_extract_path",
            &[JSONB, TEXT_ARRAY],
            &[j.clone(), p(&[Some("x"), Some("1")])]
        ),
        "\"2\""
    );
    assert_eq!(
        jcall(
            "jsonb_extract_path",
            &[JSONB, TEXT_ARRAY],
            &[j.clone(), p(&[None])]
        ),
        "<NULL>"
    );
    // containment / existence
    let b = |f: &str, a: &str, c: &str| jcall(f, &[JSONB, JSONB], &[jb(a), jb(c)]);
    assert_eq!(
        b(
            "jsonb_contains",
            r#"{"a":"b", "b":1, "c":null}"#,
            r#"{"a":"b", "c":null}"#
        ),
        "Bool(true)"
    );
    assert_eq!(
        b(
            "jsonb_contains",
            r#"{"a":"b", "b":1, "c":null}"#,
            r#"{"a":"b", "c":"q"}"#
        ),
        "Bool(false)"
    );
    assert_eq!(b("jsonb_contains", "[1,2,[3]]", "[[3], 1]"), "Bool(true)");
    assert_eq!(b("jsonb_contains", "[1,2]", "1"), "Bool(true)");
    assert_eq!(b("jsonb_contains", "1", "[1]"), "Bool(false)");
    assert_eq!(
        b("jsonb_contained", r#"{"a":"b"}"#, r#"{"a":"b", "b":1}"#),
        "Bool(true)"
    );
    assert_eq!(
        jcall("jsonb_exists", &[JSONB, TEXT], &[jb(r#"{"a":1}"#), t("a")]),
        "Bool(true)"
    );
    assert_eq!(
        jcall(
            "jsonb_exists",
            &[JSONB, TEXT],
            &[jb(r#"["a","b"]"#), t("b")]
        ),
        "Bool(true)"
    );
    assert_eq!(
        jcall(
            "jsonb_exists_any",
            &[JSONB, TEXT_ARRAY],
            &[jb(r#"{"a":1,"b":2}"#), p(&[Some("b"), Some("z")])]
        ),
        "Bool(true)"
    );
    assert_eq!(
        jcall(
            "jsonb_exists_all",
            &[JSONB, TEXT_ARRAY],
            &[jb(r#"{"a":1,"b":2}"#), p(&[Some("b"), Some("z")])]
        ),
        "Bool(false)"
    );
    // concatenation
    assert_eq!(b("jsonb_concat", "[]", "\"a\""), r#"["a"]"#);
    assert_eq!(b("jsonb_concat", "[]", r#"{"a":"b"}"#), r#"[{"a": "b"}]"#);
    assert_eq!(b("jsonb_concat", r#"{"a":"b"}"#, "[]"), r#"[{"a": "b"}]"#);
    assert_eq!(
        b("jsonb_concat", "{}", r#"{"cq":"l", "b":"g", "fg":false}"#),
        r#"{"b": "g", "cq": "l", "fg": false}"#
    );
    assert_eq!(
        err(call(
            proc("jsonb_concat", &[JSONB, JSONB]),
            &[jb("\"a\""), jb(r#"{"a":1}"#)],
            &[]
        )),
        "invalid concatenation of jsonb objects"
    );
}

#[test]
fn jsonb_modification() {
    let doc = r#"{"n":null, "a":1, "b":[1,2], "c":{"1":2}, "d":{"1":[2,3]}}"#;
    let set = |path: &[Option<&str>], v: &str| -> PgResult<Datum> {
        call(
            proc("jsonb_set", &[JSONB, TEXT_ARRAY, JSONB, BOOL]),
            &[jb(doc), tarr(path), jb(v), Datum::Bool(true)],
            &[],
        )
    };
    assert_eq!(
        out(&set(&[Some("d"), Some("1"), Some("0")], "[1,2,3]").unwrap()),
        r#"{"a": 1, "b": [1, 2], "c": {"1": 2}, "d": {"1": [[1, 2, 3], 3]}, "n": null}"#
    );
    assert_eq!(
        err(set(&[Some("d"), None, Some("0")], "[1,2,3]")),
        "path element at position 2 is null"
    );
    assert_eq!(
        out(&set(&[Some("b"), Some("-1")], "[1,2,3]").unwrap()),
        r#"{"a": 1, "b": [1, [1, 2, 3]], "c": {"1": 2}, "d": {"1": [2, 3]}, "n": null}"#
    );
    let r = call(
        proc("jsonb_set", &[JSONB, TEXT_ARRAY, JSONB, BOOL]),
        &[
            jb("[]"),
            tarr(&[Some("-99")]),
            jb(r#"{"foo":123}"#),
            Datum::Bool(true),
        ],
        &[],
    );
    assert_eq!(out(&r.unwrap()), r#"[{"foo": 123}]"#);
    let r = call(
        proc("jsonb_set", &[JSONB, TEXT_ARRAY, JSONB, BOOL]),
        &[
            jb(r#"{"a": [1, 2, 3]}"#),
            tarr(&[Some("a"), Some("non_integer")]),
            jb("\"new_value\""),
            Datum::Bool(true),
        ],
        &[],
    );
    assert_eq!(
        err(r),
        "path element at position 2 is not an integer: \"non_integer\""
    );
    let r = call(
        proc("jsonb_set", &[JSONB, TEXT_ARRAY, JSONB, BOOL]),
        &[
            jb("\"a\""),
            tarr(&[Some("a")]),
            jb("\"b\""),
            Datum::Bool(true),
        ],
        &[],
    );
    assert_eq!(err(r), "cannot set path in scalar");
    // jsonb_insert
    let ins = |d: &str, path: &[Option<&str>], v: &str, after: bool| -> PgResult<Datum> {
        call(
            proc("jsonb_insert", &[JSONB, TEXT_ARRAY, JSONB, BOOL]),
            &[jb(d), tarr(path), jb(v), Datum::Bool(after)],
            &[],
        )
    };
    assert_eq!(
        out(&ins(
            r#"{"a": [0,1,2]}"#,
            &[Some("a"), Some("1")],
            "\"new_value\"",
            false
        )
        .unwrap()),
        r#"{"a": [0, "new_value", 1, 2]}"#
    );
    assert_eq!(
        out(&ins(
            r#"{"a": [0,1,2]}"#,
            &[Some("a"), Some("1")],
            "\"new_value\"",
            true
        )
        .unwrap()),
        r#"{"a": [0, 1, "new_value", 2]}"#
    );
    assert_eq!(
        out(&ins(
            r#"{"a": [0,1,2]}"#,
            &[Some("a"), Some("-1")],
            "\"new_value\"",
            true
        )
        .unwrap()),
        r#"{"a": [0, 1, 2, "new_value"]}"#
    );
    assert_eq!(
        out(&ins(
            r#"{"a": [0,1,2]}"#,
            &[Some("a"), Some("10")],
            "\"new_value\"",
            false
        )
        .unwrap()),
        r#"{"a": [0, 1, 2, "new_value"]}"#
    );
    assert_eq!(
        out(&ins(
            r#"{"a": [0,1,2]}"#,
            &[Some("a"), Some("-10")],
            "\"new_value\"",
            false
        )
        .unwrap()),
        r#"{"a": ["new_value", 0, 1, 2]}"#
    );
    assert_eq!(
        out(&ins(
            r#"{"a": {"b": "value"}}"#,
            &[Some("a"), Some("c")],
            "\"new_value\"",
            false
        )
        .unwrap()),
        r#"{"a": {"b": "value", "c": "new_value"}}"#
    );
    let e = ins(
        r#"{"a": {"b": "value"}}"#,
        &[Some("a"), Some("b")],
        "\"new_value\"",
        false,
    )
    .unwrap_err();
    assert_eq!(e.message, "cannot replace existing key");
    assert_eq!(
        e.hint.as_deref(),
        Some("Try using the function jsonb_set to replace key value.")
    );
    // deletion
    let del_path = |d: &str, path: &[Option<&str>]| {
        call(
            proc("jsonb_delete_path", &[JSONB, TEXT_ARRAY]),
            &[jb(d), tarr(path)],
            &[],
        )
    };
    assert_eq!(
        out(&del_path(doc, &[Some("b"), Some("-1")]).unwrap()),
        r#"{"a": 1, "b": [1], "c": {"1": 2}, "d": {"1": [2, 3]}, "n": null}"#
    );
    assert_eq!(
        err(del_path(doc, &[Some("b"), Some("-1e")])),
        "path element at position 2 is not an integer: \"-1e\""
    );
    assert_eq!(
        err(del_path("\"a\"", &[Some("a")])),
        "cannot delete path in scalar"
    );
    assert_eq!(out(&del_path("[]", &[Some("a")]).unwrap()), "[]");
    assert_eq!(
        jcall(
            "jsonb_delete",
            &[JSONB, TEXT],
            &[jb(r#"{"a":1 , "b":2, "c":3}"#), t("b")]
        ),
        r#"{"a": 1, "c": 3}"#
    );
    assert_eq!(
        jcall(
            "jsonb_delete",
            &[JSONB, TEXT],
            &[jb(r#"["a","b","a"]"#), t("a")]
        ),
        r#"["b"]"#
    );
    assert_eq!(
        jcall(
            "jsonb_delete",
            &[JSONB, INT4],
            &[jb(r#"["a","b","c"]"#), Datum::Int4(-1)]
        ),
        r#"["a", "b"]"#
    );
    assert_eq!(
        err(call(
            proc("jsonb_delete", &[JSONB, INT4]),
            &[jb("{}"), Datum::Int4(1)],
            &[]
        )),
        "cannot delete from object using integer index"
    );
    assert_eq!(
        err(call(
            proc("jsonb_delete", &[JSONB, TEXT]),
            &[jb("\"a\""), t("a")],
            &[]
        )),
        "cannot delete from scalar"
    );
    assert_eq!(
        jcall(
            "jsonb_delete",
            &[JSONB, TEXT_ARRAY],
            &[
                jb(r#"{"a":1 , "b":2, "c":3}"#),
                tarr(&[Some("a"), Some("c")])
            ]
        ),
        r#"{"b": 2}"#
    );
    assert_eq!(
        jcall(
            "jsonb_strip_nulls",
            &[JSONB],
            &[jb(
                r#"{"a":1,"b":null,"c":[2,null,3],"d":{"e":4,"f":null}}"#
            )]
        ),
        r#"{"a": 1, "c": [2, null, 3], "d": {"e": 4}}"#
    );
}

#[test]
fn jsonb_misc_functions() {
    assert_eq!(
        jcall("jsonb_pretty", &[JSONB], &[jb(r#"{"a":["b", "c"], "d": {"e":"f"}}"#)]),
        "{\n    \"a\": [\n        \"b\",\n        \"c\"\n    ],\n    \"d\": {\n        \"e\": \"f\"\n    }\n}"
    );
    assert_eq!(jcall("jsonb_typeof", &[JSONB], &[jb("1.5")]), "number");
    assert_eq!(jcall("jsonb_typeof", &[JSONB], &[jb("{}")]), "object");
    assert_eq!(
        jcall("jsonb_array_length", &[JSONB], &[jb("[1,2,[3]]")]),
        "Int4(3)"
    );
    assert_eq!(
        err(call(proc("jsonb_array_length", &[JSONB]), &[jb("4")], &[])),
        "cannot get array length of a scalar"
    );
    assert_eq!(
        err(call(
            proc("jsonb_array_length", &[JSONB]),
            &[jb(r#"{"f1":1}"#)],
            &[]
        )),
        "cannot get array length of a non-array"
    );
    // build functions
    let ty = [
        TEXT, INT4, TEXT, NUMERIC, TEXT, BOOL, TEXT, UNKNOWN, TEXT, JSON,
    ];
    let args = [
        t("a"),
        Datum::Int4(1),
        t("b"),
        Datum::numeric(crate::Numeric::parse("1.2").unwrap()),
        t("c"),
        Datum::Bool(true),
        t("d"),
        Datum::Null,
        t("e"),
        t(r#"{"x": 3, "y": [1,2,3]}"#),
    ];
    assert_eq!(
        out(&jsonb_build_object(
            &args,
            &FuncCtx {
                env: &env(),
                result_type: 0,
                arg_types: &ty
            }
        )
        .unwrap()),
        r#"{"a": 1, "b": 1.2, "c": true, "d": null, "e": {"x": 3, "y": [1, 2, 3]}}"#
    );
    let e = env();
    let cx = FuncCtx {
        env: &e,
        result_type: 0,
        arg_types: &ty,
    };
    let r = json_build_object(&args, &cx).unwrap();
    assert_eq!(
        r,
        t(r#"{"a" : 1, "b" : 1.2, "c" : true, "d" : null, "e" : {"x": 3, "y": [1,2,3]}}"#)
    );
    let r = json_build_array(&args, &cx).unwrap();
    assert_eq!(
        r,
        t(r#"["a", 1, "b", 1.2, "c", true, "d", null, "e", {"x": 3, "y": [1,2,3]}]"#)
    );
    let r = jsonb_build_array(&args, &cx).unwrap();
    assert_eq!(
        out(&r),
        r#"["a", 1, "b", 1.2, "c", true, "d", null, "e", {"x": 3, "y": [1, 2, 3]}]"#
    );
    assert_eq!(json_build_object(&[], &cx).unwrap(), t("{}"));
    assert_eq!(json_build_array(&[], &cx).unwrap(), t("[]"));
    let e2 = json_build_object(&[Datum::Null, t("a")], &cx).unwrap_err();
    assert_eq!(
        (e2.message.as_str(), e2.hint.as_deref()),
        (
            "argument 1 cannot be null",
            Some("Object keys should be text.")
        )
    );
    let e2 = json_build_object(&[t("a"), t("b"), t("c")], &cx).unwrap_err();
    assert_eq!(
        e2.hint.as_deref(),
        Some("The arguments of json_build_object() must consist of alternating keys and values.")
    );
    assert_eq!(
        err(jsonb_build_object(&[Datum::Null, Datum::Int4(2)], &cx)),
        "argument 1: key must not be null"
    );
    let arr = tarr(&[Some("a")]);
    let cx2 = FuncCtx {
        env: &e,
        result_type: 0,
        arg_types: &[TEXT_ARRAY, TEXT_ARRAY],
    };
    assert_eq!(
        err(json_build_object(&[arr.clone(), arr], &cx2)),
        "key value must be scalar, not array, composite, or json"
    );
    // json_object / jsonb_object
    let kv = tarr(&[
        Some("a"),
        Some("1"),
        Some("b"),
        Some("2"),
        Some("3"),
        None,
        Some("d e f"),
        Some("a b c"),
    ]);
    assert_eq!(
        jcall("json_object", &[TEXT_ARRAY], std::slice::from_ref(&kv)),
        r#"{"a" : "1", "b" : "2", "3" : null, "d e f" : "a b c"}"#
    );
    assert_eq!(
        jcall("jsonb_object", &[TEXT_ARRAY], &[kv]),
        r#"{"3": null, "a": "1", "b": "2", "d e f": "a b c"}"#
    );
    assert_eq!(
        err(call(
            proc("json_object", &[TEXT_ARRAY]),
            &[tarr(&[Some("a"), Some("b"), Some("c")])],
            &[]
        )),
        "array must have even number of elements"
    );
    assert_eq!(
        err(call(
            proc("json_object", &[TEXT_ARRAY, TEXT_ARRAY]),
            &[tarr(&[Some("a"), None]), tarr(&[Some("1"), Some("2")])],
            &[]
        )),
        "null value not allowed for object key"
    );
    // to_json / array_to_json
    let ia = Datum::Array(Box::new(Array {
        elem_type: INT4,
        dims: vec![(2, 1), (2, 1)],
        elems: vec![
            Datum::Int4(1),
            Datum::Int4(5),
            Datum::Int4(99),
            Datum::Int4(100),
        ],
    }));
    assert_eq!(
        jcall("array_to_json", &[ANYARRAY], std::slice::from_ref(&ia)),
        "[[1,5],[99,100]]"
    );
    assert_eq!(
        jcall("to_jsonb", &[ANYELEMENT], &[ia]),
        "[[1, 5], [99, 100]]"
    );
    assert_eq!(jcall("to_json", &[ANYELEMENT], &[t("a\"b")]), r#""a\"b""#);
    assert_eq!(
        jcall("to_json", &[ANYELEMENT], &[Datum::Float8(f64::NAN)]),
        r#""NaN""#
    );
    assert_eq!(jcall("to_jsonb", &[ANYELEMENT], &[Datum::Int8(-42)]), "-42");
}

#[test]
fn json_functions() {
    let j = t(r#"{"a": [1,2, {"b" : "x\u00e9"}], "a": {"c":null}, "d": "s"}"#);
    assert_eq!(
        jcall("json_object_field", &[JSON, TEXT], &[j.clone(), t("a")]),
        r#"{"c":null}"#
    );
    assert_eq!(
        jcall(
            "json_object_field_text",
            &[JSON, TEXT],
            &[j.clone(), t("d")]
        ),
        "s"
    );
    let a = t(r#"[1,2, {"b" : "x\u00e9"}, null]"#);
    assert_eq!(
        jcall(
            "json_array_element",
            &[JSON, INT4],
            &[a.clone(), Datum::Int4(2)]
        ),
        r#"{"b" : "x\u00e9"}"#
    );
    assert_eq!(
        jcall(
            "json_array_element_text",
            &[JSON, INT4],
            &[a.clone(), Datum::Int4(3)]
        ),
        "<NULL>"
    );
    assert_eq!(
        jcall(
            "json_extract_path_text",
            &[JSON, TEXT_ARRAY],
            &[a.clone(), tarr(&[Some("2"), Some("b")])]
        ),
        "xé"
    );
    assert_eq!(
        jcall("json_typeof", &[JSON], std::slice::from_ref(&a)),
        "array"
    );
    assert_eq!(
        jcall("json_array_length", &[JSON], std::slice::from_ref(&a)),
        "Int4(4)"
    );
    assert_eq!(
        jcall(
            "json_strip_nulls",
            &[JSON],
            &[t(r#"{"a":1,"b":null,"c":[2,null,3],"d":{"e":4,"f":null}}"#)]
        ),
        r#"{"a":1,"c":[2,null,3],"d":{"e":4}}"#
    );
    let e = call(
        proc("json_object_field_text", &[JSON, TEXT]),
        &[t(r#"{ "a":  "null \u0000 escape" }"#), t("a")],
        &[],
    )
    .unwrap_err();
    assert_eq!(e.message, "unsupported Unicode escape sequence");
    assert_eq!(e.context.as_deref(), Some("JSON data, line 1: { \"a\":..."));
}

#[test]
fn set_returning() {
    let rows = srf_rows(
        "jsonb_each",
        &[jb(r#"{"f1":[1,2,3],"f2":{"f3":1},"f4":null}"#)],
        &[JSONB],
    )
    .unwrap()
    .unwrap();
    let shown: Vec<String> = rows
        .iter()
        .map(|r| format!("{}|{}", r[0].as_str().unwrap(), out(&r[1])))
        .collect();
    assert_eq!(shown, ["f1|[1, 2, 3]", "f2|{\"f3\": 1}", "f4|null"]);
    let rows = srf_rows(
        "json_each_text",
        &[t(r#"{"f1":[1,2,3],"f2":{"f3":1},"f4":null,"f5":"x"}"#)],
        &[JSON],
    )
    .unwrap()
    .unwrap();
    assert_eq!(rows[0], vec![t("f1"), t("[1,2,3]")]);
    assert_eq!(rows[2], vec![t("f4"), Datum::Null]);
    assert_eq!(rows[3], vec![t("f5"), t("x")]);
    let rows = srf_rows(
        "json_array_elements",
        &[t(r#"[1,true,[1,[2,3]],null,{"f1":1},false,"stringy"]"#)],
        &[JSON],
    )
    .unwrap()
    .unwrap();
    assert_eq!(rows.len(), 7);
    assert_eq!(rows[2], vec![t("[1,[2,3]]")]);
    let r = srf_rows("jsonb_object_keys", &[jb("[1]")], &[JSONB]).unwrap();
    assert_eq!(
        r.unwrap_err().message,
        "cannot call jsonb_object_keys on an array"
    );
    let r = srf_rows("json_object_keys", &[t("1")], &[JSON]).unwrap();
    assert_eq!(
        r.unwrap_err().message,
        "cannot call json_object_keys on a scalar"
    );
    assert!(srf_rows("generate_series", &[], &[]).is_none());
    assert_eq!(
        srf_columns("jsonb_each_text"),
        Some(&[("key", TEXT), ("value", TEXT)][..])
    );
}
