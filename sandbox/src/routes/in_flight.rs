//! Counts the connection-request status PUTs in flight — from arrival to answer, injected
//! latency included — and keeps their peak in the counters, so a test sees how many requests
//! a client keeps going at once without timing anything.

use super::Ctx;
use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;

/// The middleware: wraps every route (outside the fault layer, so a delayed PUT counts).
pub(super) async fn count_puts(State(ctx): State<Ctx>, req: Request, next: Next) -> Response {
    let is_status_put =
        req.method() == Method::PUT && req.uri().path().contains("/common/connectionrequests");
    if !is_status_put {
        return next.run(req).await;
    }
    let _in_flight = InFlight::enter(&ctx);
    next.run(req).await
}

/// One PUT in flight; leaving (the answer sent, or the client gone) counts it out.
struct InFlight<'a>(&'a Ctx);

impl<'a> InFlight<'a> {
    fn enter(ctx: &'a Ctx) -> Self {
        let mut world = ctx.shared.world();
        world.puts_in_flight += 1;
        let now = world.puts_in_flight;
        let peak = &mut world.counters.peak_puts_in_flight;
        *peak = (*peak).max(now);
        InFlight(ctx)
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        let mut world = self.0.shared.world();
        world.puts_in_flight = world.puts_in_flight.saturating_sub(1);
    }
}
