//! The OAuth2 token service's bodies: the token answer (absorbing the documented drift —
//! `expires_in` number or string, absolute epoch `refresh_expires_in`, geolocation with blanks
//! or a path), the lenient error body (`code` a number or a string), and the unverified
//! `id_token` claims. No value from a body ever reaches an error: token bodies carry secrets.

use crate::config::normalize_geolocation;
use crate::error::{Result, TriplinkError};
use crate::model::oauth_codes::OAuthErrorBody;
use crate::model::token::ACCESS_TOKEN_LIFETIME_SECS;
use crate::model::{IdTokenClaims, TokenSet};
use crate::wire::json_errors::from_json;
use crate::Secret;
use base64::Engine;
use serde::Deserialize;
use serde_json::Value;

/// Error bodies larger than this are not parsed (an error body is a few hundred bytes).
pub const MAX_OAUTH_ERROR_BODY_BYTES: usize = 64 * 1024;

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

/// Reads a granted token body at `now` (Unix seconds) into a [`TokenSet`] with absolute
/// expiry instants. Errors name the field and the problem, never a value.
pub fn read_token_body(text: &str, now: u64) -> Result<TokenSet> {
    let raw: RawTokens = from_json("token response", text)?;
    let access = raw
        .access_token
        .filter(|t| !t.is_empty())
        .ok_or_else(|| TriplinkError::decode("json", "token response has no access_token"))?;
    let expires_in = number("expires_in", &raw.expires_in)?.unwrap_or(ACCESS_TOKEN_LIFETIME_SECS);
    let refresh_expires_at = number("refresh_expires_in", &raw.refresh_expires_in)?;
    Ok(TokenSet {
        access_token: Secret::new(access),
        token_type: raw.token_type.unwrap_or_else(|| "Bearer".to_owned()),
        expires_at: now.saturating_add(expires_in),
        refresh_token: raw.refresh_token.filter(|t| !t.is_empty()).map(Secret::new),
        refresh_expires_at,
        scope: raw.scope,
        id_token: raw.id_token.map(Secret::new),
        geolocation: raw.geolocation.as_deref().and_then(normalize_geolocation),
    })
}

/// Reads an OAuth2 error body leniently: an unreadable or oversize body gives an empty one, and
/// a `code` that is not a 32-bit number is treated as absent (never truncated into another).
pub fn read_oauth_error_body(body: &[u8]) -> OAuthErrorBody {
    let v: Value = if body.len() > MAX_OAUTH_ERROR_BODY_BYTES {
        Value::Null
    } else {
        serde_json::from_slice(body).unwrap_or(Value::Null)
    };
    let code = match v.get("code") {
        Some(Value::Number(n)) => n.as_u64().and_then(|c| u32::try_from(c).ok()),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    };
    let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
    OAuthErrorBody {
        code,
        error: s("error"),
        description: s("error_description"),
        geolocation: s("geolocation"),
        correlation_id: s("concur-correlationid"),
    }
}

/// serde_json's messages may quote the offending value (a token): name the class only.
fn json_error_class(e: &serde_json::Error) -> &'static str {
    match e.classify() {
        serde_json::error::Category::Io => "I/O error",
        serde_json::error::Category::Syntax => "malformed JSON",
        serde_json::error::Category::Data => "unexpected field type",
        serde_json::error::Category::Eof => "truncated JSON",
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
    serde_json::from_slice(&bytes).map_err(|e| TriplinkError::decode("jwt", json_error_class(&e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_codes_are_never_truncated_and_oversize_bodies_are_not_read() {
        let b = read_oauth_error_body(br#"{"code":4294967312,"error":"invalid_request"}"#);
        assert_eq!(b.code, None, "2^32 + 16 is not 16");
        let b = read_oauth_error_body(br#"{"code":" 16 ","concur-correlationid":"c-16"}"#);
        assert_eq!(
            (b.code, b.correlation_id.as_deref()),
            (Some(16), Some("c-16"))
        );
        let huge = format!(r#"{{"code":108,"pad":"{}"}}"#, "x".repeat(70_000));
        assert_eq!(read_oauth_error_body(huge.as_bytes()).code, None);
    }
}
