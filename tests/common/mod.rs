//! Shared wiring for the integration tests: a sandbox, a token manager that trusts both of its
//! data centres, the supplier's session, and the demo member index.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use triplink::api::oauth::Grant;
use triplink::client::*;
use triplink::matching::{members_from_csv, MatchPolicy, MemberIndex};
use triplink::model::{ClientCredentials, CrVersion};
use triplink::runtime::{native_executor, SystemClock};
use triplink::{ApiConfig, Secret};
use triplink_sandbox::demo::*;
use triplink_sandbox::{RunningSandbox, SandboxConfig};

pub struct Rig {
    pub sandbox: RunningSandbox,
    pub tokens: Arc<TokenManager>,
    pub store: Arc<dyn TokenStore>,
    pub requests: ConnectionRequestsClient,
    pub exec: HttpExecutor,
}

pub async fn rig_with_store(store: Arc<dyn TokenStore>) -> Rig {
    let sandbox = RunningSandbox::start(SandboxConfig::default())
        .await
        .unwrap();
    rig_for(sandbox, store).await
}

pub async fn rig() -> Rig {
    rig_with_store(Arc::new(InMemoryTokenStore::new())).await
}

pub async fn rig_for(sandbox: RunningSandbox, store: Arc<dyn TokenStore>) -> Rig {
    rig_with_clock(sandbox, store, Arc::new(SystemClock)).await
}

pub async fn rig_with_clock(
    sandbox: RunningSandbox,
    store: Arc<dyn TokenStore>,
    clock: Arc<dyn Clock>,
) -> Rig {
    let exec = native_executor().unwrap();
    let glz = ApiConfig::new(&sandbox.us_url()).unwrap();
    let creds = ClientCredentials {
        client_id: DEMO_CLIENT_ID.into(),
        client_secret: Secret::new(DEMO_CLIENT_SECRET),
    };
    let mut cfg = TokenManagerConfig::new(creds, glz.clone());
    cfg.allow = cfg.allow.allow(&sandbox.eu_url());
    let tokens = Arc::new(TokenManager::new(exec.clone(), store.clone(), clock, cfg));
    tokens
        .login(
            "supplier",
            None,
            &Grant::Password {
                username: SUPPLIER_LOGIN.into(),
                password: Secret::new(SUPPLIER_PASSWORD),
            },
        )
        .await
        .unwrap();
    let session = ApiSession::new(exec.clone(), tokens.clone(), "supplier", glz);
    let requests = ConnectionRequestsClient::new(session, CrVersion::V3_2);
    Rig {
        sandbox,
        tokens,
        store,
        requests,
        exec,
    }
}

pub fn demo_index() -> Arc<MemberIndex> {
    Arc::new(
        MemberIndex::build(
            MatchPolicy::either(),
            members_from_csv(DEMO_MEMBERS_CSV).unwrap(),
        )
        .unwrap(),
    )
}

pub fn job(rig: &Rig, options: AutoConnectOptions) -> AutoConnect {
    let idx = demo_index();
    AutoConnect::new(
        rig.requests.clone(),
        rig.tokens.clone(),
        idx.clone(),
        idx.policy().clone(),
        options,
    )
}

/// Refreshes the supplier's token now (the sandbox rotates the refresh token) and makes the
/// next listing answer 503 once; returns the set it had before.
pub async fn refresh_then_fail_one_listing(rig: &Rig) -> triplink::model::TokenSet {
    let before = rig.store.load("supplier").await.unwrap().unwrap();
    rig.tokens
        .on_unauthorized("supplier", &before.access_token)
        .await
        .unwrap();
    rig.sandbox.inject_fault(triplink_sandbox::faults::Fault {
        method: Some("GET".into()),
        path_prefix: "/api/v3.2/common/connectionrequests".into(),
        kind: triplink_sandbox::faults::FaultKind::Status { status: 503 },
        times: 1,
        body_contains: None,
    });
    before
}

/// A rig whose executor retries quickly (5 ms backoff), for outage tests.
pub async fn fast_retry_rig() -> Rig {
    use triplink::flow::retry::RetryPolicy;
    use triplink::runtime::{SystemJitter, TokioSleeper};
    let sandbox = RunningSandbox::start(SandboxConfig::default())
        .await
        .unwrap();
    let exec = HttpExecutor::new(
        native_executor().unwrap().transport().clone(),
        Arc::new(TokioSleeper),
        Arc::new(SystemJitter::default()),
        RetryPolicy {
            base_delay_ms: 5,
            max_delay_ms: 20,
            ..RetryPolicy::default()
        },
    );
    rig_with_exec(sandbox, exec).await
}

/// A rig over `exec` (the supplier logged in through it), with an in-memory token store.
pub async fn rig_with_exec(sandbox: RunningSandbox, exec: HttpExecutor) -> Rig {
    let store: Arc<dyn TokenStore> = Arc::new(InMemoryTokenStore::new());
    let glz = ApiConfig::new(&sandbox.us_url()).unwrap();
    let creds = ClientCredentials {
        client_id: DEMO_CLIENT_ID.into(),
        client_secret: Secret::new(DEMO_CLIENT_SECRET),
    };
    let mut cfg = TokenManagerConfig::new(creds, glz.clone());
    cfg.allow = cfg.allow.allow(&sandbox.eu_url());
    let tokens = Arc::new(TokenManager::new(
        exec.clone(),
        store.clone(),
        Arc::new(SystemClock),
        cfg,
    ));
    tokens
        .login(
            "supplier",
            None,
            &Grant::Password {
                username: SUPPLIER_LOGIN.into(),
                password: Secret::new(SUPPLIER_PASSWORD),
            },
        )
        .await
        .unwrap();
    let session = ApiSession::new(exec.clone(), tokens.clone(), "supplier", glz);
    Rig {
        sandbox,
        tokens,
        store,
        requests: ConnectionRequestsClient::new(session, CrVersion::V3_2),
        exec,
    }
}

/// A sandbox with no demo data and `queue` seeded connection requests (their members in
/// `members_csv()`), and its rig.
pub async fn seeded_rig(queue: usize) -> Rig {
    let sb = RunningSandbox::start(SandboxConfig {
        demo_data: false,
        seed_requests: queue,
        ..SandboxConfig::default()
    })
    .await
    .unwrap();
    rig_for(sb, Arc::new(InMemoryTokenStore::new())).await
}

/// The auto-connect job over a seeded sandbox's members.
pub fn seeded_job(rig: &Rig, options: AutoConnectOptions) -> AutoConnect {
    let idx = Arc::new(
        MemberIndex::build(
            MatchPolicy::either(),
            members_from_csv(&rig.sandbox.members_csv()).unwrap(),
        )
        .unwrap(),
    );
    AutoConnect::new(
        rig.requests.clone(),
        rig.tokens.clone(),
        idx.clone(),
        idx.policy().clone(),
        options,
    )
}
