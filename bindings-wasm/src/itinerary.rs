//! Itinerary v1 for JS: trip and booking XML read/write (the typed, lossless model as plain
//! objects), the supplier booking builders, and every trip and booking call.

use crate::client::TriplinkClient;
use crate::convert::{from_js, from_js_or_default, model_to_js};
use crate::errors::{js, JsResult};
use triplink_core::api::itinerary::{ActingFor, TripListParams};
use triplink_core::model::itinerary::supplier::SupplierBooking;
use triplink_core::model::itinerary::{
    read_booking, read_itinerary, read_trip_list, write_booking, write_itinerary, Booking,
    Itinerary,
};
use wasm_bindgen::prelude::*;

fn acting_for(v: Option<String>) -> Option<ActingFor> {
    v.map(ActingFor::named)
}

/// A booking argument: Booking XML text (what the API speaks, and what
/// `buildSupplierBookingXml` produces) or the object `parseBooking` gave.
fn booking(v: &JsValue) -> JsResult<Booking> {
    match v.as_string() {
        Some(xml) => js(read_booking(&xml)),
        None => model_object(v, "booking"),
    }
}

/// A trip argument: Itinerary XML text or the object `parseTrip` gave (see [`booking`]).
fn trip(v: &JsValue) -> JsResult<Itinerary> {
    match v.as_string() {
        Some(xml) => js(read_itinerary(&xml)),
        None => model_object(v, "trip"),
    }
}

/// A model object from JS (the shape `parseTrip` gives, after the app edited it), read back
/// into the typed model with everything it kept: unknown elements, their order, spellings.
/// Reading JS objects into the 38 records costs the deserialisers of the whole model in the
/// .wasm (the README has the size), so it is the `write-objects` feature.
#[cfg(feature = "write-objects")]
fn model_object<T: serde::de::DeserializeOwned>(v: &JsValue, what: &str) -> JsResult<T> {
    from_js(v, what)
}

/// Without `write-objects` only XML text is read (see the other [`model_object`]).
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

#[wasm_bindgen]
impl TriplinkClient {
    /// One page of trips (`params`: `{startDate?, endDate?, bookingType?, itemsPerPage?,
    /// page?, includeCanceledTrips?…}`). Resolves to `{value: {trips, paging}, correlationId}`.
    #[wasm_bindgen(js_name = listTrips)]
    pub async fn list_trips(&self, key: String, params: JsValue) -> JsResult<JsValue> {
        let p: TripListParams = from_js_or_default(&params, "params")?;
        model_to_js(&js(self.sdk.itinerary(&key).list_trips(&p).await)?)
    }

    /// Every page of trips: `{items, pages, stopped}`.
    #[wasm_bindgen(js_name = listAllTrips)]
    pub async fn list_all_trips(&self, key: String, params: JsValue) -> JsResult<JsValue> {
        let p: TripListParams = from_js_or_default(&params, "params")?;
        model_to_js(&self.sdk.itinerary(&key).list_all_trips(&p).await)
    }

    /// One trip. `actingFor`: a login id or `"ALL"` (administrators).
    #[wasm_bindgen(js_name = getTrip)]
    pub async fn get_trip(
        &self,
        key: String,
        trip_id: String,
        acting: Option<String>,
    ) -> JsResult<JsValue> {
        let a = acting_for(acting);
        model_to_js(&js(self
            .sdk
            .itinerary(&key)
            .get_trip(&trip_id, a.as_ref())
            .await)?)
    }

    /// Creates a trip (Itinerary XML text).
    #[wasm_bindgen(js_name = createTrip)]
    pub async fn create_trip(
        &self,
        key: String,
        trip_: JsValue,
        acting: Option<String>,
    ) -> JsResult<JsValue> {
        let t = trip(&trip_)?;
        let a = acting_for(acting);
        model_to_js(&js(self
            .sdk
            .itinerary(&key)
            .create_trip(&t, a.as_ref())
            .await)?)
    }

    /// Replaces a whole trip.
    #[wasm_bindgen(js_name = replaceTrip)]
    pub async fn replace_trip(
        &self,
        key: String,
        trip_id: String,
        trip_: JsValue,
        acting: Option<String>,
    ) -> JsResult<JsValue> {
        let t = trip(&trip_)?;
        let a = acting_for(acting);
        model_to_js(&js(self
            .sdk
            .itinerary(&key)
            .replace_trip(&trip_id, &t, a.as_ref())
            .await)?)
    }

    /// Cancels a trip.
    #[wasm_bindgen(js_name = cancelTrip)]
    pub async fn cancel_trip(
        &self,
        key: String,
        trip_id: String,
        acting: Option<String>,
    ) -> JsResult<JsValue> {
        let a = acting_for(acting);
        model_to_js(&js(self
            .sdk
            .itinerary(&key)
            .cancel_trip(&trip_id, a.as_ref())
            .await)?)
    }

    /// Posts a booking (Booking XML text, e.g. from `buildSupplierBookingXml`) into
    /// trip `tripId`, or where Concur's merge rules put it. Resolves to the resulting trip.
    #[wasm_bindgen(js_name = postBooking)]
    pub async fn post_booking(
        &self,
        key: String,
        booking_: JsValue,
        trip_id: Option<String>,
        acting: Option<String>,
    ) -> JsResult<JsValue> {
        let b = booking(&booking_)?;
        let a = acting_for(acting);
        model_to_js(&js(self
            .sdk
            .itinerary(&key)
            .post_booking(&b, trip_id.as_deref(), a.as_ref())
            .await)?)
    }

    /// Cancels a booking by its source and confirmation number (unknown → `NotFound`).
    #[wasm_bindgen(js_name = cancelBooking)]
    pub async fn cancel_booking(
        &self,
        key: String,
        booking_source: String,
        confirmation_number: String,
        acting: Option<String>,
    ) -> JsResult<JsValue> {
        let a = acting_for(acting);
        model_to_js(&js(self
            .sdk
            .itinerary(&key)
            .cancel_booking(&booking_source, &confirmation_number, a.as_ref())
            .await)?)
    }

    /// Replaces a booking whose confirmation number changed: cancels the old one first.
    #[wasm_bindgen(js_name = replaceBooking)]
    pub async fn replace_booking(
        &self,
        key: String,
        old_confirmation: String,
        booking_: JsValue,
        acting: Option<String>,
    ) -> JsResult<JsValue> {
        let b = booking(&booking_)?;
        let a = acting_for(acting);
        model_to_js(&js(self
            .sdk
            .itinerary(&key)
            .replace_booking(&old_confirmation, &b, a.as_ref())
            .await)?)
    }
}
