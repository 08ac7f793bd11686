//! triplink: the Rust SDK for SAP Concur TripLink suppliers and TMCs — re-exports the portable
//! core (`triplink-core`) and adds the native pieces (reqwest transport, system runtime).
//!
//! Everything portable lives in [`triplink_core`]; this crate is the name native users depend
//! on, and it carries the runnable examples and the cross-crate integration tests.

pub use triplink_core::*;

pub mod file_token_store;
#[cfg(feature = "native")]
pub mod runtime;
