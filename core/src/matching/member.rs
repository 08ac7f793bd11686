//! What the supplier knows about its members (`MemberRecord`), the request-side input
//! (`MatchRequest`), and the async `MemberDirectory` the host implements over its database.

use crate::marker::MaybeSendSync;
use crate::model::ConnectionRequest;
use serde::{Deserialize, Serialize};

/// The state of a member account.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum AccountState {
    /// In good standing.
    #[default]
    Active,
    /// Locked (fraud, too many attempts...).
    Locked,
    /// Closed.
    Closed,
    /// Needs the member's attention (unverified, incomplete, merged...).
    NeedsAttention,
}

impl AccountState {
    /// Parses `active`, `locked`, `closed`, `needs_attention` (case-insensitive; `-` or space
    /// allowed for `_`).
    pub fn parse(s: &str) -> Option<Self> {
        match s
            .trim()
            .to_ascii_lowercase()
            .replace(['-', ' '], "_")
            .as_str()
        {
            "active" => Some(AccountState::Active),
            "locked" => Some(AccountState::Locked),
            "closed" => Some(AccountState::Closed),
            "needs_attention" | "attention" => Some(AccountState::NeedsAttention),
            _ => None,
        }
    }

    /// The state's name as [`Self::parse`] reads it and serde writes it (`needs_attention`).
    pub fn as_str(self) -> &'static str {
        match self {
            AccountState::Active => "active",
            AccountState::Locked => "locked",
            AccountState::Closed => "closed",
            AccountState::NeedsAttention => "needs_attention",
        }
    }
}

/// One member of the supplier's programme.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
#[serde(rename_all = "camelCase")]
pub struct MemberRecord {
    /// The supplier's own member id (defaults to the loyalty number when loading lists).
    #[serde(alias = "member_id")]
    pub member_id: String,
    /// The loyalty number.
    #[serde(alias = "loyalty_number")]
    pub loyalty_number: Option<String>,
    /// First name.
    #[serde(alias = "first_name")]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(alias = "last_name")]
    pub last_name: Option<String>,
    /// Verified emails.
    pub emails: Vec<String>,
    /// Account state.
    pub state: AccountState,
}

impl MemberRecord {
    /// Why the record cannot be stored in a member directory, if it cannot: it needs a member
    /// id, and a loyalty number or an email to be found by.
    ///
    /// ```
    /// use triplink_core::matching::MemberRecord;
    /// let m = MemberRecord { member_id: "m1".into(), ..Default::default() };
    /// assert_eq!(m.problem(), Some("neither a loyalty number nor an email"));
    /// ```
    pub fn problem(&self) -> Option<&'static str> {
        let blank = |s: &Option<String>| s.as_deref().is_none_or(|s| s.trim().is_empty());
        if self.member_id.trim().is_empty() {
            Some("no member id")
        } else if blank(&self.loyalty_number) && self.emails.iter().all(|e| e.trim().is_empty()) {
            Some("neither a loyalty number nor an email")
        } else {
            None
        }
    }
}

/// What a connection request says about the user, as the matching rules read it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct MatchRequest {
    /// First name.
    pub first_name: Option<String>,
    /// Middle name.
    pub middle_name: Option<String>,
    /// Last name.
    pub last_name: Option<String>,
    /// Loyalty number.
    pub loyalty_number: Option<String>,
    /// Verified emails (email1..email5, nils dropped).
    pub emails: Vec<String>,
}

impl From<&ConnectionRequest> for MatchRequest {
    fn from(r: &ConnectionRequest) -> Self {
        MatchRequest {
            first_name: r.first_name.clone(),
            middle_name: r.middle_name.clone(),
            last_name: r.last_name.clone(),
            loyalty_number: r.loyalty_number.clone(),
            emails: r.emails().map(str::to_owned).collect(),
        }
    }
}

/// The directory could not answer: the request is retried later (CRRET), not failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DirectoryError {
    /// The directory is down or refused the query.
    #[error("member directory unavailable: {0}")]
    Unavailable(String),
    /// The lookup took too long.
    #[error("member directory lookup timed out")]
    Timeout,
}

/// Looks members up by normalised key. Keys are made with the policy's
/// [`super::MatchPolicy::loyalty_key`] and [`super::normalize::normalize_email`], so the host
/// stores (or indexes) the same normalised values.
#[cfg_attr(not(target_arch = "wasm32"), async_trait::async_trait)]
#[cfg_attr(target_arch = "wasm32", async_trait::async_trait(?Send))]
pub trait MemberDirectory: MaybeSendSync {
    /// Members whose normalised loyalty number is `key`.
    async fn find_by_loyalty(&self, key: &str) -> Result<Vec<MemberRecord>, DirectoryError>;
    /// Members with the normalised verified email `key`.
    async fn find_by_email(&self, key: &str) -> Result<Vec<MemberRecord>, DirectoryError>;
}
