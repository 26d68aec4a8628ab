//! Postmaster signal handling: async-signal-safe handlers that record the signal in atomic
//! flags and write a byte to a self-pipe, so the poll(2)-based accept loop wakes up.

use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};

static PIPE_WRITE: AtomicI32 = AtomicI32::new(-1);
static PIPE_READ: AtomicI32 = AtomicI32::new(-1);
static GOT_TERM: AtomicBool = AtomicBool::new(false);
static GOT_INT: AtomicBool = AtomicBool::new(false);
static GOT_QUIT: AtomicBool = AtomicBool::new(false);
static GOT_HUP: AtomicBool = AtomicBool::new(false);

extern "C" fn handler(sig: libc::c_int) {
    match sig {
        libc::SIGTERM => GOT_TERM.store(true, Ordering::SeqCst),
        libc::SIGINT => GOT_INT.store(true, Ordering::SeqCst),
        libc::SIGQUIT => GOT_QUIT.store(true, Ordering::SeqCst),
        libc::SIGHUP => GOT_HUP.store(true, Ordering::SeqCst),
        _ => {}
    }
    let fd = PIPE_WRITE.load(Ordering::SeqCst);
    if fd >= 0 {
        let b = [1u8];
        // SAFETY: write(2) is async-signal-safe; the pipe is non-blocking.
        unsafe {
            libc::write(fd, b.as_ptr() as *const libc::c_void, 1);
        }
    }
}

/// Install the handlers; returns the read end of the self-pipe to poll.
pub fn install() -> std::io::Result<i32> {
    let existing = PIPE_READ.load(Ordering::SeqCst);
    if existing >= 0 {
        return Ok(existing);
    }
    let mut fds = [0i32; 2];
    // SAFETY: fds has room for two descriptors.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_NONBLOCK | libc::O_CLOEXEC) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    PIPE_READ.store(fds[0], Ordering::SeqCst);
    PIPE_WRITE.store(fds[1], Ordering::SeqCst);
    for sig in [libc::SIGTERM, libc::SIGINT, libc::SIGQUIT, libc::SIGHUP] {
        // SAFETY: a zeroed sigaction with a valid handler and empty mask is well-formed.
        unsafe {
            let mut sa: libc::sigaction = std::mem::zeroed();
            sa.sa_sigaction = handler as *const () as usize;
            sa.sa_flags = libc::SA_RESTART;
            libc::sigemptyset(&mut sa.sa_mask);
            if libc::sigaction(sig, &sa, std::ptr::null_mut()) != 0 {
                return Err(std::io::Error::last_os_error());
            }
        }
    }
    // SAFETY: ignoring SIGPIPE so writes to closed sockets return EPIPE.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_IGN);
    }
    Ok(fds[0])
}

/// Empty the self-pipe after a wakeup.
pub fn drain() {
    let fd = PIPE_READ.load(Ordering::SeqCst);
    if fd < 0 {
        return;
    }
    let mut buf = [0u8; 64];
    // SAFETY: reading into a local buffer from a non-blocking pipe.
    while unsafe { libc::read(fd, buf.as_mut_ptr() as *mut libc::c_void, buf.len()) } > 0 {}
}

/// Pending signals, each reported once.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pending {
    pub smart: bool,
    pub fast: bool,
    pub immediate: bool,
    pub reload: bool,
}

pub fn take() -> Pending {
    Pending {
        smart: GOT_TERM.swap(false, Ordering::SeqCst),
        fast: GOT_INT.swap(false, Ordering::SeqCst),
        immediate: GOT_QUIT.swap(false, Ordering::SeqCst),
        reload: GOT_HUP.swap(false, Ordering::SeqCst),
    }
}

/// Wake the accept loop without raising anything (a session ended).
pub fn wake() {
    request(Pending::default());
}

/// Raise a request as if the signal had arrived (used by tests and internal shutdown).
pub fn request(p: Pending) {
    GOT_TERM.fetch_or(p.smart, Ordering::SeqCst);
    GOT_INT.fetch_or(p.fast, Ordering::SeqCst);
    GOT_QUIT.fetch_or(p.immediate, Ordering::SeqCst);
    GOT_HUP.fetch_or(p.reload, Ordering::SeqCst);
    let fd = PIPE_WRITE.load(Ordering::SeqCst);
    if fd >= 0 {
        let b = [1u8];
        // SAFETY: writing one byte from a local buffer to our own pipe.
        unsafe {
            libc::write(fd, b.as_ptr() as *const libc::c_void, 1);
        }
    }
}
