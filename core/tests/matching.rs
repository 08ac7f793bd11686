//! Matching rules: a table of cases over every normalisation rule and every status, masked
//! explanations, bulk loading errors, and properties (idempotent normalisation; a request made
//! from a member's own data always connects).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::prelude::*;
use triplink_core::matching::normalize::{normalize_email, normalize_loyalty, normalize_name};
use triplink_core::matching::*;

fn member(
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

fn req(first: &str, last: &str, loyalty: &str, emails: &[&str]) -> MatchRequest {
    MatchRequest {
        first_name: (!first.is_empty()).then(|| first.into()),
        middle_name: None,
        last_name: (!last.is_empty()).then(|| last.into()),
        loyalty_number: (!loyalty.is_empty()).then(|| loyalty.into()),
        emails: emails.iter().map(|e| e.to_string()).collect(),
    }
}

use AccountState::{Active, Closed, Locked};
use MatchStatus::*;
const FLAGGED: AccountState = AccountState::NeedsAttention;

fn members() -> Vec<MemberRecord> {
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

#[test]
fn decision_table() {
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
    let idx = |p: &MatchPolicy| MemberIndex::build(p.clone(), members()).unwrap();

    let cases: Vec<(&str, &MatchPolicy, MatchRequest, MatchStatus)> = vec![
        (
            "exact match",
            &loyalty,
            req("Zoë", "O'Brien", "123456789", &[]),
            Connected,
        ),
        (
            "apostrophe ignored",
            &loyalty,
            req("", "OBrien", "123456789", &[]),
            Connected,
        ),
        (
            "curly apostrophe",
            &loyalty,
            req("", "O’Brien", "123456789", &[]),
            Connected,
        ),
        (
            "case folded",
            &loyalty,
            req("", "o'brien", "123456789", &[]),
            Connected,
        ),
        (
            "spaces in loyalty",
            &loyalty,
            req("", "O'Brien", "123 456 789", &[]),
            Connected,
        ),
        (
            "dashes in loyalty",
            &loyalty,
            req("", "O'Brien", "123-456-789", &[]),
            Connected,
        ),
        (
            "loyalty case-insensitive",
            &loyalty,
            req("", "Müller", "ab1234", &[]),
            Connected,
        ),
        (
            "diacritics folded Muller",
            &loyalty,
            req("", "Muller", "AB-1234", &[]),
            Connected,
        ),
        (
            "umlaut policy Mueller",
            &umlaut,
            req("", "Mueller", "AB-1234", &[]),
            Connected,
        ),
        (
            "umlaut policy Müller",
            &umlaut,
            req("", "Müller", "AB-1234", &[]),
            Connected,
        ),
        (
            "no umlaut policy Mueller",
            &loyalty,
            req("", "Mueller", "AB-1234", &[]),
            NameMismatch,
        ),
        (
            "combining vs precomposed",
            &loyalty,
            req("", "Mu\u{0308}ller", "AB-1234", &[]),
            Connected,
        ),
        (
            "first surname only",
            &loyalty,
            req("", "García", "555", &[]),
            Connected,
        ),
        (
            "surname without accents",
            &loyalty,
            req("", "Garcia Marquez", "555", &[]),
            Connected,
        ),
        (
            "hyphenated compound",
            &loyalty,
            req("", "García-Márquez", "555", &[]),
            Connected,
        ),
        (
            "second surname only",
            &loyalty,
            req("", "Márquez", "555", &[]),
            NameMismatch,
        ),
        (
            "exact rule refuses partial",
            &exact,
            req("", "García", "555", &[]),
            NameMismatch,
        ),
        (
            "exact rule accepts full",
            &exact,
            req("", "garcia marquez", "555", &[]),
            Connected,
        ),
        (
            "particles dropped van der",
            &loyalty,
            req("", "Berg", "777", &[]),
            Connected,
        ),
        (
            "particles kept capitalised",
            &loyalty,
            req("", "Van Der Berg", "777", &[]),
            Connected,
        ),
        (
            "particles joined",
            &loyalty,
            req("", "vanderBerg", "777", &[]),
            Connected,
        ),
        (
            "de la Cruz as Cruz",
            &loyalty,
            req("", "Cruz", "888", &[]),
            Connected,
        ),
        (
            "De La Cruz spaced",
            &loyalty,
            req("", "De-La Cruz", "888", &[]),
            Connected,
        ),
        (
            "cyrillic",
            &loyalty,
            req("Ольга", "Иванова", "999", &[]),
            Connected,
        ),
        (
            "cyrillic upper",
            &loyalty,
            req("", "ИВАНОВА", "999", &[]),
            Connected,
        ),
        (
            "cyrillic mismatch",
            &loyalty,
            req("", "Петрова", "999", &[]),
            NameMismatch,
        ),
        ("chinese", &loyalty, req("伟", "李", "111", &[]), Connected),
        (
            "chinese mismatch",
            &loyalty,
            req("", "王", "111", &[]),
            NameMismatch,
        ),
        (
            "hyphen vs space",
            &loyalty,
            req("", "Smith Jones", "123ABC", &[]),
            Connected,
        ),
        (
            "dotted loyalty",
            &loyalty,
            req("", "Smith-Jones", "123.abc", &[]),
            Connected,
        ),
        (
            "nickname ignored by default",
            &loyalty,
            req("Bob", "Smith-Jones", "123-ABC", &[]),
            Connected,
        ),
        (
            "nickname fails when first name required",
            &first,
            req("Bob", "Smith-Jones", "123-ABC", &[]),
            NameMismatch,
        ),
        (
            "first name required and equal",
            &first,
            req("robert", "Smith-Jones", "123-ABC", &[]),
            Connected,
        ),
        (
            "unknown loyalty",
            &loyalty,
            req("", "O'Brien", "000000", &[]),
            AccountNotFound,
        ),
        (
            "no loyalty on request",
            &loyalty,
            req("", "O'Brien", "", &[]),
            AccountNotFound,
        ),
        (
            "empty everything",
            &either,
            req("", "", "", &[]),
            AccountNotFound,
        ),
        (
            "missing last name",
            &loyalty,
            req("Zoë", "", "123456789", &[]),
            NameMismatch,
        ),
        (
            "blank last name",
            &loyalty,
            req("Zoë", "  ", "123456789", &[]),
            NameMismatch,
        ),
        (
            "wrong name right loyalty",
            &loyalty,
            req("", "Smith", "123456789", &[]),
            NameMismatch,
        ),
        (
            "locked account",
            &loyalty,
            req("", "Smith", "222", &[]),
            NeedsAttention,
        ),
        (
            "closed account",
            &loyalty,
            req("", "Jones", "333", &[]),
            NeedsAttention,
        ),
        (
            "flagged account",
            &loyalty,
            req("", "Brown", "444", &[]),
            NeedsAttention,
        ),
        (
            "two members match",
            &loyalty,
            req("", "Taylor", "666", &[]),
            NeedsAttention,
        ),
        (
            "duplicate loyalty wrong name",
            &loyalty,
            req("", "Other", "666", &[]),
            NameMismatch,
        ),
        (
            "leading zeros kept by default",
            &loyalty,
            req("", "Zero", "42", &[]),
            AccountNotFound,
        ),
        (
            "leading zeros stripped by policy",
            &zeros,
            req("", "Zero", "42", &[]),
            Connected,
        ),
        (
            "leading zeros both sides",
            &zeros,
            req("", "Zero", "00042", &[]),
            Connected,
        ),
        (
            "luhn valid",
            &luhn,
            req("", "Valid", "7992 7398 713", &[]),
            Connected,
        ),
        (
            "luhn invalid is not found",
            &luhn,
            req("", "Valid", "79927398710", &[]),
            AccountNotFound,
        ),
        (
            "email match",
            &email,
            req("", "Only", "", &["mail.only@example.com"]),
            Connected,
        ),
        (
            "email trimmed and cased",
            &email,
            req("", "Only", "", &["  MAIL.ONLY@EXAMPLE.COM "]),
            Connected,
        ),
        (
            "second member email",
            &email,
            req("", "Only", "", &["second@example.com"]),
            Connected,
        ),
        (
            "email in slot 3",
            &email,
            req("", "Only", "", &["x@y.z", "q@r.s", "second@example.com"]),
            Connected,
        ),
        (
            "email unknown",
            &email,
            req("", "Only", "", &["nobody@example.com"]),
            AccountNotFound,
        ),
        (
            "email no emails",
            &email,
            req("", "Only", "", &[]),
            AccountNotFound,
        ),
        (
            "email wrong name",
            &email,
            req("", "Else", "", &["mail.only@example.com"]),
            NameMismatch,
        ),
        (
            "shared email two members",
            &email,
            req("", "Ko", "", &["shared@example.com"]),
            NeedsAttention,
        ),
        (
            "either: loyalty path",
            &either,
            req("", "O'Brien", "123456789", &["other@x.com"]),
            Connected,
        ),
        (
            "either: email path",
            &either,
            req("", "Only", "999999", &["second@example.com"]),
            Connected,
        ),
        (
            "either: both point at one member",
            &either,
            req("", "O'Brien", "123456789", &["zoe@example.com"]),
            Connected,
        ),
        (
            "either: loyalty and email different members",
            &either,
            req("", "Ko", "5000", &["shared@example.com"]),
            NeedsAttention,
        ),
        (
            "loyalty only policy",
            &loyalty_only,
            req("", "Anything", "123456789", &[]),
            Connected,
        ),
        (
            "Zoé vs Zoe surname",
            &loyalty,
            req("", "Zoe", "4000", &[]),
            Connected,
        ),
        (
            "full-width digits",
            &loyalty,
            req("", "O'Brien", "１２３４５６７８９", &[]),
            Connected,
        ),
    ];
    assert!(cases.len() >= 60, "{} cases", cases.len());
    for (name, policy, r, want) in cases {
        let d = idx(policy).decide(&r);
        assert_eq!(d.status, want, "{name}: {d:?}");
        assert!(!d.reason.is_empty(), "{name}");
        let all = format!("{} {:?}", d.reason, d.evidence);
        if let Some(l) = &r.loyalty_number {
            let key = normalize_loyalty(l, false);
            if key.len() > 4 {
                assert!(
                    !all.contains(&key),
                    "{name}: loyalty number unmasked in {all}"
                );
            }
        }
        for e in &r.emails {
            assert!(
                !all.contains(&normalize_email(e)),
                "{name}: email unmasked in {all}"
            );
        }
    }
}

struct DownDirectory;

#[async_trait::async_trait]
impl MemberDirectory for DownDirectory {
    async fn find_by_loyalty(&self, _: &str) -> Result<Vec<MemberRecord>, DirectoryError> {
        Err(DirectoryError::Timeout)
    }
    async fn find_by_email(&self, _: &str) -> Result<Vec<MemberRecord>, DirectoryError> {
        Err(DirectoryError::Unavailable("db down".into()))
    }
}

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

#[test]
fn directory_failures_retry_and_the_async_path_agrees_with_the_index() {
    let d = block_on(decide_with(
        &DownDirectory,
        &MatchPolicy::either(),
        &req("", "X", "1", &[]),
    ));
    assert_eq!(
        (d.status, d.status.status_code().as_str()),
        (Retry, "CRRET")
    );
    let d = block_on(decide_with(
        &DownDirectory,
        &MatchPolicy::verified_email_and_last_name(),
        &req("", "X", "", &["a@b.c"]),
    ));
    assert_eq!(d.status, Retry);
    let idx = MemberIndex::build(MatchPolicy::either(), members()).unwrap();
    let r = req("", "Only", "", &["second@example.com"]);
    assert_eq!(
        block_on(decide_with(&idx, idx.policy(), &r)),
        idx.decide(&r)
    );
    let d = idx.decide(&req("", "O'Brien", "123456789", &[]));
    assert_eq!(d.member_id.as_deref(), Some("m1"));
    assert_eq!(d.status.status_code().as_str(), "CRSUC");
    assert!(
        d.evidence.iter().any(|e| e.note.contains("•••••6789")),
        "{:?}",
        d.evidence
    );
    let json = serde_json::to_string(&d).unwrap();
    assert!(json.contains("Connected"));
}

#[test]
fn member_lists_load_or_fail_with_line_numbers() {
    let csv = "loyalty_number,first_name,last_name,email,state\n123,Zoë,O'Brien,zoe@x.com,active\n456,Hans,Müller,\"a@x.com; b@x.com\",locked\n";
    let m = members_from_csv(csv).unwrap();
    assert_eq!(m.len(), 2);
    assert_eq!(m[1].emails, vec!["a@x.com", "b@x.com"]);
    assert_eq!((m[1].state, m[1].member_id.as_str()), (Locked, "456"));
    let e =
        members_from_csv("loyalty_number,last_name,state\n1,A,active\n2,B,frozen\n").unwrap_err();
    assert!(
        e.to_string().contains("line 3") && e.to_string().contains("frozen"),
        "{e}"
    );
    assert!(members_from_csv("loyalty_number,last_name\n,A\n")
        .unwrap_err()
        .to_string()
        .contains("line 2"));
    assert!(members_from_csv("first_name\nx\n").is_err());
    assert!(members_from_csv("loyalty_number,last_name\n1,A,extra\n").is_err());
    let jl = "{\"member_id\":\"a\",\"loyalty_number\":\"1\",\"last_name\":\"X\"}\n\n{\"member_id\":\"b\",\"emails\":[\"q@x.com\"],\"state\":\"closed\"}\n";
    let m = members_from_json_lines(jl).unwrap();
    assert_eq!((m.len(), m[1].state), (2, Closed));
    assert!(members_from_json_lines("{\"member_id\":1}\n")
        .unwrap_err()
        .to_string()
        .contains("line 1"));
}

proptest! {
    #[test]
    fn normalisation_is_idempotent(s in "\\PC{0,24}") {
        let once = normalize_name(&s, false);
        prop_assert_eq!(normalize_name(&once, false), once.clone());
        let l = normalize_loyalty(&s, true);
        prop_assert_eq!(normalize_loyalty(&l, true), l.clone());
        let e = normalize_email(&s);
        prop_assert_eq!(normalize_email(&e), e.clone());
    }

    #[test]
    fn allocation_free_comparisons_agree_with_normalisation(a in "[ A-Za-z0-9./_-]{0,12}", b in "[ A-Za-z0-9./_-]{0,12}", zeros in any::<bool>()) {
        use triplink_core::matching::normalize::{loyalty_matches, name_equals_words, name_words};
        let key = normalize_loyalty(&b, zeros);
        prop_assert_eq!(loyalty_matches(&key, &a, zeros), normalize_loyalty(&a, zeros) == key);
        let words = name_words(&b, false);
        prop_assert_eq!(name_equals_words(&a, &words, false), name_words(&a, false).concat() == words.concat());
    }

    #[test]
    fn a_members_own_data_always_connects(
        first in "[A-Za-zÀ-ÿ' -]{1,12}", last in "[A-Za-zÀ-ÿА-я'-]{1,5}( [A-Za-zÀ-ÿ]{1,6})?",
        loyalty in "[A-Z0-9]{3,10}", local in "[a-z]{1,8}", use_email in any::<bool>(),
    ) {
        prop_assume!(!normalize_name(&last, false).is_empty());
        let m = member("p", &loyalty, &first, &last, &format!("{local}@example.com"), Active);
        let idx = MemberIndex::build(MatchPolicy::either(), vec![m]).unwrap();
        let r = if use_email {
            req(&first, &last, "", &[&format!("{local}@example.com")])
        } else {
            req(&first, &last, &loyalty, &[])
        };
        prop_assert_eq!(idx.decide(&r).status, Connected);
    }
}
