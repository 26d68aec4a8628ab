//! Adapts executor results to the wire: RowDescription from result columns, and each row's
//! values rendered in text format with the session's settings.

use crate::{ColumnDesc, Output};
use common::{Oid, PgResult};
use executor::{ResultColumn, ResultSink};
use types::{Datum, SessionEnv};

/// A `ResultSink` writing RowDescription/DataRow messages to an `Output`.
pub(crate) struct RowSink<'a> {
    out: &'a mut dyn Output,
    env: &'a SessionEnv,
    types: Vec<Oid>,
    text: String,
    ends: Vec<Option<usize>>,
}

impl<'a> RowSink<'a> {
    pub(crate) fn new(out: &'a mut dyn Output, env: &'a SessionEnv) -> Self {
        RowSink {
            out,
            env,
            types: Vec::new(),
            text: String::new(),
            ends: Vec::new(),
        }
    }
}

/// RowDescription entry for a result column (text format). The `unknown` type of an
/// unresolved literal is reported as `text`, as PostgreSQL does.
pub(crate) fn column_desc(c: &ResultColumn) -> ColumnDesc {
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
        format: 0,
    }
}

impl ResultSink for RowSink<'_> {
    fn wants_reg_names(&self) -> bool {
        true
    }

    fn describe(&mut self, columns: &[ResultColumn]) -> PgResult<()> {
        self.types = columns.iter().map(|c| c.type_oid).collect();
        let descs: Vec<ColumnDesc> = columns.iter().map(column_desc).collect();
        self.out.row_description(&descs)
    }

    fn row(&mut self, values: &[Datum]) -> PgResult<()> {
        self.text.clear();
        self.ends.clear();
        for (i, v) in values.iter().enumerate() {
            if v.is_null() {
                self.ends.push(None);
                continue;
            }
            let typ = self.types.get(i).copied().unwrap_or(types::oids::TEXT);
            // reg* values arrive already named (see `wants_reg_names`).
            if let (Datum::Text(name), true) = (v, analyzer::reg_io::is_catalog_reg_type(typ)) {
                self.text.push_str(name);
                self.ends.push(Some(self.text.len()));
                continue;
            }
            let s = types::io::output(typ, v, self.env)?;
            self.text.push_str(&s);
            self.ends.push(Some(self.text.len()));
        }
        let bytes = self.text.as_bytes();
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
