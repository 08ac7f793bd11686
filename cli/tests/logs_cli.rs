//! `RUST_LOG=info triplink auto-connect` as a process against a sandbox on loopback: the
//! SDK's logs reach stderr, one `decided` line per request with its status, the retry and the
//! token refresh logged — and none of the run's secrets anywhere in its output (client
//! secret, password, request tokens, every access and refresh token the token file ever held).
//! Without `RUST_LOG`, stderr stays empty.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{statuses, Sandbox};
use triplink_sandbox::demo;
use triplink_sandbox::faults::{Fault, FaultKind};

const LIST: &str = "/api/v3.2/common/connectionrequests";

/// Every `…token` string in the token file's lines (the file is append-only between
/// compactions, so tokens rotated away are still there).
fn tokens_in(file: &std::path::Path) -> Vec<String> {
    fn walk(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(m) => {
                for (k, v) in m {
                    match v.as_str() {
                        Some(s) if k.ends_with("token") => out.push(s.to_owned()),
                        _ => walk(v, out),
                    }
                }
            }
            serde_json::Value::Array(a) => a.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for line in std::fs::read_to_string(file).unwrap().lines() {
        walk(&serde_json::from_str(line).unwrap(), &mut out);
    }
    out
}

fn fault(kind: FaultKind) -> Fault {
    Fault {
        method: Some("GET".into()),
        path_prefix: LIST.into(),
        kind,
        times: 1,
        body_contains: None,
    }
}

#[test]
fn rust_log_info_shows_each_decision_once_and_no_secret() {
    let s = Sandbox::start();
    let dir = tempfile::tempdir().unwrap();
    let members = dir.path().join("members.csv");
    std::fs::write(&members, s.sb.members_csv()).unwrap();
    let login = s
        .triplink(dir.path())
        .args(["login", "password", "--username", demo::SUPPLIER_LOGIN])
        .output()
        .unwrap();
    assert!(login.status.success(), "{login:?}");
    assert!(login.stderr.is_empty(), "no RUST_LOG, no log: {login:?}");
    // The first listing finds the token expired (a refresh, rotating), the next answers 503.
    s.sb.inject_fault(fault(FaultKind::ExpiredToken));
    s.sb.inject_fault(fault(FaultKind::Status { status: 503 }));

    let run = s
        .triplink(dir.path())
        .env("RUST_LOG", "info")
        .args(["auto-connect", "--quiet", "--members"])
        .arg(&members)
        .args(["--report", "report.json"])
        .output()
        .unwrap();
    assert!(run.status.success(), "{run:?}");
    let err = String::from_utf8_lossy(&run.stderr);
    let out = String::from_utf8_lossy(&run.stdout);
    if std::env::var_os("TRIPLINK_SHOW_LOG").is_some() {
        eprintln!("{err}");
    }

    let mut secrets: Vec<String> = vec![
        demo::DEMO_CLIENT_SECRET.into(),
        demo::SUPPLIER_PASSWORD.into(),
    ];
    secrets.extend(s.sb.requests().into_iter().map(|r| r.request_token));
    secrets.extend(tokens_in(&dir.path().join("tokens.json")));
    assert!(
        secrets.len() > 2 + s.sb.requests().len(),
        "tokens were read"
    );
    for secret in &secrets {
        assert!(secret.len() >= 8, "too short to grep for: {secret:?}");
        for (name, text) in [("stderr", &err), ("stdout", &out)] {
            assert!(
                !text.contains(secret.as_str()),
                "a secret ({} chars) is in {name}",
                secret.len()
            );
        }
    }

    let decided = statuses(&dir.path().join("report.json"));
    assert_eq!(decided.len(), s.sb.requests().len());
    let lines: Vec<&str> = err.lines().filter(|l| l.contains(" decided ")).collect();
    assert_eq!(lines.len(), decided.len(), "{err}");
    for (id, status) in &decided {
        let mine: Vec<&&str> = lines
            .iter()
            .filter(|l| l.contains(&format!("request_id=\"{id}\"")))
            .collect();
        assert_eq!(mine.len(), 1, "{id}: {mine:?}");
        assert!(
            mine[0].contains(&format!("status=\"{status}\"")),
            "{}",
            mine[0]
        );
    }
    assert!(
        err.contains("retry scheduled") && err.contains("why=HTTP 503"),
        "{err}"
    );
    assert!(err.contains("access token refreshed"), "{err}");
}

#[test]
fn a_bad_rust_log_is_reported_once_and_the_command_still_runs() {
    let dir = tempfile::tempdir().unwrap();
    let out = common::triplink(dir.path())
        .env("RUST_LOG", "triplink=notalevel")
        .args(["completions", "bash"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("triplink: RUST_LOG ignored"), "{err}");
}
