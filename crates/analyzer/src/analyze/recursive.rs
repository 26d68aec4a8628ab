//! WITH RECURSIVE: a CTE of the form `non-recursive-term UNION [ALL] recursive-term` whose
//! recursive term refers to the CTE itself. The reference inside the recursive term becomes a
//! working-table RTE; the CTE becomes a set-operation query marked recursive, which the
//! planner turns into a RecursiveUnion node. PostgreSQL's errors for misplaced
//! self-references are reported.

use super::*;
use std::cell::{Cell, RefCell};

/// Where analysis currently is inside a recursive CTE's definition.
enum Phase {
    /// Analysing the non-recursive term: a self-reference is an error.
    NonRecursive,
    /// Analysing the recursive term: a self-reference reads working table `id`.
    Recursive {
        id: usize,
        names: Vec<String>,
        types: Vec<(Oid, i32)>,
        used: bool,
    },
    /// The CTE is not a UNION: a self-reference is an error.
    NotUnion,
}

struct Active {
    name: String,
    phase: Phase,
    /// Outer-join nesting when the definition started (deeper means a nullable side).
    join_base: usize,
}

thread_local! {
    static ACTIVE: RefCell<Vec<Active>> = const { RefCell::new(Vec::new()) };
    static NEXT_ID: Cell<usize> = const { Cell::new(1) };
    static NULLABLE_DEPTH: Cell<usize> = const { Cell::new(0) };
}

/// Run `f` (analysis of one side of a join), noting whether that side is nullable.
pub(super) fn nullable_side<T>(nullable: bool, f: impl FnOnce() -> T) -> T {
    if !nullable {
        return f();
    }
    NULLABLE_DEPTH.with(|d| d.set(d.get() + 1));
    let r = f();
    NULLABLE_DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    r
}

/// Pops the innermost active CTE when dropped (also on errors), returning whether the
/// working table was referenced.
struct Activation;

impl Activation {
    fn push(name: &str, phase: Phase) -> Activation {
        ACTIVE.with(|a| {
            a.borrow_mut().push(Active {
                name: name.to_string(),
                phase,
                join_base: NULLABLE_DEPTH.with(|d| d.get()),
            })
        });
        Activation
    }
    fn finish(self) -> bool {
        let used = ACTIVE.with(|a| {
            matches!(
                a.borrow().last(),
                Some(Active {
                    phase: Phase::Recursive { used: true, .. },
                    ..
                })
            )
        });
        drop(self);
        used
    }
}

impl Drop for Activation {
    fn drop(&mut self) {
        ACTIVE.with(|a| {
            a.borrow_mut().pop();
        });
    }
}

/// The "does not have the form" error points at the CTE's name, as PostgreSQL's does.
fn relocate_form_error(e: PgError, a: &Analyzer, cte: &Cte) -> PgError {
    if e.message.starts_with("recursive query \"") && e.message.contains("does not have the form") {
        a.err_at(
            pg_err!(INVALID_RECURSION, "{}", e.message.clone()),
            cte.location,
        )
    } else {
        e
    }
}

fn plain_select(body: &ast::SetExpr, with: &Option<ast::WithClause>) -> ast::SelectStmt {
    ast::SelectStmt {
        with: with.clone(),
        body: body.clone(),
        order_by: vec![],
        limit: None,
        offset: None,
        locking: vec![],
    }
}

impl<'a> Analyzer<'a> {
    /// A reference, from inside a recursive CTE's definition, to that CTE: the working table
    /// (recursive term) or PostgreSQL's error. None when no CTE of that name is being
    /// defined.
    pub(super) fn recursive_self_reference(
        &self,
        lv: &mut Level,
        name: &str,
        alias: Option<&ast::Alias>,
        location: i32,
    ) -> PgResult<Option<(FromItem, Vec<NsItem>)>> {
        let inner = ACTIVE.with(|a| {
            let mut a = a.borrow_mut();
            let Some(act) = a.iter_mut().rev().find(|x| x.name == name) else {
                return Ok(None);
            };
            match &mut act.phase {
                Phase::NonRecursive => Err(pg_err!(
                    INVALID_RECURSION,
                    "recursive reference to query \"{}\" must not appear within its non-recursive term",
                    name
                )),
                Phase::NotUnion => Err(pg_err!(
                    INVALID_RECURSION,
                    "recursive query \"{}\" does not have the form non-recursive-term UNION [ALL] recursive-term",
                    name
                )),
                Phase::Recursive { .. }
                    if NULLABLE_DEPTH.with(|d| d.get()) > act.join_base =>
                {
                    Err(pg_err!(
                        INVALID_RECURSION,
                        "recursive reference to query \"{}\" must not appear within an outer join",
                        name
                    ))
                }
                Phase::Recursive { .. } if lv.parent.is_some_and(|p| !p.cte_scope) => Err(pg_err!(
                    INVALID_RECURSION,
                    "recursive reference to query \"{}\" must not appear within a subquery",
                    name
                )),
                Phase::Recursive {
                    id,
                    names,
                    types,
                    used,
                } => {
                    if *used {
                        return Err(pg_err!(
                            INVALID_RECURSION,
                            "recursive reference to query \"{}\" must not appear more than once",
                            name
                        ));
                    }
                    *used = true;
                    Ok(Some((*id, names.clone(), types.clone())))
                }
            }
        });
        let inner = inner.map_err(|e| self.err_at(e, location))?;
        match inner {
            Some((id, names, types)) => self
                .worktable_rte(lv, name, alias, id, names, types)
                .map(Some),
            None => Ok(None),
        }
    }

    /// A FROM reference to a CTE declared in WITH RECURSIVE.
    pub(super) fn recursive_cte_rte(
        &self,
        lv: &mut Level,
        scope: &Level,
        cte: &Cte,
        alias: Option<&ast::Alias>,
        location: i32,
    ) -> PgResult<(FromItem, Vec<NsItem>)> {
        if let Some(r) = self.recursive_self_reference(lv, &cte.name, alias, location)? {
            return Ok(r);
        }
        let ast::Statement::Select(s) = cte.query else {
            return Err(self.err_at(
                pg_err!(
                    FEATURE_NOT_SUPPORTED,
                    "data-modifying statements in WITH are not supported yet"
                ),
                location,
            ));
        };
        let s: &ast::SelectStmt = s;
        let union = match &s.body {
            ast::SetExpr::SetOp {
                op: ast::SetOpKind::Union,
                all,
                left,
                right,
            } => Some((*all, left, right)),
            _ => None,
        };
        let q = match union {
            None => {
                let act = Activation::push(&cte.name, Phase::NotUnion);
                let q = self
                    .select(Some(scope), s, true)
                    .map_err(|e| relocate_form_error(e, self, cte))?;
                drop(act);
                q
            }
            Some((all, left, right)) => {
                let act = Activation::push(&cte.name, Phase::NonRecursive);
                let left_stmt = plain_select(left, &s.with);
                let init = self.select(Some(scope), &left_stmt, true)?;
                drop(act);
                let types: Vec<(Oid, i32)> = init
                    .visible_targets()
                    .map(|t| (t.expr.typ, t.expr.typmod))
                    .collect();
                let mut names: Vec<String> =
                    init.visible_targets().map(|t| t.name.clone()).collect();
                if cte.columns.len() > names.len() {
                    return Err(self.err_at(
                        pg_err!(
                            INVALID_COLUMN_REFERENCE,
                            "WITH query \"{}\" has {} columns available but {} columns specified",
                            cte.name,
                            names.len(),
                            cte.columns.len()
                        ),
                        location,
                    ));
                }
                for (i, c) in cte.columns.iter().enumerate() {
                    names[i] = c.clone();
                }
                let id = NEXT_ID.with(|n| {
                    let v = n.get();
                    n.set(v.wrapping_add(1));
                    v
                });
                let act = Activation::push(
                    &cte.name,
                    Phase::Recursive {
                        id,
                        names: names.clone(),
                        types: types.clone(),
                        used: false,
                    },
                );
                let right_stmt = plain_select(right, &s.with);
                let rec = self.select(Some(scope), &right_stmt, true)?;
                if !act.finish() {
                    // Not actually recursive: an ordinary UNION.
                    self.select(Some(scope), s, true)?
                } else {
                    self.check_recursive_term(s, right, &rec)?;
                    if rec.visible_targets().count() != types.len() {
                        return Err(pg_err!(
                            SYNTAX_ERROR,
                            "each UNION query must have the same number of columns"
                        ));
                    }
                    let rec_types: Vec<(Oid, i32)> = rec
                        .visible_targets()
                        .map(|t| (t.expr.typ, t.expr.typmod))
                        .collect();
                    for (i, (a, b)) in types.iter().zip(&rec_types).enumerate() {
                        let common = coerce::select_common_type(
                            self.reg,
                            &[a.0, b.0],
                            "UNION",
                            &[-1, -1],
                            self.query,
                        )?;
                        let m = if a == b { a.1 } else { -1 };
                        if (common, m) != *a {
                            let loc = match &**left {
                                ast::SetExpr::Select(core) => match core.targets.get(i) {
                                    Some(ast::SelectTarget::Expr { expr, .. }) => expr.location(),
                                    _ => -1,
                                },
                                _ => -1,
                            };
                            return Err(self.err_at(
                                pg_err!(
                                    DATATYPE_MISMATCH,
                                    "recursive query \"{}\" column {} has type {} in non-recursive term but type {} overall",
                                    cte.name,
                                    i + 1,
                                    types::typeinfo::format_type(a.0, a.1),
                                    types::typeinfo::format_type(common, m)
                                )
                                .with_hint("Cast the output of the non-recursive term to the correct type."),
                                loc,
                            ));
                        }
                    }
                    let mut right = SetOpTree::Leaf(Box::new(rec));
                    self.coerce_setop(&mut right, &types)?;
                    let mut q = Query::empty(CmdType::Select);
                    q.setop = Some(SetOpTree::Op {
                        op: ast::SetOpKind::Union,
                        all,
                        left: Box::new(SetOpTree::Leaf(Box::new(init))),
                        right: Box::new(right),
                        types: types.clone(),
                        recursive: Some(id),
                    });
                    for (i, (n, (t, m))) in names.iter().zip(types.iter()).enumerate() {
                        q.targets.push(Target {
                            expr: Expr::column(i, *t, *m),
                            name: n.clone(),
                            junk: false,
                            table_oid: 0,
                            attnum: 0,
                        });
                    }
                    q.width = names.len();
                    q
                }
            }
        };
        let a = alias.cloned().unwrap_or(ast::Alias {
            name: cte.name.clone(),
            columns: cte.columns.clone(),
        });
        self.subquery_rte(lv, q, &a)
    }

    /// PostgreSQL's restrictions on a recursive CTE's recursive term and on the CTE itself.
    fn check_recursive_term(
        &self,
        s: &ast::SelectStmt,
        right: &ast::SetExpr,
        rec: &Query,
    ) -> PgResult<()> {
        if rec.grouped || !rec.aggs.is_empty() {
            let loc = match right {
                ast::SetExpr::Select(core) => core
                    .targets
                    .iter()
                    .find_map(|t| match t {
                        ast::SelectTarget::Expr {
                            expr: ast::Expr::Func(f),
                            ..
                        } => Some(f.location),
                        _ => None,
                    })
                    .unwrap_or(-1),
                _ => -1,
            };
            return Err(self.err_at(
                pg_err!(
                    INVALID_RECURSION,
                    "aggregate functions are not allowed in a recursive query's recursive term"
                ),
                loc,
            ));
        }
        if let Some(o) = s.order_by.first() {
            return Err(self.err_at(
                pg_err!(
                    FEATURE_NOT_SUPPORTED,
                    "ORDER BY in a recursive query is not implemented"
                ),
                o.expr.location(),
            ));
        }
        if let Some(o) = &s.offset {
            return Err(self.err_at(
                pg_err!(
                    FEATURE_NOT_SUPPORTED,
                    "OFFSET in a recursive query is not implemented"
                ),
                o.location(),
            ));
        }
        if let Some(l) = &s.limit {
            return Err(self.err_at(
                pg_err!(
                    FEATURE_NOT_SUPPORTED,
                    "LIMIT in a recursive query is not implemented"
                ),
                l.location(),
            ));
        }
        if !s.locking.is_empty() {
            return Err(pg_err!(
                FEATURE_NOT_SUPPORTED,
                "FOR UPDATE/SHARE in a recursive query is not implemented"
            ));
        }
        Ok(())
    }

    fn worktable_rte(
        &self,
        lv: &mut Level,
        cte_name: &str,
        alias: Option<&ast::Alias>,
        id: usize,
        mut names: Vec<String>,
        types: Vec<(Oid, i32)>,
    ) -> PgResult<(FromItem, Vec<NsItem>)> {
        let aname = alias
            .map(|a| a.name.clone())
            .unwrap_or_else(|| cte_name.to_string());
        if let Some(a) = alias {
            for (i, c) in a.columns.iter().enumerate().take(names.len()) {
                names[i] = c.clone();
            }
        }
        let kind = RteKind::WorkTable {
            id,
            types: types.clone(),
        };
        Ok(self.plain_rte(lv, kind, aname, names, types))
    }
}
