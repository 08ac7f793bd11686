//! The Itinerary v1 XML codec: the lossless streaming read / string write runtime
//! (`xml_record`, `xml_list`, `xml_write`), the text of the scalars (`scalar`), the generated
//! codec of every model record (`generated/`, one file per record, named as its type's file in
//! `model::itinerary::generated`), and the documents the API exchanges (`documents`).
//!
//! ```
//! use triplink_core::model::itinerary::{Booking, Text};
//! use triplink_core::wire::itinerary::{read_booking, write_booking};
//! let booking = Booking { record_locator: Some(Text::from("HX42QZ")), ..Booking::default() };
//! let xml = write_booking(&booking).unwrap();
//! assert_eq!(read_booking(&xml).unwrap(), booking);
//! ```

pub mod documents;
mod generated;
pub mod scalar;
pub mod xml_list;
pub mod xml_record;
pub mod xml_write;

pub use documents::*;
