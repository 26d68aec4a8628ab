//! Decoding of what clients send: the untyped startup packet (StartupMessage, SSLRequest,
//! GSSENCRequest, CancelRequest) and the typed frontend messages that follow, with PostgreSQL's
//! length limits. Malformed input is a protocol violation (SQLSTATE 08P01).

use common::{pg_err, PgError, PgResult};
use std::io::{ErrorKind, Read};

/// Protocol version 3.0 as sent in a StartupMessage.
pub const PROTOCOL_3_0: u32 = 196608;
/// Magic "version" of an SSLRequest.
pub const SSL_REQUEST_CODE: u32 = 80877103;
/// Magic "version" of a GSSENCRequest.
pub const GSSENC_REQUEST_CODE: u32 = 80877104;
/// Magic "version" of a CancelRequest.
pub const CANCEL_REQUEST_CODE: u32 = 80877102;
/// Largest startup packet PostgreSQL accepts.
pub const MAX_STARTUP_PACKET_LENGTH: usize = 10000;
/// Limit for messages that are always small (Sync, Terminate, Describe, ...).
pub const SMALL_MESSAGE_LIMIT: usize = 10000;
/// Limit for messages that may carry large payloads (Query, Parse, Bind, CopyData, ...).
pub const LARGE_MESSAGE_LIMIT: usize = 0x3fff_ffff - 1;

/// The first packet of a connection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StartupPacket {
    /// A StartupMessage; `version` is major << 16 | minor.
    Startup {
        version: u32,
        params: Vec<(String, String)>,
    },
    SslRequest,
    GssEncRequest,
    Cancel {
        pid: i32,
        key: i32,
    },
}

impl StartupPacket {
    /// Encode (as a client would send it); used by tests and tools.
    pub fn encode(&self) -> Vec<u8> {
        let mut body = Vec::new();
        match self {
            StartupPacket::Startup { version, params } => {
                body.extend_from_slice(&version.to_be_bytes());
                for (k, v) in params {
                    put_cstr(&mut body, k);
                    put_cstr(&mut body, v);
                }
                body.push(0);
            }
            StartupPacket::SslRequest => body.extend_from_slice(&SSL_REQUEST_CODE.to_be_bytes()),
            StartupPacket::GssEncRequest => {
                body.extend_from_slice(&GSSENC_REQUEST_CODE.to_be_bytes())
            }
            StartupPacket::Cancel { pid, key } => {
                body.extend_from_slice(&CANCEL_REQUEST_CODE.to_be_bytes());
                body.extend_from_slice(&pid.to_be_bytes());
                body.extend_from_slice(&key.to_be_bytes());
            }
        }
        let mut out = ((body.len() + 4) as u32).to_be_bytes().to_vec();
        out.extend_from_slice(&body);
        out
    }
}

/// A message after the startup phase.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FrontendMessage {
    Query(String),
    Terminate,
    Parse {
        name: String,
        query: String,
        param_types: Vec<u32>,
    },
    Bind {
        portal: String,
        statement: String,
        param_formats: Vec<i16>,
        params: Vec<Option<Vec<u8>>>,
        result_formats: Vec<i16>,
    },
    /// `kind` is b'S' (statement) or b'P' (portal).
    Describe {
        kind: u8,
        name: String,
    },
    Execute {
        portal: String,
        max_rows: i32,
    },
    /// `kind` is b'S' (statement) or b'P' (portal).
    Close {
        kind: u8,
        name: String,
    },
    Sync,
    Flush,
    CopyData(Vec<u8>),
    CopyDone,
    CopyFail(String),
    /// PasswordMessage, SASLInitialResponse or SASLResponse: which one depends on the
    /// authentication state, so the body is kept raw (see `parse_password`, `parse_sasl_initial`).
    Password(Vec<u8>),
    FunctionCall {
        function_oid: u32,
        arg_formats: Vec<i16>,
        args: Vec<Option<Vec<u8>>>,
        result_format: i16,
    },
}

fn protocol_violation(msg: impl Into<String>) -> PgError {
    PgError::new(common::sqlstate::PROTOCOL_VIOLATION, msg)
}

/// Read exactly `buf.len()` bytes; Ok(false) on a clean EOF before the first byte.
fn read_full(r: &mut dyn Read, buf: &mut [u8], eof_ok: bool) -> PgResult<bool> {
    let mut done = 0;
    while done < buf.len() {
        match r.read(&mut buf[done..]) {
            Ok(0) => {
                if done == 0 && eof_ok {
                    return Ok(false);
                }
                return Err(PgError::from(std::io::Error::new(
                    ErrorKind::UnexpectedEof,
                    "unexpected EOF on client connection",
                )));
            }
            Ok(n) => done += n,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(true)
}

/// Read a startup packet. `Ok(None)` when the client closed the connection before sending
/// anything (PostgreSQL stays silent then). I/O errors carry SQLSTATE 58030.
pub fn read_startup_packet(r: &mut dyn Read) -> PgResult<Option<StartupPacket>> {
    let mut len = [0u8; 4];
    if !read_full(r, &mut len, true)? {
        return Ok(None);
    }
    let len = u32::from_be_bytes(len) as usize;
    if !(8..=MAX_STARTUP_PACKET_LENGTH).contains(&len) {
        return Err(protocol_violation("invalid length of startup packet"));
    }
    let mut body = vec![0u8; len - 4];
    read_full(r, &mut body, false)?;
    decode_startup(&body).map(Some)
}

/// Decode a startup packet body (everything after the length word).
pub fn decode_startup(body: &[u8]) -> PgResult<StartupPacket> {
    let mut m = MsgReader::new(body);
    let code = m.u32()?;
    match code {
        SSL_REQUEST_CODE => Ok(StartupPacket::SslRequest),
        GSSENC_REQUEST_CODE => Ok(StartupPacket::GssEncRequest),
        CANCEL_REQUEST_CODE => {
            let pid = m.i32()?;
            let key = m.i32()?;
            Ok(StartupPacket::Cancel { pid, key })
        }
        version => {
            let mut params = Vec::new();
            if version >> 16 == 3 {
                loop {
                    if m.remaining() == 0 {
                        return Err(protocol_violation(
                            "invalid startup packet layout: expected terminator as last byte",
                        ));
                    }
                    let name = m.cstr()?;
                    if name.is_empty() {
                        break;
                    }
                    let value = m.cstr()?;
                    params.push((name, value));
                }
                if m.remaining() != 0 {
                    return Err(protocol_violation(
                        "invalid startup packet layout: expected terminator as last byte",
                    ));
                }
            }
            Ok(StartupPacket::Startup { version, params })
        }
    }
}

/// Read one typed message. `Ok(None)` on EOF at a message boundary.
pub fn read_message(r: &mut dyn Read) -> PgResult<Option<FrontendMessage>> {
    let mut hdr = [0u8; 5];
    if !read_full(r, &mut hdr[..1], true)? {
        return Ok(None);
    }
    read_full(r, &mut hdr[1..], false)?;
    let tag = hdr[0];
    let limit = message_limit(tag)?;
    let len = u32::from_be_bytes([hdr[1], hdr[2], hdr[3], hdr[4]]) as usize;
    if len < 4 || len - 4 > limit {
        return Err(protocol_violation("invalid message length"));
    }
    // Grow the buffer as data arrives rather than trusting the length word up front.
    let want = len - 4;
    let mut body = Vec::with_capacity(want.min(1 << 20));
    let got = r.take(want as u64).read_to_end(&mut body)?;
    if got != want {
        return Err(PgError::from(std::io::Error::new(
            ErrorKind::UnexpectedEof,
            "unexpected EOF on client connection",
        )));
    }
    if tag == b'd' {
        // COPY data (one message per row from many clients): hand the body over uncopied.
        return Ok(Some(FrontendMessage::CopyData(body)));
    }
    decode_message(tag, &body).map(Some)
}

fn message_limit(tag: u8) -> PgResult<usize> {
    match tag {
        b'Q' | b'P' | b'B' | b'd' | b'F' | b'f' | b'p' => Ok(LARGE_MESSAGE_LIMIT),
        b'X' | b'D' | b'E' | b'C' | b'S' | b'H' | b'c' => Ok(SMALL_MESSAGE_LIMIT),
        _ => Err(protocol_violation(format!(
            "invalid frontend message type {tag}"
        ))),
    }
}

/// Decode the body of a typed message.
pub fn decode_message(tag: u8, body: &[u8]) -> PgResult<FrontendMessage> {
    let mut m = MsgReader::new(body);
    let msg = match tag {
        b'Q' => FrontendMessage::Query(m.cstr()?),
        b'X' => FrontendMessage::Terminate,
        b'P' => {
            let name = m.cstr()?;
            let query = m.cstr()?;
            let n = m.count()?;
            let mut param_types = Vec::with_capacity(n.min(m.remaining() / 4));
            for _ in 0..n {
                param_types.push(m.u32()?);
            }
            FrontendMessage::Parse {
                name,
                query,
                param_types,
            }
        }
        b'B' => {
            let portal = m.cstr()?;
            let statement = m.cstr()?;
            let param_formats = m.formats()?;
            let params = m.values()?;
            let result_formats = m.formats()?;
            FrontendMessage::Bind {
                portal,
                statement,
                param_formats,
                params,
                result_formats,
            }
        }
        b'D' | b'C' => {
            let kind = m.u8()?;
            if kind != b'S' && kind != b'P' {
                return Err(protocol_violation(format!(
                    "invalid {} message subtype {kind}",
                    if tag == b'D' { "DESCRIBE" } else { "CLOSE" }
                )));
            }
            let name = m.cstr()?;
            if tag == b'D' {
                FrontendMessage::Describe { kind, name }
            } else {
                FrontendMessage::Close { kind, name }
            }
        }
        b'E' => {
            let portal = m.cstr()?;
            let max_rows = m.i32()?;
            FrontendMessage::Execute { portal, max_rows }
        }
        b'S' => FrontendMessage::Sync,
        b'H' => FrontendMessage::Flush,
        b'd' => return Ok(FrontendMessage::CopyData(body.to_vec())),
        b'c' => FrontendMessage::CopyDone,
        b'f' => FrontendMessage::CopyFail(m.cstr()?),
        b'p' => return Ok(FrontendMessage::Password(body.to_vec())),
        b'F' => {
            let function_oid = m.u32()?;
            let arg_formats = m.formats()?;
            let args = m.values()?;
            let result_format = m.i16()?;
            FrontendMessage::FunctionCall {
                function_oid,
                arg_formats,
                args,
                result_format,
            }
        }
        _ => {
            return Err(protocol_violation(format!(
                "invalid frontend message type {tag}"
            )))
        }
    };
    m.finish()?;
    Ok(msg)
}

impl FrontendMessage {
    /// Encode (as a client would send it); used by tests and tools.
    pub fn encode(&self) -> Vec<u8> {
        let mut b = Vec::new();
        let tag = match self {
            FrontendMessage::Query(q) => {
                put_cstr(&mut b, q);
                b'Q'
            }
            FrontendMessage::Terminate => b'X',
            FrontendMessage::Parse {
                name,
                query,
                param_types,
            } => {
                put_cstr(&mut b, name);
                put_cstr(&mut b, query);
                b.extend_from_slice(&(param_types.len() as i16).to_be_bytes());
                for t in param_types {
                    b.extend_from_slice(&t.to_be_bytes());
                }
                b'P'
            }
            FrontendMessage::Bind {
                portal,
                statement,
                param_formats,
                params,
                result_formats,
            } => {
                put_cstr(&mut b, portal);
                put_cstr(&mut b, statement);
                put_formats(&mut b, param_formats);
                put_values(&mut b, params);
                put_formats(&mut b, result_formats);
                b'B'
            }
            FrontendMessage::Describe { kind, name } => {
                b.push(*kind);
                put_cstr(&mut b, name);
                b'D'
            }
            FrontendMessage::Execute { portal, max_rows } => {
                put_cstr(&mut b, portal);
                b.extend_from_slice(&max_rows.to_be_bytes());
                b'E'
            }
            FrontendMessage::Close { kind, name } => {
                b.push(*kind);
                put_cstr(&mut b, name);
                b'C'
            }
            FrontendMessage::Sync => b'S',
            FrontendMessage::Flush => b'H',
            FrontendMessage::CopyData(d) => {
                b.extend_from_slice(d);
                b'd'
            }
            FrontendMessage::CopyDone => b'c',
            FrontendMessage::CopyFail(s) => {
                put_cstr(&mut b, s);
                b'f'
            }
            FrontendMessage::Password(p) => {
                b.extend_from_slice(p);
                b'p'
            }
            FrontendMessage::FunctionCall {
                function_oid,
                arg_formats,
                args,
                result_format,
            } => {
                b.extend_from_slice(&function_oid.to_be_bytes());
                put_formats(&mut b, arg_formats);
                put_values(&mut b, args);
                b.extend_from_slice(&result_format.to_be_bytes());
                b'F'
            }
        };
        let mut out = vec![tag];
        out.extend_from_slice(&((b.len() + 4) as u32).to_be_bytes());
        out.extend_from_slice(&b);
        out
    }
}

/// Body of a PasswordMessage: the NUL-terminated password.
pub fn parse_password(body: &[u8]) -> PgResult<String> {
    let mut m = MsgReader::new(body);
    let s = m.cstr()?;
    m.finish()?;
    Ok(s)
}

/// Body of a SASLInitialResponse: mechanism name and the initial client data (None if -1).
pub fn parse_sasl_initial(body: &[u8]) -> PgResult<(String, Option<Vec<u8>>)> {
    let mut m = MsgReader::new(body);
    let mech = m.cstr()?;
    let len = m.i32()?;
    let data = if len < 0 {
        None
    } else {
        Some(m.bytes(len as usize)?.to_vec())
    };
    m.finish()?;
    Ok((mech, data))
}

fn put_cstr(b: &mut Vec<u8>, s: &str) {
    b.extend_from_slice(s.as_bytes());
    b.push(0);
}

fn put_formats(b: &mut Vec<u8>, f: &[i16]) {
    b.extend_from_slice(&(f.len() as i16).to_be_bytes());
    for x in f {
        b.extend_from_slice(&x.to_be_bytes());
    }
}

fn put_values(b: &mut Vec<u8>, vals: &[Option<Vec<u8>>]) {
    b.extend_from_slice(&(vals.len() as i16).to_be_bytes());
    for v in vals {
        match v {
            None => b.extend_from_slice(&(-1i32).to_be_bytes()),
            Some(v) => {
                b.extend_from_slice(&(v.len() as i32).to_be_bytes());
                b.extend_from_slice(v);
            }
        }
    }
}

/// Bounds-checked reader over a message body.
pub struct MsgReader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> MsgReader<'a> {
    pub fn new(buf: &'a [u8]) -> Self {
        MsgReader { buf, pos: 0 }
    }
    pub fn remaining(&self) -> usize {
        self.buf.len() - self.pos
    }
    pub fn bytes(&mut self, n: usize) -> PgResult<&'a [u8]> {
        if n > self.remaining() {
            return Err(protocol_violation("insufficient data left in message"));
        }
        let s = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }
    pub fn u8(&mut self) -> PgResult<u8> {
        Ok(self.bytes(1)?[0])
    }
    pub fn i16(&mut self) -> PgResult<i16> {
        let b = self.bytes(2)?;
        Ok(i16::from_be_bytes([b[0], b[1]]))
    }
    pub fn i32(&mut self) -> PgResult<i32> {
        let b = self.bytes(4)?;
        Ok(i32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }
    pub fn u32(&mut self) -> PgResult<u32> {
        Ok(self.i32()? as u32)
    }
    /// A non-negative Int16 count.
    fn count(&mut self) -> PgResult<usize> {
        let n = self.i16()?;
        if n < 0 {
            return Err(protocol_violation("invalid message format"));
        }
        Ok(n as usize)
    }
    fn formats(&mut self) -> PgResult<Vec<i16>> {
        let n = self.count()?;
        let mut v = Vec::with_capacity(n.min(self.remaining() / 2));
        for _ in 0..n {
            v.push(self.i16()?);
        }
        Ok(v)
    }
    fn values(&mut self) -> PgResult<Vec<Option<Vec<u8>>>> {
        let n = self.count()?;
        let mut v = Vec::with_capacity(n.min(self.remaining() / 4));
        for _ in 0..n {
            let len = self.i32()?;
            if len == -1 {
                v.push(None);
            } else if len < 0 {
                return Err(protocol_violation("invalid message format"));
            } else {
                v.push(Some(self.bytes(len as usize)?.to_vec()));
            }
        }
        Ok(v)
    }
    /// A NUL-terminated UTF-8 string.
    pub fn cstr(&mut self) -> PgResult<String> {
        let rest = &self.buf[self.pos..];
        let Some(end) = rest.iter().position(|&b| b == 0) else {
            return Err(protocol_violation("invalid string in message"));
        };
        let s = std::str::from_utf8(&rest[..end]).map_err(|_| {
            pg_err!(
                CHARACTER_NOT_IN_REPERTOIRE,
                "invalid byte sequence for encoding \"UTF8\""
            )
        })?;
        self.pos += end + 1;
        Ok(s.to_string())
    }
    /// Everything must have been consumed.
    pub fn finish(&self) -> PgResult<()> {
        if self.remaining() != 0 {
            return Err(protocol_violation("invalid message format"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use common::sqlstate;

    fn roundtrip(m: FrontendMessage) {
        let bytes = m.encode();
        let got = read_message(&mut &bytes[..]).unwrap().unwrap();
        assert_eq!(got, m);
    }

    #[test]
    fn frontend_roundtrips() {
        roundtrip(FrontendMessage::Query("select 1".into()));
        roundtrip(FrontendMessage::Terminate);
        roundtrip(FrontendMessage::Parse {
            name: "s1".into(),
            query: "select $1".into(),
            param_types: vec![23, 25],
        });
        roundtrip(FrontendMessage::Bind {
            portal: "".into(),
            statement: "s1".into(),
            param_formats: vec![0, 1],
            params: vec![Some(b"42".to_vec()), None],
            result_formats: vec![1],
        });
        roundtrip(FrontendMessage::Describe {
            kind: b'S',
            name: "s1".into(),
        });
        roundtrip(FrontendMessage::Execute {
            portal: "p".into(),
            max_rows: 10,
        });
        roundtrip(FrontendMessage::Close {
            kind: b'P',
            name: "p".into(),
        });
        roundtrip(FrontendMessage::Sync);
        roundtrip(FrontendMessage::Flush);
        roundtrip(FrontendMessage::CopyData(b"1\t2\n".to_vec()));
        roundtrip(FrontendMessage::CopyDone);
        roundtrip(FrontendMessage::CopyFail("oops".into()));
        roundtrip(FrontendMessage::Password(b"secret\0".to_vec()));
        roundtrip(FrontendMessage::FunctionCall {
            function_oid: 1598,
            arg_formats: vec![],
            args: vec![None, Some(vec![1, 2])],
            result_format: 1,
        });
    }

    #[test]
    fn startup_roundtrips() {
        for p in [
            StartupPacket::Startup {
                version: PROTOCOL_3_0,
                params: vec![
                    ("user".into(), "bob".into()),
                    ("database".into(), "db".into()),
                ],
            },
            StartupPacket::SslRequest,
            StartupPacket::GssEncRequest,
            StartupPacket::Cancel { pid: 7, key: -3 },
        ] {
            let bytes = p.encode();
            assert_eq!(read_startup_packet(&mut &bytes[..]).unwrap(), Some(p));
        }
        assert_eq!(read_startup_packet(&mut &b""[..]).unwrap(), None);
    }

    #[test]
    fn malformed_input_is_protocol_violation() {
        // unknown type
        let e = read_message(&mut &b"Z\0\0\0\x04"[..]).unwrap_err();
        assert_eq!(e.code, sqlstate::PROTOCOL_VIOLATION);
        assert_eq!(e.message, "invalid frontend message type 90");
        // length too small
        let e = read_message(&mut &b"Q\0\0\0\x02"[..]).unwrap_err();
        assert_eq!(e.message, "invalid message length");
        // oversized small message
        let e = read_message(&mut &b"S\x7f\0\0\0"[..]).unwrap_err();
        assert_eq!(e.message, "invalid message length");
        // missing terminator
        let e = decode_message(b'Q', b"abc").unwrap_err();
        assert_eq!(e.message, "invalid string in message");
        // trailing garbage
        let e = decode_message(b'S', b"x").unwrap_err();
        assert_eq!(e.message, "invalid message format");
        // truncated bind
        let e = decode_message(b'B', b"\0\0\0\x01").unwrap_err();
        assert_eq!(e.code, sqlstate::PROTOCOL_VIOLATION);
        // bad describe kind
        assert!(decode_message(b'D', b"Xa\0").is_err());
        // startup length
        let e = read_startup_packet(&mut &b"\0\0\0\x02"[..]).unwrap_err();
        assert_eq!(e.message, "invalid length of startup packet");
        let e = read_startup_packet(&mut &b"\x7f\0\0\0"[..]).unwrap_err();
        assert_eq!(e.message, "invalid length of startup packet");
        // startup without terminator
        let mut body = PROTOCOL_3_0.to_be_bytes().to_vec();
        body.extend_from_slice(b"user\0bob\0");
        assert!(decode_startup(&body).is_err());
        // EOF in the middle is an I/O error, not a protocol violation
        let e = read_message(&mut &b"Q\0\0\0\x10ab"[..]).unwrap_err();
        assert_eq!(e.code, sqlstate::IO_ERROR);
    }

    #[test]
    fn sasl_bodies() {
        let mut b = b"SCRAM-SHA-256\0".to_vec();
        b.extend_from_slice(&3i32.to_be_bytes());
        b.extend_from_slice(b"abc");
        assert_eq!(
            parse_sasl_initial(&b).unwrap(),
            ("SCRAM-SHA-256".to_string(), Some(b"abc".to_vec()))
        );
        assert_eq!(parse_password(b"pw\0").unwrap(), "pw");
    }
}
