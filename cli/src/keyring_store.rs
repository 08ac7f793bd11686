//! `KeyringTokenStore`: token sets in the OS keyring (the `keyring` crate; on Linux the
//! kernel's keyutils, no system library), one entry per key under a service name, and the
//! choice between it and the file store (`--token-store file|keyring`).

use crate::args::TokenStoreKind;
use crate::config::Settings;
use crate::error::CliError;
use std::sync::Arc;
use triplink::client::TokenStore;
use triplink::file_token_store::FileTokenStore;
use triplink::model::TokenSet;
use triplink::{Result, TriplinkError};

/// Token sets as JSON secrets in the OS keyring, entry `(service, key)`.
#[derive(Clone, Debug)]
pub struct KeyringTokenStore {
    service: String,
}

impl KeyringTokenStore {
    /// A store whose entries are named under `service` (e.g. `triplink`).
    pub fn new(service: &str) -> Self {
        KeyringTokenStore {
            service: service.to_owned(),
        }
    }

    fn entry(&self, key: &str) -> Result<keyring::Entry> {
        keyring::Entry::new(&self.service, key).map_err(|e| keyring_err("open", key, e))
    }
}

/// The keyring's error, named after the operation and key (its text never holds the secret).
fn keyring_err(what: &str, key: &str, e: keyring::Error) -> TriplinkError {
    TriplinkError::Internal {
        message: format!("token store: cannot {what} keyring entry `{key}`: {e}"),
    }
}

#[async_trait::async_trait]
impl TokenStore for KeyringTokenStore {
    async fn load(&self, key: &str) -> Result<Option<TokenSet>> {
        match self.entry(key)?.get_password() {
            Ok(json) => serde_json::from_str(&json).map(Some).map_err(|e| {
                TriplinkError::decode("token store", format!("keyring entry `{key}`: {e}"))
            }),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(keyring_err("read", key, e)),
        }
    }

    async fn save(&self, key: &str, tokens: &TokenSet) -> Result<()> {
        let json = serde_json::to_string(tokens).map_err(|_| TriplinkError::Internal {
            message: "token store: cannot encode a token set".into(),
        })?;
        self.entry(key)?
            .set_password(&json)
            .map_err(|e| keyring_err("write", key, e))
    }

    async fn remove(&self, key: &str) -> Result<()> {
        match self.entry(key)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(keyring_err("delete", key, e)),
        }
    }
}

/// The token store the settings chose.
pub fn open_token_store(s: &Settings) -> std::result::Result<Arc<dyn TokenStore>, CliError> {
    match s.token_store {
        TokenStoreKind::File => Ok(Arc::new(FileTokenStore::new(&s.token_file))),
        TokenStoreKind::Keyring if cfg!(target_os = "linux") => {
            Ok(Arc::new(KeyringTokenStore::new(&s.keyring_service)))
        }
        TokenStoreKind::Keyring => Err(CliError::Failed(
            "--token-store keyring: this build has the Linux keyring only".into(),
        )),
    }
}
