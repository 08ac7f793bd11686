//! Four worker processes drain one sandbox queue of 10,000 connection requests sharing a real
//! PostgreSQL (then Redis): token store, journal and work lease. Workers are SIGKILLed at
//! random points and replaced. Afterwards every request has exactly one final status PUT and
//! no PUT was repeated (a request is PUT again only after a CRRET hand-back, as a new offer),
//! no request token was exchanged twice (one exchange per offer), no refresh was refused (108), every connected user's
//! stored refresh token is live, and the shared journal accounts for every request.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod services;

use services::{unique, Backend};
use std::collections::HashMap;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};
use triplink::api::oauth::Grant;
use triplink::client::*;
use triplink::matching::{members_from_csv, MatchPolicy, MemberIndex};
use triplink::model::{ClientCredentials, CrVersion};
use triplink::postgres_journal::PostgresJournal;
use triplink::redis_journal::RedisJournal;
use triplink::runtime::{native_executor, SystemClock};
use triplink::{ApiConfig, Secret};
use triplink_sandbox::demo::*;
use triplink_sandbox::faults::{Fault, FaultKind};
use triplink_sandbox::{RunningSandbox, SandboxConfig};

const WORKERS: usize = 4;
const KILLS: usize = 6;
/// Short, so a killed worker's requests are taken over quickly.
const LEASE_MS: u64 = 2_000;

fn queue_len() -> usize {
    std::env::var("TRIPLINK_WORKERS_QUEUE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000)
}

/// The shared journal of `name`, as both seams.
async fn journal(
    backend: Backend,
    url: &str,
    name: &str,
) -> (Arc<dyn RequestJournal>, Arc<dyn RequestLease>) {
    match backend {
        Backend::Postgres => {
            let j = Arc::new(PostgresJournal::connect(url, name).await.unwrap());
            (j.clone(), j)
        }
        Backend::Redis => {
            let j = Arc::new(RedisJournal::connect(url, name).await.unwrap());
            (j.clone(), j)
        }
    }
}

/// Runs only as a child of the tests below: one worker draining the queue until it holds
/// nothing it can claim; exit 0 when its run reports done, 2 when it stopped with work left.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn child_queue_worker() {
    let Ok(backend) = std::env::var("TRIPLINK_WORKER_BACKEND") else {
        return;
    };
    let backend = Backend::parse(&backend);
    let var = |k: &str| std::env::var(k).unwrap();
    let url = var("TRIPLINK_WORKER_URL");
    let (us, eu) = (var("TRIPLINK_WORKER_US"), var("TRIPLINK_WORKER_EU"));
    let exec = native_executor().unwrap();
    let glz = ApiConfig::new(&us).unwrap();
    let creds = ClientCredentials {
        client_id: DEMO_CLIENT_ID.into(),
        client_secret: Secret::new(DEMO_CLIENT_SECRET),
    };
    let mut cfg = TokenManagerConfig::new(creds, glz.clone());
    cfg.allow = cfg.allow.allow(&eu);
    let tokens = Arc::new(TokenManager::new(
        exec.clone(),
        backend
            .token_store_in(&url, &format!("{}:", var("TRIPLINK_WORKER_JOURNAL")))
            .await,
        Arc::new(SystemClock),
        cfg,
    ));
    let supplier = var("TRIPLINK_WORKER_SUPPLIER_KEY");
    let grant = Grant::Password {
        username: SUPPLIER_LOGIN.into(),
        password: Secret::new(SUPPLIER_PASSWORD),
    };
    tokens.login(&supplier, None, &grant).await.unwrap();
    let csv = std::fs::read_to_string(var("TRIPLINK_WORKER_MEMBERS")).unwrap();
    let idx = Arc::new(
        MemberIndex::build(MatchPolicy::either(), members_from_csv(&csv).unwrap()).unwrap(),
    );
    let (journal, lease) = journal(backend, &url, &var("TRIPLINK_WORKER_JOURNAL")).await;
    let requests = ConnectionRequestsClient::new(
        ApiSession::new(exec, tokens.clone(), &supplier, glz),
        CrVersion::V3_2,
    );
    let report = AutoConnect::new(
        requests,
        tokens,
        idx.clone(),
        idx.policy().clone(),
        AutoConnectOptions {
            max_requests: 100_000,
            ..AutoConnectOptions::default()
        },
    )
    .with_journal(journal)
    .with_lease(
        lease,
        std::env::var("TRIPLINK_WORKER_LEASE_MS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(LEASE_MS),
    )
    .run()
    .await;
    println!("HANDLED {}", report.total());
    match report.stopped {
        None => std::process::exit(0),
        Some(reason) => {
            println!("STOPPED: {reason}");
            std::process::exit(2);
        }
    }
}

/// The shared journal, for its reading methods.
enum Shared {
    Postgres(PostgresJournal),
    Redis(RedisJournal),
}

impl Shared {
    async fn connect(backend: Backend, url: &str, name: &str) -> Shared {
        match backend {
            Backend::Postgres => {
                Shared::Postgres(PostgresJournal::connect(url, name).await.unwrap())
            }
            Backend::Redis => Shared::Redis(RedisJournal::connect(url, name).await.unwrap()),
        }
    }

    async fn entry(&self, id: &str) -> Option<JournalEntry> {
        match self {
            Shared::Postgres(j) => j.entry(id).await.unwrap(),
            Shared::Redis(j) => j.entry(id).await.unwrap(),
        }
    }

    async fn outcomes(&self) -> Vec<triplink::client::auto_connect_report::RequestOutcome> {
        match self {
            Shared::Postgres(j) => j.outcomes().await.unwrap(),
            Shared::Redis(j) => j.outcomes().await.unwrap(),
        }
    }
}

/// A small deterministic generator (the seed is printed, so a failure can be replayed).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

struct Run {
    backend: Backend,
    url: String,
    journal: String,
    supplier: String,
    members: PathBuf,
    lease_ms: u64,
}

impl Run {
    /// A sandbox seeded with `queue` requests, its members file in a fresh directory, and
    /// the names (journal, supplier key) no earlier run used.
    async fn prepare(backend: Backend, url: &str, queue: usize) -> (RunningSandbox, Run, PathBuf) {
        let sb = RunningSandbox::start(SandboxConfig {
            demo_data: false,
            seed_requests: queue,
            ..SandboxConfig::default()
        })
        .await
        .unwrap();
        let dir = std::env::temp_dir().join(unique("triplink-workers"));
        std::fs::create_dir_all(&dir).unwrap();
        let members = dir.join("members.csv");
        std::fs::write(&members, sb.members_csv()).unwrap();
        let run = Run {
            backend,
            url: url.to_owned(),
            journal: unique("queue"),
            supplier: unique("supplier"),
            members,
            lease_ms: LEASE_MS,
        };
        (sb, run, dir)
    }

    fn spawn(&self, sb: &RunningSandbox) -> Child {
        Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "child_queue_worker", "--nocapture"])
            .env("TRIPLINK_WORKER_BACKEND", self.backend.name())
            .env("TRIPLINK_WORKER_URL", &self.url)
            .env("TRIPLINK_WORKER_JOURNAL", &self.journal)
            .env("TRIPLINK_WORKER_SUPPLIER_KEY", &self.supplier)
            .env("TRIPLINK_WORKER_MEMBERS", &self.members)
            .env("TRIPLINK_WORKER_US", sb.us_url())
            .env("TRIPLINK_WORKER_LEASE_MS", self.lease_ms.to_string())
            .env("TRIPLINK_WORKER_EU", sb.eu_url())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    }
}

fn pending(sb: &RunningSandbox) -> usize {
    sb.requests()
        .iter()
        .filter(|r| r.final_status.is_none())
        .count()
}

async fn drain_with_kills(backend: Backend) {
    let Some(url) = backend.url() else { return };
    let queue = queue_len();
    let (sb, run, dir) = Run::prepare(backend, &url, queue).await;
    let seed = std::env::var("TRIPLINK_WORKERS_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| u64::from(std::process::id()) * 7919);
    println!(
        "{}: kill seed {seed} (TRIPLINK_WORKERS_SEED replays it)",
        backend.name()
    );
    let mut rng = Lcg(seed);
    let started = Instant::now();
    let mut workers: Vec<Child> = Vec::new();
    let (mut kills, mut spawned, mut clock_advances) = (0, 0, 0);
    let mut next_kill = (queue / 20 + rng.below((queue / 8) as u64) as usize).max(1);
    let mut last_puts = 0;
    let mut last_progress = Instant::now();
    loop {
        assert!(
            started.elapsed() < Duration::from_secs(900),
            "not done in 15 minutes"
        );
        workers.retain_mut(|c| match c.try_wait().unwrap() {
            Some(status) => {
                assert!(matches!(status.code(), Some(0 | 2)), "worker exit {status}");
                false
            }
            None => true,
        });
        let puts = sb.puts_received().len();
        if puts != last_puts {
            (last_puts, last_progress) = (puts, Instant::now());
        }
        let left = pending(&sb);
        if left == 0 && workers.is_empty() {
            break;
        }
        if kills < KILLS && puts >= next_kill && !workers.is_empty() {
            let victim = rng.below(workers.len() as u64) as usize;
            tokio::time::sleep(Duration::from_micros(rng.below(5_000))).await;
            let mut c = workers.swap_remove(victim);
            c.kill().unwrap(); // SIGKILL
            c.wait().unwrap();
            kills += 1;
            next_kill = puts + 1 + rng.below((queue / 8) as u64) as usize;
        }
        if left > 0 && workers.len() < WORKERS {
            workers.push(run.spawn(&sb));
            spawned += 1;
        }
        // Requests handed back with CRRET are offered again an hour later.
        if left > 0 && last_progress.elapsed() > Duration::from_millis(LEASE_MS + 3_000) {
            sb.advance_clock(3600);
            clock_advances += 1;
            last_progress = Instant::now();
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let elapsed = started.elapsed();

    // Exactly one final status per request, and no PUT repeated: a request is PUT again only
    // after a CRRET hand-back (Concur then offers it again with a new token).
    let requests = sb.requests();
    assert_eq!(requests.len(), queue);
    let mut puts: HashMap<String, Vec<String>> = HashMap::new();
    for p in sb.puts_received() {
        puts.entry(p.id).or_default().push(p.status);
    }
    let counters = sb.counters();
    let store = backend
        .token_store_in(&url, &format!("{}:", run.journal))
        .await;
    let shared = Shared::connect(backend, &url, &run.journal).await;
    let outcomes = shared.outcomes().await;
    let outcomes: HashMap<String, _> = outcomes
        .into_iter()
        .map(|o| (o.request_id.clone(), o))
        .collect();
    let mut handed_back = 0;
    for r in &requests {
        let sent = puts.get(&r.id).cloned().unwrap_or_default();
        let finals: Vec<&String> = sent.iter().filter(|s| s.as_str() != "CRRET").collect();
        assert_eq!(finals.len(), 1, "request {}: PUTs {sent:?}", r.id);
        let crret = sent.len() - 1;
        handed_back += crret;
        assert!(
            sent[..crret].iter().all(|s| s == "CRRET") && sent[crret] == *finals[0],
            "request {}: PUTs {sent:?}",
            r.id
        );
        // One exchange per offer at most (a hand-back brings a new offer with a new token).
        assert!(
            counters.exchanges_ok.get(&r.id).copied().unwrap_or(0) as usize <= 1 + crret,
            "request {} exchanged twice in one offer",
            r.id
        );
        assert_eq!(r.final_status.as_deref(), Some(finals[0].as_str()));
        // The shared journal accounts for it: its last step names the status Concur got.
        let entry = shared.entry(&r.id).await;
        let entry = entry.unwrap_or_else(|| panic!("request {} is in the journal", r.id));
        assert!(entry.stage >= JournalStage::StatusChosen, "{entry:?}");
        assert_eq!(
            entry.status.as_ref().map(|s| s.as_str()),
            Some(finals[0].as_str())
        );
        if let Some(o) = outcomes.get(&r.id) {
            assert_eq!(&o.status, finals[0], "{o:?}");
        }
        if finals[0] == "CRSUC" {
            let set = store.load(&r.user_id).await.unwrap();
            let set = set.unwrap_or_else(|| panic!("user {} has stored tokens", r.user_id));
            assert!(sb.refresh_token_live(set.refresh_token.unwrap().expose()));
        }
    }
    assert_eq!(counters.refresh_refused_108, 0);
    println!(
        "{}: {queue} requests, {WORKERS} workers, {kills} SIGKILLs, {spawned} worker processes, \
         {handed_back} CRRET hand-backs, {clock_advances} clock advances, {} outcomes in the \
         journal, {elapsed:?}",
        backend.name(),
        outcomes.len()
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_four_workers_one_queue_with_kills() {
    drain_with_kills(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_four_workers_one_queue_with_kills() {
    drain_with_kills(Backend::Redis).await;
}

/// The benchmark of `scripts/bench-workers.sh` (not a test: ignored by `cargo test`): for each
/// round, 1, 2 and 4 workers in turn (alternating, a fresh sandbox each) drain a queue with
/// 20 ms of latency on every sandbox route, sharing PostgreSQL or Redis
/// (`TRIPLINK_BENCH_BACKEND`); prints requests/s per run.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a benchmark: scripts/bench-workers.sh runs it"]
async fn bench_workers() {
    let backend = Backend::parse(
        &std::env::var("TRIPLINK_BENCH_BACKEND").unwrap_or_else(|_| "postgres".into()),
    );
    let Some(url) = backend.url() else { return };
    let queue = queue_len();
    let rounds: usize = std::env::var("TRIPLINK_BENCH_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    let latency_ms: u64 = std::env::var("TRIPLINK_BENCH_LATENCY_MS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    for round in 1..=rounds {
        for workers in [1usize, 2, 4] {
            let (sb, mut run, dir) = Run::prepare(backend, &url, queue).await;
            run.lease_ms = DEFAULT_REQUEST_LEASE_MS; // nobody is killed here
            sb.inject_fault(Fault::on(
                "/",
                FaultKind::Latency { ms: latency_ms },
                u32::MAX,
            ));
            let started = Instant::now();
            let mut children: Vec<Child> = (0..workers).map(|_| run.spawn(&sb)).collect();
            for c in &mut children {
                let status = tokio::task::block_in_place(|| c.wait().unwrap());
                assert!(status.success(), "worker exit {status}");
            }
            let secs = started.elapsed().as_secs_f64();
            assert_eq!(pending(&sb), 0);
            println!(
                "BENCH round={round} workers={workers} queue={queue} latency_ms={latency_ms} \
                 secs={secs:.2} requests_per_s={:.1}",
                queue as f64 / secs
            );
            std::fs::remove_dir_all(&dir).unwrap();
        }
    }
}
