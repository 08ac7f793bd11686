//! The Itinerary v1 documents as the API exchanges them: a trip (`Itinerary`, written with the
//! trip namespace), a `Booking`, trip summaries (`ItineraryInfoList`, plain or inside the paged
//! `ConnectResponse`), and the cancel answers — read namespace-agnostically, never lossy.

use super::generated::{Booking, Itinerary};
use super::scalars::ItinDateTime;
use super::xml_record::{read_scalar, XmlRecord};
use crate::error::{Result, TriplinkError};
use crate::wire::xml_tree::{parse_document, XmlElement, XmlNode};
use serde::{Deserialize, Serialize};

/// The default namespace of trip documents.
pub const TRIP_NAMESPACE: &str = "http://www.concursolutions.com/api/travel/trip/2010/06";
const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

fn root(text: &str, expected: &str) -> Result<XmlElement> {
    let r = parse_document(text)?;
    if r.name != expected {
        return Err(TriplinkError::decode(
            "xml",
            format!("expected <{expected}>, found <{}>", r.name),
        ));
    }
    Ok(r)
}

fn with_namespaces(mut body: String, tag: &str, default_ns: Option<&str>) -> String {
    let mut decl = String::new();
    if let Some(ns) = default_ns {
        decl.push_str(&format!(" xmlns=\"{ns}\""));
    }
    decl.push_str(&format!(" xmlns:xsi=\"{XSI}\""));
    body.insert_str(1 + tag.len(), &decl);
    format!("<?xml version=\"1.0\" encoding=\"utf-8\"?>{body}")
}

/// Reads a trip document (`<Itinerary>`, any namespace or none).
pub fn read_itinerary(text: &str) -> Result<Itinerary> {
    Ok(Itinerary::read_xml(&root(text, "Itinerary")?))
}

/// Writes a trip document with the trip namespace.
pub fn write_itinerary(trip: &Itinerary) -> String {
    let mut body = String::with_capacity(4096);
    trip.write_xml(&mut body, "Itinerary");
    with_namespaces(body, "Itinerary", Some(TRIP_NAMESPACE))
}

/// Reads a booking document (`<Booking>`).
pub fn read_booking(text: &str) -> Result<Booking> {
    Ok(Booking::read_xml(&root(text, "Booking")?))
}

/// Writes a booking document as the booking POST examples show it (no default namespace).
pub fn write_booking(booking: &Booking) -> String {
    let mut body = String::with_capacity(2048);
    booking.write_xml(&mut body, "Booking");
    with_namespaces(body, "Booking", None)
}

/// One trip summary (`ItineraryInfo`).
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
pub struct ItineraryInfo {
    /// The trip id.
    pub trip_id: Option<String>,
    /// The trip's URI.
    pub id: Option<String>,
    /// The trip name.
    pub trip_name: Option<String>,
    /// The trip status (0 confirmed, 1 ticketed, 2 canceled, 6 proposal, 7 booked proposal).
    pub trip_status: Option<u8>,
    /// Start (local).
    pub start_date_local: Option<ItinDateTime>,
    /// End (local).
    pub end_date_local: Option<ItinDateTime>,
    /// Last change (UTC).
    pub date_modified_utc: Option<ItinDateTime>,
    /// The traveller's login.
    pub user_login_id: Option<String>,
    /// Booking source.
    pub booking_source: Option<String>,
    /// Record locators (comma list as sent).
    pub record_locator: Option<String>,
    /// Traveller first name.
    pub traveler_first: Option<String>,
    /// Traveller last name.
    pub traveler_last: Option<String>,
    /// Passengers (text as sent).
    pub passengers: Option<String>,
    /// Other elements, kept.
    pub extra: Vec<XmlNode>,
}

impl ItineraryInfo {
    fn read(el: &XmlElement) -> Self {
        let mut v = ItineraryInfo::default();
        for node in &el.children {
            let XmlNode::Element(c) = node else { continue };
            let x = &mut v.extra;
            match c.name.as_str() {
                "TripId" => read_scalar(&mut v.trip_id, c, x),
                "id" => read_scalar(&mut v.id, c, x),
                "TripName" => read_scalar(&mut v.trip_name, c, x),
                "TripStatus" => read_scalar(&mut v.trip_status, c, x),
                "StartDateLocal" => read_scalar(&mut v.start_date_local, c, x),
                "EndDateLocal" => read_scalar(&mut v.end_date_local, c, x),
                "DateModifiedUtc" => read_scalar(&mut v.date_modified_utc, c, x),
                "UserLoginId" => read_scalar(&mut v.user_login_id, c, x),
                "BookingSource" => read_scalar(&mut v.booking_source, c, x),
                "RecordLocator" => read_scalar(&mut v.record_locator, c, x),
                "TravelerFirst" => read_scalar(&mut v.traveler_first, c, x),
                "TravelerLast" => read_scalar(&mut v.traveler_last, c, x),
                "Passengers" => read_scalar(&mut v.passengers, c, x),
                _ => x.push(node.clone()),
            }
        }
        v
    }
}

/// `ConnectResponse/Metadata/Paging` of a paged trip list.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Paging {
    /// Pages in all.
    pub total_pages: Option<i64>,
    /// Trips in all.
    pub total_items: Option<i64>,
    /// This page (1-based).
    pub current_page: Option<i64>,
    /// Trips per page.
    pub items_per_page: Option<i64>,
    /// The previous page's URL (empty in the API when none).
    pub previous_page_url: Option<String>,
    /// The next page's URL (empty in the API when none).
    pub next_page_url: Option<String>,
}

/// A list of trip summaries, with paging when `includeMetadata=true` was sent.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
pub struct TripList {
    /// The summaries.
    pub trips: Vec<ItineraryInfo>,
    /// Paging, for paged answers.
    pub paging: Option<Paging>,
}

fn int(el: &XmlElement, name: &str) -> Option<i64> {
    el.child_text(name).and_then(|t| t.parse().ok())
}

/// Reads `<ItineraryInfoList>` or `<ConnectResponse>`.
pub fn read_trip_list(text: &str) -> Result<TripList> {
    let r = parse_document(text)?;
    let (list, paging) = match r.name.as_str() {
        "ItineraryInfoList" => (Some(&r), None),
        "ConnectResponse" => {
            let p = r
                .child("Metadata")
                .and_then(|m| m.child("Paging"))
                .map(|p| Paging {
                    total_pages: int(p, "TotalPages"),
                    total_items: int(p, "TotalItems"),
                    current_page: int(p, "CurrentPage"),
                    items_per_page: int(p, "ItemsPerPage"),
                    previous_page_url: p.child_text("PreviousPageURL"),
                    next_page_url: p.child_text("NextPageURL"),
                });
            (
                r.child("Data").and_then(|d| d.child("ItineraryInfoList")),
                p,
            )
        }
        other => {
            return Err(TriplinkError::decode(
                "xml",
                format!("expected a trip list, found <{other}>"),
            ))
        }
    };
    let trips = list
        .map(|l| {
            l.elements()
                .filter(|e| e.name == "ItineraryInfo")
                .map(ItineraryInfo::read)
                .collect()
        })
        .unwrap_or_default();
    Ok(TripList { trips, paging })
}

/// What a cancel call answered.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum CancelOutcome {
    /// Cancelled; the answer's document (an `Itinerary` with empty segments, a message, or the
    /// cancelled segment) is kept as sent.
    Cancelled(Option<XmlElement>),
    /// 404 `NotFound`: nothing with that source and confirmation number.
    NotFound,
}
