//! The typed expression tree the analyzer produces and the executor evaluates directly: every
//! function and operator is already resolved to its implementation (`Func` carries the
//! `BuiltinFn` pointer), every value carries its SQL type and typmod.

use crate::query::Query;
use common::Oid;
use types::registry::BuiltinFn;
use types::Datum;

/// A resolved built-in function (pg_proc entry) ready to call.
#[derive(Clone, Copy)]
pub struct Func {
    pub oid: Oid,
    pub name: &'static str,
    pub f: BuiltinFn,
    pub strict: bool,
    pub volatility: u8,
}

impl PartialEq for Func {
    fn eq(&self, other: &Self) -> bool {
        self.oid == other.oid && self.name == other.name
    }
}

impl std::fmt::Debug for Func {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}#{}", self.name, self.oid)
    }
}

impl Func {
    pub fn from_proc(p: &types::ProcDef) -> Func {
        Func {
            oid: p.oid,
            name: p.name,
            f: p.func,
            strict: p.strict,
            volatility: p.volatility,
        }
    }
}

/// Functions implemented by the executor because they need session or engine state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessFn {
    Version,
    CurrentDatabase,
    CurrentSchema,
    CurrentSchemas,
    CurrentUser,
    SessionUser,
    BackendPid,
    /// pg_is_in_recovery(): always false (Tusk has no standby mode).
    IsInRecovery,
    CurrentSetting,
    CurrentSettingMissingOk,
    SetConfig,
    PgSleep,
    Now,
    StatementTimestamp,
    ClockTimestamp,
    TimeOfDay,
    PgTypeof,
    FormatType,
    TxidCurrent,
    Random,
    SetSeed,
    PgTableIsVisible,
    ObjDescription,
    ColDescription,
    /// Catalog-inspection functions (see `catalog_fns`).
    Catalog(crate::catalog_fns::CatalogFn),
    /// Sequence functions (executor/src/sequence.rs).
    Nextval,
    Currval,
    Setval,
    Lastval,
    PgGetSerialSequence,
    /// pg_cancel_backend(pid) / pg_terminate_backend(pid).
    CancelBackend,
    TerminateBackend,
    /// pg_advisory_lock and friends (executor/src/advisory.rs).
    Advisory(crate::advisory_fns::AdvisoryFn),
}

/// Set-returning functions.
#[derive(Clone, Debug, PartialEq)]
pub enum SrfFn {
    GenerateSeries,
    Unnest,
    GenerateSubscripts,
    /// A built-in retset ProcDef: its result Datum::Array holds the rows.
    Proc(Func),
}

/// Aggregate functions the executor implements.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AggKind {
    CountStar,
    Count,
    Sum,
    Avg,
    Min,
    Max,
    BoolAnd,
    BoolOr,
    StringAgg,
    ArrayAgg,
    BitAnd,
    BitOr,
    /// variance/var_samp/var_pop/stddev/stddev_samp/stddev_pop.
    Variance {
        stddev: bool,
        sample: bool,
    },
    /// Two-argument float8 statistics: corr, covar_*, regr_* (arguments Y, X).
    Regr(RegrKind),
    // Window functions proper (only valid with OVER).
    RowNumber,
    Rank,
    DenseRank,
    PercentRank,
    CumeDist,
    Ntile,
    Lag,
    Lead,
    FirstValue,
    LastValue,
    NthValue,
}

impl AggKind {
    /// True for the functions that exist only as window functions (row_number, rank, ...).
    pub fn is_window_only(self) -> bool {
        use AggKind::*;
        matches!(
            self,
            RowNumber
                | Rank
                | DenseRank
                | PercentRank
                | CumeDist
                | Ntile
                | Lag
                | Lead
                | FirstValue
                | LastValue
                | NthValue
        )
    }
}

/// A resolved window specification (OVER clause): partitioning, ordering and frame.
#[derive(Clone, Debug, PartialEq)]
pub struct WindowSpec {
    pub partition: Vec<Expr>,
    /// (expr, descending, nulls_first).
    pub order: Vec<(Expr, bool, bool)>,
    /// ROWS (true) or RANGE (false).
    pub rows: bool,
    pub start: FrameBound,
    pub end: FrameBound,
}

/// One end of a window frame.
#[derive(Clone, Debug, PartialEq)]
pub enum FrameBound {
    UnboundedPreceding,
    Preceding(Box<Expr>),
    CurrentRow,
    Following(Box<Expr>),
    UnboundedFollowing,
}

impl WindowSpec {
    /// Every expression of the spec (partition keys, order keys, frame offsets).
    pub fn exprs(&self) -> Vec<&Expr> {
        let mut v: Vec<&Expr> = self.partition.iter().collect();
        v.extend(self.order.iter().map(|(e, _, _)| e));
        for b in [&self.start, &self.end] {
            if let FrameBound::Preceding(e) | FrameBound::Following(e) = b {
                v.push(e);
            }
        }
        v
    }
    pub fn exprs_mut(&mut self) -> Vec<&mut Expr> {
        let mut v: Vec<&mut Expr> = self.partition.iter_mut().collect();
        v.extend(self.order.iter_mut().map(|(e, _, _)| e));
        for b in [&mut self.start, &mut self.end] {
            if let FrameBound::Preceding(e) | FrameBound::Following(e) = b {
                v.push(e);
            }
        }
        v
    }
}

/// The two-argument statistical aggregates (PostgreSQL's float8_regr_* finals).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RegrKind {
    Count,
    Sxx,
    Syy,
    Sxy,
    AvgX,
    AvgY,
    R2,
    Slope,
    Intercept,
    CovarPop,
    CovarSamp,
    Corr,
}

/// An aggregate call (before grouping rewrite it sits inline as `ExprKind::Agg`).
#[derive(Clone, Debug, PartialEq)]
pub struct AggCall {
    pub kind: AggKind,
    pub name: String,
    pub args: Vec<Expr>,
    /// Declared argument type (the resolved candidate's), for the transition logic.
    pub arg_type: Oid,
    pub result_type: Oid,
    pub distinct: bool,
    pub filter: Option<Box<Expr>>,
    /// ORDER BY inside the aggregate: (expr, descending, nulls_first).
    pub order_by: Vec<(Expr, bool, bool)>,
    /// OVER (...): a window function call, computed by the planner's WindowAgg node.
    pub over: Option<Box<WindowSpec>>,
}

/// How a cast is performed.
#[derive(Clone, Debug, PartialEq)]
pub enum CastHow {
    /// Binary-coercible: the value is unchanged.
    Relabel,
    /// Call a cast function (its first argument is the value; extra typmod/explicit args are
    /// passed when the function takes them).
    Func(Func, usize),
    /// I/O conversion: output as text, parse as the target type.
    Io { source: Oid },
    /// Element-wise array cast.
    Array(Box<CastHow>, Oid),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SubLinkKind {
    Exists,
    Scalar,
    /// `x op ANY (subquery)` / IN.
    Any,
    /// `x op ALL (subquery)`.
    All,
    /// ARRAY(subquery).
    Array,
}

/// A typed expression.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub typ: Oid,
    pub typmod: i32,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    Const(Datum),
    /// Column `index` of the flat input row `level` query levels up (0 = this level).
    Column {
        level: u32,
        index: usize,
        loc: i32,
    },
    /// `$n` (1-based).
    Param(u32),
    Func {
        func: Func,
        args: Vec<Expr>,
        arg_types: Vec<Oid>,
    },
    Session {
        f: SessFn,
        args: Vec<Expr>,
    },
    And(Vec<Expr>),
    Or(Vec<Expr>),
    Not(Box<Expr>),
    IsNull {
        arg: Box<Expr>,
        negated: bool,
    },
    BoolTest {
        arg: Box<Expr>,
        test: parser::ast::BoolTest,
    },
    /// `a IS [NOT] DISTINCT FROM b` through the `=` operator's function.
    Distinct {
        eq: Box<Expr>,
        negated: bool,
    },
    /// CASE; with an `arg`, `whens` conditions use `CaseTest` for the arg value.
    Case {
        arg: Option<Box<Expr>>,
        whens: Vec<(Expr, Expr)>,
        default: Box<Expr>,
    },
    CaseTest,
    Coalesce(Vec<Expr>),
    /// NULLIF(a, b): `eq` compares CaseTest-free copies: evaluated as eq(a,b) ? NULL : a.
    NullIf {
        eq: Box<Expr>,
    },
    MinMax {
        greatest: bool,
        args: Vec<Expr>,
    },
    Cast {
        arg: Box<Expr>,
        how: CastHow,
        explicit: bool,
    },
    /// Apply the node's typmod to `arg` (length coercion without type change).
    Typmod {
        arg: Box<Expr>,
        explicit: bool,
    },
    /// `left op ANY/ALL (array)`; `cmp` is a Func node whose args are CaseTest (left) and
    /// SubValue(0) (element).
    ArrayCmp {
        left: Box<Expr>,
        cmp: Box<Expr>,
        all: bool,
        array: Box<Expr>,
    },
    /// A subquery; `test` (ANY/ALL) compares using `CaseTest`-free refs: SubValue(i) is column
    /// i of the subquery row, the left side is evaluated in the outer context.
    SubLink {
        kind: SubLinkKind,
        test: Option<Box<Expr>>,
        query: Box<Query>,
        /// Set by the planner: index into the statement's subplans.
        plan: Option<usize>,
        correlated: bool,
    },
    /// Column i of the current subquery row (in a SubLink test) or the current array element.
    SubValue(usize),
    Array {
        elem: Oid,
        elems: Vec<Expr>,
        /// Elements are themselves arrays (ARRAY[[1,2],[3,4]]).
        nested: bool,
    },
    Subscript {
        arg: Box<Expr>,
        /// (lower, upper) for slices, (None, Some(i)) for a plain index.
        subs: Vec<(Option<Expr>, Option<Expr>)>,
        slice: bool,
    },
    Row(Vec<Expr>),
    FieldSelect {
        arg: Box<Expr>,
        field: usize,
    },
    /// An aggregate, before the grouping rewrite replaces it by a Column of the Agg output.
    Agg(Box<AggCall>),
    /// A set-returning call in a target list (replaced by `SrfValue` by the planner).
    SrfCall {
        f: SrfFn,
        args: Vec<Expr>,
    },
    /// The current value of ProjectSet's SRF number i.
    SrfValue(usize),
    /// DEFAULT in INSERT VALUES / UPDATE SET (replaced during analysis).
    Default,
    /// `VARIADIC array` passed to a VARIADIC "any" function: the elements become arguments.
    Spread(Box<Expr>),
}

impl Expr {
    pub fn new(kind: ExprKind, typ: Oid) -> Expr {
        Expr {
            kind,
            typ,
            typmod: -1,
        }
    }
    pub fn konst(d: Datum, typ: Oid) -> Expr {
        Expr::new(ExprKind::Const(d), typ)
    }
    pub fn null(typ: Oid) -> Expr {
        Expr::konst(Datum::Null, typ)
    }
    pub fn column(index: usize, typ: Oid, typmod: i32) -> Expr {
        Expr {
            kind: ExprKind::Column {
                level: 0,
                index,
                loc: -1,
            },
            typ,
            typmod,
        }
    }
    pub fn is_const(&self) -> bool {
        matches!(self.kind, ExprKind::Const(_))
    }

    /// Visit every direct child expression (not descending into sublink queries).
    pub fn children(&self) -> Vec<&Expr> {
        use ExprKind::*;
        let mut v: Vec<&Expr> = Vec::new();
        match &self.kind {
            Const(_)
            | Column { .. }
            | Param(_)
            | CaseTest
            | SubValue(_)
            | SrfValue(_)
            | Default => {}
            Func { args, .. } | Session { args, .. } | SrfCall { args, .. } => v.extend(args),
            And(a) | Or(a) | Coalesce(a) | Row(a) => v.extend(a),
            MinMax { args, .. } => v.extend(args),
            Not(a) | Spread(a) => v.push(a),
            IsNull { arg, .. } | BoolTest { arg, .. } | Typmod { arg, .. } => v.push(arg),
            Cast { arg, .. } | FieldSelect { arg, .. } => v.push(arg),
            Distinct { eq, .. } | NullIf { eq } => v.push(eq),
            Case {
                arg,
                whens,
                default,
            } => {
                if let Some(a) = arg {
                    v.push(a);
                }
                for (w, t) in whens {
                    v.push(w);
                    v.push(t);
                }
                v.push(default);
            }
            ArrayCmp {
                left, cmp, array, ..
            } => {
                v.push(left);
                v.push(cmp);
                v.push(array);
            }
            SubLink { test, .. } => {
                if let Some(t) = test {
                    v.push(t);
                }
            }
            Array { elems, .. } => v.extend(elems),
            Subscript { arg, subs, .. } => {
                v.push(arg);
                for (a, b) in subs {
                    if let Some(a) = a {
                        v.push(a);
                    }
                    if let Some(b) = b {
                        v.push(b);
                    }
                }
            }
            Agg(a) => {
                v.extend(&a.args);
                if let Some(f) = &a.filter {
                    v.push(f);
                }
                for (e, _, _) in &a.order_by {
                    v.push(e);
                }
                if let Some(w) = &a.over {
                    v.extend(w.exprs());
                }
            }
        }
        v
    }

    /// Mutable access to every direct child (same order as `children`).
    pub fn children_mut(&mut self) -> Vec<&mut Expr> {
        use ExprKind::*;
        let mut v: Vec<&mut Expr> = Vec::new();
        match &mut self.kind {
            Const(_)
            | Column { .. }
            | Param(_)
            | CaseTest
            | SubValue(_)
            | SrfValue(_)
            | Default => {}
            Func { args, .. } | Session { args, .. } | SrfCall { args, .. } => {
                v.extend(args.iter_mut())
            }
            And(a) | Or(a) | Coalesce(a) | Row(a) => v.extend(a.iter_mut()),
            MinMax { args, .. } => v.extend(args.iter_mut()),
            Not(a) | Spread(a) => v.push(a),
            IsNull { arg, .. } | BoolTest { arg, .. } | Typmod { arg, .. } => v.push(arg),
            Cast { arg, .. } | FieldSelect { arg, .. } => v.push(arg),
            Distinct { eq, .. } | NullIf { eq } => v.push(eq),
            Case {
                arg,
                whens,
                default,
            } => {
                if let Some(a) = arg {
                    v.push(a);
                }
                for (w, t) in whens.iter_mut() {
                    v.push(w);
                    v.push(t);
                }
                v.push(default);
            }
            ArrayCmp {
                left, cmp, array, ..
            } => {
                v.push(left);
                v.push(cmp);
                v.push(array);
            }
            SubLink { test, .. } => {
                if let Some(t) = test {
                    v.push(t);
                }
            }
            Array { elems, .. } => v.extend(elems.iter_mut()),
            Subscript { arg, subs, .. } => {
                v.push(arg);
                for (a, b) in subs.iter_mut() {
                    if let Some(a) = a {
                        v.push(a);
                    }
                    if let Some(b) = b {
                        v.push(b);
                    }
                }
            }
            Agg(a) => {
                let a = &mut **a;
                v.extend(a.args.iter_mut());
                if let Some(f) = &mut a.filter {
                    v.push(f);
                }
                for (e, _, _) in a.order_by.iter_mut() {
                    v.push(e);
                }
                if let Some(w) = &mut a.over {
                    v.extend(w.exprs_mut());
                }
            }
        }
        v
    }

    /// True if any node satisfies `pred` (not descending into sublink queries).
    pub fn any(&self, pred: &dyn Fn(&Expr) -> bool) -> bool {
        if pred(self) {
            return true;
        }
        self.children().into_iter().any(|c| c.any(pred))
    }

    /// True if a plain aggregate (not a window function call) occurs.
    pub fn contains_agg(&self) -> bool {
        self.any(&|e| matches!(&e.kind, ExprKind::Agg(a) if a.over.is_none()))
    }
    /// True if a window function call (OVER) occurs.
    pub fn contains_window(&self) -> bool {
        self.any(&|e| matches!(&e.kind, ExprKind::Agg(a) if a.over.is_some()))
    }
    pub fn contains_srf(&self) -> bool {
        self.any(&|e| matches!(e.kind, ExprKind::SrfCall { .. }))
    }
    pub fn contains_sublink(&self) -> bool {
        self.any(&|e| matches!(e.kind, ExprKind::SubLink { .. }))
    }
    pub fn is_volatile(&self) -> bool {
        self.any(&|e| match &e.kind {
            ExprKind::Func { func, .. } => func.volatility == b'v',
            ExprKind::Session { f, .. } => matches!(
                f,
                SessFn::Random
                    | SessFn::SetSeed
                    | SessFn::PgSleep
                    | SessFn::SetConfig
                    | SessFn::ClockTimestamp
                    | SessFn::TimeOfDay
                    | SessFn::Nextval
                    | SessFn::Currval
                    | SessFn::Setval
                    | SessFn::Lastval
                    | SessFn::CancelBackend
                    | SessFn::TerminateBackend
                    | SessFn::Advisory(_)
            ),
            ExprKind::SrfCall { .. } | ExprKind::SubLink { .. } => true,
            _ => false,
        })
    }

    /// Collect the level-0 column indices this expression reads.
    pub fn columns_used(&self, out: &mut Vec<usize>) {
        if let ExprKind::Column {
            level: 0, index, ..
        } = &self.kind
        {
            out.push(*index);
        }
        if let ExprKind::SubLink { query, .. } = &self.kind {
            query.outer_columns_used(1, out);
        }
        for c in self.children() {
            c.columns_used(out);
        }
    }

    /// Rewrite level-`depth` column references with `f` (descending into sublinks, where the
    /// depth grows by one).
    pub fn map_columns(&mut self, depth: u32, f: &mut dyn FnMut(usize) -> usize) {
        if let ExprKind::Column { level, index, .. } = &mut self.kind {
            if *level == depth {
                *index = f(*index);
            }
        }
        if let ExprKind::SubLink { query, .. } = &mut self.kind {
            query.map_outer_columns(depth + 1, f);
        }
        for c in self.children_mut() {
            c.map_columns(depth, f);
        }
    }
}
