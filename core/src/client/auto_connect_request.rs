//! One request of the auto-connect job: resume it from the journal, or decide it with the
//! matching rules and exchange a matched request's token (journaled first, never retried
//! blindly), then PUT the status once — each step recorded before it acts at Concur.

use super::auto_connect::{AutoConnect, ProgressEvent, RunState};
use super::events::SdkEvent;
use super::request_journal::{JournalEntry, JournalStage};
use crate::client::auto_connect_report::RequestOutcome;
use crate::flow::auto_connect::{
    exchange_failure_action, resume_action, ExchangeFailureAction, ResumeAction,
};
use crate::matching::normalize::mask_name;
use crate::model::{ConnectionRequest, StatusCode};
use std::sync::atomic::Ordering;

/// The status to PUT and why.
struct Chosen {
    status: StatusCode,
    reason: String,
    evidence: Vec<crate::matching::Evidence>,
    error: Option<String>,
}

impl AutoConnect {
    /// Handles one request; `None` when the run was stopped before it acted.
    pub(super) async fn handle(
        &self,
        cr: ConnectionRequest,
        entry: JournalEntry,
        prior: Option<JournalEntry>,
        state: &RunState,
    ) -> Option<RequestOutcome> {
        if state.aborted() {
            return None;
        }
        let prior = self.claim_request(&entry, prior, state).await?;
        let outcome = self.handle_claimed(cr, entry, prior, state).await;
        let done = outcome.as_ref().is_some_and(|o| o.put_done);
        if let Some(o) = &outcome {
            self.finish_request(&o.request_id, done).await;
        }
        outcome
    }

    /// Handles a request this worker holds (see `auto_connect_lease.rs`).
    async fn handle_claimed(
        &self,
        cr: ConnectionRequest,
        entry: JournalEntry,
        prior: Option<JournalEntry>,
        state: &RunState,
    ) -> Option<RequestOutcome> {
        let interrupted_exchange = prior
            .as_ref()
            .is_some_and(|p| p.offer == entry.offer && p.stage == JournalStage::ExchangeStarted);
        let has_tokens = match (&cr.user_id, interrupted_exchange) {
            (Some(uid), true) => matches!(self.tokens.store().load(uid).await, Ok(Some(_))),
            _ => false,
        };
        let chosen = match resume_action(prior.as_ref(), &entry.offer, || has_tokens) {
            ResumeAction::Put(status) => Chosen {
                reason: format!(
                    "resumed from the journal ({}): {}",
                    prior.as_ref().map_or("", |p| p.stage.as_str()),
                    status.meaning()
                ),
                status,
                evidence: Vec::new(),
                error: None,
            },
            ResumeAction::ExchangeAgain => {
                let mut chosen = Chosen {
                    status: StatusCode::Crsuc,
                    reason: "resumed from the journal (exchange_started): connected on a \
                             second exchange"
                        .into(),
                    evidence: Vec::new(),
                    error: None,
                };
                if !self.lease_held(&cr.id).await {
                    return None;
                }
                self.exchange(&cr, &entry, &mut chosen, true, state).await?;
                chosen
            }
            ResumeAction::Fresh => self.decide_and_exchange(&cr, &entry, state).await?,
        };
        let outcome = RequestOutcome {
            request_id: cr.id.clone(),
            user_id: cr.user_id.clone(),
            display_name: mask_name(cr.first_name.as_deref(), cr.last_name.as_deref()),
            status: chosen.status.as_str().to_owned(),
            put_done: false,
            reason: chosen.reason,
            evidence: chosen.evidence,
            error: chosen.error,
            correlation_id: None,
        };
        if !self.lease_held(&cr.id).await {
            return None; // another worker took the request over: it PUTs
        }
        Some(
            self.put_once(&cr, &entry, chosen.status, outcome, state)
                .await,
        )
    }

    /// Decides a fresh request; a match exchanges the request token (see the module doc).
    /// `None` when the run must stop (the app is refused, or the journal failed).
    async fn decide_and_exchange(
        &self,
        cr: &ConnectionRequest,
        entry: &JournalEntry,
        state: &RunState,
    ) -> Option<Chosen> {
        let decided = self.decide(cr).await;
        let mut chosen = Chosen {
            status: decided.status,
            reason: decided.reason,
            evidence: decided.evidence,
            error: None,
        };
        if chosen.status != StatusCode::Crsuc {
            return Some(chosen);
        }
        if !self.lease_held(&cr.id).await {
            return None; // another worker took the request over
        }
        // From here the single-use token may be consumed: a rerun must know.
        let started = entry.at(JournalStage::ExchangeStarted, None);
        if let Err(e) = self.journal.record(&started, None).await {
            state.abort(format!("run stopped: the journal failed ({e})"));
            return None;
        }
        self.exchange(cr, entry, &mut chosen, false, state).await?;
        Some(chosen)
    }

    /// Exchanges the request token and journals the stored tokens; on failure sets the status
    /// the rules choose in `chosen`. `uncertain`: an earlier attempt (this run's or a killed
    /// run's) may already have used the token. `None` when the run must stop.
    async fn exchange(
        &self,
        cr: &ConnectionRequest,
        entry: &JournalEntry,
        chosen: &mut Chosen,
        mut uncertain: bool,
        state: &RunState,
    ) -> Option<()> {
        let (Some(uid), Some(token)) = (cr.user_id.as_deref(), cr.request_token.as_ref()) else {
            chosen.status = StatusCode::Crret;
            chosen.reason = "the request carries no userId/requestToken to exchange".into();
            return Some(());
        };
        let issued = cr.last_modified.map(|t| t.unix_timestamp());
        loop {
            let e = match self
                .tokens
                .exchange_connection_request(uid, uid, token, issued)
                .await
            {
                Ok(_) => break,
                Err(e) => e,
            };
            match exchange_failure_action(&e, uncertain) {
                // The answer to a second attempt tells whether the first one used the token.
                ExchangeFailureAction::AskAgain => uncertain = true,
                ExchangeFailureAction::Put(s) => {
                    chosen.reason = format!(
                        "matched, but the token exchange failed ({})",
                        if uncertain {
                            "the token may have been used by an attempt whose answer was lost; \
                             Concur offers the request again"
                        } else {
                            s.meaning()
                        }
                    );
                    chosen.status = s;
                    chosen.error = Some(e.to_string());
                    return Some(());
                }
                ExchangeFailureAction::AbortRun => {
                    state.abort(format!("run stopped: the app was refused ({e})"));
                    return None;
                }
            }
        }
        let stored = entry.at(JournalStage::TokensStored, None);
        if let Err(e) = self.journal.record(&stored, None).await {
            // The tokens are stored: a rerun finds them and PUTs CRSUC.
            state.abort(format!("run stopped: the journal failed ({e})"));
            return None;
        }
        Some(())
    }

    /// Journals the status, PUTs it, and journals the confirmation with the outcome. The
    /// drain hands each request to this once per run.
    async fn put_once(
        &self,
        cr: &ConnectionRequest,
        entry: &JournalEntry,
        status: StatusCode,
        mut outcome: RequestOutcome,
        state: &RunState,
    ) -> RequestOutcome {
        let events = self.tokens.executor();
        events.emit(|| SdkEvent::RequestDecided {
            request_id: cr.id.clone(),
            status: status.as_str().to_owned(),
        });
        let chosen = entry.at(JournalStage::StatusChosen, Some(&status));
        if let Err(e) = self.journal.record(&chosen, None).await {
            state.abort(format!("run stopped: the journal failed ({e})"));
            outcome.error = Some(format!("not PUT: the journal failed ({e})"));
            return outcome;
        }
        let recorded = match self.requests.update_status(&cr.id, &status).await {
            Ok(t) => {
                outcome.put_done = true;
                outcome.correlation_id = t.correlation_id;
                events.emit(|| SdkEvent::PutDone {
                    request_id: cr.id.clone(),
                    status: outcome.status.clone(),
                    correlation_id: outcome.correlation_id.clone(),
                });
                state.failed_puts_in_a_row.store(0, Ordering::SeqCst);
                let confirmed = entry.at(JournalStage::PutConfirmed, Some(&status));
                self.journal.record(&confirmed, Some(&outcome)).await
            }
            Err(e) => {
                outcome.correlation_id = e.correlation_id().map(str::to_owned);
                outcome.error = Some(format!("PUT failed: {e}"));
                let in_a_row = state.failed_puts_in_a_row.fetch_add(1, Ordering::SeqCst) + 1;
                let cap = self.options.max_failed_puts_in_a_row;
                if cap > 0 && in_a_row >= cap {
                    state.abort(format!(
                        "run stopped: {in_a_row} status PUTs failed in a row (last: {e})"
                    ));
                }
                self.journal.record(&chosen, Some(&outcome)).await
            }
        };
        if let Err(e) = recorded {
            state.abort(format!("run stopped: the journal failed ({e})"));
        }
        log_event!(
            info,
            target: "triplink::auto_connect",
            request_id = outcome.request_id.as_str(),
            user = outcome.display_name.as_str(),
            status = outcome.status.as_str(),
            put_done = outcome.put_done,
            reason = outcome.reason.as_str(),
            evidence = %crate::telemetry::evidence_line(&outcome.evidence),
            error = outcome.error.as_deref().unwrap_or(""),
            correlation_id = outcome.correlation_id.as_deref().unwrap_or(""),
            "decided"
        );
        self.emit(ProgressEvent::RequestDone(outcome.status.clone()));
        outcome
    }
}
