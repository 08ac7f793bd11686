//! Matching rules: a table of cases over every normalisation rule and every status, masked
//! explanations, bulk loading errors, and properties (idempotent normalisation; a request made
//! from a member's own data always connects).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::prelude::*;
use triplink_core::matching::normalize::{normalize_email, normalize_loyalty, normalize_name};
use triplink_core::matching::*;

mod matching_table;

use matching_table::*;

#[test]
fn decision_table() {
    let idx = |p: &MatchPolicy| MemberIndex::build(p.clone(), members()).unwrap();
    let cases = cases();
    assert!(cases.len() >= 60, "{} cases", cases.len());
    for (name, policy, r, want) in cases {
        let d = idx(&policy).decide(&r);
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
