//! Request v4 (travel-agency view): requests, expected expenses, comments, exceptions, the
//! travel agency, agency proposals, the proposal batch rules, and the error body's entries.

pub mod api_error;
pub mod expense;
pub mod proposal;
pub mod proposal_batch;
pub mod request;

pub use api_error::V4Error;
pub use expense::{ExpectedExpense, SegmentLeg, TripData};
pub use proposal::{AgencyProposal, ProposalEntry, ProposalSegment, ProposalSegmentType};
pub use proposal_batch::{booked_trip, ProposalBatch};
pub use request::*;
