//! Itinerary v1 for Kotlin/Swift/Python: trip list/get, booking post/cancel, and the pure
//! functions — trip XML ⇄ JSON of the typed, lossless model, and the supplier booking
//! builders (hotel, car, air, ride) that refuse invalid documents.

use crate::client::TriplinkClient;
use crate::errors::{core, from_json, from_json_or_default, to_json, Result};
use serde_json::{json, Value};
use triplink_core::api::itinerary::{ActingFor, TripListParams};
use triplink_core::api::supplier::SupplierBooking as CoreBooking;
use triplink_core::model::itinerary::Itinerary;
use triplink_core::wire::itinerary::{
    read_booking, read_itinerary, write_booking, write_itinerary,
};

/// What the supplier sells, per kind.
#[derive(Clone, Debug, uniffi::Enum)]
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

/// The core's builder input, via its documented JSON form (the core checks every field).
fn core_booking(b: SupplierBooking) -> Result<CoreBooking> {
    let time = match b.time_zone {
        Some(tz) => json!({"Local": {"start": b.start, "end": b.end, "timeZone": tz}}),
        None => json!({"Utc": {"start": b.start, "end": b.end}}),
    };
    let total = match (b.total_amount, b.currency) {
        (Some(a), Some(c)) => json!([a, c]),
        (None, None) => Value::Null,
        _ => {
            return Err(crate::errors::invalid(
                "total",
                "amount and currency go together",
            ))
        }
    };
    let segment = match b.segment {
        SupplierSegment::Hotel {
            name,
            city,
            country,
        } => {
            json!({"Hotel": {"name": name, "city": city, "country": country}})
        }
        SupplierSegment::Car {
            start_city_code,
            end_city_code,
        } => {
            json!({"Car": {"startCityCode": start_city_code, "endCityCode": end_city_code}})
        }
        SupplierSegment::Air {
            start_city_code,
            end_city_code,
            vendor,
            flight_number,
        } => json!({
            "Air": {"startCityCode": start_city_code, "endCityCode": end_city_code,
                    "vendor": vendor, "flightNumber": flight_number}
        }),
        SupplierSegment::Ride {
            start_location,
            end_location,
        } => {
            json!({"Ride": {"startLocation": start_location, "endLocation": end_location}})
        }
    };
    let v = json!({
        "bookingSource": b.booking_source, "recordLocator": b.record_locator,
        "confirmationNumber": b.confirmation_number, "firstName": b.first_name,
        "lastName": b.last_name, "time": time, "total": total, "segment": segment,
    });
    serde_json::from_value(v).map_err(|e| crate::errors::bad_json("booking", &e))
}

/// Builds a supplier booking and writes it as Booking XML (ready for `postBooking`); an
/// invalid booking (a missing or over-long field, or a control character XML cannot carry) is
/// an `InvalidInput` naming the field.
#[uniffi::export]
pub fn build_supplier_booking_xml(booking: SupplierBooking) -> Result<String> {
    let b = core(core_booking(booking)?.build())?;
    core(write_booking(&b))
}

/// Reads Itinerary (trip) XML into the typed model, as JSON (unknown elements kept, so
/// `writeTripXml(parseTripXml(x))` loses nothing).
#[uniffi::export]
pub fn parse_trip_xml(xml: String) -> Result<String> {
    to_json(&core(read_itinerary(&xml))?)
}

/// Writes trip JSON (the model `parseTripXml` returns) as Itinerary XML; a trip XML cannot
/// carry (a control character in a value, an `extra` name that is not an XML name) is an
/// `InvalidInput` naming the element.
#[uniffi::export]
pub fn write_trip_xml(trip_json: String) -> Result<String> {
    let trip: Itinerary = from_json("trip", &trip_json)?;
    core(write_itinerary(&trip))
}

/// Reads Booking XML into the typed model, as JSON.
#[uniffi::export]
pub fn parse_booking_xml(xml: String) -> Result<String> {
    to_json(&core(read_booking(&xml))?)
}

fn acting_for(v: Option<String>) -> Option<ActingFor> {
    v.map(ActingFor::named)
}

#[uniffi::export]
impl TriplinkClient {
    /// One page of trips. `params_json`: `{startDate?, endDate?, bookingType?, itemsPerPage?,
    /// page?, includeCanceledTrips?…}`. Returns `{value: {trips, paging}, correlationId}`.
    pub async fn list_trips(&self, key: String, params_json: Option<String>) -> Result<String> {
        let p: TripListParams = from_json_or_default("params", params_json)?;
        to_json(&core(self.sdk.itinerary(&key).list_trips(&p).await)?)
    }

    /// One trip, as `{value: <trip model>, correlationId}`. `acting_for`: a login id or
    /// `"ALL"` (administrators).
    pub async fn get_trip(
        &self,
        key: String,
        trip_id: String,
        acting_for_: Option<String>,
    ) -> Result<String> {
        let a = acting_for(acting_for_);
        to_json(&core(
            self.sdk
                .itinerary(&key)
                .get_trip(&trip_id, a.as_ref())
                .await,
        )?)
    }

    /// Posts Booking XML (e.g. from `buildSupplierBookingXml`) into `trip_id`, or where
    /// Concur's merge rules put it; returns the resulting trip as `{value, correlationId}`.
    pub async fn post_booking(
        &self,
        key: String,
        booking_xml: String,
        trip_id: Option<String>,
        acting_for_: Option<String>,
    ) -> Result<String> {
        let b = core(read_booking(&booking_xml))?;
        let a = acting_for(acting_for_);
        to_json(&core(
            self.sdk
                .itinerary(&key)
                .post_booking(&b, trip_id.as_deref(), a.as_ref())
                .await,
        )?)
    }

    /// Cancels a booking by source and confirmation number (unknown → `NotFound`); returns
    /// the answer as `{value, correlationId}`.
    pub async fn cancel_booking(
        &self,
        key: String,
        booking_source: String,
        confirmation_number: String,
        acting_for_: Option<String>,
    ) -> Result<String> {
        let a = acting_for(acting_for_);
        to_json(&core(
            self.sdk
                .itinerary(&key)
                .cancel_booking(&booking_source, &confirmation_number, a.as_ref())
                .await,
        )?)
    }

    /// Every page of trips: `{items, pages, stopped}` (`stopped`: why the walk ended early,
    /// with the items read before kept).
    pub async fn list_all_trips(&self, key: String, params_json: Option<String>) -> Result<String> {
        let p: TripListParams = from_json_or_default("params", params_json)?;
        to_json(&self.sdk.itinerary(&key).list_all_trips(&p).await)
    }

    /// Creates a trip from Itinerary XML; returns `{value: <trip>, correlationId}`.
    pub async fn create_trip(
        &self,
        key: String,
        trip_xml: String,
        acting_for_: Option<String>,
    ) -> Result<String> {
        let t = core(read_itinerary(&trip_xml))?;
        let a = acting_for(acting_for_);
        to_json(&core(
            self.sdk.itinerary(&key).create_trip(&t, a.as_ref()).await,
        )?)
    }

    /// Replaces a whole trip with Itinerary XML (safe to resend).
    pub async fn replace_trip(
        &self,
        key: String,
        trip_id: String,
        trip_xml: String,
        acting_for_: Option<String>,
    ) -> Result<String> {
        let t = core(read_itinerary(&trip_xml))?;
        let a = acting_for(acting_for_);
        to_json(&core(
            self.sdk
                .itinerary(&key)
                .replace_trip(&trip_id, &t, a.as_ref())
                .await,
        )?)
    }

    /// Cancels a trip; returns `{value: {"cancelled": …} | "notFound", correlationId}`.
    pub async fn cancel_trip(
        &self,
        key: String,
        trip_id: String,
        acting_for_: Option<String>,
    ) -> Result<String> {
        let a = acting_for(acting_for_);
        to_json(&core(
            self.sdk
                .itinerary(&key)
                .cancel_trip(&trip_id, a.as_ref())
                .await,
        )?)
    }

    /// Replaces a booking whose confirmation number changed: cancels `old_confirmation`
    /// first, then posts `booking_xml` (so the traveller never sees both).
    pub async fn replace_booking(
        &self,
        key: String,
        old_confirmation: String,
        booking_xml: String,
        acting_for_: Option<String>,
    ) -> Result<String> {
        let b = core(read_booking(&booking_xml))?;
        let a = acting_for(acting_for_);
        to_json(&core(
            self.sdk
                .itinerary(&key)
                .replace_booking(&old_confirmation, &b, a.as_ref())
                .await,
        )?)
    }
}
