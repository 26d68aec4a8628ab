//! Write-ahead log: records appended through an in-memory WAL buffer to 16 MB segment files in
//! pg_wal/ (named like PostgreSQL's, timeline 1), addressed by 64-bit LSNs (byte positions in
//! the log); group-commit flushing (one fsync satisfies every waiter below its LSN); the record
//! format (header with total length, xid, previous-record pointer, resource manager, info and
//! CRC-32C) and its reader (a bad CRC, bad length, broken back-link or short read ends the
//! valid WAL); and global/pg_control (latest checkpoint, redo point, cluster state).
//!
//! Resource managers: `RM_XLOG` (checkpoints), `RM_XACT` (commit/abort), `RM_SMGR` (relation
//! file create/unlink/truncate), `RM_DBASE` (database directory copy/drop), `RM_PAGE` (page
//! changes: a byte-range delta against the previous page image, or a full-page image). Heap
//! changes are logged physically as page deltas by the buffer manager when a write guard is
//! released, so every heap operation (insert, update, delete, vacuum, page init) is covered.

use common::{pg_err, PgResult, Xid};
use std::cell::Cell;
use std::collections::BTreeSet;
use std::fs::{File, OpenOptions};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};

/// Size of one WAL segment file.
pub const WAL_SEG_SIZE: u64 = 16 * 1024 * 1024;
/// The timeline (always 1: no archive recovery).
pub const TIMELINE_ID: u32 = 1;
/// LSN of the first record of a new cluster (segment 000000010000000000000001).
pub const FIRST_LSN: u64 = WAL_SEG_SIZE;
/// Size of a record header.
pub const RECORD_HEADER_SIZE: usize = 24;
/// Largest record accepted by the reader (sanity bound on the length field).
pub const MAX_RECORD_SIZE: usize = 4 * 1024 * 1024;
/// Pending WAL bytes beyond which inserters write the buffer out.
const WAL_BUFFER_SIZE: usize = 2 * 1024 * 1024;

pub const RM_XLOG: u8 = 0;
pub const RM_XACT: u8 = 1;
pub const RM_SMGR: u8 = 2;
pub const RM_DBASE: u8 = 4;
pub const RM_PAGE: u8 = 10;

/// RM_XLOG infos.
pub const XLOG_CHECKPOINT_SHUTDOWN: u8 = 0x00;
pub const XLOG_CHECKPOINT_ONLINE: u8 = 0x10;
/// RM_XACT infos.
pub const XLOG_XACT_COMMIT: u8 = 0x00;
pub const XLOG_XACT_ABORT: u8 = 0x20;
/// RM_SMGR infos.
pub const XLOG_SMGR_CREATE: u8 = 0x10;
pub const XLOG_SMGR_TRUNCATE: u8 = 0x20;
pub const XLOG_SMGR_UNLINK: u8 = 0x30;
/// RM_DBASE infos.
pub const XLOG_DBASE_CREATE: u8 = 0x00;
pub const XLOG_DBASE_DROP: u8 = 0x10;
/// RM_PAGE infos.
pub const XLOG_PAGE_DELTA: u8 = 0x00;
pub const XLOG_PAGE_FPI: u8 = 0x10;

// ---------------------------------------------------------------------------------------------
// CRC-32C (Castagnoli), table driven.

const fn crc_table() -> [u32; 256] {
    let mut t = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                (c >> 1) ^ 0x82F6_3B78
            } else {
                c >> 1
            };
            k += 1;
        }
        t[i] = c;
        i += 1;
    }
    t
}
static CRC_TABLE: [u32; 256] = crc_table();

/// Continue a CRC-32C computation (start with `!0`, finish with `!crc`). Uses the CPU's
/// crc32 instruction when it has one (SSE 4.2), the table otherwise.
pub fn crc32c_update(crc: u32, data: &[u8]) -> u32 {
    #[cfg(target_arch = "x86_64")]
    {
        if std::is_x86_feature_detected!("sse4.2") {
            // SAFETY: the CPU supports SSE 4.2, checked just above.
            return unsafe { crc32c_sse42(crc, data) };
        }
    }
    crc32c_table(crc, data)
}

/// Table-driven CRC-32C update, one byte at a time.
fn crc32c_table(mut crc: u32, data: &[u8]) -> u32 {
    for &b in data {
        crc = CRC_TABLE[((crc ^ b as u32) & 0xff) as usize] ^ (crc >> 8);
    }
    crc
}

/// CRC-32C update with the SSE 4.2 crc32 instruction, eight bytes at a time.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse4.2")]
unsafe fn crc32c_sse42(crc: u32, data: &[u8]) -> u32 {
    use std::arch::x86_64::{_mm_crc32_u64, _mm_crc32_u8};
    let mut chunks = data.chunks_exact(8);
    let mut wide = crc as u64;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        wide = _mm_crc32_u64(wide, u64::from_le_bytes(word));
    }
    let mut crc = wide as u32;
    for &b in chunks.remainder() {
        crc = _mm_crc32_u8(crc, b);
    }
    crc
}

/// CRC-32C of `data`.
pub fn crc32c(data: &[u8]) -> u32 {
    !crc32c_update(!0, data)
}

// ---------------------------------------------------------------------------------------------
// Names and formatting.

/// PostgreSQL's segment file name for the segment holding `lsn`.
pub fn segment_file_name(lsn: u64) -> String {
    let segno = lsn / WAL_SEG_SIZE;
    let per_id = 0x1_0000_0000u64 / WAL_SEG_SIZE;
    format!(
        "{:08X}{:08X}{:08X}",
        TIMELINE_ID,
        segno / per_id,
        segno % per_id
    )
}

/// Segment number from a segment file name (None if not one).
pub fn parse_segment_file_name(name: &str) -> Option<u64> {
    if name.len() != 24 || !name.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let hi = u64::from_str_radix(&name[8..16], 16).ok()?;
    let lo = u64::from_str_radix(&name[16..24], 16).ok()?;
    Some(hi * (0x1_0000_0000u64 / WAL_SEG_SIZE) + lo)
}

/// An LSN as PostgreSQL prints it: `0/16B3740`.
pub fn format_lsn(lsn: u64) -> String {
    format!("{:X}/{:X}", lsn >> 32, lsn & 0xffff_ffff)
}

fn io_err(what: &str, path: &Path, e: &std::io::Error) -> common::PgError {
    pg_err!(
        IO_ERROR,
        "could not {} file \"{}\": {}",
        what,
        path.display(),
        crate::smgr::io_msg(e)
    )
}

// ---------------------------------------------------------------------------------------------
// Records.

/// A decoded WAL record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// Where the record starts.
    pub lsn: u64,
    /// Where the next record starts (the record's end, 8-byte aligned): a page changed by this
    /// record gets this as its page LSN.
    pub end_lsn: u64,
    pub xid: Xid,
    pub prev: u64,
    pub rmid: u8,
    pub info: u8,
    pub data: Vec<u8>,
}

#[inline]
fn align8(n: u64) -> u64 {
    (n + 7) & !7
}

/// Encode a record (header + data + alignment padding) for position `lsn`.
pub fn encode_record(xid: Xid, prev: u64, rmid: u8, info: u8, data: &[u8]) -> Vec<u8> {
    let tot = RECORD_HEADER_SIZE + data.len();
    let mut out = Vec::with_capacity(align8(tot as u64) as usize);
    out.extend_from_slice(&(tot as u32).to_le_bytes());
    out.extend_from_slice(&xid.to_le_bytes());
    out.extend_from_slice(&prev.to_le_bytes());
    out.push(rmid);
    out.push(info);
    out.extend_from_slice(&[0, 0]);
    out.extend_from_slice(&[0, 0, 0, 0]); // CRC placeholder
    out.extend_from_slice(data);
    let crc = crc32c(&out);
    out[20..24].copy_from_slice(&crc.to_le_bytes());
    out.resize(align8(tot as u64) as usize, 0);
    out
}

/// Decode and verify a record header + data at `lsn` (`bytes` holds at least the record).
/// None if the bytes are not a valid record (zero length, bad CRC, ...).
pub fn decode_record(lsn: u64, bytes: &[u8], expected_prev: Option<u64>) -> Option<Record> {
    if bytes.len() < RECORD_HEADER_SIZE {
        return None;
    }
    let tot = u32::from_le_bytes(bytes[0..4].try_into().ok()?) as usize;
    if !(RECORD_HEADER_SIZE..=MAX_RECORD_SIZE).contains(&tot) || tot > bytes.len() {
        return None;
    }
    let prev = u64::from_le_bytes(bytes[8..16].try_into().ok()?);
    if expected_prev.is_some_and(|p| p != prev) {
        return None;
    }
    let stored = u32::from_le_bytes(bytes[20..24].try_into().ok()?);
    let mut crc = crc32c_update(!0, &bytes[0..20]);
    crc = crc32c_update(crc, &[0, 0, 0, 0]);
    crc = !crc32c_update(crc, &bytes[RECORD_HEADER_SIZE..tot]);
    if crc != stored {
        return None;
    }
    Some(Record {
        lsn,
        end_lsn: lsn + align8(tot as u64),
        xid: u32::from_le_bytes(bytes[4..8].try_into().ok()?),
        prev,
        rmid: bytes[16],
        info: bytes[17],
        data: bytes[RECORD_HEADER_SIZE..tot].to_vec(),
    })
}

// ---------------------------------------------------------------------------------------------
// The record xid of the current thread (set by the access methods around their writes).

thread_local! {
    static RECORD_XID: Cell<Xid> = const { Cell::new(0) };
}

/// Sets the xid stamped on page records written by this thread; restores the old one on drop.
pub struct XidScope(Xid);

impl XidScope {
    pub fn new(xid: Xid) -> XidScope {
        XidScope(RECORD_XID.with(|c| c.replace(xid)))
    }
}
impl Drop for XidScope {
    fn drop(&mut self) {
        RECORD_XID.with(|c| c.set(self.0));
    }
}

/// The xid page records written by this thread carry.
pub fn current_record_xid() -> Xid {
    RECORD_XID.with(|c| c.get())
}

// ---------------------------------------------------------------------------------------------
// The writer.

/// WAL behaviour settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WalSettings {
    /// fsync=on: flushes fdatasync the segment files.
    pub fsync: bool,
    /// synchronous_commit=on: commit waits for its commit record to be flushed.
    pub synchronous_commit: bool,
    /// full_page_writes=on: full-page image at the first change of a page after a checkpoint.
    pub full_page_writes: bool,
    /// Seconds between automatic checkpoints.
    pub checkpoint_timeout_secs: u64,
    /// WAL bytes since the last checkpoint that trigger one.
    pub max_wal_size: u64,
}

impl Default for WalSettings {
    fn default() -> Self {
        WalSettings {
            fsync: true,
            synchronous_commit: true,
            full_page_writes: true,
            checkpoint_timeout_secs: 300,
            max_wal_size: 1024 * 1024 * 1024,
        }
    }
}

struct Insert {
    /// Where the next record goes.
    insert_lsn: u64,
    /// Start of the last record inserted.
    prev_lsn: u64,
    /// Bytes not yet written, starting at `buf_start`.
    buf: Vec<u8>,
    buf_start: u64,
    /// Redo point of the latest (possibly in-progress) checkpoint.
    redo_lsn: u64,
}

struct Io {
    /// Open segment: (segment number, file).
    seg: Option<(u64, File)>,
    /// Segments written since the last fsync.
    dirty_segs: BTreeSet<u64>,
}

/// The write-ahead log of one cluster.
pub struct Wal {
    dir: PathBuf,
    insert: Mutex<Insert>,
    io: Mutex<Io>,
    /// Everything below is written (to the OS) / flushed (fsynced when fsync=on).
    written: AtomicU64,
    flushed: AtomicU64,
    fsync: AtomicBool,
    synchronous_commit: AtomicBool,
    full_page_writes: AtomicBool,
    /// A shutdown checkpoint was taken: the checkpointer stays idle.
    shut_down: AtomicBool,
    /// Serialises checkpoints.
    ckpt_lock: Mutex<()>,
    /// Creates the next segment in the background.
    prealloc: crate::wal_prealloc::Preallocator,
    /// The redo point as last set (read without the insertion lock; it only grows, so a
    /// stale value is a lower bound).
    redo_hint: AtomicU64,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Wal {
    /// Open the WAL in `data_dir`/pg_wal for appending at `end_lsn` (the end of valid WAL;
    /// `prev_lsn` is the start of the last valid record). The rest of the segment holding
    /// `end_lsn` is zeroed and later segments are removed, so stale bytes cannot be mistaken
    /// for records.
    pub fn open(
        data_dir: &Path,
        end_lsn: u64,
        prev_lsn: u64,
        redo_lsn: u64,
        settings: &WalSettings,
    ) -> PgResult<Wal> {
        let dir = data_dir.join("pg_wal");
        std::fs::create_dir_all(&dir).map_err(|e| {
            pg_err!(
                IO_ERROR,
                "could not create directory \"{}\": {}",
                dir.display(),
                crate::smgr::io_msg(&e)
            )
        })?;
        let end_seg = end_lsn / WAL_SEG_SIZE;
        crate::wal_prealloc::remove_temp_files(&dir);
        for (segno, path) in list_segments(&dir)? {
            if segno > end_seg {
                let _ = std::fs::remove_file(&path);
            }
        }
        let path = dir.join(segment_file_name(end_lsn));
        if path.exists() {
            // Overwrite whatever follows the end of valid WAL in its segment with zeros.
            let f = OpenOptions::new()
                .write(true)
                .open(&path)
                .map_err(|e| io_err("open", &path, &e))?;
            let len = f.metadata().map_err(|e| io_err("stat", &path, &e))?.len();
            let off = end_lsn % WAL_SEG_SIZE;
            if len > off {
                zero_fill(&f, off, len).map_err(|e| io_err("write to", &path, &e))?;
                f.sync_all().map_err(|e| io_err("fsync", &path, &e))?;
            }
        }
        Ok(Wal {
            dir,
            insert: Mutex::new(Insert {
                insert_lsn: end_lsn,
                prev_lsn,
                buf: Vec::new(),
                buf_start: end_lsn,
                redo_lsn,
            }),
            io: Mutex::new(Io {
                seg: None,
                dirty_segs: BTreeSet::new(),
            }),
            written: AtomicU64::new(end_lsn),
            flushed: AtomicU64::new(end_lsn),
            fsync: AtomicBool::new(settings.fsync),
            synchronous_commit: AtomicBool::new(settings.synchronous_commit),
            full_page_writes: AtomicBool::new(settings.full_page_writes),
            shut_down: AtomicBool::new(false),
            ckpt_lock: Mutex::new(()),
            prealloc: Default::default(),
            redo_hint: AtomicU64::new(redo_lsn),
        })
    }

    /// The pg_wal directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Change the flush/commit/full-page settings.
    pub fn apply_settings(&self, s: &WalSettings) {
        self.fsync.store(s.fsync, Ordering::Relaxed);
        self.synchronous_commit
            .store(s.synchronous_commit, Ordering::Relaxed);
        self.full_page_writes
            .store(s.full_page_writes, Ordering::Relaxed);
    }

    pub fn synchronous_commit(&self) -> bool {
        self.synchronous_commit.load(Ordering::Relaxed)
    }

    pub fn full_page_writes(&self) -> bool {
        self.full_page_writes.load(Ordering::Relaxed)
    }

    /// Where the next record will go.
    pub fn insert_lsn(&self) -> u64 {
        lock(&self.insert).insert_lsn
    }

    /// Everything below this LSN is durable (as far as fsync=on makes it so).
    pub fn flushed_lsn(&self) -> u64 {
        self.flushed.load(Ordering::Acquire)
    }

    /// Redo point of the latest checkpoint.
    pub fn redo_lsn(&self) -> u64 {
        lock(&self.insert).redo_lsn
    }

    /// Append a record; returns (start, end) LSNs. (A failure to write the WAL buffer out
    /// here is retried, and reported, by the next flush.)
    pub fn insert(&self, xid: Xid, rmid: u8, info: u8, data: &[u8]) -> (u64, u64) {
        let (start, end, big) = {
            let mut ins = lock(&self.insert);
            let rec = encode_record(xid, ins.prev_lsn, rmid, info, data);
            self.append_locked(&mut ins, rec)
        };
        if big {
            let _ = self.write_out();
        }
        (start, end)
    }

    fn append_locked(&self, ins: &mut Insert, rec: Vec<u8>) -> (u64, u64, bool) {
        let start = ins.insert_lsn;
        ins.buf.extend_from_slice(&rec);
        ins.insert_lsn += rec.len() as u64;
        ins.prev_lsn = start;
        (start, ins.insert_lsn, ins.buf.len() > WAL_BUFFER_SIZE)
    }

    /// Append a record whose data is chosen under the insertion lock from the current redo
    /// point: `build(redo_lsn)` returns (info, data). Used for page changes, which need a
    /// full-page image when the page has not been logged since the latest redo point.
    pub fn insert_with(
        &self,
        xid: Xid,
        rmid: u8,
        build: &mut dyn FnMut(u64) -> (u8, Vec<u8>),
    ) -> (u64, u64) {
        let (start, end, big) = {
            let mut ins = lock(&self.insert);
            let (info, data) = build(ins.redo_lsn);
            let rec = encode_record(xid, ins.prev_lsn, rmid, info, &data);
            self.append_locked(&mut ins, rec)
        };
        if big {
            let _ = self.write_out();
        }
        (start, end)
    }

    /// Record that the shutdown checkpoint was taken (or clear it).
    pub fn set_shut_down(&self, v: bool) {
        self.shut_down.store(v, Ordering::Release);
    }

    /// True after the shutdown checkpoint.
    pub fn is_shut_down(&self) -> bool {
        self.shut_down.load(Ordering::Acquire)
    }

    /// Held for the duration of a checkpoint (checkpoints are serialised).
    pub fn checkpoint_lock(&self) -> MutexGuard<'_, ()> {
        lock(&self.ckpt_lock)
    }

    /// Start a checkpoint: the redo point becomes the current insert position.
    pub fn begin_checkpoint(&self) -> u64 {
        let mut ins = lock(&self.insert);
        ins.redo_lsn = ins.insert_lsn;
        self.redo_hint.fetch_max(ins.redo_lsn, Ordering::AcqRel);
        ins.redo_lsn
    }

    /// A lower bound of the current redo point, read without the insertion lock.
    pub fn redo_lsn_hint(&self) -> u64 {
        self.redo_hint.load(Ordering::Acquire)
    }

    /// Write every pending byte to the segment files (no fsync).
    pub fn write_out(&self) -> PgResult<()> {
        let mut io = lock(&self.io);
        self.write_pending(&mut io)
    }

    fn write_pending(&self, io: &mut Io) -> PgResult<()> {
        let (start, bytes) = {
            let mut ins = lock(&self.insert);
            let start = ins.buf_start;
            ins.buf_start = ins.insert_lsn;
            (start, std::mem::take(&mut ins.buf))
        };
        if bytes.is_empty() {
            return Ok(());
        }
        let mut pos = start;
        let mut rest = &bytes[..];
        while !rest.is_empty() {
            let segno = pos / WAL_SEG_SIZE;
            let off = pos % WAL_SEG_SIZE;
            let n = rest.len().min((WAL_SEG_SIZE - off) as usize);
            let f = self.segment(io, segno)?;
            if let Err(e) = f.write_all_at(&rest[..n], off) {
                let path = self.dir.join(segment_file_name(pos));
                // Put the bytes back so a later flush retries them.
                let mut ins = lock(&self.insert);
                let mut back = rest.to_vec();
                back.extend_from_slice(&ins.buf);
                ins.buf = back;
                ins.buf_start = pos;
                return Err(io_err("write to", &path, &e));
            }
            io.dirty_segs.insert(segno);
            pos += n as u64;
            rest = &rest[n..];
        }
        self.written.store(pos, Ordering::Release);
        Ok(())
    }

    fn segment<'a>(&self, io: &'a mut Io, segno: u64) -> PgResult<&'a File> {
        if io.seg.as_ref().is_none_or(|(s, _)| *s != segno) {
            let path = self.dir.join(segment_file_name(segno * WAL_SEG_SIZE));
            let fsync = self.fsync.load(Ordering::Relaxed);
            // Segments are preallocated with zeros (as PostgreSQL does) so that flushing a
            // commit does not also have to update the file size; normally the background
            // preallocator has made this one already (see wal_prealloc).
            crate::wal_prealloc::install_segment(&self.dir, segno, fsync)
                .map_err(|e| io_err("create", &path, &e))?;
            let f = OpenOptions::new()
                .read(true)
                .write(true)
                .open(&path)
                .map_err(|e| io_err("open", &path, &e))?;
            // A segment left short by an older server version is completed in place.
            let len = f.metadata().map_err(|e| io_err("stat", &path, &e))?.len();
            if len < WAL_SEG_SIZE {
                zero_fill(&f, len, WAL_SEG_SIZE).map_err(|e| io_err("write to", &path, &e))?;
                if fsync {
                    f.sync_all().map_err(|e| io_err("fsync", &path, &e))?;
                }
            }
            self.prealloc.request(&self.dir, segno + 1, fsync);
            // Sync the segment being left before closing it.
            if let Some((old, of)) = io.seg.take() {
                if io.dirty_segs.contains(&old) && self.fsync.load(Ordering::Relaxed) {
                    of.sync_data().map_err(|e| {
                        io_err(
                            "fsync",
                            &self.dir.join(segment_file_name(old * WAL_SEG_SIZE)),
                            &e,
                        )
                    })?;
                    io.dirty_segs.remove(&old);
                }
            }
            io.seg = Some((segno, f));
        }
        match io.seg.as_ref() {
            Some((_, f)) => Ok(f),
            None => Err(pg_err!(INTERNAL_ERROR, "WAL segment not open")),
        }
    }

    /// Make the WAL durable up to `lsn` (group commit: one flush serves every waiter whose
    /// LSN it covers).
    pub fn flush(&self, lsn: u64) -> PgResult<()> {
        if self.flushed.load(Ordering::Acquire) >= lsn {
            return Ok(());
        }
        let mut io = lock(&self.io);
        if self.flushed.load(Ordering::Acquire) >= lsn {
            return Ok(());
        }
        self.write_pending(&mut io)?;
        let upto = self.written.load(Ordering::Acquire);
        if self.fsync.load(Ordering::Relaxed) {
            let segs: Vec<u64> = std::mem::take(&mut io.dirty_segs).into_iter().collect();
            for segno in segs {
                let path = self.dir.join(segment_file_name(segno * WAL_SEG_SIZE));
                let r = match io.seg.as_ref() {
                    Some((s, f)) if *s == segno => f.sync_data(),
                    _ => OpenOptions::new()
                        .write(true)
                        .open(&path)
                        .and_then(|f| f.sync_data()),
                };
                if let Err(e) = r {
                    io.dirty_segs.insert(segno);
                    return Err(io_err("fsync", &path, &e));
                }
            }
        } else {
            io.dirty_segs.clear();
        }
        self.flushed.fetch_max(upto, Ordering::AcqRel);
        Ok(())
    }

    /// Flush everything inserted so far.
    pub fn flush_all(&self) -> PgResult<()> {
        let lsn = self.insert_lsn();
        self.flush(lsn)
    }

    /// Remove segments wholly before the one holding `redo_lsn`.
    pub fn remove_old_segments(&self, redo_lsn: u64) -> PgResult<usize> {
        let keep_from = redo_lsn / WAL_SEG_SIZE;
        let mut n = 0;
        for (segno, path) in list_segments(&self.dir)? {
            if segno < keep_from && std::fs::remove_file(&path).is_ok() {
                n += 1;
            }
        }
        Ok(n)
    }
}

use crate::wal_prealloc::zero_fill;

/// Segment files in a pg_wal directory, ascending.
pub fn list_segments(dir: &Path) -> PgResult<Vec<(u64, PathBuf)>> {
    let rd = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(pg_err!(
                IO_ERROR,
                "could not open directory \"{}\": {}",
                dir.display(),
                crate::smgr::io_msg(&e)
            ))
        }
    };
    let mut v = Vec::new();
    for ent in rd.flatten() {
        if let Some(segno) = ent.file_name().to_str().and_then(parse_segment_file_name) {
            v.push((segno, ent.path()));
        }
    }
    v.sort();
    Ok(v)
}

// ---------------------------------------------------------------------------------------------
// The reader.

/// Reads valid records sequentially from an LSN until the end of valid WAL.
pub struct WalReader {
    dir: PathBuf,
    next: u64,
    prev: Option<u64>,
    seg: Option<(u64, Vec<u8>)>,
}

impl WalReader {
    /// Start at `lsn`; `prev`, when known, is checked against the first record's back-link.
    pub fn new(data_dir: &Path, lsn: u64, prev: Option<u64>) -> WalReader {
        WalReader {
            dir: data_dir.join("pg_wal"),
            next: lsn,
            prev,
            seg: None,
        }
    }

    /// Where the next record would start (after the last valid one read).
    pub fn end_lsn(&self) -> u64 {
        self.next
    }

    /// Start of the last valid record read (if any).
    pub fn last_lsn(&self) -> Option<u64> {
        self.prev
    }

    /// Copy `len` bytes at `lsn` into `out`; false if the WAL ends before.
    fn read_bytes(&mut self, lsn: u64, len: usize, out: &mut Vec<u8>) -> bool {
        out.clear();
        let mut pos = lsn;
        while out.len() < len {
            let segno = pos / WAL_SEG_SIZE;
            if self.seg.as_ref().is_none_or(|(s, _)| *s != segno) {
                let path = self.dir.join(segment_file_name(segno * WAL_SEG_SIZE));
                match std::fs::read(&path) {
                    Ok(b) => self.seg = Some((segno, b)),
                    Err(_) => return false,
                }
            }
            let Some((_, bytes)) = self.seg.as_ref() else {
                return false;
            };
            let off = (pos % WAL_SEG_SIZE) as usize;
            if off >= bytes.len() {
                return false;
            }
            let n = (len - out.len()).min(bytes.len() - off);
            out.extend_from_slice(&bytes[off..off + n]);
            pos += n as u64;
            if n == 0 {
                return false;
            }
        }
        true
    }

    /// The next valid record, or None at the end of valid WAL.
    pub fn next_record(&mut self) -> Option<Record> {
        let mut head = Vec::new();
        if !self.read_bytes(self.next, RECORD_HEADER_SIZE, &mut head) {
            return None;
        }
        let tot = u32::from_le_bytes(head[0..4].try_into().ok()?) as usize;
        if !(RECORD_HEADER_SIZE..=MAX_RECORD_SIZE).contains(&tot) {
            return None;
        }
        let mut all = Vec::new();
        if !self.read_bytes(self.next, tot, &mut all) {
            return None;
        }
        let rec = decode_record(self.next, &all, self.prev)?;
        self.prev = Some(rec.lsn);
        self.next = rec.end_lsn;
        Some(rec)
    }

    /// Read the single record at `lsn` (no back-link check).
    pub fn read_at(data_dir: &Path, lsn: u64) -> Option<Record> {
        WalReader::new(data_dir, lsn, None).next_record()
    }
}

// ---------------------------------------------------------------------------------------------
// Checkpoint records.

/// Contents of a checkpoint record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct CheckpointData {
    pub redo: u64,
    pub next_xid: Xid,
    pub next_oid: u32,
    /// Unix time (seconds).
    pub time: i64,
}

impl CheckpointData {
    pub fn encode(&self) -> Vec<u8> {
        let mut v = Vec::with_capacity(24);
        v.extend_from_slice(&self.redo.to_le_bytes());
        v.extend_from_slice(&self.next_xid.to_le_bytes());
        v.extend_from_slice(&self.next_oid.to_le_bytes());
        v.extend_from_slice(&self.time.to_le_bytes());
        v
    }
    pub fn decode(b: &[u8]) -> Option<CheckpointData> {
        if b.len() < 24 {
            return None;
        }
        Some(CheckpointData {
            redo: u64::from_le_bytes(b[0..8].try_into().ok()?),
            next_xid: u32::from_le_bytes(b[8..12].try_into().ok()?),
            next_oid: u32::from_le_bytes(b[12..16].try_into().ok()?),
            time: i64::from_le_bytes(b[16..24].try_into().ok()?),
        })
    }
}

// ---------------------------------------------------------------------------------------------
// pg_control.

/// Cluster state as pg_controldata prints it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DbState {
    Startup = 0,
    Shutdowned = 1,
    InCrashRecovery = 3,
    InProduction = 6,
}

impl DbState {
    pub fn from_u32(v: u32) -> DbState {
        match v {
            0 => DbState::Startup,
            1 => DbState::Shutdowned,
            3 => DbState::InCrashRecovery,
            _ => DbState::InProduction,
        }
    }
    /// pg_controldata's wording.
    pub fn describe(self) -> &'static str {
        match self {
            DbState::Startup => "starting up",
            DbState::Shutdowned => "shut down",
            DbState::InCrashRecovery => "in crash recovery",
            DbState::InProduction => "in production",
        }
    }
}

const CONTROL_MAGIC: &[u8; 8] = b"TUSKCTL1";
const CONTROL_SIZE: usize = 72;

/// global/pg_control (Tusk's own binary layout, CRC-protected).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ControlFile {
    pub state: DbState,
    /// Start of the latest checkpoint record.
    pub checkpoint: u64,
    /// Its redo point.
    pub redo: u64,
    pub timeline: u32,
    pub next_xid: Xid,
    pub next_oid: u32,
    /// Unix time (seconds) of the latest checkpoint.
    pub checkpoint_time: i64,
    /// Unix time (seconds) the file was last written.
    pub time: i64,
    pub full_page_writes: bool,
}

impl ControlFile {
    pub fn path(data_dir: &Path) -> PathBuf {
        data_dir.join("global").join("pg_control")
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut v = Vec::with_capacity(CONTROL_SIZE);
        v.extend_from_slice(CONTROL_MAGIC);
        v.extend_from_slice(&(self.state as u32).to_le_bytes());
        v.extend_from_slice(&self.timeline.to_le_bytes());
        v.extend_from_slice(&self.checkpoint.to_le_bytes());
        v.extend_from_slice(&self.redo.to_le_bytes());
        v.extend_from_slice(&self.next_xid.to_le_bytes());
        v.extend_from_slice(&self.next_oid.to_le_bytes());
        v.extend_from_slice(&self.checkpoint_time.to_le_bytes());
        v.extend_from_slice(&self.time.to_le_bytes());
        v.extend_from_slice(&(self.full_page_writes as u32).to_le_bytes());
        v.resize(CONTROL_SIZE - 4, 0);
        let crc = crc32c(&v);
        v.extend_from_slice(&crc.to_le_bytes());
        v
    }

    pub fn decode(b: &[u8]) -> Option<ControlFile> {
        if b.len() < CONTROL_SIZE || &b[0..8] != CONTROL_MAGIC {
            return None;
        }
        let crc = u32::from_le_bytes(b[CONTROL_SIZE - 4..CONTROL_SIZE].try_into().ok()?);
        if crc32c(&b[..CONTROL_SIZE - 4]) != crc {
            return None;
        }
        let u32_at = |o: usize| b[o..o + 4].try_into().ok().map(u32::from_le_bytes);
        let u64_at = |o: usize| b[o..o + 8].try_into().ok().map(u64::from_le_bytes);
        Some(ControlFile {
            state: DbState::from_u32(u32_at(8)?),
            timeline: u32_at(12)?,
            checkpoint: u64_at(16)?,
            redo: u64_at(24)?,
            next_xid: u32_at(32)?,
            next_oid: u32_at(36)?,
            checkpoint_time: u64_at(40)? as i64,
            time: u64_at(48)? as i64,
            full_page_writes: u32_at(56)? != 0,
        })
    }

    /// Read the control file; Ok(None) if there is none.
    pub fn read(data_dir: &Path) -> PgResult<Option<ControlFile>> {
        let path = Self::path(data_dir);
        match std::fs::read(&path) {
            Ok(b) => match ControlFile::decode(&b) {
                Some(c) => Ok(Some(c)),
                None => Err(pg_err!(
                    DATA_CORRUPTED,
                    "incorrect checksum in control file"
                )),
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(io_err("open", &path, &e)),
        }
    }

    /// Write atomically (temp file, fsync, rename, fsync directory).
    pub fn write(&self, data_dir: &Path) -> PgResult<()> {
        let path = Self::path(data_dir);
        let tmp = path.with_extension("tmp");
        let r = (|| -> std::io::Result<()> {
            let f = OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(true)
                .open(&tmp)?;
            f.write_all_at(&self.encode(), 0)?;
            f.sync_all()?;
            std::fs::rename(&tmp, &path)?;
            if let Some(d) = path.parent() {
                File::open(d)?.sync_all()?;
            }
            Ok(())
        })();
        r.map_err(|e| io_err("write", &path, &e))
    }
}

/// Seconds since the Unix epoch.
pub fn now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32c_hardware_matches_table() {
        let data: Vec<u8> = (0..1000u32)
            .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
            .collect();
        for len in [0, 1, 7, 8, 9, 63, 64, 65, 999, 1000] {
            for start in [0, 1, 3] {
                let slice = &data[start..len.max(start)];
                assert_eq!(
                    crc32c_update(!0, slice),
                    crc32c_table(!0, slice),
                    "{len} {start}"
                );
            }
        }
    }

    #[test]
    fn crc32c_known_vector() {
        // CRC-32C of "123456789" is 0xE3069283.
        assert_eq!(crc32c(b"123456789"), 0xE306_9283);
        assert_eq!(crc32c(b""), 0);
    }

    #[test]
    fn segment_names() {
        assert_eq!(segment_file_name(FIRST_LSN), "000000010000000000000001");
        assert_eq!(segment_file_name(0x1_0000_0000), "000000010000000100000000");
        assert_eq!(segment_file_name(0x1_FF00_0000), "0000000100000001000000FF");
        assert_eq!(
            parse_segment_file_name("0000000100000001000000FF"),
            Some(0x1FF)
        );
        assert_eq!(parse_segment_file_name("pg_control"), None);
        assert_eq!(format_lsn(0x1_0016_B374), "1/16B374");
        assert_eq!(format_lsn(0x0100_0028), "0/1000028");
    }

    #[test]
    fn record_roundtrip_and_corruption() {
        let rec = encode_record(42, 0x1000, RM_XACT, XLOG_XACT_COMMIT, b"hello");
        assert_eq!(rec.len() % 8, 0);
        let d = decode_record(0x2000, &rec, Some(0x1000)).unwrap();
        assert_eq!(d.xid, 42);
        assert_eq!(d.rmid, RM_XACT);
        assert_eq!(d.data, b"hello");
        assert_eq!(d.end_lsn, 0x2000 + rec.len() as u64);
        // Wrong back-link.
        assert!(decode_record(0x2000, &rec, Some(0x1008)).is_none());
        // Any flipped bit fails the CRC.
        for i in 0..RECORD_HEADER_SIZE + 5 {
            let mut bad = rec.clone();
            bad[i] ^= 0x04;
            assert!(decode_record(0x2000, &bad, None).is_none(), "byte {i}");
        }
        // Truncated (torn) record.
        assert!(decode_record(0x2000, &rec[..RECORD_HEADER_SIZE + 2], None).is_none());
        // Zeros are the end of WAL.
        assert!(decode_record(0x2000, &[0u8; 64], None).is_none());
    }

    #[test]
    fn write_read_and_torn_tail() {
        let dir = tempfile::tempdir().unwrap();
        let s = WalSettings::default();
        let wal = Wal::open(dir.path(), FIRST_LSN, 0, FIRST_LSN, &s).unwrap();
        let mut lsns = Vec::new();
        for i in 0..100u32 {
            let data = vec![i as u8; (i as usize * 37) % 500];
            lsns.push(wal.insert(i, RM_XACT, 0, &data));
        }
        wal.flush_all().unwrap();
        let mut r = WalReader::new(dir.path(), FIRST_LSN, None);
        for (i, (s, e)) in lsns.iter().enumerate() {
            let rec = r.next_record().unwrap();
            assert_eq!((rec.lsn, rec.end_lsn, rec.xid), (*s, *e, i as u32));
        }
        assert!(r.next_record().is_none());
        // Tear the last record: the reader stops before it.
        let (s50, _) = lsns[50];
        let path = dir.path().join("pg_wal").join(segment_file_name(FIRST_LSN));
        let f = OpenOptions::new().write(true).open(&path).unwrap();
        f.write_all_at(&[0xAB; 3], (s50 % WAL_SEG_SIZE) + 30)
            .unwrap();
        let mut r = WalReader::new(dir.path(), FIRST_LSN, None);
        let mut n = 0;
        while r.next_record().is_some() {
            n += 1;
        }
        assert_eq!(n, 50);
        assert_eq!(r.end_lsn(), s50);
        // Reopen at the end of valid WAL: appending continues there.
        drop(wal);
        let wal = Wal::open(dir.path(), s50, lsns[49].0, FIRST_LSN, &s).unwrap();
        let (a, _) = wal.insert(7, RM_XACT, 0, b"after");
        assert_eq!(a, s50);
        wal.flush_all().unwrap();
        let mut r = WalReader::new(dir.path(), FIRST_LSN, None);
        let mut last = None;
        while let Some(rec) = r.next_record() {
            last = Some(rec);
        }
        assert_eq!(last.unwrap().data, b"after");
    }

    #[test]
    fn records_span_segments() {
        let dir = tempfile::tempdir().unwrap();
        let s = WalSettings {
            fsync: false,
            ..WalSettings::default()
        };
        let start = 2 * WAL_SEG_SIZE - 100;
        let wal = Wal::open(dir.path(), start, 0, start, &s).unwrap();
        let (a, b) = wal.insert(1, RM_PAGE, 0, &[9u8; 300]);
        wal.flush_all().unwrap();
        assert!(b > 2 * WAL_SEG_SIZE);
        let rec = WalReader::read_at(dir.path(), a).unwrap();
        assert_eq!(rec.data, vec![9u8; 300]);
        assert_eq!(wal.remove_old_segments(b).unwrap(), 1);
        assert!(WalReader::read_at(dir.path(), a).is_none());
    }

    #[test]
    fn control_file_roundtrip() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("global")).unwrap();
        assert!(ControlFile::read(dir.path()).unwrap().is_none());
        let c = ControlFile {
            state: DbState::InProduction,
            checkpoint: 0x100_0028,
            redo: 0x100_0000,
            timeline: 1,
            next_xid: 700,
            next_oid: 16384,
            checkpoint_time: 1_700_000_000,
            time: 1_700_000_001,
            full_page_writes: true,
        };
        c.write(dir.path()).unwrap();
        assert_eq!(ControlFile::read(dir.path()).unwrap(), Some(c));
        let mut b = std::fs::read(ControlFile::path(dir.path())).unwrap();
        b[20] ^= 1;
        assert!(ControlFile::decode(&b).is_none());
    }
}
