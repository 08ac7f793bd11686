//! `AutoConnect`: the supplier's whole connection loop — drain the pending queue (paging past
//! requests whose PUT failed, so they never hide the rest), handle each request (see
//! `auto_connect_request.rs`) with its progress in a `RequestJournal`, and report, naming in
//! `stopped` whatever made the run end with work left.

use super::auto_connect_stop::{RunLimits, StopHandle};
use super::connection_requests::ConnectionRequestsClient;
use super::events::SdkEvent;
use super::request_journal::{InMemoryJournal, JournalEntry, JournalStage, RequestJournal};
use super::request_lease::RequestLease;
use super::token_manager::TokenManager;
use crate::client::auto_connect_report::AutoConnectReport;
use crate::flow::auto_connect::offer_key;
use crate::matching::{MatchPolicy, MemberDirectory};
use crate::model::ConnectionRequest;
use crate::transport::MaybeSendSync;
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// How the queue is drained (NOTES 1.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum DrainMode {
    /// Scenario B: read the first page and handle and PUT its requests; while they are in
    /// flight, follow `NextPage` to the requests after them (never passing an offset of our
    /// own), past requests this run already took (in flight, or kept queued by a failed
    /// PUT), so `concurrency` requests stay in flight across page boundaries. At the end of
    /// the listing read the first page again (the PUTs moved the rest to the head); the
    /// queue is drained when a pass begun with nothing in flight finds nothing new. The
    /// default.
    #[default]
    PutAsYouGo,
    /// Scenario A: follow `NextPage` to peek at everything, then handle and PUT it all.
    PeekAll,
}

/// Settings of a run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AutoConnectOptions {
    /// How to drain the queue.
    pub mode: DrainMode,
    /// Page size, 1..=10.
    pub page_limit: u32,
    /// Requests handled at once.
    pub concurrency: usize,
    /// Stop after this many requests in one run (a `stopped` reason when reached).
    pub max_requests: usize,
    /// Stop the run after this many status PUTs failed in a row (Concur looks unavailable;
    /// the rerun resumes them from the journal); 0 never stops.
    pub max_failed_puts_in_a_row: usize,
    /// The whole run's deadline in milliseconds (`None`: none): once it passes no new request
    /// is started, the ones in flight finish, and the report names the deadline.
    pub run_deadline_ms: Option<u64>,
}

impl Default for AutoConnectOptions {
    /// Put-as-you-go, pages of 10, 4 at once, at most 10,000 requests, stop after 10 failed
    /// PUTs in a row.
    fn default() -> Self {
        AutoConnectOptions {
            mode: DrainMode::PutAsYouGo,
            page_limit: 10,
            concurrency: 4,
            max_requests: 10_000,
            max_failed_puts_in_a_row: 10,
            run_deadline_ms: None,
        }
    }
}

/// Progress of a run, for progress bars and logs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProgressEvent {
    /// A page with this many new requests was read.
    PageRead(usize),
    /// A request was handled with this status.
    RequestDone(String),
}

/// Receives progress events.
pub trait ProgressSink: MaybeSendSync {
    /// Called for every event.
    fn on_event(&self, event: &ProgressEvent);
}

/// The auto-connect job.
pub struct AutoConnect {
    pub(super) requests: ConnectionRequestsClient,
    pub(super) tokens: Arc<TokenManager>,
    pub(super) directory: Arc<dyn MemberDirectory>,
    pub(super) policy: MatchPolicy,
    pub(super) options: AutoConnectOptions,
    pub(super) journal: Arc<dyn RequestJournal>,
    /// The work lease shared with other workers, and its length in milliseconds.
    pub(super) lease: Option<(Arc<dyn RequestLease>, u64)>,
    progress: Option<Arc<dyn ProgressSink>>,
    stop: StopHandle,
}

impl std::fmt::Debug for AutoConnect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AutoConnect")
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

/// What the requests of one run share.
pub(super) struct RunState {
    abort_reason: Mutex<Option<String>>,
    aborted: AtomicBool,
    pub(super) failed_puts_in_a_row: AtomicUsize,
    limits: RunLimits,
}

impl RunState {
    /// Whether the run takes no new work: it failed, or the host's stop or the deadline came
    /// (recorded as the reason when first seen).
    pub(super) fn aborted(&self) -> bool {
        if self.aborted.load(Ordering::SeqCst) {
            return true;
        }
        match self.limits.reached() {
            Some(reason) => {
                self.abort(reason);
                true
            }
            None => false,
        }
    }

    /// Stops the run (the first reason is kept): requests not started yet are left queued.
    pub(super) fn abort(&self, reason: String) {
        if let Ok(mut r) = self.abort_reason.lock() {
            r.get_or_insert(reason);
        }
        self.aborted.store(true, Ordering::SeqCst);
    }
}

/// Releases the journal's run claim however the run ends (also when its future is dropped).
struct RunClaim<'a>(&'a dyn RequestJournal);

impl Drop for RunClaim<'_> {
    fn drop(&mut self) {
        self.0.end_run();
    }
}

impl AutoConnect {
    /// A job polling with `requests` (the supplier's session), exchanging tokens with `tokens`
    /// (user tokens are stored under the Concur user id), deciding with `policy` over
    /// `directory`, journaling in memory (see [`AutoConnect::with_journal`]).
    pub fn new(
        requests: ConnectionRequestsClient,
        tokens: Arc<TokenManager>,
        directory: Arc<dyn MemberDirectory>,
        policy: MatchPolicy,
        options: AutoConnectOptions,
    ) -> Self {
        AutoConnect {
            requests,
            tokens,
            directory,
            policy,
            options,
            journal: Arc::new(InMemoryJournal::new()),
            lease: None,
            progress: None,
            stop: StopHandle::new(),
        }
    }

    /// A handle that stops this job's runs from another task (see [`StopHandle`]).
    pub fn stop_handle(&self) -> StopHandle {
        self.stop.clone()
    }

    /// Stops with `stop`, a handle the host made (builder style).
    pub fn with_stop_handle(mut self, stop: StopHandle) -> Self {
        self.stop = stop;
        self
    }

    /// Reports progress to `sink` (builder style).
    pub fn with_progress(mut self, sink: Arc<dyn ProgressSink>) -> Self {
        self.progress = Some(sink);
        self
    }

    /// Keeps each request's progress and outcome in `journal` (builder style): a durable one
    /// lets a rerun after a kill or an outage resume without exchanging a token twice.
    pub fn with_journal(mut self, journal: Arc<dyn RequestJournal>) -> Self {
        self.journal = journal;
        self
    }

    /// Shares the queue with other workers (builder style): each request is claimed in
    /// `lease` for `ttl_ms` (renewed before its exchange and its PUT) and handled only by the
    /// worker holding it. Use it with a journal the workers share (PostgreSQL or Redis), so a
    /// worker taking over a killed worker's request resumes it instead of repeating a step.
    pub fn with_lease(mut self, lease: Arc<dyn RequestLease>, ttl_ms: u64) -> Self {
        self.lease = Some((lease, ttl_ms.max(1)));
        self
    }

    pub(super) fn emit(&self, e: ProgressEvent) {
        if let Some(p) = &self.progress {
            p.on_event(&e);
        }
    }

    /// Runs until the queue holds nothing this run has not handled (or a limit or an abort),
    /// and reports; `report.stopped` is `None` only when nothing is left pending.
    pub async fn run(&self) -> AutoConnectReport {
        let mut report = AutoConnectReport::default();
        if let Err(e) = self.journal.begin_run() {
            report.stop(format!("not started: {e}"));
            return report;
        }
        let _claim = RunClaim(self.journal.as_ref());
        let state = RunState {
            abort_reason: Mutex::new(None),
            aborted: AtomicBool::new(false),
            failed_puts_in_a_row: AtomicUsize::new(0),
            limits: RunLimits::start(
                self.stop.clone(),
                self.tokens.clock().clone(),
                self.options.run_deadline_ms,
            ),
        };
        let limit = self.options.page_limit.clamp(1, 10);
        match self.options.mode {
            DrainMode::PeekAll => {
                let items = self.walk_whole_queue(&mut report).await;
                self.handle_all(items, &state, &mut report).await;
            }
            DrainMode::PutAsYouGo => self.drain_as_you_go(limit, &state, &mut report).await,
        }
        if let Some(r) = state.abort_reason.lock().ok().and_then(|g| g.clone()) {
            report.stopped = Some(r);
        }
        if !report.pending.is_empty() {
            let named: Vec<&str> = report.pending.iter().take(10).map(String::as_str).collect();
            let more = report.failed_puts.saturating_sub(named.len());
            let tail = if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            };
            let pending = format!(
                "{} request(s) still pending after a failed PUT ({}{tail}); a rerun PUTs them",
                report.failed_puts,
                named.join(", ")
            );
            report.stopped = Some(match report.stopped.take() {
                Some(r) => format!("{r}; {pending}"),
                None => pending,
            });
        }
        report
    }

    /// Scenario A's first half, shared with the dry run: reads every page of the queue and
    /// keeps each request once (however often the walk listed it), at most `max_requests`;
    /// a failed page or the cap is a `stopped` reason in `report`.
    pub(super) async fn walk_whole_queue(
        &self,
        report: &mut AutoConnectReport,
    ) -> Vec<ConnectionRequest> {
        let walked = self
            .requests
            .list_all(self.options.page_limit.clamp(1, 10))
            .await;
        report.pages = walked.pages;
        if let Some(e) = walked.stopped {
            report.stop(format!("paging stopped: {e}"));
        }
        let mut ids = HashSet::new();
        let mut items: Vec<ConnectionRequest> = walked
            .items
            .into_iter()
            .filter(|c| ids.insert(c.id.clone()))
            .collect();
        let max = self.options.max_requests;
        if items.len() > max {
            items.truncate(max);
            report.stop(format!(
                "reached maxRequests ({max}); the queue holds more requests"
            ));
        }
        self.tokens.executor().emit(|| SdkEvent::PageRead {
            new_requests: items.len(),
        });
        self.emit(ProgressEvent::PageRead(items.len()));
        items
    }

    /// Looks the requests up in the journal (recording them as seen), handles them
    /// `concurrency` at a time, and adds each outcome to the report as it finishes.
    async fn handle_all(
        &self,
        items: Vec<ConnectionRequest>,
        state: &RunState,
        report: &mut AutoConnectReport,
    ) {
        let entries: Vec<JournalEntry> = items.iter().map(Self::seen_entry).collect();
        let prior = match self.journal.begin_page(&entries).await {
            Ok(p) => p,
            Err(e) => {
                state.abort(format!("run stopped: the journal failed ({e})"));
                return;
            }
        };
        let mut done = futures_util::stream::iter(items.into_iter().zip(entries).zip(prior))
            .map(|((cr, entry), prior)| self.handle(cr, entry, prior, state))
            .buffer_unordered(self.options.concurrency.max(1));
        while let Some(o) = done.next().await {
            if let Some(o) = o {
                report.add(o);
            }
        }
    }

    /// The journal entry of a request just listed (stage `Seen`).
    pub(super) fn seen_entry(c: &ConnectionRequest) -> JournalEntry {
        JournalEntry {
            request_id: c.id.clone(),
            offer: offer_key(c),
            user_id: c.user_id.clone(),
            stage: JournalStage::Seen,
            status: None,
        }
    }
}
