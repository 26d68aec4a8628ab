//! Range scans. A scan positions with a descent, then copies the matching entries of one leaf
//! page at a time under a share lock and releases it, so no lock is held between `next` calls.
//! Forward scans continue at the right link saved with the page (entries only ever move right,
//! into pages we then reach); backward scans step to the left link and move right until they
//! find the page whose right link is the page just read (left links are only hints).
//! Bounds are in index order (`lower` is where a forward scan starts, even for DESC columns) and
//! may be prefixes of the key; NULLs are ordinary positions in that order (see `KeyOrder`), so
//! `IS NULL` is the range [NULL, NULL] and `IS NOT NULL` excludes it at its end.

use super::page::*;
use super::{BTree, ScanKey, Tid};
use common::{pg_err, PgResult};
use std::cmp::Ordering;
use std::collections::VecDeque;
use std::ops::Bound;
use types::Datum;

enum State {
    Start,
    /// Forward: next page to read. Backward: the page just read and its left-link hint.
    Forward {
        next: u32,
    },
    Backward {
        cur: u32,
        prev: u32,
    },
    Done,
}

/// An in-progress index scan; see `BTree::scan`.
pub struct BTreeScan {
    tree: BTree,
    lower: Bound<Vec<Datum>>,
    upper: Bound<Vec<Datum>>,
    backward: bool,
    buf: VecDeque<(Vec<Datum>, Tid)>,
    state: State,
}

fn owned(b: Bound<&[Datum]>) -> Bound<Vec<Datum>> {
    match b {
        Bound::Included(k) => Bound::Included(k.to_vec()),
        Bound::Excluded(k) => Bound::Excluded(k.to_vec()),
        Bound::Unbounded => Bound::Unbounded,
    }
}

impl BTree {
    /// Start a scan of the entries between `lower` and `upper` (in index order; each bound a
    /// key or a prefix of the key columns), in index order or, with `backward`, in reverse.
    pub fn scan(
        &self,
        lower: Bound<&[Datum]>,
        upper: Bound<&[Datum]>,
        backward: bool,
    ) -> PgResult<BTreeScan> {
        for b in [&lower, &upper] {
            if let Bound::Included(k) | Bound::Excluded(k) = b {
                if k.len() > self.order().ncols() {
                    return Err(pg_err!(
                        INTERNAL_ERROR,
                        "scan key of index \"{}\" has too many columns",
                        self.name()
                    ));
                }
            }
        }
        Ok(BTreeScan {
            tree: self.clone(),
            lower: owned(lower),
            upper: owned(upper),
            backward,
            buf: VecDeque::new(),
            state: State::Start,
        })
    }

    /// All TIDs whose key equals `key` (empty if any key column is NULL: NULLs never equal).
    /// The caller checks heap visibility (e.g. for unique constraints).
    pub fn find_equal(&self, key: &[Datum]) -> PgResult<Vec<Tid>> {
        if key.iter().any(|d| d.is_null()) {
            return Ok(Vec::new());
        }
        let mut s = self.scan(Bound::Included(key), Bound::Included(key), false)?;
        let mut out = Vec::new();
        while let Some((_, t)) = s.next()? {
            out.push(t);
        }
        Ok(out)
    }
}

impl BTreeScan {
    /// The index being scanned.
    pub fn tree(&self) -> &BTree {
        &self.tree
    }

    /// The next entry, or None at the end of the range.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> PgResult<Option<(Vec<Datum>, Tid)>> {
        loop {
            if let Some(e) = self.buf.pop_front() {
                return Ok(Some(e));
            }
            match self.state {
                State::Done => return Ok(None),
                State::Start => {
                    if self.backward {
                        self.start_backward()?
                    } else {
                        self.start_forward()?
                    }
                }
                State::Forward { next } => {
                    if next == P_NONE {
                        self.state = State::Done;
                    } else {
                        self.read_forward(next, None, None)?;
                    }
                }
                State::Backward { cur, prev } => self.step_left(cur, prev)?,
            }
        }
    }

    /// Does `key` lie beyond the upper bound?
    fn past_upper(&self, key: &[Datum]) -> bool {
        match &self.upper {
            Bound::Unbounded => false,
            Bound::Included(u) => self.tree.order().compare_keys(key, u) == Ordering::Greater,
            Bound::Excluded(u) => self.tree.order().compare_keys(key, u) != Ordering::Less,
        }
    }

    /// Does `key` lie before the lower bound?
    fn before_lower(&self, key: &[Datum]) -> bool {
        match &self.lower {
            Bound::Unbounded => false,
            Bound::Included(l) => self.tree.order().compare_keys(key, l) == Ordering::Less,
            Bound::Excluded(l) => self.tree.order().compare_keys(key, l) != Ordering::Greater,
        }
    }

    fn start_forward(&mut self) -> PgResult<()> {
        let sk = match &self.lower {
            Bound::Unbounded => ScanKey {
                key: Vec::new(),
                tid: None,
                nextkey: false,
            },
            Bound::Included(k) => ScanKey {
                key: k.clone(),
                tid: None,
                nextkey: false,
            },
            Bound::Excluded(k) => ScanKey {
                key: k.clone(),
                tid: None,
                nextkey: true,
            },
        };
        let (blk, buf) = self.tree.descend_pinned(&sk, 0, None)?;
        self.read_forward(blk, Some(&sk), Some(buf))
    }

    /// Read leaf `blk` (positioning at `sk` if given, moving right past splits), buffering the
    /// entries up to the upper bound.
    /// `pinned` is block `blk` already pinned by the descent.
    fn read_forward(
        &mut self,
        mut blk: u32,
        sk: Option<&ScanKey>,
        mut pinned: Option<storage::BufferRef>,
    ) -> PgResult<()> {
        loop {
            let b = match pinned.take() {
                Some(b) if b.block() == blk => b,
                _ => self.tree.pin(blk)?,
            };
            let g = b.read();
            let o = check_page(&g[..], blk, self.tree.name())?;
            if !o.is_leaf() {
                return Err(pg_err!(
                    INDEX_CORRUPTED,
                    "index \"{}\": expected a leaf at block {}",
                    self.tree.name(),
                    blk
                ));
            }
            let start = match sk {
                Some(sk) => {
                    if self.tree.must_move_right(&g[..], &o, sk)? {
                        blk = o.next;
                        continue;
                    }
                    self.tree.lower_bound(&g[..], &o, sk)?
                }
                None => first_data(&o),
            };
            let maxoff = storage::page::max_offset_number(&g[..]);
            self.state = State::Forward { next: o.next };
            for off in start..=maxoff {
                let it = item(&g[..], off)?;
                let key = item_key(it)?;
                if self.past_upper(&key) {
                    self.state = State::Done;
                    break;
                }
                self.buf.push_back((key, item_tid(it)));
            }
            return Ok(());
        }
    }

    fn start_backward(&mut self) -> PgResult<()> {
        // Position just after the last entry within the upper bound.
        let sk = match &self.upper {
            Bound::Unbounded => ScanKey {
                key: Vec::new(),
                tid: None,
                nextkey: true,
            },
            Bound::Included(k) => ScanKey {
                key: k.clone(),
                tid: None,
                nextkey: true,
            },
            Bound::Excluded(k) => ScanKey {
                key: k.clone(),
                tid: None,
                nextkey: false,
            },
        };
        let (mut blk, buf) = self.tree.descend_pinned(&sk, 0, None)?;
        let mut pinned = Some(buf);
        loop {
            let b = match pinned.take() {
                Some(b) if b.block() == blk => b,
                _ => self.tree.pin(blk)?,
            };
            let g = b.read();
            let o = check_page(&g[..], blk, self.tree.name())?;
            if self.tree.must_move_right(&g[..], &o, &sk)? {
                blk = o.next;
                continue;
            }
            // Entries before the position: for nextkey, the first item > key; else >= key.
            let end = self.tree.lower_bound(&g[..], &o, &sk)?;
            self.state = State::Backward {
                cur: blk,
                prev: o.prev,
            };
            self.take_backward(&g[..], &o, end)?;
            return Ok(());
        }
    }

    /// Buffer the page's entries before offset `end`, last first, down to the lower bound.
    fn take_backward(&mut self, p: &[u8], o: &Opaque, end: u16) -> PgResult<()> {
        let first = first_data(o);
        let mut off = end;
        while off > first {
            off -= 1;
            let it = item(p, off)?;
            let key = item_key(it)?;
            if self.before_lower(&key) {
                self.state = State::Done;
                break;
            }
            self.buf.push_back((key, item_tid(it)));
        }
        Ok(())
    }

    /// Read the page left of `cur` (starting from the hint `prev`).
    fn step_left(&mut self, cur: u32, prev: u32) -> PgResult<()> {
        if prev == P_NONE {
            self.state = State::Done;
            return Ok(());
        }
        let mut blk = prev;
        let mut hops = 0u64;
        loop {
            let b = self.tree.pin(blk)?;
            let g = b.read();
            let o = check_page(&g[..], blk, self.tree.name())?;
            if o.next == cur {
                self.state = State::Backward {
                    cur: blk,
                    prev: o.prev,
                };
                let end = storage::page::max_offset_number(&g[..]) + 1;
                return self.take_backward(&g[..], &o, end);
            }
            if o.next == P_NONE || !o.is_leaf() {
                return Err(pg_err!(
                    INDEX_CORRUPTED,
                    "could not find left sibling of block {} in index \"{}\"",
                    cur,
                    self.tree.name()
                ));
            }
            hops += 1;
            if hops.is_multiple_of(1024) {
                self.tree.check_interrupts()?;
            }
            blk = o.next;
        }
    }
}
