//! `HttpExecutor`: sends one request through the host transport, retrying per the pure
//! [`crate::flow::retry`] rules with host-supplied sleeping and jitter.

use super::events::{EventSink, Events, SdkEvent};
use super::runtime::{Clock, Jitter, Sleeper};
use crate::error::{Result, TriplinkError};
use crate::flow::retry::{decide_at, AttemptOutcome, RetryDecision, RetryPolicy};
use crate::flow::retry_budget::RetryBudget;
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
    /// The token bucket every call of this executor (and its clones) draws retries from.
    budget: Option<Arc<RetryBudget>>,
    /// The `User-Agent` set on requests that carry none.
    user_agent: Option<Arc<str>>,
    /// Where every client on this executor reports what it did.
    events: Events,
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
            budget: None,
            user_agent: None,
            events: Events::default(),
        }
    }

    /// The same executor drawing every retry from `budget` (builder style): share one bucket
    /// across a client's calls so that retries stop when most calls fail (see
    /// [`crate::flow::retry_budget`]). Clones of the executor share it.
    pub fn with_retry_budget(mut self, budget: Arc<RetryBudget>) -> Self {
        self.budget = Some(budget);
        self
    }

    /// The same executor setting `user_agent` on every request that has no `User-Agent`
    /// (builder style).
    pub fn with_user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(Arc::from(user_agent.into()));
        self
    }

    /// The same executor reporting [`SdkEvent`]s to `sink` (builder style): retries here, and
    /// token refreshes, redirects and the auto-connect job's progress in the clients built
    /// on it.
    pub fn with_events(mut self, sink: Arc<dyn EventSink>) -> Self {
        self.events = Events::new(sink);
        self
    }

    /// Reports an event built by `event`, when a sink listens.
    pub(crate) fn emit(&self, event: impl FnOnce() -> SdkEvent) {
        self.events.emit(event);
    }

    /// The retry budget in force, if any.
    pub fn retry_budget(&self) -> Option<&Arc<RetryBudget>> {
        self.budget.as_ref()
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
    pub async fn send(&self, mut request: HttpRequest) -> Result<Exchange> {
        if let Some(ua) = &self.user_agent {
            if request.header("user-agent").is_none() {
                request.headers.push(("User-Agent".into(), ua.to_string()));
            }
        }
        let safety = request.retry_safety;
        let mut attempt = 1u32;
        // Tokens this call took from the retry budget (given back when it succeeds).
        let mut withdrawn = 0u32;
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
            #[cfg(feature = "tracing")]
            let (span, started) = (
                tracing::debug_span!(
                    target: "triplink::http",
                    "http_attempt",
                    method = request.method.as_str(),
                    path = %crate::telemetry::path_template(&request.url),
                    attempt,
                    status = tracing::field::Empty,
                    duration_ms = tracing::field::Empty,
                    correlation_id = tracing::field::Empty,
                ),
                self.clock.as_ref().map(|c| c.now_ms()),
            );
            let outcome = in_span!(span.clone(), self.transport.send(this_try));
            #[cfg(feature = "tracing")]
            self.record_attempt(&span, started, &outcome);
            let now = self.clock.as_ref().map(|c| c.now_ms());
            let decision = match &outcome {
                Ok(r) => decide_at(
                    &self.policy,
                    attempt,
                    safety,
                    AttemptOutcome::Response(r),
                    self.jitter.unit(),
                    now,
                ),
                Err(e) => decide_at(
                    &self.policy,
                    attempt,
                    safety,
                    AttemptOutcome::Failed(e),
                    self.jitter.unit(),
                    now,
                ),
            };
            let decision = self.draw_from_budget(decision, &outcome, &mut withdrawn);
            let past_deadline = |wait: u64| {
                deadline
                    .as_ref()
                    .map(|(clock, end, _)| clock.now_ms().saturating_add(wait) >= *end)
                    .unwrap_or(false)
            };
            if decision == RetryDecision::GiveUp {
                log_event!(
                    warn,
                    target: "triplink::retry",
                    method = request.method.as_str(),
                    path = %crate::telemetry::path_template(&request.url),
                    attempt,
                    why = %why(&outcome),
                    "retries exhausted"
                );
            }
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
                (RetryDecision::RetryAfterMs(ms), outcome) => {
                    log_event!(
                        info,
                        target: "triplink::retry",
                        method = request.method.as_str(),
                        path = %crate::telemetry::path_template(&request.url),
                        attempt,
                        why = %why(&outcome),
                        wait_ms = ms,
                        "retry scheduled"
                    );
                    self.emit(|| SdkEvent::RetryScheduled {
                        method: request.method.as_str().to_owned(),
                        path: crate::telemetry::path_template(&request.url),
                        attempt,
                        reason: match &outcome {
                            Ok(r) => format!("HTTP {}", r.status),
                            Err(e) => format!("{:?}", e.kind),
                        },
                        wait_ms: ms,
                    });
                    self.sleeper.sleep_ms(ms).await;
                    attempt += 1;
                }
                (decision, Ok(response)) => {
                    if let (RetryDecision::Stop, Some(b)) = (decision, &self.budget) {
                        b.on_success(withdrawn);
                    }
                    return Ok(Exchange {
                        response,
                        attempts: attempt,
                    });
                }
                (_, Err(e)) => return Err(TriplinkError::Transport(e)),
            }
        }
    }
}

impl HttpExecutor {
    /// A retry takes its cost from the budget first; with too few tokens left the decision
    /// becomes [`RetryDecision::GiveUp`] (the outcome in hand is final).
    fn draw_from_budget(
        &self,
        decision: RetryDecision,
        outcome: &std::result::Result<HttpResponse, TransportError>,
        withdrawn: &mut u32,
    ) -> RetryDecision {
        let (RetryDecision::RetryAfterMs(_), Some(budget)) = (decision, &self.budget) else {
            return decision;
        };
        let after_timeout = matches!(outcome, Err(e) if e.kind.is_timeout());
        match budget.try_withdraw(after_timeout) {
            Some(cost) => {
                *withdrawn = withdrawn.saturating_add(cost);
                decision
            }
            None => {
                log_event!(
                    warn,
                    target: "triplink::retry",
                    why = %why(outcome),
                    "retry budget spent: not retrying (most calls are failing)"
                );
                RetryDecision::GiveUp
            }
        }
    }
}

/// Why an attempt is retried, for the log: the status or the transport failure's kind.
#[cfg(feature = "tracing")]
fn why(outcome: &std::result::Result<HttpResponse, TransportError>) -> String {
    match outcome {
        Ok(r) => format!("HTTP {}", r.status),
        Err(e) => format!("{:?}", e.kind),
    }
}

#[cfg(feature = "tracing")]
impl HttpExecutor {
    /// Fills the attempt span's outcome fields and logs the attempt at debug level.
    fn record_attempt(
        &self,
        span: &tracing::Span,
        started: Option<u64>,
        outcome: &std::result::Result<HttpResponse, TransportError>,
    ) {
        if let (Some(c), Some(t0)) = (&self.clock, started) {
            span.record("duration_ms", c.now_ms().saturating_sub(t0));
        }
        match outcome {
            Ok(r) => {
                span.record("status", r.status);
                if let Some(id) = r.correlation_id() {
                    span.record("correlation_id", id);
                }
                span.in_scope(|| tracing::debug!(target: "triplink::http", "answered"));
            }
            Err(e) => span.in_scope(
                || tracing::debug!(target: "triplink::http", kind = ?e.kind, "no answer"),
            ),
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
    fn a_retry_after_http_date_is_waited_for_by_the_clock() {
        let t = Arc::new(ScriptedTransport::new());
        // 784111777 s = Sun, 06 Nov 1994 08:49:37 GMT; the clock is 4 s before it.
        let clock = Arc::new(ManualClock::new(784_111_773_000));
        let s = Arc::new(RecordingSleeper::new(clock.clone()));
        let ex = HttpExecutor::new(
            t.clone(),
            s.clone(),
            Arc::new(FixedJitter(0.0)),
            RetryPolicy::default(),
        )
        .with_clock(clock);
        t.push_response(
            HttpResponse::new(503, "").with_header("Retry-After", "Sun, 06 Nov 1994 08:49:37 GMT"),
        );
        t.push_response(HttpResponse::new(200, ""));
        let req = HttpRequest::new(Method::Get, "https://x.test/a");
        let got = block_on(ex.send(req.with_retry_safety(RetrySafety::SafeToRepeat))).unwrap();
        assert_eq!((got.response.status, got.attempts), (200, 2));
        assert_eq!(s.slept(), vec![4_000]);
    }

    #[test]
    fn a_spent_retry_budget_makes_failures_final_and_successes_refill_it() {
        use crate::flow::retry_budget::{RetryBudget, RetryBudgetPolicy};
        let (t, s, ex) = setup();
        let budget = Arc::new(RetryBudget::new(RetryBudgetPolicy {
            capacity: 10,
            ..RetryBudgetPolicy::default()
        }));
        let ex = ex.with_retry_budget(budget.clone());
        for _ in 0..6 {
            t.push_response(HttpResponse::new(503, ""));
        }
        let req = HttpRequest::new(Method::Get, "https://x.test/a");
        // Two retries fit in the bucket; the third failure is final.
        let first = block_on(
            ex.clone()
                .send(req.clone().with_retry_safety(RetrySafety::SafeToRepeat)),
        )
        .unwrap();
        assert_eq!((first.response.status, first.attempts), (503, 3));
        // The bucket is shared by clones: the next calls get no retry at all.
        for _ in 0..3 {
            let next = block_on(ex.send(req.clone().with_retry_safety(RetrySafety::SafeToRepeat)))
                .unwrap();
            assert_eq!(next.attempts, 1);
        }
        assert_eq!(t.requests().len(), 6);
        assert_eq!(s.slept().len(), 2);
        // Successes on the first attempt put tokens back, one each.
        for _ in 0..5 {
            t.push_response(HttpResponse::new(200, ""));
            block_on(ex.send(req.clone().with_retry_safety(RetrySafety::SafeToRepeat))).unwrap();
        }
        assert_eq!(budget.available(), 5);
        t.push_response(HttpResponse::new(503, ""));
        t.push_response(HttpResponse::new(200, ""));
        let healed = block_on(ex.send(req.with_retry_safety(RetrySafety::SafeToRepeat))).unwrap();
        assert_eq!((healed.response.status, healed.attempts), (200, 2));
        assert_eq!(
            budget.available(),
            5,
            "a retried success gives its cost back"
        );
    }

    #[test]
    fn the_user_agent_is_set_unless_the_request_has_one() {
        let (t, _s, ex) = setup();
        let ex = ex.with_user_agent("triplink/0.1.0 acme/2");
        t.push_response(HttpResponse::new(200, ""));
        t.push_response(HttpResponse::new(200, ""));
        let req = HttpRequest::new(Method::Get, "https://x.test/a");
        block_on(ex.send(req.clone())).unwrap();
        let own = req.with_header("User-Agent", "mine");
        block_on(ex.send(own)).unwrap();
        let sent = t.requests();
        assert_eq!(sent[0].header("user-agent"), Some("triplink/0.1.0 acme/2"));
        assert_eq!(sent[1].header("user-agent"), Some("mine"));
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
