//! (Placeholder: being written.)

use crate::registry::{CastDef, OperDef, ProcDef};
use crate::{Datum, SessionEnv};
use common::{Oid, PgResult};

pub fn procs() -> Vec<ProcDef> {
    Vec::new()
}
pub fn opers() -> Vec<OperDef> {
    Vec::new()
}
pub fn casts() -> Vec<CastDef> {
    Vec::new()
}
pub fn input(_typ: Oid, _typmod: i32, _s: &str, _env: &SessionEnv) -> Option<PgResult<Datum>> {
    None
}
pub fn output(_typ: Oid, _d: &Datum, _env: &SessionEnv, _out: &mut String) -> PgResult<bool> {
    Ok(false)
}
pub fn receive(_typ: Oid, _typmod: i32, _b: &[u8], _env: &SessionEnv) -> Option<PgResult<Datum>> {
    None
}
pub fn send(_typ: Oid, _d: &Datum, _env: &SessionEnv, _out: &mut Vec<u8>) -> PgResult<bool> {
    Ok(false)
}
pub fn apply_typmod(_typ: Oid, _d: &Datum, _typmod: i32, _explicit: bool) -> Option<PgResult<Datum>> {
    None
}
