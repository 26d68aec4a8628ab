//! Unit tests for the parser: statement shapes, precedence, locations, and errors.

use crate::ast::*;
use crate::{parse, parse_expr};

fn one(sql: &str) -> Statement {
    let mut v = parse(sql).unwrap_or_else(|e| panic!("{sql}: {e:?}"));
    assert_eq!(v.len(), 1, "{sql}");
    v.remove(0).stmt
}

fn err(sql: &str) -> (String, Option<u32>) {
    let e = parse(sql).expect_err(sql);
    (e.message, e.position)
}

fn expr(s: &str) -> Expr {
    parse_expr(s).unwrap_or_else(|e| panic!("{s}: {e:?}"))
}

#[test]
fn smoke() {
    one("SELECT 1");
    one("select a, b from t where a = 1");
}

fn sel(sql: &str) -> SelectStmt {
    match one(sql) {
        Statement::Select(s) => *s,
        o => panic!("not a select: {o:?}"),
    }
}

fn core(sql: &str) -> SelectCore {
    match sel(sql).body {
        SetExpr::Select(c) => *c,
        o => panic!("not a simple select: {o:?}"),
    }
}

fn first_target(sql: &str) -> Expr {
    match core(sql).targets.remove(0) {
        SelectTarget::Expr { expr, .. } => expr,
        o => panic!("{o:?}"),
    }
}

fn col(name: &str) -> Vec<String> {
    name.split('.').map(String::from).collect()
}

fn binop(e: &Expr) -> (&str, &Expr, &Expr) {
    match e {
        Expr::BinaryOp {
            op, left, right, ..
        } => (op.as_str(), left, right),
        o => panic!("not a binop: {o:?}"),
    }
}

fn int(e: &Expr) -> i64 {
    match e {
        Expr::Literal {
            value: Literal::Integer(i),
            ..
        } => *i,
        o => panic!("not an int: {o:?}"),
    }
}

#[test]
fn empty_and_multiple_statements() {
    assert!(parse("").unwrap().is_empty());
    assert!(parse(" ;; -- x\n").unwrap().is_empty());
    let v = parse("SELECT 1; SELECT 2").unwrap();
    assert_eq!(v.len(), 2);
    assert_eq!(v[0].location, 0);
    assert_eq!(v[0].len, 8);
    assert_eq!(v[1].location, 10);
    assert_eq!(
        &"SELECT 1; SELECT 2"[v[1].location..v[1].location + v[1].len],
        "SELECT 2"
    );
    let v = parse("  /* c */ select 1 ;").unwrap();
    assert_eq!(v[0].location, 10);
}

#[test]
fn syntax_error_positions() {
    assert_eq!(
        err("SELECT * FROM"),
        ("syntax error at end of input".into(), Some(14))
    );
    assert_eq!(
        err("SELEC 1"),
        ("syntax error at or near \"SELEC\"".into(), Some(1))
    );
    assert_eq!(
        err("CREATE TABLE t (a int,)"),
        ("syntax error at or near \")\"".into(), Some(23))
    );
    assert_eq!(
        err("SELECT 1 from"),
        ("syntax error at end of input".into(), Some(14))
    );
    assert_eq!(err("select 1 = 2 = 3").0, "syntax error at or near \"=\"");
    assert_eq!(err("SELECT 'é' +").1, Some(13));
    assert_eq!(err("SELECT * FROM t; SELECT * FROM").1, Some(31));
    assert_eq!(
        err("SELECT 1 LIMIT 1, 2").0,
        "LIMIT #,# syntax is not supported"
    );
    assert_eq!(err("SELECT 1 2").0, "syntax error at or near \"2\"");
    assert_eq!(
        err("SELECT left FROM t").0,
        "syntax error at or near \"FROM\""
    );
    assert_eq!(
        err("SELECT a FROM t WHERE").0,
        "syntax error at end of input"
    );
    assert_eq!(
        err("SELECT 'abc").0,
        "unterminated quoted string at or near \"'abc\""
    );
}

#[test]
fn precedence() {
    // * binds tighter than +
    let e = expr("1 + 2 * 3");
    let (op, l, r) = binop(&e);
    assert_eq!((op, int(l)), ("+", 1));
    assert_eq!(binop(r).0, "*");
    // left associativity
    let e = expr("1 - 2 - 3");
    let (_, l, r) = binop(&e);
    assert_eq!(binop(l).0, "-");
    assert_eq!(int(r), 3);
    // unary minus binds tighter than ^ ; constants are folded
    let e = expr("-2 ^ 2");
    let (op, l, _) = binop(&e);
    assert_eq!((op, int(l)), ("^", -2));
    // AND binds tighter than OR; NOT binds looser than =
    match expr("a OR b AND NOT c = d") {
        Expr::Or(v, _) => {
            assert_eq!(v.len(), 2);
            match &v[1] {
                Expr::And(w, _) => assert!(
                    matches!(&w[1], Expr::Not(x, _) if matches!(**x, Expr::BinaryOp { .. }))
                ),
                o => panic!("{o:?}"),
            }
        }
        o => panic!("{o:?}"),
    }
    // flattening
    match expr("a AND b AND c") {
        Expr::And(v, _) => assert_eq!(v.len(), 3),
        o => panic!("{o:?}"),
    }
    // comparison is looser than generic operators and arithmetic
    let e = expr("a || b = c + 1");
    assert_eq!(binop(&e).0, "=");
    // generic op looser than +
    let e = expr("a || b + c");
    let (op, _, r) = binop(&e);
    assert_eq!(op, "||");
    assert_eq!(binop(r).0, "+");
    // IS NULL is looser than comparison
    assert!(matches!(expr("a = b IS NULL"), Expr::IsNull { .. }));
    assert!(matches!(
        expr("a IS NULL IS NOT NULL"),
        Expr::IsNull { negated: true, .. }
    ));
    // typecast binds tightest
    match expr("-a::int") {
        Expr::UnaryOp { op, operand, .. } => {
            assert_eq!(op, "-");
            assert!(matches!(*operand, Expr::Cast { .. }));
        }
        o => panic!("{o:?}"),
    }
    // LIKE vs comparison: = binds looser than LIKE
    assert!(matches!(expr("a = b LIKE c"), Expr::BinaryOp { .. }));
    assert!(parse_expr("a LIKE b LIKE c").is_err());
    assert!(parse_expr("a < b < c").is_err());
    // BETWEEN with AND
    match expr("x BETWEEN 1 AND 2 AND y") {
        Expr::And(v, _) => assert!(matches!(v[0], Expr::Between { .. })),
        o => panic!("{o:?}"),
    }
    // prefix operators
    match expr("@ -5") {
        Expr::UnaryOp { op, operand, .. } => {
            assert_eq!(op, "@");
            assert_eq!(int(&operand), -5);
        }
        o => panic!("{o:?}"),
    }
    match expr("|/ 25") {
        Expr::UnaryOp { op, .. } => assert_eq!(op, "|/"),
        o => panic!("{o:?}"),
    }
    // postfix factorial
    assert!(matches!(expr("5 !"), Expr::PostfixOp { .. }));
    assert!(matches!(
        first_target("SELECT 5 ! AS f"),
        Expr::PostfixOp { .. }
    ));
    // AT TIME ZONE and COLLATE
    assert!(matches!(
        expr("a AT TIME ZONE 'utc'"),
        Expr::AtTimeZone { .. }
    ));
    assert!(matches!(expr("a COLLATE \"C\""), Expr::Collate { .. }));
    // OPERATOR()
    match expr("a OPERATOR(pg_catalog.+) b") {
        Expr::BinaryOp { op, schema, .. } => {
            assert_eq!(op, "+");
            assert_eq!(schema.as_deref(), Some("pg_catalog"));
        }
        o => panic!("{o:?}"),
    }
    // != is <>
    assert_eq!(binop(&expr("a != b")).0, "<>");
}

#[test]
fn literals_and_typed_literals() {
    assert!(
        matches!(expr("1.5"), Expr::Literal { value: Literal::Numeric(ref s), .. } if s == "1.5")
    );
    assert!(matches!(
        expr("99999999999999999999"),
        Expr::Literal {
            value: Literal::Numeric(_),
            ..
        }
    ));
    assert!(matches!(
        expr("TRUE"),
        Expr::Literal {
            value: Literal::Boolean(true),
            ..
        }
    ));
    assert!(matches!(
        expr("NULL"),
        Expr::Literal {
            value: Literal::Null,
            ..
        }
    ));
    assert!(
        matches!(expr("B'101'"), Expr::Literal { value: Literal::BitString(ref s), .. } if s == "b101")
    );
    let check = |s: &str, ty: &str, schema: Option<&str>| match expr(s) {
        Expr::Cast {
            type_name, expr, ..
        } => {
            assert_eq!(type_name.name.name, ty, "{s}");
            assert_eq!(type_name.name.schema.as_deref(), schema, "{s}");
            assert!(matches!(
                *expr,
                Expr::Literal {
                    value: Literal::String(_),
                    ..
                }
            ));
            type_name
        }
        o => panic!("{s}: {o:?}"),
    };
    check("date '2001-01-01'", "date", None);
    check("int4 '1'", "int4", None);
    check("float8 '1.5'", "float8", None);
    check("int '1'", "int4", Some("pg_catalog"));
    check("double precision '1'", "float8", Some("pg_catalog"));
    check(
        "timestamp with time zone 'x'",
        "timestamptz",
        Some("pg_catalog"),
    );
    check("time 'x'", "time", Some("pg_catalog"));
    let t = check("varchar(3) 'x'", "varchar", Some("pg_catalog"));
    assert_eq!(t.modifiers.len(), 1);
    let t = check("interval '1' day", "interval", Some("pg_catalog"));
    assert_eq!(t.interval_fields, ["day"]);
    let t = check(
        "interval '1' hour to second(3)",
        "interval",
        Some("pg_catalog"),
    );
    assert_eq!(t.interval_fields, ["hour", "second"]);
    let t = check("char 'x'", "bpchar", Some("pg_catalog"));
    assert!(t.modifiers.is_empty());
    check("pg_catalog.int4 '1'", "int4", Some("pg_catalog"));
    check("N'abc'", "bpchar", Some("pg_catalog"));
    // `time` and `name` as column names
    assert!(matches!(
        first_target("SELECT time FROM t"),
        Expr::ColumnRef { .. }
    ));
    assert!(matches!(
        first_target("SELECT name, type, key, value, data, text, date FROM t"),
        Expr::ColumnRef { .. }
    ));
}

#[test]
fn type_names() {
    let t = |s: &str| crate::parse_type_name(s).unwrap_or_else(|e| panic!("{s}: {e:?}"));
    assert_eq!(t("integer").name.name, "int4");
    assert_eq!(t("smallint").name.name, "int2");
    assert_eq!(t("bigint").name.name, "int8");
    assert_eq!(t("real").name.name, "float4");
    assert_eq!(t("float").name.name, "float8");
    assert_eq!(t("float(24)").name.name, "float4");
    assert_eq!(t("float(25)").name.name, "float8");
    assert_eq!(t("decimal(10,2)").name.name, "numeric");
    assert_eq!(t("decimal(10,2)").modifiers.len(), 2);
    assert_eq!(t("boolean").name.name, "bool");
    assert_eq!(t("character varying(10)").name.name, "varchar");
    assert_eq!(t("char").modifiers.len(), 1);
    assert_eq!(t("character(5)").name.name, "bpchar");
    assert_eq!(t("bit varying(5)").name.name, "varbit");
    assert_eq!(t("timestamp(3) without time zone").name.name, "timestamp");
    assert_eq!(t("time with time zone").name.name, "timetz");
    assert_eq!(
        t("interval day to second").interval_fields,
        ["day", "second"]
    );
    let a = t("int[][]");
    assert_eq!(a.array_bounds, [-1, -1]);
    assert_eq!(t("text ARRAY[4]").array_bounds, [4]);
    assert_eq!(t("text").name.schema, None);
    assert_eq!(t("serial").name.name, "serial");
    assert_eq!(
        t("myschema.mytype").name.schema.as_deref(),
        Some("myschema")
    );
    assert!(crate::parse_type_name("float(0)").is_err());
    assert!(crate::parse_type_name("float(54)").is_err());
}

#[test]
fn special_functions() {
    let f = |s: &str| match expr(s) {
        Expr::Func(f) => *f,
        o => panic!("{s}: {o:?}"),
    };
    let x = f("EXTRACT(year FROM d)");
    assert_eq!(x.name.name, "date_part");
    assert!(matches!(&x.args[0], Expr::Literal { value: Literal::String(s), .. } if s == "year"));
    let x = f("POSITION('a' IN 'bab')");
    assert_eq!(x.name.name, "position");
    assert!(matches!(&x.args[0], Expr::Literal { value: Literal::String(s), .. } if s == "bab"));
    assert_eq!(f("SUBSTRING('abc' FROM 2 FOR 1)").args.len(), 3);
    assert_eq!(f("SUBSTRING('abc' FOR 1)").args.len(), 3);
    assert_eq!(f("SUBSTRING('abc', 2)").args.len(), 2);
    assert_eq!(f("TRIM(LEADING 'x' FROM 'xxa')").name.name, "ltrim");
    let x = f("TRIM(BOTH FROM '  a ')");
    assert_eq!((x.name.name.as_str(), x.args.len()), ("btrim", 1));
    let x = f("TRIM('x' FROM 'xax')");
    assert!(matches!(&x.args[0], Expr::Literal { value: Literal::String(s), .. } if s == "xax"));
    assert_eq!(f("OVERLAY('abc' PLACING 'x' FROM 2 FOR 1)").args.len(), 4);
    assert_eq!(f("COLLATION FOR ('x')").name.name, "pg_collation_for");
    assert!(matches!(expr("COALESCE(a, b)"), Expr::Coalesce(ref v, _) if v.len() == 2));
    assert!(matches!(expr("NULLIF(a, b)"), Expr::NullIf(..)));
    assert!(matches!(
        expr("GREATEST(a, b, c)"),
        Expr::MinMax { greatest: true, .. }
    ));
    assert!(matches!(
        expr("CURRENT_TIMESTAMP(3)"),
        Expr::SqlValueFunction {
            precision: Some(3),
            ..
        }
    ));
    assert!(matches!(
        expr("current_date"),
        Expr::SqlValueFunction {
            kind: SqlValueFunctionKind::CurrentDate,
            ..
        }
    ));
    assert!(matches!(
        expr("current_schema"),
        Expr::SqlValueFunction {
            kind: SqlValueFunctionKind::CurrentSchema,
            ..
        }
    ));
    assert!(matches!(expr("current_schema()"), Expr::Func(_)));
    assert!(matches!(expr("CAST(a AS int)"), Expr::Cast { .. }));
    assert!(matches!(expr("GROUPING(a, b)"), Expr::Grouping(..)));
}

#[test]
fn function_calls() {
    let f = |s: &str| match expr(s) {
        Expr::Func(f) => *f,
        o => panic!("{s}: {o:?}"),
    };
    assert!(f("count(*)").star);
    assert!(f("count(DISTINCT x)").distinct);
    let x = f("string_agg(a, ',' ORDER BY b DESC)");
    assert_eq!(x.order_by.len(), 1);
    assert_eq!(x.order_by[0].direction, SortDirection::Desc);
    let x = f("percentile_cont(0.5) WITHIN GROUP (ORDER BY x)");
    assert!(x.within_group);
    assert!(f("count(*) FILTER (WHERE a > 1)").filter.is_some());
    let x = f(
        "sum(x) OVER (PARTITION BY a ORDER BY b ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)",
    );
    let w = x.over.unwrap();
    assert_eq!(w.partition_by.len(), 1);
    let fr = w.frame.unwrap();
    assert!(fr.rows);
    assert_eq!(fr.start, FrameBound::UnboundedPreceding);
    assert_eq!(fr.end, Some(FrameBound::CurrentRow));
    assert_eq!(
        f("rank() OVER w").over.unwrap().refname.as_deref(),
        Some("w")
    );
    let x = f("f(a => 1, b := 2, 3)");
    assert_eq!(x.arg_names, [Some("a".into()), Some("b".into()), None]);
    assert!(f("f(1, VARIADIC ARRAY[1,2])").variadic);
    let x = f("pg_catalog.lower('A')");
    assert_eq!(x.name.schema.as_deref(), Some("pg_catalog"));
    assert_eq!(f("left('abc', 1)").name.name, "left");
    assert!(parse_expr("sum(x) OVER (ROWS UNBOUNDED FOLLOWING)").is_err());
}

#[test]
fn subqueries_and_rows() {
    assert!(matches!(expr("(SELECT 1) + 1"), Expr::BinaryOp { .. }));
    assert!(matches!(expr("((SELECT 1))"), Expr::ScalarSubquery { .. }));
    assert!(matches!(expr("((SELECT 1) + 1)"), Expr::Nested(..)));
    assert!(matches!(expr("EXISTS (SELECT 1)"), Expr::Exists { .. }));
    assert!(matches!(expr("a IN (SELECT 1)"), Expr::InSubquery { .. }));
    assert!(matches!(
        expr("a NOT IN (1, 2)"),
        Expr::InList { negated: true, .. }
    ));
    assert!(matches!(
        expr("a = ANY (SELECT 1)"),
        Expr::SubqueryComparison { all: false, .. }
    ));
    assert!(matches!(
        expr("a < ALL (ARRAY[1,2])"),
        Expr::ArrayComparison { all: true, .. }
    ));
    assert!(
        matches!(expr("a LIKE ANY (ARRAY['x'])"), Expr::ArrayComparison { ref op, .. } if op == "~~")
    );
    assert!(matches!(expr("(1, 2)"), Expr::Row(ref v, _) if v.len() == 2));
    assert!(matches!(expr("ROW(1)"), Expr::Row(ref v, _) if v.len() == 1));
    assert!(
        matches!(expr("ARRAY[[1,2],[3,4]]"), Expr::Array(ref v, _) if matches!(v[0], Expr::Array(..)))
    );
    assert!(matches!(
        expr("ARRAY(SELECT 1)"),
        Expr::ArraySubquery { .. }
    ));
    match expr("a[1:2][3]") {
        Expr::Indirection { path, .. } => {
            assert!(matches!(path[0], IndirectionItem::Slice(..)));
            assert!(matches!(path[1], IndirectionItem::Index(..)));
        }
        o => panic!("{o:?}"),
    }
    match expr("(x).f") {
        Expr::Indirection { path, expr, .. } => {
            assert!(matches!(*expr, Expr::Nested(..)));
            assert_eq!(path, vec![IndirectionItem::Field("f".into())]);
        }
        o => panic!("{o:?}"),
    }
    assert!(matches!(expr("(x).*"), Expr::Indirection { .. }));
    assert!(matches!(expr("$1"), Expr::Param { number: 1, .. }));
    match expr("s.t.\"Col\"") {
        Expr::ColumnRef { fields, .. } => assert_eq!(fields, ["s", "t", "Col"]),
        o => panic!("{o:?}"),
    }
    assert!(matches!(
        expr("CASE WHEN a THEN 1 ELSE 2 END"),
        Expr::Case { arg: None, .. }
    ));
    assert!(matches!(
        expr("CASE a WHEN 1 THEN 2 END"),
        Expr::Case { arg: Some(_), .. }
    ));
    assert!(matches!(
        expr("a IS DISTINCT FROM b"),
        Expr::IsDistinctFrom { negated: false, .. }
    ));
    assert!(matches!(
        expr("a IS NOT TRUE"),
        Expr::IsBool {
            test: BoolTest::IsNotTrue,
            ..
        }
    ));
    assert!(matches!(
        expr("a ISNULL"),
        Expr::IsNull { negated: false, .. }
    ));
    assert!(matches!(
        expr("a NOT BETWEEN SYMMETRIC 1 AND 2"),
        Expr::Between {
            negated: true,
            symmetric: true,
            ..
        }
    ));
    assert!(matches!(
        expr("a NOT SIMILAR TO 'x' ESCAPE '#'"),
        Expr::Like {
            kind: LikeKind::Similar,
            negated: true,
            escape: Some(_),
            ..
        }
    ));
    assert!(matches!(
        expr("a ILIKE 'x'"),
        Expr::Like {
            kind: LikeKind::ILike,
            ..
        }
    ));
    assert!(matches!(expr("(1,2) OVERLAPS (3,4)"), Expr::Func(_)));
}

#[test]
fn select_clauses() {
    let c = core("SELECT DISTINCT ON (a) a, b AS x, c y, t.* FROM t");
    assert_eq!(c.distinct.as_ref().map(|v| v.len()), Some(1));
    assert_eq!(c.targets.len(), 4);
    assert!(matches!(&c.targets[1], SelectTarget::Expr { alias: Some(a), .. } if a == "x"));
    assert!(matches!(&c.targets[2], SelectTarget::Expr { alias: Some(a), .. } if a == "y"));
    assert!(
        matches!(&c.targets[3], SelectTarget::QualifiedStar { qualifier, .. } if qualifier == &col("t"))
    );
    assert!(parse("SELECT 1 name").is_err()); // bare label must be an IDENT in PG 10
    assert!(matches!(
        core("SELECT 1 AS name").targets[0],
        SelectTarget::Expr { .. }
    ));
    let c = core("SELECT a FROM t WHERE a > 1 GROUP BY ROLLUP (a, (b, c)), CUBE (d), GROUPING SETS ((), a) HAVING count(*) > 1 WINDOW w AS (PARTITION BY a)");
    assert!(matches!(&c.group_by[0], GroupingItem::Rollup(v) if v.len() == 2 && v[1].len() == 2));
    assert!(matches!(&c.group_by[1], GroupingItem::Cube(_)));
    assert!(matches!(&c.group_by[2], GroupingItem::GroupingSets(v) if v[0] == GroupingItem::Empty));
    assert!(c.having.is_some());
    assert_eq!(c.windows[0].name.as_deref(), Some("w"));
    let s = sel("SELECT a FROM t ORDER BY a DESC NULLS FIRST, b USING > OFFSET 5 LIMIT 10 FOR UPDATE OF t SKIP LOCKED");
    assert_eq!(s.order_by.len(), 2);
    assert_eq!(s.order_by[0].nulls, NullsOrder::First);
    assert_eq!(s.order_by[1].using_op.as_deref(), Some(">"));
    assert!(s.limit.is_some() && s.offset.is_some());
    assert_eq!(s.locking[0].wait, LockWait::SkipLocked);
    let s = sel("SELECT 1 FETCH FIRST 3 ROWS ONLY");
    assert_eq!(int(s.limit.as_ref().unwrap()), 3);
    let s = sel("SELECT 1 LIMIT ALL");
    assert!(s.limit.is_none());
    let s = sel("SELECT * FROM t FOR NO KEY UPDATE NOWAIT");
    assert_eq!(s.locking[0].strength, LockStrength::NoKeyUpdate);
    let c = core("SELECT * INTO TEMP t2 FROM t");
    assert!(c.into.unwrap().temporary);
    assert!(core("SELECT").targets.is_empty());
    assert!(core("SELECT FROM t").targets.is_empty());
    // TABLE t
    let c = core("TABLE t");
    assert!(matches!(c.targets[0], SelectTarget::Star { .. }));
}

#[test]
fn set_operations() {
    let s = sel("SELECT 1 UNION SELECT 2 INTERSECT SELECT 3");
    match s.body {
        SetExpr::SetOp {
            op: SetOpKind::Union,
            right,
            ..
        } => {
            assert!(matches!(
                *right,
                SetExpr::SetOp {
                    op: SetOpKind::Intersect,
                    ..
                }
            ))
        }
        o => panic!("{o:?}"),
    }
    let s = sel("SELECT 1 EXCEPT ALL SELECT 2 UNION SELECT 3");
    match s.body {
        SetExpr::SetOp {
            op: SetOpKind::Union,
            left,
            ..
        } => {
            assert!(matches!(
                *left,
                SetExpr::SetOp {
                    op: SetOpKind::Except,
                    all: true,
                    ..
                }
            ))
        }
        o => panic!("{o:?}"),
    }
    let s = sel("(SELECT 1) UNION (SELECT 2) ORDER BY 1");
    assert!(matches!(s.body, SetExpr::SetOp { .. }));
    assert_eq!(s.order_by.len(), 1);
    let s = sel("(SELECT 1 ORDER BY 1 LIMIT 1) UNION SELECT 2");
    match s.body {
        SetExpr::SetOp { left, .. } => assert!(matches!(*left, SetExpr::Nested(_))),
        o => panic!("{o:?}"),
    }
    let s = sel("((SELECT 1))");
    assert!(matches!(s.body, SetExpr::Select(_)));
    let s = sel("VALUES (1, 'a'), (2, DEFAULT) ORDER BY 1 LIMIT 1");
    assert!(
        matches!(s.body, SetExpr::Values(ref v) if v.len() == 2 && matches!(v[1][1], Expr::Default(_)))
    );
    assert!(s.limit.is_some());
    assert!(parse("SELECT 1 ORDER BY 1 UNION SELECT 2").is_err());
    let s = sel("WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t), d AS (DELETE FROM x RETURNING *) SELECT * FROM t");
    let w = s.with.unwrap();
    assert!(w.recursive);
    assert_eq!(w.ctes[0].columns, ["n"]);
    assert!(matches!(*w.ctes[1].query, Statement::Delete(_)));
}

#[test]
fn from_clause() {
    let c = core("SELECT * FROM a, ONLY b AS x (p, q), c y JOIN d USING (k) LEFT JOIN e ON e.k = d.k NATURAL FULL JOIN f CROSS JOIN g");
    assert_eq!(c.from.len(), 3);
    assert!(
        matches!(&c.from[1], TableRef::Table { only: true, alias: Some(a), .. } if a.columns.len() == 2)
    );
    match &c.from[2] {
        TableRef::Join(j) => {
            assert_eq!(j.kind, JoinKind::Cross);
            match &j.left {
                TableRef::Join(j2) => {
                    assert!(j2.natural);
                    assert_eq!(j2.kind, JoinKind::Full);
                }
                o => panic!("{o:?}"),
            }
        }
        o => panic!("{o:?}"),
    }
    let c = core("SELECT * FROM (a JOIN b ON true) AS j, LATERAL (SELECT 1) s, generate_series(1, 3) WITH ORDINALITY AS g(x, n), f() AS (a int, b text), LATERAL unnest(arr) u");
    assert!(matches!(&c.from[0], TableRef::Join(j) if j.alias.is_some()));
    assert!(matches!(
        &c.from[1],
        TableRef::Subquery { lateral: true, .. }
    ));
    assert!(
        matches!(&c.from[2], TableRef::Function { with_ordinality: true, alias: Some(a), .. } if a.columns.len() == 2)
    );
    assert!(matches!(&c.from[3], TableRef::Function { column_defs, .. } if column_defs.len() == 2));
    assert!(matches!(
        &c.from[4],
        TableRef::Function { lateral: true, .. }
    ));
    // right-nested joins
    let c = core("SELECT * FROM a JOIN b JOIN c ON x ON y");
    match &c.from[0] {
        TableRef::Join(j) => assert!(matches!(j.right, TableRef::Join(_))),
        o => panic!("{o:?}"),
    }
    let c = core("SELECT * FROM ((SELECT 1) s JOIN t ON true)");
    assert!(matches!(&c.from[0], TableRef::Join(_)));
    assert!(parse("SELECT * FROM (t)").is_err());
    assert!(parse("SELECT * FROM rank() OVER (ORDER BY random())").is_err());
}

#[test]
fn dml() {
    match one("INSERT INTO s.t AS x (a, b[1]) VALUES (1, DEFAULT), (2, 3) ON CONFLICT (a) DO UPDATE SET b = excluded.b WHERE x.a > 0 RETURNING *") {
        Statement::Insert(i) => {
            assert_eq!(i.table.schema.as_deref(), Some("s"));
            assert_eq!(i.alias.as_deref(), Some("x"));
            assert_eq!(i.columns.len(), 2);
            assert_eq!(i.columns[1].indirection.len(), 1);
            assert!(matches!(&i.source, InsertSource::Query(q) if matches!(q.body, SetExpr::Values(_))));
            assert!(i.on_conflict.unwrap().update.is_some());
            assert_eq!(i.returning.len(), 1);
        }
        o => panic!("{o:?}"),
    }
    assert!(
        matches!(one("INSERT INTO t DEFAULT VALUES"), Statement::Insert(i) if i.source == InsertSource::DefaultValues)
    );
    assert!(
        matches!(one("INSERT INTO t SELECT * FROM u"), Statement::Insert(i) if i.columns.is_empty())
    );
    assert!(
        matches!(one("INSERT INTO t (SELECT 1)"), Statement::Insert(i) if i.columns.is_empty())
    );
    assert!(
        matches!(one("INSERT INTO t VALUES (1) ON CONFLICT DO NOTHING"), Statement::Insert(i) if i.on_conflict.as_ref().unwrap().update.is_none())
    );
    assert!(
        matches!(one("INSERT INTO t OVERRIDING SYSTEM VALUE VALUES (1)"), Statement::Insert(i) if i.overriding.as_deref() == Some("system"))
    );
    match one("UPDATE ONLY t x SET a = 1, (b, c) = (2, 3) FROM u WHERE x.id = u.id RETURNING a") {
        Statement::Update(u) => {
            assert!(u.only);
            assert_eq!(u.alias.as_deref(), Some("x"));
            assert_eq!(u.set.len(), 2);
            assert!(matches!(&u.set[1], SetClause::Multi { columns, .. } if columns.len() == 2));
            assert_eq!(u.from.len(), 1);
        }
        o => panic!("{o:?}"),
    }
    assert!(
        matches!(one("UPDATE t SET a = DEFAULT WHERE CURRENT OF c"), Statement::Update(u) if u.current_of.as_deref() == Some("c") && u.alias.is_none())
    );
    match one("DELETE FROM t AS x USING u WHERE x.a = u.a RETURNING x.*") {
        Statement::Delete(d) => {
            assert_eq!(d.using.len(), 1);
            assert!(matches!(d.returning[0], SelectTarget::QualifiedStar { .. }));
        }
        o => panic!("{o:?}"),
    }
    assert!(
        matches!(one("WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x"), Statement::Insert(i) if i.with.is_some())
    );
}

#[test]
fn locations() {
    let sql = "SELECT a, b + c FROM t WHERE x = 1";
    let c = core(sql);
    match &c.targets[1] {
        SelectTarget::Expr { expr, location, .. } => {
            assert_eq!(*location, 10);
            assert_eq!(expr.location(), 12); // operator location, as PostgreSQL
        }
        o => panic!("{o:?}"),
    }
    assert!(
        matches!(&c.from[0], TableRef::Table { location: 21, name, .. } if name.location == 21)
    );
    match one("SELECT foo(1)") {
        Statement::Select(s) => match s.body {
            SetExpr::Select(c) => assert!(
                matches!(&c.targets[0], SelectTarget::Expr { expr: Expr::Func(f), .. } if f.location == 7)
            ),
            _ => panic!(),
        },
        _ => panic!(),
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    // Run with a 2 MB stack like a typical async worker thread.
    let h = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(|| {
            for depth in [100usize, 1000, 100_000] {
                let s = format!("SELECT {}1{}", "(".repeat(depth), ")".repeat(depth));
                eprintln!("parens {depth}");
                let r = parse(&s);
                if depth <= 100 {
                    assert!(r.is_ok());
                } else {
                    assert_eq!(r.unwrap_err().message, "stack depth limit exceeded");
                }
                let s = format!("SELECT 1{}", "+1".repeat(depth));
                eprintln!("chain {depth}");
                let r = parse(&s);
                assert_eq!(r.is_ok(), depth < 5000);
                let s = format!("SELECT 1{}", " UNION SELECT 1".repeat(depth));
                let _ = parse(&s);
                eprintln!("minus {depth}");
                let s = format!("SELECT {}1", "-".repeat(depth));
                let _ = parse(&s);
                let s = format!("SELECT * FROM {}t{}", "(SELECT * FROM ".repeat(depth), ")".repeat(depth));
                let _ = parse(&s);
                eprintln!("array {depth}");
                let s = format!("SELECT ARRAY{}1{}", "[".repeat(depth), "]".repeat(depth));
                let _ = parse(&s);
            }
        })
        .unwrap();
    assert!(h.join().is_ok());
}
