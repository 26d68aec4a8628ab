//! Tests of the storage manager and buffer pool.

use crate::page::*;
use crate::*;
use std::sync::Arc;

fn rel(n: u32) -> RelFileNode {
    RelFileNode {
        spc_node: DEFAULTTABLESPACE_OID,
        db_node: 5,
        rel_node: n,
    }
}

#[test]
fn file_paths() {
    let g = RelFileNode {
        spc_node: GLOBALTABLESPACE_OID,
        db_node: 0,
        rel_node: 1262,
    };
    assert_eq!(relpath(g), "global/1262");
    assert_eq!(relpath(rel(16384)), "base/5/16384");
}

#[test]
fn create_extend_read_write_persist() {
    let dir = tempfile::tempdir().unwrap();
    let r = rel(16384);
    {
        let s = Storage::open(dir.path(), 16).unwrap();
        s.create_relation(r).unwrap();
        assert!(dir.path().join("base/5/16384").exists());
        assert_eq!(s.nblocks(r).unwrap(), 0);
        let b = s.extend_relation(r).unwrap();
        assert_eq!(b.block(), 0);
        assert_eq!(s.nblocks(r).unwrap(), 1);
        {
            let mut w = b.write();
            assert_eq!(page_lower(&w[..]), 24);
            page_add_item(&mut w[..], b"hello", MAX_HEAP_TUPLES_PER_PAGE).unwrap();
        }
        drop(b);
        let b1 = s.extend_relation(r).unwrap();
        assert_eq!(b1.block(), 1);
        drop(b1);
        s.flush_all().unwrap();
    }
    let s = Storage::open(dir.path(), 16).unwrap();
    assert_eq!(s.nblocks(r).unwrap(), 2);
    let b = s.read_buffer(r, 0).unwrap();
    assert_eq!(get_item(&b.read()[..], 1).unwrap(), b"hello");
    assert!(s.read_buffer(r, 7).is_err());
    drop(b);
    s.unlink_relation(r).unwrap();
    assert!(!dir.path().join("base/5/16384").exists());
}

#[test]
fn eviction_writes_back_dirty_pages() {
    let dir = tempfile::tempdir().unwrap();
    let s = Storage::open(dir.path(), 16).unwrap();
    assert_eq!(s.shared_buffers(), 16);
    let r = rel(1);
    s.create_relation(r).unwrap();
    // 100 pages through a 16-page pool: each gets a distinct item.
    for i in 0..100u32 {
        let b = s.extend_relation(r).unwrap();
        let mut w = b.write();
        page_add_item(&mut w[..], &i.to_le_bytes(), 291).unwrap();
    }
    for i in 0..100u32 {
        let b = s.read_buffer(r, i).unwrap();
        let g = b.read();
        assert_eq!(get_item(&g[..], 1).unwrap(), &i.to_le_bytes());
    }
    // Modify again, then read back through eviction.
    for i in 0..100u32 {
        let b = s.read_buffer(r, i).unwrap();
        let mut w = b.write();
        page_add_item(&mut w[..], &(i * 2).to_le_bytes(), 291).unwrap();
    }
    for i in (0..100u32).rev() {
        let b = s.read_buffer(r, i).unwrap();
        let g = b.read();
        assert_eq!(get_item(&g[..], 2).unwrap(), &(i * 2).to_le_bytes());
    }
}

#[test]
fn all_pinned_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let s = Storage::open(dir.path(), 16).unwrap();
    let r = rel(2);
    s.create_relation(r).unwrap();
    let pins: Vec<BufferRef> = (0..16).map(|_| s.extend_relation(r).unwrap()).collect();
    let e = s.extend_relation(r).err().unwrap();
    assert_eq!(e.message, "no unpinned buffers available");
    drop(pins);
    assert!(s.read_buffer(r, 3).is_ok());
}

#[test]
fn concurrent_extend_and_read() {
    let dir = tempfile::tempdir().unwrap();
    let s = Storage::open(dir.path(), 32).unwrap();
    let r = rel(3);
    s.create_relation(r).unwrap();
    let mut hs = Vec::new();
    for t in 0..4u32 {
        let s = Arc::clone(&s);
        hs.push(std::thread::spawn(move || {
            let mut mine = Vec::new();
            for i in 0..50u32 {
                let b = s.extend_relation(r).unwrap();
                let mut w = b.write();
                page_add_item(&mut w[..], &(t * 1000 + i).to_le_bytes(), 291).unwrap();
                mine.push(b.block());
            }
            mine
        }));
    }
    let mut all: Vec<u32> = hs.into_iter().flat_map(|h| h.join().unwrap()).collect();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 200);
    assert_eq!(s.nblocks(r).unwrap(), 200);
    let mut vals = Vec::new();
    for b in 0..200 {
        let buf = s.read_buffer(r, b).unwrap();
        let g = buf.read();
        let v = get_item(&g[..], 1).unwrap();
        vals.push(u32::from_le_bytes([v[0], v[1], v[2], v[3]]));
    }
    vals.sort();
    vals.dedup();
    assert_eq!(vals.len(), 200);
}

/// Readers racing extenders: any block below the size a reader sees must be readable (from
/// the pool or the file), never a short read past the end of the file.
#[test]
fn readers_racing_extenders_always_find_new_blocks() {
    let dir = tempfile::tempdir().unwrap();
    let s = Storage::open(dir.path(), 16).unwrap();
    let r = rel(4);
    s.create_relation(r).unwrap();
    let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut readers = Vec::new();
    for _ in 0..3 {
        let (s, done) = (Arc::clone(&s), Arc::clone(&done));
        readers.push(std::thread::spawn(move || {
            let mut reads = 0u64;
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                let n = s.nblocks(r).unwrap();
                if n > 0 {
                    s.read_buffer(r, n - 1).expect("newest block readable");
                    reads += 1;
                }
            }
            reads
        }));
    }
    let mut writers = Vec::new();
    for _ in 0..2 {
        let s = Arc::clone(&s);
        writers.push(std::thread::spawn(move || {
            for _ in 0..300 {
                let b = s.extend_relation(r).unwrap();
                drop(b);
            }
        }));
    }
    for w in writers {
        w.join().unwrap();
    }
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    for h in readers {
        h.join().unwrap();
    }
    assert_eq!(s.nblocks(r).unwrap(), 600);
}

#[test]
fn wal_hook_sees_page_lsn() {
    use std::sync::atomic::{AtomicU64, Ordering};
    let dir = tempfile::tempdir().unwrap();
    let s = Storage::open(dir.path(), 16).unwrap();
    let seen = Arc::new(AtomicU64::new(0));
    let seen2 = seen.clone();
    s.set_wal_flush_hook(Box::new(move |lsn| {
        seen2.fetch_max(lsn, Ordering::SeqCst);
        Ok(())
    }));
    let r = rel(4);
    s.create_relation(r).unwrap();
    let b = s.extend_relation(r).unwrap();
    set_page_lsn(&mut b.write()[..], 0x1234);
    drop(b);
    s.flush_all().unwrap();
    assert_eq!(seen.load(Ordering::SeqCst), 0x1234);
}

#[test]
fn fsm_hints() {
    let dir = tempfile::tempdir().unwrap();
    let s = Storage::open(dir.path(), 16).unwrap();
    let r = rel(5);
    assert_eq!(s.fsm_search(r, 100), None);
    s.fsm_record(r, 3, 500);
    s.fsm_record(r, 7, 200);
    assert_eq!(s.fsm_search(r, 100), Some(7));
    assert_eq!(s.fsm_search(r, 300), Some(3));
    s.fsm_record(r, 3, 10);
    assert_eq!(s.fsm_search(r, 300), None);
}

#[test]
fn truncate_drops_blocks() {
    let dir = tempfile::tempdir().unwrap();
    let s = Storage::open(dir.path(), 16).unwrap();
    let r = rel(6);
    s.create_relation(r).unwrap();
    for _ in 0..5 {
        s.extend_relation(r).unwrap();
    }
    s.truncate_relation(r, 2).unwrap();
    assert_eq!(s.nblocks(r).unwrap(), 2);
    assert_eq!(s.extend_relation(r).unwrap().block(), 2);
}

#[test]
fn missing_file_message() {
    let dir = tempfile::tempdir().unwrap();
    let s = Storage::open(dir.path(), 16).unwrap();
    let e = s.nblocks(rel(999)).unwrap_err();
    assert_eq!(e.code, common::sqlstate::UNDEFINED_FILE);
    assert_eq!(
        e.message,
        "could not open file \"base/5/999\": No such file or directory"
    );
}

#[test]
fn corrupt_page_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let r = rel(10);
    {
        let s = Storage::open(dir.path(), 16).unwrap();
        s.create_relation(r).unwrap();
        drop(s.extend_relation(r).unwrap());
        s.flush_all().unwrap();
    }
    let path = dir.path().join("base/5/10");
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[12] = 0xff; // pd_lower beyond pd_upper
    bytes[13] = 0xff;
    std::fs::write(&path, &bytes).unwrap();
    let s = Storage::open(dir.path(), 16).unwrap();
    let e = s.read_buffer(r, 0).err().unwrap();
    assert_eq!(e.code, common::sqlstate::DATA_CORRUPTED);
    assert_eq!(e.message, "invalid page in block 0 of relation base/5/10");
}

/// Extension does not write the new block at once, yet nblocks counts it, and the block
/// reaches the file when its dirty buffer is evicted or flushed, even if never modified.
#[test]
fn extension_is_written_by_eviction() {
    let dir = tempfile::tempdir().unwrap();
    let s = Storage::open(dir.path(), 16).unwrap();
    let r = rel(77);
    s.create_relation(r).unwrap();
    for i in 0..40u32 {
        let b = s.extend_relation(r).unwrap();
        assert_eq!(b.block(), i);
        assert_eq!(s.nblocks(r).unwrap(), i + 1);
        if i % 2 == 0 {
            b.write()[100] = i as u8 + 1;
        }
    }
    // Early blocks were evicted (16 buffers): reading them back comes from the file.
    for i in 0..40u32 {
        let b = s.read_buffer(r, i).unwrap();
        let g = b.read();
        assert!(crate::page::page_is_valid(&g[..]));
        assert_eq!(g[100], if i % 2 == 0 { i as u8 + 1 } else { 0 });
    }
    s.flush_all().unwrap();
    drop(s);
    let s = Storage::open(dir.path(), 16).unwrap();
    assert_eq!(s.nblocks(r).unwrap(), 40);
    assert_eq!(s.read_buffer(r, 38).unwrap().read()[100], 39);
    // Truncation resets the size; extension continues from there.
    s.truncate_relation(r, 5).unwrap();
    assert_eq!(s.extend_relation(r).unwrap().block(), 5);
    assert_eq!(s.nblocks(r).unwrap(), 6);
}
