//! The auto-connect job's rules as pure functions: which status to PUT when the request token
//! is stale or the token exchange fails, when the whole run must stop instead, and how a rerun
//! resumes a request from its journal entry.

use super::journal::{JournalEntry, JournalStage};
use crate::error::{ErrorCode, TriplinkError};
use crate::model::{ConnectionRequest, StatusCode};

/// What to do after the token exchange of a matched request failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExchangeFailureAction {
    /// PUT this status for the request and go on with the next.
    Put(StatusCode),
    /// Send the exchange once more: the attempt may or may not have reached Concur, and the
    /// answer to a second one tells which (tokens, or "already used").
    AskAgain,
    /// Stop the run without PUTting: the app itself is refused (bad client id/secret, app
    /// disabled or not enabled for the company), so every exchange would fail and PUTting
    /// would burn the users' retry budgets.
    AbortRun,
}

/// The documented rule for exchange failures. `after_uncertain` is true when an earlier
/// attempt for this token may have reached Concur (a timeout, a broken connection, a 5xx):
/// the token may then have been consumed by the job itself, so the request is handed back
/// with CRRET (Concur offers it again within the hour with a new token) rather than failed.
///
/// | failure | first attempt | after an uncertain attempt |
/// |---|---|---|
/// | token older than 15 min, or refused as expired/used (`invalid_grant`, codes 5, 19, 103, 136) | CRPA1 "request token has expired" | CRRET |
/// | timeout, broken connection, 5xx, 429, connection refused (after the executor's safe retries) | ask again | CRRET |
/// | geolocation redirect refused, undecodable answer, the store refused the tokens | CRRET | CRRET |
/// | the app is refused (codes 53, 59, 61, 64 → `Reauthorize`, other `Auth`) | stop the run | stop the run |
pub fn exchange_failure_action(
    error: &TriplinkError,
    after_uncertain: bool,
) -> ExchangeFailureAction {
    use ExchangeFailureAction::{AbortRun, AskAgain, Put};
    let api_code = error
        .api_failure()
        .and_then(|f| f.api_code.clone())
        .unwrap_or_default();
    let expired = if after_uncertain {
        StatusCode::Crret
    } else {
        StatusCode::Crpa1
    };
    match error.code() {
        ErrorCode::TokenExpired => Put(expired),
        ErrorCode::Reauthorize => AbortRun,
        ErrorCode::Auth | ErrorCode::InvalidInput
            if matches!(api_code.as_str(), "5" | "19" | "103" | "136") =>
        {
            Put(expired)
        }
        ErrorCode::Auth => AbortRun,
        ErrorCode::Network | ErrorCode::Timeout | ErrorCode::Http | ErrorCode::RateLimited => {
            if after_uncertain {
                Put(StatusCode::Crret)
            } else {
                AskAgain
            }
        }
        _ => Put(StatusCode::Crret),
    }
}

/// Which offer of a request this is: a fingerprint (FNV-1a, 64 bits) of its request token, or
/// of its `lastModified` when it carries no token. Concur issues a new token each time it
/// offers a re-queued request again, so a journal entry of an older offer is not resumed.
/// A 64-bit fingerprint does not reveal the token.
pub fn offer_key(cr: &ConnectionRequest) -> String {
    let (tag, bytes): (&str, Vec<u8>) = match (&cr.request_token, cr.last_modified) {
        (Some(t), _) => ("t", t.expose().as_bytes().to_vec()),
        (None, Some(m)) => ("m", m.unix_timestamp().to_string().into_bytes()),
        (None, None) => ("n", Vec::new()),
    };
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{tag}{h:016x}")
}

/// How a request is handled given what the journal holds about the same offer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResumeAction {
    /// Nothing acted yet: decide, exchange if matched, PUT.
    Fresh,
    /// PUT this status without deciding or exchanging again.
    Put(StatusCode),
    /// An exchange began and no tokens were stored: send it once more as after an uncertain
    /// attempt — tokens give CRSUC; "already used" (the job's own earlier attempt consumed it)
    /// or any failure gives CRRET, so Concur offers the request again with a new token.
    ExchangeAgain,
}

/// The resume rule. `has_tokens` tells whether the token store holds tokens for the request's
/// user (asked only for an interrupted exchange).
///
/// | journal (same offer) | action |
/// |---|---|
/// | none, `Seen`, or an older offer | fresh |
/// | `ExchangeStarted`, tokens in the store | PUT CRSUC (the exchange landed; the kill came before the journal write) |
/// | `ExchangeStarted`, no tokens | exchange again: CRSUC if the token was unused, else CRRET — the token was consumed by this job and the tokens lost; Concur offers the request again with a new token (never the final CRPA1) |
/// | `TokensStored` | PUT CRSUC without exchanging again |
/// | `StatusChosen` / `PutConfirmed` | PUT the recorded status again (a status PUT is safe to repeat; the request is still listed, so the earlier one did not land) |
pub fn resume_action(
    prior: Option<&JournalEntry>,
    offer: &str,
    has_tokens: impl FnOnce() -> bool,
) -> ResumeAction {
    let Some(p) = prior.filter(|p| p.offer == offer) else {
        return ResumeAction::Fresh;
    };
    match (p.stage, &p.status) {
        (JournalStage::Seen, _) => ResumeAction::Fresh,
        (JournalStage::ExchangeStarted, _) => {
            if has_tokens() {
                ResumeAction::Put(StatusCode::Crsuc)
            } else {
                ResumeAction::ExchangeAgain
            }
        }
        (JournalStage::TokensStored, _) => ResumeAction::Put(StatusCode::Crsuc),
        (JournalStage::StatusChosen | JournalStage::PutConfirmed, Some(s)) => {
            ResumeAction::Put(s.clone())
        }
        // A status stage without a status is a damaged row: the safe choice is CRRET.
        (JournalStage::StatusChosen | JournalStage::PutConfirmed, None) => {
            ResumeAction::Put(StatusCode::Crret)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ApiFailure;
    use crate::transport::{HttpResponse, TransportError, TransportErrorKind};

    fn api(code: ErrorCode, api_code: &str) -> TriplinkError {
        TriplinkError::api(
            ApiFailure::from_response(code, &HttpResponse::new(400, ""), "x")
                .with_api_code(api_code),
        )
    }

    #[test]
    fn rule_table() {
        use ExchangeFailureAction::*;
        let timeout = || TriplinkError::from(TransportError::new(TransportErrorKind::Timeout, "t"));
        // (error, first attempt, after an uncertain attempt)
        let cases = [
            (
                TriplinkError::TokenExpired { what: "t".into() },
                Put(StatusCode::Crpa1),
                Put(StatusCode::Crret),
            ),
            (
                api(ErrorCode::Auth, "5"),
                Put(StatusCode::Crpa1),
                Put(StatusCode::Crret),
            ),
            (
                api(ErrorCode::Auth, "136"),
                Put(StatusCode::Crpa1),
                Put(StatusCode::Crret),
            ),
            (api(ErrorCode::Auth, "14"), AbortRun, AbortRun),
            (api(ErrorCode::Reauthorize, "64"), AbortRun, AbortRun),
            (
                api(ErrorCode::Http, "500"),
                AskAgain,
                Put(StatusCode::Crret),
            ),
            (
                api(ErrorCode::RateLimited, ""),
                AskAgain,
                Put(StatusCode::Crret),
            ),
            (timeout(), AskAgain, Put(StatusCode::Crret)),
            (
                api(ErrorCode::Geolocation, "16"),
                Put(StatusCode::Crret),
                Put(StatusCode::Crret),
            ),
            (
                TriplinkError::decode("json", "x"),
                Put(StatusCode::Crret),
                Put(StatusCode::Crret),
            ),
        ];
        for (e, first, again) in cases {
            assert_eq!(exchange_failure_action(&e, false), first, "{e}");
            assert_eq!(exchange_failure_action(&e, true), again, "{e} (again)");
        }
    }

    fn cr(token: Option<&str>) -> ConnectionRequest {
        ConnectionRequest {
            id: "r1".into(),
            request_token: token.map(crate::Secret::new),
            ..ConnectionRequest::default()
        }
    }

    #[test]
    fn offers_differ_by_token_and_never_show_it() {
        let a = offer_key(&cr(Some("rqt-secret-1")));
        assert_eq!(a, offer_key(&cr(Some("rqt-secret-1"))));
        assert_ne!(a, offer_key(&cr(Some("rqt-secret-2"))));
        assert!(!a.contains("secret") && a.starts_with('t') && a.len() == 17);
        assert!(offer_key(&cr(None)).starts_with('n'));
    }

    #[test]
    fn resume_rule_table() {
        let entry = |stage, status: Option<StatusCode>| JournalEntry {
            request_id: "r1".into(),
            offer: "t1".into(),
            user_id: Some("u1".into()),
            stage,
            status,
        };
        use JournalStage::*;
        use ResumeAction::*;
        let never = || -> bool { panic!("the token store is asked only after an exchange began") };
        assert_eq!(resume_action(None, "t1", never), Fresh);
        assert_eq!(resume_action(Some(&entry(Seen, None)), "t1", never), Fresh);
        // An older offer (re-queued with a new token) starts over whatever its stage.
        let done = entry(PutConfirmed, Some(StatusCode::Creu1));
        assert_eq!(resume_action(Some(&done), "t2", never), Fresh);
        assert_eq!(
            resume_action(Some(&done), "t1", never),
            Put(StatusCode::Creu1)
        );
        let started = entry(ExchangeStarted, None);
        assert_eq!(
            resume_action(Some(&started), "t1", || true),
            Put(StatusCode::Crsuc)
        );
        assert_eq!(resume_action(Some(&started), "t1", || false), ExchangeAgain);
        assert_eq!(
            resume_action(Some(&entry(TokensStored, None)), "t1", never),
            Put(StatusCode::Crsuc)
        );
        let chosen = entry(StatusChosen, Some(StatusCode::Crsuc));
        assert_eq!(
            resume_action(Some(&chosen), "t1", never),
            Put(StatusCode::Crsuc)
        );
        assert_eq!(
            resume_action(Some(&entry(StatusChosen, None)), "t1", never),
            Put(StatusCode::Crret)
        );
    }
}
