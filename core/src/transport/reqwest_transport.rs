//! `ReqwestTransport`: the native `Transport` over reqwest (rustls), with redirects off, a
//! connect timeout apart from the per-request timeouts, and failures mapped to their kinds
//! (DNS, refused, TLS, connect or read timeout, broken connection) with the underlying cause
//! in the message.

use super::{HttpRequest, HttpResponse, Method, Transport, TransportError, TransportErrorKind};

/// A native transport over a shared `reqwest::Client` (connection pooling, rustls).
///
/// Redirects are never followed (design rule 4: an OAuth2 geolocation hop is decided by the
/// SDK, not by the HTTP stack).
#[derive(Clone, Debug)]
pub struct ReqwestTransport {
    client: reqwest::Client,
}

/// Default time allowed to establish a connection (TCP and TLS), apart from the request's own
/// timeout: a host that never completes the handshake fails in 10 s, not after the request's 30.
pub const DEFAULT_CONNECT_TIMEOUT_MS: u64 = 10_000;

impl ReqwestTransport {
    /// A transport with redirects disabled and the default connect timeout.
    pub fn new() -> Result<Self, TransportError> {
        Self::with_connect_timeout_ms(DEFAULT_CONNECT_TIMEOUT_MS)
    }

    /// A transport with redirects disabled and this connect timeout (milliseconds).
    pub fn with_connect_timeout_ms(ms: u64) -> Result<Self, TransportError> {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(std::time::Duration::from_millis(ms))
            .build()
            .map_err(|e| TransportError::new(TransportErrorKind::Connect, describe(&e)))?;
        Ok(ReqwestTransport { client })
    }

    /// Wraps a client the host configured itself (it should disable redirects).
    pub fn with_client(client: reqwest::Client) -> Self {
        ReqwestTransport { client }
    }
}

fn method(m: Method) -> reqwest::Method {
    match m {
        Method::Get => reqwest::Method::GET,
        Method::Post => reqwest::Method::POST,
        Method::Put => reqwest::Method::PUT,
        Method::Patch => reqwest::Method::PATCH,
        Method::Delete => reqwest::Method::DELETE,
    }
}

/// The error and its causes, outermost first.
fn chain(e: &reqwest::Error) -> impl Iterator<Item = &(dyn std::error::Error + 'static)> {
    std::iter::successors(Some(e as &(dyn std::error::Error + 'static)), |c| {
        c.source()
    })
}

fn io_kind(e: &reqwest::Error) -> Option<std::io::ErrorKind> {
    chain(e).find_map(|c| c.downcast_ref::<std::io::Error>().map(std::io::Error::kind))
}

fn classify(e: &reqwest::Error) -> TransportErrorKind {
    let text = describe(e).to_ascii_lowercase();
    let tls = text.contains("tls")
        || text.contains("certificate")
        || text.contains("handshake")
        || text.contains("invalidcontenttype")
        || text.contains("corrupt message");
    if e.is_timeout() || io_kind(e) == Some(std::io::ErrorKind::TimedOut) {
        if e.is_connect() {
            TransportErrorKind::ConnectTimeout
        } else {
            TransportErrorKind::ReadTimeout
        }
    } else if e.is_connect() {
        if io_kind(e) == Some(std::io::ErrorKind::ConnectionRefused) {
            TransportErrorKind::Refused
        } else if text.contains("dns error") || text.contains("failed to lookup address") {
            TransportErrorKind::Dns
        } else if tls {
            TransportErrorKind::Tls
        } else {
            TransportErrorKind::Connect
        }
    } else if e.is_builder() {
        TransportErrorKind::Connect
    } else {
        TransportErrorKind::Io
    }
}

/// The error with its causes ("error sending request for url (…): client error (Connect):
/// tcp connect error: Connection refused"), query strings cut. reqwest and its causes name the
/// URL and the failure, never headers or bodies (where the secrets are).
fn describe(e: &reqwest::Error) -> String {
    let mut s = String::new();
    for c in chain(e) {
        let part = c.to_string();
        if !s.contains(&part) {
            if !s.is_empty() {
                s.push_str(": ");
            }
            s.push_str(&part);
        }
    }
    if let Some(i) = s.find('?') {
        let end = s[i..].find(')').map(|j| i + j).unwrap_or(s.len());
        s.replace_range(i..end, "?…");
    }
    s
}

#[async_trait::async_trait]
impl Transport for ReqwestTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let mut rb = self.client.request(method(request.method), &request.url);
        for (k, v) in &request.headers {
            rb = rb.header(k, v);
        }
        if let Some(ms) = request.timeout_ms {
            rb = rb.timeout(std::time::Duration::from_millis(ms));
        }
        if !request.body.is_empty() {
            rb = rb.body(request.body);
        }
        let resp = rb
            .send()
            .await
            .map_err(|e| TransportError::new(classify(&e), describe(&e)))?;
        let status = resp.status().as_u16();
        let headers = resp
            .headers()
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_owned(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let body = resp
            .bytes()
            .await
            .map_err(|e| TransportError::new(classify(&e), describe(&e)))?
            .to_vec();
        Ok(HttpResponse {
            status,
            headers,
            body,
        })
    }
}
