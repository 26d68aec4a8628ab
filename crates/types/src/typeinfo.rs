//! The built-in types' pg_type attributes (PostgreSQL 10 facts): name, length, by-value,
//! alignment, category, preferred flag, element and array types. `initdb` writes pg_type from
//! this table; the analyzer uses categories and preferred types for overload resolution.

use crate::oids::*;
use common::Oid;

/// pg_type attributes of one built-in type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TypeInfo {
    pub oid: Oid,
    pub name: &'static str,
    /// typlen: >0 fixed, -1 varlena, -2 cstring.
    pub len: i16,
    pub byval: bool,
    /// typalign: b'c', b's', b'i', b'd'.
    pub align: u8,
    /// typstorage: b'p', b'x', b'm', b'e'.
    pub storage: u8,
    /// typtype: b'b' base, b'p' pseudo, b'c' composite, b'd' domain, b'e' enum, b'r' range.
    pub typtype: u8,
    /// typcategory: b'B', b'N', b'S', b'D', b'T', b'U', b'A', b'X', b'P', b'G', b'I', b'R', b'V', b'E', b'C'.
    pub category: u8,
    pub preferred: bool,
    /// typelem (element type for arrays and fixed-length "arrays" like name/point), else 0.
    pub elem: Oid,
    /// typarray: the array type whose element this is, else 0.
    pub array: Oid,
    /// Name of the input function (typinput), e.g. "int4in".
    pub input: &'static str,
    pub output: &'static str,
    pub receive: &'static str,
    pub send: &'static str,
    /// typmodin function name or "-" .
    pub modin: &'static str,
    pub delim: u8,
}

macro_rules! t {
    ($oid:expr, $name:expr, $len:expr, $byval:expr, $align:expr, $storage:expr, $typtype:expr, $cat:expr, $pref:expr, $elem:expr, $array:expr, $in:expr, $out:expr, $recv:expr, $send:expr, $modin:expr) => {
        TypeInfo {
            oid: $oid,
            name: $name,
            len: $len,
            byval: $byval,
            align: $align,
            storage: $storage,
            typtype: $typtype,
            category: $cat,
            preferred: $pref,
            elem: $elem,
            array: $array,
            input: $in,
            output: $out,
            receive: $recv,
            send: $send,
            modin: $modin,
            delim: b',',
        }
    };
}

macro_rules! arr {
    ($oid:expr, $name:expr, $elem:expr, $align:expr) => {
        t!($oid, $name, -1, false, $align, b'x', b'b', b'A', false, $elem, 0, "array_in", "array_out", "array_recv", "array_send", "-")
    };
}

/// Every built-in type, base types first, then their array types.
pub static BUILTIN_TYPES: &[TypeInfo] = &[
    t!(BOOL, "bool", 1, true, b'c', b'p', b'b', b'B', true, 0, BOOL_ARRAY, "boolin", "boolout", "boolrecv", "boolsend", "-"),
    t!(BYTEA, "bytea", -1, false, b'i', b'x', b'b', b'U', false, 0, BYTEA_ARRAY, "byteain", "byteaout", "bytearecv", "byteasend", "-"),
    t!(CHAR, "char", 1, true, b'c', b'p', b'b', b'S', false, 0, CHAR_ARRAY, "charin", "charout", "charrecv", "charsend", "-"),
    t!(NAME, "name", 64, false, b'c', b'p', b'b', b'S', false, CHAR, NAME_ARRAY, "namein", "nameout", "namerecv", "namesend", "-"),
    t!(INT8, "int8", 8, true, b'd', b'p', b'b', b'N', false, 0, INT8_ARRAY, "int8in", "int8out", "int8recv", "int8send", "-"),
    t!(INT2, "int2", 2, true, b's', b'p', b'b', b'N', false, 0, INT2_ARRAY, "int2in", "int2out", "int2recv", "int2send", "-"),
    t!(INT2VECTOR, "int2vector", -1, false, b'i', b'p', b'b', b'A', false, INT2, INT2VECTOR_ARRAY, "int2vectorin", "int2vectorout", "int2vectorrecv", "int2vectorsend", "-"),
    t!(INT4, "int4", 4, true, b'i', b'p', b'b', b'N', false, 0, INT4_ARRAY, "int4in", "int4out", "int4recv", "int4send", "-"),
    t!(REGPROC, "regproc", 4, true, b'i', b'p', b'b', b'N', false, 0, REGPROC_ARRAY, "regprocin", "regprocout", "regprocrecv", "regprocsend", "-"),
    t!(TEXT, "text", -1, false, b'i', b'x', b'b', b'S', true, 0, TEXT_ARRAY, "textin", "textout", "textrecv", "textsend", "-"),
    t!(OID, "oid", 4, true, b'i', b'p', b'b', b'N', false, 0, OID_ARRAY, "oidin", "oidout", "oidrecv", "oidsend", "-"),
    t!(TID, "tid", 6, false, b's', b'p', b'b', b'U', false, 0, TID_ARRAY, "tidin", "tidout", "tidrecv", "tidsend", "-"),
    t!(XID, "xid", 4, true, b'i', b'p', b'b', b'U', false, 0, XID_ARRAY, "xidin", "xidout", "xidrecv", "xidsend", "-"),
    t!(CID, "cid", 4, true, b'i', b'p', b'b', b'U', false, 0, CID_ARRAY, "cidin", "cidout", "cidrecv", "cidsend", "-"),
    t!(OIDVECTOR, "oidvector", -1, false, b'i', b'p', b'b', b'A', false, OID, OIDVECTOR_ARRAY, "oidvectorin", "oidvectorout", "oidvectorrecv", "oidvectorsend", "-"),
    t!(JSON, "json", -1, false, b'i', b'x', b'b', b'U', false, 0, JSON_ARRAY, "json_in", "json_out", "json_recv", "json_send", "-"),
    t!(XML, "xml", -1, false, b'i', b'x', b'b', b'U', false, 0, 143, "xml_in", "xml_out", "xml_recv", "xml_send", "-"),
    t!(PG_NODE_TREE, "pg_node_tree", -1, false, b'i', b'x', b'b', b'S', false, 0, 0, "pg_node_tree_in", "pg_node_tree_out", "pg_node_tree_recv", "pg_node_tree_send", "-"),
    t!(POINT, "point", 16, false, b'd', b'p', b'b', b'G', false, FLOAT8, 1017, "point_in", "point_out", "point_recv", "point_send", "-"),
    t!(LSEG, "lseg", 32, false, b'd', b'p', b'b', b'G', false, POINT, 1018, "lseg_in", "lseg_out", "lseg_recv", "lseg_send", "-"),
    t!(PATH, "path", -1, false, b'd', b'x', b'b', b'G', false, 0, 1019, "path_in", "path_out", "path_recv", "path_send", "-"),
    t!(BOX, "box", 32, false, b'd', b'p', b'b', b'G', false, POINT, 1020, "box_in", "box_out", "box_recv", "box_send", "-"),
    t!(POLYGON, "polygon", -1, false, b'd', b'x', b'b', b'G', false, 0, 1027, "poly_in", "poly_out", "poly_recv", "poly_send", "-"),
    t!(LINE, "line", 24, false, b'd', b'p', b'b', b'G', false, FLOAT8, 629, "line_in", "line_out", "line_recv", "line_send", "-"),
    t!(CIDR, "cidr", -1, false, b'i', b'm', b'b', b'I', false, 0, 651, "cidr_in", "cidr_out", "cidr_recv", "cidr_send", "-"),
    t!(FLOAT4, "float4", 4, true, b'i', b'p', b'b', b'N', false, 0, FLOAT4_ARRAY, "float4in", "float4out", "float4recv", "float4send", "-"),
    t!(FLOAT8, "float8", 8, true, b'd', b'p', b'b', b'N', true, 0, FLOAT8_ARRAY, "float8in", "float8out", "float8recv", "float8send", "-"),
    t!(ABSTIME, "abstime", 4, true, b'i', b'p', b'b', b'D', false, 0, 1023, "abstimein", "abstimeout", "abstimerecv", "abstimesend", "-"),
    t!(RELTIME, "reltime", 4, true, b'i', b'p', b'b', b'T', false, 0, 1024, "reltimein", "reltimeout", "reltimerecv", "reltimesend", "-"),
    t!(TINTERVAL, "tinterval", 12, false, b'i', b'p', b'b', b'T', false, 0, 1025, "tintervalin", "tintervalout", "tintervalrecv", "tintervalsend", "-"),
    t!(UNKNOWN, "unknown", -2, false, b'c', b'p', b'p', b'X', false, 0, 0, "unknownin", "unknownout", "unknownrecv", "unknownsend", "-"),
    t!(CIRCLE, "circle", 24, false, b'd', b'p', b'b', b'G', false, 0, 719, "circle_in", "circle_out", "circle_recv", "circle_send", "-"),
    t!(MACADDR8, "macaddr8", 8, false, b'i', b'p', b'b', b'U', false, 0, 775, "macaddr8_in", "macaddr8_out", "macaddr8_recv", "macaddr8_send", "-"),
    t!(MONEY, "money", 8, true, b'd', b'p', b'b', b'N', false, 0, MONEY_ARRAY, "cash_in", "cash_out", "cash_recv", "cash_send", "-"),
    t!(MACADDR, "macaddr", 6, false, b'i', b'p', b'b', b'U', false, 0, 1040, "macaddr_in", "macaddr_out", "macaddr_recv", "macaddr_send", "-"),
    t!(INET, "inet", -1, false, b'i', b'm', b'b', b'I', true, 0, 1041, "inet_in", "inet_out", "inet_recv", "inet_send", "-"),
    t!(ACLITEM, "aclitem", 12, false, b'i', b'p', b'b', b'U', false, 0, ACLITEM_ARRAY, "aclitemin", "aclitemout", "-", "-", "-"),
    t!(BPCHAR, "bpchar", -1, false, b'i', b'x', b'b', b'S', false, 0, BPCHAR_ARRAY, "bpcharin", "bpcharout", "bpcharrecv", "bpcharsend", "bpchartypmodin"),
    t!(VARCHAR, "varchar", -1, false, b'i', b'x', b'b', b'S', false, 0, VARCHAR_ARRAY, "varcharin", "varcharout", "varcharrecv", "varcharsend", "varchartypmodin"),
    t!(DATE, "date", 4, true, b'i', b'p', b'b', b'D', false, 0, DATE_ARRAY, "date_in", "date_out", "date_recv", "date_send", "-"),
    t!(TIME, "time", 8, true, b'd', b'p', b'b', b'D', false, 0, TIME_ARRAY, "time_in", "time_out", "time_recv", "time_send", "timetypmodin"),
    t!(TIMESTAMP, "timestamp", 8, true, b'd', b'p', b'b', b'D', false, 0, TIMESTAMP_ARRAY, "timestamp_in", "timestamp_out", "timestamp_recv", "timestamp_send", "timestamptypmodin"),
    t!(TIMESTAMPTZ, "timestamptz", 8, true, b'd', b'p', b'b', b'D', true, 0, TIMESTAMPTZ_ARRAY, "timestamptz_in", "timestamptz_out", "timestamptz_recv", "timestamptz_send", "timestamptztypmodin"),
    t!(INTERVAL, "interval", 16, false, b'd', b'p', b'b', b'T', true, 0, INTERVAL_ARRAY, "interval_in", "interval_out", "interval_recv", "interval_send", "intervaltypmodin"),
    t!(TIMETZ, "timetz", 12, false, b'd', b'p', b'b', b'D', false, 0, TIMETZ_ARRAY, "timetz_in", "timetz_out", "timetz_recv", "timetz_send", "timetztypmodin"),
    t!(BIT, "bit", -1, false, b'i', b'x', b'b', b'V', false, 0, 1561, "bit_in", "bit_out", "bit_recv", "bit_send", "bittypmodin"),
    t!(VARBIT, "varbit", -1, false, b'i', b'x', b'b', b'V', true, 0, 1563, "varbit_in", "varbit_out", "varbit_recv", "varbit_send", "varbittypmodin"),
    t!(NUMERIC, "numeric", -1, false, b'i', b'm', b'b', b'N', false, 0, NUMERIC_ARRAY, "numeric_in", "numeric_out", "numeric_recv", "numeric_send", "numerictypmodin"),
    t!(REFCURSOR, "refcursor", -1, false, b'i', b'x', b'b', b'U', false, 0, 2201, "textin", "textout", "textrecv", "textsend", "-"),
    t!(REGPROCEDURE, "regprocedure", 4, true, b'i', b'p', b'b', b'N', false, 0, 2207, "regprocedurein", "regprocedureout", "regprocedurerecv", "regproceduresend", "-"),
    t!(REGOPER, "regoper", 4, true, b'i', b'p', b'b', b'N', false, 0, 2208, "regoperin", "regoperout", "regoperrecv", "regopersend", "-"),
    t!(REGOPERATOR, "regoperator", 4, true, b'i', b'p', b'b', b'N', false, 0, 2209, "regoperatorin", "regoperatorout", "regoperatorrecv", "regoperatorsend", "-"),
    t!(REGCLASS, "regclass", 4, true, b'i', b'p', b'b', b'N', false, 0, REGCLASS_ARRAY, "regclassin", "regclassout", "regclassrecv", "regclasssend", "-"),
    t!(REGTYPE, "regtype", 4, true, b'i', b'p', b'b', b'N', false, 0, REGTYPE_ARRAY, "regtypein", "regtypeout", "regtyperecv", "regtypesend", "-"),
    t!(REGROLE, "regrole", 4, true, b'i', b'p', b'b', b'N', false, 0, 4097, "regrolein", "regroleout", "regrolerecv", "regrolesend", "-"),
    t!(REGNAMESPACE, "regnamespace", 4, true, b'i', b'p', b'b', b'N', false, 0, 4090, "regnamespacein", "regnamespaceout", "regnamespacerecv", "regnamespacesend", "-"),
    t!(UUID, "uuid", 16, false, b'c', b'p', b'b', b'U', false, 0, UUID_ARRAY, "uuid_in", "uuid_out", "uuid_recv", "uuid_send", "-"),
    t!(TXID_SNAPSHOT, "txid_snapshot", -1, false, b'd', b'x', b'b', b'U', false, 0, 2949, "txid_snapshot_in", "txid_snapshot_out", "txid_snapshot_recv", "txid_snapshot_send", "-"),
    t!(PG_LSN, "pg_lsn", 8, true, b'd', b'p', b'b', b'U', false, 0, 3221, "pg_lsn_in", "pg_lsn_out", "pg_lsn_recv", "pg_lsn_send", "-"),
    t!(TSVECTOR, "tsvector", -1, false, b'i', b'x', b'b', b'U', false, 0, 3643, "tsvectorin", "tsvectorout", "tsvectorrecv", "tsvectorsend", "-"),
    t!(TSQUERY, "tsquery", -1, false, b'i', b'p', b'b', b'U', false, 0, 3645, "tsqueryin", "tsqueryout", "tsqueryrecv", "tsquerysend", "-"),
    t!(REGCONFIG, "regconfig", 4, true, b'i', b'p', b'b', b'N', false, 0, 3735, "regconfigin", "regconfigout", "regconfigrecv", "regconfigsend", "-"),
    t!(REGDICTIONARY, "regdictionary", 4, true, b'i', b'p', b'b', b'N', false, 0, 3770, "regdictionaryin", "regdictionaryout", "regdictionaryrecv", "regdictionarysend", "-"),
    t!(JSONB, "jsonb", -1, false, b'i', b'x', b'b', b'U', false, 0, JSONB_ARRAY, "jsonb_in", "jsonb_out", "jsonb_recv", "jsonb_send", "-"),
    t!(INT4RANGE, "int4range", -1, false, b'i', b'x', b'r', b'R', false, 0, 3905, "range_in", "range_out", "range_recv", "range_send", "-"),
    t!(NUMRANGE, "numrange", -1, false, b'i', b'x', b'r', b'R', false, 0, 3907, "range_in", "range_out", "range_recv", "range_send", "-"),
    t!(TSRANGE, "tsrange", -1, false, b'd', b'x', b'r', b'R', false, 0, 3909, "range_in", "range_out", "range_recv", "range_send", "-"),
    t!(TSTZRANGE, "tstzrange", -1, false, b'd', b'x', b'r', b'R', false, 0, 3911, "range_in", "range_out", "range_recv", "range_send", "-"),
    t!(DATERANGE, "daterange", -1, false, b'i', b'x', b'r', b'R', false, 0, 3913, "range_in", "range_out", "range_recv", "range_send", "-"),
    t!(INT8RANGE, "int8range", -1, false, b'd', b'x', b'r', b'R', false, 0, 3927, "range_in", "range_out", "range_recv", "range_send", "-"),
    // Pseudo-types.
    t!(RECORD, "record", -1, false, b'd', b'x', b'p', b'P', false, 0, RECORD_ARRAY, "record_in", "record_out", "record_recv", "record_send", "-"),
    t!(CSTRING, "cstring", -2, false, b'c', b'p', b'p', b'P', false, 0, CSTRING_ARRAY, "cstring_in", "cstring_out", "cstring_recv", "cstring_send", "-"),
    t!(ANY, "any", 4, true, b'i', b'p', b'p', b'P', false, 0, 0, "any_in", "any_out", "-", "-", "-"),
    t!(ANYARRAY, "anyarray", -1, false, b'd', b'x', b'p', b'P', false, 0, 0, "anyarray_in", "anyarray_out", "anyarray_recv", "anyarray_send", "-"),
    t!(VOID, "void", 4, true, b'i', b'p', b'p', b'P', false, 0, 0, "void_in", "void_out", "void_recv", "void_send", "-"),
    t!(TRIGGER, "trigger", 4, true, b'i', b'p', b'p', b'P', false, 0, 0, "trigger_in", "trigger_out", "-", "-", "-"),
    t!(EVENT_TRIGGER, "event_trigger", 4, true, b'i', b'p', b'p', b'P', false, 0, 0, "event_trigger_in", "event_trigger_out", "-", "-", "-"),
    t!(LANGUAGE_HANDLER, "language_handler", 4, true, b'i', b'p', b'p', b'P', false, 0, 0, "language_handler_in", "language_handler_out", "-", "-", "-"),
    t!(INTERNAL, "internal", 8, true, b'd', b'p', b'p', b'P', false, 0, 0, "internal_in", "internal_out", "-", "-", "-"),
    t!(OPAQUE, "opaque", 4, true, b'i', b'p', b'p', b'P', false, 0, 0, "opaque_in", "opaque_out", "-", "-", "-"),
    t!(ANYELEMENT, "anyelement", 4, true, b'i', b'p', b'p', b'P', false, 0, 0, "anyelement_in", "anyelement_out", "-", "-", "-"),
    t!(ANYNONARRAY, "anynonarray", 4, true, b'i', b'p', b'p', b'P', false, 0, 0, "anynonarray_in", "anynonarray_out", "-", "-", "-"),
    t!(ANYENUM, "anyenum", 4, true, b'i', b'p', b'p', b'P', false, 0, 0, "anyenum_in", "anyenum_out", "-", "-", "-"),
    t!(ANYRANGE, "anyrange", -1, false, b'd', b'x', b'p', b'P', false, 0, 0, "anyrange_in", "anyrange_out", "-", "-", "-"),
    t!(FDW_HANDLER, "fdw_handler", 4, true, b'i', b'p', b'p', b'P', false, 0, 0, "fdw_handler_in", "fdw_handler_out", "-", "-", "-"),
    // Array types.
    arr!(BOOL_ARRAY, "_bool", BOOL, b'i'),
    arr!(BYTEA_ARRAY, "_bytea", BYTEA, b'i'),
    arr!(CHAR_ARRAY, "_char", CHAR, b'i'),
    arr!(NAME_ARRAY, "_name", NAME, b'i'),
    arr!(INT2_ARRAY, "_int2", INT2, b'i'),
    arr!(INT2VECTOR_ARRAY, "_int2vector", INT2VECTOR, b'i'),
    arr!(INT4_ARRAY, "_int4", INT4, b'i'),
    arr!(REGPROC_ARRAY, "_regproc", REGPROC, b'i'),
    arr!(TEXT_ARRAY, "_text", TEXT, b'i'),
    arr!(TID_ARRAY, "_tid", TID, b'i'),
    arr!(XID_ARRAY, "_xid", XID, b'i'),
    arr!(CID_ARRAY, "_cid", CID, b'i'),
    arr!(OIDVECTOR_ARRAY, "_oidvector", OIDVECTOR, b'i'),
    arr!(BPCHAR_ARRAY, "_bpchar", BPCHAR, b'i'),
    arr!(VARCHAR_ARRAY, "_varchar", VARCHAR, b'i'),
    arr!(INT8_ARRAY, "_int8", INT8, b'd'),
    arr!(1017, "_point", POINT, b'd'),
    arr!(1018, "_lseg", LSEG, b'd'),
    arr!(1019, "_path", PATH, b'd'),
    arr!(1020, "_box", BOX, b'd'),
    arr!(FLOAT4_ARRAY, "_float4", FLOAT4, b'i'),
    arr!(FLOAT8_ARRAY, "_float8", FLOAT8, b'd'),
    arr!(1023, "_abstime", ABSTIME, b'i'),
    arr!(1024, "_reltime", RELTIME, b'i'),
    arr!(1025, "_tinterval", TINTERVAL, b'i'),
    arr!(1027, "_polygon", POLYGON, b'd'),
    arr!(OID_ARRAY, "_oid", OID, b'i'),
    arr!(ACLITEM_ARRAY, "_aclitem", ACLITEM, b'i'),
    arr!(1040, "_macaddr", MACADDR, b'i'),
    arr!(1041, "_inet", INET, b'i'),
    arr!(651, "_cidr", CIDR, b'i'),
    arr!(629, "_line", LINE, b'd'),
    arr!(719, "_circle", CIRCLE, b'd'),
    arr!(775, "_macaddr8", MACADDR8, b'i'),
    arr!(MONEY_ARRAY, "_money", MONEY, b'd'),
    arr!(CSTRING_ARRAY, "_cstring", CSTRING, b'i'),
    arr!(DATE_ARRAY, "_date", DATE, b'i'),
    arr!(TIME_ARRAY, "_time", TIME, b'd'),
    arr!(TIMESTAMP_ARRAY, "_timestamp", TIMESTAMP, b'd'),
    arr!(TIMESTAMPTZ_ARRAY, "_timestamptz", TIMESTAMPTZ, b'd'),
    arr!(INTERVAL_ARRAY, "_interval", INTERVAL, b'd'),
    arr!(TIMETZ_ARRAY, "_timetz", TIMETZ, b'd'),
    arr!(1561, "_bit", BIT, b'i'),
    arr!(1563, "_varbit", VARBIT, b'i'),
    arr!(NUMERIC_ARRAY, "_numeric", NUMERIC, b'i'),
    arr!(2201, "_refcursor", REFCURSOR, b'i'),
    arr!(2207, "_regprocedure", REGPROCEDURE, b'i'),
    arr!(2208, "_regoper", REGOPER, b'i'),
    arr!(2209, "_regoperator", REGOPERATOR, b'i'),
    arr!(REGCLASS_ARRAY, "_regclass", REGCLASS, b'i'),
    arr!(REGTYPE_ARRAY, "_regtype", REGTYPE, b'i'),
    arr!(4097, "_regrole", REGROLE, b'i'),
    arr!(4090, "_regnamespace", REGNAMESPACE, b'i'),
    arr!(UUID_ARRAY, "_uuid", UUID, b'i'),
    arr!(2949, "_txid_snapshot", TXID_SNAPSHOT, b'd'),
    arr!(3221, "_pg_lsn", PG_LSN, b'd'),
    arr!(3643, "_tsvector", TSVECTOR, b'i'),
    arr!(3645, "_tsquery", TSQUERY, b'i'),
    arr!(3735, "_regconfig", REGCONFIG, b'i'),
    arr!(3770, "_regdictionary", REGDICTIONARY, b'i'),
    arr!(JSON_ARRAY, "_json", JSON, b'i'),
    arr!(JSONB_ARRAY, "_jsonb", JSONB, b'i'),
    arr!(143, "_xml", XML, b'i'),
    arr!(3905, "_int4range", INT4RANGE, b'i'),
    arr!(3907, "_numrange", NUMRANGE, b'i'),
    arr!(3909, "_tsrange", TSRANGE, b'd'),
    arr!(3911, "_tstzrange", TSTZRANGE, b'd'),
    arr!(3913, "_daterange", DATERANGE, b'i'),
    arr!(3927, "_int8range", INT8RANGE, b'd'),
    arr!(RECORD_ARRAY, "_record", RECORD, b'd'),
];

/// Look up a built-in type by OID.
pub fn type_info(oid: Oid) -> Option<&'static TypeInfo> {
    // The table is small; a linear scan over a static slice is fast enough for analysis-time use.
    // Hot paths should cache the result.
    BUILTIN_TYPES.iter().find(|t| t.oid == oid)
}

/// Look up a built-in type by its pg_type name (`int4`, `_text`, ...).
pub fn type_by_name(name: &str) -> Option<&'static TypeInfo> {
    BUILTIN_TYPES.iter().find(|t| t.name == name)
}

/// The array type of `elem`, if it has one.
pub fn array_type_of(elem: Oid) -> Option<Oid> {
    type_info(elem).map(|t| t.array).filter(|&a| a != 0)
}

/// The element type of array type `arr`, if it is an array type (category 'A' with typlen -1).
pub fn element_type_of(arr: Oid) -> Option<Oid> {
    type_info(arr)
        .filter(|t| t.category == b'A' && t.len == -1)
        .map(|t| t.elem)
}

/// PostgreSQL's SQL-standard display name for a built-in type (format_type without typmod):
/// `integer`, `character varying`, `timestamp without time zone`, `text[]`, ...
pub fn display_name(oid: Oid) -> String {
    match oid {
        BOOL => "boolean".into(),
        INT2 => "smallint".into(),
        INT4 => "integer".into(),
        INT8 => "bigint".into(),
        FLOAT4 => "real".into(),
        FLOAT8 => "double precision".into(),
        BPCHAR => "character".into(),
        VARCHAR => "character varying".into(),
        TIME => "time without time zone".into(),
        TIMETZ => "time with time zone".into(),
        TIMESTAMP => "timestamp without time zone".into(),
        TIMESTAMPTZ => "timestamp with time zone".into(),
        BIT => "bit".into(),
        VARBIT => "bit varying".into(),
        CHAR => "\"char\"".into(),
        _ => match type_info(oid) {
            Some(t) if t.category == b'A' && t.len == -1 && t.elem != 0 => {
                format!("{}[]", display_name(t.elem))
            }
            Some(t) => t.name.to_string(),
            None => "???".to_string(),
        },
    }
}

/// format_type(oid, typmod): the display name with its type modifier, as PostgreSQL prints it
/// (`character varying(10)`, `numeric(10,2)`, `timestamp(3) without time zone`).
pub fn format_type(oid: Oid, typmod: i32) -> String {
    const VARHDRSZ: i32 = 4;
    if typmod < 0 {
        return display_name(oid);
    }
    match oid {
        BPCHAR => format!("character({})", typmod - VARHDRSZ),
        VARCHAR => format!("character varying({})", typmod - VARHDRSZ),
        NUMERIC => {
            let t = typmod - VARHDRSZ;
            format!("numeric({},{})", (t >> 16) & 0xffff, t & 0xffff)
        }
        BIT => format!("bit({typmod})"),
        VARBIT => format!("bit varying({typmod})"),
        TIME => format!("time({typmod}) without time zone"),
        TIMETZ => format!("time({typmod}) with time zone"),
        TIMESTAMP => format!("timestamp({typmod}) without time zone"),
        TIMESTAMPTZ => format!("timestamp({typmod}) with time zone"),
        _ => display_name(oid),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn array_links_are_consistent() {
        for t in BUILTIN_TYPES {
            if t.array != 0 {
                let a = type_info(t.array).unwrap_or_else(|| panic!("array of {}", t.name));
                assert_eq!(a.elem, t.oid, "{}", t.name);
            }
        }
    }

    #[test]
    fn names() {
        assert_eq!(format_type(VARCHAR, 14), "character varying(10)");
        assert_eq!(format_type(NUMERIC, ((10 << 16) | 2) + 4), "numeric(10,2)");
        assert_eq!(display_name(TEXT_ARRAY), "text[]");
        assert_eq!(type_by_name("int4").map(|t| t.oid), Some(INT4));
    }
}
