//! Plain owned HTTP request/response data shared by every transport and every binding.

use serde::{Deserialize, Serialize};

/// The header Concur uses to correlate a call across its services (a UUID), echoed on responses.
pub const CORRELATION_ID_HEADER: &str = "concur-correlationid";

/// An HTTP method.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// PATCH
    Patch,
    /// DELETE
    Delete,
}

impl Method {
    /// The method as it goes on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    /// True for methods that may be repeated without changing the outcome (RFC 9110 §9.2.2).
    pub fn is_idempotent(self) -> bool {
        !matches!(self, Method::Post | Method::Patch)
    }
}

/// Whether a request may be sent again after it may have reached the server: declared by the
/// builder that made it (the API's rule for that call), read by the client's retry loop, and
/// by hosts that send the sans-IO requests themselves.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RetrySafety {
    /// Repeating cannot change the outcome (GET, PUT of a status, DELETE, or an API-declared
    /// safe POST such as a token request with the same credentials).
    SafeToRepeat,
    /// Repeating could act twice (creating a trip, posting a booking, rotating a refresh
    /// token): retried only when the request certainly did not reach the server. The default
    /// of a request read without the field: a lost answer is not resent on a guess.
    #[default]
    NotSafeToRepeat,
}

impl RetrySafety {
    /// What the method alone allows (RFC 9110 §9.2.2): safe for GET, PUT and DELETE, not for
    /// POST and PATCH. Builders whose call differs (a POST that only searches, a token request
    /// whose grant may be sent twice) say so with [`HttpRequest::with_retry_safety`].
    pub fn of_method(method: Method) -> Self {
        if method.is_idempotent() {
            RetrySafety::SafeToRepeat
        } else {
            RetrySafety::NotSafeToRepeat
        }
    }

    /// True for [`RetrySafety::SafeToRepeat`].
    pub fn is_safe(self) -> bool {
        self == RetrySafety::SafeToRepeat
    }
}

/// A request ready to send: everything a transport needs, nothing it must compute.
///
/// `Debug` redacts the `Authorization` header and the body (either may carry secrets).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HttpRequest {
    /// The method.
    pub method: Method,
    /// The absolute URL, query string included.
    pub url: String,
    /// Header name/value pairs, in order.
    pub headers: Vec<(String, String)>,
    /// The body bytes (empty for none).
    pub body: Vec<u8>,
    /// Per-request timeout in milliseconds, when the caller set one.
    pub timeout_ms: Option<u64>,
    /// Whether it may be resent after it may have reached the server (see [`RetrySafety`]):
    /// the method's rule unless the builder declared otherwise.
    #[serde(default)]
    pub retry_safety: RetrySafety,
}

impl HttpRequest {
    /// A request with no headers and no body.
    pub fn new(method: Method, url: impl Into<String>) -> Self {
        HttpRequest {
            method,
            url: url.into(),
            headers: Vec::new(),
            body: Vec::new(),
            timeout_ms: None,
            retry_safety: RetrySafety::of_method(method),
        }
    }

    /// Declares whether the request may be resent after it may have reached the server
    /// (builder style), where the API's rule for the call differs from the method's.
    ///
    /// ```
    /// use triplink_core::transport::{HttpRequest, Method, RetrySafety};
    /// let read = HttpRequest::new(Method::Post, "https://example.test/search");
    /// assert_eq!(read.retry_safety, RetrySafety::NotSafeToRepeat);
    /// let read = read.with_retry_safety(RetrySafety::SafeToRepeat);
    /// assert!(read.retry_safety.is_safe());
    /// ```
    pub fn with_retry_safety(mut self, safety: RetrySafety) -> Self {
        self.retry_safety = safety;
        self
    }

    /// Adds a header (builder style).
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sets the body (builder style).
    pub fn with_body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }

    /// The first value of header `name`, compared case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

impl std::fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(k, v)| {
                let redacted = k.eq_ignore_ascii_case("authorization");
                (k.as_str(), if redacted { "***" } else { v.as_str() })
            })
            .collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field("body", &format_args!("<{} bytes>", self.body.len()))
            .field("timeout_ms", &self.timeout_ms)
            .field("retry_safety", &self.retry_safety)
            .finish()
    }
}

/// A complete response as the transport received it, whatever its status.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HttpResponse {
    /// The HTTP status code.
    pub status: u16,
    /// Header name/value pairs, in order.
    pub headers: Vec<(String, String)>,
    /// The body bytes.
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// A response with a status and a body, no headers.
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Self {
        HttpResponse {
            status,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    /// Adds a header (builder style).
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// The first value of header `name`, compared case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// The `concur-correlationid` header, when present.
    pub fn correlation_id(&self) -> Option<&str> {
        self.header(CORRELATION_ID_HEADER)
    }

    /// The `Retry-After` header in seconds, when it is a number of seconds (the form Concur
    /// sends; an HTTP date is not read). The one reading of it: the retry rules and
    /// `ApiFailure` both ask here.
    ///
    /// ```
    /// use triplink_core::transport::HttpResponse;
    /// let busy = HttpResponse::new(429, "").with_header("Retry-After", " 7 ");
    /// assert_eq!(busy.retry_after_secs(), Some(7));
    /// assert_eq!(HttpResponse::new(503, "").retry_after_secs(), None);
    /// ```
    pub fn retry_after_secs(&self) -> Option<u64> {
        self.header("retry-after")
            .and_then(|v| v.trim().parse::<u64>().ok())
    }

    /// True for 2xx statuses.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The media type of `Content-Type`, lower-cased and without parameters.
    pub fn content_type(&self) -> Option<String> {
        self.header("content-type").map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
    }
}

impl std::fmt::Debug for HttpResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The body may hold tokens (a token response): print its size only.
        f.debug_struct("HttpResponse")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body", &format_args!("<{} bytes>", self.body.len()))
            .finish()
    }
}

fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_case_insensitive() {
        let r = HttpResponse::new(200, "").with_header("Concur-CorrelationId", "abc");
        assert_eq!(r.correlation_id(), Some("abc"));
        let r = r.with_header("Content-Type", "Application/JSON; charset=utf-8");
        assert_eq!(r.content_type().as_deref(), Some("application/json"));
    }

    #[test]
    fn request_debug_redacts_authorization_and_body() {
        let r = HttpRequest::new(Method::Post, "https://x.test/")
            .with_header("Authorization", "Bearer tok-123")
            .with_body("password=pw-456");
        let d = format!("{r:?}");
        assert!(!d.contains("tok-123") && !d.contains("pw-456"), "{d}");
        let resp = HttpResponse::new(200, "{\"access_token\":\"tok-789\"}");
        assert!(!format!("{resp:?}").contains("tok-789"));
    }

    #[test]
    fn idempotency_follows_rfc() {
        assert!(Method::Get.is_idempotent() && Method::Put.is_idempotent());
        assert!(!Method::Post.is_idempotent());
    }
}
