//! Requests processed per second by the auto-connect job against the sandbox over loopback, at
//! concurrency 1, 4 and 16, with the sandbox's latency at 0 and 20 ms (reported, not asserted).

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::sync::Arc;
use std::time::{Duration, Instant};
use triplink::api::oauth::Grant;
use triplink::client::*;
use triplink::matching::{members_from_csv, MatchPolicy, MemberIndex};
use triplink::model::{ClientCredentials, CrVersion};
use triplink::runtime::{native_executor, SystemClock};
use triplink::{ApiConfig, Secret};
use triplink_sandbox::demo::*;
use triplink_sandbox::faults::{Fault, FaultKind};
use triplink_sandbox::{RunningSandbox, SandboxConfig};

async fn one_run(concurrency: usize, latency_ms: u64) -> Duration {
    let sb = RunningSandbox::start(SandboxConfig::default())
        .await
        .unwrap();
    if latency_ms > 0 {
        sb.inject_fault(Fault {
            method: None,
            path_prefix: "/".into(),
            kind: FaultKind::Latency { ms: latency_ms },
            times: u32::MAX,
            body_contains: None,
        });
    }
    let exec = native_executor().unwrap();
    let glz = ApiConfig::new(&sb.us_url()).unwrap();
    let creds = ClientCredentials {
        client_id: DEMO_CLIENT_ID.into(),
        client_secret: Secret::new(DEMO_CLIENT_SECRET),
    };
    let mut cfg = TokenManagerConfig::new(creds, glz.clone());
    cfg.allow = cfg.allow.allow(&sb.eu_url());
    let tokens = Arc::new(TokenManager::new(
        exec.clone(),
        Arc::new(InMemoryTokenStore::new()),
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
    let idx = Arc::new(
        MemberIndex::build(
            MatchPolicy::either(),
            members_from_csv(DEMO_MEMBERS_CSV).unwrap(),
        )
        .unwrap(),
    );
    let requests = ConnectionRequestsClient::new(
        ApiSession::new(exec, tokens.clone(), "supplier", glz),
        CrVersion::V3_2,
    );
    let job = AutoConnect::new(
        requests,
        tokens,
        idx.clone(),
        idx.policy().clone(),
        AutoConnectOptions {
            concurrency,
            ..AutoConnectOptions::default()
        },
    );
    let start = Instant::now();
    let report = job.run().await;
    let took = start.elapsed();
    assert_eq!(report.total(), 20);
    took
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let mut g = c.benchmark_group("auto_connect_20_requests");
    g.throughput(Throughput::Elements(20));
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(8));
    for latency in [0u64, 20] {
        for conc in [1usize, 4, 16] {
            g.bench_with_input(
                BenchmarkId::new(format!("latency_{latency}ms"), conc),
                &conc,
                |b, &conc| {
                    b.iter_custom(|iters| {
                        let mut total = Duration::ZERO;
                        for _ in 0..iters {
                            total += rt.block_on(one_run(conc, latency));
                        }
                        total
                    })
                },
            );
        }
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
