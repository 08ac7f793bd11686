//! wasm-bindgen-test layer, run in Node and in headless Chromium: the exports convert both
//! ways, errors are `TriplinkError` instances, the host transport validates what JS returns,
//! and the built-in `fetch` transport logs in and reads a page from the sandbox (CORS).

#![cfg(all(target_arch = "wasm32", feature = "full"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use js_sys::{Function, Reflect};
use triplink_core::transport::{HttpRequest, Method, Transport, TransportErrorKind};
use triplink_core::wire::itinerary::{read_booking, read_itinerary, read_trip_list};
use triplink_wasm::client::TriplinkClient;
use triplink_wasm::errors::is_triplink_error;
use triplink_wasm::host::JsTransport;
use triplink_wasm::{itinerary, matching, normalize};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

const TRIP: &str = include_str!("../../tests/fixtures/itinerary/trip_all_segments.xml");

fn get(v: &JsValue, k: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(k)).unwrap()
}

fn sandbox_url() -> &'static str {
    match option_env!("TRIPLINK_SANDBOX_URL") {
        Some(url) => url,
        None => panic!("build with TRIPLINK_SANDBOX_URL set (scripts/test-wasm.sh does)"),
    }
}

#[wasm_bindgen_test]
fn trips_parse_into_camel_case_objects_and_write_back() {
    let trip = itinerary::parse_trip(TRIP).unwrap();
    assert!(get(&trip, "tripId").is_string() || get(&trip, "id").is_string());
    let again = itinerary::write_trip(JsValue::from_str(TRIP)).unwrap();
    let reparsed = itinerary::parse_trip_json(&again).unwrap();
    assert_eq!(reparsed, itinerary::parse_trip_json(TRIP).unwrap());
}

/// The model's JS objects are exactly serde_json's JSON of it (same keys, order and values),
/// the contract the JS op-stream decoder (`js/model.js`) must keep: every fixture, and text
/// that is not ASCII (UTF-16 lengths, surrogate pairs), unknown elements and attributes,
/// values outside the XSD's enumerations, numbers and booleans.
#[wasm_bindgen_test]
fn model_objects_are_serde_json_exactly() {
    // Past 127 UTF-16 units a string's length takes two bytes in the stream.
    let long = format!("<Description>{}</Description>", "Zürich 🚄 ".repeat(40));
    let odd =
        "<Itinerary><TripName>Zürich → 東京 🚄 &amp; back</TripName><TripStatus>7</TripStatus>\
        <IsPersonal>true</IsPersonal><Bookings><Booking><RecordLocator>R😀1</RecordLocator>\
        <Segments><Air status=\"Ø\"><ClassOfService>X🛫</ClassOfService><Seats><Seat/></Seats>\
        </Air><Misc a=\"1\">é<b/></Misc></Segments></Booking></Bookings>\
        <Fancy x=\"\u{1F600}\">\u{1F600}</Fancy>LONG</Itinerary>"
            .replace("LONG", &long);
    let fixtures = [
        include_str!("../../tests/fixtures/itinerary/trip_all_segments.xml"),
        include_str!("../../tests/fixtures/itinerary/trip_unknowns.xml"),
        include_str!("../../tests/fixtures/itinerary/booking_post.xml"),
        &odd,
    ];
    let json =
        |text: String| js_sys::JSON::stringify(&js_sys::JSON::parse(&text).unwrap()).unwrap();
    let (mut trips, mut bookings) = (0, 0);
    // Twice over: the first stream sends the field names, the second refers to them by number.
    for _ in 0..2 {
        for xml in fixtures {
            // Each document is a trip or a booking; whichever it is must come out the same.
            if let Ok(trip) = read_itinerary(xml) {
                let objects = itinerary::parse_trip(xml).unwrap();
                let expected = json(serde_json::to_string(&trip).unwrap());
                assert_eq!(js_sys::JSON::stringify(&objects).unwrap(), expected);
                trips += 1;
            }
            if let Ok(b) = read_booking(xml) {
                let objects = itinerary::parse_booking(xml).unwrap();
                assert_eq!(
                    js_sys::JSON::stringify(&objects).unwrap(),
                    json(serde_json::to_string(&b).unwrap())
                );
                bookings += 1;
            }
        }
        for xml in [
            include_str!("../../tests/fixtures/itinerary/trip_list.xml"),
            include_str!("../../tests/fixtures/itinerary/trip_list_paged.xml"),
        ] {
            let list = read_trip_list(xml).unwrap();
            let objects = itinerary::parse_trip_list(xml).unwrap();
            assert_eq!(
                js_sys::JSON::stringify(&objects).unwrap(),
                json(serde_json::to_string(&list).unwrap())
            );
        }
    }
    assert_eq!(
        (trips, bookings),
        (6, 2),
        "three trips and one booking, twice"
    );
}

/// Maps (none in the Itinerary model today, but serde allows them anywhere) have string keys,
/// numbers written as text, as serde_json writes them (`__proto__` too, as data).
#[wasm_bindgen_test]
fn map_keys_are_text_as_in_serde_json() {
    let by_name: std::collections::BTreeMap<&str, Vec<Option<f64>>> = [
        ("Zürich 🚄", vec![Some(1.5), None]),
        ("b", vec![]),
        ("__proto__", vec![None]),
    ]
    .into();
    let by_number: std::collections::BTreeMap<u32, char> = [(7, 'é'), (10, '😀')].into();
    let v = triplink_wasm::convert::model_to_js(&(by_name.clone(), by_number.clone())).unwrap();
    let expected = serde_json::to_string(&(by_name, by_number)).unwrap();
    assert_eq!(
        js_sys::JSON::stringify(&v).unwrap(),
        js_sys::JSON::stringify(&js_sys::JSON::parse(&expected).unwrap()).unwrap()
    );
}

/// A value the op stream cannot carry (a map with a non-string key) is a typed error, and
/// the field-name table both sides keep stays in step: names first sent in the failed
/// stream, which JS never read, are sent again.
#[wasm_bindgen_test]
fn a_failed_model_encoding_leaves_the_next_one_intact() {
    #[derive(serde::Serialize)]
    struct Bad {
        first_seen_here: u8,
        map: std::collections::BTreeMap<(u8, u8), u8>,
    }
    #[derive(serde::Serialize)]
    struct Later {
        first_seen_here: u8,
        also_new: bool,
    }
    let good = itinerary::parse_trip(TRIP).unwrap();
    let bad = Bad {
        first_seen_here: 1,
        map: [((1, 2), 3)].into(),
    };
    let e = triplink_wasm::convert::model_to_js(&bad).unwrap_err();
    assert_eq!(get(&e, "code").as_string().unwrap(), "InvalidInput");
    for _ in 0..2 {
        let later = Later {
            first_seen_here: 2,
            also_new: true,
        };
        let v = triplink_wasm::convert::model_to_js(&later).unwrap();
        assert_eq!(
            js_sys::JSON::stringify(&v).unwrap(),
            r#"{"first_seen_here":2,"also_new":true}"#
        );
        let again = itinerary::parse_trip(TRIP).unwrap();
        assert_eq!(
            js_sys::JSON::stringify(&again).unwrap(),
            js_sys::JSON::stringify(&good).unwrap()
        );
    }
}

#[wasm_bindgen_test]
fn errors_are_triplink_error_instances_with_codes() {
    let e = itinerary::parse_trip("<Itinerary>").unwrap_err();
    assert!(is_triplink_error(&e));
    assert!(e.is_instance_of::<js_sys::Error>());
    assert_eq!(get(&e, "code").as_string().unwrap(), "Decode");
    assert_eq!(get(&e, "name").as_string().unwrap(), "TriplinkError");
    let e = matching::match_policy("bogus").unwrap_err();
    assert_eq!(get(&e, "code").as_string().unwrap(), "InvalidInput");
    assert_eq!(get(&e, "field").as_string().unwrap(), "preset");
    assert!(!is_triplink_error(&JsValue::from_str("a string")));
}

fn host(body: &str) -> JsTransport {
    let send = Function::new_with_args("req", body);
    let obj = js_sys::Object::new();
    Reflect::set(&obj, &"send".into(), &send).unwrap();
    JsTransport::Host(obj.into())
}

#[wasm_bindgen_test]
async fn host_transport_answers_are_checked() {
    let req = HttpRequest::new(Method::Get, "https://example.invalid/x").with_header("a", "b");
    let ok = host("return Promise.resolve({status: 200, headers: [['concur-correlationid', 'c-1']], body: req.method + ' ' + req.headers[0][1]});");
    let r = ok.send(req.clone()).await.unwrap();
    assert_eq!(r.status, 200);
    assert_eq!(r.body, b"GET b");
    assert_eq!(r.header("concur-correlationid"), Some("c-1"));
    let bytes =
        host("return {status: 201, headers: {'x-a': '1'}, body: new Uint8Array([104, 105])};");
    let r = bytes.send(req.clone()).await.unwrap();
    assert_eq!((r.status, r.body.as_slice()), (201, &b"hi"[..]));
    for bad in [
        "return {status: 'soon'};",
        "return {status: 200, body: 42};",
        "return {status: 200, headers: [[1, 2]]};",
    ] {
        let e = host(bad).send(req.clone()).await.unwrap_err();
        assert_eq!(e.kind, TransportErrorKind::Io, "{bad}");
    }
    let timeout = host("return Promise.reject({kind: 'timeout', message: 'slow'});");
    assert_eq!(
        timeout.send(req.clone()).await.unwrap_err().kind,
        TransportErrorKind::Timeout
    );
    let thrown = host("throw new Error('boom');");
    assert_eq!(
        thrown.send(req).await.unwrap_err().kind,
        TransportErrorKind::Io
    );
}

#[wasm_bindgen_test]
async fn fetch_transport_logs_in_and_lists_against_the_sandbox() {
    let settings = js_sys::JSON::parse(&format!(
        r#"{{"baseUrl":"{}","clientId":"triplink-demo-client","clientSecret":"triplink-demo-secret"}}"#,
        sandbox_url()
    ))
    .unwrap();
    let c = TriplinkClient::new(settings, JsValue::UNDEFINED).unwrap();
    let info = c
        .password_login(
            "supplier".into(),
            "supplier@example.com".into(),
            "sandbox-password".into(),
            JsValue::UNDEFINED,
        )
        .await
        .unwrap();
    assert_eq!(get(&info, "hasRefreshToken"), JsValue::TRUE);
    let page = c
        .list_connection_requests(
            "supplier".into(),
            JsValue::UNDEFINED,
            JsValue::UNDEFINED,
            JsValue::UNDEFINED,
        )
        .await
        .unwrap();
    let items = get(&get(&page, "value"), "items");
    assert!(js_sys::Array::from(&items).length() > 0);
    let e = c
        .password_login(
            "other".into(),
            "supplier@example.com".into(),
            "nope".into(),
            JsValue::UNDEFINED,
        )
        .await
        .unwrap_err();
    assert_eq!(get(&e, "code").as_string().unwrap(), "Auth");
}

/// Names that need NFKC/NFKD/NFC fold here (the host's `String.prototype.normalize`) exactly as
/// in the core's native tests (the unicode-normalization tables). wasm-bindgen-test does not
/// run the `start` function that installs the normaliser in the package (the Node tests check
/// that), so this installs it.
#[wasm_bindgen_test]
fn names_needing_normalisation_fold_as_natively() {
    normalize::install_normalizer();
    let table = include_str!("../../tests/fixtures/matching/unicode_names.tsv");
    let mut n = 0;
    for line in table.lines().filter(|l| !l.starts_with('#')) {
        let cols: Vec<&str> = line.split('\t').collect();
        let umlauts = Some(cols[1] == "true");
        assert_eq!(
            normalize::normalize_name(cols[0], umlauts),
            cols[2],
            "{line:?}"
        );
        n += 1;
    }
    assert!(n >= 10);
}
