//! In-memory geometric values, PostgreSQL's fuzzy float comparisons (EPSILON = 1e-6), and the
//! conversion to and from the `Datum::Bytea` images that mirror PostgreSQL's internal layouts.

use crate::Datum;
use common::{pg_err, PgError, PgResult};

/// PostgreSQL 10's geometric comparison tolerance.
pub const EPSILON: f64 = 1.0e-06;

#[inline]
pub fn fp_zero(a: f64) -> bool {
    a.abs() <= EPSILON
}
#[inline]
pub fn fp_eq(a: f64, b: f64) -> bool {
    (a - b).abs() <= EPSILON
}
#[inline]
pub fn fp_ne(a: f64, b: f64) -> bool {
    (a - b).abs() > EPSILON
}
#[inline]
pub fn fp_lt(a: f64, b: f64) -> bool {
    b - a > EPSILON
}
#[inline]
pub fn fp_le(a: f64, b: f64) -> bool {
    a - b <= EPSILON
}
#[inline]
pub fn fp_gt(a: f64, b: f64) -> bool {
    a - b > EPSILON
}
#[inline]
pub fn fp_ge(a: f64, b: f64) -> bool {
    b - a <= EPSILON
}

/// PostgreSQL's pg_hypot: overflow-safe hypotenuse with its exact rounding behaviour.
pub fn hypot(x: f64, y: f64) -> f64 {
    if x.is_infinite() || y.is_infinite() {
        return f64::INFINITY;
    }
    if x.is_nan() || y.is_nan() {
        return f64::NAN;
    }
    let (mut x, mut y) = (x.abs(), y.abs());
    if x < y {
        std::mem::swap(&mut x, &mut y);
    }
    if y == 0.0 {
        return x;
    }
    let yx = y / x;
    x * (1.0 + yx * yx).sqrt()
}

#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

impl Point {
    pub const fn new(x: f64, y: f64) -> Point {
        Point { x, y }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Lseg {
    pub p: [Point; 2],
}

impl Lseg {
    pub const fn new(a: Point, b: Point) -> Lseg {
        Lseg { p: [a, b] }
    }
}

/// A line `Ax + By + C = 0`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Line {
    pub a: f64,
    pub b: f64,
    pub c: f64,
}

/// A box, stored as (high, low) corners after normalisation.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GBox {
    pub high: Point,
    pub low: Point,
}

impl GBox {
    /// PostgreSQL's box_construct / box_fill: orders the corners.
    pub fn construct(x1: f64, x2: f64, y1: f64, y2: f64) -> GBox {
        let (hx, lx) = if x1 > x2 { (x1, x2) } else { (x2, x1) };
        let (hy, ly) = if y1 > y2 { (y1, y2) } else { (y2, y1) };
        GBox {
            high: Point::new(hx, hy),
            low: Point::new(lx, ly),
        }
    }

    /// Swap coordinates so that high >= low (box_in / box_recv normalisation).
    pub fn normalized(mut self) -> GBox {
        if self.high.x < self.low.x {
            std::mem::swap(&mut self.high.x, &mut self.low.x);
        }
        if self.high.y < self.low.y {
            std::mem::swap(&mut self.high.y, &mut self.low.y);
        }
        self
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Path {
    pub closed: bool,
    pub p: Vec<Point>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Polygon {
    pub boundbox: GBox,
    pub p: Vec<Point>,
}

impl Polygon {
    /// Build a polygon and compute its bounding box (make_bound_box).
    pub fn new(p: Vec<Point>) -> PgResult<Polygon> {
        let boundbox = bound_box_of(&p).ok_or_else(|| {
            pg_err!(
                INVALID_PARAMETER_VALUE,
                "cannot create bounding box for empty polygon"
            )
        })?;
        Ok(Polygon { boundbox, p })
    }
}

/// Bounding box of a point list, or None when empty.
pub fn bound_box_of(p: &[Point]) -> Option<GBox> {
    let first = p.first()?;
    let (mut x1, mut x2, mut y1, mut y2) = (first.x, first.x, first.y, first.y);
    for q in &p[1..] {
        if q.x < x1 {
            x1 = q.x;
        }
        if q.x > x2 {
            x2 = q.x;
        }
        if q.y < y1 {
            y1 = q.y;
        }
        if q.y > y2 {
            y2 = q.y;
        }
    }
    Some(GBox::construct(x1, x2, y1, y2))
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Circle {
    pub center: Point,
    pub radius: f64,
}

// ---------------------------------------------------------------------------------------------
// Datum images (little-endian f64s, PostgreSQL's in-memory struct layouts)
// ---------------------------------------------------------------------------------------------

/// Largest point count accepted anywhere (keeps allocations under PostgreSQL's MaxAllocSize).
pub const MAX_POINTS: usize = (0x3fff_ffff - 40) / 16;

fn corrupt(what: &str) -> PgError {
    pg_err!(DATA_CORRUPTED, "invalid internal {} value", what)
}

fn bytes<'a>(d: &'a Datum, what: &str) -> PgResult<&'a [u8]> {
    match d {
        Datum::Bytea(b) => Ok(b),
        _ => Err(PgError::internal(format!("expected a {} value", what))),
    }
}

fn rd_f64(b: &[u8], off: usize) -> f64 {
    let mut a = [0u8; 8];
    if let Some(s) = b.get(off..off + 8) {
        a.copy_from_slice(s);
    }
    f64::from_le_bytes(a)
}

fn rd_i32(b: &[u8], off: usize) -> i32 {
    let mut a = [0u8; 4];
    if let Some(s) = b.get(off..off + 4) {
        a.copy_from_slice(s);
    }
    i32::from_le_bytes(a)
}

fn rd_point(b: &[u8], off: usize) -> Point {
    Point::new(rd_f64(b, off), rd_f64(b, off + 8))
}

fn put_point(v: &mut Vec<u8>, p: &Point) {
    v.extend_from_slice(&p.x.to_le_bytes());
    v.extend_from_slice(&p.y.to_le_bytes());
}

fn fixed<'a>(d: &'a Datum, n: usize, what: &str) -> PgResult<&'a [u8]> {
    let b = bytes(d, what)?;
    if b.len() != n {
        return Err(corrupt(what));
    }
    Ok(b)
}

pub fn get_point(d: &Datum) -> PgResult<Point> {
    let b = fixed(d, 16, "point")?;
    Ok(rd_point(b, 0))
}

pub fn point_datum(p: Point) -> Datum {
    let mut v = Vec::with_capacity(16);
    put_point(&mut v, &p);
    Datum::Bytea(v)
}

pub fn get_lseg(d: &Datum) -> PgResult<Lseg> {
    let b = fixed(d, 32, "lseg")?;
    Ok(Lseg::new(rd_point(b, 0), rd_point(b, 16)))
}

pub fn lseg_datum(l: Lseg) -> Datum {
    let mut v = Vec::with_capacity(32);
    put_point(&mut v, &l.p[0]);
    put_point(&mut v, &l.p[1]);
    Datum::Bytea(v)
}

pub fn get_line(d: &Datum) -> PgResult<Line> {
    let b = fixed(d, 24, "line")?;
    Ok(Line {
        a: rd_f64(b, 0),
        b: rd_f64(b, 8),
        c: rd_f64(b, 16),
    })
}

pub fn line_datum(l: Line) -> Datum {
    let mut v = Vec::with_capacity(24);
    v.extend_from_slice(&l.a.to_le_bytes());
    v.extend_from_slice(&l.b.to_le_bytes());
    v.extend_from_slice(&l.c.to_le_bytes());
    Datum::Bytea(v)
}

pub fn get_box(d: &Datum) -> PgResult<GBox> {
    let b = fixed(d, 32, "box")?;
    Ok(GBox {
        high: rd_point(b, 0),
        low: rd_point(b, 16),
    })
}

pub fn box_datum(bx: GBox) -> Datum {
    let mut v = Vec::with_capacity(32);
    put_point(&mut v, &bx.high);
    put_point(&mut v, &bx.low);
    Datum::Bytea(v)
}

pub fn get_circle(d: &Datum) -> PgResult<Circle> {
    let b = fixed(d, 24, "circle")?;
    Ok(Circle {
        center: rd_point(b, 0),
        radius: rd_f64(b, 16),
    })
}

pub fn circle_datum(c: Circle) -> Datum {
    let mut v = Vec::with_capacity(24);
    put_point(&mut v, &c.center);
    v.extend_from_slice(&c.radius.to_le_bytes());
    Datum::Bytea(v)
}

/// Path image: int32 npts, int32 closed, int32 padding, points.
pub fn get_path(d: &Datum) -> PgResult<Path> {
    let b = bytes(d, "path")?;
    if b.len() < 12 {
        return Err(corrupt("path"));
    }
    let n = rd_i32(b, 0);
    if n < 0 || b.len() != 12 + 16 * n as usize {
        return Err(corrupt("path"));
    }
    let p = (0..n as usize).map(|i| rd_point(b, 12 + 16 * i)).collect();
    Ok(Path {
        closed: rd_i32(b, 4) != 0,
        p,
    })
}

pub fn path_datum(p: &Path) -> Datum {
    let mut v = Vec::with_capacity(12 + 16 * p.p.len());
    v.extend_from_slice(&(p.p.len() as i32).to_le_bytes());
    v.extend_from_slice(&(p.closed as i32).to_le_bytes());
    v.extend_from_slice(&0i32.to_le_bytes());
    for q in &p.p {
        put_point(&mut v, q);
    }
    Datum::Bytea(v)
}

/// Polygon image: int32 npts, bounding box (high, low), points.
pub fn get_polygon(d: &Datum) -> PgResult<Polygon> {
    let b = bytes(d, "polygon")?;
    if b.len() < 36 {
        return Err(corrupt("polygon"));
    }
    let n = rd_i32(b, 0);
    if n < 0 || b.len() != 36 + 16 * n as usize {
        return Err(corrupt("polygon"));
    }
    let p = (0..n as usize).map(|i| rd_point(b, 36 + 16 * i)).collect();
    Ok(Polygon {
        boundbox: GBox {
            high: rd_point(b, 4),
            low: rd_point(b, 20),
        },
        p,
    })
}

pub fn polygon_datum(p: &Polygon) -> Datum {
    let mut v = Vec::with_capacity(36 + 16 * p.p.len());
    v.extend_from_slice(&(p.p.len() as i32).to_le_bytes());
    put_point(&mut v, &p.boundbox.high);
    put_point(&mut v, &p.boundbox.low);
    for q in &p.p {
        put_point(&mut v, q);
    }
    Datum::Bytea(v)
}
