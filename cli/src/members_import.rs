//! `triplink members-import`: a member list (CSV or JSONL) into a new SQLite member database
//! in one transaction, with a progress bar; `auto-connect --members FILE.sqlite` reads it.

use crate::args::MembersImportArgs;
use crate::error::{failed, CliError};
use crate::{auto_connect_cmd, members};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::time::Instant;

/// Runs the import.
pub fn run(args: &MembersImportArgs) -> Result<(), CliError> {
    if args.into.exists() {
        return Err(CliError::Failed(format!(
            "{}: already exists (the import makes a new database)",
            args.into.display()
        )));
    }
    let started = Instant::now();
    let list = members::read_list(&args.input)?;
    let read = started.elapsed();
    let conn = rusqlite::Connection::open(&args.into)
        .map_err(|e| failed(&args.into.display().to_string(), e))?;
    let bar = ProgressBar::with_draw_target(Some(list.len() as u64), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} members")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let policy = auto_connect_cmd::policy(args.policy);
    let loaded = members::load_db(conn, &policy, &list, || bar.inc(1));
    bar.finish_and_clear();
    if let Err(e) = loaded {
        // The transaction rolled back: leave no half-made file behind.
        let _ = std::fs::remove_file(&args.into);
        return Err(e);
    }
    println!(
        "{} members imported into {} (read {:.2?}, total {:.2?})",
        list.len(),
        args.into.display(),
        read,
        started.elapsed()
    );
    Ok(())
}
