//! The TOML config file, read under the flags and `TRIPLINK_*` variables: a setting given
//! on the command line or in the environment wins over the file.

use crate::args::{Cli, TokenStoreKind};
use crate::error::{failed, CliError};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The keys the config file may hold.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    base_url: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
    username: Option<String>,
    token_file: Option<PathBuf>,
    token_store: Option<TokenStoreKind>,
    keyring_service: Option<String>,
    journal: Option<PathBuf>,
    allow_hosts: Option<Vec<String>>,
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("base_url", &self.base_url)
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret.as_ref().map(|_| "***"))
            .finish_non_exhaustive()
    }
}

/// Settings after flags, environment and the config file.
pub struct Settings {
    /// The token base URL.
    pub base_url: Option<String>,
    /// The app's client id.
    pub client_id: Option<String>,
    /// The app's client secret.
    pub client_secret: Option<String>,
    /// The supplier's login (auto-connect).
    pub username: Option<String>,
    /// The token file.
    pub token_file: PathBuf,
    /// Where tokens are kept: the token file or the OS keyring.
    pub token_store: TokenStoreKind,
    /// The keyring service name (`--token-store keyring`).
    pub keyring_service: String,
    /// The journal file (auto-connect).
    pub journal: PathBuf,
    /// Hosts the token service may redirect to.
    pub allow_hosts: Vec<String>,
}

fn default_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".config")))?;
    Some(base.join("triplink").join("config.toml"))
}

fn read(cli: &Cli) -> Result<ConfigFile, CliError> {
    let path = match &cli.config {
        Some(p) => p.clone(),
        None => match default_path().filter(|p| p.exists()) {
            Some(p) => p,
            None => return Ok(ConfigFile::default()),
        },
    };
    let text = std::fs::read_to_string(&path)
        .map_err(|e| failed(&format!("config file {}", path.display()), e))?;
    toml::from_str(&text).map_err(|e| {
        // toml's message spans lines (it quotes the source); keep the first.
        let msg = e.message().to_owned();
        failed(&format!("config file {}", path.display()), msg)
    })
}

impl Settings {
    /// Resolves `cli` over the config file; `username` comes from the command's own flag.
    pub fn resolve(
        cli: &Cli,
        username: Option<&str>,
        journal: Option<&Path>,
    ) -> Result<Self, CliError> {
        let file = read(cli)?;
        let allow_hosts = if cli.allow_hosts.is_empty() {
            file.allow_hosts.unwrap_or_default()
        } else {
            cli.allow_hosts.clone()
        };
        Ok(Settings {
            base_url: cli.base_url.clone().or(file.base_url),
            client_id: cli.client_id.clone().or(file.client_id),
            client_secret: std::env::var("TRIPLINK_CLIENT_SECRET")
                .ok()
                .or(file.client_secret),
            username: username.map(str::to_owned).or(file.username),
            token_file: cli
                .token_file
                .clone()
                .or(file.token_file)
                .unwrap_or_else(|| PathBuf::from("triplink-tokens.jsonl")),
            token_store: cli
                .token_store
                .or(file.token_store)
                .unwrap_or(TokenStoreKind::File),
            keyring_service: cli
                .keyring_service
                .clone()
                .or(file.keyring_service)
                .unwrap_or_else(|| "triplink".to_owned()),
            journal: journal
                .map(Path::to_path_buf)
                .or(file.journal)
                .unwrap_or_else(|| PathBuf::from("triplink-journal.sqlite")),
            allow_hosts,
        })
    }

    /// A setting that must be present, or an error naming where to give it.
    pub fn need<'a>(value: &'a Option<String>, flag: &str, var: &str) -> Result<&'a str, CliError> {
        value.as_deref().ok_or_else(|| {
            CliError::Failed(format!(
                "{flag} is not set (flag, {var}, or the config file)"
            ))
        })
    }
}
