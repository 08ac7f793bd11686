//! Request v4 sub-resources: comments, exceptions, cash advances, expected expenses,
//! allocations, the travel agency, user policies and agency proposals.

use super::requests::id;
use super::{build, with_json, V4Auth, V4Call};
use crate::config::ApiConfig;
use crate::error::{Result, TriplinkError};
use crate::model::request_v4::{AgencyProposal, ExpectedExpense};
use crate::transport::{HttpRequest, Method};

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
