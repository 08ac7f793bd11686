//! The OAuth2 error body `{code, error, error_description, geolocation}` (with `code` a number
//! or a string), read leniently and turned into a typed error carrying the code's documented
//! meaning (NOTES 2.6). The body itself is never kept: token bodies carry secrets.

use crate::error::{ApiFailure, ErrorCode, TriplinkError};
use crate::model::oauth_codes::oauth_code_info;
use crate::transport::HttpResponse;
use serde_json::Value;

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
    /// The `concur-correlationid` some error bodies carry (NOTES 2.5), used when the response
    /// has no such header.
    pub correlation_id: Option<String>,
}

/// Error bodies larger than this are not parsed (an error body is a few hundred bytes).
pub const MAX_OAUTH_ERROR_BODY_BYTES: usize = 64 * 1024;

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
        if f.correlation_id.is_none() {
            f.correlation_id = self.correlation_id;
        }
        if let Some(c) = self.code {
            f = f.with_api_code(c.to_string());
        } else if let Some(e) = self.error {
            f = f.with_api_code(e);
        }
        TriplinkError::api(f)
    }
}

/// Reads an OAuth2 error body leniently: an unreadable or oversize body gives an empty one, and
/// a `code` that is not a 32-bit number is treated as absent (never truncated into another).
pub fn oauth_error(response: &HttpResponse) -> OAuthErrorBody {
    let v: Value = if response.body.len() > MAX_OAUTH_ERROR_BODY_BYTES {
        Value::Null
    } else {
        serde_json::from_slice(&response.body).unwrap_or(Value::Null)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_never_truncated_and_correlation_ids_come_from_the_body() {
        let r = HttpResponse::new(400, r#"{"code":4294967312,"error":"invalid_request"}"#);
        assert_eq!(oauth_error(&r).code, None, "2^32 + 16 is not 16");
        let r = HttpResponse::new(
            400,
            r#"{"code":" 16 ","concur-correlationid":"c-16","geolocation":"x"}"#,
        );
        let b = oauth_error(&r);
        assert_eq!(
            (b.code, b.correlation_id.as_deref()),
            (Some(16), Some("c-16"))
        );
        let e = b.into_error(&r);
        assert_eq!(e.correlation_id(), Some("c-16"));
        let header = r.clone().with_header("concur-correlationid", "h-1");
        assert_eq!(
            oauth_error(&header).into_error(&header).correlation_id(),
            Some("h-1")
        );
        let huge = format!(r#"{{"code":108,"pad":"{}"}}"#, "x".repeat(70_000));
        assert_eq!(oauth_error(&HttpResponse::new(400, huge)).code, None);
    }
}
