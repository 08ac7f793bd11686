//! The one error type of the SDK (`TriplinkError`) and its small stable `ErrorCode`, which
//! every binding maps in exactly one place (JS `Error.code`, Kotlin sealed exception, Swift enum).

use crate::transport::{HttpResponse, TransportError};
use std::fmt;

/// Result with the SDK's error type.
pub type Result<T, E = TriplinkError> = std::result::Result<T, E>;

/// How many bytes of an error body are kept for diagnostics.
pub const MAX_KEPT_ERROR_BODY: usize = 2048;

/// The stable, binding-visible class of an error. New variants may be added in minor versions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub enum ErrorCode {
    /// The connection failed or broke.
    Network,
    /// No response in time.
    Timeout,
    /// The API answered with an error status not covered by a more specific code.
    Http,
    /// Credentials or token refused (401/403, OAuth2 `invalid_client`, bad password, ...).
    Auth,
    /// The refresh token or app grant is gone (OAuth2 code 108, 53, 59, 61, 64): the user or
    /// company must authorise the app again.
    Reauthorize,
    /// A short-lived token (request token, company request token, access token) expired
    /// before it was used; sending it would be a doomed request.
    TokenExpired,
    /// 429, or a documented "request limit exceeded".
    RateLimited,
    /// The user lives in another data centre and the redirect could not be completed.
    Geolocation,
    /// The resource does not exist (404).
    NotFound,
    /// The caller's input is invalid; nothing was sent.
    InvalidInput,
    /// A body could not be decoded (malformed, truncated, hostile or oversize).
    Decode,
    /// The server broke the protocol (a paging cycle, a link to a foreign host, ...).
    Protocol,
    /// A bug in the SDK.
    Internal,
}

impl ErrorCode {
    /// The code's stable name, as bindings expose it (e.g. `"RateLimited"`).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Network => "Network",
            ErrorCode::Timeout => "Timeout",
            ErrorCode::Http => "Http",
            ErrorCode::Auth => "Auth",
            ErrorCode::Reauthorize => "Reauthorize",
            ErrorCode::TokenExpired => "TokenExpired",
            ErrorCode::RateLimited => "RateLimited",
            ErrorCode::Geolocation => "Geolocation",
            ErrorCode::NotFound => "NotFound",
            ErrorCode::InvalidInput => "InvalidInput",
            ErrorCode::Decode => "Decode",
            ErrorCode::Protocol => "Protocol",
            ErrorCode::Internal => "Internal",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An error answer from an API, with everything support needs to trace it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiFailure {
    /// The class of failure.
    pub code: ErrorCode,
    /// The HTTP status.
    pub status: u16,
    /// The `concur-correlationid` of the response, when present.
    pub correlation_id: Option<String>,
    /// The API's own error code (`"108"`, `"missingRequiredParam"`, `"NotFound"`, ...).
    pub api_code: Option<String>,
    /// A human-readable message (the API's, or the documented meaning of its code).
    pub message: String,
    /// Seconds to wait before retrying, from `Retry-After`, when given.
    pub retry_after_secs: Option<u64>,
    /// The first [`MAX_KEPT_ERROR_BODY`] bytes of the error body, lossily decoded. Never set
    /// for bodies that may carry secrets (token responses).
    pub body: Option<String>,
}

impl ApiFailure {
    /// A failure built from a response: status, correlation id, `Retry-After` and a bounded
    /// copy of the body are taken from it.
    pub fn from_response(
        code: ErrorCode,
        response: &HttpResponse,
        message: impl Into<String>,
    ) -> Self {
        let retry_after_secs = response.retry_after_secs();
        let kept = &response.body[..response.body.len().min(MAX_KEPT_ERROR_BODY)];
        ApiFailure {
            code,
            status: response.status,
            correlation_id: response.correlation_id().map(str::to_owned),
            api_code: None,
            message: message.into(),
            retry_after_secs,
            body: (!kept.is_empty()).then(|| String::from_utf8_lossy(kept).into_owned()),
        }
    }

    /// Sets the API's own error code (builder style).
    pub fn with_api_code(mut self, api_code: impl Into<String>) -> Self {
        self.api_code = Some(api_code.into());
        self
    }

    /// Drops the kept body (for responses that may carry secrets).
    pub fn without_body(mut self) -> Self {
        self.body = None;
        self
    }
}

/// Every error the SDK returns.
///
/// No variant ever holds a secret: bodies of token responses are never kept, and request
/// bodies and `Authorization` headers are never copied into errors.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TriplinkError {
    /// The transport failed below HTTP.
    #[error("transport failure: {0}")]
    Transport(TransportError),
    /// The API answered with an error.
    #[error("{}", display_api(.0))]
    Api(Box<ApiFailure>),
    /// The caller's input is invalid; nothing was sent.
    #[error("invalid input `{field}`: {reason}")]
    InvalidInput {
        /// The offending field or parameter.
        field: String,
        /// Why it is invalid.
        reason: String,
    },
    /// A body could not be decoded.
    #[error("cannot decode {format}: {message}")]
    Decode {
        /// `json`, `xml`, `form`, ...
        format: &'static str,
        /// What was wrong (never the body itself).
        message: String,
    },
    /// A token expired before it could be used.
    #[error("{what} expired; a new one is needed")]
    TokenExpired {
        /// Which token (e.g. "connection request token").
        what: String,
    },
    /// The server broke the protocol.
    #[error("protocol violation: {message}")]
    Protocol {
        /// What happened.
        message: String,
    },
    /// A bug in the SDK.
    #[error("internal error: {message}")]
    Internal {
        /// What happened.
        message: String,
    },
}

fn display_api(f: &ApiFailure) -> String {
    let mut s = format!("{} (HTTP {}): {}", f.code, f.status, f.message);
    if let Some(c) = &f.api_code {
        s.push_str(&format!(" [api code {c}]"));
    }
    if let Some(c) = &f.correlation_id {
        s.push_str(&format!(" [correlation id {c}]"));
    }
    s
}

impl TriplinkError {
    /// The stable class of this error.
    pub fn code(&self) -> ErrorCode {
        match self {
            TriplinkError::Transport(t) if t.kind.is_timeout() => ErrorCode::Timeout,
            TriplinkError::Transport(_) => ErrorCode::Network,
            TriplinkError::Api(f) => f.code,
            TriplinkError::InvalidInput { .. } => ErrorCode::InvalidInput,
            TriplinkError::Decode { .. } => ErrorCode::Decode,
            TriplinkError::TokenExpired { .. } => ErrorCode::TokenExpired,
            TriplinkError::Protocol { .. } => ErrorCode::Protocol,
            TriplinkError::Internal { .. } => ErrorCode::Internal,
        }
    }

    /// An API failure.
    pub fn api(failure: ApiFailure) -> Self {
        TriplinkError::Api(Box::new(failure))
    }

    /// An invalid-input error.
    pub fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Self {
        TriplinkError::InvalidInput {
            field: field.into(),
            reason: reason.into(),
        }
    }

    /// A decode error.
    pub fn decode(format: &'static str, message: impl Into<String>) -> Self {
        TriplinkError::Decode {
            format,
            message: message.into(),
        }
    }

    /// A protocol violation.
    pub fn protocol(message: impl Into<String>) -> Self {
        TriplinkError::Protocol {
            message: message.into(),
        }
    }

    /// The HTTP status, for API failures.
    pub fn status(&self) -> Option<u16> {
        match self {
            TriplinkError::Api(f) => Some(f.status),
            _ => None,
        }
    }

    /// The `concur-correlationid` of the failed call, when known.
    pub fn correlation_id(&self) -> Option<&str> {
        match self {
            TriplinkError::Api(f) => f.correlation_id.as_deref(),
            _ => None,
        }
    }

    /// The API failure details, for API failures.
    pub fn api_failure(&self) -> Option<&ApiFailure> {
        match self {
            TriplinkError::Api(f) => Some(f),
            _ => None,
        }
    }
}

impl From<TransportError> for TriplinkError {
    fn from(e: TransportError) -> Self {
        TriplinkError::Transport(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_failure_keeps_status_correlation_and_bounded_body() {
        let body = "x".repeat(10_000);
        let resp = HttpResponse::new(503, body)
            .with_header("concur-correlationid", "c-1")
            .with_header("Retry-After", "7");
        let e = TriplinkError::api(ApiFailure::from_response(
            ErrorCode::Http,
            &resp,
            "unavailable",
        ));
        assert_eq!(e.code(), ErrorCode::Http);
        assert_eq!(e.status(), Some(503));
        assert_eq!(e.correlation_id(), Some("c-1"));
        let f = e.api_failure().unwrap();
        assert_eq!(f.retry_after_secs, Some(7));
        assert_eq!(f.body.as_ref().unwrap().len(), MAX_KEPT_ERROR_BODY);
        assert!(e.to_string().contains("c-1") && e.to_string().contains("503"));
    }

    #[test]
    fn transport_kinds_map_to_codes() {
        use crate::transport::TransportErrorKind;
        for (kind, code) in [
            (TransportErrorKind::Dns, ErrorCode::Network),
            (TransportErrorKind::Refused, ErrorCode::Network),
            (TransportErrorKind::Tls, ErrorCode::Network),
            (TransportErrorKind::ConnectTimeout, ErrorCode::Timeout),
            (TransportErrorKind::ReadTimeout, ErrorCode::Timeout),
        ] {
            assert_eq!(
                TriplinkError::from(TransportError::new(kind, "x")).code(),
                code
            );
        }
        let t = TriplinkError::from(TransportError::new(TransportErrorKind::Timeout, "slow"));
        assert_eq!(t.code(), ErrorCode::Timeout);
        let n = TriplinkError::from(TransportError::new(TransportErrorKind::Connect, "refused"));
        assert_eq!(n.code(), ErrorCode::Network);
    }
}
