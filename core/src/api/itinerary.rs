//! Itinerary v1 trips and bookings as sans-IO pairs. The builders absorb the documented
//! inconsistencies (`userid_type=login` on GETs but `login_id` on POSTs, `tripId` casing,
//! v1.0 vs v1.1 booking paths) so callers never see them. Authorization is `Bearer`.

use super::response::{expect_status, failure, path_segment, with_query};
use crate::config::ApiConfig;
use crate::error::{Result, TriplinkError};
use crate::model::itinerary::{
    check_text, max_length, Booking, CancelOutcome, Itinerary, TripList,
};
use crate::transport::{HttpRequest, HttpResponse, Method, RetrySafety};
use crate::wire::body::body_text;
use crate::wire::itinerary::{read_itinerary, read_trip_list, write_booking, write_itinerary};
use crate::wire::xml_tree::parse_document;
use crate::Secret;
use serde::{Deserialize, Serialize};
use time::macros::format_description;
use time::Date;

/// Whose trips: the token's user (default), another user by login (needs Web Services
/// Administrator / Can Administer), or the whole company (`ALL`, admins only).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ActingFor {
    /// A user by login id.
    Login(String),
    /// Every user of the company.
    All,
}

impl ActingFor {
    /// `ALL` (the whole company) or a login id, as bindings take it.
    pub fn named(who: String) -> Self {
        if who == "ALL" {
            ActingFor::All
        } else {
            ActingFor::Login(who)
        }
    }
}

/// The `bookingType` filter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BookingType {
    /// Air
    Air,
    /// Car
    Car,
    /// Dining
    Dining,
    /// Hotel
    Hotel,
    /// Parking
    Parking,
    /// Rail
    Rail,
    /// Ride
    Ride,
}

/// Filters of the trip list (NOTES 3.1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct TripListParams {
    /// Trips ongoing on or after this date (UTC).
    pub start_date: Option<Date>,
    /// Trips ongoing on or before this date (UTC).
    pub end_date: Option<Date>,
    /// Created after.
    pub created_after_date: Option<Date>,
    /// Created before.
    pub created_before_date: Option<Date>,
    /// Trip or any booking modified at or after (a date or a date-time, as text).
    pub last_modified_date: Option<String>,
    /// Only trips with this kind of booking.
    pub booking_type: Option<BookingType>,
    /// Whose trips.
    pub acting_for: Option<ActingFor>,
    /// Ask for the paged `ConnectResponse` (with `items_per_page`/`page`).
    pub include_metadata: bool,
    /// Trips per page (default 200 with `page`, 1000 without).
    pub items_per_page: Option<u32>,
    /// Page number, 1-based.
    pub page: Option<u32>,
    /// Include virtual trips.
    pub include_virtual_trip: bool,
    /// Include canceled trips (adds `TripStatus`).
    pub include_canceled_trips: bool,
    /// Include guest bookings.
    pub include_guest_bookings: bool,
}

fn date(d: Date) -> String {
    d.format(format_description!("[year]-[month]-[day]"))
        .unwrap_or_default()
}

impl TripListParams {
    fn pairs(&self) -> Result<Vec<(&'static str, String)>> {
        let mut q: Vec<(&'static str, String)> = Vec::new();
        let dates = [
            ("startDate", self.start_date),
            ("endDate", self.end_date),
            ("createdAfterDate", self.created_after_date),
            ("createdBeforeDate", self.created_before_date),
        ];
        q.extend(
            dates
                .into_iter()
                .filter_map(|(k, d)| d.map(|d| (k, date(d)))),
        );
        if let (Some(s), Some(e)) = (self.start_date, self.end_date) {
            if e < s {
                return Err(TriplinkError::invalid(
                    "end_date",
                    "must not be before start_date",
                ));
            }
        }
        if let Some(m) = &self.last_modified_date {
            q.push(("lastModifiedDate", m.clone()));
        }
        if let Some(b) = self.booking_type {
            q.push(("bookingType", format!("{b:?}")));
        }
        q.extend(acting_pairs(self.acting_for.as_ref(), "login")?);
        if self.include_metadata {
            q.push(("includeMetadata", "true".into()));
        }
        if let Some(n) = self.items_per_page {
            if n == 0 {
                return Err(TriplinkError::invalid(
                    "items_per_page",
                    "must be at least 1",
                ));
            }
            q.push(("ItemsPerPage", n.to_string()));
        }
        if let Some(p) = self.page {
            if p == 0 {
                return Err(TriplinkError::invalid("page", "pages start at 1"));
            }
            q.push(("Page", p.to_string()));
        }
        if self.include_virtual_trip {
            q.push(("includeVirtualTrip", "1".into()));
        }
        if self.include_canceled_trips {
            q.push(("includeCanceledTrips", "true".into()));
        }
        if self.include_guest_bookings {
            q.push(("includeGuestBookings", "true".into()));
        }
        Ok(q)
    }
}

/// `userid_type`/`userid_value`: `login` on GETs, `login_id` on POSTs (the docs' own
/// inconsistency, absorbed here).
fn acting_pairs(who: Option<&ActingFor>, id_type: &str) -> Result<Vec<(&'static str, String)>> {
    Ok(match who {
        None => vec![],
        Some(ActingFor::All) => vec![
            ("userid_type", id_type.to_owned()),
            ("userid_value", "ALL".into()),
        ],
        Some(ActingFor::Login(l)) if l.trim().is_empty() => {
            return Err(TriplinkError::invalid("login", "must not be empty"))
        }
        Some(ActingFor::Login(l)) => vec![
            ("userid_type", id_type.to_owned()),
            ("userid_value", l.clone()),
        ],
    })
}

fn xml_request(config: &ApiConfig, method: Method, url: String, token: &Secret) -> HttpRequest {
    let mut r = HttpRequest::new(method, url)
        .with_header("Authorization", format!("Bearer {}", token.expose()))
        .with_header("Accept", "application/xml");
    r.timeout_ms = config.timeout_ms;
    r
}

fn trip_base(config: &ApiConfig) -> String {
    format!("{}/api/travel/trip/v1.1", config.base_url())
}

/// `GET /api/travel/trip/v1.1/?filters` → trip summaries.
pub fn build_list_trips_request(
    config: &ApiConfig,
    token: &Secret,
    params: &TripListParams,
) -> Result<HttpRequest> {
    Ok(xml_request(
        config,
        Method::Get,
        with_query(format!("{}/", trip_base(config)), &params.pairs()?),
        token,
    ))
}

/// `POST /api/travel/trip/v1.1/GetTrips` with the filters as JSON (keeps them out of the URL).
pub fn build_get_trips_post_request(
    config: &ApiConfig,
    token: &Secret,
    params: &TripListParams,
) -> Result<HttpRequest> {
    let map: serde_json::Map<String, serde_json::Value> = params
        .pairs()?
        .into_iter()
        .map(|(k, v)| (k.to_owned(), serde_json::Value::String(v)))
        .collect();
    Ok(xml_request(
        config,
        Method::Post,
        format!("{}/GetTrips", trip_base(config)),
        token,
    )
    .with_header("Content-Type", "application/json")
    .with_body(serde_json::Value::Object(map).to_string())
    // A search: the POST only carries the filters.
    .with_retry_safety(RetrySafety::SafeToRepeat))
}

/// Reads a trip list (plain or paged).
pub fn parse_list_trips_response(response: &HttpResponse, config: &ApiConfig) -> Result<TripList> {
    expect_status(response, &[200])?;
    read_trip_list(&body_text(response, config, "xml")?)
}

/// `GET /api/travel/trip/v1.1/{tripId}`.
pub fn build_get_trip_request(
    config: &ApiConfig,
    token: &Secret,
    trip_id: &str,
    acting_for: Option<&ActingFor>,
) -> Result<HttpRequest> {
    let url = format!(
        "{}/{}",
        trip_base(config),
        path_segment("trip_id", trip_id)?
    );
    Ok(xml_request(
        config,
        Method::Get,
        with_query(url, &acting_pairs(acting_for, "login")?),
        token,
    ))
}

fn xml_body(req: HttpRequest, body: String) -> HttpRequest {
    req.with_header("Content-Type", "application/xml")
        .with_body(body)
}

/// `POST /api/travel/trip/v1.1` — creates a trip (POSTed trips are never merged).
pub fn build_create_trip_request(
    config: &ApiConfig,
    token: &Secret,
    trip: &Itinerary,
    acting_for: Option<&ActingFor>,
) -> Result<HttpRequest> {
    check_trip(trip)?;
    let url = with_query(trip_base(config), &acting_pairs(acting_for, "login_id")?);
    Ok(xml_body(
        xml_request(config, Method::Post, url, token),
        write_itinerary(trip)?,
    ))
}

/// `POST /api/travel/trip/v1.1?tripId=` — replaces the whole trip (omitted segments disappear).
pub fn build_replace_trip_request(
    config: &ApiConfig,
    token: &Secret,
    trip_id: &str,
    trip: &Itinerary,
    acting_for: Option<&ActingFor>,
) -> Result<HttpRequest> {
    check_trip(trip)?;
    path_segment("trip_id", trip_id)?;
    let mut q = vec![("tripId", trip_id.to_owned())];
    q.extend(acting_pairs(acting_for, "login_id")?);
    Ok(xml_body(
        xml_request(
            config,
            Method::Post,
            with_query(trip_base(config), &q),
            token,
        )
        // The whole trip again: a second replace leaves what the first one did.
        .with_retry_safety(RetrySafety::SafeToRepeat),
        write_itinerary(trip)?,
    ))
}

/// `POST /api/travel/trip/v1.1/cancel?tripId=` (the id is required whatever the docs' table says).
pub fn build_cancel_trip_request(
    config: &ApiConfig,
    token: &Secret,
    trip_id: &str,
    acting_for: Option<&ActingFor>,
) -> Result<HttpRequest> {
    path_segment("trip_id", trip_id)?;
    let mut q = vec![("tripId", trip_id.to_owned())];
    q.extend(acting_pairs(acting_for, "login_id")?);
    Ok(xml_request(
        config,
        Method::Post,
        with_query(format!("{}/cancel", trip_base(config)), &q),
        token,
    )
    .with_header("Content-Length", "0")
    // Cancelling a cancelled trip changes nothing.
    .with_retry_safety(RetrySafety::SafeToRepeat))
}

/// Reads a trip answer (create, replace, get, booking post).
pub fn parse_trip_response(response: &HttpResponse, config: &ApiConfig) -> Result<Itinerary> {
    expect_status(response, &[200, 201])?;
    read_itinerary(&body_text(response, config, "xml")?)
}

/// `POST /api/travel/booking/v1.1[?tripId=]` — posts a booking (it lands in an overlapping trip
/// unless a trip id is given).
pub fn build_post_booking_request(
    config: &ApiConfig,
    token: &Secret,
    booking: &Booking,
    trip_id: Option<&str>,
    acting_for: Option<&ActingFor>,
) -> Result<HttpRequest> {
    check_booking(booking)?;
    let mut q = Vec::new();
    if let Some(t) = trip_id {
        path_segment("trip_id", t)?;
        q.push(("tripId", t.to_owned()));
    }
    q.extend(acting_pairs(acting_for, "login_id")?);
    let url = with_query(format!("{}/api/travel/booking/v1.1", config.base_url()), &q);
    Ok(xml_body(
        xml_request(config, Method::Post, url, token),
        write_booking(booking)?,
    ))
}

/// `POST /api/travel/booking/v1.1/cancel?bookingSource=&confirmationNumber=`.
pub fn build_cancel_booking_request(
    config: &ApiConfig,
    token: &Secret,
    booking_source: &str,
    confirmation_number: &str,
    acting_for: Option<&ActingFor>,
) -> Result<HttpRequest> {
    if booking_source.trim().is_empty() || confirmation_number.trim().is_empty() {
        return Err(TriplinkError::invalid(
            "booking_source/confirmation_number",
            "both are required",
        ));
    }
    let mut q = vec![
        ("bookingSource", booking_source.to_owned()),
        ("confirmationNumber", confirmation_number.to_owned()),
    ];
    q.extend(acting_pairs(acting_for, "login_id")?);
    let url = with_query(
        format!("{}/api/travel/booking/v1.1/cancel", config.base_url()),
        &q,
    );
    Ok(xml_request(config, Method::Post, url, token)
        .with_header("Content-Length", "0")
        // Cancelling a cancelled booking changes nothing.
        .with_retry_safety(RetrySafety::SafeToRepeat))
}

/// Reads a cancel answer: 404 (`NotFound`) is a typed outcome, not an error.
pub fn parse_cancel_response(response: &HttpResponse, config: &ApiConfig) -> Result<CancelOutcome> {
    if response.status == 404 {
        return Ok(CancelOutcome::NotFound);
    }
    if !response.is_success() {
        return Err(failure(response));
    }
    let text = body_text(response, config, "xml")?;
    if text.trim().is_empty() {
        return Ok(CancelOutcome::Cancelled(None));
    }
    Ok(CancelOutcome::Cancelled(Some(parse_document(&text)?)))
}

/// `element` of `record` against the XSD's length limit.
fn check_len(record: &str, element: &str, value: Option<&str>, required: bool) -> Result<()> {
    check_text(element, value, max_length(record, element), required)
}

/// The documented requirements of a trip the SDK sends: `TripName` (≤ 255) and `TripStatus`.
pub fn check_trip(trip: &Itinerary) -> Result<()> {
    check_len("Itinerary", "TripName", trip.trip_name.as_deref(), true)?;
    // The API guide documents ≤ 32 characters; the XSD does not.
    check_text(
        "ClientLocator",
        trip.client_locator.as_deref(),
        Some(32),
        false,
    )?;
    if trip.trip_status.is_none() {
        return Err(TriplinkError::invalid("TripStatus", "is required"));
    }
    for b in trip.bookings.iter().flatten() {
        check_booking(b)?;
    }
    Ok(())
}

/// The documented requirements of a booking: `RecordLocator` (≤ 50), `BookingSource` (≤ 32).
pub fn check_booking(b: &Booking) -> Result<()> {
    check_len(
        "Booking",
        "RecordLocator",
        b.record_locator.as_deref(),
        true,
    )?;
    check_len(
        "Booking",
        "BookingSource",
        b.booking_source.as_deref(),
        true,
    )
}
