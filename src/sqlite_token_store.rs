//! `SqliteTokenStore`: the embedded default `TokenStore` — one row per key in an SQLite file
//! (WAL, `synchronous=FULL`), each save one transaction that bumps the row's version and is
//! durable when it returns, so a rotated refresh token is on disk before it is used. Every call
//! costs one indexed statement; several processes may share the file (SQLite locks it).

use crate::blocking::{off_workers, poisoned};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use triplink_core::client::TokenStore;
use triplink_core::model::TokenSet;
use triplink_core::{Result, TriplinkError};

/// How long a call waits for another process's write transaction before failing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Token sets in an SQLite database file, e.g. `/var/lib/my-supplier/tokens.sqlite`.
#[derive(Clone)]
pub struct SqliteTokenStore {
    conn: Arc<Mutex<Connection>>,
    path: PathBuf,
}

impl std::fmt::Debug for SqliteTokenStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteTokenStore")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

fn db_err(path: &Path, what: &str, e: rusqlite::Error) -> TriplinkError {
    // rusqlite's messages name SQL and paths, never bound values (the tokens).
    TriplinkError::Internal {
        message: format!("token store {}: cannot {what}: {e}", path.display()),
    }
}

fn decode_err(path: &Path, key: &str) -> TriplinkError {
    TriplinkError::decode(
        "json",
        format!(
            "token store {}: the row of `{key}` is not a valid token set",
            path.display()
        ),
    )
}

impl SqliteTokenStore {
    /// Opens (creating when missing, mode 0600 on Unix) the database at `path` and its table.
    pub fn open(path: impl Into<PathBuf>) -> Result<Self> {
        let path = path.into();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| TriplinkError::Internal {
                message: format!("token store: cannot create {}: {e}", dir.display()),
            })?;
        }
        #[cfg(unix)]
        if !path.exists() {
            use std::os::unix::fs::OpenOptionsExt;
            // Created empty with private permissions; SQLite keeps the mode (and gives its
            // -wal and -shm files the same one).
            std::fs::OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(false)
                .mode(0o600)
                .open(&path)
                .map_err(|e| TriplinkError::Internal {
                    message: format!("token store: cannot create {}: {e}", path.display()),
                })?;
        }
        let conn = Connection::open(&path).map_err(|e| db_err(&path, "open", e))?;
        conn.busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| db_err(&path, "configure", e))?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(|e| db_err(&path, "switch to WAL", e))?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(|e| db_err(&path, "configure", e))?;
        conn.execute_batch(
            "CREATE TABLE IF NOT EXISTS token_sets (
                 key TEXT PRIMARY KEY NOT NULL,
                 version INTEGER NOT NULL,
                 tokens TEXT NOT NULL
             )",
        )
        .map_err(|e| db_err(&path, "create the table", e))?;
        Ok(SqliteTokenStore {
            conn: Arc::new(Mutex::new(conn)),
            path,
        })
    }

    /// The database file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The version of `key`'s row (1 after the first save, +1 per save), if stored.
    pub async fn version(&self, key: &str) -> Result<Option<u64>> {
        let (conn, path, key) = (self.conn.clone(), self.path.clone(), key.to_owned());
        off_workers(move || {
            let c = conn.lock().map_err(|_| poisoned("token store"))?;
            c.query_row(
                "SELECT version FROM token_sets WHERE key = ?1",
                [&key],
                |r| r.get::<_, i64>(0),
            )
            .optional()
            .map(|v| v.map(|v| v as u64))
            .map_err(|e| db_err(&path, "read", e))
        })
        .await
    }
}

#[async_trait::async_trait]
impl TokenStore for SqliteTokenStore {
    async fn load(&self, key: &str) -> Result<Option<TokenSet>> {
        let (conn, path, key) = (self.conn.clone(), self.path.clone(), key.to_owned());
        off_workers(move || {
            let c = conn.lock().map_err(|_| poisoned("token store"))?;
            let text: Option<String> = c
                .query_row(
                    "SELECT tokens FROM token_sets WHERE key = ?1",
                    [&key],
                    |r| r.get(0),
                )
                .optional()
                .map_err(|e| db_err(&path, "read", e))?;
            text.map(|t| serde_json::from_str(&t).map_err(|_| decode_err(&path, &key)))
                .transpose()
        })
        .await
    }

    async fn save(&self, key: &str, tokens: &TokenSet) -> Result<()> {
        let text = serde_json::to_string(tokens).map_err(|_| TriplinkError::Internal {
            message: "token store: cannot serialise the token set".into(),
        })?;
        let (conn, path, key) = (self.conn.clone(), self.path.clone(), key.to_owned());
        off_workers(move || {
            let mut c = conn.lock().map_err(|_| poisoned("token store"))?;
            let tx = c
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(|e| db_err(&path, "begin a write", e))?;
            tx.execute(
                "INSERT INTO token_sets (key, version, tokens) VALUES (?1, 1, ?2)
                 ON CONFLICT(key) DO UPDATE SET version = version + 1, tokens = excluded.tokens",
                [&key, &text],
            )
            .map_err(|e| db_err(&path, "write", e))?;
            tx.commit().map_err(|e| db_err(&path, "commit", e))
        })
        .await
    }

    async fn remove(&self, key: &str) -> Result<()> {
        let (conn, path, key) = (self.conn.clone(), self.path.clone(), key.to_owned());
        off_workers(move || {
            let c = conn.lock().map_err(|_| poisoned("token store"))?;
            c.execute("DELETE FROM token_sets WHERE key = ?1", [&key])
                .map(|_| ())
                .map_err(|e| db_err(&path, "delete", e))
        })
        .await
    }
}
