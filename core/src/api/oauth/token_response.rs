//! The token endpoint's answer: tokens (absorbing the documented drift — `expires_in` number
//! or string, absolute epoch `refresh_expires_in`, geolocation with blanks or a path), the
//! error-16 redirect, or a typed error; plus the unverified `id_token` claims.

use super::error_body::oauth_error;
use crate::config::{normalize_geolocation, ApiConfig};
use crate::error::{Result, TriplinkError};
use crate::model::{IdTokenClaims, TokenSet};
use crate::transport::HttpResponse;
use crate::wire::body::body_text;
use crate::wire::json_errors::from_json;
use crate::Secret;
use base64::Engine;
use serde::Deserialize;
use serde_json::Value;

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
        Some(Value::Number(n)) => n
            .as_u64()
            .or_else(|| {
                // `3600.0`: an integral float is still a count of seconds.
                n.as_f64()
                    .filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f <= u64::MAX as f64)
                    .map(|f| f as u64)
            })
            .map(Some)
            .ok_or_else(bad),
        Some(Value::String(s)) => s.trim().parse::<u64>().map(Some).map_err(|_| bad()),
        Some(_) => Err(bad()),
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
    // Errors name the field and the problem (`expires_in`: number out of range), never a value.
    let raw: RawTokens = from_json("token response", &text)?;
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
