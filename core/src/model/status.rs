//! Connection-request status codes (the PUT body), with their documented meaning and
//! re-queue rules as data (NOTES 1.2, from the v3.2 connection-requests doc and swaggers).

use serde::{Deserialize, Serialize};
use std::fmt;

/// How Concur re-queues a request after this status: after `delay_secs`, at most
/// `max_requeues` times, then the request is finally failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequeuePolicy {
    /// Seconds until the request is offered again.
    pub delay_secs: u64,
    /// How many times it is offered again at most.
    pub max_requeues: u32,
}

/// A connection status a supplier PUTs back. Unknown codes are kept as `Other`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum StatusCode {
    /// CRSUC: connected successfully (Concur emails the user).
    Crsuc,
    /// CREU1: loyalty account not found.
    Creu1,
    /// CREU2: loyalty account does not match (name).
    Creu2,
    /// CREU3: loyalty account needs attention.
    Creu3,
    /// CRRET: retry the connection later (no email).
    Crret,
    /// CRPA1: the request token expired.
    Crpa1,
    /// CRPA2: network error.
    Crpa2,
    /// A code this SDK does not know yet.
    Other(String),
}

const DAY: u64 = 24 * 3600;

impl StatusCode {
    /// Every documented code, in documentation order.
    pub const DOCUMENTED: [StatusCode; 7] = [
        StatusCode::Crsuc,
        StatusCode::Creu1,
        StatusCode::Creu2,
        StatusCode::Creu3,
        StatusCode::Crret,
        StatusCode::Crpa1,
        StatusCode::Crpa2,
    ];

    /// The code as it goes on the wire.
    pub fn as_str(&self) -> &str {
        match self {
            StatusCode::Crsuc => "CRSUC",
            StatusCode::Creu1 => "CREU1",
            StatusCode::Creu2 => "CREU2",
            StatusCode::Creu3 => "CREU3",
            StatusCode::Crret => "CRRET",
            StatusCode::Crpa1 => "CRPA1",
            StatusCode::Crpa2 => "CRPA2",
            StatusCode::Other(s) => s,
        }
    }

    /// Parses a code (case-insensitive for documented codes; anything else is `Other`).
    pub fn parse(code: &str) -> StatusCode {
        let t = code.trim();
        StatusCode::DOCUMENTED
            .iter()
            .find(|c| c.as_str().eq_ignore_ascii_case(t))
            .cloned()
            .unwrap_or_else(|| StatusCode::Other(t.to_owned()))
    }

    /// The documented meaning.
    pub fn meaning(&self) -> &'static str {
        match self {
            StatusCode::Crsuc => "connected successfully",
            StatusCode::Creu1 => "loyalty account not found",
            StatusCode::Creu2 => "loyalty account does not match",
            StatusCode::Creu3 => "loyalty account needs attention",
            StatusCode::Crret => "retry connection later",
            StatusCode::Crpa1 => "request token has expired",
            StatusCode::Crpa2 => "network error",
            StatusCode::Other(_) => "status code not documented",
        }
    }

    /// The documented re-queue rule: CREU1–3 after 24 h at most 4 times, CRRET after 1 h at
    /// most 48 times; `None` for final statuses (v3.2 doc, NOTES 1.2).
    pub fn requeue_policy(&self) -> Option<RequeuePolicy> {
        match self {
            StatusCode::Creu1 | StatusCode::Creu2 | StatusCode::Creu3 => Some(RequeuePolicy {
                delay_secs: DAY,
                max_requeues: 4,
            }),
            StatusCode::Crret => Some(RequeuePolicy {
                delay_secs: 3600,
                max_requeues: 48,
            }),
            _ => None,
        }
    }

    /// True when Concur emails the user about this status (CRSUC and CREU1–3).
    pub fn emails_user(&self) -> bool {
        matches!(
            self,
            StatusCode::Crsuc | StatusCode::Creu1 | StatusCode::Creu2 | StatusCode::Creu3
        )
    }
}

impl fmt::Display for StatusCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for StatusCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for StatusCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Ok(StatusCode::parse(&s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_codes_round_trip_and_unknown_is_kept() {
        for c in StatusCode::DOCUMENTED {
            assert_eq!(StatusCode::parse(c.as_str()), c);
        }
        assert_eq!(StatusCode::parse("crsuc"), StatusCode::Crsuc);
        assert_eq!(
            StatusCode::parse("CRNEW"),
            StatusCode::Other("CRNEW".into())
        );
        let json = serde_json::to_string(&StatusCode::Creu2).unwrap();
        assert_eq!(json, "\"CREU2\"");
    }

    #[test]
    fn requeue_rules_are_the_documented_ones() {
        let p = StatusCode::Creu1.requeue_policy().unwrap();
        assert_eq!((p.delay_secs, p.max_requeues), (86_400, 4));
        let p = StatusCode::Crret.requeue_policy().unwrap();
        assert_eq!((p.delay_secs, p.max_requeues), (3_600, 48));
        assert!(StatusCode::Crsuc.requeue_policy().is_none());
        assert!(StatusCode::Crpa1.requeue_policy().is_none());
        assert!(StatusCode::Creu3.emails_user() && !StatusCode::Crret.emails_user());
    }
}
