//! Window function calls: `f(...) OVER (...)` and `OVER w` with the query's WINDOW clause.
//! Resolves the window specification (inheriting from named windows as PostgreSQL allows),
//! checks where window functions may appear, and returns the call as an `ExprKind::Agg`
//! whose `over` is set; the planner computes such calls in a WindowAgg node.

use super::*;

impl<'a> Analyzer<'a> {
    /// Analyse a function call that has an OVER clause.
    pub(super) fn window_call(
        &self,
        lv: &Level,
        f: &ast::FuncCall,
        over: &ast::WindowDef,
        clause: Clause,
    ) -> PgResult<Expr> {
        if !matches!(clause, Clause::Target | Clause::OrderBy) {
            let what = match clause {
                Clause::Having => "HAVING",
                Clause::Values => "VALUES",
                Clause::Other => "window definitions",
                c => c.name(),
            };
            return Err(self.err_at(
                pg_err!(
                    WINDOWING_ERROR,
                    "window functions are not allowed in {}",
                    what
                ),
                f.location,
            ));
        }
        let name = f.name.name.as_str();
        let args = if f.star {
            Vec::new()
        } else {
            self.exprs(lv, &f.args, Clause::Target)?
        };
        if args.iter().any(|a| a.contains_window()) {
            return Err(self.err_at(
                pg_err!(WINDOWING_ERROR, "window function calls cannot be nested"),
                f.location,
            ));
        }
        let filter = match &f.filter {
            Some(fl) => Some(Box::new(self.bool_expr(lv, fl, "FILTER", Clause::Other)?)),
            None => None,
        };
        let spec = self.window_spec(lv, over)?;
        let mut e = if f.star {
            if name != "count" {
                return Err(self.err_at(
                    pg_err!(
                        WRONG_OBJECT_TYPE,
                        "{}(*) specified, but {} is not an aggregate function",
                        name,
                        name
                    ),
                    f.location,
                ));
            }
            count_star(filter)
        } else {
            self.resolve_call(f, args, filter, vec![])?
        };
        match &mut e.kind {
            ExprKind::Agg(a) => {
                if f.distinct {
                    return Err(self.err_at(
                        pg_err!(
                            FEATURE_NOT_SUPPORTED,
                            "DISTINCT is not implemented for window functions"
                        ),
                        f.location,
                    ));
                }
                if !f.order_by.is_empty() {
                    return Err(self.err_at(
                        pg_err!(
                            FEATURE_NOT_SUPPORTED,
                            "aggregate ORDER BY is not implemented for window functions"
                        ),
                        f.location,
                    ));
                }
                if a.filter.is_some() && a.kind.is_window_only() {
                    return Err(self.err_at(
                        pg_err!(
                            FEATURE_NOT_SUPPORTED,
                            "FILTER is not implemented for non-aggregate window functions"
                        ),
                        f.location,
                    ));
                }
                a.over = Some(Box::new(spec));
                Ok(e)
            }
            _ => Err(self.err_at(
                pg_err!(
                    WRONG_OBJECT_TYPE,
                    "OVER specified, but {} is not a window function nor an aggregate function",
                    name
                ),
                f.location,
            )),
        }
    }

    /// Resolve an OVER clause against the level's WINDOW definitions.
    fn window_spec(&self, lv: &Level, w: &ast::WindowDef) -> PgResult<WindowSpec> {
        let merged = self.merge_window(lv, w, 0)?;
        let mut partition = Vec::new();
        for p in &merged.partition_by {
            let x = self.expr(lv, p, Clause::Target)?;
            self.no_window_inside(&x, p.location())?;
            partition.push(x);
        }
        let mut order = Vec::new();
        for s in &merged.order_by {
            let x = self.expr(lv, &s.expr, Clause::Target)?;
            self.no_window_inside(&x, s.expr.location())?;
            let desc = match (&s.using_op, s.direction) {
                (Some(op), _) => op == ">" || op == ">=",
                (None, ast::SortDirection::Desc) => true,
                _ => false,
            };
            let nulls_first = match s.nulls {
                ast::NullsOrder::First => true,
                ast::NullsOrder::Last => false,
                ast::NullsOrder::Default => desc,
            };
            order.push((x, desc, nulls_first));
        }
        let (rows, start, end) = match &merged.frame {
            None => (
                false,
                FrameBound::UnboundedPreceding,
                FrameBound::CurrentRow,
            ),
            Some(fr) => {
                let start = self.frame_bound(lv, &fr.start, fr.rows, true, w.location)?;
                let end = match &fr.end {
                    Some(b) => self.frame_bound(lv, b, fr.rows, false, w.location)?,
                    None => FrameBound::CurrentRow,
                };
                self.check_frame(&start, &end, w.location)?;
                (fr.rows, start, end)
            }
        };
        Ok(WindowSpec {
            partition,
            order,
            rows,
            start,
            end,
        })
    }

    fn no_window_inside(&self, x: &Expr, loc: i32) -> PgResult<()> {
        if x.contains_window() {
            return Err(self.err_at(
                pg_err!(
                    WINDOWING_ERROR,
                    "window functions are not allowed in window definitions"
                ),
                loc,
            ));
        }
        Ok(())
    }

    /// The effective definition of `w`: a reference to a named window, possibly extended
    /// with an ORDER BY and frame as PostgreSQL's copy rules allow.
    fn merge_window(
        &self,
        lv: &Level,
        w: &ast::WindowDef,
        depth: usize,
    ) -> PgResult<ast::WindowDef> {
        let Some(refname) = &w.refname else {
            return Ok(w.clone());
        };
        let base = lv
            .windows
            .iter()
            .find(|d| d.name.as_deref() == Some(refname.as_str()))
            .cloned();
        let Some(base) = base else {
            return Err(self.err_at(
                pg_err!(UNDEFINED_OBJECT, "window \"{}\" does not exist", refname),
                w.location,
            ));
        };
        if depth > 64 {
            return Err(pg_err!(
                WINDOWING_ERROR,
                "window definitions are nested too deeply"
            ));
        }
        let base = self.merge_window(lv, &base, depth + 1)?;
        let own_parts = !w.partition_by.is_empty() || !w.order_by.is_empty() || w.frame.is_some();
        if !w.partition_by.is_empty() {
            return Err(self.err_at(
                pg_err!(
                    WINDOWING_ERROR,
                    "cannot override PARTITION BY clause of window \"{}\"",
                    refname
                ),
                w.location,
            ));
        }
        if !w.order_by.is_empty() && !base.order_by.is_empty() {
            return Err(self.err_at(
                pg_err!(
                    WINDOWING_ERROR,
                    "cannot override ORDER BY clause of window \"{}\"",
                    refname
                ),
                w.location,
            ));
        }
        if own_parts && base.frame.is_some() {
            return Err(self.err_at(
                pg_err!(
                    WINDOWING_ERROR,
                    "cannot copy window \"{}\" because it has a frame clause",
                    refname
                ),
                w.location,
            ));
        }
        Ok(ast::WindowDef {
            name: w.name.clone(),
            refname: None,
            partition_by: base.partition_by.clone(),
            order_by: if w.order_by.is_empty() {
                base.order_by.clone()
            } else {
                w.order_by.clone()
            },
            frame: if own_parts {
                w.frame.clone()
            } else {
                base.frame.clone()
            },
            location: w.location,
        })
    }

    fn frame_bound(
        &self,
        lv: &Level,
        b: &ast::FrameBound,
        rows: bool,
        is_start: bool,
        loc: i32,
    ) -> PgResult<FrameBound> {
        let offset = |e: &ast::Expr| -> PgResult<Box<Expr>> {
            if !rows {
                return Err(self.err_at(
                    pg_err!(
                        FEATURE_NOT_SUPPORTED,
                        "RANGE {} is only supported with UNBOUNDED",
                        if matches!(b, ast::FrameBound::Preceding(_)) {
                            "PRECEDING"
                        } else {
                            "FOLLOWING"
                        }
                    ),
                    loc,
                ));
            }
            let empty = Level::new(lv.parent);
            let x = self.expr(&empty, e, Clause::Limit)?;
            if x.contains_agg() || x.contains_window() {
                return Err(self.err_at(
                    pg_err!(
                        GROUPING_ERROR,
                        "aggregate functions are not allowed in window ROWS"
                    ),
                    e.location(),
                ));
            }
            let t = x.typ;
            let c = coerce::coerce(self.reg, self.env, x, INT8, -1, Ctx::Implicit, false)?
                .ok_or_else(|| {
                    self.err_at(
                        pg_err!(
                            DATATYPE_MISMATCH,
                            "argument of ROWS must be type bigint, not type {}",
                            tname(t)
                        ),
                        e.location(),
                    )
                })?;
            Ok(Box::new(c))
        };
        let _ = is_start;
        Ok(match b {
            ast::FrameBound::UnboundedPreceding => FrameBound::UnboundedPreceding,
            ast::FrameBound::UnboundedFollowing => FrameBound::UnboundedFollowing,
            ast::FrameBound::CurrentRow => FrameBound::CurrentRow,
            ast::FrameBound::Preceding(e) => FrameBound::Preceding(offset(e)?),
            ast::FrameBound::Following(e) => FrameBound::Following(offset(e)?),
        })
    }

    fn check_frame(&self, start: &FrameBound, end: &FrameBound, loc: i32) -> PgResult<()> {
        let msg = match (start, end) {
            (FrameBound::UnboundedFollowing, _) => {
                Some("frame start cannot be UNBOUNDED FOLLOWING")
            }
            (_, FrameBound::UnboundedPreceding) => Some("frame end cannot be UNBOUNDED PRECEDING"),
            (FrameBound::CurrentRow, FrameBound::Preceding(_)) => {
                Some("frame starting from current row cannot have preceding rows")
            }
            (FrameBound::Following(_), FrameBound::Preceding(_) | FrameBound::CurrentRow) => {
                Some("frame starting from following row cannot have preceding rows")
            }
            _ => None,
        };
        match msg {
            Some(m) => Err(self.err_at(pg_err!(WINDOWING_ERROR, "{}", m), loc)),
            None => Ok(()),
        }
    }
}
