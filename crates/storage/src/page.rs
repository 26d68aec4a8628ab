//! Page layout: PostgreSQL 10's 8 KB page format, byte for byte. A 24-byte `PageHeaderData`
//! (pd_lsn, pd_checksum, pd_flags, pd_lower, pd_upper, pd_special, pd_pagesize_version,
//! pd_prune_xid), an array of 4-byte `ItemIdData` line pointers growing forward from the header,
//! item data growing backward from `pd_special`, MAXALIGN(8)-aligned. All integers are
//! little-endian (as PostgreSQL writes them on x86). Functions take the raw page bytes.

use crate::BLCKSZ;

/// Offset number of a line pointer (1-based).
pub type OffsetNumber = u16;

/// Size of `PageHeaderData`.
pub const SIZE_OF_PAGE_HEADER: usize = 24;
/// Size of one `ItemIdData` line pointer.
pub const ITEM_ID_SIZE: usize = 4;
/// MAXALIGN boundary on 64-bit platforms.
pub const MAXIMUM_ALIGNOF: usize = 8;
/// `PG_PAGE_LAYOUT_VERSION` of PostgreSQL 8.3 and later.
pub const PG_PAGE_LAYOUT_VERSION: u16 = 4;

/// Line pointer states (lp_flags).
pub const LP_UNUSED: u8 = 0;
pub const LP_NORMAL: u8 = 1;
pub const LP_REDIRECT: u8 = 2;
pub const LP_DEAD: u8 = 3;

/// pd_flags bits.
pub const PD_HAS_FREE_LINES: u16 = 0x0001;
pub const PD_PAGE_FULL: u16 = 0x0002;
pub const PD_ALL_VISIBLE: u16 = 0x0004;
pub const PD_VALID_FLAG_BITS: u16 = 0x0007;

/// MaxHeapTuplesPerPage: (BLCKSZ - header) / (MAXALIGN(23) + line pointer) = 291.
pub const MAX_HEAP_TUPLES_PER_PAGE: usize =
    (BLCKSZ - SIZE_OF_PAGE_HEADER) / (maxalign(23) + ITEM_ID_SIZE);
/// MaxHeapTupleSize: the largest heap tuple that fits on an empty page (8160).
pub const MAX_HEAP_TUPLE_SIZE: usize = BLCKSZ - maxalign(SIZE_OF_PAGE_HEADER + ITEM_ID_SIZE);

/// Round `len` up to a multiple of 8 (MAXALIGN).
#[inline]
pub const fn maxalign(len: usize) -> usize {
    (len + MAXIMUM_ALIGNOF - 1) & !(MAXIMUM_ALIGNOF - 1)
}

#[inline]
fn get_u16(p: &[u8], off: usize) -> u16 {
    u16::from_le_bytes([p[off], p[off + 1]])
}
#[inline]
fn put_u16(p: &mut [u8], off: usize, v: u16) {
    p[off..off + 2].copy_from_slice(&v.to_le_bytes());
}
#[inline]
fn get_u32(p: &[u8], off: usize) -> u32 {
    u32::from_le_bytes([p[off], p[off + 1], p[off + 2], p[off + 3]])
}
#[inline]
fn put_u32(p: &mut [u8], off: usize, v: u32) {
    p[off..off + 4].copy_from_slice(&v.to_le_bytes());
}

/// A decoded line pointer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct ItemId {
    /// Offset of the item from the start of the page.
    pub off: u16,
    /// LP_UNUSED, LP_NORMAL, LP_REDIRECT or LP_DEAD.
    pub flags: u8,
    /// Length of the item in bytes.
    pub len: u16,
}

impl ItemId {
    /// Pack as PostgreSQL's bit fields: lp_off bits 0-14, lp_flags 15-16, lp_len 17-31.
    #[inline]
    pub fn pack(self) -> u32 {
        (self.off as u32 & 0x7fff)
            | ((self.flags as u32 & 3) << 15)
            | ((self.len as u32 & 0x7fff) << 17)
    }
    #[inline]
    pub fn unpack(v: u32) -> ItemId {
        ItemId {
            off: (v & 0x7fff) as u16,
            flags: ((v >> 15) & 3) as u8,
            len: ((v >> 17) & 0x7fff) as u16,
        }
    }
    #[inline]
    pub fn is_normal(&self) -> bool {
        self.flags == LP_NORMAL
    }
    #[inline]
    pub fn is_used(&self) -> bool {
        self.flags != LP_UNUSED
    }
    /// True if the line pointer has storage (normal or dead with a length).
    #[inline]
    pub fn has_storage(&self) -> bool {
        self.len > 0
    }
}

/// Initialise an empty page with `special_size` bytes of special space (0 for heap pages).
pub fn page_init(page: &mut [u8], special_size: usize) {
    let special = BLCKSZ - maxalign(special_size);
    page[..BLCKSZ].fill(0);
    put_u16(page, 12, SIZE_OF_PAGE_HEADER as u16);
    put_u16(page, 14, special as u16);
    put_u16(page, 16, special as u16);
    put_u16(page, 18, BLCKSZ as u16 | PG_PAGE_LAYOUT_VERSION);
}

/// PageIsNew: a page that was never initialised (all zeros, pd_upper == 0).
#[inline]
pub fn page_is_new(page: &[u8]) -> bool {
    get_u16(page, 14) == 0
}

/// PageIsVerified-style sanity check of a page read from disk: the header is plausible, or the
/// page is entirely zero.
pub fn page_is_valid(page: &[u8]) -> bool {
    if page.len() < BLCKSZ {
        return false;
    }
    if !page_is_new(page) {
        let flags = page_flags(page);
        let lower = page_lower(page) as usize;
        let upper = page_upper(page) as usize;
        let special = page_special(page) as usize;
        return flags & !PD_VALID_FLAG_BITS == 0
            && lower >= SIZE_OF_PAGE_HEADER
            && lower <= upper
            && upper <= special
            && special <= BLCKSZ
            && special == maxalign(special);
    }
    page[..BLCKSZ].iter().all(|&b| b == 0)
}

/// pd_lsn as a 64-bit LSN (stored as xlogid (high 32 bits) then xrecoff, each little-endian).
#[inline]
pub fn page_lsn(page: &[u8]) -> u64 {
    ((get_u32(page, 0) as u64) << 32) | get_u32(page, 4) as u64
}
#[inline]
pub fn set_page_lsn(page: &mut [u8], lsn: u64) {
    put_u32(page, 0, (lsn >> 32) as u32);
    put_u32(page, 4, lsn as u32);
}
#[inline]
pub fn page_checksum(page: &[u8]) -> u16 {
    get_u16(page, 8)
}
#[inline]
pub fn page_flags(page: &[u8]) -> u16 {
    get_u16(page, 10)
}
#[inline]
pub fn set_page_flags(page: &mut [u8], flags: u16) {
    put_u16(page, 10, flags)
}
#[inline]
pub fn page_lower(page: &[u8]) -> u16 {
    get_u16(page, 12)
}
#[inline]
pub fn page_upper(page: &[u8]) -> u16 {
    get_u16(page, 14)
}
#[inline]
pub fn page_special(page: &[u8]) -> u16 {
    get_u16(page, 16)
}
#[inline]
pub fn page_size_version(page: &[u8]) -> u16 {
    get_u16(page, 18)
}
#[inline]
pub fn page_prune_xid(page: &[u8]) -> u32 {
    get_u32(page, 20)
}
#[inline]
pub fn set_page_prune_xid(page: &mut [u8], xid: u32) {
    put_u32(page, 20, xid)
}
#[inline]
fn set_lower(page: &mut [u8], v: usize) {
    put_u16(page, 12, v as u16)
}
#[inline]
fn set_upper(page: &mut [u8], v: usize) {
    put_u16(page, 14, v as u16)
}

/// PageGetMaxOffsetNumber: number of line pointers.
#[inline]
pub fn max_offset_number(page: &[u8]) -> OffsetNumber {
    let lower = page_lower(page) as usize;
    if lower <= SIZE_OF_PAGE_HEADER {
        0
    } else {
        ((lower - SIZE_OF_PAGE_HEADER) / ITEM_ID_SIZE) as OffsetNumber
    }
}

/// The line pointer at 1-based `off` (None if out of range).
#[inline]
pub fn item_id(page: &[u8], off: OffsetNumber) -> Option<ItemId> {
    if off == 0 || off > max_offset_number(page) {
        return None;
    }
    let pos = SIZE_OF_PAGE_HEADER + (off as usize - 1) * ITEM_ID_SIZE;
    Some(ItemId::unpack(get_u32(page, pos)))
}

/// Overwrite the line pointer at `off` (must be within range).
#[inline]
pub fn set_item_id(page: &mut [u8], off: OffsetNumber, id: ItemId) {
    if off == 0 || off > max_offset_number(page) {
        return;
    }
    let pos = SIZE_OF_PAGE_HEADER + (off as usize - 1) * ITEM_ID_SIZE;
    put_u32(page, pos, id.pack());
}

/// Change only the lp_flags of the line pointer at `off`.
pub fn set_item_flags(page: &mut [u8], off: OffsetNumber, flags: u8) {
    if let Some(mut id) = item_id(page, off) {
        id.flags = flags;
        set_item_id(page, off, id);
    }
}

/// Mark the line pointer at `off` unused (ItemIdSetUnused) and note that the page has free
/// line pointers. The item's space is reclaimed by `page_repair_fragmentation`.
pub fn set_item_unused(page: &mut [u8], off: OffsetNumber) {
    if item_id(page, off).is_some() {
        set_item_id(page, off, ItemId::default());
        set_page_flags(page, page_flags(page) | PD_HAS_FREE_LINES);
    }
}

/// Mark the line pointer at `off` dead (ItemIdSetDead): no storage, slot not reusable yet.
pub fn set_item_dead(page: &mut [u8], off: OffsetNumber) {
    if item_id(page, off).is_some() {
        set_item_id(
            page,
            off,
            ItemId {
                off: 0,
                flags: LP_DEAD,
                len: 0,
            },
        );
    }
}

/// The bytes of the item at `off`, if it has storage and lies within the page.
#[inline]
pub fn get_item(page: &[u8], off: OffsetNumber) -> Option<&[u8]> {
    let id = item_id(page, off)?;
    if !id.has_storage() {
        return None;
    }
    let start = id.off as usize;
    let end = start + id.len as usize;
    if start < SIZE_OF_PAGE_HEADER || end > BLCKSZ {
        return None;
    }
    page.get(start..end)
}

/// Mutable bytes of the item at `off`.
#[inline]
pub fn get_item_mut(page: &mut [u8], off: OffsetNumber) -> Option<&mut [u8]> {
    let id = item_id(page, off)?;
    if !id.has_storage() {
        return None;
    }
    let start = id.off as usize;
    let end = start + id.len as usize;
    if start < SIZE_OF_PAGE_HEADER || end > BLCKSZ {
        return None;
    }
    page.get_mut(start..end)
}

/// PageGetFreeSpace: bytes between pd_lower and pd_upper, less one line pointer.
#[inline]
pub fn page_free_space(page: &[u8]) -> usize {
    let space = page_upper(page) as isize - page_lower(page) as isize;
    if space < ITEM_ID_SIZE as isize {
        0
    } else {
        space as usize - ITEM_ID_SIZE
    }
}

/// PageGetHeapFreeSpace: like `page_free_space`, but 0 when no more line pointers may be added
/// (MaxHeapTuplesPerPage reached and no unused line pointer to recycle).
pub fn page_heap_free_space(page: &[u8]) -> usize {
    let space = page_free_space(page);
    if space > 0 {
        let nline = max_offset_number(page) as usize;
        if nline >= MAX_HEAP_TUPLES_PER_PAGE {
            if page_flags(page) & PD_HAS_FREE_LINES != 0 {
                let any_unused = (1..=nline as OffsetNumber)
                    .any(|o| item_id(page, o).is_some_and(|id| !id.is_used()));
                if !any_unused {
                    return 0;
                }
            } else {
                return 0;
            }
        }
    }
    space
}

/// PageAddItem (heap flavour, no overwrite): store `item` in the page and return its offset
/// number, reusing an LP_UNUSED line pointer when the page has some; None if it does not fit.
/// `max_items` caps the number of line pointers (MAX_HEAP_TUPLES_PER_PAGE for heap pages).
pub fn page_add_item(page: &mut [u8], item: &[u8], max_items: usize) -> Option<OffsetNumber> {
    let lower = page_lower(page) as usize;
    let upper = page_upper(page) as usize;
    let special = page_special(page) as usize;
    if lower < SIZE_OF_PAGE_HEADER || lower > upper || upper > special || special > BLCKSZ {
        return None;
    }
    let limit = max_offset_number(page);
    // Look for a recyclable line pointer.
    let mut offset: OffsetNumber = 0;
    if page_flags(page) & PD_HAS_FREE_LINES != 0 {
        for o in 1..=limit {
            if let Some(id) = item_id(page, o) {
                if !id.is_used() && !id.has_storage() {
                    offset = o;
                    break;
                }
            }
        }
        if offset == 0 {
            // The hint was wrong: clear it.
            set_page_flags(page, page_flags(page) & !PD_HAS_FREE_LINES);
        }
    }
    let needs_new_lp = offset == 0;
    if needs_new_lp {
        if limit as usize >= max_items {
            return None;
        }
        offset = limit + 1;
    }
    let aligned = maxalign(item.len());
    let new_lower = if needs_new_lp {
        lower + ITEM_ID_SIZE
    } else {
        lower
    };
    if item.len() > 0x7fff || aligned > upper || new_lower > upper - aligned {
        return None;
    }
    let new_upper = upper - aligned;
    page[new_upper..new_upper + item.len()].copy_from_slice(item);
    page[new_upper + item.len()..new_upper + aligned].fill(0);
    set_lower(page, new_lower);
    set_upper(page, new_upper);
    set_item_id(
        page,
        offset,
        ItemId {
            off: new_upper as u16,
            flags: LP_NORMAL,
            len: item.len() as u16,
        },
    );
    Some(offset)
}

/// PageRepairFragmentation: move all items with storage together at the end of the page,
/// leaving line pointers (and their offset numbers) unchanged. Line pointers that are unused
/// lose any storage; sets or clears PD_HAS_FREE_LINES. Returns the number of unused pointers.
pub fn page_repair_fragmentation(page: &mut [u8]) -> usize {
    let nline = max_offset_number(page);
    let special = page_special(page) as usize;
    let mut items: Vec<(OffsetNumber, ItemId)> = Vec::with_capacity(nline as usize);
    let mut nunused = 0;
    for o in 1..=nline {
        let Some(mut id) = item_id(page, o) else {
            continue;
        };
        if id.flags == LP_UNUSED {
            nunused += 1;
            if id.off != 0 || id.len != 0 {
                set_item_id(page, o, ItemId::default());
            }
            continue;
        }
        if id.flags == LP_NORMAL && id.has_storage() {
            items.push((o, id));
        } else if id.has_storage() {
            // Dead/redirect pointers keep no storage.
            id.off = if id.flags == LP_REDIRECT { id.off } else { 0 };
            id.len = 0;
            set_item_id(page, o, id);
        }
    }
    // Copy items out in decreasing offset order so they can be packed from the end.
    items.sort_by_key(|it| std::cmp::Reverse(it.1.off));
    let mut copy = vec![0u8; BLCKSZ];
    copy.copy_from_slice(&page[..BLCKSZ]);
    let mut upper = special;
    for (o, mut id) in items {
        let len = id.len as usize;
        let src = id.off as usize;
        if src + len > BLCKSZ {
            continue;
        }
        let aligned = maxalign(len);
        upper -= aligned;
        page[upper..upper + len].copy_from_slice(&copy[src..src + len]);
        page[upper + len..upper + aligned].fill(0);
        id.off = upper as u16;
        set_item_id(page, o, id);
    }
    let lower = page_lower(page) as usize;
    if upper > lower {
        page[lower..upper].fill(0);
    }
    set_upper(page, upper);
    let flags = page_flags(page) & !PD_PAGE_FULL;
    if nunused > 0 {
        set_page_flags(page, flags | PD_HAS_FREE_LINES);
    } else {
        set_page_flags(page, flags & !PD_HAS_FREE_LINES);
    }
    nunused
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new_page() -> Vec<u8> {
        let mut p = vec![0u8; BLCKSZ];
        page_init(&mut p, 0);
        p
    }

    #[test]
    fn empty_page_header_matches_postgres() {
        let p = new_page();
        assert_eq!(page_lower(&p), 24);
        assert_eq!(page_upper(&p), 8192);
        assert_eq!(page_special(&p), 8192);
        assert_eq!(page_size_version(&p), 8196);
        assert_eq!(&p[12..20], &[24, 0, 0, 32, 0, 32, 4, 32]);
        assert_eq!(page_free_space(&p), 8164);
        assert!(page_is_valid(&p));
        assert!(!page_is_new(&p));
        assert!(page_is_new(&[0u8; BLCKSZ]));
        assert!(page_is_valid(&[0u8; BLCKSZ]));
        assert_eq!(MAX_HEAP_TUPLES_PER_PAGE, 291);
        assert_eq!(MAX_HEAP_TUPLE_SIZE, 8160);
    }

    #[test]
    fn item_id_bits() {
        // lp_off=8160, LP_NORMAL, lp_len=28 as PostgreSQL packs it on x86.
        let id = ItemId {
            off: 8160,
            flags: LP_NORMAL,
            len: 28,
        };
        assert_eq!(id.pack(), 8160 | (1 << 15) | (28 << 17));
        assert_eq!(ItemId::unpack(id.pack()), id);
    }

    #[test]
    fn add_items_and_reuse() {
        let mut p = new_page();
        let t = [7u8; 28];
        assert_eq!(page_add_item(&mut p, &t, MAX_HEAP_TUPLES_PER_PAGE), Some(1));
        assert_eq!(page_lower(&p), 28);
        assert_eq!(page_upper(&p), 8192 - 32);
        let id = item_id(&p, 1).unwrap();
        assert_eq!((id.off, id.len, id.flags), (8160, 28, LP_NORMAL));
        assert_eq!(get_item(&p, 1).unwrap(), &t);
        assert_eq!(page_add_item(&mut p, &[1u8; 5], 291), Some(2));
        assert_eq!(page_upper(&p), 8160 - 8);
        assert_eq!(page_add_item(&mut p, &[2u8; 9], 291), Some(3));
        set_item_unused(&mut p, 2);
        assert_eq!(page_repair_fragmentation(&mut p), 1);
        assert_eq!(get_item(&p, 1).unwrap(), &t);
        assert_eq!(get_item(&p, 3).unwrap(), &[2u8; 9]);
        assert_eq!(page_upper(&p), 8192 - 32 - 16);
        // Slot 2 is reused.
        assert_eq!(page_add_item(&mut p, &[3u8; 3], 291), Some(2));
        assert_eq!(get_item(&p, 2).unwrap(), &[3u8; 3]);
        assert_eq!(page_add_item(&mut p, &[3u8; 3], 291), Some(4));
        assert_eq!(page_lsn(&p), 0);
        set_page_lsn(&mut p, 0x1_0000_0002);
        assert_eq!(page_lsn(&p), 0x1_0000_0002);
        assert_eq!(&p[0..8], &[1, 0, 0, 0, 2, 0, 0, 0]);
    }

    #[test]
    fn page_fills_up() {
        let mut p = new_page();
        let mut n = 0;
        while page_add_item(&mut p, &[0u8; 100], 291).is_some() {
            n += 1;
        }
        // 8168 bytes usable; each item takes 104 + 4.
        assert_eq!(n, 8168 / 108);
        assert!(page_free_space(&p) < 108);
        let mut q = new_page();
        let mut m = 0;
        while page_add_item(&mut q, &[0u8; 1], 291).is_some() {
            m += 1;
        }
        assert_eq!(m, 291);
        assert_eq!(page_heap_free_space(&q), 0);
    }
}
