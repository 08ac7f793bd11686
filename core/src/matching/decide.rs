//! The decision: given a request, a policy and the candidates a directory found, choose the
//! status (CRSUC, CREU1, CREU2, CREU3, CRRET) and explain it in support-readable, masked words.

use super::member::{AccountState, DirectoryError, MatchRequest, MemberDirectory, MemberRecord};
use super::normalize::{mask, name_words, normalize_email, normalize_name, surname_core};
use super::policy::{MatchField, MatchPolicy, SurnameRule};
use crate::model::StatusCode;
use serde::{Deserialize, Serialize};

/// The outcome class of a decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MatchStatus {
    /// CRSUC: exactly one active member matches.
    Connected,
    /// CREU1: no account has that loyalty number / email.
    AccountNotFound,
    /// CREU2: an account exists but the name does not match.
    NameMismatch,
    /// CREU3: the account needs attention (locked, closed, flagged) or two members match.
    NeedsAttention,
    /// CRRET: the directory could not answer; try again later.
    Retry,
}

impl MatchStatus {
    /// The status code to PUT.
    pub fn status_code(self) -> StatusCode {
        match self {
            MatchStatus::Connected => StatusCode::Crsuc,
            MatchStatus::AccountNotFound => StatusCode::Creu1,
            MatchStatus::NameMismatch => StatusCode::Creu2,
            MatchStatus::NeedsAttention => StatusCode::Creu3,
            MatchStatus::Retry => StatusCode::Crret,
        }
    }
}

/// How one field fared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FieldOutcome {
    /// The field agreed.
    Matched,
    /// The field disagreed.
    Mismatched,
    /// The request or member lacks the field.
    Missing,
}

/// One line of evidence: a field, its outcome, and a masked note.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// The field.
    pub field: MatchField,
    /// How it fared.
    pub outcome: FieldOutcome,
    /// What was compared, masked (`loyalty •••••6789`, `p•••@example.com`).
    pub note: String,
}

/// An explainable decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// The outcome.
    pub status: MatchStatus,
    /// One sentence for a support agent, with identifiers masked.
    pub reason: String,
    /// Field-by-field evidence for the best candidate.
    pub evidence: Vec<Evidence>,
    /// The matched member's id, for `Connected` (and for `NeedsAttention` on one account).
    pub member_id: Option<String>,
}

/// Members found by each lookup (or why a lookup failed).
#[derive(Clone, Debug, Default)]
pub struct Candidates {
    /// Found by loyalty number.
    pub by_loyalty: Vec<MemberRecord>,
    /// Found by verified email.
    pub by_email: Vec<MemberRecord>,
    /// A lookup failed.
    pub failure: Option<DirectoryError>,
}

fn surnames_match(policy: &MatchPolicy, a: &str, b: &str) -> bool {
    let (wa, wb) = (
        name_words(a, policy.umlaut_expansion),
        name_words(b, policy.umlaut_expansion),
    );
    if wa.is_empty() || wb.is_empty() {
        return false;
    }
    if wa.concat() == wb.concat() {
        return true;
    }
    if policy.surname_rule == SurnameRule::Exact {
        return false;
    }
    let (ca, cb) = (surname_core(&wa), surname_core(&wb));
    let (short, long) = if ca.len() <= cb.len() {
        (ca, cb)
    } else {
        (cb, ca)
    };
    long.starts_with(&short)
}

fn names_equal(policy: &MatchPolicy, a: &str, b: &str) -> bool {
    let (x, y) = (
        normalize_name(a, policy.umlaut_expansion),
        normalize_name(b, policy.umlaut_expansion),
    );
    !x.is_empty() && x == y
}

fn field(policy: &MatchPolicy, req: &MatchRequest, m: &MemberRecord, f: MatchField) -> Evidence {
    let ev = |outcome, note: String| Evidence {
        field: f,
        outcome,
        note,
    };
    match f {
        MatchField::LoyaltyNumber => match (&req.loyalty_number, &m.loyalty_number) {
            (Some(r), Some(mm))
                if policy.loyalty_key(r) == policy.loyalty_key(mm)
                    && !policy.loyalty_key(r).is_empty() =>
            {
                ev(
                    FieldOutcome::Matched,
                    format!("loyalty {}", mask(&policy.loyalty_key(r))),
                )
            }
            (Some(r), Some(_)) => ev(
                FieldOutcome::Mismatched,
                format!("loyalty {} differs", mask(&policy.loyalty_key(r))),
            ),
            _ => ev(FieldOutcome::Missing, "loyalty number missing".into()),
        },
        MatchField::VerifiedEmail => {
            let member: Vec<String> = m.emails.iter().map(|e| normalize_email(e)).collect();
            match req
                .emails
                .iter()
                .map(|e| normalize_email(e))
                .find(|e| !e.is_empty() && member.contains(e))
            {
                Some(e) => ev(FieldOutcome::Matched, format!("email {}", mask(&e))),
                None if req.emails.is_empty() || member.is_empty() => {
                    ev(FieldOutcome::Missing, "no verified email to compare".into())
                }
                None => ev(
                    FieldOutcome::Mismatched,
                    "no verified email in common".into(),
                ),
            }
        }
        MatchField::LastName => match (&req.last_name, &m.last_name) {
            (Some(r), Some(mm)) if surnames_match(policy, r, mm) => {
                ev(FieldOutcome::Matched, "last name agrees".into())
            }
            (Some(r), Some(_)) if !normalize_name(r, false).is_empty() => ev(
                FieldOutcome::Mismatched,
                "last name differs from the member's".into(),
            ),
            _ => ev(FieldOutcome::Missing, "last name missing".into()),
        },
        MatchField::FirstName => match (&req.first_name, &m.first_name) {
            (Some(r), Some(mm)) if names_equal(policy, r, mm) => {
                ev(FieldOutcome::Matched, "first name agrees".into())
            }
            (Some(_), Some(_)) => ev(
                FieldOutcome::Mismatched,
                "first name differs (nickname?)".into(),
            ),
            _ => ev(FieldOutcome::Missing, "first name missing".into()),
        },
    }
}

/// Evaluates every rule for one member; returns (fully matched?, evidence of the best rule).
fn evaluate(policy: &MatchPolicy, req: &MatchRequest, m: &MemberRecord) -> (bool, Vec<Evidence>) {
    let mut best: Option<(usize, Vec<Evidence>)> = None;
    for rule in &policy.rules {
        let ev: Vec<Evidence> = rule.iter().map(|f| field(policy, req, m, *f)).collect();
        let ok = ev
            .iter()
            .filter(|e| e.outcome == FieldOutcome::Matched)
            .count();
        if ok == rule.len() && !rule.is_empty() {
            return (true, ev);
        }
        if best.as_ref().map(|(n, _)| ok > *n).unwrap_or(true) {
            best = Some((ok, ev));
        }
    }
    (false, best.map(|(_, e)| e).unwrap_or_default())
}

fn decision(
    status: MatchStatus,
    reason: impl Into<String>,
    evidence: Vec<Evidence>,
    member_id: Option<String>,
) -> Decision {
    Decision {
        status,
        reason: reason.into(),
        evidence,
        member_id,
    }
}

/// Decides from the candidates the lookups returned (pure; see [`decide_with`] for the
/// async directory version).
pub fn decide(policy: &MatchPolicy, req: &MatchRequest, candidates: &Candidates) -> Decision {
    if let Some(f) = &candidates.failure {
        return decision(
            MatchStatus::Retry,
            format!("{f}; will retry"),
            Vec::new(),
            None,
        );
    }
    if let (Some(cd), Some(l)) = (policy.check_digit, &req.loyalty_number) {
        let key = policy.loyalty_key(l);
        if policy.uses(MatchField::LoyaltyNumber) && !cd.accepts(&key) {
            return decision(
                MatchStatus::AccountNotFound,
                format!("loyalty {} fails the check digit", mask(&key)),
                Vec::new(),
                None,
            );
        }
    }
    let mut all: Vec<&MemberRecord> = Vec::new();
    for m in candidates.by_loyalty.iter().chain(&candidates.by_email) {
        if !all.iter().any(|x| x.member_id == m.member_id) {
            all.push(m);
        }
    }
    if all.is_empty() {
        let what = match (&req.loyalty_number, req.emails.first()) {
            (Some(l), _) if policy.uses(MatchField::LoyaltyNumber) => {
                format!("loyalty {}", mask(&policy.loyalty_key(l)))
            }
            (_, Some(e)) if policy.uses(MatchField::VerifiedEmail) => {
                format!("email {}", mask(&normalize_email(e)))
            }
            _ => "the request carries no identifier the policy uses".to_owned(),
        };
        return decision(
            MatchStatus::AccountNotFound,
            format!("no account found for {what}"),
            Vec::new(),
            None,
        );
    }
    let evaluated: Vec<(&MemberRecord, bool, Vec<Evidence>)> = all
        .iter()
        .map(|m| {
            let (ok, ev) = evaluate(policy, req, m);
            (*m, ok, ev)
        })
        .collect();
    let matched: Vec<&(&MemberRecord, bool, Vec<Evidence>)> =
        evaluated.iter().filter(|e| e.1).collect();
    match matched.as_slice() {
        [] => {
            let (_, _, ev) = &evaluated[0];
            decision(
                MatchStatus::NameMismatch,
                "an account exists but the name does not match",
                ev.clone(),
                None,
            )
        }
        [(m, _, ev)] => match m.state {
            AccountState::Active => decision(
                MatchStatus::Connected,
                "one active account matches",
                ev.clone(),
                Some(m.member_id.clone()),
            ),
            s => decision(
                MatchStatus::NeedsAttention,
                format!("the matching account is {}", state_words(s)),
                ev.clone(),
                Some(m.member_id.clone()),
            ),
        },
        many => decision(
            MatchStatus::NeedsAttention,
            format!("{} accounts match; a person must choose", many.len()),
            many[0].2.clone(),
            None,
        ),
    }
}

fn state_words(s: AccountState) -> &'static str {
    match s {
        AccountState::Active => "active",
        AccountState::Locked => "locked",
        AccountState::Closed => "closed",
        AccountState::NeedsAttention => "flagged as needing attention",
    }
}

/// Looks the request up in `directory` (by loyalty number and by each verified email, as the
/// policy uses them) and decides.
pub async fn decide_with(
    directory: &dyn MemberDirectory,
    policy: &MatchPolicy,
    req: &MatchRequest,
) -> Decision {
    let mut c = Candidates::default();
    if policy.uses(MatchField::LoyaltyNumber) {
        if let Some(l) = req
            .loyalty_number
            .as_deref()
            .map(|l| policy.loyalty_key(l))
            .filter(|k| !k.is_empty())
        {
            match directory.find_by_loyalty(&l).await {
                Ok(v) => c.by_loyalty = v,
                Err(e) => c.failure = Some(e),
            }
        }
    }
    if policy.uses(MatchField::VerifiedEmail) && c.failure.is_none() {
        for e in req
            .emails
            .iter()
            .map(|e| normalize_email(e))
            .filter(|e| !e.is_empty())
        {
            match directory.find_by_email(&e).await {
                Ok(v) => c.by_email.extend(v),
                Err(err) => {
                    c.failure = Some(err);
                    break;
                }
            }
        }
    }
    decide(policy, req, &c)
}
