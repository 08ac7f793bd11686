//! `RequestsClient`: Request v4 for a TMC or traveller over an [`ApiSession`] — a company
//! session always acts for its configured user (so `missingRequiredParam` cannot happen) —
//! list (walking `operations` next links), get, actions, parts, and posting a whole
//! [`ProposalBatch`] in order.

use super::page_walker::{walk_pages, Page};
use super::session::{ApiSession, Traced};
use crate::api::request_v4::{
    self as api, ListRequestsParams, RequestAction, RequestPart, V4Auth, V4Call,
};
use crate::config::ApiConfig;
use crate::error::Result;
use crate::flow::paging::Walked;
use crate::model::request_v4::{AgencyProposal, ProposalBatch, Request, RequestPage};
use crate::Secret;

/// Request v4 calls as one token holder.
#[derive(Clone, Debug)]
pub struct RequestsClient {
    session: ApiSession,
    company_user: Option<String>,
}

impl RequestsClient {
    /// With a user-level token.
    pub fn for_user(session: ApiSession) -> Self {
        RequestsClient {
            session,
            company_user: None,
        }
    }

    /// With a company-level token acting for `user_id` (a UUID: the traveller or the TMC agent).
    pub fn for_company(session: ApiSession, user_id: &str) -> Result<Self> {
        V4Auth::company(Secret::new(""), user_id)?;
        Ok(RequestsClient {
            session,
            company_user: Some(user_id.to_owned()),
        })
    }

    fn auth(&self, token: &Secret) -> V4Auth {
        match &self.company_user {
            Some(u) => V4Auth::Company {
                token: token.clone(),
                user_id: u.clone(),
            },
            None => V4Auth::User(token.clone()),
        }
    }

    async fn call<F>(&self, build: F) -> Result<(crate::transport::HttpResponse, ApiConfig)>
    where
        F: Fn(&ApiConfig, &V4Auth) -> Result<crate::transport::HttpRequest>
            + crate::transport::MaybeSendSync,
    {
        self.session.call(|c, t| build(c, &self.auth(t))).await
    }

    async fn fetch<T, F, P>(&self, build: F, parse: P) -> Result<Traced<T>>
    where
        F: Fn(&ApiConfig, &V4Auth) -> Result<crate::transport::HttpRequest>
            + crate::transport::MaybeSendSync,
        P: FnOnce(&crate::transport::HttpResponse, &ApiConfig) -> Result<T>,
    {
        self.session
            .fetch(|c, t| build(c, &self.auth(t)), parse)
            .await
    }

    /// One page of requests.
    pub async fn list(&self, params: &ListRequestsParams) -> Result<Traced<RequestPage>> {
        let call = V4Call::default();
        self.fetch(
            |cfg, a| api::build_list_requests_request(cfg, a, &call, params),
            api::parse_request_page,
        )
        .await
    }

    /// Every page, following `operations` next links (same origin, no cycles); items read
    /// before a failure are kept.
    pub async fn list_all(&self, params: &ListRequestsParams) -> Walked<Request> {
        let call = V4Call::default();
        let call = &call;
        walk_pages(
            || async move {
                let (resp, cfg) = self
                    .call(|c, a| api::build_list_requests_request(c, a, call, params))
                    .await?;
                let page = api::parse_request_page(&resp, &cfg)?;
                let first = api::build_list_requests_request(
                    &cfg,
                    &V4Auth::User(Secret::new("")),
                    call,
                    params,
                )?
                .url;
                let next = page.next().map(str::to_owned);
                Ok((
                    Page {
                        items: page.data,
                        next,
                    },
                    first,
                ))
            },
            |url| async move {
                let page = self
                    .fetch(
                        |c, a| api::build_next_requests_page(c, a, call, &url),
                        api::parse_request_page,
                    )
                    .await?
                    .value;
                let next = page.next().map(str::to_owned);
                Ok(Page {
                    items: page.data,
                    next,
                })
            },
        )
        .await
    }

    /// One request.
    pub async fn get(&self, request_id: &str) -> Result<Traced<Request>> {
        let call = V4Call::default();
        self.fetch(
            |cfg, a| api::build_get_request(cfg, a, &call, request_id),
            api::parse_request,
        )
        .await
    }

    /// A workflow action (approve, sendback with a comment, ...).
    pub async fn action(
        &self,
        request_id: &str,
        action: &RequestAction,
    ) -> Result<Traced<Request>> {
        let call = V4Call::default();
        self.fetch(
            |cfg, a| api::build_action_request(cfg, a, &call, request_id, action),
            api::parse_request,
        )
        .await
    }

    /// The comments of a request.
    pub async fn comments(
        &self,
        request_id: &str,
    ) -> Result<Traced<Vec<crate::model::request_v4::Comment>>> {
        let call = V4Call::default();
        self.fetch(
            |c, a| api::build_get_part_request(c, a, &call, request_id, RequestPart::Comments),
            api::parse_comments,
        )
        .await
    }

    /// The policy exceptions of a request.
    pub async fn exceptions(
        &self,
        request_id: &str,
    ) -> Result<Traced<Vec<crate::model::request_v4::RequestException>>> {
        let call = V4Call::default();
        self.fetch(
            |c, a| api::build_get_part_request(c, a, &call, request_id, RequestPart::Exceptions),
            api::parse_exceptions,
        )
        .await
    }

    /// The expected expenses of a request.
    pub async fn expenses(
        &self,
        request_id: &str,
    ) -> Result<Traced<Vec<crate::model::request_v4::ExpectedExpense>>> {
        let call = V4Call::default();
        self.fetch(
            |c, a| api::build_get_part_request(c, a, &call, request_id, RequestPart::Expenses),
            api::parse_expenses,
        )
        .await
    }

    /// A travel agency.
    pub async fn travel_agency(
        &self,
        agency_id: &str,
    ) -> Result<Traced<crate::model::request_v4::TravelAgency>> {
        let call = V4Call::default();
        self.fetch(
            |c, a| api::build_get_travel_agency_request(c, a, &call, agency_id),
            api::parse_travel_agency,
        )
        .await
    }

    /// The acting user's request policies (as sent).
    pub async fn user_policies(&self) -> Result<Traced<serde_json::Value>> {
        let call = V4Call::default();
        self.fetch(
            |c, a| api::build_user_policies_request(c, a, &call),
            |r, c| api::parse_json(r, c, &[200]),
        )
        .await
    }

    /// The agency proposals of a request (with Concur's `selected` flag).
    pub async fn proposals(&self, request_id: &str) -> Result<Traced<Vec<AgencyProposal>>> {
        let call = V4Call::default();
        self.fetch(
            |cfg, a| {
                api::build_get_part_request(cfg, a, &call, request_id, RequestPart::AgencyProposals)
            },
            api::parse_proposals,
        )
        .await
    }

    /// Posts every proposal of a complete batch, in order.
    pub async fn post_batch(
        &self,
        request_id: &str,
        batch: &ProposalBatch,
    ) -> Result<Vec<AgencyProposal>> {
        let call = V4Call::default();
        let mut out = Vec::new();
        for p in batch.proposals()? {
            let (r, c) = self
                .call(|cfg, a| api::build_post_proposal_request(cfg, a, &call, request_id, p))
                .await?;
            out.extend(api::parse_proposals(&r, &c)?);
        }
        Ok(out)
    }
}
