//! `PostgresTokenStore`: token sets shared by several workers (and machines) in PostgreSQL —
//! one row per key with a version bumped by every write, compare-and-swap saves, and a refresh
//! lease row per key with an expiry on the server's clock, so that of the workers finding a
//! token due exactly one refreshes (see `TokenStore::acquire_refresh_lease`).

use crate::lease_owner::new_owner;
use std::sync::Arc;
use tokio_postgres::{Client, NoTls};
use triplink_core::client::{RefreshLease, TokenStore, VersionedTokens};
use triplink_core::model::TokenSet;
use triplink_core::{Result, TriplinkError};

/// The tables, created when missing (under an advisory lock: workers may start together).
const SCHEMA: &str = "
    BEGIN;
    SELECT pg_advisory_xact_lock(7341029);
    CREATE TABLE IF NOT EXISTS triplink_token_sets (
        key TEXT PRIMARY KEY,
        version BIGINT NOT NULL,
        tokens TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS triplink_refresh_leases (
        key TEXT PRIMARY KEY,
        owner TEXT NOT NULL,
        expires_at TIMESTAMPTZ NOT NULL
    );
    COMMIT;";

/// Token sets in PostgreSQL, e.g. `postgres://triplink@db.internal/triplink`.
#[derive(Clone)]
pub struct PostgresTokenStore {
    client: Arc<Client>,
    owner: String,
    /// Prefixed to every key (see `connect_namespaced`).
    namespace: String,
}

impl std::fmt::Debug for PostgresTokenStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostgresTokenStore")
            .field("owner", &self.owner)
            .finish_non_exhaustive()
    }
}

/// A PostgreSQL error as the SDK's error; the database's messages name SQL, never the bound
/// values (tokens), and the connection URL (which may hold a password) is never included.
pub(crate) fn pg_err(what: &str, e: tokio_postgres::Error) -> TriplinkError {
    TriplinkError::Internal {
        message: format!("PostgreSQL: cannot {what}: {e}"),
    }
}

/// Connects to `url` (a `postgres://` URL or key=value string; no TLS: use it on loopback or
/// a private network) and drives the connection on the current tokio runtime.
pub(crate) async fn connect(url: &str) -> Result<Client> {
    let (client, connection) = tokio_postgres::connect(url, NoTls)
        .await
        .map_err(|e| pg_err("connect", e))?;
    tokio::spawn(async move {
        // Ends when the client is dropped or the server goes away (calls then fail).
        let _ = connection.await;
    });
    Ok(client)
}

impl PostgresTokenStore {
    /// Connects to `url` and creates the tables when missing. Needs a tokio runtime.
    ///
    /// ```no_run
    /// # async fn demo() -> triplink::Result<()> {
    /// let store = triplink::postgres_token_store::PostgresTokenStore::connect(
    ///     "postgres://triplink@127.0.0.1/triplink",
    /// )
    /// .await?;
    /// # Ok(()) }
    /// ```
    pub async fn connect(url: &str) -> Result<Self> {
        Self::connect_namespaced(url, "").await
    }

    /// Connects like [`Self::connect`], keeping the keys of this store apart from other
    /// stores' on the same server (several apps, or tests): `namespace` prefixes every key.
    pub async fn connect_namespaced(url: &str, namespace: &str) -> Result<Self> {
        let client = connect(url).await?;
        client
            .batch_execute(SCHEMA)
            .await
            .map_err(|e| pg_err("create the tables", e))?;
        Ok(PostgresTokenStore {
            client: Arc::new(client),
            owner: new_owner(),
            namespace: namespace.to_owned(),
        })
    }

    /// The version of `key`'s row (1 after the first save, +1 per write), if stored.
    pub async fn version(&self, key: &str) -> Result<Option<u64>> {
        Ok(self.load_versioned(key).await?.map(|v| v.version))
    }
}

impl PostgresTokenStore {
    fn key(&self, key: &str) -> String {
        format!("{}{key}", self.namespace)
    }
}

fn decode(key: &str, text: &str) -> Result<TokenSet> {
    serde_json::from_str(text).map_err(|_| {
        TriplinkError::decode(
            "json",
            format!("PostgreSQL token store: the row of `{key}` is not a valid token set"),
        )
    })
}

fn encode(tokens: &TokenSet) -> Result<String> {
    serde_json::to_string(tokens).map_err(|_| TriplinkError::Internal {
        message: "token store: cannot serialise the token set".into(),
    })
}

#[async_trait::async_trait]
impl TokenStore for PostgresTokenStore {
    async fn load(&self, key: &str) -> Result<Option<TokenSet>> {
        Ok(self.load_versioned(key).await?.map(|v| v.tokens))
    }

    async fn save(&self, key: &str, tokens: &TokenSet) -> Result<()> {
        self.client
            .execute(
                "INSERT INTO triplink_token_sets (key, version, tokens) VALUES ($1, 1, $2)
                 ON CONFLICT (key) DO UPDATE
                 SET version = triplink_token_sets.version + 1, tokens = excluded.tokens",
                &[&self.key(key), &encode(tokens)?],
            )
            .await
            .map_err(|e| pg_err("save a token set", e))?;
        Ok(())
    }

    async fn remove(&self, key: &str) -> Result<()> {
        self.client
            .execute(
                "DELETE FROM triplink_token_sets WHERE key = $1",
                &[&self.key(key)],
            )
            .await
            .map_err(|e| pg_err("remove a token set", e))?;
        Ok(())
    }

    async fn load_versioned(&self, key: &str) -> Result<Option<VersionedTokens>> {
        let row = self
            .client
            .query_opt(
                "SELECT version, tokens FROM triplink_token_sets WHERE key = $1",
                &[&self.key(key)],
            )
            .await
            .map_err(|e| pg_err("load a token set", e))?;
        row.map(|r| {
            let version: i64 = r.get(0);
            let text: String = r.get(1);
            Ok(VersionedTokens {
                tokens: decode(key, &text)?,
                version: version as u64,
            })
        })
        .transpose()
    }

    async fn save_if_version(&self, key: &str, tokens: &TokenSet, version: u64) -> Result<bool> {
        let n = self
            .client
            .execute(
                "UPDATE triplink_token_sets SET version = version + 1, tokens = $2
                 WHERE key = $1 AND version = $3",
                &[&self.key(key), &encode(tokens)?, &(version as i64)],
            )
            .await
            .map_err(|e| pg_err("save a token set", e))?;
        Ok(n == 1)
    }

    async fn acquire_refresh_lease(&self, key: &str, ttl_ms: u64) -> Result<RefreshLease> {
        // Insert the lease, or take it over when it expired (or is already ours); the server's
        // clock decides, so workers on machines with skewed clocks agree.
        let row = self
            .client
            .query_one(
                "WITH taken AS (
                     INSERT INTO triplink_refresh_leases AS l (key, owner, expires_at)
                     VALUES ($1, $2, clock_timestamp() + make_interval(secs => $3::float8))
                     ON CONFLICT (key) DO UPDATE
                     SET owner = excluded.owner, expires_at = excluded.expires_at
                     WHERE l.expires_at <= clock_timestamp() OR l.owner = excluded.owner
                     RETURNING 1
                 )
                 SELECT (SELECT count(*) FROM taken),
                        COALESCE((SELECT GREATEST(0, EXTRACT(EPOCH FROM expires_at
                                   - clock_timestamp()) * 1000)::BIGINT
                                  FROM triplink_refresh_leases WHERE key = $1), 0)",
                &[&self.key(key), &self.owner, &(ttl_ms as f64 / 1000.0)],
            )
            .await
            .map_err(|e| pg_err("take the refresh lease", e))?;
        let taken: i64 = row.get(0);
        let left: i64 = row.get(1);
        Ok(if taken == 1 {
            RefreshLease::Granted
        } else {
            RefreshLease::HeldElsewhere {
                expires_in_ms: left.max(0) as u64,
            }
        })
    }

    async fn release_refresh_lease(&self, key: &str) -> Result<()> {
        self.client
            .execute(
                "DELETE FROM triplink_refresh_leases WHERE key = $1 AND owner = $2",
                &[&self.key(key), &self.owner],
            )
            .await
            .map_err(|e| pg_err("release the refresh lease", e))?;
        Ok(())
    }
}
