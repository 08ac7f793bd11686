//! The OAuth2 token service's requests as sans-IO builders: every grant's
//! `POST /oauth2/v0/token` (form body, no charset, secrets only in the body), the `/otp`
//! request, and revoke (`DELETE /app-mgmt/v0/connections`), with their small answer checks.

use super::error_body::oauth_error;
use crate::api::response::{authorized, expect_status};
use crate::config::ApiConfig;
use crate::error::{Result, TriplinkError};
use crate::model::ClientCredentials;
use crate::transport::{HttpRequest, HttpResponse, Method, RetrySafety};
use crate::Secret;

/// A grant: what to trade for tokens (NOTES 2.2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Grant {
    /// `password` with user credentials (`credtype=password`), sent to the user's geolocation.
    Password {
        /// Login id.
        username: String,
        /// Password.
        password: Secret,
    },
    /// Company level: `password` + `credtype=authtoken`, username = company UUID, password =
    /// the company request token (24 h, up to 5 uses); sent to the GLZ base.
    CompanyAuthToken {
        /// Company UUID.
        company_id: String,
        /// Company request token.
        request_token: Secret,
    },
    /// A user connecting from the App Center: `credtype=authtoken`, username = the `id` from the
    /// redirect, password = its request token; sent to the GLZ base.
    AppCenterUser {
        /// The user id from the App Center redirect.
        user_id: String,
        /// The request token from the redirect.
        request_token: Secret,
    },
    /// The TripLink connection-request exchange: username = the request's `userId`, password =
    /// its `requestToken` (15 min), `credtype=authtoken`, sent to the GLZ base.
    ///
    /// **Inferred**, not published verbatim: this is the documented App Center user flow applied
    /// to connection requests (NOTES 1.5). Confirm it with SAP during TripLink onboarding.
    ConnectionRequest {
        /// The connection request's `userId`.
        user_id: String,
        /// The connection request's `requestToken`.
        request_token: Secret,
    },
    /// `refresh_token`, optionally narrowing the scope; sent to the token's geolocation.
    RefreshToken {
        /// The current refresh token.
        refresh_token: Secret,
        /// Narrower scope, space-separated.
        scope: Option<String>,
    },
    /// `client_credentials`.
    ClientCredentials,
    /// `authorization_code` from the 3-legged flow; sent to GLZ.
    AuthorizationCode {
        /// The code from the redirect.
        code: Secret,
        /// The redirect URI registered for the app.
        redirect_uri: String,
    },
    /// `otp`: the one-time password mailed by the `/otp` call.
    Otp {
        /// The email address the OTP went to.
        channel_handle: String,
        /// The one-time password.
        otp: Secret,
        /// Requested scope.
        scope: Option<String>,
    },
}

impl Grant {
    fn fields(&self) -> Vec<(&'static str, String)> {
        let authtoken = |u: &str, p: &Secret| {
            vec![
                ("grant_type", "password".to_owned()),
                ("username", u.to_owned()),
                ("password", p.expose().to_owned()),
                ("credtype", "authtoken".to_owned()),
            ]
        };
        match self {
            Grant::Password { username, password } => vec![
                ("grant_type", "password".to_owned()),
                ("username", username.clone()),
                ("password", password.expose().to_owned()),
                ("credtype", "password".to_owned()),
            ],
            Grant::CompanyAuthToken {
                company_id,
                request_token,
            } => authtoken(company_id, request_token),
            Grant::AppCenterUser {
                user_id,
                request_token,
            }
            | Grant::ConnectionRequest {
                user_id,
                request_token,
            } => authtoken(user_id, request_token),
            Grant::RefreshToken {
                refresh_token,
                scope,
            } => {
                let mut v = vec![
                    ("grant_type", "refresh_token".to_owned()),
                    ("refresh_token", refresh_token.expose().to_owned()),
                ];
                v.extend(scope.clone().map(|s| ("scope", s)));
                v
            }
            Grant::ClientCredentials => vec![("grant_type", "client_credentials".to_owned())],
            Grant::AuthorizationCode { code, redirect_uri } => vec![
                ("grant_type", "authorization_code".to_owned()),
                ("redirect_uri", redirect_uri.clone()),
                ("code", code.expose().to_owned()),
            ],
            Grant::Otp {
                channel_handle,
                otp,
                scope,
            } => {
                let mut v = vec![
                    ("grant_type", "otp".to_owned()),
                    ("channel_handle", channel_handle.clone()),
                    ("channel_type", "email".to_owned()),
                    ("otp", otp.expose().to_owned()),
                ];
                v.extend(scope.clone().map(|s| ("scope", s)));
                v
            }
        }
    }

    /// True when sending this grant twice cannot hurt. A connection request's token, an
    /// authorization code and a one-time password are single-use, so those are not (a timeout
    /// or a 5xx is not retried blindly; the auto-connect job asks again and reads "already
    /// used" instead). A refresh is: when its answer was lost after the server rotated the
    /// token, asking again with the same token is the only way back to a live token (a server
    /// that keeps the old token until the new one is used answers it), and a server that
    /// refuses the old token at once answers 108, which loses nothing the client still had.
    pub fn safe_to_repeat(&self) -> bool {
        !matches!(
            self,
            Grant::AuthorizationCode { .. } | Grant::Otp { .. } | Grant::ConnectionRequest { .. }
        )
    }
}

fn form(pairs: &[(&str, String)]) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())))
        .finish()
}

fn check_credentials(creds: &ClientCredentials) -> Result<()> {
    if creds.client_id.trim().is_empty() {
        return Err(TriplinkError::invalid("client_id", "must not be empty"));
    }
    if creds.client_secret.is_empty() {
        return Err(TriplinkError::invalid("client_secret", "must not be empty"));
    }
    Ok(())
}

fn form_post(config: &ApiConfig, path: &str, body: String) -> HttpRequest {
    let mut r = HttpRequest::new(Method::Post, format!("{}{path}", config.base_url()))
        // No charset parameter: the token service rejects it (NOTES 2.2).
        .with_header("Content-Type", "application/x-www-form-urlencoded")
        .with_header("Accept", "application/json")
        .with_body(body);
    r.timeout_ms = config.timeout_ms;
    r
}

/// `POST {base}/oauth2/v0/token` for `grant`; credentials go in the body only.
pub fn build_token_request(
    config: &ApiConfig,
    creds: &ClientCredentials,
    grant: &Grant,
) -> Result<HttpRequest> {
    check_credentials(creds)?;
    let mut pairs = vec![
        ("client_id", creds.client_id.clone()),
        ("client_secret", creds.client_secret.expose().to_owned()),
    ];
    pairs.extend(grant.fields());
    if pairs.iter().any(|(_, v)| v.is_empty()) {
        let empty = pairs
            .iter()
            .find(|(_, v)| v.is_empty())
            .map(|(k, _)| *k)
            .unwrap_or("field");
        return Err(TriplinkError::invalid(empty, "must not be empty"));
    }
    let safety = if grant.safe_to_repeat() {
        RetrySafety::SafeToRepeat
    } else {
        RetrySafety::NotSafeToRepeat
    };
    Ok(form_post(config, "/oauth2/v0/token", form(&pairs)).with_retry_safety(safety))
}

/// `POST {base}/oauth2/v0/otp`: mails a one-time password to `email`.
pub fn build_otp_request(
    config: &ApiConfig,
    creds: &ClientCredentials,
    email: &str,
    extra: &[(&str, String)],
) -> Result<HttpRequest> {
    check_credentials(creds)?;
    if !email.contains('@') {
        return Err(TriplinkError::invalid(
            "channel_handle",
            "must be an email address",
        ));
    }
    let mut pairs = vec![
        ("client_id", creds.client_id.clone()),
        ("client_secret", creds.client_secret.expose().to_owned()),
        ("channel_handle", email.to_owned()),
        ("channel_type", "email".to_owned()),
    ];
    pairs.extend(extra.iter().cloned());
    Ok(form_post(config, "/oauth2/v0/otp", form(&pairs)))
}

/// Checks the OTP answer `{"message":"otp sent"}`.
pub fn parse_otp_response(response: &HttpResponse) -> Result<()> {
    if response.is_success() {
        Ok(())
    } else {
        Err(oauth_error(response).into_error(response))
    }
}

/// `DELETE {base}/app-mgmt/v0/connections` with the user's token: revokes all of that user's
/// refresh tokens for the app.
pub fn build_revoke_request(config: &ApiConfig, user_access_token: &Secret) -> HttpRequest {
    authorized(
        config,
        Method::Delete,
        format!("{}/app-mgmt/v0/connections", config.base_url()),
        user_access_token,
        "application/json",
    )
}

/// Checks the revoke answer (200).
pub fn parse_revoke_response(response: &HttpResponse) -> Result<()> {
    expect_status(response, &[200, 204])
}
