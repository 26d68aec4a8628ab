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
                let r = parse(&s);
                if depth <= 100 {
                    assert!(r.is_ok());
                } else {
                    assert_eq!(r.unwrap_err().message, "stack depth limit exceeded");
                }
                let s = format!("SELECT 1{}", "+1".repeat(depth));
                let r = parse(&s);
                assert_eq!(r.is_ok(), depth < 5000);
                let s = format!("SELECT 1{}", " UNION SELECT 1".repeat(depth));
                let _ = parse(&s);
                let s = format!("SELECT {}1", "-".repeat(depth));
                let _ = parse(&s);
                let s = format!(
                    "SELECT * FROM {}t{}",
                    "(SELECT * FROM ".repeat(depth),
                    ")".repeat(depth)
                );
                let _ = parse(&s);
                let s = format!("SELECT ARRAY{}1{}", "[".repeat(depth), "]".repeat(depth));
                let _ = parse(&s);
                let s = format!("SELECT * FROM a{} ON true", " JOIN a".repeat(depth));
                let _ = parse(&s);
                let s = format!(
                    "SELECT 1 GROUP BY {}a{}",
                    "GROUPING SETS (".repeat(depth),
                    ")".repeat(depth)
                );
                let _ = parse(&s);
            }
        })
        .unwrap();
    assert!(h.join().is_ok());
}

#[test]
fn create_table() {
    let Statement::CreateTable(t) = one(
        "CREATE TEMP TABLE IF NOT EXISTS s.t (
            id serial PRIMARY KEY,
            a int NOT NULL DEFAULT 0 CHECK (a >= 0),
            b varchar(10) COLLATE \"C\" UNIQUE,
            c int REFERENCES u (id) MATCH FULL ON DELETE CASCADE ON UPDATE SET NULL DEFERRABLE INITIALLY DEFERRED,
            d bigint GENERATED BY DEFAULT AS IDENTITY (START WITH 10),
            e numeric(10,2)[],
            CONSTRAINT pk2 UNIQUE (a, b) WITH (fillfactor = 70),
            FOREIGN KEY (a) REFERENCES v,
            CHECK (a < 100) NO INHERIT,
            LIKE w INCLUDING ALL
        ) INHERITS (p) WITH OIDS ON COMMIT DELETE ROWS TABLESPACE ts",
    ) else {
        panic!()
    };
    assert!(t.temporary && t.if_not_exists);
    assert_eq!(t.name.schema.as_deref(), Some("s"));
    assert_eq!(t.elements.len(), 10);
    let TableElement::Column(c) = &t.elements[1] else {
        panic!()
    };
    assert_eq!(c.type_name.name.name, "int4");
    assert_eq!(c.constraints.len(), 3);
    assert!(matches!(
        c.constraints[1].kind,
        ColumnConstraintKind::Default(_)
    ));
    let TableElement::Column(c) = &t.elements[2] else {
        panic!()
    };
    assert!(c.collation.is_some());
    let TableElement::Column(c) = &t.elements[3] else {
        panic!()
    };
    match &c.constraints[0] {
        ColumnConstraint {
            kind: ColumnConstraintKind::References(r),
            deferrable: Some(true),
            initially_deferred: Some(true),
            ..
        } => {
            assert_eq!(r.match_type, b'f');
            assert_eq!(r.on_delete, ReferentialAction::Cascade);
            assert_eq!(r.on_update, ReferentialAction::SetNull);
        }
        o => panic!("{o:?}"),
    }
    let TableElement::Column(c) = &t.elements[4] else {
        panic!()
    };
    assert!(
        matches!(&c.constraints[0].kind, ColumnConstraintKind::Identity { always: false, options } if options.len() == 1)
    );
    let TableElement::Column(c) = &t.elements[5] else {
        panic!()
    };
    assert_eq!(c.type_name.array_bounds, [-1]);
    assert!(
        matches!(&t.elements[6], TableElement::Constraint(TableConstraint { name: Some(n), kind: TableConstraintKind::Unique { columns, options }, .. }) if n == "pk2" && columns.len() == 2 && options.with.len() == 1)
    );
    assert!(matches!(
        &t.elements[8],
        TableElement::Constraint(TableConstraint {
            kind: TableConstraintKind::Check {
                no_inherit: true,
                ..
            },
            ..
        })
    ));
    assert!(
        matches!(&t.elements[9], TableElement::Like { options, .. } if options == &["including all"])
    );
    assert_eq!(t.inherits.len(), 1);
    assert_eq!(t.with_oids, Some(true));
    assert_eq!(t.on_commit, Some(OnCommit::DeleteRows));
    assert_eq!(t.tablespace.as_deref(), Some("ts"));
    assert!(matches!(one("CREATE TABLE t ()"), Statement::CreateTable(t) if t.elements.is_empty()));
    assert!(
        matches!(one("CREATE UNLOGGED TABLE t (a int)"), Statement::CreateTable(t) if t.unlogged)
    );
    assert_eq!(
        err("CREATE TABLE foo (id INTEGER NOT NUL)").0,
        "syntax error at or near \"NUL\""
    );
    assert!(parse("create table foo (with baz)").is_err());
}

#[test]
fn create_table_as_and_views() {
    match one("CREATE TABLE t2 (x, y) AS SELECT 1, 2 WITH NO DATA") {
        Statement::CreateTableAs(c) => {
            assert_eq!(c.columns, ["x", "y"]);
            assert!(!c.with_data);
        }
        o => panic!("{o:?}"),
    }
    assert!(
        matches!(one("CREATE TEMP TABLE t2 AS TABLE t"), Statement::CreateTableAs(c) if c.temporary)
    );
    assert!(
        matches!(one("CREATE MATERIALIZED VIEW mv AS SELECT 1"), Statement::CreateTableAs(c) if c.materialized)
    );
    let sql = "CREATE OR REPLACE TEMP VIEW v (a) AS SELECT x FROM t WHERE x > 1 WITH CHECK OPTION";
    match one(sql) {
        Statement::CreateView(v) => {
            assert!(v.or_replace && v.temporary);
            assert_eq!(v.query_text, "SELECT x FROM t WHERE x > 1");
            assert_eq!(v.check_option.as_deref(), Some("cascaded"));
        }
        o => panic!("{o:?}"),
    }
}

#[test]
fn create_misc() {
    match one("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS i ON ONLY t USING btree (a DESC NULLS LAST, lower(b), (c + 1) int4_ops, d COLLATE \"C\") WITH (fillfactor = 50) WHERE a > 0") {
        Statement::CreateIndex(i) => {
            assert!(i.unique && i.concurrently && i.if_not_exists);
            assert_eq!(i.method.as_deref(), Some("btree"));
            assert_eq!(i.columns.len(), 4);
            assert_eq!(i.columns[0].direction, SortDirection::Desc);
            assert!(i.columns[1].expr.is_some());
            assert!(i.columns[2].opclass.is_some());
            assert!(i.columns[3].collation.is_some());
            assert!(i.where_clause.is_some());
        }
        o => panic!("{o:?}"),
    }
    assert!(matches!(one("CREATE INDEX ON t (a)"), Statement::CreateIndex(i) if i.name.is_none()));
    match one("CREATE SCHEMA IF NOT EXISTS s AUTHORIZATION bob CREATE TABLE t (a int) CREATE VIEW v AS SELECT 1") {
        Statement::CreateSchema(s) => {
            assert_eq!(s.name.as_deref(), Some("s"));
            assert_eq!(s.authorization.as_deref(), Some("bob"));
            assert_eq!(s.elements.len(), 2);
        }
        o => panic!("{o:?}"),
    }
    assert!(
        matches!(one("CREATE SCHEMA AUTHORIZATION bob"), Statement::CreateSchema(s) if s.name.is_none())
    );
    match one("CREATE SEQUENCE s AS bigint INCREMENT BY -2 MINVALUE -100 NO MAXVALUE START WITH 5 CACHE 10 CYCLE OWNED BY t.a") {
        Statement::CreateSequence(s) => assert_eq!(s.options.len(), 8),
        o => panic!("{o:?}"),
    }
    assert!(
        matches!(one("ALTER SEQUENCE IF EXISTS s RESTART WITH 1 NO CYCLE"), Statement::AlterSequence(s) if s.if_exists && s.options.len() == 2)
    );
    match one("CREATE OR REPLACE FUNCTION f(a int, OUT b text, VARIADIC c int[] DEFAULT '{}', int = 3) RETURNS SETOF record AS $$ select 1 $$ LANGUAGE sql IMMUTABLE STRICT COST 10") {
        Statement::CreateFunction(f) => {
            assert!(f.or_replace);
            assert_eq!(f.args.len(), 4);
            assert_eq!(f.args[1].mode, b'o');
            assert_eq!(f.args[2].mode, b'v');
            assert!(f.args[2].default.is_some());
            assert_eq!(f.args[3].name, None);
            assert!(f.returns.as_ref().unwrap().setof);
            assert_eq!(f.language.as_deref(), Some("sql"));
            assert_eq!(f.body, [" select 1 "]);
            assert!(f.options.contains(&("volatility".into(), Some("immutable".into()))));
        }
        o => panic!("{o:?}"),
    }
    match one("CREATE FUNCTION f(x int) RETURNS TABLE (a int, b text) AS 'obj', 'sym' LANGUAGE C") {
        Statement::CreateFunction(f) => {
            assert_eq!(f.returns_table.len(), 2);
            assert_eq!(f.body.len(), 2);
        }
        o => panic!("{o:?}"),
    }
    assert!(
        matches!(one("CREATE DATABASE d WITH OWNER = bob ENCODING 'UTF8' CONNECTION LIMIT 5"), Statement::CreateDatabase(d) if d.options.len() == 3)
    );
    match one("CREATE ROLE r WITH LOGIN SUPERUSER PASSWORD 'x' VALID UNTIL 'infinity' IN ROLE a, b")
    {
        Statement::CreateRole(r) => {
            assert_eq!(r.kind, "ROLE");
            assert_eq!(r.options.len(), 5);
        }
        o => panic!("{o:?}"),
    }
    assert!(matches!(one("CREATE USER u"), Statement::CreateRole(r) if r.kind == "USER"));
    for (sql, tag) in [
        ("CREATE TYPE mood AS ENUM ('sad', 'ok')", "CREATE TYPE"),
        ("CREATE DOMAIN d AS int CHECK (VALUE > 0)", "CREATE DOMAIN"),
        ("CREATE EXTENSION IF NOT EXISTS hstore", "CREATE EXTENSION"),
        (
            "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE PROCEDURE f()",
            "CREATE TRIGGER",
        ),
        (
            "CREATE CONSTRAINT TRIGGER tr AFTER INSERT ON t FOR EACH ROW EXECUTE PROCEDURE f()",
            "CREATE TRIGGER",
        ),
        (
            "CREATE OR REPLACE RULE r AS ON INSERT TO t DO INSTEAD NOTHING",
            "CREATE RULE",
        ),
        (
            "CREATE AGGREGATE a (int) (sfunc = f, stype = int)",
            "CREATE AGGREGATE",
        ),
        (
            "CREATE OPERATOR === (leftarg = int, rightarg = int, procedure = int4eq)",
            "CREATE OPERATOR",
        ),
        (
            "CREATE TEXT SEARCH CONFIGURATION c (copy = english)",
            "CREATE TEXT SEARCH CONFIGURATION",
        ),
        ("ALTER FUNCTION f(int) OWNER TO bob", "ALTER FUNCTION"),
        ("ALTER TYPE mood ADD VALUE 'happy'", "ALTER TYPE"),
        ("CLUSTER t USING i", "CLUSTER"),
        ("REINDEX TABLE t", "REINDEX"),
        ("REFRESH MATERIALIZED VIEW mv", "REFRESH MATERIALIZED VIEW"),
        ("SET CONSTRAINTS ALL DEFERRED", "SET CONSTRAINTS"),
        (
            "ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO bob",
            "ALTER DEFAULT PRIVILEGES",
        ),
    ] {
        match one(sql) {
            Statement::Unsupported { tag: t, .. } => assert_eq!(t, tag, "{sql}"),
            o => panic!("{sql}: {o:?}"),
        }
    }
    assert!(parse("CREATE OPERATOR => (leftarg = int8, procedure = numeric_fac)").is_err());
    assert!(parse("CREATE FOO x").is_err());
    assert!(parse("CREATE TYPE t AS (a int").is_err());
}

#[test]
fn alter_drop_truncate() {
    match one("ALTER TABLE IF EXISTS ONLY t ADD COLUMN IF NOT EXISTS c int NOT NULL, DROP COLUMN d CASCADE, ALTER COLUMN e TYPE bigint USING e::bigint, ALTER f SET DEFAULT 1, ALTER g DROP NOT NULL, ADD CONSTRAINT k PRIMARY KEY (a), DROP CONSTRAINT IF EXISTS z, OWNER TO bob, SET (fillfactor = 10), ENABLE TRIGGER ALL") {
        Statement::AlterTable(a) => {
            assert!(a.if_exists && a.only);
            assert_eq!(a.object_kind, ObjectKind::Table);
            assert_eq!(a.actions.len(), 10);
            assert!(matches!(&a.actions[0], AlterTableAction::AddColumn { if_not_exists: true, .. }));
            assert!(matches!(&a.actions[1], AlterTableAction::DropColumn { behavior: DropBehavior::Cascade, .. }));
            assert!(matches!(&a.actions[2], AlterTableAction::AlterColumnType { using: Some(_), .. }));
            assert!(matches!(&a.actions[3], AlterTableAction::SetDefault { default: Some(_), .. }));
            assert!(matches!(&a.actions[4], AlterTableAction::DropNotNull(c) if c == "g"));
            assert!(matches!(&a.actions[5], AlterTableAction::AddConstraint(_)));
            assert!(matches!(&a.actions[6], AlterTableAction::DropConstraint { if_exists: true, .. }));
            assert!(matches!(&a.actions[7], AlterTableAction::OwnerTo(o) if o == "bob"));
            assert!(matches!(&a.actions[8], AlterTableAction::SetOptions(_)));
            assert!(matches!(&a.actions[9], AlterTableAction::Other(s) if s == "ENABLE TRIGGER ALL"));
        }
        o => panic!("{o:?}"),
    }
    assert!(
        matches!(one("ALTER TABLE t RENAME TO u"), Statement::AlterTable(a) if matches!(&a.actions[0], AlterTableAction::RenameTable(n) if n == "u"))
    );
    assert!(
        matches!(one("ALTER TABLE t RENAME COLUMN a TO b"), Statement::AlterTable(a) if matches!(&a.actions[0], AlterTableAction::RenameColumn { .. }))
    );
    assert!(
        matches!(one("ALTER INDEX i RENAME TO j"), Statement::Rename(r) if r.kind == ObjectKind::Index && r.new_name == "j")
    );
    assert!(
        matches!(one("ALTER VIEW IF EXISTS v RENAME TO w"), Statement::Rename(r) if r.kind == ObjectKind::View && r.if_exists)
    );
    assert!(
        matches!(one("ALTER SEQUENCE s RENAME TO s2"), Statement::Rename(r) if r.kind == ObjectKind::Sequence)
    );
    assert!(
        matches!(one("ALTER SCHEMA s RENAME TO s2"), Statement::Rename(r) if r.kind == ObjectKind::Schema)
    );
    match one("DROP TABLE IF EXISTS a, s.b CASCADE") {
        Statement::Drop(d) => {
            assert_eq!(d.kind, ObjectKind::Table);
            assert!(d.if_exists);
            assert_eq!(d.names.len(), 2);
            assert_eq!(d.behavior, DropBehavior::Cascade);
        }
        o => panic!("{o:?}"),
    }
    match one("DROP FUNCTION f(int, text), g") {
        Statement::Drop(d) => {
            assert_eq!(d.arg_types.len(), 2);
            assert_eq!(d.arg_types[0].as_ref().map(|v| v.len()), Some(2));
            assert!(d.arg_types[1].is_none());
        }
        o => panic!("{o:?}"),
    }
    assert!(matches!(one("DROP INDEX CONCURRENTLY i"), Statement::Drop(d) if d.concurrently));
    assert!(
        matches!(one("DROP MATERIALIZED VIEW mv"), Statement::Drop(d) if d.kind == ObjectKind::MaterializedView)
    );
    assert!(
        matches!(one("DROP OPERATOR === (int4, NONE)"), Statement::Drop(d) if d.kind == ObjectKind::Operator)
    );
    for s in [
        "DROP SCHEMA s RESTRICT",
        "DROP TYPE t",
        "DROP DOMAIN d",
        "DROP ROLE r",
        "DROP USER IF EXISTS u",
        "DROP DATABASE d",
        "DROP SEQUENCE s",
        "DROP VIEW v",
        "DROP EXTENSION e",
        "DROP TRIGGER tr ON t",
    ] {
        assert!(matches!(one(s), Statement::Drop(_)), "{s}");
    }
    assert_eq!(err("drop table").0, "syntax error at end of input");
    assert_eq!(
        err("drop operator equals;").0,
        "syntax error at or near \";\""
    );
    assert_eq!(err("drop operator === (int4)").0, "missing argument");
    match one("TRUNCATE TABLE ONLY a, b RESTART IDENTITY CASCADE") {
        Statement::Truncate(t) => {
            assert_eq!(t.tables.len(), 2);
            assert!(t.tables[0].1);
            assert!(t.restart_identity);
            assert_eq!(t.behavior, DropBehavior::Cascade);
        }
        o => panic!("{o:?}"),
    }
    assert!(
        matches!(one("COMMENT ON COLUMN t.a IS 'x'"), Statement::Comment(c) if c.kind == ObjectKind::Column && c.name == ["t", "a"])
    );
    assert!(
        matches!(one("COMMENT ON FUNCTION f(int) IS NULL"), Statement::Comment(c) if c.comment.is_none())
    );
    match one("GRANT SELECT, UPDATE (a, b) ON TABLE t, u TO bob, GROUP staff WITH GRANT OPTION") {
        Statement::Grant(g) => {
            assert!(g.is_grant);
            assert_eq!(g.privileges, ["select", "update(a,b)"]);
            assert_eq!(g.objects.len(), 2);
            assert_eq!(g.grantees, ["bob", "staff"]);
        }
        o => panic!("{o:?}"),
    }
    assert!(
        matches!(one("REVOKE ALL ON SCHEMA s FROM PUBLIC CASCADE"), Statement::Grant(g) if !g.is_grant && g.object_kind == ObjectKind::Schema)
    );
    assert!(
        matches!(one("GRANT admin TO bob"), Statement::Grant(g) if g.object_kind == ObjectKind::Role)
    );
}

#[test]
fn transactions() {
    let t = |s: &str| match one(s) {
        Statement::Transaction(t) => t,
        o => panic!("{s}: {o:?}"),
    };
    assert_eq!(t("BEGIN"), TransactionStmt::Begin(vec![]));
    assert_eq!(
        t("BEGIN WORK ISOLATION LEVEL REPEATABLE READ, READ ONLY"),
        TransactionStmt::Begin(vec![
            TransactionMode::IsolationLevel("repeatable read".into()),
            TransactionMode::ReadOnly
        ])
    );
    assert_eq!(
        t("START TRANSACTION READ WRITE NOT DEFERRABLE"),
        TransactionStmt::Begin(vec![
            TransactionMode::ReadWrite,
            TransactionMode::NotDeferrable
        ])
    );
    assert_eq!(t("COMMIT"), TransactionStmt::Commit { chain: false });
    assert_eq!(
        t("END TRANSACTION"),
        TransactionStmt::Commit { chain: false }
    );
    assert_eq!(t("ABORT"), TransactionStmt::Rollback { chain: false });
    assert_eq!(
        t("ROLLBACK WORK"),
        TransactionStmt::Rollback { chain: false }
    );
    assert_eq!(t("SAVEPOINT sp"), TransactionStmt::Savepoint("sp".into()));
    assert_eq!(
        t("RELEASE SAVEPOINT sp"),
        TransactionStmt::Release("sp".into())
    );
    assert_eq!(t("RELEASE sp"), TransactionStmt::Release("sp".into()));
    assert_eq!(
        t("ROLLBACK TO SAVEPOINT sp"),
        TransactionStmt::RollbackTo("sp".into())
    );
    assert_eq!(
        t("ROLLBACK TRANSACTION TO sp"),
        TransactionStmt::RollbackTo("sp".into())
    );
    assert_eq!(
        t("PREPARE TRANSACTION 'x'"),
        TransactionStmt::PrepareTransaction("x".into())
    );
    assert_eq!(
        t("COMMIT PREPARED 'x'"),
        TransactionStmt::CommitPrepared("x".into())
    );
    assert_eq!(
        t("ROLLBACK PREPARED 'x'"),
        TransactionStmt::RollbackPrepared("x".into())
    );
    assert_eq!(
        t("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE"),
        TransactionStmt::SetTransaction {
            modes: vec![TransactionMode::IsolationLevel("serializable".into())],
            session: false
        }
    );
    assert_eq!(
        t("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY"),
        TransactionStmt::SetTransaction {
            modes: vec![TransactionMode::ReadOnly],
            session: true
        }
    );
    // AND CHAIN is PostgreSQL 12 syntax.
    assert_eq!(err("COMMIT AND CHAIN").0, "syntax error at or near \"AND\"");
}

#[test]
fn set_show_reset() {
    let set = |s: &str| match one(s) {
        Statement::VariableSet(VariableSetStmt::Set {
            name,
            values,
            local,
            ..
        }) => (name, values, local),
        o => panic!("{s}: {o:?}"),
    };
    let (n, v, l) = set("SET search_path TO public, \"$user\"");
    assert_eq!(n, "search_path");
    assert_eq!(
        v,
        Some(vec![
            SetValue::String("public".into()),
            SetValue::String("$user".into())
        ])
    );
    assert!(!l);
    let (n, v, l) = set("SET LOCAL work_mem = '64kB'");
    assert_eq!((n.as_str(), l), ("work_mem", true));
    assert_eq!(v, Some(vec![SetValue::String("64kB".into())]));
    assert_eq!(
        set("SET SESSION extra_float_digits = -3").1,
        Some(vec![SetValue::Number("-3".into())])
    );
    assert_eq!(
        set("SET enable_seqscan = off").1,
        Some(vec![SetValue::String("off".into())])
    );
    assert_eq!(
        set("SET enable_seqscan = on").1,
        Some(vec![SetValue::String("on".into())])
    );
    assert_eq!(set("SET datestyle TO DEFAULT").1, None);
    assert_eq!(
        set("SET TIME ZONE 'UTC'"),
        (
            "timezone".into(),
            Some(vec![SetValue::String("UTC".into())]),
            false
        )
    );
    assert_eq!(set("SET TIME ZONE LOCAL").1, Some(vec![SetValue::Local]));
    assert_eq!(set("SET TIME ZONE DEFAULT").1, None);
    assert_eq!(
        set("SET TIME ZONE -7").1,
        Some(vec![SetValue::Number("-7".into())])
    );
    assert_eq!(
        set("SET TIME ZONE INTERVAL '-08:00' HOUR TO MINUTE").1,
        Some(vec![SetValue::Interval(
            "-08:00".into(),
            vec!["hour".into(), "minute".into()]
        )])
    );
    assert_eq!(set("SET NAMES 'UTF8'").0, "client_encoding");
    assert_eq!(set("SET SCHEMA 'public'").0, "search_path");
    assert_eq!(set("SET ROLE bob").0, "role");
    assert_eq!(
        set("SET SESSION AUTHORIZATION DEFAULT"),
        ("session_authorization".into(), None, false)
    );
    assert_eq!(set("SET a.b = 1").0, "a.b");
    assert!(matches!(
        one("RESET ALL"),
        Statement::VariableSet(VariableSetStmt::ResetAll)
    ));
    assert!(
        matches!(one("RESET TIME ZONE"), Statement::VariableSet(VariableSetStmt::Reset { name }) if name == "timezone")
    );
    assert!(matches!(
        one("SHOW ALL"),
        Statement::VariableShow(VariableShowStmt::All)
    ));
    assert!(
        matches!(one("SHOW TRANSACTION ISOLATION LEVEL"), Statement::VariableShow(VariableShowStmt::Name(n)) if n == "transaction_isolation")
    );
    assert!(
        matches!(one("SHOW search_path"), Statement::VariableShow(VariableShowStmt::Name(n)) if n == "search_path")
    );
}

#[test]
fn utility_statements() {
    match one("EXPLAIN ANALYZE VERBOSE SELECT 1") {
        Statement::Explain(e) => {
            assert_eq!(e.options.len(), 2);
            assert!(matches!(e.statement, Statement::Select(_)));
        }
        o => panic!("{o:?}"),
    }
    match one("EXPLAIN (COSTS OFF, FORMAT JSON, ANALYZE) INSERT INTO t VALUES (1)") {
        Statement::Explain(e) => assert_eq!(
            e.options,
            [
                ("costs".into(), Some("off".into())),
                ("format".into(), Some("json".into())),
                ("analyze".into(), None)
            ]
        ),
        o => panic!("{o:?}"),
    }
    match one(
        "COPY t (a, b) FROM STDIN WITH (FORMAT csv, HEADER, DELIMITER ';', FORCE_NOT_NULL (a))",
    ) {
        Statement::Copy(c) => {
            assert!(c.is_from && c.filename.is_none());
            assert_eq!(c.columns, ["a", "b"]);
            assert_eq!(c.options.len(), 4);
        }
        o => panic!("{o:?}"),
    }
    match one("COPY t TO STDOUT WITH CSV HEADER DELIMITER AS ',' NULL AS '' FORCE QUOTE *") {
        Statement::Copy(c) => assert_eq!(
            c.options,
            [
                ("format".into(), Some("csv".into())),
                ("header".into(), Some("true".into())),
                ("delimiter".into(), Some(",".into())),
                ("null".into(), Some("".into())),
                ("force_quote".into(), Some("*".into()))
            ]
        ),
        o => panic!("{o:?}"),
    }
    assert!(
        matches!(one("COPY (SELECT 1) TO '/tmp/x'"), Statement::Copy(c) if c.query.is_some() && c.filename.as_deref() == Some("/tmp/x"))
    );
    assert!(matches!(one("COPY BINARY t FROM PROGRAM 'cat x'"), Statement::Copy(c) if c.program));
    match one("PREPARE q (int, text) AS SELECT $1, $2") {
        Statement::Prepare(p) => {
            assert_eq!(p.arg_types.len(), 2);
            assert_eq!(p.statement_text, "SELECT $1, $2");
        }
        o => panic!("{o:?}"),
    }
    assert!(matches!(one("EXECUTE q (1, 'a')"), Statement::Execute(e) if e.params.len() == 2));
    assert!(
        matches!(one("DEALLOCATE PREPARE q"), Statement::Deallocate(d) if d.name.as_deref() == Some("q"))
    );
    assert!(matches!(one("DEALLOCATE ALL"), Statement::Deallocate(d) if d.name.is_none()));
    match one("DECLARE c BINARY NO SCROLL CURSOR WITH HOLD FOR SELECT 1") {
        Statement::DeclareCursor(d) => {
            assert!(d.binary && d.hold);
            assert_eq!(d.scroll, Some(false));
        }
        o => panic!("{o:?}"),
    }
    let f = |s: &str| match one(s) {
        Statement::Fetch(f) => f,
        o => panic!("{s}: {o:?}"),
    };
    assert_eq!(f("FETCH c").direction, FetchDirection::Forward(Some(1)));
    assert_eq!(f("FETCH next").cursor, "next");
    assert_eq!(
        f("FETCH 5 FROM c").direction,
        FetchDirection::Forward(Some(5))
    );
    assert_eq!(
        f("FETCH BACKWARD ALL IN c").direction,
        FetchDirection::Backward(None)
    );
    assert_eq!(
        f("FETCH ABSOLUTE -1 c").direction,
        FetchDirection::Absolute(-1)
    );
    assert_eq!(f("FETCH PRIOR FROM c").direction, FetchDirection::Prior);
    assert!(f("MOVE LAST IN c").is_move);
    assert!(matches!(one("CLOSE ALL"), Statement::ClosePortal(c) if c.name.is_none()));
    assert!(
        matches!(one("VACUUM FULL VERBOSE ANALYZE t (a)"), Statement::Vacuum(v) if v.full && v.verbose && v.analyze && v.tables[0].1 == ["a"])
    );
    assert!(
        matches!(one("VACUUM (FREEZE, ANALYZE) t"), Statement::Vacuum(v) if v.freeze && v.analyze)
    );
    assert!(matches!(one("ANALYZE VERBOSE t"), Statement::Analyze(v) if v.verbose));
    assert!(matches!(one("CHECKPOINT"), Statement::Checkpoint));
    assert!(matches!(
        one("DISCARD TEMPORARY"),
        Statement::Discard(DiscardStmt::Temp)
    ));
    assert!(
        matches!(one("LOCK TABLE a, ONLY b IN SHARE ROW EXCLUSIVE MODE NOWAIT"), Statement::Lock(l) if l.mode == "SHARE ROW EXCLUSIVE" && l.nowait && l.tables.len() == 2)
    );
    assert!(matches!(one("LOCK t"), Statement::Lock(l) if l.mode == "ACCESS EXCLUSIVE"));
    assert!(matches!(one("LISTEN ch"), Statement::Listen(c) if c == "ch"));
    assert!(matches!(one("UNLISTEN *"), Statement::Unlisten(None)));
    assert!(
        matches!(one("NOTIFY ch, 'hi'"), Statement::Notify(c, Some(p)) if c == "ch" && p == "hi")
    );
    assert!(
        matches!(one("DO $$ BEGIN NULL; END $$ LANGUAGE plpgsql"), Statement::Do(d) if d.language.as_deref() == Some("plpgsql"))
    );
}

#[test]
fn lexical_errors_and_notices() {
    let long = "a".repeat(70);
    let (stmts, notices) = crate::parse_with_notices(&format!("SELECT 1 AS {long}")).unwrap();
    assert_eq!(stmts.len(), 1);
    assert_eq!(notices.len(), 1);
    assert_eq!(notices[0].code, common::sqlstate::NAME_TOO_LONG);
    assert_eq!(
        err("SELECT U&'wrong: \\061'").0,
        "invalid Unicode escape value at or near \"\\061'\""
    );
    assert_eq!(
        err("SELECT U&'wrong: +0061' UESCAPE '+'").0,
        "invalid Unicode escape character at or near \"+'\""
    );
    assert_eq!(err("SELECT $abc").0, "syntax error at or near \"$\"");
}

#[test]
fn rule_with_multiple_actions() {
    assert!(matches!(one("CREATE RULE r AS ON INSERT TO t DO INSTEAD (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2))"), Statement::Unsupported { .. }));
}

#[test]
#[ignore]
fn dump() {
    if let Ok(s) = std::env::var("PARSE_DUMP") {
        match parse(&s) {
            Ok(v) => eprintln!("{v:#?}"),
            Err(e) => eprintln!("ERR {e:?}"),
        }
    }
}

#[test]
fn errors_inside_backtracking() {
    assert_eq!(
        err("SELECT * FROM (SELECT 1 +) s").0,
        "syntax error at or near \")\""
    );
    assert_eq!(
        err("SELECT * FROM (SELECT 1 LIMIT 1, 2) s").0,
        "LIMIT #,# syntax is not supported"
    );
    assert_eq!(
        err("SELECT * FROM t TABLESAMPLE system (1)").0,
        "TABLESAMPLE is not supported"
    );
    assert_eq!(
        err("SELECT * FROM (SELECT * FROM t TABLESAMPLE system (1)) s").0,
        "TABLESAMPLE is not supported"
    );
    assert_eq!(
        err("SELECT a IN ((SELECT 1 FROM))").0,
        "syntax error at or near \")\""
    );
}

#[test]
fn non_standard_strings() {
    let opts = crate::ParseOptions {
        standard_conforming_strings: false,
        escape_string_warning: true,
    };
    let (v, w) =
        crate::parse_with_options(r"select 'a\\b', 'c\'d', 'x''y', 'plain'", opts).unwrap();
    assert_eq!(w.len(), 2);
    assert_eq!(w[0].message, r"nonstandard use of \\ in a string literal");
    assert_eq!(w[0].position, Some(8));
    assert_eq!(w[1].message, r"nonstandard use of \' in a string literal");
    let Statement::Select(s) = &v[0].stmt else {
        panic!()
    };
    let SetExpr::Select(c) = &s.body else {
        panic!()
    };
    assert!(
        matches!(&c.targets[0], SelectTarget::Expr { expr: Expr::Literal { value: Literal::String(s), .. }, .. } if s == r"a\b")
    );
    assert!(
        matches!(&c.targets[1], SelectTarget::Expr { expr: Expr::Literal { value: Literal::String(s), .. }, .. } if s == "c'd")
    );
    let e = crate::parse_with_options("SELECT U&'x'", opts).unwrap_err();
    assert_eq!(
        e.message,
        "unsafe use of string constant with Unicode escapes"
    );
    // Default (standard) strings keep backslashes.
    assert!(
        matches!(first_target(r"SELECT 'a\b'"), Expr::Literal { value: Literal::String(s), .. } if s == r"a\b")
    );
}
