//! Connection Requests data (TripLink v3.0/3.1/3.2): one request, a page of them, the API
//! version, and the create response (NOTES 1.1–1.2).

use crate::Secret;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// The Connection Requests API version: field casing, paging and PUT shape differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum CrVersion {
    /// v3.0 (deprecated; PascalCase, string offset, status filter, DELETE).
    V3_0,
    /// v3.1 (deprecated; PascalCase, string offset, status filter, email addresses).
    V3_1,
    /// v3.2 (current; camelCase, integer offset, PUT → 204).
    #[default]
    V3_2,
}

impl CrVersion {
    /// The path segment, e.g. `v3.2`.
    pub fn path_segment(self) -> &'static str {
        match self {
            CrVersion::V3_0 => "v3.0",
            CrVersion::V3_1 => "v3.1",
            CrVersion::V3_2 => "v3.2",
        }
    }

    /// Reads `3.0` / `3.1` / `3.2` (with or without a leading `v`), as bindings spell it.
    pub fn parse(text: &str) -> Option<Self> {
        match text.strip_prefix('v').unwrap_or(text) {
            "3.0" => Some(CrVersion::V3_0),
            "3.1" => Some(CrVersion::V3_1),
            "3.2" => Some(CrVersion::V3_2),
            _ => None,
        }
    }

    /// True for the PascalCase versions (3.0 and 3.1).
    pub fn is_pascal_case(self) -> bool {
        !matches!(self, CrVersion::V3_2)
    }
}

/// A Concur user's wish to connect to the supplier.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionRequest {
    /// The request id (a GUID).
    pub id: String,
    /// The request's self link.
    pub uri: Option<String>,
    /// The user's first name.
    pub first_name: Option<String>,
    /// The user's middle name (often nil).
    pub middle_name: Option<String>,
    /// The user's last name.
    pub last_name: Option<String>,
    /// The loyalty number the user entered (absent when the supplier does not match on it).
    pub loyalty_number: Option<String>,
    /// The request's status as sent (v3.2: always `Pending`).
    pub status: Option<String>,
    /// The OAuth2 request token to exchange for the user's tokens; lives 15 minutes.
    pub request_token: Option<Secret>,
    /// When the request last changed (sent without a zone; it is UTC).
    #[serde(with = "time::serde::rfc3339::option", default)]
    pub last_modified: Option<OffsetDateTime>,
    /// The `lastModified` text when it could not be read as a date (kept, never dropped).
    pub last_modified_raw: Option<String>,
    /// The Concur user's UUID (v3.2 only).
    pub user_id: Option<String>,
    /// Verified email addresses, slots email1..email5 in order (`None` where nil).
    pub email_addresses: [Option<String>; 5],
}

impl ConnectionRequest {
    /// The verified emails that are present, in slot order.
    pub fn emails(&self) -> impl Iterator<Item = &str> {
        self.email_addresses.iter().filter_map(|e| e.as_deref())
    }
}

/// A request token lives 15 minutes (v3.1/v3.2 swagger text, NOTES 1.2).
pub const REQUEST_TOKEN_LIFETIME_SECS: i64 = 15 * 60;

/// One page of connection requests.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionRequestPage {
    /// The requests on this page.
    pub items: Vec<ConnectionRequest>,
    /// The next page's URL, opaque; `None` when nothing more is available now.
    pub next_page: Option<String>,
}

/// The answer to a create call (`CreateResponse`), used for certification and tests.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct CreateResponse {
    /// The new request's id.
    pub id: String,
    /// The new request's link.
    pub uri: Option<String>,
}
