//! Fuzzes the Itinerary v1 writers with models built from JSON (what the uniffi binding's
//! `writeTripXml` and any serde caller hand in), which may hold what XML cannot carry: the
//! writer either refuses with `InvalidInput` or writes a document its own reader accepts, and
//! from there the round trip is lossless (as `itinerary_xml` checks for what reads).
#![no_main]
use libfuzzer_sys::fuzz_target;
use triplink_core::model::itinerary::{Booking, Itinerary};
use triplink_core::wire::itinerary::{read_booking, read_itinerary, write_booking, write_itinerary};
use triplink_core::ErrorCode;
use triplink_fuzz::{assert_lossless, Reader, Writer};

fn written_reads_back<T>(json: &str, read: Reader<T>, write: Writer<T>)
where
    T: PartialEq + std::fmt::Debug + serde::Serialize + serde::de::DeserializeOwned,
{
    let Ok(model) = serde_json::from_str::<T>(json) else {
        return;
    };
    match write(&model) {
        Ok(text) => {
            let read_back =
                read(&text).unwrap_or_else(|e| panic!("own output refused: {e}\n{text}"));
            assert_lossless(&read_back, read, write);
        }
        Err(e) => assert_eq!(
            e.code(),
            ErrorCode::InvalidInput,
            "refused with the wrong error: {e}"
        ),
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(json) = std::str::from_utf8(data) else {
        return;
    };
    written_reads_back::<Itinerary>(json, read_itinerary, write_itinerary);
    written_reads_back::<Booking>(json, read_booking, write_booking);
});
