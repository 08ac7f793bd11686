//! Bearer-token checks on API calls: 401 for a missing, unknown or expired access token.

use super::Ctx;
use crate::wire::classic_error;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

/// The user id behind the request's bearer token, or the 401 to answer.
pub(crate) fn bearer_user(ctx: &Ctx, headers: &HeaderMap) -> Result<String, Response> {
    let token = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("OAuth "))
        })
        .map(str::trim)
        .ok_or_else(|| classic_error(StatusCode::UNAUTHORIZED, "No access token"))?;
    let now = ctx.shared.clock.now();
    let world = ctx.shared.world();
    match world.access.get(token) {
        None => Err(classic_error(
            StatusCode::UNAUTHORIZED,
            "Invalid access token",
        )),
        Some(t) if now >= t.expires_at => Err(classic_error(
            StatusCode::UNAUTHORIZED,
            "The token has expired",
        )),
        Some(t) => Ok(t.user_id.clone()),
    }
}
