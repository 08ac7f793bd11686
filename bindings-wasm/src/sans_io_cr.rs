//! Sans-IO pairs of Connection Requests and OAuth2 (full build only): list and update-status
//! requests, the password-grant token request and its answer. See `sans_io.rs`.

use crate::convert::{from_js, from_js_or_default, to_js};
use crate::errors::{js, JsResult};
use crate::host::request_to_js;
use crate::sans_io::{response, Call};
use serde::{Deserialize, Serialize};
use triplink_core::api::connection_requests as cr;
use triplink_core::api::oauth::{self, Grant, TokenReply};
use triplink_core::model::{ClientCredentials, CrVersion, StatusCode};
use triplink_core::Secret;
use wasm_bindgen::prelude::*;

impl Call {
    fn version(&self) -> JsResult<CrVersion> {
        match self.version.as_deref() {
            None => Ok(CrVersion::V3_2),
            Some(v) => crate::client::parse_version(v),
        }
    }
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
