//! The auto-connect job against the sandbox over loopback HTTP: every demo user gets exactly
//! the documented status (the oracle in sandbox/data/README.md), tokens are stored before the
//! CRSUC PUT, EU users go through the geolocation redirect, both drain modes work, and injected
//! faults never cause a lost request or a double PUT.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use std::collections::HashMap;
use triplink::client::{AutoConnectOptions, DrainMode};
use triplink_sandbox::demo::{demo_user_id, DEMO_EXPECTED};
use triplink_sandbox::faults::{Fault, FaultKind};

fn expected() -> HashMap<String, &'static str> {
    DEMO_EXPECTED
        .iter()
        .enumerate()
        .map(|(i, s)| (demo_user_id(i), *s))
        .collect()
}

fn put_by_user(rig: &Rig) -> HashMap<String, Vec<String>> {
    let reqs = rig.sandbox.requests();
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    for p in rig.sandbox.puts_received() {
        let user = reqs.iter().find(|r| r.id == p.id).unwrap().user_id.clone();
        out.entry(user).or_default().push(p.status);
    }
    out
}

async fn check_oracle(
    rig: &Rig,
    report: &triplink::client::auto_connect_report::AutoConnectReport,
) {
    let puts = put_by_user(rig);
    for (user, want) in expected() {
        assert_eq!(
            puts.get(&user).map(Vec::as_slice),
            Some(&[want.to_owned()][..]),
            "user {user}"
        );
    }
    assert_eq!(report.total(), 20);
    assert_eq!(
        (
            report.count("CRSUC"),
            report.count("CREU1"),
            report.count("CREU2"),
            report.count("CREU3"),
            report.count("CRPA1")
        ),
        (11, 2, 2, 4, 1)
    );
    // Every CRSUC user has tokens in the store, with the right geolocation.
    for (user, want) in expected() {
        let stored = rig.store.load(&user).await.unwrap();
        assert_eq!(stored.is_some(), want == "CRSUC", "user {user}");
    }
    let hans = rig.store.load(&demo_user_id(1)).await.unwrap().unwrap();
    assert_eq!(
        hans.geolocation.as_deref(),
        Some(rig.sandbox.eu_url().as_str()),
        "EU user redirected and stored with the EU geolocation"
    );
}

#[tokio::test]
async fn put_as_you_go_matches_the_oracle() {
    let rig = rig().await;
    let report = job(&rig, AutoConnectOptions::default()).run().await;
    assert_eq!(report.stopped, None);
    check_oracle(&rig, &report).await;
    let json = report.to_json();
    assert!(json.contains("\"CRSUC\""));
    assert!(
        !json.contains("100200300") && !json.contains("zoe.obrien@example.com"),
        "PII masked"
    );
    assert!(report.outcomes.iter().all(|o| o.correlation_id.is_some()));
    // A second run finds nothing new: requeued ones are 24 h away.
    let again = job(&rig, AutoConnectOptions::default()).run().await;
    assert_eq!(again.total(), 0);
}

#[tokio::test]
async fn peek_all_mode_matches_the_oracle() {
    let rig = rig().await;
    let opts = AutoConnectOptions {
        mode: DrainMode::PeekAll,
        page_limit: 3,
        concurrency: 8,
        ..AutoConnectOptions::default()
    };
    let report = job(&rig, opts).run().await;
    assert_eq!(report.stopped, None);
    assert_eq!(report.pages, 7);
    check_oracle(&rig, &report).await;
}

#[tokio::test]
async fn faults_never_lose_a_request_nor_put_twice() {
    let rig = rig().await;
    let cr = "/api/v3.2/common/connectionrequests".to_owned();
    // Retried by the executor: a 503 and a 429 on the list, a 500 on a PUT.
    rig.sandbox.inject_fault(Fault {
        method: Some("GET".into()),
        path_prefix: cr.clone(),
        kind: FaultKind::Status { status: 503 },
        times: 1,
        body_contains: None,
    });
    rig.sandbox.inject_fault(Fault {
        method: Some("GET".into()),
        path_prefix: cr.clone(),
        kind: FaultKind::RateLimit {
            retry_after_secs: 0,
        },
        times: 1,
        body_contains: None,
    });
    rig.sandbox.inject_fault(Fault {
        method: Some("PUT".into()),
        path_prefix: cr.clone(),
        kind: FaultKind::Status { status: 500 },
        times: 1,
        body_contains: None,
    });
    // Latency on the token endpoint.
    rig.sandbox.inject_fault(Fault {
        method: None,
        path_prefix: "/oauth2".into(),
        kind: FaultKind::Latency { ms: 30 },
        times: 3,
        body_contains: None,
    });
    let report = job(&rig, AutoConnectOptions::default()).run().await;
    assert_eq!(report.stopped, None);
    check_oracle(&rig, &report).await;
}

#[tokio::test]
async fn a_persistently_failing_put_is_reported_and_never_sent_twice() {
    let rig = rig().await;
    let cr = "/api/v3.2/common/connectionrequests/".to_owned();
    rig.sandbox.inject_fault(Fault {
        method: Some("PUT".into()),
        path_prefix: cr,
        kind: FaultKind::Status { status: 400 },
        times: 2,
        body_contains: None,
    });
    let report = job(
        &rig,
        AutoConnectOptions {
            concurrency: 1,
            ..AutoConnectOptions::default()
        },
    )
    .run()
    .await;
    assert_eq!(report.failed_puts, 2);
    assert_eq!(report.total(), 20);
    let mut ids: Vec<String> = rig
        .sandbox
        .puts_received()
        .into_iter()
        .map(|p| p.id)
        .collect();
    let n = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), n, "no request PUT twice");
    // The two failed requests are still pending in Concur's queue: nothing is lost.
    let pending = rig
        .sandbox
        .requests()
        .into_iter()
        .filter(|r| r.final_status.is_none() && r.requeues == 0)
        .count();
    assert_eq!(pending, 2);
    assert!(report.outcomes.iter().filter(|o| !o.put_done).all(|o| o
        .error
        .as_deref()
        .unwrap_or("")
        .contains("PUT failed")));
}

#[tokio::test]
async fn a_failing_exchange_hands_the_request_back_with_crret() {
    let rig = rig().await;
    // Every token call fails with 500. The executor does not retry the single-use exchange; the
    // job asks once more, and since the first attempt may have used the token it PUTs CRRET
    // (Concur offers the request again with a new token) instead of a final failure.
    rig.sandbox.inject_fault(Fault {
        method: Some("POST".into()),
        path_prefix: "/oauth2/v0/token".into(),
        kind: FaultKind::Status { status: 500 },
        times: 100,
        body_contains: None,
    });
    let report = job(&rig, AutoConnectOptions::default()).run().await;
    assert_eq!(report.count("CRRET"), 11, "{:#?}", report.counts);
    assert_eq!(report.count("CRPA1"), 1);
    assert_eq!(report.count("CRSUC"), 0);
    let token_calls = rig
        .sandbox
        .requests()
        .iter()
        .filter(|r| r.token_used)
        .count();
    assert_eq!(token_calls, 0, "no request token was consumed");
}

#[tokio::test]
async fn bad_app_credentials_stop_the_run_without_burning_retries() {
    let sandbox =
        triplink_sandbox::RunningSandbox::start(triplink_sandbox::SandboxConfig::default())
            .await
            .unwrap();
    let rig = rig_for(
        sandbox,
        std::sync::Arc::new(triplink::client::InMemoryTokenStore::new()),
    )
    .await;
    // Expire the supplier's tokens' usefulness for exchanges: swap in wrong app credentials.
    let exec = rig.exec.clone();
    let mut cfg = rig.tokens.config().clone();
    cfg.credentials.client_secret = triplink::Secret::new("wrong");
    let bad_tokens = std::sync::Arc::new(triplink::client::TokenManager::new(
        exec,
        rig.store.clone(),
        std::sync::Arc::new(triplink::runtime::SystemClock),
        cfg,
    ));
    let idx = demo_index();
    let job = triplink::client::AutoConnect::new(
        rig.requests.clone(),
        bad_tokens,
        idx.clone(),
        idx.policy().clone(),
        AutoConnectOptions {
            concurrency: 1,
            ..AutoConnectOptions::default()
        },
    );
    let report = job.run().await;
    assert!(
        report
            .stopped
            .as_deref()
            .unwrap_or("")
            .contains("app was refused"),
        "{:?}",
        report.stopped
    );
    assert_eq!(report.count("CRSUC"), 0);
    assert!(rig
        .sandbox
        .puts_received()
        .iter()
        .all(|p| p.status != "CRSUC"));
}

#[tokio::test]
async fn dropped_connections_malformed_bodies_and_expired_tokens() {
    let rig = common::rig().await;
    let cr = "/api/v3.2/common/connectionrequests".to_owned();
    // A dropped list (a GET: retried), a malformed page (the run stops and says so, nothing PUT
    // blindly), then an expired token on a PUT (refreshed once, then PUT).
    rig.sandbox.inject_fault(Fault {
        method: Some("GET".into()),
        path_prefix: cr.clone(),
        kind: FaultKind::Drop,
        times: 1,
        body_contains: None,
    });
    let report = job(&rig, AutoConnectOptions::default()).run().await;
    assert_eq!(report.stopped, None, "a dropped GET is retried");
    check_oracle(&rig, &report).await;

    let rig = common::rig().await;
    rig.sandbox.inject_fault(Fault {
        method: Some("GET".into()),
        path_prefix: cr.clone(),
        kind: FaultKind::Malformed,
        times: 1,
        body_contains: None,
    });
    let report = job(&rig, AutoConnectOptions::default()).run().await;
    assert!(
        report.stopped.as_deref().unwrap_or("").contains("decode"),
        "{:?}",
        report.stopped
    );
    assert_eq!(report.total(), 0);
    assert!(
        rig.sandbox.puts_received().is_empty(),
        "nothing PUT after an unreadable page"
    );
    let again = job(&rig, AutoConnectOptions::default()).run().await;
    assert_eq!(
        again.total(),
        20,
        "nothing was lost: the next run handles all 20"
    );

    let rig = common::rig().await;
    rig.sandbox.inject_fault(Fault {
        method: Some("PUT".into()),
        path_prefix: cr,
        kind: FaultKind::ExpiredToken,
        times: 1,
        body_contains: None,
    });
    let report = job(
        &rig,
        AutoConnectOptions {
            concurrency: 1,
            ..AutoConnectOptions::default()
        },
    )
    .run()
    .await;
    assert_eq!(
        report.failed_puts, 0,
        "a 401 refreshes the token once and the PUT goes through"
    );
    check_oracle(&rig, &report).await;
}
