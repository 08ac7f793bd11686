//! `HttpExecutor`: sends one request through the host transport, retrying per the pure
//! [`crate::flow::retry`] rules with host-supplied sleeping and jitter.

use super::runtime::{Clock, Jitter, Sleeper};
use crate::error::{Result, TriplinkError};
use crate::flow::retry::{decide, AttemptOutcome, RetryDecision, RetryPolicy};
use crate::transport::{HttpRequest, HttpResponse, Transport, TransportError};
use std::sync::Arc;

/// Sends requests with retries. A non-2xx answer is returned as a response (parsers turn it
/// into a typed error); only a transport failure that retries could not fix is an error.
#[derive(Clone)]
pub struct HttpExecutor {
    transport: Arc<dyn Transport>,
    sleeper: Arc<dyn Sleeper>,
    jitter: Arc<dyn Jitter>,
    policy: RetryPolicy,
    /// Measures the policy's total deadline (no deadline without a clock).
    clock: Option<Arc<dyn Clock>>,
}

impl std::fmt::Debug for HttpExecutor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpExecutor")
            .field("policy", &self.policy)
            .finish_non_exhaustive()
    }
}

/// The final answer of [`HttpExecutor::send`] with how many attempts it took.
#[derive(Clone, Debug)]
pub struct Exchange {
    /// The last response received.
    pub response: HttpResponse,
    /// Attempts made, the first included.
    pub attempts: u32,
}

impl HttpExecutor {
    /// An executor over the host's transport, sleeper and jitter source.
    pub fn new(
        transport: Arc<dyn Transport>,
        sleeper: Arc<dyn Sleeper>,
        jitter: Arc<dyn Jitter>,
        policy: RetryPolicy,
    ) -> Self {
        HttpExecutor {
            transport,
            sleeper,
            jitter,
            policy,
            clock: None,
        }
    }

    /// The same executor measuring time with `clock`, which enforces the retry policy's
    /// `total_deadline_ms` (ignored without a clock).
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = Some(clock);
        self
    }

    /// The retry policy in force.
    pub fn policy(&self) -> &RetryPolicy {
        &self.policy
    }

    /// The host's sleeper (for waits outside the retry loop).
    pub fn sleeper(&self) -> &Arc<dyn Sleeper> {
        &self.sleeper
    }

    /// The underlying transport (for calls that must not be retried by this layer).
    pub fn transport(&self) -> &Arc<dyn Transport> {
        &self.transport
    }

    /// Sends `request`, retrying what the rules allow for the retry safety its builder
    /// declared on it ([`HttpRequest::retry_safety`]).
    pub async fn send(&self, request: HttpRequest) -> Result<Exchange> {
        let safety = request.retry_safety;
        let mut attempt = 1u32;
        let deadline = match (&self.clock, self.policy.total_deadline_ms) {
            (Some(c), Some(ms)) => Some((c.clone(), c.now_ms().saturating_add(ms), ms)),
            _ => None,
        };
        loop {
            let mut this_try = request.clone();
            if let Some((clock, end, _)) = &deadline {
                // The attempt gets what is left of the call's deadline, at most.
                let left = end.saturating_sub(clock.now_ms()).max(1);
                this_try.timeout_ms = Some(this_try.timeout_ms.map_or(left, |t| t.min(left)));
            }
            let outcome = self.transport.send(this_try).await;
            let decision = match &outcome {
                Ok(r) => decide(
                    &self.policy,
                    attempt,
                    safety,
                    AttemptOutcome::Response(r),
                    self.jitter.unit(),
                ),
                Err(e) => decide(
                    &self.policy,
                    attempt,
                    safety,
                    AttemptOutcome::Failed(e),
                    self.jitter.unit(),
                ),
            };
            let past_deadline = |wait: u64| {
                deadline
                    .as_ref()
                    .map(|(clock, end, _)| clock.now_ms().saturating_add(wait) >= *end)
                    .unwrap_or(false)
            };
            match (decision, outcome) {
                (RetryDecision::RetryAfterMs(ms), Err(e)) if past_deadline(ms) => {
                    let total = deadline.as_ref().map(|d| d.2).unwrap_or(0);
                    return Err(TriplinkError::Transport(TransportError::new(
                        e.kind,
                        format!(
                            "{} (gave up after {attempt} attempt(s): the call's {total} ms \
                             deadline is spent)",
                            e.message
                        ),
                    )));
                }
                (RetryDecision::RetryAfterMs(ms), Ok(response)) if past_deadline(ms) => {
                    return Ok(Exchange {
                        response,
                        attempts: attempt,
                    })
                }
                (RetryDecision::RetryAfterMs(ms), _) => {
                    self.sleeper.sleep_ms(ms).await;
                    attempt += 1;
                }
                (_, Ok(response)) => {
                    return Ok(Exchange {
                        response,
                        attempts: attempt,
                    })
                }
                (_, Err(e)) => return Err(TriplinkError::Transport(e)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::{FixedJitter, ManualClock, RecordingSleeper};
    use crate::transport::{Method, RetrySafety, ScriptedTransport, TransportErrorKind};

    fn block_on<F: std::future::Future>(f: F) -> F::Output {
        use std::task::{Context, Poll, Waker};
        let mut f = std::pin::pin!(f);
        let mut cx = Context::from_waker(Waker::noop());
        loop {
            if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
                return v;
            }
        }
    }

    fn setup() -> (Arc<ScriptedTransport>, Arc<RecordingSleeper>, HttpExecutor) {
        let t = Arc::new(ScriptedTransport::new());
        let s = Arc::new(RecordingSleeper::new(Arc::new(ManualClock::new(0))));
        let ex = HttpExecutor::new(
            t.clone(),
            s.clone(),
            Arc::new(FixedJitter(1.0)),
            RetryPolicy::default(),
        );
        (t, s, ex)
    }

    #[test]
    fn retries_503_then_429_with_retry_after_then_succeeds() {
        let (t, s, ex) = setup();
        t.push_response(HttpResponse::new(503, ""));
        t.push_response(HttpResponse::new(429, "").with_header("Retry-After", "3"));
        t.push_response(HttpResponse::new(200, "ok"));
        let req = HttpRequest::new(Method::Post, "https://x.test/a");
        let ex = block_on(ex.send(req.with_retry_safety(RetrySafety::NotSafeToRepeat))).unwrap();
        assert_eq!((ex.response.status, ex.attempts), (200, 3));
        assert_eq!(s.slept(), vec![500, 3000]);
        assert_eq!(t.requests().len(), 3);
    }

    #[test]
    fn timeout_on_unsafe_post_is_not_repeated() {
        let (t, s, ex) = setup();
        t.push_failure(TransportErrorKind::Timeout, "slow");
        let req = HttpRequest::new(Method::Post, "https://x.test/a");
        let err =
            block_on(ex.send(req.with_retry_safety(RetrySafety::NotSafeToRepeat))).unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::Timeout);
        assert_eq!(t.requests().len(), 1);
        assert!(s.slept().is_empty());
    }

    #[test]
    fn gives_up_after_budget_with_last_response() {
        let (t, s, ex) = setup();
        for _ in 0..4 {
            t.push_response(HttpResponse::new(500, "boom"));
        }
        let req = HttpRequest::new(Method::Get, "https://x.test/a");
        let ex = block_on(ex.send(req.with_retry_safety(RetrySafety::SafeToRepeat))).unwrap();
        assert_eq!((ex.response.status, ex.attempts), (500, 4));
        assert_eq!(s.slept(), vec![500, 1000, 2000]);
        assert_eq!(t.remaining(), 0);
    }

    #[test]
    fn the_total_deadline_stops_retries_and_cuts_attempt_timeouts() {
        let t = Arc::new(ScriptedTransport::new());
        let clock = Arc::new(ManualClock::new(10_000));
        let s = Arc::new(RecordingSleeper::new(clock.clone()));
        let policy = RetryPolicy {
            total_deadline_ms: Some(1_200),
            ..RetryPolicy::default()
        };
        let ex = HttpExecutor::new(t.clone(), s.clone(), Arc::new(FixedJitter(1.0)), policy)
            .with_clock(clock.clone());
        for _ in 0..2 {
            t.push_response(HttpResponse::new(503, ""));
        }
        let mut req = HttpRequest::new(Method::Get, "https://x.test/a");
        req.timeout_ms = Some(30_000);
        let got =
            block_on(ex.send(req.clone().with_retry_safety(RetrySafety::SafeToRepeat))).unwrap();
        // 500 ms then 1000 ms of backoff would end past 1.2 s: two attempts, one wait.
        assert_eq!((got.response.status, got.attempts), (503, 2));
        assert_eq!(s.slept(), vec![500]);
        let sent = t.requests();
        assert_eq!(sent[0].timeout_ms, Some(1_200), "cut to the deadline");
        assert_eq!(sent[1].timeout_ms, Some(700), "what is left after the wait");
        // A transport failure past the deadline says so.
        t.push_failure(TransportErrorKind::Connect, "refused");
        t.push_failure(TransportErrorKind::Connect, "refused");
        let err = block_on(ex.send(req.with_retry_safety(RetrySafety::SafeToRepeat))).unwrap_err();
        assert!(err.to_string().contains("deadline"), "{err}");
    }

    #[test]
    fn connect_failures_are_retried_even_for_unsafe_calls() {
        let (t, _s, ex) = setup();
        t.push_failure(TransportErrorKind::Connect, "refused");
        t.push_response(HttpResponse::new(201, ""));
        let req = HttpRequest::new(Method::Post, "https://x.test/a");
        let ex = block_on(ex.send(req.with_retry_safety(RetrySafety::NotSafeToRepeat))).unwrap();
        assert_eq!(ex.response.status, 201);
    }
}
