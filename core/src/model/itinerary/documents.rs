//! The Itinerary v1 documents as the API exchanges them, beyond the generated records: trip
//! summaries (`ItineraryInfo`, a `TripList` plain or paged) and the cancel answers. Their XML
//! codec is `wire::itinerary::documents`.

use super::scalars::{ItinDateTime, Text};
use super::spelled::UnsignedByte;
use crate::model::xml_element::{XmlElement, XmlNode};
use serde::{Deserialize, Serialize};

/// One trip summary (`ItineraryInfo`).
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ItineraryInfo {
    /// The trip id.
    pub trip_id: Option<Text>,
    /// The trip's URI.
    pub id: Option<Text>,
    /// The trip name.
    pub trip_name: Option<Text>,
    /// The trip status (0 confirmed, 1 ticketed, 2 canceled, 6 proposal, 7 booked proposal).
    pub trip_status: Option<UnsignedByte>,
    /// Start (local).
    pub start_date_local: Option<ItinDateTime>,
    /// End (local).
    pub end_date_local: Option<ItinDateTime>,
    /// Last change (UTC).
    pub date_modified_utc: Option<ItinDateTime>,
    /// The traveller's login.
    pub user_login_id: Option<Text>,
    /// Booking source.
    pub booking_source: Option<Text>,
    /// Record locators (comma list as sent).
    pub record_locator: Option<Text>,
    /// Traveller first name.
    pub traveler_first: Option<Text>,
    /// Traveller last name.
    pub traveler_last: Option<Text>,
    /// Passengers (text as sent).
    pub passengers: Option<Text>,
    /// Other elements, kept.
    pub extra: Vec<XmlNode>,
}

/// `ConnectResponse/Metadata/Paging` of a paged trip list.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
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
#[serde(rename_all = "camelCase")]
pub struct TripList {
    /// The summaries.
    pub trips: Vec<ItineraryInfo>,
    /// Paging, for paged answers.
    pub paging: Option<Paging>,
}

/// What a cancel call answered.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum CancelOutcome {
    /// Cancelled; the answer's document (an `Itinerary` with empty segments, a message, or the
    /// cancelled segment) is kept as sent.
    Cancelled(Option<XmlElement>),
    /// 404 `NotFound`: nothing with that source and confirmation number.
    NotFound,
}
