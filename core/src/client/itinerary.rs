//! `ItineraryClient`: Itinerary v1 trips and bookings over an [`ApiSession`] (the traveller's
//! own token for TripLink suppliers) — list (walking `NextPageURL`), get, create, replace,
//! cancel, post and cancel bookings, and `replace_booking` that cancels the old confirmation
//! before posting a changed one so the traveller never sees both.

use super::page_walker::{walk_pages, Page};
use super::session::{ApiSession, Traced};
use crate::api::itinerary::{self as api, ActingFor, TripListParams};
use crate::error::Result;
use crate::flow::paging::Walked;
use crate::model::itinerary::{Booking, CancelOutcome, Itinerary, ItineraryInfo, TripList};

/// Trips and bookings as one token holder.
#[derive(Clone, Debug)]
pub struct ItineraryClient {
    session: ApiSession,
}

impl ItineraryClient {
    /// A client over `session`.
    pub fn new(session: ApiSession) -> Self {
        ItineraryClient { session }
    }

    /// One page of trip summaries.
    pub async fn list_trips(&self, params: &TripListParams) -> Result<Traced<TripList>> {
        self.session
            .fetch(
                |c, t| api::build_list_trips_request(c, t, params),
                api::parse_list_trips_response,
            )
            .await
    }

    /// Every page (asks for metadata and follows `NextPageURL` as an opaque, same-origin
    /// link); items read before a failure are kept.
    pub async fn list_all_trips(&self, params: &TripListParams) -> Walked<ItineraryInfo> {
        let mut p = params.clone();
        p.include_metadata = true;
        let p = &p;
        walk_pages(
            || async move {
                let (resp, cfg) = self
                    .session
                    .call(|c, t| api::build_list_trips_request(c, t, p))
                    .await?;
                let list = api::parse_list_trips_response(&resp, &cfg)?;
                let first = api::build_list_trips_request(&cfg, &crate::Secret::new(""), p)?.url;
                Ok((
                    Page {
                        items: list.trips,
                        next: list.paging.and_then(|pg| pg.next_page_url),
                    },
                    first,
                ))
            },
            |url| async move {
                let build = |c: &crate::ApiConfig, t: &crate::Secret| {
                    let mut r = api::build_list_trips_request(c, t, &TripListParams::default())?;
                    r.url = url.clone();
                    Ok(r)
                };
                let l = self
                    .session
                    .fetch(build, api::parse_list_trips_response)
                    .await?
                    .value;
                Ok(Page {
                    items: l.trips,
                    next: l.paging.and_then(|pg| pg.next_page_url),
                })
            },
        )
        .await
    }

    /// One trip.
    pub async fn get_trip(
        &self,
        trip_id: &str,
        acting_for: Option<&ActingFor>,
    ) -> Result<Traced<Itinerary>> {
        self.session
            .fetch(
                |c, t| api::build_get_trip_request(c, t, trip_id, acting_for),
                api::parse_trip_response,
            )
            .await
    }

    /// Creates a trip (never merged with existing ones).
    pub async fn create_trip(
        &self,
        trip: &Itinerary,
        acting_for: Option<&ActingFor>,
    ) -> Result<Traced<Itinerary>> {
        self.session
            .fetch(
                |c, t| api::build_create_trip_request(c, t, trip, acting_for),
                api::parse_trip_response,
            )
            .await
    }

    /// Replaces a whole trip (a full replacement is safe to resend).
    pub async fn replace_trip(
        &self,
        trip_id: &str,
        trip: &Itinerary,
        acting_for: Option<&ActingFor>,
    ) -> Result<Traced<Itinerary>> {
        self.session
            .fetch(
                |c, t| api::build_replace_trip_request(c, t, trip_id, trip, acting_for),
                api::parse_trip_response,
            )
            .await
    }

    /// Cancels a trip.
    pub async fn cancel_trip(
        &self,
        trip_id: &str,
        acting_for: Option<&ActingFor>,
    ) -> Result<Traced<CancelOutcome>> {
        self.session
            .fetch(
                |c, t| api::build_cancel_trip_request(c, t, trip_id, acting_for),
                api::parse_cancel_response,
            )
            .await
    }

    /// Posts a booking; it lands in `trip_id`, or in an overlapping trip, or a new one.
    pub async fn post_booking(
        &self,
        booking: &Booking,
        trip_id: Option<&str>,
        acting_for: Option<&ActingFor>,
    ) -> Result<Traced<Itinerary>> {
        self.session
            .fetch(
                |c, t| api::build_post_booking_request(c, t, booking, trip_id, acting_for),
                api::parse_trip_response,
            )
            .await
    }

    /// Cancels a booking by source and confirmation number; `NotFound` is an outcome.
    pub async fn cancel_booking(
        &self,
        booking_source: &str,
        confirmation_number: &str,
        acting_for: Option<&ActingFor>,
    ) -> Result<Traced<CancelOutcome>> {
        self.session
            .fetch(
                |c, t| {
                    api::build_cancel_booking_request(
                        c,
                        t,
                        booking_source,
                        confirmation_number,
                        acting_for,
                    )
                },
                api::parse_cancel_response,
            )
            .await
    }

    /// Posts a changed booking. When its confirmation number differs from `old_confirmation`,
    /// the old booking is cancelled first (a missing one is fine), as the docs require.
    pub async fn replace_booking(
        &self,
        old_confirmation: &str,
        booking: &Booking,
        acting_for: Option<&ActingFor>,
    ) -> Result<Traced<Itinerary>> {
        api::check_booking(booking)?;
        let confirmations = booking_confirmations(booking);
        if !confirmations.iter().any(|c| c == old_confirmation) {
            let source = booking.booking_source.clone().unwrap_or_default();
            self.cancel_booking(&source, old_confirmation, acting_for)
                .await?;
        }
        self.post_booking(booking, None, acting_for).await
    }
}

/// Every segment confirmation number of a booking.
pub fn booking_confirmations(b: &Booking) -> Vec<String> {
    use crate::model::itinerary::Segment;
    b.segments
        .iter()
        .flatten()
        .filter_map(|s| match s {
            Segment::Hotel(x) => x.confirmation_number.as_deref().map(String::from),
            Segment::Car(x) => x.confirmation_number.as_deref().map(String::from),
            Segment::Air(x) => x.confirmation_number.as_deref().map(String::from),
            Segment::Ride(x) => x.confirmation_number.as_deref().map(String::from),
            Segment::Rail(x) => x.confirmation_number.as_deref().map(String::from),
            Segment::Dining(x) => x.confirmation_number.as_deref().map(String::from),
            Segment::Parking(x) => x.confirmation_number.as_deref().map(String::from),
            Segment::Event(x) => x.confirmation_number.as_deref().map(String::from),
            Segment::Travel(_) | Segment::Other(_) => None,
        })
        .collect()
}
