//! The async client layer: drives `api` pairs and `flow` machines over a host-supplied
//! `Transport`, with host-supplied time (`Clock`), waiting (`Sleeper`) and jitter (`Jitter`).

mod auto_connect;
mod auto_connect_drain;
mod auto_connect_dry_run;
mod auto_connect_lease;
pub mod auto_connect_report;
mod auto_connect_request;
mod auto_connect_stop;
mod connection_requests;
mod events;
mod executor;
mod facade;
mod itinerary;
mod page_walker;
mod request_journal;
mod request_lease;
mod request_v4;
mod runtime;
mod session;
mod settings;
mod shared_refresh;
#[cfg(any(test, feature = "testing"))]
mod test_doubles;
mod token_manager;
mod token_store;

pub use auto_connect::{AutoConnect, AutoConnectOptions, DrainMode, ProgressEvent, ProgressSink};
pub use auto_connect_lease::DEFAULT_REQUEST_LEASE_MS;
pub use auto_connect_stop::StopHandle;
pub use connection_requests::ConnectionRequestsClient;
pub use events::{EventSink, SdkEvent};
pub use executor::{Exchange, HttpExecutor};
pub use facade::{HostSeams, Triplink, TriplinkSettings};
pub use itinerary::{booking_confirmations, ItineraryClient};
pub use request_journal::{
    journal_in_use, InMemoryJournal, JournalEntry, JournalStage, RequestJournal,
};
pub use request_lease::{Claim, RequestLease};
pub use request_v4::RequestsClient;
pub use runtime::{Clock, Jitter, Sleeper};
pub use session::{traced, ApiSession, Traced};
pub use settings::{Integration, MAX_ATTEMPTS, MAX_REQUEST_TIMEOUT_MS};
#[cfg(any(test, feature = "testing"))]
pub use test_doubles::{FixedJitter, ManualClock, RecordingSleeper};
pub use token_manager::{AccessGrant, TokenManager, TokenManagerConfig};
pub use token_store::{InMemoryTokenStore, RefreshLease, TokenStore, VersionedTokens};
