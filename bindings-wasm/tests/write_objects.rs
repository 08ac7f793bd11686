//! wasm-bindgen-test, run in Node and in headless Chromium: `writeTrip` / `writeBooking` take
//! the objects `parseTrip` / `parseBooking` give, after JS edited them, and write XML that keeps
//! everything read (unknown elements in order, unusual spellings of numbers, booleans, dates).

#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use js_sys::{Array, Reflect, JSON};
use triplink_wasm::errors::is_triplink_error;
use triplink_wasm::itinerary;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

/// A trip with an unknown element at the top and inside a segment, `+01` for a trip status,
/// `1` for a boolean, a date without seconds, and an unknown segment kind.
const TRIP: &str = r#"<Itinerary xmlns="http://www.concursolutions.com/api/travel/trip/2010/06">
<TripName>Round trip</TripName><FutureField flag="yes">newer API<Nested a="1">x &amp; y</Nested></FutureField>
<TripStatus>+01</TripStatus><IsPersonal>1</IsPersonal>
<Bookings><Booking><RecordLocator>R1</RecordLocator><BookingSource>Acme</BookingSource>
<Passengers><Passenger><NameFirst>Zoë</NameFirst><NameLast>O'Brien</NameLast></Passenger></Passengers>
<Segments><Hotel><ConfirmationNumber>H1</ConfirmationNumber><StartDateLocal>2030-01-01T15:00:00</StartDateLocal>
<EndDateLocal>2030-01-02T11:00:00</EndDateLocal><Sparkle level="3"/></Hotel>
<Air><Vendor>AA</Vendor><FlightNumber>0042</FlightNumber><StartDateLocal>2030-01-02T08:00</StartDateLocal>
<EndDateLocal>2030-01-02T10:30:00</EndDateLocal><StartCityCode>SEA</StartCityCode><EndCityCode>SFO</EndCityCode></Air>
<Misc><Name>Not in v1</Name></Misc></Segments>
<VendorExtension><Points>12</Points></VendorExtension></Booking></Bookings></Itinerary>"#;

fn get(v: &JsValue, k: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(k)).unwrap()
}

fn at(v: &JsValue, i: u32) -> JsValue {
    v.dyn_ref::<Array>().expect("an array").get(i)
}

fn json(v: &JsValue) -> String {
    JSON::stringify(v).unwrap().into()
}

#[wasm_bindgen_test]
fn an_edited_trip_object_writes_back_with_everything_it_read() {
    let trip = itinerary::parse_trip(TRIP).unwrap();
    // Unedited, the object writes exactly what the XML text writes.
    let canonical = itinerary::write_trip(JsValue::from_str(TRIP)).unwrap();
    assert_eq!(itinerary::write_trip(trip.clone()).unwrap(), canonical);

    // The second segment's start date of the first booking, by name.
    let air = get(
        &at(&get(&at(&get(&trip, "bookings"), 0), "segments"), 1),
        "Air",
    );
    assert_eq!(
        get(&air, "startDateLocal").as_string().unwrap(),
        "2030-01-02T08:00"
    );
    Reflect::set(&air, &"startDateLocal".into(), &"2030-01-03T09:15".into()).unwrap();
    let written = itinerary::write_trip(trip.clone()).unwrap();
    assert_eq!(
        written,
        canonical.replace("2030-01-02T08:00<", "2030-01-03T09:15<"),
        "only the edit changed"
    );
    for kept in [
        "<FutureField flag=\"yes\">newer API<Nested a=\"1\">x &amp; y</Nested></FutureField>",
        "<TripStatus>+01</TripStatus>",
        "<IsPersonal>1</IsPersonal>",
        "<FlightNumber>0042</FlightNumber>",
        "<Sparkle level=\"3\"/>",
        "<Misc><Name>Not in v1</Name></Misc>",
        "<VendorExtension><Points>12</Points></VendorExtension>",
    ] {
        assert!(written.contains(kept), "{kept} missing from {written}");
    }
    // A re-read gives the edited object back, every other field as it was.
    let reread = itinerary::parse_trip(&written).unwrap();
    assert_eq!(json(&reread), json(&trip));
}

#[wasm_bindgen_test]
fn a_booking_object_writes_back_and_bad_objects_are_invalid_input() {
    let canonical = itinerary::write_trip(JsValue::from_str(TRIP)).unwrap();
    let trip = itinerary::parse_trip(&canonical).unwrap();
    let booking = at(&get(&trip, "bookings"), 0);
    let xml = itinerary::write_booking_js(booking.clone()).unwrap();
    assert!(xml.contains("<VendorExtension><Points>12</Points></VendorExtension>"));
    assert_eq!(
        json(&itinerary::parse_booking(&xml).unwrap()),
        json(&booking)
    );

    // A field of the wrong type is a TriplinkError naming the argument, not a panic.
    Reflect::set(&trip, &"bookings".into(), &"not a list".into()).unwrap();
    let e = itinerary::write_trip(trip).unwrap_err();
    assert!(is_triplink_error(&e));
    assert_eq!(get(&e, "code").as_string().unwrap(), "InvalidInput");
    assert_eq!(get(&e, "field").as_string().unwrap(), "trip");
    let e = itinerary::write_booking_js(JsValue::from_f64(3.0)).unwrap_err();
    assert_eq!(get(&e, "field").as_string().unwrap(), "booking");
}
