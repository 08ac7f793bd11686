//! Request v4 for Kotlin/Swift/Python (the TMC's agency view): list (a page or all), get,
//! workflow actions, a request's parts and proposals, and posting a batch of agency
//! proposals — all typed (the records of `generated/request_v4.rs`), filters included.

use crate::client::TriplinkClient;
use crate::errors::{core, Result};
use crate::generated::{AgencyProposal, Comment, ExpectedExpense, RequestException};
use crate::generated::{RequestPage, TravelRequest};
use crate::model_convert::{traced, Lift, Lower};
use crate::trip_list::RequestWalk;
use triplink_core::api::request_v4::{ListRequestsParams, RequestAction, View};
use triplink_core::client::RequestsClient;
use triplink_core::model::request_v4::ProposalBatch;

/// The `view` of a request list.
#[uniffi::remote(Enum)]
pub enum View {
    All,
    Active,
    ActiveApproved,
    Unsubmitted,
    Pending,
    Validated,
    Approved,
    Canceled,
    Closed,
    Submitted,
    ToApprove,
    PendingEbooking,
    PendingProposal,
    ProposalApproved,
    ProposalCanceled,
}

/// Filters of a request list (every one optional).
#[derive(Clone, Debug, Default, PartialEq, uniffi::Record)]
pub struct RequestFilter {
    /// Which requests (`PendingProposal` for a TMC's queue).
    #[uniffi(default = None)]
    pub view: Option<View>,
    /// Index of the first request.
    #[uniffi(default = None)]
    pub start: Option<u32>,
    /// Page size (the API's maximum is 100).
    #[uniffi(default = None)]
    pub limit: Option<u32>,
    /// Approved before (RFC 3339).
    #[uniffi(default = None)]
    pub approved_before: Option<String>,
    /// Approved after (RFC 3339).
    #[uniffi(default = None)]
    pub approved_after: Option<String>,
    /// Modified before (RFC 3339).
    #[uniffi(default = None)]
    pub modified_before: Option<String>,
    /// Modified after (RFC 3339).
    #[uniffi(default = None)]
    pub modified_after: Option<String>,
    /// Sort field (e.g. `startDate`).
    #[uniffi(default = None)]
    pub sort_field: Option<String>,
    /// Ascending sort.
    #[uniffi(default = None)]
    pub ascending: Option<bool>,
}

impl From<RequestFilter> for ListRequestsParams {
    fn from(f: RequestFilter) -> Self {
        ListRequestsParams {
            view: f.view,
            start: f.start,
            limit: f.limit,
            approved_before: f.approved_before,
            approved_after: f.approved_after,
            modified_before: f.modified_before,
            modified_after: f.modified_after,
            sort_field: f.sort_field,
            ascending: f.ascending,
        }
    }
}

traced!(
    TracedRequest,
    TravelRequest,
    "A travel request, with the call's correlation id."
);
traced!(
    TracedRequestPage,
    RequestPage,
    "A page of travel requests, with the call's correlation id."
);
traced!(
    TracedProposals,
    Vec<AgencyProposal>,
    "A request's agency proposals, with the call's correlation id."
);
traced!(
    TracedComments,
    Vec<Comment>,
    "A request's comments, with the call's correlation id."
);
traced!(
    TracedExceptions,
    Vec<RequestException>,
    "A request's exceptions, with the call's correlation id."
);
traced!(
    TracedExpenses,
    Vec<ExpectedExpense>,
    "A request's expected expenses, with the call's correlation id."
);

impl TriplinkClient {
    fn v4(&self, key: &str, acting_user_id: Option<String>) -> Result<RequestsClient> {
        core(self.sdk.requests_acting(key, acting_user_id.as_deref()))
    }
}

#[uniffi::export]
impl TriplinkClient {
    /// One page of travel requests. With `acting_user_id` the key's token is a company token
    /// acting for that user (a UUID).
    pub async fn list_requests(
        &self,
        key: String,
        filter: Option<RequestFilter>,
        acting_user_id: Option<String>,
    ) -> Result<TracedRequestPage> {
        let p = ListRequestsParams::from(filter.unwrap_or_default());
        Ok(core(self.v4(&key, acting_user_id)?.list(&p).await)?.into())
    }

    /// One travel request.
    pub async fn get_request(
        &self,
        key: String,
        request_id: String,
        acting_user_id: Option<String>,
    ) -> Result<TracedRequest> {
        let c = self.v4(&key, acting_user_id)?;
        Ok(core(c.get(&request_id).await)?.into())
    }

    /// The agency proposals of a request.
    pub async fn request_proposals(
        &self,
        key: String,
        request_id: String,
        acting_user_id: Option<String>,
    ) -> Result<TracedProposals> {
        let c = self.v4(&key, acting_user_id)?;
        Ok(core(c.proposals(&request_id).await)?.into())
    }

    /// Posts a batch of 1–3 proposals (in order) under one `provider_message_id`; the batch
    /// rules are checked before anything is sent. Returns the proposals as posted.
    pub async fn post_proposals(
        &self,
        key: String,
        request_id: String,
        provider_message_id: String,
        proposals: Vec<AgencyProposal>,
        acting_user_id: Option<String>,
    ) -> Result<Vec<AgencyProposal>> {
        let proposals = proposals
            .into_iter()
            .map(|p| p.lift("proposal"))
            .collect::<Result<Vec<_>>>()?;
        let batch = core(ProposalBatch::from_proposals(
            &provider_message_id,
            proposals,
        ))?;
        let c = self.v4(&key, acting_user_id)?;
        Ok(core(c.post_batch(&request_id, &batch).await)?.lower())
    }

    /// Every page of travel requests: the items, the pages read and `stopped` (why the walk
    /// ended early, with the items read before kept).
    pub async fn list_all_requests(
        &self,
        key: String,
        filter: Option<RequestFilter>,
        acting_user_id: Option<String>,
    ) -> Result<RequestWalk> {
        let p = ListRequestsParams::from(filter.unwrap_or_default());
        Ok(self.v4(&key, acting_user_id)?.list_all(&p).await.into())
    }

    /// A workflow action: `submit`, `recall`, `cancel`, `close`, `reopen`, `approve`, or
    /// `sendBack` with a comment. Not repeated on a lost answer (it may have acted).
    pub async fn request_action(
        &self,
        key: String,
        request_id: String,
        action: String,
        comment: Option<String>,
        acting_user_id: Option<String>,
    ) -> Result<TracedRequest> {
        let a = core(RequestAction::parse(&action, comment))?;
        let c = self.v4(&key, acting_user_id)?;
        Ok(core(c.action(&request_id, &a).await)?.into())
    }

    /// A request's comments.
    pub async fn request_comments(
        &self,
        key: String,
        request_id: String,
        acting_user_id: Option<String>,
    ) -> Result<TracedComments> {
        let c = self.v4(&key, acting_user_id)?;
        Ok(core(c.comments(&request_id).await)?.into())
    }

    /// A request's exceptions (policy warnings and errors).
    pub async fn request_exceptions(
        &self,
        key: String,
        request_id: String,
        acting_user_id: Option<String>,
    ) -> Result<TracedExceptions> {
        let c = self.v4(&key, acting_user_id)?;
        Ok(core(c.exceptions(&request_id).await)?.into())
    }

    /// A request's expected expenses.
    pub async fn request_expenses(
        &self,
        key: String,
        request_id: String,
        acting_user_id: Option<String>,
    ) -> Result<TracedExpenses> {
        let c = self.v4(&key, acting_user_id)?;
        Ok(core(c.expenses(&request_id).await)?.into())
    }
}
