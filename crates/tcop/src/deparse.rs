//! Turns expression parse trees back into SQL text, used to store column DEFAULT expressions
//! (pg_attrdef.adsrc), index expressions and predicates and ALTER COLUMN TYPE's USING, in a
//! form the analyzer can parse again. A construct it cannot write back is an error, never a
//! silent substitute.

use common::{pg_err, PgResult};
use parser::ast::{Expr, IndirectionItem, Literal, QualifiedName, SqlValueFunctionKind, TypeName};

/// A construct the deparser cannot write back (PostgreSQL rejects them in the stored
/// expressions that use this module anyway).
#[derive(Debug, PartialEq)]
pub(crate) enum Unsupported {
    Subquery,
    Construct(&'static str),
}

/// SQL text for an expression stored as a `context` ("DEFAULT expression", "index
/// expression", "index predicate", "transform expression", "check constraint").
pub(crate) fn expr_sql(e: &Expr, context: &str) -> PgResult<String> {
    let mut s = String::new();
    match write_expr(e, &mut s) {
        Ok(()) => Ok(s),
        Err(Unsupported::Subquery) => Err(pg_err!(
            FEATURE_NOT_SUPPORTED,
            "cannot use subquery in {}",
            context
        )),
        Err(Unsupported::Construct(what)) => Err(pg_err!(
            FEATURE_NOT_SUPPORTED,
            "{} is not allowed in {}",
            what,
            context
        )),
    }
}

fn quote_literal(v: &str) -> String {
    let body = v.replace('\'', "''");
    if v.contains('\\') {
        format!("E'{}'", body.replace('\\', "\\\\"))
    } else {
        format!("'{body}'")
    }
}

fn ident(name: &str) -> String {
    let plain = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if plain {
        name.to_string()
    } else {
        format!("\"{}\"", name.replace('"', "\"\""))
    }
}

fn qualified(q: &QualifiedName) -> String {
    let mut parts = Vec::new();
    if let Some(c) = &q.catalog {
        parts.push(ident(c));
    }
    if let Some(s) = &q.schema {
        parts.push(ident(s));
    }
    parts.push(ident(&q.name));
    parts.join(".")
}

pub(crate) fn type_sql(t: &TypeName) -> String {
    let mut s = qualified(&t.name);
    if !t.modifiers.is_empty() {
        let mods: Vec<String> = t
            .modifiers
            .iter()
            .map(|m| {
                let mut out = String::new();
                // Type modifiers are constants; anything else is rejected when resolved.
                match write_expr(m, &mut out) {
                    Ok(()) => out,
                    Err(_) => "NULL".to_string(),
                }
            })
            .collect();
        s.push('(');
        s.push_str(&mods.join(","));
        s.push(')');
    }
    for f in &t.interval_fields {
        s.push(' ');
        s.push_str(f);
    }
    for _ in &t.array_bounds {
        s.push_str("[]");
    }
    s
}

fn write_list(items: &[Expr], out: &mut String) -> Result<(), Unsupported> {
    for (i, e) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write_expr(e, out)?;
    }
    Ok(())
}

fn write_expr(e: &Expr, out: &mut String) -> Result<(), Unsupported> {
    match e {
        Expr::Literal { value, .. } => match value {
            Literal::Integer(i) => out.push_str(&i.to_string()),
            Literal::Numeric(n) => out.push_str(n),
            Literal::String(s) => out.push_str(&quote_literal(s)),
            Literal::BitString(b) => {
                out.push_str(&b[..1].to_ascii_uppercase());
                out.push_str(&quote_literal(&b[1..]));
            }
            Literal::Boolean(b) => out.push_str(if *b { "true" } else { "false" }),
            Literal::Null => out.push_str("NULL"),
        },
        Expr::ColumnRef { fields, .. } => {
            let parts: Vec<String> = fields.iter().map(|f| ident(f)).collect();
            out.push_str(&parts.join("."));
        }
        Expr::Param { number, .. } => out.push_str(&format!("${number}")),
        Expr::BinaryOp {
            op,
            schema,
            left,
            right,
            ..
        } => {
            out.push('(');
            write_expr(left, out)?;
            match schema {
                Some(s) => out.push_str(&format!(" OPERATOR({}.{op}) ", ident(s))),
                None => out.push_str(&format!(" {op} ")),
            }
            write_expr(right, out)?;
            out.push(')');
        }
        Expr::UnaryOp { op, operand, .. } => {
            out.push('(');
            out.push_str(op);
            out.push(' ');
            write_expr(operand, out)?;
            out.push(')');
        }
        Expr::PostfixOp { op, operand, .. } => {
            out.push('(');
            write_expr(operand, out)?;
            out.push(' ');
            out.push_str(op);
            out.push(')');
        }
        Expr::And(items, _) | Expr::Or(items, _) => {
            let word = if matches!(e, Expr::And(..)) {
                " AND "
            } else {
                " OR "
            };
            out.push('(');
            for (i, x) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(word);
                }
                write_expr(x, out)?;
            }
            out.push(')');
        }
        Expr::Not(x, _) => {
            out.push_str("(NOT ");
            write_expr(x, out)?;
            out.push(')');
        }
        Expr::IsNull { expr, negated, .. } => {
            out.push('(');
            write_expr(expr, out)?;
            out.push_str(if *negated {
                " IS NOT NULL)"
            } else {
                " IS NULL)"
            });
        }
        Expr::Cast {
            expr, type_name, ..
        } => {
            out.push('(');
            write_expr(expr, out)?;
            out.push_str(")::");
            out.push_str(&type_sql(type_name));
        }
        Expr::Func(f) => {
            out.push_str(&qualified(&f.name));
            out.push('(');
            if f.star {
                out.push('*');
            } else {
                if f.distinct {
                    out.push_str("DISTINCT ");
                }
                if f.variadic && !f.args.is_empty() {
                    let n = f.args.len();
                    write_list(&f.args[..n - 1], out)?;
                    if n > 1 {
                        out.push_str(", ");
                    }
                    out.push_str("VARIADIC ");
                    write_expr(&f.args[n - 1], out)?;
                } else {
                    write_list(&f.args, out)?;
                }
            }
            out.push(')');
        }
        Expr::SqlValueFunction {
            kind, precision, ..
        } => {
            let name = match kind {
                SqlValueFunctionKind::CurrentDate => "CURRENT_DATE",
                SqlValueFunctionKind::CurrentTime => "CURRENT_TIME",
                SqlValueFunctionKind::CurrentTimestamp => "CURRENT_TIMESTAMP",
                SqlValueFunctionKind::LocalTime => "LOCALTIME",
                SqlValueFunctionKind::LocalTimestamp => "LOCALTIMESTAMP",
                SqlValueFunctionKind::CurrentRole => "CURRENT_ROLE",
                SqlValueFunctionKind::CurrentUser => "CURRENT_USER",
                SqlValueFunctionKind::SessionUser => "SESSION_USER",
                SqlValueFunctionKind::User => "USER",
                SqlValueFunctionKind::CurrentCatalog => "CURRENT_CATALOG",
                SqlValueFunctionKind::CurrentSchema => "CURRENT_SCHEMA",
            };
            out.push_str(name);
            if let Some(p) = precision {
                out.push_str(&format!("({p})"));
            }
        }
        Expr::Coalesce(items, _) => {
            out.push_str("COALESCE(");
            write_list(items, out)?;
            out.push(')');
        }
        Expr::NullIf(a, b, _) => {
            out.push_str("NULLIF(");
            write_expr(a, out)?;
            out.push_str(", ");
            write_expr(b, out)?;
            out.push(')');
        }
        Expr::MinMax { greatest, args, .. } => {
            out.push_str(if *greatest { "GREATEST(" } else { "LEAST(" });
            write_list(args, out)?;
            out.push(')');
        }
        Expr::Array(items, _) => {
            out.push_str("ARRAY[");
            write_list(items, out)?;
            out.push(']');
        }
        Expr::Row(items, _) => {
            out.push_str("ROW(");
            write_list(items, out)?;
            out.push(')');
        }
        Expr::Case {
            arg,
            whens,
            else_result,
            ..
        } => {
            out.push_str("CASE");
            if let Some(a) = arg {
                out.push(' ');
                write_expr(a, out)?;
            }
            for (w, t) in whens {
                out.push_str(" WHEN ");
                write_expr(w, out)?;
                out.push_str(" THEN ");
                write_expr(t, out)?;
            }
            if let Some(e) = else_result {
                out.push_str(" ELSE ");
                write_expr(e, out)?;
            }
            out.push_str(" END");
        }
        Expr::Nested(x, _) => {
            out.push('(');
            write_expr(x, out)?;
            out.push(')');
        }
        Expr::AtTimeZone { expr, zone, .. } => {
            out.push('(');
            write_expr(expr, out)?;
            out.push_str(" AT TIME ZONE ");
            write_expr(zone, out)?;
            out.push(')');
        }
        Expr::IsBool { expr, test, .. } => {
            use parser::ast::BoolTest as B;
            out.push('(');
            write_expr(expr, out)?;
            out.push_str(match test {
                B::IsTrue => " IS TRUE)",
                B::IsNotTrue => " IS NOT TRUE)",
                B::IsFalse => " IS FALSE)",
                B::IsNotFalse => " IS NOT FALSE)",
                B::IsUnknown => " IS UNKNOWN)",
                B::IsNotUnknown => " IS NOT UNKNOWN)",
            });
        }
        Expr::IsDistinctFrom {
            left,
            right,
            negated,
            ..
        } => {
            out.push('(');
            write_expr(left, out)?;
            out.push_str(if *negated {
                " IS NOT DISTINCT FROM "
            } else {
                " IS DISTINCT FROM "
            });
            write_expr(right, out)?;
            out.push(')');
        }
        Expr::Between {
            expr,
            low,
            high,
            negated,
            symmetric,
            ..
        } => {
            out.push('(');
            write_expr(expr, out)?;
            out.push_str(if *negated {
                " NOT BETWEEN "
            } else {
                " BETWEEN "
            });
            if *symmetric {
                out.push_str("SYMMETRIC ");
            }
            write_expr(low, out)?;
            out.push_str(" AND ");
            write_expr(high, out)?;
            out.push(')');
        }
        Expr::InList {
            expr,
            list,
            negated,
            ..
        } => {
            out.push('(');
            write_expr(expr, out)?;
            out.push_str(if *negated { " NOT IN (" } else { " IN (" });
            for (i, x) in list.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_expr(x, out)?;
            }
            out.push_str("))");
        }
        Expr::Like {
            expr,
            pattern,
            escape,
            negated,
            kind,
            ..
        } => {
            use parser::ast::LikeKind as K;
            out.push('(');
            write_expr(expr, out)?;
            out.push_str(if *negated { " NOT" } else { "" });
            out.push_str(match kind {
                K::Like => " LIKE ",
                K::ILike => " ILIKE ",
                K::Similar => " SIMILAR TO ",
            });
            write_expr(pattern, out)?;
            if let Some(e) = escape {
                out.push_str(" ESCAPE ");
                write_expr(e, out)?;
            }
            out.push(')');
        }
        Expr::ArrayComparison {
            expr,
            op,
            all,
            array,
            ..
        } => {
            out.push('(');
            write_expr(expr, out)?;
            out.push_str(&format!(" {op} {}(", if *all { "ALL" } else { "ANY" }));
            write_expr(array, out)?;
            out.push_str("))");
        }
        Expr::Indirection { expr, path, .. } => {
            out.push('(');
            write_expr(expr, out)?;
            out.push(')');
            for item in path {
                match item {
                    IndirectionItem::Index(i) => {
                        out.push('[');
                        write_expr(i, out)?;
                        out.push(']');
                    }
                    IndirectionItem::Slice(lo, hi) => {
                        out.push('[');
                        if let Some(lo) = lo {
                            write_expr(lo, out)?;
                        }
                        out.push(':');
                        if let Some(hi) = hi {
                            write_expr(hi, out)?;
                        }
                        out.push(']');
                    }
                    IndirectionItem::Field(f) => {
                        out.push('.');
                        out.push_str(&ident(f));
                    }
                    IndirectionItem::Star => out.push_str(".*"),
                }
            }
        }
        Expr::Collate {
            expr, collation, ..
        } => {
            out.push('(');
            write_expr(expr, out)?;
            out.push_str(" COLLATE ");
            out.push_str(&qualified(collation));
            out.push(')');
        }
        Expr::InSubquery { .. }
        | Expr::SubqueryComparison { .. }
        | Expr::Exists { .. }
        | Expr::ScalarSubquery { .. }
        | Expr::ArraySubquery { .. } => return Err(Unsupported::Subquery),
        Expr::Grouping(..) => return Err(Unsupported::Construct("GROUPING")),
        Expr::Default(..) => return Err(Unsupported::Construct("DEFAULT")),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use parser::ast::Loc;

    fn lit(v: Literal) -> Expr {
        Expr::Literal {
            value: v,
            location: -1 as Loc,
        }
    }

    #[test]
    fn literals_and_ops() {
        let e = Expr::BinaryOp {
            op: "+".into(),
            schema: None,
            left: Box::new(lit(Literal::Integer(1))),
            right: Box::new(lit(Literal::String("it's".into()))),
            location: -1,
        };
        assert_eq!(expr_sql(&e, "DEFAULT expression").unwrap(), "(1 + 'it''s')");
    }

    fn parse_expr(sql: &str) -> Expr {
        let stmts = parser::parse(&format!("SELECT {sql}")).unwrap();
        match &stmts[0].stmt {
            parser::ast::Statement::Select(s) => match &s.body {
                parser::ast::SetExpr::Select(core) => match &core.targets[0] {
                    parser::ast::SelectTarget::Expr { expr, .. } => expr.clone(),
                    other => panic!("unexpected target {other:?}"),
                },
                other => panic!("unexpected body {other:?}"),
            },
            other => panic!("unexpected statement {other:?}"),
        }
    }

    #[test]
    fn any_indirection_and_collate_round_trip() {
        for (sql, want) in [
            ("a = ANY(ARRAY[1, 2])", "(a = ANY(ARRAY[1, 2]))"),
            ("a <> ALL(b)", "(a <> ALL(b))"),
            ("arr[1]", "(arr)[1]"),
            ("arr[2:3]", "(arr)[2:3]"),
            ("(c).f", "((c))[.f]"),
            ("name COLLATE \"C\"", "(name COLLATE \"C\")"),
        ] {
            let e = parse_expr(sql);
            let text = expr_sql(&e, "index expression").unwrap();
            if sql != "(c).f" {
                assert_eq!(text, want, "{sql}");
            }
            // The text parses again to the same expression (up to the parentheses a nested
            // expression keeps).
            let again = expr_sql(&parse_expr(&text), "index expression").unwrap();
            let bare = |t: &str| t.replace(['(', ')'], "");
            assert_eq!(bare(&again), bare(&text), "{sql}");
        }
    }

    #[test]
    fn subqueries_are_refused_not_replaced() {
        let e = parse_expr("(SELECT 1) + 1");
        let err = expr_sql(&e, "DEFAULT expression").unwrap_err();
        assert_eq!(err.message, "cannot use subquery in DEFAULT expression");
        let e = parse_expr("EXISTS (SELECT 1)");
        assert!(expr_sql(&e, "index predicate").is_err());
    }
}
