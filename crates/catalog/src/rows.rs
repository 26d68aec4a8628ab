//! Building and reading catalog rows by column name: `RowBuilder` starts from PostgreSQL-like
//! zero values (NOT NULL columns) / NULL (nullable ones) and sets columns by name; `Row` wraps a
//! scanned tuple with typed getters. Also the `Datum` encodings catalog columns use.

use crate::schema::CatalogDef;
use access::{HeapTuple, ItemPointer};
use common::{Oid, PgError, PgResult};
use types::oids as t;
use types::{Array, Datum};

/// A row of catalog `def` being built.
pub struct RowBuilder {
    def: &'static CatalogDef,
    values: Vec<Datum>,
}

/// The zero value of a NOT NULL column of type `typ`.
fn zero(typ: Oid) -> Datum {
    match typ {
        t::BOOL => Datum::Bool(false),
        t::INT2 => Datum::Int2(0),
        t::INT4 => Datum::Int4(0),
        t::INT8 => Datum::Int8(0),
        t::FLOAT4 => Datum::Float4(0.0),
        t::FLOAT8 => Datum::Float8(0.0),
        t::CHAR => Datum::Char(0),
        t::NAME | t::TEXT => Datum::Text(String::new()),
        t::OIDVECTOR => oidvector(&[]),
        t::INT2VECTOR => int2vector(&[]),
        t::OID | t::REGPROC | t::XID | t::CID => Datum::Oid(0),
        _ => Datum::Null,
    }
}

impl RowBuilder {
    pub fn new(def: &'static CatalogDef) -> RowBuilder {
        let nn = def.not_null();
        let mut values: Vec<Datum> = def
            .columns
            .iter()
            .zip(nn)
            .map(|(c, nn)| if nn { zero(c.type_oid) } else { Datum::Null })
            .collect();
        if def.has_oids {
            values.push(Datum::Oid(0));
        }
        RowBuilder { def, values }
    }

    /// Set column `name` (a programming error if it does not exist: reported, not panicking).
    pub fn set(mut self, name: &str, v: Datum) -> RowBuilder {
        let idx = self.def.col(name);
        debug_assert!(idx.is_some(), "no column {}.{}", self.def.name, name);
        if let Some(i) = idx {
            self.values[i] = v;
        }
        self
    }
    pub fn oid(self, name: &str, v: Oid) -> RowBuilder {
        self.set(name, Datum::Oid(v))
    }
    pub fn text(self, name: &str, v: &str) -> RowBuilder {
        self.set(name, Datum::Text(v.to_string()))
    }
    pub fn bool(self, name: &str, v: bool) -> RowBuilder {
        self.set(name, Datum::Bool(v))
    }
    pub fn ch(self, name: &str, v: u8) -> RowBuilder {
        self.set(name, Datum::Char(v))
    }
    pub fn i16(self, name: &str, v: i16) -> RowBuilder {
        self.set(name, Datum::Int2(v))
    }
    pub fn i32(self, name: &str, v: i32) -> RowBuilder {
        self.set(name, Datum::Int4(v))
    }
    /// Set the row's OID (catalogs WITH OIDS).
    pub fn row_oid(mut self, v: Oid) -> RowBuilder {
        if let Some(i) = self.def.oid_index() {
            self.values[i] = Datum::Oid(v);
        }
        self
    }
    pub fn build(self) -> Vec<Datum> {
        self.values
    }
}

/// An oidvector value (one dimension, lower bound 0, as PostgreSQL stores it).
pub fn oidvector(oids: &[Oid]) -> Datum {
    let dims = if oids.is_empty() {
        Vec::new()
    } else {
        vec![(oids.len() as i32, 0)]
    };
    Datum::Array(Box::new(Array {
        elem_type: t::OID,
        dims,
        elems: oids.iter().map(|&o| Datum::Oid(o)).collect(),
    }))
}

/// An int2vector value (one dimension, lower bound 0).
pub fn int2vector(v: &[i16]) -> Datum {
    let dims = if v.is_empty() {
        Vec::new()
    } else {
        vec![(v.len() as i32, 0)]
    };
    Datum::Array(Box::new(Array {
        elem_type: t::INT2,
        dims,
        elems: v.iter().map(|&o| Datum::Int2(o)).collect(),
    }))
}

/// A scanned catalog row.
#[derive(Clone, Debug)]
pub struct Row {
    pub def: &'static CatalogDef,
    pub tid: ItemPointer,
    pub values: Vec<Datum>,
}

fn missing(def: &CatalogDef, name: &str) -> PgError {
    PgError::internal(format!("catalog {} has no column {}", def.name, name))
}

impl Row {
    pub fn from_tuple(def: &'static CatalogDef, tup: HeapTuple) -> Row {
        Row {
            def,
            tid: tup.tid,
            values: tup.values,
        }
    }

    pub fn get(&self, name: &str) -> PgResult<&Datum> {
        let i = self.def.col(name).ok_or_else(|| missing(self.def, name))?;
        Ok(self.values.get(i).unwrap_or(&Datum::Null))
    }

    /// The row's OID (0 when the catalog has none).
    pub fn row_oid(&self) -> Oid {
        match self.def.oid_index().and_then(|i| self.values.get(i)) {
            Some(d) => datum_oid(d),
            _ => 0,
        }
    }

    pub fn oid(&self, name: &str) -> PgResult<Oid> {
        Ok(datum_oid(self.get(name)?))
    }
    pub fn text(&self, name: &str) -> PgResult<String> {
        Ok(match self.get(name)? {
            Datum::Text(s) => s.clone(),
            _ => String::new(),
        })
    }
    pub fn opt_text(&self, name: &str) -> PgResult<Option<String>> {
        Ok(match self.get(name)? {
            Datum::Text(s) => Some(s.clone()),
            _ => None,
        })
    }
    pub fn is(&self, name: &str, s: &str) -> PgResult<bool> {
        Ok(matches!(self.get(name)?, Datum::Text(v) if v == s))
    }
    pub fn bool(&self, name: &str) -> PgResult<bool> {
        Ok(matches!(self.get(name)?, Datum::Bool(true)))
    }
    pub fn ch(&self, name: &str) -> PgResult<u8> {
        Ok(match self.get(name)? {
            Datum::Char(c) => *c,
            Datum::Text(s) => s.bytes().next().unwrap_or(0),
            _ => 0,
        })
    }
    pub fn int(&self, name: &str) -> PgResult<i64> {
        Ok(self.get(name)?.as_i64().unwrap_or(0))
    }
}

/// An OID stored in any integer-like variant.
pub fn datum_oid(d: &Datum) -> Oid {
    match d {
        Datum::Oid(o) => *o,
        other => other.as_i64().map(|v| v as Oid).unwrap_or(0),
    }
}
