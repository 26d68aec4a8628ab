//! Page WAL records (`RM_PAGE`) and storage-level redo: a page change is logged when a buffer
//! write guard is released, as a byte-range delta between the page before and after (8-byte
//! granularity, the page LSN excluded) or, the first time the page changes after a checkpoint
//! (full_page_writes) or when it was never logged, as a full-page image without the free-space
//! hole between pd_lower and pd_upper (zeroed in memory too, so memory and redo agree). Also
//! the redo of smgr records (create/truncate/unlink) and database directory records.

use crate::page::{page_lower, page_lsn, page_upper, set_page_lsn, SIZE_OF_PAGE_HEADER};
use crate::wal::*;
use crate::{BlockNumber, RelFileNode, Storage, BLCKSZ};
use common::{pg_err, PgResult};

/// Size of the (relation, block) prefix of page records.
const PAGE_REC_PREFIX: usize = 16;
/// Unchanged gaps up to this many bytes are folded into one range.
const MERGE_GAP: usize = 16;

fn put_rel(out: &mut Vec<u8>, rel: RelFileNode) {
    out.extend_from_slice(&rel.spc_node.to_le_bytes());
    out.extend_from_slice(&rel.db_node.to_le_bytes());
    out.extend_from_slice(&rel.rel_node.to_le_bytes());
}

fn get_u32(b: &[u8], o: usize) -> PgResult<u32> {
    b.get(o..o + 4)
        .and_then(|s| s.try_into().ok())
        .map(u32::from_le_bytes)
        .ok_or_else(|| pg_err!(DATA_CORRUPTED, "truncated WAL record"))
}

fn get_u16(b: &[u8], o: usize) -> PgResult<u16> {
    b.get(o..o + 2)
        .and_then(|s| s.try_into().ok())
        .map(u16::from_le_bytes)
        .ok_or_else(|| pg_err!(DATA_CORRUPTED, "truncated WAL record"))
}

fn get_rel(b: &[u8], o: usize) -> PgResult<RelFileNode> {
    Ok(RelFileNode {
        spc_node: get_u32(b, o)?,
        db_node: get_u32(b, o + 4)?,
        rel_node: get_u32(b, o + 8)?,
    })
}

/// The (relation, block) a page record describes.
pub fn page_record_target(data: &[u8]) -> PgResult<(RelFileNode, BlockNumber)> {
    Ok((get_rel(data, 0)?, get_u32(data, 12)?))
}

/// Delta record data for `before` → `after` (None if nothing but the LSN changed).
pub fn encode_page_delta(
    rel: RelFileNode,
    block: BlockNumber,
    before: &[u8],
    after: &[u8],
) -> Option<Vec<u8>> {
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    // Compare 8-byte chunks, skipping the first (pd_lsn). Most of a page is unchanged, so
    // equal 256-byte blocks are skipped with one slice comparison first.
    const BLOCK: usize = 256;
    let mut note = |c: usize| match ranges.last_mut() {
        Some(r) if c - r.1 <= MERGE_GAP => r.1 = c + 8,
        _ => ranges.push((c, c + 8)),
    };
    let mut c = 8;
    while c < BLCKSZ {
        let block_end = ((c / BLOCK) + 1) * BLOCK;
        let block_end = block_end.min(BLCKSZ);
        if before[c..block_end] == after[c..block_end] {
            c = block_end;
            continue;
        }
        while c < block_end {
            let b = u64::from_ne_bytes(before[c..c + 8].try_into().unwrap_or([0; 8]));
            let a = u64::from_ne_bytes(after[c..c + 8].try_into().unwrap_or([0; 8]));
            if a != b {
                note(c);
            }
            c += 8;
        }
    }
    if ranges.is_empty() {
        return None;
    }
    let mut out =
        Vec::with_capacity(PAGE_REC_PREFIX + ranges.iter().map(|r| r.1 - r.0 + 4).sum::<usize>());
    put_rel(&mut out, rel);
    out.extend_from_slice(&block.to_le_bytes());
    for (s, e) in ranges {
        out.extend_from_slice(&(s as u16).to_le_bytes());
        out.extend_from_slice(&((e - s) as u16).to_le_bytes());
        out.extend_from_slice(&after[s..e]);
    }
    Some(out)
}

/// The free-space hole of a page: (offset, length), or (0, 0) if the header is implausible.
fn page_hole(page: &[u8]) -> (usize, usize) {
    let lower = page_lower(page) as usize;
    let upper = page_upper(page) as usize;
    if lower >= SIZE_OF_PAGE_HEADER && lower <= upper && upper <= BLCKSZ {
        (lower, upper - lower)
    } else {
        (0, 0)
    }
}

/// Full-page image record data; zeroes the page's hole in place (it holds nothing).
pub fn encode_page_fpi(rel: RelFileNode, block: BlockNumber, page: &mut [u8]) -> Vec<u8> {
    let (hole, hole_len) = page_hole(page);
    page[hole..hole + hole_len].fill(0);
    let mut out = Vec::with_capacity(PAGE_REC_PREFIX + 4 + BLCKSZ - hole_len);
    put_rel(&mut out, rel);
    out.extend_from_slice(&block.to_le_bytes());
    out.extend_from_slice(&(hole as u16).to_le_bytes());
    out.extend_from_slice(&(hole_len as u16).to_le_bytes());
    out.extend_from_slice(&page[..hole]);
    out.extend_from_slice(&page[hole + hole_len..BLCKSZ]);
    out
}

/// Apply a page record (delta or image) to `page`.
pub fn apply_page_record(info: u8, data: &[u8], page: &mut [u8]) -> PgResult<()> {
    let bad = || pg_err!(DATA_CORRUPTED, "invalid page WAL record");
    if info == XLOG_PAGE_FPI {
        let hole = get_u16(data, PAGE_REC_PREFIX)? as usize;
        let hole_len = get_u16(data, PAGE_REC_PREFIX + 2)? as usize;
        let img = &data[PAGE_REC_PREFIX + 4..];
        if hole + hole_len > BLCKSZ || img.len() != BLCKSZ - hole_len {
            return Err(bad());
        }
        page[..hole].copy_from_slice(&img[..hole]);
        page[hole..hole + hole_len].fill(0);
        page[hole + hole_len..BLCKSZ].copy_from_slice(&img[hole..]);
        return Ok(());
    }
    let mut p = PAGE_REC_PREFIX;
    while p < data.len() {
        let off = get_u16(data, p)? as usize;
        let len = get_u16(data, p + 2)? as usize;
        p += 4;
        if off + len > BLCKSZ || p + len > data.len() {
            return Err(bad());
        }
        page[off..off + len].copy_from_slice(&data[p..p + len]);
        p += len;
    }
    Ok(())
}

/// Log the change of a page from `before` to `page` (under the buffer's exclusive lock) and
/// set the page LSN. Nothing is logged if nothing changed.
pub(crate) fn log_page_change(
    wal: &Wal,
    rel: RelFileNode,
    block: BlockNumber,
    before: &[u8],
    page: &mut [u8],
) {
    let before_lsn = page_lsn(before);
    let fpw = wal.full_page_writes();
    let needs_fpi = |redo: u64| before_lsn < FIRST_LSN || (fpw && before_lsn <= redo);
    // The redo point only grows, so when a full-page image is already certain (a new page,
    // or its first change since the checkpoint) the delta is not worth computing: only
    // whether anything but the LSN changed.
    let mut delta = if needs_fpi(wal.redo_lsn_hint()) {
        if before[8..BLCKSZ] == page[8..BLCKSZ] {
            return;
        }
        None
    } else {
        match encode_page_delta(rel, block, before, page) {
            None => return,
            d => d,
        }
    };
    let mut build = |redo: u64| -> (u8, Vec<u8>) {
        match delta.take() {
            Some(d) if !needs_fpi(redo) => (XLOG_PAGE_DELTA, d),
            _ => (XLOG_PAGE_FPI, encode_page_fpi(rel, block, page)),
        }
    };
    let (_, end) = wal.insert_with(current_record_xid(), RM_PAGE, &mut build);
    set_page_lsn(page, end);
}

impl Storage {
    /// Redo one record of a storage resource manager (page, smgr, database). Returns false if
    /// the record belongs to another resource manager.
    pub fn redo(&self, rec: &Record) -> PgResult<bool> {
        match rec.rmid {
            RM_PAGE => {
                let (rel, block) = page_record_target(&rec.data)?;
                self.redo_ensure_block(rel, block)?;
                let buf = if rec.info == XLOG_PAGE_FPI {
                    // Do not read the old page: it may be torn.
                    let zero = [0u8; BLCKSZ];
                    self.pool.pin(rel, block, Some(&zero))?
                } else {
                    self.read_buffer(rel, block)?
                };
                let mut g = buf.write_unlogged();
                if rec.info == XLOG_PAGE_FPI || page_lsn(&g[..]) < rec.end_lsn {
                    apply_page_record(rec.info, &rec.data, &mut g[..])?;
                    set_page_lsn(&mut g[..], rec.end_lsn);
                }
                Ok(true)
            }
            RM_SMGR => {
                let rel = get_rel(&rec.data, 0)?;
                match rec.info {
                    XLOG_SMGR_CREATE => self.pool.smgr.create(rel)?,
                    XLOG_SMGR_TRUNCATE => {
                        let n = get_u32(&rec.data, 12)?;
                        if self.pool.smgr.exists(rel) && self.pool.smgr.nblocks(rel)? > n {
                            self.pool.drop_rel_buffers(rel, n);
                            self.pool.smgr.truncate(rel, n)?;
                        }
                    }
                    XLOG_SMGR_UNLINK => {
                        self.pool.drop_rel_buffers(rel, 0);
                        self.pool.smgr.unlink(rel)?;
                    }
                    _ => {}
                }
                Ok(true)
            }
            RM_DBASE => {
                let db = get_u32(&rec.data, 0)?;
                let dir = self.data_dir().join("base").join(db.to_string());
                match rec.info {
                    XLOG_DBASE_CREATE => {
                        let src = get_u32(&rec.data, 4)?;
                        let from = self.data_dir().join("base").join(src.to_string());
                        self.forget_database(db);
                        let _ = std::fs::remove_dir_all(&dir);
                        copy_dir(&from, &dir).map_err(|e| {
                            pg_err!(
                                IO_ERROR,
                                "could not copy directory to \"{}\": {}",
                                dir.display(),
                                crate::smgr::io_msg(&e)
                            )
                        })?;
                    }
                    XLOG_DBASE_DROP => {
                        self.forget_database(db);
                        let _ = std::fs::remove_dir_all(&dir);
                    }
                    _ => {}
                }
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    /// Make sure the relation file exists and holds `block` (zero pages are appended).
    fn redo_ensure_block(&self, rel: RelFileNode, block: BlockNumber) -> PgResult<()> {
        if !self.pool.smgr.exists(rel) {
            self.pool.smgr.create(rel)?;
        }
        let n = self.pool.smgr.nblocks(rel)?;
        if block >= n {
            let zero = [0u8; BLCKSZ];
            for b in n..=block {
                self.pool.smgr.write(rel, b, &zero)?;
            }
        }
        Ok(())
    }

    /// WAL-log a storage-level action if WAL is attached (returns the record's end LSN).
    pub(crate) fn log_storage(&self, rmid: u8, info: u8, data: &[u8]) -> Option<u64> {
        let wal = self.pool.wal.get()?;
        Some(wal.insert(current_record_xid(), rmid, info, data).1)
    }

    /// WAL-log that database directory `db` was created as a copy of `template` (call after
    /// the copy, before the transaction commits; redo copies the directory again).
    pub fn log_create_database(&self, template: common::Oid, db: common::Oid) {
        let mut d = Vec::with_capacity(8);
        d.extend_from_slice(&db.to_le_bytes());
        d.extend_from_slice(&template.to_le_bytes());
        self.log_storage(RM_DBASE, XLOG_DBASE_CREATE, &d);
    }

    /// WAL-log that database directory `db` is being removed (call before removing it).
    pub fn log_drop_database(&self, db: common::Oid) -> PgResult<()> {
        if let Some(end) = self.log_storage(RM_DBASE, XLOG_DBASE_DROP, &db.to_le_bytes()) {
            if let Some(w) = self.pool.wal.get() {
                w.flush(end)?;
            }
        }
        Ok(())
    }
}

/// Encode an smgr record's data.
pub(crate) fn smgr_record(rel: RelFileNode, nblocks: Option<BlockNumber>) -> Vec<u8> {
    let mut d = Vec::with_capacity(16);
    put_rel(&mut d, rel);
    if let Some(n) = nblocks {
        d.extend_from_slice(&n.to_le_bytes());
    }
    d
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page::{page_add_item, page_init, MAX_HEAP_TUPLES_PER_PAGE};
    use crate::DEFAULTTABLESPACE_OID;

    fn rel() -> RelFileNode {
        RelFileNode {
            spc_node: DEFAULTTABLESPACE_OID,
            db_node: 5,
            rel_node: 16384,
        }
    }

    #[test]
    fn delta_and_fpi_roundtrip() {
        let mut before = vec![0u8; BLCKSZ];
        page_init(&mut before, 0);
        let mut after = before.clone();
        page_add_item(&mut after, &[7u8; 40], MAX_HEAP_TUPLES_PER_PAGE).unwrap();
        set_page_lsn(&mut after, 0x1234);
        let d = encode_page_delta(rel(), 3, &before, &after).unwrap();
        assert!(d.len() < 120, "delta too big: {}", d.len());
        assert_eq!(page_record_target(&d).unwrap(), (rel(), 3));
        let mut redo = before.clone();
        apply_page_record(XLOG_PAGE_DELTA, &d, &mut redo).unwrap();
        assert_eq!(redo[8..], after[8..]);
        // Only the LSN changed: nothing to log.
        assert!(encode_page_delta(rel(), 3, &after, &after).is_none());
        // Full-page image without the hole.
        let mut img = after.clone();
        img[1000] = 0xEE; // garbage in the hole is zeroed
        let f = encode_page_fpi(rel(), 3, &mut img);
        assert_eq!(img[1000], 0);
        assert!(f.len() < 200);
        let mut redo = vec![0x55u8; BLCKSZ];
        apply_page_record(XLOG_PAGE_FPI, &f, &mut redo).unwrap();
        assert_eq!(redo, img);
        // Corrupt data is an error, not a panic.
        assert!(apply_page_record(XLOG_PAGE_FPI, &f[..f.len() - 1], &mut redo).is_err());
        assert!(apply_page_record(XLOG_PAGE_DELTA, &d[..d.len() - 1], &mut redo).is_err());
    }

    #[test]
    fn logged_writes_and_redo() {
        let dir = tempfile::tempdir().unwrap();
        let s = WalSettings {
            fsync: false,
            ..WalSettings::default()
        };
        let r = rel();
        let recs: Vec<Record>;
        {
            let st = Storage::open(dir.path(), 16).unwrap();
            let wal =
                std::sync::Arc::new(Wal::open(dir.path(), FIRST_LSN, 0, FIRST_LSN, &s).unwrap());
            st.attach_wal(wal.clone());
            st.create_relation(r).unwrap();
            for i in 0..3u8 {
                let b = st.extend_relation(r).unwrap();
                let mut g = b.write();
                page_add_item(&mut g[..], &[i; 64], MAX_HEAP_TUPLES_PER_PAGE).unwrap();
            }
            {
                let b = st.read_buffer(r, 1).unwrap();
                let mut g = b.write();
                page_add_item(&mut g[..], &[9; 64], MAX_HEAP_TUPLES_PER_PAGE).unwrap();
            }
            wal.flush_all().unwrap();
            let mut rd = WalReader::new(dir.path(), FIRST_LSN, None);
            let mut v = Vec::new();
            while let Some(rec) = rd.next_record() {
                v.push(rec);
            }
            recs = v;
            // Crash: nothing flushed; the files hold empty pages only.
        }
        let kinds: Vec<(u8, u8)> = recs.iter().map(|r| (r.rmid, r.info)).collect();
        assert_eq!(
            kinds,
            vec![
                (RM_SMGR, XLOG_SMGR_CREATE),
                (RM_PAGE, XLOG_PAGE_FPI),
                (RM_PAGE, XLOG_PAGE_FPI),
                (RM_PAGE, XLOG_PAGE_FPI),
                (RM_PAGE, XLOG_PAGE_DELTA),
            ]
        );
        std::fs::remove_file(dir.path().join(crate::relpath(r))).unwrap();
        for _ in 0..2 {
            // Twice: redo is idempotent.
            let st = Storage::open(dir.path(), 16).unwrap();
            for rec in &recs {
                assert!(st.redo(rec).unwrap());
            }
            st.flush_all().unwrap();
            drop(st);
            let st = Storage::open(dir.path(), 16).unwrap();
            assert_eq!(st.nblocks(r).unwrap(), 3);
            let b = st.read_buffer(r, 1).unwrap();
            let g = b.read();
            assert_eq!(crate::page::max_offset_number(&g[..]), 2);
            assert_eq!(crate::page::get_item(&g[..], 2).unwrap(), &[9u8; 64][..]);
            assert_eq!(page_lsn(&g[..]), recs[4].end_lsn);
        }
        // Unlink and database records.
        let st = Storage::open(dir.path(), 16).unwrap();
        let unlink = Record {
            lsn: 0,
            end_lsn: 8,
            xid: 0,
            prev: 0,
            rmid: RM_SMGR,
            info: XLOG_SMGR_UNLINK,
            data: smgr_record(r, None),
        };
        assert!(st.redo(&unlink).unwrap());
        assert!(!st.relation_exists(r));
        std::fs::create_dir_all(dir.path().join("base/1")).unwrap();
        std::fs::write(dir.path().join("base/1/123"), b"x").unwrap();
        let mut d = 7u32.to_le_bytes().to_vec();
        d.extend_from_slice(&1u32.to_le_bytes());
        let create_db = Record {
            rmid: RM_DBASE,
            info: XLOG_DBASE_CREATE,
            data: d,
            ..unlink.clone()
        };
        assert!(st.redo(&create_db).unwrap());
        assert!(dir.path().join("base/7/123").exists());
        let drop_db = Record {
            rmid: RM_DBASE,
            info: XLOG_DBASE_DROP,
            data: 7u32.to_le_bytes().to_vec(),
            ..unlink
        };
        assert!(st.redo(&drop_db).unwrap());
        assert!(!dir.path().join("base/7").exists());
    }
}

#[cfg(test)]
mod fpi_fast_path_tests {
    use super::*;
    use crate::page::{page_add_item, MAX_HEAP_TUPLES_PER_PAGE};
    use crate::DEFAULTTABLESPACE_OID;

    /// The full-page-image fast path (no delta computed when an image is certain) logs the
    /// same kinds of records as the general rule, nothing for an unchanged page, and redo of
    /// what it logged reproduces the pages exactly.
    #[test]
    fn fpi_after_checkpoint_and_unchanged_pages() {
        let dir = tempfile::tempdir().unwrap();
        let s = WalSettings {
            fsync: false,
            ..WalSettings::default()
        };
        let r = RelFileNode {
            spc_node: DEFAULTTABLESPACE_OID,
            db_node: 5,
            rel_node: 16390,
        };
        let mut pages = Vec::new();
        let recs: Vec<Record>;
        {
            let st = Storage::open(dir.path(), 16).unwrap();
            let wal =
                std::sync::Arc::new(Wal::open(dir.path(), FIRST_LSN, 0, FIRST_LSN, &s).unwrap());
            st.attach_wal(wal.clone());
            st.create_relation(r).unwrap();
            for i in 0..2u8 {
                let b = st.extend_relation(r).unwrap();
                let mut g = b.write();
                page_add_item(&mut g[..], &[i; 100], MAX_HEAP_TUPLES_PER_PAGE).unwrap();
            }
            // A write guard that changes nothing logs nothing (new-page and delta paths).
            drop(st.read_buffer(r, 0).unwrap().write());
            wal.begin_checkpoint();
            assert_eq!(wal.redo_lsn_hint(), wal.redo_lsn());
            // First change after the checkpoint: image; an unchanged guard: nothing.
            drop(st.read_buffer(r, 1).unwrap().write());
            for blk in 0..2 {
                let b = st.read_buffer(r, blk).unwrap();
                let mut g = b.write();
                page_add_item(&mut g[..], &[9; 50], MAX_HEAP_TUPLES_PER_PAGE).unwrap();
            }
            // Second change of block 0: delta.
            {
                let b = st.read_buffer(r, 0).unwrap();
                let mut g = b.write();
                page_add_item(&mut g[..], &[8; 30], MAX_HEAP_TUPLES_PER_PAGE).unwrap();
            }
            for blk in 0..2 {
                pages.push(st.read_buffer(r, blk).unwrap().read().to_vec());
            }
            wal.flush_all().unwrap();
            let mut rd = WalReader::new(dir.path(), FIRST_LSN, None);
            let mut v = Vec::new();
            while let Some(rec) = rd.next_record() {
                v.push(rec);
            }
            recs = v;
            // Crash: no checkpoint, nothing written back.
        }
        let kinds: Vec<u8> = recs
            .iter()
            .filter(|r| r.rmid == RM_PAGE)
            .map(|r| r.info)
            .collect();
        assert_eq!(
            kinds,
            vec![
                XLOG_PAGE_FPI,
                XLOG_PAGE_FPI,
                XLOG_PAGE_FPI,
                XLOG_PAGE_FPI,
                XLOG_PAGE_DELTA
            ]
        );
        std::fs::remove_file(dir.path().join(crate::relpath(r))).unwrap();
        let st = Storage::open(dir.path(), 16).unwrap();
        for rec in &recs {
            assert!(st.redo(rec).unwrap());
        }
        for blk in 0..2u32 {
            let g = st.read_buffer(r, blk).unwrap();
            assert_eq!(&g.read()[..], &pages[blk as usize][..], "block {blk}");
        }
    }
}
