//! `TriplinkClient` for JS: the core's `Triplink` facade over a JS transport and token store,
//! with OAuth2 logins, Connection Requests and the auto-connect job.

use crate::abort::{abortable, run_stoppable};
use crate::convert::{from_js, from_js_or_default, string, to_js};
use crate::errors::{invalid, js, JsResult};
use crate::host::{JsClock, JsJitter, JsSleeper, JsTokenStore, JsTransport};
use crate::matching::{JsDirectory, MemberIndex};
use serde::Deserialize;
use std::sync::Arc;
use triplink_core::api::connection_requests::ListParams;
use triplink_core::client::{
    AutoConnectOptions, HostSeams, InMemoryTokenStore, Integration, TokenStore, Triplink,
    TriplinkSettings,
};
use triplink_core::flow::retry_budget::RetryBudgetPolicy;
use triplink_core::matching::MatchPolicy;
use triplink_core::model::{CrVersion, StatusCode};
use triplink_core::transport::Transport;
use triplink_core::Secret;
use wasm_bindgen::prelude::*;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Settings {
    base_url: String,
    client_id: String,
    client_secret: String,
    #[serde(default)]
    extra_allowed_hosts: Vec<String>,
    #[serde(default)]
    request_timeout_ms: Option<u64>,
    #[serde(default)]
    retry: Option<RetrySettings>,
    #[serde(default)]
    integration: Option<Integration>,
    #[serde(default)]
    retry_budget: Option<RetryBudgetPolicy>,
}

/// `settings.retry`: `{maxAttempts, baseDelayMs, maxDelayMs}`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RetrySettings {
    max_attempts: u32,
    base_delay_ms: u64,
    max_delay_ms: u64,
}

/// The built-in transport: the small JS `fetch` adapter in `js/host.js` (measured against
/// reqwest's wasm back end: see the README's npm section).
fn default_transport() -> JsResult<Arc<dyn Transport>> {
    Ok(Arc::new(JsTransport::Fetch))
}

fn version(v: &JsValue) -> JsResult<CrVersion> {
    if v.is_undefined() || v.is_null() {
        return Ok(CrVersion::V3_2);
    }
    parse_version(&string(v, "version")?)
}

/// A Connection Requests version named by a caller, or an `InvalidInput` naming it.
pub(crate) fn parse_version(text: &str) -> JsResult<CrVersion> {
    CrVersion::parse(text)
        .ok_or_else(|| invalid("version", format!("`{text}` is not 3.0, 3.1 or 3.2")))
}

/// The SDK's root object: one app (client id/secret), one token store, many callers, each a
/// token-store key (`"supplier"`, a Concur user id…). Every async method but the auto-connect
/// ones takes a last, optional `{ signal }`: an `AbortSignal` that cancels the call (see
/// `abort.rs`).
#[wasm_bindgen]
pub struct TriplinkClient {
    pub(crate) sdk: Triplink,
}

#[wasm_bindgen]
impl TriplinkClient {
    /// `settings`: `{baseUrl, clientId, clientSecret, extraAllowedHosts?, requestTimeoutMs?,
    /// retry?: {maxAttempts, baseDelayMs, maxDelayMs}, integration?: {name, version},
    /// retryBudget?: {capacity?, retryCost?, timeoutCost?, successRefill?}}` (a bad
    /// value throws an `InvalidInput` naming it); `options`:
    /// `{transport?: {send(request)}, tokenStore?: {get, set, delete}, onEvent?(event)}`.
    /// Without a transport the platform's `fetch` is used; without a store tokens live in
    /// memory; `onEvent` receives each event as a plain object (`events.rs`).
    #[wasm_bindgen(constructor)]
    pub fn new(settings: JsValue, options: JsValue) -> JsResult<TriplinkClient> {
        let s: Settings = from_js(&settings, "settings")?;
        let get = |k: &str| {
            if options.is_object() {
                js_sys::Reflect::get(&options, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED)
            } else {
                JsValue::UNDEFINED
            }
        };
        let transport: Arc<dyn Transport> = match get("transport") {
            t if t.is_undefined() || t.is_null() => default_transport()?,
            t => Arc::new(JsTransport::Host(t)),
        };
        let store: Arc<dyn TokenStore> = match get("tokenStore") {
            t if t.is_undefined() || t.is_null() => Arc::new(InMemoryTokenStore::new()),
            t => Arc::new(JsTokenStore(t)),
        };
        let mut settings =
            TriplinkSettings::new(&s.base_url, &s.client_id, Secret::new(s.client_secret));
        settings.extra_allowed_hosts = s.extra_allowed_hosts;
        settings.request_timeout_ms = s.request_timeout_ms;
        if let Some(r) = s.retry {
            settings.retry.max_attempts = r.max_attempts;
            settings.retry.base_delay_ms = r.base_delay_ms;
            settings.retry.max_delay_ms = r.max_delay_ms;
        }
        settings.integration = s.integration;
        if let Some(b) = s.retry_budget {
            settings.retry_budget = b;
        }
        let seams = HostSeams {
            transport,
            store,
            clock: Arc::new(JsClock),
            sleeper: Arc::new(JsSleeper),
            jitter: Arc::new(JsJitter),
            events: crate::events::sink(get("onEvent"))?,
        };
        Ok(TriplinkClient {
            sdk: js(Triplink::new(settings, seams))?,
        })
    }

    /// One page of connection requests (`params`: `{limit?, offset?, status?}`; `version`:
    /// `"3.0" | "3.1" | "3.2"`, default 3.2). Resolves to `{value, correlationId}`.
    #[wasm_bindgen(js_name = listConnectionRequests)]
    pub async fn list_connection_requests(
        &self,
        key: String,
        params: JsValue,
        version_: JsValue,
        call: JsValue,
    ) -> JsResult<JsValue> {
        abortable(&call, async {
            let p: ListParams = from_js_or_default(&params, "params")?;
            let c = self.sdk.connection_requests(&key, version(&version_)?);
            to_js(&js(c.list_page(&p).await)?)
        })
        .await
    }

    /// The page at a `nextPage` URL (same host only).
    #[wasm_bindgen(js_name = nextConnectionRequestsPage)]
    pub async fn next_connection_requests_page(
        &self,
        key: String,
        url: String,
        version_: JsValue,
        call: JsValue,
    ) -> JsResult<JsValue> {
        abortable(&call, async {
            let c = self.sdk.connection_requests(&key, version(&version_)?);
            to_js(&js(c.next_page(&url).await)?)
        })
        .await
    }

    /// Every page: `{items, pages, stopped}` (`stopped` says why a walk ended early; the
    /// items read before are kept).
    #[wasm_bindgen(js_name = listAllConnectionRequests)]
    pub async fn list_all_connection_requests(
        &self,
        key: String,
        limit: u32,
        version_: JsValue,
        call: JsValue,
    ) -> JsResult<JsValue> {
        abortable(&call, async {
            let c = self.sdk.connection_requests(&key, version(&version_)?);
            let w = c.list_all(limit).await;
            to_js(&w)
        })
        .await
    }

    /// One connection request.
    #[wasm_bindgen(js_name = getConnectionRequest)]
    pub async fn get_connection_request(
        &self,
        key: String,
        id: String,
        version_: JsValue,
        call: JsValue,
    ) -> JsResult<JsValue> {
        abortable(&call, async {
            let c = self.sdk.connection_requests(&key, version(&version_)?);
            to_js(&js(c.get(&id).await)?)
        })
        .await
    }

    /// Creates a connection request for a Concur login id (test companies).
    #[wasm_bindgen(js_name = createConnectionRequest)]
    pub async fn create_connection_request(
        &self,
        key: String,
        login_id: String,
        version_: JsValue,
        call: JsValue,
    ) -> JsResult<JsValue> {
        abortable(&call, async {
            let c = self.sdk.connection_requests(&key, version(&version_)?);
            to_js(&js(c.create(&login_id).await)?)
        })
        .await
    }

    /// PUTs a status code (`CRSUC`, `CREU1`…; unknown codes are refused).
    #[wasm_bindgen(js_name = updateConnectionRequestStatus)]
    pub async fn update_connection_request_status(
        &self,
        key: String,
        id: String,
        status: String,
        version_: JsValue,
        call: JsValue,
    ) -> JsResult<JsValue> {
        abortable(&call, async {
            let code = StatusCode::parse(&status);
            let c = self.sdk.connection_requests(&key, version(&version_)?);
            to_js(&js(c.update_status(&id, &code).await)?)
        })
        .await
    }

    /// Deletes a connection request (v3.0 only).
    #[wasm_bindgen(js_name = deleteConnectionRequest)]
    pub async fn delete_connection_request(
        &self,
        key: String,
        id: String,
        call: JsValue,
    ) -> JsResult<JsValue> {
        abortable(&call, async {
            let c = self.sdk.connection_requests(&key, CrVersion::V3_0);
            to_js(&js(c.delete(&id).await)?)
        })
        .await
    }

    /// The auto-connect job polling as `key`, deciding with `index` (its policy) —
    /// `options`: `{mode?: "PutAsYouGo" | "PeekAll", pageLimit?, concurrency?, maxRequests?,
    /// maxFailedPutsInARow?, runDeadlineMs?, signal?}`.
    /// Resolves to the report; never rejects for a single request's failure. `runDeadlineMs`
    /// and an abort of `signal` stop the run gracefully: no new request is taken, the ones in
    /// flight finish, and the partial report's `stopped` says why (no `AbortError`).
    #[wasm_bindgen(js_name = autoConnect)]
    pub async fn auto_connect(
        &self,
        key: String,
        index: &MemberIndex,
        options: JsValue,
    ) -> JsResult<JsValue> {
        let o: AutoConnectOptions = from_js_or_default(&options, "options")?;
        let idx = index.inner.clone();
        let policy = idx.policy().clone();
        let job = self.sdk.auto_connect(&key, idx, policy, o);
        to_js(&run_stoppable(&options, &job).await?)
    }

    /// The auto-connect job over a host directory (`{findByLoyalty(key), findByEmail(key)}`,
    /// each resolving to member records) with `policy` (default: either rule).
    #[wasm_bindgen(js_name = autoConnectWithDirectory)]
    pub async fn auto_connect_with_directory(
        &self,
        key: String,
        directory: JsValue,
        policy: JsValue,
        options: JsValue,
    ) -> JsResult<JsValue> {
        let p: MatchPolicy = if policy.is_undefined() || policy.is_null() {
            MatchPolicy::either()
        } else {
            from_js(&policy, "policy")?
        };
        let o: AutoConnectOptions = from_js_or_default(&options, "options")?;
        let job = self
            .sdk
            .auto_connect(&key, Arc::new(JsDirectory(directory)), p, o);
        to_js(&run_stoppable(&options, &job).await?)
    }
}
