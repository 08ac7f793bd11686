//! OAuth2 rotation and secrecy over a scripted transport: 108 on a 401-triggered refresh, a
//! failed persist that never lets the new access token onto the wire, OTP and revoke answers,
//! and every type holding a secret formatted without it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod oauth_support;

use oauth_support::*;
use std::sync::Arc;
use triplink_core::api::oauth::*;
use triplink_core::client::*;
use triplink_core::flow::token_lifecycle::CompanyRequestToken;
use triplink_core::transport::{HttpRequest, HttpResponse, Method};
use triplink_core::{ApiConfig, ErrorCode, Secret};

#[test]
fn code_108_on_a_401_refresh_asks_for_reauthorisation_and_keeps_the_store() {
    let store = Arc::new(InMemoryTokenStore::new());
    let r = rig(store.clone());
    r.t.push_response(granted("a1", "r1", US));
    block_on(r.m.login("k", None, &Grant::ClientCredentials)).unwrap();
    r.t.push_response(HttpResponse::new(401, ""));
    r.t.push_response(HttpResponse::new(
        400,
        fixture("error_108_string_code.json"),
    ));
    let session = ApiSession::new(
        r.exec.clone(),
        r.m.clone(),
        "k",
        ApiConfig::new(US).unwrap(),
    );
    let build = |c: &ApiConfig, t: &Secret| {
        Ok(
            HttpRequest::new(Method::Get, format!("{}/api/x", c.base_url()))
                .with_header("Authorization", format!("Bearer {}", t.expose())),
        )
    };
    let e = block_on(session.call(build)).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Reauthorize);
    assert_eq!(e.api_failure().unwrap().api_code.as_deref(), Some("108"));
    assert_eq!(
        e.api_failure().unwrap().body,
        None,
        "token bodies are never kept"
    );
    assert_eq!(r.t.requests().len(), 3, "no resend without a token");
    let kept = block_on(store.load("k")).unwrap().unwrap();
    assert_eq!(kept.refresh_token.unwrap().expose(), "r1");
}

#[test]
fn a_failed_persist_keeps_the_new_access_token_off_the_wire() {
    let store = Arc::new(FailingStore::default());
    let r = rig(store.clone());
    r.t.push_response(granted("a1", "r1", US));
    block_on(r.m.login("k", None, &Grant::ClientCredentials)).unwrap();
    r.t.push_response(HttpResponse::new(401, ""));
    r.t.push_response(granted("a2-SECRET", "r2-SECRET", US));
    let session = ApiSession::new(
        r.exec.clone(),
        r.m.clone(),
        "k",
        ApiConfig::new(US).unwrap(),
    );
    let build = |c: &ApiConfig, t: &Secret| {
        Ok(
            HttpRequest::new(Method::Get, format!("{}/api/x", c.base_url()))
                .with_header("Authorization", format!("Bearer {}", t.expose())),
        )
    };
    let e = block_on(session.call(build)).unwrap_err();
    assert!(e.to_string().contains("disk full"));
    assert!(!format!("{e} {e:?}").contains("SECRET"));
    let reqs = r.t.requests();
    assert_eq!(
        reqs.len(),
        3,
        "login, the 401 call, the refresh — and no resend"
    );
    assert!(reqs
        .iter()
        .all(|q| q.header("authorization") != Some("Bearer a2-SECRET")));
    let kept = block_on(store.load("k")).unwrap().unwrap();
    assert_eq!(
        kept.refresh_token.unwrap().expose(),
        "r1",
        "the old refresh token is still there"
    );
    assert_eq!(kept.access_token.expose(), "a1");
}

#[test]
fn every_type_holding_a_secret_formats_without_it() {
    let r = rig(Arc::new(InMemoryTokenStore::new()));
    let s = |v: &str| Secret::new(format!("{v}-SECRET"));
    let grants = [
        Grant::Password {
            username: "u".into(),
            password: s("pw"),
        },
        Grant::CompanyAuthToken {
            company_id: "c".into(),
            request_token: s("crt"),
        },
        Grant::AppCenterUser {
            user_id: "u".into(),
            request_token: s("act"),
        },
        Grant::ConnectionRequest {
            user_id: "u".into(),
            request_token: s("rt"),
        },
        Grant::RefreshToken {
            refresh_token: s("ref"),
            scope: None,
        },
        Grant::ClientCredentials,
        Grant::AuthorizationCode {
            code: s("code"),
            redirect_uri: "https://a.test/cb".into(),
        },
        Grant::Otp {
            channel_handle: "p@x.com".into(),
            otp: s("otp"),
            scope: None,
        },
    ];
    let glz = ApiConfig::new(GLZ).unwrap();
    let mut out = String::new();
    for g in &grants {
        let req = build_token_request(&glz, &creds(), g).unwrap();
        out += &format!("{g:?} {req:?} ");
    }
    let TokenReply::Granted(set) =
        parse_token_response(&granted("acc-SECRET", "ref-SECRET", US), &glz, 0).unwrap()
    else {
        panic!()
    };
    let reply = TokenReply::Granted(set.clone());
    let access = AccessGrant {
        token: s("acc"),
        base_url: US.into(),
    };
    let crt = CompanyRequestToken::new(s("crt"), 0);
    let cfg = r.m.config().clone();
    out += &format!(
        "{set:?} {reply:?} {access:?} {crt:?} {cfg:?} {:?} {:?} {:?}",
        creds(),
        r.m,
        s("x")
    );
    out += &format!("{}", s("x"));
    out += &format!(
        "{:?}",
        build_otp_request(&glz, &creds(), "p@x.com", &[]).unwrap()
    );
    out += &format!("{:?}", build_revoke_request(&glz, &s("acc")));
    let resp = HttpResponse::new(
        400,
        r#"{"code":64,"error":"invalid_client","error_description":"Incorrect credentials","refresh_token":"ref-SECRET"}"#,
    );
    out += &format!("{resp:?} {:?}", oauth_error(&resp));
    let e = parse_token_response(&resp, &glz, 0).unwrap_err();
    out += &format!("{e} {e:?}");
    assert!(!out.contains("SECRET"), "{out}");
    assert!(out.contains("Secret(***)") && out.contains("Incorrect credentials"));
}

#[test]
fn otp_and_revoke_answers_are_checked() {
    assert!(parse_otp_response(&HttpResponse::new(200, fixture("otp_sent.json"))).is_ok());
    let e = parse_otp_response(&HttpResponse::new(400, r#"{"code":82,"error":"invalid_request","error_description":"number of open otp requests exceeded"}"#)).unwrap_err();
    assert_eq!(e.code(), ErrorCode::RateLimited);
    let store = Arc::new(InMemoryTokenStore::new());
    let r = rig(store.clone());
    r.t.push_response(granted("a1", "r1", US));
    block_on(r.m.login("k", None, &Grant::ClientCredentials)).unwrap();
    r.t.push_response(HttpResponse::new(200, ""));
    block_on(r.m.revoke("k")).unwrap();
    let req = r.t.requests().pop().unwrap();
    assert_eq!(
        (req.method, req.url.as_str()),
        (
            Method::Delete,
            "https://us.api.concursolutions.com/app-mgmt/v0/connections"
        )
    );
    assert_eq!(req.header("Authorization"), Some("Bearer a1"));
    assert!(req.body.is_empty());
    assert!(
        block_on(store.load("k")).unwrap().is_none(),
        "forgotten after revoke"
    );
}

#[test]
fn revoke_refreshes_on_401_and_forgets_dead_grants_only() {
    let store = Arc::new(InMemoryTokenStore::new());
    let r = rig(store.clone());
    r.t.push_response(granted("a1", "r1", US));
    block_on(r.m.login("k", None, &Grant::ClientCredentials)).unwrap();
    r.t.push_response(HttpResponse::new(401, ""));
    r.t.push_response(granted("a2", "r2", US));
    r.t.push_response(HttpResponse::new(200, ""));
    block_on(r.m.revoke("k")).unwrap();
    let reqs = r.t.requests();
    assert_eq!(reqs.len(), 4);
    assert_eq!(reqs[3].method, Method::Delete);
    assert_eq!(reqs[3].header("Authorization"), Some("Bearer a2"));
    assert!(block_on(store.load("k")).unwrap().is_none());
    // Nothing stored: nothing to revoke, nothing sent.
    block_on(r.m.revoke("never-connected")).unwrap();
    assert_eq!(r.t.requests().len(), 4);

    // The refresh token is already dead (108): forgotten, Ok.
    r.t.push_response(granted("b1", "rb1", US));
    block_on(r.m.login("b", None, &Grant::ClientCredentials)).unwrap();
    r.clock.advance_ms(3_600_000);
    r.t.push_response(HttpResponse::new(
        400,
        fixture("error_108_string_code.json"),
    ));
    block_on(r.m.revoke("b")).unwrap();
    assert!(block_on(store.load("b")).unwrap().is_none());

    // The app's own credentials are refused (64): an error, and the store is kept.
    r.t.push_response(granted("c1", "rc1", US));
    block_on(r.m.login("c", None, &Grant::ClientCredentials)).unwrap();
    r.clock.advance_ms(3_600_000);
    r.t.push_response(HttpResponse::new(
        401,
        r#"{"code":64,"error":"invalid_client"}"#,
    ));
    let e = block_on(r.m.revoke("c")).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Reauthorize);
    assert!(block_on(store.load("c")).unwrap().is_some());
    assert_eq!(r.t.remaining(), 0);
}

#[test]
fn token_info_refresh_if_due_and_refresh_now_answer_without_secrets() {
    let store = Arc::new(InMemoryTokenStore::new());
    let r = rig(store.clone());
    assert_eq!(block_on(r.m.token_info("k")).unwrap(), None);
    let gone = block_on(r.m.refresh_now("k")).unwrap_err();
    assert_eq!(gone.code(), ErrorCode::Reauthorize);
    r.t.push_response(granted("a1-SECRET", "r1-SECRET", US));
    block_on(r.m.login("k", None, &Grant::ClientCredentials)).unwrap();
    let info = block_on(r.m.token_info("k")).unwrap().unwrap();
    assert_eq!(info.expires_at, T0_SECS + 3600);
    assert_eq!(info.geolocation.as_deref(), Some(US));
    assert!(info.has_refresh_token);
    assert!(!format!("{info:?}").contains("SECRET"));
    let due = block_on(r.m.refresh_if_due("k")).unwrap();
    assert_eq!(due.as_ref(), Some(&info));
    assert_eq!(r.t.requests().len(), 1, "a fresh token is not refreshed");
    r.clock.advance_ms(600_000);
    r.t.push_response(granted("a2-SECRET", "r2-SECRET", US));
    let now = block_on(r.m.refresh_now("k")).unwrap().unwrap();
    let reqs = r.t.requests();
    assert_eq!(reqs.len(), 2, "one refresh");
    assert!(form_body(&reqs[1]).contains("grant_type=refresh_token"));
    assert!(form_body(&reqs[1]).contains("r1-SECRET"));
    assert_eq!(now.expires_at, T0_SECS + 600 + 3600);
    let kept = block_on(store.load("k")).unwrap().unwrap();
    assert_eq!(kept.refresh_token.unwrap().expose(), "r2-SECRET");
}
