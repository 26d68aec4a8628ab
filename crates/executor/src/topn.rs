//! Top-N sort: a Sort directly under a LIMIT keeps only the best `bound` (limit + offset)
//! rows. Rows are collected in a buffer that is sorted and cut back to `bound` whenever it
//! reaches twice that size, so memory stays O(bound); the (stable) result equals the first
//! `bound` rows of the full sort.

use crate::nodes::{compare_rows, Node, Row};
use crate::Runtime;
use analyzer::query::SortKey;
use common::PgResult;

pub struct TopNSortNode<'p> {
    pub input: Option<Box<dyn Node + 'p>>,
    pub keys: &'p [SortKey],
    pub bound: usize,
    rows: Vec<Row>,
    pos: usize,
}

impl<'p> TopNSortNode<'p> {
    pub fn new(input: Box<dyn Node + 'p>, keys: &'p [SortKey], bound: usize) -> Self {
        TopNSortNode {
            input: Some(input),
            keys,
            bound,
            rows: Vec::new(),
            pos: 0,
        }
    }
}

/// Keep the first `bound` rows of `rows` in sort order.
pub fn cut(rows: &mut Vec<Row>, keys: &[SortKey], bound: usize) {
    rows.sort_by(|a, b| compare_rows(a, b, keys));
    rows.truncate(bound);
}

impl Node for TopNSortNode<'_> {
    fn next(&mut self, rt: &mut Runtime) -> PgResult<Option<Row>> {
        if let Some(mut input) = self.input.take() {
            let cap = self.bound.saturating_mul(2).max(64);
            let mut n = 0u32;
            while let Some(r) = input.next(rt)? {
                n = n.wrapping_add(1);
                if n.is_multiple_of(1024) {
                    rt.cx.interrupts.check()?;
                }
                self.rows.push(r);
                if self.rows.len() >= cap {
                    cut(&mut self.rows, self.keys, self.bound);
                }
            }
            cut(&mut self.rows, self.keys, self.bound);
        }
        if self.pos < self.rows.len() {
            self.pos += 1;
            Ok(Some(std::mem::take(&mut self.rows[self.pos - 1])))
        } else {
            Ok(None)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use types::Datum;

    #[test]
    fn cut_keeps_smallest_stably() {
        let keys = [SortKey {
            col: 0,
            desc: false,
            nulls_first: false,
        }];
        let mut rows: Vec<Row> = [5, 1, 4, 1, 3, 2]
            .iter()
            .enumerate()
            .map(|(i, &v)| vec![Datum::Int4(v), Datum::Int4(i as i32)])
            .collect();
        cut(&mut rows, &keys, 3);
        let got: Vec<(i32, i32)> = rows
            .iter()
            .map(|r| match (&r[0], &r[1]) {
                (Datum::Int4(a), Datum::Int4(b)) => (*a, *b),
                _ => (-1, -1),
            })
            .collect();
        assert_eq!(got, vec![(1, 1), (1, 3), (2, 5)]);
    }
}
