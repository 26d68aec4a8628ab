//! CREATE / ALTER / DROP SEQUENCE and the sequences behind serial columns: option processing
//! with PostgreSQL 10's defaults and checks, the relkind 'S' relation with its single tuple
//! (executor::sequence), the pg_sequence row and the OWNED BY dependency (pg_depend 'a').

use crate::session::Session;
use catalog::rows::RowBuilder;
use catalog::{schema, NewColumn, RelationInfo};
use common::{pg_err, sqlstate, Oid, PgError, PgResult};
use executor::sequence::{self as seq, SeqParams, SeqTuple};
use parser::ast::{
    AlterSequenceStmt, CreateSequenceStmt, DropBehavior, DropStmt, Expr, Literal, QualifiedName,
    SequenceOption, TypeName,
};
use std::sync::Arc;
use types::oids::{INT2, INT4, INT8};
use types::Datum;

/// The options of one CREATE/ALTER SEQUENCE, each at most once.
#[derive(Default)]
struct Opts {
    as_type: Option<Oid>,
    increment: Option<i64>,
    min: Option<Option<i64>>,
    max: Option<Option<i64>>,
    start: Option<i64>,
    restart: Option<Option<i64>>,
    cache: Option<i64>,
    cycle: Option<bool>,
    owned_by: Option<Option<Vec<String>>>,
}

fn redundant() -> PgError {
    pg_err!(SYNTAX_ERROR, "conflicting or redundant options")
}

fn set_once<T>(slot: &mut Option<T>, v: T) -> PgResult<()> {
    if slot.is_some() {
        return Err(redundant());
    }
    *slot = Some(v);
    Ok(())
}

/// A constant option value (`5`, `-5`, `'5'`, `+5`).
fn const_i64(e: &Expr) -> PgResult<i64> {
    match e {
        Expr::Literal { value, .. } => match value {
            Literal::Integer(v) => Ok(*v),
            Literal::Numeric(s) | Literal::String(s) => s.trim().parse::<i64>().map_err(|_| {
                pg_err!(
                    INVALID_TEXT_REPRESENTATION,
                    "invalid input syntax for integer: \"{}\"",
                    s
                )
            }),
            _ => Err(pg_err!(SYNTAX_ERROR, "syntax error in sequence option")),
        },
        Expr::UnaryOp { op, operand, .. } if op == "-" => {
            let v = const_i64(operand)?;
            v.checked_neg()
                .ok_or_else(|| pg_err!(NUMERIC_VALUE_OUT_OF_RANGE, "bigint out of range"))
        }
        Expr::UnaryOp { op, operand, .. } if op == "+" => const_i64(operand),
        _ => Err(pg_err!(SYNTAX_ERROR, "syntax error in sequence option")),
    }
}

/// (min, max) of a sequence data type.
fn type_range(t: Oid) -> (i64, i64) {
    match t {
        INT2 => (i16::MIN as i64, i16::MAX as i64),
        INT4 => (i32::MIN as i64, i32::MAX as i64),
        _ => (i64::MIN, i64::MAX),
    }
}

fn type_word(t: Oid) -> &'static str {
    match t {
        INT2 => "smallint",
        INT4 => "integer",
        _ => "bigint",
    }
}

/// The integer type a serial type name stands for (serial → int4, ...), if it is one.
pub(crate) fn serial_type(tn: &TypeName) -> Option<Oid> {
    if !tn.array_bounds.is_empty() || !tn.modifiers.is_empty() {
        return None;
    }
    if let Some(s) = &tn.name.schema {
        if s != "pg_catalog" {
            return None;
        }
    }
    match tn.name.name.as_str() {
        "smallserial" | "serial2" => Some(INT2),
        "serial" | "serial4" => Some(INT4),
        "bigserial" | "serial8" => Some(INT8),
        _ => None,
    }
}

impl Session {
    fn collect_opts(&mut self, options: &[SequenceOption], sql: &str) -> PgResult<Opts> {
        let mut o = Opts::default();
        for opt in options {
            match opt {
                SequenceOption::As(tn) => {
                    let (t, _) = self.with_analyzer(sql, |a| a.resolve_type_name(tn))?;
                    if !matches!(t, INT2 | INT4 | INT8) {
                        return Err(pg_err!(
                            INVALID_PARAMETER_VALUE,
                            "sequence type must be smallint, integer, or bigint"
                        ));
                    }
                    set_once(&mut o.as_type, t)?
                }
                SequenceOption::IncrementBy(e) => set_once(&mut o.increment, const_i64(e)?)?,
                SequenceOption::MinValue(e) => {
                    set_once(&mut o.min, e.as_ref().map(const_i64).transpose()?)?
                }
                SequenceOption::MaxValue(e) => {
                    set_once(&mut o.max, e.as_ref().map(const_i64).transpose()?)?
                }
                SequenceOption::Start(e) => set_once(&mut o.start, const_i64(e)?)?,
                SequenceOption::Restart(e) => {
                    set_once(&mut o.restart, e.as_ref().map(const_i64).transpose()?)?
                }
                SequenceOption::Cache(e) => set_once(&mut o.cache, const_i64(e)?)?,
                SequenceOption::Cycle(c) => set_once(&mut o.cycle, *c)?,
                SequenceOption::OwnedBy(v) => set_once(&mut o.owned_by, v.clone())?,
            }
        }
        Ok(o)
    }

    pub(crate) fn exec_create_sequence(
        &mut self,
        c: &CreateSequenceStmt,
        sql: &str,
        stmt_text: &str,
    ) -> PgResult<String> {
        // The parse tree drops UNLOGGED; PostgreSQL 10 refuses it for sequences.
        let words: Vec<String> = stmt_text
            .split_whitespace()
            .take(2)
            .map(|w| w.to_ascii_lowercase())
            .collect();
        if words.len() == 2 && words[0] == "create" && words[1] == "unlogged" {
            return Err(pg_err!(
                FEATURE_NOT_SUPPORTED,
                "unlogged sequences are not supported"
            ));
        }
        let ns = self.creation_namespace_for(&c.name)?;
        let n = c.name.name.clone();
        if self
            .with_catalog(false, |cat, cx| cat.relation_by_name(cx, ns, &n))?
            .is_some()
        {
            if c.if_not_exists {
                self.notice(
                    sqlstate::DUPLICATE_TABLE,
                    &format!("relation \"{}\" already exists, skipping", c.name.name),
                );
                return Ok("CREATE SEQUENCE".into());
            }
            return Err(pg_err!(
                DUPLICATE_TABLE,
                "relation \"{}\" already exists",
                c.name.name
            ));
        }
        let o = self.collect_opts(&c.options, sql)?;
        if o.restart.is_some() {
            return Err(pg_err!(SYNTAX_ERROR, "syntax error at or near \"RESTART\""));
        }
        let p = compute_params(None, &o)?;
        let persistence = if c.temporary { b't' } else { b'p' };
        let oid = self.create_sequence_relation(ns, &c.name.name, &p, persistence)?;
        if let Some(owned) = &o.owned_by {
            self.command_counter_increment();
            self.set_owned_by(oid, ns, owned.as_deref())?;
        }
        Ok("CREATE SEQUENCE".into())
    }

    /// Create the relation, its tuple and its pg_sequence row; returns the sequence's OID.
    pub(crate) fn create_sequence_relation(
        &mut self,
        ns: Oid,
        name: &str,
        p: &SeqParams,
        persistence: u8,
    ) -> PgResult<Oid> {
        let col = |n: &str, t: Oid| NewColumn {
            name: n.to_string(),
            type_oid: t,
            typmod: -1,
            not_null: true,
            default_expr: None,
        };
        let columns = [
            col("last_value", INT8),
            col("log_cnt", INT8),
            col("is_called", types::oids::BOOL),
        ];
        let name = name.to_string();
        let oid = self.with_catalog(true, |cat, cx| {
            cat.create_relation_ex(cx, ns, &name, &columns, persistence, b'S')
        })?;
        self.command_counter_increment();
        let p = *p;
        self.with_catalog(true, |cat, cx| {
            let rel = cat
                .relation_by_oid(cx, oid)?
                .ok_or_else(|| PgError::internal("new sequence not found"))?;
            let w = access::WriteCtx {
                tm: cx.tm,
                xid: cx.xid,
                cid: cx.cid,
                snapshot: cx.snapshot,
                interrupts: cx.interrupts,
            };
            access::heap_insert(
                cx.storage,
                rel.file,
                &rel.tuple_desc,
                &seq::initial_tuple(p.start),
                &w,
            )?;
            let row = RowBuilder::new(seq_def()?)
                .oid("seqrelid", oid)
                .oid("seqtypid", p.type_oid)
                .set("seqstart", Datum::Int8(p.start))
                .set("seqincrement", Datum::Int8(p.increment))
                .set("seqmax", Datum::Int8(p.max))
                .set("seqmin", Datum::Int8(p.min))
                .set("seqcache", Datum::Int8(p.cache))
                .bool("seqcycle", p.cycle)
                .build();
            cat.insert_catalog_row(cx, schema::PG_SEQUENCE, &row)?;
            Ok(())
        })?;
        self.xact.txn.wrote = true;
        Ok(oid)
    }

    /// OWNED BY table.column (Some) or NONE (None): replaces the sequence's auto dependency.
    pub(crate) fn set_owned_by(
        &mut self,
        seq_oid: Oid,
        seq_ns: Oid,
        owned: Option<&[String]>,
    ) -> PgResult<()> {
        let target = match owned {
            None => None,
            Some(names) if names.len() < 2 => {
                return Err(pg_err!(SYNTAX_ERROR, "invalid OWNED BY option")
                    .with_hint("Specify OWNED BY table.column or OWNED BY NONE."))
            }
            Some(names) => {
                let (rel_parts, col) = names.split_at(names.len() - 1);
                let qn = QualifiedName {
                    schema: if rel_parts.len() >= 2 {
                        Some(rel_parts[rel_parts.len() - 2].clone())
                    } else {
                        None
                    },
                    name: rel_parts[rel_parts.len() - 1].clone(),
                    ..qualified_default()
                };
                let rel = self.lookup_relation(&qn)?.ok_or_else(|| {
                    pg_err!(UNDEFINED_TABLE, "relation \"{}\" does not exist", qn.name)
                })?;
                if !matches!(rel.relkind, b'r' | b'f' | b'v' | b'p') {
                    return Err(pg_err!(
                        WRONG_OBJECT_TYPE,
                        "referenced relation \"{}\" is not a table or foreign table",
                        rel.name
                    ));
                }
                if rel.namespace_oid != seq_ns {
                    return Err(pg_err!(
                        OBJECT_NOT_IN_PREREQUISITE_STATE,
                        "sequence must be in same schema as table it is linked to"
                    ));
                }
                let c = rel.column(&col[0]).ok_or_else(|| {
                    pg_err!(
                        UNDEFINED_COLUMN,
                        "column \"{}\" of relation \"{}\" does not exist",
                        col[0],
                        rel.name
                    )
                })?;
                Some((rel.oid, c.attnum))
            }
        };
        self.with_catalog(true, |cat, cx| {
            cat.delete_catalog_rows(cx, schema::PG_DEPEND, |r| {
                r.oid("classid").unwrap_or(0) == schema::PG_CLASS
                    && r.oid("objid").unwrap_or(0) == seq_oid
                    && r.oid("refclassid").unwrap_or(0) == schema::PG_CLASS
                    && r.ch("deptype").unwrap_or(0) == b'a'
            })?;
            if let Some((relid, attnum)) = target {
                let def = schema::by_oid(schema::PG_DEPEND)
                    .ok_or_else(|| PgError::internal("pg_depend missing"))?;
                let row = RowBuilder::new(def)
                    .oid("classid", schema::PG_CLASS)
                    .oid("objid", seq_oid)
                    .i32("objsubid", 0)
                    .oid("refclassid", schema::PG_CLASS)
                    .oid("refobjid", relid)
                    .i32("refobjsubid", attnum as i32)
                    .ch("deptype", b'a')
                    .build();
                cat.insert_catalog_row(cx, schema::PG_DEPEND, &row)?;
            }
            Ok(())
        })
    }

    /// TRUNCATE ... RESTART IDENTITY: restart every sequence owned by a column of `tables`
    /// (pg_depend 'a' / 'i' rows). Transactional like PostgreSQL: the sequence gets a new
    /// relation file holding a fresh tuple, so a rollback returns to the old file and value.
    pub(crate) fn restart_owned_sequences(&mut self, tables: &[Oid]) -> PgResult<()> {
        let tables = tables.to_vec();
        let mut seqs: Vec<Oid> = self
            .with_catalog(false, |cat, cx| {
                cat.catalog_rows(cx, schema::PG_DEPEND, |r| {
                    r.oid("classid").unwrap_or(0) == schema::PG_CLASS
                        && r.oid("refclassid").unwrap_or(0) == schema::PG_CLASS
                        && tables.contains(&r.oid("refobjid").unwrap_or(0))
                        && matches!(r.ch("deptype").unwrap_or(0), b'a' | b'i')
                })
            })?
            .iter()
            .filter_map(|r| r.oid("objid").ok())
            .collect();
        seqs.sort_unstable();
        seqs.dedup();
        self.xact.txn.assign_xid(&self.engine.tm)?;
        for oid in seqs {
            let Some(rel) = self.with_catalog(false, |cat, cx| cat.relation_by_oid(cx, oid))?
            else {
                continue;
            };
            if rel.relkind != b'S' {
                continue;
            }
            let Some(p) = self.with_catalog(false, |cat, cx| seq::load_params(cat, cx, oid))?
            else {
                continue;
            };
            self.with_catalog(true, |cat, cx| {
                let file = cat.new_relfilenode(cx, oid)?;
                let w = access::WriteCtx {
                    tm: cx.tm,
                    xid: cx.xid,
                    cid: cx.cid,
                    snapshot: cx.snapshot,
                    interrupts: cx.interrupts,
                };
                access::heap_insert(
                    cx.storage,
                    file,
                    &rel.tuple_desc,
                    &seq::initial_tuple(p.start),
                    &w,
                )?;
                Ok(())
            })?;
            self.command_counter_increment();
        }
        self.xact.txn.wrote = true;
        Ok(())
    }

    /// The sequence `name` (42P01 / 42809 otherwise); None for IF EXISTS misses.
    fn sequence_for_alter(
        &mut self,
        name: &QualifiedName,
        if_exists: bool,
    ) -> PgResult<Option<Arc<RelationInfo>>> {
        match self.lookup_relation(name)? {
            Some(r) if r.relkind == b'S' => Ok(Some(r)),
            Some(r) => Err(pg_err!(
                WRONG_OBJECT_TYPE,
                "\"{}\" is not a sequence",
                r.name
            )),
            None if if_exists => {
                self.notice(
                    sqlstate::SUCCESSFUL_COMPLETION,
                    &format!("relation \"{}\" does not exist, skipping", name.name),
                );
                Ok(None)
            }
            None => Err(pg_err!(
                UNDEFINED_TABLE,
                "relation \"{}\" does not exist",
                name.name
            )),
        }
    }

    pub(crate) fn exec_alter_sequence(
        &mut self,
        a: &AlterSequenceStmt,
        sql: &str,
    ) -> PgResult<String> {
        let Some(rel) = self.sequence_for_alter(&a.name, a.if_exists)? else {
            return Ok("ALTER SEQUENCE".into());
        };
        let o = self.collect_opts(&a.options, sql)?;
        let oid = rel.oid;
        let old = self
            .with_catalog(false, |cat, cx| seq::load_params(cat, cx, oid))?
            .ok_or_else(|| PgError::internal(format!("cache lookup failed for sequence {oid}")))?;
        let p = compute_params(Some(&old), &o)?;
        // Validate the (re)start value against the new bounds before changing anything.
        let cur = seq::read_tuple(&self.engine.storage, &rel)?;
        let restart = o.restart.map(|r| r.unwrap_or(p.start));
        let check_val = restart.unwrap_or(cur.last_value);
        if check_val < p.min {
            return Err(pg_err!(
                INVALID_PARAMETER_VALUE,
                "RESTART value ({}) cannot be less than MINVALUE ({})",
                check_val,
                p.min
            ));
        }
        if check_val > p.max {
            return Err(pg_err!(
                INVALID_PARAMETER_VALUE,
                "RESTART value ({}) cannot be greater than MAXVALUE ({})",
                check_val,
                p.max
            ));
        }
        if p != old {
            self.with_catalog(true, |cat, cx| {
                cat.update_catalog_rows(
                    cx,
                    schema::PG_SEQUENCE,
                    |r| r.oid("seqrelid").unwrap_or(0) == oid,
                    |r| {
                        let def = r.def;
                        RowBuilder::new(def)
                            .oid("seqrelid", oid)
                            .oid("seqtypid", p.type_oid)
                            .set("seqstart", Datum::Int8(p.start))
                            .set("seqincrement", Datum::Int8(p.increment))
                            .set("seqmax", Datum::Int8(p.max))
                            .set("seqmin", Datum::Int8(p.min))
                            .set("seqcache", Datum::Int8(p.cache))
                            .bool("seqcycle", p.cycle)
                            .build()
                    },
                )
            })?;
        }
        if restart.is_some() || p != old {
            seq::update_tuple(&self.engine.storage, &rel, |t| {
                let nt = match restart {
                    Some(v) => SeqTuple {
                        last_value: v,
                        log_cnt: 0,
                        is_called: false,
                    },
                    None => SeqTuple { log_cnt: 0, ..t },
                };
                Ok((Some(nt), ()))
            })?;
        }
        if let Some(owned) = &o.owned_by {
            self.command_counter_increment();
            self.set_owned_by(oid, rel.namespace_oid, owned.as_deref())?;
        }
        Ok("ALTER SEQUENCE".into())
    }

    pub(crate) fn exec_drop_sequence(&mut self, d: &DropStmt) -> PgResult<String> {
        for name in &d.names {
            let Some(rel) = self.lookup_relation(name)? else {
                if d.if_exists {
                    self.notice(
                        sqlstate::SUCCESSFUL_COMPLETION,
                        &format!("sequence \"{}\" does not exist, skipping", name.name),
                    );
                    continue;
                }
                return Err(pg_err!(
                    UNDEFINED_TABLE,
                    "sequence \"{}\" does not exist",
                    name.name
                ));
            };
            if rel.relkind != b'S' {
                let e = pg_err!(WRONG_OBJECT_TYPE, "\"{}\" is not a sequence", rel.name);
                return Err(match rel.relkind {
                    b'r' => e.with_hint("Use DROP TABLE to remove a table."),
                    b'v' => e.with_hint("Use DROP VIEW to remove a view."),
                    b'i' => e.with_hint("Use DROP INDEX to remove an index."),
                    _ => e,
                });
            }
            self.drop_sequence_defaults(&rel, d.behavior == DropBehavior::Cascade)?;
            let oid = rel.oid;
            self.with_catalog(true, |cat, cx| cat.drop_relation(cx, oid))?;
        }
        Ok("DROP SEQUENCE".into())
    }

    /// Column defaults that call nextval() on `rel` block its drop (2BP01) unless CASCADE,
    /// which removes them.
    fn drop_sequence_defaults(&mut self, rel: &RelationInfo, cascade: bool) -> PgResult<()> {
        let needles = [
            format!("nextval('{}'::regclass)", quote_literal_name(&rel.name)),
            format!("nextval('{}')", quote_literal_name(&rel.name)),
            format!(
                "nextval('{}.{}'::regclass)",
                rel.namespace_name,
                quote_literal_name(&rel.name)
            ),
        ];
        let rows = self.with_catalog(false, |cat, cx| {
            cat.catalog_rows(cx, schema::PG_ATTRDEF, |r| {
                r.text("adsrc")
                    .map(|s| needles.iter().any(|n| s.contains(n.as_str())))
                    .unwrap_or(false)
            })
        })?;
        if rows.is_empty() {
            return Ok(());
        }
        let mut deps = Vec::new();
        for r in &rows {
            let relid = r.oid("adrelid")?;
            let attnum = r.int("adnum")? as i16;
            let t = self.with_catalog(false, |cat, cx| cat.relation_by_oid(cx, relid))?;
            if let Some(t) = t {
                let col = t
                    .columns
                    .iter()
                    .find(|c| c.attnum == attnum)
                    .map(|c| c.name.clone())
                    .unwrap_or_default();
                deps.push((
                    relid,
                    attnum,
                    format!("default for table {} column {}", t.name, col),
                ));
            }
        }
        if deps.is_empty() {
            return Ok(());
        }
        if !cascade {
            let detail = deps
                .iter()
                .map(|(_, _, s)| format!("{s} depends on sequence {}", rel.name))
                .collect::<Vec<_>>()
                .join("\n");
            return Err(pg_err!(
                DEPENDENT_OBJECTS_STILL_EXIST,
                "cannot drop sequence {} because other objects depend on it",
                rel.name
            )
            .with_detail(&detail)
            .with_hint("Use DROP ... CASCADE to drop the dependent objects too."));
        }
        for (relid, attnum, what) in deps {
            self.notice(
                sqlstate::SUCCESSFUL_COMPLETION,
                &format!("drop cascades to {what}"),
            );
            self.with_catalog(true, |cat, cx| {
                cat.set_column_default(cx, relid, attnum, None)
            })?;
        }
        self.command_counter_increment();
        Ok(())
    }

    /// A name for the sequence of serial column `col` of `table` in `ns`: `<table>_<col>_seq`,
    /// numbered when taken (`taken` holds names chosen earlier in the same statement).
    pub(crate) fn choose_serial_name(
        &mut self,
        ns: Oid,
        table: &str,
        col: &str,
        taken: &[String],
    ) -> PgResult<String> {
        for i in 0..10_000 {
            let suffix = if i == 0 {
                "_seq".to_string()
            } else {
                format!("_seq{i}")
            };
            let name = make_object_name(table, col, &suffix);
            if taken.contains(&name) {
                continue;
            }
            let n = name.clone();
            if self
                .with_catalog(false, |cat, cx| cat.relation_by_name(cx, ns, &n))?
                .is_none()
            {
                return Ok(name);
            }
        }
        Err(pg_err!(DUPLICATE_TABLE, "could not choose a sequence name"))
    }

    /// After CREATE TABLE: create each serial column's sequence, owned by the column.
    pub(crate) fn create_serial_sequences(
        &mut self,
        table_oid: Oid,
        ns: Oid,
        persistence: u8,
        serials: &[(String, String, Oid)],
    ) -> PgResult<()> {
        if serials.is_empty() {
            return Ok(());
        }
        self.command_counter_increment();
        let rel = self
            .with_catalog(false, |cat, cx| cat.relation_by_oid(cx, table_oid))?
            .ok_or_else(|| PgError::internal("new table not found"))?;
        for (col, seq_name, typ) in serials {
            let o = Opts {
                as_type: Some(*typ),
                ..Opts::default()
            };
            let p = compute_params(None, &o)?;
            let seq_oid = self.create_sequence_relation(ns, seq_name, &p, persistence)?;
            self.command_counter_increment();
            let attnum = rel
                .column(col)
                .map(|c| c.attnum)
                .ok_or_else(|| PgError::internal("serial column not found"))?;
            self.with_catalog(true, |cat, cx| {
                let def = schema::by_oid(schema::PG_DEPEND)
                    .ok_or_else(|| PgError::internal("pg_depend missing"))?;
                let row = RowBuilder::new(def)
                    .oid("classid", schema::PG_CLASS)
                    .oid("objid", seq_oid)
                    .i32("objsubid", 0)
                    .oid("refclassid", schema::PG_CLASS)
                    .oid("refobjid", table_oid)
                    .i32("refobjsubid", attnum as i32)
                    .ch("deptype", b'a')
                    .build();
                cat.insert_catalog_row(cx, schema::PG_DEPEND, &row)
            })?;
        }
        Ok(())
    }

    /// The default expression text of a serial column using sequence `seq` in `ns`.
    pub(crate) fn serial_default(&mut self, ns: Oid, seq: &str) -> PgResult<String> {
        let visible = self.search_path_oids()?.first() == Some(&ns);
        let lit = if visible {
            quote_literal_name(seq)
        } else {
            let nsname = self
                .with_catalog(false, |cat, cx| cat.namespace_name(cx, ns))?
                .unwrap_or_default();
            format!(
                "{}.{}",
                quote_literal_name(&nsname),
                quote_literal_name(seq)
            )
        };
        Ok(format!("nextval('{lit}'::regclass)"))
    }
}

fn seq_def() -> PgResult<&'static schema::CatalogDef> {
    schema::by_oid(schema::PG_SEQUENCE).ok_or_else(|| PgError::internal("pg_sequence missing"))
}

fn qualified_default() -> QualifiedName {
    QualifiedName {
        catalog: None,
        schema: None,
        name: String::new(),
        location: -1,
    }
}

/// An identifier as it appears inside a regclass literal (quoted if needed, `'` doubled).
fn quote_literal_name(name: &str) -> String {
    catalog::ddl::quote_identifier(name).replace('\'', "''")
}

/// `<a>_<b><suffix>` truncated to 63 bytes by shortening the longer of a and b first, like
/// PostgreSQL's makeObjectName.
fn make_object_name(a: &str, b: &str, suffix: &str) -> String {
    let max = 63usize;
    let mut a: Vec<char> = a.chars().collect();
    let mut b: Vec<char> = b.chars().collect();
    let len = |v: &[char]| v.iter().map(|c| c.len_utf8()).sum::<usize>();
    while len(&a) + len(&b) + 1 + suffix.len() > max {
        if len(&a) > len(&b) {
            a.pop();
        } else if !b.is_empty() {
            b.pop();
        } else {
            break;
        }
    }
    let a: String = a.into_iter().collect();
    let b: String = b.into_iter().collect();
    format!("{a}_{b}{suffix}")
}

/// PostgreSQL's init_params: the new parameters from `old` (ALTER) or the defaults (CREATE)
/// and the given options, with its checks and messages.
fn compute_params(old: Option<&SeqParams>, o: &Opts) -> PgResult<SeqParams> {
    let typ = o.as_type.or(old.map(|p| p.type_oid)).unwrap_or(INT8);
    let (tmin, tmax) = type_range(typ);
    let increment = o.increment.or(old.map(|p| p.increment)).unwrap_or(1);
    if increment == 0 {
        return Err(pg_err!(
            INVALID_PARAMETER_VALUE,
            "INCREMENT must not be zero"
        ));
    }
    let cycle = o.cycle.or(old.map(|p| p.cycle)).unwrap_or(false);
    // AS changing the type resets bounds that were the old type's limits.
    let type_changed = old.map(|p| p.type_oid != typ).unwrap_or(false);
    let old_range = old.map(|p| type_range(p.type_oid));
    let max = match o.max {
        Some(Some(v)) => v,
        Some(None) => {
            if increment > 0 {
                tmax
            } else {
                -1
            }
        }
        None => match old {
            Some(p) if type_changed && old_range.map(|r| r.1) == Some(p.max) => tmax,
            Some(p) => p.max,
            None => {
                if increment > 0 {
                    tmax
                } else {
                    -1
                }
            }
        },
    };
    let min = match o.min {
        Some(Some(v)) => v,
        Some(None) => {
            if increment > 0 {
                1
            } else {
                tmin
            }
        }
        None => match old {
            Some(p) if type_changed && old_range.map(|r| r.0) == Some(p.min) => tmin,
            Some(p) => p.min,
            None => {
                if increment > 0 {
                    1
                } else {
                    tmin
                }
            }
        },
    };
    if max < tmin || max > tmax {
        return Err(pg_err!(
            INVALID_PARAMETER_VALUE,
            "MAXVALUE ({}) is out of range for sequence data type {}",
            max,
            type_word(typ)
        ));
    }
    if min < tmin || min > tmax {
        return Err(pg_err!(
            INVALID_PARAMETER_VALUE,
            "MINVALUE ({}) is out of range for sequence data type {}",
            min,
            type_word(typ)
        ));
    }
    if min >= max {
        return Err(pg_err!(
            INVALID_PARAMETER_VALUE,
            "MINVALUE ({}) must be less than MAXVALUE ({})",
            min,
            max
        ));
    }
    let start = match (o.start, old) {
        (Some(s), _) => s,
        (None, Some(p)) => p.start,
        (None, None) => {
            if increment > 0 {
                min
            } else {
                max
            }
        }
    };
    if start < min {
        return Err(pg_err!(
            INVALID_PARAMETER_VALUE,
            "START value ({}) cannot be less than MINVALUE ({})",
            start,
            min
        ));
    }
    if start > max {
        return Err(pg_err!(
            INVALID_PARAMETER_VALUE,
            "START value ({}) cannot be greater than MAXVALUE ({})",
            start,
            max
        ));
    }
    let cache = o.cache.or(old.map(|p| p.cache)).unwrap_or(1);
    if cache <= 0 {
        return Err(pg_err!(
            INVALID_PARAMETER_VALUE,
            "CACHE ({}) must be greater than zero",
            cache
        ));
    }
    Ok(SeqParams {
        type_oid: typ,
        start,
        increment,
        max,
        min,
        cache,
        cycle,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(o: Opts) -> PgResult<SeqParams> {
        compute_params(None, &o)
    }

    #[test]
    fn defaults() {
        let p = params(Opts::default()).unwrap();
        assert_eq!(
            (p.min, p.max, p.start, p.increment, p.cache),
            (1, i64::MAX, 1, 1, 1)
        );
        let p = params(Opts {
            increment: Some(-1),
            ..Opts::default()
        })
        .unwrap();
        assert_eq!((p.min, p.max, p.start), (i64::MIN, -1, -1));
        let p = params(Opts {
            as_type: Some(INT4),
            ..Opts::default()
        })
        .unwrap();
        assert_eq!(p.max, 2147483647);
    }

    #[test]
    fn errors() {
        let e = params(Opts {
            min: Some(Some(10)),
            max: Some(Some(5)),
            ..Opts::default()
        })
        .unwrap_err();
        assert_eq!(e.message, "MINVALUE (10) must be less than MAXVALUE (5)");
        let e = params(Opts {
            start: Some(0),
            ..Opts::default()
        })
        .unwrap_err();
        assert_eq!(
            e.message,
            "START value (0) cannot be less than MINVALUE (1)"
        );
        let e = params(Opts {
            increment: Some(0),
            ..Opts::default()
        })
        .unwrap_err();
        assert_eq!(e.message, "INCREMENT must not be zero");
        let e = params(Opts {
            as_type: Some(INT2),
            max: Some(Some(100000)),
            ..Opts::default()
        })
        .unwrap_err();
        assert_eq!(
            e.message,
            "MAXVALUE (100000) is out of range for sequence data type smallint"
        );
    }

    #[test]
    fn alter_type_resets_limits() {
        let old = params(Opts {
            as_type: Some(INT8),
            ..Opts::default()
        })
        .unwrap();
        let p = compute_params(
            Some(&old),
            &Opts {
                as_type: Some(INT2),
                ..Opts::default()
            },
        )
        .unwrap();
        assert_eq!(p.max, 32767);
    }

    #[test]
    fn object_names() {
        assert_eq!(make_object_name("t", "id", "_seq"), "t_id_seq");
        let long = "a".repeat(70);
        let n = make_object_name(&long, "id", "_seq");
        assert_eq!(n.len(), 63);
        assert!(n.ends_with("_id_seq"));
    }
}
