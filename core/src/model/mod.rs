//! Plain data of every API: connection requests, tokens, trips, requests. No IO, no codecs.

pub mod connection_request;
pub mod status;

pub use connection_request::{ConnectionRequest, ConnectionRequestPage, CrVersion, CreateResponse};
pub use status::{RequeuePolicy, StatusCode};
