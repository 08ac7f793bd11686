//! Request v4 sub-resources read by the client: a request's comments, exceptions, cash
//! advances, expected expenses and agency proposals, the travel agency, user policies, and the
//! agency proposals posted. (Writing expenses and allocations is not offered: no client call,
//! binding or test used those builders, so they were removed rather than shipped untested.)

use super::requests::id;
use super::{build, with_json, V4Auth, V4Call};
use crate::config::ApiConfig;
use crate::error::Result;
use crate::model::request_v4::AgencyProposal;
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
