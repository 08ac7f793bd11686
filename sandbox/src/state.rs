//! The sandbox's world: apps, users (each living in one data centre), connection requests in a
//! queue with re-queue rules, issued tokens, and a log of every status PUT received.

use crate::clock::SandboxClock;
use crate::faults::Faults;
use crate::queue::Queue;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

/// A data centre of the sandbox.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Dc {
    /// The first port: "us", which also acts as the global landing zone (GLZ).
    Us,
    /// The second port: "eu".
    Eu,
}

/// A Concur user of the sandbox.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    /// The Concur user UUID.
    pub id: String,
    /// Login id.
    pub login: String,
    /// Password (password grant).
    pub password: String,
    /// Where the user lives.
    pub dc: Dc,
    /// First name.
    pub first_name: String,
    /// Middle name.
    pub middle_name: Option<String>,
    /// Last name.
    pub last_name: String,
    /// The loyalty number the user typed into Concur.
    pub loyalty_number: Option<String>,
    /// Verified emails.
    pub emails: Vec<String>,
    /// May poll connection requests (the supplier's own Concur account).
    pub supplier_admin: bool,
}

/// One connection request in the queue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectionRequest {
    /// Request id.
    pub id: String,
    /// The user it belongs to.
    pub user_id: String,
    /// The current request token.
    pub request_token: String,
    /// When that token was issued (it lives 15 minutes).
    pub token_issued_at: i64,
    /// Offered again (visible in the queue) from this time.
    pub available_at: i64,
    /// How many times it was re-queued.
    pub requeues: u32,
    /// The final status once it left the queue for good.
    pub final_status: Option<String>,
    /// Whether the request token was already exchanged.
    pub token_used: bool,
}

/// An access token the sandbox issued.
#[derive(Clone, Debug)]
pub struct AccessToken {
    /// Whose.
    pub user_id: String,
    /// Expiry (sandbox seconds).
    pub expires_at: i64,
}

/// A refresh token the sandbox issued (rotated on every use).
#[derive(Clone, Debug)]
pub struct RefreshGrant {
    /// Whose.
    pub user_id: String,
    /// Expiry (sandbox seconds).
    pub expires_at: i64,
    /// The token this one replaced, still live under [`RefreshRotation::UntilNextUsed`]
    /// until this one is first used.
    pub predecessor: Option<String>,
    /// The token this one was rotated to, while this one stays live.
    pub successor: Option<String>,
}

/// What the token service does with a refresh token it has just rotated. Concur's docs say
/// only that a refresh answer may carry a different refresh token, to be stored over the old
/// one (NOTES.md, "Refresh-token rotation"); whether the old one dies at once is not
/// documented, so the sandbox can play either.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RefreshRotation {
    /// The used token is refused (108) from the moment it was rotated: a client whose answer
    /// was lost cannot recover (the worst case, and the default).
    #[default]
    Strict,
    /// The used token keeps working until the client first uses its successor, so a client
    /// whose answer was lost can ask again (each such ask replaces the unused successor).
    UntilNextUsed,
}

/// One status PUT the sandbox received.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PutRecord {
    /// The request id.
    pub id: String,
    /// The status sent.
    pub status: String,
    /// When (sandbox seconds).
    pub at: i64,
}

/// A booking stored in a trip, kept as the XML it was posted with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredBooking {
    /// `BookingSource`.
    pub source: String,
    /// `RecordLocator`.
    pub record_locator: String,
    /// Every segment `ConfirmationNumber`.
    pub confirmations: Vec<String>,
    /// Earliest segment start (local text).
    pub start: String,
    /// Latest segment end (local text).
    pub end: String,
    /// The `<Booking>` element as posted.
    pub xml: String,
}

/// A trip (itinerary) of a user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trip {
    /// Trip id.
    pub id: String,
    /// Owner.
    pub user_id: String,
    /// `TripName`.
    pub name: String,
    /// `TripStatus` (0 confirmed, 1 ticketed, 2 canceled, 6/7 proposals).
    pub status: u8,
    /// Start (local text).
    pub start: String,
    /// End (local text).
    pub end: String,
    /// Bookings.
    pub bookings: Vec<StoredBooking>,
    /// Last change (sandbox seconds).
    pub modified: i64,
}

/// A Request v4 travel request with its agency proposals.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TravelRequest {
    /// Request UUID (32 hex characters, as Concur writes them).
    pub id: String,
    /// Public key.
    pub request_id: String,
    /// The traveller.
    pub owner_id: String,
    /// Name.
    pub name: String,
    /// Approval status code.
    pub status: String,
    /// Start date.
    pub start_date: String,
    /// End date.
    pub end_date: String,
    /// Batch id of the stored proposals.
    pub provider_message_id: Option<String>,
    /// Stored proposals (JSON as posted, plus `proposalUuid`/`selected`).
    pub proposals: Vec<serde_json::Value>,
}

/// What the sandbox counted, for tests that check how the SDK behaved (not only what it got).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counters {
    /// Refresh-token grants refused with OAuth error 108 (reused, unknown or expired token).
    pub refresh_refused_108: u64,
    /// Refresh-token grants that rotated a refresh token.
    pub refresh_rotations: u64,
    /// Connection-request exchanges that issued tokens, per request id.
    pub exchanges_ok: HashMap<String, u32>,
    /// Connection-request exchanges refused as expired or already used, per request id.
    pub exchanges_refused: HashMap<String, u32>,
    /// Responses a fault lost after the handler had acted.
    pub responses_lost: u64,
    /// The most connection-request status PUTs that were in flight at once (from arrival to
    /// answer, injected latency included): how many requests the client keeps going.
    #[serde(default)]
    pub peak_puts_in_flight: u64,
}

/// Mutable world state.
#[derive(Debug, Default)]
pub struct World {
    /// Every user (add them with [`World::push_user`] so lookups by id stay indexed).
    pub users: Vec<User>,
    /// Every connection request, in queue order, indexed.
    pub requests: Queue,
    /// What the sandbox counted.
    pub counters: Counters,
    /// How many users `seed::seed_requests` created so far.
    pub seeded: usize,
    /// Whether `demo::seed` filled in the demo users.
    pub demo_seeded: bool,
    user_index: HashMap<String, usize>,
    /// Issued access tokens.
    pub access: HashMap<String, AccessToken>,
    /// Live refresh tokens.
    pub refresh: HashMap<String, RefreshGrant>,
    /// How refresh tokens rotate.
    pub refresh_rotation: RefreshRotation,
    /// Every PUT received, in order.
    pub puts: Vec<PutRecord>,
    /// Connection-request status PUTs in flight now (see `Counters::peak_puts_in_flight`).
    pub puts_in_flight: u64,
    /// Trips of every user.
    pub trips: Vec<Trip>,
    /// Request v4 travel requests.
    pub travel_requests: Vec<TravelRequest>,
    counter: u64,
}

impl World {
    /// A fresh opaque id with a prefix (unique within the sandbox run).
    pub fn fresh(&mut self, prefix: &str) -> String {
        self.counter += 1;
        format!(
            "{prefix}-{:08x}-{:04x}",
            self.counter,
            (self.counter * 7919) % 65_536
        )
    }

    /// A fresh UUID-shaped id.
    pub fn fresh_uuid(&mut self) -> String {
        self.counter += 1;
        format!("5a4d0b00-0000-4000-8000-{:012x}", self.counter)
    }

    /// The traveller picks proposal `order` of travel request `id`; `None` when either is unknown.
    pub fn choose_proposal(&mut self, id: &str, order: u64) -> Option<()> {
        let r = self.travel_requests.iter_mut().find(|r| r.id == id)?;
        if !r
            .proposals
            .iter()
            .any(|p| p["proposalOrder"].as_u64() == Some(order))
        {
            return None;
        }
        for p in r.proposals.iter_mut() {
            p["selected"] = serde_json::Value::Bool(p["proposalOrder"].as_u64() == Some(order));
        }
        Some(())
    }

    /// Adds a user (indexed by id).
    pub fn push_user(&mut self, user: User) {
        self.user_index.insert(user.id.clone(), self.users.len());
        self.users.push(user);
    }

    /// The user with this id (indexed; a user pushed straight into `users` is found by a scan).
    pub fn user(&self, id: &str) -> Option<&User> {
        match self.user_index.get(id).and_then(|&i| self.users.get(i)) {
            Some(u) if u.id == id => Some(u),
            _ => self.users.iter().find(|u| u.id == id),
        }
    }

    /// Adds a pending connection request for `user_id`, issued and offered at `now`.
    pub fn add_request(&mut self, user_id: &str, now: i64) -> String {
        self.add_request_at(user_id, now, now)
    }

    /// Adds a pending connection request whose token was issued at `issued`, offered from
    /// `available`.
    pub fn add_request_at(&mut self, user_id: &str, issued: i64, available: i64) -> String {
        let id = self.fresh_uuid();
        let token = self.fresh("rqt");
        self.requests.push(ConnectionRequest {
            id: id.clone(),
            user_id: user_id.to_owned(),
            request_token: token,
            token_issued_at: issued,
            available_at: available,
            requeues: 0,
            final_status: None,
            token_used: false,
        });
        id
    }
}

/// The two base URLs.
#[derive(Clone, Debug, Default)]
pub struct Urls {
    /// The "us" data centre (and GLZ).
    pub us: String,
    /// The "eu" data centre.
    pub eu: String,
}

impl Urls {
    /// The base URL of `dc`.
    pub fn of(&self, dc: Dc) -> &str {
        match dc {
            Dc::Us => &self.us,
            Dc::Eu => &self.eu,
        }
    }
}

/// Everything the routes share.
#[derive(Debug, Default)]
pub struct Shared {
    /// The world.
    pub world: Mutex<World>,
    /// The clock.
    pub clock: SandboxClock,
    /// Armed faults.
    pub faults: Faults,
    /// The data-centre base URLs.
    pub urls: Mutex<Urls>,
    /// The app's client id.
    pub client_id: String,
    /// The app's client secret.
    pub client_secret: String,
}

impl Shared {
    /// Locks the world (a poisoned lock is recovered: the data is still consistent per call).
    pub fn world(&self) -> MutexGuard<'_, World> {
        self.world.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The base URL of `dc`.
    pub fn url(&self, dc: Dc) -> String {
        self.urls
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .of(dc)
            .to_owned()
    }
}
