//! The token endpoint's answer by status: tokens (the body read by `wire::oauth`), the
//! error-16 redirect, or a typed error.

use super::error_body::oauth_error;
use crate::config::{normalize_geolocation, ApiConfig};
use crate::error::Result;
use crate::model::TokenSet;
use crate::transport::HttpResponse;
use crate::wire::body::body_text;
pub use crate::wire::oauth::read_id_token_claims;
use crate::wire::oauth::read_token_body;

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
    read_token_body(&text, now).map(TokenReply::Granted)
}
