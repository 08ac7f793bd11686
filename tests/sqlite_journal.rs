//! `SqliteJournal` on a real file: one runner at a time — a second open in this process, and a
//! second process, get `JournalOpenError::InUse` (or wait for the holder); a SIGKILLed holder
//! releases it with its committed entries intact; entries survive a reopen.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use triplink::client::{JournalEntry, JournalStage, RequestJournal};
use triplink::model::StatusCode;
use triplink::sqlite_journal::{JournalOpenError, SqliteJournal};

fn path(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("triplink-journal-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(format!("{name}.sqlite"));
    let _ = std::fs::remove_file(&p);
    p
}

fn entry(id: &str, stage: JournalStage, status: Option<StatusCode>) -> JournalEntry {
    JournalEntry {
        request_id: id.into(),
        offer: "t0123".into(),
        user_id: Some("u1".into()),
        stage,
        status,
    }
}

#[tokio::test]
async fn a_second_open_is_refused_until_the_first_closes_and_entries_persist() {
    let p = path("inproc");
    let j = SqliteJournal::open(&p).unwrap();
    j.begin_page(&[entry("r1", JournalStage::Seen, None)])
        .await
        .unwrap();
    j.record(
        &entry("r1", JournalStage::StatusChosen, Some(StatusCode::Crsuc)),
        None,
    )
    .await
    .unwrap();
    let e = SqliteJournal::open(&p).unwrap_err();
    assert!(matches!(e, JournalOpenError::InUse { .. }), "{e:?}");
    assert!(e.to_string().contains("one runner per journal"), "{e}");
    // Waiting: the holder closes within the wait, so the second open gets it.
    let closer = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(150));
        drop(j);
    });
    let j2 = SqliteJournal::open_with(&p, Duration::from_secs(5), false).unwrap();
    closer.join().unwrap();
    let got = j2.entry("r1").unwrap().unwrap();
    assert_eq!(got.stage, JournalStage::StatusChosen);
    assert_eq!(got.status, Some(StatusCode::Crsuc));
    // A page seen again with the same offer keeps the stage; a new offer starts over.
    let prior = j2
        .begin_page(&[entry("r1", JournalStage::Seen, None)])
        .await
        .unwrap();
    assert_eq!(prior[0].as_ref().unwrap().stage, JournalStage::StatusChosen);
    let mut newer = entry("r1", JournalStage::Seen, None);
    newer.offer = "t9999".into();
    j2.begin_page(&[newer]).await.unwrap();
    assert_eq!(j2.entry("r1").unwrap().unwrap().stage, JournalStage::Seen);
}

#[tokio::test]
async fn not_a_journal_is_a_storage_error() {
    let p = path("garbage");
    std::fs::write(&p, b"this is not an SQLite database, not even close....").unwrap();
    let e = SqliteJournal::open(&p).unwrap_err();
    assert!(matches!(e, JournalOpenError::Storage { .. }), "{e:?}");
}

/// Runs only as the child of `a_second_process_is_refused_until_the_holder_dies`: opens the
/// journal, records one entry, says so, and holds it.
#[tokio::test]
async fn child_holds_the_journal() {
    let Ok(p) = std::env::var("TRIPLINK_JOURNAL_CHILD") else {
        return;
    };
    let j = SqliteJournal::open(&p).unwrap();
    j.record(&entry("held", JournalStage::TokensStored, None), None)
        .await
        .unwrap();
    println!("HELD");
    tokio::time::sleep(Duration::from_secs(60)).await;
}

#[test]
fn a_second_process_is_refused_until_the_holder_dies() {
    let p = path("twoproc");
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "child_holds_the_journal",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("TRIPLINK_JOURNAL_CHILD", &p)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let start = Instant::now();
    loop {
        let line = lines.next().expect("the child ended early").unwrap();
        if line.contains("HELD") {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(60));
    }
    let e = SqliteJournal::open(&p).unwrap_err();
    assert!(matches!(e, JournalOpenError::InUse { .. }), "{e:?}");
    let e = SqliteJournal::open_with(&p, Duration::from_millis(200), false).unwrap_err();
    assert!(matches!(e, JournalOpenError::InUse { .. }), "{e:?}");
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let j = SqliteJournal::open(&p).unwrap();
    let held = j.entry("held").unwrap().unwrap();
    assert_eq!(
        held.stage,
        JournalStage::TokensStored,
        "the committed entry survives"
    );
}
