//! The put-as-you-go drain with read-ahead: page reads, journal look-ups and requests run as
//! one set of futures, so the next page is read while the current page's requests are in
//! flight and `concurrency` requests stay in flight across page boundaries. Which page comes
//! next, and when the queue is drained, is [`ReadAhead`]'s (pure) decision.

use super::auto_connect::{AutoConnect, ProgressEvent, RunState};
use super::events::SdkEvent;
use super::request_journal::JournalEntry;
use crate::api::connection_requests::ListParams;
use crate::client::auto_connect_report::{AutoConnectReport, RequestOutcome};
use crate::error::Result;
use crate::flow::read_ahead::{ReadAhead, ReadStep};
use crate::model::{ConnectionRequest, ConnectionRequestPage};
use futures_util::stream::{FuturesUnordered, StreamExt};
use std::collections::VecDeque;

/// One piece of the drain's work.
enum Work {
    /// Read this page (`None`: the first page).
    Read(Option<String>),
    /// Look these requests up in the journal (recording them as seen).
    Prepare(Vec<ConnectionRequest>),
    /// Handle one request.
    Handle(Box<Prepared>),
}

/// A request ready to handle: its journal entry and what the journal held before.
type Prepared = (ConnectionRequest, JournalEntry, Option<JournalEntry>);

/// What a piece of work came back with.
enum Done {
    /// A page, with the first page's URL when it is a pass's first page with a next link.
    Page(Result<(ConnectionRequestPage, Option<String>)>),
    /// The requests, their entries and the journal's prior entries.
    Prepared(
        Vec<ConnectionRequest>,
        Vec<JournalEntry>,
        Result<Vec<Option<JournalEntry>>>,
    ),
    /// A request's outcome (`None`: the run stopped before it acted, or another worker has it).
    Handled(Option<RequestOutcome>),
}

impl AutoConnect {
    /// Scenario B with read-ahead (see [`DrainMode::PutAsYouGo`](super::DrainMode)): keeps up
    /// to `concurrency` requests in flight and up to one page more read and waiting, until
    /// the queue holds nothing this run has not taken, or a limit or an abort.
    pub(super) async fn drain_as_you_go(
        &self,
        limit: u32,
        state: &RunState,
        report: &mut AutoConnectReport,
    ) {
        let concurrency = self.options.concurrency.max(1);
        let room = concurrency + limit as usize;
        let max = self.options.max_requests;
        let params = ListParams {
            limit: Some(limit),
            ..ListParams::default()
        };
        let mut plan = ReadAhead::new(max);
        let mut work = FuturesUnordered::new();
        let mut waiting: VecDeque<Prepared> = VecDeque::new();
        let (mut running, mut preparing) = (0usize, 0usize);
        loop {
            if !state.aborted() {
                while running < concurrency {
                    let Some(next) = waiting.pop_front() else {
                        break;
                    };
                    work.push(self.perform(Work::Handle(Box::new(next)), &params, state));
                    running += 1;
                }
                let unfinished = running + preparing + waiting.len();
                match plan.step(unfinished, unfinished < room) {
                    ReadStep::Read(url) => work.push(self.perform(Work::Read(url), &params, state)),
                    ReadStep::MaxReached => report.stop(format!(
                        "reached maxRequests ({max}); the queue may hold more requests"
                    )),
                    ReadStep::Wait | ReadStep::Done => {}
                }
            }
            let Some(done) = work.next().await else {
                break;
            };
            match done {
                Done::Page(Ok((page, first_url))) => {
                    report.pages += 1;
                    let taken =
                        plan.on_page(page.items, page.next_page.as_deref(), first_url.as_deref());
                    if let Some(e) = taken.stopped {
                        report.stop(format!("paging stopped: {e}"));
                    }
                    if taken.fresh.is_empty() || state.aborted() {
                        continue;
                    }
                    log_event!(
                        info,
                        target: "triplink::auto_connect",
                        new_requests = taken.fresh.len(),
                        page = report.pages,
                        "page read"
                    );
                    self.tokens.executor().emit(|| SdkEvent::PageRead {
                        new_requests: taken.fresh.len(),
                    });
                    self.emit(ProgressEvent::PageRead(taken.fresh.len()));
                    preparing += taken.fresh.len();
                    work.push(self.perform(Work::Prepare(taken.fresh), &params, state));
                }
                Done::Page(Err(e)) => {
                    plan.read_failed();
                    report.stop(format!("listing failed: {e}"));
                }
                Done::Prepared(items, entries, prior) => {
                    preparing -= items.len();
                    match prior {
                        Ok(prior) => waiting.extend(
                            items
                                .into_iter()
                                .zip(entries)
                                .zip(prior)
                                .map(|((c, e), p)| (c, e, p)),
                        ),
                        Err(e) => state.abort(format!("run stopped: the journal failed ({e})")),
                    }
                }
                Done::Handled(outcome) => {
                    running -= 1;
                    if let Some(o) = outcome {
                        report.add(o);
                    }
                }
            }
        }
    }

    /// Does one piece of work (all pieces share one future type, so they run as one set).
    async fn perform(&self, work: Work, params: &ListParams, state: &RunState) -> Done {
        match work {
            Work::Read(None) => {
                let page = match self.requests.list_page(params).await {
                    Ok(p) => p.value,
                    Err(e) => return Done::Page(Err(e)),
                };
                if page.next_page.is_none() {
                    return Done::Page(Ok((page, None)));
                }
                // The first page's URL anchors the pass's check of the next links.
                match self.requests.first_page_url(params).await {
                    Ok(first) => Done::Page(Ok((page, Some(first)))),
                    Err(e) => Done::Page(Err(e)),
                }
            }
            Work::Read(Some(url)) => {
                Done::Page(self.requests.next_page(&url).await.map(|p| (p.value, None)))
            }
            Work::Prepare(items) => {
                let entries: Vec<JournalEntry> = items.iter().map(Self::seen_entry).collect();
                let prior = self.journal.begin_page(&entries).await;
                Done::Prepared(items, entries, prior)
            }
            Work::Handle(next) => {
                let (cr, entry, prior) = *next;
                Done::Handled(self.handle(cr, entry, prior, state).await)
            }
        }
    }
}
