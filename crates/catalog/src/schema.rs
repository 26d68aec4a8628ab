//! The system catalogs' definitions: PostgreSQL 10's relation OIDs, row-type OIDs, column
//! names and types (in attnum order), shared-ness and WITH OIDS, plus the physical tuple
//! layout Tusk uses for them (the user columns, then — for catalogs with OIDs — the row's OID
//! as one extra trailing physical attribute, since heap tuples here carry no OID header field).

use access::{AttrDesc, TupleDesc};
use common::Oid;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};
use storage::{RelFileNode, DEFAULTTABLESPACE_OID, GLOBALTABLESPACE_OID};
use types::oids as t;

/// Types used by catalog columns that are not in `types::oids`.
pub const PG_NDISTINCT: Oid = 3361;
pub const PG_DEPENDENCIES: Oid = 3402;

/// One column of a system catalog.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ColumnDef {
    pub name: &'static str,
    pub type_oid: Oid,
}

/// One system catalog.
#[derive(Debug)]
pub struct CatalogDef {
    /// pg_class OID (also its relfilenode).
    pub oid: Oid,
    pub name: &'static str,
    /// OID of its row type in pg_type.
    pub rowtype: Oid,
    /// Shared across databases (stored once under global/).
    pub shared: bool,
    /// Rows carry an OID (system column `oid`, attnum -2).
    pub has_oids: bool,
    pub columns: &'static [ColumnDef],
    /// Columns forced NOT NULL although the fixed-width-prefix rule would not (BKI_FORCE_NOT_NULL).
    pub force_not_null: &'static [&'static str],
}

/// Physical facts (typlen, typbyval, typalign, typstorage) of a type used in a catalog.
pub fn type_phys(type_oid: Oid) -> (i16, bool, u8, u8) {
    match types::type_info(type_oid) {
        Some(ti) => (ti.len, ti.byval, ti.align, ti.storage),
        None => (-1, false, b'i', b'x'),
    }
}

impl CatalogDef {
    /// Index of column `name` in `columns` (= attnum - 1).
    pub fn col(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }

    /// Number of user columns (relnatts).
    pub fn natts(&self) -> usize {
        self.columns.len()
    }

    /// Physical index of the row OID (after the user columns), if the catalog has OIDs.
    pub fn oid_index(&self) -> Option<usize> {
        if self.has_oids {
            Some(self.columns.len())
        } else {
            None
        }
    }

    /// attnotnull of each column: PostgreSQL marks NOT NULL every column of the fixed-width
    /// prefix of the row (oidvector and int2vector count as fixed), plus forced ones.
    pub fn not_null(&self) -> Vec<bool> {
        let mut prefix = true;
        self.columns
            .iter()
            .map(|c| {
                let (len, ..) = type_phys(c.type_oid);
                let fixed = len > 0 || c.type_oid == t::OIDVECTOR || c.type_oid == t::INT2VECTOR;
                prefix = prefix && fixed;
                prefix || self.force_not_null.contains(&c.name)
            })
            .collect()
    }

    /// The relation's file in database `db` (shared catalogs live in global/).
    pub fn file(&self, db: Oid) -> RelFileNode {
        if self.shared {
            RelFileNode {
                spc_node: GLOBALTABLESPACE_OID,
                db_node: 0,
                rel_node: self.oid,
            }
        } else {
            RelFileNode {
                spc_node: DEFAULTTABLESPACE_OID,
                db_node: db,
                rel_node: self.oid,
            }
        }
    }

    /// The physical tuple layout (user columns, then the OID if `has_oids`).
    pub fn tuple_desc(&self) -> Arc<TupleDesc> {
        descs()
            .get(&self.oid)
            .cloned()
            .unwrap_or_else(|| Arc::new(build_desc(self)))
    }
}

fn build_desc(def: &CatalogDef) -> TupleDesc {
    let mut attrs: Vec<AttrDesc> = def
        .columns
        .iter()
        .map(|c| {
            let (len, byval, align, _) = type_phys(c.type_oid);
            AttrDesc {
                type_oid: c.type_oid,
                typmod: -1,
                len,
                byval,
                align,
                dropped: false,
            }
        })
        .collect();
    if def.has_oids {
        attrs.push(AttrDesc::for_type(t::OID, -1));
    }
    TupleDesc { attrs }
}

fn descs() -> &'static HashMap<Oid, Arc<TupleDesc>> {
    static DESCS: OnceLock<HashMap<Oid, Arc<TupleDesc>>> = OnceLock::new();
    DESCS.get_or_init(|| {
        CATALOGS
            .iter()
            .map(|d| (d.oid, Arc::new(build_desc(d))))
            .collect()
    })
}

/// The catalog with relation OID `oid`.
pub fn by_oid(oid: Oid) -> Option<&'static CatalogDef> {
    CATALOGS.iter().find(|d| d.oid == oid)
}

/// The catalog named `name`.
pub fn by_name(name: &str) -> Option<&'static CatalogDef> {
    CATALOGS.iter().find(|d| d.name == name)
}

/// True if `oid` is a shared catalog.
pub fn is_shared(oid: Oid) -> bool {
    by_oid(oid).map(|d| d.shared).unwrap_or(false)
}

/// The system columns of a relation: (name, attnum, type). `oid` only for tables WITH OIDS.
pub fn system_columns(has_oids: bool) -> Vec<(&'static str, i16, Oid)> {
    let mut v = vec![("ctid", -1, t::TID)];
    if has_oids {
        v.push(("oid", -2, t::OID));
    }
    v.extend([
        ("xmin", -3, t::XID),
        ("cmin", -4, t::CID),
        ("xmax", -5, t::XID),
        ("cmax", -6, t::CID),
        ("tableoid", -7, t::OID),
    ]);
    v
}

macro_rules! cols {
    ($(($n:expr, $t:expr)),* $(,)?) => {
        &[$(ColumnDef { name: $n, type_oid: $t }),*]
    };
}

macro_rules! catdef {
    ($oid:expr, $name:expr, $rowtype:expr, shared = $shared:expr, oids = $oids:expr, $cols:expr) => {
        catdef!(
            $oid,
            $name,
            $rowtype,
            shared = $shared,
            oids = $oids,
            $cols,
            &[]
        )
    };
    ($oid:expr, $name:expr, $rowtype:expr, shared = $shared:expr, oids = $oids:expr, $cols:expr, $fnn:expr) => {
        CatalogDef {
            oid: $oid,
            name: $name,
            rowtype: $rowtype,
            shared: $shared,
            has_oids: $oids,
            columns: $cols,
            force_not_null: $fnn,
        }
    };
}

// Relation OIDs.
pub const PG_TYPE: Oid = 1247;
pub const PG_ATTRIBUTE: Oid = 1249;
pub const PG_PROC: Oid = 1255;
pub const PG_CLASS: Oid = 1259;
pub const PG_AUTHID: Oid = 1260;
pub const PG_AUTH_MEMBERS: Oid = 1261;
pub const PG_DATABASE: Oid = 1262;
pub const PG_FOREIGN_SERVER: Oid = 1417;
pub const PG_USER_MAPPING: Oid = 1418;
pub const PG_PLTEMPLATE: Oid = 1136;
pub const PG_TABLESPACE: Oid = 1213;
pub const PG_SHDEPEND: Oid = 1214;
pub const PG_AGGREGATE: Oid = 2600;
pub const PG_AM: Oid = 2601;
pub const PG_AMOP: Oid = 2602;
pub const PG_AMPROC: Oid = 2603;
pub const PG_ATTRDEF: Oid = 2604;
pub const PG_CAST: Oid = 2605;
pub const PG_CONSTRAINT: Oid = 2606;
pub const PG_CONVERSION: Oid = 2607;
pub const PG_DEPEND: Oid = 2608;
pub const PG_DESCRIPTION: Oid = 2609;
pub const PG_INDEX: Oid = 2610;
pub const PG_INHERITS: Oid = 2611;
pub const PG_LANGUAGE: Oid = 2612;
pub const PG_LARGEOBJECT: Oid = 2613;
pub const PG_NAMESPACE: Oid = 2615;
pub const PG_OPCLASS: Oid = 2616;
pub const PG_OPERATOR: Oid = 2617;
pub const PG_REWRITE: Oid = 2618;
pub const PG_STATISTIC: Oid = 2619;
pub const PG_TRIGGER: Oid = 2620;
pub const PG_OPFAMILY: Oid = 2753;
pub const PG_DB_ROLE_SETTING: Oid = 2964;
pub const PG_LARGEOBJECT_METADATA: Oid = 2995;
pub const PG_EXTENSION: Oid = 3079;
pub const PG_FOREIGN_DATA_WRAPPER: Oid = 2328;
pub const PG_FOREIGN_TABLE: Oid = 3118;
pub const PG_POLICY: Oid = 3256;
pub const PG_PARTITIONED_TABLE: Oid = 3350;
pub const PG_STATISTIC_EXT: Oid = 3381;
pub const PG_INIT_PRIVS: Oid = 3394;
pub const PG_COLLATION: Oid = 3456;
pub const PG_EVENT_TRIGGER: Oid = 3466;
pub const PG_ENUM: Oid = 3501;
pub const PG_RANGE: Oid = 3541;
pub const PG_TRANSFORM: Oid = 3576;
pub const PG_SHSECLABEL: Oid = 3592;
pub const PG_SECLABEL: Oid = 3596;
pub const PG_TS_DICT: Oid = 3600;
pub const PG_TS_PARSER: Oid = 3601;
pub const PG_TS_CONFIG: Oid = 3602;
pub const PG_TS_CONFIG_MAP: Oid = 3603;
pub const PG_TS_TEMPLATE: Oid = 3764;
pub const PG_DEFAULT_ACL: Oid = 826;
pub const PG_SEQUENCE: Oid = 2224;
pub const PG_SHDESCRIPTION: Oid = 2396;
pub const PG_REPLICATION_ORIGIN: Oid = 6000;
pub const PG_SUBSCRIPTION: Oid = 6100;
pub const PG_SUBSCRIPTION_REL: Oid = 6102;
pub const PG_PUBLICATION: Oid = 6104;
pub const PG_PUBLICATION_REL: Oid = 6106;

/// Row-type OIDs that PostgreSQL fixes (the others are assigned at bootstrap).
pub const PG_TYPE_ROWTYPE: Oid = 71;
pub const PG_ATTRIBUTE_ROWTYPE: Oid = 75;
pub const PG_PROC_ROWTYPE: Oid = 81;
pub const PG_CLASS_ROWTYPE: Oid = 83;
pub const PG_DATABASE_ROWTYPE: Oid = 1248;
pub const PG_AUTHID_ROWTYPE: Oid = 2842;
pub const PG_AUTH_MEMBERS_ROWTYPE: Oid = 2843;
pub const PG_SHSECLABEL_ROWTYPE: Oid = 4066;
pub const PG_SUBSCRIPTION_ROWTYPE: Oid = 6101;

/// First OID of the row types PostgreSQL assigns during bootstrap (FirstBootstrapObjectId).
pub const FIRST_BOOTSTRAP_OID: Oid = 10000;

const ACL: Oid = t::ACLITEM_ARRAY;
const NODE: Oid = t::PG_NODE_TREE;

/// Every system catalog, in the order PostgreSQL's bootstrap creates them (bootstrap
/// catalogs first). Row types of catalogs without a fixed row-type OID get `0` here and are
/// numbered at bootstrap by `rowtype_oid`.
#[rustfmt::skip]
pub static CATALOGS: &[CatalogDef] = &[
    catdef!(PG_TYPE, "pg_type", PG_TYPE_ROWTYPE, shared = false, oids = true, cols![
        ("typname", t::NAME), ("typnamespace", t::OID), ("typowner", t::OID), ("typlen", t::INT2),
        ("typbyval", t::BOOL), ("typtype", t::CHAR), ("typcategory", t::CHAR),
        ("typispreferred", t::BOOL), ("typisdefined", t::BOOL), ("typdelim", t::CHAR),
        ("typrelid", t::OID), ("typelem", t::OID), ("typarray", t::OID), ("typinput", t::REGPROC),
        ("typoutput", t::REGPROC), ("typreceive", t::REGPROC), ("typsend", t::REGPROC),
        ("typmodin", t::REGPROC), ("typmodout", t::REGPROC), ("typanalyze", t::REGPROC),
        ("typalign", t::CHAR), ("typstorage", t::CHAR), ("typnotnull", t::BOOL),
        ("typbasetype", t::OID), ("typtypmod", t::INT4), ("typndims", t::INT4),
        ("typcollation", t::OID), ("typdefaultbin", NODE), ("typdefault", t::TEXT), ("typacl", ACL),
    ]),
    catdef!(PG_ATTRIBUTE, "pg_attribute", PG_ATTRIBUTE_ROWTYPE, shared = false, oids = false, cols![
        ("attrelid", t::OID), ("attname", t::NAME), ("atttypid", t::OID), ("attstattarget", t::INT4),
        ("attlen", t::INT2), ("attnum", t::INT2), ("attndims", t::INT4), ("attcacheoff", t::INT4),
        ("atttypmod", t::INT4), ("attbyval", t::BOOL), ("attstorage", t::CHAR), ("attalign", t::CHAR),
        ("attnotnull", t::BOOL), ("atthasdef", t::BOOL), ("attidentity", t::CHAR),
        ("attisdropped", t::BOOL), ("attislocal", t::BOOL), ("attinhcount", t::INT4),
        ("attcollation", t::OID), ("attacl", ACL), ("attoptions", t::TEXT_ARRAY),
        ("attfdwoptions", t::TEXT_ARRAY),
    ]),
    catdef!(PG_PROC, "pg_proc", PG_PROC_ROWTYPE, shared = false, oids = true, cols![
        ("proname", t::NAME), ("pronamespace", t::OID), ("proowner", t::OID), ("prolang", t::OID),
        ("procost", t::FLOAT4), ("prorows", t::FLOAT4), ("provariadic", t::OID),
        ("protransform", t::REGPROC), ("proisagg", t::BOOL), ("proiswindow", t::BOOL),
        ("prosecdef", t::BOOL), ("proleakproof", t::BOOL), ("proisstrict", t::BOOL),
        ("proretset", t::BOOL), ("provolatile", t::CHAR), ("proparallel", t::CHAR),
        ("pronargs", t::INT2), ("pronargdefaults", t::INT2), ("prorettype", t::OID),
        ("proargtypes", t::OIDVECTOR), ("proallargtypes", t::OID_ARRAY),
        ("proargmodes", t::CHAR_ARRAY), ("proargnames", t::TEXT_ARRAY), ("proargdefaults", NODE),
        ("protrftypes", t::OID_ARRAY), ("prosrc", t::TEXT), ("probin", t::TEXT),
        ("proconfig", t::TEXT_ARRAY), ("proacl", ACL),
    ], &["prosrc"]),
    catdef!(PG_CLASS, "pg_class", PG_CLASS_ROWTYPE, shared = false, oids = true, cols![
        ("relname", t::NAME), ("relnamespace", t::OID), ("reltype", t::OID), ("reloftype", t::OID),
        ("relowner", t::OID), ("relam", t::OID), ("relfilenode", t::OID), ("reltablespace", t::OID),
        ("relpages", t::INT4), ("reltuples", t::FLOAT4), ("relallvisible", t::INT4),
        ("reltoastrelid", t::OID), ("relhasindex", t::BOOL), ("relisshared", t::BOOL),
        ("relpersistence", t::CHAR), ("relkind", t::CHAR), ("relnatts", t::INT2),
        ("relchecks", t::INT2), ("relhasoids", t::BOOL), ("relhaspkey", t::BOOL),
        ("relhasrules", t::BOOL), ("relhastriggers", t::BOOL), ("relhassubclass", t::BOOL),
        ("relrowsecurity", t::BOOL), ("relforcerowsecurity", t::BOOL), ("relispopulated", t::BOOL),
        ("relreplident", t::CHAR), ("relispartition", t::BOOL), ("relfrozenxid", t::XID),
        ("relminmxid", t::XID), ("relacl", ACL), ("reloptions", t::TEXT_ARRAY),
        ("relpartbound", NODE),
    ]),
    catdef!(PG_ATTRDEF, "pg_attrdef", 0, shared = false, oids = true, cols![
        ("adrelid", t::OID), ("adnum", t::INT2), ("adbin", NODE), ("adsrc", t::TEXT),
    ]),
    catdef!(PG_CONSTRAINT, "pg_constraint", 0, shared = false, oids = true, cols![
        ("conname", t::NAME), ("connamespace", t::OID), ("contype", t::CHAR),
        ("condeferrable", t::BOOL), ("condeferred", t::BOOL), ("convalidated", t::BOOL),
        ("conrelid", t::OID), ("contypid", t::OID), ("conindid", t::OID), ("confrelid", t::OID),
        ("confupdtype", t::CHAR), ("confdeltype", t::CHAR), ("confmatchtype", t::CHAR),
        ("conislocal", t::BOOL), ("coninhcount", t::INT4), ("connoinherit", t::BOOL),
        ("conkey", t::INT2_ARRAY), ("confkey", t::INT2_ARRAY), ("conpfeqop", t::OID_ARRAY),
        ("conppeqop", t::OID_ARRAY), ("conffeqop", t::OID_ARRAY), ("conexclop", t::OID_ARRAY),
        ("conbin", NODE), ("consrc", t::TEXT),
    ]),
    catdef!(PG_INHERITS, "pg_inherits", 0, shared = false, oids = false, cols![
        ("inhrelid", t::OID), ("inhparent", t::OID), ("inhseqno", t::INT4),
    ]),
    catdef!(PG_INDEX, "pg_index", 0, shared = false, oids = false, cols![
        ("indexrelid", t::OID), ("indrelid", t::OID), ("indnatts", t::INT2),
        ("indisunique", t::BOOL), ("indisprimary", t::BOOL), ("indisexclusion", t::BOOL),
        ("indimmediate", t::BOOL), ("indisclustered", t::BOOL), ("indisvalid", t::BOOL),
        ("indcheckxmin", t::BOOL), ("indisready", t::BOOL), ("indislive", t::BOOL),
        ("indisreplident", t::BOOL), ("indkey", t::INT2VECTOR), ("indcollation", t::OIDVECTOR),
        ("indclass", t::OIDVECTOR), ("indoption", t::INT2VECTOR), ("indexprs", NODE),
        ("indpred", NODE),
    ]),
    catdef!(PG_OPERATOR, "pg_operator", 0, shared = false, oids = true, cols![
        ("oprname", t::NAME), ("oprnamespace", t::OID), ("oprowner", t::OID), ("oprkind", t::CHAR),
        ("oprcanmerge", t::BOOL), ("oprcanhash", t::BOOL), ("oprleft", t::OID),
        ("oprright", t::OID), ("oprresult", t::OID), ("oprcom", t::OID), ("oprnegate", t::OID),
        ("oprcode", t::REGPROC), ("oprrest", t::REGPROC), ("oprjoin", t::REGPROC),
    ]),
    catdef!(PG_OPFAMILY, "pg_opfamily", 0, shared = false, oids = true, cols![
        ("opfmethod", t::OID), ("opfname", t::NAME), ("opfnamespace", t::OID), ("opfowner", t::OID),
    ]),
    catdef!(PG_OPCLASS, "pg_opclass", 0, shared = false, oids = true, cols![
        ("opcmethod", t::OID), ("opcname", t::NAME), ("opcnamespace", t::OID), ("opcowner", t::OID),
        ("opcfamily", t::OID), ("opcintype", t::OID), ("opcdefault", t::BOOL),
        ("opckeytype", t::OID),
    ]),
    catdef!(PG_AM, "pg_am", 0, shared = false, oids = true, cols![
        ("amname", t::NAME), ("amhandler", t::REGPROC), ("amtype", t::CHAR),
    ]),
    catdef!(PG_AMOP, "pg_amop", 0, shared = false, oids = true, cols![
        ("amopfamily", t::OID), ("amoplefttype", t::OID), ("amoprighttype", t::OID),
        ("amopstrategy", t::INT2), ("amoppurpose", t::CHAR), ("amopopr", t::OID),
        ("amopmethod", t::OID), ("amopsortfamily", t::OID),
    ]),
    catdef!(PG_AMPROC, "pg_amproc", 0, shared = false, oids = true, cols![
        ("amprocfamily", t::OID), ("amproclefttype", t::OID), ("amprocrighttype", t::OID),
        ("amprocnum", t::INT2), ("amproc", t::REGPROC),
    ]),
    catdef!(PG_LANGUAGE, "pg_language", 0, shared = false, oids = true, cols![
        ("lanname", t::NAME), ("lanowner", t::OID), ("lanispl", t::BOOL), ("lanpltrusted", t::BOOL),
        ("lanplcallfoid", t::OID), ("laninline", t::OID), ("lanvalidator", t::OID),
        ("lanacl", ACL),
    ]),
    catdef!(PG_LARGEOBJECT_METADATA, "pg_largeobject_metadata", 0, shared = false, oids = true, cols![
        ("lomowner", t::OID), ("lomacl", ACL),
    ]),
    catdef!(PG_LARGEOBJECT, "pg_largeobject", 0, shared = false, oids = false, cols![
        ("loid", t::OID), ("pageno", t::INT4), ("data", t::BYTEA),
    ], &["data"]),
    catdef!(PG_AGGREGATE, "pg_aggregate", 0, shared = false, oids = false, cols![
        ("aggfnoid", t::REGPROC), ("aggkind", t::CHAR), ("aggnumdirectargs", t::INT2),
        ("aggtransfn", t::REGPROC), ("aggfinalfn", t::REGPROC), ("aggcombinefn", t::REGPROC),
        ("aggserialfn", t::REGPROC), ("aggdeserialfn", t::REGPROC), ("aggmtransfn", t::REGPROC),
        ("aggminvtransfn", t::REGPROC), ("aggmfinalfn", t::REGPROC), ("aggfinalextra", t::BOOL),
        ("aggmfinalextra", t::BOOL), ("aggsortop", t::OID), ("aggtranstype", t::OID),
        ("aggtransspace", t::INT4), ("aggmtranstype", t::OID), ("aggmtransspace", t::INT4),
        ("agginitval", t::TEXT), ("aggminitval", t::TEXT),
    ]),
    catdef!(PG_STATISTIC_EXT, "pg_statistic_ext", 0, shared = false, oids = true, cols![
        ("stxrelid", t::OID), ("stxname", t::NAME), ("stxnamespace", t::OID), ("stxowner", t::OID),
        ("stxkeys", t::INT2VECTOR), ("stxkind", t::CHAR_ARRAY), ("stxndistinct", PG_NDISTINCT),
        ("stxdependencies", PG_DEPENDENCIES),
    ], &["stxkind"]),
    catdef!(PG_STATISTIC, "pg_statistic", 0, shared = false, oids = false, cols![
        ("starelid", t::OID), ("staattnum", t::INT2), ("stainherit", t::BOOL),
        ("stanullfrac", t::FLOAT4), ("stawidth", t::INT4), ("stadistinct", t::FLOAT4),
        ("stakind1", t::INT2), ("stakind2", t::INT2), ("stakind3", t::INT2), ("stakind4", t::INT2),
        ("stakind5", t::INT2), ("staop1", t::OID), ("staop2", t::OID), ("staop3", t::OID),
        ("staop4", t::OID), ("staop5", t::OID), ("stanumbers1", t::FLOAT4_ARRAY),
        ("stanumbers2", t::FLOAT4_ARRAY), ("stanumbers3", t::FLOAT4_ARRAY),
        ("stanumbers4", t::FLOAT4_ARRAY), ("stanumbers5", t::FLOAT4_ARRAY),
        ("stavalues1", t::ANYARRAY), ("stavalues2", t::ANYARRAY), ("stavalues3", t::ANYARRAY),
        ("stavalues4", t::ANYARRAY), ("stavalues5", t::ANYARRAY),
    ]),
    catdef!(PG_REWRITE, "pg_rewrite", 0, shared = false, oids = true, cols![
        ("rulename", t::NAME), ("ev_class", t::OID), ("ev_type", t::CHAR), ("ev_enabled", t::CHAR),
        ("is_instead", t::BOOL), ("ev_qual", NODE), ("ev_action", NODE),
    ], &["ev_qual", "ev_action"]),
    catdef!(PG_TRIGGER, "pg_trigger", 0, shared = false, oids = true, cols![
        ("tgrelid", t::OID), ("tgname", t::NAME), ("tgfoid", t::OID), ("tgtype", t::INT2),
        ("tgenabled", t::CHAR), ("tgisinternal", t::BOOL), ("tgconstrrelid", t::OID),
        ("tgconstrindid", t::OID), ("tgconstraint", t::OID), ("tgdeferrable", t::BOOL),
        ("tginitdeferred", t::BOOL), ("tgnargs", t::INT2), ("tgattr", t::INT2VECTOR),
        ("tgargs", t::BYTEA), ("tgqual", NODE), ("tgoldtable", t::NAME), ("tgnewtable", t::NAME),
    ], &["tgargs"]),
    catdef!(PG_EVENT_TRIGGER, "pg_event_trigger", 0, shared = false, oids = true, cols![
        ("evtname", t::NAME), ("evtevent", t::NAME), ("evtowner", t::OID), ("evtfoid", t::OID),
        ("evtenabled", t::CHAR), ("evttags", t::TEXT_ARRAY),
    ]),
    catdef!(PG_DESCRIPTION, "pg_description", 0, shared = false, oids = false, cols![
        ("objoid", t::OID), ("classoid", t::OID), ("objsubid", t::INT4), ("description", t::TEXT),
    ], &["description"]),
    catdef!(PG_CAST, "pg_cast", 0, shared = false, oids = true, cols![
        ("castsource", t::OID), ("casttarget", t::OID), ("castfunc", t::OID),
        ("castcontext", t::CHAR), ("castmethod", t::CHAR),
    ]),
    catdef!(PG_ENUM, "pg_enum", 0, shared = false, oids = true, cols![
        ("enumtypid", t::OID), ("enumsortorder", t::FLOAT4), ("enumlabel", t::NAME),
    ]),
    catdef!(PG_NAMESPACE, "pg_namespace", 0, shared = false, oids = true, cols![
        ("nspname", t::NAME), ("nspowner", t::OID), ("nspacl", ACL),
    ]),
    catdef!(PG_CONVERSION, "pg_conversion", 0, shared = false, oids = true, cols![
        ("conname", t::NAME), ("connamespace", t::OID), ("conowner", t::OID),
        ("conforencoding", t::INT4), ("contoencoding", t::INT4), ("conproc", t::REGPROC),
        ("condefault", t::BOOL),
    ]),
    catdef!(PG_DEPEND, "pg_depend", 0, shared = false, oids = false, cols![
        ("classid", t::OID), ("objid", t::OID), ("objsubid", t::INT4), ("refclassid", t::OID),
        ("refobjid", t::OID), ("refobjsubid", t::INT4), ("deptype", t::CHAR),
    ]),
    catdef!(PG_DATABASE, "pg_database", PG_DATABASE_ROWTYPE, shared = true, oids = true, cols![
        ("datname", t::NAME), ("datdba", t::OID), ("encoding", t::INT4), ("datcollate", t::NAME),
        ("datctype", t::NAME), ("datistemplate", t::BOOL), ("datallowconn", t::BOOL),
        ("datconnlimit", t::INT4), ("datlastsysoid", t::OID), ("datfrozenxid", t::XID),
        ("datminmxid", t::XID), ("dattablespace", t::OID), ("datacl", ACL),
    ]),
    catdef!(PG_DB_ROLE_SETTING, "pg_db_role_setting", 0, shared = true, oids = false, cols![
        ("setdatabase", t::OID), ("setrole", t::OID), ("setconfig", t::TEXT_ARRAY),
    ]),
    catdef!(PG_TABLESPACE, "pg_tablespace", 0, shared = true, oids = true, cols![
        ("spcname", t::NAME), ("spcowner", t::OID), ("spcacl", ACL), ("spcoptions", t::TEXT_ARRAY),
    ]),
    catdef!(PG_PLTEMPLATE, "pg_pltemplate", 0, shared = true, oids = false, cols![
        ("tmplname", t::NAME), ("tmpltrusted", t::BOOL), ("tmpldbacreate", t::BOOL),
        ("tmplhandler", t::TEXT), ("tmplinline", t::TEXT), ("tmplvalidator", t::TEXT),
        ("tmpllibrary", t::TEXT), ("tmplacl", ACL),
    ], &["tmplhandler", "tmpllibrary"]),
    catdef!(PG_AUTHID, "pg_authid", PG_AUTHID_ROWTYPE, shared = true, oids = true, cols![
        ("rolname", t::NAME), ("rolsuper", t::BOOL), ("rolinherit", t::BOOL),
        ("rolcreaterole", t::BOOL), ("rolcreatedb", t::BOOL), ("rolcanlogin", t::BOOL),
        ("rolreplication", t::BOOL), ("rolbypassrls", t::BOOL), ("rolconnlimit", t::INT4),
        ("rolpassword", t::TEXT), ("rolvaliduntil", t::TIMESTAMPTZ),
    ]),
    catdef!(PG_AUTH_MEMBERS, "pg_auth_members", PG_AUTH_MEMBERS_ROWTYPE, shared = true, oids = false, cols![
        ("roleid", t::OID), ("member", t::OID), ("grantor", t::OID), ("admin_option", t::BOOL),
    ]),
    catdef!(PG_SHDEPEND, "pg_shdepend", 0, shared = true, oids = false, cols![
        ("dbid", t::OID), ("classid", t::OID), ("objid", t::OID), ("objsubid", t::INT4),
        ("refclassid", t::OID), ("refobjid", t::OID), ("deptype", t::CHAR),
    ]),
    catdef!(PG_SHDESCRIPTION, "pg_shdescription", 0, shared = true, oids = false, cols![
        ("objoid", t::OID), ("classoid", t::OID), ("description", t::TEXT),
    ], &["description"]),
    catdef!(PG_TS_CONFIG, "pg_ts_config", 0, shared = false, oids = true, cols![
        ("cfgname", t::NAME), ("cfgnamespace", t::OID), ("cfgowner", t::OID), ("cfgparser", t::OID),
    ]),
    catdef!(PG_TS_CONFIG_MAP, "pg_ts_config_map", 0, shared = false, oids = false, cols![
        ("mapcfg", t::OID), ("maptokentype", t::INT4), ("mapseqno", t::INT4), ("mapdict", t::OID),
    ]),
    catdef!(PG_TS_DICT, "pg_ts_dict", 0, shared = false, oids = true, cols![
        ("dictname", t::NAME), ("dictnamespace", t::OID), ("dictowner", t::OID),
        ("dicttemplate", t::OID), ("dictinitoption", t::TEXT),
    ]),
    catdef!(PG_TS_PARSER, "pg_ts_parser", 0, shared = false, oids = true, cols![
        ("prsname", t::NAME), ("prsnamespace", t::OID), ("prsstart", t::REGPROC),
        ("prstoken", t::REGPROC), ("prsend", t::REGPROC), ("prsheadline", t::REGPROC),
        ("prslextype", t::REGPROC),
    ]),
    catdef!(PG_TS_TEMPLATE, "pg_ts_template", 0, shared = false, oids = true, cols![
        ("tmplname", t::NAME), ("tmplnamespace", t::OID), ("tmplinit", t::REGPROC),
        ("tmpllexize", t::REGPROC),
    ]),
    catdef!(PG_EXTENSION, "pg_extension", 0, shared = false, oids = true, cols![
        ("extname", t::NAME), ("extowner", t::OID), ("extnamespace", t::OID),
        ("extrelocatable", t::BOOL), ("extversion", t::TEXT), ("extconfig", t::OID_ARRAY),
        ("extcondition", t::TEXT_ARRAY),
    ], &["extversion"]),
    catdef!(PG_FOREIGN_DATA_WRAPPER, "pg_foreign_data_wrapper", 0, shared = false, oids = true, cols![
        ("fdwname", t::NAME), ("fdwowner", t::OID), ("fdwhandler", t::OID),
        ("fdwvalidator", t::OID), ("fdwacl", ACL), ("fdwoptions", t::TEXT_ARRAY),
    ]),
    catdef!(PG_FOREIGN_SERVER, "pg_foreign_server", 0, shared = false, oids = true, cols![
        ("srvname", t::NAME), ("srvowner", t::OID), ("srvfdw", t::OID), ("srvtype", t::TEXT),
        ("srvversion", t::TEXT), ("srvacl", ACL), ("srvoptions", t::TEXT_ARRAY),
    ]),
    catdef!(PG_USER_MAPPING, "pg_user_mapping", 0, shared = false, oids = true, cols![
        ("umuser", t::OID), ("umserver", t::OID), ("umoptions", t::TEXT_ARRAY),
    ]),
    catdef!(PG_FOREIGN_TABLE, "pg_foreign_table", 0, shared = false, oids = false, cols![
        ("ftrelid", t::OID), ("ftserver", t::OID), ("ftoptions", t::TEXT_ARRAY),
    ]),
    catdef!(PG_POLICY, "pg_policy", 0, shared = false, oids = true, cols![
        ("polname", t::NAME), ("polrelid", t::OID), ("polcmd", t::CHAR), ("polpermissive", t::BOOL),
        ("polroles", t::OID_ARRAY), ("polqual", NODE), ("polwithcheck", NODE),
    ], &["polroles"]),
    catdef!(PG_REPLICATION_ORIGIN, "pg_replication_origin", 0, shared = true, oids = false, cols![
        ("roident", t::OID), ("roname", t::TEXT),
    ], &["roname"]),
    catdef!(PG_DEFAULT_ACL, "pg_default_acl", 0, shared = false, oids = true, cols![
        ("defaclrole", t::OID), ("defaclnamespace", t::OID), ("defaclobjtype", t::CHAR),
        ("defaclacl", ACL),
    ], &["defaclacl"]),
    catdef!(PG_INIT_PRIVS, "pg_init_privs", 0, shared = false, oids = false, cols![
        ("objoid", t::OID), ("classoid", t::OID), ("objsubid", t::INT4), ("privtype", t::CHAR),
        ("initprivs", ACL),
    ], &["initprivs"]),
    catdef!(PG_SECLABEL, "pg_seclabel", 0, shared = false, oids = false, cols![
        ("objoid", t::OID), ("classoid", t::OID), ("objsubid", t::INT4), ("provider", t::TEXT),
        ("label", t::TEXT),
    ], &["provider", "label"]),
    catdef!(PG_SHSECLABEL, "pg_shseclabel", PG_SHSECLABEL_ROWTYPE, shared = true, oids = false, cols![
        ("objoid", t::OID), ("classoid", t::OID), ("provider", t::TEXT), ("label", t::TEXT),
    ], &["provider", "label"]),
    catdef!(PG_COLLATION, "pg_collation", 0, shared = false, oids = true, cols![
        ("collname", t::NAME), ("collnamespace", t::OID), ("collowner", t::OID),
        ("collprovider", t::CHAR), ("collencoding", t::INT4), ("collcollate", t::NAME),
        ("collctype", t::NAME), ("collversion", t::TEXT),
    ]),
    catdef!(PG_PARTITIONED_TABLE, "pg_partitioned_table", 0, shared = false, oids = false, cols![
        ("partrelid", t::OID), ("partstrat", t::CHAR), ("partnatts", t::INT2),
        ("partattrs", t::INT2VECTOR), ("partclass", t::OIDVECTOR), ("partcollation", t::OIDVECTOR),
        ("partexprs", NODE),
    ]),
    catdef!(PG_RANGE, "pg_range", 0, shared = false, oids = false, cols![
        ("rngtypid", t::OID), ("rngsubtype", t::OID), ("rngcollation", t::OID),
        ("rngsubopc", t::OID), ("rngcanonical", t::REGPROC), ("rngsubdiff", t::REGPROC),
    ]),
    catdef!(PG_TRANSFORM, "pg_transform", 0, shared = false, oids = true, cols![
        ("trftype", t::OID), ("trflang", t::OID), ("trffromsql", t::REGPROC),
        ("trftosql", t::REGPROC),
    ]),
    catdef!(PG_SEQUENCE, "pg_sequence", 0, shared = false, oids = false, cols![
        ("seqrelid", t::OID), ("seqtypid", t::OID), ("seqstart", t::INT8),
        ("seqincrement", t::INT8), ("seqmax", t::INT8), ("seqmin", t::INT8), ("seqcache", t::INT8),
        ("seqcycle", t::BOOL),
    ]),
    catdef!(PG_PUBLICATION, "pg_publication", 0, shared = false, oids = true, cols![
        ("pubname", t::NAME), ("pubowner", t::OID), ("puballtables", t::BOOL),
        ("pubinsert", t::BOOL), ("pubupdate", t::BOOL), ("pubdelete", t::BOOL),
    ]),
    catdef!(PG_PUBLICATION_REL, "pg_publication_rel", 0, shared = false, oids = true, cols![
        ("prpubid", t::OID), ("prrelid", t::OID),
    ]),
    catdef!(PG_SUBSCRIPTION, "pg_subscription", PG_SUBSCRIPTION_ROWTYPE, shared = true, oids = true, cols![
        ("subdbid", t::OID), ("subname", t::NAME), ("subowner", t::OID), ("subenabled", t::BOOL),
        ("subconninfo", t::TEXT), ("subslotname", t::NAME), ("subsynccommit", t::TEXT),
        ("subpublications", t::TEXT_ARRAY),
    ], &["subconninfo", "subsynccommit", "subpublications"]),
    catdef!(PG_SUBSCRIPTION_REL, "pg_subscription_rel", 0, shared = false, oids = false, cols![
        ("srsubid", t::OID), ("srrelid", t::OID), ("srsubstate", t::CHAR), ("srsublsn", t::PG_LSN),
    ]),
];

/// The row type OID of catalog `def`: PostgreSQL's fixed one, else a bootstrap-assigned OID
/// (FirstBootstrapObjectId + its position among catalogs without a fixed row type).
pub fn rowtype_oid(def: &CatalogDef) -> Oid {
    if def.rowtype != 0 {
        return def.rowtype;
    }
    let pos = CATALOGS
        .iter()
        .filter(|d| d.rowtype == 0)
        .position(|d| d.oid == def.oid)
        .unwrap_or(0);
    FIRST_BOOTSTRAP_OID + pos as Oid
}

/// Number of OIDs `rowtype_oid` may use (bootstrap OIDs for other objects start after).
pub fn bootstrap_rowtype_count() -> Oid {
    CATALOGS.iter().filter(|d| d.rowtype == 0).count() as Oid
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_counts_match_postgres_10() {
        let expect = [
            ("pg_class", 33),
            ("pg_attribute", 22),
            ("pg_type", 30),
            ("pg_proc", 29),
            ("pg_database", 13),
            ("pg_authid", 11),
            ("pg_index", 19),
            ("pg_constraint", 24),
            ("pg_operator", 14),
            ("pg_aggregate", 20),
            ("pg_statistic", 26),
            ("pg_trigger", 17),
            ("pg_namespace", 3),
        ];
        for (name, n) in expect {
            assert_eq!(by_name(name).map(|d| d.natts()), Some(n), "{name}");
        }
    }

    #[test]
    fn oids_and_names_unique() {
        let mut oids = std::collections::HashSet::new();
        let mut names = std::collections::HashSet::new();
        for d in CATALOGS {
            assert!(oids.insert(d.oid), "{}", d.name);
            assert!(names.insert(d.name), "{}", d.name);
            let mut cols = std::collections::HashSet::new();
            for c in d.columns {
                assert!(cols.insert(c.name), "{}.{}", d.name, c.name);
            }
            for f in d.force_not_null {
                assert!(d.col(f).is_some(), "{}.{}", d.name, f);
            }
        }
        let mut rt = std::collections::HashSet::new();
        for d in CATALOGS {
            assert!(rt.insert(rowtype_oid(d)));
        }
    }

    #[test]
    fn not_null_prefix_rule() {
        let d = by_name("pg_proc").unwrap();
        let nn = d.not_null();
        assert!(nn[d.col("proargtypes").unwrap()]);
        assert!(!nn[d.col("proallargtypes").unwrap()]);
        assert!(nn[d.col("prosrc").unwrap()]);
        let c = by_name("pg_class").unwrap();
        let nn = c.not_null();
        assert!(nn[c.col("relminmxid").unwrap()]);
        assert!(!nn[c.col("relacl").unwrap()]);
        assert_eq!(c.tuple_desc().attrs.len(), 34);
    }
}
