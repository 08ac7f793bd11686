//! Itinerary v1 calls of `TriplinkClient` (full build only): list, get, create, replace and
//! cancel trips; post, cancel and replace bookings.

use crate::client::TriplinkClient;
use crate::convert::{from_js_or_default, model_to_js};
use crate::errors::{invalid, js, JsResult};
use triplink_core::api::itinerary::{ActingFor, TripListParams};
use triplink_core::model::itinerary::{Booking, Itinerary};
use triplink_core::wire::itinerary::{read_booking, read_itinerary};
use wasm_bindgen::prelude::*;

fn acting_for(v: Option<String>) -> Option<ActingFor> {
    v.map(ActingFor::named)
}

/// Trips and bookings come in as XML text (what the API speaks, and what `writeTrip`,
/// `buildSupplierBookingXml` produce): reading JS objects into the 38-record model would cost
/// ~600 KB of deserialisation code in the .wasm.
fn booking(v: &JsValue) -> JsResult<Booking> {
    match v.as_string() {
        Some(xml) => js(read_booking(&xml)),
        None => Err(invalid(
            "booking",
            "must be Booking XML text (see buildSupplierBookingXml)",
        )),
    }
}

/// See [`booking`].
fn trip(v: &JsValue) -> JsResult<Itinerary> {
    match v.as_string() {
        Some(xml) => js(read_itinerary(&xml)),
        None => Err(invalid("trip", "must be Itinerary XML text")),
    }
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
