//! Sans-IO pairs for JS callers who do their own HTTP: `build…Request` returns
//! `{method, url, headers, body, timeoutMs, safeToRepeat}`, `parse…Response` reads `{status, headers, body}`.
//! The same builders and parsers the client uses, so both paths follow the same rules.

use crate::convert::{from_js, from_js_or_default, to_js};
use crate::errors::{invalid, js, JsResult};
use crate::host::{request_to_js, response_from_js};
use serde::{Deserialize, Serialize};
use triplink_core::api::connection_requests as cr;
use triplink_core::api::itinerary as itin;
use triplink_core::api::oauth::{self, Grant, TokenReply};
use triplink_core::model::{ClientCredentials, CrVersion, StatusCode};
use triplink_core::transport::HttpResponse;
use triplink_core::{ApiConfig, Secret};
use wasm_bindgen::prelude::*;

/// Where and as whom: `{baseUrl, accessToken?, version?}`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Call {
    base_url: String,
    #[serde(default)]
    access_token: Option<String>,
    #[serde(default)]
    version: Option<String>,
}

impl Call {
    fn read(v: &JsValue) -> JsResult<(Call, ApiConfig)> {
        let c: Call = from_js(v, "call")?;
        let cfg = js(ApiConfig::new(&c.base_url))?;
        Ok((c, cfg))
    }

    fn token(&self) -> JsResult<Secret> {
        self.access_token
            .clone()
            .map(Secret::new)
            .ok_or_else(|| invalid("accessToken", "is required"))
    }

    fn version(&self) -> JsResult<CrVersion> {
        match self.version.as_deref() {
            None => Ok(CrVersion::V3_2),
            Some(v) => crate::client::parse_version(v),
        }
    }
}

fn response(v: &JsValue) -> JsResult<HttpResponse> {
    response_from_js(v).map_err(|e| invalid("response", e.message))
}

/// `GET` a page of connection requests (`params`: `{limit?, offset?, status?}`).
#[wasm_bindgen(js_name = buildListRequest)]
pub fn build_list_request(call: JsValue, params: JsValue) -> JsResult<JsValue> {
    let (c, cfg) = Call::read(&call)?;
    let p: cr::ListParams = from_js_or_default(&params, "params")?;
    Ok(request_to_js(&js(cr::build_list_request(
        &cfg,
        c.version()?,
        &c.token()?,
        &p,
    ))?))
}

/// Reads a connection request page (JSON or XML, any version).
#[wasm_bindgen(js_name = parseListResponse)]
pub fn parse_list_response(call: JsValue, resp: JsValue) -> JsResult<JsValue> {
    let (_, cfg) = Call::read(&call)?;
    to_js(&js(cr::parse_list_response(&response(&resp)?, &cfg))?)
}

/// `PUT` a connection request's status.
#[wasm_bindgen(js_name = buildUpdateStatusRequest)]
pub fn build_update_status_request(call: JsValue, id: &str, status: &str) -> JsResult<JsValue> {
    let (c, cfg) = Call::read(&call)?;
    let s = StatusCode::parse(status);
    Ok(request_to_js(&js(cr::build_update_status_request(
        &cfg,
        c.version()?,
        &c.token()?,
        id,
        &s,
    ))?))
}

/// Checks the status PUT's answer (resolves to nothing, throws a typed error).
#[wasm_bindgen(js_name = parseUpdateStatusResponse)]
pub fn parse_update_status_response(call: JsValue, resp: JsValue) -> JsResult<()> {
    let (c, _) = Call::read(&call)?;
    js(cr::parse_update_status_response(
        &response(&resp)?,
        c.version()?,
    ))
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

/// The password grant's token request (`credentials`: `{clientId, clientSecret}`).
#[wasm_bindgen(js_name = buildPasswordTokenRequest)]
pub fn build_password_token_request(
    call: JsValue,
    credentials: JsValue,
    username: String,
    password: String,
) -> JsResult<JsValue> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Creds {
        client_id: String,
        client_secret: String,
    }
    let (_, cfg) = Call::read(&call)?;
    let k: Creds = from_js(&credentials, "credentials")?;
    let creds = ClientCredentials {
        client_id: k.client_id,
        client_secret: Secret::new(k.client_secret),
    };
    let grant = Grant::Password {
        username,
        password: Secret::new(password),
    };
    Ok(request_to_js(&js(oauth::build_token_request(
        &cfg, &creds, &grant,
    ))?))
}

/// The token endpoint's answer at `nowSecs`: `{granted: {accessToken, refreshToken,
/// expiresAt, geolocation…}}` or `{livesElsewhere: geolocation}` (re-send there).
#[wasm_bindgen(js_name = parseTokenResponse)]
pub fn parse_token_response(call: JsValue, resp: JsValue, now_secs: f64) -> JsResult<JsValue> {
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Granted {
        access_token: String,
        refresh_token: Option<String>,
        expires_at: u64,
        refresh_expires_at: Option<u64>,
        geolocation: Option<String>,
        scope: Option<String>,
    }
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    enum Reply {
        Granted(Granted),
        LivesElsewhere(String),
    }
    let (_, cfg) = Call::read(&call)?;
    let reply = js(oauth::parse_token_response(
        &response(&resp)?,
        &cfg,
        now_secs as u64,
    ))?;
    to_js(&match reply {
        TokenReply::Granted(t) => Reply::Granted(Granted {
            access_token: t.access_token.expose().to_owned(),
            refresh_token: t.refresh_token.as_ref().map(|s| s.expose().to_owned()),
            expires_at: t.expires_at,
            refresh_expires_at: t.refresh_expires_at,
            geolocation: t.geolocation,
            scope: t.scope,
        }),
        TokenReply::LivesElsewhere { geolocation } => Reply::LivesElsewhere(geolocation),
    })
}
