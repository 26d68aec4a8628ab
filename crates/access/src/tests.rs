//! Tests of the tuple format (byte layouts checked against PostgreSQL 10) and of the heap AM.

use crate::tuple::*;
use crate::*;
use common::Interrupts;
use std::sync::Arc;
use storage::page::*;
use storage::{RelFileNode, Storage, DEFAULTTABLESPACE_OID};
use types::oids::*;
use types::{Array, Interval};

fn desc(types: &[Oid]) -> TupleDesc {
    TupleDesc {
        attrs: types.iter().map(|&t| AttrDesc::for_type(t, -1)).collect(),
    }
}

fn rel(n: u32) -> RelFileNode {
    RelFileNode {
        spc_node: DEFAULTTABLESPACE_OID,
        db_node: 1,
        rel_node: n,
    }
}

struct Env {
    _dir: tempfile::TempDir,
    storage: Arc<Storage>,
    tm: Arc<TransactionManager>,
    ints: Interrupts,
}

fn env(bufs: usize) -> Env {
    let dir = tempfile::tempdir().unwrap();
    let storage = Storage::open(dir.path(), bufs).unwrap();
    let tm = TransactionManager::open(dir.path()).unwrap();
    Env {
        _dir: dir,
        storage,
        tm,
        ints: Interrupts::new(),
    }
}

fn scan_all(e: &Env, r: RelFileNode, d: &TupleDesc, snap: Snapshot) -> Vec<HeapTuple> {
    HeapScan::new(
        e.storage.clone(),
        r,
        Arc::new(d.clone()),
        snap,
        e.tm.clone(),
    )
    .map(|t| t.unwrap())
    .collect()
}

fn ins(e: &Env, r: RelFileNode, d: &TupleDesc, xid: Xid, cid: u32, vals: &[Datum]) -> ItemPointer {
    let snap = e.tm.snapshot(xid, cid);
    let w = WriteCtx {
        tm: &e.tm,
        xid,
        cid,
        snapshot: &snap,
        interrupts: &e.ints,
    };
    heap_insert(&e.storage, r, d, vals, &w).unwrap()
}

// ------------------------------------------------------------------ tuple format

#[test]
fn one_int4_tuple_layout() {
    let d = desc(&[INT4]);
    let t = form_tuple(&d, &[Datum::Int4(42)]).unwrap();
    assert_eq!(t.len(), 28);
    assert_eq!(t[22], 24); // t_hoff
    assert_eq!(u16::from_le_bytes([t[18], t[19]]), 1); // natts
    assert_eq!(u16::from_le_bytes([t[20], t[21]]), 0);
    assert_eq!(&t[24..28], &42i32.to_le_bytes());
    assert_eq!(deform_tuple(&d, &t).unwrap(), vec![Datum::Int4(42)]);
}

#[test]
fn first_tuple_placed_at_end_of_page() {
    let e = env(16);
    let r = rel(100);
    e.storage.create_relation(r).unwrap();
    let d = desc(&[INT4]);
    let xid = e.tm.begin().unwrap();
    let tid = ins(&e, r, &d, xid, 0, &[Datum::Int4(1)]);
    assert_eq!(
        tid,
        ItemPointer {
            block: 0,
            offset: 1
        }
    );
    let b = e.storage.read_buffer(r, 0).unwrap();
    let g = b.read();
    let id = item_id(&g[..], 1).unwrap();
    assert_eq!((id.off, id.len, id.flags), (8192 - 32, 28, LP_NORMAL));
    assert_eq!(page_lower(&g[..]), 28);
    assert_eq!(page_upper(&g[..]), 8160);
    let h = TupleHeader::read(get_item(&g[..], 1).unwrap()).unwrap();
    assert_eq!(h.xmin, xid);
    assert_eq!(h.xmax, 0);
    assert_eq!(h.ctid, tid);
    assert_eq!(h.infomask, HEAP_XMAX_INVALID);
    assert_eq!(h.hoff, 24);
}

#[test]
fn nulls_bitmap_and_hoff() {
    let d = desc(&[INT4, TEXT]);
    let t = form_tuple(&d, &[Datum::Int4(7), Datum::Null]).unwrap();
    assert_eq!(t[22], 24);
    assert_eq!(t[23], 0b01);
    assert_eq!(
        u16::from_le_bytes([t[20], t[21]]) & HEAP_HASNULL,
        HEAP_HASNULL
    );
    assert_eq!(t.len(), 28);
    // 9 columns with a null: 2 bitmap bytes, t_hoff = MAXALIGN(25) = 32.
    let d9 = desc(&[INT4; 9]);
    let mut v: Vec<Datum> = (0..9).map(Datum::Int4).collect();
    v[8] = Datum::Null;
    let t = form_tuple(&d9, &v).unwrap();
    assert_eq!(t[22], 32);
    assert_eq!(&t[23..25], &[0xff, 0x00]);
    assert_eq!(t.len(), 32 + 32);
    assert_eq!(deform_tuple(&d9, &t).unwrap(), v);
}

#[test]
fn varlena_headers() {
    let d = desc(&[INT4, TEXT]);
    let t = form_tuple(&d, &[Datum::Int4(1), Datum::text("abc")]).unwrap();
    // Short header: (1 + 3) << 1 | 1 = 9, unaligned right after the int4.
    assert_eq!(&t[28..32], &[9, b'a', b'b', b'c']);
    assert_eq!(t.len(), 32);
    assert_eq!(u16::from_le_bytes([t[20], t[21]]), HEAP_HASVARWIDTH);
    // 126 bytes still short; 127 bytes gets a 4-byte header aligned to 4.
    let d2 = desc(&[INT2, TEXT]);
    let s126 = "x".repeat(126);
    let t = form_tuple(&d2, &[Datum::Int2(1), Datum::text(s126.clone())]).unwrap();
    assert_eq!(t[26], 0xff);
    assert_eq!(t.len(), 26 + 127);
    let s127 = "y".repeat(127);
    let t = form_tuple(&d2, &[Datum::Int2(1), Datum::text(s127.clone())]).unwrap();
    assert_eq!(&t[26..28], &[0, 0]);
    assert_eq!(&t[28..32], &((131u32) << 2).to_le_bytes());
    assert_eq!(t.len(), 28 + 131);
    assert_eq!(
        deform_tuple(&d2, &t).unwrap(),
        vec![Datum::Int2(1), Datum::text(s127)]
    );
    // Empty string: a single header byte 0x03.
    let t = form_tuple(&desc(&[TEXT]), &[Datum::text("")]).unwrap();
    assert_eq!(&t[24..], &[3]);
}

#[test]
fn alignment_of_fixed_types() {
    let d = desc(&[BOOL, INT8, INT2, FLOAT8]);
    let v = vec![
        Datum::Bool(true),
        Datum::Int8(-5),
        Datum::Int2(3),
        Datum::Float8(1.5),
    ];
    let t = form_tuple(&d, &v).unwrap();
    assert_eq!(t[24], 1);
    assert_eq!(&t[32..40], &(-5i64).to_le_bytes());
    assert_eq!(&t[40..42], &3i16.to_le_bytes());
    assert_eq!(&t[48..56], &1.5f64.to_le_bytes());
    assert_eq!(t.len(), 56);
    assert_eq!(deform_tuple(&d, &t).unwrap(), v);
}

#[test]
fn name_is_64_bytes() {
    let d = desc(&[NAME, INT4]);
    let t = form_tuple(&d, &[Datum::text("pg_class"), Datum::Int4(9)]).unwrap();
    assert_eq!(&t[24..32], b"pg_class");
    assert!(t[32..88].iter().all(|&b| b == 0));
    assert_eq!(&t[88..92], &9i32.to_le_bytes());
    let long = "n".repeat(100);
    let t = form_tuple(&d, &[Datum::text(long), Datum::Int4(9)]).unwrap();
    assert_eq!(
        deform_tuple(&d, &t).unwrap()[0],
        Datum::text("n".repeat(63))
    );
}

#[test]
fn every_type_roundtrips() {
    let types = [
        BOOL,
        INT2,
        INT4,
        INT8,
        FLOAT4,
        FLOAT8,
        OID,
        CHAR,
        NAME,
        DATE,
        TIME,
        TIMETZ,
        TIMESTAMP,
        TIMESTAMPTZ,
        INTERVAL,
        UUID,
        TEXT,
        VARCHAR,
        BPCHAR,
        JSON,
        BYTEA,
        REGCLASS,
        XID,
        INT4_ARRAY,
        TEXT_ARRAY,
        FLOAT8_ARRAY,
        INT2VECTOR,
    ];
    let d = desc(&types);
    let v = vec![
        Datum::Bool(false),
        Datum::Int2(-2),
        Datum::Int4(i32::MIN),
        Datum::Int8(i64::MAX),
        Datum::Float4(f32::NAN),
        Datum::Float8(-0.0),
        Datum::Oid(4_000_000_000),
        Datum::Char(b'r'),
        Datum::text("name"),
        Datum::Date(-1),
        Datum::Time(86_399_999_999),
        Datum::TimeTz(3_600_000_000, -7200),
        Datum::Timestamp(i64::MIN),
        Datum::TimestampTz(123_456),
        Datum::Interval(Interval {
            months: 14,
            days: -3,
            micros: 1_000_001,
        }),
        Datum::Uuid([7; 16]),
        Datum::text("héllo"),
        Datum::text("v".repeat(300)),
        Datum::text("bp  "),
        Datum::text("{\"a\":1}"),
        Datum::Bytea(vec![0, 1, 2, 255]),
        Datum::Oid(1259),
        Datum::Oid(77),
        Datum::Array(Box::new(Array::from_vec(
            INT4,
            vec![Datum::Int4(1), Datum::Null, Datum::Int4(3)],
        ))),
        Datum::Array(Box::new(Array {
            elem_type: TEXT,
            dims: vec![(2, 1), (2, 0)],
            elems: vec![
                Datum::text("a"),
                Datum::text("bb"),
                Datum::text("ccc".repeat(60)),
                Datum::text(""),
            ],
        })),
        Datum::Array(Box::new(Array::from_vec(FLOAT8, vec![]))),
        Datum::Array(Box::new(Array {
            elem_type: INT2,
            dims: vec![(2, 0)],
            elems: vec![Datum::Int2(1), Datum::Int2(2)],
        })),
    ];
    let t = form_tuple(&d, &v).unwrap();
    let back = deform_tuple(&d, &t).unwrap();
    assert_eq!(back.len(), v.len());
    for (i, (a, b)) in v.iter().zip(back.iter()).enumerate() {
        match (a, b) {
            (Datum::Float4(x), Datum::Float4(y)) => assert_eq!(x.to_bits(), y.to_bits()),
            (Datum::Float8(x), Datum::Float8(y)) => assert_eq!(x.to_bits(), y.to_bits()),
            _ => assert_eq!(a, b, "column {i}"),
        }
    }
}

#[test]
fn array_on_disk_format() {
    let a = Array::from_vec(INT4, vec![Datum::Int4(1), Datum::Int4(2), Datum::Int4(3)]);
    let p = encode_array(&a).unwrap();
    // pg_column_size('{1,2,3}'::int4[]) = 36 (with the 4-byte header).
    assert_eq!(p.len() + 4, 36);
    assert_eq!(&p[0..4], &1i32.to_le_bytes()); // ndim
    assert_eq!(&p[4..8], &0i32.to_le_bytes()); // dataoffset: no nulls
    assert_eq!(&p[8..12], &23u32.to_le_bytes());
    assert_eq!(&p[12..16], &3i32.to_le_bytes());
    assert_eq!(&p[16..20], &1i32.to_le_bytes());
    assert_eq!(&p[20..24], &1i32.to_le_bytes());
    let a = Array::from_vec(INT4, vec![Datum::Int4(1), Datum::Null, Datum::Int4(3)]);
    let p = encode_array(&a).unwrap();
    // pg_column_size('{1,NULL,3}'::int4[]) = 40; dataoffset 32; bitmap 0b101.
    assert_eq!(p.len() + 4, 40);
    assert_eq!(&p[4..8], &32i32.to_le_bytes());
    assert_eq!(p[20], 0b101);
    assert_eq!(decode_array(&p).unwrap(), a);
    // Stored in a tuple it gets a short header: 1 + 32 bytes.
    let t = form_tuple(
        &desc(&[INT4_ARRAY]),
        &[Datum::Array(Box::new(Array::from_vec(
            INT4,
            vec![Datum::Int4(1), Datum::Int4(2), Datum::Int4(3)],
        )))],
    )
    .unwrap();
    assert_eq!(t[24], (33 << 1) | 1);
    assert_eq!(t.len(), 24 + 33);
    // Empty array: 16 bytes.
    assert_eq!(
        encode_array(&Array::from_vec(INT4, vec![])).unwrap().len() + 4,
        16
    );
}

#[test]
fn int2vector_never_short() {
    let d = desc(&[INT2VECTOR]);
    let v = Datum::Array(Box::new(Array {
        elem_type: INT2,
        dims: vec![(1, 0)],
        elems: vec![Datum::Int2(1)],
    }));
    let t = form_tuple(&d, &[v]).unwrap();
    assert_eq!(&t[24..28], &(26u32 << 2).to_le_bytes());
}

#[test]
fn fewer_attributes_and_dropped_columns() {
    let d1 = desc(&[INT4]);
    let t = form_tuple(&d1, &[Datum::Int4(5)]).unwrap();
    let d2 = desc(&[INT4, TEXT]);
    assert_eq!(
        deform_tuple(&d2, &t).unwrap(),
        vec![Datum::Int4(5), Datum::Null]
    );
    let mut d3 = desc(&[INT4, TEXT, INT4]);
    let t = form_tuple(&d3, &[Datum::Int4(1), Datum::text("gone"), Datum::Int4(3)]).unwrap();
    d3.attrs[1].dropped = true;
    assert_eq!(
        deform_tuple(&d3, &t).unwrap(),
        vec![Datum::Int4(1), Datum::Null, Datum::Int4(3)]
    );
    let t2 = form_tuple(&d3, &[Datum::Int4(1), Datum::text("x"), Datum::Int4(3)]).unwrap();
    assert_eq!(t2[23], 0b101);
}

#[test]
fn row_too_big() {
    let e = env(16);
    let r = rel(101);
    e.storage.create_relation(r).unwrap();
    let d = desc(&[TEXT]);
    let xid = e.tm.begin().unwrap();
    let snap = e.tm.snapshot(xid, 0);
    let w = WriteCtx {
        tm: &e.tm,
        xid,
        cid: 0,
        snapshot: &snap,
        interrupts: &e.ints,
    };
    let err = heap_insert(&e.storage, r, &d, &[Datum::text("z".repeat(9000))], &w).unwrap_err();
    assert_eq!(err.code, common::sqlstate::PROGRAM_LIMIT_EXCEEDED);
    assert_eq!(err.message, "row is too big: size 9028, maximum size 8160");
    // The largest possible tuple fits.
    let ok = "z".repeat(8160 - 28);
    assert!(heap_insert(&e.storage, r, &d, &[Datum::text(ok)], &w).is_ok());
}

#[test]
fn corrupt_tuples_are_errors() {
    let d = desc(&[INT4, TEXT]);
    let mut t = form_tuple(&d, &[Datum::Int4(1), Datum::text("abc")]).unwrap();
    t.truncate(30);
    assert!(deform_tuple(&d, &t).is_err());
    assert!(deform_tuple(&d, &[1, 2, 3]).is_err());
}

// ------------------------------------------------------------------ visibility

#[test]
fn visibility_rules() {
    let e = env(16);
    let r = rel(1);
    e.storage.create_relation(r).unwrap();
    let d = desc(&[INT4]);
    let a = e.tm.begin().unwrap();
    ins(&e, r, &d, a, 0, &[Datum::Int4(1)]);
    // Others don't see uncommitted rows.
    assert!(scan_all(&e, r, &d, e.tm.snapshot(0, 0)).is_empty());
    // Same command: invisible; later command: visible.
    assert!(scan_all(&e, r, &d, e.tm.snapshot(a, 0)).is_empty());
    assert_eq!(scan_all(&e, r, &d, e.tm.snapshot(a, 1)).len(), 1);
    let old_snap = e.tm.snapshot(0, 0);
    e.tm.commit(a).unwrap();
    assert!(
        scan_all(&e, r, &d, old_snap).is_empty(),
        "snapshot predates commit"
    );
    let rows = scan_all(&e, r, &d, e.tm.snapshot(0, 0));
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].xmin, a);
    assert_eq!(rows[0].values, vec![Datum::Int4(1)]);
    // Hint bit set by the scan.
    let h = heap_get_header(&e.storage, r, rows[0].tid)
        .unwrap()
        .unwrap();
    assert_ne!(h.infomask & HEAP_XMIN_COMMITTED, 0);
    // Aborted inserts are invisible.
    let b = e.tm.begin().unwrap();
    ins(&e, r, &d, b, 0, &[Datum::Int4(2)]);
    e.tm.abort(b).unwrap();
    assert_eq!(scan_all(&e, r, &d, e.tm.snapshot(0, 0)).len(), 1);
    // Default snapshot = latest committed.
    assert_eq!(scan_all(&e, r, &d, Snapshot::default()).len(), 1);
}

#[test]
fn delete_and_update_chains() {
    let e = env(16);
    let r = rel(2);
    e.storage.create_relation(r).unwrap();
    let d = desc(&[INT4, TEXT]);
    let a = e.tm.begin().unwrap();
    let t1 = ins(&e, r, &d, a, 0, &[Datum::Int4(1), Datum::text("one")]);
    let t2 = ins(&e, r, &d, a, 0, &[Datum::Int4(2), Datum::text("two")]);
    e.tm.commit(a).unwrap();

    let b = e.tm.begin().unwrap();
    let snap = e.tm.snapshot(b, 0);
    let w = WriteCtx {
        tm: &e.tm,
        xid: b,
        cid: 0,
        snapshot: &snap,
        interrupts: &e.ints,
    };
    let res = heap_update(
        &e.storage,
        r,
        &d,
        t1,
        &[Datum::Int4(1), Datum::text("uno")],
        &w,
    )
    .unwrap();
    let ModifyResult::Ok(Some(n1)) = res else {
        panic!("{res:?}")
    };
    assert_eq!(n1.block, 0);
    assert_eq!(
        heap_delete(&e.storage, r, t2, &w).unwrap(),
        ModifyResult::Ok(None)
    );
    // Same command again: invisible (already modified by this command).
    assert_eq!(
        heap_delete(&e.storage, r, t1, &w).unwrap(),
        ModifyResult::Invisible
    );
    // The new version is not visible to the command that created it.
    assert_eq!(
        heap_delete(&e.storage, r, n1, &w).unwrap(),
        ModifyResult::Invisible
    );
    let w1 = WriteCtx { cid: 1, ..w };
    assert_eq!(
        heap_delete(&e.storage, r, t1, &w1).unwrap(),
        ModifyResult::SelfModified
    );
    // Own view at the next command.
    let rows = scan_all(&e, r, &d, e.tm.snapshot(b, 1));
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].values, vec![Datum::Int4(1), Datum::text("uno")]);
    // Others still see the old state.
    let others = scan_all(&e, r, &d, e.tm.snapshot(0, 0));
    assert_eq!(others.len(), 2);
    let h = heap_get_header(&e.storage, r, t1).unwrap().unwrap();
    assert_eq!(h.xmax, b);
    assert_eq!(h.ctid, n1);
    let nh = heap_get_header(&e.storage, r, n1).unwrap().unwrap();
    assert_ne!(nh.infomask & HEAP_UPDATED, 0);
    assert_eq!(nh.ctid, n1);
    e.tm.commit(b).unwrap();
    let rows = scan_all(&e, r, &d, e.tm.snapshot(0, 0));
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].tid, n1);
    // heap_fetch honours the snapshot.
    let s = e.tm.snapshot(0, 0);
    assert!(heap_fetch(&e.storage, r, &d, t1, &s, &e.tm)
        .unwrap()
        .is_none());
    assert_eq!(
        heap_fetch(&e.storage, r, &d, n1, &s, &e.tm)
            .unwrap()
            .unwrap()
            .values[1],
        Datum::text("uno")
    );
    // Updating the dead old version now reports the committed update.
    let c = e.tm.begin().unwrap();
    let sc = e.tm.snapshot(c, 0);
    let wc = WriteCtx {
        tm: &e.tm,
        xid: c,
        cid: 0,
        snapshot: &sc,
        interrupts: &e.ints,
    };
    assert_eq!(
        heap_update(&e.storage, r, &d, t1, &[Datum::Int4(0), Datum::Null], &wc).unwrap(),
        ModifyResult::Updated { next: Some(n1) }
    );
    assert_eq!(
        heap_delete(&e.storage, r, t2, &wc).unwrap(),
        ModifyResult::Updated { next: None }
    );
}

#[test]
fn combo_cid_visibility() {
    let e = env(16);
    let r = rel(3);
    e.storage.create_relation(r).unwrap();
    let d = desc(&[INT4]);
    let a = e.tm.begin().unwrap();
    let t = ins(&e, r, &d, a, 0, &[Datum::Int4(1)]);
    let snap = e.tm.snapshot(a, 2);
    let w = WriteCtx {
        tm: &e.tm,
        xid: a,
        cid: 2,
        snapshot: &snap,
        interrupts: &e.ints,
    };
    assert_eq!(
        heap_delete(&e.storage, r, t, &w).unwrap(),
        ModifyResult::Ok(None)
    );
    let h = heap_get_header(&e.storage, r, t).unwrap().unwrap();
    assert_ne!(h.infomask & HEAP_COMBOCID, 0);
    // Seen by command 1 and 2 (deleted by command 2), not by 0 (not yet inserted) or 3.
    assert_eq!(scan_all(&e, r, &d, e.tm.snapshot(a, 0)).len(), 0);
    assert_eq!(scan_all(&e, r, &d, e.tm.snapshot(a, 1)).len(), 1);
    assert_eq!(scan_all(&e, r, &d, e.tm.snapshot(a, 2)).len(), 1);
    assert_eq!(scan_all(&e, r, &d, e.tm.snapshot(a, 3)).len(), 0);
}

#[test]
fn concurrent_update_waits_then_reports() {
    let e = env(16);
    let r = rel(4);
    e.storage.create_relation(r).unwrap();
    let d = desc(&[INT4]);
    let a = e.tm.begin().unwrap();
    let t = ins(&e, r, &d, a, 0, &[Datum::Int4(1)]);
    e.tm.commit(a).unwrap();

    for commit in [true, false] {
        let b = e.tm.begin().unwrap();
        let sb = e.tm.snapshot(b, 0);
        let wb = WriteCtx {
            tm: &e.tm,
            xid: b,
            cid: 0,
            snapshot: &sb,
            interrupts: &e.ints,
        };
        let target = scan_all(&e, r, &d, e.tm.snapshot(0, 0))[0].tid;
        let ModifyResult::Ok(Some(nb)) =
            heap_update(&e.storage, r, &d, target, &[Datum::Int4(2)], &wb).unwrap()
        else {
            panic!()
        };
        let (st, tm) = (e.storage.clone(), e.tm.clone());
        let d2 = d.clone();
        let h = std::thread::spawn(move || {
            let c = tm.begin().unwrap();
            let sc = tm.snapshot(c, 0);
            let ints = Interrupts::new();
            let wc = WriteCtx {
                tm: &tm,
                xid: c,
                cid: 0,
                snapshot: &sc,
                interrupts: &ints,
            };
            let r = heap_update(&st, r, &d2, target, &[Datum::Int4(3)], &wc).unwrap();
            tm.commit(c).unwrap();
            r
        });
        std::thread::sleep(std::time::Duration::from_millis(100));
        assert!(!h.is_finished(), "second updater must wait");
        if commit {
            e.tm.commit(b).unwrap();
            assert_eq!(h.join().unwrap(), ModifyResult::Updated { next: Some(nb) });
        } else {
            e.tm.abort(b).unwrap();
            assert!(matches!(h.join().unwrap(), ModifyResult::Ok(Some(_))));
        }
        let _ = t;
    }
    let rows = scan_all(&e, r, &d, e.tm.snapshot(0, 0));
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].values, vec![Datum::Int4(3)]);
}

#[test]
fn update_to_another_page() {
    let e = env(16);
    let r = rel(5);
    e.storage.create_relation(r).unwrap();
    let d = desc(&[INT4, TEXT]);
    let a = e.tm.begin().unwrap();
    let big = "b".repeat(3000);
    let t0 = ins(&e, r, &d, a, 0, &[Datum::Int4(0), Datum::text(big.clone())]);
    ins(&e, r, &d, a, 0, &[Datum::Int4(1), Datum::text(big.clone())]);
    e.tm.commit(a).unwrap();
    let b = e.tm.begin().unwrap();
    let sb = e.tm.snapshot(b, 0);
    let wb = WriteCtx {
        tm: &e.tm,
        xid: b,
        cid: 0,
        snapshot: &sb,
        interrupts: &e.ints,
    };
    let res = heap_update(
        &e.storage,
        r,
        &d,
        t0,
        &[Datum::Int4(0), Datum::text(big)],
        &wb,
    )
    .unwrap();
    let ModifyResult::Ok(Some(n)) = res else {
        panic!()
    };
    assert_eq!(n.block, 1);
    assert_eq!(heap_get_header(&e.storage, r, t0).unwrap().unwrap().ctid, n);
    e.tm.commit(b).unwrap();
    let rows = scan_all(&e, r, &d, e.tm.snapshot(0, 0));
    assert_eq!(rows.len(), 2);
}

#[test]
fn concurrent_inserts_all_present() {
    let e = env(64);
    let r = rel(6);
    e.storage.create_relation(r).unwrap();
    let d = Arc::new(desc(&[INT4, TEXT]));
    let mut hs = Vec::new();
    for th in 0..4 {
        let (st, tm, d) = (e.storage.clone(), e.tm.clone(), d.clone());
        hs.push(std::thread::spawn(move || {
            let ints = Interrupts::new();
            for i in 0..500 {
                let x = tm.begin().unwrap();
                let s = tm.snapshot(x, 0);
                let w = WriteCtx {
                    tm: &tm,
                    xid: x,
                    cid: 0,
                    snapshot: &s,
                    interrupts: &ints,
                };
                let v = th * 1000 + i;
                heap_insert(
                    &st,
                    r,
                    &d,
                    &[Datum::Int4(v), Datum::text(format!("row {v}"))],
                    &w,
                )
                .unwrap();
                tm.commit(x).unwrap();
            }
        }));
    }
    for h in hs {
        h.join().unwrap();
    }
    let rows = scan_all(&e, r, &d, e.tm.snapshot(0, 0));
    assert_eq!(rows.len(), 2000);
    let mut vals: Vec<i32> = rows
        .iter()
        .map(|t| match t.values[0] {
            Datum::Int4(v) => v,
            _ => panic!(),
        })
        .collect();
    vals.sort();
    vals.dedup();
    assert_eq!(vals.len(), 2000);
    let mut tids: Vec<ItemPointer> = rows.iter().map(|t| t.tid).collect();
    tids.sort();
    tids.dedup();
    assert_eq!(tids.len(), 2000);
    // Pages were filled, not one page per insert.
    assert!(e.storage.nblocks(r).unwrap() < 30);
}

#[test]
fn restart_persistence() {
    let dir = tempfile::tempdir().unwrap();
    let r = rel(7);
    let d = desc(&[INT4, TEXT]);
    let (a, b);
    {
        let storage = Storage::open(dir.path(), 16).unwrap();
        let tm = TransactionManager::open(dir.path()).unwrap();
        storage.create_relation(r).unwrap();
        let ints = Interrupts::new();
        a = tm.begin().unwrap();
        let s = tm.snapshot(a, 0);
        let w = WriteCtx {
            tm: &tm,
            xid: a,
            cid: 0,
            snapshot: &s,
            interrupts: &ints,
        };
        for i in 0..300 {
            heap_insert(
                &storage,
                r,
                &d,
                &[Datum::Int4(i), Datum::text("p".repeat(50))],
                &w,
            )
            .unwrap();
        }
        tm.commit(a).unwrap();
        b = tm.begin().unwrap();
        let s = tm.snapshot(b, 0);
        let w = WriteCtx {
            tm: &tm,
            xid: b,
            cid: 0,
            snapshot: &s,
            interrupts: &ints,
        };
        heap_insert(&storage, r, &d, &[Datum::Int4(-1), Datum::Null], &w).unwrap();
        // b never commits: "crash" after a checkpoint.
        storage.flush_all().unwrap();
        tm.flush().unwrap();
    }
    let storage = Storage::open(dir.path(), 16).unwrap();
    let tm = TransactionManager::open(dir.path()).unwrap();
    assert_eq!(tm.status(a), txn::XidStatus::Committed);
    assert_eq!(tm.status(b), txn::XidStatus::Aborted);
    let rows: Vec<HeapTuple> = HeapScan::new(
        storage.clone(),
        r,
        Arc::new(d.clone()),
        tm.snapshot(0, 0),
        tm.clone(),
    )
    .map(|t| t.unwrap())
    .collect();
    assert_eq!(rows.len(), 300);
    assert_eq!(rows[299].values[0], Datum::Int4(299));
    assert!(relation_size_blocks(&storage, r).unwrap() >= 3);
}

#[test]
fn vacuum_reclaims_space() {
    let e = env(16);
    let r = rel(8);
    e.storage.create_relation(r).unwrap();
    let d = desc(&[INT4, TEXT]);
    let a = e.tm.begin().unwrap();
    let tids: Vec<ItemPointer> = (0..200)
        .map(|i| {
            ins(
                &e,
                r,
                &d,
                a,
                0,
                &[Datum::Int4(i), Datum::text("q".repeat(100))],
            )
        })
        .collect();
    e.tm.commit(a).unwrap();
    let nb = e.storage.nblocks(r).unwrap();
    let b = e.tm.begin().unwrap();
    let sb = e.tm.snapshot(b, 0);
    let wb = WriteCtx {
        tm: &e.tm,
        xid: b,
        cid: 0,
        snapshot: &sb,
        interrupts: &e.ints,
    };
    for t in tids.iter().step_by(2) {
        assert_eq!(
            heap_delete(&e.storage, r, *t, &wb).unwrap(),
            ModifyResult::Ok(None)
        );
    }
    // Running deleter: nothing removable yet.
    let st = heap_vacuum(&e.storage, r, e.tm.oldest_xmin(), &e.tm).unwrap();
    assert_eq!(st.removed, 0);
    e.tm.commit(b).unwrap();
    // An aborted insert is dead too.
    let c = e.tm.begin().unwrap();
    ins(&e, r, &d, c, 0, &[Datum::Int4(-1), Datum::Null]);
    e.tm.abort(c).unwrap();
    let st = heap_vacuum(&e.storage, r, e.tm.oldest_xmin(), &e.tm).unwrap();
    assert_eq!(st.removed, 101);
    assert_eq!(st.remaining, 100);
    let rows = scan_all(&e, r, &d, e.tm.snapshot(0, 0));
    assert_eq!(rows.len(), 100);
    assert!(rows
        .iter()
        .all(|t| matches!(t.values[0], Datum::Int4(v) if v % 2 == 1)));
    // Freed space is reused: 100 more rows fit without growing the relation.
    let x = e.tm.begin().unwrap();
    let before = e.storage.nblocks(r).unwrap();
    assert_eq!(before, nb);
    for i in 0..100 {
        ins(
            &e,
            r,
            &d,
            x,
            0,
            &[Datum::Int4(1000 + i), Datum::text("q".repeat(100))],
        );
    }
    assert_eq!(e.storage.nblocks(r).unwrap(), nb);
    e.tm.commit(x).unwrap();
    assert_eq!(scan_all(&e, r, &d, e.tm.snapshot(0, 0)).len(), 200);
}

#[test]
fn small_pool_large_table() {
    let e = env(16);
    let r = rel(9);
    e.storage.create_relation(r).unwrap();
    let d = desc(&[INT8, TEXT]);
    let a = e.tm.begin().unwrap();
    for i in 0..3000 {
        ins(
            &e,
            r,
            &d,
            a,
            0,
            &[Datum::Int8(i), Datum::text("w".repeat(40))],
        );
    }
    e.tm.commit(a).unwrap();
    assert!(e.storage.nblocks(r).unwrap() > 16);
    let rows = scan_all(&e, r, &d, e.tm.snapshot(0, 0));
    assert_eq!(rows.len(), 3000);
    for (i, t) in rows.iter().enumerate() {
        assert_eq!(t.values[0], Datum::Int8(i as i64));
    }
}

#[test]
fn concurrent_increments_of_one_row() {
    // READ COMMITTED-style retry loop, as the executor does it: on Updated{next}, re-fetch the
    // newer version with a fresh snapshot and try again.
    let e = env(16);
    let r = rel(10);
    e.storage.create_relation(r).unwrap();
    let d = Arc::new(desc(&[INT4]));
    let a = e.tm.begin().unwrap();
    let start = ins(&e, r, &d, a, 0, &[Datum::Int4(0)]);
    e.tm.commit(a).unwrap();
    let mut hs = Vec::new();
    for _ in 0..4 {
        let (st, tm, d) = (e.storage.clone(), e.tm.clone(), d.clone());
        hs.push(std::thread::spawn(move || {
            let ints = Interrupts::new();
            for _ in 0..50 {
                let x = tm.begin().unwrap();
                let mut snap = tm.snapshot(x, 0);
                let mut tid = start;
                // Find the current version through the chain.
                let mut cur = loop {
                    if let Some(t) = heap_fetch(&st, r, &d, tid, &snap, &tm).unwrap() {
                        break t;
                    }
                    let h = heap_get_header(&st, r, tid).unwrap().unwrap();
                    assert_ne!(h.ctid, tid);
                    tid = h.ctid;
                };
                loop {
                    let w = WriteCtx {
                        tm: &tm,
                        xid: x,
                        cid: 0,
                        snapshot: &snap,
                        interrupts: &ints,
                    };
                    let Datum::Int4(v) = cur.values[0] else {
                        panic!()
                    };
                    match heap_update(&st, r, &d, cur.tid, &[Datum::Int4(v + 1)], &w).unwrap() {
                        ModifyResult::Ok(_) => break,
                        ModifyResult::Updated { next: Some(n) } => {
                            cur = heap_fetch_latest(&st, r, &d, n, &w).unwrap().unwrap();
                            snap = tm.snapshot(x, 0);
                        }
                        other => panic!("{other:?}"),
                    }
                }
                tm.commit(x).unwrap();
            }
        }));
    }
    // A concurrent reader always sees exactly one version.
    for _ in 0..20 {
        assert_eq!(scan_all(&e, r, &d, e.tm.snapshot(0, 0)).len(), 1);
    }
    for h in hs {
        h.join().unwrap();
    }
    let rows = scan_all(&e, r, &d, e.tm.snapshot(0, 0));
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].values[0], Datum::Int4(200));
}

#[test]
fn inserts_and_scans_through_tiny_pool() {
    let e = env(16);
    let r = rel(11);
    e.storage.create_relation(r).unwrap();
    let d = Arc::new(desc(&[INT4, TEXT]));
    let mut hs = Vec::new();
    for th in 0..3 {
        let (st, tm, d) = (e.storage.clone(), e.tm.clone(), d.clone());
        hs.push(std::thread::spawn(move || {
            let ints = Interrupts::new();
            let x = tm.begin().unwrap();
            let s = tm.snapshot(x, 0);
            let w = WriteCtx {
                tm: &tm,
                xid: x,
                cid: 0,
                snapshot: &s,
                interrupts: &ints,
            };
            for i in 0..1500 {
                let v = th * 10_000 + i;
                heap_insert(
                    &st,
                    r,
                    &d,
                    &[Datum::Int4(v), Datum::text("t".repeat(60))],
                    &w,
                )
                .unwrap();
            }
            tm.commit(x).unwrap();
        }));
    }
    let mut last = 0;
    while hs.iter().any(|h| !h.is_finished()) {
        let n = scan_all(&e, r, &d, e.tm.snapshot(0, 0)).len();
        assert!(n.is_multiple_of(1500) && n >= last);
        last = n;
    }
    for h in hs {
        h.join().unwrap();
    }
    e.storage.flush_all().unwrap();
    let rows = scan_all(&e, r, &d, e.tm.snapshot(0, 0));
    assert_eq!(rows.len(), 4500);
    let mut v: Vec<Datum> = rows.into_iter().map(|t| t.values[0].clone()).collect();
    v.dedup();
    assert_eq!(v.len(), 4500);
}

#[test]
fn numeric_column() {
    let d = desc(&[INT4, NUMERIC]);
    let n = types::Numeric::parse("123.45").unwrap();
    let t = form_tuple(&d, &[Datum::Int4(1), Datum::numeric(n.clone())]).unwrap();
    // Short numeric: header 0x8100 (dscale 2, weight 0), digits 123, 4500; 1-byte varlena header.
    assert_eq!(&t[28..35], &[0x0f, 0x00, 0x81, 123, 0, 0x94, 0x11]);
    assert_eq!(
        deform_tuple(&d, &t).unwrap(),
        vec![Datum::Int4(1), Datum::numeric(n)]
    );
}

#[test]
fn crashed_inserter_reads_as_aborted_and_gets_hinted() {
    let dir = tempfile::tempdir().unwrap();
    let r = rel(12);
    let d = desc(&[INT4]);
    let tid;
    {
        let storage = Storage::open(dir.path(), 16).unwrap();
        let tm = TransactionManager::open(dir.path()).unwrap();
        storage.create_relation(r).unwrap();
        let x = tm.begin().unwrap();
        let s = tm.snapshot(x, 0);
        let ints = Interrupts::new();
        let w = WriteCtx {
            tm: &tm,
            xid: x,
            cid: 0,
            snapshot: &s,
            interrupts: &ints,
        };
        tid = heap_insert(&storage, r, &d, &[Datum::Int4(5)], &w).unwrap();
        storage.flush_all().unwrap();
    }
    let storage = Storage::open(dir.path(), 16).unwrap();
    let tm = TransactionManager::open(dir.path()).unwrap();
    let rows: Vec<_> = HeapScan::new(
        storage.clone(),
        r,
        Arc::new(d.clone()),
        tm.snapshot(0, 0),
        tm.clone(),
    )
    .collect();
    assert!(rows.is_empty());
    let h = heap_get_header(&storage, r, tid).unwrap().unwrap();
    assert_eq!(h.infomask & HEAP_XMIN_INVALID, HEAP_XMIN_INVALID);
    let st = heap_vacuum(&storage, r, tm.oldest_xmin(), &tm).unwrap();
    assert_eq!(st.removed, 1);
}

#[test]
fn bit_and_inet_varlenas_round_trip_as_bytea() {
    // A bit(11) payload (length 11, bits 0000 0000 000) is valid UTF-8 but must stay Bytea.
    let bits = Datum::Bytea(vec![11, 0, 0, 0, 0, 0]);
    let inet = Datum::Bytea(vec![2, 32, 0, 4, 10, 0, 0, 1]);
    let d = desc(&[BIT, VARBIT, INET, CIDR]);
    let vals = vec![bits.clone(), bits.clone(), inet.clone(), inet.clone()];
    let t = crate::tuple::form_tuple(&d, &vals).unwrap();
    assert_eq!(crate::tuple::deform_tuple(&d, &t).unwrap(), vals);
}

#[test]
fn deform_prefix_matches_full_deform() {
    let d = desc(&[INT4, TEXT, INT8, BPCHAR, INT2, FLOAT8]);
    let rows = vec![
        vec![
            Datum::Int4(1),
            Datum::Text("x".repeat(200)),
            Datum::Int8(-5),
            Datum::Text("ab   ".into()),
            Datum::Int2(3),
            Datum::Float8(0.5),
        ],
        vec![
            Datum::Null,
            Datum::Text(String::new()),
            Datum::Null,
            Datum::Text("é".into()),
            Datum::Int2(-1),
            Datum::Null,
        ],
    ];
    for row in rows {
        let t = form_tuple(&d, &row).unwrap();
        let full = deform_tuple(&d, &t).unwrap();
        assert_eq!(full, row);
        for limit in 0..=7 {
            let p = deform_tuple_prefix(&d, &t, limit).unwrap();
            assert_eq!(p.len(), row.len());
            for (i, v) in p.iter().enumerate() {
                if i < limit {
                    assert_eq!(v, &row[i], "limit {limit} col {i}");
                } else {
                    assert_eq!(v, &Datum::Null, "limit {limit} col {i}");
                }
            }
        }
    }
}

/// Page-at-a-time scanning (ANALYZE's sampling) sees the same visible rows as `next_tuple`,
/// decodes only what it is asked for, and counts the line pointers in use (dead versions too).
#[test]
fn page_at_a_time_scan_matches_tuple_scan() {
    let e = env(64);
    let r = rel(31);
    e.storage.create_relation(r).unwrap();
    let d = desc(&[INT4, TEXT]);
    let x = e.tm.begin().unwrap();
    let mut tids = Vec::new();
    for i in 0..2000 {
        tids.push(ins(
            &e,
            r,
            &d,
            x,
            0,
            &[Datum::Int4(i), Datum::text("v".repeat(40))],
        ));
    }
    e.tm.commit(x).unwrap();
    // Delete every tenth row: those versions stay in use until VACUUM.
    let y = e.tm.begin().unwrap();
    let snap = e.tm.snapshot(y, 0);
    let ints = Interrupts::new();
    let w = WriteCtx {
        tm: &e.tm,
        xid: y,
        cid: 0,
        snapshot: &snap,
        interrupts: &ints,
    };
    for t in tids.iter().step_by(10) {
        heap_delete(&e.storage, r, *t, &w).unwrap();
    }
    e.tm.commit(y).unwrap();
    let expected: Vec<Vec<Datum>> = scan_all(&e, r, &d, e.tm.snapshot(0, 0))
        .into_iter()
        .map(|t| t.values)
        .collect();
    assert_eq!(expected.len(), 1800);
    let mut scan = HeapScan::new(
        e.storage.clone(),
        r,
        Arc::new(d.clone()),
        e.tm.snapshot(0, 0),
        e.tm.clone(),
    );
    let (mut got, mut in_use) = (Vec::new(), 0);
    while let Some((_, visible, normal)) = scan.next_page().unwrap() {
        in_use += normal;
        for i in 0..visible {
            got.push(scan.decode_visible(i).unwrap().expect("visible row"));
        }
        assert!(scan.decode_visible(visible).unwrap().is_none());
    }
    assert_eq!(got, expected);
    assert_eq!(in_use, 2000);
}
