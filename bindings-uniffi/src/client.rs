//! `TriplinkClient`: the core's `Triplink` facade over the app's transport and token store,
//! with the OAuth2 flows and Connection Requests. Itinerary, Request v4 and auto-connect add
//! methods in their own files.

use crate::errors::{core, invalid, Result};
use crate::host::{ForeignTokenStore, ForeignTransport, HttpTransport, TokenStore};
use crate::runtime::{HashJitter, SystemClock, TimerSleeper};
use std::sync::Arc;
use triplink_core::api::connection_requests::{ListParams, StatusFilter};
use triplink_core::api::oauth::Grant;
use triplink_core::client::{
    EventSink, HostSeams, InMemoryTokenStore, Integration, Triplink, TriplinkSettings as Core,
};
use triplink_core::flow::retry_budget::RetryBudgetPolicy;
use triplink_core::flow::token_lifecycle::CompanyRequestToken;
pub use triplink_core::model::TokenInfo;
use triplink_core::model::{ConnectionRequest as CoreCr, CrVersion, StatusCode};
use triplink_core::Secret;

/// What the app knows: where Concur is and who the app is.
#[derive(Clone, uniffi::Record)]
pub struct TriplinkSettings {
    /// The first base URL for grants and calls (`https://us.api.concursolutions.com`, or the
    /// sandbox). Later calls follow each token's geolocation.
    pub base_url: String,
    /// The app's client id.
    pub client_id: String,
    /// The app's client secret, as an opaque object so the record's generated `toString` /
    /// `description` / `repr` never prints it.
    pub client_secret: Arc<ClientSecret>,
    /// Further hosts a geolocation redirect may lead to (Concur's data centres are allowed).
    pub extra_allowed_hosts: Vec<String>,
    /// Each request's timeout in milliseconds (default 30 s; at most 10 minutes). Numbers in
    /// these settings are signed so that Java can build them (Kotlin hides constructors with
    /// unsigned parameters from Java); a negative one is an `InvalidInput`.
    #[uniffi(default)]
    pub request_timeout_ms: Option<i64>,
    /// How calls are retried (default: 4 attempts, 500 ms doubling to 30 s).
    #[uniffi(default)]
    pub retry: Option<RetrySettings>,
    /// The app named in the `User-Agent`: `triplink/<version> <name>/<version>`.
    #[uniffi(default)]
    pub integration: Option<IntegrationInfo>,
    /// The retry budget the client's calls share (default: 500 tokens, 5 per retry, 10 per
    /// retry after a timeout, 1 back per first-attempt success).
    #[uniffi(default)]
    pub retry_budget: Option<RetryBudgetSettings>,
}

/// The retry budget's sizes: a token bucket all of a client's calls draw their retries from,
/// so that when most calls fail the retries stop (at most `capacity / retry_cost` retries in
/// a full outage). Checked when the client is made: each cost 1..=`capacity`, `capacity`
/// 1..=1,000,000, `success_refill` at most `capacity`.
#[derive(Clone, Debug, uniffi::Record)]
pub struct RetryBudgetSettings {
    /// Tokens in a full bucket (and at the start).
    pub capacity: i32,
    /// Tokens one retry after an error status or a connection failure takes.
    pub retry_cost: i32,
    /// Tokens one retry after a timeout takes.
    pub timeout_cost: i32,
    /// Tokens a call that succeeded on its first attempt puts back.
    pub success_refill: i32,
}

/// How calls are retried; checked when the client is made (`InvalidInput` names the field).
#[derive(Clone, Debug, uniffi::Record)]
pub struct RetrySettings {
    /// Attempts in all, the first included: 1..=10 (1 = never retry).
    pub max_attempts: i32,
    /// The first backoff, in milliseconds (> 0, at most `max_delay_ms`); doubled each time.
    pub base_delay_ms: i64,
    /// Cap on one backoff, in milliseconds.
    pub max_delay_ms: i64,
}

/// The app or integration using the SDK, named in every request's `User-Agent`.
#[derive(Clone, Debug, uniffi::Record)]
pub struct IntegrationInfo {
    /// Its name: letters, digits and `-._`, at most 64.
    pub name: String,
    /// Its version: the same characters, at most 32.
    pub version: String,
}

/// A setting that must not be negative.
fn unsigned(value: i64, field: &str) -> Result<u64> {
    u64::try_from(value).map_err(|_| invalid(field, "must not be negative"))
}

/// The app's client secret: an object, not a string field, so no generated `toString`,
/// `description` or `repr` of the settings can print it (its `Debug` is redacted too).
#[derive(uniffi::Object)]
pub struct ClientSecret(Secret);

impl std::fmt::Debug for ClientSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ClientSecret(<redacted>)")
    }
}

#[uniffi::export]
impl ClientSecret {
    /// Wraps the secret the app got from Concur.
    #[uniffi::constructor]
    pub fn new(value: String) -> Arc<Self> {
        Arc::new(ClientSecret(Secret::new(value)))
    }
}

/// What a login or refresh left in the store, without the secrets (the core's record).
#[uniffi::remote(Record)]
pub struct TokenInfo {
    /// The token's geolocation (base URL for calls).
    pub geolocation: Option<String>,
    /// Access token expiry, Unix seconds.
    pub expires_at: u64,
    /// Refresh token expiry, Unix seconds.
    pub refresh_expires_at: Option<u64>,
    /// Granted scopes.
    pub scope: Option<String>,
    /// True when a refresh token is held.
    pub has_refresh_token: bool,
}

/// The Connection Requests API version.
#[derive(Clone, Copy, Debug, uniffi::Enum)]
pub enum CrApiVersion {
    /// v3.0 (PascalCase; the only one with DELETE).
    V30,
    /// v3.1.
    V31,
    /// v3.2 (camelCase; the current one).
    V32,
}

impl From<CrApiVersion> for CrVersion {
    fn from(v: CrApiVersion) -> Self {
        match v {
            CrApiVersion::V30 => CrVersion::V3_0,
            CrApiVersion::V31 => CrVersion::V3_1,
            CrApiVersion::V32 => CrVersion::V3_2,
        }
    }
}

/// One connection request (the request token is never exposed: the SDK exchanges it).
#[derive(Clone, Debug, uniffi::Record)]
pub struct ConnectionRequest {
    /// The request id.
    pub id: String,
    /// The Concur user id.
    pub user_id: Option<String>,
    /// First name.
    pub first_name: Option<String>,
    /// Middle name.
    pub middle_name: Option<String>,
    /// Last name.
    pub last_name: Option<String>,
    /// Loyalty number.
    pub loyalty_number: Option<String>,
    /// Verified emails.
    pub emails: Vec<String>,
    /// The status text.
    pub status: Option<String>,
    /// `lastModified` as sent.
    pub last_modified: Option<String>,
    /// True when the request carries a request token.
    pub has_request_token: bool,
}

impl From<&CoreCr> for ConnectionRequest {
    fn from(c: &CoreCr) -> Self {
        ConnectionRequest {
            id: c.id.clone(),
            user_id: c.user_id.clone(),
            first_name: c.first_name.clone(),
            middle_name: c.middle_name.clone(),
            last_name: c.last_name.clone(),
            loyalty_number: c.loyalty_number.clone(),
            emails: c.emails().map(str::to_owned).collect(),
            status: c.status.clone(),
            last_modified: c.last_modified_raw.clone(),
            has_request_token: c.request_token.is_some(),
        }
    }
}

/// One page of connection requests.
#[derive(Clone, Debug, uniffi::Record)]
pub struct ConnectionRequestPage {
    /// The requests.
    pub items: Vec<ConnectionRequest>,
    /// The opaque next-page URL, when there is one.
    pub next_page: Option<String>,
    /// The response's correlation id.
    pub correlation_id: Option<String>,
}

/// The SDK's root object: one app, one token store, many callers (token-store keys such as
/// `"supplier"` or a Concur user id).
#[derive(uniffi::Object)]
pub struct TriplinkClient {
    pub(crate) sdk: Triplink,
}

#[uniffi::export]
impl TriplinkClient {
    /// A client over the app's transport; without a token store, tokens live in memory.
    /// (`with_events` makes one that reports its events.)
    #[uniffi::constructor]
    pub fn new(
        settings: TriplinkSettings,
        transport: Arc<dyn HttpTransport>,
        token_store: Option<Arc<dyn TokenStore>>,
    ) -> Result<Arc<Self>> {
        TriplinkClient::build(settings, transport, token_store, None)
    }
}

impl TriplinkClient {
    /// The constructors' work: the settings converted, the seams wired.
    pub(crate) fn build(
        settings: TriplinkSettings,
        transport: Arc<dyn HttpTransport>,
        token_store: Option<Arc<dyn TokenStore>>,
        events: Option<Arc<dyn EventSink>>,
    ) -> Result<Arc<Self>> {
        let mut s = Core::new(
            &settings.base_url,
            &settings.client_id,
            settings.client_secret.0.clone(),
        );
        s.extra_allowed_hosts = settings.extra_allowed_hosts;
        s.request_timeout_ms = settings
            .request_timeout_ms
            .map(|ms| unsigned(ms, "request_timeout_ms"))
            .transpose()?;
        if let Some(r) = settings.retry {
            s.retry.max_attempts = u32::try_from(r.max_attempts)
                .map_err(|_| invalid("retry.max_attempts", "must be 1..=10"))?;
            s.retry.base_delay_ms = unsigned(r.base_delay_ms, "retry.base_delay_ms")?;
            s.retry.max_delay_ms = unsigned(r.max_delay_ms, "retry.max_delay_ms")?;
        }
        s.integration = settings.integration.map(|i| Integration {
            name: i.name,
            version: i.version,
        });
        if let Some(b) = settings.retry_budget {
            let size = |v: i32, field: &str| {
                u32::try_from(v).map_err(|_| invalid(field, "must not be negative"))
            };
            s.retry_budget = RetryBudgetPolicy {
                capacity: size(b.capacity, "retry_budget.capacity")?,
                retry_cost: size(b.retry_cost, "retry_budget.retry_cost")?,
                timeout_cost: size(b.timeout_cost, "retry_budget.timeout_cost")?,
                success_refill: size(b.success_refill, "retry_budget.success_refill")?,
            };
        }
        let store: Arc<dyn triplink_core::client::TokenStore> = match token_store {
            Some(t) => Arc::new(ForeignTokenStore(t)),
            None => Arc::new(InMemoryTokenStore::new()),
        };
        let seams = HostSeams {
            transport: Arc::new(ForeignTransport(transport)),
            store,
            clock: Arc::new(SystemClock),
            sleeper: Arc::new(TimerSleeper),
            jitter: Arc::new(HashJitter),
            events,
        };
        Ok(Arc::new(TriplinkClient {
            sdk: core(Triplink::new(s, seams))?,
        }))
    }
}

#[uniffi::export]
impl TriplinkClient {
    /// Password grant; stores the tokens under `key`.
    pub async fn password_login(
        &self,
        key: String,
        username: String,
        password: String,
    ) -> Result<TokenInfo> {
        let set = core(
            self.sdk
                .tokens()
                .password_login(&key, None, &username, &Secret::new(password))
                .await,
        )?;
        Ok(TokenInfo::from(&set))
    }

    /// Client-credentials grant (the app's own token, e.g. a TMC calling Request v4 for
    /// users); stores the tokens under `key`.
    pub async fn client_credentials_login(&self, key: String) -> Result<TokenInfo> {
        let set = core(
            self.sdk
                .tokens()
                .login(&key, None, &Grant::ClientCredentials)
                .await,
        )?;
        Ok(TokenInfo::from(&set))
    }

    /// Company grant with an App Center request token issued at `issued_at` (Unix seconds;
    /// refused after 24 hours).
    pub async fn company_login(
        &self,
        key: String,
        company_id: String,
        request_token: String,
        issued_at: u64,
    ) -> Result<TokenInfo> {
        let mut token = CompanyRequestToken::new(Secret::new(request_token), issued_at);
        let set = core(
            self.sdk
                .tokens()
                .company_login(&key, &company_id, &mut token)
                .await,
        )?;
        Ok(TokenInfo::from(&set))
    }

    /// Exchanges a connection request's token (refused when older than 15 minutes) and stores
    /// the user's tokens under `user_id`.
    pub async fn exchange_request_token(
        &self,
        user_id: String,
        request_token: String,
        issued_at: i64,
    ) -> Result<TokenInfo> {
        let set = core(
            self.sdk
                .tokens()
                .exchange_request_token(&user_id, &Secret::new(request_token), issued_at)
                .await,
        )?;
        Ok(TokenInfo::from(&set))
    }

    /// Makes sure `key` has a usable access token (refreshing it when due); the token info
    /// after that. Fails with `Reauthorize` when the grant is gone.
    pub async fn refresh_if_due(&self, key: String) -> Result<Option<TokenInfo>> {
        core(self.sdk.tokens().refresh_if_due(&key).await)
    }

    /// Refreshes `key`'s tokens now, as after a 401 (the rotated refresh token is stored
    /// before the new access token is used).
    pub async fn refresh_now(&self, key: String) -> Result<Option<TokenInfo>> {
        core(self.sdk.tokens().refresh_now(&key).await)
    }

    /// What the store holds for `key`, without secrets.
    pub async fn token_info(&self, key: String) -> Result<Option<TokenInfo>> {
        core(self.sdk.tokens().token_info(&key).await)
    }

    /// Revokes `key`'s tokens at Concur and forgets them.
    pub async fn revoke(&self, key: String) -> Result<()> {
        core(self.sdk.tokens().revoke(&key).await)
    }

    /// One page of connection requests. `status` (`Pending`, `Processing`, `Connected`,
    /// `Failed`, `Retry`) is for v3.0/3.1 only.
    pub async fn list_connection_requests(
        &self,
        key: String,
        version: CrApiVersion,
        limit: Option<u32>,
        offset: Option<String>,
        status: Option<String>,
    ) -> Result<ConnectionRequestPage> {
        let status = core(status.as_deref().map(StatusFilter::parse).transpose())?;
        let params = ListParams {
            limit,
            offset,
            status,
        };
        let t = core(
            self.sdk
                .connection_requests(&key, version.into())
                .list_page(&params)
                .await,
        )?;
        Ok(ConnectionRequestPage {
            items: t.value.items.iter().map(ConnectionRequest::from).collect(),
            next_page: t.value.next_page,
            correlation_id: t.correlation_id,
        })
    }

    /// The page at a `next_page` URL (same host only).
    pub async fn next_connection_requests_page(
        &self,
        key: String,
        version: CrApiVersion,
        url: String,
    ) -> Result<ConnectionRequestPage> {
        let t = core(
            self.sdk
                .connection_requests(&key, version.into())
                .next_page(&url)
                .await,
        )?;
        Ok(ConnectionRequestPage {
            items: t.value.items.iter().map(ConnectionRequest::from).collect(),
            next_page: t.value.next_page,
            correlation_id: t.correlation_id,
        })
    }

    /// One connection request.
    pub async fn get_connection_request(
        &self,
        key: String,
        version: CrApiVersion,
        id: String,
    ) -> Result<ConnectionRequest> {
        let t = core(
            self.sdk
                .connection_requests(&key, version.into())
                .get(&id)
                .await,
        )?;
        Ok(ConnectionRequest::from(&t.value))
    }

    /// Creates a connection request for a Concur login id (test companies); its id if the
    /// API returned one.
    pub async fn create_connection_request(
        &self,
        key: String,
        version: CrApiVersion,
        login_id: String,
    ) -> Result<Option<String>> {
        let t = core(
            self.sdk
                .connection_requests(&key, version.into())
                .create(&login_id)
                .await,
        )?;
        Ok(t.value.map(|c| c.id))
    }

    /// PUTs a status code (`CRSUC`, `CREU1`, …); returns the correlation id.
    pub async fn update_connection_request_status(
        &self,
        key: String,
        version: CrApiVersion,
        id: String,
        status: String,
    ) -> Result<Option<String>> {
        let code = StatusCode::parse(&status);
        let t = core(
            self.sdk
                .connection_requests(&key, version.into())
                .update_status(&id, &code)
                .await,
        )?;
        Ok(t.correlation_id)
    }

    /// Deletes a connection request (v3.0 only); returns the correlation id.
    pub async fn delete_connection_request(
        &self,
        key: String,
        id: String,
    ) -> Result<Option<String>> {
        let t = core(
            self.sdk
                .connection_requests(&key, CrVersion::V3_0)
                .delete(&id)
                .await,
        )?;
        Ok(t.correlation_id)
    }
}
