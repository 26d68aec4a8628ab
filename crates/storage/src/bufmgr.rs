//! Buffer manager: the shared pool of `shared_buffers` 8 KB pages caching relation blocks.
//! A buffer table maps (relation, block) to a buffer under one mutex; each buffer has a pin
//! count, usage count (clock sweep), dirty/valid flags and a reader-writer content lock over
//! its page bytes. Replacement is PostgreSQL's clock sweep; dirty victims are written back
//! first. Before a dirty page is written, the WAL flush hook (if installed) is called with the
//! page LSN — the write-ahead rule's insertion point. Relation extension is serialised per
//! relation, and a small per-relation free-space hint lets inserts find room without scanning.

use crate::page::{page_init, page_is_valid, page_lsn};
use crate::smgr::{relpath, Smgr};
use crate::wal::Wal;
use crate::{BlockNumber, RelFileNode, BLCKSZ};
use common::fasthash::FastMap;
use common::{pg_err, PgResult};
use std::collections::HashMap;
use std::ops::{Deref, DerefMut};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, RwLock, RwLockReadGuard, RwLockWriteGuard};

/// PostgreSQL's BM_MAX_USAGE_COUNT.
const MAX_USAGE_COUNT: u32 = 5;
/// Most free-space hints remembered per relation.
const FSM_MAX_ENTRIES: usize = 64;

/// Called with a page's LSN before the page is written out: must make WAL durable up to it.
pub type WalFlushHook = Box<dyn Fn(u64) -> PgResult<()> + Send + Sync>;

type Tag = (RelFileNode, BlockNumber);
type PageBytes = Box<[u8; BLCKSZ]>;

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

struct BufferDesc {
    /// The block held; changed only while holding the buffer table lock.
    tag: Mutex<Option<Tag>>,
    refcount: AtomicU32,
    usage: AtomicU32,
    dirty: AtomicBool,
    /// The page bytes reflect the block (read in successfully).
    valid: AtomicBool,
    page: RwLock<PageBytes>,
}

/// Hasher for buffer tags: a multiply-rotate mix of the tag's integer fields, much cheaper
/// than SipHash on the pin path (tags are not attacker-chosen keys).
#[derive(Default, Clone, Copy)]
struct TagHasher(u64);

impl std::hash::Hasher for TagHasher {
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    #[inline]
    fn write_u32(&mut self, v: u32) {
        self.write_u64(u64::from(v));
    }
    #[inline]
    fn write_u64(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    #[inline]
    fn write_usize(&mut self, v: usize) {
        self.write_u64(v as u64);
    }
}

type TagBuild = std::hash::BuildHasherDefault<TagHasher>;

struct Table {
    map: HashMap<Tag, usize, TagBuild>,
    clock: usize,
}

pub(crate) struct Pool {
    descs: Vec<BufferDesc>,
    table: Mutex<Table>,
    pub(crate) smgr: Smgr,
    wal_hook: RwLock<Option<WalFlushHook>>,
    /// The WAL page changes are logged to (once attached).
    pub(crate) wal: OnceLock<Arc<Wal>>,
}

/// The storage manager and buffer pool of one cluster.
pub struct Storage {
    pub(crate) pool: Arc<Pool>,
    data_dir: PathBuf,
    ext_locks: Mutex<FastMap<RelFileNode, Arc<Mutex<()>>>>,
    fsm: Mutex<FastMap<RelFileNode, Vec<(BlockNumber, u16)>>>,
    /// Per-relation hint word an access method may cache (the B-tree caches its root block and
    /// level); dropped whenever the relation is truncated or unlinked. Users must validate it.
    rel_hints: RwLock<FastMap<RelFileNode, u64>>,
}

/// A pinned buffer; unpinned on drop.
pub struct BufferRef {
    pool: Arc<Pool>,
    id: usize,
    rel: RelFileNode,
    block: BlockNumber,
}

/// Shared access to a buffer's page (holds its content lock in share mode).
pub struct BufferReadGuard<'a> {
    g: RwLockReadGuard<'a, PageBytes>,
}

/// Exclusive access to a buffer's page (holds its content lock exclusively; buffer is dirty).
/// When WAL is attached, the change is WAL-logged and the page LSN set when the guard drops.
pub struct BufferWriteGuard<'a> {
    g: RwLockWriteGuard<'a, PageBytes>,
    log: Option<PageLog<'a>>,
}

struct PageLog<'a> {
    wal: &'a Wal,
    rel: RelFileNode,
    block: BlockNumber,
    before: PageBytes,
}

impl Drop for BufferWriteGuard<'_> {
    fn drop(&mut self) {
        if let Some(l) = self.log.take() {
            crate::xlogpage::log_page_change(l.wal, l.rel, l.block, &l.before[..], &mut self.g[..]);
            put_spare_page(l.before);
        }
    }
}

/// Most before-image buffers a thread keeps for reuse.
const MAX_SPARE_PAGES: usize = 4;

thread_local! {
    /// Before-image buffers of finished write guards, reused by the next ones (a logged page
    /// change would otherwise allocate and free 8 KB each time).
    static SPARE_PAGES: std::cell::RefCell<Vec<PageBytes>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A copy of `page` in a (reused) page buffer.
fn before_image(page: &[u8; BLCKSZ]) -> PageBytes {
    let spare = SPARE_PAGES.with(|s| s.try_borrow_mut().ok().and_then(|mut v| v.pop()));
    match spare {
        Some(mut b) => {
            b.copy_from_slice(page);
            b
        }
        None => {
            let mut b = new_page_bytes();
            b.copy_from_slice(page);
            b
        }
    }
}

fn put_spare_page(b: PageBytes) {
    SPARE_PAGES.with(|s| {
        if let Ok(mut v) = s.try_borrow_mut() {
            if v.len() < MAX_SPARE_PAGES {
                v.push(b);
            }
        }
    });
}

impl Deref for BufferReadGuard<'_> {
    type Target = [u8; BLCKSZ];
    #[inline]
    fn deref(&self) -> &[u8; BLCKSZ] {
        &self.g
    }
}
impl Deref for BufferWriteGuard<'_> {
    type Target = [u8; BLCKSZ];
    #[inline]
    fn deref(&self) -> &[u8; BLCKSZ] {
        &self.g
    }
}
impl DerefMut for BufferWriteGuard<'_> {
    #[inline]
    fn deref_mut(&mut self) -> &mut [u8; BLCKSZ] {
        &mut self.g
    }
}

fn new_page_bytes() -> PageBytes {
    Box::new([0u8; BLCKSZ])
}

impl Pool {
    fn table(&self) -> MutexGuard<'_, Table> {
        lock(&self.table)
    }

    fn unpin(&self, id: usize) {
        self.descs[id].refcount.fetch_sub(1, Ordering::AcqRel);
    }

    /// Clock sweep for a victim; returns it pinned. Caller holds the table lock.
    fn clock_sweep(&self, t: &mut Table) -> PgResult<usize> {
        let n = self.descs.len();
        for _ in 0..n * (MAX_USAGE_COUNT as usize + 2) {
            let id = t.clock;
            t.clock = (t.clock + 1) % n;
            let d = &self.descs[id];
            if d.refcount.load(Ordering::Acquire) == 0 {
                let u = d.usage.load(Ordering::Relaxed);
                if u == 0 {
                    d.refcount.store(1, Ordering::Release);
                    return Ok(id);
                }
                d.usage.store(u - 1, Ordering::Relaxed);
            }
        }
        Err(pg_err!(INTERNAL_ERROR, "no unpinned buffers available"))
    }

    /// Write buffer `id` out if dirty. Caller holds a pin.
    fn flush_buffer(&self, id: usize) -> PgResult<()> {
        let d = &self.descs[id];
        let g = d.page.read().unwrap_or_else(|e| e.into_inner());
        if !d.dirty.swap(false, Ordering::AcqRel) {
            return Ok(());
        }
        let tag = *lock(&d.tag);
        let Some((rel, block)) = tag else {
            return Ok(());
        };
        let res = (|| {
            // WAL rule: WAL describing this page must reach disk before the page does.
            if let Some(hook) = self
                .wal_hook
                .read()
                .unwrap_or_else(|e| e.into_inner())
                .as_ref()
            {
                hook(page_lsn(&g[..]))?;
            }
            self.smgr.write(rel, block, &g[..])
        })();
        if res.is_err() {
            d.dirty.store(true, Ordering::Release);
        }
        res
    }

    /// Pin (rel, block), reading it in (or, with `init`, setting its contents) as needed.
    pub(crate) fn pin(
        self: &Arc<Self>,
        rel: RelFileNode,
        block: BlockNumber,
        init: Option<&[u8]>,
    ) -> PgResult<BufferRef> {
        let tag = (rel, block);
        loop {
            let mut t = self.table();
            if let Some(&id) = t.map.get(&tag) {
                let d = &self.descs[id];
                d.refcount.fetch_add(1, Ordering::AcqRel);
                let u = d.usage.load(Ordering::Relaxed);
                if u < MAX_USAGE_COUNT {
                    d.usage.store(u + 1, Ordering::Relaxed);
                }
                drop(t);
                let b = BufferRef {
                    pool: self.clone(),
                    id,
                    rel,
                    block,
                };
                // A buffer already mapped holds what is on disk or newer (even when extending:
                // another backend may have read the new block in and used it already).
                if !d.valid.load(Ordering::Acquire) {
                    // Another backend is reading it in (or failed to): wait, then retry the
                    // read ourselves if needed.
                    let mut g = d.page.write().unwrap_or_else(|e| e.into_inner());
                    if !d.valid.load(Ordering::Acquire) {
                        match init {
                            Some(p) => g.copy_from_slice(&p[..BLCKSZ]),
                            None => self.load_page(rel, block, &mut g[..])?,
                        }
                        d.valid.store(true, Ordering::Release);
                    }
                }
                return Ok(b);
            }
            let id = self.clock_sweep(&mut t)?;
            let d = &self.descs[id];
            if d.dirty.load(Ordering::Acquire) {
                drop(t);
                if let Err(e) = self.flush_buffer(id) {
                    self.unpin(id);
                    return Err(e);
                }
                t = self.table();
                if d.refcount.load(Ordering::Acquire) != 1
                    || d.dirty.load(Ordering::Acquire)
                    || t.map.contains_key(&tag)
                {
                    self.unpin(id);
                    continue;
                }
            }
            {
                let mut dt = lock(&d.tag);
                if let Some(old) = dt.take() {
                    t.map.remove(&old);
                }
                *dt = Some(tag);
            }
            t.map.insert(tag, id);
            d.valid.store(false, Ordering::Release);
            d.usage.store(1, Ordering::Relaxed);
            // Nobody else holds a pin, so nobody holds the content lock: this cannot block.
            let mut g = d.page.write().unwrap_or_else(|e| e.into_inner());
            drop(t);
            let b = BufferRef {
                pool: self.clone(),
                id,
                rel,
                block,
            };
            match init {
                Some(p) => g.copy_from_slice(&p[..BLCKSZ]),
                None => self.load_page(rel, block, &mut g[..])?,
            }
            d.valid.store(true, Ordering::Release);
            drop(g);
            return Ok(b);
        }
    }

    fn load_page(&self, rel: RelFileNode, block: BlockNumber, buf: &mut [u8]) -> PgResult<()> {
        self.smgr.read(rel, block, buf)?;
        if !page_is_valid(buf) {
            return Err(pg_err!(
                DATA_CORRUPTED,
                "invalid page in block {} of relation {}",
                block,
                relpath(rel)
            ));
        }
        Ok(())
    }

    /// Forget every buffer of database `db` (dirty contents are discarded).
    pub(crate) fn drop_db_buffers(&self, db: common::Oid) {
        let mut t = self.table();
        for d in self.descs.iter() {
            let mut dt = lock(&d.tag);
            if let Some(tag) = *dt {
                if tag.0.db_node == db && tag.0.spc_node != crate::GLOBALTABLESPACE_OID {
                    t.map.remove(&tag);
                    *dt = None;
                    d.dirty.store(false, Ordering::Release);
                    d.valid.store(false, Ordering::Release);
                    d.usage.store(0, Ordering::Relaxed);
                }
            }
        }
    }

    /// Forget every buffer of `rel` (dirty contents are discarded).
    pub(crate) fn drop_rel_buffers(&self, rel: RelFileNode, from_block: BlockNumber) {
        let mut t = self.table();
        for (id, d) in self.descs.iter().enumerate() {
            let mut dt = lock(&d.tag);
            if let Some(tag) = *dt {
                if tag.0 == rel && tag.1 >= from_block {
                    t.map.remove(&tag);
                    *dt = None;
                    d.dirty.store(false, Ordering::Release);
                    d.valid.store(false, Ordering::Release);
                    d.usage.store(0, Ordering::Relaxed);
                    let _ = id;
                }
            }
        }
    }

    /// Write out dirty buffers (all, or those of one relation).
    fn flush(&self, only: Option<RelFileNode>) -> PgResult<()> {
        for id in 0..self.descs.len() {
            let d = &self.descs[id];
            if !d.dirty.load(Ordering::Acquire) {
                continue;
            }
            {
                let _t = self.table();
                let tag = *lock(&d.tag);
                match tag {
                    Some((r, _)) if only.is_none_or(|o| o == r) => {}
                    _ => continue,
                }
                d.refcount.fetch_add(1, Ordering::AcqRel);
            }
            let r = self.flush_buffer(id);
            self.unpin(id);
            r?;
        }
        Ok(())
    }
}

impl Storage {
    /// Open the cluster's storage with a pool of `shared_buffers` pages.
    pub fn open(data_dir: &Path, shared_buffers: usize) -> PgResult<Arc<Storage>> {
        let n = shared_buffers.max(16);
        for sub in ["global", "base"] {
            std::fs::create_dir_all(data_dir.join(sub)).map_err(|e| {
                pg_err!(
                    IO_ERROR,
                    "could not create directory \"{}\": {}",
                    data_dir.join(sub).display(),
                    crate::smgr::io_msg(&e)
                )
            })?;
        }
        let mut descs = Vec::new();
        descs
            .try_reserve_exact(n)
            .map_err(|_| pg_err!(OUT_OF_MEMORY, "could not allocate {} shared buffers", n))?;
        for _ in 0..n {
            descs.push(BufferDesc {
                tag: Mutex::new(None),
                refcount: AtomicU32::new(0),
                usage: AtomicU32::new(0),
                dirty: AtomicBool::new(false),
                valid: AtomicBool::new(false),
                page: RwLock::new(new_page_bytes()),
            });
        }
        Ok(Arc::new(Storage {
            pool: Arc::new(Pool {
                descs,
                table: Mutex::new(Table {
                    map: HashMap::with_capacity_and_hasher(n, TagBuild::default()),
                    clock: 0,
                }),
                smgr: Smgr::new(data_dir),
                wal_hook: RwLock::new(None),
                wal: OnceLock::new(),
            }),
            data_dir: data_dir.to_path_buf(),
            ext_locks: Mutex::new(FastMap::default()),
            fsm: Mutex::new(FastMap::default()),
            rel_hints: RwLock::new(FastMap::default()),
        }))
    }

    /// The data directory.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// Number of buffers in the pool.
    pub fn shared_buffers(&self) -> usize {
        self.pool.descs.len()
    }

    /// Install the WAL flush hook, called with a dirty page's LSN before it is written out.
    pub fn set_wal_flush_hook(&self, hook: WalFlushHook) {
        *self
            .pool
            .wal_hook
            .write()
            .unwrap_or_else(|e| e.into_inner()) = Some(hook);
    }

    /// Attach the WAL: from now on page changes made through `BufferRef::write` and relation
    /// file create/truncate/unlink are WAL-logged, and a dirty page is written only after the
    /// WAL up to its LSN is flushed. Call once, after recovery.
    pub fn attach_wal(&self, wal: Arc<Wal>) {
        let w = wal.clone();
        self.set_wal_flush_hook(Box::new(move |lsn| w.flush(lsn)));
        let _ = self.pool.wal.set(wal);
    }

    /// The attached WAL, if any.
    pub fn wal(&self) -> Option<&Arc<Wal>> {
        self.pool.wal.get()
    }

    /// Create the (empty) main fork file of a new relation. An existing file is kept as is.
    pub fn create_relation(&self, rel: RelFileNode) -> PgResult<()> {
        self.log_storage(
            crate::wal::RM_SMGR,
            crate::wal::XLOG_SMGR_CREATE,
            &crate::xlogpage::smgr_record(rel, None),
        );
        self.pool.smgr.create(rel)
    }

    /// True if the relation's file exists.
    pub fn relation_exists(&self, rel: RelFileNode) -> bool {
        self.pool.smgr.exists(rel)
    }

    /// Discard the relation's buffers and delete its files.
    pub fn unlink_relation(&self, rel: RelFileNode) -> PgResult<()> {
        self.log_storage(
            crate::wal::RM_SMGR,
            crate::wal::XLOG_SMGR_UNLINK,
            &crate::xlogpage::smgr_record(rel, None),
        );
        self.pool.drop_rel_buffers(rel, 0);
        self.clear_rel_hint(rel);
        lock(&self.fsm).remove(&rel);
        lock(&self.ext_locks).remove(&rel);
        self.pool.smgr.unlink(rel)
    }

    /// Forget everything cached about database `db` (buffers, open files, free space) before
    /// its directory is removed (DROP DATABASE, or an aborted CREATE DATABASE).
    pub fn forget_database(&self, db: common::Oid) {
        self.pool.drop_db_buffers(db);
        self.rel_hints
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|r, _| r.db_node != db);
        lock(&self.fsm).retain(|r, _| r.db_node != db);
        lock(&self.ext_locks).retain(|r, _| r.db_node != db);
        self.pool.smgr.forget_database(db);
    }

    /// Cut the relation down to `nblocks` blocks, discarding buffers beyond (TRUNCATE, vacuum).
    pub fn truncate_relation(&self, rel: RelFileNode, nblocks: BlockNumber) -> PgResult<()> {
        let l = self.ext_lock(rel);
        let _g = lock(&l);
        // The truncation must be in durable WAL before the file shrinks.
        if let Some(end) = self.log_storage(
            crate::wal::RM_SMGR,
            crate::wal::XLOG_SMGR_TRUNCATE,
            &crate::xlogpage::smgr_record(rel, Some(nblocks)),
        ) {
            if let Some(w) = self.pool.wal.get() {
                w.flush(end)?;
            }
        }
        self.pool.drop_rel_buffers(rel, nblocks);
        self.clear_rel_hint(rel);
        if let Some(v) = lock(&self.fsm).get_mut(&rel) {
            v.retain(|&(b, _)| b < nblocks);
        }
        self.pool.smgr.truncate(rel, nblocks)
    }

    /// Number of blocks in the relation.
    pub fn nblocks(&self, rel: RelFileNode) -> PgResult<BlockNumber> {
        self.pool.smgr.nblocks(rel)
    }

    /// Pin block `block` of `rel`, reading it in if needed.
    pub fn read_buffer(&self, rel: RelFileNode, block: BlockNumber) -> PgResult<BufferRef> {
        self.pool.pin(rel, block, None)
    }

    fn ext_lock(&self, rel: RelFileNode) -> Arc<Mutex<()>> {
        lock(&self.ext_locks).entry(rel).or_default().clone()
    }

    /// Append a new, initialised (empty heap page) block to `rel` and return it pinned.
    /// Concurrent extenders of the same relation are serialised (relation extension lock).
    pub fn extend_relation(&self, rel: RelFileNode) -> PgResult<BufferRef> {
        let l = self.ext_lock(rel);
        let _g = lock(&l);
        let n = self.pool.smgr.nblocks(rel)?;
        if n == BlockNumber::MAX {
            return Err(pg_err!(
                PROGRAM_LIMIT_EXCEEDED,
                "cannot extend file \"{}\" beyond {} blocks",
                relpath(rel),
                BlockNumber::MAX
            ));
        }
        let mut page = vec![0u8; BLCKSZ];
        page_init(&mut page, 0);
        // The new block is not written to the file here (that doubled the write volume of
        // bulk loads). Instead it is first installed in the pool, valid and dirty, and only
        // then does the recorded size (nblocks) advance, all under the extension lock: a
        // reader that sees the new size finds the block in the pool, and once the buffer is
        // evicted it has been written (a dirty buffer is written before it is reused), so the
        // block is always readable, from the pool or from the file. (Advancing the size
        // before the block was in the pool let a reader miss it and read past the end of the
        // file.) Its first logged change is a full-page image (the new page has LSN 0), and
        // redo extends the file as needed, so recovery never depends on the block having been
        // written; an extension never logged is simply lost with a crash, as nothing can
        // refer to it.
        let b = self.pool.pin(rel, n, Some(&page))?;
        b.mark_dirty();
        self.pool.smgr.set_logical_size(rel, n + 1);
        Ok(b)
    }

    /// Write every dirty buffer and fsync the files (checkpoint / clean shutdown).
    pub fn flush_all(&self) -> PgResult<()> {
        self.pool.flush(None)?;
        self.pool.smgr.sync_all()
    }

    /// Write the dirty buffers of one relation and fsync its file.
    pub fn flush_relation(&self, rel: RelFileNode) -> PgResult<()> {
        self.pool.flush(Some(rel))?;
        self.pool.smgr.sync(rel)
    }

    /// The hint word cached for `rel` (see `set_rel_hint`), if any.
    pub fn rel_hint(&self, rel: RelFileNode) -> Option<u64> {
        self.rel_hints
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(&rel)
            .copied()
    }

    /// Cache a hint word for `rel` (e.g. a B-tree's root block and level). It is forgotten when
    /// the relation is truncated or unlinked; readers must still validate what it points at.
    pub fn set_rel_hint(&self, rel: RelFileNode, v: u64) {
        let mut h = self.rel_hints.write().unwrap_or_else(|e| e.into_inner());
        if h.get(&rel) != Some(&v) {
            h.insert(rel, v);
        }
    }

    /// Forget the hint word of `rel`.
    pub fn clear_rel_hint(&self, rel: RelFileNode) {
        let mut h = self.rel_hints.write().unwrap_or_else(|e| e.into_inner());
        h.remove(&rel);
    }

    /// Free-space hint: a block of `rel` believed to have at least `needed` free bytes (the
    /// most recently recorded one), if any.
    pub fn fsm_search(&self, rel: RelFileNode, needed: usize) -> Option<BlockNumber> {
        let fsm = lock(&self.fsm);
        fsm.get(&rel)?
            .iter()
            .rev()
            .find(|&&(_, free)| free as usize >= needed)
            .map(|&(b, _)| b)
    }

    /// Record that block `block` of `rel` has `free` bytes available.
    pub fn fsm_record(&self, rel: RelFileNode, block: BlockNumber, free: usize) {
        let mut fsm = lock(&self.fsm);
        let v = fsm.entry(rel).or_default();
        let free = free.min(BLCKSZ) as u16;
        if let Some(pos) = v.iter().position(|&(b, _)| b == block) {
            v.remove(pos);
        }
        if free < 64 {
            return;
        }
        if v.len() >= FSM_MAX_ENTRIES {
            if let Some((pos, _)) = v.iter().enumerate().min_by_key(|(_, &(_, f))| f) {
                v.remove(pos);
            }
        }
        v.push((block, free));
    }
}

impl BufferRef {
    pub fn block(&self) -> BlockNumber {
        self.block
    }
    /// The relation this buffer belongs to.
    pub fn rel(&self) -> RelFileNode {
        self.rel
    }
    /// Shared access to the page bytes (holds the buffer's content lock while alive).
    pub fn read(&self) -> BufferReadGuard<'_> {
        BufferReadGuard {
            g: self.pool.descs[self.id]
                .page
                .read()
                .unwrap_or_else(|e| e.into_inner()),
        }
    }
    /// Exclusive access to the page bytes; marks the buffer dirty. With WAL attached, the
    /// change is logged (delta or full-page image) and the page LSN set when the guard drops.
    pub fn write(&self) -> BufferWriteGuard<'_> {
        let d = &self.pool.descs[self.id];
        let g = d.page.write().unwrap_or_else(|e| e.into_inner());
        d.dirty.store(true, Ordering::Release);
        let log = self.pool.wal.get().map(|w| PageLog {
            wal: w,
            rel: self.rel,
            block: self.block,
            before: before_image(&g),
        });
        BufferWriteGuard { g, log }
    }

    /// Exclusive access without WAL logging, for changes that need no redo: hint bits (which
    /// may be lost without harm), and recovery itself. Marks the buffer dirty.
    pub fn write_unlogged(&self) -> BufferWriteGuard<'_> {
        let d = &self.pool.descs[self.id];
        let g = d.page.write().unwrap_or_else(|e| e.into_inner());
        d.dirty.store(true, Ordering::Release);
        BufferWriteGuard { g, log: None }
    }
    /// Mark the buffer dirty (e.g. after setting hint bits).
    pub fn mark_dirty(&self) {
        self.pool.descs[self.id]
            .dirty
            .store(true, Ordering::Release);
    }
}

impl Drop for BufferRef {
    fn drop(&mut self) {
        self.pool.unpin(self.id);
    }
}
