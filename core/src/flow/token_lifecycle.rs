//! Token lifecycle decisions, pure and clocked by `now`: use or refresh an access token, and
//! refuse short-lived tokens (connection-request token 15 min, company request token 24 h and
//! 5 uses) before a doomed request is sent.

use crate::error::{Result, TriplinkError};
use crate::model::connection_request::REQUEST_TOKEN_LIFETIME_SECS;
use crate::model::token::{COMPANY_REQUEST_TOKEN_LIFETIME_SECS, COMPANY_REQUEST_TOKEN_MAX_USES};
use crate::model::TokenSet;
use crate::Secret;
use serde::{Deserialize, Serialize};

/// Default margin before expiry at which an access token is refreshed: 5 minutes.
pub const DEFAULT_REFRESH_SKEW_SECS: u64 = 300;

/// What to do with stored tokens at `now`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccessAction {
    /// The access token is good: use it.
    Use,
    /// Refresh first (expired or within the skew, and a refresh token is usable).
    Refresh,
    /// Nothing usable: the user or company must authorise again.
    Reauthorize,
}

/// Decides what to do with `tokens` at `now`.
pub fn access_action(tokens: &TokenSet, now: u64, skew_secs: u64) -> AccessAction {
    if !tokens.access_expired(now, skew_secs) {
        AccessAction::Use
    } else if tokens.can_refresh(now) {
        AccessAction::Refresh
    } else if !tokens.access_expired(now, 0) {
        // Inside the skew without a refresh token: still usable for now.
        AccessAction::Use
    } else {
        AccessAction::Reauthorize
    }
}

/// The set to persist after a refresh of `current` returned `granted`: the new refresh token
/// always overwrites the old one (it rotates); when the answer carries none, the old refresh
/// token and its expiry are kept, and so is the old geolocation when the answer names none.
/// Pure, so the persist-before-use rule in the driver has nothing left to decide.
pub fn rotate(current: &TokenSet, mut granted: TokenSet) -> TokenSet {
    if granted.refresh_token.is_none() {
        granted.refresh_token = current.refresh_token.clone();
        granted.refresh_expires_at = granted.refresh_expires_at.or(current.refresh_expires_at);
    }
    if granted.geolocation.is_none() {
        granted.geolocation = current.geolocation.clone();
    }
    if granted.id_token.is_none() {
        granted.id_token = current.id_token.clone();
    }
    granted
}

/// Refuses a connection-request token older than 15 minutes (`issued_at`: Unix seconds; the
/// request's `lastModified` is the best published proxy).
pub fn check_request_token(issued_at: i64, now: i64) -> Result<()> {
    if now >= issued_at.saturating_add(REQUEST_TOKEN_LIFETIME_SECS) {
        Err(TriplinkError::TokenExpired {
            what: "connection request token (15 minute lifetime)".into(),
        })
    } else {
        Ok(())
    }
}

/// A company request token with its issue time and use count (24 h, at most 5 uses).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyRequestToken {
    /// The token.
    pub token: Secret,
    /// When it was issued (Unix seconds).
    pub issued_at: u64,
    /// How many times it was sent so far.
    pub uses: u32,
}

impl CompanyRequestToken {
    /// A fresh token issued at `issued_at`.
    pub fn new(token: Secret, issued_at: u64) -> Self {
        CompanyRequestToken {
            token,
            issued_at,
            uses: 0,
        }
    }

    /// Checks it is still usable at `now` and counts one use.
    pub fn take_use(&mut self, now: u64) -> Result<&Secret> {
        if now
            >= self
                .issued_at
                .saturating_add(COMPANY_REQUEST_TOKEN_LIFETIME_SECS)
        {
            return Err(TriplinkError::TokenExpired {
                what: "company request token (24 hour lifetime)".into(),
            });
        }
        if self.uses >= COMPANY_REQUEST_TOKEN_MAX_USES {
            return Err(TriplinkError::TokenExpired {
                what: "company request token (used 5 times)".into(),
            });
        }
        self.uses += 1;
        Ok(&self.token)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    fn set(expires_at: u64, refresh: bool, refresh_expires_at: Option<u64>) -> TokenSet {
        TokenSet {
            access_token: Secret::new("a"),
            token_type: "Bearer".into(),
            expires_at,
            refresh_token: refresh.then(|| Secret::new("r")),
            refresh_expires_at,
            scope: None,
            id_token: None,
            geolocation: None,
        }
    }

    #[test]
    fn access_actions_to_the_second() {
        let t = set(10_000, true, Some(20_000));
        assert_eq!(access_action(&t, 9_699, 300), AccessAction::Use);
        assert_eq!(access_action(&t, 9_700, 300), AccessAction::Refresh);
        assert_eq!(access_action(&t, 19_999, 300), AccessAction::Refresh);
        assert_eq!(access_action(&t, 20_000, 300), AccessAction::Reauthorize);
        let no_refresh = set(10_000, false, None);
        assert_eq!(access_action(&no_refresh, 9_800, 300), AccessAction::Use);
        assert_eq!(
            access_action(&no_refresh, 10_000, 300),
            AccessAction::Reauthorize
        );
    }

    #[test]
    fn rotation_overwrites_the_refresh_token_or_keeps_the_old_one() {
        let mut current = set(10, true, Some(500));
        current.geolocation = Some("https://us.api.concursolutions.com".into());
        let mut rotated = set(4_000, false, None);
        rotated.refresh_token = Some(Secret::new("r2"));
        rotated.geolocation = Some("https://eu2.api.concursolutions.com".into());
        let next = rotate(&current, rotated.clone());
        assert_eq!(next, rotated, "a rotated answer is taken whole");
        let next = rotate(&current, set(4_000, false, None));
        assert_eq!(next.refresh_token, Some(Secret::new("r")));
        assert_eq!(next.refresh_expires_at, Some(500));
        assert_eq!(next.expires_at, 4_000);
        assert_eq!(
            next.geolocation.as_deref(),
            Some("https://us.api.concursolutions.com")
        );
    }

    #[test]
    fn request_token_lives_fifteen_minutes() {
        assert!(check_request_token(1_000, 1_899).is_ok());
        let e = check_request_token(1_000, 1_900).unwrap_err();
        assert_eq!(e.code(), ErrorCode::TokenExpired);
    }

    #[test]
    fn company_token_expires_after_a_day_or_five_uses() {
        let mut c = CompanyRequestToken::new(Secret::new("ct"), 0);
        for _ in 0..5 {
            assert!(c.take_use(100).is_ok());
        }
        assert_eq!(c.take_use(100).unwrap_err().code(), ErrorCode::TokenExpired);
        let mut c = CompanyRequestToken::new(Secret::new("ct"), 0);
        assert!(c.take_use(86_399).is_ok());
        assert!(c.take_use(86_400).is_err());
        assert!(!format!("{c:?}").contains("ct\""));
    }
}
