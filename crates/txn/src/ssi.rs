//! Serializable snapshot isolation (SERIALIZABLE): each serializable transaction records the
//! relations it read and wrote; a read of a relation that a concurrent serializable
//! transaction wrote (or a write of one it read) is a read-write antidependency from the
//! reader to the writer. A transaction with both an incoming and an outgoing antidependency
//! (a "pivot") may close a cycle in the serialization order, so it — or, when it has already
//! committed, the transaction completing the structure — fails with 40001. Tracking is per
//! relation rather than per row or page: coarser than PostgreSQL's predicate locks, so it
//! reports more false conflicts, but it never lets an anomaly through.

use common::{pg_err, Oid, PgError, PgResult};
use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

/// A serializable transaction's handle.
pub type SxId = u64;

/// A relation: (database OID, relation OID).
pub type RelKey = (Oid, Oid);

#[derive(Default)]
struct SxAct {
    /// Commit sequence number current when its snapshot was taken.
    start: u64,
    /// Set when it committed.
    committed: Option<u64>,
    reads: HashSet<RelKey>,
    writes: HashSet<RelKey>,
    /// Some concurrent transaction has a rw-antidependency on this one (it wrote what they read).
    has_in: bool,
    /// This one has a rw-antidependency on a concurrent transaction (it read what they wrote).
    has_out: bool,
    /// Chosen to fail at its next statement or at commit.
    doomed: bool,
}

#[derive(Default)]
struct State {
    next_id: SxId,
    /// Incremented at each serializable commit.
    seq: u64,
    xacts: HashMap<SxId, SxAct>,
}

/// The SSI conflict tracker (one per cluster).
#[derive(Default)]
pub struct Ssi {
    state: Mutex<State>,
}

/// The 40001 error with PostgreSQL's text and the given reason.
fn failure(reason: &str) -> PgError {
    pg_err!(
        SERIALIZATION_FAILURE,
        "could not serialize access due to read/write dependencies among transactions"
    )
    .with_detail(format!("Reason code: {reason}."))
    .with_hint("The transaction might succeed if retried.")
}

fn concurrent(a: &SxAct, b: &SxAct) -> bool {
    a.committed.is_none_or(|c| c > b.start) && b.committed.is_none_or(|c| c > a.start)
}

impl Ssi {
    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A serializable transaction takes its snapshot.
    pub fn begin(&self) -> SxId {
        let mut st = self.state();
        st.next_id += 1;
        let id = st.next_id;
        let start = st.seq;
        st.xacts.insert(
            id,
            SxAct {
                start,
                ..SxAct::default()
            },
        );
        Self::cleanup(&mut st);
        id
    }

    /// `sx` reads relation `rel`.
    pub fn on_read(&self, sx: SxId, rel: RelKey) -> PgResult<()> {
        let mut st = self.state();
        let Some(me) = st.xacts.get_mut(&sx) else {
            return Ok(());
        };
        if !me.reads.insert(rel) {
            return Self::doomed_check(&st, sx, "Canceled on conflict out to pivot");
        }
        let writers: Vec<SxId> = {
            let me = &st.xacts[&sx];
            st.xacts
                .iter()
                .filter(|(id, o)| **id != sx && o.writes.contains(&rel) && concurrent(me, o))
                .map(|(id, _)| *id)
                .collect()
        };
        for w in writers {
            Self::add_edge(
                &mut st,
                sx,
                w,
                sx,
                "Canceled on identification as a pivot, during conflict out checking",
            )?;
        }
        Self::doomed_check(&st, sx, "Canceled on conflict out to pivot")
    }

    /// `sx` writes relation `rel`.
    pub fn on_write(&self, sx: SxId, rel: RelKey) -> PgResult<()> {
        let mut st = self.state();
        let Some(me) = st.xacts.get_mut(&sx) else {
            return Ok(());
        };
        if !me.writes.insert(rel) {
            return Self::doomed_check(&st, sx, "Canceled on conflict out to pivot");
        }
        let readers: Vec<SxId> = {
            let me = &st.xacts[&sx];
            st.xacts
                .iter()
                .filter(|(id, o)| **id != sx && o.reads.contains(&rel) && concurrent(me, o))
                .map(|(id, _)| *id)
                .collect()
        };
        for r in readers {
            Self::add_edge(
                &mut st,
                r,
                sx,
                sx,
                "Canceled on identification as a pivot, during write",
            )?;
        }
        Self::doomed_check(&st, sx, "Canceled on conflict out to pivot")
    }

    /// Fails if `sx` was chosen as a victim (checked at each statement).
    pub fn check(&self, sx: SxId) -> PgResult<()> {
        let st = self.state();
        Self::doomed_check(
            &st,
            sx,
            "Canceled on identification as a pivot, during conflict in checking",
        )
    }

    fn doomed_check(st: &State, sx: SxId, reason: &str) -> PgResult<()> {
        match st.xacts.get(&sx) {
            Some(x) if x.doomed => Err(failure(reason)),
            _ => Ok(()),
        }
    }

    /// Record the antidependency reader →rw writer on behalf of `current`; a transaction that
    /// becomes a pivot is doomed (or, if it already committed, `current` fails now).
    fn add_edge(
        st: &mut State,
        reader: SxId,
        writer: SxId,
        current: SxId,
        reason: &str,
    ) -> PgResult<()> {
        if let Some(r) = st.xacts.get_mut(&reader) {
            r.has_out = true;
        }
        if let Some(w) = st.xacts.get_mut(&writer) {
            w.has_in = true;
        }
        for pivot in [writer, reader] {
            let Some(p) = st.xacts.get(&pivot) else {
                continue;
            };
            if !(p.has_in && p.has_out) {
                continue;
            }
            if p.committed.is_some() || pivot == current {
                return Err(failure(reason));
            }
            if let Some(p) = st.xacts.get_mut(&pivot) {
                p.doomed = true;
            }
        }
        Ok(())
    }

    /// Commit of `sx`: fails (40001) if it is doomed or a pivot; otherwise records the commit.
    pub fn pre_commit(&self, sx: SxId) -> PgResult<()> {
        let mut st = self.state();
        let Some(me) = st.xacts.get(&sx) else {
            return Ok(());
        };
        if me.doomed || (me.has_in && me.has_out) {
            return Err(failure(
                "Canceled on identification as a pivot, during commit attempt",
            ));
        }
        st.seq += 1;
        let seq = st.seq;
        if let Some(me) = st.xacts.get_mut(&sx) {
            me.committed = Some(seq);
        }
        Self::cleanup(&mut st);
        Ok(())
    }

    /// Abort of `sx`: it no longer matters to anyone.
    pub fn abort(&self, sx: SxId) {
        let mut st = self.state();
        st.xacts.remove(&sx);
        Self::cleanup(&mut st);
    }

    /// Forget committed transactions no running one overlaps.
    fn cleanup(st: &mut State) {
        let oldest_active = st
            .xacts
            .values()
            .filter(|x| x.committed.is_none())
            .map(|x| x.start)
            .min();
        st.xacts.retain(|_, x| match (x.committed, oldest_active) {
            (None, _) => true,
            (Some(c), Some(oldest)) => c > oldest,
            (Some(_), None) => false,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: RelKey = (1, 100);
    const B: RelKey = (1, 200);

    #[test]
    fn write_skew_is_refused() {
        let ssi = Ssi::default();
        let t1 = ssi.begin();
        let t2 = ssi.begin();
        ssi.on_read(t1, A).unwrap();
        ssi.on_read(t1, B).unwrap();
        ssi.on_read(t2, A).unwrap();
        ssi.on_read(t2, B).unwrap();
        ssi.on_write(t1, A).unwrap();
        // t2 writing B: t1 read B (t1 -> t2) and t2 read A which t1 wrote (t2 -> t1).
        let second = ssi.on_write(t2, B);
        let first_commit = ssi.pre_commit(t1);
        assert!(second.is_err() || first_commit.is_err());
    }

    #[test]
    fn serial_transactions_do_not_conflict() {
        let ssi = Ssi::default();
        let t1 = ssi.begin();
        ssi.on_read(t1, A).unwrap();
        ssi.on_write(t1, A).unwrap();
        ssi.pre_commit(t1).unwrap();
        let t2 = ssi.begin();
        ssi.on_read(t2, A).unwrap();
        ssi.on_write(t2, A).unwrap();
        ssi.pre_commit(t2).unwrap();
    }

    #[test]
    fn one_way_dependency_is_fine() {
        let ssi = Ssi::default();
        let t1 = ssi.begin();
        let t2 = ssi.begin();
        ssi.on_read(t1, A).unwrap();
        ssi.on_write(t2, A).unwrap();
        ssi.pre_commit(t2).unwrap();
        ssi.pre_commit(t1).unwrap();
    }

    #[test]
    fn error_text_matches_postgresql() {
        let e = failure("Canceled on identification as a pivot, during commit attempt");
        assert_eq!(e.code, common::sqlstate::SERIALIZATION_FAILURE);
        assert_eq!(
            e.message,
            "could not serialize access due to read/write dependencies among transactions"
        );
    }
}
