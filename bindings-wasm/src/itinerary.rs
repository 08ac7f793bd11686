//! Itinerary v1 for JS without IO: trip and booking XML read/write (the typed, lossless model
//! as plain objects) and the supplier booking builders with their validation. In both builds
//! of the package; the trip and booking calls of the client are in `itinerary_client.rs`.

use crate::convert::{from_js, model_to_js};
use crate::errors::{js, JsResult};
use triplink_core::api::supplier::SupplierBooking;
use triplink_core::wire::itinerary::{
    read_booking, read_itinerary, read_trip_list, write_booking, write_itinerary,
};
use wasm_bindgen::prelude::*;

/// Reads an Itinerary (trip) XML document into the typed model (unknown elements kept in
/// `extra`, nothing lost).
#[wasm_bindgen(js_name = parseTrip)]
pub fn parse_trip(xml: &str) -> JsResult<JsValue> {
    model_to_js(&js(read_itinerary(xml))?)
}

/// Like `parseTrip`, as one JSON string (for callers who store or forward it): the objects
/// of `parseTrip` through `JSON.stringify`.
#[wasm_bindgen(js_name = parseTripJson)]
pub fn parse_trip_json(xml: &str) -> JsResult<js_sys::JsString> {
    js_sys::JSON::stringify(&parse_trip(xml)?)
}

/// Re-writes Itinerary XML in the SDK's canonical form (checks it on the way; unknown
/// elements kept).
#[wasm_bindgen(js_name = writeTrip)]
pub fn write_trip(xml: &str) -> JsResult<String> {
    js(write_itinerary(&js(read_itinerary(xml))?))
}

/// Reads a Booking XML document.
#[wasm_bindgen(js_name = parseBooking)]
pub fn parse_booking(xml: &str) -> JsResult<JsValue> {
    model_to_js(&js(read_booking(xml))?)
}

/// Reads a trip list (`<ItineraryInfoList>`) answer.
#[wasm_bindgen(js_name = parseTripList)]
pub fn parse_trip_list(xml: &str) -> JsResult<JsValue> {
    model_to_js(&js(read_trip_list(xml))?)
}

/// Builds a supplier booking (hotel, car, air or ride) and checks it against the XSD's
/// required fields and length limits; resolves to the booking model. `spec`:
/// `{bookingSource, recordLocator, confirmationNumber, firstName, lastName,
/// time: {Local: {start, end, timeZone}} | {Utc: {start, end}}, total?: [amount, currency],
/// segment: {Hotel: {name, city?, country?}} | {Car: …} | {Air: …} | {Ride: …}}`.
#[wasm_bindgen(js_name = buildSupplierBooking)]
pub fn build_supplier_booking(spec: JsValue) -> JsResult<JsValue> {
    let s: SupplierBooking = from_js(&spec, "spec")?;
    model_to_js(&js(s.build())?)
}

/// Like `buildSupplierBooking`, written as Booking XML.
#[wasm_bindgen(js_name = buildSupplierBookingXml)]
pub fn build_supplier_booking_xml(spec: JsValue) -> JsResult<String> {
    let s: SupplierBooking = from_js(&spec, "spec")?;
    js(write_booking(&js(s.build())?))
}
