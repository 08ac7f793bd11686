//! `ApiSession`: one authenticated caller (a token-store key) — builds each request with the
//! key's current access token and geolocation, sends it with retries, and on a 401 refreshes
//! once and resends. Results carry the call's `concur-correlationid` (`Traced`).

use super::executor::HttpExecutor;
use super::token_manager::TokenManager;
use crate::config::ApiConfig;
use crate::error::Result;
use crate::transport::{HttpRequest, HttpResponse};
use crate::Secret;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// A result with the correlation id of the call that produced it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Traced<T> {
    /// The result.
    pub value: T,
    /// The response's `concur-correlationid`, when sent.
    pub correlation_id: Option<String>,
}

/// Calls APIs as the holder of one token-store key.
#[derive(Clone)]
pub struct ApiSession {
    exec: HttpExecutor,
    tokens: Arc<TokenManager>,
    key: String,
    template: ApiConfig,
}

impl std::fmt::Debug for ApiSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiSession")
            .field("key", &self.key)
            .finish_non_exhaustive()
    }
}

impl ApiSession {
    /// A session for `key`; `template` gives the limits (body cap, timeout) — the base URL is
    /// always the token's geolocation.
    pub fn new(
        exec: HttpExecutor,
        tokens: Arc<TokenManager>,
        key: impl Into<String>,
        template: ApiConfig,
    ) -> Self {
        ApiSession {
            exec,
            tokens,
            key: key.into(),
            template,
        }
    }

    /// The token-store key.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The token manager.
    pub fn tokens(&self) -> &Arc<TokenManager> {
        &self.tokens
    }

    /// Builds with the current token and geolocation, sends (retrying as the built request's
    /// [`retry_safety`](HttpRequest::retry_safety) allows), and on 401 refreshes once and
    /// resends. Returns the final response (any status) and the config it was built with.
    pub async fn call<F>(&self, build: F) -> Result<(HttpResponse, ApiConfig)>
    where
        F: Fn(&ApiConfig, &Secret) -> Result<HttpRequest> + crate::transport::MaybeSendSync,
    {
        self.call_dyn(&build).await
    }

    /// [`ApiSession::call`] over a trait object: one copy of this state machine serves every
    /// endpoint instead of one per request builder (it matters in the .wasm).
    async fn call_dyn(&self, build: &dyn BuildRequest) -> Result<(HttpResponse, ApiConfig)> {
        let grant = self.tokens.access_token(&self.key).await?;
        let config = self.template.with_base_url(&grant.base_url)?;
        let request = build.build(&config, &grant.token)?;
        #[cfg(feature = "tracing")]
        let span = tracing::info_span!(
            target: "triplink::http",
            "api_call",
            method = request.method.as_str(),
            path = %crate::telemetry::path_template(&request.url),
            status = tracing::field::Empty,
            correlation_id = tracing::field::Empty,
        );
        let answer = in_span!(
            span.clone(),
            self.send_refreshing_once(build, &grant, config, request)
        );
        #[cfg(feature = "tracing")]
        if let Ok((r, _)) = &answer {
            span.record("status", r.status);
            if let Some(id) = r.correlation_id() {
                span.record("correlation_id", id);
            }
        }
        answer
    }

    /// Sends `request`; on a 401 refreshes once and resends it rebuilt with the fresh token.
    async fn send_refreshing_once(
        &self,
        build: &dyn BuildRequest,
        grant: &super::token_manager::AccessGrant,
        config: ApiConfig,
        request: HttpRequest,
    ) -> Result<(HttpResponse, ApiConfig)> {
        let first = self.exec.send(request).await?.response;
        if first.status != 401 {
            return Ok((first, config));
        }
        log_event!(
            info,
            target: "triplink::token",
            "the API refused the access token (401): refreshing once"
        );
        let fresh = self.tokens.on_unauthorized(&self.key, &grant.token).await?;
        let config = self.template.with_base_url(&fresh.base_url)?;
        let second = self
            .exec
            .send(build.build(&config, &fresh.token)?)
            .await?
            .response;
        Ok((second, config))
    }
}

/// A request builder (the closures [`ApiSession::call`] takes), as a trait object.
trait BuildRequest: crate::transport::MaybeSendSync {
    fn build(&self, config: &ApiConfig, token: &Secret) -> Result<HttpRequest>;
}

impl<F> BuildRequest for F
where
    F: Fn(&ApiConfig, &Secret) -> Result<HttpRequest> + crate::transport::MaybeSendSync,
{
    fn build(&self, config: &ApiConfig, token: &Secret) -> Result<HttpRequest> {
        self(config, token)
    }
}

impl ApiSession {
    /// [`ApiSession::call`], then `parse` the final response; the result carries its
    /// correlation id.
    pub async fn fetch<T, F, P>(&self, build: F, parse: P) -> Result<Traced<T>>
    where
        F: Fn(&ApiConfig, &Secret) -> Result<HttpRequest> + crate::transport::MaybeSendSync,
        P: FnOnce(&HttpResponse, &ApiConfig) -> Result<T>,
    {
        let (resp, cfg) = self.call(build).await?;
        Ok(traced(parse(&resp, &cfg)?, &resp))
    }
}

/// Wraps a parsed value with the response's correlation id.
pub fn traced<T>(value: T, response: &HttpResponse) -> Traced<T> {
    Traced {
        value,
        correlation_id: response.correlation_id().map(str::to_owned),
    }
}
