//! `triplink auto-connect` driven as a process against a sandbox on loopback: the dry run
//! PUTs nothing (the sandbox's PUT log) and decides what the real run then PUTs; members from
//! CSV, JSONL and an imported SQLite database; settings from a config file.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{statuses, triplink, Sandbox};
use triplink_sandbox::demo;

#[test]
fn dry_run_puts_nothing_and_reports_the_statuses_the_real_run_puts() {
    let s = Sandbox::start();
    let dir = tempfile::tempdir().unwrap();
    let members = dir.path().join("members.csv");
    std::fs::write(&members, s.sb.members_csv()).unwrap();

    let dry = s
        .triplink(dir.path())
        .args(["auto-connect", "--quiet", "--dry-run", "--members"])
        .arg(&members)
        .args(["--report", "dry.json"])
        .output()
        .unwrap();
    assert!(dry.status.success(), "{dry:?}");
    let out = String::from_utf8_lossy(&dry.stdout);
    assert!(out.contains("nothing PUT"), "{out}");
    assert!(s.sb.puts_received().is_empty(), "the dry run PUT something");
    let decided = statuses(&dir.path().join("dry.json"));
    assert_eq!(decided.len(), s.sb.requests().len());

    let real = s
        .triplink(dir.path())
        .args(["auto-connect", "--quiet", "--members"])
        .arg(&members)
        .args(["--report", "real.json"])
        .output()
        .unwrap();
    assert!(real.status.success(), "{real:?}");
    let put: std::collections::BTreeMap<String, String> =
        s.sb.puts_received()
            .into_iter()
            .map(|p| (p.id, p.status))
            .collect();
    assert_eq!(put.len(), decided.len(), "one PUT per request");
    assert_eq!(put, decided, "the dry run decided what the real run PUT");
    assert_eq!(statuses(&dir.path().join("real.json")), decided);
    // Several statuses are exercised, not only successes.
    let kinds: std::collections::BTreeSet<&String> = decided.values().collect();
    assert!(kinds.len() >= 4, "{kinds:?}");
}

#[test]
fn jsonl_and_imported_sqlite_members_decide_like_the_csv() {
    let s = Sandbox::start();
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("members.csv");
    std::fs::write(&csv, s.sb.members_csv()).unwrap();
    let list = triplink::matching::members_from_csv(&s.sb.members_csv()).unwrap();
    let jsonl: String = list
        .iter()
        .map(|m| serde_json::to_string(m).unwrap() + "\n")
        .collect();
    std::fs::write(dir.path().join("members.jsonl"), jsonl).unwrap();
    let import = triplink(dir.path())
        .args(["members-import", "members.csv", "--into", "members.sqlite"])
        .output()
        .unwrap();
    assert!(import.status.success(), "{import:?}");
    let mut reports = Vec::new();
    for file in ["members.csv", "members.jsonl", "members.sqlite"] {
        let report = format!("{file}.json");
        let out = s
            .triplink(dir.path())
            .args(["auto-connect", "--quiet", "--dry-run", "--members", file])
            .args(["--report", &report])
            .output()
            .unwrap();
        assert!(out.status.success(), "{file}: {out:?}");
        reports.push(statuses(&dir.path().join(report)));
    }
    assert!(!reports[0].is_empty());
    assert_eq!(reports[0], reports[1], "jsonl");
    assert_eq!(reports[0], reports[2], "sqlite");
    assert!(s.sb.puts_received().is_empty());
}

#[test]
fn settings_come_from_the_config_file_under_the_environment() {
    let s = Sandbox::start();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("members.csv"), s.sb.members_csv()).unwrap();
    let config = format!(
        "base_url = \"{}\"\nclient_id = \"{}\"\nclient_secret = \"{}\"\nusername = \"{}\"\n\
         allow_hosts = [\"{}\", \"{}\"]\n",
        s.sb.us_url(),
        demo::DEMO_CLIENT_ID,
        demo::DEMO_CLIENT_SECRET,
        demo::SUPPLIER_LOGIN,
        s.sb.us_url(),
        s.sb.eu_url()
    );
    std::fs::write(dir.path().join("triplink.toml"), config).unwrap();
    let run = |password: &str| {
        triplink(dir.path())
            .env("TRIPLINK_PASSWORD", password)
            .args([
                "--config",
                "triplink.toml",
                "auto-connect",
                "--quiet",
                "--dry-run",
            ])
            .args(["--members", "members.csv"])
            .output()
            .unwrap()
    };
    let ok = run(demo::SUPPLIER_PASSWORD);
    assert!(ok.status.success(), "{ok:?}");
    // The flag wins over the file: a wrong client id from the command line is refused.
    let flag = triplink(dir.path())
        .env("TRIPLINK_PASSWORD", demo::SUPPLIER_PASSWORD)
        .args(["--config", "triplink.toml", "--client-id", "someone-else"])
        .args([
            "auto-connect",
            "--quiet",
            "--dry-run",
            "--members",
            "members.csv",
        ])
        .output()
        .unwrap();
    assert_eq!(flag.status.code(), Some(1), "{flag:?}");
    common::one_line_error(&flag);
}

#[test]
fn sandbox_mode_prints_the_table_and_the_summary() {
    let dir = tempfile::tempdir().unwrap();
    let out = triplink(dir.path())
        .args([
            "auto-connect",
            "--sandbox",
            "--quiet",
            "--report",
            "run.csv",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Concur sandbox: us/GLZ http://127.0.0.1:"),
        "{text}"
    );
    assert!(text.contains("20 members loaded into SQLite"), "{text}");
    assert!(
        text.contains("traveller              status reason"),
        "{text}"
    );
    assert!(
        text.contains("CRSUC     11  connected successfully"),
        "{text}"
    );
    assert!(text.contains("20 requests handled, "), "{text}");
    assert!(text.contains(", 0 failed PUTs"), "{text}");
    let csv = std::fs::read_to_string(dir.path().join("run.csv")).unwrap();
    assert_eq!(csv.lines().count(), 21, "{csv}");
    assert!(csv.starts_with("request_id,traveller,status,put_done,reason,error,correlation_id"));
}
