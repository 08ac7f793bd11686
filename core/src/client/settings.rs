//! The settings every binding passes through to the core, checked in one place: the
//! per-request timeout, the retry policy and budget, the integration named in the `User-Agent`
//! (`triplink/<version> <integration>/<version>`) and the extra allowed hosts. A bad value is
//! a typed `InvalidInput` naming the field, before anything is sent.

use super::facade::TriplinkSettings;
use crate::config::ApiConfig;
use crate::error::{Result, TriplinkError};
use crate::flow::retry_budget::RetryBudgetPolicy;
use serde::{Deserialize, Serialize};

/// The app or integration that uses the SDK, named in every request's `User-Agent`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Integration {
    /// Its name (`acme-checkout`): letters, digits and `-._`, at most 64.
    pub name: String,
    /// Its version (`2.4.1`): the same characters, at most 32.
    pub version: String,
}

/// The longest per-request timeout accepted (10 minutes).
pub const MAX_REQUEST_TIMEOUT_MS: u64 = 600_000;
/// The most attempts a retry policy may make.
pub const MAX_ATTEMPTS: u32 = 10;
/// The largest retry budget accepted, in tokens.
pub const MAX_BUDGET_CAPACITY: u32 = 1_000_000;

impl TriplinkSettings {
    /// Checks every field; the first bad one is an `InvalidInput` naming it.
    ///
    /// ```
    /// use triplink_core::client::{Integration, TriplinkSettings};
    /// use triplink_core::{ErrorCode, Secret};
    /// let mut s = TriplinkSettings::new("https://us.api.concursolutions.com", "id", Secret::new("s"));
    /// s.integration = Some(Integration { name: "acme checkout".into(), version: "1".into() });
    /// let e = s.validate().unwrap_err();
    /// assert_eq!(e.code(), ErrorCode::InvalidInput);
    /// assert!(e.to_string().contains("integration.name"));
    /// ```
    pub fn validate(&self) -> Result<()> {
        ApiConfig::new(&self.base_url)?;
        for host in &self.extra_allowed_hosts {
            ApiConfig::new(host).map_err(|e| {
                TriplinkError::invalid("extra_allowed_hosts", format!("`{host}`: {e}"))
            })?;
        }
        if self.client_id.trim().is_empty() {
            return Err(TriplinkError::invalid("client_id", "must not be empty"));
        }
        match self.request_timeout_ms {
            Some(0) => return Err(TriplinkError::invalid("request_timeout_ms", "must be > 0")),
            Some(ms) if ms > MAX_REQUEST_TIMEOUT_MS => {
                return Err(TriplinkError::invalid(
                    "request_timeout_ms",
                    format!("at most {MAX_REQUEST_TIMEOUT_MS} ms"),
                ))
            }
            _ => {}
        }
        let r = &self.retry;
        if r.max_attempts == 0 || r.max_attempts > MAX_ATTEMPTS {
            return Err(TriplinkError::invalid(
                "retry.max_attempts",
                format!("must be 1..={MAX_ATTEMPTS}"),
            ));
        }
        if r.base_delay_ms == 0 || r.base_delay_ms > r.max_delay_ms {
            return Err(TriplinkError::invalid(
                "retry.base_delay_ms",
                "must be > 0 and at most retry.max_delay_ms",
            ));
        }
        check_budget(&self.retry_budget)?;
        if let Some(i) = &self.integration {
            check_token("integration.name", &i.name, 64)?;
            check_token("integration.version", &i.version, 32)?;
        }
        Ok(())
    }

    /// The `User-Agent` every request carries: `triplink/<version>`, followed by
    /// `<integration>/<version>` when one is named.
    pub fn user_agent(&self) -> String {
        match &self.integration {
            Some(i) => format!(
                "triplink/{} {}/{}",
                env!("CARGO_PKG_VERSION"),
                i.name,
                i.version
            ),
            None => format!("triplink/{}", env!("CARGO_PKG_VERSION")),
        }
    }
}

/// The bucket holds at least one retry of each kind, and a refill never exceeds it.
fn check_budget(b: &RetryBudgetPolicy) -> Result<()> {
    if b.capacity == 0 || b.capacity > MAX_BUDGET_CAPACITY {
        return Err(TriplinkError::invalid(
            "retry_budget.capacity",
            format!("must be 1..={MAX_BUDGET_CAPACITY} (to never retry: retry.max_attempts = 1)"),
        ));
    }
    for (field, cost) in [
        ("retry_budget.retry_cost", b.retry_cost),
        ("retry_budget.timeout_cost", b.timeout_cost),
    ] {
        if cost == 0 || cost > b.capacity {
            return Err(TriplinkError::invalid(
                field,
                "must be > 0 and at most retry_budget.capacity",
            ));
        }
    }
    if b.success_refill > b.capacity {
        return Err(TriplinkError::invalid(
            "retry_budget.success_refill",
            "at most retry_budget.capacity",
        ));
    }
    Ok(())
}

/// A `User-Agent` product token: non-empty, at most `max` of `A-Za-z0-9-._`.
fn check_token(field: &str, value: &str, max: usize) -> Result<()> {
    let ok = !value.is_empty()
        && value.len() <= max
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'));
    if ok {
        Ok(())
    } else {
        Err(TriplinkError::invalid(
            field,
            format!("1 to {max} letters, digits, '-', '.' or '_'"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Secret;

    fn base() -> TriplinkSettings {
        TriplinkSettings::new("https://us.api.concursolutions.com", "id", Secret::new("s"))
    }

    /// A change that makes one setting bad.
    type Spoil = Box<dyn Fn(&mut TriplinkSettings)>;

    #[test]
    fn each_bad_field_is_named() {
        let cases: Vec<(&str, Spoil)> = vec![
            ("base_url", Box::new(|s| s.base_url = "ftp://x".into())),
            (
                "extra_allowed_hosts",
                Box::new(|s| s.extra_allowed_hosts = vec!["nope".into()]),
            ),
            ("client_id", Box::new(|s| s.client_id = " ".into())),
            (
                "request_timeout_ms",
                Box::new(|s| s.request_timeout_ms = Some(0)),
            ),
            (
                "request_timeout_ms",
                Box::new(|s| s.request_timeout_ms = Some(600_001)),
            ),
            ("retry.max_attempts", Box::new(|s| s.retry.max_attempts = 0)),
            (
                "retry.max_attempts",
                Box::new(|s| s.retry.max_attempts = 11),
            ),
            (
                "retry.base_delay_ms",
                Box::new(|s| s.retry.base_delay_ms = 0),
            ),
            (
                "retry.base_delay_ms",
                Box::new(|s| s.retry.max_delay_ms = 1),
            ),
            (
                "retry_budget.capacity",
                Box::new(|s| s.retry_budget.capacity = 0),
            ),
            (
                "retry_budget.retry_cost",
                Box::new(|s| s.retry_budget.retry_cost = 0),
            ),
            (
                "retry_budget.timeout_cost",
                Box::new(|s| s.retry_budget.timeout_cost = 501),
            ),
            (
                "retry_budget.success_refill",
                Box::new(|s| s.retry_budget.success_refill = 501),
            ),
            (
                "integration.version",
                Box::new(|s| {
                    s.integration = Some(Integration {
                        name: "acme".into(),
                        version: "1 (beta)".into(),
                    })
                }),
            ),
        ];
        for (field, change) in cases {
            let mut s = base();
            change(&mut s);
            match s.validate() {
                Err(TriplinkError::InvalidInput { field: f, .. }) => assert_eq!(f, field),
                other => panic!("{field}: {other:?}"),
            }
        }
        assert!(base().validate().is_ok());
    }

    #[test]
    fn the_user_agent_names_the_sdk_and_the_integration() {
        let mut s = base();
        assert_eq!(
            s.user_agent(),
            format!("triplink/{}", env!("CARGO_PKG_VERSION"))
        );
        s.integration = Some(Integration {
            name: "acme-checkout".into(),
            version: "2.4.1".into(),
        });
        assert_eq!(
            s.user_agent(),
            format!("triplink/{} acme-checkout/2.4.1", env!("CARGO_PKG_VERSION"))
        );
    }
}
