//! `triplink sandbox` served as a process, and `triplink auto-connect` run against it as a
//! second process, as an operator would try things locally.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::triplink;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use triplink_sandbox::demo;

/// Kills the sandbox process however the test ends.
struct Served(Child);

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn auto_connect_against_a_served_sandbox() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("triplink"))
        .args(["sandbox", "--port", "0"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let served = Served(child);
    let mut lines = BufReader::new(stdout).lines();
    let mut url = |label: &str| loop {
        let line = lines.next().expect("the sandbox ended early").unwrap();
        if let Some(rest) = line.trim().strip_prefix(label) {
            break rest.trim().to_owned();
        }
    };
    let us = url("us (and GLZ):");
    let eu = url("eu:");
    assert!(us.starts_with("http://127.0.0.1:") && eu.starts_with("http://127.0.0.1:"));
    std::fs::write(dir.path().join("members.csv"), demo::DEMO_MEMBERS_CSV).unwrap();
    let out = triplink(dir.path())
        .env("TRIPLINK_BASE_URL", &us)
        .env("TRIPLINK_ALLOW_HOSTS", format!("{us},{eu}"))
        .env("TRIPLINK_CLIENT_ID", demo::DEMO_CLIENT_ID)
        .env("TRIPLINK_CLIENT_SECRET", demo::DEMO_CLIENT_SECRET)
        .env("TRIPLINK_USERNAME", demo::SUPPLIER_LOGIN)
        .env("TRIPLINK_PASSWORD", demo::SUPPLIER_PASSWORD)
        .args(["auto-connect", "--quiet", "--members", "members.csv"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("CRSUC     11  connected successfully"),
        "{text}"
    );
    assert!(text.contains("20 requests handled"), "{text}");
    drop(served);
}
