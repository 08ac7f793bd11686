//! The auto-connect job's report: counts per status, the requests left pending, why a run
//! stopped, and a bounded sample of per-request outcomes (decision, status PUT, reason, masked
//! evidence) — as data and as JSON. Every outcome streams to the job's journal; the report
//! keeps at most [`OUTCOME_SAMPLE`] of them, so a 100k-request run stays small.

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

/// How many outcomes the report keeps (the first ones; failures are kept first).
pub const OUTCOME_SAMPLE: usize = 1_000;
/// How many pending request ids the report names.
pub const PENDING_SAMPLE: usize = 1_000;

/// The whole run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct AutoConnectReport {
    /// How many requests got each status PUT successfully.
    pub counts: BTreeMap<String, usize>,
    /// Requests handled (a status decided and a PUT tried).
    pub handled: usize,
    /// A sample of the outcomes, in the order finished: every one up to [`OUTCOME_SAMPLE`],
    /// after that only failed PUTs while there is room for them.
    pub outcomes: Vec<RequestOutcome>,
    /// Ids of requests left in Concur's queue by this run (a failed PUT, or the run stopped
    /// before their PUT), at most [`PENDING_SAMPLE`]; a rerun resumes them from the journal.
    pub pending: Vec<String>,
    /// Pages read.
    pub pages: usize,
    /// PUTs that failed (the request stays in Concur's queue and comes back).
    pub failed_puts: usize,
    /// Why the run ended with work left, if it did: an error, a limit reached, or requests
    /// still pending (items already handled are kept above). `None` means done.
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
        self.handled
    }

    /// Adds one outcome: counted, and kept in the sample while there is room (a failed PUT is
    /// kept up to twice the sample size, so failures are not crowded out by successes).
    pub fn add(&mut self, outcome: RequestOutcome) {
        self.handled += 1;
        if outcome.put_done {
            *self.counts.entry(outcome.status.clone()).or_insert(0) += 1;
        } else {
            self.failed_puts += 1;
            if self.pending.len() < PENDING_SAMPLE {
                self.pending.push(outcome.request_id.clone());
            }
        }
        let room = if outcome.put_done {
            OUTCOME_SAMPLE
        } else {
            2 * OUTCOME_SAMPLE
        };
        if self.outcomes.len() < room {
            self.outcomes.push(outcome);
        }
    }

    /// Sets `stopped` unless it already says why.
    pub fn stop(&mut self, reason: impl Into<String>) {
        if self.stopped.is_none() {
            self.stopped = Some(reason.into());
        }
    }
}
