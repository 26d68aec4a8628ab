//! Per-table activity counters (what PostgreSQL's statistics collector keeps for
//! pg_stat_all_tables / pg_stat_user_tables / pg_stat_sys_tables): rows inserted, updated,
//! deleted, live and dead row estimates, changes since the last ANALYZE, and the times and
//! counts of (auto)vacuums and (auto)analyzes. Kept in memory in the engine (lost at restart,
//! like a stats reset), updated by sessions at statement end and by VACUUM/ANALYZE; read by
//! autovacuum to choose tables and by the views, whose defining query is generated here.

use crate::engine::Engine;
use crate::session::Session;
use common::Oid;
use parser::ast::Statement;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::thread::JoinHandle;

/// One table's counters.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TableCounters {
    pub seq_scan: i64,
    pub seq_tup_read: i64,
    pub idx_scan: i64,
    pub idx_tup_fetch: i64,
    pub n_tup_ins: i64,
    pub n_tup_upd: i64,
    pub n_tup_del: i64,
    pub n_tup_hot_upd: i64,
    pub n_live_tup: i64,
    pub n_dead_tup: i64,
    pub n_mod_since_analyze: i64,
    /// Timestamps in PostgreSQL microseconds (since 2000-01-01).
    pub last_vacuum: Option<i64>,
    pub last_autovacuum: Option<i64>,
    pub last_analyze: Option<i64>,
    pub last_autoanalyze: Option<i64>,
    pub vacuum_count: i64,
    pub autovacuum_count: i64,
    pub analyze_count: i64,
    pub autoanalyze_count: i64,
}

/// The engine's table counters, by (database OID, relation OID), and the autovacuum worker.
#[derive(Default)]
pub struct StatsRegistry {
    tables: Mutex<HashMap<(Oid, Oid), TableCounters>>,
    /// Set at shutdown: the autovacuum worker stops.
    pub stop: AtomicBool,
    /// Interrupts of the autovacuum worker's current session (cancelled at shutdown).
    pub worker_interrupts: Mutex<Option<common::Interrupts>>,
    worker: Mutex<Option<JoinHandle<()>>>,
}

impl StatsRegistry {
    /// Remember the autovacuum worker thread (joined by `stop_autovacuum`).
    pub fn set_worker(&self, h: JoinHandle<()>) {
        *self.worker.lock().unwrap_or_else(|e| e.into_inner()) = Some(h);
    }

    /// Shutdown: stop the autovacuum worker and wait for it.
    pub fn stop_autovacuum(&self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(i) = self
            .worker_interrupts
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
        {
            i.cancel();
        }
        let h = self.worker.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(h) = h {
            let _ = h.join();
        }
    }

    /// Apply `f` to the counters of (db, rel), creating them if needed.
    pub fn update(&self, db: Oid, rel: Oid, f: impl FnOnce(&mut TableCounters)) {
        let mut m = self.tables.lock().unwrap_or_else(|e| e.into_inner());
        f(m.entry((db, rel)).or_default());
    }

    /// The counters of (db, rel), if any activity was recorded.
    pub fn get(&self, db: Oid, rel: Oid) -> Option<TableCounters> {
        let m = self.tables.lock().unwrap_or_else(|e| e.into_inner());
        m.get(&(db, rel)).cloned()
    }

    /// Every table with counters: ((db, rel), counters).
    pub fn all(&self) -> Vec<((Oid, Oid), TableCounters)> {
        let m = self.tables.lock().unwrap_or_else(|e| e.into_inner());
        let mut v: Vec<_> = m.iter().map(|(k, c)| (*k, c.clone())).collect();
        v.sort_by_key(|x| x.0);
        v
    }

    /// Forget a dropped table.
    pub fn forget(&self, db: Oid, rel: Oid) {
        let mut m = self.tables.lock().unwrap_or_else(|e| e.into_inner());
        m.remove(&(db, rel));
    }
}

/// Rows affected according to a command tag ("INSERT 0 5", "UPDATE 3", "DELETE 1", "COPY 7").
fn tag_count(tag: &str) -> i64 {
    tag.rsplit(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

impl Session {
    /// Statement end (when track_counts is on): count the rows an INSERT/UPDATE/DELETE/COPY FROM
    /// changed in its target table.
    pub(crate) fn pgstat_count_statement(&mut self, stmt: &Statement, tag: &str) {
        if !self.gucs.get_bool("track_counts").unwrap_or(true) {
            return;
        }
        let (name, kind) = match stmt {
            Statement::Insert(i) => (&i.table, 'i'),
            Statement::Update(u) => (&u.table, 'u'),
            Statement::Delete(d) => (&d.table, 'd'),
            Statement::Copy(c) if tag.starts_with("COPY") => match copy_target(c) {
                Some(n) => (n, 'i'),
                None => return,
            },
            _ => return,
        };
        let n = tag_count(tag);
        if n <= 0 {
            return;
        }
        let Ok(Some(rel)) = self.lookup_relation(name) else {
            return;
        };
        self.engine
            .pgstat
            .update(self.db.oid, rel.oid, |c| match kind {
                'i' => {
                    c.n_tup_ins += n;
                    c.n_live_tup += n;
                    c.n_mod_since_analyze += n;
                }
                'u' => {
                    c.n_tup_upd += n;
                    c.n_dead_tup += n;
                    c.n_mod_since_analyze += n;
                }
                _ => {
                    c.n_tup_del += n;
                    c.n_live_tup = (c.n_live_tup - n).max(0);
                    c.n_dead_tup += n;
                    c.n_mod_since_analyze += n;
                }
            });
    }
}

/// One table autovacuum should process.
#[derive(Clone, Debug, PartialEq)]
pub struct AutovacuumTask {
    pub relid: Oid,
    /// Quoted, schema-qualified name.
    pub name: String,
    pub vacuum: bool,
    pub analyze: bool,
}

/// The autovacuum thresholds (autovacuum_* settings).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AutovacuumLimits {
    pub vac_threshold: f64,
    pub vac_scale: f64,
    pub anl_threshold: f64,
    pub anl_scale: f64,
}

/// PostgreSQL's rule: vacuum when dead tuples exceed threshold + scale × reltuples, analyze
/// when changes since the last analyze exceed the analyze threshold + scale × reltuples.
pub fn needs_autovacuum(c: &TableCounters, reltuples: f64, l: &AutovacuumLimits) -> (bool, bool) {
    let reltuples = reltuples.max(0.0);
    let vac = c.n_dead_tup as f64 > l.vac_threshold + l.vac_scale * reltuples;
    let anl = c.n_mod_since_analyze as f64 > l.anl_threshold + l.anl_scale * reltuples;
    (vac, anl)
}

impl Engine {
    /// A server setting's current value (configuration files + command line).
    pub fn setting(&self, name: &str) -> Option<String> {
        self.base_settings
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(name)
            .ok()
    }

    /// Autovacuum's settings now: (enabled — autovacuum and track_counts both on —,
    /// autovacuum_naptime in seconds, thresholds).
    pub fn autovacuum_config(&self) -> (bool, u64, AutovacuumLimits) {
        let g = self.base_settings.read().unwrap_or_else(|e| e.into_inner());
        let enabled =
            g.get_bool("autovacuum").unwrap_or(true) && g.get_bool("track_counts").unwrap_or(true);
        let naptime = g.get_int("autovacuum_naptime").unwrap_or(60).max(1) as u64;
        let limits = AutovacuumLimits {
            vac_threshold: g.get_int("autovacuum_vacuum_threshold").unwrap_or(50) as f64,
            vac_scale: g.get_real("autovacuum_vacuum_scale_factor").unwrap_or(0.2),
            anl_threshold: g.get_int("autovacuum_analyze_threshold").unwrap_or(50) as f64,
            anl_scale: g.get_real("autovacuum_analyze_scale_factor").unwrap_or(0.1),
        };
        (enabled, naptime, limits)
    }

    /// The per-table activity counters.
    pub fn pgstat(&self) -> &StatsRegistry {
        &self.pgstat
    }

    /// Databases autovacuum visits (those accepting connections): (name, OID).
    pub fn autovacuum_databases(&self) -> Vec<(String, Oid)> {
        let snapshot = self.tm.snapshot(txn::INVALID_XID, 0);
        let interrupts = common::Interrupts::default();
        let cx = catalog::CatalogCx {
            storage: &self.storage,
            tm: &self.tm,
            db_oid: 0,
            snapshot: &snapshot,
            xid: txn::INVALID_XID,
            cid: 0,
            interrupts: &interrupts,
        };
        match self.catalog.list_databases(&cx) {
            Ok(list) => list
                .into_iter()
                .filter(|d| d.allow_connections)
                .map(|d| (d.name, d.oid))
                .collect(),
            Err(_) => Vec::new(),
        }
    }

    /// Name of the bootstrap superuser (autovacuum's sessions run as it).
    pub fn bootstrap_superuser(&self) -> Option<String> {
        let snapshot = self.tm.snapshot(txn::INVALID_XID, 0);
        let interrupts = common::Interrupts::default();
        let cx = catalog::CatalogCx {
            storage: &self.storage,
            tm: &self.tm,
            db_oid: 0,
            snapshot: &snapshot,
            xid: txn::INVALID_XID,
            cid: 0,
            interrupts: &interrupts,
        };
        self.catalog
            .role_by_oid(&cx, catalog::oids::BOOTSTRAP_SUPERUSER)
            .ok()
            .flatten()
            .map(|r| r.name)
    }
}

impl Session {
    /// The tables of this session's database that autovacuum should process now.
    pub fn autovacuum_tasks(&mut self, limits: &AutovacuumLimits) -> Vec<AutovacuumTask> {
        let db = self.db.oid;
        let counters: Vec<(Oid, TableCounters)> = self
            .engine
            .pgstat
            .all()
            .into_iter()
            .filter(|((d, _), _)| *d == db)
            .map(|((_, r), c)| (r, c))
            .collect();
        let mut tasks = Vec::new();
        for (relid, c) in counters {
            let info = self.with_catalog(false, |cat, cx| {
                let Some(rel) = cat.relation_by_oid(cx, relid)? else {
                    return Ok(None);
                };
                let rows =
                    cat.catalog_rows(cx, catalog::schema::PG_CLASS, |r| r.row_oid() == relid)?;
                let reltuples = rows
                    .first()
                    .and_then(|r| r.get("reltuples").ok())
                    .and_then(|d| d.as_f64())
                    .unwrap_or(0.0);
                Ok(Some((rel, reltuples)))
            });
            let Ok(Some((rel, reltuples))) = info else {
                if matches!(info, Ok(None)) {
                    self.engine.pgstat.forget(db, relid);
                }
                continue;
            };
            // Other sessions' temporary tables are theirs to clean.
            if !matches!(rel.relkind, b'r' | b'm') || rel.persistence == b't' {
                continue;
            }
            let (vacuum, analyze) = needs_autovacuum(&c, reltuples, limits);
            if vacuum || analyze {
                tasks.push(AutovacuumTask {
                    relid,
                    name: format!(
                        "{}.{}",
                        catalog::ddl::quote_identifier(&rel.namespace_name),
                        catalog::ddl::quote_identifier(&rel.name)
                    ),
                    vacuum,
                    analyze,
                });
            }
        }
        tasks
    }
}

/// The table a COPY FROM loads, if it is one.
fn copy_target(c: &parser::ast::CopyStmt) -> Option<&parser::ast::QualifiedName> {
    if c.is_from {
        c.table.as_ref()
    } else {
        None
    }
}

fn ts(v: Option<i64>) -> String {
    match v {
        Some(us) => format!("pg_catalog.to_timestamp({}::pg_catalog.float8)", {
            // PostgreSQL epoch (2000-01-01) to Unix epoch seconds.
            us as f64 / 1e6 + 946_684_800.0
        }),
        None => "NULL::pg_catalog.timestamptz".into(),
    }
}

/// The defining query of pg_stat_all_tables / pg_stat_user_tables / pg_stat_sys_tables.
pub(crate) fn view_definition(engine: &Engine, name: &str) -> Option<String> {
    let filter = match name {
        "pg_stat_all_tables" => "",
        "pg_stat_user_tables" => {
            " AND n.nspname NOT IN ('pg_catalog', 'information_schema') \
             AND n.nspname NOT LIKE 'pg\\_toast%'"
        }
        "pg_stat_sys_tables" => {
            " AND (n.nspname IN ('pg_catalog', 'information_schema') \
             OR n.nspname LIKE 'pg\\_toast%')"
        }
        _ => return None,
    };
    let mut rows = vec![
        "(0::pg_catalog.oid, 0::pg_catalog.oid, 0::pg_catalog.int8, 0::pg_catalog.int8, \
         0::pg_catalog.int8, 0::pg_catalog.int8, 0::pg_catalog.int8, 0::pg_catalog.int8, \
         0::pg_catalog.int8, 0::pg_catalog.int8, 0::pg_catalog.int8, 0::pg_catalog.int8, \
         0::pg_catalog.int8, NULL::pg_catalog.timestamptz, NULL::pg_catalog.timestamptz, \
         NULL::pg_catalog.timestamptz, NULL::pg_catalog.timestamptz, 0::pg_catalog.int8, \
         0::pg_catalog.int8, 0::pg_catalog.int8, 0::pg_catalog.int8)"
            .to_string(),
    ];
    for ((db, rel), c) in engine.pgstat.all() {
        rows.push(format!(
            "({db}::pg_catalog.oid, {rel}::pg_catalog.oid, {}::pg_catalog.int8, \
             {}::pg_catalog.int8, {}::pg_catalog.int8, {}::pg_catalog.int8, {}::pg_catalog.int8, \
             {}::pg_catalog.int8, {}::pg_catalog.int8, {}::pg_catalog.int8, {}::pg_catalog.int8, \
             {}::pg_catalog.int8, {}::pg_catalog.int8, {}, {}, {}, {}, {}::pg_catalog.int8, \
             {}::pg_catalog.int8, {}::pg_catalog.int8, {}::pg_catalog.int8)",
            c.seq_scan,
            c.seq_tup_read,
            c.idx_scan,
            c.idx_tup_fetch,
            c.n_tup_ins,
            c.n_tup_upd,
            c.n_tup_del,
            c.n_tup_hot_upd,
            c.n_live_tup,
            c.n_dead_tup,
            c.n_mod_since_analyze,
            ts(c.last_vacuum),
            ts(c.last_autovacuum),
            ts(c.last_analyze),
            ts(c.last_autoanalyze),
            c.vacuum_count,
            c.autovacuum_count,
            c.analyze_count,
            c.autoanalyze_count
        ));
    }
    // The join compares the OIDs as int8: an oid = oid join between pg_class and VALUES
    // finds no matches in the executor today.
    Some(format!(
        "SELECT c.oid AS relid, n.nspname AS schemaname, c.relname AS relname, \
         COALESCE(s.seq_scan, 0::pg_catalog.int8) AS seq_scan, \
         COALESCE(s.seq_tup_read, 0::pg_catalog.int8) AS seq_tup_read, \
         CASE WHEN c.relhasindex THEN COALESCE(s.idx_scan, 0::pg_catalog.int8) END AS idx_scan, \
         CASE WHEN c.relhasindex THEN COALESCE(s.idx_tup_fetch, 0::pg_catalog.int8) END \
         AS idx_tup_fetch, \
         COALESCE(s.n_tup_ins, 0::pg_catalog.int8) AS n_tup_ins, \
         COALESCE(s.n_tup_upd, 0::pg_catalog.int8) AS n_tup_upd, \
         COALESCE(s.n_tup_del, 0::pg_catalog.int8) AS n_tup_del, \
         COALESCE(s.n_tup_hot_upd, 0::pg_catalog.int8) AS n_tup_hot_upd, \
         COALESCE(s.n_live_tup, 0::pg_catalog.int8) AS n_live_tup, \
         COALESCE(s.n_dead_tup, 0::pg_catalog.int8) AS n_dead_tup, \
         COALESCE(s.n_mod_since_analyze, 0::pg_catalog.int8) AS n_mod_since_analyze, \
         s.last_vacuum, s.last_autovacuum, s.last_analyze, s.last_autoanalyze, \
         COALESCE(s.vacuum_count, 0::pg_catalog.int8) AS vacuum_count, \
         COALESCE(s.autovacuum_count, 0::pg_catalog.int8) AS autovacuum_count, \
         COALESCE(s.analyze_count, 0::pg_catalog.int8) AS analyze_count, \
         COALESCE(s.autoanalyze_count, 0::pg_catalog.int8) AS autoanalyze_count \
         FROM pg_catalog.pg_class c \
         LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
         LEFT JOIN (SELECT * FROM (VALUES {}) AS v(datid, relid, seq_scan, seq_tup_read, \
         idx_scan, idx_tup_fetch, n_tup_ins, n_tup_upd, n_tup_del, n_tup_hot_upd, n_live_tup, \
         n_dead_tup, n_mod_since_analyze, last_vacuum, last_autovacuum, last_analyze, \
         last_autoanalyze, vacuum_count, autovacuum_count, analyze_count, autoanalyze_count) \
         WHERE v.datid = (SELECT d.oid FROM pg_catalog.pg_database d \
         WHERE d.datname = pg_catalog.current_database())) s \
         ON s.relid::pg_catalog.int8 = c.oid::pg_catalog.int8 \
         WHERE c.relkind IN ('r', 't', 'm'){filter}",
        rows.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags() {
        assert_eq!(tag_count("INSERT 0 5"), 5);
        assert_eq!(tag_count("UPDATE 3"), 3);
        assert_eq!(tag_count("DELETE 0"), 0);
        assert_eq!(tag_count("COPY 7"), 7);
    }

    #[test]
    fn thresholds() {
        let l = AutovacuumLimits {
            vac_threshold: 50.0,
            vac_scale: 0.2,
            anl_threshold: 50.0,
            anl_scale: 0.1,
        };
        let mut c = TableCounters {
            n_dead_tup: 250,
            n_mod_since_analyze: 150,
            ..TableCounters::default()
        };
        // 1000 rows: vacuum above 250 dead, analyze above 150 changes.
        assert_eq!(needs_autovacuum(&c, 1000.0, &l), (false, false));
        c.n_dead_tup = 251;
        c.n_mod_since_analyze = 151;
        assert_eq!(needs_autovacuum(&c, 1000.0, &l), (true, true));
    }

    #[test]
    fn registry() {
        let r = StatsRegistry::default();
        r.update(1, 2, |c| c.n_tup_ins += 3);
        r.update(1, 2, |c| c.n_tup_ins += 1);
        assert_eq!(r.get(1, 2).map(|c| c.n_tup_ins), Some(4));
        r.forget(1, 2);
        assert!(r.get(1, 2).is_none());
    }
}
