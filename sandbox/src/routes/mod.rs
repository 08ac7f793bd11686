//! Router assembly for one data centre: the API routes, the admin routes, and the layers every
//! response passes (correlation id, fault injection, CORS).

mod admin;
mod auth;
mod connection_requests;
mod in_flight;
mod itinerary;
mod oauth;
mod request_v4;

use crate::faults::FaultKind;
use crate::state::{Dc, Shared};
use crate::wire::{body, classic_error};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

pub(crate) use auth::bearer_user;

/// What every handler of one data centre gets.
#[derive(Clone, Debug)]
pub struct Ctx {
    /// Shared state.
    pub shared: Arc<Shared>,
    /// Which data centre this listener is.
    pub dc: Dc,
}

const CORRELATION: &str = "concur-correlationid";
static NEXT_CORRELATION: AtomicU64 = AtomicU64::new(1);

async fn correlation(req: Request, next: Next) -> Response {
    let id = req
        .headers()
        .get(CORRELATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .unwrap_or_else(|| {
            format!(
                "c0ffee00-0000-4000-8000-{:012x}",
                NEXT_CORRELATION.fetch_add(1, Ordering::Relaxed)
            )
        });
    let mut resp = next.run(req).await;
    if let Ok(v) = HeaderValue::from_str(&id) {
        resp.headers_mut()
            .insert(HeaderName::from_static(CORRELATION), v);
    }
    resp
}

/// A response whose headers go out and whose body then breaks off.
fn dropped() -> Response {
    let stream = futures_util::stream::once(async {
        Err::<axum::body::Bytes, std::io::Error>(std::io::Error::other(
            "connection dropped by fault",
        ))
    });
    let mut r = Response::new(Body::from_stream(stream));
    r.headers_mut()
        .insert("content-length", HeaderValue::from_static("100"));
    r
}

/// Bodies the fault layer buffers to match `body_contains` (larger ones are refused).
const FAULT_BODY_LIMIT: usize = 16 << 20;

async fn faults(State(ctx): State<Ctx>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    if path.starts_with("/_sandbox") || req.method() == axum::http::Method::OPTIONS {
        return next.run(req).await;
    }
    let method = req.method().as_str().to_owned();
    let (req, kind) = if ctx.shared.faults.needs_body() {
        let (parts, body) = req.into_parts();
        let Ok(bytes) = axum::body::to_bytes(body, FAULT_BODY_LIMIT).await else {
            return classic_error(StatusCode::PAYLOAD_TOO_LARGE, "body too large");
        };
        let kind = ctx.shared.faults.take(&method, &path, &bytes);
        (Request::from_parts(parts, Body::from(bytes)), kind)
    } else {
        let kind = ctx.shared.faults.take(&method, &path, &[]);
        (req, kind)
    };
    if kind.as_ref().is_some_and(FaultKind::after_handler) {
        let resp = next.run(req).await;
        ctx.shared.world().counters.responses_lost += 1;
        return match kind {
            Some(FaultKind::StatusAfter { status }) => {
                let s = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
                classic_error(s, "injected failure after the change was made")
            }
            Some(FaultKind::LatencyAfter { ms }) => {
                tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
                resp
            }
            _ => dropped(),
        };
    }
    match kind {
        None => next.run(req).await,
        Some(FaultKind::Latency { ms }) => {
            tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
            next.run(req).await
        }
        Some(FaultKind::Status { status }) => {
            let s = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            classic_error(s, "injected failure")
        }
        Some(FaultKind::RateLimit { retry_after_secs }) => {
            let mut r = classic_error(StatusCode::TOO_MANY_REQUESTS, "slow down");
            if let Ok(v) = HeaderValue::from_str(&retry_after_secs.to_string()) {
                r.headers_mut().insert("retry-after", v);
            }
            r
        }
        Some(FaultKind::UnavailableUntil { secs }) => {
            let mut r = classic_error(StatusCode::SERVICE_UNAVAILABLE, "down for maintenance");
            let at = std::time::SystemTime::now() + std::time::Duration::from_secs(secs);
            if let Ok(v) = HeaderValue::from_str(&httpdate::fmt_http_date(at)) {
                r.headers_mut().insert("retry-after", v);
            }
            r
        }
        Some(FaultKind::Malformed) => body(
            StatusCode::OK,
            "application/json",
            "{\"Items\": [{\"ID\": ".into(),
        ),
        Some(FaultKind::ExpiredToken) => {
            classic_error(StatusCode::UNAUTHORIZED, "The token has expired")
        }
        // `Drop` (the kinds that let the handler act first were answered above).
        Some(_) => dropped(),
    }
}

/// The router of one data centre.
pub fn router(shared: Arc<Shared>, dc: Dc) -> Router {
    let ctx = Ctx { shared, dc };
    let cors = tower_http::cors::CorsLayer::very_permissive()
        .expose_headers([HeaderName::from_static(CORRELATION)]);
    Router::new()
        .merge(connection_requests::routes())
        .merge(oauth::routes())
        .merge(itinerary::routes())
        .merge(request_v4::routes())
        .merge(admin::routes())
        .layer(middleware::from_fn_with_state(ctx.clone(), faults))
        .layer(middleware::from_fn_with_state(
            ctx.clone(),
            in_flight::count_puts,
        ))
        .layer(middleware::from_fn(correlation))
        .layer(cors)
        .with_state(ctx)
}
