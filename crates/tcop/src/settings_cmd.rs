//! SET, RESET and SHOW: session settings through the GUC registry, with SET LOCAL and
//! transaction-scoped undo, and SHOW's one-column result named after the parameter.

use crate::session::Session;
use crate::Output;
use common::PgResult;
use parser::ast::{SetValue, VariableSetStmt, VariableShowStmt};

/// Parameters whose list values PostgreSQL joins with ", " (GUC_LIST_INPUT).
fn is_list_param(name: &str) -> bool {
    matches!(
        name.to_ascii_lowercase().as_str(),
        "search_path"
            | "datestyle"
            | "temp_tablespaces"
            | "session_preload_libraries"
            | "shared_preload_libraries"
            | "local_preload_libraries"
    )
}

/// Render SET's value list as the GUC string PostgreSQL would build from it.
fn value_text(name: &str, values: &[SetValue]) -> String {
    let quote_idents = name.eq_ignore_ascii_case("search_path");
    let parts: Vec<String> = values
        .iter()
        .map(|v| match v {
            SetValue::String(s) => {
                if quote_idents && needs_quotes(s) {
                    format!("\"{}\"", s.replace('"', "\"\""))
                } else {
                    s.clone()
                }
            }
            SetValue::Number(n) => n.clone(),
            SetValue::Interval(s, _) => s.clone(),
            SetValue::Local => "default".to_string(),
        })
        .collect();
    if is_list_param(name) {
        parts.join(", ")
    } else {
        parts.join(",")
    }
}

fn needs_quotes(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c.is_ascii_lowercase() || c == '_' => {}
        _ => return true,
    }
    !chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

impl Session {
    pub(crate) fn exec_set(&mut self, stmt: &VariableSetStmt) -> PgResult<String> {
        match stmt {
            VariableSetStmt::Set {
                name,
                values,
                local,
                ..
            } => {
                let name = canonical_set_name(name);
                if name == "transaction_isolation" {
                    if let Some(v) = values.as_ref().and_then(|v| v.first()) {
                        let level = match v {
                            SetValue::String(s) | SetValue::Number(s) => s.clone(),
                            _ => String::new(),
                        };
                        let mode = parser::ast::TransactionMode::IsolationLevel(level);
                        return self.exec_transaction(
                            &parser::ast::TransactionStmt::SetTransaction {
                                modes: vec![mode],
                                session: false,
                            },
                        );
                    }
                }
                if *local && self.xact.block == crate::xact::Block::None {
                    self.warn(
                        common::sqlstate::NO_ACTIVE_SQL_TRANSACTION,
                        "SET LOCAL can only be used in transaction blocks",
                    );
                    return Ok("SET".into());
                }
                self.note_setting_change(*local, &name);
                match values {
                    None => self.gucs.reset(&name, guc::Context::Superuser)?,
                    Some(vals) => {
                        let text = value_text(&name, vals);
                        self.gucs.set(
                            &name,
                            &text,
                            guc::Context::Superuser,
                            guc::Source::Session,
                        )?;
                    }
                }
                crate::env::refresh_env(&mut self.env, &self.gucs);
                Ok("SET".into())
            }
            VariableSetStmt::Reset { name } => {
                let name = canonical_set_name(name);
                self.note_setting_change(false, &name);
                self.gucs.reset(&name, guc::Context::Superuser)?;
                crate::env::refresh_env(&mut self.env, &self.gucs);
                Ok("RESET".into())
            }
            VariableSetStmt::ResetAll => {
                self.note_setting_change(false, "all");
                self.gucs.reset_all();
                crate::env::refresh_env(&mut self.env, &self.gucs);
                Ok("RESET".into())
            }
        }
    }

    /// The RowDescription of a SHOW statement (for Describe).
    pub(crate) fn show_columns(
        &mut self,
        stmt: &VariableShowStmt,
    ) -> PgResult<Vec<crate::ColumnDesc>> {
        Ok(match stmt {
            VariableShowStmt::All => vec![
                text_col("name"),
                text_col("setting"),
                text_col("description"),
            ],
            VariableShowStmt::Name(name) => {
                let name = canonical_set_name(name);
                let col = match name.as_str() {
                    "transaction_isolation" | "transaction_read_only" => name.clone(),
                    _ => self.gucs.canonical_name(&name)?,
                };
                vec![text_col(&col)]
            }
        })
    }

    pub(crate) fn exec_show(
        &mut self,
        stmt: &VariableShowStmt,
        out: &mut dyn Output,
    ) -> PgResult<String> {
        match stmt {
            VariableShowStmt::All => {
                out.row_description(&[
                    text_col("name"),
                    text_col("setting"),
                    text_col("description"),
                ])?;
                for (n, v, d) in self.gucs.show_all() {
                    out.data_row(&[Some(n.as_bytes()), Some(v.as_bytes()), Some(d.as_bytes())])?;
                }
                Ok("SHOW".into())
            }
            VariableShowStmt::Name(name) => {
                let name = canonical_set_name(name);
                let (col, value) = match name.as_str() {
                    "transaction_isolation" => {
                        (name.clone(), self.xact.isolation.as_str().to_string())
                    }
                    "transaction_read_only" => (
                        name.clone(),
                        if self.xact.read_only { "on" } else { "off" }.to_string(),
                    ),
                    _ => (self.gucs.canonical_name(&name)?, self.gucs.get(&name)?),
                };
                out.row_description(&[text_col(&col)])?;
                out.data_row(&[Some(value.as_bytes())])?;
                Ok("SHOW".into())
            }
        }
    }
}

/// A text column of a SHOW result.
fn text_col(name: &str) -> crate::ColumnDesc {
    crate::ColumnDesc {
        name: name.to_string(),
        table_oid: 0,
        column_attnum: 0,
        type_oid: types::oids::TEXT,
        type_len: -1,
        type_modifier: -1,
        format: 0,
    }
}

/// Map SQL-syntax aliases to parameter names (`SET TIME ZONE` → timezone, `SET NAMES` →
/// client_encoding, `SET SCHEMA` → search_path, `SHOW TRANSACTION ISOLATION LEVEL`).
fn canonical_set_name(name: &str) -> String {
    match name.to_ascii_lowercase().as_str() {
        "time zone" | "time_zone" => "timezone".into(),
        "names" => "client_encoding".into(),
        "schema" => "search_path".into(),
        "transaction isolation level" => "transaction_isolation".into(),
        "session characteristics" => "default_transaction_isolation".into(),
        _ => name.to_string(),
    }
}
