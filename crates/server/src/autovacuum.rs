//! The autovacuum worker: a background thread that wakes every autovacuum_naptime and, while
//! autovacuum and track_counts are on, visits each database that accepts connections through
//! an internal session (no client socket) running as the bootstrap superuser. It vacuums a
//! table whose dead rows exceed autovacuum_vacuum_threshold + autovacuum_vacuum_scale_factor ×
//! reltuples and analyzes one whose changes since the last ANALYZE exceed the analyze
//! threshold + scale factor × reltuples. Tables some client holds a conflicting lock on are
//! skipped (the lock is tried without waiting), so sessions are never blocked by it. The
//! thread stops when the engine shuts down (`Engine::shutdown` joins it).

use common::Interrupts;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tcop::{Engine, Session, StartupParams};

/// Start the autovacuum worker for `engine`.
pub fn start(engine: &Arc<Engine>) {
    let e = Arc::clone(engine);
    let h = std::thread::Builder::new()
        .name("autovacuum".into())
        .spawn(move || run(e));
    if let Ok(h) = h {
        engine.pgstat().set_worker(h);
    }
}

fn stopping(engine: &Engine) -> bool {
    engine.pgstat().stop.load(Ordering::SeqCst)
}

/// Sleep `secs` seconds in small steps; false if the server is shutting down.
fn nap(engine: &Engine, secs: u64) -> bool {
    let until = Instant::now() + Duration::from_secs(secs);
    while Instant::now() < until {
        if stopping(engine) {
            return false;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    !stopping(engine)
}

fn run(engine: Arc<Engine>) {
    loop {
        let (_, naptime, _) = engine.autovacuum_config();
        if !nap(&engine, naptime) {
            return;
        }
        let (enabled, _, limits) = engine.autovacuum_config();
        if !enabled {
            continue;
        }
        let Some(user) = engine.bootstrap_superuser() else {
            continue;
        };
        let counters = engine.pgstat().all();
        for (dbname, dboid) in engine.autovacuum_databases() {
            if stopping(&engine) {
                return;
            }
            // Only databases with a table past a bare threshold need a visit (the scale
            // factors only raise the bar).
            let busy = counters.iter().any(|((d, _), c)| {
                *d == dboid
                    && (c.n_dead_tup as f64 > limits.vac_threshold
                        || c.n_mod_since_analyze as f64 > limits.anl_threshold)
            });
            if !busy {
                continue;
            }
            let interrupts = Interrupts::new();
            *engine
                .pgstat()
                .worker_interrupts
                .lock()
                .unwrap_or_else(|e| e.into_inner()) = Some(interrupts.clone());
            let params = StartupParams {
                user: user.clone(),
                database: dbname.clone(),
                settings: vec![("application_name".into(), "autovacuum".into())],
            };
            let Ok(mut session) = Session::new(Arc::clone(&engine), &params, interrupts) else {
                continue;
            };
            process_database(&engine, &mut session, &limits);
            session.terminate();
            *engine
                .pgstat()
                .worker_interrupts
                .lock()
                .unwrap_or_else(|e| e.into_inner()) = None;
        }
    }
}

fn process_database(
    engine: &Engine,
    session: &mut Session,
    limits: &tcop::pgstat::AutovacuumLimits,
) {
    for task in session.autovacuum_tasks(limits) {
        if stopping(engine) {
            return;
        }
        if !session.autovacuum_try_lock(task.relid) {
            continue;
        }
        let sql = match (task.vacuum, task.analyze) {
            (true, true) => format!("VACUUM ANALYZE {}", task.name),
            (true, false) => format!("VACUUM {}", task.name),
            _ => format!("ANALYZE {}", task.name),
        };
        if let Err(e) = session.autovacuum_run(&sql) {
            crate::log::log(&format!(
                "automatic vacuum of table \"{}\" failed: {}",
                task.name, e.message
            ));
        }
        session.autovacuum_unlock(task.relid);
    }
}
