//! Request v4 bodies: a JSON answer into its model type, the agency-proposal answer in the
//! three shapes Concur sends it, and the error body `{errors: [{errorCode, errorMessage}]}`.

use crate::error::{Result, TriplinkError};
use crate::model::request_v4::{AgencyProposal, V4Error};
use serde::de::DeserializeOwned;
use serde::Deserialize;

/// Reads a JSON answer into `T`; a mismatch is a `Decode` error.
pub fn read_json<T: DeserializeOwned>(text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|e| TriplinkError::decode("json", e.to_string()))
}

/// Reads agency proposals sent as a list, as `{data: [...]}`, or as one proposal.
pub fn read_proposals(text: &str) -> Result<Vec<AgencyProposal>> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        Many(Vec<AgencyProposal>),
        Wrapped { data: Vec<AgencyProposal> },
        One(Box<AgencyProposal>),
    }
    Ok(match read_json::<OneOrMany>(text)? {
        OneOrMany::Many(v) | OneOrMany::Wrapped { data: v } => v,
        OneOrMany::One(p) => vec![*p],
    })
}

/// Every error of a v4 error body (empty when the body is not one).
pub fn read_v4_errors(body: &[u8]) -> Vec<V4Error> {
    #[derive(Deserialize)]
    struct Body {
        errors: Vec<V4Error>,
    }
    serde_json::from_slice::<Body>(body)
        .map(|b| b.errors)
        .unwrap_or_default()
}
