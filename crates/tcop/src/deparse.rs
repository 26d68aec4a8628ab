//! Turns expression parse trees back into SQL text, used to store column DEFAULT expressions
//! (pg_attrdef.adsrc) in a form the analyzer can parse again.

use parser::ast::{Expr, Literal, QualifiedName, SqlValueFunctionKind, TypeName};

/// SQL text for an expression.
pub(crate) fn expr_sql(e: &Expr) -> String {
    let mut s = String::new();
    write_expr(e, &mut s);
    s
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
        let mods: Vec<String> = t.modifiers.iter().map(expr_sql).collect();
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

fn write_list(items: &[Expr], out: &mut String) {
    for (i, e) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write_expr(e, out);
    }
}

fn write_expr(e: &Expr, out: &mut String) {
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
            write_expr(left, out);
            match schema {
                Some(s) => out.push_str(&format!(" OPERATOR({}.{op}) ", ident(s))),
                None => out.push_str(&format!(" {op} ")),
            }
            write_expr(right, out);
            out.push(')');
        }
        Expr::UnaryOp { op, operand, .. } => {
            out.push('(');
            out.push_str(op);
            out.push(' ');
            write_expr(operand, out);
            out.push(')');
        }
        Expr::PostfixOp { op, operand, .. } => {
            out.push('(');
            write_expr(operand, out);
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
                write_expr(x, out);
            }
            out.push(')');
        }
        Expr::Not(x, _) => {
            out.push_str("(NOT ");
            write_expr(x, out);
            out.push(')');
        }
        Expr::IsNull { expr, negated, .. } => {
            out.push('(');
            write_expr(expr, out);
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
            write_expr(expr, out);
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
                    write_list(&f.args[..n - 1], out);
                    if n > 1 {
                        out.push_str(", ");
                    }
                    out.push_str("VARIADIC ");
                    write_expr(&f.args[n - 1], out);
                } else {
                    write_list(&f.args, out);
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
            write_list(items, out);
            out.push(')');
        }
        Expr::NullIf(a, b, _) => {
            out.push_str("NULLIF(");
            write_expr(a, out);
            out.push_str(", ");
            write_expr(b, out);
            out.push(')');
        }
        Expr::MinMax { greatest, args, .. } => {
            out.push_str(if *greatest { "GREATEST(" } else { "LEAST(" });
            write_list(args, out);
            out.push(')');
        }
        Expr::Array(items, _) => {
            out.push_str("ARRAY[");
            write_list(items, out);
            out.push(']');
        }
        Expr::Row(items, _) => {
            out.push_str("ROW(");
            write_list(items, out);
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
                write_expr(a, out);
            }
            for (w, t) in whens {
                out.push_str(" WHEN ");
                write_expr(w, out);
                out.push_str(" THEN ");
                write_expr(t, out);
            }
            if let Some(e) = else_result {
                out.push_str(" ELSE ");
                write_expr(e, out);
            }
            out.push_str(" END");
        }
        Expr::Nested(x, _) => {
            out.push('(');
            write_expr(x, out);
            out.push(')');
        }
        Expr::AtTimeZone { expr, zone, .. } => {
            out.push('(');
            write_expr(expr, out);
            out.push_str(" AT TIME ZONE ");
            write_expr(zone, out);
            out.push(')');
        }
        // Constructs that rarely appear in defaults: keep something parseable.
        _ => out.push_str("NULL"),
    }
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
        assert_eq!(expr_sql(&e), "(1 + 'it''s')");
    }
}
