//! Itinerary v1 routes: trip list (plain or paged `ConnectResponse`), get, create, full
//! replace, cancel; booking post with the merge rule (lands in the first trip that spans it,
//! else a new trip; same source + record locator updates in place) and cancel (404 NotFound);
//! and the visibility rule: a supplier sees no amounts and no hidden Air fields in bookings it
//! does not own.

use super::{bearer_user, Ctx};
use crate::demo::DEMO_BOOKING_SOURCE;
use crate::state::{StoredBooking, Trip, World};
use crate::wire::{body, classic_error, esc, utc_text};
use crate::xml_scan::{elements, strip, text, texts};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use std::collections::HashMap;

/// Trip-level fields of a posted trip: name, status, start, end, bookings.
type TripFields = (
    String,
    u8,
    Option<String>,
    Option<String>,
    Vec<StoredBooking>,
);

const NS: &str = "http://www.concursolutions.com/api/travel/trip/2010/06";
/// Fields a supplier does not see in bookings it does not own (NOTES 3.4).
const HIDDEN: &[&str] = &[
    "TotalRate",
    "DailyRate",
    "Rate",
    "Charges",
    "Vendor",
    "FlightNumber",
    "StartDateLocal",
    "StartDateUtc",
];

pub(super) fn routes() -> Router<Ctx> {
    Router::new()
        .route("/api/travel/trip/v1.1/", get(list))
        .route("/api/travel/trip/v1.1", post(create_or_replace))
        .route("/api/travel/trip/v1.1/cancel", post(cancel_trip))
        .route("/api/travel/trip/v1.1/GetTrips", post(get_trips_post))
        .route("/api/travel/trip/v1.1/{id}", get(get_trip))
        .route("/api/travel/booking/v1.1", post(post_booking))
        .route("/api/travel/booking/v1.0", post(post_booking))
        .route("/api/travel/booking/v1.1/cancel", post(cancel_booking))
}

/// The trip owner: the token's user, or — for a company token or the TMC agent — the user named
/// by `userid_type=login|login_id` + `userid_value`.
fn acting_user(
    ctx: &Ctx,
    headers: &HeaderMap,
    q: &HashMap<String, String>,
) -> Result<String, Response> {
    let uid = bearer_user(ctx, headers)?;
    let Some(login) = q.get("userid_value") else {
        return Ok(uid);
    };
    if uid != "app" && uid != crate::demo::TMC_AGENT_ID {
        return Err(classic_error(
            StatusCode::FORBIDDEN,
            "Acting for another user needs administrator rights",
        ));
    }
    let world = ctx.shared.world();
    world
        .users
        .iter()
        .find(|u| &u.login == login)
        .map(|u| u.id.clone())
        .ok_or_else(|| classic_error(StatusCode::BAD_REQUEST, "Unknown userid_value"))
}

fn booking_from(xml: &str) -> Result<StoredBooking, Response> {
    let bad = |m: &str| classic_error(StatusCode::BAD_REQUEST, m);
    let source = text(xml, "BookingSource").ok_or_else(|| bad("BookingSource is required"))?;
    let record_locator =
        text(xml, "RecordLocator").ok_or_else(|| bad("RecordLocator is required"))?;
    let start = texts(xml, "StartDateLocal")
        .into_iter()
        .chain(texts(xml, "StartDateUtc"))
        .min()
        .ok_or_else(|| bad("segments need a start date"))?;
    let end = texts(xml, "EndDateLocal")
        .into_iter()
        .chain(texts(xml, "EndDateUtc"))
        .max()
        .unwrap_or_else(|| start.clone());
    Ok(StoredBooking {
        source,
        record_locator,
        confirmations: texts(xml, "ConfirmationNumber"),
        start,
        end,
        xml: xml.trim().to_owned(),
    })
}

fn trip_xml(base: &str, t: &Trip) -> String {
    let bookings: String = t
        .bookings
        .iter()
        .map(|b| {
            if b.source == DEMO_BOOKING_SOURCE {
                b.xml.clone()
            } else {
                strip(&b.xml, HIDDEN)
            }
        })
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><Itinerary xmlns=\"{NS}\"><id>{base}/api/travel/trip/v1.1/{id}</id><TripId>{id}</TripId><ItinLocator>{id}</ItinLocator><TripName>{}</TripName><TripStatus>{}</TripStatus><StartDateLocal>{}</StartDateLocal><EndDateLocal>{}</EndDateLocal><DateModifiedUtc>{}</DateModifiedUtc><BookedVia>TravelSupplier</BookedVia><IsPersonal>false</IsPersonal><Bookings>{bookings}</Bookings></Itinerary>",
        esc(&t.name), t.status, esc(&t.start), esc(&t.end), utc_text(t.modified), id = esc(&t.id)
    )
}

fn info_xml(base: &str, t: &Trip) -> String {
    format!(
        "<ItineraryInfo><TripId>{id}</TripId><TripName>{}</TripName><TripStatus>{}</TripStatus><StartDateLocal>{}</StartDateLocal><EndDateLocal>{}</EndDateLocal><DateModifiedUtc>{}</DateModifiedUtc><id>{base}/api/travel/trip/v1.1/{id}</id></ItineraryInfo>",
        esc(&t.name), t.status, esc(&t.start), esc(&t.end), utc_text(t.modified), id = esc(&t.id)
    )
}

async fn list(
    State(ctx): State<Ctx>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let uid = match acting_user(&ctx, &headers, &q) {
        Ok(u) => u,
        Err(r) => return r,
    };
    let base = ctx.shared.url(ctx.dc);
    let world = ctx.shared.world();
    let canceled = q
        .get("includeCanceledTrips")
        .map(|v| v == "true")
        .unwrap_or(false);
    let trips: Vec<&Trip> = world
        .trips
        .iter()
        .filter(|t| t.user_id == uid && (canceled || t.status != 2))
        .collect();
    if q.get("includeMetadata").map(String::as_str) != Some("true") {
        let items: String = trips.iter().map(|t| info_xml(&base, t)).collect();
        return body(
            StatusCode::OK,
            "application/xml",
            format!("<ItineraryInfoList xmlns=\"{NS}\">{items}</ItineraryInfoList>"),
        );
    }
    let per: usize = q
        .get("ItemsPerPage")
        .and_then(|v| v.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(200);
    let page: usize = q
        .get("Page")
        .and_then(|v| v.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(1);
    let pages = trips.len().div_ceil(per).max(1);
    let items: String = trips
        .iter()
        .skip((page - 1) * per)
        .take(per)
        .map(|t| info_xml(&base, t))
        .collect();
    let link = |p: usize| {
        format!(
            "{base}/api/travel/trip/v1.1/?includeMetadata=true&amp;ItemsPerPage={per}&amp;Page={p}"
        )
    };
    let next = if page < pages {
        link(page + 1)
    } else {
        String::new()
    };
    let prev = if page > 1 {
        link(page - 1)
    } else {
        String::new()
    };
    body(
        StatusCode::OK,
        "application/xml",
        format!(
            "<ConnectResponse><Metadata><Paging><TotalPages>{pages}</TotalPages><TotalItems>{}</TotalItems><CurrentPage>{page}</CurrentPage><ItemsPerPage>{per}</ItemsPerPage><PreviousPageURL>{prev}</PreviousPageURL><NextPageURL>{next}</NextPageURL></Paging></Metadata><Data><ItineraryInfoList xmlns=\"{NS}\">{items}</ItineraryInfoList></Data></ConnectResponse>",
            trips.len()
        ),
    )
}

/// `POST /GetTrips`: the list filters as a JSON object of strings.
async fn get_trips_post(ctx: State<Ctx>, headers: HeaderMap, bytes: Bytes) -> Response {
    let Ok(serde_json::Value::Object(m)) = serde_json::from_slice::<serde_json::Value>(&bytes)
    else {
        return classic_error(StatusCode::BAD_REQUEST, "GetTrips takes a JSON object");
    };
    let q: HashMap<String, String> = m
        .into_iter()
        .filter_map(|(k, v)| v.as_str().map(|s| (k, s.to_owned())))
        .collect();
    list(ctx, Query(q), headers).await
}

async fn get_trip(
    State(ctx): State<Ctx>,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let uid = match acting_user(&ctx, &headers, &q) {
        Ok(u) => u,
        Err(r) => return r,
    };
    let base = ctx.shared.url(ctx.dc);
    let world = ctx.shared.world();
    match world.trips.iter().find(|t| t.id == id && t.user_id == uid) {
        Some(t) => body(StatusCode::OK, "application/xml", trip_xml(&base, t)),
        None => classic_error(StatusCode::NOT_FOUND, "Trip not found"),
    }
}

fn trip_fields(xml: &str) -> Result<TripFields, Response> {
    let head = strip(xml, &["Bookings"]);
    let name = text(&head, "TripName")
        .ok_or_else(|| classic_error(StatusCode::BAD_REQUEST, "TripName is required"))?;
    let status = text(&head, "TripStatus")
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| classic_error(StatusCode::BAD_REQUEST, "TripStatus is required"))?;
    let bookings = elements(xml, "Booking")
        .iter()
        .map(|b| booking_from(b))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((
        name,
        status,
        text(&head, "StartDateLocal"),
        text(&head, "EndDateLocal"),
        bookings,
    ))
}

async fn create_or_replace(
    State(ctx): State<Ctx>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Response {
    let uid = match acting_user(&ctx, &headers, &q) {
        Ok(u) => u,
        Err(r) => return r,
    };
    let xml = String::from_utf8_lossy(&bytes).into_owned();
    let (name, status, start, end, bookings) = match trip_fields(&xml) {
        Ok(f) => f,
        Err(r) => return r,
    };
    let now = ctx.shared.clock.now();
    let base = ctx.shared.url(ctx.dc);
    let mut world = ctx.shared.world();
    let start = start
        .or_else(|| bookings.iter().map(|b| b.start.clone()).min())
        .unwrap_or_default();
    let end = end
        .or_else(|| bookings.iter().map(|b| b.end.clone()).max())
        .unwrap_or_else(|| start.clone());
    let id = match q.get("tripId").or_else(|| q.get("tripid")) {
        Some(id) => match world
            .trips
            .iter_mut()
            .find(|t| &t.id == id && t.user_id == uid)
        {
            Some(t) => {
                (t.name, t.status, t.start, t.end, t.bookings, t.modified) =
                    (name, status, start, end, bookings, now);
                id.clone()
            }
            None => return classic_error(StatusCode::NOT_FOUND, "Trip not found"),
        },
        None => {
            let id = world.fresh("TRIP");
            world.trips.push(Trip {
                id: id.clone(),
                user_id: uid,
                name,
                status,
                start,
                end,
                bookings,
                modified: now,
            });
            id
        }
    };
    trip_answer(&world, &base, &id)
}

fn trip_answer(world: &World, base: &str, id: &str) -> Response {
    match world.trips.iter().find(|t| t.id == id) {
        Some(t) => body(StatusCode::OK, "application/xml", trip_xml(base, t)),
        None => classic_error(StatusCode::INTERNAL_SERVER_ERROR, "trip vanished"),
    }
}

async fn cancel_trip(
    State(ctx): State<Ctx>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let uid = match acting_user(&ctx, &headers, &q) {
        Ok(u) => u,
        Err(r) => return r,
    };
    let Some(id) = q.get("tripId").or_else(|| q.get("tripid")).cloned() else {
        return classic_error(StatusCode::BAD_REQUEST, "tripId is required");
    };
    let now = ctx.shared.clock.now();
    let base = ctx.shared.url(ctx.dc);
    let mut world = ctx.shared.world();
    let Some(t) = world
        .trips
        .iter_mut()
        .find(|t| t.id == id && t.user_id == uid)
    else {
        return classic_error(StatusCode::NOT_FOUND, "Trip not found");
    };
    t.status = 2;
    t.bookings.clear();
    t.modified = now;
    trip_answer(&world, &base, &id)
}

async fn post_booking(
    State(ctx): State<Ctx>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Response {
    let uid = match acting_user(&ctx, &headers, &q) {
        Ok(u) => u,
        Err(r) => return r,
    };
    let xml = String::from_utf8_lossy(&bytes).into_owned();
    let b = match booking_from(&xml) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let now = ctx.shared.clock.now();
    let base = ctx.shared.url(ctx.dc);
    let mut world = ctx.shared.world();
    let target = match q.get("tripId").or_else(|| q.get("tripid")) {
        Some(id) => match world
            .trips
            .iter()
            .position(|t| &t.id == id && t.user_id == uid)
        {
            Some(i) => Some(i),
            None => return classic_error(StatusCode::NOT_FOUND, "Trip not found"),
        },
        // The merge rule: the first trip whose dates span the booking.
        None => world.trips.iter().position(|t| {
            t.user_id == uid && t.status != 2 && t.start <= b.start && t.end >= b.end
        }),
    };
    let id = match target {
        Some(i) => {
            let t = &mut world.trips[i];
            match t
                .bookings
                .iter_mut()
                .find(|x| x.source == b.source && x.record_locator == b.record_locator)
            {
                Some(existing) => *existing = b,
                None => t.bookings.push(b),
            }
            t.modified = now;
            t.id.clone()
        }
        None => {
            let id = world.fresh("TRIP");
            let name = format!(
                "Trip {}",
                text(&xml, "StartCity")
                    .or_else(|| text(&xml, "Name"))
                    .unwrap_or_else(|| b.source.clone())
            );
            let (start, end) = (b.start.clone(), b.end.clone());
            world.trips.push(Trip {
                id: id.clone(),
                user_id: uid,
                name,
                status: 0,
                start,
                end,
                bookings: vec![b],
                modified: now,
            });
            id
        }
    };
    trip_answer(&world, &base, &id)
}

async fn cancel_booking(
    State(ctx): State<Ctx>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let uid = match acting_user(&ctx, &headers, &q) {
        Ok(u) => u,
        Err(r) => return r,
    };
    let (Some(source), Some(conf)) = (q.get("bookingSource"), q.get("confirmationNumber")) else {
        return classic_error(
            StatusCode::BAD_REQUEST,
            "bookingSource and confirmationNumber are required",
        );
    };
    let mut world = ctx.shared.world();
    for t in world.trips.iter_mut().filter(|t| t.user_id == uid) {
        if let Some(i) = t
            .bookings
            .iter()
            .position(|b| &b.source == source && b.confirmations.contains(conf))
        {
            let removed = t.bookings.remove(i);
            return body(StatusCode::OK, "application/xml", removed.xml);
        }
    }
    body(
        StatusCode::NOT_FOUND,
        "application/xml",
        "<Booking><Status>NotFound</Status></Booking>".into(),
    )
}
