//! Network address types: inet and cidr (`Datum::Bytea` holding PostgreSQL's inet payload:
//! family code 2/3, mask bits, 4 or 16 address bytes), macaddr (6-byte `Bytea`) and macaddr8
//! (8-byte `Bytea`). Text and binary I/O, PostgreSQL's network ordering, the containment,
//! bitwise and arithmetic operators, the inet/cidr functions (host, text, abbrev, masklen,
//! set_masklen, netmask, hostmask, network, broadcast, family, inet_same_family, inet_merge),
//! trunc/macaddr8_set7bit and the casts among these types.

pub mod inet;
pub mod mac;

pub use inet::{format_inet, network_cmp, parse_inet, Inet};
pub use mac::{format_mac, parse_macaddr, parse_macaddr8};

use crate::oids::*;
use crate::registry::{CastDef, FuncCtx, OperDef, ProcDef};
use crate::text::{cmp_fns, cmp_opers, op, p};
use crate::{Datum, SessionEnv};
use common::{pg_err, Oid, PgError, PgResult};
use std::cmp::Ordering;

fn arg_inet(d: &Datum) -> PgResult<Inet> {
    match d {
        Datum::Bytea(b) => Inet::from_payload(b),
        other => Err(PgError::internal(format!(
            "expected an inet value, got {other:?}"
        ))),
    }
}

fn arg_mac<const N: usize>(d: &Datum) -> PgResult<[u8; N]> {
    match d {
        Datum::Bytea(b) => <[u8; N]>::try_from(b.as_slice())
            .map_err(|_| PgError::internal("corrupt macaddr value")),
        other => Err(PgError::internal(format!(
            "expected a macaddr value, got {other:?}"
        ))),
    }
}

fn arg_i64(d: &Datum) -> PgResult<i64> {
    d.as_i64()
        .ok_or_else(|| PgError::internal(format!("expected an integer value, got {d:?}")))
}

fn inet_datum(v: Inet) -> Datum {
    Datum::Bytea(v.to_payload())
}

pub fn input(typ: Oid, _typmod: i32, s: &str, _env: &SessionEnv) -> Option<PgResult<Datum>> {
    Some(match typ {
        INET => parse_inet(s, false).map(inet_datum),
        CIDR => parse_inet(s, true).map(inet_datum),
        MACADDR => parse_macaddr(s).map(|m| Datum::Bytea(m.to_vec())),
        MACADDR8 => parse_macaddr8(s).map(|m| Datum::Bytea(m.to_vec())),
        _ => return None,
    })
}

pub fn output(typ: Oid, d: &Datum, _env: &SessionEnv, out: &mut String) -> PgResult<bool> {
    match typ {
        INET | CIDR => out.push_str(&format_inet(&arg_inet(d)?, typ == CIDR)),
        MACADDR => out.push_str(&format_mac(&arg_mac::<6>(d)?)),
        MACADDR8 => out.push_str(&format_mac(&arg_mac::<8>(d)?)),
        _ => return Ok(false),
    }
    Ok(true)
}

fn short() -> PgError {
    pg_err!(PROTOCOL_VIOLATION, "insufficient data left in message")
}

fn recv_inet(b: &[u8], is_cidr: bool) -> PgResult<Datum> {
    let tname = if is_cidr { "cidr" } else { "inet" };
    let fam = *b.first().ok_or_else(short)?;
    let v6 = match fam {
        inet::PGSQL_AF_INET => false,
        inet::PGSQL_AF_INET6 => true,
        _ => {
            return Err(pg_err!(
                INVALID_BINARY_REPRESENTATION,
                "invalid address family in external \"{}\" value",
                tname
            ))
        }
    };
    let bits = *b.get(1).ok_or_else(short)?;
    let maxbits = if v6 { 128 } else { 32 };
    if bits > maxbits {
        return Err(pg_err!(
            INVALID_BINARY_REPRESENTATION,
            "invalid bits in external \"{}\" value",
            tname
        ));
    }
    let nb = *b.get(3).ok_or_else(short)? as usize;
    if nb != maxbits as usize / 8 {
        return Err(pg_err!(
            INVALID_BINARY_REPRESENTATION,
            "invalid length in external \"{}\" value",
            tname
        ));
    }
    let bytes = b.get(4..4 + nb).ok_or_else(short)?;
    if b.len() > 4 + nb {
        return Err(pg_err!(
            INVALID_BINARY_REPRESENTATION,
            "incorrect binary data format"
        ));
    }
    let mut addr = [0u8; 16];
    addr[..nb].copy_from_slice(bytes);
    let v = Inet { v6, bits, addr };
    if is_cidr && !v.address_ok() {
        return Err(pg_err!(
            INVALID_BINARY_REPRESENTATION,
            "invalid external \"cidr\" value"
        )
        .with_detail("Value has bits set to right of mask."));
    }
    Ok(inet_datum(v))
}

fn recv_fixed(b: &[u8], n: usize) -> PgResult<Datum> {
    if b.len() < n {
        return Err(short());
    }
    if b.len() > n {
        return Err(pg_err!(
            INVALID_BINARY_REPRESENTATION,
            "incorrect binary data format"
        ));
    }
    Ok(Datum::Bytea(b.to_vec()))
}

pub fn receive(typ: Oid, _typmod: i32, b: &[u8], _env: &SessionEnv) -> Option<PgResult<Datum>> {
    Some(match typ {
        INET => recv_inet(b, false),
        CIDR => recv_inet(b, true),
        MACADDR => recv_fixed(b, 6),
        MACADDR8 if b.len() == 6 => Ok(Datum::Bytea(vec![
            b[0], b[1], b[2], 0xFF, 0xFE, b[3], b[4], b[5],
        ])),
        MACADDR8 => recv_fixed(b, 8),
        _ => return None,
    })
}

pub fn send(typ: Oid, d: &Datum, _env: &SessionEnv, out: &mut Vec<u8>) -> PgResult<bool> {
    match typ {
        INET | CIDR => {
            let v = arg_inet(d)?;
            out.push(v.family_code());
            out.push(v.bits);
            out.push((typ == CIDR) as u8);
            out.push(v.nbytes() as u8);
            out.extend_from_slice(&v.addr[..v.nbytes()]);
        }
        MACADDR => out.extend_from_slice(&arg_mac::<6>(d)?),
        MACADDR8 => out.extend_from_slice(&arg_mac::<8>(d)?),
        _ => return Ok(false),
    }
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

// ---- inet/cidr functions ----

fn cmp_inet(a: &Datum, b: &Datum) -> PgResult<Ordering> {
    Ok(network_cmp(&arg_inet(a)?, &arg_inet(b)?))
}
cmp_fns!(cmp_inet: network_eq network_ne network_lt network_le network_gt network_ge network_cmp_fn);

fn network_larger(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(if cmp_inet(&a[0], &a[1])? == Ordering::Less {
        a[1].clone()
    } else {
        a[0].clone()
    })
}
fn network_smaller(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(if cmp_inet(&a[0], &a[1])? == Ordering::Greater {
        a[1].clone()
    } else {
        a[0].clone()
    })
}

/// `a` is within network `b` (strictly when `strict`).
pub fn is_subnet(a: &Inet, b: &Inet, strict: bool) -> bool {
    if a.v6 != b.v6 {
        return false;
    }
    let ok_bits = if strict {
        a.bits > b.bits
    } else {
        a.bits >= b.bits
    };
    ok_bits && a.prefix(b.bits as u32) == b.prefix(b.bits as u32)
}

fn bool2(a: &[Datum], f: impl Fn(&Inet, &Inet) -> bool) -> PgResult<Datum> {
    Ok(Datum::Bool(f(&arg_inet(&a[0])?, &arg_inet(&a[1])?)))
}
fn network_sub(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    bool2(a, |x, y| is_subnet(x, y, true))
}
fn network_subeq(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    bool2(a, |x, y| is_subnet(x, y, false))
}
fn network_sup(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    bool2(a, |x, y| is_subnet(y, x, true))
}
fn network_supeq(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    bool2(a, |x, y| is_subnet(y, x, false))
}
fn network_overlap(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    bool2(a, |x, y| {
        let n = x.bits.min(y.bits) as u32;
        x.v6 == y.v6 && x.prefix(n) == y.prefix(n)
    })
}
fn inet_same_family(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    bool2(a, |x, y| x.v6 == y.v6)
}

/// Keep `bits` and zero the address bits after the mask (cidr_set_masklen_internal).
pub fn to_cidr(v: &Inet, bits: u8) -> Inet {
    let m = v.mask(bits as u32);
    Inet::with_val(v.v6, bits, v.val() & m)
}

fn inet_merge(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let x = arg_inet(&a[0])?;
    let y = arg_inet(&a[1])?;
    if x.v6 != y.v6 {
        return Err(pg_err!(
            INVALID_PARAMETER_VALUE,
            "cannot merge addresses from different families"
        ));
    }
    let n = inet::common_bits(&x, &y, x.bits.min(y.bits) as u32);
    Ok(inet_datum(to_cidr(&x, n as u8)))
}

fn unary(a: &[Datum], f: impl Fn(&Inet) -> PgResult<Datum>) -> PgResult<Datum> {
    f(&arg_inet(&a[0])?)
}
fn network_host(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    unary(a, |v| Ok(Datum::Text(inet::format_addr(v))))
}
fn network_show(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    unary(a, |v| {
        Ok(Datum::Text(format!("{}/{}", inet::format_addr(v), v.bits)))
    })
}
fn inet_abbrev(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    unary(a, |v| Ok(Datum::Text(format_inet(v, false))))
}
fn cidr_abbrev(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    unary(a, |v| Ok(Datum::Text(inet::format_cidr_abbrev(v))))
}
fn network_family(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    unary(a, |v| Ok(Datum::Int4(if v.v6 { 6 } else { 4 })))
}
fn network_masklen(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    unary(a, |v| Ok(Datum::Int4(v.bits as i32)))
}
fn network_network(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    unary(a, |v| Ok(inet_datum(to_cidr(v, v.bits))))
}
fn network_netmask(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    unary(a, |v| {
        Ok(inet_datum(Inet::with_val(
            v.v6,
            v.width() as u8,
            v.mask(v.bits as u32),
        )))
    })
}
fn network_hostmask(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    unary(a, |v| {
        Ok(inet_datum(Inet::with_val(
            v.v6,
            v.width() as u8,
            !v.mask(v.bits as u32) & v.all_ones(),
        )))
    })
}
fn network_broadcast(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    unary(a, |v| {
        Ok(inet_datum(Inet::with_val(
            v.v6,
            v.bits,
            v.val() | (!v.mask(v.bits as u32) & v.all_ones()),
        )))
    })
}
fn inet_to_cidr(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    unary(a, |v| Ok(inet_datum(to_cidr(v, v.bits))))
}
fn inetnot(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    unary(a, |v| {
        Ok(inet_datum(Inet::with_val(
            v.v6,
            v.bits,
            !v.val() & v.all_ones(),
        )))
    })
}

fn new_masklen(v: &Inet, bits: i64) -> PgResult<u8> {
    let bits = if bits == -1 { v.width() as i64 } else { bits };
    if bits < 0 || bits > v.width() as i64 {
        return Err(pg_err!(
            INVALID_PARAMETER_VALUE,
            "invalid mask length: {}",
            bits
        ));
    }
    Ok(bits as u8)
}
fn inet_set_masklen(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let mut v = arg_inet(&a[0])?;
    v.bits = new_masklen(&v, arg_i64(&a[1])?)?;
    Ok(inet_datum(v))
}
fn cidr_set_masklen(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let v = arg_inet(&a[0])?;
    let bits = new_masklen(&v, arg_i64(&a[1])?)?;
    Ok(inet_datum(to_cidr(&v, bits)))
}

fn bitwise2(a: &[Datum], what: &str, f: fn(u128, u128) -> u128) -> PgResult<Datum> {
    let x = arg_inet(&a[0])?;
    let y = arg_inet(&a[1])?;
    if x.v6 != y.v6 {
        return Err(pg_err!(
            INVALID_PARAMETER_VALUE,
            "cannot {} inet values of different sizes",
            what
        ));
    }
    Ok(inet_datum(Inet::with_val(
        x.v6,
        x.bits.max(y.bits),
        f(x.val(), y.val()),
    )))
}
fn inetand(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    bitwise2(a, "AND", |p, q| p & q)
}
fn inetor(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    bitwise2(a, "OR", |p, q| p | q)
}

fn out_of_range() -> PgError {
    pg_err!(NUMERIC_VALUE_OUT_OF_RANGE, "result is out of range")
}

/// Address plus a signed offset, failing when the result leaves the family's range.
pub fn inet_add(v: &Inet, addend: i128) -> PgResult<Inet> {
    let cur = v.val();
    let r = if addend >= 0 {
        cur.checked_add(addend as u128)
    } else {
        cur.checked_sub(addend.unsigned_abs())
    }
    .filter(|r| *r <= v.all_ones())
    .ok_or_else(out_of_range)?;
    Ok(Inet::with_val(v.v6, v.bits, r))
}

fn inetpl(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let v = arg_inet(&a[0])?;
    Ok(inet_datum(inet_add(&v, arg_i64(&a[1])? as i128)?))
}
fn int8pl_inet(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let v = arg_inet(&a[1])?;
    Ok(inet_datum(inet_add(&v, arg_i64(&a[0])? as i128)?))
}
fn inetmi_int8(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let v = arg_inet(&a[0])?;
    Ok(inet_datum(inet_add(&v, -(arg_i64(&a[1])? as i128))?))
}

/// Difference of two addresses of the same family (PostgreSQL's inetmi).
pub fn inet_diff(x: &Inet, y: &Inet) -> PgResult<i64> {
    if x.v6 != y.v6 {
        return Err(pg_err!(
            INVALID_PARAMETER_VALUE,
            "cannot subtract inet values of different sizes"
        ));
    }
    let d: i128 = if x.v6 {
        x.val().wrapping_sub(y.val()) as i128
    } else {
        x.val() as i128 - y.val() as i128
    };
    i64::try_from(d).map_err(|_| out_of_range())
}
fn inetmi(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    Ok(Datum::Int8(inet_diff(
        &arg_inet(&a[0])?,
        &arg_inet(&a[1])?,
    )?))
}

// ---- macaddr / macaddr8 functions ----

fn cmp_mac(a: &Datum, b: &Datum) -> PgResult<Ordering> {
    Ok(arg_mac::<6>(a)?.cmp(&arg_mac::<6>(b)?))
}
cmp_fns!(cmp_mac: macaddr_eq macaddr_ne macaddr_lt macaddr_le macaddr_gt macaddr_ge macaddr_cmp);
fn cmp_mac8(a: &Datum, b: &Datum) -> PgResult<Ordering> {
    Ok(arg_mac::<8>(a)?.cmp(&arg_mac::<8>(b)?))
}
cmp_fns!(cmp_mac8: macaddr8_eq macaddr8_ne macaddr8_lt macaddr8_le macaddr8_gt macaddr8_ge macaddr8_cmp);

fn mac_map<const N: usize>(a: &[Datum], f: impl Fn(usize, u8) -> u8) -> PgResult<Datum> {
    let m = arg_mac::<N>(&a[0])?;
    Ok(Datum::Bytea(
        m.iter().enumerate().map(|(i, b)| f(i, *b)).collect(),
    ))
}
fn mac_zip<const N: usize>(a: &[Datum], f: fn(u8, u8) -> u8) -> PgResult<Datum> {
    let x = arg_mac::<N>(&a[0])?;
    let y = arg_mac::<N>(&a[1])?;
    Ok(Datum::Bytea(
        x.iter().zip(y.iter()).map(|(p, q)| f(*p, *q)).collect(),
    ))
}
fn macaddr_not(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    mac_map::<6>(a, |_, b| !b)
}
fn macaddr_and(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    mac_zip::<6>(a, |p, q| p & q)
}
fn macaddr_or(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    mac_zip::<6>(a, |p, q| p | q)
}
fn macaddr_trunc(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    mac_map::<6>(a, |i, b| if i < 3 { b } else { 0 })
}
fn macaddr8_not(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    mac_map::<8>(a, |_, b| !b)
}
fn macaddr8_and(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    mac_zip::<8>(a, |p, q| p & q)
}
fn macaddr8_or(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    mac_zip::<8>(a, |p, q| p | q)
}
fn macaddr8_trunc(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    mac_map::<8>(a, |i, b| if i < 3 { b } else { 0 })
}
fn macaddr8_set7bit(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    mac_map::<8>(a, |i, b| if i == 0 { b | 0x02 } else { b })
}
fn macaddr_to_macaddr8(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let m = arg_mac::<6>(&a[0])?;
    Ok(Datum::Bytea(vec![
        m[0], m[1], m[2], 0xFF, 0xFE, m[3], m[4], m[5],
    ]))
}
fn macaddr8_to_macaddr(a: &[Datum], _: &FuncCtx) -> PgResult<Datum> {
    let m = arg_mac::<8>(&a[0])?;
    if m[3] != 0xFF || m[4] != 0xFE {
        return Err(pg_err!(
            NUMERIC_VALUE_OUT_OF_RANGE,
            "macaddr8 data out of range to convert to macaddr"
        )
        .with_hint(
            "Only addresses that have FF and FE as values in the 4th and 5th bytes from the left, for example xx:xx:xx:ff:fe:xx:xx:xx, are eligible to be converted from macaddr8 to macaddr.",
        ));
    }
    Ok(Datum::Bytea(vec![m[0], m[1], m[2], m[5], m[6], m[7]]))
}

pub fn procs() -> Vec<ProcDef> {
    vec![
        p!(920, "network_eq", [INET, INET], BOOL, network_eq),
        p!(921, "network_lt", [INET, INET], BOOL, network_lt),
        p!(922, "network_le", [INET, INET], BOOL, network_le),
        p!(923, "network_gt", [INET, INET], BOOL, network_gt),
        p!(924, "network_ge", [INET, INET], BOOL, network_ge),
        p!(925, "network_ne", [INET, INET], BOOL, network_ne),
        p!(926, "network_cmp", [INET, INET], INT4, network_cmp_fn),
        p!(3562, "network_larger", [INET, INET], INET, network_larger),
        p!(3563, "network_smaller", [INET, INET], INET, network_smaller),
        p!(927, "network_sub", [INET, INET], BOOL, network_sub),
        p!(928, "network_subeq", [INET, INET], BOOL, network_subeq),
        p!(929, "network_sup", [INET, INET], BOOL, network_sup),
        p!(930, "network_supeq", [INET, INET], BOOL, network_supeq),
        p!(3551, "network_overlap", [INET, INET], BOOL, network_overlap),
        p!(598, "abbrev", [INET], TEXT, inet_abbrev),
        p!(599, "abbrev", [CIDR], TEXT, cidr_abbrev),
        p!(605, "set_masklen", [INET, INT4], INET, inet_set_masklen),
        p!(635, "set_masklen", [CIDR, INT4], CIDR, cidr_set_masklen),
        p!(711, "family", [INET], INT4, network_family),
        p!(683, "network", [INET], CIDR, network_network),
        p!(696, "netmask", [INET], INET, network_netmask),
        p!(697, "masklen", [INET], INT4, network_masklen),
        p!(698, "broadcast", [INET], INET, network_broadcast),
        p!(699, "host", [INET], TEXT, network_host),
        p!(730, "text", [INET], TEXT, network_show),
        p!(1362, "hostmask", [INET], INET, network_hostmask),
        p!(1715, "cidr", [INET], CIDR, inet_to_cidr),
        p!(2627, "inetnot", [INET], INET, inetnot),
        p!(2628, "inetand", [INET, INET], INET, inetand),
        p!(2629, "inetor", [INET, INET], INET, inetor),
        p!(2630, "inetpl", [INET, INT8], INET, inetpl),
        p!(2631, "int8pl_inet", [INT8, INET], INET, int8pl_inet),
        p!(2632, "inetmi_int8", [INET, INT8], INET, inetmi_int8),
        p!(2633, "inetmi", [INET, INET], INT8, inetmi),
        p!(
            4071,
            "inet_same_family",
            [INET, INET],
            BOOL,
            inet_same_family
        ),
        p!(4063, "inet_merge", [INET, INET], CIDR, inet_merge),
        // macaddr
        p!(753, "trunc", [MACADDR], MACADDR, macaddr_trunc),
        p!(830, "macaddr_eq", [MACADDR, MACADDR], BOOL, macaddr_eq),
        p!(831, "macaddr_lt", [MACADDR, MACADDR], BOOL, macaddr_lt),
        p!(832, "macaddr_le", [MACADDR, MACADDR], BOOL, macaddr_le),
        p!(833, "macaddr_gt", [MACADDR, MACADDR], BOOL, macaddr_gt),
        p!(834, "macaddr_ge", [MACADDR, MACADDR], BOOL, macaddr_ge),
        p!(835, "macaddr_ne", [MACADDR, MACADDR], BOOL, macaddr_ne),
        p!(836, "macaddr_cmp", [MACADDR, MACADDR], INT4, macaddr_cmp),
        p!(3144, "macaddr_not", [MACADDR], MACADDR, macaddr_not),
        p!(
            3145,
            "macaddr_and",
            [MACADDR, MACADDR],
            MACADDR,
            macaddr_and
        ),
        p!(3146, "macaddr_or", [MACADDR, MACADDR], MACADDR, macaddr_or),
        // macaddr8
        p!(4112, "trunc", [MACADDR8], MACADDR8, macaddr8_trunc),
        p!(4113, "macaddr8_eq", [MACADDR8, MACADDR8], BOOL, macaddr8_eq),
        p!(4114, "macaddr8_lt", [MACADDR8, MACADDR8], BOOL, macaddr8_lt),
        p!(4115, "macaddr8_le", [MACADDR8, MACADDR8], BOOL, macaddr8_le),
        p!(4116, "macaddr8_gt", [MACADDR8, MACADDR8], BOOL, macaddr8_gt),
        p!(4117, "macaddr8_ge", [MACADDR8, MACADDR8], BOOL, macaddr8_ge),
        p!(4118, "macaddr8_ne", [MACADDR8, MACADDR8], BOOL, macaddr8_ne),
        p!(
            4119,
            "macaddr8_cmp",
            [MACADDR8, MACADDR8],
            INT4,
            macaddr8_cmp
        ),
        p!(4120, "macaddr8_not", [MACADDR8], MACADDR8, macaddr8_not),
        p!(
            4121,
            "macaddr8_and",
            [MACADDR8, MACADDR8],
            MACADDR8,
            macaddr8_and
        ),
        p!(
            4122,
            "macaddr8_or",
            [MACADDR8, MACADDR8],
            MACADDR8,
            macaddr8_or
        ),
        p!(4123, "macaddr8", [MACADDR], MACADDR8, macaddr_to_macaddr8),
        p!(4124, "macaddr", [MACADDR8], MACADDR, macaddr8_to_macaddr),
        p!(
            4125,
            "macaddr8_set7bit",
            [MACADDR8],
            MACADDR8,
            macaddr8_set7bit
        ),
    ]
}

pub fn opers() -> Vec<OperDef> {
    let mut v = cmp_opers(
        INET,
        INET,
        [1201, 1202, 1203, 1204, 1205, 1206],
        [920, 925, 921, 922, 923, 924],
    );
    v.extend(cmp_opers(
        MACADDR,
        MACADDR,
        [1220, 1221, 1222, 1223, 1224, 1225],
        [830, 835, 831, 832, 833, 834],
    ));
    v.extend(cmp_opers(
        MACADDR8,
        MACADDR8,
        [3362, 3363, 3364, 3365, 3366, 3367],
        [4113, 4118, 4114, 4115, 4116, 4117],
    ));
    v.extend([
        op(931, "<<", INET, INET, BOOL, 927, 933, 0),
        op(932, "<<=", INET, INET, BOOL, 928, 934, 0),
        op(933, ">>", INET, INET, BOOL, 929, 931, 0),
        op(934, ">>=", INET, INET, BOOL, 930, 932, 0),
        op(3552, "&&", INET, INET, BOOL, 3551, 3552, 0),
        op(2634, "~", 0, INET, INET, 2627, 0, 0),
        op(2635, "&", INET, INET, INET, 2628, 0, 0),
        op(2636, "|", INET, INET, INET, 2629, 0, 0),
        op(2637, "+", INET, INT8, INET, 2630, 2638, 0),
        op(2638, "+", INT8, INET, INET, 2631, 2637, 0),
        op(2639, "-", INET, INT8, INET, 2632, 0, 0),
        op(2640, "-", INET, INET, INT8, 2633, 0, 0),
        op(3147, "~", 0, MACADDR, MACADDR, 3144, 0, 0),
        op(3148, "&", MACADDR, MACADDR, MACADDR, 3145, 0, 0),
        op(3149, "|", MACADDR, MACADDR, MACADDR, 3146, 0, 0),
        op(3368, "~", 0, MACADDR8, MACADDR8, 4120, 0, 0),
        op(3369, "&", MACADDR8, MACADDR8, MACADDR8, 4121, 0, 0),
        op(3370, "|", MACADDR8, MACADDR8, MACADDR8, 4122, 0, 0),
    ]);
    v
}

pub fn casts() -> Vec<CastDef> {
    let c = |source, target, func_oid, context, method| CastDef {
        source,
        target,
        func_oid,
        context,
        method,
    };
    vec![
        c(CIDR, INET, 0, b'i', b'b'),
        c(INET, CIDR, 1715, b'a', b'f'),
        c(INET, TEXT, 730, b'a', b'f'),
        c(CIDR, TEXT, 730, b'a', b'f'),
        c(INET, VARCHAR, 730, b'a', b'f'),
        c(CIDR, VARCHAR, 730, b'a', b'f'),
        c(INET, BPCHAR, 730, b'a', b'f'),
        c(CIDR, BPCHAR, 730, b'a', b'f'),
        c(MACADDR, MACADDR8, 4123, b'i', b'f'),
        c(MACADDR8, MACADDR, 4124, b'i', b'f'),
    ]
}

#[cfg(test)]
mod tests;
