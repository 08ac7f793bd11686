//! `RequestLease`: the auto-connect job's per-request work lease, for several workers draining
//! one Connection Requests queue. A worker claims a request's offer before deciding it; only the
//! holder exchanges its token and PUTs its status, renewing the claim before each of those
//! steps; a claim not renewed (its worker was killed) expires and another worker takes the
//! request, resuming it from the shared journal. The `triplink` crate has PostgreSQL and Redis
//! implementations; a single worker needs none.

use crate::error::Result;
use crate::transport::MaybeSendSync;

/// The answer to [`RequestLease::claim`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Claim {
    /// This worker holds the request until it finishes it or the lease expires.
    Granted,
    /// Another worker holds it: leave it alone.
    HeldElsewhere,
    /// This offer's status PUT was confirmed (by any worker): nothing left to do.
    Done,
}

/// Per-request leases shared by the workers of one queue.
#[cfg_attr(not(target_arch = "wasm32"), async_trait::async_trait)]
#[cfg_attr(target_arch = "wasm32", async_trait::async_trait(?Send))]
pub trait RequestLease: MaybeSendSync {
    /// Claims `offer` of `request_id` for `ttl_ms` milliseconds. Granted when nobody holds it,
    /// when the holder's lease expired, or when this worker holds it already; a new offer of a
    /// request (a new request token) can be claimed once the earlier one is done or expired.
    async fn claim(&self, request_id: &str, offer: &str, ttl_ms: u64) -> Result<Claim>;
    /// Extends this worker's claim by `ttl_ms`; `false` when it was lost (another worker took
    /// it over, or it is done): the caller must then not act at Concur. A claim that ran out
    /// while nobody took it is still this worker's (nobody else acted on the request).
    async fn renew(&self, request_id: &str, ttl_ms: u64) -> Result<bool>;
    /// Ends this worker's claim: `done` when the status PUT was confirmed (no worker claims
    /// this offer again), else the request is free for another worker or run.
    async fn finish(&self, request_id: &str, done: bool) -> Result<()>;
}
