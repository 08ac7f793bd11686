//! The auto-connect job's dry run: peek at the whole queue, decide every request with the
//! same matching rules as a real run, and report the statuses it would PUT — without
//! exchanging a token, writing the journal or PUTting anything (a supplier tries new matching
//! rules this way first).

use super::auto_connect::{AutoConnect, ProgressEvent};
use crate::client::auto_connect_report::{AutoConnectReport, RequestOutcome, OUTCOME_SAMPLE};
use crate::flow::auto_connect::{exchange_failure_action, ExchangeFailureAction};
use crate::flow::token_lifecycle::check_request_token;
use crate::matching::normalize::mask_name;
use crate::matching::{decide_with, Evidence, MatchRequest};
use crate::model::{ConnectionRequest, StatusCode};
use futures_util::StreamExt;

/// The status a fresh request gets from the matching rules, why, and the evidence.
pub(super) struct Decided {
    /// The status to PUT (before any token exchange).
    pub(super) status: StatusCode,
    /// Why, for a support agent.
    pub(super) reason: String,
    /// What matched or did not.
    pub(super) evidence: Vec<Evidence>,
}

impl AutoConnect {
    /// Decides one request with the matching rules; a match that carries no userId or request
    /// token cannot be exchanged and gets CRPA1 (shared by the real run and the dry run).
    pub(super) async fn decide(&self, cr: &ConnectionRequest) -> Decided {
        let decision = decide_with(
            self.directory.as_ref(),
            &self.policy,
            &MatchRequest::from(cr),
        )
        .await;
        let mut decided = Decided {
            status: decision.status.status_code(),
            reason: decision.reason.clone().into_owned(),
            evidence: decision.evidence,
        };
        if decided.status == StatusCode::Crsuc
            && (cr.user_id.is_none() || cr.request_token.is_none())
        {
            decided.status = StatusCode::Crpa1;
            decided.reason =
                "matched, but the request carries no userId/requestToken to exchange".into();
        }
        decided
    }

    /// What a real run would learn before sending the exchange: a matched request whose
    /// token is older than 15 minutes is refused locally, and the real run PUTs the status
    /// the exchange-failure rules choose for that.
    fn check_exchange(&self, cr: &ConnectionRequest, d: &mut Decided) {
        if d.status != StatusCode::Crsuc {
            return;
        }
        let Some(issued) = cr.last_modified.map(|t| t.unix_timestamp()) else {
            return;
        };
        if let Err(e) = check_request_token(issued, self.tokens.now_secs()) {
            if let ExchangeFailureAction::Put(s) = exchange_failure_action(&e, false) {
                d.reason = format!(
                    "matched, but the token exchange would fail ({})",
                    s.meaning()
                );
                d.status = s;
            }
        }
    }

    /// Reads every page of the queue (nothing is PUT, so paging forward sees it all), decides
    /// each request once and reports the statuses a real run would PUT: `counts` holds the
    /// decided statuses, every outcome has `put_done == false`, `failed_puts` stays 0. A
    /// matched request whose token has expired gets the real run's status for that; any
    /// other match is reported CRSUC (the real run may still get CRRET if Concur then refuses
    /// the exchange).
    pub async fn dry_run(&self) -> AutoConnectReport {
        let mut report = AutoConnectReport::default();
        let items = self.walk_whole_queue(&mut report).await;
        let mut decided = futures_util::stream::iter(items)
            .map(|cr| async move {
                let mut d = self.decide(&cr).await;
                self.check_exchange(&cr, &mut d);
                (cr, d)
            })
            .buffered(self.options.concurrency.max(1));
        while let Some((cr, d)) = decided.next().await {
            let status = d.status.as_str().to_owned();
            self.emit(ProgressEvent::RequestDone(status.clone()));
            report.handled += 1;
            *report.counts.entry(status.clone()).or_insert(0) += 1;
            if report.outcomes.len() < OUTCOME_SAMPLE {
                report.outcomes.push(RequestOutcome {
                    request_id: cr.id.clone(),
                    user_id: cr.user_id.clone(),
                    display_name: mask_name(cr.first_name.as_deref(), cr.last_name.as_deref()),
                    status,
                    put_done: false,
                    reason: d.reason,
                    evidence: d.evidence,
                    error: None,
                    correlation_id: None,
                });
            }
        }
        report
    }
}
