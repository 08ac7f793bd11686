//! Plain data of every API: connection requests, tokens, trips, requests. No IO, no codecs,
//! and no import of any other layer (scripts/check-core-deps.sh checks it).

pub mod connection_request;
pub mod itinerary;
pub mod oauth_codes;
pub mod request_v4;
pub mod status;
pub mod token;
pub mod xml_element;

pub use connection_request::{ConnectionRequest, ConnectionRequestPage, CrVersion, CreateResponse};
pub use status::{RequeuePolicy, StatusCode};
pub use token::{ClientCredentials, IdTokenClaims, TokenInfo, TokenSet};
