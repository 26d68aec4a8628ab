//! CREATE ROLE/USER/GROUP and DROP ROLE/USER/GROUP: rows of the shared pg_authid catalog,
//! with PostgreSQL's defaults (USER implies LOGIN) and md5-hashed passwords. Privileges are
//! not checked yet: every session runs with its role's attributes recorded but unenforced.

use crate::session::Session;
use common::{pg_err, sqlstate, PgResult};
use parser::ast::{CreateRoleStmt, DropStmt, Expr, Literal};
use types::Datum;

fn string_option(v: &Option<Expr>) -> Option<String> {
    match v {
        Some(Expr::Literal {
            value: Literal::String(s),
            ..
        }) => Some(s.clone()),
        Some(Expr::Literal {
            value: Literal::Integer(i),
            ..
        }) => Some(i.to_string()),
        _ => None,
    }
}

impl Session {
    pub(crate) fn exec_create_role(&mut self, c: &CreateRoleStmt) -> PgResult<String> {
        let name = c.name.clone();
        if name.starts_with("pg_") {
            return Err(pg_err!(RESERVED_NAME, "role name \"{}\" is reserved", name)
                .with_detail("Role names starting with \"pg_\" are reserved."));
        }
        let exists = {
            let n = name.clone();
            self.with_catalog(false, |cat, cx| cat.role_by_name(cx, &n))?
        };
        if exists.is_some() {
            return Err(pg_err!(
                DUPLICATE_OBJECT,
                "role \"{}\" already exists",
                name
            ));
        }
        let mut superuser = false;
        let mut inherit = true;
        let mut createrole = false;
        let mut createdb = false;
        let mut login = c.kind.eq_ignore_ascii_case("USER");
        let mut replication = false;
        let mut bypassrls = false;
        let mut connlimit = -1;
        let mut password: Option<String> = None;
        for (opt, value) in &c.options {
            match opt.as_str() {
                "superuser" => superuser = true,
                "nosuperuser" => superuser = false,
                "createdb" => createdb = true,
                "nocreatedb" => createdb = false,
                "createrole" | "createuser" => createrole = true,
                "nocreaterole" | "nocreateuser" => createrole = false,
                "login" => login = true,
                "nologin" => login = false,
                "replication" => replication = true,
                "noreplication" => replication = false,
                "bypassrls" => bypassrls = true,
                "nobypassrls" => bypassrls = false,
                "inherit" => inherit = true,
                "noinherit" => inherit = false,
                "connection_limit" => {
                    connlimit = string_option(value)
                        .and_then(|s| s.parse::<i32>().ok())
                        .unwrap_or(-1)
                }
                "password" => {
                    password = string_option(value).map(|p| {
                        if p.starts_with("md5") && p.len() == 35 || p.starts_with("SCRAM-SHA-256$")
                        {
                            p
                        } else {
                            catalog::md5::md5_password(&p, &name)
                        }
                    })
                }
                _ => {}
            }
        }
        let n = name.clone();
        self.with_catalog(true, |cat, cx| {
            let oid = cat.next_oid()?;
            let values = vec![
                Datum::Text(n.clone()),
                Datum::Bool(superuser),
                Datum::Bool(inherit),
                Datum::Bool(createrole),
                Datum::Bool(createdb),
                Datum::Bool(login),
                Datum::Bool(replication),
                Datum::Bool(bypassrls),
                Datum::Int4(connlimit),
                password.map(Datum::Text).unwrap_or(Datum::Null),
                Datum::Null,
                Datum::Oid(oid),
            ];
            cat.insert_catalog_row(cx, catalog::schema::PG_AUTHID, &values)?;
            Ok(())
        })?;
        Ok("CREATE ROLE".into())
    }

    pub(crate) fn exec_drop_role(&mut self, d: &DropStmt) -> PgResult<String> {
        for q in &d.names {
            let n = q.name.clone();
            let role = self.with_catalog(false, |cat, cx| cat.role_by_name(cx, &n))?;
            let Some(role) = role else {
                if d.if_exists {
                    self.notice(
                        sqlstate::SUCCESSFUL_COMPLETION,
                        &format!("role \"{n}\" does not exist, skipping"),
                    );
                    continue;
                }
                return Err(pg_err!(UNDEFINED_OBJECT, "role \"{}\" does not exist", n));
            };
            if role.oid == self.role.oid {
                return Err(pg_err!(OBJECT_IN_USE, "current user cannot be dropped"));
            }
            if role.oid == catalog::oids::BOOTSTRAP_SUPERUSER {
                return Err(pg_err!(
                    OBJECT_IN_USE,
                    "cannot drop role {} because it is required by the database system",
                    role.name
                ));
            }
            let oid = role.oid;
            self.with_catalog(true, |cat, cx| {
                let def = catalog::schema::by_oid(catalog::schema::PG_AUTHID)
                    .ok_or_else(|| common::PgError::internal("pg_authid is not defined"))?;
                let oid_index = def.columns.len();
                cat.delete_catalog_rows(cx, catalog::schema::PG_AUTHID, |r| {
                    r.values.get(oid_index) == Some(&Datum::Oid(oid))
                })?;
                crate::comment_cmd::delete_shared_comments(cat, cx, catalog::schema::PG_AUTHID, oid)
            })?;
        }
        Ok("DROP ROLE".into())
    }
}
