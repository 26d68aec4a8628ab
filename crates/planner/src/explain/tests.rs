//! Unit tests for EXPLAIN's deparser, option parsing and formatters (expected strings as
//! PostgreSQL 10 prints them).

use super::deparse::{Col, Deparser};
use super::*;
use analyzer::expr::{Expr, ExprKind, Func};
use types::oids;

fn env() -> SessionEnv {
    SessionEnv::default()
}

fn op(name: &str, l: common::Oid, r: common::Oid, a: Expr, b: Expr) -> Expr {
    let reg = analyzer::registry();
    let o = reg
        .opers
        .get(name)
        .and_then(|v| v.iter().find(|o| o.left == l && o.right == r))
        .map(|o| o.func)
        .expect("operator exists");
    Expr::new(
        ExprKind::Func {
            func: o,
            args: vec![a, b],
            arg_types: vec![l, r],
        },
        oids::BOOL,
    )
}

fn int(v: i32) -> Expr {
    Expr::konst(Datum::Int4(v), oids::INT4)
}

use types::Datum;

fn layout() -> Vec<Col> {
    vec![
        Col::Var {
            alias: "t1".into(),
            name: "unique1".into(),
        },
        Col::Var {
            alias: "t1".into(),
            name: "stringu1".into(),
        },
    ]
}

#[test]
fn constants() {
    let e = env();
    let subs = HashMap::new();
    let d = Deparser::new(&e, false, &[], &subs);
    assert_eq!(d.konst(&Datum::Int4(5), oids::INT4, -1), "5");
    assert_eq!(d.konst(&Datum::Int4(-5), oids::INT4, -1), "'-5'::integer");
    assert_eq!(d.konst(&Datum::Int8(7), oids::INT8, -1), "'7'::bigint");
    assert_eq!(
        d.konst(&Datum::Text("it's".into()), oids::TEXT, -1),
        "'it''s'::text"
    );
    assert_eq!(d.konst(&Datum::Bool(true), oids::BOOL, -1), "true");
    assert_eq!(d.konst(&Datum::Null, oids::INT4, -1), "NULL::integer");
    assert_eq!(
        d.konst(&Datum::Text("ab".into()), oids::BPCHAR, -1),
        "'ab'::bpchar"
    );
    assert_eq!(
        d.konst(&Datum::Float8(1.5), oids::FLOAT8, -1),
        "'1.5'::double precision"
    );
}

#[test]
fn operators_and_qualification() {
    let e = env();
    let subs = HashMap::new();
    let lay = layout();
    let c0 = Expr::column(0, oids::INT4, -1);
    let q = op("=", oids::INT4, oids::INT4, c0.clone(), int(42));
    let d = Deparser::new(&e, false, &[], &subs);
    assert_eq!(d.expr(&q, &lay), "(unique1 = 42)");
    let dq = Deparser::new(&e, true, &[], &subs);
    assert_eq!(dq.expr(&q, &lay), "(t1.unique1 = 42)");
    let q2 = op("<", oids::INT4, oids::INT4, c0.clone(), int(10));
    let and = Expr::new(ExprKind::And(vec![q.clone(), q2]), oids::BOOL);
    assert_eq!(d.expr(&and, &lay), "((unique1 = 42) AND (unique1 < 10))");
    let not = Expr::new(
        ExprKind::IsNull {
            arg: Box::new(c0),
            negated: true,
        },
        oids::BOOL,
    );
    assert_eq!(d.expr(&not, &lay), "(unique1 IS NOT NULL)");
    // A reference to a child's computed expression is parenthesised.
    let lay2 = vec![Col::Child("(a + 1)".into())];
    assert_eq!(d.column(&lay2, 0), "((a + 1))");
}

#[test]
fn options() {
    let o = ExplainOptions::parse(&[]).unwrap();
    assert!(o.costs && !o.analyze && !o.timing && !o.summary);
    let o = ExplainOptions::parse(&[
        ("analyze".into(), None),
        ("costs".into(), Some("off".into())),
        ("format".into(), Some("json".into())),
    ])
    .unwrap();
    assert!(o.analyze && !o.costs && o.timing && o.summary && o.format == Format::Json);
    let e = ExplainOptions::parse(&[("foo".into(), None)]).unwrap_err();
    assert_eq!(e.message, "unrecognized EXPLAIN option \"foo\"");
    assert!(ExplainOptions::parse(&[("buffers".into(), None)]).is_err());
}

fn sample_tree() -> ExNode {
    let mut scan = ExNode::new("Seq Scan", "Seq Scan on tenk1 t2".into());
    scan.filters = vec!["(t2.unique2 < 10)".into()];
    scan.est = Est {
        startup: 0.0,
        total: 470.0,
        rows: 3333.0,
        width: 4,
    };
    let h = hash_node(scan, false);
    let mut outer = ExNode::new("Seq Scan", "Seq Scan on tenk1 t1".into());
    outer.relationship = Some("Outer");
    let mut j = ExNode::new("Hash Join", "Hash Join".into());
    j.join_type = Some("Inner");
    j.prop("Hash Cond", Prop::Text("(t1.unique1 = t2.unique2)".into()));
    j.children.push(outer);
    j.children.push(h);
    j
}

#[test]
fn text_layout() {
    let o = ExplainOptions::parse(&[("costs".into(), Some("off".into()))]).unwrap();
    let e = Explained {
        root: sample_tree(),
        planning_ms: None,
        execution_ms: None,
    };
    assert_eq!(
        text::render(&e, &o),
        vec![
            "Hash Join",
            "  Hash Cond: (t1.unique1 = t2.unique2)",
            "  ->  Seq Scan on tenk1 t1",
            "  ->  Hash",
            "        ->  Seq Scan on tenk1 t2",
            "              Filter: (t2.unique2 < 10)",
        ]
    );
    let o = ExplainOptions::parse(&[]).unwrap();
    let lines = text::render(&e, &o);
    assert_eq!(
        lines[4],
        "        ->  Seq Scan on tenk1 t2  (cost=0.00..470.00 rows=3333 width=4)"
    );
}

#[test]
fn subplan_layout() {
    let mut inner = ExNode::new("Seq Scan", "Seq Scan on int4_tbl i".into());
    inner.filters = vec!["(f1 = o.f1)".into()];
    let mut lim = ExNode::new("Limit", "Limit".into());
    lim.subplan_name = Some("SubPlan 1".into());
    lim.children.push(inner);
    let mut top = ExNode::new("Seq Scan", "Seq Scan on int4_tbl o".into());
    top.filters = vec!["(SubPlan 1)".into()];
    top.sub_plans.push(lim);
    let o = ExplainOptions::parse(&[("costs".into(), Some("off".into()))]).unwrap();
    let e = Explained {
        root: top,
        planning_ms: None,
        execution_ms: None,
    };
    assert_eq!(
        text::render(&e, &o),
        vec![
            "Seq Scan on int4_tbl o",
            "  Filter: (SubPlan 1)",
            "  SubPlan 1",
            "    ->  Limit",
            "          ->  Seq Scan on int4_tbl i",
            "                Filter: (f1 = o.f1)",
        ]
    );
}

#[test]
fn json_shape() {
    let o = ExplainOptions::parse(&[
        ("costs".into(), Some("off".into())),
        ("format".into(), Some("json".into())),
    ])
    .unwrap();
    let mut scan = ExNode::new("Seq Scan", "Seq Scan on t".into());
    scan.relation = Some("t".into());
    scan.alias = Some("t".into());
    let e = Explained {
        root: scan,
        planning_ms: None,
        execution_ms: None,
    };
    assert_eq!(
        json::render_json(&e, &o),
        "[\n  {\n    \"Plan\": {\n      \"Node Type\": \"Seq Scan\",\n      \"Parallel Aware\": false,\n      \"Relation Name\": \"t\",\n      \"Alias\": \"t\"\n    }\n  }\n]"
    );
    let _ = Func::from_proc;
}
