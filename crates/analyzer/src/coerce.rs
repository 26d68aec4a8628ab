//! Type coercion with PostgreSQL's rules: coercion pathways through pg_cast rows (implicit,
//! assignment, explicit), I/O conversion casts to/from string types, array element casts,
//! unknown-literal conversion, typmod application, and `select_common_type` (UNION/CASE/...).
//! Also the overload-resolution core (`select_candidate`, PostgreSQL's func_select_candidate).

use crate::expr::{CastHow, Expr, ExprKind, Func};
use crate::registry::Registry;
use common::{pg_err, Oid, PgError, PgResult};
use types::oids::*;
use types::{Datum, SessionEnv};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Ctx {
    Implicit,
    Assignment,
    Explicit,
}

/// typcategory of a type ('U' user-defined when unknown; 'X' for unknown).
pub fn category(t: Oid) -> u8 {
    if t == UNKNOWN {
        return b'X';
    }
    types::type_info(t).map(|i| i.category).unwrap_or(b'U')
}

pub fn is_preferred(t: Oid) -> bool {
    types::type_info(t).map(|i| i.preferred).unwrap_or(false)
}

pub fn is_array(t: Oid) -> bool {
    types::typeinfo::element_type_of(t).is_some()
}

pub fn is_polymorphic(t: Oid) -> bool {
    matches!(t, ANYELEMENT | ANYARRAY | ANYNONARRAY | ANYENUM | ANYRANGE)
}

/// PostgreSQL's format_type for messages.
pub fn tname(t: Oid) -> String {
    types::typeinfo::display_name(t)
}

fn ctx_allows(castctx: u8, ctx: Ctx) -> bool {
    match castctx {
        b'i' => true,
        b'a' => ctx >= Ctx::Assignment,
        _ => ctx == Ctx::Explicit,
    }
}

/// How to convert a value of `src` into `tgt` in context `ctx`, if possible.
pub fn find_pathway(reg: &Registry, src: Oid, tgt: Oid, ctx: Ctx) -> Option<CastHow> {
    if src == tgt {
        return Some(CastHow::Relabel);
    }
    if let Some(c) = reg.cast(src, tgt) {
        if !ctx_allows(c.context, ctx) {
            return None;
        }
        return match c.method {
            b'b' => Some(CastHow::Relabel),
            b'i' => Some(CastHow::Io { source: src }),
            _ => reg
                .proc_by_oid(c.func_oid)
                .map(|p| CastHow::Func(Func::from_proc(p), p.arg_types.len())),
        };
    }
    if let (Some(se), Some(te)) = (
        types::typeinfo::element_type_of(src),
        types::typeinfo::element_type_of(tgt),
    ) {
        if src != INT2VECTOR && src != OIDVECTOR {
            return find_pathway(reg, se, te, ctx).map(|h| CastHow::Array(Box::new(h), te));
        }
    }
    if ctx >= Ctx::Assignment && category(tgt) == b'S' && src != UNKNOWN {
        return Some(CastHow::Io { source: src });
    }
    if ctx == Ctx::Explicit && category(src) == b'S' {
        return Some(CastHow::Io { source: src });
    }
    None
}

/// Can `src` be coerced to `tgt` (for overload resolution)?
pub fn can_coerce(reg: &Registry, src: Oid, tgt: Oid, ctx: Ctx) -> bool {
    if src == tgt || tgt == ANY {
        return true;
    }
    match tgt {
        ANYELEMENT => return true,
        ANYNONARRAY => return src == UNKNOWN || !is_array(src),
        ANYARRAY => return src == UNKNOWN || is_array(src),
        ANYENUM | ANYRANGE => return src == UNKNOWN,
        _ => {}
    }
    if src == UNKNOWN {
        return true;
    }
    if tgt == RECORD
        && types::type_info(src)
            .map(|t| t.typtype == b'c')
            .unwrap_or(src >= 16384)
    {
        return true;
    }
    find_pathway(reg, src, tgt, ctx).is_some()
}

/// Coerce `e` to (`tgt`, `typmod`); Ok(None) when no pathway exists.
pub fn coerce(
    reg: &Registry,
    env: &SessionEnv,
    e: Expr,
    tgt: Oid,
    typmod: i32,
    ctx: Ctx,
    explicit: bool,
) -> PgResult<Option<Expr>> {
    if tgt == ANY || is_polymorphic(tgt) || (tgt == RECORD && e.typ != UNKNOWN) {
        return Ok(Some(e));
    }
    let e = if e.typ == tgt {
        e
    } else if e.typ == UNKNOWN {
        match e.kind {
            ExprKind::Const(Datum::Null) => Expr::null(tgt),
            // A parameter of not-yet-known type takes the type its context needs (the
            // caller collects the deduced types afterwards, see `param_types`).
            ExprKind::Param(n) => Expr::new(ExprKind::Param(n), tgt),
            ExprKind::Const(Datum::Text(s)) => {
                let tm = if tgt == INTERVAL { typmod } else { -1 };
                let d = types::io::input(tgt, tm, &s, env)?;
                Expr::konst(d, tgt)
            }
            _ => {
                if tgt == TEXT || category(tgt) == b'S' {
                    Expr::new(
                        ExprKind::Cast {
                            arg: Box::new(e),
                            how: CastHow::Relabel,
                            explicit,
                        },
                        tgt,
                    )
                } else {
                    Expr::new(
                        ExprKind::Cast {
                            arg: Box::new(e),
                            how: CastHow::Io { source: UNKNOWN },
                            explicit,
                        },
                        tgt,
                    )
                }
            }
        }
    } else {
        let how = match find_pathway(reg, e.typ, tgt, ctx) {
            Some(h) => h,
            None => return Ok(None),
        };
        match how {
            CastHow::Relabel => {
                // Keep typmod only when the type is unchanged by a binary relabel.
                let mut e = e;
                let keep = e.typmod;
                if let ExprKind::Const(_) = e.kind {
                    e.typ = tgt;
                    e.typmod = -1;
                    e
                } else {
                    let _ = keep;
                    Expr::new(
                        ExprKind::Cast {
                            arg: Box::new(e),
                            how: CastHow::Relabel,
                            explicit,
                        },
                        tgt,
                    )
                }
            }
            how => Expr::new(
                ExprKind::Cast {
                    arg: Box::new(e),
                    how,
                    explicit,
                },
                tgt,
            ),
        }
    };
    Ok(Some(apply_typmod(e, typmod, explicit)?))
}

/// Wrap `e` in a length coercion to `typmod` (constants are coerced immediately).
pub fn apply_typmod(mut e: Expr, typmod: i32, explicit: bool) -> PgResult<Expr> {
    if typmod < 0 || e.typmod == typmod {
        return Ok(e);
    }
    if let ExprKind::Const(d) = &mut e.kind {
        let v = std::mem::take(d);
        *d = types::io::apply_typmod(e.typ, v, typmod, explicit)?;
        e.typmod = typmod;
        return Ok(e);
    }
    let typ = e.typ;
    Ok(Expr {
        kind: ExprKind::Typmod {
            arg: Box::new(e),
            explicit,
        },
        typ,
        typmod,
    })
}

/// select_common_type: the type a set of expressions (UNION arms, CASE results, ...) resolve to.
/// `what` names the construct in the error (`UNION`, `CASE`, `COALESCE`, `VALUES`, ...).
/// `locs` gives each expression's byte offset for the error cursor.
pub fn select_common_type(
    reg: &Registry,
    types_in: &[Oid],
    what: &str,
    locs: &[i32],
    query: &str,
) -> PgResult<Oid> {
    let mut ptype = match types_in.first() {
        Some(t) => *t,
        None => return Ok(TEXT),
    };
    if types_in.iter().all(|t| *t == ptype) && ptype != UNKNOWN {
        return Ok(ptype);
    }
    let mut pcat = category(ptype);
    let mut ppref = is_preferred(ptype);
    for (i, &ntype) in types_in.iter().enumerate().skip(1) {
        if ntype == UNKNOWN || ntype == ptype {
            continue;
        }
        let ncat = category(ntype);
        let npref = is_preferred(ntype);
        if ptype == UNKNOWN {
            ptype = ntype;
            pcat = ncat;
            ppref = npref;
        } else if ncat != pcat {
            let mut e = pg_err!(
                DATATYPE_MISMATCH,
                "{} types {} and {} cannot be matched",
                what,
                tname(ptype),
                tname(ntype)
            );
            if let Some(&l) = locs.get(i) {
                if l >= 0 {
                    e = e.at_byte_offset(query, l as usize);
                }
            }
            return Err(e);
        } else if !ppref
            && can_coerce(reg, ptype, ntype, Ctx::Implicit)
            && !can_coerce(reg, ntype, ptype, Ctx::Implicit)
        {
            ptype = ntype;
            pcat = ncat;
            ppref = npref;
        }
    }
    if ptype == UNKNOWN {
        ptype = TEXT;
    }
    Ok(ptype)
}

/// Outcome of overload resolution.
#[derive(Debug, PartialEq, Eq)]
pub enum Pick {
    One(usize),
    None,
    Ambiguous,
}

/// PostgreSQL's resolution among candidates (`cands[i]` = argument types) for `inputs`:
/// exact match, then implicit-coercion filter, then func_select_candidate's heuristics.
pub fn select_candidate(reg: &Registry, inputs: &[Oid], cands: &[Vec<Oid>]) -> Pick {
    // Exact match.
    if let Some(i) = cands.iter().position(|c| c.as_slice() == inputs) {
        return Pick::One(i);
    }
    // Coercible candidates.
    let mut live: Vec<usize> = (0..cands.len())
        .filter(|&i| {
            cands[i].len() == inputs.len()
                && inputs
                    .iter()
                    .zip(cands[i].iter())
                    .all(|(&a, &b)| can_coerce(reg, a, b, Ctx::Implicit))
        })
        .collect();
    match live.len() {
        0 => return Pick::None,
        1 => return Pick::One(live[0]),
        _ => {}
    }
    let nargs = inputs.len();
    // Most exact matches.
    let keep_max = |live: &mut Vec<usize>, score: &dyn Fn(usize) -> usize| {
        let best = live.iter().map(|&i| score(i)).max().unwrap_or(0);
        live.retain(|&i| score(i) == best);
    };
    keep_max(&mut live, &|i| {
        (0..nargs)
            .filter(|&k| inputs[k] != UNKNOWN && cands[i][k] == inputs[k])
            .count()
    });
    if live.len() == 1 {
        return Pick::One(live[0]);
    }
    // Preferred types at positions needing coercion.
    keep_max(&mut live, &|i| {
        (0..nargs)
            .filter(|&k| {
                inputs[k] != UNKNOWN
                    && (cands[i][k] == inputs[k]
                        || (is_preferred(cands[i][k])
                            && category(cands[i][k]) == category(inputs[k])))
            })
            .count()
    });
    if live.len() == 1 {
        return Pick::One(live[0]);
    }
    let nunknown = inputs.iter().filter(|&&t| t == UNKNOWN).count();
    if nunknown == 0 {
        return Pick::Ambiguous;
    }
    // Resolve unknown positions by category.
    let mut slot_cat = vec![0u8; nargs];
    let mut slot_pref = vec![false; nargs];
    let mut resolved = false;
    for k in 0..nargs {
        if inputs[k] != UNKNOWN {
            continue;
        }
        let mut cat: Option<u8> = None;
        let mut has_pref = false;
        let mut conflict = false;
        for &i in &live {
            let ct = cands[i][k];
            let cc = category(ct);
            let cp = is_preferred(ct);
            match cat {
                None => {
                    cat = Some(cc);
                    has_pref = cp;
                }
                Some(c) if c == cc => has_pref |= cp,
                Some(c) => {
                    if cc == b'S' {
                        cat = Some(b'S');
                        has_pref = cp;
                    } else if c != b'S' {
                        conflict = true;
                    }
                }
            }
        }
        if conflict && cat != Some(b'S') {
            resolved = false;
            break;
        }
        slot_cat[k] = cat.unwrap_or(0);
        slot_pref[k] = has_pref;
        resolved = true;
    }
    if resolved {
        let survivors: Vec<usize> = live
            .iter()
            .copied()
            .filter(|&i| {
                (0..nargs).all(|k| {
                    inputs[k] != UNKNOWN
                        || (category(cands[i][k]) == slot_cat[k]
                            && (!slot_pref[k] || is_preferred(cands[i][k])))
                })
            })
            .collect();
        if survivors.len() == 1 {
            return Pick::One(survivors[0]);
        }
        if !survivors.is_empty() {
            live = survivors;
        }
    }
    // Last gasp: unknowns take the common known type.
    if nunknown < nargs {
        let known: Vec<Oid> = inputs.iter().copied().filter(|&t| t != UNKNOWN).collect();
        if known.iter().all(|&t| t == known[0]) {
            let kt = known[0];
            let m: Vec<usize> = live
                .iter()
                .copied()
                .filter(|&i| {
                    (0..nargs).all(|k| {
                        let t = if inputs[k] == UNKNOWN { kt } else { inputs[k] };
                        can_coerce(reg, t, cands[i][k], Ctx::Implicit)
                    })
                })
                .collect();
            if m.len() == 1 {
                return Pick::One(m[0]);
            }
        }
    }
    Pick::Ambiguous
}

/// Resolve polymorphic declared types against actual inputs: returns the declared types with
/// ANYELEMENT/ANYARRAY replaced, and the resolved result type.
pub fn resolve_polymorphic(
    declared: &[Oid],
    inputs: &[Oid],
    ret: Oid,
) -> PgResult<(Vec<Oid>, Oid)> {
    let mut elem: Option<Oid> = None;
    for (d, i) in declared.iter().zip(inputs) {
        match *d {
            ANYELEMENT | ANYNONARRAY | ANYENUM if *i != UNKNOWN => {
                elem.get_or_insert(*i);
            }
            ANYARRAY if *i != UNKNOWN => {
                if let Some(e) = types::typeinfo::element_type_of(*i) {
                    elem.get_or_insert(e);
                }
            }
            _ => {}
        }
    }
    let any_poly = declared.iter().any(|d| is_polymorphic(*d)) || is_polymorphic(ret);
    if !any_poly {
        return Ok((declared.to_vec(), ret));
    }
    let elem = match elem {
        Some(e) => e,
        None => {
            if declared
                .iter()
                .zip(inputs)
                .any(|(d, i)| matches!(*d, ANYELEMENT | ANYNONARRAY) && *i == UNKNOWN)
            {
                TEXT
            } else {
                return Err(pg_err!(
                    DATATYPE_MISMATCH,
                    "could not determine polymorphic type because input has type unknown"
                ));
            }
        }
    };
    let arr = types::typeinfo::array_type_of(elem).unwrap_or(ANYARRAY);
    let map = |t: Oid| match t {
        ANYELEMENT | ANYNONARRAY | ANYENUM => elem,
        ANYARRAY => arr,
        t => t,
    };
    if ret == ANYARRAY && types::typeinfo::array_type_of(elem).is_none() {
        return Err(pg_err!(
            UNDEFINED_OBJECT,
            "could not find array type for data type {}",
            tname(elem)
        ));
    }
    Ok((declared.iter().map(|&t| map(t)).collect(), map(ret)))
}

/// Error for a failed assignment coercion.
pub fn assignment_error(col: &str, tgt: Oid, src: Oid) -> PgError {
    pg_err!(
        DATATYPE_MISMATCH,
        "column \"{}\" is of type {} but expression is of type {}",
        col,
        tname(tgt),
        tname(src)
    )
    .with_hint("You will need to rewrite or cast the expression.")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::registry;

    #[test]
    fn common_types() {
        let r = registry();
        assert_eq!(
            select_common_type(r, &[INT4, INT8], "UNION", &[], "").unwrap(),
            INT8
        );
        assert_eq!(
            select_common_type(r, &[INT4, NUMERIC], "UNION", &[], "").unwrap(),
            NUMERIC
        );
        assert_eq!(
            select_common_type(r, &[UNKNOWN, UNKNOWN], "CASE", &[], "").unwrap(),
            TEXT
        );
        assert_eq!(
            select_common_type(r, &[UNKNOWN, INT4], "CASE", &[], "").unwrap(),
            INT4
        );
        let e = select_common_type(r, &[INT4, TEXT], "UNION", &[], "").unwrap_err();
        assert_eq!(e.message, "UNION types integer and text cannot be matched");
        assert_eq!(e.code, common::sqlstate::DATATYPE_MISMATCH);
    }

    #[test]
    fn candidate_selection() {
        let r = registry();
        let plus: Vec<Vec<Oid>> = r.opers["+"]
            .iter()
            .filter(|o| o.left != 0)
            .map(|o| vec![o.left, o.right])
            .collect();
        match select_candidate(r, &[INT4, INT4], &plus) {
            Pick::One(i) => assert_eq!(plus[i], vec![INT4, INT4]),
            p => panic!("{p:?}"),
        }
        // int4 + numeric resolves through the implicit int4 -> numeric cast.
        match select_candidate(r, &[INT4, NUMERIC], &plus) {
            Pick::One(i) => assert_eq!(plus[i], vec![NUMERIC, NUMERIC]),
            p => panic!("{p:?}"),
        }
        assert_eq!(select_candidate(r, &[INT4, TEXT], &plus), Pick::None);
    }

    #[test]
    fn coercion_paths() {
        let r = registry();
        assert!(can_coerce(r, INT4, INT8, Ctx::Implicit));
        assert!(!can_coerce(r, INT8, INT4, Ctx::Implicit));
        assert!(can_coerce(r, INT8, INT4, Ctx::Assignment));
        // I/O conversion to string types is allowed in assignment, from them only explicitly.
        assert!(can_coerce(r, INT4, TEXT, Ctx::Assignment));
        assert!(!can_coerce(r, TEXT, INT4, Ctx::Assignment));
        assert!(can_coerce(r, TEXT, INT4, Ctx::Explicit));
        let (decl, ret) = resolve_polymorphic(&[ANYARRAY], &[INT4_ARRAY], ANYELEMENT).unwrap();
        assert_eq!((decl, ret), (vec![INT4_ARRAY], INT4));
    }
}
