//! The retry budget and `Retry-After` dates against the sandbox over loopback HTTP: in a full
//! outage, 200 calls at concurrency 16 cost at most the bucket's extra calls (100 retries with
//! the default bucket) instead of 3 retries each, calls work again as soon as the service is
//! back, a small budget set in the client's settings is honoured, and a `Retry-After` in
//! HTTP-date form is waited for.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use futures_util::StreamExt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use triplink::api::connection_requests::ListParams;
use triplink::client::{HostSeams, HttpExecutor, InMemoryTokenStore, Triplink, TriplinkSettings};
use triplink::flow::retry::RetryPolicy;
use triplink::flow::retry_budget::{RetryBudget, RetryBudgetPolicy};
use triplink::model::CrVersion;
use triplink::runtime::{native_executor, SystemClock, SystemJitter, TokioSleeper};
use triplink::transport::{HttpRequest, HttpResponse, Transport, TransportError};
use triplink::Secret;
use triplink_sandbox::demo::{
    DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, SUPPLIER_LOGIN, SUPPLIER_PASSWORD,
};
use triplink_sandbox::faults::{Fault, FaultKind};
use triplink_sandbox::{RunningSandbox, SandboxConfig};

const LIST: &str = "/api/v3.2/common/connectionrequests";

/// The native transport, counting what it sends.
struct Counting {
    inner: Arc<dyn Transport>,
    sent: AtomicUsize,
}

#[async_trait::async_trait]
impl Transport for Counting {
    async fn send(&self, req: HttpRequest) -> Result<HttpResponse, TransportError> {
        self.sent.fetch_add(1, Ordering::SeqCst);
        self.inner.send(req).await
    }
}

async fn counted_rig(budget: Option<Arc<RetryBudget>>) -> (Rig, Arc<Counting>) {
    let sandbox = RunningSandbox::start(SandboxConfig::default())
        .await
        .unwrap();
    let counting = Arc::new(Counting {
        inner: native_executor().unwrap().transport().clone(),
        sent: AtomicUsize::new(0),
    });
    let mut exec = HttpExecutor::new(
        counting.clone(),
        Arc::new(TokioSleeper),
        Arc::new(SystemJitter::default()),
        RetryPolicy {
            base_delay_ms: 2,
            max_delay_ms: 10,
            ..RetryPolicy::default()
        },
    )
    .with_clock(Arc::new(SystemClock));
    if let Some(b) = budget {
        exec = exec.with_retry_budget(b);
    }
    (rig_with_exec(sandbox, exec).await, counting)
}

/// Lists the queue's first page `calls` times, 16 at once; how many failed.
async fn list_many(rig: &Rig, calls: usize) -> usize {
    let params = ListParams {
        limit: Some(1),
        ..ListParams::default()
    };
    futures_util::stream::iter(0..calls)
        .map(|_| rig.requests.list_page(&params))
        .buffer_unordered(16)
        .filter(|r| std::future::ready(r.is_err()))
        .count()
        .await
}

fn outage(rig: &Rig) {
    rig.sandbox.inject_fault(Fault {
        method: Some("GET".into()),
        path_prefix: LIST.into(),
        kind: FaultKind::Status { status: 503 },
        times: 1_000_000,
        body_contains: None,
    });
}

#[tokio::test]
async fn a_full_outage_costs_at_most_the_budgets_extra_calls() {
    let calls = 200;
    let policy = RetryBudgetPolicy::default();
    let extra = (policy.capacity / policy.retry_cost) as usize;

    let budget = Arc::new(RetryBudget::new(policy));
    let (rig, counting) = counted_rig(Some(budget.clone())).await;
    counting.sent.store(0, Ordering::SeqCst);
    outage(&rig);
    assert_eq!(list_many(&rig, calls).await, calls, "every call fails");
    let sent = counting.sent.load(Ordering::SeqCst);
    assert!(sent > calls, "some retries were made: {sent}");
    assert!(
        sent <= calls + extra,
        "{sent} requests > {calls} calls + {extra}"
    );
    assert_eq!(budget.available(), 0);

    // The service is back: first attempts succeed (and refill the bucket one token each).
    rig.sandbox.clear_faults();
    counting.sent.store(0, Ordering::SeqCst);
    assert_eq!(list_many(&rig, 50).await, 0);
    assert_eq!(counting.sent.load(Ordering::SeqCst), 50);
    assert_eq!(budget.available(), 50 * policy.success_refill);

    // Without a budget the same outage costs every call its 3 retries.
    let (rig, counting) = counted_rig(None).await;
    counting.sent.store(0, Ordering::SeqCst);
    outage(&rig);
    assert_eq!(list_many(&rig, calls).await, calls);
    assert_eq!(counting.sent.load(Ordering::SeqCst), calls * 4);
}

#[tokio::test]
async fn a_small_budget_from_the_settings_is_honoured() {
    let sandbox = RunningSandbox::start(SandboxConfig::default())
        .await
        .unwrap();
    let counting = Arc::new(Counting {
        inner: native_executor().unwrap().transport().clone(),
        sent: AtomicUsize::new(0),
    });
    let mut settings = TriplinkSettings::new(
        &sandbox.us_url(),
        DEMO_CLIENT_ID,
        Secret::new(DEMO_CLIENT_SECRET),
    );
    settings.retry.base_delay_ms = 2;
    settings.retry.max_delay_ms = 10;
    // Room for two retries (3 tokens are left over: too few for a third).
    settings.retry_budget = RetryBudgetPolicy {
        capacity: 13,
        retry_cost: 5,
        timeout_cost: 10,
        success_refill: 1,
    };
    let seams = HostSeams {
        transport: counting.clone(),
        store: Arc::new(InMemoryTokenStore::new()),
        clock: Arc::new(SystemClock),
        sleeper: Arc::new(TokioSleeper),
        jitter: Arc::new(SystemJitter::default()),
        events: None,
    };
    let sdk = Triplink::new(settings, seams).unwrap();
    let secret = Secret::new(SUPPLIER_PASSWORD);
    sdk.tokens()
        .password_login("supplier", None, SUPPLIER_LOGIN, &secret)
        .await
        .unwrap();
    let requests = sdk.connection_requests("supplier", CrVersion::V3_2);
    sandbox.inject_fault(Fault {
        method: Some("GET".into()),
        path_prefix: LIST.into(),
        kind: FaultKind::Status { status: 503 },
        times: 1_000_000,
        body_contains: None,
    });
    counting.sent.store(0, Ordering::SeqCst);
    let calls = 20;
    let params = ListParams::default();
    let failed = futures_util::stream::iter(0..calls)
        .map(|_| requests.list_page(&params))
        .buffer_unordered(4)
        .filter(|r| std::future::ready(r.is_err()))
        .count()
        .await;
    assert_eq!(failed, calls, "every call fails");
    assert_eq!(
        counting.sent.load(Ordering::SeqCst),
        calls + 2,
        "one attempt each and the budget's two retries (the default would allow 60)"
    );
    assert_eq!(sdk.executor().retry_budget().unwrap().available(), 3);
}

#[tokio::test]
async fn a_retry_after_http_date_is_waited_for() {
    let (rig, counting) = counted_rig(Some(Arc::new(RetryBudget::new(
        RetryBudgetPolicy::default(),
    ))))
    .await;
    rig.sandbox.inject_fault(Fault {
        method: Some("GET".into()),
        path_prefix: LIST.into(),
        kind: FaultKind::UnavailableUntil { secs: 2 },
        times: 1,
        body_contains: None,
    });
    counting.sent.store(0, Ordering::SeqCst);
    let started = std::time::Instant::now();
    rig.requests
        .list_page(&ListParams::default())
        .await
        .unwrap();
    // The date has whole seconds: 2 s from now is at least 1 s away. The backoff alone
    // would have waited at most 2 ms.
    let waited = started.elapsed();
    assert!(
        waited >= std::time::Duration::from_millis(990),
        "{waited:?}"
    );
    assert_eq!(counting.sent.load(Ordering::SeqCst), 2);
}
