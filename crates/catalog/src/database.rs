//! CREATE DATABASE and DROP DATABASE: a new database is a copy of its template's directory
//! plus a pg_database row; a dropped database's directory goes away when its transaction
//! commits (and a created one's when it aborts).

use crate::rows::Row;
use crate::{schema, Catalog, CatalogCx, DatabaseInfo};
use common::{pg_err, Oid, PgResult};
use std::path::{Path, PathBuf};
use types::Datum;

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

impl Catalog {
    fn database_dir(&self, oid: Oid) -> PathBuf {
        self.storage.data_dir().join("base").join(oid.to_string())
    }

    /// Remove a database's directory and everything cached about it.
    pub(crate) fn remove_database_dir(&self, oid: Oid) {
        let _ = self.storage.log_drop_database(oid);
        self.storage.forget_database(oid);
        let _ = std::fs::remove_dir_all(self.database_dir(oid));
    }

    /// Create database `name` as a copy of `template` (whose pages must already be on disk:
    /// the caller flushes the buffer pool first). Returns the new database's OID.
    pub fn create_database(
        &self,
        cx: &CatalogCx,
        name: &str,
        template: &DatabaseInfo,
        owner: Oid,
    ) -> PgResult<Oid> {
        if self.database_by_name(cx, name)?.is_some() {
            return Err(pg_err!(
                DUPLICATE_DATABASE,
                "database \"{}\" already exists",
                name
            ));
        }
        let def = schema::by_oid(schema::PG_DATABASE)
            .ok_or_else(|| common::PgError::internal("pg_database is not defined"))?;
        let rows: Vec<Row> = self.scan(cx, schema::PG_DATABASE, |_| true)?;
        let oid_index = def.columns.len();
        let Some(tmpl_row) = rows
            .into_iter()
            .find(|r| r.values.get(oid_index) == Some(&Datum::Oid(template.oid)))
        else {
            return Err(pg_err!(
                INVALID_CATALOG_NAME,
                "template database \"{}\" does not exist",
                template.name
            ));
        };
        let oid = self.next_oid()?;
        let dir = self.database_dir(oid);
        copy_dir(&self.database_dir(template.oid), &dir).map_err(|e| {
            pg_err!(
                IO_ERROR,
                "could not copy directory to \"{}\": {}",
                dir.display(),
                e
            )
        })?;
        self.storage.log_create_database(template.oid, oid);
        {
            let mut st = self.lock();
            st.xacts.entry(cx.xid).or_default().created_dbs.push(oid);
        }
        let mut values = tmpl_row.values.clone();
        let set = |values: &mut Vec<Datum>, col: &str, v: Datum| {
            if let Some(i) = def.col(col) {
                values[i] = v;
            }
        };
        set(&mut values, "datname", Datum::Text(name.to_string()));
        set(&mut values, "datdba", Datum::Oid(owner));
        set(&mut values, "datistemplate", Datum::Bool(false));
        set(&mut values, "datallowconn", Datum::Bool(true));
        set(&mut values, "datconnlimit", Datum::Int4(-1));
        values[oid_index] = Datum::Oid(oid);
        self.insert_row(cx, schema::PG_DATABASE, &values)?;
        Ok(oid)
    }

    /// Drop database `oid` (its row now, its directory when the transaction commits).
    pub fn drop_database(&self, cx: &CatalogCx, oid: Oid) -> PgResult<()> {
        let def = schema::by_oid(schema::PG_DATABASE)
            .ok_or_else(|| common::PgError::internal("pg_database is not defined"))?;
        let oid_index = def.columns.len();
        let n = self.delete_catalog_rows(cx, schema::PG_DATABASE, |r| {
            r.values.get(oid_index) == Some(&Datum::Oid(oid))
        })?;
        if n == 0 {
            return Err(common::PgError::internal(format!(
                "cache lookup failed for database {oid}"
            )));
        }
        let mut st = self.lock();
        st.xacts.entry(cx.xid).or_default().dropped_dbs.push(oid);
        Ok(())
    }
}
