//! The member directories' rates, for docs/performance.md: loads N synthetic members (default
//! 100,000) into `PostgresMemberDirectory` (COPY) and `SqliteMemberDirectory` (in memory), then
//! runs rounds of lookups (half by loyalty key, half by email, random members, `--concurrency`
//! in flight) alternating between the two in one process, and prints members/s for the loads,
//! lookups/s per directory and the PostgreSQL/SQLite ratio: median and range over the rounds.
//! Every lookup must find its one member (a miss fails the run).
//!
//! `TRIPLINK_TEST_POSTGRES_URL=postgres://… cargo run --release --features postgres --example
//! member_directory_rate -- [--members N] [--lookups N] [--rounds N] [--concurrency N]`
//! (`eval "$(bash scripts/services.sh start)"` gives a PostgreSQL on loopback).

use std::sync::Arc;
use std::time::Instant;
use triplink::matching::normalize::normalize_email;
use triplink::matching::{AccountState, MatchPolicy, MemberDirectory, MemberRecord};
use triplink::postgres_member_directory::PostgresMemberDirectory;
use triplink::sqlite_member_directory::SqliteMemberDirectory;

fn arg(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn members(n: usize) -> Vec<MemberRecord> {
    (0..n)
        .map(|i| MemberRecord {
            member_id: format!("m{i}"),
            loyalty_number: Some(format!("LN-{i:09}")),
            first_name: Some(format!("First{}", i % 997)),
            last_name: Some(format!("Surname{}", i % 1009)),
            emails: if i % 10 == 0 {
                vec![
                    format!("User.{i}@Example.com"),
                    format!("alt{i}@example.org"),
                ]
            } else {
                vec![format!("User.{i}@Example.com")]
            },
            state: AccountState::Active,
        })
        .collect()
}

/// A deterministic pseudo-random sequence (xorshift), so both directories get the same keys.
fn picks(n: usize, count: usize, seed: u64) -> Vec<usize> {
    let mut x = seed | 1;
    (0..count)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % n as u64) as usize
        })
        .collect()
}

/// Lookups/s of `lookups` lookups, `concurrency` in flight; a lookup that does not find its
/// one member is an error.
async fn lookup_rate(
    dir: Arc<dyn MemberDirectory>,
    keys: Arc<Vec<(bool, String)>>,
    concurrency: usize,
) -> Result<f64, String> {
    let started = Instant::now();
    let mut tasks = Vec::new();
    for t in 0..concurrency {
        let (dir, keys) = (dir.clone(), keys.clone());
        tasks.push(tokio::spawn(async move {
            for (by_loyalty, key) in keys.iter().skip(t).step_by(concurrency) {
                let found = if *by_loyalty {
                    dir.find_by_loyalty(key).await
                } else {
                    dir.find_by_email(key).await
                }
                .map_err(|e| e.to_string())?;
                if found.len() != 1 {
                    return Err(format!("{} members for one key", found.len()));
                }
            }
            Ok::<(), String>(())
        }));
    }
    for t in tasks {
        t.await.map_err(|e| e.to_string())??;
    }
    Ok(keys.len() as f64 / started.elapsed().as_secs_f64())
}

fn median_range(mut v: Vec<f64>) -> String {
    v.sort_by(f64::total_cmp);
    format!(
        "median {:.0} (range {:.0}..{:.0}, {} rounds)",
        v[v.len() / 2],
        v[0],
        v[v.len() - 1],
        v.len()
    )
}

fn median_range_ratio(mut v: Vec<f64>) -> String {
    v.sort_by(f64::total_cmp);
    format!(
        "median {:.2}x (range {:.2}..{:.2}x)",
        v[v.len() / 2],
        v[0],
        v[v.len() - 1]
    )
}

async fn run() -> Result<(), String> {
    let url = std::env::var("TRIPLINK_TEST_POSTGRES_URL")
        .map_err(|_| "TRIPLINK_TEST_POSTGRES_URL is not set".to_owned())?;
    let (n, lookups, rounds, concurrency) = (
        arg("--members", 100_000),
        arg("--lookups", 20_000),
        arg("--rounds", 5).max(1),
        arg("--concurrency", 16).max(1),
    );
    let policy = MatchPolicy::either();
    let list = members(n);
    let name = format!("rate-{}", std::process::id());
    let (mut pg_loads, mut sqlite_loads) = (Vec::new(), Vec::new());
    let mut pg = None;
    let mut sqlite = None;
    for _ in 0..rounds {
        let started = Instant::now();
        pg = Some(
            PostgresMemberDirectory::load(&url, &name, &policy, &list)
                .await
                .map_err(|e| e.to_string())?,
        );
        pg_loads.push(n as f64 / started.elapsed().as_secs_f64());
        let started = Instant::now();
        let conn = rusqlite::Connection::open_in_memory().map_err(|e| e.to_string())?;
        sqlite = Some(
            SqliteMemberDirectory::load(conn, &policy, &list, || ()).map_err(|e| e.to_string())?,
        );
        sqlite_loads.push(n as f64 / started.elapsed().as_secs_f64());
    }
    let pg: Arc<dyn MemberDirectory> = Arc::new(pg.ok_or("no rounds")?);
    let sqlite: Arc<dyn MemberDirectory> = Arc::new(sqlite.ok_or("no rounds")?);
    println!("{n} members, {lookups} lookups a round, {concurrency} in flight");
    println!(
        "load PostgreSQL (COPY): members/s {}",
        median_range(pg_loads)
    );
    println!(
        "load SQLite (in memory): members/s {}",
        median_range(sqlite_loads)
    );

    let (mut pg_rates, mut sqlite_rates, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..rounds {
        let keys: Arc<Vec<(bool, String)>> = Arc::new(
            picks(n, lookups, 0x9E37_79B9 + round as u64)
                .into_iter()
                .enumerate()
                .map(|(j, i)| {
                    let m = &list[i];
                    if j % 2 == 0 {
                        let l = m.loyalty_number.as_deref().unwrap_or_default();
                        (true, policy.loyalty_key(l))
                    } else {
                        (false, normalize_email(&m.emails[0]))
                    }
                })
                .collect(),
        );
        // Alternate which goes first, so neither always runs on a warmer machine.
        let (p, s) = if round % 2 == 0 {
            let p = lookup_rate(pg.clone(), keys.clone(), concurrency).await?;
            (p, lookup_rate(sqlite.clone(), keys, concurrency).await?)
        } else {
            let s = lookup_rate(sqlite.clone(), keys.clone(), concurrency).await?;
            (lookup_rate(pg.clone(), keys, concurrency).await?, s)
        };
        pg_rates.push(p);
        sqlite_rates.push(s);
        ratios.push(p / s);
    }
    println!("lookups/s PostgreSQL: {}", median_range(pg_rates));
    println!("lookups/s SQLite: {}", median_range(sqlite_rates));
    println!("PostgreSQL / SQLite: {}", median_range_ratio(ratios));
    Ok(())
}

#[tokio::main]
async fn main() {
    if let Err(e) = run().await {
        eprintln!("member_directory_rate: {e}");
        std::process::exit(1);
    }
}
