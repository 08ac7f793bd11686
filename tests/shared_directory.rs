//! `PostgresMemberDirectory` against a real PostgreSQL (`scripts/services.sh`): it decides
//! every case of the core's matching table as the in-memory index does, the auto-connect job
//! using it against the sandbox PUTs the demo oracle's statuses, a bad row is refused with an
//! error naming it (the list loaded before stays whole), and a connection URL's password is
//! never in an error.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
#[path = "../core/tests/matching_table/mod.rs"]
mod matching_table;
mod services;

use common::{rig, Rig};
use services::{unique, Backend};
use std::collections::HashMap;
use std::sync::Arc;
use triplink::client::{AutoConnect, AutoConnectOptions};
use triplink::matching::{
    decide_with, members_from_csv, MatchPolicy, MemberDirectory, MemberIndex, MemberRecord,
};
use triplink::postgres_member_directory::PostgresMemberDirectory;
use triplink::{ErrorCode, TriplinkError};
use triplink_sandbox::demo::{demo_user_id, DEMO_EXPECTED, DEMO_MEMBERS_CSV};

#[tokio::test]
async fn decides_every_case_of_the_matching_table_as_the_in_memory_index() {
    let Some(url) = Backend::Postgres.url() else {
        return;
    };
    // One list per policy: the loyalty key depends on the policy's rules.
    let mut lists: HashMap<String, (PostgresMemberDirectory, MemberIndex)> = HashMap::new();
    let cases = matching_table::cases();
    for (name, policy, request, want) in &cases {
        let key = format!("{policy:?}");
        if !lists.contains_key(&key) {
            let members = matching_table::members();
            let pg = PostgresMemberDirectory::load(&url, &unique("table"), policy, &members)
                .await
                .unwrap();
            assert_eq!(pg.len().await.unwrap(), members.len() as u64);
            let idx = MemberIndex::build(policy.clone(), members).unwrap();
            lists.insert(key.clone(), (pg, idx));
        }
        let (pg, idx) = &lists[&key];
        let from_pg = decide_with(pg, policy, request).await;
        assert_eq!(from_pg.status, *want, "{name}: {from_pg:?}");
        assert_eq!(from_pg, idx.decide(request), "{name}");
        assert_eq!(from_pg, decide_with(idx, policy, request).await, "{name}");
    }
    assert!(lists.len() >= 5, "{} policies", lists.len());
}

async fn check_oracle(rig: &Rig) {
    let requests = rig.sandbox.requests();
    let mut puts: HashMap<String, Vec<String>> = HashMap::new();
    for p in rig.sandbox.puts_received() {
        let user = &requests.iter().find(|r| r.id == p.id).unwrap().user_id;
        puts.entry(user.clone()).or_default().push(p.status);
    }
    for (i, want) in DEMO_EXPECTED.iter().enumerate() {
        assert_eq!(
            puts.get(&demo_user_id(i)).map(Vec::as_slice),
            Some(&[want.to_string()][..]),
            "demo user {i}"
        );
    }
}

#[tokio::test]
async fn auto_connect_on_the_postgres_directory_puts_the_oracles_statuses() {
    let Some(url) = Backend::Postgres.url() else {
        return;
    };
    let policy = MatchPolicy::either();
    let members = members_from_csv(DEMO_MEMBERS_CSV).unwrap();
    let name = unique("demo");
    PostgresMemberDirectory::load(&url, &name, &policy, &members)
        .await
        .unwrap();
    // A worker that did not load the list connects to it by name.
    let directory = Arc::new(PostgresMemberDirectory::connect(&url, &name).await.unwrap());
    assert_eq!(directory.len().await.unwrap(), members.len() as u64);
    let rig = rig().await;
    let report = AutoConnect::new(
        rig.requests.clone(),
        rig.tokens.clone(),
        directory,
        policy,
        AutoConnectOptions::default(),
    )
    .run()
    .await;
    assert_eq!(report.stopped, None);
    assert_eq!(report.total(), DEMO_EXPECTED.len());
    check_oracle(&rig).await;
}

fn field(e: &TriplinkError) -> &str {
    match e {
        TriplinkError::InvalidInput { field, .. } => field,
        other => panic!("not an InvalidInput: {other:?}"),
    }
}

#[tokio::test]
async fn a_bad_row_is_refused_by_name_and_the_loaded_list_stays() {
    let Some(url) = Backend::Postgres.url() else {
        return;
    };
    let policy = MatchPolicy::either();
    let good = members_from_csv(DEMO_MEMBERS_CSV).unwrap();
    let name = unique("bad-rows");
    let loaded = PostgresMemberDirectory::load(&url, &name, &policy, &good)
        .await
        .unwrap();
    let first_key = policy.loyalty_key(good[0].loyalty_number.as_deref().unwrap());
    let before = loaded.find_by_loyalty(&first_key).await.unwrap();

    let with = |row: usize, edit: &dyn Fn(&mut MemberRecord)| {
        let mut list = good.clone();
        edit(&mut list[row - 1]);
        list
    };
    let bad: Vec<(usize, Vec<MemberRecord>, &str)> = vec![
        (
            3,
            with(3, &|m| {
                m.loyalty_number = None;
                m.emails.clear();
            }),
            "neither a loyalty number nor an email",
        ),
        (4, with(4, &|m| m.member_id.clear()), "no member id"),
        (
            5,
            with(5, &|m| m.member_id = good[1].member_id.clone()),
            "repeated",
        ),
        (
            6,
            with(6, &|m| m.last_name = Some("Nul\0Byte".into())),
            "NUL",
        ),
    ];
    for (row, list, why) in bad {
        let e = PostgresMemberDirectory::load(&url, &name, &policy, &list)
            .await
            .unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidInput, "{e}");
        assert!(field(&e).starts_with(&format!("members row {row} ")), "{e}");
        assert!(e.to_string().contains(why), "{e}");
    }
    // Nothing was written: the list loaded before is whole.
    let after = PostgresMemberDirectory::connect(&url, &name).await.unwrap();
    assert_eq!(after.len().await.unwrap(), good.len() as u64);
    assert_eq!(after.find_by_loyalty(&first_key).await.unwrap(), before);
    assert_eq!(before, vec![good[0].clone()]);
}

#[tokio::test]
async fn the_password_in_a_url_is_never_in_an_error() {
    let Some(url) = Backend::Postgres.url() else {
        return;
    };
    // A refused login (a role that does not exist) and an unreachable server.
    let port = url.rsplit(':').next().unwrap().split('/').next().unwrap();
    for bad in [
        format!("postgres://nobody:Pa55-w0rd-xyz@127.0.0.1:{port}/nodb"),
        "postgres://nobody:Pa55-w0rd-xyz@127.0.0.1:1/nodb".to_owned(),
    ] {
        let e = PostgresMemberDirectory::connect(&bad, "x")
            .await
            .unwrap_err();
        let shown = format!("{e} {e:?}");
        assert!(!shown.contains("Pa55-w0rd-xyz"), "{shown}");
        assert!(shown.contains("PostgreSQL"), "{shown}");
    }
}
