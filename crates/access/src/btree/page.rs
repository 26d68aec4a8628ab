//! On-page format of B-tree index pages. Standard 8 KB pages (PostgreSQL page header, line
//! pointers, items from the end) with a 16-byte special area (prev/next sibling links, level,
//! flags, cycle id — PostgreSQL's BTPageOpaqueData shape). On a non-rightmost page, item 1 is
//! the high key (every item on the page sorts strictly below it); data items follow in order.
//! Block 0 is the metapage (magic, version, root block, root level) stored after the header.
//!
//! Item layout: heap TID block (u32) and offset (u16), flags (u16; bit 0 = no key, i.e. the
//! "minus infinity" first downlink of an internal page), child block (u32; downlinks only),
//! then the key datums in `codec` encoding. Entries are unique by (key, TID); separators and
//! high keys carry the TID of the item they were copied from.

use super::codec;
use crate::ItemPointer;
use common::{pg_err, PgResult};
use storage::page::*;
use storage::BLCKSZ;

/// Size of the special area.
pub const SPECIAL_SIZE: usize = 16;
/// Page flags (PostgreSQL's values).
pub const BTP_LEAF: u16 = 1;
pub const BTP_ROOT: u16 = 2;
pub const BTP_META: u16 = 8;
/// "No block" in sibling links (block 0 is the metapage, never a sibling).
pub const P_NONE: u32 = 0;
/// Metapage magic and version.
pub const BTREE_MAGIC: u32 = 0x053162;
pub const BTREE_VERSION: u32 = 2;
/// Item header size.
pub const ITEM_HDR: usize = 12;
/// Largest index item (PostgreSQL 10's BTMaxItemSize for 8 KB pages): three fit on a page.
pub const MAX_ITEM_SIZE: usize = 2712;
/// Usable bytes of a page for line pointers + items.
pub const PAGE_CAPACITY: usize = BLCKSZ - SIZE_OF_PAGE_HEADER - SPECIAL_SIZE;
const FLAG_NOKEY: u16 = 1;

#[inline]
fn get_u16(p: &[u8], o: usize) -> u16 {
    u16::from_le_bytes([p[o], p[o + 1]])
}
#[inline]
fn get_u32(p: &[u8], o: usize) -> u32 {
    u32::from_le_bytes([p[o], p[o + 1], p[o + 2], p[o + 3]])
}
#[inline]
fn put_u16(p: &mut [u8], o: usize, v: u16) {
    p[o..o + 2].copy_from_slice(&v.to_le_bytes());
}
#[inline]
fn put_u32(p: &mut [u8], o: usize, v: u32) {
    p[o..o + 4].copy_from_slice(&v.to_le_bytes());
}

/// The special area of a B-tree page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Opaque {
    pub prev: u32,
    pub next: u32,
    pub level: u32,
    pub flags: u16,
}

impl Opaque {
    pub fn is_leaf(&self) -> bool {
        self.level == 0
    }
    pub fn is_rightmost(&self) -> bool {
        self.next == P_NONE
    }
    pub fn is_root(&self) -> bool {
        self.flags & BTP_ROOT != 0
    }
}

fn special_start(page: &[u8]) -> usize {
    (page_special(page) as usize).min(BLCKSZ - SPECIAL_SIZE)
}

/// Read the special area.
pub fn opaque(page: &[u8]) -> Opaque {
    let s = special_start(page);
    Opaque {
        prev: get_u32(page, s),
        next: get_u32(page, s + 4),
        level: get_u32(page, s + 8),
        flags: get_u16(page, s + 12),
    }
}

/// Overwrite the special area.
pub fn set_opaque(page: &mut [u8], o: &Opaque) {
    let s = special_start(page);
    put_u32(page, s, o.prev);
    put_u32(page, s + 4, o.next);
    put_u32(page, s + 8, o.level);
    put_u16(page, s + 12, o.flags);
    put_u16(page, s + 14, 0);
}

/// Check that a page read from the index looks like a B-tree page.
pub fn check_page(page: &[u8], blk: u32, name: &str) -> PgResult<Opaque> {
    if page_is_new(page) || page_special(page) as usize != BLCKSZ - SPECIAL_SIZE {
        return Err(pg_err!(
            INDEX_CORRUPTED,
            "index \"{}\" contains unexpected zero page at block {}",
            name,
            blk
        ));
    }
    Ok(opaque(page))
}

/// Offset of the first data item.
#[inline]
pub fn first_data(o: &Opaque) -> u16 {
    if o.is_rightmost() {
        1
    } else {
        2
    }
}

/// Build a page image with the given special area and items (in order). None if they do
/// not fit.
pub fn build_page(o: &Opaque, items: &[&[u8]]) -> Option<Box<[u8; BLCKSZ]>> {
    let mut p = Box::new([0u8; BLCKSZ]);
    page_init(&mut p[..], SPECIAL_SIZE);
    set_opaque(&mut p[..], o);
    for it in items {
        page_add_item(&mut p[..], it, usize::MAX)?;
    }
    Some(p)
}

/// Remove line pointer `off` and its item in place (PageIndexTupleDelete): later line pointers
/// move down one slot, and the items stored below the removed one move up by its aligned size,
/// so the page stays compact. False (page untouched) if `off` is out of range or malformed.
pub fn delete_item_at(page: &mut [u8], off: u16) -> bool {
    let n = max_offset_number(page);
    let Some(id) = item_id(page, off) else {
        return false;
    };
    let lower = page_lower(page) as usize;
    let upper = page_upper(page) as usize;
    let start = id.off as usize;
    let size = maxalign(id.len as usize);
    if !id.has_storage() || start < upper || start + size > page_special(page) as usize {
        return false;
    }
    page.copy_within(upper..start, upper + size);
    page[upper..upper + size].fill(0);
    let lp = SIZE_OF_PAGE_HEADER + (off as usize - 1) * ITEM_ID_SIZE;
    page.copy_within(lp + ITEM_ID_SIZE..lower, lp);
    page[lower - ITEM_ID_SIZE..lower].fill(0);
    put_u16(page, 12, (lower - ITEM_ID_SIZE) as u16);
    put_u16(page, 14, (upper + size) as u16);
    for o in 1..n {
        if let Some(mut other) = item_id(page, o) {
            if other.has_storage() && (other.off as usize) < start {
                other.off += size as u16;
                set_item_id(page, o, other);
            }
        }
    }
    true
}

/// Bytes an item occupies on a page including its line pointer.
#[inline]
pub fn item_space(len: usize) -> usize {
    maxalign(len) + ITEM_ID_SIZE
}

/// Insert `item` so that it becomes line pointer `off` (shifting later ones). False if the
/// page lacks room.
pub fn insert_item_at(page: &mut [u8], off: u16, item: &[u8]) -> bool {
    let n = max_offset_number(page);
    let aligned = maxalign(item.len());
    if off == 0 || off > n + 1 || item.len() > 0x7fff || page_free_space(page) < aligned {
        return false;
    }
    let lower = page_lower(page) as usize;
    let upper = page_upper(page) as usize;
    let new_upper = upper - aligned;
    page[new_upper..new_upper + item.len()].copy_from_slice(item);
    page[new_upper + item.len()..upper].fill(0);
    let start = SIZE_OF_PAGE_HEADER + (off as usize - 1) * ITEM_ID_SIZE;
    page.copy_within(start..lower, start + ITEM_ID_SIZE);
    let id = ItemId {
        off: new_upper as u16,
        flags: LP_NORMAL,
        len: item.len() as u16,
    };
    put_u32(page, start, id.pack());
    put_u16(page, 12, (lower + ITEM_ID_SIZE) as u16);
    put_u16(page, 14, new_upper as u16);
    true
}

/// The item at `off`, or an index-corruption error.
pub fn item(page: &[u8], off: u16) -> PgResult<&[u8]> {
    get_item(page, off)
        .filter(|b| b.len() >= ITEM_HDR)
        .ok_or_else(|| pg_err!(INDEX_CORRUPTED, "invalid index item at offset {}", off))
}

/// Encode an item: TID, child block (downlinks; 0 on leaves) and key (None = minus infinity).
pub fn encode_item(
    tid: ItemPointer,
    child: u32,
    key: Option<&[types::Datum]>,
) -> PgResult<Vec<u8>> {
    let mut out = Vec::with_capacity(ITEM_HDR + 16);
    out.extend_from_slice(&tid.block.to_le_bytes());
    out.extend_from_slice(&tid.offset.to_le_bytes());
    out.extend_from_slice(&(if key.is_none() { FLAG_NOKEY } else { 0u16 }).to_le_bytes());
    out.extend_from_slice(&child.to_le_bytes());
    if let Some(k) = key {
        for d in k {
            codec::encode_datum(&mut out, d)?;
        }
    }
    Ok(out)
}

/// The TID of an item.
#[inline]
pub fn item_tid(b: &[u8]) -> ItemPointer {
    ItemPointer {
        block: get_u32(b, 0),
        offset: get_u16(b, 4),
    }
}

/// True for the key-less first downlink of an internal page.
#[inline]
pub fn item_nokey(b: &[u8]) -> bool {
    get_u16(b, 6) & FLAG_NOKEY != 0
}

/// The child block of a downlink.
#[inline]
pub fn item_child(b: &[u8]) -> u32 {
    get_u32(b, 8)
}

/// A copy of `b` with its child block replaced.
pub fn with_child(b: &[u8], child: u32) -> Vec<u8> {
    let mut v = b.to_vec();
    put_u32(&mut v, 8, child);
    v
}

/// A key-less ("minus infinity") downlink to the child of `b`.
pub fn strip_key(b: &[u8]) -> Vec<u8> {
    let mut v = b[..ITEM_HDR].to_vec();
    put_u16(&mut v, 6, FLAG_NOKEY);
    v
}

/// The encoded key bytes of an item.
#[inline]
pub fn item_key_bytes(b: &[u8]) -> &[u8] {
    &b[ITEM_HDR.min(b.len())..]
}

/// Decode an item's key.
pub fn item_key(b: &[u8]) -> PgResult<Vec<types::Datum>> {
    codec::decode_all(item_key_bytes(b))
}

/// Metapage contents.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Meta {
    pub root: u32,
    pub level: u32,
}

const META_OFF: usize = SIZE_OF_PAGE_HEADER;

/// Build a metapage image.
pub fn meta_page(m: &Meta) -> Box<[u8; BLCKSZ]> {
    let mut p = Box::new([0u8; BLCKSZ]);
    page_init(&mut p[..], SPECIAL_SIZE);
    set_opaque(
        &mut p[..],
        &Opaque {
            flags: BTP_META,
            ..Opaque::default()
        },
    );
    write_meta(&mut p[..], m);
    p
}

/// Update the metapage fields (magic, version, root, level, fastroot, fastlevel).
pub fn write_meta(p: &mut [u8], m: &Meta) {
    put_u32(p, META_OFF, BTREE_MAGIC);
    put_u32(p, META_OFF + 4, BTREE_VERSION);
    put_u32(p, META_OFF + 8, m.root);
    put_u32(p, META_OFF + 12, m.level);
    put_u32(p, META_OFF + 16, m.root);
    put_u32(p, META_OFF + 20, m.level);
    put_u16(p, 12, (META_OFF + 24) as u16);
}

/// Read the metapage fields.
pub fn read_meta(p: &[u8], name: &str) -> PgResult<Meta> {
    if opaque(p).flags & BTP_META == 0 || get_u32(p, META_OFF) != BTREE_MAGIC {
        return Err(pg_err!(
            INDEX_CORRUPTED,
            "index \"{}\" is not a btree",
            name
        ));
    }
    let v = get_u32(p, META_OFF + 4);
    if v != BTREE_VERSION {
        return Err(pg_err!(
            INDEX_CORRUPTED,
            "version mismatch in index \"{}\": file version {}, current version {}, minimal supported version {}",
            name,
            v,
            BTREE_VERSION,
            BTREE_VERSION
        ));
    }
    Ok(Meta {
        root: get_u32(p, META_OFF + 8),
        level: get_u32(p, META_OFF + 12),
    })
}
