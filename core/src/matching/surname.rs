//! Surname comparison for the matching rules: exact folded equality, then (unless the policy
//! says `Exact`) the compound rule — particles dropped, one surname's significant words leading
//! the other's (García Márquez ~ García, van der Berg ~ Berg).

use super::normalize::{surname_core, SURNAME_PARTICLES};
use super::policy::{MatchPolicy, SurnameRule};

/// A precomputed folded surname (its words joined by spaces) equal to the request's folded
/// words (no normalisation).
fn surname_key_matches(key: &str, words: &[String]) -> bool {
    !key.is_empty()
        && key
            .bytes()
            .filter(|&b| b != b' ')
            .eq(words.iter().flat_map(|w| w.bytes()))
}

/// The significant words of a surname: particles dropped unless nothing else is left.
fn particles_dropped<'a>(words: impl Iterator<Item = &'a str> + Clone) -> Vec<&'a str> {
    let core: Vec<&str> = words
        .clone()
        .filter(|w| !SURNAME_PARTICLES.contains(w))
        .collect();
    if core.is_empty() {
        words.collect()
    } else {
        core
    }
}

/// The compound rule: one surname's significant words lead the other's.
fn compound_prefix(ca: &[&str], cb: &[&str]) -> bool {
    let (short, long) = if ca.len() <= cb.len() {
        (ca, cb)
    } else {
        (cb, ca)
    };
    !short.is_empty() && long.starts_with(short)
}

/// [`surnames_match`] with the member's folded surname words precomputed by a bulk index
/// (`key`: the words joined by spaces), so nothing is normalised again.
pub(crate) fn last_name_agrees(
    policy: &MatchPolicy,
    wa: &[String],
    b: &str,
    key: Option<&str>,
) -> bool {
    let Some(k) = key else {
        return surnames_match(policy, wa, b);
    };
    if wa.is_empty() {
        return false;
    }
    if surname_key_matches(k, wa) {
        return true;
    }
    if policy.surname_rule == SurnameRule::Exact {
        return false;
    }
    let ca = particles_dropped(wa.iter().map(String::as_str));
    let cb = particles_dropped(k.split(' ').filter(|w| !w.is_empty()));
    compound_prefix(&ca, &cb)
}

pub(crate) fn surnames_match(policy: &MatchPolicy, wa: &[String], b: &str) -> bool {
    if wa.is_empty() {
        return false;
    }
    if policy.name_equals_words(b, wa) {
        return true;
    }
    if policy.surname_rule == SurnameRule::Exact {
        return false;
    }
    let wb = policy.name_words(b);
    compound_prefix(&surname_core(wa), &surname_core(&wb))
}
