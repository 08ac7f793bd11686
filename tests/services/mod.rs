//! The real PostgreSQL and Redis of the shared-store tests: their URLs come from
//! `scripts/services.sh` (`TRIPLINK_TEST_POSTGRES_URL`, `TRIPLINK_TEST_REDIS_URL`). Without
//! them a local `cargo test` skips loudly; `scripts/test.sh` sets `TRIPLINK_REQUIRE_SERVICES`,
//! and then a missing URL fails the test.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;
use triplink::client::TokenStore;
use triplink::postgres_token_store::PostgresTokenStore;
use triplink::redis_token_store::RedisTokenStore;

/// Which shared store a test runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Postgres,
    Redis,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Postgres => "postgres",
            Backend::Redis => "redis",
        }
    }

    pub fn parse(name: &str) -> Backend {
        match name {
            "postgres" => Backend::Postgres,
            "redis" => Backend::Redis,
            other => panic!("unknown backend {other}"),
        }
    }

    fn var(self) -> &'static str {
        match self {
            Backend::Postgres => "TRIPLINK_TEST_POSTGRES_URL",
            Backend::Redis => "TRIPLINK_TEST_REDIS_URL",
        }
    }

    /// The server's URL, or `None` (after a loud message) when a local run has none.
    pub fn url(self) -> Option<String> {
        match std::env::var(self.var()) {
            Ok(url) => Some(url),
            Err(_) if std::env::var_os("TRIPLINK_REQUIRE_SERVICES").is_some() => panic!(
                "{} is not set: scripts/services.sh start must run before these tests",
                self.var()
            ),
            Err(_) => {
                eprintln!(
                    "\n!!! SKIPPED: {} is not set; run `eval \"$(bash scripts/services.sh \
                     start)\"` first (scripts/test.sh does) !!!\n",
                    self.var()
                );
                None
            }
        }
    }

    pub async fn token_store(self, url: &str) -> Arc<dyn TokenStore> {
        self.token_store_in(url, "").await
    }

    /// A token store whose keys start with `namespace` (the sandbox's user ids repeat from
    /// one sandbox to the next; the servers keep what earlier runs stored).
    pub async fn token_store_in(self, url: &str, namespace: &str) -> Arc<dyn TokenStore> {
        match self {
            Backend::Postgres => Arc::new(
                PostgresTokenStore::connect_namespaced(url, namespace)
                    .await
                    .unwrap(),
            ),
            Backend::Redis => Arc::new(
                RedisTokenStore::connect_namespaced(url, namespace)
                    .await
                    .unwrap(),
            ),
        }
    }
}

/// A key no earlier run used (the servers outlive a test process in local runs).
pub fn unique(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("{prefix}-{}-{nanos}", std::process::id())
}
