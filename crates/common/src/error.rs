//! The error value every fallible Tusk operation returns. It carries everything PostgreSQL puts
//! in an ErrorResponse/NoticeResponse, so the wire layer can render it exactly.

use crate::sqlstate::{self, SqlState};
use std::fmt;

/// Message severity, as PostgreSQL names it in the `S`/`V` fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Debug,
    Log,
    Info,
    Notice,
    Warning,
    Error,
    Fatal,
    Panic,
}

impl Severity {
    /// The non-localized severity word (`ERROR`, `NOTICE`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Debug => "DEBUG",
            Severity::Log => "LOG",
            Severity::Info => "INFO",
            Severity::Notice => "NOTICE",
            Severity::Warning => "WARNING",
            Severity::Error => "ERROR",
            Severity::Fatal => "FATAL",
            Severity::Panic => "PANIC",
        }
    }
}

/// An error or notice with PostgreSQL's fields. `position` is a 1-based character offset into
/// the statement text sent by the client (the `P` field), as psql uses for its caret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PgError {
    pub severity: Severity,
    pub code: SqlState,
    pub message: String,
    pub detail: Option<String>,
    pub hint: Option<String>,
    pub position: Option<u32>,
    pub internal_position: Option<u32>,
    pub internal_query: Option<String>,
    pub context: Option<String>,
    pub schema_name: Option<String>,
    pub table_name: Option<String>,
    pub column_name: Option<String>,
    pub datatype_name: Option<String>,
    pub constraint_name: Option<String>,
}

/// Result alias used throughout Tusk.
pub type PgResult<T> = Result<T, PgError>;

impl PgError {
    /// An ERROR with the given SQLSTATE and primary message.
    pub fn new(code: SqlState, message: impl Into<String>) -> Self {
        PgError {
            severity: Severity::Error,
            code,
            message: message.into(),
            detail: None,
            hint: None,
            position: None,
            internal_position: None,
            internal_query: None,
            context: None,
            schema_name: None,
            table_name: None,
            column_name: None,
            datatype_name: None,
            constraint_name: None,
        }
    }

    /// A NOTICE (SQLSTATE 00000 unless changed).
    pub fn notice(message: impl Into<String>) -> Self {
        let mut e = PgError::new(sqlstate::SUCCESSFUL_COMPLETION, message);
        e.severity = Severity::Notice;
        e
    }

    /// A WARNING (SQLSTATE 01000 unless changed).
    pub fn warning(message: impl Into<String>) -> Self {
        let mut e = PgError::new(sqlstate::WARNING, message);
        e.severity = Severity::Warning;
        e
    }

    /// An internal error (XX000): used for "cannot happen" states instead of panicking.
    pub fn internal(message: impl Into<String>) -> Self {
        PgError::new(sqlstate::INTERNAL_ERROR, message)
    }

    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
    /// Set the cursor position (1-based, in characters) unless one is already set.
    pub fn with_position(mut self, position: u32) -> Self {
        if self.position.is_none() {
            self.position = Some(position);
        }
        self
    }
    /// Set the position from a 0-based byte offset into `query`, converting to PostgreSQL's
    /// 1-based character position; keeps an existing position.
    pub fn at_byte_offset(self, query: &str, offset: usize) -> Self {
        let off = offset.min(query.len());
        let chars = query.char_indices().take_while(|(i, _)| *i < off).count();
        self.with_position(chars as u32 + 1)
    }
    /// Append a line to the CONTEXT field (PostgreSQL stacks context lines with newlines).
    pub fn add_context(mut self, line: impl Into<String>) -> Self {
        let line = line.into();
        self.context = Some(match self.context.take() {
            Some(c) => format!("{c}\n{line}"),
            None => line,
        });
        self
    }
    pub fn with_table(mut self, schema: &str, table: &str) -> Self {
        self.schema_name = Some(schema.to_string());
        self.table_name = Some(table.to_string());
        self
    }
    pub fn with_column(mut self, column: &str) -> Self {
        self.column_name = Some(column.to_string());
        self
    }
    pub fn with_constraint(mut self, name: &str) -> Self {
        self.constraint_name = Some(name.to_string());
        self
    }
    pub fn with_datatype(mut self, name: &str) -> Self {
        self.datatype_name = Some(name.to_string());
        self
    }
    /// True for ERROR and above.
    pub fn is_error(&self) -> bool {
        self.severity >= Severity::Error
    }
}

impl fmt::Display for PgError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:  {}", self.severity.as_str(), self.message)
    }
}

impl std::error::Error for PgError {}

impl From<std::io::Error> for PgError {
    fn from(e: std::io::Error) -> Self {
        PgError::new(sqlstate::IO_ERROR, format!("I/O error: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_offset_becomes_character_position() {
        let q = "SELECT 'é' + x";
        let off = q.find('x').unwrap();
        let e = PgError::new(sqlstate::SYNTAX_ERROR, "m").at_byte_offset(q, off);
        assert_eq!(e.position, Some(14));
    }

    #[test]
    fn context_lines_stack() {
        let e = PgError::internal("x").add_context("a").add_context("b");
        assert_eq!(e.context.as_deref(), Some("a\nb"));
    }
}
