//! Itinerary scalar types: `Text` (string elements) and `Decimal` (exact decimal text);
//! `ItinDateTime` lives in `itin_datetime` and is re-exported here. Their XML text form is
//! `wire::itinerary::scalar`.

use serde::{Deserialize, Serialize};
use std::fmt;

/// `text.trim()`, without its cost in the usual case: text that starts and ends with a
/// printable ASCII byte has nothing to trim (every whitespace `str::trim` removes is either
/// ASCII at most 0x20 or a multi-byte character, whose bytes are all 0x80 or more).
pub(crate) fn trim_text(text: &str) -> &str {
    let printable = |b: Option<&u8>| b.is_some_and(|&b| b > b' ' && b < 0x80);
    if printable(text.as_bytes().first()) && printable(text.as_bytes().last()) {
        text
    } else {
        text.trim()
    }
}

/// The text of a string element: a `String`-like type that keeps values of up to 24 bytes
/// (most codes, names and numbers in a trip) inline, without a heap allocation.
pub type Text = compact_str::CompactString;

/// An exact decimal (xs:decimal / xs:double), kept as validated text: no float rounding.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct Decimal(Text);

impl From<Decimal> for String {
    fn from(d: Decimal) -> String {
        d.0.into_string()
    }
}

impl TryFrom<String> for Decimal {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        Decimal::new(&s).ok_or_else(|| format!("`{s}` is not a decimal"))
    }
}

impl Decimal {
    /// Validates `text` as a decimal (`-12.50`, `3`, `+0.5`, `1E3` for doubles).
    pub fn new(text: &str) -> Option<Self> {
        let t = trim_text(text);
        let body = t.strip_prefix(['-', '+']).unwrap_or(t);
        let (mantissa, exp) = match body.split_once(['e', 'E']) {
            Some((m, e)) => (m, Some(e)),
            None => (body, None),
        };
        let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let digits_ok = !(int.is_empty() && frac.is_empty())
            && int.bytes().all(|b| b.is_ascii_digit())
            && frac.bytes().all(|b| b.is_ascii_digit());
        let exp_ok = exp.map(|e| {
            let e = e.strip_prefix(['-', '+']).unwrap_or(e);
            !e.is_empty() && e.bytes().all(|b| b.is_ascii_digit())
        });
        (digits_ok && exp_ok.unwrap_or(true)).then(|| Decimal(Text::new(t)))
    }

    /// The decimal text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

pub use super::itin_datetime::{iso_local, ItinDateTime};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trim_text_matches_str_trim() {
        for t in [
            "",
            " ",
            "a",
            " a",
            "a ",
            "\ta\r\n",
            "\u{a0}a",
            "a\u{a0}",
            "\u{3000}x\u{2003}",
            "é",
            "aé",
            "\u{85}a",
            "a\u{1680}",
            "a b",
            "\u{b}a\u{c}",
        ] {
            assert_eq!(trim_text(t), t.trim(), "{t:?}");
        }
    }

    #[test]
    fn serde_uses_the_text_and_refuses_bad_values() {
        let d: ItinDateTime = serde_json::from_str("\"2020-01-06T00:00:00-04:00\"").unwrap();
        assert_eq!(
            serde_json::to_string(&d).unwrap(),
            "\"2020-01-06T00:00:00-04:00\""
        );
        assert!(serde_json::from_str::<ItinDateTime>("\"soon\"").is_err());
        let x: Decimal = serde_json::from_str("\"12.50\"").unwrap();
        assert_eq!(x.as_str(), "12.50");
        assert!(serde_json::from_str::<Decimal>("\"12,50\"").is_err());
    }

    #[test]
    fn decimals_are_exact_text() {
        for ok in ["12.50", "-3", "+0.5", ".5", "1E3", "2.5e-2"] {
            assert!(Decimal::new(ok).is_some(), "{ok}");
        }
        for bad in ["", "-", "1.2.3", "abc", "1e", "0x10"] {
            assert!(Decimal::new(bad).is_none(), "{bad}");
        }
        assert_eq!(Decimal::new("100.10").unwrap().as_str(), "100.10");
    }
}
