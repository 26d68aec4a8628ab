//! Which utility statements write, for READ ONLY transactions: PostgreSQL refuses them with
//! 25006 `cannot execute <command> in a read-only transaction`. (INSERT/UPDATE/DELETE are
//! checked by the executor, which knows whether the target is a temporary table.)

use parser::ast::{ObjectKind, Statement};

/// The command name PostgreSQL reports for a statement that writes, or None.
pub(crate) fn write_command(stmt: &Statement) -> Option<&'static str> {
    Some(match stmt {
        Statement::CreateTable(_) => "CREATE TABLE",
        Statement::CreateTableAs(c) if c.materialized => "CREATE MATERIALIZED VIEW",
        Statement::CreateTableAs(_) => "CREATE TABLE AS",
        Statement::Select(s) if crate::session::Session::split_select_into(s).is_some() => {
            "SELECT INTO"
        }
        Statement::CreateSchema(_) => "CREATE SCHEMA",
        Statement::CreateIndex(_) => "CREATE INDEX",
        Statement::CreateSequence(_) => "CREATE SEQUENCE",
        Statement::AlterSequence(_) => "ALTER SEQUENCE",
        Statement::CreateView(_) => "CREATE VIEW",
        Statement::CreateFunction(_) => "CREATE FUNCTION",
        Statement::CreateRole(_) => "CREATE ROLE",
        Statement::AlterRole(_) => "ALTER ROLE",
        Statement::AlterDatabase(_) => "ALTER DATABASE",
        Statement::AlterTable(_) => "ALTER TABLE",
        Statement::Truncate(_) => "TRUNCATE TABLE",
        Statement::Comment(_) => "COMMENT",
        Statement::Grant(_) => "GRANT",
        Statement::Copy(c) if c.is_from => "COPY FROM",
        Statement::Drop(d) => match d.kind {
            ObjectKind::Table => "DROP TABLE",
            ObjectKind::Index => "DROP INDEX",
            ObjectKind::Sequence => "DROP SEQUENCE",
            ObjectKind::View => "DROP VIEW",
            ObjectKind::MaterializedView => "DROP MATERIALIZED VIEW",
            ObjectKind::Schema => "DROP SCHEMA",
            ObjectKind::Function => "DROP FUNCTION",
            ObjectKind::Type => "DROP TYPE",
            ObjectKind::Domain => "DROP DOMAIN",
            ObjectKind::Role => "DROP ROLE",
            _ => return None,
        },
        Statement::Rename(r) => match r.kind {
            ObjectKind::Table => "ALTER TABLE",
            ObjectKind::Index => "ALTER INDEX",
            ObjectKind::Sequence => "ALTER SEQUENCE",
            ObjectKind::View => "ALTER VIEW",
            ObjectKind::Schema => "ALTER SCHEMA",
            _ => return None,
        },
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn command(sql: &str) -> Option<&'static str> {
        let stmts = parser::parse(sql).expect("parses");
        write_command(&stmts[0].stmt)
    }

    #[test]
    fn classifies_writes() {
        assert_eq!(command("DROP TABLE t"), Some("DROP TABLE"));
        assert_eq!(
            command("CREATE TABLE t AS SELECT 1"),
            Some("CREATE TABLE AS")
        );
        assert_eq!(command("SELECT 1 INTO t"), Some("SELECT INTO"));
        assert_eq!(command("TRUNCATE t"), Some("TRUNCATE TABLE"));
        assert_eq!(command("COPY t FROM STDIN"), Some("COPY FROM"));
        assert_eq!(command("COPY t TO STDOUT"), None);
        assert_eq!(command("SELECT 1"), None);
        assert_eq!(command("INSERT INTO t VALUES (1)"), None);
    }
}
