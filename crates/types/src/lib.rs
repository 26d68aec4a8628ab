//! Data types: the `Datum` value, the table of built-in types (PostgreSQL 10's OIDs and pg_type
//! attributes), per-type text and binary I/O, comparison, and the built-in functions, operators
//! and casts that the analyzer resolves and the executor calls.
//!
//! Each family of types lives in its own module (`numeric`, `float`, `int`, `boolean`, `text`,
//! `datetime`, ...) and exposes the same hooks, which `io` and `registry` chain together.

/// Invoke `$body` with `$m` bound to each type-family module in turn.
#[macro_export]
macro_rules! for_each_type_module {
    ($m:ident => $body:block) => {{
        {
            use $crate::numeric as $m;
            $body
        }
        {
            use $crate::int as $m;
            $body
        }
        {
            use $crate::float as $m;
            $body
        }
        {
            use $crate::boolean as $m;
            $body
        }
        {
            use $crate::oidtypes as $m;
            $body
        }
        {
            use $crate::datetime as $m;
            $body
        }
        {
            use $crate::text as $m;
            $body
        }
        {
            use $crate::bytea as $m;
            $body
        }
        {
            use $crate::uuid as $m;
            $body
        }
        {
            use $crate::array as $m;
            $body
        }
        {
            use $crate::geo as $m;
            $body
        }
        {
            use $crate::network as $m;
            $body
        }
        {
            use $crate::money as $m;
            $body
        }
        {
            use $crate::bits as $m;
            $body
        }
        {
            use $crate::regex as $m;
            $body
        }
        {
            use $crate::jsonb as $m;
            $body
        }
        {
            use $crate::numfmt as $m;
            $body
        }
        {
            use $crate::acl as $m;
            $body
        }
    }};
}

pub mod compare;
pub mod datum;
pub mod env;
pub mod io;
pub mod oids;
pub mod registry;
pub mod typeinfo;

pub mod acl;
pub mod array;
pub mod bits;
pub mod boolean;
pub mod bytea;
pub mod datetime;
pub mod float;
pub mod geo;
pub mod int;
pub mod jsonb;
pub mod money;
pub mod network;
pub mod numeric;
pub mod numfmt;
pub mod oidtypes;
pub mod regex;
pub mod text;
pub mod uuid;

pub use datum::{Array, Datum, Interval};
pub use env::SessionEnv;
pub use numeric::Numeric;
pub use registry::{AggDef, CastDef, FuncCtx, OperDef, ProcDef};
pub use typeinfo::{type_info, TypeInfo};
