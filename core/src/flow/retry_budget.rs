//! The retry budget: a token bucket shared by one client's calls (the AWS SDKs' "standard"
//! retry mode), so that when most calls fail the retries stop instead of multiplying the load.
//!
//! Each retry withdraws [`RetryBudgetPolicy::retry_cost`] tokens (a timeout
//! [`RetryBudgetPolicy::timeout_cost`]); a call that succeeds gives back what it withdrew, or
//! [`RetryBudgetPolicy::success_refill`] when it needed no retry. With an empty bucket a
//! retryable failure is final. In a full outage the calls therefore cost at most
//! `capacity / retry_cost` retries in all, on top of one attempt each.

use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicU32, Ordering};

/// The bucket's sizes (a field left out of its JSON takes the default's value).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RetryBudgetPolicy {
    /// Tokens in a full bucket (and at the start).
    pub capacity: u32,
    /// Tokens one retry after an error status or a connection failure takes.
    pub retry_cost: u32,
    /// Tokens one retry after a timeout takes (a timeout holds the server longer).
    pub timeout_cost: u32,
    /// Tokens a call that succeeded on its first attempt puts back (up to `capacity`).
    pub success_refill: u32,
}

impl Default for RetryBudgetPolicy {
    /// The AWS SDKs' standard mode: 500 tokens, 5 per retry, 10 per retry after a timeout,
    /// 1 back per first-attempt success — at most 100 retries while everything fails.
    fn default() -> Self {
        RetryBudgetPolicy {
            capacity: 500,
            retry_cost: 5,
            timeout_cost: 10,
            success_refill: 1,
        }
    }
}

/// A shared token bucket (share it through an `Arc` across a client's calls).
#[derive(Debug)]
pub struct RetryBudget {
    policy: RetryBudgetPolicy,
    available: AtomicU32,
}

impl RetryBudget {
    /// A full bucket.
    ///
    /// ```
    /// use triplink_core::flow::retry_budget::{RetryBudget, RetryBudgetPolicy};
    /// let budget = RetryBudget::new(RetryBudgetPolicy { capacity: 10, ..Default::default() });
    /// assert_eq!(budget.try_withdraw(false), Some(5));
    /// assert_eq!(budget.try_withdraw(false), Some(5));
    /// assert_eq!(budget.try_withdraw(false), None, "empty: the failure is final");
    /// budget.on_success(5); // a retried call succeeded: its tokens come back
    /// assert_eq!(budget.available(), 5);
    /// ```
    pub fn new(policy: RetryBudgetPolicy) -> Self {
        RetryBudget {
            available: AtomicU32::new(policy.capacity),
            policy,
        }
    }

    /// The sizes in force.
    pub fn policy(&self) -> &RetryBudgetPolicy {
        &self.policy
    }

    /// Tokens left.
    pub fn available(&self) -> u32 {
        self.available.load(Ordering::SeqCst)
    }

    /// Takes the cost of one retry (`after_timeout` picks the timeout cost); `None`, and
    /// nothing taken, when the bucket holds too few tokens.
    pub fn try_withdraw(&self, after_timeout: bool) -> Option<u32> {
        let cost = if after_timeout {
            self.policy.timeout_cost
        } else {
            self.policy.retry_cost
        };
        self.available
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |a| a.checked_sub(cost))
            .ok()
            .map(|_| cost)
    }

    /// A call succeeded after withdrawing `withdrawn` tokens for its retries: they come back,
    /// or `success_refill` when it withdrew none. Never above `capacity`.
    pub fn on_success(&self, withdrawn: u32) {
        let back = if withdrawn == 0 {
            self.policy.success_refill
        } else {
            withdrawn
        };
        let cap = self.policy.capacity;
        // The closure never returns `None`: the update cannot fail.
        let _ = self
            .available
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |a| {
                Some(a.saturating_add(back).min(cap))
            });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_outage_gets_capacity_over_cost_retries_then_none() {
        let b = RetryBudget::new(RetryBudgetPolicy::default());
        let granted = std::iter::from_fn(|| b.try_withdraw(false))
            .take(1000)
            .count();
        assert_eq!(granted, 100);
        assert_eq!(b.available(), 0);
        assert_eq!(b.try_withdraw(true), None);
    }

    #[test]
    fn timeouts_cost_more_and_a_partial_bucket_refuses_what_it_cannot_cover() {
        let b = RetryBudget::new(RetryBudgetPolicy {
            capacity: 12,
            ..RetryBudgetPolicy::default()
        });
        assert_eq!(b.try_withdraw(true), Some(10));
        assert_eq!(b.try_withdraw(false), None, "2 left, a retry costs 5");
        assert_eq!(b.available(), 2);
    }

    #[test]
    fn successes_refill_up_to_capacity() {
        let b = RetryBudget::new(RetryBudgetPolicy {
            capacity: 10,
            ..RetryBudgetPolicy::default()
        });
        b.on_success(0);
        assert_eq!(b.available(), 10, "never above capacity");
        let w = b.try_withdraw(false).unwrap();
        b.on_success(0);
        assert_eq!(b.available(), 6);
        b.on_success(w);
        assert_eq!(b.available(), 10);
    }

    #[test]
    fn concurrent_withdrawals_never_overdraw() {
        let b = std::sync::Arc::new(RetryBudget::new(RetryBudgetPolicy::default()));
        let handles: Vec<_> = (0..8)
            .map(|_| {
                let b = b.clone();
                std::thread::spawn(move || {
                    (0..100).filter(|_| b.try_withdraw(false).is_some()).count()
                })
            })
            .collect();
        let total: usize = handles.into_iter().map(|h| h.join().unwrap_or(0)).sum();
        assert_eq!(total, 100);
    }
}
