//! `Engine`: the per-cluster shared state every session uses (storage, transaction manager,
//! catalogs, server settings), and cluster bootstrap for initdb.

use catalog::Catalog;
use common::{PgError, PgResult};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::{Arc, Mutex};
use storage::Storage;
use txn::TransactionManager;

/// How the server is being shut down.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShutdownMode {
    Smart,
    Fast,
    Immediate,
}

/// Shared state of a running cluster (one per postmaster).
pub struct Engine {
    pub(crate) data_dir: PathBuf,
    pub(crate) storage: Arc<Storage>,
    pub(crate) tm: Arc<TransactionManager>,
    pub(crate) catalog: Arc<Catalog>,
    /// Server-level settings (config files + command line); sessions start from a copy.
    pub(crate) base_settings: std::sync::RwLock<guc::Settings>,
    next_backend_id: AtomicI32,
    pub(crate) timers: Arc<crate::timeout::Timers>,
    /// Live sessions by backend id, with what each is doing.
    sessions: Mutex<HashMap<i32, crate::activity::StatusHandle>>,
    /// Per-table activity counters and the autovacuum worker (crate::pgstat).
    pub(crate) pgstat: crate::pgstat::StatsRegistry,
}

/// Number of 8 KB pages in a shared_buffers setting (stored by guc in 8kB units).
fn shared_buffer_pages(config: &guc::Settings) -> usize {
    match config.get_int("shared_buffers") {
        Ok(n) if n >= 16 => n as usize,
        _ => 16384,
    }
}

/// WAL settings from the server configuration (WAL owner).
fn wal_settings(config: &guc::Settings) -> storage::WalSettings {
    let d = storage::WalSettings::default();
    storage::WalSettings {
        fsync: config.get_bool("fsync").unwrap_or(d.fsync),
        synchronous_commit: config
            .get("synchronous_commit")
            .map_or(d.synchronous_commit, |v| v != "off"),
        full_page_writes: config
            .get_bool("full_page_writes")
            .unwrap_or(d.full_page_writes),
        checkpoint_timeout_secs: config
            .get_int("checkpoint_timeout")
            .map_or(d.checkpoint_timeout_secs, |v| v.max(1) as u64),
        max_wal_size: config
            .get_int("max_wal_size")
            .map_or(d.max_wal_size, |v| (v.max(2) as u64) * 1024 * 1024),
    }
}

impl Engine {
    /// Open the cluster in `data_dir` (already validated by the postmaster), using the
    /// server-level settings in `config` (shared_buffers, ...).
    pub fn open(data_dir: &Path, config: &guc::Settings) -> PgResult<Arc<Engine>> {
        let storage = Storage::open(data_dir, shared_buffer_pages(config))?;
        let tm = TransactionManager::open(data_dir)?;
        // WAL (storage/txn owner): crash recovery before anything reads a page, then attach
        // the WAL and start the checkpointer thread (checkpoint_timeout / max_wal_size).
        let wal_settings = wal_settings(config);
        txn::recovery::startup(&storage, &tm, &wal_settings)?;
        txn::recovery::start_checkpointer(&storage, &tm, &wal_settings)
            .map_err(|e| PgError::internal(format!("could not start checkpointer: {e}")))?;
        let catalog = Catalog::new(storage.clone(), tm.clone());
        Ok(Arc::new(Engine {
            data_dir: data_dir.to_path_buf(),
            storage,
            tm,
            catalog,
            base_settings: std::sync::RwLock::new(config.clone()),
            next_backend_id: AtomicI32::new(std::process::id() as i32 & 0x3fff_ffff),
            timers: crate::timeout::Timers::start(),
            sessions: Mutex::new(HashMap::new()),
            pgstat: crate::pgstat::StatsRegistry::default(),
        }))
    }

    /// Write everything to disk so a restart finds every committed row (shutdown checkpoint).
    pub fn shutdown(&self, mode: ShutdownMode) -> PgResult<()> {
        self.pgstat.stop_autovacuum();
        if mode == ShutdownMode::Immediate {
            return Ok(());
        }
        // Shutdown checkpoint (WAL owner): pg_control says "shut down" afterwards.
        txn::recovery::checkpoint(&self.storage, &self.tm, true)
    }

    /// Checkpoint (WAL owner): flush all dirty pages and the commit log, write a checkpoint
    /// record, update pg_control, remove old WAL segments.
    pub fn checkpoint(&self) -> PgResult<()> {
        txn::recovery::checkpoint(&self.storage, &self.tm, false)
    }

    /// The data directory this engine serves.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    pub(crate) fn register_session(&self, backend_id: i32, status: crate::activity::StatusHandle) {
        self.sessions
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(backend_id, status);
    }

    /// Every live session's status (pg_stat_activity), in backend id order.
    pub(crate) fn session_statuses(&self) -> Vec<crate::activity::StatusHandle> {
        let map = self.sessions.lock().unwrap_or_else(|e| e.into_inner());
        let mut ids: Vec<&i32> = map.keys().collect();
        ids.sort();
        ids.into_iter()
            .filter_map(|id| map.get(id).cloned())
            .collect()
    }

    /// Cancel backend `pid`'s statement, or end its session; None if there is no such backend.
    pub(crate) fn signal_backend(&self, pid: i32, terminate: bool) -> Option<()> {
        let status = self
            .sessions
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&pid)
            .cloned()?;
        let interrupts = crate::activity::lock(&status).interrupts.clone();
        if terminate {
            interrupts.terminate();
        } else {
            interrupts.cancel();
        }
        Some(())
    }

    pub(crate) fn unregister_session(&self, backend_id: i32) {
        self.sessions
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&backend_id);
    }

    /// Number of sessions connected to database `db`, other than `except`.
    pub(crate) fn sessions_in_database(&self, db: common::Oid, except: i32) -> usize {
        self.sessions
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .filter(|(id, s)| crate::activity::lock(s).datid == db && **id != except)
            .count()
    }

    /// Replace the server-level settings new sessions start from (after a SIGHUP reload).
    pub fn reload(&self, config: &guc::Settings) {
        // WAL owner: fsync / synchronous_commit / full_page_writes take effect on reload.
        if let Some(w) = self.storage.wal() {
            w.apply_settings(&wal_settings(config));
        }
        *self
            .base_settings
            .write()
            .unwrap_or_else(|e| e.into_inner()) = config.clone();
    }

    /// A fresh identifier for a new session (its "backend pid").
    pub fn new_backend_id(&self) -> i32 {
        let id = self.next_backend_id.fetch_add(1, Ordering::Relaxed);
        (id & 0x3fff_ffff).max(1)
    }
}

/// Options for creating a new cluster's catalogs (called by `initdb` after it has written the
/// directory skeleton and configuration files).
#[derive(Clone, Debug)]
pub struct BootstrapOptions {
    pub superuser: String,
    pub superuser_password: Option<String>,
    pub encoding: String,
    pub lc_collate: String,
    pub lc_ctype: String,
}

/// Create global/, base/1 (template1), base/<template0>, base/<postgres>, pg_xact and the system
/// catalogs in `data_dir`.
pub fn bootstrap_cluster(data_dir: &Path, options: &BootstrapOptions) -> PgResult<()> {
    if !data_dir.is_dir() {
        return Err(PgError::internal(format!(
            "data directory \"{}\" does not exist",
            data_dir.display()
        )));
    }
    let opts = catalog::BootstrapOptions {
        superuser: options.superuser.clone(),
        superuser_password: options.superuser_password.clone(),
        encoding: options.encoding.clone(),
        lc_collate: options.lc_collate.clone(),
        lc_ctype: options.lc_ctype.clone(),
    };
    catalog::bootstrap_cluster(data_dir, &opts)
}

/// initdb's post-bootstrap step (PostgreSQL's initdb vacuums and analyzes its databases too):
/// VACUUM ANALYZE of template1, template0 and postgres, so the system catalogs have pg_class sizes and
/// statistics and the planner's estimates for catalog queries (psql's \d, drivers' metadata
/// queries) are realistic from the first connection. Databases created later copy template1's.
pub fn analyze_new_cluster(data_dir: &Path, superuser: &str) -> PgResult<()> {
    let engine = Engine::open(data_dir, &guc::Settings::new())?;
    let mut result = Ok(());
    for database in ["template1", "template0", "postgres"] {
        let params = crate::StartupParams {
            user: superuser.to_string(),
            database: database.to_string(),
            settings: Vec::new(),
        };
        let step = crate::Session::new_maintenance(Arc::clone(&engine), &params).and_then(
            |mut session| {
                let r = session.autovacuum_run("VACUUM ANALYZE");
                session.terminate();
                r
            },
        );
        if let Err(e) = step {
            result = Err(e);
            break;
        }
    }
    let closed = engine.shutdown(ShutdownMode::Fast);
    result.and(closed)
}
