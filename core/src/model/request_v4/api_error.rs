//! One entry of a Request v4 error body `{errors: [{errorCode, errorMessage}]}`.

use serde::{Deserialize, Serialize};

/// One entry of the error body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct V4Error {
    /// e.g. `missingRequiredParam`.
    pub error_code: String,
    /// The message.
    pub error_message: Option<String>,
}
