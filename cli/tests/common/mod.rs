//! Shared by the CLI tests: a sandbox on loopback (served by its own runtime while the test
//! drives the `triplink` binary as a process), and that binary with a clean environment.

#![allow(dead_code)]

use assert_cmd::Command;
use std::path::Path;
use triplink_sandbox::{demo, RunningSandbox, SandboxConfig};

/// A sandbox and the runtime serving it.
pub struct Sandbox {
    pub sb: RunningSandbox,
    _rt: tokio::runtime::Runtime,
}

impl Sandbox {
    /// Starts a sandbox with the demo data.
    pub fn start() -> Self {
        Self::start_with(SandboxConfig::default())
    }

    /// Starts a sandbox configured by `config`.
    pub fn start_with(config: SandboxConfig) -> Self {
        let rt = tokio::runtime::Runtime::new().unwrap();
        let sb = rt.block_on(RunningSandbox::start(config)).unwrap();
        Sandbox { sb, _rt: rt }
    }

    /// `triplink` pointed at this sandbox as a tenant (the supplier's password in the
    /// environment, state files in `dir`).
    pub fn triplink(&self, dir: &Path) -> Command {
        let mut cmd = triplink(dir);
        cmd.env("TRIPLINK_BASE_URL", self.sb.us_url())
            .env(
                "TRIPLINK_ALLOW_HOSTS",
                format!("{},{}", self.sb.us_url(), self.sb.eu_url()),
            )
            .env("TRIPLINK_CLIENT_ID", demo::DEMO_CLIENT_ID)
            .env("TRIPLINK_CLIENT_SECRET", demo::DEMO_CLIENT_SECRET)
            .env("TRIPLINK_USERNAME", demo::SUPPLIER_LOGIN)
            .env("TRIPLINK_PASSWORD", demo::SUPPLIER_PASSWORD);
        cmd
    }
}

/// `triplink` with no `TRIPLINK_*` variable from the caller, `HOME` in `dir` (no config
/// file) and its state files in `dir`.
pub fn triplink(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("triplink").unwrap();
    for (k, _) in std::env::vars() {
        if k.starts_with("TRIPLINK_") {
            cmd.env_remove(k);
        }
    }
    cmd.env("HOME", dir)
        .env_remove("XDG_CONFIG_HOME")
        .env("TRIPLINK_TOKEN_FILE", dir.join("tokens.json"))
        .env("TRIPLINK_JOURNAL", dir.join("journal.sqlite"))
        .env("NO_COLOR", "1")
        .current_dir(dir);
    cmd
}

/// Request id → status, from a JSON report.
pub fn statuses(report: &Path) -> std::collections::BTreeMap<String, String> {
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(report).unwrap()).unwrap();
    v["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["requestId"].as_str().unwrap().to_owned(),
                o["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// The one line a failed command printed, after checking it is one line with no panic.
pub fn one_line_error(out: &std::process::Output) -> String {
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(err.trim_end().lines().count(), 1, "stderr: {err}");
    assert!(err.starts_with("triplink: "), "stderr: {err}");
    assert!(
        !err.contains("panicked") && !err.contains("backtrace"),
        "{err}"
    );
    err
}
