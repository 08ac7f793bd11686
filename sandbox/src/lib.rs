//! triplink-sandbox: a local SAP Concur emulator on loopback — Connection Requests v3.x with
//! queue semantics, the OAuth2 token service with rotation and two data centres (error 16),
//! a controllable clock, fault injection and CORS — started in-process for tests or as a binary.

// Handlers return the ready HTTP answer as their error branch; boxing it would buy nothing.
#![allow(clippy::result_large_err)]

pub mod clock;
pub mod demo;
pub mod faults;
pub mod queue;
mod routes;
pub mod seed;
pub mod state;
pub mod wire;
pub mod xml_scan;

use faults::Fault;
use state::{ConnectionRequest, Counters, Dc, PutRecord, Shared, Urls, User};
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;
use tokio::sync::watch;

/// How to start the sandbox.
#[derive(Clone, Debug)]
pub struct SandboxConfig {
    /// Port of the "us" data centre (also GLZ); 0 picks a free one.
    pub us_port: u16,
    /// Port of the "eu" data centre; 0 picks a free one.
    pub eu_port: u16,
    /// Seed the demo supplier, users and requests.
    pub demo_data: bool,
    /// Seed this many extra users with one pending request each (see [`seed`]); the
    /// supplier account is seeded too when `demo_data` is off.
    pub seed_requests: usize,
}

impl Default for SandboxConfig {
    /// Free ports, demo data on, nothing else seeded.
    fn default() -> Self {
        SandboxConfig {
            us_port: 0,
            eu_port: 0,
            demo_data: true,
            seed_requests: 0,
        }
    }
}

/// A running sandbox; dropping it stops the servers.
#[derive(Debug)]
pub struct RunningSandbox {
    shared: Arc<Shared>,
    stop: watch::Sender<bool>,
}

async fn serve(
    listener: TcpListener,
    shared: Arc<Shared>,
    dc: Dc,
    mut stop: watch::Receiver<bool>,
) {
    let app = routes::router(shared, dc);
    let _ = axum::serve(listener, app)
        .with_graceful_shutdown(async move {
            let _ = stop.wait_for(|s| *s).await;
        })
        .await;
}

impl RunningSandbox {
    /// Starts both data centres on 127.0.0.1.
    pub async fn start(config: SandboxConfig) -> std::io::Result<Self> {
        let us = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], config.us_port))).await?;
        let eu = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], config.eu_port))).await?;
        let shared = Arc::new(Shared {
            client_id: demo::DEMO_CLIENT_ID.into(),
            client_secret: demo::DEMO_CLIENT_SECRET.into(),
            ..Shared::default()
        });
        *shared.urls.lock().unwrap_or_else(|p| p.into_inner()) = Urls {
            us: format!("http://{}", us.local_addr()?),
            eu: format!("http://{}", eu.local_addr()?),
        };
        let now = shared.clock.now();
        if config.demo_data {
            demo::seed(&mut shared.world(), now);
            demo::seed_travel_requests(&mut shared.world());
        } else if config.seed_requests > 0 {
            demo::seed_supplier(&mut shared.world());
        }
        if config.seed_requests > 0 {
            seed::seed_requests(&mut shared.world(), config.seed_requests, now);
        }
        let (stop, rx) = watch::channel(false);
        tokio::spawn(serve(us, shared.clone(), Dc::Us, rx.clone()));
        tokio::spawn(serve(eu, shared.clone(), Dc::Eu, rx));
        Ok(RunningSandbox { shared, stop })
    }

    /// Base URL of the "us" data centre (also the GLZ).
    pub fn us_url(&self) -> String {
        self.shared.url(Dc::Us)
    }

    /// Base URL of the "eu" data centre.
    pub fn eu_url(&self) -> String {
        self.shared.url(Dc::Eu)
    }

    /// Moves the sandbox clock forward.
    pub fn advance_clock(&self, secs: i64) {
        self.shared.clock.advance(secs);
    }

    /// The sandbox's current time (Unix seconds).
    pub fn now(&self) -> i64 {
        self.shared.clock.now()
    }

    /// Arms a fault.
    pub fn inject_fault(&self, fault: Fault) {
        self.shared.faults.inject(fault);
    }

    /// Clears every fault.
    pub fn clear_faults(&self) {
        self.shared.faults.clear();
    }

    /// Adds a user.
    pub fn add_user(&self, user: User) {
        self.shared.world().push_user(user);
    }

    /// Seeds `n` more users with one pending request each (see [`seed`]); returns the user
    /// numbers added.
    pub fn seed_requests(&self, n: usize) -> std::ops::Range<usize> {
        let now = self.shared.clock.now();
        seed::seed_requests(&mut self.shared.world(), n, now)
    }

    /// The members CSV matching everyone in the queue (demo members and seeded users).
    pub fn members_csv(&self) -> String {
        seed::population_members_csv(&self.shared.world())
    }

    /// What the sandbox counted (108 refusals, exchanges per request, lost responses).
    pub fn counters(&self) -> Counters {
        self.shared.world().counters.clone()
    }

    /// How many status PUTs request `id` received.
    pub fn puts_for(&self, id: &str) -> usize {
        self.shared
            .world()
            .puts
            .iter()
            .filter(|p| p.id == id)
            .count()
    }

    /// Chooses how refresh tokens rotate from now on (default: [`state::RefreshRotation::Strict`]).
    pub fn set_refresh_rotation(&self, rotation: state::RefreshRotation) {
        self.shared.world().refresh_rotation = rotation;
    }

    /// Whether the sandbox would still accept this refresh token.
    pub fn refresh_token_live(&self, token: &str) -> bool {
        let now = self.shared.clock.now();
        self.shared
            .world()
            .refresh
            .get(token)
            .is_some_and(|g| now < g.expires_at)
    }

    /// Adds a pending connection request for `user_id`; returns its id.
    pub fn add_connection_request(&self, user_id: &str) -> String {
        let now = self.shared.clock.now();
        self.shared.world().add_request(user_id, now)
    }

    /// Every status PUT received, in order.
    pub fn puts_received(&self) -> Vec<PutRecord> {
        self.shared.world().puts.clone()
    }

    /// Every connection request and its state.
    pub fn requests(&self) -> Vec<ConnectionRequest> {
        self.shared.world().requests.all().to_vec()
    }

    /// Every user.
    pub fn users(&self) -> Vec<User> {
        self.shared.world().users.clone()
    }

    /// The traveller chooses proposal `order` of travel request `id`.
    pub fn choose_proposal(&self, id: &str, order: u64) -> bool {
        self.shared.world().choose_proposal(id, order).is_some()
    }

    /// Every Request v4 travel request and its proposals.
    pub fn travel_requests(&self) -> Vec<state::TravelRequest> {
        self.shared.world().travel_requests.clone()
    }

    /// Stops the servers.
    pub fn shutdown(&self) {
        let _ = self.stop.send(true);
    }
}

impl Drop for RunningSandbox {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}
