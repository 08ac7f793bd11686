//! `triplink-wasm`: the SDK for JavaScript (npm package `@triplink/sdk`), a wasm-bindgen
//! binding of `triplink-core` that only converts, calls and converts back.
//!
//! Two builds of this one crate: the default feature `full` is `@triplink/sdk` (everything);
//! without it, `@triplink/sdk/booking` for checkout pages (trip and booking XML, the supplier
//! booking builders, the trip/booking sans-IO pairs, name and email normalisation). Features
//! select whole modules, never parts of a function.
//!
//! Every export throws a `TriplinkError` (a real JS `Error` subclass with a stable `code`)
//! and never a string; a Rust panic becomes a `TriplinkError` with code `Internal`.

#![cfg(target_arch = "wasm32")]
// wasm is single-threaded: the core's seams take `Arc`s of JS-backed (non-Send) values.
#![allow(clippy::arc_with_non_send_sync)]

mod abort;
#[cfg(feature = "full")]
pub mod client;
pub mod convert;
pub mod errors;
#[cfg(feature = "full")]
mod events;
pub mod host;
pub mod itinerary;
#[cfg(feature = "full")]
pub mod itinerary_client;
#[cfg(feature = "full")]
pub mod matching;
mod model_ops;
pub mod normalize;
#[cfg(feature = "full")]
pub mod requests;
pub mod sans_io;
#[cfg(feature = "full")]
pub mod sans_io_cr;
#[cfg(feature = "full")]
mod tokens;

pub use errors::is_triplink_error;
use wasm_bindgen::prelude::*;

/// The SDK version (the crate's), e.g. `0.1.0`.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// Runs once when the module is instantiated: installs the panic hook and the host's Unicode
/// normaliser.
#[wasm_bindgen(start)]
fn start() {
    errors::install_panic_hook();
    normalize::install_normalizer();
}
