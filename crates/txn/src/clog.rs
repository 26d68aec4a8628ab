//! The commit log (pg_xact/) in PostgreSQL's layout: 2 status bits per xid, 4 xids per byte,
//! 8 KB pages, 32 pages per segment file named 0000, 0001, ... (hex). Pages are cached in
//! memory; each status change is written through to its segment file (one byte, pwrite) so a
//! commit survives a crash once the OS has the write; `sync` fsyncs the touched segments.

use crate::io_msg;
use common::fasthash::FastMap;
use common::{pg_err, PgResult, Xid};
use std::collections::{HashMap, HashSet};
use std::fs::{File, OpenOptions};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, RwLock};

pub const CLOG_PAGE_SIZE: usize = 8192;
pub const CLOG_XACTS_PER_BYTE: u32 = 4;
pub const CLOG_XACTS_PER_PAGE: u32 = CLOG_PAGE_SIZE as u32 * CLOG_XACTS_PER_BYTE;
pub const SLRU_PAGES_PER_SEGMENT: u32 = 32;

/// Raw 2-bit statuses.
pub const TRANSACTION_STATUS_IN_PROGRESS: u8 = 0;
pub const TRANSACTION_STATUS_COMMITTED: u8 = 1;
pub const TRANSACTION_STATUS_ABORTED: u8 = 2;
pub const TRANSACTION_STATUS_SUB_COMMITTED: u8 = 3;

type Page = Box<[u8; CLOG_PAGE_SIZE]>;

#[derive(Default)]
struct Io {
    files: HashMap<u32, File>,
    unsynced: HashSet<u32>,
}

/// The commit log of one cluster.
pub struct Clog {
    dir: PathBuf,
    pages: RwLock<FastMap<u32, Page>>,
    io: Mutex<Io>,
}

/// Segment file name of segment `seg` ("0000", "0001", ..., "000A").
pub fn segment_name(seg: u32) -> String {
    format!("{seg:04X}")
}

#[inline]
fn locate(xid: Xid) -> (u32, usize, u32) {
    let page = xid / CLOG_XACTS_PER_PAGE;
    let byte = ((xid % CLOG_XACTS_PER_PAGE) / CLOG_XACTS_PER_BYTE) as usize;
    let shift = (xid % CLOG_XACTS_PER_BYTE) * 2;
    (page, byte, shift)
}

impl Clog {
    pub fn open(data_dir: &Path) -> PgResult<Clog> {
        let dir = data_dir.join("pg_xact");
        std::fs::create_dir_all(&dir).map_err(|e| {
            pg_err!(
                IO_ERROR,
                "could not create directory \"{}\": {}",
                dir.display(),
                io_msg(&e)
            )
        })?;
        Ok(Clog {
            dir,
            pages: RwLock::new(FastMap::default()),
            io: Mutex::new(Io::default()),
        })
    }

    fn read_page_from_disk(&self, pageno: u32) -> PgResult<Page> {
        let mut page: Page = Box::new([0u8; CLOG_PAGE_SIZE]);
        let seg = pageno / SLRU_PAGES_PER_SEGMENT;
        let path = self.dir.join(segment_name(seg));
        match File::open(&path) {
            Ok(f) => {
                let pos = (pageno % SLRU_PAGES_PER_SEGMENT) as u64 * CLOG_PAGE_SIZE as u64;
                let mut done = 0;
                while done < CLOG_PAGE_SIZE {
                    match f.read_at(&mut page[done..], pos + done as u64) {
                        Ok(0) => break, // past EOF: zeros (in progress)
                        Ok(n) => done += n,
                        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                        Err(e) => {
                            return Err(pg_err!(
                                IO_ERROR,
                                "could not read from file \"pg_xact/{}\": {}",
                                segment_name(seg),
                                io_msg(&e)
                            ))
                        }
                    }
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(pg_err!(
                    IO_ERROR,
                    "could not open file \"pg_xact/{}\": {}",
                    segment_name(seg),
                    io_msg(&e)
                ))
            }
        }
        Ok(page)
    }

    fn ensure_page(&self, pageno: u32) -> PgResult<()> {
        if self
            .pages
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .contains_key(&pageno)
        {
            return Ok(());
        }
        let page = self.read_page_from_disk(pageno)?;
        self.pages
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .entry(pageno)
            .or_insert(page);
        Ok(())
    }

    /// The raw 2-bit status of `xid` (read errors read as "in progress").
    pub fn get(&self, xid: Xid) -> u8 {
        let (pageno, byte, shift) = locate(xid);
        {
            let pages = self.pages.read().unwrap_or_else(|e| e.into_inner());
            if let Some(p) = pages.get(&pageno) {
                return (p[byte] >> shift) & 3;
            }
        }
        if self.ensure_page(pageno).is_err() {
            return TRANSACTION_STATUS_IN_PROGRESS;
        }
        let pages = self.pages.read().unwrap_or_else(|e| e.into_inner());
        pages
            .get(&pageno)
            .map_or(TRANSACTION_STATUS_IN_PROGRESS, |p| (p[byte] >> shift) & 3)
    }

    /// Set the status of `xid` and write the changed byte through to its segment file.
    pub fn set(&self, xid: Xid, status: u8) -> PgResult<()> {
        let (pageno, byte, shift) = locate(xid);
        self.ensure_page(pageno)?;
        let mut io = self.io.lock().unwrap_or_else(|e| e.into_inner());
        let value = {
            let mut pages = self.pages.write().unwrap_or_else(|e| e.into_inner());
            let Some(p) = pages.get_mut(&pageno) else {
                return Err(pg_err!(INTERNAL_ERROR, "clog page {} vanished", pageno));
            };
            p[byte] = (p[byte] & !(3 << shift)) | ((status & 3) << shift);
            p[byte]
        };
        let seg = pageno / SLRU_PAGES_PER_SEGMENT;
        if let std::collections::hash_map::Entry::Vacant(v) = io.files.entry(seg) {
            let f = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(self.dir.join(segment_name(seg)))
                .map_err(|e| {
                    pg_err!(
                        IO_ERROR,
                        "could not open file \"pg_xact/{}\": {}",
                        segment_name(seg),
                        io_msg(&e)
                    )
                })?;
            v.insert(f);
        }
        let pos = (pageno % SLRU_PAGES_PER_SEGMENT) as u64 * CLOG_PAGE_SIZE as u64 + byte as u64;
        if let Some(f) = io.files.get(&seg) {
            f.write_all_at(&[value], pos).map_err(|e| {
                pg_err!(
                    IO_ERROR,
                    "could not write to file \"pg_xact/{}\": {}",
                    segment_name(seg),
                    io_msg(&e)
                )
            })?;
        }
        io.unsynced.insert(seg);
        Ok(())
    }

    /// fsync every segment written since the last sync.
    pub fn sync(&self) -> PgResult<()> {
        let mut io = self.io.lock().unwrap_or_else(|e| e.into_inner());
        let segs: Vec<u32> = io.unsynced.drain().collect();
        for seg in segs {
            if let Some(f) = io.files.get(&seg) {
                f.sync_all().map_err(|e| {
                    pg_err!(
                        IO_ERROR,
                        "could not fsync file \"pg_xact/{}\": {}",
                        segment_name(seg),
                        io_msg(&e)
                    )
                })?;
            }
        }
        Ok(())
    }
}
