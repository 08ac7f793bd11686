//! Itinerary v1 for JS without IO: trip and booking XML read/write (the typed, lossless model
//! as plain objects, edited objects written back) and the supplier booking builders with their validation. In both builds
//! of the package; the trip and booking calls of the client are in `itinerary_client.rs`.

use crate::convert::{from_js, model_to_js};
use crate::errors::{js, JsResult};
use triplink_core::api::supplier::SupplierBooking;
use triplink_core::model::itinerary::{Booking, Itinerary};
use triplink_core::wire::itinerary::{
    read_booking, read_itinerary, read_trip_list, write_booking, write_itinerary,
};
use wasm_bindgen::prelude::*;

/// A booking argument: Booking XML text (what the API speaks, and what
/// `buildSupplierBookingXml` produces) or the object `parseBooking` gave.
pub(crate) fn booking(v: &JsValue) -> JsResult<Booking> {
    match v.as_string() {
        Some(xml) => js(read_booking(&xml)),
        None => model_object(v, "booking"),
    }
}

/// A trip argument: Itinerary XML text or the object `parseTrip` gave (see [`booking`]).
pub(crate) fn trip(v: &JsValue) -> JsResult<Itinerary> {
    match v.as_string() {
        Some(xml) => js(read_itinerary(&xml)),
        None => model_object(v, "trip"),
    }
}

/// A model object from JS (the shape `parseTrip` gives, after the app edited it), read back
/// into the typed model with everything it kept: unknown elements, their order, spellings.
/// Reading JS objects into the 38 records costs the deserialisers of the whole model in the
/// .wasm (the npm README has the size), so it is the `write-objects` feature (full build).
#[cfg(feature = "write-objects")]
fn model_object<T: serde::de::DeserializeOwned>(v: &JsValue, what: &str) -> JsResult<T> {
    from_js(v, what)
}

/// Without `write-objects` only XML text is read (see the other `model_object`).
#[cfg(not(feature = "write-objects"))]
fn model_object<T>(_: &JsValue, what: &str) -> JsResult<T> {
    Err(crate::errors::invalid(
        what,
        "must be XML text: this build reads no model objects (the full build does)",
    ))
}

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

/// Writes a trip as Itinerary XML: the object `parseTrip` gave (edited or not; unknown elements,
/// their order and unusual spellings kept), or Itinerary XML text (re-written in the SDK's
/// canonical form, checked on the way).
#[wasm_bindgen(js_name = writeTrip)]
pub fn write_trip(trip_: JsValue) -> JsResult<String> {
    js(write_itinerary(&trip(&trip_)?))
}

/// Writes a booking as Booking XML: the object `parseBooking` gave, or Booking XML text.
#[wasm_bindgen(js_name = writeBooking)]
pub fn write_booking_js(booking_: JsValue) -> JsResult<String> {
    js(write_booking(&booking(&booking_)?))
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
