//! Trip lists, cancel answers and the "list all" walks as typed records: mirrors of the core's
//! hand-written `ItineraryInfo`, `Paging`, `TripList`, `CancelOutcome` and `Walked`, with
//! their conversions (convert only; the rules stay in the core).

use crate::generated::TravelRequest;
use crate::model_convert::{traced, Lower, SpelledByte, XmlElement, XmlNode};
use triplink_core::flow::paging::Walked;
use triplink_core::model::itinerary as m;
use triplink_core::model::request_v4::Request;
use triplink_core::TriplinkError as CoreError;

/// One trip summary of a trip list (`ItineraryInfo`). Dates are the text as sent.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct ItineraryInfo {
    /// The trip id.
    pub trip_id: Option<String>,
    /// The trip's URI.
    pub id: Option<String>,
    /// The trip name.
    pub trip_name: Option<String>,
    /// The trip status (0 confirmed, 1 ticketed, 2 canceled, 6 proposal, 7 booked proposal).
    pub trip_status: Option<SpelledByte>,
    /// Start (local).
    pub start_date_local: Option<String>,
    /// End (local).
    pub end_date_local: Option<String>,
    /// Last change (UTC).
    pub date_modified_utc: Option<String>,
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

impl Lower<ItineraryInfo> for m::ItineraryInfo {
    fn lower(self) -> ItineraryInfo {
        ItineraryInfo {
            trip_id: self.trip_id.lower(),
            id: self.id.lower(),
            trip_name: self.trip_name.lower(),
            trip_status: self.trip_status.lower(),
            start_date_local: self.start_date_local.lower(),
            end_date_local: self.end_date_local.lower(),
            date_modified_utc: self.date_modified_utc.lower(),
            user_login_id: self.user_login_id.lower(),
            booking_source: self.booking_source.lower(),
            record_locator: self.record_locator.lower(),
            traveler_first: self.traveler_first.lower(),
            traveler_last: self.traveler_last.lower(),
            passengers: self.passengers.lower(),
            extra: self.extra.lower(),
        }
    }
}

/// The paging of a paged trip list (`ConnectResponse/Metadata/Paging`).
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
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

impl Lower<Paging> for m::Paging {
    fn lower(self) -> Paging {
        Paging {
            total_pages: self.total_pages,
            total_items: self.total_items,
            current_page: self.current_page,
            items_per_page: self.items_per_page,
            previous_page_url: self.previous_page_url,
            next_page_url: self.next_page_url,
        }
    }
}

/// One page of trip summaries, with paging when the answer was paged.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct TripList {
    /// The summaries.
    pub trips: Vec<ItineraryInfo>,
    /// Paging, for paged answers.
    pub paging: Option<Paging>,
}

impl Lower<TripList> for m::TripList {
    fn lower(self) -> TripList {
        TripList {
            trips: self.trips.lower(),
            paging: self.paging.lower(),
        }
    }
}

/// What a cancel call (`cancelTrip`, `cancelBooking`) answered.
#[derive(Clone, Debug, PartialEq, uniffi::Enum)]
pub enum CancelOutcome {
    /// Cancelled; the answer's document (an `Itinerary` with empty segments, a message, or
    /// the cancelled segment), kept as sent.
    Cancelled {
        /// The answer's document, when there was one.
        document: Option<XmlElement>,
    },
    /// Nothing with that id (or source and confirmation number): 404 as data.
    NotFound,
}

impl Lower<CancelOutcome> for m::CancelOutcome {
    fn lower(self) -> CancelOutcome {
        match self {
            m::CancelOutcome::Cancelled(d) => CancelOutcome::Cancelled {
                document: d.lower(),
            },
            m::CancelOutcome::NotFound => CancelOutcome::NotFound,
        }
    }
}

traced!(
    TracedTripList,
    TripList,
    "A page of trips, with the call's correlation id."
);
traced!(
    TracedCancelOutcome,
    CancelOutcome,
    "A cancel answer, with the call's correlation id."
);

/// Why a "list all" walk ended early (the items read before it are kept).
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct WalkStopped {
    /// The error's stable class (`"Network"`, `"Auth"`, …; as `TriplinkError`'s `code`).
    pub code: String,
    /// A human-readable message, never holding a secret.
    pub message: String,
}

fn stopped(e: Option<CoreError>) -> Option<WalkStopped> {
    e.map(|e| WalkStopped {
        code: e.code().as_str().to_owned(),
        message: e.to_string(),
    })
}

/// Every trip summary a "list all" walk read, the pages read, and why it stopped early.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct TripWalk {
    /// Every summary read, in order, including those before a failure.
    pub items: Vec<ItineraryInfo>,
    /// Pages read.
    pub pages: u64,
    /// Why the walk ended early; `None` when it read every page.
    pub stopped: Option<WalkStopped>,
}

impl From<Walked<m::ItineraryInfo>> for TripWalk {
    fn from(w: Walked<m::ItineraryInfo>) -> Self {
        TripWalk {
            items: w.items.lower(),
            pages: w.pages as u64,
            stopped: stopped(w.stopped),
        }
    }
}

/// Every travel request a "list all" walk read, the pages read, and why it stopped early.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct RequestWalk {
    /// Every request read, in order, including those before a failure.
    pub items: Vec<TravelRequest>,
    /// Pages read.
    pub pages: u64,
    /// Why the walk ended early; `None` when it read every page.
    pub stopped: Option<WalkStopped>,
}

impl From<Walked<Request>> for RequestWalk {
    fn from(w: Walked<Request>) -> Self {
        RequestWalk {
            items: w.items.lower(),
            pages: w.pages as u64,
            stopped: stopped(w.stopped),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use triplink_core::model::xml_element::XmlElement as CoreElement;

    #[test]
    fn a_walk_that_stopped_keeps_its_items_and_the_typed_reason() {
        let info = m::ItineraryInfo {
            trip_id: Some("TRIP-1".into()),
            trip_name: Some("Seattle".into()),
            ..Default::default()
        };
        let walk = TripWalk::from(Walked {
            items: vec![info],
            pages: 2,
            stopped: Some(CoreError::Protocol {
                message: "next page on another host".into(),
            }),
        });
        assert_eq!(walk.items[0].trip_id.as_deref(), Some("TRIP-1"));
        assert_eq!(walk.items[0].trip_name.as_deref(), Some("Seattle"));
        assert_eq!(walk.pages, 2);
        let stop = walk.stopped.expect("the reason is kept");
        assert_eq!(stop.code, "Protocol");
        assert!(stop.message.contains("next page on another host"));
    }

    #[test]
    fn cancel_outcomes_and_paging_convert_field_for_field() {
        assert_eq!(m::CancelOutcome::NotFound.lower(), CancelOutcome::NotFound);
        let doc = CoreElement {
            name: "Message".into(),
            attrs: vec![],
            children: vec![],
        };
        match m::CancelOutcome::Cancelled(Some(doc)).lower() {
            CancelOutcome::Cancelled { document: Some(d) } => assert_eq!(d.name, "Message"),
            other => unreachable!("wrong outcome: {other:?}"),
        }
        let list = m::TripList {
            trips: vec![],
            paging: Some(m::Paging {
                total_pages: Some(3),
                next_page_url: Some("https://x/next".into()),
                ..Default::default()
            }),
        }
        .lower();
        let paging = list.paging.expect("paging kept");
        assert_eq!(paging.total_pages, Some(3));
        assert_eq!(paging.next_page_url.as_deref(), Some("https://x/next"));
    }
}
