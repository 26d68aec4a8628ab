//! Expressions (PostgreSQL 10 a_expr/b_expr/c_expr with its operator precedence, via
//! precedence climbing), function calls incl. special SQL syntax, and type names.

use super::{Parser, R};
use crate::ast::*;
use crate::keywords::KwCat;
use crate::lexer::TokKind;
use common::sqlstate;

// Precedence levels (higher binds tighter), following gram.y.
const P_OR: u8 = 1;
const P_AND: u8 = 2;
const P_NOT: u8 = 3;
const P_IS: u8 = 4;
const P_CMP: u8 = 5;
const P_LIKE: u8 = 6;
const P_ESCAPE: u8 = 7;
const P_POSTFIX: u8 = 8;
const P_OP: u8 = 9;
const P_ADD: u8 = 10;
const P_MUL: u8 = 11;
const P_EXP: u8 = 12;
const P_AT: u8 = 13;
const P_COLLATE: u8 = 14;
const P_UMINUS: u8 = 15;
const P_TYPECAST: u8 = 17;

#[derive(Clone, Copy, PartialEq)]
enum Infix {
    Or,
    And,
    Is,
    IsNullKw,
    NotNullKw,
    Cmp,
    NotLike,
    Like,
    Op,
    Operator,
    At,
    Collate,
    Typecast,
}

fn pg_catalog(name: &str) -> QualifiedName {
    QualifiedName {
        catalog: None,
        schema: Some("pg_catalog".into()),
        name: name.into(),
        location: -1,
    }
}

pub fn sys_type(name: &str, loc: Loc) -> TypeName {
    TypeName {
        name: pg_catalog(name),
        modifiers: vec![],
        interval_fields: vec![],
        array_bounds: vec![],
        setof: false,
        pct_type: false,
        location: loc,
    }
}

pub fn simple_func(name: QualifiedName, args: Vec<Expr>, loc: Loc) -> Expr {
    let n = args.len();
    Expr::Func(Box::new(FuncCall {
        name,
        args,
        arg_names: vec![None; n],
        star: false,
        distinct: false,
        variadic: false,
        order_by: vec![],
        within_group: false,
        filter: None,
        over: None,
        location: loc,
    }))
}

fn str_lit(s: &str, loc: Loc) -> Expr {
    Expr::Literal {
        value: Literal::String(s.into()),
        location: loc,
    }
}
pub fn int_lit(i: i64, loc: Loc) -> Expr {
    Expr::Literal {
        value: Literal::Integer(i),
        location: loc,
    }
}

impl<'a> Parser<'a> {
    pub fn a_expr(&mut self) -> R<Expr> {
        let old = std::mem::replace(&mut self.restricted, false);
        let old_nw = std::mem::replace(&mut self.no_window, false);
        let r = self.expr_bp(0);
        self.restricted = old;
        self.no_window = old_nw;
        r
    }
    /// b_expr: no boolean operators, IS [NOT] NULL/TRUE/..., LIKE/IN/BETWEEN, AT, COLLATE.
    pub fn b_expr(&mut self) -> R<Expr> {
        let old = std::mem::replace(&mut self.restricted, true);
        let r = self.expr_bp(0);
        self.restricted = old;
        r
    }

    pub fn expr_list(&mut self) -> R<Vec<Expr>> {
        let mut v = vec![self.a_expr()?];
        while self.eat_op(",") {
            v.push(self.a_expr()?);
        }
        Ok(v)
    }

    fn infix_of(&self) -> Option<(u8, Infix)> {
        let t = self.peek();
        match t.kind {
            TokKind::Op => {
                let p = match t.val.as_str() {
                    "(" | ")" | "," | ";" | "[" | "]" | "." | ":" | "$" => return None,
                    "<" | ">" | "=" | "<=" | ">=" | "<>" => return Some((P_CMP, Infix::Cmp)),
                    "+" | "-" => P_ADD,
                    "*" | "/" | "%" => P_MUL,
                    "^" => P_EXP,
                    _ => P_OP,
                };
                Some((p, Infix::Op))
            }
            TokKind::Typecast => Some((P_TYPECAST, Infix::Typecast)),
            TokKind::Ident if t.kw.is_some() => match t.val.as_str() {
                "or" => Some((P_OR, Infix::Or)),
                "and" => Some((P_AND, Infix::And)),
                "is" => Some((P_IS, Infix::Is)),
                "isnull" => Some((P_IS, Infix::IsNullKw)),
                "notnull" => Some((P_IS, Infix::NotNullKw)),
                "not" => {
                    let n = self.peek_at(1);
                    if n.kind == TokKind::Ident
                        && n.kw.is_some()
                        && matches!(
                            n.val.as_str(),
                            "between" | "in" | "like" | "ilike" | "similar"
                        )
                    {
                        Some((P_LIKE, Infix::NotLike))
                    } else {
                        None
                    }
                }
                "between" | "in" | "like" | "ilike" | "similar" => Some((P_LIKE, Infix::Like)),
                "operator" if self.is_op_at(1, "(") => Some((P_OP, Infix::Operator)),
                "at" if self.is_kw_at(1, "time") => Some((P_AT, Infix::At)),
                "collate" => Some((P_COLLATE, Infix::Collate)),
                _ => None,
            },
            _ => None,
        }
    }

    /// Can the current token start an a_expr? (Used to tell postfix from infix operators.)
    fn starts_expr(&self) -> bool {
        let t = self.peek();
        match t.kind {
            TokKind::Ident => match t.kw {
                None | Some(KwCat::Unreserved) | Some(KwCat::ColName) => true,
                Some(KwCat::TypeFuncName) => {
                    self.is_op_at(1, "(") || self.peek_at(1).kind == TokKind::Str
                }
                Some(KwCat::Reserved) => matches!(
                    t.val.as_str(),
                    "not"
                        | "case"
                        | "cast"
                        | "array"
                        | "true"
                        | "false"
                        | "null"
                        | "current_date"
                        | "current_time"
                        | "current_timestamp"
                        | "localtime"
                        | "localtimestamp"
                        | "current_role"
                        | "current_user"
                        | "session_user"
                        | "user"
                        | "current_catalog"
                        | "default"
                ),
            },
            TokKind::Op => !matches!(
                t.val.as_str(),
                ")" | "," | ";" | "]" | "." | ":" | "$" | "["
            ),
            TokKind::Eof
            | TokKind::Typecast
            | TokKind::DotDot
            | TokKind::ColonEquals
            | TokKind::EqualsGreater => false,
            _ => true,
        }
    }

    /// OPERATOR '(' any_operator ')' → (schema, op).
    fn operator_spec(&mut self) -> R<(Option<String>, String)> {
        self.expect_kw("operator")?;
        self.expect_op("(")?;
        let mut parts = vec![];
        while self.is_col_id() {
            parts.push(self.col_id()?);
            self.expect_op(".")?;
        }
        let t = self.peek().clone();
        if !Parser::is_any_operator_tok(&t) {
            return Err(self.error());
        }
        self.advance();
        self.expect_op(")")?;
        Ok((parts.pop(), t.val))
    }

    /// `op ANY/SOME/ALL (...)` after the operator has been consumed.
    fn sub_comparison(&mut self, left: Expr, op: String, loc: Loc) -> R<Expr> {
        let all = self.is_kw("all");
        self.advance();
        if let Some(sub) = self.try_select_with_parens() {
            return Ok(Expr::SubqueryComparison {
                expr: Box::new(left),
                op,
                all,
                subquery: Box::new(sub),
                location: loc,
            });
        }
        self.expect_op("(")?;
        let arr = self.a_expr()?;
        self.expect_op(")")?;
        Ok(Expr::ArrayComparison {
            expr: Box::new(left),
            op,
            all,
            array: Box::new(arr),
            location: loc,
        })
    }

    fn is_sub_type(&self) -> bool {
        (self.is_kw("any") || self.is_kw("some") || self.is_kw("all")) && self.is_op_at(1, "(")
    }

    pub fn expr_bp(&mut self, min: u8) -> R<Expr> {
        self.enter()?;
        let r = self.expr_bp_inner(min);
        self.leave();
        r
    }

    fn expr_bp_inner(&mut self, min: u8) -> R<Expr> {
        let mut left = self.prefix_expr()?;
        // Level of the last binary nonassoc operator whose rhs ended at the current token.
        let mut nonassoc_block: Option<u8> = None;
        let mut chain = 0usize;
        while let Some((prec, kind)) = self.infix_of() {
            chain += 1;
            if chain + self.depth > super::MAX_CHAIN {
                return Err(self.err_at(sqlstate::STATEMENT_TOO_COMPLEX, "stack depth limit exceeded", -1)
                    .with_hint("Increase the configuration parameter \"max_stack_depth\" (currently 2048kB), after ensuring the platform's stack depth limit is adequate."));
            }
            if prec < min {
                break;
            }
            if self.restricted {
                let excluded = match kind {
                    Infix::Or
                    | Infix::And
                    | Infix::IsNullKw
                    | Infix::NotNullKw
                    | Infix::Like
                    | Infix::NotLike
                    | Infix::At
                    | Infix::Collate => true,
                    Infix::Is => {
                        !(self.is_kw_at(1, "distinct")
                            || self.is_kw_at(2, "distinct")
                            || self.is_kw_at(1, "of")
                            || self.is_kw_at(2, "of")
                            || self.is_kw_at(1, "document")
                            || self.is_kw_at(2, "document"))
                    }
                    _ => false,
                };
                if excluded {
                    break;
                }
            }
            if nonassoc_block == Some(prec) {
                return Err(self.error());
            }
            nonassoc_block = None;
            let t = self.peek().clone();
            let loc = t.start as Loc;
            match kind {
                Infix::Or => {
                    self.advance();
                    let r = self.expr_bp(P_OR + 1)?;
                    left = match left {
                        Expr::Or(mut v, l) => {
                            v.push(r);
                            Expr::Or(v, l)
                        }
                        other => Expr::Or(vec![other, r], loc),
                    };
                }
                Infix::And => {
                    self.advance();
                    let r = self.expr_bp(P_AND + 1)?;
                    left = match left {
                        Expr::And(mut v, l) => {
                            v.push(r);
                            Expr::And(v, l)
                        }
                        other => Expr::And(vec![other, r], loc),
                    };
                }
                Infix::IsNullKw | Infix::NotNullKw => {
                    self.advance();
                    left = Expr::IsNull {
                        expr: Box::new(left),
                        negated: kind == Infix::NotNullKw,
                        location: loc,
                    };
                }
                Infix::Is => {
                    self.advance();
                    let negated = self.eat_kw("not");
                    let b = Box::new(left);
                    if self.eat_kw("null") {
                        left = Expr::IsNull {
                            expr: b,
                            negated,
                            location: loc,
                        };
                    } else if self.eat_kw("true") {
                        left = Expr::IsBool {
                            expr: b,
                            test: if negated {
                                BoolTest::IsNotTrue
                            } else {
                                BoolTest::IsTrue
                            },
                            location: loc,
                        };
                    } else if self.eat_kw("false") {
                        left = Expr::IsBool {
                            expr: b,
                            test: if negated {
                                BoolTest::IsNotFalse
                            } else {
                                BoolTest::IsFalse
                            },
                            location: loc,
                        };
                    } else if self.eat_kw("unknown") {
                        left = Expr::IsBool {
                            expr: b,
                            test: if negated {
                                BoolTest::IsNotUnknown
                            } else {
                                BoolTest::IsUnknown
                            },
                            location: loc,
                        };
                    } else if self.is_kw("distinct") && self.is_kw_at(1, "from") {
                        self.advance();
                        self.advance();
                        let r = self.expr_bp(P_IS + 1)?;
                        left = Expr::IsDistinctFrom {
                            left: b,
                            right: Box::new(r),
                            negated,
                            location: loc,
                        };
                        nonassoc_block = Some(P_IS);
                    } else if self.is_kw("of") || self.is_kw("document") {
                        // IS [NOT] OF (types) / IS DOCUMENT: parsed, not modelled.
                        if self.eat_kw("of") {
                            self.expect_op("(")?;
                            self.type_name()?;
                            while self.eat_op(",") {
                                self.type_name()?;
                            }
                            self.expect_op(")")?;
                        } else {
                            self.advance();
                        }
                        let name = if self.toks[self.pos - 1].val == "document" {
                            "xml_is_well_formed_document"
                        } else {
                            "is_of"
                        };
                        left = simple_func(pg_catalog(name), vec![*b], loc);
                    } else {
                        return Err(self.error());
                    }
                }
                Infix::Cmp | Infix::Op | Infix::Operator => {
                    let (schema, op) = if kind == Infix::Operator {
                        self.operator_spec()?
                    } else {
                        self.advance();
                        (None, t.val.clone())
                    };
                    if self.is_sub_type() {
                        left = self.sub_comparison(left, op, loc)?;
                        continue;
                    }
                    if prec == P_OP && !self.starts_expr() {
                        // Postfix operator (generic operators only).
                        if min <= P_POSTFIX {
                            left = Expr::PostfixOp {
                                op,
                                operand: Box::new(left),
                                location: loc,
                            };
                            continue;
                        }
                        return Err(self.error());
                    }
                    let r = self.expr_bp(prec + 1)?;
                    left = Expr::BinaryOp {
                        op,
                        schema,
                        left: Box::new(left),
                        right: Box::new(r),
                        location: loc,
                    };
                    if kind == Infix::Cmp {
                        nonassoc_block = Some(P_CMP);
                    }
                }
                Infix::Like | Infix::NotLike => {
                    let negated = kind == Infix::NotLike;
                    if negated {
                        self.advance();
                    }
                    let w = self.advance().val;
                    match w.as_str() {
                        "between" => {
                            let symmetric = if self.eat_kw("symmetric") {
                                true
                            } else {
                                self.eat_kw("asymmetric");
                                false
                            };
                            let low = self.b_expr()?;
                            self.expect_kw("and")?;
                            let high = self.expr_bp(P_LIKE + 1)?;
                            left = Expr::Between {
                                expr: Box::new(left),
                                low: Box::new(low),
                                high: Box::new(high),
                                negated,
                                symmetric,
                                location: loc,
                            };
                            nonassoc_block = Some(P_LIKE);
                        }
                        "in" => {
                            if let Some(sub) = self.try_select_with_parens() {
                                left = Expr::InSubquery {
                                    expr: Box::new(left),
                                    subquery: Box::new(sub),
                                    negated,
                                    location: loc,
                                };
                            } else {
                                self.expect_op("(")?;
                                let list = self.expr_list()?;
                                self.expect_op(")")?;
                                left = Expr::InList {
                                    expr: Box::new(left),
                                    list,
                                    negated,
                                    location: loc,
                                };
                            }
                        }
                        _ => {
                            let kind = match w.as_str() {
                                "like" => LikeKind::Like,
                                "ilike" => LikeKind::ILike,
                                _ => {
                                    self.expect_kw("to")?;
                                    LikeKind::Similar
                                }
                            };
                            if kind != LikeKind::Similar && self.is_sub_type() {
                                let op = match (kind, negated) {
                                    (LikeKind::Like, false) => "~~",
                                    (LikeKind::Like, true) => "!~~",
                                    (_, false) => "~~*",
                                    (_, true) => "!~~*",
                                };
                                left = self.sub_comparison(left, op.into(), loc)?;
                                continue;
                            }
                            let pat = self.expr_bp(P_LIKE + 1)?;
                            let escape = if self.eat_kw("escape") {
                                Some(Box::new(self.expr_bp(P_ESCAPE + 1)?))
                            } else {
                                None
                            };
                            left = Expr::Like {
                                expr: Box::new(left),
                                pattern: Box::new(pat),
                                escape,
                                negated,
                                kind,
                                location: loc,
                            };
                            nonassoc_block = Some(P_LIKE);
                        }
                    }
                }
                Infix::At => {
                    self.advance();
                    self.expect_kw("time")?;
                    self.expect_kw("zone")?;
                    let z = self.expr_bp(P_AT + 1)?;
                    left = Expr::AtTimeZone {
                        expr: Box::new(left),
                        zone: Box::new(z),
                        location: loc,
                    };
                }
                Infix::Collate => {
                    self.advance();
                    let cl = self.loc();
                    let parts = self.any_name()?;
                    let collation = self.make_qualified(parts, cl)?;
                    left = Expr::Collate {
                        expr: Box::new(left),
                        collation,
                        location: loc,
                    };
                }
                Infix::Typecast => {
                    self.advance();
                    let tn = self.type_name()?;
                    left = Expr::Cast {
                        expr: Box::new(left),
                        type_name: tn,
                        location: loc,
                    };
                }
            }
        }
        Ok(left)
    }

    fn prefix_expr(&mut self) -> R<Expr> {
        let t = self.peek().clone();
        let loc = t.start as Loc;
        if Parser::tok_is_kw(&t, "not") {
            if self.restricted {
                return Err(self.error());
            }
            self.advance();
            let e = self.expr_bp(P_NOT)?;
            return Ok(Expr::Not(Box::new(e), loc));
        }
        if t.kind == TokKind::Op && (t.val == "-" || t.val == "+") {
            self.advance();
            let e = self.expr_bp(P_UMINUS + 1)?;
            if t.val == "-" {
                match e {
                    Expr::Literal {
                        value: Literal::Integer(i),
                        ..
                    } if i != i64::MIN => {
                        return Ok(int_lit(-i, loc));
                    }
                    Expr::Literal {
                        value: Literal::Numeric(s),
                        ..
                    } => {
                        let v = match s.strip_prefix('-') {
                            Some(x) => x.to_string(),
                            None => format!("-{s}"),
                        };
                        return Ok(Expr::Literal {
                            value: Literal::Numeric(v),
                            location: loc,
                        });
                    }
                    e => {
                        return Ok(Expr::UnaryOp {
                            op: "-".into(),
                            schema: None,
                            operand: Box::new(e),
                            location: loc,
                        })
                    }
                }
            }
            return Ok(Expr::UnaryOp {
                op: "+".into(),
                schema: None,
                operand: Box::new(e),
                location: loc,
            });
        }
        if Parser::is_any_operator_tok(&t)
            && !matches!(
                t.val.as_str(),
                "*" | "/" | "%" | "^" | "<" | ">" | "=" | "<=" | ">=" | "<>"
            )
        {
            self.advance();
            let e = self.expr_bp(P_OP + 1)?;
            return Ok(Expr::UnaryOp {
                op: t.val,
                schema: None,
                operand: Box::new(e),
                location: loc,
            });
        }
        if Parser::tok_is_kw(&t, "operator") && self.is_op_at(1, "(") {
            let (schema, op) = self.operator_spec()?;
            let e = self.expr_bp(P_OP + 1)?;
            return Ok(Expr::UnaryOp {
                op,
                schema,
                operand: Box::new(e),
                location: loc,
            });
        }
        self.primary()
    }

    /// Try to parse a select_with_parens at the current '('.
    pub fn try_select_with_parens(&mut self) -> Option<SelectStmt> {
        if !self.is_op("(") {
            return None;
        }
        let mut i = 0;
        while self.is_op_at(i, "(") {
            i += 1;
        }
        let t = self.peek_at(i);
        if !(Parser::tok_is_kw(t, "select")
            || Parser::tok_is_kw(t, "values")
            || Parser::tok_is_kw(t, "with")
            || Parser::tok_is_kw(t, "table"))
        {
            return None;
        }
        self.attempt(|p| p.select_with_parens())
    }

    fn indirection(&mut self, mut path: Vec<IndirectionItem>) -> R<Vec<IndirectionItem>> {
        loop {
            if self.is_op(".") {
                self.advance();
                if self.eat_op("*") {
                    path.push(IndirectionItem::Star);
                } else {
                    path.push(IndirectionItem::Field(self.col_label()?));
                }
            } else if self.is_op("[") {
                self.advance();
                if self.eat_op(":") {
                    let hi = if self.is_op("]") {
                        None
                    } else {
                        Some(Box::new(self.a_expr()?))
                    };
                    self.expect_op("]")?;
                    path.push(IndirectionItem::Slice(None, hi));
                    continue;
                }
                let lo = self.a_expr()?;
                if self.eat_op(":") {
                    let hi = if self.is_op("]") {
                        None
                    } else {
                        Some(Box::new(self.a_expr()?))
                    };
                    self.expect_op("]")?;
                    path.push(IndirectionItem::Slice(Some(Box::new(lo)), hi));
                } else {
                    self.expect_op("]")?;
                    path.push(IndirectionItem::Index(Box::new(lo)));
                }
            } else {
                return Ok(path);
            }
        }
    }

    fn with_indirection(&mut self, e: Expr, loc: Loc) -> R<Expr> {
        let path = self.indirection(vec![])?;
        if path.is_empty() {
            Ok(e)
        } else {
            Ok(Expr::Indirection {
                expr: Box::new(e),
                path,
                location: loc,
            })
        }
    }

    fn primary(&mut self) -> R<Expr> {
        let t = self.peek().clone();
        let loc = t.start as Loc;
        match t.kind {
            TokKind::Int => {
                self.advance();
                return Ok(match t.val.parse::<i64>() {
                    Ok(i) => int_lit(i, loc),
                    Err(_) => Expr::Literal {
                        value: Literal::Numeric(t.val),
                        location: loc,
                    },
                });
            }
            TokKind::Num => {
                self.advance();
                return Ok(Expr::Literal {
                    value: Literal::Numeric(t.val),
                    location: loc,
                });
            }
            TokKind::Str => {
                self.advance();
                return Ok(str_lit(&t.val, loc));
            }
            TokKind::BitStr => {
                self.advance();
                return Ok(Expr::Literal {
                    value: Literal::BitString(t.val),
                    location: loc,
                });
            }
            TokKind::Param => {
                self.advance();
                let number = t.val.parse::<u32>().unwrap_or(u32::MAX);
                return self.with_indirection(
                    Expr::Param {
                        number,
                        location: loc,
                    },
                    loc,
                );
            }
            TokKind::Op if t.val == "(" => return self.paren_expr(),
            TokKind::Op | TokKind::Eof => return Err(self.error()),
            TokKind::Ident | TokKind::QIdent => {}
            _ => return Err(self.error()),
        }
        if t.kind == TokKind::Ident {
            if let Some(cat) = t.kw {
                if let Some(e) = self.keyword_primary(&t.val, cat, loc)? {
                    return Ok(e);
                }
            }
        }
        self.name_primary()
    }

    /// Expressions that start with a keyword. Returns None to fall back to name handling.
    fn keyword_primary(&mut self, w: &str, cat: KwCat, loc: Loc) -> R<Option<Expr>> {
        let next_paren = self.is_op_at(1, "(");
        let e = match w {
            "true" | "false" => {
                self.advance();
                Expr::Literal {
                    value: Literal::Boolean(w == "true"),
                    location: loc,
                }
            }
            "null" => {
                self.advance();
                Expr::Literal {
                    value: Literal::Null,
                    location: loc,
                }
            }
            "default" => {
                self.advance();
                Expr::Default(loc)
            }
            "case" => self.case_expr()?,
            "cast" => {
                self.advance();
                self.expect_op("(")?;
                let e = self.a_expr()?;
                self.expect_kw("as")?;
                let tn = self.type_name()?;
                self.expect_op(")")?;
                Expr::Cast {
                    expr: Box::new(e),
                    type_name: tn,
                    location: loc,
                }
            }
            "array" => {
                self.advance();
                if let Some(sub) = self.try_select_with_parens() {
                    Expr::ArraySubquery {
                        subquery: Box::new(sub),
                        location: loc,
                    }
                } else if self.is_op("[") {
                    self.array_expr(loc)?
                } else {
                    return Err(self.error());
                }
            }
            "exists" if next_paren => {
                self.advance();
                let sub = self.select_with_parens()?;
                Expr::Exists {
                    subquery: Box::new(sub),
                    location: loc,
                }
            }
            "row" if next_paren => {
                self.advance();
                self.expect_op("(")?;
                let args = if self.is_op(")") {
                    vec![]
                } else {
                    self.expr_list()?
                };
                self.expect_op(")")?;
                let r = Expr::Row(args, loc);
                if self.is_kw("overlaps") {
                    return Ok(Some(self.overlaps(r, loc)?));
                }
                r
            }
            "grouping" if next_paren => {
                self.advance();
                self.advance();
                let args = self.expr_list()?;
                self.expect_op(")")?;
                Expr::Grouping(args, loc)
            }
            "current_date" | "current_time" | "current_timestamp" | "localtime"
            | "localtimestamp" | "current_role" | "current_user" | "session_user" | "user"
            | "current_catalog" => {
                self.advance();
                let kind = match w {
                    "current_date" => SqlValueFunctionKind::CurrentDate,
                    "current_time" => SqlValueFunctionKind::CurrentTime,
                    "current_timestamp" => SqlValueFunctionKind::CurrentTimestamp,
                    "localtime" => SqlValueFunctionKind::LocalTime,
                    "localtimestamp" => SqlValueFunctionKind::LocalTimestamp,
                    "current_role" => SqlValueFunctionKind::CurrentRole,
                    "current_user" => SqlValueFunctionKind::CurrentUser,
                    "session_user" => SqlValueFunctionKind::SessionUser,
                    "user" => SqlValueFunctionKind::User,
                    _ => SqlValueFunctionKind::CurrentCatalog,
                };
                let mut precision = None;
                if matches!(
                    w,
                    "current_time" | "current_timestamp" | "localtime" | "localtimestamp"
                ) && self.eat_op("(")
                {
                    precision = Some(self.iconst()? as i32);
                    self.expect_op(")")?;
                }
                Expr::SqlValueFunction {
                    kind,
                    precision,
                    location: loc,
                }
            }
            "current_schema" if !next_paren => {
                self.advance();
                Expr::SqlValueFunction {
                    kind: SqlValueFunctionKind::CurrentSchema,
                    precision: None,
                    location: loc,
                }
            }
            "collation" if self.is_kw_at(1, "for") => {
                self.advance();
                self.advance();
                self.expect_op("(")?;
                let e = self.a_expr()?;
                self.expect_op(")")?;
                simple_func(pg_catalog("pg_collation_for"), vec![e], loc)
            }
            "coalesce" | "greatest" | "least" | "nullif" | "extract" | "overlay" | "position"
            | "substring" | "trim" | "treat"
                if next_paren =>
            {
                self.special_func(w, loc)?
            }
            "double" if self.is_kw_at(1, "precision") => self.const_type_literal()?,
            _ => {
                if cat == KwCat::ColName && self.is_const_type_start() {
                    return Ok(Some(self.const_type_literal()?));
                }
                if cat == KwCat::Reserved {
                    return Err(self.error());
                }
                return Ok(None);
            }
        };
        Ok(Some(e))
    }

    fn overlaps(&mut self, left: Expr, loc: Loc) -> R<Expr> {
        self.expect_kw("overlaps")?;
        let rloc = self.loc();
        let r = self.row_expr()?;
        let mut args = match left {
            Expr::Row(v, _) => v,
            e => vec![e],
        };
        let _ = rloc;
        match r {
            Expr::Row(v, _) => args.extend(v),
            e => args.push(e),
        }
        Ok(simple_func(pg_catalog("overlaps"), args, loc))
    }

    fn row_expr(&mut self) -> R<Expr> {
        let loc = self.loc();
        self.eat_kw("row");
        self.expect_op("(")?;
        let args = if self.is_op(")") {
            vec![]
        } else {
            self.expr_list()?
        };
        self.expect_op(")")?;
        Ok(Expr::Row(args, loc))
    }

    /// Does the current col_name keyword start a ConstTypename followed by a string?
    fn is_const_type_start(&self) -> bool {
        let t = self.peek();
        let typeish = matches!(
            t.val.as_str(),
            "int"
                | "integer"
                | "smallint"
                | "bigint"
                | "real"
                | "float"
                | "decimal"
                | "dec"
                | "numeric"
                | "boolean"
                | "bit"
                | "char"
                | "character"
                | "varchar"
                | "nchar"
                | "national"
                | "time"
                | "timestamp"
                | "interval"
        );
        if !typeish {
            return false;
        }
        let n = self.peek_at(1);
        n.kind == TokKind::Str
            || (n.kind == TokKind::Op && n.val == "(")
            || Parser::tok_is_kw(n, "varying")
            || Parser::tok_is_kw(n, "with")
            || Parser::tok_is_kw(n, "without")
            || (t.val == "national")
            || (t.val == "double")
    }

    /// ConstTypename Sconst, `interval 'x' field`, `interval(p) 'x'`.
    fn const_type_literal(&mut self) -> R<Expr> {
        let loc = self.loc();
        let is_interval = self.is_kw("interval");
        let mut tn = self.simple_type_name(true)?;
        let lit_loc = self.loc();
        let s = self.sconst()?;
        if is_interval && tn.interval_fields.is_empty() && tn.modifiers.is_empty() {
            self.opt_interval(&mut tn)?;
        }
        Ok(Expr::Cast {
            expr: Box::new(str_lit(&s, lit_loc)),
            type_name: tn,
            location: loc,
        })
    }

    /// Identifier-led primary: column reference, function call, or `type 'literal'`.
    fn name_primary(&mut self) -> R<Expr> {
        let t = self.peek().clone();
        let loc = t.start as Loc;
        // First part: ColId, or a type_func_name keyword used as a function/type name.
        let first_ok = self.is_col_id()
            || (self.is_type_func_name()
                && (self.is_op_at(1, "(") || self.peek_at(1).kind == TokKind::Str));
        if !first_ok {
            if self.is_type_func_name() {
                // bison shifts the keyword as a function name, then fails on what follows.
                return Err(self.error_at_tok(self.pos + 1));
            }
            return Err(self.error());
        }
        self.advance();
        let mut names = vec![t.val.clone()];
        let mut path: Vec<IndirectionItem> = vec![];
        // Dotted names.
        while self.is_op(".") {
            if self.is_op_at(1, "*") {
                self.advance();
                self.advance();
                names.push("*".into());
                break;
            }
            if !matches!(self.peek_at(1).kind, TokKind::Ident | TokKind::QIdent) {
                self.advance();
                return Err(self.error());
            }
            self.advance();
            names.push(self.advance().val);
        }
        let last_star = names.last().map(|s| s == "*").unwrap_or(false);
        if !last_star && self.is_op("(") {
            let qn = self.make_qualified(names, loc)?;
            return self.func_call(qn, loc);
        }
        if !last_star && self.is_sconst() {
            // func_name Sconst: generic typed literal.
            let qn = self.make_qualified(names, loc)?;
            let lit_loc = self.loc();
            let s = self.sconst()?;
            let tn = TypeName {
                name: qn,
                modifiers: vec![],
                interval_fields: vec![],
                array_bounds: vec![],
                setof: false,
                pct_type: false,
                location: loc,
            };
            return Ok(Expr::Cast {
                expr: Box::new(str_lit(&s, lit_loc)),
                type_name: tn,
                location: loc,
            });
        }
        if t.kind == TokKind::Ident && t.kw == Some(KwCat::TypeFuncName) {
            return Err(self.error_at_tok(self.pos - 1));
        }
        if !last_star {
            path = self.indirection(path)?;
        }
        let cref = Expr::ColumnRef {
            fields: names,
            location: loc,
        };
        if path.is_empty() {
            Ok(cref)
        } else {
            // A `.field` or `.*` after a subscript belongs to the indirection.
            Ok(Expr::Indirection {
                expr: Box::new(cref),
                path,
                location: loc,
            })
        }
    }

    fn paren_expr(&mut self) -> R<Expr> {
        let loc = self.loc();
        if let Some(sub) = self.try_select_with_parens() {
            let e = Expr::ScalarSubquery {
                subquery: Box::new(sub),
                location: loc,
            };
            return self.with_indirection(e, loc);
        }
        self.expect_op("(")?;
        let first = self.a_expr()?;
        if self.eat_op(",") {
            let mut v = vec![first];
            v.extend(self.expr_list()?);
            self.expect_op(")")?;
            let r = Expr::Row(v, loc);
            if self.is_kw("overlaps") {
                return self.overlaps(r, loc);
            }
            return Ok(r);
        }
        self.expect_op(")")?;
        let e = Expr::Nested(Box::new(first), loc);
        if self.is_kw("overlaps") {
            return Err(self.error());
        }
        self.with_indirection(e, loc)
    }

    fn array_expr(&mut self, loc: Loc) -> R<Expr> {
        self.enter()?;
        let r = self.array_expr_inner(loc);
        self.leave();
        r
    }

    fn array_expr_inner(&mut self, loc: Loc) -> R<Expr> {
        self.expect_op("[")?;
        let mut items = vec![];
        if !self.is_op("]") {
            loop {
                if self.is_op("[") {
                    let l = self.loc();
                    items.push(self.array_expr(l)?);
                } else {
                    items.push(self.a_expr()?);
                }
                if !self.eat_op(",") {
                    break;
                }
            }
        }
        self.expect_op("]")?;
        Ok(Expr::Array(items, loc))
    }

    fn case_expr(&mut self) -> R<Expr> {
        let loc = self.loc();
        self.expect_kw("case")?;
        let arg = if self.is_kw("when") {
            None
        } else {
            Some(Box::new(self.a_expr()?))
        };
        let mut whens = vec![];
        while self.eat_kw("when") {
            let c = self.a_expr()?;
            self.expect_kw("then")?;
            let r = self.a_expr()?;
            whens.push((c, r));
        }
        if whens.is_empty() {
            return Err(self.error());
        }
        let else_result = if self.eat_kw("else") {
            Some(Box::new(self.a_expr()?))
        } else {
            None
        };
        self.expect_kw("end")?;
        Ok(Expr::Case {
            arg,
            whens,
            else_result,
            location: loc,
        })
    }

    fn special_func(&mut self, w: &str, loc: Loc) -> R<Expr> {
        self.advance();
        self.expect_op("(")?;
        let e = match w {
            "coalesce" => Expr::Coalesce(self.expr_list()?, loc),
            "greatest" | "least" => Expr::MinMax {
                greatest: w == "greatest",
                args: self.expr_list()?,
                location: loc,
            },
            "nullif" => {
                let a = self.a_expr()?;
                self.expect_op(",")?;
                let b = self.a_expr()?;
                Expr::NullIf(Box::new(a), Box::new(b), loc)
            }
            "extract" => {
                if self.is_op(")") {
                    self.advance();
                    return Ok(simple_func(pg_catalog("date_part"), vec![], loc));
                }
                let fl = self.loc();
                let field = if self.is_sconst() {
                    self.sconst()?
                } else if matches!(self.peek().kind, TokKind::Ident | TokKind::QIdent)
                    && (self.peek().kw.is_none()
                        || matches!(
                            self.peek().val.as_str(),
                            "year" | "month" | "day" | "hour" | "minute" | "second"
                        ))
                {
                    self.advance().val
                } else {
                    return Err(self.error());
                };
                self.expect_kw("from")?;
                let x = self.a_expr()?;
                simple_func(pg_catalog("date_part"), vec![str_lit(&field, fl), x], loc)
            }
            "overlay" => {
                let a = self.a_expr()?;
                if self.eat_kw("placing") {
                    let b = self.a_expr()?;
                    self.expect_kw("from")?;
                    let c = self.a_expr()?;
                    let mut args = vec![a, b, c];
                    if self.eat_kw("for") {
                        args.push(self.a_expr()?);
                    }
                    simple_func(pg_catalog("overlay"), args, loc)
                } else {
                    // PostgreSQL 10 only has the PLACING form.
                    return Err(self.error());
                }
            }
            "position" => {
                if self.is_op(")") {
                    self.advance();
                    return Ok(simple_func(pg_catalog("position"), vec![], loc));
                }
                let a = self.b_expr()?;
                self.expect_kw("in")?;
                let b = self.b_expr()?;
                simple_func(pg_catalog("position"), vec![b, a], loc)
            }
            "substring" => {
                if self.is_op(")") {
                    self.advance();
                    return Ok(simple_func(pg_catalog("substring"), vec![], loc));
                }
                let a = self.a_expr()?;
                if self.eat_kw("from") {
                    let b = self.a_expr()?;
                    let mut args = vec![a, b];
                    if self.eat_kw("for") {
                        args.push(self.a_expr()?);
                    }
                    simple_func(pg_catalog("substring"), args, loc)
                } else if self.eat_kw("for") {
                    let c = self.a_expr()?;
                    if self.eat_kw("from") {
                        let b = self.a_expr()?;
                        simple_func(pg_catalog("substring"), vec![a, b, c], loc)
                    } else {
                        simple_func(pg_catalog("substring"), vec![a, int_lit(1, -1), c], loc)
                    }
                } else {
                    let mut args = vec![a];
                    while self.eat_op(",") {
                        args.push(self.a_expr()?);
                    }
                    simple_func(pg_catalog("substring"), args, loc)
                }
            }
            "trim" => {
                let fname = if self.eat_kw("both") {
                    "btrim"
                } else if self.eat_kw("leading") {
                    "ltrim"
                } else if self.eat_kw("trailing") {
                    "rtrim"
                } else {
                    "btrim"
                };
                let args = if self.eat_kw("from") {
                    self.expr_list()?
                } else {
                    let first = self.a_expr()?;
                    if self.eat_kw("from") {
                        let mut l = self.expr_list()?;
                        l.push(first);
                        l
                    } else {
                        let mut l = vec![first];
                        while self.eat_op(",") {
                            l.push(self.a_expr()?);
                        }
                        l
                    }
                };
                simple_func(pg_catalog(fname), args, loc)
            }
            _ => {
                // TREAT(a AS type)
                let a = self.a_expr()?;
                self.expect_kw("as")?;
                let tn = self.type_name()?;
                let name = tn.name.name.clone();
                self.expect_op(")")?;
                return Ok(simple_func(pg_catalog(&name), vec![a], loc));
            }
        };
        self.expect_op(")")?;
        Ok(e)
    }

    /// func_application with the trailing WITHIN GROUP / FILTER / OVER clauses.
    pub fn func_call(&mut self, name: QualifiedName, loc: Loc) -> R<Expr> {
        let paren_tok = self.pos;
        self.expect_op("(")?;
        let mut f = FuncCall {
            name,
            args: vec![],
            arg_names: vec![],
            star: false,
            distinct: false,
            variadic: false,
            order_by: vec![],
            within_group: false,
            filter: None,
            over: None,
            location: loc,
        };
        if self.eat_op("*") {
            f.star = true;
            self.expect_op(")")?;
        } else if !self.eat_op(")") {
            if self.eat_kw("distinct") {
                f.distinct = true;
            } else {
                self.eat_kw("all");
            }
            loop {
                if self.eat_kw("variadic") {
                    f.variadic = true;
                }
                let named = (self.is_type_func_name() || self.is_col_id())
                    && matches!(
                        self.peek_at(1).kind,
                        TokKind::ColonEquals | TokKind::EqualsGreater
                    );
                if named {
                    let n = self.advance().val;
                    self.advance();
                    f.arg_names.push(Some(n));
                } else {
                    f.arg_names.push(None);
                }
                f.args.push(self.a_expr()?);
                if f.variadic {
                    break;
                }
                if !self.eat_op(",") {
                    break;
                }
            }
            if self.is_kw("order") {
                self.advance();
                self.expect_kw("by")?;
                f.order_by = self.sort_list()?;
            }
            self.expect_op(")")?;
        }
        // func_name '(' args ')' Sconst: a typed literal with type modifiers.
        if self.is_sconst()
            && !f.star
            && !f.distinct
            && f.order_by.is_empty()
            && f.arg_names.iter().all(|n| n.is_none())
        {
            let _ = paren_tok;
            let lit_loc = self.loc();
            let s = self.sconst()?;
            let tn = TypeName {
                name: f.name,
                modifiers: f.args,
                interval_fields: vec![],
                array_bounds: vec![],
                setof: false,
                pct_type: false,
                location: loc,
            };
            return Ok(Expr::Cast {
                expr: Box::new(str_lit(&s, lit_loc)),
                type_name: tn,
                location: loc,
            });
        }
        if self.no_window {
            return Ok(Expr::Func(Box::new(f)));
        }
        if self.is_kw("within") && self.is_kw_at(1, "group") {
            self.advance();
            self.advance();
            self.expect_op("(")?;
            self.expect_kw("order")?;
            self.expect_kw("by")?;
            f.order_by = self.sort_list()?;
            f.within_group = true;
            self.expect_op(")")?;
        }
        if self.is_kw("filter") && self.is_op_at(1, "(") {
            self.advance();
            self.advance();
            self.expect_kw("where")?;
            f.filter = Some(Box::new(self.a_expr()?));
            self.expect_op(")")?;
        }
        if self.eat_kw("over") {
            if self.is_op("(") {
                f.over = Some(self.window_spec(None)?);
            } else {
                let wl = self.loc();
                let n = self.col_id()?;
                f.over = Some(WindowDef {
                    name: None,
                    refname: Some(n),
                    partition_by: vec![],
                    order_by: vec![],
                    frame: None,
                    location: wl,
                });
            }
        }
        Ok(Expr::Func(Box::new(f)))
    }

    /// '(' [existing] [PARTITION BY] [ORDER BY] [frame] ')'.
    pub fn window_spec(&mut self, name: Option<String>) -> R<WindowDef> {
        let loc = self.loc();
        self.expect_op("(")?;
        let mut w = WindowDef {
            name,
            refname: None,
            partition_by: vec![],
            order_by: vec![],
            frame: None,
            location: loc,
        };
        let frame_or_partition = self.is_kw("range")
            || self.is_kw("rows")
            || (self.is_kw("partition") && self.is_kw_at(1, "by"));
        if self.is_col_id() && !frame_or_partition {
            w.refname = Some(self.col_id()?);
        }
        if self.is_kw("partition") {
            self.advance();
            self.expect_kw("by")?;
            w.partition_by = self.expr_list()?;
        }
        if self.is_kw("order") {
            self.advance();
            self.expect_kw("by")?;
            w.order_by = self.sort_list()?;
        }
        if self.is_kw("rows") || self.is_kw("range") {
            let rows = self.advance().val == "rows";
            let rloc = self.toks[self.pos - 1].start as Loc;
            let (start, end) = if self.eat_kw("between") {
                let s = self.frame_bound()?;
                self.expect_kw("and")?;
                let e = self.frame_bound()?;
                (s, Some(e))
            } else {
                (self.frame_bound()?, None)
            };
            if matches!(start, FrameBound::UnboundedFollowing) {
                return Err(self.err_at(
                    sqlstate::WINDOWING_ERROR,
                    "frame start cannot be UNBOUNDED FOLLOWING",
                    rloc,
                ));
            }
            if matches!(end, Some(FrameBound::UnboundedPreceding)) {
                return Err(self.err_at(
                    sqlstate::WINDOWING_ERROR,
                    "frame end cannot be UNBOUNDED PRECEDING",
                    rloc,
                ));
            }
            if end.is_none() && matches!(start, FrameBound::Following(_)) {
                return Err(self.err_at(
                    sqlstate::WINDOWING_ERROR,
                    "frame starting from following row cannot end with current row",
                    rloc,
                ));
            }
            if !rows
                && (matches!(start, FrameBound::Preceding(_) | FrameBound::Following(_))
                    || matches!(
                        end,
                        Some(FrameBound::Preceding(_) | FrameBound::Following(_))
                    ))
            {
                let which = if matches!(start, FrameBound::Preceding(_))
                    || matches!(end, Some(FrameBound::Preceding(_)))
                {
                    "PRECEDING"
                } else {
                    "FOLLOWING"
                };
                return Err(self.err_at(
                    sqlstate::FEATURE_NOT_SUPPORTED,
                    format!("RANGE {which} is only supported with UNBOUNDED"),
                    rloc,
                ));
            }
            w.frame = Some(WindowFrame { rows, start, end });
        }
        self.expect_op(")")?;
        Ok(w)
    }

    fn frame_bound(&mut self) -> R<FrameBound> {
        if self.is_kw("unbounded") {
            self.advance();
            if self.eat_kw("preceding") {
                return Ok(FrameBound::UnboundedPreceding);
            }
            self.expect_kw("following")?;
            return Ok(FrameBound::UnboundedFollowing);
        }
        if self.is_kw("current") && self.is_kw_at(1, "row") {
            self.advance();
            self.advance();
            return Ok(FrameBound::CurrentRow);
        }
        let e = self.a_expr()?;
        if self.eat_kw("preceding") {
            return Ok(FrameBound::Preceding(Box::new(e)));
        }
        self.expect_kw("following")?;
        Ok(FrameBound::Following(Box::new(e)))
    }

    pub fn sort_list(&mut self) -> R<Vec<SortBy>> {
        let mut v = vec![];
        loop {
            let loc = self.loc();
            let expr = self.a_expr()?;
            let mut s = SortBy {
                expr,
                direction: SortDirection::Default,
                nulls: NullsOrder::Default,
                using_op: None,
                location: loc,
            };
            if self.eat_kw("asc") {
                s.direction = SortDirection::Asc;
            } else if self.eat_kw("desc") {
                s.direction = SortDirection::Desc;
            } else if self.eat_kw("using") {
                if self.is_kw("operator") {
                    let (schema, op) = self.operator_spec()?;
                    s.using_op = Some(match schema {
                        Some(sc) => format!("{sc}.{op}"),
                        None => op,
                    });
                } else {
                    let t = self.peek().clone();
                    if !Parser::is_any_operator_tok(&t) {
                        return Err(self.error());
                    }
                    self.advance();
                    s.using_op = Some(t.val);
                }
            }
            if self.is_kw("nulls") && (self.is_kw_at(1, "first") || self.is_kw_at(1, "last")) {
                self.advance();
                s.nulls = if self.advance().val == "first" {
                    NullsOrder::First
                } else {
                    NullsOrder::Last
                };
            }
            v.push(s);
            if !self.eat_op(",") {
                return Ok(v);
            }
        }
    }

    // ------------------------------------------------------------ types

    /// Typename: [SETOF] SimpleTypename [array bounds].
    pub fn type_name(&mut self) -> R<TypeName> {
        let loc = self.loc();
        let setof = self.eat_kw("setof");
        let mut t = self.simple_type_name(false)?;
        t.setof = setof;
        t.location = loc;
        self.array_bounds(&mut t)?;
        Ok(t)
    }

    pub fn array_bounds(&mut self, t: &mut TypeName) -> R<()> {
        if self.eat_kw("array") {
            if self.eat_op("[") {
                let n = self.iconst()?;
                self.expect_op("]")?;
                t.array_bounds.push(n as i32);
            } else {
                t.array_bounds.push(-1);
            }
            return Ok(());
        }
        while self.eat_op("[") {
            if self.eat_op("]") {
                t.array_bounds.push(-1);
            } else {
                let n = self.iconst()?;
                self.expect_op("]")?;
                t.array_bounds.push(n as i32);
            }
        }
        Ok(())
    }

    fn opt_type_mods(&mut self) -> R<Vec<Expr>> {
        if self.eat_op("(") {
            let v = self.expr_list()?;
            self.expect_op(")")?;
            Ok(v)
        } else {
            Ok(vec![])
        }
    }

    fn opt_varying(&mut self) -> bool {
        self.eat_kw("varying")
    }

    fn opt_timezone(&mut self) -> R<Option<bool>> {
        if self.is_kw("with") && self.is_kw_at(1, "time") {
            self.advance();
            self.advance();
            self.expect_kw("zone")?;
            return Ok(Some(true));
        }
        if self.is_kw("without") {
            self.advance();
            self.expect_kw("time")?;
            self.expect_kw("zone")?;
            return Ok(Some(false));
        }
        Ok(None)
    }

    /// opt_interval: field words and an optional seconds precision.
    pub fn opt_interval(&mut self, t: &mut TypeName) -> R<()> {
        let word = |p: &Self| -> Option<String> {
            let tk = p.peek();
            if tk.kind == TokKind::Ident
                && tk.kw.is_some()
                && matches!(
                    tk.val.as_str(),
                    "year" | "month" | "day" | "hour" | "minute" | "second"
                )
            {
                Some(tk.val.clone())
            } else {
                None
            }
        };
        let Some(first) = word(self) else {
            return Ok(());
        };
        self.advance();
        t.interval_fields.push(first.clone());
        if first == "second" {
            if self.eat_op("(") {
                t.modifiers.push(int_lit(self.iconst()?, -1));
                self.expect_op(")")?;
            }
            return Ok(());
        }
        if self.is_kw("to") {
            let ok_pairs: &[&str] = match first.as_str() {
                "year" => &["month"],
                "day" => &["hour", "minute", "second"],
                "hour" => &["minute", "second"],
                "minute" => &["second"],
                _ => &[],
            };
            self.advance();
            let Some(second) = word(self).filter(|w| ok_pairs.contains(&w.as_str())) else {
                return Err(self.error());
            };
            self.advance();
            t.interval_fields.push(second.clone());
            if second == "second" && self.eat_op("(") {
                t.modifiers.push(int_lit(self.iconst()?, -1));
                self.expect_op(")")?;
            }
        }
        Ok(())
    }

    /// SimpleTypename; `for_const` applies ConstTypename rules (no default length for
    /// char/bit).
    pub fn simple_type_name(&mut self, for_const: bool) -> R<TypeName> {
        let t = self.peek().clone();
        let loc = t.start as Loc;
        let kw = t.kind == TokKind::Ident && t.kw.is_some();
        if kw {
            let sys = |n: &str| sys_type(n, loc);
            match t.val.as_str() {
                "int" | "integer" => {
                    self.advance();
                    return Ok(sys("int4"));
                }
                "smallint" => {
                    self.advance();
                    return Ok(sys("int2"));
                }
                "bigint" => {
                    self.advance();
                    return Ok(sys("int8"));
                }
                "real" => {
                    self.advance();
                    return Ok(sys("float4"));
                }
                "boolean" => {
                    self.advance();
                    return Ok(sys("bool"));
                }
                "double" if self.is_kw_at(1, "precision") => {
                    self.advance();
                    self.advance();
                    return Ok(sys("float8"));
                }
                "float" => {
                    self.advance();
                    if self.eat_op("(") {
                        let ploc = self.loc();
                        let p = self.iconst()?;
                        self.expect_op(")")?;
                        if p < 1 {
                            return Err(self.err_at(
                                sqlstate::INVALID_PARAMETER_VALUE,
                                "precision for type float must be at least 1 bit",
                                ploc,
                            ));
                        }
                        if p > 53 {
                            return Err(self.err_at(
                                sqlstate::INVALID_PARAMETER_VALUE,
                                "precision for type float must be less than 54 bits",
                                ploc,
                            ));
                        }
                        return Ok(sys(if p <= 24 { "float4" } else { "float8" }));
                    }
                    return Ok(sys("float8"));
                }
                "decimal" | "dec" | "numeric" => {
                    self.advance();
                    let mut ty = sys("numeric");
                    ty.modifiers = self.opt_type_mods()?;
                    return Ok(ty);
                }
                "bit" => {
                    self.advance();
                    let varying = self.opt_varying();
                    let mut ty = sys(if varying { "varbit" } else { "bit" });
                    if self.is_op("(") {
                        ty.modifiers = self.opt_type_mods()?;
                    } else if !varying && !for_const {
                        ty.modifiers = vec![int_lit(1, -1)];
                    }
                    return Ok(ty);
                }
                "char" | "character" | "varchar" | "nchar" | "national" => {
                    self.advance();
                    let mut varying = t.val == "varchar";
                    if t.val == "national" && !(self.eat_kw("character") || self.eat_kw("char")) {
                        return Err(self.error());
                    }
                    if t.val != "varchar" {
                        varying = self.opt_varying();
                    }
                    let mut ty = sys(if varying { "varchar" } else { "bpchar" });
                    if self.eat_op("(") {
                        let n = self.iconst()?;
                        self.expect_op(")")?;
                        ty.modifiers = vec![int_lit(n, -1)];
                    } else if !varying && !for_const {
                        ty.modifiers = vec![int_lit(1, -1)];
                    }
                    // CHARACTER SET name is accepted and ignored.
                    if self.is_kw("character") && self.is_kw_at(1, "set") {
                        self.advance();
                        self.advance();
                        self.col_id()?;
                    }
                    return Ok(ty);
                }
                "time" | "timestamp" => {
                    self.advance();
                    let mut mods = vec![];
                    if self.eat_op("(") {
                        mods.push(int_lit(self.iconst()?, -1));
                        self.expect_op(")")?;
                    }
                    let tz = self.opt_timezone()?.unwrap_or(false);
                    let name = match (t.val.as_str(), tz) {
                        ("time", false) => "time",
                        ("time", true) => "timetz",
                        (_, false) => "timestamp",
                        _ => "timestamptz",
                    };
                    let mut ty = sys(name);
                    ty.modifiers = mods;
                    return Ok(ty);
                }
                "interval" => {
                    self.advance();
                    let mut ty = sys("interval");
                    if self.eat_op("(") {
                        ty.modifiers.push(int_lit(self.iconst()?, -1));
                        self.expect_op(")")?;
                    } else if !for_const {
                        self.opt_interval(&mut ty)?;
                    }
                    return Ok(ty);
                }
                _ => {}
            }
        }
        // GenericType: type_function_name [attrs] [modifiers], or %TYPE.
        let first = self.type_func_name()?;
        let mut parts = vec![first];
        while self.is_op(".") {
            self.advance();
            parts.push(self.col_label()?);
        }
        let name = self.make_qualified(parts, loc)?;
        let mut ty = TypeName {
            name,
            modifiers: vec![],
            interval_fields: vec![],
            array_bounds: vec![],
            setof: false,
            pct_type: false,
            location: loc,
        };
        if self.is_op("%") && self.is_kw_at(1, "type") {
            self.advance();
            self.advance();
            ty.pct_type = true;
            return Ok(ty);
        }
        ty.modifiers = self.opt_type_mods()?;
        Ok(ty)
    }
}
