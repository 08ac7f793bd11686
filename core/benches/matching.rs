//! Matching throughput: decisions per second against a 1,000,000-member `MemberIndex`, index
//! build time, and index bytes per member (reported, never asserted).

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;
use triplink_core::matching::{AccountState, MatchPolicy, MatchRequest, MemberIndex, MemberRecord};

const N: usize = 1_000_000;

fn members(n: usize) -> Vec<MemberRecord> {
    let last = [
        "O'Brien",
        "Müller",
        "García Márquez",
        "van der Berg",
        "Smith",
        "Иванова",
        "李",
        "Nguyen",
    ];
    (0..n)
        .map(|i| MemberRecord {
            member_id: format!("m{i}"),
            loyalty_number: Some(format!("{:010}", i * 7 + 13)),
            first_name: Some("Pat".into()),
            last_name: Some(last[i % last.len()].into()),
            emails: vec![format!("member{i}@example.com")],
            state: AccountState::Active,
        })
        .collect()
}

fn requests(n: usize) -> Vec<MatchRequest> {
    let last = [
        "OBrien",
        "Muller",
        "Garcia",
        "Berg",
        "smith",
        "ИВАНОВА",
        "李",
        "Nguyen",
    ];
    (0..1024)
        .map(|k| {
            let i = (k * 977) % n;
            let hit = k % 4 != 0;
            MatchRequest {
                first_name: Some("Patricia".into()),
                middle_name: None,
                last_name: Some(
                    last[if hit {
                        i % last.len()
                    } else {
                        (i + 1) % last.len()
                    }]
                    .into(),
                ),
                loyalty_number: Some(if k % 8 == 0 {
                    "99999999999".into()
                } else {
                    format!("{:010}", i * 7 + 13)
                }),
                emails: vec![format!("member{i}@example.com")],
            }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let t0 = std::time::Instant::now();
    let idx = MemberIndex::build(MatchPolicy::last_name_and_loyalty(), members(N)).unwrap();
    let built = t0.elapsed();
    println!(
        "index: {N} members built in {:.2} s; {:.1} index bytes per member (beyond the records)",
        built.as_secs_f64(),
        idx.index_bytes() as f64 / N as f64
    );
    let reqs = requests(N);
    let mut g = c.benchmark_group("matching");
    g.throughput(Throughput::Elements(reqs.len() as u64));
    g.bench_function(BenchmarkId::new("decide_last_name_and_loyalty", N), |b| {
        b.iter(|| {
            for r in &reqs {
                black_box(idx.decide(black_box(r)));
            }
        })
    });
    let idx_either = MemberIndex::build(MatchPolicy::either(), members(N)).unwrap();
    g.bench_function(BenchmarkId::new("decide_either", N), |b| {
        b.iter(|| {
            for r in &reqs {
                black_box(idx_either.decide(black_box(r)));
            }
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10).measurement_time(std::time::Duration::from_secs(5));
    targets = bench
}
criterion_main!(benches);
