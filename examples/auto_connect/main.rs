//! The main job: the supplier auto-connect run. With no arguments it starts the built-in Concur
//! sandbox in-process with demo data, loads the demo member list into SQLite, runs the job with
//! a progress bar and prints the summary. With `TRIPLINK_BASE_URL` (and the credentials below)
//! set, it runs against a real Concur tenant instead.
//!
//! Real tenant: `TRIPLINK_BASE_URL` (token base, e.g. https://glz.api.concursolutions.com),
//! `TRIPLINK_CLIENT_ID`, `TRIPLINK_CLIENT_SECRET`, `TRIPLINK_USERNAME`, `TRIPLINK_PASSWORD`
//! (the supplier's Concur account), `TRIPLINK_MEMBERS_CSV` (path to the member list), and
//! optionally `TRIPLINK_TOKEN_FILE` (where user tokens are kept; default `./triplink-tokens.json`).
//!
//! User tokens go to an SQLite database by default (`TRIPLINK_TOKEN_STORE=sqlite|file|memory`,
//! at `TRIPLINK_TOKEN_PATH`, default `./triplink-tokens.sqlite`; `TRIPLINK_TOKEN_FILE` still
//! selects the file store). `TRIPLINK_SANDBOX_REQUESTS=N` seeds the built-in sandbox with N
//! requests (and their members) instead of the demo queue; `--io` prints the run's time and the
//! bytes this process wrote (`/proc/self/io`).
//!
//! `TRIPLINK_JOURNAL` is the per-request journal a rerun resumes from (default
//! `./triplink-journal.sqlite`; one run at a time holds it; the built-in sandbox's runs keep it
//! in memory).
//!
//! `RUST_LOG` (e.g. `RUST_LOG=info`, or `RUST_LOG=triplink=debug` for every HTTP attempt)
//! prints the SDK's `tracing` output on stderr: one `decided` line per request (status, masked
//! evidence), retries, token refreshes and geolocation hops; never a secret, token or body.
//!
//! Exit status: 0 when the queue was drained; 2 when the run stopped with work left (the reason
//! and the pending requests are printed; rerun to resume); 1 when it could not start (3 when
//! another run holds the journal).

use indicatif::{ProgressBar, ProgressStyle};
use std::sync::Arc;
use triplink::api::oauth::Grant;
use triplink::client::auto_connect_report::AutoConnectReport;
use triplink::client::*;
use triplink::file_token_store::FileTokenStore;
use triplink::matching::{members_from_csv, MatchPolicy};
use triplink::model::{ClientCredentials, CrVersion};
use triplink::runtime::{native_executor, SystemClock};
use triplink::sqlite_journal::{JournalOpenError, SqliteJournal};
use triplink::sqlite_member_directory::SqliteMemberDirectory;
use triplink::sqlite_token_store::SqliteTokenStore;
use triplink::{ApiConfig, Secret};

struct Bar(ProgressBar);

impl ProgressSink for Bar {
    fn on_event(&self, event: &ProgressEvent) {
        match event {
            ProgressEvent::PageRead(n) => self.0.inc_length(*n as u64),
            ProgressEvent::RequestDone(status) => {
                self.0.set_message(status.clone());
                self.0.inc(1);
            }
        }
    }
}

struct Setup {
    base: String,
    extra_allowed: Vec<String>,
    creds: ClientCredentials,
    username: String,
    password: Secret,
    members_csv: String,
    store: Arc<dyn TokenStore>,
    journal: SqliteJournal,
    _sandbox: Option<triplink_sandbox::RunningSandbox>,
}

/// Why the job did not run.
enum Failure {
    Setup(String),
    JournalInUse(JournalOpenError),
}

impl From<String> for Failure {
    fn from(s: String) -> Self {
        Failure::Setup(s)
    }
}

fn open_journal(open: Result<SqliteJournal, JournalOpenError>) -> Result<SqliteJournal, Failure> {
    open.map_err(|e| match e {
        JournalOpenError::InUse { .. } => Failure::JournalInUse(e),
        other => Failure::Setup(other.to_string()),
    })
}

fn env(name: &str) -> Result<String, String> {
    std::env::var(name).map_err(|_| format!("{name} is not set"))
}

/// The token store the environment asks for (SQLite unless told otherwise).
async fn token_store() -> Result<Arc<dyn TokenStore>, String> {
    let kind = std::env::var("TRIPLINK_TOKEN_STORE").unwrap_or_else(|_| {
        if std::env::var("TRIPLINK_TOKEN_FILE").is_ok() {
            "file".into()
        } else {
            "sqlite".into()
        }
    });
    let path = std::env::var("TRIPLINK_TOKEN_PATH")
        .or_else(|_| std::env::var("TRIPLINK_TOKEN_FILE"))
        .ok();
    Ok(match kind.as_str() {
        "memory" => Arc::new(InMemoryTokenStore::new()),
        "file" => Arc::new(
            FileTokenStore::open(path.unwrap_or_else(|| "triplink-tokens.jsonl".into()))
                .await
                .map_err(|e| e.to_string())?,
        ),
        "sqlite" => Arc::new(
            SqliteTokenStore::open(path.unwrap_or_else(|| "triplink-tokens.sqlite".into()))
                .map_err(|e| e.to_string())?,
        ),
        other => {
            return Err(format!(
                "TRIPLINK_TOKEN_STORE={other}: use sqlite, file or memory"
            ))
        }
    })
}

/// `wchar` and `write_bytes` of this process (Linux), for `--io`.
fn io_written() -> String {
    std::fs::read_to_string("/proc/self/io")
        .map(|t| {
            t.lines()
                .filter(|l| l.starts_with("wchar") || l.starts_with("write_bytes"))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_else(|_| "no /proc/self/io".into())
}

async fn setup() -> Result<Setup, Failure> {
    let store = token_store().await?;
    if let Ok(base) = std::env::var("TRIPLINK_BASE_URL") {
        let journal_path =
            std::env::var("TRIPLINK_JOURNAL").unwrap_or_else(|_| "triplink-journal.sqlite".into());
        // First: a second run on the same journal refuses to start before it touches anything.
        let journal = open_journal(SqliteJournal::open(journal_path))?;
        let members_path = env("TRIPLINK_MEMBERS_CSV")?;
        return Ok(Setup {
            base,
            extra_allowed: vec![],
            creds: ClientCredentials {
                client_id: env("TRIPLINK_CLIENT_ID")?,
                client_secret: Secret::new(env("TRIPLINK_CLIENT_SECRET")?),
            },
            username: env("TRIPLINK_USERNAME")?,
            password: Secret::new(env("TRIPLINK_PASSWORD")?),
            members_csv: std::fs::read_to_string(&members_path)
                .map_err(|e| format!("{members_path}: {e}"))?,
            store,
            journal,
            _sandbox: None,
        });
    }
    use triplink_sandbox::demo::*;
    let seeded: usize = std::env::var("TRIPLINK_SANDBOX_REQUESTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let sb = triplink_sandbox::RunningSandbox::start(triplink_sandbox::SandboxConfig {
        demo_data: seeded == 0,
        seed_requests: seeded,
        ..triplink_sandbox::SandboxConfig::default()
    })
    .await
    .map_err(|e| format!("cannot start the sandbox: {e}"))?;
    println!("Concur sandbox: us/GLZ {}  eu {}", sb.us_url(), sb.eu_url());
    Ok(Setup {
        base: sb.us_url(),
        extra_allowed: vec![sb.us_url(), sb.eu_url()],
        creds: ClientCredentials {
            client_id: DEMO_CLIENT_ID.into(),
            client_secret: Secret::new(DEMO_CLIENT_SECRET),
        },
        username: SUPPLIER_LOGIN.into(),
        password: Secret::new(SUPPLIER_PASSWORD),
        members_csv: sb.members_csv(),
        store,
        // A fresh sandbox each time: its journal need not outlive the process.
        journal: open_journal(SqliteJournal::open_in_memory())?,
        _sandbox: Some(sb),
    })
}

fn print_summary(report: &AutoConnectReport) {
    print!("{}", triplink::auto_connect_summary::render(report, false));
}

async fn run() -> Result<AutoConnectReport, Failure> {
    let s = setup().await?;
    let exec = native_executor().map_err(|e| e.to_string())?;
    let base = ApiConfig::new(&s.base).map_err(|e| e.to_string())?;
    let mut cfg = TokenManagerConfig::new(s.creds, base.clone());
    for host in &s.extra_allowed {
        cfg.allow = cfg.allow.allow(host);
    }
    let tokens = Arc::new(TokenManager::new(
        exec.clone(),
        s.store,
        Arc::new(SystemClock),
        cfg,
    ));
    tokens
        .login(
            "supplier",
            None,
            &Grant::Password {
                username: s.username,
                password: s.password,
            },
        )
        .await
        .map_err(|e| format!("supplier login failed: {e}"))?;
    let policy = MatchPolicy::either();
    let members = members_from_csv(&s.members_csv).map_err(|e| e.to_string())?;
    let conn = rusqlite::Connection::open_in_memory().map_err(|e| e.to_string())?;
    let directory = Arc::new(
        SqliteMemberDirectory::load(conn, &policy, &members, || ()).map_err(|e| e.to_string())?,
    );
    println!("{} members loaded into SQLite", members.len());
    let requests = ConnectionRequestsClient::new(
        ApiSession::new(exec, tokens.clone(), "supplier", base),
        CrVersion::V3_2,
    );
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let job = AutoConnect::new(
        requests,
        tokens,
        directory,
        policy,
        AutoConnectOptions::default(),
    )
    .with_journal(Arc::new(s.journal))
    .with_progress(Arc::new(Bar(bar.clone())));
    let started = std::time::Instant::now();
    let report = job.run().await;
    bar.finish_with_message("done");
    if std::env::args().any(|a| a == "--io") {
        println!(
            "job: {:.2} s, {} requests; {}",
            started.elapsed().as_secs_f64(),
            report.total(),
            io_written()
        );
    }
    Ok(report)
}

/// Prints the SDK's logs on stderr when `RUST_LOG` asks for them.
fn init_logs() {
    if std::env::var_os("RUST_LOG").is_some() {
        tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
            .with_writer(std::io::stderr)
            .init();
    }
}

#[tokio::main]
async fn main() {
    init_logs();
    match run().await {
        Ok(report) => {
            print_summary(&report);
            if std::env::args().any(|a| a == "--json") {
                println!("{}", report.to_json());
            }
            if report.stopped.is_some() {
                std::process::exit(2);
            }
        }
        Err(Failure::JournalInUse(e)) => {
            eprintln!("auto-connect not started: {e}");
            std::process::exit(3);
        }
        Err(Failure::Setup(e)) => {
            eprintln!("auto-connect failed: {e}");
            std::process::exit(1);
        }
    }
}
