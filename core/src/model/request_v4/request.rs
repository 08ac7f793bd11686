//! Request v4 data (NOTES 4.2): the travel request with its people, amounts, locations, status
//! and links; expected expenses with trip data and legs; comments, exceptions, the travel
//! agency. Fields the model does not name are kept in `extra`, so a read-modify-write (PUT is
//! a partial update where `null` clears) never drops what Concur sent.

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
    pub id: Option<String>,
    /// First name.
    pub first_name: Option<String>,
    /// Last name.
    pub last_name: Option<String>,
    /// Middle initial.
    pub middle_initial: Option<String>,
    /// Profile link.
    pub href: Option<String>,
}

/// A linked resource `{href, id, template}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ResourceLink {
    /// Link.
    pub href: Option<String>,
    /// Id.
    pub id: Option<String>,
    /// URI template.
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
    pub label: Option<String>,
}

/// A location (city, airport, station).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Location {
    /// Id.
    pub id: Option<String>,
    /// Name.
    pub name: Option<String>,
    /// City.
    pub city: Option<String>,
    /// ISO 3166-1 country code.
    pub country_code: Option<String>,
    /// Subdivision code.
    pub country_sub_division_code: Option<String>,
    /// IATA code.
    pub iata_code: Option<String>,
    /// Location code.
    pub location_code: Option<String>,
    /// Location type (STD, RAIL_*).
    pub location_type: Option<String>,
    /// Latitude.
    pub latitude: Option<serde_json::Number>,
    /// Longitude.
    pub longitude: Option<serde_json::Number>,
}

/// A travel request.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Request {
    /// Request UUID.
    pub id: Option<String>,
    /// Self link.
    pub href: Option<String>,
    /// Public key (4–6 alphanumerics).
    pub request_id: Option<String>,
    /// Name.
    pub name: Option<String>,
    /// Business purpose.
    pub business_purpose: Option<String>,
    /// Last comment.
    pub comment: Option<String>,
    /// Approval status.
    pub approval_status: Option<ApprovalStatus>,
    /// Approved.
    pub approved: Option<bool>,
    /// Pending approval.
    pub pending_approval: Option<bool>,
    /// Closed.
    pub closed: Option<bool>,
    /// Canceled after approval.
    pub canceled_post_approval: Option<bool>,
    /// Ever sent back.
    pub ever_sent_back: Option<bool>,
    /// Owner (the traveller).
    pub owner: Option<Employee>,
    /// Approver.
    pub approver: Option<Employee>,
    /// Start date `yyyy-MM-dd`.
    pub start_date: Option<String>,
    /// End date `yyyy-MM-dd`.
    pub end_date: Option<String>,
    /// Start time `HH:mm`.
    pub start_time: Option<String>,
    /// End time `HH:mm`.
    pub end_time: Option<String>,
    /// Created (RFC 3339).
    pub creation_date: Option<String>,
    /// Submitted (RFC 3339).
    pub submit_date: Option<String>,
    /// Last modified (RFC 3339).
    pub last_modified: Option<String>,
    /// Main destination.
    pub main_destination: Option<Location>,
    /// Approved total.
    pub total_approved_amount: Option<Amount>,
    /// Posted total.
    pub total_posted_amount: Option<Amount>,
    /// Remaining total.
    pub total_remaining_amount: Option<Amount>,
    /// Type.
    #[serde(rename = "type")]
    pub request_type: Option<RequestType>,
    /// Travel agency link.
    pub travel_agency: Option<ResourceLink>,
    /// Expected expenses (links).
    pub expenses: Option<Vec<ResourceLink>>,
    /// Highest exception level (WARNING, ERROR, NONE).
    pub highest_exception_level: Option<String>,
    /// PNR.
    pub pnr: Option<String>,
    /// Workflow links (`rel: submit`, ...).
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
    pub value: Option<String>,
    /// Author.
    pub author: Option<Employee>,
    /// When.
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
    pub code: Option<String>,
    /// Blocks submission.
    pub is_blocking: Option<bool>,
    /// Level.
    pub level: Option<serde_json::Number>,
    /// Message.
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
    pub id: Option<String>,
    /// Name.
    pub name: Option<String>,
    /// Email.
    pub email_address: Option<String>,
    /// Proposal type.
    pub proposal_type: Option<String>,
}

/// An expected expense; its trip data (legs, segment type) is kept typed where the docs name it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ExpectedExpense {
    /// Id.
    pub id: Option<String>,
    /// Self link.
    pub href: Option<String>,
    /// Expense type `{id, name}`.
    pub expense_type: Option<Value>,
    /// Amount in the transaction currency.
    pub transaction_amount: Option<Amount>,
    /// Date `yyyy-MM-dd`.
    pub transaction_date: Option<String>,
    /// Trip data: `tripType`, `segmentType`, `legs`, ...
    pub trip_data: Option<TripData>,
    /// Everything else, kept.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Trip data of an expected expense.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct TripData {
    /// ONE_WAY, ROUND_TRIP, MULTI_STOPS.
    pub trip_type: Option<String>,
    /// `{category, code}`.
    pub segment_type: Option<Value>,
    /// Legs.
    pub legs: Option<Vec<SegmentLeg>>,
    /// Everything else, kept.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One leg of a trip segment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct SegmentLeg {
    /// Start date.
    pub start_date: Option<String>,
    /// End date.
    pub end_date: Option<String>,
    /// Start location.
    pub start_location: Option<Location>,
    /// End location.
    pub end_location: Option<Location>,
    /// Everything else, kept.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
