//! SQL parser: a lexer with PostgreSQL's token rules and keyword list, and a recursive-descent
//! parser for PostgreSQL 10's grammar producing the `ast` (raw parse trees with source
//! locations). No catalog access happens here; names are resolved by the analyzer.

#![allow(clippy::result_large_err)]

pub mod ast;
pub mod keywords;
pub mod lexer;
mod parser;

use common::{PgError, PgResult};

/// Parse a query string that may hold several `;`-separated statements.
pub fn parse(sql: &str) -> PgResult<Vec<ast::RawStmt>> {
    parse_with_notices(sql).map(|(s, _)| s)
}

/// Session settings affecting parsing (standard_conforming_strings, escape_string_warning).
pub use lexer::LexOptions as ParseOptions;

/// Like `parse`, also returning the NOTICEs/WARNINGs raised while scanning (identifier
/// truncation), with default settings.
pub fn parse_with_notices(sql: &str) -> PgResult<(Vec<ast::RawStmt>, Vec<PgError>)> {
    parse_with_options(sql, ParseOptions::default())
}

/// Parse with explicit session settings; returns the statements and the NOTICEs/WARNINGs
/// (identifier truncation, "nonstandard use of \\ in a string literal") to send first.
pub fn parse_with_options(
    sql: &str,
    opts: ParseOptions,
) -> PgResult<(Vec<ast::RawStmt>, Vec<PgError>)> {
    let (toks, notices) = lexer::lex_with_options(sql, opts)?;
    let mut p = parser::Parser::new(sql, toks);
    let stmts = p.parse_all()?;
    Ok((stmts, notices))
}

/// Parse a standalone type name (`int4`, `varchar(10)[]`, `timestamp with time zone`), as
/// used by casts from text (`'int4'::regtype`) and `format_type`-like helpers.
pub fn parse_type_name(s: &str) -> PgResult<ast::TypeName> {
    let (toks, _) = lexer::lex(s)?;
    let mut p = parser::Parser::new(s, toks);
    let t = p.type_name()?;
    if !p.at_eof() {
        return Err(p.error());
    }
    Ok(t)
}

/// Parse a standalone expression (for defaults and tests).
pub fn parse_expr(s: &str) -> PgResult<ast::Expr> {
    let (toks, _) = lexer::lex(s)?;
    let mut p = parser::Parser::new(s, toks);
    let e = p.a_expr()?;
    if !p.at_eof() {
        return Err(p.error());
    }
    Ok(e)
}

#[cfg(test)]
mod tests;
