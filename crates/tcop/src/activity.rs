//! Backend activity: what each session is doing (its database, user, state, current query,
//! transaction start, lock waits), kept in the engine's registry for pg_stat_activity and
//! for pg_cancel_backend / pg_terminate_backend.

use common::Xid;
use common::{Interrupts, Oid};
use std::sync::{Arc, Mutex};

/// One session's entry in the registry.
pub(crate) struct BackendStatus {
    pub(crate) pid: i32,
    pub(crate) datid: Oid,
    pub(crate) datname: String,
    pub(crate) usesysid: Oid,
    pub(crate) usename: String,
    pub(crate) application_name: String,
    pub(crate) backend_start: i64,
    pub(crate) xact_start: Option<i64>,
    pub(crate) query_start: Option<i64>,
    pub(crate) state_change: i64,
    /// "active", "idle", "idle in transaction", "idle in transaction (aborted)".
    pub(crate) state: &'static str,
    pub(crate) query: String,
    pub(crate) backend_xid: Xid,
    /// The session's interrupt flags: signals and the "waiting for a lock" flag.
    pub(crate) interrupts: Interrupts,
}

/// Shared handle to a session's status.
pub(crate) type StatusHandle = Arc<Mutex<BackendStatus>>;

pub(crate) fn lock(h: &StatusHandle) -> std::sync::MutexGuard<'_, BackendStatus> {
    h.lock().unwrap_or_else(|e| e.into_inner())
}

/// A SQL string literal.
pub(crate) fn literal(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// A timestamptz expression for PostgreSQL-epoch microseconds (NULL for None).
pub(crate) fn timestamp(micros: Option<i64>) -> String {
    match micros {
        Some(m) => format!(
            "('2000-01-01 00:00:00+00'::pg_catalog.timestamptz + \
             {m}::pg_catalog.int8 * '1 microsecond'::pg_catalog.interval)"
        ),
        None => "NULL::pg_catalog.timestamptz".to_string(),
    }
}

const COLUMNS: &str = "datid, datname, pid, usesysid, usename, application_name, client_addr, \
                       client_hostname, client_port, backend_start, xact_start, query_start, \
                       state_change, wait_event_type, wait_event, state, backend_xid, \
                       backend_xmin, query, backend_type";

/// The defining query of pg_stat_activity over the given sessions' statuses.
pub(crate) fn stat_activity_query(
    statuses: &[StatusHandle],
    locks: &txn::lockmgr::LockManager,
) -> String {
    let mut rows = Vec::with_capacity(statuses.len());
    for h in statuses {
        let s = lock(h);
        // The lock manager knows what a blocked backend waits for; a wait it doesn't track
        // still shows as a lock wait.
        let event = locks
            .wait_event(s.pid)
            .or_else(|| s.interrupts.is_waiting().then_some("transactionid"));
        let (wait_type, wait_event) = match event {
            Some(e) => (
                "'Lock'::pg_catalog.text".to_string(),
                format!("'{e}'::pg_catalog.text"),
            ),
            None => (
                "NULL::pg_catalog.text".to_string(),
                "NULL::pg_catalog.text".to_string(),
            ),
        };
        let xid = if s.backend_xid == txn::INVALID_XID {
            "NULL::pg_catalog.xid".to_string()
        } else {
            format!("'{}'::pg_catalog.xid", s.backend_xid)
        };
        rows.push(format!(
            "({}::pg_catalog.oid, {}::pg_catalog.name, {}, {}::pg_catalog.oid, \
             {}::pg_catalog.name, {}::pg_catalog.text, NULL::pg_catalog.inet, \
             NULL::pg_catalog.text, NULL::pg_catalog.int4, {}, {}, {}, {}, {}, {}, \
             {}::pg_catalog.text, {}, NULL::pg_catalog.xid, {}::pg_catalog.text, \
             'client backend'::pg_catalog.text)",
            s.datid,
            literal(&s.datname),
            s.pid,
            s.usesysid,
            literal(&s.usename),
            literal(&s.application_name),
            timestamp(Some(s.backend_start)),
            timestamp(s.xact_start),
            timestamp(s.query_start),
            timestamp(Some(s.state_change)),
            wait_type,
            wait_event,
            literal(s.state),
            xid,
            literal(&s.query),
        ));
    }
    if rows.is_empty() {
        // Never empty in practice (the asking session is listed), but stay valid.
        return "SELECT NULL::pg_catalog.oid AS datid, NULL::pg_catalog.name AS datname, \
                NULL::pg_catalog.int4 AS pid, NULL::pg_catalog.oid AS usesysid, \
                NULL::pg_catalog.name AS usename, NULL::pg_catalog.text AS application_name, \
                NULL::pg_catalog.inet AS client_addr, NULL::pg_catalog.text AS client_hostname, \
                NULL::pg_catalog.int4 AS client_port, \
                NULL::pg_catalog.timestamptz AS backend_start, \
                NULL::pg_catalog.timestamptz AS xact_start, \
                NULL::pg_catalog.timestamptz AS query_start, \
                NULL::pg_catalog.timestamptz AS state_change, \
                NULL::pg_catalog.text AS wait_event_type, NULL::pg_catalog.text AS wait_event, \
                NULL::pg_catalog.text AS state, NULL::pg_catalog.xid AS backend_xid, \
                NULL::pg_catalog.xid AS backend_xmin, NULL::pg_catalog.text AS query, \
                NULL::pg_catalog.text AS backend_type WHERE false"
            .to_string();
    }
    format!("SELECT * FROM (VALUES {}) AS a({COLUMNS})", rows.join(", "))
}
