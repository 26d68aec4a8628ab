//! Analyzed query trees: the range table (each entry occupying a slice of the flat input row),
//! the join tree, target list, grouping/aggregates, sorting, set operations and DML details.

use crate::expr::{AggCall, Expr, SrfFn};
use catalog::RelationInfo;
use common::Oid;
use std::sync::Arc;

/// One entry of the FROM clause that produces rows.
#[derive(Clone, Debug)]
pub struct Rte {
    pub kind: RteKind,
    /// The alias (or table name) the entry is referred to by.
    pub alias: String,
    pub colnames: Vec<String>,
    /// (type, typmod) per column.
    pub coltypes: Vec<(Oid, i32)>,
    /// First column's index in the flat input row.
    pub offset: usize,
}

impl PartialEq for Rte {
    fn eq(&self, other: &Self) -> bool {
        self.alias == other.alias && self.offset == other.offset && self.colnames == other.colnames
    }
}

impl Rte {
    /// Number of slots in the flat row (tables carry a trailing hidden ctid slot).
    pub fn width(&self) -> usize {
        match self.kind {
            RteKind::Relation(ref r) => self.colnames.len() + 1 + usize::from(r.has_oids()),
            _ => self.colnames.len(),
        }
    }
}

#[derive(Clone, Debug)]
pub enum RteKind {
    Relation(Arc<RelationInfo>),
    Subquery(Box<Query>),
    Function {
        f: SrfFn,
        args: Vec<Expr>,
        /// The function's result column type.
        typ: Oid,
        ordinality: bool,
        /// Non-SRF function in FROM (one row).
        scalar: Option<Expr>,
    },
    Values(Vec<Vec<Expr>>),
    /// The working table of recursive CTE `id` (its self-reference in the recursive term).
    WorkTable {
        id: usize,
        types: Vec<(Oid, i32)>,
    },
}

/// The join tree.
#[derive(Clone, Debug, PartialEq)]
pub enum FromItem {
    Rte(usize),
    Join {
        kind: parser::ast::JoinKind,
        left: Box<FromItem>,
        right: Box<FromItem>,
        quals: Option<Expr>,
    },
}

impl FromItem {
    /// The range-table entries under this item, in flat-row order.
    pub fn rtes(&self, out: &mut Vec<usize>) {
        match self {
            FromItem::Rte(i) => out.push(*i),
            FromItem::Join { left, right, .. } => {
                left.rtes(out);
                right.rtes(out);
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Target {
    pub expr: Expr,
    pub name: String,
    /// Not part of the result (ORDER BY helper).
    pub junk: bool,
    /// Source table/column for plain column references.
    pub table_oid: Oid,
    pub attnum: i16,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SortKey {
    /// Target index.
    pub col: usize,
    pub desc: bool,
    pub nulls_first: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Distinct {
    None,
    All,
    /// DISTINCT ON: target indices.
    On(Vec<usize>),
}

#[derive(Clone, Debug, PartialEq)]
pub enum SetOpTree {
    Leaf(Box<Query>),
    Op {
        op: parser::ast::SetOpKind,
        all: bool,
        left: Box<SetOpTree>,
        right: Box<SetOpTree>,
        /// Result column types.
        types: Vec<(Oid, i32)>,
        /// WITH RECURSIVE: `left` is the non-recursive term, `right` the recursive term
        /// reading working table `id` (op is UNION).
        recursive: Option<usize>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmdType {
    Select,
    Insert,
    Update,
    Delete,
}

/// DML specifics.
#[derive(Clone, Debug)]
pub struct ModifyInfo {
    pub rel: Arc<RelationInfo>,
    /// INSERT/UPDATE: one expression per table column (dropped columns: NULL), evaluated over
    /// the source row, giving the new row.
    pub new_row: Vec<Expr>,
    /// UPDATE/DELETE: the flat-row index of the target's hidden ctid slot.
    pub ctid_index: usize,
    /// RETURNING: evaluated over the flat row with the target's slots replaced by the new row
    /// (INSERT: over the new row + ctid slot).
    pub returning: Vec<Target>,
    /// INSERT ... ON CONFLICT (analyze/on_conflict.rs).
    pub on_conflict: Option<Box<OnConflictInfo>>,
}

/// INSERT ... ON CONFLICT DO NOTHING / DO UPDATE.
#[derive(Clone, Debug)]
pub struct OnConflictInfo {
    /// False = DO NOTHING, true = DO UPDATE.
    pub update: bool,
    /// Arbiter indexes (OID, name) in index order; empty = every unique index
    /// (DO NOTHING without a conflict target).
    pub arbiters: Vec<(Oid, String)>,
    /// DO UPDATE: the new row (one expression per table column), evaluated over the flat row
    /// `existing row slots (columns, ctid[, oid])` ++ `excluded slots` (`width` in all).
    pub set: Vec<Expr>,
    /// DO UPDATE ... WHERE, over the same flat row.
    pub where_qual: Option<Expr>,
    /// First `excluded` slot of the flat row.
    pub excluded_offset: usize,
    pub width: usize,
    /// The target's alias (or name), for EXPLAIN.
    pub alias: String,
}

/// An analyzed query.
#[derive(Clone, Debug)]
pub struct Query {
    pub command: CmdType,
    pub rtable: Vec<Rte>,
    pub from: Vec<FromItem>,
    pub where_qual: Option<Expr>,
    pub targets: Vec<Target>,
    /// True when grouping happens (GROUP BY, aggregates or HAVING).
    pub grouped: bool,
    /// Group keys over the input row; after grouping the row is keys ++ aggregate values.
    pub group_by: Vec<Expr>,
    pub aggs: Vec<AggCall>,
    pub having: Option<Expr>,
    pub distinct: Distinct,
    pub sort: Vec<SortKey>,
    pub limit: Option<Expr>,
    pub offset: Option<Expr>,
    /// For set operations: the tree; targets then read the set-op output row.
    pub setop: Option<SetOpTree>,
    /// Width of the flat input row.
    pub width: usize,
    pub modify: Option<ModifyInfo>,
    /// Does the query reference outer query levels (correlated)?
    pub has_outer_refs: bool,
    /// SELECT ... FOR UPDATE/SHARE: the relations whose rows are locked as they are returned.
    pub row_marks: Vec<RowMark>,
}

/// One relation locked by SELECT ... FOR UPDATE / NO KEY UPDATE / SHARE / KEY SHARE.
#[derive(Clone, Debug)]
pub struct RowMark {
    pub rel: Arc<RelationInfo>,
    /// The (junk) target holding the row's ctid.
    pub ctid_target: usize,
    /// The relation's first column in the flat input row.
    pub offset: usize,
    pub strength: parser::ast::LockStrength,
    pub wait: parser::ast::LockWait,
}

impl PartialEq for Query {
    fn eq(&self, other: &Self) -> bool {
        self.rtable == other.rtable && self.targets == other.targets && self.from == other.from
    }
}

impl Query {
    pub fn empty(command: CmdType) -> Query {
        Query {
            command,
            rtable: Vec::new(),
            from: Vec::new(),
            where_qual: None,
            targets: Vec::new(),
            grouped: false,
            group_by: Vec::new(),
            aggs: Vec::new(),
            having: None,
            distinct: Distinct::None,
            sort: Vec::new(),
            limit: None,
            offset: None,
            setop: None,
            width: 0,
            modify: None,
            has_outer_refs: false,
            row_marks: Vec::new(),
        }
    }

    /// Visible result columns (non-junk targets).
    pub fn visible_targets(&self) -> impl Iterator<Item = &Target> {
        self.targets.iter().filter(|t| !t.junk)
    }

    /// Every expression directly owned by this query level (not its sub-queries' own levels,
    /// but including range-table subqueries as level+1? no: those are separate levels).
    fn exprs_mut(&mut self) -> Vec<&mut Expr> {
        let mut v: Vec<&mut Expr> = Vec::new();
        for r in self.rtable.iter_mut() {
            match &mut r.kind {
                RteKind::Function { args, scalar, .. } => {
                    v.extend(args.iter_mut());
                    if let Some(s) = scalar {
                        v.push(s);
                    }
                }
                RteKind::Values(rows) => {
                    for row in rows.iter_mut() {
                        v.extend(row.iter_mut());
                    }
                }
                _ => {}
            }
        }
        fn from_exprs<'a>(f: &'a mut FromItem, v: &mut Vec<&'a mut Expr>) {
            if let FromItem::Join {
                left, right, quals, ..
            } = f
            {
                from_exprs(left, v);
                from_exprs(right, v);
                if let Some(q) = quals {
                    v.push(q);
                }
            }
        }
        for f in self.from.iter_mut() {
            from_exprs(f, &mut v);
        }
        if let Some(w) = &mut self.where_qual {
            v.push(w);
        }
        for t in self.targets.iter_mut() {
            v.push(&mut t.expr);
        }
        v.extend(self.group_by.iter_mut());
        for a in self.aggs.iter_mut() {
            v.extend(a.args.iter_mut());
            if let Some(f) = &mut a.filter {
                v.push(f);
            }
            for (e, _, _) in a.order_by.iter_mut() {
                v.push(e);
            }
        }
        if let Some(h) = &mut self.having {
            v.push(h);
        }
        if let Some(l) = &mut self.limit {
            v.push(l);
        }
        if let Some(o) = &mut self.offset {
            v.push(o);
        }
        if let Some(m) = &mut self.modify {
            v.extend(m.new_row.iter_mut());
            for t in m.returning.iter_mut() {
                v.push(&mut t.expr);
            }
        }
        v
    }

    fn exprs(&self) -> Vec<&Expr> {
        // Cheap enough: analysis-time only.
        let mut v: Vec<&Expr> = Vec::new();
        for r in self.rtable.iter() {
            match &r.kind {
                RteKind::Function { args, scalar, .. } => {
                    v.extend(args.iter());
                    if let Some(s) = scalar {
                        v.push(s);
                    }
                }
                RteKind::Values(rows) => {
                    for row in rows.iter() {
                        v.extend(row.iter());
                    }
                }
                _ => {}
            }
        }
        fn from_exprs<'a>(f: &'a FromItem, v: &mut Vec<&'a Expr>) {
            if let FromItem::Join {
                left, right, quals, ..
            } = f
            {
                from_exprs(left, v);
                from_exprs(right, v);
                if let Some(q) = quals {
                    v.push(q);
                }
            }
        }
        for f in self.from.iter() {
            from_exprs(f, &mut v);
        }
        v.extend(self.where_qual.iter());
        v.extend(self.targets.iter().map(|t| &t.expr));
        v.extend(self.group_by.iter());
        for a in &self.aggs {
            v.extend(a.args.iter());
            v.extend(a.filter.iter().map(|f| &**f));
            v.extend(a.order_by.iter().map(|(e, _, _)| e));
        }
        v.extend(self.having.iter());
        v.extend(self.limit.iter());
        v.extend(self.offset.iter());
        if let Some(m) = &self.modify {
            v.extend(m.new_row.iter());
            v.extend(m.returning.iter().map(|t| &t.expr));
        }
        v
    }

    fn child_queries(&self) -> Vec<&Query> {
        let mut v = Vec::new();
        for r in &self.rtable {
            if let RteKind::Subquery(q) = &r.kind {
                v.push(&**q);
            }
        }
        fn setop_leaves<'a>(t: &'a SetOpTree, v: &mut Vec<&'a Query>) {
            match t {
                SetOpTree::Leaf(q) => v.push(q),
                SetOpTree::Op { left, right, .. } => {
                    setop_leaves(left, v);
                    setop_leaves(right, v);
                }
            }
        }
        if let Some(s) = &self.setop {
            setop_leaves(s, &mut v);
        }
        v
    }

    fn child_queries_mut(&mut self) -> Vec<&mut Query> {
        let mut v = Vec::new();
        for r in self.rtable.iter_mut() {
            if let RteKind::Subquery(q) = &mut r.kind {
                v.push(&mut **q);
            }
        }
        fn setop_leaves<'a>(t: &'a mut SetOpTree, v: &mut Vec<&'a mut Query>) {
            match t {
                SetOpTree::Leaf(q) => v.push(q),
                SetOpTree::Op { left, right, .. } => {
                    setop_leaves(left, v);
                    setop_leaves(right, v);
                }
            }
        }
        if let Some(s) = &mut self.setop {
            setop_leaves(s, &mut v);
        }
        v
    }

    /// Collect indices of columns `depth` levels up that this query (or its children) read.
    pub fn outer_columns_used(&self, depth: u32, out: &mut Vec<usize>) {
        fn walk(e: &Expr, depth: u32, out: &mut Vec<usize>) {
            if let crate::expr::ExprKind::Column { level, index, .. } = &e.kind {
                if *level == depth {
                    out.push(*index);
                }
            }
            if let crate::expr::ExprKind::SubLink { query, .. } = &e.kind {
                query.outer_columns_used(depth + 1, out);
            }
            for c in e.children() {
                walk(c, depth, out);
            }
        }
        for e in self.exprs() {
            walk(e, depth, out);
        }
        for q in self.child_queries() {
            q.outer_columns_used(depth + 1, out);
        }
    }

    /// True if any expression of this query or its sub-queries (at any depth) satisfies `pred`.
    pub fn any_expr(&self, pred: &dyn Fn(&Expr) -> bool) -> bool {
        fn walk(e: &Expr, pred: &dyn Fn(&Expr) -> bool) -> bool {
            if pred(e) {
                return true;
            }
            if let crate::expr::ExprKind::SubLink { query, .. } = &e.kind {
                if query.any_expr(pred) {
                    return true;
                }
            }
            e.children().into_iter().any(|c| walk(c, pred))
        }
        self.exprs().into_iter().any(|e| walk(e, pred))
            || self.child_queries().into_iter().any(|q| q.any_expr(pred))
    }

    /// Does evaluating this query depend on anything but its inputs (volatile functions)?
    pub fn has_volatile(&self) -> bool {
        self.any_expr(&|e| match &e.kind {
            crate::expr::ExprKind::Func { func, .. } => func.volatility == b'v',
            crate::expr::ExprKind::Session { .. } => true,
            crate::expr::ExprKind::SrfCall {
                f: crate::expr::SrfFn::Proc(func),
                ..
            } => func.volatility == b'v',
            _ => false,
        })
    }

    /// Rewrite column references `depth` levels up.
    pub fn map_outer_columns(&mut self, depth: u32, f: &mut dyn FnMut(usize) -> usize) {
        for e in self.exprs_mut() {
            e.map_columns(depth, f);
        }
        for q in self.child_queries_mut() {
            q.map_outer_columns(depth + 1, f);
        }
    }

    /// Apply `f` to every expression of this level (mutably).
    pub fn for_each_expr_mut(&mut self, f: &mut dyn FnMut(&mut Expr)) {
        for e in self.exprs_mut() {
            f(e);
        }
    }

    pub fn for_each_child_query_mut(&mut self, f: &mut dyn FnMut(&mut Query)) {
        for q in self.child_queries_mut() {
            f(q);
        }
    }
}
