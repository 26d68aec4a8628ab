//! WAL segment creation off the insert path. A new segment must be a full 16 MB of zeros
//! (fsynced) before records go into it, so that flushing a commit never has to extend the
//! file. Creating one inline stalls whichever backend crosses the segment boundary for the
//! whole zero-fill and fsync; instead, as soon as a segment is opened for writing, a
//! background thread prepares the next one. Every segment, made here or inline, is built
//! under a temporary name (`xlogtemp.*`, never taken for a segment) and installed with
//! `link`, which fails if the name exists: a segment file is therefore always complete, and
//! two creators racing for the same segment cannot overwrite one another (the loser just
//! removes its temporary file). A preallocated segment beyond the end of valid WAL holds
//! only zeros, which the reader takes as the end of WAL.

use crate::wal::{segment_file_name, WAL_SEG_SIZE};
use std::fs::{File, OpenOptions};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// Prefix of temporary segment files.
pub(crate) const TEMP_PREFIX: &str = "xlogtemp.";

/// Write zeros over [from, to) of a file.
pub(crate) fn zero_fill(f: &File, from: u64, to: u64) -> std::io::Result<()> {
    let chunk = vec![0u8; 1024 * 1024];
    let mut pos = from;
    while pos < to {
        let n = (to - pos).min(chunk.len() as u64) as usize;
        f.write_all_at(&chunk[..n], pos)?;
        pos += n as u64;
    }
    Ok(())
}

/// Make sure segment `segno` exists in `dir` as a complete zero-filled file. Returns true if
/// this call installed it.
pub(crate) fn install_segment(dir: &Path, segno: u64, fsync: bool) -> std::io::Result<bool> {
    let path = dir.join(segment_file_name(segno * WAL_SEG_SIZE));
    if path.exists() {
        return Ok(false);
    }
    static SEQ: AtomicU64 = AtomicU64::new(0);
    let tmp = dir.join(format!(
        "{TEMP_PREFIX}{}.{}.{}",
        std::process::id(),
        segno,
        SEQ.fetch_add(1, Ordering::Relaxed)
    ));
    let r = (|| -> std::io::Result<bool> {
        let f = OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        zero_fill(&f, 0, WAL_SEG_SIZE)?;
        if fsync {
            f.sync_all()?;
        }
        drop(f);
        match std::fs::hard_link(&tmp, &path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Ok(false),
            Err(e) => return Err(e),
        }
        if fsync {
            File::open(dir)?.sync_all()?;
        }
        Ok(true)
    })();
    let _ = std::fs::remove_file(&tmp);
    r
}

/// Remove temporary segment files left by a crash.
pub(crate) fn remove_temp_files(dir: &Path) {
    if let Ok(rd) = std::fs::read_dir(dir) {
        for ent in rd.flatten() {
            if ent.file_name().to_string_lossy().starts_with(TEMP_PREFIX) {
                let _ = std::fs::remove_file(ent.path());
            }
        }
    }
}

/// Background preparation of the segment after the one being written.
#[derive(Default)]
pub(crate) struct Preallocator {
    /// Highest segment number a background creation was started for (0: none).
    requested: Arc<AtomicU64>,
}

impl Preallocator {
    /// Start creating segment `segno` in the background unless already requested.
    pub(crate) fn request(&self, dir: &Path, segno: u64, fsync: bool) {
        if self.requested.fetch_max(segno, Ordering::AcqRel) >= segno {
            return;
        }
        let path = dir.join(segment_file_name(segno * WAL_SEG_SIZE));
        if path.exists() {
            return;
        }
        let dir: PathBuf = dir.to_path_buf();
        // A failure is harmless: the writer creates the segment itself when it gets there.
        let _ = std::thread::Builder::new()
            .name("wal-prealloc".into())
            .spawn(move || {
                let _ = install_segment(&dir, segno, fsync);
            });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn install_is_complete_and_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        assert!(install_segment(dir.path(), 3, false).unwrap());
        let path = dir.path().join(segment_file_name(3 * WAL_SEG_SIZE));
        assert_eq!(std::fs::metadata(&path).unwrap().len(), WAL_SEG_SIZE);
        // Data written into an installed segment survives a second (racing) install.
        let f = OpenOptions::new().write(true).open(&path).unwrap();
        f.write_all_at(b"record", 100).unwrap();
        assert!(!install_segment(dir.path(), 3, false).unwrap());
        let b = std::fs::read(&path).unwrap();
        assert_eq!(&b[100..106], b"record");
        // No temporary files remain.
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, vec![segment_file_name(3 * WAL_SEG_SIZE)]);
    }

    #[test]
    fn background_request_creates_once() {
        let dir = tempfile::tempdir().unwrap();
        let p = Preallocator::default();
        p.request(dir.path(), 5, false);
        p.request(dir.path(), 5, false);
        let path = dir.path().join(segment_file_name(5 * WAL_SEG_SIZE));
        for _ in 0..500 {
            if std::fs::metadata(&path).is_ok_and(|m| m.len() == WAL_SEG_SIZE) {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        assert_eq!(std::fs::metadata(&path).unwrap().len(), WAL_SEG_SIZE);
        std::fs::write(dir.path().join(format!("{TEMP_PREFIX}1.2.3")), b"x").unwrap();
        remove_temp_files(dir.path());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
