//! Crash-recovery tests at the access level: write through the heap AM with WAL attached,
//! "crash" by dropping the buffer pool without writing it (only WAL flushed at commit is on
//! disk), reopen, recover, and check exactly the committed changes are there.

use crate::*;
use common::Interrupts;
use std::path::Path;
use std::sync::Arc;
use storage::wal::{ControlFile, DbState, WalSettings};
use storage::{RelFileNode, Storage, DEFAULTTABLESPACE_OID};
use txn::recovery::{checkpoint, startup};
use txn::XidStatus;
use types::oids::*;

fn rel(n: u32) -> RelFileNode {
    RelFileNode {
        spc_node: DEFAULTTABLESPACE_OID,
        db_node: 1,
        rel_node: n,
    }
}

fn desc() -> TupleDesc {
    TupleDesc {
        attrs: vec![AttrDesc::for_type(INT4, -1), AttrDesc::for_type(TEXT, -1)],
    }
}

struct Db {
    storage: Arc<Storage>,
    tm: Arc<TransactionManager>,
    ints: Interrupts,
}

fn open(dir: &Path, settings: &WalSettings) -> (Db, txn::recovery::RecoveryStats) {
    let storage = Storage::open(dir, 64).unwrap();
    let tm = TransactionManager::open(dir).unwrap();
    let stats = startup(&storage, &tm, settings).unwrap();
    (
        Db {
            storage,
            tm,
            ints: Interrupts::new(),
        },
        stats,
    )
}

fn settings() -> WalSettings {
    WalSettings {
        fsync: false,
        ..WalSettings::default()
    }
}

impl Db {
    fn w<'a>(&'a self, xid: Xid, snap: &'a Snapshot) -> WriteCtx<'a> {
        WriteCtx {
            tm: &self.tm,
            xid,
            cid: 0,
            snapshot: snap,
            interrupts: &self.ints,
        }
    }
    fn insert(&self, r: RelFileNode, xid: Xid, i: i32) -> ItemPointer {
        let snap = self.tm.snapshot(xid, 0);
        let v = [
            Datum::Int4(i),
            Datum::Text(format!("row {i} {}", "x".repeat(50))),
        ];
        heap_insert(&self.storage, r, &desc(), &v, &self.w(xid, &snap)).unwrap()
    }
    fn ids(&self, r: RelFileNode) -> Vec<i32> {
        let mut v: Vec<i32> = HeapScan::new(
            self.storage.clone(),
            r,
            Arc::new(desc()),
            self.tm.snapshot(0, 0),
            self.tm.clone(),
        )
        .map(|t| match t.unwrap().values[0] {
            Datum::Int4(i) => i,
            _ => panic!("bad row"),
        })
        .collect();
        v.sort();
        v
    }
}

#[test]
fn committed_survive_uncommitted_vanish() {
    let dir = tempfile::tempdir().unwrap();
    let r = rel(16400);
    let (a, b, c);
    let mut tids = Vec::new();
    {
        let (db, st) = open(dir.path(), &settings());
        assert!(!st.crashed);
        db.storage.create_relation(r).unwrap();
        a = db.tm.begin().unwrap();
        for i in 0..500 {
            tids.push(db.insert(r, a, i));
        }
        db.tm.commit(a).unwrap();
        b = db.tm.begin().unwrap();
        for i in 1000..1200 {
            db.insert(r, b, i);
        }
        c = db.tm.begin().unwrap();
        let snap = db.tm.snapshot(c, 0);
        for t in tids.iter().take(10) {
            heap_delete(&db.storage, r, *t, &db.w(c, &snap)).unwrap();
        }
        let v = [Datum::Int4(-20), Datum::Text("updated".into())];
        heap_update(&db.storage, r, &desc(), tids[20], &v, &db.w(c, &snap)).unwrap();
        db.tm.commit(c).unwrap();
        // Some pages reach disk, others not; b never commits. Crash: drop without flushing.
        assert_eq!(
            ControlFile::read(dir.path()).unwrap().unwrap().state,
            DbState::InProduction
        );
    }
    let (db, st) = open(dir.path(), &settings());
    assert!(st.crashed);
    assert!(st.records_replayed > 500);
    assert!(st.aborted_in_progress.contains(&b));
    assert_eq!(db.tm.status(a), XidStatus::Committed);
    assert_eq!(db.tm.status(b), XidStatus::Aborted);
    assert_eq!(db.tm.status(c), XidStatus::Committed);
    let mut want: Vec<i32> = (10..500).filter(|&i| i != 20).collect();
    want.push(-20);
    want.sort();
    assert_eq!(db.ids(r), want);
    // New xids are beyond everything seen.
    assert!(db.tm.begin().unwrap() > c);
    drop(db);
    // Recovering again (crash right after recovery) is idempotent.
    let (db, _) = open(dir.path(), &settings());
    assert_eq!(db.ids(r), want);
    // A clean shutdown: no redo next time.
    checkpoint(&db.storage, &db.tm, true).unwrap();
    drop(db);
    let (db, st) = open(dir.path(), &settings());
    assert!(!st.crashed);
    assert_eq!(st.records_replayed, 0);
    assert_eq!(db.ids(r), want);
}

#[test]
fn pages_flushed_midway_and_checkpoint() {
    let dir = tempfile::tempdir().unwrap();
    let r = rel(16401);
    {
        let (db, _) = open(dir.path(), &settings());
        db.storage.create_relation(r).unwrap();
        let a = db.tm.begin().unwrap();
        for i in 0..300 {
            db.insert(r, a, i);
        }
        db.tm.commit(a).unwrap();
        checkpoint(&db.storage, &db.tm, false).unwrap();
        let b = db.tm.begin().unwrap();
        for i in 300..600 {
            db.insert(r, b, i);
        }
        db.tm.commit(b).unwrap();
        // Write the pages (WAL is flushed first by the hook), then change more.
        db.storage.flush_all().unwrap();
        let c = db.tm.begin().unwrap();
        for i in 600..700 {
            db.insert(r, c, i);
        }
        db.tm.commit(c).unwrap();
        let d = db.tm.begin().unwrap();
        for i in 700..800 {
            db.insert(r, d, i);
        }
        // d in progress at the crash.
    }
    let (db, st) = open(dir.path(), &settings());
    assert!(st.crashed);
    assert_eq!(db.ids(r), (0..700).collect::<Vec<_>>());
}

#[test]
fn torn_page_repaired_from_full_page_image() {
    let dir = tempfile::tempdir().unwrap();
    let r = rel(16402);
    {
        let (db, _) = open(dir.path(), &settings());
        db.storage.create_relation(r).unwrap();
        let a = db.tm.begin().unwrap();
        for i in 0..50 {
            db.insert(r, a, i);
        }
        db.tm.commit(a).unwrap();
        checkpoint(&db.storage, &db.tm, false).unwrap();
        // First change after the checkpoint logs a full-page image.
        let b = db.tm.begin().unwrap();
        for i in 50..60 {
            db.insert(r, b, i);
        }
        db.tm.commit(b).unwrap();
        db.storage.flush_all().unwrap();
    }
    // Tear block 0: the second half of the page is garbage, the header is fine.
    let path = dir.path().join(storage::relpath(r));
    let mut bytes = std::fs::read(&path).unwrap();
    for b in bytes[4096..8192].iter_mut() {
        *b = 0x5A;
    }
    std::fs::write(&path, &bytes).unwrap();
    let (db, st) = open(dir.path(), &settings());
    assert!(st.crashed);
    assert_eq!(db.ids(r), (0..60).collect::<Vec<_>>());
}

#[test]
fn relation_files_created_and_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let (r1, r2, r3) = (rel(16410), rel(16411), rel(16412));
    {
        let (db, _) = open(dir.path(), &settings());
        db.storage.create_relation(r1).unwrap();
        db.storage.create_relation(r2).unwrap();
        let a = db.tm.begin().unwrap();
        db.insert(r1, a, 1);
        db.insert(r2, a, 2);
        db.tm.commit(a).unwrap();
        checkpoint(&db.storage, &db.tm, false).unwrap();
        // After the checkpoint: a table created and filled (committed), one dropped.
        db.storage.create_relation(r3).unwrap();
        let b = db.tm.begin().unwrap();
        db.insert(r3, b, 3);
        db.tm.commit(b).unwrap();
        db.storage.unlink_relation(r2).unwrap();
        // A later commit flushes the WAL, unlink record included.
        let c = db.tm.begin().unwrap();
        db.insert(r1, c, 4);
        db.tm.commit(c).unwrap();
        // Simulate losing the file creation (never synced): remove it behind our back.
        let _ = std::fs::remove_file(dir.path().join(storage::relpath(r3)));
        // And the unlink "never happened" on disk.
        std::fs::write(dir.path().join(storage::relpath(r2)), [0u8; 0]).unwrap();
    }
    let (db, _) = open(dir.path(), &settings());
    assert_eq!(db.ids(r1), vec![1, 4]);
    assert_eq!(db.ids(r3), vec![3]);
    assert!(!db.storage.relation_exists(r2));
}

#[test]
fn vacuum_and_truncate_redo() {
    let dir = tempfile::tempdir().unwrap();
    let r = rel(16420);
    let deleted;
    {
        let (db, _) = open(dir.path(), &settings());
        db.storage.create_relation(r).unwrap();
        let a = db.tm.begin().unwrap();
        let tids: Vec<ItemPointer> = (0..400).map(|i| db.insert(r, a, i)).collect();
        db.tm.commit(a).unwrap();
        db.storage.flush_all().unwrap();
        let b = db.tm.begin().unwrap();
        let snap = db.tm.snapshot(b, 0);
        let del: Vec<&ItemPointer> = tids.iter().filter(|t| t.offset % 2 == 0).collect();
        deleted = del.len();
        for t in del {
            heap_delete(&db.storage, r, *t, &db.w(b, &snap)).unwrap();
        }
        db.tm.commit(b).unwrap();
        let st = heap_vacuum(&db.storage, r, db.tm.oldest_xmin(), &db.tm).unwrap();
        assert!(st.removed > 0);
        let c = db.tm.begin().unwrap();
        for i in 1000..1100 {
            db.insert(r, c, i);
        }
        db.tm.commit(c).unwrap();
    }
    let (db, _) = open(dir.path(), &settings());
    let n = db.ids(r).len();
    assert_eq!(n, 400 - deleted + 100);
    // Truncation is logged and replayed.
    db.storage.truncate_relation(r, 0).unwrap();
    drop(db);
    let (db, _) = open(dir.path(), &settings());
    assert_eq!(db.ids(r), Vec::<i32>::new());
}

#[test]
fn synchronous_commit_off_and_fsync_on() {
    let dir = tempfile::tempdir().unwrap();
    let r = rel(16430);
    let s = WalSettings {
        fsync: true,
        synchronous_commit: false,
        ..WalSettings::default()
    };
    {
        let (db, _) = open(dir.path(), &s);
        db.storage.create_relation(r).unwrap();
        let a = db.tm.begin().unwrap();
        db.insert(r, a, 7);
        db.tm.commit(a).unwrap();
        // Not flushed by the commit; an explicit flush (the WAL writer's job) makes it durable.
        db.storage.wal().unwrap().flush_all().unwrap();
        let b = db.tm.begin().unwrap();
        db.insert(r, b, 8);
        db.tm.commit_with(b, Some(true)).unwrap();
    }
    let (db, _) = open(dir.path(), &s);
    assert_eq!(db.ids(r), vec![7, 8]);
}
