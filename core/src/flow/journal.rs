//! The auto-connect job's journal entry: how far the job got with one offer of a connection
//! request (`JournalStage`) and the row it keeps per request (`JournalEntry`). Plain state the
//! resume decision of `flow::auto_connect` reads; the durable journal is `client::RequestJournal`.

use crate::model::StatusCode;

/// How far the job got with one offer of a request, in the order the steps happen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum JournalStage {
    /// Listed and not acted on yet.
    Seen,
    /// The request token is about to be exchanged (it may be consumed from here on).
    ExchangeStarted,
    /// The user's tokens were exchanged and stored.
    TokensStored,
    /// This status is about to be PUT.
    StatusChosen,
    /// Concur confirmed the PUT of the status.
    PutConfirmed,
}

impl JournalStage {
    /// Every stage, in order.
    pub const ALL: [JournalStage; 5] = [
        JournalStage::Seen,
        JournalStage::ExchangeStarted,
        JournalStage::TokensStored,
        JournalStage::StatusChosen,
        JournalStage::PutConfirmed,
    ];

    /// The stage as stored text (`seen`, `exchange_started`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            JournalStage::Seen => "seen",
            JournalStage::ExchangeStarted => "exchange_started",
            JournalStage::TokensStored => "tokens_stored",
            JournalStage::StatusChosen => "status_chosen",
            JournalStage::PutConfirmed => "put_confirmed",
        }
    }

    /// Parses stored text; `None` for anything else.
    pub fn parse(text: &str) -> Option<JournalStage> {
        JournalStage::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// The journal's row for one request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JournalEntry {
    /// The connection request id.
    pub request_id: String,
    /// Which offer of the request this is about: a fingerprint of its request token (Concur
    /// issues a new token when it offers a re-queued request again), never the token itself.
    pub offer: String,
    /// The Concur user id, when the request carries one.
    pub user_id: Option<String>,
    /// How far the job got.
    pub stage: JournalStage,
    /// The status chosen (from `StatusChosen` on).
    pub status: Option<StatusCode>,
}

impl JournalEntry {
    /// The same entry at `stage` (with `status` when given).
    pub fn at(&self, stage: JournalStage, status: Option<&StatusCode>) -> JournalEntry {
        JournalEntry {
            stage,
            status: status.cloned().or_else(|| self.status.clone()),
            ..self.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_round_trip_through_their_stored_text() {
        for s in JournalStage::ALL {
            assert_eq!(JournalStage::parse(s.as_str()), Some(s));
        }
        assert_eq!(JournalStage::parse("done"), None);
    }
}
