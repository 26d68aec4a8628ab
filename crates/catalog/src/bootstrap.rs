//! Cluster bootstrap (what initdb's bootstrap mode does): creates every catalog's file in
//! global/ and in each database directory (template1, template0, postgres), and writes the
//! initial rows — the catalogs describing themselves (pg_class, pg_attribute, pg_type row
//! types), the built-in types, functions, aggregates, operators and casts, namespaces, access
//! methods, languages, collations, databases, the bootstrap superuser — all with the frozen xid.
//! Also the row builders shared with DDL (pg_class / pg_attribute / pg_type rows).

use crate::md5::md5_password;
use crate::oids::*;
use crate::rows::{oidvector, RowBuilder};
use crate::schema::{self, CatalogDef, CATALOGS};
use crate::BootstrapOptions;
use access::WriteCtx;
use common::{Interrupts, Oid, PgError, PgResult};
use std::collections::{HashMap, HashSet};
use std::path::Path;
use storage::{RelFileNode, Storage};
use txn::{Snapshot, TransactionManager};
use types::oids as t;
use types::registry::{all_casts, all_opers, all_procs};
use types::{AggDef, Array, Datum};

/// OID of the plpgsql language row (created by initdb before template0 is copied).
pub const PLPGSQL_LANG_OID: Oid = 12980;
/// OID of the plpgsql extension row.
pub const PLPGSQL_EXT_OID: Oid = 12981;
/// datlastsysoid of the initial databases.
pub const LAST_SYSTEM_OID: Oid = 12992;
/// Default collation.
pub const DEFAULT_COLLATION_OID: Oid = 100;
pub const C_COLLATION_OID: Oid = 950;
pub const POSIX_COLLATION_OID: Oid = 951;
/// Languages.
pub const INTERNAL_LANG_OID: Oid = 12;
pub const C_LANG_OID: Oid = 13;
pub const SQL_LANG_OID: Oid = 14;

/// PostgreSQL's encoding number for an encoding name (pg_database.encoding).
pub fn encoding_id(name: &str) -> i32 {
    let n: String = name
        .chars()
        .filter(|c| *c != '-' && *c != '_')
        .collect::<String>()
        .to_ascii_uppercase();
    match n.as_str() {
        "SQLASCII" => 0,
        "EUCJP" => 1,
        "EUCCN" => 2,
        "EUCKR" => 3,
        "EUCTW" => 4,
        "EUCJIS2004" => 5,
        "UTF8" | "UNICODE" => 6,
        "MULEINTERNAL" => 7,
        "LATIN1" => 8,
        "LATIN2" => 9,
        "LATIN3" => 10,
        "LATIN4" => 11,
        "LATIN5" => 12,
        "LATIN6" => 13,
        "LATIN7" => 14,
        "LATIN8" => 15,
        "LATIN9" => 16,
        "LATIN10" => 17,
        "WIN1256" => 18,
        "WIN1258" => 19,
        "WIN866" => 20,
        "WIN874" => 21,
        "KOI8R" => 22,
        "WIN1251" => 23,
        "WIN1252" => 24,
        "ISO88595" => 25,
        "ISO88596" => 26,
        "ISO88597" => 27,
        "ISO88598" => 28,
        "WIN1250" => 29,
        "WIN1253" => 30,
        "WIN1254" => 31,
        "WIN1255" => 32,
        "WIN1257" => 33,
        "KOI8U" => 34,
        _ => 6,
    }
}

/// typcollation of a built-in type: the collatable string types (and their arrays) use the
/// default collation.
pub fn type_collation(type_oid: Oid) -> Oid {
    let base = types::typeinfo::element_type_of(type_oid).unwrap_or(type_oid);
    match base {
        t::TEXT | t::VARCHAR | t::BPCHAR => DEFAULT_COLLATION_OID,
        _ => 0,
    }
}

/// The physical facts needed to describe a column of some type.
#[derive(Clone, Copy, Debug)]
pub struct TypePhys {
    pub len: i16,
    pub byval: bool,
    pub align: u8,
    pub storage: u8,
    pub collation: Oid,
    pub is_array: bool,
}

impl TypePhys {
    pub fn builtin(type_oid: Oid) -> TypePhys {
        let (len, byval, align, storage) = schema::type_phys(type_oid);
        TypePhys {
            len,
            byval,
            align,
            storage,
            collation: type_collation(type_oid),
            is_array: types::typeinfo::element_type_of(type_oid).is_some(),
        }
    }
}

/// A pg_attribute row.
#[allow(clippy::too_many_arguments)]
pub fn attribute_row(
    relid: Oid,
    name: &str,
    type_oid: Oid,
    typmod: i32,
    attnum: i16,
    phys: TypePhys,
    not_null: bool,
    has_default: bool,
) -> Vec<Datum> {
    let def = cat(schema::PG_ATTRIBUTE);
    RowBuilder::new(def)
        .oid("attrelid", relid)
        .text("attname", name)
        .oid("atttypid", type_oid)
        .i32("attstattarget", if attnum > 0 { -1 } else { 0 })
        .i16("attlen", phys.len)
        .i16("attnum", attnum)
        .i32("attndims", if phys.is_array { 1 } else { 0 })
        .i32("attcacheoff", -1)
        .i32("atttypmod", typmod)
        .bool("attbyval", phys.byval)
        .ch("attstorage", phys.storage)
        .ch("attalign", phys.align)
        .bool("attnotnull", not_null)
        .bool("atthasdef", has_default)
        .ch("attidentity", 0)
        .bool("attisdropped", false)
        .bool("attislocal", true)
        .i32("attinhcount", 0)
        .oid("attcollation", if attnum > 0 { phys.collation } else { 0 })
        .build()
}

/// pg_attribute rows of the system columns of relation `relid`.
pub fn system_attribute_rows(relid: Oid, has_oids: bool) -> Vec<Vec<Datum>> {
    schema::system_columns(has_oids)
        .into_iter()
        .map(|(name, attnum, typ)| {
            attribute_row(
                relid,
                name,
                typ,
                -1,
                attnum,
                TypePhys::builtin(typ),
                true,
                false,
            )
        })
        .collect()
}

/// Parameters of a pg_class row.
pub struct ClassRow<'a> {
    pub oid: Oid,
    pub name: &'a str,
    pub namespace: Oid,
    pub rowtype: Oid,
    pub owner: Oid,
    pub relfilenode: Oid,
    pub tablespace: Oid,
    pub shared: bool,
    pub persistence: u8,
    pub relkind: u8,
    pub natts: i16,
    pub has_oids: bool,
    pub replident: u8,
    pub frozenxid: Oid,
}

/// A pg_class row.
pub fn class_row(c: &ClassRow) -> Vec<Datum> {
    RowBuilder::new(cat(schema::PG_CLASS))
        .row_oid(c.oid)
        .text("relname", c.name)
        .oid("relnamespace", c.namespace)
        .oid("reltype", c.rowtype)
        .oid("reloftype", 0)
        .oid("relowner", c.owner)
        .oid("relam", 0)
        .oid("relfilenode", c.relfilenode)
        .oid("reltablespace", c.tablespace)
        .i32("relpages", 0)
        .set("reltuples", Datum::Float4(0.0))
        .i32("relallvisible", 0)
        .oid("reltoastrelid", 0)
        .bool("relhasindex", false)
        .bool("relisshared", c.shared)
        .ch("relpersistence", c.persistence)
        .ch("relkind", c.relkind)
        .i16("relnatts", c.natts)
        .i16("relchecks", 0)
        .bool("relhasoids", c.has_oids)
        .bool("relispopulated", true)
        .ch("relreplident", c.replident)
        .bool("relispartition", false)
        .oid("relfrozenxid", c.frozenxid)
        .oid("relminmxid", 1)
        .build()
}

/// Well-known pg_proc OIDs of type I/O functions (used when the registry lacks them).
fn known_proc_oid(name: &str) -> Oid {
    match name {
        "boolin" => 1242,
        "boolout" => 1243,
        "byteain" => 1244,
        "byteaout" => 31,
        "charin" => 1245,
        "charout" => 33,
        "namein" => 34,
        "nameout" => 35,
        "int2in" => 38,
        "int2out" => 39,
        "int4in" => 42,
        "int4out" => 43,
        "regprocin" => 44,
        "regprocout" => 45,
        "textin" => 46,
        "textout" => 47,
        "int8in" => 460,
        "int8out" => 461,
        "float4in" => 200,
        "float4out" => 201,
        "float8in" => 214,
        "float8out" => 215,
        "oidin" => 1798,
        "oidout" => 1799,
        "bpcharin" => 1044,
        "bpcharout" => 1045,
        "varcharin" => 1046,
        "varcharout" => 1047,
        "date_in" => 1084,
        "date_out" => 1085,
        "time_in" => 1143,
        "time_out" => 1144,
        "timestamptz_in" => 1150,
        "timestamptz_out" => 1151,
        "interval_in" => 1160,
        "interval_out" => 1161,
        "timestamp_in" => 1312,
        "timestamp_out" => 1313,
        "numeric_in" => 1701,
        "numeric_out" => 1702,
        "array_in" => 750,
        "array_out" => 751,
        "array_recv" => 2400,
        "array_send" => 2401,
        "record_in" => 2290,
        "record_out" => 2291,
        "record_recv" => 2402,
        "record_send" => 2403,
        "uuid_in" => 2952,
        "uuid_out" => 2953,
        "json_in" => 321,
        "json_out" => 322,
        "array_typanalyze" => 3816,
        _ => 0,
    }
}

/// Resolves regproc names to pg_proc OIDs.
pub struct ProcNames {
    by_name: HashMap<&'static str, Oid>,
}

impl ProcNames {
    pub fn new() -> ProcNames {
        let mut by_name = HashMap::new();
        for p in all_procs() {
            by_name.entry(p.name).or_insert(p.oid);
        }
        ProcNames { by_name }
    }
    pub fn oid(&self, name: &str) -> Oid {
        if name == "-" || name.is_empty() {
            return 0;
        }
        match self.by_name.get(name) {
            Some(&o) => o,
            None => known_proc_oid(name),
        }
    }
}

impl Default for ProcNames {
    fn default() -> Self {
        ProcNames::new()
    }
}

/// pg_type row of a composite (row) type of relation `relid`.
pub fn rowtype_row(
    procs: &ProcNames,
    oid: Oid,
    name: &str,
    namespace: Oid,
    owner: Oid,
    relid: Oid,
    array: Oid,
) -> Vec<Datum> {
    RowBuilder::new(cat(schema::PG_TYPE))
        .row_oid(oid)
        .text("typname", name)
        .oid("typnamespace", namespace)
        .oid("typowner", owner)
        .i16("typlen", -1)
        .bool("typbyval", false)
        .ch("typtype", b'c')
        .ch("typcategory", b'C')
        .bool("typispreferred", false)
        .bool("typisdefined", true)
        .ch("typdelim", b',')
        .oid("typrelid", relid)
        .oid("typelem", 0)
        .oid("typarray", array)
        .oid("typinput", procs.oid("record_in"))
        .oid("typoutput", procs.oid("record_out"))
        .oid("typreceive", procs.oid("record_recv"))
        .oid("typsend", procs.oid("record_send"))
        .ch("typalign", b'd')
        .ch("typstorage", b'x')
        .i32("typtypmod", -1)
        .build()
}

/// pg_type row of the array type `_name` over element type `elem`.
pub fn array_type_row(
    procs: &ProcNames,
    oid: Oid,
    name: &str,
    namespace: Oid,
    owner: Oid,
    elem: Oid,
    align: u8,
) -> Vec<Datum> {
    RowBuilder::new(cat(schema::PG_TYPE))
        .row_oid(oid)
        .text("typname", name)
        .oid("typnamespace", namespace)
        .oid("typowner", owner)
        .i16("typlen", -1)
        .bool("typbyval", false)
        .ch("typtype", b'b')
        .ch("typcategory", b'A')
        .bool("typispreferred", false)
        .bool("typisdefined", true)
        .ch("typdelim", b',')
        .oid("typelem", elem)
        .oid("typinput", procs.oid("array_in"))
        .oid("typoutput", procs.oid("array_out"))
        .oid("typreceive", procs.oid("array_recv"))
        .oid("typsend", procs.oid("array_send"))
        .oid("typanalyze", procs.oid("array_typanalyze"))
        .ch("typalign", align)
        .ch("typstorage", b'x')
        .i32("typtypmod", -1)
        .build()
}

fn builtin_type_row(procs: &ProcNames, ti: &types::TypeInfo) -> Vec<Datum> {
    let is_array = ti.category == b'A' && ti.len == -1 && ti.elem != 0;
    RowBuilder::new(cat(schema::PG_TYPE))
        .row_oid(ti.oid)
        .text("typname", ti.name)
        .oid("typnamespace", PG_CATALOG_NAMESPACE)
        .oid("typowner", BOOTSTRAP_SUPERUSER)
        .i16("typlen", ti.len)
        .bool("typbyval", ti.byval)
        .ch("typtype", ti.typtype)
        .ch("typcategory", ti.category)
        .bool("typispreferred", ti.preferred)
        .bool("typisdefined", true)
        .ch("typdelim", if ti.oid == t::BOX { b';' } else { ti.delim })
        .oid("typrelid", 0)
        .oid("typelem", ti.elem)
        .oid("typarray", ti.array)
        .oid("typinput", procs.oid(ti.input))
        .oid("typoutput", procs.oid(ti.output))
        .oid("typreceive", procs.oid(ti.receive))
        .oid("typsend", procs.oid(ti.send))
        .oid("typmodin", procs.oid(ti.modin))
        .oid(
            "typanalyze",
            if is_array {
                procs.oid("array_typanalyze")
            } else {
                0
            },
        )
        .ch("typalign", ti.align)
        .ch("typstorage", ti.storage)
        .i32("typtypmod", -1)
        .oid("typcollation", type_collation(ti.oid))
        .build()
}

pub(crate) fn cat(oid: Oid) -> &'static CatalogDef {
    match schema::by_oid(oid) {
        Some(d) => d,
        None => &CATALOGS[0],
    }
}

/// One built-in aggregate: pg_proc OID, name, argument types, result, transition type,
/// sort operator name ("<" for min, ">" for max), initial value.
struct Agg {
    oid: Oid,
    name: &'static str,
    args: &'static [Oid],
    ret: Oid,
    trans: Oid,
    sortop: &'static str,
    init: Option<&'static str>,
}

macro_rules! agg {
    ($oid:expr, $name:expr, [$($a:expr),*], $ret:expr, $trans:expr) => {
        Agg { oid: $oid, name: $name, args: &[$($a),*], ret: $ret, trans: $trans, sortop: "", init: None }
    };
    ($oid:expr, $name:expr, [$($a:expr),*], $ret:expr, $trans:expr, sortop = $s:expr) => {
        Agg { oid: $oid, name: $name, args: &[$($a),*], ret: $ret, trans: $trans, sortop: $s, init: None }
    };
    ($oid:expr, $name:expr, [$($a:expr),*], $ret:expr, $trans:expr, init = $i:expr) => {
        Agg { oid: $oid, name: $name, args: &[$($a),*], ret: $ret, trans: $trans, sortop: "", init: Some($i) }
    };
}

const INTERNAL: Oid = t::INTERNAL;

#[rustfmt::skip]
static AGGS: &[Agg] = &[
    agg!(2147, "count", [t::ANY], t::INT8, t::INT8, init = "0"),
    agg!(2803, "count", [], t::INT8, t::INT8, init = "0"),
    agg!(2107, "sum", [t::INT8], t::NUMERIC, INTERNAL),
    agg!(2108, "sum", [t::INT4], t::INT8, t::INT8),
    agg!(2109, "sum", [t::INT2], t::INT8, t::INT8),
    agg!(2110, "sum", [t::FLOAT4], t::FLOAT4, t::FLOAT4),
    agg!(2111, "sum", [t::FLOAT8], t::FLOAT8, t::FLOAT8),
    agg!(2112, "sum", [t::MONEY], t::MONEY, t::MONEY),
    agg!(2113, "sum", [t::INTERVAL], t::INTERVAL, t::INTERVAL_ARRAY, init = "{0 second,0 second}"),
    agg!(2114, "sum", [t::NUMERIC], t::NUMERIC, INTERNAL),
    agg!(2100, "avg", [t::INT8], t::NUMERIC, INTERNAL),
    agg!(2101, "avg", [t::INT4], t::NUMERIC, t::INT8_ARRAY, init = "{0,0}"),
    agg!(2102, "avg", [t::INT2], t::NUMERIC, t::INT8_ARRAY, init = "{0,0}"),
    agg!(2103, "avg", [t::NUMERIC], t::NUMERIC, INTERNAL),
    agg!(2104, "avg", [t::FLOAT4], t::FLOAT8, t::FLOAT8_ARRAY, init = "{0,0,0}"),
    agg!(2105, "avg", [t::FLOAT8], t::FLOAT8, t::FLOAT8_ARRAY, init = "{0,0,0}"),
    agg!(2106, "avg", [t::INTERVAL], t::INTERVAL, t::INTERVAL_ARRAY, init = "{0 second,0 second}"),
    agg!(2115, "max", [t::INT8], t::INT8, t::INT8, sortop = ">"),
    agg!(2116, "max", [t::INT4], t::INT4, t::INT4, sortop = ">"),
    agg!(2117, "max", [t::INT2], t::INT2, t::INT2, sortop = ">"),
    agg!(2118, "max", [t::OID], t::OID, t::OID, sortop = ">"),
    agg!(2119, "max", [t::FLOAT4], t::FLOAT4, t::FLOAT4, sortop = ">"),
    agg!(2120, "max", [t::FLOAT8], t::FLOAT8, t::FLOAT8, sortop = ">"),
    agg!(2121, "max", [t::ABSTIME], t::ABSTIME, t::ABSTIME, sortop = ">"),
    agg!(2122, "max", [t::DATE], t::DATE, t::DATE, sortop = ">"),
    agg!(2123, "max", [t::TIME], t::TIME, t::TIME, sortop = ">"),
    agg!(2124, "max", [t::TIMETZ], t::TIMETZ, t::TIMETZ, sortop = ">"),
    agg!(2125, "max", [t::MONEY], t::MONEY, t::MONEY, sortop = ">"),
    agg!(2126, "max", [t::TIMESTAMP], t::TIMESTAMP, t::TIMESTAMP, sortop = ">"),
    agg!(2127, "max", [t::TIMESTAMPTZ], t::TIMESTAMPTZ, t::TIMESTAMPTZ, sortop = ">"),
    agg!(2128, "max", [t::INTERVAL], t::INTERVAL, t::INTERVAL, sortop = ">"),
    agg!(2129, "max", [t::TEXT], t::TEXT, t::TEXT, sortop = ">"),
    agg!(2130, "max", [t::NUMERIC], t::NUMERIC, t::NUMERIC, sortop = ">"),
    agg!(2050, "max", [t::ANYARRAY], t::ANYARRAY, t::ANYARRAY, sortop = ">"),
    agg!(2244, "max", [t::BPCHAR], t::BPCHAR, t::BPCHAR, sortop = ">"),
    agg!(2797, "max", [t::TID], t::TID, t::TID, sortop = ">"),
    agg!(3526, "max", [t::ANYENUM], t::ANYENUM, t::ANYENUM, sortop = ">"),
    agg!(3564, "max", [t::INET], t::INET, t::INET, sortop = ">"),
    agg!(2131, "min", [t::INT8], t::INT8, t::INT8, sortop = "<"),
    agg!(2132, "min", [t::INT4], t::INT4, t::INT4, sortop = "<"),
    agg!(2133, "min", [t::INT2], t::INT2, t::INT2, sortop = "<"),
    agg!(2134, "min", [t::OID], t::OID, t::OID, sortop = "<"),
    agg!(2135, "min", [t::FLOAT4], t::FLOAT4, t::FLOAT4, sortop = "<"),
    agg!(2136, "min", [t::FLOAT8], t::FLOAT8, t::FLOAT8, sortop = "<"),
    agg!(2137, "min", [t::ABSTIME], t::ABSTIME, t::ABSTIME, sortop = "<"),
    agg!(2138, "min", [t::DATE], t::DATE, t::DATE, sortop = "<"),
    agg!(2139, "min", [t::TIME], t::TIME, t::TIME, sortop = "<"),
    agg!(2140, "min", [t::TIMETZ], t::TIMETZ, t::TIMETZ, sortop = "<"),
    agg!(2141, "min", [t::MONEY], t::MONEY, t::MONEY, sortop = "<"),
    agg!(2142, "min", [t::TIMESTAMP], t::TIMESTAMP, t::TIMESTAMP, sortop = "<"),
    agg!(2143, "min", [t::TIMESTAMPTZ], t::TIMESTAMPTZ, t::TIMESTAMPTZ, sortop = "<"),
    agg!(2144, "min", [t::INTERVAL], t::INTERVAL, t::INTERVAL, sortop = "<"),
    agg!(2145, "min", [t::TEXT], t::TEXT, t::TEXT, sortop = "<"),
    agg!(2146, "min", [t::NUMERIC], t::NUMERIC, t::NUMERIC, sortop = "<"),
    agg!(2051, "min", [t::ANYARRAY], t::ANYARRAY, t::ANYARRAY, sortop = "<"),
    agg!(2245, "min", [t::BPCHAR], t::BPCHAR, t::BPCHAR, sortop = "<"),
    agg!(2798, "min", [t::TID], t::TID, t::TID, sortop = "<"),
    agg!(3527, "min", [t::ANYENUM], t::ANYENUM, t::ANYENUM, sortop = "<"),
    agg!(3565, "min", [t::INET], t::INET, t::INET, sortop = "<"),
    agg!(2517, "bool_and", [t::BOOL], t::BOOL, t::BOOL),
    agg!(2518, "bool_or", [t::BOOL], t::BOOL, t::BOOL),
    agg!(2519, "every", [t::BOOL], t::BOOL, t::BOOL),
    agg!(3538, "string_agg", [t::TEXT, t::TEXT], t::TEXT, INTERNAL),
    agg!(3545, "string_agg", [t::BYTEA, t::BYTEA], t::BYTEA, INTERNAL),
    agg!(2335, "array_agg", [t::ANYNONARRAY], t::ANYARRAY, INTERNAL),
    agg!(4053, "array_agg", [t::ANYARRAY], t::ANYARRAY, INTERNAL),
    agg!(2236, "bit_and", [t::INT2], t::INT2, t::INT2),
    agg!(2237, "bit_or", [t::INT2], t::INT2, t::INT2),
    agg!(2238, "bit_and", [t::INT4], t::INT4, t::INT4),
    agg!(2239, "bit_or", [t::INT4], t::INT4, t::INT4),
    agg!(2240, "bit_and", [t::INT8], t::INT8, t::INT8),
    agg!(2241, "bit_or", [t::INT8], t::INT8, t::INT8),
    agg!(2242, "bit_and", [t::BIT], t::BIT, t::BIT),
    agg!(2243, "bit_or", [t::BIT], t::BIT, t::BIT),
    agg!(2718, "var_pop", [t::INT8], t::NUMERIC, INTERNAL),
    agg!(2719, "var_pop", [t::INT4], t::NUMERIC, INTERNAL),
    agg!(2720, "var_pop", [t::INT2], t::NUMERIC, INTERNAL),
    agg!(2721, "var_pop", [t::FLOAT4], t::FLOAT8, t::FLOAT8_ARRAY, init = "{0,0,0}"),
    agg!(2722, "var_pop", [t::FLOAT8], t::FLOAT8, t::FLOAT8_ARRAY, init = "{0,0,0}"),
    agg!(2723, "var_pop", [t::NUMERIC], t::NUMERIC, INTERNAL),
    agg!(2641, "var_samp", [t::INT8], t::NUMERIC, INTERNAL),
    agg!(2642, "var_samp", [t::INT4], t::NUMERIC, INTERNAL),
    agg!(2643, "var_samp", [t::INT2], t::NUMERIC, INTERNAL),
    agg!(2644, "var_samp", [t::FLOAT4], t::FLOAT8, t::FLOAT8_ARRAY, init = "{0,0,0}"),
    agg!(2645, "var_samp", [t::FLOAT8], t::FLOAT8, t::FLOAT8_ARRAY, init = "{0,0,0}"),
    agg!(2646, "var_samp", [t::NUMERIC], t::NUMERIC, INTERNAL),
    agg!(2148, "variance", [t::INT8], t::NUMERIC, INTERNAL),
    agg!(2149, "variance", [t::INT4], t::NUMERIC, INTERNAL),
    agg!(2150, "variance", [t::INT2], t::NUMERIC, INTERNAL),
    agg!(2151, "variance", [t::FLOAT4], t::FLOAT8, t::FLOAT8_ARRAY, init = "{0,0,0}"),
    agg!(2152, "variance", [t::FLOAT8], t::FLOAT8, t::FLOAT8_ARRAY, init = "{0,0,0}"),
    agg!(2153, "variance", [t::NUMERIC], t::NUMERIC, INTERNAL),
    agg!(2724, "stddev_pop", [t::INT8], t::NUMERIC, INTERNAL),
    agg!(2725, "stddev_pop", [t::INT4], t::NUMERIC, INTERNAL),
    agg!(2726, "stddev_pop", [t::INT2], t::NUMERIC, INTERNAL),
    agg!(2727, "stddev_pop", [t::FLOAT4], t::FLOAT8, t::FLOAT8_ARRAY, init = "{0,0,0}"),
    agg!(2728, "stddev_pop", [t::FLOAT8], t::FLOAT8, t::FLOAT8_ARRAY, init = "{0,0,0}"),
    agg!(2729, "stddev_pop", [t::NUMERIC], t::NUMERIC, INTERNAL),
    agg!(2712, "stddev_samp", [t::INT8], t::NUMERIC, INTERNAL),
    agg!(2713, "stddev_samp", [t::INT4], t::NUMERIC, INTERNAL),
    agg!(2714, "stddev_samp", [t::INT2], t::NUMERIC, INTERNAL),
    agg!(2715, "stddev_samp", [t::FLOAT4], t::FLOAT8, t::FLOAT8_ARRAY, init = "{0,0,0}"),
    agg!(2716, "stddev_samp", [t::FLOAT8], t::FLOAT8, t::FLOAT8_ARRAY, init = "{0,0,0}"),
    agg!(2717, "stddev_samp", [t::NUMERIC], t::NUMERIC, INTERNAL),
    agg!(2154, "stddev", [t::INT8], t::NUMERIC, INTERNAL),
    agg!(2155, "stddev", [t::INT4], t::NUMERIC, INTERNAL),
    agg!(2156, "stddev", [t::INT2], t::NUMERIC, INTERNAL),
    agg!(2157, "stddev", [t::FLOAT4], t::FLOAT8, t::FLOAT8_ARRAY, init = "{0,0,0}"),
    agg!(2158, "stddev", [t::FLOAT8], t::FLOAT8, t::FLOAT8_ARRAY, init = "{0,0,0}"),
    agg!(2159, "stddev", [t::NUMERIC], t::NUMERIC, INTERNAL),
    agg!(2818, "regr_count", [t::FLOAT8, t::FLOAT8], t::INT8, t::INT8, init = "0"),
    agg!(2819, "regr_sxx", [t::FLOAT8, t::FLOAT8], t::FLOAT8, t::FLOAT8_ARRAY, init = "{0,0,0,0,0,0}"),
    agg!(2820, "regr_syy", [t::FLOAT8, t::FLOAT8], t::FLOAT8, t::FLOAT8_ARRAY, init = "{0,0,0,0,0,0}"),
    agg!(2821, "regr_sxy", [t::FLOAT8, t::FLOAT8], t::FLOAT8, t::FLOAT8_ARRAY, init = "{0,0,0,0,0,0}"),
    agg!(2822, "regr_avgx", [t::FLOAT8, t::FLOAT8], t::FLOAT8, t::FLOAT8_ARRAY, init = "{0,0,0,0,0,0}"),
    agg!(2823, "regr_avgy", [t::FLOAT8, t::FLOAT8], t::FLOAT8, t::FLOAT8_ARRAY, init = "{0,0,0,0,0,0}"),
    agg!(2824, "regr_r2", [t::FLOAT8, t::FLOAT8], t::FLOAT8, t::FLOAT8_ARRAY, init = "{0,0,0,0,0,0}"),
    agg!(2825, "regr_slope", [t::FLOAT8, t::FLOAT8], t::FLOAT8, t::FLOAT8_ARRAY, init = "{0,0,0,0,0,0}"),
    agg!(2826, "regr_intercept", [t::FLOAT8, t::FLOAT8], t::FLOAT8, t::FLOAT8_ARRAY, init = "{0,0,0,0,0,0}"),
    agg!(2827, "covar_pop", [t::FLOAT8, t::FLOAT8], t::FLOAT8, t::FLOAT8_ARRAY, init = "{0,0,0,0,0,0}"),
    agg!(2828, "covar_samp", [t::FLOAT8, t::FLOAT8], t::FLOAT8, t::FLOAT8_ARRAY, init = "{0,0,0,0,0,0}"),
    agg!(2829, "corr", [t::FLOAT8, t::FLOAT8], t::FLOAT8, t::FLOAT8_ARRAY, init = "{0,0,0,0,0,0}"),
    agg!(3175, "json_agg", [t::ANYELEMENT], t::JSON, INTERNAL),
    agg!(3197, "json_object_agg", [t::ANY, t::ANY], t::JSON, INTERNAL),
    agg!(3267, "jsonb_agg", [t::ANYELEMENT], t::JSONB, INTERNAL),
    agg!(3270, "jsonb_object_agg", [t::ANY, t::ANY], t::JSONB, INTERNAL),
    agg!(2901, "xmlagg", [t::XML], t::XML, t::XML),
];

/// The built-in aggregates Tusk registers in pg_proc/pg_aggregate (PostgreSQL 10's OIDs).
/// `count(*)` has no arguments (OID 2803); `count(any)` is 2147.
pub fn builtin_aggregates() -> Vec<AggDef> {
    AGGS.iter()
        .map(|a| AggDef {
            proc_oid: a.oid,
            name: a.name,
            arg_types: a.args,
            ret_type: a.ret,
        })
        .collect()
}

fn oid_array(v: &[Oid]) -> Datum {
    Datum::Array(Box::new(Array::from_vec(
        t::OID,
        v.iter().map(|&o| Datum::Oid(o)).collect(),
    )))
}

/// Catalog rows of a new cluster: rows for shared catalogs, and rows every database gets.
pub struct BootRows {
    pub shared: Vec<(Oid, Vec<Datum>)>,
    pub local: Vec<(Oid, Vec<Datum>)>,
}

/// Build every bootstrap row.
pub fn boot_rows(options: &BootstrapOptions) -> BootRows {
    let procs = ProcNames::new();
    let mut local: Vec<(Oid, Vec<Datum>)> = Vec::new();
    let mut shared: Vec<(Oid, Vec<Datum>)> = Vec::new();
    let mut next_boot = schema::FIRST_BOOTSTRAP_OID + schema::bootstrap_rowtype_count();
    let mut boot_oid = || {
        let o = next_boot;
        next_boot += 1;
        o
    };

    // pg_class, pg_attribute and pg_type rows of the catalogs themselves.
    for def in CATALOGS {
        let rowtype = schema::rowtype_oid(def);
        local.push((
            schema::PG_CLASS,
            class_row(&ClassRow {
                oid: def.oid,
                name: def.name,
                namespace: PG_CATALOG_NAMESPACE,
                rowtype,
                owner: BOOTSTRAP_SUPERUSER,
                relfilenode: def.oid,
                tablespace: if def.shared {
                    storage::GLOBALTABLESPACE_OID
                } else {
                    0
                },
                shared: def.shared,
                persistence: b'p',
                relkind: b'r',
                natts: def.natts() as i16,
                has_oids: def.has_oids,
                replident: b'n',
                frozenxid: txn::FIRST_NORMAL_XID,
            }),
        ));
        let nn = def.not_null();
        for (i, c) in def.columns.iter().enumerate() {
            local.push((
                schema::PG_ATTRIBUTE,
                attribute_row(
                    def.oid,
                    c.name,
                    c.type_oid,
                    -1,
                    (i + 1) as i16,
                    TypePhys::builtin(c.type_oid),
                    nn[i],
                    false,
                ),
            ));
        }
        for r in system_attribute_rows(def.oid, def.has_oids) {
            local.push((schema::PG_ATTRIBUTE, r));
        }
        local.push((
            schema::PG_TYPE,
            rowtype_row(
                &procs,
                rowtype,
                def.name,
                PG_CATALOG_NAMESPACE,
                BOOTSTRAP_SUPERUSER,
                def.oid,
                0,
            ),
        ));
    }

    // Built-in types.
    for ti in types::typeinfo::BUILTIN_TYPES {
        local.push((schema::PG_TYPE, builtin_type_row(&procs, ti)));
    }

    // Namespaces.
    let ns_def = cat(schema::PG_NAMESPACE);
    for (oid, name, descr) in [
        (PG_CATALOG_NAMESPACE, "pg_catalog", "system catalog schema"),
        (
            PG_TOAST_NAMESPACE,
            "pg_toast",
            "reserved schema for TOAST tables",
        ),
        (PUBLIC_NAMESPACE, "public", "standard public schema"),
        (INFORMATION_SCHEMA_NAMESPACE, "information_schema", ""),
    ] {
        // initdb's grants: USAGE for PUBLIC on pg_catalog and information_schema, USAGE
        // and CREATE on public (nspacl as PostgreSQL 10 shows it); pg_toast keeps NULL.
        let su = &options.superuser;
        let acl = |public: &str| {
            Datum::Array(Box::new(Array::from_vec(
                types::oids::ACLITEM,
                vec![
                    Datum::Text(types::acl::item_text(su, "UC", su)),
                    Datum::Text(types::acl::item_text("", public, su)),
                ],
            )))
        };
        let nspacl = match oid {
            PUBLIC_NAMESPACE => acl("UC"),
            PG_TOAST_NAMESPACE => Datum::Null,
            _ => acl("U"),
        };
        // initdb records the system schemas' initial privileges (pg_dump leaves them out).
        if oid == PG_CATALOG_NAMESPACE || oid == INFORMATION_SCHEMA_NAMESPACE {
            local.push((
                schema::PG_INIT_PRIVS,
                RowBuilder::new(cat(schema::PG_INIT_PRIVS))
                    .oid("objoid", oid)
                    .oid("classoid", schema::PG_NAMESPACE)
                    .i32("objsubid", 0)
                    .ch("privtype", b'i')
                    .set("initprivs", nspacl.clone())
                    .build(),
            ));
        }
        local.push((
            schema::PG_NAMESPACE,
            RowBuilder::new(ns_def)
                .row_oid(oid)
                .text("nspname", name)
                .oid("nspowner", BOOTSTRAP_SUPERUSER)
                .set("nspacl", nspacl)
                .build(),
        ));
        if !descr.is_empty() {
            local.push((
                schema::PG_DESCRIPTION,
                description_row(oid, schema::PG_NAMESPACE, descr),
            ));
        }
    }

    // Functions.
    let mut seen_procs = HashSet::new();
    let proc_def = cat(schema::PG_PROC);
    for p in all_procs() {
        if !seen_procs.insert(p.oid) {
            continue;
        }
        let mut b = RowBuilder::new(proc_def)
            .row_oid(p.oid)
            .text("proname", p.name)
            .oid("pronamespace", PG_CATALOG_NAMESPACE)
            .oid("proowner", BOOTSTRAP_SUPERUSER)
            .oid("prolang", INTERNAL_LANG_OID)
            .set("procost", Datum::Float4(1.0))
            .set(
                "prorows",
                Datum::Float4(if p.retset { 1000.0 } else { 0.0 }),
            )
            .oid("provariadic", p.variadic)
            .oid("protransform", 0)
            .bool("proisstrict", p.strict)
            .bool("proretset", p.retset)
            .ch("provolatile", p.volatility)
            .ch("proparallel", b's')
            .i16("pronargs", p.arg_types.len() as i16)
            .i16("pronargdefaults", 0)
            .oid("prorettype", p.ret_type)
            .set("proargtypes", oidvector(p.arg_types))
            .text("prosrc", p.name);
        if p.variadic != 0 {
            let modes: Vec<Datum> = (0..p.arg_types.len())
                .map(|i| {
                    Datum::Char(if i + 1 == p.arg_types.len() {
                        b'v'
                    } else {
                        b'i'
                    })
                })
                .collect();
            b = b.set("proallargtypes", oid_array(p.arg_types)).set(
                "proargmodes",
                Datum::Array(Box::new(Array::from_vec(t::CHAR, modes))),
            );
        }
        local.push((schema::PG_PROC, b.build()));
    }
    local.extend(
        crate::foreign_key::ri_trigger_proc_rows()
            .into_iter()
            .map(|r| (schema::PG_PROC, r)),
    );

    // Operators.
    let opers = all_opers();
    let find_oper = |name: &str, l: Oid, r: Oid| {
        opers
            .iter()
            .find(|o| o.name == name && o.left == l && o.right == r)
            .map(|o| o.oid)
            .unwrap_or(0)
    };
    let mut seen_opers = HashSet::new();
    let op_def = cat(schema::PG_OPERATOR);
    for o in &opers {
        if !seen_opers.insert(o.oid) {
            continue;
        }
        let kind = if o.left == 0 {
            b'l'
        } else if o.right == 0 {
            b'r'
        } else {
            b'b'
        };
        let (rest, join) = match o.name {
            "=" => (101, 105),
            "<>" => (102, 106),
            "<" | "<=" => (103, 107),
            ">" | ">=" => (104, 108),
            _ => (0, 0),
        };
        let eq_same = o.name == "=" && o.left == o.right && o.result == t::BOOL;
        local.push((
            schema::PG_OPERATOR,
            RowBuilder::new(op_def)
                .row_oid(o.oid)
                .text("oprname", o.name)
                .oid("oprnamespace", PG_CATALOG_NAMESPACE)
                .oid("oprowner", BOOTSTRAP_SUPERUSER)
                .ch("oprkind", kind)
                .bool("oprcanmerge", eq_same)
                .bool("oprcanhash", eq_same)
                .oid("oprleft", o.left)
                .oid("oprright", o.right)
                .oid("oprresult", o.result)
                .oid("oprcom", o.commutator)
                .oid("oprnegate", o.negator)
                .oid("oprcode", o.proc_oid)
                .oid("oprrest", rest)
                .oid("oprjoin", join)
                .build(),
        ));
    }

    // Aggregates (pg_proc + pg_aggregate).
    let agg_def = cat(schema::PG_AGGREGATE);
    for a in AGGS {
        if seen_procs.insert(a.oid) {
            local.push((
                schema::PG_PROC,
                RowBuilder::new(proc_def)
                    .row_oid(a.oid)
                    .text("proname", a.name)
                    .oid("pronamespace", PG_CATALOG_NAMESPACE)
                    .oid("proowner", BOOTSTRAP_SUPERUSER)
                    .oid("prolang", INTERNAL_LANG_OID)
                    .set("procost", Datum::Float4(1.0))
                    .set("prorows", Datum::Float4(0.0))
                    .bool("proisagg", true)
                    .bool("proisstrict", false)
                    .ch("provolatile", b'i')
                    .ch("proparallel", b's')
                    .i16("pronargs", a.args.len() as i16)
                    .oid("prorettype", a.ret)
                    .set("proargtypes", oidvector(a.args))
                    .text("prosrc", "aggregate_dummy")
                    .build(),
            ));
        }
        let sortop = match (a.sortop, a.args.first()) {
            ("", _) | (_, None) => 0,
            (op, Some(&ty)) => find_oper(op, ty, ty),
        };
        let mut b = RowBuilder::new(agg_def)
            .oid("aggfnoid", a.oid)
            .ch("aggkind", b'n')
            .i16("aggnumdirectargs", 0)
            .oid("aggsortop", sortop)
            .oid("aggtranstype", a.trans);
        if let Some(init) = a.init {
            b = b.text("agginitval", init);
        }
        local.push((schema::PG_AGGREGATE, b.build()));
    }

    // Casts.
    let cast_def = cat(schema::PG_CAST);
    let mut seen_casts = HashSet::new();
    for c in all_casts() {
        if !seen_casts.insert((c.source, c.target)) {
            continue;
        }
        local.push((
            schema::PG_CAST,
            RowBuilder::new(cast_def)
                .row_oid(boot_oid())
                .oid("castsource", c.source)
                .oid("casttarget", c.target)
                .oid("castfunc", c.func_oid)
                .ch("castcontext", c.context)
                .ch("castmethod", c.method)
                .build(),
        ));
    }

    // Access methods.
    let am_def = cat(schema::PG_AM);
    for (oid, name, handler) in [
        (403, "btree", 330),
        (405, "hash", 331),
        (783, "gist", 332),
        (2742, "gin", 333),
        (4000, "spgist", 334),
        (3580, "brin", 335),
    ] {
        local.push((
            schema::PG_AM,
            RowBuilder::new(am_def)
                .row_oid(oid)
                .text("amname", name)
                .oid("amhandler", handler)
                .ch("amtype", b'i')
                .build(),
        ));
    }

    // Languages.
    let lang_def = cat(schema::PG_LANGUAGE);
    for (oid, name, ispl, trusted, validator) in [
        (INTERNAL_LANG_OID, "internal", false, false, 2246),
        (C_LANG_OID, "c", false, false, 2247),
        (SQL_LANG_OID, "sql", false, true, 2248),
        (PLPGSQL_LANG_OID, "plpgsql", true, true, 0),
    ] {
        local.push((
            schema::PG_LANGUAGE,
            RowBuilder::new(lang_def)
                .row_oid(oid)
                .text("lanname", name)
                .oid("lanowner", BOOTSTRAP_SUPERUSER)
                .bool("lanispl", ispl)
                .bool("lanpltrusted", trusted)
                .oid("lanvalidator", validator)
                .build(),
        ));
    }
    local.push((
        schema::PG_EXTENSION,
        RowBuilder::new(cat(schema::PG_EXTENSION))
            .row_oid(PLPGSQL_EXT_OID)
            .text("extname", "plpgsql")
            .oid("extowner", BOOTSTRAP_SUPERUSER)
            .oid("extnamespace", PG_CATALOG_NAMESPACE)
            .bool("extrelocatable", false)
            .text("extversion", "1.0")
            .build(),
    ));
    local.push((
        schema::PG_DESCRIPTION,
        description_row(
            PLPGSQL_EXT_OID,
            schema::PG_EXTENSION,
            "PL/pgSQL procedural language",
        ),
    ));

    // Collations.
    let coll_def = cat(schema::PG_COLLATION);
    for (oid, name, provider, lc) in [
        (DEFAULT_COLLATION_OID, "default", b'd', ""),
        (C_COLLATION_OID, "C", b'c', "C"),
        (POSIX_COLLATION_OID, "POSIX", b'c', "POSIX"),
    ] {
        local.push((
            schema::PG_COLLATION,
            RowBuilder::new(coll_def)
                .row_oid(oid)
                .text("collname", name)
                .oid("collnamespace", PG_CATALOG_NAMESPACE)
                .oid("collowner", BOOTSTRAP_SUPERUSER)
                .ch("collprovider", provider)
                .i32("collencoding", -1)
                .text("collcollate", lc)
                .text("collctype", lc)
                .build(),
        ));
    }

    // Shared catalogs: databases, roles, tablespaces.
    let encoding = encoding_id(&options.encoding);
    let db_def = cat(schema::PG_DATABASE);
    for (oid, name, is_template, allow_conn, descr) in [
        (
            TEMPLATE1_DB,
            "template1",
            true,
            true,
            "default template for new databases",
        ),
        (
            TEMPLATE0_DB,
            "template0",
            true,
            false,
            "unmodifiable empty database",
        ),
        (
            POSTGRES_DB,
            "postgres",
            false,
            true,
            "default administrative connection database",
        ),
    ] {
        shared.push((
            schema::PG_DATABASE,
            RowBuilder::new(db_def)
                .row_oid(oid)
                .text("datname", name)
                .oid("datdba", BOOTSTRAP_SUPERUSER)
                .i32("encoding", encoding)
                .text("datcollate", &options.lc_collate)
                .text("datctype", &options.lc_ctype)
                .bool("datistemplate", is_template)
                .bool("datallowconn", allow_conn)
                .i32("datconnlimit", -1)
                .oid("datlastsysoid", LAST_SYSTEM_OID)
                .oid("datfrozenxid", txn::FIRST_NORMAL_XID)
                .oid("datminmxid", 1)
                .oid("dattablespace", storage::DEFAULTTABLESPACE_OID)
                .build(),
        ));
        shared.push((
            schema::PG_SHDESCRIPTION,
            RowBuilder::new(cat(schema::PG_SHDESCRIPTION))
                .oid("objoid", oid)
                .oid("classoid", schema::PG_DATABASE)
                .text("description", descr)
                .build(),
        ));
    }
    let role_def = cat(schema::PG_AUTHID);
    let password = options
        .superuser_password
        .as_ref()
        .map(|p| {
            if (p.starts_with("md5") && p.len() == 35) || p.starts_with("SCRAM-SHA-256$") {
                p.clone()
            } else {
                md5_password(p, &options.superuser)
            }
        })
        .map(Datum::Text)
        .unwrap_or(Datum::Null);
    shared.push((
        schema::PG_AUTHID,
        RowBuilder::new(role_def)
            .row_oid(BOOTSTRAP_SUPERUSER)
            .text("rolname", &options.superuser)
            .bool("rolsuper", true)
            .bool("rolinherit", true)
            .bool("rolcreaterole", true)
            .bool("rolcreatedb", true)
            .bool("rolcanlogin", true)
            .bool("rolreplication", true)
            .bool("rolbypassrls", true)
            .i32("rolconnlimit", -1)
            .set("rolpassword", password)
            .build(),
    ));
    for (oid, name) in [
        (3373, "pg_monitor"),
        (3374, "pg_read_all_settings"),
        (3375, "pg_read_all_stats"),
        (3377, "pg_stat_scan_tables"),
        (4200, "pg_signal_backend"),
    ] {
        shared.push((
            schema::PG_AUTHID,
            RowBuilder::new(role_def)
                .row_oid(oid)
                .text("rolname", name)
                .bool("rolinherit", true)
                .i32("rolconnlimit", -1)
                .build(),
        ));
    }
    for role in [3374, 3375, 3377] {
        shared.push((
            schema::PG_AUTH_MEMBERS,
            RowBuilder::new(cat(schema::PG_AUTH_MEMBERS))
                .oid("roleid", role)
                .oid("member", 3373)
                .oid("grantor", BOOTSTRAP_SUPERUSER)
                .bool("admin_option", false)
                .build(),
        ));
    }
    let spc_def = cat(schema::PG_TABLESPACE);
    for (oid, name) in [
        (storage::DEFAULTTABLESPACE_OID, "pg_default"),
        (storage::GLOBALTABLESPACE_OID, "pg_global"),
    ] {
        shared.push((
            schema::PG_TABLESPACE,
            RowBuilder::new(spc_def)
                .row_oid(oid)
                .text("spcname", name)
                .oid("spcowner", BOOTSTRAP_SUPERUSER)
                .build(),
        ));
    }
    BootRows { shared, local }
}

fn description_row(objoid: Oid, classoid: Oid, descr: &str) -> Vec<Datum> {
    RowBuilder::new(cat(schema::PG_DESCRIPTION))
        .oid("objoid", objoid)
        .oid("classoid", classoid)
        .i32("objsubid", 0)
        .text("description", descr)
        .build()
}

fn mkdir(p: &Path) -> PgResult<()> {
    std::fs::create_dir_all(p).map_err(|e| {
        PgError::new(
            common::sqlstate::IO_ERROR,
            format!("could not create directory \"{}\": {}", p.display(), e),
        )
    })
}

fn insert_all(
    storage: &Storage,
    rows: &[(Oid, Vec<Datum>)],
    db: Oid,
    w: &WriteCtx,
) -> PgResult<()> {
    for (catoid, values) in rows {
        let def = cat(*catoid);
        let desc = def.tuple_desc();
        access::heap_insert(storage, def.file(db), &desc, values, w)?;
    }
    Ok(())
}

/// Create the catalogs of a new cluster in `data_dir` (see `crate::bootstrap_cluster`).
pub fn bootstrap(data_dir: &Path, options: &BootstrapOptions) -> PgResult<()> {
    mkdir(&data_dir.join("global"))?;
    mkdir(&data_dir.join("pg_xact"))?;
    let dbs = [TEMPLATE1_DB, TEMPLATE0_DB, POSTGRES_DB];
    for db in dbs {
        let dir = data_dir.join("base").join(db.to_string());
        mkdir(&dir)?;
        let pv = dir.join("PG_VERSION");
        if !pv.exists() {
            std::fs::write(&pv, "10\n").map_err(|e| {
                PgError::new(
                    common::sqlstate::IO_ERROR,
                    format!("could not write file \"{}\": {}", pv.display(), e),
                )
            })?;
        }
    }
    let storage = Storage::open(data_dir, 1024)?;
    let tm = TransactionManager::open(data_dir)?;
    let rows = boot_rows(options);
    let snapshot = Snapshot::default();
    let interrupts = Interrupts::new();
    let w = WriteCtx {
        tm: &tm,
        xid: txn::FROZEN_XID,
        cid: 0,
        snapshot: &snapshot,
        interrupts: &interrupts,
    };
    for def in CATALOGS.iter().filter(|d| d.shared) {
        storage.create_relation(def.file(0))?;
    }
    insert_all(&storage, &rows.shared, 0, &w)?;
    for db in dbs {
        for def in CATALOGS.iter().filter(|d| !d.shared) {
            storage.create_relation(def.file(db))?;
        }
        insert_all(&storage, &rows.local, db, &w)?;
    }
    storage.flush_all()?;
    tm.flush()?;
    crate::oidgen::init_file(data_dir)?;
    Ok(())
}

/// The file of catalog `catoid` in database `db`.
pub fn catalog_file(catoid: Oid, db: Oid) -> RelFileNode {
    cat(catoid).file(db)
}
