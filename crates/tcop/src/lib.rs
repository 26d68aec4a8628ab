//! The "traffic cop": one `Session` per client connection. It owns the session's transaction
//! block state and settings, dispatches each statement (transaction control, SET/SHOW, DDL,
//! queries) through the parser, analyzer, planner and executor, and reports results through
//! the `Output` trait, which the server implements on top of the wire protocol. `Engine` is
//! the shared, per-cluster state (storage, transaction manager, catalogs).

mod activity;
mod alter;
mod alter_misc;
mod alter_type;
mod comment_cmd;
mod constraint_cmd;
mod copy;
mod create_as;
mod create_like;
mod cursor;
mod database_cmd;
mod ddl;
mod deparse;
mod dump_compat;
mod engine;
pub mod env;
mod explain_cmd;
mod extended;
mod fk_cmd;
mod grant_cmd;
mod index_cmd;
mod lock_cmd;
pub mod pgstat;
mod prepare_cmd;
mod readonly;
mod reindex_cmd;
mod rename_cmd;
mod results;
mod role_cmd;
mod role_setting;
mod savepoint;
mod sequence_cmd;
mod session;
mod settings_cmd;
mod timeout;
mod vacuum_cmd;
mod view_cmd;
mod xact;

pub use engine::{analyze_new_cluster, bootstrap_cluster, BootstrapOptions, Engine, ShutdownMode};
pub use session::{Session, StartupParams};

use common::{Oid, PgError, PgResult};

/// One column of a RowDescription.
#[derive(Clone, Debug, PartialEq)]
pub struct ColumnDesc {
    pub name: String,
    pub table_oid: Oid,
    pub column_attnum: i16,
    pub type_oid: Oid,
    pub type_len: i16,
    pub type_modifier: i32,
    /// 0 = text, 1 = binary.
    pub format: i16,
}

/// Where a session sends its results. Each method returns an error when the client is gone,
/// so execution stops early.
pub trait Output {
    fn row_description(&mut self, columns: &[ColumnDesc]) -> PgResult<()>;
    /// One row; `None` is SQL NULL, otherwise the value already rendered in the column's format.
    fn data_row(&mut self, values: &[Option<&[u8]>]) -> PgResult<()>;
    fn command_complete(&mut self, tag: &str) -> PgResult<()>;
    fn empty_query(&mut self) -> PgResult<()>;
    /// An ERROR/FATAL for the client.
    fn error(&mut self, error: &PgError) -> PgResult<()>;
    /// A NOTICE/WARNING/INFO for the client.
    fn notice(&mut self, notice: &PgError) -> PgResult<()>;
    /// A reportable GUC changed (sent as ParameterStatus).
    fn parameter_status(&mut self, name: &str, value: &str) -> PgResult<()>;

    // --- Extended query protocol responses (crate::extended). ---

    fn parse_complete(&mut self) -> PgResult<()> {
        Err(extended_unsupported())
    }
    fn bind_complete(&mut self) -> PgResult<()> {
        Err(extended_unsupported())
    }
    fn close_complete(&mut self) -> PgResult<()> {
        Err(extended_unsupported())
    }
    /// ParameterDescription (Describe of a statement).
    fn parameter_description(&mut self, _types: &[Oid]) -> PgResult<()> {
        Err(extended_unsupported())
    }
    /// NoData: the described statement or portal returns no rows.
    fn no_data(&mut self) -> PgResult<()> {
        Err(extended_unsupported())
    }
    /// Execute stopped at its row limit; the portal can be resumed.
    fn portal_suspended(&mut self) -> PgResult<()> {
        Err(extended_unsupported())
    }

    // --- COPY sub-protocol (crate::copy). Defaults refuse, for outputs without a client. ---

    /// COPY FROM STDIN: send CopyInResponse (`format` 0 text / 1 binary, one format code per
    /// column) and flush, so the client starts sending CopyData.
    fn copy_in_begin(&mut self, _format: i8, _column_formats: &[i16]) -> PgResult<()> {
        Err(copy_unsupported())
    }
    /// The next CopyData payload, or `None` once the client sent CopyDone. CopyFail is the
    /// error 57014 `COPY from stdin failed: <message>`; any other message (except Flush/Sync,
    /// which are skipped) is 08P01 `unexpected message type 0x.. during COPY from stdin`.
    fn copy_in_next(&mut self) -> PgResult<Option<Vec<u8>>> {
        Err(copy_unsupported())
    }
    /// COPY TO STDOUT: send CopyOutResponse.
    fn copy_out_begin(&mut self, _format: i8, _column_formats: &[i16]) -> PgResult<()> {
        Err(copy_unsupported())
    }
    /// One CopyData message (a row, or header/trailer bytes); may be buffered.
    fn copy_out_data(&mut self, _data: &[u8]) -> PgResult<()> {
        Err(copy_unsupported())
    }
    /// CopyDone (the caller then reports CommandComplete as usual).
    fn copy_out_end(&mut self) -> PgResult<()> {
        Err(copy_unsupported())
    }
}

fn extended_unsupported() -> PgError {
    PgError::new(
        common::sqlstate::FEATURE_NOT_SUPPORTED,
        "the extended query protocol is not supported by this connection",
    )
}

fn copy_unsupported() -> PgError {
    PgError::new(
        common::sqlstate::FEATURE_NOT_SUPPORTED,
        "COPY to or from the client is not supported by this connection",
    )
}
