//! triplink: the Rust SDK for SAP Concur TripLink suppliers and TMCs — re-exports the portable
//! core (`triplink-core`) and adds the native pieces (reqwest transport, system runtime, a file
//! token store, the SQLite journal of the auto-connect job). The README below is compiled as a doc test.
#![doc = include_str!("../README.md")]

pub use triplink_core::*;

pub mod auto_connect_summary;
mod blocking;
mod file_lock;
pub mod file_token_store;
mod group_commit;
#[cfg(feature = "native")]
pub mod runtime;
#[cfg(feature = "sqlite")]
pub mod sqlite_journal;
#[cfg(feature = "sqlite")]
pub mod sqlite_token_store;
