//! `TokenManager`: the async driver of the OAuth2 pairs and flows — grants with the geolocation
//! redirect, password / company / connection-request logins (short-lived tokens checked before
//! use), refresh with rotation persisted *before* use, one refresh at a time per key, revoke.

use super::events::SdkEvent;
use super::executor::HttpExecutor;
use super::runtime::Clock;
use super::shared_refresh::LeaseOutcome;
use super::token_store::{TokenStore, VersionedTokens};
use crate::api::oauth::{self, Grant, TokenReply};
use crate::config::ApiConfig;
use crate::error::{ApiFailure, ErrorCode, Result, TriplinkError};
use crate::flow::geolocation::{GeoAllowList, GeoRedirect};
use crate::flow::token_lifecycle::{
    access_action, check_request_token, rotate, AccessAction, CompanyRequestToken,
    DEFAULT_REFRESH_SKEW_SECS,
};
use crate::model::{ClientCredentials, TokenSet};
use crate::transport::HttpResponse;
use crate::Secret;
use futures_util::lock::Mutex as AsyncMutex;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Settings of a [`TokenManager`].
#[derive(Clone, Debug)]
pub struct TokenManagerConfig {
    /// The app's credentials.
    pub credentials: ClientCredentials,
    /// Where grants without a known geolocation go (GLZ in production, the sandbox in tests).
    pub token_base: ApiConfig,
    /// Hosts a geolocation redirect may go to.
    pub allow: GeoAllowList,
    /// Refresh this many seconds before the access token expires.
    pub refresh_skew_secs: u64,
    /// How long a refresh lease of a shared store lasts (milliseconds): other workers wait at
    /// most about this long for a worker that died mid-refresh.
    pub refresh_lease_ms: u64,
}

impl TokenManagerConfig {
    /// Settings with the default allow-list (plus `token_base`) and a 5-minute refresh skew.
    pub fn new(credentials: ClientCredentials, token_base: ApiConfig) -> Self {
        let allow = GeoAllowList::default().allow(token_base.base_url());
        TokenManagerConfig {
            credentials,
            token_base,
            allow,
            refresh_skew_secs: DEFAULT_REFRESH_SKEW_SECS,
            refresh_lease_ms: super::shared_refresh::DEFAULT_REFRESH_LEASE_MS,
        }
    }
}

/// A usable access token and the base URL to call with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccessGrant {
    /// The bearer token.
    pub token: Secret,
    /// The token's geolocation (base URL for API calls).
    pub base_url: String,
}

/// Drives grants, refreshes and revokes over the host transport and token store.
pub struct TokenManager {
    pub(super) exec: HttpExecutor,
    pub(super) store: Arc<dyn TokenStore>,
    clock: Arc<dyn Clock>,
    pub(super) config: TokenManagerConfig,
    locks: Mutex<HashMap<String, Arc<AsyncMutex<()>>>>,
}

impl std::fmt::Debug for TokenManager {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenManager")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl TokenManager {
    /// A manager over the executor (transport + retries), store and clock.
    pub fn new(
        exec: HttpExecutor,
        store: Arc<dyn TokenStore>,
        clock: Arc<dyn Clock>,
        config: TokenManagerConfig,
    ) -> Self {
        TokenManager {
            exec,
            store,
            clock,
            config,
            locks: Mutex::new(HashMap::new()),
        }
    }

    /// The executor (the auto-connect job reports its events through it).
    pub(crate) fn executor(&self) -> &HttpExecutor {
        &self.exec
    }

    /// The manager's clock (the auto-connect run's deadline is measured with it).
    pub(crate) fn clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }

    /// The manager's clock, in Unix seconds (the dry run checks request-token age with it).
    pub(crate) fn now_secs(&self) -> i64 {
        i64::try_from(self.clock.now_secs()).unwrap_or(i64::MAX)
    }

    /// The token store.
    pub fn store(&self) -> &Arc<dyn TokenStore> {
        &self.store
    }

    /// The settings.
    pub fn config(&self) -> &TokenManagerConfig {
        &self.config
    }

    fn lock_for(&self, key: &str) -> Arc<AsyncMutex<()>> {
        let mut m = self.locks.lock().unwrap_or_else(|p| p.into_inner());
        m.entry(key.to_owned()).or_default().clone()
    }

    /// Sends `grant` to `base` (default: the token base), following up to 2 geolocation
    /// redirects (error 16) to allowed hosts, never an HTTP redirect. The returned set's
    /// `geolocation` is the final success's (the base it was sent to when the answer names
    /// none); a success naming a host that is not on the allow-list is refused with
    /// `Geolocation`, since refreshes would send the refresh token and client secret there.
    /// Nothing is stored.
    pub async fn grant(&self, base: Option<&ApiConfig>, grant: &Grant) -> Result<TokenSet> {
        let mut config = base
            .cloned()
            .unwrap_or_else(|| self.config.token_base.clone());
        let mut redirect = GeoRedirect::new(config.base_url());
        loop {
            let req = oauth::build_token_request(&config, &self.config.credentials, grant)?;
            let resp = in_span!(
                tracing::info_span!(
                    target: "triplink::token",
                    "token_grant",
                    grant = crate::telemetry::grant_kind(grant)
                ),
                self.exec.send(req)
            )?
            .response;
            match oauth::parse_token_response(&resp, &config, self.clock.now_secs())? {
                TokenReply::Granted(mut set) => {
                    match &set.geolocation {
                        // Later refreshes send the refresh token and client secret there.
                        Some(g) if !self.config.allow.contains(g) => {
                            return Err(not_allowed(g, "the token response's geolocation"));
                        }
                        Some(_) => {}
                        None => set.geolocation = Some(config.base_url().to_owned()),
                    }
                    return Ok(set);
                }
                TokenReply::LivesElsewhere { geolocation } => {
                    let next = redirect.next(&geolocation, &self.config.allow, &resp)?;
                    log_event!(
                        info,
                        target: "triplink::token",
                        grant = crate::telemetry::grant_kind(grant),
                        from = config.base_url(),
                        to = next.as_str(),
                        "geolocation hop: the account lives elsewhere"
                    );
                    self.exec.emit(|| SdkEvent::Redirected {
                        from: config.base_url().to_owned(),
                        to: next.clone(),
                    });
                    config = config.with_base_url(&next)?;
                }
            }
        }
    }

    /// Runs `grant` and stores the result under `key`.
    pub async fn login(
        &self,
        key: &str,
        base: Option<&ApiConfig>,
        grant: &Grant,
    ) -> Result<TokenSet> {
        let set = self.grant(base, grant).await?;
        self.store.save(key, &set).await?;
        Ok(set)
    }

    /// `password` grant with user credentials (`credtype=password`), sent to `base` (the user's
    /// geolocation when known, else the token base); the tokens are stored under `key`.
    pub async fn password_login(
        &self,
        key: &str,
        base: Option<&ApiConfig>,
        username: &str,
        password: &Secret,
    ) -> Result<TokenSet> {
        let grant = Grant::Password {
            username: username.to_owned(),
            password: password.clone(),
        };
        self.login(key, base, &grant).await
    }

    /// Company-level login (seed 003): `password` + `credtype=authtoken` with the company UUID
    /// and its request token, sent to the token base (GLZ); the tokens are stored under `key`.
    ///
    /// The request token is checked first and one use is counted: older than 24 hours or
    /// already used 5 times gives `TokenExpired` and nothing is sent. Persist `token` (its use
    /// count) if you retry later with it. One call counts one use; a geolocation hop or a
    /// transport retry inside the call re-sends the same token, which the service may count too.
    pub async fn company_login(
        &self,
        key: &str,
        company_id: &str,
        token: &mut CompanyRequestToken,
    ) -> Result<TokenSet> {
        let request_token = token.take_use(self.clock.now_secs())?.clone();
        let grant = Grant::CompanyAuthToken {
            company_id: company_id.to_owned(),
            request_token,
        };
        self.login(key, None, &grant).await
    }

    /// The connection-request exchange keyed by the Concur user id: what the auto-connect job
    /// calls for each pending request. `issued_at` (Unix seconds) is when the request token was
    /// issued (the request's `lastModified` is the best published proxy); a token 15 minutes
    /// old or older gives `TokenExpired` without a request.
    ///
    /// The grant's form is **inferred** from the published App Center flow (NOTES 1.5): confirm
    /// it with SAP during TripLink onboarding.
    pub async fn exchange_request_token(
        &self,
        user_id: &str,
        request_token: &Secret,
        issued_at: i64,
    ) -> Result<TokenSet> {
        self.exchange_connection_request(user_id, user_id, request_token, Some(issued_at))
            .await
    }

    /// Exchanges a connection request's token for the user's tokens and stores them under
    /// `key` (usually the Concur user id). Refuses a token older than 15 minutes
    /// (`issued_at`: Unix seconds) with `TokenExpired` instead of sending it.
    ///
    /// The grant's form (`username` = `userId`, `password` = `requestToken`,
    /// `credtype=authtoken`, to GLZ) is **inferred** from the published App Center flow
    /// (NOTES 1.5): confirm it with SAP during TripLink onboarding.
    pub async fn exchange_connection_request(
        &self,
        key: &str,
        user_id: &str,
        request_token: &Secret,
        issued_at: Option<i64>,
    ) -> Result<TokenSet> {
        if let Some(t) = issued_at {
            check_request_token(t, self.clock.now_secs() as i64)?;
        }
        let grant = Grant::ConnectionRequest {
            user_id: user_id.to_owned(),
            request_token: request_token.clone(),
        };
        self.login(key, None, &grant).await
    }

    /// A usable access token for `key`, refreshing first when it is expired or about to be.
    pub async fn access_token(&self, key: &str) -> Result<AccessGrant> {
        let set = self.load(key).await?;
        match access_action(&set, self.clock.now_secs(), self.config.refresh_skew_secs) {
            AccessAction::Use => Ok(to_grant(&set, &self.config)),
            AccessAction::Refresh => self
                .refresh_if_unchanged(key, &set)
                .await
                .map(|s| to_grant(&s, &self.config)),
            AccessAction::Reauthorize => Err(reauthorize(key)),
        }
    }

    /// Refreshes after the API refused the access token (a 401): at most once per token.
    pub async fn on_unauthorized(&self, key: &str, rejected: &Secret) -> Result<AccessGrant> {
        let set = self.load(key).await?;
        if &set.access_token != rejected {
            return Ok(to_grant(&set, &self.config)); // someone already refreshed
        }
        self.refresh_if_unchanged(key, &set)
            .await
            .map(|s| to_grant(&s, &self.config))
    }

    async fn load(&self, key: &str) -> Result<TokenSet> {
        self.store.load(key).await?.ok_or_else(|| reauthorize(key))
    }

    /// Refreshes unless another task or worker did since `seen`; persists the rotated set
    /// before returning it. Within the process one task per key refreshes; across the workers
    /// sharing the store, the one holding the store's refresh lease does (see
    /// `shared_refresh.rs`).
    async fn refresh_if_unchanged(&self, key: &str, seen: &TokenSet) -> Result<TokenSet> {
        let lock = self.lock_for(key);
        let _guard = lock.lock().await;
        let current = match self.lease_or_adopt(key, seen).await? {
            LeaseOutcome::RefreshedElsewhere(set) => return Ok(set),
            LeaseOutcome::Holding(current) => current,
        };
        let result = self.refresh_holding_lease(key, current).await;
        // A release that fails leaves the lease to expire.
        let _ = self.store.release_refresh_lease(key).await;
        result
    }

    /// Refreshes `current` (this worker holds the lease) and saves the rotated set if nobody
    /// wrote the key since; when somebody did, the stored set is the newer one.
    async fn refresh_holding_lease(&self, key: &str, current: VersionedTokens) -> Result<TokenSet> {
        let VersionedTokens {
            tokens: current,
            version,
        } = current;
        let refresh_token = current
            .refresh_token
            .clone()
            .ok_or_else(|| reauthorize(key))?;
        let base = match &current.geolocation {
            Some(g) if !self.config.allow.contains(g) => {
                return Err(not_allowed(g, "the stored geolocation"));
            }
            Some(g) => self.config.token_base.with_base_url(g)?,
            None => self.config.token_base.clone(),
        };
        let grant = Grant::RefreshToken {
            refresh_token,
            scope: None,
        };
        let granted = match self.grant(Some(&base), &grant).await {
            Ok(g) => g,
            Err(e) if refresh_refused(&e) => return self.adopt_newer(key, &current, e).await,
            Err(e) => return Err(e),
        };
        let next = rotate(&current, granted);
        // Persist before use: if this fails, the caller gets the error, not the new token.
        if !self.store.save_if_version(key, &next, version).await? {
            // Another writer (a new login, or a worker whose lease outlived ours) saved first.
            return self
                .store
                .reload(key)
                .await?
                .ok_or_else(|| reauthorize(key));
        }
        log_event!(
            info,
            target: "triplink::token",
            key,
            rotated = next.refresh_token != current.refresh_token,
            "access token refreshed (the new set stored before use)"
        );
        self.exec.emit(|| SdkEvent::TokenRefreshed {
            key: key.to_owned(),
            rotated: next.refresh_token != current.refresh_token,
        });
        Ok(next)
    }

    /// After a refresh was refused (108): another process sharing the store may have rotated
    /// the token first and be saving its set right now. Re-reads the store a few times over
    /// about a second and adopts a set whose refresh token differs from the refused one;
    /// returns `refused` when none appears.
    async fn adopt_newer(
        &self,
        key: &str,
        refused_set: &TokenSet,
        refused: TriplinkError,
    ) -> Result<TokenSet> {
        for wait_ms in ADOPT_WAITS_MS {
            if wait_ms > 0 {
                self.exec.sleeper().sleep_ms(wait_ms).await;
            }
            if let Some(set) = self.store.reload(key).await? {
                if set.refresh_token != refused_set.refresh_token {
                    log_event!(
                        info,
                        target: "triplink::token",
                        key,
                        "refresh refused: adopted the set another process stored"
                    );
                    return Ok(set);
                }
            }
        }
        Err(refused)
    }

    /// Revokes all of `key`'s refresh tokens for this app (`DELETE /app-mgmt/v0/connections`
    /// with the user's token, refreshing first when needed and once more on a 401) and forgets
    /// them. When nothing usable is left — no tokens stored, or the refresh token is already
    /// dead (108) — there is nothing to revoke: the key is forgotten and `Ok` returned. Any
    /// other failure leaves the store as it was.
    pub async fn revoke(&self, key: &str) -> Result<()> {
        let grant = match self.access_token(key).await {
            Ok(g) => g,
            Err(e) if grant_is_gone(&e) => return self.store.remove(key).await,
            Err(e) => return Err(e),
        };
        let mut resp = self.send_revoke(&grant).await?;
        if resp.status == 401 {
            let fresh = self.on_unauthorized(key, &grant.token).await?;
            resp = self.send_revoke(&fresh).await?;
        }
        oauth::parse_revoke_response(&resp)?;
        self.store.remove(key).await
    }

    async fn send_revoke(&self, grant: &AccessGrant) -> Result<HttpResponse> {
        let base = self.config.token_base.with_base_url(&grant.base_url)?;
        let req = oauth::build_revoke_request(&base, &grant.token);
        Ok(self.exec.send(req).await?.response)
    }
}

/// Waits before each re-read of the store after a 108 (about a second in all).
const ADOPT_WAITS_MS: [u64; 6] = [0, 25, 75, 150, 300, 500];

/// True when the token service refused the refresh token itself (OAuth2 error 108).
fn refresh_refused(e: &TriplinkError) -> bool {
    e.api_failure()
        .is_some_and(|f| f.api_code.as_deref() == Some("108"))
}

/// True for "nothing usable is stored" and "the refresh token is dead" (108).
fn grant_is_gone(e: &TriplinkError) -> bool {
    e.code() == ErrorCode::Reauthorize
        && e.api_failure()
            .map(|f| matches!(f.api_code.as_deref(), None | Some("108")))
            .unwrap_or(false)
}

fn to_grant(set: &TokenSet, config: &TokenManagerConfig) -> AccessGrant {
    AccessGrant {
        token: set.access_token.clone(),
        base_url: set
            .geolocation
            .clone()
            .unwrap_or_else(|| config.token_base.base_url().to_owned()),
    }
}

fn not_allowed(geolocation: &str, what: &str) -> TriplinkError {
    TriplinkError::api(ApiFailure {
        code: ErrorCode::Geolocation,
        status: 0,
        correlation_id: None,
        api_code: None,
        message: format!(
            "{what} {geolocation} is not on the allow-list; nothing was sent there (add it with \
             GeoAllowList::allow if it is a genuine Concur data centre)"
        ),
        retry_after_secs: None,
        body: None,
    })
}

pub(super) fn reauthorize(key: &str) -> TriplinkError {
    TriplinkError::api(ApiFailure {
        code: ErrorCode::Reauthorize,
        status: 0,
        correlation_id: None,
        api_code: None,
        message: format!(
            "no usable tokens for `{key}`: the user or company must authorise the app again"
        ),
        retry_after_secs: None,
        body: None,
    })
}
