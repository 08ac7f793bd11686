//! OAuth2: every grant's exact request, every documented response and error shape, and the
//! redirect / rotation flows over a scripted transport (loops, foreign hosts, 108 during
//! refresh, a store that fails between refresh and persist), with secrets kept out of output.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;
use triplink_core::api::oauth::*;
use triplink_core::client::*;
use triplink_core::flow::retry::RetryPolicy;
use triplink_core::model::{ClientCredentials, TokenSet};
use triplink_core::transport::{HttpResponse, Method, ScriptedTransport};
use triplink_core::{ApiConfig, ErrorCode, Result, Secret, TriplinkError};

fn block_on<F: std::future::Future>(f: F) -> F::Output {
    use std::task::{Context, Poll, Waker};
    let mut f = std::pin::pin!(f);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
            return v;
        }
    }
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/../tests/fixtures/oauth/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn creds() -> ClientCredentials {
    ClientCredentials {
        client_id: "cid".into(),
        client_secret: Secret::new("csecret"),
    }
}

fn glz() -> ApiConfig {
    ApiConfig::new("https://glz.api.concursolutions.com").unwrap()
}

fn body(grant: &Grant) -> String {
    let r = build_token_request(&glz(), &creds(), grant).unwrap();
    assert_eq!(r.method, Method::Post);
    assert_eq!(r.url, "https://glz.api.concursolutions.com/oauth2/v0/token");
    assert_eq!(
        r.header("Content-Type"),
        Some("application/x-www-form-urlencoded")
    );
    assert!(r
        .headers
        .iter()
        .all(|(k, v)| !v.contains("csecret") && !k.eq_ignore_ascii_case("authorization")));
    String::from_utf8(r.body).unwrap()
}

#[test]
fn every_grant_builds_its_exact_form_body() {
    let s = Secret::new;
    assert_eq!(body(&Grant::Password { username: "pat@x.com".into(), password: s("p&w d") }),
        "client_id=cid&client_secret=csecret&grant_type=password&username=pat%40x.com&password=p%26w+d&credtype=password");
    assert_eq!(body(&Grant::CompanyAuthToken { company_id: "c-uuid".into(), request_token: s("crt") }),
        "client_id=cid&client_secret=csecret&grant_type=password&username=c-uuid&password=crt&credtype=authtoken");
    assert_eq!(body(&Grant::AppCenterUser { user_id: "u1".into(), request_token: s("rt") }),
        "client_id=cid&client_secret=csecret&grant_type=password&username=u1&password=rt&credtype=authtoken");
    assert_eq!(body(&Grant::ConnectionRequest { user_id: "u2".into(), request_token: s("crt2") }),
        "client_id=cid&client_secret=csecret&grant_type=password&username=u2&password=crt2&credtype=authtoken");
    assert_eq!(
        body(&Grant::RefreshToken {
            refresh_token: s("r1"),
            scope: None
        }),
        "client_id=cid&client_secret=csecret&grant_type=refresh_token&refresh_token=r1"
    );
    assert_eq!(body(&Grant::RefreshToken { refresh_token: s("r1"), scope: Some("openid ITINER".into()) }),
        "client_id=cid&client_secret=csecret&grant_type=refresh_token&refresh_token=r1&scope=openid+ITINER");
    assert_eq!(
        body(&Grant::ClientCredentials),
        "client_id=cid&client_secret=csecret&grant_type=client_credentials"
    );
    assert_eq!(body(&Grant::AuthorizationCode { code: s("c0de"), redirect_uri: "https://app.test/cb".into() }),
        "client_id=cid&client_secret=csecret&grant_type=authorization_code&redirect_uri=https%3A%2F%2Fapp.test%2Fcb&code=c0de");
    assert_eq!(body(&Grant::Otp { channel_handle: "pat@x.com".into(), otp: s("123456"), scope: None }),
        "client_id=cid&client_secret=csecret&grant_type=otp&channel_handle=pat%40x.com&channel_type=email&otp=123456");
    let otp = build_otp_request(&glz(), &creds(), "pat@x.com", &[("name", "Pat".into())]).unwrap();
    assert_eq!(otp.url, "https://glz.api.concursolutions.com/oauth2/v0/otp");
    assert_eq!(otp.body, b"client_id=cid&client_secret=csecret&channel_handle=pat%40x.com&channel_type=email&name=Pat");
    let rv = build_revoke_request(
        &ApiConfig::new("https://us.api.concursolutions.com").unwrap(),
        &s("acc"),
    );
    assert_eq!(
        (rv.method, rv.url.as_str()),
        (
            Method::Delete,
            "https://us.api.concursolutions.com/app-mgmt/v0/connections"
        )
    );
    assert_eq!(rv.header("Authorization"), Some("Bearer acc"));
}

#[test]
fn bad_grant_input_is_refused_before_sending() {
    let empty_secret = ClientCredentials {
        client_id: "cid".into(),
        client_secret: Secret::new(""),
    };
    assert_eq!(
        build_token_request(&glz(), &empty_secret, &Grant::ClientCredentials)
            .unwrap_err()
            .code(),
        ErrorCode::InvalidInput
    );
    let e = build_token_request(
        &glz(),
        &creds(),
        &Grant::Password {
            username: "".into(),
            password: Secret::new("x"),
        },
    )
    .unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    assert!(build_otp_request(&glz(), &creds(), "not-an-email", &[]).is_err());
}

#[test]
fn token_responses_absorb_the_documented_drift() {
    let TokenReply::Granted(t) = parse_token_response(
        &HttpResponse::new(200, fixture("token_reference_doc.json")),
        &glz(),
        1_000,
    )
    .unwrap() else {
        panic!()
    };
    assert_eq!(t.expires_at, 4_600, "expires_in as a string");
    assert_eq!(
        t.refresh_expires_at,
        Some(1_574_729_993),
        "refresh_expires_in is an epoch"
    );
    assert_eq!(
        t.geolocation.as_deref(),
        Some("https://us.api.concursolutions.com")
    );
    let claims = read_id_token_claims(t.id_token.as_ref().unwrap()).unwrap();
    assert_eq!(
        claims.sub.as_deref(),
        Some("3a7c99a1-0000-4000-8000-000000000001")
    );
    assert_eq!(claims.concur_type.as_deref(), Some("user"));
    let TokenReply::Granted(t) = parse_token_response(
        &HttpResponse::new(200, fixture("token_tmc_guide.json")),
        &glz(),
        0,
    )
    .unwrap() else {
        panic!()
    };
    assert_eq!(
        (t.expires_at, t.refresh_expires_at),
        (3600, Some(1_574_729_993))
    );
    assert_eq!(
        t.geolocation.as_deref(),
        Some("https://emea.api.concursolutions.com"),
        "path and blanks stripped"
    );
}

#[test]
fn token_errors_are_typed_with_documented_meanings() {
    let r = HttpResponse::new(400, fixture("error_16.json"));
    assert_eq!(
        parse_token_response(&r, &glz(), 0).unwrap(),
        TokenReply::LivesElsewhere {
            geolocation: "https://us.api.concursolutions.com".into()
        }
    );
    let e = parse_token_response(
        &HttpResponse::new(400, fixture("error_108_string_code.json")),
        &glz(),
        0,
    )
    .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Reauthorize);
    assert_eq!(e.api_failure().unwrap().api_code.as_deref(), Some("108"));
    for (code, want) in [
        (53, ErrorCode::Reauthorize),
        (59, ErrorCode::Reauthorize),
        (61, ErrorCode::Reauthorize),
        (64, ErrorCode::Reauthorize),
        (14, ErrorCode::Auth),
        (52, ErrorCode::InvalidInput),
    ] {
        let b = format!(r#"{{"code":{code},"error":"invalid_grant","error_description":"x"}}"#);
        assert_eq!(
            parse_token_response(&HttpResponse::new(400, b), &glz(), 0)
                .unwrap_err()
                .code(),
            want,
            "{code}"
        );
    }
    let e = parse_token_response(
        &HttpResponse::new(
            401,
            r#"{"code":14,"error":"invalid_grant","error_description":"Account Locked"}"#,
        ),
        &glz(),
        0,
    )
    .unwrap_err();
    assert!(e.to_string().contains("Account Locked"));
    assert_eq!(
        parse_token_response(&HttpResponse::new(500, "<html>oops</html>"), &glz(), 0)
            .unwrap_err()
            .code(),
        ErrorCode::Http
    );
    let e = parse_token_response(
        &HttpResponse::new(200, r#"{"access_token":"tok-LEAK","expires_in":[1]}"#),
        &glz(),
        0,
    )
    .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Decode);
    assert!(!e.to_string().contains("tok-LEAK"));
    assert!(parse_token_response(
        &HttpResponse::new(200, r#"{"token_type":"Bearer"}"#),
        &glz(),
        0
    )
    .is_err());
}

fn granted(access: &str, refresh: &str, geo: &str) -> HttpResponse {
    HttpResponse::new(
        200,
        format!(
            r#"{{"access_token":"{access}","token_type":"Bearer","expires_in":"3600","refresh_token":"{refresh}","refresh_expires_in":99999999999,"geolocation":"{geo}"}}"#
        ),
    )
}

fn manager(store: Arc<dyn TokenStore>) -> (Arc<ScriptedTransport>, Arc<ManualClock>, TokenManager) {
    let t = Arc::new(ScriptedTransport::new());
    let clock = Arc::new(ManualClock::new(1_000_000_000));
    let exec = HttpExecutor::new(
        t.clone(),
        Arc::new(RecordingSleeper::new(clock.clone())),
        Arc::new(FixedJitter(0.0)),
        RetryPolicy::never(),
    );
    let cfg = TokenManagerConfig::new(creds(), glz());
    (t, clock.clone(), TokenManager::new(exec, store, clock, cfg))
}

#[test]
fn geolocation_redirect_resends_the_same_body_and_stores_the_final_geolocation() {
    let store = Arc::new(InMemoryTokenStore::new());
    let (t, _, m) = manager(store.clone());
    t.push_response(HttpResponse::new(400, fixture("error_16.json")));
    t.push_response(granted("a1", "r1", "https://us.api.concursolutions.com"));
    let set = block_on(m.exchange_connection_request("user-1", "user-1", &Secret::new("rt"), None))
        .unwrap();
    assert_eq!(
        set.geolocation.as_deref(),
        Some("https://us.api.concursolutions.com")
    );
    let reqs = t.requests();
    assert_eq!(
        reqs[0].url,
        "https://glz.api.concursolutions.com/oauth2/v0/token"
    );
    assert_eq!(
        reqs[1].url,
        "https://us.api.concursolutions.com/oauth2/v0/token"
    );
    assert_eq!(reqs[0].body, reqs[1].body);
    assert!(block_on(store.load("user-1")).unwrap().is_some());
}

#[test]
fn redirect_loops_and_foreign_hosts_are_refused() {
    let (t, _, m) = manager(Arc::new(InMemoryTokenStore::new()));
    t.push_response(HttpResponse::new(
        400,
        r#"{"code":16,"geolocation":"https://evil.example"}"#,
    ));
    let e = block_on(m.grant(None, &Grant::ClientCredentials)).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Geolocation);
    assert_eq!(t.requests().len(), 1, "nothing sent to the foreign host");

    let (t, _, m) = manager(Arc::new(InMemoryTokenStore::new()));
    t.push_response(HttpResponse::new(
        400,
        r#"{"code":16,"geolocation":"https://us.api.concursolutions.com"}"#,
    ));
    t.push_response(HttpResponse::new(
        400,
        r#"{"code":16,"geolocation":"https://glz.api.concursolutions.com"}"#,
    ));
    let e = block_on(m.grant(None, &Grant::ClientCredentials)).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Geolocation);
    assert_eq!(t.requests().len(), 2);
}

#[test]
fn expired_request_token_is_refused_without_a_request() {
    let (t, clock, m) = manager(Arc::new(InMemoryTokenStore::new()));
    let issued = clock.now_secs() as i64 - 15 * 60;
    let e = block_on(m.exchange_connection_request("u", "u", &Secret::new("rt"), Some(issued)))
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::TokenExpired);
    assert!(t.requests().is_empty());
}

#[test]
fn refresh_rotates_and_persists_before_use() {
    let store = Arc::new(InMemoryTokenStore::new());
    let (t, clock, m) = manager(store.clone());
    t.push_response(granted("a1", "r1", "https://us.api.concursolutions.com"));
    block_on(m.login("k", None, &Grant::ClientCredentials)).unwrap();
    assert_eq!(block_on(m.access_token("k")).unwrap().token.expose(), "a1");
    clock.advance_ms(3_400_000);
    t.push_response(granted("a2", "r2", "https://us.api.concursolutions.com"));
    let g = block_on(m.access_token("k")).unwrap();
    assert_eq!(
        (g.token.expose(), g.base_url.as_str()),
        ("a2", "https://us.api.concursolutions.com")
    );
    let refresh_req = t.requests().pop().unwrap();
    assert_eq!(
        refresh_req.url,
        "https://us.api.concursolutions.com/oauth2/v0/token"
    );
    assert!(String::from_utf8(refresh_req.body)
        .unwrap()
        .contains("refresh_token=r1"));
    assert_eq!(
        block_on(store.load("k"))
            .unwrap()
            .unwrap()
            .refresh_token
            .unwrap()
            .expose(),
        "r2"
    );
    // A 401 on a2 refreshes once; a second 401 report with the old token does not refresh again.
    t.push_response(granted("a3", "r3", "https://us.api.concursolutions.com"));
    assert_eq!(
        block_on(m.on_unauthorized("k", &Secret::new("a2")))
            .unwrap()
            .token
            .expose(),
        "a3"
    );
    assert_eq!(
        block_on(m.on_unauthorized("k", &Secret::new("a2")))
            .unwrap()
            .token
            .expose(),
        "a3"
    );
    assert_eq!(t.remaining(), 0);
}

#[test]
fn code_108_during_refresh_asks_for_reauthorisation() {
    let store = Arc::new(InMemoryTokenStore::new());
    let (t, clock, m) = manager(store.clone());
    t.push_response(granted("a1", "r1", "https://us.api.concursolutions.com"));
    block_on(m.login("k", None, &Grant::ClientCredentials)).unwrap();
    clock.advance_ms(3_600_000);
    t.push_response(HttpResponse::new(
        400,
        fixture("error_108_string_code.json"),
    ));
    assert_eq!(
        block_on(m.access_token("k")).unwrap_err().code(),
        ErrorCode::Reauthorize
    );
    assert_eq!(
        block_on(m.access_token("missing")).unwrap_err().code(),
        ErrorCode::Reauthorize
    );
}

/// A store whose saves fail after the first one: a crash between refresh and persist.
#[derive(Default)]
struct FailingStore {
    inner: InMemoryTokenStore,
    saves: std::sync::atomic::AtomicU32,
}

#[async_trait::async_trait]
impl TokenStore for FailingStore {
    async fn load(&self, key: &str) -> Result<Option<TokenSet>> {
        self.inner.load(key).await
    }
    async fn save(&self, key: &str, tokens: &TokenSet) -> Result<()> {
        if self.saves.fetch_add(1, std::sync::atomic::Ordering::SeqCst) >= 1 {
            return Err(TriplinkError::Internal {
                message: "disk full".into(),
            });
        }
        self.inner.save(key, tokens).await
    }
    async fn remove(&self, key: &str) -> Result<()> {
        self.inner.remove(key).await
    }
}

#[test]
fn failed_persist_never_hands_out_the_new_access_token() {
    let store = Arc::new(FailingStore::default());
    let (t, clock, m) = manager(store.clone());
    t.push_response(granted("a1", "r1", "https://us.api.concursolutions.com"));
    block_on(m.login("k", None, &Grant::ClientCredentials)).unwrap();
    clock.advance_ms(3_600_000);
    t.push_response(granted("a2", "r2", "https://us.api.concursolutions.com"));
    let e = block_on(m.access_token("k")).unwrap_err();
    assert!(e.to_string().contains("disk full"));
    let kept = block_on(store.load("k")).unwrap().unwrap();
    assert_eq!(
        kept.refresh_token.unwrap().expose(),
        "r1",
        "the store still holds a refresh token"
    );
}

#[test]
fn secrets_never_reach_debug_display_or_errors() {
    let TokenReply::Granted(t) = parse_token_response(
        &granted(
            "acc-SECRET",
            "ref-SECRET",
            "https://us.api.concursolutions.com",
        ),
        &glz(),
        0,
    )
    .unwrap() else {
        panic!()
    };
    let out = format!(
        "{t:?} {:?} {:?}",
        creds(),
        Grant::Password {
            username: "u".into(),
            password: Secret::new("pw-SECRET")
        }
    );
    assert!(!out.contains("SECRET"), "{out}");
    let req = build_token_request(
        &glz(),
        &creds(),
        &Grant::RefreshToken {
            refresh_token: Secret::new("ref-SECRET"),
            scope: None,
        },
    )
    .unwrap();
    assert!(!format!("{req:?}").contains("SECRET"));
    let e = parse_token_response(&HttpResponse::new(400, r#"{"code":5,"error":"invalid_grant","error_description":"Incorrect credentials","password":"pw-SECRET"}"#), &glz(), 0).unwrap_err();
    assert!(!format!("{e} {e:?}").contains("SECRET"));
}

#[test]
fn token_errors_name_the_field_and_the_problem() {
    // Issue 24, item 5: a number out of range was reported as "malformed JSON".
    for (body, parts) in [
        (
            r#"{"access_token":"tok-secret","expires_in":1e400}"#,
            ["`expires_in`", "number out of range"],
        ),
        (
            r#"{"access_token":"tok-secret","access_token":"tok-secret"}"#,
            ["duplicate field `access_token`", "token response"],
        ),
        (
            r#"{"access_token":["tok-secret"]}"#,
            ["`access_token`", "wrong type (a sequence)"],
        ),
    ] {
        let e = parse_token_response(&HttpResponse::new(200, body), &glz(), 0).unwrap_err();
        let msg = e.to_string();
        for p in parts {
            assert!(msg.contains(p), "{body}: {msg}");
        }
        assert!(!msg.contains("tok-secret"), "{msg}");
    }
}
