//! Transactional DDL on catalog rows: CREATE/DROP TABLE, CREATE/DROP SCHEMA, and the ALTER
//! TABLE building blocks (rename, add/drop column, defaults, NOT NULL). Rows are written with
//! the caller's xid, so they become visible to others at commit and vanish on rollback;
//! relation files are created at once (removed by `at_abort`) and unlinked by `at_commit`.

use crate::bootstrap::{
    array_type_row, attribute_row, cat, class_row, rowtype_row, system_attribute_rows, ClassRow,
    ProcNames, TypePhys,
};
use crate::oids::*;
use crate::rows::{Row, RowBuilder};
use crate::schema;
use crate::{Catalog, CatalogCx, NewColumn};
use access::{ItemPointer, ModifyResult, WriteCtx};
use common::{pg_err, Oid, PgError, PgResult, Xid};
use std::collections::HashSet;
use storage::{RelFileNode, DEFAULTTABLESPACE_OID};
use types::Datum;

/// A NOTICE produced by a DROP ... CASCADE (severity Notice, SQLSTATE 00000, with DETAIL when
/// several objects are dropped).
pub type DropNotice = PgError;

/// Longest identifier (NAMEDATALEN - 1 bytes).
const MAX_IDENT: usize = 63;

/// Keywords PostgreSQL's quote_identifier quotes (reserved, column-name and type/function-name
/// keywords).
const QUOTED_KEYWORDS: &[&str] = &[
    "all",
    "analyse",
    "analyze",
    "and",
    "any",
    "array",
    "as",
    "asc",
    "asymmetric",
    "authorization",
    "between",
    "bigint",
    "binary",
    "bit",
    "boolean",
    "both",
    "case",
    "cast",
    "char",
    "character",
    "check",
    "coalesce",
    "collate",
    "collation",
    "column",
    "concurrently",
    "constraint",
    "create",
    "cross",
    "current_catalog",
    "current_date",
    "current_role",
    "current_schema",
    "current_time",
    "current_timestamp",
    "current_user",
    "dec",
    "decimal",
    "default",
    "deferrable",
    "desc",
    "distinct",
    "do",
    "else",
    "end",
    "except",
    "exists",
    "extract",
    "false",
    "fetch",
    "float",
    "for",
    "foreign",
    "freeze",
    "from",
    "full",
    "grant",
    "greatest",
    "group",
    "grouping",
    "having",
    "ilike",
    "in",
    "initially",
    "inner",
    "inout",
    "int",
    "integer",
    "intersect",
    "interval",
    "into",
    "is",
    "isnull",
    "join",
    "lateral",
    "leading",
    "least",
    "left",
    "like",
    "limit",
    "localtime",
    "localtimestamp",
    "national",
    "natural",
    "nchar",
    "none",
    "not",
    "notnull",
    "null",
    "nullif",
    "numeric",
    "offset",
    "on",
    "only",
    "or",
    "order",
    "out",
    "outer",
    "overlaps",
    "overlay",
    "placing",
    "position",
    "precision",
    "primary",
    "real",
    "references",
    "returning",
    "right",
    "row",
    "select",
    "session_user",
    "setof",
    "similar",
    "smallint",
    "some",
    "substring",
    "symmetric",
    "table",
    "tablesample",
    "then",
    "time",
    "timestamp",
    "to",
    "trailing",
    "treat",
    "trim",
    "true",
    "union",
    "unique",
    "user",
    "using",
    "values",
    "varchar",
    "variadic",
    "verbose",
    "when",
    "where",
    "window",
    "with",
    "xmlattributes",
    "xmlconcat",
    "xmlelement",
    "xmlexists",
    "xmlforest",
    "xmlparse",
    "xmlpi",
    "xmlroot",
    "xmlserialize",
];

/// PostgreSQL's quote_identifier: double-quote a name unless it is a plain lower-case
/// identifier that is not a keyword.
pub fn quote_identifier(name: &str) -> String {
    let plain = !name.is_empty()
        && name
            .chars()
            .next()
            .map(|c| c.is_ascii_lowercase() || c == '_')
            .unwrap_or(false)
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !QUOTED_KEYWORDS.contains(&name);
    if plain {
        name.to_string()
    } else {
        format!("\"{}\"", name.replace('"', "\"\""))
    }
}

/// Truncate an identifier to NAMEDATALEN-1 bytes at a character boundary.
fn truncate_ident(s: &str) -> String {
    if s.len() <= MAX_IDENT {
        return s.to_string();
    }
    let mut end = MAX_IDENT;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s[..end].to_string()
}

/// The object-kind word PostgreSQL's getObjectDescription uses for a relkind.
pub fn relkind_word(relkind: u8) -> &'static str {
    match relkind {
        b'i' => "index",
        b'S' => "sequence",
        b'v' => "view",
        b'm' => "materialized view",
        b'c' => "type",
        b'f' => "foreign table",
        b't' => "toast table",
        _ => "table",
    }
}

/// A member of a schema being dropped.
#[derive(Clone, Debug)]
struct Member {
    oid: Oid,
    kind: MemberKind,
    description: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum MemberKind {
    Relation,
    Type,
    Function,
}

/// A catalog row written by the current command cannot be modified again by it: the caller
/// must advance the command id (CommandCounterIncrement) between such DDL steps.
fn same_command_error() -> PgError {
    PgError::internal(
        "catalog row was written by the current command (missing command counter increment)",
    )
}

fn has_storage(relkind: u8) -> bool {
    matches!(relkind, b'r' | b'i' | b'S' | b'm' | b't')
}

impl Catalog {
    fn require_xid(&self, cx: &CatalogCx) -> PgResult<()> {
        if cx.xid == txn::INVALID_XID {
            return Err(PgError::internal(
                "catalog modification without a transaction id",
            ));
        }
        let mut st = self.lock();
        st.xacts.entry(cx.xid).or_default();
        Ok(())
    }

    fn write_ctx<'a>(&self, cx: &'a CatalogCx) -> WriteCtx<'a> {
        WriteCtx {
            tm: cx.tm,
            xid: cx.xid,
            cid: cx.cid,
            snapshot: cx.snapshot,
            interrupts: cx.interrupts,
        }
    }

    /// Insert a row into catalog `catoid` as the caller's transaction.
    pub(crate) fn insert_row(
        &self,
        cx: &CatalogCx,
        catoid: Oid,
        values: &[Datum],
    ) -> PgResult<ItemPointer> {
        self.require_xid(cx)?;
        let def = cat(catoid);
        let w = self.write_ctx(cx);
        access::heap_insert(
            &self.storage,
            def.file(cx.db_oid),
            &def.tuple_desc(),
            values,
            &w,
        )
    }

    /// Delete a scanned catalog row.
    pub(crate) fn delete_row(&self, cx: &CatalogCx, row: &Row) -> PgResult<()> {
        self.require_xid(cx)?;
        let w = self.write_ctx(cx);
        match access::heap_delete(&self.storage, row.def.file(cx.db_oid), row.tid, &w)? {
            ModifyResult::Ok(_) | ModifyResult::SelfModified => Ok(()),
            ModifyResult::Invisible => Err(same_command_error()),
            ModifyResult::Updated { .. } => Err(PgError::internal("tuple concurrently updated")),
        }
    }

    /// Replace a scanned catalog row by `values`.
    pub(crate) fn update_row(&self, cx: &CatalogCx, row: &Row, values: &[Datum]) -> PgResult<()> {
        self.require_xid(cx)?;
        let w = self.write_ctx(cx);
        match access::heap_update(
            &self.storage,
            row.def.file(cx.db_oid),
            &row.def.tuple_desc(),
            row.tid,
            values,
            &w,
        )? {
            ModifyResult::Ok(_) => Ok(()),
            ModifyResult::Invisible => Err(same_command_error()),
            ModifyResult::SelfModified => Err(PgError::internal("tuple already updated by self")),
            ModifyResult::Updated { .. } => Err(PgError::internal("tuple concurrently updated")),
        }
    }

    /// Delete every row of `catoid` that `pred` accepts; returns the deleted rows.
    pub(crate) fn delete_where(
        &self,
        cx: &CatalogCx,
        catoid: Oid,
        pred: impl FnMut(&Row) -> bool,
    ) -> PgResult<Vec<Row>> {
        let rows = self.scan(cx, catoid, pred)?;
        for r in &rows {
            self.delete_row(cx, r)?;
        }
        Ok(rows)
    }

    /// Claim a name being created by this transaction; waits for another in-progress creator
    /// of the same name and fails like PostgreSQL's unique index if it committed.
    fn claim_name(
        &self,
        cx: &CatalogCx,
        ns: Oid,
        kind: u8,
        name: &str,
        on_conflict: impl Fn() -> PgError,
    ) -> PgResult<()> {
        let key = (cx.db_oid, ns, kind, name.to_string());
        loop {
            let holder = {
                let mut st = self.lock();
                match st.pending_names.get(&key) {
                    Some(&x) if !cx.tm.same_transaction(x, cx.xid) => Some(x),
                    Some(_) => None, // held by this transaction (maybe an enclosing level)
                    _ => {
                        st.pending_names.insert(key.clone(), cx.xid);
                        None
                    }
                }
            };
            let Some(other) = holder else {
                return Ok(());
            };
            cx.tm.wait_for(other, cx.interrupts)?;
            match cx.tm.status(other) {
                txn::XidStatus::Committed => return Err(on_conflict()),
                txn::XidStatus::Aborted => {
                    let mut st = self.lock();
                    if st.pending_names.get(&key) == Some(&other) {
                        st.pending_names.insert(key.clone(), cx.xid);
                        return Ok(());
                    }
                }
                txn::XidStatus::InProgress => {
                    cx.interrupts.check()?;
                }
            }
        }
    }

    /// Does a relation or type named `name` exist in `ns` (latest committed state + own)?
    fn relation_or_type_exists(
        &self,
        cx: &CatalogCx,
        ns: Oid,
        name: &str,
    ) -> PgResult<(bool, bool)> {
        let snap = self.fresh_snapshot(cx);
        let rel = !self
            .scan_with(cx, cat(schema::PG_CLASS), &snap, |r| {
                r.oid("relnamespace").unwrap_or(0) == ns && r.is("relname", name).unwrap_or(false)
            })?
            .is_empty();
        let typ = !self
            .scan_with(cx, cat(schema::PG_TYPE), &snap, |r| {
                r.oid("typnamespace").unwrap_or(0) == ns && r.is("typname", name).unwrap_or(false)
            })?
            .is_empty();
        Ok((rel, typ))
    }

    /// Physical facts of column type `type_oid`.
    fn column_phys(&self, cx: &CatalogCx, type_oid: Oid) -> PgResult<(TypePhys, u8)> {
        if let Some(ti) = types::type_info(type_oid) {
            return Ok((TypePhys::builtin(type_oid), ti.typtype));
        }
        match self.type_rec(cx, type_oid)? {
            Some(t) => Ok((
                TypePhys {
                    len: t.entry.len,
                    byval: t.entry.byval,
                    align: t.entry.align,
                    storage: t.storage,
                    collation: t.collation,
                    is_array: t.entry.category == b'A' && t.entry.len == -1 && t.entry.elem != 0,
                },
                t.entry.typtype,
            )),
            None => Err(pg_err!(
                UNDEFINED_OBJECT,
                "type with OID {} does not exist",
                type_oid
            )),
        }
    }

    fn type_display(&self, cx: &CatalogCx, type_oid: Oid) -> String {
        if types::type_info(type_oid).is_some() {
            return types::typeinfo::display_name(type_oid);
        }
        match self.type_by_oid(cx, type_oid) {
            Ok(Some(t)) => t.name,
            _ => "???".to_string(),
        }
    }

    fn depend_row(
        classid: Oid,
        objid: Oid,
        objsubid: i32,
        refclassid: Oid,
        refobjid: Oid,
        refobjsubid: i32,
        deptype: u8,
    ) -> Vec<Datum> {
        RowBuilder::new(cat(schema::PG_DEPEND))
            .oid("classid", classid)
            .oid("objid", objid)
            .i32("objsubid", objsubid)
            .oid("refclassid", refclassid)
            .oid("refobjid", refobjid)
            .i32("refobjsubid", refobjsubid)
            .ch("deptype", deptype)
            .build()
    }

    fn attrdef_row(oid: Oid, relid: Oid, attnum: i16, expr: &str) -> Vec<Datum> {
        RowBuilder::new(cat(schema::PG_ATTRDEF))
            .row_oid(oid)
            .oid("adrelid", relid)
            .i16("adnum", attnum)
            .text("adbin", expr)
            .text("adsrc", expr)
            .build()
    }

    /// `oid` conflicts only for tables WITH OIDS (checked by `set_relation_has_oids`).
    fn check_column_name(name: &str) -> PgResult<()> {
        if schema::system_columns(false)
            .iter()
            .any(|(n, _, _)| *n == name)
        {
            return Err(pg_err!(
                DUPLICATE_COLUMN,
                "column name \"{}\" conflicts with a system column name",
                name
            ));
        }
        Ok(())
    }

    /// Create a table (pg_class, pg_type row type + array type, pg_attribute, pg_attrdef rows,
    /// and its file). Returns the new relation's OID. Errors: 42P07 `relation "x" already exists`.
    pub fn create_table(
        &self,
        cx: &CatalogCx,
        namespace_oid: Oid,
        name: &str,
        columns: &[NewColumn],
        persistence: u8,
    ) -> PgResult<Oid> {
        self.create_relation_ex(cx, namespace_oid, name, columns, persistence, b'r')
    }

    /// Create a relation of kind `relkind` (b'r' table, b'S' sequence, b'v' view, b'm'
    /// materialized view, b'c' composite type, b'i' index: indexes get no row type). Relkinds
    /// with storage get a file. Errors as `create_table`, plus 42701 for duplicate or system
    /// column names and 54011 for more than 1600 columns.
    pub fn create_relation_ex(
        &self,
        cx: &CatalogCx,
        namespace_oid: Oid,
        name: &str,
        columns: &[NewColumn],
        persistence: u8,
        relkind: u8,
    ) -> PgResult<Oid> {
        let name = truncate_ident(name);
        let mut seen = HashSet::new();
        for c in columns {
            if !seen.insert(c.name.as_str()) {
                return Err(pg_err!(
                    DUPLICATE_COLUMN,
                    "column \"{}\" specified more than once",
                    c.name
                ));
            }
        }
        if columns.len() > MAX_COLUMNS {
            return Err(pg_err!(
                TOO_MANY_COLUMNS,
                "tables can have at most {} columns",
                MAX_COLUMNS
            ));
        }
        for c in columns {
            Self::check_column_name(&c.name)?;
        }
        let mut phys = Vec::with_capacity(columns.len());
        for c in columns {
            let (p, typtype) = self.column_phys(cx, c.type_oid)?;
            if typtype == b'p' && relkind != b'v' {
                return Err(pg_err!(
                    INVALID_TABLE_DEFINITION,
                    "column \"{}\" has pseudo-type {}",
                    c.name,
                    self.type_display(cx, c.type_oid)
                ));
            }
            phys.push(p);
        }
        self.require_xid(cx)?;
        let dup_table = || pg_err!(DUPLICATE_TABLE, "relation \"{}\" already exists", name);
        let (rel_exists, type_exists) = self.relation_or_type_exists(cx, namespace_oid, &name)?;
        if rel_exists {
            return Err(dup_table());
        }
        let with_rowtype = relkind != b'i';
        if type_exists && with_rowtype {
            return Err(pg_err!(DUPLICATE_OBJECT, "type \"{}\" already exists", name).with_hint(
                "A relation has an associated type of the same name, so you must use a name that doesn't conflict with any existing type.",
            ));
        }
        let nsp = namespace_oid;
        let uname = name.clone();
        self.claim_name(cx, namespace_oid, b'r', &name, move || {
            pg_err!(
                UNIQUE_VIOLATION,
                "duplicate key value violates unique constraint \"pg_type_typname_nsp_index\""
            )
            .with_detail(format!(
                "Key (typname, typnamespace)=({uname}, {nsp}) already exists."
            ))
        })?;
        // A relation created after our claim but committed before it is caught here.
        if self.relation_or_type_exists(cx, namespace_oid, &name)?.0 {
            return Err(dup_table());
        }

        let relid = self.next_oid()?;
        let owner = self.current_owner(cx);
        let file = RelFileNode {
            spc_node: DEFAULTTABLESPACE_OID,
            db_node: cx.db_oid,
            rel_node: relid,
        };
        if has_storage(relkind) {
            self.storage.create_relation(file)?;
            let mut st = self.lock();
            st.xacts.entry(cx.xid).or_default().created.push(file);
        }
        let procs = ProcNames::new();
        let (rowtype, arraytype) = if with_rowtype {
            (self.next_oid()?, self.next_oid()?)
        } else {
            (0, 0)
        };
        if with_rowtype {
            self.insert_row(
                cx,
                schema::PG_TYPE,
                &rowtype_row(
                    &procs,
                    rowtype,
                    &name,
                    namespace_oid,
                    owner,
                    relid,
                    arraytype,
                ),
            )?;
            let array_name = self.array_type_name(cx, namespace_oid, &name)?;
            self.insert_row(
                cx,
                schema::PG_TYPE,
                &array_type_row(
                    &procs,
                    arraytype,
                    &array_name,
                    namespace_oid,
                    owner,
                    rowtype,
                    b'd',
                ),
            )?;
        }
        let frozen = if cx.snapshot.xmin != 0 {
            cx.snapshot.xmin
        } else {
            cx.xid
        };
        self.insert_row(
            cx,
            schema::PG_CLASS,
            &class_row(&ClassRow {
                oid: relid,
                name: &name,
                namespace: namespace_oid,
                rowtype,
                owner,
                relfilenode: if has_storage(relkind) { relid } else { 0 },
                tablespace: 0,
                shared: false,
                persistence,
                relkind,
                natts: columns.len() as i16,
                has_oids: false,
                replident: if relkind == b'r' { b'd' } else { b'n' },
                frozenxid: if has_storage(relkind) { frozen } else { 0 },
            }),
        )?;
        for (i, (c, p)) in columns.iter().zip(&phys).enumerate() {
            let attnum = (i + 1) as i16;
            self.insert_row(
                cx,
                schema::PG_ATTRIBUTE,
                &attribute_row(
                    relid,
                    &c.name,
                    c.type_oid,
                    c.typmod,
                    attnum,
                    *p,
                    c.not_null,
                    c.default_expr.is_some(),
                ),
            )?;
        }
        if relkind != b'v' && relkind != b'c' {
            for r in system_attribute_rows(relid, false) {
                self.insert_row(cx, schema::PG_ATTRIBUTE, &r)?;
            }
        }
        for (i, c) in columns.iter().enumerate() {
            if let Some(expr) = &c.default_expr {
                let attnum = (i + 1) as i16;
                let adoid = self.next_oid()?;
                self.insert_row(
                    cx,
                    schema::PG_ATTRDEF,
                    &Self::attrdef_row(adoid, relid, attnum, expr),
                )?;
                self.insert_row(
                    cx,
                    schema::PG_DEPEND,
                    &Self::depend_row(
                        schema::PG_ATTRDEF,
                        adoid,
                        0,
                        schema::PG_CLASS,
                        relid,
                        attnum as i32,
                        b'a',
                    ),
                )?;
            }
        }
        // Dependencies: relation -> schema, row type -> relation, array type -> row type,
        // columns -> user-defined types.
        self.insert_row(
            cx,
            schema::PG_DEPEND,
            &Self::depend_row(
                schema::PG_CLASS,
                relid,
                0,
                schema::PG_NAMESPACE,
                namespace_oid,
                0,
                b'n',
            ),
        )?;
        if with_rowtype {
            self.insert_row(
                cx,
                schema::PG_DEPEND,
                &Self::depend_row(
                    schema::PG_TYPE,
                    rowtype,
                    0,
                    schema::PG_CLASS,
                    relid,
                    0,
                    b'i',
                ),
            )?;
            self.insert_row(
                cx,
                schema::PG_DEPEND,
                &Self::depend_row(
                    schema::PG_TYPE,
                    arraytype,
                    0,
                    schema::PG_TYPE,
                    rowtype,
                    0,
                    b'i',
                ),
            )?;
        }
        for (i, c) in columns.iter().enumerate() {
            if c.type_oid >= FIRST_NORMAL_OID {
                self.insert_row(
                    cx,
                    schema::PG_DEPEND,
                    &Self::depend_row(
                        schema::PG_CLASS,
                        relid,
                        (i + 1) as i32,
                        schema::PG_TYPE,
                        c.type_oid,
                        0,
                        b'n',
                    ),
                )?;
            }
        }
        Ok(relid)
    }

    /// The owner recorded for new objects: the bootstrap superuser (sessions pass their role
    /// to `create_namespace`; relations are owned by the superuser until roles are tracked).
    fn current_owner(&self, _cx: &CatalogCx) -> Oid {
        BOOTSTRAP_SUPERUSER
    }

    /// PostgreSQL's makeArrayTypeName: '_' + name (truncated), adding underscores while taken.
    fn array_type_name(&self, cx: &CatalogCx, ns: Oid, name: &str) -> PgResult<String> {
        let snap = self.fresh_snapshot(cx);
        let taken: HashSet<String> = self
            .scan_with(cx, cat(schema::PG_TYPE), &snap, |r| {
                r.oid("typnamespace").unwrap_or(0) == ns
            })?
            .iter()
            .filter_map(|r| r.text("typname").ok())
            .collect();
        let mut prefix = String::from("_");
        for _ in 0..MAX_IDENT {
            let candidate = truncate_ident(&format!("{prefix}{name}"));
            if !taken.contains(&candidate) {
                return Ok(candidate);
            }
            prefix.push('_');
        }
        Err(pg_err!(
            DUPLICATE_OBJECT,
            "could not form array type name for type \"{}\"",
            name
        ))
    }

    /// Drop a relation (catalog rows now; its file is removed when the transaction commits).
    pub fn drop_relation(&self, cx: &CatalogCx, oid: Oid) -> PgResult<()> {
        let mut visited = HashSet::new();
        self.drop_relation_inner(cx, oid, &mut visited)
    }

    fn drop_relation_inner(
        &self,
        cx: &CatalogCx,
        oid: Oid,
        visited: &mut HashSet<Oid>,
    ) -> PgResult<()> {
        if !visited.insert(oid) {
            return Ok(());
        }
        self.require_xid(cx)?;
        let Some(class) = self.class_row(cx, oid)? else {
            return Err(PgError::internal(format!(
                "cache lookup failed for relation {oid}"
            )));
        };
        let relkind = class.ch("relkind")?;
        let rowtype = class.oid("reltype")?;
        // Dependent relations: indexes on it, sequences owned by its columns, ...
        let dependents: Vec<Oid> = self
            .scan(cx, schema::PG_DEPEND, |r| {
                r.oid("refclassid").unwrap_or(0) == schema::PG_CLASS
                    && r.oid("refobjid").unwrap_or(0) == oid
                    && r.oid("classid").unwrap_or(0) == schema::PG_CLASS
                    && matches!(r.ch("deptype").unwrap_or(0), b'a' | b'i')
            })?
            .iter()
            .filter_map(|r| r.oid("objid").ok())
            .filter(|o| *o != oid)
            .collect();
        let mut index_oids: Vec<Oid> = self
            .scan(cx, schema::PG_INDEX, |r| {
                r.oid("indrelid").unwrap_or(0) == oid
            })?
            .iter()
            .filter_map(|r| r.oid("indexrelid").ok())
            .collect();
        index_oids.extend(dependents);
        for dep in index_oids {
            if self.class_row(cx, dep)?.is_some() {
                self.drop_relation_inner(cx, dep, visited)?;
            }
        }

        self.delete_row(cx, &class)?;
        self.delete_where(cx, schema::PG_ATTRIBUTE, |r| {
            r.oid("attrelid").unwrap_or(0) == oid
        })?;
        let attrdefs: HashSet<Oid> = self
            .delete_where(cx, schema::PG_ATTRDEF, |r| {
                r.oid("adrelid").unwrap_or(0) == oid
            })?
            .iter()
            .map(|r| r.row_oid())
            .collect();
        let mut type_oids: HashSet<Oid> = HashSet::new();
        if rowtype != 0 {
            let types = self.delete_where(cx, schema::PG_TYPE, |r| {
                r.row_oid() == rowtype
                    || (r.oid("typelem").unwrap_or(0) == rowtype
                        && r.ch("typcategory").unwrap_or(0) == b'A')
            })?;
            type_oids.extend(types.iter().map(|r| r.row_oid()));
        }
        self.delete_where(cx, schema::PG_DEPEND, |r| {
            let classid = r.oid("classid").unwrap_or(0);
            let objid = r.oid("objid").unwrap_or(0);
            let refclassid = r.oid("refclassid").unwrap_or(0);
            let refobjid = r.oid("refobjid").unwrap_or(0);
            (classid == schema::PG_CLASS && objid == oid)
                || (refclassid == schema::PG_CLASS && refobjid == oid)
                || (classid == schema::PG_TYPE && type_oids.contains(&objid))
                || (classid == schema::PG_ATTRDEF && attrdefs.contains(&objid))
        })?;
        self.delete_where(cx, schema::PG_DESCRIPTION, |r| {
            r.oid("objoid").unwrap_or(0) == oid
                && r.oid("classoid").unwrap_or(0) == schema::PG_CLASS
        })?;
        // Comments on the relation's constraints go with them.
        let con_oids: HashSet<Oid> = self
            .scan(cx, schema::PG_CONSTRAINT, |r| {
                r.oid("conrelid").unwrap_or(0) == oid
            })?
            .iter()
            .map(|r| r.row_oid())
            .collect();
        if !con_oids.is_empty() {
            self.delete_where(cx, schema::PG_DESCRIPTION, |r| {
                r.oid("classoid").unwrap_or(0) == schema::PG_CONSTRAINT
                    && con_oids.contains(&r.oid("objoid").unwrap_or(0))
            })?;
        }
        for (catoid, col) in [
            (schema::PG_CONSTRAINT, "conrelid"),
            (schema::PG_INDEX, "indexrelid"),
            (schema::PG_INHERITS, "inhrelid"),
            (schema::PG_STATISTIC, "starelid"),
            (schema::PG_TRIGGER, "tgrelid"),
            (schema::PG_REWRITE, "ev_class"),
            (schema::PG_SEQUENCE, "seqrelid"),
        ] {
            self.delete_where(cx, catoid, |r| r.oid(col).unwrap_or(0) == oid)?;
        }
        if has_storage(relkind) {
            let shared = class.bool("relisshared")?;
            let spc = class.oid("reltablespace")?;
            let file = RelFileNode {
                spc_node: if spc != 0 { spc } else { DEFAULTTABLESPACE_OID },
                db_node: if shared { 0 } else { cx.db_oid },
                rel_node: class.oid("relfilenode")?,
            };
            let mut st = self.lock();
            st.xacts.entry(cx.xid).or_default().dropped.push(file);
        }
        Ok(())
    }

    /// Create a schema. Errors: 42P06 `schema "x" already exists`.
    pub fn create_namespace(&self, cx: &CatalogCx, name: &str, owner: Oid) -> PgResult<Oid> {
        let name = truncate_ident(name);
        self.require_xid(cx)?;
        let exists = |this: &Catalog| -> PgResult<bool> {
            let snap = this.fresh_snapshot(cx);
            Ok(!this
                .scan_with(cx, cat(schema::PG_NAMESPACE), &snap, |r| {
                    r.is("nspname", &name).unwrap_or(false)
                })?
                .is_empty())
        };
        let dup = || pg_err!(DUPLICATE_SCHEMA, "schema \"{}\" already exists", name);
        if exists(self)? {
            return Err(dup());
        }
        let n2 = name.clone();
        self.claim_name(cx, 0, b'n', &name, move || {
            pg_err!(
                UNIQUE_VIOLATION,
                "duplicate key value violates unique constraint \"pg_namespace_nspname_index\""
            )
            .with_detail(format!("Key (nspname)=({n2}) already exists."))
        })?;
        if exists(self)? {
            return Err(dup());
        }
        let oid = self.next_oid()?;
        self.insert_row(
            cx,
            schema::PG_NAMESPACE,
            &RowBuilder::new(cat(schema::PG_NAMESPACE))
                .row_oid(oid)
                .text("nspname", &name)
                .oid("nspowner", owner)
                .build(),
        )?;
        Ok(oid)
    }

    /// The objects in schema `ns` that DROP SCHEMA reports (relations other than indexes and
    /// owned sequences, stand-alone types, functions), in creation (OID) order.
    fn namespace_members(
        &self,
        cx: &CatalogCx,
        ns: Oid,
        qualify: &dyn Fn(Oid) -> bool,
    ) -> PgResult<Vec<Member>> {
        let ns_name = self.namespace_name(cx, ns)?.unwrap_or_default();
        let qual = |obj_ns: Oid, name: &str| {
            if qualify(obj_ns) {
                format!("{}.{}", quote_identifier(&ns_name), quote_identifier(name))
            } else {
                quote_identifier(name)
            }
        };
        let mut out = Vec::new();
        let classes = self.scan(cx, schema::PG_CLASS, |r| {
            r.oid("relnamespace").unwrap_or(0) == ns
        })?;
        let owned: HashSet<Oid> = self
            .scan(cx, schema::PG_DEPEND, |r| {
                r.oid("classid").unwrap_or(0) == schema::PG_CLASS
                    && r.oid("refclassid").unwrap_or(0) == schema::PG_CLASS
                    && matches!(r.ch("deptype").unwrap_or(0), b'a' | b'i')
            })?
            .iter()
            .filter_map(|r| r.oid("objid").ok())
            .collect();
        let mut rowtypes = HashSet::new();
        for r in &classes {
            rowtypes.insert(r.oid("reltype")?);
            let relkind = r.ch("relkind")?;
            if relkind == b'i' || relkind == b't' || owned.contains(&r.row_oid()) {
                continue;
            }
            out.push(Member {
                oid: r.row_oid(),
                kind: MemberKind::Relation,
                description: format!(
                    "{} {}",
                    relkind_word(relkind),
                    qual(ns, &r.text("relname")?)
                ),
            });
        }
        let type_rows = self.scan(cx, schema::PG_TYPE, |r| {
            r.oid("typnamespace").unwrap_or(0) == ns
        })?;
        for r in &type_rows {
            let oid = r.row_oid();
            let elem = r.oid("typelem")?;
            let is_array = r.ch("typcategory")? == b'A' && r.int("typlen")? == -1 && elem != 0;
            if rowtypes.contains(&oid) || r.oid("typrelid")? != 0 || is_array {
                continue;
            }
            out.push(Member {
                oid,
                kind: MemberKind::Type,
                description: format!("type {}", qual(ns, &r.text("typname")?)),
            });
        }
        for r in self.scan(cx, schema::PG_PROC, |r| {
            r.oid("pronamespace").unwrap_or(0) == ns
        })? {
            let args: Vec<String> = match r.get("proargtypes")? {
                Datum::Array(a) => a
                    .elems
                    .iter()
                    .map(|d| self.type_display(cx, crate::rows::datum_oid(d)))
                    .collect(),
                _ => Vec::new(),
            };
            out.push(Member {
                oid: r.row_oid(),
                kind: MemberKind::Function,
                description: format!(
                    "function {}({})",
                    qual(ns, &r.text("proname")?),
                    args.join(", ")
                ),
            });
        }
        out.sort_by_key(|m| m.oid);
        Ok(out)
    }

    /// Drop a schema; with `cascade` also the relations in it (NOTICE texts are returned),
    /// else 2BP01 if it is not empty.
    ///
    /// Returns the primary message of each NOTICE: `drop cascades to table s.t` for one object,
    /// `drop cascades to N other objects` for several (use `drop_namespace_notices` to get the
    /// DETAIL listing them too).
    pub fn drop_namespace(&self, cx: &CatalogCx, oid: Oid, cascade: bool) -> PgResult<Vec<String>> {
        Ok(self
            .drop_namespace_notices(cx, oid, cascade, &[])?
            .into_iter()
            .map(|n| n.message)
            .collect())
    }

    /// DROP SCHEMA with PostgreSQL's full messages. Objects are named schema-qualified unless
    /// their schema is in `search_path` (visible). Without `cascade`, a non-empty schema fails
    /// with 2BP01 `cannot drop schema s because other objects depend on it`, DETAIL one line
    /// `table s.t depends on schema s` per object, HINT `Use DROP ... CASCADE to drop the
    /// dependent objects too.`. With `cascade` the returned notices are: none for an empty
    /// schema; `drop cascades to table s.t` for one object; `drop cascades to N other objects`
    /// with DETAIL `drop cascades to table s.t` lines for several.
    pub fn drop_namespace_notices(
        &self,
        cx: &CatalogCx,
        oid: Oid,
        cascade: bool,
        search_path: &[Oid],
    ) -> PgResult<Vec<PgError>> {
        let Some(ns_name) = self.namespace_name(cx, oid)? else {
            return Err(PgError::internal(format!(
                "cache lookup failed for namespace {oid}"
            )));
        };
        let qualify = |ns: Oid| !search_path.contains(&ns);
        let members = self.namespace_members(cx, oid, &qualify)?;
        if !members.is_empty() && !cascade {
            let detail: Vec<String> = members
                .iter()
                .map(|m| {
                    format!(
                        "{} depends on schema {}",
                        m.description,
                        quote_identifier(&ns_name)
                    )
                })
                .collect();
            return Err(pg_err!(
                DEPENDENT_OBJECTS_STILL_EXIST,
                "cannot drop schema {} because other objects depend on it",
                quote_identifier(&ns_name)
            )
            .with_detail(detail.join("\n"))
            .with_hint("Use DROP ... CASCADE to drop the dependent objects too."));
        }
        self.require_xid(cx)?;
        let mut visited = HashSet::new();
        for m in &members {
            match m.kind {
                MemberKind::Relation => {
                    if self.class_row(cx, m.oid)?.is_some() {
                        self.drop_relation_inner(cx, m.oid, &mut visited)?;
                    }
                }
                MemberKind::Type => {
                    let mo = m.oid;
                    self.delete_where(cx, schema::PG_TYPE, |r| {
                        r.row_oid() == mo
                            || (r.oid("typelem").unwrap_or(0) == mo
                                && r.ch("typcategory").unwrap_or(0) == b'A')
                    })?;
                    self.delete_where(cx, schema::PG_DEPEND, |r| {
                        r.oid("classid").unwrap_or(0) == schema::PG_TYPE
                            && r.oid("objid").unwrap_or(0) == mo
                    })?;
                }
                MemberKind::Function => {
                    let mo = m.oid;
                    self.delete_where(cx, schema::PG_PROC, |r| r.row_oid() == mo)?;
                    self.delete_where(cx, schema::PG_AGGREGATE, |r| {
                        r.oid("aggfnoid").unwrap_or(0) == mo
                    })?;
                    self.delete_where(cx, schema::PG_DEPEND, |r| {
                        r.oid("classid").unwrap_or(0) == schema::PG_PROC
                            && r.oid("objid").unwrap_or(0) == mo
                    })?;
                }
            }
        }
        let Some(row) = self
            .scan(cx, schema::PG_NAMESPACE, |r| r.row_oid() == oid)?
            .into_iter()
            .next()
        else {
            return Err(PgError::internal(format!(
                "cache lookup failed for namespace {oid}"
            )));
        };
        self.delete_row(cx, &row)?;
        self.delete_where(cx, schema::PG_DESCRIPTION, |r| {
            r.oid("objoid").unwrap_or(0) == oid
                && r.oid("classoid").unwrap_or(0) == schema::PG_NAMESPACE
        })?;
        Ok(match members.len() {
            0 => Vec::new(),
            1 => vec![PgError::notice(format!(
                "drop cascades to {}",
                members[0].description
            ))],
            n => vec![
                PgError::notice(format!("drop cascades to {n} other objects")).with_detail(
                    members
                        .iter()
                        .map(|m| format!("drop cascades to {}", m.description))
                        .collect::<Vec<_>>()
                        .join("\n"),
                ),
            ],
        })
    }

    /// Rename a relation (and its row type and array type). Errors: 42P07.
    pub fn rename_relation(&self, cx: &CatalogCx, oid: Oid, new_name: &str) -> PgResult<()> {
        let new_name = truncate_ident(new_name);
        self.require_xid(cx)?;
        let Some(class) = self.class_row(cx, oid)? else {
            return Err(PgError::internal(format!(
                "cache lookup failed for relation {oid}"
            )));
        };
        let ns = class.oid("relnamespace")?;
        let (rel_exists, type_exists) = self.relation_or_type_exists(cx, ns, &new_name)?;
        if rel_exists {
            return Err(pg_err!(
                DUPLICATE_TABLE,
                "relation \"{}\" already exists",
                new_name
            ));
        }
        if type_exists {
            return Err(pg_err!(
                DUPLICATE_OBJECT,
                "type \"{}\" already exists",
                new_name
            ));
        }
        let nn = new_name.clone();
        self.claim_name(cx, ns, b'r', &new_name, move || {
            pg_err!(DUPLICATE_TABLE, "relation \"{}\" already exists", nn)
        })?;
        let mut values = class.values.clone();
        if let Some(i) = class.def.col("relname") {
            values[i] = Datum::Text(new_name.clone());
        }
        self.update_row(cx, &class, &values)?;
        let rowtype = class.oid("reltype")?;
        if rowtype != 0 {
            let array_name = self.array_type_name(cx, ns, &new_name)?;
            for r in self.scan(cx, schema::PG_TYPE, |r| {
                r.row_oid() == rowtype
                    || (r.oid("typelem").unwrap_or(0) == rowtype
                        && r.ch("typcategory").unwrap_or(0) == b'A')
            })? {
                let mut v = r.values.clone();
                let name = if r.row_oid() == rowtype {
                    new_name.clone()
                } else {
                    array_name.clone()
                };
                if let Some(i) = r.def.col("typname") {
                    v[i] = Datum::Text(name);
                }
                self.update_row(cx, &r, &v)?;
            }
        }
        Ok(())
    }

    fn attribute_rows(&self, cx: &CatalogCx, relid: Oid) -> PgResult<Vec<Row>> {
        self.scan(cx, schema::PG_ATTRIBUTE, |r| {
            r.oid("attrelid").unwrap_or(0) == relid
        })
    }

    /// ALTER TABLE ADD COLUMN: appends column `col` (attnum = relnatts + 1) and returns its
    /// attnum. Existing rows read the new column as NULL; a non-NULL default for existing rows
    /// needs a table rewrite by the caller. Errors: 42701 `column "c" of relation "t" already
    /// exists`, 54011.
    pub fn add_column(&self, cx: &CatalogCx, relid: Oid, col: &NewColumn) -> PgResult<i16> {
        self.require_xid(cx)?;
        let Some(class) = self.class_row(cx, relid)? else {
            return Err(PgError::internal(format!(
                "cache lookup failed for relation {relid}"
            )));
        };
        let relname = class.text("relname")?;
        let atts = self.attribute_rows(cx, relid)?;
        if atts
            .iter()
            .any(|r| r.is("attname", &col.name).unwrap_or(false))
        {
            return Err(pg_err!(
                DUPLICATE_COLUMN,
                "column \"{}\" of relation \"{}\" already exists",
                col.name,
                relname
            ));
        }
        let natts = class.int("relnatts")?;
        if natts as usize >= MAX_COLUMNS {
            return Err(pg_err!(
                TOO_MANY_COLUMNS,
                "tables can have at most {} columns",
                MAX_COLUMNS
            ));
        }
        let (phys, typtype) = self.column_phys(cx, col.type_oid)?;
        if typtype == b'p' {
            return Err(pg_err!(
                INVALID_TABLE_DEFINITION,
                "column \"{}\" has pseudo-type {}",
                col.name,
                self.type_display(cx, col.type_oid)
            ));
        }
        let attnum = (natts + 1) as i16;
        self.insert_row(
            cx,
            schema::PG_ATTRIBUTE,
            &attribute_row(
                relid,
                &col.name,
                col.type_oid,
                col.typmod,
                attnum,
                phys,
                col.not_null,
                col.default_expr.is_some(),
            ),
        )?;
        if let Some(expr) = &col.default_expr {
            let adoid = self.next_oid()?;
            self.insert_row(
                cx,
                schema::PG_ATTRDEF,
                &Self::attrdef_row(adoid, relid, attnum, expr),
            )?;
            self.insert_row(
                cx,
                schema::PG_DEPEND,
                &Self::depend_row(
                    schema::PG_ATTRDEF,
                    adoid,
                    0,
                    schema::PG_CLASS,
                    relid,
                    attnum as i32,
                    b'a',
                ),
            )?;
        }
        let mut values = class.values.clone();
        if let Some(i) = class.def.col("relnatts") {
            values[i] = Datum::Int2(attnum);
        }
        self.update_row(cx, &class, &values)?;
        Ok(attnum)
    }

    fn attribute_row_of(&self, cx: &CatalogCx, relid: Oid, attnum: i16) -> PgResult<Row> {
        self.attribute_rows(cx, relid)?
            .into_iter()
            .find(|r| r.int("attnum").unwrap_or(0) == attnum as i64)
            .ok_or_else(|| {
                PgError::internal(format!(
                    "cache lookup failed for attribute {attnum} of relation {relid}"
                ))
            })
    }

    fn set_attribute_field(
        &self,
        cx: &CatalogCx,
        row: &Row,
        changes: &[(&str, Datum)],
    ) -> PgResult<()> {
        let mut v = row.values.clone();
        for (name, d) in changes {
            if let Some(i) = row.def.col(name) {
                v[i] = d.clone();
            }
        }
        self.update_row(cx, row, &v)
    }

    /// Delete the pg_attrdef rows (and their pg_depend rows) of column `attnum`.
    fn remove_defaults(&self, cx: &CatalogCx, relid: Oid, attnum: i16) -> PgResult<()> {
        let old: HashSet<Oid> = self
            .delete_where(cx, schema::PG_ATTRDEF, |r| {
                r.oid("adrelid").unwrap_or(0) == relid
                    && r.int("adnum").unwrap_or(0) == attnum as i64
            })?
            .iter()
            .map(|r| r.row_oid())
            .collect();
        if !old.is_empty() {
            self.delete_where(cx, schema::PG_DEPEND, |r| {
                r.oid("classid").unwrap_or(0) == schema::PG_ATTRDEF
                    && old.contains(&r.oid("objid").unwrap_or(0))
            })?;
        }
        Ok(())
    }

    /// ALTER COLUMN SET DEFAULT expr / DROP DEFAULT (`None`).
    pub fn set_column_default(
        &self,
        cx: &CatalogCx,
        relid: Oid,
        attnum: i16,
        default_expr: Option<&str>,
    ) -> PgResult<()> {
        self.require_xid(cx)?;
        let att = self.attribute_row_of(cx, relid, attnum)?;
        self.remove_defaults(cx, relid, attnum)?;
        if let Some(expr) = default_expr {
            let adoid = self.next_oid()?;
            self.insert_row(
                cx,
                schema::PG_ATTRDEF,
                &Self::attrdef_row(adoid, relid, attnum, expr),
            )?;
            self.insert_row(
                cx,
                schema::PG_DEPEND,
                &Self::depend_row(
                    schema::PG_ATTRDEF,
                    adoid,
                    0,
                    schema::PG_CLASS,
                    relid,
                    attnum as i32,
                    b'a',
                ),
            )?;
        }
        let has = default_expr.is_some();
        if att.bool("atthasdef")? != has {
            self.set_attribute_field(cx, &att, &[("atthasdef", Datum::Bool(has))])?;
        }
        Ok(())
    }

    /// ALTER COLUMN SET NOT NULL (`true`) / DROP NOT NULL (`false`). Checking existing rows
    /// is the caller's job.
    pub fn set_not_null(
        &self,
        cx: &CatalogCx,
        relid: Oid,
        attnum: i16,
        not_null: bool,
    ) -> PgResult<()> {
        self.require_xid(cx)?;
        let att = self.attribute_row_of(cx, relid, attnum)?;
        if att.bool("attnotnull")? != not_null {
            self.set_attribute_field(cx, &att, &[("attnotnull", Datum::Bool(not_null))])?;
        }
        Ok(())
    }

    /// ALTER TABLE DROP COLUMN: the column stays as a dropped slot (attisdropped, renamed to
    /// `........pg.dropped.N........`, type 0) so existing rows keep their layout; its default
    /// is removed.
    pub fn drop_column(&self, cx: &CatalogCx, relid: Oid, attnum: i16) -> PgResult<()> {
        self.require_xid(cx)?;
        let att = self.attribute_row_of(cx, relid, attnum)?;
        self.remove_defaults(cx, relid, attnum)?;
        self.delete_where(cx, schema::PG_DESCRIPTION, |r| {
            r.oid("objoid").unwrap_or(0) == relid
                && r.oid("classoid").unwrap_or(0) == schema::PG_CLASS
                && r.int("objsubid").unwrap_or(0) == attnum as i64
        })?;
        self.set_attribute_field(
            cx,
            &att,
            &[
                ("attisdropped", Datum::Bool(true)),
                ("atthasdef", Datum::Bool(false)),
                (
                    "attname",
                    Datum::Text(format!("........pg.dropped.{attnum}........")),
                ),
                ("atttypid", Datum::Oid(0)),
                ("attnotnull", Datum::Bool(false)),
                ("attstattarget", Datum::Int4(0)),
            ],
        )
    }

    /// Rename column `attnum` of relation `relid`. Errors: 42701 `column "c" of relation "t"
    /// already exists`.
    pub fn rename_column(
        &self,
        cx: &CatalogCx,
        relid: Oid,
        attnum: i16,
        new_name: &str,
    ) -> PgResult<()> {
        self.require_xid(cx)?;
        let new_name = truncate_ident(new_name);
        let atts = self.attribute_rows(cx, relid)?;
        if atts
            .iter()
            .any(|r| r.is("attname", &new_name).unwrap_or(false))
        {
            let relname = self
                .class_row(cx, relid)?
                .map(|c| c.text("relname").unwrap_or_default())
                .unwrap_or_default();
            return Err(pg_err!(
                DUPLICATE_COLUMN,
                "column \"{}\" of relation \"{}\" already exists",
                new_name,
                relname
            ));
        }
        Self::check_column_name(&new_name)?;
        let att = self.attribute_row_of(cx, relid, attnum)?;
        self.set_attribute_field(cx, &att, &[("attname", Datum::Text(new_name))])
    }

    /// TRUNCATE / table rewrite: give relation `relid` a new, empty file (a new relfilenode
    /// OID). The old file is unlinked at commit, the new one at abort. Returns the new file.
    pub fn new_relfilenode(&self, cx: &CatalogCx, relid: Oid) -> PgResult<RelFileNode> {
        self.require_xid(cx)?;
        let Some(class) = self.class_row(cx, relid)? else {
            return Err(PgError::internal(format!(
                "cache lookup failed for relation {relid}"
            )));
        };
        let relkind = class.ch("relkind")?;
        if !has_storage(relkind) || class.bool("relisshared")? {
            return Err(PgError::internal(format!(
                "cannot assign a new relfilenode to relation {relid}"
            )));
        }
        let spc = class.oid("reltablespace")?;
        let spc = if spc != 0 { spc } else { DEFAULTTABLESPACE_OID };
        let old = RelFileNode {
            spc_node: spc,
            db_node: cx.db_oid,
            rel_node: class.oid("relfilenode")?,
        };
        let new = RelFileNode {
            spc_node: spc,
            db_node: cx.db_oid,
            rel_node: self.next_oid()?,
        };
        self.storage.create_relation(new)?;
        {
            let mut st = self.lock();
            let x = st.xacts.entry(cx.xid).or_default();
            x.created.push(new);
            x.dropped.push(old);
        }
        let mut values = class.values.clone();
        if let Some(i) = class.def.col("relfilenode") {
            values[i] = Datum::Oid(new.rel_node);
        }
        self.update_row(cx, &class, &values)?;
        Ok(new)
    }

    /// Insert a row into system catalog `catoid` of the caller's database (or the shared
    /// catalog) as the caller's transaction; build `values` with `rows::RowBuilder` (column
    /// order, then the row OID for catalogs with OIDs). For catalogs DDL here does not cover
    /// yet (pg_sequence, pg_description, pg_rewrite, ...).
    pub fn insert_catalog_row(
        &self,
        cx: &CatalogCx,
        catoid: Oid,
        values: &[Datum],
    ) -> PgResult<ItemPointer> {
        if schema::by_oid(catoid).is_none() {
            return Err(PgError::internal(format!(
                "unknown system catalog {catoid}"
            )));
        }
        self.insert_row(cx, catoid, values)
    }

    /// Rows of system catalog `catoid` visible to the caller (own writes included) that
    /// `pred` accepts.
    pub fn catalog_rows(
        &self,
        cx: &CatalogCx,
        catoid: Oid,
        pred: impl FnMut(&Row) -> bool,
    ) -> PgResult<Vec<Row>> {
        self.scan(cx, catoid, pred)
    }

    /// Delete the rows of system catalog `catoid` that `pred` accepts; returns how many.
    pub fn delete_catalog_rows(
        &self,
        cx: &CatalogCx,
        catoid: Oid,
        pred: impl FnMut(&Row) -> bool,
    ) -> PgResult<usize> {
        Ok(self.delete_where(cx, catoid, pred)?.len())
    }

    /// Replace each row of `catoid` that `pred` accepts by `f(row)` (full new values, same
    /// layout); returns how many. A row written by the current command cannot be updated.
    pub fn update_catalog_rows(
        &self,
        cx: &CatalogCx,
        catoid: Oid,
        pred: impl FnMut(&Row) -> bool,
        mut f: impl FnMut(&Row) -> Vec<Datum>,
    ) -> PgResult<usize> {
        let rows = self.scan(cx, catoid, pred)?;
        for r in &rows {
            let v = f(r);
            self.update_row(cx, r, &v)?;
        }
        Ok(rows.len())
    }

    /// CREATE TABLE ... WITH OIDS: give `relid` a row OID (pg_class.relhasoids and the `oid`
    /// system attribute). Must run in a later command than the one that created the table.
    pub fn set_relation_has_oids(&self, cx: &CatalogCx, relid: Oid) -> PgResult<()> {
        let class = schema::by_oid(schema::PG_CLASS)
            .ok_or_else(|| PgError::internal("pg_class is not defined"))?;
        let slot = class
            .col("relhasoids")
            .ok_or_else(|| PgError::internal("pg_class has no relhasoids"))?;
        if self
            .attribute_rows(cx, relid)?
            .iter()
            .any(|r| r.is("attname", "oid").unwrap_or(false))
        {
            return Err(pg_err!(
                DUPLICATE_COLUMN,
                "column name \"oid\" conflicts with a system column name"
            ));
        }
        let rows = self.scan(cx, schema::PG_CLASS, |r| r.row_oid() == relid)?;
        for r in rows {
            let mut v = r.values.clone();
            if let Some(s) = v.get_mut(slot) {
                *s = Datum::Bool(true);
            }
            self.update_row(cx, &r, &v)?;
        }
        let attr = schema::by_oid(schema::PG_ATTRIBUTE)
            .ok_or_else(|| PgError::internal("pg_attribute is not defined"))?;
        let attnum = attr
            .col("attnum")
            .ok_or_else(|| PgError::internal("pg_attribute has no attnum"))?;
        for row in system_attribute_rows(relid, true) {
            if matches!(row.get(attnum), Some(Datum::Int2(-2))) {
                self.insert_row(cx, schema::PG_ATTRIBUTE, &row)?;
            }
        }
        Ok(())
    }

    /// True if transaction `xid` has modified the catalogs and not yet ended.
    pub fn xact_modified_catalog(&self, xid: Xid) -> bool {
        self.lock().xacts.contains_key(&xid)
    }
}
