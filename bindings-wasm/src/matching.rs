//! Matching for JS: the `MemberIndex` class (bulk member lists), `decide` with a policy over
//! a host directory and policy presets — all rules stay in the core (full build only; name
//! normalisation is in `normalize.rs`, in both builds).

use crate::convert::{from_js, from_js_or_default, to_js};
use crate::errors::{invalid, js, JsResult};
use js_sys::{Function, Promise, Reflect};
use std::sync::Arc;
use triplink_core::matching::{
    self, DirectoryError, MatchPolicy, MatchRequest, MemberDirectory, MemberRecord,
};
use triplink_core::model::ConnectionRequest;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// A decision with its status code (`CRSUC`, `CREU1`…) beside the core's fields.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct DecisionJs {
    status_code: String,
    #[serde(flatten)]
    decision: matching::Decision,
}

fn decision(d: matching::Decision) -> JsResult<JsValue> {
    to_js(&DecisionJs {
        status_code: d.status.status_code().as_str().to_owned(),
        decision: d,
    })
}

fn policy_or_default(policy: &JsValue) -> JsResult<MatchPolicy> {
    if policy.is_undefined() || policy.is_null() {
        Ok(MatchPolicy::either())
    } else {
        from_js(policy, "policy")
    }
}

/// An in-memory index over the supplier's members, for deciding many requests without a
/// database round trip each.
#[wasm_bindgen]
pub struct MemberIndex {
    pub(crate) inner: Arc<matching::MemberIndex>,
}

#[wasm_bindgen]
impl MemberIndex {
    /// From member records (`{memberId, loyaltyNumber?, firstName?, lastName?, emails?, state?}`)
    /// and a policy (default: last name + loyalty number, or verified email + last name).
    #[wasm_bindgen(js_name = fromMembers)]
    pub fn from_members(members: JsValue, policy: JsValue) -> JsResult<MemberIndex> {
        let m: Vec<MemberRecord> = from_js(&members, "members")?;
        Self::build(m, &policy)
    }

    /// From CSV text with a header row (`member_id, loyalty_number, first_name, last_name,
    /// email, state`); a bad row is an error naming its line.
    #[wasm_bindgen(js_name = fromCsv)]
    pub fn from_csv(text: &str, policy: JsValue) -> JsResult<MemberIndex> {
        Self::build(js(matching::members_from_csv(text))?, &policy)
    }

    /// From JSON lines, one member record per line.
    #[wasm_bindgen(js_name = fromJsonLines)]
    pub fn from_json_lines(text: &str, policy: JsValue) -> JsResult<MemberIndex> {
        Self::build(js(matching::members_from_json_lines(text))?, &policy)
    }

    fn build(members: Vec<MemberRecord>, policy: &JsValue) -> JsResult<MemberIndex> {
        let p = policy_or_default(policy)?;
        Ok(MemberIndex {
            inner: Arc::new(js(matching::MemberIndex::build(p, members))?),
        })
    }

    /// How many members.
    #[wasm_bindgen(getter)]
    pub fn size(&self) -> usize {
        self.inner.len()
    }

    /// The policy, as a plain object.
    pub fn policy(&self) -> JsResult<JsValue> {
        to_js(self.inner.policy())
    }

    /// Decides one request (`{firstName?, lastName?, loyaltyNumber?, emails?}`): resolves to
    /// `{status, matchStatus, reason, evidence…}` (loyalty numbers and emails masked).
    pub fn decide(&self, request: JsValue) -> JsResult<JsValue> {
        let r: MatchRequest = from_js(&request, "request")?;
        decision(self.inner.decide(&r))
    }

    /// Decides a connection request object as returned by `listConnectionRequests`.
    #[wasm_bindgen(js_name = decideConnectionRequest)]
    pub fn decide_connection_request(&self, request: JsValue) -> JsResult<JsValue> {
        let cr: ConnectionRequest = from_js(&request, "connectionRequest")?;
        decision(self.inner.decide(&MatchRequest::from(&cr)))
    }
}

/// A host member directory: `{findByLoyalty(key), findByEmail(key)}`, each returning (a
/// promise of) an array of member records. A throw or rejection means "unavailable", so the
/// request is re-queued (CRRET), never failed.
pub struct JsDirectory(pub JsValue);

impl JsDirectory {
    async fn find(&self, method: &str, key: &str) -> Result<Vec<MemberRecord>, DirectoryError> {
        let unavailable = |why: String| DirectoryError::Unavailable(why);
        let f: Function = Reflect::get(&self.0, &JsValue::from_str(method))
            .ok()
            .and_then(|f| f.dyn_into().ok())
            .ok_or_else(|| unavailable(format!("the directory has no `{method}` method")))?;
        let out = f
            .call1(&self.0, &JsValue::from_str(key))
            .map_err(|_| unavailable(format!("`{method}` threw")))?;
        let v = JsFuture::from(Promise::resolve(&out))
            .await
            .map_err(|_| unavailable(format!("`{method}` rejected")))?;
        from_js(&v, method).map_err(|_| {
            unavailable(format!(
                "`{method}` returned something that is not member records"
            ))
        })
    }
}

#[async_trait::async_trait(?Send)]
impl MemberDirectory for JsDirectory {
    async fn find_by_loyalty(&self, key: &str) -> Result<Vec<MemberRecord>, DirectoryError> {
        self.find("findByLoyalty", key).await
    }

    async fn find_by_email(&self, key: &str) -> Result<Vec<MemberRecord>, DirectoryError> {
        self.find("findByEmail", key).await
    }
}

/// Decides one request with `policy` over a host directory (see `autoConnectWithDirectory`).
#[wasm_bindgen(js_name = decideWithDirectory)]
pub async fn decide_with_directory(
    directory: JsValue,
    policy: JsValue,
    request: JsValue,
) -> JsResult<JsValue> {
    let p = policy_or_default(&policy)?;
    let r: MatchRequest = from_js(&request, "request")?;
    decision(matching::decide_with(&JsDirectory(directory), &p, &r).await)
}

/// A policy preset: `"lastNameAndLoyalty"`, `"verifiedEmailAndLastName"` or `"either"`.
#[wasm_bindgen(js_name = matchPolicy)]
pub fn match_policy(preset: &str) -> JsResult<JsValue> {
    let p = match preset {
        "lastNameAndLoyalty" => MatchPolicy::last_name_and_loyalty(),
        "verifiedEmailAndLastName" => MatchPolicy::verified_email_and_last_name(),
        "either" => MatchPolicy::either(),
        other => {
            return Err(invalid(
                "preset",
                format!("`{other}` is not lastNameAndLoyalty, verifiedEmailAndLastName or either"),
            ))
        }
    };
    to_js(&p)
}

/// Checks a policy object and returns it completed with defaults.
#[wasm_bindgen(js_name = checkPolicy)]
pub fn check_policy(policy: JsValue) -> JsResult<JsValue> {
    let p: MatchPolicy = from_js_or_default(&policy, "policy")?;
    to_js(&p)
}
