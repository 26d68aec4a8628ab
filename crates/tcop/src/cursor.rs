//! SQL cursors: DECLARE [BINARY] [NO] SCROLL CURSOR [WITH HOLD] FOR query, FETCH and MOVE in
//! every direction, CLOSE [ALL], and the pg_cursors view. The query is planned at DECLARE and
//! run at the first FETCH/MOVE with DECLARE's snapshot (so errors surface at FETCH, and a cursor
//! whose run failed is dead: 55000 `portal "c" cannot be run`); its rows are then read by
//! position, so every scroll direction is cheap. WITH HOLD cursors are computed at commit.

use crate::results::{CollectSink, RowSink};
use crate::session::Session;
use crate::Output;
use common::{pg_err, PgError, PgResult};
use executor::{ResultColumn, ResultSink};
use parser::ast::{ClosePortalStmt, DeclareCursorStmt, FetchDirection, FetchStmt};
use types::Datum;

/// Whether a cursor's rows have been computed.
enum Rows {
    /// Planned at DECLARE, to run with DECLARE's snapshot.
    Pending {
        planned: std::sync::Arc<planner::PlannedStmt>,
        snapshot: txn::Snapshot,
    },
    Ready(Vec<Vec<Datum>>),
    /// The run failed: the cursor can't be used any more.
    Failed,
}

/// One open cursor.
pub(crate) struct Cursor {
    /// The query string that declared it (pg_cursors.statement).
    pub(crate) statement: String,
    pub(crate) columns: Vec<ResultColumn>,
    rows: Rows,
    /// 0 = before the first row, 1..=n on row n, n + 1 = after the last.
    pos: usize,
    /// Declared SCROLL (Some(true)), NO SCROLL (Some(false)) or neither.
    pub(crate) scroll: Option<bool>,
    pub(crate) hold: bool,
    pub(crate) binary: bool,
    /// A WITH HOLD cursor whose transaction committed (it outlives transactions now).
    pub(crate) held: bool,
    pub(crate) creation_time: i64,
}

fn cursor_missing(name: &str) -> PgError {
    pg_err!(INVALID_CURSOR_NAME, "cursor \"{}\" does not exist", name)
}

impl Cursor {
    fn scrollable(&self) -> bool {
        self.scroll != Some(false)
    }

    /// Move as `dir` says, collecting the rows passed over when `fetch`; returns the count.
    fn run(&mut self, dir: &FetchDirection, fetch: bool) -> PgResult<(Vec<Vec<Datum>>, u64)> {
        let Rows::Ready(rows) = &self.rows else {
            return Err(PgError::internal("cursor rows not computed"));
        };
        let n = rows.len();
        let mut out = Vec::new();
        let mut count = 0u64;
        // Normalise to forward/backward steps or an absolute position.
        enum Step {
            Forward(u64),
            Backward(u64),
            Absolute(i64),
            Current,
        }
        let step = match *dir {
            FetchDirection::Forward(None) => Step::Forward(u64::MAX),
            FetchDirection::Forward(Some(0)) => Step::Current,
            FetchDirection::Forward(Some(k)) if k > 0 => Step::Forward(k as u64),
            FetchDirection::Forward(Some(k)) => Step::Backward(k.unsigned_abs()),
            FetchDirection::Backward(None) => Step::Backward(u64::MAX),
            FetchDirection::Backward(Some(0)) => Step::Current,
            FetchDirection::Backward(Some(k)) if k > 0 => Step::Backward(k as u64),
            FetchDirection::Backward(Some(k)) => Step::Forward(k.unsigned_abs()),
            FetchDirection::Prior => Step::Backward(1),
            FetchDirection::First => Step::Absolute(1),
            FetchDirection::Last => Step::Absolute(-1),
            FetchDirection::Absolute(k) => Step::Absolute(k),
            FetchDirection::Relative(0) => Step::Current,
            FetchDirection::Relative(k) => {
                let to = (self.pos as i64).saturating_add(k).clamp(0, n as i64 + 1);
                Step::Absolute(to)
            }
        };
        let target_abs = |k: i64| -> usize {
            if k >= 0 {
                (k as usize).min(n + 1)
            } else {
                let back = k.unsigned_abs() as usize;
                (n + 1).saturating_sub(back)
            }
        };
        let backward = match step {
            Step::Backward(_) | Step::Current => true,
            Step::Absolute(k) => target_abs(k) < self.pos,
            Step::Forward(_) => false,
        };
        if backward && !self.scrollable() {
            return Err(pg_err!(
                OBJECT_NOT_IN_PREREQUISITE_STATE,
                "cursor can only scan forward"
            )
            .with_hint("Declare it with SCROLL option to enable backward scan."));
        }
        match step {
            Step::Forward(k) => {
                let mut left = k;
                while left > 0 && self.pos <= n {
                    self.pos += 1;
                    if self.pos <= n {
                        if fetch {
                            out.push(rows[self.pos - 1].clone());
                        }
                        count += 1;
                    }
                    left -= 1;
                }
            }
            Step::Backward(k) => {
                let mut left = k;
                while left > 0 && self.pos > 0 {
                    self.pos -= 1;
                    if self.pos >= 1 {
                        if fetch {
                            out.push(rows[self.pos - 1].clone());
                        }
                        count += 1;
                    }
                    left -= 1;
                }
            }
            Step::Current => {
                if self.pos >= 1 && self.pos <= n {
                    if fetch {
                        out.push(rows[self.pos - 1].clone());
                    }
                    count = 1;
                }
            }
            Step::Absolute(k) => {
                self.pos = target_abs(k);
                if self.pos >= 1 && self.pos <= n {
                    if fetch {
                        out.push(rows[self.pos - 1].clone());
                    }
                    count = 1;
                }
            }
        }
        Ok((out, count))
    }
}

impl Session {
    /// DECLARE name CURSOR FOR query.
    pub(crate) fn exec_declare(&mut self, d: &DeclareCursorStmt, sql: &str) -> PgResult<String> {
        if !d.hold && self.xact.block == crate::xact::Block::None {
            return Err(pg_err!(
                NO_ACTIVE_SQL_TRANSACTION,
                "DECLARE CURSOR can only be used in transaction blocks"
            ));
        }
        if self.objects.cursors.contains_key(&d.name) {
            return Err(pg_err!(
                DUPLICATE_CURSOR,
                "cursor \"{}\" already exists",
                d.name
            ));
        }
        let mut notices = Vec::new();
        let planned = {
            let mut parts = self.exec_context_parts();
            let cx = parts.build(&mut notices);
            executor::plan_statement(&d.query, sql, &cx)
        };
        self.notices.extend(notices);
        let planned = std::sync::Arc::new(planned?);
        let columns = executor::result_description(&planned).unwrap_or_default();
        self.objects.cursors.insert(
            d.name.clone(),
            Cursor {
                statement: sql.to_string(),
                columns,
                rows: Rows::Pending {
                    planned,
                    snapshot: self.xact.txn.snapshot.clone(),
                },
                pos: 0,
                scroll: d.scroll,
                hold: d.hold,
                binary: d.binary,
                held: false,
                creation_time: types::env::now_pg_micros(),
            },
        );
        Ok("DECLARE CURSOR".into())
    }

    /// Compute cursor `name`'s rows if that has not happened yet (with DECLARE's snapshot).
    fn materialize_cursor(&mut self, name: &str) -> PgResult<()> {
        let Some(cursor) = self.objects.cursors.get_mut(name) else {
            return Err(cursor_missing(name));
        };
        let (planned, snapshot) = match &cursor.rows {
            Rows::Ready(_) => return Ok(()),
            Rows::Failed => {
                return Err(pg_err!(
                    OBJECT_NOT_IN_PREREQUISITE_STATE,
                    "portal \"{}\" cannot be run",
                    name
                ))
            }
            Rows::Pending { planned, snapshot } => (planned.clone(), snapshot.clone()),
        };
        let binary = cursor.binary;
        let current = std::mem::replace(&mut self.xact.txn.snapshot, snapshot);
        let mut sink = CollectSink::new(!binary);
        let mut notices = Vec::new();
        let result = {
            let mut parts = self.exec_context_parts();
            let mut cx = parts.build(&mut notices);
            executor::run_planned(&planned, &mut cx, &mut sink)
        };
        self.notices.extend(notices);
        self.xact.txn.snapshot = current;
        if let Some(cursor) = self.objects.cursors.get_mut(name) {
            cursor.rows = match &result {
                Ok(_) => Rows::Ready(sink.rows.into_iter().collect()),
                Err(_) => Rows::Failed,
            };
        }
        result.map(|_| ())
    }

    /// The oldest snapshot xmin of a cursor that has not run yet.
    pub(crate) fn oldest_cursor_xmin(&self) -> Option<common::Xid> {
        self.objects
            .cursors
            .values()
            .filter_map(|c| match &c.rows {
                Rows::Pending { snapshot, .. } => Some(snapshot.xmin),
                _ => None,
            })
            .min()
    }

    /// At commit: WITH HOLD cursors keep their rows beyond the transaction, so compute them now.
    pub(crate) fn materialize_held_cursors(&mut self) -> PgResult<()> {
        let names: Vec<String> = self
            .objects
            .cursors
            .iter()
            .filter(|(_, c)| c.hold && matches!(c.rows, Rows::Pending { .. }))
            .map(|(n, _)| n.clone())
            .collect();
        for n in names {
            self.materialize_cursor(&n)?;
        }
        Ok(())
    }

    /// FETCH / MOVE.
    pub(crate) fn exec_fetch(&mut self, f: &FetchStmt, out: &mut dyn Output) -> PgResult<String> {
        self.materialize_cursor(&f.cursor)?;
        let env = self.env.clone();
        let cursor = self
            .objects
            .cursors
            .get_mut(&f.cursor)
            .ok_or_else(|| cursor_missing(&f.cursor))?;
        let (rows, count) = cursor.run(&f.direction, !f.is_move)?;
        if f.is_move {
            return Ok(format!("MOVE {count}"));
        }
        let formats = vec![if cursor.binary { 1 } else { 0 }; cursor.columns.len()];
        let mut sink = RowSink::new(out, &env).with_formats(formats);
        sink.describe(&cursor.columns)?;
        for r in &rows {
            sink.row(r)?;
        }
        Ok(format!("FETCH {count}"))
    }

    /// The columns FETCH from `name` returns (Describe of a FETCH statement).
    pub(crate) fn cursor_columns(&self, name: &str) -> Option<&[ResultColumn]> {
        self.objects.cursors.get(name).map(|c| c.columns.as_slice())
    }

    /// CLOSE name | ALL.
    pub(crate) fn exec_close_cursor(&mut self, c: &ClosePortalStmt) -> PgResult<String> {
        match &c.name {
            None => self.objects.cursors.clear(),
            Some(name) => {
                if self.objects.cursors.remove(name).is_none() {
                    return Err(cursor_missing(name));
                }
            }
        }
        Ok("CLOSE CURSOR".into())
    }

    /// At transaction end: cursors go, except WITH HOLD ones of a committed transaction.
    pub(crate) fn end_transaction_cursors(&mut self, committed: bool) {
        self.objects.cursors.retain(|_, c| {
            if c.held {
                return true;
            }
            if c.hold && committed {
                c.held = true;
                return true;
            }
            false
        });
    }
}
