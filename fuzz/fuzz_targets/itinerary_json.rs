//! Fuzzes the Itinerary v1 writers with models built from JSON (what the uniffi binding's
//! `writeTripXml` and any serde caller hand in), which may hold what XML cannot carry: the
//! writer either refuses with `InvalidInput` or writes a document its own reader accepts, and
//! from there the round trip is stable (read, write, read gives the same model and text).
#![no_main]
use libfuzzer_sys::fuzz_target;
use triplink_core::model::itinerary::{
    read_booking, read_itinerary, write_booking, write_itinerary, Booking, Itinerary,
};
use triplink_core::ErrorCode;

type Reader<T> = fn(&str) -> triplink_core::Result<T>;
type Writer<T> = fn(&T) -> triplink_core::Result<String>;

fn written_reads_back<T>(json: &str, read: Reader<T>, write: Writer<T>)
where
    T: PartialEq + std::fmt::Debug + serde::de::DeserializeOwned,
{
    let Ok(model) = serde_json::from_str::<T>(json) else { return };
    let first = match write(&model) {
        Ok(text) => text,
        Err(e) => {
            assert_eq!(e.code(), ErrorCode::InvalidInput, "refused with the wrong error: {e}");
            return;
        }
    };
    let read_back = read(&first).unwrap_or_else(|e| panic!("own output refused: {e}\n{first}"));
    let second = write(&read_back).unwrap_or_else(|e| panic!("a model read from XML refused: {e}"));
    let again = read(&second).unwrap_or_else(|e| panic!("own output refused: {e}\n{second}"));
    assert_eq!(again, read_back, "model changed on the second trip:\n{second}");
    assert_eq!(write(&again).ok(), Some(second), "written text changed");
}

fuzz_target!(|data: &[u8]| {
    let Ok(json) = std::str::from_utf8(data) else { return };
    written_reads_back::<Itinerary>(json, read_itinerary, write_itinerary);
    written_reads_back::<Booking>(json, read_booking, write_booking);
});
