//! Itinerary v1 (Trip v1.1 / Booking v1.1): the typed model generated from the official XSD
//! (`generated/`, one file per record named after it), its scalar types, and the documents the
//! API exchanges (trip summaries, the paged wrapper, cancel answers). Plain data: the XML
//! codec of all of it is `wire::itinerary` (`read_itinerary`, `write_booking`, …).
//!
//! The list item enums ([`Segment`], [`Charge`], …) box their records: a car segment is over
//! 2 KB, so a `Vec<Segment>` of unboxed variants would spend that on every item, whatever its
//! kind. Build one with `Segment::Hotel(Box::new(hotel))` or `Segment::Hotel(hotel.into())`;
//! matching works as before. For the same reason a trip's bookings are `Vec<Box<Booking>>`
//! (`bookings: Some(vec![booking.into()])`); iterating them hands out `&Box<Booking>`, which
//! derefs to `&Booking`:
//!
//! ```
//! use triplink_core::model::itinerary::{Hotel, Segment};
//! let hotel = Hotel { name: Some("Harbour Inn".into()), ..Hotel::default() };
//! let segment = Segment::Hotel(hotel.into());
//! let Segment::Hotel(h) = &segment else { unreachable!() };
//! assert_eq!(h.name.as_deref(), Some("Harbour Inn"));
//!
//! use triplink_core::model::itinerary::{Booking, Itinerary};
//! let booking = Booking { segments: Some(vec![segment]), ..Booking::default() };
//! let trip = Itinerary { bookings: Some(vec![booking.into()]), ..Itinerary::default() };
//! let first: &Booking = &trip.bookings.as_deref().unwrap_or_default()[0];
//! assert_eq!(first.segments.as_ref().map(Vec::len), Some(1));
//! ```
//!
//! String elements are [`Text`] (a re-export of `compact_str::CompactString`), not `String`:
//! it derefs to `&str`, converts from `&str` and `String` with `.into()`, and keeps values of
//! up to 24 bytes (most codes, names and dates in a trip) inline, so reading a trip does not
//! allocate for each of them. `String::from(text)` or `text.into_string()` gives a `String`:
//!
//! ```
//! use triplink_core::model::itinerary::{Booking, Text};
//! let mut booking = Booking::default();
//! booking.record_locator = Some("HX42QZ".into());
//! booking.booking_source = Some(Text::from(format!("Supplier{}", 7)));
//! let owned: String = booking.record_locator.clone().unwrap_or_default().into_string();
//! assert_eq!(owned, "HX42QZ");
//! assert_eq!(booking.booking_source.as_deref(), Some("Supplier7"));
//! ```

pub mod documents;
pub mod generated;
pub mod itin_datetime;
pub mod length;
pub mod scalars;
pub mod spelled;

pub use documents::*;
pub use generated::*;
pub use length::{check_text, max_length};
pub use scalars::{Decimal, ItinDateTime, Text};
pub use spelled::{Boolean, Integer, UnsignedByte, XsInt};
