//! Itinerary v1 over real HTTP against the sandbox, as a TripLink supplier using the token the
//! auto-connect job obtained: booking posts merge into an overlapping trip, other suppliers'
//! fields stay hidden, paging walks, replace_booking cancels the old confirmation first, trips
//! are created, fully replaced and cancelled, and unknown ids are typed not-found results.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use time::macros::datetime;
use triplink::api::itinerary::TripListParams;
use triplink::api::supplier::{SegmentTime, SupplierBooking, SupplierSegment};
use triplink::client::{ApiSession, AutoConnectOptions, ItineraryClient};
use triplink::model::itinerary::*;
use triplink::{ApiConfig, ErrorCode};
use triplink_sandbox::demo::{demo_user_id, DEMO_BOOKING_SOURCE, DEMO_TRIP_ID};

fn hotel(
    locator: &str,
    conf: &str,
    start: time::PrimitiveDateTime,
    end: time::PrimitiveDateTime,
) -> Booking {
    SupplierBooking {
        booking_source: DEMO_BOOKING_SOURCE.into(),
        record_locator: locator.into(),
        confirmation_number: conf.into(),
        first_name: "Zoë".into(),
        last_name: "O'Brien".into(),
        time: SegmentTime::Local {
            start,
            end,
            time_zone: "America/Los_Angeles".into(),
        },
        total: Some(("567.00".into(), "USD".into())),
        segment: SupplierSegment::Hotel {
            name: "Acme Downtown".into(),
            city: Some("Seattle".into()),
            country: Some("US".into()),
        },
    }
    .build()
    .unwrap()
}

fn acme_bookings(trip: &Itinerary) -> Vec<&Booking> {
    trip.bookings
        .iter()
        .flatten()
        .filter(|b| b.booking_source.as_deref() == Some(DEMO_BOOKING_SOURCE))
        .map(|b| &**b)
        .collect()
}

async fn zoe_client() -> (Rig, ItineraryClient) {
    let rig = rig().await;
    let report = job(&rig, AutoConnectOptions::default()).run().await;
    assert_eq!(report.count("CRSUC"), 11);
    let session = ApiSession::new(
        rig.exec.clone(),
        rig.tokens.clone(),
        demo_user_id(0),
        ApiConfig::new(&rig.sandbox.us_url()).unwrap(),
    );
    (rig, ItineraryClient::new(session))
}

#[tokio::test]
async fn bookings_merge_hide_other_suppliers_fields_and_replace_cleanly() {
    let (_rig, client) = zoe_client().await;
    let posted = client
        .post_booking(
            &hotel(
                "ACME-1",
                "H-1",
                datetime!(2030-05-02 15:00),
                datetime!(2030-05-04 11:00),
            ),
            None,
            None,
        )
        .await
        .unwrap();
    assert!(posted.correlation_id.is_some());
    let trip = posted.value;
    assert_eq!(
        trip.trip_id.as_deref(),
        Some(DEMO_TRIP_ID),
        "merged into the overlapping trip"
    );
    assert_eq!(trip.bookings.as_ref().unwrap().len(), 2);
    let other = trip
        .bookings
        .iter()
        .flatten()
        .find(|b| b.booking_source.as_deref() == Some("Other Air"))
        .unwrap();
    let Some(Segment::Air(air)) = other.segments.as_ref().and_then(|s| s.first()) else {
        panic!("air segment")
    };
    assert_eq!(
        (
            air.vendor.as_ref(),
            air.flight_number.as_ref(),
            air.charges.as_ref()
        ),
        (None, None, None),
        "hidden from a non-owner"
    );
    assert_eq!(air.confirmation_number.as_deref(), Some("OA77"));
    let Some(Segment::Hotel(h)) = acme_bookings(&trip)[0]
        .segments
        .as_ref()
        .and_then(|s| s.first())
    else {
        panic!("hotel")
    };
    assert_eq!(
        h.total_rate.as_ref().map(|d| d.as_str()),
        Some("567.00"),
        "the owner sees its amounts"
    );

    // A changed booking with a new confirmation number: the old one is cancelled first.
    let changed = hotel(
        "ACME-2",
        "H-2",
        datetime!(2030-05-02 15:00),
        datetime!(2030-05-05 11:00),
    );
    let trip = client
        .replace_booking("H-1", &changed, None)
        .await
        .unwrap()
        .value;
    let acme = acme_bookings(&trip);
    assert_eq!(acme.len(), 1, "the traveller never sees both");
    assert_eq!(triplink::client::booking_confirmations(acme[0]), ["H-2"]);

    let gone = client
        .cancel_booking(DEMO_BOOKING_SOURCE, "NOPE", None)
        .await
        .unwrap()
        .value;
    assert_eq!(gone, CancelOutcome::NotFound);
    let cancelled = client
        .cancel_booking(DEMO_BOOKING_SOURCE, "H-2", None)
        .await
        .unwrap()
        .value;
    assert!(matches!(cancelled, CancelOutcome::Cancelled(Some(_))));
}

#[tokio::test]
async fn trips_are_listed_paged_created_replaced_and_cancelled() {
    let (_rig, client) = zoe_client().await;
    client
        .post_booking(
            &hotel(
                "ACME-9",
                "H-9",
                datetime!(2031-01-10 15:00),
                datetime!(2031-01-12 11:00),
            ),
            None,
            None,
        )
        .await
        .unwrap();
    let list = client
        .list_trips(&TripListParams::default())
        .await
        .unwrap()
        .value;
    assert_eq!(
        list.trips.len(),
        2,
        "a booking outside every trip makes a new one"
    );
    let walked = client
        .list_all_trips(&TripListParams {
            items_per_page: Some(1),
            ..TripListParams::default()
        })
        .await;
    assert!(walked.stopped.is_none(), "{:?}", walked.stopped);
    assert_eq!(walked.items.len(), 2, "two pages of one");

    let new_trip = Itinerary {
        trip_name: Some("Offsite".into()),
        trip_status: Some(0.into()),
        start_date_local: ItinDateTime::parse("2032-03-01T09:00:00"),
        end_date_local: ItinDateTime::parse("2032-03-02T18:00:00"),
        bookings: Some(vec![hotel(
            "ACME-5",
            "H-5",
            datetime!(2032-03-01 15:00),
            datetime!(2032-03-02 11:00),
        )
        .into()]),
        ..Itinerary::default()
    };
    let created = client.create_trip(&new_trip, None).await.unwrap().value;
    let id = created.trip_id.clone().unwrap();
    let mut renamed = created.clone();
    renamed.trip_name = Some("Offsite (moved)".into());
    let replaced = client
        .replace_trip(&id, &renamed, None)
        .await
        .unwrap()
        .value;
    assert_eq!(replaced.trip_name.as_deref(), Some("Offsite (moved)"));
    assert_eq!(
        client
            .get_trip(&id, None)
            .await
            .unwrap()
            .value
            .trip_name
            .as_deref(),
        Some("Offsite (moved)")
    );
    assert!(matches!(
        client.cancel_trip(&id, None).await.unwrap().value,
        CancelOutcome::Cancelled(_)
    ));
    let open = client
        .list_trips(&TripListParams::default())
        .await
        .unwrap()
        .value;
    assert!(open.trips.iter().all(|t| t.trip_id.as_deref() != Some(&id)));
    let all = client
        .list_trips(&TripListParams {
            include_canceled_trips: true,
            ..TripListParams::default()
        })
        .await
        .unwrap()
        .value;
    assert_eq!(
        all.trips
            .iter()
            .find(|t| t.trip_id.as_deref() == Some(&id))
            .unwrap()
            .trip_status,
        Some(2.into())
    );

    let e = client.get_trip("NO-SUCH-TRIP", None).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::NotFound);
    assert!(e.correlation_id().is_some());
    let invalid = Itinerary {
        trip_status: Some(0.into()),
        ..Itinerary::default()
    };
    assert_eq!(
        client.create_trip(&invalid, None).await.unwrap_err().code(),
        ErrorCode::InvalidInput
    );
}
