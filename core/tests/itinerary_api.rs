//! Itinerary v1 sans-IO pairs: every builder's exact method, URL, query, headers and body (the
//! documented quirks absorbed), the supplier booking builders' refusals, and the parsers'
//! status handling.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use time::macros::{date, datetime};
use triplink_core::api::itinerary::*;
use triplink_core::api::supplier::*;
use triplink_core::model::itinerary::*;
use triplink_core::transport::{HttpResponse, Method};
use triplink_core::{ApiConfig, ErrorCode, Secret};

fn cfg() -> ApiConfig {
    ApiConfig::new("https://us.api.concursolutions.com").unwrap()
}

fn tok() -> Secret {
    Secret::new("tok")
}

fn booking() -> Booking {
    SupplierBooking {
        booking_source: "Acme Hotels".into(),
        record_locator: "R1".into(),
        confirmation_number: "C1".into(),
        first_name: "Ana".into(),
        last_name: "García".into(),
        time: SegmentTime::Utc {
            start: datetime!(2030-01-01 15:00),
            end: datetime!(2030-01-02 11:00),
        },
        total: None,
        segment: SupplierSegment::Ride {
            start_location: "SEA".into(),
            end_location: None,
        },
    }
    .build()
    .unwrap()
}

#[test]
fn list_builders_send_every_filter() {
    let p = TripListParams {
        start_date: Some(date!(2024 - 05 - 01)),
        end_date: Some(date!(2024 - 05 - 31)),
        created_after_date: Some(date!(2024 - 01 - 01)),
        created_before_date: Some(date!(2024 - 06 - 01)),
        last_modified_date: Some("2024-04-01T00:00:00".into()),
        booking_type: Some(BookingType::Hotel),
        acting_for: Some(ActingFor::Login("pat@example.com".into())),
        include_metadata: true,
        items_per_page: Some(50),
        page: Some(2),
        include_virtual_trip: true,
        include_canceled_trips: true,
        include_guest_bookings: true,
    };
    let r = build_list_trips_request(&cfg(), &tok(), &p).unwrap();
    assert_eq!(r.method, Method::Get);
    assert_eq!(
        r.url,
        "https://us.api.concursolutions.com/api/travel/trip/v1.1/?startDate=2024-05-01&endDate=2024-05-31&createdAfterDate=2024-01-01&createdBeforeDate=2024-06-01&lastModifiedDate=2024-04-01T00%3A00%3A00&bookingType=Hotel&userid_type=login&userid_value=pat%40example.com&includeMetadata=true&ItemsPerPage=50&Page=2&includeVirtualTrip=1&includeCanceledTrips=true&includeGuestBookings=true"
    );
    assert_eq!(
        (r.header("Authorization"), r.header("Accept")),
        (Some("Bearer tok"), Some("application/xml"))
    );
    let all = TripListParams {
        acting_for: Some(ActingFor::All),
        ..Default::default()
    };
    assert!(build_list_trips_request(&cfg(), &tok(), &all)
        .unwrap()
        .url
        .ends_with("?userid_type=login&userid_value=ALL"));
    let post = build_get_trips_post_request(&cfg(), &tok(), &all).unwrap();
    assert_eq!(
        (post.method, post.url.as_str()),
        (
            Method::Post,
            "https://us.api.concursolutions.com/api/travel/trip/v1.1/GetTrips"
        )
    );
    assert_eq!(
        post.body,
        br#"{"userid_type":"login","userid_value":"ALL"}"#
    );
    for bad in [
        TripListParams {
            page: Some(0),
            ..Default::default()
        },
        TripListParams {
            items_per_page: Some(0),
            ..Default::default()
        },
        TripListParams {
            start_date: Some(date!(2024 - 05 - 02)),
            end_date: Some(date!(2024 - 05 - 01)),
            ..Default::default()
        },
        TripListParams {
            acting_for: Some(ActingFor::Login(" ".into())),
            ..Default::default()
        },
    ] {
        assert_eq!(
            build_list_trips_request(&cfg(), &tok(), &bad)
                .unwrap_err()
                .code(),
            ErrorCode::InvalidInput
        );
    }
}

#[test]
fn trip_and_booking_builders_absorb_the_quirks() {
    let who = ActingFor::Login("pat".into());
    let r = build_get_trip_request(&cfg(), &tok(), "I4/..", Some(&who)).unwrap();
    assert_eq!(r.url, "https://us.api.concursolutions.com/api/travel/trip/v1.1/I4%2F..?userid_type=login&userid_value=pat");
    let trip = Itinerary {
        trip_name: Some("T".into()),
        trip_status: Some(0.into()),
        ..Default::default()
    };
    let r = build_create_trip_request(&cfg(), &tok(), &trip, Some(&who)).unwrap();
    assert_eq!((r.method, r.url.as_str()), (Method::Post, "https://us.api.concursolutions.com/api/travel/trip/v1.1?userid_type=login_id&userid_value=pat"));
    assert_eq!(r.header("Content-Type"), Some("application/xml"));
    assert!(String::from_utf8(r.body)
        .unwrap()
        .contains("<Itinerary xmlns=\"http://www.concursolutions.com/api/travel/trip/2010/06\""));
    let r = build_replace_trip_request(&cfg(), &tok(), "I4X", &trip, None).unwrap();
    assert_eq!(
        r.url,
        "https://us.api.concursolutions.com/api/travel/trip/v1.1?tripId=I4X"
    );
    let r = build_cancel_trip_request(&cfg(), &tok(), "I4X", None).unwrap();
    assert_eq!(
        (r.url.as_str(), r.body.len()),
        (
            "https://us.api.concursolutions.com/api/travel/trip/v1.1/cancel?tripId=I4X",
            0
        )
    );
    let r =
        build_post_booking_request(&cfg(), &tok(), &booking(), Some("I4X"), Some(&who)).unwrap();
    assert_eq!(r.url, "https://us.api.concursolutions.com/api/travel/booking/v1.1?tripId=I4X&userid_type=login_id&userid_value=pat");
    let body = String::from_utf8(r.body).unwrap();
    assert!(
        body.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?><Booking xmlns:xsi"),
        "{body}"
    );
    assert!(body.contains("<StartDateUtc>2030-01-01T15:00:00</StartDateUtc>"));
    let r = build_cancel_booking_request(&cfg(), &tok(), "Acme Hotels", "C 1", None).unwrap();
    assert_eq!(r.url, "https://us.api.concursolutions.com/api/travel/booking/v1.1/cancel?bookingSource=Acme+Hotels&confirmationNumber=C+1");
    assert!(build_cancel_booking_request(&cfg(), &tok(), "", "C1", None).is_err());
    let no_name = Itinerary {
        trip_status: Some(0.into()),
        ..Default::default()
    };
    assert_eq!(
        build_create_trip_request(&cfg(), &tok(), &no_name, None)
            .unwrap_err()
            .code(),
        ErrorCode::InvalidInput
    );
    let long = Itinerary {
        trip_name: Some("x".repeat(256).into()),
        trip_status: Some(0.into()),
        ..Default::default()
    };
    assert!(build_create_trip_request(&cfg(), &tok(), &long, None).is_err());
}

#[test]
fn supplier_builders_refuse_invalid_bookings() {
    let ok = SupplierBooking {
        booking_source: "Acme Hotels".into(),
        record_locator: "R1".into(),
        confirmation_number: "C1".into(),
        first_name: "Ana".into(),
        last_name: "García".into(),
        time: SegmentTime::Local {
            start: datetime!(2030-01-01 15:00),
            end: datetime!(2030-01-02 11:00),
            time_zone: "Europe/Madrid".into(),
        },
        total: Some(("120.50".into(), "EUR".into())),
        segment: SupplierSegment::Hotel {
            name: "Acme".into(),
            city: None,
            country: None,
        },
    };
    assert!(ok.build().is_ok());
    type Mutation = Box<dyn Fn(&mut SupplierBooking)>;
    let cases: Vec<(&str, Mutation)> = vec![
        ("source", Box::new(|b| b.booking_source = "x".repeat(33))),
        ("locator", Box::new(|b| b.record_locator = "x".repeat(51))),
        ("empty locator", Box::new(|b| b.record_locator = " ".into())),
        (
            "confirmation",
            Box::new(|b| b.confirmation_number = "x".repeat(33)),
        ),
        ("last name", Box::new(|b| b.last_name = "x".repeat(51))),
        (
            "control character",
            Box::new(|b| b.first_name = "A\u{8}na".into()),
        ),
        (
            "control character in the segment",
            Box::new(|b| {
                b.segment = SupplierSegment::Hotel {
                    name: "Acme".into(),
                    city: Some("Ma\u{0}drid".into()),
                    country: None,
                }
            }),
        ),
        (
            "time zone",
            Box::new(|b| {
                b.time = SegmentTime::Local {
                    start: datetime!(2030-01-01 0:00),
                    end: datetime!(2030-01-02 0:00),
                    time_zone: "".into(),
                }
            }),
        ),
        (
            "end before start",
            Box::new(|b| {
                b.time = SegmentTime::Utc {
                    start: datetime!(2030-01-02 0:00),
                    end: datetime!(2030-01-01 0:00),
                }
            }),
        ),
        (
            "amount",
            Box::new(|b| b.total = Some(("12,50".into(), "EUR".into()))),
        ),
        (
            "currency",
            Box::new(|b| b.total = Some(("12.50".into(), "euro".into()))),
        ),
        (
            "air total",
            Box::new(|b| {
                b.segment = SupplierSegment::Air {
                    start_city_code: "SFO".into(),
                    end_city_code: "SEA".into(),
                    vendor: "AS".into(),
                    flight_number: "1".into(),
                }
            }),
        ),
        (
            "air vendor",
            Box::new(|b| {
                b.total = None;
                b.segment = SupplierSegment::Air {
                    start_city_code: "SFO".into(),
                    end_city_code: "SEA".into(),
                    vendor: "ALASKA".into(),
                    flight_number: "1".into(),
                }
            }),
        ),
        (
            "car city",
            Box::new(|b| {
                b.segment = SupplierSegment::Car {
                    start_city_code: "SEATTLE".into(),
                    end_city_code: None,
                }
            }),
        ),
    ];
    for (name, mutate) in cases {
        let mut b = ok.clone();
        mutate(&mut b);
        assert_eq!(
            b.build().unwrap_err().code(),
            ErrorCode::InvalidInput,
            "{name}"
        );
    }
}

#[test]
fn parsers_handle_statuses() {
    let r = HttpResponse::new(404, "<Booking><Status>NotFound</Status></Booking>");
    assert_eq!(
        parse_cancel_response(&r, &cfg()).unwrap(),
        CancelOutcome::NotFound
    );
    let r = HttpResponse::new(
        200,
        "<Itinerary><Message>Cancelled Successfully</Message></Itinerary>",
    );
    assert!(matches!(
        parse_cancel_response(&r, &cfg()).unwrap(),
        CancelOutcome::Cancelled(Some(_))
    ));
    let e = parse_trip_response(
        &HttpResponse::new(403, "<Error><Message>Token expired</Message></Error>"),
        &cfg(),
    )
    .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Auth);
    assert!(e.to_string().contains("Token expired"));
    assert_eq!(
        parse_trip_response(&HttpResponse::new(404, ""), &cfg())
            .unwrap_err()
            .code(),
        ErrorCode::NotFound
    );
    assert_eq!(
        parse_list_trips_response(&HttpResponse::new(200, "<Nope/>"), &cfg())
            .unwrap_err()
            .code(),
        ErrorCode::Decode
    );
}

#[test]
fn supplier_times_and_totals_given_as_text_are_checked_field_by_field() {
    let local = SegmentTime::from_text(
        "2030-01-01T15:00:00",
        "2030-01-02T11:00",
        Some("Europe/Madrid".into()),
    )
    .unwrap();
    assert_eq!(
        local,
        SegmentTime::Local {
            start: datetime!(2030-01-01 15:00),
            end: datetime!(2030-01-02 11:00),
            time_zone: "Europe/Madrid".into(),
        }
    );
    let utc = SegmentTime::from_text("2030-01-01T15:00", "2030-01-02T11:00", None).unwrap();
    assert!(matches!(utc, SegmentTime::Utc { .. }));
    for (start, end, field) in [
        ("soon", "2030-01-02T11:00", "start"),
        ("2030-01-01T15:00", "2030-01-02T11:00Z", "end"),
    ] {
        let e = SegmentTime::from_text(start, end, None).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidInput);
        assert!(e.to_string().contains(field), "{e}");
    }
    let both = SupplierBooking::total_of(Some("1.50".into()), Some("EUR".into())).unwrap();
    assert_eq!(both, Some(("1.50".into(), "EUR".into())));
    assert_eq!(SupplierBooking::total_of(None, None).unwrap(), None);
    let half = SupplierBooking::total_of(Some("1.50".into()), None).unwrap_err();
    assert_eq!(half.code(), ErrorCode::InvalidInput);
}
