//! Fuzzes the connection-request parsers (list, get, create) with JSON, XML or anything else.
#![no_main]
use libfuzzer_sys::fuzz_target;
use triplink_core::api::connection_requests::{parse_create_response, parse_get_response, parse_list_response};
use triplink_core::transport::HttpResponse;
use triplink_core::ApiConfig;

fuzz_target!(|data: &[u8]| {
    let Ok(cfg) = ApiConfig::new("https://us.api.concursolutions.com") else { return };
    for ct in ["application/json", "application/xml", ""] {
        let mut r = HttpResponse::new(200, data.to_vec());
        if !ct.is_empty() {
            r = r.with_header("Content-Type", ct);
        }
        let _ = parse_list_response(&r, &cfg);
        let _ = parse_get_response(&r, &cfg);
        let _ = parse_create_response(&r, &cfg);
    }
});
