//! Builders for the bookings a TripLink supplier posts — hotel, car, air and ride — that refuse
//! to build an invalid document: required fields, the XSD's length limits, and dates either
//! local with a time zone or UTC.
//!
//! Merge rules (NOTES 3.5): a booking POSTed without a trip id lands in the first trip whose
//! dates span it, otherwise a new trip is created; only the booking source that created a
//! booking may update it; when a change yields a new confirmation number, cancel the old one
//! first (`ItineraryClient::replace_booking` does) or the traveller sees both. Visibility
//! (NOTES 3.4): a supplier sees full detail only for bookings it owns; for others, amounts and
//! some Air fields (Vendor, FlightNumber, start dates) are hidden.

use crate::error::{Result, TriplinkError};
use crate::model::itinerary::scalars::iso_local;
use crate::model::itinerary::{
    check_text, max_length, Air, Booking, Car, Decimal, Hotel, ItinDateTime, Passenger, Ride,
    Segment, Text,
};
use crate::wire::itinerary::write_booking;
use serde::{Deserialize, Serialize};
use time::PrimitiveDateTime;

/// When a segment happens: local times with their time zone (Olson or Windows name), or UTC.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all_fields = "camelCase")]
pub enum SegmentTime {
    /// Local start/end and the time zone they are in.
    Local {
        /// Start, local.
        #[serde(with = "crate::model::itinerary::scalars::iso_local")]
        start: PrimitiveDateTime,
        /// End, local.
        #[serde(with = "crate::model::itinerary::scalars::iso_local")]
        end: PrimitiveDateTime,
        /// e.g. `America/Los_Angeles`.
        time_zone: String,
    },
    /// Start/end in UTC.
    Utc {
        /// Start, UTC.
        #[serde(with = "crate::model::itinerary::scalars::iso_local")]
        start: PrimitiveDateTime,
        /// End, UTC.
        #[serde(with = "crate::model::itinerary::scalars::iso_local")]
        end: PrimitiveDateTime,
    },
}

impl SegmentTime {
    /// From ISO local date-time text (`2026-05-01T15:00:00`): local to `time_zone` when one is
    /// given, else UTC. Text that is not a local date-time is an `InvalidInput` naming `start`
    /// or `end`.
    ///
    /// ```
    /// use triplink_core::api::supplier::SegmentTime;
    /// let t = SegmentTime::from_text("2026-05-01T15:00:00", "2026-05-03T11:00", None).unwrap();
    /// assert!(matches!(t, SegmentTime::Utc { .. }));
    /// assert!(SegmentTime::from_text("soon", "2026-05-03T11:00", None).is_err());
    /// ```
    pub fn from_text(start: &str, end: &str, time_zone: Option<String>) -> Result<Self> {
        let local = |field: &str, text: &str| {
            iso_local::parse(text).map_err(|reason| TriplinkError::invalid(field, reason))
        };
        let (start, end) = (local("start", start)?, local("end", end)?);
        Ok(match time_zone {
            Some(time_zone) => SegmentTime::Local {
                start,
                end,
                time_zone,
            },
            None => SegmentTime::Utc { start, end },
        })
    }
}

/// What the supplier sells, per kind.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all_fields = "camelCase")]
pub enum SupplierSegment {
    /// A hotel stay.
    Hotel {
        /// Property name.
        name: String,
        /// City of the property.
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

/// A supplier booking to build.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SupplierBooking {
    /// The supplier name Concur configured (cancel needs an exact match).
    pub booking_source: String,
    /// The supplier's record locator.
    pub record_locator: String,
    /// The segment's confirmation number.
    pub confirmation_number: String,
    /// Traveller first name.
    pub first_name: String,
    /// Traveller last name.
    pub last_name: String,
    /// When.
    pub time: SegmentTime,
    /// Total price and its ISO 4217 currency, when known.
    pub total: Option<(String, String)>,
    /// What.
    pub segment: SupplierSegment,
}

/// A required text of the booking: not blank, within `max` characters.
fn require(element: &str, value: &str, max: Option<usize>) -> Result<()> {
    check_text(element, Some(value), max, true)
}

impl SupplierBooking {
    /// The `total` of an amount and a currency given apart: both or neither (one alone is an
    /// `InvalidInput` for `total`).
    pub fn total_of(
        amount: Option<String>,
        currency: Option<String>,
    ) -> Result<Option<(String, String)>> {
        match (amount, currency) {
            (Some(a), Some(c)) => Ok(Some((a, c))),
            (None, None) => Ok(None),
            _ => Err(TriplinkError::invalid(
                "total",
                "amount and currency go together",
            )),
        }
    }

    /// Builds the `Booking` document, or says which field is wrong (missing, too long, or
    /// holding a character XML 1.0 cannot carry: a control character, U+FFFE or U+FFFF).
    pub fn build(&self) -> Result<Booking> {
        require(
            "BookingSource",
            &self.booking_source,
            max_length("Booking", "BookingSource"),
        )?;
        require(
            "RecordLocator",
            &self.record_locator,
            max_length("Booking", "RecordLocator"),
        )?;
        let kind = match self.segment {
            SupplierSegment::Hotel { .. } => "Hotel",
            SupplierSegment::Car { .. } => "Car",
            SupplierSegment::Air { .. } => "Air",
            SupplierSegment::Ride { .. } => "Ride",
        };
        require(
            "ConfirmationNumber",
            &self.confirmation_number,
            max_length(kind, "ConfirmationNumber"),
        )?;
        require(
            "NameFirst",
            &self.first_name,
            max_length("Passenger", "NameFirst"),
        )?;
        require(
            "NameLast",
            &self.last_name,
            max_length("Passenger", "NameLast"),
        )?;
        let (start, end, tz, utc) = match &self.time {
            SegmentTime::Local {
                start,
                end,
                time_zone,
            } => {
                require("TimeZone", time_zone, None)?;
                (*start, *end, Some(Text::from(time_zone.as_str())), false)
            }
            SegmentTime::Utc { start, end } => (*start, *end, None, true),
        };
        if end < start {
            return Err(TriplinkError::invalid("EndDate", "is before the start"));
        }
        let (total, currency) = match &self.total {
            Some((amount, cur)) => {
                let d = Decimal::new(amount)
                    .ok_or_else(|| TriplinkError::invalid("TotalRate", "is not a decimal"))?;
                if cur.len() != 3 || !cur.bytes().all(|b| b.is_ascii_uppercase()) {
                    return Err(TriplinkError::invalid(
                        "Currency",
                        "must be a 3-letter ISO 4217 code",
                    ));
                }
                (Some(d), Some(Text::from(cur.as_str())))
            }
            None => (None, None),
        };
        let (s, e) = (
            Some(ItinDateTime::local(start)),
            Some(ItinDateTime::local(end)),
        );
        let (sl, el, su, eu) = if utc {
            (None, None, s, e)
        } else {
            (s, e, None, None)
        };
        let conf = Some(Text::from(self.confirmation_number.as_str()));
        // Every kind carries the confirmation number, the dates and the time zone. Fields are
        // set on a default record in its box: struct literals with `..Default::default()` each
        // inlined a whole record's defaults, four times over (22 KB of the npm .wasm).
        macro_rules! segment {
            ($kind:ident, |$r:ident| $fill:block) => {{
                let mut $r = Box::<$kind>::default();
                $r.confirmation_number = conf;
                $r.start_date_local = sl;
                $r.end_date_local = el;
                $r.start_date_utc = su;
                $r.end_date_utc = eu;
                $r.time_zone = tz;
                $fill
                Segment::$kind($r)
            }};
        }
        let segment = match &self.segment {
            SupplierSegment::Hotel {
                name,
                city,
                country,
            } => {
                require("Name", name, max_length("Hotel", "Name"))?;
                segment!(Hotel, |h| {
                    h.name = Some(Text::from(name.as_str()));
                    h.start_city = city.as_deref().map(Text::from);
                    h.start_country = country.as_deref().map(Text::from);
                    h.total_rate = total;
                    h.currency = currency;
                })
            }
            SupplierSegment::Car {
                start_city_code,
                end_city_code,
            } => {
                // IATA codes: the builder's rule, stricter than the XSD's limits.
                require("StartCityCode", start_city_code, Some(3))?;
                segment!(Car, |c| {
                    c.start_city_code = Some(Text::from(start_city_code.as_str()));
                    c.end_city_code = end_city_code.as_deref().map(Text::from);
                    c.total_rate = total;
                    c.currency = currency;
                })
            }
            SupplierSegment::Air {
                start_city_code,
                end_city_code,
                vendor,
                flight_number,
            } => {
                if total.is_some() {
                    return Err(TriplinkError::invalid(
                        "total",
                        "Air segments carry no total rate in the XSD; send fares as booking charges",
                    ));
                }
                // IATA airport and airline codes: the builder's rule, stricter than the XSD.
                require("StartCityCode", start_city_code, Some(3))?;
                require("EndCityCode", end_city_code, Some(3))?;
                require("Vendor", vendor, Some(2))?;
                require(
                    "FlightNumber",
                    flight_number,
                    max_length("Air", "FlightNumber"),
                )?;
                segment!(Air, |a| {
                    a.start_city_code = Some(Text::from(start_city_code.as_str()));
                    a.end_city_code = Some(Text::from(end_city_code.as_str()));
                    a.vendor = Some(Text::from(vendor.as_str()));
                    a.flight_number = Some(Text::from(flight_number.as_str()));
                })
            }
            SupplierSegment::Ride {
                start_location,
                end_location,
            } => {
                require("StartLocation", start_location, None)?;
                segment!(Ride, |r| {
                    r.start_location = Some(Text::from(start_location.as_str()));
                    r.end_location = end_location.as_deref().map(Text::from);
                    r.total_rate = total;
                    r.currency = currency;
                })
            }
        };
        let booking = Booking {
            record_locator: Some(Text::from(self.record_locator.as_str())),
            booking_source: Some(Text::from(self.booking_source.as_str())),
            passengers: Some(vec![Passenger {
                name_first: Some(Text::from(self.first_name.as_str())),
                name_last: Some(Text::from(self.last_name.as_str())),
                ..Passenger::default()
            }]),
            segments: Some(vec![segment]),
            ..Booking::default()
        };
        // Any text field may hold a character XML cannot carry: writing the (small)
        // document once finds it, named after its element.
        write_booking(&booking)?;
        Ok(booking)
    }
}
