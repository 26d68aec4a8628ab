//! uuid: text input (hyphenated or not, optional braces, any case), lower-case hyphenated
//! output, 16-byte binary I/O, and comparison operators.

use crate::oids::*;
use crate::registry::{CastDef, FuncCtx, OperDef, ProcDef};
use crate::text::{cmp_fns, cmp_opers, p};
use crate::{Datum, SessionEnv};
use common::{pg_err, Oid, PgError, PgResult};
use std::cmp::Ordering;

/// Parse a uuid as PostgreSQL's uuid_in does.
pub fn parse_uuid(s: &str) -> PgResult<[u8; 16]> {
    let bad = || {
        pg_err!(
            INVALID_TEXT_REPRESENTATION,
            "invalid input syntax for type uuid: \"{}\"",
            s
        )
    };
    let b = s.as_bytes();
    let mut i = 0;
    let braces = b.first() == Some(&b'{');
    if braces {
        i += 1;
    }
    let mut out = [0u8; 16];
    for (k, slot) in out.iter_mut().enumerate() {
        let hi = b
            .get(i)
            .and_then(|c| (*c as char).to_digit(16))
            .ok_or_else(bad)?;
        let lo = b
            .get(i + 1)
            .and_then(|c| (*c as char).to_digit(16))
            .ok_or_else(bad)?;
        *slot = (hi * 16 + lo) as u8;
        i += 2;
        if k % 2 == 1 && k < 15 && b.get(i) == Some(&b'-') {
            i += 1;
        }
    }
    if braces {
        if b.get(i) != Some(&b'}') {
            return Err(bad());
        }
        i += 1;
    }
    if i != b.len() {
        return Err(bad());
    }
    Ok(out)
}

/// Lower-case 8-4-4-4-12 form.
pub fn format_uuid(u: &[u8; 16], out: &mut String) {
    for (k, byte) in u.iter().enumerate() {
        if matches!(k, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        out.push_str(&format!("{byte:02x}"));
    }
}

fn arg_uuid(d: &Datum) -> PgResult<&[u8; 16]> {
    match d {
        Datum::Uuid(u) => Ok(u),
        other => Err(PgError::internal(format!(
            "expected a uuid value, got {other:?}"
        ))),
    }
}

pub fn input(typ: Oid, _typmod: i32, s: &str, _env: &SessionEnv) -> Option<PgResult<Datum>> {
    if typ != UUID {
        return None;
    }
    Some(parse_uuid(s).map(Datum::Uuid))
}

pub fn output(typ: Oid, d: &Datum, _env: &SessionEnv, out: &mut String) -> PgResult<bool> {
    if typ != UUID {
        return Ok(false);
    }
    format_uuid(arg_uuid(d)?, out);
    Ok(true)
}

pub fn receive(typ: Oid, _typmod: i32, b: &[u8], _env: &SessionEnv) -> Option<PgResult<Datum>> {
    if typ != UUID {
        return None;
    }
    Some(match <[u8; 16]>::try_from(b) {
        Ok(u) => Ok(Datum::Uuid(u)),
        Err(_) if b.len() < 16 => Err(pg_err!(
            PROTOCOL_VIOLATION,
            "insufficient data left in message"
        )),
        Err(_) => Err(pg_err!(
            INVALID_BINARY_REPRESENTATION,
            "incorrect binary data format"
        )),
    })
}

pub fn send(typ: Oid, d: &Datum, _env: &SessionEnv, out: &mut Vec<u8>) -> PgResult<bool> {
    if typ != UUID {
        return Ok(false);
    }
    out.extend_from_slice(arg_uuid(d)?);
    Ok(true)
}

pub fn apply_typmod(
    _typ: Oid,
    _d: &Datum,
    _typmod: i32,
    _explicit: bool,
) -> Option<PgResult<Datum>> {
    None
}

fn cmp_uuid(a: &Datum, b: &Datum) -> PgResult<Ordering> {
    Ok(arg_uuid(a)?.cmp(arg_uuid(b)?))
}
cmp_fns!(cmp_uuid: u_eq u_ne u_lt u_le u_gt u_ge u_cmp);

pub fn procs() -> Vec<ProcDef> {
    vec![
        p!(2956, "uuid_eq", [UUID, UUID], BOOL, u_eq),
        p!(2959, "uuid_ne", [UUID, UUID], BOOL, u_ne),
        p!(2954, "uuid_lt", [UUID, UUID], BOOL, u_lt),
        p!(2955, "uuid_le", [UUID, UUID], BOOL, u_le),
        p!(2958, "uuid_gt", [UUID, UUID], BOOL, u_gt),
        p!(2957, "uuid_ge", [UUID, UUID], BOOL, u_ge),
        p!(2960, "uuid_cmp", [UUID, UUID], INT4, u_cmp),
    ]
}

pub fn opers() -> Vec<OperDef> {
    cmp_opers(
        UUID,
        UUID,
        [2972, 2973, 2974, 2976, 2975, 2977],
        [2956, 2959, 2954, 2955, 2958, 2957],
    )
}

pub fn casts() -> Vec<CastDef> {
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rt(s: &str) -> PgResult<String> {
        let mut o = String::new();
        format_uuid(&parse_uuid(s)?, &mut o);
        Ok(o)
    }

    #[test]
    fn accepted_forms() {
        let want = "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11";
        for s in [
            "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11",
            "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}",
            "a0eebc999c0b4ef8bb6d6bb9bd380a11",
            "a0ee-bc99-9c0b-4ef8-bb6d-6bb9-bd38-0a11",
            "{a0eebc99-9c0b4ef8-bb6d6bb9-bd380a11}",
        ] {
            assert_eq!(rt(s).unwrap(), want, "{s}");
        }
    }

    #[test]
    fn rejected_forms() {
        for s in [
            "{22222222-2222-2222-2222-222222222222 ",
            "{11111111-1111-1111-1111-11111111111}",
            "11111111-1111-1111-G111-111111111111",
            "11111111-1111-1111-1111-111111111111F",
            "111-11111-1111-1111-1111-111111111111",
            "11+11111-1111-1111-1111-111111111111",
            "",
        ] {
            let e = rt(s).unwrap_err();
            assert_eq!(
                e.message,
                format!("invalid input syntax for type uuid: \"{s}\"")
            );
            assert_eq!(e.code.as_str(), "22P02");
        }
    }
}
