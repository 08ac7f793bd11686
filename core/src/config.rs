//! `ApiConfig`: where calls go (the user's or company's geolocation) and the limits every
//! builder and parser applies.

use crate::error::{Result, TriplinkError};
use serde::{Deserialize, Serialize};

/// Default cap on a response body the parsers accept: 4 MiB.
pub const DEFAULT_MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

/// Where calls go and the limits every builder and parser applies.
///
/// ```
/// use triplink_core::ApiConfig;
/// let cfg = ApiConfig::new("https://us.api.concursolutions.com/").unwrap();
/// assert_eq!(cfg.base_url(), "https://us.api.concursolutions.com");
/// assert!(ApiConfig::new("ftp://example.com").is_err());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiConfig {
    base_url: String,
    /// Largest response body a parser accepts, in bytes.
    pub max_body_bytes: usize,
    /// Per-request timeout set on every built request, in milliseconds.
    pub timeout_ms: Option<u64>,
}

impl ApiConfig {
    /// A config for `base_url` (a geolocation such as `https://us.api.concursolutions.com`).
    /// The URL must be absolute `http`/`https` with a host; a trailing slash is dropped.
    pub fn new(base_url: &str) -> Result<Self> {
        let parsed = url::Url::parse(base_url.trim())
            .map_err(|e| TriplinkError::invalid("base_url", e.to_string()))?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
            return Err(TriplinkError::invalid(
                "base_url",
                "must be an absolute http(s) URL with a host",
            ));
        }
        Ok(ApiConfig {
            base_url: parsed.as_str().trim_end_matches('/').to_owned(),
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            timeout_ms: Some(30_000),
        })
    }

    /// The base URL, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// A copy pointing at another base URL (after a geolocation change), same limits.
    pub fn with_base_url(&self, base_url: &str) -> Result<Self> {
        let mut next = ApiConfig::new(base_url)?;
        next.max_body_bytes = self.max_body_bytes;
        next.timeout_ms = self.timeout_ms;
        Ok(next)
    }
}

/// Normalises a `geolocation`: trimmed, scheme + host (+ port) only, lower-case; any path such
/// as `/oauth2/v0/token`, query or fragment is dropped, and a bare host gets `https://`.
/// `None` for anything that is not an `http(s)` URL with a host (or carries user info).
///
/// ```
/// use triplink_core::config::normalize_geolocation;
/// assert_eq!(
///     normalize_geolocation(" https://emea.api.concursolutions.com/oauth2/v0/token ").as_deref(),
///     Some("https://emea.api.concursolutions.com")
/// );
/// assert_eq!(
///     normalize_geolocation("us.api.concursolutions.com").as_deref(),
///     Some("https://us.api.concursolutions.com")
/// );
/// assert_eq!(normalize_geolocation("ftp://x.example"), None);
/// ```
pub fn normalize_geolocation(raw: &str) -> Option<String> {
    let raw = raw.trim();
    let with_scheme;
    let raw = if raw.contains("://") {
        raw
    } else {
        with_scheme = format!("https://{raw}");
        &with_scheme
    };
    let u = url::Url::parse(raw).ok()?;
    if !u.username().is_empty() || u.password().is_some() {
        return None;
    }
    let host = u.host_str()?;
    if !matches!(u.scheme(), "http" | "https") {
        return None;
    }
    Some(match u.port() {
        Some(p) => format!("{}://{}:{}", u.scheme(), host, p),
        None => format!("{}://{}", u.scheme(), host),
    })
}
