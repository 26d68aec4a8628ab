//! Catalog-inspection functions used by psql's describe commands and other clients:
//! pg_get_userbyid, pg_get_expr, pg_table_is_visible, pg_type_is_visible, obj_description,
//! col_description, shobj_description, pg_encoding_to_char, pg_get_function_result/arguments,
//! pg_get_indexdef, pg_get_constraintdef, has_*_privilege. Signatures live in
//! `analyzer::catalog_fns`; `call` evaluates them with the runtime's catalog snapshot.

use crate::Runtime;

use crate::dump_names;
use analyzer::catalog_fns::CatalogFn;
use catalog::schema;
use common::{Oid, PgResult};
use types::Datum;

/// OIDs below this are assigned by initdb (PostgreSQL's FirstNormalObjectId).
const FIRST_NORMAL_OID: Oid = 16384;

fn oid_arg(args: &[Datum], i: usize) -> Option<Oid> {
    match args.get(i)? {
        Datum::Oid(o) => Some(*o),
        Datum::Int4(v) => Some(*v as u32),
        Datum::Int8(v) => Some(*v as u32),
        _ => None,
    }
}

/// Evaluate catalog function `f`.
pub fn call(rt: &mut Runtime, f: CatalogFn, args: &[Datum]) -> PgResult<Datum> {
    use CatalogFn::*;
    // All of these are strict: a NULL first argument gives NULL.
    if args.iter().any(|a| a.is_null()) {
        return Ok(Datum::Null);
    }
    Ok(match f {
        GetUserById => {
            let oid = oid_arg(args, 0).unwrap_or(0);
            let ccx = rt.catalog_cx();
            match rt.cx.catalog.role_by_oid(&ccx, oid)? {
                Some(r) => Datum::text(r.name),
                None => Datum::text(format!("unknown (OID={})", oid)),
            }
        }
        // pg_attrdef.adbin / pg_constraint.conbin hold SQL text in Tusk.
        GetExpr => match &args[0] {
            Datum::Text(s) => {
                let s = dump_names::canonical_expr_text(s);
                Datum::text(get_expr(rt, &s, oid_arg(args, 1).unwrap_or(0))?)
            }
            d => d.clone(),
        },
        TableIsVisible => match oid_arg(args, 0) {
            Some(oid) => table_is_visible(rt, oid)?,
            None => Datum::Null,
        },
        TypeIsVisible => match oid_arg(args, 0) {
            Some(oid) => type_is_visible(rt, oid)?,
            None => Datum::Null,
        },
        AlwaysVisible | HasPrivilege => Datum::Bool(true),
        EncodingToChar => {
            let e = args[0].as_i64().unwrap_or(-1);
            Datum::text(encoding_name(e))
        }
        ObjDescription => {
            let oid = oid_arg(args, 0).unwrap_or(0);
            let class = match args.get(1) {
                Some(d) => catalog_oid_by_name(rt, d.as_str().unwrap_or(""))?,
                None => None,
            };
            description(rt, oid, class, Some(0))?
        }
        ColDescription => {
            let oid = oid_arg(args, 0).unwrap_or(0);
            let sub = args.get(1).and_then(|d| d.as_i64()).unwrap_or(0) as i32;
            description(rt, oid, Some(schema::PG_CLASS), Some(sub))?
        }
        ShobjDescription => {
            let oid = oid_arg(args, 0).unwrap_or(0);
            let class =
                catalog_oid_by_name(rt, args.get(1).and_then(|d| d.as_str()).unwrap_or(""))?;
            shared_description(rt, oid, class)?
        }
        GetFunctionResult => match function_sig(rt, oid_arg(args, 0).unwrap_or(0))? {
            Some((_, ret)) => Datum::text(format_type(rt, ret, -1)?),
            None => Datum::Null,
        },
        GetFunctionArguments => match function_sig(rt, oid_arg(args, 0).unwrap_or(0))? {
            Some((argtypes, _)) => {
                let mut parts = Vec::new();
                for t in argtypes {
                    parts.push(format_type(rt, t, -1)?);
                }
                Datum::text(parts.join(", "))
            }
            None => Datum::Null,
        },
        GetIndexDef => {
            let oid = oid_arg(args, 0).unwrap_or(0);
            let col = args.get(1).and_then(|d| d.as_i64()).unwrap_or(0);
            index_def(rt, oid, col)?
        }
        GetConstraintDef => match crate::check_constraints::check_def(rt, args)? {
            Some(Datum::Text(d)) => Datum::text(normalize_check_def(&d)),
            Some(d) => d,
            None => constraint_def(rt, oid_arg(args, 0).unwrap_or(0))?,
        },
        TablespaceLocation => Datum::text(""),
        GetViewDef => view_def(rt, oid_arg(args, 0).unwrap_or(0))?,
        RelationSize => {
            let fork_main = args.get(1).and_then(|d| d.as_str()).unwrap_or("main") == "main";
            let oid = oid_arg(args, 0).unwrap_or(0);
            match relation_bytes(rt, oid)? {
                Some(b) => Datum::Int8(if fork_main { b } else { 0 }),
                None => Datum::Null,
            }
        }
        TotalRelationSize | IndexesSize => {
            let oid = oid_arg(args, 0).unwrap_or(0);
            match relation_bytes(rt, oid)? {
                Some(b) => {
                    let idx = indexes_bytes(rt, oid)?;
                    Datum::Int8(if f == IndexesSize { idx } else { b + idx })
                }
                None => Datum::Null,
            }
        }
        DatabaseSize => database_bytes(rt, &args[0])?,
        SizePretty => {
            let n = match &args[0] {
                Datum::Int8(v) => Some(*v),
                d => d.as_i64().or_else(|| {
                    types::io::output(types::oids::NUMERIC, d, rt.cx.env)
                        .ok()
                        .and_then(|s| s.split('.').next().and_then(|x| x.parse().ok()))
                }),
            };
            match n {
                Some(v) => Datum::text(size_pretty(v)),
                None => Datum::Null,
            }
        }
        SequenceLastValue => sequence_last_value(rt, oid_arg(args, 0).unwrap_or(0))?,
        IsOtherTempSchema => Datum::Bool(false),
        AclDefault => acl_default(rt, args)?,
        RelationIsPublishable => {
            let oid = oid_arg(args, 0).unwrap_or(0);
            let ccx = rt.catalog_cx();
            match rt.cx.catalog.relation_by_oid(&ccx, oid)? {
                Some(r) => Datum::Bool(
                    r.relkind == b'r'
                        && r.persistence == b'p'
                        && oid >= FIRST_NORMAL_OID
                        && r.namespace_oid != catalog::oids::PG_CATALOG_NAMESPACE,
                ),
                None => Datum::Null,
            }
        }
    })
}

/// `CHECK (expr) [NOT VALID]` with doubled parentheses around expr removed and literal
/// casts printed as PostgreSQL does, so a dump / restore round trip keeps the text.
fn normalize_check_def(d: &str) -> String {
    let Some(rest) = d.strip_prefix("CHECK (") else {
        return d.to_string();
    };
    let (body, tail) = match rest.rfind(')') {
        Some(i) => (&rest[..i], &rest[i + 1..]),
        None => return d.to_string(),
    };
    let body = dump_names::strip_literal_cast_parens(body);
    format!(
        "CHECK ({}){}",
        dump_names::strip_doubled_parens(&body),
        tail
    )
}

/// acldefault(objtype, owner): PostgreSQL 10's default ACL for the object kind, naming the
/// owner (its OID in decimal when no such role exists, as aclitemout prints it).
fn acl_default(rt: &mut Runtime, args: &[Datum]) -> PgResult<Datum> {
    let objtype = match &args[0] {
        Datum::Char(c) => *c,
        Datum::Text(s) => s.bytes().next().unwrap_or(0),
        _ => 0,
    };
    let owner = oid_arg(args, 1).unwrap_or(0);
    let ccx = rt.catalog_cx();
    let name = match rt.cx.catalog.role_by_oid(&ccx, owner)? {
        Some(r) => r.name,
        None => owner.to_string(),
    };
    let items = types::acl::acl_default(objtype, &name)?;
    Ok(Datum::Array(Box::new(types::Array::from_vec(
        types::oids::ACLITEM,
        items.into_iter().map(Datum::Text).collect(),
    ))))
}

/// pg_get_expr over Tusk's stored SQL text. A bare string literal default is shown with
/// the column type's cast, as PostgreSQL's deparser prints the coerced constant
/// (`'x'::text`, `'a'::character varying`).
fn get_expr(rt: &mut Runtime, text: &str, relid: Oid) -> PgResult<String> {
    if relid != 0 && text.contains("::regclass") {
        let ccx = rt.catalog_cx();
        if let Some(rel) = rt.cx.catalog.relation_by_oid(&ccx, relid)? {
            return dump_names::qualify_regclass_literals(rt, text, rel.namespace_oid);
        }
    }
    let t = text.trim();
    let bare_literal = t.len() >= 2
        && t.starts_with('\'')
        && t.ends_with('\'')
        && !t[1..t.len() - 1].replace("''", "").contains('\'');
    if !bare_literal || relid == 0 {
        return Ok(text.to_string());
    }
    let ccx = rt.catalog_cx();
    let Some(rel) = rt.cx.catalog.relation_by_oid(&ccx, relid)? else {
        return Ok(text.to_string());
    };
    let typ = rel
        .columns
        .iter()
        .find(|c| !c.dropped && c.default_expr.as_deref().map(str::trim) == Some(t))
        .map(|c| c.type_oid);
    Ok(match typ {
        Some(ty) if !matches!(types_category(ty), b'N' | b'B') => {
            format!("{}::{}", t, format_type(rt, ty, -1)?)
        }
        _ => text.to_string(),
    })
}

fn types_category(t: Oid) -> u8 {
    types::type_info(t).map(|i| i.category).unwrap_or(b'U')
}

/// pg_encoding_to_char: PostgreSQL's encoding names by number ('' when unknown).
pub fn encoding_name(e: i64) -> &'static str {
    usize::try_from(e)
        .ok()
        .and_then(|i| guc::special::ENCODINGS.get(i))
        .copied()
        .unwrap_or("")
}

/// A relation is visible when it is the first relation of its name along the search path.
fn table_is_visible(rt: &mut Runtime, oid: Oid) -> PgResult<Datum> {
    let sp = rt.search_path()?;
    let ccx = rt.catalog_cx();
    let cat = rt.cx.catalog;
    let Some(rel) = cat.relation_by_oid(&ccx, oid)? else {
        return Ok(Datum::Null);
    };
    if !sp.contains(&rel.namespace_oid) {
        return Ok(Datum::Bool(false));
    }
    for ns in sp {
        if ns == rel.namespace_oid {
            return Ok(Datum::Bool(true));
        }
        if cat.relation_oid(&ccx, ns, &rel.name)?.is_some() {
            return Ok(Datum::Bool(false));
        }
    }
    Ok(Datum::Bool(false))
}

fn type_is_visible(rt: &mut Runtime, oid: Oid) -> PgResult<Datum> {
    let sp = rt.search_path()?;
    let ccx = rt.catalog_cx();
    let cat = rt.cx.catalog;
    let Some(t) = cat.type_by_oid(&ccx, oid)? else {
        return Ok(Datum::Null);
    };
    if !sp.contains(&t.namespace_oid) {
        return Ok(Datum::Bool(false));
    }
    for ns in sp {
        if ns == t.namespace_oid {
            return Ok(Datum::Bool(true));
        }
        if let Some(o) = cat.type_by_name(&ccx, ns, &t.name)? {
            if o.oid != oid {
                return Ok(Datum::Bool(false));
            }
        }
    }
    Ok(Datum::Bool(false))
}

/// format_type with catalog fallback for user-defined types.
pub fn format_type(rt: &mut Runtime, oid: Oid, typmod: i32) -> PgResult<String> {
    if types::type_info(oid).is_some() {
        return Ok(types::typeinfo::format_type(oid, typmod));
    }
    let ccx = rt.catalog_cx();
    Ok(match rt.cx.catalog.type_by_oid(&ccx, oid)? {
        Some(t) => catalog::ddl::quote_identifier(&t.name),
        None => "???".to_string(),
    })
}

/// The OID of system catalog `name` (pg_class, pg_namespace, ...).
fn catalog_oid_by_name(rt: &mut Runtime, name: &str) -> PgResult<Option<Oid>> {
    let ccx = rt.catalog_cx();
    rt.cx
        .catalog
        .relation_oid(&ccx, catalog::oids::PG_CATALOG_NAMESPACE, name)
}

fn row_oid(def: &schema::CatalogDef, row: &[Datum], col: &str) -> Option<Oid> {
    match row.get(def.col(col)?)? {
        Datum::Oid(o) => Some(*o),
        Datum::Int4(v) => Some(*v as u32),
        _ => None,
    }
}

fn row_text<'r>(def: &schema::CatalogDef, row: &'r [Datum], col: &str) -> Option<&'r str> {
    row.get(def.col(col)?)?.as_str()
}

/// The pg_description text for (objoid, classoid, objsubid); `None` class/subid match any.
fn description(
    rt: &mut Runtime,
    oid: Oid,
    class: Option<Oid>,
    sub: Option<i32>,
) -> PgResult<Datum> {
    let Some(def) = schema::by_oid(schema::PG_DESCRIPTION) else {
        return Ok(Datum::Null);
    };
    let ccx = rt.catalog_cx();
    let rows = rt.cx.catalog.scan_catalog(&ccx, schema::PG_DESCRIPTION)?;
    for r in rows {
        if row_oid(def, &r, "objoid") != Some(oid) {
            continue;
        }
        if let Some(c) = class {
            if row_oid(def, &r, "classoid") != Some(c) {
                continue;
            }
        }
        if let Some(s) = sub {
            let v = def
                .col("objsubid")
                .and_then(|i| r.get(i))
                .and_then(|d| d.as_i64());
            if v != Some(s as i64) {
                continue;
            }
        }
        if let Some(t) = row_text(def, &r, "description") {
            return Ok(Datum::text(t));
        }
    }
    Ok(Datum::Null)
}

/// pg_sequence_last_value: last_value once the sequence has been called, else NULL (also
/// NULL for something that is not a sequence).
fn sequence_last_value(rt: &mut Runtime, oid: Oid) -> PgResult<Datum> {
    let ccx = rt.catalog_cx();
    let Some(rel) = rt.cx.catalog.relation_by_oid(&ccx, oid)? else {
        return Ok(Datum::Null);
    };
    if rel.relkind != b'S' {
        return Ok(Datum::Null);
    }
    let t = crate::sequence::read_tuple(rt.cx.storage, &rel)?;
    Ok(if t.is_called {
        Datum::Int8(t.last_value)
    } else {
        Datum::Null
    })
}

/// The pg_shdescription text for (objoid, classoid).
fn shared_description(rt: &mut Runtime, oid: Oid, class: Option<Oid>) -> PgResult<Datum> {
    let (Some(def), Some(class)) = (schema::by_oid(schema::PG_SHDESCRIPTION), class) else {
        return Ok(Datum::Null);
    };
    let ccx = rt.catalog_cx();
    let rows = rt.cx.catalog.scan_catalog(&ccx, schema::PG_SHDESCRIPTION)?;
    for r in rows {
        if row_oid(def, &r, "objoid") == Some(oid) && row_oid(def, &r, "classoid") == Some(class) {
            if let Some(t) = row_text(def, &r, "description") {
                return Ok(Datum::text(t));
            }
        }
    }
    Ok(Datum::Null)
}

/// (argument types, result type) of a function: built-ins from the registry, others from
/// pg_proc.
fn function_sig(rt: &mut Runtime, oid: Oid) -> PgResult<Option<(Vec<Oid>, Oid)>> {
    if let Some(p) = analyzer::registry().proc_by_oid(oid) {
        return Ok(Some((p.arg_types.to_vec(), p.ret_type)));
    }
    let Some(def) = schema::by_oid(schema::PG_PROC) else {
        return Ok(None);
    };
    let ccx = rt.catalog_cx();
    let rows = rt.cx.catalog.scan_catalog(&ccx, schema::PG_PROC)?;
    let oid_idx = def.columns.len();
    for r in rows {
        if !matches!(r.get(oid_idx), Some(Datum::Oid(o)) if *o == oid) {
            continue;
        }
        let ret = row_oid(def, &r, "prorettype").unwrap_or(0);
        let args = match def.col("proargtypes").and_then(|i| r.get(i)) {
            Some(Datum::Array(a)) => a
                .elems
                .iter()
                .filter_map(|d| match d {
                    Datum::Oid(o) => Some(*o),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        return Ok(Some((args, ret)));
    }
    Ok(None)
}

fn int2_list(d: Option<&Datum>) -> Vec<i16> {
    match d {
        Some(Datum::Array(a)) => a
            .elems
            .iter()
            .filter_map(|e| e.as_i64().map(|v| v as i16))
            .collect(),
        _ => Vec::new(),
    }
}

/// Relation name as PostgreSQL 10.2's deparser prints it: qualified only when not visible.
fn relation_name(rt: &mut Runtime, oid: Oid) -> PgResult<String> {
    let ccx = rt.catalog_cx();
    let Some(rel) = rt.cx.catalog.relation_by_oid(&ccx, oid)? else {
        return Ok(oid.to_string());
    };
    let visible = matches!(table_is_visible(rt, oid)?, Datum::Bool(true));
    let name = catalog::ddl::quote_identifier(&rel.name);
    Ok(if visible {
        name
    } else {
        format!(
            "{}.{}",
            catalog::ddl::quote_identifier(&rel.namespace_name),
            name
        )
    })
}

fn column_name(rt: &mut Runtime, rel: Oid, attnum: i16) -> PgResult<String> {
    let ccx = rt.catalog_cx();
    if let Some(r) = rt.cx.catalog.relation_by_oid(&ccx, rel)? {
        if attnum > 0 {
            if let Some(c) = r.columns.get(attnum as usize - 1) {
                return Ok(catalog::ddl::quote_identifier(&c.name));
            }
        }
    }
    Ok(attnum.to_string())
}

fn index_def(rt: &mut Runtime, oid: Oid, col: i64) -> PgResult<Datum> {
    let Some(def) = schema::by_oid(schema::PG_INDEX) else {
        return Ok(Datum::Null);
    };
    let ccx = rt.catalog_cx();
    let rows = rt.cx.catalog.scan_catalog(&ccx, schema::PG_INDEX)?;
    let Some(row) = rows
        .into_iter()
        .find(|r| row_oid(def, r, "indexrelid") == Some(oid))
    else {
        return Ok(Datum::Null);
    };
    let table = row_oid(def, &row, "indrelid").unwrap_or(0);
    let keys = int2_list(def.col("indkey").and_then(|i| row.get(i)));
    let unique = def
        .col("indisunique")
        .and_then(|i| row.get(i))
        .and_then(|d| d.as_bool())
        .unwrap_or(false);
    if col > 0 {
        return Ok(match keys.get(col as usize - 1) {
            Some(k) => Datum::text(column_name(rt, table, *k)?),
            None => Datum::Null,
        });
    }
    let mut cols = Vec::new();
    for k in &keys {
        cols.push(column_name(rt, table, *k)?);
    }
    let ccx = rt.catalog_cx();
    let idx_name = match rt.cx.catalog.relation_by_oid(&ccx, oid)? {
        Some(r) => catalog::ddl::quote_identifier(&r.name),
        None => oid.to_string(),
    };
    let tab = relation_name(rt, table)?;
    let (cols, pred, am) = crate::index_maint::indexdef_columns(rt, oid, cols)?;
    Ok(Datum::text(format!(
        "CREATE {}INDEX {} ON {} USING {} ({}){}",
        if unique { "UNIQUE " } else { "" },
        idx_name,
        tab,
        am,
        cols.join(", "),
        pred.map(|p| format!(" WHERE {p}")).unwrap_or_default()
    )))
}

fn constraint_def(rt: &mut Runtime, oid: Oid) -> PgResult<Datum> {
    let Some(def) = schema::by_oid(schema::PG_CONSTRAINT) else {
        return Ok(Datum::Null);
    };
    let ccx = rt.catalog_cx();
    let rows = rt.cx.catalog.scan_catalog(&ccx, schema::PG_CONSTRAINT)?;
    let oid_idx = def.columns.len();
    let Some(row) = rows
        .into_iter()
        .find(|r| matches!(r.get(oid_idx), Some(Datum::Oid(o)) if *o == oid))
    else {
        return Ok(Datum::Null);
    };
    let rel = row_oid(def, &row, "conrelid").unwrap_or(0);
    let contype = match def.col("contype").and_then(|i| row.get(i)) {
        Some(Datum::Char(c)) => *c,
        Some(d) => d.as_str().and_then(|s| s.bytes().next()).unwrap_or(b'?'),
        None => b'?',
    };
    let mut cols = Vec::new();
    for k in int2_list(def.col("conkey").and_then(|i| row.get(i))) {
        cols.push(column_name(rt, rel, k)?);
    }
    let s = match contype {
        b'p' => format!("PRIMARY KEY ({})", cols.join(", ")),
        b'u' => format!("UNIQUE ({})", cols.join(", ")),
        b'c' => {
            let src = row_text(def, &row, "consrc")
                .or_else(|| row_text(def, &row, "conbin"))
                .unwrap_or("");
            if src.starts_with('(') && src.ends_with(')') {
                format!("CHECK ({})", src)
            } else {
                format!("CHECK (({}))", src)
            }
        }
        b'f' => {
            let frel = row_oid(def, &row, "confrelid").unwrap_or(0);
            let mut fcols = Vec::new();
            for k in int2_list(def.col("confkey").and_then(|i| row.get(i))) {
                fcols.push(column_name(rt, frel, k)?);
            }
            let ch = |n: &str| match def.col(n).and_then(|i| row.get(i)) {
                Some(Datum::Char(c)) => *c,
                Some(d) => d.as_str().and_then(|s| s.bytes().next()).unwrap_or(b' '),
                None => b' ',
            };
            let flag =
                |n: &str| matches!(def.col(n).and_then(|i| row.get(i)), Some(Datum::Bool(true)));
            format!(
                "FOREIGN KEY ({}) REFERENCES {}({}){}",
                cols.join(", "),
                relation_name(rt, frel)?,
                fcols.join(", "),
                crate::ri::constraintdef_options(
                    ch("confmatchtype"),
                    ch("confupdtype"),
                    ch("confdeltype"),
                    (
                        flag("condeferrable"),
                        flag("condeferred"),
                        flag("convalidated")
                    )
                )
            )
        }
        _ => String::new(),
    };
    Ok(Datum::text(s))
}

/// Size in bytes of a relation's main fork (0 for relations without storage).
fn relation_bytes(rt: &mut Runtime, oid: Oid) -> PgResult<Option<i64>> {
    let ccx = rt.catalog_cx();
    let Some(rel) = rt.cx.catalog.relation_by_oid(&ccx, oid)? else {
        return Ok(None);
    };
    if matches!(rel.relkind, b'v' | b'c' | b'f' | b'p') {
        return Ok(Some(0));
    }
    let blocks = rt.cx.storage.nblocks(rel.file).unwrap_or(0);
    Ok(Some(blocks as i64 * 8192))
}

/// Total size of the indexes of table `oid`.
fn indexes_bytes(rt: &mut Runtime, oid: Oid) -> PgResult<i64> {
    let ccx = rt.catalog_cx();
    let rows = rt.cx.catalog.catalog_rows(&ccx, schema::PG_INDEX, |r| {
        r.oid("indrelid").unwrap_or(0) == oid
    })?;
    let mut total = 0;
    for r in rows {
        let idx = r.oid("indexrelid").unwrap_or(0);
        total += relation_bytes(rt, idx)?.unwrap_or(0);
    }
    Ok(total)
}

/// pg_database_size: the current database's relations (other databases: NULL, their
/// catalogs are not readable from this session).
fn database_bytes(rt: &mut Runtime, db: &Datum) -> PgResult<Datum> {
    let is_current = match db {
        Datum::Text(n) => n.as_str() == rt.cx.db_name,
        d => oid_arg(std::slice::from_ref(d), 0) == Some(rt.cx.db_oid),
    };
    if !is_current {
        return Ok(Datum::Null);
    }
    let ccx = rt.catalog_cx();
    let rows = rt
        .cx
        .catalog
        .catalog_rows(&ccx, schema::PG_CLASS, |_| true)?;
    let mut total = 0;
    for r in rows {
        total += relation_bytes(rt, r.row_oid())?.unwrap_or(0);
    }
    Ok(Datum::Int8(total))
}

/// pg_size_pretty(bigint): bytes below 10 kB, then kB/MB/GB/TB with half-up rounding.
pub fn size_pretty(size: i64) -> String {
    const LIMIT: i64 = 10 * 1024;
    const LIMIT2: i64 = LIMIT * 2 - 1;
    let half_rounded = |x: i64| (x + if x < 0 { -1 } else { 1 }) / 2;
    if size.abs() < LIMIT {
        return format!("{} bytes", size);
    }
    let mut s = size >> 9;
    if s.abs() < LIMIT2 {
        return format!("{} kB", half_rounded(s));
    }
    s >>= 10;
    if s.abs() < LIMIT2 {
        return format!("{} MB", half_rounded(s));
    }
    s >>= 10;
    if s.abs() < LIMIT2 {
        return format!("{} GB", half_rounded(s));
    }
    s >>= 10;
    format!("{} TB", half_rounded(s))
}

/// pg_get_viewdef: the view's stored SELECT text (pg_rewrite `_RETURN` rule), in
/// PostgreSQL's " SELECT ...;" shape (not pretty-printed).
fn view_def(rt: &mut Runtime, oid: Oid) -> PgResult<Datum> {
    let ccx = rt.catalog_cx();
    let rows = rt.cx.catalog.catalog_rows(&ccx, schema::PG_REWRITE, |r| {
        r.oid("ev_class").unwrap_or(0) == oid
            && r.text("rulename").map(|n| n == "_RETURN").unwrap_or(false)
    })?;
    let home_ns = match rt.cx.catalog.relation_by_oid(&ccx, oid)? {
        Some(rel) => rel.namespace_oid,
        None => catalog::oids::PG_CATALOG_NAMESPACE,
    };
    for r in rows {
        if let Ok(t) = r.text("ev_action") {
            let t = t.trim().trim_end_matches(';');
            let t = dump_names::qualify_view_text(rt, t, home_ns)?;
            return Ok(Datum::text(format!(" {};", t)));
        }
    }
    Ok(Datum::Null)
}

/// Text form of a reg* value (regclass → relation name, regtype → type name, ...).
pub fn reg_text(rt: &mut Runtime, typ: Oid, v: &Datum) -> PgResult<String> {
    let oid = match v {
        Datum::Oid(o) => *o,
        Datum::Int4(i) => *i as u32,
        Datum::Text(s) => return Ok(s.clone()),
        other => return types::io::output(typ, other, rt.cx.env),
    };
    let sp = rt.search_path()?;
    let ccx = rt.catalog_cx();
    analyzer::reg_io::reg_output(rt.cx.catalog, &ccx, &sp, typ, oid)
}

/// Input of reg* type `typ` from text at run time (`relname::regclass`).
pub fn reg_input(rt: &mut Runtime, typ: Oid, s: &str) -> PgResult<Datum> {
    let sp = rt.search_path()?;
    let ccx = rt.catalog_cx();
    let an = analyzer::Analyzer {
        catalog: rt.cx.catalog,
        ccx: &ccx,
        env: rt.cx.env,
        reg: analyzer::registry(),
        query: "",
        search_path: sp,
        param_types: Vec::new(),
        session_relations: rt.cx.session_relations,
    };
    Ok(Datum::Oid(an.reg_literal(typ, s)?))
}

/// True for reg* types and one-dimensional arrays of them (their text output needs names).
pub fn is_reg_or_reg_array(t: Oid) -> bool {
    analyzer::reg_io::is_catalog_reg_type(t)
        || types::array::array_elem_type(t).is_some_and(analyzer::reg_io::is_catalog_reg_type)
}

/// Result columns (index, type) whose values are catalog reg* OIDs (or arrays of them).
pub fn reg_columns(cols: &[(String, Oid, i32, Oid, i16)]) -> Vec<(usize, Oid)> {
    cols.iter()
        .enumerate()
        .filter(|(_, c)| is_reg_or_reg_array(c.1))
        .map(|(i, c)| (i, c.1))
        .collect()
}

/// Replace the reg* values of a result row by their names (`Datum::Text`); a reg* array
/// becomes its whole text form (`{integer,"double precision"}`).
pub fn name_reg_values(rt: &mut Runtime, cols: &[(usize, Oid)], row: &mut [Datum]) -> PgResult<()> {
    for &(i, t) in cols {
        match row.get(i) {
            Some(v @ (Datum::Oid(_) | Datum::Int4(_))) => {
                let s = reg_text(rt, t, v)?;
                row[i] = Datum::text(s);
            }
            Some(Datum::Array(a)) if a.dims.len() <= 1 => {
                let elem = a.elem_type;
                let mut out = String::from("{");
                for (k, e) in a.elems.iter().enumerate() {
                    if k > 0 {
                        out.push(',');
                    }
                    match e {
                        Datum::Null => out.push_str("NULL"),
                        e => push_array_item(&mut out, &reg_text(rt, elem, e)?),
                    }
                }
                out.push('}');
                row[i] = Datum::text(out);
            }
            _ => {}
        }
    }
    Ok(())
}

/// Append one array element's text, quoted as array_out quotes it.
fn push_array_item(out: &mut String, s: &str) {
    let needs_quotes = s.is_empty()
        || s.eq_ignore_ascii_case("NULL")
        || s.chars()
            .any(|c| matches!(c, '{' | '}' | ',' | '"' | '\\') || c.is_ascii_whitespace());
    if !needs_quotes {
        out.push_str(s);
        return;
    }
    out.push('"');
    for c in s.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings() {
        assert_eq!(encoding_name(6), "UTF8");
        assert_eq!(encoding_name(0), "SQL_ASCII");
        assert_eq!(encoding_name(-1), "");
        assert_eq!(encoding_name(1000), "");
    }

    #[test]
    fn pretty_sizes() {
        assert_eq!(size_pretty(0), "0 bytes");
        assert_eq!(size_pretty(10239), "10239 bytes");
        assert_eq!(size_pretty(10240), "10 kB");
        assert_eq!(size_pretty(8192 * 2), "16 kB");
        assert_eq!(size_pretty(20 * 1024 * 1024), "20 MB");
        assert_eq!(size_pretty(7_500_000), "7324 kB");
        assert_eq!(size_pretty(-10240), "-10 kB");
    }
}
