//! triplink: the Rust SDK for SAP Concur TripLink suppliers and TMCs — re-exports the portable
//! core (`triplink-core`) for native back ends and batch jobs.
//!
//! Everything lives in [`triplink_core`]; this crate is the name users depend on, and it
//! carries the runnable examples and the cross-crate integration tests.

pub use triplink_core::*;
