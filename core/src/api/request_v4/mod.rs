//! Request v4 as sans-IO pairs (base `{geolocation}/travelrequest/v4`). A company-level token
//! must always name a user, so `V4Auth::Company` carries one and every builder sends it:
//! the 400 `missingRequiredParam` cannot happen by mistake. A caller-supplied
//! `concur-correlationid` must be a UUID. Errors `{errors:[{errorCode, errorMessage}]}` are typed.

mod requests;
mod resources;

pub use requests::*;
pub use resources::*;

use crate::api::response::with_query;
use crate::config::ApiConfig;
use crate::error::{ApiFailure, ErrorCode, Result, TriplinkError};
use crate::model::request_v4::{
    AgencyProposal, Comment, ExpectedExpense, Request, RequestException, RequestPage, TravelAgency,
};
use crate::transport::{HttpRequest, HttpResponse, Method, CORRELATION_ID_HEADER};
use crate::wire::body::body_text;
use crate::wire::request_v4 as wire;
use crate::Secret;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::borrow::Cow;

/// Who calls: a user's own token, or a company token acting for a named user (a UUID).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum V4Auth {
    /// A user-level token.
    User(Secret),
    /// A company-level token and the user (traveller or TMC agent) it acts for.
    Company {
        /// The company token.
        token: Secret,
        /// The user's UUID.
        user_id: String,
    },
}

/// True for a canonical 8-4-4-4-12 hexadecimal UUID.
pub fn is_uuid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 5
        && parts
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(p, n)| p.len() == n && p.bytes().all(|b| b.is_ascii_hexdigit()))
}

impl V4Auth {
    /// A company token acting for `user_id` (validated as a UUID).
    pub fn company(token: Secret, user_id: &str) -> Result<Self> {
        if !is_uuid(user_id) {
            return Err(TriplinkError::invalid("userId", "must be a UUID"));
        }
        Ok(V4Auth::Company {
            token,
            user_id: user_id.to_owned(),
        })
    }

    fn token(&self) -> &Secret {
        match self {
            V4Auth::User(t) | V4Auth::Company { token: t, .. } => t,
        }
    }

    fn user_pair(&self) -> Option<(&'static str, String)> {
        match self {
            V4Auth::User(_) => None,
            V4Auth::Company { user_id, .. } => Some(("userId", user_id.clone())),
        }
    }
}

/// Per-call options: a correlation id (a UUID) to send.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct V4Call {
    /// Sent as `concur-correlationid` when set.
    pub correlation_id: Option<String>,
}

pub(super) fn build(
    config: &ApiConfig,
    auth: &V4Auth,
    call: &V4Call,
    method: Method,
    path: &str,
    mut query: Vec<(&'static str, String)>,
) -> Result<HttpRequest> {
    if let Some(pair) = auth.user_pair() {
        query.insert(0, pair);
    }
    let url = with_query(
        format!("{}/travelrequest/v4{path}", config.base_url()),
        &query,
    );
    let mut r = HttpRequest::new(method, url)
        .with_header("Authorization", format!("Bearer {}", auth.token().expose()))
        .with_header("Accept", "application/json");
    if let Some(c) = &call.correlation_id {
        if !is_uuid(c) {
            return Err(TriplinkError::invalid(
                "concur-correlationid",
                "must be a UUID",
            ));
        }
        r = r.with_header(CORRELATION_ID_HEADER, c.clone());
    }
    r.timeout_ms = config.timeout_ms;
    Ok(r)
}

pub(super) fn with_json<T: Serialize>(r: HttpRequest, body: &T) -> Result<HttpRequest> {
    let b = serde_json::to_vec(body).map_err(|e| TriplinkError::Internal {
        message: e.to_string(),
    })?;
    Ok(r.with_header("Content-Type", "application/json")
        .with_body(b))
}

pub use crate::model::request_v4::V4Error;

/// Every error of a v4 error body (empty when the body is not one).
pub fn read_v4_errors(response: &HttpResponse) -> Vec<V4Error> {
    wire::read_v4_errors(&response.body)
}

fn v4_failure(response: &HttpResponse) -> TriplinkError {
    let errors = read_v4_errors(response);
    let first = errors.first();
    let code = match (response.status, first.map(|e| e.error_code.as_str())) {
        (401 | 403, _) => ErrorCode::Auth,
        (404, _) => ErrorCode::NotFound,
        (408, _) => ErrorCode::Timeout,
        (429, _) => ErrorCode::RateLimited,
        (400, Some(_)) => ErrorCode::InvalidInput,
        _ => ErrorCode::Http,
    };
    let message = first
        .map(|e| {
            e.error_message
                .clone()
                .unwrap_or_else(|| e.error_code.clone())
        })
        .unwrap_or_else(|| format!("Request v4 answered HTTP {}", response.status));
    let mut f = ApiFailure::from_response(code, response, message);
    if let Some(e) = first {
        f = f.with_api_code(e.error_code.clone());
    }
    TriplinkError::api(f)
}

/// The body text of an answer with one of `expected` statuses, or the typed failure.
fn answer_text<'a>(
    response: &'a HttpResponse,
    config: &ApiConfig,
    expected: &[u16],
) -> Result<Cow<'a, str>> {
    if !expected.contains(&response.status) {
        return Err(v4_failure(response));
    }
    body_text(response, config, "json")
}

/// Reads a JSON answer with one of `expected` statuses.
pub fn parse_json<T: DeserializeOwned>(
    response: &HttpResponse,
    config: &ApiConfig,
    expected: &[u16],
) -> Result<T> {
    wire::read_json(&answer_text(response, config, expected)?)
}

/// Typed readers for the common answers.
pub fn parse_request_page(r: &HttpResponse, c: &ApiConfig) -> Result<RequestPage> {
    parse_json(r, c, &[200])
}
/// `Request` answers (GET 200, POST 201, PUT 200, actions 200).
pub fn parse_request(r: &HttpResponse, c: &ApiConfig) -> Result<Request> {
    parse_json(r, c, &[200, 201])
}
/// Comments.
pub fn parse_comments(r: &HttpResponse, c: &ApiConfig) -> Result<Vec<Comment>> {
    parse_json(r, c, &[200])
}
/// Exceptions.
pub fn parse_exceptions(r: &HttpResponse, c: &ApiConfig) -> Result<Vec<RequestException>> {
    parse_json(r, c, &[200])
}
/// Expected expenses.
pub fn parse_expenses(r: &HttpResponse, c: &ApiConfig) -> Result<Vec<ExpectedExpense>> {
    parse_json(r, c, &[200])
}
/// A travel agency.
pub fn parse_travel_agency(r: &HttpResponse, c: &ApiConfig) -> Result<TravelAgency> {
    parse_json(r, c, &[200])
}
/// Agency proposals (GET list, or the POST answer).
pub fn parse_proposals(r: &HttpResponse, c: &ApiConfig) -> Result<Vec<AgencyProposal>> {
    wire::read_proposals(&answer_text(r, c, &[200, 201])?)
}
