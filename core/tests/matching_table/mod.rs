//! The matching rules' table of cases, shared by the core's matching tests and the member
//! directories' tests at the workspace root (which must decide every case as the in-memory
//! index does): the members, and (name, policy, request, expected status) per case.

#![allow(dead_code)]

use triplink_core::matching::*;

pub fn member(
    id: &str,
    loyalty: &str,
    first: &str,
    last: &str,
    email: &str,
    state: AccountState,
) -> MemberRecord {
    MemberRecord {
        member_id: id.into(),
        loyalty_number: (!loyalty.is_empty()).then(|| loyalty.into()),
        first_name: (!first.is_empty()).then(|| first.into()),
        last_name: (!last.is_empty()).then(|| last.into()),
        emails: if email.is_empty() {
            vec![]
        } else {
            email.split(';').map(String::from).collect()
        },
        state,
    }
}

pub fn req(first: &str, last: &str, loyalty: &str, emails: &[&str]) -> MatchRequest {
    MatchRequest {
        first_name: (!first.is_empty()).then(|| first.into()),
        middle_name: None,
        last_name: (!last.is_empty()).then(|| last.into()),
        loyalty_number: (!loyalty.is_empty()).then(|| loyalty.into()),
        emails: emails.iter().map(|e| e.to_string()).collect(),
    }
}

pub use AccountState::{Active, Closed, Locked};
pub use MatchStatus::*;
pub const FLAGGED: AccountState = AccountState::NeedsAttention;

pub fn members() -> Vec<MemberRecord> {
    vec![
        member(
            "m1",
            "123456789",
            "Zoë",
            "O'Brien",
            "zoe@example.com",
            Active,
        ),
        member("m2", "AB-1234", "Hans", "Müller", "hans@example.de", Active),
        member(
            "m3",
            "555",
            "Ana",
            "García Márquez",
            "ana@example.es",
            Active,
        ),
        member("m4", "777", "Jan", "van der Berg", "jan@example.nl", Active),
        member(
            "m5",
            "888",
            "Maria",
            "de la Cruz",
            "maria@example.mx",
            Active,
        ),
        member("m6", "999", "Ольга", "Иванова", "olga@example.ru", Active),
        member("m7", "111", "伟", "李", "li@example.cn", Active),
        member("m8", "222", "Lock", "Smith", "locked@example.com", Locked),
        member("m9", "333", "Close", "Jones", "closed@example.com", Closed),
        member("m10", "444", "Flag", "Brown", "flag@example.com", FLAGGED),
        member("m11", "666", "Twin", "Taylor", "twin@example.com", Active),
        member("m12", "666", "Twin", "Taylor", "twin2@example.com", Active),
        member("m13", "0042", "Lead", "Zero", "", Active),
        member(
            "m14",
            "",
            "Mail",
            "Only",
            "Mail.Only@Example.com;second@example.com",
            Active,
        ),
        member(
            "m15",
            "123-ABC",
            "Robert",
            "Smith-Jones",
            "bob@example.com",
            Active,
        ),
        member("m16", "4000", "Zoe", "Zoé", "zoe2@example.com", Active),
        member("m17", "5000", "Ki", "Ko", "shared@example.com", Active),
        member("m18", "5001", "Ka", "Ko", "shared@example.com", Active),
        member("m19", "79927398713", "Luhn", "Valid", "", Active),
    ]
}

/// Every case: its name, the policy, the request and the status it must get.
pub fn cases() -> Vec<(&'static str, MatchPolicy, MatchRequest, MatchStatus)> {
    let either = MatchPolicy::either();
    let loyalty = MatchPolicy::last_name_and_loyalty();
    let email = MatchPolicy::verified_email_and_last_name();
    let mut umlaut = MatchPolicy::last_name_and_loyalty();
    umlaut.umlaut_expansion = true;
    let mut exact = MatchPolicy::last_name_and_loyalty();
    exact.surname_rule = SurnameRule::Exact;
    let mut zeros = MatchPolicy::last_name_and_loyalty();
    zeros.strip_leading_zeros = true;
    let mut luhn = MatchPolicy::last_name_and_loyalty();
    luhn.check_digit = Some(CheckDigit::Luhn);
    let first = MatchPolicy::with_rules(vec![vec![
        MatchField::LoyaltyNumber,
        MatchField::LastName,
        MatchField::FirstName,
    ]]);
    let loyalty_only = MatchPolicy::with_rules(vec![vec![MatchField::LoyaltyNumber]]);

    vec![
        (
            "exact match",
            loyalty.clone(),
            req("Zoë", "O'Brien", "123456789", &[]),
            Connected,
        ),
        (
            "apostrophe ignored",
            loyalty.clone(),
            req("", "OBrien", "123456789", &[]),
            Connected,
        ),
        (
            "curly apostrophe",
            loyalty.clone(),
            req("", "O’Brien", "123456789", &[]),
            Connected,
        ),
        (
            "case folded",
            loyalty.clone(),
            req("", "o'brien", "123456789", &[]),
            Connected,
        ),
        (
            "spaces in loyalty",
            loyalty.clone(),
            req("", "O'Brien", "123 456 789", &[]),
            Connected,
        ),
        (
            "dashes in loyalty",
            loyalty.clone(),
            req("", "O'Brien", "123-456-789", &[]),
            Connected,
        ),
        (
            "loyalty case-insensitive",
            loyalty.clone(),
            req("", "Müller", "ab1234", &[]),
            Connected,
        ),
        (
            "diacritics folded Muller",
            loyalty.clone(),
            req("", "Muller", "AB-1234", &[]),
            Connected,
        ),
        (
            "umlaut policy Mueller",
            umlaut.clone(),
            req("", "Mueller", "AB-1234", &[]),
            Connected,
        ),
        (
            "umlaut policy Müller",
            umlaut.clone(),
            req("", "Müller", "AB-1234", &[]),
            Connected,
        ),
        (
            "no umlaut policy Mueller",
            loyalty.clone(),
            req("", "Mueller", "AB-1234", &[]),
            NameMismatch,
        ),
        (
            "combining vs precomposed",
            loyalty.clone(),
            req("", "Mu\u{0308}ller", "AB-1234", &[]),
            Connected,
        ),
        (
            "first surname only",
            loyalty.clone(),
            req("", "García", "555", &[]),
            Connected,
        ),
        (
            "surname without accents",
            loyalty.clone(),
            req("", "Garcia Marquez", "555", &[]),
            Connected,
        ),
        (
            "hyphenated compound",
            loyalty.clone(),
            req("", "García-Márquez", "555", &[]),
            Connected,
        ),
        (
            "second surname only",
            loyalty.clone(),
            req("", "Márquez", "555", &[]),
            NameMismatch,
        ),
        (
            "exact rule refuses partial",
            exact.clone(),
            req("", "García", "555", &[]),
            NameMismatch,
        ),
        (
            "exact rule accepts full",
            exact.clone(),
            req("", "garcia marquez", "555", &[]),
            Connected,
        ),
        (
            "particles dropped van der",
            loyalty.clone(),
            req("", "Berg", "777", &[]),
            Connected,
        ),
        (
            "particles kept capitalised",
            loyalty.clone(),
            req("", "Van Der Berg", "777", &[]),
            Connected,
        ),
        (
            "particles joined",
            loyalty.clone(),
            req("", "vanderBerg", "777", &[]),
            Connected,
        ),
        (
            "de la Cruz as Cruz",
            loyalty.clone(),
            req("", "Cruz", "888", &[]),
            Connected,
        ),
        (
            "De La Cruz spaced",
            loyalty.clone(),
            req("", "De-La Cruz", "888", &[]),
            Connected,
        ),
        (
            "cyrillic",
            loyalty.clone(),
            req("Ольга", "Иванова", "999", &[]),
            Connected,
        ),
        (
            "cyrillic upper",
            loyalty.clone(),
            req("", "ИВАНОВА", "999", &[]),
            Connected,
        ),
        (
            "cyrillic mismatch",
            loyalty.clone(),
            req("", "Петрова", "999", &[]),
            NameMismatch,
        ),
        (
            "chinese",
            loyalty.clone(),
            req("伟", "李", "111", &[]),
            Connected,
        ),
        (
            "chinese mismatch",
            loyalty.clone(),
            req("", "王", "111", &[]),
            NameMismatch,
        ),
        (
            "hyphen vs space",
            loyalty.clone(),
            req("", "Smith Jones", "123ABC", &[]),
            Connected,
        ),
        (
            "dotted loyalty",
            loyalty.clone(),
            req("", "Smith-Jones", "123.abc", &[]),
            Connected,
        ),
        (
            "nickname ignored by default",
            loyalty.clone(),
            req("Bob", "Smith-Jones", "123-ABC", &[]),
            Connected,
        ),
        (
            "nickname fails when first name required",
            first.clone(),
            req("Bob", "Smith-Jones", "123-ABC", &[]),
            NameMismatch,
        ),
        (
            "first name required and equal",
            first.clone(),
            req("robert", "Smith-Jones", "123-ABC", &[]),
            Connected,
        ),
        (
            "unknown loyalty",
            loyalty.clone(),
            req("", "O'Brien", "000000", &[]),
            AccountNotFound,
        ),
        (
            "no loyalty on request",
            loyalty.clone(),
            req("", "O'Brien", "", &[]),
            AccountNotFound,
        ),
        (
            "empty everything",
            either.clone(),
            req("", "", "", &[]),
            AccountNotFound,
        ),
        (
            "missing last name",
            loyalty.clone(),
            req("Zoë", "", "123456789", &[]),
            NameMismatch,
        ),
        (
            "blank last name",
            loyalty.clone(),
            req("Zoë", "  ", "123456789", &[]),
            NameMismatch,
        ),
        (
            "wrong name right loyalty",
            loyalty.clone(),
            req("", "Smith", "123456789", &[]),
            NameMismatch,
        ),
        (
            "locked account",
            loyalty.clone(),
            req("", "Smith", "222", &[]),
            NeedsAttention,
        ),
        (
            "closed account",
            loyalty.clone(),
            req("", "Jones", "333", &[]),
            NeedsAttention,
        ),
        (
            "flagged account",
            loyalty.clone(),
            req("", "Brown", "444", &[]),
            NeedsAttention,
        ),
        (
            "two members match",
            loyalty.clone(),
            req("", "Taylor", "666", &[]),
            NeedsAttention,
        ),
        (
            "duplicate loyalty wrong name",
            loyalty.clone(),
            req("", "Other", "666", &[]),
            NameMismatch,
        ),
        (
            "leading zeros kept by default",
            loyalty.clone(),
            req("", "Zero", "42", &[]),
            AccountNotFound,
        ),
        (
            "leading zeros stripped by policy",
            zeros.clone(),
            req("", "Zero", "42", &[]),
            Connected,
        ),
        (
            "leading zeros both sides",
            zeros.clone(),
            req("", "Zero", "00042", &[]),
            Connected,
        ),
        (
            "luhn valid",
            luhn.clone(),
            req("", "Valid", "7992 7398 713", &[]),
            Connected,
        ),
        (
            "luhn invalid is not found",
            luhn.clone(),
            req("", "Valid", "79927398710", &[]),
            AccountNotFound,
        ),
        (
            "email match",
            email.clone(),
            req("", "Only", "", &["mail.only@example.com"]),
            Connected,
        ),
        (
            "email trimmed and cased",
            email.clone(),
            req("", "Only", "", &["  MAIL.ONLY@EXAMPLE.COM "]),
            Connected,
        ),
        (
            "second member email",
            email.clone(),
            req("", "Only", "", &["second@example.com"]),
            Connected,
        ),
        (
            "email in slot 3",
            email.clone(),
            req("", "Only", "", &["x@y.z", "q@r.s", "second@example.com"]),
            Connected,
        ),
        (
            "email unknown",
            email.clone(),
            req("", "Only", "", &["nobody@example.com"]),
            AccountNotFound,
        ),
        (
            "email no emails",
            email.clone(),
            req("", "Only", "", &[]),
            AccountNotFound,
        ),
        (
            "email wrong name",
            email.clone(),
            req("", "Else", "", &["mail.only@example.com"]),
            NameMismatch,
        ),
        (
            "shared email two members",
            email.clone(),
            req("", "Ko", "", &["shared@example.com"]),
            NeedsAttention,
        ),
        (
            "either: loyalty path",
            either.clone(),
            req("", "O'Brien", "123456789", &["other@x.com"]),
            Connected,
        ),
        (
            "either: email path",
            either.clone(),
            req("", "Only", "999999", &["second@example.com"]),
            Connected,
        ),
        (
            "either: both point at one member",
            either.clone(),
            req("", "O'Brien", "123456789", &["zoe@example.com"]),
            Connected,
        ),
        (
            "either: loyalty and email different members",
            either.clone(),
            req("", "Ko", "5000", &["shared@example.com"]),
            NeedsAttention,
        ),
        (
            "loyalty only policy",
            loyalty_only.clone(),
            req("", "Anything", "123456789", &[]),
            Connected,
        ),
        (
            "Zoé vs Zoe surname",
            loyalty.clone(),
            req("", "Zoe", "4000", &[]),
            Connected,
        ),
        (
            "full-width digits",
            loyalty.clone(),
            req("", "O'Brien", "１２３４５６７８９", &[]),
            Connected,
        ),
    ]
}
