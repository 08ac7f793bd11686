//! `ConnectionRequestsClient`: the async Connection Requests calls over an [`ApiSession`] —
//! list a page, walk every page through validated `NextPage` links (keeping items read before
//! a failure), get, create, update status and delete.

use super::session::{traced, ApiSession, Traced};
use crate::api::connection_requests as api;
use crate::api::connection_requests::ListParams;
use crate::error::Result;
use crate::flow::paging::{PageWalk, Walked};
use crate::flow::retry::RetrySafety;
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
                RetrySafety::SafeToRepeat,
                api::parse_list_response,
            )
            .await
    }

    /// The page at a `NextPage` URL (validate it with a [`PageWalk`] first).
    pub async fn next_page(&self, url: &str) -> Result<Traced<ConnectionRequestPage>> {
        self.session
            .fetch(
                |c, t| api::build_next_page_request(c, t, url),
                RetrySafety::SafeToRepeat,
                api::parse_list_response,
            )
            .await
    }

    /// Every pending request, following `NextPage` (Scenario A of the docs: peek everything,
    /// then PUT). A refused link or a failed page stops the walk; the items read so far are
    /// kept in the result.
    pub async fn list_all(&self, limit: u32) -> Walked<ConnectionRequest> {
        let mut items = Vec::new();
        let params = ListParams {
            limit: Some(limit),
            ..ListParams::default()
        };
        let first = match self.list_page(&params).await {
            Ok(p) => p.value,
            Err(e) => {
                return Walked {
                    items,
                    stopped: Some(e),
                }
            }
        };
        // The walk is anchored at the first page's origin: the token's geolocation.
        let anchor = match self.session.tokens().access_token(self.session.key()).await {
            Ok(g) => g.base_url,
            Err(e) => {
                return Walked {
                    items: first.items,
                    stopped: Some(e),
                }
            }
        };
        let first_url = format!(
            "{anchor}/api/{}/common/connectionrequests/?limit={limit}",
            self.version.path_segment()
        );
        let mut walk = match PageWalk::new(&first_url) {
            Ok(w) => w,
            Err(e) => {
                return Walked {
                    items: first.items,
                    stopped: Some(e),
                }
            }
        };
        let mut next = first.next_page.clone();
        items.extend(first.items);
        loop {
            let url = match walk.next_url(next.as_deref()) {
                Ok(Some(u)) => u,
                Ok(None) => {
                    return Walked {
                        items,
                        stopped: None,
                    }
                }
                Err(e) => {
                    return Walked {
                        items,
                        stopped: Some(e),
                    }
                }
            };
            match self.next_page(&url).await {
                Ok(p) => {
                    next = p.value.next_page.clone();
                    items.extend(p.value.items);
                }
                Err(e) => {
                    return Walked {
                        items,
                        stopped: Some(e),
                    }
                }
            }
        }
    }

    /// One request by id (the docs: for testing; no PUT expected after it).
    pub async fn get(&self, id: &str) -> Result<Traced<ConnectionRequest>> {
        let v = self.version;
        self.session
            .fetch(
                |c, t| api::build_get_request(c, v, t, id),
                RetrySafety::SafeToRepeat,
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
                RetrySafety::NotSafeToRepeat,
                api::parse_create_response,
            )
            .await
    }

    /// PUTs a status (pops the request from the queue).
    pub async fn update_status(&self, id: &str, status: &StatusCode) -> Result<Traced<()>> {
        let v = self.version;
        let (resp, _) = self
            .session
            .call(
                |c, t| api::build_update_status_request(c, v, t, id, status),
                RetrySafety::SafeToRepeat,
            )
            .await?;
        api::parse_update_status_response(&resp, v)?;
        Ok(traced((), &resp))
    }

    /// Deletes a request (v3.0 only).
    pub async fn delete(&self, id: &str) -> Result<Traced<()>> {
        let v = self.version;
        let (resp, _) = self
            .session
            .call(
                |c, t| api::build_delete_request(c, v, t, id),
                RetrySafety::SafeToRepeat,
            )
            .await?;
        api::parse_delete_response(&resp)?;
        Ok(traced((), &resp))
    }
}
