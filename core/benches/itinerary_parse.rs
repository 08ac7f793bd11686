//! Itinerary v1: the full, lossless typed parse vs a raw quick-xml event scan that touches every
//! name and text of the same documents (~15 KB trip, ~1 MB trip, 1,000-trip summary list), in
//! MB/s, plus write speed. Reported by criterion, never asserted. The two trips are measured
//! as the fixture writes them (indented) and compact (no blanks between elements), since the
//! parser skips indentation the raw scan reads.
//!
//! Criterion measures the scan and the parse minutes apart, so on a shared host their ratio
//! swings with whatever else runs. The run therefore ends with a paired measurement: rounds
//! that time the scan and the parse back to back, in alternating order, and report the median
//! and quartiles of the per-round ratio (`cargo bench -p triplink-core --bench itinerary_parse`).

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use criterion::{criterion_group, Criterion, Throughput};
use quick_xml::events::Event;
use quick_xml::Reader;
use std::hint::black_box;
use std::time::Instant;
use triplink_core::wire::itinerary::{read_itinerary, read_trip_list, write_itinerary};

#[path = "../tests/xml_compact/mod.rs"]
mod xml_compact;
use xml_compact::compact;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/../tests/fixtures/itinerary/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// A trip with `n` copies of the fixture's booking.
fn trip_with_bookings(n: usize) -> String {
    let src = fixture("trip_all_segments.xml");
    let start = src.find("<Booking>").unwrap();
    let end = src.find("</Bookings>").unwrap();
    let one = &src[start..end];
    format!("{}{}{}", &src[..start], one.repeat(n), &src[end..])
}

fn summary_list(n: usize) -> String {
    let item = "<ItineraryInfo><TripId>I4ABCDEF</TripId><TripName>Seattle &amp; Vancouver</TripName><TripStatus>0</TripStatus><StartDateLocal>2024-05-01T08:00:00</StartDateLocal><EndDateLocal>2024-05-04T18:00:00</EndDateLocal><DateModifiedUtc>2024-04-01T17:00:00</DateModifiedUtc><UserLoginId>zoe@example.com</UserLoginId><id>https://www.concursolutions.com/api/travel/trip/v1.1/I4ABCDEF</id></ItineraryInfo>";
    format!("<ItineraryInfoList xmlns=\"http://www.concursolutions.com/api/travel/trip/2010/06\">{}</ItineraryInfoList>", item.repeat(n))
}

/// Touches every element name and every text run: the floor any parser pays.
fn raw_scan(xml: &str) -> usize {
    let mut r = Reader::from_str(xml);
    let mut n = 0usize;
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => n += e.local_name().as_ref().len(),
            Ok(Event::Text(t)) => n += t.xml10_content().len(),
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    n
}

fn documents() -> [(&'static str, String); 5] {
    [
        ("trip_15k", trip_with_bookings(4)),
        ("trip_1m", trip_with_bookings(300)),
        ("list_1000", summary_list(1000)),
        ("trip_15k_compact", compact(&trip_with_bookings(4))),
        ("trip_1m_compact", compact(&trip_with_bookings(300))),
    ]
}

/// The typed parse of `xml` (the model is dropped inside the timing, as criterion does).
fn typed(name: &str, xml: &str) {
    if name.starts_with("list") {
        black_box(read_trip_list(black_box(xml)).unwrap());
    } else {
        black_box(read_itinerary(black_box(xml)).unwrap());
    }
}

/// Seconds for `reps` runs of `f`.
fn timed(reps: usize, mut f: impl FnMut()) -> f64 {
    let t = Instant::now();
    for _ in 0..reps {
        f();
    }
    t.elapsed().as_secs_f64()
}

/// The typed parse's rate as a share of the raw scan's, paired round by round.
fn paired_ratios() {
    println!("\ntyped parse rate / raw scan rate, paired rounds (median [quartiles]):");
    for (name, xml) in documents() {
        // About 5 ms of work per timed batch, whatever the document's size.
        let reps = (20_000_000 / xml.len()).clamp(1, 400);
        let mut ratios: Vec<f64> = (0..41)
            .map(|round| {
                let scan = || {
                    black_box(raw_scan(black_box(&xml)));
                };
                let parse = || typed(name, &xml);
                let (r, t) = if round % 2 == 0 {
                    let r = timed(reps, scan);
                    (r, timed(reps, parse))
                } else {
                    let t = timed(reps, parse);
                    (timed(reps, scan), t)
                };
                r / t
            })
            .collect();
        ratios.sort_by(f64::total_cmp);
        let pct = |i: usize| ratios[i] * 100.0;
        println!(
            "  {name:16} {:.1} % [{:.1} – {:.1}]",
            pct(20),
            pct(10),
            pct(30)
        );
    }
}

fn bench(c: &mut Criterion) {
    for (name, xml) in &documents() {
        println!("{name}: {} bytes", xml.len());
        let mut g = c.benchmark_group(format!("itinerary_{name}"));
        g.throughput(Throughput::Bytes(xml.len() as u64));
        g.bench_function("raw_scan", |b| {
            b.iter(|| black_box(raw_scan(black_box(xml))))
        });
        if name.starts_with("list") {
            g.bench_function("typed_parse", |b| b.iter(|| typed(name, xml)));
        } else {
            let trip = read_itinerary(xml).unwrap();
            g.bench_function("typed_parse", |b| b.iter(|| typed(name, xml)));
            g.bench_function("write", |b| {
                b.iter(|| black_box(write_itinerary(black_box(&trip))))
            });
        }
        g.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(3));
    targets = bench
}
fn main() {
    benches();
    // `cargo test --benches` runs each benchmark once, without `--bench`: no ratios then.
    if std::env::args().any(|a| a == "--bench") {
        paired_ratios();
    }
    Criterion::default().configure_from_args().final_summary();
}
