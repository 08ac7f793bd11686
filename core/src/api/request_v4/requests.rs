//! Request v4 request calls: list (every view and filter), next page, get, create, partial
//! update, delete and the workflow actions.

use super::{build, with_json, V4Auth, V4Call};
use crate::api::response::path_segment;
use crate::config::ApiConfig;
use crate::error::{Result, TriplinkError};
use crate::model::request_v4::Request;
use crate::transport::{HttpRequest, Method};
use serde::{Deserialize, Serialize};

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
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
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

pub(super) fn id(field: &str, v: &str) -> Result<String> {
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

impl RequestAction {
    /// The action named `submit`, `recall`, `cancel`, `close`, `reopen`, `approve` or
    /// `sendBack` (which needs `comment`), as the bindings spell them.
    pub fn parse(name: &str, comment: Option<String>) -> Result<Self> {
        Ok(match name {
            "submit" => RequestAction::Submit,
            "recall" => RequestAction::Recall,
            "cancel" => RequestAction::Cancel,
            "close" => RequestAction::Close,
            "reopen" => RequestAction::Reopen,
            "approve" => RequestAction::Approve,
            "sendBack" | "sendback" => RequestAction::SendBack {
                comment: comment
                    .filter(|c| !c.trim().is_empty())
                    .ok_or_else(|| TriplinkError::invalid("comment", "sendBack needs a comment"))?,
            },
            other => {
                return Err(TriplinkError::invalid(
                    "action",
                    format!("`{other}` is not a request action"),
                ))
            }
        })
    }
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
