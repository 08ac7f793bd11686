//! Read-ahead in the put-as-you-go drain, against the sandbox over loopback HTTP: the run keeps
//! `concurrency` status PUTs in flight across page boundaries (the sandbox counts the peak of
//! PUTs in flight at once; without read-ahead it never passes the page size), never more; under
//! injected faults every request is PUT exactly once over a run and its rerun; a stop leaves
//! the requests read ahead but not started untouched.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use triplink::client::{
    AutoConnectOptions, InMemoryJournal, ProgressEvent, ProgressSink, StopHandle,
};
use triplink_sandbox::faults::{Fault, FaultKind};

const CR: &str = "/api/v3.2/common/connectionrequests";

fn fault(method: &str, path: &str, kind: FaultKind, times: u32) -> Fault {
    Fault {
        method: Some(method.into()),
        ..Fault::on(path, kind, times)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_stay_in_flight_across_page_boundaries() {
    let rig = seeded_rig(24).await;
    // Each status PUT is held a second, so every request started meets the others there.
    rig.sandbox
        .inject_fault(fault("PUT", CR, FaultKind::Latency { ms: 1_000 }, 1_000));
    let options = AutoConnectOptions {
        page_limit: 5,
        concurrency: 12,
        ..AutoConnectOptions::default()
    };
    let report = seeded_job(&rig, options).run().await;
    assert_eq!(report.stopped, None);
    assert_eq!(report.total(), 24);
    // Pages hold 5: twelve PUTs at once means the run read three pages ahead of its PUTs;
    // never more than the concurrency.
    assert_eq!(rig.sandbox.counters().peak_puts_in_flight, 12);
    for r in rig.sandbox.requests() {
        assert_eq!(rig.sandbox.puts_for(&r.id), 1, "{}", r.id);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_request_is_put_exactly_once_under_read_ahead_with_faults() {
    const QUEUE: usize = 150;
    let rig = seeded_rig(QUEUE).await;
    let sb = &rig.sandbox;
    // The first faults armed match first: six PUTs refused (they stay queued: the drain pages
    // past them), three answered 500 (retried), then latency on the rest.
    sb.inject_fault(fault("PUT", CR, FaultKind::Status { status: 400 }, 6));
    sb.inject_fault(fault("PUT", CR, FaultKind::Status { status: 500 }, 3));
    sb.inject_fault(fault("PUT", CR, FaultKind::Latency { ms: 30 }, 100));
    // Listing: a 503, a 429, a dropped connection (all retried), then slow pages.
    sb.inject_fault(fault("GET", CR, FaultKind::Status { status: 503 }, 1));
    sb.inject_fault(fault(
        "GET",
        CR,
        FaultKind::RateLimit {
            retry_after_secs: 0,
        },
        1,
    ));
    sb.inject_fault(fault("GET", CR, FaultKind::Drop, 1));
    sb.inject_fault(fault("GET", CR, FaultKind::Latency { ms: 50 }, 10));
    sb.inject_fault(fault("POST", "/oauth2", FaultKind::Latency { ms: 30 }, 40));
    let options = AutoConnectOptions {
        page_limit: 10,
        concurrency: 16,
        ..AutoConnectOptions::default()
    };
    let journal = Arc::new(InMemoryJournal::new());
    let first = seeded_job(&rig, options.clone())
        .with_journal(journal.clone())
        .run()
        .await;
    assert_eq!(first.total(), QUEUE, "{:?}", first.stopped);
    assert_eq!(first.failed_puts, 6);
    let stopped = first.stopped.clone().unwrap_or_default();
    assert!(stopped.contains("6 request(s) still pending"), "{stopped}");
    assert_eq!(sb.puts_received().len(), QUEUE - 6);
    for r in sb.requests() {
        assert!(sb.puts_for(&r.id) <= 1, "{} PUT twice", r.id);
    }

    let again = seeded_job(&rig, options).with_journal(journal).run().await;
    assert_eq!(again.stopped, None);
    assert_eq!(again.total(), 6);
    let counters = sb.counters();
    for r in sb.requests() {
        assert_eq!(sb.puts_for(&r.id), 1, "{}", r.id);
        assert!(
            counters.exchanges_ok.get(&r.id).copied().unwrap_or(0) <= 1,
            "{}",
            r.id
        );
    }
    assert!(counters.peak_puts_in_flight <= 16);
    for o in first.outcomes.iter().chain(&again.outcomes) {
        if o.put_done && o.status == "CRSUC" {
            let user = o.user_id.as_deref().unwrap();
            assert!(rig.store.load(user).await.unwrap().is_some(), "{user}");
        }
    }
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
async fn a_stop_leaves_the_requests_read_ahead_untouched() {
    const QUEUE: usize = 60;
    let rig = seeded_rig(QUEUE).await;
    rig.sandbox
        .inject_fault(fault("PUT", CR, FaultKind::Latency { ms: 20 }, 1_000));
    let options = AutoConnectOptions {
        concurrency: 16,
        ..AutoConnectOptions::default()
    };
    let job = seeded_job(&rig, options);
    let stop = job.stop_handle();
    let job = job.with_progress(Arc::new(StopAfter {
        after: 20,
        done: AtomicUsize::new(0),
        stop,
    }));
    let report = job.run().await;
    let stopped = report.stopped.clone().unwrap_or_default();
    assert!(stopped.contains("the operator pressed stop"), "{stopped}");
    let counters = rig.sandbox.counters();
    let mut put = 0;
    for r in rig.sandbox.requests() {
        let reported = report.outcomes.iter().any(|o| o.request_id == r.id);
        match rig.sandbox.puts_for(&r.id) {
            1 => {
                assert!(reported, "{} PUT, not reported", r.id);
                put += 1;
            }
            0 => {
                assert!(!reported, "{} reported, not PUT", r.id);
                assert!(!counters.exchanges_ok.contains_key(&r.id), "{}", r.id);
                assert!(!r.token_used, "{} token used", r.id);
                assert!(rig.store.load(&r.user_id).await.unwrap().is_none());
            }
            n => panic!("{} PUT {n} times", r.id),
        }
    }
    // The 20th, plus at most the 15 others in flight then.
    assert!((20..=35).contains(&put), "{put} PUT");
    assert_eq!(report.total(), put);
    let rest = seeded_job(&rig, AutoConnectOptions::default()).run().await;
    assert_eq!(rest.stopped, None);
    assert_eq!(rest.total(), QUEUE - put);
}
