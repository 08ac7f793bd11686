//! `PostgresJournal`: the auto-connect job's journal and work lease shared by several workers
//! (and machines) in PostgreSQL. Each request has a journal row (offer, stage, status, outcome)
//! and a lease row (holder, expiry on the server's clock, done once its PUT was confirmed); a
//! worker claims a request with one insert-if-absent-or-expired, so exactly one worker decides,
//! exchanges and PUTs it, and a killed worker's request is taken over, resumed from the shared
//! journal, once its lease expires. Rows are namespaced by a journal name (one per queue).

use crate::lease_owner::new_owner;
use crate::postgres_token_store::{connect, pg_err};
use std::sync::Arc;
use tokio_postgres::{Client, Row};
use triplink_core::client::auto_connect_report::RequestOutcome;
use triplink_core::client::{Claim, JournalEntry, JournalStage, RequestJournal, RequestLease};
use triplink_core::model::StatusCode;
use triplink_core::{Result, TriplinkError};

const SCHEMA: &str = "
    BEGIN;
    SELECT pg_advisory_xact_lock(7341030);
    CREATE TABLE IF NOT EXISTS triplink_journal (
        journal TEXT NOT NULL,
        request_id TEXT NOT NULL,
        offer TEXT NOT NULL,
        user_id TEXT,
        stage TEXT NOT NULL,
        status TEXT,
        outcome TEXT,
        PRIMARY KEY (journal, request_id)
    );
    CREATE TABLE IF NOT EXISTS triplink_request_leases (
        journal TEXT NOT NULL,
        request_id TEXT NOT NULL,
        offer TEXT NOT NULL,
        owner TEXT NOT NULL,
        expires_at TIMESTAMPTZ NOT NULL,
        done BOOLEAN NOT NULL,
        PRIMARY KEY (journal, request_id)
    );
    COMMIT;";

/// The shared journal and work lease of one queue, e.g. `("postgres://…", "acme-us")`.
#[derive(Clone)]
pub struct PostgresJournal {
    client: Arc<Client>,
    name: String,
    owner: String,
}

impl std::fmt::Debug for PostgresJournal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostgresJournal")
            .field("name", &self.name)
            .field("owner", &self.owner)
            .finish_non_exhaustive()
    }
}

fn entry(r: &Row) -> JournalEntry {
    let stage: String = r.get(3);
    JournalEntry {
        request_id: r.get(0),
        offer: r.get(1),
        user_id: r.get(2),
        // An unknown stage (a newer writer) is resumed as the safest one: status chosen.
        stage: JournalStage::parse(&stage).unwrap_or(JournalStage::StatusChosen),
        status: r.get::<_, Option<String>>(4).map(|s| StatusCode::parse(&s)),
    }
}

impl PostgresJournal {
    /// Connects to `url` and creates the tables when missing; `name` names the queue (the
    /// workers of one queue share it). Needs a tokio runtime.
    ///
    /// ```no_run
    /// # async fn demo() -> triplink::Result<()> {
    /// use std::sync::Arc;
    /// use triplink::postgres_journal::PostgresJournal;
    /// let shared = Arc::new(PostgresJournal::connect("postgres://triplink@127.0.0.1/triplink", "acme-us").await?);
    /// // job.with_journal(shared.clone()).with_lease(shared, triplink::client::DEFAULT_REQUEST_LEASE_MS)
    /// # Ok(()) }
    /// ```
    pub async fn connect(url: &str, name: &str) -> Result<Self> {
        let client = connect(url).await?;
        client
            .batch_execute(SCHEMA)
            .await
            .map_err(|e| pg_err("create the journal tables", e))?;
        Ok(PostgresJournal {
            client: Arc::new(client),
            name: name.to_owned(),
            owner: new_owner(),
        })
    }

    /// The entry of `request_id`, if any.
    pub async fn entry(&self, request_id: &str) -> Result<Option<JournalEntry>> {
        let row = self
            .client
            .query_opt(
                "SELECT request_id, offer, user_id, stage, status FROM triplink_journal
                 WHERE journal = $1 AND request_id = $2",
                &[&self.name, &request_id],
            )
            .await
            .map_err(|e| pg_err("read the journal", e))?;
        Ok(row.as_ref().map(entry))
    }

    /// Every outcome recorded, in request-id order: the combined report of all the workers.
    pub async fn outcomes(&self) -> Result<Vec<RequestOutcome>> {
        let rows = self
            .client
            .query(
                "SELECT outcome FROM triplink_journal
                 WHERE journal = $1 AND outcome IS NOT NULL ORDER BY request_id",
                &[&self.name],
            )
            .await
            .map_err(|e| pg_err("read the journal", e))?;
        rows.iter()
            .map(|r| {
                serde_json::from_str(r.get::<_, &str>(0)).map_err(|_| {
                    TriplinkError::decode("json", "journal: a stored outcome does not parse")
                })
            })
            .collect()
    }
}

#[async_trait::async_trait]
impl RequestJournal for PostgresJournal {
    /// Several workers share this journal: their leases, not a run claim, keep them apart.
    fn begin_run(&self) -> Result<()> {
        Ok(())
    }

    fn end_run(&self) {}

    async fn begin_page(&self, seen: &[JournalEntry]) -> Result<Vec<Option<JournalEntry>>> {
        let ids: Vec<&str> = seen.iter().map(|s| s.request_id.as_str()).collect();
        let offers: Vec<&str> = seen.iter().map(|s| s.offer.as_str()).collect();
        let users: Vec<Option<&str>> = seen.iter().map(|s| s.user_id.as_deref()).collect();
        // `prior` reads the rows as they were before this statement's insert.
        let rows = self
            .client
            .query(
                "WITH input AS (
                     SELECT * FROM unnest($2::text[], $3::text[], $4::text[])
                         AS t(request_id, offer, user_id)
                 ), prior AS (
                     SELECT j.request_id, j.offer, j.user_id, j.stage, j.status
                     FROM triplink_journal j JOIN input i USING (request_id)
                     WHERE j.journal = $1
                 ), seen AS (
                     INSERT INTO triplink_journal AS j (journal, request_id, offer, user_id, stage)
                     SELECT $1, request_id, offer, user_id, 'seen' FROM input
                     ON CONFLICT (journal, request_id) DO UPDATE
                     SET offer = excluded.offer, user_id = excluded.user_id, stage = 'seen',
                         status = NULL, outcome = NULL
                     WHERE j.offer <> excluded.offer
                 )
                 SELECT * FROM prior",
                &[&self.name, &ids, &offers, &users],
            )
            .await
            .map_err(|e| pg_err("record a page in the journal", e))?;
        let found: Vec<JournalEntry> = rows.iter().map(entry).collect();
        Ok(seen
            .iter()
            .map(|s| found.iter().find(|f| f.request_id == s.request_id).cloned())
            .collect())
    }

    async fn record(&self, entry: &JournalEntry, outcome: Option<&RequestOutcome>) -> Result<()> {
        let json = outcome
            .map(serde_json::to_string)
            .transpose()
            .map_err(|e| TriplinkError::Internal {
                message: format!("journal: {e}"),
            })?;
        self.client
            .execute(
                "INSERT INTO triplink_journal AS j
                     (journal, request_id, offer, user_id, stage, status, outcome)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)
                 ON CONFLICT (journal, request_id) DO UPDATE SET offer = excluded.offer,
                   user_id = excluded.user_id, stage = excluded.stage, status = excluded.status,
                   outcome = COALESCE(excluded.outcome, j.outcome)",
                &[
                    &self.name,
                    &entry.request_id,
                    &entry.offer,
                    &entry.user_id,
                    &entry.stage.as_str(),
                    &entry.status.as_ref().map(StatusCode::as_str),
                    &json,
                ],
            )
            .await
            .map_err(|e| pg_err("write the journal", e))?;
        Ok(())
    }
}

#[async_trait::async_trait]
impl RequestLease for PostgresJournal {
    async fn claim(&self, request_id: &str, offer: &str, ttl_ms: u64) -> Result<Claim> {
        let secs = ttl_ms as f64 / 1000.0;
        let taken = self
            .client
            .query_opt(
                "INSERT INTO triplink_request_leases AS l
                     (journal, request_id, offer, owner, expires_at, done)
                 VALUES ($1, $2, $3, $4, clock_timestamp() + make_interval(secs => $5::float8),
                         false)
                 ON CONFLICT (journal, request_id) DO UPDATE
                 SET offer = excluded.offer, owner = excluded.owner,
                     expires_at = excluded.expires_at, done = false
                 WHERE (l.offer = excluded.offer AND NOT l.done
                        AND (l.expires_at <= clock_timestamp() OR l.owner = excluded.owner))
                    OR (l.offer <> excluded.offer
                        AND (l.done OR l.expires_at <= clock_timestamp()))
                 RETURNING 1",
                &[&self.name, &request_id, &offer, &self.owner, &secs],
            )
            .await
            .map_err(|e| pg_err("claim a request", e))?;
        if taken.is_some() {
            return Ok(Claim::Granted);
        }
        let done = self
            .client
            .query_opt(
                "SELECT 1 FROM triplink_request_leases
                 WHERE journal = $1 AND request_id = $2 AND offer = $3 AND done",
                &[&self.name, &request_id, &offer],
            )
            .await
            .map_err(|e| pg_err("claim a request", e))?;
        Ok(if done.is_some() {
            Claim::Done
        } else {
            Claim::HeldElsewhere
        })
    }

    /// Still ours unless another worker took it over: a lease that ran out while nobody
    /// claimed it is extended (nobody else acted on the request meanwhile).
    async fn renew(&self, request_id: &str, ttl_ms: u64) -> Result<bool> {
        let secs = ttl_ms as f64 / 1000.0;
        let n = self
            .client
            .execute(
                "UPDATE triplink_request_leases
                 SET expires_at = clock_timestamp() + make_interval(secs => $4::float8)
                 WHERE journal = $1 AND request_id = $2 AND owner = $3 AND NOT done",
                &[&self.name, &request_id, &self.owner, &secs],
            )
            .await
            .map_err(|e| pg_err("renew a request lease", e))?;
        Ok(n == 1)
    }

    async fn finish(&self, request_id: &str, done: bool) -> Result<()> {
        let sql = if done {
            "UPDATE triplink_request_leases SET done = true
             WHERE journal = $1 AND request_id = $2 AND owner = $3"
        } else {
            "DELETE FROM triplink_request_leases
             WHERE journal = $1 AND request_id = $2 AND owner = $3 AND NOT done"
        };
        self.client
            .execute(sql, &[&self.name, &request_id, &self.owner])
            .await
            .map_err(|e| pg_err("finish a request lease", e))?;
        Ok(())
    }
}
