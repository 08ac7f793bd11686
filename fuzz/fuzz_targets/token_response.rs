//! Fuzzes the OAuth2 token-response and error-body parsers.
#![no_main]
use libfuzzer_sys::fuzz_target;
use triplink_core::api::oauth::parse_token_response;
use triplink_core::transport::HttpResponse;
use triplink_core::ApiConfig;

fuzz_target!(|data: &[u8]| {
    let Ok(cfg) = ApiConfig::new("https://glz.api.concursolutions.com") else { return };
    for status in [200u16, 400, 401] {
        let _ = parse_token_response(&HttpResponse::new(status, data.to_vec()), &cfg, 1_700_000_000);
    }
});
