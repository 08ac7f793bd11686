//! `TokenStore`: where token sets live between calls and runs (keyed by Concur user or company
//! id), and `InMemoryTokenStore`. Native hosts have a file store in the `triplink` crate;
//! mobile apps implement it over the Keystore / Keychain.

use crate::error::Result;
use crate::model::TokenSet;
use crate::transport::MaybeSendSync;
use std::collections::HashMap;
use std::sync::Mutex;

/// Persists token sets. `save` must be durable when it returns: the token manager saves a
/// rotated refresh token before it uses the new access token.
#[cfg_attr(not(target_arch = "wasm32"), async_trait::async_trait)]
#[cfg_attr(target_arch = "wasm32", async_trait::async_trait(?Send))]
pub trait TokenStore: MaybeSendSync {
    /// The token set stored under `key`, if any.
    async fn load(&self, key: &str) -> Result<Option<TokenSet>>;
    /// Stores (replaces) the token set under `key`.
    async fn save(&self, key: &str, tokens: &TokenSet) -> Result<()>;
    /// Forgets `key`.
    async fn remove(&self, key: &str) -> Result<()>;
    /// The token set under `key` as persisted now, bypassing any in-memory copy: what another
    /// process sharing the store may have saved since. The token manager calls it before a
    /// refresh and after a refresh was refused (OAuth2 error 108), to adopt a newer set.
    /// Stores without a cache need not override it (it loads).
    async fn reload(&self, key: &str) -> Result<Option<TokenSet>> {
        self.load(key).await
    }
}

/// A process-local store (tests, short jobs, browsers).
#[derive(Debug, Default)]
pub struct InMemoryTokenStore {
    map: Mutex<HashMap<String, TokenSet>>,
}

impl InMemoryTokenStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// The keys stored, sorted.
    pub fn keys(&self) -> Vec<String> {
        let mut k: Vec<String> = self
            .map
            .lock()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        k.sort();
        k
    }
}

fn poisoned() -> crate::TriplinkError {
    crate::TriplinkError::Internal {
        message: "token store lock poisoned".into(),
    }
}

#[cfg_attr(not(target_arch = "wasm32"), async_trait::async_trait)]
#[cfg_attr(target_arch = "wasm32", async_trait::async_trait(?Send))]
impl TokenStore for InMemoryTokenStore {
    async fn load(&self, key: &str) -> Result<Option<TokenSet>> {
        Ok(self.map.lock().map_err(|_| poisoned())?.get(key).cloned())
    }

    async fn save(&self, key: &str, tokens: &TokenSet) -> Result<()> {
        self.map
            .lock()
            .map_err(|_| poisoned())?
            .insert(key.to_owned(), tokens.clone());
        Ok(())
    }

    async fn remove(&self, key: &str) -> Result<()> {
        self.map.lock().map_err(|_| poisoned())?.remove(key);
        Ok(())
    }
}
