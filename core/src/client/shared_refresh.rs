//! The cross-worker half of a refresh: before refreshing a key, a worker takes the store's
//! refresh lease; a worker that finds it held waits for the holder's rotated set (polling the
//! store) instead of sending the same refresh token, which Concur would refuse (108).

use super::token_manager::{reauthorize, TokenManager};
use super::token_store::{RefreshLease, VersionedTokens};
use crate::error::{ApiFailure, ErrorCode, Result, TriplinkError};
use crate::model::TokenSet;

/// The default refresh lease: longer than one call with its retries may take (the native
/// executor's deadline is 45 s), so a slow refresh is never joined by a second one with the
/// same refresh token; a worker killed mid-refresh holds the others up for at most a minute
/// (and usually no time at all: a live holder releases the lease as soon as it saved).
pub(super) const DEFAULT_REFRESH_LEASE_MS: u64 = 60_000;

/// How often a waiting worker re-reads the store (milliseconds).
const POLL_MS: u64 = 20;

/// What [`TokenManager::lease_or_adopt`] found.
pub(super) enum LeaseOutcome {
    /// Another task or worker refreshed since the caller's read: use this set.
    RefreshedElsewhere(TokenSet),
    /// This worker holds the lease; the set as stored under it.
    Holding(VersionedTokens),
}

impl TokenManager {
    /// Takes `key`'s refresh lease, or waits until the worker holding it stored its rotated
    /// set (or its lease expired: then takes it). Gives up after twice the lease time.
    pub(super) async fn lease_or_adopt(&self, key: &str, seen: &TokenSet) -> Result<LeaseOutcome> {
        let ttl = self.config.refresh_lease_ms.max(1);
        let mut waited = 0u64;
        loop {
            // Re-read first: another process sharing the store may have refreshed already.
            let current = self.load_current(key).await?;
            if current.tokens.access_token != seen.access_token {
                return Ok(LeaseOutcome::RefreshedElsewhere(current.tokens));
            }
            match self.store.acquire_refresh_lease(key, ttl).await? {
                RefreshLease::Granted => {
                    // The holder before us may have saved between our read and our lease.
                    let current = self.load_current(key).await?;
                    if current.tokens.access_token != seen.access_token {
                        let _ = self.store.release_refresh_lease(key).await;
                        return Ok(LeaseOutcome::RefreshedElsewhere(current.tokens));
                    }
                    return Ok(LeaseOutcome::Holding(current));
                }
                RefreshLease::HeldElsewhere { .. } => {
                    if waited >= ttl.saturating_mul(2) {
                        return Err(lease_wait_timeout(key, waited));
                    }
                    self.exec.sleeper().sleep_ms(POLL_MS).await;
                    waited += POLL_MS;
                }
            }
        }
    }

    async fn load_current(&self, key: &str) -> Result<VersionedTokens> {
        self.store
            .load_versioned(key)
            .await?
            .ok_or_else(|| reauthorize(key))
    }
}

fn lease_wait_timeout(key: &str, waited_ms: u64) -> TriplinkError {
    TriplinkError::api(ApiFailure {
        code: ErrorCode::Timeout,
        status: 0,
        correlation_id: None,
        api_code: None,
        message: format!(
            "`{key}`: another worker has held the refresh lease for {waited_ms} ms without \
             storing new tokens; try again later"
        ),
        retry_after_secs: None,
        body: None,
    })
}
