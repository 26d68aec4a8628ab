//! FOREIGN KEY constraints in the catalog: reading pg_constraint rows with contype 'f' as
//! `ForeignKey`, the per-table (cached) lists of foreign keys where a table is the referencing
//! side (`outgoing`) and the referenced side (`incoming`), inserting a new foreign key's
//! pg_constraint row with its pg_depend rows, marking one validated, and choosing
//! PostgreSQL's default constraint names (`<table>_<cols>_fkey` with a numeric suffix on
//! collision).

use crate::rows::{Row, RowBuilder};
use crate::{schema, Catalog, CatalogCx};
use common::{Oid, PgError, PgResult};
use std::sync::Arc;
use types::{Array, Datum};

/// pg_constraint.confupdtype / confdeltype values.
pub const FKCONSTR_ACTION_NOACTION: u8 = b'a';
pub const FKCONSTR_ACTION_RESTRICT: u8 = b'r';
pub const FKCONSTR_ACTION_CASCADE: u8 = b'c';
pub const FKCONSTR_ACTION_SETNULL: u8 = b'n';
pub const FKCONSTR_ACTION_SETDEFAULT: u8 = b'd';
/// pg_constraint.confmatchtype values.
pub const FKCONSTR_MATCH_SIMPLE: u8 = b's';
pub const FKCONSTR_MATCH_FULL: u8 = b'f';

/// One foreign key constraint (a pg_constraint row with contype 'f').
#[derive(Clone, Debug, PartialEq)]
pub struct ForeignKey {
    pub oid: Oid,
    pub name: String,
    pub namespace_oid: Oid,
    /// The referencing table and its key columns (attnums).
    pub conrelid: Oid,
    pub conkey: Vec<i16>,
    /// The referenced table and its key columns, in the same order.
    pub confrelid: Oid,
    pub confkey: Vec<i16>,
    /// Equality operators: PK = FK, PK = PK, FK = FK per key column.
    pub pf_eq_ops: Vec<Oid>,
    pub pp_eq_ops: Vec<Oid>,
    pub ff_eq_ops: Vec<Oid>,
    /// ON UPDATE / ON DELETE action (FKCONSTR_ACTION_*).
    pub upd_type: u8,
    pub del_type: u8,
    /// FKCONSTR_MATCH_SIMPLE or FKCONSTR_MATCH_FULL.
    pub match_type: u8,
    pub deferrable: bool,
    pub deferred: bool,
    pub validated: bool,
    /// The referenced table's unique index the constraint relies on.
    pub index_oid: Oid,
}

/// The foreign keys touching one table.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RelationForeignKeys {
    /// Constraints of this table (it is the referencing side), in OID order.
    pub outgoing: Vec<Arc<ForeignKey>>,
    /// Constraints of other tables (or self-references) that reference this table.
    pub incoming: Vec<Arc<ForeignKey>>,
}

impl RelationForeignKeys {
    pub fn is_empty(&self) -> bool {
        self.outgoing.is_empty() && self.incoming.is_empty()
    }
}

/// What `insert_foreign_key` stores.
#[derive(Clone, Debug)]
pub struct NewForeignKey<'a> {
    pub name: &'a str,
    pub namespace_oid: Oid,
    pub conrelid: Oid,
    pub conkey: &'a [i16],
    pub confrelid: Oid,
    pub confkey: &'a [i16],
    pub pf_eq_ops: &'a [Oid],
    pub pp_eq_ops: &'a [Oid],
    pub ff_eq_ops: &'a [Oid],
    pub upd_type: u8,
    pub del_type: u8,
    pub match_type: u8,
    pub deferrable: bool,
    pub deferred: bool,
    pub validated: bool,
    pub index_oid: Oid,
}

fn int_list(d: &Datum) -> Vec<i64> {
    match d {
        Datum::Array(a) => a.elems.iter().filter_map(|e| e.as_i64()).collect(),
        Datum::Text(s) => s
            .trim_matches(|c| c == '{' || c == '}')
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter_map(|x| x.parse().ok())
            .collect(),
        _ => Vec::new(),
    }
}

fn oid_list(d: &Datum) -> Vec<Oid> {
    match d {
        Datum::Array(a) => a.elems.iter().map(crate::rows::datum_oid).collect(),
        other => int_list(other).into_iter().map(|v| v as Oid).collect(),
    }
}

/// A one-dimensional array value (lower bound 1) of `elem_type`.
fn array_of(elem_type: Oid, elems: Vec<Datum>) -> Datum {
    Datum::Array(Box::new(Array {
        elem_type,
        dims: if elems.is_empty() {
            Vec::new()
        } else {
            vec![(elems.len() as i32, 1)]
        },
        elems,
    }))
}

/// Read a pg_constraint row with contype 'f'.
pub fn foreign_key_from_row(r: &Row) -> PgResult<ForeignKey> {
    Ok(ForeignKey {
        oid: r.row_oid(),
        name: r.text("conname")?,
        namespace_oid: r.oid("connamespace")?,
        conrelid: r.oid("conrelid")?,
        conkey: int_list(r.get("conkey")?)
            .into_iter()
            .map(|v| v as i16)
            .collect(),
        confrelid: r.oid("confrelid")?,
        confkey: int_list(r.get("confkey")?)
            .into_iter()
            .map(|v| v as i16)
            .collect(),
        pf_eq_ops: oid_list(r.get("conpfeqop")?),
        pp_eq_ops: oid_list(r.get("conppeqop")?),
        ff_eq_ops: oid_list(r.get("conffeqop")?),
        upd_type: r.ch("confupdtype")?,
        del_type: r.ch("confdeltype")?,
        match_type: r.ch("confmatchtype")?,
        deferrable: r.bool("condeferrable")?,
        deferred: r.bool("condeferred")?,
        validated: r.bool("convalidated")?,
        index_oid: r.oid("conindid")?,
    })
}

impl Catalog {
    /// The foreign keys where `relid` is the referencing or the referenced table (cached per
    /// catalog version; catalog changes invalidate the cache).
    pub fn relation_foreign_keys(
        &self,
        cx: &CatalogCx,
        relid: Oid,
    ) -> PgResult<Arc<RelationForeignKeys>> {
        let key = (cx.db_oid, relid);
        let db = cx.db_oid;
        let ver = self.cache_version(cx);
        if let Some(ver) = ver {
            let hit = self.cache_get(|c| match c.fkeys.get(&key) {
                Some(v) => Some(v.clone()),
                None if c.fkeys_loaded.contains(&db) => Some(Arc::default()),
                None => None,
            });
            if let Some(v) = hit {
                return Ok(v);
            }
            // One scan fills the entries of every table (most tables have none).
            let all = self.load_all_foreign_keys(cx)?;
            let found = all.get(&relid).cloned().unwrap_or_default();
            self.cache_put(ver, |c| {
                c.fkeys_loaded.insert(db);
                for (rel, fks) in all {
                    c.fkeys.insert((db, rel), fks);
                }
            });
            return Ok(found);
        }
        let all = self.load_all_foreign_keys(cx)?;
        Ok(all.get(&relid).cloned().unwrap_or_default())
    }

    fn load_all_foreign_keys(
        &self,
        cx: &CatalogCx,
    ) -> PgResult<std::collections::HashMap<Oid, Arc<RelationForeignKeys>>> {
        let rows = self.scan(cx, schema::PG_CONSTRAINT, |r| {
            r.ch("contype").unwrap_or(0) == b'f'
        })?;
        let mut fks = Vec::with_capacity(rows.len());
        for r in &rows {
            fks.push(Arc::new(foreign_key_from_row(r)?));
        }
        fks.sort_by_key(|f| f.oid);
        let mut map: std::collections::HashMap<Oid, RelationForeignKeys> =
            std::collections::HashMap::new();
        for fk in fks {
            map.entry(fk.conrelid)
                .or_default()
                .outgoing
                .push(fk.clone());
            map.entry(fk.confrelid).or_default().incoming.push(fk);
        }
        Ok(map.into_iter().map(|(k, v)| (k, Arc::new(v))).collect())
    }

    /// The foreign key `conoid` (None if it is not a foreign key).
    pub fn foreign_key_by_oid(&self, cx: &CatalogCx, conoid: Oid) -> PgResult<Option<ForeignKey>> {
        let rows = self.scan(cx, schema::PG_CONSTRAINT, |r| {
            r.row_oid() == conoid && r.ch("contype").unwrap_or(0) == b'f'
        })?;
        match rows.first() {
            Some(r) => Ok(Some(foreign_key_from_row(r)?)),
            None => Ok(None),
        }
    }

    /// Insert a foreign key's pg_constraint row and its dependencies (auto on the referencing
    /// table's columns, normal on the referenced table's columns and unique index); returns
    /// the constraint OID.
    pub fn insert_foreign_key(&self, cx: &CatalogCx, fk: &NewForeignKey) -> PgResult<Oid> {
        let def = schema::by_oid(schema::PG_CONSTRAINT)
            .ok_or_else(|| PgError::internal("pg_constraint missing"))?;
        let conoid = self.next_oid()?;
        let i2 = |v: &[i16]| {
            array_of(
                types::oids::INT2,
                v.iter().map(|&k| Datum::Int2(k)).collect(),
            )
        };
        let oids =
            |v: &[Oid]| array_of(types::oids::OID, v.iter().map(|&o| Datum::Oid(o)).collect());
        let values = RowBuilder::new(def)
            .text("conname", fk.name)
            .oid("connamespace", fk.namespace_oid)
            .ch("contype", b'f')
            .bool("condeferrable", fk.deferrable)
            .bool("condeferred", fk.deferred)
            .bool("convalidated", fk.validated)
            .oid("conrelid", fk.conrelid)
            .oid("contypid", 0)
            .oid("conindid", fk.index_oid)
            .oid("confrelid", fk.confrelid)
            .ch("confupdtype", fk.upd_type)
            .ch("confdeltype", fk.del_type)
            .ch("confmatchtype", fk.match_type)
            .bool("conislocal", true)
            .i32("coninhcount", 0)
            .bool("connoinherit", true)
            .set("conkey", i2(fk.conkey))
            .set("confkey", i2(fk.confkey))
            .set("conpfeqop", oids(fk.pf_eq_ops))
            .set("conppeqop", oids(fk.pp_eq_ops))
            .set("conffeqop", oids(fk.ff_eq_ops))
            .row_oid(conoid)
            .build();
        self.insert_row(cx, schema::PG_CONSTRAINT, &values)?;
        if let Some(dep) = schema::by_oid(schema::PG_DEPEND) {
            let add = |refclass: Oid, refobj: Oid, sub: i32, deptype: u8| -> PgResult<()> {
                let d = RowBuilder::new(dep)
                    .oid("classid", schema::PG_CONSTRAINT)
                    .oid("objid", conoid)
                    .i32("objsubid", 0)
                    .oid("refclassid", refclass)
                    .oid("refobjid", refobj)
                    .i32("refobjsubid", sub)
                    .ch("deptype", deptype)
                    .build();
                self.insert_row(cx, schema::PG_DEPEND, &d)?;
                Ok(())
            };
            for &k in fk.conkey {
                add(schema::PG_CLASS, fk.conrelid, k as i32, b'a')?;
            }
            if fk.index_oid != 0 {
                add(schema::PG_CLASS, fk.index_oid, 0, b'n')?;
            }
            if fk.confrelid != fk.conrelid {
                for &k in fk.confkey {
                    add(schema::PG_CLASS, fk.confrelid, k as i32, b'n')?;
                }
            }
        }
        Ok(conoid)
    }

    /// Set pg_class.relhastriggers of `tables` (PostgreSQL's RI triggers set it; psql's \d
    /// looks for foreign keys only then). Must run in a later command than the one that
    /// created the rows.
    pub fn set_relhastriggers(&self, cx: &CatalogCx, tables: &[Oid]) -> PgResult<()> {
        let Some(def) = schema::by_oid(schema::PG_CLASS) else {
            return Ok(());
        };
        let Some(col) = def.col("relhastriggers") else {
            return Ok(());
        };
        let rows = self.scan(cx, schema::PG_CLASS, |r| tables.contains(&r.row_oid()))?;
        for r in rows {
            if r.bool("relhastriggers")? {
                continue;
            }
            let mut v = r.values.clone();
            if let Some(s) = v.get_mut(col) {
                *s = Datum::Bool(true);
            }
            self.update_row(cx, &r, &v)?;
        }
        Ok(())
    }

    /// ALTER TABLE ... VALIDATE CONSTRAINT: set convalidated of constraint `conoid`.
    pub fn set_constraint_validated(&self, cx: &CatalogCx, conoid: Oid) -> PgResult<()> {
        let Some(def) = schema::by_oid(schema::PG_CONSTRAINT) else {
            return Ok(());
        };
        let Some(col) = def.col("convalidated") else {
            return Ok(());
        };
        let rows = self.scan(cx, schema::PG_CONSTRAINT, |r| r.row_oid() == conoid)?;
        for r in rows {
            let mut v = r.values.clone();
            if let Some(s) = v.get_mut(col) {
                *s = Datum::Bool(true);
            }
            self.update_row(cx, &r, &v)?;
        }
        Ok(())
    }

    /// Delete the pg_depend rows of constraints `oids` (their own dependencies).
    pub fn delete_constraint_dependencies(&self, cx: &CatalogCx, oids: &[Oid]) -> PgResult<()> {
        self.delete_where(cx, schema::PG_DEPEND, |r| {
            r.oid("classid").unwrap_or(0) == schema::PG_CONSTRAINT
                && oids.contains(&r.oid("objid").unwrap_or(0))
        })?;
        Ok(())
    }

    /// The names of every constraint in schema `namespace_oid` (for choosing new names).
    pub fn constraint_names_in_namespace(
        &self,
        cx: &CatalogCx,
        namespace_oid: Oid,
    ) -> PgResult<Vec<String>> {
        let rows = self.scan(cx, schema::PG_CONSTRAINT, |r| {
            r.oid("connamespace").unwrap_or(0) == namespace_oid
        })?;
        rows.iter().map(|r| r.text("conname")).collect()
    }
}

/// PostgreSQL's ChooseConstraintName-style default name: `<table>_<first column>_fkey`,
/// truncated to fit NAMEDATALEN, with `1`, `2`, ... appended before the suffix when the name
/// is taken by `taken`.
pub fn choose_fkey_name(table: &str, columns: &[&str], taken: &dyn Fn(&str) -> bool) -> String {
    // PostgreSQL 10 names a foreign key after its first column only.
    let cols = columns.first().copied().unwrap_or("").to_string();
    let mut pass = 0;
    loop {
        let label = if pass == 0 {
            "fkey".to_string()
        } else {
            format!("fkey{pass}")
        };
        let name = make_object_name(table, &cols, &label);
        if !taken(&name) || pass > 10_000 {
            return name;
        }
        pass += 1;
    }
}

/// makeObjectName: `name1_name2_label`, shortening the longer of name1/name2 until the whole
/// fits in 63 bytes (at character boundaries).
pub fn make_object_name(name1: &str, name2: &str, label: &str) -> String {
    let overhead = label.len() + 1 + usize::from(!name2.is_empty());
    let mut n1 = name1.len();
    let mut n2 = name2.len();
    while n1 + n2 + overhead > 63 {
        if n1 > n2 {
            n1 -= 1;
        } else {
            n2 -= 1;
        }
    }
    let cut = |s: &str, mut n: usize| {
        while n > 0 && !s.is_char_boundary(n) {
            n -= 1;
        }
        s[..n].to_string()
    };
    let mut out = cut(name1, n1);
    if !name2.is_empty() {
        out.push('_');
        out.push_str(&cut(name2, n2));
    }
    out.push('_');
    out.push_str(label);
    out
}

/// PostgreSQL 10's built-in referential-integrity trigger functions (pg_proc OID, name).
/// Tusk enforces foreign keys in the executor, but lists these in pg_proc as PostgreSQL does.
pub const RI_TRIGGER_FUNCTIONS: &[(Oid, &str)] = &[
    (1644, "RI_FKey_check_ins"),
    (1645, "RI_FKey_check_upd"),
    (1646, "RI_FKey_cascade_del"),
    (1647, "RI_FKey_cascade_upd"),
    (1648, "RI_FKey_restrict_del"),
    (1649, "RI_FKey_restrict_upd"),
    (1650, "RI_FKey_setnull_del"),
    (1651, "RI_FKey_setnull_upd"),
    (1652, "RI_FKey_setdefault_del"),
    (1653, "RI_FKey_setdefault_upd"),
    (1654, "RI_FKey_noaction_del"),
    (1655, "RI_FKey_noaction_upd"),
];

/// The pg_proc rows of `RI_TRIGGER_FUNCTIONS` (no arguments, returning `trigger`, volatile,
/// strict, language internal, owned by the bootstrap superuser), for initdb.
pub fn ri_trigger_proc_rows() -> Vec<Vec<Datum>> {
    let Some(def) = schema::by_oid(schema::PG_PROC) else {
        return Vec::new();
    };
    RI_TRIGGER_FUNCTIONS
        .iter()
        .map(|&(oid, name)| {
            RowBuilder::new(def)
                .row_oid(oid)
                .text("proname", name)
                .oid("pronamespace", crate::oids::PG_CATALOG_NAMESPACE)
                .oid("proowner", crate::oids::BOOTSTRAP_SUPERUSER)
                .oid("prolang", crate::bootstrap::INTERNAL_LANG_OID)
                .set("procost", Datum::Float4(1.0))
                .set("prorows", Datum::Float4(0.0))
                .bool("proisstrict", true)
                .ch("provolatile", b'v')
                .ch("proparallel", b's')
                .i16("pronargs", 0)
                .i16("pronargdefaults", 0)
                .oid("prorettype", types::oids::TRIGGER)
                .set("proargtypes", crate::rows::oidvector(&[]))
                .text("prosrc", name)
                .build()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn ri_trigger_function_rows() {
        let rows = super::ri_trigger_proc_rows();
        assert_eq!(rows.len(), 12);
        let def = crate::schema::by_oid(crate::schema::PG_PROC).unwrap();
        let name = def.col("proname").unwrap();
        let ret = def.col("prorettype").unwrap();
        assert!(rows
            .iter()
            .any(|r| r[name] == types::Datum::Text("RI_FKey_noaction_del".into())));
        assert!(rows
            .iter()
            .all(|r| r[ret] == types::Datum::Oid(types::oids::TRIGGER)));
    }

    use super::*;

    #[test]
    fn default_names() {
        assert_eq!(
            choose_fkey_name("fktable", &["ftest1"], &|_| false),
            "fktable_ftest1_fkey"
        );
        assert_eq!(
            choose_fkey_name("fktable", &["ftest1", "ftest2"], &|n| n
                == "fktable_ftest1_fkey"),
            "fktable_ftest1_fkey1"
        );
        let long = "a".repeat(70);
        let n = make_object_name(&long, "col", "fkey");
        assert_eq!(n.len(), 63);
        assert!(n.ends_with("_col_fkey"));
    }

    #[test]
    fn parse_lists() {
        assert_eq!(int_list(&Datum::Text("{1,2}".into())), vec![1, 2]);
        let a = array_of(types::oids::INT2, vec![Datum::Int2(3)]);
        assert_eq!(int_list(&a), vec![3]);
        assert_eq!(
            oid_list(&array_of(types::oids::OID, vec![Datum::Oid(96)])),
            vec![96]
        );
    }
}
