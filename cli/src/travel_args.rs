//! The trip, booking, travel-request and proposal commands' flags (Itinerary v1 and Request
//! v4), declared with clap's derive.

use clap::Subcommand;
use std::path::PathBuf;

/// `triplink trip`.
#[derive(Debug, Subcommand)]
pub enum TripCommand {
    /// The trips of the traveller whose tokens are kept under --key.
    List {
        /// The name the tokens are kept under (after auto-connect: the Concur user id).
        #[arg(long, default_value = "default")]
        key: String,
        /// Also list cancelled trips.
        #[arg(long)]
        include_canceled: bool,
        /// Trips per page; every page is read.
        #[arg(long, default_value_t = 50)]
        per_page: u32,
        /// JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// One trip with its bookings.
    Get {
        /// The trip id.
        id: String,
        /// The name the tokens are kept under.
        #[arg(long, default_value = "default")]
        key: String,
        /// JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
}

/// `triplink booking`.
#[derive(Debug, Subcommand)]
pub enum BookingCommand {
    /// Post a booking document (`<Booking>` XML): it lands in --trip, in an overlapping trip,
    /// or in a new one.
    Post {
        /// The booking XML file.
        file: PathBuf,
        /// The trip to post into.
        #[arg(long)]
        trip: Option<String>,
        /// The name the tokens are kept under.
        #[arg(long, default_value = "default")]
        key: String,
        /// JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Cancel a booking by its source and confirmation number.
    Cancel {
        /// The booking source (the supplier's name, as in the posted booking).
        #[arg(long)]
        source: String,
        /// The confirmation number.
        confirmation: String,
        /// The name the tokens are kept under.
        #[arg(long, default_value = "default")]
        key: String,
    },
}

/// Which travel requests `requests list` reads.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum ViewName {
    /// Every request.
    All,
    /// Active requests.
    Active,
    /// Pending approval.
    Pending,
    /// TMC agent: waiting for a proposal.
    PendingProposal,
    /// TMC agent: proposal approved.
    ProposalApproved,
    /// TMC agent: proposal cancelled.
    ProposalCanceled,
}

/// `triplink requests`.
#[derive(Debug, Subcommand)]
pub enum RequestsCommand {
    /// Travel requests (every page).
    List {
        /// The name the tokens are kept under (a company token for a TMC).
        #[arg(long, default_value = "default")]
        key: String,
        /// With a company token: the user (UUID) to act as, e.g. the TMC agent.
        #[arg(long)]
        user_id: Option<String>,
        /// Which requests.
        #[arg(long, value_enum, default_value_t = ViewName::All)]
        view: ViewName,
        /// JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// One travel request.
    Get {
        /// The request's id.
        id: String,
        /// The name the tokens are kept under.
        #[arg(long, default_value = "default")]
        key: String,
        /// With a company token: the user (UUID) to act as.
        #[arg(long)]
        user_id: Option<String>,
        /// JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
}

/// `triplink proposals`.
#[derive(Debug, Subcommand)]
pub enum ProposalsCommand {
    /// Post a batch of agency proposals for a travel request. FILE.json is a JSON array of
    /// proposal objects (Request v4 `agencyProposal`), in the order the traveller sees them;
    /// the batch id, size and order are set from --batch-id and the array. A new batch id
    /// replaces the request's earlier proposals.
    Post {
        /// The travel request's id.
        request: String,
        /// The proposals file.
        file: PathBuf,
        /// The batch id (the proposals' providerMessageId).
        #[arg(long)]
        batch_id: String,
        /// The name the tokens are kept under (a company token for a TMC).
        #[arg(long, default_value = "default")]
        key: String,
        /// With a company token: the user (UUID) to act as, e.g. the TMC agent.
        #[arg(long)]
        user_id: Option<String>,
    },
}
