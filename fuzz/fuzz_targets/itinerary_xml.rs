//! Fuzzes the Itinerary v1 readers and writers: any text either reads or is refused with an
//! error; what reads writes back to a document that reads to the same model, which writes to
//! the same text again (lossless), and its JSON form reads back to the same model too.
#![no_main]
use libfuzzer_sys::fuzz_target;
use triplink_core::wire::itinerary::{
    read_booking, read_itinerary, read_trip_list, write_booking, write_itinerary,
};
use triplink_fuzz::assert_lossless;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(trip) = read_itinerary(text) {
        assert_lossless(&trip, read_itinerary, write_itinerary);
    }
    if let Ok(booking) = read_booking(text) {
        assert_lossless(&booking, read_booking, write_booking);
    }
    let _ = read_trip_list(text);
});
