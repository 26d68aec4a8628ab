//! Insertion and page splits. An insert descends with share locks, write-locks the target
//! leaf and moves right while the key is >= the high key, then adds the item in order. A full
//! page is split: the new right page is written first, then the left page (new high key and
//! right link), then the old right sibling's left link, and finally the separator is inserted
//! into the parent (found through the descent stack, or by a fresh descent, moving right as
//! needed). A root split builds the new root and updates the metapage while the old root is
//! still locked. Lock order is always bottom-up and left-to-right, so there are no deadlocks.

use super::page::*;
use super::{BTree, ScanKey, Tid};
use common::{pg_err, PgResult};
use std::cmp::Ordering;
use storage::BufferWriteGuard;
use types::Datum;

/// What a split left to do at the next level up.
enum SplitOutcome {
    /// A new root was installed: nothing more to do.
    NewRoot,
    /// Insert `downlink` (separator key + TID, child = right page) at the parent level.
    Downlink { item: Vec<u8>, sk: ScanKey },
}

impl BTree {
    /// Insert the entry (`key`, `tid`). Inserting an entry already present is a no-op.
    /// Fails with 54000 if the entry exceeds the per-item size limit.
    pub fn insert(&self, key: &[Datum], tid: Tid) -> PgResult<()> {
        self.check_key_len(key)?;
        let item = encode_item(tid, 0, Some(key))?;
        self.check_item_size(key, &item)?;
        let sk = ScanKey {
            key: key.to_vec(),
            tid: Some(tid),
            nextkey: false,
        };
        let mut stack = Vec::new();
        let blk = self.descend(&sk, 0, Some(&mut stack))?;
        self.insert_from(blk, 0, sk, item, &stack)
    }

    /// Insert `item` at `level` starting at block `blk` (moving right as needed), cascading
    /// splits upward.
    fn insert_from(
        &self,
        mut blk: u32,
        mut level: u32,
        mut sk: ScanKey,
        mut item: Vec<u8>,
        stack: &[u32],
    ) -> PgResult<()> {
        loop {
            let buf = self.pin(blk)?;
            let mut g = buf.write();
            let o = check_page(&g[..], blk, self.name())?;
            if o.level != level {
                return Err(pg_err!(
                    INDEX_CORRUPTED,
                    "index \"{}\": unexpected level {} at block {}",
                    self.name(),
                    o.level,
                    blk
                ));
            }
            if self.must_move_right(&g[..], &o, &sk)? {
                blk = o.next;
                continue;
            }
            let pos = self.lower_bound(&g[..], &o, &sk)?;
            if level == 0 && pos <= storage::page::max_offset_number(&g[..]) {
                let c = super::cmp_sk_item(self.order(), &sk, item_at(&g, pos)?)?;
                if c == Ordering::Equal {
                    return Ok(());
                }
            }
            if insert_item_at(&mut g[..], pos, &item) {
                return Ok(());
            }
            match self.split(blk, g, &o, pos, &item)? {
                SplitOutcome::NewRoot => return Ok(()),
                SplitOutcome::Downlink { item: it, sk: s } => {
                    drop(buf);
                    item = it;
                    sk = s;
                    level += 1;
                    blk = match stack.get(level as usize) {
                        Some(&b) if b != P_NONE => b,
                        _ => self.descend(&sk, level, None)?,
                    };
                }
            }
        }
    }

    /// Split the write-locked page `blk` (guard `g`, special area `o`), inserting `new_item`
    /// at offset `pos`. Consumes (releases) the lock.
    fn split(
        &self,
        blk: u32,
        mut g: BufferWriteGuard<'_>,
        o: &Opaque,
        pos: u16,
        new_item: &[u8],
    ) -> PgResult<SplitOutcome> {
        let first = first_data(o);
        let maxoff = storage::page::max_offset_number(&g[..]);
        let mut items: Vec<Vec<u8>> = Vec::with_capacity(maxoff as usize + 1);
        for off in first..=maxoff {
            items.push(item_at(&g, off)?.to_vec());
        }
        let at = (pos.saturating_sub(first) as usize).min(items.len());
        items.insert(at, new_item.to_vec());
        let old_hikey: Option<Vec<u8>> = if o.is_rightmost() {
            None
        } else {
            Some(item_at(&g, 1)?.to_vec())
        };
        let leaf = o.is_leaf();
        let k = choose_split(&items, old_hikey.as_deref(), leaf, o.is_rightmost()).ok_or_else(
            || {
                pg_err!(
                    INTERNAL_ERROR,
                    "could not find a feasible split point for index \"{}\"",
                    self.name()
                )
            },
        )?;
        let sep = items[k].clone();
        let right_first = if leaf {
            items[k].clone()
        } else {
            strip_key(&items[k])
        };
        let st = self.storage();
        let rbuf = st.extend_relation(self.rel())?;
        let rblk = rbuf.block();
        // Right page: [old high key] + items[k..].
        let ropq = Opaque {
            prev: blk,
            next: o.next,
            level: o.level,
            flags: if leaf { BTP_LEAF } else { 0 },
        };
        let mut rlist: Vec<&[u8]> = Vec::with_capacity(items.len() - k + 1);
        if let Some(h) = &old_hikey {
            rlist.push(h);
        }
        rlist.push(&right_first);
        for it in &items[k + 1..] {
            rlist.push(it);
        }
        let rpage = build_page(&ropq, &rlist).ok_or_else(|| self.split_err())?;
        // Left page: [separator as high key] + items[..k].
        let lopq = Opaque {
            prev: o.prev,
            next: rblk,
            level: o.level,
            flags: o.flags & !BTP_ROOT,
        };
        let mut llist: Vec<&[u8]> = Vec::with_capacity(k + 1);
        llist.push(&sep);
        for it in &items[..k] {
            llist.push(it);
        }
        let lpage = build_page(&lopq, &llist).ok_or_else(|| self.split_err())?;
        {
            let mut rg = rbuf.write();
            rg.copy_from_slice(&rpage[..]);
        }
        let sep_key = item_key(&sep)?;
        let sep_tid = item_tid(&sep);
        if o.is_root() {
            // New root over the two halves; the metapage is updated before the old root's
            // lock is released so nobody sees a split level without a parent.
            let nbuf = st.extend_relation(self.rel())?;
            let nblk = nbuf.block();
            let down_left = strip_key(&encode_item(Tid::default(), blk, None)?);
            let down_right = with_child(&sep, rblk);
            let nopq = Opaque {
                prev: P_NONE,
                next: P_NONE,
                level: o.level + 1,
                flags: BTP_ROOT,
            };
            let npage =
                build_page(&nopq, &[&down_left, &down_right]).ok_or_else(|| self.split_err())?;
            nbuf.write().copy_from_slice(&npage[..]);
            let mbuf = self.pin(0)?;
            let mut mg = mbuf.write();
            read_meta(&mg[..], self.name())?;
            g.copy_from_slice(&lpage[..]);
            drop(g);
            write_meta(
                &mut mg[..],
                &Meta {
                    root: nblk,
                    level: o.level + 1,
                },
            );
            drop(mg);
            return Ok(SplitOutcome::NewRoot);
        }
        g.copy_from_slice(&lpage[..]);
        drop(g);
        if o.next != P_NONE {
            let sbuf = self.pin(o.next)?;
            let mut sg = sbuf.write();
            let mut so = check_page(&sg[..], o.next, self.name())?;
            if so.prev == blk {
                so.prev = rblk;
                set_opaque(&mut sg[..], &so);
            }
        }
        Ok(SplitOutcome::Downlink {
            item: with_child(&sep, rblk),
            sk: ScanKey {
                key: sep_key,
                tid: Some(sep_tid),
                nextkey: false,
            },
        })
    }

    fn split_err(&self) -> common::PgError {
        pg_err!(
            INTERNAL_ERROR,
            "failed to add item to the index page of \"{}\" during split",
            self.name()
        )
    }
}

fn item_at<'a>(g: &'a BufferWriteGuard<'_>, off: u16) -> PgResult<&'a [u8]> {
    item(&g[..], off)
}

/// Choose split index k (left = items[..k], right = items[k..]) such that both pages fit,
/// aiming at a 50/50 split, or at a 90% (leaf) / 70% (internal) full left page when the
/// rightmost page splits (ascending inserts).
fn choose_split(
    items: &[Vec<u8>],
    old_hikey: Option<&[u8]>,
    leaf: bool,
    rightmost: bool,
) -> Option<usize> {
    let n = items.len();
    if n < 2 {
        return None;
    }
    let sizes: Vec<usize> = items.iter().map(|i| item_space(i.len())).collect();
    let total: usize = sizes.iter().sum();
    let hik = old_hikey.map_or(0, |h| item_space(h.len()));
    let target = if rightmost {
        if leaf {
            PAGE_CAPACITY * 90 / 100
        } else {
            PAGE_CAPACITY * 70 / 100
        }
    } else {
        (total + hik) / 2
    };
    let mut best: Option<(usize, usize)> = None;
    let mut left = 0usize;
    for k in 1..n {
        left += sizes[k - 1];
        let lsize = left + sizes[k];
        let first_right = if leaf { sizes[k] } else { item_space(ITEM_HDR) };
        let rsize = hik + first_right + (total - left - sizes[k]);
        if lsize > PAGE_CAPACITY || rsize > PAGE_CAPACITY {
            continue;
        }
        let dist = lsize.abs_diff(target);
        if best.is_none_or(|(_, d)| dist < d) {
            best = Some((k, dist));
        }
    }
    best.map(|(k, _)| k)
}
