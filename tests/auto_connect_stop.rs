//! Stopping an auto-connect run mid-queue against the sandbox over loopback HTTP — with the
//! host's `StopHandle` from another task, and with the whole-run deadline: no new request is
//! started, the ones in flight finish, and every request of the queue is either PUT exactly
//! once (and in the partial report) or untouched (no PUT, no token exchange).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use triplink::client::auto_connect_report::AutoConnectReport;
use triplink::client::{AutoConnectOptions, DrainMode, ProgressEvent, ProgressSink, StopHandle};
use triplink_sandbox::faults::{Fault, FaultKind};

const QUEUE: usize = 60;

/// Every request is PUT once and reported, or untouched: no PUT, no exchange, no tokens.
async fn check_put_once_or_untouched(rig: &Rig, report: &AutoConnectReport) -> (usize, usize) {
    let counters = rig.sandbox.counters();
    let (mut put, mut untouched) = (0, 0);
    for r in rig.sandbox.requests() {
        let in_report = report
            .outcomes
            .iter()
            .filter(|o| o.request_id == r.id)
            .count();
        match rig.sandbox.puts_for(&r.id) {
            1 => {
                assert_eq!(in_report, 1, "{} PUT but not reported once", r.id);
                put += 1;
            }
            0 => {
                assert_eq!(in_report, 0, "{} reported but not PUT", r.id);
                assert!(
                    !counters.exchanges_ok.contains_key(&r.id),
                    "{} exchanged",
                    r.id
                );
                assert!(!counters.exchanges_refused.contains_key(&r.id), "{}", r.id);
                assert!(!r.token_used, "{} token used", r.id);
                let tokens = rig.store.load(&r.user_id).await.unwrap();
                assert!(tokens.is_none(), "{}: tokens stored and no PUT", r.id);
                untouched += 1;
            }
            n => panic!("{} PUT {n} times", r.id),
        }
    }
    assert!(report.outcomes.iter().all(|o| o.put_done));
    (put, untouched)
}

/// Stops the run after the `after`-th finished request.
struct StopAfter {
    after: usize,
    done: AtomicUsize,
    stop: StopHandle,
}

impl ProgressSink for StopAfter {
    fn on_event(&self, event: &ProgressEvent) {
        if let ProgressEvent::RequestDone(_) = event {
            if self.done.fetch_add(1, Ordering::SeqCst) + 1 == self.after {
                self.stop.stop_because("the operator pressed stop");
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stopped_run_finishes_what_is_in_flight_and_leaves_the_rest_untouched() {
    let rig = seeded_rig(QUEUE).await;
    let options = AutoConnectOptions {
        concurrency: 4,
        ..AutoConnectOptions::default()
    };
    let job = seeded_job(&rig, options);
    let stop = job.stop_handle();
    let job = job.with_progress(Arc::new(StopAfter {
        after: 7,
        done: AtomicUsize::new(0),
        stop,
    }));
    let report = job.run().await;
    let stopped = report.stopped.clone().unwrap_or_default();
    assert!(stopped.contains("the operator pressed stop"), "{stopped}");
    let (put, untouched) = check_put_once_or_untouched(&rig, &report).await;
    // The 7th, plus at most the 3 others in flight then.
    assert!((7..=10).contains(&put), "{put} PUT");
    assert_eq!(put + untouched, QUEUE);
    assert_eq!(report.total(), put);

    // A new job (a new handle) takes the rest.
    let rest = seeded_job(&rig, AutoConnectOptions::default()).run().await;
    assert_eq!(rest.stopped, None);
    assert_eq!(rest.total(), untouched);
    let (put, untouched) = check_put_once_or_untouched(
        &rig,
        &AutoConnectReport {
            outcomes: report
                .outcomes
                .iter()
                .chain(&rest.outcomes)
                .cloned()
                .collect(),
            ..AutoConnectReport::default()
        },
    )
    .await;
    assert_eq!((put, untouched), (QUEUE, 0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_run_deadline_stops_taking_requests_once_it_passes() {
    let rig = seeded_rig(QUEUE).await;
    // Each status PUT takes 100 ms: 60 requests 2 at a time need 3 s; the deadline is 0.5 s.
    rig.sandbox.inject_fault(Fault {
        method: Some("PUT".into()),
        path_prefix: "/api/v3.2/common/connectionrequests".into(),
        kind: FaultKind::Latency { ms: 100 },
        times: 1_000,
        body_contains: None,
    });
    let options = AutoConnectOptions {
        concurrency: 2,
        run_deadline_ms: Some(500),
        ..AutoConnectOptions::default()
    };
    let report = seeded_job(&rig, options).run().await;
    let stopped = report.stopped.clone().unwrap_or_default();
    assert!(stopped.contains("500 ms deadline passed"), "{stopped}");
    let (put, untouched) = check_put_once_or_untouched(&rig, &report).await;
    assert!(
        put >= 1 && untouched >= 1,
        "{put} PUT, {untouched} untouched"
    );
}

#[tokio::test]
async fn a_deadline_that_never_passes_changes_nothing() {
    let rig = seeded_rig(QUEUE).await;
    let options = AutoConnectOptions {
        run_deadline_ms: Some(600_000),
        ..AutoConnectOptions::default()
    };
    let report = seeded_job(&rig, options).run().await;
    assert_eq!(report.stopped, None);
    assert_eq!(report.total(), QUEUE);
}

#[tokio::test]
async fn a_run_stopped_before_it_starts_reads_nothing() {
    let rig = seeded_rig(QUEUE).await;
    let options = AutoConnectOptions {
        mode: DrainMode::PeekAll,
        ..AutoConnectOptions::default()
    };
    let job = seeded_job(&rig, options);
    job.stop_handle().stop_because("not tonight");
    let report = job.run().await;
    let stopped = report.stopped.clone().unwrap_or_default();
    assert!(stopped.contains("not tonight"), "{stopped}");
    assert_eq!(report.pages, 0, "a page was read");
    let (put, untouched) = check_put_once_or_untouched(&rig, &report).await;
    assert_eq!((put, untouched), (0, QUEUE));
}
