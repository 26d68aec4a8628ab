//! statement_timeout: one timer thread per engine fires `Interrupts::timeout()` on sessions
//! whose statement ran past its deadline. Sessions arm a timer when a statement starts and
//! disarm it when the statement ends.

use common::Interrupts;
use std::collections::BTreeMap;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

struct TimerState {
    /// (deadline, timer id) → whom to interrupt.
    armed: BTreeMap<(Instant, u64), Interrupts>,
    next_id: u64,
}

/// A shared timer service.
pub(crate) struct Timers {
    state: Mutex<TimerState>,
    wake: Condvar,
}

/// Handle to an armed timer; disarms on drop.
pub(crate) struct TimerGuard {
    timers: Arc<Timers>,
    key: (Instant, u64),
}

impl Timers {
    pub(crate) fn start() -> Arc<Timers> {
        let t = Arc::new(Timers {
            state: Mutex::new(TimerState {
                armed: BTreeMap::new(),
                next_id: 0,
            }),
            wake: Condvar::new(),
        });
        let weak = Arc::downgrade(&t);
        std::thread::Builder::new()
            .name("timeouts".into())
            .spawn(move || loop {
                let Some(t) = weak.upgrade() else { return };
                let mut st = match t.state.lock() {
                    Ok(g) => g,
                    Err(p) => p.into_inner(),
                };
                let now = Instant::now();
                while let Some((&key, _)) = st.armed.iter().next() {
                    if key.0 > now {
                        break;
                    }
                    if let Some(i) = st.armed.remove(&key) {
                        i.timeout();
                    }
                }
                let wait = st
                    .armed
                    .keys()
                    .next()
                    .map(|k| k.0.saturating_duration_since(now))
                    .unwrap_or(Duration::from_millis(500))
                    .min(Duration::from_millis(500));
                let _ = t.wake.wait_timeout(st, wait);
            })
            .ok();
        t
    }

    /// Interrupt `target` with a statement timeout after `after`.
    pub(crate) fn arm(self: &Arc<Self>, after: Duration, target: Interrupts) -> TimerGuard {
        let mut st = match self.state.lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        };
        st.next_id += 1;
        let key = (Instant::now() + after, st.next_id);
        st.armed.insert(key, target);
        drop(st);
        self.wake.notify_one();
        TimerGuard {
            timers: self.clone(),
            key,
        }
    }
}

impl Drop for TimerGuard {
    fn drop(&mut self) {
        let mut st = match self.timers.state.lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        };
        st.armed.remove(&self.key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fires_after_deadline_and_not_after_disarm() {
        let timers = Timers::start();
        let i = Interrupts::new();
        let g = timers.arm(Duration::from_millis(30), i.clone());
        std::thread::sleep(Duration::from_millis(200));
        assert!(i.check().is_err());
        drop(g);
        let j = Interrupts::new();
        let g2 = timers.arm(Duration::from_millis(100), j.clone());
        drop(g2);
        std::thread::sleep(Duration::from_millis(200));
        assert!(j.check().is_ok());
    }
}
