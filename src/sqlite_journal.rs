//! `SqliteJournal`: the auto-connect job's embedded default `RequestJournal` — one SQLite row
//! per request (WAL, a transaction per write, outcomes as JSON), held by one runner at a time:
//! the database is opened in exclusive locking mode, so a second process (or a second open in
//! this one) gets `JournalOpenError::InUse` until the first closes it or dies.
//!
//! Writes use `synchronous = NORMAL`: a committed step survives a kill of the process (the
//! case the job resumes from); `open_with(.., full_sync = true)` makes it survive a power
//! loss too, at one fsync per step.

use rusqlite::{params, Connection, OptionalExtension};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use triplink_core::client::auto_connect_report::RequestOutcome;
use triplink_core::client::{journal_in_use, JournalEntry, JournalStage, RequestJournal};
use triplink_core::model::StatusCode;
use triplink_core::{Result, TriplinkError};

/// Why a journal could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum JournalOpenError {
    /// Another auto-connect run (this process or another) holds the journal.
    #[error("journal {path} is in use by another auto-connect run; one runner per journal")]
    InUse {
        /// The journal's path.
        path: PathBuf,
    },
    /// The file cannot be opened or is not a journal.
    #[error("journal {path}: {message}")]
    Storage {
        /// The journal's path.
        path: PathBuf,
        /// SQLite's message.
        message: String,
    },
}

/// The per-request journal in an SQLite file, e.g. `/var/lib/my-supplier/journal.sqlite`.
#[derive(Debug)]
pub struct SqliteJournal {
    conn: Arc<Mutex<Connection>>,
    path: PathBuf,
    running: AtomicBool,
}

const SCHEMA: &str = "CREATE TABLE IF NOT EXISTS journal (
    request_id TEXT PRIMARY KEY NOT NULL,
    offer TEXT NOT NULL,
    user_id TEXT,
    stage TEXT NOT NULL,
    status TEXT,
    outcome TEXT
);";

fn open_err(path: &Path, e: rusqlite::Error) -> JournalOpenError {
    let busy = matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    );
    if busy {
        JournalOpenError::InUse {
            path: path.to_owned(),
        }
    } else {
        JournalOpenError::Storage {
            path: path.to_owned(),
            message: e.to_string(),
        }
    }
}

fn store_err(e: impl std::fmt::Display) -> TriplinkError {
    TriplinkError::Internal {
        message: format!("journal: {e}"),
    }
}

impl SqliteJournal {
    /// Opens (creating) the journal at `path` and claims it; `InUse` at once when another run
    /// holds it.
    pub fn open(path: impl AsRef<Path>) -> std::result::Result<Self, JournalOpenError> {
        Self::open_with(path, Duration::ZERO, false)
    }

    /// Like [`SqliteJournal::open`], waiting up to `wait` for another run to release the
    /// journal; `full_sync` makes every step durable against power loss too.
    pub fn open_with(
        path: impl AsRef<Path>,
        wait: Duration,
        full_sync: bool,
    ) -> std::result::Result<Self, JournalOpenError> {
        let path = path.as_ref().to_owned();
        let conn = Connection::open(&path).map_err(|e| open_err(&path, e))?;
        Self::claim(conn, path, wait, full_sync)
    }

    /// A journal in memory (demos and tests: nothing survives the process).
    pub fn open_in_memory() -> std::result::Result<Self, JournalOpenError> {
        let path = PathBuf::from(":memory:");
        let conn = Connection::open_in_memory().map_err(|e| open_err(&path, e))?;
        Self::claim(conn, path, Duration::ZERO, false)
    }

    fn claim(
        conn: Connection,
        path: PathBuf,
        wait: Duration,
        full_sync: bool,
    ) -> std::result::Result<Self, JournalOpenError> {
        let e = |e| open_err(&path, e);
        conn.busy_timeout(wait).map_err(e)?;
        // Exclusive before WAL: the lock taken by the first write is never released, and no
        // shared-memory index is made, until this connection closes (or the process dies).
        conn.pragma_update(None, "locking_mode", "EXCLUSIVE")
            .map_err(e)?;
        conn.pragma_update(None, "journal_mode", "WAL").map_err(e)?;
        conn.pragma_update(
            None,
            "synchronous",
            if full_sync { "FULL" } else { "NORMAL" },
        )
        .map_err(e)?;
        conn.execute_batch(&format!("BEGIN IMMEDIATE; {SCHEMA} COMMIT;"))
            .map_err(e)?;
        Ok(SqliteJournal {
            conn: Arc::new(Mutex::new(conn)),
            path,
            running: AtomicBool::new(false),
        })
    }

    /// The journal's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The entry of `request_id`, if any.
    pub fn entry(&self, request_id: &str) -> Result<Option<JournalEntry>> {
        let conn = self.conn.lock().map_err(|_| store_err("lock poisoned"))?;
        load(&conn, request_id).map_err(store_err)
    }

    /// How many requests are at each stage.
    pub fn stage_counts(&self) -> Result<Vec<(JournalStage, usize)>> {
        let conn = self.conn.lock().map_err(|_| store_err("lock poisoned"))?;
        let mut stmt = conn
            .prepare("SELECT stage, COUNT(*) FROM journal GROUP BY stage")
            .map_err(store_err)?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
            .map_err(store_err)?;
        let mut out = Vec::new();
        for row in rows {
            let (stage, n) = row.map_err(store_err)?;
            if let Some(s) = JournalStage::parse(&stage) {
                out.push((s, usize::try_from(n).unwrap_or(0)));
            }
        }
        out.sort();
        Ok(out)
    }

    /// Runs `f` on the connection off the async workers.
    async fn blocking<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Connection) -> rusqlite::Result<T> + Send + 'static,
    ) -> Result<T> {
        let conn = self.conn.clone();
        crate::blocking::off_workers(move || {
            let mut c = conn.lock().map_err(|_| store_err("lock poisoned"))?;
            f(&mut c).map_err(store_err)
        })
        .await
    }
}

fn load(conn: &Connection, request_id: &str) -> rusqlite::Result<Option<JournalEntry>> {
    conn.prepare_cached(
        "SELECT request_id, offer, user_id, stage, status FROM journal WHERE request_id = ?1",
    )?
    .query_row([request_id], |r| {
        let stage: String = r.get(3)?;
        Ok(JournalEntry {
            request_id: r.get(0)?,
            offer: r.get(1)?,
            user_id: r.get(2)?,
            // An unknown stage (a newer writer) is resumed as the safest one: status chosen.
            stage: JournalStage::parse(&stage).unwrap_or(JournalStage::StatusChosen),
            status: r
                .get::<_, Option<String>>(4)?
                .map(|s| StatusCode::parse(&s)),
        })
    })
    .optional()
}

#[async_trait::async_trait]
impl RequestJournal for SqliteJournal {
    fn begin_run(&self) -> Result<()> {
        if self.running.swap(true, Ordering::SeqCst) {
            return Err(journal_in_use(&format!("journal {}", self.path.display())));
        }
        Ok(())
    }

    fn end_run(&self) {
        self.running.store(false, Ordering::SeqCst);
    }

    async fn begin_page(&self, seen: &[JournalEntry]) -> Result<Vec<Option<JournalEntry>>> {
        let seen = seen.to_vec();
        self.blocking(move |conn| {
            let tx = conn.transaction()?;
            let mut out = Vec::with_capacity(seen.len());
            for s in &seen {
                let prior = load(&tx, &s.request_id)?;
                if prior.as_ref().is_none_or(|p| p.offer != s.offer) {
                    tx.prepare_cached(
                        "INSERT OR REPLACE INTO journal (request_id, offer, user_id, stage, status, outcome)
                         VALUES (?1, ?2, ?3, ?4, NULL, NULL)",
                    )?
                    .execute(params![s.request_id, s.offer, s.user_id, s.stage.as_str()])?;
                }
                out.push(prior);
            }
            tx.commit()?;
            Ok(out)
        })
        .await
    }

    async fn record(&self, entry: &JournalEntry, outcome: Option<&RequestOutcome>) -> Result<()> {
        let e = entry.clone();
        let json = outcome
            .map(serde_json::to_string)
            .transpose()
            .map_err(store_err)?;
        self.blocking(move |conn| {
            conn.prepare_cached(
                "INSERT INTO journal (request_id, offer, user_id, stage, status, outcome)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (request_id) DO UPDATE SET offer = excluded.offer,
                   user_id = excluded.user_id, stage = excluded.stage, status = excluded.status,
                   outcome = COALESCE(excluded.outcome, journal.outcome)",
            )?
            .execute(params![
                e.request_id,
                e.offer,
                e.user_id,
                e.stage.as_str(),
                e.status.as_ref().map(StatusCode::as_str),
                json
            ])?;
            Ok(())
        })
        .await
    }
}
