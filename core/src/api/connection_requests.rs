//! Connection Requests v3.0/3.1/3.2 as sans-IO pairs: list, next page, get, create, update
//! status, delete (v3.0). Builders validate input; parsers read JSON or XML and type errors.

use super::response::{authorized, expect_status, path_segment, with_query};
use crate::config::ApiConfig;
use crate::error::{Result, TriplinkError};
use crate::model::{
    ConnectionRequest, ConnectionRequestPage, CrVersion, CreateResponse, StatusCode,
};
use crate::transport::{HttpRequest, HttpResponse, Method};
use crate::wire::body::{body_text, detect_format, BodyFormat};
use crate::wire::{cr_json, cr_xml};
use crate::Secret;
use serde::{Deserialize, Serialize};

/// The `status` filter of v3.0/3.1 list calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StatusFilter {
    /// Pending
    Pending,
    /// Processing
    Processing,
    /// Connected
    Connected,
    /// Failed
    Failed,
    /// Retry
    Retry,
}

impl StatusFilter {
    /// Every filter, in the API's order.
    pub const ALL: [StatusFilter; 5] = [
        StatusFilter::Pending,
        StatusFilter::Processing,
        StatusFilter::Connected,
        StatusFilter::Failed,
        StatusFilter::Retry,
    ];

    /// The filter named as the API spells it (`Pending`, `Processing`, `Connected`, `Failed`,
    /// `Retry`); any other text is an `InvalidInput` for `status`.
    ///
    /// ```
    /// use triplink_core::api::connection_requests::StatusFilter;
    /// assert_eq!(StatusFilter::parse("Retry").unwrap(), StatusFilter::Retry);
    /// assert!(StatusFilter::parse("retry").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<Self> {
        StatusFilter::ALL
            .into_iter()
            .find(|f| f.as_str() == text)
            .ok_or_else(|| {
                TriplinkError::invalid("status", format!("`{text}` is not a status filter"))
            })
    }

    fn as_str(self) -> &'static str {
        match self {
            StatusFilter::Pending => "Pending",
            StatusFilter::Processing => "Processing",
            StatusFilter::Connected => "Connected",
            StatusFilter::Failed => "Failed",
            StatusFilter::Retry => "Retry",
        }
    }
}

/// Parameters of a list call.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct ListParams {
    /// Items per page, 1..=10 (the API's maximum); `None` for the API default (5).
    pub limit: Option<u32>,
    /// v3.2: integer offset; v3.0/3.1: the string offset. Only for the first page: later pages
    /// follow `NextPage` as given.
    pub offset: Option<String>,
    /// v3.0/3.1 only.
    pub status: Option<StatusFilter>,
}

/// Largest `limit` the API accepts.
pub const MAX_LIMIT: u32 = 10;

fn collection_url(config: &ApiConfig, version: CrVersion) -> String {
    format!(
        "{}/api/{}/common/connectionrequests/",
        config.base_url(),
        version.path_segment()
    )
}

fn item_url(config: &ApiConfig, version: CrVersion, id: &str) -> Result<String> {
    Ok(format!(
        "{}{}",
        collection_url(config, version),
        path_segment("id", id)?
    ))
}

/// `GET /api/v3.x/common/connectionrequests/?limit=&offset=[&status=]`.
pub fn build_list_request(
    config: &ApiConfig,
    version: CrVersion,
    token: &Secret,
    params: &ListParams,
) -> Result<HttpRequest> {
    let mut q: Vec<(&str, String)> = Vec::new();
    if let Some(l) = params.limit {
        if !(1..=MAX_LIMIT).contains(&l) {
            return Err(TriplinkError::invalid("limit", "must be between 1 and 10"));
        }
        q.push(("limit", l.to_string()));
    }
    if let Some(o) = &params.offset {
        if version == CrVersion::V3_2 && o.parse::<u64>().is_err() {
            return Err(TriplinkError::invalid(
                "offset",
                "v3.2 offsets are non-negative integers",
            ));
        }
        q.push(("offset", o.clone()));
    }
    if let Some(s) = params.status {
        if version == CrVersion::V3_2 {
            return Err(TriplinkError::invalid(
                "status",
                "v3.2 has no status filter",
            ));
        }
        q.push(("status", s.as_str().to_owned()));
    }
    let url = with_query(collection_url(config, version), &q);
    Ok(authorized(
        config,
        Method::Get,
        url,
        token,
        "application/json",
    ))
}

/// `GET {next_page}`: a page's `NextPage`, used as given (validate it with
/// [`crate::flow::paging::PageWalk`] first).
pub fn build_next_page_request(
    config: &ApiConfig,
    token: &Secret,
    next_page: &str,
) -> Result<HttpRequest> {
    let u = url::Url::parse(next_page)
        .map_err(|e| TriplinkError::protocol(format!("NextPage is not a URL: {e}")))?;
    Ok(authorized(
        config,
        Method::Get,
        u.to_string(),
        token,
        "application/json",
    ))
}

/// `GET .../connectionrequests/{id}` (v3.2 doc: for testing; no PUT expected after it).
pub fn build_get_request(
    config: &ApiConfig,
    version: CrVersion,
    token: &Secret,
    id: &str,
) -> Result<HttpRequest> {
    Ok(authorized(
        config,
        Method::Get,
        item_url(config, version, id)?,
        token,
        "application/json",
    ))
}

/// `POST .../connectionrequests/?user={login_id}` with `Content-Length: 0` (certification only).
pub fn build_create_request(
    config: &ApiConfig,
    version: CrVersion,
    token: &Secret,
    login_id: &str,
) -> Result<HttpRequest> {
    if login_id.trim().is_empty() {
        return Err(TriplinkError::invalid("login_id", "must not be empty"));
    }
    let url = with_query(
        collection_url(config, version),
        &[("user", login_id.to_owned())],
    );
    Ok(
        authorized(config, Method::Post, url, token, "application/json")
            .with_header("Content-Length", "0"),
    )
}

/// `PUT .../connectionrequests/{id}`: v3.2 `{"status": code}`; v3.0/3.1 `{"Status": code}`.
pub fn build_update_status_request(
    config: &ApiConfig,
    version: CrVersion,
    token: &Secret,
    id: &str,
    status: &StatusCode,
) -> Result<HttpRequest> {
    if let StatusCode::Other(s) = status {
        if s.is_empty() || !s.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(TriplinkError::invalid(
                "status",
                "must be an alphanumeric status code",
            ));
        }
    }
    let body = cr_json::status_body(version, status.as_str());
    Ok(authorized(
        config,
        Method::Put,
        item_url(config, version, id)?,
        token,
        "application/json",
    )
    .with_header("Content-Type", "application/json")
    .with_body(body))
}

/// `DELETE .../connectionrequests/{id}` — v3.0 only.
pub fn build_delete_request(
    config: &ApiConfig,
    version: CrVersion,
    token: &Secret,
    id: &str,
) -> Result<HttpRequest> {
    if version != CrVersion::V3_0 {
        return Err(TriplinkError::invalid(
            "version",
            "DELETE exists in v3.0 only",
        ));
    }
    Ok(authorized(
        config,
        Method::Delete,
        item_url(config, version, id)?,
        token,
        "application/json",
    ))
}

fn format_of(response: &HttpResponse) -> Result<BodyFormat> {
    detect_format(response).ok_or_else(|| TriplinkError::decode("body", "neither JSON nor XML"))
}

/// Reads a list page (JSON or XML).
pub fn parse_list_response(
    response: &HttpResponse,
    config: &ApiConfig,
) -> Result<ConnectionRequestPage> {
    expect_status(response, &[200])?;
    let fmt = format_of(response)?;
    let text = body_text(response, config, fmt.name())?;
    match fmt {
        BodyFormat::Json => cr_json::read_page(&text),
        BodyFormat::Xml => cr_xml::read_page(&text),
    }
}

/// Reads one request (JSON or XML).
pub fn parse_get_response(
    response: &HttpResponse,
    config: &ApiConfig,
) -> Result<ConnectionRequest> {
    expect_status(response, &[200])?;
    let fmt = format_of(response)?;
    let text = body_text(response, config, fmt.name())?;
    match fmt {
        BodyFormat::Json => cr_json::read_request(&text),
        BodyFormat::Xml => cr_xml::read_request(&text),
    }
}

/// Reads the create response (XML `CreateResponse`, or JSON); an empty 200 body (v3.2 says the
/// body is deprecated) gives `None`.
pub fn parse_create_response(
    response: &HttpResponse,
    config: &ApiConfig,
) -> Result<Option<CreateResponse>> {
    expect_status(response, &[200, 201])?;
    if response.body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    let fmt = format_of(response)?;
    let text = body_text(response, config, fmt.name())?;
    match fmt {
        BodyFormat::Json => cr_json::read_create_response(&text).map(Some),
        BodyFormat::Xml => cr_xml::read_create_response(&text).map(Some),
    }
}

/// Checks a status update: v3.2 answers 204, v3.0/3.1 200.
pub fn parse_update_status_response(response: &HttpResponse, version: CrVersion) -> Result<()> {
    match version {
        CrVersion::V3_2 => expect_status(response, &[204, 200]),
        _ => expect_status(response, &[200, 204]),
    }
}

/// Checks a delete (v3.0: 200).
pub fn parse_delete_response(response: &HttpResponse) -> Result<()> {
    expect_status(response, &[200, 204])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_filters_parse_as_serde_reads_them_and_refuse_other_text() {
        for f in StatusFilter::ALL {
            let via_serde: StatusFilter = serde_json::from_value(serde_json::json!(f.as_str()))
                .expect("serde reads the API's spelling");
            assert_eq!(StatusFilter::parse(f.as_str()).unwrap(), via_serde);
        }
        let e = StatusFilter::parse("Done").unwrap_err();
        assert!(matches!(e, TriplinkError::InvalidInput { .. }));
        assert!(
            e.to_string().contains("`Done` is not a status filter"),
            "{e}"
        );
    }
}
