//! Names compare under full Unicode case folding (issue 24, item 6): the fold of every
//! character is the reference implementation's (`caseless`, a dev-dependency), and a name typed
//! in capitals, or folded by the reference, normalises like the mixed-case spelling.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use caseless::Caseless;
use proptest::prelude::*;
use triplink_core::matching::case_fold::{case_fold, case_fold_str};
use triplink_core::matching::normalize::normalize_name;

fn reference(s: &str) -> String {
    s.chars().default_case_fold().collect()
}

#[test]
fn every_character_folds_as_the_reference_folds_it() {
    let differing: Vec<String> = (0..=0x10FFFFu32)
        .filter_map(char::from_u32)
        .filter(|&c| case_fold(c).collect::<String>() != reference(&c.to_string()))
        .map(|c| format!("U+{:04X}", c as u32))
        .collect();
    assert!(
        differing.is_empty(),
        "folded unlike the reference: {differing:?}"
    );
}

#[test]
fn capitals_match_mixed_case_spellings_in_every_script() {
    for (mixed, capitals) in [
        ("Οδυσσέας", "ΟΔΥΣΣΈΑΣ"),
        ("Ἀθηνᾶ", "ἈΘΗΝΑ͂"),
        ("Ᾱσπασία", "ᾹΣΠΑΣΊΑ"),
        ("Στρατῇ", "ΣΤΡΑΤΗ͂Ι"),
        ("Weiß", "WEISS"),
        ("Weiß", "WEIẞ"),
        ("Ꮳꮃꮎ", "ᏣᎳᎾ"),
        ("Ǆokić", "DŽOKIĆ"),
    ] {
        assert_eq!(
            normalize_name(mixed, false),
            normalize_name(capitals, false),
            "{mixed} / {capitals}"
        );
    }
    assert_eq!(case_fold_str("ΣΊΣΥΦΟΣ"), case_fold_str("σίσυφος"));
}

/// Letters whose case mapping or folding is special, with their plain neighbours.
const ALPHABET: &[char] = &[
    'a', 'B', 'k', 'K', 'ß', 'ẞ', 'ſ', 'µ', 'İ', 'ı', 'ŉ', 'ǅ', 'ǰ', 'ﬁ', 'ﬆ', 'σ', 'ς', 'Σ', 'ΐ',
    'ΰ', 'ᾳ', 'ᾼ', 'ᾷ', 'ῼ', 'ϐ', 'ϑ', 'ϕ', 'ϰ', 'ϵ', 'Ω', 'Ω', 'Å', 'ж', 'Ж', 'ᲀ', 'ё', 'Ё', 'և',
    'Ա', 'ա', 'Ꭰ', 'ꭰ', 'ᏸ', 'Ᏸ', 'Ⴀ', 'ⴀ', '𐐀', '𐐨', 'é', 'É', ' ', '-', '\'',
];

fn name() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(ALPHABET), 1..12)
        .prop_map(|cs| cs.into_iter().collect())
}

proptest! {
    #[test]
    fn folding_agrees_with_the_reference(s in name()) {
        prop_assert_eq!(case_fold_str(&s), reference(&s));
    }

    #[test]
    fn a_name_normalises_like_its_capitals_and_its_reference_folding(s in name()) {
        let key = normalize_name(&s, false);
        prop_assert_eq!(&normalize_name(&s.to_uppercase(), false), &key, "capitals of {}", s);
        prop_assert_eq!(&normalize_name(&reference(&s), false), &key, "reference folding of {}", s);
    }
}

#[test]
fn transliteration_is_off_by_default_and_matches_latin_members_when_on() {
    use triplink_core::matching::transliterate::AVAILABLE;
    use triplink_core::matching::*;
    let member = MemberRecord {
        member_id: "m1".into(),
        loyalty_number: Some("4711".into()),
        first_name: Some("Olga".into()),
        last_name: Some("Ivanova".into()),
        emails: vec![],
        state: AccountState::Active,
    };
    let req = MatchRequest {
        first_name: Some("Ольга".into()),
        middle_name: None,
        last_name: Some("ИВАНОВА".into()),
        loyalty_number: Some("4711".into()),
        emails: vec![],
    };
    let mut policy = MatchPolicy::last_name_and_loyalty();
    assert!(!policy.latin_transliteration, "off by default");
    let plain = MemberIndex::build(policy.clone(), vec![member.clone()]).unwrap();
    assert_ne!(plain.decide(&req).status, MatchStatus::Connected);
    policy.latin_transliteration = true;
    let json = serde_json::to_value(&policy).unwrap();
    assert_eq!(json["latinTransliteration"], true);
    if AVAILABLE {
        let idx = MemberIndex::build(policy, vec![member]).unwrap();
        assert_eq!(idx.decide(&req).status, MatchStatus::Connected);
    } else {
        let e = MemberIndex::build(policy, vec![member]).unwrap_err();
        assert_eq!(e.code(), triplink_core::ErrorCode::InvalidInput);
    }
}
