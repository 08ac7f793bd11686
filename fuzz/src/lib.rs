//! What the Itinerary fuzz targets share: the lossless round trip a model read from XML must
//! make (write, read back equal, write the same text again; and the same through JSON).

use triplink_core::Result;

/// A document reader of the Itinerary model (`read_itinerary`, `read_booking`).
pub type Reader<T> = fn(&str) -> Result<T>;
/// Its writer (`write_itinerary`, `write_booking`).
pub type Writer<T> = fn(&T) -> Result<String>;

/// Panics unless `model`, read from XML, writes to a document that reads back to it, which
/// writes the same text again, and unless its JSON reads back to it too.
pub fn assert_lossless<T>(model: &T, read: Reader<T>, write: Writer<T>)
where
    T: PartialEq + std::fmt::Debug + serde::Serialize + serde::de::DeserializeOwned,
{
    let written = write(model).unwrap_or_else(|e| panic!("a model read from XML refused: {e}"));
    let again = read(&written).unwrap_or_else(|e| panic!("own output refused: {e}\n{written}"));
    assert_eq!(&again, model, "model changed through XML:\n{written}");
    assert_eq!(write(&again).ok(), Some(written), "written text changed");
    let json = serde_json::to_string(model).expect("a model always serialises");
    let back: T =
        serde_json::from_str(&json).unwrap_or_else(|e| panic!("own JSON refused: {e}\n{json}"));
    assert_eq!(&back, model, "model changed through JSON:\n{json}");
}
