//! Admin routes under `/_sandbox` for tests and demos driven over HTTP: move the clock, arm or
//! clear faults, add connection requests, and read what the sandbox received.

use super::Ctx;
use crate::faults::Fault;
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
        serde_json::to_string(&w.requests).unwrap_or_default(),
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
