//! `RedisTokenStore`: token sets shared by several workers (and machines) in Redis — one hash
//! per key (`v` = version bumped by every write, `t` = the token set), compare-and-swap saves
//! in Lua scripts, and a refresh lease per key (`SET NX PX`: the lease expires on the server's
//! clock), so that of the workers finding a token due exactly one refreshes. For durability run
//! Redis with `appendonly yes` and `appendfsync always`: a save must be on disk when it returns.

use crate::lease_owner::new_owner;
use redis::aio::MultiplexedConnection;
use redis::Script;
use triplink_core::client::{RefreshLease, TokenStore, VersionedTokens};
use triplink_core::model::TokenSet;
use triplink_core::{Result, TriplinkError};

/// Writes the token set and bumps the version, atomically.
const SAVE: &str = "redis.call('HINCRBY', KEYS[1], 'v', 1)
    redis.call('HSET', KEYS[1], 't', ARGV[1])
    return 1";
/// Writes only when the stored version is ARGV[2].
const SAVE_IF_VERSION: &str = "local v = redis.call('HGET', KEYS[1], 'v')
    if v and tonumber(v) == tonumber(ARGV[2]) then
        redis.call('HSET', KEYS[1], 'v', tonumber(v) + 1, 't', ARGV[1])
        return 1
    end
    return 0";
/// Takes the lease when free (or already ours): -1; else the milliseconds left on it.
const ACQUIRE: &str = "local o = redis.call('GET', KEYS[1])
    if (not o) or o == ARGV[1] then
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        return -1
    end
    return redis.call('PTTL', KEYS[1])";
/// Deletes the lease only when it is ours.
const RELEASE: &str = "if redis.call('GET', KEYS[1]) == ARGV[1] then
        return redis.call('DEL', KEYS[1])
    end
    return 0";

/// Token sets in Redis, e.g. `redis://10.0.0.5:6379/0`.
#[derive(Clone)]
pub struct RedisTokenStore {
    conn: MultiplexedConnection,
    owner: String,
    /// Prefixed to every key (see `connect_namespaced`).
    namespace: String,
}

impl std::fmt::Debug for RedisTokenStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisTokenStore")
            .field("owner", &self.owner)
            .finish_non_exhaustive()
    }
}

/// A Redis error as the SDK's error; the server's messages name commands, never the values
/// (tokens) sent with them.
pub(crate) fn redis_err(what: &str, e: redis::RedisError) -> TriplinkError {
    TriplinkError::Internal {
        message: format!("Redis: cannot {what}: {e}"),
    }
}

/// Connects to `url` (`redis://host:port/db`) on the current tokio runtime.
pub(crate) async fn connect(url: &str) -> Result<MultiplexedConnection> {
    // The URL may hold a password: its parse error is reported by kind only.
    let client = redis::Client::open(url).map_err(|e| TriplinkError::Internal {
        message: format!("Redis: the URL does not parse ({:?})", e.kind()),
    })?;
    client
        .get_multiplexed_async_connection()
        .await
        .map_err(|e| redis_err("connect", e))
}

impl RedisTokenStore {
    /// Connects to `url`. Needs a tokio runtime.
    ///
    /// ```no_run
    /// # async fn demo() -> triplink::Result<()> {
    /// let store = triplink::redis_token_store::RedisTokenStore::connect("redis://127.0.0.1/").await?;
    /// # Ok(()) }
    /// ```
    pub async fn connect(url: &str) -> Result<Self> {
        Self::connect_namespaced(url, "").await
    }

    /// Connects like [`Self::connect`], keeping the keys of this store apart from other
    /// stores' on the same server (several apps, or tests): `namespace` prefixes every key.
    pub async fn connect_namespaced(url: &str, namespace: &str) -> Result<Self> {
        Ok(RedisTokenStore {
            conn: connect(url).await?,
            owner: new_owner(),
            namespace: namespace.to_owned(),
        })
    }

    fn tokens_key(&self, key: &str) -> String {
        format!("triplink:{}tokens:{key}", self.namespace)
    }

    fn lease_key(&self, key: &str) -> String {
        format!("triplink:{}refresh-lease:{key}", self.namespace)
    }

    /// The version of `key`'s token set (1 after the first save, +1 per write), if stored.
    pub async fn version(&self, key: &str) -> Result<Option<u64>> {
        Ok(self.load_versioned(key).await?.map(|v| v.version))
    }
}

fn encode(tokens: &TokenSet) -> Result<String> {
    serde_json::to_string(tokens).map_err(|_| TriplinkError::Internal {
        message: "token store: cannot serialise the token set".into(),
    })
}

#[async_trait::async_trait]
impl TokenStore for RedisTokenStore {
    async fn load(&self, key: &str) -> Result<Option<TokenSet>> {
        Ok(self.load_versioned(key).await?.map(|v| v.tokens))
    }

    async fn save(&self, key: &str, tokens: &TokenSet) -> Result<()> {
        let _: i64 = Script::new(SAVE)
            .key(self.tokens_key(key))
            .arg(encode(tokens)?)
            .invoke_async(&mut self.conn.clone())
            .await
            .map_err(|e| redis_err("save a token set", e))?;
        Ok(())
    }

    async fn remove(&self, key: &str) -> Result<()> {
        let _: i64 = redis::cmd("DEL")
            .arg(self.tokens_key(key))
            .query_async(&mut self.conn.clone())
            .await
            .map_err(|e| redis_err("remove a token set", e))?;
        Ok(())
    }

    async fn load_versioned(&self, key: &str) -> Result<Option<VersionedTokens>> {
        let (version, text): (Option<u64>, Option<String>) = redis::cmd("HMGET")
            .arg(self.tokens_key(key))
            .arg("v")
            .arg("t")
            .query_async(&mut self.conn.clone())
            .await
            .map_err(|e| redis_err("load a token set", e))?;
        let (Some(version), Some(text)) = (version, text) else {
            return Ok(None);
        };
        let tokens = serde_json::from_str(&text).map_err(|_| {
            TriplinkError::decode(
                "json",
                format!("Redis token store: the entry of `{key}` is not a valid token set"),
            )
        })?;
        Ok(Some(VersionedTokens { tokens, version }))
    }

    async fn save_if_version(&self, key: &str, tokens: &TokenSet, version: u64) -> Result<bool> {
        let written: i64 = Script::new(SAVE_IF_VERSION)
            .key(self.tokens_key(key))
            .arg(encode(tokens)?)
            .arg(version)
            .invoke_async(&mut self.conn.clone())
            .await
            .map_err(|e| redis_err("save a token set", e))?;
        Ok(written == 1)
    }

    async fn acquire_refresh_lease(&self, key: &str, ttl_ms: u64) -> Result<RefreshLease> {
        let left: i64 = Script::new(ACQUIRE)
            .key(self.lease_key(key))
            .arg(&self.owner)
            .arg(ttl_ms.max(1))
            .invoke_async(&mut self.conn.clone())
            .await
            .map_err(|e| redis_err("take the refresh lease", e))?;
        Ok(if left == -1 {
            RefreshLease::Granted
        } else {
            RefreshLease::HeldElsewhere {
                expires_in_ms: left.max(0) as u64,
            }
        })
    }

    async fn release_refresh_lease(&self, key: &str) -> Result<()> {
        let _: i64 = Script::new(RELEASE)
            .key(self.lease_key(key))
            .arg(&self.owner)
            .invoke_async(&mut self.conn.clone())
            .await
            .map_err(|e| redis_err("release the refresh lease", e))?;
        Ok(())
    }
}
