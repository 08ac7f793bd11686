//! Bad input to `triplink` gives one clear line on stderr and the documented non-zero exit,
//! never a panic, a backtrace or a secret; `--help` works for every command.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{one_line_error, triplink, Sandbox};

#[test]
fn missing_members_file_is_one_line_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let out = triplink(dir.path())
        .args(["auto-connect", "--sandbox", "--members", "nowhere.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = one_line_error(&out);
    assert!(err.contains("nowhere.csv"), "{err}");
}

#[test]
fn bad_csv_row_names_its_line_and_nothing_is_sent() {
    let s = Sandbox::start();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("m.csv"),
        "member_id,loyalty_number,last_name\n1,111,Ok\n2,,NoKey\n",
    )
    .unwrap();
    let out = s
        .triplink(dir.path())
        .args(["auto-connect", "--members", "m.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = one_line_error(&out);
    assert!(err.contains("line 3"), "{err}");
    assert!(s.sb.puts_received().is_empty());
}

#[test]
fn bad_jsonl_row_and_unknown_member_format_are_one_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("m.jsonl"),
        "{\"loyaltyNumber\": \"111\", \"lastName\": \"Ok\"}\n{not json\n",
    )
    .unwrap();
    let out = triplink(dir.path())
        .args(["auto-connect", "--sandbox", "--members", "m.jsonl"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(one_line_error(&out).contains("line 2"));
    std::fs::write(dir.path().join("m.txt"), "x").unwrap();
    let out = triplink(dir.path())
        .args(["auto-connect", "--sandbox", "--members", "m.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(one_line_error(&out).contains(".csv, .jsonl or .sqlite"));
}

#[test]
fn unreachable_host_is_one_line_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("m.csv"),
        "loyalty_number,last_name\n111,Ok\n",
    )
    .unwrap();
    // A port nothing listens on: bind one, note it, close it.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let out = triplink(dir.path())
        .env("TRIPLINK_BASE_URL", format!("http://127.0.0.1:{port}"))
        .env("TRIPLINK_CLIENT_ID", "app")
        .env("TRIPLINK_CLIENT_SECRET", "the-client-secret")
        .env("TRIPLINK_USERNAME", "me")
        .env("TRIPLINK_PASSWORD", "the-password")
        .args(["auto-connect", "--members", "m.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = one_line_error(&out);
    assert!(err.contains("supplier login failed"), "{err}");
    assert!(!err.contains("the-client-secret") && !err.contains("the-password"));
}

#[test]
fn wrong_password_is_one_line_exit_1_and_never_echoed() {
    let s = Sandbox::start();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("m.csv"), s.sb.members_csv()).unwrap();
    let out = s
        .triplink(dir.path())
        .env("TRIPLINK_PASSWORD", "Wrong-Pa55word")
        .args(["auto-connect", "--members", "m.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = one_line_error(&out);
    assert!(err.contains("supplier login failed"), "{err}");
    assert!(!err.contains("Wrong-Pa55word"), "{err}");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("Wrong-Pa55word"));
    assert!(s.sb.puts_received().is_empty());
}

#[test]
fn a_second_run_on_a_held_journal_exits_3() {
    let s = Sandbox::start();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("m.csv"), s.sb.members_csv()).unwrap();
    let _held =
        triplink::sqlite_journal::SqliteJournal::open(dir.path().join("journal.sqlite")).unwrap();
    let out = s
        .triplink(dir.path())
        .args(["auto-connect", "--members", "m.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    one_line_error(&out);
    assert!(s.sb.puts_received().is_empty());
}

#[test]
fn usage_errors_exit_2_and_every_command_has_help() {
    let dir = tempfile::tempdir().unwrap();
    let out = triplink(dir.path())
        .arg("no-such-command")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    for cmd in [
        vec!["--help"],
        vec!["sandbox", "--help"],
        vec!["auto-connect", "--help"],
        vec!["members-import", "--help"],
        vec!["login", "--help"],
        vec!["login", "password", "--help"],
        vec!["login", "company", "--help"],
        vec!["login", "app-center", "--help"],
        vec!["login", "client-credentials", "--help"],
        vec!["token", "--help"],
        vec!["token", "show", "--help"],
        vec!["token", "refresh", "--help"],
        vec!["token", "revoke", "--help"],
        vec!["cr", "--help"],
        vec!["cr", "list", "--help"],
        vec!["cr", "get", "--help"],
        vec!["cr", "put", "--help"],
        vec!["completions", "--help"],
    ] {
        let out = triplink(dir.path()).args(&cmd).output().unwrap();
        assert!(out.status.success(), "{cmd:?}");
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("Usage:"),
            "{cmd:?}"
        );
    }
    let help = triplink(dir.path()).arg("--help").output().unwrap();
    assert!(String::from_utf8_lossy(&help.stdout).contains("Exit codes:"));
    let bash = triplink(dir.path())
        .args(["completions", "bash"])
        .output()
        .unwrap();
    assert!(bash.status.success());
    assert!(String::from_utf8_lossy(&bash.stdout).contains("auto-connect"));
}
