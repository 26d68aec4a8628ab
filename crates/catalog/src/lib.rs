//! System catalogs: the definitions of pg_class, pg_attribute, pg_type, pg_namespace, pg_proc,
//! pg_database, pg_authid, pg_attrdef, ... (PostgreSQL 10's columns and OIDs), the bootstrap
//! data initdb writes into them, the in-memory caches sessions read through, and the DDL
//! operations that insert/delete catalog rows transactionally.
//!
//! Modules: `schema` (catalog definitions), `bootstrap` (initdb's rows), `rows` (row building /
//! reading), `syscache` (MVCC reads and the caches), `ddl` (transactional DDL), `oidgen` (the
//! persistent OID counter), `md5` (password hashing).

#![allow(clippy::result_large_err)]

pub mod alter_column;
pub mod bootstrap;
pub mod check_constraint;
pub mod database;
pub mod ddl;
pub mod foreign_key;
pub mod index;
pub mod md5;
pub mod oidgen;
pub mod rows;
pub mod schema;
pub mod stats;
pub mod syscache;

use access::TupleDesc;
use common::{CommandId, Interrupts, Oid, PgResult, Xid};
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use storage::{RelFileNode, Storage};
use txn::{Snapshot, TransactionManager};

pub use bootstrap::builtin_aggregates;
pub use ddl::DropNotice;

/// Well-known OIDs.
pub mod oids {
    use common::Oid;
    pub const TEMPLATE1_DB: Oid = 1;
    pub const TEMPLATE0_DB: Oid = 12993;
    pub const POSTGRES_DB: Oid = 12994;
    pub const PG_CATALOG_NAMESPACE: Oid = 11;
    pub const PG_TOAST_NAMESPACE: Oid = 99;
    pub const PUBLIC_NAMESPACE: Oid = 2200;
    pub const INFORMATION_SCHEMA_NAMESPACE: Oid = 12921;
    pub const BOOTSTRAP_SUPERUSER: Oid = 10;
    pub const PG_CLASS: Oid = 1259;
    pub const PG_ATTRIBUTE: Oid = 1249;
    pub const PG_TYPE: Oid = 1247;
    pub const PG_PROC: Oid = 1255;
    pub const PG_NAMESPACE: Oid = 2615;
    pub const PG_DATABASE: Oid = 1262;
    pub const PG_AUTHID: Oid = 1260;
    pub const PG_ATTRDEF: Oid = 2604;
    pub const PG_CONSTRAINT: Oid = 2606;
    pub const PG_INDEX: Oid = 2610;
    pub const PG_OPERATOR: Oid = 2617;
    pub const PG_CAST: Oid = 2605;
    pub const PG_AM: Oid = 2601;
    pub const PG_DESCRIPTION: Oid = 2609;
    pub const PG_DEPEND: Oid = 2608;
    pub const PG_TABLESPACE: Oid = 1213;
    pub const PG_LANGUAGE: Oid = 2612;
    pub const PG_COLLATION: Oid = 3456;
    pub const PG_INHERITS: Oid = 2611;
    pub const PG_SEQUENCE: Oid = 2224;
    pub const PG_AGGREGATE: Oid = 2600;
    pub const PG_TRIGGER: Oid = 2620;
    pub const PG_REWRITE: Oid = 2618;
    pub const PG_STATISTIC: Oid = 2619;
    pub const PG_AUTH_MEMBERS: Oid = 1261;
    pub const PG_SHDESCRIPTION: Oid = 2396;
    /// Row types of the bootstrap catalogs.
    pub const PG_TYPE_ROWTYPE: Oid = 71;
    pub const PG_ATTRIBUTE_ROWTYPE: Oid = 75;
    pub const PG_PROC_ROWTYPE: Oid = 81;
    pub const PG_CLASS_ROWTYPE: Oid = 83;
    /// Tablespaces.
    pub const DEFAULT_TABLESPACE: Oid = 1663;
    pub const GLOBAL_TABLESPACE: Oid = 1664;
    /// Collations.
    pub const DEFAULT_COLLATION: Oid = 100;
    pub const C_COLLATION: Oid = 950;
    pub const POSIX_COLLATION: Oid = 951;
    /// Languages.
    pub const INTERNAL_LANGUAGE: Oid = 12;
    pub const C_LANGUAGE: Oid = 13;
    pub const SQL_LANGUAGE: Oid = 14;
    pub const PLPGSQL_LANGUAGE: Oid = 12980;
    /// Maximum number of columns of a table (MaxHeapAttributeNumber).
    pub const MAX_COLUMNS: usize = 1600;
    /// First OID handed out for user objects (FirstNormalObjectId).
    pub const FIRST_NORMAL_OID: Oid = 16384;
}

/// The caller's transaction, as catalog reads and writes need it.
pub struct CatalogCx<'a> {
    pub storage: &'a Arc<Storage>,
    pub tm: &'a Arc<TransactionManager>,
    pub db_oid: Oid,
    /// Snapshot for reads (MVCC: DDL of uncommitted other transactions is invisible).
    pub snapshot: &'a Snapshot,
    /// The writing transaction's xid (must be assigned before any DDL), else txn::INVALID_XID.
    pub xid: Xid,
    pub cid: CommandId,
    pub interrupts: &'a Interrupts,
}

/// One column of a relation (pg_attribute + pg_attrdef).
#[derive(Clone, Debug, PartialEq)]
pub struct ColumnInfo {
    pub attnum: i16,
    pub name: String,
    pub type_oid: Oid,
    pub typmod: i32,
    pub not_null: bool,
    /// The default expression's SQL text (pg_attrdef.adsrc), parsed by the analyzer.
    pub default_expr: Option<String>,
    pub dropped: bool,
}

/// A relation as the analyzer and executor need it (from pg_class + pg_attribute + pg_namespace).
#[derive(Clone, Debug)]
pub struct RelationInfo {
    pub oid: Oid,
    pub name: String,
    pub namespace_oid: Oid,
    pub namespace_name: String,
    /// relkind: b'r' table, b'i' index, b'S' sequence, b'v' view, b'm' matview, b'c' composite,
    /// b'f' foreign table, b'p' partitioned table.
    pub relkind: u8,
    /// relpersistence: b'p' permanent, b'u' unlogged, b't' temporary.
    pub persistence: u8,
    pub file: RelFileNode,
    /// All columns in attnum order (dropped ones included, flagged).
    pub columns: Vec<ColumnInfo>,
    /// Physical layout matching `columns`.
    pub tuple_desc: Arc<TupleDesc>,
    /// The row type's pg_type OID.
    pub row_type: Oid,
    pub owner: Oid,
}

impl RelationInfo {
    /// True if the relation's rows carry an OID (catalogs WITH OIDS). The OID is then stored
    /// as one extra physical attribute after the columns: `tuple_desc.attrs.len()` is
    /// `columns.len() + 1` and a scanned tuple's `values[columns.len()]` is the row's OID.
    pub fn has_oids(&self) -> bool {
        self.tuple_desc.attrs.len() > self.columns.len()
    }
    /// Index into a scanned tuple's values of the row OID (see `has_oids`).
    pub fn oid_column_index(&self) -> Option<usize> {
        if self.has_oids() {
            Some(self.columns.len())
        } else {
            None
        }
    }
    /// The live (not dropped) column named `name`.
    pub fn column(&self, name: &str) -> Option<&ColumnInfo> {
        self.columns.iter().find(|c| !c.dropped && c.name == name)
    }
    /// The system column `name` (ctid, oid if the relation has OIDs, xmin, cmin, xmax, cmax,
    /// tableoid) as (attnum, type OID).
    pub fn system_column(&self, name: &str) -> Option<(i16, Oid)> {
        schema::system_columns(self.has_oids())
            .into_iter()
            .find(|(n, _, _)| *n == name)
            .map(|(_, num, typ)| (num, typ))
    }
    /// Number of live (not dropped) columns.
    pub fn live_columns(&self) -> usize {
        self.columns.iter().filter(|c| !c.dropped).count()
    }
}

/// A database (pg_database).
#[derive(Clone, Debug, PartialEq)]
pub struct DatabaseInfo {
    pub oid: Oid,
    pub name: String,
    pub allow_connections: bool,
    pub is_template: bool,
    pub encoding: i32,
}

/// A role (pg_authid).
#[derive(Clone, Debug, PartialEq)]
pub struct RoleInfo {
    pub oid: Oid,
    pub name: String,
    pub superuser: bool,
    pub can_login: bool,
    /// rolpassword ("md5..." or "SCRAM-SHA-256$..."), if any.
    pub password: Option<String>,
}

/// A type (pg_type), built-in or user-defined.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeEntry {
    pub oid: Oid,
    pub name: String,
    pub namespace_oid: Oid,
    pub len: i16,
    pub byval: bool,
    pub align: u8,
    pub typtype: u8,
    pub category: u8,
    pub preferred: bool,
    pub elem: Oid,
    pub array: Oid,
    /// Composite types: the relation.
    pub relid: Oid,
}

/// A column of a table being created.
#[derive(Clone, Debug, PartialEq)]
pub struct NewColumn {
    pub name: String,
    pub type_oid: Oid,
    pub typmod: i32,
    pub not_null: bool,
    /// Default expression SQL text (already validated by the analyzer).
    pub default_expr: Option<String>,
}

/// Files created / dropped by a transaction that wrote catalog rows.
#[derive(Default, Debug)]
pub(crate) struct XactDdl {
    pub(crate) created: Vec<RelFileNode>,
    pub(crate) dropped: Vec<RelFileNode>,
    /// Databases whose directories (base/<oid>) the transaction created / dropped.
    pub(crate) created_dbs: Vec<Oid>,
    pub(crate) dropped_dbs: Vec<Oid>,
}

/// Mutable shared state of the catalog layer.
#[derive(Default)]
pub(crate) struct State {
    /// Bumped whenever a transaction that wrote catalog rows ends; caches hold entries of the
    /// current version only.
    pub(crate) version: u64,
    /// The most recently committed catalog writer: a snapshot that does not see it must not
    /// fill or read the caches.
    pub(crate) last_writer: Xid,
    /// Transactions that wrote catalog rows and have not ended.
    pub(crate) xacts: HashMap<Xid, XactDdl>,
    /// Relation/type and schema names being created by in-progress transactions:
    /// (db, namespace or 0 for schemas, kind, name) -> xid.
    pub(crate) pending_names: HashMap<(Oid, Oid, u8, String), Xid>,
    pub(crate) cache: syscache::Cache,
}

/// Cluster-wide catalog access and caches.
pub struct Catalog {
    pub(crate) storage: Arc<Storage>,
    pub(crate) tm: Arc<TransactionManager>,
    pub(crate) oids: oidgen::OidGen,
    pub(crate) state: Mutex<State>,
}

impl Catalog {
    pub fn new(storage: Arc<Storage>, tm: Arc<TransactionManager>) -> Arc<Catalog> {
        let oids = oidgen::OidGen::new(storage.data_dir());
        Arc::new(Catalog {
            storage,
            tm,
            oids,
            state: Mutex::new(State::default()),
        })
    }

    pub(crate) fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A counter that changes whenever committed or aborted catalog changes invalidate cached
    /// catalog data (cached plans compare it to decide whether to re-plan).
    pub fn version(&self) -> u64 {
        self.lock().version
    }

    /// A new OID from the cluster's persistent counter (never below FIRST_NORMAL_OID).
    pub fn next_oid(&self) -> PgResult<Oid> {
        self.oids.next_oid()
    }

    /// Called after the transaction `xid` committed: run pending file deletions, invalidate caches.
    pub fn at_commit(&self, xid: Xid) {
        let dropped = {
            let mut st = self.lock();
            st.pending_names.retain(|_, x| *x != xid);
            match st.xacts.remove(&xid) {
                Some(x) => {
                    st.version += 1;
                    st.last_writer = xid;
                    st.cache = syscache::Cache::default();
                    (x.dropped, x.dropped_dbs)
                }
                None => return,
            }
        };
        for f in dropped.0 {
            let _ = self.storage.unlink_relation(f);
        }
        for db in dropped.1 {
            self.remove_database_dir(db);
        }
    }

    /// Called after the transaction `xid` aborted: delete files it created, invalidate caches.
    pub fn at_abort(&self, xid: Xid) {
        let created = {
            let mut st = self.lock();
            st.pending_names.retain(|_, x| *x != xid);
            match st.xacts.remove(&xid) {
                Some(x) => {
                    st.version += 1;
                    st.cache = syscache::Cache::default();
                    (x.created, x.created_dbs)
                }
                None => return,
            }
        };
        for f in created.0 {
            let _ = self.storage.unlink_relation(f);
        }
        for db in created.1 {
            self.remove_database_dir(db);
        }
    }
}

/// Options for a new cluster.
#[derive(Clone, Debug)]
pub struct BootstrapOptions {
    pub superuser: String,
    pub superuser_password: Option<String>,
    pub encoding: String,
    pub lc_collate: String,
    pub lc_ctype: String,
}

/// Create the catalogs of a new cluster in `data_dir` (global/, base/1, base/12993,
/// base/12994), all rows written with the frozen xid so every snapshot sees them.
pub fn bootstrap_cluster(data_dir: &Path, options: &BootstrapOptions) -> PgResult<()> {
    bootstrap::bootstrap(data_dir, options)
}

#[cfg(test)]
mod tests;
