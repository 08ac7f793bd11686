//! The geolocation redirect (OAuth2 error 16) as a pure hop counter over an allow-list: the
//! documented data-centre hosts (NOTES 2.4) plus hosts the caller adds, at most 2 hops.

use crate::config::normalize_geolocation;
use crate::error::ApiFailure;
use crate::error::{ErrorCode, Result, TriplinkError};
use crate::transport::HttpResponse;

/// Documented Concur base URIs (server-side and `www-` client-side variants, NOTES 2.4; the
/// hosts only in the old docs' list; and `eu1.api`, which the TMC guide names as an error-16
/// target, seed 003). The pre-2017 legacy hosts are left out: they are not JWT-compatible.
pub const CONCUR_DATA_CENTERS: &[&str] = &[
    "https://glz.api.concursolutions.com",
    "https://us.api.concursolutions.com",
    "https://us2.api.concursolutions.com",
    "https://eu.api.concursolutions.com",
    "https://eu1.api.concursolutions.com",
    "https://emea.api.concursolutions.com",
    "https://eu2.api.concursolutions.com",
    "https://apj1.api.concursolutions.com",
    "https://usg.api.concursolutions.com",
    "https://us-impl.api.concursolutions.com",
    "https://emea-impl.api.concursolutions.com",
    "https://cn.api.concurcdc.cn",
    "https://www-us.api.concursolutions.com",
    "https://www-eu.api.concursolutions.com",
    "https://www-emea.api.concursolutions.com",
    "https://www-cn.api.concurcdc.cn",
    "https://www-us2.api.concursolutions.com",
    "https://www-eu2.api.concursolutions.com",
    "https://www-apj1.api.concursolutions.com",
    "https://www-usg.api.concursolutions.com",
    "https://www-us-impl.api.concursolutions.com",
    "https://www-emea-impl.api.concursolutions.com",
];

/// The global landing zone: where company and connection-request grants go.
pub const GLZ: &str = "https://glz.api.concursolutions.com";

/// Hops a token request may take before giving up.
pub const MAX_HOPS: u32 = 2;

/// Which base URLs a redirect may send credentials to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GeoAllowList {
    origins: Vec<String>,
}

impl Default for GeoAllowList {
    /// The documented data centres.
    fn default() -> Self {
        GeoAllowList {
            origins: CONCUR_DATA_CENTERS
                .iter()
                .map(|s| (*s).to_owned())
                .collect(),
        }
    }
}

impl GeoAllowList {
    /// An allow-list with no entries (add your own).
    pub fn empty() -> Self {
        GeoAllowList {
            origins: Vec::new(),
        }
    }

    /// Allows one more base URL, e.g. a loopback sandbox `http://127.0.0.1:8080`.
    pub fn allow(mut self, base_url: &str) -> Self {
        if let Some(o) = normalize_geolocation(base_url) {
            self.origins.push(o);
        }
        self
    }

    /// True when `base_url` (normalised) is on the list.
    pub fn contains(&self, base_url: &str) -> bool {
        normalize_geolocation(base_url)
            .map(|o| self.origins.iter().any(|x| x.eq_ignore_ascii_case(&o)))
            .unwrap_or(false)
    }
}

/// Counts hops of one token request and vets each redirect target.
#[derive(Clone, Debug)]
pub struct GeoRedirect {
    hops: u32,
    visited: Vec<String>,
}

impl GeoRedirect {
    /// A request that starts at `first_base`.
    pub fn new(first_base: &str) -> Self {
        GeoRedirect {
            hops: 0,
            visited: vec![first_base.to_owned()],
        }
    }

    /// Hops taken so far.
    pub fn hops(&self) -> u32 {
        self.hops
    }

    /// Vets a redirect to `geolocation`: allowed host, not already visited (a loop), and within
    /// [`MAX_HOPS`]. Returns the base URL to re-send the same body to.
    pub fn next(
        &mut self,
        geolocation: &str,
        allow: &GeoAllowList,
        response: &HttpResponse,
    ) -> Result<String> {
        let fail = |msg: String| {
            TriplinkError::api(
                ApiFailure::from_response(ErrorCode::Geolocation, response, msg)
                    .with_api_code("16")
                    .without_body(),
            )
        };
        if !allow.contains(geolocation) {
            return Err(fail(format!(
                "redirect to {geolocation} refused: host is not on the allow-list"
            )));
        }
        if self
            .visited
            .iter()
            .any(|v| v.eq_ignore_ascii_case(geolocation))
        {
            return Err(fail(format!("redirect loop back to {geolocation}")));
        }
        if self.hops >= MAX_HOPS {
            return Err(fail(format!("more than {MAX_HOPS} geolocation redirects")));
        }
        self.hops += 1;
        self.visited.push(geolocation.to_owned());
        Ok(geolocation.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allow_list_has_the_data_centres_and_added_hosts() {
        let a = GeoAllowList::default().allow("http://127.0.0.1:9000/");
        assert!(a.contains("https://us.api.concursolutions.com"));
        assert!(a.contains("https://eu2.api.concursolutions.com/oauth2/v0/token"));
        assert!(a.contains("http://127.0.0.1:9000"));
        assert!(!a.contains("http://127.0.0.1:9001"));
        assert!(!a.contains("https://evil.example"));
        assert!(!a.contains("http://us.api.concursolutions.com"));
    }

    #[test]
    fn hops_are_bounded_and_loops_refused() {
        let r = HttpResponse::new(400, "");
        let a = GeoAllowList::default();
        let mut g = GeoRedirect::new("https://us2.api.concursolutions.com");
        assert!(g.next("https://us.api.concursolutions.com", &a, &r).is_ok());
        let e = g
            .next("https://us2.api.concursolutions.com", &a, &r)
            .unwrap_err();
        assert_eq!(e.code(), ErrorCode::Geolocation);
        assert!(g
            .next("https://eu2.api.concursolutions.com", &a, &r)
            .is_ok());
        assert!(g
            .next("https://apj1.api.concursolutions.com", &a, &r)
            .is_err());
        let mut g = GeoRedirect::new("https://us2.api.concursolutions.com");
        assert!(g.next("https://attacker.example", &a, &r).is_err());
    }
}
