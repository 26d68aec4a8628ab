//! CREATE INDEX / DROP INDEX. Until the B-tree access method lands (issue 6), an index is
//! recorded in the catalogs (pg_class relkind 'i' and pg_index) so that names, \d and DROP
//! behave as in PostgreSQL, but it is not maintained or used by plans, and UNIQUE is not
//! enforced.

use crate::session::Session;
use catalog::NewColumn;
use common::{pg_err, sqlstate, PgResult};
use parser::ast::{CreateIndexStmt, DropStmt};
use types::Datum;

impl Session {
    pub(crate) fn exec_create_index(&mut self, c: &CreateIndexStmt) -> PgResult<String> {
        let rel = self.lookup_relation(&c.table)?.ok_or_else(|| {
            pg_err!(
                UNDEFINED_TABLE,
                "relation \"{}\" does not exist",
                c.table.name
            )
        })?;
        if rel.relkind != b'r' && rel.relkind != b'm' {
            return Err(pg_err!(
                WRONG_OBJECT_TYPE,
                "\"{}\" is not a table or materialized view",
                rel.name
            ));
        }
        if let Some(m) = &c.method {
            if !["btree", "hash", "gist", "gin", "spgist", "brin"].contains(&m.as_str()) {
                return Err(pg_err!(
                    UNDEFINED_OBJECT,
                    "access method \"{}\" does not exist",
                    m
                ));
            }
        }
        let mut columns = Vec::new();
        let mut attnums: Vec<i16> = Vec::new();
        for (i, el) in c.columns.iter().enumerate() {
            match &el.column {
                Some(name) => {
                    let col = rel.column(name).ok_or_else(|| {
                        pg_err!(UNDEFINED_COLUMN, "column \"{}\" does not exist", name)
                    })?;
                    let mut n = name.clone();
                    while columns.iter().any(|x: &NewColumn| x.name == n) {
                        n = format!("{name}{}", columns.len());
                    }
                    columns.push(NewColumn {
                        name: n,
                        type_oid: col.type_oid,
                        typmod: col.typmod,
                        not_null: false,
                        default_expr: None,
                    });
                    attnums.push(col.attnum);
                }
                None => {
                    columns.push(NewColumn {
                        name: if i == 0 {
                            "expr".to_string()
                        } else {
                            format!("expr{i}")
                        },
                        type_oid: types::oids::TEXT,
                        typmod: -1,
                        not_null: false,
                        default_expr: None,
                    });
                    attnums.push(0);
                }
            }
        }
        let name = match &c.name {
            Some(n) => n.clone(),
            None => {
                let mut base = rel.name.clone();
                for col in &columns {
                    base.push('_');
                    base.push_str(&col.name);
                }
                base.push_str(if c.unique { "_key" } else { "_idx" });
                self.unique_relation_name(rel.namespace_oid, &base)?
            }
        };
        let ns = rel.namespace_oid;
        let exists = {
            let n = name.clone();
            self.with_catalog(false, |cat, cx| cat.relation_oid(cx, ns, &n))?
        };
        if exists.is_some() {
            if c.if_not_exists {
                self.notice(
                    sqlstate::DUPLICATE_TABLE,
                    &format!("relation \"{name}\" already exists, skipping"),
                );
                return Ok("CREATE INDEX".into());
            }
            return Err(pg_err!(
                DUPLICATE_TABLE,
                "relation \"{}\" already exists",
                name
            ));
        }
        let relid = rel.oid;
        let unique = c.unique;
        let idx = self.with_catalog(true, |cat, cx| {
            let idx = cat.create_relation_ex(cx, ns, &name, &columns, b'p', b'i')?;
            let n = attnums.len();
            let values = vec![
                Datum::Oid(idx),
                Datum::Oid(relid),
                Datum::Int2(n as i16),
                Datum::Bool(unique),
                Datum::Bool(false),
                Datum::Bool(false),
                Datum::Bool(true),
                Datum::Bool(false),
                Datum::Bool(true),
                Datum::Bool(false),
                Datum::Bool(true),
                Datum::Bool(true),
                Datum::Bool(false),
                int2vector(&attnums),
                oidvector(&vec![0; n]),
                oidvector(&vec![0; n]),
                int2vector(&vec![0; n]),
                Datum::Null,
                Datum::Null,
            ];
            cat.insert_catalog_row(cx, catalog::schema::PG_INDEX, &values)?;
            Ok(idx)
        })?;
        self.command_counter_increment();
        self.with_catalog(true, |cat, cx| {
            // pg_class.relhasindex of the table and relam (btree, 403) of the index: psql's
            // \d reads both.
            let class_def = catalog::schema::by_oid(catalog::schema::PG_CLASS);
            let col = |n: &str| class_def.and_then(|d| d.col(n));
            if let (Some(hasindex), Some(relam)) = (col("relhasindex"), col("relam")) {
                cat.update_catalog_rows(
                    cx,
                    catalog::schema::PG_CLASS,
                    |r| r.row_oid() == relid || r.row_oid() == idx,
                    |r| {
                        let mut v = r.values.clone();
                        let (slot, val) = if r.row_oid() == relid {
                            (hasindex, Datum::Bool(true))
                        } else {
                            (relam, Datum::Oid(403))
                        };
                        if let Some(s) = v.get_mut(slot) {
                            *s = val;
                        }
                        v
                    },
                )?;
            }
            Ok(())
        })?;
        Ok("CREATE INDEX".into())
    }

    /// `base`, or `base1`, `base2`, ... whichever is free in the schema.
    fn unique_relation_name(&mut self, ns: common::Oid, base: &str) -> PgResult<String> {
        let base = base.to_string();
        self.with_catalog(false, |cat, cx| {
            let mut name = base.clone();
            let mut i = 0;
            while cat.relation_oid(cx, ns, &name)?.is_some() {
                i += 1;
                name = format!("{base}{i}");
            }
            Ok(name)
        })
    }

    pub(crate) fn exec_drop_index(&mut self, d: &DropStmt) -> PgResult<String> {
        for name in &d.names {
            let Some(rel) = self.lookup_relation(name)? else {
                if d.if_exists {
                    self.notice(
                        sqlstate::SUCCESSFUL_COMPLETION,
                        &format!("index \"{}\" does not exist, skipping", name.name),
                    );
                    continue;
                }
                return Err(pg_err!(
                    UNDEFINED_OBJECT,
                    "index \"{}\" does not exist",
                    name.name
                ));
            };
            if rel.relkind != b'i' {
                return Err(pg_err!(
                    WRONG_OBJECT_TYPE,
                    "\"{}\" is not an index",
                    rel.name
                ));
            }
            let oid = rel.oid;
            self.with_catalog(true, |cat, cx| {
                cat.delete_catalog_rows(cx, catalog::schema::PG_INDEX, |r| {
                    r.values.first() == Some(&Datum::Oid(oid))
                })?;
                cat.drop_relation(cx, oid)
            })?;
        }
        Ok("DROP INDEX".into())
    }
}

fn int2vector(v: &[i16]) -> Datum {
    Datum::Array(Box::new(types::Array {
        elem_type: types::oids::INT2,
        dims: vec![(v.len() as i32, 0)],
        elems: v.iter().map(|&x| Datum::Int2(x)).collect(),
    }))
}

fn oidvector(v: &[common::Oid]) -> Datum {
    Datum::Array(Box::new(types::Array {
        elem_type: types::oids::OID,
        dims: vec![(v.len() as i32, 0)],
        elems: v.iter().map(|&x| Datum::Oid(x)).collect(),
    }))
}
