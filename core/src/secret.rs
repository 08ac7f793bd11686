//! `Secret`: a string that never shows itself in `Debug`, `Display`, logs or error messages.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A confidential string: a client secret, a password, an access, refresh or request token.
///
/// `Debug` and `Display` print a fixed redaction; the value is only reachable through
/// [`Secret::expose`], so every place that reveals it is easy to find in review.
/// Serialisation writes the real value: it is used only to persist tokens in a `TokenStore`.
///
/// ```
/// use triplink_core::Secret;
/// let s = Secret::new("hunter2");
/// assert_eq!(format!("{s:?} {s}"), "Secret(***) ***");
/// assert_eq!(s.expose(), "hunter2");
/// ```
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps a confidential value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// Reveals the value. Call it only where the value goes onto the wire or into a store.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// True when the secret is the empty string.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret(value.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_prints_its_value() {
        let s = Secret::new("s3cr3t-value");
        assert!(!format!("{s:?}").contains("s3cr3t"));
        assert!(!format!("{s}").contains("s3cr3t"));
        #[derive(Debug)]
        #[allow(dead_code)]
        struct Holder {
            token: Secret,
        }
        assert!(!format!("{:?}", Holder { token: s.clone() }).contains("s3cr3t"));
        assert_eq!(s.expose(), "s3cr3t-value");
    }

    #[test]
    fn serialises_transparently_for_stores() {
        let s = Secret::new("abc");
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"abc\"");
        let back: Secret = serde_json::from_str("\"abc\"").unwrap();
        assert_eq!(back, s);
    }
}
