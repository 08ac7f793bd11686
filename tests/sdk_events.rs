//! Typed `SdkEvent`s from a whole auto-connect run against the sandbox over loopback HTTP: a
//! retried listing, a token refresh with rotation, the EU users' geolocation redirects, the
//! pages read, and each request decided before its PUT is reported done.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use std::sync::{Arc, Mutex};
use triplink::client::{AutoConnectOptions, EventSink, SdkEvent};
use triplink::runtime::native_executor;
use triplink_sandbox::demo::DEMO_EXPECTED;
use triplink_sandbox::{RunningSandbox, SandboxConfig};

#[derive(Default)]
struct Recorder(Mutex<Vec<SdkEvent>>);

impl EventSink for Recorder {
    fn on_event(&self, event: &SdkEvent) {
        self.0.lock().unwrap().push(event.clone());
    }
}

#[tokio::test]
async fn a_run_reports_retries_refreshes_redirects_pages_decisions_and_puts() {
    let events = Arc::new(Recorder::default());
    let exec = native_executor().unwrap().with_events(events.clone());
    let sandbox = RunningSandbox::start(SandboxConfig::default())
        .await
        .unwrap();
    let rig = rig_with_exec(sandbox, exec).await;
    refresh_then_fail_one_listing(&rig).await;
    let report = job(&rig, AutoConnectOptions::default()).run().await;
    assert_eq!(report.stopped, None);
    let got = events.0.lock().unwrap().clone();

    assert!(got.contains(&SdkEvent::TokenRefreshed {
        key: "supplier".into(),
        rotated: true
    }));
    assert!(got.iter().any(|e| matches!(e,
        SdkEvent::RetryScheduled { method, path, attempt: 1, reason, .. }
            if method == "GET" && path.starts_with("/api/v3.2/common/connectionrequests")
                && reason == "HTTP 503")));
    let eu = rig.sandbox.eu_url();
    assert!(got
        .iter()
        .any(|e| matches!(e, SdkEvent::Redirected { to, .. } if *to == eu)));
    let read: usize = got
        .iter()
        .map(|e| match e {
            SdkEvent::PageRead { new_requests } => *new_requests,
            _ => 0,
        })
        .sum();
    assert_eq!(read, DEMO_EXPECTED.len());
    for o in &report.outcomes {
        let decided = got.iter().position(|e| {
            *e == SdkEvent::RequestDecided {
                request_id: o.request_id.clone(),
                status: o.status.clone(),
            }
        });
        let put = got.iter().position(|e| {
            *e == SdkEvent::PutDone {
                request_id: o.request_id.clone(),
                status: o.status.clone(),
                correlation_id: o.correlation_id.clone(),
            }
        });
        match (decided, put) {
            (Some(d), Some(p)) => {
                assert!(d < p, "{}: PUT reported before the decision", o.request_id)
            }
            other => panic!("{}: {other:?}", o.request_id),
        }
    }
    let decisions = got
        .iter()
        .filter(|e| matches!(e, SdkEvent::RequestDecided { .. }))
        .count();
    assert_eq!(decisions, report.total(), "one decision event per request");
}
