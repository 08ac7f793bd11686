//! Seeded demo data: the supplier's account, twenty Concur users with realistic names
//! (diacritics, nicknames, typos, non-Latin scripts) across both data centres, one pending
//! connection request each; expected outcomes are in `data/README.md`.

use crate::state::{Dc, StoredBooking, TravelRequest, Trip, User, World};

/// The demo app's client id.
pub const DEMO_CLIENT_ID: &str = "triplink-demo-client";
/// The demo app's client secret.
pub const DEMO_CLIENT_SECRET: &str = "triplink-demo-secret";
/// The supplier's Concur login (polls connection requests).
pub const SUPPLIER_LOGIN: &str = "supplier@example.com";
/// The supplier's Concur password.
pub const SUPPLIER_PASSWORD: &str = "sandbox-password";
/// The TMC agent's user id (default travel agency "Acme Travel"; sees agent views).
pub const TMC_AGENT_ID: &str = "a9e70000-0000-4000-8000-000000000001";
/// The TMC agent's login.
pub const TMC_AGENT_LOGIN: &str = "agent@acme-travel.example";
/// The booking source Concur configured for the demo app's supplier.
pub const DEMO_BOOKING_SOURCE: &str = "Acme Hotels";
/// Zoë's existing trip (posted by another supplier), for merge and visibility tests.
pub const DEMO_TRIP_ID: &str = "TRIP-ZOE-SEATTLE";
/// The supplier's member list matching the demo users.
pub const DEMO_MEMBERS_CSV: &str = include_str!("../data/members.csv");

type Row = (&'static str, &'static str, Dc, &'static str, &'static str);

/// (first, last, dc, loyalty, email) for each demo user, in queue order.
pub const DEMO_USERS: [Row; 20] = [
    (
        "Zoë",
        "O'Brien",
        Dc::Us,
        "100200300",
        "zoe.obrien@example.com",
    ),
    ("Hans", "Müller", Dc::Eu, "AB-4711", ""),
    ("Ana", "García Márquez", Dc::Eu, "555001", ""),
    ("Jan", "van der Berg", Dc::Us, "777001", ""),
    ("María", "de la Cruz", Dc::Us, "", "maria.cruz@example.mx"),
    ("Ольга", "Иванова", Dc::Eu, "999001", ""),
    ("伟", "李", Dc::Us, "111001", ""),
    ("Bob", "Smith-Jones", Dc::Us, "123-ABC-9", ""),
    ("Patrick", "Obrian", Dc::Us, "100200301", ""),
    ("Nadia", "Nobody", Dc::Us, "000999", ""),
    ("Larry", "Lock", Dc::Us, "222001", ""),
    ("Tom", "Taylor", Dc::Eu, "666001", ""),
    ("Carla", "Jones", Dc::Us, "333001", ""),
    ("Erik", "Unknown", Dc::Us, "", "erik@example.se"),
    ("Sophie", "Dubois", Dc::Eu, "888002", ""),
    ("Ngọc", "Nguyễn", Dc::Us, "444002", ""),
    ("Lena", "Fischer", Dc::Eu, "", "lena.fischer@example.de"),
    ("Stale", "Token", Dc::Us, "500001", ""),
    ("Fiona", "Flag", Dc::Us, "444003", ""),
    ("Mark", "Mismatch", Dc::Us, "", "mark@example.com"),
];

/// The expected status for each demo user, in [`DEMO_USERS`] order (the oracle).
pub const DEMO_EXPECTED: [&str; 20] = [
    "CRSUC", "CRSUC", "CRSUC", "CRSUC", "CRSUC", "CRSUC", "CRSUC", "CRSUC", "CREU2", "CREU1",
    "CREU3", "CREU3", "CREU3", "CREU1", "CRSUC", "CRSUC", "CRSUC", "CRPA1", "CREU3", "CREU2",
];

/// The user id of demo user number `i` (0-based).
pub fn demo_user_id(i: usize) -> String {
    format!("0d3e0000-0000-4000-8000-{:012}", i + 1)
}

/// Adds the supplier's own Concur account (the one that polls connection requests).
pub fn seed_supplier(world: &mut World) {
    world.push_user(User {
        id: "5upp1e70-0000-4000-8000-000000000000".into(),
        login: SUPPLIER_LOGIN.into(),
        password: SUPPLIER_PASSWORD.into(),
        dc: Dc::Us,
        first_name: "Supplier".into(),
        middle_name: None,
        last_name: "Admin".into(),
        loyalty_number: None,
        emails: vec![],
        supplier_admin: true,
    });
}

/// Fills `world` with the supplier account, the demo users and their pending requests.
pub fn seed(world: &mut World, now: i64) {
    world.demo_seeded = true;
    seed_supplier(world);
    world.push_user(User {
        id: TMC_AGENT_ID.into(),
        login: TMC_AGENT_LOGIN.into(),
        password: "agent".into(),
        dc: Dc::Us,
        first_name: "Tina".into(),
        middle_name: None,
        last_name: "Agent".into(),
        loyalty_number: None,
        emails: vec![],
        supplier_admin: false,
    });
    for (i, (first, last, dc, loyalty, email)) in DEMO_USERS.iter().enumerate() {
        let id = demo_user_id(i);
        world.push_user(User {
            id: id.clone(),
            login: format!("user{}@demo.test", i + 1),
            password: "demo".into(),
            dc: *dc,
            first_name: (*first).into(),
            middle_name: None,
            last_name: (*last).into(),
            loyalty_number: (!loyalty.is_empty()).then(|| (*loyalty).into()),
            emails: if email.is_empty() {
                vec![]
            } else {
                vec![(*email).into()]
            },
            supplier_admin: false,
        });
        if i == 0 {
            seed_other_supplier_trip(world, &id, now);
        }
        let issued = if *first == "Stale" {
            now - 20 * 60
        } else {
            now
        };
        world.add_request_at(&id, issued, now);
    }
}

/// Zoë's existing trip from another supplier ("Other Air"): a booking posted into its dates
/// merges into it, and the demo supplier must not see its amounts or hidden Air fields.
fn seed_other_supplier_trip(world: &mut World, user_id: &str, now: i64) {
    let air = "<Booking><RecordLocator>OA-77</RecordLocator><BookingSource>Other Air</BookingSource><Segments><Air>\
<ConfirmationNumber>OA77</ConfirmationNumber><Vendor>AS</Vendor><FlightNumber>1234</FlightNumber>\
<StartDateLocal>2030-05-01T06:00:00</StartDateLocal><EndDateLocal>2030-05-01T08:30:00</EndDateLocal>\
<StartCityCode>SFO</StartCityCode><EndCityCode>SEA</EndCityCode>\
<Charges><Fixed><Amount>320.00</Amount><Currency>USD</Currency></Fixed></Charges></Air></Segments></Booking>";
    world.trips.push(Trip {
        id: DEMO_TRIP_ID.into(),
        user_id: user_id.into(),
        name: "Seattle".into(),
        status: 0,
        start: "2030-05-01T00:00:00".into(),
        end: "2030-05-05T23:59:00".into(),
        bookings: vec![StoredBooking {
            source: "Other Air".into(),
            record_locator: "OA-77".into(),
            confirmations: vec!["OA77".into()],
            start: "2030-05-01T06:00:00".into(),
            end: "2030-05-01T08:30:00".into(),
            xml: air.into(),
        }],
        modified: now,
    });
}

/// Three SUBMITTED travel requests waiting for agency proposals (owners: demo users 1, 4, 5).
pub fn seed_travel_requests(world: &mut World) {
    let rows = [
        (0usize, "Dream Trip To Paris", "2030-07-26", "2030-08-25"),
        (3, "Book To California", "2030-06-28", "2030-07-01"),
        (4, "Book to BLR", "2030-06-28", "2030-07-01"),
    ];
    for (n, (user, name, start, end)) in rows.iter().enumerate() {
        world.travel_requests.push(TravelRequest {
            id: format!("8354DDF8F1C6374BAE25189266293C{n:02}"),
            request_id: format!("33{n:02}"),
            owner_id: demo_user_id(*user),
            name: (*name).into(),
            status: "SUBMITTED".into(),
            start_date: (*start).into(),
            end_date: (*end).into(),
            provider_message_id: None,
            proposals: vec![],
        });
    }
}
