//! Advisory lock functions (pg_advisory_lock and friends): their signatures for overload
//! resolution. The executor implements them (executor/src/advisory.rs) with the lock manager.

use common::Oid;
use types::oids::*;

/// What an advisory lock function does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AdvisoryOp {
    /// pg_advisory_lock*: wait for the lock (void).
    Lock,
    /// pg_try_advisory_lock*: take it if free (bool).
    TryLock,
    /// pg_advisory_unlock*: release one session-level hold (bool).
    Unlock,
    /// pg_advisory_unlock_all(): release every session-level advisory lock (void).
    UnlockAll,
}

/// One advisory lock function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AdvisoryFn {
    pub op: AdvisoryOp,
    /// ShareLock (the `_shared` variants) instead of ExclusiveLock.
    pub shared: bool,
    /// Transaction-level (`_xact_`) instead of session-level.
    pub xact: bool,
}

/// (name, argument types, result type, implementation) for every advisory lock function.
pub fn entries() -> Vec<(String, Vec<Oid>, Oid, AdvisoryFn)> {
    use AdvisoryOp::*;
    let mut v = Vec::new();
    for (op, prefix, ret) in [
        (Lock, "pg_advisory", VOID),
        (TryLock, "pg_try_advisory", BOOL),
        (Unlock, "pg_advisory_unlock", BOOL),
    ] {
        let scopes: &[bool] = if op == Unlock {
            &[false]
        } else {
            &[false, true]
        };
        for &xact in scopes {
            for shared in [false, true] {
                let mut name = prefix.to_string();
                if op != Unlock {
                    name.push_str(if xact { "_xact_lock" } else { "_lock" });
                }
                if shared {
                    name.push_str("_shared");
                }
                let f = AdvisoryFn { op, shared, xact };
                v.push((name.clone(), vec![INT8], ret, f));
                v.push((name, vec![INT4, INT4], ret, f));
            }
        }
    }
    v.push((
        "pg_advisory_unlock_all".to_string(),
        Vec::new(),
        VOID,
        AdvisoryFn {
            op: UnlockAll,
            shared: false,
            xact: false,
        },
    ));
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        let names: Vec<String> = entries().into_iter().map(|e| e.0).collect();
        for n in [
            "pg_advisory_lock",
            "pg_advisory_lock_shared",
            "pg_advisory_xact_lock",
            "pg_advisory_xact_lock_shared",
            "pg_try_advisory_lock",
            "pg_try_advisory_lock_shared",
            "pg_try_advisory_xact_lock",
            "pg_try_advisory_xact_lock_shared",
            "pg_advisory_unlock",
            "pg_advisory_unlock_shared",
            "pg_advisory_unlock_all",
        ] {
            assert!(names.iter().any(|x| x == n), "{n}");
        }
        assert_eq!(names.len(), 21);
    }
}
