//! `triplink trip list|get`, `booking post|cancel` (Itinerary v1, as a connected traveller)
//! and `requests list|get`, `proposals post` (Request v4, as a TMC) driven as processes
//! against a sandbox on loopback; bad files and unknown ids give one line and exit 1.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{one_line_error, Sandbox};
use serde_json::json;
use std::path::Path;
use triplink::api::supplier::{SegmentTime, SupplierBooking, SupplierSegment};
use triplink::wire::itinerary::write_booking;
use triplink_sandbox::demo::{demo_user_id, DEMO_BOOKING_SOURCE, DEMO_TRIP_ID, TMC_AGENT_ID};

/// A hotel booking document overlapping the demo traveller's Seattle trip.
fn hotel_xml(conf: &str) -> String {
    let booking = SupplierBooking {
        booking_source: DEMO_BOOKING_SOURCE.into(),
        record_locator: "ACME-1".into(),
        confirmation_number: conf.into(),
        first_name: "Zoë".into(),
        last_name: "O'Brien".into(),
        time: SegmentTime::Local {
            start: time::macros::datetime!(2030-05-02 15:00),
            end: time::macros::datetime!(2030-05-04 11:00),
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
    .unwrap();
    write_booking(&booking).unwrap()
}

/// Runs the real auto-connect so the demo travellers' tokens are kept under their user ids.
fn connect_everyone(s: &Sandbox, dir: &Path) {
    let members = dir.join("members.csv");
    std::fs::write(&members, s.sb.members_csv()).unwrap();
    let run = s
        .triplink(dir)
        .args(["auto-connect", "--quiet", "--members"])
        .arg(&members)
        .output()
        .unwrap();
    assert!(run.status.success(), "{run:?}");
}

#[test]
fn trips_and_bookings_as_a_connected_traveller() {
    let s = Sandbox::start();
    let dir = tempfile::tempdir().unwrap();
    connect_everyone(&s, dir.path());
    let zoe = demo_user_id(0);
    std::fs::write(dir.path().join("hotel.xml"), hotel_xml("H-1")).unwrap();

    let post = s
        .triplink(dir.path())
        .args(["booking", "post", "hotel.xml", "--json", "--key", &zoe])
        .output()
        .unwrap();
    assert!(post.status.success(), "{post:?}");
    let trip: serde_json::Value = serde_json::from_slice(&post.stdout).unwrap();
    assert_eq!(
        trip["tripId"], DEMO_TRIP_ID,
        "merged into the overlapping trip"
    );
    assert_eq!(trip["bookings"].as_array().unwrap().len(), 2);

    let list = s
        .triplink(dir.path())
        .args(["trip", "list", "--json", "--per-page", "1", "--key", &zoe])
        .output()
        .unwrap();
    assert!(list.status.success(), "{list:?}");
    let trips: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    let ids: Vec<&str> = trips
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["tripId"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [DEMO_TRIP_ID]);
    let table = s
        .triplink(dir.path())
        .args(["trip", "list", "--key", &zoe])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&table.stdout).contains("1 trip(s)"));

    let get = s
        .triplink(dir.path())
        .args(["trip", "get", DEMO_TRIP_ID, "--key", &zoe])
        .output()
        .unwrap();
    assert!(get.status.success(), "{get:?}");
    let shown = String::from_utf8_lossy(&get.stdout);
    assert!(
        shown.contains(DEMO_BOOKING_SOURCE) && shown.contains("H-1"),
        "{shown}"
    );

    let cancel = s
        .triplink(dir.path())
        .args(["booking", "cancel", "H-1", "--source", DEMO_BOOKING_SOURCE])
        .args(["--key", &zoe])
        .output()
        .unwrap();
    assert!(cancel.status.success(), "{cancel:?}");
    let after = s
        .triplink(dir.path())
        .args(["trip", "get", DEMO_TRIP_ID, "--json", "--key", &zoe])
        .output()
        .unwrap();
    let trip: serde_json::Value = serde_json::from_slice(&after.stdout).unwrap();
    assert!(
        !serde_json::to_string(&trip["bookings"])
            .unwrap()
            .contains("H-1"),
        "the cancelled booking is still on the trip"
    );
    let again = s
        .triplink(dir.path())
        .args(["booking", "cancel", "H-1", "--source", DEMO_BOOKING_SOURCE])
        .args(["--key", &zoe])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(1));
    assert!(one_line_error(&again).contains("H-1"));

    // Bad input: one line, exit 1, nothing posted.
    std::fs::write(dir.path().join("bad.xml"), "<Booking><Segments>").unwrap();
    std::fs::write(dir.path().join("trip.xml"), "<Itinerary/>").unwrap();
    for file in ["bad.xml", "trip.xml", "missing.xml"] {
        let out = s
            .triplink(dir.path())
            .args(["booking", "post", file, "--key", &zoe])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{file}");
        assert!(one_line_error(&out).contains(file), "{file}");
    }
    let unknown = s
        .triplink(dir.path())
        .args(["trip", "get", "NO-SUCH-TRIP", "--key", &zoe])
        .output()
        .unwrap();
    assert_eq!(unknown.status.code(), Some(1));
    one_line_error(&unknown);
}

fn proposal(price: u32, flight: &str) -> serde_json::Value {
    let seg = |t: &str| {
        json!({
            "proposalSegmentType": t, "pnr": "PNR1", "booked": false,
            "startDate": "2030-07-26", "endDate": "2030-08-25",
            "vendorName": "Air France", "classOfService": "Y", "duration": 660,
            "flightNumber": flight, "startLocation": {"iataCode": "SFO"},
            "endLocation": {"iataCode": "CDG"}
        })
    };
    json!({
        "totalPostedAmount": {"value": price, "currency": "USD"},
        "agencyProposalEntries": [{"agencyProposalSegments": [seg("AIR")]}]
    })
}

#[test]
fn requests_and_proposals_as_a_tmc() {
    let s = Sandbox::start();
    let dir = tempfile::tempdir().unwrap();
    let login = s
        .triplink(dir.path())
        .args(["login", "--key", "tmc", "client-credentials"])
        .output()
        .unwrap();
    assert!(login.status.success(), "{login:?}");
    let tmc = ["--key", "tmc", "--user-id", TMC_AGENT_ID];

    let list = s
        .triplink(dir.path())
        .args(["requests", "list", "--view", "pending-proposal", "--json"])
        .args(tmc)
        .output()
        .unwrap();
    assert!(list.status.success(), "{list:?}");
    let items: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    let items = items.as_array().unwrap();
    assert_eq!(items.len(), 3);
    let id = items[0]["id"].as_str().unwrap().to_owned();

    let get = s
        .triplink(dir.path())
        .args(["requests", "get", &id])
        .args(tmc)
        .output()
        .unwrap();
    assert!(get.status.success(), "{get:?}");
    let shown = String::from_utf8_lossy(&get.stdout);
    assert!(
        shown.contains(&id) && shown.contains("SUBMITTED"),
        "{shown}"
    );

    std::fs::write(
        dir.path().join("batch.json"),
        serde_json::to_string(&json!([proposal(1800, "AF83"), proposal(1500, "AF85")])).unwrap(),
    )
    .unwrap();
    let post = s
        .triplink(dir.path())
        .args(["proposals", "post", &id, "batch.json", "--batch-id", "B-1"])
        .args(tmc)
        .output()
        .unwrap();
    assert!(post.status.success(), "{post:?}");
    assert!(String::from_utf8_lossy(&post.stdout).contains("2 proposal(s) posted"));
    let kept =
        s.sb.travel_requests()
            .into_iter()
            .find(|r| r.id == id)
            .unwrap();
    assert_eq!(kept.provider_message_id.as_deref(), Some("B-1"));
    assert_eq!(kept.proposals.len(), 2);

    // Bad input: one line, exit 1, nothing more posted.
    std::fs::write(dir.path().join("bad.json"), "[{\"totalPostedAmount\": ").unwrap();
    std::fs::write(dir.path().join("four.json"), "[{},{},{},{}]").unwrap();
    std::fs::write(dir.path().join("noamount.json"), "[{}]").unwrap();
    for file in ["bad.json", "four.json", "noamount.json", "missing.json"] {
        let out = s
            .triplink(dir.path())
            .args(["proposals", "post", &id, file, "--batch-id", "B-2"])
            .args(tmc)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{file}");
        assert!(one_line_error(&out).contains(file), "{file}");
    }
    let still: Vec<_> = s.sb.travel_requests();
    let kept = still.iter().find(|r| r.id == id).unwrap();
    assert_eq!(kept.provider_message_id.as_deref(), Some("B-1"));
    let unknown = s
        .triplink(dir.path())
        .args(["requests", "get", "00000000000000000000000000000000"])
        .args(tmc)
        .output()
        .unwrap();
    assert_eq!(unknown.status.code(), Some(1));
    one_line_error(&unknown);
}

#[test]
fn every_new_command_has_help() {
    let dir = tempfile::tempdir().unwrap();
    for cmd in [
        vec!["trip", "list"],
        vec!["trip", "get"],
        vec!["booking", "post"],
        vec!["booking", "cancel"],
        vec!["requests", "list"],
        vec!["requests", "get"],
        vec!["proposals", "post"],
    ] {
        let out = common::triplink(dir.path())
            .args(&cmd)
            .arg("--help")
            .output()
            .unwrap();
        assert!(out.status.success(), "{cmd:?}");
        assert!(String::from_utf8_lossy(&out.stdout).contains("Usage: triplink"));
    }
}
