//! Heavyweight locks on the session side: LOCK TABLE, the table locks utility statements take
//! before they act (DROP / TRUNCATE / ALTER TABLE / REINDEX → AccessExclusiveLock, CREATE INDEX
//! → ShareLock, VACUUM / ANALYZE → ShareUpdateExclusiveLock), the per-statement lock-wait
//! settings (deadlock_timeout, lock_timeout), releasing transaction locks at transaction end,
//! and the pg_locks view built from the lock manager's state.

use crate::engine::Engine;
use crate::session::Session;
use common::{pg_err, Oid, PgResult};
use parser::ast::{ObjectKind, QualifiedName, Statement};
use txn::lockmgr::{Acquired, LockMode, LockScope, LockTag, WaitConfig};

impl Session {
    /// This session's lock-wait settings.
    pub(crate) fn lock_wait_config(&self) -> WaitConfig {
        WaitConfig::from_ms(
            self.backend_pid,
            self.gucs.get_int("deadlock_timeout").unwrap_or(1000),
            self.gucs.get_int("lock_timeout").unwrap_or(0),
        )
    }

    /// Statement start: publish the session's backend and lock-wait settings to this thread
    /// (xids it begins belong to it; xid waits use its timeouts).
    pub(crate) fn lock_prologue(&self) {
        txn::lockmgr::set_current(self.lock_wait_config());
    }

    /// Transaction end (commit or abort): release the transaction's locks.
    pub(crate) fn release_transaction_locks(&self) {
        self.engine.tm.locks.release_transaction(self.backend_pid);
    }

    /// Lock relation `oid` in `mode` for the transaction; true if it had to wait.
    fn lock_relation(&mut self, oid: Oid, mode: LockMode, nowait: bool) -> PgResult<Acquired> {
        let cfg = self.lock_wait_config();
        let tag = LockTag::Relation {
            db: self.db.oid,
            rel: oid,
        };
        self.engine.tm.locks.acquire(
            tag,
            mode,
            LockScope::Transaction,
            nowait,
            &cfg,
            &self.interrupts,
        )
    }

    /// After waiting for a lock: a statement whose snapshot may be replaced (READ COMMITTED,
    /// or the first statement of the transaction) takes a fresh one, so it sees what the
    /// lock holder committed.
    fn refresh_snapshot_after_wait(&mut self, fresh: bool) {
        if fresh {
            self.xact.txn.snapshot = self
                .engine
                .tm
                .snapshot(self.xact.txn.xid, self.xact.txn.cid);
        }
    }

    /// LOCK [TABLE] [ONLY] name [, ...] [IN mode MODE] [NOWAIT]. `fresh`: the statement's
    /// snapshot is its own (READ COMMITTED, or no earlier statement fixed it).
    pub(crate) fn exec_lock(&mut self, l: &parser::ast::LockStmt, fresh: bool) -> PgResult<String> {
        if self.xact.block == crate::xact::Block::None {
            return Err(pg_err!(
                NO_ACTIVE_SQL_TRANSACTION,
                "LOCK TABLE can only be used in transaction blocks"
            ));
        }
        let mode = LockMode::from_sql(&l.mode)
            .ok_or_else(|| pg_err!(SYNTAX_ERROR, "unrecognized lock mode \"{}\"", l.mode))?;
        for (name, _) in &l.tables {
            let rel = self.lookup_relation(name)?.ok_or_else(|| {
                pg_err!(UNDEFINED_TABLE, "relation \"{}\" does not exist", name.name)
            })?;
            if rel.relkind != b'r' && rel.relkind != b'p' {
                return Err(pg_err!(
                    WRONG_OBJECT_TYPE,
                    "\"{}\" is not a table",
                    rel.name
                ));
            }
            match self.lock_relation(rel.oid, mode, l.nowait)? {
                Acquired::NotAvailable => {
                    return Err(pg_err!(
                        LOCK_NOT_AVAILABLE,
                        "could not obtain lock on relation \"{}\"",
                        rel.name
                    ))
                }
                Acquired::AfterWait => self.refresh_snapshot_after_wait(fresh),
                Acquired::Immediately => {}
            }
        }
        if fresh && self.xact.isolation != crate::xact::Isolation::ReadCommitted {
            // LOCK does not fix a REPEATABLE READ transaction's snapshot: the next statement
            // takes it, after the lock is held.
            self.xact.snapshot_taken = false;
        }
        Ok("LOCK TABLE".into())
    }

    /// Take the table locks utility statement `stmt` needs before it acts (names that do not
    /// resolve are left to the statement to report).
    pub(crate) fn lock_for_utility(&mut self, stmt: &Statement, fresh: bool) -> PgResult<()> {
        let mut wanted: Vec<(&QualifiedName, LockMode)> = Vec::new();
        match stmt {
            Statement::Drop(d)
                if matches!(
                    d.kind,
                    ObjectKind::Table
                        | ObjectKind::View
                        | ObjectKind::Index
                        | ObjectKind::Sequence
                        | ObjectKind::MaterializedView
                ) =>
            {
                wanted.extend(d.names.iter().map(|n| (n, LockMode::AccessExclusive)));
            }
            Statement::Truncate(t) => {
                wanted.extend(t.tables.iter().map(|(n, _)| (n, LockMode::AccessExclusive)));
            }
            Statement::AlterTable(a) => wanted.push((&a.table, LockMode::AccessExclusive)),
            Statement::Rename(r)
                if matches!(
                    r.kind,
                    ObjectKind::Table | ObjectKind::View | ObjectKind::Index | ObjectKind::Sequence
                ) =>
            {
                wanted.push((&r.name, LockMode::AccessExclusive))
            }
            Statement::CreateIndex(c) => {
                let mode = if c.concurrently {
                    LockMode::ShareUpdateExclusive
                } else {
                    LockMode::Share
                };
                wanted.push((&c.table, mode));
            }
            Statement::Vacuum(v) | Statement::Analyze(v) => {
                let mode = if v.full {
                    LockMode::AccessExclusive
                } else {
                    LockMode::ShareUpdateExclusive
                };
                wanted.extend(v.tables.iter().map(|(n, _)| (n, mode)));
            }
            _ => return Ok(()),
        }
        let mut waited = false;
        for (name, mode) in wanted {
            let Ok(Some(rel)) = self.lookup_relation(name) else {
                continue;
            };
            if rel.oid < 16384 {
                continue;
            }
            waited |= self.lock_relation(rel.oid, mode, false)? == Acquired::AfterWait;
        }
        if waited {
            self.refresh_snapshot_after_wait(fresh);
        }
        Ok(())
    }
}

fn opt<T: std::fmt::Display>(v: Option<T>, typ: &str) -> String {
    match v {
        Some(x) => format!("'{x}'::pg_catalog.{typ}"),
        None => format!("NULL::pg_catalog.{typ}"),
    }
}

const COLUMNS: &str = "locktype, database, relation, page, tuple, virtualxid, transactionid, \
                       classid, objid, objsubid, virtualtransaction, pid, mode, granted, fastpath";

/// The defining query of pg_locks over the lock manager's current state.
pub(crate) fn pg_locks_query(engine: &Engine) -> String {
    let rows: Vec<String> = engine
        .tm
        .locks
        .status()
        .into_iter()
        .map(|r| {
            format!(
                "('{}'::pg_catalog.text, {}, {}, NULL::pg_catalog.int4, NULL::pg_catalog.int2, \
                 NULL::pg_catalog.text, {}, {}, {}, {}, '{}'::pg_catalog.text, {}, \
                 '{}'::pg_catalog.text, {}, {})",
                r.locktype,
                opt(r.database, "oid"),
                opt(r.relation, "oid"),
                opt(r.transactionid, "xid"),
                opt(r.classid, "oid"),
                opt(r.objid, "oid"),
                opt(r.objsubid, "int2"),
                r.virtualtransaction,
                r.pid,
                r.mode,
                r.granted,
                r.fastpath
            )
        })
        .collect();
    if rows.is_empty() {
        return "SELECT NULL::pg_catalog.text AS locktype, NULL::pg_catalog.oid AS database, \
                NULL::pg_catalog.oid AS relation, NULL::pg_catalog.int4 AS page, \
                NULL::pg_catalog.int2 AS tuple, NULL::pg_catalog.text AS virtualxid, \
                NULL::pg_catalog.xid AS transactionid, NULL::pg_catalog.oid AS classid, \
                NULL::pg_catalog.oid AS objid, NULL::pg_catalog.int2 AS objsubid, \
                NULL::pg_catalog.text AS virtualtransaction, NULL::pg_catalog.int4 AS pid, \
                NULL::pg_catalog.text AS mode, NULL::pg_catalog.bool AS granted, \
                NULL::pg_catalog.bool AS fastpath WHERE false"
            .to_string();
    }
    format!("SELECT * FROM (VALUES {}) AS l({COLUMNS})", rows.join(", "))
}
