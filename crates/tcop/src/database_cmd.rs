//! CREATE, ALTER and DROP DATABASE: checks PostgreSQL makes (not in a transaction block, no
//! other sessions on the database, the template and owner exist) around the catalog
//! operations; ALTER DATABASE OWNER TO / SET / RESET / CONNECTION LIMIT and similar options.

use crate::session::Session;
use crate::xact::Block;
use common::{pg_err, sqlstate, PgResult};
use parser::ast::{AlterDatabaseAction, AlterDatabaseStmt, CreateDatabaseStmt, DropStmt};
use types::Datum;

impl Session {
    pub(crate) fn exec_create_database(&mut self, c: &CreateDatabaseStmt) -> PgResult<String> {
        if self.xact.block != Block::None {
            return Err(pg_err!(
                ACTIVE_SQL_TRANSACTION,
                "CREATE DATABASE cannot run inside a transaction block"
            ));
        }
        let mut template = "template1".to_string();
        let mut owner_name = None;
        let mut row_changes = Vec::new();
        let mut seen: Vec<String> = Vec::new();
        for (name, value) in &c.options {
            let name = name.to_ascii_lowercase();
            if seen.contains(&name) {
                return Err(pg_err!(SYNTAX_ERROR, "conflicting or redundant options"));
            }
            seen.push(name.clone());
            match name.as_str() {
                "template" => {
                    if let Some(v) = value {
                        template = v.clone();
                    }
                }
                "owner" => owner_name = value.clone(),
                "connection_limit" | "connection limit" | "is_template" | "allow_connections" => {
                    if let Some(c) = option_change(&name, value, false)? {
                        row_changes.push(c);
                    }
                }
                // LOCALE (PostgreSQL 13) and LOCALE_PROVIDER (15) are what pg_dump 15 writes.
                "encoding" | "lc_collate" | "lc_ctype" | "locale" | "locale_provider"
                | "tablespace" => {}
                other => return Err(pg_err!(SYNTAX_ERROR, "option \"{}\" not recognized", other)),
            }
        }
        let owner = match owner_name {
            Some(o) => self.lookup_role(&o)?.oid,
            None => self.role.oid,
        };
        let tmpl = self
            .with_catalog(false, |cat, cx| cat.database_by_name(cx, &template))?
            .ok_or_else(|| {
                pg_err!(
                    INVALID_CATALOG_NAME,
                    "template database \"{}\" does not exist",
                    template
                )
            })?;
        let others = self
            .engine
            .sessions_in_database(tmpl.oid, if tmpl.oid == self.db.oid { -1 } else { 0 });
        if others > 0 {
            return Err(pg_err!(
                OBJECT_IN_USE,
                "source database \"{}\" is being accessed by other users",
                tmpl.name
            )
            .with_detail(other_sessions_detail(others)));
        }
        // The template's pages must be on disk before its files are copied.
        self.engine.checkpoint()?;
        let name = c.name.clone();
        let oid =
            self.with_catalog(true, |cat, cx| cat.create_database(cx, &name, &tmpl, owner))?;
        if !row_changes.is_empty() {
            self.command_counter_increment();
            self.update_database_row(oid, row_changes)?;
        }
        Ok("CREATE DATABASE".into())
    }

    pub(crate) fn exec_drop_database(&mut self, d: &DropStmt) -> PgResult<String> {
        if self.xact.block != Block::None {
            return Err(pg_err!(
                ACTIVE_SQL_TRANSACTION,
                "DROP DATABASE cannot run inside a transaction block"
            ));
        }
        for name in &d.names {
            let n = name.name.clone();
            let Some(db) = self.with_catalog(false, |cat, cx| cat.database_by_name(cx, &n))? else {
                if d.if_exists {
                    self.notice(
                        sqlstate::SUCCESSFUL_COMPLETION,
                        &format!("database \"{n}\" does not exist, skipping"),
                    );
                    continue;
                }
                return Err(pg_err!(
                    INVALID_CATALOG_NAME,
                    "database \"{}\" does not exist",
                    n
                ));
            };
            if db.oid == self.db.oid {
                return Err(pg_err!(
                    OBJECT_IN_USE,
                    "cannot drop the currently open database"
                ));
            }
            if db.is_template {
                return Err(pg_err!(
                    WRONG_OBJECT_TYPE,
                    "cannot drop a template database"
                ));
            }
            let others = self.engine.sessions_in_database(db.oid, self.backend_pid);
            if others > 0 {
                return Err(pg_err!(
                    OBJECT_IN_USE,
                    "database \"{}\" is being accessed by other users",
                    n
                )
                .with_detail(other_sessions_detail(others)));
            }
            let oid = db.oid;
            self.with_catalog(true, |cat, cx| {
                cat.drop_database(cx, oid)?;
                crate::role_setting::delete_settings_of(cat, cx, Some(oid), None)?;
                crate::comment_cmd::delete_shared_comments(
                    cat,
                    cx,
                    catalog::schema::PG_DATABASE,
                    oid,
                )
            })?;
        }
        Ok("DROP DATABASE".into())
    }
}

impl Session {
    /// ALTER DATABASE name OWNER TO role / SET ... / RESET ... / [WITH] options.
    pub(crate) fn exec_alter_database(&mut self, a: &AlterDatabaseStmt) -> PgResult<String> {
        let n = a.name.clone();
        let db = self
            .with_catalog(false, |cat, cx| cat.database_by_name(cx, &n))?
            .ok_or_else(|| pg_err!(INVALID_CATALOG_NAME, "database \"{}\" does not exist", n))?;
        let mut changes: Vec<(&str, Datum)> = Vec::new();
        match &a.action {
            AlterDatabaseAction::Set(set) => {
                self.alter_setting(db.oid, 0, set)?;
                return Ok("ALTER DATABASE".into());
            }
            AlterDatabaseAction::Owner(o) => {
                let owner = self.lookup_role(o)?;
                changes.push(("datdba", Datum::Oid(owner.oid)));
            }
            AlterDatabaseAction::Options(opts) => {
                let current = db.oid == self.db.oid;
                for (name, value) in opts {
                    match option_change(name, value, current)? {
                        Some(c) => changes.push(c),
                        None => {
                            return Err(pg_err!(SYNTAX_ERROR, "option \"{}\" not recognized", name))
                        }
                    }
                }
            }
        }
        self.update_database_row(db.oid, changes)?;
        Ok("ALTER DATABASE".into())
    }

    /// Overwrite columns of database `oid`'s pg_database row.
    fn update_database_row(
        &mut self,
        oid: common::Oid,
        changes: Vec<(&str, Datum)>,
    ) -> PgResult<()> {
        if changes.is_empty() {
            return Ok(());
        }
        let def = catalog::schema::by_oid(catalog::schema::PG_DATABASE)
            .ok_or_else(|| common::PgError::internal("pg_database is not defined"))?;
        let oid_index = def.columns.len();
        self.with_catalog(true, |cat, cx| {
            cat.update_catalog_rows(
                cx,
                catalog::schema::PG_DATABASE,
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
        })
    }
}

/// The pg_database column an ALTER/CREATE DATABASE option sets (None: not such an option).
fn option_change(
    name: &str,
    value: &Option<String>,
    current_db: bool,
) -> PgResult<Option<(&'static str, Datum)>> {
    let v = value.clone().unwrap_or_default();
    Ok(Some(match name.to_ascii_lowercase().as_str() {
        "connection_limit" | "connection limit" => {
            let n = v.parse::<i32>().ok().filter(|n| *n >= -1).ok_or_else(|| {
                pg_err!(INVALID_PARAMETER_VALUE, "invalid connection limit: {}", v)
            })?;
            ("datconnlimit", Datum::Int4(n))
        }
        "is_template" => ("datistemplate", Datum::Bool(bool_opt(name, &v)?)),
        "allow_connections" => {
            let allow = bool_opt(name, &v)?;
            if !allow && current_db {
                return Err(pg_err!(
                    INVALID_PARAMETER_VALUE,
                    "cannot disallow connections for current database"
                ));
            }
            ("datallowconn", Datum::Bool(allow))
        }
        _ => return Ok(None),
    }))
}

/// A boolean option value (true/false/on/off/1/0/yes/no).
fn bool_opt(name: &str, v: &str) -> PgResult<bool> {
    match v.to_ascii_lowercase().as_str() {
        "" | "true" | "on" | "yes" | "1" => Ok(true),
        "false" | "off" | "no" | "0" => Ok(false),
        _ => Err(pg_err!(SYNTAX_ERROR, "{} requires a Boolean value", name)),
    }
}

fn other_sessions_detail(n: usize) -> String {
    if n == 1 {
        "There is 1 other session using the database.".to_string()
    } else {
        format!("There are {n} other sessions using the database.")
    }
}
