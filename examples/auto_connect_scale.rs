//! The auto-connect job headless, for scale runs against a sandbox in another process (so
//! `/usr/bin/time -v` measures the job alone): `scripts/bench-auto-connect-scale.sh` drives it.
//!
//! `auto_connect_scale --prepare --members FILE --dir DIR` loads the member list into an SQLite
//! directory in `DIR` (the supplier's member database, made before the run, as in production).
//! `auto_connect_scale --base URL --eu URL --dir DIR [--store memory|file|sqlite] [--max N]
//! [--concurrency N]` then logs in as the sandbox's supplier, runs the job over that directory
//! with the SQLite journal in `DIR` and the chosen token store, and prints one JSON line
//! (seconds, handled, counts, stopped). Exit 2 when the run stopped with work left.

use std::sync::Arc;
use std::time::Instant;
use triplink::api::oauth::Grant;
use triplink::client::*;
use triplink::file_token_store::FileTokenStore;
use triplink::matching::{members_from_csv, MatchPolicy};
use triplink::model::{ClientCredentials, CrVersion};
use triplink::runtime::{native_executor, SystemClock};
use triplink::sqlite_journal::SqliteJournal;
use triplink::sqlite_member_directory::SqliteMemberDirectory;
use triplink::sqlite_token_store::SqliteTokenStore;
use triplink::{ApiConfig, Secret};
use triplink_sandbox::demo::*;

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn need(name: &str) -> Result<String, String> {
    arg(name).ok_or_else(|| format!("{name} is required"))
}

fn prepare(dir: &std::path::Path) -> Result<(), String> {
    let csv = std::fs::read_to_string(need("--members")?).map_err(|e| e.to_string())?;
    let members = members_from_csv(&csv).map_err(|e| e.to_string())?;
    let conn = rusqlite::Connection::open(dir.join("members.sqlite")).map_err(|e| e.to_string())?;
    SqliteMemberDirectory::load(conn, &MatchPolicy::either(), &members, || ())
        .map_err(|e| e.to_string())?;
    Ok(())
}

async fn run() -> Result<bool, String> {
    let dir = std::path::PathBuf::from(need("--dir")?);
    if std::env::args().any(|a| a == "--prepare") {
        prepare(&dir)?;
        return Ok(true);
    }
    let base = need("--base")?;
    let eu = need("--eu")?;
    let max: usize = arg("--max")
        .and_then(|m| m.parse().ok())
        .unwrap_or(1_000_000);
    let concurrency: usize = arg("--concurrency")
        .and_then(|m| m.parse().ok())
        .unwrap_or(4);
    let store: Arc<dyn TokenStore> = match arg("--store").as_deref().unwrap_or("memory") {
        "memory" => Arc::new(InMemoryTokenStore::new()),
        "file" => Arc::new(FileTokenStore::new(dir.join("tokens.json"))),
        "sqlite" => {
            Arc::new(SqliteTokenStore::open(dir.join("tokens.sqlite")).map_err(|e| e.to_string())?)
        }
        other => return Err(format!("unknown store {other}")),
    };
    let journal = SqliteJournal::open(dir.join("journal.sqlite")).map_err(|e| e.to_string())?;
    let exec = native_executor().map_err(|e| e.to_string())?;
    let glz = ApiConfig::new(&base).map_err(|e| e.to_string())?;
    let creds = ClientCredentials {
        client_id: DEMO_CLIENT_ID.into(),
        client_secret: Secret::new(DEMO_CLIENT_SECRET),
    };
    let mut cfg = TokenManagerConfig::new(creds, glz.clone());
    cfg.allow = cfg.allow.allow(&eu);
    let tokens = Arc::new(TokenManager::new(
        exec.clone(),
        store,
        Arc::new(SystemClock),
        cfg,
    ));
    tokens
        .login(
            "supplier",
            None,
            &Grant::Password {
                username: SUPPLIER_LOGIN.into(),
                password: Secret::new(SUPPLIER_PASSWORD),
            },
        )
        .await
        .map_err(|e| e.to_string())?;
    let directory = Arc::new(
        SqliteMemberDirectory::open(
            rusqlite::Connection::open(dir.join("members.sqlite")).map_err(|e| e.to_string())?,
        )
        .map_err(|e| e.to_string())?,
    );
    let requests = ConnectionRequestsClient::new(
        ApiSession::new(exec, tokens.clone(), "supplier", glz),
        CrVersion::V3_2,
    );
    let job = AutoConnect::new(
        requests,
        tokens,
        directory,
        MatchPolicy::either(),
        AutoConnectOptions {
            max_requests: max,
            concurrency,
            ..AutoConnectOptions::default()
        },
    )
    .with_journal(Arc::new(journal));
    let start = Instant::now();
    let report = job.run().await;
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{}",
        serde_json::json!({
            "seconds": secs,
            "handled": report.total(),
            "counts": report.counts,
            "failedPuts": report.failed_puts,
            "stopped": report.stopped,
        })
    );
    Ok(report.stopped.is_none())
}

#[tokio::main]
async fn main() {
    match run().await {
        Ok(true) => {}
        Ok(false) => std::process::exit(2),
        Err(e) => {
            eprintln!("auto_connect_scale: {e}");
            std::process::exit(1);
        }
    }
}
