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
