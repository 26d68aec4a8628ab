//! Expression evaluation over a row: three-valued logic, strict function calls through the
//! resolved `BuiltinFn` pointers, casts, CASE/COALESCE/NULLIF/GREATEST, arrays, sub-links
//! (through the runtime's sub-plans) and session functions.

use crate::nodes::{build, Row};
use crate::Runtime;
use analyzer::expr::*;
use common::{pg_err, Oid, PgResult};
use std::cmp::Ordering;
use types::oids::*;
use types::registry::FuncCtx;
use types::{Array, Datum};

/// Cached result of an uncorrelated sub-plan.
#[derive(Clone, Debug)]
pub enum SubCache {
    Rows(Vec<Row>),
}

impl<'c, 'a> Runtime<'c, 'a> {
    pub fn eval_bool(&mut self, e: &Expr, row: &[Datum]) -> PgResult<bool> {
        Ok(matches!(self.eval(e, row)?, Datum::Bool(true)))
    }

    pub fn eval(&mut self, e: &Expr, row: &[Datum]) -> PgResult<Datum> {
        use ExprKind as K;
        match &e.kind {
            K::Const(d) => Ok(d.clone()),
            K::Column { level, index, .. } => {
                if *level == 0 {
                    Ok(row.get(*index).cloned().unwrap_or(Datum::Null))
                } else {
                    let n = self.outer.len();
                    let l = *level as usize;
                    if l > n {
                        return Err(common::PgError::internal("outer reference out of range"));
                    }
                    Ok(self.outer[n - l]
                        .get(*index)
                        .cloned()
                        .unwrap_or(Datum::Null))
                }
            }
            K::Param(n) => match self.cx.params.get((*n as usize).wrapping_sub(1)) {
                Some(d) => Ok(d.clone()),
                None => Err(pg_err!(UNDEFINED_PARAMETER, "there is no parameter ${}", n)),
            },
            K::Func {
                func,
                args,
                arg_types,
            } => {
                let mut vals = Vec::with_capacity(args.len());
                let mut spread_types: Option<Vec<Oid>> = None;
                for a in args {
                    if let K::Spread(inner) = &a.kind {
                        match self.eval(inner, row)? {
                            Datum::Array(arr) => {
                                let mut at = arg_types.clone();
                                at.pop();
                                at.extend(std::iter::repeat_n(arr.elem_type, arr.elems.len()));
                                vals.extend(arr.elems);
                                spread_types = Some(at);
                            }
                            // format() treats a NULL VARIADIC array as no arguments;
                            // other VARIADIC "any" functions (concat, ...) yield NULL.
                            Datum::Null if func.name == "format" => {
                                let mut at = arg_types.clone();
                                at.pop();
                                spread_types = Some(at);
                            }
                            _ => return Ok(Datum::Null),
                        }
                        continue;
                    }
                    let v = self.eval(a, row)?;
                    if func.strict && v.is_null() {
                        return Ok(Datum::Null);
                    }
                    vals.push(v);
                }
                let fcx = FuncCtx {
                    env: self.cx.env,
                    result_type: e.typ,
                    arg_types: spread_types.as_deref().unwrap_or(arg_types),
                };
                (func.f)(&vals, &fcx)
            }
            K::Session { f, args } => {
                let mut vals = Vec::with_capacity(args.len());
                for a in args {
                    vals.push(self.eval(a, row)?);
                }
                let types: Vec<Oid> = args.iter().map(|a| a.typ).collect();
                crate::funcs::call_session(self, *f, &vals, &types, e.typ)
            }
            K::And(xs) => {
                let mut null = false;
                for x in xs {
                    match self.eval(x, row)? {
                        Datum::Bool(false) => return Ok(Datum::Bool(false)),
                        Datum::Null => null = true,
                        _ => {}
                    }
                }
                Ok(if null { Datum::Null } else { Datum::Bool(true) })
            }
            K::Or(xs) => {
                let mut null = false;
                for x in xs {
                    match self.eval(x, row)? {
                        Datum::Bool(true) => return Ok(Datum::Bool(true)),
                        Datum::Null => null = true,
                        _ => {}
                    }
                }
                Ok(if null {
                    Datum::Null
                } else {
                    Datum::Bool(false)
                })
            }
            K::Not(x) => Ok(match self.eval(x, row)? {
                Datum::Bool(b) => Datum::Bool(!b),
                _ => Datum::Null,
            }),
            K::IsNull { arg, negated } => {
                let v = self.eval(arg, row)?;
                let isnull = match &v {
                    Datum::Null => true,
                    // A row IS NULL when all its fields are NULL; IS NOT NULL when none is.
                    Datum::Record(fields) => {
                        if *negated {
                            return Ok(Datum::Bool(fields.iter().all(|f| !f.is_null())));
                        }
                        fields.iter().all(|f| f.is_null())
                    }
                    _ => false,
                };
                Ok(Datum::Bool(isnull != *negated))
            }
            K::BoolTest { arg, test } => {
                use parser::ast::BoolTest as T;
                let v = self.eval(arg, row)?;
                let b = match &v {
                    Datum::Bool(b) => Some(*b),
                    _ => None,
                };
                Ok(Datum::Bool(match test {
                    T::IsTrue => b == Some(true),
                    T::IsNotTrue => b != Some(true),
                    T::IsFalse => b == Some(false),
                    T::IsNotFalse => b != Some(false),
                    T::IsUnknown => b.is_none(),
                    T::IsNotUnknown => b.is_some(),
                }))
            }
            K::Distinct { eq, negated } => {
                let distinct = match &eq.kind {
                    K::Func {
                        func,
                        args,
                        arg_types,
                    } => {
                        let l = self.eval(&args[0], row)?;
                        let r = self.eval(&args[1], row)?;
                        match (l.is_null(), r.is_null()) {
                            (true, true) => false,
                            (true, false) | (false, true) => true,
                            _ => {
                                let fcx = FuncCtx {
                                    env: self.cx.env,
                                    result_type: BOOL,
                                    arg_types,
                                };
                                !matches!((func.f)(&[l, r], &fcx)?, Datum::Bool(true))
                            }
                        }
                    }
                    _ => return Err(common::PgError::internal("bad IS DISTINCT FROM")),
                };
                Ok(Datum::Bool(distinct != *negated))
            }
            K::Case {
                arg,
                whens,
                default,
            } => {
                let pushed = if let Some(a) = arg {
                    let v = self.eval(a, row)?;
                    self.case_vals.push(v);
                    true
                } else {
                    false
                };
                let mut result = None;
                for (w, t) in whens {
                    let c = self.eval(w, row);
                    match c {
                        Ok(Datum::Bool(true)) => {
                            result = Some(self.eval(t, row));
                            break;
                        }
                        Ok(_) => {}
                        Err(er) => {
                            result = Some(Err(er));
                            break;
                        }
                    }
                }
                let r = match result {
                    Some(r) => r,
                    None => self.eval(default, row),
                };
                if pushed {
                    self.case_vals.pop();
                }
                r
            }
            K::CaseTest => Ok(self.case_vals.last().cloned().unwrap_or(Datum::Null)),
            K::Coalesce(xs) => {
                for x in xs {
                    let v = self.eval(x, row)?;
                    if !v.is_null() {
                        return Ok(v);
                    }
                }
                Ok(Datum::Null)
            }
            K::NullIf { eq } => match &eq.kind {
                K::Func {
                    func,
                    args,
                    arg_types,
                } => {
                    let l = self.eval(&args[0], row)?;
                    let r = self.eval(&args[1], row)?;
                    if l.is_null() || r.is_null() {
                        return Ok(l);
                    }
                    let fcx = FuncCtx {
                        env: self.cx.env,
                        result_type: BOOL,
                        arg_types,
                    };
                    if matches!((func.f)(&[l.clone(), r], &fcx)?, Datum::Bool(true)) {
                        Ok(Datum::Null)
                    } else {
                        Ok(l)
                    }
                }
                _ => Err(common::PgError::internal("bad NULLIF")),
            },
            K::MinMax { greatest, args } => {
                let mut best: Option<Datum> = None;
                for a in args {
                    let v = self.eval(a, row)?;
                    if v.is_null() {
                        continue;
                    }
                    best = Some(match best {
                        None => v,
                        Some(b) => {
                            let o = types::compare::compare(&v, &b);
                            if (*greatest && o == Ordering::Greater)
                                || (!*greatest && o == Ordering::Less)
                            {
                                v
                            } else {
                                b
                            }
                        }
                    });
                }
                Ok(best.unwrap_or(Datum::Null))
            }
            K::Cast { arg, how, explicit } => {
                let v = self.eval(arg, row)?;
                if v.is_null() {
                    return Ok(Datum::Null);
                }
                self.cast(v, how, arg.typ, e.typ, *explicit)
            }
            K::Typmod { arg, explicit } => {
                let v = self.eval(arg, row)?;
                types::io::apply_typmod(e.typ, v, e.typmod, *explicit)
            }
            K::ArrayCmp {
                left,
                cmp,
                all,
                array,
            } => {
                let l = self.eval(left, row)?;
                let a = self.eval(array, row)?;
                let arr = match a {
                    Datum::Null => return Ok(Datum::Null),
                    Datum::Array(a) => a,
                    _ => return Err(common::PgError::internal("ANY/ALL on a non-array")),
                };
                let mut saw_null = false;
                for el in arr.elems.iter() {
                    self.sub_rows.push(vec![l.clone(), el.clone()]);
                    let r = self.eval(cmp, row);
                    self.sub_rows.pop();
                    match r? {
                        Datum::Bool(b) => {
                            if *all && !b {
                                return Ok(Datum::Bool(false));
                            }
                            if !*all && b {
                                return Ok(Datum::Bool(true));
                            }
                        }
                        _ => saw_null = true,
                    }
                }
                Ok(if saw_null {
                    Datum::Null
                } else {
                    Datum::Bool(*all)
                })
            }
            K::SubLink {
                kind,
                test,
                plan,
                correlated,
                ..
            } => self.eval_sublink(*kind, test.as_deref(), *plan, *correlated, row, e),
            K::SubValue(i) => Ok(self
                .sub_rows
                .last()
                .and_then(|r| r.get(*i).cloned())
                .unwrap_or(Datum::Null)),
            K::Array {
                elem,
                elems,
                nested,
            } => {
                let mut vals = Vec::with_capacity(elems.len());
                for x in elems {
                    vals.push(self.eval(x, row)?);
                }
                if !*nested {
                    return Ok(Datum::Array(Box::new(Array::from_vec(*elem, vals))));
                }
                let mut inner_dims: Option<Vec<(i32, i32)>> = None;
                let mut all = Vec::new();
                let n = vals.len() as i32;
                for v in vals {
                    match v {
                        Datum::Array(a) => {
                            let d: Vec<(i32, i32)> = a.dims.clone();
                            match &inner_dims {
                                None => inner_dims = Some(d),
                                Some(x) if *x != d => {
                                    return Err(pg_err!(
                                        ARRAY_SUBSCRIPT_ERROR,
                                        "multidimensional arrays must have array expressions with matching dimensions"
                                    ))
                                }
                                _ => {}
                            }
                            all.extend(a.elems);
                        }
                        Datum::Null => {
                            return Err(pg_err!(
                                ARRAY_SUBSCRIPT_ERROR,
                                "multidimensional arrays must have array expressions with matching dimensions"
                            ))
                        }
                        _ => return Err(common::PgError::internal("nested array element")),
                    }
                }
                let inner = inner_dims.unwrap_or_default();
                let dims = if inner.is_empty() {
                    Vec::new()
                } else {
                    let mut d = vec![(n, 1)];
                    d.extend(inner);
                    d
                };
                Ok(Datum::Array(Box::new(Array {
                    elem_type: *elem,
                    dims,
                    elems: all,
                })))
            }
            K::Subscript { arg, subs, slice } => {
                let v = self.eval(arg, row)?;
                let arr = match v {
                    Datum::Array(a) => a,
                    Datum::Null => return Ok(Datum::Null),
                    v if !*slice && subs.len() == 1 => {
                        let i = match &subs[0].1 {
                            Some(x) => match self.eval(x, row)? {
                                Datum::Null => return Ok(Datum::Null),
                                d => d.as_i64().unwrap_or(-1),
                            },
                            None => return Ok(Datum::Null),
                        };
                        return fixed_subscript(arg.typ, &v, i);
                    }
                    _ => return Ok(Datum::Null),
                };
                let mut idx = Vec::new();
                for (lo, hi) in subs {
                    let lo = match lo {
                        Some(x) => match self.eval(x, row)? {
                            Datum::Null => return Ok(Datum::Null),
                            d => Some(d.as_i64().unwrap_or(0) as i32),
                        },
                        None => None,
                    };
                    let hi = match hi {
                        Some(x) => match self.eval(x, row)? {
                            Datum::Null => return Ok(Datum::Null),
                            d => Some(d.as_i64().unwrap_or(0) as i32),
                        },
                        None => None,
                    };
                    idx.push((lo, hi));
                }
                Ok(subscript(&arr, &idx, *slice))
            }
            K::Row(xs) => {
                let mut vals = Vec::with_capacity(xs.len());
                for x in xs {
                    vals.push(self.eval(x, row)?);
                }
                Ok(Datum::Record(Box::new(vals)))
            }
            K::FieldSelect { arg, field } => match self.eval(arg, row)? {
                Datum::Record(f) => Ok(f.get(*field).cloned().unwrap_or(Datum::Null)),
                _ => Ok(Datum::Null),
            },
            K::Agg(_) => Err(common::PgError::internal(
                "aggregate outside of an Agg node",
            )),
            K::SrfCall { .. } => Err(pg_err!(
                FEATURE_NOT_SUPPORTED,
                "set-valued function called in context that cannot accept a set"
            )),
            K::SrfValue(i) => Ok(self.srf_vals.get(*i).cloned().unwrap_or(Datum::Null)),
            K::Default => Err(common::PgError::internal("DEFAULT outside INSERT")),
            K::Spread(inner) => self.eval(inner, row),
        }
    }

    pub fn cast(
        &mut self,
        v: Datum,
        how: &CastHow,
        src: Oid,
        tgt: Oid,
        explicit: bool,
    ) -> PgResult<Datum> {
        match how {
            CastHow::Relabel => Ok(relabel(v, tgt)),
            CastHow::Func(f, nargs) => {
                let mut args = vec![v];
                if *nargs >= 2 {
                    args.push(Datum::Int4(-1));
                }
                if *nargs >= 3 {
                    args.push(Datum::Bool(explicit));
                }
                let at = [src, INT4, BOOL];
                let fcx = FuncCtx {
                    env: self.cx.env,
                    result_type: tgt,
                    arg_types: &at[..(*nargs).min(3)],
                };
                (f.f)(&args, &fcx)
            }
            CastHow::Io { source } => {
                let s = match (&v, *source) {
                    (Datum::Text(s), UNKNOWN) => s.clone(),
                    (_, t) if analyzer::reg_io::is_catalog_reg_type(t) => {
                        crate::catalog_funcs::reg_text(self, t, &v)?
                    }
                    _ => types::io::output(*source, &v, self.cx.env)?,
                };
                if analyzer::reg_io::is_catalog_reg_type(tgt) {
                    return crate::catalog_funcs::reg_input(self, tgt, &s);
                }
                types::io::input(tgt, -1, &s, self.cx.env)
            }
            CastHow::Array(inner, te) => match v {
                Datum::Array(a) => {
                    let se = a.elem_type;
                    let mut out = Vec::with_capacity(a.elems.len());
                    for el in a.elems.into_iter() {
                        if el.is_null() {
                            out.push(Datum::Null);
                        } else {
                            out.push(self.cast(el, inner, se, *te, explicit)?);
                        }
                    }
                    Ok(Datum::Array(Box::new(Array {
                        elem_type: *te,
                        dims: a.dims,
                        elems: out,
                    })))
                }
                other => Ok(other),
            },
        }
    }

    fn eval_sublink(
        &mut self,
        kind: SubLinkKind,
        test: Option<&Expr>,
        plan: Option<usize>,
        correlated: bool,
        row: &[Datum],
        e: &Expr,
    ) -> PgResult<Datum> {
        let id = plan.ok_or_else(|| common::PgError::internal("unplanned sub-link"))?;
        let rows: Vec<Row> = if !correlated {
            if let Some(SubCache::Rows(r)) = self.sub_cache.get(&id) {
                r.clone()
            } else {
                let r = self.run_subplan(id, row, kind)?;
                self.sub_cache.insert(id, SubCache::Rows(r.clone()));
                r
            }
        } else {
            self.run_correlated(id, row, kind, e)?
        };
        match kind {
            SubLinkKind::Exists => Ok(Datum::Bool(!rows.is_empty())),
            SubLinkKind::Scalar => {
                if rows.len() > 1 {
                    return Err(pg_err!(
                        CARDINALITY_VIOLATION,
                        "more than one row returned by a subquery used as an expression"
                    ));
                }
                Ok(rows
                    .first()
                    .and_then(|r| r.first().cloned())
                    .unwrap_or(Datum::Null))
            }
            SubLinkKind::Array => {
                let elem = types::typeinfo::element_type_of(e.typ).unwrap_or(TEXT);
                let vals = rows
                    .into_iter()
                    .map(|r| r.into_iter().next().unwrap_or(Datum::Null))
                    .collect();
                Ok(Datum::Array(Box::new(Array::from_vec(elem, vals))))
            }
            SubLinkKind::Any | SubLinkKind::All => {
                let all = kind == SubLinkKind::All;
                let test =
                    test.ok_or_else(|| common::PgError::internal("sub-link without test"))?;
                let mut saw_null = false;
                for r in rows {
                    self.sub_rows.push(r);
                    let v = self.eval(test, row);
                    self.sub_rows.pop();
                    match v? {
                        Datum::Bool(b) => {
                            if all && !b {
                                return Ok(Datum::Bool(false));
                            }
                            if !all && b {
                                return Ok(Datum::Bool(true));
                            }
                        }
                        _ => saw_null = true,
                    }
                }
                Ok(if saw_null {
                    Datum::Null
                } else {
                    Datum::Bool(all)
                })
            }
        }
    }

    /// Run a correlated sub-plan, memoizing results by the outer values it references.
    fn run_correlated(
        &mut self,
        id: usize,
        row: &[Datum],
        kind: SubLinkKind,
        e: &Expr,
    ) -> PgResult<Vec<Row>> {
        #[allow(clippy::map_entry)]
        if !self.memo_refs.contains_key(&id) {
            let refs = match &e.kind {
                ExprKind::SubLink { query, .. } if !query.has_volatile() => {
                    let mut levels = Vec::new();
                    for d in 1..=3u32 {
                        let mut v = Vec::new();
                        query.outer_columns_used(d, &mut v);
                        v.sort_unstable();
                        v.dedup();
                        levels.push(v);
                    }
                    Some(levels)
                }
                _ => None,
            };
            self.memo_refs.insert(id, refs);
        }
        let refs = match self.memo_refs.get(&id) {
            Some(Some(r)) => r.clone(),
            _ => return self.run_subplan(id, row, kind),
        };
        let mut key = vec![Datum::Int8(id as i64)];
        for (d, idxs) in refs.iter().enumerate() {
            let src: &[Datum] = if d == 0 {
                row
            } else {
                let n = self.outer.len();
                if d > n {
                    return self.run_subplan(id, row, kind);
                }
                &self.outer[n - d]
            };
            for &i in idxs {
                key.push(src.get(i).cloned().unwrap_or(Datum::Null));
            }
        }
        let key = crate::nodes::Key(key);
        if let Some(r) = self.memo.get(&key) {
            return Ok(r.clone());
        }
        let r = self.run_subplan(id, row, kind)?;
        if self.memo_rows + r.len() < 1_000_000 && self.memo.len() < 100_000 {
            self.memo_rows += r.len() + 1;
            self.memo.insert(key, r.clone());
        }
        Ok(r)
    }

    fn run_subplan(&mut self, id: usize, row: &[Datum], kind: SubLinkKind) -> PgResult<Vec<Row>> {
        let subplans = self.subplans;
        let plan = subplans
            .get(id)
            .ok_or_else(|| common::PgError::internal("missing sub-plan"))?;
        self.outer.push(row.to_vec());
        let r = (|| {
            let mut node = build(plan, self)?;
            let mut out = Vec::new();
            while let Some(r) = node.next(self)? {
                out.push(r);
                if kind == SubLinkKind::Exists {
                    break;
                }
                if kind == SubLinkKind::Scalar && out.len() > 1 {
                    break;
                }
            }
            Ok(out)
        })();
        self.outer.pop();
        r
    }
}

/// Binary-coercible relabeling, adjusting the Datum variant where the storage differs.
pub fn relabel(v: Datum, tgt: Oid) -> Datum {
    match (v, tgt) {
        (
            Datum::Int4(i),
            OID | REGPROC | REGPROCEDURE | REGOPER | REGOPERATOR | REGCLASS | REGTYPE | REGCONFIG
            | REGDICTIONARY | REGNAMESPACE | REGROLE,
        ) => Datum::Oid(i as u32),
        (Datum::Oid(o), INT4) => Datum::Int4(o as i32),
        (v, _) => v,
    }
}

fn subscript(arr: &Array, idx: &[(Option<i32>, Option<i32>)], slice: bool) -> Datum {
    let nd = arr.dims.len();
    if nd == 0 {
        return if slice {
            Datum::Array(Box::new(Array::from_vec(arr.elem_type, vec![])))
        } else {
            Datum::Null
        };
    }
    if !slice {
        if idx.len() != nd {
            return Datum::Null;
        }
        let mut off: usize = 0;
        for (k, (_, i)) in idx.iter().enumerate() {
            let (len, lb) = arr.dims[k];
            let i = match i {
                Some(i) => *i,
                None => return Datum::Null,
            };
            if i < lb || i >= lb + len {
                return Datum::Null;
            }
            off = off * len as usize + (i - lb) as usize;
        }
        return arr.elems.get(off).cloned().unwrap_or(Datum::Null);
    }
    // Slices: one dimension supported fully; more dimensions use the first index pair per dim.
    if nd == 1 {
        let (len, lb) = arr.dims[0];
        let (lo, hi) = idx[0];
        let lo = lo.unwrap_or(lb).max(lb);
        let hi = hi.unwrap_or(lb + len - 1).min(lb + len - 1);
        if lo > hi {
            return Datum::Array(Box::new(Array::from_vec(arr.elem_type, vec![])));
        }
        let elems = arr.elems[(lo - lb) as usize..=(hi - lb) as usize].to_vec();
        return Datum::Array(Box::new(Array::from_vec(arr.elem_type, elems)));
    }
    // Multi-dimensional slice.
    let mut ranges = Vec::new();
    for k in 0..nd {
        let (len, lb) = arr.dims[k];
        let (lo, hi) = idx.get(k).copied().unwrap_or((None, None));
        let (lo, hi) = if lo.is_none() && hi.is_some() && !slice {
            (Some(1), hi)
        } else {
            (lo, hi)
        };
        let lo = lo.unwrap_or(lb).max(lb);
        let hi = hi.unwrap_or(lb + len - 1).min(lb + len - 1);
        if lo > hi {
            return Datum::Array(Box::new(Array::from_vec(arr.elem_type, vec![])));
        }
        ranges.push((lo - lb, hi - lb));
    }
    let mut out = Vec::new();
    let mut cur: Vec<i32> = ranges.iter().map(|r| r.0).collect();
    loop {
        let mut off = 0usize;
        for (d, c) in arr.dims.iter().zip(cur.iter()) {
            off = off * d.0 as usize + *c as usize;
        }
        out.push(arr.elems.get(off).cloned().unwrap_or(Datum::Null));
        let mut k = nd;
        loop {
            if k == 0 {
                let dims = ranges.iter().map(|(a, b)| (b - a + 1, 1)).collect();
                return Datum::Array(Box::new(Array {
                    elem_type: arr.elem_type,
                    dims,
                    elems: out,
                }));
            }
            k -= 1;
            if cur[k] < ranges[k].1 {
                cur[k] += 1;
                break;
            }
            cur[k] = ranges[k].0;
        }
    }
}

/// Subscript a fixed-length geometric type the way PostgreSQL does through typelem:
/// `point[0|1]` yields float8 x/y, `lseg[0|1]` and `box[0|1]` yield a point.
/// Out-of-range subscripts yield NULL.
fn fixed_subscript(typ: Oid, v: &Datum, i: i64) -> PgResult<Datum> {
    use types::geo::types as g;
    Ok(match (typ, i) {
        (POINT, 0) => Datum::Float8(g::get_point(v)?.x),
        (POINT, 1) => Datum::Float8(g::get_point(v)?.y),
        (LSEG, 0 | 1) => g::point_datum(g::get_lseg(v)?.p[i as usize]),
        (BOX, 0) => g::point_datum(g::get_box(v)?.high),
        (BOX, 1) => g::point_datum(g::get_box(v)?.low),
        // name is char[64] with lower bound 0; bytes past the end are NUL ("" as "char").
        (NAME, 0..=63) => match v {
            Datum::Text(s) => Datum::Char(s.as_bytes().get(i as usize).copied().unwrap_or(0)),
            _ => Datum::Null,
        },
        _ => Datum::Null,
    })
}
