//! Column statistics (pg_statistic): computing them from an ANALYZE sample the way
//! PostgreSQL 10's analyze.c does (null fraction, average width, Haas-Stokes n_distinct, most
//! common values, histogram bounds excluding the MCVs, physical-order correlation), turning
//! them into pg_statistic rows, and reading them back as `ColumnStats` for the planner's
//! selectivity functions (a small per-relation cache, dropped whenever pg_statistic changes).

use crate::rows::RowBuilder;
use crate::schema;
use crate::{Catalog, CatalogCx};
use common::{Oid, PgError, PgResult};
use types::oids as t;
use types::{Array, Datum};

/// pg_statistic stakind codes.
pub const STATISTIC_KIND_MCV: i16 = 1;
pub const STATISTIC_KIND_HISTOGRAM: i16 = 2;
pub const STATISTIC_KIND_CORRELATION: i16 = 3;

/// Values wider than this (bytes) are left out of the MCV/histogram work (WIDTH_THRESHOLD).
pub const WIDTH_THRESHOLD: usize = 1024;

/// Statistics of one column, as stored in pg_statistic.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ColumnStats {
    pub attnum: i16,
    pub inherited: bool,
    /// Fraction of rows that are NULL.
    pub null_frac: f64,
    /// Average stored width in bytes of the non-NULL values.
    pub avg_width: i32,
    /// Positive: number of distinct values; negative: minus the fraction of rows that are
    /// distinct; zero: unknown.
    pub n_distinct: f64,
    /// Most common values and their frequencies (fraction of all rows), most common first.
    pub mcv_values: Vec<Datum>,
    pub mcv_freqs: Vec<f64>,
    /// Histogram bounds (ascending) of the values other than the MCVs; empty when none.
    pub histogram: Vec<Datum>,
    /// Correlation between physical row order and value order, if computed.
    pub correlation: Option<f64>,
    /// The column's type (element type of the stored arrays).
    pub type_oid: Oid,
    /// "=" and "<" operators recorded in staop (0 when the type has none).
    pub eq_op: Oid,
    pub lt_op: Oid,
}

/// What kind of statistics a type supports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TypeOps {
    /// "=" operator OID (0: none; only null fraction and width are computed).
    pub eq: Oid,
    /// "<" operator OID (0: not sortable; no histogram or correlation).
    pub lt: Oid,
}

/// The "=" and "<" operators (pg_operator OIDs) ANALYZE uses for type `typ`: its default
/// btree opclass's, found in the operator registry (varchar uses text's, like PostgreSQL).
pub fn type_ops(typ: Oid) -> TypeOps {
    let base = match typ {
        t::VARCHAR => t::TEXT,
        x => x,
    };
    // Types without a default btree opclass in PostgreSQL 10 (point, json, xml, ...), whatever
    // operators Tusk may register for them.
    if matches!(
        types::typeinfo::type_info(base).map(|ti| ti.category),
        Some(b'P') | Some(b'G')
    ) || base == t::JSON
        || base == t::XML
    {
        return TypeOps { eq: 0, lt: 0 };
    }
    let mut ops = TypeOps { eq: 0, lt: 0 };
    for o in types::registry::all_opers() {
        if o.left == base && o.right == base {
            match o.name {
                "=" if ops.eq == 0 => ops.eq = o.oid,
                "<" if ops.lt == 0 => ops.lt = o.oid,
                _ => {}
            }
        }
    }
    if types::typeinfo::element_type_of(base).is_some() {
        // Arrays: array_eq (1070) / array_lt (1072).
        ops = TypeOps { eq: 1070, lt: 1072 };
    }
    if ops.eq == 0 {
        ops.lt = 0;
    }
    ops
}

/// Stored width of a non-NULL value of type `typ` (VARSIZE_ANY of the on-disk form: 1-byte
/// header for short varlenas; typlen for fixed-width types).
pub fn datum_width(typ: Oid, typmod: i32, d: &Datum) -> usize {
    let att = access::AttrDesc::for_type(typ, typmod);
    if att.len > 0 {
        return att.len as usize;
    }
    let desc = access::TupleDesc { attrs: vec![att] };
    match access::form_tuple(&desc, std::slice::from_ref(d)) {
        // The single attribute starts at the (maxaligned) 24-byte header's end.
        Ok(tup) => tup.len().saturating_sub(24),
        Err(_) => 0,
    }
}

/// One sampled row's value of the column, in physical sample order.
pub struct SampleColumn<'a> {
    pub type_oid: Oid,
    pub typmod: i32,
    pub attnum: i16,
    /// Per-column statistics target (attstattarget, or default_statistics_target).
    pub stat_target: usize,
    pub values: &'a [&'a Datum],
}

/// Compute a column's statistics from its sample (`total_rows`: the table's estimated live
/// row count). None when the sample is empty (PostgreSQL then stores nothing).
pub fn compute_column_stats(col: &SampleColumn, total_rows: f64) -> Option<ColumnStats> {
    let samplerows = col.values.len();
    if samplerows == 0 {
        return None;
    }
    let ops = type_ops(col.type_oid);
    let fixed = access::AttrDesc::for_type(col.type_oid, col.typmod).len;
    let is_varwidth = fixed <= 0;
    let mut null_cnt = 0usize;
    let mut total_width = 0f64;
    let mut toowide_cnt = 0usize;
    // (value, position among the non-null values)
    let mut vals: Vec<(&Datum, usize)> = Vec::new();
    let mut nonnull = 0usize;
    for d in col.values {
        if d.is_null() {
            null_cnt += 1;
            continue;
        }
        nonnull += 1;
        if is_varwidth {
            let w = datum_width(col.type_oid, col.typmod, d);
            total_width += w as f64;
            if w > WIDTH_THRESHOLD {
                toowide_cnt += 1;
                continue;
            }
        }
        let pos = vals.len();
        vals.push((d, pos));
    }
    let mut st = ColumnStats {
        attnum: col.attnum,
        type_oid: col.type_oid,
        eq_op: ops.eq,
        lt_op: ops.lt,
        ..ColumnStats::default()
    };
    if nonnull == 0 {
        // Every sampled value is NULL.
        st.null_frac = 1.0;
        st.avg_width = if is_varwidth { 0 } else { fixed as i32 };
        st.n_distinct = 0.0;
        return Some(st);
    }
    st.null_frac = null_cnt as f64 / samplerows as f64;
    st.avg_width = if is_varwidth {
        (total_width / nonnull as f64) as i32
    } else {
        fixed as i32
    };
    if ops.eq == 0 {
        // compute_trivial_stats: nothing is known about distinctness.
        return Some(st);
    }
    let values_cnt = vals.len();
    vals.sort_by(|a, b| types::compare::compare(a.0, b.0).then(a.1.cmp(&b.1)));
    // Groups of equal values, in value order: (first index in vals, count).
    let mut groups: Vec<(usize, usize)> = Vec::new();
    for (i, (v, _)) in vals.iter().enumerate() {
        match groups.last_mut() {
            Some((start, cnt)) if types::compare::equal(vals[*start].0, v) => *cnt += 1,
            _ => groups.push((i, 1)),
        }
    }
    let ndistinct = groups.len();
    let nmultiple = groups.iter().filter(|g| g.1 > 1).count();
    let num_mcv_target = col.stat_target.max(1);
    // MCV candidates: values seen more than once, by count descending (ties: value order).
    let mut track: Vec<(usize, usize)> = Vec::new();
    for &(start, cnt) in &groups {
        if cnt < 2 {
            continue;
        }
        if track.len() < num_mcv_target || track.last().is_some_and(|l| cnt > l.1) {
            let pos = track.partition_point(|x| x.1 >= cnt);
            track.insert(pos, (start, cnt));
            track.truncate(num_mcv_target);
        }
    }
    st.n_distinct = estimate_distinct(
        samplerows,
        null_cnt,
        ndistinct,
        nmultiple,
        toowide_cnt,
        total_rows,
        st.null_frac,
    );
    // Decide how many MCVs to keep.
    let mut num_mcv = num_mcv_target;
    if track.len() == ndistinct && toowide_cnt == 0 && st.n_distinct > 0.0 && track.len() <= num_mcv
    {
        num_mcv = track.len();
    } else {
        let mut nd_table = st.n_distinct;
        if nd_table < 0.0 {
            nd_table = -nd_table * total_rows;
        }
        let avgcount = if nd_table > 0.0 {
            samplerows as f64 / nd_table
        } else {
            0.0
        };
        let mut mincount = (avgcount * 1.25).max(2.0);
        let maxmincount = values_cnt as f64 / num_mcv_target as f64;
        if mincount > maxmincount {
            mincount = maxmincount;
        }
        num_mcv = num_mcv.min(track.len());
        if let Some(i) = track[..num_mcv]
            .iter()
            .position(|x| (x.1 as f64) < mincount)
        {
            num_mcv = i;
        }
    }
    track.truncate(num_mcv);
    for &(start, cnt) in &track {
        st.mcv_values.push(vals[start].0.clone());
        st.mcv_freqs.push(cnt as f64 / samplerows as f64);
    }
    if ops.lt == 0 {
        return Some(st);
    }
    // Histogram over the values that are not MCVs.
    let num_hist_target = col.stat_target.max(1) + 1;
    let num_hist = (ndistinct - num_mcv).min(num_hist_target);
    if num_hist >= 2 {
        let mcv_starts: std::collections::HashSet<usize> = track.iter().map(|x| x.0).collect();
        let rest: Vec<&Datum> = groups
            .iter()
            .filter(|g| !mcv_starts.contains(&g.0))
            .flat_map(|&(start, cnt)| vals[start..start + cnt].iter().map(|v| v.0))
            .collect();
        let nvals = rest.len();
        let delta = (nvals - 1) / (num_hist - 1);
        let deltafrac = (nvals - 1) % (num_hist - 1);
        let (mut pos, mut posfrac) = (0usize, 0usize);
        for _ in 0..num_hist {
            if let Some(v) = rest.get(pos) {
                st.histogram.push((*v).clone());
            }
            pos += delta;
            posfrac += deltafrac;
            if posfrac >= num_hist - 1 {
                pos += 1;
                posfrac -= num_hist - 1;
            }
        }
    }
    if values_cnt > 1 {
        let n = values_cnt as f64;
        let mut xysum = 0f64;
        for (i, (_, tupno)) in vals.iter().enumerate() {
            xysum += i as f64 * *tupno as f64;
        }
        let xsum = (n - 1.0) * n / 2.0;
        let x2sum = (n - 1.0) * n * (2.0 * n - 1.0) / 6.0;
        let denom = n * x2sum - xsum * xsum;
        if denom != 0.0 {
            st.correlation = Some((n * xysum - xsum * xsum) / denom);
        }
    }
    Some(st)
}

/// PostgreSQL's n_distinct estimate (Haas-Stokes Duj1 when the sample does not show the whole
/// column), scaled to a negative fraction when distinct values exceed 10% of the rows.
pub fn estimate_distinct(
    samplerows: usize,
    null_cnt: usize,
    ndistinct: usize,
    nmultiple: usize,
    toowide_cnt: usize,
    total_rows: f64,
    null_frac: f64,
) -> f64 {
    let mut stadistinct = if nmultiple == 0 {
        -(1.0 - null_frac)
    } else if toowide_cnt == 0 && nmultiple == ndistinct {
        ndistinct as f64
    } else {
        let f1 = (ndistinct - nmultiple + toowide_cnt) as f64;
        let d = f1 + nmultiple as f64;
        let n = (samplerows - null_cnt) as f64;
        let big_n = total_rows * (1.0 - null_frac);
        let mut est = if big_n > 0.0 {
            (n * d) / ((n - f1) + f1 * n / big_n)
        } else {
            0.0
        };
        if est < d {
            est = d;
        }
        if est > big_n {
            est = big_n;
        }
        (est + 0.5).floor()
    };
    if stadistinct > 0.1 * total_rows {
        stadistinct = -(stadistinct / total_rows);
    }
    stadistinct
}

fn float4_array(v: &[f64]) -> Datum {
    Datum::Array(Box::new(Array::from_vec(
        t::FLOAT4,
        v.iter().map(|x| Datum::Float4(*x as f32)).collect(),
    )))
}

fn values_array(typ: Oid, v: &[Datum]) -> Datum {
    Datum::Array(Box::new(Array::from_vec(typ, v.to_vec())))
}

/// The pg_statistic row of `st` for relation `relid`.
pub fn statistic_row(relid: Oid, st: &ColumnStats) -> Vec<Datum> {
    let def = schema::by_oid(schema::PG_STATISTIC).unwrap_or_else(|| &schema::CATALOGS[0]);
    let mut b = RowBuilder::new(def)
        .oid("starelid", relid)
        .i16("staattnum", st.attnum)
        .bool("stainherit", st.inherited)
        .set("stanullfrac", Datum::Float4(st.null_frac as f32))
        .i32("stawidth", st.avg_width)
        .set("stadistinct", Datum::Float4(st.n_distinct as f32));
    let mut slot = 1;
    let mut put = |b: RowBuilder, kind: i16, op: Oid, nums: Option<Datum>, vals: Option<Datum>| {
        let b = b
            .i16(&format!("stakind{slot}"), kind)
            .oid(&format!("staop{slot}"), op);
        let b = match nums {
            Some(n) => b.set(&format!("stanumbers{slot}"), n),
            None => b,
        };
        let b = match vals {
            Some(v) => b.set(&format!("stavalues{slot}"), v),
            None => b,
        };
        slot += 1;
        b
    };
    if !st.mcv_values.is_empty() {
        b = put(
            b,
            STATISTIC_KIND_MCV,
            st.eq_op,
            Some(float4_array(&st.mcv_freqs)),
            Some(values_array(st.type_oid, &st.mcv_values)),
        );
    }
    if !st.histogram.is_empty() {
        b = put(
            b,
            STATISTIC_KIND_HISTOGRAM,
            st.lt_op,
            None,
            Some(values_array(st.type_oid, &st.histogram)),
        );
    }
    if let Some(c) = st.correlation {
        b = put(
            b,
            STATISTIC_KIND_CORRELATION,
            st.lt_op,
            Some(float4_array(&[c])),
            None,
        );
    }
    b.build()
}

/// Largest pg_statistic row stored: Tusk has no TOAST, so wide histograms and MCV lists are
/// thinned until the row fits in a heap page (MaxHeapTupleSize 8160, with some margin).
const MAX_STATISTIC_ROW: usize = 8000;

fn row_size(row: &[Datum]) -> usize {
    match schema::by_oid(schema::PG_STATISTIC) {
        Some(def) => access::form_tuple(&def.tuple_desc(), row).map_or(usize::MAX, |t| t.len()),
        None => 0,
    }
}

/// `statistic_row`, with the histogram thinned (every other bound, keeping both ends) and then
/// the least common MCVs dropped while the row is too big for a page.
pub fn fitting_statistic_row(relid: Oid, st: &ColumnStats) -> Vec<Datum> {
    let mut st = st.clone();
    loop {
        let row = statistic_row(relid, &st);
        if row_size(&row) <= MAX_STATISTIC_ROW {
            return row;
        }
        if st.histogram.len() > 2 {
            let last = st.histogram.last().cloned();
            let mut thin: Vec<Datum> = st.histogram.iter().step_by(2).cloned().collect();
            if st.histogram.len().is_multiple_of(2) {
                thin.extend(last);
            }
            st.histogram = thin;
        } else if !st.histogram.is_empty() {
            st.histogram.clear();
        } else if !st.mcv_values.is_empty() {
            let keep = st.mcv_values.len() / 2;
            st.mcv_values.truncate(keep);
            st.mcv_freqs.truncate(keep);
        } else {
            return row;
        }
    }
}

fn f64_of(d: &Datum) -> f64 {
    match d {
        Datum::Float4(v) => *v as f64,
        Datum::Float8(v) => *v,
        _ => 0.0,
    }
}

fn array_elems(d: &Datum) -> Vec<Datum> {
    match d {
        Datum::Array(a) => a.elems.clone(),
        _ => Vec::new(),
    }
}

/// Decode a pg_statistic row into `ColumnStats`.
pub fn stats_from_row(row: &crate::rows::Row) -> PgResult<ColumnStats> {
    let mut st = ColumnStats {
        attnum: row.int("staattnum")? as i16,
        inherited: row.bool("stainherit")?,
        null_frac: f64_of(row.get("stanullfrac")?),
        avg_width: row.int("stawidth")? as i32,
        n_distinct: f64_of(row.get("stadistinct")?),
        ..ColumnStats::default()
    };
    for slot in 1..=5 {
        let kind = row.int(&format!("stakind{slot}"))? as i16;
        let op = row.oid(&format!("staop{slot}"))?;
        let nums: Vec<f64> = array_elems(row.get(&format!("stanumbers{slot}"))?)
            .iter()
            .map(f64_of)
            .collect();
        let vals_d = row.get(&format!("stavalues{slot}"))?;
        if let Datum::Array(a) = vals_d {
            st.type_oid = a.elem_type;
        }
        let vals = array_elems(vals_d);
        match kind {
            STATISTIC_KIND_MCV => {
                st.eq_op = op;
                st.mcv_values = vals;
                st.mcv_freqs = nums;
            }
            STATISTIC_KIND_HISTOGRAM => {
                st.lt_op = op;
                st.histogram = vals;
            }
            STATISTIC_KIND_CORRELATION => {
                st.lt_op = op;
                st.correlation = nums.first().copied();
            }
            _ => {}
        }
    }
    Ok(st)
}

impl Catalog {
    /// Replace the pg_statistic rows of `relid` for the given columns (transactional).
    pub fn store_column_stats(
        &self,
        cx: &CatalogCx,
        relid: Oid,
        stats: &[ColumnStats],
    ) -> PgResult<()> {
        let attnums: Vec<i16> = stats.iter().map(|s| s.attnum).collect();
        self.delete_catalog_rows(cx, schema::PG_STATISTIC, |r| {
            r.oid("starelid").ok() == Some(relid)
                && r.int("staattnum")
                    .is_ok_and(|a| attnums.contains(&(a as i16)))
                && r.bool("stainherit").ok() == Some(false)
        })?;
        for st in stats {
            let row = fitting_statistic_row(relid, st);
            self.insert_catalog_row(cx, schema::PG_STATISTIC, &row)?;
        }
        Ok(())
    }

    /// Every pg_statistic row of relation `relid` visible to the caller (non-inherited),
    /// cached per catalog version (any committed catalog write, ANALYZE included, clears it).
    pub fn relation_stats(
        &self,
        cx: &CatalogCx,
        relid: Oid,
    ) -> PgResult<std::sync::Arc<Vec<ColumnStats>>> {
        let ver = self.cache_version(cx);
        let key = (cx.db_oid, relid);
        if ver.is_some() {
            if let Some(v) = self.cache_get(|c| c.stats.get(&key).cloned()) {
                return Ok(v);
            }
        }
        let rows = self.catalog_rows(cx, schema::PG_STATISTIC, |r| {
            r.oid("starelid").ok() == Some(relid) && r.bool("stainherit").ok() == Some(false)
        })?;
        let list = std::sync::Arc::new(
            rows.iter()
                .map(stats_from_row)
                .collect::<PgResult<Vec<ColumnStats>>>()?,
        );
        if let Some(ver) = ver {
            let l = list.clone();
            self.cache_put(ver, |c| {
                c.stats.insert(key, l);
            });
        }
        Ok(list)
    }

    /// Statistics of column `attnum` of `relid`, if ANALYZE stored any.
    pub fn column_stats(
        &self,
        cx: &CatalogCx,
        relid: Oid,
        attnum: i16,
    ) -> PgResult<Option<ColumnStats>> {
        Ok(self
            .relation_stats(cx, relid)?
            .iter()
            .find(|s| s.attnum == attnum)
            .cloned())
    }

    /// ANALYZE / VACUUM: set pg_class.relpages and reltuples of `relid` (and relallvisible).
    pub fn set_relation_size_stats(
        &self,
        cx: &CatalogCx,
        relid: Oid,
        relpages: i32,
        reltuples: f64,
    ) -> PgResult<()> {
        let def = schema::by_oid(schema::PG_CLASS)
            .ok_or_else(|| PgError::internal("pg_class is not defined"))?;
        let (Some(pi), Some(ti)) = (def.col("relpages"), def.col("reltuples")) else {
            return Err(PgError::internal("pg_class has no relpages"));
        };
        self.update_catalog_rows(
            cx,
            schema::PG_CLASS,
            |r| r.row_oid() == relid,
            |r| {
                let mut v = r.values.clone();
                v[pi] = Datum::Int4(relpages);
                v[ti] = Datum::Float4(reltuples as f32);
                v
            },
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ints(v: &[i32]) -> Vec<Datum> {
        v.iter().map(|x| Datum::Int4(*x)).collect()
    }

    fn run(vals: &[Datum], total: f64) -> ColumnStats {
        let refs: Vec<&Datum> = vals.iter().collect();
        let col = SampleColumn {
            type_oid: t::INT4,
            typmod: -1,
            attnum: 1,
            stat_target: 100,
            values: &refs,
        };
        compute_column_stats(&col, total).unwrap_or_default()
    }

    #[test]
    fn unique_ints_1_to_1000() {
        let v = ints(&(1..=1000).collect::<Vec<_>>());
        let st = run(&v, 1000.0);
        assert_eq!(st.n_distinct, -1.0);
        assert_eq!(st.null_frac, 0.0);
        assert_eq!(st.avg_width, 4);
        assert!(st.mcv_values.is_empty());
        assert_eq!(st.histogram.len(), 101);
        assert_eq!(st.histogram[0], Datum::Int4(1));
        // PostgreSQL: {1,10,20,30,...,990,1000}
        assert_eq!(st.histogram[1], Datum::Int4(10));
        assert_eq!(st.histogram[2], Datum::Int4(20));
        assert_eq!(st.histogram[100], Datum::Int4(1000));
        assert_eq!(st.correlation, Some(1.0));
        assert_eq!(st.eq_op, 96);
        assert_eq!(st.lt_op, 97);
    }

    #[test]
    fn few_distinct_values_are_all_mcvs() {
        // 1..1000 % 10: every value appears 100 times.
        let v = ints(&(1..=1000).map(|i| i % 10).collect::<Vec<_>>());
        let st = run(&v, 1000.0);
        assert_eq!(st.n_distinct, 10.0);
        assert_eq!(st.mcv_values.len(), 10);
        assert!(st.mcv_freqs.iter().all(|f| (*f - 0.1).abs() < 1e-9));
        assert_eq!(st.mcv_values[0], Datum::Int4(0));
        assert!(st.histogram.is_empty());
    }

    #[test]
    fn nulls_and_widths() {
        let v = [
            Datum::Null,
            Datum::Text("abc".into()),
            Datum::Text("abcdefg".into()),
            Datum::Null,
        ];
        let refs: Vec<&Datum> = v.iter().collect();
        let col = SampleColumn {
            type_oid: t::TEXT,
            typmod: -1,
            attnum: 2,
            stat_target: 100,
            values: &refs,
        };
        let st = compute_column_stats(&col, 4.0).unwrap_or_default();
        assert_eq!(st.null_frac, 0.5);
        assert_eq!(st.avg_width, 6); // (4 + 8) / 2
        assert_eq!(st.n_distinct, -0.5);
        assert_eq!(st.histogram.len(), 2);
    }

    #[test]
    fn all_null() {
        let v = vec![Datum::Null, Datum::Null];
        let st = run(&v, 2.0);
        assert_eq!(st.null_frac, 1.0);
        assert_eq!(st.n_distinct, 0.0);
        assert_eq!(st.avg_width, 4);
    }

    #[test]
    fn haas_stokes() {
        // 30000-row sample of a 1e6-row table with 20000 values seen once, 5000 seen twice.
        let d = estimate_distinct(30000, 0, 25000, 5000, 0, 1e6, 0.0);
        // n*d / (n - f1 + f1*n/N) = 30000*25000 / (10000 + 600) = 70754.7 -> 70755.
        assert_eq!(d, 70755.0);
        // Above 10% of the table the estimate becomes a negative fraction.
        // 750e6 / (10000 + 3000) = 57692.3 -> 57692 -> -57692/200000.
        let d2 = estimate_distinct(30000, 0, 25000, 5000, 0, 200000.0, 0.0);
        assert!((d2 + 0.28846).abs() < 1e-9, "{d2}");
        // Few distinct values, all repeated: the count itself.
        assert_eq!(estimate_distinct(100, 0, 3, 3, 0, 1e6, 0.0), 3.0);
    }

    #[test]
    fn skewed_mcv_and_histogram() {
        // Value 0 appears 500 times, 1..=500 once each.
        let mut raw: Vec<i32> = vec![0; 500];
        raw.extend(1..=500);
        let v = ints(&raw);
        let st = run(&v, 1000.0);
        assert_eq!(st.mcv_values, vec![Datum::Int4(0)]);
        assert_eq!(st.mcv_freqs, vec![0.5]);
        assert_eq!(st.histogram.len(), 101);
        assert_eq!(st.histogram[0], Datum::Int4(1));
        assert_eq!(st.histogram[100], Datum::Int4(500));
        assert_eq!(st.n_distinct, -0.501);
    }

    #[test]
    fn wide_rows_are_thinned() {
        let v: Vec<Datum> = (0..1000)
            .map(|i| Datum::Text(format!("{i:04}{}", "x".repeat(500))))
            .collect();
        let refs: Vec<&Datum> = v.iter().collect();
        let col = SampleColumn {
            type_oid: t::TEXT,
            typmod: -1,
            attnum: 1,
            stat_target: 100,
            values: &refs,
        };
        let st = compute_column_stats(&col, 1000.0).unwrap_or_default();
        assert_eq!(st.histogram.len(), 101);
        let row = fitting_statistic_row(1, &st);
        assert!(row_size(&row) <= MAX_STATISTIC_ROW);
        let def = schema::by_oid(schema::PG_STATISTIC).unwrap_or(&schema::CATALOGS[0]);
        let Datum::Array(h) = &row[def.col("stavalues1").unwrap_or(0)] else {
            panic!("no histogram");
        };
        assert!(h.elems.len() >= 2 && h.elems.len() < 101);
        assert_eq!(h.elems.first(), st.histogram.first());
        assert_eq!(h.elems.last(), st.histogram.last());
    }

    #[test]
    fn row_roundtrip() {
        let v = ints(&(1..=1000).map(|i| i % 10).collect::<Vec<_>>());
        let st = run(&v, 1000.0);
        let row = statistic_row(42, &st);
        let def = schema::by_oid(schema::PG_STATISTIC).unwrap_or(&schema::CATALOGS[0]);
        assert_eq!(row.len(), def.natts());
        assert_eq!(row[def.col("stakind1").unwrap_or(0)], Datum::Int2(1));
        assert_eq!(row[def.col("stakind2").unwrap_or(0)], Datum::Int2(3));
    }
}
