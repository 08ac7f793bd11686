//! `RequestJournal`: the auto-connect job's durable record per connection request (seen,
//! exchange started, tokens stored, status chosen, PUT confirmed), written before each step
//! that acts at Concur so a rerun resumes instead of repeating a single-use call; with
//! `InMemoryJournal` for tests, browsers and one-shot runs. The `triplink` crate has the
//! embedded SQLite default.

use crate::client::auto_connect_report::RequestOutcome;
use crate::error::{Result, TriplinkError};
pub use crate::flow::journal::{JournalEntry, JournalStage};
use crate::transport::MaybeSendSync;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

/// Durable per-request state of the auto-connect job. `record` must be durable when it
/// returns: the job calls it before the step the entry announces.
#[cfg_attr(not(target_arch = "wasm32"), async_trait::async_trait)]
#[cfg_attr(target_arch = "wasm32", async_trait::async_trait(?Send))]
pub trait RequestJournal: MaybeSendSync {
    /// Claims the journal for one run; an error when another run holds it (one runner per
    /// journal). Released with [`RequestJournal::end_run`].
    fn begin_run(&self) -> Result<()>;
    /// Releases the claim of [`RequestJournal::begin_run`].
    fn end_run(&self);
    /// For each of a page's requests (given at stage `Seen`), the entry recorded earlier, if
    /// any; records `Seen` for those with no entry or an entry of an older offer.
    async fn begin_page(&self, seen: &[JournalEntry]) -> Result<Vec<Option<JournalEntry>>>;
    /// Records (replaces) the entry of `entry.request_id`, with the request's outcome when it
    /// has one (the outcome streams here rather than piling up in the report).
    async fn record(&self, entry: &JournalEntry, outcome: Option<&RequestOutcome>) -> Result<()>;
}

/// A process-local journal: resumes within the process (a rerun of the job object), not after
/// a crash. Use the SQLite journal of the `triplink` crate where runs must survive kills.
#[derive(Debug, Default)]
pub struct InMemoryJournal {
    entries: Mutex<HashMap<String, JournalEntry>>,
    running: AtomicBool,
}

impl InMemoryJournal {
    /// An empty journal.
    pub fn new() -> Self {
        Self::default()
    }

    /// The entry of `request_id`, if any.
    pub fn entry(&self, request_id: &str) -> Option<JournalEntry> {
        self.entries
            .lock()
            .ok()
            .and_then(|m| m.get(request_id).cloned())
    }
}

/// The error of a second run on a journal that a run holds.
pub fn journal_in_use(what: &str) -> TriplinkError {
    TriplinkError::invalid(
        "journal",
        format!("{what} is in use by another auto-connect run; one runner per journal"),
    )
}

fn poisoned() -> TriplinkError {
    TriplinkError::Internal {
        message: "journal lock poisoned".into(),
    }
}

#[cfg_attr(not(target_arch = "wasm32"), async_trait::async_trait)]
#[cfg_attr(target_arch = "wasm32", async_trait::async_trait(?Send))]
impl RequestJournal for InMemoryJournal {
    fn begin_run(&self) -> Result<()> {
        if self.running.swap(true, Ordering::SeqCst) {
            return Err(journal_in_use("the in-memory journal"));
        }
        Ok(())
    }

    fn end_run(&self) {
        self.running.store(false, Ordering::SeqCst);
    }

    async fn begin_page(&self, seen: &[JournalEntry]) -> Result<Vec<Option<JournalEntry>>> {
        let mut m = self.entries.lock().map_err(|_| poisoned())?;
        Ok(seen
            .iter()
            .map(|s| {
                let prior = m.get(&s.request_id).cloned();
                if prior.as_ref().is_none_or(|p| p.offer != s.offer) {
                    m.insert(s.request_id.clone(), s.clone());
                }
                prior
            })
            .collect())
    }

    async fn record(&self, entry: &JournalEntry, _outcome: Option<&RequestOutcome>) -> Result<()> {
        self.entries
            .lock()
            .map_err(|_| poisoned())?
            .insert(entry.request_id.clone(), entry.clone());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block_on<F: std::future::Future>(f: F) -> F::Output {
        use std::task::{Context, Poll, Waker};
        let mut f = std::pin::pin!(f);
        let mut cx = Context::from_waker(Waker::noop());
        loop {
            if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
                return v;
            }
        }
    }

    fn seen(id: &str, offer: &str) -> JournalEntry {
        JournalEntry {
            request_id: id.into(),
            offer: offer.into(),
            user_id: Some("u".into()),
            stage: JournalStage::Seen,
            status: None,
        }
    }

    #[test]
    fn a_page_returns_prior_entries_and_a_new_offer_starts_over() {
        let j = InMemoryJournal::new();
        assert_eq!(
            block_on(j.begin_page(&[seen("a", "t1")])).unwrap(),
            vec![None]
        );
        let stored = seen("a", "t1").at(JournalStage::TokensStored, None);
        block_on(j.record(&stored, None)).unwrap();
        // The same offer again: the stored stage comes back and is kept.
        let prior = block_on(j.begin_page(&[seen("a", "t1")])).unwrap();
        assert_eq!(prior, vec![Some(stored.clone())]);
        assert_eq!(j.entry("a"), Some(stored.clone()));
        // A new offer (a re-queued request with a new token) starts at Seen.
        let prior = block_on(j.begin_page(&[seen("a", "t2")])).unwrap();
        assert_eq!(prior, vec![Some(stored)]);
        assert_eq!(j.entry("a").unwrap().stage, JournalStage::Seen);
    }

    #[test]
    fn one_run_at_a_time() {
        let j = InMemoryJournal::new();
        j.begin_run().unwrap();
        let e = j.begin_run().unwrap_err();
        assert!(e.to_string().contains("one runner per journal"), "{e}");
        j.end_run();
        j.begin_run().unwrap();
    }
}
