//! Text I/O of the OID-alias types that need the catalogs: regtype, regproc, regprocedure,
//! regnamespace and regrole input (names → OIDs, through the search path), and output for
//! all reg* types (regclass/regtype/regproc/regnamespace/regrole names, qualified when not
//! visible). regclass literal input lives in `crate::regclass`. `types::io` has no catalog
//! access, so the analyzer folds reg* literals with `Analyzer::reg_literal` and the executor
//! renders values with `reg_output`.

use crate::analyze::Analyzer;
use crate::regclass::parse_name_list;
use catalog::{Catalog, CatalogCx};
use common::{pg_err, Oid, PgResult};
use types::oids::*;

/// reg* types whose text form is a catalog name (regclass included).
pub fn is_catalog_reg_type(t: Oid) -> bool {
    matches!(
        t,
        REGCLASS
            | REGTYPE
            | REGPROC
            | REGPROCEDURE
            | REGNAMESPACE
            | REGROLE
            | REGOPER
            | REGOPERATOR
    )
}

fn numeric_oid(s: &str) -> Option<PgResult<Oid>> {
    let t = s.trim();
    if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
        return Some(types::oidtypes::parse_oid(t));
    }
    None
}

impl Analyzer<'_> {
    /// The input function of reg* type `typ` applied to `s` (a number is taken as the OID;
    /// "-" is InvalidOid for the types that accept it).
    pub fn reg_literal(&self, typ: Oid, s: &str) -> PgResult<Oid> {
        if let Some(r) = numeric_oid(s) {
            return r;
        }
        if s.trim() == "-" && matches!(typ, REGTYPE | REGPROC | REGCLASS | REGOPER) {
            return Ok(0);
        }
        match typ {
            REGCLASS => self.regclass_literal(s),
            REGTYPE => {
                let tn = parser::parse_type_name(s).map_err(|_| {
                    pg_err!(INVALID_TEXT_REPRESENTATION, "invalid type name \"{}\"", s)
                })?;
                Ok(self.resolve_type_name(&tn)?.0)
            }
            REGNAMESPACE => {
                let parts = parse_name_list(s)?;
                let [name] = parts.as_slice() else {
                    return Err(pg_err!(INVALID_NAME, "invalid name syntax"));
                };
                self.catalog.namespace_oid(self.ccx, name)?.ok_or_else(|| {
                    pg_err!(INVALID_SCHEMA_NAME, "schema \"{}\" does not exist", name)
                })
            }
            REGROLE => {
                let parts = parse_name_list(s)?;
                let [name] = parts.as_slice() else {
                    return Err(pg_err!(INVALID_NAME, "invalid name syntax"));
                };
                match self.catalog.role_by_name(self.ccx, name)? {
                    Some(r) => Ok(r.oid),
                    None => Err(pg_err!(
                        UNDEFINED_OBJECT,
                        "role \"{}\" does not exist",
                        name
                    )),
                }
            }
            REGPROC | REGPROCEDURE => {
                let base = match s.find('(') {
                    Some(i) => &s[..i],
                    None => s,
                };
                let parts = parse_name_list(base)?;
                let Some(name) = parts.last() else {
                    return Err(pg_err!(INVALID_NAME, "invalid name syntax"));
                };
                let oids: Vec<Oid> = self
                    .reg
                    .procs
                    .values()
                    .filter(|p| p.name == name.as_str())
                    .map(|p| p.oid)
                    .collect();
                match oids.as_slice() {
                    [o] => Ok(*o),
                    [] => Err(pg_err!(
                        UNDEFINED_FUNCTION,
                        "function \"{}\" does not exist",
                        s.trim()
                    )),
                    _ if typ == REGPROC => Err(pg_err!(
                        AMBIGUOUS_FUNCTION,
                        "more than one function named \"{}\"",
                        s.trim()
                    )),
                    _ => Err(pg_err!(
                        UNDEFINED_FUNCTION,
                        "function \"{}\" does not exist",
                        s.trim()
                    )),
                }
            }
            _ => Err(pg_err!(
                INVALID_TEXT_REPRESENTATION,
                "invalid input syntax for type oid: \"{}\"",
                s
            )),
        }
    }
}

fn quote(s: &str) -> String {
    catalog::ddl::quote_identifier(s)
}

/// The output function of reg* type `typ` for `oid` (InvalidOid → "-"; an OID naming no
/// object → the number), with names schema-qualified when not visible on `search_path`.
pub fn reg_output(
    catalog: &Catalog,
    ccx: &CatalogCx,
    search_path: &[Oid],
    typ: Oid,
    oid: Oid,
) -> PgResult<String> {
    if oid == 0 {
        return Ok("-".to_string());
    }
    let reg = crate::registry();
    Ok(match typ {
        REGCLASS => match catalog.relation_by_oid(ccx, oid)? {
            Some(rel) => {
                let mut visible = false;
                for &ns in search_path {
                    if ns == rel.namespace_oid {
                        visible = true;
                        break;
                    }
                    if catalog.relation_oid(ccx, ns, &rel.name)?.is_some() {
                        break;
                    }
                }
                if visible {
                    quote(&rel.name)
                } else {
                    format!("{}.{}", quote(&rel.namespace_name), quote(&rel.name))
                }
            }
            None => oid.to_string(),
        },
        REGTYPE => {
            if types::type_info(oid).is_some() {
                types::typeinfo::format_type(oid, -1)
            } else {
                match catalog.type_by_oid(ccx, oid)? {
                    Some(t) if search_path.contains(&t.namespace_oid) => quote(&t.name),
                    Some(t) => match catalog.namespace_name(ccx, t.namespace_oid)? {
                        Some(ns) => format!("{}.{}", quote(&ns), quote(&t.name)),
                        None => quote(&t.name),
                    },
                    None => oid.to_string(),
                }
            }
        }
        REGPROC => match reg.proc_by_oid(oid) {
            Some(p) => p.name.to_string(),
            None => oid.to_string(),
        },
        REGPROCEDURE => match reg.proc_by_oid(oid) {
            Some(p) => {
                let args: Vec<String> = p
                    .arg_types
                    .iter()
                    .map(|&t| types::typeinfo::format_type(t, -1))
                    .collect();
                format!("{}({})", p.name, args.join(","))
            }
            None => oid.to_string(),
        },
        REGOPER | REGOPERATOR => {
            let found = reg
                .opers
                .iter()
                .find_map(|(name, l)| l.iter().find(|o| o.oid == oid).map(|o| (name, o)));
            match found {
                Some((name, o)) if typ == REGOPERATOR => {
                    let side = |t: Oid| {
                        if t == 0 {
                            "NONE".to_string()
                        } else {
                            types::typeinfo::format_type(t, -1)
                        }
                    };
                    format!("{}({},{})", name, side(o.left), side(o.right))
                }
                Some((name, _)) => name.clone(),
                None => oid.to_string(),
            }
        }
        REGNAMESPACE => match catalog.namespace_name(ccx, oid)? {
            Some(n) => quote(&n),
            None => oid.to_string(),
        },
        REGROLE => match catalog.role_by_oid(ccx, oid)? {
            Some(r) => quote(&r.name),
            None => oid.to_string(),
        },
        _ => oid.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reg_types() {
        assert!(is_catalog_reg_type(REGCLASS));
        assert!(is_catalog_reg_type(REGROLE));
        assert!(!is_catalog_reg_type(OID));
        assert!(numeric_oid(" 123 ").is_some());
        assert!(numeric_oid("abc").is_none());
    }
}
