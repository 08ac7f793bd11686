//! Shared response handling for the `/api/...` web services: status → `ErrorCode`, the classic
//! error body's message, and request-building helpers (bearer auth, encoded path segments).

use crate::config::ApiConfig;
use crate::error::{ApiFailure, ErrorCode, Result, TriplinkError};
use crate::transport::{HttpRequest, HttpResponse, Method};
use crate::wire::body::decode_text;
use crate::wire::classic_error::read_classic_error;
use crate::Secret;

/// The error class of a non-2xx status on the classic web services (NOTES 5).
pub fn code_for_status(status: u16) -> ErrorCode {
    match status {
        401 | 403 => ErrorCode::Auth,
        404 => ErrorCode::NotFound,
        408 => ErrorCode::Timeout,
        429 => ErrorCode::RateLimited,
        _ => ErrorCode::Http,
    }
}

/// Turns a non-2xx response into a typed error, with the classic `<Error>` message when the body
/// has one.
pub fn failure(response: &HttpResponse) -> TriplinkError {
    let code = code_for_status(response.status);
    let classic = decode_text(&response.body, "xml")
        .ok()
        .and_then(|t| read_classic_error(&t));
    let message = classic
        .as_ref()
        .and_then(|c| c.message.clone())
        .unwrap_or_else(|| format!("the API answered HTTP {}", response.status));
    let mut f = ApiFailure::from_response(code, response, message);
    if let Some(id) = classic.and_then(|c| c.id) {
        f = f.with_api_code(id);
    }
    TriplinkError::api(f)
}

/// Fails unless the status is one of `expected`.
pub fn expect_status(response: &HttpResponse, expected: &[u16]) -> Result<()> {
    if expected.contains(&response.status) {
        Ok(())
    } else if response.is_success() {
        Err(TriplinkError::protocol(format!(
            "unexpected HTTP {} (expected {:?})",
            response.status, expected
        )))
    } else {
        Err(failure(response))
    }
}

/// A request to `url` with bearer auth, `Accept`, and the config's timeout.
pub fn authorized(
    config: &ApiConfig,
    method: Method,
    url: String,
    token: &Secret,
    accept: &str,
) -> HttpRequest {
    let mut r = HttpRequest::new(method, url)
        .with_header("Authorization", format!("Bearer {}", token.expose()))
        .with_header("Accept", accept);
    r.timeout_ms = config.timeout_ms;
    r
}

/// Percent-encodes one path segment (ids come from servers and users: no `/`, `?` or `..`
/// can change the path).
pub fn path_segment(field: &str, value: &str) -> Result<String> {
    if value.is_empty() || value == "." || value == ".." {
        return Err(TriplinkError::invalid(field, "must be a non-empty id"));
    }
    Ok(url::form_urlencoded::byte_serialize(value.as_bytes())
        .collect::<String>()
        .replace('+', "%20"))
}

/// Appends `?k=v&...` with form encoding.
pub fn with_query(base: String, pairs: &[(&str, String)]) -> String {
    if pairs.is_empty() {
        return base;
    }
    let q = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())))
        .finish();
    format!("{base}?{q}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failure_maps_status_and_keeps_classic_message() {
        let r = HttpResponse::new(
            404,
            "<Error><Message>No such request</Message><Id>E1</Id></Error>",
        )
        .with_header("concur-correlationid", "c9");
        let e = failure(&r);
        assert_eq!(e.code(), ErrorCode::NotFound);
        let f = e.api_failure().unwrap();
        assert_eq!(f.message, "No such request");
        assert_eq!(f.api_code.as_deref(), Some("E1"));
        assert_eq!(f.correlation_id.as_deref(), Some("c9"));
        assert_eq!(
            failure(&HttpResponse::new(429, "")).code(),
            ErrorCode::RateLimited
        );
        assert_eq!(failure(&HttpResponse::new(403, "")).code(), ErrorCode::Auth);
        assert_eq!(
            failure(&HttpResponse::new(500, "\u{0}\u{1}")).code(),
            ErrorCode::Http
        );
    }

    #[test]
    fn path_segments_cannot_escape() {
        assert_eq!(path_segment("id", "a/../b?c").unwrap(), "a%2F..%2Fb%3Fc");
        assert_eq!(path_segment("id", "x y").unwrap(), "x%20y");
        assert!(path_segment("id", "..").is_err());
        assert!(path_segment("id", "").is_err());
    }
}
