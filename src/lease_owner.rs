//! A name for this store handle in the shared leases (host, process, random part), so a
//! worker releases or renews only the leases it took.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};

/// A new owner name, unique across processes and machines in practice.
pub(crate) fn new_owner() -> String {
    let mut h = RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default(),
    );
    let host = std::env::var("HOSTNAME").unwrap_or_default();
    format!("{host}:{}:{:016x}", std::process::id(), h.finish())
}
