//! Bulk insertion (COPY FROM, INSERT ... SELECT of many rows): a batch of rows is placed
//! page by page under one write lock per page, so each page is WAL-logged once per batch
//! instead of once per row.

use crate::heapam::check_tuple_size;
use crate::tuple::form_tuple;
use crate::{ItemPointer, TupleDesc, TupleHeader, WriteCtx};
use common::{pg_err, PgResult};
use storage::page::*;
use storage::{RelFileNode, Storage};
use txn::INVALID_XID;
use types::Datum;

/// Insert `rows` (each a full row of `desc`'s columns); returns their tids in order.
pub fn heap_multi_insert(
    storage: &Storage,
    rel: RelFileNode,
    desc: &TupleDesc,
    rows: &[Vec<Datum>],
    w: &WriteCtx,
) -> PgResult<Vec<ItemPointer>> {
    let _xid = storage::wal::XidScope::new(w.xid);
    let mut tuples = Vec::with_capacity(rows.len());
    for values in rows {
        let mut t = form_tuple(desc, values)?;
        check_tuple_size(t.len())?;
        let mut h = TupleHeader::read(&t).ok_or_else(|| pg_err!(INTERNAL_ERROR, "bad tuple"))?;
        h.xmin = w.xid;
        h.xmax = INVALID_XID;
        h.cid = w.cid;
        h.infomask |= crate::tuple::HEAP_XMAX_INVALID;
        h.write(&mut t);
        tuples.push(t);
    }
    let mut tids = Vec::with_capacity(tuples.len());
    let mut next = 0;
    let mut tried_last = false;
    while next < tuples.len() {
        // The relation's last page first (once), then fresh pages.
        let buf = match storage.nblocks(rel)? {
            n if n > 0 && !tried_last => {
                tried_last = true;
                storage.read_buffer(rel, n - 1)?
            }
            _ => storage.extend_relation(rel)?,
        };
        let blk = buf.block();
        let mut g = buf.write();
        if page_is_new(&g[..]) {
            page_init(&mut g[..], 0);
        }
        let before = next;
        while next < tuples.len() {
            let t = &mut tuples[next];
            if page_heap_free_space(&g[..]) < maxalign(t.len()) {
                break;
            }
            let Some(off) = page_add_item(&mut g[..], t, MAX_HEAP_TUPLES_PER_PAGE) else {
                break;
            };
            let tid = ItemPointer {
                block: blk,
                offset: off,
            };
            if let Some(item) = get_item_mut(&mut g[..], off) {
                if let Some(mut h) = TupleHeader::read(item) {
                    h.ctid = tid;
                    h.write(item);
                }
            }
            tids.push(tid);
            next += 1;
        }
        let free = page_heap_free_space(&g[..]);
        drop(g);
        if next > before {
            crate::visibility_map::clear(storage, rel, blk);
        }
        storage.fsm_record(rel, blk, free);
        if next == before && page_is_empty_for(storage, rel, blk)? {
            return Err(pg_err!(
                INTERNAL_ERROR,
                "could not find free space for a tuple of {} bytes",
                tuples[next].len()
            ));
        }
    }
    Ok(tids)
}

/// True if block `blk` holds no tuples (so a tuple that didn't fit never will).
fn page_is_empty_for(
    storage: &Storage,
    rel: RelFileNode,
    blk: storage::BlockNumber,
) -> PgResult<bool> {
    let buf = storage.read_buffer(rel, blk)?;
    let g = buf.read();
    Ok(max_offset_number(&g[..]) == 0)
}
