//! Every sans-IO request carries its retry safety, declared by the builder that made it: a
//! caller doing its own HTTP reads whether a lost answer may be resent (a POST that may have
//! acted says it may not), and the client's retry loop reads the same field.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use triplink_core::api::connection_requests as cr;
use triplink_core::api::itinerary as itin;
use triplink_core::api::oauth::{build_revoke_request, build_token_request, Grant};
use triplink_core::api::request_v4::{self as v4, RequestAction, V4Auth, V4Call};
use triplink_core::model::itinerary::{Booking, Itinerary};
use triplink_core::model::{ClientCredentials, CrVersion, StatusCode};
use triplink_core::transport::{HttpRequest, Method, RetrySafety};
use triplink_core::{ApiConfig, Secret};

use RetrySafety::{NotSafeToRepeat as Once, SafeToRepeat as Again};

fn cfg() -> ApiConfig {
    ApiConfig::new("https://us.api.concursolutions.com").unwrap()
}

fn token() -> Secret {
    Secret::new("tok")
}

fn check(what: &str, req: HttpRequest, method: Method, safety: RetrySafety) {
    assert_eq!((req.method, req.retry_safety), (method, safety), "{what}");
}

#[test]
fn connection_request_builders_declare_their_safety() {
    let (c, v, t) = (cfg(), CrVersion::V3_2, token());
    let list = cr::build_list_request(&c, v, &t, &cr::ListParams::default()).unwrap();
    check("list", list, Method::Get, Again);
    let create = cr::build_create_request(&c, v, &t, "jane@example.com").unwrap();
    check("create", create, Method::Post, Once);
    let status = StatusCode::parse("CRRET");
    let put = cr::build_update_status_request(&c, v, &t, "id1", &status).unwrap();
    check("status PUT", put, Method::Put, Again);
}

#[test]
fn itinerary_builders_declare_their_safety_where_the_method_would_guess_wrong() {
    let (c, t) = (cfg(), token());
    let params = itin::TripListParams::default();
    check(
        "GetTrips search POST",
        itin::build_get_trips_post_request(&c, &t, &params).unwrap(),
        Method::Post,
        Again,
    );
    let trip = Itinerary {
        trip_name: Some("Paris".into()),
        trip_status: Some(0.into()),
        ..Itinerary::default()
    };
    check(
        "create trip",
        itin::build_create_trip_request(&c, &t, &trip, None).unwrap(),
        Method::Post,
        Once,
    );
    check(
        "replace trip",
        itin::build_replace_trip_request(&c, &t, "T1", &trip, None).unwrap(),
        Method::Post,
        Again,
    );
    check(
        "cancel trip",
        itin::build_cancel_trip_request(&c, &t, "T1", None).unwrap(),
        Method::Post,
        Again,
    );
    let booking = Booking {
        record_locator: Some("HX42QZ".into()),
        booking_source: Some("Demo".into()),
        ..Booking::default()
    };
    check(
        "post booking",
        itin::build_post_booking_request(&c, &t, &booking, None, None).unwrap(),
        Method::Post,
        Once,
    );
}

#[test]
fn token_requests_are_safe_unless_the_grant_is_single_use() {
    let creds = ClientCredentials {
        client_id: "cid".into(),
        client_secret: Secret::new("csecret"),
    };
    let grants = [
        (
            Grant::Password {
                username: "u".into(),
                password: Secret::new("p"),
            },
            Again,
        ),
        (
            Grant::RefreshToken {
                refresh_token: Secret::new("r"),
                scope: None,
            },
            Again,
        ),
        (
            Grant::AuthorizationCode {
                code: Secret::new("c"),
                redirect_uri: "https://app.example/cb".into(),
            },
            Once,
        ),
        (
            Grant::ConnectionRequest {
                user_id: "u1".into(),
                request_token: Secret::new("rt"),
            },
            Once,
        ),
    ];
    for (grant, safety) in grants {
        let req = build_token_request(&cfg(), &creds, &grant).unwrap();
        check(&format!("{grant:?}"), req, Method::Post, safety);
    }
    check(
        "revoke",
        build_revoke_request(&cfg(), &token()),
        Method::Delete,
        Again,
    );
}

#[test]
fn request_v4_actions_may_act_once() {
    let auth = V4Auth::User(token());
    let call = V4Call::default();
    let submit =
        v4::build_action_request(&cfg(), &auth, &call, "R1", &RequestAction::Submit).unwrap();
    check("submit", submit, Method::Post, Once);
    let get = v4::build_get_request(&cfg(), &auth, &call, "R1").unwrap();
    check("get", get, Method::Get, Again);
}

#[test]
fn a_request_read_without_the_field_is_not_resent_on_a_guess() {
    let json =
        r#"{"method":"GET","url":"https://x.test/","headers":[],"body":[],"timeout_ms":null}"#;
    let req: HttpRequest = serde_json::from_str(json).unwrap();
    assert_eq!(req.retry_safety, Once);
}
