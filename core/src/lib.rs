//! triplink-core: the portable heart of the TripLink SDK — model, wire codecs, sans-IO request
//! builders and response parsers, pure flows, and an async client over a host-supplied transport.
//!
//! Layers point one way only: `client` → `api` + `flow` → `wire` → `model`. Nothing here reads
//! the clock, draws random numbers or performs IO: time and jitter are arguments, and HTTP is
//! done by whatever [`transport::Transport`] the host supplies.
//!
//! ```
//! use triplink_core::transport::{HttpRequest, Method};
//! let req = HttpRequest::new(Method::Get, "https://us.api.concursolutions.com/api/v3.2/common/connectionrequests/");
//! assert_eq!(req.method, Method::Get);
//! ```

// On wasm32 the host seams are single-threaded JS values: `Arc`s of them are not Send/Sync.
#![cfg_attr(target_arch = "wasm32", allow(clippy::arc_with_non_send_sync))]

pub mod api;
pub mod client;
pub mod config;
pub mod error;
pub mod flow;
pub mod matching;
pub mod model;
pub mod secret;
pub mod transport;
pub mod wire;

pub use config::ApiConfig;
pub use error::{ErrorCode, Result, TriplinkError};
pub use secret::Secret;

/// The SDK version (the workspace version), exported by every binding as `version()`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
