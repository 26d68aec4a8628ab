//! Execution: runs plan trees (scans, joins, aggregation, sorting, set operations, DML) and
//! streams result rows to a `ResultSink`. The `execute_statement` entry point takes a raw
//! statement through analysis, planning and execution.

// PgError (the project-wide error type) is large by design; results carry it everywhere.
#![allow(clippy::result_large_err)]

pub mod advisory;
pub mod agg;
pub mod bitmap_scan;
pub mod catalog_funcs;
pub mod check_constraints;
pub mod deferred;
pub mod dump_names;
pub mod epq;
pub mod eval;
pub mod fold;
pub mod funcs;
pub mod group_agg;
pub mod index_maint;
pub mod index_only_scan;
pub mod index_scan;
pub mod instrument;
pub mod join_strategy;
pub mod lock_rows;
pub mod materialize;
pub mod merge_join;
pub mod nodes;
pub mod on_conflict;
pub mod params;
pub mod recursive;
pub mod ri;
pub mod sequence;
mod settings_view;
pub mod table_locks;
pub mod topn;
pub mod window;

use catalog::{Catalog, CatalogCx};
use common::{pg_err, CommandId, Interrupts, Oid, PgError, PgResult, Xid};
use std::collections::HashMap;
use std::sync::Arc;
use storage::Storage;
use txn::{Snapshot, TransactionManager};
use types::{Datum, SessionEnv};

/// The state of the session's current transaction, owned by the session (tcop) and updated by
/// the executor (xid assigned on first write, command counter).
#[derive(Clone, Debug, Default)]
pub struct TxnState {
    /// The xid writes are stamped with: the innermost open subtransaction (savepoint) level
    /// that has one, else the top-level xid; txn::INVALID_XID until the first write.
    pub xid: Xid,
    /// Current command id (incremented by the session after each statement that wrote; shared
    /// by all subtransactions).
    pub cid: CommandId,
    /// The snapshot of the current statement (READ COMMITTED) or transaction.
    pub snapshot: Snapshot,
    /// True once this transaction wrote anything (so the command counter must advance).
    pub wrote: bool,
    /// True once this transaction modified system catalogs.
    pub catalog_modified: bool,
    /// Open subtransaction levels and their xids (empty without savepoints).
    pub subxacts: txn::subxact::SubXacts,
    /// REPEATABLE READ / SERIALIZABLE: one snapshot for the whole transaction, and a row
    /// changed by a concurrent committed transaction is a serialization failure (40001).
    /// False (READ COMMITTED): such a row is re-checked in its latest version instead.
    pub transaction_snapshot: bool,
    /// READ ONLY transaction: writes to non-temporary tables fail with 25006.
    pub read_only: bool,
    /// SERIALIZABLE: this transaction's handle in the SSI conflict tracker.
    pub ssi: Option<txn::ssi::SxId>,
    /// Deferred constraint checks and SET CONSTRAINTS state (deferred.rs).
    pub deferred: deferred::DeferredQueue,
}

impl TxnState {
    /// The xid to write with, assigning one from `tm` on first use in the current
    /// (sub)transaction level (and recording it in the snapshot).
    pub fn assign_xid(&mut self, tm: &TransactionManager) -> PgResult<Xid> {
        if self.subxacts.is_empty() {
            if self.xid == txn::INVALID_XID {
                self.xid = tm.begin()?;
                self.snapshot.my_xid = self.xid;
            }
            return Ok(self.xid);
        }
        if self.subxacts.needs_xid() {
            self.xid = self.subxacts.assign(tm)?;
            self.sync_snapshot();
        }
        Ok(self.xid)
    }

    /// The top-level xid (txn::INVALID_XID if the transaction has not written).
    pub fn top_xid(&self) -> Xid {
        if self.subxacts.is_empty() && self.subxacts.top() == txn::INVALID_XID {
            self.xid
        } else {
            self.subxacts.top()
        }
    }

    /// SAVEPOINT: open a subtransaction level.
    pub fn begin_subxact(&mut self) {
        self.subxacts.push(self.xid);
    }

    /// RELEASE: close levels `level..` (0 = outermost); their work joins the enclosing level.
    pub fn release_subxacts(&mut self, level: usize) {
        self.subxacts.release(level);
        self.deferred.release_level(level);
        self.xid = self.subxacts.current();
        self.sync_snapshot();
    }

    /// ROLLBACK TO: discard levels `level..`, reopening level `level` empty; returns the xids
    /// the caller must abort (`TransactionManager::abort_subxacts`, catalog `at_abort`).
    pub fn rollback_subxacts(&mut self, level: usize) -> Vec<Xid> {
        let doomed = self.subxacts.rollback_to(level);
        self.deferred.rollback_to_level(level);
        self.xid = self.subxacts.current();
        self.sync_snapshot();
        doomed
    }

    /// Point the snapshot's own-transaction fields at the current xids.
    pub fn sync_snapshot(&mut self) {
        self.snapshot.my_xid = self.xid;
        let live = self.subxacts.live_xids();
        self.snapshot.own_xids = if live.len() > 1 { live } else { Vec::new() };
    }
}

/// Everything a statement's execution needs from the session.
pub struct ExecContext<'a> {
    pub storage: &'a Arc<Storage>,
    pub tm: &'a Arc<TransactionManager>,
    pub catalog: &'a Arc<Catalog>,
    pub db_oid: Oid,
    pub db_name: &'a str,
    pub user_oid: Oid,
    pub user_name: &'a str,
    pub txn: &'a mut TxnState,
    pub env: &'a SessionEnv,
    /// Session settings (current_setting(), set_config(), search_path).
    pub gucs: &'a mut guc::Settings,
    pub interrupts: &'a Interrupts,
    /// NOTICEs/WARNINGs raised while executing, delivered by the session.
    pub notices: &'a mut Vec<PgError>,
    /// The backend's pid (pg_backend_pid()).
    pub backend_pid: i32,
    /// Values of the statement's `$n` parameters (extended protocol / EXECUTE), `$1` first.
    pub params: &'a [Datum],
    /// The session's own system views (pg_prepared_statements, pg_cursors).
    pub session_relations: Option<&'a dyn analyzer::SessionRelations>,
}

/// One result column.
#[derive(Clone, Debug, PartialEq)]
pub struct ResultColumn {
    pub name: String,
    pub type_oid: Oid,
    pub typmod: i32,
    /// Source table and column when the column is a plain column reference, else 0.
    pub table_oid: Oid,
    pub attnum: i16,
}

/// Receives a statement's result.
pub trait ResultSink {
    /// Called once before any row for statements that return rows.
    fn describe(&mut self, columns: &[ResultColumn]) -> PgResult<()>;
    /// One row, values in column order.
    fn row(&mut self, values: &[Datum]) -> PgResult<()>;
    /// True if reg* (regclass, regtype, ...) values should arrive as `Datum::Text` holding
    /// their catalog names (text-format output needs the catalog; see `catalog_funcs`).
    fn wants_reg_names(&self) -> bool {
        false
    }
}

/// Per-statement execution state shared by all plan nodes.
pub struct Runtime<'c, 'a> {
    pub cx: &'c mut ExecContext<'a>,
    pub subplans: &'c [planner::Plan],
    /// Rows of enclosing query levels (correlated sub-plans), innermost last.
    pub outer: Vec<Vec<Datum>>,
    pub case_vals: Vec<Datum>,
    pub sub_rows: Vec<Vec<Datum>>,
    pub srf_vals: Vec<Datum>,
    pub sub_cache: HashMap<usize, eval::SubCache>,
    /// Correlated sub-plan memo: per sub-plan, the outer columns (by level) it reads.
    pub memo_refs: HashMap<usize, Option<Vec<Vec<usize>>>>,
    pub memo: HashMap<nodes::Key, Vec<nodes::Row>>,
    pub memo_rows: usize,
    search_path_cache: Option<Vec<Oid>>,
    /// Working tables of running WITH RECURSIVE evaluations, by RecursiveUnion id.
    pub worktables: HashMap<usize, std::rc::Rc<Vec<nodes::Row>>>,
}

thread_local! {
    static RNG: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

impl<'c, 'a> Runtime<'c, 'a> {
    pub fn new(cx: &'c mut ExecContext<'a>, subplans: &'c [planner::Plan]) -> Self {
        Runtime {
            cx,
            subplans,
            outer: Vec::new(),
            case_vals: Vec::new(),
            sub_rows: Vec::new(),
            srf_vals: Vec::new(),
            sub_cache: HashMap::new(),
            memo_refs: HashMap::new(),
            memo: HashMap::new(),
            memo_rows: 0,
            search_path_cache: None,
            worktables: HashMap::new(),
        }
    }

    pub fn catalog_cx(&self) -> CatalogCx<'_> {
        CatalogCx {
            storage: self.cx.storage,
            tm: self.cx.tm,
            db_oid: self.cx.db_oid,
            snapshot: &self.cx.txn.snapshot,
            xid: self.cx.txn.xid,
            cid: self.cx.txn.cid,
            interrupts: self.cx.interrupts,
        }
    }

    pub fn search_path(&mut self) -> PgResult<Vec<Oid>> {
        if let Some(p) = &self.search_path_cache {
            return Ok(p.clone());
        }
        let sp = search_path(self.cx)?;
        self.search_path_cache = Some(sp.clone());
        Ok(sp)
    }

    pub fn explicit_pg_catalog(&self) -> PgResult<bool> {
        let s = self.cx.gucs.get("search_path")?;
        Ok(s.split(',')
            .any(|p| p.trim().trim_matches('"') == "pg_catalog"))
    }

    /// random(): xorshift64* per session thread.
    pub fn random(&mut self) -> f64 {
        RNG.with(|c| {
            let mut x = c.get();
            if x == 0 {
                x = (types::env::now_pg_micros() as u64)
                    ^ 0x9E37_79B9_7F4A_7C15
                    ^ (self.cx.backend_pid as u64);
                if x == 0 {
                    x = 1;
                }
            }
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            c.set(x);
            (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
        })
    }

    pub fn set_seed(&mut self, s: f64) {
        let seed = ((s * 2147483647.0) as i64 as u64) ^ 0x5DEE_CE66_D1CE_4E5B;
        RNG.with(|c| c.set(if seed == 0 { 1 } else { seed }));
    }
}

fn catalog_cx<'x>(cx: &'x ExecContext) -> CatalogCx<'x> {
    CatalogCx {
        storage: cx.storage,
        tm: cx.tm,
        db_oid: cx.db_oid,
        snapshot: &cx.txn.snapshot,
        xid: cx.txn.xid,
        cid: cx.txn.cid,
        interrupts: cx.interrupts,
    }
}

/// The session's effective search path (namespace OIDs, pg_catalog first unless listed).
pub fn search_path(cx: &ExecContext) -> PgResult<Vec<Oid>> {
    let setting = cx.gucs.get("search_path")?;
    let ccx = catalog_cx(cx);
    analyzer::compute_search_path(cx.catalog, &ccx, &setting, cx.user_name)
}

/// The schema new unqualified objects are created in: the first existing schema explicitly
/// listed in search_path (None → PostgreSQL's 3F000 "no schema has been selected to create in").
pub fn creation_namespace(cx: &ExecContext) -> PgResult<Option<Oid>> {
    let setting = cx.gucs.get("search_path")?;
    let ccx = catalog_cx(cx);
    let explicit = analyzer::compute_search_path(cx.catalog, &ccx, &setting, cx.user_name)?;
    let listed_catalog = setting
        .split(',')
        .any(|p| p.trim().trim_matches('"') == "pg_catalog");
    Ok(explicit
        .into_iter()
        .find(|&o| listed_catalog || o != catalog::oids::PG_CATALOG_NAMESPACE))
}

fn with_analyzer<T>(
    cx: &ExecContext,
    query_text: &str,
    f: impl FnOnce(&analyzer::Analyzer) -> PgResult<T>,
) -> PgResult<T> {
    with_analyzer_params(cx, query_text, Vec::new(), f)
}

fn with_analyzer_params<T>(
    cx: &ExecContext,
    query_text: &str,
    param_types: Vec<Oid>,
    f: impl FnOnce(&analyzer::Analyzer) -> PgResult<T>,
) -> PgResult<T> {
    let ccx = catalog_cx(cx);
    let setting = cx.gucs.get("search_path")?;
    let sp = analyzer::compute_search_path(cx.catalog, &ccx, &setting, cx.user_name)?;
    let relations = settings_view::WithSettings {
        inner: cx.session_relations,
        gucs: cx.gucs,
    };
    let an = analyzer::Analyzer {
        catalog: cx.catalog,
        ccx: &ccx,
        env: cx.env,
        reg: analyzer::registry(),
        query: query_text,
        search_path: sp,
        param_types,
        session_relations: Some(&relations),
    };
    f(&an)
}

/// Resolve a type name (for DDL): (type OID, typmod). Errors as PostgreSQL (42704 `type "x"
/// does not exist`, `length for type varchar must be at least 1`, ...).
pub fn resolve_type_name(
    cx: &ExecContext,
    tn: &parser::ast::TypeName,
    query_text: &str,
) -> PgResult<(Oid, i32)> {
    with_analyzer(cx, query_text, |an| an.resolve_type_name(tn))
}

/// Validate a column DEFAULT expression against the column type (assignment coercion);
/// 42804 `column "x" is of type integer but default expression is of type text`.
pub fn check_default_expr(
    cx: &ExecContext,
    expr: &parser::ast::Expr,
    column_name: &str,
    type_oid: Oid,
    typmod: i32,
    query_text: &str,
) -> PgResult<()> {
    with_analyzer(cx, query_text, |an| {
        an.check_default_expr(expr, column_name, type_oid, typmod)
            .map(|_| ())
    })
}

/// Analyze and plan a statement without running it.
pub fn plan_statement(
    stmt: &parser::ast::Statement,
    query_text: &str,
    cx: &ExecContext,
) -> PgResult<planner::PlannedStmt> {
    let q = with_analyzer(cx, query_text, |an| an.analyze(stmt))?;
    let mut p = planner::plan_query(q)?;
    let env = cx.env;
    p.for_each_expr_mut(&mut |e| fold::fold(e, env))?;
    index_scan::plan_indexes(&mut p, cx);
    join_strategy::plan_strategies(&mut p, cx);
    Ok(p)
}

/// Analyze and plan a statement with `$n` parameters. `declared` holds the types the client
/// gave (0 = unspecified); the result carries every parameter's type, deduced from context
/// where unspecified (42P18 `could not determine data type of parameter $n` when it can't
/// be, 42P08 when two uses disagree).
pub fn plan_statement_with_params(
    stmt: &parser::ast::Statement,
    query_text: &str,
    cx: &ExecContext,
    declared: &[Oid],
) -> PgResult<(planner::PlannedStmt, Vec<Oid>)> {
    let given: Vec<Oid> = declared
        .iter()
        .map(|&t| if t == 0 { types::oids::UNKNOWN } else { t })
        .collect();
    let q = with_analyzer_params(cx, query_text, given.clone(), |an| an.analyze(stmt))?;
    let mut p = planner::plan_query(q)?;
    let types = params::deduce(&mut p, &given)?;
    let env = cx.env;
    p.for_each_expr_mut(&mut |e| fold::fold(e, env))?;
    index_scan::plan_indexes(&mut p, cx);
    join_strategy::plan_strategies(&mut p, cx);
    Ok((p, types))
}

/// The columns a planned statement returns (SELECT output or DML RETURNING), or None for
/// a statement that returns no rows (the protocol's NoData).
pub fn result_description(planned: &planner::PlannedStmt) -> Option<Vec<ResultColumn>> {
    use analyzer::CmdType;
    if planned.command == CmdType::Select {
        return Some(result_columns(&planned.columns));
    }
    let m = planned.modify.as_ref()?;
    let cols = returning_columns(m);
    if cols.is_empty() {
        None
    } else {
        Some(result_columns(&cols))
    }
}

fn returning_columns(m: &analyzer::ModifyInfo) -> Vec<(String, Oid, i32, Oid, i16)> {
    m.returning
        .iter()
        .filter(|t| !t.junk)
        .map(|t| {
            (
                t.name.clone(),
                t.expr.typ,
                t.expr.typmod,
                t.table_oid,
                t.attnum,
            )
        })
        .collect()
}

pub(crate) fn types_category(t: Oid) -> u8 {
    types::type_info(t).map(|i| i.category).unwrap_or(b'U')
}

/// Analyze, plan and execute one statement (queries, DML, and the utility statements the
/// executor owns), returning PostgreSQL's command tag (`SELECT 3`, `INSERT 0 1`, ...).
/// Handles SELECT (incl. VALUES and set operations), INSERT, UPDATE and DELETE; other
/// statements return 0A000.
pub fn execute_statement(
    stmt: &parser::ast::Statement,
    query_text: &str,
    cx: &mut ExecContext,
    sink: &mut dyn ResultSink,
) -> PgResult<String> {
    use parser::ast::Statement as S;
    match stmt {
        S::Select(_) | S::Insert(_) | S::Update(_) | S::Delete(_) => {}
        S::Explain(_) => {
            return Err(pg_err!(
                FEATURE_NOT_SUPPORTED,
                "EXPLAIN is not supported yet"
            ));
        }
        _ => {
            return Err(pg_err!(
                FEATURE_NOT_SUPPORTED,
                "statement is not supported by the executor"
            ))
        }
    }
    let planned = plan_statement(stmt, query_text, cx)?;
    run_planned(&planned, cx, sink)
}

fn result_columns(cols: &[(String, Oid, i32, Oid, i16)]) -> Vec<ResultColumn> {
    cols.iter()
        .map(|(n, t, m, tab, att)| ResultColumn {
            name: n.clone(),
            type_oid: if *t == types::oids::UNKNOWN {
                types::oids::TEXT
            } else {
                *t
            },
            typmod: *m,
            table_oid: *tab,
            attnum: *att,
        })
        .collect()
}

/// SERIALIZABLE: report the tables `planned` reads to the conflict tracker (which fails with
/// 40001 when this transaction must not go on).
fn serializable_reads(
    planned: &planner::PlannedStmt,
    cx: &ExecContext,
    sx: txn::ssi::SxId,
) -> PgResult<()> {
    let ssi = &cx.tm.ssi;
    ssi.check(sx)?;
    let mut read = Vec::new();
    planned.plan.relations_read(&mut read);
    for sp in &planned.subplans {
        sp.relations_read(&mut read);
    }
    for rel in read {
        if rel.persistence != b't' {
            ssi.on_read(sx, (cx.db_oid, rel.oid))?;
        }
    }
    Ok(())
}

/// SERIALIZABLE: report the table a DML statement wrote (after it ran, so that waiting for
/// concurrent writers of the same rows comes first, as in PostgreSQL).
fn serializable_write(cx: &ExecContext, m: &analyzer::ModifyInfo) -> PgResult<()> {
    match cx.txn.ssi {
        Some(sx) if m.rel.persistence != b't' => cx.tm.ssi.on_write(sx, (cx.db_oid, m.rel.oid)),
        _ => Ok(()),
    }
}

/// Execute a planned statement.
pub fn run_planned(
    planned: &planner::PlannedStmt,
    cx: &mut ExecContext,
    sink: &mut dyn ResultSink,
) -> PgResult<String> {
    use analyzer::CmdType;
    table_locks::lock_planned(planned, cx)?;
    if let Some(sx) = cx.txn.ssi {
        serializable_reads(planned, cx, sx)?;
    }
    if planned.command != CmdType::Select {
        if let (true, Some(m)) = (cx.txn.read_only, &planned.modify) {
            if m.rel.persistence != b't' {
                let what = match planned.command {
                    CmdType::Insert => "INSERT",
                    CmdType::Update => "UPDATE",
                    _ => "DELETE",
                };
                return Err(pg_err!(
                    READ_ONLY_SQL_TRANSACTION,
                    "cannot execute {} in a read-only transaction",
                    what
                ));
            }
        }
        cx.txn.assign_xid(cx.tm)?;
    }
    let mut rt = Runtime::new(cx, &planned.subplans);
    match planned.command {
        CmdType::Select => {
            let ncols = planned.columns.len();
            sink.describe(&result_columns(&planned.columns))?;
            let mut node = nodes::build(&planned.plan, &mut rt)?;
            let mut n: u64 = 0;
            let reg_cols = if sink.wants_reg_names() {
                catalog_funcs::reg_columns(&planned.columns)
            } else {
                Vec::new()
            };
            while let Some(mut row) = node.next(&mut rt)? {
                row.truncate(ncols);
                catalog_funcs::name_reg_values(&mut rt, &reg_cols, &mut row)?;
                sink.row(&row)?;
                n += 1;
            }
            Ok(format!("SELECT {}", n))
        }
        cmd => {
            let m = planned
                .modify
                .as_ref()
                .ok_or_else(|| PgError::internal("DML without target"))?;
            let tag = run_modify(&mut rt, cmd, &planned.plan, m, sink)?;
            serializable_write(rt.cx, m)?;
            Ok(tag)
        }
    }
}

fn not_null_error(rt: &Runtime, rel: &catalog::RelationInfo, col: &str, vals: &[Datum]) -> PgError {
    let mut parts = Vec::new();
    for (c, v) in rel.columns.iter().zip(vals) {
        if c.dropped {
            continue;
        }
        parts.push(match v {
            Datum::Null => "null".to_string(),
            v => types::io::output(c.type_oid, v, rt.cx.env).unwrap_or_else(|_| "?".into()),
        });
    }
    pg_err!(
        NOT_NULL_VIOLATION,
        "null value in column \"{}\" violates not-null constraint",
        col
    )
    .with_detail(format!("Failing row contains ({}).", parts.join(", ")))
    .with_table(&rel.namespace_name, &rel.name)
    .with_column(col)
}

fn run_modify(
    rt: &mut Runtime,
    cmd: analyzer::CmdType,
    plan: &planner::Plan,
    m: &analyzer::ModifyInfo,
    sink: &mut dyn ResultSink,
) -> PgResult<String> {
    use analyzer::CmdType;
    let rel = &m.rel;
    let ncols = rel.columns.len();
    let returning: Vec<&analyzer::Target> = m.returning.iter().filter(|t| !t.junk).collect();
    if !returning.is_empty() {
        sink.describe(&result_columns(&returning_columns(m)))?;
    }
    let xid = rt.cx.txn.xid;
    let index_set = index_maint::IndexSet::open(rt, rel)?;
    let mut ri_queue = ri::RiQueue::open(rt.cx, rel)?;
    let check_set = check_constraints::CheckSet::open(rt, rel)?;
    let mut node = nodes::build(plan, rt)?;
    let mut count: u64 = 0;
    while let Some(mut row) = node.next(rt)? {
        rt.cx.interrupts.check()?;
        let mut inserted_oid: Option<Datum> = None;
        let mut new_vals = Vec::with_capacity(ncols);
        if cmd != CmdType::Delete {
            for e in &m.new_row {
                new_vals.push(rt.eval(e, &row)?);
            }
            for (c, v) in rel.columns.iter().zip(&new_vals) {
                if c.not_null && !c.dropped && v.is_null() {
                    return Err(not_null_error(rt, rel, &c.name, &new_vals));
                }
            }
            check_set.check_row(rt, rel, &new_vals)?;
        }
        if let (CmdType::Insert, Some(oc)) = (cmd, &m.on_conflict) {
            let (ri, cs) = (&mut ri_queue, &check_set);
            if on_conflict::insert_row(rt, m, oc, &index_set, ri, cs, new_vals, &returning, sink)? {
                count += 1;
            }
            continue;
        }
        let new_tid = match cmd {
            CmdType::Insert => {
                let w = access::WriteCtx {
                    tm: rt.cx.tm,
                    xid,
                    cid: rt.cx.txn.cid,
                    snapshot: &rt.cx.txn.snapshot,
                    interrupts: rt.cx.interrupts,
                };
                // Tables WITH OIDS store a new row OID after the columns.
                let row_oid = if rel.has_oids() {
                    Some(Datum::Oid(rt.cx.catalog.next_oid()?))
                } else {
                    None
                };
                let stored;
                let tuple_vals = match &row_oid {
                    Some(o) => {
                        stored = [new_vals.as_slice(), std::slice::from_ref(o)].concat();
                        &stored
                    }
                    None => &new_vals,
                };
                inserted_oid = row_oid;
                Some(access::heap_insert(
                    rt.cx.storage,
                    rel.file,
                    &rel.tuple_desc,
                    tuple_vals,
                    &w,
                )?)
            }
            _ => {
                let (block, offset) = row
                    .get(m.ctid_index)
                    .and_then(analyzer::analyze::datum_to_tid)
                    .ok_or_else(|| PgError::internal("missing ctid"))?;
                let mut tid = access::ItemPointer { block, offset };
                loop {
                    let w = access::WriteCtx {
                        tm: rt.cx.tm,
                        xid,
                        cid: rt.cx.txn.cid,
                        snapshot: &rt.cx.txn.snapshot,
                        interrupts: rt.cx.interrupts,
                    };
                    let r = if cmd == CmdType::Update {
                        // The new version keeps the row OID (the slot after ctid).
                        let stored;
                        let tuple_vals = if rel.has_oids() {
                            let oid = row.get(m.ctid_index + 1).cloned().unwrap_or(Datum::Null);
                            stored = [new_vals.as_slice(), std::slice::from_ref(&oid)].concat();
                            &stored
                        } else {
                            &new_vals
                        };
                        access::heap_update(
                            rt.cx.storage,
                            rel.file,
                            &rel.tuple_desc,
                            tid,
                            tuple_vals,
                            &w,
                        )?
                    } else {
                        access::heap_delete(rt.cx.storage, rel.file, tid, &w)?
                    };
                    match r {
                        access::ModifyResult::Ok(t) => break Some(t.unwrap_or(tid)),
                        access::ModifyResult::Invisible | access::ModifyResult::SelfModified => {
                            break None
                        }
                        access::ModifyResult::Updated { next } => {
                            if rt.cx.txn.transaction_snapshot {
                                return Err(pg_err!(
                                    SERIALIZATION_FAILURE,
                                    "could not serialize access due to concurrent update"
                                ));
                            }
                            // READ COMMITTED: go on with the row's latest version if it
                            // still qualifies (deleted rows are skipped).
                            let Some(next) = next else { break None };
                            let Some((latest_row, latest_tid)) =
                                epq::recheck_latest(rt, plan, m, &row, next)?
                            else {
                                break None;
                            };
                            row = latest_row;
                            tid = latest_tid;
                            if cmd != CmdType::Delete {
                                new_vals.clear();
                                for e in &m.new_row {
                                    new_vals.push(rt.eval(e, &row)?);
                                }
                                for (c, v) in rel.columns.iter().zip(&new_vals) {
                                    if c.not_null && !c.dropped && v.is_null() {
                                        return Err(not_null_error(rt, rel, &c.name, &new_vals));
                                    }
                                }
                                check_set.check_row(rt, rel, &new_vals)?;
                            }
                        }
                    }
                }
            }
        };
        let tid = match new_tid {
            Some(t) => t,
            None => continue,
        };
        if cmd == CmdType::Update {
            index_set.insert_entries_update(rt, &row[..ncols.min(row.len())], &new_vals, tid)?;
        } else if cmd != CmdType::Delete {
            index_set.insert_entries(rt, &new_vals, tid)?;
        }
        if let Some(q) = ri_queue.as_mut() {
            q.row_changed(
                ri::row_op(cmd),
                &row[..ncols.min(row.len())],
                &new_vals,
                tid,
            );
        }
        rt.cx.txn.wrote = true;
        count += 1;
        if !returning.is_empty() {
            let rrow: Vec<Datum> = match cmd {
                CmdType::Insert => {
                    let mut r = new_vals.clone();
                    r.push(analyzer::analyze::tid_to_datum(tid.block, tid.offset));
                    if let Some(o) = inserted_oid.take() {
                        r.push(o);
                    }
                    r
                }
                CmdType::Update => {
                    let mut r = row.clone();
                    for (i, v) in new_vals.iter().enumerate() {
                        if let Some(s) = r.get_mut(i) {
                            *s = v.clone();
                        }
                    }
                    if let Some(s) = r.get_mut(ncols) {
                        *s = analyzer::analyze::tid_to_datum(tid.block, tid.offset);
                    }
                    r
                }
                _ => row.clone(),
            };
            let mut out = Vec::with_capacity(returning.len());
            for t in &returning {
                out.push(rt.eval(&t.expr, &rrow)?);
            }
            sink.row(&out)?;
        }
    }
    index_set.check_deferred(rt)?;
    if let Some(q) = ri_queue {
        q.finish(rt)?;
    }
    Ok(match cmd {
        CmdType::Insert => format!("INSERT 0 {}", count),
        CmdType::Update => format!("UPDATE {}", count),
        _ => format!("DELETE {}", count),
    })
}
