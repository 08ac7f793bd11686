//! Request v4: the guide's payloads parse, every builder makes the exact documented request,
//! company tokens always name a user, correlation ids must be UUIDs, errors are typed, and the
//! proposal batch rules hold.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::json;
use triplink_core::api::request_v4::*;
use triplink_core::model::itinerary::Itinerary;
use triplink_core::model::request_v4::*;
use triplink_core::transport::{HttpResponse, Method};
use triplink_core::{ApiConfig, ErrorCode, Secret, TriplinkError};

const AGENT: &str = "a9e70000-0000-4000-8000-000000000001";

fn cfg() -> ApiConfig {
    ApiConfig::new("https://us.api.concursolutions.com").unwrap()
}

fn company() -> V4Auth {
    V4Auth::company(Secret::new("ct"), AGENT).unwrap()
}

#[test]
fn the_guides_list_response_parses_and_keeps_unknown_fields() {
    let text = std::fs::read_to_string(format!(
        "{}/../tests/fixtures/request_v4/list_submitted_seed003.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let page = parse_request_page(&HttpResponse::new(200, text), &cfg()).unwrap();
    assert!(page.data.len() >= 3);
    let r = &page.data[0];
    assert_eq!(r.name.as_deref(), Some("Dream Trip To Paris"));
    assert_eq!(
        r.approval_status.as_ref().unwrap().code,
        ApprovalStatusCode::Submitted
    );
    assert_eq!(
        r.owner.as_ref().unwrap().last_name.as_deref(),
        Some("Never2")
    );
    assert_eq!(
        r.total_approved_amount.as_ref().unwrap().value.to_string(),
        "12000"
    );
    assert!(r.extra.contains_key("highestExceptionLevel") || r.highest_exception_level.is_some());
    assert_eq!(page.operations[0].rel, "first");
    assert_eq!(page.next(), None);
    let round: Request = serde_json::from_value(serde_json::to_value(r).unwrap()).unwrap();
    assert_eq!(&round, r, "read-modify-write keeps everything");
}

#[test]
fn builders_make_the_documented_requests() {
    let call = V4Call::default();
    let p = ListRequestsParams {
        view: Some(View::PendingProposal),
        start: Some(10),
        limit: Some(100),
        modified_after: Some("2024-01-01T00:00:00Z".into()),
        approved_before: Some("2024-02-01".into()),
        sort_field: Some("requestId".into()),
        ascending: Some(true),
        ..Default::default()
    };
    let r = build_list_requests_request(&cfg(), &company(), &call, &p).unwrap();
    assert_eq!(r.method, Method::Get);
    assert_eq!(
        r.url,
        format!("https://us.api.concursolutions.com/travelrequest/v4/requests?userId={AGENT}&view=PENDINGPROPOSAL&start=10&limit=100&approvedBefore=2024-02-01&modifiedAfter=2024-01-01T00%3A00%3A00Z&sortField=requestId&sortOrder=ASC")
    );
    assert_eq!(r.header("Authorization"), Some("Bearer ct"));
    let user = V4Auth::User(Secret::new("ut"));
    let r = build_get_request(&cfg(), &user, &call, "8354DDF8").unwrap();
    assert_eq!(
        r.url,
        "https://us.api.concursolutions.com/travelrequest/v4/requests/8354DDF8"
    );
    let r = build_action_request(
        &cfg(),
        &company(),
        &call,
        "R1",
        &RequestAction::SendBack {
            comment: "dates?".into(),
        },
    )
    .unwrap();
    assert_eq!((r.method, r.url.as_str()), (Method::Post, format!("https://us.api.concursolutions.com/travelrequest/v4/requests/R1/sendback?userId={AGENT}").as_str()));
    assert_eq!(r.body, br#"{"comment":"dates?"}"#);
    let r = build_action_request(&cfg(), &user, &call, "R1", &RequestAction::Approve).unwrap();
    assert!(r.url.ends_with("/requests/R1/approve") && r.body.is_empty());
    assert_eq!(
        RequestAction::parse("approve", None).unwrap(),
        RequestAction::Approve
    );
    assert_eq!(
        RequestAction::parse("sendBack", Some("dates?".into())).unwrap(),
        RequestAction::SendBack {
            comment: "dates?".into()
        }
    );
    for (name, comment, field) in [
        ("sendBack", None, "comment"),
        ("sendBack", Some(" ".to_owned()), "comment"),
        ("launch", None, "action"),
    ] {
        match RequestAction::parse(name, comment) {
            Err(TriplinkError::InvalidInput { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{name}: {other:?}"),
        }
    }
    let r = build_get_part_request(&cfg(), &user, &call, "R1", RequestPart::Exceptions).unwrap();
    assert!(r.url.ends_with("/requests/R1/exceptions"));
    let r = build_user_policies_request(&cfg(), &company(), &call).unwrap();
    assert!(r.url.ends_with(&format!("/userpolicies?userId={AGENT}")));
    let mut changes = serde_json::Map::new();
    changes.insert("comment".into(), serde_json::Value::Null);
    let r = build_update_request(&cfg(), &user, &call, "R1", &changes).unwrap();
    assert_eq!(
        (r.method, r.body.as_slice()),
        (Method::Put, br#"{"comment":null}"#.as_slice())
    );
    let traced = V4Call {
        correlation_id: Some("7a4f1c2e-0000-4000-8000-000000000016".into()),
    };
    assert_eq!(
        build_get_request(&cfg(), &user, &traced, "R1")
            .unwrap()
            .header("concur-correlationid"),
        Some("7a4f1c2e-0000-4000-8000-000000000016")
    );
}

#[test]
fn bad_input_is_refused_before_sending() {
    let call = V4Call::default();
    assert_eq!(
        V4Auth::company(Secret::new("ct"), "agent-7")
            .unwrap_err()
            .code(),
        ErrorCode::InvalidInput
    );
    let bad_call = V4Call {
        correlation_id: Some("not-a-uuid".into()),
    };
    assert!(build_get_request(&cfg(), &company(), &bad_call, "R1").is_err());
    for p in [
        ListRequestsParams {
            limit: Some(0),
            ..Default::default()
        },
        ListRequestsParams {
            limit: Some(101),
            ..Default::default()
        },
        ListRequestsParams {
            modified_after: Some("01/02/2024".into()),
            ..Default::default()
        },
        ListRequestsParams {
            sort_field: Some("name".into()),
            ..Default::default()
        },
    ] {
        assert_eq!(
            build_list_requests_request(&cfg(), &company(), &call, &p)
                .unwrap_err()
                .code(),
            ErrorCode::InvalidInput
        );
    }
    let with_id = Request {
        id: Some("X".into()),
        ..Default::default()
    };
    assert!(build_create_request(&cfg(), &company(), &call, &with_id).is_err());
    assert!(build_action_request(
        &cfg(),
        &company(),
        &call,
        "R1",
        &RequestAction::SendBack {
            comment: " ".into()
        }
    )
    .is_err());
}

#[test]
fn errors_are_typed_with_their_codes() {
    let r = HttpResponse::new(
        400,
        r#"{"errors":[{"errorCode":"missingRequiredParam","errorMessage":"userId is required"}]}"#,
    )
    .with_header("concur-correlationid", "c-1");
    let e = parse_request(&r, &cfg()).unwrap_err();
    assert_eq!(
        (e.code(), e.correlation_id()),
        (ErrorCode::InvalidInput, Some("c-1"))
    );
    assert_eq!(
        e.api_failure().unwrap().api_code.as_deref(),
        Some("missingRequiredParam")
    );
    assert_eq!(read_v4_errors(&r).len(), 1);
    for (status, want) in [
        (401, ErrorCode::Auth),
        (403, ErrorCode::Auth),
        (404, ErrorCode::NotFound),
        (408, ErrorCode::Timeout),
        (503, ErrorCode::Http),
    ] {
        let r = HttpResponse::new(status, r#"{"errors":[{"errorCode":"x"}]}"#);
        assert_eq!(
            parse_request(&r, &cfg()).unwrap_err().code(),
            want,
            "{status}"
        );
    }
    assert_eq!(
        parse_request(&HttpResponse::new(200, "{not json"), &cfg())
            .unwrap_err()
            .code(),
        ErrorCode::Decode
    );
}

fn proposal() -> AgencyProposal {
    serde_json::from_value(json!({
        "providerMessageId": "x", "proposalBatchSize": 1, "proposalOrder": 1, "booked": false,
        "totalPostedAmount": {"value": 100.5, "currency": "USD"},
        "agencyProposalEntries": [{"agencyProposalSegment": [{"proposalSegmentType": "HOTEL", "pnr": "P", "booked": true,
            "startDate": "2030-01-01", "endDate": "2030-01-02", "vendorName": "Acme", "name": "Acme", "location": {"city": "Paris"}}]}]
    }))
    .unwrap()
}

#[test]
fn proposal_batches_follow_the_rules() {
    assert!(ProposalBatch::start_new_batch("", 2).is_err());
    assert!(ProposalBatch::start_new_batch(&"x".repeat(33), 2).is_err());
    assert!(ProposalBatch::start_new_batch("B", 4).is_err());
    let mut b = ProposalBatch::start_new_batch("B-1", 2).unwrap();
    assert!(b.add(3, proposal()).is_err(), "order beyond the size");
    b.add(2, proposal()).unwrap();
    assert!(b.add(2, proposal()).is_err(), "duplicate order");
    assert!(
        b.proposals().unwrap_err().to_string().contains('1'),
        "names the missing proposal"
    );
    let mut bad = proposal();
    bad.agency_proposal_entries[0].segments[0].name = None;
    assert!(b.add(1, bad).is_err(), "HOTEL needs a name");
    b.add(1, proposal()).unwrap();
    let ps = b.proposals().unwrap();
    assert_eq!(
        ps.iter()
            .map(|p| (
                p.proposal_order,
                p.proposal_batch_size,
                p.provider_message_id.as_str()
            ))
            .collect::<Vec<_>>(),
        [(1, 2, "B-1"), (2, 2, "B-1")]
    );
    let json = serde_json::to_value(ps[0]).unwrap();
    assert!(
        json["agencyProposalEntries"][0]["agencyProposalSegments"].is_array(),
        "plural written"
    );
    let trips = b
        .as_itinerary_trips(
            "REQ-1",
            vec![Itinerary::default(), Itinerary::default()],
            true,
            false,
        )
        .unwrap();
    assert_eq!(
        (
            trips[1].trip_status,
            trips[1].client_locator.as_deref(),
            trips[1].travel_request_id.as_deref()
        ),
        (Some(7.into()), Some("B-1"), Some("REQ-1"))
    );
    let attrs = trips[1].custom_attributes.as_ref().unwrap();
    let get = |n: &str| {
        attrs
            .iter()
            .find(|a| a.name.as_deref() == Some(n))
            .unwrap()
            .data
            .clone()
            .unwrap()
    };
    assert_eq!(
        (
            get("ProposalBatchSize"),
            get("ProposalSequenceIndex"),
            get("TicketIssued"),
            get("AutoSelectProposal")
        ),
        ("2".into(), "2".into(), "True".into(), "False".into())
    );
    assert!(b
        .as_itinerary_trips("REQ-1", vec![Itinerary::default()], false, false)
        .is_err());
    let booked = booked_trip(&trips[0], true);
    assert_eq!(
        (booked.trip_status, booked.custom_attributes.as_ref()),
        (Some(1.into()), None)
    );
    assert_eq!(booked.travel_request_id.as_deref(), Some("REQ-1"));
}

#[test]
fn a_batch_from_a_list_numbers_the_proposals_in_order_and_keeps_the_rules() {
    let b = ProposalBatch::from_proposals(" B-2 ", vec![proposal(), proposal()]).unwrap();
    let ps = b.proposals().unwrap();
    assert_eq!(
        ps.iter()
            .map(|p| (
                p.proposal_order,
                p.proposal_batch_size,
                p.provider_message_id.as_str()
            ))
            .collect::<Vec<_>>(),
        [(1, 2, "B-2"), (2, 2, "B-2")]
    );
    for n in [0, 4, 300] {
        let e = ProposalBatch::from_proposals("B", vec![proposal(); n]).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidInput, "{n} proposals");
        assert!(e.to_string().contains("1 to 3"), "{e}");
    }
    let mut bad = proposal();
    bad.agency_proposal_entries[0].segments[0].name = None;
    assert!(ProposalBatch::from_proposals("B", vec![proposal(), bad]).is_err());
    assert!(ProposalBatch::from_proposals("", vec![proposal()]).is_err());
}

/// Every key of a JSON body, with its path, whose value is `null`.
fn null_paths(v: &serde_json::Value, path: &str, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Null => out.push(path.to_owned()),
        serde_json::Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                null_paths(x, &format!("{path}[{i}]"), out);
            }
        }
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                null_paths(x, &format!("{path}.{k}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn request_bodies_leave_unset_fields_out_rather_than_sending_null() {
    // Issue 24, item 1: the swagger types location fields as string/number, not nullable.
    let mut p = proposal();
    p.agency_proposal_entries[0].segments[0].start_location = Some(Location {
        iata_code: Some("CDG".into()),
        ..Location::default()
    });
    let call = V4Call::default();
    let rid = "6f1c1d5e-8a55-4c39-9a0f-0b1b2e3c4d5e";
    let post = build_post_proposal_request(&cfg(), &company(), &call, rid, &p).unwrap();
    let body: serde_json::Value = serde_json::from_slice(&post.body).unwrap();
    let seg = &body["agencyProposalEntries"][0]["agencyProposalSegments"][0];
    assert_eq!(seg["startLocation"], json!({"iataCode": "CDG"}));
    assert_eq!(seg["location"], json!({"city": "Paris"}));
    let expense = ExpectedExpense {
        trip_data: Some(TripData {
            legs: Some(vec![SegmentLeg {
                start_location: Some(Location::default()),
                ..SegmentLeg::default()
            }]),
            ..TripData::default()
        }),
        ..ExpectedExpense::default()
    };
    let request = Request {
        name: Some("Trip".into()),
        owner: Some(Employee::default()),
        main_destination: Some(Location::default()),
        ..Request::default()
    };
    let bodies = [
        post.body,
        build_create_request(&cfg(), &company(), &call, &request)
            .unwrap()
            .body,
        serde_json::to_vec(&expense).unwrap(),
    ];
    for body in bodies {
        let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
        let mut nulls = Vec::new();
        null_paths(&v, "", &mut nulls);
        assert!(nulls.is_empty(), "null sent at {nulls:?}");
    }
}
