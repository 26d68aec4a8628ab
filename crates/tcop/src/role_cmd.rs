//! CREATE/ALTER/DROP ROLE (USER, GROUP) and GRANT/REVOKE role membership: rows of the shared
//! pg_authid and pg_auth_members catalogs, with PostgreSQL's defaults (USER implies LOGIN) and
//! md5-hashed passwords. Privileges are not checked yet: every session runs with its role's
//! attributes recorded but unenforced.

use crate::session::Session;
use common::{pg_err, sqlstate, PgResult};
use parser::ast::{AlterRoleStmt, CreateRoleStmt, DropStmt, Expr, GrantStmt, Literal};
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
        let mut valid_until = Datum::Null;
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
                "valid_until" => {
                    if let Some(v) = string_option(value) {
                        valid_until =
                            types::io::input(types::oids::TIMESTAMPTZ, -1, &v, &self.env)?;
                    }
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
                valid_until,
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
                cat.delete_catalog_rows(cx, catalog::schema::PG_AUTH_MEMBERS, |r| {
                    r.values.first() == Some(&Datum::Oid(oid))
                        || r.values.get(1) == Some(&Datum::Oid(oid))
                })?;
                crate::role_setting::delete_settings_of(cat, cx, None, Some(oid))?;
                crate::comment_cmd::delete_shared_comments(cat, cx, catalog::schema::PG_AUTHID, oid)
            })?;
        }
        Ok("DROP ROLE".into())
    }
}

/// Hash a new password as PostgreSQL 10 does with password_encryption = md5 (already
/// hashed md5/SCRAM verifiers are stored as given).
fn stored_password(p: String, role: &str) -> String {
    if p.starts_with("md5") && p.len() == 35 || p.starts_with("SCRAM-SHA-256$") {
        p
    } else {
        catalog::md5::md5_password(&p, role)
    }
}

impl Session {
    /// The role a role specification names (CURRENT_USER / SESSION_USER included).
    pub(crate) fn lookup_role(&mut self, spec: &str) -> PgResult<catalog::RoleInfo> {
        if spec == "current_user" || spec == "session_user" {
            return Ok(self.role.clone());
        }
        let n = spec.to_string();
        self.with_catalog(false, |cat, cx| cat.role_by_name(cx, &n))?
            .ok_or_else(|| pg_err!(UNDEFINED_OBJECT, "role \"{}\" does not exist", spec))
    }

    /// ALTER ROLE name [WITH] options, and ALTER ROLE name|ALL [IN DATABASE d] SET/RESET.
    pub(crate) fn exec_alter_role(&mut self, a: &AlterRoleStmt) -> PgResult<String> {
        if let Some(set) = &a.set {
            let role = if a.name == "all" {
                0
            } else {
                self.lookup_role(&a.name)?.oid
            };
            let database = match &a.database {
                Some(d) => {
                    let n = d.clone();
                    self.with_catalog(false, |cat, cx| cat.database_by_name(cx, &n))?
                        .ok_or_else(|| {
                            pg_err!(INVALID_CATALOG_NAME, "database \"{}\" does not exist", d)
                        })?
                        .oid
                }
                None => 0,
            };
            self.alter_setting(database, role, set)?;
            return Ok("ALTER ROLE".into());
        }
        let role = self.lookup_role(&a.name)?;
        let def = catalog::schema::by_oid(catalog::schema::PG_AUTHID)
            .ok_or_else(|| common::PgError::internal("pg_authid is not defined"))?;
        let mut changes: Vec<(&str, Datum)> = Vec::new();
        for (opt, value) in &a.options {
            let flag = |col: &'static str, v: bool| (col, Datum::Bool(v));
            changes.push(match opt.as_str() {
                "superuser" => flag("rolsuper", true),
                "nosuperuser" => flag("rolsuper", false),
                "createdb" => flag("rolcreatedb", true),
                "nocreatedb" => flag("rolcreatedb", false),
                "createrole" | "createuser" => flag("rolcreaterole", true),
                "nocreaterole" | "nocreateuser" => flag("rolcreaterole", false),
                "login" => flag("rolcanlogin", true),
                "nologin" => flag("rolcanlogin", false),
                "replication" => flag("rolreplication", true),
                "noreplication" => flag("rolreplication", false),
                "bypassrls" => flag("rolbypassrls", true),
                "nobypassrls" => flag("rolbypassrls", false),
                "inherit" => flag("rolinherit", true),
                "noinherit" => flag("rolinherit", false),
                "connection_limit" => {
                    let n = match value {
                        Some(Expr::Literal {
                            value: Literal::Integer(i),
                            ..
                        }) => i32::try_from(*i).ok(),
                        _ => None,
                    };
                    let n = n.filter(|n| *n >= -1).ok_or_else(|| {
                        pg_err!(
                            INVALID_PARAMETER_VALUE,
                            "invalid connection limit: {}",
                            string_option(value).unwrap_or_default()
                        )
                    })?;
                    ("rolconnlimit", Datum::Int4(n))
                }
                "password" => (
                    "rolpassword",
                    string_option(value)
                        .map(|p| Datum::Text(stored_password(p, &role.name)))
                        .unwrap_or(Datum::Null),
                ),
                "valid_until" => {
                    let v = string_option(value).unwrap_or_default();
                    (
                        "rolvaliduntil",
                        types::io::input(types::oids::TIMESTAMPTZ, -1, &v, &self.env)?,
                    )
                }
                "in_role" | "role" | "admin" | "sysid" => {
                    return Err(pg_err!(SYNTAX_ERROR, "syntax error at or near \"{}\"", opt))
                }
                other => {
                    return Err(pg_err!(
                        SYNTAX_ERROR,
                        "unrecognized role option \"{}\"",
                        other
                    ))
                }
            });
        }
        let oid = role.oid;
        let oid_index = def.columns.len();
        self.with_catalog(true, |cat, cx| {
            cat.update_catalog_rows(
                cx,
                catalog::schema::PG_AUTHID,
                |r| r.values.get(oid_index) == Some(&Datum::Oid(oid)),
                |r| {
                    let mut v = r.values.clone();
                    for (col, d) in &changes {
                        if let Some(i) = def.col(col) {
                            v[i] = d.clone();
                        }
                    }
                    v
                },
            )?;
            Ok(())
        })?;
        Ok("ALTER ROLE".into())
    }

    /// GRANT role[, ...] TO role[, ...] [WITH ADMIN OPTION] [GRANTED BY role], and REVOKE
    /// [ADMIN OPTION FOR] role[, ...] FROM role[, ...]: rows of pg_auth_members.
    pub(crate) fn exec_grant_role(&mut self, g: &GrantStmt) -> PgResult<String> {
        let grantor = match &g.grantor {
            Some(r) => self.lookup_role(r)?.oid,
            None => self.role.oid,
        };
        let mut roles = Vec::new();
        for r in &g.privileges {
            roles.push(self.lookup_role(r)?);
        }
        let mut members = Vec::new();
        for m in &g.grantees {
            members.push(self.lookup_role(m)?);
        }
        for role in &roles {
            for member in &members {
                let (rid, mid) = (role.oid, member.oid);
                let existing = self.with_catalog(false, |cat, cx| {
                    cat.catalog_rows(cx, catalog::schema::PG_AUTH_MEMBERS, |r| {
                        r.values.first() == Some(&Datum::Oid(rid))
                            && r.values.get(1) == Some(&Datum::Oid(mid))
                    })
                })?;
                if g.is_grant {
                    if let Some(row) = existing.first() {
                        let has_admin = row.values.get(3) == Some(&Datum::Bool(true));
                        if !g.with_option || has_admin {
                            self.notice(
                                sqlstate::SUCCESSFUL_COMPLETION,
                                &format!(
                                    "role \"{}\" is already a member of role \"{}\"",
                                    member.name, role.name
                                ),
                            );
                            continue;
                        }
                    } else if rid == mid || self.is_member_of(rid, mid)? {
                        return Err(pg_err!(
                            INVALID_GRANT_OPERATION,
                            "role \"{}\" is a member of role \"{}\"",
                            role.name,
                            member.name
                        ));
                    }
                    let admin = g.with_option;
                    let exists = !existing.is_empty();
                    self.with_catalog(true, |cat, cx| {
                        if exists {
                            cat.delete_catalog_rows(cx, catalog::schema::PG_AUTH_MEMBERS, |r| {
                                r.values.first() == Some(&Datum::Oid(rid))
                                    && r.values.get(1) == Some(&Datum::Oid(mid))
                            })?;
                        }
                        cat.insert_catalog_row(
                            cx,
                            catalog::schema::PG_AUTH_MEMBERS,
                            &[
                                Datum::Oid(rid),
                                Datum::Oid(mid),
                                Datum::Oid(grantor),
                                Datum::Bool(admin),
                            ],
                        )?;
                        Ok(())
                    })?;
                } else {
                    let Some(row) = existing.first() else {
                        self.warn(
                            sqlstate::SUCCESSFUL_COMPLETION,
                            &format!(
                                "role \"{}\" is not a member of role \"{}\"",
                                member.name, role.name
                            ),
                        );
                        continue;
                    };
                    let admin_only = g.with_option;
                    let row_grantor = row.values.get(2).cloned().unwrap_or(Datum::Oid(0));
                    self.with_catalog(true, |cat, cx| {
                        let pred = |r: &catalog::rows::Row| {
                            r.values.first() == Some(&Datum::Oid(rid))
                                && r.values.get(1) == Some(&Datum::Oid(mid))
                        };
                        if admin_only {
                            cat.update_catalog_rows(
                                cx,
                                catalog::schema::PG_AUTH_MEMBERS,
                                pred,
                                |_| {
                                    vec![
                                        Datum::Oid(rid),
                                        Datum::Oid(mid),
                                        row_grantor.clone(),
                                        Datum::Bool(false),
                                    ]
                                },
                            )?;
                        } else {
                            cat.delete_catalog_rows(cx, catalog::schema::PG_AUTH_MEMBERS, pred)?;
                        }
                        Ok(())
                    })?;
                }
            }
        }
        Ok(if g.is_grant {
            "GRANT ROLE"
        } else {
            "REVOKE ROLE"
        }
        .into())
    }

    /// Whether `member` is (directly or indirectly) a member of `role`.
    fn is_member_of(&mut self, member: common::Oid, role: common::Oid) -> PgResult<bool> {
        let edges: Vec<(Datum, Datum)> = self.with_catalog(false, |cat, cx| {
            Ok(cat
                .catalog_rows(cx, catalog::schema::PG_AUTH_MEMBERS, |_| true)?
                .into_iter()
                .map(|r| {
                    (
                        r.values.first().cloned().unwrap_or(Datum::Null),
                        r.values.get(1).cloned().unwrap_or(Datum::Null),
                    )
                })
                .collect())
        })?;
        let mut seen = vec![member];
        let mut i = 0;
        while i < seen.len() {
            let cur = seen[i];
            if cur == role {
                return Ok(true);
            }
            for (r, m) in &edges {
                if let (Datum::Oid(r), Datum::Oid(m)) = (r, m) {
                    if *m == cur && !seen.contains(r) {
                        seen.push(*r);
                    }
                }
            }
            i += 1;
        }
        Ok(false)
    }
}
