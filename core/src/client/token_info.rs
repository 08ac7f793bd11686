//! The secret-free token calls the bindings offer apps: what the store holds for a key, a
//! refresh when due, and a refresh now (as after a 401), each answered as a [`TokenInfo`].

use super::token_manager::TokenManager;
use crate::error::Result;
use crate::model::TokenInfo;

impl TokenManager {
    /// What the store holds for `key`, without secrets (`None` when nothing is stored).
    pub async fn token_info(&self, key: &str) -> Result<Option<TokenInfo>> {
        Ok(self.store().load(key).await?.as_ref().map(TokenInfo::from))
    }

    /// Makes sure `key` has a usable access token (refreshing it when due), then the token info.
    /// Fails with `Reauthorize` when the grant is gone.
    pub async fn refresh_if_due(&self, key: &str) -> Result<Option<TokenInfo>> {
        self.access_token(key).await?;
        self.token_info(key).await
    }

    /// Refreshes `key`'s tokens now, as after a 401 (the rotated refresh token is stored
    /// before the new access token is used), then the token info.
    pub async fn refresh_now(&self, key: &str) -> Result<Option<TokenInfo>> {
        let grant = self.access_token(key).await?;
        self.on_unauthorized(key, &grant.token).await?;
        self.token_info(key).await
    }
}
