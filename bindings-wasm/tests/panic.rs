//! A Rust panic inside the wasm reaches JavaScript as a thrown `TriplinkError` with code
//! `Internal`, not as a bare `RuntimeError: unreachable`. Its own test binary (run in Node and
//! headless Chromium), since a module that panicked is not guaranteed usable afterwards.

#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use js_sys::{Function, Reflect};
use triplink_wasm::errors::{install_panic_hook, is_triplink_error};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

#[wasm_bindgen_test]
fn a_panic_surfaces_as_a_triplink_error_with_code_internal() {
    install_panic_hook();
    // JS calls into Rust code that panics, as it would call an export.
    let panicking = Closure::<dyn Fn()>::new(|| panic!("deliberate test panic"));
    let f: &Function = panicking.as_ref().unchecked_ref();
    let thrown = f.call0(&JsValue::NULL).unwrap_err();
    assert!(is_triplink_error(&thrown), "{thrown:?}");
    let code = Reflect::get(&thrown, &"code".into()).unwrap();
    assert_eq!(code.as_string().as_deref(), Some("Internal"));
    let message = Reflect::get(&thrown, &"message".into())
        .unwrap()
        .as_string()
        .unwrap();
    assert!(message.contains("deliberate test panic"), "{message}");
    assert!(message.contains("a bug in triplink"), "{message}");
    panicking.forget();
}
