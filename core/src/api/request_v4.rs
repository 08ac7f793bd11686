//! Request v4 as sans-IO pairs (base `{geolocation}/travelrequest/v4`). A company-level token
//! must always name a user, so `V4Auth::Company` carries one and every builder sends it:
//! the 400 `missingRequiredParam` cannot happen by mistake. A caller-supplied
//! `concur-correlationid` must be a UUID. Errors `{errors:[{errorCode, errorMessage}]}` are typed.

use super::response::{path_segment, with_query};
use crate::config::ApiConfig;
use crate::error::{ApiFailure, ErrorCode, Result, TriplinkError};
use crate::model::request_v4::{
    AgencyProposal, Comment, ExpectedExpense, Request, RequestException, RequestPage, TravelAgency,
};
use crate::transport::{HttpRequest, HttpResponse, Method, CORRELATION_ID_HEADER};
use crate::wire::body::body_text;
use crate::Secret;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

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

fn build(
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

fn with_json<T: Serialize>(r: HttpRequest, body: &T) -> Result<HttpRequest> {
    let b = serde_json::to_vec(body).map_err(|e| TriplinkError::Internal {
        message: e.to_string(),
    })?;
    Ok(r.with_header("Content-Type", "application/json")
        .with_body(b))
}

/// The `view` of a request list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum View {
    /// All (default).
    All,
    /// Active.
    Active,
    /// Approved less than 3 months ago, not closed.
    ActiveApproved,
    /// Not submitted.
    Unsubmitted,
    /// Pending.
    Pending,
    /// Validated.
    Validated,
    /// Approved (approver view).
    Approved,
    /// Canceled.
    Canceled,
    /// Closed.
    Closed,
    /// Submitted.
    Submitted,
    /// To approve (approver view).
    ToApprove,
    /// Pending e-booking.
    PendingEbooking,
    /// TMC agent: waiting for a proposal.
    PendingProposal,
    /// TMC agent: proposal approved.
    ProposalApproved,
    /// TMC agent: proposal canceled.
    ProposalCanceled,
}

/// Filters of `GET /requests`.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ListRequestsParams {
    /// The view.
    pub view: Option<View>,
    /// First index (default 0).
    pub start: Option<u32>,
    /// Page size 1..=100 (default 10).
    pub limit: Option<u32>,
    /// `approvedBefore` / `approvedAfter` / `modifiedBefore` / `modifiedAfter`
    /// (`yyyy-MM-dd` or `yyyy-MM-ddTHH:mm:ssZ`, UTC).
    pub approved_before: Option<String>,
    /// See `approved_before`.
    pub approved_after: Option<String>,
    /// See `approved_before`.
    pub modified_before: Option<String>,
    /// See `approved_before`.
    pub modified_after: Option<String>,
    /// `startDate`, `approvalStatus` or `requestId`.
    pub sort_field: Option<String>,
    /// Ascending (`ASC`) instead of the default `DESC`.
    pub ascending: Option<bool>,
}

fn check_date(field: &str, v: &str) -> Result<()> {
    use time::macros::format_description;
    let date_only = time::Date::parse(v, format_description!("[year]-[month]-[day]")).is_ok();
    let date_time = time::PrimitiveDateTime::parse(
        v,
        format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z"),
    )
    .is_ok();
    if date_only || date_time {
        Ok(())
    } else {
        Err(TriplinkError::invalid(
            field,
            "must be yyyy-MM-dd or yyyy-MM-ddTHH:mm:ssZ (UTC)",
        ))
    }
}

/// `GET /requests` with every filter.
pub fn build_list_requests_request(
    config: &ApiConfig,
    auth: &V4Auth,
    call: &V4Call,
    p: &ListRequestsParams,
) -> Result<HttpRequest> {
    let mut q: Vec<(&'static str, String)> = Vec::new();
    if let Some(v) = p.view {
        let text = serde_json::to_value(v)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        q.push(("view", text));
    }
    if let Some(s) = p.start {
        q.push(("start", s.to_string()));
    }
    if let Some(l) = p.limit {
        if !(1..=100).contains(&l) {
            return Err(TriplinkError::invalid("limit", "must be between 1 and 100"));
        }
        q.push(("limit", l.to_string()));
    }
    for (k, v) in [
        ("approvedBefore", &p.approved_before),
        ("approvedAfter", &p.approved_after),
        ("modifiedBefore", &p.modified_before),
        ("modifiedAfter", &p.modified_after),
    ] {
        if let Some(v) = v {
            check_date(k, v)?;
            q.push((k, v.clone()));
        }
    }
    if let Some(f) = &p.sort_field {
        if !matches!(f.as_str(), "startDate" | "approvalStatus" | "requestId") {
            return Err(TriplinkError::invalid(
                "sortField",
                "must be startDate, approvalStatus or requestId",
            ));
        }
        q.push(("sortField", f.clone()));
    }
    if let Some(a) = p.ascending {
        q.push(("sortOrder", if a { "ASC" } else { "DESC" }.into()));
    }
    build(config, auth, call, Method::Get, "/requests", q)
}

/// `GET {next}`: a page's `next` link as given (validate it with `PageWalk` first).
pub fn build_next_requests_page(
    config: &ApiConfig,
    auth: &V4Auth,
    call: &V4Call,
    next: &str,
) -> Result<HttpRequest> {
    let mut r = build(config, auth, call, Method::Get, "/requests", vec![])?;
    r.url = url::Url::parse(next)
        .map_err(|e| TriplinkError::protocol(format!("next link is not a URL: {e}")))?
        .to_string();
    Ok(r)
}

fn id(field: &str, v: &str) -> Result<String> {
    path_segment(field, v)
}

/// `GET /requests/{id}`.
pub fn build_get_request(
    config: &ApiConfig,
    auth: &V4Auth,
    call: &V4Call,
    request_id: &str,
) -> Result<HttpRequest> {
    build(
        config,
        auth,
        call,
        Method::Get,
        &format!("/requests/{}", id("requestUuid", request_id)?),
        vec![],
    )
}

/// `POST /requests` (no `id` in the body).
pub fn build_create_request(
    config: &ApiConfig,
    auth: &V4Auth,
    call: &V4Call,
    request: &Request,
) -> Result<HttpRequest> {
    if request.id.is_some() {
        return Err(TriplinkError::invalid(
            "id",
            "a new request carries no id (idNotAllowed)",
        ));
    }
    with_json(
        build(config, auth, call, Method::Post, "/requests", vec![])?,
        request,
    )
}

/// `PUT /requests/{id}`: a partial update — only the fields in `changes` are sent, `null` clears.
pub fn build_update_request(
    config: &ApiConfig,
    auth: &V4Auth,
    call: &V4Call,
    request_id: &str,
    changes: &serde_json::Map<String, serde_json::Value>,
) -> Result<HttpRequest> {
    with_json(
        build(
            config,
            auth,
            call,
            Method::Put,
            &format!("/requests/{}", id("requestUuid", request_id)?),
            vec![],
        )?,
        changes,
    )
}

/// `DELETE /requests/{id}`.
pub fn build_delete_request(
    config: &ApiConfig,
    auth: &V4Auth,
    call: &V4Call,
    request_id: &str,
) -> Result<HttpRequest> {
    build(
        config,
        auth,
        call,
        Method::Delete,
        &format!("/requests/{}", id("requestUuid", request_id)?),
        vec![],
    )
}

/// A workflow action on a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RequestAction {
    /// Traveller: submit.
    Submit,
    /// Traveller: recall.
    Recall,
    /// Traveller: cancel.
    Cancel,
    /// Traveller: close.
    Close,
    /// Traveller: reopen.
    Reopen,
    /// Approver / TMC agent / external system: approve.
    Approve,
    /// Approver: send back with a comment.
    SendBack {
        /// Why.
        comment: String,
    },
}

/// `POST /requests/{id}/{action}` (a body only for `sendback`).
pub fn build_action_request(
    config: &ApiConfig,
    auth: &V4Auth,
    call: &V4Call,
    request_id: &str,
    action: &RequestAction,
) -> Result<HttpRequest> {
    let name = match action {
        RequestAction::Submit => "submit",
        RequestAction::Recall => "recall",
        RequestAction::Cancel => "cancel",
        RequestAction::Close => "close",
        RequestAction::Reopen => "reopen",
        RequestAction::Approve => "approve",
        RequestAction::SendBack { .. } => "sendback",
    };
    let r = build(
        config,
        auth,
        call,
        Method::Post,
        &format!("/requests/{}/{name}", id("requestUuid", request_id)?),
        vec![],
    )?;
    match action {
        RequestAction::SendBack { comment } if comment.trim().is_empty() => Err(
            TriplinkError::invalid("comment", "sendback needs a comment"),
        ),
        RequestAction::SendBack { comment } => {
            with_json(r, &serde_json::json!({ "comment": comment }))
        }
        _ => Ok(r.with_header("Content-Length", "0")),
    }
}

/// Sub-resources read with GET.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RequestPart {
    /// `/requests/{id}/comments`
    Comments,
    /// `/requests/{id}/exceptions`
    Exceptions,
    /// `/requests/{id}/cashadvances`
    CashAdvances,
    /// `/requests/{id}/expenses`
    Expenses,
    /// `/requests/{id}/agencyproposals`
    AgencyProposals,
}

/// `GET /requests/{id}/{part}`.
pub fn build_get_part_request(
    config: &ApiConfig,
    auth: &V4Auth,
    call: &V4Call,
    request_id: &str,
    part: RequestPart,
) -> Result<HttpRequest> {
    let p = match part {
        RequestPart::Comments => "comments",
        RequestPart::Exceptions => "exceptions",
        RequestPart::CashAdvances => "cashadvances",
        RequestPart::Expenses => "expenses",
        RequestPart::AgencyProposals => "agencyproposals",
    };
    build(
        config,
        auth,
        call,
        Method::Get,
        &format!("/requests/{}/{p}", id("requestUuid", request_id)?),
        vec![],
    )
}

/// `POST /requests/{id}/expenses`.
pub fn build_create_expense_request(
    config: &ApiConfig,
    auth: &V4Auth,
    call: &V4Call,
    request_id: &str,
    expense: &ExpectedExpense,
) -> Result<HttpRequest> {
    with_json(
        build(
            config,
            auth,
            call,
            Method::Post,
            &format!("/requests/{}/expenses", id("requestUuid", request_id)?),
            vec![],
        )?,
        expense,
    )
}

/// `GET`, `PUT` or `DELETE /expenses/{id}` (`expense` is the PUT body).
pub fn build_expense_request(
    config: &ApiConfig,
    auth: &V4Auth,
    call: &V4Call,
    method: Method,
    expense_id: &str,
    expense: Option<&ExpectedExpense>,
) -> Result<HttpRequest> {
    let r = build(
        config,
        auth,
        call,
        method,
        &format!("/expenses/{}", id("expenseUuid", expense_id)?),
        vec![],
    )?;
    match (method, expense) {
        (Method::Put, Some(e)) => with_json(r, e),
        (Method::Put, None) => Err(TriplinkError::invalid("expense", "PUT needs a body")),
        (Method::Get | Method::Delete, _) => Ok(r),
        _ => Err(TriplinkError::invalid("method", "GET, PUT or DELETE")),
    }
}

/// `GET /requests/{id}/allocations/{allocationId}`.
pub fn build_get_allocation_request(
    config: &ApiConfig,
    auth: &V4Auth,
    call: &V4Call,
    request_id: &str,
    allocation_id: &str,
) -> Result<HttpRequest> {
    let path = format!(
        "/requests/{}/allocations/{}",
        id("requestUuid", request_id)?,
        id("allocationUuid", allocation_id)?
    );
    build(config, auth, call, Method::Get, &path, vec![])
}

/// `PUT /requests/{id}/allocations/{allocationId}` with the allocation JSON.
pub fn build_put_allocation_request(
    config: &ApiConfig,
    auth: &V4Auth,
    call: &V4Call,
    request_id: &str,
    allocation_id: &str,
    allocation: &serde_json::Value,
) -> Result<HttpRequest> {
    let path = format!(
        "/requests/{}/allocations/{}",
        id("requestUuid", request_id)?,
        id("allocationUuid", allocation_id)?
    );
    with_json(
        build(config, auth, call, Method::Put, &path, vec![])?,
        allocation,
    )
}

/// `GET /cashadvances/{id}`.
pub fn build_get_cash_advance_request(
    config: &ApiConfig,
    auth: &V4Auth,
    call: &V4Call,
    cash_advance_id: &str,
) -> Result<HttpRequest> {
    build(
        config,
        auth,
        call,
        Method::Get,
        &format!("/cashadvances/{}", id("cashAdvanceUuid", cash_advance_id)?),
        vec![],
    )
}

/// `GET /expenses/{id}/comments`.
pub fn build_expense_comments_request(
    config: &ApiConfig,
    auth: &V4Auth,
    call: &V4Call,
    expense_id: &str,
) -> Result<HttpRequest> {
    build(
        config,
        auth,
        call,
        Method::Get,
        &format!("/expenses/{}/comments", id("expenseUuid", expense_id)?),
        vec![],
    )
}

/// `GET /travelagencies/{id}`.
pub fn build_get_travel_agency_request(
    config: &ApiConfig,
    auth: &V4Auth,
    call: &V4Call,
    agency_id: &str,
) -> Result<HttpRequest> {
    build(
        config,
        auth,
        call,
        Method::Get,
        &format!("/travelagencies/{}", id("agencyUuid", agency_id)?),
        vec![],
    )
}

/// `GET /userpolicies`.
pub fn build_user_policies_request(
    config: &ApiConfig,
    auth: &V4Auth,
    call: &V4Call,
) -> Result<HttpRequest> {
    build(config, auth, call, Method::Get, "/userpolicies", vec![])
}

/// `POST /requests/{id}/agencyproposals` for one proposal (use `ProposalBatch` to make them).
pub fn build_post_proposal_request(
    config: &ApiConfig,
    auth: &V4Auth,
    call: &V4Call,
    request_id: &str,
    proposal: &AgencyProposal,
) -> Result<HttpRequest> {
    with_json(
        build(
            config,
            auth,
            call,
            Method::Post,
            &format!(
                "/requests/{}/agencyproposals",
                id("requestUuid", request_id)?
            ),
            vec![],
        )?,
        proposal,
    )
}

/// One entry of the error body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct V4Error {
    /// e.g. `missingRequiredParam`.
    pub error_code: String,
    /// The message.
    pub error_message: Option<String>,
}

/// Every error of a v4 error body (empty when the body is not one).
pub fn read_v4_errors(response: &HttpResponse) -> Vec<V4Error> {
    #[derive(Deserialize)]
    struct Body {
        errors: Vec<V4Error>,
    }
    serde_json::from_slice::<Body>(&response.body)
        .map(|b| b.errors)
        .unwrap_or_default()
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

/// Reads a JSON answer with one of `expected` statuses.
pub fn parse_json<T: DeserializeOwned>(
    response: &HttpResponse,
    config: &ApiConfig,
    expected: &[u16],
) -> Result<T> {
    if !expected.contains(&response.status) {
        return Err(v4_failure(response));
    }
    let text = body_text(response, config, "json")?;
    serde_json::from_str(&text).map_err(|e| TriplinkError::decode("json", e.to_string()))
}

/// Checks an answer without a body we need (DELETE, PATCH).
pub fn parse_empty(response: &HttpResponse, expected: &[u16]) -> Result<()> {
    if expected.contains(&response.status) {
        Ok(())
    } else {
        Err(v4_failure(response))
    }
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
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        Many(Vec<AgencyProposal>),
        Wrapped { data: Vec<AgencyProposal> },
        One(Box<AgencyProposal>),
    }
    Ok(match parse_json::<OneOrMany>(r, c, &[200, 201])? {
        OneOrMany::Many(v) | OneOrMany::Wrapped { data: v } => v,
        OneOrMany::One(p) => vec![*p],
    })
}
