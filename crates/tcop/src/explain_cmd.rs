//! EXPLAIN [ANALYZE] [VERBOSE] / EXPLAIN (options) for SELECT, INSERT, UPDATE, DELETE, VALUES,
//! CREATE TABLE AS, EXECUTE and DECLARE CURSOR: plans the statement, optionally runs it with
//! per-node instrumentation, and returns the plan description as rows of one text column
//! "QUERY PLAN" (planner::explain does the describing).

use crate::session::Session;
use crate::Output;
use catalog::stats::ColumnStats;
use common::{pg_err, PgResult};
use parser::ast::{ExplainStmt, Statement};
use planner::explain::{Actual, ExplainOptions, Inputs};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;
use types::Datum;

/// Discards the rows of an EXPLAIN ANALYZE run.
struct Discard;

impl executor::ResultSink for Discard {
    fn describe(&mut self, _columns: &[executor::ResultColumn]) -> PgResult<()> {
        Ok(())
    }
    fn row(&mut self, _values: &[Datum]) -> PgResult<()> {
        Ok(())
    }
}

/// The one "QUERY PLAN" text column EXPLAIN returns.
pub(crate) fn query_plan_column() -> crate::ColumnDesc {
    crate::ColumnDesc {
        name: "QUERY PLAN".to_string(),
        table_oid: 0,
        column_attnum: 0,
        type_oid: types::oids::TEXT,
        type_len: -1,
        type_modifier: -1,
        format: 0,
    }
}

fn stmt_keyword(s: &Statement) -> &'static str {
    match s {
        Statement::CreateTable(_) => "CREATE",
        Statement::Drop(_) => "DROP",
        _ => "EXPLAIN",
    }
}

impl Session {
    /// Read a cost GUC (falling back to PostgreSQL's default).
    fn cost_guc(&self, name: &str, default: f64) -> f64 {
        self.gucs
            .get(name)
            .ok()
            .and_then(|v| v.trim().parse::<f64>().ok())
            .unwrap_or(default)
    }

    /// EXPLAIN: returns the lines of the plan description.
    pub(crate) fn explain_lines(&mut self, e: &ExplainStmt, sql: &str) -> PgResult<Vec<String>> {
        let opts = ExplainOptions::parse(&e.options)?;
        let t0 = Instant::now();
        let mut params: Vec<Datum> = Vec::new();
        let planned: Arc<planner::PlannedStmt> = match &e.statement {
            Statement::Select(sel) => {
                let inner = match Self::split_select_into(sel) {
                    Some((q, _, _)) => q,
                    None => Statement::Select(sel.clone()),
                };
                Arc::new(self.plan_for_explain(&inner, sql)?)
            }
            Statement::Insert(_) | Statement::Update(_) | Statement::Delete(_) => {
                Arc::new(self.plan_for_explain(&e.statement, sql)?)
            }
            Statement::CreateTableAs(c) => Arc::new(self.plan_for_explain(&c.query, sql)?),
            Statement::DeclareCursor(d) => Arc::new(self.plan_for_explain(&d.query, sql)?),
            Statement::Execute(x) => {
                let (p, ps) = self.execute_plan_and_params(x, sql)?;
                params = ps;
                p
            }
            other => {
                return Err(pg_err!(
                    SYNTAX_ERROR,
                    "syntax error at or near \"{}\"",
                    stmt_keyword(other)
                ))
            }
        };
        let planning_ms = t0.elapsed().as_secs_f64() * 1000.0;
        let mut stats = std::collections::HashMap::new();
        let mut exec_ms = None;
        let mut modify_actual = None;
        if opts.analyze {
            let mut notices = Vec::new();
            let t1 = Instant::now();
            executor::instrument::start(opts.timing);
            let result = {
                let mut parts = self.exec_context_parts();
                let mut cx = parts.build(&mut notices);
                cx.params = &params;
                executor::run_planned(&planned, &mut cx, &mut Discard)
            };
            stats = executor::instrument::finish();
            self.notices.extend(notices);
            let tag = result?;
            let el = t1.elapsed().as_secs_f64() * 1000.0;
            exec_ms = Some(el);
            if planned.modify.is_some() {
                let returned = planned
                    .modify
                    .as_ref()
                    .is_some_and(|m| !m.returning.is_empty());
                let n: f64 = if returned {
                    tag.rsplit(' ')
                        .next()
                        .and_then(|x| x.parse().ok())
                        .unwrap_or(0.0)
                } else {
                    0.0
                };
                modify_actual = Some(Actual {
                    startup_ms: el,
                    total_ms: el,
                    rows: n,
                    loops: 1.0,
                });
            }
        }
        let storage = self.engine.storage.clone();
        let rel_pages = move |rel: &catalog::RelationInfo| -> f64 {
            storage.nblocks(rel.file).map(|n| n as f64).unwrap_or(0.0)
        };
        let actual = |p: &planner::Plan| -> Option<Actual> {
            let s = stats.get(&executor::instrument::key(p))?;
            if s.loops == 0 {
                return None;
            }
            let l = s.loops as f64;
            Some(Actual {
                startup_ms: s.startup.as_secs_f64() * 1000.0 / l,
                total_ms: s.total.as_secs_f64() * 1000.0 / l,
                rows: (s.rows as f64 / l).round(),
                loops: l,
            })
        };
        let costs = planner::cost::CostParams {
            seq_page_cost: self.cost_guc("seq_page_cost", 1.0),
            random_page_cost: self.cost_guc("random_page_cost", 4.0),
            cpu_tuple_cost: self.cost_guc("cpu_tuple_cost", 0.01),
            cpu_index_tuple_cost: self.cost_guc("cpu_index_tuple_cost", 0.005),
            cpu_operator_cost: self.cost_guc("cpu_operator_cost", 0.0025),
        };
        // ANALYZE statistics and pg_class sizes of the tables the plan reads, for row
        // estimates.
        let mut rels = Vec::new();
        planned.plan.relations_read(&mut rels);
        let mut stats_by_rel: HashMap<common::Oid, std::sync::Arc<Vec<ColumnStats>>> =
            HashMap::new();
        let mut size_by_rel: HashMap<common::Oid, (f64, f64)> = HashMap::new();
        let class_def = catalog::schema::by_oid(catalog::schema::PG_CLASS);
        let cols = class_def.and_then(|d| Some((d.col("relpages")?, d.col("reltuples")?)));
        for rel in rels {
            if stats_by_rel.contains_key(&rel.oid) {
                continue;
            }
            let relid = rel.oid;
            if let Ok(s) = self.with_catalog(false, |cat, cx| cat.relation_stats(cx, relid)) {
                stats_by_rel.insert(relid, s);
            }
            if let Some((pi, ti)) = cols {
                let rows = self.with_catalog(false, |cat, cx| {
                    cat.catalog_rows(cx, catalog::schema::PG_CLASS, |r| r.row_oid() == relid)
                });
                if let Some(r) = rows.ok().and_then(|v| v.into_iter().next()) {
                    let pages = r.values.get(pi).and_then(|d| d.as_i64()).unwrap_or(0) as f64;
                    let tuples = r.values.get(ti).and_then(|d| d.as_f64()).unwrap_or(0.0);
                    size_by_rel.insert(relid, (pages, tuples));
                }
            }
        }
        let class_size = |rel: &catalog::RelationInfo| size_by_rel.get(&rel.oid).copied();
        let column_stats =
            |rel: &catalog::RelationInfo, attnum: i16| -> Option<std::sync::Arc<ColumnStats>> {
                stats_by_rel
                    .get(&rel.oid)?
                    .iter()
                    .find(|s| s.attnum == attnum && !s.inherited)
                    .map(|s| std::sync::Arc::new(s.clone()))
            };
        let env = self.env.clone();
        let inputs = Inputs {
            env: &env,
            opts,
            costs,
            rel_pages: &rel_pages,
            actual: &actual,
            class_size: &class_size,
            column_stats: &column_stats,
            modify_actual,
        };
        Ok(planner::explain::explain(
            &planned,
            &inputs,
            if opts.summary {
                Some(planning_ms)
            } else {
                None
            },
            if opts.summary { exec_ms } else { None },
        ))
    }

    fn plan_for_explain(&mut self, stmt: &Statement, sql: &str) -> PgResult<planner::PlannedStmt> {
        let mut notices = Vec::new();
        let result = {
            let mut parts = self.exec_context_parts();
            let cx = parts.build(&mut notices);
            executor::plan_statement(stmt, sql, &cx)
        };
        self.notices.extend(notices);
        result
    }

    /// EXPLAIN through the simple protocol: RowDescription, one DataRow per line.
    pub(crate) fn exec_explain(
        &mut self,
        e: &ExplainStmt,
        sql: &str,
        out: &mut dyn Output,
    ) -> PgResult<String> {
        let lines = self.explain_lines(e, sql)?;
        out.row_description(&[query_plan_column()])?;
        for l in &lines {
            out.data_row(&[Some(l.as_bytes())])?;
        }
        Ok("EXPLAIN".to_string())
    }
}
