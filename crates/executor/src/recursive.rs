//! WITH RECURSIVE evaluation: the RecursiveUnion node streams the non-recursive term's rows,
//! then runs the recursive term round after round, each round's WorkTableScan reading the
//! rows the previous round produced (kept in `Runtime::worktables`), until a round yields
//! nothing. UNION (without ALL) drops rows already produced. Rows stream out as they are
//! made, so `LIMIT` ends an unbounded recursion.

use crate::nodes::{build, Key, Node, Row};
use crate::Runtime;
use common::PgResult;
use planner::Plan;
use std::collections::HashSet;
use std::rc::Rc;

pub struct RecursiveUnionNode<'p> {
    init: Option<Box<dyn Node + 'p>>,
    rec_plan: &'p Plan,
    rec: Option<Box<dyn Node + 'p>>,
    all: bool,
    id: usize,
    ncols: usize,
    /// Rows produced in the current round (the next round's working table).
    next: Vec<Row>,
    seen: HashSet<Key>,
}

impl<'p> RecursiveUnionNode<'p> {
    pub fn new(
        rt: &mut Runtime,
        init: &'p Plan,
        rec: &'p Plan,
        all: bool,
        id: usize,
        ncols: usize,
    ) -> PgResult<RecursiveUnionNode<'p>> {
        Ok(RecursiveUnionNode {
            init: Some(build(init, rt)?),
            rec_plan: rec,
            rec: None,
            all,
            id,
            ncols,
            next: Vec::new(),
            seen: HashSet::new(),
        })
    }

    /// Keep a produced row (None if UNION already produced it).
    fn accept(&mut self, mut r: Row) -> Option<Row> {
        r.truncate(self.ncols);
        if !self.all && !self.seen.insert(Key(r.clone())) {
            return None;
        }
        self.next.push(r.clone());
        Some(r)
    }
}

impl Node for RecursiveUnionNode<'_> {
    fn next(&mut self, rt: &mut Runtime) -> PgResult<Option<Row>> {
        loop {
            rt.cx.interrupts.check()?;
            if let Some(init) = &mut self.init {
                match init.next(rt)? {
                    Some(r) => {
                        if let Some(r) = self.accept(r) {
                            return Ok(Some(r));
                        }
                        continue;
                    }
                    None => self.init = None,
                }
            }
            if let Some(rec) = &mut self.rec {
                match rec.next(rt)? {
                    Some(r) => {
                        if let Some(r) = self.accept(r) {
                            return Ok(Some(r));
                        }
                        continue;
                    }
                    None => self.rec = None,
                }
            }
            // Start the next round over the rows the last one produced.
            if self.next.is_empty() {
                rt.worktables.remove(&self.id);
                return Ok(None);
            }
            let work = Rc::new(std::mem::take(&mut self.next));
            rt.worktables.insert(self.id, work);
            self.rec = Some(build(self.rec_plan, rt)?);
        }
    }
}

/// Reads the working table of RecursiveUnion `id` as it was when the node was built.
pub struct WorkTableScanNode {
    rows: Rc<Vec<Row>>,
    pos: usize,
}

impl WorkTableScanNode {
    pub fn new(rt: &Runtime, id: usize) -> WorkTableScanNode {
        WorkTableScanNode {
            rows: rt.worktables.get(&id).cloned().unwrap_or_default(),
            pos: 0,
        }
    }
}

impl Node for WorkTableScanNode {
    fn next(&mut self, _rt: &mut Runtime) -> PgResult<Option<Row>> {
        let r = self.rows.get(self.pos).cloned();
        self.pos += 1;
        Ok(r)
    }
}
