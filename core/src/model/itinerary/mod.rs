//! Itinerary v1 (Trip v1.1 / Booking v1.1): the typed model generated from the official XSD
//! (`generated/`), its scalar types, the lossless read/write runtime, and the documents the
//! API exchanges (trip summaries, the paged wrapper, cancel answers).
//!
//! The list item enums ([`Segment`], [`Charge`], …) box their records: a car segment is over
//! 2 KB, so a `Vec<Segment>` of unboxed variants would spend that on every item, whatever its
//! kind. Build one with `Segment::Hotel(Box::new(hotel))` or `Segment::Hotel(hotel.into())`;
//! matching works as before:
//!
//! ```
//! use triplink_core::model::itinerary::{Hotel, Segment};
//! let hotel = Hotel { name: Some("Harbour Inn".into()), ..Hotel::default() };
//! let segment = Segment::Hotel(hotel.into());
//! let Segment::Hotel(h) = &segment else { unreachable!() };
//! assert_eq!(h.name.as_deref(), Some("Harbour Inn"));
//! ```

pub mod documents;
pub mod generated;
pub mod scalars;
pub mod supplier;
pub mod xml_record;
pub mod xml_write;

pub use documents::*;
pub use generated::*;
pub use scalars::{Decimal, ItinDateTime};
