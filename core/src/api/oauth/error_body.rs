//! The OAuth2 error body (read by `wire::oauth`) turned into a typed error carrying the code's
//! documented meaning (NOTES 2.6). The body itself is never kept: token bodies carry secrets.

use crate::error::{ApiFailure, ErrorCode, TriplinkError};
use crate::model::oauth_codes::oauth_code_info;
pub use crate::model::oauth_codes::OAuthErrorBody;
use crate::transport::HttpResponse;
use crate::wire::oauth::read_oauth_error_body;
pub use crate::wire::oauth::MAX_OAUTH_ERROR_BODY_BYTES;

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

/// The error body of `response`, read leniently ([`read_oauth_error_body`]).
pub fn oauth_error(response: &HttpResponse) -> OAuthErrorBody {
    read_oauth_error_body(&response.body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn correlation_ids_come_from_the_header_else_from_the_body() {
        let r = HttpResponse::new(
            400,
            r#"{"code":" 16 ","concur-correlationid":"c-16","geolocation":"x"}"#,
        );
        let e = oauth_error(&r).into_error(&r);
        assert_eq!(e.correlation_id(), Some("c-16"));
        let header = r.clone().with_header("concur-correlationid", "h-1");
        assert_eq!(
            oauth_error(&header).into_error(&header).correlation_id(),
            Some("h-1")
        );
    }
}
