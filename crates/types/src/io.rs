//! Text and binary I/O of every type, dispatched by type OID to the type-family modules, plus
//! typmod coercion (varchar(n) length checks, numeric(p,s) rounding, timestamp(p) precision).

use crate::{Datum, SessionEnv};
use common::{Oid, PgError, PgResult};

/// Parse the text form of a value of type `typ` (typmod -1 when none). Errors are PostgreSQL's,
/// e.g. 22P02 `invalid input syntax for integer: "abc"`.
pub fn input(typ: Oid, typmod: i32, text: &str, env: &SessionEnv) -> PgResult<Datum> {
    crate::for_each_type_module!(m => {
        if let Some(r) = m::input(typ, typmod, text, env) {
            return r;
        }
    });
    Err(unsupported(typ, "input"))
}

/// Render a non-NULL value of type `typ` as text, exactly as PostgreSQL prints it.
pub fn output(typ: Oid, value: &Datum, env: &SessionEnv) -> PgResult<String> {
    let mut out = String::new();
    crate::for_each_type_module!(m => {
        if m::output(typ, value, env, &mut out)? {
            return Ok(out);
        }
    });
    Err(unsupported(typ, "output"))
}

/// Decode the binary (send/recv) form of a value of type `typ`.
pub fn receive(typ: Oid, typmod: i32, bytes: &[u8], env: &SessionEnv) -> PgResult<Datum> {
    crate::for_each_type_module!(m => {
        if let Some(r) = m::receive(typ, typmod, bytes, env) {
            return r;
        }
    });
    Err(unsupported(typ, "binary input"))
}

/// Encode a non-NULL value of type `typ` in its binary (send) form.
pub fn send(typ: Oid, value: &Datum, env: &SessionEnv) -> PgResult<Vec<u8>> {
    let mut out = Vec::new();
    crate::for_each_type_module!(m => {
        if m::send(typ, value, env, &mut out)? {
            return Ok(out);
        }
    });
    Err(unsupported(typ, "binary output"))
}

/// Apply a type modifier to a value already of type `typ` (assignment to a column or a cast to
/// `varchar(5)`, `numeric(10,2)`...). `explicit` is true for explicit casts (which truncate
/// strings instead of raising 22001).
pub fn apply_typmod(typ: Oid, value: Datum, typmod: i32, explicit: bool) -> PgResult<Datum> {
    if typmod < 0 || value.is_null() {
        return Ok(value);
    }
    // Strings that already have the declared length need no copy.
    if crate::text::typmod_is_noop(typ, &value, typmod) {
        return Ok(value);
    }
    crate::for_each_type_module!(m => {
        if let Some(r) = m::apply_typmod(typ, &value, typmod, explicit) {
            return r;
        }
    });
    Ok(value)
}

fn unsupported(typ: Oid, what: &str) -> PgError {
    PgError::new(
        common::sqlstate::FEATURE_NOT_SUPPORTED,
        format!(
            "{what} of type {} is not supported yet",
            crate::typeinfo::display_name(typ)
        ),
    )
}
