//! The TMC flow of the Request v4 guide against the built-in sandbox: read the travel requests
//! waiting for a proposal, propose three itineraries (as Request v4 agency proposals and as
//! Itinerary v1 proposal trips), see the traveller's choice, book it, and cancel it.
//! Run: `cargo run --example tmc_proposals`.

use serde_json::json;
use std::sync::Arc;
use triplink::api::itinerary::ActingFor;
use triplink::api::oauth::Grant;
use triplink::api::request_v4::{ListRequestsParams, View};
use triplink::client::*;
use triplink::model::itinerary::{ItinDateTime, Itinerary};
use triplink::model::request_v4::{booked_trip, AgencyProposal, ProposalBatch};
use triplink::model::ClientCredentials;
use triplink::runtime::{native_executor, SystemClock};
use triplink::{ApiConfig, Secret};
use triplink_sandbox::demo::{DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, TMC_AGENT_ID};

fn proposal(price: u32, flight: &str) -> Result<AgencyProposal, serde_json::Error> {
    serde_json::from_value(json!({
        "providerMessageId": "set-by-the-batch", "proposalBatchSize": 1, "proposalOrder": 1, "booked": false,
        "totalPostedAmount": {"value": price, "currency": "USD"},
        "agencyProposalEntries": [{"agencyProposalSegments": [{
            "proposalSegmentType": "AIR", "pnr": "PNR1", "booked": false, "startDate": "2030-07-26", "endDate": "2030-08-25",
            "vendorName": "Air France", "classOfService": "Y", "duration": 660, "flightNumber": flight,
            "startLocation": {"iataCode": "SFO"}, "endLocation": {"iataCode": "CDG"}
        }]}]
    }))
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let sb =
        triplink_sandbox::RunningSandbox::start(triplink_sandbox::SandboxConfig::default()).await?;
    println!("Concur sandbox at {}", sb.us_url());
    let exec = native_executor()?;
    let base = ApiConfig::new(&sb.us_url())?;
    let creds = ClientCredentials {
        client_id: DEMO_CLIENT_ID.into(),
        client_secret: Secret::new(DEMO_CLIENT_SECRET),
    };
    let tokens = Arc::new(TokenManager::new(
        exec.clone(),
        Arc::new(InMemoryTokenStore::new()),
        Arc::new(SystemClock),
        TokenManagerConfig::new(creds, base.clone()),
    ));
    tokens.login("tmc", None, &Grant::ClientCredentials).await?;
    let session = ApiSession::new(exec, tokens, "tmc", base);
    let requests = RequestsClient::for_company(session.clone(), TMC_AGENT_ID)?;
    let trips = ItineraryClient::new(session);

    let pending = requests
        .list(&ListRequestsParams {
            view: Some(View::PendingProposal),
            ..Default::default()
        })
        .await?
        .value;
    println!(
        "1. {} travel requests wait for a proposal",
        pending.data.len()
    );
    let req = pending.data.first().ok_or("no pending request")?;
    let req_id = req.id.clone().ok_or("request without id")?;
    println!(
        "   taking {:?} ({})",
        req.name.as_deref().unwrap_or(""),
        req.request_id.as_deref().unwrap_or("")
    );

    let mut batch = ProposalBatch::start_new_batch(
        &format!("B-{}", req.request_id.as_deref().unwrap_or("x")),
        3,
    )?;
    for (i, (price, flight)) in [(1800, "AF83"), (1500, "AF85"), (2100, "AF87")]
        .into_iter()
        .enumerate()
    {
        batch.add(i as u8 + 1, proposal(price, flight)?)?;
    }
    requests.post_batch(&req_id, &batch).await?;
    let owner = req
        .owner
        .as_ref()
        .and_then(|o| o.id.clone())
        .ok_or("request without owner")?;
    let login = sb
        .users()
        .into_iter()
        .find(|u| u.id == owner)
        .map(|u| u.login)
        .ok_or("unknown owner")?;
    let who = ActingFor::Login(login);
    let blank = |n: &str| Itinerary {
        trip_name: Some(n.into()),
        start_date_local: ItinDateTime::parse("2030-07-26T08:00:00"),
        end_date_local: ItinDateTime::parse("2030-08-25T18:00:00"),
        ..Itinerary::default()
    };
    let proposal_trips = batch.as_itinerary_trips(
        &req_id,
        vec![blank("Option 1"), blank("Option 2"), blank("Option 3")],
        false,
        false,
    )?;
    let mut ids = vec![];
    for t in &proposal_trips {
        ids.push(
            trips
                .create_trip(t, Some(&who))
                .await?
                .value
                .trip_id
                .unwrap_or_default(),
        );
    }
    println!(
        "2. proposed 3 itineraries (batch {}), trips {:?}",
        batch.provider_message_id(),
        ids
    );

    sb.choose_proposal(&req_id, 2);
    let chosen = requests
        .proposals(&req_id)
        .await?
        .value
        .into_iter()
        .find(|p| p.selected())
        .ok_or("no choice yet")?;
    println!(
        "3. the traveller chose proposal {} ({} USD)",
        chosen.proposal_order, chosen.total_posted_amount.value
    );
    let i = usize::from(chosen.proposal_order) - 1;
    let booked = trips
        .replace_trip(&ids[i], &booked_trip(&proposal_trips[i], true), Some(&who))
        .await?
        .value;
    for (j, id) in ids.iter().enumerate().filter(|(j, _)| *j != i) {
        trips.cancel_trip(id, Some(&who)).await?;
        println!("   cancelled unchosen option {}", j + 1);
    }
    println!(
        "4. booked trip {} with TripStatus {:?}",
        ids[i], booked.trip_status
    );
    trips.cancel_trip(&ids[i], Some(&who)).await?;
    println!(
        "5. the traveller's plans changed: trip {} cancelled",
        ids[i]
    );
    Ok(())
}

#[tokio::main]
async fn main() {
    if let Err(e) = run().await {
        eprintln!("tmc_proposals failed: {e}");
        std::process::exit(1);
    }
}
