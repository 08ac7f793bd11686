//! Itinerary v1 calls of `TriplinkClient` (full build only): list, get, create, replace and
//! cancel trips; post, cancel and replace bookings.

use crate::abort::abortable;
use crate::client::TriplinkClient;
use crate::convert::{from_js_or_default, model_to_js};
use crate::errors::{js, JsResult};
use crate::itinerary::{booking, trip};
use triplink_core::api::itinerary::{ActingFor, TripListParams};
use wasm_bindgen::prelude::*;

fn acting_for(v: Option<String>) -> Option<ActingFor> {
    v.map(ActingFor::named)
}

#[wasm_bindgen]
impl TriplinkClient {
    /// One page of trips (`params`: `{startDate?, endDate?, bookingType?, itemsPerPage?,
    /// page?, includeCanceledTrips?…}`). Resolves to `{value: {trips, paging}, correlationId}`.
    #[wasm_bindgen(js_name = listTrips)]
    pub async fn list_trips(
        &self,
        key: String,
        params: JsValue,
        call: JsValue,
    ) -> JsResult<JsValue> {
        abortable(&call, async {
            let p: TripListParams = from_js_or_default(&params, "params")?;
            model_to_js(&js(self.sdk.itinerary(&key).list_trips(&p).await)?)
        })
        .await
    }

    /// Every page of trips: `{items, pages, stopped}`.
    #[wasm_bindgen(js_name = listAllTrips)]
    pub async fn list_all_trips(
        &self,
        key: String,
        params: JsValue,
        call: JsValue,
    ) -> JsResult<JsValue> {
        abortable(&call, async {
            let p: TripListParams = from_js_or_default(&params, "params")?;
            model_to_js(&self.sdk.itinerary(&key).list_all_trips(&p).await)
        })
        .await
    }

    /// One trip. `actingFor`: a login id or `"ALL"` (administrators).
    #[wasm_bindgen(js_name = getTrip)]
    pub async fn get_trip(
        &self,
        key: String,
        trip_id: String,
        acting: Option<String>,
        call: JsValue,
    ) -> JsResult<JsValue> {
        abortable(&call, async {
            let a = acting_for(acting);
            model_to_js(&js(self
                .sdk
                .itinerary(&key)
                .get_trip(&trip_id, a.as_ref())
                .await)?)
        })
        .await
    }

    /// Creates a trip (Itinerary XML text).
    #[wasm_bindgen(js_name = createTrip)]
    pub async fn create_trip(
        &self,
        key: String,
        trip_: JsValue,
        acting: Option<String>,
        call: JsValue,
    ) -> JsResult<JsValue> {
        abortable(&call, async {
            let t = trip(&trip_)?;
            let a = acting_for(acting);
            model_to_js(&js(self
                .sdk
                .itinerary(&key)
                .create_trip(&t, a.as_ref())
                .await)?)
        })
        .await
    }

    /// Replaces a whole trip.
    #[wasm_bindgen(js_name = replaceTrip)]
    pub async fn replace_trip(
        &self,
        key: String,
        trip_id: String,
        trip_: JsValue,
        acting: Option<String>,
        call: JsValue,
    ) -> JsResult<JsValue> {
        abortable(&call, async {
            let t = trip(&trip_)?;
            let a = acting_for(acting);
            model_to_js(&js(self
                .sdk
                .itinerary(&key)
                .replace_trip(&trip_id, &t, a.as_ref())
                .await)?)
        })
        .await
    }

    /// Cancels a trip.
    #[wasm_bindgen(js_name = cancelTrip)]
    pub async fn cancel_trip(
        &self,
        key: String,
        trip_id: String,
        acting: Option<String>,
        call: JsValue,
    ) -> JsResult<JsValue> {
        abortable(&call, async {
            let a = acting_for(acting);
            model_to_js(&js(self
                .sdk
                .itinerary(&key)
                .cancel_trip(&trip_id, a.as_ref())
                .await)?)
        })
        .await
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
        call: JsValue,
    ) -> JsResult<JsValue> {
        abortable(&call, async {
            let b = booking(&booking_)?;
            let a = acting_for(acting);
            model_to_js(&js(self
                .sdk
                .itinerary(&key)
                .post_booking(&b, trip_id.as_deref(), a.as_ref())
                .await)?)
        })
        .await
    }

    /// Cancels a booking by its source and confirmation number (unknown → `NotFound`).
    #[wasm_bindgen(js_name = cancelBooking)]
    pub async fn cancel_booking(
        &self,
        key: String,
        booking_source: String,
        confirmation_number: String,
        acting: Option<String>,
        call: JsValue,
    ) -> JsResult<JsValue> {
        abortable(&call, async {
            let a = acting_for(acting);
            model_to_js(&js(self
                .sdk
                .itinerary(&key)
                .cancel_booking(&booking_source, &confirmation_number, a.as_ref())
                .await)?)
        })
        .await
    }

    /// Replaces a booking whose confirmation number changed: cancels the old one first.
    #[wasm_bindgen(js_name = replaceBooking)]
    pub async fn replace_booking(
        &self,
        key: String,
        old_confirmation: String,
        booking_: JsValue,
        acting: Option<String>,
        call: JsValue,
    ) -> JsResult<JsValue> {
        abortable(&call, async {
            let b = booking(&booking_)?;
            let a = acting_for(acting);
            model_to_js(&js(self
                .sdk
                .itinerary(&key)
                .replace_booking(&old_confirmation, &b, a.as_ref())
                .await)?)
        })
        .await
    }
}
