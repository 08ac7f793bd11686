//! Multi-step logic as pure state machines (paging, token refresh, redirects, retries); time comes in as `now`.

pub mod paging;
pub mod retry;
