//! The sandbox's own wire helpers (independent of the SDK's codecs, so tests against it mean
//! something): XML escaping, zone-less UTC timestamps, OAuth2 and classic error bodies.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// Escapes text for XML.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// `YYYY-MM-DDTHH:MM:SS` (UTC, no zone) for Unix seconds — the connection-request format.
pub fn utc_text(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Civil-from-days (proleptic Gregorian), after Howard Hinnant's public-domain algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// A response with a body and a content type.
pub fn body(status: StatusCode, content_type: &'static str, body: String) -> Response {
    let mut r = (status, body).into_response();
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    r
}

/// An OAuth2 error `{code, error, error_description[, geolocation]}`.
pub fn oauth_error(
    status: StatusCode,
    code: u32,
    error: &str,
    description: &str,
    geolocation: Option<&str>,
) -> Response {
    let mut v = serde_json::json!({"code": code, "error": error, "error_description": description});
    if let Some(g) = geolocation {
        v["geolocation"] = serde_json::Value::String(g.to_owned());
    }
    body(status, "application/json", v.to_string())
}

/// A classic `<Error>` body.
pub fn classic_error(status: StatusCode, message: &str) -> Response {
    body(
        status,
        "application/xml",
        format!(
            "<Error><Message>{}</Message><Server-Time>{}</Server-Time><Id>SANDBOX-{}</Id></Error>",
            esc(message),
            utc_text(0),
            status.as_u16()
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_text_matches_known_instants() {
        assert_eq!(utc_text(0), "1970-01-01T00:00:00");
        assert_eq!(utc_text(1_667_381_961), "2022-11-02T09:39:21");
        assert_eq!(utc_text(951_782_400), "2000-02-29T00:00:00");
    }
}
