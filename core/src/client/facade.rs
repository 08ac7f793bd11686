//! `Triplink`: the one root object the bindings (npm, Kotlin/Swift, Python) wrap — it wires the
//! host's seams and the app's settings into a token manager and hands out the API clients.
//! Assembly only: every rule stays in the clients and flows it returns.

use super::auto_connect::{AutoConnect, AutoConnectOptions};
use super::connection_requests::ConnectionRequestsClient;
use super::events::EventSink;
use super::executor::HttpExecutor;
use super::itinerary::ItineraryClient;
use super::request_v4::RequestsClient;
use super::runtime::{Clock, Jitter, Sleeper};
use super::session::ApiSession;
use super::settings::Integration;
use super::token_manager::{TokenManager, TokenManagerConfig};
use super::token_store::TokenStore;
use crate::config::ApiConfig;
use crate::error::Result;
use crate::flow::retry::RetryPolicy;
use crate::flow::retry_budget::{RetryBudget, RetryBudgetPolicy};
use crate::matching::{MatchPolicy, MemberDirectory};
use crate::model::{ClientCredentials, CrVersion};
use crate::transport::Transport;
use crate::Secret;
use std::sync::Arc;

/// What the app knows: where Concur is and who the app is.
#[derive(Clone, Debug)]
pub struct TriplinkSettings {
    /// The first base URL for grants and calls (production: `https://us.api.concursolutions.com`;
    /// tests: the sandbox). Later calls follow each token's geolocation.
    pub base_url: String,
    /// Further hosts a geolocation redirect may lead to (the Concur data centres are allowed
    /// by default).
    pub extra_allowed_hosts: Vec<String>,
    /// The app's client id.
    pub client_id: String,
    /// The app's client secret (redacted in `Debug`).
    pub client_secret: Secret,
    /// How calls are retried.
    pub retry: RetryPolicy,
    /// The sizes of the retry budget all of this client's calls share (default: the AWS SDKs'
    /// standard mode, at most 100 retries while everything fails).
    pub retry_budget: RetryBudgetPolicy,
    /// Each request's timeout in milliseconds (`None`: 30 s).
    pub request_timeout_ms: Option<u64>,
    /// The integration named in the `User-Agent` after `triplink/<version>`.
    pub integration: Option<Integration>,
}

impl TriplinkSettings {
    /// Settings with the default retry policy and no extra hosts.
    pub fn new(base_url: &str, client_id: &str, client_secret: Secret) -> Self {
        TriplinkSettings {
            base_url: base_url.to_owned(),
            extra_allowed_hosts: Vec::new(),
            client_id: client_id.to_owned(),
            client_secret,
            retry: RetryPolicy::default(),
            retry_budget: RetryBudgetPolicy::default(),
            request_timeout_ms: None,
            integration: None,
        }
    }
}

/// The host's seams: HTTP, token persistence, time, waiting, jitter and (optionally) where
/// events go.
#[derive(Clone)]
pub struct HostSeams {
    /// Sends HTTP requests (reqwest, `fetch`, OkHttp, URLSession…).
    pub transport: Arc<dyn Transport>,
    /// Keeps token sets (memory, a file, the Keychain…).
    pub store: Arc<dyn TokenStore>,
    /// Tells the time.
    pub clock: Arc<dyn Clock>,
    /// Waits between retries.
    pub sleeper: Arc<dyn Sleeper>,
    /// Spreads retries.
    pub jitter: Arc<dyn Jitter>,
    /// Receives the [`SdkEvent`](super::SdkEvent)s of every call and job (`None`: nobody
    /// listens, and no event is built).
    pub events: Option<Arc<dyn EventSink>>,
}

/// The SDK's root object: one app, one token store, many callers (token-store keys).
///
/// ```
/// use std::sync::Arc;
/// use triplink_core::client::*;
/// use triplink_core::transport::ScriptedTransport;
/// use triplink_core::Secret;
///
/// let seams = HostSeams {
///     transport: Arc::new(ScriptedTransport::new()),
///     store: Arc::new(InMemoryTokenStore::new()),
///     clock: Arc::new(ManualClock::new(0)),
///     sleeper: Arc::new(RecordingSleeper::new(Arc::new(ManualClock::new(0)))),
///     jitter: Arc::new(FixedJitter(0.5)),
///     events: None,
/// };
/// let settings = TriplinkSettings::new("https://us.api.concursolutions.com", "id", Secret::new("s"));
/// let sdk = Triplink::new(settings, seams).unwrap();
/// let _itinerary = sdk.itinerary("supplier");
/// ```
#[derive(Clone, Debug)]
pub struct Triplink {
    exec: HttpExecutor,
    tokens: Arc<TokenManager>,
    base: ApiConfig,
}

impl Triplink {
    /// Wires `seams` and `settings`; fails with `InvalidInput` naming the first bad setting
    /// ([`TriplinkSettings::validate`]).
    pub fn new(settings: TriplinkSettings, seams: HostSeams) -> Result<Self> {
        settings.validate()?;
        let mut base = ApiConfig::new(&settings.base_url)?;
        if let Some(ms) = settings.request_timeout_ms {
            base.timeout_ms = Some(ms);
        }
        let user_agent = settings.user_agent();
        let mut exec =
            HttpExecutor::new(seams.transport, seams.sleeper, seams.jitter, settings.retry)
                .with_clock(seams.clock.clone())
                .with_user_agent(user_agent)
                .with_retry_budget(Arc::new(RetryBudget::new(settings.retry_budget)));
        if let Some(sink) = seams.events {
            exec = exec.with_events(sink);
        }
        let credentials = ClientCredentials {
            client_id: settings.client_id,
            client_secret: settings.client_secret,
        };
        let mut config = TokenManagerConfig::new(credentials, base.clone());
        for host in &settings.extra_allowed_hosts {
            config.allow = config.allow.allow(host);
        }
        let tokens = Arc::new(TokenManager::new(
            exec.clone(),
            seams.store,
            seams.clock,
            config,
        ));
        Ok(Triplink { exec, tokens, base })
    }

    /// The token manager: logins, grants, refresh, revoke.
    pub fn tokens(&self) -> &Arc<TokenManager> {
        &self.tokens
    }

    /// The executor (transport + retries).
    pub fn executor(&self) -> &HttpExecutor {
        &self.exec
    }

    /// A session calling as the holder of token-store `key`.
    pub fn session(&self, key: &str) -> ApiSession {
        ApiSession::new(
            self.exec.clone(),
            self.tokens.clone(),
            key,
            self.base.clone(),
        )
    }

    /// Connection Requests as `key` (the supplier's company or app token).
    pub fn connection_requests(&self, key: &str, version: CrVersion) -> ConnectionRequestsClient {
        ConnectionRequestsClient::new(self.session(key), version)
    }

    /// Itinerary v1 as `key`.
    pub fn itinerary(&self, key: &str) -> ItineraryClient {
        ItineraryClient::new(self.session(key))
    }

    /// Request v4 with the user token of `key`.
    pub fn requests(&self, key: &str) -> RequestsClient {
        RequestsClient::for_user(self.session(key))
    }

    /// Request v4 with the company token of `key`, acting for `user_id` (a UUID).
    pub fn requests_for_company(&self, key: &str, user_id: &str) -> Result<RequestsClient> {
        RequestsClient::for_company(self.session(key), user_id)
    }

    /// Request v4 as `key`: acting for `acting_user_id` with a company token when one is
    /// given ([`Triplink::requests_for_company`]), else with the user token of `key`.
    pub fn requests_acting(
        &self,
        key: &str,
        acting_user_id: Option<&str>,
    ) -> Result<RequestsClient> {
        match acting_user_id {
            Some(user_id) => self.requests_for_company(key, user_id),
            None => Ok(self.requests(key)),
        }
    }

    /// The auto-connect job polling as `key` (v3.2 Connection Requests), deciding with
    /// `policy` over `directory`.
    pub fn auto_connect(
        &self,
        key: &str,
        directory: Arc<dyn MemberDirectory>,
        policy: MatchPolicy,
        options: AutoConnectOptions,
    ) -> AutoConnect {
        AutoConnect::new(
            self.connection_requests(key, CrVersion::V3_2),
            self.tokens.clone(),
            directory,
            policy,
            options,
        )
    }
}
