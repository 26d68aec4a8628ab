//! Merge join (INNER, LEFT, RIGHT, FULL): both inputs arrive ordered ascending with NULLs
//! last on their join keys. The inner (right) side is buffered; each outer row is matched
//! against the run of inner rows with equal keys (re-used while the outer key repeats —
//! PostgreSQL's mark/restore), inner rows left behind unmatched are emitted in key order for
//! RIGHT/FULL joins. NULL keys never match.

use crate::nodes::{Node, Row};
use crate::Runtime;
use analyzer::expr::Expr;
use common::PgResult;
use parser::ast::JoinKind;
use std::cmp::Ordering;
use std::collections::VecDeque;
use types::Datum;

/// Iterator state of a merge join.
pub struct MergeJoinNode<'p> {
    pub kind: JoinKind,
    pub left: Box<dyn Node + 'p>,
    pub right: Option<Box<dyn Node + 'p>>,
    pub left_keys: &'p [Expr],
    pub right_keys: &'p [Expr],
    pub qual: Option<&'p Expr>,
    pub right_slots: &'p [(usize, usize)],
    rows: Vec<(Option<Vec<Datum>>, Row)>,
    matched: Vec<bool>,
    /// Current run of equal inner keys: [start, end).
    group: (usize, usize),
    /// Inner rows before this index were passed (and emitted if unmatched).
    passed: usize,
    out: VecDeque<Row>,
    done: bool,
}

/// Compare two key vectors (non-NULL values).
pub fn cmp_keys(a: &[Datum], b: &[Datum]) -> Ordering {
    for (x, y) in a.iter().zip(b.iter()) {
        let o = types::compare::compare(x, y);
        if o != Ordering::Equal {
            return o;
        }
    }
    Ordering::Equal
}

impl<'p> MergeJoinNode<'p> {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        kind: JoinKind,
        left: Box<dyn Node + 'p>,
        right: Box<dyn Node + 'p>,
        left_keys: &'p [Expr],
        right_keys: &'p [Expr],
        qual: Option<&'p Expr>,
        right_slots: &'p [(usize, usize)],
    ) -> Self {
        MergeJoinNode {
            kind,
            left,
            right: Some(right),
            left_keys,
            right_keys,
            qual,
            right_slots,
            rows: Vec::new(),
            matched: Vec::new(),
            group: (0, 0),
            passed: 0,
            out: VecDeque::new(),
            done: false,
        }
    }

    fn keys(rt: &mut Runtime, keys: &[Expr], row: &Row) -> PgResult<Option<Vec<Datum>>> {
        let mut k = Vec::with_capacity(keys.len());
        for e in keys {
            let v = rt.eval(e, row)?;
            if v.is_null() {
                return Ok(None);
            }
            k.push(crate::nodes::join_key_value(v));
        }
        Ok(Some(k))
    }

    fn combine(&self, l: &Row, r: &Row) -> Row {
        let mut out = l.clone();
        for &(a, b) in self.right_slots {
            if b <= out.len() && b <= r.len() {
                out[a..b].clone_from_slice(&r[a..b]);
            }
        }
        out
    }

    fn outer_right(&self) -> bool {
        matches!(self.kind, JoinKind::Right | JoinKind::Full)
    }

    /// Emit the unmatched inner rows in [passed, upto) (RIGHT/FULL joins).
    fn pass_to(&mut self, upto: usize) {
        let upto = upto.min(self.rows.len());
        if self.outer_right() {
            for i in self.passed..upto {
                if !self.matched[i] {
                    self.out.push_back(self.rows[i].1.clone());
                }
            }
        }
        self.passed = self.passed.max(upto);
    }

    /// Position the current group on the inner rows whose keys equal `k`.
    fn seek(&mut self, k: &[Datum]) {
        let (gs, ge) = self.group;
        if gs < ge {
            if let Some(gk) = &self.rows[gs].0 {
                if cmp_keys(gk, k) == Ordering::Equal {
                    return;
                }
            }
        }
        let mut i = ge.max(gs);
        // Inner rows with keys below `k` can never match again.
        while i < self.rows.len() {
            match &self.rows[i].0 {
                Some(rk) if cmp_keys(rk, k) == Ordering::Less => i += 1,
                _ => break,
            }
        }
        let start = i;
        while i < self.rows.len() {
            match &self.rows[i].0 {
                Some(rk) if cmp_keys(rk, k) == Ordering::Equal => i += 1,
                _ => break,
            }
        }
        self.pass_to(start);
        self.group = (start, i);
    }

    fn process_left(&mut self, rt: &mut Runtime, l: Row) -> PgResult<()> {
        let mut any = false;
        if let Some(k) = Self::keys(rt, self.left_keys, &l)? {
            self.seek(&k);
            let (gs, ge) = self.group;
            for i in gs..ge {
                let row = self.combine(&l, &self.rows[i].1);
                let ok = match self.qual {
                    None => true,
                    Some(q) => rt.eval_bool(q, &row)?,
                };
                if ok {
                    any = true;
                    self.matched[i] = true;
                    self.out.push_back(row);
                }
            }
        }
        if !any && matches!(self.kind, JoinKind::Left | JoinKind::Full) {
            self.out.push_back(l);
        }
        Ok(())
    }
}

impl Node for MergeJoinNode<'_> {
    fn next(&mut self, rt: &mut Runtime) -> PgResult<Option<Row>> {
        if let Some(mut right) = self.right.take() {
            while let Some(r) = right.next(rt)? {
                rt.cx.interrupts.check()?;
                let k = Self::keys(rt, self.right_keys, &r)?;
                self.rows.push((k, r));
            }
            self.matched = vec![false; self.rows.len()];
        }
        loop {
            if let Some(r) = self.out.pop_front() {
                return Ok(Some(r));
            }
            if self.done {
                return Ok(None);
            }
            rt.cx.interrupts.check()?;
            match self.left.next(rt)? {
                Some(l) => self.process_left(rt, l)?,
                None => {
                    self.done = true;
                    let n = self.rows.len();
                    self.pass_to(n);
                }
            }
        }
    }
}
