//! `triplink-uniffi`: the SDK for Kotlin, Swift and Python, a uniffi (proc-macro) binding of
//! `triplink-core` that only converts, calls and converts back.
//!
//! The app supplies the HTTP (`HttpTransport`) and may supply token persistence
//! (`TokenStore`) and member lookups (`MemberDirectory`), all foreign traits; async methods
//! are driven by the foreign language's executor (Kotlin coroutines, Swift async, asyncio),
//! so there is no async runtime in here. Every failure is a `TriplinkError`.

// No `unsafe` exception is needed: the workspace's `forbid(unsafe_code)` holds here too,
// because uniffi's generated FFI scaffolding comes from an external macro, which the lint
// does not inspect.

mod auto_connect;
mod client;
mod errors;
mod events;
mod generated;
mod host;
mod itinerary;
mod matching;
mod model_convert;
mod requests;
mod runtime;
mod stop;
mod trip_filter;
mod trip_list;

pub use auto_connect::{
    AutoConnectMode, AutoConnectOutcome, AutoConnectReport, AutoConnectSettings,
};
pub use client::{
    ConnectionRequest, ConnectionRequestPage, CrApiVersion, RetryBudgetSettings, TokenInfo,
    TriplinkClient, TriplinkSettings,
};
pub use errors::TriplinkError;
pub use events::{EventListener, EventListenerError, SdkEvent};
pub use generated::*;
pub use host::{
    HttpHeader, HttpTransport, HttpTransportError, TokenStore, TokenStoreError, TransportRequest,
    TransportResponse,
};
pub use itinerary::{SupplierBooking, SupplierSegment, TracedTrip};
pub use matching::{
    MatchDecision, MatchEvidence, MatchPolicy, MatchRequest, MemberDirectory, MemberDirectoryError,
    MemberIndex, MemberRecord,
};
pub use model_convert::{SpelledBool, SpelledByte, SpelledInt, XmlAttr, XmlElement, XmlNode};
pub use requests::{
    RequestFilter, TracedComments, TracedExceptions, TracedExpenses, TracedProposals,
    TracedRequest, TracedRequestPage,
};
pub use stop::AutoConnectStop;
pub use trip_filter::TripFilter;
pub use trip_list::{
    CancelOutcome, ItineraryInfo, Paging, RequestWalk, TracedCancelOutcome, TracedTripList,
    TripList, TripWalk, WalkStopped,
};

uniffi::setup_scaffolding!();

/// The SDK version (the crate's), e.g. `0.1.0`.
#[uniffi::export]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}
