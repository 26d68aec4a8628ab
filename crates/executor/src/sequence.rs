//! Sequences at run time: the sequence relation's single tuple (last_value, log_cnt,
//! is_called) read and overwritten in place under the buffer's exclusive lock (non-transactional,
//! like PostgreSQL; the page change is WAL-logged by the buffer manager), the pg_sequence
//! parameters, the per-session currval/lastval state, and nextval()/currval()/setval()/lastval().

use crate::{ExecContext, Runtime};
use analyzer::expr::SessFn;
use catalog::{CatalogCx, RelationInfo};
use common::{pg_err, Oid, PgError, PgResult};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use storage::Storage;
use types::Datum;

/// Values logged ahead of use (SEQ_LOG_VALS), reflected in log_cnt.
pub const SEQ_LOG_VALS: i64 = 32;

/// One pg_sequence row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SeqParams {
    pub type_oid: Oid,
    pub start: i64,
    pub increment: i64,
    pub max: i64,
    pub min: i64,
    pub cache: i64,
    pub cycle: bool,
}

/// The sequence relation's tuple.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SeqTuple {
    pub last_value: i64,
    pub log_cnt: i64,
    pub is_called: bool,
}

impl SeqTuple {
    fn values(&self) -> [Datum; 3] {
        [
            Datum::Int8(self.last_value),
            Datum::Int8(self.log_cnt),
            Datum::Bool(self.is_called),
        ]
    }
}

/// Per-session sequence state: the last value each sequence returned (currval) and the
/// sequence nextval() used last (lastval).
#[derive(Clone, Debug, Default)]
pub struct SessionSeqState {
    pub values: HashMap<Oid, i64>,
    pub last: Option<Oid>,
}

type StateKey = (usize, i32);

fn states() -> &'static Mutex<HashMap<StateKey, SessionSeqState>> {
    static S: OnceLock<Mutex<HashMap<StateKey, SessionSeqState>>> = OnceLock::new();
    S.get_or_init(|| Mutex::new(HashMap::new()))
}

/// Sessions are identified by their engine (its storage) and backend pid.
fn state_key(storage: &Arc<Storage>, backend_pid: i32) -> StateKey {
    (Arc::as_ptr(storage) as usize, backend_pid)
}

fn with_state<T>(cx: &ExecContext, f: impl FnOnce(&mut SessionSeqState) -> T) -> T {
    let mut g = states().lock().unwrap_or_else(|e| e.into_inner());
    f(g.entry(state_key(cx.storage, cx.backend_pid)).or_default())
}

/// Forget a session's currval/lastval state (called when the session ends).
pub fn session_ended(storage: &Arc<Storage>, backend_pid: i32) {
    let mut g = states().lock().unwrap_or_else(|e| e.into_inner());
    g.remove(&state_key(storage, backend_pid));
}

/// The pg_sequence row of sequence `seqrelid`.
pub fn load_params(
    cat: &catalog::Catalog,
    ccx: &CatalogCx,
    seqrelid: Oid,
) -> PgResult<Option<SeqParams>> {
    let rows = cat.catalog_rows(ccx, catalog::oids::PG_SEQUENCE, |r| {
        r.oid("seqrelid").unwrap_or(0) == seqrelid
    })?;
    let Some(r) = rows.first() else {
        return Ok(None);
    };
    Ok(Some(SeqParams {
        type_oid: r.oid("seqtypid")?,
        start: r.int("seqstart")?,
        increment: r.int("seqincrement")?,
        max: r.int("seqmax")?,
        min: r.int("seqmin")?,
        cache: r.int("seqcache")?,
        cycle: r.bool("seqcycle")?,
    }))
}

fn bad_tuple(rel: &RelationInfo) -> PgError {
    PgError::internal(format!("bad tuple in sequence \"{}\"", rel.name))
}

fn decode(rel: &RelationInfo, item: &[u8]) -> PgResult<SeqTuple> {
    let v = access::deform_tuple(&rel.tuple_desc, item)?;
    match v.as_slice() {
        [Datum::Int8(l), Datum::Int8(c), Datum::Bool(b), ..] => Ok(SeqTuple {
            last_value: *l,
            log_cnt: *c,
            is_called: *b,
        }),
        _ => Err(bad_tuple(rel)),
    }
}

/// The first live item on the sequence's only page.
fn first_item(page: &[u8]) -> Option<u16> {
    let n = storage::page::max_offset_number(page);
    (1..=n).find(|&off| {
        storage::page::item_id(page, off)
            .map(|id| id.is_normal())
            .unwrap_or(false)
    })
}

/// Read the sequence tuple.
pub fn read_tuple(storage: &Storage, rel: &RelationInfo) -> PgResult<SeqTuple> {
    let buf = storage.read_buffer(rel.file, 0)?;
    let page = buf.read();
    let off = first_item(&page[..]).ok_or_else(|| bad_tuple(rel))?;
    let item = storage::page::get_item(&page[..], off).ok_or_else(|| bad_tuple(rel))?;
    decode(rel, item)
}

/// Read-modify-write the sequence tuple in place under the buffer's exclusive lock. `f`
/// returns the new tuple (None = leave it unchanged) and a result.
pub fn update_tuple<T>(
    storage: &Storage,
    rel: &RelationInfo,
    f: impl FnOnce(SeqTuple) -> PgResult<(Option<SeqTuple>, T)>,
) -> PgResult<T> {
    let buf = storage.read_buffer(rel.file, 0)?;
    // Read and decide under the same exclusive lock as the write: concurrent nextval calls
    // serialize on the buffer.
    let mut page = buf.write();
    let off = first_item(&page[..]).ok_or_else(|| bad_tuple(rel))?;
    let cur = {
        let item = storage::page::get_item(&page[..], off).ok_or_else(|| bad_tuple(rel))?;
        decode(rel, item)?
    };
    let (new, out) = f(cur)?;
    if let Some(new) = new {
        if new != cur {
            let bytes = access::form_tuple(&rel.tuple_desc, &new.values())?;
            let item =
                storage::page::get_item_mut(&mut page[..], off).ok_or_else(|| bad_tuple(rel))?;
            let nh = access::TupleHeader::read(&bytes).ok_or_else(|| bad_tuple(rel))?;
            let oh = access::TupleHeader::read(item).ok_or_else(|| bad_tuple(rel))?;
            if nh.hoff != oh.hoff || bytes.len() != item.len() {
                return Err(bad_tuple(rel));
            }
            let h = nh.hoff as usize;
            item[h..].copy_from_slice(&bytes[h..]);
        }
    }
    Ok(out)
}

/// The tuple a new sequence starts with.
pub fn initial_tuple(start: i64) -> [Datum; 3] {
    SeqTuple {
        last_value: start,
        log_cnt: 0,
        is_called: false,
    }
    .values()
}

/// The next value after `last` (nextval's step), or the limit error.
pub fn step(p: &SeqParams, last: i64, name: &str) -> PgResult<i64> {
    let inc = p.increment;
    if inc > 0 {
        let over = (p.max >= 0 && last > p.max - inc) || (p.max < 0 && last + inc > p.max);
        if over {
            if !p.cycle {
                return Err(pg_err!(
                    SEQUENCE_GENERATOR_LIMIT_EXCEEDED,
                    "nextval: reached maximum value of sequence \"{}\" ({})",
                    name,
                    p.max
                ));
            }
            return Ok(p.min);
        }
    } else {
        let under = (p.min < 0 && last < p.min - inc) || (p.min >= 0 && last + inc < p.min);
        if under {
            if !p.cycle {
                return Err(pg_err!(
                    SEQUENCE_GENERATOR_LIMIT_EXCEEDED,
                    "nextval: reached minimum value of sequence \"{}\" ({})",
                    name,
                    p.min
                ));
            }
            return Ok(p.max);
        }
    }
    Ok(last + inc)
}

/// nextval's effect on the tuple: (new tuple, value returned).
pub fn advance(p: &SeqParams, t: SeqTuple, name: &str) -> PgResult<(SeqTuple, i64)> {
    let value = if t.is_called {
        step(p, t.last_value, name)?
    } else {
        t.last_value
    };
    let cache = p.cache.max(1);
    let mut log = t.log_cnt;
    if log < cache || !t.is_called {
        log = cache + SEQ_LOG_VALS;
    }
    log -= 1;
    Ok((
        SeqTuple {
            last_value: value,
            log_cnt: log.max(0),
            is_called: true,
        },
        value,
    ))
}

fn not_a_sequence(name: &str) -> PgError {
    pg_err!(WRONG_OBJECT_TYPE, "\"{}\" is not a sequence", name)
}

/// The sequence an argument names: a regclass OID or a (text) name.
fn resolve(rt: &mut Runtime, arg: &Datum) -> PgResult<Arc<RelationInfo>> {
    let oid = match arg {
        Datum::Oid(o) => *o,
        other => {
            let s = other.as_str().unwrap_or("");
            let sp = rt.search_path()?;
            let ccx = rt.catalog_cx();
            analyzer::regclass::resolve_relation_name(rt.cx.catalog, &ccx, &sp, s)?
        }
    };
    let ccx = rt.catalog_cx();
    let rel = rt
        .cx
        .catalog
        .relation_by_oid(&ccx, oid)?
        .ok_or_else(|| pg_err!(UNDEFINED_TABLE, "relation with OID {} does not exist", oid))?;
    if rel.relkind != b'S' {
        return Err(not_a_sequence(&rel.name));
    }
    Ok(rel)
}

fn params_of(rt: &Runtime, rel: &RelationInfo) -> PgResult<SeqParams> {
    let ccx = rt.catalog_cx();
    load_params(rt.cx.catalog, &ccx, rel.oid)?
        .ok_or_else(|| PgError::internal(format!("cache lookup failed for sequence {}", rel.oid)))
}

/// nextval(), currval(), setval(), lastval().
/// Changing a non-temporary sequence in a READ ONLY transaction is 25006.
fn read_only_check(rt: &Runtime, rel: &RelationInfo, what: &str) -> PgResult<()> {
    if rt.cx.txn.read_only && rel.persistence != b't' {
        return Err(pg_err!(
            READ_ONLY_SQL_TRANSACTION,
            "cannot execute {} in a read-only transaction",
            what
        ));
    }
    Ok(())
}

pub fn call(rt: &mut Runtime, f: SessFn, args: &[Datum]) -> PgResult<Datum> {
    if args.iter().any(|a| a.is_null()) {
        return Ok(Datum::Null);
    }
    match f {
        SessFn::Nextval => {
            let rel = resolve(rt, &args[0])?;
            read_only_check(rt, &rel, "nextval()")?;
            let p = params_of(rt, &rel)?;
            let name = rel.name.clone();
            let v = update_tuple(rt.cx.storage, &rel, |t| {
                let (nt, v) = advance(&p, t, &name)?;
                Ok((Some(nt), v))
            })?;
            with_state(rt.cx, |s| {
                s.values.insert(rel.oid, v);
                s.last = Some(rel.oid);
            });
            Ok(Datum::Int8(v))
        }
        SessFn::Currval => {
            let rel = resolve(rt, &args[0])?;
            match with_state(rt.cx, |s| s.values.get(&rel.oid).copied()) {
                Some(v) => Ok(Datum::Int8(v)),
                None => Err(pg_err!(
                    OBJECT_NOT_IN_PREREQUISITE_STATE,
                    "currval of sequence \"{}\" is not yet defined in this session",
                    rel.name
                )),
            }
        }
        SessFn::Lastval => {
            let undefined = || {
                pg_err!(
                    OBJECT_NOT_IN_PREREQUISITE_STATE,
                    "lastval is not yet defined in this session"
                )
            };
            let Some(oid) = with_state(rt.cx, |s| s.last) else {
                return Err(undefined());
            };
            let ccx = rt.catalog_cx();
            if rt.cx.catalog.relation_by_oid(&ccx, oid)?.is_none() {
                return Err(undefined());
            }
            with_state(rt.cx, |s| s.values.get(&oid).copied())
                .map(Datum::Int8)
                .ok_or_else(undefined)
        }
        SessFn::Setval => {
            let rel = resolve(rt, &args[0])?;
            read_only_check(rt, &rel, "setval()")?;
            let p = params_of(rt, &rel)?;
            let value = args.get(1).and_then(|d| d.as_i64()).unwrap_or(0);
            let is_called = args.get(2).and_then(|d| d.as_bool()).unwrap_or(true);
            if value < p.min || value > p.max {
                return Err(pg_err!(
                    NUMERIC_VALUE_OUT_OF_RANGE,
                    "setval: value {} is out of bounds for sequence \"{}\" ({}..{})",
                    value,
                    rel.name,
                    p.min,
                    p.max
                ));
            }
            update_tuple(rt.cx.storage, &rel, |_| {
                Ok((
                    Some(SeqTuple {
                        last_value: value,
                        log_cnt: 0,
                        is_called,
                    }),
                    (),
                ))
            })?;
            if is_called {
                with_state(rt.cx, |s| {
                    s.values.insert(rel.oid, value);
                });
            }
            Ok(Datum::Int8(value))
        }
        SessFn::PgGetSerialSequence => serial_sequence(rt, args),
        _ => Err(PgError::internal("not a sequence function")),
    }
}

/// pg_get_serial_sequence(table, column): the sequence owned by the column (pg_depend 'a'),
/// schema-qualified and quoted, or NULL.
fn serial_sequence(rt: &mut Runtime, args: &[Datum]) -> PgResult<Datum> {
    let table = args[0].as_str().unwrap_or("");
    let column = args.get(1).and_then(|d| d.as_str()).unwrap_or("");
    let sp = rt.search_path()?;
    let ccx = rt.catalog_cx();
    let cat = rt.cx.catalog;
    let relid = analyzer::regclass::resolve_relation_name(cat, &ccx, &sp, table)?;
    let rel = cat
        .relation_by_oid(&ccx, relid)?
        .ok_or_else(|| pg_err!(UNDEFINED_TABLE, "relation \"{}\" does not exist", table))?;
    let attnum = rel.column(column).map(|c| c.attnum).ok_or_else(|| {
        pg_err!(
            UNDEFINED_COLUMN,
            "column \"{}\" of relation \"{}\" does not exist",
            column,
            rel.name
        )
    })?;
    let class = catalog::oids::PG_CLASS;
    let deps = cat.catalog_rows(&ccx, catalog::oids::PG_DEPEND, |r| {
        r.oid("refclassid").unwrap_or(0) == class
            && r.oid("refobjid").unwrap_or(0) == relid
            && r.int("refobjsubid").unwrap_or(0) == attnum as i64
            && r.oid("classid").unwrap_or(0) == class
            && r.ch("deptype").unwrap_or(0) == b'a'
    })?;
    for d in deps {
        if let Some(s) = cat.relation_by_oid(&ccx, d.oid("objid")?)? {
            if s.relkind == b'S' {
                return Ok(Datum::text(format!(
                    "{}.{}",
                    catalog::ddl::quote_identifier(&s.namespace_name),
                    catalog::ddl::quote_identifier(&s.name)
                )));
            }
        }
    }
    Ok(Datum::Null)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(inc: i64, min: i64, max: i64, cycle: bool) -> SeqParams {
        SeqParams {
            type_oid: types::oids::INT8,
            start: 1,
            increment: inc,
            max,
            min,
            cache: 1,
            cycle,
        }
    }

    #[test]
    fn steps_and_limits() {
        let p = params(1, 1, 3, false);
        assert_eq!(step(&p, 1, "s").unwrap(), 2);
        let e = step(&p, 3, "s").unwrap_err();
        assert_eq!(
            e.message,
            "nextval: reached maximum value of sequence \"s\" (3)"
        );
        let p = params(1, 1, i64::MAX, false);
        let e = step(&p, i64::MAX, "s").unwrap_err();
        assert_eq!(
            e.message,
            "nextval: reached maximum value of sequence \"s\" (9223372036854775807)"
        );
        let p = params(-1, -3, -1, true);
        assert_eq!(step(&p, -3, "s").unwrap(), -1);
        let p = params(-2, i64::MIN, -1, false);
        assert!(step(&p, i64::MIN + 1, "s").is_err());
        let p = params(5, 1, 10, true);
        assert_eq!(step(&p, 6, "s").unwrap(), 1);
    }

    #[test]
    fn log_cnt_like_postgres() {
        let p = params(1, 1, 100, false);
        let t0 = SeqTuple {
            last_value: 1,
            log_cnt: 0,
            is_called: false,
        };
        let (t1, v1) = advance(&p, t0, "s").unwrap();
        assert_eq!((v1, t1.log_cnt, t1.is_called), (1, 32, true));
        let (t2, v2) = advance(&p, t1, "s").unwrap();
        assert_eq!((v2, t2.log_cnt), (2, 31));
    }
}
