//! `PageWalk`: follows `NextPage`-style links as opaque URLs, refusing a link to another scheme,
//! host or port, a link already seen in this walk (a cycle), and walks past a page cap — while
//! the caller keeps every item already read (`Walked`).

use crate::error::{Result, TriplinkError};
use std::collections::HashSet;

/// Default cap on pages in one walk.
pub const DEFAULT_MAX_PAGES: usize = 10_000;

/// Validates each next-page link of one walk.
///
/// ```
/// use triplink_core::flow::paging::PageWalk;
/// let first = "https://us.api.concursolutions.com/api/v3.2/common/connectionrequests/?limit=2";
/// let mut walk = PageWalk::new(first).unwrap();
/// let next = walk.next_url(Some("https://us.api.concursolutions.com/api/v3.2/common/connectionrequests/?limit=2&offset=2")).unwrap();
/// assert!(next.is_some());
/// assert!(walk.next_url(Some("https://evil.example/steal")).is_err());
/// ```
#[derive(Clone, Debug)]
pub struct PageWalk {
    origin: (String, Option<String>, Option<u16>),
    seen: HashSet<String>,
    pages: usize,
    max_pages: usize,
}

fn origin_of(u: &url::Url) -> (String, Option<String>, Option<u16>) {
    (
        u.scheme().to_owned(),
        u.host_str().map(str::to_ascii_lowercase),
        u.port_or_known_default(),
    )
}

impl PageWalk {
    /// Starts a walk whose first request went to `first_url`.
    pub fn new(first_url: &str) -> Result<Self> {
        let u =
            url::Url::parse(first_url).map_err(|e| TriplinkError::invalid("url", e.to_string()))?;
        let mut seen = HashSet::new();
        seen.insert(u.to_string());
        Ok(PageWalk {
            origin: origin_of(&u),
            seen,
            pages: 1,
            max_pages: DEFAULT_MAX_PAGES,
        })
    }

    /// Sets the page cap (builder style).
    pub fn with_max_pages(mut self, max_pages: usize) -> Self {
        self.max_pages = max_pages.max(1);
        self
    }

    /// Pages accepted so far (the first included).
    pub fn pages(&self) -> usize {
        self.pages
    }

    /// Validates a page's next link: `Ok(None)` ends the walk (no link, or an empty one);
    /// `Ok(Some(url))` is the next URL to fetch; an error is a protocol violation — stop, but
    /// keep the items already read.
    pub fn next_url(&mut self, next: Option<&str>) -> Result<Option<String>> {
        let Some(raw) = next.map(str::trim).filter(|s| !s.is_empty()) else {
            return Ok(None);
        };
        let u = url::Url::parse(raw)
            .map_err(|e| TriplinkError::protocol(format!("next page link is not a URL: {e}")))?;
        if origin_of(&u) != self.origin {
            return Err(TriplinkError::protocol(format!(
                "next page link points to another origin ({}://{}); refusing to send credentials there",
                u.scheme(),
                u.host_str().unwrap_or("")
            )));
        }
        let key = u.to_string();
        if !self.seen.insert(key) {
            return Err(TriplinkError::protocol(
                "next page link repeats an earlier page (paging cycle)",
            ));
        }
        if self.pages >= self.max_pages {
            return Err(TriplinkError::protocol(format!(
                "more than {} pages in one walk",
                self.max_pages
            )));
        }
        self.pages += 1;
        Ok(Some(u.to_string()))
    }
}

/// The outcome of a walk: every item read, and why it stopped early if it did.
#[derive(Debug)]
pub struct Walked<T> {
    /// All items read, in order, including those before a failure.
    pub items: Vec<T>,
    /// Pages read.
    pub pages: usize,
    /// The error that ended the walk early, if any.
    pub stopped: Option<TriplinkError>,
}

impl<T> Walked<T> {
    /// The items, or the error if the walk stopped early (dropping the partial items —
    /// prefer reading both fields).
    pub fn into_result(self) -> Result<Vec<T>> {
        match self.stopped {
            Some(e) => Err(e),
            None => Ok(self.items),
        }
    }
}

/// Bindings hand a walk over as data: `{"items": [...], "pages": n, "stopped": null |
/// {"code": "Network", "message": "..."}}` (the error's stable code and its redacted text).
impl<T: serde::Serialize> serde::Serialize for Walked<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        #[derive(serde::Serialize)]
        struct Stopped {
            code: &'static str,
            message: String,
        }
        let stopped = self.stopped.as_ref().map(|e| Stopped {
            code: e.code().as_str(),
            message: e.to_string(),
        });
        let mut st = s.serialize_struct("Walked", 3)?;
        st.serialize_field("items", &self.items)?;
        st.serialize_field("pages", &self.pages)?;
        st.serialize_field("stopped", &stopped)?;
        st.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    const BASE: &str = "https://us.api.concursolutions.com/api/v3.2/common/connectionrequests/";

    #[test]
    fn walks_serialize_items_pages_and_the_stop_reason() {
        let done = Walked {
            items: vec![1, 2],
            pages: 1,
            stopped: None,
        };
        assert_eq!(
            serde_json::to_string(&done).unwrap(),
            r#"{"items":[1,2],"pages":1,"stopped":null}"#
        );
        let cut = Walked {
            items: vec![1],
            pages: 2,
            stopped: Some(TriplinkError::Protocol {
                message: "NextPage left the host".into(),
            }),
        };
        let v: serde_json::Value = serde_json::to_value(&cut).unwrap();
        assert_eq!(v["items"], serde_json::json!([1]));
        assert_eq!(v["stopped"]["code"], "Protocol");
        assert!(v["stopped"]["message"]
            .as_str()
            .unwrap()
            .contains("left the host"));
    }

    #[test]
    fn follows_same_origin_links_and_stops_on_none_or_empty() {
        let mut w = PageWalk::new(&format!("{BASE}?limit=2")).unwrap();
        let n = w
            .next_url(Some(&format!("{BASE}?limit=2&offset=2")))
            .unwrap();
        assert_eq!(
            n.as_deref(),
            Some(format!("{BASE}?limit=2&offset=2").as_str())
        );
        assert_eq!(w.next_url(None).unwrap(), None);
        assert_eq!(w.next_url(Some("  ")).unwrap(), None);
        assert_eq!(w.pages(), 2);
    }

    #[test]
    fn refuses_foreign_scheme_host_port_and_cycles() {
        let mut w = PageWalk::new(&format!("{BASE}?limit=2")).unwrap();
        for bad in [
            "http://us.api.concursolutions.com/api/v3.2/common/connectionrequests/?offset=2",
            "https://evil.example/api/v3.2/common/connectionrequests/?offset=2",
            "https://us.api.concursolutions.com:8443/x",
            "not a url",
        ] {
            assert_eq!(
                w.next_url(Some(bad)).unwrap_err().code(),
                ErrorCode::Protocol,
                "{bad}"
            );
        }
        let e = w.next_url(Some(&format!("{BASE}?limit=2"))).unwrap_err();
        assert!(e.to_string().contains("cycle"));
        w.next_url(Some(&format!("{BASE}?limit=2&offset=2")))
            .unwrap();
        assert!(w
            .next_url(Some(&format!("{BASE}?limit=2&offset=2")))
            .is_err());
    }

    #[test]
    fn caps_pages() {
        let mut w = PageWalk::new(&format!("{BASE}?o=0"))
            .unwrap()
            .with_max_pages(3);
        assert!(w.next_url(Some(&format!("{BASE}?o=1"))).is_ok());
        assert!(w.next_url(Some(&format!("{BASE}?o=2"))).is_ok());
        assert!(w.next_url(Some(&format!("{BASE}?o=3"))).is_err());
    }
}
