//! `triplink`, the operator's command line for SAP Concur TripLink: parses the command
//! (clap), runs it, and turns a failure into one line on stderr and a documented exit code.

mod args;
mod auto_connect_cmd;
mod config;
mod cr_cmd;
mod error;
mod keyring_store;
mod login_cmd;
mod logs;
mod members;
mod members_import;
mod report_file;
mod requests_cmd;
mod sandbox_cmd;
mod session;
mod shared_store;
mod travel_args;
mod trip_cmd;

use args::{Cli, Command};
use clap::{CommandFactory, Parser};
use error::CliError;

async fn dispatch(cli: &Cli) -> Result<(), CliError> {
    match &cli.command {
        Command::Sandbox(a) => sandbox_cmd::run(a).await,
        Command::AutoConnect(a) => {
            let report = auto_connect_cmd::run(cli, a).await?;
            match report.stopped {
                Some(reason) => Err(CliError::Stopped(reason)),
                None => Ok(()),
            }
        }
        Command::Login(a) => login_cmd::login(cli, a).await,
        Command::Token { command } => login_cmd::token(cli, command).await,
        Command::Cr { command } => cr_cmd::run(cli, command).await,
        Command::Trip { command } => trip_cmd::trip(cli, command).await,
        Command::Booking { command } => trip_cmd::booking(cli, command).await,
        Command::Requests { command } => requests_cmd::requests(cli, command).await,
        Command::Proposals { command } => requests_cmd::proposals(cli, command).await,
        Command::MembersImport(a) => members_import::run(a),
        Command::Completions { shell } => {
            let mut cmd = Cli::command();
            clap_complete::generate(*shell, &mut cmd, "triplink", &mut std::io::stdout());
            Ok(())
        }
    }
}

fn main() {
    let cli = Cli::parse();
    logs::init();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("triplink: cannot start the async runtime: {e}");
            std::process::exit(1);
        }
    };
    if let Err(e) = runtime.block_on(dispatch(&cli)) {
        // One line: the message's own line breaks folded.
        let line = e.to_string().replace('\n', " ");
        eprintln!("triplink: {line}");
        std::process::exit(e.exit_code());
    }
}
