//! The sandbox over real loopback HTTP: queue semantics and re-queue limits through the clock,
//! XML vs JSON, paging, OAuth2 grants, rotation (reuse → 108), error 16 across data centres,
//! request-token expiry, every fault kind, CORS and correlation ids.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::Value;
use triplink_sandbox::demo::*;
use triplink_sandbox::faults::{Fault, FaultKind};
use triplink_sandbox::{RunningSandbox, SandboxConfig};

async fn start() -> RunningSandbox {
    RunningSandbox::start(SandboxConfig::default())
        .await
        .unwrap()
}

fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

async fn token(base: &str, form: &[(&str, &str)]) -> (u16, Value) {
    let mut all = vec![
        ("client_id", DEMO_CLIENT_ID),
        ("client_secret", DEMO_CLIENT_SECRET),
    ];
    all.extend_from_slice(form);
    let body = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(all)
        .finish();
    let r = http()
        .post(format!("{base}/oauth2/v0/token"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

async fn supplier_token(sb: &RunningSandbox) -> String {
    let (s, v) = token(
        &sb.us_url(),
        &[
            ("grant_type", "password"),
            ("username", SUPPLIER_LOGIN),
            ("password", SUPPLIER_PASSWORD),
        ],
    )
    .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["expires_in"], "3600");
    v["access_token"].as_str().unwrap().to_owned()
}

async fn list(
    sb: &RunningSandbox,
    tok: &str,
    query: &str,
    accept: Option<&str>,
) -> reqwest::Response {
    let mut r = http()
        .get(format!(
            "{}/api/v3.2/common/connectionrequests/{query}",
            sb.us_url()
        ))
        .bearer_auth(tok);
    if let Some(a) = accept {
        r = r.header("Accept", a);
    }
    r.send().await.unwrap()
}

async fn put(sb: &RunningSandbox, tok: &str, id: &str, status: &str) -> u16 {
    http()
        .put(format!(
            "{}/api/v3.2/common/connectionrequests/{id}",
            sb.us_url()
        ))
        .bearer_auth(tok)
        .header("Content-Type", "application/json")
        .body(format!("{{\"status\":\"{status}\"}}"))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn lists_json_and_xml_with_paging_and_auth() {
    let sb = start().await;
    let tok = supplier_token(&sb).await;
    let r = list(&sb, &tok, "?limit=10", Some("application/json")).await;
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["Items"].as_array().unwrap().len(), 10);
    assert_eq!(v["Items"][0]["lastName"], "O'Brien");
    let next = v["NextPage"].as_str().unwrap().to_owned();
    assert!(next.ends_with("?limit=10&offset=10"), "{next}");
    let v: Value = http()
        .get(&next)
        .bearer_auth(&tok)
        .header("Accept", "application/json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v["Items"].as_array().unwrap().len(), 10);
    assert!(
        v.get("NextPage").is_none(),
        "the last page has no NextPage: {v}"
    );
    let x = list(&sb, &tok, "?limit=2", None)
        .await
        .text()
        .await
        .unwrap();
    assert!(
        x.starts_with("<?xml")
            && x.contains("<ConnectionRequest><ID>")
            && x.contains("limit=2&amp;offset=2"),
        "{x}"
    );
    assert_eq!(list(&sb, &tok, "?limit=11", None).await.status(), 400);
    assert_eq!(list(&sb, "nope", "", None).await.status(), 401);
    let user = token(
        &sb.us_url(),
        &[
            ("grant_type", "password"),
            ("username", "user1@demo.test"),
            ("password", "demo"),
        ],
    )
    .await
    .1;
    assert_eq!(
        list(&sb, user["access_token"].as_str().unwrap(), "", None)
            .await
            .status(),
        403
    );
}

#[tokio::test]
async fn put_pops_and_requeues_per_the_documented_limits() {
    let sb = start().await;
    let tok = supplier_token(&sb).await;
    let ids: Vec<String> = sb.requests().iter().map(|r| r.id.clone()).collect();
    assert_eq!(put(&sb, &tok, &ids[0], "CRSUC").await, 204);
    assert_eq!(put(&sb, &tok, &ids[0], "CRSUC").await, 404, "popped");
    assert_eq!(put(&sb, &tok, &ids[1], "NOPE").await, 400);
    // CREU1: back after 24 h, at most 4 times, then final.
    for round in 0..5 {
        let tok = supplier_token(&sb).await;
        assert_eq!(put(&sb, &tok, &ids[1], "CREU1").await, 204, "round {round}");
        assert_eq!(
            put(&sb, &tok, &ids[1], "CREU1").await,
            404,
            "not visible before 24 h"
        );
        sb.advance_clock(24 * 3600);
    }
    let r = sb.requests().into_iter().find(|r| r.id == ids[1]).unwrap();
    assert_eq!(
        (r.requeues, r.final_status.as_deref()),
        (4, Some("FAILED after CREU1"))
    );
    // CRRET: back after 1 h.
    let tok = supplier_token(&sb).await;
    assert_eq!(put(&sb, &tok, &ids[2], "CRRET").await, 204);
    sb.advance_clock(3599);
    let tok = supplier_token(&sb).await;
    assert_eq!(put(&sb, &tok, &ids[2], "CRRET").await, 404);
    sb.advance_clock(1);
    assert_eq!(put(&sb, &tok, &ids[2], "CRRET").await, 204);
    assert!(sb.puts_received().len() >= 12);
}

#[tokio::test]
async fn request_token_exchange_redirect_expiry_and_rotation() {
    let sb = start().await;
    let reqs = sb.requests();
    // User 2 (Hans) lives in "eu": the GLZ (us) answers 16 with the eu URL.
    let hans = &reqs[1];
    let form = [
        ("grant_type", "password"),
        ("username", hans.user_id.as_str()),
        ("password", hans.request_token.as_str()),
        ("credtype", "authtoken"),
    ];
    let (s, v) = token(&sb.us_url(), &form).await;
    assert_eq!((s, v["code"].as_u64()), (400, Some(16)));
    assert_eq!(v["geolocation"], sb.eu_url());
    let (s, v) = token(&sb.eu_url(), &form).await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["geolocation"], sb.eu_url());
    assert!(v["refresh_expires_in"].is_number());
    let (s, _) = token(&sb.eu_url(), &form).await;
    assert_eq!(s, 401, "a request token works once");
    // Rotation: the new refresh token works, the old one gives 108.
    let r1 = v["refresh_token"].as_str().unwrap().to_owned();
    let (s, v2) = token(
        &sb.eu_url(),
        &[("grant_type", "refresh_token"), ("refresh_token", &r1)],
    )
    .await;
    assert_eq!(s, 200);
    assert_ne!(v2["refresh_token"], r1.as_str());
    let (s, v3) = token(
        &sb.eu_url(),
        &[("grant_type", "refresh_token"), ("refresh_token", &r1)],
    )
    .await;
    assert_eq!((s, v3["code"].as_u64()), (401, Some(108)));
    // Zoë's token expires 15 minutes after issue.
    sb.advance_clock(15 * 60);
    let zoe = &reqs[0];
    let (s, v) = token(
        &sb.us_url(),
        &[
            ("grant_type", "password"),
            ("username", &zoe.user_id),
            ("password", &zoe.request_token),
            ("credtype", "authtoken"),
        ],
    )
    .await;
    assert_eq!((s, v["code"].as_u64()), (401, Some(5)));
}

#[tokio::test]
async fn token_endpoint_rejects_charset_and_secrets_in_the_url() {
    let sb = start().await;
    let r = http()
        .post(format!("{}/oauth2/v0/token", sb.us_url()))
        .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
        .body(format!("client_id={DEMO_CLIENT_ID}&client_secret={DEMO_CLIENT_SECRET}&grant_type=client_credentials"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let r = http()
        .post(format!("{}/oauth2/v0/token?client_secret=x", sb.us_url()))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(format!("client_id={DEMO_CLIENT_ID}&client_secret={DEMO_CLIENT_SECRET}&grant_type=client_credentials"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let (s, v) = token(&sb.us_url(), &[("grant_type", "client_credentials")]).await;
    assert_eq!(s, 200, "{v}");
    let (s, v) = token(
        &sb.us_url(),
        &[
            ("grant_type", "otp"),
            ("channel_handle", "zoe.obrien@example.com"),
            ("channel_type", "email"),
            ("otp", "123456"),
        ],
    )
    .await;
    assert_eq!(s, 200, "{v}");
}

#[tokio::test]
async fn every_fault_kind_and_cors_and_correlation() {
    let sb = start().await;
    let tok = supplier_token(&sb).await;
    let path = "/api/v3.2/common/connectionrequests".to_owned();
    let f = |kind| Fault {
        method: Some("GET".into()),
        path_prefix: path.clone(),
        kind,
        times: 1,
        body_contains: None,
    };
    sb.inject_fault(f(FaultKind::Status { status: 503 }));
    assert_eq!(list(&sb, &tok, "", None).await.status(), 503);
    sb.inject_fault(f(FaultKind::RateLimit {
        retry_after_secs: 7,
    }));
    let r = list(&sb, &tok, "", None).await;
    assert_eq!(
        (
            r.status().as_u16(),
            r.headers()["retry-after"].to_str().unwrap()
        ),
        (429, "7")
    );
    sb.inject_fault(f(FaultKind::Malformed));
    assert!(
        serde_json::from_str::<Value>(&list(&sb, &tok, "", None).await.text().await.unwrap())
            .is_err()
    );
    sb.inject_fault(f(FaultKind::ExpiredToken));
    assert_eq!(list(&sb, &tok, "", None).await.status(), 401);
    sb.inject_fault(f(FaultKind::Drop));
    let dropped = http()
        .get(format!("{}{path}/", sb.us_url()))
        .bearer_auth(&tok)
        .send()
        .await;
    let failed = match dropped {
        Err(_) => true,
        Ok(r) => r.bytes().await.is_err(),
    };
    assert!(failed, "the dropped connection must fail the read");
    sb.inject_fault(f(FaultKind::Latency { ms: 50 }));
    assert_eq!(list(&sb, &tok, "", None).await.status(), 200);
    assert_eq!(
        list(&sb, &tok, "", None).await.status(),
        200,
        "faults are used up"
    );
    let r = http()
        .get(format!("{}{path}/", sb.us_url()))
        .bearer_auth(&tok)
        .header("concur-correlationid", "abc-123")
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["concur-correlationid"], "abc-123");
    let r = http()
        .request(
            reqwest::Method::OPTIONS,
            format!("{}/oauth2/v0/token", sb.us_url()),
        )
        .header("Origin", "http://localhost:5173")
        .header("Access-Control-Request-Method", "POST")
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success());
    assert!(r.headers().contains_key("access-control-allow-origin"));
}

#[tokio::test]
async fn create_and_delete_and_admin_clock() {
    let sb = start().await;
    let tok = supplier_token(&sb).await;
    let r = http()
        .post(format!(
            "{}/api/v3.2/common/connectionrequests/?user=user1%40demo.test",
            sb.us_url()
        ))
        .bearer_auth(&tok)
        .header("Content-Length", "0")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 409, "user 1 already has a pending request");
    let id = sb.requests()[0].id.clone();
    assert_eq!(put(&sb, &tok, &id, "CRSUC").await, 204);
    let r = http()
        .post(format!(
            "{}/api/v3.2/common/connectionrequests/?user=user1%40demo.test",
            sb.us_url()
        ))
        .bearer_auth(&tok)
        .header("Content-Length", "0")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("<CreateResponse><ID>"));
    let r = http()
        .delete(format!(
            "{}/api/v3.0/common/connectionrequests/{}",
            sb.us_url(),
            sb.requests()[1].id
        ))
        .bearer_auth(&tok)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let before = sb.now();
    let r = http()
        .post(format!("{}/_sandbox/clock/advance?secs=3600", sb.us_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(sb.now() >= before + 3600);
}

/// Every path in `v` whose value is `null`.
fn nulls(v: &Value, path: &str, out: &mut Vec<String>) {
    match v {
        Value::Null => out.push(path.to_owned()),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .for_each(|(i, x)| nulls(x, &format!("{path}[{i}]"), out)),
        Value::Object(m) => m
            .iter()
            .for_each(|(k, x)| nulls(x, &format!("{path}.{k}"), out)),
        _ => {}
    }
}

#[tokio::test]
async fn pages_leave_out_what_a_user_has_not_got_instead_of_null() {
    // Issue 24, item 2: the swagger types loyaltyNumber (and middleName, the emails) as
    // strings and the docs say loyaltyNumber is absent for users without one.
    let sb = start().await;
    let tok = supplier_token(&sb).await;
    let mut seen_without_loyalty = 0;
    for query in ["?limit=10", "?limit=10&offset=10"] {
        let v: Value = list(&sb, &tok, query, Some("application/json"))
            .await
            .json()
            .await
            .unwrap();
        let mut found = Vec::new();
        nulls(&v["Items"], "Items", &mut found);
        assert!(found.is_empty(), "nulls at {found:?}");
        for item in v["Items"].as_array().unwrap() {
            let user = DEMO_USERS.iter().find(|u| item["lastName"] == u.1).unwrap();
            if user.3.is_empty() {
                seen_without_loyalty += 1;
                assert!(item.get("loyaltyNumber").is_none(), "{item}");
            } else {
                assert_eq!(item["loyaltyNumber"], user.3);
            }
        }
    }
    assert!(seen_without_loyalty > 0);
}

#[tokio::test]
async fn posted_proposals_come_back_with_the_server_dates_and_no_nulls() {
    // Issue 24, item 2: Concur sets importDate and the entries' transactionDate; it does not
    // echo nulls.
    let sb = start().await;
    let (s, v) = token(&sb.us_url(), &[("grant_type", "client_credentials")]).await;
    assert_eq!(s, 200, "{v}");
    let tok = v["access_token"].as_str().unwrap().to_owned();
    let req = sb.travel_requests().into_iter().next().unwrap();
    let r = http()
        .post(format!(
            "{}/travelrequest/v4/requests/{}/agencyproposals?userId={TMC_AGENT_ID}",
            sb.us_url(),
            req.id
        ))
        .bearer_auth(&tok)
        .header("Content-Type", "application/json")
        .body(
            serde_json::json!({
                "providerMessageId": "B-1", "proposalBatchSize": 1, "proposalOrder": 1,
                "booked": false, "comments": null,
                "totalPostedAmount": {"value": 10, "currency": "USD"},
                "agencyProposalEntries": [{"agencyProposalSegments": [{
                    "proposalSegmentType": "HOTEL", "pnr": "P", "booked": false,
                    "vendorName": "Acme", "name": "Acme",
                    "location": {"city": "Paris", "iataCode": null, "latitude": null}
                }]}]
            })
            .to_string(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let p: Value = r.json().await.unwrap();
    let mut found = Vec::new();
    nulls(&p, "", &mut found);
    assert!(found.is_empty(), "nulls echoed at {found:?}");
    let imported = p["importDate"].as_str().unwrap();
    assert!(
        imported.ends_with('Z') && imported.len() == 20,
        "{imported}"
    );
    assert_eq!(
        p["agencyProposalEntries"][0]["transactionDate"],
        imported[..10]
    );
    assert_eq!(
        p["agencyProposalEntries"][0]["agencyProposalSegments"][0]["location"],
        serde_json::json!({"city": "Paris"})
    );
}
