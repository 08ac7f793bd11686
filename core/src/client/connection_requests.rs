//! `ConnectionRequestsClient`: the async Connection Requests calls over an [`ApiSession`] —
//! list a page, walk every page through validated `NextPage` links (keeping items read before
//! a failure), get, create, update status and delete.

use super::page_walker::{walk_pages, Page};
use super::session::{traced, ApiSession, Traced};
use crate::api::connection_requests as api;
use crate::api::connection_requests::ListParams;
use crate::error::Result;
use crate::flow::paging::Walked;
use crate::model::{
    ConnectionRequest, ConnectionRequestPage, CrVersion, CreateResponse, StatusCode,
};

/// Connection Requests as the supplier's Concur account.
#[derive(Clone, Debug)]
pub struct ConnectionRequestsClient {
    session: ApiSession,
    version: CrVersion,
}

impl ConnectionRequestsClient {
    /// A client over `session` (the supplier's token key) for `version`.
    pub fn new(session: ApiSession, version: CrVersion) -> Self {
        ConnectionRequestsClient { session, version }
    }

    /// The API version in use.
    pub fn version(&self) -> CrVersion {
        self.version
    }

    /// One page.
    pub async fn list_page(&self, params: &ListParams) -> Result<Traced<ConnectionRequestPage>> {
        let v = self.version;
        self.session
            .fetch(
                |c, t| api::build_list_request(c, v, t, params),
                api::parse_list_response,
            )
            .await
    }

    /// The page at a `NextPage` URL (validate it with a [`PageWalk`](crate::flow::paging::PageWalk) first).
    pub async fn next_page(&self, url: &str) -> Result<Traced<ConnectionRequestPage>> {
        self.session
            .fetch(
                |c, t| api::build_next_page_request(c, t, url),
                api::parse_list_response,
            )
            .await
    }

    /// The URL of the first page for `params` at the token's geolocation: what anchors a
    /// [`PageWalk`](crate::flow::paging::PageWalk) over the `NextPage` links.
    pub async fn first_page_url(&self, params: &ListParams) -> Result<String> {
        let base = self
            .session
            .tokens()
            .access_token(self.session.key())
            .await?
            .base_url;
        Ok(api::build_list_request(
            &crate::ApiConfig::new(&base)?,
            self.version,
            &crate::Secret::new(""),
            params,
        )?
        .url)
    }

    /// Every pending request, following `NextPage` (Scenario A of the docs: peek everything,
    /// then PUT). A refused link or a failed page stops the walk; the items read so far are
    /// kept in the result.
    pub async fn list_all(&self, limit: u32) -> Walked<ConnectionRequest> {
        let params = ListParams {
            limit: Some(limit),
            ..ListParams::default()
        };
        walk_pages(
            || async {
                let page = self.list_page(&params).await?.value;
                let first = self.first_page_url(&params).await?;
                Ok((
                    Page {
                        items: page.items,
                        next: page.next_page,
                    },
                    first,
                ))
            },
            |url| async move {
                let p = self.next_page(&url).await?.value;
                Ok(Page {
                    items: p.items,
                    next: p.next_page,
                })
            },
        )
        .await
    }

    /// One request by id (the docs: for testing; no PUT expected after it).
    pub async fn get(&self, id: &str) -> Result<Traced<ConnectionRequest>> {
        let v = self.version;
        self.session
            .fetch(
                |c, t| api::build_get_request(c, v, t, id),
                api::parse_get_response,
            )
            .await
    }

    /// Creates a request for a user (certification/testing).
    pub async fn create(&self, login_id: &str) -> Result<Traced<Option<CreateResponse>>> {
        let v = self.version;
        self.session
            .fetch(
                |c, t| api::build_create_request(c, v, t, login_id),
                api::parse_create_response,
            )
            .await
    }

    /// PUTs a status (pops the request from the queue).
    pub async fn update_status(&self, id: &str, status: &StatusCode) -> Result<Traced<()>> {
        let v = self.version;
        let (resp, _) = self
            .session
            .call(|c, t| api::build_update_status_request(c, v, t, id, status))
            .await?;
        api::parse_update_status_response(&resp, v)?;
        Ok(traced((), &resp))
    }

    /// Deletes a request (v3.0 only).
    pub async fn delete(&self, id: &str) -> Result<Traced<()>> {
        let v = self.version;
        let (resp, _) = self
            .session
            .call(|c, t| api::build_delete_request(c, v, t, id))
            .await?;
        api::parse_delete_response(&resp)?;
        Ok(traced((), &resp))
    }
}
