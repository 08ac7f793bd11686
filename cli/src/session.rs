//! The token manager and API session the token and queue commands share: the app's
//! credentials and base URL from the settings, the tokens in the file store (0600) or the
//! OS keyring.

use crate::args::Cli;
use crate::config::Settings;
use crate::error::{failed, CliError};
use crate::keyring_store::open_token_store;
use std::sync::Arc;
use triplink::client::{ApiSession, HttpExecutor, TokenManager, TokenManagerConfig, TokenStore};
use triplink::model::ClientCredentials;
use triplink::runtime::{native_executor, SystemClock};
use triplink::{ApiConfig, Secret};

/// What a command talks to Concur with.
pub struct Session {
    /// The HTTP executor (transport and retries).
    pub exec: HttpExecutor,
    /// The token manager over the file store.
    pub tokens: Arc<TokenManager>,
    /// The token base.
    pub base: ApiConfig,
}

impl Session {
    /// Builds the session from the settings.
    pub fn open(cli: &Cli) -> Result<Self, CliError> {
        let s = Settings::resolve(cli, None, None)?;
        let base_url = Settings::need(&s.base_url, "--base-url", "TRIPLINK_BASE_URL")?;
        let creds = ClientCredentials {
            client_id: Settings::need(&s.client_id, "--client-id", "TRIPLINK_CLIENT_ID")?
                .to_owned(),
            client_secret: Secret::new(Settings::need(
                &s.client_secret,
                "the client secret",
                "TRIPLINK_CLIENT_SECRET",
            )?),
        };
        let exec = native_executor().map_err(|e| failed("HTTP client", e))?;
        let base = ApiConfig::new(base_url).map_err(|e| failed("base URL", e))?;
        let mut cfg = TokenManagerConfig::new(creds, base.clone());
        for host in &s.allow_hosts {
            cfg.allow = cfg.allow.allow(host);
        }
        let store: Arc<dyn TokenStore> = open_token_store(&s)?;
        let tokens = Arc::new(TokenManager::new(
            exec.clone(),
            store,
            Arc::new(SystemClock),
            cfg,
        ));
        Ok(Session { exec, tokens, base })
    }

    /// An API session acting with the tokens kept under `key`.
    pub fn api(&self, key: &str) -> ApiSession {
        ApiSession::new(
            self.exec.clone(),
            self.tokens.clone(),
            key,
            self.base.clone(),
        )
    }
}
