//! `AutoConnect`: the supplier's whole connection loop — drain the pending queue, decide each
//! request with the matching rules, exchange a matched request's token for the user's tokens
//! (stored before the CRSUC PUT), PUT the status exactly once, and report.

use super::connection_requests::ConnectionRequestsClient;
use super::token_manager::TokenManager;
use crate::api::connection_requests::ListParams;
use crate::flow::auto_connect::{exchange_failure_action, ExchangeFailureAction};
use crate::matching::{decide_with, MatchPolicy, MatchRequest, MemberDirectory};
use crate::model::auto_connect_report::{mask_name, AutoConnectReport, RequestOutcome};
use crate::model::{ConnectionRequest, StatusCode};
use crate::transport::MaybeSendSync;
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// How the queue is drained (NOTES 1.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum DrainMode {
    /// Scenario B: read the first page, handle and PUT it, read the first page again (never
    /// passing an offset: the PUTs already removed those items). The default.
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
    /// Stop after this many requests in one run.
    pub max_requests: usize,
}

impl Default for AutoConnectOptions {
    /// Put-as-you-go, pages of 10, 4 at once, at most 10,000 requests.
    fn default() -> Self {
        AutoConnectOptions {
            mode: DrainMode::PutAsYouGo,
            page_limit: 10,
            concurrency: 4,
            max_requests: 10_000,
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
    requests: ConnectionRequestsClient,
    tokens: Arc<TokenManager>,
    directory: Arc<dyn MemberDirectory>,
    policy: MatchPolicy,
    options: AutoConnectOptions,
    progress: Option<Arc<dyn ProgressSink>>,
}

impl std::fmt::Debug for AutoConnect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AutoConnect")
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

struct RunState {
    put_ids: Mutex<HashSet<String>>,
    abort: AtomicBool,
    abort_reason: Mutex<Option<String>>,
}

impl AutoConnect {
    /// A job polling with `requests` (the supplier's session), exchanging tokens with `tokens`
    /// (user tokens are stored under the Concur user id), deciding with `policy` over `directory`.
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
            progress: None,
        }
    }

    /// Reports progress to `sink` (builder style).
    pub fn with_progress(mut self, sink: Arc<dyn ProgressSink>) -> Self {
        self.progress = Some(sink);
        self
    }

    fn emit(&self, e: ProgressEvent) {
        if let Some(p) = &self.progress {
            p.on_event(&e);
        }
    }

    /// Runs until the queue holds nothing new (or a limit or an abort), and reports.
    pub async fn run(&self) -> AutoConnectReport {
        let state = RunState {
            put_ids: Mutex::new(HashSet::new()),
            abort: AtomicBool::new(false),
            abort_reason: Mutex::new(None),
        };
        let mut report = AutoConnectReport::default();
        let limit = self.options.page_limit.clamp(1, 10);
        match self.options.mode {
            DrainMode::PeekAll => {
                let walked = self.requests.list_all(limit).await;
                report.pages = walked.pages;
                report.stopped = walked.stopped.map(|e| format!("paging stopped: {e}"));
                let mut items = walked.items;
                items.truncate(self.options.max_requests);
                self.emit(ProgressEvent::PageRead(items.len()));
                self.handle_all(items, &state, &mut report).await;
            }
            DrainMode::PutAsYouGo => {
                let mut seen: HashSet<String> = HashSet::new();
                while !state.abort.load(Ordering::SeqCst) && seen.len() < self.options.max_requests
                {
                    let params = ListParams {
                        limit: Some(limit),
                        ..ListParams::default()
                    };
                    let page = match self.requests.list_page(&params).await {
                        Ok(p) => p.value,
                        Err(e) => {
                            report.stopped = Some(format!("listing failed: {e}"));
                            break;
                        }
                    };
                    report.pages += 1;
                    let fresh: Vec<ConnectionRequest> = page
                        .items
                        .into_iter()
                        .filter(|c| seen.insert(c.id.clone()))
                        .collect();
                    if fresh.is_empty() {
                        break; // nothing new: what is left was handled (a failed PUT) or is empty
                    }
                    self.emit(ProgressEvent::PageRead(fresh.len()));
                    self.handle_all(fresh, &state, &mut report).await;
                }
            }
        }
        if let Some(r) = state.abort_reason.lock().ok().and_then(|g| g.clone()) {
            report.stopped = Some(r);
        }
        report
    }

    async fn handle_all(
        &self,
        items: Vec<ConnectionRequest>,
        state: &RunState,
        report: &mut AutoConnectReport,
    ) {
        let outcomes: Vec<Option<RequestOutcome>> = futures_util::stream::iter(items)
            .map(|cr| self.handle(cr, state))
            .buffer_unordered(self.options.concurrency.max(1))
            .collect()
            .await;
        for o in outcomes.into_iter().flatten() {
            if o.put_done {
                *report.counts.entry(o.status.clone()).or_insert(0) += 1;
            } else {
                report.failed_puts += 1;
            }
            report.outcomes.push(o);
        }
    }

    async fn handle(&self, cr: ConnectionRequest, state: &RunState) -> Option<RequestOutcome> {
        if state.abort.load(Ordering::SeqCst) {
            return None;
        }
        let decision = decide_with(
            self.directory.as_ref(),
            &self.policy,
            &MatchRequest::from(&cr),
        )
        .await;
        let mut status = decision.status.status_code();
        let mut reason = decision.reason.clone().into_owned();
        let mut error = None;
        if status == StatusCode::Crsuc {
            match (cr.user_id.as_deref(), cr.request_token.as_ref()) {
                (Some(uid), Some(token)) => {
                    let issued = cr.last_modified.map(|t| t.unix_timestamp());
                    if let Err(e) = self
                        .tokens
                        .exchange_connection_request(uid, uid, token, issued)
                        .await
                    {
                        match exchange_failure_action(&e) {
                            ExchangeFailureAction::Put(s) => {
                                reason = format!(
                                    "matched, but the token exchange failed ({})",
                                    s.meaning()
                                );
                                status = s;
                                error = Some(e.to_string());
                            }
                            ExchangeFailureAction::AbortRun => {
                                state.abort.store(true, Ordering::SeqCst);
                                if let Ok(mut r) = state.abort_reason.lock() {
                                    *r = Some(format!("run stopped: the app was refused ({e})"));
                                }
                                return None;
                            }
                        }
                    }
                }
                _ => {
                    status = StatusCode::Crpa1;
                    reason = "matched, but the request carries no userId/requestToken to exchange"
                        .into();
                }
            }
        }
        let first_put = state
            .put_ids
            .lock()
            .map(|mut s| s.insert(cr.id.clone()))
            .unwrap_or(false);
        let mut outcome = RequestOutcome {
            request_id: cr.id.clone(),
            user_id: cr.user_id.clone(),
            display_name: mask_name(cr.first_name.as_deref(), cr.last_name.as_deref()),
            status: status.as_str().to_owned(),
            put_done: false,
            reason,
            evidence: decision.evidence,
            error,
            correlation_id: None,
        };
        if !first_put {
            outcome.error = Some("already PUT in this run; not sent twice".into());
            return Some(outcome);
        }
        match self.requests.update_status(&cr.id, &status).await {
            Ok(t) => {
                outcome.put_done = true;
                outcome.correlation_id = t.correlation_id;
            }
            Err(e) => {
                outcome.correlation_id = e.correlation_id().map(str::to_owned);
                outcome.error = Some(format!("PUT failed: {e}"));
            }
        }
        self.emit(ProgressEvent::RequestDone(outcome.status.clone()));
        Some(outcome)
    }
}
