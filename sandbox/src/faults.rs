//! Fault injection per route: latency, error statuses, 429 with `Retry-After`, dropped
//! connections, malformed bodies and expired tokens, each for the next N matching calls — and
//! lost responses: the handler acts (a token is exchanged, a refresh token rotated, a status
//! stored), then the caller gets a dropped connection, an error status or no answer in time.

use serde::{Deserialize, Serialize};
use std::sync::Mutex;

/// What goes wrong.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FaultKind {
    /// Answer normally, but only after this many milliseconds.
    Latency {
        /// Delay in milliseconds.
        ms: u64,
    },
    /// Answer with this status (e.g. 500, 503) and a classic error body.
    Status {
        /// The HTTP status.
        status: u16,
    },
    /// Answer 429 with `Retry-After: secs`.
    RateLimit {
        /// The `Retry-After` value.
        retry_after_secs: u64,
    },
    /// Answer 503 with `Retry-After` as an HTTP date (IMF-fixdate) this many seconds after
    /// the wall-clock time of the answer.
    UnavailableUntil {
        /// Seconds from now.
        secs: u64,
    },
    /// Send headers, then break the connection before the body completes.
    Drop,
    /// Answer 200 with a truncated, unparseable body.
    Malformed,
    /// Treat the caller's access token as expired (401).
    ExpiredToken,
    /// Let the handler act, then break the connection instead of sending its answer.
    DropAfter,
    /// Let the handler act, then answer this status (e.g. 500, 504) instead of its answer.
    StatusAfter {
        /// The HTTP status sent in place of the real answer.
        status: u16,
    },
    /// Let the handler act, then hold its answer this many milliseconds (past the caller's
    /// timeout, typically).
    LatencyAfter {
        /// Delay in milliseconds.
        ms: u64,
    },
}

impl FaultKind {
    /// Whether the handler runs (and acts) before this fault shows.
    pub fn after_handler(&self) -> bool {
        matches!(
            self,
            FaultKind::DropAfter | FaultKind::StatusAfter { .. } | FaultKind::LatencyAfter { .. }
        )
    }
}

/// A fault for the next `times` requests whose method and path match.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fault {
    /// Method to match (`GET`, `PUT`, ...), or `None` for any.
    pub method: Option<String>,
    /// Path prefix to match, e.g. `/api/v3.2/common/connectionrequests`.
    pub path_prefix: String,
    /// What happens.
    pub kind: FaultKind,
    /// How many matching requests it affects.
    pub times: u32,
    /// Only requests whose body contains this text match, e.g. `grant_type=refresh_token` or
    /// `credtype=authtoken` (the exchange) on the token endpoint; `None` for any body.
    #[serde(default)]
    pub body_contains: Option<String>,
}

impl Fault {
    /// A fault for the next `times` requests (any method) whose path starts with `path_prefix`.
    pub fn on(path_prefix: &str, kind: FaultKind, times: u32) -> Fault {
        Fault {
            method: None,
            path_prefix: path_prefix.to_owned(),
            kind,
            times,
            body_contains: None,
        }
    }

    /// The same fault, matching only requests whose body contains `text`.
    pub fn with_body(mut self, text: &str) -> Fault {
        self.body_contains = Some(text.to_owned());
        self
    }
}

/// The armed faults.
#[derive(Debug, Default)]
pub struct Faults {
    armed: Mutex<Vec<Fault>>,
}

impl Faults {
    /// Arms a fault.
    pub fn inject(&self, fault: Fault) {
        self.armed
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(fault);
    }

    /// Removes every fault.
    pub fn clear(&self) {
        self.armed.lock().unwrap_or_else(|p| p.into_inner()).clear();
    }

    /// Whether any armed fault looks at request bodies.
    pub fn needs_body(&self) -> bool {
        self.armed
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .any(|f| f.body_contains.is_some())
    }

    /// Takes one use of the first fault matching this request.
    pub fn take(&self, method: &str, path: &str, body: &[u8]) -> Option<FaultKind> {
        let mut armed = self.armed.lock().unwrap_or_else(|p| p.into_inner());
        let i = armed.iter().position(|f| {
            f.times > 0
                && path.starts_with(&f.path_prefix)
                && f.method
                    .as_deref()
                    .map(|m| m.eq_ignore_ascii_case(method))
                    .unwrap_or(true)
                && f.body_contains
                    .as_deref()
                    .map(|t| contains(body, t.as_bytes()))
                    .unwrap_or(true)
        })?;
        armed[i].times -= 1;
        let kind = armed[i].kind.clone();
        if armed[i].times == 0 {
            armed.remove(i);
        }
        Some(kind)
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    needle.is_empty() || haystack.windows(needle.len()).any(|w| w == needle)
}
