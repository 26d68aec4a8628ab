//! Constant folding at plan time (PostgreSQL's eval_const_expressions, simplified): immutable
//! functions of constants are evaluated once; CASE arms with constant-false conditions are
//! dropped unevaluated; AND/OR/COALESCE are simplified. Errors raised while folding surface at
//! plan time, as in PostgreSQL (e.g. `1/0` in a CASE arm that is never reached at run time).

use analyzer::expr::{CastHow, Expr, ExprKind};
use common::PgResult;
use types::registry::FuncCtx;
use types::{Datum, SessionEnv};

fn konst(e: &Expr) -> Option<&Datum> {
    match &e.kind {
        ExprKind::Const(d) => Some(d),
        _ => None,
    }
}

fn simple_io(t: common::Oid) -> bool {
    matches!(crate::types_category(t), b'N' | b'S' | b'B')
        && t != types::oids::MONEY
        // reg* text forms need the catalog (catalog_funcs::reg_text).
        && !analyzer::reg_io::is_catalog_reg_type(t)
}

/// Fold constants in `e` (in place).
pub fn fold(e: &mut Expr, env: &SessionEnv) -> PgResult<()> {
    // CASE needs arm-wise treatment before children are folded.
    if let ExprKind::Case {
        arg,
        whens,
        default,
    } = &mut e.kind
    {
        if let Some(a) = arg {
            fold(a, env)?;
        }
        let mut kept = Vec::new();
        let mut new_default: Option<Expr> = None;
        for (mut c, mut r) in std::mem::take(whens) {
            if arg.is_none() {
                fold(&mut c, env)?;
                match konst(&c) {
                    Some(Datum::Bool(true)) => {
                        fold(&mut r, env)?;
                        new_default = Some(r);
                        break;
                    }
                    Some(_) => continue,
                    None => {}
                }
            } else {
                fold(&mut c, env)?;
            }
            fold(&mut r, env)?;
            kept.push((c, r));
        }
        match new_default {
            Some(d) => **default = d,
            None => fold(default, env)?,
        }
        if kept.is_empty() {
            let d = std::mem::replace(&mut **default, Expr::null(e.typ));
            *e = d;
        } else {
            *whens = kept;
        }
        return Ok(());
    }
    if let ExprKind::Distinct { eq, .. } | ExprKind::NullIf { eq } = &mut e.kind {
        // The comparison node must stay a call; only its operands fold.
        for c in eq.children_mut() {
            fold(c, env)?;
        }
        return Ok(());
    }
    if let ExprKind::SubLink { .. } = e.kind {
        // The sub-plan is folded separately; only the test expression lives here.
        for c in e.children_mut() {
            fold(c, env)?;
        }
        return Ok(());
    }
    for c in e.children_mut() {
        fold(c, env)?;
    }
    let folded: Option<Datum> = match &e.kind {
        ExprKind::Func {
            func,
            args,
            arg_types,
        } if func.volatility == b'i' && args.iter().all(|a| a.is_const()) => {
            let vals: Vec<Datum> = args.iter().filter_map(|a| konst(a).cloned()).collect();
            if func.strict && vals.iter().any(|v| v.is_null()) {
                Some(Datum::Null)
            } else {
                let fcx = FuncCtx {
                    env,
                    result_type: e.typ,
                    arg_types,
                };
                Some((func.f)(&vals, &fcx)?)
            }
        }
        ExprKind::Cast { arg, how, explicit } => match konst(arg) {
            Some(Datum::Null) => Some(Datum::Null),
            Some(v) => match how {
                CastHow::Relabel => Some(crate::eval::relabel(v.clone(), e.typ)),
                CastHow::Func(f, n) if f.volatility == b'i' => {
                    let mut args = vec![v.clone()];
                    if *n >= 2 {
                        args.push(Datum::Int4(-1));
                    }
                    if *n >= 3 {
                        args.push(Datum::Bool(*explicit));
                    }
                    let at = [arg.typ, types::oids::INT4, types::oids::BOOL];
                    let fcx = FuncCtx {
                        env,
                        result_type: e.typ,
                        arg_types: &at[..(*n).min(3)],
                    };
                    Some((f.f)(&args, &fcx)?)
                }
                CastHow::Io { source } if simple_io(*source) && simple_io(e.typ) => {
                    let s = match (v, *source) {
                        (Datum::Text(s), types::oids::UNKNOWN) => s.clone(),
                        _ => types::io::output(*source, v, env)?,
                    };
                    Some(types::io::input(e.typ, -1, &s, env)?)
                }
                _ => None,
            },
            None => None,
        },
        ExprKind::Typmod { arg, explicit } => konst(arg)
            .map(|v| (v.clone(), *explicit))
            .map(|(v, x)| types::io::apply_typmod(e.typ, v, e.typmod, x))
            .transpose()?,
        ExprKind::Not(a) => match konst(a) {
            Some(Datum::Bool(b)) => Some(Datum::Bool(!b)),
            Some(Datum::Null) => Some(Datum::Null),
            _ => None,
        },
        _ => None,
    };
    if let Some(d) = folded {
        e.kind = ExprKind::Const(d);
        return Ok(());
    }
    // AND/OR simplification.
    let is_and = matches!(e.kind, ExprKind::And(_));
    if let ExprKind::And(xs) | ExprKind::Or(xs) = &mut e.kind {
        let short = Datum::Bool(!is_and);
        if xs.iter().any(|x| konst(x) == Some(&short)) {
            e.kind = ExprKind::Const(short);
            return Ok(());
        }
        xs.retain(|x| konst(x) != Some(&Datum::Bool(is_and)));
        let mut taken = std::mem::take(xs);
        match taken.len() {
            0 => e.kind = ExprKind::Const(Datum::Bool(is_and)),
            1 => {
                if let Some(x) = taken.pop() {
                    *e = x;
                }
            }
            _ => {
                e.kind = if is_and {
                    ExprKind::And(taken)
                } else {
                    ExprKind::Or(taken)
                }
            }
        }
        return Ok(());
    }
    #[allow(clippy::single_match)]
    match &mut e.kind {
        ExprKind::Coalesce(xs) => {
            xs.retain(|x| konst(x) != Some(&Datum::Null));
            if let Some(p) = xs.iter().position(|x| x.is_const()) {
                xs.truncate(p + 1);
            }
            if xs.is_empty() {
                e.kind = ExprKind::Const(Datum::Null);
            } else if xs.len() == 1 && xs[0].is_const() {
                let x = xs.pop().unwrap_or_else(|| Expr::null(e.typ));
                e.kind = x.kind;
            }
        }
        _ => {}
    }
    Ok(())
}
