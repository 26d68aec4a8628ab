//! Adapts executor results to the wire: RowDescription from result columns, and each row's
//! values rendered in the format the client asked for (text, or binary send format) with the
//! session's settings.

use crate::{ColumnDesc, Output};
use common::{pg_err, Oid, PgResult};
use executor::{ResultColumn, ResultSink};
use types::{Datum, SessionEnv};

/// A `ResultSink` writing RowDescription/DataRow messages to an `Output`.
pub(crate) struct RowSink<'a> {
    out: &'a mut dyn Output,
    env: &'a SessionEnv,
    types: Vec<Oid>,
    /// Per-column formats (0 text, 1 binary); empty = all text.
    formats: Vec<i16>,
    /// Send RowDescription when the result starts (simple protocol); the extended protocol
    /// describes through Describe instead.
    send_description: bool,
    bytes: Vec<u8>,
    ends: Vec<Option<usize>>,
}

impl<'a> RowSink<'a> {
    pub(crate) fn new(out: &'a mut dyn Output, env: &'a SessionEnv) -> Self {
        RowSink {
            out,
            env,
            types: Vec::new(),
            formats: Vec::new(),
            send_description: true,
            bytes: Vec::new(),
            ends: Vec::new(),
        }
    }

    /// A sink for an extended-protocol Execute: no RowDescription, the given column formats,
    /// and column types known up front.
    pub(crate) fn for_portal(
        out: &'a mut dyn Output,
        env: &'a SessionEnv,
        types: Vec<Oid>,
        formats: Vec<i16>,
    ) -> Self {
        RowSink {
            out,
            env,
            types,
            formats,
            send_description: false,
            bytes: Vec::new(),
            ends: Vec::new(),
        }
    }

    /// Use these per-column formats (0 text, 1 binary).
    pub(crate) fn with_formats(mut self, formats: Vec<i16>) -> Self {
        self.formats = formats;
        self
    }

    fn binary(&self, col: usize) -> bool {
        self.formats.get(col).copied() == Some(1)
    }
}

/// RowDescription entry for a result column in `format`. The `unknown` type of an
/// unresolved literal is reported as `text`, as PostgreSQL does.
pub(crate) fn column_desc_format(c: &ResultColumn, format: i16) -> ColumnDesc {
    let type_oid = if c.type_oid == types::oids::UNKNOWN {
        types::oids::TEXT
    } else {
        c.type_oid
    };
    let type_len = types::type_info(type_oid).map(|t| t.len).unwrap_or(-1);
    ColumnDesc {
        name: c.name.clone(),
        table_oid: c.table_oid,
        column_attnum: c.attnum,
        type_oid,
        type_len,
        type_modifier: c.typmod,
        format,
    }
}

/// Expand a Bind message's result format codes to one per column: none means all text, one
/// applies to every column, otherwise there must be one per column.
pub(crate) fn resolve_formats(codes: &[i16], ncols: usize) -> PgResult<Vec<i16>> {
    for &c in codes {
        if c != 0 && c != 1 {
            return Err(pg_err!(
                INVALID_PARAMETER_VALUE,
                "unsupported format code: {}",
                c
            ));
        }
    }
    match codes.len() {
        0 => Ok(vec![0; ncols]),
        1 => Ok(vec![codes[0]; ncols]),
        n if n == ncols => Ok(codes.to_vec()),
        n => Err(pg_err!(
            PROTOCOL_VIOLATION,
            "bind message has {} result formats but query has {} columns",
            n,
            ncols
        )),
    }
}

impl ResultSink for RowSink<'_> {
    fn wants_reg_names(&self) -> bool {
        !self.formats.contains(&1)
    }

    fn describe(&mut self, columns: &[ResultColumn]) -> PgResult<()> {
        self.types = columns.iter().map(|c| c.type_oid).collect();
        if !self.send_description {
            return Ok(());
        }
        let descs: Vec<ColumnDesc> = columns
            .iter()
            .enumerate()
            .map(|(i, c)| column_desc_format(c, self.formats.get(i).copied().unwrap_or(0)))
            .collect();
        self.out.row_description(&descs)
    }

    fn row(&mut self, values: &[Datum]) -> PgResult<()> {
        self.bytes.clear();
        self.ends.clear();
        for (i, v) in values.iter().enumerate() {
            if v.is_null() {
                self.ends.push(None);
                continue;
            }
            let typ = self.types.get(i).copied().unwrap_or(types::oids::TEXT);
            if self.binary(i) {
                let b = types::io::send(typ, v, self.env)?;
                self.bytes.extend_from_slice(&b);
                self.ends.push(Some(self.bytes.len()));
                continue;
            }
            // reg* values arrive already named (see `wants_reg_names`).
            if let (Datum::Text(name), true) =
                (v, executor::catalog_funcs::is_reg_or_reg_array(typ))
            {
                self.bytes.extend_from_slice(name.as_bytes());
                self.ends.push(Some(self.bytes.len()));
                continue;
            }
            let s = types::io::output(typ, v, self.env)?;
            self.bytes.extend_from_slice(s.as_bytes());
            self.ends.push(Some(self.bytes.len()));
        }
        let bytes = &self.bytes;
        let mut start = 0;
        let mut cols: Vec<Option<&[u8]>> = Vec::with_capacity(self.ends.len());
        for end in &self.ends {
            match end {
                None => cols.push(None),
                Some(e) => {
                    cols.push(Some(&bytes[start..*e]));
                    start = *e;
                }
            }
        }
        self.out.data_row(&cols)
    }
}

/// A `ResultSink` that keeps the rows (a portal run with a row limit is run to completion
/// first and then handed out in batches).
#[derive(Default)]
pub(crate) struct CollectSink {
    pub(crate) rows: std::collections::VecDeque<Vec<Datum>>,
    wants_names: bool,
}

impl CollectSink {
    pub(crate) fn new(wants_names: bool) -> Self {
        CollectSink {
            rows: Default::default(),
            wants_names,
        }
    }
}

impl ResultSink for CollectSink {
    fn wants_reg_names(&self) -> bool {
        self.wants_names
    }
    fn describe(&mut self, _columns: &[ResultColumn]) -> PgResult<()> {
        Ok(())
    }
    fn row(&mut self, values: &[Datum]) -> PgResult<()> {
        self.rows.push_back(values.to_vec());
        Ok(())
    }
}

/// An `Output` that discards everything (statements run on behalf of another, such as CREATE
/// SCHEMA's elements).
pub(crate) struct NullOutput;

impl Output for NullOutput {
    fn row_description(&mut self, _columns: &[ColumnDesc]) -> PgResult<()> {
        Ok(())
    }
    fn data_row(&mut self, _values: &[Option<&[u8]>]) -> PgResult<()> {
        Ok(())
    }
    fn command_complete(&mut self, _tag: &str) -> PgResult<()> {
        Ok(())
    }
    fn empty_query(&mut self) -> PgResult<()> {
        Ok(())
    }
    fn error(&mut self, _error: &common::PgError) -> PgResult<()> {
        Ok(())
    }
    fn notice(&mut self, _notice: &common::PgError) -> PgResult<()> {
        Ok(())
    }
    fn parameter_status(&mut self, _name: &str, _value: &str) -> PgResult<()> {
        Ok(())
    }
}
