//! OAuth2 token service v0 as sans-IO pairs: every grant's `POST /oauth2/v0/token` (form body,
//! no charset, secrets only in the body), the OTP request, revoke, and a parser that absorbs the
//! documented drift (`expires_in` string or number, epoch `refresh_expires_in`, geolocation
//! with a path) and types errors (code 16 → redirect; 108/53/59/61/64 → re-authorise).

use super::response::{authorized, expect_status};
use crate::config::ApiConfig;
use crate::error::{ApiFailure, ErrorCode, Result, TriplinkError};
use crate::model::oauth_codes::oauth_code_info;
use crate::model::{ClientCredentials, IdTokenClaims, TokenSet};
use crate::transport::{HttpRequest, HttpResponse, Method};
use crate::wire::body::body_text;
use crate::Secret;
use base64::Engine;
use serde::Deserialize;
use serde_json::Value;

/// A grant: what to trade for tokens (NOTES 2.2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Grant {
    /// `password` with user credentials (`credtype=password`), sent to the user's geolocation.
    Password {
        /// Login id.
        username: String,
        /// Password.
        password: Secret,
    },
    /// Company level: `password` + `credtype=authtoken`, username = company UUID, password =
    /// the company request token (24 h, up to 5 uses); sent to the GLZ base.
    CompanyAuthToken {
        /// Company UUID.
        company_id: String,
        /// Company request token.
        request_token: Secret,
    },
    /// A user connecting from the App Center: `credtype=authtoken`, username = the `id` from the
    /// redirect, password = its request token; sent to the GLZ base.
    AppCenterUser {
        /// The user id from the App Center redirect.
        user_id: String,
        /// The request token from the redirect.
        request_token: Secret,
    },
    /// The TripLink connection-request exchange: username = the request's `userId`, password =
    /// its `requestToken` (15 min), `credtype=authtoken`, sent to the GLZ base.
    ///
    /// **Inferred**, not published verbatim: this is the documented App Center user flow applied
    /// to connection requests (NOTES 1.5). Confirm it with SAP during TripLink onboarding.
    ConnectionRequest {
        /// The connection request's `userId`.
        user_id: String,
        /// The connection request's `requestToken`.
        request_token: Secret,
    },
    /// `refresh_token`, optionally narrowing the scope; sent to the token's geolocation.
    RefreshToken {
        /// The current refresh token.
        refresh_token: Secret,
        /// Narrower scope, space-separated.
        scope: Option<String>,
    },
    /// `client_credentials`.
    ClientCredentials,
    /// `authorization_code` from the 3-legged flow; sent to GLZ.
    AuthorizationCode {
        /// The code from the redirect.
        code: Secret,
        /// The redirect URI registered for the app.
        redirect_uri: String,
    },
    /// `otp`: the one-time password mailed by the `/otp` call.
    Otp {
        /// The email address the OTP went to.
        channel_handle: String,
        /// The one-time password.
        otp: Secret,
        /// Requested scope.
        scope: Option<String>,
    },
}

impl Grant {
    fn fields(&self) -> Vec<(&'static str, String)> {
        let authtoken = |u: &str, p: &Secret| {
            vec![
                ("grant_type", "password".to_owned()),
                ("username", u.to_owned()),
                ("password", p.expose().to_owned()),
                ("credtype", "authtoken".to_owned()),
            ]
        };
        match self {
            Grant::Password { username, password } => vec![
                ("grant_type", "password".to_owned()),
                ("username", username.clone()),
                ("password", password.expose().to_owned()),
                ("credtype", "password".to_owned()),
            ],
            Grant::CompanyAuthToken {
                company_id,
                request_token,
            } => authtoken(company_id, request_token),
            Grant::AppCenterUser {
                user_id,
                request_token,
            }
            | Grant::ConnectionRequest {
                user_id,
                request_token,
            } => authtoken(user_id, request_token),
            Grant::RefreshToken {
                refresh_token,
                scope,
            } => {
                let mut v = vec![
                    ("grant_type", "refresh_token".to_owned()),
                    ("refresh_token", refresh_token.expose().to_owned()),
                ];
                v.extend(scope.clone().map(|s| ("scope", s)));
                v
            }
            Grant::ClientCredentials => vec![("grant_type", "client_credentials".to_owned())],
            Grant::AuthorizationCode { code, redirect_uri } => vec![
                ("grant_type", "authorization_code".to_owned()),
                ("redirect_uri", redirect_uri.clone()),
                ("code", code.expose().to_owned()),
            ],
            Grant::Otp {
                channel_handle,
                otp,
                scope,
            } => {
                let mut v = vec![
                    ("grant_type", "otp".to_owned()),
                    ("channel_handle", channel_handle.clone()),
                    ("channel_type", "email".to_owned()),
                    ("otp", otp.expose().to_owned()),
                ];
                v.extend(scope.clone().map(|s| ("scope", s)));
                v
            }
        }
    }

    /// True when sending this grant twice cannot hurt (a refresh rotates the token, so it is not).
    pub fn safe_to_repeat(&self) -> bool {
        !matches!(
            self,
            Grant::RefreshToken { .. } | Grant::AuthorizationCode { .. } | Grant::Otp { .. }
        )
    }
}

fn form(pairs: &[(&str, String)]) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())))
        .finish()
}

fn check_credentials(creds: &ClientCredentials) -> Result<()> {
    if creds.client_id.trim().is_empty() {
        return Err(TriplinkError::invalid("client_id", "must not be empty"));
    }
    if creds.client_secret.is_empty() {
        return Err(TriplinkError::invalid("client_secret", "must not be empty"));
    }
    Ok(())
}

fn form_post(config: &ApiConfig, path: &str, body: String) -> HttpRequest {
    let mut r = HttpRequest::new(Method::Post, format!("{}{path}", config.base_url()))
        // No charset parameter: the token service rejects it (NOTES 2.2).
        .with_header("Content-Type", "application/x-www-form-urlencoded")
        .with_header("Accept", "application/json")
        .with_body(body);
    r.timeout_ms = config.timeout_ms;
    r
}

/// `POST {base}/oauth2/v0/token` for `grant`; credentials go in the body only.
pub fn build_token_request(
    config: &ApiConfig,
    creds: &ClientCredentials,
    grant: &Grant,
) -> Result<HttpRequest> {
    check_credentials(creds)?;
    let mut pairs = vec![
        ("client_id", creds.client_id.clone()),
        ("client_secret", creds.client_secret.expose().to_owned()),
    ];
    pairs.extend(grant.fields());
    if pairs.iter().any(|(_, v)| v.is_empty()) {
        let empty = pairs
            .iter()
            .find(|(_, v)| v.is_empty())
            .map(|(k, _)| *k)
            .unwrap_or("field");
        return Err(TriplinkError::invalid(empty, "must not be empty"));
    }
    Ok(form_post(config, "/oauth2/v0/token", form(&pairs)))
}

/// `POST {base}/oauth2/v0/otp`: mails a one-time password to `email`.
pub fn build_otp_request(
    config: &ApiConfig,
    creds: &ClientCredentials,
    email: &str,
    extra: &[(&str, String)],
) -> Result<HttpRequest> {
    check_credentials(creds)?;
    if !email.contains('@') {
        return Err(TriplinkError::invalid(
            "channel_handle",
            "must be an email address",
        ));
    }
    let mut pairs = vec![
        ("client_id", creds.client_id.clone()),
        ("client_secret", creds.client_secret.expose().to_owned()),
        ("channel_handle", email.to_owned()),
        ("channel_type", "email".to_owned()),
    ];
    pairs.extend(extra.iter().cloned());
    Ok(form_post(config, "/oauth2/v0/otp", form(&pairs)))
}

/// Checks the OTP answer `{"message":"otp sent"}`.
pub fn parse_otp_response(response: &HttpResponse) -> Result<()> {
    if response.is_success() {
        Ok(())
    } else {
        Err(oauth_error(response).into_error(response))
    }
}

/// `DELETE {base}/app-mgmt/v0/connections` with the user's token: revokes all of that user's
/// refresh tokens for the app.
pub fn build_revoke_request(config: &ApiConfig, user_access_token: &Secret) -> HttpRequest {
    authorized(
        config,
        Method::Delete,
        format!("{}/app-mgmt/v0/connections", config.base_url()),
        user_access_token,
        "application/json",
    )
}

/// Checks the revoke answer (200).
pub fn parse_revoke_response(response: &HttpResponse) -> Result<()> {
    expect_status(response, &[200, 204])
}

/// What the token endpoint answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenReply {
    /// Tokens were granted.
    Granted(TokenSet),
    /// Error 16: the user lives in another data centre; re-send the same body to `geolocation`.
    LivesElsewhere {
        /// The base URL to re-send to (path stripped).
        geolocation: String,
    },
}

#[derive(Deserialize)]
struct RawTokens {
    access_token: Option<String>,
    token_type: Option<String>,
    expires_in: Option<Value>,
    refresh_token: Option<String>,
    refresh_expires_in: Option<Value>,
    scope: Option<String>,
    id_token: Option<String>,
    geolocation: Option<String>,
}

/// A number sent as a JSON number or a string; `Ok(None)` when absent or null, an error when
/// present but not a non-negative integer.
fn number(field: &str, v: &Option<Value>) -> Result<Option<u64>> {
    let bad =
        || TriplinkError::decode("json", format!("token response: `{field}` is not a number"));
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n.as_u64().map(Some).ok_or_else(bad),
        Some(Value::String(s)) => s.trim().parse::<u64>().map(Some).map_err(|_| bad()),
        Some(_) => Err(bad()),
    }
}

/// Normalises a `geolocation`: trimmed, scheme + host (+ port) only; any path such as
/// `/oauth2/v0/token` is dropped.
pub fn normalize_geolocation(raw: &str) -> Option<String> {
    let u = url::Url::parse(raw.trim()).ok()?;
    let host = u.host_str()?;
    if !matches!(u.scheme(), "http" | "https") {
        return None;
    }
    Some(match u.port() {
        Some(p) => format!("{}://{}:{}", u.scheme(), host, p),
        None => format!("{}://{}", u.scheme(), host),
    })
}

/// The OAuth2 error body `{code, error, error_description, geolocation}` (`code` as a number or
/// a string).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct OAuthErrorBody {
    /// The numeric code (see [`crate::model::oauth_codes`]).
    pub code: Option<u32>,
    /// `invalid_request`, `invalid_grant`, ...
    pub error: Option<String>,
    /// The description.
    pub description: Option<String>,
    /// Where to go instead (code 16).
    pub geolocation: Option<String>,
}

impl OAuthErrorBody {
    /// The typed error for this body and response.
    pub fn into_error(self, response: &HttpResponse) -> TriplinkError {
        let known = self.code.and_then(oauth_code_info);
        let class = match (known, self.error.as_deref(), response.status) {
            (Some(k), _, _) => k.class,
            (None, _, 429) => ErrorCode::RateLimited,
            (None, Some("invalid_request"), _) => ErrorCode::InvalidInput,
            (None, Some(_), _) | (None, None, 401 | 403) => ErrorCode::Auth,
            (None, None, _) => ErrorCode::Http,
        };
        let message = match (known, &self.description) {
            (Some(k), Some(d)) if !d.eq_ignore_ascii_case(k.meaning) => {
                format!("{} ({d})", k.meaning)
            }
            (Some(k), _) => k.meaning.to_owned(),
            (None, Some(d)) => d.clone(),
            (None, None) => format!("token service answered HTTP {}", response.status),
        };
        let mut f = ApiFailure::from_response(class, response, message).without_body();
        if let Some(c) = self.code {
            f = f.with_api_code(c.to_string());
        } else if let Some(e) = self.error {
            f = f.with_api_code(e);
        }
        TriplinkError::api(f)
    }
}

/// Reads an OAuth2 error body leniently (an unreadable body gives an empty one).
pub fn oauth_error(response: &HttpResponse) -> OAuthErrorBody {
    let v: Value = serde_json::from_slice(&response.body).unwrap_or(Value::Null);
    let code = match v.get("code") {
        Some(Value::Number(n)) => n.as_u64().map(|c| c as u32),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    };
    let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
    OAuthErrorBody {
        code,
        error: s("error"),
        description: s("error_description"),
        geolocation: s("geolocation"),
    }
}

/// Reads the token endpoint's answer at `now` (Unix seconds): tokens, a redirect (code 16), or
/// a typed error. The body is never copied into errors (it carries tokens).
pub fn parse_token_response(
    response: &HttpResponse,
    config: &ApiConfig,
    now: u64,
) -> Result<TokenReply> {
    if !response.is_success() {
        let body = oauth_error(response);
        if body.code == Some(16) {
            if let Some(g) = body.geolocation.as_deref().and_then(normalize_geolocation) {
                return Ok(TokenReply::LivesElsewhere { geolocation: g });
            }
        }
        return Err(body.into_error(response));
    }
    let text = body_text(response, config, "json")?;
    let raw: RawTokens = serde_json::from_str(&text).map_err(|e| {
        TriplinkError::decode("json", format!("token response: {}", e.classify_name()))
    })?;
    let access = raw
        .access_token
        .filter(|t| !t.is_empty())
        .ok_or_else(|| TriplinkError::decode("json", "token response has no access_token"))?;
    let expires_in = number("expires_in", &raw.expires_in)?
        .unwrap_or(crate::model::token::ACCESS_TOKEN_LIFETIME_SECS);
    let refresh_expires_at = number("refresh_expires_in", &raw.refresh_expires_in)?;
    Ok(TokenReply::Granted(TokenSet {
        access_token: Secret::new(access),
        token_type: raw.token_type.unwrap_or_else(|| "Bearer".to_owned()),
        expires_at: now.saturating_add(expires_in),
        refresh_token: raw.refresh_token.filter(|t| !t.is_empty()).map(Secret::new),
        refresh_expires_at,
        scope: raw.scope,
        id_token: raw.id_token.map(Secret::new),
        geolocation: raw.geolocation.as_deref().and_then(normalize_geolocation),
    }))
}

trait ClassifyName {
    fn classify_name(&self) -> &'static str;
}

impl ClassifyName for serde_json::Error {
    /// serde_json's messages may quote the offending value (a token): name the class only.
    fn classify_name(&self) -> &'static str {
        match self.classify() {
            serde_json::error::Category::Io => "I/O error",
            serde_json::error::Category::Syntax => "malformed JSON",
            serde_json::error::Category::Data => "unexpected field type",
            serde_json::error::Category::Eof => "truncated JSON",
        }
    }
}

/// Reads the claims of an `id_token` without verifying its signature.
pub fn read_id_token_claims(id_token: &Secret) -> Result<IdTokenClaims> {
    let payload = id_token
        .expose()
        .split('.')
        .nth(1)
        .ok_or_else(|| TriplinkError::decode("jwt", "id_token is not a JWT"))?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .map_err(|_| TriplinkError::decode("jwt", "id_token payload is not base64url"))?;
    serde_json::from_slice(&bytes).map_err(|e| TriplinkError::decode("jwt", e.classify_name()))
}
