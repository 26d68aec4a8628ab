//! VACUUM's read-only first look at a heap page: decides, under the page's share lock, whether
//! lazy vacuum would change anything on it (a new page to initialise, dead, LP_DEAD or
//! LP_REDIRECT items to reclaim, free line pointers to compact). Most pages of a freshly
//! loaded or lightly updated table need nothing, and skipping the exclusive lock for them
//! avoids dirtying and WAL-logging (before-image copy, delta) every page of the table.
//! `XidCache` remembers the status of the last xid asked about: a bulk-loaded page holds one
//! xmin for all its tuples, so it saves a commit-log lookup per tuple.

use crate::tuple::*;
use common::Xid;
use storage::page::*;
use txn::{TransactionManager, XidStatus};

/// Status of the most recent xid looked up (only final states are remembered).
#[derive(Default)]
pub(crate) struct XidCache {
    last: Option<(Xid, XidStatus)>,
}

impl XidCache {
    /// `tm.status(xid)`, answered from the cache when the xid is the last one seen.
    pub(crate) fn status(&mut self, tm: &TransactionManager, xid: Xid) -> XidStatus {
        if let Some((x, s)) = self.last {
            if x == xid {
                return s;
            }
        }
        let s = tm.status(xid);
        // Committed and aborted are final; in progress may change under us.
        if s != XidStatus::InProgress {
            self.last = Some((xid, s));
        }
        s
    }
}

/// HeapTupleSatisfiesVacuum, simplified (same rule as heapam's `tuple_is_dead`): dead to
/// every transaction?
pub(crate) fn tuple_is_dead_cached(
    h: &TupleHeader,
    oldest_xmin: Xid,
    tm: &TransactionManager,
    cache: &mut XidCache,
) -> bool {
    if h.infomask & HEAP_XMIN_FROZEN == HEAP_XMIN_INVALID {
        return true;
    }
    if h.infomask & HEAP_XMIN_COMMITTED == 0 {
        match cache.status(tm, h.xmin) {
            XidStatus::Aborted => return true,
            XidStatus::InProgress => return false,
            XidStatus::Committed => {}
        }
    }
    if h.xmax_is_invalid_or_lock() {
        return false;
    }
    let committed =
        h.infomask & HEAP_XMAX_COMMITTED != 0 || cache.status(tm, h.xmax) == XidStatus::Committed;
    committed && h.xmax < oldest_xmin
}

/// If lazy vacuum would leave `page` exactly as it is, the number of live (not dead) tuples
/// on it; None if the page needs the exclusive-lock pass.
pub(crate) fn page_unchanged_by_vacuum(
    page: &[u8],
    oldest_xmin: Xid,
    tm: &TransactionManager,
    cache: &mut XidCache,
) -> Option<u64> {
    if page_is_new(page) || page_flags(page) & PD_HAS_FREE_LINES != 0 {
        return None;
    }
    let mut live = 0u64;
    for off in 1..=max_offset_number(page) {
        let Some(id) = item_id(page, off) else {
            continue;
        };
        match id.flags {
            LP_NORMAL => {
                let h = get_item(page, off).and_then(TupleHeader::read)?;
                if tuple_is_dead_cached(&h, oldest_xmin, tm, cache) {
                    return None;
                }
                live += 1;
            }
            LP_DEAD | LP_REDIRECT => return None,
            _ => {}
        }
    }
    Some(live)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::*;
    use common::Interrupts;
    use storage::wal::WalSettings;
    use storage::{RelFileNode, Storage, DEFAULTTABLESPACE_OID};
    use txn::recovery::startup;
    use types::oids::*;

    fn desc() -> TupleDesc {
        TupleDesc {
            attrs: vec![AttrDesc::for_type(INT4, -1)],
        }
    }

    /// Pages vacuum would not change are recognised under the share lock, and vacuuming a
    /// table made only of such pages writes no WAL and dirties nothing, with the same counts
    /// as the exclusive-lock pass; pages with something to reclaim still go through it.
    #[test]
    fn clean_pages_are_skipped_and_dirty_ones_are_not() {
        let dir = tempfile::tempdir().unwrap();
        let storage = Storage::open(dir.path(), 64).unwrap();
        let tm = TransactionManager::open(dir.path()).unwrap();
        let s = WalSettings {
            fsync: false,
            ..WalSettings::default()
        };
        startup(&storage, &tm, &s).unwrap();
        let ints = Interrupts::new();
        let r = RelFileNode {
            spc_node: DEFAULTTABLESPACE_OID,
            db_node: 1,
            rel_node: 16500,
        };
        storage.create_relation(r).unwrap();
        let a = tm.begin().unwrap();
        let snap = tm.snapshot(a, 0);
        let w = WriteCtx {
            tm: &tm,
            xid: a,
            cid: 0,
            snapshot: &snap,
            interrupts: &ints,
        };
        let rows: Vec<Vec<Datum>> = (0..1000).map(|i| vec![Datum::Int4(i)]).collect();
        let tids = heap_multi_insert(&storage, r, &desc(), &rows, &w).unwrap();
        // In progress: not dead, page unchanged.
        let mut cache = XidCache::default();
        {
            let b = storage.read_buffer(r, 0).unwrap();
            let g = b.read();
            let n = max_offset_number(&g[..]) as u64;
            assert_eq!(
                page_unchanged_by_vacuum(&g[..], 0, &tm, &mut cache),
                Some(n)
            );
        }
        tm.commit(a).unwrap();
        let wal = storage.wal().unwrap().clone();
        wal.flush_all().unwrap();
        let lsn = wal.insert_lsn();
        let st = heap_vacuum(&storage, r, tm.oldest_xmin(), &tm).unwrap();
        assert_eq!((st.removed, st.remaining), (0, 1000));
        assert_eq!(
            wal.insert_lsn(),
            lsn,
            "vacuum of clean pages logged something"
        );
        // Delete one row on block 0: that page needs the exclusive pass, the others don't.
        let b = tm.begin().unwrap();
        let snap = tm.snapshot(b, 0);
        let w = WriteCtx {
            tm: &tm,
            xid: b,
            cid: 0,
            snapshot: &snap,
            interrupts: &ints,
        };
        assert_eq!(
            heap_delete(&storage, r, tids[0], &w).unwrap(),
            ModifyResult::Ok(None)
        );
        tm.commit(b).unwrap();
        let mut cache = XidCache::default();
        {
            let g0 = storage.read_buffer(r, 0).unwrap();
            assert_eq!(
                page_unchanged_by_vacuum(&g0.read()[..], tm.oldest_xmin(), &tm, &mut cache),
                None
            );
        }
        let st = heap_vacuum(&storage, r, tm.oldest_xmin(), &tm).unwrap();
        assert_eq!((st.removed, st.remaining), (1, 999));
        // Now compacted, block 0 is clean again (its freed line pointer is unused).
        let g0 = storage.read_buffer(r, 0).unwrap();
        let g = g0.read();
        assert!(
            page_flags(&g[..]) & PD_HAS_FREE_LINES == 0 || {
                // A page with free line pointers goes through the exclusive pass (compaction).
                page_unchanged_by_vacuum(&g[..], tm.oldest_xmin(), &tm, &mut cache).is_none()
            }
        );
        // A new (all-zero) page always needs initialising.
        assert_eq!(
            page_unchanged_by_vacuum(&[0u8; storage::BLCKSZ], 0, &tm, &mut cache),
            None
        );
        // The cache answers repeated lookups like the transaction manager.
        assert_eq!(cache.status(&tm, a), tm.status(a));
        assert_eq!(cache.status(&tm, a), XidStatus::Committed);
    }
}
