//! Marker traits every layer may name: `MaybeSendSync` (the seams' thread bounds, which
//! differ between native targets and `wasm32`). No layer's code, so importing it ties no
//! layer to another.

/// `Send + Sync` on native targets, nothing on `wasm32` (JS values are single-threaded).
#[cfg(not(target_arch = "wasm32"))]
pub trait MaybeSendSync: Send + Sync {}
#[cfg(not(target_arch = "wasm32"))]
impl<T: Send + Sync + ?Sized> MaybeSendSync for T {}
/// `Send + Sync` on native targets, nothing on `wasm32` (JS values are single-threaded).
#[cfg(target_arch = "wasm32")]
pub trait MaybeSendSync {}
#[cfg(target_arch = "wasm32")]
impl<T: ?Sized> MaybeSendSync for T {}
