//! The TMC flow of seed 003 against the sandbox over loopback: read requests waiting for a
//! proposal, post a batch of three (Request v4 proposals and Itinerary proposal trips), see the
//! traveller's choice, book it (TripStatus 1), cancel the others, then cancel the booking; plus
//! the documented error cases (company token without a user, bad ids, a new batch id wiping).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use serde_json::json;
use triplink::api::itinerary::ActingFor;
use triplink::api::oauth::Grant;
use triplink::api::request_v4::{ListRequestsParams, View};
use triplink::client::{ApiSession, ItineraryClient, RequestsClient};
use triplink::model::itinerary::{CancelOutcome, ItinDateTime, Itinerary};
use triplink::model::request_v4::*;
use triplink::{ApiConfig, ErrorCode};
use triplink_sandbox::demo::TMC_AGENT_ID;

fn proposal(price: u32, flight: &str) -> AgencyProposal {
    let seg = |t: &str| {
        serde_json::from_value::<ProposalSegment>(json!({
            "proposalSegmentType": t, "pnr": "PNR1", "booked": false, "startDate": "2030-07-26", "endDate": "2030-08-25",
            "vendorName": if t == "AIR" { "Air France" } else { "Acme Paris" }, "classOfService": "Y", "duration": 660,
            "flightNumber": flight, "startLocation": {"iataCode": "SFO"}, "endLocation": {"iataCode": "CDG"},
            "name": "Acme Paris", "location": {"city": "Paris", "countryCode": "FR"}
        }))
        .unwrap()
    };
    serde_json::from_value(json!({
        "providerMessageId": "overwritten", "proposalBatchSize": 0, "proposalOrder": 0, "booked": false,
        "totalPostedAmount": {"value": price, "currency": "USD"},
        "agencyProposalEntries": [{"agencyProposalSegments": [seg("AIR"), seg("HOTEL")]}]
    }))
    .unwrap()
}

async fn tmc(rig: &Rig) -> (RequestsClient, ItineraryClient) {
    rig.tokens
        .login("tmc", None, &Grant::ClientCredentials)
        .await
        .unwrap();
    let session = ApiSession::new(
        rig.exec.clone(),
        rig.tokens.clone(),
        "tmc",
        ApiConfig::new(&rig.sandbox.us_url()).unwrap(),
    );
    (
        RequestsClient::for_company(session.clone(), TMC_AGENT_ID).unwrap(),
        ItineraryClient::new(session),
    )
}

#[tokio::test]
async fn the_whole_tmc_flow() {
    let rig = rig().await;
    let (requests, trips) = tmc(&rig).await;
    let pending = requests
        .list(&ListRequestsParams {
            view: Some(View::PendingProposal),
            ..Default::default()
        })
        .await
        .unwrap()
        .value;
    assert_eq!(pending.data.len(), 3);
    let req = pending.data[0].clone();
    let req_id = req.id.clone().unwrap();
    assert_eq!(
        req.approval_status.as_ref().unwrap().code,
        ApprovalStatusCode::Submitted
    );

    let mut batch =
        ProposalBatch::start_new_batch(&format!("B-{}", req.request_id.clone().unwrap()), 3)
            .unwrap();
    for (i, (price, flight)) in [(1800, "AF83"), (1500, "AF85"), (2100, "AF87")]
        .into_iter()
        .enumerate()
    {
        batch.add(i as u8 + 1, proposal(price, flight)).unwrap();
    }
    let posted = requests.post_batch(&req_id, &batch).await.unwrap();
    assert_eq!(posted.len(), 3);

    // The same batch as Itinerary proposal trips (TripStatus 6 + custom attributes).
    let owner_login = rig
        .sandbox
        .users()
        .into_iter()
        .find(|u| Some(&u.id) == req.owner.as_ref().and_then(|o| o.id.as_ref()))
        .unwrap()
        .login;
    let who = ActingFor::Login(owner_login);
    let base_trip = |name: &str| Itinerary {
        trip_name: Some(name.into()),
        start_date_local: ItinDateTime::parse("2030-07-26T08:00:00"),
        end_date_local: ItinDateTime::parse("2030-08-25T18:00:00"),
        ..Itinerary::default()
    };
    let proposal_trips = batch
        .as_itinerary_trips(
            &req_id,
            vec![
                base_trip("Option 1"),
                base_trip("Option 2"),
                base_trip("Option 3"),
            ],
            false,
            false,
        )
        .unwrap();
    let mut trip_ids = vec![];
    for t in &proposal_trips {
        trip_ids.push(
            trips
                .create_trip(t, Some(&who))
                .await
                .unwrap()
                .value
                .trip_id
                .unwrap(),
        );
    }

    // The traveller picks option 2; the TMC sees it and books it.
    assert!(rig.sandbox.choose_proposal(&req_id, 2));
    let chosen = requests.proposals(&req_id).await.unwrap().value;
    let selected: Vec<u8> = chosen
        .iter()
        .filter(|p| p.selected())
        .map(|p| p.proposal_order)
        .collect();
    assert_eq!(selected, [2]);
    let approved = requests
        .list(&ListRequestsParams {
            view: Some(View::ProposalApproved),
            ..Default::default()
        })
        .await
        .unwrap()
        .value;
    assert_eq!(approved.data.len(), 1);
    let booked = booked_trip(&proposal_trips[1], true);
    let booked = trips
        .replace_trip(&trip_ids[1], &booked, Some(&who))
        .await
        .unwrap()
        .value;
    assert_eq!(booked.trip_status, Some(1.into()));
    for other in [&trip_ids[0], &trip_ids[2]] {
        assert!(matches!(
            trips.cancel_trip(other, Some(&who)).await.unwrap().value,
            CancelOutcome::Cancelled(_)
        ));
    }
    // The traveller's needs change: cancel the booked trip too.
    let cancelled = trips
        .cancel_trip(&trip_ids[1], Some(&who))
        .await
        .unwrap()
        .value;
    assert!(matches!(cancelled, CancelOutcome::Cancelled(_)));
}

#[tokio::test]
async fn request_parts_agency_and_policies() {
    let rig = rig().await;
    let (requests, _) = tmc(&rig).await;
    let id = rig.sandbox.travel_requests()[0].id.clone();
    assert_eq!(
        requests.comments(&id).await.unwrap().value[0]
            .value
            .as_deref(),
        Some("Bon voyage")
    );
    let ex = requests.exceptions(&id).await.unwrap().value;
    assert_eq!(
        (ex[0].code.as_deref(), ex[0].is_blocking),
        (Some("SEG_TOO_EXPENSIVE"), Some(false))
    );
    assert!(ex[0].extra.contains_key("source"), "unnamed fields kept");
    let exp = requests.expenses(&id).await.unwrap().value;
    let legs = exp[0].trip_data.as_ref().unwrap().legs.as_ref().unwrap();
    assert_eq!(
        legs[0].end_location.as_ref().unwrap().iata_code.as_deref(),
        Some("CDG")
    );
    assert_eq!(
        exp[0]
            .transaction_amount
            .as_ref()
            .unwrap()
            .value
            .to_string(),
        "1200.5"
    );
    let agency = requests.travel_agency("acme-travel").await.unwrap().value;
    assert_eq!(agency.name.as_deref(), Some("Acme Travel"));
    assert_eq!(
        requests.travel_agency("nope").await.unwrap_err().code(),
        ErrorCode::NotFound
    );
    assert_eq!(
        requests.user_policies().await.unwrap().value[0]["userId"],
        TMC_AGENT_ID
    );
}

#[tokio::test]
async fn paging_walks_next_links_and_actions_change_status() {
    let rig = rig().await;
    let (requests, _) = tmc(&rig).await;
    let walked = requests
        .list_all(&ListRequestsParams {
            view: Some(View::All),
            limit: Some(1),
            ..Default::default()
        })
        .await;
    assert!(walked.stopped.is_none(), "{:?}", walked.stopped);
    assert_eq!((walked.items.len(), walked.pages), (3, 3));
    let id = walked.items[1].id.clone().unwrap();
    use triplink::api::request_v4::RequestAction;
    let sent_back = requests
        .action(
            &id,
            &RequestAction::SendBack {
                comment: "Which dates?".into(),
            },
        )
        .await
        .unwrap()
        .value;
    assert_eq!(
        sent_back.approval_status.unwrap().code,
        ApprovalStatusCode::SentBack
    );
    let e = requests
        .action(&id, &RequestAction::SendBack { comment: "".into() })
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput, "refused before sending");
    let approved = requests
        .action(&id, &RequestAction::Approve)
        .await
        .unwrap()
        .value;
    assert_eq!(
        approved.approval_status.unwrap().code,
        ApprovalStatusCode::Approved
    );
}

#[tokio::test]
async fn documented_error_cases() {
    let rig = rig().await;
    let (requests, _) = tmc(&rig).await;
    // A company session used as a user session: the server asks for userId.
    let session = ApiSession::new(
        rig.exec.clone(),
        rig.tokens.clone(),
        "tmc",
        ApiConfig::new(&rig.sandbox.us_url()).unwrap(),
    );
    let e = RequestsClient::for_user(session)
        .list(&ListRequestsParams::default())
        .await
        .unwrap_err();
    assert_eq!(
        (e.code(), e.api_failure().unwrap().api_code.as_deref()),
        (ErrorCode::InvalidInput, Some("missingRequiredParam"))
    );
    assert!(RequestsClient::for_company(
        ApiSession::new(
            rig.exec.clone(),
            rig.tokens.clone(),
            "tmc",
            ApiConfig::new(&rig.sandbox.us_url()).unwrap()
        ),
        "not-a-uuid"
    )
    .is_err());
    let e = requests
        .list(&ListRequestsParams {
            limit: Some(101),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    let e = requests
        .get("00000000000000000000000000000000")
        .await
        .unwrap_err();
    assert_eq!(
        (e.code(), e.api_failure().unwrap().api_code.as_deref()),
        (ErrorCode::NotFound, Some("notFound"))
    );

    // A new batch id wipes the earlier proposals — it takes the deliberate start_new_batch call.
    let req_id = rig.sandbox.travel_requests()[1].id.clone();
    let mut a = ProposalBatch::start_new_batch("BATCH-A", 2).unwrap();
    a.add(1, proposal(1000, "X1")).unwrap();
    assert!(
        requests.post_batch(&req_id, &a).await.is_err(),
        "an incomplete batch is refused before sending"
    );
    a.add(2, proposal(1100, "X2")).unwrap();
    requests.post_batch(&req_id, &a).await.unwrap();
    assert_eq!(requests.proposals(&req_id).await.unwrap().value.len(), 2);
    let mut b = ProposalBatch::start_new_batch("BATCH-B", 1).unwrap();
    b.add(1, proposal(900, "X3")).unwrap();
    requests.post_batch(&req_id, &b).await.unwrap();
    let now = requests.proposals(&req_id).await.unwrap().value;
    assert_eq!(now.len(), 1);
    assert_eq!(now[0].provider_message_id, "BATCH-B");
}
