//! CHECK constraint rows of pg_constraint (contype 'c'): creating them (with pg_class.relchecks
//! kept in step, as psql's \d relies on it), listing a table's checks (sorted by name, cached
//! per catalog version), validating, rewriting the stored expression and dropping. The
//! expression is kept as SQL text in conbin and consrc; the executor re-analyzes it against
//! the table.

use crate::rows::{Row, RowBuilder};
use crate::{schema, Catalog, CatalogCx};
use common::{Oid, PgError, PgResult};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use types::Datum;

/// One CHECK constraint of a table.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckConstraint {
    pub oid: Oid,
    pub name: String,
    pub namespace_oid: Oid,
    pub table_oid: Oid,
    /// Referenced columns (attnums).
    pub conkey: Vec<i16>,
    /// The expression's SQL text (no enclosing CHECK parentheses).
    pub src: String,
    /// False for NOT VALID constraints not yet validated.
    pub validated: bool,
    pub no_inherit: bool,
}

/// A CHECK constraint to create.
#[derive(Clone, Debug)]
pub struct NewCheck<'a> {
    pub name: &'a str,
    pub namespace_oid: Oid,
    pub table_oid: Oid,
    pub conkey: &'a [i16],
    pub src: &'a str,
    pub validated: bool,
    pub no_inherit: bool,
}

type TableChecks = HashMap<Oid, Arc<Vec<CheckConstraint>>>;

/// Per (catalog instance, database): the catalog version the map was filled at and every
/// table's checks.
type CacheMap = HashMap<(usize, Oid), (u64, Arc<TableChecks>)>;

static CACHE: Mutex<Option<CacheMap>> = Mutex::new(None);

fn int2_array(d: &Datum) -> Vec<i16> {
    match d {
        Datum::Array(a) => a
            .elems
            .iter()
            .filter_map(|e| e.as_i64().map(|v| v as i16))
            .collect(),
        _ => Vec::new(),
    }
}

fn check_from_row(r: &Row) -> PgResult<CheckConstraint> {
    let src = match r.opt_text("conbin")? {
        Some(s) => s,
        None => r.text("consrc")?,
    };
    Ok(CheckConstraint {
        oid: r.row_oid(),
        name: r.text("conname")?,
        namespace_oid: r.oid("connamespace")?,
        table_oid: r.oid("conrelid")?,
        conkey: int2_array(r.get("conkey")?),
        src,
        validated: r.bool("convalidated")?,
        no_inherit: r.bool("connoinherit")?,
    })
}

fn is_check(r: &Row) -> bool {
    r.ch("contype").unwrap_or(0) == b'c' && r.oid("conrelid").unwrap_or(0) != 0
}

impl Catalog {
    /// The CHECK constraints of `table_oid`, sorted by name (the order PostgreSQL checks them).
    pub fn check_constraints(
        &self,
        cx: &CatalogCx,
        table_oid: Oid,
    ) -> PgResult<Arc<Vec<CheckConstraint>>> {
        let all = self.all_checks(cx)?;
        Ok(all.get(&table_oid).cloned().unwrap_or_default())
    }

    fn all_checks(&self, cx: &CatalogCx) -> PgResult<Arc<TableChecks>> {
        let ver = self.cache_version(cx);
        let key = (self as *const Catalog as usize, cx.db_oid);
        if let Some(v) = ver {
            let guard = CACHE.lock().unwrap_or_else(|e| e.into_inner());
            if let Some((cv, t)) = guard.as_ref().and_then(|m| m.get(&key)) {
                if *cv == v {
                    return Ok(t.clone());
                }
            }
        }
        let mut map: HashMap<Oid, Vec<CheckConstraint>> = HashMap::new();
        for r in self.scan(cx, schema::PG_CONSTRAINT, is_check)? {
            let c = check_from_row(&r)?;
            map.entry(c.table_oid).or_default().push(c);
        }
        let table: TableChecks = map
            .into_iter()
            .map(|(k, mut v)| {
                v.sort_by(|a, b| a.name.cmp(&b.name));
                (k, Arc::new(v))
            })
            .collect();
        let table = Arc::new(table);
        if let Some(v) = ver {
            let mut guard = CACHE.lock().unwrap_or_else(|e| e.into_inner());
            guard
                .get_or_insert_with(HashMap::new)
                .insert(key, (v, table.clone()));
        }
        Ok(table)
    }

    /// True if any pg_constraint row in schema `namespace_oid` is named `name` (the scope
    /// PostgreSQL's generated constraint names avoid).
    pub fn constraint_name_in_namespace(
        &self,
        cx: &CatalogCx,
        namespace_oid: Oid,
        name: &str,
    ) -> PgResult<bool> {
        Ok(!self
            .scan(cx, schema::PG_CONSTRAINT, |r| {
                r.oid("connamespace").unwrap_or(0) == namespace_oid
                    && r.is("conname", name).unwrap_or(false)
            })?
            .is_empty())
    }

    /// Insert a CHECK constraint row and bump the table's pg_class.relchecks; returns its OID.
    pub fn add_check_constraint(&self, cx: &CatalogCx, c: &NewCheck) -> PgResult<Oid> {
        let def = schema::by_oid(schema::PG_CONSTRAINT)
            .ok_or_else(|| PgError::internal("pg_constraint missing"))?;
        let conoid = self.next_oid()?;
        let conkey = Datum::Array(Box::new(types::Array {
            elem_type: types::oids::INT2,
            dims: vec![(c.conkey.len() as i32, 1)],
            elems: c.conkey.iter().map(|&k| Datum::Int2(k)).collect(),
        }));
        let mut b = RowBuilder::new(def)
            .text("conname", c.name)
            .oid("connamespace", c.namespace_oid)
            .ch("contype", b'c')
            .bool("condeferrable", false)
            .bool("condeferred", false)
            .bool("convalidated", c.validated)
            .oid("conrelid", c.table_oid)
            .oid("contypid", 0)
            .oid("conindid", 0)
            .oid("confrelid", 0)
            .ch("confupdtype", b' ')
            .ch("confdeltype", b' ')
            .ch("confmatchtype", b' ')
            .bool("conislocal", true)
            .i32("coninhcount", 0)
            .bool("connoinherit", c.no_inherit)
            .text("conbin", c.src)
            .text("consrc", c.src)
            .row_oid(conoid);
        if !c.conkey.is_empty() {
            b = b.set("conkey", conkey);
        }
        self.insert_row(cx, schema::PG_CONSTRAINT, &b.build())?;
        self.adjust_relchecks(cx, c.table_oid, 1)?;
        Ok(conoid)
    }

    /// Delete CHECK constraint `conoid` of `table_oid` (and its dependency rows).
    pub fn drop_check_constraint(
        &self,
        cx: &CatalogCx,
        table_oid: Oid,
        conoid: Oid,
    ) -> PgResult<()> {
        self.delete_constraint(cx, conoid)?;
        self.adjust_relchecks(cx, table_oid, -1)
    }

    /// Mark CHECK constraint `conoid` validated (ALTER TABLE ... VALIDATE CONSTRAINT).
    pub fn set_check_validated(&self, cx: &CatalogCx, conoid: Oid) -> PgResult<()> {
        self.update_constraint(cx, conoid, |def, v| {
            if let Some(i) = def.col("convalidated") {
                v[i] = Datum::Bool(true);
            }
        })
    }

    /// Replace the stored expression text of CHECK constraint `conoid` (column renames).
    pub fn set_check_src(&self, cx: &CatalogCx, conoid: Oid, src: &str) -> PgResult<()> {
        self.update_constraint(cx, conoid, |def, v| {
            for col in ["conbin", "consrc"] {
                if let Some(i) = def.col(col) {
                    v[i] = Datum::Text(src.to_string());
                }
            }
        })
    }

    fn update_constraint(
        &self,
        cx: &CatalogCx,
        conoid: Oid,
        f: impl Fn(&schema::CatalogDef, &mut Vec<Datum>),
    ) -> PgResult<()> {
        for r in self.scan(cx, schema::PG_CONSTRAINT, |r| r.row_oid() == conoid)? {
            let mut v = r.values.clone();
            f(r.def, &mut v);
            self.update_row(cx, &r, &v)?;
        }
        Ok(())
    }

    fn adjust_relchecks(&self, cx: &CatalogCx, table_oid: Oid, delta: i64) -> PgResult<()> {
        let Some(class) = self.class_row(cx, table_oid)? else {
            return Ok(());
        };
        let Some(i) = class.def.col("relchecks") else {
            return Ok(());
        };
        let cur = class.int("relchecks")?;
        let mut v = class.values.clone();
        v[i] = Datum::Int2((cur + delta).clamp(0, i16::MAX as i64) as i16);
        self.update_row(cx, &class, &v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn int2_array_reads_elements() {
        let d = Datum::Array(Box::new(types::Array {
            elem_type: types::oids::INT2,
            dims: vec![(2, 1)],
            elems: vec![Datum::Int2(1), Datum::Int2(3)],
        }));
        assert_eq!(int2_array(&d), vec![1, 3]);
        assert!(int2_array(&Datum::Null).is_empty());
    }
}
