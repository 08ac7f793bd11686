//! OAuth2 token data: the `TokenSet` a grant returns (times as absolute Unix seconds), its
//! secret-free `TokenInfo` view, the client credentials, and the unverified `id_token` claims.

use crate::Secret;
use serde::{Deserialize, Serialize};

/// An access token lives 1 hour (NOTES 2.3).
pub const ACCESS_TOKEN_LIFETIME_SECS: u64 = 3600;
/// A company request / auth token lives 24 hours and may be used up to 5 times (NOTES 2.2).
pub const COMPANY_REQUEST_TOKEN_LIFETIME_SECS: u64 = 24 * 3600;
/// How many times a company request token may be used.
pub const COMPANY_REQUEST_TOKEN_MAX_USES: u32 = 5;

/// The app's OAuth2 client credentials.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientCredentials {
    /// The app's client id (not secret).
    pub client_id: String,
    /// The app's client secret.
    pub client_secret: Secret,
}

/// What a successful grant returns, with lifetimes turned into absolute instants.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenSet {
    /// The bearer token for API calls.
    pub access_token: Secret,
    /// `Bearer`.
    pub token_type: String,
    /// When the access token expires (Unix seconds).
    pub expires_at: u64,
    /// The refresh token (rotates: always overwrite the stored one).
    pub refresh_token: Option<Secret>,
    /// When the refresh token expires (Unix seconds), when given.
    pub refresh_expires_at: Option<u64>,
    /// Granted scopes, space-separated.
    pub scope: Option<String>,
    /// The OpenID id token (a JWT), when returned.
    pub id_token: Option<Secret>,
    /// The base URL for every later call and refresh with these tokens (path stripped).
    pub geolocation: Option<String>,
}

impl TokenSet {
    /// True when the access token is expired at `now`, or will be within `skew_secs`.
    pub fn access_expired(&self, now: u64, skew_secs: u64) -> bool {
        now.saturating_add(skew_secs) >= self.expires_at
    }

    /// True when a refresh token exists and has not expired at `now`.
    pub fn can_refresh(&self, now: u64) -> bool {
        self.refresh_token.is_some() && self.refresh_expires_at.map(|t| now < t).unwrap_or(true)
    }
}

/// What a login or refresh left in the store, without the secrets: what the bindings hand
/// to apps (the tokens themselves never leave the SDK).
///
/// ```
/// use triplink_core::model::{TokenInfo, TokenSet};
/// use triplink_core::Secret;
/// let set = TokenSet {
///     access_token: Secret::new("a"),
///     token_type: "Bearer".into(),
///     expires_at: 3_600,
///     refresh_token: Some(Secret::new("r")),
///     refresh_expires_at: None,
///     scope: None,
///     id_token: None,
///     geolocation: Some("https://us2.api.concursolutions.com".into()),
/// };
/// let info = TokenInfo::from(&set);
/// assert!(info.has_refresh_token);
/// assert_eq!(info.expires_at, 3_600);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
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

impl From<&TokenSet> for TokenInfo {
    fn from(t: &TokenSet) -> Self {
        TokenInfo {
            geolocation: t.geolocation.clone(),
            expires_at: t.expires_at,
            refresh_expires_at: t.refresh_expires_at,
            scope: t.scope.clone(),
            has_refresh_token: t.refresh_token.is_some(),
        }
    }
}

/// The claims of an `id_token`, read **without verifying** its signature (verify against the
/// JWKs at `/oauth2/v0/jwks` before trusting them for authorisation decisions).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct IdTokenClaims {
    /// Subject: the user or company UUID.
    pub sub: Option<String>,
    /// Audience.
    pub aud: Option<serde_json::Value>,
    /// Issuer.
    pub iss: Option<String>,
    /// Expiry (Unix seconds).
    pub exp: Option<u64>,
    /// Issued at (Unix seconds).
    pub iat: Option<u64>,
    /// Not before (Unix seconds).
    pub nbf: Option<u64>,
    /// Hash of the access token issued with it.
    pub at_hash: Option<String>,
    /// `concur.version`.
    #[serde(rename = "concur.version")]
    pub concur_version: Option<serde_json::Value>,
    /// `concur.type`: `user` or `company`.
    #[serde(rename = "concur.type")]
    pub concur_type: Option<String>,
    /// `concur.profile`: the profile URL.
    #[serde(rename = "concur.profile")]
    pub concur_profile: Option<String>,
}
