//! The auto-connect job's rules as pure functions: which status to PUT when the request token
//! is stale or the token exchange fails, and when the whole run must stop instead.

use crate::error::{ErrorCode, TriplinkError};
use crate::model::StatusCode;

/// What to do after the token exchange of a matched request failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExchangeFailureAction {
    /// PUT this status for the request and go on with the next.
    Put(StatusCode),
    /// Stop the run without PUTting: the app itself is refused (bad client id/secret, app
    /// disabled or not enabled for the company), so every exchange would fail and PUTting
    /// would burn the users' retry budgets.
    AbortRun,
}

/// The documented rule for exchange failures:
///
/// | failure | action |
/// |---|---|
/// | token older than 15 min, or refused as expired/used (`invalid_grant`, codes 5, 103, 136) | CRPA1 "request token has expired" |
/// | network error, timeout, 5xx, 429 after the executor's retries | CRPA2 "network error" |
/// | geolocation redirect refused, undecodable answer | CRRET (Concur offers it again in 1 h, no email) |
/// | the app is refused (codes 53, 59, 61, 64 → `Reauthorize`) | stop the run |
pub fn exchange_failure_action(error: &TriplinkError) -> ExchangeFailureAction {
    use ExchangeFailureAction::{AbortRun, Put};
    let api_code = error
        .api_failure()
        .and_then(|f| f.api_code.clone())
        .unwrap_or_default();
    match error.code() {
        ErrorCode::TokenExpired => Put(StatusCode::Crpa1),
        ErrorCode::Reauthorize => AbortRun,
        ErrorCode::Auth | ErrorCode::InvalidInput
            if matches!(api_code.as_str(), "5" | "19" | "103" | "136") =>
        {
            Put(StatusCode::Crpa1)
        }
        ErrorCode::Auth => AbortRun,
        ErrorCode::Network | ErrorCode::Timeout | ErrorCode::Http | ErrorCode::RateLimited => {
            Put(StatusCode::Crpa2)
        }
        _ => Put(StatusCode::Crret),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ApiFailure;
    use crate::transport::{HttpResponse, TransportError, TransportErrorKind};

    fn api(code: ErrorCode, api_code: &str) -> TriplinkError {
        TriplinkError::api(
            ApiFailure::from_response(code, &HttpResponse::new(400, ""), "x")
                .with_api_code(api_code),
        )
    }

    #[test]
    fn rule_table() {
        use ExchangeFailureAction::*;
        let cases = [
            (
                TriplinkError::TokenExpired { what: "t".into() },
                Put(StatusCode::Crpa1),
            ),
            (api(ErrorCode::Auth, "5"), Put(StatusCode::Crpa1)),
            (api(ErrorCode::Auth, "136"), Put(StatusCode::Crpa1)),
            (api(ErrorCode::Auth, "14"), AbortRun),
            (api(ErrorCode::Reauthorize, "64"), AbortRun),
            (api(ErrorCode::Http, "500"), Put(StatusCode::Crpa2)),
            (api(ErrorCode::RateLimited, ""), Put(StatusCode::Crpa2)),
            (
                TriplinkError::from(TransportError::new(TransportErrorKind::Timeout, "t")),
                Put(StatusCode::Crpa2),
            ),
            (api(ErrorCode::Geolocation, "16"), Put(StatusCode::Crret)),
            (TriplinkError::decode("json", "x"), Put(StatusCode::Crret)),
        ];
        for (e, want) in cases {
            assert_eq!(exchange_failure_action(&e), want, "{e}");
        }
    }
}
