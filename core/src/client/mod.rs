//! The async `Client`: drives `api` pairs and `flow` machines over a host-supplied `Transport`,
//! with host-supplied time (`Clock`) and waiting (`Sleeper`).

mod runtime;

pub use runtime::{Clock, ManualClock, RecordingSleeper, Sleeper};
