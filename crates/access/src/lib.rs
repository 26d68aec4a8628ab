//! Access methods: heap tuples in PostgreSQL 10's on-disk format (header with xmin/xmax/ctid/
//! infomask/hoff, null bitmap, typalign/typlen layout, varlena headers), the heap AM (insert,
//! update, delete, fetch, sequential scan, vacuum) with MVCC visibility. B-tree comes later.
//! `tuple` owns the byte format, `heapam` the access method.

// PgError is deliberately rich (all ErrorResponse fields); results carry it by value.
#![allow(clippy::result_large_err)]

pub mod btree;
mod heap_vacuum_scan;
pub mod heapam;
pub mod multi_insert;
pub mod tuple;
pub mod visibility_map;

pub use heapam::{
    heap_dead_to_all, heap_delete, heap_fetch, heap_fetch_latest, heap_get_header, heap_insert,
    heap_lock_tuple, heap_update, heap_vacuum, relation_size_blocks, satisfies_mvcc, tuple_visible,
    HeapScan, LockTupleResult, VacuumStats,
};
pub use multi_insert::heap_multi_insert;
pub use tuple::{
    decode_array, deform_tuple, deform_tuple_prefix, encode_array, form_tuple, TupleHeader,
};

use common::{CommandId, Interrupts, Oid, Xid};
use txn::{Snapshot, TransactionManager};
use types::Datum;

/// A tuple's physical address (ctid): block number and 1-based line pointer offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct ItemPointer {
    pub block: u32,
    pub offset: u16,
}

/// Physical description of one column (from pg_attribute/pg_type).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AttrDesc {
    pub type_oid: Oid,
    pub typmod: i32,
    /// typlen: >0 fixed length, -1 varlena, -2 C string.
    pub len: i16,
    pub byval: bool,
    /// b'c', b's', b'i', b'd'.
    pub align: u8,
    /// Dropped columns keep their slot but always read as NULL.
    pub dropped: bool,
}

impl AttrDesc {
    /// Describe a column of a built-in type.
    pub fn for_type(type_oid: Oid, typmod: i32) -> AttrDesc {
        let (len, byval, align) = match types::type_info(type_oid) {
            Some(t) => (t.len, t.byval, t.align),
            None => (-1, false, b'i'),
        };
        AttrDesc {
            type_oid,
            typmod,
            len,
            byval,
            align,
            dropped: false,
        }
    }
}

/// Physical description of a relation's rows.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct TupleDesc {
    pub attrs: Vec<AttrDesc>,
}

/// A visible heap tuple, decoded.
#[derive(Clone, Debug, PartialEq)]
pub struct HeapTuple {
    pub tid: ItemPointer,
    pub xmin: Xid,
    pub xmax: Xid,
    pub values: Vec<Datum>,
}

/// The transaction doing a write, and what it can see.
pub struct WriteCtx<'a> {
    pub tm: &'a TransactionManager,
    pub xid: Xid,
    pub cid: CommandId,
    pub snapshot: &'a Snapshot,
    pub interrupts: &'a Interrupts,
}

/// Outcome of update/delete on a tuple.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ModifyResult {
    /// Done; for update, the new version's tid.
    Ok(Option<ItemPointer>),
    /// The tuple was already updated/deleted by this same command (or is invisible): skip it.
    Invisible,
    /// Already updated or deleted by this transaction in an earlier command (self-updated).
    SelfModified,
    /// Concurrently updated or deleted by a committed transaction; `next` is its new version
    /// (None if deleted).
    Updated { next: Option<ItemPointer> },
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod wal_tests;
