//! The catalog of built-in functions, operators, casts and aggregates: plain data that `initdb`
//! writes into pg_proc/pg_operator/pg_cast/pg_aggregate and that the analyzer resolves against.
//! Each type-family module contributes its entries through `procs()`, `opers()`, `casts()`.

use crate::{Datum, SessionEnv};
use common::{Oid, PgResult};

/// What a built-in function sees besides its arguments.
pub struct FuncCtx<'a> {
    pub env: &'a SessionEnv,
    /// Result type of the call being evaluated (lets polymorphic functions know their type).
    pub result_type: Oid,
    /// Argument types as resolved by the analyzer.
    pub arg_types: &'a [Oid],
}

/// A built-in function's implementation. For strict functions the executor never passes NULL
/// arguments (it returns NULL itself).
pub type BuiltinFn = fn(args: &[Datum], cx: &FuncCtx) -> PgResult<Datum>;

/// A pg_proc entry for a built-in function.
#[derive(Clone, Copy)]
pub struct ProcDef {
    /// PostgreSQL 10's pg_proc OID for this function.
    pub oid: Oid,
    pub name: &'static str,
    pub arg_types: &'static [Oid],
    pub ret_type: Oid,
    pub strict: bool,
    /// b'i' immutable, b's' stable, b'v' volatile.
    pub volatility: u8,
    /// Element type of a VARIADIC last argument, or 0.
    pub variadic: Oid,
    /// Returns a set (SRF).
    pub retset: bool,
    pub func: BuiltinFn,
}

/// A pg_operator entry.
#[derive(Clone, Copy, Debug)]
pub struct OperDef {
    pub oid: Oid,
    pub name: &'static str,
    /// Left operand type; 0 for a prefix operator.
    pub left: Oid,
    pub right: Oid,
    pub result: Oid,
    /// OID of the implementing function in pg_proc (oprcode).
    pub proc_oid: Oid,
    pub commutator: Oid,
    pub negator: Oid,
}

/// A pg_cast entry.
#[derive(Clone, Copy, Debug)]
pub struct CastDef {
    pub source: Oid,
    pub target: Oid,
    /// Implementing function (pg_proc OID), or 0 for binary-coercible / I/O casts.
    pub func_oid: Oid,
    /// b'i' implicit, b'a' assignment, b'e' explicit.
    pub context: u8,
    /// b'f' function, b'b' binary coercible, b'i' I/O conversion.
    pub method: u8,
}

/// A pg_aggregate entry (the executor implements the transition logic by `proc_oid`).
#[derive(Clone, Copy, Debug)]
pub struct AggDef {
    pub proc_oid: Oid,
    pub name: &'static str,
    pub arg_types: &'static [Oid],
    pub ret_type: Oid,
}

/// All built-in functions, from every type-family module.
pub fn all_procs() -> Vec<ProcDef> {
    let mut v = Vec::new();
    crate::for_each_type_module!(m => {
        v.extend(m::procs());
    });
    v
}

/// All built-in operators.
pub fn all_opers() -> Vec<OperDef> {
    let mut v = Vec::new();
    crate::for_each_type_module!(m => {
        v.extend(m::opers());
    });
    v
}

/// All built-in casts.
pub fn all_casts() -> Vec<CastDef> {
    let mut v = Vec::new();
    crate::for_each_type_module!(m => {
        v.extend(m::casts());
    });
    v
}
