//! Geometric algorithms with PostgreSQL 10's exact semantics (fuzzy comparisons, the same
//! formulas and evaluation order, so results match bit for bit, signed zeros included).

use super::types::*;
use common::{pg_err, PgResult};

// ---------------------------------------------------------------------------------------------
// Points
// ---------------------------------------------------------------------------------------------

pub fn point_dt(a: &Point, b: &Point) -> f64 {
    hypot(a.x - b.x, a.y - b.y)
}

/// Slope between two points; f64::MAX for vertical.
pub fn point_sl(a: &Point, b: &Point) -> f64 {
    if fp_eq(a.x, b.x) {
        f64::MAX
    } else {
        (a.y - b.y) / (a.x - b.x)
    }
}

pub fn point_eq(a: &Point, b: &Point) -> bool {
    fp_eq(a.x, b.x) && fp_eq(a.y, b.y)
}

pub fn point_add(a: &Point, b: &Point) -> Point {
    Point::new(a.x + b.x, a.y + b.y)
}

pub fn point_sub(a: &Point, b: &Point) -> Point {
    Point::new(a.x - b.x, a.y - b.y)
}

pub fn point_mul(a: &Point, b: &Point) -> Point {
    Point::new(a.x * b.x - a.y * b.y, a.x * b.y + a.y * b.x)
}

pub fn point_div(a: &Point, b: &Point) -> PgResult<Point> {
    let div = b.x * b.x + b.y * b.y;
    if div == 0.0 {
        return Err(pg_err!(DIVISION_BY_ZERO, "division by zero"));
    }
    Ok(Point::new(
        (a.x * b.x + a.y * b.y) / div,
        (b.x * a.y - b.y * a.x) / div,
    ))
}

// ---------------------------------------------------------------------------------------------
// Lines
// ---------------------------------------------------------------------------------------------

pub fn line_construct_pts(p1: &Point, p2: &Point) -> Line {
    if fp_eq(p1.x, p2.x) {
        Line {
            a: -1.0,
            b: 0.0,
            c: p1.x,
        }
    } else if fp_eq(p1.y, p2.y) {
        Line {
            a: 0.0,
            b: -1.0,
            c: p1.y,
        }
    } else {
        let a = (p2.y - p1.y) / (p2.x - p1.x);
        Line {
            a,
            b: -1.0,
            c: p1.y - a * p1.x,
        }
    }
}

pub fn line_construct_pm(pt: &Point, m: f64) -> Line {
    if m == f64::MAX {
        Line {
            a: -1.0,
            b: 0.0,
            c: pt.x,
        }
    } else {
        Line {
            a: m,
            b: -1.0,
            c: pt.y - m * pt.x,
        }
    }
}

pub fn line_parallel(l1: &Line, l2: &Line) -> bool {
    if fp_zero(l1.b) {
        return fp_zero(l2.b);
    }
    fp_eq(l2.a, l1.a * (l2.b / l1.b))
}

pub fn line_perp(l1: &Line, l2: &Line) -> bool {
    if fp_zero(l1.a) {
        return fp_zero(l2.b);
    }
    if fp_zero(l1.b) {
        return fp_zero(l2.a);
    }
    fp_eq((l1.a * l2.b) / (l1.b * l2.a), -1.0)
}

pub fn line_eq(l1: &Line, l2: &Line) -> bool {
    let k = if !fp_zero(l2.a) {
        l1.a / l2.a
    } else if !fp_zero(l2.b) {
        l1.b / l2.b
    } else if !fp_zero(l2.c) {
        l1.c / l2.c
    } else {
        1.0
    };
    fp_eq(l1.a, k * l2.a) && fp_eq(l1.b, k * l2.b) && fp_eq(l1.c, k * l2.c)
}

pub fn line_interpt(l1: &Line, l2: &Line) -> Option<Point> {
    if line_parallel(l1, l2) {
        return None;
    }
    let (x, y);
    if fp_zero(l1.b) {
        x = l1.c;
        y = l2.a * x + l2.c;
    } else if fp_zero(l2.b) {
        x = l2.c;
        y = l1.a * x + l1.c;
    } else {
        x = (l1.c - l2.c) / (l2.a - l1.a);
        y = l1.a * x + l1.c;
    }
    Some(Point::new(x, y))
}

pub fn dist_pl(pt: &Point, l: &Line) -> f64 {
    (l.a * pt.x + l.b * pt.y + l.c).abs() / hypot(l.a, l.b)
}

pub fn line_distance(l1: &Line, l2: &Line) -> f64 {
    if !line_parallel(l1, l2) {
        return 0.0;
    }
    if fp_zero(l1.b) {
        return (l1.c - l2.c).abs();
    }
    dist_pl(&Point::new(0.0, l1.c), l2)
}

pub fn on_pl(pt: &Point, l: &Line) -> bool {
    fp_zero(l.a * pt.x + l.b * pt.y + l.c)
}

/// close_pl: closest point on a line.
pub fn close_pl(pt: &Point, l: &Line) -> Option<Point> {
    if fp_zero(l.b) {
        return Some(Point::new(l.c, pt.y));
    }
    if fp_zero(l.a) {
        return Some(Point::new(pt.x, l.c));
    }
    let invm = l.b / l.a;
    let tmp = line_construct_pm(pt, invm);
    line_interpt(&tmp, l)
}

// ---------------------------------------------------------------------------------------------
// Segments
// ---------------------------------------------------------------------------------------------

pub fn on_ps(pt: &Point, l: &Lseg) -> bool {
    fp_eq(
        point_dt(pt, &l.p[0]) + point_dt(pt, &l.p[1]),
        point_dt(&l.p[0], &l.p[1]),
    )
}

pub fn lseg_length(l: &Lseg) -> f64 {
    point_dt(&l.p[0], &l.p[1])
}

pub fn lseg_center(l: &Lseg) -> Point {
    Point::new((l.p[0].x + l.p[1].x) / 2.0, (l.p[0].y + l.p[1].y) / 2.0)
}

pub fn lseg_parallel(a: &Lseg, b: &Lseg) -> bool {
    fp_eq(point_sl(&a.p[0], &a.p[1]), point_sl(&b.p[0], &b.p[1]))
}

pub fn lseg_perp(a: &Lseg, b: &Lseg) -> bool {
    let m1 = point_sl(&a.p[0], &a.p[1]);
    let m2 = point_sl(&b.p[0], &b.p[1]);
    if !fp_zero(m1) {
        fp_eq(m2 / m1, -1.0)
    } else if !fp_zero(m2) {
        fp_eq(m1 / m2, -1.0)
    } else {
        false
    }
}

pub fn lseg_eq(a: &Lseg, b: &Lseg) -> bool {
    fp_eq(a.p[0].x, b.p[0].x)
        && fp_eq(a.p[0].y, b.p[0].y)
        && fp_eq(a.p[1].x, b.p[1].x)
        && fp_eq(a.p[1].y, b.p[1].y)
}

/// interpt_sl: intersection of a segment with a line, if it lies on the segment.
pub fn interpt_sl(l: &Lseg, line: &Line) -> Option<Point> {
    let tmp = line_construct_pts(&l.p[0], &l.p[1]);
    line_interpt(&tmp, line).filter(|p| on_ps(p, l))
}

pub fn lseg_interpt(l1: &Lseg, l2: &Lseg) -> Option<Point> {
    let t1 = line_construct_pts(&l1.p[0], &l1.p[1]);
    let t2 = line_construct_pts(&l2.p[0], &l2.p[1]);
    let mut r = line_interpt(&t1, &t2)?;
    if !on_ps(&r, l1) || !on_ps(&r, l2) {
        return None;
    }
    if point_eq(&l1.p[0], &l2.p[0]) || point_eq(&l1.p[0], &l2.p[1]) {
        r = l1.p[0];
    } else if point_eq(&l1.p[1], &l2.p[0]) || point_eq(&l1.p[1], &l2.p[1]) {
        r = l1.p[1];
    }
    Some(r)
}

pub fn lseg_intersect(l1: &Lseg, l2: &Lseg) -> bool {
    let ln = line_construct_pts(&l2.p[0], &l2.p[1]);
    match interpt_sl(l1, &ln) {
        Some(p) => on_ps(&p, l2),
        None => false,
    }
}

pub fn dist_ps(pt: &Point, l: &Lseg) -> f64 {
    let m = if l.p[1].x == l.p[0].x {
        0.0
    } else if l.p[1].y == l.p[0].y {
        f64::MAX
    } else {
        (l.p[0].x - l.p[1].x) / (l.p[1].y - l.p[0].y)
    };
    let ln = line_construct_pm(pt, m);
    match interpt_sl(l, &ln) {
        Some(ip) => point_dt(pt, &ip),
        None => {
            let a = point_dt(pt, &l.p[0]);
            let b = point_dt(pt, &l.p[1]);
            if b < a {
                b
            } else {
                a
            }
        }
    }
}

pub fn lseg_dt(l1: &Lseg, l2: &Lseg) -> f64 {
    if lseg_intersect(l1, l2) {
        return 0.0;
    }
    let mut r = dist_ps(&l1.p[0], l2);
    r = r.min(dist_ps(&l1.p[1], l2));
    r = r.min(dist_ps(&l2.p[0], l1));
    r.min(dist_ps(&l2.p[1], l1))
}

pub fn dist_sl(l: &Lseg, line: &Line) -> f64 {
    if interpt_sl(l, line).is_some() {
        0.0
    } else {
        dist_pl(&l.p[0], line).min(dist_pl(&l.p[1], line))
    }
}

/// close_ps: closest point on a segment.
pub fn close_ps(pt: &Point, l: &Lseg) -> Option<Point> {
    let xh = (l.p[0].x < l.p[1].x) as usize;
    let yh = (l.p[0].y < l.p[1].y) as usize;
    let (xl, yl) = (1 - xh, 1 - yh);
    if fp_eq(l.p[0].x, l.p[1].x) {
        if pt.y < l.p[yl].y {
            return Some(l.p[yl]);
        }
        if pt.y > l.p[yh].y {
            return Some(l.p[yh]);
        }
        return Some(Point::new(l.p[0].x, pt.y));
    }
    if fp_eq(l.p[0].y, l.p[1].y) {
        if pt.x < l.p[xl].x {
            return Some(l.p[xl]);
        }
        if pt.x > l.p[xh].x {
            return Some(l.p[xh]);
        }
        return Some(Point::new(pt.x, l.p[0].y));
    }
    let invm = -1.0 / point_sl(&l.p[0], &l.p[1]);
    let tmp = line_construct_pm(&l.p[yl], invm);
    if pt.y < tmp.a * pt.x + tmp.c {
        return Some(l.p[yl]);
    }
    let tmp = line_construct_pm(&l.p[yh], invm);
    if pt.y > tmp.a * pt.x + tmp.c {
        return Some(l.p[yh]);
    }
    let tmp = line_construct_pm(pt, invm);
    interpt_sl(l, &tmp)
}

/// close_lseg: closest point on l2 to l1 (PostgreSQL's mixed-up definition kept as is).
pub fn close_lseg(l1: &Lseg, l2: &Lseg) -> Option<Point> {
    let mut dist = dist_ps(&l1.p[0], l2);
    let mut point = l1.p[0];
    let mut result: Option<Option<Point>> = None;
    let d = dist_ps(&l1.p[1], l2);
    if d < dist {
        dist = d;
        point = l1.p[1];
    }
    if dist_ps(&l2.p[0], l1) < dist {
        let r = close_ps(&l2.p[0], l1);
        if let Some(p) = r {
            point = p;
        }
        dist = dist_ps(&point, l2);
        result = Some(r);
    }
    if dist_ps(&l2.p[1], l1) < dist {
        let r = close_ps(&l2.p[1], l1);
        if let Some(p) = r {
            point = p;
        }
        result = Some(r);
    }
    match result {
        Some(r) => r,
        None => Some(point),
    }
}

pub fn close_ls(line: &Line, l: &Lseg) -> Point {
    let d1 = dist_pl(&l.p[0], line);
    let d2 = dist_pl(&l.p[1], line);
    if d1 < d2 {
        l.p[0]
    } else {
        l.p[1]
    }
}

pub fn on_sl(l: &Lseg, line: &Line) -> bool {
    on_pl(&l.p[0], line) && on_pl(&l.p[1], line)
}

// ---------------------------------------------------------------------------------------------
// Boxes
// ---------------------------------------------------------------------------------------------

pub fn box_ov(a: &GBox, b: &GBox) -> bool {
    fp_le(a.low.x, b.high.x)
        && fp_le(b.low.x, a.high.x)
        && fp_le(a.low.y, b.high.y)
        && fp_le(b.low.y, a.high.y)
}

pub fn box_same(a: &GBox, b: &GBox) -> bool {
    fp_eq(a.high.x, b.high.x)
        && fp_eq(a.low.x, b.low.x)
        && fp_eq(a.high.y, b.high.y)
        && fp_eq(a.low.y, b.low.y)
}

pub fn box_contain(a: &GBox, b: &GBox) -> bool {
    fp_ge(a.high.x, b.high.x)
        && fp_le(a.low.x, b.low.x)
        && fp_ge(a.high.y, b.high.y)
        && fp_le(a.low.y, b.low.y)
}

pub fn box_area(b: &GBox) -> f64 {
    box_width(b) * box_height(b)
}

pub fn box_width(b: &GBox) -> f64 {
    b.high.x - b.low.x
}

pub fn box_height(b: &GBox) -> f64 {
    b.high.y - b.low.y
}

pub fn box_center(b: &GBox) -> Point {
    Point::new((b.high.x + b.low.x) / 2.0, (b.high.y + b.low.y) / 2.0)
}

pub fn on_pb(pt: &Point, b: &GBox) -> bool {
    pt.x <= b.high.x && pt.x >= b.low.x && pt.y <= b.high.y && pt.y >= b.low.y
}

pub fn box_intersect(a: &GBox, b: &GBox) -> Option<GBox> {
    if !box_ov(a, b) {
        return None;
    }
    Some(GBox {
        high: Point::new(fmin(a.high.x, b.high.x), fmin(a.high.y, b.high.y)),
        low: Point::new(fmax(a.low.x, b.low.x), fmax(a.low.y, b.low.y)),
    })
}

pub fn bound_box(a: &GBox, b: &GBox) -> GBox {
    GBox {
        high: Point::new(fmax(a.high.x, b.high.x), fmax(a.high.y, b.high.y)),
        low: Point::new(fmin(a.low.x, b.low.x), fmin(a.low.y, b.low.y)),
    }
}

/// C's Max macro: `a > b ? a : b`.
fn fmax(a: f64, b: f64) -> f64 {
    if a > b {
        a
    } else {
        b
    }
}

/// C's Min macro: `a < b ? a : b`.
fn fmin(a: f64, b: f64) -> f64 {
    if a < b {
        a
    } else {
        b
    }
}

/// The four sides of a box in PostgreSQL's checking order (left, top, bottom, right).
fn box_sides(b: &GBox) -> [Lseg; 4] {
    let tl = Point::new(b.low.x, b.high.y);
    let br = Point::new(b.high.x, b.low.y);
    [
        Lseg::new(b.low, tl),
        Lseg::new(b.high, tl),
        Lseg::new(b.low, br),
        Lseg::new(b.high, br),
    ]
}

pub fn close_pb(pt: &Point, b: &GBox) -> Option<Point> {
    if on_pb(pt, b) {
        return Some(*pt);
    }
    let sides = box_sides(b);
    let mut best = sides[0];
    let mut dist = dist_ps(pt, &best);
    for s in &sides[1..] {
        let d = dist_ps(pt, s);
        if d < dist {
            dist = d;
            best = *s;
        }
    }
    close_ps(pt, &best)
}

pub fn dist_pb(pt: &Point, b: &GBox) -> Option<f64> {
    close_pb(pt, b).map(|c| point_dt(&c, pt))
}

pub fn inter_sb(l: &Lseg, b: &GBox) -> bool {
    let lbox = GBox {
        high: Point::new(fmax(l.p[0].x, l.p[1].x), fmax(l.p[0].y, l.p[1].y)),
        low: Point::new(fmin(l.p[0].x, l.p[1].x), fmin(l.p[0].y, l.p[1].y)),
    };
    if !box_ov(&lbox, b) {
        return false;
    }
    if on_pb(&l.p[0], b) || on_pb(&l.p[1], b) {
        return true;
    }
    box_sides(b).iter().any(|s| lseg_intersect(s, l))
}

pub fn inter_lb(line: &Line, b: &GBox) -> bool {
    let p1 = b.low;
    let p2 = Point::new(b.low.x, b.high.y);
    if interpt_sl(&Lseg::new(p1, p2), line).is_some() {
        return true;
    }
    let p1 = b.high;
    if interpt_sl(&Lseg::new(p1, p2), line).is_some() {
        return true;
    }
    let p2 = Point::new(b.high.x, b.low.y);
    if interpt_sl(&Lseg::new(p1, p2), line).is_some() {
        return true;
    }
    let p1 = b.low;
    interpt_sl(&Lseg::new(p1, p2), line).is_some()
}

pub fn close_sb(l: &Lseg, b: &GBox) -> Option<Point> {
    if inter_sb(l, b) {
        return close_ps(&box_center(b), l);
    }
    let sides = box_sides(b);
    let mut best = sides[0];
    let mut dist = lseg_dt(l, &best);
    for s in &sides[1..] {
        let d = lseg_dt(l, s);
        if d < dist {
            dist = d;
            best = *s;
        }
    }
    close_lseg(l, &best)
}

pub fn on_sb(l: &Lseg, b: &GBox) -> bool {
    on_pb(&l.p[0], b) && on_pb(&l.p[1], b)
}

// ---------------------------------------------------------------------------------------------
// Paths and polygons
// ---------------------------------------------------------------------------------------------

/// Segments of a path, including the closing one for closed paths, in PostgreSQL's order.
pub fn path_segments(p: &Path) -> Vec<Lseg> {
    let n = p.p.len();
    let mut v = Vec::with_capacity(n);
    for i in 0..n {
        let iprev = if i > 0 {
            i - 1
        } else {
            if !p.closed {
                continue;
            }
            n - 1
        };
        v.push(Lseg::new(p.p[iprev], p.p[i]));
    }
    v
}

pub fn path_length(p: &Path) -> f64 {
    path_segments(p)
        .iter()
        .fold(0.0, |acc, s| acc + point_dt(&s.p[0], &s.p[1]))
}

pub fn path_area(p: &Path) -> Option<f64> {
    if !p.closed {
        return None;
    }
    let n = p.p.len();
    let mut area = 0.0;
    for i in 0..n {
        let j = (i + 1) % n;
        area += p.p[i].x * p.p[j].y;
        area -= p.p[i].y * p.p[j].x;
    }
    area *= 0.5;
    Some(if area < 0.0 { -area } else { area })
}

pub fn path_inter(p1: &Path, p2: &Path) -> bool {
    let (b1, b2) = match (bound_box_of(&p1.p), bound_box_of(&p2.p)) {
        (Some(a), Some(b)) => (a, b),
        _ => return false,
    };
    if !box_ov(&b1, &b2) {
        return false;
    }
    let s2 = path_segments(p2);
    path_segments(p1)
        .iter()
        .any(|a| s2.iter().any(|b| lseg_intersect(a, b)))
}

pub fn path_distance(p1: &Path, p2: &Path) -> Option<f64> {
    let s2 = path_segments(p2);
    let mut best: Option<f64> = None;
    for a in path_segments(p1) {
        for b in &s2 {
            let d = lseg_dt(&a, b);
            if best.is_none_or(|m| d < m) {
                best = Some(d);
            }
        }
    }
    best
}

pub fn dist_ppath(pt: &Point, p: &Path) -> Option<f64> {
    match p.p.len() {
        0 => None,
        1 => Some(point_dt(pt, &p.p[0])),
        _ => {
            let mut best: Option<f64> = None;
            for s in path_segments(p) {
                let d = dist_ps(pt, &s);
                if best.is_none_or(|m| d < m) {
                    best = Some(d);
                }
            }
            best
        }
    }
}

pub fn on_ppath(pt: &Point, p: &Path) -> bool {
    if !p.closed {
        if p.p.is_empty() {
            return false;
        }
        let mut a = point_dt(pt, &p.p[0]);
        for i in 0..p.p.len() - 1 {
            let b = point_dt(pt, &p.p[i + 1]);
            if fp_eq(a + b, point_dt(&p.p[i], &p.p[i + 1])) {
                return true;
            }
            a = b;
        }
        return false;
    }
    point_inside(pt, &p.p) != 0
}

const POINT_ON_POLYGON: i32 = i32::MAX;

fn lseg_crossing(x: f64, y: f64, prev_x: f64, prev_y: f64) -> i32 {
    if fp_zero(y) {
        if fp_zero(x) {
            POINT_ON_POLYGON
        } else if fp_gt(x, 0.0) {
            if fp_zero(prev_y) {
                return if fp_gt(prev_x, 0.0) {
                    0
                } else {
                    POINT_ON_POLYGON
                };
            }
            if fp_lt(prev_y, 0.0) {
                1
            } else {
                -1
            }
        } else {
            if fp_zero(prev_y) {
                return if fp_lt(prev_x, 0.0) {
                    0
                } else {
                    POINT_ON_POLYGON
                };
            }
            0
        }
    } else {
        let y_sign: i32 = if fp_gt(y, 0.0) { 1 } else { -1 };
        if fp_zero(prev_y) {
            if fp_lt(prev_x, 0.0) {
                0
            } else {
                y_sign
            }
        } else if fp_gt(y_sign as f64 * prev_y, 0.0) {
            0
        } else {
            if fp_ge(x, 0.0) && fp_gt(prev_x, 0.0) {
                return 2 * y_sign;
            }
            if fp_lt(x, 0.0) && fp_le(prev_x, 0.0) {
                return 0;
            }
            let z = (x - prev_x) * y - (y - prev_y) * x;
            if fp_zero(z) {
                return POINT_ON_POLYGON;
            }
            if fp_gt(y_sign as f64 * z, 0.0) {
                0
            } else {
                2 * y_sign
            }
        }
    }
}

/// 0 = outside, 1 = inside, 2 = on the boundary.
pub fn point_inside(p: &Point, plist: &[Point]) -> i32 {
    let Some(first) = plist.first() else {
        return 0;
    };
    let x0 = first.x - p.x;
    let y0 = first.y - p.y;
    let (mut prev_x, mut prev_y) = (x0, y0);
    let mut total: i64 = 0;
    for q in &plist[1..] {
        let x = q.x - p.x;
        let y = q.y - p.y;
        let c = lseg_crossing(x, y, prev_x, prev_y);
        if c == POINT_ON_POLYGON {
            return 2;
        }
        total += c as i64;
        prev_x = x;
        prev_y = y;
    }
    let c = lseg_crossing(x0, y0, prev_x, prev_y);
    if c == POINT_ON_POLYGON {
        return 2;
    }
    total += c as i64;
    if total != 0 {
        1
    } else {
        0
    }
}

/// PostgreSQL's plist_same: same points up to rotation and direction.
pub fn plist_same(p1: &[Point], p2: &[Point]) -> bool {
    let n = p1.len();
    if n != p2.len() {
        return false;
    }
    for i in 0..n {
        if !point_eq(&p2[i], &p1[0]) {
            continue;
        }
        let mut ii = 1;
        let mut j = i + 1;
        while ii < n {
            if j >= n {
                j = 0;
            }
            if !point_eq(&p2[j], &p1[ii]) {
                break;
            }
            ii += 1;
            j += 1;
        }
        if ii == n {
            return true;
        }
        let mut ii = 1;
        let mut j = i as isize - 1;
        while ii < n {
            if j < 0 {
                j = n as isize - 1;
            }
            if !point_eq(&p2[j as usize], &p1[ii]) {
                break;
            }
            ii += 1;
            j -= 1;
        }
        if ii == n {
            return true;
        }
    }
    false
}

pub fn poly_overlap(a: &Polygon, b: &Polygon) -> bool {
    if a.p.is_empty() || b.p.is_empty() || !box_ov(&a.boundbox, &b.boundbox) {
        return false;
    }
    let mut sa0 = a.p[a.p.len() - 1];
    for pa in &a.p {
        let mut sb0 = b.p[b.p.len() - 1];
        for pb in &b.p {
            if lseg_intersect(&Lseg::new(sa0, *pa), &Lseg::new(sb0, *pb)) {
                return true;
            }
            sb0 = *pb;
        }
        sa0 = *pa;
    }
    point_inside(&a.p[0], &b.p) != 0 || point_inside(&b.p[0], &a.p) != 0
}

/// Recursion limit for lseg_inside_poly (PostgreSQL relies on its stack-depth check).
const MAX_DEPTH: usize = 2_000;

fn stack_depth_error() -> common::PgError {
    pg_err!(STATEMENT_TOO_COMPLEX, "stack depth limit exceeded")
}

fn touched_lseg_inside_poly(
    a: &Point,
    b: &Point,
    s: &Lseg,
    poly: &Polygon,
    start: usize,
    depth: usize,
) -> PgResult<bool> {
    let t = Lseg::new(*a, *b);
    if point_eq(a, &s.p[0]) {
        if on_ps(&s.p[1], &t) {
            return lseg_inside_poly(b, &s.p[1], poly, start, depth + 1);
        }
    } else if point_eq(a, &s.p[1]) {
        if on_ps(&s.p[0], &t) {
            return lseg_inside_poly(b, &s.p[0], poly, start, depth + 1);
        }
    } else if on_ps(&s.p[0], &t) {
        return lseg_inside_poly(b, &s.p[0], poly, start, depth + 1);
    } else if on_ps(&s.p[1], &t) {
        return lseg_inside_poly(b, &s.p[1], poly, start, depth + 1);
    }
    Ok(true)
}

fn lseg_inside_poly(
    a: &Point,
    b: &Point,
    poly: &Polygon,
    start: usize,
    depth: usize,
) -> PgResult<bool> {
    if depth > MAX_DEPTH {
        return Err(stack_depth_error());
    }
    let n = poly.p.len();
    let t = Lseg::new(*a, *b);
    let mut res = true;
    let mut intersection = false;
    let mut s0 = poly.p[if start == 0 { n - 1 } else { start - 1 }];
    let mut i = start;
    while i < n && res {
        let s = Lseg::new(s0, poly.p[i]);
        if on_ps(&t.p[0], &s) {
            if on_ps(&t.p[1], &s) {
                return Ok(true);
            }
            res = touched_lseg_inside_poly(&t.p[0], &t.p[1], &s, poly, i + 1, depth)?;
        } else if on_ps(&t.p[1], &s) {
            res = touched_lseg_inside_poly(&t.p[1], &t.p[0], &s, poly, i + 1, depth)?;
        } else if let Some(ip) = lseg_interpt(&t, &s) {
            intersection = true;
            res = lseg_inside_poly(&t.p[0], &ip, poly, i + 1, depth + 1)?;
            if res {
                res = lseg_inside_poly(&t.p[1], &ip, poly, i + 1, depth + 1)?;
            }
        }
        s0 = s.p[1];
        i += 1;
    }
    if res && !intersection {
        let p = Point::new((t.p[0].x + t.p[1].x) / 2.0, (t.p[0].y + t.p[1].y) / 2.0);
        res = point_inside(&p, &poly.p) != 0;
    }
    Ok(res)
}

pub fn poly_contain(a: &Polygon, b: &Polygon) -> PgResult<bool> {
    if a.p.is_empty() || b.p.is_empty() || !box_contain(&a.boundbox, &b.boundbox) {
        return Ok(false);
    }
    let mut s0 = b.p[b.p.len() - 1];
    for q in &b.p {
        if !lseg_inside_poly(&s0, q, a, 0, 0)? {
            return Ok(false);
        }
        s0 = *q;
    }
    Ok(true)
}

pub fn poly_circle(p: &Polygon) -> PgResult<Circle> {
    if p.p.is_empty() {
        return Err(pg_err!(
            INVALID_PARAMETER_VALUE,
            "cannot convert empty polygon to circle"
        ));
    }
    let n = p.p.len() as f64;
    let mut c = Point::new(0.0, 0.0);
    for q in &p.p {
        c.x += q.x;
        c.y += q.y;
    }
    c.x /= n;
    c.y /= n;
    let mut r = 0.0;
    for q in &p.p {
        r += point_dt(q, &c);
    }
    r /= n;
    Ok(Circle {
        center: c,
        radius: r,
    })
}

pub fn dist_ppoly(pt: &Point, poly: &Polygon) -> f64 {
    let n = poly.p.len();
    if n == 0 || point_inside(pt, &poly.p) != 0 {
        return 0.0;
    }
    let mut result = dist_ps(pt, &Lseg::new(poly.p[0], poly.p[n - 1]));
    for i in 0..n - 1 {
        let d = dist_ps(pt, &Lseg::new(poly.p[i], poly.p[i + 1]));
        if d < result {
            result = d;
        }
    }
    result
}

// ---------------------------------------------------------------------------------------------
// Circles
// ---------------------------------------------------------------------------------------------

pub fn circle_area(c: &Circle) -> f64 {
    std::f64::consts::PI * c.radius * c.radius
}

pub fn circle_box(c: &Circle) -> GBox {
    let delta = c.radius / 2.0f64.sqrt();
    GBox {
        high: Point::new(c.center.x + delta, c.center.y + delta),
        low: Point::new(c.center.x - delta, c.center.y - delta),
    }
}

pub fn box_circle(b: &GBox) -> Circle {
    let center = box_center(b);
    Circle {
        center,
        radius: point_dt(&center, &b.high),
    }
}

pub fn circle_poly(npts: i32, c: &Circle) -> PgResult<Polygon> {
    if fp_zero(c.radius) {
        return Err(pg_err!(
            FEATURE_NOT_SUPPORTED,
            "cannot convert circle with radius zero to polygon"
        ));
    }
    if npts < 2 {
        return Err(pg_err!(
            INVALID_PARAMETER_VALUE,
            "must request at least 2 points"
        ));
    }
    if npts as usize > MAX_POINTS {
        return Err(pg_err!(PROGRAM_LIMIT_EXCEEDED, "too many points requested"));
    }
    let anglestep = (2.0 * std::f64::consts::PI) / npts as f64;
    let p = (0..npts)
        .map(|i| {
            let angle = i as f64 * anglestep;
            Point::new(
                c.center.x - c.radius * angle.cos(),
                c.center.y + c.radius * angle.sin(),
            )
        })
        .collect();
    Polygon::new(p)
}

pub fn circle_distance(a: &Circle, b: &Circle) -> f64 {
    let r = point_dt(&a.center, &b.center) - (a.radius + b.radius);
    if r < 0.0 {
        0.0
    } else {
        r
    }
}

pub fn dist_pc(pt: &Point, c: &Circle) -> f64 {
    let r = point_dt(pt, &c.center) - c.radius;
    if r < 0.0 {
        0.0
    } else {
        r
    }
}
