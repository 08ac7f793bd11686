//! `auto-connect --store postgres://…|redis://…`: the job's token store, journal and work
//! lease on one shared server, so several `triplink auto-connect` processes (on several
//! machines) drain one queue with each request decided, exchanged and PUT by one of them. The
//! URL may hold a password: it is never printed; errors name the server without it.

use crate::error::CliError;
use std::sync::Arc;
use triplink::client::{RequestJournal, RequestLease, TokenStore};
use triplink::postgres_journal::PostgresJournal;
use triplink::postgres_token_store::PostgresTokenStore;
use triplink::redis_journal::RedisJournal;
use triplink::redis_token_store::RedisTokenStore;

/// A `--store` URL; its `Debug` shows the server without the password.
#[derive(Clone)]
pub struct StoreUrl(String);

impl std::fmt::Debug for StoreUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "StoreUrl({})", self.shown())
    }
}

/// clap's parser for `--store`: takes any text (checked when used, so that clap's own error
/// for a bad value, which quotes it, never prints a password).
pub fn parse(s: &str) -> Result<StoreUrl, std::convert::Infallible> {
    Ok(StoreUrl(s.to_owned()))
}

/// Which server a URL names.
enum Kind {
    Postgres,
    Redis,
}

impl StoreUrl {
    /// The URL with its password (if any) replaced by `***`, for messages.
    pub fn shown(&self) -> String {
        match url::Url::parse(&self.0) {
            Ok(mut u) => {
                if u.password().is_some() {
                    // Fails only for URLs that cannot have a password, which have none.
                    let _ = u.set_password(Some("***"));
                }
                u.to_string()
            }
            // Not a URL the parser reads (e.g. several hosts): its scheme only.
            Err(_) => format!("{}://…", self.scheme()),
        }
    }

    fn scheme(&self) -> &str {
        self.0.split_once("://").map_or("", |(scheme, _)| scheme)
    }

    fn kind(&self) -> Result<Kind, CliError> {
        match self.scheme() {
            "postgres" | "postgresql" => Ok(Kind::Postgres),
            "redis" | "rediss" => Ok(Kind::Redis),
            _ => Err(CliError::Failed(
                "--store: expected a postgres://… or redis://… URL".into(),
            )),
        }
    }
}

/// The job's shared state on one server.
pub struct SharedStore {
    /// The token store (the supplier's and the users' tokens).
    pub tokens: Arc<dyn TokenStore>,
    /// The per-request journal.
    pub journal: Arc<dyn RequestJournal>,
    /// The work lease: one worker per request.
    pub lease: Arc<dyn RequestLease>,
}

/// Connects to `url`; `queue` names the queue the workers share (the supplier's login at
/// its Concur base URL), and keeps its tokens apart from other queues' on the same server.
pub async fn open(url: &StoreUrl, queue: &str) -> Result<SharedStore, CliError> {
    let kind = url.kind()?;
    let err =
        |e: triplink::TriplinkError| CliError::Failed(format!("--store {}: {e}", url.shown()));
    let namespace = format!("{queue}:");
    Ok(match kind {
        Kind::Postgres => {
            let journal = Arc::new(PostgresJournal::connect(&url.0, queue).await.map_err(err)?);
            SharedStore {
                tokens: Arc::new(
                    PostgresTokenStore::connect_namespaced(&url.0, &namespace)
                        .await
                        .map_err(err)?,
                ),
                journal: journal.clone(),
                lease: journal,
            }
        }
        Kind::Redis => {
            let journal = Arc::new(RedisJournal::connect(&url.0, queue).await.map_err(err)?);
            SharedStore {
                tokens: Arc::new(
                    RedisTokenStore::connect_namespaced(&url.0, &namespace)
                        .await
                        .map_err(err)?,
                ),
                journal: journal.clone(),
                lease: journal,
            }
        }
    })
}
