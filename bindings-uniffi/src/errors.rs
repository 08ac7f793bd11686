//! Errors across the FFI edge: the core's `TriplinkError` becomes one `TriplinkError` enum (a
//! sealed `TriplinkException` in Kotlin, an `Error` enum in Swift, an exception class in
//! Python), one variant per stable `ErrorCode`. Mapped here and nowhere else.
//!
//! Messages come from the core's `Display`, which never holds a secret (tokens, passwords and
//! request bodies are never copied into core errors).

use triplink_core::{ErrorCode, TriplinkError as CoreError};

/// Every failure of a binding call, one variant per stable class. Each variant carries the
/// same fields, so callers can branch on the variant or read them uniformly:
/// - `code`: the stable class as text (`"Auth"`, `"NotFound"`, …; equals the variant name
///   except for classes newer than this binding, which arrive as `Internal`);
/// - `detail`: a human-readable message, never holding a secret;
/// - `http_status`, `correlation_id`, `api_code`: what is known of the API's error answer
///   (the correlation id is what Concur support asks for).
// The fields are documented once above instead of thirteen times.
#[allow(missing_docs)]
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum TriplinkError {
    /// The connection failed or broke (also a foreign transport's failure).
    #[error("{detail}")]
    Network {
        code: String,
        detail: String,
        http_status: Option<u16>,
        correlation_id: Option<String>,
        api_code: Option<String>,
    },
    /// No response in time.
    #[error("{detail}")]
    Timeout {
        code: String,
        detail: String,
        http_status: Option<u16>,
        correlation_id: Option<String>,
        api_code: Option<String>,
    },
    /// An error status not covered by a more specific variant.
    #[error("{detail}")]
    Http {
        code: String,
        detail: String,
        http_status: Option<u16>,
        correlation_id: Option<String>,
        api_code: Option<String>,
    },
    /// Credentials or token refused.
    #[error("{detail}")]
    Auth {
        code: String,
        detail: String,
        http_status: Option<u16>,
        correlation_id: Option<String>,
        api_code: Option<String>,
    },
    /// The grant is gone: the user or company must authorise the app again.
    #[error("{detail}")]
    Reauthorize {
        code: String,
        detail: String,
        http_status: Option<u16>,
        correlation_id: Option<String>,
        api_code: Option<String>,
    },
    /// A short-lived token expired before it was used.
    #[error("{detail}")]
    TokenExpired {
        code: String,
        detail: String,
        http_status: Option<u16>,
        correlation_id: Option<String>,
        api_code: Option<String>,
    },
    /// 429 or a documented request limit.
    #[error("{detail}")]
    RateLimited {
        code: String,
        detail: String,
        http_status: Option<u16>,
        correlation_id: Option<String>,
        api_code: Option<String>,
    },
    /// A geolocation redirect could not be completed.
    #[error("{detail}")]
    Geolocation {
        code: String,
        detail: String,
        http_status: Option<u16>,
        correlation_id: Option<String>,
        api_code: Option<String>,
    },
    /// The resource does not exist.
    #[error("{detail}")]
    NotFound {
        code: String,
        detail: String,
        http_status: Option<u16>,
        correlation_id: Option<String>,
        api_code: Option<String>,
    },
    /// The caller's input is invalid; nothing was sent.
    #[error("{detail}")]
    InvalidInput {
        code: String,
        detail: String,
        http_status: Option<u16>,
        correlation_id: Option<String>,
        api_code: Option<String>,
    },
    /// A body could not be decoded.
    #[error("{detail}")]
    Decode {
        code: String,
        detail: String,
        http_status: Option<u16>,
        correlation_id: Option<String>,
        api_code: Option<String>,
    },
    /// The server broke the protocol.
    #[error("{detail}")]
    Protocol {
        code: String,
        detail: String,
        http_status: Option<u16>,
        correlation_id: Option<String>,
        api_code: Option<String>,
    },
    /// A bug in the SDK (or an error class newer than this binding).
    #[error("{detail}")]
    Internal {
        code: String,
        detail: String,
        http_status: Option<u16>,
        correlation_id: Option<String>,
        api_code: Option<String>,
    },
}

/// The result of every fallible binding call.
pub type Result<T, E = TriplinkError> = std::result::Result<T, E>;

impl From<CoreError> for TriplinkError {
    fn from(e: CoreError) -> Self {
        let (http_status, correlation_id, api_code) = match &e {
            CoreError::Api(f) => (Some(f.status), f.correlation_id.clone(), f.api_code.clone()),
            _ => (None, None, None),
        };
        let code = e.code();
        let detail = e.to_string();
        let c = code.as_str().to_owned();
        macro_rules! variant {
            ($v:ident) => {
                TriplinkError::$v {
                    code: c,
                    detail,
                    http_status,
                    correlation_id,
                    api_code,
                }
            };
        }
        match code {
            ErrorCode::Network => variant!(Network),
            ErrorCode::Timeout => variant!(Timeout),
            ErrorCode::Http => variant!(Http),
            ErrorCode::Auth => variant!(Auth),
            ErrorCode::Reauthorize => variant!(Reauthorize),
            ErrorCode::TokenExpired => variant!(TokenExpired),
            ErrorCode::RateLimited => variant!(RateLimited),
            ErrorCode::Geolocation => variant!(Geolocation),
            ErrorCode::NotFound => variant!(NotFound),
            ErrorCode::InvalidInput => variant!(InvalidInput),
            ErrorCode::Decode => variant!(Decode),
            ErrorCode::Protocol => variant!(Protocol),
            // `ErrorCode` is non-exhaustive: a class newer than this binding is reported as
            // Internal, with its real name kept in `code`.
            _ => variant!(Internal),
        }
    }
}

/// Converts a core result.
pub fn core<T>(r: triplink_core::Result<T>) -> Result<T> {
    r.map_err(TriplinkError::from)
}

/// An `InvalidInput` error for a bad argument (nothing was sent).
pub fn invalid(field: &str, reason: impl Into<String>) -> TriplinkError {
    CoreError::invalid(field, reason).into()
}

/// A JSON conversion failure of an argument (`InvalidInput`) — never echoes the input.
pub fn bad_json(field: &str, e: &serde_json::Error) -> TriplinkError {
    invalid(field, format!("not the expected JSON: {e}"))
}

/// Serialises a result model as JSON text (a failure here is a bug: `Internal`).
pub fn to_json<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| {
        CoreError::Internal {
            message: format!("cannot encode the result as JSON: {e}"),
        }
        .into()
    })
}

/// Parses a JSON argument.
pub fn from_json<T: serde::de::DeserializeOwned>(field: &str, text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|e| bad_json(field, &e))
}

/// Parses an optional JSON argument, defaulting when absent or blank.
pub fn from_json_or_default<T: serde::de::DeserializeOwned + Default>(
    field: &str,
    text: Option<String>,
) -> Result<T> {
    match text {
        Some(t) if !t.trim().is_empty() => from_json(field, &t),
        _ => Ok(T::default()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use triplink_core::error::ApiFailure;
    use triplink_core::transport::HttpResponse;

    #[test]
    fn api_failures_keep_status_correlation_and_code() {
        let resp = HttpResponse::new(404, "{}").with_header("concur-correlationid", "c-1");
        let f = ApiFailure::from_response(ErrorCode::NotFound, &resp, "Trip not found")
            .with_api_code("X");
        match TriplinkError::from(CoreError::Api(Box::new(f))) {
            TriplinkError::NotFound {
                code,
                http_status,
                correlation_id,
                api_code,
                ..
            } => {
                assert_eq!(code, "NotFound");
                assert_eq!(http_status, Some(404));
                assert_eq!(correlation_id.as_deref(), Some("c-1"));
                assert_eq!(api_code.as_deref(), Some("X"));
            }
            other => unreachable!("wrong variant: {other:?}"),
        }
    }

    #[test]
    fn invalid_json_arguments_are_invalid_input_without_the_text() {
        let e = from_json::<Vec<u8>>("params", "{\"secret\": \"hunter2\"").err();
        let text = format!("{e:?}");
        assert!(matches!(e, Some(TriplinkError::InvalidInput { .. })));
        assert!(!text.contains("hunter2"));
    }
}
