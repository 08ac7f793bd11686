//! The auto-connect job's side of the work lease (see `request_lease.rs`): claim a request
//! before deciding it (re-reading its journal entry under the claim, since another worker may
//! have taken it further), renew the claim before the exchange and the PUT, and finish it.
//! Without a lease every step is allowed (one worker per queue).

use super::auto_connect::{AutoConnect, RunState};
use super::request_journal::JournalEntry;
use super::request_lease::Claim;

/// The work lease's default length, renewed before the exchange and before the PUT: longer
/// than one call with its retries may take (the native executor's deadline is 45 s), so the
/// lease cannot run out while its holder waits on Concur.
pub const DEFAULT_REQUEST_LEASE_MS: u64 = 60_000;

impl AutoConnect {
    /// Claims `entry`'s request; `Some(prior)` (its journal entry as of the claim) when this
    /// worker is to handle it, `None` when another worker holds it or finished it. A lease
    /// store or journal that fails stops the run (the request is left for a later run).
    pub(super) async fn claim_request(
        &self,
        entry: &JournalEntry,
        prior: Option<JournalEntry>,
        state: &RunState,
    ) -> Option<Option<JournalEntry>> {
        let Some((lease, ttl)) = &self.lease else {
            return Some(prior);
        };
        match lease.claim(&entry.request_id, &entry.offer, *ttl).await {
            Ok(Claim::Granted) => {}
            Ok(Claim::HeldElsewhere | Claim::Done) => return None,
            Err(e) => {
                state.abort(format!("run stopped: the work lease failed ({e})"));
                return None;
            }
        }
        // The worker before us (killed, or done between our listing and our claim) may have
        // taken the request further than the entry read with the page.
        match self.journal.begin_page(std::slice::from_ref(entry)).await {
            Ok(mut p) => Some(p.pop().flatten()),
            Err(e) => {
                let _ = lease.finish(&entry.request_id, false).await;
                state.abort(format!("run stopped: the journal failed ({e})"));
                None
            }
        }
    }

    /// Renews the claim before a step that acts at Concur; `false` when another worker took it
    /// over (or the lease store failed: then the lease runs out and another worker or run
    /// takes the request).
    pub(super) async fn lease_held(&self, request_id: &str) -> bool {
        match &self.lease {
            None => true,
            Some((lease, ttl)) => matches!(lease.renew(request_id, *ttl).await, Ok(true)),
        }
    }

    /// Ends the claim: `done` when the status PUT was confirmed.
    pub(super) async fn finish_request(&self, request_id: &str, done: bool) {
        if let Some((lease, _)) = &self.lease {
            // A finish that fails leaves the lease to expire; a done request is off the
            // queue, so a later claim of it cannot happen from a fresh listing.
            let _ = lease.finish(request_id, done).await;
        }
    }
}
