//! The auto-connect job's journal against the sandbox over loopback HTTP: a rerun resumes from
//! the SQLite journal (tokens stored but no PUT → CRSUC without a second exchange; an
//! interrupted exchange → CRSUC when the tokens landed or a second exchange gets them, CRRET
//! when the token was used and the tokens lost, and the re-offered request connects), failed PUTs never hide the rest of the queue, and every run
//! that leaves work says why in `stopped`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use triplink::api::connection_requests::ListParams;
use triplink::client::{AutoConnectOptions, JournalEntry, JournalStage, RequestJournal};
use triplink::flow::auto_connect::offer_key;
use triplink::sqlite_journal::SqliteJournal;
use triplink_sandbox::demo::{demo_user_id, DEMO_EXPECTED};
use triplink_sandbox::faults::{Fault, FaultKind};

const CR: &str = "/api/v3.2/common/connectionrequests/";

fn put_fault(kind: FaultKind, times: u32) -> Fault {
    Fault {
        method: Some("PUT".into()),
        ..Fault::on(CR, kind, times)
    }
}

fn journal_path(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("triplink-resume-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(format!("{name}.sqlite"));
    let _ = std::fs::remove_file(&p);
    p
}

/// The last status PUT (and accepted) per user, and how many PUTs each request got.
fn last_put_by_user(rig: &Rig) -> HashMap<String, String> {
    let reqs = rig.sandbox.requests();
    let mut out = HashMap::new();
    for p in rig.sandbox.puts_received() {
        let user = reqs.iter().find(|r| r.id == p.id).unwrap().user_id.clone();
        out.insert(user, p.status);
    }
    out
}

fn no_stop() -> AutoConnectOptions {
    AutoConnectOptions {
        concurrency: 1,
        max_failed_puts_in_a_row: 0,
        ..AutoConnectOptions::default()
    }
}

#[tokio::test]
async fn stored_tokens_without_a_confirmed_put_resume_as_crsuc_without_a_second_exchange() {
    let rig = rig().await;
    let path = journal_path("stored");
    // Every PUT of the first run is refused: tokens are stored, no status lands.
    rig.sandbox
        .inject_fault(put_fault(FaultKind::Status { status: 400 }, 20));
    let journal = Arc::new(SqliteJournal::open(&path).unwrap());
    let first = job(&rig, no_stop())
        .with_journal(journal.clone())
        .run()
        .await;
    assert_eq!(first.failed_puts, 20);
    let stopped = first.stopped.clone().unwrap_or_default();
    assert!(stopped.contains("20 request(s) still pending"), "{stopped}");
    assert!(
        stopped.contains(&first.pending[0]),
        "names the pending items: {stopped}"
    );
    assert_eq!(first.pending.len(), 20);
    drop(journal);

    // The rerun reopens the journal from disk: 11 CRSUC without exchanging the used tokens
    // again (a second exchange would get "already used" and PUT the final CRPA1).
    let journal = Arc::new(SqliteJournal::open(&path).unwrap());
    let again = job(&rig, no_stop())
        .with_journal(journal.clone())
        .run()
        .await;
    assert_eq!(again.stopped, None, "{:?}", again.stopped);
    assert_eq!(
        (again.count("CRSUC"), again.count("CRPA1"), again.total()),
        (11, 1, 20),
        "{:#?}",
        again.counts
    );
    let last = last_put_by_user(&rig);
    for (i, want) in DEMO_EXPECTED.iter().enumerate() {
        let user = demo_user_id(i);
        assert_eq!(
            last.get(&user).map(String::as_str),
            Some(*want),
            "user {user}"
        );
        let stored = rig.store.load(&user).await.unwrap().is_some();
        assert_eq!(stored, *want == "CRSUC", "user {user}");
    }
    assert!(again
        .outcomes
        .iter()
        .filter(|o| o.status == "CRSUC")
        .all(|o| o
            .reason
            .contains("resumed from the journal (status_chosen)")));
    let counts = journal.stage_counts().unwrap();
    assert_eq!(counts, vec![(JournalStage::PutConfirmed, 20)]);
}

/// Journals `stage` for the listed request of demo user `i` (as a killed run would have).
async fn journal_stage(rig: &Rig, journal: &dyn RequestJournal, i: usize, stage: JournalStage) {
    let page = rig
        .requests
        .list_page(&ListParams {
            limit: Some(10),
            ..ListParams::default()
        })
        .await
        .unwrap()
        .value;
    let cr = page
        .items
        .iter()
        .find(|c| c.user_id.as_deref() == Some(demo_user_id(i).as_str()))
        .unwrap();
    let entry = JournalEntry {
        request_id: cr.id.clone(),
        offer: offer_key(cr),
        user_id: cr.user_id.clone(),
        stage,
        status: None,
    };
    journal
        .begin_page(std::slice::from_ref(&entry))
        .await
        .unwrap();
    journal.record(&entry, None).await.unwrap();
    if i == 2 {
        return; // killed before the exchange was sent: the token is unused
    }
    // The exchange itself happened; user 1's tokens are lost, user 0's were stored.
    let token = cr.request_token.clone().unwrap();
    let uid = demo_user_id(i);
    let set = rig
        .tokens
        .exchange_connection_request(&uid, &uid, &token, None)
        .await
        .unwrap();
    assert!(set.refresh_token.is_some());
    if i == 1 {
        rig.store.remove(&uid).await.unwrap();
    }
}

#[tokio::test]
async fn an_interrupted_exchange_resumes_by_what_the_token_store_holds() {
    let rig = rig().await;
    let journal: Arc<SqliteJournal> = Arc::new(SqliteJournal::open_in_memory().unwrap());
    journal_stage(&rig, journal.as_ref(), 0, JournalStage::ExchangeStarted).await;
    journal_stage(&rig, journal.as_ref(), 1, JournalStage::ExchangeStarted).await;
    journal_stage(&rig, journal.as_ref(), 2, JournalStage::ExchangeStarted).await;
    let report = job(&rig, AutoConnectOptions::default())
        .with_journal(journal.clone())
        .run()
        .await;
    assert_eq!(report.stopped, None);
    let last = last_put_by_user(&rig);
    // Tokens stored: CRSUC. Tokens lost with the token consumed: CRRET, never the final CRPA1.
    assert_eq!(last[&demo_user_id(0)], "CRSUC");
    assert_eq!(last[&demo_user_id(1)], "CRRET");
    // Never sent: the second exchange gets the tokens.
    assert_eq!(last[&demo_user_id(2)], "CRSUC");
    assert!(rig.store.load(&demo_user_id(2)).await.unwrap().is_some());
    assert!(rig.store.load(&demo_user_id(1)).await.unwrap().is_none());
    // Concur offers user 1's request again in an hour with a new token: it connects.
    rig.sandbox.advance_clock(3600);
    let later = job(&rig, AutoConnectOptions::default())
        .with_journal(journal.clone())
        .run()
        .await;
    assert_eq!(later.stopped, None);
    assert_eq!(later.count("CRSUC"), 1, "{:#?}", later.counts);
    assert_eq!(last_put_by_user(&rig)[&demo_user_id(1)], "CRSUC");
    assert!(rig.store.load(&demo_user_id(1)).await.unwrap().is_some());
}

#[tokio::test]
async fn failed_puts_never_hide_the_rest_of_the_queue() {
    let rig = rig().await;
    // The first five PUTs fail: those requests stay at the head of the queue.
    rig.sandbox
        .inject_fault(put_fault(FaultKind::Status { status: 400 }, 5));
    let opts = AutoConnectOptions {
        page_limit: 3,
        ..no_stop()
    };
    let journal = Arc::new(SqliteJournal::open_in_memory().unwrap());
    let first = job(&rig, opts.clone())
        .with_journal(journal.clone())
        .run()
        .await;
    assert_eq!(first.total(), 20, "paged past the failed ones");
    assert_eq!(first.failed_puts, 5);
    assert_eq!(rig.sandbox.puts_received().len(), 15);
    let stopped = first.stopped.clone().unwrap();
    assert!(stopped.contains("5 request(s) still pending"), "{stopped}");
    for id in &first.pending {
        assert!(stopped.contains(id.as_str()), "{stopped}");
    }
    let again = job(&rig, opts).with_journal(journal).run().await;
    assert_eq!(again.stopped, None);
    assert_eq!(again.total(), 5);
    let last = last_put_by_user(&rig);
    for (i, want) in DEMO_EXPECTED.iter().enumerate() {
        assert_eq!(last[&demo_user_id(i)], *want, "user {i}");
    }
}

#[tokio::test]
async fn an_outage_stops_the_run_with_its_reason_and_the_rerun_completes() {
    let rig = fast_retry_rig().await;
    // Concur answers 503 to every PUT for a while (retries included).
    rig.sandbox
        .inject_fault(put_fault(FaultKind::Status { status: 503 }, 40));
    let opts = AutoConnectOptions {
        concurrency: 1,
        max_failed_puts_in_a_row: 5,
        ..AutoConnectOptions::default()
    };
    let journal = Arc::new(SqliteJournal::open_in_memory().unwrap());
    let first = job(&rig, opts.clone())
        .with_journal(journal.clone())
        .run()
        .await;
    let stopped = first.stopped.clone().unwrap();
    assert!(
        stopped.contains("5 status PUTs failed in a row"),
        "{stopped}"
    );
    assert!(stopped.contains("5 request(s) still pending"), "{stopped}");
    assert_eq!(first.total(), 5, "nothing else was started");
    rig.sandbox.clear_faults();
    let again = job(&rig, opts).with_journal(journal).run().await;
    assert_eq!(again.stopped, None);
    assert_eq!(again.total(), 20);
    assert_eq!(again.count("CRSUC"), 11);
    let last = last_put_by_user(&rig);
    for (i, want) in DEMO_EXPECTED.iter().enumerate() {
        assert_eq!(last[&demo_user_id(i)], *want, "user {i}");
    }
}

#[tokio::test]
async fn reaching_max_requests_is_a_stopped_reason_and_a_journal_runs_once_at_a_time() {
    let rig = rig().await;
    let journal = Arc::new(SqliteJournal::open_in_memory().unwrap());
    let opts = AutoConnectOptions {
        max_requests: 5,
        ..AutoConnectOptions::default()
    };
    let report = job(&rig, opts.clone())
        .with_journal(journal.clone())
        .run()
        .await;
    assert_eq!(report.total(), 5);
    assert!(
        report
            .stopped
            .as_deref()
            .unwrap_or("")
            .contains("maxRequests (5)"),
        "{:?}",
        report.stopped
    );
    // Two jobs on one journal in one process: the second does not start.
    let a = job(&rig, AutoConnectOptions::default()).with_journal(journal.clone());
    let b = job(&rig, AutoConnectOptions::default()).with_journal(journal.clone());
    let (ra, rb) = tokio::join!(a.run(), b.run());
    let refused: Vec<_> = [&ra, &rb]
        .into_iter()
        .filter(|r| {
            r.stopped
                .as_deref()
                .unwrap_or("")
                .contains("one runner per journal")
        })
        .collect();
    assert_eq!(refused.len(), 1, "{:?} / {:?}", ra.stopped, rb.stopped);
    assert_eq!(refused[0].total(), 0);
    assert_eq!(ra.total() + rb.total(), 15);
}

#[tokio::test]
async fn a_lost_exchange_answer_loses_no_connection() {
    let rig = rig().await;
    // The exchange acts (the token is used, tokens issued), then the answer is lost: a broken
    // connection for the first three exchange calls, a 500 for the next three.
    let token = "/oauth2/v0/token";
    rig.sandbox
        .inject_fault(Fault::on(token, FaultKind::DropAfter, 3).with_body("credtype=authtoken"));
    rig.sandbox.inject_fault(
        Fault::on(token, FaultKind::StatusAfter { status: 500 }, 3).with_body("credtype=authtoken"),
    );
    let journal = Arc::new(SqliteJournal::open_in_memory().unwrap());
    let opts = AutoConnectOptions {
        concurrency: 1,
        ..AutoConnectOptions::default()
    };
    let first = job(&rig, opts.clone())
        .with_journal(journal.clone())
        .run()
        .await;
    assert_eq!(first.stopped, None, "{:?}", first.stopped);
    assert!(first.count("CRRET") >= 2, "{:#?}", first.counts);
    assert_eq!(first.count("CRPA1"), 1, "only the oracle's stale token");
    let counters = rig.sandbox.counters();
    assert!(counters.responses_lost >= 3);
    // A token whose answer was lost is tried once more at most: its "already used" decides
    // (a lost answer may also be a geolocation hop's, which used nothing).
    assert!(
        counters.exchanges_refused.values().all(|&n| n == 1),
        "{:?}",
        counters.exchanges_refused
    );
    assert!(!counters.exchanges_refused.is_empty(), "{counters:?}");
    // An hour later Concur offers the handed-back requests again with new tokens.
    rig.sandbox.advance_clock(3600);
    let later = job(&rig, opts).with_journal(journal).run().await;
    assert_eq!(later.stopped, None);
    assert_eq!(later.count("CRSUC"), first.count("CRRET"));
    let last = last_put_by_user(&rig);
    let puts = rig.sandbox.puts_received();
    for (i, want) in DEMO_EXPECTED.iter().enumerate() {
        let user = demo_user_id(i);
        assert_eq!(last[&user], *want, "user {i}");
        assert_eq!(
            rig.store.load(&user).await.unwrap().is_some(),
            *want == "CRSUC",
            "user {i}"
        );
    }
    assert_eq!(
        puts.iter().filter(|p| p.status == "CRPA1").count(),
        1,
        "no connection reported as failed"
    );
}
