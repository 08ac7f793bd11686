//! Drains a seeded queue straight over HTTP (no SDK): list a page, exchange each request
//! token, PUT `CRSUC`, until the queue is empty — the sandbox's own cost per request, so a
//! 100k queue shows whether any call scans the queue.
//!
//! `cargo run --release -p triplink-sandbox --example drain -- 100000`

#![allow(clippy::unwrap_used, clippy::expect_used)]

use futures_util::future::join_all;
use serde_json::Value;
use std::time::Instant;
use triplink_sandbox::demo::*;
use triplink_sandbox::{RunningSandbox, SandboxConfig};

async fn token(http: &reqwest::Client, base: &str, form: &[(&str, &str)]) -> Value {
    let mut full = vec![
        ("client_id", DEMO_CLIENT_ID),
        ("client_secret", DEMO_CLIENT_SECRET),
    ];
    full.extend_from_slice(form);
    let body = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(full)
        .finish();
    http.post(format!("{base}/oauth2/v0/token"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

#[tokio::main]
async fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10_000);
    let sb = RunningSandbox::start(SandboxConfig {
        demo_data: false,
        seed_requests: n,
        ..SandboxConfig::default()
    })
    .await
    .unwrap();
    let (us, eu) = (sb.us_url(), sb.eu_url());
    let http = reqwest::Client::new();
    let admin = token(
        &http,
        &us,
        &[
            ("grant_type", "password"),
            ("username", SUPPLIER_LOGIN),
            ("password", SUPPLIER_PASSWORD),
        ],
    )
    .await;
    let bearer = format!("Bearer {}", admin["access_token"].as_str().unwrap());
    let start = Instant::now();
    let mut done = 0usize;
    loop {
        let page: Value = http
            .get(format!("{us}/api/v3.2/common/connectionrequests?limit=10"))
            .header("authorization", &bearer)
            .header("accept", "application/json")
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let items = page["Items"].as_array().cloned().unwrap_or_default();
        if items.is_empty() {
            break;
        }
        let work = items.iter().map(|item| {
            let (http, us, eu, bearer) = (&http, &us, &eu, &bearer);
            async move {
                let user = item["userId"].as_str().unwrap();
                let rqt = item["requestToken"].as_str().unwrap();
                let form = [
                    ("grant_type", "password"),
                    ("credtype", "authtoken"),
                    ("username", user),
                    ("password", rqt),
                ];
                let mut t = token(http, us, &form).await;
                if t["access_token"].is_null() {
                    t = token(http, eu, &form).await;
                }
                assert!(t["access_token"].is_string(), "exchange failed: {t}");
                let id = item["ID"].as_str().unwrap();
                let put = http
                    .put(format!("{us}/api/v3.2/common/connectionrequests/{id}"))
                    .header("authorization", bearer)
                    .header("content-type", "application/json")
                    .body(r#"{"status":"CRSUC"}"#)
                    .send()
                    .await
                    .unwrap();
                assert!(put.status().is_success());
            }
        });
        join_all(work).await;
        done += items.len();
    }
    let took = start.elapsed();
    assert_eq!(done, n);
    println!(
        "drained {n} requests in {:.2} s ({:.0} requests/s)",
        took.as_secs_f64(),
        n as f64 / took.as_secs_f64()
    );
}
