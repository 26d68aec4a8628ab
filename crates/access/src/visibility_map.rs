//! The visibility map: one all-visible bit per heap page, set by VACUUM (under the page's
//! exclusive lock, when every tuple on the page is visible to every transaction) and cleared
//! by every insert, update and delete on the page before the change can be committed (and
//! before any index entry pointing at a new tuple exists). Index-only scans skip the heap
//! fetch for pages whose bit is set.
//!
//! The map is kept in shared memory only, never written: after a restart every bit is clear
//! (the conservative state) until the next VACUUM sets them again, so a crash can never leave
//! a bit set for a page whose changes were replayed from WAL.

use crate::tuple::*;
use common::Xid;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};
use storage::page::{get_item, item_id, max_offset_number, LP_NORMAL};
use storage::{BlockNumber, RelFileNode, Storage};
use txn::{TransactionManager, XidStatus};

/// (hash of the data directory, address of the Storage, relation): the directory guards
/// against a later Storage reusing a dropped one's address; hashing it keeps the per-change
/// lookup free of allocation.
type Key = (u64, usize, RelFileNode);

fn map() -> &'static Mutex<HashMap<Key, Vec<u64>>> {
    static M: OnceLock<Mutex<HashMap<Key, Vec<u64>>>> = OnceLock::new();
    M.get_or_init(|| Mutex::new(HashMap::new()))
}

fn key(storage: &Storage, rel: RelFileNode) -> Key {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    storage.data_dir().hash(&mut h);
    (h.finish(), storage as *const Storage as usize, rel)
}

fn with<R>(f: impl FnOnce(&mut HashMap<Key, Vec<u64>>) -> R) -> R {
    let mut g = match map().lock() {
        Ok(g) => g,
        Err(p) => p.into_inner(),
    };
    f(&mut g)
}

/// Clear the all-visible bit of `block` (any change to the page's tuples).
pub fn clear(storage: &Storage, rel: RelFileNode, block: BlockNumber) {
    let k = key(storage, rel);
    with(|m| {
        if let Some(v) = m.get_mut(&k) {
            let (w, b) = (block as usize / 64, block % 64);
            if let Some(word) = v.get_mut(w) {
                *word &= !(1u64 << b);
            }
        }
    });
}

/// Set the all-visible bit of `block`. Callers hold the page's exclusive lock and have
/// checked every tuple on it.
pub fn set(storage: &Storage, rel: RelFileNode, block: BlockNumber) {
    let k = key(storage, rel);
    with(|m| {
        let v = m.entry(k).or_default();
        let w = block as usize / 64;
        if v.len() <= w {
            v.resize(w + 1, 0);
        }
        v[w] |= 1u64 << (block % 64);
    });
}

/// Is `block` marked all-visible?
pub fn is_all_visible(storage: &Storage, rel: RelFileNode, block: BlockNumber) -> bool {
    let k = key(storage, rel);
    with(|m| {
        m.get(&k)
            .and_then(|v| v.get(block as usize / 64))
            .is_some_and(|w| w & (1u64 << (block % 64)) != 0)
    })
}

/// Number of pages below `nblocks` marked all-visible (pg_class.relallvisible).
pub fn count_all_visible(storage: &Storage, rel: RelFileNode, nblocks: BlockNumber) -> u32 {
    let k = key(storage, rel);
    with(|m| {
        let Some(v) = m.get(&k) else {
            return 0;
        };
        let mut n = 0u32;
        for (i, w) in v.iter().enumerate() {
            let base = (i * 64) as u64;
            if base >= nblocks as u64 {
                break;
            }
            let mut w = *w;
            let room = nblocks as u64 - base;
            if room < 64 {
                w &= (1u64 << room) - 1;
            }
            n += w.count_ones();
        }
        n
    })
}

/// Forget the relation's map (the file was dropped or truncated).
pub fn forget(storage: &Storage, rel: RelFileNode) {
    let k = key(storage, rel);
    with(|m| {
        m.remove(&k);
    });
}

/// Is the tuple visible to every transaction now and later: inserted by a transaction that
/// committed before `oldest_xmin` (or frozen), and not deleted (xmax invalid, a row lock
/// only, or an aborted deleter)?
pub fn tuple_all_visible(h: &TupleHeader, oldest_xmin: Xid, tm: &TransactionManager) -> bool {
    let frozen = h.infomask & HEAP_XMIN_FROZEN == HEAP_XMIN_FROZEN;
    if !frozen {
        if h.infomask & HEAP_XMIN_INVALID != 0 {
            return false;
        }
        if h.infomask & HEAP_XMIN_COMMITTED == 0 && tm.status(h.xmin) != XidStatus::Committed {
            return false;
        }
        if h.xmin >= oldest_xmin {
            return false;
        }
    }
    if h.xmax_is_invalid_or_lock() {
        return true;
    }
    h.infomask & HEAP_XMAX_COMMITTED == 0 && tm.status(h.xmax) == XidStatus::Aborted
}

/// Whether every tuple of a heap page is visible to all (see `tuple_all_visible`).
pub fn page_all_visible(page: &[u8], oldest_xmin: Xid, tm: &TransactionManager) -> bool {
    for off in 1..=max_offset_number(page) {
        let Some(id) = item_id(page, off) else {
            continue;
        };
        if id.flags != LP_NORMAL {
            if id.flags != 0 {
                // Dead or redirect line pointers: index entries may still point here.
                return false;
            }
            continue;
        }
        match get_item(page, off).and_then(TupleHeader::read) {
            Some(h) if tuple_all_visible(&h, oldest_xmin, tm) => {}
            _ => return false,
        }
    }
    true
}

/// VACUUM's step for one page, called with the page exclusively locked after pruning: set
/// the page's bit when every tuple on it is visible to all, clear it otherwise.
pub fn vacuum_page(
    storage: &Storage,
    rel: RelFileNode,
    block: BlockNumber,
    page: &[u8],
    oldest_xmin: Xid,
    tm: &TransactionManager,
) {
    if page_all_visible(page, oldest_xmin, tm) {
        set(storage, rel, block);
    } else {
        clear(storage, rel, block);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits_set_clear_count() {
        let dir = std::env::temp_dir().join(format!("vm-test-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let Ok(st) = Storage::open(&dir, 16) else {
            return;
        };
        let rel = RelFileNode {
            spc_node: 1663,
            db_node: 1,
            rel_node: 424242,
        };
        assert!(!is_all_visible(&st, rel, 3));
        set(&st, rel, 3);
        set(&st, rel, 70);
        assert!(is_all_visible(&st, rel, 3));
        assert!(is_all_visible(&st, rel, 70));
        assert_eq!(count_all_visible(&st, rel, 100), 2);
        assert_eq!(count_all_visible(&st, rel, 50), 1);
        clear(&st, rel, 3);
        assert!(!is_all_visible(&st, rel, 3));
        assert_eq!(count_all_visible(&st, rel, 100), 1);
        forget(&st, rel);
        assert!(!is_all_visible(&st, rel, 70));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
