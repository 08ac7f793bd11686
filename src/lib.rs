//! # triplink
//!
//! The Rust SDK for SAP Concur **TripLink** suppliers and travel management companies:
//! Connection Requests v3.x, the OAuth2 token service (every grant, geolocation redirects,
//! refresh-token rotation persisted before use), Itinerary v1 trips and bookings (a lossless
//! typed model of the whole XSD) and Request v4 (the agency view, proposals).
//!
//! This crate is the native face of the SDK: it re-exports the portable core
//! ([`triplink-core`](https://docs.rs/triplink-core): model, matching rules, sans-IO request
//! builders and response parsers, the async client) and adds what a native host needs — the
//! reqwest transport, the system clock and tokio sleeper ([`runtime`]), a file token store
//! ([`file_token_store`]), and with the `sqlite` feature the SQLite token store and the
//! auto-connect job's SQLite journal.
//!
//! ## Example: list the pending connection requests
//!
//! ```no_run
//! use std::sync::Arc;
//! use triplink::api::connection_requests::ListParams;
//! use triplink::api::oauth::Grant;
//! use triplink::client::*;
//! use triplink::model::{ClientCredentials, CrVersion};
//! use triplink::runtime::{native_executor, SystemClock};
//! use triplink::{ApiConfig, Secret};
//!
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let exec = native_executor()?;
//! let glz = ApiConfig::new("https://glz.api.concursolutions.com")?;
//! let credentials = ClientCredentials {
//!     client_id: "my-app".into(),
//!     client_secret: Secret::new(std::env::var("CONCUR_CLIENT_SECRET")?),
//! };
//! let tokens = Arc::new(TokenManager::new(
//!     exec.clone(),
//!     Arc::new(InMemoryTokenStore::new()),
//!     Arc::new(SystemClock),
//!     TokenManagerConfig::new(credentials, glz.clone()),
//! ));
//! let password = Secret::new(std::env::var("CONCUR_PASSWORD")?);
//! let grant = Grant::Password { username: "supplier@acme.example".into(), password };
//! tokens.login("supplier", None, &grant).await?;
//!
//! let requests = ConnectionRequestsClient::new(
//!     ApiSession::new(exec, tokens, "supplier", glz),
//!     CrVersion::V3_2,
//! );
//! let page = requests.list_page(&ListParams::default()).await?;
//! for request in &page.value.items {
//!     println!("{} {:?} {:?}", request.id, request.first_name, request.last_name);
//! }
//! # Ok(()) }
//! ```
//!
//! The whole auto-connect job (drain the queue, match each traveller against your members,
//! exchange the request token, store the user's tokens, PUT the status) is
//! [`client::AutoConnect`]; the repository's README walks through it and the other shapes of
//! the SDK (npm package, Kotlin, Swift, Python).
//!
//! ## Cargo features
//!
//! - `native` (default): the reqwest transport (rustls) and the tokio-based [`runtime`].
//! - `sqlite` (default): `sqlite_token_store`, `sqlite_journal` and `sqlite_member_directory`
//!   (bundled SQLite, nothing to install): the embedded durable state of the auto-connect job
//!   and a member list it looks members up in.
//! - `postgres`: `postgres_token_store`, `postgres_journal` and `postgres_member_directory`
//!   (tokio-postgres): token sets, the auto-connect journal and its work lease, and the member
//!   list (bulk-loaded with COPY) shared by several workers.
//! - `redis`: `redis_token_store` and `redis_journal` (redis, tokio): the same on Redis.
//! - `testing`: test doubles for the host seams — `transport::ScriptedTransport` (answers from
//!   a script and records every request), `client::ManualClock`, `client::RecordingSleeper`
//!   and `client::FixedJitter` — for testing code built on the SDK without a network or a
//!   real clock. Not part of the default API.
#![cfg_attr(docsrs, feature(doc_cfg))]

pub use triplink_core::*;

pub mod auto_connect_summary;
mod blocking;
mod file_lock;
pub mod file_token_store;
mod group_commit;
#[cfg(any(feature = "postgres", feature = "redis"))]
mod lease_owner;
#[cfg(feature = "postgres")]
pub mod postgres_journal;
#[cfg(feature = "postgres")]
pub mod postgres_member_directory;
#[cfg(feature = "postgres")]
pub mod postgres_token_store;
#[cfg(feature = "redis")]
pub mod redis_journal;
#[cfg(feature = "redis")]
pub mod redis_token_store;
#[cfg(feature = "native")]
pub mod runtime;
#[cfg(feature = "sqlite")]
pub mod sqlite_journal;
#[cfg(feature = "sqlite")]
pub mod sqlite_member_directory;
#[cfg(feature = "sqlite")]
pub mod sqlite_token_store;

/// The README's Rust examples, compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
