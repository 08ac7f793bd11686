//! Shared wiring for the OAuth2 flow tests: a token manager over a scripted transport and a
//! manual clock, fixtures, and a store that fails between refresh and persist.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;
use triplink_core::client::*;
use triplink_core::flow::geolocation::GeoAllowList;
use triplink_core::flow::retry::RetryPolicy;
use triplink_core::model::{ClientCredentials, TokenSet};
use triplink_core::transport::{HttpRequest, HttpResponse, ScriptedTransport};
use triplink_core::{ApiConfig, Result, Secret, TriplinkError};

pub fn block_on<F: std::future::Future>(f: F) -> F::Output {
    use std::task::{Context, Poll, Waker};
    let mut f = std::pin::pin!(f);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
            return v;
        }
    }
}

pub fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/../tests/fixtures/oauth/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

pub fn creds() -> ClientCredentials {
    ClientCredentials {
        client_id: "cid".into(),
        client_secret: Secret::new("csecret-SECRET"),
    }
}

pub const GLZ: &str = "https://glz.api.concursolutions.com";
pub const US: &str = "https://us.api.concursolutions.com";
pub const T0_SECS: u64 = 1_000_000;

pub fn granted(access: &str, refresh: &str, geo: &str) -> HttpResponse {
    HttpResponse::new(
        200,
        format!(
            r#"{{"access_token":"{access}","token_type":"Bearer","expires_in":3600,"refresh_token":"{refresh}","refresh_expires_in":"99999999999","geolocation":"{geo}"}}"#
        ),
    )
}

pub struct Rig {
    pub t: Arc<ScriptedTransport>,
    pub clock: Arc<ManualClock>,
    pub m: Arc<TokenManager>,
    pub exec: HttpExecutor,
}

pub fn rig_with(store: Arc<dyn TokenStore>, allow: GeoAllowList, base: &str) -> Rig {
    let t = Arc::new(ScriptedTransport::new());
    let clock = Arc::new(ManualClock::new(T0_SECS * 1000));
    let exec = HttpExecutor::new(
        t.clone(),
        Arc::new(RecordingSleeper::new(clock.clone())),
        Arc::new(FixedJitter(0.0)),
        RetryPolicy::never(),
    );
    let mut cfg = TokenManagerConfig::new(creds(), ApiConfig::new(base).unwrap());
    cfg.allow = allow.allow(base);
    let m = Arc::new(TokenManager::new(exec.clone(), store, clock.clone(), cfg));
    Rig { t, clock, m, exec }
}

pub fn rig(store: Arc<dyn TokenStore>) -> Rig {
    rig_with(store, GeoAllowList::default(), GLZ)
}

pub fn form_body(r: &HttpRequest) -> String {
    String::from_utf8(r.body.clone()).unwrap()
}

/// Fails every save after the first: a crash between refresh and persist.
#[derive(Default)]
pub struct FailingStore {
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
