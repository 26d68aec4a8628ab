//! EXPLAIN's expression deparser: typed analyzer `Expr`s printed the way PostgreSQL's
//! ruleutils prints plan expressions (operators parenthesised, constants labelled with their
//! type when it isn't obvious, casts as `(x)::type`, column references optionally qualified).

use analyzer::expr::{CastHow, Expr, ExprKind, SrfFn, SubLinkKind};
use common::Oid;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::OnceLock;
use types::{oids, Datum, SessionEnv};

/// How a slot of a node's input row is printed.
#[derive(Clone, Debug, PartialEq)]
pub enum Col {
    Unknown,
    /// A table (or subquery/function/VALUES) column: `alias.name`.
    Var {
        alias: String,
        name: String,
    },
    /// An expression computed by the node itself (printed as is).
    Inline(String),
    /// An expression computed by a child node (printed in parentheses).
    Child(String),
    /// A pulled-up sub-query's output expression: printed inline wherever it is used.
    Pulled(String),
}

/// Convert a node's own output layout to what its parent sees.
pub fn export(layout: &[Col]) -> Vec<Col> {
    layout
        .iter()
        .map(|c| match c {
            Col::Inline(s) => Col::Child(s.clone()),
            c => c.clone(),
        })
        .collect()
}

/// How a sub-plan (SubLink) is referenced.
#[derive(Clone, Debug, PartialEq)]
pub enum SubRef {
    /// An InitPlan whose result is parameter `$n`.
    Init(usize),
    /// A SubPlan (`hashed` for uncorrelated ANY).
    Sub { hashed: bool },
}

/// Operator names by implementing function OID: (name, prefix?).
pub fn operator_names() -> &'static HashMap<Oid, (String, bool)> {
    static OPS: OnceLock<HashMap<Oid, (String, bool)>> = OnceLock::new();
    OPS.get_or_init(|| {
        let mut m = HashMap::new();
        for (name, list) in analyzer::registry().opers.iter() {
            for o in list {
                m.entry(o.func.oid)
                    .or_insert_with(|| (name.clone(), o.left == 0));
            }
        }
        m
    })
}

/// The expression printer for one plan node.
pub struct Deparser<'a> {
    pub env: &'a SessionEnv,
    /// Qualify column references with their alias.
    pub qualify: bool,
    /// The node's own slot range: columns outside it are outer references (always qualified).
    pub own: Option<(usize, usize)>,
    /// Layouts of enclosing query levels (index 0 = one level up).
    pub outer: &'a [Vec<Col>],
    /// How each sub-plan (by statement sub-plan index) is referenced.
    pub subrefs: &'a HashMap<usize, SubRef>,
    /// Sub-plans referenced by the printed expressions, in order of appearance.
    pub used: RefCell<Vec<usize>>,
}

/// Quote an identifier when needed.
pub fn quote_ident(s: &str) -> String {
    let simple = !s.is_empty()
        && s.chars()
            .next()
            .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '$');
    if simple
        && !matches!(
            s,
            "user" | "end" | "order" | "group" | "select" | "table" | "where"
        )
    {
        s.to_string()
    } else {
        format!("\"{}\"", s.replace('"', "\"\""))
    }
}

/// PostgreSQL's `format_type_with_typemod` for constant labels.
pub fn type_label(typ: Oid, typmod: i32) -> String {
    if typ == oids::BPCHAR && typmod < 0 {
        return "bpchar".into();
    }
    types::typeinfo::format_type(typ, typmod)
}

fn quote_literal(s: &str) -> String {
    let mut out = String::new();
    if s.contains('\\') {
        out.push('E');
    }
    out.push('\'');
    for c in s.chars() {
        match c {
            '\'' => out.push_str("''"),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// The comparison operator with its operands swapped.
pub fn commute_op(op: &str) -> &str {
    match op {
        "<" => ">",
        ">" => "<",
        "<=" => ">=",
        ">=" => "<=",
        o => o,
    }
}

impl<'a> Deparser<'a> {
    pub fn new(
        env: &'a SessionEnv,
        qualify: bool,
        outer: &'a [Vec<Col>],
        subrefs: &'a HashMap<usize, SubRef>,
    ) -> Self {
        Deparser {
            env,
            qualify,
            own: None,
            outer,
            subrefs,
            used: RefCell::new(Vec::new()),
        }
    }

    /// A constant as ruleutils prints it.
    pub fn konst(&self, d: &Datum, typ: Oid, typmod: i32) -> String {
        if d.is_null() {
            return format!("NULL::{}", type_label(typ, typmod));
        }
        let text = types::io::output(typ, d, self.env).unwrap_or_else(|_| "?".into());
        let mut label = true;
        let body = match typ {
            oids::INT4 => {
                if text.starts_with('-') {
                    format!("'{text}'")
                } else {
                    label = false;
                    text
                }
            }
            oids::NUMERIC => {
                if text.starts_with(|c: char| c.is_ascii_digit()) && text.contains(['e', 'E', '.'])
                {
                    label = typmod >= 0;
                    text
                } else {
                    format!("'{text}'")
                }
            }
            oids::BOOL => {
                label = false;
                if matches!(d, Datum::Bool(true)) {
                    "true".into()
                } else {
                    "false".into()
                }
            }
            oids::UNKNOWN => {
                label = false;
                quote_literal(&text)
            }
            oids::BIT | oids::VARBIT => format!("B'{text}'"),
            _ => quote_literal(&text),
        };
        if label {
            format!("{}::{}", body, type_label(typ, typmod))
        } else {
            body
        }
    }

    fn var(&self, c: &Col, force_qualify: bool) -> String {
        match c {
            Col::Unknown => "?column?".into(),
            Col::Var { alias, name } => {
                if (self.qualify || force_qualify) && !alias.is_empty() {
                    format!("{}.{}", quote_ident(alias), quote_ident(name))
                } else {
                    quote_ident(name)
                }
            }
            Col::Inline(s) | Col::Pulled(s) => s.clone(),
            Col::Child(s) => format!("({s})"),
        }
    }

    /// Print a column of `layout`.
    pub fn column(&self, layout: &[Col], index: usize) -> String {
        let outside = self.own.is_some_and(|(a, b)| index < a || index >= b);
        match layout.get(index) {
            Some(c) => self.var(c, outside),
            None => "?column?".into(),
        }
    }

    /// Print `e` over an input row laid out as `layout`.
    pub fn expr(&self, e: &Expr, layout: &[Col]) -> String {
        self.expr_ctx(e, layout, None)
    }

    fn args(&self, args: &[Expr], layout: &[Col], ct: Option<&str>) -> String {
        args.iter()
            .map(|a| self.expr_ctx(a, layout, ct))
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn expr_ctx(&self, e: &Expr, layout: &[Col], ct: Option<&str>) -> String {
        match &e.kind {
            ExprKind::Const(d) => self.konst(d, e.typ, e.typmod),
            ExprKind::Column { level, index, .. } => {
                if *level == 0 {
                    self.column(layout, *index)
                } else {
                    match self
                        .outer
                        .get(*level as usize - 1)
                        .and_then(|l| l.get(*index))
                    {
                        Some(c) => self.var(c, true),
                        None => format!("${}", index + 1),
                    }
                }
            }
            ExprKind::Param(n) => format!("${n}"),
            ExprKind::Func { func, args, .. } => {
                if let Some((op, prefix)) = operator_names().get(&func.oid) {
                    if *prefix && args.len() == 1 {
                        return format!("({} {})", op, self.expr_ctx(&args[0], layout, ct));
                    }
                    if args.len() == 2 {
                        return format!(
                            "({} {} {})",
                            self.expr_ctx(&args[0], layout, ct),
                            op,
                            self.expr_ctx(&args[1], layout, ct)
                        );
                    }
                }
                format!("{}({})", func.name, self.args(args, layout, ct))
            }
            ExprKind::Session { f, args } => {
                let name = session_fn_name(f);
                format!("{}({})", name, self.args(args, layout, ct))
            }
            ExprKind::And(v) | ExprKind::Or(v) => {
                let sep = if matches!(e.kind, ExprKind::And(_)) {
                    " AND "
                } else {
                    " OR "
                };
                let parts: Vec<String> = v.iter().map(|x| self.expr_ctx(x, layout, ct)).collect();
                format!("({})", parts.join(sep))
            }
            ExprKind::Not(a) => format!("(NOT {})", self.expr_ctx(a, layout, ct)),
            ExprKind::IsNull { arg, negated } => format!(
                "({} IS {}NULL)",
                self.expr_ctx(arg, layout, ct),
                if *negated { "NOT " } else { "" }
            ),
            ExprKind::BoolTest { arg, test } => {
                use parser::ast::BoolTest as B;
                let t = match test {
                    B::IsTrue => "IS TRUE",
                    B::IsNotTrue => "IS NOT TRUE",
                    B::IsFalse => "IS FALSE",
                    B::IsNotFalse => "IS NOT FALSE",
                    B::IsUnknown => "IS UNKNOWN",
                    B::IsNotUnknown => "IS NOT UNKNOWN",
                };
                format!("({} {})", self.expr_ctx(arg, layout, ct), t)
            }
            ExprKind::Distinct { eq, negated } => {
                let (l, r) = match &eq.kind {
                    ExprKind::Func { args, .. } if args.len() == 2 => (
                        self.expr_ctx(&args[0], layout, ct),
                        self.expr_ctx(&args[1], layout, ct),
                    ),
                    _ => (self.expr_ctx(eq, layout, ct), String::new()),
                };
                if *negated {
                    format!("(NOT ({l} IS DISTINCT FROM {r}))")
                } else {
                    format!("({l} IS DISTINCT FROM {r})")
                }
            }
            ExprKind::Case {
                arg,
                whens,
                default,
            } => {
                let mut s = String::from("CASE");
                let argtxt = arg.as_ref().map(|a| self.expr_ctx(a, layout, ct));
                if let Some(a) = &argtxt {
                    s.push(' ');
                    s.push_str(a);
                }
                for (w, t) in whens {
                    s.push_str(" WHEN ");
                    let wt = if arg.is_some() {
                        // `CaseTest = value`: print the value only.
                        match &w.kind {
                            ExprKind::Func { args, .. }
                                if args.len() == 2
                                    && matches!(args[0].kind, ExprKind::CaseTest) =>
                            {
                                self.expr_ctx(&args[1], layout, argtxt.as_deref())
                            }
                            _ => self.expr_ctx(w, layout, argtxt.as_deref()),
                        }
                    } else {
                        self.expr_ctx(w, layout, ct)
                    };
                    s.push_str(&wt);
                    s.push_str(" THEN ");
                    s.push_str(&self.expr_ctx(t, layout, ct));
                }
                s.push_str(" ELSE ");
                s.push_str(&self.expr_ctx(default, layout, ct));
                s.push_str(" END");
                s
            }
            ExprKind::CaseTest => ct.unwrap_or("CASE_TEST").to_string(),
            ExprKind::Coalesce(v) => format!("COALESCE({})", self.args(v, layout, ct)),
            ExprKind::NullIf { eq } => match &eq.kind {
                ExprKind::Func { args, .. } => format!("NULLIF({})", self.args(args, layout, ct)),
                _ => format!("NULLIF({})", self.expr_ctx(eq, layout, ct)),
            },
            ExprKind::MinMax { greatest, args } => format!(
                "{}({})",
                if *greatest { "GREATEST" } else { "LEAST" },
                self.args(args, layout, ct)
            ),
            ExprKind::Cast { arg, how, .. } => {
                if let (ExprKind::Const(d), CastHow::Relabel) = (&arg.kind, how) {
                    return self.konst(d, e.typ, e.typmod);
                }
                format!(
                    "({})::{}",
                    self.expr_ctx(arg, layout, ct),
                    type_label(e.typ, e.typmod)
                )
            }
            ExprKind::Typmod { arg, .. } => format!(
                "({})::{}",
                self.expr_ctx(arg, layout, ct),
                type_label(e.typ, e.typmod)
            ),
            ExprKind::ArrayCmp {
                left,
                cmp,
                all,
                array,
            } => {
                let op = match &cmp.kind {
                    ExprKind::Func { func, .. } => operator_names()
                        .get(&func.oid)
                        .map(|(n, _)| n.clone())
                        .unwrap_or_else(|| "=".into()),
                    _ => "=".into(),
                };
                format!(
                    "({} {} {} ({}))",
                    self.expr_ctx(left, layout, ct),
                    op,
                    if *all { "ALL" } else { "ANY" },
                    self.expr_ctx(array, layout, ct)
                )
            }
            ExprKind::SubLink { kind, plan, .. } => {
                let Some(i) = plan else {
                    return "(SubPlan)".into();
                };
                {
                    let mut u = self.used.borrow_mut();
                    if !u.contains(i) {
                        u.push(*i);
                    }
                }
                match self.subrefs.get(i) {
                    Some(SubRef::Init(n)) => match kind {
                        SubLinkKind::Any | SubLinkKind::All => format!("(SubPlan {})", i + 1),
                        _ => format!("${n}"),
                    },
                    Some(SubRef::Sub { hashed: true }) => format!("(hashed SubPlan {})", i + 1),
                    _ => format!("(SubPlan {})", i + 1),
                }
            }
            ExprKind::SubValue(i) => format!("$sub{i}"),
            ExprKind::Array { elems, .. } => format!("ARRAY[{}]", self.args(elems, layout, ct)),
            ExprKind::Subscript { arg, subs, .. } => {
                let mut s = self.expr_ctx(arg, layout, ct);
                if !matches!(arg.kind, ExprKind::Column { .. }) {
                    s = format!("({s})");
                }
                for (lo, hi) in subs {
                    s.push('[');
                    if let Some(l) = lo {
                        s.push_str(&self.expr_ctx(l, layout, ct));
                        s.push(':');
                    }
                    if let Some(h) = hi {
                        s.push_str(&self.expr_ctx(h, layout, ct));
                    }
                    s.push(']');
                }
                s
            }
            ExprKind::Row(v) => format!("ROW({})", self.args(v, layout, ct)),
            ExprKind::FieldSelect { arg, field } => {
                format!("({}).f{}", self.expr_ctx(arg, layout, ct), field + 1)
            }
            ExprKind::Agg(a) => self.agg(a, layout),
            ExprKind::SrfCall { f, args } => {
                format!("{}({})", srf_name(f), self.args(args, layout, ct))
            }
            ExprKind::SrfValue(i) => format!("$srf{i}"),
            ExprKind::Default => "DEFAULT".into(),
            ExprKind::Spread(a) => format!("VARIADIC {}", self.expr_ctx(a, layout, ct)),
        }
    }

    /// An aggregate call: `count(*)`, `sum(x)`, `count(DISTINCT x)`, with FILTER/ORDER BY.
    pub fn agg(&self, a: &analyzer::expr::AggCall, layout: &[Col]) -> String {
        let mut s = format!("{}(", a.name);
        if a.kind == analyzer::expr::AggKind::CountStar {
            s.push('*');
        } else {
            if a.distinct {
                s.push_str("DISTINCT ");
            }
            s.push_str(&self.args(&a.args, layout, None));
            if !a.order_by.is_empty() {
                s.push_str(" ORDER BY ");
                let keys: Vec<String> = a
                    .order_by
                    .iter()
                    .map(|(e, desc, nf)| {
                        let mut k = self.expr(e, layout);
                        if *desc {
                            k.push_str(" DESC");
                        }
                        if *nf != *desc {
                            k.push_str(if *nf { " NULLS FIRST" } else { " NULLS LAST" });
                        }
                        k
                    })
                    .collect();
                s.push_str(&keys.join(", "));
            }
        }
        s.push(')');
        if let Some(f) = &a.filter {
            s.push_str(&format!(" FILTER (WHERE {})", self.expr(f, layout)));
        }
        s
    }
}

/// The SQL name of a set-returning function.
pub fn srf_name(f: &SrfFn) -> String {
    match f {
        SrfFn::GenerateSeries => "generate_series".into(),
        SrfFn::Unnest => "unnest".into(),
        SrfFn::GenerateSubscripts => "generate_subscripts".into(),
        SrfFn::Proc(p) => p.name.to_string(),
    }
}

fn session_fn_name(f: &analyzer::expr::SessFn) -> String {
    use analyzer::expr::SessFn as S;
    match f {
        S::Version => "version",
        S::CurrentDatabase => "current_database",
        S::CurrentSchema => "current_schema",
        S::CurrentSchemas => "current_schemas",
        S::CurrentUser => "CURRENT_USER",
        S::SessionUser => "SESSION_USER",
        S::BackendPid => "pg_backend_pid",
        S::IsInRecovery => "pg_is_in_recovery",
        S::CurrentSetting | S::CurrentSettingMissingOk => "current_setting",
        S::SetConfig => "set_config",
        S::PgSleep => "pg_sleep",
        S::Now => "now",
        S::StatementTimestamp => "statement_timestamp",
        S::ClockTimestamp => "clock_timestamp",
        S::TimeOfDay => "timeofday",
        S::PgTypeof => "pg_typeof",
        S::FormatType => "format_type",
        S::TxidCurrent => "txid_current",
        S::Random => "random",
        S::SetSeed => "setseed",
        S::PgTableIsVisible => "pg_table_is_visible",
        S::ObjDescription => "obj_description",
        S::ColDescription => "col_description",
        S::Catalog(_) => "pg_catalog_function",
        S::Nextval => "nextval",
        S::Currval => "currval",
        S::Setval => "setval",
        S::Lastval => "lastval",
        S::PgGetSerialSequence => "pg_get_serial_sequence",
        S::CancelBackend => "pg_cancel_backend",
        S::TerminateBackend => "pg_terminate_backend",
        S::Advisory(_) => "pg_advisory_lock",
    }
    .to_string()
}
