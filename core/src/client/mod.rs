//! The async client layer: drives `api` pairs and `flow` machines over a host-supplied
//! `Transport`, with host-supplied time (`Clock`), waiting (`Sleeper`) and jitter (`Jitter`).

mod executor;
mod runtime;
mod token_manager;
mod token_store;

pub use executor::{Exchange, HttpExecutor};
pub use runtime::{Clock, FixedJitter, Jitter, ManualClock, RecordingSleeper, Sleeper};
pub use token_manager::{AccessGrant, TokenManager, TokenManagerConfig};
pub use token_store::{InMemoryTokenStore, TokenStore};
