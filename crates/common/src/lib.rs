//! Shared foundations used by every Tusk subsystem: the error value (`PgError`) with its
//! SQLSTATE codes, OID and transaction-id aliases, and the interrupt flag sessions poll.

pub mod error;
pub mod fasthash;
pub mod interrupt;
pub mod sqlstate;

pub use error::{PgError, PgResult, Severity};
pub use interrupt::Interrupts;
pub use sqlstate::SqlState;

/// Object identifier, as in PostgreSQL's `oid` type.
pub type Oid = u32;
/// Transaction identifier (32-bit, as in PostgreSQL 10).
pub type Xid = u32;
/// Command identifier within a transaction.
pub type CommandId = u32;

/// Build a `PgError` at ERROR severity: `pg_err!(SYNTAX_ERROR, "syntax error at or near \"{}\"", tok)`.
#[macro_export]
macro_rules! pg_err {
    ($code:ident, $($arg:tt)*) => {
        $crate::PgError::new($crate::sqlstate::$code, format!($($arg)*))
    };
}

/// Return early with a `PgError`: `bail!(DIVISION_BY_ZERO, "division by zero")`.
#[macro_export]
macro_rules! bail {
    ($code:ident, $($arg:tt)*) => {
        return Err($crate::pg_err!($code, $($arg)*))
    };
}
