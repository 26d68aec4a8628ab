//! Geometric types (point, lseg, line, box, path, polygon, circle) with PostgreSQL 10.2's
//! semantics: text input in every accepted syntax, output honouring extra_float_digits,
//! send/recv, the operators and functions (fuzzy EPSILON comparisons), and casts.
//!
//! Every value is a `Datum::Bytea` holding PostgreSQL's internal layout with little-endian
//! f64s (see `types`): point 16 bytes (x, y); lseg 32 (p[2]); line 24 (A, B, C); box 32
//! (high, low); circle 24 (x, y, radius); path = int32 npts, int32 closed, int32 pad, points;
//! polygon = int32 npts, bounding box (32 bytes), points.

pub mod catalog;
pub mod ops;
pub mod text;
pub mod types;

#[cfg(test)]
mod tests;

use crate::oids::*;
use crate::registry::{CastDef, OperDef, ProcDef};
use crate::{Datum, SessionEnv};
use common::{pg_err, Oid, PgResult};
pub use types::{
    box_datum, circle_datum, get_box, get_circle, get_line, get_lseg, get_path, get_point,
    get_polygon, line_datum, lseg_datum, path_datum, point_datum, polygon_datum, Circle, GBox,
    Line, Lseg, Path, Point, Polygon,
};

pub fn procs() -> Vec<ProcDef> {
    catalog::procs()
}

pub fn opers() -> Vec<OperDef> {
    catalog::opers()
}

pub fn casts() -> Vec<CastDef> {
    catalog::casts()
}

pub fn input(typ: Oid, _typmod: i32, s: &str, _env: &SessionEnv) -> Option<PgResult<Datum>> {
    Some(match typ {
        POINT => text::point_in(s).map(point_datum),
        LSEG => text::lseg_in(s).map(lseg_datum),
        LINE => text::line_in(s).map(line_datum),
        BOX => text::box_in(s).map(box_datum),
        PATH => text::path_in(s).map(|p| path_datum(&p)),
        POLYGON => text::poly_in(s).map(|p| polygon_datum(&p)),
        CIRCLE => text::circle_in(s).map(circle_datum),
        _ => return None,
    })
}

pub fn output(typ: Oid, d: &Datum, env: &SessionEnv, out: &mut String) -> PgResult<bool> {
    match typ {
        POINT => text::point_out(&get_point(d)?, env, out),
        LSEG => text::lseg_out(&get_lseg(d)?, env, out),
        LINE => text::line_out(&get_line(d)?, env, out),
        BOX => text::box_out(&get_box(d)?, env, out),
        PATH => text::path_out(&get_path(d)?, env, out),
        POLYGON => text::poly_out(&get_polygon(d)?, env, out),
        CIRCLE => text::circle_out(&get_circle(d)?, env, out),
        _ => return Ok(false),
    }
    Ok(true)
}

fn recv_value(typ: Oid, b: &[u8]) -> PgResult<Datum> {
    let mut r = text::Reader::new(b);
    let d = match typ {
        POINT => point_datum(r.point()?),
        LSEG => lseg_datum(Lseg::new(r.point()?, r.point()?)),
        LINE => line_datum(Line {
            a: r.f64()?,
            b: r.f64()?,
            c: r.f64()?,
        }),
        BOX => box_datum(
            GBox {
                high: r.point()?,
                low: r.point()?,
            }
            .normalized(),
        ),
        PATH => {
            let closed = r.u8()? != 0;
            let n = text::recv_npts(&mut r, "path")?;
            let mut p = Vec::with_capacity(n);
            for _ in 0..n {
                p.push(r.point()?);
            }
            path_datum(&Path { closed, p })
        }
        POLYGON => {
            let n = text::recv_npts(&mut r, "polygon")?;
            let mut p = Vec::with_capacity(n);
            for _ in 0..n {
                p.push(r.point()?);
            }
            polygon_datum(&Polygon::new(p)?)
        }
        _ => {
            let center = r.point()?;
            let radius = r.f64()?;
            if radius < 0.0 {
                return Err(pg_err!(
                    INVALID_BINARY_REPRESENTATION,
                    "invalid radius in external \"circle\" value"
                ));
            }
            circle_datum(Circle { center, radius })
        }
    };
    r.finish()?;
    Ok(d)
}

pub fn receive(typ: Oid, _typmod: i32, b: &[u8], _env: &SessionEnv) -> Option<PgResult<Datum>> {
    match typ {
        POINT | LSEG | LINE | BOX | PATH | POLYGON | CIRCLE => Some(recv_value(typ, b)),
        _ => None,
    }
}

pub fn send(typ: Oid, d: &Datum, _env: &SessionEnv, out: &mut Vec<u8>) -> PgResult<bool> {
    use text::{put_f64, put_point};
    match typ {
        POINT => put_point(out, &get_point(d)?),
        LSEG => {
            let l = get_lseg(d)?;
            put_point(out, &l.p[0]);
            put_point(out, &l.p[1]);
        }
        LINE => {
            let l = get_line(d)?;
            put_f64(out, l.a);
            put_f64(out, l.b);
            put_f64(out, l.c);
        }
        BOX => {
            let b = get_box(d)?;
            put_point(out, &b.high);
            put_point(out, &b.low);
        }
        PATH => {
            let p = get_path(d)?;
            out.push(p.closed as u8);
            out.extend_from_slice(&(p.p.len() as i32).to_be_bytes());
            for q in &p.p {
                put_point(out, q);
            }
        }
        POLYGON => {
            let p = get_polygon(d)?;
            out.extend_from_slice(&(p.p.len() as i32).to_be_bytes());
            for q in &p.p {
                put_point(out, q);
            }
        }
        CIRCLE => {
            let c = get_circle(d)?;
            put_point(out, &c.center);
            put_f64(out, c.radius);
        }
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

/// Array-style subscripting PostgreSQL allows on fixed-size geometric types: `point[0]`/`[1]`
/// (float8 x/y), `line[0..2]` (float8 A/B/C), `lseg[0..1]` and `box[0..1]` (points).
/// Returns the element type and value; an out-of-range index gives NULL. `None` = not a
/// subscriptable geometric type.
pub fn subscript(typ: Oid, d: &Datum, idx: i32) -> Option<PgResult<(Oid, Datum)>> {
    let r = match typ {
        POINT => get_point(d).map(|p| {
            let v = match idx {
                0 => Datum::Float8(p.x),
                1 => Datum::Float8(p.y),
                _ => Datum::Null,
            };
            (FLOAT8, v)
        }),
        LINE => get_line(d).map(|l| {
            let v = match idx {
                0 => Datum::Float8(l.a),
                1 => Datum::Float8(l.b),
                2 => Datum::Float8(l.c),
                _ => Datum::Null,
            };
            (FLOAT8, v)
        }),
        LSEG => get_lseg(d).map(|l| {
            let v = match idx {
                0 | 1 => point_datum(l.p[idx as usize]),
                _ => Datum::Null,
            };
            (POINT, v)
        }),
        BOX => get_box(d).map(|b| {
            let v = match idx {
                0 => point_datum(b.high),
                1 => point_datum(b.low),
                _ => Datum::Null,
            };
            (POINT, v)
        }),
        _ => return None,
    };
    Some(r)
}
