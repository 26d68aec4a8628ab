//! Table-level locks a planned statement takes before it runs: AccessShareLock on every
//! relation it reads, RowShareLock on relations of SELECT ... FOR UPDATE/SHARE and
//! RowExclusiveLock on the INSERT/UPDATE/DELETE target (transaction scope, through
//! `txn::lockmgr`). System catalogs are not locked (Tusk's DDL does not lock them).

use crate::ExecContext;
use catalog::RelationInfo;
use common::{Oid, PgResult};
use planner::{Plan, PlannedStmt};
use std::sync::Arc;
use txn::lockmgr::{Acquired, LockMode, LockScope, LockTag, WaitConfig};

/// First OID of user objects: relations below it are system catalogs.
const FIRST_NORMAL_OBJECT_ID: Oid = 16384;

/// The session's lock-wait settings (deadlock_timeout, lock_timeout) and backend pid.
pub fn wait_config(cx: &ExecContext) -> WaitConfig {
    WaitConfig::from_ms(
        cx.backend_pid,
        cx.gucs.get_int("deadlock_timeout").unwrap_or(1000),
        cx.gucs.get_int("lock_timeout").unwrap_or(0),
    )
}

fn note(out: &mut Vec<(Oid, LockMode)>, rel: &RelationInfo, mode: LockMode) {
    if rel.oid < FIRST_NORMAL_OBJECT_ID {
        return;
    }
    match out.iter_mut().find(|(o, _)| *o == rel.oid) {
        Some((_, m)) => *m = (*m).max(mode),
        None => out.push((rel.oid, mode)),
    }
}

fn walk(p: &Plan, out: &mut Vec<(Oid, LockMode)>) {
    let mut stack: Vec<&Plan> = vec![p];
    while let Some(p) = stack.pop() {
        match p {
            Plan::SeqScan { rel, .. }
            | Plan::IndexScan { rel, .. }
            | Plan::IndexOnlyScan { rel, .. }
            | Plan::BitmapHeapScan { rel, .. } => note(out, rel, LockMode::AccessShare),
            Plan::Result { .. } | Plan::Values { .. } | Plan::FunctionScan { .. } => {}
            Plan::SubqueryScan { plan, .. } => stack.push(plan),
            Plan::NestLoop { left, right, .. }
            | Plan::HashJoin { left, right, .. }
            | Plan::SetOp { left, right, .. } => {
                stack.push(left);
                stack.push(right);
            }
            Plan::RecursiveUnion { init, rec, .. } => {
                stack.push(init);
                stack.push(rec);
            }
            Plan::SemiJoin { input, inner, .. } => {
                stack.push(input);
                stack.push(inner);
            }
            Plan::LockRows { input, marks, .. } => {
                for m in marks {
                    note(out, &m.rel, LockMode::RowShare);
                }
                stack.push(input);
            }
            Plan::Append { inputs } => stack.extend(inputs.iter()),
            Plan::Filter { input, .. }
            | Plan::Project { input, .. }
            | Plan::ProjectSet { input, .. }
            | Plan::WindowAgg { input, .. }
            | Plan::Agg { input, .. }
            | Plan::Sort { input, .. }
            | Plan::Distinct { input, .. }
            | Plan::DistinctOn { input, .. }
            | Plan::Limit { input, .. } => stack.push(input),
            #[allow(unreachable_patterns)]
            _ => {}
        }
    }
}

/// The relations `planned` uses and the lock mode each needs (strongest use wins).
pub fn relation_locks(planned: &PlannedStmt) -> Vec<(Oid, LockMode)> {
    let mut out = Vec::new();
    if let Some(m) = &planned.modify {
        note(&mut out, &m.rel, LockMode::RowExclusive);
    }
    walk(&planned.plan, &mut out);
    for p in &planned.subplans {
        walk(p, &mut out);
    }
    out
}

/// Take `rels` in their modes for the current transaction; true if some lock had to be
/// waited for.
fn acquire(rels: &[(Oid, LockMode)], cx: &ExecContext) -> PgResult<bool> {
    let cfg = wait_config(cx);
    let mut waited = false;
    for (oid, mode) in rels {
        let tag = LockTag::Relation {
            db: cx.db_oid,
            rel: *oid,
        };
        let got = cx.tm.locks.acquire(
            tag,
            *mode,
            LockScope::Transaction,
            false,
            &cfg,
            cx.interrupts,
        )?;
        waited |= got == Acquired::AfterWait;
    }
    Ok(waited)
}

/// Lock the relations of `planned` for the current transaction; true if some lock had to be
/// waited for. After a wait, a READ COMMITTED statement gets a fresh snapshot (so it sees
/// what the lock holder committed), and a relation dropped meanwhile is reported as missing.
pub fn lock_planned(planned: &PlannedStmt, cx: &mut ExecContext) -> PgResult<bool> {
    let rels = relation_locks(planned);
    if rels.is_empty() {
        return Ok(false);
    }
    let waited = acquire(&rels, cx)?;
    if waited && !cx.txn.transaction_snapshot {
        cx.txn.snapshot = cx.tm.snapshot(cx.txn.xid, cx.txn.cid);
        let ccx = crate::catalog_cx(cx);
        for (oid, _) in &rels {
            let planned_rel = find_relation(planned, *oid);
            match cx.catalog.relation_by_oid(&ccx, *oid)? {
                None => {
                    let name = planned_rel.map_or_else(|| oid.to_string(), |r| r.name.clone());
                    return Err(common::pg_err!(
                        UNDEFINED_TABLE,
                        "relation \"{}\" does not exist",
                        name
                    ));
                }
                Some(now) => {
                    // The lock holder changed the table (ALTER TABLE rewrote it, added
                    // columns...): this plan no longer fits it.
                    if planned_rel
                        .is_some_and(|p| p.file != now.file || p.columns.len() != now.columns.len())
                    {
                        return Err(common::pg_err!(
                            FEATURE_NOT_SUPPORTED,
                            "cached plan must not change result type"
                        ));
                    }
                }
            }
        }
    }
    Ok(waited)
}

/// Run SELECT / INSERT / UPDATE / DELETE `stmt` like `crate::execute_statement`, taking its
/// table locks between planning and execution: when a lock had to be waited for, the
/// statement is planned again (with the fresh snapshot), so it sees what the lock holder
/// committed, including changes to the tables themselves.
pub fn execute_locked(
    stmt: &parser::ast::Statement,
    query_text: &str,
    cx: &mut ExecContext,
    sink: &mut dyn crate::ResultSink,
) -> PgResult<String> {
    use parser::ast::Statement as S;
    if !matches!(
        stmt,
        S::Select(_) | S::Insert(_) | S::Update(_) | S::Delete(_)
    ) {
        return crate::execute_statement(stmt, query_text, cx, sink);
    }
    let mut planned = crate::plan_statement(stmt, query_text, cx)?;
    if acquire(&relation_locks(&planned), cx)? {
        if !cx.txn.transaction_snapshot {
            cx.txn.snapshot = cx.tm.snapshot(cx.txn.xid, cx.txn.cid);
        }
        planned = crate::plan_statement(stmt, query_text, cx)?;
    }
    crate::run_planned(&planned, cx, sink)
}

fn find_relation(planned: &PlannedStmt, oid: Oid) -> Option<Arc<RelationInfo>> {
    let mut found: Option<Arc<RelationInfo>> = None;
    if let Some(m) = &planned.modify {
        if m.rel.oid == oid {
            found = Some(m.rel.clone());
        }
    }
    let mut stack: Vec<&Plan> = vec![&planned.plan];
    stack.extend(planned.subplans.iter());
    while found.is_none() {
        let Some(p) = stack.pop() else { break };
        match p {
            Plan::SeqScan { rel, .. }
            | Plan::IndexScan { rel, .. }
            | Plan::IndexOnlyScan { rel, .. }
            | Plan::BitmapHeapScan { rel, .. }
                if rel.oid == oid =>
            {
                found = Some(rel.clone())
            }
            Plan::SubqueryScan { plan, .. } => stack.push(plan),
            Plan::NestLoop { left, right, .. }
            | Plan::HashJoin { left, right, .. }
            | Plan::SetOp { left, right, .. } => {
                stack.push(left);
                stack.push(right);
            }
            Plan::RecursiveUnion { init, rec, .. } => {
                stack.push(init);
                stack.push(rec);
            }
            Plan::SemiJoin { input, inner, .. } => {
                stack.push(input);
                stack.push(inner);
            }
            Plan::Append { inputs } => stack.extend(inputs.iter()),
            Plan::LockRows { input, .. }
            | Plan::Filter { input, .. }
            | Plan::Project { input, .. }
            | Plan::ProjectSet { input, .. }
            | Plan::WindowAgg { input, .. }
            | Plan::Agg { input, .. }
            | Plan::Sort { input, .. }
            | Plan::Distinct { input, .. }
            | Plan::DistinctOn { input, .. }
            | Plan::Limit { input, .. } => stack.push(input),
            _ => {}
        }
    }
    found
}
