//! Connection Requests: every documented payload parses (golden fixtures), every builder makes
//! exactly the documented request, bad input gets typed errors, and model → JSON/XML → model
//! round-trips for each version (proptest).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::prelude::*;
use triplink_core::api::connection_requests::*;
use triplink_core::model::{ConnectionRequest, ConnectionRequestPage, CrVersion, StatusCode};
use triplink_core::transport::{HttpResponse, Method};
use triplink_core::wire::{cr_json, cr_xml};
use triplink_core::{ApiConfig, ErrorCode, Secret};

fn fixture(name: &str) -> Vec<u8> {
    let p = format!(
        "{}/../tests/fixtures/connection_requests/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&p).unwrap_or_else(|e| panic!("{p}: {e}"))
}

fn cfg() -> ApiConfig {
    ApiConfig::new("https://us.api.concursolutions.com").unwrap()
}

fn ok(body: Vec<u8>, ct: &str) -> HttpResponse {
    HttpResponse::new(200, body).with_header("Content-Type", ct)
}

#[test]
fn swagger_examples_parse_items_as_single_object() {
    for (name, ct) in [
        ("v32_page_swagger.json", "application/json"),
        ("v32_page_swagger.xml", "application/xml"),
    ] {
        let page = parse_list_response(&ok(fixture(name), ct), &cfg()).unwrap();
        assert_eq!(page.items.len(), 1, "{name}");
        let r = &page.items[0];
        assert_eq!(r.id, "string");
        assert_eq!(r.last_name.as_deref(), Some("string"));
        assert_eq!(r.request_token.as_ref().unwrap().expose(), "string");
        assert_eq!(r.last_modified, None);
        assert_eq!(
            r.last_modified_raw.as_deref(),
            Some("string"),
            "an unparseable date is kept"
        );
        assert_eq!(r.emails().count(), 5);
        assert_eq!(page.next_page.as_deref(), Some("string"));
    }
    for (name, ct) in [
        ("v32_get_swagger.json", "application/json"),
        ("v32_get_swagger.xml", "text/xml"),
    ] {
        let r = parse_get_response(&ok(fixture(name), ct), &cfg()).unwrap();
        assert_eq!(
            (r.id.as_str(), r.user_id.as_deref()),
            ("string", Some("string"))
        );
    }
}

#[test]
fn notes_examples_parse_identically_in_json_and_xml() {
    let x = parse_list_response(
        &ok(fixture("v32_page_notes.xml"), "application/xml"),
        &cfg(),
    )
    .unwrap();
    let j = parse_list_response(
        &ok(fixture("v32_page_notes.json"), "application/json"),
        &cfg(),
    )
    .unwrap();
    assert_eq!(x.items, j.items);
    let z = &x.items[1];
    assert_eq!(z.first_name.as_deref(), Some("Zoë"));
    assert_eq!(z.last_name.as_deref(), Some("O'Brien"));
    assert_eq!(z.middle_name, None);
    assert_eq!(z.email_addresses[0], None);
    assert_eq!(z.email_addresses[1].as_deref(), Some("zoe@example.org"));
    assert_eq!(z.last_modified.unwrap().unix_timestamp(), 1_667_382_000);
    assert_eq!(
        x.next_page.as_deref(),
        Some("https://us.api.concursolutions.com/api/v3.2/common/connectionrequests/?limit=2&offset=2")
    );
}

#[test]
fn older_versions_parse_pascal_case_and_no_content_type() {
    let p = parse_list_response(&HttpResponse::new(200, fixture("v31_page.json")), &cfg()).unwrap();
    assert_eq!(p.items[0].last_name.as_deref(), Some("García Márquez"));
    assert_eq!(
        p.items[0].email_addresses[0].as_deref(),
        Some("ana@example.es")
    );
    assert_eq!(p.next_page, None);
    let p = parse_list_response(&HttpResponse::new(200, fixture("v30_page.xml")), &cfg()).unwrap();
    assert_eq!(p.items[0].last_name.as_deref(), Some("Müller"));
    assert_eq!(p.items[0].loyalty_number.as_deref(), Some("0042"));
    assert!(p.next_page.unwrap().ends_with("offset=b2c3"));
}

#[test]
fn create_response_and_error_bodies() {
    let c = parse_create_response(
        &ok(fixture("create_response.xml"), "application/xml"),
        &cfg(),
    )
    .unwrap()
    .unwrap();
    assert_eq!(
        (c.id.as_str(), c.uri.as_deref()),
        ("string", Some("string"))
    );
    let c = parse_create_response(
        &ok(fixture("create_response.json"), "application/json"),
        &cfg(),
    )
    .unwrap()
    .unwrap();
    assert_eq!(c.id, "string");
    assert_eq!(
        parse_create_response(&HttpResponse::new(200, ""), &cfg()).unwrap(),
        None
    );
    let e = parse_get_response(
        &HttpResponse::new(404, fixture("error_404.xml"))
            .with_header("concur-correlationid", "corr-1"),
        &cfg(),
    )
    .unwrap_err();
    assert_eq!(e.code(), ErrorCode::NotFound);
    assert_eq!(e.correlation_id(), Some("corr-1"));
    assert!(e.to_string().contains("Connection request not found"));
}

#[test]
fn builders_make_the_documented_requests() {
    let t = Secret::new("tok");
    let r = build_list_request(
        &cfg(),
        CrVersion::V3_2,
        &t,
        &ListParams {
            limit: Some(10),
            offset: Some("20".into()),
            status: None,
        },
    )
    .unwrap();
    assert_eq!(r.method, Method::Get);
    assert_eq!(
        r.url,
        "https://us.api.concursolutions.com/api/v3.2/common/connectionrequests/?limit=10&offset=20"
    );
    assert_eq!(r.header("Authorization"), Some("Bearer tok"));
    assert_eq!(r.header("Accept"), Some("application/json"));
    assert!(r.body.is_empty());

    let r = build_list_request(
        &cfg(),
        CrVersion::V3_0,
        &t,
        &ListParams {
            limit: Some(5),
            offset: Some("abc".into()),
            status: Some(StatusFilter::Pending),
        },
    )
    .unwrap();
    assert_eq!(r.url, "https://us.api.concursolutions.com/api/v3.0/common/connectionrequests/?limit=5&offset=abc&status=Pending");

    let r = build_update_status_request(&cfg(), CrVersion::V3_2, &t, "5e6b", &StatusCode::Crsuc)
        .unwrap();
    assert_eq!(
        (r.method, r.url.as_str()),
        (
            Method::Put,
            "https://us.api.concursolutions.com/api/v3.2/common/connectionrequests/5e6b"
        )
    );
    assert_eq!(r.header("Content-Type"), Some("application/json"));
    assert_eq!(r.body, br#"{"status":"CRSUC"}"#);
    let r =
        build_update_status_request(&cfg(), CrVersion::V3_1, &t, "x", &StatusCode::Creu2).unwrap();
    assert_eq!(r.body, br#"{"Status":"CREU2"}"#);

    let r = build_create_request(&cfg(), CrVersion::V3_2, &t, "pat@example.com").unwrap();
    assert_eq!((r.method, r.url.as_str()), (Method::Post, "https://us.api.concursolutions.com/api/v3.2/common/connectionrequests/?user=pat%40example.com"));
    assert_eq!(r.header("Content-Length"), Some("0"));
    assert!(r.body.is_empty());

    let r = build_delete_request(&cfg(), CrVersion::V3_0, &t, "B2").unwrap();
    assert_eq!(
        (r.method, r.url.as_str()),
        (
            Method::Delete,
            "https://us.api.concursolutions.com/api/v3.0/common/connectionrequests/B2"
        )
    );
    let r = build_get_request(&cfg(), CrVersion::V3_2, &t, "../../oauth2").unwrap();
    assert!(
        r.url.ends_with("/connectionrequests/..%2F..%2Foauth2"),
        "{}",
        r.url
    );
    let mut c = cfg();
    c.timeout_ms = Some(1234);
    assert_eq!(
        build_get_request(&c, CrVersion::V3_2, &t, "x")
            .unwrap()
            .timeout_ms,
        Some(1234)
    );
}

#[test]
fn builders_refuse_bad_input() {
    let t = Secret::new("tok");
    let bad = [
        build_list_request(
            &cfg(),
            CrVersion::V3_2,
            &t,
            &ListParams {
                limit: Some(11),
                ..Default::default()
            },
        ),
        build_list_request(
            &cfg(),
            CrVersion::V3_2,
            &t,
            &ListParams {
                limit: Some(0),
                ..Default::default()
            },
        ),
        build_list_request(
            &cfg(),
            CrVersion::V3_2,
            &t,
            &ListParams {
                offset: Some("x".into()),
                ..Default::default()
            },
        ),
        build_list_request(
            &cfg(),
            CrVersion::V3_2,
            &t,
            &ListParams {
                status: Some(StatusFilter::Failed),
                ..Default::default()
            },
        ),
        build_delete_request(&cfg(), CrVersion::V3_2, &t, "x"),
        build_get_request(&cfg(), CrVersion::V3_2, &t, ""),
        build_create_request(&cfg(), CrVersion::V3_2, &t, " "),
        build_update_status_request(
            &cfg(),
            CrVersion::V3_2,
            &t,
            "x",
            &StatusCode::Other("\"}".into()),
        ),
    ];
    for (i, b) in bad.into_iter().enumerate() {
        assert_eq!(b.unwrap_err().code(), ErrorCode::InvalidInput, "case {i}");
    }
}

#[test]
fn status_responses_per_version() {
    assert!(parse_update_status_response(&HttpResponse::new(204, ""), CrVersion::V3_2).is_ok());
    assert!(parse_update_status_response(&HttpResponse::new(200, ""), CrVersion::V3_0).is_ok());
    let e = parse_update_status_response(&HttpResponse::new(400, ""), CrVersion::V3_2).unwrap_err();
    assert_eq!((e.code(), e.status()), (ErrorCode::Http, Some(400)));
    assert_eq!(
        parse_update_status_response(&HttpResponse::new(401, ""), CrVersion::V3_2)
            .unwrap_err()
            .code(),
        ErrorCode::Auth
    );
    assert!(parse_delete_response(&HttpResponse::new(200, "")).is_ok());
}

#[test]
fn hostile_and_malformed_bodies_are_decode_errors() {
    let mut small = cfg();
    small.max_body_bytes = 64;
    let normal = cfg();
    let cases: Vec<(HttpResponse, &ApiConfig)> = vec![
        (HttpResponse::new(200, "{\"Items\": [}"), &normal),
        (HttpResponse::new(200, "{\"Items\": 5}"), &normal),
        (
            HttpResponse::new(200, "{\"Items\": [{\"ID\": 5}]}"),
            &normal,
        ),
        (HttpResponse::new(200, "[".repeat(10_000)), &normal),
        (
            HttpResponse::new(200, "<ConnectionRequests><Items>"),
            &normal,
        ),
        (
            HttpResponse::new(
                200,
                "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>",
            ),
            &normal,
        ),
        (
            HttpResponse::new(200, b"{\"Items\":[{\"ID\":\"\xff\"}]}".to_vec()),
            &normal,
        ),
        (
            HttpResponse::new(
                200,
                format!("{{\"Items\":[],\"NextPage\":\"{}\"}}", "a".repeat(100)),
            ),
            &small,
        ),
        (HttpResponse::new(200, "hello"), &normal),
    ];
    for (i, (resp, c)) in cases.into_iter().enumerate() {
        let e = parse_list_response(&resp, c).unwrap_err();
        assert_eq!(e.code(), ErrorCode::Decode, "case {i}: {e}");
    }
}

#[test]
fn secrets_stay_out_of_debug_and_errors() {
    let page = parse_list_response(
        &ok(fixture("v32_page_notes.json"), "application/json"),
        &cfg(),
    )
    .unwrap();
    let d = format!("{page:?}");
    assert!(!d.contains("rt-0001") && !d.contains("rt-0002"), "{d}");
    let req = build_list_request(
        &cfg(),
        CrVersion::V3_2,
        &Secret::new("sekret-token"),
        &ListParams::default(),
    )
    .unwrap();
    assert!(!format!("{req:?}").contains("sekret-token"));
}

fn text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 äöüéÆ'&<>\"-]{0,12}"
}

prop_compose! {
    fn request_for(version: CrVersion)(
        id in "[a-f0-9-]{1,36}", uri in proptest::option::of(text()), first in proptest::option::of(text()),
        middle in proptest::option::of(text()), last in proptest::option::of(text()),
        loyalty in proptest::option::of(text()), status in proptest::option::of(text()),
        token in proptest::option::of("[A-Za-z0-9]{1,20}"), secs in proptest::option::of(0i64..4_000_000_000),
        user in proptest::option::of("[a-f0-9-]{36}"), emails in proptest::array::uniform5(proptest::option::of("[a-z]{1,8}@[a-z]{1,8}\\.com")),
    ) -> ConnectionRequest {
        let nonempty = |v: Option<String>| v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
        ConnectionRequest {
            id, uri: nonempty(uri), first_name: nonempty(first), middle_name: nonempty(middle), last_name: nonempty(last),
            loyalty_number: nonempty(loyalty), status: nonempty(status), request_token: token.map(Secret::new),
            last_modified: secs.map(|s| time::OffsetDateTime::from_unix_timestamp(s).unwrap()), last_modified_raw: None,
            user_id: if version == CrVersion::V3_2 { user } else { None },
            email_addresses: if version == CrVersion::V3_0 { Default::default() } else { emails },
        }
    }
}

fn round_trip(version: CrVersion, items: Vec<ConnectionRequest>, next: Option<String>) {
    let page = ConnectionRequestPage {
        items,
        next_page: next,
    };
    let j = cr_json::read_page(&cr_json::write_page(&page, version)).unwrap();
    assert_eq!(j, page);
    let x = cr_xml::read_page(&cr_xml::write_page(&page, version)).unwrap();
    assert_eq!(x, page);
}

proptest! {
    #[test]
    fn v32_round_trips(items in proptest::collection::vec(request_for(CrVersion::V3_2), 0..4), next in proptest::option::of("https://x\\.test/[a-z]{1,5}\\?o=[0-9]{1,3}")) {
        round_trip(CrVersion::V3_2, items, next);
    }
    #[test]
    fn v31_round_trips(items in proptest::collection::vec(request_for(CrVersion::V3_1), 0..4)) {
        round_trip(CrVersion::V3_1, items, None);
    }
    #[test]
    fn v30_round_trips(items in proptest::collection::vec(request_for(CrVersion::V3_0), 0..4)) {
        round_trip(CrVersion::V3_0, items, None);
    }
}

#[test]
fn versions_and_acting_for_read_as_bindings_spell_them() {
    use triplink_core::api::itinerary::ActingFor;
    assert_eq!(CrVersion::parse("3.0"), Some(CrVersion::V3_0));
    assert_eq!(CrVersion::parse("v3.1"), Some(CrVersion::V3_1));
    assert_eq!(CrVersion::parse("3.2"), Some(CrVersion::V3_2));
    assert_eq!(CrVersion::parse("4.0"), None);
    assert_eq!(CrVersion::parse(""), None);
    assert_eq!(ActingFor::named("ALL".into()), ActingFor::All);
    assert_eq!(
        ActingFor::named("zoe@example.com".into()),
        ActingFor::Login("zoe@example.com".into())
    );
}

#[test]
fn page_errors_name_the_field_and_the_problem() {
    // Issue 24, item 5: these were "data did not match any variant of untagged enum OneOrMany".
    let cases = [
        (
            r#"{"Items":[{"ID":"1","lastName":"A"},{"ID":"2","lastName":{"x":1}}]}"#,
            [
                "`Items[1].lastName`",
                "wrong type (a map), expected a string",
            ],
        ),
        (
            r#"{"Items":[{"ID":"1","status":"Pending","status":"CRSUC"}]}"#,
            ["`Items[0]`", "duplicate field `status`"],
        ),
        (
            r#"{"Items":{"ID":"1","requestToken":12345678}}"#,
            ["`Items.requestToken`", "wrong type (an integer)"],
        ),
        (
            r#"{"Items":[{"ID":"1","requestToken":1e999}]}"#,
            ["`Items[0].requestToken`", "number out of range"],
        ),
    ];
    for (body, parts) in cases {
        let e = cr_json::read_page(body).unwrap_err();
        assert_eq!(e.code(), ErrorCode::Decode);
        let msg = e.to_string();
        for p in parts {
            assert!(msg.contains(p), "{body}: {msg}");
        }
        assert!(!msg.contains("12345678"), "the value is not quoted: {msg}");
    }
}
