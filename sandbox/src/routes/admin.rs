//! Admin routes under `/_sandbox` for tests and demos driven over HTTP: move the clock, arm or
//! clear faults, add connection requests, seed N users with requests (and fetch the matching
//! members file), and read what the sandbox received and counted.

use super::Ctx;
use crate::faults::Fault;
use crate::state::RefreshRotation;
use crate::wire::body;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;
use std::collections::HashMap;

pub(super) fn routes() -> Router<Ctx> {
    Router::new()
        .route("/_sandbox/clock/advance", post(advance))
        .route("/_sandbox/faults", post(inject).delete(clear))
        .route("/_sandbox/puts", get(puts))
        .route(
            "/_sandbox/connection-requests",
            post(add_request).get(requests),
        )
        .route("/_sandbox/seed", post(seed))
        .route("/_sandbox/seed/members.csv", get(members_csv))
        .route("/_sandbox/counters", get(counters))
        .route("/_sandbox/refresh-tokens/live", post(live_refresh_tokens))
        .route("/_sandbox/refresh-rotation", post(refresh_rotation))
}

/// `POST /_sandbox/refresh-rotation?mode=strict|until-next-used`: how refresh tokens rotate.
async fn refresh_rotation(
    State(ctx): State<Ctx>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let mode = q.get("mode").map(String::as_str).unwrap_or("");
    let Ok(rotation) = serde_json::from_value::<RefreshRotation>(json!(mode)) else {
        return body(
            StatusCode::BAD_REQUEST,
            "text/plain",
            "mode must be strict or until-next-used".to_owned(),
        );
    };
    ctx.shared.world().refresh_rotation = rotation;
    StatusCode::NO_CONTENT.into_response()
}

/// Most requests one `POST /_sandbox/seed` adds.
const SEED_MAX: usize = 1_000_000;

async fn seed(State(ctx): State<Ctx>, Query(q): Query<HashMap<String, String>>) -> Response {
    let Some(n) = q
        .get("requests")
        .and_then(|s| s.parse::<usize>().ok())
        .filter(|n| (1..=SEED_MAX).contains(n))
    else {
        return body(
            StatusCode::BAD_REQUEST,
            "application/json",
            json!({"error": format!("requests must be an integer from 1 to {SEED_MAX}")})
                .to_string(),
        );
    };
    let now = ctx.shared.clock.now();
    let mut w = ctx.shared.world();
    let added = crate::seed::seed_requests(&mut w, n, now);
    body(
        StatusCode::OK,
        "application/json",
        json!({
            "first": added.start,
            "added": added.len(),
            "seeded": w.seeded,
            "members_csv": "/_sandbox/seed/members.csv",
        })
        .to_string(),
    )
}

async fn members_csv(State(ctx): State<Ctx>) -> Response {
    let csv = crate::seed::population_members_csv(&ctx.shared.world());
    body(StatusCode::OK, "text/csv", csv)
}

async fn counters(State(ctx): State<Ctx>) -> Response {
    let w = ctx.shared.world();
    let mut puts: HashMap<&str, u32> = HashMap::new();
    for p in &w.puts {
        *puts.entry(p.id.as_str()).or_default() += 1;
    }
    let mut c = serde_json::to_value(&w.counters).unwrap_or_default();
    c["puts_per_request"] = json!(puts);
    c["live_refresh_tokens"] = json!(w.refresh.len());
    body(StatusCode::OK, "application/json", c.to_string())
}

/// Which of the posted refresh tokens (a JSON array) the sandbox would still accept.
async fn live_refresh_tokens(State(ctx): State<Ctx>, Json(tokens): Json<Vec<String>>) -> Response {
    let now = ctx.shared.clock.now();
    let w = ctx.shared.world();
    let live: Vec<bool> = tokens
        .iter()
        .map(|t| w.refresh.get(t).is_some_and(|g| now < g.expires_at))
        .collect();
    body(
        StatusCode::OK,
        "application/json",
        json!({ "live": live }).to_string(),
    )
}

async fn advance(State(ctx): State<Ctx>, Query(q): Query<HashMap<String, String>>) -> Response {
    let Some(secs) = q
        .get("secs")
        .and_then(|s| s.parse::<i64>().ok())
        .filter(|s| *s >= 0)
    else {
        return body(
            StatusCode::BAD_REQUEST,
            "application/json",
            json!({"error": "secs must be a non-negative integer"}).to_string(),
        );
    };
    ctx.shared.clock.advance(secs);
    body(
        StatusCode::OK,
        "application/json",
        json!({"now": ctx.shared.clock.now()}).to_string(),
    )
}

async fn inject(State(ctx): State<Ctx>, Json(fault): Json<Fault>) -> Response {
    ctx.shared.faults.inject(fault);
    StatusCode::NO_CONTENT.into_response()
}

async fn clear(State(ctx): State<Ctx>) -> Response {
    ctx.shared.faults.clear();
    StatusCode::NO_CONTENT.into_response()
}

async fn puts(State(ctx): State<Ctx>) -> Response {
    let w = ctx.shared.world();
    body(
        StatusCode::OK,
        "application/json",
        serde_json::to_string(&w.puts).unwrap_or_default(),
    )
}

async fn requests(State(ctx): State<Ctx>) -> Response {
    let w = ctx.shared.world();
    body(
        StatusCode::OK,
        "application/json",
        serde_json::to_string(w.requests.all()).unwrap_or_default(),
    )
}

async fn add_request(State(ctx): State<Ctx>, Query(q): Query<HashMap<String, String>>) -> Response {
    let now = ctx.shared.clock.now();
    let mut w = ctx.shared.world();
    let Some(uid) = q.get("user_id").filter(|u| w.user(u).is_some()).cloned() else {
        return body(
            StatusCode::BAD_REQUEST,
            "application/json",
            json!({"error": "unknown user_id"}).to_string(),
        );
    };
    let id = w.add_request(&uid, now);
    body(
        StatusCode::OK,
        "application/json",
        json!({"id": id}).to_string(),
    )
}
