//! Unit tests with expectations taken from PostgreSQL 10.2's regression outputs
//! (point, lseg, line, box, path, polygon, circle, geometry).

use super::*;
use crate::registry::FuncCtx;

fn env(extra: i32) -> SessionEnv {
    SessionEnv {
        extra_float_digits: extra,
        ..Default::default()
    }
}

fn parse(typ: Oid, s: &str) -> Datum {
    match input(typ, -1, s, &env(0)) {
        Some(Ok(d)) => d,
        Some(Err(e)) => panic!("input {:?} failed: {}", s, e.message),
        None => panic!("type not handled"),
    }
}

fn parse_err(typ: Oid, s: &str) -> String {
    match input(typ, -1, s, &env(0)) {
        Some(Err(e)) => e.message,
        _ => panic!("input {:?} should fail", s),
    }
}

fn show_env(typ: Oid, d: &Datum, e: &SessionEnv) -> String {
    if d.is_null() {
        return String::new();
    }
    if let Datum::Float8(v) = d {
        return crate::float::float8_out(*v, e);
    }
    if let Datum::Bool(b) = d {
        return if *b { "t".into() } else { "f".into() };
    }
    if let Datum::Int4(v) = d {
        return v.to_string();
    }
    let mut s = String::new();
    assert!(output(typ, d, e, &mut s).unwrap());
    s
}

fn show(typ: Oid, d: &Datum) -> String {
    show_env(typ, d, &env(0))
}

/// Evaluate a binary (or prefix, left = 0) operator.
fn oper_e(name: &str, left: Oid, right: Oid, args: &[Datum], e: &SessionEnv) -> (Oid, Datum) {
    let o = opers()
        .into_iter()
        .find(|o| o.name == name && o.left == left && o.right == right)
        .unwrap_or_else(|| panic!("no operator {} {} {}", left, name, right));
    let p = procs()
        .into_iter()
        .find(|p| p.oid == o.proc_oid)
        .unwrap_or_else(|| panic!("no proc {}", o.proc_oid));
    let cx = FuncCtx {
        env: e,
        result_type: o.result,
        arg_types: p.arg_types,
    };
    (o.result, (p.func)(args, &cx).unwrap())
}

fn oper(name: &str, left: Oid, right: Oid, args: &[Datum]) -> String {
    let (t, d) = oper_e(name, left, right, args, &env(0));
    show(t, &d)
}

fn func_e(name: &str, types: &[Oid], args: &[Datum], e: &SessionEnv) -> PgResult<(Oid, Datum)> {
    let p = procs()
        .into_iter()
        .find(|p| p.name == name && p.arg_types == types)
        .unwrap_or_else(|| panic!("no function {}({:?})", name, types));
    let cx = FuncCtx {
        env: e,
        result_type: p.ret_type,
        arg_types: p.arg_types,
    };
    (p.func)(args, &cx).map(|d| (p.ret_type, d))
}

fn func3(name: &str, types: &[Oid], args: &[Datum]) -> String {
    let (t, d) = func_e(name, types, args, &env(-3)).unwrap();
    show_env(t, &d, &env(-3))
}

const POINTS: [&str; 6] = [
    "(0.0,0.0)",
    "(-10.0,0.0)",
    "(-3.0,4.0)",
    "(5.1, 34.5)",
    "(-5.0,-12.0)",
    "10.0,10.0",
];
const LSEGS: [&str; 5] = [
    "[(1,2),(3,4)]",
    "(0,0),(6,6)",
    "10,-10 ,-3,-4",
    "[-1e6,2e2,3e5, -4e1]",
    "(11,22,33,44)",
];
const BOXES: [&str; 4] = [
    "(2.0,2.0,0.0,0.0)",
    "(1.0,1.0,3.0,3.0)",
    "(2.5, 2.5, 2.5,3.5)",
    "(3.0, 3.0,3.0,3.0)",
];
const PATHS: [&str; 8] = [
    "[(1,2),(3,4)]",
    "((1,2),(3,4))",
    "[(0,0),(3,0),(4,5),(1,6)]",
    "((1,2),(3,4))",
    "1,2 ,3,4",
    "[1,2,3, 4]",
    "[11,12,13,14]",
    "(11,12,13,14)",
];
const POLYS: [&str; 4] = [
    "(2.0,0.0),(2.0,4.0),(0.0,0.0)",
    "(3.0,1.0),(3.0,3.0),(1.0,0.0)",
    "(0.0,0.0)",
    "(0.0,1.0),(0.0,1.0)",
];
const CIRCLES: [&str; 6] = [
    "<(5,1),3>",
    "<(1,2),100>",
    "1,3,5",
    "((1,2),3)",
    "<(100,200),10>",
    "<(100,1),115>",
];
const LINES: [&str; 7] = [
    "{1,-1,1}",
    "(0,0),(6,6)",
    "10,-10 ,-5,-4",
    "[-1e6,2e2,3e5, -4e1]",
    "(11,22,33,44)",
    "[(1,3),(2,3)]",
    "[(3,1),(3,2)]",
];

fn tbl(typ: Oid, rows: &[&str]) -> Vec<Datum> {
    rows.iter().map(|s| parse(typ, s)).collect()
}

#[test]
fn point_io() {
    let out: Vec<String> = tbl(POINT, &POINTS).iter().map(|d| show(POINT, d)).collect();
    assert_eq!(
        out,
        [
            "(0,0)",
            "(-10,0)",
            "(-3,4)",
            "(5.1,34.5)",
            "(-5,-12)",
            "(10,10)"
        ]
    );
    for bad in ["asdfasdf", "(10.0 10.0)", "(10.0,10.0"] {
        assert_eq!(
            parse_err(POINT, bad),
            format!("invalid input syntax for type point: \"{}\"", bad)
        );
    }
}

#[test]
fn point_ops() {
    let pts = tbl(POINT, &POINTS);
    let o = parse(POINT, "(0.0, 0.0)");
    let left: Vec<String> = pts
        .iter()
        .filter(|p| oper("<<", POINT, POINT, &[(*p).clone(), o.clone()]) == "t")
        .map(|p| show(POINT, p))
        .collect();
    assert_eq!(left, ["(-10,0)", "(-3,4)", "(-5,-12)"]);
    let below: Vec<String> = pts
        .iter()
        .filter(|p| oper("<^", POINT, POINT, &[(*p).clone(), o.clone()]) == "t")
        .map(|p| show(POINT, p))
        .collect();
    assert_eq!(below, ["(-5,-12)"]);
    let bx = parse(BOX, "(0,0,100,100)");
    let inbox: Vec<String> = pts
        .iter()
        .filter(|p| oper("<@", POINT, BOX, &[(*p).clone(), bx.clone()]) == "t")
        .map(|p| show(POINT, p))
        .collect();
    assert_eq!(inbox, ["(0,0)", "(5.1,34.5)", "(10,10)"]);
    let path = parse(PATH, "[(0,0),(-10,0),(-10,10)]");
    let onpath: Vec<String> = pts
        .iter()
        .filter(|p| oper("<@", POINT, PATH, &[(*p).clone(), path.clone()]) == "t")
        .map(|p| show(POINT, p))
        .collect();
    assert_eq!(onpath, ["(0,0)", "(-10,0)"]);
    let dists: Vec<String> = pts
        .iter()
        .map(|p| oper("<->", POINT, POINT, &[p.clone(), o.clone()]))
        .collect();
    assert_eq!(
        dists,
        ["0", "10", "5", "34.8749193547455", "13", "14.142135623731"]
    );
    assert_eq!(
        oper("<->", POINT, POINT, &[pts[1].clone(), pts[2].clone()]),
        "8.06225774829855"
    );
    assert_eq!(
        oper("<->", POINT, POINT, &[pts[4].clone(), pts[3].clone()]),
        "47.5842410888311"
    );
    // fuzzy equality vs exact box containment
    let tiny = parse(POINT, "(0.0000009,0.0000009)");
    assert_eq!(oper("~=", POINT, POINT, &[o.clone(), tiny.clone()]), "t");
    let tbox = parse(BOX, "(0.0000009,0.0000009),(0.0000009,0.0000009)");
    assert_eq!(oper("<@", POINT, BOX, &[o.clone(), tbox.clone()]), "f");
    assert_eq!(oper("<@", POINT, BOX, &[tiny.clone(), tbox]), "t");
    let t2 = parse(POINT, "(0.0000018,0.0000018)");
    assert_eq!(oper("~=", POINT, POINT, &[o, t2]), "f");
    // horizontal / vertical
    let h: Vec<bool> = pts
        .iter()
        .map(|p| oper("?-", POINT, POINT, &[p.clone(), parse(POINT, "(0,0)")]) == "t")
        .collect();
    assert_eq!(h, [true, true, false, false, false, false]);
}

#[test]
fn lseg_io_and_ops() {
    let ls = tbl(LSEG, &LSEGS);
    let out: Vec<String> = ls.iter().map(|d| show(LSEG, d)).collect();
    assert_eq!(
        out,
        [
            "[(1,2),(3,4)]",
            "[(0,0),(6,6)]",
            "[(10,-10),(-3,-4)]",
            "[(-1000000,200),(300000,-40)]",
            "[(11,22),(33,44)]"
        ]
    );
    for bad in [
        "(3asdf,2 ,3,4r2)",
        "[1,2,3, 4",
        "[(,2),(3,4)]",
        "[(1,2),(3,4)",
    ] {
        assert_eq!(
            parse_err(LSEG, bad),
            format!("invalid input syntax for type lseg: \"{}\"", bad)
        );
    }
    let r = parse(LSEG, "[(1,2),(3,4)]");
    let le: Vec<bool> = ls
        .iter()
        .map(|s| oper("<=", LSEG, LSEG, &[s.clone(), r.clone()]) == "t")
        .collect();
    assert_eq!(le, [true, false, false, false, false]);
    let near: Vec<bool> = ls
        .iter()
        .map(|s| {
            let (_, d) = oper_e("<->", LSEG, LSEG, &[s.clone(), r.clone()], &env(0));
            d.as_f64().unwrap() < 10.0
        })
        .collect();
    assert_eq!(near, [true, true, true, false, false]);
}

#[test]
fn line_io_and_ops() {
    let ls = tbl(LINE, &LINES);
    let out: Vec<String> = ls.iter().map(|d| show(LINE, d)).collect();
    assert_eq!(
        out,
        [
            "{1,-1,1}",
            "{1,-1,0}",
            "{-0.4,-1,-6}",
            "{-0.000184615384615385,-1,15.3846153846154}",
            "{1,-1,11}",
            "{0,-1,3}",
            "{-1,0,3}"
        ]
    );
    assert_eq!(
        parse_err(LINE, "[(1,0),(1,0)]"),
        "invalid line specification: must be two distinct points"
    );
    assert_eq!(
        parse_err(LINE, "{0,0,1}"),
        "invalid line specification: A and B cannot both be zero"
    );
    for bad in [
        "(3asdf,2 ,3,4r2)",
        "[1,2,3, 4",
        "[(,2),(3,4)]",
        "[(1,2),(3,4)",
    ] {
        assert_eq!(
            parse_err(LINE, bad),
            format!("invalid input syntax for type line: \"{}\"", bad)
        );
    }
    let l = |s: &str| parse(LINE, s);
    let s = |x: &str| parse(LSEG, x);
    let p = |x: &str| parse(POINT, x);
    let b = |x: &str| parse(BOX, x);
    let near: Vec<bool> = ls
        .iter()
        .map(|x| {
            let (_, d) = oper_e("<->", POINT, LINE, &[p("(0.1,0.1)"), x.clone()], &env(0));
            d.as_f64().unwrap() < 1.0
        })
        .collect();
    assert_eq!(near, [true, true, false, false, false, false, false]);
    let near: Vec<bool> = ls
        .iter()
        .map(|x| {
            let (_, d) = oper_e(
                "<->",
                LSEG,
                LINE,
                &[s("[(0.1,0.1),(0.2,0.2)]"), x.clone()],
                &env(0),
            );
            d.as_f64().unwrap() < 1.0
        })
        .collect();
    assert_eq!(near, [true, true, false, false, false, false, false]);
    assert_eq!(
        oper(
            "<->",
            LINE,
            LINE,
            &[l("[(1,1),(2,1)]"), l("[(-1,-1),(-2,-1)]")]
        ),
        "2"
    );
    assert_eq!(
        oper(
            "<->",
            LSEG,
            LINE,
            &[s("[(1,1),(2,1)]"), l("[(-1,-1),(-2,-1)]")]
        ),
        "2"
    );
    assert_eq!(
        oper("<->", POINT, LINE, &[p("(-1,1)"), l("[(-3,0),(-4,0)]")]),
        "1"
    );
    assert_eq!(
        oper("?#", LSEG, LINE, &[s("[(1,1),(5,5)]"), l("[(2,0),(0,2)]")]),
        "t"
    );
    assert_eq!(
        oper("?#", LSEG, LINE, &[s("[(1,1),(5,5)]"), l("[(0,0),(1,0)]")]),
        "f"
    );
    assert_eq!(
        oper("?#", LINE, BOX, &[l("[(0,0),(1,1)]"), b("(0,0,2,2)")]),
        "t"
    );
    assert_eq!(
        oper("?#", LINE, BOX, &[l("[(3,0),(4,1)]"), b("(0,0,2,2)")]),
        "f"
    );
    assert_eq!(
        oper("<@", POINT, LINE, &[p("(1,1)"), l("[(0,0),(2,2)]")]),
        "t"
    );
    assert_eq!(
        oper("<@", POINT, LINE, &[p("(1,1)"), l("[(0,0),(1,0)]")]),
        "f"
    );
    assert_eq!(
        oper("@", POINT, LINE, &[p("(1,1)"), l("[(0,0),(2,2)]")]),
        "t"
    );
    assert_eq!(
        oper("<@", LSEG, LINE, &[s("[(1,1),(2,2)]"), l("[(0,0),(2,2)]")]),
        "t"
    );
    assert_eq!(
        oper("<@", LSEG, LINE, &[s("[(1,1),(2,1)]"), l("[(0,0),(1,0)]")]),
        "f"
    );
    assert_eq!(
        oper("##", POINT, LINE, &[p("(0,1)"), l("[(0,0),(1,1)]")]),
        "(0.5,0.5)"
    );
    assert_eq!(
        oper("##", LINE, LSEG, &[l("[(0,0),(1,1)]"), s("[(1,0),(2,0)]")]),
        "(1,0)"
    );
    assert_eq!(
        oper("?#", LINE, LINE, &[l("[(0,0),(1,1)]"), l("[(1,0),(2,1)]")]),
        "f"
    );
    assert_eq!(
        oper("?#", LINE, LINE, &[l("[(0,0),(1,1)]"), l("[(1,0),(1,1)]")]),
        "t"
    );
    assert_eq!(
        oper("#", LINE, LINE, &[l("[(0,0),(1,1)]"), l("[(1,0),(2,1)]")]),
        ""
    );
    assert_eq!(
        oper("#", LINE, LINE, &[l("[(0,0),(1,1)]"), l("[(1,0),(1,1)]")]),
        "(1,1)"
    );
    assert_eq!(
        oper("?||", LINE, LINE, &[l("[(0,0),(1,1)]"), l("[(1,0),(2,1)]")]),
        "t"
    );
    assert_eq!(
        oper("?||", LINE, LINE, &[l("[(0,0),(1,1)]"), l("[(1,0),(1,1)]")]),
        "f"
    );
    assert_eq!(
        oper("?-|", LINE, LINE, &[l("[(0,0),(1,0)]"), l("[(0,0),(0,1)]")]),
        "t"
    );
    assert_eq!(
        oper("?-|", LINE, LINE, &[l("[(0,0),(1,1)]"), l("[(1,0),(1,1)]")]),
        "f"
    );
    assert_eq!(oper("?-", 0, LINE, &[l("[(0,0),(1,0)]")]), "t");
    assert_eq!(oper("?-", 0, LINE, &[l("[(0,0),(1,1)]")]), "f");
    assert_eq!(oper("?|", 0, LINE, &[l("[(0,0),(0,1)]")]), "t");
    assert_eq!(oper("?|", 0, LINE, &[l("[(0,0),(1,1)]")]), "f");
    let (t, d) = func_e("line", &[POINT, POINT], &[p("(1,2)"), p("(3,4)")], &env(0)).unwrap();
    assert_eq!(show(t, &d), "{1,-1,1}");
    assert_eq!(
        oper("=", LINE, LINE, &[l("[(1,2),(3,4)]"), l("[(3,4),(4,5)]")]),
        "t"
    );
    assert_eq!(
        oper("=", LINE, LINE, &[l("[(1,2),(3,4)]"), l("[(3,4),(4,4)]")]),
        "f"
    );
}

#[test]
fn box_io_and_ops() {
    let bs = tbl(BOX, &BOXES);
    let out: Vec<String> = bs.iter().map(|d| show(BOX, d)).collect();
    assert_eq!(
        out,
        [
            "(2,2),(0,0)",
            "(3,3),(1,1)",
            "(2.5,3.5),(2.5,2.5)",
            "(3,3),(3,3)"
        ]
    );
    for bad in ["(2.3, 4.5)", "asdfasdf(ad"] {
        assert_eq!(
            parse_err(BOX, bad),
            format!("invalid input syntax for type box: \"{}\"", bad)
        );
    }
    let sel = |op: &str, other: &str, swap: bool| -> Vec<usize> {
        let o = parse(BOX, other);
        (0..bs.len())
            .filter(|&i| {
                let args = if swap {
                    [o.clone(), bs[i].clone()]
                } else {
                    [bs[i].clone(), o.clone()]
                };
                oper(op, BOX, BOX, &args) == "t"
            })
            .collect()
    };
    assert_eq!(sel("&&", "(2.5,2.5,1.0,1.0)", false), [0, 1, 2]);
    assert_eq!(sel("&<", "(2.0,2.0,2.5,2.5)", false), [0, 2]);
    assert_eq!(sel("&>", "(2.0,2.0,2.5,2.5)", false), [2, 3]);
    assert_eq!(sel("<<", "(3.0,3.0,5.0,5.0)", false), [0, 2]);
    assert_eq!(sel("<=", "(3.0,3.0,5.0,5.0)", false), [0, 1, 2, 3]);
    assert_eq!(sel("<", "(3.0,3.0,5.0,5.0)", false), [2, 3]);
    assert_eq!(sel("=", "(3.0,3.0,5.0,5.0)", false), [0, 1]);
    assert_eq!(sel(">", "(3.5,3.0,4.5,3.0)", false), [0, 1]);
    assert_eq!(sel(">=", "(3.5,3.0,4.5,3.0)", false), [0, 1, 2, 3]);
    assert_eq!(sel(">>", "(3.0,3.0,5.0,5.0)", true), [0, 2]);
    assert_eq!(sel("<@", "(0,0,3,3)", false), [0, 1, 3]);
    assert_eq!(sel("@>", "(0,0,3,3)", true), [0, 1, 3]);
    assert_eq!(sel("~=", "(1,1,3,3)", true), [1]);
    let f = |name: &str| -> Vec<String> {
        bs.iter()
            .map(|b| {
                let (t, d) = func_e(name, &[BOX], std::slice::from_ref(b), &env(0)).unwrap();
                show(t, &d)
            })
            .collect()
    };
    assert_eq!(f("area"), ["4", "4", "0", "0"]);
    assert_eq!(f("height"), ["2", "2", "1", "0"]);
    assert_eq!(f("width"), ["2", "2", "0", "0"]);
    assert_eq!(f("center"), ["(1,1)", "(2,2)", "(2.5,3)", "(3,3)"]);
    assert_eq!(
        f("polygon"),
        [
            "((0,0),(0,2),(2,2),(2,0))",
            "((1,1),(1,3),(3,3),(3,1))",
            "((2.5,2.5),(2.5,3.5),(2.5,3.5),(2.5,2.5))",
            "((3,3),(3,3),(3,3),(3,3))"
        ]
    );
    let c: Vec<String> = bs
        .iter()
        .map(|b| func3("circle", &[BOX], std::slice::from_ref(b)))
        .collect();
    assert_eq!(
        c,
        [
            "<(1,1),1.41421356237>",
            "<(2,2),1.41421356237>",
            "<(2.5,3),0.5>",
            "<(3,3),0>"
        ]
    );
    // other input spellings
    assert_eq!(
        show(BOX, &parse(BOX, "(-infinity,0)(0,infinity)")),
        "(0,Infinity),(-Infinity,0)"
    );
    assert_eq!(
        show(BOX, &parse(BOX, "(10,4.333334),(5,100)")),
        "(10,100),(5,4.333334)"
    );
    assert_eq!(
        show(BOX, &parse(BOX, "((200, 300),(210, 310))")),
        "(210,310),(200,300)"
    );
    let mut all = Vec::new();
    for a in &bs {
        for b in &bs {
            all.push(func3("bound_box", &[BOX, BOX], &[a.clone(), b.clone()]));
        }
    }
    assert_eq!(
        all,
        [
            "(2,2),(0,0)",
            "(3,3),(0,0)",
            "(2.5,3.5),(0,0)",
            "(3,3),(0,0)",
            "(3,3),(0,0)",
            "(3,3),(1,1)",
            "(3,3.5),(1,1)",
            "(3,3),(1,1)",
            "(2.5,3.5),(0,0)",
            "(3,3.5),(1,1)",
            "(2.5,3.5),(2.5,2.5)",
            "(3,3.5),(2.5,2.5)",
            "(3,3),(0,0)",
            "(3,3),(1,1)",
            "(3,3.5),(2.5,2.5)",
            "(3,3),(3,3)"
        ]
    );
}

#[test]
fn box_point_arithmetic() {
    let bs = tbl(BOX, &BOXES);
    let pts = tbl(POINT, &POINTS);
    let mut mul = Vec::new();
    let mut add = Vec::new();
    for p in &pts {
        for b in &bs {
            mul.push(oper("*", BOX, POINT, &[b.clone(), p.clone()]));
            add.push(oper("-", BOX, POINT, &[b.clone(), p.clone()]));
        }
    }
    assert_eq!(
        &mul[4..12],
        [
            "(-0,0),(-20,-20)",
            "(-10,-10),(-30,-30)",
            "(-25,-25),(-25,-35)",
            "(-30,-30),(-30,-30)",
            "(-0,2),(-14,0)",
            "(-7,3),(-21,1)",
            "(-17.5,2.5),(-21.5,-0.5)",
            "(-21,3),(-21,3)",
        ]
    );
    assert_eq!(
        &mul[12..20],
        [
            "(0,79.2),(-58.8,0)",
            "(-29.4,118.8),(-88.2,39.6)",
            "(-73.5,104.1),(-108,99)",
            "(-88.2,118.8),(-88.2,118.8)",
            "(14,-0),(0,-34)",
            "(21,-17),(7,-51)",
            "(29.5,-42.5),(17.5,-47.5)",
            "(21,-51),(21,-51)",
        ]
    );
    assert_eq!(
        &add[12..16],
        [
            "(-3.1,-32.5),(-5.1,-34.5)",
            "(-2.1,-31.5),(-4.1,-33.5)",
            "(-2.6,-31),(-2.6,-32)",
            "(-2.1,-31.5),(-2.1,-31.5)",
        ]
    );
    let e = env(-3);
    let mut div = Vec::new();
    for b in &bs {
        for p in &pts[1..] {
            let (t, d) = oper_e("/", BOX, POINT, &[b.clone(), p.clone()], &e);
            div.push(show_env(t, &d, &e));
        }
    }
    assert_eq!(
        &div[..8],
        [
            "(0,-0),(-0.2,-0.2)",
            "(0.08,-0),(0,-0.56)",
            "(0.0651176557644,0),(0,-0.0483449262493)",
            "(-0,0.0828402366864),(-0.201183431953,0)",
            "(0.2,0),(0,0)",
            "(-0.1,-0.1),(-0.3,-0.3)",
            "(0.12,-0.28),(0.04,-0.84)",
            "(0.0976764836466,-0.0241724631247),(0.0325588278822,-0.072517389374)",
        ]
    );
    // division by the zero point
    let r = func_e(
        "box_div",
        &[BOX, POINT],
        &[bs[0].clone(), pts[0].clone()],
        &e,
    );
    assert_eq!(r.unwrap_err().message, "division by zero");
    // point::box cast function
    assert_eq!(
        func3("box", &[POINT], &[pts[3].clone()]),
        "(5.1,34.5),(5.1,34.5)"
    );
}

#[test]
fn closest_point_on_lseg() {
    let ls = tbl(LSEG, &LSEGS);
    let pts = tbl(POINT, &POINTS);
    let e = env(-3);
    let mut got = Vec::new();
    for p in &pts {
        for l in &ls {
            let (t, d) = oper_e("##", POINT, LSEG, &[p.clone(), l.clone()], &e);
            got.push(show_env(t, &d, &e));
        }
    }
    let want = [
        "(1,2)",
        "(-0,0)",
        "(-2.0487804878,-4.43902439024)",
        "(0.00284023658959,15.3846148603)",
        "(11,22)",
        "(1,2)",
        "(0,0)",
        "(-3,-4)",
        "(-9.99715942258,15.386461014)",
        "(11,22)",
        "(1,2)",
        "(0.5,0.5)",
        "(-3,-4)",
        "(-2.99789812268,15.3851688427)",
        "(11,22)",
        "(3,4)",
        "(6,6)",
        "(-3,-4)",
        "(5.09647083221,15.3836744977)",
        "(14.3,25.3)",
        "(1,2)",
        "(0,0)",
        "(-1.60487804878,-4.64390243902)",
        "(-4.99494420846,15.3855375282)",
        "(11,22)",
        "(3,4)",
        "(6,6)",
        "(2.39024390244,-6.48780487805)",
        "(10.000993742,15.3827690473)",
        "(11,22)",
    ];
    assert_eq!(got, want);
    // there is no lseg # point operator
    assert!(!opers()
        .iter()
        .any(|o| o.name == "#" && o.left == LSEG && o.right == POINT));
}

#[test]
fn path_io_and_funcs() {
    let ps = tbl(PATH, &PATHS);
    let out: Vec<String> = ps.iter().map(|d| show(PATH, d)).collect();
    assert_eq!(
        out,
        [
            "[(1,2),(3,4)]",
            "((1,2),(3,4))",
            "[(0,0),(3,0),(4,5),(1,6)]",
            "((1,2),(3,4))",
            "((1,2),(3,4))",
            "[(1,2),(3,4)]",
            "[(11,12),(13,14)]",
            "((11,12),(13,14))"
        ]
    );
    for bad in ["[(,2),(3,4)]", "[(1,2),(3,4)"] {
        assert_eq!(
            parse_err(PATH, bad),
            format!("invalid input syntax for type path: \"{}\"", bad)
        );
    }
    let f = |name: &str, d: &Datum| {
        let (t, r) = func_e(name, &[PATH], std::slice::from_ref(d), &env(0)).unwrap();
        show(t, &r)
    };
    let open: Vec<String> = ps.iter().map(|d| f("isopen", d)).collect();
    assert_eq!(open, ["t", "f", "t", "f", "f", "t", "t", "f"]);
    assert_eq!(f("pclose", &ps[2]), "((0,0),(3,0),(4,5),(1,6))");
    assert_eq!(f("popen", &ps[7]), "[(11,12),(13,14)]");
    assert_eq!(f("npoints", &ps[2]), "4");
    let add: Vec<String> = ps
        .iter()
        .map(|p| oper("+", PATH, POINT, &[p.clone(), parse(POINT, "(10,10)")]))
        .collect();
    assert_eq!(add[2], "[(10,10),(13,10),(14,15),(11,16)]");
    assert_eq!(add[7], "((21,22),(23,24))");
    let mul: Vec<String> = ps
        .iter()
        .map(|p| oper("*", PATH, POINT, &[p.clone(), parse(POINT, "(2,-1)")]))
        .collect();
    assert_eq!(mul[2], "[(0,0),(6,-3),(13,6),(8,11)]");
    assert_eq!(mul[6], "[(34,13),(40,15)]");
    assert_eq!(f("polygon", &ps[1]), "((1,2),(3,4))");
    let r = func_e("polygon", &[PATH], &[ps[0].clone()], &env(0));
    assert_eq!(
        r.unwrap_err().message,
        "open path cannot be converted to polygon"
    );
    assert_eq!(oper("@-@", 0, PATH, &[ps[2].clone()]), "11.2612971737612");
    assert_eq!(f("area", &parse(PATH, "((0,0),(4,0),(4,3))")), "6");
    assert_eq!(f("area", &ps[0]), "");
}

#[test]
fn polygon_io_and_ops() {
    let ps = tbl(POLYGON, &POLYS);
    let out: Vec<String> = ps.iter().map(|d| show(POLYGON, d)).collect();
    assert_eq!(
        out,
        [
            "((2,0),(2,4),(0,0))",
            "((3,1),(3,3),(1,0))",
            "((0,0))",
            "((0,1),(0,1))"
        ]
    );
    for bad in ["0.0", "(0.0 0.0", "(0,1,2)", "(0,1,2,3", "asdf"] {
        assert_eq!(
            parse_err(POLYGON, bad),
            format!("invalid input syntax for type polygon: \"{}\"", bad)
        );
    }
    let o = parse(POLYGON, "(3.0,1.0),(3.0,3.0),(1.0,0.0)");
    let sel = |op: &str| -> Vec<usize> {
        (0..ps.len())
            .filter(|&i| oper(op, POLYGON, POLYGON, &[ps[i].clone(), o.clone()]) == "t")
            .collect()
    };
    assert_eq!(sel("&&"), [0, 1]);
    assert_eq!(sel("&<"), [0, 1, 2, 3]);
    assert_eq!(sel("&>"), [1]);
    assert_eq!(sel("<<"), [2, 3]);
    assert_eq!(sel(">>"), Vec::<usize>::new());
    assert_eq!(sel("<@"), [1]);
    assert_eq!(sel("~="), [1]);
    assert_eq!(sel("@>"), [1]);
    let pg = |s: &str| parse(POLYGON, s);
    let chk = |op: &str, a: &str, b: &str| oper(op, POLYGON, POLYGON, &[pg(a), pg(b)]);
    assert_eq!(
        chk(
            "@>",
            "((0,4),(6,4),(1,2),(6,0),(0,0))",
            "((2,1),(2,3),(3,3),(3,1))"
        ),
        "f"
    );
    assert_eq!(
        chk(
            "@>",
            "((0,4),(6,4),(3,2),(6,0),(0,0))",
            "((2,1),(2,3),(3,3),(3,1))"
        ),
        "t"
    );
    assert_eq!(
        chk(
            "@>",
            "((1,1),(1,4),(5,4),(5,3),(2,3),(2,2),(5,2),(5,1))",
            "((3,2),(3,3),(4,3),(4,2))"
        ),
        "f"
    );
    assert_eq!(
        chk(
            "@>",
            "((0,0),(0,3),(3,3),(3,0))",
            "((2,1),(2,2),(3,2),(3,1))"
        ),
        "t"
    );
    assert_eq!(
        chk(
            "&&",
            "((0,4),(6,4),(1,2),(6,0),(0,0))",
            "((2,1),(2,3),(3,3),(3,1))"
        ),
        "t"
    );
    assert_eq!(
        chk(
            "&&",
            "((1,4),(1,1),(4,1),(4,2),(2,2),(2,4),(1,4))",
            "((3,3),(4,3),(4,4),(3,4),(3,3))"
        ),
        "f"
    );
    assert_eq!(
        chk(
            "&&",
            "((200,800),(800,800),(800,200),(200,200))",
            "(1000,1000,0,0)"
        ),
        "t"
    );
    let d = |p: &str, q: &str| oper("<->", POINT, POLYGON, &[parse(POINT, p), pg(q)]);
    assert_eq!(d("(0,0)", "((0,0),(1,2),(2,1))"), "0");
    assert_eq!(d("(1,1)", "((0,0),(2,2),(1,3))"), "0");
    assert_eq!(d("(2,2)", "((0,0),(1,4),(3,1))"), "0");
    assert_eq!(d("(3,3)", "((0,2),(2,0),(2,2))"), "1.4142135623731");
    assert_eq!(d("(4,4)", "((0,0),(0,3),(4,0))"), "3.2");
    // containment of points
    let pts = tbl(POINT, &POINTS);
    let mut got = Vec::new();
    for p in &pts {
        for poly in &ps {
            got.push(oper("@>", POLYGON, POINT, &[poly.clone(), p.clone()]));
        }
    }
    assert_eq!(&got[..4], ["t", "f", "t", "f"]);
    assert!(got[4..].iter().all(|s| s == "f"));
    // center, circle, npoints with extra_float_digits = -3
    assert_eq!(oper("#", 0, POLYGON, &[ps[0].clone()]), "3");
    let e = env(-3);
    let (t, c) = oper_e("@@", 0, POLYGON, &[ps[0].clone()], &e);
    assert_eq!(show_env(t, &c, &e), "(1.33333333333,1.33333333333)");
    assert_eq!(
        func3("circle", &[POLYGON], &[ps[0].clone()]),
        "<(1.33333333333,1.33333333333),2.04168905064>"
    );
    assert_eq!(
        func3("circle", &[POLYGON], &[ps[1].clone()]),
        "<(2.33333333333,1.33333333333),1.47534300379>"
    );
    assert_eq!(func3("path", &[POLYGON], &[ps[3].clone()]), "((0,1),(0,1))");
}

#[test]
fn circle_io_and_ops() {
    let cs = tbl(CIRCLE, &CIRCLES);
    let out: Vec<String> = cs.iter().map(|d| show(CIRCLE, d)).collect();
    assert_eq!(
        out,
        [
            "<(5,1),3>",
            "<(1,2),100>",
            "<(1,3),5>",
            "<(1,2),3>",
            "<(100,200),10>",
            "<(100,1),115>"
        ]
    );
    for bad in ["<(-100,0),-100>", "1abc,3,5", "(3,(1,2),3)"] {
        assert_eq!(
            parse_err(CIRCLE, bad),
            format!("invalid input syntax for type circle: \"{}\"", bad)
        );
    }
    let f = |name: &str| -> Vec<String> {
        cs.iter()
            .map(|c| func3(name, &[CIRCLE], std::slice::from_ref(c)))
            .collect()
    };
    assert_eq!(
        f("center"),
        ["(5,1)", "(1,2)", "(1,3)", "(1,2)", "(100,200)", "(100,1)"]
    );
    assert_eq!(f("radius"), ["3", "100", "5", "3", "10", "115"]);
    assert_eq!(f("diameter"), ["6", "200", "10", "6", "20", "230"]);
    assert_eq!(
        f("box"),
        [
            "(7.12132034356,3.12132034356),(2.87867965644,-1.12132034356)",
            "(71.7106781187,72.7106781187),(-69.7106781187,-68.7106781187)",
            "(4.53553390593,6.53553390593),(-2.53553390593,-0.535533905933)",
            "(3.12132034356,4.12132034356),(-1.12132034356,-0.12132034356)",
            "(107.071067812,207.071067812),(92.9289321881,192.928932188)",
            "(181.317279836,82.3172798365),(18.6827201635,-80.3172798365)"
        ]
    );
    assert_eq!(
        f("polygon")[0],
        "((2,1),(2.40192378865,2.5),(3.5,3.59807621135),(5,4),(6.5,3.59807621135),(7.59807621135,2.5),(8,1),(7.59807621135,-0.5),(6.5,-1.59807621135),(5,-2),(3.5,-1.59807621135),(2.40192378865,-0.5))"
    );
    assert_eq!(
        f("polygon")[5],
        "((-15,1),(0.40707856479,58.5),(42.5,100.592921435),(100,116),(157.5,100.592921435),(199.592921435,58.5),(215,1),(199.592921435,-56.5),(157.5,-98.5929214352),(100,-114),(42.5,-98.5929214352),(0.40707856479,-56.5))"
    );
    assert_eq!(
        func3("polygon", &[INT4, CIRCLE], &[Datum::Int4(8), cs[2].clone()]),
        "((-4,3),(-2.53553390593,6.53553390593),(1,8),(4.53553390593,6.53553390593),(6,3),(4.53553390593,-0.535533905933),(1,-2),(-2.53553390593,-0.535533905933))"
    );
    // circle <-> circle, with c1 < c2 by area
    let mut rows = Vec::new();
    for a in &cs {
        for b in &cs {
            let (_, dd) = oper_e("<->", CIRCLE, CIRCLE, &[a.clone(), b.clone()], &env(0));
            let dist = dd.as_f64().unwrap();
            if oper("<", CIRCLE, CIRCLE, &[a.clone(), b.clone()]) == "t" && dist > 0.0 {
                rows.push((dist, show(CIRCLE, a), show(CIRCLE, b)));
            }
        }
    }
    rows.sort_by(|x, y| x.0.partial_cmp(&y.0).unwrap());
    let rendered: Vec<String> = rows
        .iter()
        .map(|(d, a, b)| format!("{} {} {}", a, b, crate::float::float8_out(*d, &env(0))))
        .collect();
    assert_eq!(
        rendered,
        [
            "<(100,200),10> <(100,1),115> 74",
            "<(100,200),10> <(1,2),100> 111.370729772479",
            "<(1,3),5> <(100,200),10> 205.476756144497",
            "<(5,1),3> <(100,200),10> 207.51303816328",
            "<(1,2),3> <(100,200),10> 208.370729772479"
        ]
    );
    // point <-> circle
    let e = env(-3);
    let pd = |p: &str, c: usize| {
        let (t, d) = oper_e("<->", POINT, CIRCLE, &[parse(POINT, p), cs[c].clone()], &e);
        show_env(t, &d, &e)
    };
    assert_eq!(pd("(-3,4)", 3), "1.472135955");
    assert_eq!(pd("(0,0)", 0), "2.09901951359");
    assert_eq!(pd("(0,0)", 4), "213.60679775");
    assert_eq!(pd("(-5,-12)", 4), "226.577682802");
    assert_eq!(
        func3(
            "circle",
            &[POINT, FLOAT8],
            &[parse(POINT, "(5.1, 34.5)"), Datum::Float8(50.0)]
        ),
        "<(5.1,34.5),50>"
    );
    let r = func_e(
        "polygon",
        &[INT4, CIRCLE],
        &[Datum::Int4(1), cs[0].clone()],
        &e,
    );
    assert_eq!(r.unwrap_err().message, "must request at least 2 points");
}

#[test]
fn binary_roundtrip() {
    let e = env(0);
    let cases: [(Oid, &str); 7] = [
        (POINT, "(5.1,34.5)"),
        (LSEG, "[(1,2),(3,4)]"),
        (LINE, "{1,-1,11}"),
        (BOX, "(3,3),(1,1)"),
        (PATH, "[(0,0),(3,0),(4,5),(1,6)]"),
        (POLYGON, "((2,0),(2,4),(0,0))"),
        (CIRCLE, "<(100,200),10>"),
    ];
    for (t, s) in cases {
        let d = parse(t, s);
        let mut b = Vec::new();
        assert!(send(t, &d, &e, &mut b).unwrap());
        let back = receive(t, -1, &b, &e).unwrap().unwrap();
        assert_eq!(back, d, "{}", s);
    }
    let mut b = Vec::new();
    send(POINT, &parse(POINT, "(1,2)"), &e, &mut b).unwrap();
    assert_eq!(b, [63, 240, 0, 0, 0, 0, 0, 0, 64, 0, 0, 0, 0, 0, 0, 0]);
    let mut b = Vec::new();
    send(PATH, &parse(PATH, "((1,2))"), &e, &mut b).unwrap();
    assert_eq!(&b[..5], [1, 0, 0, 0, 1]);
    // internal layout
    let d = parse(PATH, "[(1,2)]");
    assert_eq!(
        d,
        Datum::Bytea(
            [
                &1i32.to_le_bytes()[..],
                &[0; 8],
                &1f64.to_le_bytes(),
                &2f64.to_le_bytes()
            ]
            .concat()
        )
    );
    let err = receive(CIRCLE, -1, &b[..3], &e).unwrap().unwrap_err();
    assert_eq!(err.message, "insufficient data left in message");
}

#[test]
fn subscripts() {
    let p = parse(POINT, "(5.1,34.5)");
    assert_eq!(
        subscript(POINT, &p, 0).unwrap().unwrap(),
        (FLOAT8, Datum::Float8(5.1))
    );
    assert_eq!(subscript(POINT, &p, 2).unwrap().unwrap().1, Datum::Null);
    let b = parse(BOX, "(1,1),(3,3)");
    assert_eq!(
        subscript(BOX, &b, 0).unwrap().unwrap().1,
        parse(POINT, "(3,3)")
    );
}

#[test]
fn catalog_unique() {
    let mut seen = std::collections::HashSet::new();
    for p in procs() {
        assert!(seen.insert(p.oid), "duplicate proc oid {}", p.oid);
    }
    let ps: std::collections::HashSet<Oid> = procs().iter().map(|p| p.oid).collect();
    let mut seen = std::collections::HashSet::new();
    for o in opers() {
        assert!(seen.insert(o.oid), "duplicate oper oid {}", o.oid);
        assert!(ps.contains(&o.proc_oid), "operator {} has no proc", o.oid);
    }
    for c in casts() {
        assert!(ps.contains(&c.func_oid));
    }
}

#[test]
fn misc_ops() {
    let pa = |s: &str| parse(PATH, s);
    let ls = |s: &str| parse(LSEG, s);
    let p = |s: &str| parse(POINT, s);
    let bx = |s: &str| parse(BOX, s);
    let c = |s: &str| parse(CIRCLE, s);
    assert_eq!(
        oper(
            "?#",
            PATH,
            PATH,
            &[pa("[(0,0),(2,2)]"), pa("[(0,2),(2,0)]")]
        ),
        "t"
    );
    assert_eq!(
        oper(
            "?#",
            PATH,
            PATH,
            &[pa("[(0,0),(1,0)]"), pa("[(0,1),(1,1)]")]
        ),
        "f"
    );
    assert_eq!(
        oper(
            "<->",
            PATH,
            PATH,
            &[pa("[(0,0),(1,0)]"), pa("[(0,1),(1,1)]")]
        ),
        "1"
    );
    assert_eq!(
        oper("#", LSEG, LSEG, &[ls("[(0,0),(2,2)]"), ls("[(0,2),(2,0)]")]),
        "(1,1)"
    );
    assert_eq!(
        oper("#", LSEG, LSEG, &[ls("[(0,0),(1,0)]"), ls("[(0,1),(1,1)]")]),
        ""
    );
    assert_eq!(
        oper("##", POINT, BOX, &[p("(3,3)"), bx("(0,0,2,2)")]),
        "(2,2)"
    );
    assert_eq!(
        oper("<->", POINT, BOX, &[p("(3,3)"), bx("(0,0,2,2)")]),
        "1.4142135623731"
    );
    assert_eq!(
        oper("<->", BOX, BOX, &[bx("(0,0,2,2)"), bx("(1,1,3,3)")]),
        "1.4142135623731"
    );
    assert_eq!(
        oper("<->", LSEG, BOX, &[ls("[(3,0),(3,3)]"), bx("(0,0,2,2)")]),
        "1"
    );
    assert_eq!(
        oper("##", LSEG, BOX, &[ls("[(3,0),(3,3)]"), bx("(0,0,2,2)")]),
        "(3,2)"
    );
    assert_eq!(
        oper("?#", LSEG, BOX, &[ls("[(3,0),(3,3)]"), bx("(0,0,2,2)")]),
        "f"
    );
    assert_eq!(
        oper("?#", LSEG, BOX, &[ls("[(1,3),(1,-1)]"), bx("(0,0,2,2)")]),
        "t"
    );
    assert_eq!(
        oper("@>", CIRCLE, POINT, &[c("<(0,0),1>"), p("(1,0)")]),
        "t"
    );
    assert_eq!(
        oper("&&", CIRCLE, CIRCLE, &[c("<(0,0),1>"), c("<(3,0),1>")]),
        "f"
    );
    assert_eq!(
        oper("&&", CIRCLE, CIRCLE, &[c("<(0,0),2>"), c("<(3,0),1>")]),
        "t"
    );
    assert_eq!(oper("@-@", 0, LSEG, &[ls("[(0,0),(3,4)]")]), "5");
    assert_eq!(oper("@@", 0, LSEG, &[ls("[(0,0),(3,4)]")]), "(1.5,2)");
    assert_eq!(
        oper(
            "?-|",
            LSEG,
            LSEG,
            &[ls("[(0,0),(1,1)]"), ls("[(0,0),(1,-1)]")]
        ),
        "t"
    );
    assert_eq!(
        oper(
            "?||",
            LSEG,
            LSEG,
            &[ls("[(0,0),(1,1)]"), ls("[(5,0),(6,1)]")]
        ),
        "t"
    );
    assert_eq!(
        oper("#", BOX, BOX, &[bx("(0,0,2,2)"), bx("(1,1,3,3)")]),
        "(2,2),(1,1)"
    );
    assert_eq!(oper("#", BOX, BOX, &[bx("(0,0,2,2)"), bx("(5,5,6,6)")]), "");
    assert_eq!(
        oper("+", PATH, PATH, &[pa("[(0,0)]"), pa("[(1,1)]")]),
        "[(0,0),(1,1)]"
    );
    assert_eq!(
        oper("*", CIRCLE, POINT, &[c("<(1,1),1>"), p("(0,2)")]),
        "<(-2,2),2>"
    );
    assert_eq!(
        oper(
            "<->",
            CIRCLE,
            POLYGON,
            &[c("<(5,0),1>"), parse(POLYGON, "(0,0),(0,2),(2,2),(2,0)")]
        ),
        "2"
    );
    let e = env(0);
    let (t, d) = func_e("slope", &[POINT, POINT], &[p("(0,0)"), p("(2,1)")], &e).unwrap();
    assert_eq!(show(t, &d), "0.5");
    for (name, types) in [
        ("poly_distance", [POLYGON, POLYGON]),
        ("dist_lb", [LINE, BOX]),
    ] {
        let args = [Datum::Null, Datum::Null];
        let err = func_e(name, &types, &args, &e).unwrap_err();
        assert_eq!(
            err.message,
            format!("function \"{}\" not implemented", name)
        );
    }
    // extra_float_digits
    let pt = p("(0.1,0.2)");
    assert_eq!(
        show_env(POINT, &pt, &env(3)),
        "(0.100000000000000006,0.200000000000000011)"
    );
    // errors carry PostgreSQL's SQLSTATEs
    let err = input(POINT, -1, "(1e400,1)", &e).unwrap().unwrap_err();
    assert_eq!(
        err.message,
        "\"1e400\" is out of range for type double precision"
    );
    let err = input(LINE, -1, "{0,0,1}", &e).unwrap().unwrap_err();
    assert_eq!(err.code, common::sqlstate::INVALID_PARAMETER_VALUE);
    let err = receive(PATH, -1, &[1, 0, 0, 0, 0], &e)
        .unwrap()
        .unwrap_err();
    assert_eq!(
        err.message,
        "invalid number of points in external \"path\" value"
    );
    // whitespace and infinities in input
    assert_eq!(show(POINT, &p("  ( 1 , -inf )  ")), "(1,-Infinity)");
    assert_eq!(show(CIRCLE, &c(" < ( 1 , 2 ) , 3 > ")), "<(1,2),3>");
    assert_eq!(
        show(PATH, &pa("  [ ( 1 , 2 ) , ( 3 , 4 ) ]  ")),
        "[(1,2),(3,4)]"
    );
}
