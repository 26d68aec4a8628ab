//! Sorted aggregation (GroupAggregate, and Group when there are no aggregates): the input
//! arrives ordered on the group keys, so each run of equal keys is one group, finished as
//! soon as the next key differs. Output row = group keys ++ aggregate results.

use crate::agg::AggGroup;
use crate::nodes::{Key, Node, Row};
use crate::Runtime;
use analyzer::expr::{AggCall, Expr};
use common::PgResult;

pub struct GroupAggNode<'p> {
    pub input: Box<dyn Node + 'p>,
    pub keys: &'p [Expr],
    pub aggs: &'p [AggCall],
    cur: Option<(Key, AggGroup)>,
    done: bool,
}

impl<'p> GroupAggNode<'p> {
    pub fn new(input: Box<dyn Node + 'p>, keys: &'p [Expr], aggs: &'p [AggCall]) -> Self {
        GroupAggNode {
            input,
            keys,
            aggs,
            cur: None,
            done: false,
        }
    }

    fn finish(&mut self, rt: &mut Runtime, key: Key, g: AggGroup) -> PgResult<Row> {
        let mut row = key.0;
        row.extend(g.finish(rt, self.aggs)?);
        Ok(row)
    }
}

impl Node for GroupAggNode<'_> {
    fn next(&mut self, rt: &mut Runtime) -> PgResult<Option<Row>> {
        if self.done {
            return Ok(None);
        }
        let mut n = 0u32;
        loop {
            n = n.wrapping_add(1);
            if n.is_multiple_of(1024) {
                rt.cx.interrupts.check()?;
            }
            let Some(r) = self.input.next(rt)? else {
                self.done = true;
                return match self.cur.take() {
                    Some((k, g)) => Ok(Some(self.finish(rt, k, g)?)),
                    None => Ok(None),
                };
            };
            let mut k = Vec::with_capacity(self.keys.len());
            for e in self.keys {
                k.push(rt.eval(e, &r)?);
            }
            let key = Key(k);
            let same = self.cur.as_ref().is_some_and(|(ck, _)| *ck == key);
            if same {
                if let Some((_, g)) = &mut self.cur {
                    g.advance(rt, self.aggs, &r)?;
                }
                continue;
            }
            let mut g = AggGroup::new(self.aggs);
            g.advance(rt, self.aggs, &r)?;
            if let Some((pk, pg)) = self.cur.replace((key, g)) {
                return Ok(Some(self.finish(rt, pk, pg)?));
            }
        }
    }
}
