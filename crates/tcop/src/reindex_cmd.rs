//! REINDEX [ ( VERBOSE ) ] { INDEX | TABLE | SCHEMA | SYSTEM | DATABASE } name: parsing the
//! statement text (the parser keeps REINDEX as an unsupported statement) and rebuilding each
//! B-tree index into a new relation file (so a failed rebuild, e.g. a unique violation, rolls
//! back to the old file), with PostgreSQL's errors and VERBOSE INFO messages.

use crate::session::Session;
use catalog::RelationInfo;
use common::{pg_err, Oid, PgError, PgResult, Severity};
use parser::ast::QualifiedName;
use std::sync::Arc;

/// PostgreSQL prints resource usage as the DETAIL of VERBOSE messages.
const CPU_LINE: &str = "CPU: user: 0.00 s, system: 0.00 s, elapsed: 0.00 s.";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ReindexKind {
    Index,
    Table,
    Schema,
    System,
    Database,
}

impl ReindexKind {
    fn multi_name(self) -> &'static str {
        match self {
            ReindexKind::Schema => "REINDEX SCHEMA",
            ReindexKind::System => "REINDEX SYSTEM",
            _ => "REINDEX DATABASE",
        }
    }
}

/// A parsed REINDEX statement.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ReindexStmt {
    pub verbose: bool,
    pub kind: ReindexKind,
    /// Schema-qualified for INDEX/TABLE; a plain name (in `name`) otherwise.
    pub name: QualifiedName,
}

fn syntax_error(near: &str) -> PgError {
    if near.is_empty() {
        pg_err!(SYNTAX_ERROR, "syntax error at end of input")
    } else {
        pg_err!(SYNTAX_ERROR, "syntax error at or near \"{}\"", near)
    }
}

/// Split REINDEX text into tokens: identifiers/keywords (quoted ones kept with a leading '"'
/// marker), and the punctuation `(`, `)`, `,`, `.`.
fn tokenize(sql: &str) -> PgResult<Vec<String>> {
    let mut out = Vec::new();
    let mut chars = sql.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() || c == ';' {
            chars.next();
        } else if c == '-' {
            // "--" comment to end of line
            chars.next();
            if chars.peek() == Some(&'-') {
                for c in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            } else {
                return Err(syntax_error("-"));
            }
        } else if matches!(c, '(' | ')' | ',' | '.') {
            chars.next();
            out.push(c.to_string());
        } else if c == '"' {
            chars.next();
            let mut s = String::from("\"");
            loop {
                match chars.next() {
                    None => return Err(pg_err!(SYNTAX_ERROR, "unterminated quoted identifier")),
                    Some('"') if chars.peek() == Some(&'"') => {
                        chars.next();
                        s.push('"');
                    }
                    Some('"') => break,
                    Some(ch) => s.push(ch),
                }
            }
            out.push(s);
        } else {
            let mut s = String::new();
            while let Some(&ch) = chars.peek() {
                if ch.is_whitespace() || matches!(ch, '(' | ')' | ',' | '.' | ';' | '"') {
                    break;
                }
                s.push(ch);
                chars.next();
            }
            out.push(s);
        }
    }
    Ok(out)
}

fn ident(tok: &str) -> Option<String> {
    if let Some(q) = tok.strip_prefix('"') {
        return Some(q.to_string());
    }
    let ok = tok
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
        && tok
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '$');
    ok.then(|| tok.to_lowercase())
}

/// Parse `REINDEX [ ( option [, ...] ) ] kind name`.
pub(crate) fn parse_reindex(sql: &str) -> PgResult<ReindexStmt> {
    let toks = tokenize(sql)?;
    let mut i = 0;
    let tok = |i: usize| toks.get(i).map(String::as_str).unwrap_or("");
    let kw = |i: usize| tok(i).to_ascii_lowercase();
    if kw(i) != "reindex" {
        return Err(syntax_error(tok(i)));
    }
    i += 1;
    let mut verbose = false;
    if tok(i) == "(" {
        i += 1;
        loop {
            match kw(i).as_str() {
                "verbose" => verbose = true,
                _ => return Err(syntax_error(tok(i))),
            }
            i += 1;
            match tok(i) {
                "," => i += 1,
                ")" => {
                    i += 1;
                    break;
                }
                t => return Err(syntax_error(t)),
            }
        }
    }
    let kind = match kw(i).as_str() {
        "index" => ReindexKind::Index,
        "table" => ReindexKind::Table,
        "schema" => ReindexKind::Schema,
        "system" => ReindexKind::System,
        "database" => ReindexKind::Database,
        _ => return Err(syntax_error(tok(i))),
    };
    i += 1;
    let first = ident(tok(i)).ok_or_else(|| syntax_error(tok(i)))?;
    i += 1;
    let mut name = QualifiedName::simple(first);
    if matches!(kind, ReindexKind::Index | ReindexKind::Table) && tok(i) == "." {
        i += 1;
        let second = ident(tok(i)).ok_or_else(|| syntax_error(tok(i)))?;
        i += 1;
        let schema = std::mem::replace(&mut name.name, second);
        name.schema = Some(schema);
    }
    if i < toks.len() {
        return Err(syntax_error(tok(i)));
    }
    Ok(ReindexStmt {
        verbose,
        kind,
        name,
    })
}

fn info(msg: String) -> PgError {
    PgError::notice(msg)
        .with_severity(Severity::Info)
        .with_detail(CPU_LINE)
}

impl Session {
    /// REINDEX (see the module comment).
    pub(crate) fn exec_reindex(&mut self, sql: &str) -> PgResult<String> {
        let stmt = parse_reindex(sql)?;
        match stmt.kind {
            ReindexKind::Index => {
                let rel = self.lookup_relation(&stmt.name)?.ok_or_else(|| {
                    pg_err!(
                        UNDEFINED_TABLE,
                        "relation \"{}\" does not exist",
                        stmt.name.name
                    )
                })?;
                if rel.relkind != b'i' {
                    return Err(pg_err!(
                        WRONG_OBJECT_TYPE,
                        "\"{}\" is not an index",
                        stmt.name.name
                    ));
                }
                self.reindex_one_index(rel.oid, stmt.verbose)?;
            }
            ReindexKind::Table => {
                let rel = self.lookup_relation(&stmt.name)?.ok_or_else(|| {
                    pg_err!(
                        UNDEFINED_TABLE,
                        "relation \"{}\" does not exist",
                        stmt.name.name
                    )
                })?;
                if !matches!(rel.relkind, b'r' | b'm' | b't' | b'p') {
                    return Err(pg_err!(
                        WRONG_OBJECT_TYPE,
                        "\"{}\" is not a table or materialized view",
                        stmt.name.name
                    ));
                }
                if !self.reindex_table_indexes(&rel, stmt.verbose)? {
                    self.notice(
                        common::sqlstate::SUCCESSFUL_COMPLETION,
                        &format!("table \"{}\" has no indexes", stmt.name.name),
                    );
                }
            }
            kind => self.reindex_multiple(kind, &stmt.name.name, stmt.verbose)?,
        }
        Ok("REINDEX".into())
    }

    /// REINDEX SCHEMA / SYSTEM / DATABASE.
    fn reindex_multiple(&mut self, kind: ReindexKind, name: &str, verbose: bool) -> PgResult<()> {
        if self.xact.block != crate::xact::Block::None {
            return Err(pg_err!(
                ACTIVE_SQL_TRANSACTION,
                "{} cannot run inside a transaction block",
                kind.multi_name()
            ));
        }
        let namespaces: Vec<Oid> = if kind == ReindexKind::Schema {
            let n = name.to_string();
            let ns = self
                .with_catalog(false, |cat, cx| cat.namespace_oid(cx, &n))?
                .ok_or_else(|| {
                    pg_err!(INVALID_SCHEMA_NAME, "schema \"{}\" does not exist", name)
                })?;
            vec![ns]
        } else {
            if name != self.db.name {
                return Err(pg_err!(
                    FEATURE_NOT_SUPPORTED,
                    "can only reindex the currently open database"
                ));
            }
            let all = self.with_catalog(false, |cat, cx| cat.list_namespaces(cx))?;
            all.into_iter()
                .filter(|(_, n)| {
                    let system = n == "pg_catalog";
                    if kind == ReindexKind::System {
                        system
                    } else {
                        n != "information_schema" && !n.starts_with("pg_toast")
                    }
                })
                .map(|(oid, _)| oid)
                .collect()
        };
        let mut tables: Vec<Arc<RelationInfo>> = Vec::new();
        for ns in namespaces {
            let rels = self.with_catalog(false, |cat, cx| cat.list_relations(cx, ns))?;
            tables.extend(rels.into_iter().filter(|r| {
                matches!(r.relkind, b'r' | b'm')
                    && (r.persistence != b't' || self.temp_relations.contains(&r.oid))
            }));
        }
        tables.sort_by_key(|r| r.oid);
        for rel in tables {
            self.reindex_table_indexes(&rel, verbose)?;
            if verbose {
                self.notices.push(
                    PgError::notice(format!(
                        "table \"{}.{}\" was reindexed",
                        rel.namespace_name, rel.name
                    ))
                    .with_severity(Severity::Info),
                );
            }
        }
        Ok(())
    }

    /// Rebuild every index of `rel`; false if it has none.
    fn reindex_table_indexes(&mut self, rel: &RelationInfo, verbose: bool) -> PgResult<bool> {
        let relid = rel.oid;
        let mut list = self.with_catalog(false, |cat, cx| cat.relation_indexes(cx, relid))?;
        list.sort_by_key(|d| d.oid);
        for d in &list {
            self.reindex_one_index(d.oid, verbose)?;
        }
        Ok(!list.is_empty())
    }

    /// Rebuild one index into a new relation file.
    fn reindex_one_index(&mut self, idx: Oid, verbose: bool) -> PgResult<()> {
        let desc = self
            .with_catalog(false, |cat, cx| cat.index_by_oid(cx, idx))?
            .ok_or_else(|| PgError::internal(format!("index {idx} not found")))?;
        let t = desc.table_oid;
        let table = self
            .with_catalog(false, |cat, cx| cat.relation_by_oid(cx, t))?
            .ok_or_else(|| PgError::internal(format!("relation {t} not found")))?;
        if desc.am == catalog::index::BTREE_AM_OID {
            self.xact.txn.assign_xid(&self.engine.tm)?;
            let file = self.with_catalog(true, |cat, cx| cat.new_relfilenode(cx, idx))?;
            self.command_counter_increment();
            let mut nd = desc.clone();
            nd.file = file;
            executor::index_maint::open_btree(&self.engine.storage, &nd).init_empty()?;
            self.build_index_oid(&table, idx)?;
        }
        if verbose {
            self.notices
                .push(info(format!("index \"{}\" was reindexed", desc.name)));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_forms() {
        let s = parse_reindex("REINDEX (VERBOSE) TABLE reindex_verbose;").unwrap();
        assert!(s.verbose);
        assert_eq!(s.kind, ReindexKind::Table);
        assert_eq!(s.name.name, "reindex_verbose");
        let s = parse_reindex("reindex index \"Public\".\"My Idx\"").unwrap();
        assert!(!s.verbose);
        assert_eq!(s.kind, ReindexKind::Index);
        assert_eq!(s.name.schema.as_deref(), Some("Public"));
        assert_eq!(s.name.name, "My Idx");
        let s = parse_reindex("REINDEX SCHEMA schema_to_reindex; -- failure").unwrap();
        assert_eq!(s.kind, ReindexKind::Schema);
        assert_eq!(s.name.name, "schema_to_reindex");
        let s = parse_reindex("REINDEX ( verbose ) DATABASE regression").unwrap();
        assert_eq!(s.kind, ReindexKind::Database);
    }

    #[test]
    fn syntax_errors() {
        let e = parse_reindex("REINDEX VIEW v").unwrap_err();
        assert_eq!(e.message, "syntax error at or near \"VIEW\"");
        let e = parse_reindex("REINDEX TABLE").unwrap_err();
        assert_eq!(e.message, "syntax error at end of input");
        let e = parse_reindex("REINDEX (ANALYZE) TABLE t").unwrap_err();
        assert_eq!(e.message, "syntax error at or near \"ANALYZE\"");
        let e = parse_reindex("REINDEX SCHEMA a.b").unwrap_err();
        assert_eq!(e.message, "syntax error at or near \".\"");
    }
}
