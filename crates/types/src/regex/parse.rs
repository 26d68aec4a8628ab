//! Parser for Spencer/PostgreSQL regular expressions (ARE, ERE, BRE and literal "quote" mode):
//! turns a pattern into an `Ast`, with character tests collected in a table and lookaround
//! constraints parsed into separate sub-expressions.

use super::{ReErr, Syntax};

/// A zero-width constraint evaluated at a position of the subject string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Assert {
    /// `^`
    Bol,
    /// `$`
    Eol,
    /// `\A`
    StrStart,
    /// `\Z`
    StrEnd,
    /// `\m`, `[[:<:]]`, BRE `\<`
    WordStart,
    /// `\M`, `[[:>:]]`, BRE `\>`
    WordEnd,
    /// `\y`
    WordBound,
    /// `\Y`
    NotWordBound,
    /// Lookahead/lookbehind constraint number n (index into `Parsed::lacons`).
    Look(u32),
}

/// Named character classes (`[:alpha:]` etc.).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Class {
    Alnum,
    Alpha,
    Blank,
    Cntrl,
    Digit,
    Graph,
    Lower,
    Print,
    Punct,
    Space,
    Upper,
    Xdigit,
    /// `\w`: alnum or underscore.
    Word,
}

impl Class {
    pub(crate) fn matches(self, c: char) -> bool {
        match self {
            Class::Alnum => c.is_alphabetic() || c.is_ascii_digit(),
            Class::Alpha => c.is_alphabetic(),
            Class::Blank => c == ' ' || c == '\t',
            Class::Cntrl => c.is_control(),
            Class::Digit => c.is_ascii_digit(),
            Class::Graph => !c.is_whitespace() && !c.is_control(),
            Class::Lower => c.is_lowercase(),
            Class::Print => (!c.is_whitespace() && !c.is_control()) || c == ' ',
            Class::Punct => {
                c.is_ascii_punctuation()
                    || (!c.is_ascii()
                        && !c.is_alphanumeric()
                        && !c.is_whitespace()
                        && !c.is_control())
            }
            Class::Space => c.is_whitespace(),
            Class::Upper => c.is_uppercase(),
            Class::Xdigit => c.is_ascii_hexdigit(),
            Class::Word => c.is_alphabetic() || c.is_ascii_digit() || c == '_',
        }
    }
}

/// A bracket expression (or class shorthand).
#[derive(Clone, Debug, Default)]
pub(crate) struct Bracket {
    pub negated: bool,
    pub ranges: Vec<(char, char)>,
    pub classes: Vec<Class>,
    pub icase: bool,
    /// Negated set that must not match newline (newline-sensitive mode).
    pub no_newline: bool,
}

impl Bracket {
    fn inner(&self, c: char) -> bool {
        self.ranges.iter().any(|&(a, b)| a <= c && c <= b)
            || self.classes.iter().any(|k| k.matches(c))
    }
    pub(crate) fn matches(&self, c: char) -> bool {
        let mut m = self.inner(c);
        if !m && self.icase {
            m = self.inner(lower(c)) || self.inner(upper(c));
        }
        if self.negated {
            !(m || (self.no_newline && c == '\n'))
        } else {
            m
        }
    }
}

/// One-to-one lower-case mapping (identity when the mapping is not a single char).
pub(crate) fn lower(c: char) -> char {
    let mut it = c.to_lowercase();
    match (it.next(), it.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// One-to-one upper-case mapping.
pub(crate) fn upper(c: char) -> char {
    let mut it = c.to_uppercase();
    match (it.next(), it.next()) {
        (Some(u), None) => u,
        _ => c,
    }
}

/// A single-character test.
#[derive(Clone, Debug)]
pub(crate) enum CharTest {
    Lit(char),
    /// Any of these (case variants).
    Lits(Box<[char]>),
    /// `.`; the flag says whether newline is excluded.
    Any {
        no_newline: bool,
    },
    Set(Box<Bracket>),
}

impl CharTest {
    #[inline]
    pub(crate) fn matches(&self, c: char) -> bool {
        match self {
            CharTest::Lit(x) => *x == c,
            CharTest::Lits(v) => v.contains(&c),
            CharTest::Any { no_newline } => !(*no_newline && c == '\n'),
            CharTest::Set(b) => b.matches(c),
        }
    }
}

#[derive(Clone, Debug)]
pub(crate) enum Ast {
    Empty,
    /// Consumes one char satisfying test number n.
    Char(u32),
    Assert(Assert),
    Group {
        cap: Option<usize>,
        inner: Box<Ast>,
    },
    Concat(Vec<Ast>),
    Alt(Vec<Ast>),
    Repeat {
        inner: Box<Ast>,
        min: u32,
        /// None = unbounded.
        max: Option<u32>,
        greedy: bool,
        /// Written as `{m}` / `{m}?`: greediness passes through from the atom.
        fixed_form: bool,
    },
    Backref(usize),
}

impl Ast {
    /// Contains a capturing group or a back reference (needs dissection).
    pub(crate) fn messy(&self) -> bool {
        match self {
            Ast::Empty | Ast::Char(_) | Ast::Assert(_) => false,
            Ast::Backref(_) => true,
            Ast::Group { cap, inner } => cap.is_some() || inner.messy(),
            Ast::Concat(v) | Ast::Alt(v) => v.iter().any(|a| a.messy()),
            Ast::Repeat { inner, .. } => inner.messy(),
        }
    }

    pub(crate) fn has_backref(&self) -> bool {
        match self {
            Ast::Empty | Ast::Char(_) | Ast::Assert(_) => false,
            Ast::Backref(_) => true,
            Ast::Group { inner, .. } | Ast::Repeat { inner, .. } => inner.has_backref(),
            Ast::Concat(v) | Ast::Alt(v) => v.iter().any(|a| a.has_backref()),
        }
    }

    /// Greediness attribute: Some(true) greedy, Some(false) non-greedy, None none.
    pub(crate) fn pref(&self) -> Option<bool> {
        match self {
            Ast::Empty | Ast::Char(_) | Ast::Assert(_) | Ast::Backref(_) => None,
            Ast::Group { inner, .. } => inner.pref(),
            Ast::Concat(v) => v.iter().find_map(|a| a.pref()),
            Ast::Alt(v) => {
                if v.len() >= 2 {
                    Some(true)
                } else {
                    v.first().and_then(|a| a.pref())
                }
            }
            Ast::Repeat {
                inner,
                greedy,
                fixed_form,
                ..
            } => {
                if *fixed_form {
                    inner.pref()
                } else {
                    Some(*greedy)
                }
            }
        }
    }

    /// Lowest and highest capture numbers inside (for resetting captures).
    pub(crate) fn cap_range(&self, lo: &mut usize, hi: &mut usize) {
        match self {
            Ast::Empty | Ast::Char(_) | Ast::Assert(_) | Ast::Backref(_) => {}
            Ast::Group { cap, inner } => {
                if let Some(n) = cap {
                    *lo = (*lo).min(*n);
                    *hi = (*hi).max(*n);
                }
                inner.cap_range(lo, hi);
            }
            Ast::Repeat { inner, .. } => inner.cap_range(lo, hi),
            Ast::Concat(v) | Ast::Alt(v) => v.iter().for_each(|a| a.cap_range(lo, hi)),
        }
    }
}

/// A lookaround constraint's body.
pub(crate) struct Lacon {
    pub ast: Ast,
    pub ahead: bool,
    pub negated: bool,
}

pub(crate) struct Parsed {
    pub ast: Ast,
    pub tests: Vec<CharTest>,
    pub lacons: Vec<Lacon>,
    /// Capturing groups' ASTs by number (index 0 unused), for back-reference approximation.
    pub groups: Vec<Ast>,
    pub ncap: usize,
    pub icase: bool,
    /// `^`/`$` match at newlines (after embedded options).
    pub nl_anchor: bool,
}

/// Options in force while parsing.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Opts {
    pub syntax: Syntax,
    pub icase: bool,
    pub nl_stop: bool,
    pub nl_anchor: bool,
    pub expanded: bool,
}

const DUPMAX: u32 = 255;

struct Parser {
    p: Vec<char>,
    i: usize,
    o: Opts,
    tests: Vec<CharTest>,
    lacons: Vec<Lacon>,
    groups: Vec<Option<Ast>>,
    ncap: usize,
    lacon_depth: u32,
    depth: u32,
}

pub(crate) fn parse(pattern: &str, mut o: Opts) -> Result<Parsed, ReErr> {
    let mut p: Vec<char> = pattern.chars().collect();
    let mut start = 0;
    // Director prefixes (ARE only).
    if o.syntax == Syntax::Are && p.len() >= 3 && p[..3] == ['*', '*', '*'] {
        match p.get(3) {
            Some('=') => {
                o.syntax = Syntax::Quote;
                start = 4;
            }
            Some(':') => start = 4,
            _ => return Err(ReErr::BadRpt),
        }
    }
    // Embedded options.
    if o.syntax == Syntax::Are && p.len() >= start + 2 && p[start] == '(' && p[start + 1] == '?' {
        let mut j = start + 2;
        if p.get(j).is_some_and(|c| c.is_ascii_alphabetic()) {
            loop {
                match p.get(j) {
                    Some(')') => {
                        j += 1;
                        break;
                    }
                    Some('b') => o.syntax = Syntax::Bre,
                    Some('c') => o.icase = false,
                    Some('e') => o.syntax = Syntax::Ere,
                    Some('i') => o.icase = true,
                    Some('m') | Some('n') => {
                        o.nl_stop = true;
                        o.nl_anchor = true;
                    }
                    Some('p') => {
                        o.nl_stop = true;
                        o.nl_anchor = false;
                    }
                    Some('q') => o.syntax = Syntax::Quote,
                    Some('s') => {
                        o.nl_stop = false;
                        o.nl_anchor = false;
                    }
                    Some('t') => o.expanded = false,
                    Some('w') => {
                        o.nl_stop = false;
                        o.nl_anchor = true;
                    }
                    Some('x') => o.expanded = true,
                    _ => return Err(ReErr::BadOpt),
                }
                j += 1;
            }
            start = j;
        }
    }
    p.drain(..start);
    let mut ps = Parser {
        p,
        i: 0,
        o,
        tests: Vec::new(),
        lacons: Vec::new(),
        groups: vec![None],
        ncap: 0,
        lacon_depth: 0,
        depth: 0,
    };
    let ast = if o.syntax == Syntax::Quote {
        let chars = std::mem::take(&mut ps.p);
        let v: Vec<Ast> = chars.iter().map(|&c| ps.lit(c)).collect();
        Ast::Concat(v)
    } else if o.syntax == Syntax::Bre {
        let a = ps.bre_seq(false)?;
        if ps.i < ps.p.len() {
            return Err(ReErr::Paren);
        }
        a
    } else {
        let a = ps.alt()?;
        if ps.i < ps.p.len() {
            // only a stray ')' stops the top level
            return Err(ReErr::Paren);
        }
        a
    };
    let groups = ps
        .groups
        .into_iter()
        .map(|g| g.unwrap_or(Ast::Empty))
        .collect();
    Ok(Parsed {
        ast,
        tests: ps.tests,
        lacons: ps.lacons,
        groups,
        ncap: ps.ncap,
        icase: o.icase,
        nl_anchor: o.nl_anchor,
    })
}

enum Atom {
    /// Quantifiable.
    Q(Ast),
    /// A constraint (not quantifiable).
    C(Ast),
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.p.get(self.i).copied()
    }
    fn peek_at(&self, k: usize) -> Option<char> {
        self.p.get(self.i + k).copied()
    }
    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn add_test(&mut self, t: CharTest) -> Ast {
        self.tests.push(t);
        Ast::Char((self.tests.len() - 1) as u32)
    }

    fn lit(&mut self, c: char) -> Ast {
        if self.o.icase {
            let mut v = vec![c, lower(c), upper(c)];
            v.sort_unstable();
            v.dedup();
            if v.len() > 1 {
                return self.add_test(CharTest::Lits(v.into_boxed_slice()));
            }
        }
        self.add_test(CharTest::Lit(c))
    }

    fn class_atom(&mut self, class: Class, negated: bool) -> Ast {
        let b = Bracket {
            negated,
            classes: vec![class],
            icase: self.o.icase,
            no_newline: self.o.nl_stop,
            ..Default::default()
        };
        self.add_test(CharTest::Set(Box::new(b)))
    }

    /// Skip whitespace and comments in expanded mode.
    fn skip_ws(&mut self) {
        if !self.o.expanded {
            return;
        }
        while let Some(c) = self.peek() {
            if c.is_whitespace() {
                self.i += 1;
            } else if c == '#' {
                while let Some(c) = self.peek() {
                    self.i += 1;
                    if c == '\n' {
                        break;
                    }
                }
            } else {
                break;
            }
        }
    }

    // ---------------------------------------------------------------- ARE / ERE

    fn alt(&mut self) -> Result<Ast, ReErr> {
        self.depth += 1;
        if self.depth > 500 {
            return Err(ReErr::TooBig);
        }
        let mut branches = vec![self.branch()?];
        loop {
            self.skip_ws();
            if self.eat('|') {
                branches.push(self.branch()?);
            } else {
                break;
            }
        }
        self.depth -= 1;
        Ok(if branches.len() == 1 {
            branches.pop().unwrap_or(Ast::Empty)
        } else {
            Ast::Alt(branches)
        })
    }

    fn branch(&mut self) -> Result<Ast, ReErr> {
        let mut items = Vec::new();
        loop {
            self.skip_ws();
            match self.peek() {
                None | Some('|') | Some(')') => break,
                _ => {}
            }
            let atom = self.atom()?;
            self.skip_ws();
            let q = self.quantifier()?;
            match (atom, q) {
                (Atom::Q(a), None) | (Atom::C(a), None) => items.push(a),
                (Atom::Q(a), Some((min, max, greedy, fixed))) => {
                    items.push(Ast::Repeat {
                        inner: Box::new(a),
                        min,
                        max,
                        greedy,
                        fixed_form: fixed,
                    });
                    self.skip_ws();
                    if matches!(self.peek(), Some('*') | Some('+') | Some('?'))
                        || (self.peek() == Some('{')
                            && self.peek_at(1).is_some_and(|c| c.is_ascii_digit()))
                    {
                        return Err(ReErr::BadRpt);
                    }
                }
                (Atom::C(_), Some(_)) => return Err(ReErr::BadRpt),
            }
        }
        Ok(match items.len() {
            0 => Ast::Empty,
            1 => items.pop().unwrap_or(Ast::Empty),
            _ => Ast::Concat(items),
        })
    }

    /// Parse a quantifier if present: (min, max, greedy, fixed_form).
    #[allow(clippy::type_complexity)]
    fn quantifier(&mut self) -> Result<Option<(u32, Option<u32>, bool, bool)>, ReErr> {
        let are = self.o.syntax == Syntax::Are;
        let (min, max, fixed) = match self.peek() {
            Some('*') => {
                self.i += 1;
                (0, None, false)
            }
            Some('+') => {
                self.i += 1;
                (1, None, false)
            }
            Some('?') => {
                self.i += 1;
                (0, Some(1), false)
            }
            Some('{') if self.peek_at(1).is_some_and(|c| c.is_ascii_digit()) => {
                self.i += 1;
                let (m, n, fixed) = self.bound(false)?;
                (m, n, fixed)
            }
            _ => return Ok(None),
        };
        let greedy = !(are && self.eat('?'));
        Ok(Some((min, max, greedy, fixed)))
    }

    fn digits(&mut self) -> Option<u32> {
        let st = self.i;
        let mut v: u32 = 0;
        while let Some(c) = self.peek() {
            match c.to_digit(10) {
                Some(d) => {
                    v = v.saturating_mul(10).saturating_add(d);
                    self.i += 1;
                }
                None => break,
            }
        }
        if self.i == st {
            None
        } else {
            Some(v)
        }
    }

    /// After `{` (or BRE `\{`): m[,[n]] then `}` (or `\}`).
    fn bound(&mut self, bre: bool) -> Result<(u32, Option<u32>, bool), ReErr> {
        let m = self.digits().ok_or(ReErr::BadBr)?;
        let (n, fixed) = if self.eat(',') {
            match self.digits() {
                Some(n) => (Some(n), false),
                None => (None, false),
            }
        } else {
            (Some(m), true)
        };
        if bre {
            if !(self.peek() == Some('\\') && self.peek_at(1) == Some('}')) {
                return Err(if self.peek().is_none() {
                    ReErr::Brace
                } else {
                    ReErr::BadBr
                });
            }
            self.i += 2;
        } else if !self.eat('}') {
            return Err(if self.peek().is_none() {
                ReErr::Brace
            } else {
                ReErr::BadBr
            });
        }
        if m > DUPMAX || n.is_some_and(|n| n > DUPMAX || n < m) {
            return Err(ReErr::BadBr);
        }
        Ok((m, n, fixed))
    }

    fn atom(&mut self) -> Result<Atom, ReErr> {
        let are = self.o.syntax == Syntax::Are;
        let Some(c) = self.peek() else {
            return Ok(Atom::Q(Ast::Empty));
        };
        self.i += 1;
        match c {
            '*' | '+' | '?' => Err(ReErr::BadRpt),
            '{' if self.peek().is_some_and(|c| c.is_ascii_digit()) => Err(ReErr::BadRpt),
            '(' => {
                if are && self.peek() == Some('?') {
                    self.i += 1;
                    let kind = self.peek();
                    self.i += 1;
                    match kind {
                        Some(':') => {
                            let inner = self.group_body()?;
                            Ok(Atom::Q(Ast::Group {
                                cap: None,
                                inner: Box::new(inner),
                            }))
                        }
                        Some('=') => self.lookaround(true, false),
                        Some('!') => self.lookaround(true, true),
                        Some('<') => {
                            let k = self.peek();
                            self.i += 1;
                            match k {
                                Some('=') => self.lookaround(false, false),
                                Some('!') => self.lookaround(false, true),
                                _ => Err(ReErr::BadRpt),
                            }
                        }
                        _ => Err(ReErr::BadRpt),
                    }
                } else if self.lacon_depth > 0 {
                    let inner = self.group_body()?;
                    Ok(Atom::Q(Ast::Group {
                        cap: None,
                        inner: Box::new(inner),
                    }))
                } else {
                    self.ncap += 1;
                    let n = self.ncap;
                    self.groups.push(None);
                    let inner = self.group_body()?;
                    if let Some(g) = self.groups.get_mut(n) {
                        *g = Some(inner.clone());
                    }
                    Ok(Atom::Q(Ast::Group {
                        cap: Some(n),
                        inner: Box::new(inner),
                    }))
                }
            }
            ')' => Err(ReErr::Paren),
            '^' => Ok(Atom::C(Ast::Assert(Assert::Bol))),
            '$' => Ok(Atom::C(Ast::Assert(Assert::Eol))),
            '.' => Ok(Atom::Q(self.add_test(CharTest::Any {
                no_newline: self.o.nl_stop,
            }))),
            '[' => self.bracket_atom(),
            '\\' => {
                if are {
                    self.are_escape()
                } else {
                    // ERE: backslash quotes the next character
                    match self.peek() {
                        None => Err(ReErr::Escape),
                        Some(c) => {
                            self.i += 1;
                            Ok(Atom::Q(self.lit(c)))
                        }
                    }
                }
            }
            c => Ok(Atom::Q(self.lit(c))),
        }
    }

    fn group_body(&mut self) -> Result<Ast, ReErr> {
        let inner = self.alt()?;
        self.skip_ws();
        if !self.eat(')') {
            return Err(ReErr::Paren);
        }
        Ok(inner)
    }

    fn lookaround(&mut self, ahead: bool, negated: bool) -> Result<Atom, ReErr> {
        self.lacon_depth += 1;
        let inner = self.group_body();
        self.lacon_depth -= 1;
        let inner = inner?;
        self.lacons.push(Lacon {
            ast: inner,
            ahead,
            negated,
        });
        Ok(Atom::C(Ast::Assert(Assert::Look(
            (self.lacons.len() - 1) as u32,
        ))))
    }

    fn hex(&mut self, min: usize, max: usize) -> Result<char, ReErr> {
        let mut v: u32 = 0;
        let mut n = 0;
        while n < max {
            match self.peek().and_then(|c| c.to_digit(16)) {
                Some(d) => {
                    v = v
                        .checked_mul(16)
                        .and_then(|v| v.checked_add(d))
                        .ok_or(ReErr::Escape)?;
                    self.i += 1;
                    n += 1;
                }
                None => break,
            }
        }
        if n < min {
            return Err(ReErr::Escape);
        }
        char::from_u32(v).ok_or(ReErr::Escape)
    }

    fn octal(&mut self, max: usize) -> Result<char, ReErr> {
        let mut v: u32 = 0;
        let mut n = 0;
        while n < max {
            match self.peek().and_then(|c| c.to_digit(8)) {
                Some(d) => {
                    v = v * 8 + d;
                    self.i += 1;
                    n += 1;
                }
                None => break,
            }
        }
        char::from_u32(v).ok_or(ReErr::Escape)
    }

    /// Character-entry escapes shared by atoms and brackets; `None` if `c` is not one.
    fn char_escape(&mut self, c: char) -> Result<Option<char>, ReErr> {
        Ok(Some(match c {
            'a' => '\u{7}',
            'b' => '\u{8}',
            'B' => '\\',
            'c' => {
                let x = self.peek().ok_or(ReErr::Escape)?;
                self.i += 1;
                char::from_u32((x as u32) & 0x1F).ok_or(ReErr::Escape)?
            }
            'e' => '\u{1b}',
            'f' => '\u{c}',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            'v' => '\u{b}',
            'u' => self.hex(4, 4)?,
            'U' => self.hex(8, 8)?,
            'x' => self.hex(1, 8)?,
            '0' => self.octal(2)?,
            _ => return Ok(None),
        }))
    }

    fn are_escape(&mut self) -> Result<Atom, ReErr> {
        let Some(c) = self.peek() else {
            return Err(ReErr::Escape);
        };
        self.i += 1;
        if let Some(ch) = self.char_escape(c)? {
            return Ok(Atom::Q(self.lit(ch)));
        }
        match c {
            'd' => Ok(Atom::Q(self.class_atom(Class::Digit, false))),
            's' => Ok(Atom::Q(self.class_atom(Class::Space, false))),
            'w' => Ok(Atom::Q(self.class_atom(Class::Word, false))),
            'D' => Ok(Atom::Q(self.class_atom(Class::Digit, true))),
            'S' => Ok(Atom::Q(self.class_atom(Class::Space, true))),
            'W' => Ok(Atom::Q(self.class_atom(Class::Word, true))),
            'A' => Ok(Atom::C(Ast::Assert(Assert::StrStart))),
            'Z' => Ok(Atom::C(Ast::Assert(Assert::StrEnd))),
            'm' => Ok(Atom::C(Ast::Assert(Assert::WordStart))),
            'M' => Ok(Atom::C(Ast::Assert(Assert::WordEnd))),
            'y' => Ok(Atom::C(Ast::Assert(Assert::WordBound))),
            'Y' => Ok(Atom::C(Ast::Assert(Assert::NotWordBound))),
            '1'..='9' => {
                // back reference, or an octal escape when a multi-digit number is too large
                let st = self.i - 1;
                self.i = st;
                let n = self.digits().unwrap_or(0);
                let single = self.i - st == 1;
                if single || (n as usize) <= self.ncap {
                    if self.lacon_depth > 0 {
                        return Err(ReErr::SubReg);
                    }
                    let n = n as usize;
                    if n == 0 || n > self.ncap || self.groups.get(n).is_none_or(|g| g.is_none()) {
                        return Err(ReErr::SubReg);
                    }
                    Ok(Atom::Q(Ast::Backref(n)))
                } else {
                    self.i = st;
                    let ch = self.octal(3)?;
                    Ok(Atom::Q(self.lit(ch)))
                }
            }
            c if c.is_alphanumeric() => Err(ReErr::Escape),
            c => Ok(Atom::Q(self.lit(c))),
        }
    }

    // ---------------------------------------------------------------- brackets

    fn bracket_atom(&mut self) -> Result<Atom, ReErr> {
        // [[:<:]] and [[:>:]]
        let rest: String = self.p[self.i..].iter().take(6).collect();
        if rest == "[:<:]]" {
            self.i += 6;
            return Ok(Atom::C(Ast::Assert(Assert::WordStart)));
        }
        if rest == "[:>:]]" {
            self.i += 6;
            return Ok(Atom::C(Ast::Assert(Assert::WordEnd)));
        }
        let b = self.bracket()?;
        Ok(Atom::Q(self.add_test(CharTest::Set(Box::new(b)))))
    }

    /// Parse a bracket expression after `[`.
    fn bracket(&mut self) -> Result<Bracket, ReErr> {
        let mut b = Bracket {
            icase: self.o.icase,
            no_newline: self.o.nl_stop,
            ..Default::default()
        };
        b.negated = self.eat('^');
        let mut first = true;
        loop {
            let Some(c) = self.peek() else {
                return Err(ReErr::Brack);
            };
            if c == ']' && !first {
                self.i += 1;
                break;
            }
            first = false;
            let start = match self.bracket_elem()? {
                Elem::Char(c) => c,
                Elem::Class(k) => {
                    b.classes.push(k);
                    if self.peek() == Some('-') && self.peek_at(1).is_some_and(|c| c != ']') {
                        return Err(ReErr::Range);
                    }
                    continue;
                }
            };
            if self.peek() == Some('-') && self.peek_at(1).is_some_and(|c| c != ']') {
                self.i += 1;
                let end = match self.bracket_elem()? {
                    Elem::Char(c) => c,
                    Elem::Class(_) => return Err(ReErr::Range),
                };
                if end < start {
                    return Err(ReErr::Range);
                }
                b.ranges.push((start, end));
            } else {
                b.ranges.push((start, start));
            }
        }
        if self.o.icase {
            // [:upper:] / [:lower:] mean [:alpha:] when case-insensitive
            for k in b.classes.iter_mut() {
                if matches!(k, Class::Upper | Class::Lower) {
                    *k = Class::Alpha;
                }
            }
        }
        Ok(b)
    }

    fn bracket_elem(&mut self) -> Result<Elem, ReErr> {
        let Some(c) = self.peek() else {
            return Err(ReErr::Brack);
        };
        self.i += 1;
        if c == '[' {
            if let Some(k @ (':' | '.' | '=')) = self.peek() {
                self.i += 1;
                let st = self.i;
                loop {
                    match self.peek() {
                        None => return Err(ReErr::Brack),
                        Some(x) if x == k && self.peek_at(1) == Some(']') => break,
                        _ => self.i += 1,
                    }
                }
                let name: String = self.p[st..self.i].iter().collect();
                self.i += 2;
                return if k == ':' {
                    Ok(Elem::Class(class_by_name(&name).ok_or(ReErr::CType)?))
                } else {
                    let mut it = name.chars();
                    match (it.next(), it.next()) {
                        (Some(c), None) => Ok(Elem::Char(c)),
                        _ => collating_name(&name).map(Elem::Char).ok_or(ReErr::Collate),
                    }
                };
            }
            return Ok(Elem::Char('['));
        }
        if c == '\\' && self.o.syntax == Syntax::Are {
            let Some(e) = self.peek() else {
                return Err(ReErr::Brack);
            };
            self.i += 1;
            if let Some(ch) = self.char_escape(e)? {
                return Ok(Elem::Char(ch));
            }
            return match e {
                'd' => Ok(Elem::Class(Class::Digit)),
                's' => Ok(Elem::Class(Class::Space)),
                'w' => Ok(Elem::Class(Class::Word)),
                '1'..='7' => {
                    self.i -= 1;
                    Ok(Elem::Char(self.octal(3)?))
                }
                e if e.is_alphanumeric() => Err(ReErr::Escape),
                e => Ok(Elem::Char(e)),
            };
        }
        Ok(Elem::Char(c))
    }

    // ---------------------------------------------------------------- BRE

    /// A BRE sequence, up to end or `\)` (when `in_group`).
    fn bre_seq(&mut self, in_group: bool) -> Result<Ast, ReErr> {
        self.depth += 1;
        if self.depth > 500 {
            return Err(ReErr::TooBig);
        }
        let mut items: Vec<Ast> = Vec::new();
        let begin = self.i;
        loop {
            let Some(c) = self.peek() else {
                if in_group {
                    return Err(ReErr::Paren);
                }
                break;
            };
            if c == '\\' && self.peek_at(1) == Some(')') {
                if !in_group {
                    return Err(ReErr::Paren);
                }
                break;
            }
            let at_start = self.i == begin;
            self.i += 1;
            let atom = match c {
                '^' if at_start => Atom::C(Ast::Assert(Assert::Bol)),
                '$' if self.peek().is_none()
                    || (self.peek() == Some('\\') && self.peek_at(1) == Some(')')) =>
                {
                    Atom::C(Ast::Assert(Assert::Eol))
                }
                '*' if at_start || (self.i == begin + 2 && self.p.get(begin) == Some(&'^')) => {
                    Atom::Q(self.lit('*'))
                }
                '*' => return Err(ReErr::BadRpt),
                '.' => Atom::Q(self.add_test(CharTest::Any {
                    no_newline: self.o.nl_stop,
                })),
                '[' => self.bracket_atom()?,
                '\\' => {
                    let Some(e) = self.peek() else {
                        return Err(ReErr::Escape);
                    };
                    self.i += 1;
                    match e {
                        '(' => {
                            self.ncap += 1;
                            let n = self.ncap;
                            self.groups.push(None);
                            let inner = self.bre_seq(true)?;
                            self.i += 2; // \)
                            if let Some(g) = self.groups.get_mut(n) {
                                *g = Some(inner.clone());
                            }
                            Atom::Q(Ast::Group {
                                cap: Some(n),
                                inner: Box::new(inner),
                            })
                        }
                        '{' => return Err(ReErr::BadRpt),
                        '<' => Atom::C(Ast::Assert(Assert::WordStart)),
                        '>' => Atom::C(Ast::Assert(Assert::WordEnd)),
                        '1'..='9' => {
                            let n = e as usize - '0' as usize;
                            if n > self.ncap || self.groups.get(n).is_none_or(|g| g.is_none()) {
                                return Err(ReErr::SubReg);
                            }
                            Atom::Q(Ast::Backref(n))
                        }
                        e => Atom::Q(self.lit(e)),
                    }
                }
                c => Atom::Q(self.lit(c)),
            };
            // quantifier
            let q = if self.eat('*') {
                Some((0, None, false))
            } else if self.peek() == Some('\\') && self.peek_at(1) == Some('{') {
                self.i += 2;
                Some(self.bound(true)?)
            } else {
                None
            };
            match (atom, q) {
                (Atom::Q(a), None) | (Atom::C(a), None) => items.push(a),
                (Atom::Q(a), Some((min, max, fixed))) => {
                    items.push(Ast::Repeat {
                        inner: Box::new(a),
                        min,
                        max,
                        greedy: true,
                        fixed_form: fixed,
                    });
                    if self.peek() == Some('*')
                        || (self.peek() == Some('\\') && self.peek_at(1) == Some('{'))
                    {
                        return Err(ReErr::BadRpt);
                    }
                }
                (Atom::C(_), Some(_)) => return Err(ReErr::BadRpt),
            }
        }
        self.depth -= 1;
        Ok(match items.len() {
            0 => Ast::Empty,
            1 => items.pop().unwrap_or(Ast::Empty),
            _ => Ast::Concat(items),
        })
    }
}

enum Elem {
    Char(char),
    Class(Class),
}

fn class_by_name(name: &str) -> Option<Class> {
    Some(match name {
        "alnum" => Class::Alnum,
        "alpha" => Class::Alpha,
        "blank" => Class::Blank,
        "cntrl" => Class::Cntrl,
        "digit" => Class::Digit,
        "graph" => Class::Graph,
        "lower" => Class::Lower,
        "print" => Class::Print,
        "punct" => Class::Punct,
        "space" => Class::Space,
        "upper" => Class::Upper,
        "xdigit" => Class::Xdigit,
        _ => return None,
    })
}

/// A few of the POSIX collating-element names.
fn collating_name(name: &str) -> Option<char> {
    Some(match name {
        "NUL" => '\0',
        "tab" => '\t',
        "newline" => '\n',
        "carriage-return" => '\r',
        "space" => ' ',
        "hyphen" | "hyphen-minus" => '-',
        "period" | "full-stop" => '.',
        "slash" | "solidus" => '/',
        "backslash" | "reverse-solidus" => '\\',
        "left-square-bracket" => '[',
        "right-square-bracket" => ']',
        "circumflex" | "circumflex-accent" => '^',
        "underscore" | "low-line" => '_',
        "zero" => '0',
        "one" => '1',
        "two" => '2',
        "three" => '3',
        "four" => '4',
        "five" => '5',
        "six" => '6',
        "seven" => '7',
        "eight" => '8',
        "nine" => '9',
        _ => return None,
    })
}
