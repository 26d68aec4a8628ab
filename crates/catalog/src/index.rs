//! Index and constraint catalog helpers: reading a table's indexes (pg_index + the index's
//! pg_class/pg_attribute rows) as `IndexDesc`, writing the pg_index row of a new index, and
//! PRIMARY KEY / UNIQUE rows of pg_constraint. Expression columns and partial-index predicates
//! are stored as SQL text (pg_index.indexprs holds the parenthesised expressions separated by
//! ", ", indpred the predicate), which the executor re-analyzes against the table.

use crate::rows::{int2vector, oidvector, Row, RowBuilder};
use crate::{schema, Catalog, CatalogCx};
use common::{Oid, PgError, PgResult};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use storage::{RelFileNode, DEFAULTTABLESPACE_OID};
use types::Datum;

/// pg_index.indoption bit: DESC column.
pub const INDOPTION_DESC: i16 = 1;
/// pg_index.indoption bit: NULLS FIRST column.
pub const INDOPTION_NULLS_FIRST: i16 = 2;
/// pg_am OID of btree.
pub const BTREE_AM_OID: Oid = 403;

/// One index of a table, as maintenance, planning and scans need it.
#[derive(Clone, Debug, PartialEq)]
pub struct IndexDesc {
    pub oid: Oid,
    pub name: String,
    pub namespace_oid: Oid,
    pub table_oid: Oid,
    pub file: RelFileNode,
    pub unique: bool,
    pub primary: bool,
    /// Access method (pg_am OID): only btree (403) indexes are built, maintained and used.
    pub am: Oid,
    /// False for DEFERRABLE unique constraints (checked at the end of the statement).
    pub immediate: bool,
    /// Key columns: table attnums (1-based), 0 for an expression column.
    pub keys: Vec<i16>,
    /// Per key column indoption bits (INDOPTION_DESC, INDOPTION_NULLS_FIRST).
    pub options: Vec<i16>,
    /// Per key column type (the index attribute's type).
    pub key_types: Vec<Oid>,
    /// The expression columns' SQL, in order (pg_index.indexprs text), or None.
    pub exprs: Option<String>,
    /// Partial index predicate SQL, or None.
    pub pred: Option<String>,
}

impl IndexDesc {
    pub fn descending(&self, i: usize) -> bool {
        self.options.get(i).is_some_and(|o| o & INDOPTION_DESC != 0)
    }
    pub fn nulls_first(&self, i: usize) -> bool {
        self.options
            .get(i)
            .is_some_and(|o| o & INDOPTION_NULLS_FIRST != 0)
    }
    /// True if every key column is a plain column (no expressions).
    pub fn plain(&self) -> bool {
        self.exprs.is_none() && self.keys.iter().all(|&k| k > 0)
    }
}

/// The pg_index row of a new index.
pub struct NewIndex<'a> {
    pub index_oid: Oid,
    pub table_oid: Oid,
    pub keys: &'a [i16],
    pub options: &'a [i16],
    pub unique: bool,
    pub primary: bool,
    pub immediate: bool,
    pub exprs: Option<&'a str>,
    pub pred: Option<&'a str>,
}

fn int2_list(d: &Datum) -> Vec<i16> {
    match d {
        Datum::Array(a) => a
            .elems
            .iter()
            .map(|e| e.as_i64().unwrap_or(0) as i16)
            .collect(),
        Datum::Text(s) => s
            .split_whitespace()
            .filter_map(|x| x.parse().ok())
            .collect(),
        _ => Vec::new(),
    }
}

impl Catalog {
    /// The indexes of table `relid` visible to the caller, in OID order.
    pub fn relation_indexes(&self, cx: &CatalogCx, relid: Oid) -> PgResult<Vec<IndexDesc>> {
        Ok(self
            .relation_index_list(cx, relid)?
            .iter()
            .map(|d| (**d).clone())
            .collect())
    }

    /// The indexes of table `relid` visible to the caller, in OID order, shared with the
    /// catalog cache (planning and index maintenance ask for them on every statement).
    pub fn relation_index_list(
        &self,
        cx: &CatalogCx,
        relid: Oid,
    ) -> PgResult<Arc<Vec<Arc<IndexDesc>>>> {
        let ver = self.cache_version(cx);
        let key = (cx.db_oid, relid);
        if ver.is_some() {
            if let Some(v) = self.cache_get(|c| c.indexes.get(&key).cloned()) {
                return Ok(v);
            }
        }
        let rows = self.scan(cx, schema::PG_INDEX, |r| {
            r.oid("indrelid").unwrap_or(0) == relid
        })?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            if let Some(d) = self.index_desc_from_row(cx, &r)? {
                out.push(Arc::new(d));
            }
        }
        out.sort_by_key(|d| d.oid);
        let list = Arc::new(out);
        if let Some(ver) = ver {
            let c = list.clone();
            self.cache_put(ver, |cache| {
                cache.indexes.insert(key, c);
            });
        }
        Ok(list)
    }

    /// The index `oid` (None if it is not an index).
    pub fn index_by_oid(&self, cx: &CatalogCx, oid: Oid) -> PgResult<Option<IndexDesc>> {
        let rows = self.scan(cx, schema::PG_INDEX, |r| {
            r.oid("indexrelid").unwrap_or(0) == oid
        })?;
        match rows.first() {
            Some(r) => self.index_desc_from_row(cx, r),
            None => Ok(None),
        }
    }

    fn index_desc_from_row(&self, cx: &CatalogCx, r: &Row) -> PgResult<Option<IndexDesc>> {
        let oid = r.oid("indexrelid")?;
        let Some(rel) = self.relation_by_oid(cx, oid)? else {
            return Ok(None);
        };
        let keys = int2_list(r.get("indkey")?);
        let mut options = int2_list(r.get("indoption")?);
        options.resize(keys.len(), 0);
        let key_types = rel.columns.iter().map(|c| c.type_oid).collect();
        Ok(Some(IndexDesc {
            oid,
            name: rel.name.clone(),
            namespace_oid: rel.namespace_oid,
            table_oid: r.oid("indrelid")?,
            file: rel.file,
            unique: r.bool("indisunique")?,
            primary: r.bool("indisprimary")?,
            am: self.index_am(cx, oid)?,
            immediate: r.bool("indimmediate")?,
            keys,
            options,
            key_types,
            exprs: r.opt_text("indexprs")?.filter(|s| !s.is_empty()),
            pred: r.opt_text("indpred")?.filter(|s| !s.is_empty()),
        }))
    }

    /// The access method of index `oid` (pg_class.relam; btree until it is set). Cached:
    /// an index's access method never changes.
    fn index_am(&self, cx: &CatalogCx, oid: Oid) -> PgResult<Oid> {
        static AM: std::sync::OnceLock<Mutex<HashMap<(Oid, Oid), Oid>>> =
            std::sync::OnceLock::new();
        let cache = AM.get_or_init(|| Mutex::new(HashMap::new()));
        let key = (cx.db_oid, oid);
        if let Some(&am) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
            return Ok(am);
        }
        let am = match self.class_row(cx, oid)? {
            Some(r) => r.oid("relam")?,
            None => 0,
        };
        if am == 0 {
            return Ok(BTREE_AM_OID);
        }
        let mut c = cache.lock().unwrap_or_else(|e| e.into_inner());
        if c.len() > 100_000 {
            c.clear();
        }
        c.insert(key, am);
        Ok(am)
    }

    /// Insert the pg_index row of a new index (whose relation `create_relation_ex` made).
    pub fn insert_index_row(&self, cx: &CatalogCx, ix: &NewIndex) -> PgResult<()> {
        let def = schema::by_oid(schema::PG_INDEX)
            .ok_or_else(|| PgError::internal("pg_index missing"))?;
        let n = ix.keys.len();
        let values = RowBuilder::new(def)
            .oid("indexrelid", ix.index_oid)
            .oid("indrelid", ix.table_oid)
            .i16("indnatts", n as i16)
            .bool("indisunique", ix.unique)
            .bool("indisprimary", ix.primary)
            .bool("indisexclusion", false)
            .bool("indimmediate", ix.immediate)
            .bool("indisclustered", false)
            .bool("indisvalid", true)
            .bool("indcheckxmin", false)
            .bool("indisready", true)
            .bool("indislive", true)
            .bool("indisreplident", false)
            .set("indkey", int2vector(ix.keys))
            .set("indcollation", oidvector(&vec![0; n]))
            .set("indclass", oidvector(&vec![0; n]))
            .set("indoption", int2vector(ix.options))
            .set(
                "indexprs",
                ix.exprs.map_or(Datum::Null, |s| Datum::Text(s.to_string())),
            )
            .set(
                "indpred",
                ix.pred.map_or(Datum::Null, |s| Datum::Text(s.to_string())),
            )
            .build();
        self.insert_row(cx, schema::PG_INDEX, &values)?;
        Ok(())
    }

    /// ADD PRIMARY KEY USING INDEX: set pg_index.indisprimary of `index`. Must run in a later
    /// command than the one that created the row.
    pub fn set_index_primary(&self, cx: &CatalogCx, index: Oid) -> PgResult<()> {
        let Some(def) = schema::by_oid(schema::PG_INDEX) else {
            return Ok(());
        };
        let Some(col) = def.col("indisprimary") else {
            return Ok(());
        };
        let rows = self.scan(cx, schema::PG_INDEX, |r| {
            r.oid("indexrelid").unwrap_or(0) == index
        })?;
        for r in rows {
            let mut v = r.values.clone();
            if let Some(s) = v.get_mut(col) {
                *s = Datum::Bool(true);
            }
            self.update_row(cx, &r, &v)?;
        }
        Ok(())
    }

    /// Set pg_class.relhasindex of `table` and relam (btree) of `index`. Must run in a later
    /// command than the one that created the rows.
    pub fn mark_index_class_rows(
        &self,
        cx: &CatalogCx,
        table: Oid,
        index: Oid,
        am: Oid,
    ) -> PgResult<()> {
        let Some(def) = schema::by_oid(schema::PG_CLASS) else {
            return Ok(());
        };
        let (Some(hasindex), Some(relam)) = (def.col("relhasindex"), def.col("relam")) else {
            return Ok(());
        };
        let rows = self.scan(cx, schema::PG_CLASS, |r| {
            r.row_oid() == table || r.row_oid() == index
        })?;
        for r in rows {
            let mut v = r.values.clone();
            let (slot, val) = if r.row_oid() == table {
                if r.bool("relhasindex")? {
                    continue;
                }
                (hasindex, Datum::Bool(true))
            } else {
                (relam, Datum::Oid(am))
            };
            if let Some(s) = v.get_mut(slot) {
                *s = val;
            }
            self.update_row(cx, &r, &v)?;
        }
        Ok(())
    }

    /// Clear pg_class.relhasindex of `table` if it has no index left.
    pub fn refresh_relhasindex(&self, cx: &CatalogCx, table: Oid) -> PgResult<()> {
        let has = !self
            .scan(cx, schema::PG_INDEX, |r| {
                r.oid("indrelid").unwrap_or(0) == table
            })?
            .is_empty();
        let Some(def) = schema::by_oid(schema::PG_CLASS) else {
            return Ok(());
        };
        let Some(col) = def.col("relhasindex") else {
            return Ok(());
        };
        let rows = self.scan(cx, schema::PG_CLASS, |r| r.row_oid() == table)?;
        for r in rows {
            if r.bool("relhasindex")? == has {
                continue;
            }
            let mut v = r.values.clone();
            if let Some(s) = v.get_mut(col) {
                *s = Datum::Bool(has);
            }
            self.update_row(cx, &r, &v)?;
        }
        Ok(())
    }

    /// Insert a PRIMARY KEY ('p') or UNIQUE ('u') pg_constraint row for index `index_oid`
    /// on `table_oid` and record that the index depends on it; returns the constraint OID.
    #[allow(clippy::too_many_arguments)]
    pub fn add_index_constraint(
        &self,
        cx: &CatalogCx,
        name: &str,
        namespace_oid: Oid,
        contype: u8,
        table_oid: Oid,
        index_oid: Oid,
        conkey: &[i16],
        deferrable: (bool, bool),
    ) -> PgResult<Oid> {
        let def = schema::by_oid(schema::PG_CONSTRAINT)
            .ok_or_else(|| PgError::internal("pg_constraint missing"))?;
        let conoid = self.next_oid()?;
        let conkey = Datum::Array(Box::new(types::Array {
            elem_type: types::oids::INT2,
            dims: vec![(conkey.len() as i32, 1)],
            elems: conkey.iter().map(|&k| Datum::Int2(k)).collect(),
        }));
        let values = RowBuilder::new(def)
            .text("conname", name)
            .oid("connamespace", namespace_oid)
            .ch("contype", contype)
            .bool("condeferrable", deferrable.0)
            .bool("condeferred", deferrable.1)
            .bool("convalidated", true)
            .oid("conrelid", table_oid)
            .oid("contypid", 0)
            .oid("conindid", index_oid)
            .oid("confrelid", 0)
            .ch("confupdtype", b' ')
            .ch("confdeltype", b' ')
            .ch("confmatchtype", b' ')
            .bool("conislocal", true)
            .i32("coninhcount", 0)
            .bool("connoinherit", true)
            .set("conkey", conkey)
            .row_oid(conoid)
            .build();
        self.insert_row(cx, schema::PG_CONSTRAINT, &values)?;
        if let Some(dep) = schema::by_oid(schema::PG_DEPEND) {
            let d = RowBuilder::new(dep)
                .oid("classid", schema::PG_CLASS)
                .oid("objid", index_oid)
                .i32("objsubid", 0)
                .oid("refclassid", schema::PG_CONSTRAINT)
                .oid("refobjid", conoid)
                .i32("refobjsubid", 0)
                .ch("deptype", b'i')
                .build();
            self.insert_row(cx, schema::PG_DEPEND, &d)?;
        }
        Ok(conoid)
    }

    /// The constraints of `table_oid` as (OID, name, contype, conindid).
    pub fn relation_constraints(
        &self,
        cx: &CatalogCx,
        table_oid: Oid,
    ) -> PgResult<Vec<(Oid, String, u8, Oid)>> {
        let rows = self.scan(cx, schema::PG_CONSTRAINT, |r| {
            r.oid("conrelid").unwrap_or(0) == table_oid
        })?;
        let mut out = Vec::new();
        for r in rows {
            out.push((
                r.row_oid(),
                r.text("conname")?,
                r.ch("contype")?,
                r.oid("conindid")?,
            ));
        }
        Ok(out)
    }

    /// True if a constraint named `name` exists on `table_oid`.
    pub fn constraint_exists(&self, cx: &CatalogCx, table_oid: Oid, name: &str) -> PgResult<bool> {
        Ok(self
            .relation_constraints(cx, table_oid)?
            .iter()
            .any(|c| c.1 == name))
    }

    /// Delete constraint row `conoid` and its dependency rows.
    pub fn delete_constraint(&self, cx: &CatalogCx, conoid: Oid) -> PgResult<()> {
        self.delete_where(cx, schema::PG_CONSTRAINT, |r| r.row_oid() == conoid)?;
        self.delete_where(cx, schema::PG_DESCRIPTION, |r| {
            r.oid("objoid").unwrap_or(0) == conoid
                && r.oid("classoid").unwrap_or(0) == schema::PG_CONSTRAINT
        })?;
        self.delete_where(cx, schema::PG_DEPEND, |r| {
            r.oid("refclassid").unwrap_or(0) == schema::PG_CONSTRAINT
                && r.oid("refobjid").unwrap_or(0) == conoid
        })?;
        Ok(())
    }

    /// The constraint (OID, name, table) that owns index `index_oid`, if any.
    pub fn index_constraint(
        &self,
        cx: &CatalogCx,
        index_oid: Oid,
    ) -> PgResult<Option<(Oid, String, Oid)>> {
        let rows = self.scan(cx, schema::PG_CONSTRAINT, |r| {
            r.oid("conindid").unwrap_or(0) == index_oid
                && matches!(r.ch("contype").unwrap_or(0), b'p' | b'u')
        })?;
        Ok(match rows.first() {
            Some(r) => Some((r.row_oid(), r.text("conname")?, r.oid("conrelid")?)),
            None => None,
        })
    }
}

/// The pg_am OID of an access method name (None if unknown).
pub fn am_oid(name: &str) -> Option<Oid> {
    Some(match name {
        "btree" => BTREE_AM_OID,
        "hash" => 405,
        "gist" => 783,
        "gin" => 2742,
        "spgist" => 4000,
        "brin" => 3580,
        _ => return None,
    })
}

/// The access method name of a pg_am OID.
pub fn am_name(oid: Oid) -> &'static str {
    match oid {
        405 => "hash",
        783 => "gist",
        2742 => "gin",
        4000 => "spgist",
        3580 => "brin",
        _ => "btree",
    }
}

/// The file of an index relation in the default tablespace of database `db`.
pub fn index_file(db: Oid, relfilenode: Oid) -> RelFileNode {
    RelFileNode {
        spc_node: DEFAULTTABLESPACE_OID,
        db_node: db,
        rel_node: relfilenode,
    }
}
