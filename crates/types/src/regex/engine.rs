//! Matching engine: Thompson NFAs simulated breadth-first (no exponential blow-up), with
//! zero-width constraints as position predicates, plus Spencer-style "dissection" that assigns
//! subexpression matches once the overall match extent is known (leftmost, then longest or
//! shortest according to the whole RE's greediness), honouring each node's own greediness.

use super::parse::{Assert, Ast, CharTest, Lacon, Parsed};
use super::ReErr;
use common::{PgError, PgResult};
use std::collections::HashMap;

/// Upper bound on NFA states over all of a regex's automata.
const MAX_STATES: usize = 400_000;
/// Upper bound on "arcs after epsilon removal" (PostgreSQL's complexity limit analogue).
const MAX_ARCS: usize = 2_500_000;
/// Work bound for one execution (state visits).
const MAX_STEPS: u64 = 150_000_000;

#[derive(Clone, Copy, Debug)]
enum Edge {
    Eps(u32),
    Assert(Assert, u32),
    Char(u32, u32),
}

pub(crate) struct Nfa {
    edges: Vec<Vec<Edge>>,
    start: u32,
    accept: u32,
}

struct Builder<'a> {
    edges: Vec<Vec<Edge>>,
    groups: &'a [Ast],
    total: &'a mut usize,
    reversed: bool,
}

impl Builder<'_> {
    fn state(&mut self) -> Result<u32, ReErr> {
        *self.total += 1;
        if *self.total > MAX_STATES {
            return Err(ReErr::TooBig);
        }
        self.edges.push(Vec::new());
        Ok((self.edges.len() - 1) as u32)
    }
    fn edge(&mut self, from: u32, e: Edge) {
        if let Some(v) = self.edges.get_mut(from as usize) {
            v.push(e);
        }
    }

    /// Build a fragment for `a` from state `s`; returns its end state.
    fn build(&mut self, a: &Ast, s: u32, depth: u32) -> Result<u32, ReErr> {
        if depth > 1000 {
            return Err(ReErr::TooBig);
        }
        Ok(match a {
            Ast::Empty => s,
            Ast::Char(t) => {
                let e = self.state()?;
                self.edge(s, Edge::Char(*t, e));
                e
            }
            Ast::Assert(k) => {
                let e = self.state()?;
                self.edge(s, Edge::Assert(*k, e));
                e
            }
            Ast::Group { inner, .. } => self.build(inner, s, depth + 1)?,
            Ast::Concat(v) => {
                let mut cur = s;
                if self.reversed {
                    for x in v.iter().rev() {
                        cur = self.build(x, cur, depth + 1)?;
                    }
                } else {
                    for x in v {
                        cur = self.build(x, cur, depth + 1)?;
                    }
                }
                cur
            }
            Ast::Alt(v) => {
                let e = self.state()?;
                for x in v {
                    let b = self.state()?;
                    self.edge(s, Edge::Eps(b));
                    let be = self.build(x, b, depth + 1)?;
                    self.edge(be, Edge::Eps(e));
                }
                e
            }
            Ast::Repeat {
                inner, min, max, ..
            } => {
                let mut cur = s;
                for _ in 0..*min {
                    let b = self.state()?;
                    self.edge(cur, Edge::Eps(b));
                    cur = self.build(inner, b, depth + 1)?;
                }
                match max {
                    None => {
                        // loop: cur -> b -inner-> be -> b ; b -> e
                        let b = self.state()?;
                        self.edge(cur, Edge::Eps(b));
                        let body = self.state()?;
                        self.edge(b, Edge::Eps(body));
                        let be = self.build(inner, body, depth + 1)?;
                        self.edge(be, Edge::Eps(b));
                        let e = self.state()?;
                        self.edge(b, Edge::Eps(e));
                        e
                    }
                    Some(mx) => {
                        let e = self.state()?;
                        for _ in *min..*mx {
                            self.edge(cur, Edge::Eps(e));
                            let b = self.state()?;
                            self.edge(cur, Edge::Eps(b));
                            cur = self.build(inner, b, depth + 1)?;
                        }
                        self.edge(cur, Edge::Eps(e));
                        e
                    }
                }
            }
            Ast::Backref(n) => {
                // approximated by the referenced subexpression's pattern
                let g = self.groups.get(*n).ok_or(ReErr::SubReg)?;
                let g = g.clone();
                self.build(&g, s, depth + 1)?
            }
        })
    }
}

fn compile(a: &Ast, groups: &[Ast], total: &mut usize, reversed: bool) -> Result<Nfa, ReErr> {
    let mut b = Builder {
        edges: Vec::new(),
        groups,
        total,
        reversed,
    };
    let s = b.state()?;
    let e = b.build(a, s, 0)?;
    Ok(Nfa {
        edges: b.edges,
        start: s,
        accept: e,
    })
}

/// PostgreSQL rejects REs whose automaton (after epsilon removal) has too many arcs.
fn check_complexity(nfa: &Nfa) -> Result<(), ReErr> {
    let n = nfa.edges.len();
    let mut mark = vec![u32::MAX; n];
    let mut stack = Vec::new();
    let mut arcs = 0usize;
    let mut sources: Vec<u32> = vec![nfa.start];
    for es in &nfa.edges {
        for e in es {
            if let Edge::Char(_, t) = e {
                sources.push(*t);
            }
        }
    }
    sources.sort_unstable();
    sources.dedup();
    for (gen, &src) in sources.iter().enumerate() {
        let gen = gen as u32;
        stack.clear();
        stack.push(src);
        while let Some(s) = stack.pop() {
            let su = s as usize;
            if mark[su] == gen {
                continue;
            }
            mark[su] = gen;
            for e in &nfa.edges[su] {
                match e {
                    Edge::Eps(t) | Edge::Assert(_, t) => stack.push(*t),
                    Edge::Char(..) => {
                        arcs += 1;
                        if arcs > MAX_ARCS {
                            return Err(ReErr::TooBig);
                        }
                    }
                }
            }
        }
    }
    Ok(())
}

/// Subexpression tree used to assign captures.
pub(crate) struct Sub {
    kind: SubKind,
    nfa: Nfa,
    shorter: bool,
    cap_lo: usize,
    cap_hi: usize,
}

enum SubKind {
    Leaf,
    Capture(usize, Box<Sub>),
    Concat(Box<Sub>, Box<Sub>),
    Alt(Vec<Sub>),
    Iter {
        body: Box<Sub>,
        min: u32,
        max: Option<u32>,
    },
    Backref {
        n: usize,
        min: u32,
        max: Option<u32>,
    },
}

fn build_sub(a: &Ast, groups: &[Ast], total: &mut usize, depth: u32) -> Result<Sub, ReErr> {
    if depth > 1000 {
        return Err(ReErr::TooBig);
    }
    let nfa = compile(a, groups, total, false)?;
    let shorter = a.pref() == Some(false);
    let (mut lo, mut hi) = (usize::MAX, 0usize);
    a.cap_range(&mut lo, &mut hi);
    let mk = |kind, nfa| Sub {
        kind,
        nfa,
        shorter,
        cap_lo: lo,
        cap_hi: hi,
    };
    if !a.messy() {
        return Ok(mk(SubKind::Leaf, nfa));
    }
    Ok(match a {
        Ast::Group {
            cap: Some(n),
            inner,
        } => mk(
            SubKind::Capture(*n, Box::new(build_sub(inner, groups, total, depth + 1)?)),
            nfa,
        ),
        Ast::Group { cap: None, inner } => {
            let mut s = build_sub(inner, groups, total, depth + 1)?;
            s.nfa = nfa;
            s
        }
        Ast::Concat(items) => {
            // merge runs of non-messy items into single leaves
            let mut merged: Vec<Ast> = Vec::new();
            let mut run: Vec<Ast> = Vec::new();
            for it in items {
                if it.messy() {
                    if !run.is_empty() {
                        merged.push(Ast::Concat(std::mem::take(&mut run)));
                    }
                    merged.push(it.clone());
                } else {
                    run.push(it.clone());
                }
            }
            if !run.is_empty() {
                merged.push(Ast::Concat(run));
            }
            if merged.len() == 1 {
                let mut s = build_sub(&merged[0], groups, total, depth + 1)?;
                s.nfa = nfa;
                s.shorter = shorter;
                return Ok(s);
            }
            let first = merged.remove(0);
            let rest = if merged.len() == 1 {
                merged.remove(0)
            } else {
                Ast::Concat(merged)
            };
            mk(
                SubKind::Concat(
                    Box::new(build_sub(&first, groups, total, depth + 1)?),
                    Box::new(build_sub(&rest, groups, total, depth + 1)?),
                ),
                nfa,
            )
        }
        Ast::Alt(v) => {
            let mut subs = Vec::with_capacity(v.len());
            for x in v {
                subs.push(build_sub(x, groups, total, depth + 1)?);
            }
            mk(SubKind::Alt(subs), nfa)
        }
        Ast::Repeat {
            inner,
            min,
            max,
            greedy,
            ..
        } => {
            let mut inner_ast: &Ast = inner;
            while let Ast::Group { cap: None, inner } = inner_ast {
                inner_ast = inner;
            }
            if let Ast::Backref(n) = inner_ast {
                mk(
                    SubKind::Backref {
                        n: *n,
                        min: *min,
                        max: *max,
                    },
                    nfa,
                )
            } else if *min == 1 && *max == Some(1) {
                let mut s = build_sub(inner, groups, total, depth + 1)?;
                s.nfa = nfa;
                s
            } else {
                let mut s = mk(
                    SubKind::Iter {
                        body: Box::new(build_sub(inner, groups, total, depth + 1)?),
                        min: *min,
                        max: *max,
                    },
                    nfa,
                );
                s.shorter = !*greedy;
                s
            }
        }
        Ast::Backref(n) => mk(
            SubKind::Backref {
                n: *n,
                min: 1,
                max: Some(1),
            },
            nfa,
        ),
        _ => mk(SubKind::Leaf, nfa),
    })
}

struct LaconProg {
    nfa: Nfa,
    ahead: bool,
    negated: bool,
}

/// A compiled regular expression (engine part).
pub(crate) struct Program {
    tests: Vec<CharTest>,
    lacons: Vec<LaconProg>,
    root: Sub,
    pub(crate) ncap: usize,
    shortest: bool,
    has_backref: bool,
    icase: bool,
    nl_anchor: bool,
}

impl Program {
    pub(crate) fn new(p: Parsed) -> Result<Program, ReErr> {
        let nl_anchor = p.nl_anchor;
        let mut total = 0usize;
        let mut lacons = Vec::with_capacity(p.lacons.len());
        for Lacon {
            ast,
            ahead,
            negated,
        } in &p.lacons
        {
            let nfa = compile(ast, &p.groups, &mut total, !*ahead)?;
            check_complexity(&nfa)?;
            lacons.push(LaconProg {
                nfa,
                ahead: *ahead,
                negated: *negated,
            });
        }
        let root = build_sub(&p.ast, &p.groups, &mut total, 0)?;
        check_complexity(&root.nfa)?;
        Ok(Program {
            tests: p.tests,
            lacons,
            shortest: p.ast.pref() == Some(false),
            has_backref: p.ast.has_backref(),
            root,
            ncap: p.ncap,
            icase: p.icase,
            nl_anchor,
        })
    }
}

fn too_complex() -> PgError {
    common::pg_err!(STATEMENT_TOO_COMPLEX, "regular expression is too complex")
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// One execution of a program against a string.
pub(crate) struct Exec<'r> {
    prog: &'r Program,
    s: &'r [char],
    pub(crate) caps: Vec<Option<(usize, usize)>>,
    steps: u64,
    look_cache: HashMap<(u32, usize), bool>,
}

impl<'r> Exec<'r> {
    pub(crate) fn new(prog: &'r Program, s: &'r [char]) -> Exec<'r> {
        Exec {
            prog,
            s,
            caps: vec![None; prog.ncap + 1],
            steps: 0,
            look_cache: HashMap::new(),
        }
    }

    fn check(&mut self, k: Assert, p: usize) -> PgResult<bool> {
        let s = self.s;
        let len = s.len();
        let prev = if p > 0 { s.get(p - 1).copied() } else { None };
        let next = s.get(p).copied();
        let pw = prev.is_some_and(is_word);
        let nw = next.is_some_and(is_word);
        Ok(match k {
            Assert::Bol => p == 0 || (self.prog.nl_anchor && prev == Some('\n')),
            Assert::Eol => p == len || (self.prog.nl_anchor && next == Some('\n')),
            Assert::StrStart => p == 0,
            Assert::StrEnd => p == len,
            Assert::WordStart => nw && !pw,
            Assert::WordEnd => pw && !nw,
            Assert::WordBound => pw != nw,
            Assert::NotWordBound => pw == nw,
            Assert::Look(i) => {
                if let Some(&r) = self.look_cache.get(&(i, p)) {
                    return Ok(r);
                }
                let prog = self.prog;
                let Some(l) = prog.lacons.get(i as usize) else {
                    return Ok(false);
                };
                let mut found = false;
                let limit = if l.ahead { len } else { 0 };
                self.run(&l.nfa, p, limit, !l.ahead, &mut |_| {
                    found = true;
                    false
                })?;
                let r = found != l.negated;
                self.look_cache.insert((i, p), r);
                r
            }
        })
    }

    /// Epsilon closure of `st` at position `p`, appending to `list` the states not yet
    /// marked with `gen`. Returns whether the accept state was reached.
    #[allow(clippy::too_many_arguments)]
    fn closure(
        &mut self,
        nfa: &Nfa,
        st: u32,
        p: usize,
        mark: &mut [u32],
        gen: u32,
        list: &mut Vec<u32>,
        stack: &mut Vec<u32>,
    ) -> PgResult<bool> {
        let mut acc = false;
        stack.clear();
        stack.push(st);
        while let Some(s) = stack.pop() {
            let su = s as usize;
            if mark[su] == gen {
                continue;
            }
            mark[su] = gen;
            self.steps += 1;
            if self.steps > MAX_STEPS {
                return Err(too_complex());
            }
            if s == nfa.accept {
                acc = true;
            }
            list.push(s);
            for e in &nfa.edges[su] {
                match *e {
                    Edge::Eps(t) => stack.push(t),
                    Edge::Assert(k, t) => {
                        if mark[t as usize] != gen {
                            let saved = std::mem::take(stack);
                            let ok = self.check(k, p);
                            *stack = saved;
                            if ok? {
                                stack.push(t);
                            }
                        }
                    }
                    Edge::Char(..) => {}
                }
            }
        }
        Ok(acc)
    }

    /// Anchored run from `begin` towards `limit` (backwards when `back`); calls `f(pos)` at
    /// each position where the automaton accepts, stopping when `f` returns false.
    fn run(
        &mut self,
        nfa: &Nfa,
        begin: usize,
        limit: usize,
        back: bool,
        f: &mut dyn FnMut(usize) -> bool,
    ) -> PgResult<()> {
        let n = nfa.edges.len();
        let mut mark = vec![u32::MAX; n];
        let mut cur = Vec::new();
        let mut next = Vec::new();
        let mut stack = Vec::new();
        let mut gen = 0u32;
        let mut pos = begin;
        let mut acc = self.closure(nfa, nfa.start, pos, &mut mark, gen, &mut cur, &mut stack)?;
        let tests = &self.prog.tests;
        loop {
            if acc && !f(pos) {
                return Ok(());
            }
            if cur.is_empty() || pos == limit {
                return Ok(());
            }
            let (c, np) = if back {
                (self.s[pos - 1], pos - 1)
            } else {
                (self.s[pos], pos + 1)
            };
            gen += 1;
            next.clear();
            acc = false;
            for &s in &cur {
                for e in &nfa.edges[s as usize] {
                    if let Edge::Char(t, to) = *e {
                        if tests[t as usize].matches(c)
                            && mark[to as usize] != gen
                            && self.closure(nfa, to, np, &mut mark, gen, &mut next, &mut stack)?
                        {
                            acc = true;
                        }
                    }
                }
            }
            std::mem::swap(&mut cur, &mut next);
            pos = np;
        }
    }

    /// Longest match of `nfa` from `begin` ending at or before `limit`.
    fn longest(&mut self, nfa: &Nfa, begin: usize, limit: usize) -> PgResult<Option<usize>> {
        let mut best = None;
        self.run(nfa, begin, limit, false, &mut |p| {
            best = Some(p);
            true
        })?;
        Ok(best)
    }

    /// Shortest match of `nfa` from `begin` ending within [min, limit].
    fn shortest(
        &mut self,
        nfa: &Nfa,
        begin: usize,
        min: usize,
        limit: usize,
    ) -> PgResult<Option<usize>> {
        let mut best = None;
        self.run(nfa, begin, limit, false, &mut |p| {
            if p >= min {
                best = Some(p);
                false
            } else {
                true
            }
        })?;
        Ok(best)
    }

    fn exact(&mut self, nfa: &Nfa, b: usize, e: usize) -> PgResult<bool> {
        Ok(self.longest(nfa, b, e)? == Some(e))
    }

    /// Leftmost match start at or after `from`, with its longest/shortest end.
    fn search(
        &mut self,
        nfa: &Nfa,
        from: usize,
        shortest: bool,
    ) -> PgResult<Option<(usize, usize)>> {
        self.search_mode(nfa, from, shortest, false)
    }

    /// `search`; with `any`, stop at the first accepting position of any thread.
    fn search_mode(
        &mut self,
        nfa: &Nfa,
        from: usize,
        shortest: bool,
        any: bool,
    ) -> PgResult<Option<(usize, usize)>> {
        let len = self.s.len();
        let n = nfa.edges.len();
        let mut mark = vec![u32::MAX; n];
        let mut cur: Vec<(u32, usize)> = Vec::new();
        let mut next: Vec<(u32, usize)> = Vec::new();
        let mut tmp: Vec<u32> = Vec::new();
        let mut stack = Vec::new();
        let mut gen = 0u32;
        let mut best: Option<(usize, usize)> = None;
        let consider = |best: &mut Option<(usize, usize)>, st: usize, end: usize| match *best {
            None => *best = Some((st, end)),
            Some((bs, be)) => {
                if st < bs || (st == bs && !shortest && end > be) {
                    *best = Some((st, end));
                }
            }
        };
        let tests = &self.prog.tests;
        let mut pos = from;
        loop {
            if best.is_none() {
                tmp.clear();
                if self.closure(nfa, nfa.start, pos, &mut mark, gen, &mut tmp, &mut stack)? {
                    consider(&mut best, pos, pos);
                }
                cur.extend(tmp.iter().map(|&s| (s, pos)));
            }
            if any && best.is_some() {
                break;
            }
            if let Some((bs, _)) = best {
                cur.retain(|&(_, st)| st < bs || (!shortest && st == bs));
                if cur.is_empty() {
                    break;
                }
            }
            if pos >= len {
                break;
            }
            let c = self.s[pos];
            let np = pos + 1;
            gen += 1;
            next.clear();
            for &(s, st) in &cur {
                for e in &nfa.edges[s as usize] {
                    if let Edge::Char(t, to) = *e {
                        if tests[t as usize].matches(c) && mark[to as usize] != gen {
                            tmp.clear();
                            let acc =
                                self.closure(nfa, to, np, &mut mark, gen, &mut tmp, &mut stack)?;
                            if acc {
                                consider(&mut best, st, np);
                            }
                            next.extend(tmp.iter().map(|&x| (x, st)));
                        }
                    }
                }
            }
            std::mem::swap(&mut cur, &mut next);
            pos = np;
        }
        Ok(best)
    }

    fn zap(&mut self, sub: &Sub) {
        if sub.cap_lo <= sub.cap_hi {
            for i in sub.cap_lo..=sub.cap_hi.min(self.caps.len().saturating_sub(1)) {
                self.caps[i] = None;
            }
        }
    }

    /// Is there any match at or after `from`? (No capture assignment needed.)
    pub(crate) fn matches(&mut self, from: usize) -> PgResult<bool> {
        let prog = self.prog;
        if prog.has_backref {
            return self.exec(from);
        }
        Ok(self
            .search_mode(&prog.root.nfa, from, true, true)?
            .is_some())
    }

    /// Find the first match starting at or after `from`; fills `caps`.
    pub(crate) fn exec(&mut self, from: usize) -> PgResult<bool> {
        let prog = self.prog;
        let root = &prog.root;
        if from > self.s.len() {
            return Ok(false);
        }
        if !prog.has_backref {
            let Some((s, e)) = self.search(&root.nfa, from, prog.shortest)? else {
                return Ok(false);
            };
            for c in self.caps.iter_mut() {
                *c = None;
            }
            self.dissect(root, s, e)?;
            self.caps[0] = Some((s, e));
            return Ok(true);
        }
        let mut f = from;
        while f <= self.s.len() {
            let Some((s, _)) = self.search(&root.nfa, f, prog.shortest)? else {
                return Ok(false);
            };
            let mut ends = Vec::new();
            self.run(&root.nfa, s, self.s.len(), false, &mut |p| {
                ends.push(p);
                true
            })?;
            if !prog.shortest {
                ends.reverse();
            }
            for e in ends {
                for c in self.caps.iter_mut() {
                    *c = None;
                }
                if self.dissect(root, s, e)? {
                    self.caps[0] = Some((s, e));
                    return Ok(true);
                }
            }
            f = s + 1;
        }
        Ok(false)
    }

    fn dissect(&mut self, t: &Sub, b: usize, e: usize) -> PgResult<bool> {
        self.steps += 1;
        if self.steps > MAX_STEPS {
            return Err(too_complex());
        }
        match &t.kind {
            SubKind::Leaf => Ok(true),
            SubKind::Capture(n, child) => {
                let ok = self.dissect(child, b, e)?;
                if ok {
                    if let Some(c) = self.caps.get_mut(*n) {
                        *c = Some((b, e));
                    }
                }
                Ok(ok)
            }
            SubKind::Alt(children) => {
                for c in children {
                    if self.exact(&c.nfa, b, e)? {
                        self.zap(c);
                        if self.dissect(c, b, e)? {
                            return Ok(true);
                        }
                    }
                }
                Ok(false)
            }
            SubKind::Concat(l, r) => {
                if !t.shorter {
                    let mut mid = self.longest(&l.nfa, b, e)?;
                    while let Some(m) = mid {
                        if self.exact(&r.nfa, m, e)? {
                            self.zap(l);
                            self.zap(r);
                            if self.dissect(l, b, m)? && self.dissect(r, m, e)? {
                                return Ok(true);
                            }
                        }
                        if m == b {
                            break;
                        }
                        mid = self.longest(&l.nfa, b, m - 1)?;
                    }
                } else {
                    let mut mid = self.shortest(&l.nfa, b, b, e)?;
                    while let Some(m) = mid {
                        if self.exact(&r.nfa, m, e)? {
                            self.zap(l);
                            self.zap(r);
                            if self.dissect(l, b, m)? && self.dissect(r, m, e)? {
                                return Ok(true);
                            }
                        }
                        if m == e {
                            break;
                        }
                        mid = self.shortest(&l.nfa, b, m + 1, e)?;
                    }
                }
                Ok(false)
            }
            SubKind::Backref { n, min, max } => {
                let Some(Some((so, eo))) = self.caps.get(*n).copied() else {
                    return Ok(false);
                };
                let br = &self.s[so..eo];
                let len = e - b;
                if br.is_empty() {
                    return Ok(len == 0);
                }
                if len == 0 {
                    return Ok(*min == 0);
                }
                if !len.is_multiple_of(br.len()) {
                    return Ok(false);
                }
                let reps = (len / br.len()) as u32;
                if reps < *min || max.is_some_and(|m| reps > m) {
                    return Ok(false);
                }
                let icase = self.prog.icase;
                for k in 0..reps as usize {
                    let seg = &self.s[b + k * br.len()..b + (k + 1) * br.len()];
                    let same = seg.iter().zip(br).all(|(x, y)| {
                        x == y || (icase && super::parse::lower(*x) == super::parse::lower(*y))
                    });
                    if !same {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
            SubKind::Iter { body, min, max } => {
                if t.shorter {
                    self.iter_shorter(body, *min, *max, b, e)
                } else {
                    self.iter_longer(body, *min, *max, b, e)
                }
            }
        }
    }

    fn iter_longer(
        &mut self,
        body: &Sub,
        min: u32,
        max: Option<u32>,
        begin: usize,
        end: usize,
    ) -> PgResult<bool> {
        let mut min_m = min as usize;
        if min_m == 0 {
            if begin == end {
                // zero iterations suffice; still record an empty body match when possible
                if self.exact(&body.nfa, begin, end)? {
                    self.zap(body);
                    if !self.dissect(body, begin, end)? {
                        self.zap(body);
                    }
                }
                return Ok(true);
            }
            min_m = 1;
        }
        let mut max_m = max.map(|m| m as usize).unwrap_or(end - begin);
        if max_m < min_m {
            max_m = min_m;
        }
        let mut endpts: Vec<usize> = vec![begin, begin];
        let mut k = 1usize;
        let mut limit = end;
        let mut nverified = 0usize;
        'outer: while k > 0 {
            let do_backtrack;
            match self.longest(&body.nfa, endpts[k - 1], limit)? {
                None => {
                    k -= 1;
                    do_backtrack = true;
                }
                Some(p) => {
                    if endpts.len() <= k {
                        endpts.push(p);
                    } else {
                        endpts[k] = p;
                    }
                    if nverified >= k {
                        nverified = k - 1;
                    }
                    if p != end {
                        if k >= max_m {
                            k -= 1;
                            do_backtrack = true;
                        } else if p == endpts[k - 1] && (k >= min_m || min_m - k < end - p) {
                            do_backtrack = true;
                        } else {
                            k += 1;
                            if endpts.len() <= k {
                                endpts.push(end);
                            }
                            limit = end;
                            continue 'outer;
                        }
                    } else if k < min_m {
                        do_backtrack = true;
                    } else {
                        let mut i = nverified + 1;
                        let mut failed = false;
                        while i <= k {
                            self.zap(body);
                            if self.dissect(body, endpts[i - 1], endpts[i])? {
                                nverified = i;
                                i += 1;
                            } else {
                                failed = true;
                                break;
                            }
                        }
                        if !failed {
                            return Ok(true);
                        }
                        k = i;
                        do_backtrack = true;
                    }
                }
            }
            if do_backtrack {
                while k > 0 {
                    let prev_end = endpts[k - 1];
                    if endpts[k] > prev_end {
                        limit = endpts[k] - 1;
                        if limit > prev_end || (k < min_m && min_m - k >= end - prev_end) {
                            break;
                        }
                    }
                    k -= 1;
                }
            }
        }
        Ok(false)
    }

    fn iter_shorter(
        &mut self,
        body: &Sub,
        min: u32,
        max: Option<u32>,
        begin: usize,
        end: usize,
    ) -> PgResult<bool> {
        let mut min_m = min as usize;
        if min_m == 0 {
            if begin == end {
                // zero iterations suffice; still record an empty body match when possible
                if self.exact(&body.nfa, begin, end)? {
                    self.zap(body);
                    if !self.dissect(body, begin, end)? {
                        self.zap(body);
                    }
                }
                return Ok(true);
            }
            min_m = 1;
        }
        let mut max_m = max.map(|m| m as usize).unwrap_or(end - begin);
        if max_m < min_m {
            max_m = min_m;
        }
        let mut endpts: Vec<usize> = vec![begin, begin];
        let mut k = 1usize;
        let mut limit = begin;
        let mut nverified = 0usize;
        while k > 0 {
            if limit == endpts[k - 1] && limit != end && (k >= min_m || min_m - k < end - limit) {
                limit += 1;
            }
            if k >= max_m {
                limit = end;
            }
            let do_backtrack;
            match self.shortest(&body.nfa, endpts[k - 1], limit, end)? {
                None => {
                    k -= 1;
                    do_backtrack = true;
                }
                Some(p) => {
                    if endpts.len() <= k {
                        endpts.push(p);
                    } else {
                        endpts[k] = p;
                    }
                    if nverified >= k {
                        nverified = k - 1;
                    }
                    if p != end {
                        if k >= max_m {
                            k -= 1;
                            do_backtrack = true;
                        } else {
                            k += 1;
                            if endpts.len() <= k {
                                endpts.push(end);
                            }
                            limit = endpts[k - 1];
                            continue;
                        }
                    } else if k < min_m {
                        do_backtrack = true;
                    } else {
                        let mut i = nverified + 1;
                        let mut failed = false;
                        while i <= k {
                            self.zap(body);
                            if self.dissect(body, endpts[i - 1], endpts[i])? {
                                nverified = i;
                                i += 1;
                            } else {
                                failed = true;
                                break;
                            }
                        }
                        if !failed {
                            return Ok(true);
                        }
                        k = i;
                        do_backtrack = true;
                    }
                }
            }
            if do_backtrack {
                while k > 0 {
                    if endpts[k] < end {
                        limit = endpts[k] + 1;
                        break;
                    }
                    k -= 1;
                }
            }
        }
        Ok(false)
    }
}
