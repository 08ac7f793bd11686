//! # triplink-core
//!
//! The portable core of the triplink SDK for SAP Concur **TripLink** suppliers and travel
//! management companies: the model (connection requests, tokens, Itinerary v1 trips and
//! bookings, Request v4), the matching rules that decide each connection request, the wire
//! codecs (JSON and XML), a sans-IO request builder and response parser for every endpoint,
//! pure flows (retries, paging, geolocation, token lifetimes) and an async client over a
//! transport the host supplies. It is the same code inside the `triplink` crate, the npm
//! package (WebAssembly) and the Kotlin/Swift/Python bindings.
//!
//! Nothing here reads the clock, draws random numbers or performs IO: time and jitter are
//! arguments, and HTTP is done by whatever [`transport::Transport`] the host supplies (the
//! `reqwest` feature adds a native one). Layers point one way only: `client` → `api` +
//! `flow` → `wire` → `model`.
//!
//! ## Example: a sans-IO pair
//!
//! Build the request, send it with any HTTP stack, parse the response:
//!
//! ```
//! use triplink_core::api::connection_requests::{build_list_request, parse_list_response, ListParams};
//! use triplink_core::model::CrVersion;
//! use triplink_core::transport::{HttpResponse, Method};
//! use triplink_core::{ApiConfig, Secret};
//!
//! # fn main() -> Result<(), triplink_core::TriplinkError> {
//! let config = ApiConfig::new("https://us.api.concursolutions.com")?;
//! let params = ListParams { limit: Some(10), ..Default::default() };
//! let request = build_list_request(&config, CrVersion::V3_2, &Secret::new("access-token"), &params)?;
//! assert_eq!(request.method, Method::Get);
//! assert!(request.url.ends_with("/api/v3.2/common/connectionrequests/?limit=10"));
//!
//! // … send `request` with your HTTP client, then:
//! let body = r#"{"items":[{"id":"5e6b","firstName":"Zoë","lastName":"O'Brien",
//!     "requestToken":"rt-1","lastModified":"2022-11-02T09:39:21","userId":"0c1d"}]}"#;
//! let page = parse_list_response(&HttpResponse::new(200, body), &config)?;
//! assert_eq!(page.items[0].first_name.as_deref(), Some("Zoë"));
//! # Ok(()) }
//! ```
//!
//! ## Cargo features
//!
//! - `unicode-tables` (default): Unicode normalisation for name matching from the
//!   unicode-normalization tables; without it the host installs its own normaliser
//!   (`matching::unicode::install_host_normalizer`), as the npm package does.
//! - `tracing` (default): structured logs through the `tracing` facade (see [`telemetry`]):
//!   a span per API call and per HTTP attempt, events for retries, token refreshes and
//!   geolocation hops, one line per auto-connect decision; never a secret, token or body.
//! - `reqwest`: a native [`transport::Transport`] over reqwest (rustls).
//! - `testing`: test doubles for the host seams (`transport::ScriptedTransport`,
//!   `client::ManualClock`, `client::RecordingSleeper`, `client::FixedJitter`), for testing
//!   code built on the SDK. Not part of the default API.

// On wasm32 the host seams are single-threaded JS values: `Arc`s of them are not Send/Sync.
#![cfg_attr(target_arch = "wasm32", allow(clippy::arc_with_non_send_sync))]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[macro_use]
pub mod telemetry;

pub mod api;
pub mod client;
pub mod config;
pub mod error;
pub mod flow;
pub mod marker;
pub mod matching;
pub mod model;
pub mod secret;
pub mod transport;
pub mod wire;

pub use config::ApiConfig;
pub use error::{ErrorCode, Result, TriplinkError};
pub use secret::Secret;

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
