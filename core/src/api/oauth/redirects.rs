//! The browser legs around the token service, as pure URL functions: the 3-legged
//! `/oauth2/v0/authorize` URL and its redirect (`code` + `geolocation`, or `error_code`), and
//! the App Center redirect (`id`, `requestToken`, `userId`/`userID`) that starts the company- and
//! user-level authtoken grants (NOTES 2.1, 2.2).

use super::request::Grant;
use crate::config::normalize_geolocation;
use crate::error::{ApiFailure, ErrorCode, Result, TriplinkError};
use crate::Secret;

/// `GET {base}/oauth2/v0/authorize?client_id&redirect_uri&scope&response_type=code&state`.
///
/// `base` must be a client-side (`www-`) host for Concur data centres (NOTES 2.1); any other
/// Concur host is refused. Other hosts (a loopback sandbox) are taken as given.
pub fn build_authorize_url(
    base: &str,
    client_id: &str,
    redirect_uri: &str,
    scope: &str,
    state: &str,
) -> Result<String> {
    let origin = normalize_geolocation(base)
        .ok_or_else(|| TriplinkError::invalid("base", "must be an http(s) base URL"))?;
    let host = origin.split("://").nth(1).unwrap_or_default();
    if host.ends_with(".concursolutions.com") && !host.starts_with("www-") {
        return Err(TriplinkError::invalid(
            "base",
            "the authorize page must be called on a www- host (e.g. https://www-us.api.concursolutions.com)",
        ));
    }
    for (field, v) in [
        ("client_id", client_id),
        ("redirect_uri", redirect_uri),
        ("state", state),
    ] {
        if v.trim().is_empty() {
            return Err(TriplinkError::invalid(field, "must not be empty"));
        }
    }
    let query = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("client_id", client_id)
        .append_pair("redirect_uri", redirect_uri)
        .append_pair("scope", scope)
        .append_pair("response_type", "code")
        .append_pair("state", state)
        .finish();
    Ok(format!("{origin}/oauth2/v0/authorize?{query}"))
}

/// What the authorize page redirected back with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthorizeRedirect {
    /// The authorization code, for [`Grant::AuthorizationCode`].
    pub code: Secret,
    /// The user's data centre, when sent (path stripped).
    pub geolocation: Option<String>,
}

fn query_pairs(redirect_url: &str) -> Result<Vec<(String, String)>> {
    let u = url::Url::parse(redirect_url.trim())
        .map_err(|_| TriplinkError::invalid("redirect_url", "is not a URL"))?;
    Ok(u.query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect())
}

fn param<'a>(pairs: &'a [(String, String)], names: &[&str]) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, v)| names.contains(&k.as_str()) && !v.trim().is_empty())
        .map(|(_, v)| v.trim())
}

/// Reads the authorize redirect: `?code=…&geolocation=…&state=…`, or
/// `?error_code=user_denied&error_description=…` (an `Auth` error). The `state` must equal
/// `expected_state` (the value passed to [`build_authorize_url`]), else `Protocol`.
pub fn parse_authorize_redirect(
    redirect_url: &str,
    expected_state: &str,
) -> Result<AuthorizeRedirect> {
    let pairs = query_pairs(redirect_url)?;
    if let Some(code) = param(&pairs, &["error_code", "error"]) {
        let message = param(&pairs, &["error_description"])
            .unwrap_or("the user did not authorise the app")
            .to_owned();
        return Err(TriplinkError::api(ApiFailure {
            code: ErrorCode::Auth,
            status: 0,
            correlation_id: None,
            api_code: Some(code.to_owned()),
            message,
            retry_after_secs: None,
            body: None,
        }));
    }
    if param(&pairs, &["state"]) != Some(expected_state) {
        return Err(TriplinkError::protocol(
            "authorize redirect: `state` does not match the request's (possible forgery)",
        ));
    }
    let code = param(&pairs, &["code"])
        .ok_or_else(|| TriplinkError::invalid("redirect_url", "has no `code`"))?;
    Ok(AuthorizeRedirect {
        code: Secret::new(code),
        geolocation: param(&pairs, &["geolocation"]).and_then(normalize_geolocation),
    })
}

/// The App Center's redirect to the partner:
/// `https://{partner}?id={uuid}&requestToken={token}&userId={userUUID}` (the company-auth page
/// spells it `userID`). `id` is the company UUID for company-level apps, the user's id for
/// user-level ones; the request token lives 24 hours.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppCenterRedirect {
    /// `id`: the company UUID (company level) or the user's id (user level).
    pub id: String,
    /// `requestToken`.
    pub request_token: Secret,
    /// `userId` / `userID`: the admin or user who connected, when sent.
    pub user_id: Option<String>,
}

impl AppCenterRedirect {
    /// The company-level grant (`username` = company UUID), sent to GLZ.
    pub fn company_grant(&self) -> Grant {
        Grant::CompanyAuthToken {
            company_id: self.id.clone(),
            request_token: self.request_token.clone(),
        }
    }

    /// The user-level App Center grant (`username` = the `id`), sent to GLZ.
    pub fn user_grant(&self) -> Grant {
        Grant::AppCenterUser {
            user_id: self.id.clone(),
            request_token: self.request_token.clone(),
        }
    }
}

/// Reads the App Center redirect; `id` and `requestToken` are required.
pub fn parse_app_center_redirect(redirect_url: &str) -> Result<AppCenterRedirect> {
    let pairs = query_pairs(redirect_url)?;
    let id = param(&pairs, &["id"])
        .ok_or_else(|| TriplinkError::invalid("redirect_url", "has no `id`"))?;
    let token = param(&pairs, &["requestToken"])
        .ok_or_else(|| TriplinkError::invalid("redirect_url", "has no `requestToken`"))?;
    Ok(AppCenterRedirect {
        id: id.to_owned(),
        request_token: Secret::new(token),
        user_id: param(&pairs, &["userId", "userID"]).map(str::to_owned),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authorize_url_is_exact_and_needs_a_www_host() {
        let u = build_authorize_url(
            "https://www-us.api.concursolutions.com/",
            "cid",
            "https://app.test/cb",
            "openid ITINER",
            "st-1",
        )
        .unwrap();
        assert_eq!(u, "https://www-us.api.concursolutions.com/oauth2/v0/authorize?client_id=cid&redirect_uri=https%3A%2F%2Fapp.test%2Fcb&scope=openid+ITINER&response_type=code&state=st-1");
        let e = build_authorize_url("https://us.api.concursolutions.com", "c", "r", "s", "t");
        assert_eq!(e.unwrap_err().code(), ErrorCode::InvalidInput);
        assert!(build_authorize_url("http://127.0.0.1:9/", "c", "r", "s", "t").is_ok());
        assert!(build_authorize_url("http://127.0.0.1:9/", "c", "r", "s", " ").is_err());
    }

    #[test]
    fn authorize_redirects_give_a_code_or_a_typed_refusal() {
        let r = parse_authorize_redirect(
            "https://app.test/cb?geolocation=https%3A%2F%2Fus.api.concursolutions.com&code=c0de-SECRET&state=st-1",
            "st-1",
        )
        .unwrap();
        assert_eq!(r.code.expose(), "c0de-SECRET");
        assert_eq!(
            r.geolocation.as_deref(),
            Some("https://us.api.concursolutions.com")
        );
        assert!(!format!("{r:?}").contains("SECRET"));
        let e = parse_authorize_redirect(
            "https://app.test/cb?error_code=user_denied&error_description=User+denied&state=st-1",
            "st-1",
        )
        .unwrap_err();
        assert_eq!(e.code(), ErrorCode::Auth);
        assert_eq!(
            e.api_failure().unwrap().api_code.as_deref(),
            Some("user_denied")
        );
        let forged = parse_authorize_redirect("https://app.test/cb?code=x&state=other", "st-1");
        assert_eq!(forged.unwrap_err().code(), ErrorCode::Protocol);
        assert!(parse_authorize_redirect("https://app.test/cb?state=st-1", "st-1").is_err());
        assert!(parse_authorize_redirect("not a url", "st-1").is_err());
    }

    #[test]
    fn app_center_redirect_in_both_spellings() {
        let r = parse_app_center_redirect(
            "https://partner.test/connect?id=c-uuid&requestToken=rt-SECRET&userID=admin-1",
        )
        .unwrap();
        assert_eq!(
            (r.id.as_str(), r.user_id.as_deref()),
            ("c-uuid", Some("admin-1"))
        );
        assert_eq!(
            r.company_grant(),
            Grant::CompanyAuthToken {
                company_id: "c-uuid".into(),
                request_token: Secret::new("rt-SECRET")
            }
        );
        assert!(
            matches!(r.user_grant(), Grant::AppCenterUser { user_id, .. } if user_id == "c-uuid")
        );
        assert!(!format!("{r:?}").contains("SECRET"));
        let r =
            parse_app_center_redirect("https://p.test/?id=u&requestToken=t&userId=u-9").unwrap();
        assert_eq!(r.user_id.as_deref(), Some("u-9"));
        let e = parse_app_center_redirect("https://p.test/?id=u").unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidInput);
        assert!(!e.to_string().contains("u&"));
    }
}
