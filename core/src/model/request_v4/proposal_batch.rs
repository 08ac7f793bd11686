//! `ProposalBatch`: the 1–3 proposals a TMC sends for one travel request, under ONE
//! `providerMessageId` — a new id wipes earlier proposals at Concur, so starting a new batch is
//! a separately named, deliberate call. Validates size and order, and produces the batch either
//! as Request v4 agency-proposal bodies or as Itinerary v1 proposal trips (TripStatus 6/7 with
//! the documented custom attributes); `booked_trip` turns the chosen one into a real booking.

use super::proposal::AgencyProposal;
use crate::error::{Result, TriplinkError};
use crate::model::itinerary::{CustomAttribute, DataType, Itinerary, Text};
use std::collections::BTreeMap;

/// A batch of agency proposals for one request.
#[derive(Clone, Debug, PartialEq)]
pub struct ProposalBatch {
    provider_message_id: String,
    size: u8,
    proposals: BTreeMap<u8, AgencyProposal>,
}

impl ProposalBatch {
    /// Starts a NEW batch with `provider_message_id` (≤ 32) of `size` (1..=3) proposals.
    /// Posting it replaces every earlier proposal of the request at Concur: call this only when
    /// that is what you mean; to add to the current batch keep using the same `ProposalBatch`.
    pub fn start_new_batch(provider_message_id: &str, size: u8) -> Result<Self> {
        let id = provider_message_id.trim();
        if id.is_empty() || id.chars().count() > 32 {
            return Err(TriplinkError::invalid(
                "providerMessageId",
                "must be 1 to 32 characters",
            ));
        }
        if !(1..=3).contains(&size) {
            return Err(TriplinkError::invalid(
                "proposalBatchSize",
                "a batch holds 1 to 3 proposals",
            ));
        }
        Ok(ProposalBatch {
            provider_message_id: id.to_owned(),
            size,
            proposals: BTreeMap::new(),
        })
    }

    /// A NEW batch (see [`ProposalBatch::start_new_batch`]) holding `proposals` in their order:
    /// the first is number 1. Every batch rule is checked before anything is sent.
    ///
    /// ```
    /// use triplink_core::model::request_v4::ProposalBatch;
    /// let e = ProposalBatch::from_proposals("msg-1", vec![]).unwrap_err();
    /// assert!(e.to_string().contains("a batch holds 1 to 3 proposals"));
    /// ```
    pub fn from_proposals(
        provider_message_id: &str,
        proposals: Vec<AgencyProposal>,
    ) -> Result<Self> {
        let size = u8::try_from(proposals.len()).unwrap_or(u8::MAX);
        let mut batch = ProposalBatch::start_new_batch(provider_message_id, size)?;
        for (order, p) in (1..=size).zip(proposals) {
            batch.add(order, p)?;
        }
        Ok(batch)
    }

    /// The batch id.
    pub fn provider_message_id(&self) -> &str {
        &self.provider_message_id
    }

    /// The batch size.
    pub fn size(&self) -> u8 {
        self.size
    }

    /// Adds proposal number `order` (1..=size, once each). The batch fields are set here, so a
    /// proposal can never carry another batch's id by accident.
    pub fn add(&mut self, order: u8, mut proposal: AgencyProposal) -> Result<()> {
        if !(1..=self.size).contains(&order) {
            return Err(TriplinkError::invalid(
                "proposalOrder",
                format!("must be between 1 and {}", self.size),
            ));
        }
        if self.proposals.contains_key(&order) {
            return Err(TriplinkError::invalid(
                "proposalOrder",
                format!("proposal {order} is already in the batch"),
            ));
        }
        if let Some(l) = &proposal.itinerary_locator {
            if l.chars().count() > 32 {
                return Err(TriplinkError::invalid(
                    "itineraryLocator",
                    "is longer than 32 characters",
                ));
            }
        }
        for s in proposal
            .agency_proposal_entries
            .iter()
            .flat_map(|e| &e.segments)
        {
            s.validate()?;
        }
        proposal.provider_message_id = self.provider_message_id.clone();
        proposal.proposal_batch_size = self.size;
        proposal.proposal_order = order;
        self.proposals.insert(order, proposal);
        Ok(())
    }

    /// True when every order 1..=size is present.
    pub fn is_complete(&self) -> bool {
        self.proposals.len() == self.size as usize
    }

    /// The proposals in order, once the batch is complete.
    pub fn proposals(&self) -> Result<Vec<&AgencyProposal>> {
        if !self.is_complete() {
            let missing: Vec<String> = (1..=self.size)
                .filter(|o| !self.proposals.contains_key(o))
                .map(|o| o.to_string())
                .collect();
            return Err(TriplinkError::invalid(
                "batch",
                format!("proposals {} are missing", missing.join(", ")),
            ));
        }
        Ok(self.proposals.values().collect())
    }

    /// The batch as Itinerary v1 proposal trips: each given trip (in order) gets `ClientLocator`
    /// = the batch id, `TravelRequestId`, TripStatus 6 (proposal) or 7 (booked proposal) and the
    /// custom attributes ProposalBatchSize, ProposalSequenceIndex, AutoSelectProposal,
    /// TicketIssued (NOTES 3.6).
    pub fn as_itinerary_trips(
        &self,
        travel_request_id: &str,
        trips: Vec<Itinerary>,
        booked: bool,
        auto_select: bool,
    ) -> Result<Vec<Itinerary>> {
        if trips.len() != self.size as usize {
            return Err(TriplinkError::invalid(
                "trips",
                format!(
                    "the batch holds {} proposals, {} trips given",
                    self.size,
                    trips.len()
                ),
            ));
        }
        if travel_request_id.trim().is_empty() {
            return Err(TriplinkError::invalid("travel_request_id", "is required"));
        }
        Ok(trips
            .into_iter()
            .enumerate()
            .map(|(i, mut t)| {
                t.client_locator = Some(Text::from(self.provider_message_id.as_str()));
                t.travel_request_id = Some(Text::from(travel_request_id));
                t.trip_status = Some(if booked { 7 } else { 6 }.into());
                let mut attrs: Vec<CustomAttribute> = t
                    .custom_attributes
                    .take()
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|a| !is_proposal_attr(a))
                    .collect();
                attrs.push(attr(
                    "ProposalBatchSize",
                    DataType::Numeric,
                    self.size.to_string(),
                ));
                attrs.push(attr(
                    "ProposalSequenceIndex",
                    DataType::Numeric,
                    (i + 1).to_string(),
                ));
                attrs.push(attr(
                    "AutoSelectProposal",
                    DataType::Boolean,
                    if auto_select { "True" } else { "False" }.into(),
                ));
                attrs.push(attr(
                    "TicketIssued",
                    DataType::Boolean,
                    if booked { "True" } else { "False" }.into(),
                ));
                t.custom_attributes = Some(attrs);
                t
            })
            .collect())
    }
}

const PROPOSAL_ATTRS: [&str; 4] = [
    "ProposalBatchSize",
    "ProposalSequenceIndex",
    "AutoSelectProposal",
    "TicketIssued",
];

fn is_proposal_attr(a: &CustomAttribute) -> bool {
    a.name
        .as_deref()
        .map(|n| PROPOSAL_ATTRS.contains(&n))
        .unwrap_or(false)
}

fn attr(name: &str, data_type: DataType, data: String) -> CustomAttribute {
    CustomAttribute {
        name: Some(name.into()),
        data_type: Some(data_type),
        data: Some(data.into()),
        display_title: Some(Text::new("")),
        display_on_itinerary: Some(true.into()),
        ..CustomAttribute::default()
    }
}

/// The chosen proposal trip as a real booking: TripStatus 0 (confirmed) or 1 (ticketed), the
/// proposal attributes dropped, the request link kept.
pub fn booked_trip(proposal_trip: &Itinerary, ticketed: bool) -> Itinerary {
    let mut t = proposal_trip.clone();
    t.trip_status = Some(if ticketed { 1 } else { 0 }.into());
    if let Some(attrs) = t.custom_attributes.take() {
        let kept: Vec<CustomAttribute> =
            attrs.into_iter().filter(|a| !is_proposal_attr(a)).collect();
        t.custom_attributes = (!kept.is_empty()).then_some(kept);
    }
    t
}
