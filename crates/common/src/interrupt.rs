//! Per-session interrupt flags: a cancel request or statement_timeout sets one, and long-running
//! loops (scans, sleeps, sorts) call `check()` to turn it into PostgreSQL's error.

use crate::{sqlstate, PgError, PgResult};
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Arc;

const NONE: u8 = 0;
const CANCEL: u8 = 1;
const TIMEOUT: u8 = 2;
const TERMINATE: u8 = 3;
const SHUTDOWN: u8 = 4;

/// A cheap, cloneable handle to a session's pending interrupt.
#[derive(Clone, Debug, Default)]
pub struct Interrupts(Arc<AtomicU8>);

impl Interrupts {
    pub fn new() -> Self {
        Self::default()
    }
    /// Request cancellation of the running statement (CancelRequest, pg_cancel_backend).
    pub fn cancel(&self) {
        self.0.store(CANCEL, Ordering::SeqCst);
    }
    /// statement_timeout expired.
    pub fn timeout(&self) {
        self.0.store(TIMEOUT, Ordering::SeqCst);
    }
    /// pg_terminate_backend.
    pub fn terminate(&self) {
        self.0.store(TERMINATE, Ordering::SeqCst);
    }
    /// Fast shutdown of the server.
    pub fn shutdown(&self) {
        self.0.store(SHUTDOWN, Ordering::SeqCst);
    }
    /// Forget any pending cancel/timeout (done at the start of each statement).
    pub fn clear(&self) {
        let _ = self
            .0
            .compare_exchange(CANCEL, NONE, Ordering::SeqCst, Ordering::SeqCst);
        let _ = self
            .0
            .compare_exchange(TIMEOUT, NONE, Ordering::SeqCst, Ordering::SeqCst);
    }
    /// True when the session must end (terminate or shutdown).
    pub fn must_exit(&self) -> bool {
        matches!(self.0.load(Ordering::Relaxed), TERMINATE | SHUTDOWN)
    }
    /// Turn a pending interrupt into PostgreSQL's error; Ok when nothing is pending.
    #[inline]
    pub fn check(&self) -> PgResult<()> {
        match self.0.load(Ordering::Relaxed) {
            NONE => Ok(()),
            CANCEL => {
                self.0.store(NONE, Ordering::SeqCst);
                Err(PgError::new(
                    sqlstate::QUERY_CANCELED,
                    "canceling statement due to user request",
                ))
            }
            TIMEOUT => {
                self.0.store(NONE, Ordering::SeqCst);
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
