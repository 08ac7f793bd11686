//! The auto-connect job's report: counts per status and, per request, the decision, the status
//! PUT, the reason and masked evidence — as data and as JSON.

use crate::matching::Evidence;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What happened to one connection request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestOutcome {
    /// The request id.
    pub request_id: String,
    /// The Concur user id (not PII by itself).
    pub user_id: Option<String>,
    /// The user's name, masked for logs (`Zoë O.`).
    pub display_name: String,
    /// The status decided (CRSUC, CREU1, ..., CRPA1, CRPA2).
    pub status: String,
    /// True when the PUT of `status` succeeded.
    pub put_done: bool,
    /// Why, in support-readable words (identifiers masked).
    pub reason: String,
    /// Field-by-field matching evidence (masked).
    pub evidence: Vec<Evidence>,
    /// The error, when the exchange or the PUT failed.
    pub error: Option<String>,
    /// Correlation id of the PUT, for support.
    pub correlation_id: Option<String>,
}

/// The whole run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct AutoConnectReport {
    /// How many requests got each status PUT successfully.
    pub counts: BTreeMap<String, usize>,
    /// Every request handled, in the order finished.
    pub outcomes: Vec<RequestOutcome>,
    /// Pages read.
    pub pages: usize,
    /// PUTs that failed (the request stays in Concur's queue and comes back).
    pub failed_puts: usize,
    /// Why the run stopped early, if it did (items already handled are kept above).
    pub stopped: Option<String>,
}

impl AutoConnectReport {
    /// The report as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|_| "{}".to_owned())
    }

    /// Successful PUTs of `status`.
    pub fn count(&self, status: &str) -> usize {
        self.counts.get(status).copied().unwrap_or(0)
    }

    /// Requests handled.
    pub fn total(&self) -> usize {
        self.outcomes.len()
    }
}

/// `Zoë O'Brien` → `Zoë O.`: enough for a support agent, not a full name in logs.
pub fn mask_name(first: Option<&str>, last: Option<&str>) -> String {
    let initial: String = last
        .and_then(|l| l.trim().chars().next())
        .map(|c| format!("{c}."))
        .unwrap_or_default();
    match first.map(str::trim).filter(|f| !f.is_empty()) {
        Some(f) => format!("{f} {initial}").trim().to_owned(),
        None => initial,
    }
}
