//! EXPLAIN: turns a planned statement into PostgreSQL's plan description. Our plan nodes are
//! mapped onto PostgreSQL's node vocabulary (Project nodes disappear into their input, a
//! Filter merges into the node below it, hash joins get their "Hash" inner node, set
//! operations their "Subquery Scan on "*SELECT* n"" inputs); expressions are printed by
//! `deparse`, estimates come from `crate::cost`, and the result is rendered as text
//! (`text`) or JSON/YAML/XML (`json`).

mod bitmap;
pub mod deparse;
pub mod json;
mod strategy;
pub mod text;

use crate::cost::{self, CostParams, Est};
use crate::{Plan, PlannedStmt};
use analyzer::expr::{Expr, ExprKind, SubLinkKind};
use analyzer::query::CmdType;
use catalog::RelationInfo;
use common::{pg_err, PgResult};
use deparse::{export, Col, Deparser, SubRef};
use parser::ast::{JoinKind, SetOpKind};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use types::SessionEnv;

/// Output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Yaml,
    Xml,
}

/// EXPLAIN options.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ExplainOptions {
    pub analyze: bool,
    pub verbose: bool,
    pub costs: bool,
    pub buffers: bool,
    pub timing: bool,
    pub summary: bool,
    pub format: Format,
}

impl ExplainOptions {
    /// Parse EXPLAIN's option list as PostgreSQL does (42601 for unknown options, 22023 for
    /// bad values, BUFFERS/TIMING requiring ANALYZE).
    pub fn parse(options: &[(String, Option<String>)]) -> PgResult<ExplainOptions> {
        let mut o = ExplainOptions {
            analyze: false,
            verbose: false,
            costs: true,
            buffers: false,
            timing: true,
            summary: false,
            format: Format::Text,
        };
        let mut timing_set = false;
        let mut summary_set = false;
        for (name, val) in options {
            let name_l = name.to_ascii_lowercase();
            let boolean = |v: &Option<String>| -> PgResult<bool> {
                match v.as_deref().map(|s| s.to_ascii_lowercase()) {
                    None => Ok(true),
                    Some(s) => match s.as_str() {
                        "true" | "on" | "1" | "yes" | "t" | "y" => Ok(true),
                        "false" | "off" | "0" | "no" | "f" | "n" => Ok(false),
                        _ => Err(pg_err!(SYNTAX_ERROR, "{} requires a Boolean value", name_l)),
                    },
                }
            };
            match name_l.as_str() {
                "analyze" => o.analyze = boolean(val)?,
                "verbose" => o.verbose = boolean(val)?,
                "costs" => o.costs = boolean(val)?,
                "buffers" => o.buffers = boolean(val)?,
                "timing" => {
                    timing_set = true;
                    o.timing = boolean(val)?
                }
                "summary" => {
                    summary_set = true;
                    o.summary = boolean(val)?
                }
                "format" => {
                    let v = val.as_deref().unwrap_or("").to_ascii_lowercase();
                    o.format = match v.as_str() {
                        "text" => Format::Text,
                        "json" => Format::Json,
                        "yaml" => Format::Yaml,
                        "xml" => Format::Xml,
                        _ => {
                            return Err(pg_err!(
                                INVALID_PARAMETER_VALUE,
                                "unrecognized value for EXPLAIN option \"format\": \"{}\"",
                                val.as_deref().unwrap_or("")
                            ))
                        }
                    };
                }
                _ => {
                    return Err(pg_err!(
                        SYNTAX_ERROR,
                        "unrecognized EXPLAIN option \"{}\"",
                        name
                    ))
                }
            }
        }
        if o.buffers && !o.analyze {
            return Err(pg_err!(
                INVALID_PARAMETER_VALUE,
                "EXPLAIN option BUFFERS requires ANALYZE"
            ));
        }
        if timing_set && o.timing && !o.analyze {
            return Err(pg_err!(
                INVALID_PARAMETER_VALUE,
                "EXPLAIN option TIMING requires ANALYZE"
            ));
        }
        if !timing_set {
            o.timing = o.analyze;
        }
        if !summary_set {
            o.summary = o.analyze;
        }
        Ok(o)
    }
}

/// Measured execution of one plan node (EXPLAIN ANALYZE), per-loop averages.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Actual {
    pub startup_ms: f64,
    pub total_ms: f64,
    pub rows: f64,
    pub loops: f64,
}

/// A property value.
#[derive(Clone, Debug, PartialEq)]
pub enum Prop {
    Text(String),
    List(Vec<String>),
    /// A number printed as given.
    Num(String),
}

/// One node of the printed plan.
#[derive(Clone, Debug, Default)]
pub struct ExNode {
    /// Text-format head (`Seq Scan on tenk1 t1`, `Hash Left Join`).
    pub head: String,
    pub node_type: String,
    pub strategy: Option<&'static str>,
    pub operation: Option<&'static str>,
    pub relationship: Option<&'static str>,
    pub subplan_name: Option<String>,
    pub join_type: Option<&'static str>,
    pub command: Option<String>,
    pub scan_dir: Option<&'static str>,
    pub index_name: Option<String>,
    pub relation: Option<String>,
    pub function_name: Option<String>,
    pub schema: Option<String>,
    pub alias: Option<String>,
    pub est: Est,
    /// None when not analyzing; Some(None) = never executed.
    pub actual: Option<Option<Actual>>,
    pub output: Option<Vec<String>>,
    pub props: Vec<(String, Prop)>,
    /// Filter conjuncts (rendered into one "Filter" property).
    pub filters: Vec<String>,
    pub filter_label: &'static str,
    pub init_plans: Vec<ExNode>,
    pub children: Vec<ExNode>,
    pub sub_plans: Vec<ExNode>,
}

impl ExNode {
    fn new(node_type: &str, head: String) -> ExNode {
        ExNode {
            head,
            node_type: node_type.to_string(),
            filter_label: "Filter",
            ..Default::default()
        }
    }

    fn prop(&mut self, k: &str, v: Prop) {
        self.props.push((k.to_string(), v));
    }

    /// Properties in print order (the Filter list folded in).
    pub fn all_props(&self) -> Vec<(String, Prop)> {
        let mut v = self.props.clone();
        if !self.filters.is_empty() {
            let f = and_text(&self.filters);
            let pos = v
                .iter()
                .position(|(k, _)| {
                    matches!(
                        k.as_str(),
                        "Sort Method" | "Buckets" | "Heap Fetches" | "Heap Blocks"
                    )
                })
                .unwrap_or(v.len());
            v.insert(pos, (self.filter_label.to_string(), Prop::Text(f)));
        }
        v
    }
}

fn and_text(v: &[String]) -> String {
    if v.len() == 1 {
        v[0].clone()
    } else {
        format!("({})", v.join(" AND "))
    }
}

/// The whole EXPLAIN result before rendering.
pub struct Explained {
    pub root: ExNode,
    pub planning_ms: Option<f64>,
    pub execution_ms: Option<f64>,
}

/// What EXPLAIN needs besides the plan.
pub struct Inputs<'a> {
    pub env: &'a SessionEnv,
    pub opts: ExplainOptions,
    pub costs: CostParams,
    /// Current size of a table in pages.
    pub rel_pages: &'a dyn Fn(&RelationInfo) -> f64,
    /// Measured execution of a plan node (ANALYZE).
    pub actual: &'a dyn Fn(&Plan) -> Option<Actual>,
    /// pg_class.relpages and reltuples of a table (as VACUUM/ANALYZE last set them).
    pub class_size: &'a dyn Fn(&RelationInfo) -> Option<(f64, f64)>,
    /// ANALYZE statistics of a table's column (attnum), if collected.
    pub column_stats: &'a dyn Fn(&RelationInfo, i16) -> Option<Arc<catalog::stats::ColumnStats>>,
    /// ModifyTable's own measurement (ANALYZE of INSERT/UPDATE/DELETE).
    pub modify_actual: Option<Actual>,
}

/// Describe `stmt` as PostgreSQL's EXPLAIN would, returning the output lines (one row each;
/// JSON/YAML/XML formats produce a single row).
pub fn explain(
    stmt: &PlannedStmt,
    inp: &Inputs,
    planning_ms: Option<f64>,
    execution_ms: Option<f64>,
) -> Vec<String> {
    let root = build_tree(stmt, inp);
    let e = Explained {
        root,
        planning_ms,
        execution_ms,
    };
    match inp.opts.format {
        Format::Text => text::render(&e, &inp.opts),
        Format::Json => vec![json::render_json(&e, &inp.opts)],
        Format::Yaml => vec![json::render_yaml(&e, &inp.opts)],
        Format::Xml => vec![json::render_xml(&e, &inp.opts)],
    }
}

/// Build the printable tree.
pub fn build_tree(stmt: &PlannedStmt, inp: &Inputs) -> ExNode {
    let subrefs = classify_sublinks(stmt);
    let nscans = count_rtes(stmt);
    let mut b = Builder {
        inp,
        stmt,
        subrefs,
        qualify_upper: nscans > 1 || inp.opts.verbose,
        multi_rte: nscans > 1,
        param_lay: None,
        used: Vec::new(),
        emitted: HashSet::new(),
    };
    let mut top_used = HashSet::new();
    collect_level_columns(&stmt.plan, &mut top_used);
    if let Some(m) = &stmt.modify {
        for e in m.new_row.iter().chain(m.returning.iter().map(|t| &t.expr)) {
            let mut v = Vec::new();
            e.columns_used(&mut v);
            top_used.extend(v);
        }
    }
    b.used.push(top_used);
    let (mut node, lay) = b.node(&stmt.plan, &[]);
    b.used.pop();
    if let Some(m) = &stmt.modify {
        let (op, verb) = match stmt.command {
            CmdType::Insert => ("Insert", "Insert"),
            CmdType::Update => ("Update", "Update"),
            _ => ("Delete", "Delete"),
        };
        let alias = if stmt.command == CmdType::Insert {
            m.on_conflict
                .as_ref()
                .map_or_else(|| m.rel.name.clone(), |oc| oc.alias.clone())
        } else {
            scan_alias_for(&stmt.plan, m.rel.oid).unwrap_or_else(|| m.rel.name.clone())
        };
        let mut head = format!("{} on {}", verb, rel_display(&m.rel, inp.opts.verbose));
        if alias != m.rel.name {
            head.push(' ');
            head.push_str(&deparse::quote_ident(&alias));
        }
        let mut mt = ExNode::new("ModifyTable", head);
        mt.operation = Some(op);
        mt.relation = Some(m.rel.name.clone());
        mt.alias = Some(alias.clone());
        if inp.opts.verbose {
            mt.schema = Some(m.rel.namespace_name.clone());
        }
        mt.est = Est {
            width: if stmt.command == CmdType::Insert {
                0
            } else {
                node.est.width
            },
            ..node.est
        };
        if !m.returning.is_empty() {
            mt.est.width = m
                .returning
                .iter()
                .map(|t| cost::type_width(t.expr.typ, t.expr.typmod))
                .sum();
        }
        if inp.opts.analyze {
            mt.actual = Some(inp.modify_actual);
        }
        if let Some(oc) = &m.on_conflict {
            let d = Deparser::new(inp.env, true, &[], &b.subrefs);
            conflict_props(&mut mt, oc, m, &d);
        }
        if inp.opts.verbose && !m.returning.is_empty() {
            let d = Deparser::new(inp.env, true, &[], &b.subrefs);
            let n = m.rel.columns.len();
            let tl: Vec<Col> = (0..n)
                .map(|i| Col::Var {
                    alias: alias.clone(),
                    name: m.rel.columns[i].name.clone(),
                })
                .collect();
            let rl = if stmt.command == CmdType::Insert {
                tl
            } else {
                lay.clone()
            };
            mt.output = Some(m.returning.iter().map(|t| d.expr(&t.expr, &rl)).collect());
        }
        node.relationship = Some("Member");
        mt.children.push(node);
        // Sub-plans used only by DML expressions.
        let rest: Vec<usize> = (0..stmt.subplans.len())
            .filter(|i| !b.emitted.contains(i))
            .collect();
        b.attach(&mut mt, rest, &lay, &[]);
        return mt;
    }
    node
}

/// INSERT ... ON CONFLICT: "Conflict Resolution", "Conflict Arbiter Indexes" and
/// "Conflict Filter" (its WHERE over the existing row and `excluded`).
fn conflict_props(
    mt: &mut ExNode,
    oc: &analyzer::OnConflictInfo,
    m: &analyzer::ModifyInfo,
    d: &Deparser,
) {
    let res = if oc.update { "UPDATE" } else { "NOTHING" };
    mt.prop("Conflict Resolution", Prop::Text(res.to_string()));
    if !oc.arbiters.is_empty() {
        let names = oc.arbiters.iter().map(|a| a.1.clone()).collect();
        mt.prop("Conflict Arbiter Indexes", Prop::List(names));
    }
    if let Some(w) = &oc.where_qual {
        let mut lay = vec![Col::Unknown; oc.width];
        for (i, c) in m.rel.columns.iter().enumerate() {
            if let Some(s) = lay.get_mut(i) {
                *s = Col::Var {
                    alias: oc.alias.clone(),
                    name: c.name.clone(),
                };
            }
            if let Some(s) = lay.get_mut(oc.excluded_offset + i) {
                *s = Col::Var {
                    alias: "excluded".into(),
                    name: c.name.clone(),
                };
            }
        }
        mt.prop("Conflict Filter", Prop::Text(d.expr(w, &lay)));
    }
}

fn rel_display(rel: &RelationInfo, verbose: bool) -> String {
    if verbose {
        format!(
            "{}.{}",
            deparse::quote_ident(&rel.namespace_name),
            deparse::quote_ident(&rel.name)
        )
    } else {
        deparse::quote_ident(&rel.name)
    }
}

fn scan_alias_for(p: &Plan, oid: common::Oid) -> Option<String> {
    match p {
        Plan::SeqScan { rel, names, .. }
        | Plan::IndexScan { rel, names, .. }
        | Plan::IndexOnlyScan { rel, names, .. }
        | Plan::BitmapHeapScan { rel, names, .. }
            if rel.oid == oid =>
        {
            Some(names.alias.clone())
        }
        _ => children_same_level(p)
            .into_iter()
            .find_map(|c| scan_alias_for(c, oid)),
    }
}

/// Children within the same query level (flat-row producing inputs).
fn children_same_level(p: &Plan) -> Vec<&Plan> {
    match p {
        Plan::NestLoop { left, right, .. }
        | Plan::HashJoin { left, right, .. }
        | Plan::IndexNestLoop { left, right, .. } => vec![left, right],
        Plan::Filter { input, .. }
        | Plan::Project { input, .. }
        | Plan::ProjectSet { input, .. }
        | Plan::WindowAgg { input, .. }
        | Plan::Agg { input, .. }
        | Plan::Sort { input, .. }
        | Plan::Distinct { input, .. }
        | Plan::DistinctOn { input, .. }
        | Plan::Limit { input, .. }
        | Plan::LockRows { input, .. }
        | Plan::SemiJoin { input, .. }
        | Plan::Materialize { input }
        | Plan::GroupAgg { input, .. }
        | Plan::ExprSort { input, .. } => vec![input],
        Plan::MergeJoin { left, right, .. } => vec![left, right],
        _ => Vec::new(),
    }
}

/// Expressions of this plan node only.
fn node_exprs(p: &Plan) -> Vec<&Expr> {
    let mut v: Vec<&Expr> = Vec::new();
    match p {
        Plan::Result { .. }
        | Plan::Append { .. }
        | Plan::SetOp { .. }
        | Plan::RecursiveUnion { .. }
        | Plan::WorkTableScan { .. } => {}
        Plan::SeqScan { qual, .. } | Plan::SubqueryScan { qual, .. } => v.extend(qual.iter()),
        Plan::IndexScan { qual, bounds, .. } | Plan::IndexOnlyScan { qual, bounds, .. } => {
            v.extend(qual.iter());
            v.extend(bounds.exprs());
        }
        Plan::BitmapHeapScan {
            qual,
            filter,
            bitmap,
            ..
        } => {
            v.extend(qual.iter());
            v.extend(filter.iter());
            v.extend(bitmap.exprs());
        }
        Plan::Values { rows, qual, .. } => {
            for r in rows {
                v.extend(r.iter());
            }
            v.extend(qual.iter());
        }
        Plan::FunctionScan {
            args, scalar, qual, ..
        } => {
            v.extend(args.iter());
            v.extend(scalar.iter());
            v.extend(qual.iter());
        }
        Plan::NestLoop { qual, .. } => v.extend(qual.iter()),
        Plan::HashJoin {
            left_keys,
            right_keys,
            qual,
            ..
        }
        | Plan::IndexNestLoop {
            left_keys,
            right_keys,
            qual,
            ..
        } => {
            v.extend(left_keys.iter());
            v.extend(right_keys.iter());
            v.extend(qual.iter());
        }
        Plan::Filter { qual, .. } => v.push(qual),
        Plan::Project { exprs, .. } => v.extend(exprs.iter()),
        Plan::ProjectSet { srfs, exprs, .. } => {
            for (_, a, _) in srfs {
                v.extend(a.iter());
            }
            v.extend(exprs.iter());
        }
        Plan::WindowAgg { funcs, .. } => {
            for a in funcs {
                v.extend(a.args.iter());
                v.extend(a.filter.iter().map(|f| &**f));
                if let Some(w) = &a.over {
                    v.extend(w.exprs());
                }
            }
        }
        Plan::Agg { keys, aggs, .. } => {
            v.extend(keys.iter());
            for a in aggs {
                v.extend(a.args.iter());
                v.extend(a.filter.iter().map(|f| &**f));
                v.extend(a.order_by.iter().map(|(e, _, _)| e));
            }
        }
        Plan::Sort { .. } | Plan::Distinct { .. } | Plan::DistinctOn { .. } => {}
        Plan::Limit { limit, offset, .. } => {
            v.extend(limit.iter());
            v.extend(offset.iter());
        }
        Plan::LockRows { .. } => {}
        Plan::SemiJoin { outer_keys, .. } => v.extend(outer_keys.iter()),
        Plan::MergeJoin {
            left_keys,
            right_keys,
            qual,
            ..
        } => {
            v.extend(left_keys.iter());
            v.extend(right_keys.iter());
            v.extend(qual.iter());
        }
        Plan::Materialize { .. } => {}
        Plan::ExprSort { keys, .. } => v.extend(keys.iter().map(|(e, _, _)| e)),
        Plan::GroupAgg { keys, aggs, .. } => {
            v.extend(keys.iter());
            for a in aggs {
                v.extend(a.args.iter());
                v.extend(a.filter.iter().map(|f| &**f));
                v.extend(a.order_by.iter().map(|(e, _, _)| e));
            }
        }
    }
    v
}

/// Level-0 columns read anywhere in this query level.
fn collect_level_columns(p: &Plan, out: &mut HashSet<usize>) {
    for e in node_exprs(p) {
        let mut v = Vec::new();
        e.columns_used(&mut v);
        out.extend(v);
    }
    for c in children_same_level(p) {
        collect_level_columns(c, out);
    }
}

/// Every plan of the statement (all levels), for whole-statement walks.
fn all_plans<'p>(p: &'p Plan, out: &mut Vec<&'p Plan>) {
    out.push(p);
    match p {
        Plan::SubqueryScan { plan, .. } => all_plans(plan, out),
        Plan::SemiJoin { inner, .. } => all_plans(inner, out),
        Plan::Append { inputs } => {
            for i in inputs {
                all_plans(i, out);
            }
        }
        Plan::SetOp { left, right, .. } => {
            all_plans(left, out);
            all_plans(right, out);
        }
        Plan::RecursiveUnion { init, rec, .. } => {
            all_plans(init, out);
            all_plans(rec, out);
        }
        _ => {}
    }
    for c in children_same_level(p) {
        all_plans(c, out);
    }
}

fn count_rtes(stmt: &PlannedStmt) -> usize {
    let mut ps = Vec::new();
    all_plans(&stmt.plan, &mut ps);
    for s in &stmt.subplans {
        all_plans(s, &mut ps);
    }
    let mut n = ps
        .iter()
        .filter(|p| {
            matches!(
                p,
                Plan::SeqScan { .. }
                    | Plan::IndexScan { .. }
                    | Plan::IndexOnlyScan { .. }
                    | Plan::BitmapHeapScan { .. }
                    | Plan::Values { .. }
                    | Plan::FunctionScan { .. }
                    | Plan::SubqueryScan { .. }
                    | Plan::SetOp { .. }
            )
        })
        .count();
    if stmt.command == CmdType::Insert {
        n += 1;
    }
    n
}

/// How each sub-plan is referenced: InitPlans for uncorrelated scalar/EXISTS/ARRAY
/// sub-queries (numbered `$0`, `$1`, ...), hashed SubPlans for uncorrelated ANY.
fn classify_sublinks(stmt: &PlannedStmt) -> HashMap<usize, SubRef> {
    let mut found: Vec<(usize, SubLinkKind, bool)> = Vec::new();
    fn walk(e: &Expr, out: &mut Vec<(usize, SubLinkKind, bool)>) {
        if let ExprKind::SubLink {
            kind,
            plan: Some(i),
            correlated,
            ..
        } = &e.kind
        {
            out.push((*i, *kind, *correlated));
        }
        for c in e.children() {
            walk(c, out);
        }
    }
    let mut ps = Vec::new();
    all_plans(&stmt.plan, &mut ps);
    for s in &stmt.subplans {
        all_plans(s, &mut ps);
    }
    for p in ps {
        for e in node_exprs(p) {
            walk(e, &mut found);
        }
    }
    if let Some(m) = &stmt.modify {
        for e in m.new_row.iter().chain(m.returning.iter().map(|t| &t.expr)) {
            walk(e, &mut found);
        }
        if let Some(oc) = &m.on_conflict {
            for e in oc.set.iter().chain(oc.where_qual.iter()) {
                walk(e, &mut found);
            }
        }
    }
    found.sort_by_key(|f| f.0);
    found.dedup_by_key(|f| f.0);
    let mut out = HashMap::new();
    let mut param = 0usize;
    for (i, kind, corr) in found {
        let r = if corr {
            SubRef::Sub { hashed: false }
        } else {
            match kind {
                SubLinkKind::Any => SubRef::Sub { hashed: true },
                SubLinkKind::All => SubRef::Sub { hashed: false },
                _ => {
                    let r = SubRef::Init(param);
                    param += 1;
                    r
                }
            }
        };
        out.insert(i, r);
    }
    out
}

struct Builder<'a, 'b> {
    inp: &'a Inputs<'b>,
    stmt: &'a PlannedStmt,
    subrefs: HashMap<usize, SubRef>,
    qualify_upper: bool,
    /// More than one range-table entry: Output lists are qualified.
    multi_rte: bool,
    /// The outer side's layout while printing an index nested loop's inner scan.
    param_lay: Option<Vec<Col>>,
    /// Columns used, per query level being printed (innermost last).
    used: Vec<HashSet<usize>>,
    emitted: HashSet<usize>,
}

fn conjuncts(e: &Expr) -> Vec<&Expr> {
    match &e.kind {
        ExprKind::And(v) => v.iter().flat_map(conjuncts).collect(),
        _ => vec![e],
    }
}

/// The output column a projection-like node passes through or computes.
fn out_col(e: &Expr, lay: &[Col], text: impl FnOnce() -> String) -> Col {
    match e.kind {
        ExprKind::Column {
            level: 0, index, ..
        } if lay.get(index).is_some_and(|c| *c != Col::Unknown) => lay[index].clone(),
        _ => Col::Inline(text()),
    }
}

impl<'a, 'b> Builder<'a, 'b> {
    fn p(&self) -> CostParams {
        self.inp.costs
    }

    fn deparser<'d>(&'d self, qualify: bool, outer: &'d [Vec<Col>]) -> Deparser<'d> {
        Deparser::new(self.inp.env, qualify, outer, &self.subrefs)
    }

    /// Add the sub-plans referenced by a node's expressions as its InitPlan/SubPlan children.
    fn attach(&mut self, n: &mut ExNode, used: Vec<usize>, lay: &[Col], outer: &[Vec<Col>]) {
        for i in used {
            if !self.emitted.insert(i) {
                continue;
            }
            let stmt = self.stmt;
            let Some(sp) = stmt.subplans.get(i) else {
                continue;
            };
            let mut o = vec![lay.to_vec()];
            o.extend(outer.iter().cloned());
            let (mut child, _) = self.level(sp, &o);
            match self.subrefs.get(&i) {
                Some(SubRef::Init(k)) => {
                    child.relationship = Some("InitPlan");
                    child.subplan_name = Some(format!("InitPlan {} (returns ${})", i + 1, k));
                    n.init_plans.push(child);
                }
                _ => {
                    child.relationship = Some("SubPlan");
                    child.subplan_name = Some(format!("SubPlan {}", i + 1));
                    n.sub_plans.push(child);
                }
            }
        }
    }

    /// A plan that starts a new query level.
    fn level(&mut self, p: &Plan, outer: &[Vec<Col>]) -> (ExNode, Vec<Col>) {
        let mut used = HashSet::new();
        collect_level_columns(p, &mut used);
        self.used.push(used);
        let r = self.node(p, outer);
        self.used.pop();
        r
    }

    fn slot_used(&self, i: usize) -> bool {
        self.used.last().is_none_or(|u| u.contains(&i))
    }

    fn node(&mut self, p: &Plan, outer: &[Vec<Col>]) -> (ExNode, Vec<Col>) {
        let (mut n, lay) = self.node_inner(p, outer);
        if self.inp.opts.verbose && n.output.is_none() {
            let d = self.deparser(self.multi_rte, outer);
            let v: Vec<String> = (0..lay.len())
                .filter(|&i| match &lay[i] {
                    Col::Unknown => false,
                    Col::Var { name, .. } => name != "ctid",
                    _ => true,
                })
                .map(|i| d.column(&lay, i))
                .collect();
            n.output = Some(v);
        }
        if self.inp.opts.analyze {
            let a = (self.inp.actual)(p);
            if a.is_some() || n.actual.is_none() {
                n.actual = Some(a);
            }
        }
        (n, lay)
    }

    fn scan_layout(
        &self,
        width: usize,
        offset: usize,
        names: &crate::ScanNames,
        ctid: bool,
    ) -> Vec<Col> {
        let mut lay = vec![Col::Unknown; width.max(offset + names.colnames.len() + 1)];
        for (i, c) in names.colnames.iter().enumerate() {
            lay[offset + i] = Col::Var {
                alias: names.alias.clone(),
                name: c.clone(),
            };
        }
        if ctid {
            lay[offset + names.colnames.len()] = Col::Var {
                alias: names.alias.clone(),
                name: "ctid".into(),
            };
        }
        lay
    }

    fn used_width(&self, offset: usize, types: &[(common::Oid, i32)]) -> i64 {
        types
            .iter()
            .enumerate()
            .filter(|(i, _)| self.slot_used(offset + i))
            .map(|(_, (t, m))| cost::type_width(*t, *m))
            .sum()
    }

    fn rel_types(rel: &RelationInfo) -> Vec<(common::Oid, i32)> {
        rel.columns.iter().map(|c| (c.type_oid, c.typmod)).collect()
    }

    fn output_of(&self, lay: &[Col], range: (usize, usize), outer: &[Vec<Col>]) -> Vec<String> {
        let d = self.deparser(self.multi_rte, outer);
        let mut v = Vec::new();
        for i in range.0..range.1.min(lay.len()) {
            if lay[i] == Col::Unknown || !self.slot_used(i) {
                continue;
            }
            if let Col::Var { name, .. } = &lay[i] {
                if name == "ctid" {
                    continue;
                }
            }
            v.push(d.column(lay, i));
        }
        v
    }

    /// Quals of a scan node: (texts, selectivity, per-row cost, sub-plans used).
    fn scan_quals(
        &self,
        qual: &Option<Expr>,
        lay: &[Col],
        own: Option<(usize, usize)>,
        qualify: bool,
        outer: &[Vec<Col>],
    ) -> (Vec<String>, f64, f64, Vec<usize>) {
        let mut d = self.deparser(qualify, outer);
        d.own = own;
        let mut texts = Vec::new();
        let mut sel = 1.0;
        let mut qcost = 0.0;
        if let Some(q) = qual {
            let cs = conjuncts(q);
            sel = cost::conjuncts_selectivity(&cs);
            for c in cs {
                texts.push(d.expr(c, lay));
                qcost += cost::expr_cost(&self.p(), c);
            }
        }
        (texts, sel, qcost, d.used.into_inner())
    }

    /// Pages and estimated rows of a table now: PostgreSQL's estimate_rel_size, scaling
    /// reltuples/relpages density to the current size once VACUUM or ANALYZE has run.
    fn rel_size(&self, rel: &RelationInfo) -> (f64, f64) {
        let cur = (self.inp.rel_pages)(rel);
        match (self.inp.class_size)(rel) {
            Some((relpages, reltuples)) if relpages > 0.0 => {
                let pages = cur.max(1.0);
                (pages, (reltuples / relpages * pages).round())
            }
            _ => cost::rel_size(rel, cur),
        }
    }

    /// Selectivity of a scan's quals from the table's ANALYZE statistics (None without quals).
    fn stats_selectivity(
        &self,
        rel: &RelationInfo,
        offset: usize,
        tuples: f64,
        qual: &Option<Expr>,
    ) -> Option<f64> {
        let q = qual.as_ref()?;
        let cs = conjuncts(q);
        let lookup = |slot: usize| -> Option<(Option<Arc<catalog::stats::ColumnStats>>, f64)> {
            let i = slot.checked_sub(offset)?;
            rel.columns.get(i)?;
            let attnum = i16::try_from(i + 1).ok()?;
            Some(((self.inp.column_stats)(rel, attnum), tuples))
        };
        Some(cost::scan_selectivity(&cs, &lookup))
    }

    /// Selectivity of one condition of a scan: from statistics when it has them, else
    /// PostgreSQL's defaults.
    fn cond_selectivity(&self, rel: &RelationInfo, offset: usize, tuples: f64, c: &Expr) -> f64 {
        let lookup = |slot: usize| -> Option<(Option<Arc<catalog::stats::ColumnStats>>, f64)> {
            let i = slot.checked_sub(offset)?;
            rel.columns.get(i)?;
            let attnum = i16::try_from(i + 1).ok()?;
            Some(((self.inp.column_stats)(rel, attnum), tuples))
        };
        cost::scan_selectivity(&[c], &lookup)
    }

    fn node_inner(&mut self, p: &Plan, outer: &[Vec<Col>]) -> (ExNode, Vec<Col>) {
        let verbose = self.inp.opts.verbose;
        let pc = self.p();
        match p {
            Plan::Result { width } => {
                let mut n = ExNode::new("Result", "Result".into());
                n.est = Est {
                    startup: 0.0,
                    total: pc.cpu_tuple_cost,
                    rows: 1.0,
                    width: 0,
                };
                (n, vec![Col::Unknown; *width])
            }
            Plan::SeqScan {
                rel,
                offset,
                width,
                qual,
                names,
            } => {
                let mut head = format!("Seq Scan on {}", rel_display(rel, verbose));
                if names.alias != rel.name {
                    head.push(' ');
                    head.push_str(&deparse::quote_ident(&names.alias));
                }
                let mut n = ExNode::new("Seq Scan", head);
                n.relation = Some(rel.name.clone());
                n.alias = Some(names.alias.clone());
                if verbose {
                    n.schema = Some(rel.namespace_name.clone());
                }
                let lay = self.scan_layout(*width, *offset, names, true);
                let own = (*offset, *offset + names.colnames.len() + 1);
                let (pages, tuples) = self.rel_size(rel);
                let (texts, sel, qcost, used_subs) =
                    self.scan_quals(qual, &lay, Some(own), verbose, outer);
                let sel = self
                    .stats_selectivity(rel, *offset, tuples, qual)
                    .unwrap_or(sel);
                n.filters = texts;
                let (s, t) = cost::seq_scan(&pc, pages, tuples, qcost);
                n.est = Est {
                    startup: s,
                    total: t,
                    rows: cost::clamp_rows(tuples * sel),
                    width: self.used_width(*offset, &Self::rel_types(rel)),
                };
                if verbose {
                    n.output = Some(self.output_of(&lay, own, outer));
                }
                self.attach(&mut n, used_subs, &lay, outer);
                (n, lay)
            }
            Plan::BitmapHeapScan {
                rel,
                offset,
                width,
                qual,
                filter,
                bitmap,
                names,
            } => self.bitmap_heap_node(p, rel, *offset, *width, qual, filter, bitmap, names, outer),
            Plan::IndexScan {
                rel,
                index,
                offset,
                width,
                qual,
                bounds,
                backward,
                names,
            }
            | Plan::IndexOnlyScan {
                rel,
                index,
                offset,
                width,
                qual,
                bounds,
                backward,
                names,
            } => {
                let mut head = format!(
                    "Index Scan{} using {} on {}",
                    if *backward { " Backward" } else { "" },
                    deparse::quote_ident(&index.name),
                    rel_display(rel, verbose)
                );
                if names.alias != rel.name {
                    head.push(' ');
                    head.push_str(&deparse::quote_ident(&names.alias));
                }
                let covered = (0..names.colnames.len() + 1)
                    .filter(|i| self.slot_used(offset + i))
                    .all(|i| index.keys.iter().any(|&k| k > 0 && k as usize - 1 == i));
                // A nested loop's inner index scan is still shown as PostgreSQL would
                // choose it (index-only when the index covers the columns).
                let only = matches!(p, Plan::IndexOnlyScan { .. })
                    || (covered && rel.relkind == b'r' && self.param_lay.is_some());
                let mut n = if only {
                    ExNode::new(
                        "Index Only Scan",
                        head.replacen("Index Scan", "Index Only Scan", 1),
                    )
                } else {
                    ExNode::new("Index Scan", head)
                };
                n.scan_dir = Some(if *backward { "Backward" } else { "Forward" });
                n.index_name = Some(index.name.clone());
                n.relation = Some(rel.name.clone());
                n.alias = Some(names.alias.clone());
                if verbose {
                    n.schema = Some(rel.namespace_name.clone());
                }
                let lay = self.scan_layout(*width, *offset, names, true);
                let own = (*offset, *offset + names.colnames.len() + 1);
                let mut plain = lay.clone();
                if let Some(pl) = &self.param_lay {
                    for (i, c) in plain.iter_mut().enumerate() {
                        if *c == Col::Unknown {
                            if let Some(x) = pl.get(i) {
                                *c = x.clone();
                            }
                        }
                    }
                }
                let lay_full = plain;
                let mut d = self.deparser(verbose, outer);
                d.own = Some(own);
                let key_slot = |k: i16| -> Option<usize> {
                    if k > 0 {
                        Some(*offset + k as usize - 1)
                    } else {
                        None
                    }
                };
                let key_pos = |slot: usize| -> Option<usize> {
                    index.keys.iter().position(|&k| key_slot(k) == Some(slot))
                };
                let is_own = |e: &Expr| -> bool {
                    let mut v = Vec::new();
                    e.columns_used(&mut v);
                    v.iter().any(|&c| c >= own.0 && c < own.1)
                };
                let (pages, tuples) = self.rel_size(rel);
                // (key position, text, selectivity, is an equality)
                let mut conds: Vec<(usize, String, f64, bool)> = Vec::new();
                let mut filters = Vec::new();
                let mut fsel = Vec::new();
                let mut qcost = 0.0;
                if let Some(q) = qual {
                    for c in conjuncts(q) {
                        let mut handled = false;
                        if let ExprKind::Func { func, args, .. } = &c.kind {
                            if let (Some((op, false)), 2) =
                                (deparse::operator_names().get(&func.oid), args.len())
                            {
                                if matches!(op.as_str(), "=" | "<" | "<=" | ">" | ">=") {
                                    let col = |e: &Expr| match e.kind {
                                        ExprKind::Column {
                                            level: 0, index, ..
                                        } => key_pos(index),
                                        _ => None,
                                    };
                                    let eq = op == "=";
                                    if let (Some(k), false) = (col(&args[0]), is_own(&args[1])) {
                                        conds.push((
                                            k,
                                            d.expr(c, &lay_full),
                                            self.cond_selectivity(rel, *offset, tuples, c),
                                            eq,
                                        ));
                                        handled = true;
                                    } else if let (Some(k), false) =
                                        (col(&args[1]), is_own(&args[0]))
                                    {
                                        let t = format!(
                                            "({} {} {})",
                                            d.expr(&args[1], &lay_full),
                                            deparse::commute_op(op),
                                            d.expr(&args[0], &lay_full)
                                        );
                                        let sel = self.cond_selectivity(rel, *offset, tuples, c);
                                        conds.push((k, t, sel, eq));
                                        handled = true;
                                    }
                                }
                            }
                        }
                        if let ExprKind::ArrayCmp {
                            left,
                            all: false,
                            array,
                            ..
                        } = &c.kind
                        {
                            if let ExprKind::Column {
                                level: 0,
                                index: ix,
                                ..
                            } = left.kind
                            {
                                if let (Some(k), false) = (key_pos(ix), is_own(array)) {
                                    conds.push((
                                        k,
                                        d.expr(c, &lay_full),
                                        self.cond_selectivity(rel, *offset, tuples, c),
                                        false,
                                    ));
                                    handled = true;
                                }
                            }
                        }
                        if !handled {
                            filters.push(d.expr(c, &lay_full));
                            fsel.push(c);
                            qcost += cost::expr_cost(&pc, c);
                        }
                    }
                }
                // Join parameters (inner side of an index nested loop).
                let mut param_conds = 0usize;
                for (i, e) in bounds.eq.iter().enumerate() {
                    let mut cols = Vec::new();
                    e.columns_used(&mut cols);
                    if cols.iter().any(|&c| c < own.0 || c >= own.1) {
                        if let Some(slot) = index.keys.get(i).and_then(|&k| key_slot(k)) {
                            let t = format!(
                                "({} = {})",
                                d.column(&lay_full, slot),
                                d.expr(e, &lay_full)
                            );
                            if !conds.iter().any(|(_, x, _, _)| *x == t) {
                                conds.push((i, t, cost::DEFAULT_EQ_SEL, true));
                                param_conds += 1;
                            }
                        }
                    }
                }
                // A boolean index column restricted by a bare `col` / `NOT col` condition.
                for (i, e) in bounds.eq.iter().enumerate() {
                    if let ExprKind::Const(types::Datum::Bool(v)) = &e.kind {
                        if conds.iter().any(|c| c.0 == i) {
                            continue;
                        }
                        if let Some(slot) = index.keys.get(i).and_then(|&k| key_slot(k)) {
                            let t = format!("({} = {})", d.column(&lay_full, slot), v);
                            conds.push((i, t, cost::DEFAULT_EQ_SEL, true));
                        }
                    }
                }
                conds.sort_by_key(|c| c.0);
                if !conds.is_empty() {
                    let txt: Vec<String> = conds.iter().map(|c| c.1.clone()).collect();
                    n.prop("Index Cond", Prop::Text(and_text(&txt)));
                }
                n.filters = filters;
                let mut isel: f64 = conds.iter().map(|c| c.2).product();
                let eq_conds = conds.iter().filter(|c| c.3).count();
                if index.unique && eq_conds >= index.keys.len() {
                    isel = 1.0 / tuples.max(1.0);
                }
                let fs: f64 = fsel
                    .iter()
                    .map(|c| self.cond_selectivity(rel, *offset, tuples, c))
                    .product();
                let loops = if param_conds > 0 { 2.0 } else { 1.0 };
                let (s, t) = cost::index_scan(
                    &pc,
                    pages,
                    tuples,
                    if conds.is_empty() { 1.0 } else { isel },
                    conds.len(),
                    qcost,
                    loops,
                );
                n.est = Est {
                    startup: s,
                    total: t,
                    rows: cost::clamp_rows(tuples * isel * fs),
                    width: self.used_width(*offset, &Self::rel_types(rel)),
                };
                let used_subs = d.used.into_inner();
                if verbose {
                    n.output = Some(self.output_of(&lay, own, outer));
                }
                if matches!(p, Plan::IndexOnlyScan { .. }) && self.inp.opts.analyze {
                    let c = crate::scan_stats::get(crate::scan_stats::key(p));
                    n.prop("Heap Fetches", Prop::Num(c.heap_fetches.to_string()));
                }
                self.attach(&mut n, used_subs, &lay, outer);
                (n, lay)
            }
            Plan::Values {
                rows,
                offset,
                width,
                qual,
                names,
            } => {
                let lay = self.scan_layout(*width, *offset, names, false);
                let own = (*offset, *offset + names.colnames.len());
                let single = rows.len() == 1 && qual.is_none();
                let mut n = if single {
                    ExNode::new("Result", "Result".into())
                } else {
                    let mut n = ExNode::new(
                        "Values Scan",
                        format!("Values Scan on {}", deparse::quote_ident(&names.alias)),
                    );
                    n.alias = Some(names.alias.clone());
                    n
                };
                let (texts, sel, _, mut used_subs) =
                    self.scan_quals(qual, &lay, Some(own), verbose, outer);
                n.filters = texts;
                let nr = rows.len() as f64;
                let types: Vec<(common::Oid, i32)> = rows
                    .first()
                    .map(|r| r.iter().map(|e| (e.typ, e.typmod)).collect())
                    .unwrap_or_default();
                n.est = Est {
                    startup: 0.0,
                    total: if single {
                        pc.cpu_tuple_cost
                    } else {
                        nr * (pc.cpu_operator_cost + pc.cpu_tuple_cost)
                    },
                    rows: cost::clamp_rows(nr * sel),
                    width: self.used_width(*offset, &types),
                };
                let d = self.deparser(true, outer);
                if verbose {
                    if single {
                        n.output = Some(rows[0].iter().map(|e| d.expr(e, &lay)).collect());
                    } else {
                        n.output = Some((own.0..own.1).map(|i| d.column(&lay, i)).collect());
                    }
                }
                for r in rows {
                    for e in r {
                        d.expr(e, &lay);
                    }
                }
                for u in d.used.into_inner() {
                    if !used_subs.contains(&u) {
                        used_subs.push(u);
                    }
                }
                self.attach(&mut n, used_subs, &lay, outer);
                (n, lay)
            }
            Plan::FunctionScan {
                f,
                args,
                scalar,
                offset,
                width,
                qual,
                names,
                ..
            } => {
                let fname = match scalar.as_ref().map(|s| &s.kind) {
                    Some(ExprKind::Func { func, .. }) => func.name.to_string(),
                    Some(_) => "function".to_string(),
                    None => deparse::srf_name(f),
                };
                let mut head = format!("Function Scan on {}", deparse::quote_ident(&fname));
                if names.alias != fname {
                    head.push(' ');
                    head.push_str(&deparse::quote_ident(&names.alias));
                }
                let mut n = ExNode::new("Function Scan", head);
                n.function_name = Some(fname);
                n.alias = Some(names.alias.clone());
                let lay = self.scan_layout(*width, *offset, names, false);
                let own = (*offset, *offset + names.colnames.len());
                let (texts, sel, qcost, mut used_subs) =
                    self.scan_quals(qual, &lay, Some(own), verbose, outer);
                n.filters = texts;
                let d = self.deparser(true, outer);
                for a in args.iter().chain(scalar.iter()) {
                    d.expr(a, &lay);
                }
                for u in d.used.into_inner() {
                    if !used_subs.contains(&u) {
                        used_subs.push(u);
                    }
                }
                let rows = if scalar.is_some() {
                    1.0
                } else if matches!(f, analyzer::expr::SrfFn::Unnest) {
                    100.0
                } else {
                    1000.0
                };
                let fcost: f64 = pc.cpu_operator_cost
                    + args.iter().map(|a| cost::expr_cost(&pc, a)).sum::<f64>();
                let w: i64 = (0..names.colnames.len())
                    .filter(|i| self.slot_used(offset + i))
                    .map(|_| 4)
                    .sum();
                n.est = Est {
                    startup: fcost,
                    total: fcost + rows * (pc.cpu_tuple_cost + qcost),
                    rows: cost::clamp_rows(rows * sel),
                    width: w,
                };
                if verbose {
                    n.output = Some(self.output_of(&lay, own, outer));
                }
                self.attach(&mut n, used_subs, &lay, outer);
                (n, lay)
            }
            Plan::SubqueryScan {
                plan,
                offset,
                width,
                qual,
                names,
                ..
            } if pullable(plan) => {
                // PostgreSQL pulls simple sub-queries up into the outer query: print the
                // sub-query's own scan/join with the outer conditions as its Filter.
                let (mut n, clay) = self.level(plan, outer);
                let mut lay = vec![Col::Unknown; (*width).max(offset + names.colnames.len())];
                for i in 0..names.colnames.len() {
                    if let Some(c) = clay.get(i) {
                        lay[offset + i] = match c {
                            Col::Inline(s) | Col::Child(s) => Col::Pulled(s.clone()),
                            c => c.clone(),
                        };
                    }
                }
                let is_scan = matches!(
                    n.node_type.as_str(),
                    "Seq Scan" | "Index Scan" | "Index Only Scan" | "Function Scan" | "Values Scan"
                );
                let (texts, sel, qcost, used_subs) = self.scan_quals(
                    qual,
                    &lay,
                    None,
                    if is_scan { verbose } else { self.qualify_upper },
                    outer,
                );
                apply_filter(&mut n, texts);
                n.est.total += n.est.rows * qcost;
                n.est.rows = cost::clamp_rows(n.est.rows * sel);
                self.attach(&mut n, used_subs, &lay, outer);
                (n, lay)
            }
            Plan::SubqueryScan {
                plan,
                offset,
                width,
                qual,
                names,
                ..
            } => {
                let (mut child, _) = self.level(plan, outer);
                child.relationship = Some("Subquery");
                let mut n = ExNode::new(
                    "Subquery Scan",
                    format!("Subquery Scan on {}", deparse::quote_ident(&names.alias)),
                );
                n.alias = Some(names.alias.clone());
                let lay = self.scan_layout(*width, *offset, names, false);
                let own = (*offset, *offset + names.colnames.len());
                let (texts, sel, qcost, used_subs) =
                    self.scan_quals(qual, &lay, Some(own), true, outer);
                n.filters = texts;
                n.est = Est {
                    startup: child.est.startup,
                    total: child.est.total + child.est.rows * (pc.cpu_tuple_cost + qcost),
                    rows: cost::clamp_rows(child.est.rows * sel),
                    width: child.est.width,
                };
                if verbose {
                    n.output = Some(self.output_of(&lay, own, outer));
                }
                n.children.push(child);
                self.attach(&mut n, used_subs, &lay, outer);
                (n, lay)
            }
            Plan::NestLoop {
                kind,
                left,
                right,
                qual,
                right_slots,
            } => {
                let (mut l, llay) = self.node(left, outer);
                let (mut r, rlay) = self.node(right, outer);
                let lay = merge(&export(&llay), &export(&rlay), right_slots);
                let mut n = ExNode::new("Nested Loop", join_head("Nested Loop", *kind, false));
                n.join_type = Some(join_type_name(*kind));
                n.filter_label = "Join Filter";
                let (texts, sel, qcost, used_subs) =
                    self.scan_quals(qual, &lay, None, self.qualify_upper, outer);
                n.filters = texts;
                let pairs = l.est.rows * r.est.rows;
                let rows = join_rows(*kind, pairs * sel, l.est.rows, r.est.rows);
                n.est = Est {
                    startup: l.est.startup + r.est.startup,
                    total: l.est.total
                        + l.est.rows * r.est.total
                        + pairs * (pc.cpu_tuple_cost + qcost),
                    rows: cost::clamp_rows(rows),
                    width: l.est.width + r.est.width,
                };
                l.relationship = Some("Outer");
                r.relationship = Some("Inner");
                n.children.push(l);
                n.children.push(r);
                if verbose {
                    n.output = Some(self.output_of(&lay, (0, lay.len()), outer));
                }
                self.attach(&mut n, used_subs, &lay, outer);
                (n, lay)
            }
            Plan::HashJoin {
                kind,
                left,
                right,
                left_keys,
                right_keys,
                qual,
                right_slots,
            } => {
                let (mut l, llay) = self.node(left, outer);
                let (r, rlay) = self.node(right, outer);
                let lay = merge(&export(&llay), &export(&rlay), right_slots);
                let mut n = ExNode::new("Hash Join", join_head("Hash", *kind, true));
                n.join_type = Some(join_type_name(*kind));
                n.filter_label = "Join Filter";
                let d = self.deparser(self.qualify_upper, outer);
                let conds: Vec<String> = left_keys
                    .iter()
                    .zip(right_keys.iter())
                    .map(|(a, b)| format!("({} = {})", d.expr(a, &lay), d.expr(b, &lay)))
                    .collect();
                n.prop("Hash Cond", Prop::Text(and_text(&conds)));
                let mut used_subs = d.used.into_inner();
                let (texts, sel, qcost, u2) =
                    self.scan_quals(qual, &lay, None, self.qualify_upper, outer);
                used_subs.extend(u2);
                n.filters = texts;
                let jsel = self.join_key_selectivity(
                    left, right, left_keys, right_keys, l.est.rows, r.est.rows,
                );
                let rows = join_rows(
                    *kind,
                    l.est.rows * r.est.rows * jsel * sel,
                    l.est.rows,
                    r.est.rows,
                );
                let nk = left_keys.len() as f64;
                let cpu_op = pc.cpu_operator_cost;
                let startup = r.est.total + (cpu_op * nk + pc.cpu_tuple_cost) * r.est.rows;
                let total = startup + l.est.total - l.est.startup
                    + cpu_op * nk * l.est.rows
                    + (cpu_op * nk + qcost) * l.est.rows * r.est.rows * jsel * 0.5
                    + pc.cpu_tuple_cost * rows;
                n.est = Est {
                    startup: startup + l.est.startup,
                    total: total + l.est.startup,
                    rows: cost::clamp_rows(rows),
                    width: l.est.width + r.est.width,
                };
                l.relationship = Some("Outer");
                let h = hash_node(r, self.inp.opts.analyze);
                n.children.push(l);
                n.children.push(h);
                if verbose {
                    n.output = Some(self.output_of(&lay, (0, lay.len()), outer));
                }
                self.attach(&mut n, used_subs, &lay, outer);
                (n, lay)
            }
            Plan::IndexNestLoop {
                kind,
                left,
                right,
                qual,
                right_slots,
                ..
            } => {
                let (mut l, llay) = self.node(left, outer);
                self.param_lay = Some(export(&llay));
                let (mut r, rlay) = self.node(right, outer);
                self.param_lay = None;
                let lay = merge(&export(&llay), &export(&rlay), right_slots);
                let mut n = ExNode::new("Nested Loop", join_head("Nested Loop", *kind, false));
                n.join_type = Some(join_type_name(*kind));
                n.filter_label = "Join Filter";
                let (texts, sel, _, used_subs) =
                    self.scan_quals(qual, &lay, None, self.qualify_upper, outer);
                n.filters = texts;
                let rows = join_rows(*kind, l.est.rows * r.est.rows * sel, l.est.rows, r.est.rows);
                n.est = Est {
                    startup: l.est.startup + r.est.startup,
                    total: l.est.total + l.est.rows * r.est.total + pc.cpu_tuple_cost * rows,
                    rows: cost::clamp_rows(rows),
                    width: l.est.width + r.est.width,
                };
                l.relationship = Some("Outer");
                r.relationship = Some("Inner");
                n.children.push(l);
                n.children.push(r);
                if verbose {
                    n.output = Some(self.output_of(&lay, (0, lay.len()), outer));
                }
                self.attach(&mut n, used_subs, &lay, outer);
                (n, lay)
            }
            Plan::Filter { input, qual } => {
                let (mut n, lay) = self.node(input, outer);
                let is_scan = matches!(
                    n.node_type.as_str(),
                    "Seq Scan" | "Index Scan" | "Index Only Scan" | "Function Scan" | "Values Scan"
                );
                let q = Some(qual.clone());
                let (texts, sel, qcost, used_subs) = self.scan_quals(
                    &q,
                    &lay,
                    None,
                    if is_scan { verbose } else { self.qualify_upper },
                    outer,
                );
                apply_filter(&mut n, texts);
                n.est.total += n.est.rows * qcost;
                n.est.rows = cost::clamp_rows(n.est.rows * sel);
                self.attach(&mut n, used_subs, &lay, outer);
                (n, lay)
            }
            Plan::Project { input, exprs } => {
                let (mut n, lay) = self.node(input, outer);
                let d = self.deparser(self.qualify_upper, outer);
                let out: Vec<Col> = exprs
                    .iter()
                    .map(|e| out_col(e, &lay, || d.expr(e, &lay)))
                    .collect();
                if verbose {
                    let dv = self.deparser(self.multi_rte, outer);
                    n.output = Some(exprs.iter().map(|e| dv.expr(e, &lay)).collect());
                }
                let qc: f64 = exprs.iter().map(|e| cost::expr_cost(&pc, e)).sum();
                n.est.total += n.est.rows * qc;
                n.est.width = exprs
                    .iter()
                    .map(|e| cost::type_width(e.typ, e.typmod))
                    .sum();
                let used_subs = d.used.into_inner();
                self.attach(&mut n, used_subs, &lay, outer);
                (n, out)
            }
            Plan::ProjectSet { input, srfs, exprs } => {
                let (mut c, clay) = self.node(input, outer);
                let lay = export(&clay);
                c.relationship = Some("Outer");
                let d = self.deparser(self.qualify_upper, outer);
                let calls: Vec<String> = srfs
                    .iter()
                    .map(|(f, args, _)| {
                        let a: Vec<String> = args.iter().map(|x| d.expr(x, &lay)).collect();
                        format!("{}({})", deparse::srf_name(f), a.join(", "))
                    })
                    .collect();
                let subst = |s: String| -> String {
                    let mut s = s;
                    for (i, call) in calls.iter().enumerate().rev() {
                        s = s.replace(&format!("$srf{i}"), call);
                    }
                    s
                };
                let mut n = ExNode::new("ProjectSet", "ProjectSet".into());
                let out: Vec<Col> = exprs
                    .iter()
                    .map(|e| out_col(e, &lay, || subst(d.expr(e, &lay))))
                    .collect();
                if verbose {
                    let dv = self.deparser(self.multi_rte, outer);
                    n.output = Some(exprs.iter().map(|e| subst(dv.expr(e, &lay))).collect());
                }
                let rows = c.est.rows * 10.0;
                n.est = Est {
                    startup: c.est.startup,
                    total: c.est.total + rows * pc.cpu_tuple_cost,
                    rows: cost::clamp_rows(rows),
                    width: exprs
                        .iter()
                        .map(|e| cost::type_width(e.typ, e.typmod))
                        .sum(),
                };
                let used_subs = d.used.into_inner();
                n.children.push(c);
                self.attach(&mut n, used_subs, &lay, outer);
                (n, out)
            }
            Plan::Agg { input, keys, aggs } => {
                let (mut c, clay) = self.node(input, outer);
                let lay = export(&clay);
                c.relationship = Some("Outer");
                let d = self.deparser(self.qualify_upper, outer);
                let hashed = !keys.is_empty();
                let mut n = if hashed {
                    let mut n = ExNode::new("Aggregate", "HashAggregate".into());
                    n.strategy = Some("Hashed");
                    n
                } else {
                    let mut n = ExNode::new("Aggregate", "Aggregate".into());
                    n.strategy = Some("Plain");
                    n
                };
                let mut out = Vec::new();
                let mut gk = Vec::new();
                for k in keys {
                    let t = d.expr(k, &lay);
                    gk.push(t.clone());
                    out.push(out_col(k, &lay, || t));
                }
                if hashed {
                    n.prop("Group Key", Prop::List(gk));
                }
                for a in aggs {
                    out.push(Col::Inline(d.agg(a, &lay)));
                }
                let cpu_op = pc.cpu_operator_cost;
                let in_rows = c.est.rows;
                let aggcost = crate::join_cost::agg_cost(&pc, aggs, in_rows);
                let width = crate::join_cost::agg_width(keys, aggs);
                if hashed {
                    let groups = cost::num_groups(in_rows, keys.len());
                    let startup = c.est.total + cpu_op * keys.len() as f64 * in_rows + aggcost;
                    n.est = Est {
                        startup,
                        total: startup + groups * pc.cpu_tuple_cost,
                        rows: groups,
                        width,
                    };
                } else {
                    let startup = c.est.total + aggcost;
                    n.est = Est {
                        startup,
                        total: startup + pc.cpu_tuple_cost,
                        rows: 1.0,
                        width,
                    };
                }
                let used_subs = d.used.into_inner();
                n.children.push(c);
                self.attach(&mut n, used_subs, &lay, outer);
                (n, out)
            }
            Plan::RecursiveUnion { init, rec, .. } => {
                let (mut a, alay) = self.node(init, outer);
                a.relationship = Some("Outer");
                let (mut b, _) = self.node(rec, outer);
                b.relationship = Some("Inner");
                let mut n = ExNode::new("Recursive Union", "Recursive Union".into());
                n.est = Est {
                    startup: a.est.startup,
                    total: a.est.total + 10.0 * b.est.total,
                    rows: a.est.rows + 10.0 * b.est.rows,
                    width: a.est.width,
                };
                n.children.push(a);
                n.children.push(b);
                (n, alay)
            }
            Plan::WorkTableScan { ncols, .. } => {
                let mut n = ExNode::new("WorkTable Scan", "WorkTable Scan".into());
                n.est = Est {
                    startup: 0.0,
                    total: 10.0 * pc.cpu_tuple_cost,
                    rows: 10.0,
                    width: 4 * *ncols as i64,
                };
                (n, vec![Col::Unknown; *ncols])
            }
            Plan::WindowAgg {
                input,
                width,
                funcs,
            } => {
                let (mut c, clay) = self.node(input, outer);
                let lay = export(&clay);
                c.relationship = Some("Outer");
                let d = self.deparser(self.qualify_upper, outer);
                let mut n = ExNode::new("WindowAgg", "WindowAgg".into());
                let mut out: Vec<Col> = clay.iter().take(*width).cloned().collect();
                out.resize(*width, Col::Unknown);
                for a in funcs {
                    out.push(Col::Inline(d.agg(a, &lay)));
                }
                let in_rows = c.est.rows;
                n.est = Est {
                    startup: c.est.startup,
                    total: c.est.total + in_rows * pc.cpu_operator_cost * funcs.len() as f64,
                    rows: in_rows,
                    width: c.est.width,
                };
                let used_subs = d.used.into_inner();
                n.children.push(c);
                self.attach(&mut n, used_subs, &lay, outer);
                (n, out)
            }
            Plan::Sort { input, keys } => {
                let (mut c, clay) = self.node(input, outer);
                let lay = export(&clay);
                c.relationship = Some("Outer");
                let d = self.deparser(self.qualify_upper, outer);
                let mut n = ExNode::new("Sort", "Sort".into());
                let sk: Vec<String> = keys
                    .iter()
                    .map(|k| {
                        let mut s = d.column(&lay, k.col);
                        if k.desc {
                            s.push_str(" DESC");
                            if !k.nulls_first {
                                s.push_str(" NULLS LAST");
                            }
                        } else if k.nulls_first {
                            s.push_str(" NULLS FIRST");
                        }
                        s
                    })
                    .collect();
                n.prop("Sort Key", Prop::List(sk));
                if self.inp.opts.analyze && self.inp.opts.format == Format::Text {
                    let kb = ((c.est.width as f64 + 16.0) * c.est.rows / 1024.0)
                        .ceil()
                        .max(25.0);
                    n.prop(
                        "Sort Method",
                        Prop::Text(format!("quicksort  Memory: {kb:.0}kB")),
                    );
                }
                let (s, t) = cost::sort(&pc, c.est.total, c.est.rows);
                n.est = Est {
                    startup: s,
                    total: t,
                    ..c.est
                };
                n.children.push(c);
                (n, lay)
            }
            Plan::Distinct { input, ncols } => {
                let (mut c, clay) = self.node(input, outer);
                let lay = export(&clay);
                c.relationship = Some("Outer");
                let d = self.deparser(self.qualify_upper, outer);
                let mut n = ExNode::new("Aggregate", "HashAggregate".into());
                n.strategy = Some("Hashed");
                let gk: Vec<String> = (0..*ncols).map(|i| d.column(&lay, i)).collect();
                if !gk.is_empty() {
                    n.prop("Group Key", Prop::List(gk));
                }
                let groups = cost::num_groups(c.est.rows, *ncols);
                let startup = c.est.total + pc.cpu_operator_cost * *ncols as f64 * c.est.rows;
                n.est = Est {
                    startup,
                    total: startup + groups * pc.cpu_tuple_cost,
                    rows: groups,
                    width: c.est.width,
                };
                n.children.push(c);
                (n, lay)
            }
            Plan::DistinctOn { input, cols } => {
                let (mut c, clay) = self.node(input, outer);
                let lay = export(&clay);
                c.relationship = Some("Outer");
                let mut n = ExNode::new("Unique", "Unique".into());
                let groups = cost::num_groups(c.est.rows, cols.len());
                n.est = Est {
                    startup: c.est.startup,
                    total: c.est.total + pc.cpu_operator_cost * c.est.rows * cols.len() as f64,
                    rows: groups,
                    width: c.est.width,
                };
                n.children.push(c);
                (n, lay)
            }
            Plan::MergeJoin {
                kind,
                left,
                right,
                left_keys,
                right_keys,
                qual,
                right_slots,
            } => self.merge_join_node(
                *kind,
                left,
                right,
                left_keys,
                right_keys,
                qual,
                right_slots,
                outer,
            ),
            Plan::Materialize { input } => self.materialize_node(input, outer),
            Plan::ExprSort { input, keys } => self.expr_sort_node(input, keys, outer),
            Plan::GroupAgg { input, keys, aggs } => self.group_agg_node(input, keys, aggs, outer),
            Plan::Limit {
                input,
                limit,
                offset,
            } => {
                let (mut c, clay) = self.node(input, outer);
                let lay = export(&clay);
                c.relationship = Some("Outer");
                if let Some(ExprKind::Const(dt)) = limit.as_ref().map(|e| &e.kind) {
                    if let Some(lim) = dt.as_i64() {
                        let off = match offset.as_ref().map(|e| &e.kind) {
                            Some(ExprKind::Const(o)) => o.as_i64().unwrap_or(0),
                            _ => 0,
                        };
                        strategy::mark_top_n(&mut c, lim.saturating_add(off.max(0)) as f64);
                    }
                }
                let d = self.deparser(self.qualify_upper, outer);
                for e in limit.iter().chain(offset.iter()) {
                    d.expr(e, &lay);
                }
                let mut n = ExNode::new("Limit", "Limit".into());
                let konst = |e: &Option<Expr>| -> Option<f64> {
                    match e.as_ref().map(|e| &e.kind) {
                        Some(ExprKind::Const(dt)) => dt.as_i64().map(|v| v as f64),
                        _ => None,
                    }
                };
                let in_rows = c.est.rows.max(1.0);
                let off = konst(offset).unwrap_or(0.0).clamp(0.0, in_rows);
                let lim = match limit {
                    Some(_) => konst(limit).unwrap_or(in_rows * 0.1),
                    None => in_rows,
                };
                let rows = (in_rows - off).min(lim).max(1.0);
                let run = c.est.total - c.est.startup;
                n.est = Est {
                    startup: c.est.startup + run * off / in_rows,
                    total: c.est.startup + run * (off + rows) / in_rows,
                    rows: cost::clamp_rows(rows),
                    width: c.est.width,
                };
                let used_subs = d.used.into_inner();
                n.children.push(c);
                self.attach(&mut n, used_subs, &lay, outer);
                (n, lay)
            }
            Plan::LockRows { input, .. } => {
                let (mut c, clay) = self.node(input, outer);
                let lay = export(&clay);
                c.relationship = Some("Outer");
                let mut n = ExNode::new("LockRows", "LockRows".into());
                n.est = Est {
                    total: c.est.total + c.est.rows * pc.cpu_tuple_cost,
                    ..c.est
                };
                n.children.push(c);
                (n, lay)
            }
            Plan::Append { inputs } => {
                let mut n = ExNode::new("Append", "Append".into());
                let mut lay = Vec::new();
                let mut est = Est::default();
                for (i, p) in inputs.iter().enumerate() {
                    let (mut c, clay) = self.level(p, outer);
                    c.relationship = Some("Member");
                    if i == 0 {
                        lay = export(&clay);
                        est.startup = c.est.startup;
                    }
                    est.total += c.est.total;
                    est.rows += c.est.rows;
                    est.width = est.width.max(c.est.width);
                    n.children.push(c);
                }
                n.est = est;
                (n, lay)
            }
            Plan::SetOp {
                op,
                all,
                left,
                right,
            } => {
                let mut counter = 0usize;
                let (l, llay) = self.setop_input(left, outer, &mut counter);
                let (r, _) = self.setop_input(right, outer, &mut counter);
                let cmd = match op {
                    SetOpKind::Intersect => "Intersect",
                    SetOpKind::Except => "Except",
                    SetOpKind::Union => "Union",
                };
                let cmd = if *all {
                    format!("{cmd} All")
                } else {
                    cmd.to_string()
                };
                let mut n = ExNode::new("SetOp", format!("HashSetOp {cmd}"));
                n.strategy = Some("Hashed");
                n.command = Some(cmd);
                let mut app = ExNode::new("Append", "Append".into());
                app.relationship = Some("Outer");
                app.est = Est {
                    startup: l.est.startup,
                    total: l.est.total + r.est.total,
                    rows: l.est.rows + r.est.rows,
                    width: l.est.width.max(r.est.width),
                };
                if self.inp.opts.analyze {
                    app.actual = Some(None);
                }
                let ncols = llay.iter().filter(|c| **c != Col::Unknown).count().max(1);
                let rows = match op {
                    SetOpKind::Intersect => l.est.rows.min(r.est.rows),
                    _ => l.est.rows,
                };
                let startup = app.est.total + pc.cpu_operator_cost * ncols as f64 * app.est.rows;
                n.est = Est {
                    startup,
                    total: startup,
                    rows: cost::clamp_rows(rows),
                    width: l.est.width,
                };
                app.children.push(l);
                app.children.push(r);
                n.children.push(app);
                (n, llay)
            }
            Plan::SemiJoin {
                input,
                inner,
                outer_keys,
                anti,
            } => {
                let (mut l, llay) = self.node(input, outer);
                let lay = export(&llay);
                let (r, rlay) = self.level(inner, outer);
                let rlay = export(&rlay);
                let kind = if *anti { "Anti" } else { "Semi" };
                let mut n = ExNode::new("Hash Join", format!("Hash {kind} Join"));
                n.join_type = Some(kind);
                let d = self.deparser(self.qualify_upper, outer);
                let conds: Vec<String> = outer_keys
                    .iter()
                    .enumerate()
                    .map(|(i, k)| format!("({} = {})", d.expr(k, &lay), d.column(&rlay, i)))
                    .collect();
                n.prop("Hash Cond", Prop::Text(and_text(&conds)));
                let rows = l.est.rows * 0.5;
                let startup = r.est.total + pc.cpu_tuple_cost * r.est.rows;
                n.est = Est {
                    startup,
                    total: startup
                        + l.est.total
                        + pc.cpu_operator_cost * l.est.rows
                        + pc.cpu_tuple_cost * rows,
                    rows: cost::clamp_rows(rows),
                    width: l.est.width,
                };
                l.relationship = Some("Outer");
                let h = hash_node(r, self.inp.opts.analyze);
                let used_subs = d.used.into_inner();
                n.children.push(l);
                n.children.push(h);
                self.attach(&mut n, used_subs, &lay, outer);
                (n, llay)
            }
        }
    }

    /// A set-operation input: a leaf becomes `Subquery Scan on "*SELECT* n"`.
    fn setop_input(
        &mut self,
        p: &Plan,
        outer: &[Vec<Col>],
        counter: &mut usize,
    ) -> (ExNode, Vec<Col>) {
        if matches!(p, Plan::SetOp { .. }) {
            let (mut n, lay) = self.level(p, outer);
            n.relationship = Some("Member");
            return (n, lay);
        }
        *counter += 1;
        let alias = format!("*SELECT* {counter}");
        let (mut child, clay) = self.level(p, outer);
        child.relationship = Some("Subquery");
        let mut n = ExNode::new(
            "Subquery Scan",
            format!("Subquery Scan on {}", deparse::quote_ident(&alias)),
        );
        n.relationship = Some("Member");
        n.alias = Some(alias.clone());
        let lay: Vec<Col> = clay
            .iter()
            .map(|c| match c {
                Col::Var { name, .. } => Col::Var {
                    alias: alias.clone(),
                    name: name.clone(),
                },
                Col::Unknown => Col::Unknown,
                _ => Col::Var {
                    alias: alias.clone(),
                    name: "?column?".into(),
                },
            })
            .collect();
        n.est = Est {
            startup: child.est.startup,
            total: child.est.total + child.est.rows * self.p().cpu_tuple_cost,
            ..child.est
        };
        if self.inp.opts.analyze {
            n.actual = child.actual;
        }
        n.children.push(child);
        (n, lay)
    }
}

/// Add WHERE-style conditions to a printed node: a One-Time Filter on an input-less Result,
/// the Filter (after any Join Filter) of a join, else more Filter conjuncts.
fn apply_filter(n: &mut ExNode, texts: Vec<String>) {
    if texts.is_empty() {
        return;
    }
    let no_input = n.node_type == "Result" && n.children.is_empty();
    if no_input {
        n.prop("One-Time Filter", Prop::Text(and_text(&texts)));
    } else if n.filter_label == "Join Filter" {
        let jf = std::mem::take(&mut n.filters);
        if !jf.is_empty() {
            n.prop("Join Filter", Prop::Text(and_text(&jf)));
        }
        n.filter_label = "Filter";
        n.filters = vec![and_text(&texts)];
    } else {
        n.filters.extend(texts);
    }
}

/// Would PostgreSQL pull this FROM-clause sub-query up into its parent (no grouping,
/// sorting, limits, DISTINCT, set operations, row locks or SRFs)?
fn pullable(p: &Plan) -> bool {
    match p {
        Plan::Project { input, .. } | Plan::Filter { input, .. } => pullable(input),
        Plan::SeqScan { .. }
        | Plan::IndexScan { .. }
        | Plan::IndexOnlyScan { .. }
        | Plan::BitmapHeapScan { .. }
        | Plan::Values { .. }
        | Plan::FunctionScan { .. } => true,
        Plan::NestLoop { left, right, .. }
        | Plan::HashJoin { left, right, .. }
        | Plan::IndexNestLoop { left, right, .. } => pullable(left) && pullable(right),
        Plan::SubqueryScan { plan, .. } => pullable(plan),
        _ => false,
    }
}

fn merge(l: &[Col], r: &[Col], right_slots: &[(usize, usize)]) -> Vec<Col> {
    let mut out = l.to_vec();
    for &(a, b) in right_slots {
        for i in a..b {
            if let Some(c) = r.get(i) {
                if out.len() <= i {
                    out.resize(i + 1, Col::Unknown);
                }
                out[i] = c.clone();
            }
        }
    }
    out
}

fn join_type_name(k: JoinKind) -> &'static str {
    match k {
        JoinKind::Inner | JoinKind::Cross => "Inner",
        JoinKind::Left => "Left",
        JoinKind::Right => "Right",
        JoinKind::Full => "Full",
    }
}

fn join_head(base: &str, k: JoinKind, hash: bool) -> String {
    match k {
        JoinKind::Inner | JoinKind::Cross => {
            if hash {
                format!("{base} Join")
            } else {
                base.to_string()
            }
        }
        _ => format!("{} {} Join", base, join_type_name(k)),
    }
}

fn join_rows(k: JoinKind, rows: f64, l: f64, r: f64) -> f64 {
    match k {
        JoinKind::Left => rows.max(l),
        JoinKind::Right => rows.max(r),
        JoinKind::Full => rows.max(l).max(r),
        _ => rows,
    }
}

/// Wrap the inner side of a hash join in PostgreSQL's Hash node.
fn hash_node(mut inner: ExNode, analyze: bool) -> ExNode {
    let mut h = ExNode::new("Hash", "Hash".into());
    h.relationship = Some("Inner");
    h.est = Est {
        startup: inner.est.total,
        total: inner.est.total,
        ..inner.est
    };
    h.output = inner.output.clone();
    if analyze {
        h.actual = inner.actual;
        if let Some(Some(a)) = inner.actual {
            let rows = (a.rows * a.loops).max(1.0);
            let buckets = (rows as u64).next_power_of_two().max(1024);
            let kb = ((inner.est.width as f64 + 24.0) * rows / 1024.0)
                .ceil()
                .max(9.0);
            h.prop(
                "Buckets",
                Prop::Text(format!("{buckets}  Batches: 1  Memory Usage: {kb:.0}kB")),
            );
        }
    }
    inner.relationship = Some("Outer");
    h.children.push(inner);
    h
}

#[cfg(test)]
mod tests;
