//! pg_proc, pg_operator and pg_cast rows for the geometric types (PostgreSQL 10's OIDs).

use super::ops::*;
use super::types::*;
use crate::oids::*;
use crate::registry::{CastDef, FuncCtx, OperDef, ProcDef};
use crate::Datum;
use common::{pg_err, Oid, PgError, PgResult};

const P: Oid = POINT;
const S: Oid = LSEG;
const L: Oid = LINE;
const B: Oid = BOX;
const PA: Oid = PATH;
const PO: Oid = POLYGON;
const C: Oid = CIRCLE;
const F8: Oid = FLOAT8;
const I4: Oid = INT4;
const BO: Oid = BOOL;

fn arg(a: &[Datum], i: usize) -> PgResult<&Datum> {
    a.get(i)
        .ok_or_else(|| PgError::internal("missing function argument"))
}

fn f8(d: &Datum) -> PgResult<f64> {
    match d {
        Datum::Float8(v) => Ok(*v),
        Datum::Float4(v) => Ok(*v as f64),
        _ => d
            .as_i64()
            .map(|v| v as f64)
            .ok_or_else(|| PgError::internal("expected a float argument")),
    }
}

fn i4(d: &Datum) -> PgResult<i32> {
    d.as_i64()
        .map(|v| v as i32)
        .ok_or_else(|| PgError::internal("expected an integer argument"))
}

fn path_ref(d: &Datum) -> PgResult<Path> {
    get_path(d)
}
fn poly_ref(d: &Datum) -> PgResult<Polygon> {
    get_polygon(d)
}

fn b(v: bool) -> Datum {
    Datum::Bool(v)
}
fn fl(v: f64) -> Datum {
    Datum::Float8(v)
}
fn pt(v: Point) -> Datum {
    point_datum(v)
}
fn opt_pt(v: Option<Point>) -> Datum {
    v.map(point_datum).unwrap_or(Datum::Null)
}
fn bx(v: GBox) -> Datum {
    box_datum(v)
}
fn ci(v: Circle) -> Datum {
    circle_datum(v)
}
fn pa(v: Path) -> Datum {
    path_datum(&v)
}
fn po(v: Polygon) -> Datum {
    polygon_datum(&v)
}

fn not_impl(name: &str) -> PgError {
    pg_err!(
        FEATURE_NOT_SUPPORTED,
        "function \"{}\" not implemented",
        name
    )
}

/// `f!(x: getter, y: getter => expr)` builds a BuiltinFn whose body yields a Datum.
macro_rules! f {
    ($($v:ident : $get:ident),* => $body:expr) => {
        |a: &[Datum], _c: &FuncCtx| -> PgResult<Datum> {
            let mut _i = 0usize;
            $(
                let $v = $get(arg(a, _i)?)?;
                _i += 1;
            )*
            Ok($body)
        }
    };
}

/// Like `f!` but the body already yields a `PgResult<Datum>`.
macro_rules! fr {
    ($($v:ident : $get:ident),* => $body:expr) => {
        |a: &[Datum], _c: &FuncCtx| -> PgResult<Datum> {
            let mut _i = 0usize;
            $(
                let $v = $get(arg(a, _i)?)?;
                _i += 1;
            )*
            $body
        }
    };
}

fn proc(
    oid: Oid,
    name: &'static str,
    args: &'static [Oid],
    ret: Oid,
    func: crate::registry::BuiltinFn,
) -> ProcDef {
    ProcDef {
        oid,
        name,
        arg_types: args,
        ret_type: ret,
        strict: true,
        volatility: b'i',
        variadic: 0,
        retset: false,
        func,
    }
}

fn io_in(a: &[Datum], cx: &FuncCtx) -> PgResult<Datum> {
    let s = arg(a, 0)?
        .as_str()
        .ok_or_else(|| PgError::internal("expected a cstring argument"))?;
    crate::io::input(cx.result_type, -1, s, cx.env)
}

fn io_out(a: &[Datum], cx: &FuncCtx) -> PgResult<Datum> {
    let t = cx.arg_types.first().copied().unwrap_or(0);
    crate::io::output(t, arg(a, 0)?, cx.env).map(Datum::Text)
}

pub fn procs() -> Vec<ProcDef> {
    let mut v = vec![
        // I/O
        proc(117, "point_in", &[CSTRING], P, io_in),
        proc(118, "point_out", &[P], CSTRING, io_out),
        proc(119, "lseg_in", &[CSTRING], S, io_in),
        proc(120, "lseg_out", &[S], CSTRING, io_out),
        proc(121, "path_in", &[CSTRING], PA, io_in),
        proc(122, "path_out", &[PA], CSTRING, io_out),
        proc(123, "box_in", &[CSTRING], B, io_in),
        proc(124, "box_out", &[B], CSTRING, io_out),
        proc(347, "poly_in", &[CSTRING], PO, io_in),
        proc(348, "poly_out", &[PO], CSTRING, io_out),
        proc(1490, "line_in", &[CSTRING], L, io_in),
        proc(1491, "line_out", &[L], CSTRING, io_out),
        proc(1450, "circle_in", &[CSTRING], C, io_in),
        proc(1451, "circle_out", &[C], CSTRING, io_out),
        // point
        proc(
            131,
            "point_above",
            &[P, P],
            BO,
            f!(x: get_point, y: get_point => b(fp_gt(x.y, y.y))),
        ),
        proc(
            132,
            "point_left",
            &[P, P],
            BO,
            f!(x: get_point, y: get_point => b(fp_lt(x.x, y.x))),
        ),
        proc(
            133,
            "point_right",
            &[P, P],
            BO,
            f!(x: get_point, y: get_point => b(fp_gt(x.x, y.x))),
        ),
        proc(
            134,
            "point_below",
            &[P, P],
            BO,
            f!(x: get_point, y: get_point => b(fp_lt(x.y, y.y))),
        ),
        proc(
            135,
            "point_eq",
            &[P, P],
            BO,
            f!(x: get_point, y: get_point => b(point_eq(&x, &y))),
        ),
        proc(
            988,
            "point_ne",
            &[P, P],
            BO,
            f!(x: get_point, y: get_point => b(fp_ne(x.x, y.x) || fp_ne(x.y, y.y))),
        ),
        proc(
            989,
            "point_vert",
            &[P, P],
            BO,
            f!(x: get_point, y: get_point => b(fp_eq(x.x, y.x))),
        ),
        proc(
            990,
            "point_horiz",
            &[P, P],
            BO,
            f!(x: get_point, y: get_point => b(fp_eq(x.y, y.y))),
        ),
        proc(
            1406,
            "isvertical",
            &[P, P],
            BO,
            f!(x: get_point, y: get_point => b(fp_eq(x.x, y.x))),
        ),
        proc(
            1407,
            "ishorizontal",
            &[P, P],
            BO,
            f!(x: get_point, y: get_point => b(fp_eq(x.y, y.y))),
        ),
        proc(
            991,
            "point_distance",
            &[P, P],
            F8,
            f!(x: get_point, y: get_point => fl(point_dt(&x, &y))),
        ),
        proc(
            992,
            "slope",
            &[P, P],
            F8,
            f!(x: get_point, y: get_point => fl(point_sl(&x, &y))),
        ),
        proc(
            1440,
            "point",
            &[F8, F8],
            P,
            f!(x: f8, y: f8 => pt(Point::new(x, y))),
        ),
        proc(
            1441,
            "point_add",
            &[P, P],
            P,
            f!(x: get_point, y: get_point => pt(point_add(&x, &y))),
        ),
        proc(
            1442,
            "point_sub",
            &[P, P],
            P,
            f!(x: get_point, y: get_point => pt(point_sub(&x, &y))),
        ),
        proc(
            1443,
            "point_mul",
            &[P, P],
            P,
            f!(x: get_point, y: get_point => pt(point_mul(&x, &y))),
        ),
        proc(
            1444,
            "point_div",
            &[P, P],
            P,
            fr!(x: get_point, y: get_point => Ok(pt(point_div(&x, &y)?))),
        ),
        // containment of points
        proc(
            136,
            "on_pb",
            &[P, B],
            BO,
            f!(x: get_point, y: get_box => b(on_pb(&x, &y))),
        ),
        proc(
            193,
            "box_contain_pt",
            &[B, P],
            BO,
            f!(y: get_box, x: get_point => b(on_pb(&x, &y))),
        ),
        proc(
            137,
            "on_ppath",
            &[P, PA],
            BO,
            f!(x: get_point, y: path_ref => b(on_ppath(&x, &y))),
        ),
        proc(
            1426,
            "path_contain_pt",
            &[PA, P],
            BO,
            f!(y: path_ref, x: get_point => b(on_ppath(&x, &y))),
        ),
        proc(
            1428,
            "poly_contain_pt",
            &[PO, P],
            BO,
            f!(y: poly_ref, x: get_point => b(point_inside(&x, &y.p) != 0)),
        ),
        proc(
            1429,
            "pt_contained_poly",
            &[P, PO],
            BO,
            f!(x: get_point, y: poly_ref => b(point_inside(&x, &y.p) != 0)),
        ),
        proc(
            1477,
            "circle_contain_pt",
            &[C, P],
            BO,
            f!(c: get_circle, x: get_point => b(point_dt(&c.center, &x) <= c.radius)),
        ),
        proc(
            1478,
            "pt_contained_circle",
            &[P, C],
            BO,
            f!(x: get_point, c: get_circle => b(point_dt(&c.center, &x) <= c.radius)),
        ),
        proc(
            959,
            "on_pl",
            &[P, L],
            BO,
            f!(x: get_point, l: get_line => b(on_pl(&x, &l))),
        ),
        proc(
            960,
            "on_sl",
            &[S, L],
            BO,
            f!(s: get_lseg, l: get_line => b(on_sl(&s, &l))),
        ),
        proc(
            369,
            "on_ps",
            &[P, S],
            BO,
            f!(x: get_point, s: get_lseg => b(on_ps(&x, &s))),
        ),
        proc(
            372,
            "on_sb",
            &[S, B],
            BO,
            f!(s: get_lseg, y: get_box => b(on_sb(&s, &y))),
        ),
        // closest points
        proc(
            961,
            "close_pl",
            &[P, L],
            P,
            f!(x: get_point, l: get_line => opt_pt(close_pl(&x, &l))),
        ),
        proc(962, "close_sl", &[S, L], P, |_, _| {
            Err(not_impl("close_sl"))
        }),
        proc(963, "close_lb", &[L, B], P, |_, _| {
            Err(not_impl("close_lb"))
        }),
        proc(
            366,
            "close_ps",
            &[P, S],
            P,
            f!(x: get_point, s: get_lseg => opt_pt(close_ps(&x, &s))),
        ),
        proc(
            367,
            "close_pb",
            &[P, B],
            P,
            f!(x: get_point, y: get_box => opt_pt(close_pb(&x, &y))),
        ),
        proc(
            368,
            "close_sb",
            &[S, B],
            P,
            f!(s: get_lseg, y: get_box => opt_pt(close_sb(&s, &y))),
        ),
        proc(
            1488,
            "close_ls",
            &[L, S],
            P,
            f!(l: get_line, s: get_lseg => pt(close_ls(&l, &s))),
        ),
        proc(
            1489,
            "close_lseg",
            &[S, S],
            P,
            f!(s: get_lseg, t: get_lseg => opt_pt(close_lseg(&s, &t))),
        ),
        // distances
        proc(
            363,
            "dist_ps",
            &[P, S],
            F8,
            f!(x: get_point, s: get_lseg => fl(dist_ps(&x, &s))),
        ),
        proc(
            364,
            "dist_pb",
            &[P, B],
            F8,
            f!(x: get_point, y: get_box => dist_pb(&x, &y).map(fl).unwrap_or(Datum::Null)),
        ),
        proc(
            365,
            "dist_sb",
            &[S, B],
            F8,
            f!(s: get_lseg, y: get_box => close_sb(&s, &y).and_then(|c| dist_pb(&c, &y)).map(fl).unwrap_or(Datum::Null)),
        ),
        proc(
            371,
            "dist_ppath",
            &[P, PA],
            F8,
            f!(x: get_point, y: path_ref => dist_ppath(&x, &y).map(fl).unwrap_or(Datum::Null)),
        ),
        proc(
            725,
            "dist_pl",
            &[P, L],
            F8,
            f!(x: get_point, l: get_line => fl(dist_pl(&x, &l))),
        ),
        proc(726, "dist_lb", &[L, B], F8, |_, _| Err(not_impl("dist_lb"))),
        proc(
            727,
            "dist_sl",
            &[S, L],
            F8,
            f!(s: get_lseg, l: get_line => fl(dist_sl(&s, &l))),
        ),
        proc(
            728,
            "dist_cpoly",
            &[C, PO],
            F8,
            f!(c: get_circle, y: poly_ref => fl({
                let r = dist_ppoly(&c.center, &y) - c.radius;
                if r < 0.0 { 0.0 } else { r }
            })),
        ),
        proc(729, "poly_distance", &[PO, PO], F8, |_, _| {
            Err(not_impl("poly_distance"))
        }),
        proc(
            1476,
            "dist_pc",
            &[P, C],
            F8,
            f!(x: get_point, c: get_circle => fl(dist_pc(&x, &c))),
        ),
        proc(
            3290,
            "dist_cpoint",
            &[C, P],
            F8,
            f!(c: get_circle, x: get_point => fl(dist_pc(&x, &c))),
        ),
        proc(
            3275,
            "dist_ppoly",
            &[P, PO],
            F8,
            f!(x: get_point, y: poly_ref => fl(dist_ppoly(&x, &y))),
        ),
        proc(
            3292,
            "dist_polyp",
            &[PO, P],
            F8,
            f!(y: poly_ref, x: get_point => fl(dist_ppoly(&x, &y))),
        ),
        proc(
            361,
            "lseg_distance",
            &[S, S],
            F8,
            f!(s: get_lseg, t: get_lseg => fl(lseg_dt(&s, &t))),
        ),
        proc(
            370,
            "path_distance",
            &[PA, PA],
            F8,
            f!(x: path_ref, y: path_ref => path_distance(&x, &y).map(fl).unwrap_or(Datum::Null)),
        ),
        proc(
            239,
            "line_distance",
            &[L, L],
            F8,
            f!(x: get_line, y: get_line => fl(line_distance(&x, &y))),
        ),
        proc(
            978,
            "box_distance",
            &[B, B],
            F8,
            f!(x: get_box, y: get_box => fl(point_dt(&box_center(&x), &box_center(&y)))),
        ),
        proc(
            1471,
            "circle_distance",
            &[C, C],
            F8,
            f!(x: get_circle, y: get_circle => fl(circle_distance(&x, &y))),
        ),
        // intersections
        proc(
            373,
            "inter_sb",
            &[S, B],
            BO,
            f!(s: get_lseg, y: get_box => b(inter_sb(&s, &y))),
        ),
        proc(
            277,
            "inter_sl",
            &[S, L],
            BO,
            f!(s: get_lseg, l: get_line => b(interpt_sl(&s, &l).is_some())),
        ),
        proc(
            278,
            "inter_lb",
            &[L, B],
            BO,
            f!(l: get_line, y: get_box => b(inter_lb(&l, &y))),
        ),
        // box
        proc(
            125,
            "box_overlap",
            &[B, B],
            BO,
            f!(x: get_box, y: get_box => b(box_ov(&x, &y))),
        ),
        proc(
            126,
            "box_ge",
            &[B, B],
            BO,
            f!(x: get_box, y: get_box => b(fp_ge(box_area(&x), box_area(&y)))),
        ),
        proc(
            127,
            "box_gt",
            &[B, B],
            BO,
            f!(x: get_box, y: get_box => b(fp_gt(box_area(&x), box_area(&y)))),
        ),
        proc(
            128,
            "box_eq",
            &[B, B],
            BO,
            f!(x: get_box, y: get_box => b(fp_eq(box_area(&x), box_area(&y)))),
        ),
        proc(
            129,
            "box_lt",
            &[B, B],
            BO,
            f!(x: get_box, y: get_box => b(fp_lt(box_area(&x), box_area(&y)))),
        ),
        proc(
            130,
            "box_le",
            &[B, B],
            BO,
            f!(x: get_box, y: get_box => b(fp_le(box_area(&x), box_area(&y)))),
        ),
        proc(
            138,
            "box_center",
            &[B],
            P,
            f!(x: get_box => pt(box_center(&x))),
        ),
        proc(
            186,
            "box_same",
            &[B, B],
            BO,
            f!(x: get_box, y: get_box => b(box_same(&x, &y))),
        ),
        proc(
            187,
            "box_contain",
            &[B, B],
            BO,
            f!(x: get_box, y: get_box => b(box_contain(&x, &y))),
        ),
        proc(
            188,
            "box_left",
            &[B, B],
            BO,
            f!(x: get_box, y: get_box => b(fp_lt(x.high.x, y.low.x))),
        ),
        proc(
            189,
            "box_overleft",
            &[B, B],
            BO,
            f!(x: get_box, y: get_box => b(fp_le(x.high.x, y.high.x))),
        ),
        proc(
            190,
            "box_overright",
            &[B, B],
            BO,
            f!(x: get_box, y: get_box => b(fp_ge(x.low.x, y.low.x))),
        ),
        proc(
            191,
            "box_right",
            &[B, B],
            BO,
            f!(x: get_box, y: get_box => b(fp_gt(x.low.x, y.high.x))),
        ),
        proc(
            192,
            "box_contained",
            &[B, B],
            BO,
            f!(x: get_box, y: get_box => b(box_contain(&y, &x))),
        ),
        proc(
            115,
            "box_above_eq",
            &[B, B],
            BO,
            f!(x: get_box, y: get_box => b(fp_ge(x.low.y, y.high.y))),
        ),
        proc(
            116,
            "box_below_eq",
            &[B, B],
            BO,
            f!(x: get_box, y: get_box => b(fp_le(x.high.y, y.low.y))),
        ),
        proc(
            2562,
            "box_below",
            &[B, B],
            BO,
            f!(x: get_box, y: get_box => b(fp_lt(x.high.y, y.low.y))),
        ),
        proc(
            2563,
            "box_overbelow",
            &[B, B],
            BO,
            f!(x: get_box, y: get_box => b(fp_le(x.high.y, y.high.y))),
        ),
        proc(
            2564,
            "box_overabove",
            &[B, B],
            BO,
            f!(x: get_box, y: get_box => b(fp_ge(x.low.y, y.low.y))),
        ),
        proc(
            2565,
            "box_above",
            &[B, B],
            BO,
            f!(x: get_box, y: get_box => b(fp_gt(x.low.y, y.high.y))),
        ),
        proc(975, "area", &[B], F8, f!(x: get_box => fl(box_area(&x)))),
        proc(976, "width", &[B], F8, f!(x: get_box => fl(box_width(&x)))),
        proc(
            977,
            "height",
            &[B],
            F8,
            f!(x: get_box => fl(box_height(&x))),
        ),
        proc(
            980,
            "box_intersect",
            &[B, B],
            B,
            f!(x: get_box, y: get_box => box_intersect(&x, &y).map(bx).unwrap_or(Datum::Null)),
        ),
        proc(
            981,
            "diagonal",
            &[B],
            S,
            f!(x: get_box => lseg_datum(Lseg::new(x.high, x.low))),
        ),
        proc(
            4067,
            "bound_box",
            &[B, B],
            B,
            f!(x: get_box, y: get_box => bx(bound_box(&x, &y))),
        ),
        proc(
            1421,
            "box",
            &[P, P],
            B,
            f!(x: get_point, y: get_point => bx(GBox::construct(x.x, y.x, x.y, y.y))),
        ),
        proc(
            4091,
            "box",
            &[P],
            B,
            f!(x: get_point => bx(GBox { high: x, low: x })),
        ),
        proc(
            1422,
            "box_add",
            &[B, P],
            B,
            f!(x: get_box, p: get_point => bx(GBox::construct(x.high.x + p.x, x.low.x + p.x, x.high.y + p.y, x.low.y + p.y))),
        ),
        proc(
            1423,
            "box_sub",
            &[B, P],
            B,
            f!(x: get_box, p: get_point => bx(GBox::construct(x.high.x - p.x, x.low.x - p.x, x.high.y - p.y, x.low.y - p.y))),
        ),
        proc(
            1424,
            "box_mul",
            &[B, P],
            B,
            f!(x: get_box, p: get_point => {
                let h = point_mul(&x.high, &p);
                let l = point_mul(&x.low, &p);
                bx(GBox::construct(h.x, l.x, h.y, l.y))
            }),
        ),
        proc(
            1425,
            "box_div",
            &[B, P],
            B,
            fr!(x: get_box, p: get_point => {
                let h = point_div(&x.high, &p)?;
                let l = point_div(&x.low, &p)?;
                Ok(bx(GBox::construct(h.x, l.x, h.y, l.y)))
            }),
        ),
        proc(1534, "point", &[B], P, f!(x: get_box => pt(box_center(&x)))),
        proc(
            1542,
            "center",
            &[B],
            P,
            f!(x: get_box => pt(box_center(&x))),
        ),
        proc(
            1541,
            "lseg",
            &[B],
            S,
            f!(x: get_box => lseg_datum(Lseg::new(x.high, x.low))),
        ),
        proc(
            1448,
            "polygon",
            &[B],
            PO,
            f!(x: get_box => po(Polygon {
                boundbox: x,
                p: vec![
                    x.low,
                    Point::new(x.low.x, x.high.y),
                    x.high,
                    Point::new(x.high.x, x.low.y),
                ],
            })),
        ),
        proc(
            1479,
            "circle",
            &[B],
            C,
            f!(x: get_box => ci(box_circle(&x))),
        ),
        // lseg
        proc(
            993,
            "lseg",
            &[P, P],
            S,
            f!(x: get_point, y: get_point => lseg_datum(Lseg::new(x, y))),
        ),
        proc(
            994,
            "lseg_intersect",
            &[S, S],
            BO,
            f!(x: get_lseg, y: get_lseg => b(lseg_intersect(&x, &y))),
        ),
        proc(
            995,
            "lseg_parallel",
            &[S, S],
            BO,
            f!(x: get_lseg, y: get_lseg => b(lseg_parallel(&x, &y))),
        ),
        proc(
            996,
            "lseg_perp",
            &[S, S],
            BO,
            f!(x: get_lseg, y: get_lseg => b(lseg_perp(&x, &y))),
        ),
        proc(
            997,
            "lseg_vertical",
            &[S],
            BO,
            f!(x: get_lseg => b(fp_eq(x.p[0].x, x.p[1].x))),
        ),
        proc(
            998,
            "lseg_horizontal",
            &[S],
            BO,
            f!(x: get_lseg => b(fp_eq(x.p[0].y, x.p[1].y))),
        ),
        proc(
            999,
            "lseg_eq",
            &[S, S],
            BO,
            f!(x: get_lseg, y: get_lseg => b(lseg_eq(&x, &y))),
        ),
        proc(
            1482,
            "lseg_ne",
            &[S, S],
            BO,
            f!(x: get_lseg, y: get_lseg => b(!lseg_eq_ne(&x, &y))),
        ),
        proc(
            1483,
            "lseg_lt",
            &[S, S],
            BO,
            f!(x: get_lseg, y: get_lseg => b(fp_lt(lseg_length(&x), lseg_length(&y)))),
        ),
        proc(
            1484,
            "lseg_le",
            &[S, S],
            BO,
            f!(x: get_lseg, y: get_lseg => b(fp_le(lseg_length(&x), lseg_length(&y)))),
        ),
        proc(
            1485,
            "lseg_gt",
            &[S, S],
            BO,
            f!(x: get_lseg, y: get_lseg => b(fp_gt(lseg_length(&x), lseg_length(&y)))),
        ),
        proc(
            1486,
            "lseg_ge",
            &[S, S],
            BO,
            f!(x: get_lseg, y: get_lseg => b(fp_ge(lseg_length(&x), lseg_length(&y)))),
        ),
        proc(
            1487,
            "lseg_length",
            &[S],
            F8,
            f!(x: get_lseg => fl(lseg_length(&x))),
        ),
        proc(
            1530,
            "length",
            &[S],
            F8,
            f!(x: get_lseg => fl(lseg_length(&x))),
        ),
        proc(
            1532,
            "point",
            &[S],
            P,
            f!(x: get_lseg => pt(lseg_center(&x))),
        ),
        proc(
            225,
            "lseg_center",
            &[S],
            P,
            f!(x: get_lseg => pt(lseg_center(&x))),
        ),
        proc(
            362,
            "lseg_interpt",
            &[S, S],
            P,
            f!(x: get_lseg, y: get_lseg => opt_pt(lseg_interpt(&x, &y))),
        ),
        proc(
            1408,
            "isparallel",
            &[S, S],
            BO,
            f!(x: get_lseg, y: get_lseg => b(lseg_parallel(&x, &y))),
        ),
        proc(
            1409,
            "isperp",
            &[S, S],
            BO,
            f!(x: get_lseg, y: get_lseg => b(lseg_perp(&x, &y))),
        ),
        proc(
            1410,
            "isvertical",
            &[S],
            BO,
            f!(x: get_lseg => b(fp_eq(x.p[0].x, x.p[1].x))),
        ),
        proc(
            1411,
            "ishorizontal",
            &[S],
            BO,
            f!(x: get_lseg => b(fp_eq(x.p[0].y, x.p[1].y))),
        ),
        // line
        proc(
            1492,
            "line_eq",
            &[L, L],
            BO,
            f!(x: get_line, y: get_line => b(line_eq(&x, &y))),
        ),
        proc(
            1493,
            "line",
            &[P, P],
            L,
            f!(x: get_point, y: get_point => line_datum(line_construct_pts(&x, &y))),
        ),
        proc(
            1494,
            "line_interpt",
            &[L, L],
            P,
            f!(x: get_line, y: get_line => opt_pt(line_interpt(&x, &y))),
        ),
        proc(
            1495,
            "line_intersect",
            &[L, L],
            BO,
            f!(x: get_line, y: get_line => b(!line_parallel(&x, &y))),
        ),
        proc(
            1496,
            "line_parallel",
            &[L, L],
            BO,
            f!(x: get_line, y: get_line => b(line_parallel(&x, &y))),
        ),
        proc(
            1497,
            "line_perp",
            &[L, L],
            BO,
            f!(x: get_line, y: get_line => b(line_perp(&x, &y))),
        ),
        proc(
            1498,
            "line_vertical",
            &[L],
            BO,
            f!(x: get_line => b(fp_zero(x.b))),
        ),
        proc(
            1499,
            "line_horizontal",
            &[L],
            BO,
            f!(x: get_line => b(fp_zero(x.a))),
        ),
        proc(
            1412,
            "isparallel",
            &[L, L],
            BO,
            f!(x: get_line, y: get_line => b(line_parallel(&x, &y))),
        ),
        proc(
            1413,
            "isperp",
            &[L, L],
            BO,
            f!(x: get_line, y: get_line => b(line_perp(&x, &y))),
        ),
        proc(
            1414,
            "isvertical",
            &[L],
            BO,
            f!(x: get_line => b(fp_zero(x.b))),
        ),
        proc(
            1415,
            "ishorizontal",
            &[L],
            BO,
            f!(x: get_line => b(fp_zero(x.a))),
        ),
        // path
        proc(
            982,
            "path_n_lt",
            &[PA, PA],
            BO,
            f!(x: path_ref, y: path_ref => b(x.p.len() < y.p.len())),
        ),
        proc(
            983,
            "path_n_gt",
            &[PA, PA],
            BO,
            f!(x: path_ref, y: path_ref => b(x.p.len() > y.p.len())),
        ),
        proc(
            984,
            "path_n_eq",
            &[PA, PA],
            BO,
            f!(x: path_ref, y: path_ref => b(x.p.len() == y.p.len())),
        ),
        proc(
            985,
            "path_n_le",
            &[PA, PA],
            BO,
            f!(x: path_ref, y: path_ref => b(x.p.len() <= y.p.len())),
        ),
        proc(
            986,
            "path_n_ge",
            &[PA, PA],
            BO,
            f!(x: path_ref, y: path_ref => b(x.p.len() >= y.p.len())),
        ),
        proc(
            987,
            "path_length",
            &[PA],
            F8,
            f!(x: path_ref => fl(path_length(&x))),
        ),
        proc(
            1531,
            "length",
            &[PA],
            F8,
            f!(x: path_ref => fl(path_length(&x))),
        ),
        proc(
            979,
            "area",
            &[PA],
            F8,
            f!(x: path_ref => path_area(&x).map(fl).unwrap_or(Datum::Null)),
        ),
        proc(
            973,
            "path_inter",
            &[PA, PA],
            BO,
            f!(x: path_ref, y: path_ref => b(path_inter(&x, &y))),
        ),
        proc(1430, "isclosed", &[PA], BO, f!(x: path_ref => b(x.closed))),
        proc(1431, "isopen", &[PA], BO, f!(x: path_ref => b(!x.closed))),
        proc(
            1432,
            "path_npoints",
            &[PA],
            I4,
            f!(x: path_ref => Datum::Int4(x.p.len() as i32)),
        ),
        proc(
            1545,
            "npoints",
            &[PA],
            I4,
            f!(x: path_ref => Datum::Int4(x.p.len() as i32)),
        ),
        proc(
            1433,
            "pclose",
            &[PA],
            PA,
            f!(x: path_ref => pa(Path { closed: true, p: x.p })),
        ),
        proc(
            1434,
            "popen",
            &[PA],
            PA,
            f!(x: path_ref => pa(Path { closed: false, p: x.p })),
        ),
        proc(
            1435,
            "path_add",
            &[PA, PA],
            PA,
            f!(x: path_ref, y: path_ref => {
                if x.closed || y.closed {
                    Datum::Null
                } else {
                    let mut p = x.p;
                    p.extend(y.p);
                    pa(Path { closed: false, p })
                }
            }),
        ),
        proc(
            1436,
            "path_add_pt",
            &[PA, P],
            PA,
            f!(x: path_ref, q: get_point => pa(map_path(x, |r| point_add(r, &q)))),
        ),
        proc(
            1437,
            "path_sub_pt",
            &[PA, P],
            PA,
            f!(x: path_ref, q: get_point => pa(map_path(x, |r| point_sub(r, &q)))),
        ),
        proc(
            1438,
            "path_mul_pt",
            &[PA, P],
            PA,
            f!(x: path_ref, q: get_point => pa(map_path(x, |r| point_mul(r, &q)))),
        ),
        proc(
            1439,
            "path_div_pt",
            &[PA, P],
            PA,
            fr!(x: path_ref, q: get_point => {
                let mut p = Vec::with_capacity(x.p.len());
                for r in &x.p {
                    p.push(point_div(r, &q)?);
                }
                Ok(pa(Path { closed: x.closed, p }))
            }),
        ),
        proc(226, "path_center", &[PA], P, |_, _| {
            Err(not_impl("path_center"))
        }),
        proc(1533, "point", &[PA], P, |_, _| Err(not_impl("path_center"))),
        proc(
            1449,
            "polygon",
            &[PA],
            PO,
            fr!(x: path_ref => {
                if !x.closed {
                    return Err(pg_err!(INVALID_PARAMETER_VALUE, "open path cannot be converted to polygon"));
                }
                Ok(po(Polygon::new(x.p)?))
            }),
        ),
        // polygon
        proc(
            339,
            "poly_same",
            &[PO, PO],
            BO,
            f!(x: poly_ref, y: poly_ref => b(plist_same(&x.p, &y.p))),
        ),
        proc(
            340,
            "poly_contain",
            &[PO, PO],
            BO,
            fr!(x: poly_ref, y: poly_ref => Ok(b(poly_contain(&x, &y)?))),
        ),
        proc(
            345,
            "poly_contained",
            &[PO, PO],
            BO,
            fr!(x: poly_ref, y: poly_ref => Ok(b(poly_contain(&y, &x)?))),
        ),
        proc(
            341,
            "poly_left",
            &[PO, PO],
            BO,
            f!(x: poly_ref, y: poly_ref => b(x.boundbox.high.x < y.boundbox.low.x)),
        ),
        proc(
            342,
            "poly_overleft",
            &[PO, PO],
            BO,
            f!(x: poly_ref, y: poly_ref => b(x.boundbox.high.x <= y.boundbox.high.x)),
        ),
        proc(
            343,
            "poly_overright",
            &[PO, PO],
            BO,
            f!(x: poly_ref, y: poly_ref => b(x.boundbox.low.x >= y.boundbox.low.x)),
        ),
        proc(
            344,
            "poly_right",
            &[PO, PO],
            BO,
            f!(x: poly_ref, y: poly_ref => b(x.boundbox.low.x > y.boundbox.high.x)),
        ),
        proc(
            2566,
            "poly_below",
            &[PO, PO],
            BO,
            f!(x: poly_ref, y: poly_ref => b(x.boundbox.high.y < y.boundbox.low.y)),
        ),
        proc(
            2567,
            "poly_overbelow",
            &[PO, PO],
            BO,
            f!(x: poly_ref, y: poly_ref => b(x.boundbox.high.y <= y.boundbox.high.y)),
        ),
        proc(
            2568,
            "poly_overabove",
            &[PO, PO],
            BO,
            f!(x: poly_ref, y: poly_ref => b(x.boundbox.low.y >= y.boundbox.low.y)),
        ),
        proc(
            2569,
            "poly_above",
            &[PO, PO],
            BO,
            f!(x: poly_ref, y: poly_ref => b(x.boundbox.low.y > y.boundbox.high.y)),
        ),
        proc(
            346,
            "poly_overlap",
            &[PO, PO],
            BO,
            f!(x: poly_ref, y: poly_ref => b(poly_overlap(&x, &y))),
        ),
        proc(
            1445,
            "poly_npoints",
            &[PO],
            I4,
            f!(x: poly_ref => Datum::Int4(x.p.len() as i32)),
        ),
        proc(
            1556,
            "npoints",
            &[PO],
            I4,
            f!(x: poly_ref => Datum::Int4(x.p.len() as i32)),
        ),
        proc(
            227,
            "poly_center",
            &[PO],
            P,
            fr!(x: poly_ref => Ok(pt(poly_circle(&x)?.center))),
        ),
        proc(
            1540,
            "point",
            &[PO],
            P,
            fr!(x: poly_ref => Ok(pt(poly_circle(&x)?.center))),
        ),
        proc(
            1446,
            "box",
            &[PO],
            B,
            f!(x: poly_ref => if x.p.is_empty() { Datum::Null } else { bx(x.boundbox) }),
        ),
        proc(
            1447,
            "path",
            &[PO],
            PA,
            f!(x: poly_ref => pa(Path { closed: true, p: x.p })),
        ),
        proc(
            1474,
            "circle",
            &[PO],
            C,
            fr!(x: poly_ref => Ok(ci(poly_circle(&x)?))),
        ),
        // circle
        proc(
            1452,
            "circle_same",
            &[C, C],
            BO,
            f!(x: get_circle, y: get_circle => b(fp_eq(x.radius, y.radius) && fp_eq(x.center.x, y.center.x) && fp_eq(x.center.y, y.center.y))),
        ),
        proc(
            1453,
            "circle_contain",
            &[C, C],
            BO,
            f!(x: get_circle, y: get_circle => b(fp_le(point_dt(&x.center, &y.center) + y.radius, x.radius))),
        ),
        proc(
            1458,
            "circle_contained",
            &[C, C],
            BO,
            f!(x: get_circle, y: get_circle => b(fp_le(point_dt(&x.center, &y.center) + x.radius, y.radius))),
        ),
        proc(
            1454,
            "circle_left",
            &[C, C],
            BO,
            f!(x: get_circle, y: get_circle => b(fp_lt(x.center.x + x.radius, y.center.x - y.radius))),
        ),
        proc(
            1455,
            "circle_overleft",
            &[C, C],
            BO,
            f!(x: get_circle, y: get_circle => b(fp_le(x.center.x + x.radius, y.center.x + y.radius))),
        ),
        proc(
            1456,
            "circle_overright",
            &[C, C],
            BO,
            f!(x: get_circle, y: get_circle => b(fp_ge(x.center.x - x.radius, y.center.x - y.radius))),
        ),
        proc(
            1457,
            "circle_right",
            &[C, C],
            BO,
            f!(x: get_circle, y: get_circle => b(fp_gt(x.center.x - x.radius, y.center.x + y.radius))),
        ),
        proc(
            1459,
            "circle_overlap",
            &[C, C],
            BO,
            f!(x: get_circle, y: get_circle => b(fp_le(point_dt(&x.center, &y.center), x.radius + y.radius))),
        ),
        proc(
            1460,
            "circle_below",
            &[C, C],
            BO,
            f!(x: get_circle, y: get_circle => b(fp_lt(x.center.y + x.radius, y.center.y - y.radius))),
        ),
        proc(
            1461,
            "circle_above",
            &[C, C],
            BO,
            f!(x: get_circle, y: get_circle => b(fp_gt(x.center.y - x.radius, y.center.y + y.radius))),
        ),
        proc(
            2587,
            "circle_overbelow",
            &[C, C],
            BO,
            f!(x: get_circle, y: get_circle => b(fp_le(x.center.y + x.radius, y.center.y + y.radius))),
        ),
        proc(
            2588,
            "circle_overabove",
            &[C, C],
            BO,
            f!(x: get_circle, y: get_circle => b(fp_ge(x.center.y - x.radius, y.center.y - y.radius))),
        ),
        proc(
            1462,
            "circle_eq",
            &[C, C],
            BO,
            f!(x: get_circle, y: get_circle => b(fp_eq(circle_area(&x), circle_area(&y)))),
        ),
        proc(
            1463,
            "circle_ne",
            &[C, C],
            BO,
            f!(x: get_circle, y: get_circle => b(fp_ne(circle_area(&x), circle_area(&y)))),
        ),
        proc(
            1464,
            "circle_lt",
            &[C, C],
            BO,
            f!(x: get_circle, y: get_circle => b(fp_lt(circle_area(&x), circle_area(&y)))),
        ),
        proc(
            1465,
            "circle_gt",
            &[C, C],
            BO,
            f!(x: get_circle, y: get_circle => b(fp_gt(circle_area(&x), circle_area(&y)))),
        ),
        proc(
            1466,
            "circle_le",
            &[C, C],
            BO,
            f!(x: get_circle, y: get_circle => b(fp_le(circle_area(&x), circle_area(&y)))),
        ),
        proc(
            1467,
            "circle_ge",
            &[C, C],
            BO,
            f!(x: get_circle, y: get_circle => b(fp_ge(circle_area(&x), circle_area(&y)))),
        ),
        proc(
            1468,
            "area",
            &[C],
            F8,
            f!(x: get_circle => fl(circle_area(&x))),
        ),
        proc(
            1469,
            "diameter",
            &[C],
            F8,
            f!(x: get_circle => fl(2.0 * x.radius)),
        ),
        proc(1470, "radius", &[C], F8, f!(x: get_circle => fl(x.radius))),
        proc(
            1472,
            "circle_center",
            &[C],
            P,
            f!(x: get_circle => pt(x.center)),
        ),
        proc(1543, "center", &[C], P, f!(x: get_circle => pt(x.center))),
        proc(1416, "point", &[C], P, f!(x: get_circle => pt(x.center))),
        proc(
            1473,
            "circle",
            &[P, F8],
            C,
            f!(x: get_point, r: f8 => ci(Circle { center: x, radius: r })),
        ),
        proc(
            1475,
            "polygon",
            &[I4, C],
            PO,
            fr!(n: i4, x: get_circle => Ok(po(circle_poly(n, &x)?))),
        ),
        proc(
            1544,
            "polygon",
            &[C],
            PO,
            fr!(x: get_circle => Ok(po(circle_poly(12, &x)?))),
        ),
        proc(
            1480,
            "box",
            &[C],
            B,
            f!(x: get_circle => bx(circle_box(&x))),
        ),
        proc(
            1146,
            "circle_add_pt",
            &[C, P],
            C,
            f!(x: get_circle, q: get_point => ci(Circle { center: point_add(&x.center, &q), radius: x.radius })),
        ),
        proc(
            1147,
            "circle_sub_pt",
            &[C, P],
            C,
            f!(x: get_circle, q: get_point => ci(Circle { center: point_sub(&x.center, &q), radius: x.radius })),
        ),
        proc(
            1148,
            "circle_mul_pt",
            &[C, P],
            C,
            f!(x: get_circle, q: get_point => ci(Circle { center: point_mul(&x.center, &q), radius: x.radius * hypot(q.x, q.y) })),
        ),
        proc(
            1149,
            "circle_div_pt",
            &[C, P],
            C,
            fr!(x: get_circle, q: get_point => Ok(ci(Circle { center: point_div(&x.center, &q)?, radius: x.radius / hypot(q.x, q.y) }))),
        ),
    ];
    v.extend(recv_send_procs());
    v
}

fn lseg_eq_ne(a: &Lseg, b: &Lseg) -> bool {
    !(fp_ne(a.p[0].x, b.p[0].x)
        || fp_ne(a.p[0].y, b.p[0].y)
        || fp_ne(a.p[1].x, b.p[1].x)
        || fp_ne(a.p[1].y, b.p[1].y))
}

fn map_path(x: Path, f: impl Fn(&Point) -> Point) -> Path {
    Path {
        closed: x.closed,
        p: x.p.iter().map(f).collect(),
    }
}

fn io_recv(a: &[Datum], cx: &FuncCtx) -> PgResult<Datum> {
    let bytes = match arg(a, 0)? {
        Datum::Bytea(b) => b.as_slice(),
        _ => return Err(PgError::internal("expected an internal argument")),
    };
    match super::receive(cx.result_type, -1, bytes, cx.env) {
        Some(r) => r,
        None => Err(PgError::internal("not a geometric type")),
    }
}

fn io_send(a: &[Datum], cx: &FuncCtx) -> PgResult<Datum> {
    let t = cx.arg_types.first().copied().unwrap_or(0);
    let mut out = Vec::new();
    super::send(t, arg(a, 0)?, cx.env, &mut out)?;
    Ok(Datum::Bytea(out))
}

fn recv_send_procs() -> Vec<ProcDef> {
    let rows: [(Oid, Oid, &'static str, Oid, &'static str); 7] = [
        (P, 2428, "point_recv", 2429, "point_send"),
        (S, 2480, "lseg_recv", 2481, "lseg_send"),
        (PA, 2482, "path_recv", 2483, "path_send"),
        (B, 2484, "box_recv", 2485, "box_send"),
        (PO, 2486, "poly_recv", 2487, "poly_send"),
        (L, 2488, "line_recv", 2489, "line_send"),
        (C, 2490, "circle_recv", 2491, "circle_send"),
    ];
    let mut v = Vec::new();
    for (t, roid, rname, soid, sname) in rows {
        let sargs: &'static [Oid] = match t {
            P => &[P],
            S => &[S],
            PA => &[PA],
            B => &[B],
            PO => &[PO],
            L => &[L],
            _ => &[C],
        };
        v.push(proc(roid, rname, &[INTERNAL], t, io_recv));
        v.push(proc(soid, sname, sargs, BYTEA, io_send));
    }
    v
}

/// (oid, name, left, right, result, proc, commutator, negator)
type OperRow = (Oid, &'static str, Oid, Oid, Oid, Oid, Oid, Oid);

pub fn opers() -> Vec<OperDef> {
    #[rustfmt::skip]
    let rows: &[OperRow] = &[
        // polygon
        (485, "<<", PO, PO, BO, 341, 0, 0),
        (486, "&<", PO, PO, BO, 342, 0, 0),
        (487, "&>", PO, PO, BO, 343, 0, 0),
        (488, ">>", PO, PO, BO, 344, 0, 0),
        (489, "<@", PO, PO, BO, 345, 490, 0),
        (490, "@>", PO, PO, BO, 340, 489, 0),
        (491, "~=", PO, PO, BO, 339, 491, 0),
        (492, "&&", PO, PO, BO, 346, 492, 0),
        (2574, "<<|", PO, PO, BO, 2566, 0, 0),
        (2575, "&<|", PO, PO, BO, 2567, 0, 0),
        (2576, "|&>", PO, PO, BO, 2568, 0, 0),
        (2577, "|>>", PO, PO, BO, 2569, 0, 0),
        (2860, "@", PO, PO, BO, 345, 2861, 0),
        (2861, "~", PO, PO, BO, 340, 2860, 0),
        (971, "@@", 0, PO, P, 227, 0, 0),
        (1521, "#", 0, PO, I4, 1445, 0, 0),
        (712, "<->", PO, PO, F8, 729, 712, 0),
        // box
        (493, "<<", B, B, BO, 188, 0, 0),
        (494, "&<", B, B, BO, 189, 0, 0),
        (495, "&>", B, B, BO, 190, 0, 0),
        (496, ">>", B, B, BO, 191, 0, 0),
        (497, "<@", B, B, BO, 192, 498, 0),
        (498, "@>", B, B, BO, 187, 497, 0),
        (499, "~=", B, B, BO, 186, 499, 0),
        (500, "&&", B, B, BO, 125, 500, 0),
        (501, ">=", B, B, BO, 126, 505, 504),
        (502, ">", B, B, BO, 127, 504, 505),
        (503, "=", B, B, BO, 128, 503, 0),
        (504, "<", B, B, BO, 129, 502, 501),
        (505, "<=", B, B, BO, 130, 501, 502),
        (800, ">^", B, B, BO, 115, 0, 0),
        (801, "<^", B, B, BO, 116, 0, 0),
        (802, "?#", B, B, BO, 125, 0, 0),
        (803, "#", B, B, B, 980, 0, 0),
        (804, "+", B, P, B, 1422, 0, 0),
        (805, "-", B, P, B, 1423, 0, 0),
        (806, "*", B, P, B, 1424, 0, 0),
        (807, "/", B, P, B, 1425, 0, 0),
        (2570, "<<|", B, B, BO, 2562, 0, 0),
        (2571, "&<|", B, B, BO, 2563, 0, 0),
        (2572, "|&>", B, B, BO, 2564, 0, 0),
        (2573, "|>>", B, B, BO, 2565, 0, 0),
        (2862, "@", B, B, BO, 192, 2863, 0),
        (2863, "~", B, B, BO, 187, 2862, 0),
        (513, "@@", 0, B, P, 138, 0, 0),
        (706, "<->", B, B, F8, 978, 706, 0),
        // point
        (506, ">^", P, P, BO, 131, 0, 0),
        (507, "<<", P, P, BO, 132, 0, 0),
        (508, ">>", P, P, BO, 133, 0, 0),
        (509, "<^", P, P, BO, 134, 0, 0),
        (510, "~=", P, P, BO, 135, 510, 713),
        (713, "<>", P, P, BO, 988, 713, 510),
        (511, "<@", P, B, BO, 136, 433, 0),
        (433, "@>", B, P, BO, 193, 511, 0),
        (512, "<@", P, PA, BO, 137, 755, 0),
        (755, "@>", PA, P, BO, 1426, 512, 0),
        (756, "<@", P, PO, BO, 1429, 757, 0),
        (757, "@>", PO, P, BO, 1428, 756, 0),
        (758, "<@", P, C, BO, 1478, 759, 0),
        (759, "@>", C, P, BO, 1477, 758, 0),
        (517, "<->", P, P, F8, 991, 517, 0),
        (731, "+", P, P, P, 1441, 731, 0),
        (732, "-", P, P, P, 1442, 0, 0),
        (733, "*", P, P, P, 1443, 733, 0),
        (734, "/", P, P, P, 1444, 0, 0),
        (808, "?-", P, P, BO, 990, 808, 0),
        (809, "?|", P, P, BO, 989, 809, 0),
        (2866, "@", P, B, BO, 136, 0, 0),
        (2867, "@", P, PA, BO, 137, 2868, 0),
        (2868, "~", PA, P, BO, 1426, 2867, 0),
        (2869, "@", P, PO, BO, 1429, 2870, 0),
        (2870, "~", PO, P, BO, 1428, 2869, 0),
        (2871, "@", P, C, BO, 1478, 2872, 0),
        (2872, "~", C, P, BO, 1477, 2871, 0),
        (2873, "@", P, L, BO, 959, 0, 0),
        (2874, "@", P, S, BO, 369, 0, 0),
        (2875, "@", S, L, BO, 960, 0, 0),
        (2876, "@", S, B, BO, 372, 0, 0),
        // distances
        (613, "<->", P, L, F8, 725, 0, 0),
        (614, "<->", P, S, F8, 363, 0, 0),
        (615, "<->", P, B, F8, 364, 0, 0),
        (616, "<->", S, L, F8, 727, 0, 0),
        (617, "<->", S, B, F8, 365, 0, 0),
        (618, "<->", P, PA, F8, 371, 0, 0),
        (707, "<->", PA, PA, F8, 370, 707, 0),
        (708, "<->", L, L, F8, 239, 708, 0),
        (709, "<->", S, S, F8, 361, 709, 0),
        (1520, "<->", C, C, F8, 1471, 1520, 0),
        (1522, "<->", P, C, F8, 1476, 3291, 0),
        (3291, "<->", C, P, F8, 3290, 1522, 0),
        (3276, "<->", P, PO, F8, 3275, 3289, 0),
        (3289, "<->", PO, P, F8, 3292, 3276, 0),
        (1523, "<->", C, PO, F8, 728, 0, 0),
        (1524, "<->", L, B, F8, 726, 0, 0),
        // path
        (735, "+", PA, PA, PA, 1435, 735, 0),
        (736, "+", PA, P, PA, 1436, 0, 0),
        (737, "-", PA, P, PA, 1437, 0, 0),
        (738, "*", PA, P, PA, 1438, 0, 0),
        (739, "/", PA, P, PA, 1439, 0, 0),
        (792, "=", PA, PA, BO, 984, 792, 0),
        (793, "<", PA, PA, BO, 982, 794, 0),
        (794, ">", PA, PA, BO, 983, 793, 0),
        (795, "<=", PA, PA, BO, 985, 796, 0),
        (796, ">=", PA, PA, BO, 986, 795, 0),
        (797, "#", 0, PA, I4, 1432, 0, 0),
        (798, "?#", PA, PA, BO, 973, 0, 0),
        (799, "@-@", 0, PA, F8, 987, 0, 0),
        (970, "@@", 0, PA, P, 226, 0, 0),
        // lseg
        (969, "@@", 0, S, P, 225, 0, 0),
        (1525, "?#", S, S, BO, 994, 1525, 0),
        (1526, "?||", S, S, BO, 995, 1526, 0),
        (1527, "?-|", S, S, BO, 996, 1527, 0),
        (1528, "?-", 0, S, BO, 998, 0, 0),
        (1529, "?|", 0, S, BO, 997, 0, 0),
        (1535, "=", S, S, BO, 999, 1535, 1586),
        (1586, "<>", S, S, BO, 1482, 1586, 1535),
        (1587, "<", S, S, BO, 1483, 1589, 1590),
        (1588, "<=", S, S, BO, 1484, 1590, 1589),
        (1589, ">", S, S, BO, 1485, 1587, 1588),
        (1590, ">=", S, S, BO, 1486, 1588, 1587),
        (1536, "#", S, S, P, 362, 1536, 0),
        (1537, "?#", S, L, BO, 277, 0, 0),
        (1538, "?#", S, B, BO, 373, 0, 0),
        (1539, "?#", L, B, BO, 278, 0, 0),
        (1546, "<@", P, L, BO, 959, 0, 0),
        (1547, "<@", P, S, BO, 369, 0, 0),
        (1548, "<@", S, L, BO, 960, 0, 0),
        (1549, "<@", S, B, BO, 372, 0, 0),
        (1557, "##", P, L, P, 961, 0, 0),
        (1558, "##", P, S, P, 366, 0, 0),
        (1559, "##", P, B, P, 367, 0, 0),
        (1566, "##", S, L, P, 962, 0, 0),
        (1567, "##", S, B, P, 368, 0, 0),
        (1568, "##", L, B, P, 963, 0, 0),
        (1577, "##", L, S, P, 1488, 0, 0),
        (1578, "##", S, S, P, 1489, 0, 0),
        (1591, "@-@", 0, S, F8, 1487, 0, 0),
        // line
        (1611, "?#", L, L, BO, 1495, 1611, 0),
        (1612, "?||", L, L, BO, 1496, 1612, 0),
        (1613, "?-|", L, L, BO, 1497, 1613, 0),
        (1614, "?-", 0, L, BO, 1499, 0, 0),
        (1615, "?|", 0, L, BO, 1498, 0, 0),
        (1616, "=", L, L, BO, 1492, 1616, 0),
        (1617, "#", L, L, P, 1494, 1617, 0),
        // circle
        (1420, "@@", 0, C, P, 1472, 0, 0),
        (1500, "=", C, C, BO, 1462, 1500, 1501),
        (1501, "<>", C, C, BO, 1463, 1501, 1500),
        (1502, "<", C, C, BO, 1464, 1503, 1505),
        (1503, ">", C, C, BO, 1465, 1502, 1504),
        (1504, "<=", C, C, BO, 1466, 1505, 1503),
        (1505, ">=", C, C, BO, 1467, 1504, 1502),
        (1506, "<<", C, C, BO, 1454, 0, 0),
        (1507, "&<", C, C, BO, 1455, 0, 0),
        (1508, "&>", C, C, BO, 1456, 0, 0),
        (1509, ">>", C, C, BO, 1457, 0, 0),
        (1510, "<@", C, C, BO, 1458, 1511, 0),
        (1511, "@>", C, C, BO, 1453, 1510, 0),
        (1512, "~=", C, C, BO, 1452, 1512, 0),
        (1513, "&&", C, C, BO, 1459, 1513, 0),
        (1514, "|>>", C, C, BO, 1461, 0, 0),
        (1515, "<<|", C, C, BO, 1460, 0, 0),
        (2589, "&<|", C, C, BO, 2587, 0, 0),
        (2590, "|&>", C, C, BO, 2588, 0, 0),
        (2864, "@", C, C, BO, 1458, 2865, 0),
        (2865, "~", C, C, BO, 1453, 2864, 0),
        (1516, "+", C, P, C, 1146, 0, 0),
        (1517, "-", C, P, C, 1147, 0, 0),
        (1518, "*", C, P, C, 1148, 0, 0),
        (1519, "/", C, P, C, 1149, 0, 0),
    ];
    rows.iter()
        .map(
            |&(oid, name, left, right, result, proc_oid, commutator, negator)| OperDef {
                oid,
                name,
                left,
                right,
                result,
                proc_oid,
                commutator,
                negator,
            },
        )
        .collect()
}

pub fn casts() -> Vec<CastDef> {
    let c = |source, target, func_oid, context| CastDef {
        source,
        target,
        func_oid,
        context,
        method: b'f',
    };
    vec![
        c(P, B, 4091, b'a'),
        c(S, P, 1532, b'e'),
        c(PA, P, 1533, b'e'),
        c(PA, PO, 1449, b'a'),
        c(B, P, 1534, b'e'),
        c(B, S, 1541, b'e'),
        c(B, PO, 1448, b'a'),
        c(B, C, 1479, b'e'),
        c(PO, P, 1540, b'e'),
        c(PO, PA, 1447, b'a'),
        c(PO, B, 1446, b'e'),
        c(PO, C, 1474, b'e'),
        c(C, P, 1416, b'e'),
        c(C, B, 1480, b'e'),
        c(C, PO, 1544, b'e'),
    ]
}
