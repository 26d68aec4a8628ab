//! Bulk load (CREATE INDEX / REINDEX): sort all entries in memory, then build the tree bottom
//! up, filling leaf pages to 90% and internal pages to 70% (PostgreSQL's fill factors) left to
//! right; each finished page's high key is the first entry of the next page, whose separator
//! goes to the level above. The top level's single page becomes the root.

use super::page::*;
use super::{BTree, Tid};
use common::{pg_err, PgResult};
use std::cmp::Ordering;
use types::Datum;

struct Level {
    blk: u32,
    prev: u32,
    items: Vec<Vec<u8>>,
    used: usize,
}

struct Builder<'a> {
    tree: &'a BTree,
    levels: Vec<Level>,
}

impl Builder<'_> {
    fn new_block(&self) -> PgResult<u32> {
        Ok(self
            .tree
            .storage()
            .extend_relation(self.tree.rel())?
            .block())
    }

    fn write_page(&self, blk: u32, o: &Opaque, items: &[&[u8]]) -> PgResult<()> {
        let p = build_page(o, items).ok_or_else(|| {
            pg_err!(
                INTERNAL_ERROR,
                "index \"{}\": page overflow during build",
                self.tree.name()
            )
        })?;
        let b = self.tree.pin(blk)?;
        b.write().copy_from_slice(&p[..]);
        Ok(())
    }

    fn ensure_level(&mut self, level: usize) -> PgResult<()> {
        while self.levels.len() <= level {
            let blk = self.new_block()?;
            self.levels.push(Level {
                blk,
                prev: P_NONE,
                items: Vec::new(),
                used: 0,
            });
        }
        Ok(())
    }

    /// Append `it` (leaf entry, or downlink at internal levels) to `level`.
    fn add(&mut self, level: usize, it: Vec<u8>) -> PgResult<()> {
        self.ensure_level(level)?;
        let sz = item_space(it.len());
        let limit = if level == 0 {
            PAGE_CAPACITY * 90 / 100
        } else {
            PAGE_CAPACITY * 70 / 100
        };
        let lv = &mut self.levels[level];
        if lv.items.is_empty() || lv.used + sz <= limit {
            lv.used += sz;
            lv.items.push(if level > 0 && lv.items.is_empty() {
                strip_key(&it)
            } else {
                it
            });
            return Ok(());
        }
        // Finish the current page. Its high key is the first item of the next page: `it`, or,
        // if `it` would not fit as high key, the page's last item (moved to the next page).
        let mut next_items = Vec::with_capacity(2);
        if lv.used + sz > PAGE_CAPACITY {
            if lv.items.len() < 2 {
                return Err(pg_err!(
                    INTERNAL_ERROR,
                    "index \"{}\": page overflow during build",
                    self.tree.name()
                ));
            }
            if let Some(last) = lv.items.pop() {
                lv.used -= item_space(last.len());
                next_items.push(last);
            }
        }
        next_items.push(it);
        let nblk = self.new_block()?;
        let (blk, prev, items) = {
            let lv = &mut self.levels[level];
            let items = std::mem::take(&mut lv.items);
            let r = (lv.blk, lv.prev, items);
            lv.prev = lv.blk;
            lv.blk = nblk;
            lv.used = 0;
            r
        };
        let hikey = next_items[0].clone();
        let o = Opaque {
            prev,
            next: nblk,
            level: level as u32,
            flags: if level == 0 { BTP_LEAF } else { 0 },
        };
        let mut list: Vec<&[u8]> = Vec::with_capacity(items.len() + 1);
        list.push(&hikey);
        list.extend(items.iter().map(|v| v.as_slice()));
        self.write_page(blk, &o, &list)?;
        if self.levels.len() == level + 1 {
            // First split at this level: the new level starts with a downlink to `blk`.
            self.ensure_level(level + 1)?;
            let first = strip_key(&encode_item(Tid::default(), blk, None)?);
            let up = &mut self.levels[level + 1];
            up.used += item_space(first.len());
            up.items.push(first);
        }
        self.add(level + 1, with_child(&hikey, nblk))?;
        for it in next_items {
            self.add(level, it)?;
        }
        Ok(())
    }

    /// Write the last page of every level (rightmost) and the metapage.
    fn finish(mut self) -> PgResult<()> {
        self.ensure_level(0)?;
        let top = self.levels.len() - 1;
        for (i, lv) in self.levels.iter().enumerate() {
            let mut flags = if i == 0 { BTP_LEAF } else { 0 };
            if i == top {
                flags |= BTP_ROOT;
            }
            let o = Opaque {
                prev: lv.prev,
                next: P_NONE,
                level: i as u32,
                flags,
            };
            let list: Vec<&[u8]> = lv.items.iter().map(|v| v.as_slice()).collect();
            self.write_page(lv.blk, &o, &list)?;
        }
        let m = meta_page(&Meta {
            root: self.levels[top].blk,
            level: top as u32,
        });
        let b = self.tree.pin(0)?;
        b.write().copy_from_slice(&m[..]);
        self.tree.forget_root();
        Ok(())
    }
}

impl BTree {
    /// Replace the index contents with `entries` (CREATE INDEX / REINDEX): sorts them in
    /// memory and loads the tree bottom up. Returns the number of entries. Duplicate
    /// (key, TID) pairs are stored once.
    pub fn build(
        &self,
        entries: impl IntoIterator<Item = PgResult<(Vec<Datum>, Tid)>>,
    ) -> PgResult<u64> {
        let mut all: Vec<(Vec<Datum>, Tid)> = Vec::new();
        for (n, e) in entries.into_iter().enumerate() {
            if n % 4096 == 0 {
                self.check_interrupts()?;
            }
            let (k, t) = e?;
            self.check_key_len(&k)?;
            all.try_reserve(1)
                .map_err(|_| pg_err!(OUT_OF_MEMORY, "out of memory"))?;
            all.push((k, t));
        }
        self.check_interrupts()?;
        let order = self.order().clone();
        all.sort_unstable_by(|a, b| match order.compare_keys(&a.0, &b.0) {
            Ordering::Equal => a.1.cmp(&b.1),
            o => o,
        });
        all.dedup_by(|a, b| a.1 == b.1 && order.compare_keys(&a.0, &b.0) == Ordering::Equal);
        self.load_sorted(all.into_iter().map(Ok))
    }

    /// Replace the index contents with `entries`, which the caller has already sorted in index
    /// order (key, then TID) and freed of duplicate (key, TID) pairs (CREATE INDEX after its own
    /// sort, e.g. on compact keys). An entry out of order is an internal error. Returns the
    /// number of entries.
    pub fn build_sorted<K: AsRef<[Datum]>>(
        &self,
        entries: impl IntoIterator<Item = PgResult<(K, Tid)>>,
    ) -> PgResult<u64> {
        let order = self.order().clone();
        let mut prev: Option<(Vec<u8>, Tid)> = None;
        let name = self.name().to_string();
        // Single integer keys (the usual primary key) are checked without the codec.
        let mut prev_int: Option<i64> = None;
        let checked = entries.into_iter().map(move |e| {
            let (k, t) = e?;
            let cur_int = single_int_key(k.as_ref());
            // Check the order against the previous key, kept encoded in a reused buffer (the
            // codec reader allocates nothing for fixed-width types).
            if let Some((pk, pt)) = &prev {
                let c = match (prev_int, cur_int) {
                    (Some(p), Some(c)) => order.compare_col(0, &Datum::Int8(p), &Datum::Int8(c)),
                    _ => cmp_encoded_key(&order, pk, k.as_ref())?,
                };
                if c == Ordering::Greater || (c == Ordering::Equal && *pt >= t) {
                    return Err(pg_err!(
                        INTERNAL_ERROR,
                        "index \"{}\": build input out of order",
                        name
                    ));
                }
            }
            let mut enc = prev.take().map(|(v, _)| v).unwrap_or_default();
            enc.clear();
            for d in k.as_ref() {
                super::codec::encode_datum(&mut enc, d)?;
            }
            prev = Some((enc, t));
            prev_int = cur_int;
            Ok((k, t))
        });
        self.load_sorted(checked)
    }

    /// Bottom-up load of sorted, duplicate-free entries.
    fn load_sorted<K: AsRef<[Datum]>>(
        &self,
        entries: impl Iterator<Item = PgResult<(K, Tid)>>,
    ) -> PgResult<u64> {
        self.init_empty()?;
        let st = self.storage();
        // Drop the empty root leaf init_empty made: the builder allocates its own pages.
        st.truncate_relation(self.rel(), 1)?;
        let mut b = Builder {
            tree: self,
            levels: Vec::new(),
        };
        let mut count = 0u64;
        for (n, e) in entries.enumerate() {
            if n % 4096 == 0 {
                self.check_interrupts()?;
            }
            let (k, t) = e?;
            let k = k.as_ref();
            self.check_key_len(k)?;
            let it = encode_item(t, 0, Some(k))?;
            self.check_item_size(k, &it)?;
            b.add(0, it)?;
            count += 1;
        }
        b.finish()?;
        Ok(count)
    }
}

/// The value of a one-column int2/int4/int8 key (compared as i64, which orders them exactly
/// as the types' own comparison does).
fn single_int_key(k: &[Datum]) -> Option<i64> {
    match k {
        [Datum::Int2(v)] => Some(i64::from(*v)),
        [Datum::Int4(v)] => Some(i64::from(*v)),
        [Datum::Int8(v)] => Some(*v),
        _ => None,
    }
}

/// Compare an encoded key (`codec` bytes) with a decoded one in index order.
fn cmp_encoded_key(order: &super::KeyOrder, enc: &[u8], key: &[Datum]) -> PgResult<Ordering> {
    let mut r = super::codec::Reader::new(enc);
    for (i, k) in key.iter().enumerate() {
        let Some(v) = r.next_datum()? else {
            return Ok(Ordering::Less);
        };
        let o = order.compare_col(i, &v, k);
        if o != Ordering::Equal {
            return Ok(o);
        }
    }
    Ok(Ordering::Equal)
}

#[cfg(test)]
mod fast_path_tests {
    use super::*;
    use crate::btree::{KeyColumn, KeyOrder};
    use types::oids::*;

    /// The integer fast paths order keys exactly as the general (codec + generic compare)
    /// path does, ascending and descending, nulls included.
    #[test]
    fn int_key_fast_path_matches_general_compare() {
        let vals: Vec<i64> = vec![i64::MIN, -70000, -1, 0, 1, 2, 65535, 70000, i64::MAX];
        for typ in [INT2, INT4, INT8] {
            for desc in [false, true] {
                let mut col = KeyColumn::asc(typ);
                col.descending = desc;
                let order = KeyOrder::new(vec![col]);
                let mk = |v: i64| match typ {
                    INT2 => Datum::Int2(v.clamp(-32768, 32767) as i16),
                    INT4 => Datum::Int4(v.clamp(i32::MIN as i64, i32::MAX as i64) as i32),
                    _ => Datum::Int8(v),
                };
                for &a in &vals {
                    for &b in &vals {
                        let (da, db) = (mk(a), mk(b));
                        let mut enc = Vec::new();
                        crate::btree::codec::encode_datum(&mut enc, &da).unwrap();
                        let general =
                            cmp_encoded_key(&order, &enc, std::slice::from_ref(&db)).unwrap();
                        let fa = single_int_key(std::slice::from_ref(&da)).unwrap();
                        let fb = single_int_key(std::slice::from_ref(&db)).unwrap();
                        let fast = order.compare_col(0, &Datum::Int8(fa), &Datum::Int8(fb));
                        assert_eq!(fast, general, "{typ} {desc} {a} {b}");
                        assert_eq!(
                            crate::btree::compare_values(&da, &db),
                            types::compare::compare(&da, &db),
                            "{a} {b}"
                        );
                    }
                }
            }
        }
        assert_eq!(single_int_key(&[Datum::Null]), None);
        assert_eq!(single_int_key(&[Datum::Int4(1), Datum::Int4(2)]), None);
    }
}
