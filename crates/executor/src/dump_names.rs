//! Schema qualification of the SQL text Tusk stores for views (pg_rewrite.ev_action) and
//! column defaults (pg_attrdef.adbin), so that pg_get_viewdef / pg_get_expr print relation
//! names the way PostgreSQL's deparser does: qualified whenever the relation is not visible
//! on the current search_path. pg_dump runs with an empty search_path, so its CREATE VIEW
//! and DEFAULT nextval('public.s'::regclass) texts restore anywhere.

use crate::Runtime;
use common::{Oid, PgResult};
use parser::ast;
use std::collections::HashSet;

const PG_CATALOG_NAMESPACE: Oid = 11;
const PUBLIC_NAMESPACE: Oid = 2200;

/// The stored text names relations as they resolved when the object was created; that
/// search_path is not recorded, so unqualified names are looked up in the object's own
/// schema first (where serial sequences and most referenced tables live), then along the
/// current path and public.
fn creation_path(rt: &mut Runtime, home_ns: Oid) -> PgResult<Vec<Oid>> {
    let mut path = vec![PG_CATALOG_NAMESPACE, home_ns];
    for ns in rt.search_path()? {
        if !path.contains(&ns) {
            path.push(ns);
        }
    }
    if !path.contains(&PUBLIC_NAMESPACE) {
        path.push(PUBLIC_NAMESPACE);
    }
    Ok(path)
}

/// The schema prefix (`"s".`) relation `oid` needs on the current search_path, or "".
fn prefix_for(rt: &mut Runtime, oid: Oid) -> PgResult<String> {
    let sp = rt.search_path()?;
    let ccx = rt.catalog_cx();
    let shown = analyzer::reg_io::reg_output(rt.cx.catalog, &ccx, &sp, types::oids::REGCLASS, oid)?;
    let Some(rel) = rt.cx.catalog.relation_by_oid(&ccx, oid)? else {
        return Ok(String::new());
    };
    let bare = catalog::ddl::quote_identifier(&rel.name);
    Ok(if shown == bare {
        String::new()
    } else {
        format!("{}.", catalog::ddl::quote_identifier(&rel.namespace_name))
    })
}

fn resolve(rt: &mut Runtime, path: &[Oid], name: &str) -> PgResult<Option<Oid>> {
    let ccx = rt.catalog_cx();
    for &ns in path {
        if let Some(r) = rt.cx.catalog.relation_by_name(&ccx, ns, name)? {
            return Ok(Some(r.oid));
        }
    }
    Ok(None)
}

/// Rewrite every `'name'::regclass` literal of default expression `text` (stored for a
/// column of a relation in schema `home_ns`) to the name regclass output gives now.
pub fn qualify_regclass_literals(rt: &mut Runtime, text: &str, home_ns: Oid) -> PgResult<String> {
    const SUFFIX: &str = "'::regclass";
    if !text.contains(SUFFIX) {
        return Ok(text.to_string());
    }
    let path = creation_path(rt, home_ns)?;
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(end) = rest.find(SUFFIX) {
        // The literal's opening quote: scan back over '' pairs.
        let head = &rest[..end];
        let Some(start) = literal_start(head) else {
            out.push_str(&rest[..end + SUFFIX.len()]);
            rest = &rest[end + SUFFIX.len()..];
            continue;
        };
        let lit = head[start + 1..].replace("''", "'");
        out.push_str(&rest[..start]);
        let parts = analyzer::regclass::parse_name_list(&lit).unwrap_or_default();
        let oid = match parts.as_slice() {
            [name] => resolve(rt, &path, name)?,
            _ => None,
        };
        match oid {
            Some(oid) => {
                let sp = rt.search_path()?;
                let ccx = rt.catalog_cx();
                let shown = analyzer::reg_io::reg_output(
                    rt.cx.catalog,
                    &ccx,
                    &sp,
                    types::oids::REGCLASS,
                    oid,
                )?;
                out.push('\'');
                out.push_str(&shown.replace('\'', "''"));
                out.push_str(SUFFIX);
            }
            None => out.push_str(&rest[start..end + SUFFIX.len()]),
        }
        rest = &rest[end + SUFFIX.len()..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Drop the parentheses Tusk's stored expression text puts around a string literal under
/// a cast — `('x')::text` → `'x'::text` — as PostgreSQL's deparser prints a cast constant.
pub fn strip_literal_cast_parens(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let mut last = 0;
    while i < b.len() {
        match b[i] {
            b'(' if b.get(i + 1) == Some(&b'\'') => {
                // Find the end of the literal starting at i + 1.
                let mut j = i + 2;
                let mut end = None;
                while j < b.len() {
                    if b[j] == b'\'' {
                        if b.get(j + 1) == Some(&b'\'') {
                            j += 2;
                            continue;
                        }
                        end = Some(j);
                        break;
                    }
                    j += 1;
                }
                match end {
                    Some(e) if text[e + 1..].starts_with(")::") => {
                        out.push_str(&text[last..i]);
                        out.push_str(&text[i + 1..=e]);
                        i = e + 2;
                        last = i;
                    }
                    Some(e) => i = e + 1,
                    None => break,
                }
            }
            b'\'' => {
                // Skip over a literal not under a cast.
                let mut j = i + 1;
                while j < b.len() {
                    if b[j] == b'\'' {
                        if b.get(j + 1) == Some(&b'\'') {
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    j += 1;
                }
                i = j + 1;
            }
            _ => i += 1,
        }
    }
    out.push_str(&text[last.min(text.len())..]);
    out
}

/// Stored default / expression text as PostgreSQL's deparser shows it: literal casts without
/// parentheses, and `nextval('seq')` with its text argument as the regclass constant the
/// analyzer made of it (`nextval('seq'::regclass)`).
pub fn canonical_expr_text(text: &str) -> String {
    let t = strip_literal_cast_parens(text);
    const CALLS: [&str; 2] = ["nextval('", "pg_catalog.nextval('"];
    if !CALLS.iter().any(|c| t.contains(c)) {
        return t;
    }
    let b = t.as_bytes();
    let mut out = String::with_capacity(t.len() + 16);
    let mut last = 0;
    let mut from = 0;
    while let Some(pos) = t[from..].find("nextval('") {
        let open = from + pos + "nextval(".len();
        // Only the function name itself, not a longer identifier ending in nextval.
        let start = from + pos;
        let ident_before =
            start > 0 && (b[start - 1].is_ascii_alphanumeric() || b[start - 1] == b'_');
        let mut j = open + 1;
        let mut end = None;
        while j < b.len() {
            if b[j] == b'\'' {
                if b.get(j + 1) == Some(&b'\'') {
                    j += 2;
                    continue;
                }
                end = Some(j);
                break;
            }
            j += 1;
        }
        let Some(e) = end else { break };
        if !ident_before && b.get(e + 1) == Some(&b')') {
            out.push_str(&t[last..=e]);
            out.push_str("::regclass");
            last = e + 1;
        }
        from = e + 1;
    }
    out.push_str(&t[last..]);
    out
}

/// Remove parentheses doubled around a whole expression: `((a > 0))` → `(a > 0)` (PostgreSQL
/// never prints such pairs; Tusk's stored CHECK text gains one per dump/restore round trip).
pub fn strip_doubled_parens(mut s: &str) -> &str {
    fn wrapped(s: &str) -> bool {
        let b = s.as_bytes();
        if b.len() < 2 || b[0] != b'(' || b[b.len() - 1] != b')' {
            return false;
        }
        let mut depth = 0i32;
        let mut in_str = false;
        for (i, &c) in b.iter().enumerate() {
            match c {
                b'\'' => in_str = !in_str,
                b'(' if !in_str => depth += 1,
                b')' if !in_str => {
                    depth -= 1;
                    if depth == 0 && i != b.len() - 1 {
                        return false;
                    }
                }
                _ => {}
            }
        }
        depth == 0
    }
    while wrapped(s) && wrapped(&s[1..s.len() - 1]) {
        s = &s[1..s.len() - 1];
    }
    s
}

/// Byte index of the quote opening the string literal that ends at the end of `head`.
fn literal_start(head: &str) -> Option<usize> {
    let b = head.as_bytes();
    let mut i = b.len();
    loop {
        let q = b[..i].iter().rposition(|&c| c == b'\'')?;
        // A doubled quote is part of the literal.
        if q > 0 && b[q - 1] == b'\'' {
            i = q - 1;
            continue;
        }
        return Some(q);
    }
}

/// Qualify the unqualified relation names in FROM clauses of view query `text` (a view in
/// schema `home_ns`) that are not visible on the current search_path.
pub fn qualify_view_text(rt: &mut Runtime, text: &str, home_ns: Oid) -> PgResult<String> {
    let Ok(mut stmts) = parser::parse(text) else {
        return Ok(text.to_string());
    };
    if stmts.len() != 1 {
        return Ok(text.to_string());
    }
    let ast::Statement::Select(sel) = stmts.remove(0).stmt else {
        return Ok(text.to_string());
    };
    let mut refs = Vec::new();
    let mut ctes = HashSet::new();
    collect_select(&sel, &mut refs, &mut ctes);
    let path = creation_path(rt, home_ns)?;
    let mut inserts: Vec<(usize, String)> = Vec::new();
    for (loc, name) in refs {
        if ctes.contains(&name) {
            continue;
        }
        let Ok(loc) = usize::try_from(loc) else {
            continue;
        };
        if let Some(oid) = resolve(rt, &path, &name)? {
            let p = prefix_for(rt, oid)?;
            if !p.is_empty() && text.is_char_boundary(loc) {
                inserts.push((loc, p));
            }
        }
    }
    inserts.sort_by_key(|x| std::cmp::Reverse(x.0));
    inserts.dedup_by(|a, b| a.0 == b.0);
    let mut out = text.to_string();
    for (loc, p) in inserts {
        if loc <= out.len() {
            out.insert_str(loc, &p);
        }
    }
    Ok(out)
}

type Refs = Vec<(ast::Loc, String)>;

fn collect_select(s: &ast::SelectStmt, refs: &mut Refs, ctes: &mut HashSet<String>) {
    if let Some(w) = &s.with {
        for c in &w.ctes {
            ctes.insert(c.name.clone());
            if let ast::Statement::Select(q) = c.query.as_ref() {
                collect_select(q, refs, ctes);
            }
        }
    }
    collect_set(&s.body, refs, ctes);
}

fn collect_set(b: &ast::SetExpr, refs: &mut Refs, ctes: &mut HashSet<String>) {
    match b {
        ast::SetExpr::Select(core) => {
            for f in &core.from {
                collect_from(f, refs, ctes);
            }
            for t in &core.targets {
                if let ast::SelectTarget::Expr { expr, .. } = t {
                    collect_expr(expr, refs, ctes);
                }
            }
            if let Some(w) = &core.where_clause {
                collect_expr(w, refs, ctes);
            }
            if let Some(h) = &core.having {
                collect_expr(h, refs, ctes);
            }
        }
        ast::SetExpr::Values(_) => {}
        ast::SetExpr::SetOp { left, right, .. } => {
            collect_set(left, refs, ctes);
            collect_set(right, refs, ctes);
        }
        ast::SetExpr::Nested(q) => collect_select(q, refs, ctes),
    }
}

fn collect_from(f: &ast::TableRef, refs: &mut Refs, ctes: &mut HashSet<String>) {
    match f {
        ast::TableRef::Table { name, location, .. } => {
            if name.schema.is_none() && name.catalog.is_none() {
                refs.push((*location, name.name.clone()));
            }
        }
        ast::TableRef::Subquery { query, .. } => collect_select(query, refs, ctes),
        ast::TableRef::Function { .. } => {}
        ast::TableRef::Join(j) => {
            collect_from(&j.left, refs, ctes);
            collect_from(&j.right, refs, ctes);
            if let ast::JoinCondition::On(e) = &j.condition {
                collect_expr(e, refs, ctes);
            }
        }
    }
}

/// Sub-selects inside expressions (the common shapes: boolean combinations, comparisons,
/// IN / EXISTS / scalar / ANY sub-selects, CASE, casts, function arguments).
fn collect_expr(e: &ast::Expr, refs: &mut Refs, ctes: &mut HashSet<String>) {
    use ast::Expr as E;
    match e {
        E::And(v, _) | E::Or(v, _) | E::Coalesce(v, _) | E::Array(v, _) | E::Row(v, _) => {
            for x in v {
                collect_expr(x, refs, ctes);
            }
        }
        E::Not(x, _) | E::Nested(x, _) => collect_expr(x, refs, ctes),
        E::BinaryOp { left, right, .. } | E::IsDistinctFrom { left, right, .. } => {
            collect_expr(left, refs, ctes);
            collect_expr(right, refs, ctes);
        }
        E::UnaryOp { operand, .. } | E::PostfixOp { operand, .. } => {
            collect_expr(operand, refs, ctes)
        }
        E::IsNull { expr, .. } | E::IsBool { expr, .. } | E::Cast { expr, .. } => {
            collect_expr(expr, refs, ctes)
        }
        E::InSubquery { expr, subquery, .. } | E::SubqueryComparison { expr, subquery, .. } => {
            collect_expr(expr, refs, ctes);
            collect_select(subquery, refs, ctes);
        }
        E::Exists { subquery, .. }
        | E::ScalarSubquery { subquery, .. }
        | E::ArraySubquery { subquery, .. } => collect_select(subquery, refs, ctes),
        E::Case {
            arg,
            whens,
            else_result,
            ..
        } => {
            if let Some(a) = arg {
                collect_expr(a, refs, ctes);
            }
            for (w, t) in whens {
                collect_expr(w, refs, ctes);
                collect_expr(t, refs, ctes);
            }
            if let Some(x) = else_result {
                collect_expr(x, refs, ctes);
            }
        }
        E::Func(f) => {
            for a in &f.args {
                collect_expr(a, refs, ctes);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_stored_text() {
        assert_eq!(strip_literal_cast_parens("('x')::text"), "'x'::text");
        assert_eq!(
            strip_literal_cast_parens("nextval(('public.s')::regclass)"),
            "nextval('public.s'::regclass)"
        );
        assert_eq!(strip_literal_cast_parens("('a''b')::text"), "'a''b'::text");
        assert_eq!(strip_literal_cast_parens("f('(')"), "f('(')");
        assert_eq!(strip_literal_cast_parens("(a)::text"), "(a)::text");
        assert_eq!(
            canonical_expr_text("nextval('s2.x')"),
            "nextval('s2.x'::regclass)"
        );
        assert_eq!(
            canonical_expr_text("nextval('a''b'::regclass)"),
            "nextval('a''b'::regclass)"
        );
        assert_eq!(canonical_expr_text("mynextval('x')"), "mynextval('x')");
        assert_eq!(strip_doubled_parens("((qty >= 0))"), "(qty >= 0)");
        assert_eq!(strip_doubled_parens("(qty >= 0)"), "(qty >= 0)");
        assert_eq!(
            strip_doubled_parens("((a > 0) AND (b > 0))"),
            "((a > 0) AND (b > 0))"
        );
        assert_eq!(
            strip_doubled_parens("(((a)::text <> ''))"),
            "((a)::text <> '')"
        );
    }

    #[test]
    fn literal_start_skips_doubled_quotes() {
        assert_eq!(literal_start("nextval('a''b"), Some(8));
        assert_eq!(literal_start("nextval('s"), Some(8));
        assert_eq!(literal_start("x"), None);
    }

    #[test]
    fn collects_from_items_and_sublinks() {
        let Ok(mut v) = parser::parse(
            "WITH c AS (SELECT 1) SELECT a.x FROM t1 a JOIN s.t2 ON true, c \
             WHERE a.x IN (SELECT y FROM t3) AND EXISTS (SELECT 1 FROM t4)",
        ) else {
            panic!("parse")
        };
        let ast::Statement::Select(sel) = v.remove(0).stmt else {
            panic!("select")
        };
        let mut refs = Vec::new();
        let mut ctes = HashSet::new();
        collect_select(&sel, &mut refs, &mut ctes);
        let names: Vec<&str> = refs.iter().map(|r| r.1.as_str()).collect();
        assert_eq!(names, ["t1", "c", "t3", "t4"]);
        assert!(ctes.contains("c"));
        let sql = "WITH c AS (SELECT 1) SELECT a.x FROM t1 a JOIN s.t2 ON true, c \
             WHERE a.x IN (SELECT y FROM t3) AND EXISTS (SELECT 1 FROM t4)";
        assert_eq!(&sql[refs[0].0 as usize..refs[0].0 as usize + 2], "t1");
    }
}
