//! Itinerary v1 (Trip v1.1 / Booking v1.1): the typed model generated from the official XSD
//! (`generated/`), its scalar types, the lossless read/write runtime, and the documents the
//! API exchanges (trip summaries, the paged wrapper, cancel answers).

pub mod documents;
pub mod generated;
pub mod scalars;
pub mod supplier;
pub mod xml_record;
pub mod xml_write;

pub use documents::*;
pub use generated::*;
pub use scalars::{Decimal, ItinDateTime};
