//! `SqliteTokenStore`: the embedded default `TokenStore` — one row per key in an SQLite file
//! (WAL, `synchronous=FULL`), each save one transaction that bumps the row's version and is
//! durable when it returns, so a rotated refresh token is on disk before it is used. Loads are
//! served from this process's copy of what it last read or wrote (a miss or a `reload` costs
//! one indexed statement); saves arriving while another commits share its next transaction
//! (one sync for many); several processes may share the file (SQLite locks it; the token
//! manager reloads before a refresh and after a 108, so another process's rotation is seen).

use crate::blocking::{off_workers, poisoned};
use crate::group_commit::GroupCommit;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;
use triplink_core::client::TokenStore;
use triplink_core::model::TokenSet;
use triplink_core::{Result, TriplinkError};

/// How long a call waits for another process's write transaction before failing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Token sets in an SQLite database file, e.g. `/var/lib/my-supplier/tokens.sqlite`.
#[derive(Clone)]
pub struct SqliteTokenStore {
    /// Writes (one transaction at a time).
    conn: Arc<Mutex<Connection>>,
    /// Reads: in WAL mode they never wait for a write's sync.
    reader: Arc<Mutex<Connection>>,
    path: PathBuf,
    commits: Arc<GroupCommit<Write>>,
    /// What this process last read or committed, per key.
    cache: Arc<Cache>,
}

/// This process's copy of the rows it has read or written.
type Cache = RwLock<Copy>;

#[derive(Default)]
struct Copy {
    sets: HashMap<String, TokenSet>,
    /// Bumped by every commit, so a read that raced one does not overwrite its result.
    commits: u64,
}

/// A key's new token set (with its stored text), or `None` to delete the row.
type Write = (String, Option<(TokenSet, String)>);

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
        let reader = Connection::open(&path).map_err(|e| db_err(&path, "open", e))?;
        reader
            .busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| db_err(&path, "configure", e))?;
        Ok(SqliteTokenStore {
            conn: Arc::new(Mutex::new(conn)),
            reader: Arc::new(Mutex::new(reader)),
            path,
            commits: Arc::new(GroupCommit::default()),
            cache: Arc::default(),
        })
    }

    /// The database file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The version of `key`'s row (1 after the first save, +1 per save), if stored.
    pub async fn version(&self, key: &str) -> Result<Option<u64>> {
        let (conn, path, key) = (self.reader.clone(), self.path.clone(), key.to_owned());
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

impl SqliteTokenStore {
    /// Queues one write and returns once the transaction holding it committed.
    async fn write(&self, write: Write) -> Result<()> {
        let (conn, path, commits) = (self.conn.clone(), self.path.clone(), self.commits.clone());
        let cache = self.cache.clone();
        off_workers(move || {
            commits.submit(write, |batch| {
                commit(&conn, &path, &batch)?;
                // In commit order, so the copy ends as the rows do.
                let mut copy = cache.write().map_err(|_| poisoned("token store"))?;
                copy.commits += 1;
                for (key, set) in batch {
                    match set {
                        Some((set, _)) => copy.sets.insert(key, set),
                        None => copy.sets.remove(&key),
                    };
                }
                Ok(())
            })
        })
        .await
    }

    fn cached(&self, key: &str) -> Result<Option<TokenSet>> {
        let copy = self.cache.read().map_err(|_| poisoned("token store"))?;
        Ok(copy.sets.get(key).cloned())
    }
}

/// Writes `batch` in one transaction: an upsert (version + 1) or a delete per entry.
fn commit(conn: &Mutex<Connection>, path: &Path, batch: &[Write]) -> Result<()> {
    let mut c = conn.lock().map_err(|_| poisoned("token store"))?;
    let tx = c
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(|e| db_err(path, "begin a write", e))?;
    for (key, set) in batch {
        match set {
            Some((_, text)) => tx.execute(
                "INSERT INTO token_sets (key, version, tokens) VALUES (?1, 1, ?2)
                 ON CONFLICT(key) DO UPDATE SET version = version + 1, tokens = excluded.tokens",
                [key, text],
            ),
            None => tx.execute("DELETE FROM token_sets WHERE key = ?1", [key]),
        }
        .map_err(|e| db_err(path, "write", e))?;
    }
    tx.commit().map_err(|e| db_err(path, "commit", e))
}

#[async_trait::async_trait]
impl TokenStore for SqliteTokenStore {
    async fn load(&self, key: &str) -> Result<Option<TokenSet>> {
        match self.cached(key)? {
            Some(set) => Ok(Some(set)),
            None => self.reload(key).await,
        }
    }

    async fn save(&self, key: &str, tokens: &TokenSet) -> Result<()> {
        let text = serialise(tokens)?;
        self.write((key.to_owned(), Some((tokens.clone(), text))))
            .await
    }

    async fn remove(&self, key: &str) -> Result<()> {
        self.write((key.to_owned(), None)).await
    }

    async fn reload(&self, key: &str) -> Result<Option<TokenSet>> {
        let commits_before = self
            .cache
            .read()
            .map_err(|_| poisoned("token store"))?
            .commits;
        let (conn, path, owned) = (self.reader.clone(), self.path.clone(), key.to_owned());
        let set = off_workers(move || {
            let c = conn.lock().map_err(|_| poisoned("token store"))?;
            let text: Option<String> = c
                .query_row(
                    "SELECT tokens FROM token_sets WHERE key = ?1",
                    [&owned],
                    |r| r.get(0),
                )
                .optional()
                .map_err(|e| db_err(&path, "read", e))?;
            text.map(|t| {
                serde_json::from_str::<TokenSet>(&t).map_err(|_| decode_err(&path, &owned))
            })
            .transpose()
        })
        .await?;
        let mut copy = self.cache.write().map_err(|_| poisoned("token store"))?;
        // A commit since the read holds what this process wrote last: keep it.
        if copy.commits == commits_before {
            match &set {
                Some(set) => copy.sets.insert(key.to_owned(), set.clone()),
                None => copy.sets.remove(key),
            };
        }
        Ok(set)
    }
}

fn serialise(tokens: &TokenSet) -> Result<String> {
    serde_json::to_string(tokens).map_err(|_| TriplinkError::Internal {
        message: "token store: cannot serialise the token set".into(),
    })
}
