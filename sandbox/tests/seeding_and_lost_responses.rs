//! Seeded queues (command line, admin endpoint, members file), the indexed queue's paging and
//! re-queueing, faults that lose the response after the handler acted, and the counters —
//! all over real loopback HTTP (the command line through the real binary).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::time::Duration;
use triplink_sandbox::demo::*;
use triplink_sandbox::faults::{Fault, FaultKind};
use triplink_sandbox::seed::{members_csv, seeded_user, MEMBERS_CSV_HEADER};
use triplink_sandbox::{RunningSandbox, SandboxConfig};

fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

async fn token_with(client: &reqwest::Client, base: &str, form: &[(&str, &str)]) -> (u16, Value) {
    let mut all = vec![
        ("client_id", DEMO_CLIENT_ID),
        ("client_secret", DEMO_CLIENT_SECRET),
    ];
    all.extend_from_slice(form);
    let body = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(all)
        .finish();
    let r = client
        .post(format!("{base}/oauth2/v0/token"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
}

async fn token(base: &str, form: &[(&str, &str)]) -> (u16, Value) {
    token_with(&http(), base, form).await
}

async fn supplier(base: &str) -> String {
    let (s, v) = token(
        base,
        &[
            ("grant_type", "password"),
            ("username", SUPPLIER_LOGIN),
            ("password", SUPPLIER_PASSWORD),
        ],
    )
    .await;
    assert_eq!(s, 200, "{v}");
    v["access_token"].as_str().unwrap().to_owned()
}

async fn page(base: &str, bearer: &str, query: &str) -> Value {
    http()
        .get(format!("{base}/api/v3.2/common/connectionrequests{query}"))
        .bearer_auth(bearer)
        .header("Accept", "application/json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn put(base: &str, bearer: &str, id: &str, status: &str) -> u16 {
    http()
        .put(format!("{base}/api/v3.2/common/connectionrequests/{id}"))
        .bearer_auth(bearer)
        .header("Content-Type", "application/json")
        .body(format!("{{\"status\":\"{status}\"}}"))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// Every pending id, following `NextPage` from the first page.
async fn walk(base: &str, bearer: &str) -> Vec<String> {
    let mut ids = vec![];
    let mut next = Some(format!(
        "{base}/api/v3.2/common/connectionrequests?limit=10"
    ));
    while let Some(url) = next {
        let v: Value = http()
            .get(&url)
            .bearer_auth(bearer)
            .header("Accept", "application/json")
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        for item in v["Items"].as_array().unwrap() {
            ids.push(item["ID"].as_str().unwrap().to_owned());
        }
        next = v["NextPage"].as_str().map(str::to_owned);
    }
    ids
}

async fn no_demo() -> RunningSandbox {
    RunningSandbox::start(SandboxConfig {
        demo_data: false,
        seed_requests: 25,
        ..SandboxConfig::default()
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn the_binary_seeds_from_its_command_line_and_serves_the_members_file() {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_triplink-sandbox"))
        .args(["--port", "0", "--seed-requests", "12", "--no-demo"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let us = loop {
        let line = lines.next().expect("the sandbox printed its URLs").unwrap();
        if let Some(u) = line.trim().strip_prefix("us (and GLZ):") {
            break u.trim().to_owned();
        }
    };
    let csv = http()
        .get(format!("{us}/_sandbox/seed/members.csv"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let bearer = supplier(&us).await;
    let ids = walk(&us, &bearer).await;
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(csv, members_csv(12), "members file = the library's");
    assert_eq!(ids.len(), 12, "only the seeded requests (--no-demo)");

    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_triplink-sandbox"))
        .args(["--seed-requests", "many"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--seed-requests needs a count"));
}

#[tokio::test]
async fn the_admin_endpoint_seeds_more_and_the_members_file_matches_the_queue() {
    let sb = RunningSandbox::start(SandboxConfig::default())
        .await
        .unwrap();
    let us = sb.us_url();
    let c = http();
    for bad in ["", "?requests=0", "?requests=x", "?requests=2000000"] {
        let r = c
            .post(format!("{us}/_sandbox/seed{bad}"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 400, "{bad}");
    }
    let r: Value = c
        .post(format!("{us}/_sandbox/seed?requests=7"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        (r["first"].as_u64(), r["added"].as_u64()),
        (Some(0), Some(7))
    );
    let r: Value = c
        .post(format!("{us}/_sandbox/seed?requests=3"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        (r["first"].as_u64(), r["seeded"].as_u64()),
        (Some(7), Some(10))
    );
    let csv = c
        .get(format!("{us}/_sandbox/seed/members.csv"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(csv, sb.members_csv());
    assert!(csv.starts_with(MEMBERS_CSV_HEADER));
    assert!(csv.starts_with(DEMO_MEMBERS_CSV), "demo members first");
    assert!(csv.ends_with(&(members_csv(10)[MEMBERS_CSV_HEADER.len() + 1..])));
    // The queue holds the 20 demo requests, then the 10 seeded ones in order, with their data.
    let bearer = supplier(&us).await;
    let v = page(&us, &bearer, "?limit=10&offset=20").await;
    let items = v["Items"].as_array().unwrap();
    assert_eq!(items.len(), 10);
    for (i, item) in items.iter().enumerate() {
        let u = seeded_user(i);
        assert_eq!(item["userId"], u.id.as_str());
        assert_eq!(item["lastName"], u.last_name.as_str());
        assert_eq!(item["loyaltyNumber"], u.loyalty_number.as_deref().unwrap());
        assert_eq!(item["emailAddresses"]["email1"], u.emails[0].as_str());
    }
    assert!(v["NextPage"].is_null());
}

#[tokio::test]
async fn paging_and_requeueing_keep_queue_order() {
    let sb = no_demo().await;
    let us = sb.us_url();
    let bearer = supplier(&us).await;
    let all = walk(&us, &bearer).await;
    assert_eq!(all.len(), 25);
    // Re-queue the 3rd, finish the 5th: both leave the list, the rest keeps its order.
    let before = sb.requests()[2].request_token.clone();
    assert_eq!(put(&us, &bearer, &all[2], "CREU1").await, 204);
    assert_eq!(put(&us, &bearer, &all[4], "CRSUC").await, 204);
    assert_eq!(
        put(&us, &bearer, &all[4], "CRSUC").await,
        404,
        "already final"
    );
    assert_eq!(
        put(&us, &bearer, &all[2], "CRSUC").await,
        404,
        "not offered yet"
    );
    let mut expected: Vec<String> = all.clone();
    expected.remove(4);
    expected.remove(2);
    assert_eq!(walk(&us, &bearer).await, expected);
    // A day later the re-queued one is back in its place with a fresh request token.
    sb.advance_clock(24 * 3600);
    let bearer = supplier(&us).await;
    let mut back = all.clone();
    back.remove(4);
    assert_eq!(walk(&us, &bearer).await, back);
    assert_ne!(sb.requests()[2].request_token, before);
    assert_eq!(sb.requests()[2].requeues, 1);
}

#[tokio::test]
async fn a_lost_exchange_response_still_consumed_the_request_token() {
    let sb = no_demo().await;
    let us = sb.us_url();
    let bearer = supplier(&us).await;
    let item = page(&us, &bearer, "?limit=1").await["Items"][0].clone();
    let (user, rqt, id) = (
        item["userId"].as_str().unwrap(),
        item["requestToken"].as_str().unwrap(),
        item["ID"].as_str().unwrap(),
    );
    let form = [
        ("grant_type", "password"),
        ("credtype", "authtoken"),
        ("username", user),
        ("password", rqt),
    ];
    // The fault matches the exchange only: the supplier's own password login passes.
    sb.inject_fault(
        Fault::on("/oauth2/v0/token", FaultKind::DropAfter, 1).with_body("credtype=authtoken"),
    );
    assert!(!supplier(&us).await.is_empty());
    let lost = http()
        .post(format!("{us}/oauth2/v0/token"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(
            form_urlencoded::Serializer::new(String::new())
                .extend_pairs(
                    [
                        ("client_id", DEMO_CLIENT_ID),
                        ("client_secret", DEMO_CLIENT_SECRET),
                    ]
                    .iter()
                    .chain(form.iter()),
                )
                .finish(),
        )
        .send()
        .await;
    let body_failed = match lost {
        Err(_) => true,
        Ok(r) => r.text().await.is_err(),
    };
    assert!(body_failed, "the caller never sees the tokens");
    let (s, v) = token(&us, &form).await;
    assert_eq!((s, v["code"].as_u64()), (401, Some(5)), "already used: {v}");
    let c = sb.counters();
    assert_eq!(c.exchanges_ok.get(id), Some(&1));
    assert_eq!(c.exchanges_refused.get(id), Some(&1));
    assert_eq!(c.responses_lost, 1);
    let over_http: Value = http()
        .get(format!("{us}/_sandbox/counters"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(over_http["exchanges_ok"][id], 1);
    assert_eq!(over_http["responses_lost"], 1);
}

#[tokio::test]
async fn a_lost_refresh_response_rotated_the_refresh_token_all_the_same() {
    let sb = no_demo().await;
    let us = sb.us_url();
    let login = [
        ("grant_type", "password"),
        ("username", SUPPLIER_LOGIN),
        ("password", SUPPLIER_PASSWORD),
    ];
    let (_, v) = token(&us, &login).await;
    let first = v["refresh_token"].as_str().unwrap().to_owned();
    let refresh = [
        ("grant_type", "refresh_token"),
        ("refresh_token", first.as_str()),
    ];
    // A 500 after the rotation: the old refresh token is gone, the new one was never seen.
    sb.inject_fault(
        Fault::on(
            "/oauth2/v0/token",
            FaultKind::StatusAfter { status: 500 },
            1,
        )
        .with_body("grant_type=refresh_token"),
    );
    let (s, _) = token(&us, &refresh).await;
    assert_eq!(s, 500);
    assert!(!sb.refresh_token_live(&first));
    let (s, v) = token(&us, &refresh).await;
    assert_eq!((s, v["code"].as_u64()), (401, Some(108)), "{v}");
    // No answer in time: the caller times out, the sandbox rotated anyway.
    let (_, v) = token(&us, &login).await;
    let second = v["refresh_token"].as_str().unwrap().to_owned();
    sb.inject_fault(
        Fault::on("/oauth2/v0/token", FaultKind::LatencyAfter { ms: 1500 }, 1)
            .with_body("grant_type=refresh_token"),
    );
    let impatient = reqwest::Client::builder()
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let body = form_urlencoded::Serializer::new(String::new())
        .extend_pairs([
            ("client_id", DEMO_CLIENT_ID),
            ("client_secret", DEMO_CLIENT_SECRET),
            ("grant_type", "refresh_token"),
            ("refresh_token", second.as_str()),
        ])
        .finish();
    let r = impatient
        .post(format!("{us}/oauth2/v0/token"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await;
    assert!(r.unwrap_err().is_timeout());
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(!sb.refresh_token_live(&second));
    let c = sb.counters();
    assert_eq!((c.refresh_rotations, c.refresh_refused_108), (2, 1));
    let live: Value = http()
        .post(format!("{us}/_sandbox/refresh-tokens/live"))
        .json(&[first.as_str(), second.as_str()])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(live["live"], serde_json::json!([false, false]));
}

#[tokio::test]
async fn faults_armed_over_http_may_match_on_the_body() {
    let sb = no_demo().await;
    let us = sb.us_url();
    let r = http()
        .post(format!("{us}/_sandbox/faults"))
        .json(&serde_json::json!({
            "method": "POST", "path_prefix": "/oauth2/v0/token",
            "kind": {"kind": "status_after", "status": 503}, "times": 1,
            "body_contains": "grant_type=client_credentials"
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 204);
    // A password login does not match; the client-credentials call does, once.
    supplier(&us).await;
    let cc = [("grant_type", "client_credentials")];
    assert_eq!(token(&us, &cc).await.0, 503);
    assert_eq!(token(&us, &cc).await.0, 200);
    assert_eq!(sb.counters().responses_lost, 1);
    assert_eq!(sb.puts_for("nothing"), 0);
}

async fn set_mode(base: &str, mode: &str) -> u16 {
    let url = format!("{base}/_sandbox/refresh-rotation?mode={mode}");
    http().post(url).send().await.unwrap().status().as_u16()
}

/// A refresh grant: the status and the new refresh token, if any.
async fn refresh(base: &str, refresh_token: &str) -> (u16, Option<String>) {
    let form = [
        ("grant_type", "refresh_token"),
        ("refresh_token", refresh_token),
    ];
    let (s, v) = token(base, &form).await;
    (s, v["refresh_token"].as_str().map(str::to_owned))
}

#[tokio::test]
async fn until_next_used_rotation_keeps_the_used_token_until_its_successor_is_used() {
    let sb = no_demo().await;
    let us = sb.us_url();
    assert_eq!(set_mode(&us, "sometimes").await, 400);
    assert_eq!(set_mode(&us, "until-next-used").await, 204);
    let login = [
        ("grant_type", "password"),
        ("username", SUPPLIER_LOGIN),
        ("password", SUPPLIER_PASSWORD),
    ];
    let (_, v) = token(&us, &login).await;
    let r1 = v["refresh_token"].as_str().unwrap().to_owned();
    // r1 rotated to r2, whose answer the client "lost": r1 still works and replaces r2.
    let (_, r2) = refresh(&us, &r1).await;
    let r2 = r2.unwrap();
    assert!(sb.refresh_token_live(&r1) && sb.refresh_token_live(&r2));
    let (_, r3) = refresh(&us, &r1).await;
    let r3 = r3.unwrap();
    assert!(
        !sb.refresh_token_live(&r2),
        "the unseen successor is replaced"
    );
    // Using r3 retires r1; r3 lives on until its own successor is used.
    let (_, r4) = refresh(&us, &r3).await;
    assert!(!sb.refresh_token_live(&r1));
    assert!(sb.refresh_token_live(&r3) && sb.refresh_token_live(&r4.unwrap()));
    let (s, _) = refresh(&us, &r2).await;
    assert_eq!(s, 401, "a replaced token is refused (108)");
    // Back to strict: the used token dies at once.
    assert_eq!(set_mode(&us, "strict").await, 204);
    let (_, v) = token(&us, &login).await;
    let s1 = v["refresh_token"].as_str().unwrap().to_owned();
    refresh(&us, &s1).await.1.unwrap();
    assert!(!sb.refresh_token_live(&s1));
    let c = sb.counters();
    assert_eq!((c.refresh_rotations, c.refresh_refused_108), (4, 1));
}
