//! PostgreSQL frontend/backend protocol version 3 codec, free of sockets: decoding of the
//! startup phase and of frontend messages (`frontend`), encoding of every backend message into a
//! buffered writer (`backend`), and authentication helpers (`auth`).

// PgError (the project-wide error type) is large by design; results carry it everywhere.
#![allow(clippy::result_large_err)]

pub mod auth;
pub mod backend;
pub mod frontend;

pub use backend::{BackendMessage, FieldDesc, MessageBuffer};
pub use frontend::{
    read_message, read_startup_packet, FrontendMessage, StartupPacket, CANCEL_REQUEST_CODE,
    GSSENC_REQUEST_CODE, PROTOCOL_3_0, SSL_REQUEST_CODE,
};
