//! One client connection: the startup phase (SSL/GSSENC refusal, CancelRequest, protocol
//! version, startup parameters, pg_hba.conf, connection limits), the handshake
//! (AuthenticationOk, ParameterStatus, BackendKeyData, ReadyForQuery), and the message loop
//! that hands queries to a `tcop::Session` and writes its results as wire messages.

use crate::hba::{self, HbaLine, HbaRequest};
use crate::log::{log_as, log_error, LogCtx};
use crate::net::Stream;
use common::{Interrupts, PgError, PgResult, Severity};
use std::collections::HashMap;
use std::io::{BufReader, Write};
use std::net::Shutdown;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;
use tcop::{ColumnDesc, Output, StartupParams};
use wire::{FieldDesc, FrontendMessage, MessageBuffer, StartupPacket};

/// Flush the output buffer once it holds this much.
const FLUSH_THRESHOLD: usize = 8192;

/// The part of `tcop::Session` the connection loop uses (a trait so tests can use a fake).
pub trait SessionApi {
    fn reported_parameters(&mut self) -> Vec<(String, String)>;
    /// The "backend pid" reported in BackendKeyData (and by pg_backend_pid()).
    fn backend_pid(&self) -> i32;
    fn simple_query(&mut self, sql: &str, out: &mut dyn Output);
    fn transaction_status(&self) -> u8;
    fn terminate(&mut self);

    // Extended query protocol. Each returns false after reporting an error (the connection
    // then skips messages until Sync). The defaults refuse, for sessions without it.
    fn parse(&mut self, _name: &str, _sql: &str, _types: &[u32], out: &mut dyn Output) -> bool {
        extended_refused(out)
    }
    fn bind(
        &mut self,
        _portal: &str,
        _statement: &str,
        _param_formats: &[i16],
        _params: &[Option<Vec<u8>>],
        _result_formats: &[i16],
        out: &mut dyn Output,
    ) -> bool {
        extended_refused(out)
    }
    fn describe(&mut self, _kind: u8, _name: &str, out: &mut dyn Output) -> bool {
        extended_refused(out)
    }
    fn execute(&mut self, _portal: &str, _max_rows: i32, out: &mut dyn Output) -> bool {
        extended_refused(out)
    }
    fn close(&mut self, _kind: u8, _name: &str, out: &mut dyn Output) -> bool {
        extended_refused(out)
    }
    /// Sync: end the implicit transaction; the caller then sends ReadyForQuery.
    fn sync(&mut self, _out: &mut dyn Output) {}
    /// How long the session may sit idle inside a transaction before it is terminated
    /// (idle_in_transaction_session_timeout); None when unlimited or not in a transaction.
    fn idle_in_transaction_timeout(&self) -> Option<Duration> {
        None
    }
}

fn extended_refused(out: &mut dyn Output) -> bool {
    let _ = out.error(&PgError::new(
        common::sqlstate::FEATURE_NOT_SUPPORTED,
        "extended query protocol not supported",
    ));
    false
}

impl SessionApi for tcop::Session {
    fn reported_parameters(&mut self) -> Vec<(String, String)> {
        tcop::Session::reported_parameters(self)
    }
    fn backend_pid(&self) -> i32 {
        tcop::Session::backend_pid(self)
    }
    fn simple_query(&mut self, sql: &str, out: &mut dyn Output) {
        tcop::Session::simple_query(self, sql, out)
    }
    fn transaction_status(&self) -> u8 {
        tcop::Session::transaction_status(self)
    }
    fn terminate(&mut self) {
        tcop::Session::terminate(self)
    }
    fn parse(&mut self, name: &str, sql: &str, types: &[u32], out: &mut dyn Output) -> bool {
        self.parse_message(name, sql, types, out)
    }
    fn bind(
        &mut self,
        portal: &str,
        statement: &str,
        param_formats: &[i16],
        params: &[Option<Vec<u8>>],
        result_formats: &[i16],
        out: &mut dyn Output,
    ) -> bool {
        self.bind_message(
            portal,
            statement,
            param_formats,
            params,
            result_formats,
            out,
        )
    }
    fn describe(&mut self, kind: u8, name: &str, out: &mut dyn Output) -> bool {
        self.describe_message(kind, name, out)
    }
    fn execute(&mut self, portal: &str, max_rows: i32, out: &mut dyn Output) -> bool {
        self.execute_message(portal, max_rows, out)
    }
    fn close(&mut self, kind: u8, name: &str, out: &mut dyn Output) -> bool {
        self.close_message(kind, name, out)
    }
    fn sync(&mut self, out: &mut dyn Output) {
        self.sync_message(out)
    }
    fn idle_in_transaction_timeout(&self) -> Option<Duration> {
        tcop::Session::idle_in_transaction_timeout(self)
    }
}

/// Creates sessions (the engine, or a fake in tests).
pub trait SessionFactory: Send + Sync {
    fn new_session(
        &self,
        params: &StartupParams,
        interrupts: Interrupts,
    ) -> PgResult<Box<dyn SessionApi>>;
}

impl SessionFactory for Arc<tcop::Engine> {
    fn new_session(
        &self,
        params: &StartupParams,
        interrupts: Interrupts,
    ) -> PgResult<Box<dyn SessionApi>> {
        let s = tcop::Session::new(Arc::clone(self), params, interrupts)?;
        Ok(Box::new(s))
    }
}

/// A registered session, as the postmaster sees it.
pub struct SessionEntry {
    pub key: i32,
    pub interrupts: Interrupts,
    /// A clone of the client socket, shut down to wake an idle session at fast shutdown.
    pub stream: Option<Stream>,
}

/// State shared by the postmaster and all connection threads.
pub struct Shared {
    pub factory: Arc<dyn SessionFactory>,
    pub sessions: Mutex<HashMap<i32, SessionEntry>>,
    pub hba: RwLock<Vec<HbaLine>>,
    pub max_connections: usize,
    /// Set at shutdown: new connections are refused.
    pub shutting_down: AtomicBool,
    next_pid: AtomicI32,
}

impl Shared {
    pub fn new(
        factory: Arc<dyn SessionFactory>,
        hba: Vec<HbaLine>,
        max_connections: usize,
    ) -> Shared {
        let base = (std::process::id() as i32).wrapping_add(1) & 0x3fff_ffff;
        Shared {
            factory,
            sessions: Mutex::new(HashMap::new()),
            hba: RwLock::new(hba),
            max_connections,
            shutting_down: AtomicBool::new(false),
            next_pid: AtomicI32::new(base.max(2)),
        }
    }

    /// A provisional (negative) registry key used until the session reports its backend pid.
    fn provisional_id(&self, sessions: &HashMap<i32, SessionEntry>) -> i32 {
        loop {
            let p = -((self.next_pid.fetch_add(1, Ordering::SeqCst) & 0x3fff_ffff).max(1));
            if !sessions.contains_key(&p) {
                return p;
            }
        }
    }

    /// Move a registry entry to the session's real backend pid.
    fn rekey(&self, from: i32, to: i32) -> bool {
        let Ok(mut s) = self.sessions.lock() else {
            return false;
        };
        if s.contains_key(&to) {
            return false;
        }
        match s.remove(&from) {
            Some(e) => {
                s.insert(to, e);
                true
            }
            None => false,
        }
    }

    pub fn session_count(&self) -> usize {
        self.sessions.lock().map(|s| s.len()).unwrap_or(0)
    }

    /// Fast shutdown: ask every session to end and wake idle ones.
    pub fn interrupt_all(&self) {
        if let Ok(s) = self.sessions.lock() {
            for e in s.values() {
                e.interrupts.shutdown();
                if let Some(st) = &e.stream {
                    let _ = st.shutdown(Shutdown::Read);
                }
            }
        }
    }

    fn cancel(&self, pid: i32, key: i32) {
        if let Ok(s) = self.sessions.lock() {
            if let Some(e) = s.get(&pid) {
                if e.key == key {
                    e.interrupts.cancel();
                }
            }
        }
    }
}

/// Removes the session from the registry however the connection ends.
struct Registration<'a> {
    shared: &'a Shared,
    pid: i32,
}

impl Drop for Registration<'_> {
    fn drop(&mut self) {
        if let Ok(mut s) = self.shared.sessions.lock() {
            s.remove(&self.pid);
        }
        // Let a postmaster waiting for sessions to end notice at once.
        crate::signals::wake();
    }
}

fn random_i32() -> i32 {
    use std::io::Read;
    let mut b = [0u8; 4];
    if let Ok(mut f) = std::fs::File::open("/dev/urandom") {
        if f.read_exact(&mut b).is_ok() {
            return i32::from_ne_bytes(b);
        }
    }
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    (t.as_nanos() as u64 ^ (std::process::id() as u64) << 17) as i32
}

fn fatal(code: common::SqlState, msg: impl Into<String>) -> PgError {
    PgError::new(code, msg).with_severity(Severity::Fatal)
}

/// Send an error to the client (best effort) and flush.
fn send_error(stream: &mut Stream, e: &PgError) {
    let mut b = MessageBuffer::new();
    b.error_response(e);
    let _ = b.flush_to(stream);
}

/// Writes session output as wire messages.
struct WireOutput<'a> {
    buf: MessageBuffer,
    stream: &'a mut Stream,
    failed: bool,
    fatal_sent: bool,
    log: &'a LogCtx,
    statement: &'a str,
    /// The client's messages (COPY FROM STDIN pulls CopyData from here).
    reader: &'a mut BufReader<Stream>,
}

impl WireOutput<'_> {
    fn maybe_flush(&mut self) -> PgResult<()> {
        if self.buf.len() >= FLUSH_THRESHOLD {
            self.flush()?;
        }
        Ok(())
    }
    fn flush(&mut self) -> PgResult<()> {
        if self.failed {
            self.buf.clear();
            return Err(connection_lost());
        }
        if let Err(e) = self.buf.flush_to(self.stream) {
            self.failed = true;
            return Err(e.into());
        }
        Ok(())
    }
}

fn connection_lost() -> PgError {
    PgError::new(
        common::sqlstate::CONNECTION_FAILURE,
        "connection to client lost",
    )
    .with_severity(Severity::Fatal)
}

impl Output for WireOutput<'_> {
    fn row_description(&mut self, columns: &[ColumnDesc]) -> PgResult<()> {
        let fields: Vec<FieldDesc> = columns
            .iter()
            .map(|c| FieldDesc {
                name: c.name.clone(),
                table_oid: c.table_oid,
                column_attnum: c.column_attnum,
                type_oid: c.type_oid,
                type_len: c.type_len,
                type_modifier: c.type_modifier,
                format: c.format,
            })
            .collect();
        self.buf.row_description(&fields);
        self.maybe_flush()
    }
    fn data_row(&mut self, values: &[Option<&[u8]>]) -> PgResult<()> {
        self.buf.data_row(values);
        self.maybe_flush()
    }
    fn command_complete(&mut self, tag: &str) -> PgResult<()> {
        self.buf.command_complete(tag);
        self.maybe_flush()
    }
    fn empty_query(&mut self) -> PgResult<()> {
        self.buf.empty_query_response();
        self.maybe_flush()
    }
    fn error(&mut self, error: &PgError) -> PgResult<()> {
        log_error(self.log, error);
        if error.severity == Severity::Error && !self.statement.is_empty() {
            log_as(self.log, "STATEMENT", self.statement);
        }
        if error.severity >= Severity::Fatal {
            self.fatal_sent = true;
        }
        self.buf.error_response(error);
        self.maybe_flush()
    }
    fn notice(&mut self, notice: &PgError) -> PgResult<()> {
        if notice.severity >= Severity::Warning {
            log_error(self.log, notice);
        }
        self.buf.notice_response(notice);
        self.maybe_flush()
    }
    fn parameter_status(&mut self, name: &str, value: &str) -> PgResult<()> {
        self.buf.parameter_status(name, value);
        self.maybe_flush()
    }
    // --- COPY sub-protocol ---
    fn copy_in_begin(&mut self, format: i8, column_formats: &[i16]) -> PgResult<()> {
        self.buf.copy_in_response(format, column_formats);
        self.flush()
    }
    fn copy_in_next(&mut self) -> PgResult<Option<Vec<u8>>> {
        copy_in_next(self)
    }
    fn copy_out_begin(&mut self, format: i8, column_formats: &[i16]) -> PgResult<()> {
        self.buf.copy_out_response(format, column_formats);
        self.maybe_flush()
    }
    fn copy_out_data(&mut self, data: &[u8]) -> PgResult<()> {
        self.buf.copy_data(data);
        self.maybe_flush()
    }
    fn copy_out_end(&mut self) -> PgResult<()> {
        self.buf.copy_done();
        self.maybe_flush()
    }
    // --- extended query protocol ---
    fn parse_complete(&mut self) -> PgResult<()> {
        self.buf.parse_complete();
        self.maybe_flush()
    }
    fn bind_complete(&mut self) -> PgResult<()> {
        self.buf.bind_complete();
        self.maybe_flush()
    }
    fn close_complete(&mut self) -> PgResult<()> {
        self.buf.close_complete();
        self.maybe_flush()
    }
    fn parameter_description(&mut self, types: &[u32]) -> PgResult<()> {
        self.buf.parameter_description(types);
        self.maybe_flush()
    }
    fn no_data(&mut self) -> PgResult<()> {
        self.buf.no_data();
        self.maybe_flush()
    }
    fn portal_suspended(&mut self) -> PgResult<()> {
        self.buf.portal_suspended();
        self.maybe_flush()
    }
}

/// COPY FROM STDIN: the next CopyData payload (None at CopyDone), per PostgreSQL's CopyGetData.
fn copy_in_next(o: &mut WireOutput) -> PgResult<Option<Vec<u8>>> {
    loop {
        let msg = match wire::read_message(&mut *o.reader) {
            Ok(Some(m)) => m,
            Err(e) if e.code == common::sqlstate::PROTOCOL_VIOLATION => {
                return Err(e.with_severity(Severity::Fatal));
            }
            Ok(None) | Err(_) => {
                o.failed = true;
                return Err(PgError::new(
                    common::sqlstate::CONNECTION_FAILURE,
                    "unexpected EOF on client connection with an open transaction",
                ));
            }
        };
        let tag = match msg {
            FrontendMessage::CopyData(d) => return Ok(Some(d)),
            FrontendMessage::CopyDone => return Ok(None),
            FrontendMessage::CopyFail(m) => {
                return Err(PgError::new(
                    common::sqlstate::QUERY_CANCELED,
                    format!("COPY from stdin failed: {m}"),
                ))
            }
            FrontendMessage::Flush | FrontendMessage::Sync => continue,
            FrontendMessage::Query(_) => b'Q',
            FrontendMessage::Terminate => b'X',
            FrontendMessage::Parse { .. } => b'P',
            FrontendMessage::Bind { .. } => b'B',
            FrontendMessage::Describe { .. } => b'D',
            FrontendMessage::Execute { .. } => b'E',
            FrontendMessage::Close { .. } => b'C',
            FrontendMessage::Password(_) => b'p',
            FrontendMessage::FunctionCall { .. } => b'F',
        };
        return Err(PgError::new(
            common::sqlstate::PROTOCOL_VIOLATION,
            format!("unexpected message type 0x{tag:02X} during COPY from stdin"),
        ));
    }
}

/// Everything the startup packet told us.
struct Startup {
    params: StartupParams,
    application_name: String,
}

enum StartupOutcome {
    Proceed(Startup),
    Done,
}

/// Decode the `options` parameter and the other startup parameters into settings.
fn startup_settings(pairs: &[(String, String)]) -> PgResult<Startup> {
    let mut params = StartupParams::default();
    let mut application_name = String::new();
    for (k, v) in pairs {
        match k.as_str() {
            "user" => params.user = v.clone(),
            "database" => params.database = v.clone(),
            "options" => {
                let words = guc::split_options(v);
                let kv = guc::parse_option_words(&words)
                    .map_err(|e| e.with_severity(Severity::Fatal))?;
                params.settings.extend(kv);
            }
            "replication" => {
                if guc::parse_bool(v) == Some(true) || v == "database" {
                    return Err(fatal(
                        common::sqlstate::FEATURE_NOT_SUPPORTED,
                        "replication connections are not supported",
                    ));
                }
                if guc::parse_bool(v).is_none() {
                    return Err(fatal(
                        common::sqlstate::INVALID_PARAMETER_VALUE,
                        format!("invalid value for parameter \"replication\": \"{v}\""),
                    )
                    .with_hint("Valid values are: \"false\", 0, \"true\", 1, \"database\"."));
                }
            }
            _ if k.starts_with("_pq_.") => {}
            _ => {
                if k == "application_name" {
                    application_name = v.clone();
                }
                params.settings.push((k.clone(), v.clone()));
            }
        }
    }
    if params.user.is_empty() {
        return Err(fatal(
            common::sqlstate::INVALID_AUTHORIZATION_SPECIFICATION,
            "no PostgreSQL user name specified in startup packet",
        ));
    }
    if params.database.is_empty() {
        params.database = params.user.clone();
    }
    Ok(Startup {
        params,
        application_name,
    })
}

fn read_startup(shared: &Shared, stream: &mut Stream, log: &LogCtx) -> StartupOutcome {
    let (mut ssl_done, mut gss_done) = (false, false);
    loop {
        let pkt = match wire::read_startup_packet(stream) {
            Ok(Some(p)) => p,
            Ok(None) => return StartupOutcome::Done,
            Err(e) => {
                if e.code == common::sqlstate::PROTOCOL_VIOLATION {
                    log_as(log, "LOG", &e.message);
                } else {
                    log_as(log, "LOG", "incomplete startup packet");
                }
                return StartupOutcome::Done;
            }
        };
        match pkt {
            StartupPacket::SslRequest if !ssl_done => {
                ssl_done = true;
                if stream.write_all(b"N").and_then(|_| stream.flush()).is_err() {
                    return StartupOutcome::Done;
                }
            }
            StartupPacket::GssEncRequest if !gss_done && !ssl_done => {
                gss_done = true;
                if stream.write_all(b"N").and_then(|_| stream.flush()).is_err() {
                    return StartupOutcome::Done;
                }
            }
            again @ (StartupPacket::SslRequest | StartupPacket::GssEncRequest) => {
                let minor = if again == StartupPacket::SslRequest {
                    5679
                } else {
                    5680
                };
                let e = fatal(
                    common::sqlstate::PROTOCOL_VIOLATION,
                    format!(
                        "unsupported frontend protocol 1234.{minor}: server supports 2.0 to 3.0"
                    ),
                );
                log_error(log, &e);
                send_error(stream, &e);
                return StartupOutcome::Done;
            }
            StartupPacket::Cancel { pid, key } => {
                shared.cancel(pid, key);
                return StartupOutcome::Done;
            }
            StartupPacket::Startup { version, params } => {
                let (major, minor) = (version >> 16, version & 0xffff);
                if major != 3 {
                    let e = fatal(
                        common::sqlstate::FEATURE_NOT_SUPPORTED,
                        format!(
                            "unsupported frontend protocol {major}.{minor}: server supports 2.0 to 3.0"
                        ),
                    );
                    log_error(log, &e);
                    send_error(stream, &e);
                    return StartupOutcome::Done;
                }
                let unknown: Vec<&String> = params
                    .iter()
                    .map(|(k, _)| k)
                    .filter(|k| k.starts_with("_pq_."))
                    .collect();
                if minor > 0 || !unknown.is_empty() {
                    // NegotiateProtocolVersion: we speak 3.0 and none of the options.
                    let mut b = MessageBuffer::new();
                    let names: Vec<&str> = unknown.iter().map(|s| s.as_str()).collect();
                    b.negotiate_protocol_version(0, &names);
                    if b.flush_to(stream).is_err() {
                        return StartupOutcome::Done;
                    }
                }
                return match startup_settings(&params) {
                    Ok(s) => StartupOutcome::Proceed(s),
                    Err(e) => {
                        log_error(log, &e);
                        send_error(stream, &e);
                        StartupOutcome::Done
                    }
                };
            }
        }
    }
}

/// Serve one client connection until it ends. Never panics outward: the caller wraps it in
/// `catch_unwind` anyway.
pub fn serve(shared: &Shared, mut stream: Stream, authentication_timeout: Duration) {
    let (host, port) = stream.peer_host();
    let mut log = LogCtx {
        pid: std::process::id() as i32,
        host: host.clone(),
        port,
        ..LogCtx::default()
    };
    let _ = set_read_timeout(&stream, Some(authentication_timeout));
    let startup = match read_startup(shared, &mut stream, &log) {
        StartupOutcome::Proceed(s) => s,
        StartupOutcome::Done => return,
    };
    let _ = set_read_timeout(&stream, None);
    let params = startup.params;
    log.user = params.user.clone();
    log.database = params.database.clone();
    log.application = startup.application_name;

    // Register (pid, key) and enforce the connection limit.
    let interrupts = Interrupts::new();
    let key = random_i32();
    let pid = {
        let Ok(mut sessions) = shared.sessions.lock() else {
            return;
        };
        let pid = shared.provisional_id(&sessions);
        if shared.shutting_down.load(Ordering::SeqCst) {
            drop(sessions);
            let e = fatal(
                common::sqlstate::CANNOT_CONNECT_NOW,
                "the database system is shutting down",
            );
            log_error(&log, &e);
            send_error(&mut stream, &e);
            return;
        }
        if sessions.len() >= shared.max_connections {
            drop(sessions);
            let e = fatal(
                common::sqlstate::TOO_MANY_CONNECTIONS,
                "sorry, too many clients already",
            );
            log_error(&log, &e);
            send_error(&mut stream, &e);
            return;
        }
        sessions.insert(
            pid,
            SessionEntry {
                key,
                interrupts: interrupts.clone(),
                stream: stream.try_clone().ok(),
            },
        );
        // pg_terminate_backend wakes an idle session by closing its read side.
        if let Ok(wake) = stream.try_clone() {
            interrupts.set_waker(Box::new(move || {
                let _ = wake.shutdown(Shutdown::Read);
            }));
        }
        pid
    };
    let mut registration = Registration { shared, pid };

    // pg_hba.conf
    let method = {
        let lines = match shared.hba.read() {
            Ok(l) => l,
            Err(_) => return,
        };
        hba::check(
            &lines,
            &HbaRequest {
                addr: stream.peer_addr().map(|a| a.ip()),
                user: &params.user,
                database: &params.database,
                replication: false,
            },
        )
    };
    match method {
        Ok(_m) => {
            // TODO(auth): md5 / scram-sha-256 / password are accepted like trust until the
            // authentication issue lands (wire::auth).
        }
        Err(e) => {
            log_error(&log, &e);
            send_error(&mut stream, &e);
            return;
        }
    }

    let mut session = match shared.factory.new_session(&params, interrupts.clone()) {
        Ok(s) => s,
        Err(e) => {
            let e = if e.severity < Severity::Fatal {
                e.with_severity(Severity::Fatal)
            } else {
                e
            };
            log_error(&log, &e);
            send_error(&mut stream, &e);
            return;
        }
    };

    let backend_pid = session.backend_pid();
    if shared.rekey(registration.pid, backend_pid) {
        registration.pid = backend_pid;
    }
    log.pid = backend_pid;
    let mut b = MessageBuffer::new();
    b.authentication_ok();
    for (k, v) in session.reported_parameters() {
        b.parameter_status(&k, &v);
    }
    b.backend_key_data(backend_pid, key);
    b.ready_for_query(session.transaction_status());
    if b.flush_to(&mut stream).is_err() {
        session.terminate();
        return;
    }
    message_loop(session.as_mut(), stream, &interrupts, &log);
    session.terminate();
}

fn set_read_timeout(s: &Stream, t: Option<Duration>) -> std::io::Result<()> {
    match s {
        Stream::Tcp(t2) => t2.set_read_timeout(t),
        Stream::Unix(u) => u.set_read_timeout(t),
    }
}

fn admin_shutdown() -> PgError {
    fatal(
        common::sqlstate::ADMIN_SHUTDOWN,
        "terminating connection due to administrator command",
    )
}

/// Run one Parse/Bind/Describe/Execute/Close message; false after an error.
fn extended_message(
    session: &mut dyn SessionApi,
    msg: FrontendMessage,
    out: &mut WireOutput,
) -> bool {
    match msg {
        FrontendMessage::Parse {
            name,
            query,
            param_types,
        } => session.parse(&name, &query, &param_types, out),
        FrontendMessage::Bind {
            portal,
            statement,
            param_formats,
            params,
            result_formats,
        } => session.bind(
            &portal,
            &statement,
            &param_formats,
            &params,
            &result_formats,
            out,
        ),
        FrontendMessage::Describe { kind, name } => session.describe(kind, &name, out),
        FrontendMessage::Execute { portal, max_rows } => session.execute(&portal, max_rows, out),
        FrontendMessage::Close { kind, name } => session.close(kind, &name, out),
        _ => true,
    }
}

/// The per-message loop after the handshake.
fn message_loop(
    session: &mut dyn SessionApi,
    mut stream: Stream,
    interrupts: &Interrupts,
    log: &LogCtx,
) {
    let Ok(read_half) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::with_capacity(8192, read_half);
    // After an error in an extended-protocol message, skip everything until Sync.
    let mut skip_till_sync = false;
    // Extended-protocol responses wait here until Sync or Flush (or the buffer fills).
    let mut pending = MessageBuffer::new();
    loop {
        if interrupts.must_exit() {
            let e = admin_shutdown();
            log_error(log, &e);
            send_error(&mut stream, &e);
            return;
        }
        // idle_in_transaction_session_timeout: wait for the client at most this long.
        let idle_limit = if reader.buffer().is_empty() {
            session.idle_in_transaction_timeout()
        } else {
            None
        };
        // (A syscall only when the limit changes: none is set between messages.)
        if idle_limit.is_some() {
            let _ = set_read_timeout(&stream, idle_limit);
        }
        let read_started = std::time::Instant::now();
        let read = wire::read_message(&mut reader);
        if idle_limit.is_some() {
            let _ = set_read_timeout(&stream, None);
        }
        if let (Err(_), Some(limit)) = (&read, idle_limit) {
            if read_started.elapsed() >= limit {
                let e = fatal(
                    common::sqlstate::IDLE_IN_TRANSACTION_SESSION_TIMEOUT,
                    "terminating connection due to idle-in-transaction timeout",
                );
                log_error(log, &e);
                send_error(&mut stream, &e);
                return;
            }
        }
        let msg = match read {
            Ok(Some(m)) => m,
            Ok(None) => {
                if interrupts.must_exit() {
                    continue;
                }
                if session.transaction_status() != b'I' {
                    log_as(
                        log,
                        "LOG",
                        "unexpected EOF on client connection with an open transaction",
                    );
                }
                return;
            }
            Err(e) if e.code == common::sqlstate::PROTOCOL_VIOLATION => {
                let e = e.with_severity(Severity::Fatal);
                log_error(log, &e);
                send_error(&mut stream, &e);
                return;
            }
            Err(_) => {
                if interrupts.must_exit() {
                    continue;
                }
                if session.transaction_status() != b'I' {
                    log_as(
                        log,
                        "LOG",
                        "unexpected EOF on client connection with an open transaction",
                    );
                } else {
                    log_as(
                        log,
                        "LOG",
                        "could not receive data from client: Connection reset by peer",
                    );
                }
                return;
            }
        };
        if skip_till_sync && !matches!(msg, FrontendMessage::Sync | FrontendMessage::Terminate) {
            continue;
        }
        match msg {
            FrontendMessage::Query(sql) => {
                interrupts.clear();
                let mut out = WireOutput {
                    buf: std::mem::take(&mut pending),
                    stream: &mut stream,
                    failed: false,
                    fatal_sent: false,
                    log,
                    statement: &sql,
                    reader: &mut reader,
                };
                session.simple_query(&sql, &mut out);
                if out.failed {
                    return;
                }
                if out.fatal_sent || interrupts.must_exit() {
                    if !out.fatal_sent {
                        out.buf.error_response(&admin_shutdown());
                        log_error(log, &admin_shutdown());
                    }
                    let _ = out.flush();
                    return;
                }
                out.buf.ready_for_query(session.transaction_status());
                if out.flush().is_err() {
                    return;
                }
            }
            FrontendMessage::Terminate => return,
            msg @ (FrontendMessage::Sync
            | FrontendMessage::Flush
            | FrontendMessage::Parse { .. }
            | FrontendMessage::Bind { .. }
            | FrontendMessage::Describe { .. }
            | FrontendMessage::Execute { .. }
            | FrontendMessage::Close { .. }) => {
                let statement = match &msg {
                    FrontendMessage::Parse { query, .. } => query.clone(),
                    _ => String::new(),
                };
                let mut out = WireOutput {
                    buf: std::mem::take(&mut pending),
                    stream: &mut stream,
                    failed: false,
                    fatal_sent: false,
                    log,
                    statement: &statement,
                    reader: &mut reader,
                };
                let flush = matches!(msg, FrontendMessage::Sync | FrontendMessage::Flush);
                if matches!(msg, FrontendMessage::Sync) {
                    skip_till_sync = false;
                    session.sync(&mut out);
                    out.buf.ready_for_query(session.transaction_status());
                } else if !extended_message(session, msg, &mut out) {
                    skip_till_sync = true;
                }
                if out.failed {
                    return;
                }
                if out.fatal_sent || interrupts.must_exit() {
                    if !out.fatal_sent {
                        out.buf.error_response(&admin_shutdown());
                        log_error(log, &admin_shutdown());
                    }
                    let _ = out.flush();
                    return;
                }
                if flush {
                    if out.flush().is_err() {
                        return;
                    }
                } else {
                    pending = std::mem::take(&mut out.buf);
                }
            }
            FrontendMessage::FunctionCall { .. } => {
                let e = PgError::new(
                    common::sqlstate::FEATURE_NOT_SUPPORTED,
                    "fastpath function calls not supported",
                );
                let mut b = MessageBuffer::new();
                b.error_response(&e);
                b.ready_for_query(session.transaction_status());
                if b.flush_to(&mut stream).is_err() {
                    return;
                }
            }
            // Outside COPY these are ignored, per the protocol.
            FrontendMessage::CopyData(_)
            | FrontendMessage::CopyDone
            | FrontendMessage::CopyFail(_) => {}
            FrontendMessage::Password(_) => {
                let e = fatal(
                    common::sqlstate::PROTOCOL_VIOLATION,
                    "invalid frontend message type 112",
                );
                log_error(log, &e);
                send_error(&mut stream, &e);
                return;
            }
        }
    }
}
