//! Agency proposals (NOTES 4.2): the POST body a TMC sends for each of the 1–3 proposals of a
//! batch, its entries and segments (AIR, RAIL, CAR, HOTEL, MISC) with their required fields.
//! Both spellings the docs use for the segment list are read; the plural is written.

use super::request::{open_enum, Location};
use crate::error::{Result, TriplinkError};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

open_enum!(
    /// `proposalSegmentType`.
    ProposalSegmentType {
        /// Flight.
        Air = "AIR",
        /// Train.
        Rail = "RAIL",
        /// Car rental.
        Car = "CAR",
        /// Hotel.
        Hotel = "HOTEL",
        /// Anything else.
        Misc = "MISC",
    }
);

/// One proposed segment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProposalSegment {
    /// Kind.
    pub proposal_segment_type: ProposalSegmentType,
    /// PNR.
    pub pnr: String,
    /// Already booked.
    pub booked: bool,
    /// Start date `yyyy-MM-dd`.
    pub start_date: String,
    /// End date `yyyy-MM-dd`.
    pub end_date: String,
    /// Start time `HH:mm`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_time: Option<String>,
    /// End time `HH:mm`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_time: Option<String>,
    /// Vendor (≤ 64).
    pub vendor_name: String,
    /// Confirmation number (≤ 32).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confirmation_number: Option<String>,
    /// AIR: class of service.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub class_of_service: Option<String>,
    /// AIR: duration in minutes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration: Option<u32>,
    /// AIR: flight number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flight_number: Option<String>,
    /// RAIL: train number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub train_number: Option<String>,
    /// HOTEL/MISC: name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Start location (AIR: `iataCode`; CAR/RAIL: city).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_location: Option<Location>,
    /// End location.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_location: Option<Location>,
    /// HOTEL: location.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// Everything else, kept.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

fn need<T>(field: &str, v: &Option<T>) -> Result<()> {
    v.as_ref()
        .map(|_| ())
        .ok_or_else(|| TriplinkError::invalid(field, "is required for this segment type"))
}

fn max_len(field: &str, v: &str, max: usize) -> Result<()> {
    if v.chars().count() > max {
        return Err(TriplinkError::invalid(
            field,
            format!("is longer than {max} characters"),
        ));
    }
    Ok(())
}

impl ProposalSegment {
    /// Checks the required fields of its type and the documented lengths.
    pub fn validate(&self) -> Result<()> {
        for (f, v) in [
            ("pnr", &self.pnr),
            ("startDate", &self.start_date),
            ("endDate", &self.end_date),
            ("vendorName", &self.vendor_name),
        ] {
            if v.trim().is_empty() {
                return Err(TriplinkError::invalid(f, "is required"));
            }
        }
        max_len("vendorName", &self.vendor_name, 64)?;
        if let Some(c) = &self.confirmation_number {
            max_len("confirmationNumber", c, 32)?;
        }
        match self.proposal_segment_type {
            ProposalSegmentType::Air => {
                need("classOfService", &self.class_of_service)?;
                need("duration", &self.duration)?;
                need("flightNumber", &self.flight_number)?;
                need("startLocation", &self.start_location)?;
                need("endLocation", &self.end_location)
            }
            ProposalSegmentType::Rail => need("trainNumber", &self.train_number),
            ProposalSegmentType::Hotel => {
                need("name", &self.name)?;
                need("location", &self.location)
            }
            ProposalSegmentType::Misc => need("name", &self.name),
            ProposalSegmentType::Car | ProposalSegmentType::Other(_) => Ok(()),
        }
    }
}

/// One entry (an expense line) of a proposal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ProposalEntry {
    /// Amount.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transaction_amount: Option<super::request::Amount>,
    /// Date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transaction_date: Option<String>,
    /// Segments (the docs' schema says `agencyProposalSegment`, the example the plural).
    #[serde(
        rename = "agencyProposalSegments",
        alias = "agencyProposalSegment",
        default
    )]
    pub segments: Vec<ProposalSegment>,
}

/// One agency proposal of a batch.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgencyProposal {
    /// The batch id (≤ 32): one value for every proposal of a batch.
    pub provider_message_id: String,
    /// Proposals in the batch (1–3).
    pub proposal_batch_size: u8,
    /// This proposal's position (1..=batch size).
    pub proposal_order: u8,
    /// Booked already.
    pub booked: bool,
    /// Total.
    pub total_posted_amount: super::request::Amount,
    /// `API` by default.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agency_proposal_type: Option<String>,
    /// `PROPOSAL` by default.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Policy compliance.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy_compliant: Option<bool>,
    /// Comments.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comments: Option<String>,
    /// Itinerary locator (≤ 32).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub itinerary_locator: Option<String>,
    /// Entries.
    #[serde(default)]
    pub agency_proposal_entries: Vec<ProposalEntry>,
    /// Read-only: set by Concur (`proposalUuid`, `selected`, ...), kept.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl AgencyProposal {
    /// True when Concur marks this proposal as the traveller's choice (`selected`).
    pub fn selected(&self) -> bool {
        self.extra
            .get("selected")
            .and_then(Value::as_bool)
            .unwrap_or(false)
    }
}
