//! Storage: relation files of 8 KB pages under the data directory (`smgr`), the shared buffer
//! pool that caches them (`bufmgr`), and the page layout (`page`: PostgreSQL 10's page header,
//! line pointers, LSN), the write-ahead log (`wal`: segments in pg_wal/, records, group
//! commit, pg_control) and page/file redo (`xlogpage`). Once `Storage::attach_wal` is called,
//! every change made through `BufferRef::write` is WAL-logged and stamped with its LSN, and a
//! dirty page is written only after the WAL up to its LSN is flushed.

// PgError is deliberately rich (all ErrorResponse fields); results carry it by value.
#![allow(clippy::result_large_err)]

pub mod bufmgr;
pub mod page;
pub mod smgr;
pub mod wal;
mod wal_prealloc;
pub mod xlogpage;

pub use bufmgr::{BufferReadGuard, BufferRef, BufferWriteGuard, Storage, WalFlushHook};
pub use smgr::relpath;
pub use wal::{Wal, WalSettings};

use common::Oid;

/// Size of every page.
pub const BLCKSZ: usize = 8192;
/// Tablespace OID of `pg_global` (shared catalogs, files under global/).
pub const GLOBALTABLESPACE_OID: Oid = 1664;
/// Tablespace OID of `pg_default` (files under base/<db>/).
pub const DEFAULTTABLESPACE_OID: Oid = 1663;

pub type BlockNumber = u32;

/// Identifies a relation's files: global/<rel> for the global tablespace, else base/<db>/<rel>.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RelFileNode {
    pub spc_node: Oid,
    pub db_node: Oid,
    pub rel_node: Oid,
}

#[cfg(test)]
mod tests;
