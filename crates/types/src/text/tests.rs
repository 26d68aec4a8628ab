//! Unit tests for the string types (expectations checked against PostgreSQL 10).

use super::*;
use crate::SessionEnv;

fn cx_with<'a>(env: &'a SessionEnv, types: &'a [Oid]) -> FuncCtx<'a> {
    FuncCtx {
        env,
        result_type: TEXT,
        arg_types: types,
    }
}

fn call(name: &str, args: &[Datum]) -> PgResult<Datum> {
    let env = SessionEnv::default();
    let types: Vec<Oid> = args.iter().map(guess_type).collect();
    let cx = cx_with(&env, &types);
    let p = procs()
        .into_iter()
        .find(|p| {
            p.name == name
                && (p.arg_types.len() == args.len() || p.variadic != 0)
                && p.arg_types.iter().zip(types.iter()).all(|(a, b)| {
                    a == b
                        || *b == UNKNOWN
                        || *a == ANY
                        || *a == ANYELEMENT
                        || *a == ANYNONARRAY
                        || (*a == INT4 && *b == INT4)
                })
        })
        .unwrap_or_else(|| panic!("no proc {name}"));
    (p.func)(args, &cx)
}

fn s(x: &str) -> Datum {
    Datum::text(x)
}
fn i(x: i32) -> Datum {
    Datum::Int4(x)
}
fn ts(name: &str, args: &[Datum]) -> String {
    match call(name, args).unwrap() {
        Datum::Text(t) => t,
        o => panic!("{o:?}"),
    }
}
fn err(name: &str, args: &[Datum]) -> String {
    call(name, args).unwrap_err().message
}

#[test]
fn typmod_rules() {
    let env = SessionEnv::default();
    assert_eq!(input(BPCHAR, 8, "ab", &env).unwrap().unwrap(), s("ab  "));
    assert_eq!(input(BPCHAR, 5, "a   ", &env).unwrap().unwrap(), s("a"));
    let e = input(BPCHAR, 5, "ab", &env).unwrap().unwrap_err();
    assert_eq!(e.message, "value too long for type character(1)");
    assert_eq!(e.code.as_str(), "22001");
    let e = input(VARCHAR, 8, "abcde", &env).unwrap().unwrap_err();
    assert_eq!(e.message, "value too long for type character varying(4)");
    assert_eq!(
        apply_typmod(VARCHAR, &s("abcde"), 8, true)
            .unwrap()
            .unwrap(),
        s("abcd")
    );
    assert_eq!(
        apply_typmod(BPCHAR, &s("éé"), 7, false).unwrap().unwrap(),
        s("éé ")
    );
    assert_eq!(
        input(NAME, -1, &"x".repeat(70), &env).unwrap().unwrap(),
        s(&"x".repeat(63))
    );
}

#[test]
fn char_type() {
    let env = SessionEnv::default();
    assert_eq!(
        input(CHAR, -1, "ab", &env).unwrap().unwrap(),
        Datum::Char(b'a')
    );
    assert_eq!(input(CHAR, -1, "", &env).unwrap().unwrap(), Datum::Char(0));
    assert_eq!(crate::io::output(CHAR, &Datum::Char(0), &env).unwrap(), "");
}

#[test]
fn comparisons() {
    assert_eq!(
        call("text_lt", &[s("a"), s("B")]).unwrap(),
        Datum::Bool(false)
    );
    let env = SessionEnv::default();
    let cx = cx_with(&env, &[BPCHAR, BPCHAR]);
    assert_eq!(
        bpchar_eq(&[s("a  "), s("a")], &cx).unwrap(),
        Datum::Bool(true)
    );
    assert_eq!(
        bpchar_lt(&[s("a  "), s("a\t")], &cx).unwrap(),
        Datum::Bool(true)
    );
    assert_eq!(bpcharlen(&[s("ab  ")], &cx).unwrap(), i(2));
    assert_eq!(call("length", &[s("ab  ")]).unwrap(), i(4));
}

#[test]
fn pattern_operators() {
    // 'abc' ~<~ 'abd', 'ab' ~<~ 'abc' (prefix sorts first), 'B' ~<~ 'a' (byte order).
    assert_eq!(
        call("text_pattern_lt", &[s("abc"), s("abd")]).unwrap(),
        Datum::Bool(true)
    );
    assert_eq!(
        call("text_pattern_lt", &[s("ab"), s("abc")]).unwrap(),
        Datum::Bool(true)
    );
    assert_eq!(
        call("text_pattern_ge", &[s("B"), s("a")]).unwrap(),
        Datum::Bool(false)
    );
    assert_eq!(call("bttext_pattern_cmp", &[s("b"), s("a")]).unwrap(), i(1));
    let ops = opers();
    let find = |name: &str, l: Oid| {
        ops.iter()
            .find(|o| o.name == name && o.left == l)
            .map(|o| o.oid)
    };
    assert_eq!(find("~<~", TEXT), Some(2314));
    assert_eq!(find("~>=~", BPCHAR), Some(2329));
    // every pattern operator's implementing function exists
    let ps = procs();
    for o in ops
        .iter()
        .filter(|o| o.name.starts_with('~') && o.name.ends_with('~') && o.name.len() > 2)
    {
        assert!(ps.iter().any(|p| p.oid == o.proc_oid), "{}", o.oid);
    }
}

#[test]
fn string_functions() {
    assert_eq!(ts("substr", &[s("1234567890"), i(3), i(4)]), "3456");
    assert_eq!(ts("substr", &[s("hello"), i(-1), i(3)]), "h");
    assert_eq!(ts("substring", &[s("hello"), i(0)]), "hello");
    assert_eq!(
        err("substr", &[s("hello"), i(1), i(-1)]),
        "negative substring length not allowed"
    );
    assert_eq!(
        ts("overlay", &[s("Txxxxas"), s("hom"), i(2), i(4)]),
        "Thomas"
    );
    assert_eq!(ts("overlay", &[s("abcdef"), s("XY"), i(3)]), "abXYef");
    assert_eq!(call("strpos", &[s("abcdef"), s("cd")]).unwrap(), i(3));
    assert_eq!(call("strpos", &[s("abcdef"), s("")]).unwrap(), i(1));
    assert_eq!(ts("btrim", &[s("xyxtrimyyx"), s("xy")]), "trim");
    assert_eq!(ts("ltrim", &[s("  x ")]), "x ");
    assert_eq!(ts("lpad", &[s("hi"), i(5), s("xy")]), "xyxhi");
    assert_eq!(ts("lpad", &[s("hello"), i(2)]), "he");
    assert_eq!(ts("rpad", &[s("hi"), i(5), s("xy")]), "hixyx");
    assert_eq!(ts("rpad", &[s("hi"), i(5), s("")]), "hi");
    assert_eq!(ts("repeat", &[s("Pg"), i(4)]), "PgPgPgPg");
    assert_eq!(ts("repeat", &[s("Pg"), i(-4)]), "");
    assert_eq!(
        ts("replace", &[s("abcdefabcdef"), s("cd"), s("XX")]),
        "abXXefabXXef"
    );
    assert_eq!(ts("left", &[s("ahoj"), i(-2)]), "ah");
    assert_eq!(ts("right", &[s("ahoj"), i(-1)]), "hoj");
    assert_eq!(ts("right", &[s("ahoj"), i(2)]), "oj");
    assert_eq!(
        ts("split_part", &[s("joeuser@mydatabase"), s("@"), i(2)]),
        "mydatabase"
    );
    assert_eq!(ts("split_part", &[s("a,b"), s(","), i(5)]), "");
    assert_eq!(
        err("split_part", &[s("a,b"), s(","), i(0)]),
        "field position must be greater than zero"
    );
    assert_eq!(ts("translate", &[s("12345"), s("143"), s("ax")]), "a2x5");
    assert_eq!(call("ascii", &[s("x")]).unwrap(), i(120));
    assert_eq!(ts("chr", &[i(65)]), "A");
    assert_eq!(err("chr", &[i(0)]), "null character not permitted");
    assert_eq!(ts("to_hex", &[i(256)]), "100");
    assert_eq!(ts("to_hex", &[i(-1)]), "ffffffff");
    assert_eq!(ts("initcap", &[s("hi THOMAS o'neil")]), "Hi Thomas O'Neil");
    assert_eq!(ts("upper", &[s("straße")]), "STRAßE");
    assert_eq!(ts("lower", &[s("ÀB")]), "àb");
    assert_eq!(ts("md5", &[s("abc")]), "900150983cd24fb0d6963f7d28e17f72");
    assert_eq!(ts("quote_ident", &[s("Foo bar")]), "\"Foo bar\"");
    assert_eq!(ts("quote_ident", &[s("select")]), "\"select\"");
    assert_eq!(ts("quote_ident", &[s("abc_1")]), "abc_1");
    assert_eq!(ts("quote_literal", &[s("O'Reilly")]), "'O''Reilly'");
    assert_eq!(ts("quote_literal", &[s("\\")]), "E'\\\\'");
    assert_eq!(ts("quote_nullable", &[Datum::Null]), "NULL");
    assert_eq!(ts("reverse", &[s("abcé")]), "écba");
}

#[test]
fn concat_family() {
    assert_eq!(
        ts("concat", &[s("abcde"), s("2"), Datum::Null, s("22")]),
        "abcde222"
    );
    assert_eq!(
        ts(
            "concat_ws",
            &[s(","), s("10"), s("20"), Datum::Null, s("30")]
        ),
        "10,20,30"
    );
    assert_eq!(
        call("concat_ws", &[Datum::Null, s("10")]).unwrap(),
        Datum::Null
    );
    assert_eq!(ts("textanycat", &[s("a"), Datum::Char(b'1')]), "a1");
}

#[test]
fn like_family() {
    let l = |a: &str, b: &str| call("textlike", &[s(a), s(b)]).unwrap();
    assert_eq!(l("hawkeye", "h%"), Datum::Bool(true));
    assert_eq!(l("hawkeye", "%e_e"), Datum::Bool(true));
    assert_eq!(l("hawkeye", "H%"), Datum::Bool(false));
    assert_eq!(l("indio", "_ndio"), Datum::Bool(true));
    assert_eq!(l("h%", "h\\%"), Datum::Bool(true));
    assert_eq!(l("hx", "h\\%"), Datum::Bool(false));
    assert_eq!(l("abc", "%%%c"), Datum::Bool(true));
    assert_eq!(l("", "%"), Datum::Bool(true));
    assert_eq!(l("a", ""), Datum::Bool(false));
    assert!(call("textlike", &[s("a"), s("a\\")]).is_err());
    assert_eq!(
        call("texticlike", &[s("HAWKeye"), s("h%")]).unwrap(),
        Datum::Bool(true)
    );
    assert_eq!(ts("like_escape", &[s("h#%x\\"), s("#")]), "h\\%x\\\\");
    assert_eq!(ts("like_escape", &[s("a\\b"), s("")]), "a\\\\b");
    assert_eq!(
        err("like_escape", &[s("a"), s("ab")]),
        "invalid escape string"
    );
}

#[test]
fn format_fn() {
    let f = |args: &[Datum]| ts("format", args);
    assert_eq!(f(&[s("Hello %s"), s("World")]), "Hello World");
    assert_eq!(f(&[s("Hello %%%%")]), "Hello %%");
    assert_eq!(
        f(&[
            s("INSERT INTO %I VALUES(%L,%L)"),
            s("mytab"),
            s("10"),
            Datum::Null
        ]),
        "INSERT INTO mytab VALUES('10',NULL)"
    );
    assert_eq!(
        f(&[s("Hello %s %1$s %s"), s("World"), s("Hello again")]),
        "Hello World World Hello again"
    );
    assert_eq!(f(&[s(">>%-10s<<"), s("Hello")]), ">>Hello     <<");
    assert_eq!(
        f(&[s(">>%2$*1$L<<"), s("-10"), Datum::Null]),
        ">>NULL      <<"
    );
    assert_eq!(f(&[s(">>%*1$s<<"), s("10"), s("Hello")]), ">>     Hello<<");
    assert_eq!(
        f(&[s(">>%2$*1$L<<"), Datum::Null, s("Hello")]),
        ">>'Hello'<<"
    );
    assert_eq!(f(&[s(">>%1$-10I<<"), s("Hello")]), ">>\"Hello\"   <<");
    assert_eq!(
        err("format", &[s("Hello %s %s"), s("World")]),
        "too few arguments for format()"
    );
    assert_eq!(
        err("format", &[s("Hello %x"), s("20")]),
        "unrecognized format() type specifier \"x\""
    );
    assert_eq!(
        err("format", &[s("%0$s"), s("x")]),
        "format specifies argument 0, but arguments are numbered from 1"
    );
    assert_eq!(
        err("format", &[s("%*0$s"), s("x")]),
        "format specifies argument 0, but arguments are numbered from 1"
    );
    assert_eq!(
        err("format", &[s("%1$1"), s("1")]),
        "unterminated format() type specifier"
    );
    assert_eq!(
        err("format", &[s("%1$"), s("1")]),
        "unterminated format() type specifier"
    );
    assert_eq!(call("format", &[Datum::Null]).unwrap(), Datum::Null);
}

#[test]
fn binary_io() {
    let env = SessionEnv::default();
    assert!(receive(TEXT, -1, &[0xc3, 0x28], &env).unwrap().is_err());
    let e = receive(TEXT, -1, &[b'a', 0xc3, 0x28], &env)
        .unwrap()
        .unwrap_err();
    assert_eq!(
        e.message,
        "invalid byte sequence for encoding \"UTF8\": 0xc3 0x28"
    );
    assert_eq!(
        receive(TEXT, -1, "é".as_bytes(), &env).unwrap().unwrap(),
        s("é")
    );
}

#[test]
fn parse_ident_cases() {
    let ok = |x: &str, strict: bool| parse_ident_str(x, strict).unwrap();
    let bad = |x: &str| {
        let e = parse_ident_str(x, true).unwrap_err();
        (e.message, e.detail.unwrap_or_default())
    };
    assert_eq!(ok("Schemax.Tabley", true), vec!["schemax", "tabley"]);
    assert_eq!(
        ok("\"SchemaX\".\"TableY\"", true),
        vec!["SchemaX", "TableY"]
    );
    assert_eq!(ok("foo.boo[]", false), vec!["foo", "boo"]);
    assert_eq!(
        ok(" first . \"  second  \" .\"   third   \". \"  x\"", true),
        vec!["first", "  second  ", "   third   ", "  x"]
    );
    assert_eq!(
        bad("foo.boo[]"),
        (
            "string is not a valid identifier: \"foo.boo[]\"".into(),
            String::new()
        )
    );
    assert_eq!(bad(" ").1, "");
    assert_eq!(bad(" .aaa").1, "No valid identifier before \".\".");
    assert_eq!(bad(" aaa . ").1, "No valid identifier after \".\".");
    assert_eq!(bad(".").1, "No valid identifier before \".\".");
    assert_eq!(bad("xxx.1020").1, "No valid identifier after \".\".");
    assert_eq!(bad("1020").1, "");
    assert_eq!(bad("aaa.a%b").1, "");
}
