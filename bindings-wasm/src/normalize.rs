//! Name and email normalisation for JS (both builds): the core's matching rules, so a checkout
//! page folds a traveller's name and email exactly as the supplier's back end will.

use triplink_core::matching::{normalize, unicode};
use wasm_bindgen::prelude::*;

/// The core's Unicode normalisation pass, from JavaScript's `String.prototype.normalize`
/// (the core is built without its normalisation tables); idempotent.
pub fn install_normalizer() {
    fn host(text: &str, form: unicode::Form) -> String {
        js_sys::JsString::from(text).normalize(form.as_str()).into()
    }
    unicode::install_host_normalizer(host);
}

/// A name as the matching rules compare it (NFKC, case and diacritics folded, punctuation
/// dropped); `umlauts: true` also expands ä→ae, ö→oe, ü→ue.
#[wasm_bindgen(js_name = normalizeName)]
pub fn normalize_name(name: &str, umlauts: Option<bool>) -> String {
    normalize::normalize_name(name, umlauts.unwrap_or(false))
}

/// An email as the matching rules compare it (NFKC, trimmed, lower-cased).
#[wasm_bindgen(js_name = normalizeEmail)]
pub fn normalize_email(email: &str) -> String {
    normalize::normalize_email(email)
}
