//! Request v4 expected expenses (NOTES 4.2): the expense with its amount and date, its trip
//! data and legs. Unset fields are left out of the JSON (never sent as `null`); fields the
//! model does not name are kept in `extra`.

use super::request::{Amount, Location};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// An expected expense; its trip data (legs, segment type) is kept typed where the docs name it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ExpectedExpense {
    /// Id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Self link.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
    /// Expense type `{id, name}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expense_type: Option<Value>,
    /// Amount in the transaction currency.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transaction_amount: Option<Amount>,
    /// Date `yyyy-MM-dd`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transaction_date: Option<String>,
    /// Trip data: `tripType`, `segmentType`, `legs`, ...
    #[serde(skip_serializing_if = "Option::is_none")]
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
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trip_type: Option<String>,
    /// `{category, code}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub segment_type: Option<Value>,
    /// Legs.
    #[serde(skip_serializing_if = "Option::is_none")]
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
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_date: Option<String>,
    /// End date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_date: Option<String>,
    /// Start location.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_location: Option<Location>,
    /// End location.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_location: Option<Location>,
    /// Everything else, kept.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
