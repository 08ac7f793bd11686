//! `TokenStore`: where token sets live between calls and runs (keyed by Concur user or company
//! id), and `InMemoryTokenStore`. Native hosts have a file store in the `triplink` crate;
//! mobile apps implement it over the Keystore / Keychain. Stores shared by several workers
//! (PostgreSQL, Redis) also implement the version compare-and-swap and the refresh lease.

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

    /// The token set under `key` as persisted now, with its version (bumped by every write).
    /// Stores without versions need not override it: version 0, and
    /// [`TokenStore::save_if_version`] then always writes.
    async fn load_versioned(&self, key: &str) -> Result<Option<VersionedTokens>> {
        Ok(self
            .reload(key)
            .await?
            .map(|tokens| VersionedTokens { tokens, version: 0 }))
    }

    /// Stores `tokens` under `key` only if the stored version is still `version` (compare and
    /// swap); `false` when another writer got there first (nothing was written). Stores
    /// without versions need not override it (it saves and returns `true`).
    async fn save_if_version(&self, key: &str, tokens: &TokenSet, version: u64) -> Result<bool> {
        let _ = version;
        self.save(key, tokens).await.map(|()| true)
    }

    /// Asks for the lease on refreshing `key` for `ttl_ms` milliseconds: of several workers
    /// sharing the store, one refreshes while the others wait for its result. A lease not
    /// released (its worker died) expires after `ttl_ms`. Stores used by one process need not
    /// override it (always granted: the token manager serialises refreshes in-process).
    async fn acquire_refresh_lease(&self, key: &str, ttl_ms: u64) -> Result<RefreshLease> {
        let _ = (key, ttl_ms);
        Ok(RefreshLease::Granted)
    }

    /// Gives up the refresh lease of `key` this store holds (no-op when it holds none).
    async fn release_refresh_lease(&self, key: &str) -> Result<()> {
        let _ = key;
        Ok(())
    }
}

/// A token set and the store's version of it (see [`TokenStore::save_if_version`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VersionedTokens {
    /// The token set.
    pub tokens: TokenSet,
    /// Its version: 1 after the first save, +1 per write (0 from stores without versions).
    pub version: u64,
}

/// The answer to [`TokenStore::acquire_refresh_lease`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefreshLease {
    /// This store holds the lease: refresh, save, then release it.
    Granted,
    /// Another worker holds it for at most this many more milliseconds: wait for its result.
    HeldElsewhere {
        /// Milliseconds left on the other worker's lease.
        expires_in_ms: u64,
    },
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
