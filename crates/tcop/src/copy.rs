//! COPY: `COPY table [(cols)] FROM/TO file|STDIN|STDOUT|PROGRAM` and `COPY (query) TO ...` in
//! text, CSV and binary formats, as PostgreSQL 10 does it. Rows are read/written one at a
//! time (COPY TO STDOUT streams one CopyData per row; the `Output` batches the flushes).
//! COPY FROM fills columns missing from the column list with their defaults (evaluated once
//! for constants, once per row otherwise), checks NOT NULL, and reports errors with
//! PostgreSQL's `COPY t, line N[, column c]: "..."` context.
//! Options live in `options`, the text/CSV field syntax in `format`, input buffering and line
//! splitting in `reader`.

mod format;
mod options;
mod reader;

use crate::session::Session;
use crate::Output;
use catalog::RelationInfo;
use common::{pg_err, Oid, PgError, PgResult};
use executor::{ResultColumn, ResultSink};
use format::Field;
use options::{ColumnSel, CopyOptions, Format};
use parser::ast::{CopyStmt, Statement};
use reader::{CopyReader, Source};
use std::io::Write;
use std::path::{Path, PathBuf};
use types::{Datum, SessionEnv};

/// Rows parsed before COPY FROM stores them together.
const COPY_BATCH_ROWS: usize = 1000;

const BINARY_SIGNATURE: &[u8; 11] = b"PGCOPY\n\xff\r\n\0";

/// An ExecContext over the session's fields.
macro_rules! exec_cx {
    ($s:expr, $notices:expr) => {
        executor::ExecContext {
            storage: &$s.engine.storage,
            tm: &$s.engine.tm,
            catalog: &$s.engine.catalog,
            db_oid: $s.db.oid,
            db_name: &$s.db.name,
            user_oid: $s.role.oid,
            user_name: &$s.role.name,
            txn: &mut $s.xact.txn,
            env: &$s.env,
            gucs: &mut $s.gucs,
            interrupts: &$s.interrupts,
            notices: &mut $notices,
            backend_pid: $s.backend_pid,
            params: &[],
            session_relations: None,
        }
    };
}

/// The text of an I/O error as `%m` prints it (without Rust's " (os error N)").
fn strerror(e: &std::io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// errcode_for_file_access.
fn file_error(e: &std::io::Error, msg: String) -> PgError {
    use common::sqlstate as c;
    let code = match e.raw_os_error() {
        Some(2) | Some(20) => c::UNDEFINED_FILE,
        Some(1) | Some(13) => c::INSUFFICIENT_PRIVILEGE,
        Some(17) => c::DUPLICATE_FILE,
        Some(21) => c::WRONG_OBJECT_TYPE,
        Some(28) => c::DISK_FULL,
        _ => c::IO_ERROR,
    };
    PgError::new(code, format!("{msg}: {}", strerror(e)))
}

fn program_status(cmd: &str, status: std::process::ExitStatus) -> PgResult<()> {
    if status.success() {
        return Ok(());
    }
    let detail = match status.code() {
        Some(c) => format!("child process exited with exit code {c}"),
        None => "child process was terminated by signal".to_string(),
    };
    Err(pg_err!(EXTERNAL_ROUTINE_EXCEPTION, "program \"{}\" failed", cmd).with_detail(detail))
}

/// Where COPY TO output goes.
enum Dest<'a> {
    Client(&'a mut dyn Output),
    File(std::io::BufWriter<std::fs::File>),
    Program(std::process::Child, String),
}

impl Dest<'_> {
    fn write(&mut self, data: &[u8]) -> PgResult<()> {
        if data.is_empty() {
            return Ok(());
        }
        let r = match self {
            Dest::Client(out) => return out.copy_out_data(data),
            Dest::File(f) => f.write_all(data),
            Dest::Program(child, _) => match child.stdin.as_mut() {
                Some(w) => w.write_all(data),
                None => Ok(()),
            },
        };
        r.map_err(|e| file_error(&e, "could not write to COPY file".to_string()))
    }

    fn finish(self) -> PgResult<()> {
        match self {
            Dest::Client(out) => out.copy_out_end(),
            Dest::File(mut f) => f
                .flush()
                .map_err(|e| file_error(&e, "could not write to COPY file".to_string())),
            Dest::Program(mut child, cmd) => {
                drop(child.stdin.take());
                let st = child.wait().map_err(|e| {
                    file_error(&e, "could not close pipe to external command".into())
                })?;
                program_status(&cmd, st)
            }
        }
    }
}

/// Formats rows for COPY TO.
struct RowWriter<'a> {
    o: &'a CopyOptions,
    env: &'a SessionEnv,
    types: Vec<Oid>,
    force: Vec<bool>,
    buf: Vec<u8>,
}

impl RowWriter<'_> {
    fn begin(&mut self, names: &[String]) {
        match self.o.format {
            Format::Binary => {
                self.buf.extend_from_slice(BINARY_SIGNATURE);
                self.buf.extend_from_slice(&0i32.to_be_bytes());
                self.buf.extend_from_slice(&0i32.to_be_bytes());
            }
            Format::Csv if self.o.header => {
                let single = names.len() == 1;
                for (i, n) in names.iter().enumerate() {
                    if i > 0 {
                        self.buf.push(self.o.delimiter);
                    }
                    format::write_csv(n.as_bytes(), self.o, false, single, &mut self.buf);
                }
                self.buf.push(b'\n');
            }
            _ => {}
        }
    }

    fn row<'d>(&mut self, values: impl Iterator<Item = &'d Datum>) -> PgResult<()> {
        let n = self.types.len();
        if self.o.format == Format::Binary {
            self.buf.extend_from_slice(&(n as i16).to_be_bytes());
        }
        for (i, v) in values.enumerate() {
            let typ = self.types.get(i).copied().unwrap_or(types::oids::TEXT);
            match self.o.format {
                Format::Binary => {
                    if v.is_null() {
                        self.buf.extend_from_slice(&(-1i32).to_be_bytes());
                    } else {
                        let b = types::io::send(typ, v, self.env)?;
                        self.buf.extend_from_slice(&(b.len() as i32).to_be_bytes());
                        self.buf.extend_from_slice(&b);
                    }
                }
                Format::Text | Format::Csv => {
                    if i > 0 {
                        self.buf.push(self.o.delimiter);
                    }
                    if v.is_null() {
                        self.buf.extend_from_slice(self.o.null.as_bytes());
                        continue;
                    }
                    let s = types::io::output(typ, v, self.env)?;
                    if self.o.format == Format::Csv {
                        let force = self.force.get(i).copied().unwrap_or(false);
                        format::write_csv(s.as_bytes(), self.o, force, n == 1, &mut self.buf);
                    } else {
                        format::write_text(s.as_bytes(), self.o.delimiter, &mut self.buf);
                    }
                }
            }
        }
        if self.o.format != Format::Binary {
            self.buf.push(b'\n');
        }
        Ok(())
    }

    fn trailer(&mut self) {
        if self.o.format == Format::Binary {
            self.buf.extend_from_slice(&(-1i16).to_be_bytes());
        }
    }

    fn flush_to(&mut self, dest: &mut Dest) -> PgResult<()> {
        let r = dest.write(&self.buf);
        self.buf.clear();
        r
    }
}

fn copy_formats(o: &CopyOptions, n: usize) -> (i8, Vec<i16>) {
    let f = i16::from(o.format == Format::Binary);
    (f as i8, vec![f; n])
}

/// Map COPY's column names to indexes of `names` (all columns when `wanted` is empty).
fn resolve_columns(
    names: &[Option<&str>],
    wanted: &[String],
    relname: Option<&str>,
) -> PgResult<Vec<usize>> {
    if wanted.is_empty() {
        return Ok(names
            .iter()
            .enumerate()
            .filter(|(_, n)| n.is_some())
            .map(|(i, _)| i)
            .collect());
    }
    let mut out: Vec<usize> = Vec::with_capacity(wanted.len());
    for w in wanted {
        let Some(i) = names.iter().position(|n| *n == Some(w.as_str())) else {
            return Err(match relname {
                Some(r) => pg_err!(
                    UNDEFINED_COLUMN,
                    "column \"{}\" of relation \"{}\" does not exist",
                    w,
                    r
                ),
                None => pg_err!(UNDEFINED_COLUMN, "column \"{}\" does not exist", w),
            });
        };
        if out.contains(&i) {
            return Err(pg_err!(
                DUPLICATE_COLUMN,
                "column \"{}\" specified more than once",
                w
            ));
        }
        out.push(i);
    }
    Ok(out)
}

/// Per selected column: is it named by a FORCE_* option?
fn force_flags(
    sel: &ColumnSel,
    option: &str,
    names: &[Option<&str>],
    attnums: &[usize],
    relname: Option<&str>,
) -> PgResult<Vec<bool>> {
    let mut flags = vec![false; attnums.len()];
    match sel {
        ColumnSel::None => {}
        ColumnSel::All => flags.iter_mut().for_each(|f| *f = true),
        ColumnSel::List(list) => {
            for name in list {
                let idx = resolve_columns(names, std::slice::from_ref(name), relname)?;
                let pos = idx
                    .first()
                    .and_then(|i| attnums.iter().position(|a| a == i));
                match pos {
                    Some(p) => flags[p] = true,
                    None => {
                        return Err(pg_err!(
                            INVALID_COLUMN_REFERENCE,
                            "{} column \"{}\" not referenced by COPY",
                            option,
                            name
                        ))
                    }
                }
            }
        }
    }
    Ok(flags)
}

/// Collects rows (default evaluation).
struct Collect(Vec<Vec<Datum>>);

impl ResultSink for Collect {
    fn describe(&mut self, _: &[ResultColumn]) -> PgResult<()> {
        Ok(())
    }
    fn row(&mut self, values: &[Datum]) -> PgResult<()> {
        self.0.push(values.to_vec());
        Ok(())
    }
}

/// Streams a query's rows to a COPY destination.
struct QuerySink<'w, 'd, 'a> {
    w: &'w mut RowWriter<'a>,
    dest: &'w mut Option<Dest<'d>>,
    force_quote: &'w ColumnSel,
    begun: bool,
    count: u64,
}

impl ResultSink for QuerySink<'_, '_, '_> {
    fn describe(&mut self, columns: &[ResultColumn]) -> PgResult<()> {
        let names: Vec<Option<&str>> = columns.iter().map(|c| Some(c.name.as_str())).collect();
        let all: Vec<usize> = (0..columns.len()).collect();
        self.w.force = force_flags(self.force_quote, "FORCE_QUOTE", &names, &all, None)?;
        self.w.types = columns.iter().map(|c| c.type_oid).collect();
        if let Some(Dest::Client(out)) = self.dest.as_mut() {
            let (f, cols) = copy_formats(self.w.o, columns.len());
            out.copy_out_begin(f, &cols)?;
        }
        let names: Vec<String> = columns.iter().map(|c| c.name.clone()).collect();
        self.w.begin(&names);
        self.begun = true;
        Ok(())
    }

    fn row(&mut self, values: &[Datum]) -> PgResult<()> {
        self.w.row(values.iter())?;
        if let Some(d) = self.dest.as_mut() {
            self.w.flush_to(d)?;
        }
        self.count += 1;
        Ok(())
    }
}

/// The CONTEXT line for an error at `line` of a text/CSV COPY FROM.
fn line_context(rel: &str, lineno: u64, line: Option<&[u8]>) -> String {
    match line.and_then(|l| std::str::from_utf8(l).ok()) {
        Some(l) => format!(
            "COPY {rel}, line {lineno}: \"{}\"",
            format::limit_printout(l)
        ),
        None => format!("COPY {rel}, line {lineno}"),
    }
}

impl Session {
    /// Execute a COPY statement; returns the `COPY n` command tag.
    pub(crate) fn exec_copy(
        &mut self,
        stmt: &CopyStmt,
        sql: &str,
        out: &mut dyn Output,
    ) -> PgResult<String> {
        if stmt.where_clause.is_some() {
            return Err(pg_err!(
                FEATURE_NOT_SUPPORTED,
                "COPY ... WHERE is not supported"
            ));
        }
        if stmt.filename.is_some() && !self.role.superuser {
            let what = if stmt.program {
                "must be superuser to COPY to or from an external program"
            } else {
                "must be superuser to COPY to or from a file"
            };
            return Err(pg_err!(INSUFFICIENT_PRIVILEGE, "{}", what).with_hint(
                "Anyone can COPY to stdout or from stdin. psql's \\copy command also works for anyone.",
            ));
        }
        let opts = options::process(&stmt.options, stmt.is_from)?;
        if stmt.is_from {
            self.copy_from(stmt, &opts, out)
        } else {
            self.copy_to(stmt, &opts, sql, out)
        }
    }

    fn copy_relation(&mut self, stmt: &CopyStmt) -> PgResult<std::sync::Arc<RelationInfo>> {
        let name = stmt
            .table
            .as_ref()
            .ok_or_else(|| PgError::internal("COPY without a table"))?;
        let rel = self
            .lookup_relation(name)?
            .ok_or_else(|| pg_err!(UNDEFINED_TABLE, "relation \"{}\" does not exist", name.name))?;
        let wants_oids = stmt
            .options
            .iter()
            .any(|(n, v)| n == "oids" && !matches!(v.as_deref(), Some("false" | "off" | "0")));
        if wants_oids && !rel.has_oids() {
            return Err(pg_err!(
                UNDEFINED_COLUMN,
                "table \"{}\" does not have OIDs",
                rel.name
            ));
        }
        Ok(rel)
    }

    fn server_path(&self, file: &str) -> PathBuf {
        let p = Path::new(file);
        if p.is_absolute() {
            p.to_path_buf()
        } else {
            self.engine.data_dir().join(p)
        }
    }

    fn open_dest<'o>(&self, stmt: &CopyStmt, out: &'o mut dyn Output) -> PgResult<Dest<'o>> {
        match &stmt.filename {
            None => Ok(Dest::Client(out)),
            Some(cmd) if stmt.program => {
                let child = std::process::Command::new("/bin/sh")
                    .arg("-c")
                    .arg(cmd)
                    .stdin(std::process::Stdio::piped())
                    .spawn()
                    .map_err(|e| file_error(&e, format!("could not execute command \"{cmd}\"")))?;
                Ok(Dest::Program(child, cmd.clone()))
            }
            Some(file) => {
                if !Path::new(file).is_absolute() {
                    return Err(pg_err!(
                        INVALID_NAME,
                        "relative path not allowed for COPY to file"
                    ));
                }
                let f = std::fs::File::create(file).map_err(|e| {
                    file_error(&e, format!("could not open file \"{file}\" for writing"))
                })?;
                Ok(Dest::File(std::io::BufWriter::with_capacity(65536, f)))
            }
        }
    }

    fn copy_to(
        &mut self,
        stmt: &CopyStmt,
        opts: &CopyOptions,
        sql: &str,
        out: &mut dyn Output,
    ) -> PgResult<String> {
        if let Some(q) = &stmt.query {
            if opts.oids {
                return Err(pg_err!(
                    FEATURE_NOT_SUPPORTED,
                    "COPY (query) WITH OIDS is not supported"
                ));
            }
            return self.copy_query_to(q, stmt, opts, sql, out);
        }
        let rel = self.copy_relation(stmt)?;
        if rel.relkind != b'r' {
            let (what, hint) = match rel.relkind {
                b'v' => ("view", true),
                b'm' => ("materialized view", true),
                b'p' => ("partitioned table", true),
                b'f' => ("foreign table", true),
                b'S' => ("sequence", false),
                _ => ("non-table relation", false),
            };
            let e = pg_err!(
                WRONG_OBJECT_TYPE,
                "cannot copy from {} \"{}\"",
                what,
                rel.name
            );
            return Err(if hint {
                e.with_hint("Try the COPY (SELECT ...) TO variant.")
            } else {
                e
            });
        }
        let names: Vec<Option<&str>> = rel
            .columns
            .iter()
            .map(|c| (!c.dropped).then_some(c.name.as_str()))
            .collect();
        let attnums = resolve_columns(&names, &stmt.columns, Some(&rel.name))?;
        let force = force_flags(
            &opts.force_quote,
            "FORCE_QUOTE",
            &names,
            &attnums,
            Some(&rel.name),
        )?;
        if opts.oids && opts.format == Format::Binary {
            return Err(pg_err!(
                FEATURE_NOT_SUPPORTED,
                "COPY TO WITH OIDS in binary format is not supported yet"
            ));
        }
        let env = self.env.clone();
        let with_oid = opts.oids;
        let mut types: Vec<common::Oid> = Vec::new();
        let mut force = force;
        if with_oid {
            types.push(types::oids::OID);
            force.insert(0, false);
        }
        types.extend(attnums.iter().map(|&i| rel.columns[i].type_oid));
        let mut w = RowWriter {
            o: opts,
            env: &env,
            types,
            force,
            buf: Vec::new(),
        };
        let oid_slot = rel.columns.len();
        let mut dest = self.open_dest(stmt, out)?;
        if let Dest::Client(out) = &mut dest {
            let (f, cols) = copy_formats(opts, attnums.len());
            out.copy_out_begin(f, &cols)?;
        }
        let col_names: Vec<String> = attnums
            .iter()
            .map(|&i| rel.columns[i].name.clone())
            .collect();
        w.begin(&col_names);
        if opts.format != Format::Binary {
            w.flush_to(&mut dest)?;
        }
        let mut scan = access::HeapScan::new(
            self.engine.storage.clone(),
            rel.file,
            rel.tuple_desc.clone(),
            self.xact.txn.snapshot.clone(),
            self.engine.tm.clone(),
        );
        let mut count: u64 = 0;
        while let Some(t) = scan.next_tuple()? {
            if count.is_multiple_of(256) {
                self.interrupts.check()?;
            }
            let oid = with_oid.then(|| t.values.get(oid_slot).unwrap_or(&Datum::Null));
            w.row(
                oid.into_iter().chain(
                    attnums
                        .iter()
                        .map(|&i| t.values.get(i).unwrap_or(&Datum::Null)),
                ),
            )?;
            w.flush_to(&mut dest)?;
            count += 1;
        }
        w.trailer();
        w.flush_to(&mut dest)?;
        dest.finish()?;
        Ok(format!("COPY {count}"))
    }

    fn copy_query_to(
        &mut self,
        query: &Statement,
        stmt: &CopyStmt,
        opts: &CopyOptions,
        sql: &str,
        out: &mut dyn Output,
    ) -> PgResult<String> {
        let returning = match query {
            Statement::Insert(i) => Some(!i.returning.is_empty()),
            Statement::Update(u) => Some(!u.returning.is_empty()),
            Statement::Delete(d) => Some(!d.returning.is_empty()),
            _ => None,
        };
        if returning == Some(false) {
            return Err(pg_err!(
                FEATURE_NOT_SUPPORTED,
                "COPY query must have a RETURNING clause"
            ));
        }
        if let Statement::Select(s) = query {
            if Session::split_select_into(s).is_some() {
                return Err(pg_err!(
                    FEATURE_NOT_SUPPORTED,
                    "COPY (SELECT INTO) is not supported"
                ));
            }
        }
        let env = self.env.clone();
        let mut w = RowWriter {
            o: opts,
            env: &env,
            types: Vec::new(),
            force: Vec::new(),
            buf: Vec::new(),
        };
        let mut dest = Some(self.open_dest(stmt, out)?);
        let mut notices = Vec::new();
        let (result, begun, count) = {
            let mut sink = QuerySink {
                w: &mut w,
                dest: &mut dest,
                force_quote: &opts.force_quote,
                begun: false,
                count: 0,
            };
            let mut cx = exec_cx!(self, notices);
            let r = executor::execute_statement(query, sql, &mut cx, &mut sink);
            (r, sink.begun, sink.count)
        };
        self.notices.extend(notices);
        result?;
        let mut dest = dest.ok_or_else(|| PgError::internal("COPY destination lost"))?;
        if !begun {
            if let Dest::Client(out) = &mut dest {
                let (f, cols) = copy_formats(opts, 0);
                out.copy_out_begin(f, &cols)?;
            }
            w.begin(&[]);
        }
        w.trailer();
        w.flush_to(&mut dest)?;
        dest.finish()?;
        Ok(format!("COPY {count}"))
    }

    fn copy_from(
        &mut self,
        stmt: &CopyStmt,
        opts: &CopyOptions,
        out: &mut dyn Output,
    ) -> PgResult<String> {
        let rel = self.copy_relation(stmt)?;
        if rel.relkind != b'r' {
            let what = match rel.relkind {
                b'v' => "view",
                b'm' => "materialized view",
                b'p' => "partitioned table",
                b'f' => "foreign table",
                b'S' => "sequence",
                _ => "non-table relation",
            };
            return Err(pg_err!(
                WRONG_OBJECT_TYPE,
                "cannot copy to {} \"{}\"",
                what,
                rel.name
            ));
        }
        let names: Vec<Option<&str>> = rel
            .columns
            .iter()
            .map(|c| (!c.dropped).then_some(c.name.as_str()))
            .collect();
        let attnums = resolve_columns(&names, &stmt.columns, Some(&rel.name))?;
        let force_not_null = force_flags(
            &opts.force_not_null,
            "FORCE_NOT_NULL",
            &names,
            &attnums,
            Some(&rel.name),
        )?;
        let force_null = force_flags(
            &opts.force_null,
            "FORCE_NULL",
            &names,
            &attnums,
            Some(&rel.name),
        )?;

        // Defaults of the columns COPY does not supply.
        let default_cols: Vec<usize> = rel
            .columns
            .iter()
            .enumerate()
            .filter(|(i, c)| !c.dropped && c.default_expr.is_some() && !attnums.contains(i))
            .map(|(i, _)| i)
            .collect();
        let mut per_row = false;
        let mut default_sql = String::from("SELECT ");
        for (k, &i) in default_cols.iter().enumerate() {
            let text = rel.columns[i].default_expr.as_deref().unwrap_or("NULL");
            if !is_constant(text) {
                per_row = true;
            }
            if k > 0 {
                default_sql.push_str(", ");
            }
            default_sql.push('(');
            default_sql.push_str(text);
            default_sql.push(')');
        }
        let planned = if default_cols.is_empty() {
            None
        } else {
            let parsed = parser::parse(&default_sql)?;
            let first = parsed
                .first()
                .ok_or_else(|| PgError::internal("bad default expression"))?;
            let mut notices = Vec::new();
            let p = {
                let cx = exec_cx!(self, notices);
                executor::plan_statement(&first.stmt, &default_sql, &cx)?
            };
            self.notices.extend(notices);
            Some(p)
        };
        let default_types: Vec<Oid> = planned
            .as_ref()
            .map(|p| p.columns.iter().map(|c| c.1).collect())
            .unwrap_or_default();
        let eval_defaults = |s: &mut Session| -> PgResult<Vec<Datum>> {
            let Some(p) = &planned else {
                return Ok(Vec::new());
            };
            let mut sink = Collect(Vec::new());
            let mut notices = Vec::new();
            let r = {
                let mut cx = exec_cx!(s, notices);
                executor::run_planned(p, &mut cx, &mut sink)
            };
            s.notices.extend(notices);
            r?;
            let row = sink.0.into_iter().next().unwrap_or_default();
            let mut vals = Vec::with_capacity(default_cols.len());
            for (k, &i) in default_cols.iter().enumerate() {
                let c = &s_col(&rel, i);
                let v = row.get(k).cloned().unwrap_or(Datum::Null);
                let from = default_types.get(k).copied().unwrap_or(types::oids::TEXT);
                vals.push(coerce(v, from, c.0, c.1, &s.env)?);
            }
            Ok(vals)
        };

        // Open the source.
        let (format_code, col_formats) = copy_formats(opts, attnums.len());
        let mut child = None;
        let src = match &stmt.filename {
            None => {
                out.copy_in_begin(format_code, &col_formats)?;
                Source::Client(out)
            }
            Some(cmd) if stmt.program => {
                let mut c = std::process::Command::new("/bin/sh")
                    .arg("-c")
                    .arg(cmd)
                    .stdout(std::process::Stdio::piped())
                    .spawn()
                    .map_err(|e| file_error(&e, format!("could not execute command \"{cmd}\"")))?;
                let so = c
                    .stdout
                    .take()
                    .ok_or_else(|| PgError::internal("no pipe from program"))?;
                child = Some((c, cmd.clone()));
                Source::Stream(Box::new(so))
            }
            Some(file) => {
                let path = self.server_path(file);
                let f = std::fs::File::open(&path).map_err(|e| {
                    file_error(&e, format!("could not open file \"{file}\" for reading"))
                })?;
                if f.metadata().map(|m| m.is_dir()).unwrap_or(false) {
                    return Err(pg_err!(WRONG_OBJECT_TYPE, "\"{}\" is a directory", file));
                }
                Source::Stream(Box::new(f))
            }
        };
        let mut rd = CopyReader::new(src);

        self.xact.txn.assign_xid(&self.engine.tm)?;
        let fk_check = self.copy_needs_fk_check(&rel)?;
        let mut fk_tids: Vec<access::ItemPointer> = Vec::new();
        let check_set = self.open_check_set(&rel)?;
        let relname = rel.name.clone();
        let mut constant_defaults = None;
        let mut fields: Vec<Field> = Vec::new();
        let mut lineno: u64 = 0;
        let mut count: u64 = 0;
        let mut batch: Vec<Vec<Datum>> = Vec::with_capacity(COPY_BATCH_ROWS);
        let mut index_set: Option<executor::index_maint::IndexSet> = None;
        let csv = opts.format == Format::Csv;
        let mut binary_oids = false;
        if opts.format == Format::Binary {
            binary_oids = read_binary_header(&mut rd)?;
        } else if csv && opts.header {
            lineno += 1;
            let more = rd
                .read_line(true, opts.quote, opts.escape)
                .map_err(|e| e.add_context(line_context(&relname, lineno, None)))?;
            if !more {
                rd.drain()?;
                return Ok("COPY 0".to_string());
            }
        }
        loop {
            if count.is_multiple_of(256) {
                self.interrupts.check()?;
            }
            lineno += 1;
            // Tables WITH OIDS carry the row OID after the columns.
            let mut values = vec![Datum::Null; rel.columns.len() + usize::from(rel.has_oids())];
            let mut more = true;
            if opts.format == Format::Binary {
                match read_binary_row(&mut rd, &rel, &attnums, binary_oids, &self.env, lineno)? {
                    Some(v) => {
                        for (k, &i) in attnums.iter().enumerate() {
                            if let Some(d) = v.get(k) {
                                values[i] = d.clone();
                            }
                        }
                    }
                    None => break,
                }
            } else {
                more = rd
                    .read_line(csv, opts.quote, opts.escape)
                    .map_err(|e| e.add_context(line_context(&relname, lineno, None)))?;
                if !more && rd.line.is_empty() {
                    break;
                }
                let line = std::mem::take(&mut rd.line);
                let r = self.parse_line(
                    &line,
                    opts,
                    &rel,
                    &attnums,
                    &force_not_null,
                    &force_null,
                    &mut fields,
                    &mut values,
                    lineno,
                );
                rd.line = line;
                r?;
            }
            // Defaults for the columns not supplied.
            if !default_cols.is_empty() {
                let d = if per_row {
                    eval_defaults(self)?
                } else {
                    if constant_defaults.is_none() {
                        constant_defaults = Some(eval_defaults(self)?);
                    }
                    constant_defaults.clone().unwrap_or_default()
                };
                for (k, &i) in default_cols.iter().enumerate() {
                    if let Some(v) = d.get(k) {
                        values[i] = v.clone();
                    }
                }
            }
            for (i, c) in rel.columns.iter().enumerate() {
                if c.not_null && !c.dropped && values.get(i).map(|v| v.is_null()).unwrap_or(false) {
                    let ctx = if opts.format == Format::Binary {
                        format!("COPY {relname}, line {lineno}")
                    } else {
                        line_context(&relname, lineno, Some(&rd.line))
                    };
                    return Err(not_null_error(&rel, &c.name, &values, &self.env).add_context(ctx));
                }
            }
            if !check_set.is_empty() {
                if let Err(e) = self.check_copy_row(&check_set, &rel, &values) {
                    return Err(e.add_context(if opts.format == Format::Binary {
                        format!("COPY {relname}, line {lineno}")
                    } else {
                        line_context(&relname, lineno, Some(&rd.line))
                    }));
                }
            }
            if rel.has_oids() {
                if let Some(slot) = values.last_mut().filter(|v| v.is_null()) {
                    *slot = Datum::Oid(self.engine.catalog.next_oid()?);
                }
            }
            batch.push(values);
            if batch.len() >= COPY_BATCH_ROWS {
                let tids = self.copy_insert_batch(&rel, &mut batch, &mut index_set)?;
                if fk_check {
                    fk_tids.extend(tids);
                }
            }
            count += 1;
            if !more {
                break;
            }
        }
        let tids = self.copy_insert_batch(&rel, &mut batch, &mut index_set)?;
        self.copy_check_deferred(&index_set)?;
        if fk_check {
            fk_tids.extend(tids);
            self.copy_check_foreign_keys(&rel, &fk_tids)?;
        }
        rd.drain()?;
        drop(rd);
        if let Some((mut c, cmd)) = child {
            let st = c
                .wait()
                .map_err(|e| file_error(&e, "could not close pipe to external command".into()))?;
            program_status(&cmd, st)?;
        }
        Ok(format!("COPY {count}"))
    }

    /// Store a batch of parsed rows (one write lock and WAL record per heap page) and empty
    /// it; returns the rows' tids in order.
    fn copy_insert_batch(
        &mut self,
        rel: &catalog::RelationInfo,
        batch: &mut Vec<Vec<Datum>>,
        index_set: &mut Option<executor::index_maint::IndexSet>,
    ) -> PgResult<Vec<access::ItemPointer>> {
        if batch.is_empty() {
            return Ok(Vec::new());
        }
        let w = access::WriteCtx {
            tm: &self.engine.tm,
            xid: self.xact.txn.xid,
            cid: self.xact.txn.cid,
            snapshot: &self.xact.txn.snapshot,
            interrupts: &self.interrupts,
        };
        let tids =
            access::heap_multi_insert(&self.engine.storage, rel.file, &rel.tuple_desc, batch, &w)?;
        self.xact.txn.wrote = true;
        self.copy_index_entries(rel, batch, &tids, index_set)?;
        batch.clear();
        Ok(tids)
    }

    /// Parse one text/CSV line into `values` (indexed like the relation's columns).
    #[allow(clippy::too_many_arguments)]
    fn parse_line(
        &self,
        line: &[u8],
        o: &CopyOptions,
        rel: &RelationInfo,
        attnums: &[usize],
        force_not_null: &[bool],
        force_null: &[bool],
        fields: &mut Vec<Field>,
        values: &mut [Datum],
        lineno: u64,
    ) -> PgResult<()> {
        let relname = &rel.name;
        if std::str::from_utf8(line).is_err() {
            return Err(format::utf8(line.to_vec())
                .err()
                .unwrap_or_else(|| PgError::internal("bad encoding"))
                .add_context(line_context(relname, lineno, None)));
        }
        let ctx = || line_context(relname, lineno, Some(line));
        if attnums.is_empty() {
            if !line.is_empty() {
                return Err(pg_err!(
                    BAD_COPY_FILE_FORMAT,
                    "extra data after last expected column"
                )
                .add_context(ctx()));
            }
            return Ok(());
        }
        if o.format == Format::Csv {
            format::split_csv(line, o, fields).map_err(|e| e.add_context(ctx()))?;
        } else {
            format::split_text(line, o.delimiter, o.null.as_bytes(), fields);
        }
        if o.oids && !fields.is_empty() {
            // WITH OIDS: the first field is the row's OID.
            let f = fields.remove(0);
            let Some(bytes) = f else {
                return Err(
                    pg_err!(BAD_COPY_FILE_FORMAT, "null OID in COPY data").add_context(ctx())
                );
            };
            let s = format::utf8(bytes).map_err(|e| e.add_context(ctx()))?;
            let oid = s
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|&o| o != 0)
                .ok_or_else(|| {
                    pg_err!(BAD_COPY_FILE_FORMAT, "invalid OID in COPY data").add_context(ctx())
                })?;
            if let Some(slot) = values.get_mut(rel.columns.len()) {
                *slot = Datum::Oid(oid);
            }
        }
        if fields.len() > attnums.len() {
            return Err(pg_err!(
                BAD_COPY_FILE_FORMAT,
                "extra data after last expected column"
            )
            .add_context(ctx()));
        }
        for (k, &i) in attnums.iter().enumerate() {
            let col = &rel.columns[i];
            let Some(field) = fields.get_mut(k) else {
                return Err(pg_err!(
                    BAD_COPY_FILE_FORMAT,
                    "missing data for column \"{}\"",
                    col.name
                )
                .add_context(ctx()));
            };
            // Borrow the field (its buffer is reused for the next line).
            let mut field: Option<&[u8]> = field.as_deref();
            if o.format == Format::Csv {
                if field.is_none() && force_not_null.get(k).copied().unwrap_or(false) {
                    field = Some(o.null.as_bytes());
                } else if field == Some(o.null.as_bytes())
                    && force_null.get(k).copied().unwrap_or(false)
                {
                    field = None;
                }
            }
            let Some(bytes) = field else {
                values[i] = Datum::Null;
                continue;
            };
            let s: &str = match std::str::from_utf8(bytes) {
                Ok(s) => s,
                Err(_) => {
                    return Err(format::utf8(bytes.to_vec())
                        .err()
                        .unwrap_or_else(|| PgError::internal("bad encoding"))
                        .add_context(ctx()))
                }
            };
            let v = types::io::input(col.type_oid, col.typmod, s, &self.env)
                .and_then(|d| types::io::apply_typmod(col.type_oid, d, col.typmod, false))
                .map_err(|e| {
                    e.add_context(format!(
                        "COPY {relname}, line {lineno}, column {}: \"{}\"",
                        col.name,
                        format::limit_printout(s)
                    ))
                })?;
            values[i] = v;
        }
        Ok(())
    }
}

fn s_col(rel: &RelationInfo, i: usize) -> (Oid, i32) {
    rel.columns
        .get(i)
        .map(|c| (c.type_oid, c.typmod))
        .unwrap_or((types::oids::TEXT, -1))
}

/// Convert a default's value to the column's type (through text when the types differ).
fn coerce(v: Datum, from: Oid, to: Oid, typmod: i32, env: &SessionEnv) -> PgResult<Datum> {
    if v.is_null() {
        return Ok(v);
    }
    let v = if from == to {
        v
    } else {
        let s = types::io::output(from, &v, env)?;
        types::io::input(to, typmod, &s, env)?
    };
    types::io::apply_typmod(to, v, typmod, false)
}

/// True when a default expression is a literal (possibly cast), so it can be computed once.
fn is_constant(text: &str) -> bool {
    use parser::ast::Expr;
    fn lit(e: &Expr) -> bool {
        match e {
            Expr::Literal { .. } => true,
            Expr::Cast { expr, .. } => lit(expr),
            Expr::UnaryOp { operand, .. } => lit(operand),
            _ => false,
        }
    }
    parser::parse_expr(text).map(|e| lit(&e)).unwrap_or(false)
}

fn not_null_error(rel: &RelationInfo, col: &str, vals: &[Datum], env: &SessionEnv) -> PgError {
    let mut parts = Vec::new();
    for (c, v) in rel.columns.iter().zip(vals) {
        if c.dropped {
            continue;
        }
        parts.push(match v {
            Datum::Null => "null".to_string(),
            v => types::io::output(c.type_oid, v, env).unwrap_or_else(|_| "?".into()),
        });
    }
    pg_err!(
        NOT_NULL_VIOLATION,
        "null value in column \"{}\" violates not-null constraint",
        col
    )
    .with_detail(format!("Failing row contains ({}).", parts.join(", ")))
    .with_table(&rel.namespace_name, &rel.name)
    .with_column(col)
}

fn bad_format(msg: &str) -> PgError {
    PgError::new(common::sqlstate::BAD_COPY_FILE_FORMAT, msg)
}

fn read_i32(rd: &mut CopyReader) -> PgResult<Option<i32>> {
    let mut b = Vec::with_capacity(4);
    if !rd.read_exact(4, &mut b)? {
        return Ok(None);
    }
    Ok(Some(i32::from_be_bytes([b[0], b[1], b[2], b[3]])))
}

/// Check the binary signature and header; returns whether rows carry OIDs.
fn read_binary_header(rd: &mut CopyReader) -> PgResult<bool> {
    let mut sig = Vec::with_capacity(11);
    if !rd.read_exact(11, &mut sig)? || sig != BINARY_SIGNATURE {
        return Err(bad_format("COPY file signature not recognized"));
    }
    let flags =
        read_i32(rd)?.ok_or_else(|| bad_format("invalid COPY file header (missing flags)"))?;
    let oids = flags & (1 << 16) != 0;
    if (flags & !(1 << 16)) >> 16 != 0 {
        return Err(bad_format(
            "unrecognized critical flags in COPY file header",
        ));
    }
    let ext =
        read_i32(rd)?.ok_or_else(|| bad_format("invalid COPY file header (missing length)"))?;
    if ext < 0 {
        return Err(bad_format("invalid COPY file header (wrong length)"));
    }
    let mut skip = Vec::new();
    let mut left = ext as usize;
    while left > 0 {
        let n = left.min(65536);
        skip.clear();
        if !rd.read_exact(n, &mut skip)? {
            return Err(bad_format("invalid COPY file header (wrong length)"));
        }
        left -= n;
    }
    Ok(oids)
}

/// Read one binary tuple (values in COPY column order); None at the end of the data.
fn read_binary_row(
    rd: &mut CopyReader,
    rel: &RelationInfo,
    attnums: &[usize],
    oids: bool,
    env: &SessionEnv,
    lineno: u64,
) -> PgResult<Option<Vec<Datum>>> {
    let relname = &rel.name;
    let ctx = || format!("COPY {relname}, line {lineno}");
    let mut b = Vec::with_capacity(2);
    match rd.read_upto(2, &mut b)? {
        0 => return Ok(None),
        2 => {}
        _ => return Err(bad_format("unexpected EOF in COPY data").add_context(ctx())),
    }
    let count = i16::from_be_bytes([b[0], b[1]]);
    if count == -1 {
        if rd.has_more()? {
            return Err(bad_format("received copy data after EOF marker").add_context(ctx()));
        }
        return Ok(None);
    }
    if count as i64 != attnums.len() as i64 {
        return Err(bad_format(&format!(
            "row field count is {}, expected {}",
            count,
            attnums.len()
        ))
        .add_context(ctx()));
    }
    let field = |rd: &mut CopyReader| -> PgResult<Option<Vec<u8>>> {
        let len = read_i32(rd)?.ok_or_else(|| bad_format("unexpected EOF in COPY data"))?;
        if len == -1 {
            return Ok(None);
        }
        if len < 0 {
            return Err(pg_err!(BAD_COPY_FILE_FORMAT, "invalid field size"));
        }
        let mut data = Vec::new();
        if !rd.read_exact(len as usize, &mut data)? {
            return Err(bad_format("unexpected EOF in COPY data"));
        }
        Ok(Some(data))
    };
    if oids {
        let _ = field(rd).map_err(|e| e.add_context(ctx()))?;
    }
    let mut vals = Vec::with_capacity(attnums.len());
    for &i in attnums {
        let col = &rel.columns[i];
        let cctx = || format!("COPY {relname}, line {lineno}, column {}", col.name);
        let d = match field(rd).map_err(|e| e.add_context(cctx()))? {
            None => Datum::Null,
            Some(bytes) => types::io::receive(col.type_oid, col.typmod, &bytes, env)
                .and_then(|d| types::io::apply_typmod(col.type_oid, d, col.typmod, false))
                .map_err(|e| e.add_context(cctx()))?,
        };
        vals.push(d);
    }
    Ok(Some(vals))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constants() {
        assert!(is_constant("42"));
        assert!(is_constant("'abc'::text"));
        assert!(is_constant("-1"));
        assert!(!is_constant("nextval('s'::regclass)"));
        assert!(!is_constant("now()"));
    }

    #[test]
    fn columns() {
        let names = [Some("a"), None, Some("b")];
        assert_eq!(resolve_columns(&names, &[], Some("t")).unwrap(), [0, 2]);
        assert_eq!(
            resolve_columns(&names, &["b".into(), "a".into()], Some("t")).unwrap(),
            [2, 0]
        );
        assert_eq!(
            resolve_columns(&names, &["x".into()], Some("t"))
                .unwrap_err()
                .message,
            "column \"x\" of relation \"t\" does not exist"
        );
        assert_eq!(
            resolve_columns(&names, &["a".into(), "a".into()], Some("t"))
                .unwrap_err()
                .message,
            "column \"a\" specified more than once"
        );
        let e = force_flags(
            &ColumnSel::List(vec!["b".into()]),
            "FORCE_NOT_NULL",
            &names,
            &[0],
            Some("t"),
        )
        .unwrap_err();
        assert_eq!(
            e.message,
            "FORCE_NOT_NULL column \"b\" not referenced by COPY"
        );
    }

    #[test]
    fn context_lines() {
        assert_eq!(
            line_context("t", 3, Some(b"a\tb")),
            "COPY t, line 3: \"a\tb\""
        );
        assert_eq!(line_context("t", 3, None), "COPY t, line 3");
    }
}
