//! Request v4 data (NOTES 4.2): the travel request with its people, amounts, locations, status
//! and links; comments, exceptions, the travel agency. Unset fields are left out of the JSON,
//! never sent as `null` (the swagger types them as strings and numbers, not nullable; to clear
//! a field in a PUT, which is a partial update, put `null` in `extra`). Fields the model does
//! not name are kept in `extra`, so a read-modify-write never drops what Concur sent.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Declares a string-backed enum with an `Other` fallback for values the API may add.
macro_rules! open_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $var:ident = $text:literal),* $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vm])* $var,)*
            /// A value this SDK does not know yet.
            Other(String),
        }
        impl $name {
            /// The value as sent.
            pub fn as_str(&self) -> &str {
                match self { $(Self::$var => $text,)* Self::Other(s) => s }
            }
            /// Parses a value (unknown ones are kept as `Other`).
            pub fn parse(s: &str) -> Self {
                match s { $($text => Self::$var,)* other => Self::Other(other.to_owned()) }
            }
        }
        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> { s.serialize_str(self.as_str()) }
        }
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                Ok(Self::parse(&String::deserialize(d)?))
            }
        }
    };
}
pub(crate) use open_enum;

open_enum!(
    /// `approvalStatus.code`.
    ApprovalStatusCode {
        /// Not submitted.
        NotSubmitted = "NOT_SUBMITTED",
        /// Submitted, pending approval (or the agency).
        Submitted = "SUBMITTED",
        /// Approved.
        Approved = "APPROVED",
        /// Canceled.
        Canceled = "CANCELED",
        /// Sent back to the traveller.
        SentBack = "SENTBACK",
    }
);

/// `{code, name}` of the approval status.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalStatus {
    /// The code.
    pub code: ApprovalStatusCode,
    /// Localised name (e.g. "Pending Travel Agency Update").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// An amount. `value` keeps the JSON number's value: integers exactly, decimals as the
/// nearest `f64`, which writes back as the shortest text of that value (`100.00` as
/// `100.0`; amounts of more than 15 significant digits may round).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Amount {
    /// The number.
    pub value: serde_json::Number,
    /// ISO 4217 currency.
    pub currency: String,
}

/// A person (owner, approver).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Employee {
    /// User UUID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// First name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// Middle initial.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub middle_initial: Option<String>,
    /// Profile link.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
}

/// A linked resource `{href, id, template}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ResourceLink {
    /// Link.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
    /// Id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// URI template.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
}

/// A HATEOAS link in `operations` (`rel`: next, prev, first, last, submit, ...).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    /// Relation.
    pub rel: String,
    /// Target.
    pub href: String,
}

/// `{code, label}` of the request type (Authorization, Cash Advance, Travel...).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestType {
    /// Code.
    pub code: String,
    /// Label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

/// A location (city, airport, station).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Location {
    /// Id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// City.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// ISO 3166-1 country code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
    /// Subdivision code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country_sub_division_code: Option<String>,
    /// IATA code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iata_code: Option<String>,
    /// Location code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location_code: Option<String>,
    /// Location type (STD, RAIL_*).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location_type: Option<String>,
    /// Latitude.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latitude: Option<serde_json::Number>,
    /// Longitude.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub longitude: Option<serde_json::Number>,
}

/// A travel request.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Request {
    /// Request UUID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Self link.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
    /// Public key (4–6 alphanumerics).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// Name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Business purpose.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub business_purpose: Option<String>,
    /// Last comment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Approval status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approval_status: Option<ApprovalStatus>,
    /// Approved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approved: Option<bool>,
    /// Pending approval.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pending_approval: Option<bool>,
    /// Closed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closed: Option<bool>,
    /// Canceled after approval.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub canceled_post_approval: Option<bool>,
    /// Ever sent back.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ever_sent_back: Option<bool>,
    /// Owner (the traveller).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<Employee>,
    /// Approver.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approver: Option<Employee>,
    /// Start date `yyyy-MM-dd`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_date: Option<String>,
    /// End date `yyyy-MM-dd`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_date: Option<String>,
    /// Start time `HH:mm`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_time: Option<String>,
    /// End time `HH:mm`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_time: Option<String>,
    /// Created (RFC 3339).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub creation_date: Option<String>,
    /// Submitted (RFC 3339).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub submit_date: Option<String>,
    /// Last modified (RFC 3339).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
    /// Main destination.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub main_destination: Option<Location>,
    /// Approved total.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_approved_amount: Option<Amount>,
    /// Posted total.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_posted_amount: Option<Amount>,
    /// Remaining total.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_remaining_amount: Option<Amount>,
    /// Type.
    #[serde(rename = "type")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_type: Option<RequestType>,
    /// Travel agency link.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub travel_agency: Option<ResourceLink>,
    /// Expected expenses (links).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expenses: Option<Vec<ResourceLink>>,
    /// Highest exception level (WARNING, ERROR, NONE).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub highest_exception_level: Option<String>,
    /// PNR.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pnr: Option<String>,
    /// Workflow links (`rel: submit`, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operations: Option<Vec<Link>>,
    /// Everything else, kept.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A page of requests: `{data, operations}` (next/prev/first/last links).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct RequestPage {
    /// Requests.
    #[serde(default)]
    pub data: Vec<Request>,
    /// Paging links.
    #[serde(default)]
    pub operations: Vec<Link>,
}

impl RequestPage {
    /// The `next` link, if any.
    pub fn next(&self) -> Option<&str> {
        self.operations
            .iter()
            .find(|l| l.rel.eq_ignore_ascii_case("next"))
            .map(|l| l.href.as_str())
    }
}

/// A comment on a request or expense.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Comment {
    /// Text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Author.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<Employee>,
    /// When.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub creation_date_time: Option<String>,
    /// Everything else, kept.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A request exception (policy warning or error).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct RequestException {
    /// Code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Blocks submission.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_blocking: Option<bool>,
    /// Level.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<serde_json::Number>,
    /// Message.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Everything else (source, parameters), kept.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The travel agency of a request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct TravelAgency {
    /// Agency UUID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Email.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_address: Option<String>,
    /// Proposal type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proposal_type: Option<String>,
}
