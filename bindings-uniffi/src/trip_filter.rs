//! The trip list's filters as a typed record for Kotlin/Swift/Python (every one optional),
//! checked by the core on the way in (a date that is not `YYYY-MM-DD` is an `InvalidInput`).

use crate::errors::{bad_json, Result};
use serde_json::json;
use triplink_core::api::itinerary::{BookingType, TripListParams};

/// The `bookingType` filter.
#[uniffi::remote(Enum)]
pub enum BookingType {
    Air,
    Car,
    Dining,
    Hotel,
    Parking,
    Rail,
    Ride,
}

/// Filters of the trip list.
#[derive(Clone, Debug, Default, PartialEq, uniffi::Record)]
pub struct TripFilter {
    /// Trips ongoing on or after this date (`YYYY-MM-DD`, UTC).
    #[uniffi(default = None)]
    pub start_date: Option<String>,
    /// Trips ongoing on or before this date.
    #[uniffi(default = None)]
    pub end_date: Option<String>,
    /// Created after this date.
    #[uniffi(default = None)]
    pub created_after_date: Option<String>,
    /// Created before this date.
    #[uniffi(default = None)]
    pub created_before_date: Option<String>,
    /// Trip or any booking modified at or after (a date or a date-time).
    #[uniffi(default = None)]
    pub last_modified_date: Option<String>,
    /// Only trips with this kind of booking.
    #[uniffi(default = None)]
    pub booking_type: Option<BookingType>,
    /// Ask for the paged answer (with `items_per_page` / `page`).
    #[uniffi(default = false)]
    pub include_metadata: bool,
    /// Trips per page.
    #[uniffi(default = None)]
    pub items_per_page: Option<u32>,
    /// Page number, 1-based.
    #[uniffi(default = None)]
    pub page: Option<u32>,
    /// Include virtual trips.
    #[uniffi(default = false)]
    pub include_virtual_trip: bool,
    /// Include canceled trips.
    #[uniffi(default = false)]
    pub include_canceled_trips: bool,
    /// Include guest bookings.
    #[uniffi(default = false)]
    pub include_guest_bookings: bool,
}

impl TripFilter {
    /// The core's parameters (its own parsing checks the dates).
    pub(crate) fn params(filter: Option<TripFilter>) -> Result<TripListParams> {
        let f = filter.unwrap_or_default();
        let v = json!({
            "startDate": f.start_date, "endDate": f.end_date,
            "createdAfterDate": f.created_after_date, "createdBeforeDate": f.created_before_date,
            "lastModifiedDate": f.last_modified_date, "bookingType": f.booking_type,
            "includeMetadata": f.include_metadata, "itemsPerPage": f.items_per_page,
            "page": f.page, "includeVirtualTrip": f.include_virtual_trip,
            "includeCanceledTrips": f.include_canceled_trips,
            "includeGuestBookings": f.include_guest_bookings,
        });
        serde_json::from_value(v).map_err(|e| bad_json("filter", &e))
    }
}
