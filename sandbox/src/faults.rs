//! Fault injection per route: latency, error statuses, 429 with `Retry-After`, dropped
//! connections, malformed bodies and expired tokens, each for the next N matching calls.

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
    /// Send headers, then break the connection before the body completes.
    Drop,
    /// Answer 200 with a truncated, unparseable body.
    Malformed,
    /// Treat the caller's access token as expired (401).
    ExpiredToken,
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

    /// Takes one use of the first fault matching this request.
    pub fn take(&self, method: &str, path: &str) -> Option<FaultKind> {
        let mut armed = self.armed.lock().unwrap_or_else(|p| p.into_inner());
        let i = armed.iter().position(|f| {
            f.times > 0
                && path.starts_with(&f.path_prefix)
                && f.method
                    .as_deref()
                    .map(|m| m.eq_ignore_ascii_case(method))
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
