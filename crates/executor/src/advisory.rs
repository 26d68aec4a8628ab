//! Advisory lock functions (pg_advisory_lock, pg_try_advisory_xact_lock_shared,
//! pg_advisory_unlock, pg_advisory_unlock_all, ...) on top of the lock manager
//! (`txn::lockmgr`): keys map to PostgreSQL's advisory lock tags, shared variants take
//! ShareLock and the others ExclusiveLock, `_xact_` variants last until transaction end.

use crate::Runtime;
use analyzer::advisory_fns::{AdvisoryFn, AdvisoryOp};
use common::PgResult;
use txn::lockmgr::{Acquired, LockMode, LockScope, LockTag};
use types::Datum;

/// Evaluate advisory lock function `f` on non-NULL `args` (one int8 key or two int4 keys).
pub fn call(rt: &mut Runtime, f: AdvisoryFn, args: &[Datum]) -> PgResult<Datum> {
    let cx = &mut *rt.cx;
    let locks = &cx.tm.locks;
    let backend = cx.backend_pid;
    if f.op == AdvisoryOp::UnlockAll {
        locks.release_session_advisory(backend);
        return Ok(Datum::Null);
    }
    if args.iter().any(|a| a.is_null()) {
        return Ok(Datum::Null);
    }
    let key = |i: usize| args.get(i).and_then(|a| a.as_i64()).unwrap_or(0);
    let tag = if args.len() >= 2 {
        LockTag::advisory_int4(cx.db_oid, key(0) as i32, key(1) as i32)
    } else {
        LockTag::advisory_int8(cx.db_oid, key(0))
    };
    let mode = if f.shared {
        LockMode::Share
    } else {
        LockMode::Exclusive
    };
    let scope = if f.xact {
        LockScope::Transaction
    } else {
        LockScope::Session
    };
    match f.op {
        AdvisoryOp::Lock | AdvisoryOp::TryLock => {
            let cfg = crate::table_locks::wait_config(cx);
            let nowait = f.op == AdvisoryOp::TryLock;
            let got = locks.acquire(tag, mode, scope, nowait, &cfg, cx.interrupts)?;
            if nowait {
                Ok(Datum::Bool(got != Acquired::NotAvailable))
            } else {
                Ok(Datum::Null)
            }
        }
        _ => {
            let released = locks.release_session_lock(tag, mode, backend);
            if !released {
                cx.notices.push(common::PgError::warning(format!(
                    "you don't own a lock of type {}",
                    mode.name()
                )));
            }
            Ok(Datum::Bool(released))
        }
    }
}
