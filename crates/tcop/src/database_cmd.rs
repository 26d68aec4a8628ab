//! CREATE DATABASE and DROP DATABASE: checks PostgreSQL makes (not in a transaction block, no
//! other sessions on the database, the template exists) around the catalog operations.

use crate::session::Session;
use crate::xact::Block;
use common::{pg_err, sqlstate, PgResult};
use parser::ast::{CreateDatabaseStmt, DropStmt};

impl Session {
    pub(crate) fn exec_create_database(&mut self, c: &CreateDatabaseStmt) -> PgResult<String> {
        if self.xact.block != Block::None {
            return Err(pg_err!(
                ACTIVE_SQL_TRANSACTION,
                "CREATE DATABASE cannot run inside a transaction block"
            ));
        }
        let mut template = "template1".to_string();
        for (name, value) in &c.options {
            match name.to_ascii_lowercase().as_str() {
                "template" => {
                    if let Some(v) = value {
                        template = v.clone();
                    }
                }
                "owner" | "encoding" | "lc_collate" | "lc_ctype" | "connection_limit"
                | "connection limit" | "tablespace" | "is_template" | "allow_connections" => {}
                other => return Err(pg_err!(SYNTAX_ERROR, "option \"{}\" not recognized", other)),
            }
        }
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
        let owner = self.role.oid;
        let name = c.name.clone();
        self.with_catalog(true, |cat, cx| cat.create_database(cx, &name, &tmpl, owner))?;
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

fn other_sessions_detail(n: usize) -> String {
    if n == 1 {
        "There is 1 other session using the database.".to_string()
    } else {
        format!("There are {n} other sessions using the database.")
    }
}
