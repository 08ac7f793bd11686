//! Fuzzes the classic `<Error>` reader and the XML tree under it.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = triplink_core::wire::classic_error::read_classic_error(s);
        let _ = triplink_core::wire::xml_tree::parse_document(s);
    }
});
