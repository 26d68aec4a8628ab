//! regclass literals: `'name'::regclass` (and a numeric OID) resolved against the catalogs at
//! analysis time, as PostgreSQL's regclassin does when it folds the constant, plus the
//! qualified-name parser (`stringToQualifiedNameList`) other crates reuse for text arguments
//! of nextval()/currval()/setval().

use crate::analyze::Analyzer;
use common::{pg_err, Oid, PgResult};

/// Split `s` into identifiers like PostgreSQL's name-list parser: dot-separated, unquoted parts
/// lower-cased, double-quoted parts kept verbatim (`""` → `"`). Errors: 42602
/// `invalid name syntax`.
pub fn parse_name_list(s: &str) -> PgResult<Vec<String>> {
    let bad = || pg_err!(INVALID_NAME, "invalid name syntax");
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    loop {
        while i < chars.len() && chars[i].is_whitespace() {
            i += 1;
        }
        let mut part = String::new();
        if i < chars.len() && chars[i] == '"' {
            i += 1;
            loop {
                if i >= chars.len() {
                    return Err(bad());
                }
                if chars[i] == '"' {
                    if i + 1 < chars.len() && chars[i + 1] == '"' {
                        part.push('"');
                        i += 2;
                        continue;
                    }
                    i += 1;
                    break;
                }
                part.push(chars[i]);
                i += 1;
            }
            if part.is_empty() {
                return Err(bad());
            }
        } else {
            while i < chars.len() && chars[i] != '.' && !chars[i].is_whitespace() {
                if chars[i] == '"' {
                    return Err(bad());
                }
                part.extend(chars[i].to_lowercase());
                i += 1;
            }
            if part.is_empty() {
                return Err(bad());
            }
        }
        while i < chars.len() && chars[i].is_whitespace() {
            i += 1;
        }
        out.push(part);
        if i >= chars.len() {
            break;
        }
        if chars[i] != '.' {
            return Err(bad());
        }
        i += 1;
    }
    if out.len() > 3 {
        return Err(bad());
    }
    Ok(out)
}

/// Resolve a relation name (possibly qualified, possibly quoted) through `search_path`.
/// Errors: 42P01 `relation "x" does not exist`, 3F000 for an unknown schema, 42602.
pub fn resolve_relation_name(
    catalog: &catalog::Catalog,
    ccx: &catalog::CatalogCx,
    search_path: &[Oid],
    s: &str,
) -> PgResult<Oid> {
    let parts = parse_name_list(s)?;
    let (schema, name) = match parts.as_slice() {
        [n] => (None, n.clone()),
        [sch, n] => (Some(sch.clone()), n.clone()),
        [_db, sch, n] => (Some(sch.clone()), n.clone()),
        _ => return Err(pg_err!(INVALID_NAME, "invalid name syntax")),
    };
    match schema {
        Some(sch) => {
            let ns = catalog
                .namespace_oid(ccx, &sch)?
                .ok_or_else(|| pg_err!(INVALID_SCHEMA_NAME, "schema \"{}\" does not exist", sch))?;
            match catalog.relation_by_name(ccx, ns, &name)? {
                Some(r) => Ok(r.oid),
                None => Err(pg_err!(
                    UNDEFINED_TABLE,
                    "relation \"{}.{}\" does not exist",
                    sch,
                    name
                )),
            }
        }
        None => {
            for &ns in search_path {
                if let Some(r) = catalog.relation_by_name(ccx, ns, &name)? {
                    return Ok(r.oid);
                }
            }
            Err(pg_err!(
                UNDEFINED_TABLE,
                "relation \"{}\" does not exist",
                name
            ))
        }
    }
}

impl Analyzer<'_> {
    /// regclassin for a literal: a number is taken as the OID, anything else as a relation
    /// name looked up through the analyzer's search path.
    pub fn regclass_literal(&self, s: &str) -> PgResult<Oid> {
        let t = s.trim();
        if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
            return types::oidtypes::parse_oid(t);
        }
        resolve_relation_name(self.catalog, self.ccx, &self.search_path, s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_lists() {
        assert_eq!(parse_name_list("Foo").unwrap(), vec!["foo"]);
        assert_eq!(
            parse_name_list("s.\"Foo\"\"x\"").unwrap(),
            vec!["s", "Foo\"x"]
        );
        assert_eq!(parse_name_list(" a . b ").unwrap(), vec!["a", "b"]);
        assert!(parse_name_list("a..b").is_err());
        assert!(parse_name_list("").is_err());
        assert!(parse_name_list("a.b.c.d").is_err());
    }
}
