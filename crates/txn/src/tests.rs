//! Tests of xid assignment, clog persistence, snapshots and waiting.

use crate::*;
use common::Interrupts;

#[test]
fn xids_and_status() {
    let dir = tempfile::tempdir().unwrap();
    let tm = TransactionManager::open(dir.path()).unwrap();
    let a = tm.begin().unwrap();
    assert_eq!(a, FIRST_NORMAL_XID);
    let b = tm.begin().unwrap();
    assert_eq!(b, a + 1);
    assert_eq!(tm.status(a), XidStatus::InProgress);
    tm.commit(a).unwrap();
    tm.abort(b).unwrap();
    assert_eq!(tm.status(a), XidStatus::Committed);
    assert_eq!(tm.status(b), XidStatus::Aborted);
    assert_eq!(tm.status(BOOTSTRAP_XID), XidStatus::Committed);
    assert_eq!(tm.status(FROZEN_XID), XidStatus::Committed);
    // Clog layout: xid 3 committed -> bits 6-7 of byte 0 = 01; xid 4 aborted -> byte 1 bits 0-1.
    let seg = std::fs::read(dir.path().join("pg_xact/0000")).unwrap();
    assert_eq!(seg[0], 0b0100_0000);
    assert_eq!(seg[1], 0b0000_0010);
}

#[test]
fn clog_and_xid_counter_persist() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, c);
    {
        let tm = TransactionManager::open(dir.path()).unwrap();
        a = tm.begin().unwrap();
        b = tm.begin().unwrap();
        c = tm.begin().unwrap();
        tm.commit(a).unwrap();
        tm.abort(b).unwrap();
        // c still running: "crash" now (no flush).
    }
    let tm = TransactionManager::open(dir.path()).unwrap();
    assert_eq!(tm.status(a), XidStatus::Committed);
    assert_eq!(tm.status(b), XidStatus::Aborted);
    assert_eq!(tm.status(c), XidStatus::Aborted);
    let d = tm.begin().unwrap();
    assert!(d > c, "xid {d} reused after restart");
    assert!(d >= a + XID_CHUNK);
    tm.commit(d).unwrap();
    tm.flush().unwrap();
    drop(tm);
    let tm = TransactionManager::open(dir.path()).unwrap();
    assert_eq!(tm.status(d), XidStatus::Committed);
    assert!(tm.begin().unwrap() > d);
}

#[test]
fn clog_far_xids_use_segments() {
    let dir = tempfile::tempdir().unwrap();
    let c = clog::Clog::open(dir.path()).unwrap();
    let xid = clog::CLOG_XACTS_PER_PAGE * clog::SLRU_PAGES_PER_SEGMENT * 11 + 5;
    c.set(xid, clog::TRANSACTION_STATUS_COMMITTED).unwrap();
    assert!(dir.path().join("pg_xact/000B").exists());
    let c2 = clog::Clog::open(dir.path()).unwrap();
    assert_eq!(c2.get(xid), clog::TRANSACTION_STATUS_COMMITTED);
    assert_eq!(c2.get(xid + 1), clog::TRANSACTION_STATUS_IN_PROGRESS);
    assert_eq!(clog::segment_name(10), "000A");
}

#[test]
fn snapshots() {
    let dir = tempfile::tempdir().unwrap();
    let tm = TransactionManager::open(dir.path()).unwrap();
    let a = tm.begin().unwrap();
    let b = tm.begin().unwrap();
    let s = tm.snapshot(b, 0);
    assert_eq!(s.xmin, a);
    assert_eq!(s.xmax, b + 1);
    assert_eq!(s.xip, vec![a]);
    tm.commit(a).unwrap();
    assert!(!s.xid_visible(a, &tm), "a was running when s was taken");
    assert!(s.xid_visible(b, &tm));
    let s2 = tm.snapshot(INVALID_XID, 0);
    assert!(s2.xid_visible(a, &tm));
    assert!(!s2.xid_visible(b, &tm));
    assert_eq!(s2.xmin, b);
    let c = tm.begin().unwrap();
    assert!(!s2.xid_visible(c, &tm));
    tm.commit(c).unwrap();
    assert!(!s2.xid_visible(c, &tm), "started after the snapshot");
    // Default snapshot = latest committed state.
    let d = Snapshot::default();
    assert!(d.xid_visible(c, &tm));
    assert!(!d.xid_visible(b, &tm));
    // b's first snapshot still had a running.
    assert_eq!(tm.oldest_xmin(), a);
    tm.commit(b).unwrap();
    assert_eq!(tm.oldest_xmin(), tm.next_xid());
}

#[test]
fn wait_for_blocks_until_finish() {
    let dir = tempfile::tempdir().unwrap();
    let tm = TransactionManager::open(dir.path()).unwrap();
    let a = tm.begin().unwrap();
    let tm2 = tm.clone();
    let h = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(120));
        tm2.commit(a).unwrap();
    });
    let t0 = std::time::Instant::now();
    tm.wait_for(a, &Interrupts::new()).unwrap();
    assert!(t0.elapsed() >= std::time::Duration::from_millis(100));
    assert_eq!(tm.status(a), XidStatus::Committed);
    h.join().unwrap();
    // Not running: returns at once.
    tm.wait_for(a, &Interrupts::new()).unwrap();
}

#[test]
fn wait_for_is_cancellable() {
    let dir = tempfile::tempdir().unwrap();
    let tm = TransactionManager::open(dir.path()).unwrap();
    let a = tm.begin().unwrap();
    let ints = Interrupts::new();
    let i2 = ints.clone();
    let h = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(60));
        i2.cancel();
    });
    let e = tm.wait_for(a, &ints).unwrap_err();
    assert_eq!(e.code, common::sqlstate::QUERY_CANCELED);
    h.join().unwrap();
}

#[test]
fn deadlock_is_detected() {
    let dir = tempfile::tempdir().unwrap();
    let tm = TransactionManager::open(dir.path()).unwrap();
    let a = tm.begin().unwrap();
    let b = tm.begin().unwrap();
    let tm2 = tm.clone();
    let h = std::thread::spawn(move || tm2.wait_for_as(a, b, &Interrupts::new()));
    std::thread::sleep(std::time::Duration::from_millis(100));
    let e = tm.wait_for_as(b, a, &Interrupts::new()).unwrap_err();
    assert_eq!(e.code, common::sqlstate::DEADLOCK_DETECTED);
    tm.abort(b).unwrap();
    h.join().unwrap().unwrap();
}

#[test]
fn combo_cids() {
    let dir = tempfile::tempdir().unwrap();
    let tm = TransactionManager::open(dir.path()).unwrap();
    let a = tm.begin().unwrap();
    let c0 = tm.combo_cid(a, 0, 2).unwrap();
    let c1 = tm.combo_cid(a, 1, 2).unwrap();
    assert_ne!(c0, c1);
    assert_eq!(tm.combo_cid(a, 0, 2).unwrap(), c0);
    assert_eq!(tm.combo_cid_lookup(a, c1), Some((1, 2)));
    tm.commit(a).unwrap();
    assert_eq!(tm.combo_cid_lookup(a, c1), None);
}

#[test]
fn finished_xids_cannot_flip() {
    let dir = tempfile::tempdir().unwrap();
    let tm = TransactionManager::open(dir.path()).unwrap();
    let a = tm.begin().unwrap();
    tm.commit(a).unwrap();
    assert!(tm.abort(a).is_err());
    assert!(tm.commit(a).is_err());
    assert_eq!(tm.status(a), XidStatus::Committed);
    let b = tm.begin().unwrap();
    tm.abort(b).unwrap();
    assert!(tm.commit(b).is_err());
    assert_eq!(tm.status(b), XidStatus::Aborted);
}

#[test]
fn commit_records_group_commit_and_redo() {
    use storage::wal::*;
    let dir = tempfile::tempdir().unwrap();
    let settings = WalSettings::default(); // fsync on, synchronous_commit on
    let mut committed = Vec::new();
    let aborted;
    {
        let storage = storage::Storage::open(dir.path(), 16).unwrap();
        let tm = TransactionManager::open(dir.path()).unwrap();
        recovery::startup(&storage, &tm, &settings).unwrap();
        // Concurrent committers: each returns only after its record is flushed.
        let hs: Vec<_> = (0..8)
            .map(|_| {
                let tm = tm.clone();
                std::thread::spawn(move || {
                    let mut v = Vec::new();
                    for _ in 0..20 {
                        let x = tm.begin().unwrap();
                        tm.commit(x).unwrap();
                        let wal = tm.wal().unwrap();
                        assert!(wal.flushed_lsn() > 0);
                        v.push(x);
                    }
                    v
                })
            })
            .collect();
        for h in hs {
            committed.extend(h.join().unwrap());
        }
        aborted = tm.begin().unwrap();
        tm.abort(aborted).unwrap();
        let wal = tm.wal().unwrap();
        assert!(wal.flushed_lsn() <= wal.insert_lsn());
        wal.flush_all().unwrap();
    }
    // Lose the commit log entirely: redo rebuilds it from the commit records.
    std::fs::remove_dir_all(dir.path().join("pg_xact")).unwrap();
    let storage = storage::Storage::open(dir.path(), 16).unwrap();
    let tm = TransactionManager::open(dir.path()).unwrap();
    let st = recovery::startup(&storage, &tm, &settings).unwrap();
    assert!(st.crashed);
    for x in &committed {
        assert_eq!(tm.status(*x), XidStatus::Committed, "xid {x}");
    }
    assert_eq!(tm.status(aborted), XidStatus::Aborted);
    let ctl = ControlFile::read(dir.path()).unwrap().unwrap();
    assert_eq!(ctl.state, DbState::InProduction);
    assert!(ctl.next_xid > aborted);
    recovery::checkpoint(&storage, &tm, true).unwrap();
    let ctl = ControlFile::read(dir.path()).unwrap().unwrap();
    assert_eq!(ctl.state, DbState::Shutdowned);
    assert_eq!(ctl.redo, ctl.checkpoint);
}

#[test]
fn log_timestamps() {
    assert_eq!(recovery::format_timestamp(0), "1970-01-01 00:00:00");
    assert_eq!(
        recovery::format_timestamp(1_795_747_644),
        "2026-11-27 02:47:24"
    );
}

#[test]
fn subxids_are_own_and_in_progress_for_others() {
    let dir = tempfile::tempdir().unwrap();
    let tm = TransactionManager::open(dir.path()).unwrap();
    let top = tm.begin().unwrap();
    let s1 = tm.begin_sub(top).unwrap();
    let s2 = tm.begin_sub(s1).unwrap();
    assert_eq!(tm.top_xid(s2), top);
    assert!(tm.same_transaction(s1, top));
    assert!(tm.same_transaction(s2, s1));
    let other = tm.begin().unwrap();
    assert!(!tm.same_transaction(other, s1));
    // Own snapshot: all three are own, none in xip.
    let snap = tm.snapshot(s2, 0);
    assert_eq!(snap.own_xids, vec![top, s1, s2]);
    assert!(snap.is_own(top) && snap.is_own(s1) && snap.is_own(s2));
    assert!(!snap.is_own(other));
    assert_eq!(snap.xip, vec![other]);
    // Another transaction's snapshot: everything of the tree is in progress.
    let os = tm.snapshot(other, 0);
    assert!(os.own_xids.is_empty());
    assert!(os.xid_in_progress(top) && os.xid_in_progress(s1) && os.xid_in_progress(s2));
    // ROLLBACK TO: s2 aborted at once, no longer own.
    tm.abort_subxacts(&[s2]).unwrap();
    assert_eq!(tm.status(s2), XidStatus::Aborted);
    let snap = tm.snapshot(s1, 0);
    assert_eq!(snap.own_xids, vec![top, s1]);
    assert!(!snap.is_own(s2));
    // Top-level commit commits the surviving subxid atomically.
    assert_eq!(tm.status(s1), XidStatus::InProgress);
    tm.commit(top).unwrap();
    assert_eq!(tm.status(top), XidStatus::Committed);
    assert_eq!(tm.status(s1), XidStatus::Committed);
    assert_eq!(tm.status(s2), XidStatus::Aborted);
    assert!(!tm.is_running(s1));
    let later = tm.snapshot(INVALID_XID, 0);
    assert!(later.xid_visible(s1, &tm));
    assert!(!later.xid_visible(s2, &tm));
    // Without subtransactions snapshots carry no own list.
    assert!(tm.snapshot(other, 0).own_xids.is_empty());
    tm.abort(other).unwrap();
}

#[test]
fn abort_of_top_aborts_subxids_and_waits_are_per_transaction() {
    let dir = tempfile::tempdir().unwrap();
    let tm = TransactionManager::open(dir.path()).unwrap();
    let top = tm.begin().unwrap();
    let s1 = tm.begin_sub(top).unwrap();
    // Waiting for one's own subxid (or top) returns at once.
    tm.wait_for_as(s1, top, &Interrupts::new()).unwrap();
    tm.wait_for_as(top, s1, &Interrupts::new()).unwrap();
    // Combo cids are shared by the whole transaction.
    let c = tm.combo_cid(s1, 1, 2).unwrap();
    assert_eq!(tm.combo_cid_lookup(top, c), Some((1, 2)));
    tm.abort(top).unwrap();
    assert_eq!(tm.status(s1), XidStatus::Aborted);
    assert!(!tm.is_running(s1));
    assert!(tm.begin_sub(top).is_err());
}

#[test]
fn xact_payload_roundtrip() {
    assert!(decode_xact_subxids(&encode_xact_payload(5, &[])).is_empty());
    assert_eq!(
        decode_xact_subxids(&encode_xact_payload(5, &[7, 9])),
        vec![7, 9]
    );
    // Truncated or bogus lists are ignored rather than trusted.
    let mut p = encode_xact_payload(5, &[7, 9]);
    p.truncate(p.len() - 2);
    assert!(decode_xact_subxids(&p).is_empty());
    assert!(decode_xact_subxids(&[0u8; 3]).is_empty());
}

#[test]
fn commit_record_with_subxids_redo() {
    use storage::wal::*;
    let dir = tempfile::tempdir().unwrap();
    let settings = WalSettings::default();
    let (top, s1, s2, s3, t2, t2s);
    {
        let storage = storage::Storage::open(dir.path(), 16).unwrap();
        let tm = TransactionManager::open(dir.path()).unwrap();
        recovery::startup(&storage, &tm, &settings).unwrap();
        top = tm.begin().unwrap();
        s1 = tm.begin_sub(top).unwrap();
        s2 = tm.begin_sub(s1).unwrap();
        tm.abort_subxacts(&[s2]).unwrap();
        s3 = tm.begin_sub(top).unwrap();
        tm.commit(top).unwrap();
        // A transaction with a subxid that never finishes (crash).
        t2 = tm.begin().unwrap();
        t2s = tm.begin_sub(t2).unwrap();
        tm.wal().unwrap().flush_all().unwrap();
    }
    std::fs::remove_dir_all(dir.path().join("pg_xact")).unwrap();
    let storage = storage::Storage::open(dir.path(), 16).unwrap();
    let tm = TransactionManager::open(dir.path()).unwrap();
    let st = recovery::startup(&storage, &tm, &settings).unwrap();
    assert!(st.crashed);
    assert_eq!(tm.status(top), XidStatus::Committed);
    assert_eq!(tm.status(s1), XidStatus::Committed);
    assert_eq!(tm.status(s3), XidStatus::Committed);
    assert_eq!(tm.status(s2), XidStatus::Aborted);
    assert_eq!(tm.status(t2), XidStatus::Aborted);
    assert_eq!(tm.status(t2s), XidStatus::Aborted);
    assert!(tm.begin().unwrap() > t2s);
}
