//! Request v4 routes for the travel-agency view: list with views (agent views included), get,
//! workflow actions, and agency proposals (a new `providerMessageId` wipes the earlier batch).
//! A company token (client credentials) must name a user (`userId`, a UUID) or gets 400
//! `missingRequiredParam`; a malformed `concur-correlationid` gets 400 `invalidUuid`.

use super::{bearer_user, Ctx};
use crate::demo::TMC_AGENT_ID;
use crate::state::TravelRequest;
use crate::wire::{body, utc_text};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Value};
use std::collections::HashMap;

pub(super) fn routes() -> Router<Ctx> {
    Router::new()
        .route("/travelrequest/v4/requests", get(list))
        .route("/travelrequest/v4/requests/{id}", get(get_one))
        .route(
            "/travelrequest/v4/requests/{id}/agencyproposals",
            get(proposals).post(post_proposal),
        )
        .route(
            "/travelrequest/v4/requests/{id}/{action}",
            post(action).get(part),
        )
        .route("/travelrequest/v4/travelagencies/{id}", get(agency))
        .route("/travelrequest/v4/userpolicies", get(policies))
        .route("/_sandbox/v4/requests/{id}/choose", post(choose))
}

fn error(status: StatusCode, code: &str, message: &str) -> Response {
    body(
        status,
        "application/json",
        json!({"errors": [{"errorCode": code, "errorMessage": message}]}).to_string(),
    )
}

fn is_uuid(s: &str) -> bool {
    let p: Vec<&str> = s.split('-').collect();
    p.len() == 5
        && p.iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(x, n)| x.len() == n && x.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The acting user: the token's user, or for a company token the required `userId`.
fn acting(ctx: &Ctx, headers: &HeaderMap, q: &HashMap<String, String>) -> Result<String, Response> {
    if let Some(c) = headers
        .get("concur-correlationid")
        .and_then(|v| v.to_str().ok())
    {
        if !is_uuid(c) {
            return Err(error(
                StatusCode::BAD_REQUEST,
                "invalidUuid",
                "concur-correlationid must be a UUID",
            ));
        }
    }
    let uid = bearer_user(ctx, headers)?;
    if uid != "app" {
        return Ok(uid);
    }
    match q.get("userId") {
        None => Err(error(
            StatusCode::BAD_REQUEST,
            "missingRequiredParam",
            "userId is required with a company token",
        )),
        Some(u) if !is_uuid(u) => Err(error(
            StatusCode::BAD_REQUEST,
            "invalidUuid",
            "userId must be a UUID",
        )),
        Some(u) if ctx.shared.world().user(u).is_none() => Err(error(
            StatusCode::BAD_REQUEST,
            "userNotFound",
            "no such user",
        )),
        Some(u) => Ok(u.clone()),
    }
}

fn visible(r: &TravelRequest, uid: &str) -> bool {
    r.owner_id == uid || uid == TMC_AGENT_ID
}

fn request_json(base: &str, r: &TravelRequest, world: &crate::state::World) -> Value {
    let owner = world.user(&r.owner_id);
    json!({
        "id": r.id, "href": format!("{base}/travelrequest/v4/requests/{}", r.id), "requestId": r.request_id,
        "name": r.name, "approvalStatus": {"code": r.status, "name": if r.status == "SUBMITTED" { "Pending Travel Agency Update" } else { "" }},
        "startDate": r.start_date, "endDate": r.end_date, "pendingApproval": r.status == "SUBMITTED", "approved": r.status == "APPROVED",
        "owner": {"id": r.owner_id, "firstName": owner.map(|u| u.first_name.clone()), "lastName": owner.map(|u| u.last_name.clone())},
        "type": {"code": "TRAVEL", "label": "Travel"}, "travelAgency": {"id": "acme-travel"},
        "totalApprovedAmount": {"value": 1200, "currency": "USD"},
    })
}

fn view_matches(view: &str, r: &TravelRequest) -> bool {
    let selected = r.proposals.iter().any(|p| p["selected"] == json!(true));
    match view {
        "ALL" | "ACTIVE" => true,
        "SUBMITTED" | "PENDING" => r.status == "SUBMITTED",
        "PENDINGPROPOSAL" => r.status == "SUBMITTED" && !selected,
        "PROPOSALAPPROVED" => selected,
        "PROPOSALCANCELED" => r.status == "CANCELED",
        "APPROVED" => r.status == "APPROVED",
        "CANCELED" => r.status == "CANCELED",
        _ => false,
    }
}

async fn list(
    State(ctx): State<Ctx>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let uid = match acting(&ctx, &headers, &q) {
        Ok(u) => u,
        Err(r) => return r,
    };
    let view = q.get("view").cloned().unwrap_or_else(|| "ALL".into());
    let agent_view = view.starts_with("PROPOSAL") || view == "PENDINGPROPOSAL";
    if agent_view && uid != TMC_AGENT_ID {
        return error(
            StatusCode::FORBIDDEN,
            "permissionDenied",
            "agent views need a TMC agent userId",
        );
    }
    let limit: usize = match q.get("limit").map(|l| l.parse::<usize>()) {
        None => 10,
        Some(Ok(l)) if (1..=100).contains(&l) => l,
        _ => return error(StatusCode::BAD_REQUEST, "badParam", "limit must be 1..100"),
    };
    let start: usize = q.get("start").and_then(|s| s.parse().ok()).unwrap_or(0);
    let base = ctx.shared.url(ctx.dc);
    let world = ctx.shared.world();
    let all: Vec<&TravelRequest> = world
        .travel_requests
        .iter()
        .filter(|r| visible(r, &uid) && view_matches(&view, r))
        .collect();
    let data: Vec<Value> = all
        .iter()
        .skip(start)
        .take(limit)
        .map(|r| request_json(&base, r, &world))
        .collect();
    let mut ops = vec![];
    if start + limit < all.len() {
        let user = q
            .get("userId")
            .map(|u| format!("&userId={u}"))
            .unwrap_or_default();
        ops.push(json!({"rel": "next", "href": format!("{base}/travelrequest/v4/requests?view={view}&start={}&limit={limit}{user}", start + limit)}));
    }
    body(
        StatusCode::OK,
        "application/json",
        json!({"data": data, "operations": ops}).to_string(),
    )
}

async fn get_one(
    State(ctx): State<Ctx>,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let uid = match acting(&ctx, &headers, &q) {
        Ok(u) => u,
        Err(r) => return r,
    };
    let base = ctx.shared.url(ctx.dc);
    let world = ctx.shared.world();
    match world
        .travel_requests
        .iter()
        .find(|r| r.id == id && visible(r, &uid))
    {
        Some(r) => body(
            StatusCode::OK,
            "application/json",
            request_json(&base, r, &world).to_string(),
        ),
        None => error(StatusCode::NOT_FOUND, "notFound", "request not found"),
    }
}

async fn proposals(
    State(ctx): State<Ctx>,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let uid = match acting(&ctx, &headers, &q) {
        Ok(u) => u,
        Err(r) => return r,
    };
    let world = ctx.shared.world();
    match world
        .travel_requests
        .iter()
        .find(|r| r.id == id && visible(r, &uid))
    {
        Some(r) => body(
            StatusCode::OK,
            "application/json",
            Value::Array(r.proposals.clone()).to_string(),
        ),
        None => error(StatusCode::NOT_FOUND, "notFound", "request not found"),
    }
}

async fn post_proposal(
    State(ctx): State<Ctx>,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Response {
    let uid = match acting(&ctx, &headers, &q) {
        Ok(u) => u,
        Err(r) => return r,
    };
    if uid != TMC_AGENT_ID {
        return error(
            StatusCode::FORBIDDEN,
            "permissionDenied",
            "only the request's travel agency may propose",
        );
    }
    let Ok(mut p) = serde_json::from_slice::<Value>(&bytes) else {
        return error(StatusCode::BAD_REQUEST, "invalidJson", "body is not JSON");
    };
    let pmid = p["providerMessageId"].as_str().map(str::to_owned);
    let size = p["proposalBatchSize"].as_u64().unwrap_or(0);
    let order = p["proposalOrder"].as_u64().unwrap_or(0);
    let Some(pmid) = pmid.filter(|s| !s.is_empty() && s.len() <= 32) else {
        return error(
            StatusCode::BAD_REQUEST,
            "missingRequiredField",
            "providerMessageId is required (≤ 32)",
        );
    };
    if !(1..=3).contains(&size) || !(1..=size).contains(&order) {
        return error(
            StatusCode::BAD_REQUEST,
            "badParam",
            "proposalBatchSize 1..3 and proposalOrder 1..batch size",
        );
    }
    let mut world = ctx.shared.world();
    let uuid = world.fresh_uuid();
    let Some(r) = world.travel_requests.iter_mut().find(|r| r.id == id) else {
        return error(StatusCode::NOT_FOUND, "notFound", "request not found");
    };
    if r.provider_message_id.as_deref() != Some(&pmid) {
        // A new batch id wipes the earlier proposals (documented).
        r.proposals.clear();
        r.provider_message_id = Some(pmid);
    }
    r.proposals
        .retain(|x| x["proposalOrder"].as_u64() != Some(order));
    // Concur sets the read-only dates (the import, and each entry's transaction date when the
    // agency gave none) and does not echo `null`s back.
    let imported = format!("{}Z", utc_text(ctx.shared.clock.now()));
    drop_nulls(&mut p);
    if let Some(entries) = p["agencyProposalEntries"].as_array_mut() {
        for e in entries.iter_mut().filter(|e| e.is_object()) {
            if e.get("transactionDate").is_none() {
                e["transactionDate"] = json!(imported[..10]);
            }
        }
    }
    p["importDate"] = json!(imported);
    p["proposalUuid"] = json!(uuid);
    p["selected"] = json!(false);
    r.proposals.push(p.clone());
    body(StatusCode::CREATED, "application/json", p.to_string())
}

async fn action(
    State(ctx): State<Ctx>,
    Path((id, action)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Response {
    let uid = match acting(&ctx, &headers, &q) {
        Ok(u) => u,
        Err(r) => return r,
    };
    let status = match action.as_str() {
        "approve" => "APPROVED",
        "sendback" => {
            let comment = serde_json::from_slice::<Value>(&bytes)
                .ok()
                .and_then(|v| v["comment"].as_str().map(str::to_owned));
            if comment.map(|c| c.trim().is_empty()).unwrap_or(true) {
                return error(
                    StatusCode::BAD_REQUEST,
                    "missingRequiredField",
                    "sendback needs a comment",
                );
            }
            "SENTBACK"
        }
        "submit" => "SUBMITTED",
        "recall" => "NOT_SUBMITTED",
        "cancel" => "CANCELED",
        "close" | "reopen" => "APPROVED",
        _ => return error(StatusCode::NOT_FOUND, "notFound", "unknown action"),
    };
    let base = ctx.shared.url(ctx.dc);
    let mut world = ctx.shared.world();
    let Some(r) = world
        .travel_requests
        .iter_mut()
        .find(|r| r.id == id && visible(r, &uid))
    else {
        return error(StatusCode::NOT_FOUND, "notFound", "request not found");
    };
    r.status = status.into();
    let r = r.clone();
    body(
        StatusCode::OK,
        "application/json",
        request_json(&base, &r, &world).to_string(),
    )
}

/// Admin: the traveller picks proposal `order` of request `id`.
async fn choose(
    State(ctx): State<Ctx>,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let order: u64 = q.get("order").and_then(|o| o.parse().ok()).unwrap_or(0);
    match ctx.shared.world().choose_proposal(&id, order) {
        Some(()) => body(StatusCode::OK, "application/json", "{}".into()),
        None => error(
            StatusCode::BAD_REQUEST,
            "badParam",
            "no such request or proposal order",
        ),
    }
}

/// `GET /requests/{id}/comments|exceptions|expenses|cashadvances`.
async fn part(
    State(ctx): State<Ctx>,
    Path((id, part)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let uid = match acting(&ctx, &headers, &q) {
        Ok(u) => u,
        Err(r) => return r,
    };
    let world = ctx.shared.world();
    let Some(r) = world
        .travel_requests
        .iter()
        .find(|r| r.id == id && visible(r, &uid))
    else {
        return error(StatusCode::NOT_FOUND, "notFound", "request not found");
    };
    let v = match part.as_str() {
        "comments" => {
            json!([{"value": "Bon voyage", "author": {"id": r.owner_id}, "creationDateTime": "2030-06-03T21:14:42.000Z"}])
        }
        "exceptions" => {
            json!([{"code": "SEG_TOO_EXPENSIVE", "isBlocking": false, "level": 1, "message": "Hotel over the city limit", "source": [{"type": "EXPENSE"}]}])
        }
        "expenses" => {
            json!([{"id": format!("E-{}", r.id), "expenseType": {"id": "AIRFR", "name": "Airfare"},
            "transactionAmount": {"value": 1200.5, "currency": "USD"}, "transactionDate": r.start_date,
            "tripData": {"tripType": "ROUND_TRIP", "segmentType": {"category": "REQ_SEG_AIRFR", "code": "AIRFR"},
                "legs": [{"startDate": r.start_date, "startLocation": {"iataCode": "SFO"}, "endLocation": {"iataCode": "CDG"}}]}}])
        }
        "cashadvances" => json!([]),
        _ => return error(StatusCode::NOT_FOUND, "notFound", "unknown resource"),
    };
    body(StatusCode::OK, "application/json", v.to_string())
}

async fn agency(
    State(ctx): State<Ctx>,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    if let Err(r) = acting(&ctx, &headers, &q) {
        return r;
    }
    if id != "acme-travel" {
        return error(StatusCode::NOT_FOUND, "notFound", "agency not found");
    }
    body(StatusCode::OK, "application/json", json!({"id": id, "name": "Acme Travel", "emailAddress": "desk@acme-travel.example", "proposalType": "API"}).to_string())
}

async fn policies(
    State(ctx): State<Ctx>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    match acting(&ctx, &headers, &q) {
        Ok(uid) => body(
            StatusCode::OK,
            "application/json",
            json!([{"id": "POL-1", "name": "Standard travel", "userId": uid}]).to_string(),
        ),
        Err(r) => r,
    }
}

/// Removes every `null` member, at any depth.
fn drop_nulls(v: &mut Value) {
    match v {
        Value::Object(m) => {
            m.retain(|_, x| !x.is_null());
            m.values_mut().for_each(drop_nulls);
        }
        Value::Array(a) => a.iter_mut().for_each(drop_nulls),
        _ => {}
    }
}
