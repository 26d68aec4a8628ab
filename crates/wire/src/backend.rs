//! Encoding of backend messages. `MessageBuffer` appends messages to an in-memory buffer and
//! flushes it to any `std::io::Write`; `BackendMessage` is an owned form of every message with a
//! decoder, used by tests and tools that play the client side.

use crate::frontend::MsgReader;
use common::{PgError, PgResult, Severity};
use std::io::Write;

/// One column of a RowDescription.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldDesc {
    pub name: String,
    pub table_oid: u32,
    pub column_attnum: i16,
    pub type_oid: u32,
    pub type_len: i16,
    pub type_modifier: i32,
    pub format: i16,
}

/// Every message the backend sends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BackendMessage {
    AuthenticationOk,
    AuthenticationCleartextPassword,
    AuthenticationMd5Password {
        salt: [u8; 4],
    },
    AuthenticationSasl {
        mechanisms: Vec<String>,
    },
    AuthenticationSaslContinue(Vec<u8>),
    AuthenticationSaslFinal(Vec<u8>),
    ParameterStatus {
        name: String,
        value: String,
    },
    BackendKeyData {
        pid: i32,
        key: i32,
    },
    ReadyForQuery(u8),
    RowDescription(Vec<FieldDesc>),
    DataRow(Vec<Option<Vec<u8>>>),
    CommandComplete(String),
    EmptyQueryResponse,
    /// ErrorResponse: (field code, value) pairs in order.
    ErrorResponse(Vec<(u8, String)>),
    NoticeResponse(Vec<(u8, String)>),
    ParseComplete,
    BindComplete,
    CloseComplete,
    NoData,
    ParameterDescription(Vec<u32>),
    PortalSuspended,
    CopyInResponse {
        format: i8,
        column_formats: Vec<i16>,
    },
    CopyOutResponse {
        format: i8,
        column_formats: Vec<i16>,
    },
    CopyData(Vec<u8>),
    CopyDone,
    NotificationResponse {
        pid: i32,
        channel: String,
        payload: String,
    },
    /// NegotiateProtocolVersion: newest supported minor version and unrecognized options.
    NegotiateProtocolVersion {
        minor: i32,
        unrecognized: Vec<String>,
    },
}

/// The ErrorResponse/NoticeResponse fields of `e`, in PostgreSQL's order.
pub fn error_fields(e: &PgError) -> Vec<(u8, String)> {
    let sev = e.severity.as_str().to_string();
    let mut f = vec![
        (b'S', sev.clone()),
        (b'V', sev),
        (b'C', e.code.as_str().to_string()),
        (b'M', e.message.clone()),
    ];
    let mut opt = |code: u8, v: &Option<String>| {
        if let Some(v) = v {
            f.push((code, v.clone()));
        }
    };
    opt(b'D', &e.detail);
    opt(b'H', &e.hint);
    if let Some(p) = e.position {
        f.push((b'P', p.to_string()));
    }
    if let Some(p) = e.internal_position {
        f.push((b'p', p.to_string()));
    }
    let mut opt = |code: u8, v: &Option<String>| {
        if let Some(v) = v {
            f.push((code, v.clone()));
        }
    };
    opt(b'q', &e.internal_query);
    opt(b'W', &e.context);
    opt(b's', &e.schema_name);
    opt(b't', &e.table_name);
    opt(b'c', &e.column_name);
    opt(b'd', &e.datatype_name);
    opt(b'n', &e.constraint_name);
    f
}

/// Turn ErrorResponse fields back into a `PgError` (unknown codes map to XX000).
pub fn fields_to_error(fields: &[(u8, String)]) -> PgError {
    let mut e = PgError::internal("");
    for (k, v) in fields {
        match k {
            b'V' => {
                e.severity = match v.as_str() {
                    "DEBUG" => Severity::Debug,
                    "LOG" => Severity::Log,
                    "INFO" => Severity::Info,
                    "NOTICE" => Severity::Notice,
                    "WARNING" => Severity::Warning,
                    "FATAL" => Severity::Fatal,
                    "PANIC" => Severity::Panic,
                    _ => Severity::Error,
                }
            }
            b'C' => {
                let b = v.as_bytes();
                if b.len() == 5 {
                    e.code = common::SqlState([b[0], b[1], b[2], b[3], b[4]]);
                }
            }
            b'M' => e.message = v.clone(),
            b'D' => e.detail = Some(v.clone()),
            b'H' => e.hint = Some(v.clone()),
            b'P' => e.position = v.parse().ok(),
            b'p' => e.internal_position = v.parse().ok(),
            b'q' => e.internal_query = Some(v.clone()),
            b'W' => e.context = Some(v.clone()),
            b's' => e.schema_name = Some(v.clone()),
            b't' => e.table_name = Some(v.clone()),
            b'c' => e.column_name = Some(v.clone()),
            b'd' => e.datatype_name = Some(v.clone()),
            b'n' => e.constraint_name = Some(v.clone()),
            _ => {}
        }
    }
    e
}

/// An output buffer of backend messages.
#[derive(Debug, Default)]
pub struct MessageBuffer {
    buf: Vec<u8>,
}

impl MessageBuffer {
    pub fn new() -> Self {
        Self::default()
    }
    /// Bytes waiting to be flushed.
    pub fn len(&self) -> usize {
        self.buf.len()
    }
    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }
    pub fn as_bytes(&self) -> &[u8] {
        &self.buf
    }
    /// Drop everything not yet flushed.
    pub fn clear(&mut self) {
        self.buf.clear();
    }
    /// Write the buffered bytes to `w` and flush it.
    pub fn flush_to(&mut self, w: &mut dyn Write) -> std::io::Result<()> {
        if !self.buf.is_empty() {
            w.write_all(&self.buf)?;
            self.buf.clear();
        }
        w.flush()
    }

    /// Start a message; returns the position of its length word for `end`.
    fn begin(&mut self, tag: u8) -> usize {
        self.buf.push(tag);
        let at = self.buf.len();
        self.buf.extend_from_slice(&[0, 0, 0, 0]);
        at
    }
    fn end(&mut self, at: usize) {
        let len = (self.buf.len() - at) as u32;
        self.buf[at..at + 4].copy_from_slice(&len.to_be_bytes());
    }
    fn i16(&mut self, v: i16) {
        self.buf.extend_from_slice(&v.to_be_bytes());
    }
    fn i32(&mut self, v: i32) {
        self.buf.extend_from_slice(&v.to_be_bytes());
    }
    fn cstr(&mut self, s: &str) {
        // A NUL inside would corrupt framing; PostgreSQL never sends one, so cut there.
        let s = s.split('\0').next().unwrap_or("");
        self.buf.extend_from_slice(s.as_bytes());
        self.buf.push(0);
    }
    fn simple(&mut self, tag: u8) {
        self.buf.push(tag);
        self.i32(4);
    }
    fn auth(&mut self, code: i32, data: &[u8]) {
        let at = self.begin(b'R');
        self.i32(code);
        self.buf.extend_from_slice(data);
        self.end(at);
    }

    pub fn authentication_ok(&mut self) {
        self.auth(0, &[]);
    }
    pub fn authentication_cleartext_password(&mut self) {
        self.auth(3, &[]);
    }
    pub fn authentication_md5_password(&mut self, salt: [u8; 4]) {
        self.auth(5, &salt);
    }
    pub fn authentication_sasl(&mut self, mechanisms: &[&str]) {
        let at = self.begin(b'R');
        self.i32(10);
        for m in mechanisms {
            self.cstr(m);
        }
        self.buf.push(0);
        self.end(at);
    }
    pub fn authentication_sasl_continue(&mut self, data: &[u8]) {
        self.auth(11, data);
    }
    pub fn authentication_sasl_final(&mut self, data: &[u8]) {
        self.auth(12, data);
    }
    pub fn parameter_status(&mut self, name: &str, value: &str) {
        let at = self.begin(b'S');
        self.cstr(name);
        self.cstr(value);
        self.end(at);
    }
    pub fn backend_key_data(&mut self, pid: i32, key: i32) {
        let at = self.begin(b'K');
        self.i32(pid);
        self.i32(key);
        self.end(at);
    }
    /// `status` is b'I', b'T' or b'E'.
    pub fn ready_for_query(&mut self, status: u8) {
        let at = self.begin(b'Z');
        self.buf.push(status);
        self.end(at);
    }
    pub fn row_description(&mut self, fields: &[FieldDesc]) {
        let at = self.begin(b'T');
        self.i16(fields.len() as i16);
        for f in fields {
            self.cstr(&f.name);
            self.i32(f.table_oid as i32);
            self.i16(f.column_attnum);
            self.i32(f.type_oid as i32);
            self.i16(f.type_len);
            self.i32(f.type_modifier);
            self.i16(f.format);
        }
        self.end(at);
    }
    pub fn data_row(&mut self, values: &[Option<&[u8]>]) {
        let at = self.begin(b'D');
        self.i16(values.len() as i16);
        for v in values {
            match v {
                None => self.i32(-1),
                Some(v) => {
                    self.i32(v.len() as i32);
                    self.buf.extend_from_slice(v);
                }
            }
        }
        self.end(at);
    }
    pub fn command_complete(&mut self, tag: &str) {
        let at = self.begin(b'C');
        self.cstr(tag);
        self.end(at);
    }
    pub fn empty_query_response(&mut self) {
        self.simple(b'I');
    }
    fn fields(&mut self, tag: u8, fields: &[(u8, String)]) {
        let at = self.begin(tag);
        for (k, v) in fields {
            self.buf.push(*k);
            self.cstr(v);
        }
        self.buf.push(0);
        self.end(at);
    }
    /// ErrorResponse for `e` (whatever its severity).
    pub fn error_response(&mut self, e: &PgError) {
        self.fields(b'E', &error_fields(e));
    }
    /// NoticeResponse for `e`.
    pub fn notice_response(&mut self, e: &PgError) {
        self.fields(b'N', &error_fields(e));
    }
    pub fn parse_complete(&mut self) {
        self.simple(b'1');
    }
    pub fn bind_complete(&mut self) {
        self.simple(b'2');
    }
    pub fn close_complete(&mut self) {
        self.simple(b'3');
    }
    pub fn no_data(&mut self) {
        self.simple(b'n');
    }
    pub fn parameter_description(&mut self, types: &[u32]) {
        let at = self.begin(b't');
        self.i16(types.len() as i16);
        for t in types {
            self.i32(*t as i32);
        }
        self.end(at);
    }
    pub fn portal_suspended(&mut self) {
        self.simple(b's');
    }
    fn copy_response(&mut self, tag: u8, format: i8, column_formats: &[i16]) {
        let at = self.begin(tag);
        self.buf.push(format as u8);
        self.i16(column_formats.len() as i16);
        for f in column_formats {
            self.i16(*f);
        }
        self.end(at);
    }
    pub fn copy_in_response(&mut self, format: i8, column_formats: &[i16]) {
        self.copy_response(b'G', format, column_formats);
    }
    pub fn copy_out_response(&mut self, format: i8, column_formats: &[i16]) {
        self.copy_response(b'H', format, column_formats);
    }
    pub fn copy_data(&mut self, data: &[u8]) {
        let at = self.begin(b'd');
        self.buf.extend_from_slice(data);
        self.end(at);
    }
    pub fn copy_done(&mut self) {
        self.simple(b'c');
    }
    pub fn notification_response(&mut self, pid: i32, channel: &str, payload: &str) {
        let at = self.begin(b'A');
        self.i32(pid);
        self.cstr(channel);
        self.cstr(payload);
        self.end(at);
    }

    pub fn negotiate_protocol_version(&mut self, minor: i32, unrecognized: &[&str]) {
        let at = self.begin(b'v');
        self.i32(minor);
        self.i32(unrecognized.len() as i32);
        for o in unrecognized {
            self.cstr(o);
        }
        self.end(at);
    }

    /// Append an owned message.
    pub fn push(&mut self, m: &BackendMessage) {
        match m {
            BackendMessage::AuthenticationOk => self.authentication_ok(),
            BackendMessage::AuthenticationCleartextPassword => {
                self.authentication_cleartext_password()
            }
            BackendMessage::AuthenticationMd5Password { salt } => {
                self.authentication_md5_password(*salt)
            }
            BackendMessage::AuthenticationSasl { mechanisms } => {
                let v: Vec<&str> = mechanisms.iter().map(|s| s.as_str()).collect();
                self.authentication_sasl(&v)
            }
            BackendMessage::AuthenticationSaslContinue(d) => self.authentication_sasl_continue(d),
            BackendMessage::AuthenticationSaslFinal(d) => self.authentication_sasl_final(d),
            BackendMessage::ParameterStatus { name, value } => self.parameter_status(name, value),
            BackendMessage::BackendKeyData { pid, key } => self.backend_key_data(*pid, *key),
            BackendMessage::ReadyForQuery(s) => self.ready_for_query(*s),
            BackendMessage::RowDescription(f) => self.row_description(f),
            BackendMessage::DataRow(v) => {
                let v: Vec<Option<&[u8]>> = v.iter().map(|x| x.as_deref()).collect();
                self.data_row(&v)
            }
            BackendMessage::CommandComplete(t) => self.command_complete(t),
            BackendMessage::EmptyQueryResponse => self.empty_query_response(),
            BackendMessage::ErrorResponse(f) => self.fields(b'E', f),
            BackendMessage::NoticeResponse(f) => self.fields(b'N', f),
            BackendMessage::ParseComplete => self.parse_complete(),
            BackendMessage::BindComplete => self.bind_complete(),
            BackendMessage::CloseComplete => self.close_complete(),
            BackendMessage::NoData => self.no_data(),
            BackendMessage::ParameterDescription(t) => self.parameter_description(t),
            BackendMessage::PortalSuspended => self.portal_suspended(),
            BackendMessage::CopyInResponse {
                format,
                column_formats,
            } => self.copy_in_response(*format, column_formats),
            BackendMessage::CopyOutResponse {
                format,
                column_formats,
            } => self.copy_out_response(*format, column_formats),
            BackendMessage::CopyData(d) => self.copy_data(d),
            BackendMessage::CopyDone => self.copy_done(),
            BackendMessage::NotificationResponse {
                pid,
                channel,
                payload,
            } => self.notification_response(*pid, channel, payload),
            BackendMessage::NegotiateProtocolVersion {
                minor,
                unrecognized,
            } => {
                let v: Vec<&str> = unrecognized.iter().map(|s| s.as_str()).collect();
                self.negotiate_protocol_version(*minor, &v)
            }
        }
    }
}

fn bad(msg: &str) -> PgError {
    PgError::new(common::sqlstate::PROTOCOL_VIOLATION, msg)
}

impl BackendMessage {
    /// Split the first complete message off `buf`: Ok(None) if more bytes are needed, else the
    /// message and the number of bytes it used.
    pub fn decode(buf: &[u8]) -> PgResult<Option<(BackendMessage, usize)>> {
        if buf.len() < 5 {
            return Ok(None);
        }
        let len = u32::from_be_bytes([buf[1], buf[2], buf[3], buf[4]]) as usize;
        if len < 4 {
            return Err(bad("invalid message length"));
        }
        if buf.len() < 1 + len {
            return Ok(None);
        }
        let m = Self::decode_body(buf[0], &buf[5..1 + len])?;
        Ok(Some((m, 1 + len)))
    }

    fn decode_body(tag: u8, body: &[u8]) -> PgResult<BackendMessage> {
        let mut r = MsgReader::new(body);
        let m = match tag {
            b'R' => match r.i32()? {
                0 => BackendMessage::AuthenticationOk,
                3 => BackendMessage::AuthenticationCleartextPassword,
                5 => {
                    let s = r.bytes(4)?;
                    BackendMessage::AuthenticationMd5Password {
                        salt: [s[0], s[1], s[2], s[3]],
                    }
                }
                10 => {
                    let mut mechanisms = Vec::new();
                    loop {
                        let s = r.cstr()?;
                        if s.is_empty() {
                            break;
                        }
                        mechanisms.push(s);
                    }
                    BackendMessage::AuthenticationSasl { mechanisms }
                }
                11 => BackendMessage::AuthenticationSaslContinue(r.bytes(r.remaining())?.to_vec()),
                12 => BackendMessage::AuthenticationSaslFinal(r.bytes(r.remaining())?.to_vec()),
                _ => return Err(bad("unknown authentication request")),
            },
            b'S' => BackendMessage::ParameterStatus {
                name: r.cstr()?,
                value: r.cstr()?,
            },
            b'K' => BackendMessage::BackendKeyData {
                pid: r.i32()?,
                key: r.i32()?,
            },
            b'Z' => BackendMessage::ReadyForQuery(r.u8()?),
            b'T' => {
                let n = r.i16()?.max(0);
                let mut v = Vec::new();
                for _ in 0..n {
                    v.push(FieldDesc {
                        name: r.cstr()?,
                        table_oid: r.u32()?,
                        column_attnum: r.i16()?,
                        type_oid: r.u32()?,
                        type_len: r.i16()?,
                        type_modifier: r.i32()?,
                        format: r.i16()?,
                    });
                }
                BackendMessage::RowDescription(v)
            }
            b'D' => {
                let n = r.i16()?.max(0);
                let mut v = Vec::new();
                for _ in 0..n {
                    let len = r.i32()?;
                    v.push(if len < 0 {
                        None
                    } else {
                        Some(r.bytes(len as usize)?.to_vec())
                    });
                }
                BackendMessage::DataRow(v)
            }
            b'C' => BackendMessage::CommandComplete(r.cstr()?),
            b'I' => BackendMessage::EmptyQueryResponse,
            b'E' | b'N' => {
                let mut f = Vec::new();
                loop {
                    let k = r.u8()?;
                    if k == 0 {
                        break;
                    }
                    f.push((k, r.cstr()?));
                }
                if tag == b'E' {
                    BackendMessage::ErrorResponse(f)
                } else {
                    BackendMessage::NoticeResponse(f)
                }
            }
            b'1' => BackendMessage::ParseComplete,
            b'2' => BackendMessage::BindComplete,
            b'3' => BackendMessage::CloseComplete,
            b'n' => BackendMessage::NoData,
            b't' => {
                let n = r.i16()?.max(0);
                let mut v = Vec::new();
                for _ in 0..n {
                    v.push(r.u32()?);
                }
                BackendMessage::ParameterDescription(v)
            }
            b's' => BackendMessage::PortalSuspended,
            b'G' | b'H' => {
                let format = r.u8()? as i8;
                let n = r.i16()?.max(0);
                let mut column_formats = Vec::new();
                for _ in 0..n {
                    column_formats.push(r.i16()?);
                }
                if tag == b'G' {
                    BackendMessage::CopyInResponse {
                        format,
                        column_formats,
                    }
                } else {
                    BackendMessage::CopyOutResponse {
                        format,
                        column_formats,
                    }
                }
            }
            b'd' => BackendMessage::CopyData(r.bytes(r.remaining())?.to_vec()),
            b'c' => BackendMessage::CopyDone,
            b'A' => BackendMessage::NotificationResponse {
                pid: r.i32()?,
                channel: r.cstr()?,
                payload: r.cstr()?,
            },
            b'v' => {
                let minor = r.i32()?;
                let n = r.i32()?.max(0);
                let mut unrecognized = Vec::new();
                for _ in 0..n {
                    unrecognized.push(r.cstr()?);
                }
                BackendMessage::NegotiateProtocolVersion {
                    minor,
                    unrecognized,
                }
            }
            _ => return Err(bad("unknown backend message type")),
        };
        r.finish()?;
        Ok(m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use common::sqlstate;

    #[test]
    fn backend_roundtrips() {
        let msgs = vec![
            BackendMessage::AuthenticationOk,
            BackendMessage::AuthenticationCleartextPassword,
            BackendMessage::AuthenticationMd5Password { salt: [1, 2, 3, 4] },
            BackendMessage::AuthenticationSasl {
                mechanisms: vec!["SCRAM-SHA-256".into()],
            },
            BackendMessage::AuthenticationSaslContinue(b"r=abc".to_vec()),
            BackendMessage::AuthenticationSaslFinal(b"v=xyz".to_vec()),
            BackendMessage::ParameterStatus {
                name: "DateStyle".into(),
                value: "ISO, MDY".into(),
            },
            BackendMessage::BackendKeyData { pid: 42, key: -7 },
            BackendMessage::ReadyForQuery(b'I'),
            BackendMessage::RowDescription(vec![FieldDesc {
                name: "a".into(),
                table_oid: 16384,
                column_attnum: 1,
                type_oid: 23,
                type_len: 4,
                type_modifier: -1,
                format: 0,
            }]),
            BackendMessage::DataRow(vec![Some(b"1".to_vec()), None, Some(vec![])]),
            BackendMessage::CommandComplete("SELECT 1".into()),
            BackendMessage::EmptyQueryResponse,
            BackendMessage::ErrorResponse(vec![(b'S', "ERROR".into()), (b'M', "x".into())]),
            BackendMessage::NoticeResponse(vec![(b'S', "NOTICE".into())]),
            BackendMessage::ParseComplete,
            BackendMessage::BindComplete,
            BackendMessage::CloseComplete,
            BackendMessage::NoData,
            BackendMessage::ParameterDescription(vec![23, 25]),
            BackendMessage::PortalSuspended,
            BackendMessage::CopyInResponse {
                format: 0,
                column_formats: vec![0, 0],
            },
            BackendMessage::CopyOutResponse {
                format: 1,
                column_formats: vec![1],
            },
            BackendMessage::CopyData(b"x\n".to_vec()),
            BackendMessage::CopyDone,
            BackendMessage::NotificationResponse {
                pid: 1,
                channel: "c".into(),
                payload: "p".into(),
            },
            BackendMessage::NegotiateProtocolVersion {
                minor: 0,
                unrecognized: vec!["_pq_.x".into()],
            },
        ];
        let mut b = MessageBuffer::new();
        for m in &msgs {
            b.push(m);
        }
        let mut out = Vec::new();
        b.flush_to(&mut out).unwrap();
        assert!(b.is_empty());
        let mut pos = 0;
        for m in &msgs {
            let (got, n) = BackendMessage::decode(&out[pos..]).unwrap().unwrap();
            assert_eq!(&got, m);
            pos += n;
        }
        assert_eq!(pos, out.len());
    }

    #[test]
    fn exact_bytes() {
        let mut b = MessageBuffer::new();
        b.ready_for_query(b'I');
        b.authentication_ok();
        assert_eq!(b.as_bytes(), b"Z\0\0\0\x05IR\0\0\0\x08\0\0\0\0");
        assert_eq!(BackendMessage::decode(&b.as_bytes()[..3]).unwrap(), None);
    }

    #[test]
    fn error_fields_in_order() {
        let e = PgError::new(sqlstate::SYNTAX_ERROR, "syntax error at or near \"x\"")
            .with_position(8)
            .with_hint("h")
            .with_table("public", "t");
        let mut b = MessageBuffer::new();
        b.error_response(&e);
        let (m, _) = BackendMessage::decode(b.as_bytes()).unwrap().unwrap();
        let BackendMessage::ErrorResponse(f) = m else {
            panic!("not an error")
        };
        let codes: Vec<u8> = f.iter().map(|x| x.0).collect();
        assert_eq!(codes, b"SVCMHPst".to_vec());
        assert_eq!(fields_to_error(&f), e);
    }
}
