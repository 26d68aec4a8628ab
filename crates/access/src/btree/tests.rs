//! Tests of the B-tree: ordering in both directions, duplicates, NULL placement, DESC and
//! multi-column prefix bounds, splits with variable-length keys, bulk load, bulk delete,
//! concurrency, reopening after a restart, and the oversize-entry error.

use super::*;
use std::ops::Bound;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering as AO};
use storage::DEFAULTTABLESPACE_OID;
use types::oids::*;

fn rel(n: u32) -> RelFileNode {
    RelFileNode {
        spc_node: DEFAULTTABLESPACE_OID,
        db_node: 1,
        rel_node: n,
    }
}

fn tid(n: u32) -> Tid {
    Tid {
        block: n / 100,
        offset: (n % 100) as u16 + 1,
    }
}

struct Env {
    dir: tempfile::TempDir,
    storage: Arc<Storage>,
}

fn env(bufs: usize) -> Env {
    let dir = tempfile::tempdir().unwrap();
    let storage = Storage::open(dir.path(), bufs).unwrap();
    Env { dir, storage }
}

fn new_tree(e: &Env, n: u32, order: KeyOrder) -> BTree {
    let t = BTree::new(&e.storage, rel(n), order, "test_idx");
    t.init_empty().unwrap();
    t
}

fn collect(
    t: &BTree,
    lo: Bound<&[Datum]>,
    hi: Bound<&[Datum]>,
    back: bool,
) -> Vec<(Vec<Datum>, Tid)> {
    let mut s = t.scan(lo, hi, back).unwrap();
    let mut v = Vec::new();
    while let Some(x) = s.next().unwrap() {
        v.push(x);
    }
    v
}

fn ints(v: &[(Vec<Datum>, Tid)]) -> Vec<i32> {
    v.iter()
        .map(|(k, _)| match k[0] {
            Datum::Int4(i) => i,
            _ => panic!("not int4"),
        })
        .collect()
}

fn i4(x: i32) -> Vec<Datum> {
    vec![Datum::Int4(x)]
}

/// Deterministic pseudo-random permutation of 0..n.
fn shuffled(n: u32) -> Vec<u32> {
    let mut v: Vec<u32> = (0..n).collect();
    let mut s: u64 = 0x9E37_79B9_7F4A_7C15;
    for i in (1..v.len()).rev() {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        let j = (s % (i as u64 + 1)) as usize;
        v.swap(i, j);
    }
    v
}

fn check_int_tree(t: &BTree, n: i32) {
    let all: Vec<i32> = (0..n).collect();
    assert_eq!(
        ints(&collect(t, Bound::Unbounded, Bound::Unbounded, false)),
        all
    );
    let mut rev = all.clone();
    rev.reverse();
    assert_eq!(
        ints(&collect(t, Bound::Unbounded, Bound::Unbounded, true)),
        rev
    );
    let (a, b) = (n / 3, 2 * n / 3);
    let lo = i4(a);
    let hi = i4(b);
    let r = ints(&collect(
        t,
        Bound::Included(&lo),
        Bound::Excluded(&hi),
        false,
    ));
    assert_eq!(r, (a..b).collect::<Vec<_>>());
    let r = ints(&collect(
        t,
        Bound::Excluded(&lo),
        Bound::Included(&hi),
        true,
    ));
    assert_eq!(r, ((a + 1)..=b).rev().collect::<Vec<_>>());
    let r = ints(&collect(
        t,
        Bound::Included(&lo),
        Bound::Included(&lo),
        false,
    ));
    assert_eq!(r, vec![a]);
    assert_eq!(t.find_equal(&i4(b)).unwrap(), vec![tid(b as u32)]);
    assert!(t.find_equal(&i4(n + 5)).unwrap().is_empty());
}

#[test]
fn ascending_descending_random_100k() {
    let e = env(256);
    let n = 100_000u32;
    let asc = new_tree(&e, 1, KeyOrder::asc(&[INT4]));
    for i in 0..n {
        asc.insert(&i4(i as i32), tid(i)).unwrap();
    }
    check_int_tree(&asc, n as i32);
    let desc = new_tree(&e, 2, KeyOrder::asc(&[INT4]));
    for i in (0..n).rev() {
        desc.insert(&i4(i as i32), tid(i)).unwrap();
    }
    check_int_tree(&desc, n as i32);
    let rnd = new_tree(&e, 3, KeyOrder::asc(&[INT4]));
    for i in shuffled(n) {
        rnd.insert(&i4(i as i32), tid(i)).unwrap();
    }
    check_int_tree(&rnd, n as i32);
    assert!(rnd.meta().unwrap().level >= 1);
    // Re-inserting an existing entry is a no-op.
    rnd.insert(&i4(7), tid(7)).unwrap();
    assert_eq!(rnd.find_equal(&i4(7)).unwrap(), vec![tid(7)]);
}

#[test]
fn remove_single_entries() {
    let e = env(64);
    let t = new_tree(&e, 1, KeyOrder::asc(&[INT4]));
    // Many versions of one key (spanning several pages) plus neighbours.
    for i in 0..3_000u32 {
        t.insert(&i4(7), tid(i)).unwrap();
    }
    t.insert(&i4(6), tid(1)).unwrap();
    t.insert(&i4(8), tid(1)).unwrap();
    for i in (0..3_000u32).filter(|i| i % 3 != 0) {
        assert!(
            t.remove_entry_if(&i4(7), tid(i), || Ok(true)).unwrap(),
            "{i}"
        );
    }
    // Already gone, wrong key, unknown tid: nothing removed.
    assert!(!t.remove_entry_if(&i4(7), tid(1), || Ok(true)).unwrap());
    assert!(!t.remove_entry_if(&i4(6), tid(3), || Ok(true)).unwrap());
    assert!(!t.remove_entry_if(&i4(9), tid(1), || Ok(true)).unwrap());
    // The heap says the row is alive: the entry stays.
    assert!(!t.remove_entry_if(&i4(7), tid(0), || Ok(false)).unwrap());
    let left = t.find_equal(&i4(7)).unwrap();
    assert_eq!(
        left,
        (0..3_000)
            .filter(|i| i % 3 == 0)
            .map(tid)
            .collect::<Vec<_>>()
    );
    let all = collect(&t, Bound::Unbounded, Bound::Unbounded, false);
    assert_eq!(all.len(), 1_000 + 2);
    assert_eq!(all[0].0, i4(6));
    assert_eq!(all[all.len() - 1].0, i4(8));
}

#[test]
fn duplicates_ordered_by_tid() {
    let e = env(64);
    let t = new_tree(&e, 1, KeyOrder::asc(&[INT4]));
    for i in shuffled(10_000) {
        t.insert(&i4(42), tid(i)).unwrap();
    }
    t.insert(&i4(41), tid(5)).unwrap();
    t.insert(&i4(43), tid(5)).unwrap();
    let got = t.find_equal(&i4(42)).unwrap();
    assert_eq!(got, (0..10_000).map(tid).collect::<Vec<_>>());
    let back = collect(&t, Bound::Included(&i4(42)), Bound::Included(&i4(42)), true);
    assert_eq!(back.len(), 10_000);
    assert_eq!(back[0].1, tid(9_999));
    let all = collect(&t, Bound::Unbounded, Bound::Unbounded, false);
    assert_eq!(all.len(), 10_002);
    assert_eq!(all[0].0, i4(41));
    assert_eq!(all[10_001].0, i4(43));
}

#[test]
fn nulls_first_and_last() {
    let e = env(64);
    let last = new_tree(&e, 1, KeyOrder::asc(&[INT4]));
    let first = new_tree(
        &e,
        2,
        KeyOrder::new(vec![KeyColumn {
            type_oid: INT4,
            descending: false,
            nulls_first: true,
        }]),
    );
    for t in [&last, &first] {
        for i in 0..1000u32 {
            let k = if i % 10 == 0 {
                vec![Datum::Null]
            } else {
                i4(i as i32)
            };
            t.insert(&k, tid(i)).unwrap();
        }
    }
    let a = collect(&last, Bound::Unbounded, Bound::Unbounded, false);
    assert_eq!(a.len(), 1000);
    assert!(a[..900].iter().all(|(k, _)| !k[0].is_null()));
    assert!(a[900..].iter().all(|(k, _)| k[0].is_null()));
    let b = collect(&first, Bound::Unbounded, Bound::Unbounded, false);
    assert!(b[..100].iter().all(|(k, _)| k[0].is_null()));
    assert!(b[100..].iter().all(|(k, _)| !k[0].is_null()));
    // IS NULL / IS NOT NULL ranges.
    let null = [Datum::Null];
    let isnull = collect(&last, Bound::Included(&null), Bound::Included(&null), false);
    assert_eq!(isnull.len(), 100);
    let notnull = collect(&last, Bound::Unbounded, Bound::Excluded(&null), true);
    assert_eq!(notnull.len(), 900);
    assert_eq!(notnull[0].0, i4(999));
    let notnull = collect(&first, Bound::Excluded(&null), Bound::Unbounded, false);
    assert_eq!(notnull.len(), 900);
    assert_eq!(notnull[0].0, i4(1));
    // NULLs never equal.
    assert!(last.find_equal(&null).unwrap().is_empty());
}

#[test]
fn desc_column() {
    let e = env(64);
    let t = new_tree(&e, 1, KeyOrder::new(vec![KeyColumn::desc(INT4)]));
    for i in shuffled(5000) {
        t.insert(&i4(i as i32), tid(i)).unwrap();
    }
    t.insert(&[Datum::Null], tid(99_999)).unwrap();
    let all = collect(&t, Bound::Unbounded, Bound::Unbounded, false);
    assert!(all[0].0[0].is_null());
    assert_eq!(ints(&all[1..]), (0..5000).rev().collect::<Vec<_>>());
    // Bounds are in index order: lower = 100 (larger value first), upper = 10.
    let r = collect(
        &t,
        Bound::Included(&i4(100)),
        Bound::Excluded(&i4(10)),
        false,
    );
    assert_eq!(ints(&r), (11..=100).rev().collect::<Vec<_>>());
    let r = collect(
        &t,
        Bound::Included(&i4(100)),
        Bound::Excluded(&i4(10)),
        true,
    );
    assert_eq!(ints(&r), (11..=100).collect::<Vec<_>>());
}

#[test]
fn multicolumn_prefix_bounds() {
    let e = env(64);
    let t = new_tree(
        &e,
        1,
        KeyOrder::new(vec![KeyColumn::asc(INT4), KeyColumn::desc(TEXT)]),
    );
    let mut n = 0;
    for a in shuffled(100) {
        for b in 0..50 {
            t.insert(
                &[Datum::Int4(a as i32), Datum::text(format!("s{b:03}"))],
                tid(n),
            )
            .unwrap();
            n += 1;
        }
    }
    let k = [Datum::Int4(10)];
    let r = collect(&t, Bound::Included(&k), Bound::Included(&k), false);
    assert_eq!(r.len(), 50);
    assert_eq!(r[0].0[1], Datum::text("s049"));
    assert_eq!(r[49].0[1], Datum::text("s000"));
    assert!(r.iter().all(|(k, _)| k[0] == Datum::Int4(10)));
    // a > 10 and a < 13 => 2 groups; backward.
    let lo = [Datum::Int4(10)];
    let hi = [Datum::Int4(13)];
    let r = collect(&t, Bound::Excluded(&lo), Bound::Excluded(&hi), true);
    assert_eq!(r.len(), 100);
    assert_eq!(r[0].0, vec![Datum::Int4(12), Datum::text("s000")]);
    assert_eq!(r[99].0, vec![Datum::Int4(11), Datum::text("s049")]);
    // Full-key bound inside a group.
    let lo = [Datum::Int4(20), Datum::text("s010")];
    let r = collect(
        &t,
        Bound::Included(&lo),
        Bound::Included(&[Datum::Int4(20)]),
        false,
    );
    assert_eq!(r.len(), 11);
    assert_eq!(
        t.find_equal(&[Datum::Int4(20), Datum::text("s010")])
            .unwrap()
            .len(),
        1
    );
}

fn text_key(i: u32) -> String {
    let len = (i.wrapping_mul(7919) % 700) as usize;
    format!("{:08}{}", i, "x".repeat(len))
}

#[test]
fn text_keys_many_splits() {
    let e = env(128);
    let t = new_tree(&e, 1, KeyOrder::asc(&[TEXT]));
    let n = 8000u32;
    for i in shuffled(n) {
        t.insert(&[Datum::text(text_key(i))], tid(i)).unwrap();
    }
    let mut expect: Vec<String> = (0..n).map(text_key).collect();
    expect.sort();
    let got: Vec<String> = collect(&t, Bound::Unbounded, Bound::Unbounded, false)
        .into_iter()
        .map(|(k, _)| k[0].as_str().unwrap().to_string())
        .collect();
    assert_eq!(got, expect);
    let mut back: Vec<String> = collect(&t, Bound::Unbounded, Bound::Unbounded, true)
        .into_iter()
        .map(|(k, _)| k[0].as_str().unwrap().to_string())
        .collect();
    back.reverse();
    assert_eq!(back, expect);
    assert!(t.meta().unwrap().level >= 2);
    for i in [0, 17, 4444, 7999] {
        assert_eq!(
            t.find_equal(&[Datum::text(text_key(i))]).unwrap(),
            vec![tid(i)]
        );
    }
}

#[test]
fn large_entries_near_limit() {
    let e = env(64);
    let t = new_tree(&e, 1, KeyOrder::asc(&[TEXT]));
    // Items close to the 2712-byte limit: at most 2 data items + high key per page.
    for i in shuffled(300) {
        let s = format!("{:05}{}", i, "y".repeat(2650));
        t.insert(&[Datum::text(s)], tid(i)).unwrap();
    }
    let got = collect(&t, Bound::Unbounded, Bound::Unbounded, false);
    assert_eq!(got.len(), 300);
    let b = t
        .build((0..300u32).map(|i| {
            Ok((
                vec![Datum::text(format!("{:05}{}", i, "z".repeat(2650)))],
                tid(i),
            ))
        }))
        .unwrap();
    assert_eq!(b, 300);
    let got = collect(&t, Bound::Unbounded, Bound::Unbounded, true);
    assert_eq!(got.len(), 300);
    assert_eq!(got[0].1, tid(299));
}

#[test]
fn oversize_entry_error() {
    let e = env(16);
    let t = new_tree(&e, 1, KeyOrder::asc(&[TEXT]));
    let err = t
        .insert(&[Datum::text("a".repeat(3000))], tid(1))
        .unwrap_err();
    assert_eq!(err.code, common::sqlstate::PROGRAM_LIMIT_EXCEEDED);
    assert_eq!(
        err.message,
        "index row size 3016 exceeds maximum 2712 for index \"test_idx\""
    );
    // Just under the limit works.
    t.insert(&[Datum::text("a".repeat(2690))], tid(2)).unwrap();
}

#[test]
fn bulk_build_and_delete() {
    let e = env(256);
    let t = new_tree(&e, 1, KeyOrder::asc(&[INT4]));
    t.insert(&i4(-5), tid(0)).unwrap();
    let n = 200_000u32;
    let cnt = t
        .build(shuffled(n).into_iter().map(|i| Ok((i4(i as i32), tid(i)))))
        .unwrap();
    assert_eq!(cnt, n as u64);
    check_int_tree(&t, n as i32);
    // Inserts after a build.
    t.insert(&i4(n as i32), tid(n)).unwrap();
    t.insert(&i4(5), tid(n + 1)).unwrap();
    assert_eq!(t.find_equal(&i4(5)).unwrap().len(), 2);
    let removed = t
        .bulk_delete(&|x: Tid| x == tid(n + 1) || x.block.is_multiple_of(2))
        .unwrap();
    let rest = collect(&t, Bound::Unbounded, Bound::Unbounded, false);
    assert_eq!(removed as usize + rest.len(), n as usize + 2);
    assert!(rest.iter().all(|(_, x)| x.block % 2 == 1));
    let mut expect: Vec<i32> = (0..=n as i32)
        .filter(|&i| tid(i as u32).block % 2 == 1)
        .collect();
    expect.sort();
    assert_eq!(ints(&rest), expect);
    // Empty pages remain scannable in both directions; inserts still work.
    let removed2 = t.bulk_delete(&|_| true).unwrap();
    assert_eq!(removed2 as usize, rest.len());
    assert!(collect(&t, Bound::Unbounded, Bound::Unbounded, true).is_empty());
    t.insert(&i4(3), tid(3)).unwrap();
    assert_eq!(
        ints(&collect(&t, Bound::Unbounded, Bound::Unbounded, true)),
        vec![3]
    );
    // Empty build.
    assert_eq!(t.build(std::iter::empty()).unwrap(), 0);
    assert!(collect(&t, Bound::Unbounded, Bound::Unbounded, false).is_empty());
}

#[test]
fn build_one_million() {
    let e = env(512);
    let t = new_tree(&e, 1, KeyOrder::asc(&[INT8]));
    let n = 1_000_000u32;
    let cnt = t
        .build(
            (0..n)
                .rev()
                .map(|i| Ok((vec![Datum::Int8(i as i64 / 2)], tid(i)))),
        )
        .unwrap();
    assert_eq!(cnt, n as u64);
    let k = vec![Datum::Int8(123_456)];
    assert_eq!(t.find_equal(&k).unwrap(), vec![tid(246_912), tid(246_913)]);
    let mut s = t.scan(Bound::Unbounded, Bound::Unbounded, false).unwrap();
    let mut c = 0u32;
    let mut prev = -1i64;
    while let Some((k, _)) = s.next().unwrap() {
        let Datum::Int8(v) = k[0] else { panic!() };
        assert!(v >= prev);
        prev = v;
        c += 1;
    }
    assert_eq!(c, n);
}

#[test]
fn reopen_after_restart() {
    let e = env(64);
    let path = e.dir.path().to_path_buf();
    {
        let t = new_tree(&e, 7, KeyOrder::asc(&[INT4]));
        for i in shuffled(20_000) {
            t.insert(&i4(i as i32), tid(i)).unwrap();
        }
        e.storage.flush_all().unwrap();
    }
    let st2 = Storage::open(&path, 64).unwrap();
    let t = BTree::new(&st2, rel(7), KeyOrder::asc(&[INT4]), "test_idx");
    check_int_tree(&t, 20_000);
}

#[test]
fn all_datum_kinds_round_trip() {
    use types::{Array, Interval};
    let vals = vec![
        Datum::Null,
        Datum::Bool(true),
        Datum::Int2(-3),
        Datum::Int4(i32::MIN),
        Datum::Int8(i64::MAX),
        Datum::Float4(-0.5),
        Datum::Float8(f64::NAN),
        Datum::Oid(4_000_000_000),
        Datum::numeric(types::Numeric::parse("-12.3400").unwrap()),
        Datum::text("héllo"),
        Datum::Char(b'x'),
        Datum::Bytea(vec![0, 1, 255]),
        Datum::Date(-10),
        Datum::Time(123),
        Datum::TimeTz(5, -3600),
        Datum::Timestamp(i64::MIN),
        Datum::TimestampTz(77),
        Datum::Interval(Interval {
            months: 1,
            days: -2,
            micros: 3,
        }),
        Datum::Uuid([7; 16]),
        Datum::Array(Box::new(Array {
            elem_type: INT4,
            dims: vec![(2, 1)],
            elems: vec![Datum::Int4(1), Datum::Null],
        })),
        Datum::Record(Box::new(vec![Datum::text("a"), Datum::Int8(2)])),
    ];
    let mut buf = Vec::new();
    for v in &vals {
        codec::encode_datum(&mut buf, v).unwrap();
    }
    let back = codec::decode_all(&buf).unwrap();
    assert_eq!(back.len(), vals.len());
    for (a, b) in vals.iter().zip(back.iter()) {
        match (a, b) {
            (Datum::Float8(x), Datum::Float8(y)) => assert_eq!(x.to_bits(), y.to_bits()),
            (Datum::Numeric(x), Datum::Numeric(y)) => assert_eq!(x.to_string(), y.to_string()),
            _ => assert_eq!(a, b),
        }
    }
    // Truncated input is an error, not a panic.
    for cut in 0..buf.len() {
        let _ = codec::decode_all(&buf[..cut]);
    }
}

#[test]
fn concurrent_inserts_and_scans() {
    let e = env(256);
    let t = new_tree(&e, 1, KeyOrder::asc(&[INT4]));
    let per = 10_000u32;
    let writers = 4u32;
    // Keys present before any scan starts.
    for i in 0..2000u32 {
        t.insert(&i4((i * 1000) as i32), tid(i * 1000)).unwrap();
    }
    let done = Arc::new(AtomicBool::new(false));
    let scans = Arc::new(AtomicUsize::new(0));
    std::thread::scope(|s| {
        let mut hs = Vec::new();
        for w in 0..writers {
            let t = t.clone();
            hs.push(s.spawn(move || {
                for j in 0..per {
                    let k = j * writers + w;
                    let key = (k * 7919) % (per * writers) * 50 + 1 + (k % 49);
                    t.insert(&i4(key as i32), tid(key)).unwrap();
                }
            }));
        }
        for r in 0..2 {
            let t = t.clone();
            let done = done.clone();
            let scans = scans.clone();
            s.spawn(move || {
                while !done.load(AO::Acquire) {
                    let back = r == 1;
                    let v = collect(&t, Bound::Unbounded, Bound::Unbounded, back);
                    let mut k = ints(&v);
                    if back {
                        k.reverse();
                    }
                    assert!(k.windows(2).all(|w| w[0] < w[1]), "scan not sorted");
                    let base = k
                        .iter()
                        .filter(|&&x| x % 1000 == 0 && x < 2_000_000)
                        .count();
                    assert_eq!(base, 2000, "scan missed pre-existing keys");
                    scans.fetch_add(1, AO::Relaxed);
                }
            });
        }
        for h in hs {
            h.join().unwrap();
        }
        done.store(true, AO::Release);
    });
    assert!(scans.load(AO::Relaxed) > 0);
    let all = ints(&collect(&t, Bound::Unbounded, Bound::Unbounded, false));
    assert_eq!(all.len() as u32, 2000 + per * writers);
    assert!(all.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn crash_recovery_replays_index_pages() {
    use storage::wal::WalSettings;
    use txn::recovery::{checkpoint, startup};
    let dir = tempfile::tempdir().unwrap();
    let settings = WalSettings {
        fsync: false,
        ..WalSettings::default()
    };
    let open = |p: &std::path::Path| {
        let storage = Storage::open(p, 64).unwrap();
        let tm = txn::TransactionManager::open(p).unwrap();
        let st = startup(&storage, &tm, &settings).unwrap();
        (storage, tm, st)
    };
    let order = KeyOrder::asc(&[INT4]);
    {
        let (storage, tm, _) = open(dir.path());
        storage.create_relation(rel(50)).unwrap();
        let t = BTree::new(&storage, rel(50), order.clone(), "test_idx");
        t.build((0..5000u32).map(|i| Ok((i4(i as i32 * 2), tid(i * 2)))))
            .unwrap();
        checkpoint(&storage, &tm, false).unwrap();
        // After the checkpoint: full-page images, splits, a new root level maybe.
        for i in shuffled(20_000) {
            t.insert(&i4(i as i32 * 2 + 1), tid(i * 2 + 1)).unwrap();
        }
        t.bulk_delete(&|x| x.block == 3).unwrap();
        // Commit flushes the WAL; then crash without writing the buffer pool.
        let x = tm.begin().unwrap();
        tm.commit(x).unwrap();
    }
    let (storage, _tm, st) = open(dir.path());
    assert!(st.crashed);
    let t = BTree::new(&storage, rel(50), order, "test_idx");
    let want: Vec<i32> = (0..40_000)
        .filter(|&k| (k % 2 == 1 || k < 10_000) && !(300..400).contains(&k))
        .collect();
    let got = ints(&collect(&t, Bound::Unbounded, Bound::Unbounded, false));
    assert_eq!(got, want);
    let mut back = ints(&collect(&t, Bound::Unbounded, Bound::Unbounded, true));
    back.reverse();
    assert_eq!(back, want);
}

#[test]
fn concurrent_root_splits_text_keys() {
    // Start from an empty tree so root splits (and new levels) happen under concurrency.
    for round in 0..3u32 {
        let e = env(64);
        let t = new_tree(&e, 1, KeyOrder::asc(&[TEXT]));
        let writers = 4u32;
        let per = 3000u32;
        let key = |k: u32| {
            format!(
                "{:08}{}",
                (k.wrapping_mul(2_654_435_761)) % 100_000_000,
                "p".repeat((k % 300) as usize)
            )
        };
        let done = AtomicBool::new(false);
        std::thread::scope(|s| {
            let mut hs = Vec::new();
            for w in 0..writers {
                let t = t.clone();
                hs.push(s.spawn(move || {
                    for j in 0..per {
                        let k = j * writers + w + round * 1_000_000;
                        t.insert(&[Datum::text(key(k))], tid(k)).unwrap();
                    }
                }));
            }
            for r in 0..2 {
                let t = t.clone();
                let done = &done;
                s.spawn(move || {
                    while !done.load(AO::Acquire) {
                        let back = r == 1;
                        let mut v: Vec<String> =
                            collect(&t, Bound::Unbounded, Bound::Unbounded, back)
                                .into_iter()
                                .map(|(k, _)| k[0].as_str().unwrap().to_string())
                                .collect();
                        if back {
                            v.reverse();
                        }
                        assert!(v.windows(2).all(|w| w[0] <= w[1]), "scan not sorted");
                    }
                });
            }
            for h in hs {
                h.join().unwrap();
            }
            done.store(true, AO::Release);
        });
        let mut want: Vec<(String, Tid)> = (0..writers * per)
            .map(|k| {
                let k = k + round * 1_000_000;
                (key(k), tid(k))
            })
            .collect();
        want.sort();
        let got: Vec<(String, Tid)> = collect(&t, Bound::Unbounded, Bound::Unbounded, false)
            .into_iter()
            .map(|(k, x)| (k[0].as_str().unwrap().to_string(), x))
            .collect();
        assert_eq!(got, want);
        assert!(t.meta().unwrap().level >= 2);
    }
}

#[test]
fn cross_width_integer_bounds() {
    let e = env(32);
    let t = new_tree(&e, 1, KeyOrder::asc(&[INT4]));
    for i in 0..1000u32 {
        t.insert(&i4(i as i32), tid(i)).unwrap();
    }
    let lo = [Datum::Int8(10)];
    let hi = [Datum::Int2(20)];
    let r = collect(&t, Bound::Excluded(&lo), Bound::Included(&hi), false);
    assert_eq!(ints(&r), (11..=20).collect::<Vec<_>>());
    let hi = [Datum::Float8(5.5)];
    let r = collect(&t, Bound::Unbounded, Bound::Excluded(&hi), true);
    assert_eq!(ints(&r), (0..=5).rev().collect::<Vec<_>>());
}

/// The cached root survives root splits (the stale root is detected by its cleared root flag)
/// and rebuilds/truncation (which drop the cache), with lookups always finding every entry.
#[test]
fn cached_root_follows_splits_and_rebuilds() {
    let e = env(64);
    let t = new_tree(&e, 900, KeyOrder::asc(&[INT4]));
    let pad = "x".repeat(200);
    let order = KeyOrder::new(vec![KeyColumn::asc(INT4), KeyColumn::asc(TEXT)]);
    let t2 = new_tree(&e, 901, order);
    for i in 0..3000 {
        t.insert(&[Datum::Int4(i)], tid(i as u32)).unwrap();
        t2.insert(&[Datum::Int4(i), Datum::Text(pad.clone())], tid(i as u32))
            .unwrap();
        // Lookups between inserts populate and then exercise the cache across root splits.
        if i % 97 == 0 {
            for j in [0, i / 2, i] {
                assert_eq!(
                    t.find_equal(&[Datum::Int4(j)]).unwrap(),
                    vec![tid(j as u32)]
                );
                let k = [Datum::Int4(j), Datum::Text(pad.clone())];
                assert_eq!(t2.find_equal(&k).unwrap(), vec![tid(j as u32)]);
            }
        }
    }
    assert!(t2.meta().unwrap().level >= 2);
    for j in (0..3000).step_by(7) {
        let k = [Datum::Int4(j), Datum::Text(pad.clone())];
        assert_eq!(t2.find_equal(&k).unwrap(), vec![tid(j as u32)]);
    }
    // Rebuild with different contents: the cached root must not be used.
    t2.build(
        (5000..5100).map(|i| Ok((vec![Datum::Int4(i), Datum::Text("a".into())], tid(i as u32)))),
    )
    .unwrap();
    assert!(t2
        .find_equal(&[Datum::Int4(10), Datum::Text(pad.clone())])
        .unwrap()
        .is_empty());
    assert_eq!(
        t2.find_equal(&[Datum::Int4(5050), Datum::Text("a".into())])
            .unwrap(),
        vec![tid(5050)]
    );
    // A fresh handle on the same relation shares the cache and sees the same tree.
    let t3 = BTree::new(&e.storage, rel(900), KeyOrder::asc(&[INT4]), "again");
    assert_eq!(
        t3.find_equal(&[Datum::Int4(2999)]).unwrap(),
        vec![tid(2999)]
    );
    t.reset().unwrap();
    assert!(t3.find_equal(&[Datum::Int4(2999)]).unwrap().is_empty());
    t3.insert(&[Datum::Int4(1)], tid(1)).unwrap();
    assert_eq!(t.find_equal(&[Datum::Int4(1)]).unwrap(), vec![tid(1)]);
}

/// `build_sorted` produces the same index as `build` and rejects unsorted input.
#[test]
fn build_sorted_matches_build() {
    let e = env(128);
    let a = new_tree(&e, 910, KeyOrder::asc(&[INT8]));
    let b = new_tree(&e, 911, KeyOrder::asc(&[INT8]));
    let mut rows: Vec<(Vec<Datum>, Tid)> = (0..20000u32)
        .map(|i| (vec![Datum::Int8(((i * 7919) % 5000) as i64 - 2500)], tid(i)))
        .collect();
    assert_eq!(a.build(rows.clone().into_iter().map(Ok)).unwrap(), 20000);
    rows.sort_by(|x, y| x.0[0].as_i64().cmp(&y.0[0].as_i64()).then(x.1.cmp(&y.1)));
    let n = b
        .build_sorted(rows.iter().map(|(k, t)| Ok(([k[0].clone()], *t))))
        .unwrap();
    assert_eq!(n, 20000);
    let all = |t: &BTree| collect(t, Bound::Unbounded, Bound::Unbounded, false);
    assert_eq!(all(&a), all(&b));
    assert_eq!(all(&b), rows);
    let bad = vec![
        Ok((vec![Datum::Int8(2)], tid(1))),
        Ok((vec![Datum::Int8(1)], tid(2))),
    ];
    assert!(b.build_sorted(bad).is_err());
    let dup = vec![
        Ok((vec![Datum::Int8(1)], tid(1))),
        Ok((vec![Datum::Int8(1)], tid(1))),
    ];
    assert!(b.build_sorted(dup).is_err());
}

#[test]
fn delete_item_in_place_keeps_the_rest() {
    use super::page::{build_page, delete_item_at, Opaque, BTP_LEAF};
    use storage::page::{get_item, max_offset_number, page_free_space};
    let items: Vec<Vec<u8>> = (0..6u8).map(|i| vec![i; 5 + 3 * i as usize]).collect();
    let refs: Vec<&[u8]> = items.iter().map(|v| v.as_slice()).collect();
    let o = Opaque {
        flags: BTP_LEAF,
        ..Default::default()
    };
    let mut p = build_page(&o, &refs).unwrap();
    let free = page_free_space(&p[..]);
    assert!(delete_item_at(&mut p[..], 3));
    assert_eq!(max_offset_number(&p[..]), 5);
    // items[2] is 11 bytes: 16 after alignment, plus its 4-byte line pointer.
    assert_eq!(page_free_space(&p[..]), free + 16 + 4);
    let left: Vec<&[u8]> = (1..=5).map(|o| get_item(&p[..], o).unwrap()).collect();
    let want: Vec<&[u8]> = [0, 1, 3, 4, 5].iter().map(|&i| refs[i]).collect();
    assert_eq!(left, want);
    // The result is the page a fresh build of the remaining items gives.
    let rebuilt = build_page(&o, &want).unwrap();
    assert_eq!(&p[..], &rebuilt[..]);
    assert!(!delete_item_at(&mut p[..], 6));
    assert!(!delete_item_at(&mut p[..], 0));
}

/// Comparing a search key with an item without decoding it (integers of any width, OIDs,
/// text) orders exactly as decoding and comparing does, in ASC and DESC columns, NULLs and
/// other types falling back to the general path.
#[test]
fn search_key_fast_compare_matches_decoded_compare() {
    use super::page::encode_item;
    let values = vec![
        Datum::Int2(-3),
        Datum::Int4(-3),
        Datum::Int8(5_000_000_000),
        Datum::Int4(7),
        Datum::Int8(7),
        Datum::Null,
        Datum::Oid(7),
        Datum::Oid(4_000_000_000),
        Datum::Text(String::new()),
        Datum::Text("abc".into()),
        Datum::Text("abd".into()),
        Datum::Text("ab".into()),
        Datum::Float8(2.5),
    ];
    let comparable = |a: &Datum, b: &Datum| {
        a.is_null()
            || b.is_null()
            || std::mem::discriminant(a) == std::mem::discriminant(b)
            || (a.as_i64().is_some() && b.as_i64().is_some() && !matches!(a, Datum::Oid(_)))
    };
    for cols in [
        vec![KeyColumn::asc(INT4), KeyColumn::asc(TEXT)],
        vec![KeyColumn::desc(INT4), KeyColumn::desc(TEXT)],
    ] {
        let order = KeyOrder::new(cols);
        for a in &values {
            for b in &values {
                if !comparable(a, b) {
                    continue;
                }
                let tail = Datum::Text("z".into());
                let item = encode_item(tid(1), 0, Some(&[b.clone(), tail.clone()])).unwrap();
                let sk = ScanKey {
                    key: vec![a.clone(), tail.clone()],
                    tid: None,
                    nextkey: false,
                };
                let fast = cmp_sk_item(&order, &sk, &item).unwrap();
                let want =
                    match order.compare_keys(std::slice::from_ref(a), std::slice::from_ref(b)) {
                        Ordering::Equal => Ordering::Less, // equal prefix, nextkey = false
                        o => o,
                    };
                assert_eq!(fast, want, "{a:?} vs {b:?} in {order:?}");
            }
        }
    }
}
