//! Bitmap scan trees: what a Bitmap Heap Scan's bitmap is built from — B-tree index ranges
//! (Bitmap Index Scan), intersections (BitmapAnd) and unions (BitmapOr). The planner builds
//! them in scan_paths.rs, the executor evaluates them to TID sets (executor/bitmap_scan.rs).

use crate::index_paths::ScanBounds;
use analyzer::expr::Expr;
use catalog::index::IndexDesc;
use common::PgResult;
use std::sync::Arc;

/// A bitmap source. (Built once per plan; the index variant's size does not matter.)
#[derive(Clone, Debug)]
#[allow(clippy::large_enum_variant)]
pub enum BitmapQual {
    /// TIDs of the index entries within `bounds`; `conds` are the clauses the bounds were
    /// derived from (EXPLAIN's "Index Cond", AND-ed; every TID of a matching row is included).
    Index {
        index: Arc<IndexDesc>,
        bounds: ScanBounds,
        conds: Vec<Expr>,
    },
    And(Vec<BitmapQual>),
    Or(Vec<BitmapQual>),
}

impl BitmapQual {
    /// Apply `f` to every expression (bounds and conditions).
    pub fn for_each_expr_mut(
        &mut self,
        f: &mut dyn FnMut(&mut Expr) -> PgResult<()>,
    ) -> PgResult<()> {
        match self {
            BitmapQual::Index { bounds, conds, .. } => {
                bounds.for_each_expr_mut(f)?;
                for c in conds.iter_mut() {
                    f(c)?;
                }
                Ok(())
            }
            BitmapQual::And(v) | BitmapQual::Or(v) => {
                for b in v.iter_mut() {
                    b.for_each_expr_mut(f)?;
                }
                Ok(())
            }
        }
    }

    /// Every expression, read-only.
    pub fn exprs(&self) -> Vec<&Expr> {
        let mut out = Vec::new();
        self.collect(&mut out);
        out
    }

    fn collect<'a>(&'a self, out: &mut Vec<&'a Expr>) {
        match self {
            BitmapQual::Index { bounds, conds, .. } => {
                out.extend(bounds.exprs());
                out.extend(conds.iter());
            }
            BitmapQual::And(v) | BitmapQual::Or(v) => {
                for b in v {
                    b.collect(out);
                }
            }
        }
    }

    /// The indexes this tree reads.
    pub fn indexes(&self) -> Vec<&Arc<IndexDesc>> {
        match self {
            BitmapQual::Index { index, .. } => vec![index],
            BitmapQual::And(v) | BitmapQual::Or(v) => v.iter().flat_map(|b| b.indexes()).collect(),
        }
    }
}
