//! The command line, declared with clap's derive: every command, flag and `TRIPLINK_*`
//! environment variable, with the help text `--help` prints.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// What `--help` says about exit codes (scripts rely on them).
pub const EXIT_CODES: &str = "Exit codes:
  0  done (auto-connect: the queue was drained)
  1  failed: bad input, unreachable host, refused login, an error from Concur
  2  usage error (unknown command or flag, missing value)
  3  auto-connect not started: another run holds the journal
  4  auto-connect stopped with work left (the reason is printed; rerun to resume)

Settings come from flags, then TRIPLINK_* environment variables, then the config file
(--config, TRIPLINK_CONFIG, or ~/.config/triplink/config.toml), whose keys are the flag
names with underscores: base_url, client_id, client_secret, username, token_file,
token_store, keyring_service, journal, allow_hosts.";

/// triplink: the operator's command line for SAP Concur TripLink.
#[derive(Debug, Parser)]
#[command(name = "triplink", version, after_help = EXIT_CODES)]
pub struct Cli {
    /// The TOML config file.
    #[arg(long, global = true, env = "TRIPLINK_CONFIG")]
    pub config: Option<PathBuf>,
    /// Where Concur is: the token base URL (e.g. `https://us.api.concursolutions.com`).
    #[arg(long, global = true, env = "TRIPLINK_BASE_URL")]
    pub base_url: Option<String>,
    /// The app's client id (its secret is read from TRIPLINK_CLIENT_SECRET or the config
    /// file, never from a flag).
    #[arg(long, global = true, env = "TRIPLINK_CLIENT_ID")]
    pub client_id: Option<String>,
    /// Where user tokens are kept (a JSON file, written 0600).
    #[arg(long, global = true, env = "TRIPLINK_TOKEN_FILE")]
    pub token_file: Option<PathBuf>,
    /// Where user tokens are kept: the token file, or the OS keyring (Linux: the kernel
    /// keyring of the login session, gone at logout or reboot).
    /// [default: file]
    #[arg(long, global = true, env = "TRIPLINK_TOKEN_STORE", value_enum)]
    pub token_store: Option<TokenStoreKind>,
    /// The keyring service name the tokens are kept under (--token-store keyring).
    /// [default: triplink]
    #[arg(long, global = true, env = "TRIPLINK_KEYRING_SERVICE")]
    pub keyring_service: Option<String>,
    /// More hosts the token service may redirect to (geolocation), comma-separated.
    #[arg(
        long,
        global = true,
        env = "TRIPLINK_ALLOW_HOSTS",
        value_delimiter = ','
    )]
    pub allow_hosts: Vec<String>,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the built-in Concur emulator (both data centres) until Ctrl-C.
    Sandbox(SandboxArgs),
    /// Run the supplier auto-connect job: decide every pending connection request and PUT
    /// its status (or, with --dry-run, only report what would be PUT).
    AutoConnect(AutoConnectArgs),
    /// Log in and keep the tokens under --key (in the token file, 0600, or the OS keyring).
    Login(LoginArgs),
    /// Look at, refresh or revoke the tokens kept under --key.
    Token {
        /// What to do.
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// The Connection Requests queue, with the tokens kept under --key.
    Cr {
        /// What to do.
        #[command(subcommand)]
        command: CrCommand,
    },
    /// Itinerary v1 trips of the traveller whose tokens are kept under --key.
    Trip {
        /// What to do.
        #[command(subcommand)]
        command: crate::travel_args::TripCommand,
    },
    /// Post or cancel an Itinerary v1 booking, with the traveller's tokens kept under --key.
    Booking {
        /// What to do.
        #[command(subcommand)]
        command: crate::travel_args::BookingCommand,
    },
    /// Request v4 travel requests (TMCs: log in with client-credentials, act with --user-id).
    Requests {
        /// What to do.
        #[command(subcommand)]
        command: crate::travel_args::RequestsCommand,
    },
    /// Request v4 agency proposals (TMCs).
    Proposals {
        /// What to do.
        #[command(subcommand)]
        command: crate::travel_args::ProposalsCommand,
    },
    /// Load a member list (CSV or JSONL) into an SQLite member database, in one transaction.
    MembersImport(MembersImportArgs),
    /// Print a shell completion script.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

/// `triplink sandbox`.
#[derive(Debug, Args)]
pub struct SandboxArgs {
    /// Port of the "us" data centre (also GLZ); "eu" listens on the next one; 0 picks free
    /// ports.
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// Seed this many extra users with one pending connection request each.
    #[arg(long, default_value_t = 0)]
    pub seed_requests: usize,
    /// Start without the demo supplier, users and requests.
    #[arg(long)]
    pub no_demo: bool,
}

/// Where user tokens are kept.
#[derive(Clone, Copy, Debug, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenStoreKind {
    /// The token file (JSON lines, 0600).
    File,
    /// The OS keyring.
    Keyring,
}

/// Which matching rules decide a request.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum PolicyName {
    /// Last name and loyalty number, or verified email and last name.
    Either,
    /// Last name and loyalty number.
    Loyalty,
    /// Verified email and last name.
    Email,
}

/// `triplink auto-connect`.
#[derive(Debug, Args)]
pub struct AutoConnectArgs {
    /// Run against a built-in sandbox started in this process, with its demo data (members
    /// default to the demo member list).
    #[arg(long)]
    pub sandbox: bool,
    /// The member list: FILE.csv, FILE.jsonl (one member object a line) or FILE.sqlite (a
    /// database made by `triplink members-import`).
    #[arg(long, env = "TRIPLINK_MEMBERS")]
    pub members: Option<PathBuf>,
    /// The matching rules.
    #[arg(long, value_enum, default_value_t = PolicyName::Either)]
    pub policy: PolicyName,
    /// Decide the whole queue and report, PUTting nothing (no token is exchanged).
    #[arg(long)]
    pub dry_run: bool,
    /// Write a report: run.html (one page for support agents), run.csv or run.json.
    #[arg(long)]
    pub report: Option<PathBuf>,
    /// The supplier's Concur login.
    #[arg(long, env = "TRIPLINK_USERNAME")]
    pub username: Option<String>,
    /// The per-request journal a rerun resumes from (one run at a time holds it).
    #[arg(long, env = "TRIPLINK_JOURNAL")]
    pub journal: Option<PathBuf>,
    /// Keep the job's state on a shared server, so that several workers (processes or
    /// machines) drain one queue and each request is PUT once: `postgres://USER:PASSWORD@HOST/DB`
    /// or `redis://[:PASSWORD@]HOST:PORT/DB` (no TLS: a private network). The token store, the
    /// journal and the work lease go there instead of the token file (or keyring) and
    /// --journal; the workers of one queue share its name on the server (--queue).
    /// The URL's password is never printed.
    #[arg(long, env = "TRIPLINK_STORE", value_parser = crate::shared_store::parse, hide_env_values = true)]
    pub store: Option<crate::shared_store::StoreUrl>,
    /// The queue's name on the --store server: the workers of one queue share it.
    /// Default: USERNAME@BASE_URL.
    #[arg(long, env = "TRIPLINK_QUEUE", requires = "store")]
    pub queue: Option<String>,
    /// Also print the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// No progress bar.
    #[arg(long)]
    pub quiet: bool,
}

/// `triplink members-import`.
#[derive(Debug, Args)]
pub struct MembersImportArgs {
    /// The member list: FILE.csv or FILE.jsonl.
    pub input: PathBuf,
    /// The SQLite database to create (it must not exist yet).
    #[arg(long)]
    pub into: PathBuf,
    /// The matching rules whose keys are indexed.
    #[arg(long, value_enum, default_value_t = PolicyName::Either)]
    pub policy: PolicyName,
}

/// `triplink login`.
#[derive(Debug, Args)]
pub struct LoginArgs {
    /// The name the tokens are kept under (other commands take the same --key).
    #[arg(long, default_value = "default")]
    pub key: String,
    /// How to log in.
    #[command(subcommand)]
    pub grant: LoginGrant,
}

/// The grants `login` can send. Secrets (passwords, request tokens) are read from the
/// environment or from stdin, never from a flag (flags show in `ps` and shell history).
#[derive(Debug, Subcommand)]
pub enum LoginGrant {
    /// A user's login and password (password: TRIPLINK_PASSWORD, or stdin with
    /// --password-stdin).
    Password {
        /// The Concur login id.
        #[arg(long, env = "TRIPLINK_USERNAME")]
        username: String,
        /// Read the password from the first line of stdin.
        #[arg(long)]
        password_stdin: bool,
    },
    /// A company request token (TRIPLINK_REQUEST_TOKEN, or stdin with --token-stdin).
    Company {
        /// The company UUID.
        #[arg(long)]
        company_id: String,
        /// Read the request token from the first line of stdin.
        #[arg(long)]
        token_stdin: bool,
    },
    /// A user arriving from the App Center: the redirect's id and request token
    /// (TRIPLINK_REQUEST_TOKEN, or stdin with --token-stdin).
    AppCenter {
        /// The user id from the App Center redirect.
        #[arg(long)]
        user_id: String,
        /// Read the request token from the first line of stdin.
        #[arg(long)]
        token_stdin: bool,
    },
    /// The app's own client credentials.
    ClientCredentials,
}

/// `triplink token`.
#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Show the kept tokens, masked: type, expiry, geolocation, scope.
    Show {
        /// The name the tokens are kept under.
        #[arg(long, default_value = "default")]
        key: String,
    },
    /// Refresh the access token now (the new tokens replace the kept ones).
    Refresh {
        /// The name the tokens are kept under.
        #[arg(long, default_value = "default")]
        key: String,
    },
    /// Revoke the refresh tokens at Concur and forget them.
    Revoke {
        /// The name the tokens are kept under.
        #[arg(long, default_value = "default")]
        key: String,
    },
}

/// `triplink cr`.
#[derive(Debug, Subcommand)]
pub enum CrCommand {
    /// One page of pending connection requests.
    List {
        /// The name the tokens are kept under.
        #[arg(long, default_value = "default")]
        key: String,
        /// Requests per page, 1..=10.
        #[arg(long, default_value_t = 10)]
        limit: u32,
        /// Follow every page (nothing is PUT, so this reads the whole queue).
        #[arg(long)]
        all: bool,
        /// JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// One connection request.
    Get {
        /// The request id.
        id: String,
        /// The name the tokens are kept under.
        #[arg(long, default_value = "default")]
        key: String,
        /// JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// PUT a request's status (e.g. CRSUC, CREU1, CRRET).
    Put {
        /// The request id.
        id: String,
        /// The status code.
        status: String,
        /// The name the tokens are kept under.
        #[arg(long, default_value = "default")]
        key: String,
    },
}
