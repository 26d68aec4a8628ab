//! VACUUM [FULL] [FREEZE] [VERBOSE] [ANALYZE] and ANALYZE [VERBOSE] [table [(cols)] ...]:
//! lazy vacuum (dead index entries, then dead heap tuples), VACUUM FULL (the table's live row
//! versions copied compactly into a new relfilenode, its indexes rebuilt), ANALYZE (a sample
//! of up to 300 × statistics target rows, per-column statistics into pg_statistic), and the
//! pg_class.relpages/reltuples and pgstat counter updates both do. Autovacuum runs the same
//! code through `Session::autovacuum_table`.

use crate::session::Session;
use access::tuple::{
    TupleHeader, HEAP_XMAX_COMMITTED, HEAP_XMIN_COMMITTED, HEAP_XMIN_FROZEN, HEAP_XMIN_INVALID,
};
use access::ItemPointer;
use catalog::stats::{ColumnStats, SampleColumn};
use catalog::RelationInfo;
use common::{pg_err, Oid, PgError, PgResult, Severity, Xid};
use parser::ast::VacuumStmt;
use std::cell::Cell;
use std::sync::Arc;
use storage::page::*;
use storage::{RelFileNode, Storage};
use txn::{TransactionManager, XidStatus};
use types::Datum;

thread_local! {
    /// Set while the autovacuum launcher runs a command (counts go to last_auto*).
    static AUTOVACUUM: Cell<bool> = const { Cell::new(false) };
}

/// Mark this thread as running autovacuum work (`true`) or not.
pub(crate) fn set_autovacuum(on: bool) {
    AUTOVACUUM.with(|c| c.set(on));
}

fn is_autovacuum() -> bool {
    AUTOVACUUM.with(|c| c.get())
}

fn info(msg: String) -> PgError {
    PgError::notice(msg).with_severity(Severity::Info)
}

const CPU_LINE: &str = "CPU: user: 0.00 s, system: 0.00 s, elapsed: 0.00 s.";

/// HeapTupleSatisfiesVacuum, simplified: dead to every transaction?
fn tuple_is_dead(h: &TupleHeader, horizon: Xid, tm: &TransactionManager) -> bool {
    if h.infomask & HEAP_XMIN_FROZEN == HEAP_XMIN_INVALID {
        return true;
    }
    if h.infomask & HEAP_XMIN_COMMITTED == 0 {
        match tm.status(h.xmin) {
            XidStatus::Aborted => return true,
            XidStatus::InProgress => return false,
            XidStatus::Committed => {}
        }
    }
    if h.xmax_is_invalid_or_lock() {
        return false;
    }
    let committed =
        h.infomask & HEAP_XMAX_COMMITTED != 0 || tm.status(h.xmax) == XidStatus::Committed;
    committed && h.xmax < horizon
}

/// What the rewrite of VACUUM FULL did.
struct RewriteStats {
    kept: u64,
    removed: u64,
    pages: u32,
}

/// Copy the row versions of `old` that are not dead to every transaction into the empty
/// relation `new`, page after page (each tuple's header kept, its ctid pointing at itself).
fn rewrite_heap(
    storage: &Storage,
    tm: &TransactionManager,
    old: RelFileNode,
    new: RelFileNode,
    horizon: Xid,
    xid: Xid,
) -> PgResult<RewriteStats> {
    let _scope = storage::wal::XidScope::new(xid);
    let nblocks = storage.nblocks(old)?;
    let mut st = RewriteStats {
        kept: 0,
        removed: 0,
        pages: nblocks,
    };
    let mut target: Option<storage::BufferRef> = None;
    for blk in 0..nblocks {
        let items: Vec<Vec<u8>> = {
            let buf = storage.read_buffer(old, blk)?;
            let g = buf.read();
            let page = &g[..];
            if page_is_new(page) {
                continue;
            }
            let mut v = Vec::new();
            for off in 1..=max_offset_number(page) {
                let Some(id) = item_id(page, off) else {
                    continue;
                };
                if !id.is_normal() {
                    continue;
                }
                let Some(item) = get_item(page, off) else {
                    continue;
                };
                match TupleHeader::read(item) {
                    Some(h) if !tuple_is_dead(&h, horizon, tm) => v.push(item.to_vec()),
                    _ => st.removed += 1,
                }
            }
            v
        };
        for mut item in items {
            loop {
                let buf = match target.take() {
                    Some(b) => b,
                    None => storage.extend_relation(new)?,
                };
                let blkno = buf.block();
                let added = {
                    let mut g = buf.write();
                    if page_is_new(&g[..]) {
                        page_init(&mut g[..], 0);
                    }
                    let fits = page_heap_free_space(&g[..]) >= maxalign(item.len());
                    let off = if fits {
                        page_add_item(&mut g[..], &item, MAX_HEAP_TUPLES_PER_PAGE)
                    } else {
                        None
                    };
                    if let Some(off) = off {
                        let tid = ItemPointer {
                            block: blkno,
                            offset: off,
                        };
                        if let Some(dst) = get_item_mut(&mut g[..], off) {
                            if let Some(mut h) = TupleHeader::read(dst) {
                                h.ctid = tid;
                                h.write(dst);
                            }
                        }
                    }
                    off.is_some()
                };
                if added {
                    target = Some(buf);
                    st.kept += 1;
                    break;
                }
                // Page full: record its free space and start a new one (a fresh page always
                // takes a tuple that fitted in the old table).
                let free = page_heap_free_space(&buf.read()[..]);
                storage.fsm_record(new, blkno, free);
                let fresh = buf.read()[..].iter().all(|b| *b == 0);
                if fresh {
                    return Err(pg_err!(
                        INTERNAL_ERROR,
                        "could not place a tuple of {} bytes",
                        item.len()
                    ));
                }
                item.shrink_to_fit();
            }
        }
    }
    if let Some(buf) = target {
        let free = page_heap_free_space(&buf.read()[..]);
        storage.fsm_record(new, buf.block(), free);
    }
    Ok(st)
}

/// Where ANALYZE gets its rows.
struct Sample {
    rows: Vec<Vec<Datum>>,
    live: u64,
    dead: u64,
    pages: u32,
}

/// A small xorshift generator for reservoir sampling.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next() % n
        }
    }
}

impl Session {
    /// VACUUM / ANALYZE statement (`analyze_only` for ANALYZE).
    pub(crate) fn exec_vacuum_stmt(
        &mut self,
        v: &VacuumStmt,
        analyze_only: bool,
    ) -> PgResult<String> {
        let vacuum = !analyze_only;
        // A column list implies ANALYZE (PostgreSQL 10's grammar).
        let analyze = analyze_only || v.analyze || v.tables.iter().any(|t| !t.1.is_empty());
        if vacuum && self.xact.block != crate::xact::Block::None {
            return Err(pg_err!(
                ACTIVE_SQL_TRANSACTION,
                "VACUUM cannot run inside a transaction block"
            ));
        }
        let mut targets: Vec<(Arc<RelationInfo>, Vec<String>)> = Vec::new();
        if v.tables.is_empty() {
            let mut ns = vec![catalog::oids::PG_CATALOG_NAMESPACE];
            ns.extend(self.search_path_oids()?);
            ns.dedup();
            for n in ns {
                let list = self.with_catalog(false, |cat, cx| cat.list_relations(cx, n))?;
                for r in list {
                    if matches!(r.relkind, b'r' | b'm') {
                        let oid = r.oid;
                        if let Some(info) =
                            self.with_catalog(false, |cat, cx| cat.relation_by_oid(cx, oid))?
                        {
                            targets.push((info, Vec::new()));
                        }
                    }
                }
            }
        } else {
            for (name, cols) in &v.tables {
                let rel = self.lookup_relation(name)?.ok_or_else(|| {
                    pg_err!(UNDEFINED_TABLE, "relation \"{}\" does not exist", name.name)
                })?;
                for (i, c) in cols.iter().enumerate() {
                    if cols[..i].contains(c) {
                        return Err(pg_err!(
                            DUPLICATE_COLUMN,
                            "column \"{}\" of relation \"{}\" appears more than once",
                            c,
                            rel.name
                        ));
                    }
                }
                targets.push((rel, cols.clone()));
            }
        }
        for (rel, cols) in targets {
            self.interrupts.check()?;
            if vacuum {
                self.vacuum_one(&rel, v.full, v.verbose)?;
            }
            if analyze {
                // VACUUM FULL gave the table a new file: read the current one.
                let oid = rel.oid;
                let rel = self
                    .with_catalog(false, |cat, cx| cat.relation_by_oid(cx, oid))?
                    .unwrap_or(rel);
                self.analyze_one(&rel, &cols, v.verbose)?;
            }
        }
        Ok(if analyze_only { "ANALYZE" } else { "VACUUM" }.into())
    }

    fn vacuum_one(&mut self, rel: &Arc<RelationInfo>, full: bool, verbose: bool) -> PgResult<()> {
        match rel.relkind {
            b'r' | b'm' | b't' => {}
            // Partitioned tables have no storage of their own.
            b'p' => return Ok(()),
            _ => {
                self.warn(
                    common::sqlstate::WARNING,
                    &format!(
                        "skipping \"{}\" --- cannot vacuum non-tables or special system tables",
                        rel.name
                    ),
                );
                return Ok(());
            }
        }
        if verbose {
            self.notices.push(info(format!(
                "vacuuming \"{}.{}\"",
                rel.namespace_name, rel.name
            )));
        }
        let horizon = self.engine.tm.oldest_xmin();
        let can_rewrite = rel.oid >= catalog::oids::FIRST_NORMAL_OID;
        let (kept, removed, pages) = if full && can_rewrite {
            self.vacuum_full(rel, horizon, verbose)?
        } else {
            self.vacuum_lazy(rel, horizon, verbose)?
        };
        let oid = rel.oid;
        self.with_catalog(true, |cat, cx| {
            cat.set_relation_size_stats(cx, oid, pages as i32, kept as f64)
        })?;
        self.set_relallvisible(rel)?;
        self.set_index_sizes(oid, kept as f64)?;
        self.command_counter_increment();
        let now = types::env::now_pg_micros();
        let auto = is_autovacuum();
        let _ = removed;
        self.engine.pgstat.update(self.db.oid, oid, |c| {
            c.n_live_tup = kept as i64;
            c.n_dead_tup = 0;
            if auto {
                c.last_autovacuum = Some(now);
                c.autovacuum_count += 1;
            } else {
                c.last_vacuum = Some(now);
                c.vacuum_count += 1;
            }
        });
        Ok(())
    }

    /// pg_class.relallvisible of a table: the pages its visibility map marks all-visible.
    fn set_relallvisible(&mut self, rel: &RelationInfo) -> PgResult<()> {
        let storage = self.engine.storage.clone();
        let n = storage.nblocks(rel.file).unwrap_or(0);
        let vis = access::visibility_map::count_all_visible(&storage, rel.file, n) as i32;
        let relid = rel.oid;
        let Some(col) =
            catalog::schema::by_oid(catalog::schema::PG_CLASS).and_then(|d| d.col("relallvisible"))
        else {
            return Ok(());
        };
        self.command_counter_increment();
        self.with_catalog(true, |cat, cx| {
            cat.update_catalog_rows(
                cx,
                catalog::schema::PG_CLASS,
                |r| r.row_oid() == relid,
                |r| {
                    let mut v = r.values.clone();
                    if let Some(x) = v.get_mut(col) {
                        *x = types::Datum::Int4(vis);
                    }
                    v
                },
            )
        })?;
        Ok(())
    }

    /// pg_class.relpages / reltuples of the indexes of `relid` (their file sizes, the table's
    /// row count).
    fn set_index_sizes(&mut self, relid: Oid, tuples: f64) -> PgResult<()> {
        let list = self.with_catalog(false, |cat, cx| cat.relation_indexes(cx, relid))?;
        for d in list {
            let pages = self.engine.storage.nblocks(d.file).unwrap_or(0) as i32;
            self.with_catalog(true, |cat, cx| {
                cat.set_relation_size_stats(cx, d.oid, pages, tuples)
            })?;
        }
        Ok(())
    }

    /// Lazy VACUUM: returns (remaining tuples, removed tuples, pages).
    fn vacuum_lazy(
        &mut self,
        rel: &Arc<RelationInfo>,
        horizon: Xid,
        verbose: bool,
    ) -> PgResult<(u64, u64, u32)> {
        self.vacuum_relation_indexes(rel, horizon)?;
        let storage = self.engine.storage.clone();
        // Unused line pointers and empty pages before the vacuum (for VERBOSE).
        let stats = access::heap_vacuum(&storage, rel.file, horizon, &self.engine.tm)?;
        if verbose {
            let mut unused = 0u64;
            let mut empty = 0u64;
            for blk in 0..stats.pages {
                let buf = storage.read_buffer(rel.file, blk)?;
                let g = buf.read();
                let page = &g[..];
                let mut normal = 0;
                for off in 1..=max_offset_number(page) {
                    match item_id(page, off) {
                        Some(id) if id.is_normal() => normal += 1,
                        _ => unused += 1,
                    }
                }
                if normal == 0 {
                    empty += 1;
                }
            }
            let relid = rel.oid;
            let list = self.with_catalog(false, |cat, cx| cat.relation_indexes(cx, relid))?;
            for d in list {
                let ipages = storage.nblocks(d.file).unwrap_or(0);
                self.notices.push(
                    info(format!(
                        "index \"{}\" now contains {} row versions in {} pages",
                        d.name, stats.remaining, ipages
                    ))
                    .with_detail(format!(
                        "{} index row versions were removed.\n0 index pages have been deleted, \
                         0 are currently reusable.\n{CPU_LINE}",
                        stats.removed
                    )),
                );
            }
            self.notices.push(
                info(format!(
                    "\"{}\": found {} removable, {} nonremovable row versions in {} out of {} pages",
                    rel.name, stats.removed, stats.remaining, stats.pages, stats.pages
                ))
                .with_detail(format!(
                    "0 dead row versions cannot be removed yet, oldest xmin: {horizon}\n\
                     There were {unused} unused item pointers.\n\
                     Skipped 0 pages due to buffer pins, 0 frozen pages.\n{}.\n{CPU_LINE}",
                    if empty == 1 {
                        "1 page is entirely empty".to_string()
                    } else {
                        format!("{empty} pages are entirely empty")
                    }
                )),
            );
        }
        Ok((stats.remaining, stats.removed, stats.pages))
    }

    /// VACUUM FULL: rewrite into a new relfilenode, rebuild the indexes.
    fn vacuum_full(
        &mut self,
        rel: &Arc<RelationInfo>,
        horizon: Xid,
        verbose: bool,
    ) -> PgResult<(u64, u64, u32)> {
        let oid = rel.oid;
        let new = self.with_catalog(true, |cat, cx| cat.new_relfilenode(cx, oid))?;
        let xid = self.xact.txn.xid;
        let st = rewrite_heap(
            &self.engine.storage,
            &self.engine.tm,
            rel.file,
            new,
            horizon,
            xid,
        )?;
        self.command_counter_increment();
        self.truncate_indexes(oid)?;
        self.command_counter_increment();
        let fresh = self
            .with_catalog(false, |cat, cx| cat.relation_by_oid(cx, oid))?
            .ok_or_else(|| PgError::internal(format!("relation {oid} vanished")))?;
        self.reindex_relation(&fresh)?;
        self.command_counter_increment();
        if verbose {
            self.notices.push(
                info(format!(
                    "\"{}\": found {} removable, {} nonremovable row versions in {} pages",
                    rel.name, st.removed, st.kept, st.pages
                ))
                .with_detail(format!(
                    "0 dead row versions cannot be removed yet.\n{CPU_LINE}"
                )),
            );
        }
        let pages = self.engine.storage.nblocks(new)?;
        Ok((st.kept, st.removed, pages))
    }

    /// Read the table's rows visible to the transaction, keeping a uniform random sample of at
    /// most `targrows` of them in physical order.
    fn acquire_sample(&mut self, rel: &RelationInfo, targrows: usize) -> PgResult<Sample> {
        let storage = self.engine.storage.clone();
        let pages = storage.nblocks(rel.file)?;
        let mut snap = self.xact.txn.snapshot.clone();
        if snap.xmax == 0 {
            snap = self
                .engine
                .tm
                .snapshot(self.xact.txn.xid, self.xact.txn.cid);
        }
        let mut scan = access::HeapScan::new(
            storage.clone(),
            rel.file,
            rel.tuple_desc.clone(),
            snap,
            self.engine.tm.clone(),
        );
        let seed = (types::env::now_pg_micros() as u64) | 1;
        let mut rng = Rng(seed ^ 0x9E37_79B9_7F4A_7C15);
        // One pass, page at a time: a reservoir sample of the visible rows' stored bytes
        // (decoded once the sample is final, so rows that are replaced later cost only a
        // copy), and the line pointers in use, whose excess over the live rows is the dead
        // row versions.
        let mut raw: Vec<(u64, Vec<u8>)> = Vec::new();
        let mut live = 0u64;
        let mut normal = 0u64;
        while let Some((_, visible, in_use)) = scan.next_page()? {
            self.interrupts.check()?;
            normal += in_use as u64;
            for i in 0..visible {
                live += 1;
                let slot = if raw.len() < targrows {
                    None
                } else {
                    let k = rng.below(live) as usize;
                    if k >= targrows {
                        continue;
                    }
                    Some(k)
                };
                let Some(bytes) = scan.visible_bytes(i) else {
                    continue;
                };
                match slot {
                    None => raw.push((live, bytes.to_vec())),
                    Some(k) => {
                        raw[k].0 = live;
                        raw[k].1.clear();
                        raw[k].1.extend_from_slice(bytes);
                    }
                }
            }
        }
        raw.sort_by_key(|r| r.0);
        let mut rows = Vec::with_capacity(raw.len());
        for (_, bytes) in &raw {
            rows.push(access::deform_tuple(&rel.tuple_desc, bytes)?);
        }
        Ok(Sample {
            rows,
            live,
            dead: normal.saturating_sub(live),
            pages,
        })
    }

    /// ANALYZE one relation (optionally only some columns).
    fn analyze_one(&mut self, rel: &RelationInfo, cols: &[String], verbose: bool) -> PgResult<()> {
        match rel.relkind {
            b'r' | b'm' => {}
            b'p' => return Ok(()),
            _ => {
                self.warn(
                    common::sqlstate::WARNING,
                    &format!(
                        "skipping \"{}\" --- cannot analyze non-tables or special system tables",
                        rel.name
                    ),
                );
                return Ok(());
            }
        }
        for c in cols {
            if !rel.columns.iter().any(|ci| !ci.dropped && &ci.name == c) {
                return Err(pg_err!(
                    UNDEFINED_COLUMN,
                    "column \"{}\" of relation \"{}\" does not exist",
                    c,
                    rel.name
                ));
            }
        }
        if verbose {
            self.notices.push(info(format!(
                "analyzing \"{}.{}\"",
                rel.namespace_name, rel.name
            )));
        }
        let default_target = self
            .gucs
            .get_int("default_statistics_target")
            .unwrap_or(100)
            .clamp(1, 10000) as usize;
        let relid = rel.oid;
        let targets: Vec<(i16, i64)> = self.with_catalog(false, |cat, cx| {
            let rows = cat.catalog_rows(cx, catalog::schema::PG_ATTRIBUTE, |r| {
                r.oid("attrelid").ok() == Some(relid)
            })?;
            Ok(rows
                .iter()
                .filter_map(|r| Some((r.int("attnum").ok()? as i16, r.int("attstattarget").ok()?)))
                .collect())
        })?;
        // (column index, attnum, type, typmod, target)
        let mut work: Vec<(usize, &catalog::ColumnInfo, usize)> = Vec::new();
        for (i, c) in rel.columns.iter().enumerate() {
            if c.dropped || c.attnum <= 0 {
                continue;
            }
            if !cols.is_empty() && !cols.contains(&c.name) {
                continue;
            }
            let t = targets.iter().find(|x| x.0 == c.attnum).map_or(-1, |x| x.1);
            if t == 0 {
                continue;
            }
            let target = if t < 0 { default_target } else { t as usize };
            work.push((i, c, target));
        }
        let max_target = work.iter().map(|w| w.2).max().unwrap_or(default_target);
        let sample = self.acquire_sample(rel, 300 * max_target)?;
        let total = sample.live as f64;
        let mut stats: Vec<ColumnStats> = Vec::new();
        for (i, c, target) in &work {
            let vals: Vec<&Datum> = sample
                .rows
                .iter()
                .map(|r| r.get(*i).unwrap_or(&Datum::Null))
                .collect();
            let col = SampleColumn {
                type_oid: c.type_oid,
                typmod: c.typmod,
                attnum: c.attnum,
                stat_target: *target,
                values: &vals,
            };
            if let Some(s) = catalog::stats::compute_column_stats(&col, total) {
                stats.push(s);
            }
        }
        if verbose {
            self.notices.push(info(format!(
                "\"{}\": scanned {} of {} pages, containing {} live rows and {} dead rows; \
                 {} rows in sample, {} estimated total rows",
                rel.name,
                sample.pages,
                sample.pages,
                sample.live,
                sample.dead,
                sample.rows.len(),
                sample.live
            )));
        }
        let pages = sample.pages as i32;
        self.with_catalog(true, |cat, cx| {
            if !stats.is_empty() {
                cat.store_column_stats(cx, relid, &stats)?;
            }
            cat.set_relation_size_stats(cx, relid, pages, total)
        })?;
        self.set_relallvisible(rel)?;
        self.set_index_sizes(relid, total)?;
        self.command_counter_increment();
        let now = types::env::now_pg_micros();
        let auto = is_autovacuum();
        let (live, dead) = (sample.live as i64, sample.dead as i64);
        self.engine.pgstat.update(self.db.oid, relid, |c| {
            c.n_live_tup = live;
            c.n_dead_tup = dead;
            c.n_mod_since_analyze = 0;
            if auto {
                c.last_autoanalyze = Some(now);
                c.autoanalyze_count += 1;
            } else {
                c.last_analyze = Some(now);
                c.analyze_count += 1;
            }
        });
        Ok(())
    }

    /// Autovacuum: try to lock table `relid` without waiting (ShareUpdateExclusiveLock, as
    /// VACUUM takes); false when someone else holds a conflicting lock.
    pub fn autovacuum_try_lock(&mut self, relid: Oid) -> bool {
        let cfg = self.lock_wait_config();
        let tag = txn::lockmgr::LockTag::Relation {
            db: self.db.oid,
            rel: relid,
        };
        matches!(
            self.engine.tm.locks.acquire(
                tag,
                txn::lockmgr::LockMode::ShareUpdateExclusive,
                txn::lockmgr::LockScope::Session,
                true,
                &cfg,
                &self.interrupts,
            ),
            Ok(txn::lockmgr::Acquired::Immediately | txn::lockmgr::Acquired::AfterWait)
        )
    }

    /// Autovacuum: release the lock `autovacuum_try_lock` took.
    pub fn autovacuum_unlock(&mut self, relid: Oid) {
        let tag = txn::lockmgr::LockTag::Relation {
            db: self.db.oid,
            rel: relid,
        };
        self.engine.tm.locks.release_session_lock(
            tag,
            txn::lockmgr::LockMode::ShareUpdateExclusive,
            self.backend_pid,
        );
    }

    /// Autovacuum: run `sql` (VACUUM / ANALYZE of one table) as autovacuum work.
    pub fn autovacuum_run(&mut self, sql: &str) -> PgResult<()> {
        let mut out = ErrorOutput(None);
        set_autovacuum(true);
        self.simple_query(sql, &mut out);
        set_autovacuum(false);
        match out.0.take() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// The database this session is connected to.
    pub fn database_oid(&self) -> Oid {
        self.db.oid
    }
}

/// An `Output` for autovacuum's statements: keeps the first error, drops everything else.
struct ErrorOutput(Option<PgError>);

impl crate::Output for ErrorOutput {
    fn row_description(&mut self, _columns: &[crate::ColumnDesc]) -> PgResult<()> {
        Ok(())
    }
    fn data_row(&mut self, _values: &[Option<&[u8]>]) -> PgResult<()> {
        Ok(())
    }
    fn command_complete(&mut self, _tag: &str) -> PgResult<()> {
        Ok(())
    }
    fn empty_query(&mut self) -> PgResult<()> {
        Ok(())
    }
    fn error(&mut self, error: &PgError) -> PgResult<()> {
        if self.0.is_none() {
            self.0 = Some(error.clone());
        }
        Ok(())
    }
    fn notice(&mut self, _notice: &PgError) -> PgResult<()> {
        Ok(())
    }
    fn parameter_status(&mut self, _name: &str, _value: &str) -> PgResult<()> {
        Ok(())
    }
}
