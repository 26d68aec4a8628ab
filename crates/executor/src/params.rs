//! Parameter types of a prepared statement: after analysis, every `$n` whose type was not
//! given carries the type its context coerced it to; this collects them (PostgreSQL's
//! variable-parameter rules) and checks that each parameter ended up with one type.

use analyzer::{Expr, ExprKind};
use common::{pg_err, Oid, PgResult};
use types::oids::UNKNOWN;

/// The final parameter types of `planned`, starting from `given` (UNKNOWN = unspecified).
/// The count is the larger of `given.len()` and the highest `$n` used.
pub fn deduce(planned: &mut planner::PlannedStmt, given: &[Oid]) -> PgResult<Vec<Oid>> {
    let mut found: Vec<Oid> = given.to_vec();
    let mut conflict: Option<(u32, Oid, Oid)> = None;
    planned.for_each_expr_mut(&mut |e| {
        visit(e, &mut |n, typ| {
            let i = n as usize - 1;
            if found.len() <= i {
                found.resize(i + 1, UNKNOWN);
            }
            if typ == UNKNOWN {
                return;
            }
            if found[i] == UNKNOWN {
                found[i] = typ;
            } else if found[i] != typ && conflict.is_none() {
                conflict = Some((n, found[i], typ));
            }
        });
        Ok(())
    })?;
    if let Some((n, a, b)) = conflict {
        return Err(pg_err!(
            AMBIGUOUS_PARAMETER,
            "inconsistent types deduced for parameter ${}",
            n
        )
        .with_detail(format!(
            "{} versus {}",
            types::typeinfo::format_type(a, -1),
            types::typeinfo::format_type(b, -1)
        )));
    }
    if let Some(i) = found.iter().position(|&t| t == UNKNOWN) {
        return Err(pg_err!(
            INDETERMINATE_DATATYPE,
            "could not determine data type of parameter ${}",
            i + 1
        ));
    }
    Ok(found)
}

fn visit(e: &Expr, f: &mut dyn FnMut(u32, Oid)) {
    if let ExprKind::Param(n) = e.kind {
        if n >= 1 {
            f(n, e.typ);
        }
    }
    for c in e.children() {
        visit(c, f);
    }
}

/// Evaluate EXECUTE's argument expressions as values of the statement's parameter types.
pub fn eval_execute_params(
    cx: &mut crate::ExecContext,
    args: &[parser::ast::Expr],
    types: &[Oid],
    query_text: &str,
) -> PgResult<Vec<types::Datum>> {
    let mut exprs = Vec::with_capacity(args.len());
    for (i, (a, &t)) in args.iter().zip(types).enumerate() {
        let mut e = crate::with_analyzer(cx, query_text, |an| an.execute_param(a, i + 1, t))?;
        crate::fold::fold(&mut e, cx.env)?;
        exprs.push(e);
    }
    let mut rt = crate::Runtime::new(cx, &[]);
    exprs.iter().map(|e| rt.eval(e, &[])).collect()
}
