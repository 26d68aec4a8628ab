//! EXPLAIN of Bitmap Heap Scans: the heap node ("Recheck Cond", "Filter", "Heap Blocks")
//! and its bitmap tree (Bitmap Index Scan with "Index Cond", BitmapAnd, BitmapOr).

use super::{and_text, Builder, Col, ExNode, Prop};
use crate::bitmap::BitmapQual;
use crate::cost::{self, Est};
use crate::explain::deparse::{self, Deparser};
use crate::Plan;
use analyzer::expr::Expr;
use catalog::RelationInfo;

/// Text of a bitmap tree as a recheck condition (ANDs of each index's conditions, ORs of
/// alternatives).
fn recheck_text(b: &BitmapQual, d: &Deparser, lay: &[Col], top: bool) -> String {
    match b {
        BitmapQual::Index { conds, .. } => {
            let v: Vec<String> = conds.iter().map(|c| d.expr(c, lay)).collect();
            if v.len() == 1 || top {
                and_text(&v)
            } else {
                format!("({})", v.join(" AND "))
            }
        }
        BitmapQual::And(v) => {
            let parts: Vec<String> = v.iter().map(|x| recheck_text(x, d, lay, false)).collect();
            if top {
                and_text(&parts)
            } else {
                format!("({})", parts.join(" AND "))
            }
        }
        BitmapQual::Or(v) => {
            let parts: Vec<String> = v.iter().map(|x| recheck_text(x, d, lay, false)).collect();
            format!("({})", parts.join(" OR "))
        }
    }
}

/// Estimated selectivity of a bitmap tree.
fn tree_sel(b: &BitmapQual) -> f64 {
    match b {
        BitmapQual::Index { conds, .. } => {
            let v: Vec<&Expr> = conds.iter().collect();
            cost::conjuncts_selectivity(&v)
        }
        BitmapQual::And(v) => v.iter().map(tree_sel).product(),
        BitmapQual::Or(v) => v.iter().map(tree_sel).sum::<f64>().min(1.0),
    }
}

impl Builder<'_, '_> {
    fn bitmap_tree_node(
        &self,
        b: &BitmapQual,
        d: &Deparser,
        lay: &[Col],
        tuples: f64,
        loops: Option<f64>,
    ) -> ExNode {
        let pc = self.p();
        let mut n = match b {
            BitmapQual::Index { index, conds, .. } => {
                let mut n = ExNode::new(
                    "Bitmap Index Scan",
                    format!("Bitmap Index Scan on {}", deparse::quote_ident(&index.name)),
                );
                n.index_name = Some(index.name.clone());
                let v: Vec<String> = conds.iter().map(|c| d.expr(c, lay)).collect();
                if !v.is_empty() {
                    n.prop("Index Cond", Prop::Text(and_text(&v)));
                }
                let rows = cost::clamp_rows(tuples * tree_sel(b));
                let ipages = crate::scan_paths::estimate_index_pages(index, tuples);
                let total = (rows * ipages / tuples.max(1.0)).ceil().max(1.0) * pc.random_page_cost
                    + rows * (pc.cpu_index_tuple_cost + pc.cpu_operator_cost * conds.len() as f64)
                    + 50.0 * pc.cpu_operator_cost;
                n.est = Est {
                    startup: 0.0,
                    total,
                    rows,
                    width: 0,
                };
                n
            }
            BitmapQual::And(v) | BitmapQual::Or(v) => {
                let name = if matches!(b, BitmapQual::And(_)) {
                    "BitmapAnd"
                } else {
                    "BitmapOr"
                };
                let mut n = ExNode::new(name, name.into());
                let mut total = 0.0;
                for c in v {
                    let child = self.bitmap_tree_node(c, d, lay, tuples, loops);
                    total += child.est.total;
                    n.children.push(child);
                }
                n.est = Est {
                    startup: total,
                    total,
                    rows: 0.0,
                    width: 0,
                };
                n
            }
        };
        if self.inp.opts.analyze {
            n.actual = Some(loops.map(|l| {
                let c = crate::scan_stats::get(b as *const BitmapQual as usize);
                super::Actual {
                    startup_ms: 0.0,
                    total_ms: 0.0,
                    rows: if matches!(b, BitmapQual::Index { .. }) {
                        (c.tids as f64 / l.max(1.0)).round()
                    } else {
                        0.0
                    },
                    loops: l,
                }
            }));
        }
        n
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn bitmap_heap_node(
        &mut self,
        p: &Plan,
        rel: &RelationInfo,
        offset: usize,
        width: usize,
        qual: &Option<Expr>,
        filter: &[Expr],
        bitmap: &BitmapQual,
        names: &crate::ScanNames,
        outer: &[Vec<Col>],
    ) -> (ExNode, Vec<Col>) {
        let verbose = self.inp.opts.verbose;
        let pc = self.p();
        let mut head = format!("Bitmap Heap Scan on {}", super::rel_display(rel, verbose));
        if names.alias != rel.name {
            head.push(' ');
            head.push_str(&deparse::quote_ident(&names.alias));
        }
        let mut n = ExNode::new("Bitmap Heap Scan", head);
        n.relation = Some(rel.name.clone());
        n.alias = Some(names.alias.clone());
        if verbose {
            n.schema = Some(rel.namespace_name.clone());
        }
        let lay = self.scan_layout(width, offset, names, true);
        let own = (offset, offset + names.colnames.len() + 1);
        let mut d = self.deparser(verbose, outer);
        d.own = Some(own);
        n.prop(
            "Recheck Cond",
            Prop::Text(recheck_text(bitmap, &d, &lay, true)),
        );
        n.filters = filter.iter().map(|c| d.expr(c, &lay)).collect();
        let (pages, tuples) = self.rel_size(rel);
        let loops = if self.inp.opts.analyze {
            (self.inp.actual)(p).map(|a| a.loops)
        } else {
            None
        };
        let child = self.bitmap_tree_node(bitmap, &d, &lay, tuples, loops);
        let bsel = tree_sel(bitmap);
        let fs: Vec<&Expr> = filter.iter().collect();
        let sel = self
            .stats_selectivity(rel, offset, tuples, qual)
            .unwrap_or_else(|| bsel * cost::conjuncts_selectivity(&fs));
        let tf = cost::clamp_rows(bsel * tuples);
        let t = pages.max(1.0);
        let mut pf = (2.0 * t * tf) / (2.0 * t + tf);
        pf = if pf >= t { t } else { pf.ceil() };
        let per_page = if pf >= 2.0 {
            pc.random_page_cost - (pc.random_page_cost - pc.seq_page_cost) * (pf / t).sqrt()
        } else {
            pc.random_page_cost
        };
        let qcost: f64 = qual.iter().map(|q| cost::expr_cost(&pc, q)).sum();
        let startup = child.est.total;
        n.est = Est {
            startup,
            total: startup + pf * per_page + tf * (pc.cpu_tuple_cost + qcost),
            rows: cost::clamp_rows(tuples * sel),
            width: self.used_width(offset, &Self::rel_types(rel)),
        };
        n.children.push(child);
        if self.inp.opts.analyze && loops.is_some() {
            let c = crate::scan_stats::get(crate::scan_stats::key(p));
            n.prop(
                "Heap Blocks",
                Prop::Text(format!("exact={}", c.exact_blocks)),
            );
        }
        let used_subs = d.used.into_inner();
        if verbose {
            n.output = Some(self.output_of(&lay, own, outer));
        }
        self.attach(&mut n, used_subs, &lay, outer);
        (n, lay)
    }
}
