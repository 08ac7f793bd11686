//! The decision: given a request, a policy and the candidates a directory found, choose the
//! status (CRSUC, CREU1, CREU2, CREU3, CRRET) and explain it in support-readable, masked words.

use super::member::{AccountState, DirectoryError, MatchRequest, MemberDirectory, MemberRecord};
use super::normalize::{email_matches, loyalty_matches, mask, masked, normalize_email};
use super::policy::{MatchField, MatchPolicy};
use super::surname::last_name_agrees;
use crate::model::StatusCode;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

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
#[serde(rename_all = "camelCase")]
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
#[serde(rename_all = "camelCase")]
pub struct Evidence {
    /// The field.
    pub field: MatchField,
    /// How it fared.
    pub outcome: FieldOutcome,
    /// What was compared, masked (`loyalty •••••6789`, `p•••@example.com`).
    pub note: Cow<'static, str>,
}

/// An explainable decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Decision {
    /// The outcome.
    pub status: MatchStatus,
    /// One sentence for a support agent, with identifiers masked.
    pub reason: Cow<'static, str>,
    /// Field-by-field evidence for the best candidate.
    pub evidence: Vec<Evidence>,
    /// The matched member's id, for `Connected` (and for `NeedsAttention` on one account).
    pub member_id: Option<String>,
}

/// Members found by each lookup (or why a lookup failed), borrowed from wherever they live.
#[derive(Clone, Debug, Default)]
pub struct Candidates<'a> {
    /// Found by loyalty number.
    pub by_loyalty: Vec<&'a MemberRecord>,
    /// Found by verified email.
    pub by_email: Vec<&'a MemberRecord>,
    /// A lookup failed.
    pub failure: Option<DirectoryError>,
    /// Folded surnames precomputed by a bulk index, aligned with `by_loyalty` then `by_email`.
    pub(crate) surname_keys: Vec<Option<&'a str>>,
}

/// The request's fields normalised once per decision.
pub(crate) struct Prepared {
    pub(crate) loyalty_key: Option<String>,
    pub(crate) emails: Vec<String>,
    last_words: Vec<String>,
    first: Option<String>,
}

impl Prepared {
    pub(crate) fn new(policy: &MatchPolicy, req: &MatchRequest) -> Self {
        let first = if policy.uses(MatchField::FirstName) {
            req.first_name
                .as_deref()
                .map(|f| policy.normalize_name(f))
                .filter(|f| !f.is_empty())
        } else {
            None
        };
        Prepared {
            loyalty_key: req
                .loyalty_number
                .as_deref()
                .map(|l| policy.loyalty_key(l))
                .filter(|k| !k.is_empty()),
            // Only a policy that compares emails needs them normalised.
            emails: if policy.uses(MatchField::VerifiedEmail) {
                req.emails
                    .iter()
                    .map(|e| normalize_email(e))
                    .filter(|e| !e.is_empty())
                    .collect()
            } else {
                Vec::new()
            },
            last_words: req
                .last_name
                .as_deref()
                .map(|l| policy.name_words(l))
                .unwrap_or_default(),
            first,
        }
    }
}

/// How one field fares for one member.
fn field(
    policy: &MatchPolicy,
    req: &Prepared,
    m: &MemberRecord,
    surname_key: Option<&str>,
    f: MatchField,
) -> Evidence {
    let ev = |outcome, note: Cow<'static, str>| Evidence {
        field: f,
        outcome,
        note,
    };
    match f {
        MatchField::LoyaltyNumber => match (&req.loyalty_key, &m.loyalty_number) {
            (Some(r), Some(mm)) if loyalty_matches(r, mm, policy.strip_leading_zeros) => {
                ev(FieldOutcome::Matched, masked(r, "loyalty ", "").into())
            }
            (Some(r), Some(_)) => ev(
                FieldOutcome::Mismatched,
                masked(r, "loyalty ", " differs").into(),
            ),
            _ => ev(FieldOutcome::Missing, "loyalty number missing".into()),
        },
        MatchField::VerifiedEmail => {
            let hit = req
                .emails
                .iter()
                .find(|e| m.emails.iter().any(|me| email_matches(e, me)));
            match hit {
                Some(e) => ev(FieldOutcome::Matched, masked(e, "email ", "").into()),
                None if req.emails.is_empty() || m.emails.is_empty() => {
                    ev(FieldOutcome::Missing, "no verified email to compare".into())
                }
                None => ev(
                    FieldOutcome::Mismatched,
                    "no verified email in common".into(),
                ),
            }
        }
        MatchField::LastName => match &m.last_name {
            Some(mm) if last_name_agrees(policy, &req.last_words, mm, surname_key) => {
                ev(FieldOutcome::Matched, "last name agrees".into())
            }
            Some(_) if !req.last_words.is_empty() => ev(
                FieldOutcome::Mismatched,
                "last name differs from the member's".into(),
            ),
            _ => ev(FieldOutcome::Missing, "last name missing".into()),
        },
        MatchField::FirstName => match (&req.first, &m.first_name) {
            (Some(r), Some(mm)) if *r == policy.normalize_name(mm) => {
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
fn evaluate(
    policy: &MatchPolicy,
    req: &Prepared,
    m: &MemberRecord,
    surname_key: Option<&str>,
) -> (bool, Vec<Evidence>) {
    let mut best: Option<(usize, Vec<Evidence>)> = None;
    for rule in &policy.rules {
        let ev: Vec<Evidence> = rule
            .iter()
            .map(|f| field(policy, req, m, surname_key, *f))
            .collect();
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
    reason: impl Into<Cow<'static, str>>,
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
pub fn decide(policy: &MatchPolicy, req: &MatchRequest, candidates: &Candidates<'_>) -> Decision {
    decide_prepared(policy, req, None, candidates)
}

/// [`decide`] with the request already normalised (bulk paths compute it once for lookup and
/// decision).
pub(crate) fn decide_prepared(
    policy: &MatchPolicy,
    req: &MatchRequest,
    prepared: Option<&Prepared>,
    candidates: &Candidates<'_>,
) -> Decision {
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
    let mut all: Vec<(&MemberRecord, Option<&str>)> =
        Vec::with_capacity(candidates.by_loyalty.len() + candidates.by_email.len());
    for (i, m) in candidates
        .by_loyalty
        .iter()
        .chain(&candidates.by_email)
        .enumerate()
    {
        if !all.iter().any(|(x, _)| x.member_id == m.member_id) {
            all.push((m, candidates.surname_keys.get(i).copied().flatten()));
        }
    }
    if all.is_empty() {
        let reason: Cow<'static, str> = match (&req.loyalty_number, req.emails.first()) {
            (Some(l), _) if policy.uses(MatchField::LoyaltyNumber) => {
                let known = prepared.and_then(|p| p.loyalty_key.as_deref());
                let key = known.map_or_else(|| Cow::Owned(policy.loyalty_key(l)), Cow::Borrowed);
                masked(&key, "no account found for loyalty ", "").into()
            }
            (_, Some(e)) if policy.uses(MatchField::VerifiedEmail) => {
                masked(&normalize_email(e), "no account found for email ", "").into()
            }
            _ => "no account found for the request carries no identifier the policy uses".into(),
        };
        return decision(MatchStatus::AccountNotFound, reason, Vec::new(), None);
    }
    let owned;
    let prepared = match prepared {
        Some(p) => p,
        None => {
            owned = Prepared::new(policy, req);
            &owned
        }
    };
    let mut first_evidence = None;
    // How many members match, and the last of them (the one whose evidence is reported).
    let mut n = 0usize;
    let mut last_matched: Option<(&MemberRecord, Vec<Evidence>)> = None;
    for (m, surname_key) in all {
        let (ok, ev) = evaluate(policy, prepared, m, surname_key);
        if ok {
            n += 1;
            last_matched = Some((m, ev));
        } else if first_evidence.is_none() {
            first_evidence = Some(ev);
        }
    }
    match last_matched {
        None => decision(
            MatchStatus::NameMismatch,
            "an account exists but the name does not match",
            first_evidence.unwrap_or_default(),
            None,
        ),
        Some((m, ev)) if n == 1 => match m.state {
            AccountState::Active => decision(
                MatchStatus::Connected,
                "one active account matches",
                ev,
                Some(m.member_id.clone()),
            ),
            s => decision(
                MatchStatus::NeedsAttention,
                format!("the matching account is {}", state_words(s)),
                ev,
                Some(m.member_id.clone()),
            ),
        },
        Some((_, ev)) => decision(
            MatchStatus::NeedsAttention,
            format!("{n} accounts match; a person must choose"),
            ev,
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
    let (mut by_loyalty, mut by_email, mut failure) = (Vec::new(), Vec::new(), None);
    if policy.uses(MatchField::LoyaltyNumber) {
        let key = req
            .loyalty_number
            .as_deref()
            .map(|l| policy.loyalty_key(l))
            .filter(|k| !k.is_empty());
        if let Some(l) = key {
            match directory.find_by_loyalty(&l).await {
                Ok(v) => by_loyalty = v,
                Err(e) => failure = Some(e),
            }
        }
    }
    if policy.uses(MatchField::VerifiedEmail) && failure.is_none() {
        for e in req
            .emails
            .iter()
            .map(|e| normalize_email(e))
            .filter(|e| !e.is_empty())
        {
            match directory.find_by_email(&e).await {
                Ok(v) => by_email.extend(v),
                Err(err) => {
                    failure = Some(err);
                    break;
                }
            }
        }
    }
    let c = Candidates {
        by_loyalty: by_loyalty.iter().collect(),
        by_email: by_email.iter().collect(),
        failure,
        surname_keys: Vec::new(),
    };
    decide(policy, req, &c)
}
