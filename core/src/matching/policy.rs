//! `MatchPolicy`: which fields must agree for a connection (Concur recommends last name +
//! loyalty number, or verified email + last name), and how names and numbers are compared.
//! Plain serialisable data, so suppliers can keep it in configuration.

use super::normalize::{name_equals_words, name_words, normalize_loyalty};
use super::transliterate::{latin_letters, AVAILABLE};
use crate::error::{Result, TriplinkError};
use serde::{Deserialize, Serialize};

/// A field a match rule can require.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MatchField {
    /// The loyalty number equals the member's.
    LoyaltyNumber,
    /// One of the request's verified emails is one of the member's.
    VerifiedEmail,
    /// The last name agrees (see [`SurnameRule`]).
    LastName,
    /// The first name agrees (off by default: nicknames cause failures, per Concur).
    FirstName,
}

/// How multi-part surnames compare.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum SurnameRule {
    /// The whole folded surname must be equal (`de la Cruz` = `De-La Cruz`, ≠ `Cruz`).
    Exact,
    /// Also accept when, particles (de, la, van, der, …) aside, one surname's words are the
    /// leading words of the other's: `García` = `García Márquez`, `Berg` = `van der Berg`,
    /// `Cruz` = `de la Cruz`. The default: travellers often type only their first surname.
    #[default]
    Compound,
}

/// A check-digit scheme for loyalty numbers, supplied by the supplier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CheckDigit {
    /// The Luhn (mod 10) scheme over the digits.
    Luhn,
}

impl CheckDigit {
    /// True when the normalised number passes the check.
    pub fn accepts(self, normalized: &str) -> bool {
        match self {
            CheckDigit::Luhn => {
                let digits: Option<Vec<u32>> = normalized.chars().map(|c| c.to_digit(10)).collect();
                let Some(d) = digits.filter(|d| d.len() >= 2) else {
                    return false;
                };
                let sum: u32 = d
                    .iter()
                    .rev()
                    .enumerate()
                    .map(|(i, &x)| {
                        if i % 2 == 1 {
                            if x * 2 > 9 {
                                x * 2 - 9
                            } else {
                                x * 2
                            }
                        } else {
                            x
                        }
                    })
                    .sum();
                sum.is_multiple_of(10)
            }
        }
    }
}

/// The supplier's matching policy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct MatchPolicy {
    /// Alternative rules: a member matches when ALL fields of ANY rule agree.
    pub rules: Vec<Vec<MatchField>>,
    /// Expand German umlauts (Müller = Mueller) instead of only dropping the diaeresis
    /// (Müller = Muller). With it on, both spellings of the member match both of the request.
    pub umlaut_expansion: bool,
    /// How multi-part surnames compare.
    pub surname_rule: SurnameRule,
    /// Ignore leading zeros in loyalty numbers (`000123` = `123`).
    pub strip_leading_zeros: bool,
    /// Refuse loyalty numbers that fail this check (they cannot belong to any account).
    pub check_digit: Option<CheckDigit>,
    /// Compare Cyrillic and Greek letters by their Latin transliteration (`Иванова` =
    /// `Ivanova`), for member databases kept in Latin letters. Off by default; needs the core
    /// feature `transliteration` (native builds and the uniffi binding have it, the npm package
    /// does not: there [`MatchPolicy::check`] refuses the setting).
    pub latin_transliteration: bool,
}

impl MatchPolicy {
    /// Concur's first recommendation: last name + loyalty number.
    pub fn last_name_and_loyalty() -> Self {
        Self::with_rules(vec![vec![MatchField::LastName, MatchField::LoyaltyNumber]])
    }

    /// For suppliers without a loyalty programme: verified email + last name.
    pub fn verified_email_and_last_name() -> Self {
        Self::with_rules(vec![vec![MatchField::VerifiedEmail, MatchField::LastName]])
    }

    /// Either of the two recommended rules.
    pub fn either() -> Self {
        Self::with_rules(vec![
            vec![MatchField::LastName, MatchField::LoyaltyNumber],
            vec![MatchField::VerifiedEmail, MatchField::LastName],
        ])
    }

    /// A custom combination, with the default comparison settings.
    pub fn with_rules(rules: Vec<Vec<MatchField>>) -> Self {
        MatchPolicy {
            rules,
            umlaut_expansion: false,
            surname_rule: SurnameRule::Compound,
            strip_leading_zeros: false,
            check_digit: None,
            latin_transliteration: false,
        }
    }

    /// Refuses settings this build cannot apply (`latin_transliteration` without the
    /// `transliteration` feature).
    pub fn check(&self) -> Result<()> {
        if self.latin_transliteration && !AVAILABLE {
            return Err(TriplinkError::invalid(
                "latinTransliteration",
                "this build has no transliteration table (core feature `transliteration`)",
            ));
        }
        Ok(())
    }

    /// The folded words of a name under this policy (transliterated first when asked).
    pub fn name_words(&self, name: &str) -> Vec<String> {
        name_words(&self.names_text(name), self.umlaut_expansion)
    }

    /// A name folded to one key under this policy.
    pub fn normalize_name(&self, name: &str) -> String {
        self.name_words(name).concat()
    }

    /// True when `name` folds to exactly `words` under this policy.
    pub(crate) fn name_equals_words(&self, name: &str, words: &[String]) -> bool {
        name_equals_words(&self.names_text(name), words, self.umlaut_expansion)
    }

    fn names_text<'a>(&self, name: &'a str) -> std::borrow::Cow<'a, str> {
        if self.latin_transliteration {
            latin_letters(name)
        } else {
            std::borrow::Cow::Borrowed(name)
        }
    }

    /// True when some rule uses `field`.
    pub fn uses(&self, field: MatchField) -> bool {
        self.rules.iter().any(|r| r.contains(&field))
    }

    /// The comparable key of a loyalty number under this policy (directories index by it).
    pub fn loyalty_key(&self, number: &str) -> String {
        normalize_loyalty(number, self.strip_leading_zeros)
    }
}

impl Default for MatchPolicy {
    /// [`MatchPolicy::either`].
    fn default() -> Self {
        Self::either()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn_and_presets() {
        assert!(CheckDigit::Luhn.accepts("79927398713"));
        assert!(!CheckDigit::Luhn.accepts("79927398710"));
        assert!(!CheckDigit::Luhn.accepts("A123"));
        assert!(MatchPolicy::either().uses(MatchField::VerifiedEmail));
        assert!(!MatchPolicy::last_name_and_loyalty().uses(MatchField::FirstName));
        let json = serde_json::to_string(&MatchPolicy::default()).unwrap();
        let back: MatchPolicy = serde_json::from_str(&json).unwrap();
        assert_eq!(back, MatchPolicy::default());
    }
}
