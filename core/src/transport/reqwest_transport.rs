//! `ReqwestTransport`: the native `Transport` over reqwest (rustls), with redirects off and
//! per-request timeouts, mapping failures to the transport error kinds retries rely on.

use super::{HttpRequest, HttpResponse, Method, Transport, TransportError, TransportErrorKind};

/// A native transport over a shared `reqwest::Client` (connection pooling, rustls).
///
/// Redirects are never followed (design rule 4: an OAuth2 geolocation hop is decided by the
/// SDK, not by the HTTP stack).
#[derive(Clone, Debug)]
pub struct ReqwestTransport {
    client: reqwest::Client,
}

impl ReqwestTransport {
    /// A transport with redirects disabled.
    pub fn new() -> Result<Self, TransportError> {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| TransportError::new(TransportErrorKind::Connect, e.to_string()))?;
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

fn classify(e: &reqwest::Error) -> TransportErrorKind {
    if e.is_timeout() {
        TransportErrorKind::Timeout
    } else if e.is_connect() || e.is_builder() {
        TransportErrorKind::Connect
    } else {
        TransportErrorKind::Io
    }
}

fn describe(e: &reqwest::Error) -> String {
    // reqwest's Display includes the URL, never headers or bodies; strip the query anyway in
    // case a caller put something sensitive there.
    let mut s = e.to_string();
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
