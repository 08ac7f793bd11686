//! Itinerary v1 for Kotlin/Swift/Python: trip list/get, booking post/cancel with typed trips
//! and bookings, and the pure functions — trip and booking XML ⇄ the typed, lossless model,
//! and the supplier booking builders (hotel, car, air, ride) that refuse invalid documents.

use crate::client::TriplinkClient;
use crate::errors::{core, Result};
use crate::generated::{Booking, Trip};
use crate::model_convert::{traced, Lift, Lower};
use crate::trip_filter::TripFilter;
use crate::trip_list::{TracedCancelOutcome, TracedTripList, TripWalk};
use triplink_core::api::itinerary::ActingFor;
pub use triplink_core::api::supplier::SupplierSegment;
use triplink_core::api::supplier::{SegmentTime, SupplierBooking as CoreBooking};
use triplink_core::wire::itinerary::{
    read_booking, read_itinerary, write_booking as write_core_booking, write_itinerary,
};

/// What the supplier sells, per kind (the core's enum).
#[uniffi::remote(Enum)]
pub enum SupplierSegment {
    /// A hotel stay.
    Hotel {
        /// Property name.
        name: String,
        /// City.
        city: Option<String>,
        /// Country code.
        country: Option<String>,
    },
    /// A car rental.
    Car {
        /// Pick-up city/airport code.
        start_city_code: String,
        /// Drop-off city/airport code.
        end_city_code: Option<String>,
    },
    /// A flight.
    Air {
        /// Departure airport (IATA).
        start_city_code: String,
        /// Arrival airport (IATA).
        end_city_code: String,
        /// Carrier code.
        vendor: String,
        /// Flight number.
        flight_number: String,
    },
    /// A ride.
    Ride {
        /// Pick-up place.
        start_location: String,
        /// Drop-off place.
        end_location: Option<String>,
    },
}

/// A supplier booking to build. Times are ISO local date-times (`2026-05-01T15:00:00`): local
/// to `time_zone` when given, else UTC.
#[derive(Clone, Debug, uniffi::Record)]
pub struct SupplierBooking {
    /// The supplier name Concur configured (cancel needs an exact match).
    pub booking_source: String,
    /// The record locator.
    pub record_locator: String,
    /// The segment's confirmation number.
    pub confirmation_number: String,
    /// Traveller first name.
    pub first_name: String,
    /// Traveller last name.
    pub last_name: String,
    /// Start.
    pub start: String,
    /// End.
    pub end: String,
    /// Olson or Windows time zone name; `None` for UTC times.
    pub time_zone: Option<String>,
    /// Total price (decimal text) when known.
    pub total_amount: Option<String>,
    /// ISO 4217 currency of the total.
    pub currency: Option<String>,
    /// What.
    pub segment: SupplierSegment,
}

/// The core's builder input, field by field (the core checks every one).
fn core_booking(b: SupplierBooking) -> Result<CoreBooking> {
    Ok(CoreBooking {
        booking_source: b.booking_source,
        record_locator: b.record_locator,
        confirmation_number: b.confirmation_number,
        first_name: b.first_name,
        last_name: b.last_name,
        time: core(SegmentTime::from_text(&b.start, &b.end, b.time_zone))?,
        total: core(CoreBooking::total_of(b.total_amount, b.currency))?,
        segment: b.segment,
    })
}

/// Builds a supplier booking and writes it as Booking XML (ready for `postBooking`); an
/// invalid booking (a missing or over-long field, or a control character XML cannot carry) is
/// an `InvalidInput` naming the field.
#[uniffi::export]
pub fn build_supplier_booking_xml(booking: SupplierBooking) -> Result<String> {
    let b = core(core_booking(booking)?.build())?;
    core(write_core_booking(&b))
}

/// Reads Itinerary (trip) XML into the typed model (unknown elements kept in `extra`, so
/// `writeTrip(parseTrip(x))` loses nothing).
#[uniffi::export]
pub fn parse_trip(xml: String) -> Result<Trip> {
    Ok(core(read_itinerary(&xml))?.lower())
}

/// Writes a trip (from `parseTrip` or `getTrip`, edited or not) as Itinerary XML, keeping
/// everything it read; a value its element cannot hold (a date that is not one, a control
/// character XML cannot carry) is an `InvalidInput` naming the element.
#[uniffi::export]
pub fn write_trip(trip: Trip) -> Result<String> {
    core(write_itinerary(&trip.lift("trip")?))
}

/// Reads Booking XML into the typed model.
#[uniffi::export]
pub fn parse_booking(xml: String) -> Result<Booking> {
    Ok(core(read_booking(&xml))?.lower())
}

/// Writes a booking as Booking XML (see `writeTrip`).
#[uniffi::export]
pub fn write_booking(booking: Booking) -> Result<String> {
    core(write_core_booking(&booking.lift("booking")?))
}

traced!(TracedTrip, Trip, "A trip, with the call's correlation id.");

fn acting_for(v: Option<String>) -> Option<ActingFor> {
    v.map(ActingFor::named)
}

#[uniffi::export]
impl TriplinkClient {
    /// One page of trip summaries (with paging when the answer was paged).
    pub async fn list_trips(
        &self,
        key: String,
        filter: Option<TripFilter>,
    ) -> Result<TracedTripList> {
        let p = TripFilter::params(filter)?;
        Ok(core(self.sdk.itinerary(&key).list_trips(&p).await)?.into())
    }

    /// One trip, typed. `acting_for`: a login id or `"ALL"` (administrators).
    pub async fn get_trip(
        &self,
        key: String,
        trip_id: String,
        acting_for_: Option<String>,
    ) -> Result<TracedTrip> {
        let a = acting_for(acting_for_);
        let t = self
            .sdk
            .itinerary(&key)
            .get_trip(&trip_id, a.as_ref())
            .await;
        Ok(core(t)?.into())
    }

    /// Posts a booking (`parseBooking` of the XML `buildSupplierBookingXml` writes, or one
    /// read from a trip) into `trip_id`, or where Concur's merge rules put it; returns the
    /// resulting trip.
    pub async fn post_booking(
        &self,
        key: String,
        booking: Booking,
        trip_id: Option<String>,
        acting_for_: Option<String>,
    ) -> Result<TracedTrip> {
        let b = booking.lift("booking")?;
        let a = acting_for(acting_for_);
        let t = self.sdk.itinerary(&key);
        Ok(core(t.post_booking(&b, trip_id.as_deref(), a.as_ref()).await)?.into())
    }

    /// Cancels a booking by source and confirmation number; an unknown one is the outcome
    /// `NotFound`, not an error.
    pub async fn cancel_booking(
        &self,
        key: String,
        booking_source: String,
        confirmation_number: String,
        acting_for_: Option<String>,
    ) -> Result<TracedCancelOutcome> {
        let a = acting_for(acting_for_);
        let c = self.sdk.itinerary(&key);
        let r = c.cancel_booking(&booking_source, &confirmation_number, a.as_ref());
        Ok(core(r.await)?.into())
    }

    /// Every page of trip summaries: the items, the pages read and `stopped` (why the walk
    /// ended early, with the items read before kept).
    pub async fn list_all_trips(
        &self,
        key: String,
        filter: Option<TripFilter>,
    ) -> Result<TripWalk> {
        let p = TripFilter::params(filter)?;
        Ok(self.sdk.itinerary(&key).list_all_trips(&p).await.into())
    }

    /// Creates a trip; returns it as Concur stored it.
    pub async fn create_trip(
        &self,
        key: String,
        trip: Trip,
        acting_for_: Option<String>,
    ) -> Result<TracedTrip> {
        let t = trip.lift("trip")?;
        let a = acting_for(acting_for_);
        let c = self.sdk.itinerary(&key);
        Ok(core(c.create_trip(&t, a.as_ref()).await)?.into())
    }

    /// Replaces a whole trip (e.g. the one `getTrip` gave, edited; safe to resend).
    pub async fn replace_trip(
        &self,
        key: String,
        trip_id: String,
        trip: Trip,
        acting_for_: Option<String>,
    ) -> Result<TracedTrip> {
        let t = trip.lift("trip")?;
        let a = acting_for(acting_for_);
        let c = self.sdk.itinerary(&key);
        Ok(core(c.replace_trip(&trip_id, &t, a.as_ref()).await)?.into())
    }

    /// Cancels a trip; an unknown one is the outcome `NotFound`, not an error.
    pub async fn cancel_trip(
        &self,
        key: String,
        trip_id: String,
        acting_for_: Option<String>,
    ) -> Result<TracedCancelOutcome> {
        let a = acting_for(acting_for_);
        let c = self.sdk.itinerary(&key);
        Ok(core(c.cancel_trip(&trip_id, a.as_ref()).await)?.into())
    }

    /// Replaces a booking whose confirmation number changed: cancels `old_confirmation`
    /// first, then posts `booking` (so the traveller never sees both).
    pub async fn replace_booking(
        &self,
        key: String,
        old_confirmation: String,
        booking: Booking,
        acting_for_: Option<String>,
    ) -> Result<TracedTrip> {
        let b = booking.lift("booking")?;
        let a = acting_for(acting_for_);
        let c = self.sdk.itinerary(&key);
        Ok(core(c.replace_booking(&old_confirmation, &b, a.as_ref()).await)?.into())
    }
}
