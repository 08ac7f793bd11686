//! `RedisJournal`: the auto-connect job's journal and work lease shared by several workers
//! (and machines) in Redis. Each request has a journal hash (offer, user, stage, status,
//! outcome) and a lease hash (holder, offer, done, expiry on the server's clock); every step
//! is one Lua script, so a claim is atomic: exactly one worker decides, exchanges and PUTs a
//! request, and a killed worker's request is taken over, resumed from the shared journal,
//! once its lease expires. Keys are namespaced by a journal name (one per queue).

use crate::lease_owner::new_owner;
use crate::redis_token_store::{connect, redis_err};
use redis::aio::MultiplexedConnection;
use redis::Script;
use triplink_core::client::auto_connect_report::RequestOutcome;
use triplink_core::client::{Claim, JournalEntry, JournalStage, RequestJournal, RequestLease};
use triplink_core::model::StatusCode;
use triplink_core::{Result, TriplinkError};

/// Returns the prior entry (offer, user, stage, status) or nil; records `seen` when there was
/// none or it was of another offer. ARGV: offer, user ('' for none).
const BEGIN: &str = "local p = redis.call('HMGET', KEYS[1], 'offer', 'user', 'stage', 'status')
    if (not p[1]) or p[1] ~= ARGV[1] then
        redis.call('DEL', KEYS[1])
        redis.call('HSET', KEYS[1], 'offer', ARGV[1], 'user', ARGV[2], 'stage', 'seen')
        redis.call('SADD', KEYS[2], KEYS[1])
    end
    if not p[1] then return nil end
    return {p[1], p[2] or '', p[3], p[4] or ''}";
/// ARGV: offer, user, stage, status ('' for none), outcome ('' to keep the stored one).
const RECORD: &str = "redis.call('HSET', KEYS[1], 'offer', ARGV[1], 'user', ARGV[2],
        'stage', ARGV[3], 'status', ARGV[4])
    if ARGV[5] ~= '' then redis.call('HSET', KEYS[1], 'outcome', ARGV[5]) end
    redis.call('SADD', KEYS[2], KEYS[1])
    return 1";
/// The lease hash keeps its expiry in `exp` (server milliseconds, from `TIME`) rather than as
/// the key's TTL, so a holder whose lease ran out can tell "nobody took it" (still its owner:
/// it may go on) from "taken over". The key itself lives a week.
const NOW_MS: &str = "local t = redis.call('TIME')
    local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)";
/// 1 granted, 0 held elsewhere, 2 done. ARGV: offer, owner, ttl ms.
const CLAIM: &str = "local l = redis.call('HMGET', KEYS[1], 'offer', 'owner', 'done', 'exp')
    if l[1] == ARGV[1] and l[3] == '1' then return 2 end
    local free = (not l[1]) or tonumber(l[4]) <= now
    if (l[1] == ARGV[1] and (free or l[2] == ARGV[2])) or (l[1] ~= ARGV[1] and (free or l[3] == '1')) then
        redis.call('DEL', KEYS[1])
        redis.call('HSET', KEYS[1], 'offer', ARGV[1], 'owner', ARGV[2], 'done', '0',
            'exp', now + tonumber(ARGV[3]))
        redis.call('PEXPIRE', KEYS[1], 604800000)
        return 1
    end
    return 0";
/// ARGV: owner, ttl ms. 1 when still ours (nobody took it over) and extended.
const RENEW: &str = "local l = redis.call('HMGET', KEYS[1], 'owner', 'done')
    if l[1] == ARGV[1] and l[2] == '0' then
        redis.call('HSET', KEYS[1], 'exp', now + tonumber(ARGV[2]))
        return 1
    end
    return 0";
/// ARGV: owner, done ('1' or '0'). Done leases stay (a week) so stale listings skip them.
const FINISH: &str = "if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[1] then return 0 end
    if ARGV[2] == '1' then
        redis.call('HSET', KEYS[1], 'done', '1')
    else
        redis.call('DEL', KEYS[1])
    end
    return 1";

/// The shared journal and work lease of one queue, e.g. `("redis://…", "acme-us")`.
#[derive(Clone)]
pub struct RedisJournal {
    conn: MultiplexedConnection,
    name: String,
    owner: String,
}

impl std::fmt::Debug for RedisJournal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisJournal")
            .field("name", &self.name)
            .field("owner", &self.owner)
            .finish_non_exhaustive()
    }
}

fn some(text: String) -> Option<String> {
    Some(text).filter(|t| !t.is_empty())
}

impl RedisJournal {
    /// Connects to `url`; `name` names the queue (the workers of one queue share it). Needs a
    /// tokio runtime.
    ///
    /// ```no_run
    /// # async fn demo() -> triplink::Result<()> {
    /// use std::sync::Arc;
    /// use triplink::redis_journal::RedisJournal;
    /// let shared = Arc::new(RedisJournal::connect("redis://127.0.0.1/", "acme-us").await?);
    /// // job.with_journal(shared.clone()).with_lease(shared, triplink::client::DEFAULT_REQUEST_LEASE_MS)
    /// # Ok(()) }
    /// ```
    pub async fn connect(url: &str, name: &str) -> Result<Self> {
        Ok(RedisJournal {
            conn: connect(url).await?,
            name: name.to_owned(),
            owner: new_owner(),
        })
    }

    fn entry_key(&self, request_id: &str) -> String {
        format!("triplink:{}:journal:{request_id}", self.name)
    }

    fn index_key(&self) -> String {
        format!("triplink:{}:journal-index", self.name)
    }

    fn lease_key(&self, request_id: &str) -> String {
        format!("triplink:{}:request-lease:{request_id}", self.name)
    }

    /// The entry of `request_id`, if any.
    pub async fn entry(&self, request_id: &str) -> Result<Option<JournalEntry>> {
        let (offer, user, stage, status): (
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
        ) = redis::cmd("HMGET")
            .arg(self.entry_key(request_id))
            .arg("offer")
            .arg("user")
            .arg("stage")
            .arg("status")
            .query_async(&mut self.conn.clone())
            .await
            .map_err(|e| redis_err("read the journal", e))?;
        let (Some(offer), Some(stage)) = (offer, stage) else {
            return Ok(None);
        };
        Ok(Some(JournalEntry {
            request_id: request_id.to_owned(),
            offer,
            user_id: user.and_then(some),
            stage: JournalStage::parse(&stage).unwrap_or(JournalStage::StatusChosen),
            status: status.and_then(some).map(|s| StatusCode::parse(&s)),
        }))
    }

    /// Every outcome recorded: the combined report of all the workers.
    pub async fn outcomes(&self) -> Result<Vec<RequestOutcome>> {
        let mut conn = self.conn.clone();
        let keys: Vec<String> = redis::cmd("SMEMBERS")
            .arg(self.index_key())
            .query_async(&mut conn)
            .await
            .map_err(|e| redis_err("read the journal", e))?;
        let mut out = Vec::new();
        for k in keys {
            let text: Option<String> = redis::cmd("HGET")
                .arg(&k)
                .arg("outcome")
                .query_async(&mut conn)
                .await
                .map_err(|e| redis_err("read the journal", e))?;
            if let Some(t) = text {
                out.push(serde_json::from_str(&t).map_err(|_| {
                    TriplinkError::decode("json", "journal: a stored outcome does not parse")
                })?);
            }
        }
        Ok(out)
    }
}

#[async_trait::async_trait]
impl RequestJournal for RedisJournal {
    /// Several workers share this journal: their leases, not a run claim, keep them apart.
    fn begin_run(&self) -> Result<()> {
        Ok(())
    }

    fn end_run(&self) {}

    async fn begin_page(&self, seen: &[JournalEntry]) -> Result<Vec<Option<JournalEntry>>> {
        let script = Script::new(BEGIN);
        let mut out = Vec::with_capacity(seen.len());
        for s in seen {
            let prior: Option<(String, String, String, String)> = script
                .key(self.entry_key(&s.request_id))
                .key(self.index_key())
                .arg(&s.offer)
                .arg(s.user_id.as_deref().unwrap_or(""))
                .invoke_async(&mut self.conn.clone())
                .await
                .map_err(|e| redis_err("record a page in the journal", e))?;
            out.push(prior.map(|(offer, user, stage, status)| JournalEntry {
                request_id: s.request_id.clone(),
                offer,
                user_id: some(user),
                stage: JournalStage::parse(&stage).unwrap_or(JournalStage::StatusChosen),
                status: some(status).map(|s| StatusCode::parse(&s)),
            }));
        }
        Ok(out)
    }

    async fn record(&self, entry: &JournalEntry, outcome: Option<&RequestOutcome>) -> Result<()> {
        let json = outcome
            .map(serde_json::to_string)
            .transpose()
            .map_err(|e| TriplinkError::Internal {
                message: format!("journal: {e}"),
            })?;
        let _: i64 = Script::new(RECORD)
            .key(self.entry_key(&entry.request_id))
            .key(self.index_key())
            .arg(&entry.offer)
            .arg(entry.user_id.as_deref().unwrap_or(""))
            .arg(entry.stage.as_str())
            .arg(entry.status.as_ref().map_or("", StatusCode::as_str))
            .arg(json.unwrap_or_default())
            .invoke_async(&mut self.conn.clone())
            .await
            .map_err(|e| redis_err("write the journal", e))?;
        Ok(())
    }
}

#[async_trait::async_trait]
impl RequestLease for RedisJournal {
    async fn claim(&self, request_id: &str, offer: &str, ttl_ms: u64) -> Result<Claim> {
        let answer: i64 = Script::new(&format!("{NOW_MS}\n{CLAIM}"))
            .key(self.lease_key(request_id))
            .arg(offer)
            .arg(&self.owner)
            .arg(ttl_ms.max(1))
            .invoke_async(&mut self.conn.clone())
            .await
            .map_err(|e| redis_err("claim a request", e))?;
        Ok(match answer {
            1 => Claim::Granted,
            2 => Claim::Done,
            _ => Claim::HeldElsewhere,
        })
    }

    async fn renew(&self, request_id: &str, ttl_ms: u64) -> Result<bool> {
        let held: i64 = Script::new(&format!("{NOW_MS}\n{RENEW}"))
            .key(self.lease_key(request_id))
            .arg(&self.owner)
            .arg(ttl_ms.max(1))
            .invoke_async(&mut self.conn.clone())
            .await
            .map_err(|e| redis_err("renew a request lease", e))?;
        Ok(held == 1)
    }

    async fn finish(&self, request_id: &str, done: bool) -> Result<()> {
        let _: i64 = Script::new(FINISH)
            .key(self.lease_key(request_id))
            .arg(&self.owner)
            .arg(if done { "1" } else { "0" })
            .invoke_async(&mut self.conn.clone())
            .await
            .map_err(|e| redis_err("finish a request lease", e))?;
        Ok(())
    }
}
