//! The job's `tracing` output at `RUST_LOG=info`, captured the way the main job's example
//! prints it (tracing-subscriber's fmt layer under an `EnvFilter`): one `decided` line per
//! request with its status, retries and token refreshes logged — and none of the sandbox's
//! secrets or tokens anywhere in it (client secret, passwords, request tokens, every access
//! and refresh token the run stored or rotated away).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use std::io::Write;
use std::sync::{Arc, Mutex};
use tracing_subscriber::EnvFilter;
use triplink::client::AutoConnectOptions;
use triplink_sandbox::demo::{demo_user_id, DEMO_CLIENT_SECRET, DEMO_EXPECTED, SUPPLIER_PASSWORD};
use triplink_sandbox::faults::{Fault, FaultKind};

/// A `MakeWriter` appending to a shared buffer.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

#[tokio::test]
async fn info_logs_show_each_decision_once_and_no_secret() {
    let out = Captured::default();
    let writer = out.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::new("info"))
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let rig = rig().await;
    // Secrets that exist before the run and may be rotated away during it.
    let mut secrets: Vec<String> = vec![DEMO_CLIENT_SECRET.into(), SUPPLIER_PASSWORD.into()];
    let before = rig.store.load("supplier").await.unwrap().unwrap();
    secrets.push(before.access_token.expose().to_owned());
    secrets.extend(before.refresh_token.as_ref().map(|t| t.expose().to_owned()));
    // A refresh with rotation, and a retried listing, both logged.
    rig.tokens
        .on_unauthorized("supplier", &before.access_token)
        .await
        .unwrap();
    rig.sandbox.inject_fault(Fault {
        method: Some("GET".into()),
        path_prefix: "/api/v3.2/common/connectionrequests".into(),
        kind: FaultKind::Status { status: 503 },
        times: 1,
        body_contains: None,
    });
    secrets.extend(rig.sandbox.requests().into_iter().map(|r| r.request_token));

    let report = job(&rig, AutoConnectOptions::default()).run().await;
    assert_eq!(report.stopped, None);
    assert_eq!(report.total(), DEMO_EXPECTED.len());
    for key in (0..DEMO_EXPECTED.len())
        .map(demo_user_id)
        .chain(["supplier".to_owned()])
    {
        if let Some(set) = rig.store.load(&key).await.unwrap() {
            secrets.push(set.access_token.expose().to_owned());
            secrets.extend(set.refresh_token.as_ref().map(|t| t.expose().to_owned()));
        }
    }

    let text = out.text();
    if std::env::var_os("TRIPLINK_SHOW_LOG").is_some() {
        eprintln!("{text}");
    }
    for secret in &secrets {
        assert!(
            secret.len() >= 8,
            "a secret too short to grep for: {secret:?}"
        );
        assert!(
            !text.contains(secret.as_str()),
            "a secret is in the log ({} chars)",
            secret.len()
        );
    }
    // One `decided` line per request, naming its status; none for requests not handled.
    let decided: Vec<&str> = text.lines().filter(|l| l.contains(" decided ")).collect();
    assert_eq!(decided.len(), report.total(), "{text}");
    for o in &report.outcomes {
        let lines: Vec<&&str> = decided
            .iter()
            .filter(|l| l.contains(&format!("request_id=\"{}\"", o.request_id)))
            .collect();
        assert_eq!(lines.len(), 1, "{}: {lines:?}", o.request_id);
        assert!(
            lines[0].contains(&format!("status=\"{}\"", o.status)),
            "{}",
            lines[0]
        );
        assert!(lines[0].contains("put_done=true"), "{}", lines[0]);
    }
    assert!(
        text.contains("retry scheduled") && text.contains("why=HTTP 503"),
        "{text}"
    );
    assert!(
        text.contains("access token refreshed") && text.contains("rotated=true"),
        "{text}"
    );
    assert!(
        text.contains("geolocation hop"),
        "EU users are redirected: {text}"
    );
    // Spans name the API call by its path template, never by a URL with ids or a query.
    assert!(
        text.contains("path=/api/v3.2/common/connectionrequests"),
        "{text}"
    );
    assert!(
        !text.contains("connectionrequests?"),
        "no query string: {text}"
    );
    for o in &report.outcomes {
        assert!(
            !text.contains(&format!("/{}/", o.request_id)),
            "ids stay out of paths"
        );
    }
}
