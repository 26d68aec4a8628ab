//! Catalog steps of ALTER TABLE that ddl.rs does not cover: changing a column's type (the
//! table's pg_attribute row, the matching index columns, the column's statistics), and
//! renaming a constraint (pg_constraint.conname, plus the index of an index-backed one).

use crate::bootstrap::TypePhys;
use crate::{schema, Catalog, CatalogCx};
use common::{pg_err, Oid, PgError, PgResult};
use types::Datum;

impl Catalog {
    /// The physical facts (length, by-value, alignment, storage, collation, array-ness) of
    /// columns of type `type_oid`.
    fn phys_of(&self, cx: &CatalogCx, type_oid: Oid) -> PgResult<TypePhys> {
        if types::type_info(type_oid).is_some() {
            return Ok(TypePhys::builtin(type_oid));
        }
        match self.type_rec(cx, type_oid)? {
            Some(t) => Ok(TypePhys {
                len: t.entry.len,
                byval: t.entry.byval,
                align: t.entry.align,
                storage: t.storage,
                collation: t.collation,
                is_array: t.entry.category == b'A' && t.entry.len == -1 && t.entry.elem != 0,
            }),
            None => Err(pg_err!(
                UNDEFINED_OBJECT,
                "type with OID {} does not exist",
                type_oid
            )),
        }
    }

    /// Rewrite the pg_attribute row (`relid`, `attnum`) for type (`type_oid`, `typmod`).
    fn retype_attribute(
        &self,
        cx: &CatalogCx,
        relid: Oid,
        attnum: i16,
        type_oid: Oid,
        typmod: i32,
        phys: &TypePhys,
    ) -> PgResult<usize> {
        let rows = self.scan(cx, schema::PG_ATTRIBUTE, |r| {
            r.oid("attrelid").unwrap_or(0) == relid && r.int("attnum").unwrap_or(0) == attnum as i64
        })?;
        for r in &rows {
            let mut v = r.values.clone();
            let mut set = |name: &str, d: Datum| {
                if let Some(i) = r.def.col(name) {
                    if let Some(slot) = v.get_mut(i) {
                        *slot = d;
                    }
                }
            };
            set("atttypid", Datum::Oid(type_oid));
            set("atttypmod", Datum::Int4(typmod));
            set("attlen", Datum::Int2(phys.len));
            set("attbyval", Datum::Bool(phys.byval));
            set("attalign", Datum::Char(phys.align));
            set("attstorage", Datum::Char(phys.storage));
            set("attcollation", Datum::Oid(phys.collation));
            set("attndims", Datum::Int4(i32::from(phys.is_array)));
            self.update_row(cx, r, &v)?;
        }
        Ok(rows.len())
    }

    /// ALTER COLUMN TYPE: column `attnum` of table `relid` becomes (`type_oid`, `typmod`), as
    /// do the columns of its indexes that are that plain column; the column's statistics
    /// are dropped. Converting the stored rows is the caller's job.
    pub fn set_column_type(
        &self,
        cx: &CatalogCx,
        relid: Oid,
        attnum: i16,
        type_oid: Oid,
        typmod: i32,
    ) -> PgResult<()> {
        let phys = self.phys_of(cx, type_oid)?;
        if self.retype_attribute(cx, relid, attnum, type_oid, typmod, &phys)? == 0 {
            return Err(PgError::internal(format!(
                "cache lookup failed for attribute {attnum} of relation {relid}"
            )));
        }
        for ix in self.relation_indexes(cx, relid)? {
            for (i, &k) in ix.keys.iter().enumerate() {
                if k == attnum {
                    self.retype_attribute(cx, ix.oid, (i + 1) as i16, type_oid, typmod, &phys)?;
                }
            }
        }
        self.delete_where(cx, schema::PG_STATISTIC, |r| {
            r.oid("starelid").unwrap_or(0) == relid
                && r.int("staattnum").unwrap_or(0) == attnum as i64
        })?;
        Ok(())
    }

    /// Set one column of the pg_attribute row (`relid`, `attnum`) to `value` (SET STATISTICS,
    /// SET STORAGE). Returns false if there is no such row.
    pub fn set_attribute_value(
        &self,
        cx: &CatalogCx,
        relid: Oid,
        attnum: i16,
        column: &str,
        value: Datum,
    ) -> PgResult<bool> {
        let rows = self.scan(cx, schema::PG_ATTRIBUTE, |r| {
            r.oid("attrelid").unwrap_or(0) == relid && r.int("attnum").unwrap_or(0) == attnum as i64
        })?;
        let Some(r) = rows.first() else {
            return Ok(false);
        };
        let Some(i) = r.def.col(column) else {
            return Err(PgError::internal(format!("pg_attribute has no {column}")));
        };
        let mut v = r.values.clone();
        if let Some(slot) = v.get_mut(i) {
            *slot = value;
        }
        self.update_row(cx, r, &v)?;
        Ok(true)
    }

    /// Set one column of the pg_class row of `relid` to `value` (reloptions, relpersistence,
    /// relowner, ...). Returns false if there is no such row.
    pub fn set_class_value(
        &self,
        cx: &CatalogCx,
        relid: Oid,
        column: &str,
        value: Datum,
    ) -> PgResult<bool> {
        let Some(r) = self.class_row(cx, relid)? else {
            return Ok(false);
        };
        let Some(i) = r.def.col(column) else {
            return Err(PgError::internal(format!("pg_class has no {column}")));
        };
        let mut v = r.values.clone();
        if let Some(slot) = v.get_mut(i) {
            *slot = value;
        }
        self.update_row(cx, &r, &v)?;
        Ok(true)
    }

    /// After a key column's type changed: the equality operators of foreign key `conoid`
    /// (pg_constraint.conpfeqop / conppeqop / conffeqop).
    pub fn set_foreign_key_ops(
        &self,
        cx: &CatalogCx,
        conoid: Oid,
        (pf, pp, ff): (&[Oid], &[Oid], &[Oid]),
    ) -> PgResult<()> {
        let arr = |v: &[Oid]| {
            Datum::Array(Box::new(types::Array {
                elem_type: types::oids::OID,
                dims: if v.is_empty() {
                    Vec::new()
                } else {
                    vec![(v.len() as i32, 1)]
                },
                elems: v.iter().map(|&o| Datum::Oid(o)).collect(),
            }))
        };
        let rows = self.scan(cx, schema::PG_CONSTRAINT, |r| r.row_oid() == conoid)?;
        for r in &rows {
            let mut v = r.values.clone();
            for (col, val) in [("conpfeqop", pf), ("conppeqop", pp), ("conffeqop", ff)] {
                if let Some(slot) = r.def.col(col).and_then(|i| v.get_mut(i)) {
                    *slot = arr(val);
                }
            }
            self.update_row(cx, r, &v)?;
        }
        Ok(())
    }

    /// ALTER TABLE SET WITHOUT OIDS: pg_class.relhasoids off and the `oid` system attribute
    /// gone (the caller rewrites the rows).
    pub fn clear_relation_has_oids(&self, cx: &CatalogCx, relid: Oid) -> PgResult<()> {
        self.set_class_value(cx, relid, "relhasoids", Datum::Bool(false))?;
        self.delete_where(cx, schema::PG_ATTRIBUTE, |r| {
            r.oid("attrelid").unwrap_or(0) == relid && r.int("attnum").unwrap_or(0) == -2
        })?;
        Ok(())
    }

    /// ALTER TABLE RENAME CONSTRAINT: rename constraint `old` of table `relid` to `new`
    /// (and its index, for PRIMARY KEY / UNIQUE / EXCLUDE). Errors: 42704 `constraint "x"
    /// for table "t" does not exist`, 42710 `constraint "y" for relation "t" already exists`.
    pub fn rename_constraint(
        &self,
        cx: &CatalogCx,
        relid: Oid,
        relname: &str,
        old: &str,
        new: &str,
    ) -> PgResult<()> {
        let rows = self.scan(cx, schema::PG_CONSTRAINT, |r| {
            r.oid("conrelid").unwrap_or(0) == relid
        })?;
        let Some(row) = rows.iter().find(|r| r.is("conname", old).unwrap_or(false)) else {
            return Err(pg_err!(
                UNDEFINED_OBJECT,
                "constraint \"{}\" for table \"{}\" does not exist",
                old,
                relname
            ));
        };
        if rows.iter().any(|r| r.is("conname", new).unwrap_or(false)) {
            return Err(pg_err!(
                DUPLICATE_OBJECT,
                "constraint \"{}\" for relation \"{}\" already exists",
                new,
                relname
            ));
        }
        let contype = row.ch("contype")?;
        let index = row.oid("conindid").unwrap_or(0);
        let mut v = row.values.clone();
        if let Some(i) = row.def.col("conname") {
            if let Some(slot) = v.get_mut(i) {
                *slot = Datum::Text(new.to_string());
            }
        }
        self.update_row(cx, row, &v)?;
        if matches!(contype, b'p' | b'u' | b'x') && index != 0 {
            self.rename_relation(cx, index, new)?;
        }
        Ok(())
    }
}
