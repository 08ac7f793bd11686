//! The SDK's logs on stderr: when `RUST_LOG` is set (`RUST_LOG=info` shows one line per
//! auto-connect decision, each retry, token refresh and geolocation hop), a `tracing`
//! subscriber writes them there as plain text (no colour codes). Unset, nothing
//! is installed and the SDK's `tracing` calls cost next to nothing. The SDK never logs a
//! secret, token, password or body, so neither does this.

use tracing_subscriber::EnvFilter;

/// Installs the stderr subscriber when `RUST_LOG` asks for logs; a bad `RUST_LOG` is reported
/// on stderr once and no log is written (the command itself still runs).
pub fn init() {
    if std::env::var_os("RUST_LOG").is_none() {
        return;
    }
    let filter = match EnvFilter::try_from_default_env() {
        Ok(f) => f,
        Err(e) => {
            eprintln!("triplink: RUST_LOG ignored: {e}");
            return;
        }
    };
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}
