//! `triplink trip list|get` and `booking post|cancel`: Itinerary v1 through the core's
//! `ItineraryClient`, as the traveller whose tokens are kept under --key, printed as a table
//! or JSON.

use crate::args::Cli;
use crate::cr_cmd::json;
use crate::error::{failed, CliError};
use crate::session::Session;
use crate::travel_args::{BookingCommand, TripCommand};
use std::fmt::Display;
use triplink::api::itinerary::TripListParams;
use triplink::client::ItineraryClient;
use triplink::model::itinerary::{CancelOutcome, Itinerary, ItineraryInfo};
use triplink::wire::itinerary::read_booking;

fn text<T: Display>(v: &Option<T>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_default()
}

fn list_table(trips: &[ItineraryInfo]) -> String {
    let mut out = format!(
        "{:<28} {:<28} {:<6} {:<20} end\n",
        "trip id", "name", "status", "start"
    );
    for t in trips {
        out += &format!(
            "{:<28} {:<28} {:<6} {:<20} {}\n",
            text(&t.trip_id),
            text(&t.trip_name),
            text(&t.trip_status),
            text(&t.start_date_local),
            text(&t.end_date_local)
        );
    }
    out
}

fn trip_table(t: &Itinerary) -> String {
    let mut out = format!(
        "trip id:  {}\nname:     {}\nstatus:   {}\nstart:    {}\nend:      {}\nbookings:\n",
        text(&t.trip_id),
        text(&t.trip_name),
        text(&t.trip_status),
        text(&t.start_date_local),
        text(&t.end_date_local)
    );
    for b in t.bookings.iter().flatten() {
        out += &format!(
            "  {:<24} locator {:<12} confirmations {}\n",
            text(&b.booking_source),
            text(&b.record_locator),
            triplink::client::booking_confirmations(b).join(",")
        );
    }
    out
}

fn client(cli: &Cli, key: &str) -> Result<ItineraryClient, CliError> {
    Ok(ItineraryClient::new(Session::open(cli)?.api(key)))
}

/// Runs `trip list|get`.
pub async fn trip(cli: &Cli, command: &TripCommand) -> Result<(), CliError> {
    match command {
        TripCommand::List {
            key,
            include_canceled,
            per_page,
            json: as_json,
        } => {
            let params = TripListParams {
                include_canceled_trips: *include_canceled,
                items_per_page: Some((*per_page).max(1)),
                ..TripListParams::default()
            };
            let walked = client(cli, key)?.list_all_trips(&params).await;
            if let Some(e) = walked.stopped {
                return Err(failed("listing trips stopped", e));
            }
            if *as_json {
                println!("{}", json(&walked.items)?);
            } else {
                print!("{}", list_table(&walked.items));
                println!("{} trip(s)", walked.items.len());
            }
        }
        TripCommand::Get {
            id,
            key,
            json: as_json,
        } => {
            let trip = client(cli, key)?
                .get_trip(id, None)
                .await
                .map_err(|e| failed(&format!("trip {id}"), e))?
                .value;
            if *as_json {
                println!("{}", json(&trip)?);
            } else {
                print!("{}", trip_table(&trip));
            }
        }
    }
    Ok(())
}

/// Runs `booking post|cancel`.
pub async fn booking(cli: &Cli, command: &BookingCommand) -> Result<(), CliError> {
    match command {
        BookingCommand::Post {
            file,
            trip,
            key,
            json: as_json,
        } => {
            let where_ = format!("booking file {}", file.display());
            let xml = std::fs::read_to_string(file).map_err(|e| failed(&where_, e))?;
            let booking = read_booking(&xml).map_err(|e| failed(&where_, e))?;
            let posted = client(cli, key)?
                .post_booking(&booking, trip.as_deref(), None)
                .await
                .map_err(|e| failed("booking post", e))?;
            if *as_json {
                println!("{}", json(&posted.value)?);
            } else {
                print!("{}", trip_table(&posted.value));
                if let Some(c) = posted.correlation_id {
                    println!("correlation id {c}");
                }
            }
        }
        BookingCommand::Cancel {
            source,
            confirmation,
            key,
        } => {
            let outcome = client(cli, key)?
                .cancel_booking(source, confirmation, None)
                .await
                .map_err(|e| failed(&format!("cancel {confirmation}"), e))?
                .value;
            match outcome {
                CancelOutcome::Cancelled(_) => println!("{confirmation}: cancelled"),
                CancelOutcome::NotFound => {
                    return Err(CliError::Failed(format!(
                        "{confirmation}: no booking from {source} with that confirmation number"
                    )))
                }
            }
        }
    }
    Ok(())
}
