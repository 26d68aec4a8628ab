//! The B-tree index access method: a Lehman-Yao B+tree (high keys and right links, so readers
//! never miss entries during concurrent splits) stored in the index relation's own 8 KB pages
//! through the shared buffer manager, so page changes are WAL-logged exactly like heap pages.
//! Keys are multi-column `Datum` vectors ordered by a caller-supplied `KeyOrder` (per-column
//! direction and NULL placement); entries are unique by (key, heap TID), so duplicates of a key
//! are ordered by TID. `page` owns the on-page format, `codec` the key encoding, `insert` the
//! insertion/split path, `scan` the range scans, `build` the bottom-up bulk load, `vacuum`
//! the bulk delete.

pub mod build;
pub mod codec;
pub mod insert;
pub mod page;
pub mod scan;
pub mod vacuum;

#[cfg(test)]
mod tests;

use crate::ItemPointer;
use common::{pg_err, Interrupts, Oid, PgResult};
use page::*;
use std::cmp::Ordering;
use std::sync::Arc;
use storage::{BufferRef, RelFileNode, Storage};
use types::Datum;

pub use scan::BTreeScan;

/// A heap tuple address stored in index entries.
pub type Tid = ItemPointer;

/// Ordering of one key column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyColumn {
    /// The column's SQL type (values are compared with `types::compare`).
    pub type_oid: Oid,
    /// DESC column.
    pub descending: bool,
    /// NULLS FIRST (the default is NULLS LAST for ASC and NULLS FIRST for DESC).
    pub nulls_first: bool,
}

impl KeyColumn {
    /// An ASC NULLS LAST column.
    pub fn asc(type_oid: Oid) -> KeyColumn {
        KeyColumn {
            type_oid,
            descending: false,
            nulls_first: false,
        }
    }
    /// A DESC NULLS FIRST column.
    pub fn desc(type_oid: Oid) -> KeyColumn {
        KeyColumn {
            type_oid,
            descending: true,
            nulls_first: true,
        }
    }
}

/// The index's sort order: one `KeyColumn` per key column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyOrder {
    pub cols: Vec<KeyColumn>,
}

impl KeyOrder {
    pub fn new(cols: Vec<KeyColumn>) -> KeyOrder {
        KeyOrder { cols }
    }

    /// All columns ASC NULLS LAST.
    pub fn asc(types: &[Oid]) -> KeyOrder {
        KeyOrder {
            cols: types.iter().map(|&t| KeyColumn::asc(t)).collect(),
        }
    }

    /// Number of key columns.
    pub fn ncols(&self) -> usize {
        self.cols.len()
    }

    /// Compare two values of column `i` in index order (NULLs placed per the column).
    pub fn compare_col(&self, i: usize, a: &Datum, b: &Datum) -> Ordering {
        let (desc, nf) = self
            .cols
            .get(i)
            .map_or((false, false), |c| (c.descending, c.nulls_first));
        match (a.is_null(), b.is_null()) {
            (true, true) => Ordering::Equal,
            (true, false) => {
                if nf {
                    Ordering::Less
                } else {
                    Ordering::Greater
                }
            }
            (false, true) => {
                if nf {
                    Ordering::Greater
                } else {
                    Ordering::Less
                }
            }
            (false, false) => {
                let o = compare_values(a, b);
                if desc {
                    o.reverse()
                } else {
                    o
                }
            }
        }
    }

    /// Compare two keys (or key prefixes) column by column over their common length.
    pub fn compare_keys(&self, a: &[Datum], b: &[Datum]) -> Ordering {
        for (i, (x, y)) in a.iter().zip(b.iter()).enumerate() {
            let o = self.compare_col(i, x, y);
            if o != Ordering::Equal {
                return o;
            }
        }
        Ordering::Equal
    }
}

/// `types::compare`, extended to integer-family and float-family values of different widths
/// (e.g. an int8 scan bound against an int4 column); other cross-type pairs must be cast by
/// the caller to the column type first.
fn compare_values(a: &Datum, b: &Datum) -> Ordering {
    // Fast path for the commonest keys (same result as `types::compare`).
    match (a, b) {
        (Datum::Int4(x), Datum::Int4(y)) => return x.cmp(y),
        (Datum::Int8(x), Datum::Int8(y)) => return x.cmp(y),
        _ => {}
    }
    if std::mem::discriminant(a) != std::mem::discriminant(b) {
        if let (Some(x), Some(y)) = (a.as_i64(), b.as_i64()) {
            return x.cmp(&y);
        }
        let num = |d: &Datum| d.as_f64().or_else(|| d.as_i64().map(|i| i as f64));
        if let (Some(x), Some(y)) = (num(a), num(b)) {
            return types::compare::compare(&Datum::Float8(x), &Datum::Float8(y));
        }
    }
    types::compare::compare(a, b)
}

/// A search key: a (possibly partial) key, optionally with a TID (for exact positioning of a
/// full key), and which side of equal-prefix entries it denotes.
#[derive(Clone, Debug)]
pub(crate) struct ScanKey {
    pub key: Vec<Datum>,
    pub tid: Option<Tid>,
    /// When the prefix equals an item's: false = the key sorts before such items, true = after.
    pub nextkey: bool,
}

struct Inner {
    storage: Arc<Storage>,
    rel: RelFileNode,
    order: KeyOrder,
    name: String,
    interrupts: Option<Interrupts>,
}

/// A B-tree index over one relation file. Cheap to clone; safe to share between threads.
#[derive(Clone)]
pub struct BTree {
    inner: Arc<Inner>,
}

/// Result of the index's ordering comparison between a search key and an item.
pub(crate) fn cmp_sk_item(order: &KeyOrder, sk: &ScanKey, item: &[u8]) -> PgResult<Ordering> {
    if item_nokey(item) {
        return Ok(Ordering::Greater);
    }
    let mut r = codec::Reader::new(item_key_bytes(item));
    for (i, k) in sk.key.iter().enumerate() {
        if let Some(o) = r.cmp_next_fast(k)? {
            let o = match order.cols.get(i) {
                Some(c) if c.descending => o.reverse(),
                _ => o,
            };
            if o != Ordering::Equal {
                return Ok(o);
            }
            continue;
        }
        let Some(v) = r.next_datum()? else {
            return Err(pg_err!(
                INDEX_CORRUPTED,
                "index item has too few key columns"
            ));
        };
        let o = order.compare_col(i, k, &v);
        if o != Ordering::Equal {
            return Ok(o);
        }
    }
    if let Some(t) = sk.tid {
        if sk.key.len() >= order.ncols() {
            return Ok(t.cmp(&item_tid(item)));
        }
    }
    Ok(if sk.nextkey {
        Ordering::Greater
    } else {
        Ordering::Less
    })
}

impl BTree {
    /// Open the B-tree stored in relation file `rel` (which the caller created), with key
    /// order `order`; `name` is the index name used in error messages.
    pub fn new(storage: &Arc<Storage>, rel: RelFileNode, order: KeyOrder, name: &str) -> BTree {
        BTree {
            inner: Arc::new(Inner {
                storage: storage.clone(),
                rel,
                order,
                name: name.to_string(),
                interrupts: None,
            }),
        }
    }

    /// The same index, checking `interrupts` (query cancel) in long loops (build, vacuum).
    pub fn with_interrupts(self, interrupts: &Interrupts) -> BTree {
        BTree {
            inner: Arc::new(Inner {
                storage: self.inner.storage.clone(),
                rel: self.inner.rel,
                order: self.inner.order.clone(),
                name: self.inner.name.clone(),
                interrupts: Some(interrupts.clone()),
            }),
        }
    }

    /// The key order.
    pub fn order(&self) -> &KeyOrder {
        &self.inner.order
    }

    /// The index name.
    pub fn name(&self) -> &str {
        &self.inner.name
    }

    /// The relation file.
    pub fn rel(&self) -> RelFileNode {
        self.inner.rel
    }

    pub(crate) fn check_interrupts(&self) -> PgResult<()> {
        match &self.inner.interrupts {
            Some(i) => i.check(),
            None => Ok(()),
        }
    }

    pub(crate) fn storage(&self) -> &Arc<Storage> {
        &self.inner.storage
    }

    pub(crate) fn pin(&self, blk: u32) -> PgResult<BufferRef> {
        self.inner.storage.read_buffer(self.inner.rel, blk)
    }

    /// (Re)initialise the index as empty: metapage at block 0 and an empty root leaf at
    /// block 1. Creates the relation file if needed and discards any previous contents.
    pub fn init_empty(&self) -> PgResult<()> {
        let st = &self.inner.storage;
        let rel = self.inner.rel;
        if !st.relation_exists(rel) {
            st.create_relation(rel)?;
        }
        if st.nblocks(rel)? > 0 {
            st.truncate_relation(rel, 0)?;
        }
        self.forget_root();
        let mb = st.extend_relation(rel)?;
        let rb = st.extend_relation(rel)?;
        let root = Opaque {
            prev: P_NONE,
            next: P_NONE,
            level: 0,
            flags: BTP_LEAF | BTP_ROOT,
        };
        let rp = build_page(&root, &[])
            .ok_or_else(|| pg_err!(INTERNAL_ERROR, "could not initialise btree root"))?;
        rb.write().copy_from_slice(&rp[..]);
        let mp = meta_page(&Meta {
            root: rb.block(),
            level: 0,
        });
        mb.write().copy_from_slice(&mp[..]);
        Ok(())
    }

    /// Same as `init_empty` (TRUNCATE / REINDEX of an empty table).
    pub fn reset(&self) -> PgResult<()> {
        self.init_empty()
    }

    /// Read the metapage.
    pub(crate) fn meta(&self) -> PgResult<Meta> {
        let b = self.pin(0)?;
        let g = b.read();
        read_meta(&g[..], &self.inner.name)
    }

    /// Check an entry's size against the per-item limit. The size reported is what
    /// PostgreSQL's index tuple for `key` would take (without compression) when that exceeds
    /// the limit, else our encoded item's size.
    pub(crate) fn check_item_size(&self, key: &[Datum], item: &[u8]) -> PgResult<()> {
        let pg = pg_index_tuple_size(&self.inner.order, key);
        let phys = storage::page::maxalign(item.len());
        let sz = if pg > MAX_ITEM_SIZE { pg } else { phys };
        if sz > MAX_ITEM_SIZE {
            return Err(pg_err!(
                PROGRAM_LIMIT_EXCEEDED,
                "index row size {} exceeds maximum {} for index \"{}\"",
                sz,
                MAX_ITEM_SIZE,
                self.inner.name
            )
            .with_hint(
                "Values larger than 1/3 of a buffer page cannot be indexed.\nConsider a function index of an MD5 hash of the value, or use full text indexing.",
            ));
        }
        Ok(())
    }

    pub(crate) fn check_key_len(&self, key: &[Datum]) -> PgResult<()> {
        if key.len() != self.inner.order.ncols() {
            return Err(pg_err!(
                INTERNAL_ERROR,
                "index \"{}\" has {} key columns, got {}",
                self.inner.name,
                self.inner.order.ncols(),
                key.len()
            ));
        }
        Ok(())
    }

    /// First offset in `[first, maxoff]` whose item is >= the search key (maxoff+1 if none).
    pub(crate) fn lower_bound(&self, p: &[u8], o: &Opaque, sk: &ScanKey) -> PgResult<u16> {
        self.bsearch(p, o, sk, |c| c != Ordering::Greater)
    }

    /// First offset whose item is > the search key (maxoff+1 if none).
    pub(crate) fn upper_bound(&self, p: &[u8], o: &Opaque, sk: &ScanKey) -> PgResult<u16> {
        self.bsearch(p, o, sk, |c| c == Ordering::Less)
    }

    fn bsearch(
        &self,
        p: &[u8],
        o: &Opaque,
        sk: &ScanKey,
        hit: impl Fn(Ordering) -> bool,
    ) -> PgResult<u16> {
        let mut lo = first_data(o);
        let mut hi = storage::page::max_offset_number(p) + 1;
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let c = cmp_sk_item(&self.inner.order, sk, item(p, mid)?)?;
            if hit(c) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        Ok(lo)
    }

    /// True if the search key belongs to a page right of this one (key >= high key).
    pub(crate) fn must_move_right(&self, p: &[u8], o: &Opaque, sk: &ScanKey) -> PgResult<bool> {
        if o.is_rightmost() {
            return Ok(false);
        }
        Ok(cmp_sk_item(&self.inner.order, sk, item(p, 1)?)? != Ordering::Less)
    }

    /// The root block and level: the cached copy (see `Storage::rel_hint`) if any, else
    /// read from the metapage (and cached). A cached root must be validated by the caller.
    fn root_hint(&self) -> PgResult<(Meta, bool)> {
        if let Some(h) = self.inner.storage.rel_hint(self.inner.rel) {
            return Ok((
                Meta {
                    root: (h >> 32) as u32,
                    level: h as u32,
                },
                true,
            ));
        }
        let m = self.meta()?;
        self.cache_root(&m);
        Ok((m, false))
    }

    fn cache_root(&self, m: &Meta) {
        self.inner.storage.set_rel_hint(
            self.inner.rel,
            (u64::from(m.root) << 32) | u64::from(m.level),
        );
    }

    /// Forget the cached root (after rebuilding the tree).
    pub(crate) fn forget_root(&self) {
        self.inner.storage.clear_rel_hint(self.inner.rel);
    }

    /// Descend from the root to the page at `target_level` that covers `sk`, moving right
    /// past concurrent splits. Only one page is locked at a time. If `stack` is given, it
    /// records the internal page visited at each level (`stack[level]`).
    pub(crate) fn descend(
        &self,
        sk: &ScanKey,
        target_level: u32,
        stack: Option<&mut Vec<u32>>,
    ) -> PgResult<u32> {
        self.descend_pinned(sk, target_level, stack).map(|(b, _)| b)
    }

    /// `descend`, also returning the target page still pinned (not locked), so the caller
    /// need not look it up in the buffer table again.
    ///
    /// The root comes from a per-relation cache instead of the metapage when possible: a
    /// cached root is trusted only if its page is still a B-tree page flagged as the root at
    /// the cached level (a root split clears the old root's flag under its exclusive lock
    /// before releasing it; truncation and unlinking drop the cache), else the metapage is
    /// read again.
    pub(crate) fn descend_pinned(
        &self,
        sk: &ScanKey,
        target_level: u32,
        mut stack: Option<&mut Vec<u32>>,
    ) -> PgResult<(u32, BufferRef)> {
        let (mut meta, mut cached) = self.root_hint()?;
        'restart: loop {
            if meta.level < target_level {
                if cached {
                    self.forget_root();
                    meta = self.meta()?;
                    self.cache_root(&meta);
                    cached = false;
                    continue 'restart;
                }
                return Err(pg_err!(
                    INDEX_CORRUPTED,
                    "index \"{}\" has no level {} (incomplete root split)",
                    self.inner.name,
                    target_level
                )
                .with_hint("Please REINDEX it."));
            }
            let mut blk = meta.root;
            let mut first = cached;
            loop {
                let buf = if first {
                    match self.pin(blk) {
                        Ok(b) => b,
                        Err(_) => {
                            self.forget_root();
                            meta = self.meta()?;
                            self.cache_root(&meta);
                            cached = false;
                            continue 'restart;
                        }
                    }
                } else {
                    self.pin(blk)?
                };
                let g = buf.read();
                if first {
                    first = false;
                    let valid = check_page(&g[..], blk, &self.inner.name)
                        .is_ok_and(|o| o.is_root() && o.level == meta.level);
                    if !valid {
                        drop(g);
                        drop(buf);
                        self.forget_root();
                        meta = self.meta()?;
                        self.cache_root(&meta);
                        cached = false;
                        continue 'restart;
                    }
                }
                let o = check_page(&g[..], blk, &self.inner.name)?;
                if self.must_move_right(&g[..], &o, sk)? {
                    blk = o.next;
                    continue;
                }
                if o.level <= target_level {
                    if o.level < target_level {
                        return Err(pg_err!(
                            INDEX_CORRUPTED,
                            "index \"{}\": unexpected level {} at block {}",
                            self.inner.name,
                            o.level,
                            blk
                        ));
                    }
                    drop(g);
                    return Ok((blk, buf));
                }
                if let Some(s) = stack.as_deref_mut() {
                    let l = o.level as usize;
                    if s.len() <= l {
                        s.resize(l + 1, P_NONE);
                    }
                    s[l] = blk;
                }
                let pos = self.upper_bound(&g[..], &o, sk)?;
                if pos <= first_data(&o) {
                    return Err(pg_err!(
                        INDEX_CORRUPTED,
                        "index \"{}\": internal page {} has no downlink",
                        self.inner.name,
                        blk
                    ));
                }
                let child = item_child(item(&g[..], pos - 1)?);
                if child == P_NONE {
                    return Err(pg_err!(
                        INDEX_CORRUPTED,
                        "index \"{}\": invalid downlink in block {}",
                        self.inner.name,
                        blk
                    ));
                }
                blk = child;
            }
        }
    }
}

/// Size of PostgreSQL's (uncompressed) index tuple for `key`: 8-byte header (16 with a null
/// bitmap), then each non-NULL value laid out by typlen/typalign with short varlena headers
/// where possible, MAXALIGNed.
pub fn pg_index_tuple_size(order: &KeyOrder, key: &[Datum]) -> usize {
    let align = |a: u8, off: usize| {
        let n = match a {
            b's' => 2,
            b'i' => 4,
            b'd' => 8,
            _ => 1,
        };
        (off + n - 1) & !(n - 1)
    };
    let mut off = if key.iter().any(|d| d.is_null()) {
        16
    } else {
        8
    };
    for (i, d) in key.iter().enumerate() {
        if d.is_null() {
            continue;
        }
        let oid = order.cols.get(i).map_or(types::oids::TEXT, |c| c.type_oid);
        let att = crate::AttrDesc::for_type(oid, -1);
        if att.len > 0 {
            off = align(att.align, off) + att.len as usize;
            continue;
        }
        let payload = match d {
            Datum::Text(s) => s.len(),
            Datum::Bytea(b) => b.len(),
            Datum::Numeric(n) => n.to_disk().len(),
            Datum::Array(a) => crate::tuple::encode_array(a).map_or(0, |v| v.len()),
            _ => 8,
        };
        // cstrings take payload + NUL; short varlenas a 1-byte header.
        if att.len == -2 || payload < 127 {
            off += payload + 1;
        } else {
            off = align(att.align, off) + payload + 4;
        }
    }
    storage::page::maxalign(off)
}
