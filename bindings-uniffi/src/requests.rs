//! Request v4 for Kotlin/Swift/Python (the TMC's agency view): list (a page or all), get,
//! workflow actions, a request's parts and proposals, and posting a batch of agency
//! proposals. The large models travel as JSON text.

use crate::client::TriplinkClient;
use crate::errors::{core, from_json, from_json_or_default, invalid, to_json, Result};
use triplink_core::api::request_v4::{ListRequestsParams, RequestAction};
use triplink_core::client::RequestsClient;
use triplink_core::model::request_v4::{AgencyProposal, ProposalBatch};

impl TriplinkClient {
    fn v4(&self, key: &str, acting_user_id: Option<String>) -> Result<RequestsClient> {
        match acting_user_id {
            Some(u) => core(self.sdk.requests_for_company(key, &u)),
            None => Ok(self.sdk.requests(key)),
        }
    }
}

#[uniffi::export]
impl TriplinkClient {
    /// One page of travel requests (`params_json`: `{view?, start?, limit?, modifiedAfter?…}`)
    /// as `{value, correlationId}`. With `acting_user_id` the key's token is a company token
    /// acting for that user (a UUID).
    pub async fn list_requests(
        &self,
        key: String,
        params_json: Option<String>,
        acting_user_id: Option<String>,
    ) -> Result<String> {
        let p: ListRequestsParams = from_json_or_default("params", params_json)?;
        to_json(&core(self.v4(&key, acting_user_id)?.list(&p).await)?)
    }

    /// One travel request as `{value, correlationId}`.
    pub async fn get_request(
        &self,
        key: String,
        request_id: String,
        acting_user_id: Option<String>,
    ) -> Result<String> {
        to_json(&core(
            self.v4(&key, acting_user_id)?.get(&request_id).await,
        )?)
    }

    /// The agency proposals of a request as `{value: [...], correlationId}`.
    pub async fn request_proposals(
        &self,
        key: String,
        request_id: String,
        acting_user_id: Option<String>,
    ) -> Result<String> {
        to_json(&core(
            self.v4(&key, acting_user_id)?.proposals(&request_id).await,
        )?)
    }

    /// Posts a batch of 1–3 proposals (each one JSON object, in order) under one
    /// `provider_message_id`; the batch rules are checked before anything is sent.
    pub async fn post_proposals(
        &self,
        key: String,
        request_id: String,
        provider_message_id: String,
        proposals_json: Vec<String>,
        acting_user_id: Option<String>,
    ) -> Result<String> {
        let size = u8::try_from(proposals_json.len())
            .map_err(|_| invalid("proposals", "a batch holds 1 to 3 proposals"))?;
        let mut batch = core(ProposalBatch::start_new_batch(&provider_message_id, size))?;
        for (i, text) in proposals_json.iter().enumerate() {
            let p: AgencyProposal = from_json("proposal", text)?;
            core(batch.add(i as u8 + 1, p))?;
        }
        to_json(&core(
            self.v4(&key, acting_user_id)?
                .post_batch(&request_id, &batch)
                .await,
        )?)
    }

    /// Every page of travel requests: `{items, pages, stopped}`.
    pub async fn list_all_requests(
        &self,
        key: String,
        params_json: Option<String>,
        acting_user_id: Option<String>,
    ) -> Result<String> {
        let p: ListRequestsParams = from_json_or_default("params", params_json)?;
        to_json(&self.v4(&key, acting_user_id)?.list_all(&p).await)
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
    ) -> Result<String> {
        let a = core(RequestAction::parse(&action, comment))?;
        to_json(&core(
            self.v4(&key, acting_user_id)?.action(&request_id, &a).await,
        )?)
    }

    /// A request's `comments`, `exceptions` or `expenses`, as `{value: [...], correlationId}`.
    pub async fn request_part(
        &self,
        key: String,
        request_id: String,
        part: String,
        acting_user_id: Option<String>,
    ) -> Result<String> {
        let c = self.v4(&key, acting_user_id)?;
        match part.as_str() {
            "comments" => to_json(&core(c.comments(&request_id).await)?),
            "exceptions" => to_json(&core(c.exceptions(&request_id).await)?),
            "expenses" => to_json(&core(c.expenses(&request_id).await)?),
            other => Err(invalid(
                "part",
                format!("`{other}` is not comments, exceptions or expenses"),
            )),
        }
    }
}
