//! `CliError`: why a command failed, printed as one line, and the exit code it maps to.

/// A failed command.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Bad input, an unreachable host, a refused login, an error from Concur (exit 1).
    #[error("{0}")]
    Failed(String),
    /// Another run holds the auto-connect journal (exit 3).
    #[error("auto-connect not started: {0}")]
    JournalInUse(String),
    /// The auto-connect run ended with work left (exit 4).
    #[error("auto-connect stopped with work left: {0}")]
    Stopped(String),
}

impl CliError {
    /// The process exit code (see `--help`).
    pub fn exit_code(&self) -> i32 {
        match self {
            CliError::Failed(_) => 1,
            CliError::JournalInUse(_) => 3,
            CliError::Stopped(_) => 4,
        }
    }
}

/// `Failed` with `context: cause` (the cause's Display never holds a secret: the SDK's errors
/// redact them).
pub fn failed(context: &str, cause: impl std::fmt::Display) -> CliError {
    CliError::Failed(format!("{context}: {cause}"))
}

impl From<String> for CliError {
    fn from(s: String) -> Self {
        CliError::Failed(s)
    }
}
