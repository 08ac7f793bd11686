//! The workspace's `uniffi-bindgen`: generates the Kotlin, Swift and Python bindings of
//! `triplink-uniffi` in library mode (`generate --library target/debug/libtriplink_uniffi.so`).

fn main() {
    uniffi::uniffi_bindgen_main()
}
