//! OAuth2 token service v0 as sans-IO pairs (NOTES 2): grant requests and the OTP and revoke
//! calls (`request`), the drift-tolerant token parser (`token_response`), the typed error
//! body (`error_body`: code 16 → redirect; 108/53/59/61/64 → re-authorise) and the browser
//! redirects around them (`redirects`: authorize page, App Center).

mod error_body;
mod redirects;
mod request;
mod token_response;

// The base URLs' rule lives in config; re-exported where callers first found it.
pub use crate::config::normalize_geolocation;
pub use error_body::{oauth_error, OAuthErrorBody, MAX_OAUTH_ERROR_BODY_BYTES};
pub use redirects::{
    build_authorize_url, parse_app_center_redirect, parse_authorize_redirect, AppCenterRedirect,
    AuthorizeRedirect,
};
pub use request::{
    build_otp_request, build_revoke_request, build_token_request, parse_otp_response,
    parse_revoke_response, Grant,
};
pub use token_response::{parse_token_response, read_id_token_claims, TokenReply};
