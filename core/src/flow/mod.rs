//! Multi-step logic as pure state machines (paging, token refresh, redirects, retries); time comes in as `now`.

pub mod auto_connect;
pub mod geolocation;
pub mod paging;
pub mod read_ahead;
pub mod retry;
pub mod retry_budget;
pub mod token_lifecycle;
