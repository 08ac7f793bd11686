//! Refresh-token rotation over real HTTP with the file token store: after the access token's
//! hour, the SDK refreshes at the user's geolocation, persists the rotated refresh token to the
//! file, and the old refresh token is dead at the server (108).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use std::sync::Arc;
use triplink::client::{AutoConnectOptions, ManualClock, TokenStore};
use triplink::file_token_store::FileTokenStore;
use triplink_sandbox::demo::{demo_user_id, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET};
use triplink_sandbox::{RunningSandbox, SandboxConfig};

#[tokio::test]
async fn rotation_is_persisted_to_the_file_and_the_old_token_dies() {
    let dir = std::env::temp_dir().join(format!("triplink-rot-{}", std::process::id()));
    let store = Arc::new(FileTokenStore::new(dir.join("tokens.json")));
    let sandbox = RunningSandbox::start(SandboxConfig::default())
        .await
        .unwrap();
    let clock = Arc::new(ManualClock::new(sandbox.now() as u64 * 1000));
    let rig = rig_with_clock(sandbox, store.clone(), clock.clone()).await;
    let report = job(&rig, AutoConnectOptions::default()).run().await;
    assert_eq!(report.count("CRSUC"), 11);

    let hans = demo_user_id(1); // lives in "eu"
    let before = store.load(&hans).await.unwrap().unwrap();
    // An hour later (both clocks), the access token is stale: the SDK refreshes.
    rig.sandbox.advance_clock(3600);
    clock.advance_ms(3_600_000);
    let grant = rig.tokens.access_token(&hans).await.unwrap();
    assert_eq!(grant.base_url, rig.sandbox.eu_url());
    let after = store.load(&hans).await.unwrap().unwrap();
    assert_ne!(
        after.refresh_token, before.refresh_token,
        "rotated token persisted to the file"
    );
    assert_eq!(grant.token, after.access_token);
    let on_disk = std::fs::read_to_string(store.path()).unwrap();
    assert!(on_disk.contains(after.refresh_token.as_ref().unwrap().expose()));

    // The old refresh token is dead at the server.
    let body = format!(
        "client_id={DEMO_CLIENT_ID}&client_secret={DEMO_CLIENT_SECRET}&grant_type=refresh_token&refresh_token={}",
        before.refresh_token.unwrap().expose()
    );
    let r = reqwest_like_post(&format!("{}/oauth2/v0/token", rig.sandbox.eu_url()), body).await;
    assert!(r.contains("\"code\":108"), "{r}");
    std::fs::remove_dir_all(&dir).unwrap();
}

async fn reqwest_like_post(url: &str, body: String) -> String {
    use triplink::transport::{HttpRequest, Method, ReqwestTransport, Transport};
    let t = ReqwestTransport::new().unwrap();
    let req = HttpRequest::new(Method::Post, url)
        .with_header("Content-Type", "application/x-www-form-urlencoded")
        .with_body(body);
    String::from_utf8(t.send(req).await.unwrap().body).unwrap()
}
