//! Connection-request page parsing: a 10-item page in JSON and in XML, items per second.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use triplink_core::api::connection_requests::parse_list_response;
use triplink_core::model::{ConnectionRequest, ConnectionRequestPage, CrVersion};
use triplink_core::transport::HttpResponse;
use triplink_core::wire::{cr_json, cr_xml};
use triplink_core::{ApiConfig, Secret};

fn page() -> ConnectionRequestPage {
    ConnectionRequestPage {
        items: (0..10)
            .map(|i| ConnectionRequest {
                id: format!("5e6b8a2c-1b3d-4c5e-9f70-81a2b3c4d5{i:02}"),
                uri: Some(format!("https://us.concursolutions.com/api/v3.2/common/connectionrequests/{i}")),
                first_name: Some("Zoë".into()),
                middle_name: None,
                last_name: Some("O'Brien".into()),
                loyalty_number: Some(format!("12345{i}")),
                status: Some("Pending".into()),
                request_token: Some(Secret::new(format!("rt-{i}-abcdefghijklmnop"))),
                last_modified: time::OffsetDateTime::from_unix_timestamp(1_667_381_961).ok(),
                last_modified_raw: None,
                user_id: Some("0c1d2e3f-4a5b-6c7d-8e9f-a0b1c2d3e4f5".into()),
                email_addresses: [Some("zoe@example.com".into()), None, None, None, None],
            })
            .collect(),
        next_page: Some("https://us.api.concursolutions.com/api/v3.2/common/connectionrequests/?limit=10&offset=10".into()),
    }
}

fn bench(c: &mut Criterion) {
    let cfg = ApiConfig::new("https://us.api.concursolutions.com").unwrap();
    let p = page();
    let json = HttpResponse::new(200, cr_json::write_page(&p, CrVersion::V3_2))
        .with_header("Content-Type", "application/json");
    let xml = HttpResponse::new(200, cr_xml::write_page(&p, CrVersion::V3_2))
        .with_header("Content-Type", "application/xml");
    let mut g = c.benchmark_group("cr_page_10_items");
    g.throughput(Throughput::Elements(10));
    g.bench_function("json", |b| {
        b.iter(|| black_box(parse_list_response(black_box(&json), &cfg).unwrap()))
    });
    g.bench_function("xml", |b| {
        b.iter(|| black_box(parse_list_response(black_box(&xml), &cfg).unwrap()))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
