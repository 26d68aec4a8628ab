//! Semantic analysis: turns raw parse trees into typed query trees — resolves table, column,
//! function, operator and type names against the catalogs and applies PostgreSQL's overload
//! resolution and implicit-coercion rules.

// PgError (the project-wide error type) is large by design; results carry it everywhere.
#![allow(clippy::result_large_err)]

pub mod advisory_fns;
pub mod analyze;
pub mod catalog_fns;
pub mod coerce;
pub mod expr;
pub mod information_schema;
pub mod query;
pub mod reg_io;
pub mod regclass;
pub mod registry;
pub mod system_views;
pub mod views;

pub use analyze::{compute_search_path, figure_colname, same_expr, Analyzer, SessionRelations};
pub use expr::{AggCall, AggKind, CastHow, Expr, ExprKind, Func, SessFn, SrfFn, SubLinkKind};
pub use query::{
    CmdType, Distinct, FromItem, ModifyInfo, OnConflictInfo, Query, Rte, RteKind, SetOpTree,
    SortKey, Target,
};
pub use registry::{registry, Registry};
