//! Catalog reads under MVCC and the caches in front of them.
//!
//! Reads scan the catalog heaps with the caller's snapshot (own earlier writes of the current
//! transaction included, whatever the command id), so uncommitted DDL of other transactions is
//! invisible and rolled-back DDL leaves no trace. Results are cached per database while they
//! are known to be the latest committed state: the cache is cleared (and a version counter
//! bumped) whenever a transaction that wrote catalog rows ends, it is only filled by readers
//! whose snapshot sees the most recently committed catalog writer, and it is bypassed by a
//! transaction that has itself modified the catalogs.

use crate::rows::{datum_oid, Row};
use crate::schema::{self, CatalogDef};
use crate::{Catalog, CatalogCx, ColumnInfo, DatabaseInfo, RelationInfo, RoleInfo, TypeEntry};
use access::{AttrDesc, HeapScan, TupleDesc};
use common::fasthash::FastMap;
use common::{CommandId, Oid, PgError, PgResult, Xid};
use std::collections::HashMap;
use std::sync::Arc;
use storage::{RelFileNode, DEFAULTTABLESPACE_OID, GLOBALTABLESPACE_OID};
use txn::Snapshot;
use types::Datum;

/// A pg_type row with the extra facts DDL needs.
#[derive(Clone, Debug)]
pub struct TypeRec {
    pub entry: TypeEntry,
    pub storage: u8,
    pub collation: Oid,
}

/// All of a database's pg_type rows.
#[derive(Default, Debug)]
pub struct TypeTable {
    pub by_oid: HashMap<Oid, TypeRec>,
    pub by_name: HashMap<(Oid, String), Oid>,
}

/// All of a database's pg_namespace rows.
#[derive(Default, Debug)]
pub struct NsTable {
    pub by_oid: HashMap<Oid, String>,
    pub by_name: HashMap<String, Oid>,
}

/// (namespace, relname) -> pg_class OID, for one database.
pub type ClassNames = FastMap<(Oid, String), Oid>;

/// The cached catalog contents (valid for one catalog version).
#[derive(Default)]
pub struct Cache {
    rels: FastMap<(Oid, Oid), Arc<RelationInfo>>,
    class_names: FastMap<Oid, Arc<ClassNames>>,
    namespaces: FastMap<Oid, Arc<NsTable>>,
    types: FastMap<Oid, Arc<TypeTable>>,
    databases: Option<Arc<Vec<DatabaseInfo>>>,
    roles: Option<Arc<Vec<RoleInfo>>>,
    /// Foreign keys per (database, table) (foreign_key.rs), and the databases whose
    /// pg_constraint was scanned (a table without an entry there has none).
    pub(crate) fkeys: FastMap<(Oid, Oid), Arc<crate::foreign_key::RelationForeignKeys>>,
    pub(crate) fkeys_loaded: std::collections::HashSet<Oid>,
    /// pg_statistic rows per (database, table) (stats.rs).
    pub(crate) stats: FastMap<(Oid, Oid), Arc<Vec<crate::stats::ColumnStats>>>,
    /// Each table's indexes per (database, table) (index.rs).
    pub(crate) indexes: FastMap<(Oid, Oid), Arc<Vec<Arc<crate::index::IndexDesc>>>>,
}

/// True if `snap` treats `xid` as finished (so it sees its effects if it committed).
fn snapshot_sees(snap: &Snapshot, xid: Xid) -> bool {
    !snap.xid_in_progress(xid)
}

impl Catalog {
    /// The snapshot catalog reads use: the caller's, seeing all of its own transaction's writes.
    pub(crate) fn read_snapshot(&self, cx: &CatalogCx) -> Snapshot {
        let mut s = cx.snapshot.clone();
        if cx.xid != txn::INVALID_XID {
            s.my_xid = cx.xid;
        }
        s.curcid = CommandId::MAX;
        s
    }

    /// A fresh snapshot (latest committed state plus own writes), for uniqueness checks.
    pub(crate) fn fresh_snapshot(&self, cx: &CatalogCx) -> Snapshot {
        self.tm.snapshot(cx.xid, CommandId::MAX)
    }

    /// The cache version a lookup by `cx` may read and fill, or None if it must bypass it.
    pub(crate) fn cache_version(&self, cx: &CatalogCx) -> Option<u64> {
        let st = self.lock();
        if (cx.xid != txn::INVALID_XID && st.xacts.contains_key(&cx.xid))
            || cx
                .snapshot
                .own_xids
                .iter()
                .any(|x| st.xacts.contains_key(x))
        {
            return None;
        }
        if st.last_writer != txn::INVALID_XID && !snapshot_sees(cx.snapshot, st.last_writer) {
            return None;
        }
        // A catalog writer that has ended (in this snapshot's view) but whose at_commit /
        // at_abort has not run yet: the cache may still hold what it replaced.
        if st
            .xacts
            .keys()
            .any(|&x| x != cx.xid && snapshot_sees(cx.snapshot, x))
        {
            return None;
        }
        Some(st.version)
    }

    pub(crate) fn cache_get<T>(&self, f: impl FnOnce(&Cache) -> Option<T>) -> Option<T> {
        let st = self.lock();
        f(&st.cache)
    }

    pub(crate) fn cache_put(&self, version: u64, f: impl FnOnce(&mut Cache)) {
        let mut st = self.lock();
        if st.version == version {
            f(&mut st.cache);
        }
    }

    /// Scan catalog `def` of the caller's database with `snap`, keeping rows `keep` accepts.
    pub(crate) fn scan_with(
        &self,
        cx: &CatalogCx,
        def: &'static CatalogDef,
        snap: &Snapshot,
        mut keep: impl FnMut(&Row) -> bool,
    ) -> PgResult<Vec<Row>> {
        if !def.shared && cx.db_oid == 0 {
            return Ok(Vec::new());
        }
        let mut scan = HeapScan::new(
            self.storage.clone(),
            def.file(cx.db_oid),
            def.tuple_desc(),
            snap.clone(),
            self.tm.clone(),
        );
        let mut out = Vec::new();
        while let Some(tup) = scan.next_tuple()? {
            let row = Row::from_tuple(def, tup);
            if keep(&row) {
                out.push(row);
            }
        }
        Ok(out)
    }

    /// Scan catalog `catoid` with the caller's read snapshot.
    pub(crate) fn scan(
        &self,
        cx: &CatalogCx,
        catoid: Oid,
        keep: impl FnMut(&Row) -> bool,
    ) -> PgResult<Vec<Row>> {
        let def = schema::by_oid(catoid)
            .ok_or_else(|| PgError::internal(format!("unknown system catalog {catoid}")))?;
        let snap = self.read_snapshot(cx);
        self.scan_with(cx, def, &snap, keep)
    }

    /// All visible rows of system catalog `catoid` (values in column order, then the row OID
    /// for catalogs with OIDs), read with the caller's snapshot.
    pub fn scan_catalog(&self, cx: &CatalogCx, catoid: Oid) -> PgResult<Vec<Vec<Datum>>> {
        Ok(self
            .scan(cx, catoid, |_| true)?
            .into_iter()
            .map(|r| r.values)
            .collect())
    }

    // ----- databases and roles (shared catalogs) -----

    fn databases(&self, cx: &CatalogCx) -> PgResult<Arc<Vec<DatabaseInfo>>> {
        let ver = self.cache_version(cx);
        if ver.is_some() {
            if let Some(v) = self.cache_get(|c| c.databases.clone()) {
                return Ok(v);
            }
        }
        let mut out = Vec::new();
        for r in self.scan(cx, schema::PG_DATABASE, |_| true)? {
            out.push(DatabaseInfo {
                oid: r.row_oid(),
                name: r.text("datname")?,
                allow_connections: r.bool("datallowconn")?,
                is_template: r.bool("datistemplate")?,
                encoding: r.int("encoding")? as i32,
            });
        }
        let v = Arc::new(out);
        if let Some(ver) = ver {
            let c = v.clone();
            self.cache_put(ver, |cache| cache.databases = Some(c));
        }
        Ok(v)
    }

    pub fn database_by_name(&self, cx: &CatalogCx, name: &str) -> PgResult<Option<DatabaseInfo>> {
        Ok(self.databases(cx)?.iter().find(|d| d.name == name).cloned())
    }

    /// The database with OID `oid`.
    pub fn database_by_oid(&self, cx: &CatalogCx, oid: Oid) -> PgResult<Option<DatabaseInfo>> {
        Ok(self.databases(cx)?.iter().find(|d| d.oid == oid).cloned())
    }

    /// All databases (pg_database order).
    pub fn list_databases(&self, cx: &CatalogCx) -> PgResult<Vec<DatabaseInfo>> {
        Ok(self.databases(cx)?.as_ref().clone())
    }

    fn roles(&self, cx: &CatalogCx) -> PgResult<Arc<Vec<RoleInfo>>> {
        let ver = self.cache_version(cx);
        if ver.is_some() {
            if let Some(v) = self.cache_get(|c| c.roles.clone()) {
                return Ok(v);
            }
        }
        let mut out = Vec::new();
        for r in self.scan(cx, schema::PG_AUTHID, |_| true)? {
            out.push(RoleInfo {
                oid: r.row_oid(),
                name: r.text("rolname")?,
                superuser: r.bool("rolsuper")?,
                can_login: r.bool("rolcanlogin")?,
                password: r.opt_text("rolpassword")?,
            });
        }
        let v = Arc::new(out);
        if let Some(ver) = ver {
            let c = v.clone();
            self.cache_put(ver, |cache| cache.roles = Some(c));
        }
        Ok(v)
    }

    pub fn role_by_name(&self, cx: &CatalogCx, name: &str) -> PgResult<Option<RoleInfo>> {
        Ok(self.roles(cx)?.iter().find(|r| r.name == name).cloned())
    }

    pub fn role_by_oid(&self, cx: &CatalogCx, oid: Oid) -> PgResult<Option<RoleInfo>> {
        Ok(self.roles(cx)?.iter().find(|r| r.oid == oid).cloned())
    }

    // ----- namespaces -----

    fn namespaces(&self, cx: &CatalogCx) -> PgResult<Arc<NsTable>> {
        let ver = self.cache_version(cx);
        let db = cx.db_oid;
        if ver.is_some() {
            if let Some(v) = self.cache_get(|c| c.namespaces.get(&db).cloned()) {
                return Ok(v);
            }
        }
        let mut t = NsTable::default();
        for r in self.scan(cx, schema::PG_NAMESPACE, |_| true)? {
            let name = r.text("nspname")?;
            t.by_name.insert(name.clone(), r.row_oid());
            t.by_oid.insert(r.row_oid(), name);
        }
        let v = Arc::new(t);
        if let Some(ver) = ver {
            let c = v.clone();
            self.cache_put(ver, |cache| {
                cache.namespaces.insert(db, c);
            });
        }
        Ok(v)
    }

    /// OID of the schema `name` in the current database.
    pub fn namespace_oid(&self, cx: &CatalogCx, name: &str) -> PgResult<Option<Oid>> {
        Ok(self.namespaces(cx)?.by_name.get(name).copied())
    }

    pub fn namespace_name(&self, cx: &CatalogCx, oid: Oid) -> PgResult<Option<String>> {
        Ok(self.namespaces(cx)?.by_oid.get(&oid).cloned())
    }

    /// All schemas of the current database as (oid, name), ordered by OID.
    pub fn list_namespaces(&self, cx: &CatalogCx) -> PgResult<Vec<(Oid, String)>> {
        let mut v: Vec<(Oid, String)> = self
            .namespaces(cx)?
            .by_oid
            .iter()
            .map(|(o, n)| (*o, n.clone()))
            .collect();
        v.sort();
        Ok(v)
    }

    // ----- relations -----

    fn class_names(&self, cx: &CatalogCx) -> PgResult<Arc<ClassNames>> {
        let ver = self.cache_version(cx);
        let db = cx.db_oid;
        if ver.is_some() {
            if let Some(v) = self.cache_get(|c| c.class_names.get(&db).cloned()) {
                return Ok(v);
            }
        }
        let mut m = ClassNames::default();
        for r in self.scan(cx, schema::PG_CLASS, |_| true)? {
            m.insert((r.oid("relnamespace")?, r.text("relname")?), r.row_oid());
        }
        let v = Arc::new(m);
        if let Some(ver) = ver {
            let c = v.clone();
            self.cache_put(ver, |cache| {
                cache.class_names.insert(db, c);
            });
        }
        Ok(v)
    }

    /// OID of the relation `name` in schema `namespace_oid`.
    pub fn relation_oid(
        &self,
        cx: &CatalogCx,
        namespace_oid: Oid,
        name: &str,
    ) -> PgResult<Option<Oid>> {
        Ok(self
            .class_names(cx)?
            .get(&(namespace_oid, name.to_string()))
            .copied())
    }

    /// The relation `name` in schema `namespace_oid`.
    pub fn relation_by_name(
        &self,
        cx: &CatalogCx,
        namespace_oid: Oid,
        name: &str,
    ) -> PgResult<Option<Arc<RelationInfo>>> {
        match self.relation_oid(cx, namespace_oid, name)? {
            Some(oid) => self.relation_by_oid(cx, oid),
            None => Ok(None),
        }
    }

    pub fn relation_by_oid(&self, cx: &CatalogCx, oid: Oid) -> PgResult<Option<Arc<RelationInfo>>> {
        let ver = self.cache_version(cx);
        let key = (cx.db_oid, oid);
        if ver.is_some() {
            if let Some(v) = self.cache_get(|c| c.rels.get(&key).cloned()) {
                return Ok(Some(v));
            }
        }
        let Some(info) = self.load_relation(cx, oid)? else {
            return Ok(None);
        };
        let info = Arc::new(info);
        if let Some(ver) = ver {
            let c = info.clone();
            self.cache_put(ver, |cache| {
                cache.rels.insert(key, c);
            });
        }
        Ok(Some(info))
    }

    /// The pg_class row of relation `oid` (read snapshot).
    pub(crate) fn class_row(&self, cx: &CatalogCx, oid: Oid) -> PgResult<Option<Row>> {
        Ok(self
            .scan(cx, schema::PG_CLASS, |r| r.row_oid() == oid)?
            .into_iter()
            .next())
    }

    fn load_relation(&self, cx: &CatalogCx, oid: Oid) -> PgResult<Option<RelationInfo>> {
        let Some(class) = self.class_row(cx, oid)? else {
            return Ok(None);
        };
        let mut atts = self.scan(cx, schema::PG_ATTRIBUTE, |r| {
            datum_oid(r.get("attrelid").unwrap_or(&Datum::Null)) == oid
                && r.int("attnum").unwrap_or(0) > 0
        })?;
        atts.sort_by_key(|r| r.int("attnum").unwrap_or(0));
        let has_defaults = atts.iter().any(|r| r.bool("atthasdef").unwrap_or(false));
        let mut defaults: HashMap<i64, String> = HashMap::new();
        if has_defaults {
            for r in self.scan(cx, schema::PG_ATTRDEF, |r| {
                r.oid("adrelid").unwrap_or(0) == oid
            })? {
                if let Some(src) = r.opt_text("adsrc")? {
                    defaults.insert(r.int("adnum")?, src);
                }
            }
        }
        let mut columns = Vec::with_capacity(atts.len());
        let mut attrs = Vec::with_capacity(atts.len() + 1);
        for r in &atts {
            let attnum = r.int("attnum")?;
            let dropped = r.bool("attisdropped")?;
            columns.push(ColumnInfo {
                attnum: attnum as i16,
                name: r.text("attname")?,
                type_oid: r.oid("atttypid")?,
                typmod: r.int("atttypmod")? as i32,
                not_null: r.bool("attnotnull")?,
                default_expr: if r.bool("atthasdef")? {
                    defaults.get(&attnum).cloned()
                } else {
                    None
                },
                dropped,
            });
            attrs.push(AttrDesc {
                type_oid: r.oid("atttypid")?,
                typmod: r.int("atttypmod")? as i32,
                len: r.int("attlen")? as i16,
                byval: r.bool("attbyval")?,
                align: r.ch("attalign")?,
                dropped,
            });
        }
        let has_oids = class.bool("relhasoids")?;
        if has_oids {
            attrs.push(AttrDesc::for_type(types::oids::OID, -1));
        }
        let shared = class.bool("relisshared")?;
        let spc = class.oid("reltablespace")?;
        let file = RelFileNode {
            spc_node: if spc != 0 {
                spc
            } else if shared {
                GLOBALTABLESPACE_OID
            } else {
                DEFAULTTABLESPACE_OID
            },
            db_node: if shared { 0 } else { cx.db_oid },
            rel_node: class.oid("relfilenode")?,
        };
        let namespace_oid = class.oid("relnamespace")?;
        let namespace_name = self.namespace_name(cx, namespace_oid)?.unwrap_or_default();
        Ok(Some(RelationInfo {
            oid,
            name: class.text("relname")?,
            namespace_oid,
            namespace_name,
            relkind: class.ch("relkind")?,
            persistence: class.ch("relpersistence")?,
            file,
            columns,
            tuple_desc: Arc::new(TupleDesc { attrs }),
            row_type: class.oid("reltype")?,
            owner: class.oid("relowner")?,
        }))
    }

    /// All relations in schema `namespace_oid`, ordered by OID.
    pub fn list_relations(
        &self,
        cx: &CatalogCx,
        namespace_oid: Oid,
    ) -> PgResult<Vec<Arc<RelationInfo>>> {
        let mut oids: Vec<Oid> = self
            .class_names(cx)?
            .iter()
            .filter(|((ns, _), _)| *ns == namespace_oid)
            .map(|(_, oid)| *oid)
            .collect();
        oids.sort_unstable();
        let mut out = Vec::with_capacity(oids.len());
        for oid in oids {
            if let Some(r) = self.relation_by_oid(cx, oid)? {
                out.push(r);
            }
        }
        Ok(out)
    }

    // ----- types -----

    pub(crate) fn type_table(&self, cx: &CatalogCx) -> PgResult<Arc<TypeTable>> {
        let ver = self.cache_version(cx);
        let db = cx.db_oid;
        if ver.is_some() {
            if let Some(v) = self.cache_get(|c| c.types.get(&db).cloned()) {
                return Ok(v);
            }
        }
        let mut t = TypeTable::default();
        for r in self.scan(cx, schema::PG_TYPE, |_| true)? {
            let rec = type_rec(&r)?;
            t.by_name.insert(
                (rec.entry.namespace_oid, rec.entry.name.clone()),
                rec.entry.oid,
            );
            t.by_oid.insert(rec.entry.oid, rec);
        }
        let v = Arc::new(t);
        if let Some(ver) = ver {
            let c = v.clone();
            self.cache_put(ver, |cache| {
                cache.types.insert(db, c);
            });
        }
        Ok(v)
    }

    /// The type `name` in schema `namespace_oid`.
    pub fn type_by_name(
        &self,
        cx: &CatalogCx,
        namespace_oid: Oid,
        name: &str,
    ) -> PgResult<Option<TypeEntry>> {
        let t = self.type_table(cx)?;
        Ok(t.by_name
            .get(&(namespace_oid, name.to_string()))
            .and_then(|o| t.by_oid.get(o))
            .map(|r| r.entry.clone()))
    }

    pub fn type_by_oid(&self, cx: &CatalogCx, oid: Oid) -> PgResult<Option<TypeEntry>> {
        Ok(self
            .type_table(cx)?
            .by_oid
            .get(&oid)
            .map(|r| r.entry.clone()))
    }

    pub(crate) fn type_rec(&self, cx: &CatalogCx, oid: Oid) -> PgResult<Option<TypeRec>> {
        Ok(self.type_table(cx)?.by_oid.get(&oid).cloned())
    }
}

fn type_rec(r: &Row) -> PgResult<TypeRec> {
    Ok(TypeRec {
        entry: TypeEntry {
            oid: r.row_oid(),
            name: r.text("typname")?,
            namespace_oid: r.oid("typnamespace")?,
            len: r.int("typlen")? as i16,
            byval: r.bool("typbyval")?,
            align: r.ch("typalign")?,
            typtype: r.ch("typtype")?,
            category: r.ch("typcategory")?,
            preferred: r.bool("typispreferred")?,
            elem: r.oid("typelem")?,
            array: r.oid("typarray")?,
            relid: r.oid("typrelid")?,
        },
        storage: r.ch("typstorage")?,
        collation: r.oid("typcollation")?,
    })
}
