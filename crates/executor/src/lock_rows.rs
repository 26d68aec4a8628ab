//! SELECT ... FOR UPDATE / NO KEY UPDATE / SHARE / KEY SHARE: the LockRows plan node locks
//! each returned row's version of every marked relation. With NOWAIT a row that would block
//! is an error (55P03), with SKIP LOCKED it is left out; a row updated by a transaction that
//! committed after the snapshot is, under READ COMMITTED, re-checked in its latest version
//! (single-table queries) and returned as it is now, and under REPEATABLE READ /
//! SERIALIZABLE is a serialization failure (40001).

use crate::nodes::{Node, Row};
use crate::Runtime;
use access::LockTupleResult;
use common::{pg_err, PgResult};
use parser::ast::{LockStrength, LockWait};
use planner::{LockMark, LockRecheck};
use txn::rowlock::RowLockMode;
use types::Datum;

pub(crate) struct LockRowsNode<'p> {
    input: Box<dyn Node + 'p>,
    marks: &'p [LockMark],
    recheck: Option<&'p LockRecheck>,
}

fn mode_of(s: LockStrength) -> RowLockMode {
    match s {
        LockStrength::Update => RowLockMode::Update,
        LockStrength::NoKeyUpdate => RowLockMode::NoKeyUpdate,
        LockStrength::Share => RowLockMode::Share,
        LockStrength::KeyShare => RowLockMode::KeyShare,
    }
}

fn command_name(s: LockStrength) -> &'static str {
    match s {
        LockStrength::Update => "SELECT FOR UPDATE",
        LockStrength::NoKeyUpdate => "SELECT FOR NO KEY UPDATE",
        LockStrength::Share => "SELECT FOR SHARE",
        LockStrength::KeyShare => "SELECT FOR KEY SHARE",
    }
}

fn serialization_failure() -> common::PgError {
    pg_err!(
        SERIALIZATION_FAILURE,
        "could not serialize access due to concurrent update"
    )
}

impl<'p> LockRowsNode<'p> {
    pub(crate) fn new(
        input: Box<dyn Node + 'p>,
        marks: &'p [LockMark],
        recheck: Option<&'p LockRecheck>,
        rt: &mut Runtime,
    ) -> PgResult<Self> {
        if rt.cx.txn.read_only {
            if let Some(m) = marks.first() {
                return Err(pg_err!(
                    READ_ONLY_SQL_TRANSACTION,
                    "cannot execute {} in a read-only transaction",
                    command_name(m.strength)
                ));
            }
        }
        Ok(LockRowsNode {
            input,
            marks,
            recheck,
        })
    }

    /// Lock `row`'s versions; false when the row is to be left out. May replace `row` by
    /// its latest version.
    fn lock(&self, rt: &mut Runtime, row: &mut Row) -> PgResult<bool> {
        let xid = rt.cx.txn.assign_xid(rt.cx.tm)?;
        for mark in self.marks {
            let Some((block, offset)) = row.get(mark.col).and_then(analyzer::analyze::datum_to_tid)
            else {
                // An outer join's missing side: nothing to lock.
                continue;
            };
            let mut tid = access::ItemPointer { block, offset };
            loop {
                rt.cx.interrupts.check()?;
                let w = access::WriteCtx {
                    tm: rt.cx.tm,
                    xid,
                    cid: rt.cx.txn.cid,
                    snapshot: &rt.cx.txn.snapshot,
                    interrupts: rt.cx.interrupts,
                };
                let wait = mark.wait == LockWait::Block;
                let r = access::heap_lock_tuple(
                    rt.cx.storage,
                    mark.rel.file,
                    tid,
                    mode_of(mark.strength),
                    wait,
                    &w,
                )?;
                match r {
                    LockTupleResult::Locked => break,
                    LockTupleResult::Invisible => return Ok(false),
                    LockTupleResult::WouldBlock => {
                        if mark.wait == LockWait::SkipLocked {
                            return Ok(false);
                        }
                        return Err(pg_err!(
                            LOCK_NOT_AVAILABLE,
                            "could not obtain lock on row in relation \"{}\"",
                            mark.rel.name
                        ));
                    }
                    LockTupleResult::Updated { next } => {
                        if rt.cx.txn.transaction_snapshot {
                            return Err(serialization_failure());
                        }
                        let Some(next) = next else {
                            return Ok(false);
                        };
                        let Some(recheck) = self.recheck.filter(|_| self.marks.len() == 1) else {
                            return Err(serialization_failure());
                        };
                        let Some(latest) = access::heap_fetch_latest(
                            rt.cx.storage,
                            mark.rel.file,
                            &mark.rel.tuple_desc,
                            next,
                            &w,
                        )?
                        else {
                            return Ok(false);
                        };
                        let mut flat = vec![Datum::Null; recheck.width];
                        for (i, v) in latest.values.into_iter().enumerate() {
                            if let Some(slot) = flat.get_mut(i) {
                                *slot = v;
                            }
                        }
                        if let Some(slot) = flat.get_mut(recheck.ctid_slot) {
                            *slot = analyzer::analyze::tid_to_datum(
                                latest.tid.block,
                                latest.tid.offset,
                            );
                        }
                        for q in &recheck.quals {
                            if !matches!(rt.eval(q, &flat)?, Datum::Bool(true)) {
                                return Ok(false);
                            }
                        }
                        let mut out = Vec::with_capacity(recheck.exprs.len());
                        for e in &recheck.exprs {
                            out.push(rt.eval(e, &flat)?);
                        }
                        *row = out;
                        tid = latest.tid;
                    }
                }
            }
        }
        rt.cx.txn.wrote = true;
        Ok(true)
    }
}

impl Node for LockRowsNode<'_> {
    fn next(&mut self, rt: &mut Runtime<'_, '_>) -> PgResult<Option<Row>> {
        loop {
            let Some(mut row) = self.input.next(rt)? else {
                return Ok(None);
            };
            if self.lock(rt, &mut row)? {
                return Ok(Some(row));
            }
        }
    }
}
