//! `triplink auto-connect --store` against a real PostgreSQL and Redis (`scripts/services.sh`)
//! and the sandbox: two processes on one queue share the token store, the journal and the work
//! lease, and every request is PUT exactly once (the sandbox's PUT log), each by one of them;
//! the URL's password is never printed (errors, `--help`). Without the servers' URLs a local
//! run skips loudly; `TRIPLINK_REQUIRE_SERVICES` makes that a failure (scripts/test.sh).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{one_line_error, statuses, triplink, Sandbox};
use std::collections::BTreeMap;
use triplink_sandbox::SandboxConfig;

const QUEUE: usize = 600;
const PASSWORD: &str = "S3cret-pw-9f1c";

fn url(var: &str) -> Option<String> {
    match std::env::var(var) {
        Ok(url) => Some(url),
        Err(_) if std::env::var_os("TRIPLINK_REQUIRE_SERVICES").is_some() => {
            panic!("{var} is not set: scripts/services.sh start must run before these tests")
        }
        Err(_) => {
            eprintln!("\n!!! SKIPPED: {var} is not set; run `eval \"$(bash scripts/services.sh start)\"` first !!!\n");
            None
        }
    }
}

fn unique(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("{prefix}-{}-{nanos}", std::process::id())
}

/// Two `auto-connect --store` processes drain one queue of the demo requests plus `QUEUE`
/// seeded ones.
fn two_workers_put_each_request_once(store: &str) {
    let s = Sandbox::start_with(SandboxConfig {
        seed_requests: QUEUE,
        ..SandboxConfig::default()
    });
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("members.csv"), s.sb.members_csv()).unwrap();
    let queue = unique("cli-queue");
    let outputs: Vec<std::process::Output> = std::thread::scope(|scope| {
        let workers: Vec<_> = ["w1", "w2"]
            .into_iter()
            .map(|w| {
                let mut cmd = s.triplink(dir.path());
                cmd.args(["auto-connect", "--quiet", "--members", "members.csv"])
                    .args(["--store", store, "--queue", &queue])
                    .args(["--report", &format!("{w}.json")]);
                scope.spawn(move || cmd.output().unwrap())
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).collect()
    });
    for out in &outputs {
        assert!(out.status.success(), "{out:?}");
    }
    let all = s.sb.requests();
    let mut puts: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for p in s.sb.puts_received() {
        puts.entry(p.id).or_default().push(p.status);
    }
    assert_eq!(puts.len(), all.len(), "a request was not PUT");
    for (id, statuses) in &puts {
        assert_eq!(statuses.len(), 1, "request {id} PUT {statuses:?}");
    }
    // Each request is in exactly one worker's report, with the status PUT; both worked.
    let (w1, w2) = (
        statuses(&dir.path().join("w1.json")),
        statuses(&dir.path().join("w2.json")),
    );
    assert!(
        !w1.is_empty() && !w2.is_empty(),
        "{} + {}",
        w1.len(),
        w2.len()
    );
    for (id, status) in w1.iter().chain(&w2) {
        assert_eq!(puts.get(id), Some(&vec![status.clone()]), "request {id}");
    }
    assert_eq!(w1.len() + w2.len(), all.len(), "a request in both reports");
}

#[test]
fn two_processes_on_postgres_put_each_request_once() {
    if let Some(url) = url("TRIPLINK_TEST_POSTGRES_URL") {
        two_workers_put_each_request_once(&url);
    }
}

#[test]
fn two_processes_on_redis_put_each_request_once() {
    if let Some(url) = url("TRIPLINK_TEST_REDIS_URL") {
        two_workers_put_each_request_once(&url);
    }
}

/// `scheme://user:PASSWORD@host:port/db` from a server's URL.
fn with_password(url: &str, user: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap();
    let rest = rest.rsplit_once('@').map_or(rest, |(_, host)| host);
    format!("{scheme}://{user}:{PASSWORD}@{rest}")
}

#[test]
fn the_store_password_is_never_printed() {
    let (Some(pg), Some(redis)) = (
        url("TRIPLINK_TEST_POSTGRES_URL"),
        url("TRIPLINK_TEST_REDIS_URL"),
    ) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    // A role the server does not know; a password the server was not given.
    for (store, shown) in [
        (with_password(&pg, "nobody"), "nobody:***@"),
        (with_password(&redis, ""), ":***@"),
    ] {
        let out = triplink(dir.path())
            .args(["auto-connect", "--quiet", "--sandbox", "--store", &store])
            .env("RUST_LOG", "trace")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{out:?}");
        let err = one_line_error(&out);
        assert!(err.contains("--store "), "{err}");
        assert!(err.contains(shown), "{err}");
        let all = format!("{err}{}", String::from_utf8_lossy(&out.stdout));
        assert!(!all.contains(PASSWORD), "{all}");
    }
    // Nor in the help, when it comes from the environment.
    let help = triplink(dir.path())
        .args(["auto-connect", "--help"])
        .env("TRIPLINK_STORE", with_password(&pg, "triplink"))
        .output()
        .unwrap();
    assert!(help.status.success(), "{help:?}");
    let text = String::from_utf8_lossy(&help.stdout);
    assert!(text.contains("--store"), "{text}");
    assert!(!text.contains(PASSWORD), "{text}");
    // A URL that is neither: refused before anything connects, without echoing it.
    let out = triplink(dir.path())
        .args(["auto-connect", "--quiet", "--sandbox"])
        .args(["--store", &format!("mysql://u:{PASSWORD}@h/db")])
        .output()
        .unwrap();
    let err = one_line_error(&out);
    assert!(err.contains("expected a postgres://"), "{err}");
    assert!(!err.contains(PASSWORD), "{err}");
}
