//! Sans-IO pairs for JS callers who do their own HTTP: `build…Request` returns
//! `{method, url, headers, body, timeoutMs, safeToRepeat}`, `parse…Response` reads `{status, headers, body}`.
//! The same builders and parsers the client uses, so both paths follow the same rules. Here
//! the call description and the trip/booking pairs (both builds); the Connection Request and
//! OAuth2 pairs are in `sans_io_cr.rs` (full build only).

use crate::convert::from_js;
use crate::errors::{invalid, js, JsResult};
use crate::host::{request_to_js, response_from_js};
use serde::Deserialize;
use triplink_core::api::itinerary as itin;
use triplink_core::transport::HttpResponse;
use triplink_core::{ApiConfig, Secret};
use wasm_bindgen::prelude::*;

/// Where and as whom: `{baseUrl, accessToken?, version?}`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Call {
    base_url: String,
    #[serde(default)]
    access_token: Option<String>,
    /// Read by the Connection Request pairs (`sans_io_cr.rs`, full build only).
    #[serde(default)]
    #[cfg_attr(not(feature = "full"), allow(dead_code))]
    pub(crate) version: Option<String>,
}

impl Call {
    pub(crate) fn read(v: &JsValue) -> JsResult<(Call, ApiConfig)> {
        let c: Call = from_js(v, "call")?;
        let cfg = js(ApiConfig::new(&c.base_url))?;
        Ok((c, cfg))
    }

    pub(crate) fn token(&self) -> JsResult<Secret> {
        self.access_token
            .clone()
            .map(Secret::new)
            .ok_or_else(|| invalid("accessToken", "is required"))
    }
}

pub(crate) fn response(v: &JsValue) -> JsResult<HttpResponse> {
    response_from_js(v).map_err(|e| invalid("response", e.message))
}

/// `POST` a booking (Booking XML text) to `tripId` or by the merge rules.
#[wasm_bindgen(js_name = buildPostBookingRequest)]
pub fn build_post_booking_request(
    call: JsValue,
    booking: JsValue,
    trip_id: Option<String>,
) -> JsResult<JsValue> {
    let (c, cfg) = Call::read(&call)?;
    let xml = booking
        .as_string()
        .ok_or_else(|| invalid("booking", "must be Booking XML text"))?;
    let b = js(triplink_core::wire::itinerary::read_booking(&xml))?;
    Ok(request_to_js(&js(itin::build_post_booking_request(
        &cfg,
        &c.token()?,
        &b,
        trip_id.as_deref(),
        None,
    ))?))
}

/// Reads a trip answer (of a booking post, get, create or replace).
#[wasm_bindgen(js_name = parseTripResponse)]
pub fn parse_trip_response(call: JsValue, resp: JsValue) -> JsResult<JsValue> {
    let (_, cfg) = Call::read(&call)?;
    crate::convert::model_to_js(&js(itin::parse_trip_response(&response(&resp)?, &cfg))?)
}
