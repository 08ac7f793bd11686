//! Data across the boundary: values go to JS as one JSON string parsed by `JSON.parse`, and
//! come back through `JSON.stringify` (the Itinerary model's parse functions use
//! serde-wasm-bindgen instead, which `bench/bench.mjs` measured faster for trips); a value
//! that does not fit its type is an `InvalidInput` naming it.

use crate::errors::{invalid, JsResult};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// A Rust value as a plain JS object (camelCase fields).
pub fn to_js<T: Serialize>(value: &T) -> JsResult<JsValue> {
    let text = serde_json::to_string(value)
        .map_err(|e| invalid("result", format!("cannot encode: {e}")))?;
    js_sys::JSON::parse(&text)
}

/// The typed model as JS objects, built directly with serde-wasm-bindgen: `bench/bench.mjs`
/// measured it faster than one JSON string + `JSON.parse` for trips (0.41 vs 0.49 ms at
/// 16 KB). Every export that returns the Itinerary model goes through here (and
/// `parseTripJson` through `JSON.stringify`), so the .wasm holds one serialiser of the
/// model's 38 records, not serde_json's as well (~60 KB).
pub(crate) fn model_to_js<T: Serialize>(value: &T) -> JsResult<JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| invalid("result", e.to_string()))
}

/// A JS value read as `T`; `what` names the argument in the error.
pub fn from_js<T: DeserializeOwned>(value: &JsValue, what: &str) -> JsResult<T> {
    if value.is_undefined() {
        return Err(invalid(what, "is required"));
    }
    let text: String = js_sys::JSON::stringify(value)
        .map_err(|_| invalid(what, "cannot be converted to JSON (a cycle or a BigInt?)"))?
        .into();
    serde_json::from_str(&text).map_err(|e| invalid(what, e.to_string()))
}

/// Like [`from_js`], with `T::default()` for `undefined` or `null`.
pub fn from_js_or_default<T: DeserializeOwned + Default>(
    value: &JsValue,
    what: &str,
) -> JsResult<T> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    from_js(value, what)
}

/// A JS string argument.
pub fn string(value: &JsValue, what: &str) -> JsResult<String> {
    value
        .as_string()
        .ok_or_else(|| invalid(what, "must be a string"))
}
