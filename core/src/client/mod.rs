//! The async `Client`: drives `api` pairs and `flow` machines over a host-supplied `Transport`.
