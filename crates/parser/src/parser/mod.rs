//! The recursive-descent parser core: token cursor, name/constant helpers shared by the
//! statement and expression modules, syntax-error construction, and statement dispatch.

mod ddl;
mod expr;
mod select;
mod utility;

use crate::ast::*;
use crate::keywords::KwCat;
use crate::lexer::{TokKind, Token};
use common::{PgError, PgResult};

/// Maximum nesting depth of expressions/subqueries before "stack depth limit exceeded".
const MAX_DEPTH: usize = 1000;
/// Stack bytes the recursive descent may use (parser frames are several kB per level).
const STACK_BUDGET: usize = 1 << 20;
/// Maximum length of left-nested operator chains (`1+1+...`), whose trees later code walks
/// recursively.
pub const MAX_CHAIN: usize = 5000;

#[inline(never)]
fn stack_addr() -> usize {
    let x = 0u8;
    std::hint::black_box(&x) as *const u8 as usize
}

pub struct Parser<'a> {
    pub sql: &'a str,
    pub toks: Vec<Token>,
    pub pos: usize,
    pub depth: usize,
    /// Parsing a b_expr (no AND/OR/NOT/IS NULL/LIKE/IN/BETWEEN/AT/COLLATE at this level).
    pub restricted: bool,
    /// Approximate stack address when parsing started (0 = not yet known).
    pub stack_base: usize,
    /// A non-syntax error raised inside a backtracking attempt.
    pub fatal: Option<PgError>,
    /// The syntax error of a failed attempt that got furthest (token index, error).
    pub furthest: Option<(usize, PgError)>,
    /// Parsing a FROM-clause function (func_expr_windowless): OVER is not allowed.
    pub no_window: bool,
}

pub type R<T> = PgResult<T>;

impl<'a> Parser<'a> {
    pub fn new(sql: &'a str, toks: Vec<Token>) -> Self {
        Parser {
            sql,
            toks,
            pos: 0,
            depth: 0,
            restricted: false,
            no_window: false,
            stack_base: 0,
            fatal: None,
            furthest: None,
        }
    }

    // ------------------------------------------------------------ cursor

    pub fn peek(&self) -> &Token {
        self.peek_at(0)
    }
    pub fn peek_at(&self, n: usize) -> &Token {
        let i = (self.pos + n).min(self.toks.len().saturating_sub(1));
        &self.toks[i]
    }
    pub fn advance(&mut self) -> Token {
        let t = self.peek().clone();
        if self.pos < self.toks.len() - 1 {
            self.pos += 1;
        }
        t
    }
    pub fn loc(&self) -> Loc {
        self.peek().start as Loc
    }
    /// End byte offset of the previous token.
    pub fn prev_end(&self) -> usize {
        if self.pos == 0 {
            0
        } else {
            self.toks[self.pos - 1].end
        }
    }
    pub fn at_eof(&self) -> bool {
        self.peek().kind == TokKind::Eof
    }

    pub fn tok_is_kw(t: &Token, kw: &str) -> bool {
        t.kind == TokKind::Ident && t.kw.is_some() && t.val == kw
    }
    pub fn is_kw(&self, kw: &str) -> bool {
        Self::tok_is_kw(self.peek(), kw)
    }
    pub fn is_kw_at(&self, n: usize, kw: &str) -> bool {
        Self::tok_is_kw(self.peek_at(n), kw)
    }
    pub fn eat_kw(&mut self, kw: &str) -> bool {
        if self.is_kw(kw) {
            self.advance();
            true
        } else {
            false
        }
    }
    pub fn eat_kws(&mut self, kws: &[&str]) -> bool {
        for (i, k) in kws.iter().enumerate() {
            if !self.is_kw_at(i, k) {
                return false;
            }
        }
        for _ in kws {
            self.advance();
        }
        true
    }
    pub fn expect_kw(&mut self, kw: &str) -> R<()> {
        if self.eat_kw(kw) {
            Ok(())
        } else {
            Err(self.error())
        }
    }
    pub fn is_op(&self, op: &str) -> bool {
        let t = self.peek();
        t.kind == TokKind::Op && t.val == op
    }
    pub fn is_op_at(&self, n: usize, op: &str) -> bool {
        let t = self.peek_at(n);
        t.kind == TokKind::Op && t.val == op
    }
    pub fn eat_op(&mut self, op: &str) -> bool {
        if self.is_op(op) {
            self.advance();
            true
        } else {
            false
        }
    }
    pub fn expect_op(&mut self, op: &str) -> R<()> {
        if self.eat_op(op) {
            Ok(())
        } else {
            Err(self.error())
        }
    }

    /// A syntax error at the current token.
    pub fn error(&self) -> PgError {
        self.error_at_tok(self.pos)
    }
    pub fn error_at_tok(&self, i: usize) -> PgError {
        let t = &self.toks[i.min(self.toks.len() - 1)];
        if t.kind == TokKind::Eof {
            PgError::new(
                common::sqlstate::SYNTAX_ERROR,
                "syntax error at end of input",
            )
            .at_byte_offset(self.sql, self.sql.len())
        } else {
            let raw = self.sql.get(t.start..t.end).unwrap_or("");
            PgError::new(
                common::sqlstate::SYNTAX_ERROR,
                format!("syntax error at or near \"{raw}\""),
            )
            .at_byte_offset(self.sql, t.start)
        }
    }
    /// An error with a specific code and message positioned at byte offset `loc`.
    pub fn err_at(&self, code: common::SqlState, msg: impl Into<String>, loc: Loc) -> PgError {
        let e = PgError::new(code, msg);
        if loc >= 0 {
            e.at_byte_offset(self.sql, loc as usize)
        } else {
            e
        }
    }

    pub fn enter(&mut self) -> R<()> {
        self.depth += 1;
        let here = stack_addr();
        if self.stack_base == 0 {
            self.stack_base = here;
        }
        let used = self.stack_base.abs_diff(here);
        if self.depth > MAX_DEPTH || used > STACK_BUDGET {
            return Err(PgError::new(
                common::sqlstate::STATEMENT_TOO_COMPLEX,
                "stack depth limit exceeded",
            )
            .with_hint("Increase the configuration parameter \"max_stack_depth\" (currently 2048kB), after ensuring the platform's stack depth limit is adequate."));
        }
        Ok(())
    }
    pub fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
        if self.depth == 0 {
            self.stack_base = 0;
        }
    }

    /// Run `f`; on error restore the position and return None.
    pub fn attempt<T>(&mut self, f: impl FnOnce(&mut Self) -> R<T>) -> Option<T> {
        let save = self.pos;
        let depth = self.depth;
        let restricted = self.restricted;
        match f(self) {
            Ok(v) => Some(v),
            Err(e) => {
                let plain = e.code == common::sqlstate::SYNTAX_ERROR
                    && e.message.starts_with("syntax error");
                if !plain {
                    // A real error (not a wrong guess): report it even if another parse works.
                    if self.fatal.is_none() {
                        self.fatal = Some(e);
                    }
                } else if self
                    .furthest
                    .as_ref()
                    .map(|(p, _)| self.pos > *p)
                    .unwrap_or(true)
                {
                    self.furthest = Some((self.pos, e));
                }
                self.pos = save;
                self.depth = depth;
                self.restricted = restricted;
                None
            }
        }
    }

    // ------------------------------------------------------------ names

    fn ident_with(&self, t: &Token, ok: &[KwCat]) -> bool {
        match t.kind {
            TokKind::QIdent => true,
            TokKind::Ident => match t.kw {
                None => true,
                Some(c) => ok.contains(&c),
            },
            _ => false,
        }
    }
    /// IDENT | unreserved_keyword | col_name_keyword.
    pub fn is_col_id(&self) -> bool {
        self.ident_with(self.peek(), &[KwCat::Unreserved, KwCat::ColName])
    }
    pub fn is_col_id_at(&self, n: usize) -> bool {
        self.ident_with(self.peek_at(n), &[KwCat::Unreserved, KwCat::ColName])
    }
    pub fn col_id(&mut self) -> R<String> {
        if self.is_col_id() {
            Ok(self.advance().val)
        } else {
            Err(self.error())
        }
    }
    /// IDENT | unreserved_keyword | type_func_name_keyword.
    pub fn is_type_func_name(&self) -> bool {
        self.ident_with(self.peek(), &[KwCat::Unreserved, KwCat::TypeFuncName])
    }
    pub fn type_func_name(&mut self) -> R<String> {
        if self.is_type_func_name() {
            Ok(self.advance().val)
        } else {
            Err(self.error())
        }
    }
    /// Any identifier or keyword.
    pub fn is_col_label(&self) -> bool {
        matches!(self.peek().kind, TokKind::Ident | TokKind::QIdent)
    }
    pub fn col_label(&mut self) -> R<String> {
        if self.is_col_label() {
            Ok(self.advance().val)
        } else {
            Err(self.error())
        }
    }
    /// NonReservedWord: IDENT | unreserved | col_name | type_func_name.
    pub fn is_nonreserved_word(&self) -> bool {
        self.ident_with(
            self.peek(),
            &[KwCat::Unreserved, KwCat::ColName, KwCat::TypeFuncName],
        )
    }
    pub fn nonreserved_word(&mut self) -> R<String> {
        if self.is_nonreserved_word() {
            Ok(self.advance().val)
        } else {
            Err(self.error())
        }
    }
    /// A bare identifier (IDENT token: unquoted non-keyword or quoted).
    pub fn is_plain_ident(&self) -> bool {
        let t = self.peek();
        t.kind == TokKind::QIdent || (t.kind == TokKind::Ident && t.kw.is_none())
    }

    /// `ColId ('.' ColLabel)*` as a list of parts.
    pub fn any_name(&mut self) -> R<Vec<String>> {
        let mut v = vec![self.col_id()?];
        while self.is_op(".") {
            self.advance();
            v.push(self.col_label()?);
        }
        Ok(v)
    }

    pub fn make_qualified(&self, parts: Vec<String>, loc: Loc) -> R<QualifiedName> {
        let mut parts = parts;
        match parts.len() {
            1 => Ok(QualifiedName {
                catalog: None,
                schema: None,
                name: parts.remove(0),
                location: loc,
            }),
            2 => {
                let name = parts.remove(1);
                Ok(QualifiedName {
                    catalog: None,
                    schema: Some(parts.remove(0)),
                    name,
                    location: loc,
                })
            }
            3 => {
                let name = parts.remove(2);
                let schema = parts.remove(1);
                Ok(QualifiedName {
                    catalog: Some(parts.remove(0)),
                    schema: Some(schema),
                    name,
                    location: loc,
                })
            }
            _ => Err(self.err_at(
                common::sqlstate::SYNTAX_ERROR,
                format!(
                    "improper qualified name (too many dotted names): {}",
                    parts.join(".")
                ),
                loc,
            )),
        }
    }

    /// qualified_name: ColId [indirection of names].
    pub fn qualified_name(&mut self) -> R<QualifiedName> {
        let loc = self.loc();
        let parts = self.any_name()?;
        self.make_qualified(parts, loc)
    }

    pub fn qualified_name_list(&mut self) -> R<Vec<QualifiedName>> {
        let mut v = vec![self.qualified_name()?];
        while self.eat_op(",") {
            v.push(self.qualified_name()?);
        }
        Ok(v)
    }

    pub fn name_list(&mut self) -> R<Vec<String>> {
        let mut v = vec![self.col_id()?];
        while self.eat_op(",") {
            v.push(self.col_id()?);
        }
        Ok(v)
    }

    /// '(' name_list ')'.
    pub fn paren_name_list(&mut self) -> R<Vec<String>> {
        self.expect_op("(")?;
        let v = self.name_list()?;
        self.expect_op(")")?;
        Ok(v)
    }

    pub fn sconst(&mut self) -> R<String> {
        if self.peek().kind == TokKind::Str {
            Ok(self.advance().val)
        } else {
            Err(self.error())
        }
    }
    pub fn is_sconst(&self) -> bool {
        self.peek().kind == TokKind::Str
    }

    /// Iconst (unsigned integer literal) as i64.
    pub fn iconst(&mut self) -> R<i64> {
        if self.peek().kind == TokKind::Int {
            let t = self.advance();
            t.val
                .parse::<i64>()
                .map_err(|_| self.error_at_tok(self.pos - 1))
        } else {
            Err(self.error())
        }
    }
    /// SignedIconst.
    pub fn signed_iconst(&mut self) -> R<i64> {
        if self.eat_op("-") {
            Ok(-self.iconst()?)
        } else {
            self.eat_op("+");
            self.iconst()
        }
    }

    /// An operator token usable as qual_Op / all_Op (not punctuation).
    pub fn is_any_operator_tok(t: &Token) -> bool {
        t.kind == TokKind::Op
            && !matches!(
                t.val.as_str(),
                "(" | ")" | "," | ";" | "[" | "]" | "." | ":" | "$"
            )
    }

    /// Skip to the end of the statement (`;` at depth 0 or end of input), checking that
    /// parentheses balance.
    pub fn skip_statement(&mut self) -> R<()> {
        let mut depth = 0usize;
        loop {
            let t = self.peek();
            match (t.kind, t.val.as_str()) {
                (TokKind::Eof, _) if depth > 0 => return Err(self.error()),
                (TokKind::Eof, _) => return Ok(()),
                (TokKind::Op, ";") if depth == 0 => return Ok(()),
                (TokKind::Op, "(") | (TokKind::Op, "[") => depth += 1,
                (TokKind::Op, ")") | (TokKind::Op, "]") => {
                    if depth == 0 {
                        return Err(self.error());
                    }
                    depth -= 1;
                }
                _ => {}
            }
            self.advance();
        }
    }

    /// Text of the source between byte offsets.
    pub fn text(&self, start: usize, end: usize) -> String {
        self.sql.get(start..end).unwrap_or("").to_string()
    }

    // ------------------------------------------------------------ statements

    /// Parse all statements.
    pub fn parse_all(&mut self) -> R<Vec<RawStmt>> {
        let mut out = Vec::new();
        loop {
            while self.eat_op(";") {}
            if self.at_eof() {
                return Ok(out);
            }
            let start = self.peek().start;
            let stmt = self.statement()?;
            let end;
            if self.is_op(";") {
                end = self.peek().start;
                self.advance();
            } else if self.at_eof() {
                end = self.sql.len();
            } else {
                return Err(self.error());
            }
            out.push(RawStmt {
                stmt,
                location: start,
                len: end - start,
            });
        }
    }

    pub fn statement(&mut self) -> R<Statement> {
        self.enter()?;
        let r = self.statement_inner();
        self.leave();
        if self.depth == 0 {
            let furthest = self.furthest.take();
            if let Some(e) = self.fatal.take() {
                return Err(e);
            }
            if let (Err(e), Some((p, fe))) = (&r, furthest) {
                if e.code == common::sqlstate::SYNTAX_ERROR
                    && e.message.starts_with("syntax error")
                    && p > self.pos
                {
                    return Err(fe);
                }
            }
        }
        r
    }

    fn statement_inner(&mut self) -> R<Statement> {
        let t = self.peek().clone();
        if t.kind == TokKind::Op && t.val == "(" {
            return Ok(Statement::Select(Box::new(self.select_stmt()?)));
        }
        if t.kind != TokKind::Ident || t.kw.is_none() {
            return Err(self.error());
        }
        match t.val.as_str() {
            "select" | "values" | "table" => Ok(Statement::Select(Box::new(self.select_stmt()?))),
            "with" => self.with_stmt(),
            "insert" => Ok(Statement::Insert(Box::new(self.insert_stmt(None)?))),
            "update" => Ok(Statement::Update(Box::new(self.update_stmt(None)?))),
            "delete" => Ok(Statement::Delete(Box::new(self.delete_stmt(None)?))),
            "create" => self.create_stmt(),
            "alter" => self.alter_stmt(),
            "drop" => self.drop_stmt(),
            "truncate" => self.truncate_stmt(),
            "begin" | "start" | "commit" | "end" | "rollback" | "abort" | "savepoint"
            | "release" => self.transaction_stmt(),
            "prepare" => self.prepare_stmt(),
            "execute" => self.execute_stmt(),
            "deallocate" => self.deallocate_stmt(),
            "declare" => self.declare_stmt(),
            "fetch" | "move" => self.fetch_stmt(),
            "close" => self.close_stmt(),
            "set" => self.set_stmt(),
            "reset" => self.reset_stmt(),
            "show" => self.show_stmt(),
            "explain" => self.explain_stmt(),
            "copy" => self.copy_stmt(),
            "vacuum" => self.vacuum_stmt(),
            "analyze" | "analyse" => self.analyze_stmt(),
            "checkpoint" => {
                self.advance();
                Ok(Statement::Checkpoint)
            }
            "discard" => self.discard_stmt(),
            "lock" => self.lock_stmt(),
            "comment" => self.comment_stmt(),
            "grant" | "revoke" => self.grant_stmt(),
            "listen" => {
                self.advance();
                Ok(Statement::Listen(self.col_id()?))
            }
            "unlisten" => {
                self.advance();
                if self.eat_op("*") {
                    Ok(Statement::Unlisten(None))
                } else {
                    Ok(Statement::Unlisten(Some(self.col_id()?)))
                }
            }
            "notify" => {
                self.advance();
                let ch = self.col_id()?;
                let payload = if self.eat_op(",") {
                    Some(self.sconst()?)
                } else {
                    None
                };
                Ok(Statement::Notify(ch, payload))
            }
            "do" => self.do_stmt(),
            "cluster" | "reindex" | "refresh" | "security" | "load" | "reassign" | "import"
            | "checkpoint_" => {
                let tag = match t.val.as_str() {
                    "refresh" => "REFRESH MATERIALIZED VIEW".to_string(),
                    "security" => "SECURITY LABEL".to_string(),
                    "reassign" => "REASSIGN OWNED".to_string(),
                    "import" => "IMPORT FOREIGN SCHEMA".to_string(),
                    o => o.to_uppercase(),
                };
                self.advance();
                self.skip_statement()?;
                Ok(Statement::Unsupported {
                    what: tag.clone(),
                    tag,
                })
            }
            _ => Err(self.error()),
        }
    }

    fn with_stmt(&mut self) -> R<Statement> {
        let save = self.pos;
        let with = self.with_clause()?;
        if self.is_kw("insert") {
            return Ok(Statement::Insert(Box::new(self.insert_stmt(Some(with))?)));
        }
        if self.is_kw("update") {
            return Ok(Statement::Update(Box::new(self.update_stmt(Some(with))?)));
        }
        if self.is_kw("delete") {
            return Ok(Statement::Delete(Box::new(self.delete_stmt(Some(with))?)));
        }
        self.pos = save;
        Ok(Statement::Select(Box::new(self.select_stmt()?)))
    }

    /// PreparableStmt / statements allowed as a CTE, EXPLAIN, PREPARE or COPY body.
    pub fn preparable_stmt(&mut self) -> R<Statement> {
        if self.is_op("(") || self.is_kw("select") || self.is_kw("values") || self.is_kw("table") {
            return Ok(Statement::Select(Box::new(self.select_stmt()?)));
        }
        if self.is_kw("with") {
            return self.with_stmt();
        }
        if self.is_kw("insert") {
            return Ok(Statement::Insert(Box::new(self.insert_stmt(None)?)));
        }
        if self.is_kw("update") {
            return Ok(Statement::Update(Box::new(self.update_stmt(None)?)));
        }
        if self.is_kw("delete") {
            return Ok(Statement::Delete(Box::new(self.delete_stmt(None)?)));
        }
        Err(self.error())
    }
}
