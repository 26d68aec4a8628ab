//! Listening sockets: TCP listeners created with libc (so IPv6 sockets can be IPV6_V6ONLY, as
//! PostgreSQL does) and Unix-domain sockets; and the `Stream` type a connection runs over.

use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::os::fd::{AsRawFd, FromRawFd};
use std::os::unix::net::{UnixListener, UnixStream};

/// A client connection over TCP or a Unix socket.
#[derive(Debug)]
pub enum Stream {
    Tcp(TcpStream),
    Unix(UnixStream),
}

impl Stream {
    pub fn try_clone(&self) -> io::Result<Stream> {
        Ok(match self {
            Stream::Tcp(s) => Stream::Tcp(s.try_clone()?),
            Stream::Unix(s) => Stream::Unix(s.try_clone()?),
        })
    }
    pub fn shutdown(&self, how: Shutdown) -> io::Result<()> {
        match self {
            Stream::Tcp(s) => s.shutdown(how),
            Stream::Unix(s) => s.shutdown(how),
        }
    }
    /// "[local]" for Unix sockets, the client address otherwise (as PostgreSQL names it).
    pub fn peer_host(&self) -> (String, String) {
        match self {
            Stream::Tcp(s) => match s.peer_addr() {
                Ok(a) => (a.ip().to_string(), a.port().to_string()),
                Err(_) => ("[unknown]".into(), String::new()),
            },
            Stream::Unix(_) => ("[local]".into(), String::new()),
        }
    }
    pub fn peer_addr(&self) -> Option<SocketAddr> {
        match self {
            Stream::Tcp(s) => s.peer_addr().ok(),
            Stream::Unix(_) => None,
        }
    }
}

impl Read for Stream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Stream::Tcp(s) => s.read(buf),
            Stream::Unix(s) => s.read(buf),
        }
    }
}

impl Write for Stream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Stream::Tcp(s) => s.write(buf),
            Stream::Unix(s) => s.write(buf),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match self {
            Stream::Tcp(s) => s.flush(),
            Stream::Unix(s) => s.flush(),
        }
    }
}

/// A listening socket.
#[derive(Debug)]
pub enum Listener {
    Tcp(TcpListener),
    Unix(UnixListener, std::path::PathBuf),
}

impl Listener {
    pub fn fd(&self) -> i32 {
        match self {
            Listener::Tcp(l) => l.as_raw_fd(),
            Listener::Unix(l, _) => l.as_raw_fd(),
        }
    }
    /// Accept one connection (listeners are non-blocking: WouldBlock when none is pending).
    pub fn accept(&self) -> io::Result<Stream> {
        match self {
            Listener::Tcp(l) => {
                let (s, _) = l.accept()?;
                s.set_nonblocking(false)?;
                let _ = s.set_nodelay(true);
                Ok(Stream::Tcp(s))
            }
            Listener::Unix(l, _) => {
                let (s, _) = l.accept()?;
                s.set_nonblocking(false)?;
                Ok(Stream::Unix(s))
            }
        }
    }
}

fn cvt(r: libc::c_int) -> io::Result<libc::c_int> {
    if r < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(r)
    }
}

/// Which step of creating a listener failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BindStage {
    Socket,
    Bind,
    Listen,
}

/// Bind and listen on a TCP address (SO_REUSEADDR; IPV6_V6ONLY for IPv6).
pub fn bind_tcp(addr: SocketAddr, backlog: i32) -> Result<TcpListener, (BindStage, io::Error)> {
    let family = if addr.is_ipv4() {
        libc::AF_INET
    } else {
        libc::AF_INET6
    };
    // SAFETY: plain socket syscalls on a descriptor we own; closed on every error path.
    unsafe {
        let fd = cvt(libc::socket(
            family,
            libc::SOCK_STREAM | libc::SOCK_CLOEXEC,
            0,
        ))
        .map_err(|e| (BindStage::Socket, e))?;
        let close_err = |e: io::Error| {
            libc::close(fd);
            (BindStage::Bind, e)
        };
        let one: libc::c_int = 1;
        let optlen = std::mem::size_of::<libc::c_int>() as libc::socklen_t;
        let onep = &one as *const libc::c_int as *const libc::c_void;
        cvt(libc::setsockopt(
            fd,
            libc::SOL_SOCKET,
            libc::SO_REUSEADDR,
            onep,
            optlen,
        ))
        .map_err(close_err)?;
        let r = match addr {
            SocketAddr::V4(a) => {
                let mut sin: libc::sockaddr_in = std::mem::zeroed();
                sin.sin_family = libc::AF_INET as libc::sa_family_t;
                sin.sin_port = a.port().to_be();
                sin.sin_addr = libc::in_addr {
                    s_addr: u32::from_ne_bytes(a.ip().octets()),
                };
                libc::bind(
                    fd,
                    &sin as *const libc::sockaddr_in as *const libc::sockaddr,
                    std::mem::size_of::<libc::sockaddr_in>() as libc::socklen_t,
                )
            }
            SocketAddr::V6(a) => {
                cvt(libc::setsockopt(
                    fd,
                    libc::IPPROTO_IPV6,
                    libc::IPV6_V6ONLY,
                    onep,
                    optlen,
                ))
                .map_err(close_err)?;
                let mut sin6: libc::sockaddr_in6 = std::mem::zeroed();
                sin6.sin6_family = libc::AF_INET6 as libc::sa_family_t;
                sin6.sin6_port = a.port().to_be();
                sin6.sin6_addr = libc::in6_addr {
                    s6_addr: a.ip().octets(),
                };
                sin6.sin6_scope_id = a.scope_id();
                libc::bind(
                    fd,
                    &sin6 as *const libc::sockaddr_in6 as *const libc::sockaddr,
                    std::mem::size_of::<libc::sockaddr_in6>() as libc::socklen_t,
                )
            }
        };
        cvt(r).map_err(close_err)?;
        cvt(libc::listen(fd, backlog)).map_err(|e| (BindStage::Listen, close_err(e).1))?;
        let l = TcpListener::from_raw_fd(fd);
        l.set_nonblocking(true)
            .map_err(|e| (BindStage::Listen, e))?;
        Ok(l)
    }
}

/// Resolve one entry of listen_addresses into socket addresses.
pub fn resolve_listen_address(entry: &str, port: u16) -> io::Result<Vec<SocketAddr>> {
    if entry == "*" {
        return Ok(vec![
            SocketAddr::from(([0, 0, 0, 0], port)),
            SocketAddr::from(([0u16; 8], port)),
        ]);
    }
    let host = entry.trim_start_matches('[').trim_end_matches(']');
    if let Ok(ip) = host.parse::<std::net::IpAddr>() {
        return Ok(vec![SocketAddr::new(ip, port)]);
    }
    let mut v: Vec<SocketAddr> = Vec::new();
    for a in (host, port).to_socket_addrs()? {
        if !v.contains(&a) {
            v.push(a);
        }
    }
    Ok(v)
}

/// poll(2) for readability on `fds` (ms timeout); returns the readable ones.
pub fn poll_readable(fds: &[i32], timeout_ms: i32) -> Vec<i32> {
    let mut pfds: Vec<libc::pollfd> = fds
        .iter()
        .map(|&fd| libc::pollfd {
            fd,
            events: libc::POLLIN,
            revents: 0,
        })
        .collect();
    // SAFETY: pfds is a valid array of pollfd of the given length.
    let n = unsafe { libc::poll(pfds.as_mut_ptr(), pfds.len() as libc::nfds_t, timeout_ms) };
    if n <= 0 {
        return Vec::new();
    }
    pfds.iter()
        .filter(|p| p.revents != 0)
        .map(|p| p.fd)
        .collect()
}
