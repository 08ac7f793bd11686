//! The native token stores for real: the SQLite store (rows, versions, private file, damaged
//! rows, two handles on one file), the file store's in-memory copy, torn and legacy files,
//! temp-file cleanup and compaction — and, against the sandbox, two independent token managers
//! over one store refreshing the same key at once: the loser of the race gets 108, re-reads the
//! store and adopts the winner's set instead of asking for re-authorisation.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use triplink::client::{TokenManager, TokenManagerConfig, TokenStore};
use triplink::file_token_store::FileTokenStore;
use triplink::model::{ClientCredentials, TokenSet};
use triplink::runtime::{native_executor, SystemClock};
use triplink::sqlite_token_store::SqliteTokenStore;
use triplink::{ApiConfig, ErrorCode, Secret};
use triplink_sandbox::demo::{DEMO_CLIENT_ID, DEMO_CLIENT_SECRET};
use triplink_sandbox::faults::{Fault, FaultKind};
use triplink_sandbox::{RunningSandbox, SandboxConfig};

fn set(n: u64) -> TokenSet {
    TokenSet {
        access_token: Secret::new(format!("access-{n}")),
        token_type: "Bearer".into(),
        expires_at: n,
        refresh_token: Some(Secret::new(format!("refresh-{n}"))),
        refresh_expires_at: None,
        scope: None,
        id_token: None,
        geolocation: Some("https://us.api.concursolutions.com".into()),
    }
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("triplink-ts-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[cfg(unix)]
fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[tokio::test]
async fn sqlite_store_rows_versions_and_damage() {
    let dir = scratch("sqlite");
    let path = dir.join("tokens.sqlite");
    let a = SqliteTokenStore::open(&path).unwrap();
    assert!(a.load("u1").await.unwrap().is_none());
    assert_eq!(a.version("u1").await.unwrap(), None);
    a.save("u1", &set(1)).await.unwrap();
    a.save("u1", &set(2)).await.unwrap();
    a.save("u2", &set(3)).await.unwrap();
    assert_eq!(a.version("u1").await.unwrap(), Some(2));
    assert_eq!(a.load("u1").await.unwrap(), Some(set(2)));
    #[cfg(unix)]
    assert_eq!(mode(&path), 0o600);
    // A second handle (another process, in effect) sees every committed save at once.
    let b = SqliteTokenStore::open(&path).unwrap();
    assert_eq!(b.load("u2").await.unwrap(), Some(set(3)));
    b.save("u2", &set(4)).await.unwrap();
    assert_eq!(a.reload("u2").await.unwrap(), Some(set(4)));
    a.remove("u2").await.unwrap();
    // Loads are served from each handle's copy; a reload reads the row and updates the copy.
    assert_eq!(b.load("u2").await.unwrap(), Some(set(4)));
    assert!(b.reload("u2").await.unwrap().is_none());
    assert!(b.load("u2").await.unwrap().is_none());
    // A damaged row is a typed error that quotes no token.
    let raw = rusqlite::Connection::open(&path).unwrap();
    raw.execute(
        "UPDATE token_sets SET tokens = '{\"access_token\":\"tok-SECRET\"' WHERE key = 'u1'",
        [],
    )
    .unwrap();
    assert_eq!(a.load("u1").await.unwrap(), Some(set(2)), "its own copy");
    let e = a.reload("u1").await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Decode);
    let e = b.load("u1").await.unwrap_err();
    assert_eq!(
        e.code(),
        ErrorCode::Decode,
        "a key not yet read goes to the row"
    );
    assert!(!format!("{e} {e:?} {a:?}").contains("SECRET"), "{e}");
    // Not a database at all: a clear error at open, no panic.
    let junk = dir.join("junk.sqlite");
    std::fs::write(
        &junk,
        "not a database, just text that is long enough to matter",
    )
    .unwrap();
    assert!(SqliteTokenStore::open(&junk).is_err());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn file_store_serves_loads_from_memory_and_appends_one_line_per_save() {
    let dir = scratch("file");
    let path = dir.join("tokens.jsonl");
    let store = FileTokenStore::open(&path).await.unwrap();
    store.save("u1", &set(1)).await.unwrap();
    store.save("u2", &set(2)).await.unwrap();
    store.save("u1", &set(3)).await.unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.lines().count(), 3, "one appended line per save");
    #[cfg(unix)]
    assert_eq!(mode(&path), 0o600);
    // Loads never touch the file: garbage written behind the store's back is not read...
    std::fs::write(&path, "garbage\n").unwrap();
    assert_eq!(store.load("u1").await.unwrap(), Some(set(3)));
    // ...until a reload (what the token manager does around a refresh), which reports it.
    let e = store.reload("u1").await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Decode);
    // Another store on the same file sees this one's saves on reload.
    std::fs::remove_file(&path).unwrap();
    let other = FileTokenStore::open(&path).await.unwrap();
    store.save("u9", &set(9)).await.unwrap();
    assert_eq!(
        other.load("u9").await.unwrap(),
        Some(set(9)),
        "a miss reads the tail"
    );
    store.save("u9", &set(10)).await.unwrap();
    assert_eq!(
        other.load("u9").await.unwrap(),
        Some(set(9)),
        "a hit is served from memory"
    );
    assert_eq!(other.reload("u9").await.unwrap(), Some(set(10)));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn file_store_repairs_torn_lines_drops_temp_files_and_reads_the_old_format() {
    let dir = scratch("repair");
    let path = dir.join("tokens.jsonl");
    let store = FileTokenStore::open(&path).await.unwrap();
    store.save("u1", &set(1)).await.unwrap();
    drop(store);
    // A kill mid-append leaves half a line; a kill mid-compaction a temp copy of every token.
    let mut bytes = std::fs::read(&path).unwrap();
    bytes.extend_from_slice(b"{\"k\":\"u2\",\"v\":{\"access_tok");
    std::fs::write(&path, &bytes).unwrap();
    let stray = dir.join(".tokens.jsonl.4242.0.tmp");
    std::fs::write(&stray, "copy of the tokens").unwrap();
    let store = FileTokenStore::open(&path).await.unwrap();
    assert!(!stray.exists(), "temp file removed on open");
    assert_eq!(store.load("u1").await.unwrap(), Some(set(1)));
    assert_eq!(
        store.load("u2").await.unwrap(),
        None,
        "the torn line is ignored"
    );
    store.save("u3", &set(3)).await.unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        text.lines().count(),
        2,
        "torn line cut off before appending: {text}"
    );
    // A damaged file (not a torn append) is a typed error quoting no token.
    std::fs::write(&path, "{\"u1\": {\"access_token\": \"tok-SECRET\"").unwrap();
    let e = FileTokenStore::open(&path).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Decode);
    assert!(!format!("{e} {e:?}").contains("SECRET"), "{e}");
    // The earlier one-map format is read, then rewritten as a log on the first save.
    let legacy = serde_json::json!({ "u1": set(1), "u2": set(2) });
    std::fs::write(&path, serde_json::to_vec_pretty(&legacy).unwrap()).unwrap();
    let store = FileTokenStore::open(&path).await.unwrap();
    assert_eq!(store.load("u2").await.unwrap(), Some(set(2)));
    store.save("u3", &set(3)).await.unwrap();
    let reopened = FileTokenStore::open(&path).await.unwrap();
    for (k, n) in [("u1", 1), ("u2", 2), ("u3", 3)] {
        assert_eq!(reopened.load(k).await.unwrap(), Some(set(n)), "{k}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn file_store_compacts_superseded_lines() {
    let dir = scratch("compact");
    let path = dir.join("tokens.jsonl");
    let store = FileTokenStore::open(&path).await.unwrap();
    for n in 0..500 {
        store.save(&format!("u{}", n % 5), &set(n)).await.unwrap();
    }
    store.remove("u0").await.unwrap();
    let lines = std::fs::read_to_string(&path).unwrap().lines().count();
    assert!(lines <= 2 * 5 + 64 + 1, "{lines} lines for 4 live keys");
    let reopened = FileTokenStore::open(&path).await.unwrap();
    assert_eq!(reopened.load("u0").await.unwrap(), None);
    assert_eq!(reopened.load("u4").await.unwrap(), Some(set(499)));
    assert!(std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .all(|e| !e.file_name().to_string_lossy().ends_with(".tmp")));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A token manager of its own (its own executor and store handle) over the sandbox.
fn manager(sb: &RunningSandbox, store: Arc<dyn TokenStore>) -> Arc<TokenManager> {
    let glz = ApiConfig::new(&sb.us_url()).unwrap();
    let creds = ClientCredentials {
        client_id: DEMO_CLIENT_ID.into(),
        client_secret: Secret::new(DEMO_CLIENT_SECRET),
    };
    let mut cfg = TokenManagerConfig::new(creds, glz);
    cfg.allow = cfg.allow.allow(&sb.eu_url());
    Arc::new(TokenManager::new(
        native_executor().unwrap(),
        store,
        Arc::new(SystemClock),
        cfg,
    ))
}

/// Two managers over two handles on one store refresh the supplier's key at once, `ROUNDS`
/// times: every refresh succeeds, both end with the same live set, and the race really
/// happened (the sandbox refused some refreshes with 108).
async fn concurrent_refreshes(a: Arc<dyn TokenStore>, b: Arc<dyn TokenStore>) {
    const ROUNDS: usize = 12;
    let rig = rig_with_store(a.clone()).await;
    let (ma, mb) = (rig.tokens.clone(), manager(&rig.sandbox, b.clone()));
    for round in 0..ROUNDS {
        let current = a.reload("supplier").await.unwrap().unwrap();
        // Hold the first refresh to arrive a little, so the other overtakes it at the server.
        rig.sandbox.inject_fault(
            Fault::on("/oauth2/v0/token", FaultKind::Latency { ms: 60 }, 1)
                .with_body("grant_type=refresh_token"),
        );
        let (ra, rb) = tokio::join!(
            ma.on_unauthorized("supplier", &current.access_token),
            mb.on_unauthorized("supplier", &current.access_token)
        );
        let (ra, rb) = (ra.unwrap(), rb.unwrap());
        assert_eq!(ra, rb, "round {round}: both use the winner's token");
        let stored = b.reload("supplier").await.unwrap().unwrap();
        assert_eq!(stored.access_token, ra.token);
        let refresh = stored.refresh_token.unwrap();
        assert!(
            rig.sandbox.refresh_token_live(refresh.expose()),
            "round {round}"
        );
    }
    let c = rig.sandbox.counters();
    eprintln!(
        "{ROUNDS} rounds: {} rotations, {} refused with 108 and recovered",
        c.refresh_rotations, c.refresh_refused_108
    );
    assert!(c.refresh_refused_108 > 0, "the race never happened");
    assert_eq!(c.refresh_rotations, ROUNDS as u64, "one rotation per round");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_loser_of_a_refresh_race_adopts_the_winners_set_sqlite() {
    let dir = scratch("race-sqlite");
    let path = dir.join("tokens.sqlite");
    let a = Arc::new(SqliteTokenStore::open(&path).unwrap());
    let b = Arc::new(SqliteTokenStore::open(&path).unwrap());
    concurrent_refreshes(a, b).await;
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_loser_of_a_refresh_race_adopts_the_winners_set_file() {
    let dir = scratch("race-file");
    let path = dir.join("tokens.jsonl");
    let a = Arc::new(FileTokenStore::open(&path).await.unwrap());
    let b = Arc::new(FileTokenStore::open(&path).await.unwrap());
    concurrent_refreshes(a, b).await;
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn a_dead_refresh_token_still_asks_for_reauthorisation() {
    let sb = RunningSandbox::start(SandboxConfig::default())
        .await
        .unwrap();
    let store: Arc<dyn TokenStore> = Arc::new(triplink::client::InMemoryTokenStore::new());
    let rig = rig_for(sb, store.clone()).await;
    let mut dead = store.load("supplier").await.unwrap().unwrap();
    dead.refresh_token = Some(Secret::new("never-issued"));
    store.save("supplier", &dead).await.unwrap();
    let e = rig
        .tokens
        .on_unauthorized("supplier", &dead.access_token)
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Reauthorize);
    assert_eq!(rig.sandbox.counters().refresh_refused_108, 1);
}

/// The job over a seeded 300-request queue with `store`: every request ends CRSUC with the
/// user's tokens in the store, and each stored refresh token works at the sandbox.
async fn job_stores_every_connection(store: Arc<dyn TokenStore>) {
    use triplink::client::{AutoConnect, AutoConnectOptions};
    use triplink::matching::{members_from_csv, MatchPolicy, MemberIndex};
    const N: usize = 300;
    let sb = RunningSandbox::start(SandboxConfig {
        demo_data: false,
        seed_requests: N,
        ..SandboxConfig::default()
    })
    .await
    .unwrap();
    let members = members_from_csv(&sb.members_csv()).unwrap();
    let rig = rig_for(sb, store.clone()).await;
    let idx = Arc::new(MemberIndex::build(MatchPolicy::either(), members).unwrap());
    let job = AutoConnect::new(
        rig.requests.clone(),
        rig.tokens.clone(),
        idx.clone(),
        idx.policy().clone(),
        AutoConnectOptions {
            concurrency: 16,
            ..AutoConnectOptions::default()
        },
    );
    let report = job.run().await;
    assert_eq!(report.count("CRSUC"), N, "{:?}", report.counts);
    for i in 0..N {
        let uid = triplink_sandbox::seed::seeded_user_id(i);
        let set = store.load(&uid).await.unwrap().expect("tokens stored");
        let refresh = set.refresh_token.unwrap();
        assert!(rig.sandbox.refresh_token_live(refresh.expose()), "{uid}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_job_stores_every_connection_in_sqlite_and_in_the_file() {
    let dir = scratch("job");
    job_stores_every_connection(Arc::new(
        SqliteTokenStore::open(dir.join("tokens.sqlite")).unwrap(),
    ))
    .await;
    let path = dir.join("tokens.jsonl");
    job_stores_every_connection(Arc::new(FileTokenStore::open(&path).await.unwrap())).await;
    // Reopened from disk, the file holds every connection.
    let reopened = FileTokenStore::open(&path).await.unwrap();
    let uid = triplink_sandbox::seed::seeded_user_id(299);
    assert!(reopened.load(&uid).await.unwrap().is_some());
    std::fs::remove_dir_all(&dir).unwrap();
}

fn open_store(kind: &str, path: &Path) -> Arc<dyn TokenStore> {
    match kind {
        "sqlite" => Arc::new(SqliteTokenStore::open(path).unwrap()),
        _ => Arc::new(FileTokenStore::new(path)),
    }
}

/// Runs only as a child of `two_processes_refreshing_at_once_*`: refreshes the supplier's key
/// once, when the parent says go, and prints how it went.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn child_refresher() {
    let (Ok(dir), Ok(kind), Ok(us), Ok(eu), Ok(id)) = (
        std::env::var("TRIPLINK_RACE_DIR"),
        std::env::var("TRIPLINK_RACE_KIND"),
        std::env::var("TRIPLINK_RACE_US"),
        std::env::var("TRIPLINK_RACE_EU"),
        std::env::var("TRIPLINK_RACE_ID"),
    ) else {
        return;
    };
    let dir = PathBuf::from(dir);
    let store = open_store(&kind, &dir.join("tokens"));
    let glz = ApiConfig::new(&us).unwrap();
    let creds = ClientCredentials {
        client_id: DEMO_CLIENT_ID.into(),
        client_secret: Secret::new(DEMO_CLIENT_SECRET),
    };
    let mut cfg = TokenManagerConfig::new(creds, glz);
    cfg.allow = cfg.allow.allow(&eu);
    let tokens = TokenManager::new(
        native_executor().unwrap(),
        store.clone(),
        Arc::new(SystemClock),
        cfg,
    );
    let seen = store.reload("supplier").await.unwrap().unwrap();
    std::fs::write(dir.join(format!("ready-{id}")), "").unwrap();
    while !dir.join("go").exists() {
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    match tokens.on_unauthorized("supplier", &seen.access_token).await {
        Ok(_) => println!("RESULT ok"),
        Err(e) => println!("RESULT err {}", e.code()),
    }
}

/// Two processes over one store refresh the supplier's key at the same moment, `ROUNDS`
/// times: each process succeeds (the loser of the race adopts the winner's set after its 108).
async fn two_processes_refreshing_at_once(kind: &str) {
    const ROUNDS: usize = 5;
    let dir = scratch(&format!("procs-{kind}"));
    let store = open_store(kind, &dir.join("tokens"));
    let rig = rig_with_store(store.clone()).await;
    let exe = std::env::current_exe().unwrap();
    for round in 0..ROUNDS {
        let _ = std::fs::remove_file(dir.join("go"));
        let children: Vec<_> = ["a", "b"]
            .iter()
            .map(|id| {
                let _ = std::fs::remove_file(dir.join(format!("ready-{id}")));
                std::process::Command::new(&exe)
                    .args([
                        "--exact",
                        "child_refresher",
                        "--nocapture",
                        "--test-threads=1",
                    ])
                    .env("TRIPLINK_RACE_DIR", &dir)
                    .env("TRIPLINK_RACE_KIND", kind)
                    .env("TRIPLINK_RACE_US", rig.sandbox.us_url())
                    .env("TRIPLINK_RACE_EU", rig.sandbox.eu_url())
                    .env("TRIPLINK_RACE_ID", id)
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::null())
                    .spawn()
                    .unwrap()
            })
            .collect();
        while !(dir.join("ready-a").exists() && dir.join("ready-b").exists()) {
            tokio::time::sleep(std::time::Duration::from_millis(2)).await;
        }
        rig.sandbox.inject_fault(
            Fault::on("/oauth2/v0/token", FaultKind::Latency { ms: 80 }, 1)
                .with_body("grant_type=refresh_token"),
        );
        std::fs::write(dir.join("go"), "").unwrap();
        for c in children {
            let out = tokio::task::spawn_blocking(move || c.wait_with_output().unwrap())
                .await
                .unwrap();
            let text = String::from_utf8_lossy(&out.stdout).into_owned();
            assert!(text.contains("RESULT ok"), "round {round}: {text}");
        }
        let stored = store.reload("supplier").await.unwrap().unwrap();
        let refresh = stored.refresh_token.unwrap();
        assert!(
            rig.sandbox.refresh_token_live(refresh.expose()),
            "round {round}"
        );
        rig.sandbox.clear_faults();
    }
    let c = rig.sandbox.counters();
    eprintln!(
        "{kind}: {ROUNDS} rounds of two processes: {} rotations, {} refused with 108 and recovered",
        c.refresh_rotations, c.refresh_refused_108
    );
    assert!(c.refresh_refused_108 > 0, "the race never happened");
    assert_eq!(c.refresh_rotations, ROUNDS as u64);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_refreshing_at_once_sqlite() {
    two_processes_refreshing_at_once("sqlite").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_refreshing_at_once_file() {
    two_processes_refreshing_at_once("file").await;
}

/// A refresh whose answer is lost after the sandbox rotated, under strict rotation (the used
/// token refused at once): the SDK asks once more with the same token (the only way back to a
/// live token), is refused with 108, reports `Reauthorize`, and leaves the store as it was.
/// No client can recover a token it never received; what the SDK can do is never lose one it
/// did receive (persisted before use) and never make things worse by asking again.
#[tokio::test]
async fn a_lost_refresh_answer_under_strict_rotation_is_asked_once_more_then_reauthorize() {
    let dir = scratch("lost");
    let store: Arc<dyn TokenStore> =
        Arc::new(SqliteTokenStore::open(dir.join("tokens.sqlite")).unwrap());
    let rig = rig_with_store(store.clone()).await;
    let before = store.load("supplier").await.unwrap().unwrap();
    rig.sandbox.inject_fault(
        Fault::on("/oauth2/v0/token", FaultKind::DropAfter, 1)
            .with_body("grant_type=refresh_token"),
    );
    let e = rig
        .tokens
        .on_unauthorized("supplier", &before.access_token)
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Reauthorize, "{e}");
    assert_eq!(store.load("supplier").await.unwrap().unwrap(), before);
    let c = rig.sandbox.counters();
    assert_eq!(
        (c.refresh_rotations, c.refresh_refused_108, c.responses_lost),
        (1, 1, 1),
        "rotated once, the answer lost, asked once more and refused"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The same lost answer when the token service keeps a rotated refresh token until its
/// successor is first used: the SDK's second ask gets a live set, which is stored before use,
/// and the connection is not lost — the stored refresh token works, and using it retires the
/// old one.
#[tokio::test]
async fn a_lost_refresh_answer_loses_no_connection_when_the_old_token_lives_until_the_new_is_used()
{
    let dir = scratch("lost-overlap");
    let store: Arc<dyn TokenStore> =
        Arc::new(SqliteTokenStore::open(dir.join("tokens.sqlite")).unwrap());
    let rig = rig_with_store(store.clone()).await;
    rig.sandbox
        .set_refresh_rotation(triplink_sandbox::state::RefreshRotation::UntilNextUsed);
    let before = store.load("supplier").await.unwrap().unwrap();
    let old_refresh = before.refresh_token.clone().unwrap();
    rig.sandbox.inject_fault(
        Fault::on("/oauth2/v0/token", FaultKind::DropAfter, 1)
            .with_body("grant_type=refresh_token"),
    );
    let grant = rig
        .tokens
        .on_unauthorized("supplier", &before.access_token)
        .await
        .unwrap();
    let after = store.load("supplier").await.unwrap().unwrap();
    assert_eq!(grant.token, after.access_token, "stored before use");
    let new_refresh = after.refresh_token.clone().unwrap();
    assert_ne!(new_refresh, old_refresh);
    assert!(rig.sandbox.refresh_token_live(new_refresh.expose()));
    let c = rig.sandbox.counters();
    assert_eq!(
        (c.refresh_rotations, c.refresh_refused_108, c.responses_lost),
        (2, 0, 1)
    );
    // The next refresh uses the stored token; the one the lost answer replaced is retired.
    rig.tokens
        .on_unauthorized("supplier", &after.access_token)
        .await
        .unwrap();
    assert!(!rig.sandbox.refresh_token_live(old_refresh.expose()));
    let last = store.load("supplier").await.unwrap().unwrap();
    assert!(rig
        .sandbox
        .refresh_token_live(last.refresh_token.unwrap().expose()));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Runs only as the child of `sqlite_store_survives_sigkill_losing_no_acknowledged_save`:
/// saves forever, printing each number once its save returned.
#[tokio::test]
async fn child_sqlite_writer() {
    let (Ok(path), Ok(base)) = (
        std::env::var("TRIPLINK_SQL_CHILD"),
        std::env::var("TRIPLINK_SQL_BASE"),
    ) else {
        return;
    };
    let store = SqliteTokenStore::open(path).unwrap();
    let mut n: u64 = base.parse().unwrap();
    loop {
        n += 1;
        store.save("user", &set(n)).await.unwrap();
        println!("saved {n}");
    }
}

#[tokio::test]
async fn sqlite_store_survives_sigkill_losing_no_acknowledged_save() {
    use std::io::{BufRead, BufReader};
    let dir = scratch("sqlkill");
    let path = dir.join("tokens.sqlite");
    let exe = std::env::current_exe().unwrap();
    for round in 0..5u64 {
        let base = round * 1_000_000;
        let mut child = std::process::Command::new(&exe)
            .args([
                "--exact",
                "child_sqlite_writer",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("TRIPLINK_SQL_CHILD", &path)
            .env("TRIPLINK_SQL_BASE", base.to_string())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        // Read acknowledgements for a while (a different number each round), then kill.
        let mut acked = 0;
        for line in lines.by_ref() {
            if let Some(n) = line.unwrap().strip_prefix("saved ") {
                acked = n.parse::<u64>().unwrap();
                if acked >= base + 20 + 7 * round {
                    break;
                }
            }
        }
        child.kill().unwrap();
        child.wait().unwrap();
        let store = SqliteTokenStore::open(&path).unwrap();
        let s = store.load("user").await.unwrap().expect("a complete set");
        assert!(
            s.expires_at >= acked,
            "round {round}: {} < acked {acked}",
            s.expires_at
        );
        assert_eq!(s, set(s.expires_at), "round {round}: the set is whole");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
