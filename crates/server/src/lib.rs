//! The Tusk server: the postmaster (listeners, signals, pid file, one thread per connection),
//! the per-connection protocol loop on top of `tcop::Session`, pg_hba.conf handling, and the
//! `postgres`, `initdb` and `pg_ctl` programs (thin binaries over the modules here).

// PgError (the project-wide error type) is large by design; results carry it everywhere.
#![allow(clippy::result_large_err)]

pub mod autovacuum;
pub mod backend;
pub mod datadir;
pub mod hba;
pub mod initdb;
pub mod log;
pub mod net;
pub mod pg_ctl;
pub mod postgres_cli;
pub mod postmaster;
#[cfg(test)]
mod postmaster_tests;
pub mod signals;

/// Version string PostgreSQL 10.2 programs print with -V.
pub const PG_VERSION_STR: &str = "(PostgreSQL) 10.2";
/// Major version written to PG_VERSION.
pub const PG_MAJORVERSION: &str = "10";
