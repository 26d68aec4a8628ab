//! Storage manager: a relation's main fork as one file (global/<relfilenode> for the global
//! tablespace, base/<db>/<relfilenode> otherwise) read and written in 8 KB blocks with
//! pread/pwrite. Open file handles are cached; files written since the last sync are fsynced
//! by `sync_all`. (No 1 GB segmentation: one file per relation.)

use crate::{BlockNumber, RelFileNode, BLCKSZ, GLOBALTABLESPACE_OID};
use common::fasthash::FastMap;
use common::{pg_err, PgError, PgResult};
use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

/// Cap on cached open files; beyond it the cache is synced and emptied.
const MAX_OPEN_FILES: usize = 512;

/// Relative path of a relation's main fork, as PostgreSQL names it.
pub fn relpath(rel: RelFileNode) -> String {
    if rel.spc_node == GLOBALTABLESPACE_OID {
        format!("global/{}", rel.rel_node)
    } else {
        format!("base/{}/{}", rel.db_node, rel.rel_node)
    }
}

/// An I/O error as strerror text (%m), without Rust's " (os error N)" suffix.
pub fn io_msg(e: &std::io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

fn file_err(what: &str, path: &str, e: &std::io::Error) -> PgError {
    let code = match e.kind() {
        std::io::ErrorKind::NotFound => common::sqlstate::UNDEFINED_FILE,
        std::io::ErrorKind::AlreadyExists => common::sqlstate::DUPLICATE_FILE,
        _ => common::sqlstate::IO_ERROR,
    };
    PgError::new(
        code,
        format!("could not {what} file \"{path}\": {}", io_msg(e)),
    )
}

#[derive(Default)]
struct Files {
    open: FastMap<RelFileNode, Arc<File>>,
    /// Files written since the last sync.
    unsynced: HashSet<RelFileNode>,
    /// Known relation sizes in blocks (all writes go through here, so this stays exact).
    sizes: FastMap<RelFileNode, BlockNumber>,
}

/// The storage manager of one data directory.
pub struct Smgr {
    data_dir: PathBuf,
    files: Mutex<Files>,
}

impl Smgr {
    /// Close and forget every file of database `db`.
    pub fn forget_database(&self, db: common::Oid) {
        let mut f = self.files.lock().unwrap_or_else(|e| e.into_inner());
        f.open.retain(|r, _| r.db_node != db);
        f.unsynced.retain(|r| r.db_node != db);
        f.sizes.retain(|r, _| r.db_node != db);
    }

    pub fn new(data_dir: &Path) -> Smgr {
        Smgr {
            data_dir: data_dir.to_path_buf(),
            files: Mutex::new(Files::default()),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Files> {
        self.files.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn full_path(&self, rel: RelFileNode) -> PathBuf {
        self.data_dir.join(relpath(rel))
    }

    /// The open file of `rel` (opened and cached on first use).
    fn file(&self, rel: RelFileNode) -> PgResult<Arc<File>> {
        let mut files = self.lock();
        if let Some(f) = files.open.get(&rel) {
            return Ok(f.clone());
        }
        if files.open.len() >= MAX_OPEN_FILES {
            for r in std::mem::take(&mut files.unsynced) {
                if let Some(f) = files.open.get(&r) {
                    f.sync_data()
                        .map_err(|e| file_err("fsync", &relpath(r), &e))?;
                }
            }
            files.open.clear();
        }
        let f = OpenOptions::new()
            .read(true)
            .write(true)
            .open(self.full_path(rel))
            .map_err(|e| file_err("open", &relpath(rel), &e))?;
        let f = Arc::new(f);
        files.open.insert(rel, f.clone());
        Ok(f)
    }

    /// Create the relation's (empty) file, with its parent directory. An existing file is kept.
    pub fn create(&self, rel: RelFileNode) -> PgResult<()> {
        let path = self.full_path(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| {
                PgError::new(
                    common::sqlstate::IO_ERROR,
                    format!(
                        "could not create directory \"{}\": {}",
                        dir.display(),
                        io_msg(&e)
                    ),
                )
            })?;
        }
        let f = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| file_err("create", &relpath(rel), &e))?;
        let mut files = self.lock();
        files.open.insert(rel, Arc::new(f));
        files.unsynced.insert(rel);
        files.sizes.remove(&rel);
        Ok(())
    }

    /// True if the relation's file exists.
    pub fn exists(&self, rel: RelFileNode) -> bool {
        self.lock().open.contains_key(&rel) || self.full_path(rel).exists()
    }

    /// Delete the relation's file (missing files are ignored).
    pub fn unlink(&self, rel: RelFileNode) -> PgResult<()> {
        {
            let mut files = self.lock();
            files.open.remove(&rel);
            files.unsynced.remove(&rel);
            files.sizes.remove(&rel);
        }
        match std::fs::remove_file(self.full_path(rel)) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(file_err("remove", &relpath(rel), &e)),
        }
    }

    /// Number of blocks, from the file length.
    pub fn nblocks(&self, rel: RelFileNode) -> PgResult<BlockNumber> {
        if let Some(&n) = self.lock().sizes.get(&rel) {
            return Ok(n);
        }
        let f = self.file(rel)?;
        let len = f
            .metadata()
            .map_err(|e| file_err("stat", &relpath(rel), &e))?
            .len();
        let n = (len / BLCKSZ as u64) as BlockNumber;
        let mut files = self.lock();
        let e = files.sizes.entry(rel).or_insert(n);
        *e = (*e).max(n);
        Ok(*e)
    }

    /// Read block `block` into `buf`.
    pub fn read(&self, rel: RelFileNode, block: BlockNumber, buf: &mut [u8]) -> PgResult<()> {
        let f = self.file(rel)?;
        let pos = block as u64 * BLCKSZ as u64;
        let mut done = 0;
        while done < BLCKSZ {
            match f.read_at(&mut buf[done..BLCKSZ], pos + done as u64) {
                Ok(0) => break,
                Ok(n) => done += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    return Err(pg_err!(
                        IO_ERROR,
                        "could not read block {} in file \"{}\": {}",
                        block,
                        relpath(rel),
                        io_msg(&e)
                    ))
                }
            }
        }
        if done < BLCKSZ {
            return Err(pg_err!(
                DATA_CORRUPTED,
                "could not read block {} in file \"{}\": read only {} of {} bytes",
                block,
                relpath(rel),
                done,
                BLCKSZ
            ));
        }
        Ok(())
    }

    /// Write `buf` as block `block` (which may be at or beyond the end: the file grows).
    pub fn write(&self, rel: RelFileNode, block: BlockNumber, buf: &[u8]) -> PgResult<()> {
        let f = self.file(rel)?;
        let pos = block as u64 * BLCKSZ as u64;
        f.write_all_at(&buf[..BLCKSZ], pos).map_err(|e| {
            pg_err!(
                IO_ERROR,
                "could not write block {} in file \"{}\": {}",
                block,
                relpath(rel),
                io_msg(&e)
            )
        })?;
        let mut files = self.lock();
        if !files.unsynced.contains(&rel) {
            files.unsynced.insert(rel);
        }
        if let Some(n) = files.sizes.get_mut(&rel) {
            *n = (*n).max(block + 1);
        }
        Ok(())
    }

    /// Truncate the relation to `nblocks` blocks.
    pub fn truncate(&self, rel: RelFileNode, nblocks: BlockNumber) -> PgResult<()> {
        let f = self.file(rel)?;
        f.set_len(nblocks as u64 * BLCKSZ as u64)
            .map_err(|e| file_err("truncate", &relpath(rel), &e))?;
        let mut files = self.lock();
        files.unsynced.insert(rel);
        files.sizes.insert(rel, nblocks);
        Ok(())
    }

    /// Record that `rel` now has `nblocks` blocks although the new ones are not written yet
    /// (relation extension: the new block lives in a dirty buffer until it is written out).
    /// The caller holds the relation's extension lock and has called `nblocks` under it.
    pub fn set_logical_size(&self, rel: RelFileNode, nblocks: BlockNumber) {
        self.lock().sizes.insert(rel, nblocks);
    }

    /// fsync one relation's file.
    pub fn sync(&self, rel: RelFileNode) -> PgResult<()> {
        let f = self.file(rel)?;
        f.sync_all()
            .map_err(|e| file_err("fsync", &relpath(rel), &e))?;
        self.lock().unsynced.remove(&rel);
        Ok(())
    }

    /// fsync every file written since the last sync.
    pub fn sync_all(&self) -> PgResult<()> {
        let todo: Vec<(RelFileNode, Arc<File>)> = {
            let mut files = self.lock();
            let rels: Vec<RelFileNode> = files.unsynced.drain().collect();
            rels.into_iter()
                .filter_map(|r| files.open.get(&r).map(|f| (r, f.clone())))
                .collect()
        };
        for (r, f) in todo {
            if let Err(e) = f.sync_all() {
                self.lock().unsynced.insert(r);
                return Err(file_err("fsync", &relpath(r), &e));
            }
        }
        Ok(())
    }
}
