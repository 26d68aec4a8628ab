//! Materialize: the buffered inner side of a nested loop. The executor's nested loop already
//! reads its inner side once and re-uses the rows, so this node passes rows through; it
//! exists so plans (and EXPLAIN) have PostgreSQL's shape. Also the sort on computed keys
//! (ExprSort) feeding merge joins and sorted aggregation.

use crate::nodes::{compare_rows, Node, Row};
use crate::Runtime;
use analyzer::expr::Expr;
use analyzer::query::SortKey;
use common::PgResult;
use types::Datum;

pub struct MaterializeNode<'p> {
    pub input: Box<dyn Node + 'p>,
}

impl Node for MaterializeNode<'_> {
    fn next(&mut self, rt: &mut Runtime) -> PgResult<Option<Row>> {
        self.input.next(rt)
    }
}

/// Sort on computed keys: each row's key expressions are evaluated once, rows ordered by
/// them (ascending/descending, NULLs first/last per key), ties kept in input order.
pub struct ExprSortNode<'p> {
    input: Option<Box<dyn Node + 'p>>,
    keys: &'p [(Expr, bool, bool)],
    rows: Vec<Row>,
    pos: usize,
}

impl<'p> ExprSortNode<'p> {
    pub fn new(input: Box<dyn Node + 'p>, keys: &'p [(Expr, bool, bool)]) -> Self {
        ExprSortNode {
            input: Some(input),
            keys,
            rows: Vec::new(),
            pos: 0,
        }
    }
}

impl Node for ExprSortNode<'_> {
    fn next(&mut self, rt: &mut Runtime) -> PgResult<Option<Row>> {
        if let Some(mut input) = self.input.take() {
            let mut keyed: Vec<(Vec<Datum>, Row)> = Vec::new();
            let mut n = 0u32;
            while let Some(r) = input.next(rt)? {
                n = n.wrapping_add(1);
                if n.is_multiple_of(1024) {
                    rt.cx.interrupts.check()?;
                }
                let mut k = Vec::with_capacity(self.keys.len());
                for (e, _, _) in self.keys {
                    k.push(rt.eval(e, &r)?);
                }
                keyed.push((k, r));
            }
            let sk: Vec<SortKey> = self
                .keys
                .iter()
                .enumerate()
                .map(|(i, (_, desc, nulls_first))| SortKey {
                    col: i,
                    desc: *desc,
                    nulls_first: *nulls_first,
                })
                .collect();
            keyed.sort_by(|a, b| compare_rows(&a.0, &b.0, &sk));
            self.rows = keyed.into_iter().map(|(_, r)| r).collect();
        }
        if self.pos < self.rows.len() {
            self.pos += 1;
            Ok(Some(std::mem::take(&mut self.rows[self.pos - 1])))
        } else {
            Ok(None)
        }
    }
}
