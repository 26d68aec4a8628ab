//! Extra EXPLAIN ANALYZE counters of scan nodes ("Heap Fetches" of index-only scans, "Heap
//! Blocks" of bitmap heap scans): the executor adds to them, keyed by plan node address,
//! while instrumentation is active on this thread; EXPLAIN reads them.

use std::cell::RefCell;
use std::collections::HashMap;

/// Counters of one node.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ScanCounters {
    pub heap_fetches: u64,
    pub exact_blocks: u64,
    /// TIDs a bitmap index scan returned.
    pub tids: u64,
}

thread_local! {
    static COUNTERS: RefCell<HashMap<usize, ScanCounters>> = RefCell::new(HashMap::new());
}

/// Key of a plan node (its address, as executor/instrument.rs uses).
pub fn key(p: &crate::Plan) -> usize {
    p as *const crate::Plan as usize
}

/// Forget all counters (start of an EXPLAIN ANALYZE).
pub fn reset() {
    COUNTERS.with(|c| c.borrow_mut().clear());
}

/// Add to a node's counters.
pub fn add(key: usize, f: impl FnOnce(&mut ScanCounters)) {
    COUNTERS.with(|c| f(c.borrow_mut().entry(key).or_default()));
}

/// A node's counters.
pub fn get(key: usize) -> ScanCounters {
    COUNTERS.with(|c| c.borrow().get(&key).copied().unwrap_or_default())
}
