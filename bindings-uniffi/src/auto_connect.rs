//! The auto-connect job for Kotlin/Swift/Python: run it over a built-in `MemberIndex` or the
//! app's `MemberDirectory`, and get the report as a record (and as JSON).

use crate::client::TriplinkClient;
use crate::errors::{from_json_or_default, Result};
use crate::matching::{
    evidence, ForeignDirectory, MatchEvidence, MatchPolicy, MemberDirectory, MemberIndex,
};
use crate::stop::{stoppable, AutoConnectStop};
use std::collections::HashMap;
use std::sync::Arc;
use triplink_core::client::auto_connect_report::{AutoConnectReport as CoreReport, RequestOutcome};
use triplink_core::client::{AutoConnectOptions, DrainMode};

/// How to drain the queue.
#[derive(Clone, Copy, Debug, uniffi::Enum)]
pub enum AutoConnectMode {
    /// Read the first page, handle and PUT it, read the first page again (the default).
    PutAsYouGo,
    /// Follow `NextPage` to peek at everything, then handle and PUT it all.
    PeekAll,
}

/// Settings of a run; `None` fields take the core's defaults (put-as-you-go, pages of 10,
/// 4 at once, at most 10,000 requests).
#[derive(Clone, Debug, Default, uniffi::Record)]
pub struct AutoConnectSettings {
    /// How to drain the queue.
    pub mode: Option<AutoConnectMode>,
    /// Page size, 1..=10.
    pub page_limit: Option<u32>,
    /// Requests handled at once.
    pub concurrency: Option<u32>,
    /// Stop after this many requests in one run.
    pub max_requests: Option<u32>,
    /// The whole run's deadline in milliseconds: once it passes no new request is started,
    /// the ones in flight finish, and the report's `stopped` names the deadline.
    #[uniffi(default)]
    pub run_deadline_ms: Option<u64>,
}

impl From<AutoConnectSettings> for AutoConnectOptions {
    fn from(s: AutoConnectSettings) -> Self {
        let d = AutoConnectOptions::default();
        AutoConnectOptions {
            mode: match s.mode {
                None => d.mode,
                Some(AutoConnectMode::PutAsYouGo) => DrainMode::PutAsYouGo,
                Some(AutoConnectMode::PeekAll) => DrainMode::PeekAll,
            },
            page_limit: s.page_limit.unwrap_or(d.page_limit),
            concurrency: s.concurrency.map_or(d.concurrency, |c| c as usize),
            max_requests: s.max_requests.map_or(d.max_requests, |m| m as usize),
            run_deadline_ms: s.run_deadline_ms,
            ..d
        }
    }
}

/// What happened to one connection request.
#[derive(Clone, Debug, uniffi::Record)]
pub struct AutoConnectOutcome {
    /// The request id.
    pub request_id: String,
    /// The Concur user id.
    pub user_id: Option<String>,
    /// The user's name, masked (`Zoë O.`).
    pub display_name: String,
    /// The status decided (`CRSUC`, `CREU1`, …, `CRPA1`, `CRPA2`).
    pub status: String,
    /// True when the PUT of `status` succeeded.
    pub put_done: bool,
    /// Why (identifiers masked).
    pub reason: String,
    /// Field-by-field evidence (masked).
    pub evidence: Vec<MatchEvidence>,
    /// The error, when the exchange or the PUT failed.
    pub error: Option<String>,
    /// The PUT's correlation id.
    pub correlation_id: Option<String>,
}

/// The whole run.
#[derive(Clone, Debug, uniffi::Record)]
pub struct AutoConnectReport {
    /// How many requests got each status PUT successfully.
    pub counts: HashMap<String, u64>,
    /// Requests handled.
    pub handled: u64,
    /// A sample of the outcomes in the order finished (the first 1,000; failed PUTs kept up
    /// to 2,000).
    pub outcomes: Vec<AutoConnectOutcome>,
    /// Ids of requests this run left in Concur's queue (at most 1,000).
    pub pending: Vec<String>,
    /// Pages read.
    pub pages: u64,
    /// PUTs that failed (those requests come back later).
    pub failed_puts: u64,
    /// Why the run ended with work left (an error, a limit, pending requests); `None` when
    /// the queue was drained.
    pub stopped: Option<String>,
    /// The report as pretty JSON (for logs and support).
    pub json: String,
}

fn outcome(o: &RequestOutcome) -> AutoConnectOutcome {
    AutoConnectOutcome {
        request_id: o.request_id.clone(),
        user_id: o.user_id.clone(),
        display_name: o.display_name.clone(),
        status: o.status.clone(),
        put_done: o.put_done,
        reason: o.reason.clone(),
        evidence: evidence(&o.evidence),
        error: o.error.clone(),
        correlation_id: o.correlation_id.clone(),
    }
}

impl From<CoreReport> for AutoConnectReport {
    fn from(r: CoreReport) -> Self {
        AutoConnectReport {
            counts: r
                .counts
                .iter()
                .map(|(k, v)| (k.clone(), *v as u64))
                .collect(),
            handled: r.handled as u64,
            outcomes: r.outcomes.iter().map(outcome).collect(),
            pending: r.pending.clone(),
            pages: r.pages as u64,
            failed_puts: r.failed_puts as u64,
            stopped: r.stopped.clone(),
            json: r.to_json(),
        }
    }
}

/// Settings from their JSON form (`{"mode":"PeekAll","pageLimit":5,…}`), for hosts that keep
/// them as configuration text.
#[uniffi::export]
pub fn auto_connect_settings_from_json(json: Option<String>) -> Result<AutoConnectSettings> {
    let o: AutoConnectOptions = from_json_or_default("settings", json)?;
    Ok(AutoConnectSettings {
        mode: Some(match o.mode {
            DrainMode::PeekAll => AutoConnectMode::PeekAll,
            _ => AutoConnectMode::PutAsYouGo,
        }),
        page_limit: Some(o.page_limit),
        concurrency: Some(o.concurrency as u32),
        max_requests: Some(o.max_requests.min(u32::MAX as usize) as u32),
        run_deadline_ms: o.run_deadline_ms,
    })
}

#[uniffi::export]
impl TriplinkClient {
    /// The auto-connect job polling as `key` (v3.2), deciding with `index` and its policy.
    /// Never fails for one request's failure: see the report. `stop` ends it gracefully
    /// (see `AutoConnectStop`).
    #[uniffi::method(default(stop = None))]
    pub async fn auto_connect(
        &self,
        key: String,
        index: Arc<MemberIndex>,
        settings: Option<AutoConnectSettings>,
        stop: Option<Arc<AutoConnectStop>>,
    ) -> AutoConnectReport {
        let idx = index.inner.clone();
        let policy = idx.policy().clone();
        let job = self
            .sdk
            .auto_connect(&key, idx, policy, settings.unwrap_or_default().into());
        stoppable(job, stop).run().await.into()
    }

    /// The auto-connect job over the app's directory, deciding with `policy`; `stop` as for
    /// `auto_connect`.
    #[uniffi::method(default(stop = None))]
    pub async fn auto_connect_with_directory(
        &self,
        key: String,
        directory: Arc<dyn MemberDirectory>,
        policy: Arc<MatchPolicy>,
        settings: Option<AutoConnectSettings>,
        stop: Option<Arc<AutoConnectStop>>,
    ) -> AutoConnectReport {
        let job = self.sdk.auto_connect(
            &key,
            Arc::new(ForeignDirectory(directory)),
            policy.inner.clone(),
            settings.unwrap_or_default().into(),
        );
        stoppable(job, stop).run().await.into()
    }
}
