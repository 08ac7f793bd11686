//! `triplink auto-connect`: set up the session (a built-in sandbox or a real tenant), the
//! member directory and the journal (with `--store`: token store, journal and work lease on a
//! shared server), run the job (or its dry run) with a progress bar, print the summary and
//! write the report.

use crate::args::{AutoConnectArgs, Cli, PolicyName};
use crate::config::Settings;
use crate::error::{failed, CliError};
use crate::keyring_store::open_token_store;
use crate::shared_store::{self, StoreUrl};
use crate::{members, report_file};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::sync::Arc;
use triplink::api::oauth::Grant;
use triplink::client::auto_connect_report::AutoConnectReport;
use triplink::client::*;
use triplink::matching::{MatchPolicy, MemberDirectory};
use triplink::model::{ClientCredentials, CrVersion};
use triplink::runtime::{native_executor, SystemClock};
use triplink::sqlite_journal::{JournalOpenError, SqliteJournal};
use triplink::sqlite_member_directory::SqliteMemberDirectory;
use triplink::{ApiConfig, Secret};
use triplink_sandbox::{demo, RunningSandbox, SandboxConfig};

/// Feeds the job's progress to a progress bar.
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

/// Where and as whom the job runs.
struct Target {
    base: String,
    allow: Vec<String>,
    creds: ClientCredentials,
    username: String,
    password: Secret,
    store: Arc<dyn TokenStore>,
    journal: Option<JobState>,
    _sandbox: Option<RunningSandbox>,
}

/// The job's journal, and its work lease when other workers share the queue.
struct JobState {
    journal: Arc<dyn RequestJournal>,
    lease: Option<Arc<dyn RequestLease>>,
}

impl JobState {
    fn local(journal: SqliteJournal) -> Self {
        JobState {
            journal: Arc::new(journal),
            lease: None,
        }
    }
}

/// With `--store`: the token store and (unless a dry run) the journal and lease on the shared
/// server, for the queue `args.queue`, by default `username` at `base`.
async fn shared(
    args: &AutoConnectArgs,
    store: &StoreUrl,
    username: &str,
    base: &str,
) -> Result<(Arc<dyn TokenStore>, Option<JobState>), CliError> {
    let queue = match &args.queue {
        Some(q) => q.clone(),
        None => format!("{username}@{base}"),
    };
    let s = shared_store::open(store, &queue).await?;
    let dry_run = args.dry_run;
    let state = (!dry_run).then(|| JobState {
        journal: s.journal,
        lease: Some(s.lease),
    });
    Ok((s.tokens, state))
}

/// The matching rules `name` stands for.
pub fn policy(name: PolicyName) -> MatchPolicy {
    match name {
        PolicyName::Either => MatchPolicy::either(),
        PolicyName::Loyalty => MatchPolicy::last_name_and_loyalty(),
        PolicyName::Email => MatchPolicy::verified_email_and_last_name(),
    }
}

fn open_journal(open: Result<SqliteJournal, JournalOpenError>) -> Result<SqliteJournal, CliError> {
    open.map_err(|e| match e {
        JournalOpenError::InUse { .. } => CliError::JournalInUse(e.to_string()),
        other => failed("journal", other),
    })
}

async fn sandbox_target(args: &AutoConnectArgs) -> Result<Target, CliError> {
    let sb = RunningSandbox::start(SandboxConfig::default())
        .await
        .map_err(|e| failed("cannot start the sandbox", e))?;
    println!("Concur sandbox: us/GLZ {}  eu {}", sb.us_url(), sb.eu_url());
    let (store, journal) = match &args.store {
        Some(url) => shared(args, url, demo::SUPPLIER_LOGIN, &sb.us_url()).await?,
        // A fresh sandbox each time: its journal need not outlive the process.
        None => (
            Arc::new(InMemoryTokenStore::new()) as Arc<dyn TokenStore>,
            Some(JobState::local(open_journal(
                SqliteJournal::open_in_memory(),
            )?)),
        ),
    };
    Ok(Target {
        base: sb.us_url(),
        allow: vec![sb.us_url(), sb.eu_url()],
        creds: ClientCredentials {
            client_id: demo::DEMO_CLIENT_ID.into(),
            client_secret: Secret::new(demo::DEMO_CLIENT_SECRET),
        },
        username: demo::SUPPLIER_LOGIN.into(),
        password: Secret::new(demo::SUPPLIER_PASSWORD),
        store,
        journal,
        _sandbox: Some(sb),
    })
}

async fn tenant_target(s: &Settings, args: &AutoConnectArgs) -> Result<Target, CliError> {
    let base = Settings::need(&s.base_url, "--base-url", "TRIPLINK_BASE_URL")?.to_owned();
    let username = Settings::need(&s.username, "--username", "TRIPLINK_USERNAME")?.to_owned();
    let (store, journal) = match &args.store {
        Some(url) => shared(args, url, &username, &base).await?,
        // First: a second run on the same journal refuses to start before it touches
        // anything. A dry run writes no journal.
        None if args.dry_run => (open_token_store(s)?, None),
        None => {
            let journal = JobState::local(open_journal(SqliteJournal::open(&s.journal))?);
            (open_token_store(s)?, Some(journal))
        }
    };
    let password = std::env::var("TRIPLINK_PASSWORD").map_err(|_| {
        CliError::Failed("TRIPLINK_PASSWORD is not set (the supplier's Concur password)".into())
    })?;
    Ok(Target {
        base,
        allow: s.allow_hosts.clone(),
        creds: ClientCredentials {
            client_id: Settings::need(&s.client_id, "--client-id", "TRIPLINK_CLIENT_ID")?
                .to_owned(),
            client_secret: Secret::new(Settings::need(
                &s.client_secret,
                "the client secret",
                "TRIPLINK_CLIENT_SECRET",
            )?),
        },
        username,
        password: Secret::new(password),
        store,
        journal,
        _sandbox: None,
    })
}

/// Runs the command; the report (the caller maps `stopped` to the exit code).
pub async fn run(cli: &Cli, args: &AutoConnectArgs) -> Result<AutoConnectReport, CliError> {
    let settings = Settings::resolve(cli, args.username.as_deref(), args.journal.as_deref())?;
    let policy = policy(args.policy);
    // The member list is read before anything is sent: a bad row stops the run untouched.
    let directory: Option<SqliteMemberDirectory> = match &args.members {
        Some(path) => Some(members::directory(path, &policy)?),
        None if args.sandbox => None,
        None => {
            return Err(CliError::Failed(
                "--members is not set (flag, TRIPLINK_MEMBERS, or use --sandbox)".into(),
            ))
        }
    };
    let t = if args.sandbox {
        sandbox_target(args).await?
    } else {
        tenant_target(&settings, args).await?
    };
    let directory = match directory {
        Some(d) => d,
        None => {
            let list = triplink::matching::members_from_csv(demo::DEMO_MEMBERS_CSV)
                .map_err(|e| failed("demo members", e))?;
            members::load_db(members::in_memory()?, &policy, &list, || ())?
        }
    };
    let count = directory
        .count()
        .map_err(|e| CliError::Failed(e.to_string()))?;
    println!("{count} members loaded into SQLite");
    let directory: Arc<dyn MemberDirectory> = Arc::new(directory);
    let exec = native_executor().map_err(|e| failed("HTTP client", e))?;
    let base = ApiConfig::new(&t.base).map_err(|e| failed("base URL", e))?;
    let mut cfg = TokenManagerConfig::new(t.creds, base.clone());
    for host in &t.allow {
        cfg.allow = cfg.allow.allow(host);
    }
    let tokens = Arc::new(TokenManager::new(
        exec.clone(),
        t.store,
        Arc::new(SystemClock),
        cfg,
    ));
    tokens
        .login(
            "supplier",
            None,
            &Grant::Password {
                username: t.username,
                password: t.password,
            },
        )
        .await
        .map_err(|e| failed("supplier login failed", e))?;
    let requests = ConnectionRequestsClient::new(
        ApiSession::new(exec, tokens.clone(), "supplier", base),
        CrVersion::V3_2,
    );
    let bar = if args.quiet {
        ProgressBar::hidden()
    } else {
        ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr())
    };
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let mut job = AutoConnect::new(
        requests,
        tokens,
        directory,
        policy,
        AutoConnectOptions::default(),
    )
    .with_progress(Arc::new(Bar(bar.clone())));
    if let Some(state) = t.journal {
        job = job.with_journal(state.journal);
        if let Some(lease) = state.lease {
            job = job.with_lease(lease, DEFAULT_REQUEST_LEASE_MS);
        }
    }
    let report = if args.dry_run {
        job.dry_run().await
    } else {
        job.run().await
    };
    bar.finish_and_clear();
    print!(
        "{}",
        triplink::auto_connect_summary::render(&report, args.dry_run)
    );
    if args.json {
        println!("{}", report.to_json());
    }
    if let Some(path) = &args.report {
        report_file::write(path, &report, args.dry_run)?;
        println!("report written to {}", path.display());
    }
    Ok(report)
}
