//! Request v4 for JS (the TMC's agency view): list, get, workflow actions, the request's
//! parts, and agency proposals in batches.

use crate::abort::abortable;
use crate::client::TriplinkClient;
use crate::convert::{from_js, from_js_or_default, to_js};
use crate::errors::{js, JsResult};
use serde::Deserialize;
use triplink_core::api::request_v4::{ListRequestsParams, RequestAction};
use triplink_core::client::{ListedPart, RequestsClient};
use triplink_core::model::request_v4::{AgencyProposal, ProposalBatch};
use wasm_bindgen::prelude::*;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Batch {
    provider_message_id: String,
    proposals: Vec<AgencyProposal>,
}

impl TriplinkClient {
    fn v4(&self, key: &str, acting_user_id: Option<String>) -> JsResult<RequestsClient> {
        js(self.sdk.requests_acting(key, acting_user_id.as_deref()))
    }
}

#[wasm_bindgen]
impl TriplinkClient {
    /// One page of travel requests (`params`: `{view?, start?, limit?, modifiedAfter?…}`).
    /// With `actingUserId` the key's token is a company token acting for that user (a UUID).
    #[wasm_bindgen(js_name = listRequests)]
    pub async fn list_requests(
        &self,
        key: String,
        params: JsValue,
        acting_user_id: Option<String>,
        call: JsValue,
    ) -> JsResult<JsValue> {
        abortable(&call, async {
            let p: ListRequestsParams = from_js_or_default(&params, "params")?;
            to_js(&js(self.v4(&key, acting_user_id)?.list(&p).await)?)
        })
        .await
    }

    /// Every page of travel requests: `{items, pages, stopped}`.
    #[wasm_bindgen(js_name = listAllRequests)]
    pub async fn list_all_requests(
        &self,
        key: String,
        params: JsValue,
        acting_user_id: Option<String>,
        call: JsValue,
    ) -> JsResult<JsValue> {
        abortable(&call, async {
            let p: ListRequestsParams = from_js_or_default(&params, "params")?;
            to_js(&self.v4(&key, acting_user_id)?.list_all(&p).await)
        })
        .await
    }

    /// One travel request.
    #[wasm_bindgen(js_name = getRequest)]
    pub async fn get_request(
        &self,
        key: String,
        request_id: String,
        acting_user_id: Option<String>,
        call: JsValue,
    ) -> JsResult<JsValue> {
        abortable(&call, async {
            to_js(&js(self.v4(&key, acting_user_id)?.get(&request_id).await)?)
        })
        .await
    }

    /// A workflow action: `submit`, `recall`, `cancel`, `close`, `reopen`, `approve`, or
    /// `sendBack` with a comment. Not repeated on a lost answer (it may have acted).
    #[wasm_bindgen(js_name = requestAction)]
    pub async fn request_action(
        &self,
        key: String,
        request_id: String,
        name: String,
        comment: Option<String>,
        acting_user_id: Option<String>,
        call: JsValue,
    ) -> JsResult<JsValue> {
        abortable(&call, async {
            let a = js(RequestAction::parse(&name, comment))?;
            to_js(&js(self
                .v4(&key, acting_user_id)?
                .action(&request_id, &a)
                .await)?)
        })
        .await
    }

    /// A request's comments, exceptions or expected expenses (`part`: `"comments"`,
    /// `"exceptions"`, `"expenses"`).
    #[wasm_bindgen(js_name = requestPart)]
    pub async fn request_part(
        &self,
        key: String,
        request_id: String,
        part: String,
        acting_user_id: Option<String>,
        call: JsValue,
    ) -> JsResult<JsValue> {
        abortable(&call, async {
            let c = self.v4(&key, acting_user_id)?;
            let p = js(ListedPart::parse(&part))?;
            to_js(&js(c.part(&request_id, p).await)?)
        })
        .await
    }

    /// The agency proposals of a request.
    #[wasm_bindgen(js_name = requestProposals)]
    pub async fn request_proposals(
        &self,
        key: String,
        request_id: String,
        acting_user_id: Option<String>,
        call: JsValue,
    ) -> JsResult<JsValue> {
        abortable(&call, async {
            to_js(&js(self
                .v4(&key, acting_user_id)?
                .proposals(&request_id)
                .await)?)
        })
        .await
    }

    /// Posts a batch of 1–3 proposals (`{providerMessageId, proposals: [...]}`, in order);
    /// the batch rules are checked before anything is sent.
    #[wasm_bindgen(js_name = postProposals)]
    pub async fn post_proposals(
        &self,
        key: String,
        request_id: String,
        batch: JsValue,
        acting_user_id: Option<String>,
        call: JsValue,
    ) -> JsResult<JsValue> {
        abortable(&call, async {
            let b: Batch = from_js(&batch, "batch")?;
            let pb = js(ProposalBatch::from_proposals(
                &b.provider_message_id,
                b.proposals,
            ))?;
            to_js(&js(self
                .v4(&key, acting_user_id)?
                .post_batch(&request_id, &pb)
                .await)?)
        })
        .await
    }
}
