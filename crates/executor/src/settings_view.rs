//! The pg_settings view: the session's run-time parameters with their metadata, offered to
//! the analyzer as the text of a VALUES query built from the session's current settings
//! (like the session views pg_prepared_statements and pg_cursors).

use analyzer::SessionRelations;

/// The session's relations plus pg_settings, which needs the session's settings.
pub(crate) struct WithSettings<'a> {
    pub inner: Option<&'a dyn SessionRelations>,
    pub gucs: &'a guc::Settings,
}

impl SessionRelations for WithSettings<'_> {
    fn definition(&self, name: &str) -> Option<String> {
        if name == "pg_settings" {
            return Some(pg_settings_query(self.gucs));
        }
        self.inner?.definition(name)
    }

    fn signal_backend(&self, pid: i32, terminate: bool) -> Option<()> {
        self.inner?.signal_backend(pid, terminate)
    }
}

/// A string literal that reads the same whatever standard_conforming_strings says.
fn lit(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 3);
    out.push_str("E'");
    for c in s.chars() {
        match c {
            '\'' => out.push_str("''"),
            '\\' => out.push_str("\\\\"),
            _ => out.push(c),
        }
    }
    out.push('\'');
    out
}

fn opt(s: Option<&str>) -> String {
    s.map(lit).unwrap_or_else(|| "NULL".into())
}

const COLUMNS: &str = "name, setting, unit, category, short_desc, extra_desc, context, \
                       vartype, source, min_val, max_val, enumvals, boot_val, reset_val, \
                       sourcefile, sourceline, pending_restart";

/// `SELECT * FROM (VALUES ...) AS pg_settings(...)` over the session's settings, with
/// PostgreSQL 10's column names and types.
pub fn pg_settings_query(gucs: &guc::Settings) -> String {
    let rows = gucs.pg_settings_rows();
    let mut sql = String::with_capacity(rows.len() * 200 + 200);
    sql.push_str("SELECT * FROM (VALUES ");
    for (i, r) in rows.iter().enumerate() {
        if i > 0 {
            sql.push_str(", ");
        }
        let enumvals = match &r.enumvals {
            Some(v) => format!(
                "ARRAY[{}]::pg_catalog.text[]",
                v.iter().map(|s| lit(s)).collect::<Vec<_>>().join(", ")
            ),
            None => "NULL::pg_catalog.text[]".into(),
        };
        let vals = [
            lit(&r.name),
            lit(&r.setting),
            opt(r.unit),
            lit(r.category),
            lit(&r.short_desc),
            "NULL".into(),
            lit(r.context),
            lit(r.vartype),
            lit(r.source),
            opt(r.min_val.as_deref()),
            opt(r.max_val.as_deref()),
            enumvals,
            lit(&r.boot_val),
            lit(&r.reset_val),
            "NULL".into(),
            "NULL".into(),
            "false".into(),
        ];
        sql.push('(');
        for (j, v) in vals.iter().enumerate() {
            if j > 0 {
                sql.push_str(", ");
            }
            sql.push_str(v);
            if i == 0 {
                sql.push_str(match j {
                    11 => "",
                    15 => "::pg_catalog.int4",
                    16 => "::pg_catalog.bool",
                    _ => "::pg_catalog.text",
                });
            }
        }
        sql.push(')');
    }
    sql.push_str(") AS pg_settings(");
    sql.push_str(COLUMNS);
    sql.push(')');
    sql
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_escape_quotes_and_backslashes() {
        assert_eq!(lit("it's"), "E'it''s'");
        assert_eq!(lit(r"C:\dir"), r"E'C:\\dir'");
    }

    #[test]
    fn query_lists_every_setting_once() {
        let gucs = guc::Settings::new();
        let q = pg_settings_query(&gucs);
        assert!(q.starts_with("SELECT * FROM (VALUES (E'"));
        assert!(q.ends_with(&format!("AS pg_settings({COLUMNS})")));
        let rows = gucs.pg_settings_rows();
        assert!(rows.len() > 200);
        let sb = rows.iter().find(|r| r.name == "shared_buffers").unwrap();
        assert_eq!(
            (sb.setting.as_str(), sb.unit, sb.context, sb.vartype),
            ("16384", Some("8kB"), "postmaster", "integer")
        );
        let port = rows.iter().find(|r| r.name == "port").unwrap();
        assert_eq!(
            (port.boot_val.as_str(), port.min_val.as_deref()),
            ("5432", Some("1"))
        );
        let ds = rows.iter().find(|r| r.name == "DateStyle").unwrap();
        assert_eq!(ds.setting, "ISO, MDY");
        let wl = rows.iter().find(|r| r.name == "wal_level").unwrap();
        assert!(wl
            .enumvals
            .as_ref()
            .unwrap()
            .contains(&"replica".to_string()));
    }
}
