//! Selectivity estimation from ANALYZE statistics (pg_statistic, loaded as
//! `catalog::stats::ColumnStats`), following PostgreSQL 10's selfuncs.c: eqsel/neqsel
//! (most common values, then n_distinct for the rest), scalarltsel/scalargtsel (MCVs plus
//! histogram interpolation), nulltestsel, estimate_num_groups (GROUP BY / DISTINCT group
//! counts) and eqjoinsel (inner equi-join selectivity, MCV matching). Pure functions; the cost
//! model calls them.
//!
//! Entry points:
//! - [`restriction_selectivity`]: `col OP const` / `col IS [NOT] NULL` on one table.
//! - [`estimate_num_groups`]: number of distinct groups of some columns of one table.
//! - [`eqjoin_selectivity`]: `a.x = b.y`.
//!
//! Each takes the column's statistics (None when the table was never analyzed) and the
//! table's row count (pg_class.reltuples, or the planner's own estimate).

use catalog::stats::ColumnStats;
use std::cmp::Ordering;
use types::Datum;

/// Default selectivity of `col = const` without statistics (DEFAULT_EQ_SEL).
pub const DEFAULT_EQ_SEL: f64 = 0.005;
/// Default selectivity of an inequality without statistics (DEFAULT_INEQ_SEL).
pub const DEFAULT_INEQ_SEL: f64 = 0.333_333_333_333_333_3;
/// Default number of distinct values (DEFAULT_NUM_DISTINCT).
pub const DEFAULT_NUM_DISTINCT: f64 = 200.0;
/// IS NULL / IS NOT NULL without statistics.
pub const DEFAULT_UNK_SEL: f64 = 0.005;
pub const DEFAULT_NOT_UNK_SEL: f64 = 1.0 - DEFAULT_UNK_SEL;

/// A comparison operator between a column and a constant (column on the left; callers
/// commute `const OP col` first).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// A restriction clause on one column.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Restriction<'a> {
    /// `col OP constant` (a NULL constant selects nothing).
    Cmp(CmpOp, &'a Datum),
    IsNull,
    IsNotNull,
}

fn clamp_prob(p: f64) -> f64 {
    if p.is_nan() {
        0.0
    } else {
        p.clamp(0.0, 1.0)
    }
}

fn clamp_row_est(n: f64) -> f64 {
    if n <= 1.0 {
        1.0
    } else {
        n.round()
    }
}

/// Orders a statistics value against a constant or another column's value. Values of one
/// type family may arrive as different datum variants (an int4 constant relabelled as oid by
/// a binary-coercible cast, an int4 constant compared with an int2 column through a
/// cross-type operator), so numeric-like values are compared by number.
fn compare_values(a: &Datum, b: &Datum) -> Ordering {
    if std::mem::discriminant(a) != std::mem::discriminant(b) {
        if let (Some(x), Some(y)) = (as_number(a), as_number(b)) {
            return x.partial_cmp(&y).unwrap_or(Ordering::Equal);
        }
    }
    types::compare::compare(a, b)
}

/// The value of a numeric-like datum (integers, oid, floats, numeric).
fn as_number(d: &Datum) -> Option<f64> {
    Some(match d {
        Datum::Int2(v) => *v as f64,
        Datum::Int4(v) => *v as f64,
        Datum::Int8(v) => *v as f64,
        Datum::Oid(v) => *v as f64,
        Datum::Float4(v) => *v as f64,
        Datum::Float8(v) => *v,
        Datum::Numeric(n) => types::numeric::to_f64(n),
        _ => return None,
    })
}

/// get_variable_numdistinct: the column's number of distinct values and whether it is a
/// default guess.
pub fn num_distinct(stats: Option<&ColumnStats>, reltuples: f64) -> (f64, bool) {
    let stadistinct = stats.map_or(0.0, |s| s.n_distinct);
    if stadistinct > 0.0 {
        return (clamp_row_est(stadistinct), false);
    }
    if reltuples <= 0.0 {
        return (DEFAULT_NUM_DISTINCT, true);
    }
    if stadistinct < 0.0 {
        return (clamp_row_est(-stadistinct * reltuples), false);
    }
    if reltuples < DEFAULT_NUM_DISTINCT {
        return (clamp_row_est(reltuples), false);
    }
    (DEFAULT_NUM_DISTINCT, true)
}

/// Selectivity of a restriction on one column: the fraction of the table's rows it keeps.
pub fn restriction_selectivity(
    stats: Option<&ColumnStats>,
    clause: Restriction,
    reltuples: f64,
) -> f64 {
    match clause {
        Restriction::IsNull => stats.map_or(DEFAULT_UNK_SEL, |s| clamp_prob(s.null_frac)),
        Restriction::IsNotNull => {
            stats.map_or(DEFAULT_NOT_UNK_SEL, |s| clamp_prob(1.0 - s.null_frac))
        }
        Restriction::Cmp(_, c) if c.is_null() => 0.0,
        Restriction::Cmp(CmpOp::Eq, c) => eqsel(stats, c, reltuples),
        // PostgreSQL 10's neqsel: 1 - eqsel.
        Restriction::Cmp(CmpOp::Ne, c) => clamp_prob(1.0 - eqsel(stats, c, reltuples)),
        // scalarltsel serves < and <=, scalargtsel > and >= (PostgreSQL 10).
        Restriction::Cmp(CmpOp::Lt | CmpOp::Le, c) => scalarineqsel(stats, false, c),
        Restriction::Cmp(CmpOp::Gt | CmpOp::Ge, c) => scalarineqsel(stats, true, c),
    }
}

/// var_eq_const: `col = c`.
pub fn eqsel(stats: Option<&ColumnStats>, c: &Datum, reltuples: f64) -> f64 {
    let Some(s) = stats else {
        return clamp_prob(1.0 / num_distinct(None, reltuples).0);
    };
    if let Some(i) = s
        .mcv_values
        .iter()
        .position(|v| compare_values(v, c) == Ordering::Equal)
    {
        return clamp_prob(s.mcv_freqs.get(i).copied().unwrap_or(0.0));
    }
    let sumcommon: f64 = s.mcv_freqs.iter().sum();
    let mut selec = 1.0 - sumcommon - s.null_frac;
    selec = clamp_prob(selec);
    let otherdistinct = num_distinct(stats, reltuples).0 - s.mcv_freqs.len() as f64;
    if otherdistinct > 1.0 {
        selec /= otherdistinct;
    }
    if let Some(min) = s.mcv_freqs.iter().copied().reduce(f64::min) {
        if selec > min {
            selec = min;
        }
    }
    clamp_prob(selec)
}

/// A value's position on a number line, for histogram interpolation (convert_to_scalar).
fn to_scalar(d: &Datum) -> Option<f64> {
    Some(match d {
        Datum::Bool(b) => *b as i32 as f64,
        Datum::Int2(v) => *v as f64,
        Datum::Int4(v) => *v as f64,
        Datum::Int8(v) => *v as f64,
        Datum::Float4(v) => *v as f64,
        Datum::Float8(v) => *v,
        Datum::Oid(v) => *v as f64,
        Datum::Numeric(n) => types::numeric::to_f64(n),
        Datum::Date(v) => *v as f64,
        Datum::Time(v) | Datum::Timestamp(v) | Datum::TimestampTz(v) => *v as f64,
        Datum::TimeTz(t, z) => (*t + *z as i64 * 1_000_000) as f64,
        Datum::Interval(i) => {
            i.micros as f64 + i.days as f64 * 86_400e6 + i.months as f64 * 30.0 * 86_400e6
        }
        Datum::Char(c) => *c as f64,
        _ => return None,
    })
}

/// Strings (and byte strings) as fractions after stripping the common prefix of the bin's
/// bounds (convert_string_to_scalar, simplified to base 256).
fn bytes_of(d: &Datum) -> Option<&[u8]> {
    match d {
        Datum::Text(s) => Some(s.as_bytes()),
        Datum::Bytea(b) => Some(b),
        _ => None,
    }
}

fn string_fraction(b: &[u8]) -> f64 {
    let mut num = 0.0;
    let mut denom = 1.0;
    for &c in b.iter().take(12) {
        denom *= 256.0;
        num += c as f64 / denom;
    }
    num
}

/// Where `val` falls between `lo` and `hi` (0..1), 0.5 when the type gives no measure.
fn bin_fraction(val: &Datum, lo: &Datum, hi: &Datum) -> f64 {
    let (v, l, h) = match (to_scalar(val), to_scalar(lo), to_scalar(hi)) {
        (Some(v), Some(l), Some(h)) => (v, l, h),
        _ => match (bytes_of(val), bytes_of(lo), bytes_of(hi)) {
            (Some(v), Some(l), Some(h)) => {
                let common = l.iter().zip(h).take_while(|(a, b)| a == b).count();
                let cut = |x: &[u8]| {
                    let n = x
                        .iter()
                        .zip(l)
                        .take(common)
                        .take_while(|(a, b)| a == b)
                        .count();
                    if n < common {
                        // Differs inside the common prefix: outside the bin.
                        None
                    } else {
                        Some(string_fraction(&x[common.min(x.len())..]))
                    }
                };
                match (cut(v), cut(l), cut(h)) {
                    (Some(v), Some(l), Some(h)) => (v, l, h),
                    _ => return 0.5,
                }
            }
            _ => return 0.5,
        },
    };
    if h <= l {
        return 0.5;
    }
    if v <= l {
        return 0.0;
    }
    if v >= h {
        return 1.0;
    }
    let f = (v - l) / (h - l);
    if f.is_nan() {
        0.5
    } else {
        f.clamp(0.0, 1.0)
    }
}

/// ineq_histogram_selectivity: the fraction of the histogram's population below (or, with
/// `isgt`, above) `c`; None without a usable histogram.
pub fn histogram_selectivity(hist: &[Datum], isgt: bool, c: &Datum) -> Option<f64> {
    let n = hist.len();
    if n < 2 {
        return None;
    }
    let lt = |v: &Datum| {
        let o = compare_values(v, c);
        if isgt {
            o != Ordering::Greater
        } else {
            o == Ordering::Less
        }
    };
    let (mut lo, mut hi) = (0usize, n);
    while lo < hi {
        let probe = (lo + hi) / 2;
        if lt(&hist[probe]) {
            lo = probe + 1;
        } else {
            hi = probe;
        }
    }
    let histfrac = if lo == 0 {
        0.0
    } else if lo >= n {
        1.0
    } else {
        let binfrac = bin_fraction(c, &hist[lo - 1], &hist[lo]);
        ((lo - 1) as f64 + binfrac) / (n - 1) as f64
    };
    let sel = if isgt { 1.0 - histfrac } else { histfrac };
    // Histogram bounds are approximate: never believe extreme estimates.
    Some(sel.clamp(0.0001, 0.9999))
}

/// scalarineqsel: `col < c` (or `col > c` with `isgt`).
pub fn scalarineqsel(stats: Option<&ColumnStats>, isgt: bool, c: &Datum) -> f64 {
    let Some(s) = stats else {
        return DEFAULT_INEQ_SEL;
    };
    if s.mcv_values.is_empty() && s.histogram.len() < 2 {
        return DEFAULT_INEQ_SEL;
    }
    let mut mcv_selec = 0.0;
    let mut sumcommon = 0.0;
    for (v, f) in s.mcv_values.iter().zip(&s.mcv_freqs) {
        let o = compare_values(v, c);
        let ok = if isgt {
            o == Ordering::Greater
        } else {
            o == Ordering::Less
        };
        if ok {
            mcv_selec += f;
        }
        sumcommon += f;
    }
    let mut selec = 1.0 - s.null_frac - sumcommon;
    match histogram_selectivity(&s.histogram, isgt, c) {
        Some(h) => selec *= h,
        None => selec *= 0.5,
    }
    selec += mcv_selec;
    clamp_prob(selec)
}

/// One GROUP BY column of a table for `estimate_num_groups`.
#[derive(Clone, Copy, Debug)]
pub struct GroupColumn<'a> {
    pub stats: Option<&'a ColumnStats>,
}

/// estimate_num_groups for columns of one table: the product of their distinct counts
/// (each NULL-containing column counts NULL as one more group), clamped to the table's rows;
/// reduced when restrictions keep only `input_rows` of `reltuples` rows; at least 1 and at most
/// `input_rows`.
pub fn estimate_num_groups(cols: &[GroupColumn], reltuples: f64, input_rows: f64) -> f64 {
    if input_rows < 2.0 || cols.is_empty() {
        return 1.0;
    }
    let mut reldistinct = 1.0;
    for c in cols {
        let (mut nd, _) = num_distinct(c.stats, reltuples);
        if c.stats.is_some_and(|s| s.null_frac > 0.0) {
            nd += 1.0;
        }
        reldistinct *= nd;
    }
    if reltuples > 0.0 && reldistinct > reltuples {
        reldistinct = reltuples;
    }
    if reltuples > 0.0 && input_rows < reltuples && reldistinct > 0.0 {
        // Rows removed by restrictions remove groups too (PostgreSQL's formula).
        reldistinct *= 1.0 - ((reltuples - input_rows) / reltuples).powf(reltuples / reldistinct);
    }
    clamp_row_est(reldistinct.min(input_rows))
}

/// eqjoinsel (inner join): selectivity of `a = b` given both columns' statistics and their
/// tables' row counts.
pub fn eqjoin_selectivity(
    stats1: Option<&ColumnStats>,
    reltuples1: f64,
    stats2: Option<&ColumnStats>,
    reltuples2: f64,
) -> f64 {
    let (nd1, _) = num_distinct(stats1, reltuples1);
    let (nd2, _) = num_distinct(stats2, reltuples2);
    let nullfrac1 = stats1.map_or(0.0, |s| s.null_frac);
    let nullfrac2 = stats2.map_or(0.0, |s| s.null_frac);
    let mcv1 = stats1.filter(|s| !s.mcv_values.is_empty());
    let mcv2 = stats2.filter(|s| !s.mcv_values.is_empty());
    let selec = if let (Some(s1), Some(s2)) = (mcv1, mcv2) {
        let n1 = s1.mcv_values.len();
        let n2 = s2.mcv_values.len();
        let mut matched1 = vec![false; n1];
        let mut matched2 = vec![false; n2];
        let mut matchprodfreq = 0.0;
        let mut nmatches = 0usize;
        for (i, v1) in s1.mcv_values.iter().enumerate() {
            for (j, v2) in s2.mcv_values.iter().enumerate() {
                if matched2[j] {
                    continue;
                }
                if compare_values(v1, v2) == Ordering::Equal {
                    matched1[i] = true;
                    matched2[j] = true;
                    matchprodfreq +=
                        s1.mcv_freqs.get(i).unwrap_or(&0.0) * s2.mcv_freqs.get(j).unwrap_or(&0.0);
                    nmatches += 1;
                    break;
                }
            }
        }
        let matchprodfreq = clamp_prob(matchprodfreq);
        let sums = |freqs: &[f64], matched: &[bool]| {
            let mut m = 0.0;
            let mut u = 0.0;
            for (f, ok) in freqs.iter().zip(matched) {
                if *ok {
                    m += f;
                } else {
                    u += f;
                }
            }
            (clamp_prob(m), clamp_prob(u))
        };
        let (matchfreq1, unmatchfreq1) = sums(&s1.mcv_freqs, &matched1);
        let (matchfreq2, unmatchfreq2) = sums(&s2.mcv_freqs, &matched2);
        let otherfreq1 = clamp_prob(1.0 - nullfrac1 - matchfreq1 - unmatchfreq1);
        let otherfreq2 = clamp_prob(1.0 - nullfrac2 - matchfreq2 - unmatchfreq2);
        let mut totalsel1 = matchprodfreq;
        if nd2 > n2 as f64 {
            totalsel1 += unmatchfreq1 * otherfreq2 / (nd2 - n2 as f64);
        }
        if nd2 > nmatches as f64 {
            totalsel1 += otherfreq1 * (otherfreq2 + unmatchfreq2) / (nd2 - nmatches as f64);
        }
        let mut totalsel2 = matchprodfreq;
        if nd1 > n1 as f64 {
            totalsel2 += unmatchfreq2 * otherfreq1 / (nd1 - n1 as f64);
        }
        if nd1 > nmatches as f64 {
            totalsel2 += otherfreq2 * (otherfreq1 + unmatchfreq1) / (nd1 - nmatches as f64);
        }
        totalsel1.min(totalsel2)
    } else {
        let mut s = (1.0 - nullfrac1) * (1.0 - nullfrac2);
        s /= nd1.max(nd2);
        s
    };
    clamp_prob(selec)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uniform_1_1000() -> ColumnStats {
        ColumnStats {
            attnum: 1,
            n_distinct: -1.0,
            avg_width: 4,
            histogram: std::iter::once(1)
                .chain((1..=100).map(|i| i * 10))
                .map(Datum::Int4)
                .collect(),
            correlation: Some(1.0),
            ..ColumnStats::default()
        }
    }

    fn ten_values() -> ColumnStats {
        ColumnStats {
            attnum: 1,
            n_distinct: 10.0,
            mcv_values: (0..10).map(Datum::Int4).collect(),
            mcv_freqs: vec![0.1; 10],
            ..ColumnStats::default()
        }
    }

    fn approx(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-6
    }

    #[test]
    fn eq_without_stats() {
        let c = Datum::Int4(5);
        let s = restriction_selectivity(None, Restriction::Cmp(CmpOp::Eq, &c), 1000.0);
        assert!(approx(s, DEFAULT_EQ_SEL));
        // Small tables: 1/reltuples.
        let s = restriction_selectivity(None, Restriction::Cmp(CmpOp::Eq, &c), 10.0);
        assert!(approx(s, 0.1));
        let s = restriction_selectivity(None, Restriction::Cmp(CmpOp::Lt, &c), 1000.0);
        assert!(approx(s, DEFAULT_INEQ_SEL));
    }

    #[test]
    fn eq_unique_column() {
        let st = uniform_1_1000();
        let c = Datum::Int4(500);
        let s = restriction_selectivity(Some(&st), Restriction::Cmp(CmpOp::Eq, &c), 1000.0);
        assert!(approx(s, 0.001));
        let s = restriction_selectivity(Some(&st), Restriction::Cmp(CmpOp::Ne, &c), 1000.0);
        assert!(approx(s, 0.999));
    }

    #[test]
    fn eq_mcv() {
        let st = ten_values();
        let c = Datum::Int4(3);
        let s = restriction_selectivity(Some(&st), Restriction::Cmp(CmpOp::Eq, &c), 1000.0);
        assert!(approx(s, 0.1));
        // Not among the MCVs (which cover everything): nothing left.
        let c = Datum::Int4(42);
        let s = restriction_selectivity(Some(&st), Restriction::Cmp(CmpOp::Eq, &c), 1000.0);
        assert!(approx(s, 0.0));
    }

    #[test]
    fn range_histogram() {
        let st = uniform_1_1000();
        // PostgreSQL estimates 100 rows for `x < 100` on 1..1000 (histfrac 9.9 / 100).
        let c = Datum::Int4(100);
        let s = restriction_selectivity(Some(&st), Restriction::Cmp(CmpOp::Lt, &c), 1000.0);
        assert!(approx(s, 0.1), "{s}");
        let s = restriction_selectivity(Some(&st), Restriction::Cmp(CmpOp::Gt, &c), 1000.0);
        assert!(approx(s, 0.9), "{s}");
        // 505 falls halfway in the bin [500, 510].
        let c = Datum::Int4(505);
        let s = restriction_selectivity(Some(&st), Restriction::Cmp(CmpOp::Le, &c), 1000.0);
        assert!(approx(s, 0.505), "{s}");
        // Outside the histogram: clamped.
        let c = Datum::Int4(5000);
        let s = restriction_selectivity(Some(&st), Restriction::Cmp(CmpOp::Lt, &c), 1000.0);
        assert!(approx(s, 0.9999), "{s}");
        let s = restriction_selectivity(Some(&st), Restriction::Cmp(CmpOp::Gt, &c), 1000.0);
        assert!(approx(s, 0.0001), "{s}");
    }

    #[test]
    fn range_mcv_only() {
        let st = ten_values();
        let c = Datum::Int4(3);
        let s = restriction_selectivity(Some(&st), Restriction::Cmp(CmpOp::Lt, &c), 1000.0);
        assert!(approx(s, 0.3), "{s}");
        let s = restriction_selectivity(Some(&st), Restriction::Cmp(CmpOp::Gt, &c), 1000.0);
        assert!(approx(s, 0.6), "{s}");
    }

    #[test]
    fn null_tests() {
        let st = ColumnStats {
            null_frac: 0.25,
            ..ColumnStats::default()
        };
        assert!(approx(
            restriction_selectivity(Some(&st), Restriction::IsNull, 100.0),
            0.25
        ));
        assert!(approx(
            restriction_selectivity(Some(&st), Restriction::IsNotNull, 100.0),
            0.75
        ));
        assert!(approx(
            restriction_selectivity(None, Restriction::IsNull, 100.0),
            DEFAULT_UNK_SEL
        ));
        let n = Datum::Null;
        assert_eq!(
            restriction_selectivity(Some(&st), Restriction::Cmp(CmpOp::Eq, &n), 100.0),
            0.0
        );
    }

    #[test]
    fn text_histogram() {
        let st = ColumnStats {
            n_distinct: -1.0,
            histogram: ["a", "c", "e"]
                .iter()
                .map(|s| Datum::Text(s.to_string()))
                .collect(),
            ..ColumnStats::default()
        };
        let c = Datum::Text("b".into());
        let s = restriction_selectivity(Some(&st), Restriction::Cmp(CmpOp::Lt, &c), 100.0);
        assert!(approx(s, 0.25), "{s}");
    }

    #[test]
    fn groups() {
        let u = uniform_1_1000();
        let t = ten_values();
        assert_eq!(
            estimate_num_groups(&[GroupColumn { stats: Some(&t) }], 1000.0, 1000.0),
            10.0
        );
        assert_eq!(
            estimate_num_groups(&[GroupColumn { stats: Some(&u) }], 1000.0, 1000.0),
            1000.0
        );
        // Two columns: product clamped to the table's rows.
        assert_eq!(
            estimate_num_groups(
                &[
                    GroupColumn { stats: Some(&u) },
                    GroupColumn { stats: Some(&t) }
                ],
                1000.0,
                1000.0
            ),
            1000.0
        );
        assert_eq!(
            estimate_num_groups(&[GroupColumn { stats: None }], 10000.0, 10000.0),
            200.0
        );
    }

    #[test]
    fn join() {
        let u = uniform_1_1000();
        // Unique 1..1000 joined to itself: 1/1000.
        let s = eqjoin_selectivity(Some(&u), 1000.0, Some(&u), 1000.0);
        assert!(approx(s, 0.001), "{s}");
        // Both sides fully described by the same MCVs: sum of products = 10 × 0.01.
        let t = ten_values();
        let s = eqjoin_selectivity(Some(&t), 1000.0, Some(&t), 1000.0);
        assert!(approx(s, 0.1), "{s}");
        // No statistics: 1/200.
        let s = eqjoin_selectivity(None, 10000.0, None, 10000.0);
        assert!(approx(s, 0.005), "{s}");
    }

    #[test]
    fn mcv_matches_a_constant_of_another_integer_variant() {
        let stats = ColumnStats {
            mcv_values: vec![Datum::Oid(12)],
            mcv_freqs: vec![1.0],
            n_distinct: 1.0,
            ..Default::default()
        };
        assert_eq!(eqsel(Some(&stats), &Datum::Int4(12), 1000.0), 1.0);
        assert_eq!(eqsel(Some(&stats), &Datum::Int4(13), 1000.0), 0.0);
        let small = ColumnStats {
            mcv_values: vec![Datum::Int2(2), Datum::Int2(1)],
            mcv_freqs: vec![0.6, 0.4],
            n_distinct: 2.0,
            ..Default::default()
        };
        assert_eq!(eqsel(Some(&small), &Datum::Int4(2), 100.0), 0.6);
    }
}
