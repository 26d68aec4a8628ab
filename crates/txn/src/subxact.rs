//! A session's stack of open subtransactions (savepoint levels) and the xids each owns: xids
//! are assigned lazily, on a level's first write, after those of every enclosing level (so a
//! subxid is always greater than its parent's); RELEASE folds a level's xids into its parent,
//! ROLLBACK TO hands back the xids to abort. Savepoint names and settings live in the session.

use crate::{TransactionManager, INVALID_XID};
use common::{PgResult, Xid};

/// One open subtransaction level.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Level {
    /// The level's own xid, or INVALID_XID until it first writes.
    pub xid: Xid,
    /// Xids of inner levels released into this one (they commit or roll back with it).
    pub released: Vec<Xid>,
}

/// The subtransaction levels of one transaction, outermost first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SubXacts {
    /// The top-level xid (INVALID_XID until the transaction first writes).
    top: Xid,
    levels: Vec<Level>,
    /// Xids released into the top level (committed subtransactions, live until top-level end).
    released: Vec<Xid>,
}

impl SubXacts {
    /// No savepoint level is open.
    pub fn is_empty(&self) -> bool {
        self.levels.is_empty()
    }

    /// Number of open levels.
    pub fn depth(&self) -> usize {
        self.levels.len()
    }

    /// The top-level xid (INVALID_XID before the first level opened, or before any write).
    pub fn top(&self) -> Xid {
        self.top
    }

    /// Open a level; `current_xid` is the transaction's xid so far (used as the top-level xid
    /// when this is the first level).
    pub fn push(&mut self, current_xid: Xid) {
        if self.levels.is_empty() && self.released.is_empty() {
            self.top = current_xid;
        }
        self.levels.push(Level::default());
    }

    /// True if the innermost level has no xid yet (writes need one assigned).
    pub fn needs_xid(&self) -> bool {
        match self.levels.last() {
            Some(l) => l.xid == INVALID_XID,
            None => self.top == INVALID_XID,
        }
    }

    /// The xid writes use now: the innermost level's own xid, else the nearest enclosing one
    /// that has one, else the top-level xid (INVALID_XID if none).
    pub fn current(&self) -> Xid {
        self.levels
            .iter()
            .rev()
            .map(|l| l.xid)
            .find(|&x| x != INVALID_XID)
            .unwrap_or(self.top)
    }

    /// Give the top level and every open level an xid (outermost first); returns `current`.
    pub fn assign(&mut self, tm: &TransactionManager) -> PgResult<Xid> {
        if self.top == INVALID_XID {
            self.top = tm.begin()?;
        }
        let mut parent = self.top;
        for l in &mut self.levels {
            if l.xid == INVALID_XID {
                l.xid = tm.begin_sub(parent)?;
            }
            parent = l.xid;
        }
        Ok(self.current())
    }

    /// Every live xid of the transaction (top, released, open levels' own and released),
    /// ascending; empty if it has none.
    pub fn live_xids(&self) -> Vec<Xid> {
        let mut v = Vec::new();
        if self.top != INVALID_XID {
            v.push(self.top);
        }
        v.extend(&self.released);
        for l in &self.levels {
            if l.xid != INVALID_XID {
                v.push(l.xid);
            }
            v.extend(&l.released);
        }
        v.sort_unstable();
        v
    }

    /// Live subtransaction xids (all live xids but the top-level one), ascending.
    pub fn live_subxids(&self) -> Vec<Xid> {
        let mut v = self.live_xids();
        v.retain(|&x| x != self.top);
        v
    }

    /// RELEASE: close levels `level..` (0 = outermost), folding their xids into the enclosing
    /// level (or the top level).
    pub fn release(&mut self, level: usize) {
        if level >= self.levels.len() {
            return;
        }
        let mut moved = Vec::new();
        for l in self.levels.drain(level..) {
            if l.xid != INVALID_XID {
                moved.push(l.xid);
            }
            moved.extend(l.released);
        }
        match self.levels.last_mut() {
            Some(parent) => parent.released.extend(moved),
            None => self.released.extend(moved),
        }
    }

    /// ROLLBACK TO: discard levels `level..` and open a fresh level in their place; returns
    /// the xids whose work must be aborted, ascending.
    pub fn rollback_to(&mut self, level: usize) -> Vec<Xid> {
        let mut doomed = Vec::new();
        if level < self.levels.len() {
            for l in self.levels.drain(level..) {
                if l.xid != INVALID_XID {
                    doomed.push(l.xid);
                }
                doomed.extend(l.released);
            }
        }
        self.levels.push(Level::default());
        doomed.sort_unstable();
        doomed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_assign_release_rollback() {
        let dir = tempfile::tempdir().unwrap();
        let tm = TransactionManager::open(dir.path()).unwrap();
        let mut s = SubXacts::default();
        s.push(INVALID_XID); // SAVEPOINT one, nothing written yet
        assert!(s.needs_xid());
        s.push(INVALID_XID); // SAVEPOINT two
        let x = s.assign(&tm).unwrap();
        // Top, level one and level two all got xids, in order.
        let live = s.live_xids();
        assert_eq!(live.len(), 3);
        assert_eq!(x, live[2]);
        assert_eq!(tm.top_xid(x), live[0]);
        assert_eq!(s.top(), live[0]);
        // RELEASE two: its xid moves into level one.
        s.release(1);
        assert_eq!(s.depth(), 1);
        assert_eq!(s.current(), live[1]);
        assert_eq!(s.live_xids(), live);
        // ROLLBACK TO one: both subxids are doomed, a fresh level one remains.
        let doomed = s.rollback_to(0);
        assert_eq!(doomed, vec![live[1], live[2]]);
        assert_eq!(s.depth(), 1);
        assert!(s.needs_xid());
        assert_eq!(s.current(), live[0]);
        assert_eq!(s.live_xids(), vec![live[0]]);
        assert!(s.live_subxids().is_empty());
        // A new write in the fresh level gets a new subxid.
        let y = s.assign(&tm).unwrap();
        assert!(y > live[2]);
        s.release(0);
        assert!(s.is_empty());
        assert_eq!(s.current(), live[0]);
        assert_eq!(s.live_subxids(), vec![y]);
    }
}
