//! Connection Requests v3.0/3.1/3.2 routes: a queue (GET peeks `limit` from `offset`, PUT pops),
//! re-queue rules (CREU* 24 h × 4, CRRET 1 h × 48), JSON or XML by `Accept` (XML when absent),
//! camelCase (3.2) or PascalCase (3.0/3.1), POST create, and DELETE in v3.0.

use super::{bearer_user, Ctx};
use crate::queue::PutEffect;
use crate::state::{ConnectionRequest, PutRecord, User};
use crate::wire::{body, classic_error, esc, utc_text};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde_json::{json, Map, Value};
use std::collections::HashMap;

pub(super) fn routes() -> Router<Ctx> {
    Router::new()
        .route(
            "/api/{ver}/common/connectionrequests",
            get(list).post(create),
        )
        .route(
            "/api/{ver}/common/connectionrequests/",
            get(list).post(create),
        )
        .route(
            "/api/{ver}/common/connectionrequests/{id}",
            get(get_one).put(put_status).delete(delete),
        )
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Ver {
    V30,
    V31,
    V32,
}

fn version(v: &str) -> Result<Ver, Response> {
    match v {
        "v3.0" => Ok(Ver::V30),
        "v3.1" => Ok(Ver::V31),
        "v3.2" => Ok(Ver::V32),
        _ => Err(classic_error(StatusCode::NOT_FOUND, "Unknown API version")),
    }
}

fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get("accept")
        .and_then(|v| v.to_str().ok())
        .map(|a| a.contains("json"))
        .unwrap_or(false)
}

/// The supplier-admin check: only the supplier's own account may poll and update requests.
fn admin(ctx: &Ctx, headers: &HeaderMap) -> Result<(), Response> {
    let uid = bearer_user(ctx, headers)?;
    let world = ctx.shared.world();
    match world.user(&uid) {
        Some(u) if u.supplier_admin => Ok(()),
        _ => Err(classic_error(
            StatusCode::FORBIDDEN,
            "Not authorized for connection requests",
        )),
    }
}

fn name(ver: Ver, camel: &str) -> String {
    if ver == Ver::V32 {
        camel.to_owned()
    } else {
        let mut c = camel.chars();
        c.next()
            .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
            .unwrap_or_default()
    }
}

fn fields(ver: Ver, base: &str, cr: &ConnectionRequest, u: &User) -> Vec<(String, Option<String>)> {
    let mut f = vec![
        ("ID".to_owned(), Some(cr.id.clone())),
        (
            "URI".to_owned(),
            Some(format!(
                "{base}/api/{}/common/connectionrequests/{}",
                ver_text(ver),
                cr.id
            )),
        ),
        (name(ver, "firstName"), Some(u.first_name.clone())),
        (name(ver, "middleName"), u.middle_name.clone()),
        (name(ver, "lastName"), Some(u.last_name.clone())),
        (name(ver, "loyaltyNumber"), u.loyalty_number.clone()),
        (name(ver, "status"), Some("Pending".into())),
        (name(ver, "requestToken"), Some(cr.request_token.clone())),
        (
            name(ver, "lastModified"),
            Some(utc_text(cr.token_issued_at)),
        ),
    ];
    if ver == Ver::V32 {
        f.push(("userId".into(), Some(u.id.clone())));
    }
    f
}

fn ver_text(v: Ver) -> &'static str {
    match v {
        Ver::V30 => "v3.0",
        Ver::V31 => "v3.1",
        Ver::V32 => "v3.2",
    }
}

fn item_json(ver: Ver, base: &str, cr: &ConnectionRequest, u: &User) -> Value {
    // Fields the user has no value for are absent, as Concur sends them (the swagger types
    // them as strings, not nullable; the docs say `loyaltyNumber` is omitted).
    let mut m = Map::new();
    for (k, v) in fields(ver, base, cr, u) {
        if let Some(v) = v {
            m.insert(k, Value::String(v));
        }
    }
    if ver != Ver::V30 {
        let mut e = Map::new();
        for (i, email) in u.emails.iter().take(5).enumerate() {
            e.insert(
                format!("{}{}", name(ver, "email"), i + 1),
                Value::String(email.clone()),
            );
        }
        m.insert(name(ver, "emailAddresses"), Value::Object(e));
    }
    Value::Object(m)
}

fn item_xml(ver: Ver, base: &str, cr: &ConnectionRequest, u: &User) -> String {
    let mut s = String::from("<ConnectionRequest>");
    for (k, v) in fields(ver, base, cr, u) {
        match v {
            Some(v) => s.push_str(&format!("<{k}>{}</{k}>", esc(&v))),
            None => s.push_str(&format!("<{k} xsi:nil=\"true\"/>")),
        }
    }
    if ver != Ver::V30 {
        let outer = name(ver, "emailAddresses");
        s.push_str(&format!("<{outer}>"));
        for i in 0..5 {
            let k = format!("{}{}", name(ver, "email"), i + 1);
            match u.emails.get(i) {
                Some(e) => s.push_str(&format!("<{k}>{}</{k}>", esc(e))),
                None => s.push_str(&format!("<{k} xsi:nil=\"true\"/>")),
            }
        }
        s.push_str(&format!("</{outer}>"));
    }
    s.push_str("</ConnectionRequest>");
    s
}

const XML_HEAD: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>";
const XML_NS: &str = "xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"";

async fn list(
    State(ctx): State<Ctx>,
    Path(ver): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let ver = match version(&ver) {
        Ok(v) => v,
        Err(r) => return r,
    };
    if let Err(r) = admin(&ctx, &headers) {
        return r;
    }
    let limit: usize = match q.get("limit").map(|l| l.parse::<usize>()) {
        None => 5,
        Some(Ok(l)) if (1..=10).contains(&l) => l,
        _ => return classic_error(StatusCode::BAD_REQUEST, "limit must be between 1 and 10"),
    };
    let offset: usize = match q.get("offset").map(|o| o.parse::<usize>()) {
        None => 0,
        Some(Ok(o)) => o,
        Some(Err(_)) => return classic_error(StatusCode::BAD_REQUEST, "offset must be an integer"),
    };
    let base = ctx.shared.url(ctx.dc);
    let now = ctx.shared.clock.now();
    let mut world = ctx.shared.world();
    let (items, offered) = world.requests.page(now, offset, limit);
    let page: Vec<(&ConnectionRequest, &User)> = items
        .iter()
        .filter_map(|cr| world.user(&cr.user_id).map(|u| (cr, u)))
        .collect();
    let next = (offset + limit < offered).then(|| {
        format!(
            "{base}/api/{}/common/connectionrequests/?limit={limit}&offset={}",
            ver_text(ver),
            offset + limit
        )
    });
    if wants_json(&headers) {
        let items: Vec<Value> = page
            .iter()
            .map(|(cr, u)| item_json(ver, &base, cr, u))
            .collect();
        // The last page has no `NextPage` (the swagger types it as a string, not nullable).
        let mut page = json!({ "Items": items });
        if let Some(next) = next {
            page["NextPage"] = Value::String(next);
        }
        body(StatusCode::OK, "application/json", page.to_string())
    } else {
        let items: String = page
            .iter()
            .map(|(cr, u)| item_xml(ver, &base, cr, u))
            .collect();
        let next = match next {
            Some(n) => format!("<NextPage>{}</NextPage>", esc(&n)),
            None => "<NextPage xsi:nil=\"true\"/>".into(),
        };
        body(StatusCode::OK, "application/xml", format!("{XML_HEAD}<ConnectionRequests {XML_NS}><Items>{items}</Items>{next}</ConnectionRequests>"))
    }
}

async fn get_one(
    State(ctx): State<Ctx>,
    Path((ver, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let ver = match version(&ver) {
        Ok(v) => v,
        Err(r) => return r,
    };
    if let Err(r) = admin(&ctx, &headers) {
        return r;
    }
    let base = ctx.shared.url(ctx.dc);
    let world = ctx.shared.world();
    let Some(cr) = world.requests.get(&id) else {
        return classic_error(StatusCode::NOT_FOUND, "Connection request not found");
    };
    let Some(u) = world.user(&cr.user_id) else {
        return classic_error(StatusCode::NOT_FOUND, "Connection request not found");
    };
    if wants_json(&headers) {
        body(
            StatusCode::OK,
            "application/json",
            item_json(ver, &base, cr, u).to_string(),
        )
    } else {
        let x = item_xml(ver, &base, cr, u).replacen(
            "<ConnectionRequest>",
            &format!("<ConnectionRequest {XML_NS}>"),
            1,
        );
        body(StatusCode::OK, "application/xml", format!("{XML_HEAD}{x}"))
    }
}

fn status_from_body(bytes: &[u8]) -> Option<String> {
    if let Ok(v) = serde_json::from_slice::<Value>(bytes) {
        return v
            .get("status")
            .or_else(|| v.get("Status"))
            .and_then(Value::as_str)
            .map(str::to_owned);
    }
    let t = std::str::from_utf8(bytes).ok()?;
    let start = t.find("<Status>").or_else(|| t.find("<status>"))? + 8;
    let end = t[start..].find("</")? + start;
    Some(t[start..end].trim().to_owned())
}

/// The documented re-queue rule for a status: (delay seconds, max re-queues), or final.
fn requeue_rule(status: &str) -> Option<(i64, u32)> {
    match status {
        "CREU1" | "CREU2" | "CREU3" => Some((24 * 3600, 4)),
        "CRRET" => Some((3600, 48)),
        _ => None,
    }
}

async fn put_status(
    State(ctx): State<Ctx>,
    Path((ver, id)): Path<(String, String)>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Response {
    let ver = match version(&ver) {
        Ok(v) => v,
        Err(r) => return r,
    };
    if let Err(r) = admin(&ctx, &headers) {
        return r;
    }
    let Some(status) = status_from_body(&bytes) else {
        return classic_error(StatusCode::BAD_REQUEST, "A status is required");
    };
    const KNOWN: [&str; 7] = [
        "CRSUC", "CREU1", "CREU2", "CREU3", "CRRET", "CRPA1", "CRPA2",
    ];
    if !KNOWN.contains(&status.as_str()) {
        return classic_error(StatusCode::BAD_REQUEST, "Unknown status code");
    }
    let now = ctx.shared.clock.now();
    let mut world = ctx.shared.world();
    world.puts.push(PutRecord {
        id: id.clone(),
        status: status.clone(),
        at: now,
    });
    let fresh = world.fresh("rqt");
    let rule = requeue_rule(&status);
    let final_text = if rule.is_some() {
        format!("FAILED after {status}")
    } else {
        status
    };
    if world
        .requests
        .apply_status(&id, now, rule, final_text, fresh)
        == PutEffect::NotPending
    {
        return classic_error(
            StatusCode::NOT_FOUND,
            "Connection request not found or not pending",
        );
    }
    if ver == Ver::V32 {
        StatusCode::NO_CONTENT.into_response()
    } else {
        body(
            StatusCode::OK,
            "application/xml",
            format!("{XML_HEAD}<Void/>"),
        )
    }
}

async fn create(
    State(ctx): State<Ctx>,
    Path(ver): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let ver = match version(&ver) {
        Ok(v) => v,
        Err(r) => return r,
    };
    if let Err(r) = admin(&ctx, &headers) {
        return r;
    }
    let Some(login) = q.get("user") else {
        return classic_error(StatusCode::BAD_REQUEST, "The user parameter is required");
    };
    let now = ctx.shared.clock.now();
    let base = ctx.shared.url(ctx.dc);
    let mut world = ctx.shared.world();
    let Some(uid) = world
        .users
        .iter()
        .find(|u| &u.login == login)
        .map(|u| u.id.clone())
    else {
        return classic_error(StatusCode::BAD_REQUEST, "Unknown user");
    };
    if world.requests.has_pending_for(&uid) {
        return classic_error(
            StatusCode::CONFLICT,
            "A pending connection request already exists",
        );
    }
    let id = world.add_request(&uid, now);
    let uri = format!(
        "{base}/api/{}/common/connectionrequests/{id}",
        ver_text(ver)
    );
    body(
        StatusCode::OK,
        "application/xml",
        format!(
            "{XML_HEAD}<CreateResponse><ID>{id}</ID><URI>{}</URI></CreateResponse>",
            esc(&uri)
        ),
    )
}

async fn delete(
    State(ctx): State<Ctx>,
    Path((ver, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    if ver != "v3.0" {
        return classic_error(StatusCode::METHOD_NOT_ALLOWED, "DELETE exists in v3.0 only");
    }
    if let Err(r) = admin(&ctx, &headers) {
        return r;
    }
    let mut world = ctx.shared.world();
    if !world.requests.remove(&id) {
        return classic_error(StatusCode::NOT_FOUND, "Connection request not found");
    }
    body(
        StatusCode::OK,
        "application/xml",
        format!("{XML_HEAD}<Void/>"),
    )
}
