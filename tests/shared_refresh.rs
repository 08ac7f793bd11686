//! One company token hammered by 8 worker processes sharing a real PostgreSQL (then Redis)
//! token store: in each round all 8 x 125 tasks find the token due at once, and exactly one
//! refresh reaches the sandbox (no 108 refusal), every task gets the one rotated token. Also:
//! a worker that died holding the refresh lease holds the others up only until it expires,
//! and a compare-and-swap save loses to a write that came first.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod services;

use services::{unique, Backend};
use std::collections::{BTreeSet, HashSet};
use std::hash::{Hash, Hasher};
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};
use triplink::api::oauth::Grant;
use triplink::client::*;
use triplink::model::{ClientCredentials, TokenSet};
use triplink::runtime::{native_executor, SystemClock};
use triplink::{ApiConfig, Secret};
use triplink_sandbox::demo::*;
use triplink_sandbox::{RunningSandbox, SandboxConfig};

const WORKERS: usize = 8;
const TASKS_PER_WORKER: usize = 125;
const ROUNDS: usize = 5;

fn manager(store: Arc<dyn TokenStore>, us: &str, eu: &str, lease_ms: u64) -> Arc<TokenManager> {
    let creds = ClientCredentials {
        client_id: DEMO_CLIENT_ID.into(),
        client_secret: Secret::new(DEMO_CLIENT_SECRET),
    };
    let mut cfg = TokenManagerConfig::new(creds, ApiConfig::new(us).unwrap());
    cfg.allow = cfg.allow.allow(eu);
    cfg.refresh_lease_ms = lease_ms;
    Arc::new(TokenManager::new(
        native_executor().unwrap(),
        store,
        Arc::new(SystemClock),
        cfg,
    ))
}

/// Logs the sandbox's supplier in under `key`.
async fn supplier_login(tokens: &TokenManager, key: &str) -> TokenSet {
    let grant = Grant::Password {
        username: SUPPLIER_LOGIN.into(),
        password: Secret::new(SUPPLIER_PASSWORD),
    };
    tokens.login(key, None, &grant).await.unwrap()
}

fn fingerprint(token: &Secret) -> String {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    token.expose().hash(&mut h);
    format!("{:016x}", h.finish())
}

/// Runs only as a child of the tests below: one worker. Prints `READY`, then for each `go`
/// line on stdin asks for the key's access token from 125 tasks at once and prints
/// `ROUND <ok> <errors> <fingerprints of the tokens received>`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn child_refresh_worker() {
    let Ok(backend) = std::env::var("TRIPLINK_HAMMER_BACKEND") else {
        return;
    };
    let backend = Backend::parse(&backend);
    let url = std::env::var("TRIPLINK_HAMMER_URL").unwrap();
    let key = std::env::var("TRIPLINK_HAMMER_KEY").unwrap();
    let us = std::env::var("TRIPLINK_HAMMER_US").unwrap();
    let eu = std::env::var("TRIPLINK_HAMMER_EU").unwrap();
    let tokens = manager(backend.token_store(&url).await, &us, &eu, 15_000);
    println!("READY");
    let mut lines = BufReader::new(std::io::stdin()).lines();
    while let Some(Ok(line)) = tokio::task::block_in_place(|| lines.next()) {
        if line != "go" {
            break;
        }
        let calls = (0..TASKS_PER_WORKER).map(|_| {
            let (tokens, key) = (tokens.clone(), key.clone());
            tokio::spawn(async move { tokens.access_token(&key).await })
        });
        let (mut ok, mut errors, mut seen) = (0, 0, BTreeSet::new());
        for call in calls.collect::<Vec<_>>() {
            match call.await.unwrap() {
                Ok(grant) => {
                    ok += 1;
                    seen.insert(fingerprint(&grant.token));
                }
                Err(e) => {
                    errors += 1;
                    eprintln!("worker error: {e}");
                }
            }
        }
        let seen: Vec<String> = seen.into_iter().collect();
        println!("ROUND {ok} {errors} {}", seen.join(","));
    }
}

struct Worker {
    child: Child,
    lines: std::io::Lines<BufReader<std::process::ChildStdout>>,
}

impl Worker {
    fn spawn(backend: Backend, url: &str, key: &str, sb: &RunningSandbox) -> Worker {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "child_refresh_worker", "--nocapture"])
            .env("TRIPLINK_HAMMER_BACKEND", backend.name())
            .env("TRIPLINK_HAMMER_URL", url)
            .env("TRIPLINK_HAMMER_KEY", key)
            .env("TRIPLINK_HAMMER_US", sb.us_url())
            .env("TRIPLINK_HAMMER_EU", sb.eu_url())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let lines = BufReader::new(child.stdout.take().unwrap()).lines();
        Worker { child, lines }
    }

    /// The next line of ours (the test harness prints its own lines too).
    fn expect(&mut self, prefix: &str) -> String {
        for line in self.lines.by_ref() {
            let line = line.unwrap();
            if let Some(rest) = line.strip_prefix(prefix) {
                return rest.trim().to_owned();
            }
        }
        panic!("worker ended before printing {prefix}");
    }

    fn send(&mut self, line: &str) {
        let stdin = self.child.stdin.as_mut().unwrap();
        writeln!(stdin, "{line}").unwrap();
        stdin.flush().unwrap();
    }
}

async fn hammer(backend: Backend) {
    let Some(url) = backend.url() else { return };
    let sb = RunningSandbox::start(SandboxConfig::default())
        .await
        .unwrap();
    let store = backend.token_store(&url).await;
    let key = unique("company");
    let tokens = manager(store.clone(), &sb.us_url(), &sb.eu_url(), 15_000);
    supplier_login(&tokens, &key).await;

    let started = Instant::now();
    let mut workers: Vec<Worker> = (0..WORKERS)
        .map(|_| Worker::spawn(backend, &url, &key, &sb))
        .collect();
    let mut workers = tokio::task::spawn_blocking(move || {
        for w in &mut workers {
            w.expect("READY");
        }
        workers
    })
    .await
    .unwrap();
    let mut previous = HashSet::new();
    for round in 1..=ROUNDS {
        // The token is due (its access token expired) for every worker at once.
        let mut set = store.load(&key).await.unwrap().unwrap();
        set.expires_at = 0;
        store.save(&key, &set).await.unwrap();
        let before = sb.counters();
        let (back, answers) = tokio::task::spawn_blocking(move || {
            for w in &mut workers {
                w.send("go");
            }
            let answers: Vec<String> = workers.iter_mut().map(|w| w.expect("ROUND")).collect();
            (workers, answers)
        })
        .await
        .unwrap();
        workers = back;
        let after = sb.counters();
        let mut tokens_seen = HashSet::new();
        for a in &answers {
            let mut parts = a.split(' ');
            assert_eq!(
                parts.next(),
                Some(TASKS_PER_WORKER.to_string().as_str()),
                "{a}"
            );
            assert_eq!(parts.next(), Some("0"), "errors in round {round}: {a}");
            tokens_seen.extend(parts.next().unwrap_or("").split(',').map(str::to_owned));
        }
        assert_eq!(tokens_seen.len(), 1, "round {round}: {answers:?}");
        assert!(
            tokens_seen.is_disjoint(&previous),
            "round {round} reused a token"
        );
        assert_eq!(
            after.refresh_rotations - before.refresh_rotations,
            1,
            "round {round}: exactly one refresh reached the sandbox"
        );
        assert_eq!(
            after.refresh_refused_108, 0,
            "round {round}: a refresh was refused"
        );
        previous = tokens_seen;
    }
    for mut w in workers {
        drop(w.child.stdin.take());
        assert!(w.child.wait().unwrap().success());
    }
    println!(
        "{}: {ROUNDS} rounds of {} concurrent due refreshes from {WORKERS} processes in {:?}",
        backend.name(),
        WORKERS * TASKS_PER_WORKER,
        started.elapsed()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_one_refresh_per_rotation_from_8_processes() {
    hammer(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_one_refresh_per_rotation_from_8_processes() {
    hammer(Backend::Redis).await;
}

/// A worker that took the refresh lease and died: the next worker waits for the lease to
/// expire (not longer), then refreshes.
async fn dead_lease_holder(backend: Backend) {
    let Some(url) = backend.url() else { return };
    let sb = RunningSandbox::start(SandboxConfig::default())
        .await
        .unwrap();
    let key = unique("dead-holder");
    let store = backend.token_store(&url).await;
    let tokens = manager(store.clone(), &sb.us_url(), &sb.eu_url(), 600);
    let first = supplier_login(&tokens, &key).await;
    let mut due = first.clone();
    due.expires_at = 0;
    store.save(&key, &due).await.unwrap();

    let dead = backend.token_store(&url).await;
    assert_eq!(
        dead.acquire_refresh_lease(&key, 600).await.unwrap(),
        RefreshLease::Granted
    );
    assert!(matches!(
        store.acquire_refresh_lease(&key, 600).await.unwrap(),
        RefreshLease::HeldElsewhere { expires_in_ms } if expires_in_ms <= 600
    ));
    drop(dead);
    let started = Instant::now();
    let fresh = tokens.access_token(&key).await.unwrap();
    let waited = started.elapsed();
    assert_ne!(fresh.token, first.access_token);
    assert!(waited >= Duration::from_millis(400), "{waited:?}");
    assert!(waited < Duration::from_secs(5), "{waited:?}");
    assert_eq!(sb.counters().refresh_rotations, 1);
    assert_eq!(sb.counters().refresh_refused_108, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_dead_lease_holder_holds_others_only_until_expiry() {
    dead_lease_holder(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_dead_lease_holder_holds_others_only_until_expiry() {
    dead_lease_holder(Backend::Redis).await;
}

/// Versions count writes; a compare-and-swap with a stale version writes nothing.
async fn compare_and_swap(backend: Backend) {
    let Some(url) = backend.url() else { return };
    let store = backend.token_store(&url).await;
    let key = unique("cas");
    let set = |access: &str| TokenSet {
        access_token: Secret::new(access),
        token_type: "Bearer".into(),
        expires_at: 1,
        refresh_token: Some(Secret::new("r")),
        refresh_expires_at: None,
        scope: None,
        id_token: None,
        geolocation: None,
    };
    assert_eq!(store.load_versioned(&key).await.unwrap(), None);
    assert!(!store.save_if_version(&key, &set("a"), 0).await.unwrap());
    store.save(&key, &set("a")).await.unwrap();
    let v1 = store.load_versioned(&key).await.unwrap().unwrap();
    assert_eq!(v1.version, 1);
    assert!(store.save_if_version(&key, &set("b"), 1).await.unwrap());
    assert!(!store.save_if_version(&key, &set("c"), 1).await.unwrap());
    let v2 = store.load_versioned(&key).await.unwrap().unwrap();
    assert_eq!((v2.version, v2.tokens.access_token.expose()), (2, "b"));
    store.remove(&key).await.unwrap();
    assert_eq!(store.load(&key).await.unwrap(), None);
}

#[tokio::test]
async fn postgres_compare_and_swap() {
    compare_and_swap(Backend::Postgres).await;
}

#[tokio::test]
async fn redis_compare_and_swap() {
    compare_and_swap(Backend::Redis).await;
}
