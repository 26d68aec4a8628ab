//! Per-session interrupt flags: a cancel request or statement_timeout sets one, and long-running
//! loops (scans, sleeps, sorts) call `check()` to turn it into PostgreSQL's error.

use crate::{sqlstate, PgError, PgResult};
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::Arc;

const NONE: u8 = 0;
const CANCEL: u8 = 1;
const TIMEOUT: u8 = 2;
const TERMINATE: u8 = 3;
const SHUTDOWN: u8 = 4;

/// A cheap, cloneable handle to a session's pending interrupt (and whether it is blocked
/// waiting for a lock, for pg_stat_activity).
#[derive(Clone, Debug, Default)]
pub struct Interrupts(Arc<Flags>);

#[derive(Default)]
pub struct Flags {
    state: AtomicU8,
    waiting: AtomicBool,
    /// Wakes the session if it is blocked reading from its client (set by the server).
    waker: std::sync::Mutex<Option<Waker>>,
}

/// A callback that wakes a session blocked on its client connection.
pub type Waker = Box<dyn Fn() + Send + Sync>;

impl std::fmt::Debug for Flags {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Flags")
            .field("state", &self.state)
            .field("waiting", &self.waiting)
            .finish()
    }
}

impl Interrupts {
    pub fn new() -> Self {
        Self::default()
    }
    /// Request cancellation of the running statement (CancelRequest, pg_cancel_backend).
    pub fn cancel(&self) {
        self.0.state.store(CANCEL, Ordering::SeqCst);
    }
    /// statement_timeout expired.
    pub fn timeout(&self) {
        self.0.state.store(TIMEOUT, Ordering::SeqCst);
    }
    /// pg_terminate_backend: the session ends at its next check, or at once when idle.
    pub fn terminate(&self) {
        self.0.state.store(TERMINATE, Ordering::SeqCst);
        if let Ok(w) = self.0.waker.lock() {
            if let Some(wake) = w.as_ref() {
                wake();
            }
        }
    }
    /// Install the callback that wakes the session when it is idle (see `terminate`).
    pub fn set_waker(&self, waker: Waker) {
        if let Ok(mut w) = self.0.waker.lock() {
            *w = Some(waker);
        }
    }
    /// Fast shutdown of the server.
    pub fn shutdown(&self) {
        self.0.state.store(SHUTDOWN, Ordering::SeqCst);
    }
    /// Forget any pending cancel/timeout (done at the start of each statement).
    pub fn clear(&self) {
        let _ = self
            .0
            .state
            .compare_exchange(CANCEL, NONE, Ordering::SeqCst, Ordering::SeqCst);
        let _ = self
            .0
            .state
            .compare_exchange(TIMEOUT, NONE, Ordering::SeqCst, Ordering::SeqCst);
    }
    /// Mark the session as blocked waiting for a lock (or not).
    pub fn set_waiting(&self, waiting: bool) {
        self.0.waiting.store(waiting, Ordering::Relaxed);
    }
    /// True while the session is blocked waiting for a lock.
    pub fn is_waiting(&self) -> bool {
        self.0.waiting.load(Ordering::Relaxed)
    }
    /// True when the session must end (terminate or shutdown).
    pub fn must_exit(&self) -> bool {
        matches!(self.0.state.load(Ordering::Relaxed), TERMINATE | SHUTDOWN)
    }
    /// Turn a pending interrupt into PostgreSQL's error; Ok when nothing is pending.
    #[inline]
    pub fn check(&self) -> PgResult<()> {
        match self.0.state.load(Ordering::Relaxed) {
            NONE => Ok(()),
            CANCEL => {
                self.0.state.store(NONE, Ordering::SeqCst);
                Err(PgError::new(
                    sqlstate::QUERY_CANCELED,
                    "canceling statement due to user request",
                ))
            }
            TIMEOUT => {
                self.0.state.store(NONE, Ordering::SeqCst);
                Err(PgError::new(
                    sqlstate::QUERY_CANCELED,
                    "canceling statement due to statement timeout",
                ))
            }
            TERMINATE => Err(PgError::new(
                sqlstate::ADMIN_SHUTDOWN,
                "terminating connection due to administrator command",
            )
            .with_severity(crate::Severity::Fatal)),
            _ => Err(PgError::new(
                sqlstate::ADMIN_SHUTDOWN,
                "terminating connection due to administrator command",
            )
            .with_severity(crate::Severity::Fatal)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cancel_is_reported_once() {
        let i = Interrupts::new();
        assert!(i.check().is_ok());
        i.cancel();
        assert_eq!(i.check().unwrap_err().code, sqlstate::QUERY_CANCELED);
        assert!(i.check().is_ok());
    }
}
