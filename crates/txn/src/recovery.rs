//! Startup (crash recovery), checkpoints and the checkpointer thread. `startup` reads
//! global/pg_control, replays the WAL from the latest checkpoint's redo point to the end of
//! valid WAL (pages, relation files, database directories through `Storage::redo`; commit and
//! abort records, with the subtransaction xids they list, into the commit log), marks transactions that never finished as aborted,
//! attaches the WAL to the buffer pool and transaction manager and takes an end-of-recovery
//! checkpoint. `checkpoint` flushes every dirty buffer and the commit log, writes a checkpoint
//! record, updates pg_control and removes WAL segments before the redo point.

use crate::clog::{TRANSACTION_STATUS_ABORTED, TRANSACTION_STATUS_COMMITTED};
use crate::{TransactionManager, FIRST_NORMAL_XID};
use common::{pg_err, PgResult, Xid};
use std::collections::BTreeSet;
use std::path::Path;
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use storage::wal::*;
use storage::Storage;

/// Civil date (y, m, d) from days since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// "2026-11-27 01:02:03" for Unix time `secs` (UTC).
pub fn format_timestamp(secs: i64) -> String {
    let (y, mo, d) = civil_from_days(secs.div_euclid(86_400));
    let rem = secs.rem_euclid(86_400);
    format!(
        "{y:04}-{mo:02}-{d:02} {:02}:{:02}:{:02}",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Print `LOG:  msg` to stderr in the server's default log format (`%m [%p] `).
pub fn log(msg: &str) {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    eprintln!(
        "{}.{:03} UTC [{}] LOG:  {}",
        format_timestamp(now.as_secs() as i64),
        now.subsec_millis(),
        std::process::id(),
        msg
    );
}

/// The catalog's OID counter bound (global/tusk_oid), for pg_control.
fn read_next_oid(data_dir: &Path) -> u32 {
    std::fs::read_to_string(data_dir.join("global").join("tusk_oid"))
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .map_or(16384, |v| v.min(u32::MAX as u64) as u32)
}

/// What recovery did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RecoveryStats {
    /// Redo ran (the cluster was not shut down cleanly).
    pub crashed: bool,
    pub records_replayed: u64,
    /// Xids found in the WAL without a commit or abort record, now marked aborted.
    pub aborted_in_progress: Vec<Xid>,
    pub end_lsn: u64,
}

/// Open the WAL of the cluster behind `storage`/`tm`: recover from a crash if needed, attach
/// the WAL (page and file changes are logged from now on, commits write commit records) and
/// take a checkpoint. Call once, before any session runs.
pub fn startup(
    storage: &Arc<Storage>,
    tm: &Arc<TransactionManager>,
    settings: &WalSettings,
) -> PgResult<RecoveryStats> {
    let data_dir = storage.data_dir().to_path_buf();
    let mut stats = RecoveryStats::default();
    let (end, prev, redo) = match ControlFile::read(&data_dir)? {
        None => (FIRST_LSN, 0, FIRST_LSN),
        Some(ctl) => {
            let crashed = ctl.state != DbState::Shutdowned;
            stats.crashed = crashed;
            if crashed {
                log(&format!(
                    "database system was interrupted; last known up at {} UTC",
                    format_timestamp(ctl.time)
                ));
            } else {
                log(&format!(
                    "database system was shut down at {} UTC",
                    format_timestamp(ctl.time)
                ));
            }
            let Some(ckpt) =
                WalReader::read_at(&data_dir, ctl.checkpoint).filter(|r| r.rmid == RM_XLOG)
            else {
                return Err(pg_err!(
                    DATA_CORRUPTED,
                    "could not locate a valid checkpoint record"
                ));
            };
            let ck = CheckpointData::decode(&ckpt.data)
                .ok_or_else(|| pg_err!(DATA_CORRUPTED, "invalid checkpoint record"))?;
            if crashed {
                log("database system was not properly shut down; automatic recovery in progress");
            }
            let (end, prev) = replay(storage, tm, &data_dir, &ck, &ckpt, &mut stats)?;
            tm.advance_next_xid(ck.next_xid)?;
            (end, prev, ck.redo)
        }
    };
    let wal = Arc::new(Wal::open(&data_dir, end, prev, redo, settings)?);
    stats.end_lsn = end;
    storage.attach_wal(wal.clone());
    tm.attach_wal(wal);
    checkpoint(storage, tm, false)?;
    Ok(stats)
}

/// Replay from the checkpoint's redo point; returns (end of valid WAL, start of last record).
fn replay(
    storage: &Storage,
    tm: &TransactionManager,
    data_dir: &Path,
    ck: &CheckpointData,
    ckpt: &Record,
    stats: &mut RecoveryStats,
) -> PgResult<(u64, u64)> {
    let mut reader = WalReader::new(data_dir, ck.redo, None);
    let mut seen: BTreeSet<Xid> = BTreeSet::new();
    let mut finished: BTreeSet<Xid> = BTreeSet::new();
    let mut max_xid: Xid = 0;
    let mut last: Option<u64> = None;
    let mut last_ckpt_end = ckpt.end_lsn;
    while let Some(rec) = reader.next_record() {
        if rec.rmid == RM_XLOG {
            if rec.lsn == ckpt.lsn {
                last_ckpt_end = rec.end_lsn;
            }
            continue;
        }
        if last.is_none() {
            log(&format!("redo starts at {}", format_lsn(rec.lsn)));
        }
        last = Some(rec.lsn);
        stats.records_replayed += 1;
        if rec.xid >= FIRST_NORMAL_XID {
            seen.insert(rec.xid);
            max_xid = max_xid.max(rec.xid);
        }
        if storage.redo(&rec)? {
            continue;
        }
        if rec.rmid == RM_XACT {
            let status = if rec.info == XLOG_XACT_COMMIT {
                TRANSACTION_STATUS_COMMITTED
            } else {
                TRANSACTION_STATUS_ABORTED
            };
            // The record's xid and the subtransaction xids it lists share its outcome.
            let mut xids = crate::decode_xact_subxids(&rec.data);
            xids.push(rec.xid);
            for x in xids {
                if x >= FIRST_NORMAL_XID {
                    tm.clog.set(x, status)?;
                    finished.insert(x);
                    max_xid = max_xid.max(x);
                }
            }
        }
    }
    match last {
        Some(l) => log(&format!("redo done at {}", format_lsn(l))),
        None if stats.crashed => log("redo is not required"),
        None => {}
    }
    // Transactions that never committed or aborted: aborted.
    for &x in seen.difference(&finished) {
        if tm.clog.get(x) != TRANSACTION_STATUS_COMMITTED {
            tm.clog.set(x, TRANSACTION_STATUS_ABORTED)?;
            stats.aborted_in_progress.push(x);
        }
    }
    if max_xid >= FIRST_NORMAL_XID {
        tm.advance_next_xid(max_xid + 1)?;
    }
    let end = reader.end_lsn().max(last_ckpt_end);
    let prev = reader.last_lsn().unwrap_or(ckpt.lsn);
    Ok((end, prev))
}

/// Take a checkpoint (CHECKPOINT, the checkpointer, shutdown with `shutdown` = true). Without
/// WAL attached, just flushes everything.
pub fn checkpoint(storage: &Storage, tm: &TransactionManager, shutdown: bool) -> PgResult<()> {
    let Some(wal) = storage.wal().cloned() else {
        tm.flush()?;
        storage.flush_all()?;
        return tm.flush();
    };
    let _g = wal.checkpoint_lock();
    let redo = wal.begin_checkpoint();
    tm.flush()?;
    storage.flush_all()?;
    tm.flush()?;
    let data_dir = storage.data_dir();
    let now = now_secs();
    let ck = CheckpointData {
        redo,
        next_xid: tm.next_xid(),
        next_oid: read_next_oid(data_dir),
        time: now,
    };
    let info = if shutdown {
        XLOG_CHECKPOINT_SHUTDOWN
    } else {
        XLOG_CHECKPOINT_ONLINE
    };
    let (lsn, end) = wal.insert(0, RM_XLOG, info, &ck.encode());
    wal.flush(end)?;
    ControlFile {
        state: if shutdown {
            DbState::Shutdowned
        } else {
            DbState::InProduction
        },
        checkpoint: lsn,
        redo,
        timeline: TIMELINE_ID,
        next_xid: ck.next_xid,
        next_oid: ck.next_oid,
        checkpoint_time: now,
        time: now,
        full_page_writes: wal.full_page_writes(),
    }
    .write(data_dir)?;
    wal.set_shut_down(shutdown);
    wal.remove_old_segments(redo)?;
    Ok(())
}

/// Start the checkpointer thread: a checkpoint every `checkpoint_timeout_secs`, or when more
/// than `max_wal_size` bytes of WAL were written since the last one; with
/// synchronous_commit=off it also flushes the WAL every 200 ms (the WAL writer's job). The
/// thread ends when the storage or transaction manager is dropped.
pub fn start_checkpointer(
    storage: &Arc<Storage>,
    tm: &Arc<TransactionManager>,
    settings: &WalSettings,
) -> std::io::Result<std::thread::JoinHandle<()>> {
    let ws: Weak<Storage> = Arc::downgrade(storage);
    let wt: Weak<TransactionManager> = Arc::downgrade(tm);
    let timeout = Duration::from_secs(settings.checkpoint_timeout_secs.max(1));
    let max_wal = settings.max_wal_size.max(WAL_SEG_SIZE);
    std::thread::Builder::new()
        .name("checkpointer".into())
        .spawn(move || {
            let mut last = Instant::now();
            loop {
                std::thread::sleep(Duration::from_millis(200));
                let (Some(storage), Some(tm)) = (ws.upgrade(), wt.upgrade()) else {
                    return;
                };
                let Some(wal) = storage.wal().cloned() else {
                    continue;
                };
                if wal.is_shut_down() {
                    continue;
                }
                if !wal.synchronous_commit() {
                    if let Err(e) = wal.flush_all() {
                        log(&format!("could not flush WAL: {}", e.message));
                    }
                }
                let wal_since = wal.insert_lsn().saturating_sub(wal.redo_lsn());
                if last.elapsed() >= timeout || wal_since >= max_wal {
                    // More than the previous checkpoint's own record: something happened.
                    if wal_since > 64 {
                        if let Err(e) = checkpoint(&storage, &tm, false) {
                            log(&format!("checkpoint failed: {}", e.message));
                        }
                    }
                    last = Instant::now();
                }
            }
        })
}
