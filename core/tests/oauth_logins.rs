//! OAuth2 logins end to end over a scripted transport: the company-level login of the TMC guide
//! (seed 003) with its 24 h / 5-use request token, the connection-request exchange keyed by user
//! id, password login, HTTP redirects never followed, error-16 hops, a loopback host the caller
//! adds, and geolocations off the allow-list refused.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod oauth_support;

use oauth_support::*;
use std::sync::Arc;
use triplink_core::api::oauth::*;
use triplink_core::client::*;
use triplink_core::flow::geolocation::GeoAllowList;
use triplink_core::flow::token_lifecycle::CompanyRequestToken;
use triplink_core::model::TokenSet;
use triplink_core::transport::{HttpResponse, Method};
use triplink_core::{ApiConfig, ErrorCode, Secret};

#[test]
fn company_login_follows_the_tmc_guide_and_stores_the_trimmed_geolocation() {
    let store = Arc::new(InMemoryTokenStore::new());
    let r = rig(store.clone());
    r.t.push_response(HttpResponse::new(
        200,
        fixture("token_company_seed003.json"),
    ));
    let mut crt = CompanyRequestToken::new(Secret::new("fd44-crt"), T0_SECS - 3600);
    let set = block_on(r.m.company_login("company-3b", "3b-company-uuid", &mut crt)).unwrap();
    let req = &r.t.requests()[0];
    assert_eq!(
        (req.method, req.url.as_str()),
        (
            Method::Post,
            "https://glz.api.concursolutions.com/oauth2/v0/token"
        )
    );
    assert_eq!(
        req.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert!(req
        .headers
        .iter()
        .all(|(k, v)| !k.eq_ignore_ascii_case("authorization") && !v.contains("fd44")));
    assert_eq!(
        form_body(req),
        "client_id=cid&client_secret=csecret-SECRET&grant_type=password&username=3b-company-uuid&password=fd44-crt&credtype=authtoken"
    );
    assert_eq!(set.geolocation.as_deref(), Some(US), "blank stripped");
    assert_eq!(set.expires_at, T0_SECS + 3600);
    assert_eq!(
        set.refresh_expires_at,
        Some(1_517_039_403),
        "an epoch, not a duration"
    );
    assert_eq!(crt.uses, 1);
    assert_eq!(block_on(store.load("company-3b")).unwrap().unwrap(), set);
    // The guide's id_token is not a JWT: reading it is a typed error that shows no part of it.
    let e = read_id_token_claims(set.id_token.as_ref().unwrap()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Decode);
    assert!(!e.to_string().contains("4n7i2"));
}

#[test]
fn company_request_token_is_refused_after_a_day_or_five_uses_without_a_request() {
    let r = rig(Arc::new(InMemoryTokenStore::new()));
    let mut old = CompanyRequestToken::new(Secret::new("crt"), T0_SECS - 24 * 3600);
    let e = block_on(r.m.company_login("c", "c-uuid", &mut old)).unwrap_err();
    assert_eq!(e.code(), ErrorCode::TokenExpired);
    assert!(e.to_string().contains("24 hour"), "{e}");
    let mut worn = CompanyRequestToken::new(Secret::new("crt"), T0_SECS);
    worn.uses = 5;
    let e = block_on(r.m.company_login("c", "c-uuid", &mut worn)).unwrap_err();
    assert_eq!(e.code(), ErrorCode::TokenExpired);
    assert!(r.t.requests().is_empty(), "no doomed request was sent");
    // A refused attempt still counts (the service counts every use).
    let mut crt = CompanyRequestToken::new(Secret::new("crt"), T0_SECS);
    r.t.push_response(HttpResponse::new(400, r#"{"code":136,"error":"invalid_request","error_description":"Authtoken was not issued for you"}"#));
    let e = block_on(r.m.company_login("c", "c-uuid", &mut crt)).unwrap_err();
    assert_eq!((e.code(), crt.uses), (ErrorCode::Auth, 1));
    assert!(e.to_string().contains("Authtoken was not issued for you"));
}

#[test]
fn request_token_exchange_is_keyed_by_user_id_and_checked_to_the_second() {
    let store = Arc::new(InMemoryTokenStore::new());
    let r = rig(store.clone());
    let issued = T0_SECS as i64 - 15 * 60 + 1; // one second of life left
    r.t.push_response(granted("acc", "ref", US));
    block_on(r.m.exchange_request_token("user-7", &Secret::new("rt-7"), issued)).unwrap();
    assert_eq!(
        form_body(&r.t.requests()[0]),
        "client_id=cid&client_secret=csecret-SECRET&grant_type=password&username=user-7&password=rt-7&credtype=authtoken"
    );
    assert!(block_on(store.load("user-7")).unwrap().is_some());
    r.clock.advance_ms(1000);
    let e =
        block_on(r.m.exchange_request_token("user-8", &Secret::new("rt-8"), issued)).unwrap_err();
    assert_eq!(e.code(), ErrorCode::TokenExpired);
    assert_eq!(r.t.requests().len(), 1);
}

#[test]
fn password_login_sends_user_credentials_to_the_given_base() {
    let r = rig(Arc::new(InMemoryTokenStore::new()));
    r.t.push_response(granted("acc", "ref", US));
    let us = ApiConfig::new(US).unwrap();
    block_on(r.m.password_login("pat", Some(&us), "pat@x.com", &Secret::new("pw"))).unwrap();
    let req = &r.t.requests()[0];
    assert_eq!(
        req.url,
        "https://us.api.concursolutions.com/oauth2/v0/token"
    );
    assert_eq!(
        form_body(req),
        "client_id=cid&client_secret=csecret-SECRET&grant_type=password&username=pat%40x.com&password=pw&credtype=password"
    );
}

#[test]
fn http_redirects_are_never_followed() {
    let r = rig(Arc::new(InMemoryTokenStore::new()));
    r.t.push_response(HttpResponse::new(302, "").with_header(
        "Location",
        "https://us.api.concursolutions.com/oauth2/v0/token",
    ));
    let e = block_on(r.m.grant(None, &Grant::ClientCredentials)).unwrap_err();
    assert_eq!((e.code(), e.status()), (ErrorCode::Http, Some(302)));
    assert_eq!(r.t.requests().len(), 1);
}

#[test]
fn error_16_with_string_code_and_path_redirects_and_keeps_the_success_geolocation() {
    let store = Arc::new(InMemoryTokenStore::new());
    let r = rig(store.clone());
    r.t.push_response(HttpResponse::new(
        400,
        fixture("error_16_string_code_with_path.json"),
    ));
    // The success names no geolocation: the host it came from is stored, not GLZ.
    r.t.push_response(HttpResponse::new(
        200,
        r#"{"access_token":"a","expires_in":"3600"}"#,
    ));
    let set = block_on(r.m.login("k", None, &Grant::ClientCredentials)).unwrap();
    let reqs = r.t.requests();
    assert_eq!(
        reqs[1].url,
        "https://emea.api.concursolutions.com/oauth2/v0/token"
    );
    assert_eq!(reqs[0].body, reqs[1].body, "the same body is re-sent");
    assert_eq!(
        set.geolocation.as_deref(),
        Some("https://emea.api.concursolutions.com")
    );
}

#[test]
fn redirect_to_a_loopback_sandbox_is_allowed_only_when_added() {
    let sandbox_us = "http://127.0.0.1:18080";
    let sandbox_eu = "http://127.0.0.1:18081";
    let r = rig_with(
        Arc::new(InMemoryTokenStore::new()),
        GeoAllowList::empty().allow(sandbox_eu),
        sandbox_us,
    );
    r.t.push_response(HttpResponse::new(
        400,
        format!(r#"{{"code":16,"geolocation":"{sandbox_eu}/"}}"#),
    ));
    r.t.push_response(granted("a", "r", sandbox_eu));
    let set = block_on(r.m.grant(None, &Grant::ClientCredentials)).unwrap();
    assert_eq!(set.geolocation.as_deref(), Some(sandbox_eu));
    assert_eq!(
        r.t.requests()[1].url,
        "http://127.0.0.1:18081/oauth2/v0/token"
    );
    // Not added: the default list does not trust arbitrary loopback ports.
    let r = rig_with(
        Arc::new(InMemoryTokenStore::new()),
        GeoAllowList::empty(),
        sandbox_us,
    );
    r.t.push_response(HttpResponse::new(
        400,
        format!(r#"{{"code":16,"geolocation":"{sandbox_eu}"}}"#),
    ));
    assert_eq!(
        block_on(r.m.grant(None, &Grant::ClientCredentials))
            .unwrap_err()
            .code(),
        ErrorCode::Geolocation
    );
    assert_eq!(r.t.requests().len(), 1);
}

#[test]
fn a_success_or_stored_geolocation_off_the_allow_list_is_never_used() {
    let store = Arc::new(InMemoryTokenStore::new());
    let r = rig(store.clone());
    r.t.push_response(granted("a", "r", "https://collector.example"));
    let e = block_on(r.m.login("k", None, &Grant::ClientCredentials)).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Geolocation);
    assert!(
        block_on(store.load("k")).unwrap().is_none(),
        "nothing stored"
    );
    // A store written elsewhere with a foreign geolocation: no refresh is sent there.
    let mut set = TokenSet {
        access_token: Secret::new("old"),
        token_type: "Bearer".into(),
        expires_at: T0_SECS,
        refresh_token: Some(Secret::new("r")),
        refresh_expires_at: None,
        scope: None,
        id_token: None,
        geolocation: Some("https://collector.example".into()),
    };
    block_on(store.save("k", &set)).unwrap();
    assert_eq!(
        block_on(r.m.access_token("k")).unwrap_err().code(),
        ErrorCode::Geolocation
    );
    set.geolocation = Some(US.into());
    block_on(store.save("k", &set)).unwrap();
    r.t.push_response(granted("new", "r2", US));
    assert_eq!(
        block_on(r.m.access_token("k")).unwrap().token.expose(),
        "new"
    );
    assert_eq!(r.t.requests().len(), 2);
}

#[test]
fn the_single_use_connection_request_exchange_is_never_retried_blindly() {
    use triplink_core::flow::retry::RetryPolicy;
    use triplink_core::transport::{ScriptedTransport, TransportErrorKind};
    let t = Arc::new(ScriptedTransport::new());
    let clock = Arc::new(ManualClock::new(1_000));
    // The default policy: 4 attempts for what is safe to repeat.
    let exec = HttpExecutor::new(
        t.clone(),
        Arc::new(RecordingSleeper::new(clock.clone())),
        Arc::new(FixedJitter(0.0)),
        RetryPolicy::default(),
    );
    let m = TokenManager::new(
        exec,
        Arc::new(InMemoryTokenStore::new()),
        clock,
        TokenManagerConfig::new(creds(), ApiConfig::new(US).unwrap()),
    );
    let token = Secret::new("rqt-1");
    // A 500 and a timeout may have consumed the token: one attempt each, no retry.
    t.push_response(HttpResponse::new(500, ""));
    let e = block_on(m.exchange_connection_request("u1", "u1", &token, None)).unwrap_err();
    assert_eq!(e.status(), Some(500));
    assert_eq!(t.requests().len(), 1);
    t.push_failure(TransportErrorKind::Timeout, "no answer");
    block_on(m.exchange_connection_request("u1", "u1", &token, None)).unwrap_err();
    assert_eq!(t.requests().len(), 2);
    // A refused connection never reached Concur: that one is retried.
    t.push_failure(TransportErrorKind::Connect, "refused");
    t.push_response(granted("a1", "r1", US));
    block_on(m.exchange_connection_request("u1", "u1", &token, None)).unwrap();
    assert_eq!(t.requests().len(), 4);
}
