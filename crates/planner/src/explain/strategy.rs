//! EXPLAIN for the join/aggregation strategy nodes: Merge Join ("Merge Cond"), Materialize,
//! GroupAggregate / Group ("Group Key"), and the top-N "Sort Method" of a bounded sort.

use super::{join_head, join_rows, join_type_name, merge, Builder, ExNode, Prop};
use crate::cost::{self, Est};
use crate::Plan;
use analyzer::expr::{AggCall, Expr};
use deparse::{export, Col};
use parser::ast::JoinKind;

use super::deparse;

/// EXPLAIN's inputs as the estimator's source of table sizes and statistics.
struct InputSizes<'x, 'a, 'b> {
    b: &'x Builder<'a, 'b>,
}

impl crate::join_paths::SizeSource for InputSizes<'_, '_, '_> {
    fn size(&mut self, rel: &catalog::RelationInfo) -> (f64, f64) {
        self.b.rel_size(rel)
    }

    fn column_stats(
        &mut self,
        rel: &catalog::RelationInfo,
        attnum: i16,
    ) -> Option<std::sync::Arc<catalog::stats::ColumnStats>> {
        (self.b.inp.column_stats)(rel, attnum)
    }

    fn cost_env(&self) -> cost::CostEnv {
        cost::CostEnv {
            p: self.b.inp.costs,
            ..cost::CostEnv::default()
        }
    }
}

impl Builder<'_, '_> {
    /// Selectivity of an equality join's keys: eqjoinsel over the key columns' statistics
    /// (the same estimate the strategy pass used to choose the join method).
    pub(super) fn join_key_selectivity(
        &self,
        left: &Plan,
        right: &Plan,
        left_keys: &[Expr],
        right_keys: &[Expr],
        lrows: f64,
        rrows: f64,
    ) -> f64 {
        let mut src = InputSizes { b: self };
        let env = crate::join_paths::SizeSource::cost_env(&src);
        crate::join_cost::Estimator {
            env,
            sizes: &mut src,
        }
        .join_selectivity(left, right, left_keys, right_keys, lrows, rrows)
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn merge_join_node(
        &mut self,
        kind: JoinKind,
        left: &Plan,
        right: &Plan,
        left_keys: &[Expr],
        right_keys: &[Expr],
        qual: &Option<Expr>,
        right_slots: &[(usize, usize)],
        outer: &[Vec<Col>],
    ) -> (ExNode, Vec<Col>) {
        let pc = self.p();
        let verbose = self.inp.opts.verbose;
        let (mut l, llay) = self.node(left, outer);
        let (mut r, rlay) = self.node(right, outer);
        let lay = merge(&export(&llay), &export(&rlay), right_slots);
        let mut n = ExNode::new("Merge Join", join_head("Merge", kind, true));
        n.join_type = Some(join_type_name(kind));
        n.filter_label = "Join Filter";
        let d = self.deparser(self.qualify_upper, outer);
        let conds: Vec<String> = left_keys
            .iter()
            .zip(right_keys.iter())
            .map(|(a, b)| format!("({} = {})", key_text(&d, a, &lay), key_text(&d, b, &lay)))
            .collect();
        n.prop("Merge Cond", Prop::Text(super::and_text(&conds)));
        let mut used_subs = d.used.into_inner();
        let (texts, sel, qcost, u2) = self.scan_quals(qual, &lay, None, self.qualify_upper, outer);
        used_subs.extend(u2);
        n.filters = texts;
        let jsel =
            self.join_key_selectivity(left, right, left_keys, right_keys, l.est.rows, r.est.rows);
        let rows = join_rows(
            kind,
            l.est.rows * r.est.rows * jsel * sel,
            l.est.rows,
            r.est.rows,
        );
        // cost_mergejoin: both inputs read once, each key comparison one operator per key,
        // a tuple cost per output row.
        let nk = left_keys.len().max(1) as f64;
        let cmp = pc.cpu_operator_cost * nk * (l.est.rows + r.est.rows);
        let startup = l.est.startup + r.est.startup;
        let total = l.est.total + r.est.total + cmp + (pc.cpu_tuple_cost + qcost) * rows.max(1.0);
        n.est = Est {
            startup,
            total,
            rows: cost::clamp_rows(rows),
            width: l.est.width + r.est.width,
        };
        l.relationship = Some("Outer");
        r.relationship = Some("Inner");
        n.children.push(l);
        n.children.push(r);
        if verbose {
            n.output = Some(self.output_of(&lay, (0, lay.len()), outer));
        }
        self.attach(&mut n, used_subs, &lay, outer);
        (n, lay)
    }

    pub(super) fn expr_sort_node(
        &mut self,
        input: &Plan,
        keys: &[(Expr, bool, bool)],
        outer: &[Vec<Col>],
    ) -> (ExNode, Vec<Col>) {
        let pc = self.p();
        let (mut c, clay) = self.node(input, outer);
        let lay = export(&clay);
        c.relationship = Some("Outer");
        let d = self.deparser(self.qualify_upper, outer);
        let mut n = ExNode::new("Sort", "Sort".into());
        let sk: Vec<String> = keys
            .iter()
            .map(|(e, desc, nulls_first)| {
                let mut s = key_text(&d, e, &lay);
                if *desc {
                    s.push_str(" DESC");
                    if !*nulls_first {
                        s.push_str(" NULLS LAST");
                    }
                } else if *nulls_first {
                    s.push_str(" NULLS FIRST");
                }
                s
            })
            .collect();
        n.prop("Sort Key", Prop::List(sk));
        if self.inp.opts.analyze && self.inp.opts.format == super::Format::Text {
            let kb = ((c.est.width as f64 + 16.0) * c.est.rows / 1024.0)
                .ceil()
                .max(25.0);
            n.prop(
                "Sort Method",
                Prop::Text(format!("quicksort  Memory: {kb:.0}kB")),
            );
        }
        let (s, t) = cost::sort(&pc, c.est.total, c.est.rows);
        n.est = Est {
            startup: s,
            total: t,
            ..c.est
        };
        let used_subs = d.used.into_inner();
        n.children.push(c);
        self.attach(&mut n, used_subs, &lay, outer);
        (n, lay)
    }

    pub(super) fn materialize_node(
        &mut self,
        input: &Plan,
        outer: &[Vec<Col>],
    ) -> (ExNode, Vec<Col>) {
        let pc = self.p();
        let (mut c, clay) = self.node(input, outer);
        let lay = export(&clay);
        c.relationship = Some("Outer");
        let mut n = ExNode::new("Materialize", "Materialize".into());
        // cost_material: 2 × cpu_operator_cost per tuple on top of the input.
        n.est = Est {
            startup: c.est.startup,
            total: c.est.total + 2.0 * pc.cpu_operator_cost * c.est.rows,
            ..c.est
        };
        if self.inp.opts.verbose {
            n.output = c.output.clone();
        }
        n.children.push(c);
        (n, lay)
    }

    pub(super) fn group_agg_node(
        &mut self,
        input: &Plan,
        keys: &[Expr],
        aggs: &[AggCall],
        outer: &[Vec<Col>],
    ) -> (ExNode, Vec<Col>) {
        let pc = self.p();
        let (mut c, clay) = self.node(input, outer);
        let lay = export(&clay);
        c.relationship = Some("Outer");
        let d = self.deparser(self.qualify_upper, outer);
        let mut n = if aggs.is_empty() {
            ExNode::new("Group", "Group".into())
        } else {
            let mut n = ExNode::new("Aggregate", "GroupAggregate".into());
            n.strategy = Some("Sorted");
            n
        };
        let mut out = Vec::new();
        let mut gk = Vec::new();
        for k in keys {
            let t = d.expr(k, &lay);
            gk.push(t.clone());
            out.push(super::out_col(k, &lay, || t));
        }
        n.prop("Group Key", Prop::List(gk));
        for a in aggs {
            out.push(Col::Inline(d.agg(a, &lay)));
        }
        let cpu_op = pc.cpu_operator_cost;
        let in_rows = c.est.rows;
        let aggcost = crate::join_cost::agg_cost(&pc, aggs, in_rows);
        let width = crate::join_cost::agg_width(keys, aggs);
        let groups = cost::num_groups(in_rows, keys.len());
        // cost_agg (sorted) / cost_group: comparisons per input row, a tuple per group.
        let total = c.est.total
            + aggcost
            + cpu_op * keys.len() as f64 * in_rows
            + groups * pc.cpu_tuple_cost;
        n.est = Est {
            startup: c.est.startup,
            total,
            rows: groups,
            width,
        };
        let used_subs = d.used.into_inner();
        n.children.push(c);
        self.attach(&mut n, used_subs, &lay, outer);
        (n, out)
    }
}

/// A sort or merge key as PostgreSQL prints it: computed below the node, so anything but a
/// plain column is parenthesized.
fn key_text(d: &super::Deparser, e: &Expr, lay: &[Col]) -> String {
    let t = d.expr(e, lay);
    match &e.kind {
        analyzer::expr::ExprKind::Column { .. } => t,
        _ => format!("({t})"),
    }
}

/// A Sort under a LIMIT of `bound` rows (limit + offset) sorts with a bounded heap when its
/// input has more than twice that many rows: PostgreSQL reports "top-N heapsort".
pub(super) fn mark_top_n(sort: &mut ExNode, bound: f64) {
    if sort.node_type != "Sort" {
        return;
    }
    let input_rows = sort
        .children
        .first()
        .and_then(|c| c.actual)
        .flatten()
        .map(|a| a.rows * a.loops.max(1.0));
    let Some(input_rows) = input_rows else {
        return;
    };
    if input_rows <= 2.0 * bound {
        return;
    }
    let kb = ((sort.est.width as f64 + 16.0) * bound / 1024.0)
        .ceil()
        .max(25.0);
    for (k, v) in sort.props.iter_mut() {
        if k == "Sort Method" {
            *v = Prop::Text(format!("top-N heapsort  Memory: {kb:.0}kB"));
        }
    }
}
