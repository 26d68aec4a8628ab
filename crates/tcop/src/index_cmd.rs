//! CREATE INDEX / DROP INDEX, PRIMARY KEY and UNIQUE constraints (CREATE TABLE, ALTER TABLE
//! ADD/DROP CONSTRAINT), and the session-side index upkeep: entries for COPY FROM batches,
//! TRUNCATE (fresh empty index files), rebuilding after table rewrites, and VACUUM's removal
//! of entries pointing to dead heap tuples. An index is a B-tree (access::btree) in its own
//! relation file, recorded in pg_class (relkind 'i'), pg_attribute and pg_index; constraint
//! indexes also get a pg_constraint row.

use crate::session::Session;
use catalog::{NewColumn, RelationInfo};
use common::{pg_err, sqlstate, Oid, PgError, PgResult};
use parser::ast::{CreateIndexStmt, DropStmt, Expr, NullsOrder, SortDirection};
use types::Datum;

/// An ExecContext over the session's fields.
macro_rules! exec_cx {
    ($s:expr, $notices:expr) => {
        executor::ExecContext {
            storage: &$s.engine.storage,
            tm: &$s.engine.tm,
            catalog: &$s.engine.catalog,
            db_oid: $s.db.oid,
            db_name: &$s.db.name,
            user_oid: $s.role.oid,
            user_name: &$s.role.name,
            txn: &mut $s.xact.txn,
            env: &$s.env,
            gucs: &mut $s.gucs,
            interrupts: &$s.interrupts,
            notices: &mut $notices,
            backend_pid: $s.backend_pid,
            params: &[],
            session_relations: None,
        }
    };
}

/// One key column of an index to create.
#[derive(Clone, Debug)]
pub(crate) struct IndexColSpec {
    pub column: Option<String>,
    pub expr: Option<Expr>,
    pub desc: bool,
    pub nulls_first: bool,
}

impl IndexColSpec {
    pub(crate) fn column(name: &str) -> IndexColSpec {
        IndexColSpec {
            column: Some(name.to_string()),
            expr: None,
            desc: false,
            nulls_first: false,
        }
    }
}

/// Name PostgreSQL gives an expression index column (FigureColname-like).
fn expr_column_name(e: &Expr) -> String {
    // Only the leading name matters; an expression that can't be written back is refused
    // later, when its text is stored.
    let sql = crate::deparse::expr_sql(e, "index expression").unwrap_or_default();
    let head: String = sql
        .trim_start_matches('(')
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    if !head.is_empty()
        && sql.trim_start_matches('(')[head.len()..].starts_with('(')
        && !head.chars().next().is_some_and(|c| c.is_ascii_digit())
    {
        head.to_lowercase()
    } else {
        "expr".to_string()
    }
}

fn qualified(rel: &RelationInfo) -> String {
    format!(
        "{}.{}",
        catalog::ddl::quote_identifier(&rel.namespace_name),
        catalog::ddl::quote_identifier(&rel.name)
    )
}

impl Session {
    pub(crate) fn exec_create_index(&mut self, c: &CreateIndexStmt) -> PgResult<String> {
        let rel = self.lookup_relation(&c.table)?.ok_or_else(|| {
            pg_err!(
                UNDEFINED_TABLE,
                "relation \"{}\" does not exist",
                c.table.name
            )
        })?;
        if rel.relkind != b'r' && rel.relkind != b'm' {
            return Err(pg_err!(
                WRONG_OBJECT_TYPE,
                "\"{}\" is not a table or materialized view",
                rel.name
            ));
        }
        if c.concurrently && self.xact.block != crate::xact::Block::None {
            return Err(pg_err!(
                ACTIVE_SQL_TRANSACTION,
                "CREATE INDEX CONCURRENTLY cannot run inside a transaction block"
            ));
        }
        let am = match &c.method {
            Some(m) => catalog::index::am_oid(m).ok_or_else(|| {
                pg_err!(UNDEFINED_OBJECT, "access method \"{}\" does not exist", m)
            })?,
            None => catalog::index::BTREE_AM_OID,
        };
        if c.unique && am != catalog::index::BTREE_AM_OID {
            return Err(pg_err!(
                FEATURE_NOT_SUPPORTED,
                "access method \"{}\" does not support unique indexes",
                catalog::index::am_name(am)
            ));
        }
        let cols: Vec<IndexColSpec> = c
            .columns
            .iter()
            .map(|el| {
                let desc = el.direction == SortDirection::Desc;
                IndexColSpec {
                    column: el.column.clone(),
                    expr: el.expr.clone(),
                    desc,
                    nulls_first: match el.nulls {
                        NullsOrder::First => true,
                        NullsOrder::Last => false,
                        NullsOrder::Default => desc,
                    },
                }
            })
            .collect();
        let name = match &c.name {
            Some(n) => n.clone(),
            None => {
                let mut base = rel.name.clone();
                for col in &cols {
                    base.push('_');
                    match (&col.column, &col.expr) {
                        (Some(n), _) => base.push_str(n),
                        (None, Some(e)) => base.push_str(&expr_column_name(e)),
                        _ => base.push_str("expr"),
                    }
                }
                base.push_str("_idx");
                self.unique_relation_name(rel.namespace_oid, &base)?
            }
        };
        let ns = rel.namespace_oid;
        let exists = {
            let n = name.clone();
            self.with_catalog(false, |cat, cx| cat.relation_oid(cx, ns, &n))?
        };
        if exists.is_some() {
            if c.if_not_exists {
                self.notice(
                    sqlstate::DUPLICATE_TABLE,
                    &format!("relation \"{name}\" already exists, skipping"),
                );
                return Ok("CREATE INDEX".into());
            }
            return Err(pg_err!(
                DUPLICATE_TABLE,
                "relation \"{}\" already exists",
                name
            ));
        }
        self.define_index(
            &rel,
            &name,
            &cols,
            (c.unique, false, am),
            c.where_clause.as_ref(),
            None,
        )?;
        Ok("CREATE INDEX".into())
    }

    /// Create and build index `name` on `rel`; with `constraint` (b'p' / b'u') also its
    /// pg_constraint row. Returns the index OID.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn define_index(
        &mut self,
        rel: &RelationInfo,
        name: &str,
        cols: &[IndexColSpec],
        (unique, primary, am): (bool, bool, Oid),
        pred: Option<&Expr>,
        constraint: Option<(u8, bool, bool)>,
    ) -> PgResult<Oid> {
        if cols.len() > 32 {
            return Err(pg_err!(
                TOO_MANY_COLUMNS,
                "cannot use more than 32 columns in an index"
            ));
        }
        let system_refs = cols
            .iter()
            .filter_map(|c| c.expr.as_ref())
            .chain(pred)
            .any(references_system_column);
        let system_key = cols.iter().any(|c| {
            c.column
                .as_deref()
                .is_some_and(|n| rel.column(n).is_none() && is_indexless_system_column(n))
        });
        if system_key || system_refs {
            return Err(pg_err!(
                FEATURE_NOT_SUPPORTED,
                "index creation on system columns is not supported"
            ));
        }
        let mut columns: Vec<NewColumn> = Vec::new();
        let mut attnums: Vec<i16> = Vec::new();
        let mut options: Vec<i16> = Vec::new();
        let mut expr_texts: Vec<String> = Vec::new();
        let mut expr_slots: Vec<usize> = Vec::new();
        for col in cols {
            let (base, type_oid, typmod, attnum) = match (&col.column, &col.expr) {
                (Some(name), _) => {
                    let c = rel.column(name).ok_or_else(|| {
                        if constraint.is_some() {
                            pg_err!(
                                UNDEFINED_COLUMN,
                                "column \"{}\" named in key does not exist",
                                name
                            )
                        } else {
                            pg_err!(UNDEFINED_COLUMN, "column \"{}\" does not exist", name)
                        }
                    })?;
                    (name.clone(), c.type_oid, c.typmod, c.attnum)
                }
                (None, Some(e)) => {
                    expr_texts.push(format!(
                        "({})",
                        crate::deparse::expr_sql(e, "index expression")?
                    ));
                    expr_slots.push(columns.len());
                    (expr_column_name(e), types::oids::TEXT, -1, 0)
                }
                _ => return Err(PgError::internal("index column without name or expression")),
            };
            let mut n = base.clone();
            let mut k = 0;
            while columns.iter().any(|x: &NewColumn| x.name == n) {
                k += 1;
                n = format!("{base}{k}");
            }
            columns.push(NewColumn {
                name: n,
                type_oid,
                typmod,
                not_null: false,
                default_expr: None,
            });
            attnums.push(attnum);
            let mut opt = 0;
            if col.desc {
                opt |= catalog::index::INDOPTION_DESC;
            }
            if col.nulls_first {
                opt |= catalog::index::INDOPTION_NULLS_FIRST;
            }
            options.push(opt);
        }
        let exprs = if expr_texts.is_empty() {
            None
        } else {
            Some(expr_texts.join(", "))
        };
        let pred_text = pred
            .map(|p| crate::deparse::expr_sql(p, "index predicate"))
            .transpose()?;
        // Analyze expressions (their types) and the predicate against the table.
        if exprs.is_some() || pred_text.is_some() {
            let sql = format!(
                "SELECT {} FROM ONLY {}{}",
                exprs.as_deref().unwrap_or("1"),
                qualified(rel),
                pred_text
                    .as_ref()
                    .map(|p| format!(" WHERE {p}"))
                    .unwrap_or_default()
            );
            let parsed = parser::parse(&sql)?;
            let first = parsed
                .first()
                .ok_or_else(|| PgError::internal("bad index expression"))?;
            let mut notices = Vec::new();
            let planned = {
                let cx = exec_cx!(self, notices);
                executor::plan_statement(&first.stmt, &sql, &cx)?
            };
            if exprs.is_some() {
                for (slot, col) in expr_slots.iter().zip(planned.columns.iter()) {
                    if let Some(c) = columns.get_mut(*slot) {
                        c.type_oid = if col.1 == types::oids::UNKNOWN {
                            types::oids::TEXT
                        } else {
                            col.1
                        };
                        c.typmod = col.2;
                    }
                }
            }
        }
        let relid = rel.oid;
        let ns = rel.namespace_oid;
        let persistence = rel.persistence;
        let name_s = name.to_string();
        let idx = self.with_catalog(true, |cat, cx| {
            let idx = cat.create_relation_ex(cx, ns, &name_s, &columns, persistence, b'i')?;
            cat.insert_index_row(
                cx,
                &catalog::index::NewIndex {
                    index_oid: idx,
                    table_oid: relid,
                    keys: &attnums,
                    options: &options,
                    unique,
                    primary,
                    immediate: !constraint.is_some_and(|c| c.1),
                    exprs: exprs.as_deref(),
                    pred: pred_text.as_deref(),
                },
            )?;
            if let Some((ct, deferrable, deferred)) = constraint {
                cat.add_index_constraint(
                    cx,
                    &name_s,
                    ns,
                    ct,
                    relid,
                    idx,
                    &attnums,
                    (deferrable, deferred),
                )?;
            }
            Ok(idx)
        })?;
        self.command_counter_increment();
        self.with_catalog(true, |cat, cx| {
            cat.mark_index_class_rows(cx, relid, idx, am)
        })?;
        self.command_counter_increment();
        // Only B-trees exist: other access methods are recorded in the catalogs only.
        if am == catalog::index::BTREE_AM_OID {
            self.build_index_oid(rel, idx)?;
        }
        Ok(idx)
    }

    /// (Re)build index `idx` of `rel` from the table's rows.
    pub(crate) fn build_index_oid(&mut self, rel: &RelationInfo, idx: Oid) -> PgResult<()> {
        let desc = self
            .with_catalog(false, |cat, cx| cat.index_by_oid(cx, idx))?
            .ok_or_else(|| PgError::internal(format!("index {idx} not found")))?;
        self.xact.txn.assign_xid(&self.engine.tm)?;
        let mut notices = Vec::new();
        let r = {
            let mut cx = exec_cx!(self, notices);
            executor::index_maint::build_index(&mut cx, rel, &desc)
        };
        self.notices.extend(notices);
        r.map(|_| ())
    }

    /// Rebuild every index of `rel` (after a rewrite of its rows).
    pub(crate) fn reindex_relation(&mut self, rel: &RelationInfo) -> PgResult<()> {
        let relid = rel.oid;
        let list = self.with_catalog(false, |cat, cx| cat.relation_indexes(cx, relid))?;
        for d in list {
            if d.am == catalog::index::BTREE_AM_OID {
                self.build_index_oid(rel, d.oid)?;
            }
        }
        Ok(())
    }

    /// TRUNCATE: give each index of table `relid` a new, empty file.
    pub(crate) fn truncate_indexes(&mut self, relid: Oid) -> PgResult<()> {
        let list = self.with_catalog(false, |cat, cx| cat.relation_indexes(cx, relid))?;
        for d in list {
            let file = self.with_catalog(true, |cat, cx| cat.new_relfilenode(cx, d.oid))?;
            if d.am == catalog::index::BTREE_AM_OID {
                let mut nd = d.clone();
                nd.file = file;
                executor::index_maint::open_btree(&self.engine.storage, &nd).init_empty()?;
            }
        }
        Ok(())
    }

    /// VACUUM: drop index entries of dead heap tuples of `rel` (before the heap vacuum).
    pub(crate) fn vacuum_relation_indexes(
        &mut self,
        rel: &RelationInfo,
        horizon: common::Xid,
    ) -> PgResult<()> {
        let relid = rel.oid;
        let mut list = self.with_catalog(false, |cat, cx| cat.relation_indexes(cx, relid))?;
        list.retain(|d| d.am == catalog::index::BTREE_AM_OID);
        if list.is_empty() {
            return Ok(());
        }
        executor::index_maint::vacuum_indexes(
            &self.engine.storage,
            &self.engine.tm,
            rel,
            &list,
            horizon,
        )?;
        Ok(())
    }

    /// COPY FROM: index entries for a stored batch of rows.
    pub(crate) fn copy_index_entries(
        &mut self,
        rel: &RelationInfo,
        rows: &[Vec<Datum>],
        tids: &[access::ItemPointer],
        indexes: &mut Option<executor::index_maint::IndexSet>,
    ) -> PgResult<()> {
        let mut notices = Vec::new();
        let r = {
            let mut cx = exec_cx!(self, notices);
            // Opened at the first batch and kept for the whole COPY.
            let set = match indexes {
                Some(set) => set,
                None => indexes.insert(executor::index_maint::IndexSet::open_cx(&cx, rel)?),
            };
            if set.is_empty() {
                Ok(())
            } else {
                let mut rt = executor::Runtime::new(&mut cx, &[]);
                let mut r = Ok(());
                for (vals, tid) in rows.iter().zip(tids) {
                    r = set.insert_entries(&mut rt, vals, *tid);
                    if r.is_err() {
                        break;
                    }
                }
                r
            }
        };
        self.notices.extend(notices);
        r
    }

    /// At the end of a COPY: check the entries of deferrable unique indexes that
    /// `copy_index_entries` added.
    pub(crate) fn copy_check_deferred(
        &mut self,
        indexes: &Option<executor::index_maint::IndexSet>,
    ) -> PgResult<()> {
        let Some(set) = indexes.as_ref().filter(|s| !s.is_empty()) else {
            return Ok(());
        };
        let mut notices = Vec::new();
        let r = {
            let mut cx = exec_cx!(self, notices);
            let mut rt = executor::Runtime::new(&mut cx, &[]);
            set.check_deferred(&mut rt)
        };
        self.notices.extend(notices);
        r
    }

    /// Add a PRIMARY KEY (`primary`) or UNIQUE constraint on `columns` of table `relid`.
    pub(crate) fn add_key_constraint(
        &mut self,
        relid: Oid,
        name: Option<&str>,
        primary: bool,
        columns: &[String],
        deferrable: (bool, bool),
    ) -> PgResult<()> {
        if columns.is_empty() {
            return Err(pg_err!(
                FEATURE_NOT_SUPPORTED,
                "ADD CONSTRAINT ... USING INDEX is not supported yet"
            ));
        }
        let rel = self
            .with_catalog(false, |cat, cx| cat.relation_by_oid(cx, relid))?
            .ok_or_else(|| PgError::internal(format!("relation {relid} not found")))?;
        for c in columns {
            if rel.column(c).is_none() {
                return Err(pg_err!(
                    UNDEFINED_COLUMN,
                    "column \"{}\" named in key does not exist",
                    c
                ));
            }
        }
        let cons = self.with_catalog(false, |cat, cx| cat.relation_constraints(cx, relid))?;
        if primary && cons.iter().any(|c| c.2 == b'p') {
            return Err(pg_err!(
                INVALID_TABLE_DEFINITION,
                "multiple primary keys for table \"{}\" are not allowed",
                rel.name
            ));
        }
        let name = match name {
            Some(n) => {
                if cons.iter().any(|c| c.1 == n) {
                    return Err(pg_err!(
                        DUPLICATE_OBJECT,
                        "constraint \"{}\" for relation \"{}\" already exists",
                        n,
                        rel.name
                    ));
                }
                let ns = rel.namespace_oid;
                let nn = n.to_string();
                if self
                    .with_catalog(false, |cat, cx| cat.relation_oid(cx, ns, &nn))?
                    .is_some()
                {
                    return Err(pg_err!(
                        DUPLICATE_TABLE,
                        "relation \"{}\" already exists",
                        n
                    ));
                }
                n.to_string()
            }
            None => {
                let base = if primary {
                    format!("{}_pkey", rel.name)
                } else {
                    format!("{}_{}_key", rel.name, columns.join("_"))
                };
                self.unique_relation_name(rel.namespace_oid, &base)?
            }
        };
        if primary {
            self.set_key_not_null(&rel, columns)?;
        }
        let rel = self
            .with_catalog(false, |cat, cx| cat.relation_by_oid(cx, relid))?
            .ok_or_else(|| PgError::internal(format!("relation {relid} not found")))?;
        let cols: Vec<IndexColSpec> = columns.iter().map(|c| IndexColSpec::column(c)).collect();
        self.define_index(
            &rel,
            &name,
            &cols,
            (true, primary, catalog::index::BTREE_AM_OID),
            None,
            Some((
                if primary { b'p' } else { b'u' },
                deferrable.0 || deferrable.1,
                deferrable.1,
            )),
        )?;
        Ok(())
    }

    /// PRIMARY KEY implies NOT NULL: mark `columns` of `rel` NOT NULL (23502 if a
    /// row holds a null).
    fn set_key_not_null(&mut self, rel: &RelationInfo, columns: &[String]) -> PgResult<()> {
        let relid = rel.oid;
        for c in columns {
            let Some(col) = rel.column(c) else { continue };
            if col.not_null {
                continue;
            }
            let attnum = col.attnum;
            if self.column_is_null_somewhere(rel, attnum)? {
                return Err(pg_err!(
                    NOT_NULL_VIOLATION,
                    "column \"{}\" contains null values",
                    c
                ));
            }
            self.with_catalog(true, |cat, cx| cat.set_not_null(cx, relid, attnum, true))?;
        }
        self.command_counter_increment();
        Ok(())
    }

    /// ALTER TABLE ADD PRIMARY KEY / UNIQUE, including the `USING INDEX name` form (which the
    /// parser passes as no columns and the index name in `options`).
    pub(crate) fn add_key_constraint_opts(
        &mut self,
        options: &parser::ast::IndexOptions,
        relid: Oid,
        name: Option<&str>,
        primary: bool,
        columns: &[String],
        deferrable: (bool, bool),
    ) -> PgResult<()> {
        let using = options
            .with
            .iter()
            .find(|(k, _)| k == "using_index")
            .and_then(|(_, v)| v.as_deref());
        match using {
            Some(index) if columns.is_empty() => {
                self.add_key_constraint_using_index(relid, name, primary, index, deferrable)
            }
            _ => self.add_key_constraint(relid, name, primary, columns, deferrable),
        }
    }

    /// ADD { PRIMARY KEY | UNIQUE } USING INDEX: turn an existing unique index into the
    /// constraint's index (renaming it to the constraint name if one is given).
    fn add_key_constraint_using_index(
        &mut self,
        relid: Oid,
        name: Option<&str>,
        primary: bool,
        index: &str,
        deferrable: (bool, bool),
    ) -> PgResult<()> {
        let rel = self
            .with_catalog(false, |cat, cx| cat.relation_by_oid(cx, relid))?
            .ok_or_else(|| PgError::internal(format!("relation {relid} not found")))?;
        let ns = rel.namespace_oid;
        let index_s = index.to_string();
        let idx = self
            .with_catalog(false, |cat, cx| cat.relation_oid(cx, ns, &index_s))?
            .ok_or_else(|| pg_err!(UNDEFINED_OBJECT, "index \"{}\" does not exist", index))?;
        let d = self
            .with_catalog(false, |cat, cx| cat.index_by_oid(cx, idx))?
            .ok_or_else(|| pg_err!(WRONG_OBJECT_TYPE, "\"{}\" is not an index", index))?;
        if self
            .with_catalog(false, |cat, cx| cat.index_constraint(cx, idx))?
            .is_some()
        {
            return Err(pg_err!(
                OBJECT_NOT_IN_PREREQUISITE_STATE,
                "index \"{}\" is already associated with a constraint",
                index
            ));
        }
        if d.table_oid != relid {
            return Err(pg_err!(
                OBJECT_NOT_IN_PREREQUISITE_STATE,
                "index \"{}\" does not belong to table \"{}\"",
                index,
                rel.name
            ));
        }
        const DETAIL: &str =
            "Cannot create a primary key or unique constraint using such an index.";
        let unusable = |msg: String| pg_err!(WRONG_OBJECT_TYPE, "{}", msg).with_detail(DETAIL);
        if !d.unique {
            return Err(unusable(format!("\"{index}\" is not a unique index")));
        }
        if d.exprs.is_some() || d.keys.contains(&0) {
            return Err(unusable(format!("index \"{index}\" contains expressions")));
        }
        if d.pred.is_some() {
            return Err(unusable(format!("\"{index}\" is a partial index")));
        }
        if !d.immediate && !deferrable.0 {
            return Err(
                pg_err!(WRONG_OBJECT_TYPE, "\"{}\" is a deferrable index", index).with_detail(
                    "Cannot create a non-deferrable constraint using a deferrable index.",
                ),
            );
        }
        if d.options.iter().any(|&o| o != 0) {
            return Err(unusable(format!(
                "index \"{index}\" does not have default sorting behavior"
            )));
        }
        let cons = self.with_catalog(false, |cat, cx| cat.relation_constraints(cx, relid))?;
        if primary && cons.iter().any(|c| c.2 == b'p') {
            return Err(pg_err!(
                INVALID_TABLE_DEFINITION,
                "multiple primary keys for table \"{}\" are not allowed",
                rel.name
            ));
        }
        let conname = name.unwrap_or(index).to_string();
        if cons.iter().any(|c| c.1 == conname) {
            return Err(pg_err!(
                DUPLICATE_OBJECT,
                "constraint \"{}\" for relation \"{}\" already exists",
                conname,
                rel.name
            ));
        }
        if primary {
            let columns: Vec<String> = d
                .keys
                .iter()
                .filter_map(|&k| {
                    rel.columns
                        .iter()
                        .find(|c| c.attnum == k)
                        .map(|c| c.name.clone())
                })
                .collect();
            self.set_key_not_null(&rel, &columns)?;
        }
        if conname != index {
            self.notice(
                sqlstate::SUCCESSFUL_COMPLETION,
                &format!(
                    "ALTER TABLE / ADD CONSTRAINT USING INDEX will rename index \"{index}\" to \"{conname}\""
                ),
            );
            self.with_catalog(true, |cat, cx| cat.rename_relation(cx, idx, &conname))?;
            self.command_counter_increment();
        }
        let keys = d.keys.clone();
        self.with_catalog(true, |cat, cx| {
            cat.add_index_constraint(
                cx,
                &conname,
                ns,
                if primary { b'p' } else { b'u' },
                relid,
                idx,
                &keys,
                (deferrable.0 || deferrable.1, deferrable.1),
            )?;
            if primary {
                cat.set_index_primary(cx, idx)?;
            }
            Ok(())
        })?;
        self.command_counter_increment();
        Ok(())
    }

    fn column_is_null_somewhere(&mut self, rel: &RelationInfo, attnum: i16) -> PgResult<bool> {
        let snapshot = self.xact.txn.snapshot.clone();
        let mut scan = access::HeapScan::new(
            self.engine.storage.clone(),
            rel.file,
            rel.tuple_desc.clone(),
            snapshot,
            self.engine.tm.clone(),
        );
        let idx = (attnum - 1) as usize;
        while let Some(t) = scan.next_tuple()? {
            if t.values.get(idx).is_none_or(|v| v.is_null()) {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// ALTER TABLE DROP CONSTRAINT for index-backed constraints. Returns false if `name` is
    /// not such a constraint of `relid` (the caller reports it).
    pub(crate) fn drop_key_constraint(&mut self, relid: Oid, name: &str) -> PgResult<bool> {
        let cons = self.with_catalog(false, |cat, cx| cat.relation_constraints(cx, relid))?;
        let Some(c) = cons.into_iter().find(|c| c.1 == name) else {
            return Ok(false);
        };
        let (conoid, _, contype, indoid) = c;
        self.with_catalog(true, |cat, cx| {
            cat.delete_constraint(cx, conoid)?;
            if matches!(contype, b'p' | b'u') && indoid != 0 {
                cat.drop_relation(cx, indoid)?;
            }
            Ok(())
        })?;
        self.command_counter_increment();
        self.with_catalog(true, |cat, cx| cat.refresh_relhasindex(cx, relid))?;
        Ok(true)
    }

    /// `base`, or `base1`, `base2`, ... whichever is free in the schema.
    fn unique_relation_name(&mut self, ns: common::Oid, base: &str) -> PgResult<String> {
        let base = base.to_string();
        self.with_catalog(false, |cat, cx| {
            let mut name = base.clone();
            let mut i = 0;
            while cat.relation_oid(cx, ns, &name)?.is_some() {
                i += 1;
                name = format!("{base}{i}");
            }
            Ok(name)
        })
    }

    pub(crate) fn exec_drop_index(&mut self, d: &DropStmt) -> PgResult<String> {
        if d.concurrently && d.names.len() > 1 {
            return Err(pg_err!(
                FEATURE_NOT_SUPPORTED,
                "DROP INDEX CONCURRENTLY does not support dropping multiple objects"
            ));
        }
        if d.concurrently && self.xact.block != crate::xact::Block::None {
            return Err(pg_err!(
                ACTIVE_SQL_TRANSACTION,
                "DROP INDEX CONCURRENTLY cannot run inside a transaction block"
            ));
        }
        for name in &d.names {
            let Some(rel) = self.lookup_relation(name)? else {
                if d.if_exists {
                    self.notice(
                        sqlstate::SUCCESSFUL_COMPLETION,
                        &format!("index \"{}\" does not exist, skipping", name.name),
                    );
                    continue;
                }
                return Err(pg_err!(
                    UNDEFINED_OBJECT,
                    "index \"{}\" does not exist",
                    name.name
                ));
            };
            if rel.relkind != b'i' {
                return Err(pg_err!(
                    WRONG_OBJECT_TYPE,
                    "\"{}\" is not an index",
                    rel.name
                ));
            }
            let oid = rel.oid;
            if let Some((_, conname, table)) =
                self.with_catalog(false, |cat, cx| cat.index_constraint(cx, oid))?
            {
                let tname = self
                    .with_catalog(false, |cat, cx| cat.relation_by_oid(cx, table))?
                    .map(|r| r.name.clone())
                    .unwrap_or_default();
                return Err(pg_err!(
                    DEPENDENT_OBJECTS_STILL_EXIST,
                    "cannot drop index {} because constraint {} on table {} requires it",
                    rel.name,
                    conname,
                    tname
                )
                .with_hint(format!(
                    "You can drop constraint {conname} on table {tname} instead."
                )));
            }
            let table = self
                .with_catalog(false, |cat, cx| cat.index_by_oid(cx, oid))?
                .map(|d| d.table_oid);
            self.with_catalog(true, |cat, cx| cat.drop_relation(cx, oid))?;
            if let Some(t) = table {
                self.command_counter_increment();
                self.with_catalog(true, |cat, cx| cat.refresh_relhasindex(cx, t))?;
            }
        }
        Ok("DROP INDEX".into())
    }
}

/// System columns an index may not use (only `oid` may be indexed).
fn is_indexless_system_column(name: &str) -> bool {
    matches!(
        name,
        "ctid" | "xmin" | "cmin" | "xmax" | "cmax" | "tableoid"
    )
}

/// True if expression `e` refers to a system column other than `oid` (found through the
/// expression's Debug form, which lists every column reference's name parts).
fn references_system_column(e: &Expr) -> bool {
    let text = format!("{e:?}");
    let marker = "ColumnRef { fields: [";
    let mut rest = text.as_str();
    while let Some(at) = rest.find(marker) {
        rest = &rest[at + marker.len()..];
        let end = rest.find(']').unwrap_or(rest.len());
        let last = rest[..end]
            .rsplit(", ")
            .next()
            .unwrap_or("")
            .trim_matches('"');
        if is_indexless_system_column(last) {
            return true;
        }
        rest = &rest[end..];
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(parts: &[&str]) -> Expr {
        Expr::ColumnRef {
            fields: parts.iter().map(|s| s.to_string()).collect(),
            location: 0,
        }
    }

    #[test]
    fn system_column_references() {
        assert!(references_system_column(&col(&["ctid"])));
        assert!(references_system_column(&col(&["t", "xmin"])));
        assert!(!references_system_column(&col(&["oid"])));
        assert!(!references_system_column(&col(&["ctid_copy"])));
        let nested = Expr::BinaryOp {
            op: ">=".into(),
            schema: None,
            left: Box::new(col(&["a"])),
            right: Box::new(col(&["cmax"])),
            location: 0,
        };
        assert!(references_system_column(&nested));
        assert!(is_indexless_system_column("tableoid"));
        assert!(!is_indexless_system_column("a"));
    }
}
