//! `triplink-wasm`: the SDK for JavaScript (npm package `@triplink/sdk`), a wasm-bindgen
//! binding of `triplink-core` that only converts, calls and converts back.
//!
//! Every export throws a `TriplinkError` (a real JS `Error` subclass with a stable `code`)
//! and never a string; a Rust panic becomes a `TriplinkError` with code `Internal`.

#![cfg(target_arch = "wasm32")]
// wasm is single-threaded: the core's seams take `Arc`s of JS-backed (non-Send) values.
#![allow(clippy::arc_with_non_send_sync)]

pub mod client;
pub mod convert;
pub mod errors;
pub mod host;
pub mod itinerary;
pub mod matching;
mod model_ops;
pub mod requests;
pub mod sans_io;

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
    matching::install_normalizer();
}
