//! Matching for Kotlin/Swift/Python: member records, the app's `MemberDirectory` (a foreign
//! trait), the `MatchPolicy` presets, the in-memory `MemberIndex`, one-request decisions and
//! name normalisation. Every rule stays in the core; this file converts.

use crate::errors::{core, from_json, to_json, Result};
use serde::Serialize;
use std::sync::Arc;
use triplink_core::matching::{
    self as m, AccountState, DirectoryError, MatchRequest as CoreRequest,
    MemberRecord as CoreMember,
};

/// One member of the supplier's programme.
#[derive(Clone, Debug, uniffi::Record)]
pub struct MemberRecord {
    /// The supplier's own member id.
    pub member_id: String,
    /// The loyalty number.
    pub loyalty_number: Option<String>,
    /// First name.
    pub first_name: Option<String>,
    /// Last name.
    pub last_name: Option<String>,
    /// Verified emails.
    pub emails: Vec<String>,
    /// `active` (default), `locked`, `closed` or `needs_attention`.
    pub state: Option<String>,
}

impl From<MemberRecord> for CoreMember {
    fn from(r: MemberRecord) -> Self {
        CoreMember {
            member_id: r.member_id,
            loyalty_number: r.loyalty_number,
            first_name: r.first_name,
            last_name: r.last_name,
            emails: r.emails,
            // An unknown state is treated as needing attention (never as active).
            state: match r.state.as_deref() {
                None | Some("") => AccountState::Active,
                Some(s) => AccountState::parse(s).unwrap_or(AccountState::NeedsAttention),
            },
        }
    }
}

/// What a connection request says about the user, as the matching rules read it.
#[derive(Clone, Debug, Default, uniffi::Record)]
pub struct MatchRequest {
    /// First name.
    pub first_name: Option<String>,
    /// Middle name.
    pub middle_name: Option<String>,
    /// Last name.
    pub last_name: Option<String>,
    /// Loyalty number.
    pub loyalty_number: Option<String>,
    /// Verified emails.
    pub emails: Vec<String>,
}

impl From<MatchRequest> for CoreRequest {
    fn from(r: MatchRequest) -> Self {
        CoreRequest {
            first_name: r.first_name,
            middle_name: r.middle_name,
            last_name: r.last_name,
            loyalty_number: r.loyalty_number,
            emails: r.emails,
        }
    }
}

/// One line of evidence, masked (`loyalty •••••6789`).
#[derive(Clone, Debug, uniffi::Record)]
pub struct MatchEvidence {
    /// `LoyaltyNumber`, `VerifiedEmail`, `LastName` or `FirstName`.
    pub field: String,
    /// `matched`, `mismatched` or `missing`.
    pub outcome: String,
    /// What was compared, masked.
    pub note: String,
}

/// An explainable decision for one request.
#[derive(Clone, Debug, uniffi::Record)]
pub struct MatchDecision {
    /// The status code to PUT: `CRSUC`, `CREU1`, `CREU2`, `CREU3` or `CRRET`.
    pub status: String,
    /// The outcome class (`Connected`, `AccountNotFound`, …).
    pub match_status: String,
    /// Why, in support-readable words (identifiers masked).
    pub reason: String,
    /// The matched member, when connected.
    pub member_id: Option<String>,
    /// Field-by-field evidence.
    pub evidence: Vec<MatchEvidence>,
}

/// The serde name of a unit enum value (`"matched"`, `"LastName"`…).
pub(crate) fn name_of<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

pub(crate) fn evidence(e: &[m::Evidence]) -> Vec<MatchEvidence> {
    e.iter()
        .map(|e| MatchEvidence {
            field: name_of(&e.field),
            outcome: name_of(&e.outcome),
            note: e.note.to_string(),
        })
        .collect()
}

impl From<m::Decision> for MatchDecision {
    fn from(d: m::Decision) -> Self {
        MatchDecision {
            status: d.status.status_code().as_str().to_owned(),
            match_status: name_of(&d.status),
            reason: d.reason.to_string(),
            member_id: d.member_id.clone(),
            evidence: evidence(&d.evidence),
        }
    }
}

/// The directory could not answer: the request is re-queued (CRRET), never failed.
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum MemberDirectoryError {
    /// The directory is down or refused the query.
    #[error("unavailable: {detail}")]
    Unavailable {
        /// What happened.
        detail: String,
    },
}

impl From<uniffi::UnexpectedUniFFICallbackError> for MemberDirectoryError {
    fn from(e: uniffi::UnexpectedUniFFICallbackError) -> Self {
        MemberDirectoryError::Unavailable { detail: e.reason }
    }
}

/// The app's member lookup (a database, a loyalty service…). Keys arrive normalised: loyalty
/// numbers by the policy's rules, emails folded, so index the same normalised values.
#[uniffi::export(with_foreign)]
#[async_trait::async_trait]
pub trait MemberDirectory: Send + Sync {
    /// Members whose normalised loyalty number is `key`.
    async fn find_by_loyalty(&self, key: String)
        -> Result<Vec<MemberRecord>, MemberDirectoryError>;
    /// Members with the normalised verified email `key`.
    async fn find_by_email(&self, key: String) -> Result<Vec<MemberRecord>, MemberDirectoryError>;
}

fn members(
    r: Result<Vec<MemberRecord>, MemberDirectoryError>,
) -> Result<Vec<CoreMember>, DirectoryError> {
    match r {
        Ok(v) => Ok(v.into_iter().map(CoreMember::from).collect()),
        Err(MemberDirectoryError::Unavailable { detail }) => {
            Err(DirectoryError::Unavailable(detail))
        }
    }
}

/// The core's `MemberDirectory` over the app's.
pub struct ForeignDirectory(pub Arc<dyn MemberDirectory>);

#[async_trait::async_trait]
impl m::MemberDirectory for ForeignDirectory {
    async fn find_by_loyalty(&self, key: &str) -> Result<Vec<CoreMember>, DirectoryError> {
        members(self.0.find_by_loyalty(key.to_owned()).await)
    }

    async fn find_by_email(&self, key: &str) -> Result<Vec<CoreMember>, DirectoryError> {
        members(self.0.find_by_email(key.to_owned()).await)
    }
}

/// Which fields must agree for a match, and how they compare.
#[derive(uniffi::Object)]
pub struct MatchPolicy {
    pub(crate) inner: m::MatchPolicy,
}

#[uniffi::export]
impl MatchPolicy {
    /// Last name + loyalty number.
    #[uniffi::constructor]
    pub fn last_name_and_loyalty() -> Arc<Self> {
        Arc::new(MatchPolicy {
            inner: m::MatchPolicy::last_name_and_loyalty(),
        })
    }

    /// Verified email + last name.
    #[uniffi::constructor]
    pub fn verified_email_and_last_name() -> Arc<Self> {
        Arc::new(MatchPolicy {
            inner: m::MatchPolicy::verified_email_and_last_name(),
        })
    }

    /// Either of the two rules above (the usual choice).
    #[uniffi::constructor]
    pub fn either() -> Arc<Self> {
        Arc::new(MatchPolicy {
            inner: m::MatchPolicy::either(),
        })
    }

    /// A policy from its JSON form (see `toJson`).
    #[uniffi::constructor]
    pub fn from_json(json: String) -> Result<Arc<Self>> {
        Ok(Arc::new(MatchPolicy {
            inner: from_json("policy", &json)?,
        }))
    }

    /// The policy as JSON (rules, umlaut expansion, surname rule, loyalty options).
    pub fn to_json(&self) -> Result<String> {
        to_json(&self.inner)
    }

    /// A loyalty number as the policy compares it (the key a `MemberDirectory` receives).
    pub fn loyalty_key(&self, number: String) -> String {
        self.inner.loyalty_key(&number)
    }
}

/// An in-memory index over the supplier's members, for deciding many requests without a
/// directory round trip each.
#[derive(uniffi::Object)]
pub struct MemberIndex {
    pub(crate) inner: Arc<m::MemberIndex>,
}

#[uniffi::export]
impl MemberIndex {
    /// From CSV text with a header row (`member_id, loyalty_number, first_name, last_name,
    /// email, state`); a bad row is an `InvalidInput`/`Decode` error naming its line.
    #[uniffi::constructor]
    pub fn from_csv(text: String, policy: Arc<MatchPolicy>) -> Result<Arc<Self>> {
        let members = core(m::members_from_csv(&text))?;
        Self::build(members, &policy)
    }

    /// From member records.
    #[uniffi::constructor]
    pub fn from_members(members: Vec<MemberRecord>, policy: Arc<MatchPolicy>) -> Result<Arc<Self>> {
        Self::build(members.into_iter().map(CoreMember::from).collect(), &policy)
    }

    /// How many members.
    pub fn size(&self) -> u64 {
        self.inner.len() as u64
    }

    /// Decides one request.
    pub fn decide(&self, request: MatchRequest) -> MatchDecision {
        self.inner.decide(&CoreRequest::from(request)).into()
    }
}

impl MemberIndex {
    fn build(members: Vec<CoreMember>, policy: &MatchPolicy) -> Result<Arc<Self>> {
        let index = core(m::MemberIndex::build(policy.inner.clone(), members))?;
        Ok(Arc::new(MemberIndex {
            inner: Arc::new(index),
        }))
    }
}

/// Decides one request with `policy` over the app's directory (a directory failure gives
/// `CRRET`, not an error).
#[uniffi::export]
pub async fn decide_with_directory(
    directory: Arc<dyn MemberDirectory>,
    policy: Arc<MatchPolicy>,
    request: MatchRequest,
) -> MatchDecision {
    let d = ForeignDirectory(directory);
    m::decide_with(&d, &policy.inner, &CoreRequest::from(request))
        .await
        .into()
}

/// A name as the matching rules compare it (NFKC, case and diacritics folded, punctuation
/// dropped); `umlauts` also expands ä→ae, ö→oe, ü→ue.
#[uniffi::export]
pub fn normalize_name(name: String, umlauts: bool) -> String {
    m::normalize::normalize_name(&name, umlauts)
}

/// An email as the matching rules compare it (the key a `MemberDirectory` receives for
/// `findByEmail`).
#[uniffi::export]
pub fn normalize_email(email: String) -> String {
    m::normalize::normalize_email(&email)
}
