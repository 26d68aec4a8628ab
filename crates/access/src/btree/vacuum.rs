//! Bulk delete (VACUUM): walk the leaf level left to right, one page lock at a time, and remove
//! the entries whose heap tuple the caller reports dead. Pages are rewritten compactly; empty
//! pages stay in the tree (no page merging or deletion), which keeps concurrent scans simple.
//! Single entries of dead row versions are also removed as index scans meet them.

use super::page::*;
use super::{BTree, ScanKey, Tid};
use common::PgResult;
use types::Datum;

impl BTree {
    /// Remove every entry whose TID `dead` returns true for; returns the number removed.
    /// `dead` is called with the leaf page write-locked, so it must not use this index.
    pub fn bulk_delete(&self, dead: &dyn Fn(Tid) -> bool) -> PgResult<u64> {
        let leftmost = ScanKey {
            key: Vec::new(),
            tid: None,
            nextkey: false,
        };
        let mut blk = self.descend(&leftmost, 0, None)?;
        let mut removed = 0u64;
        loop {
            self.check_interrupts()?;
            let b = self.pin(blk)?;
            let next;
            {
                let g = b.read();
                let o = check_page(&g[..], blk, self.name())?;
                next = o.next;
                let maxoff = storage::page::max_offset_number(&g[..]);
                let mut any = false;
                for off in first_data(&o)..=maxoff {
                    if dead(item_tid(item(&g[..], off)?)) {
                        any = true;
                        break;
                    }
                }
                if !any {
                    drop(g);
                    if next == P_NONE {
                        return Ok(removed);
                    }
                    blk = next;
                    continue;
                }
            }
            let mut g = b.write();
            let o = check_page(&g[..], blk, self.name())?;
            let maxoff = storage::page::max_offset_number(&g[..]);
            let mut keep: Vec<Vec<u8>> = Vec::with_capacity(maxoff as usize);
            if !o.is_rightmost() {
                keep.push(item(&g[..], 1)?.to_vec());
            }
            let mut n = 0u64;
            for off in first_data(&o)..=maxoff {
                let it = item(&g[..], off)?;
                if dead(item_tid(it)) {
                    n += 1;
                } else {
                    keep.push(it.to_vec());
                }
            }
            if n > 0 {
                let list: Vec<&[u8]> = keep.iter().map(|v| v.as_slice()).collect();
                if let Some(p) = build_page(&o, &list) {
                    g.copy_from_slice(&p[..]);
                    removed += n;
                }
            }
            let next = o.next;
            drop(g);
            if next == P_NONE {
                return Ok(removed);
            }
            blk = next;
        }
    }

    /// Remove the single entry (`key`, `tid`) if it is present and `dead` (called with the leaf
    /// page write-locked, like `bulk_delete`'s callback, so VACUUM can't recycle the TID
    /// meanwhile) confirms its heap tuple is dead to everyone; returns whether it was removed.
    pub fn remove_entry_if(
        &self,
        key: &[Datum],
        tid: Tid,
        dead: impl FnOnce() -> PgResult<bool>,
    ) -> PgResult<bool> {
        let sk = ScanKey {
            key: key.to_vec(),
            tid: Some(tid),
            nextkey: false,
        };
        let mut blk = self.descend(&sk, 0, None)?;
        loop {
            let b = self.pin(blk)?;
            let mut g = b.write();
            let o = check_page(&g[..], blk, self.name())?;
            if self.must_move_right(&g[..], &o, &sk)? {
                blk = o.next;
                continue;
            }
            let pos = self.lower_bound(&g[..], &o, &sk)?;
            let maxoff = storage::page::max_offset_number(&g[..]);
            if pos > maxoff || pos < first_data(&o) {
                return Ok(false);
            }
            let it = item(&g[..], pos)?;
            if item_tid(it) != tid
                || super::cmp_sk_item(self.order(), &sk, it)? != std::cmp::Ordering::Equal
            {
                return Ok(false);
            }
            if !dead()? {
                return Ok(false);
            }
            return Ok(super::page::delete_item_at(&mut g[..], pos));
        }
    }
}
