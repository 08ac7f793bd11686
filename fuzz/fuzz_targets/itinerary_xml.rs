//! Fuzzes the Itinerary v1 readers and writers: any text either reads or is refused with an
//! error; what reads writes back to a document that reads to the same model, which writes to
//! the same text again (lossless), and its JSON form reads back to the same model too.
#![no_main]
use libfuzzer_sys::fuzz_target;
use triplink_core::model::itinerary::{
    read_booking, read_itinerary, read_trip_list, write_booking, write_itinerary,
};

type Reader<T> = fn(&str) -> triplink_core::Result<T>;
type Writer<T> = fn(&T) -> triplink_core::Result<String>;

fn round_trip<T>(text: &str, read: Reader<T>, write: Writer<T>)
where
    T: PartialEq + std::fmt::Debug + serde::Serialize + serde::de::DeserializeOwned,
{
    let Ok(model) = read(text) else { return };
    let written = write(&model).unwrap_or_else(|e| panic!("a model read from XML refused: {e}"));
    let again = read(&written).unwrap_or_else(|e| panic!("own output refused: {e}\n{written}"));
    assert_eq!(again, model, "model changed through XML:\n{written}");
    assert_eq!(write(&again).ok(), Some(written), "written text changed");
    let json = serde_json::to_string(&model).expect("a model always serialises");
    let back: T = serde_json::from_str(&json).unwrap_or_else(|e| panic!("own JSON refused: {e}\n{json}"));
    assert_eq!(back, model, "model changed through JSON:\n{json}");
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    round_trip(text, read_itinerary, write_itinerary);
    round_trip(text, read_booking, write_booking);
    let _ = read_trip_list(text);
});
