//! Retry and backoff decisions as a pure function: which outcomes are retried, how long to
//! wait (exponential backoff with host-supplied jitter, `Retry-After` honoured in seconds or
//! as an HTTP date), and the rule that a call which may have reached the server is repeated
//! only when repeating is safe.

use crate::transport::{HttpResponse, TransportError, TransportErrorKind};
use serde::{Deserialize, Serialize};

/// Declared on each request by its builder ([`HttpRequest::retry_safety`](crate::transport::HttpRequest::retry_safety)).
pub use crate::transport::RetrySafety;

/// How many times and how patiently to retry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (1 = never retry).
    pub max_attempts: u32,
    /// The first backoff delay, in milliseconds; doubled on each further attempt.
    pub base_delay_ms: u64,
    /// Cap on one computed backoff delay.
    pub max_delay_ms: u64,
    /// Cap on a server's `Retry-After`; a longer demand gives up instead of waiting.
    pub max_retry_after_ms: u64,
    /// Total time one call may take, attempts and waits included (`None`: no limit). Each
    /// attempt's timeout is cut to what is left, and no retry starts that would end past it.
    #[serde(default)]
    pub total_deadline_ms: Option<u64>,
}

impl Default for RetryPolicy {
    /// 4 attempts, 500 ms doubling to at most 30 s; `Retry-After` up to 5 minutes (the docs ask
    /// clients to wait 5 minutes after a 503 maintenance answer); no total deadline (hosts with
    /// a clock set one: `triplink::runtime::native_executor` uses 45 s).
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            base_delay_ms: 500,
            max_delay_ms: 30_000,
            max_retry_after_ms: 300_000,
            total_deadline_ms: None,
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn never() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }
}

/// What happened on one attempt.
#[derive(Clone, Copy, Debug)]
pub enum AttemptOutcome<'a> {
    /// A complete response arrived (any status).
    Response(&'a HttpResponse),
    /// No complete response arrived.
    Failed(&'a TransportError),
}

/// What to do after an attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetryDecision {
    /// Keep this outcome: success, or a failure that retrying cannot fix.
    Stop,
    /// Wait this long, then send the same request again.
    RetryAfterMs(u64),
    /// The outcome was retryable but the budget (attempts or `Retry-After` cap) is spent.
    GiveUp,
}

/// Decides what to do after attempt number `attempt` (1-based).
///
/// Retried: connection failures (never reached the server) always; timeouts and broken
/// connections, and HTTP 500, only when `safety` is [`RetrySafety::SafeToRepeat`]; HTTP 429 and
/// 503 always (the server refused the work). `jitter` is a host-supplied number in `[0, 1)`:
/// the delay is the exponential backoff scaled into `[50 %, 100 %)` of itself. A `Retry-After`
/// (seconds) replaces the backoff when it is longer.
///
/// ```
/// use triplink_core::flow::retry::*;
/// use triplink_core::transport::HttpResponse;
/// let p = RetryPolicy::default();
/// let busy = HttpResponse::new(503, "");
/// assert_eq!(decide(&p, 1, RetrySafety::NotSafeToRepeat, AttemptOutcome::Response(&busy), 0.0),
///            RetryDecision::RetryAfterMs(250));
/// let ok = HttpResponse::new(200, "");
/// assert_eq!(decide(&p, 1, RetrySafety::SafeToRepeat, AttemptOutcome::Response(&ok), 0.5),
///            RetryDecision::Stop);
/// ```
pub fn decide(
    policy: &RetryPolicy,
    attempt: u32,
    safety: RetrySafety,
    outcome: AttemptOutcome<'_>,
    jitter: f64,
) -> RetryDecision {
    decide_at(policy, attempt, safety, outcome, jitter, None)
}

/// [`decide`] knowing the time (`now_ms`, Unix milliseconds): a `Retry-After` given as an
/// HTTP date counts too (without the time only the seconds form does).
pub fn decide_at(
    policy: &RetryPolicy,
    attempt: u32,
    safety: RetrySafety,
    outcome: AttemptOutcome<'_>,
    jitter: f64,
    now_ms: Option<u64>,
) -> RetryDecision {
    let safe = safety == RetrySafety::SafeToRepeat;
    let (retryable, retry_after_ms) = match outcome {
        AttemptOutcome::Failed(e) => match e.kind {
            // A TLS failure is a configuration problem: the same handshake fails again.
            TransportErrorKind::Tls | TransportErrorKind::Cancelled => (false, None),
            k if k.before_sending() => (true, None),
            _ => (safe, None),
        },
        AttemptOutcome::Response(r) => match r.status {
            429 | 503 => (true, retry_after_ms(r, now_ms)),
            500 | 502 | 504 => (safe, retry_after_ms(r, now_ms)),
            _ => (false, None),
        },
    };
    if !retryable {
        return RetryDecision::Stop;
    }
    if attempt >= policy.max_attempts {
        return RetryDecision::GiveUp;
    }
    let backoff = backoff_ms(policy, attempt, jitter);
    match retry_after_ms {
        Some(ra) if ra > policy.max_retry_after_ms => RetryDecision::GiveUp,
        Some(ra) => RetryDecision::RetryAfterMs(ra.max(backoff)),
        None => RetryDecision::RetryAfterMs(backoff),
    }
}

/// The jittered exponential backoff before attempt `attempt + 1`.
pub fn backoff_ms(policy: &RetryPolicy, attempt: u32, jitter: f64) -> u64 {
    let exp = attempt.saturating_sub(1).min(32);
    let raw = policy
        .base_delay_ms
        .saturating_mul(1u64 << exp)
        .min(policy.max_delay_ms);
    let j = if jitter.is_finite() {
        jitter.clamp(0.0, 1.0)
    } else {
        0.0
    };
    // Scale into [50 %, 100 %] of the raw delay: never zero, never more than the cap.
    let scaled = (raw as f64) * (0.5 + 0.5 * j);
    (scaled as u64).min(raw)
}

/// The response's `Retry-After` in milliseconds: delay-seconds, or (when `now_ms` is known)
/// an HTTP date minus now, 0 when it is past. The date forms of RFC 9110 10.2.3 / 5.6.7:
/// IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) and asctime (`Sun Nov  6 08:49:37 1994`).
///
/// ```
/// use triplink_core::flow::retry::retry_after_ms;
/// use triplink_core::transport::HttpResponse;
/// let r = HttpResponse::new(503, "").with_header("Retry-After", "Sun, 06 Nov 1994 08:49:37 GMT");
/// let now = 784_111_777_000 - 30_000; // 30 s before that date
/// assert_eq!(retry_after_ms(&r, Some(now)), Some(30_000));
/// assert_eq!(retry_after_ms(&r, None), None);
/// ```
pub fn retry_after_ms(r: &HttpResponse, now_ms: Option<u64>) -> Option<u64> {
    if let Some(secs) = r.retry_after_secs() {
        return Some(secs.saturating_mul(1000));
    }
    let v = r.header("retry-after")?.trim();
    let at_ms = http_date_ms(v)?;
    Some(at_ms.saturating_sub(now_ms?))
}

/// An HTTP date (GMT) as Unix milliseconds.
fn http_date_ms(v: &str) -> Option<u64> {
    use time::macros::format_description;
    let imf = format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    let asctime = format_description!(
        "[weekday repr:short] [month repr:short] [day padding:space] [hour]:[minute]:[second] [year]"
    );
    let at = time::PrimitiveDateTime::parse(v, imf)
        .or_else(|_| time::PrimitiveDateTime::parse(v, asctime))
        .ok()?;
    let ms = at.assume_utc().unix_timestamp_nanos() / 1_000_000;
    u64::try_from(ms).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(status: u16) -> HttpResponse {
        HttpResponse::new(status, "")
    }

    #[test]
    fn decision_table() {
        let p = RetryPolicy::default();
        let safe = RetrySafety::SafeToRepeat;
        let unsafe_ = RetrySafety::NotSafeToRepeat;
        let timeout = TransportError::new(TransportErrorKind::Timeout, "t");
        let connect = TransportError::new(TransportErrorKind::Connect, "c");
        let io = TransportError::new(TransportErrorKind::Io, "i");
        let cancelled = TransportError::new(TransportErrorKind::Cancelled, "x");
        let dns = TransportError::new(TransportErrorKind::Dns, "d");
        let refused = TransportError::new(TransportErrorKind::Refused, "r");
        let connect_timeout = TransportError::new(TransportErrorKind::ConnectTimeout, "ct");
        let tls = TransportError::new(TransportErrorKind::Tls, "tls");
        let read_timeout = TransportError::new(TransportErrorKind::ReadTimeout, "rt");
        use AttemptOutcome::*;
        use RetryDecision::*;
        let cases: Vec<(AttemptOutcome, RetrySafety, RetryDecision)> = vec![
            (Failed(&connect), unsafe_, RetryAfterMs(500)),
            (Failed(&timeout), safe, RetryAfterMs(500)),
            (Failed(&timeout), unsafe_, Stop),
            (Failed(&io), unsafe_, Stop),
            (Failed(&io), safe, RetryAfterMs(500)),
            (Failed(&cancelled), safe, Stop),
            (Failed(&dns), unsafe_, RetryAfterMs(500)),
            (Failed(&refused), unsafe_, RetryAfterMs(500)),
            (Failed(&connect_timeout), unsafe_, RetryAfterMs(500)),
            (Failed(&tls), safe, Stop),
            (Failed(&read_timeout), unsafe_, Stop),
            (Failed(&read_timeout), safe, RetryAfterMs(500)),
        ];
        for (o, s, want) in cases {
            assert_eq!(decide(&p, 1, s, o, 1.0), want, "{o:?} {s:?}");
        }
        for (status, s, want) in [
            (200, safe, Stop),
            (204, unsafe_, Stop),
            (400, safe, Stop),
            (401, safe, Stop),
            (404, safe, Stop),
            (429, unsafe_, RetryAfterMs(500)),
            (503, unsafe_, RetryAfterMs(500)),
            (500, safe, RetryAfterMs(500)),
            (500, unsafe_, Stop),
        ] {
            assert_eq!(
                decide(&p, 1, s, Response(&resp(status)), 1.0),
                want,
                "{status}"
            );
        }
    }

    #[test]
    fn backoff_doubles_with_cap_and_jitter_scales_down_only() {
        let p = RetryPolicy::default();
        assert_eq!(backoff_ms(&p, 1, 1.0), 500);
        assert_eq!(backoff_ms(&p, 2, 1.0), 1000);
        assert_eq!(backoff_ms(&p, 3, 1.0), 2000);
        assert_eq!(backoff_ms(&p, 20, 1.0), 30_000);
        assert_eq!(backoff_ms(&p, 1, 0.0), 250);
        assert_eq!(backoff_ms(&p, 1, f64::NAN), 250);
        assert_eq!(backoff_ms(&p, u32::MAX, 0.99), 29_850);
    }

    #[test]
    fn retry_after_is_honoured_and_capped() {
        let p = RetryPolicy::default();
        let r = resp(429).with_header("Retry-After", "7");
        let o = AttemptOutcome::Response(&r);
        assert_eq!(
            decide(&p, 1, RetrySafety::NotSafeToRepeat, o, 0.0),
            RetryDecision::RetryAfterMs(7000)
        );
        let long = resp(503).with_header("Retry-After", "3600");
        let o = AttemptOutcome::Response(&long);
        assert_eq!(
            decide(&p, 1, RetrySafety::SafeToRepeat, o, 0.0),
            RetryDecision::GiveUp
        );
    }

    #[test]
    fn retry_after_as_an_http_date_counts_when_the_time_is_known() {
        let p = RetryPolicy::default();
        // 784111777 = Sun, 06 Nov 1994 08:49:37 GMT.
        let at = 784_111_777_000u64;
        for form in ["Sun, 06 Nov 1994 08:49:37 GMT", "Sun Nov  6 08:49:37 1994"] {
            let r = resp(503).with_header("Retry-After", form);
            let o = AttemptOutcome::Response(&r);
            let s = RetrySafety::SafeToRepeat;
            assert_eq!(
                decide_at(&p, 1, s, o, 1.0, Some(at - 7_000)),
                RetryDecision::RetryAfterMs(7_000),
                "{form}"
            );
            // A date in the past: the backoff alone.
            assert_eq!(
                decide_at(&p, 1, s, o, 1.0, Some(at + 1)),
                RetryDecision::RetryAfterMs(500)
            );
            // Further than the cap: give up rather than wait.
            assert_eq!(
                decide_at(&p, 1, s, o, 1.0, Some(at - 3_600_000)),
                RetryDecision::GiveUp
            );
            // Without the time the date is ignored.
            assert_eq!(decide(&p, 1, s, o, 1.0), RetryDecision::RetryAfterMs(500));
        }
        for junk in ["Sun, 06 Nov 1994 08:49:37 PST", "tomorrow", "-5", "1.5", ""] {
            let r = resp(503).with_header("Retry-After", junk);
            assert_eq!(retry_after_ms(&r, Some(at)), None, "{junk}");
        }
    }

    #[test]
    fn attempts_are_bounded() {
        let p = RetryPolicy::default();
        let r = resp(503);
        let o = AttemptOutcome::Response(&r);
        assert!(matches!(
            decide(&p, 3, RetrySafety::SafeToRepeat, o, 0.0),
            RetryDecision::RetryAfterMs(_)
        ));
        assert_eq!(
            decide(&p, 4, RetrySafety::SafeToRepeat, o, 0.0),
            RetryDecision::GiveUp
        );
        assert_eq!(
            decide(&RetryPolicy::never(), 1, RetrySafety::SafeToRepeat, o, 0.0),
            RetryDecision::GiveUp
        );
    }
}
