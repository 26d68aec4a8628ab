//! EXPLAIN ANALYZE instrumentation: while `start` is active on this thread, every plan node
//! built by `nodes::build` is wrapped in a counting node that records, per plan node (keyed
//! by the plan node's address), the loops started, rows returned and time spent.

use crate::nodes::{Node, Row};
use crate::Runtime;
use common::PgResult;
use planner::Plan;
use std::cell::RefCell;
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// Accumulated counters of one plan node.
#[derive(Clone, Copy, Debug, Default)]
pub struct NodeStats {
    pub loops: u64,
    pub rows: u64,
    /// Sum over loops of the time to the first row (or to the end when there was none).
    pub startup: Duration,
    pub total: Duration,
}

struct State {
    timing: bool,
    stats: HashMap<usize, NodeStats>,
}

thread_local! {
    static ACTIVE: RefCell<Option<State>> = const { RefCell::new(None) };
}

/// Start collecting statistics on this thread (replacing any previous collection).
pub fn start(timing: bool) {
    planner::scan_stats::reset();
    ACTIVE.with(|a| {
        *a.borrow_mut() = Some(State {
            timing,
            stats: HashMap::new(),
        })
    });
}

/// Stop collecting and return what was measured, keyed by plan node address.
pub fn finish() -> HashMap<usize, NodeStats> {
    ACTIVE.with(|a| a.borrow_mut().take().map(|s| s.stats).unwrap_or_default())
}

/// The key of a plan node.
pub fn key(plan: &Plan) -> usize {
    plan as *const Plan as usize
}

/// Whether instrumentation is collecting on this thread (EXPLAIN ANALYZE).
pub fn is_active() -> bool {
    active().is_some()
}

fn active() -> Option<bool> {
    ACTIVE.with(|a| a.borrow().as_ref().map(|s| s.timing))
}

/// Wrap a freshly built node when instrumenting.
pub fn wrap<'p>(plan: &'p Plan, node: Box<dyn Node + 'p>) -> Box<dyn Node + 'p> {
    match active() {
        None => node,
        Some(timing) => Box::new(Instrumented {
            key: key(plan),
            inner: node,
            timing,
            started: false,
            first_row: false,
            done: false,
        }),
    }
}

struct Instrumented<'p> {
    key: usize,
    inner: Box<dyn Node + 'p>,
    timing: bool,
    started: bool,
    first_row: bool,
    done: bool,
}

fn record(key: usize, f: impl FnOnce(&mut NodeStats)) {
    ACTIVE.with(|a| {
        if let Some(s) = a.borrow_mut().as_mut() {
            f(s.stats.entry(key).or_default());
        }
    });
}

impl Node for Instrumented<'_> {
    fn next(&mut self, rt: &mut Runtime<'_, '_>) -> PgResult<Option<Row>> {
        if !self.started {
            self.started = true;
            record(self.key, |s| s.loops += 1);
        }
        let t0 = if self.timing {
            Some(Instant::now())
        } else {
            None
        };
        let r = self.inner.next(rt)?;
        let el = t0.map(|t| t.elapsed()).unwrap_or_default();
        let got = r.is_some();
        let first = !self.first_row && (got || !self.done);
        if got {
            self.first_row = true;
        } else {
            self.done = true;
        }
        record(self.key, |s| {
            s.total += el;
            if first {
                s.startup += el;
            }
            if got {
                s.rows += 1;
            }
        });
        Ok(r)
    }
}
