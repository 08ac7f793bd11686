//! The core's structured logging hooks: `tracing` spans and events behind the default-on
//! feature `tracing` (without it every hook compiles to nothing). What is logged never holds a
//! secret, a token, a password or a body: URLs are reduced to their path template
//! ([`path_template`]), and the auto-connect decisions carry only masked evidence.
//!
//! Targets: `triplink::http` (API calls and attempts), `triplink::retry`, `triplink::token`
//! (grants, refreshes, rotations, geolocation hops), `triplink::auto_connect` (pages and one
//! `decided` line per request). A host shows them with any subscriber, e.g.
//! `tracing_subscriber::fmt().with_env_filter(EnvFilter::from_default_env())` and
//! `RUST_LOG=info` (the main job's example does).

/// A `tracing` event (`log_event!(info, target: ..., field = value, "message")`); nothing
/// without the feature.
macro_rules! log_event {
    ($level:ident, $($arg:tt)*) => {
        #[cfg(feature = "tracing")]
        {
            ::tracing::$level!($($arg)*);
        }
    };
}

/// Awaits `$fut` inside the span `$span` (an expression building a `tracing::Span`); without
/// the feature the span expression is not even compiled.
macro_rules! in_span {
    ($span:expr, $fut:expr) => {{
        #[cfg(feature = "tracing")]
        {
            ::tracing::Instrument::instrument($fut, $span).await
        }
        #[cfg(not(feature = "tracing"))]
        {
            $fut.await
        }
    }};
}

/// The grant's kind for the log (never its fields).
#[cfg(feature = "tracing")]
pub(crate) fn grant_kind(grant: &crate::api::oauth::Grant) -> &'static str {
    use crate::api::oauth::Grant;
    match grant {
        Grant::Password { .. } => "password",
        Grant::CompanyAuthToken { .. } => "company_auth_token",
        Grant::AppCenterUser { .. } => "app_center_user",
        Grant::ConnectionRequest { .. } => "connection_request",
        Grant::RefreshToken { .. } => "refresh_token",
        Grant::ClientCredentials => "client_credentials",
        Grant::AuthorizationCode { .. } => "authorization_code",
        Grant::Otp { .. } => "otp",
    }
}

/// The masked evidence of a decision on one line: `Email:Matched p•••@example.com; ...`.
#[cfg(feature = "tracing")]
pub(crate) fn evidence_line(evidence: &[crate::matching::Evidence]) -> String {
    let parts: Vec<String> = evidence
        .iter()
        .map(|e| format!("{:?}:{:?} {}", e.field, e.outcome, e.note))
        .collect();
    parts.join("; ")
}

/// A URL's path with every segment that is not a plain word (nor empty) replaced by `{}`: the API's path
/// template, free of ids, query strings (page offsets) and hosts.
///
/// ```
/// use triplink_core::telemetry::path_template;
/// assert_eq!(
///     path_template("https://us.test/api/v3.2/connectionrequests/8f2a-11/status?x=1"),
///     "/api/v3.2/connectionrequests/{}/status"
/// );
/// assert_eq!(path_template("https://us.test/oauth2/v0/token"), "/oauth2/v0/token");
/// ```
pub fn path_template(url: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = after_scheme
        .find('/')
        .map_or("", |i| &after_scheme[i..])
        .split(['?', '#'])
        .next()
        .unwrap_or("");
    let mut out = String::with_capacity(path.len());
    for segment in path.split('/').skip(1) {
        out.push('/');
        if segment.is_empty() || is_word(segment) {
            out.push_str(segment);
        } else {
            out.push_str("{}");
        }
    }
    if out.is_empty() {
        out.push('/');
    }
    out
}

/// An API word (`connectionrequests`, `travel-requests`) or a version (`v3.2`, `v0`): kept.
fn is_word(segment: &str) -> bool {
    let version = segment.strip_prefix('v').is_some_and(|v| {
        !v.is_empty() && v.len() <= 4 && v.chars().all(|c| c.is_ascii_digit() || c == '.')
    });
    let word = !segment.is_empty()
        && segment.len() <= 32
        && segment
            .chars()
            .all(|c| c.is_ascii_alphabetic() || c == '-' || c == '_');
    version || word
}

#[cfg(test)]
mod tests {
    use super::path_template;

    #[test]
    fn ids_queries_and_hosts_are_left_out() {
        for (url, want) in [
            (
                "https://h/api/v3.2/connectionrequests?limit=10&offset=abc",
                "/api/v3.2/connectionrequests",
            ),
            (
                "https://h/api/v3.2/connectionrequests/1234/status",
                "/api/v3.2/connectionrequests/{}/status",
            ),
            (
                "https://h/api/travelrequest/v4/requests/0b9f3c5e-aa",
                "/api/travelrequest/v4/requests/{}",
            ),
            (
                "https://h/api/travel/trip/v1.1/AbCdEfGhIjKlMnOpQrStUvWxYzAbCdEfGhIj",
                "/api/travel/trip/v1.1/{}",
            ),
            ("https://h", "/"),
            ("not a url", "/"),
            ("https://h/a%20b/", "/{}/"),
            (
                "https://h/api/v3.2/common/connectionrequests/?limit=3",
                "/api/v3.2/common/connectionrequests/",
            ),
        ] {
            assert_eq!(path_template(url), want, "{url}");
        }
    }
}
