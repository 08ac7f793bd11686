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
