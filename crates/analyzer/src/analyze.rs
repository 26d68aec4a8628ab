//! Statement and expression analysis: FROM-clause range tables and namespaces, column
//! resolution, target lists, grouping, ordering, set operations, VALUES, sub-links, and the
//! DML statements (INSERT/UPDATE/DELETE with RETURNING).

use crate::coerce::{self, tname, Ctx, Pick};
use crate::expr::*;
use crate::query::*;
use crate::registry::{Candidate, FuncImpl, Registry};
use catalog::{Catalog, CatalogCx, RelationInfo};
use common::{pg_err, Oid, PgError, PgResult};
use parser::ast;
use std::cell::Cell;
use std::sync::Arc;
use types::oids::*;
use types::{Datum, SessionEnv};

mod on_conflict;
mod recursive;
mod window;

/// Everything analysis needs from the session.
pub struct Analyzer<'a> {
    pub catalog: &'a Catalog,
    pub ccx: &'a CatalogCx<'a>,
    pub env: &'a SessionEnv,
    pub reg: &'a Registry,
    /// The full query text (for error positions).
    pub query: &'a str,
    /// Effective search path (namespace OIDs; pg_catalog included).
    pub search_path: Vec<Oid>,
    pub param_types: Vec<Oid>,
    /// Session-local system views (pg_prepared_statements, pg_cursors), if any.
    pub session_relations: Option<&'a dyn SessionRelations>,
}

/// What the session offers beyond the catalogs: relations whose rows live in the server's
/// memory (each offered as the text of a query producing its rows), and signals to other
/// backends.
pub trait SessionRelations {
    /// The defining query of session view `name`, or None when it is not one.
    fn definition(&self, name: &str) -> Option<String>;
    /// Cancel the running statement of backend `pid` (or end its session when `terminate`);
    /// None when no such backend exists.
    fn signal_backend(&self, _pid: i32, _terminate: bool) -> Option<()> {
        None
    }
}

/// A namespace item: something column names resolve against.
#[derive(Clone, Debug)]
struct NsItem {
    alias: Option<String>,
    schema: Option<String>,
    cols: Vec<(String, Expr)>,
    rel_visible: bool,
    cols_visible: bool,
    /// For column origin reporting: (table oid, first attnum offset) when a plain table.
    table_oid: Oid,
    /// The hidden `oid` system column (tables WITH OIDS): its expression.
    sys_oid: Option<Expr>,
}

#[derive(Clone)]
struct Cte<'s> {
    name: String,
    columns: Vec<String>,
    query: &'s ast::Statement,
    /// Declared in WITH RECURSIVE (may refer to itself).
    recursive: bool,
    /// Position of the CTE's name.
    location: i32,
}

/// One query level during analysis.
struct Level<'p> {
    parent: Option<&'p Level<'p>>,
    rtable: Vec<Rte>,
    ns: Vec<NsItem>,
    width: usize,
    correlated: Cell<bool>,
    ctes: Vec<Cte<'p>>,
    /// The WINDOW clause of the SELECT being analysed at this level.
    windows: Vec<ast::WindowDef>,
    /// A level that only carries the WITH items a CTE's body may refer to (no columns).
    cte_scope: bool,
}

impl<'p> Level<'p> {
    fn new(parent: Option<&'p Level<'p>>) -> Level<'p> {
        Level {
            parent,
            rtable: Vec::new(),
            ns: Vec::new(),
            width: 0,
            correlated: Cell::new(false),
            ctes: Vec::new(),
            windows: Vec::new(),
            cte_scope: false,
        }
    }

    /// The WITH items visible inside the body of CTE `name` (found from this level): the
    /// items of enclosing levels, and of its own WITH those before it (all but itself for
    /// WITH RECURSIVE), as a column-less level to analyse the body under.
    fn cte_scope(&self, name: &str) -> Level<'p> {
        let mut ctes: Vec<Cte<'p>> = Vec::new();
        let mut found = false;
        let mut cur: Option<&Level<'p>> = Some(self);
        while let Some(l) = cur {
            match l.ctes.iter().position(|c| c.name == name) {
                Some(i) if !found => {
                    found = true;
                    let recursive = l.ctes[i].recursive;
                    for (j, c) in l.ctes.iter().enumerate() {
                        if j < i || (recursive && j != i) {
                            ctes.push(c.clone());
                        }
                    }
                }
                _ => ctes.extend(l.ctes.iter().cloned()),
            }
            cur = l.parent;
        }
        let mut scope = Level::new(None);
        scope.ctes = ctes;
        scope.cte_scope = true;
        scope
    }
    fn find_cte(&self, name: &str) -> Option<&Cte<'p>> {
        self.ctes
            .iter()
            .find(|c| c.name == name)
            .or_else(|| self.parent.and_then(|p| p.find_cte(name)))
    }
    fn column_name(&self, index: usize) -> String {
        for r in &self.rtable {
            if index >= r.offset && index < r.offset + r.width() {
                let c = r
                    .colnames
                    .get(index - r.offset)
                    .cloned()
                    .unwrap_or_default();
                return format!("{}.{}", r.alias, c);
            }
        }
        "?".into()
    }
}

/// Where an expression appears (for clause-specific errors).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Clause {
    Where,
    Target,
    Having,
    GroupBy,
    OrderBy,
    On,
    Limit,
    Values,
    Other,
}

impl Clause {
    fn aggs_ok(self) -> bool {
        matches!(self, Clause::Target | Clause::Having | Clause::OrderBy)
    }
    fn name(self) -> &'static str {
        match self {
            Clause::Where => "WHERE",
            Clause::GroupBy => "GROUP BY",
            Clause::On => "JOIN conditions",
            Clause::Limit => "LIMIT",
            Clause::Values => "VALUES",
            _ => "this context",
        }
    }
}

fn loc_err(e: PgError, query: &str, loc: i32) -> PgError {
    if loc >= 0 {
        e.at_byte_offset(query, loc as usize)
    } else {
        e
    }
}

/// `count(*)` (with an optional FILTER).
fn count_star(filter: Option<Box<Expr>>) -> Expr {
    Expr::new(
        ExprKind::Agg(Box::new(AggCall {
            kind: AggKind::CountStar,
            name: "count".into(),
            args: vec![],
            arg_type: 0,
            result_type: INT8,
            distinct: false,
            filter,
            order_by: vec![],
            over: None,
        })),
        INT8,
    )
}

fn strip_locs(e: &mut Expr) {
    if let ExprKind::Column { loc, .. } = &mut e.kind {
        *loc = -1;
    }
    for c in e.children_mut() {
        strip_locs(c);
    }
}

/// Structural equality ignoring source locations.
pub fn same_expr(a: &Expr, b: &Expr) -> bool {
    let mut a = a.clone();
    let mut b = b.clone();
    strip_locs(&mut a);
    strip_locs(&mut b);
    a == b
}

fn raise_level(e: &mut Expr, by: u32) {
    if let ExprKind::Column { level, .. } = &mut e.kind {
        *level += by;
    }
    for c in e.children_mut() {
        raise_level(c, by);
    }
}

/// FigureColname: the result column name PostgreSQL gives an expression.
pub fn figure_colname(e: &ast::Expr) -> String {
    figure(e)
        .map(|(n, _)| n)
        .unwrap_or_else(|| "?column?".into())
}

fn figure(e: &ast::Expr) -> Option<(String, u8)> {
    use ast::Expr as E;
    match e {
        E::ColumnRef { fields, .. } => fields.last().map(|f| (f.clone(), 2)),
        E::Func(f) => Some((f.name.name.clone(), 2)),
        E::Cast {
            expr, type_name, ..
        } => match figure(expr) {
            Some((n, 2)) => Some((n, 2)),
            _ => {
                let n = &type_name.name.name;
                let n = match n.as_str() {
                    "bpchar" => "bpchar".to_string(),
                    _ => n.clone(),
                };
                Some((n, 1))
            }
        },
        E::Case { else_result, .. } => {
            if let Some(e) = else_result {
                if let Some((n, 2)) = figure(e) {
                    return Some((n, 2));
                }
            }
            Some(("case".into(), 1))
        }
        E::Coalesce(..) => Some(("coalesce".into(), 2)),
        E::NullIf(..) => Some(("nullif".into(), 2)),
        E::MinMax { greatest, .. } => {
            Some((if *greatest { "greatest" } else { "least" }.into(), 2))
        }
        E::Array(..) | E::ArraySubquery { .. } => Some(("array".into(), 2)),
        E::Row(..) => Some(("row".into(), 2)),
        E::Exists { .. } => Some(("exists".into(), 2)),
        E::Grouping(..) => Some(("grouping".into(), 2)),
        E::ScalarSubquery { subquery, .. } => {
            if let ast::SetExpr::Select(core) = &subquery.body {
                if let Some(ast::SelectTarget::Expr { expr, alias, .. }) = core.targets.first() {
                    if let Some(a) = alias {
                        return Some((a.clone(), 2));
                    }
                    return figure(expr);
                }
            }
            None
        }
        E::SqlValueFunction { kind, .. } => {
            use ast::SqlValueFunctionKind as K;
            let n = match kind {
                K::CurrentDate => "current_date",
                K::CurrentTime => "current_time",
                K::CurrentTimestamp => "current_timestamp",
                K::LocalTime => "localtime",
                K::LocalTimestamp => "localtimestamp",
                K::CurrentRole => "current_role",
                K::CurrentUser => "current_user",
                K::SessionUser => "session_user",
                K::User => "current_user",
                K::CurrentCatalog => "current_catalog",
                K::CurrentSchema => "current_schema",
            };
            Some((n.into(), 2))
        }
        E::Indirection { expr, path, .. } => {
            for p in path.iter().rev() {
                if let ast::IndirectionItem::Field(f) = p {
                    return Some((f.clone(), 2));
                }
            }
            figure(expr)
        }
        E::Nested(e, _) | E::Collate { expr: e, .. } => figure(e),
        E::AtTimeZone { .. } => Some(("timezone".into(), 2)),
        _ => None,
    }
}

fn like_op(kind: ast::LikeKind, negated: bool) -> &'static str {
    match (kind, negated) {
        (ast::LikeKind::Like, false) => "~~",
        (ast::LikeKind::Like, true) => "!~~",
        (ast::LikeKind::ILike, false) => "~~*",
        (ast::LikeKind::ILike, true) => "!~~*",
        (ast::LikeKind::Similar, false) => "~",
        (ast::LikeKind::Similar, true) => "!~",
    }
}

impl<'a> Analyzer<'a> {
    fn err_at(&self, e: PgError, loc: i32) -> PgError {
        loc_err(e, self.query, loc)
    }

    // ------------------------------------------------------------------ names

    /// Find a relation by (possibly qualified) name through the search path.
    pub fn lookup_relation(&self, name: &ast::QualifiedName) -> PgResult<Arc<RelationInfo>> {
        if let Some(schema) = &name.schema {
            let ns = self.catalog.namespace_oid(self.ccx, schema)?;
            let ns = match ns {
                Some(n) => n,
                None => {
                    return Err(self.err_at(
                        pg_err!(INVALID_SCHEMA_NAME, "schema \"{}\" does not exist", schema),
                        name.location,
                    ))
                }
            };
            if let Some(r) = self.catalog.relation_by_name(self.ccx, ns, &name.name)? {
                return Ok(r);
            }
            return Err(self.err_at(
                pg_err!(
                    UNDEFINED_TABLE,
                    "relation \"{}.{}\" does not exist",
                    schema,
                    name.name
                ),
                name.location,
            ));
        }
        for &ns in &self.search_path {
            if let Some(r) = self.catalog.relation_by_name(self.ccx, ns, &name.name)? {
                return Ok(r);
            }
        }
        Err(self.err_at(
            pg_err!(UNDEFINED_TABLE, "relation \"{}\" does not exist", name.name),
            name.location,
        ))
    }

    /// Resolve a type name to (type OID, typmod).
    pub fn resolve_type_name(&self, tn: &ast::TypeName) -> PgResult<(Oid, i32)> {
        let raw = tn.name.name.as_str();
        let name = match raw {
            "integer" | "int" => "int4",
            "smallint" => "int2",
            "bigint" => "int8",
            "boolean" => "bool",
            "real" => "float4",
            "float" | "double precision" => "float8",
            "decimal" => "numeric",
            "character varying" => "varchar",
            "character" => "bpchar",
            "timestamp with time zone" => "timestamptz",
            "timestamp without time zone" => "timestamp",
            "time with time zone" => "timetz",
            "time without time zone" => "time",
            n => n,
        };
        let base = match types::typeinfo::type_by_name(name) {
            Some(t)
                if tn.name.schema.is_none() || tn.name.schema.as_deref() == Some("pg_catalog") =>
            {
                t.oid
            }
            _ => {
                let mut found = None;
                let nss: Vec<Oid> = match &tn.name.schema {
                    Some(s) => self
                        .catalog
                        .namespace_oid(self.ccx, s)?
                        .into_iter()
                        .collect(),
                    None => self.search_path.clone(),
                };
                for ns in nss {
                    if let Some(t) = self.catalog.type_by_name(self.ccx, ns, name)? {
                        found = Some(t.oid);
                        break;
                    }
                }
                match found {
                    Some(o) => o,
                    None => {
                        let shown = match &tn.name.schema {
                            Some(s) => format!("{}.{}", s, raw),
                            None => raw.to_string(),
                        };
                        return Err(self.err_at(
                            pg_err!(UNDEFINED_OBJECT, "type \"{}\" does not exist", shown),
                            tn.location,
                        ));
                    }
                }
            }
        };
        let mut mods = Vec::new();
        for m in &tn.modifiers {
            match m {
                ast::Expr::Literal {
                    value: ast::Literal::Integer(i),
                    ..
                } => mods.push(*i),
                other => {
                    return Err(self.err_at(
                        pg_err!(
                            SYNTAX_ERROR,
                            "type modifiers must be simple constants or identifiers"
                        ),
                        other.location(),
                    ))
                }
            }
        }
        let typmod = self.typmod_for(base, &mods, &tn.interval_fields, tn.location)?;
        let mut oid = base;
        if !tn.array_bounds.is_empty() {
            oid = match types::typeinfo::array_type_of(base) {
                Some(a) => a,
                None => {
                    return Err(self.err_at(
                        pg_err!(
                            UNDEFINED_OBJECT,
                            "could not find array type for data type {}",
                            tname(base)
                        ),
                        tn.location,
                    ))
                }
            };
        }
        Ok((oid, typmod))
    }

    fn typmod_for(&self, t: Oid, mods: &[i64], fields: &[String], loc: i32) -> PgResult<i32> {
        let e = |e: PgError| loc_err(e, self.query, loc);
        match t {
            VARCHAR | BPCHAR => {
                if mods.is_empty() {
                    return Ok(-1);
                }
                if mods.len() > 1 {
                    return Err(e(pg_err!(INVALID_PARAMETER_VALUE, "invalid type modifier")));
                }
                let n = mods[0];
                let tn = if t == VARCHAR { "varchar" } else { "char" };
                if n < 1 {
                    return Err(e(pg_err!(
                        INVALID_PARAMETER_VALUE,
                        "length for type {} must be at least 1",
                        tn
                    )));
                }
                if n > 10_485_760 {
                    return Err(e(pg_err!(
                        INVALID_PARAMETER_VALUE,
                        "length for type {} cannot exceed 10485760",
                        tn
                    )));
                }
                Ok(n as i32 + 4)
            }
            NUMERIC => {
                if mods.is_empty() {
                    return Ok(-1);
                }
                if mods.len() > 2 {
                    return Err(e(pg_err!(
                        INVALID_PARAMETER_VALUE,
                        "invalid NUMERIC type modifier"
                    )));
                }
                let p = mods[0];
                let s = mods.get(1).copied().unwrap_or(0);
                if !(1..=1000).contains(&p) {
                    return Err(e(pg_err!(
                        INVALID_PARAMETER_VALUE,
                        "NUMERIC precision {} must be between 1 and 1000",
                        p
                    )));
                }
                if s < 0 || s > p {
                    return Err(e(pg_err!(
                        INVALID_PARAMETER_VALUE,
                        "NUMERIC scale {} must be between 0 and precision {}",
                        s,
                        p
                    )));
                }
                Ok((((p << 16) | s) + 4) as i32)
            }
            TIME | TIMETZ | TIMESTAMP | TIMESTAMPTZ => {
                if mods.is_empty() {
                    return Ok(-1);
                }
                let name = match t {
                    TIME => "TIME",
                    TIMETZ => "TIME(%d) WITH TIME ZONE",
                    TIMESTAMP => "TIMESTAMP",
                    _ => "TIMESTAMP(%d) WITH TIME ZONE",
                };
                let p = mods[0];
                let label = if name.contains("%d") {
                    name.replace("%d", &p.to_string())
                } else {
                    format!("{}({})", name, p)
                };
                if p < 0 {
                    return Err(e(pg_err!(
                        INVALID_PARAMETER_VALUE,
                        "{} precision must not be negative",
                        label
                    )));
                }
                if p > 6 {
                    return Ok(6);
                }
                Ok(p as i32)
            }
            INTERVAL => {
                const YEAR: i32 = 1 << 2;
                const MONTH: i32 = 1 << 1;
                const DAY: i32 = 1 << 3;
                const HOUR: i32 = 1 << 10;
                const MINUTE: i32 = 1 << 11;
                const SECOND: i32 = 1 << 12;
                if mods.is_empty() && fields.is_empty() {
                    return Ok(-1);
                }
                let bit = |f: &str| match f {
                    "year" => YEAR,
                    "month" => MONTH,
                    "day" => DAY,
                    "hour" => HOUR,
                    "minute" => MINUTE,
                    _ => SECOND,
                };
                let range = match fields {
                    [] => 0x7FFF,
                    [a] => bit(a),
                    [a, b] => {
                        // a TO b: every field from a down to b.
                        let order = [YEAR, MONTH, DAY, HOUR, MINUTE, SECOND];
                        let ia = order.iter().position(|&x| x == bit(a)).unwrap_or(0);
                        let ib = order.iter().position(|&x| x == bit(b)).unwrap_or(5);
                        order[ia..=ib.max(ia)].iter().fold(0, |acc, x| acc | x)
                    }
                    _ => 0x7FFF,
                };
                let prec = match mods.first() {
                    None => 0xFFFF,
                    Some(&p) if p < 0 => {
                        return Err(e(pg_err!(
                            INVALID_PARAMETER_VALUE,
                            "INTERVAL({}) precision must not be negative",
                            p
                        )))
                    }
                    Some(&p) => p.min(6) as i32,
                };
                Ok(((range & 0x7FFF) << 16) | (prec & 0xFFFF))
            }
            BIT | VARBIT => {
                if mods.is_empty() {
                    return Ok(if t == BIT { 1 } else { -1 });
                }
                let n = mods[0];
                if n < 1 {
                    return Err(e(pg_err!(
                        INVALID_PARAMETER_VALUE,
                        "length for type {} must be at least 1",
                        if t == BIT { "bit" } else { "varbit" }
                    )));
                }
                Ok(n as i32)
            }
            _ => {
                if mods.is_empty() {
                    Ok(-1)
                } else {
                    Err(e(pg_err!(
                        SYNTAX_ERROR,
                        "type modifier is not allowed for type \"{}\"",
                        types::type_info(t).map(|i| i.name).unwrap_or("?")
                    )))
                }
            }
        }
    }

    // ------------------------------------------------------------------ statements

    /// Analyze a top-level statement (SELECT/VALUES/INSERT/UPDATE/DELETE).
    pub fn analyze(&self, stmt: &ast::Statement) -> PgResult<Query> {
        match stmt {
            ast::Statement::Select(s) => self.select(None, s, true),
            ast::Statement::Insert(s) => self.insert(s),
            ast::Statement::Update(s) => self.update(s),
            ast::Statement::Delete(s) => self.delete(s),
            _ => Err(pg_err!(
                FEATURE_NOT_SUPPORTED,
                "statement is not supported by the query analyzer"
            )),
        }
    }

    fn select<'p>(
        &self,
        parent: Option<&'p Level<'p>>,
        s: &'p ast::SelectStmt,
        resolve_unknowns: bool,
    ) -> PgResult<Query> {
        // Flatten `(SELECT ...)` without its own ORDER BY/LIMIT.
        if let ast::SetExpr::Nested(inner) = &s.body {
            if s.order_by.is_empty() && s.limit.is_none() && s.offset.is_none() && s.with.is_none()
            {
                return self.select(parent, inner, resolve_unknowns);
            }
        }
        let mut lv = Level::new(parent);
        if let Some(w) = &s.with {
            for c in &w.ctes {
                lv.ctes.push(Cte {
                    name: c.name.clone(),
                    columns: c.columns.clone(),
                    query: &c.query,
                    recursive: w.recursive,
                    location: c.location,
                });
            }
        }
        let mut q = match &s.body {
            ast::SetExpr::Select(core) => self.select_core(&mut lv, core, &s.order_by)?,
            ast::SetExpr::Values(rows) => {
                let vq = self.values(&lv, rows, None)?;
                self.wrap_subquery(&mut lv, vq, "*VALUES*")
            }
            ast::SetExpr::SetOp { .. } => {
                let sq = self.setop_query(&lv, &s.body)?;
                self.wrap_setop(&mut lv, sq)
            }
            ast::SetExpr::Nested(inner) => {
                let iq = self.select(Some(&lv), inner, false)?;
                self.wrap_subquery(&mut lv, iq, "*SELECT*")
            }
        };
        if !matches!(s.body, ast::SetExpr::Select(_)) {
            self.order_by(&lv, &mut q, &s.order_by, false)?;
        }
        if let Some(lc) = s.locking.first() {
            let what = match lc.strength {
                ast::LockStrength::Update => "FOR UPDATE",
                ast::LockStrength::NoKeyUpdate => "FOR NO KEY UPDATE",
                ast::LockStrength::Share => "FOR SHARE",
                ast::LockStrength::KeyShare => "FOR KEY SHARE",
            };
            let why = if q.setop.is_some() {
                Some("UNION/INTERSECT/EXCEPT")
            } else if !q.group_by.is_empty() {
                Some("GROUP BY clause")
            } else if q.having.is_some() {
                Some("HAVING clause")
            } else if !q.aggs.is_empty() {
                Some("aggregate functions")
            } else if q.distinct != Distinct::None {
                Some("DISTINCT clause")
            } else {
                None
            };
            if let Some(w) = why {
                return Err(pg_err!(
                    FEATURE_NOT_SUPPORTED,
                    "{} is not allowed with {}",
                    what,
                    w
                ));
            }
            for lc in &s.locking {
                self.add_row_marks(&lv, &mut q, lc, what)?;
            }
        }
        if let Some(l) = &s.limit {
            q.limit = Some(self.limit_expr(&lv, l, "LIMIT")?);
        }
        if let Some(o) = &s.offset {
            q.offset = Some(self.limit_expr(&lv, o, "OFFSET")?);
        }
        if resolve_unknowns {
            for t in q.targets.iter_mut() {
                if t.expr.typ == UNKNOWN {
                    let e = std::mem::replace(&mut t.expr, Expr::null(UNKNOWN));
                    t.expr = coerce::coerce(self.reg, self.env, e, TEXT, -1, Ctx::Implicit, false)?
                        .unwrap_or_else(|| Expr::null(TEXT));
                }
            }
        }
        q.rtable = std::mem::take(&mut lv.rtable);
        q.width = lv.width;
        q.has_outer_refs = lv.correlated.get();
        Ok(q)
    }

    /// FOR UPDATE/SHARE [OF tables]: lock the rows of the named base relations (all of them
    /// when none is named) through a junk ctid target each.
    fn add_row_marks(
        &self,
        lv: &Level,
        q: &mut Query,
        lc: &ast::LockingClause,
        what: &str,
    ) -> PgResult<()> {
        let mut chosen: Vec<usize> = Vec::new();
        if lc.tables.is_empty() {
            chosen.extend(
                lv.rtable
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| matches!(r.kind, RteKind::Relation(_)))
                    .map(|(i, _)| i),
            );
        } else {
            for t in &lc.tables {
                let found = lv.rtable.iter().position(|r| r.alias == t.name);
                match found {
                    Some(i) if matches!(lv.rtable[i].kind, RteKind::Relation(_)) => chosen.push(i),
                    Some(_) => {
                        return Err(pg_err!(
                            FEATURE_NOT_SUPPORTED,
                            "{} cannot be applied to a subquery, function or VALUES",
                            what
                        ))
                    }
                    None => {
                        return Err(pg_err!(
                            UNDEFINED_TABLE,
                            "relation \"{}\" in {} clause not found in FROM clause",
                            t.name,
                            what
                        ))
                    }
                }
            }
        }
        for i in chosen {
            let r = &lv.rtable[i];
            let RteKind::Relation(rel) = &r.kind else {
                continue;
            };
            if q.row_marks.iter().any(|m| m.offset == r.offset) {
                continue;
            }
            if rel.relkind != b'r' && rel.relkind != b'p' {
                return Err(pg_err!(
                    WRONG_OBJECT_TYPE,
                    "cannot lock rows in {} \"{}\"",
                    if rel.relkind == b'v' {
                        "view"
                    } else {
                        "relation"
                    },
                    rel.name
                ));
            }
            q.targets.push(Target {
                expr: Expr::column(r.offset + r.colnames.len(), TID, -1),
                name: "ctid".into(),
                junk: true,
                table_oid: 0,
                attnum: 0,
            });
            q.row_marks.push(RowMark {
                rel: rel.clone(),
                ctid_target: q.targets.len() - 1,
                offset: r.offset,
                strength: lc.strength,
                wait: lc.wait,
            });
        }
        Ok(())
    }

    fn limit_expr(&self, lv: &Level, e: &ast::Expr, what: &str) -> PgResult<Expr> {
        let empty = Level::new(lv.parent);
        let x = self.expr(&empty, e, Clause::Limit)?;
        if x.contains_agg() {
            return Err(self.err_at(
                pg_err!(
                    GROUPING_ERROR,
                    "aggregate functions are not allowed in {}",
                    what
                ),
                e.location(),
            ));
        }
        let t = x.typ;
        coerce::coerce(self.reg, self.env, x, INT8, -1, Ctx::Implicit, false)?.ok_or_else(|| {
            self.err_at(
                pg_err!(
                    DATATYPE_MISMATCH,
                    "argument of {} must be type bigint, not type {}",
                    what,
                    tname(t)
                ),
                e.location(),
            )
        })
    }

    /// Make `q` a subquery RTE of `lv` and return a query selecting all its columns.
    fn wrap_subquery(&self, lv: &mut Level, q: Query, alias: &str) -> Query {
        let names: Vec<String> = q.visible_targets().map(|t| t.name.clone()).collect();
        let tys: Vec<(Oid, i32)> = q
            .visible_targets()
            .map(|t| (t.expr.typ, t.expr.typmod))
            .collect();
        let idx = self.add_rte(
            lv,
            RteKind::Subquery(Box::new(q)),
            alias.to_string(),
            names.clone(),
            tys.clone(),
            false,
        );
        let off = lv.rtable[idx].offset;
        let mut out = Query::empty(CmdType::Select);
        out.from.push(FromItem::Rte(idx));
        for (i, (n, (t, m))) in names.into_iter().zip(tys).enumerate() {
            out.targets.push(Target {
                expr: Expr::column(off + i, t, m),
                name: n,
                junk: false,
                table_oid: 0,
                attnum: 0,
            });
        }
        out
    }

    fn wrap_setop(&self, lv: &mut Level, tree: (SetOpTree, Vec<String>)) -> Query {
        let (tree, names) = tree;
        let types = match &tree {
            SetOpTree::Op { types, .. } => types.clone(),
            SetOpTree::Leaf(q) => q
                .visible_targets()
                .map(|t| (t.expr.typ, t.expr.typmod))
                .collect(),
        };
        let mut q = Query::empty(CmdType::Select);
        q.setop = Some(tree);
        let mut cols = Vec::new();
        for (i, (n, (t, m))) in names.iter().zip(types.iter()).enumerate() {
            let e = Expr::column(i, *t, *m);
            cols.push((n.clone(), e.clone()));
            q.targets.push(Target {
                expr: e,
                name: n.clone(),
                junk: false,
                table_oid: 0,
                attnum: 0,
            });
        }
        lv.width = names.len();
        lv.ns.push(NsItem {
            alias: None,
            schema: None,
            cols,
            rel_visible: false,
            cols_visible: true,
            table_oid: 0,
            sys_oid: None,
        });
        q
    }

    fn add_rte(
        &self,
        lv: &mut Level,
        kind: RteKind,
        alias: String,
        colnames: Vec<String>,
        coltypes: Vec<(Oid, i32)>,
        _lateral: bool,
    ) -> usize {
        let r = Rte {
            kind,
            alias,
            colnames,
            coltypes,
            offset: lv.width,
        };
        lv.width += r.width();
        lv.rtable.push(r);
        lv.rtable.len() - 1
    }

    fn setop_query<'p>(
        &self,
        lv: &'p Level<'p>,
        body: &'p ast::SetExpr,
    ) -> PgResult<(SetOpTree, Vec<String>)> {
        match body {
            ast::SetExpr::SetOp {
                op,
                all,
                left,
                right,
            } => {
                let (mut l, lnames) = self.setop_query(lv, left)?;
                let (mut r, _) = self.setop_query(lv, right)?;
                let lt = setop_types(&l);
                let rt = setop_types(&r);
                let opname = match op {
                    ast::SetOpKind::Union => "UNION",
                    ast::SetOpKind::Intersect => "INTERSECT",
                    ast::SetOpKind::Except => "EXCEPT",
                };
                if lt.len() != rt.len() {
                    return Err(pg_err!(
                        SYNTAX_ERROR,
                        "each {} query must have the same number of columns",
                        opname
                    ));
                }
                let mut types = Vec::new();
                for (a, b) in lt.iter().zip(rt.iter()) {
                    let t = coerce::select_common_type(
                        self.reg,
                        &[a.0, b.0],
                        opname,
                        &[-1, -1],
                        self.query,
                    )?;
                    let m = if a.0 == b.0 && a.1 == b.1 { a.1 } else { -1 };
                    types.push((t, m));
                }
                self.coerce_setop(&mut l, &types)?;
                self.coerce_setop(&mut r, &types)?;
                Ok((
                    SetOpTree::Op {
                        op: *op,
                        all: *all,
                        left: Box::new(l),
                        right: Box::new(r),
                        types,
                        recursive: None,
                    },
                    lnames,
                ))
            }
            ast::SetExpr::Select(core) => {
                let stmt = ast::SelectStmt {
                    with: None,
                    body: ast::SetExpr::Select(core.clone()),
                    order_by: vec![],
                    limit: None,
                    offset: None,
                    locking: vec![],
                };
                let q = self.select_owned(lv, stmt)?;
                let names = q.visible_targets().map(|t| t.name.clone()).collect();
                Ok((SetOpTree::Leaf(Box::new(q)), names))
            }
            ast::SetExpr::Values(rows) => {
                let q = self.values(lv, rows, None)?;
                let names = q.visible_targets().map(|t| t.name.clone()).collect();
                Ok((SetOpTree::Leaf(Box::new(q)), names))
            }
            ast::SetExpr::Nested(s) => {
                let q = self.select(Some(lv), s, false)?;
                let names = q.visible_targets().map(|t| t.name.clone()).collect();
                Ok((SetOpTree::Leaf(Box::new(q)), names))
            }
        }
    }

    fn select_owned<'p>(&self, lv: &'p Level<'p>, stmt: ast::SelectStmt) -> PgResult<Query> {
        // The statement is owned here, so analysis must not keep references to it.
        let s = Box::new(stmt);
        let r = self.select_tmp(lv, &s);
        drop(s);
        r
    }

    fn select_tmp(&self, lv: &Level, s: &ast::SelectStmt) -> PgResult<Query> {
        let parent: Option<&Level> = Some(lv);
        // SAFETY-free approach: analyze with a fresh level whose parent is lv.
        let mut child = Level::new(parent);
        let mut q = match &s.body {
            ast::SetExpr::Select(core) => self.select_core(&mut child, core, &[])?,
            _ => return Err(PgError::internal("unexpected set-operation leaf")),
        };
        q.rtable = std::mem::take(&mut child.rtable);
        q.width = child.width;
        q.has_outer_refs = child.correlated.get();
        Ok(q)
    }

    fn coerce_setop(&self, t: &mut SetOpTree, types: &[(Oid, i32)]) -> PgResult<()> {
        match t {
            SetOpTree::Leaf(q) => {
                for (i, tg) in q.targets.iter_mut().filter(|t| !t.junk).enumerate() {
                    if let Some(&(ty, m)) = types.get(i) {
                        if tg.expr.typ != ty || (m != tg.expr.typmod) {
                            let e = std::mem::replace(&mut tg.expr, Expr::null(ty));
                            let src = e.typ;
                            let mut ne = coerce::coerce(
                                self.reg,
                                self.env,
                                e,
                                ty,
                                -1,
                                Ctx::Implicit,
                                false,
                            )?
                            .ok_or_else(|| {
                                pg_err!(
                                    DATATYPE_MISMATCH,
                                    "UNION types {} and {} cannot be matched",
                                    tname(src),
                                    tname(ty)
                                )
                            })?;
                            ne.typmod = m;
                            tg.expr = ne;
                        }
                    }
                }
                Ok(())
            }
            SetOpTree::Op {
                left,
                right,
                types: mine,
                ..
            } => {
                *mine = types.to_vec();
                self.coerce_setop(left, types)?;
                self.coerce_setop(right, types)
            }
        }
    }

    /// VALUES lists as a query (columns column1..N), optionally coerced to `target_types`.
    fn values(
        &self,
        lv: &Level,
        rows: &[Vec<ast::Expr>],
        target_types: Option<&[(Oid, i32)]>,
    ) -> PgResult<Query> {
        let mut child = Level::new(lv.parent);
        let mut arows: Vec<Vec<Expr>> = Vec::new();
        let ncols = rows.first().map(|r| r.len()).unwrap_or(0);
        for r in rows {
            if r.len() != ncols {
                let loc = r.first().map(|e| e.location()).unwrap_or(-1);
                return Err(self.err_at(
                    pg_err!(SYNTAX_ERROR, "VALUES lists must all be the same length"),
                    loc,
                ));
            }
            let mut ar = Vec::new();
            for e in r {
                ar.push(self.expr(&child, e, Clause::Values)?);
            }
            arows.push(ar);
        }
        let mut coltypes = Vec::new();
        for c in 0..ncols {
            let (t, m) = match target_types {
                Some(tt) => tt[c],
                None => {
                    let tys: Vec<Oid> = arows.iter().map(|r| r[c].typ).collect();
                    let locs: Vec<i32> = rows.iter().map(|r| r[c].location()).collect();
                    let t =
                        coerce::select_common_type(self.reg, &tys, "VALUES", &locs, self.query)?;
                    let m0 = arows[0][c].typmod;
                    let m = if arows.iter().all(|r| r[c].typ == t && r[c].typmod == m0) {
                        m0
                    } else {
                        -1
                    };
                    (t, m)
                }
            };
            for (ri, r) in arows.iter_mut().enumerate() {
                let e = std::mem::replace(&mut r[c], Expr::null(t));
                let src = e.typ;
                r[c] = coerce::coerce(self.reg, self.env, e, t, -1, Ctx::Implicit, false)?
                    .ok_or_else(|| {
                        self.err_at(
                            pg_err!(
                                DATATYPE_MISMATCH,
                                "VALUES types {} and {} cannot be matched",
                                tname(t),
                                tname(src)
                            ),
                            rows[ri][c].location(),
                        )
                    })?;
            }
            coltypes.push((t, m));
        }
        let names: Vec<String> = (1..=ncols).map(|i| format!("column{}", i)).collect();
        let idx = self.add_rte(
            &mut child,
            RteKind::Values(arows),
            "*VALUES*".into(),
            names.clone(),
            coltypes.clone(),
            false,
        );
        let mut q = Query::empty(CmdType::Select);
        q.from.push(FromItem::Rte(idx));
        for (i, (n, (t, m))) in names.into_iter().zip(coltypes).enumerate() {
            q.targets.push(Target {
                expr: Expr::column(i, t, m),
                name: n,
                junk: false,
                table_oid: 0,
                attnum: 0,
            });
        }
        q.rtable = child.rtable;
        q.width = child.width;
        q.has_outer_refs = child.correlated.get();
        Ok(q)
    }

    fn select_core<'p>(
        &self,
        lv: &mut Level<'p>,
        core: &ast::SelectCore,
        order_by: &[ast::SortBy],
    ) -> PgResult<Query> {
        if core.into.is_some() {
            return Err(pg_err!(
                FEATURE_NOT_SUPPORTED,
                "SELECT INTO is not supported yet"
            ));
        }
        lv.windows.clear();
        for (i, w) in core.windows.iter().enumerate() {
            let name = w.name.as_deref().unwrap_or("");
            if core.windows[..i]
                .iter()
                .any(|x| x.name.as_deref() == Some(name))
            {
                return Err(self.err_at(
                    pg_err!(WINDOWING_ERROR, "window \"{}\" is already defined", name),
                    w.location,
                ));
            }
            lv.windows.push(w.clone());
        }
        let mut q = Query::empty(CmdType::Select);
        for item in &core.from {
            let (fi, items) = self.analyze_from_item(lv, item)?;
            q.from.push(fi);
            lv.ns.extend(items);
        }
        if let Some(w) = &core.where_clause {
            q.where_qual = Some(self.bool_expr(lv, w, "WHERE", Clause::Where)?);
        }
        q.targets = self.target_list(lv, &core.targets)?;
        // Like PostgreSQL, resolve HAVING and ORDER BY before GROUP BY (this decides which
        // clause reports an ambiguous or unknown column first).
        let having = match &core.having {
            Some(h) => Some(self.bool_expr(lv, h, "HAVING", Clause::Having)?),
            None => None,
        };
        let distinct_all = matches!(&core.distinct, Some(v) if v.is_empty());
        self.order_by(lv, &mut q, order_by, distinct_all)?;
        // GROUP BY.
        let mut group_by: Vec<Expr> = Vec::new();
        for g in &core.group_by {
            match g {
                ast::GroupingItem::Expr(e) => {
                    let ge = self.group_expr(lv, &q, e)?;
                    if ge.contains_window() {
                        let loc = match e {
                            ast::Expr::Literal {
                                value: ast::Literal::Integer(n),
                                ..
                            } => match core.targets.get((*n as usize).saturating_sub(1)) {
                                Some(ast::SelectTarget::Expr { expr, .. }) => expr.location(),
                                _ => e.location(),
                            },
                            _ => e.location(),
                        };
                        return Err(self.err_at(
                            pg_err!(
                                WINDOWING_ERROR,
                                "window functions are not allowed in GROUP BY"
                            ),
                            loc,
                        ));
                    }
                    if !group_by.iter().any(|x| same_expr(x, &ge)) {
                        group_by.push(ge);
                    }
                }
                ast::GroupingItem::Empty => {}
                _ => {
                    return Err(pg_err!(
                        FEATURE_NOT_SUPPORTED,
                        "ROLLUP, CUBE and GROUPING SETS are not supported yet"
                    ))
                }
            }
        }
        if let Some(d) = &core.distinct {
            if d.is_empty() {
                q.distinct = Distinct::All;
            } else {
                let mut cols = Vec::new();
                for e in d {
                    cols.push(self.find_or_add_target(lv, &mut q, e, false, Clause::OrderBy)?);
                }
                // ORDER BY must start with the DISTINCT ON expressions (in any order); none
                // may appear after the first other sort key.
                let mut past_prefix = false;
                for k in &q.sort {
                    let in_distinct = cols.contains(&k.col);
                    if past_prefix && in_distinct {
                        let at = cols.iter().position(|c| *c == k.col).unwrap_or(0);
                        return Err(self.err_at(
                            pg_err!(
                                INVALID_COLUMN_REFERENCE,
                                "SELECT DISTINCT ON expressions must match initial ORDER BY expressions"
                            ),
                            d[at].location(),
                        ));
                    }
                    past_prefix |= !in_distinct;
                }
                if past_prefix {
                    // DISTINCT ON items missing from the ORDER BY prefix can't be added after it.
                    let prefix: Vec<usize> = q
                        .sort
                        .iter()
                        .map(|k| k.col)
                        .take_while(|c| cols.contains(c))
                        .collect();
                    if let Some(at) = cols.iter().position(|c| !prefix.contains(c)) {
                        return Err(self.err_at(
                            pg_err!(
                                INVALID_COLUMN_REFERENCE,
                                "SELECT DISTINCT ON expressions must match initial ORDER BY expressions"
                            ),
                            d[at].location(),
                        ));
                    }
                }
                q.distinct = Distinct::On(cols);
            }
        }
        let grouped = !group_by.is_empty()
            || having.is_some()
            || q.targets.iter().any(|t| t.expr.contains_agg());
        if grouped {
            q.grouped = true;
            let mut aggs = Vec::new();
            let ng = group_by.len();
            let mut gb_stripped = group_by.clone();
            for g in gb_stripped.iter_mut() {
                strip_locs(g);
            }
            for t in q.targets.iter_mut() {
                let e = std::mem::replace(&mut t.expr, Expr::null(UNKNOWN));
                t.expr = self.group_rewrite(lv, e, &gb_stripped, ng, &mut aggs)?;
            }
            if let Some(h) = having {
                q.having = Some(self.group_rewrite(lv, h, &gb_stripped, ng, &mut aggs)?);
            }
            q.group_by = group_by;
            q.aggs = aggs;
        }
        Ok(q)
    }

    fn group_rewrite(
        &self,
        lv: &Level,
        mut e: Expr,
        gb: &[Expr],
        ng: usize,
        aggs: &mut Vec<AggCall>,
    ) -> PgResult<Expr> {
        if !gb.is_empty() {
            let mut s = e.clone();
            strip_locs(&mut s);
            if let Some(i) = gb.iter().position(|g| *g == s) {
                return Ok(Expr::column(i, e.typ, e.typmod));
            }
        }
        match e.kind {
            ExprKind::Agg(a) if a.over.is_none() => {
                let typ = e.typ;
                let i = match aggs.iter().position(|x| *x == *a) {
                    Some(i) => i,
                    None => {
                        aggs.push(*a);
                        aggs.len() - 1
                    }
                };
                Ok(Expr::column(ng + i, typ, -1))
            }
            ExprKind::Column {
                level: 0, index, loc,
            } => Err(self.err_at(
                pg_err!(
                    GROUPING_ERROR,
                    "column \"{}\" must appear in the GROUP BY clause or be used in an aggregate function",
                    lv.column_name(index)
                ),
                loc,
            )),
            ExprKind::SubLink { ref mut query, .. } => {
                let mut used = Vec::new();
                query.outer_columns_used(1, &mut used);
                let mut map = std::collections::HashMap::new();
                for u in used {
                    let pos = gb.iter().position(|g| {
                        matches!(g.kind, ExprKind::Column { level: 0, index, .. } if index == u)
                    });
                    match pos {
                        Some(p) => {
                            map.insert(u, p);
                        }
                        None => {
                            return Err(pg_err!(
                                GROUPING_ERROR,
                                "subquery uses ungrouped column \"{}\" from outer query",
                                lv.column_name(u)
                            ))
                        }
                    }
                }
                query.map_outer_columns(1, &mut |i| map.get(&i).copied().unwrap_or(i));
                for c in e.children_mut() {
                    let x = std::mem::replace(c, Expr::null(UNKNOWN));
                    *c = self.group_rewrite(lv, x, gb, ng, aggs)?;
                }
                Ok(e)
            }
            _ => {
                for c in e.children_mut() {
                    let x = std::mem::replace(c, Expr::null(UNKNOWN));
                    *c = self.group_rewrite(lv, x, gb, ng, aggs)?;
                }
                Ok(e)
            }
        }
    }

    fn group_expr(&self, lv: &Level, q: &Query, e: &ast::Expr) -> PgResult<Expr> {
        match e {
            ast::Expr::Literal {
                value: ast::Literal::Integer(n),
                location,
            } => {
                let vis: Vec<&Target> = q.visible_targets().collect();
                if *n < 1 || *n as usize > vis.len() {
                    return Err(self.err_at(
                        pg_err!(
                            INVALID_COLUMN_REFERENCE,
                            "GROUP BY position {} is not in select list",
                            n
                        ),
                        *location,
                    ));
                }
                Ok(vis[*n as usize - 1].expr.clone())
            }
            ast::Expr::ColumnRef { fields, .. } if fields.len() == 1 => {
                match self.lookup_column(lv, None, &fields[0], -1) {
                    Ok(Some(x)) => Ok(x),
                    _ => {
                        if let Some(t) = q.visible_targets().find(|t| t.name == fields[0]) {
                            Ok(t.expr.clone())
                        } else {
                            self.expr(lv, e, Clause::GroupBy)
                        }
                    }
                }
            }
            _ => {
                let x = self.expr(lv, e, Clause::GroupBy)?;
                if x.contains_agg() {
                    return Err(self.err_at(
                        pg_err!(
                            GROUPING_ERROR,
                            "aggregate functions are not allowed in GROUP BY"
                        ),
                        e.location(),
                    ));
                }
                Ok(x)
            }
        }
    }

    fn find_or_add_target(
        &self,
        lv: &Level,
        q: &mut Query,
        e: &ast::Expr,
        distinct: bool,
        clause: Clause,
    ) -> PgResult<usize> {
        let vis: Vec<usize> = (0..q.targets.len())
            .filter(|&i| !q.targets[i].junk)
            .collect();
        match e {
            ast::Expr::Literal {
                value: ast::Literal::Integer(n),
                location,
            } => {
                if *n < 1 || *n as usize > vis.len() {
                    return Err(self.err_at(
                        pg_err!(
                            INVALID_COLUMN_REFERENCE,
                            "ORDER BY position {} is not in select list",
                            n
                        ),
                        *location,
                    ));
                }
                return Ok(vis[*n as usize - 1]);
            }
            ast::Expr::ColumnRef { fields, location } if fields.len() == 1 => {
                let matches: Vec<usize> = vis
                    .iter()
                    .copied()
                    .filter(|&i| q.targets[i].name == fields[0])
                    .collect();
                if let Some(&first) = matches.first() {
                    for &m in &matches[1..] {
                        if !same_expr(&q.targets[m].expr, &q.targets[first].expr) {
                            return Err(self.err_at(
                                pg_err!(
                                    AMBIGUOUS_COLUMN,
                                    "ORDER BY \"{}\" is ambiguous",
                                    fields[0]
                                ),
                                *location,
                            ));
                        }
                    }
                    return Ok(first);
                }
            }
            _ => {}
        }
        let x = self.expr(lv, e, clause)?;
        if let Some(i) = q.targets.iter().position(|t| same_expr(&t.expr, &x)) {
            return Ok(i);
        }
        if distinct {
            return Err(self.err_at(
                pg_err!(
                    INVALID_COLUMN_REFERENCE,
                    "for SELECT DISTINCT, ORDER BY expressions must appear in select list"
                ),
                e.location(),
            ));
        }
        let x = if x.typ == UNKNOWN {
            coerce::coerce(self.reg, self.env, x, TEXT, -1, Ctx::Implicit, false)?
                .unwrap_or_else(|| Expr::null(TEXT))
        } else {
            x
        };
        q.targets.push(Target {
            expr: x,
            name: figure_colname(e),
            junk: true,
            table_oid: 0,
            attnum: 0,
        });
        Ok(q.targets.len() - 1)
    }

    fn order_by(
        &self,
        lv: &Level,
        q: &mut Query,
        order: &[ast::SortBy],
        distinct: bool,
    ) -> PgResult<()> {
        for s in order {
            let col = self.find_or_add_target(lv, q, &s.expr, distinct, Clause::OrderBy)?;
            let desc = match (&s.using_op, s.direction) {
                (Some(op), _) => op == ">" || op == ">=",
                (None, ast::SortDirection::Desc) => true,
                _ => false,
            };
            let nulls_first = match s.nulls {
                ast::NullsOrder::First => true,
                ast::NullsOrder::Last => false,
                ast::NullsOrder::Default => desc,
            };
            q.sort.push(SortKey {
                col,
                desc,
                nulls_first,
            });
        }
        Ok(())
    }

    fn target_list(&self, lv: &Level, targets: &[ast::SelectTarget]) -> PgResult<Vec<Target>> {
        let mut out = Vec::new();
        for t in targets {
            match t {
                ast::SelectTarget::Star { location } => {
                    let mut any = false;
                    for item in lv.ns.iter().filter(|i| i.cols_visible) {
                        any = true;
                        self.expand_item(item, &mut out);
                    }
                    if !any {
                        return Err(self.err_at(
                            pg_err!(
                                SYNTAX_ERROR,
                                "SELECT * with no tables specified is not valid"
                            ),
                            *location,
                        ));
                    }
                }
                ast::SelectTarget::QualifiedStar {
                    qualifier,
                    location,
                } => {
                    let rel = qualifier.last().cloned().unwrap_or_default();
                    let item = lv
                        .ns
                        .iter()
                        .find(|i| i.rel_visible && i.alias.as_deref() == Some(rel.as_str()));
                    match item {
                        Some(i) => self.expand_item(i, &mut out),
                        None => {
                            return Err(self.err_at(
                                pg_err!(
                                    UNDEFINED_TABLE,
                                    "missing FROM-clause entry for table \"{}\"",
                                    rel
                                ),
                                *location,
                            ))
                        }
                    }
                }
                ast::SelectTarget::Expr { expr, alias, .. } => {
                    let e = self.expr(lv, expr, Clause::Target)?;
                    let name = match alias {
                        Some(a) => a.clone(),
                        None => figure_colname(expr),
                    };
                    let (table_oid, attnum) = self.origin(lv, &e);
                    out.push(Target {
                        expr: e,
                        name,
                        junk: false,
                        table_oid,
                        attnum,
                    });
                }
            }
        }
        Ok(out)
    }

    fn origin(&self, lv: &Level, e: &Expr) -> (Oid, i16) {
        if let ExprKind::Column {
            level: 0, index, ..
        } = e.kind
        {
            for r in &lv.rtable {
                if index >= r.offset && index < r.offset + r.colnames.len() {
                    if let RteKind::Relation(rel) = &r.kind {
                        return (rel.oid, (index - r.offset + 1) as i16);
                    }
                }
            }
        }
        (0, 0)
    }

    fn expand_item(&self, item: &NsItem, out: &mut Vec<Target>) {
        for (i, (n, e)) in item.cols.iter().enumerate() {
            if n.is_empty() {
                continue;
            }
            out.push(Target {
                expr: e.clone(),
                name: n.clone(),
                junk: false,
                table_oid: item.table_oid,
                attnum: if item.table_oid != 0 {
                    (i + 1) as i16
                } else {
                    0
                },
            });
        }
    }

    // ------------------------------------------------------------------ FROM

    fn analyze_from_item<'p>(
        &self,
        lv: &mut Level<'p>,
        item: &ast::TableRef,
    ) -> PgResult<(FromItem, Vec<NsItem>)> {
        match item {
            ast::TableRef::Table {
                name,
                alias,
                location,
                ..
            } => {
                if name.schema.is_none() && lv.find_cte(&name.name).is_none() {
                    if let Some(r) =
                        self.recursive_self_reference(lv, &name.name, alias.as_ref(), *location)?
                    {
                        return Ok(r);
                    }
                }
                if name.schema.is_none() {
                    if let Some(cte) = lv.find_cte(&name.name) {
                        if cte.recursive {
                            let cte = cte.clone();
                            let scope = lv.cte_scope(&cte.name);
                            return self.recursive_cte_rte(
                                lv,
                                &scope,
                                &cte,
                                alias.as_ref(),
                                *location,
                            );
                        }
                        let scope = lv.cte_scope(&cte.name);
                        let cq = match cte.query {
                            ast::Statement::Select(s) => {
                                let s: &ast::SelectStmt = s;
                                self.select(Some(&scope), s, true)?
                            }
                            _ => {
                                return Err(self.err_at(
                                    pg_err!(
                                        FEATURE_NOT_SUPPORTED,
                                        "data-modifying statements in WITH are not supported yet"
                                    ),
                                    *location,
                                ))
                            }
                        };
                        let cols = cte.columns.clone();
                        let a = alias.clone().unwrap_or(ast::Alias {
                            name: name.name.clone(),
                            columns: cols,
                        });
                        return self.subquery_rte(lv, cq, &a);
                    }
                }
                let rel = match self.lookup_relation(name) {
                    Ok(rel) => rel,
                    // Virtual system views (pg_roles, pg_tables, ...: crate::system_views).
                    Err(e) => match crate::system_views::expand(self, name)? {
                        Some(vq) => {
                            let a = alias.clone().unwrap_or_else(|| ast::Alias {
                                name: name.name.clone(),
                                columns: Vec::new(),
                            });
                            let (fi, mut items) = self.subquery_rte(lv, vq, &a)?;
                            let vs = crate::system_views::view_schema(self, name);
                            for it in items.iter_mut() {
                                it.schema = Some(vs.to_string());
                            }
                            return Ok((fi, items));
                        }
                        None => return Err(e),
                    },
                };
                if rel.relkind == b'v' {
                    // Views expand to their definition as a subquery (crate::views).
                    let vq = crate::views::expand_view(self, &rel)?;
                    let a = crate::views::view_alias(&rel, alias.as_ref());
                    let (fi, mut items) = self.subquery_rte(lv, vq, &a)?;
                    for it in items.iter_mut() {
                        it.schema = Some(rel.namespace_name.clone());
                    }
                    return Ok((fi, items));
                }
                let aname = alias
                    .as_ref()
                    .map(|a| a.name.clone())
                    .unwrap_or_else(|| rel.name.clone());
                let mut colnames: Vec<String> = rel
                    .columns
                    .iter()
                    .map(|c| {
                        if c.dropped {
                            String::new()
                        } else {
                            c.name.clone()
                        }
                    })
                    .collect();
                if let Some(a) = alias {
                    let mut k = 0;
                    for c in colnames.iter_mut() {
                        if c.is_empty() {
                            continue;
                        }
                        if let Some(n) = a.columns.get(k) {
                            *c = n.clone();
                        }
                        k += 1;
                    }
                    if a.columns.len() > k {
                        return Err(self.err_at(
                            pg_err!(
                                INVALID_COLUMN_REFERENCE,
                                "table \"{}\" has {} columns available but {} columns specified",
                                aname,
                                k,
                                a.columns.len()
                            ),
                            *location,
                        ));
                    }
                }
                let coltypes: Vec<(Oid, i32)> =
                    rel.columns.iter().map(|c| (c.type_oid, c.typmod)).collect();
                let oid = rel.oid;
                let schema = rel.namespace_name.clone();
                let idx = self.add_rte(
                    lv,
                    RteKind::Relation(rel),
                    aname.clone(),
                    colnames.clone(),
                    coltypes.clone(),
                    false,
                );
                let off = lv.rtable[idx].offset;
                let cols = colnames
                    .into_iter()
                    .zip(coltypes)
                    .enumerate()
                    .map(|(i, (n, (t, m)))| (n, Expr::column(off + i, t, m)))
                    .collect();
                Ok((
                    FromItem::Rte(idx),
                    vec![NsItem {
                        alias: Some(aname),
                        schema: Some(schema),
                        cols,
                        rel_visible: true,
                        cols_visible: true,
                        table_oid: oid,
                        sys_oid: sys_oid_expr(&lv.rtable[idx]),
                    }],
                ))
            }
            ast::TableRef::Subquery {
                query,
                alias,
                location,
                ..
            } => {
                let a = match alias {
                    Some(a) => a.clone(),
                    None => {
                        return Err(self.err_at(
                            pg_err!(SYNTAX_ERROR, "subquery in FROM must have an alias")
                                .with_hint("For example, FROM (SELECT ...) [AS] foo."),
                            *location,
                        ))
                    }
                };
                let parent = lv.parent;
                let sq = self.select(parent, query, true)?;
                self.subquery_rte(lv, sq, &a)
            }
            ast::TableRef::Function {
                call,
                alias,
                with_ordinality,
                location,
                ..
            } => {
                // Record-returning catalog functions (pg_sequence_parameters) expand to a
                // catalog query (crate::system_views::function_in_from).
                if let Some(stmt) = crate::system_views::function_in_from(call)? {
                    let a = alias.clone().unwrap_or_else(|| ast::Alias {
                        name: "pg_sequence_parameters".into(),
                        columns: Vec::new(),
                    });
                    let sq = self.select(lv.parent, &stmt, true)?;
                    return self.subquery_rte(lv, sq, &a);
                }
                let tmp = Level::new(lv.parent);
                let e = self.expr(&tmp, call, Clause::Other)?;
                if tmp.correlated.get() {
                    lv.correlated.set(true);
                }
                let fname = match call {
                    ast::Expr::Func(f) => f.name.name.clone(),
                    _ => "?column?".into(),
                };
                let (kind, typ, typmod) = match e.kind {
                    ExprKind::SrfCall { f, args } => (
                        RteKind::Function {
                            f,
                            args,
                            typ: e.typ,
                            ordinality: *with_ordinality,
                            scalar: None,
                        },
                        e.typ,
                        e.typmod,
                    ),
                    ExprKind::Agg(_) => {
                        return Err(self.err_at(
                            pg_err!(
                                GROUPING_ERROR,
                                "aggregate functions are not allowed in functions in FROM"
                            ),
                            *location,
                        ))
                    }
                    _ => {
                        let (t, m) = (e.typ, e.typmod);
                        (
                            RteKind::Function {
                                f: SrfFn::GenerateSeries,
                                args: vec![],
                                typ: t,
                                ordinality: *with_ordinality,
                                scalar: Some(e),
                            },
                            t,
                            m,
                        )
                    }
                };
                let aname = alias
                    .as_ref()
                    .map(|a| a.name.clone())
                    .unwrap_or(fname.clone());
                let mut colnames = vec![alias
                    .as_ref()
                    .and_then(|a| a.columns.first().cloned())
                    .unwrap_or_else(|| aname.clone())];
                let mut coltypes = vec![(typ, typmod)];
                if *with_ordinality {
                    colnames.push(
                        alias
                            .as_ref()
                            .and_then(|a| a.columns.get(1).cloned())
                            .unwrap_or_else(|| "ordinality".into()),
                    );
                    coltypes.push((INT8, -1));
                }
                Ok(self.plain_rte(lv, kind, aname, colnames, coltypes))
            }
            ast::TableRef::Join(j) => self.join(lv, j),
        }
    }

    fn subquery_rte(
        &self,
        lv: &mut Level,
        sq: Query,
        a: &ast::Alias,
    ) -> PgResult<(FromItem, Vec<NsItem>)> {
        if sq.has_outer_refs {
            lv.correlated.set(true);
        }
        let mut names: Vec<String> = sq.visible_targets().map(|t| t.name.clone()).collect();
        let types: Vec<(Oid, i32)> = sq
            .visible_targets()
            .map(|t| (t.expr.typ, t.expr.typmod))
            .collect();
        if a.columns.len() > names.len() {
            return Err(pg_err!(
                INVALID_COLUMN_REFERENCE,
                "table \"{}\" has {} columns available but {} columns specified",
                a.name,
                names.len(),
                a.columns.len()
            ));
        }
        for (i, c) in a.columns.iter().enumerate() {
            names[i] = c.clone();
        }
        Ok(self.plain_rte(
            lv,
            RteKind::Subquery(Box::new(sq)),
            a.name.clone(),
            names,
            types,
        ))
    }

    /// Add a range-table entry without system columns (subquery, function, working table)
    /// whose columns are visible under `alias`.
    fn plain_rte(
        &self,
        lv: &mut Level,
        kind: RteKind,
        alias: String,
        names: Vec<String>,
        types: Vec<(Oid, i32)>,
    ) -> (FromItem, Vec<NsItem>) {
        let idx = self.add_rte(lv, kind, alias.clone(), names.clone(), types.clone(), false);
        let off = lv.rtable[idx].offset;
        let cols = names
            .into_iter()
            .zip(types)
            .enumerate()
            .map(|(i, (n, (t, m)))| (n, Expr::column(off + i, t, m)))
            .collect();
        (
            FromItem::Rte(idx),
            vec![NsItem {
                alias: Some(alias),
                schema: None,
                cols,
                rel_visible: true,
                cols_visible: true,
                table_oid: 0,
                sys_oid: None,
            }],
        )
    }

    fn join<'p>(&self, lv: &mut Level<'p>, j: &ast::JoinExpr) -> PgResult<(FromItem, Vec<NsItem>)> {
        use ast::JoinKind::{Full, Left, Right};
        let (lf, litems) = recursive::nullable_side(matches!(j.kind, Right | Full), || {
            self.analyze_from_item(lv, &j.left)
        })?;
        let (rf, ritems) = recursive::nullable_side(matches!(j.kind, Left | Full), || {
            self.analyze_from_item(lv, &j.right)
        })?;
        let lcols: Vec<(String, Expr)> = visible_cols(&litems);
        let rcols: Vec<(String, Expr)> = visible_cols(&ritems);
        let mut using: Vec<String> = match &j.condition {
            ast::JoinCondition::Using(u) => u.clone(),
            _ => Vec::new(),
        };
        if j.natural {
            using = lcols
                .iter()
                .filter(|(n, _)| !n.is_empty() && rcols.iter().any(|(m, _)| m == n))
                .map(|(n, _)| n.clone())
                .collect();
        }
        let mut quals: Vec<Expr> = Vec::new();
        let mut merged: Vec<(String, Expr)> = Vec::new();
        let mut lused = vec![false; lcols.len()];
        let mut rused = vec![false; rcols.len()];
        for name in &using {
            let li = find_unique_col(&lcols, name).map_err(|amb| {
                self.err_at(
                    if amb {
                        pg_err!(
                            AMBIGUOUS_COLUMN,
                            "common column name \"{}\" appears more than once in left table",
                            name
                        )
                    } else {
                        pg_err!(
                            UNDEFINED_COLUMN,
                            "column \"{}\" specified in USING clause does not exist in left table",
                            name
                        )
                    },
                    j.location,
                )
            })?;
            let ri = find_unique_col(&rcols, name).map_err(|amb| {
                self.err_at(
                    if amb {
                        pg_err!(
                            AMBIGUOUS_COLUMN,
                            "common column name \"{}\" appears more than once in right table",
                            name
                        )
                    } else {
                        pg_err!(
                            UNDEFINED_COLUMN,
                            "column \"{}\" specified in USING clause does not exist in right table",
                            name
                        )
                    },
                    j.location,
                )
            })?;
            lused[li] = true;
            rused[ri] = true;
            let le = lcols[li].1.clone();
            let re = rcols[ri].1.clone();
            let t = coerce::select_common_type(
                self.reg,
                &[le.typ, re.typ],
                "JOIN/USING",
                &[-1, -1],
                self.query,
            )?;
            let lc = coerce::coerce(self.reg, self.env, le, t, -1, Ctx::Implicit, false)?
                .ok_or_else(|| PgError::internal("join coercion"))?;
            let rc = coerce::coerce(self.reg, self.env, re, t, -1, Ctx::Implicit, false)?
                .ok_or_else(|| PgError::internal("join coercion"))?;
            quals.push(self.make_op("=", lc.clone(), rc.clone(), j.location)?);
            let me = match j.kind {
                ast::JoinKind::Right => rc,
                ast::JoinKind::Full => Expr::new(ExprKind::Coalesce(vec![lc, rc]), t),
                _ => lc,
            };
            merged.push((name.clone(), me));
        }
        let mut cols = merged;
        for (i, c) in lcols.iter().enumerate() {
            if !lused[i] {
                cols.push(c.clone());
            }
        }
        for (i, c) in rcols.iter().enumerate() {
            if !rused[i] {
                cols.push(c.clone());
            }
        }
        if let ast::JoinCondition::On(on) = &j.condition {
            // The ON clause sees both sides.
            let saved = std::mem::take(&mut lv.ns);
            lv.ns.extend(litems.iter().cloned());
            lv.ns.extend(ritems.iter().cloned());
            let r = self.bool_expr(lv, on, "JOIN/ON", Clause::On);
            lv.ns = saved;
            quals.push(r?);
        }
        let qual = match quals.len() {
            0 => None,
            1 => quals.pop(),
            _ => Some(Expr::new(ExprKind::And(quals), BOOL)),
        };
        let kind = if j.kind == ast::JoinKind::Cross {
            ast::JoinKind::Inner
        } else {
            j.kind
        };
        let fi = FromItem::Join {
            kind,
            left: Box::new(lf),
            right: Box::new(rf),
            quals: qual,
        };
        let mut items = Vec::new();
        match &j.alias {
            Some(a) => {
                for (i, c) in a.columns.iter().enumerate() {
                    if let Some(col) = cols.get_mut(i) {
                        col.0 = c.clone();
                    }
                }
                items.push(NsItem {
                    alias: Some(a.name.clone()),
                    schema: None,
                    cols,
                    rel_visible: true,
                    cols_visible: true,
                    table_oid: 0,
                    sys_oid: None,
                });
            }
            None => {
                for mut it in litems.into_iter().chain(ritems) {
                    it.cols_visible = false;
                    items.push(it);
                }
                items.push(NsItem {
                    alias: None,
                    schema: None,
                    cols,
                    rel_visible: false,
                    cols_visible: true,
                    table_oid: 0,
                    sys_oid: None,
                });
            }
        }
        Ok((fi, items))
    }

    // ------------------------------------------------------------------ columns

    /// Look a column up at this level (Ok(None) = not found here).
    fn lookup_column(
        &self,
        lv: &Level,
        rel: Option<(&str, Option<&str>)>,
        col: &str,
        loc: i32,
    ) -> PgResult<Option<Expr>> {
        match rel {
            None => {
                let mut found: Option<Expr> = None;
                for item in lv.ns.iter().filter(|i| i.cols_visible) {
                    for (n, e) in &item.cols {
                        if n == col {
                            if found.is_some() {
                                return Err(self.err_at(
                                    pg_err!(
                                        AMBIGUOUS_COLUMN,
                                        "column reference \"{}\" is ambiguous",
                                        col
                                    ),
                                    loc,
                                ));
                            }
                            found = Some(e.clone());
                        }
                    }
                }
                if found.is_none() && col == "oid" {
                    let mut it = lv
                        .ns
                        .iter()
                        .filter(|i| i.cols_visible || i.rel_visible)
                        .filter_map(|i| i.sys_oid.clone());
                    if let Some(e) = it.next() {
                        if it.next().is_some() {
                            return Err(self.err_at(
                                pg_err!(
                                    AMBIGUOUS_COLUMN,
                                    "column reference \"{}\" is ambiguous",
                                    col
                                ),
                                loc,
                            ));
                        }
                        found = Some(e);
                    }
                }
                if found.is_none() && col == "tableoid" {
                    let mut it = lv
                        .ns
                        .iter()
                        .filter(|i| (i.cols_visible || i.rel_visible) && i.table_oid != 0);
                    if let (Some(i), None) = (it.next(), it.next()) {
                        found = Some(Expr::konst(Datum::Oid(i.table_oid), OID));
                    }
                }
                Ok(found)
            }
            Some((r, schema)) => {
                for item in lv.ns.iter().filter(|i| i.rel_visible) {
                    if item.alias.as_deref() != Some(r) {
                        continue;
                    }
                    if let Some(s) = schema {
                        if item.schema.as_deref() != Some(s) {
                            continue;
                        }
                    }
                    let mut found: Option<Expr> = None;
                    for (n, e) in &item.cols {
                        if n == col {
                            if found.is_some() {
                                return Err(self.err_at(
                                    pg_err!(
                                        AMBIGUOUS_COLUMN,
                                        "column reference \"{}\" is ambiguous",
                                        col
                                    ),
                                    loc,
                                ));
                            }
                            found = Some(e.clone());
                        }
                    }
                    if found.is_none() && col == "oid" {
                        found = item.sys_oid.clone();
                    }
                    // tableoid: the relation's OID, a constant per range table entry.
                    if found.is_none() && col == "tableoid" && item.table_oid != 0 {
                        found = Some(Expr::konst(Datum::Oid(item.table_oid), OID));
                    }
                    return match found {
                        Some(e) => Ok(Some(e)),
                        None => Err(self.err_at(
                            pg_err!(UNDEFINED_COLUMN, "column {}.{} does not exist", r, col),
                            loc,
                        )),
                    };
                }
                Ok(None)
            }
        }
    }

    fn column_ref(&self, lv: &Level, fields: &[String], loc: i32) -> PgResult<Expr> {
        let (rel, col): (Option<(&str, Option<&str>)>, &str) = match fields {
            [c] => (None, c),
            [r, c] => (Some((r.as_str(), None)), c),
            [s, r, c] => (Some((r.as_str(), Some(s.as_str()))), c),
            [_, s, r, c] => (Some((r.as_str(), Some(s.as_str()))), c),
            _ => {
                return Err(self.err_at(
                    pg_err!(
                        SYNTAX_ERROR,
                        "improper qualified name (too many dotted names): {}",
                        fields.join(".")
                    ),
                    loc,
                ))
            }
        };
        let mut cur: Option<&Level> = Some(lv);
        let mut depth = 0u32;
        let mut levels: Vec<&Level> = Vec::new();
        while let Some(l) = cur {
            if let Some(mut e) = self.lookup_column(l, rel, col, loc)? {
                if depth > 0 {
                    raise_level(&mut e, depth);
                    for lv2 in &levels {
                        lv2.correlated.set(true);
                    }
                }
                if let ExprKind::Column { loc: l2, .. } = &mut e.kind {
                    *l2 = loc;
                }
                return Ok(e);
            }
            levels.push(l);
            cur = l.parent;
            depth += 1;
        }
        match rel {
            None => Err(self.err_at(
                pg_err!(UNDEFINED_COLUMN, "column \"{}\" does not exist", col),
                loc,
            )),
            Some((r, _)) => Err(self.err_at(
                pg_err!(
                    UNDEFINED_TABLE,
                    "missing FROM-clause entry for table \"{}\"",
                    r
                ),
                loc,
            )),
        }
    }

    // ------------------------------------------------------------------ expressions

    fn bool_expr(&self, lv: &Level, e: &ast::Expr, what: &str, clause: Clause) -> PgResult<Expr> {
        let x = self.expr(lv, e, clause)?;
        if x.contains_agg() && !clause.aggs_ok() {
            return Err(self.err_at(
                pg_err!(
                    GROUPING_ERROR,
                    "aggregate functions are not allowed in {}",
                    clause.name()
                ),
                e.location(),
            ));
        }
        self.to_bool(x, what, e.location())
    }

    fn to_bool(&self, x: Expr, what: &str, loc: i32) -> PgResult<Expr> {
        if x.typ == BOOL {
            return Ok(x);
        }
        let t = x.typ;
        match coerce::coerce(self.reg, self.env, x, BOOL, -1, Ctx::Implicit, false) {
            Ok(Some(e)) => Ok(e),
            Ok(None) => Err(self.err_at(
                pg_err!(
                    DATATYPE_MISMATCH,
                    "argument of {} must be type boolean, not type {}",
                    what,
                    tname(t)
                ),
                loc,
            )),
            Err(e) => Err(self.err_at(e, loc)),
        }
    }

    fn coerce_at(
        &self,
        e: Expr,
        t: Oid,
        typmod: i32,
        ctx: Ctx,
        loc: i32,
    ) -> PgResult<Option<Expr>> {
        let explicit = ctx == Ctx::Explicit;
        // Unknown literals to catalog reg* types resolve names now (crate::reg_io).
        if e.typ == UNKNOWN && crate::reg_io::is_catalog_reg_type(t) {
            if let ExprKind::Const(Datum::Text(lit)) = &e.kind {
                let oid = self
                    .reg_literal(t, lit)
                    .map_err(|er| self.err_at(er, loc))?;
                return Ok(Some(Expr::konst(Datum::Oid(oid), t)));
            }
        }
        // Length coercion errors (22001 ...) arise at run time in PostgreSQL, so they carry no
        // cursor position; input-conversion errors of literals do.
        let input_typmod = if t == types::oids::INTERVAL {
            typmod
        } else {
            -1
        };
        match coerce::coerce(self.reg, self.env, e, t, input_typmod, ctx, explicit)
            .map_err(|er| self.err_at(er, loc))?
        {
            Some(x) => Ok(Some(coerce::apply_typmod(x, typmod, explicit)?)),
            None => Ok(None),
        }
    }

    /// Build `l op r` for already-analyzed operands.
    fn make_op(&self, op: &str, l: Expr, r: Expr, loc: i32) -> PgResult<Expr> {
        let reg = self.reg;
        let cands = reg.opers.get(op).map(|v| v.as_slice()).unwrap_or(&[]);
        let bin: Vec<&crate::registry::OperCand> = cands.iter().filter(|o| o.left != 0).collect();
        let (lt, rt) = (l.typ, r.typ);
        let mut pick = None;
        // Unknown literal on one side: try the other side's type first.
        if lt == UNKNOWN && rt != UNKNOWN {
            pick = bin.iter().position(|o| o.left == rt && o.right == rt);
        } else if rt == UNKNOWN && lt != UNKNOWN {
            pick = bin.iter().position(|o| o.left == lt && o.right == lt);
        }
        // `array op unknown` / `array op same-array`: the polymorphic anyarray operator
        // applies exactly (psql's `pol.polroles = '{0}'`, `c.reloptions || array(...)`).
        if pick.is_none() && ((lt == UNKNOWN) != (rt == UNKNOWN) || lt == rt) {
            let known = if lt == UNKNOWN { rt } else { lt };
            if types::typeinfo::element_type_of(known).is_some()
                && !bin.iter().any(|o| o.left == lt && o.right == rt)
            {
                pick = bin
                    .iter()
                    .position(|o| o.left == ANYARRAY && o.right == ANYARRAY);
            }
        }
        // An operator taking exactly the argument types wins outright.
        if pick.is_none() && lt != UNKNOWN && rt != UNKNOWN {
            pick = bin.iter().position(|o| o.left == lt && o.right == rt);
        }
        if pick.is_none() {
            let lists: Vec<Vec<Oid>> = bin.iter().map(|o| vec![o.left, o.right]).collect();
            match coerce::select_candidate(reg, &[lt, rt], &lists) {
                Pick::One(i) => pick = Some(i),
                Pick::None => {
                    return Err(self.err_at(
                        pg_err!(
                            UNDEFINED_FUNCTION,
                            "operator does not exist: {} {} {}",
                            tname(lt),
                            op,
                            tname(rt)
                        )
                        .with_hint(
                            "No operator matches the given name and argument type(s). You might need to add explicit type casts.",
                        ),
                        loc,
                    ))
                }
                Pick::Ambiguous => {
                    return Err(self.err_at(
                        pg_err!(
                            AMBIGUOUS_FUNCTION,
                            "operator is not unique: {} {} {}",
                            tname(lt),
                            op,
                            tname(rt)
                        )
                        .with_hint(
                            "Could not choose a best candidate operator. You might need to add explicit type casts.",
                        ),
                        loc,
                    ))
                }
            }
        }
        let o = bin[pick.unwrap_or(0)];
        let (decl, ret) = coerce::resolve_polymorphic(&[o.left, o.right], &[lt, rt], o.result)
            .map_err(|e| self.err_at(e, loc))?;
        let l = self
            .coerce_at(l, decl[0], -1, Ctx::Implicit, loc)?
            .ok_or_else(|| PgError::internal("operator coercion failed"))?;
        let r = self
            .coerce_at(r, decl[1], -1, Ctx::Implicit, loc)?
            .ok_or_else(|| PgError::internal("operator coercion failed"))?;
        Ok(Expr::new(
            ExprKind::Func {
                func: o.func,
                args: vec![l, r],
                arg_types: decl,
            },
            ret,
        ))
    }

    fn make_prefix_op(&self, op: &str, r: Expr, loc: i32) -> PgResult<Expr> {
        let cands = self.reg.opers.get(op).map(|v| v.as_slice()).unwrap_or(&[]);
        let pre: Vec<&crate::registry::OperCand> = cands.iter().filter(|o| o.left == 0).collect();
        let lists: Vec<Vec<Oid>> = pre.iter().map(|o| vec![o.right]).collect();
        let rt = r.typ;
        let i = match coerce::select_candidate(self.reg, &[rt], &lists) {
            Pick::One(i) => i,
            Pick::None => {
                return Err(self.err_at(
                    pg_err!(UNDEFINED_FUNCTION, "operator does not exist: {} {}", op, tname(rt))
                        .with_hint(
                            "No operator matches the given name and argument type. You might need to add an explicit type cast.",
                        ),
                    loc,
                ))
            }
            Pick::Ambiguous => {
                return Err(self.err_at(
                    pg_err!(AMBIGUOUS_FUNCTION, "operator is not unique: {} {}", op, tname(rt))
                        .with_hint(
                            "Could not choose a best candidate operator. You might need to add an explicit type cast.",
                        ),
                    loc,
                ))
            }
        };
        let o = pre[i];
        let r = self
            .coerce_at(r, o.right, -1, Ctx::Implicit, loc)?
            .ok_or_else(|| PgError::internal("operator coercion failed"))?;
        Ok(Expr::new(
            ExprKind::Func {
                func: o.func,
                args: vec![r],
                arg_types: vec![o.right],
            },
            o.result,
        ))
    }

    /// Build `l op` (a postfix operator such as factorial `!`).
    fn make_postfix_op(&self, op: &str, l: Expr, loc: i32) -> PgResult<Expr> {
        let cands = self.reg.opers.get(op).map(|v| v.as_slice()).unwrap_or(&[]);
        let post: Vec<&crate::registry::OperCand> = cands
            .iter()
            .filter(|o| o.right == 0 && o.left != 0)
            .collect();
        let lists: Vec<Vec<Oid>> = post.iter().map(|o| vec![o.left]).collect();
        let lt = l.typ;
        let i = match coerce::select_candidate(self.reg, &[lt], &lists) {
            Pick::One(i) => i,
            Pick::None => {
                return Err(self.err_at(
                    pg_err!(UNDEFINED_FUNCTION, "operator does not exist: {} {}", tname(lt), op)
                        .with_hint(
                            "No operator matches the given name and argument type. You might need to add an explicit type cast.",
                        ),
                    loc,
                ))
            }
            Pick::Ambiguous => {
                return Err(self.err_at(
                    pg_err!(AMBIGUOUS_FUNCTION, "operator is not unique: {} {}", tname(lt), op)
                        .with_hint(
                            "Could not choose a best candidate operator. You might need to add an explicit type cast.",
                        ),
                    loc,
                ))
            }
        };
        let o = post[i];
        let l = self
            .coerce_at(l, o.left, -1, Ctx::Implicit, loc)?
            .ok_or_else(|| PgError::internal("operator coercion failed"))?;
        Ok(Expr::new(
            ExprKind::Func {
                func: o.func,
                args: vec![l],
                arg_types: vec![o.left],
            },
            o.result,
        ))
    }

    fn sublink_query<'p>(&self, lv: &'p Level<'p>, s: &ast::SelectStmt) -> PgResult<Query> {
        let q = self.select(Some(lv), s, true)?;
        Ok(q)
    }

    fn expr(&self, lv: &Level, e: &ast::Expr, clause: Clause) -> PgResult<Expr> {
        use ast::Expr as E;
        match e {
            E::Literal { value, location } => self.literal(value, *location),
            E::ColumnRef { fields, location } => self.column_ref(lv, fields, *location),
            E::Param { number, location } => {
                // The protocol carries at most 65535 parameters; a larger $n can never be
                // bound (and must not size anything).
                if *number == 0 || *number > u16::MAX as u32 {
                    return Err(self.err_at(
                        pg_err!(UNDEFINED_PARAMETER, "there is no parameter ${}", number),
                        *location,
                    ));
                }
                let t = self
                    .param_types
                    .get(*number as usize - 1)
                    .copied()
                    .unwrap_or(UNKNOWN);
                Ok(Expr::new(ExprKind::Param(*number), t))
            }
            E::Nested(inner, _) => self.expr(lv, inner, clause),
            E::Collate { expr, .. } => self.expr(lv, expr, clause),
            E::BinaryOp {
                op,
                left,
                right,
                location,
                ..
            } => {
                if let (E::Row(la, _), E::Row(ra, _)) = (strip_nested(left), strip_nested(right)) {
                    return self.row_compare(lv, op, la, ra, *location, clause);
                }
                let l = self.expr(lv, left, clause)?;
                let r = self.expr(lv, right, clause)?;
                self.make_op(op, l, r, *location)
            }
            E::UnaryOp {
                op,
                operand,
                location,
                ..
            } => {
                if op == "-" {
                    match strip_nested(operand) {
                        E::Literal {
                            value: ast::Literal::Integer(i),
                            ..
                        } => {
                            return self.literal(&ast::Literal::Integer(-*i), *location);
                        }
                        E::Literal {
                            value: ast::Literal::Numeric(s),
                            ..
                        } => {
                            return self
                                .literal(&ast::Literal::Numeric(format!("-{}", s)), *location);
                        }
                        _ => {}
                    }
                }
                let r = self.expr(lv, operand, clause)?;
                self.make_prefix_op(op, r, *location)
            }
            E::PostfixOp {
                op,
                operand,
                location,
            } => {
                let l = self.expr(lv, operand, clause)?;
                self.make_postfix_op(op, l, *location)
            }
            E::And(args, _) | E::Or(args, _) => {
                let is_and = matches!(e, E::And(..));
                let mut v = Vec::new();
                for a in args {
                    let x = self.expr(lv, a, clause)?;
                    v.push(self.to_bool(x, if is_and { "AND" } else { "OR" }, a.location())?);
                }
                Ok(Expr::new(
                    if is_and {
                        ExprKind::And(v)
                    } else {
                        ExprKind::Or(v)
                    },
                    BOOL,
                ))
            }
            E::Not(a, _) => {
                let x = self.expr(lv, a, clause)?;
                let x = self.to_bool(x, "NOT", a.location())?;
                Ok(Expr::new(ExprKind::Not(Box::new(x)), BOOL))
            }
            E::IsNull { expr, negated, .. } => {
                let x = self.expr(lv, expr, clause)?;
                Ok(Expr::new(
                    ExprKind::IsNull {
                        arg: Box::new(x),
                        negated: *negated,
                    },
                    BOOL,
                ))
            }
            E::IsBool { expr, test, .. } => {
                let what = match test {
                    ast::BoolTest::IsTrue => "IS TRUE",
                    ast::BoolTest::IsNotTrue => "IS NOT TRUE",
                    ast::BoolTest::IsFalse => "IS FALSE",
                    ast::BoolTest::IsNotFalse => "IS NOT FALSE",
                    ast::BoolTest::IsUnknown => "IS UNKNOWN",
                    ast::BoolTest::IsNotUnknown => "IS NOT UNKNOWN",
                };
                let x = self.expr(lv, expr, clause)?;
                let x = self.to_bool(x, what, expr.location())?;
                Ok(Expr::new(
                    ExprKind::BoolTest {
                        arg: Box::new(x),
                        test: *test,
                    },
                    BOOL,
                ))
            }
            E::IsDistinctFrom {
                left,
                right,
                negated,
                location,
            } => {
                let l = self.expr(lv, left, clause)?;
                let r = self.expr(lv, right, clause)?;
                let eq = self.make_op("=", l, r, *location)?;
                Ok(Expr::new(
                    ExprKind::Distinct {
                        eq: Box::new(eq),
                        negated: *negated,
                    },
                    BOOL,
                ))
            }
            E::Between {
                expr,
                low,
                high,
                negated,
                symmetric,
                location,
            } => {
                let x = self.expr(lv, expr, clause)?;
                let lo = self.expr(lv, low, clause)?;
                let hi = self.expr(lv, high, clause)?;
                let mk = |a: Expr, b: Expr, c: Expr| -> PgResult<Expr> {
                    if *negated {
                        let p = self.make_op("<", a.clone(), b, *location)?;
                        let q = self.make_op(">", a, c, *location)?;
                        Ok(Expr::new(ExprKind::Or(vec![p, q]), BOOL))
                    } else {
                        let p = self.make_op(">=", a.clone(), b, *location)?;
                        let q = self.make_op("<=", a, c, *location)?;
                        Ok(Expr::new(ExprKind::And(vec![p, q]), BOOL))
                    }
                };
                let first = mk(x.clone(), lo.clone(), hi.clone())?;
                if *symmetric {
                    let second = mk(x, hi, lo)?;
                    Ok(Expr::new(
                        if *negated {
                            ExprKind::And(vec![first, second])
                        } else {
                            ExprKind::Or(vec![first, second])
                        },
                        BOOL,
                    ))
                } else {
                    Ok(first)
                }
            }
            E::InList {
                expr,
                list,
                negated,
                location,
            } => {
                let x = self.expr(lv, expr, clause)?;
                let mut items = Vec::new();
                for it in list {
                    let y = self.expr(lv, it, clause)?;
                    items.push(self.make_op(
                        if *negated { "<>" } else { "=" },
                        x.clone(),
                        y,
                        *location,
                    )?);
                }
                if items.len() == 1 {
                    return Ok(items.pop().unwrap_or_else(|| Expr::null(BOOL)));
                }
                Ok(Expr::new(
                    if *negated {
                        ExprKind::And(items)
                    } else {
                        ExprKind::Or(items)
                    },
                    BOOL,
                ))
            }
            E::InSubquery {
                expr,
                subquery,
                negated,
                location,
            } => {
                let s = self.sublink(lv, expr, "=", false, subquery, *location, clause)?;
                if *negated {
                    Ok(Expr::new(ExprKind::Not(Box::new(s)), BOOL))
                } else {
                    Ok(s)
                }
            }
            E::SubqueryComparison {
                expr,
                op,
                all,
                subquery,
                location,
            } => self.sublink(lv, expr, op, *all, subquery, *location, clause),
            E::ArrayComparison {
                expr,
                op,
                all,
                array,
                location,
            } => {
                let x = self.expr(lv, expr, clause)?;
                let a = self.expr(lv, array, clause)?;
                let elem_t = if a.typ == UNKNOWN {
                    UNKNOWN
                } else {
                    match types::typeinfo::element_type_of(a.typ) {
                        Some(t) => t,
                        None => {
                            return Err(self.err_at(
                                pg_err!(
                                    WRONG_OBJECT_TYPE,
                                    "op ANY/ALL (array) requires array on right side"
                                ),
                                *location,
                            ))
                        }
                    }
                };
                let xt = x.typ;
                let cmp = self.make_op(
                    op,
                    Expr::new(ExprKind::SubValue(0), xt),
                    Expr::new(ExprKind::SubValue(1), elem_t),
                    *location,
                )?;
                let (lt, rt) = match &cmp.kind {
                    ExprKind::Func { arg_types, .. } => (arg_types[0], arg_types[1]),
                    _ => (xt, elem_t),
                };
                let x = self
                    .coerce_at(x, lt, -1, Ctx::Implicit, *location)?
                    .ok_or_else(|| PgError::internal("array comparison coercion"))?;
                let at = types::typeinfo::array_type_of(rt).unwrap_or(a.typ);
                let a = self
                    .coerce_at(a, at, -1, Ctx::Implicit, *location)?
                    .ok_or_else(|| PgError::internal("array comparison coercion"))?;
                // The comparison's operands are placeholders: strip their casts.
                let cmp = match cmp.kind {
                    ExprKind::Func {
                        func, arg_types, ..
                    } => Expr::new(
                        ExprKind::Func {
                            func,
                            args: vec![
                                Expr::new(ExprKind::SubValue(0), arg_types[0]),
                                Expr::new(ExprKind::SubValue(1), arg_types[1]),
                            ],
                            arg_types,
                        },
                        cmp.typ,
                    ),
                    _ => cmp,
                };
                Ok(Expr::new(
                    ExprKind::ArrayCmp {
                        left: Box::new(x),
                        cmp: Box::new(cmp),
                        all: *all,
                        array: Box::new(a),
                    },
                    BOOL,
                ))
            }
            E::Exists { subquery, .. } => {
                let q = self.sublink_query_lv(lv, subquery)?;
                let correlated = q.has_outer_refs;
                Ok(Expr::new(
                    ExprKind::SubLink {
                        kind: SubLinkKind::Exists,
                        test: None,
                        query: Box::new(q),
                        plan: None,
                        correlated,
                    },
                    BOOL,
                ))
            }
            E::ScalarSubquery { subquery, location } | E::ArraySubquery { subquery, location } => {
                let q = self.sublink_query_lv(lv, subquery)?;
                let vis: Vec<&Target> = q.visible_targets().collect();
                if vis.len() != 1 {
                    return Err(self.err_at(
                        pg_err!(SYNTAX_ERROR, "subquery must return only one column"),
                        *location,
                    ));
                }
                let (t, m) = (vis[0].expr.typ, vis[0].expr.typmod);
                let is_arr = matches!(e, E::ArraySubquery { .. });
                let (typ, kind) = if is_arr {
                    (
                        types::typeinfo::array_type_of(t).unwrap_or(ANYARRAY),
                        SubLinkKind::Array,
                    )
                } else {
                    (t, SubLinkKind::Scalar)
                };
                let correlated = q.has_outer_refs;
                Ok(Expr {
                    kind: ExprKind::SubLink {
                        kind,
                        test: None,
                        query: Box::new(q),
                        plan: None,
                        correlated,
                    },
                    typ,
                    typmod: if is_arr { -1 } else { m },
                })
            }
            E::Like {
                expr,
                pattern,
                escape,
                negated,
                kind,
                location,
            } => {
                let x = self.expr(lv, expr, clause)?;
                let mut p = self.expr(lv, pattern, clause)?;
                if *kind == ast::LikeKind::Similar || escape.is_some() {
                    let fname = if *kind == ast::LikeKind::Similar {
                        "similar_escape"
                    } else {
                        "like_escape"
                    };
                    let esc = match escape {
                        Some(es) => self.expr(lv, es, clause)?,
                        None => Expr::null(TEXT),
                    };
                    p = self.call_function(fname, vec![p, esc], *location)?;
                }
                self.make_op(like_op(*kind, *negated), x, p, *location)
            }
            E::Case {
                arg,
                whens,
                else_result,
                location,
            } => self.case_expr(
                lv,
                arg.as_deref(),
                whens,
                else_result.as_deref(),
                *location,
                clause,
            ),
            E::Cast {
                expr,
                type_name,
                location,
            } => {
                let (t, m) = self.resolve_type_name(type_name)?;
                if let E::Array(items, _) = strip_nested(expr) {
                    if items.is_empty() && types::typeinfo::element_type_of(t).is_some() {
                        let elem = types::typeinfo::element_type_of(t).unwrap_or(TEXT);
                        return Ok(Expr::konst(
                            Datum::Array(Box::new(types::Array::from_vec(elem, vec![]))),
                            t,
                        ));
                    }
                }
                let x = self.expr(lv, expr, clause)?;
                let src = x.typ;
                let loc = if *location >= 0 {
                    *location
                } else {
                    expr.location()
                };
                let lit_loc = expr.location();
                // 'name'::regclass resolves the relation now (crate::regclass).
                if t == REGCLASS && src == UNKNOWN {
                    if let ExprKind::Const(Datum::Text(lit)) = &x.kind {
                        let oid = self
                            .regclass_literal(lit)
                            .map_err(|e| self.err_at(e, lit_loc))?;
                        return Ok(Expr::konst(Datum::Oid(oid), REGCLASS));
                    }
                }
                // Other catalog reg* literals ('int4'::regtype, 'public'::regnamespace, ...).
                if crate::reg_io::is_catalog_reg_type(t) && src == UNKNOWN {
                    if let ExprKind::Const(Datum::Text(lit)) = &x.kind {
                        let oid = self
                            .reg_literal(t, lit)
                            .map_err(|e| self.err_at(e, lit_loc))?;
                        return Ok(Expr::konst(Datum::Oid(oid), t));
                    }
                }
                match coerce::coerce(self.reg, self.env, x, t, m, Ctx::Explicit, true) {
                    Ok(Some(y)) => Ok(y),
                    Ok(None) => Err(self.err_at(
                        pg_err!(
                            CANNOT_COERCE,
                            "cannot cast type {} to {}",
                            tname(src),
                            types::typeinfo::format_type(t, m)
                        ),
                        loc,
                    )),
                    Err(er) => Err(self.err_at(er, lit_loc)),
                }
            }
            E::Func(f) => self.func_call(lv, f, clause),
            E::SqlValueFunction {
                kind, precision, ..
            } => self.sql_value_function(*kind, *precision),
            E::Coalesce(args, loc) => {
                let xs = self.exprs(lv, args, clause)?;
                let (xs, t) = self.common(xs, args, "COALESCE", *loc)?;
                Ok(Expr::new(ExprKind::Coalesce(xs), t))
            }
            E::NullIf(a, b, loc) => {
                let x = self.expr(lv, a, clause)?;
                let y = self.expr(lv, b, clause)?;
                let t = if x.typ == UNKNOWN { TEXT } else { x.typ };
                let eq = self.make_op("=", x, y, *loc)?;
                Ok(Expr::new(ExprKind::NullIf { eq: Box::new(eq) }, t))
            }
            E::MinMax {
                greatest,
                args,
                location,
            } => {
                let xs = self.exprs(lv, args, clause)?;
                let (xs, t) = self.common(xs, args, "GREATEST/LEAST", *location)?;
                Ok(Expr::new(
                    ExprKind::MinMax {
                        greatest: *greatest,
                        args: xs,
                    },
                    t,
                ))
            }
            E::Array(items, loc) => {
                let xs = self.exprs(lv, items, clause)?;
                if xs.is_empty() {
                    return Err(self.err_at(
                        pg_err!(
                            INDETERMINATE_DATATYPE,
                            "cannot determine type of empty array"
                        )
                        .with_hint(
                            "Explicitly cast to the desired type, for example ARRAY[]::integer[].",
                        ),
                        *loc,
                    ));
                }
                let nested = items
                    .iter()
                    .all(|i| matches!(strip_nested(i), E::Array(..)));
                let (xs, t) = self.common(xs, items, "ARRAY", *loc)?;
                if nested {
                    Ok(Expr::new(
                        ExprKind::Array {
                            elem: types::typeinfo::element_type_of(t).unwrap_or(t),
                            elems: xs,
                            nested: true,
                        },
                        t,
                    ))
                } else {
                    let at = match types::typeinfo::array_type_of(t) {
                        Some(a) => a,
                        None => {
                            return Err(self.err_at(
                                pg_err!(
                                    UNDEFINED_OBJECT,
                                    "could not find array type for data type {}",
                                    tname(t)
                                ),
                                *loc,
                            ))
                        }
                    };
                    Ok(Expr::new(
                        ExprKind::Array {
                            elem: t,
                            elems: xs,
                            nested: false,
                        },
                        at,
                    ))
                }
            }
            E::Row(items, _) => {
                let xs = self.exprs(lv, items, clause)?;
                Ok(Expr::new(ExprKind::Row(xs), RECORD))
            }
            E::Indirection {
                expr,
                path,
                location,
            } => self.indirection(lv, expr, path, *location, clause),
            E::AtTimeZone {
                expr,
                zone,
                location,
            } => {
                let x = self.expr(lv, expr, clause)?;
                let z = self.expr(lv, zone, clause)?;
                self.call_function("timezone", vec![z, x], *location)
            }
            E::Grouping(_, loc) => Err(self.err_at(
                pg_err!(FEATURE_NOT_SUPPORTED, "GROUPING is not supported yet"),
                *loc,
            )),
            E::Default(loc) => {
                if clause == Clause::Values {
                    Ok(Expr::new(ExprKind::Default, UNKNOWN))
                } else {
                    Err(self.err_at(
                        pg_err!(SYNTAX_ERROR, "DEFAULT is not allowed in this context"),
                        *loc,
                    ))
                }
            }
        }
    }

    fn sublink_query_lv(&self, lv: &Level, s: &ast::SelectStmt) -> PgResult<Query> {
        // Re-borrow the level with a shorter lifetime for the child.
        let q = self.select_child(lv, s)?;
        if q.has_outer_refs {
            // The child references this level or above; correlation flags were set by lookup.
        }
        Ok(q)
    }

    fn select_child(&self, lv: &Level, s: &ast::SelectStmt) -> PgResult<Query> {
        // Level<'p> is covariant, so &Level<'long> coerces to &'short Level<'short>.
        fn go<'q>(a: &Analyzer, lv: &'q Level<'q>, s: &'q ast::SelectStmt) -> PgResult<Query> {
            a.sublink_query(lv, s)
        }
        go(self, lv, s)
    }

    #[allow(clippy::too_many_arguments)]
    fn sublink(
        &self,
        lv: &Level,
        lhs: &ast::Expr,
        op: &str,
        all: bool,
        subquery: &ast::SelectStmt,
        loc: i32,
        clause: Clause,
    ) -> PgResult<Expr> {
        let q = self.select_child(lv, subquery)?;
        let cols: Vec<(Oid, i32)> = q
            .visible_targets()
            .map(|t| (t.expr.typ, t.expr.typmod))
            .collect();
        let lefts: Vec<Expr> = match strip_nested(lhs) {
            ast::Expr::Row(items, _) => self.exprs(lv, items, clause)?,
            other => vec![self.expr(lv, other, clause)?],
        };
        if lefts.len() != cols.len() {
            return Err(self.err_at(
                pg_err!(
                    SYNTAX_ERROR,
                    "subquery has too {} columns",
                    if cols.len() > lefts.len() {
                        "many"
                    } else {
                        "few"
                    }
                ),
                loc,
            ));
        }
        let mut tests = Vec::new();
        for (i, l) in lefts.into_iter().enumerate() {
            let r = Expr::new(ExprKind::SubValue(i), cols[i].0);
            tests.push(self.make_op(op, l, r, loc)?);
        }
        let test = if tests.len() == 1 {
            tests.pop().unwrap_or_else(|| Expr::null(BOOL))
        } else {
            Expr::new(ExprKind::And(tests), BOOL)
        };
        let correlated = q.has_outer_refs;
        Ok(Expr::new(
            ExprKind::SubLink {
                kind: if all {
                    SubLinkKind::All
                } else {
                    SubLinkKind::Any
                },
                test: Some(Box::new(test)),
                query: Box::new(q),
                plan: None,
                correlated,
            },
            BOOL,
        ))
    }

    fn row_compare(
        &self,
        lv: &Level,
        op: &str,
        la: &[ast::Expr],
        ra: &[ast::Expr],
        loc: i32,
        clause: Clause,
    ) -> PgResult<Expr> {
        if la.len() != ra.len() {
            return Err(self.err_at(
                pg_err!(SYNTAX_ERROR, "unequal number of entries in row expressions"),
                loc,
            ));
        }
        let mut parts = Vec::new();
        for (a, b) in la.iter().zip(ra) {
            let x = self.expr(lv, a, clause)?;
            let y = self.expr(lv, b, clause)?;
            parts.push(self.make_op(op, x, y, loc)?);
        }
        match op {
            "=" => Ok(Expr::new(ExprKind::And(parts), BOOL)),
            "<>" => Ok(Expr::new(ExprKind::Or(parts), BOOL)),
            _ => {
                // Lexicographic: (a1 op b1 and a1 <> b1...) built as nested CASE-free OR/AND.
                let n = la.len();
                let mut result: Option<Expr> = None;
                for i in (0..n).rev() {
                    let x = self.expr(lv, &la[i], clause)?;
                    let y = self.expr(lv, &ra[i], clause)?;
                    let strict = match op {
                        "<" | "<=" => "<",
                        _ => ">",
                    };
                    let cmp = if i == n - 1 {
                        self.make_op(op, x, y, loc)?
                    } else {
                        self.make_op(strict, x, y, loc)?
                    };
                    result = Some(match result {
                        None => cmp,
                        Some(rest) => {
                            let x2 = self.expr(lv, &la[i], clause)?;
                            let y2 = self.expr(lv, &ra[i], clause)?;
                            let eq = self.make_op("=", x2, y2, loc)?;
                            Expr::new(
                                ExprKind::Or(vec![
                                    cmp,
                                    Expr::new(ExprKind::And(vec![eq, rest]), BOOL),
                                ]),
                                BOOL,
                            )
                        }
                    });
                }
                Ok(result.unwrap_or_else(|| Expr::null(BOOL)))
            }
        }
    }

    fn exprs(&self, lv: &Level, es: &[ast::Expr], clause: Clause) -> PgResult<Vec<Expr>> {
        es.iter().map(|e| self.expr(lv, e, clause)).collect()
    }

    /// Coerce expressions to their common type.
    fn common(
        &self,
        xs: Vec<Expr>,
        asts: &[ast::Expr],
        what: &str,
        _loc: i32,
    ) -> PgResult<(Vec<Expr>, Oid)> {
        let tys: Vec<Oid> = xs.iter().map(|x| x.typ).collect();
        let locs: Vec<i32> = asts.iter().map(|a| a.location()).collect();
        let t = coerce::select_common_type(self.reg, &tys, what, &locs, self.query)?;
        let mut out = Vec::new();
        for (i, x) in xs.into_iter().enumerate() {
            let src = x.typ;
            let loc = locs.get(i).copied().unwrap_or(-1);
            out.push(
                self.coerce_at(x, t, -1, Ctx::Implicit, loc)?
                    .ok_or_else(|| {
                        self.err_at(
                            pg_err!(
                                CANNOT_COERCE,
                                "{} could not convert type {} to {}",
                                what,
                                tname(src),
                                tname(t)
                            ),
                            loc,
                        )
                    })?,
            );
        }
        Ok((out, t))
    }

    fn case_expr(
        &self,
        lv: &Level,
        arg: Option<&ast::Expr>,
        whens: &[(ast::Expr, ast::Expr)],
        else_result: Option<&ast::Expr>,
        loc: i32,
        clause: Clause,
    ) -> PgResult<Expr> {
        let argx = match arg {
            Some(a) => {
                let x = self.expr(lv, a, clause)?;
                Some(if x.typ == UNKNOWN {
                    self.coerce_at(x, TEXT, -1, Ctx::Implicit, a.location())?
                        .unwrap_or_else(|| Expr::null(TEXT))
                } else {
                    x
                })
            }
            None => None,
        };
        let mut conds = Vec::new();
        let mut results = Vec::new();
        let mut rasts: Vec<ast::Expr> = Vec::new();
        for (w, t) in whens {
            let c = self.expr(lv, w, clause)?;
            let c = match &argx {
                Some(a) => {
                    let test = Expr::new(ExprKind::CaseTest, a.typ);
                    self.make_op("=", test, c, w.location())?
                }
                None => self.to_bool(c, "CASE/WHEN", w.location())?,
            };
            conds.push(c);
            results.push(self.expr(lv, t, clause)?);
            rasts.push(t.clone());
        }
        let def = match else_result {
            Some(e) => {
                rasts.push(e.clone());
                self.expr(lv, e, clause)?
            }
            None => {
                rasts.push(ast::Expr::Literal {
                    value: ast::Literal::Null,
                    location: loc,
                });
                Expr::null(UNKNOWN)
            }
        };
        results.push(def);
        let (mut results, t) = self.common(results, &rasts, "CASE", loc)?;
        let def = results.pop().unwrap_or_else(|| Expr::null(t));
        Ok(Expr::new(
            ExprKind::Case {
                arg: argx.map(Box::new),
                whens: conds.into_iter().zip(results).collect(),
                default: Box::new(def),
            },
            t,
        ))
    }

    fn sql_value_function(
        &self,
        kind: ast::SqlValueFunctionKind,
        p: Option<i32>,
    ) -> PgResult<Expr> {
        use ast::SqlValueFunctionKind as K;
        let now = Expr::new(
            ExprKind::Session {
                f: SessFn::Now,
                args: vec![],
            },
            TIMESTAMPTZ,
        );
        let cast = |t: Oid| -> PgResult<Expr> {
            let m = p.unwrap_or(-1);
            coerce::coerce(self.reg, self.env, now.clone(), t, m, Ctx::Explicit, true)?.ok_or_else(
                || {
                    pg_err!(
                        CANNOT_COERCE,
                        "cannot cast type timestamp with time zone to {}",
                        tname(t)
                    )
                },
            )
        };
        let sess = |f: SessFn, t: Oid| Ok(Expr::new(ExprKind::Session { f, args: vec![] }, t));
        match kind {
            K::CurrentDate => cast(DATE),
            K::CurrentTime => cast(TIMETZ),
            K::CurrentTimestamp => {
                if p.is_some() {
                    cast(TIMESTAMPTZ)
                } else {
                    Ok(now.clone())
                }
            }
            K::LocalTime => cast(TIME),
            K::LocalTimestamp => cast(TIMESTAMP),
            K::CurrentRole | K::CurrentUser | K::User => sess(SessFn::CurrentUser, NAME),
            K::SessionUser => sess(SessFn::SessionUser, NAME),
            K::CurrentCatalog => sess(SessFn::CurrentDatabase, NAME),
            K::CurrentSchema => sess(SessFn::CurrentSchema, NAME),
        }
    }

    fn indirection(
        &self,
        lv: &Level,
        base: &ast::Expr,
        path: &[ast::IndirectionItem],
        loc: i32,
        clause: Clause,
    ) -> PgResult<Expr> {
        // `(t).col` / `t.col` through indirection: treat as a qualified column reference.
        if let (ast::Expr::ColumnRef { fields, location }, [ast::IndirectionItem::Field(f), ..]) =
            (strip_nested(base), path)
        {
            if fields.len() == 1 {
                let mut fs = fields.clone();
                fs.push(f.clone());
                let x = self.column_ref(lv, &fs, *location)?;
                return self.apply_subscripts(lv, x, &path[1..], loc, clause);
            }
        }
        let x = self.expr(lv, base, clause)?;
        self.apply_subscripts(lv, x, path, loc, clause)
    }

    fn apply_subscripts(
        &self,
        lv: &Level,
        mut x: Expr,
        path: &[ast::IndirectionItem],
        loc: i32,
        clause: Clause,
    ) -> PgResult<Expr> {
        let mut i = 0;
        while i < path.len() {
            match &path[i] {
                ast::IndirectionItem::Index(_) | ast::IndirectionItem::Slice(..) => {
                    let mut subs = Vec::new();
                    let mut slice = false;
                    while i < path.len() {
                        match &path[i] {
                            ast::IndirectionItem::Index(e) => {
                                let y = self.int4_expr(lv, e, clause)?;
                                subs.push((None, Some(y)));
                            }
                            ast::IndirectionItem::Slice(a, b) => {
                                slice = true;
                                let a = match a {
                                    Some(a) => Some(self.int4_expr(lv, a, clause)?),
                                    None => None,
                                };
                                let b = match b {
                                    Some(b) => Some(self.int4_expr(lv, b, clause)?),
                                    None => None,
                                };
                                subs.push((a, b));
                            }
                            _ => break,
                        }
                        i += 1;
                    }
                    // Fixed-length "array" types (PostgreSQL typelem without varlena):
                    // point[i] is float8, lseg[i] / box[i] is point.
                    let fixed_elem = match x.typ {
                        types::oids::POINT => Some(types::oids::FLOAT8),
                        types::oids::LSEG | types::oids::BOX => Some(types::oids::POINT),
                        // name is char[NAMEDATALEN]: typname[0] is "char" (pg_dump asks).
                        types::oids::NAME => Some(types::oids::CHAR),
                        _ => None,
                    };
                    let elem = match types::typeinfo::element_type_of(x.typ).or(fixed_elem) {
                        Some(t) => t,
                        None => {
                            return Err(self.err_at(
                                pg_err!(
                                    DATATYPE_MISMATCH,
                                    "cannot subscript type {} because it is not an array",
                                    tname(x.typ)
                                ),
                                loc,
                            ))
                        }
                    };
                    let t = if slice { x.typ } else { elem };
                    x = Expr::new(
                        ExprKind::Subscript {
                            arg: Box::new(x),
                            subs,
                            slice,
                        },
                        t,
                    );
                }
                ast::IndirectionItem::Field(f) => {
                    return Err(self.err_at(
                        pg_err!(
                            UNDEFINED_COLUMN,
                            "could not identify column \"{}\" in record data type",
                            f
                        ),
                        loc,
                    ))
                }
                ast::IndirectionItem::Star => {
                    return Err(self.err_at(
                        pg_err!(
                            FEATURE_NOT_SUPPORTED,
                            "row expansion via \"*\" is not supported here"
                        ),
                        loc,
                    ))
                }
            }
        }
        Ok(x)
    }

    fn int4_expr(&self, lv: &Level, e: &ast::Expr, clause: Clause) -> PgResult<Expr> {
        let x = self.expr(lv, e, clause)?;
        self.coerce_at(x, INT4, -1, Ctx::Assignment, e.location())?
            .ok_or_else(|| {
                self.err_at(
                    pg_err!(DATATYPE_MISMATCH, "array subscript must have type integer"),
                    e.location(),
                )
            })
    }

    fn literal(&self, v: &ast::Literal, loc: i32) -> PgResult<Expr> {
        Ok(match v {
            ast::Literal::Integer(i) => {
                if let Ok(x) = i32::try_from(*i) {
                    Expr::konst(Datum::Int4(x), INT4)
                } else {
                    Expr::konst(Datum::Int8(*i), INT8)
                }
            }
            ast::Literal::Numeric(s) => {
                let d =
                    types::io::input(NUMERIC, -1, s, self.env).map_err(|e| self.err_at(e, loc))?;
                Expr::konst(d, NUMERIC)
            }
            ast::Literal::String(s) => Expr::konst(Datum::Text(s.clone()), UNKNOWN),
            ast::Literal::BitString(s) => {
                let d = types::io::input(BIT, -1, s, self.env).map_err(|e| self.err_at(e, loc))?;
                Expr::konst(d, BIT)
            }
            ast::Literal::Boolean(b) => Expr::konst(Datum::Bool(*b), BOOL),
            ast::Literal::Null => Expr::null(UNKNOWN),
        })
    }

    /// Resolve and build a call of function `name` on analyzed arguments.
    pub fn call_function(&self, name: &str, args: Vec<Expr>, loc: i32) -> PgResult<Expr> {
        let f = ast::FuncCall {
            name: ast::QualifiedName::simple(name),
            args: vec![],
            arg_names: vec![],
            star: false,
            distinct: false,
            variadic: false,
            order_by: vec![],
            within_group: false,
            filter: None,
            over: None,
            location: loc,
        };
        self.resolve_call(&f, args, None, vec![])
    }

    fn func_call(&self, lv: &Level, f: &ast::FuncCall, clause: Clause) -> PgResult<Expr> {
        if let Some(over) = &f.over {
            return self.window_call(lv, f, over, clause);
        }
        if f.arg_names.iter().any(|n| n.is_some()) {
            return Err(self.err_at(
                pg_err!(
                    FEATURE_NOT_SUPPORTED,
                    "named function arguments are not supported yet"
                ),
                f.location,
            ));
        }
        let name = f.name.name.as_str();
        if let Some(s) = &f.name.schema {
            if s != "pg_catalog" {
                return Err(self.err_at(
                    pg_err!(INVALID_SCHEMA_NAME, "schema \"{}\" does not exist", s),
                    f.location,
                ));
            }
        }
        let is_agg_name = self
            .reg
            .funcs
            .get(name)
            .map(|c| {
                c.iter()
                    .any(|c| matches!(c.imp, FuncImpl::Agg(k) if !k.is_window_only()))
            })
            .unwrap_or(false);
        let arg_clause = if is_agg_name { Clause::Other } else { clause };
        if is_agg_name && !clause.aggs_ok() && clause != Clause::Other {
            return Err(self.err_at(
                pg_err!(
                    GROUPING_ERROR,
                    "aggregate functions are not allowed in {}",
                    clause.name()
                ),
                f.location,
            ));
        }
        if f.star {
            if name != "count" {
                return Err(self.err_at(
                    pg_err!(
                        WRONG_OBJECT_TYPE,
                        "{}(*) specified, but {} is not an aggregate function",
                        name,
                        name
                    ),
                    f.location,
                ));
            }
            let filter = match &f.filter {
                Some(fl) => Some(Box::new(self.bool_expr(lv, fl, "FILTER", Clause::Other)?)),
                None => None,
            };
            return Ok(count_star(filter));
        }
        let args = self.exprs(lv, &f.args, arg_clause)?;
        if is_agg_name && args.iter().any(|a| a.contains_agg()) {
            return Err(self.err_at(
                pg_err!(GROUPING_ERROR, "aggregate function calls cannot be nested"),
                f.location,
            ));
        }
        let filter = match &f.filter {
            Some(fl) => Some(Box::new(self.bool_expr(lv, fl, "FILTER", Clause::Other)?)),
            None => None,
        };
        let mut order = Vec::new();
        for s in &f.order_by {
            let x = self.expr(lv, &s.expr, Clause::Other)?;
            let desc = s.direction == ast::SortDirection::Desc;
            let nf = match s.nulls {
                ast::NullsOrder::First => true,
                ast::NullsOrder::Last => false,
                _ => desc,
            };
            order.push((x, desc, nf));
        }
        let mut e = self.resolve_call(f, args, filter, order)?;
        if let ExprKind::Agg(a) = &mut e.kind {
            if a.kind.is_window_only() {
                return Err(self.err_at(
                    pg_err!(
                        WRONG_OBJECT_TYPE,
                        "window function {} requires an OVER clause",
                        name
                    ),
                    f.location,
                ));
            }
            a.distinct = f.distinct;
            if f.distinct {
                for (i, (x, _, _)) in a.order_by.iter().enumerate() {
                    if !a.args.iter().any(|y| same_expr(x, y)) {
                        return Err(self.err_at(
                            pg_err!(
                                INVALID_COLUMN_REFERENCE,
                                "in an aggregate with DISTINCT, ORDER BY expressions must appear in argument list"
                            ),
                            f.order_by[i].expr.location(),
                        ));
                    }
                }
            }
        } else if f.distinct || !f.order_by.is_empty() || f.filter.is_some() {
            return Err(self.err_at(
                pg_err!(
                    WRONG_OBJECT_TYPE,
                    "{} specified, but {} is not an aggregate function",
                    if f.distinct {
                        "DISTINCT"
                    } else if f.filter.is_some() {
                        "FILTER"
                    } else {
                        "ORDER BY"
                    },
                    name
                ),
                f.location,
            ));
        }
        Ok(e)
    }

    fn resolve_call(
        &self,
        f: &ast::FuncCall,
        args: Vec<Expr>,
        filter: Option<Box<Expr>>,
        order: Vec<(Expr, bool, bool)>,
    ) -> PgResult<Expr> {
        let name = f.name.name.as_str();
        let loc = f.location;
        let inputs: Vec<Oid> = args.iter().map(|a| a.typ).collect();
        let empty: Vec<Candidate> = Vec::new();
        let cands = self.reg.funcs.get(name).unwrap_or(&empty);
        // Candidate argument lists, with VARIADIC expansion.
        let mut lists: Vec<Vec<Oid>> = Vec::new();
        let mut owners: Vec<(usize, bool)> = Vec::new();
        for (ci, c) in cands.iter().enumerate() {
            if c.args.len() == inputs.len() {
                lists.push(c.args.clone());
                owners.push((ci, false));
            }
            if c.variadic != 0 && !f.variadic && inputs.len() >= c.args.len() {
                let fixed = c.args.len() - 1;
                let mut l = c.args[..fixed].to_vec();
                l.extend(std::iter::repeat_n(c.variadic, inputs.len() - fixed));
                if l.len() == inputs.len() && !(c.args.len() == inputs.len() && l == c.args) {
                    lists.push(l);
                    owners.push((ci, true));
                }
            }
        }
        let pick = coerce::select_candidate(self.reg, &inputs, &lists);
        let exact = matches!(pick, Pick::One(i) if lists[i] == inputs);
        // Function-style cast: type_name(arg).
        if !exact && args.len() == 1 {
            if let Some(ti) = types::typeinfo::type_by_name(name) {
                let src = inputs[0];
                let pathway_ok = src == UNKNOWN
                    || matches!(
                        coerce::find_pathway(self.reg, src, ti.oid, Ctx::Explicit),
                        Some(crate::expr::CastHow::Relabel) | Some(crate::expr::CastHow::Io { .. })
                    )
                    || matches!(pick, Pick::None);
                if pathway_ok {
                    let a = args
                        .into_iter()
                        .next()
                        .unwrap_or_else(|| Expr::null(UNKNOWN));
                    if let Some(x) = self.coerce_at(a, ti.oid, -1, Ctx::Explicit, loc)? {
                        return Ok(x);
                    }
                    return Err(self.err_at(
                        pg_err!(
                            CANNOT_COERCE,
                            "cannot cast type {} to {}",
                            tname(src),
                            tname(ti.oid)
                        ),
                        loc,
                    ));
                }
            }
        }
        let idx = match pick {
            Pick::One(i) => i,
            Pick::None => {
                let sig: Vec<String> = inputs.iter().map(|&t| tname(t)).collect();
                return Err(self.err_at(
                    pg_err!(
                        UNDEFINED_FUNCTION,
                        "function {}({}) does not exist",
                        name,
                        sig.join(", ")
                    )
                    .with_hint(
                        "No function matches the given name and argument types. You might need to add explicit type casts.",
                    ),
                    loc,
                ));
            }
            Pick::Ambiguous => {
                let sig: Vec<String> = inputs.iter().map(|&t| tname(t)).collect();
                return Err(self.err_at(
                    pg_err!(
                        AMBIGUOUS_FUNCTION,
                        "function {}({}) is not unique",
                        name,
                        sig.join(", ")
                    )
                    .with_hint(
                        "Could not choose a best candidate function. You might need to add explicit type casts.",
                    ),
                    loc,
                ));
            }
        };
        let (ci, expanded) = owners[idx];
        let cand = &cands[ci];
        let (decl, ret) = coerce::resolve_polymorphic(&lists[idx], &inputs, cand.ret)
            .map_err(|e| self.err_at(e, loc))?;
        let mut cargs = Vec::new();
        for (a, &t) in args.into_iter().zip(decl.iter()) {
            let src = a.typ;
            let t2 = if t == ANY && src == UNKNOWN {
                UNKNOWN
            } else {
                t
            };
            let x = if t == ANY {
                a
            } else if matches!((src, t2), (INT2VECTOR, INT2_ARRAY) | (OIDVECTOR, OID_ARRAY)) {
                // int2vector/oidvector are stored as arrays: anyarray accepts them as is.
                Expr::new(
                    ExprKind::Cast {
                        arg: Box::new(a),
                        how: crate::expr::CastHow::Relabel,
                        explicit: false,
                    },
                    t2,
                )
            } else {
                self.coerce_at(a, t2, -1, Ctx::Implicit, loc)?
                    .ok_or_else(|| {
                        PgError::internal(format!(
                            "could not coerce {} to {}",
                            tname(src),
                            tname(t2)
                        ))
                    })?
            };
            cargs.push(x);
        }
        let mut decl_args = decl.clone();
        if f.variadic && cand.variadic == ANY && !expanded {
            if let Some(last) = cargs.pop() {
                if last.typ != UNKNOWN && types::typeinfo::element_type_of(last.typ).is_none() {
                    return Err(self.err_at(
                        pg_err!(DATATYPE_MISMATCH, "VARIADIC argument must be an array"),
                        f.args.last().map(|a| a.location()).unwrap_or(loc),
                    ));
                }
                let t = last.typ;
                cargs.push(Expr::new(ExprKind::Spread(Box::new(last)), t));
            }
        }
        if expanded && cand.variadic != ANY {
            // Pack the variadic arguments into an array.
            let fixed = cand.args.len() - 1;
            let rest: Vec<Expr> = cargs.drain(fixed..).collect();
            let elem = decl.get(fixed).copied().unwrap_or(cand.variadic);
            let at = types::typeinfo::array_type_of(elem).unwrap_or(ANYARRAY);
            cargs.push(Expr::new(
                ExprKind::Array {
                    elem,
                    elems: rest,
                    nested: false,
                },
                at,
            ));
            decl_args.truncate(fixed);
            decl_args.push(at);
        }
        let arg_types: Vec<Oid> = cargs.iter().map(|a| a.typ).collect();
        let kind = match &cand.imp {
            FuncImpl::Proc(func) => ExprKind::Func {
                func: *func,
                args: cargs,
                arg_types: if decl_args.contains(&ANY) {
                    arg_types
                } else {
                    decl_args
                },
            },
            FuncImpl::Session(s) => ExprKind::Session { f: *s, args: cargs },
            FuncImpl::Srf(s) => ExprKind::SrfCall {
                f: s.clone(),
                args: cargs,
            },
            FuncImpl::Agg(k) => ExprKind::Agg(Box::new(AggCall {
                kind: *k,
                name: name.to_string(),
                args: cargs,
                arg_type: decl.first().copied().unwrap_or(0),
                result_type: ret,
                distinct: false,
                filter,
                order_by: order,
                over: None,
            })),
        };
        Ok(Expr::new(kind, ret))
    }

    // ------------------------------------------------------------------ DML

    fn default_for(&self, rel: &RelationInfo, col: usize) -> PgResult<Expr> {
        let c = &rel.columns[col];
        match &c.default_expr {
            None => Ok(Expr::null(c.type_oid)),
            Some(text) => {
                let sql = format!("SELECT {}", text);
                let stmts = parser::parse(&sql)?;
                let e = match stmts.first().map(|s| &s.stmt) {
                    Some(ast::Statement::Select(s)) => match &s.body {
                        ast::SetExpr::Select(core) => match core.targets.first() {
                            Some(ast::SelectTarget::Expr { expr, .. }) => expr.clone(),
                            _ => return Err(PgError::internal("bad default expression")),
                        },
                        _ => return Err(PgError::internal("bad default expression")),
                    },
                    _ => return Err(PgError::internal("bad default expression")),
                };
                let inner = Analyzer {
                    catalog: self.catalog,
                    ccx: self.ccx,
                    env: self.env,
                    reg: self.reg,
                    query: &sql,
                    search_path: self.search_path.clone(),
                    param_types: vec![],
                    session_relations: self.session_relations,
                };
                let lv = Level::new(None);
                let x = inner.expr(&lv, &e, Clause::Other)?;
                let src = x.typ;
                coerce::coerce(
                    self.reg,
                    self.env,
                    x,
                    c.type_oid,
                    c.typmod,
                    Ctx::Assignment,
                    false,
                )?
                .ok_or_else(|| coerce::assignment_error(&c.name, c.type_oid, src))
            }
        }
    }

    fn assign(&self, rel: &RelationInfo, col: usize, x: Expr, loc: i32) -> PgResult<Expr> {
        let c = &rel.columns[col];
        if matches!(x.kind, ExprKind::Default) {
            return self.default_for(rel, col);
        }
        let src = x.typ;
        self.coerce_at(x, c.type_oid, c.typmod, Ctx::Assignment, loc)?
            .ok_or_else(|| self.err_at(coerce::assignment_error(&c.name, c.type_oid, src), loc))
    }

    fn target_rel(&self, name: &ast::QualifiedName) -> PgResult<Arc<RelationInfo>> {
        let rel = self.lookup_relation(name)?;
        match rel.relkind {
            b'r' | b'p' => Ok(rel),
            b'v' => Err(self.err_at(
                pg_err!(FEATURE_NOT_SUPPORTED, "cannot change view \"{}\"", rel.name),
                name.location,
            )),
            b'S' => Err(pg_err!(
                WRONG_OBJECT_TYPE,
                "cannot change sequence \"{}\"",
                rel.name
            )),
            _ => Err(pg_err!(
                WRONG_OBJECT_TYPE,
                "cannot change relation \"{}\"",
                rel.name
            )),
        }
    }

    fn column_index(&self, rel: &RelationInfo, name: &str, loc: i32) -> PgResult<usize> {
        rel.columns
            .iter()
            .position(|c| !c.dropped && c.name == name)
            .ok_or_else(|| {
                self.err_at(
                    pg_err!(
                        UNDEFINED_COLUMN,
                        "column \"{}\" of relation \"{}\" does not exist",
                        name,
                        rel.name
                    ),
                    loc,
                )
            })
    }

    fn insert(&self, s: &ast::InsertStmt) -> PgResult<Query> {
        let rel = self.target_rel(&s.table)?;
        let mut cols: Vec<usize> = Vec::new();
        let mut col_locs: Vec<i32> = Vec::new();
        if s.columns.is_empty() {
            cols = (0..rel.columns.len())
                .filter(|&i| !rel.columns[i].dropped)
                .collect();
            col_locs = vec![-1; cols.len()];
        } else {
            for c in &s.columns {
                if !c.indirection.is_empty() {
                    return Err(self.err_at(
                        pg_err!(
                            FEATURE_NOT_SUPPORTED,
                            "INSERT into subscripted or field columns is not supported yet"
                        ),
                        c.location,
                    ));
                }
                let i = self.column_index(&rel, &c.name, c.location)?;
                if cols.contains(&i) {
                    return Err(self.err_at(
                        pg_err!(
                            DUPLICATE_COLUMN,
                            "column \"{}\" specified more than once",
                            c.name
                        ),
                        c.location,
                    ));
                }
                cols.push(i);
                col_locs.push(c.location);
            }
        }
        let mut q = Query::empty(CmdType::Insert);
        let mut lv = Level::new(None);
        if let Some(w) = &s.with {
            for c in &w.ctes {
                lv.ctes.push(Cte {
                    name: c.name.clone(),
                    columns: c.columns.clone(),
                    query: &c.query,
                    recursive: w.recursive,
                    location: c.location,
                });
            }
        }
        // Source rows, one value per entry of `cols`.
        let mut from_source = false;
        match &s.source {
            ast::InsertSource::DefaultValues => {}
            ast::InsertSource::Query(sel) => {
                let simple_values = match &sel.body {
                    ast::SetExpr::Values(rows)
                        if sel.order_by.is_empty()
                            && sel.limit.is_none()
                            && sel.offset.is_none() =>
                    {
                        Some(rows)
                    }
                    _ => None,
                };
                if let Some(rows) = simple_values {
                    let mut arows = Vec::new();
                    for r in rows {
                        if r.len() > cols.len() {
                            return Err(self.err_at(
                                pg_err!(
                                    SYNTAX_ERROR,
                                    "INSERT has more expressions than target columns"
                                ),
                                r[cols.len()].location(),
                            ));
                        }
                        if r.len() < cols.len() && !s.columns.is_empty() {
                            return Err(self.err_at(
                                pg_err!(
                                    SYNTAX_ERROR,
                                    "INSERT has more target columns than expressions"
                                ),
                                col_locs[r.len()],
                            ));
                        }
                        let mut ar = Vec::new();
                        for (k, e) in r.iter().enumerate() {
                            let x = self.expr(&lv, e, Clause::Values)?;
                            ar.push(self.assign(&rel, cols[k], x, e.location())?);
                        }
                        for &ck in &cols[r.len()..] {
                            ar.push(self.default_for(&rel, ck)?);
                        }
                        arows.push(ar);
                    }
                    let names: Vec<String> =
                        (1..=cols.len()).map(|i| format!("column{}", i)).collect();
                    let types: Vec<(Oid, i32)> = cols
                        .iter()
                        .map(|&c| (rel.columns[c].type_oid, rel.columns[c].typmod))
                        .collect();
                    let idx = self.add_rte(
                        &mut lv,
                        RteKind::Values(arows),
                        "*VALUES*".into(),
                        names,
                        types,
                        false,
                    );
                    q.from.push(FromItem::Rte(idx));
                } else {
                    let sq = self.select(None, sel, false)?;
                    let n = sq.visible_targets().count();
                    if n > cols.len() {
                        return Err(pg_err!(
                            SYNTAX_ERROR,
                            "INSERT has more expressions than target columns"
                        ));
                    }
                    if n < cols.len() && !s.columns.is_empty() {
                        return Err(self.err_at(
                            pg_err!(
                                SYNTAX_ERROR,
                                "INSERT has more target columns than expressions"
                            ),
                            col_locs[n],
                        ));
                    }
                    cols.truncate(n);
                    let names: Vec<String> = sq.visible_targets().map(|t| t.name.clone()).collect();
                    let types: Vec<(Oid, i32)> = sq
                        .visible_targets()
                        .map(|t| (t.expr.typ, t.expr.typmod))
                        .collect();
                    let idx = self.add_rte(
                        &mut lv,
                        RteKind::Subquery(Box::new(sq)),
                        "*SELECT*".into(),
                        names,
                        types,
                        false,
                    );
                    q.from.push(FromItem::Rte(idx));
                    from_source = true;
                }
            }
        }
        // The new row.
        let mut new_row = Vec::new();
        for ci in 0..rel.columns.len() {
            let c = &rel.columns[ci];
            if c.dropped {
                new_row.push(Expr::null(c.type_oid));
                continue;
            }
            match cols.iter().position(|&x| x == ci) {
                Some(k) if !q.from.is_empty() => {
                    let (t, m) = lv.rtable[0].coltypes[k];
                    let x = Expr::column(k, t, m);
                    new_row.push(if from_source {
                        self.assign(&rel, ci, x, -1)?
                    } else {
                        x
                    });
                }
                _ => new_row.push(self.default_for(&rel, ci)?),
            }
        }
        // RETURNING sees the new row (+ ctid slot).
        let mut rlv = Level::new(None);
        let (_, items) = self.rel_item(&mut rlv, &rel, s.alias.clone())?;
        rlv.ns = items;
        let returning = self
            .target_list(&rlv, &s.returning)
            .map_err(|e| self.on_conflict_returning_error(s, e))?;
        self.check_no_aggs(&returning, &s.returning, "RETURNING")?;
        let on_conflict = match &s.on_conflict {
            Some(oc) => Some(Box::new(self.on_conflict(&rel, s, oc)?)),
            None => None,
        };
        q.rtable = lv.rtable;
        q.width = lv.width;
        q.modify = Some(ModifyInfo {
            rel,
            new_row,
            ctid_index: 0,
            returning,
            on_conflict,
        });
        Ok(q)
    }

    fn check_no_aggs(&self, ts: &[Target], ast: &[ast::SelectTarget], what: &str) -> PgResult<()> {
        if ts.iter().any(|t| t.expr.contains_agg()) {
            return Err(pg_err!(
                GROUPING_ERROR,
                "aggregate functions are not allowed in {}",
                what
            ));
        }
        if let Some(i) = ts.iter().position(|t| t.expr.contains_window()) {
            let loc = match ast.get(i) {
                Some(ast::SelectTarget::Expr { expr, .. }) => expr.location(),
                _ => -1,
            };
            return Err(self.err_at(
                pg_err!(
                    WINDOWING_ERROR,
                    "window functions are not allowed in {}",
                    what
                ),
                loc,
            ));
        }
        Ok(())
    }

    fn rel_item(
        &self,
        lv: &mut Level,
        rel: &Arc<RelationInfo>,
        alias: Option<String>,
    ) -> PgResult<(usize, Vec<NsItem>)> {
        let aname = alias.unwrap_or_else(|| rel.name.clone());
        let colnames: Vec<String> = rel
            .columns
            .iter()
            .map(|c| {
                if c.dropped {
                    String::new()
                } else {
                    c.name.clone()
                }
            })
            .collect();
        let coltypes: Vec<(Oid, i32)> =
            rel.columns.iter().map(|c| (c.type_oid, c.typmod)).collect();
        let idx = self.add_rte(
            lv,
            RteKind::Relation(rel.clone()),
            aname.clone(),
            colnames.clone(),
            coltypes.clone(),
            false,
        );
        let off = lv.rtable[idx].offset;
        let cols = colnames
            .into_iter()
            .zip(coltypes)
            .enumerate()
            .map(|(i, (n, (t, m)))| (n, Expr::column(off + i, t, m)))
            .collect();
        Ok((
            idx,
            vec![NsItem {
                alias: Some(aname),
                schema: Some(rel.namespace_name.clone()),
                cols,
                rel_visible: true,
                cols_visible: true,
                table_oid: rel.oid,
                sys_oid: sys_oid_expr(&lv.rtable[idx]),
            }],
        ))
    }

    fn update(&self, s: &ast::UpdateStmt) -> PgResult<Query> {
        if s.current_of.is_some() {
            return Err(pg_err!(
                FEATURE_NOT_SUPPORTED,
                "WHERE CURRENT OF is not supported yet"
            ));
        }
        let rel = self.target_rel(&s.table)?;
        let mut lv = Level::new(None);
        let mut q = Query::empty(CmdType::Update);
        let (idx, items) = self.rel_item(&mut lv, &rel, s.alias.clone())?;
        q.from.push(FromItem::Rte(idx));
        lv.ns.extend(items);
        for item in &s.from {
            let (fi, items) = self.analyze_from_item(&mut lv, item)?;
            q.from.push(fi);
            lv.ns.extend(items);
        }
        if let Some(w) = &s.where_clause {
            q.where_qual = Some(self.bool_expr(&lv, w, "WHERE", Clause::Where)?);
        }
        let mut new_row: Vec<Option<Expr>> = vec![None; rel.columns.len()];
        let set_one =
            |q: &mut Vec<Option<Expr>>, col: &ast::InsertColumn, e: &ast::Expr| -> PgResult<()> {
                let ci = self.column_index(&rel, &col.name, col.location)?;
                if q[ci].is_some() {
                    return Err(self.err_at(
                        pg_err!(
                            SYNTAX_ERROR,
                            "multiple assignments to same column \"{}\"",
                            col.name
                        ),
                        col.location,
                    ));
                }
                let x = self.expr(&lv, e, Clause::Values)?;
                if x.contains_agg() {
                    return Err(self.err_at(
                        pg_err!(
                            GROUPING_ERROR,
                            "aggregate functions are not allowed in UPDATE"
                        ),
                        e.location(),
                    ));
                }
                q[ci] = Some(self.assign(&rel, ci, x, e.location())?);
                Ok(())
            };
        for sc in &s.set {
            match sc {
                ast::SetClause::Single { column, value } => {
                    set_one(&mut new_row, column, value)?;
                }
                ast::SetClause::Multi { columns, value } => match strip_nested(value) {
                    ast::Expr::Row(items, loc) => {
                        if items.len() != columns.len() {
                            return Err(self.err_at(
                                pg_err!(
                                    SYNTAX_ERROR,
                                    "number of columns does not match number of values"
                                ),
                                *loc,
                            ));
                        }
                        for (c, v) in columns.iter().zip(items) {
                            set_one(&mut new_row, c, v)?;
                        }
                    }
                    other => {
                        if columns.len() == 1 {
                            set_one(&mut new_row, &columns[0], other)?;
                        } else {
                            return Err(self.err_at(
                                pg_err!(
                                    FEATURE_NOT_SUPPORTED,
                                    "multiple-column UPDATE from a sub-SELECT is not supported yet"
                                ),
                                other.location(),
                            ));
                        }
                    }
                },
            }
        }
        let new_row: Vec<Expr> = new_row
            .into_iter()
            .enumerate()
            .map(|(i, e)| {
                e.unwrap_or_else(|| Expr::column(i, rel.columns[i].type_oid, rel.columns[i].typmod))
            })
            .collect();
        let returning = self.target_list(&lv, &s.returning)?;
        self.check_no_aggs(&returning, &s.returning, "RETURNING")?;
        q.rtable = lv.rtable;
        q.width = lv.width;
        q.has_outer_refs = false;
        let ctid_index = rel.columns.len();
        q.modify = Some(ModifyInfo {
            rel,
            new_row,
            ctid_index,
            returning,
            on_conflict: None,
        });
        Ok(q)
    }

    fn delete(&self, s: &ast::DeleteStmt) -> PgResult<Query> {
        if s.current_of.is_some() {
            return Err(pg_err!(
                FEATURE_NOT_SUPPORTED,
                "WHERE CURRENT OF is not supported yet"
            ));
        }
        let rel = self.target_rel(&s.table)?;
        let mut lv = Level::new(None);
        let mut q = Query::empty(CmdType::Delete);
        let (idx, items) = self.rel_item(&mut lv, &rel, s.alias.clone())?;
        q.from.push(FromItem::Rte(idx));
        lv.ns.extend(items);
        for item in &s.using {
            let (fi, items) = self.analyze_from_item(&mut lv, item)?;
            q.from.push(fi);
            lv.ns.extend(items);
        }
        if let Some(w) = &s.where_clause {
            q.where_qual = Some(self.bool_expr(&lv, w, "WHERE", Clause::Where)?);
        }
        let returning = self.target_list(&lv, &s.returning)?;
        self.check_no_aggs(&returning, &s.returning, "RETURNING")?;
        q.rtable = lv.rtable;
        q.width = lv.width;
        let ctid_index = rel.columns.len();
        q.modify = Some(ModifyInfo {
            rel,
            new_row: vec![],
            ctid_index,
            returning,
            on_conflict: None,
        });
        Ok(q)
    }

    /// Analyze a column DEFAULT expression for a column of type (`typ`, `typmod`).
    pub fn check_default_expr(
        &self,
        e: &ast::Expr,
        col_name: &str,
        typ: Oid,
        typmod: i32,
    ) -> PgResult<Expr> {
        let lv = Level::new(None);
        let x = match self.expr(&lv, e, Clause::Other) {
            Err(er) if er.code == common::sqlstate::UNDEFINED_COLUMN => {
                return Err(self.err_at(
                    pg_err!(
                        FEATURE_NOT_SUPPORTED,
                        "cannot use column references in default expression"
                    ),
                    e.location(),
                ))
            }
            r => r?,
        };
        if x.contains_agg() {
            return Err(self.err_at(
                pg_err!(
                    GROUPING_ERROR,
                    "aggregate functions are not allowed in DEFAULT expressions"
                ),
                e.location(),
            ));
        }
        if x.contains_sublink() {
            return Err(self.err_at(
                pg_err!(
                    FEATURE_NOT_SUPPORTED,
                    "cannot use subquery in default expression"
                ),
                e.location(),
            ));
        }
        let src = x.typ;
        coerce::coerce(self.reg, self.env, x, typ, typmod, Ctx::Assignment, false)
            .map_err(|er| self.err_at(er, e.location()))?
            .ok_or_else(|| {
                self.err_at(
                    pg_err!(
                        DATATYPE_MISMATCH,
                        "column \"{}\" is of type {} but default expression is of type {}",
                        col_name,
                        tname(typ),
                        tname(src)
                    )
                    .with_hint("You will need to rewrite or cast the expression."),
                    e.location(),
                )
            })
    }

    /// Analyze an EXECUTE argument for parameter `$n` of type `typ` (assignment coercion;
    /// 42804 `parameter $n of type x cannot be coerced to the expected type y`).
    pub fn execute_param(&self, e: &ast::Expr, n: usize, typ: Oid) -> PgResult<Expr> {
        let lv = Level::new(None);
        let x = self.expr(&lv, e, Clause::Other)?;
        if x.contains_agg() {
            return Err(self.err_at(
                pg_err!(
                    GROUPING_ERROR,
                    "aggregate functions are not allowed in EXECUTE parameters"
                ),
                e.location(),
            ));
        }
        if x.contains_sublink() {
            return Err(self.err_at(
                pg_err!(
                    FEATURE_NOT_SUPPORTED,
                    "cannot use subquery in EXECUTE parameter"
                ),
                e.location(),
            ));
        }
        let src = x.typ;
        coerce::coerce(self.reg, self.env, x, typ, -1, Ctx::Assignment, false)
            .map_err(|er| self.err_at(er, e.location()))?
            .ok_or_else(|| {
                // PostgreSQL reports this one without a cursor position.
                pg_err!(
                    DATATYPE_MISMATCH,
                    "parameter ${} of type {} cannot be coerced to the expected type {}",
                    n,
                    tname(src),
                    tname(typ)
                )
                .with_hint("You will need to rewrite or cast the expression.")
            })
    }

    /// Analyze a standalone expression with no FROM clause (used by tests and utilities).
    pub fn standalone_expr(&self, e: &ast::Expr) -> PgResult<Expr> {
        let lv = Level::new(None);
        self.expr(&lv, e, Clause::Target)
    }
}

fn sys_oid_expr(r: &Rte) -> Option<Expr> {
    match &r.kind {
        RteKind::Relation(rel) if rel.has_oids() => {
            Some(Expr::column(r.offset + r.colnames.len() + 1, OID, -1))
        }
        _ => None,
    }
}

fn strip_nested(e: &ast::Expr) -> &ast::Expr {
    match e {
        ast::Expr::Nested(i, _) => strip_nested(i),
        other => other,
    }
}

fn setop_types(t: &SetOpTree) -> Vec<(Oid, i32)> {
    match t {
        SetOpTree::Leaf(q) => q
            .visible_targets()
            .map(|t| (t.expr.typ, t.expr.typmod))
            .collect(),
        SetOpTree::Op { types, .. } => types.clone(),
    }
}

fn visible_cols(items: &[NsItem]) -> Vec<(String, Expr)> {
    // The last item of a join's namespace is the join itself; a base relation has one item.
    match items.last() {
        Some(i) => i.cols.clone(),
        None => vec![],
    }
}

/// Index of the unique column `name`; Err(true) = ambiguous, Err(false) = missing.
fn find_unique_col(cols: &[(String, Expr)], name: &str) -> Result<usize, bool> {
    let mut found = None;
    for (i, (n, _)) in cols.iter().enumerate() {
        if n == name {
            if found.is_some() {
                return Err(true);
            }
            found = Some(i);
        }
    }
    found.ok_or(false)
}

/// Convert a `Datum` tid encoding back (used by the executor).
pub fn tid_to_datum(block: u32, offset: u16) -> Datum {
    Datum::Int8(((block as i64) << 16) | offset as i64)
}

pub fn datum_to_tid(d: &Datum) -> Option<(u32, u16)> {
    match d {
        Datum::Int8(v) => Some(((*v >> 16) as u32, (*v & 0xffff) as u16)),
        _ => None,
    }
}

/// The session's effective search path: pg_catalog first (unless listed), then the listed
/// schemas that exist (`$user` → the user's schema if it exists).
pub fn compute_search_path(
    catalog: &Catalog,
    ccx: &CatalogCx,
    search_path_setting: &str,
    user_name: &str,
) -> PgResult<Vec<Oid>> {
    let mut out = Vec::new();
    let mut names = Vec::new();
    for part in search_path_setting.split(',') {
        let p = part.trim();
        if p.is_empty() {
            continue;
        }
        let n = if p.starts_with('"') && p.ends_with('"') && p.len() >= 2 {
            p[1..p.len() - 1].replace("\"\"", "\"")
        } else {
            p.to_lowercase()
        };
        let n = if n == "$user" {
            user_name.to_string()
        } else {
            n
        };
        names.push(n);
    }
    if !names.iter().any(|n| n == "pg_catalog") {
        out.push(catalog::oids::PG_CATALOG_NAMESPACE);
    }
    for n in names {
        if let Some(o) = catalog.namespace_oid(ccx, &n)? {
            if !out.contains(&o) {
                out.push(o);
            }
        }
    }
    Ok(out)
}
