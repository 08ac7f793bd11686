//! OAuth2 token service routes: every grant, refresh-token rotation (reuse → 108), 1 h access
//! tokens (`expires_in` as the string "3600", `refresh_expires_in` as an epoch — the documented
//! drift), the connection-request exchange, error 16 across data centres, OTP and revoke.

use super::{bearer_user, Ctx};
use crate::state::{AccessToken, Dc, RefreshGrant, RefreshRotation, World};
use crate::wire::{body, oauth_error};
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{delete, post};
use axum::Router;
use serde_json::json;
use std::collections::HashMap;

/// Access tokens live one hour.
pub const ACCESS_SECS: i64 = 3600;
/// Refresh tokens live six months.
pub const REFRESH_SECS: i64 = 182 * 24 * 3600;
/// Request tokens live fifteen minutes.
pub const REQUEST_TOKEN_SECS: i64 = 15 * 60;

pub(super) fn routes() -> Router<Ctx> {
    Router::new()
        .route("/oauth2/v0/token", post(token))
        .route("/oauth2/v0/otp", post(otp))
        .route("/app-mgmt/v0/connections", delete(revoke))
}

fn bad(code: u32, error: &str, description: &str) -> Response {
    let status = if error == "invalid_request" {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::UNAUTHORIZED
    };
    oauth_error(status, code, error, description, None)
}

/// Checks the form request itself: content type without charset, no secrets in the URL, and
/// the app's credentials.
fn check_request(
    ctx: &Ctx,
    headers: &HeaderMap,
    query: &Option<String>,
    form: &HashMap<String, String>,
) -> Result<(), Response> {
    let ct = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !ct.starts_with("application/x-www-form-urlencoded") || ct.contains("charset") {
        return Err(bad(135, "invalid_request", "unsupported request format"));
    }
    if let Some(q) = query {
        if q.contains("client_secret") || q.contains("password") || q.contains("refresh_token") {
            return Err(bad(
                135,
                "invalid_request",
                "confidential keys in the request URL are rejected",
            ));
        }
    }
    let id = form
        .get("client_id")
        .ok_or_else(|| bad(62, "invalid_request", "client_id not supplied"))?;
    let secret = form
        .get("client_secret")
        .ok_or_else(|| bad(63, "invalid_request", "client_secret not supplied"))?;
    if id != &ctx.shared.client_id {
        return Err(bad(61, "invalid_client", "client not found"));
    }
    if secret != &ctx.shared.client_secret {
        return Err(bad(64, "invalid_client", "Incorrect credentials"));
    }
    Ok(())
}

fn issue(world: &mut World, user_id: &str, geolocation: &str, now: i64) -> Response {
    issue_after(world, user_id, geolocation, now, None)
}

/// Issues a token set; `predecessor` is the refresh token this set's refresh token replaces.
fn issue_after(
    world: &mut World,
    user_id: &str,
    geolocation: &str,
    now: i64,
    predecessor: Option<String>,
) -> Response {
    let access = world.fresh("acc");
    let refresh = world.fresh("ref");
    world.access.insert(
        access.clone(),
        AccessToken {
            user_id: user_id.to_owned(),
            expires_at: now + ACCESS_SECS,
        },
    );
    world.refresh.insert(
        refresh.clone(),
        RefreshGrant {
            user_id: user_id.to_owned(),
            expires_at: now + REFRESH_SECS,
            predecessor: predecessor.clone(),
            successor: None,
        },
    );
    if let Some(g) = predecessor.and_then(|p| world.refresh.get_mut(&p)) {
        g.successor = Some(refresh.clone());
    }
    body(
        StatusCode::OK,
        "application/json",
        json!({
            "expires_in": ACCESS_SECS.to_string(),
            "scope": "openid CONREQ ITINER",
            "token_type": "Bearer",
            "access_token": access,
            "refresh_token": refresh,
            "refresh_expires_in": now + REFRESH_SECS,
            "geolocation": geolocation,
        })
        .to_string(),
    )
}

/// Retires `used` (just presented in a refresh) per the world's [`RefreshRotation`]; returns
/// the token the new one will replace while `used` stays live. Using a token retires the one
/// it replaced: the client has shown it holds the newer one.
fn rotate_out(world: &mut World, used: &str, grant: &RefreshGrant) -> Option<String> {
    if let Some(p) = &grant.predecessor {
        world.refresh.remove(p);
    }
    if let Some(g) = world.refresh.get_mut(used) {
        g.predecessor = None;
    }
    match world.refresh_rotation {
        RefreshRotation::Strict => {
            world.refresh.remove(used);
            None
        }
        RefreshRotation::UntilNextUsed => {
            // Asked again with the same token: the successor it was never seen using goes.
            if let Some(s) = grant.successor.clone() {
                world.refresh.remove(&s);
            }
            Some(used.to_owned())
        }
    }
}

/// Error 16 when `dc` is not where the user lives.
fn lives_elsewhere(ctx: &Ctx, user_dc: Dc) -> Result<(), Response> {
    if user_dc == ctx.dc {
        return Ok(());
    }
    Err(oauth_error(
        StatusCode::BAD_REQUEST,
        16,
        "invalid_request",
        "user lives elsewhere",
        Some(&ctx.shared.url(user_dc)),
    ))
}

async fn token(
    State(ctx): State<Ctx>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    bytes: Bytes,
) -> Response {
    let form: HashMap<String, String> = form_urlencoded::parse(&bytes).into_owned().collect();
    if let Err(r) = check_request(&ctx, &headers, &query, &form) {
        return r;
    }
    let now = ctx.shared.clock.now();
    let f = |k: &str| form.get(k).map(String::as_str).unwrap_or("");
    let mut guard = ctx.shared.world();
    let world: &mut World = &mut guard;
    match f("grant_type") {
        "password" if f("credtype") == "authtoken" => {
            let (uid, token) = (f("username"), f("password"));
            let Some(user_dc) = world.user(uid).map(|u| u.dc) else {
                return bad(
                    100,
                    "invalid_request",
                    "backend does not know about this username",
                );
            };
            if let Err(r) = lives_elsewhere(&ctx, user_dc) {
                return r;
            }
            let Some(cr) = world.requests.by_token_mut(token) else {
                return bad(136, "invalid_request", "Authtoken was not issued for you");
            };
            if cr.user_id != uid {
                return bad(136, "invalid_request", "Authtoken was not issued for you");
            }
            let rid = cr.id.clone();
            if cr.token_used || now >= cr.token_issued_at + REQUEST_TOKEN_SECS {
                *world.counters.exchanges_refused.entry(rid).or_default() += 1;
                return bad(
                    5,
                    "invalid_grant",
                    "request token is expired or already used",
                );
            }
            cr.token_used = true;
            *world.counters.exchanges_ok.entry(rid).or_default() += 1;
            let geo = ctx.shared.url(user_dc);
            issue(world, uid, &geo, now)
        }
        "password" => {
            let Some(u) = world
                .users
                .iter()
                .find(|u| u.login == f("username"))
                .cloned()
            else {
                return bad(5, "invalid_grant", "Incorrect credentials. Please Retry");
            };
            if u.password != f("password") {
                return bad(5, "invalid_grant", "Incorrect credentials. Please Retry");
            }
            if let Err(r) = lives_elsewhere(&ctx, u.dc) {
                return r;
            }
            let geo = ctx.shared.url(u.dc);
            issue(world, &u.id, &geo, now)
        }
        "refresh_token" => {
            let grant = world
                .refresh
                .get(f("refresh_token"))
                .filter(|g| now < g.expires_at)
                .cloned();
            let Some(grant) = grant else {
                world.counters.refresh_refused_108 += 1;
                return bad(108, "invalid_grant", "bad or expired refresh token");
            };
            let dc = world.user(&grant.user_id).map(|u| u.dc).unwrap_or(Dc::Us);
            if let Err(r) = lives_elsewhere(&ctx, dc) {
                return r;
            }
            let used = f("refresh_token").to_owned();
            world.counters.refresh_rotations += 1;
            let geo = ctx.shared.url(dc);
            let predecessor = rotate_out(world, &used, &grant);
            issue_after(world, &grant.user_id, &geo, now, predecessor)
        }
        "client_credentials" => {
            let geo = ctx.shared.url(ctx.dc);
            issue(world, "app", &geo, now)
        }
        "authorization_code" if f("code") == "demo-code" && !f("redirect_uri").is_empty() => {
            let Some(u) = world.users.iter().find(|u| !u.supplier_admin).cloned() else {
                return bad(103, "invalid_request", "code is bad or expired");
            };
            let geo = ctx.shared.url(u.dc);
            issue(world, &u.id, &geo, now)
        }
        "authorization_code" => bad(103, "invalid_request", "code is bad or expired"),
        "otp" => {
            let email = f("channel_handle").to_ascii_lowercase();
            let Some(u) = world
                .users
                .iter()
                .find(|u| u.emails.iter().any(|e| e.to_ascii_lowercase() == email))
                .cloned()
            else {
                return bad(55, "invalid_request", "we don't know this email");
            };
            if f("otp") != "123456" {
                return bad(85, "invalid_request", "otp verification failed");
            }
            let geo = ctx.shared.url(u.dc);
            issue(world, &u.id, &geo, now)
        }
        "" => bad(65, "invalid_request", "grant_type not supplied"),
        _ => bad(
            60,
            "invalid_grant",
            "these are not the grants you are looking for",
        ),
    }
}

async fn otp(
    State(ctx): State<Ctx>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    bytes: Bytes,
) -> Response {
    let form: HashMap<String, String> = form_urlencoded::parse(&bytes).into_owned().collect();
    if let Err(r) = check_request(&ctx, &headers, &query, &form) {
        return r;
    }
    if form.get("channel_type").map(String::as_str) != Some("email") {
        return bad(80, "invalid_request", "invalid channel type");
    }
    body(
        StatusCode::OK,
        "application/json",
        json!({"message": "otp sent"}).to_string(),
    )
}

async fn revoke(State(ctx): State<Ctx>, headers: HeaderMap) -> Response {
    let uid = match bearer_user(&ctx, &headers) {
        Ok(u) => u,
        Err(r) => return r,
    };
    let mut world = ctx.shared.world();
    world.refresh.retain(|_, g| g.user_id != uid);
    body(StatusCode::OK, "application/json", "{}".into())
}
